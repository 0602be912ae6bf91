//! Each operation on the NRP example folder makes exactly the intended creates, updates and
//! deletes (as `plan` sees them between before and after).

use super::*;
use crate::diagnostic::Code;
use crate::plan::{Action, PlanOptions, plan};
use crate::{ConfigSet, Limits, Release};

fn example() -> ConfigSet {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/nrp/models-config"
    );
    let set = ConfigSet::load(&[folder], &Limits::default());
    assert!(set.problems().is_empty());
    set
}

/// The plan between two sets as (action, object), sorted.
fn changes(before: &ConfigSet, after: &ConfigSet) -> Vec<(Action, String)> {
    let options = PlanOptions {
        allow_mass_delete: true,
        ..PlanOptions::default()
    };
    let p = plan(before, after, &options).unwrap();
    let mut out: Vec<(Action, String)> = p
        .changes
        .iter()
        .map(|c| (c.action, c.object.to_string()))
        .collect();
    out.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then(format!("{:?}", a.0).cmp(&format!("{:?}", b.0)))
    });
    out
}

/// The object of `kind` named `name`.
fn find<'a>(set: &'a ConfigSet, kind: &str, name: &str) -> &'a crate::Object {
    set.objects()
        .iter()
        .find(|o| o.kind() == kind && o.name() == name)
        .unwrap()
}

fn ch(action: Action, object: &str) -> (Action, String) {
    (action, object.to_owned())
}

const NS: &str = "nrp-llm/envoy-ai-gateway-";

fn obj(kind: &str, short: &str) -> String {
    format!("{kind} {NS}{short}")
}

fn r() -> Release {
    Release::default()
}

fn first_error(d: &crate::Diagnostics) -> (Code, String, String) {
    let e = d.iter().find(|d| d.is_error()).unwrap();
    (
        e.code,
        e.message.clone(),
        e.hint.clone().unwrap_or_default(),
    )
}

#[test]
fn add_model_on_an_existing_backend_adds_only_the_rule() {
    let set = example();
    let a = AddModel::new("gemma-large", "envoy-ai-gateway-nrp-gemma")
        .with_upstream_model("google/gemma-3-27b-it")
        .with_timeout("300s")
        .with_owner("NRP");
    let done = add_model(&set, &a, r()).unwrap();
    assert_eq!(
        done.changes,
        ["added rule gemma-large to AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen"]
    );
    assert_eq!(
        changes(&set, &done.set),
        [ch(Action::Update, &obj("AIGatewayRoute", "nrp-qwen"))]
    );
    // The rule is the compiler's shape.
    let route = find(&done.set, "AIGatewayRoute", "envoy-ai-gateway-nrp-qwen");
    let rules = route.value()["spec"]["rules"].as_array().unwrap();
    assert_eq!(
        rules.last().unwrap(),
        &serde_json::json!({
            "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "gemma-large"}]}],
            "backendRefs": [{"name": "envoy-ai-gateway-nrp-gemma", "modelNameOverride": "google/gemma-3-27b-it"}],
            "timeouts": {"request": "300s"},
            "modelsOwnedBy": "NRP",
        })
    );
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    // Without a timeout and with another upstream name for the backend, the new rule gets
    // warnings: the operation's, not the folder's.
    let bare = AddModel::new("gemma-bare", "envoy-ai-gateway-nrp-gemma");
    let bare = add_model(&set, &bare, r()).unwrap();
    let mut codes: Vec<Code> = bare.warnings.iter().map(|d| d.code).collect();
    codes.sort();
    assert_eq!(codes, [Code::MISSING_TIMEOUT, Code::OVERRIDE_MISMATCH]);
    // Unchanged objects keep their origin; the changed route too.
    assert!(done.set.objects().iter().all(|o| o.origin().is_some()));
}

#[test]
fn add_model_with_a_new_backend_creates_it_and_its_key_target() {
    let set = example();
    let a = AddModel::new("qwen4", "envoy-ai-gateway-nrp-qwen4")
        .with_host("qwen4-vllm-inference.nrp-llm.svc.cluster.local", 5000)
        .with_upstream_model("Qwen/Qwen4")
        .with_key_secret("openai-apikey")
        .with_timeout("1200s")
        .with_route("envoy-ai-gateway-nrp-qwen");
    let done = add_model(&set, &a, r()).unwrap();
    assert_eq!(
        done.changes,
        [
            "created Backend nrp-llm/envoy-ai-gateway-nrp-qwen4 (qwen4-vllm-inference.nrp-llm.svc.cluster.local:5000)",
            "created AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-qwen4",
            "added rule qwen4 to AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen",
            "added target AIServiceBackend envoy-ai-gateway-nrp-qwen4 to BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
        ]
    );
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Update, &obj("AIGatewayRoute", "nrp-qwen")),
            ch(Action::Create, &obj("AIServiceBackend", "nrp-qwen4")),
            ch(Action::Create, &obj("Backend", "nrp-qwen4")),
            ch(Action::Update, &obj("BackendSecurityPolicy", "nrp-apikey")),
        ]
    );
    // New objects follow their siblings.
    let kinds: Vec<&str> = done.set.objects().iter().map(|o| o.kind()).collect();
    let at = kinds.iter().position(|k| *k == "AIServiceBackend").unwrap();
    assert!(
        kinds[at..]
            .iter()
            .take_while(|k| **k == "AIServiceBackend")
            .count()
            > 1
    );
}

#[test]
fn add_model_by_ip_opens_a_new_route_object_when_all_are_full() {
    let mut set = example();
    // Fill the qwen route object (8 rules) up to the limit of 15.
    for n in 0..7 {
        let a = AddModel::new(format!("filler-{n}"), "envoy-ai-gateway-nrp-gemma");
        set = add_model(&set, &a, r()).unwrap().set;
    }
    let a = AddModel::new("edge", "envoy-ai-gateway-edge").with_ip("198.51.100.30", 8000);
    let done = add_model(&set, &a, r()).unwrap();
    assert_eq!(
        done.changes,
        [
            "created AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-models-1 (parentRefs and llmRequestCosts as in AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general)",
            "created Backend nrp-llm/envoy-ai-gateway-edge (198.51.100.30:8000)",
            "created AIServiceBackend nrp-llm/envoy-ai-gateway-edge",
            "added rule edge to AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-models-1",
        ]
    );
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Create, &obj("AIGatewayRoute", "nrp-models-1")),
            ch(Action::Create, &obj("AIServiceBackend", "edge")),
            ch(Action::Create, &obj("Backend", "edge")),
        ]
    );
    let general = find(&set, "AIGatewayRoute", "envoy-ai-gateway-nrp-general");
    let new = find(&done.set, "AIGatewayRoute", "envoy-ai-gateway-nrp-models-1");
    for f in ["parentRefs", "llmRequestCosts"] {
        assert_eq!(new.value()["spec"][f], general.value()["spec"][f], "{f}");
    }
}

#[test]
fn add_model_refusals_name_the_problem() {
    let set = example();
    let cases: Vec<(AddModel, Code, &str, &str)> = vec![
        (
            AddModel::new("qwen3", "envoy-ai-gateway-nrp-qwen"),
            Code::DUPLICATE_MODEL,
            "model \"qwen3\" is already routed by AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen",
            "model set",
        ),
        (
            AddModel::new("m", "envoy-ai-gateway-nrp-gemma")
                .with_route("envoy-ai-gateway-nrp-general"),
            Code::RULE_LIMIT,
            "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general already has 15 rules; one AIGatewayRoute holds at most 15",
            "leave out --route",
        ),
        (
            AddModel::new("m", "envoy-ai-gateway-nrp-gemma").with_route("envoy-ai-gateway-nrp-qwn"),
            Code::INVALID_REFERENCE,
            "AIGatewayRoute envoy-ai-gateway-nrp-qwn does not exist",
            "did you mean \"envoy-ai-gateway-nrp-qwen\"?",
        ),
        (
            AddModel::new("m", "envoy-ai-gateway-nrp-new"),
            Code::REQUIRED,
            "AIServiceBackend envoy-ai-gateway-nrp-new does not exist, and a new one needs an endpoint",
            "--host H --port P",
        ),
        (
            AddModel::new("m", "envoy-ai-gateway-nrp-gemma").with_host("elsewhere.example.org", 80),
            Code::INVALID_REFERENCE,
            "Backend nrp-llm/envoy-ai-gateway-nrp-gemma exists with another endpoint than elsewhere.example.org:80",
            "leave out --host",
        ),
        (
            AddModel {
                port: Some(80),
                ..AddModel::new("m", "b")
            },
            Code::REQUIRED,
            "a port needs --host or --ip",
            "add --host or --ip",
        ),
    ];
    for (a, code, message, hint) in cases {
        let err = add_model(&set, &a, r()).unwrap_err();
        let (c, m, h) = first_error(&err);
        assert_eq!((c, m.as_str()), (code, message), "{a:?}");
        assert!(h.contains(hint), "{h}");
    }
}

#[test]
fn add_model_with_an_endpoint_matching_the_existing_backend_reuses_it() {
    let set = example();
    let a = AddModel::new("gemma-2", "envoy-ai-gateway-nrp-gemma")
        .with_host("gemma-vllm-inference.nrp-llm.svc.cluster.local", 5000);
    let done = add_model(&set, &a, r()).unwrap();
    assert_eq!(
        changes(&set, &done.set),
        [ch(Action::Update, &obj("AIGatewayRoute", "nrp-qwen"))]
    );
}

#[test]
fn an_operation_whose_result_is_invalid_fails_with_the_validation_errors() {
    let set = example();
    let a = AddModel::new("m", "envoy-ai-gateway-nrp-gemma").with_timeout("forever");
    let err = add_model(&set, &a, r()).unwrap_err();
    assert!(err.has_errors());
    assert!(
        err.iter()
            .any(|d| d.path.to_string().contains("timeouts.request")),
        "{err}"
    );
}

#[test]
fn remove_model_removes_what_only_it_used() {
    let set = example();
    let done = remove_model(&set, "kimi", r()).unwrap();
    assert_eq!(
        done.changes,
        [
            "removed rule kimi from AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general",
            "removed AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-kimi (no rule uses it)",
            "removed Backend nrp-llm/envoy-ai-gateway-nrp-kimi (no AIServiceBackend uses it)",
            "removed target AIServiceBackend envoy-ai-gateway-nrp-kimi from BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
            "removed QuotaPolicy nrp-llm/envoy-ai-gateway-nrp-kimi (no targets left)",
        ]
    );
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Update, &obj("AIGatewayRoute", "nrp-general")),
            ch(Action::Delete, &obj("AIServiceBackend", "nrp-kimi")),
            ch(Action::Delete, &obj("Backend", "nrp-kimi")),
            ch(Action::Update, &obj("BackendSecurityPolicy", "nrp-apikey")),
            ch(Action::Delete, &obj("QuotaPolicy", "nrp-kimi")),
        ]
    );
}

#[test]
fn remove_model_keeps_backends_other_rules_use() {
    let set = example();
    for model in ["gpt-oss", "qwen3-nairr", "gpt-oss-combined"] {
        let done = remove_model(&set, model, r()).unwrap();
        assert_eq!(done.changes.len(), 1, "{model}: {:?}", done.changes);
        assert_eq!(changes(&set, &done.set).len(), 1, "{model}");
    }
}

#[test]
fn removing_every_model_of_a_route_object_and_a_key_removes_them() {
    let mut set = example();
    let before = set.clone();
    for model in [
        "qwen3",
        "qwen3-combined",
        "qwen3-coder",
        "qwen3-embedding",
        "qwen3-guard",
        "qwen3-small",
        "qwen3-vl",
        "qwen3-nairr",
        "deepseek-r1",
        "gpt-oss-nairr",
        "gpt-oss-combined",
        "llama3",
    ] {
        let done = remove_model(&set, model, r()).unwrap();
        set = done.set;
        if model == "qwen3-nairr" {
            assert!(
                done.changes.contains(
                    &"removed AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen (no rules left)"
                        .to_owned()
                ),
                "{:?}",
                done.changes
            );
        }
        if model == "llama3" {
            assert!(
                done.changes.contains(
                    &"removed BackendSecurityPolicy nrp-llm/envoy-ai-gateway-sdsc-nairr-apikey (no targets left)"
                        .to_owned()
                ),
                "{:?}",
                done.changes
            );
        }
    }
    let p = changes(&before, &set);
    assert!(p.contains(&ch(Action::Delete, &obj("AIGatewayRoute", "nrp-qwen"))));
    assert!(p.contains(&ch(
        Action::Delete,
        "BackendSecurityPolicy nrp-llm/envoy-ai-gateway-sdsc-nairr-apikey"
    )));
    assert_eq!(crate::validate(&set, r()).error_count(), 0);
}

#[test]
fn remove_model_of_a_shared_rule_drops_only_its_match() {
    let text = r"apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {name: r, namespace: ns}
spec:
  parentRefs: [{name: gw, kind: Gateway, group: gateway.networking.k8s.io}]
  rules:
  - matches:
    - headers: [{type: Exact, name: x-ai-eg-model, value: a}]
    - headers: [{type: Exact, name: x-ai-eg-model, value: b}]
    backendRefs: [{name: be}]
    timeouts: {request: 60s}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata: {name: be, namespace: ns}
spec:
  schema: {name: OpenAI}
  backendRef: {name: be, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: be, namespace: ns}
spec:
  endpoints: [{fqdn: {hostname: be.example.org, port: 80}}]
";
    let set = ConfigSet::from_objects(
        crate::document::parse_str(text, "x.yaml", &Limits::default()).unwrap(),
    );
    let done = remove_model(&set, "a", r()).unwrap();
    assert_eq!(
        done.changes,
        ["removed model a from a rule of AIGatewayRoute ns/r (the rule still serves b)"]
    );
    let rule = &done.set.objects()[0].value()["spec"]["rules"][0];
    assert_eq!(rule["matches"].as_array().unwrap().len(), 1);
    assert_eq!(rule["matches"][0]["headers"][0]["value"], "b");
}

#[test]
fn remove_model_of_an_unknown_model_suggests_a_close_one() {
    let err = remove_model(&example(), "kimii", r()).unwrap_err();
    let (code, message, hint) = first_error(&err);
    assert_eq!(code, Code::INVALID_REFERENCE);
    assert_eq!(message, "no rule routes model \"kimii\"");
    assert_eq!(hint, "did you mean \"kimi\"?");
}

#[test]
fn set_model_changes_only_the_rule() {
    let set = example();
    let s = SetModel {
        upstream_model: Some("moonshotai/Kimi-K3".into()),
        owner: Some("Moonshot".into()),
        timeout: Some("600s".into()),
        ..SetModel::default()
    };
    let done = set_model(&set, "kimi", &s, r()).unwrap();
    let what = "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general, model kimi";
    assert_eq!(
        done.changes,
        [
            format!("{what}: modelNameOverride of envoy-ai-gateway-nrp-kimi \"moonshotai/Kimi-K2-Thinking\" → \"moonshotai/Kimi-K3\""),
            format!("{what}: modelsOwnedBy \"NRP\" → \"Moonshot\""),
            format!("{what}: timeouts.request \"1200s\" → \"600s\""),
            "QuotaPolicy nrp-llm/envoy-ai-gateway-nrp-kimi: the quota for model \"moonshotai/Kimi-K2-Thinking\" is now for \"moonshotai/Kimi-K3\"".to_owned(),
        ]
    );
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Update, &obj("AIGatewayRoute", "nrp-general")),
            ch(Action::Update, &obj("QuotaPolicy", "nrp-kimi")),
        ]
    );
    // Setting the same values again changes nothing.
    let again = set_model(&done.set, "kimi", &s, r()).unwrap();
    assert!(again.changes.is_empty());
    assert!(changes(&done.set, &again.set).is_empty());
}

#[test]
fn set_model_backend_cleans_up_the_backend_left_unused() {
    let set = example();
    let s = SetModel {
        backend: Some("envoy-ai-gateway-nrp-glm".into()),
        ..SetModel::default()
    };
    let done = set_model(&set, "kimi", &s, r()).unwrap();
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Update, &obj("AIGatewayRoute", "nrp-general")),
            ch(Action::Delete, &obj("AIServiceBackend", "nrp-kimi")),
            ch(Action::Delete, &obj("Backend", "nrp-kimi")),
            ch(Action::Update, &obj("BackendSecurityPolicy", "nrp-apikey")),
            ch(Action::Delete, &obj("QuotaPolicy", "nrp-kimi")),
        ]
    );
    assert_eq!(
        done.changes[0],
        "AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-general, model kimi: backends envoy-ai-gateway-nrp-kimi → envoy-ai-gateway-nrp-glm"
    );
}

#[test]
fn set_model_members_of_a_combined_model() {
    let set = example();
    let s = SetModel {
        members: vec![
            "envoy-ai-gateway-nrp-gpt-oss".into(),
            "envoy-ai-gateway-nrp-gpt-oss-small".into(),
        ],
        ..SetModel::default()
    };
    let done = set_model(&set, "gpt-oss-combined", &s, r()).unwrap();
    assert_eq!(
        changes(&set, &done.set),
        [ch(Action::Update, &obj("AIGatewayRoute", "nrp-general"))]
    );
    let route = find(&done.set, "AIGatewayRoute", "envoy-ai-gateway-nrp-general");
    let rule = route.value()["spec"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["matches"][0]["headers"][0]["value"] == "gpt-oss-combined")
        .unwrap();
    assert_eq!(
        rule["backendRefs"],
        serde_json::json!([
            {"name": "envoy-ai-gateway-nrp-gpt-oss", "modelNameOverride": "openai/gpt-oss-120b"},
            {"name": "envoy-ai-gateway-nrp-gpt-oss-small", "modelNameOverride": "openai/gpt-oss-120b"},
        ])
    );
}

#[test]
fn set_model_refusals() {
    let set = example();
    let nothing = set_model(&set, "kimi", &SetModel::default(), r()).unwrap_err();
    assert_eq!(first_error(&nothing).1, "nothing to change");
    let unknown = SetModel {
        backend: Some("envoy-ai-gateway-nrp-glmm".into()),
        ..SetModel::default()
    };
    let err = set_model(&set, "kimi", &unknown, r()).unwrap_err();
    assert_eq!(
        first_error(&err),
        (
            Code::INVALID_REFERENCE,
            "AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-glmm does not exist".to_owned(),
            "did you mean \"envoy-ai-gateway-nrp-glm\"?".to_owned()
        )
    );
    let both = SetModel {
        backend: Some("a".into()),
        members: vec!["b".into()],
        ..SetModel::default()
    };
    assert_eq!(
        first_error(&set_model(&set, "kimi", &both, r()).unwrap_err()).0,
        Code::REQUIRED
    );
}

#[test]
fn rotate_key_moves_backends_and_removes_an_emptied_policy() {
    let set = example();
    let sdsc: Vec<String> = ["deepseek", "gpt-oss", "llama3", "qwen3"]
        .iter()
        .map(|b| format!("envoy-ai-gateway-sdsc-nairr-{b}"))
        .collect();
    let done = rotate_key(&set, "openai-apikey", &sdsc, r()).unwrap();
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Update, &obj("BackendSecurityPolicy", "nrp-apikey")),
            ch(
                Action::Delete,
                "BackendSecurityPolicy nrp-llm/envoy-ai-gateway-sdsc-nairr-apikey"
            ),
        ]
    );
    assert_eq!(
        done.changes.last().unwrap(),
        "added target AIServiceBackend envoy-ai-gateway-sdsc-nairr-qwen3 to BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey"
    );
    // Rotating again changes nothing.
    let again = rotate_key(&done.set, "openai-apikey", &sdsc, r()).unwrap();
    assert!(again.changes.is_empty(), "{:?}", again.changes);
}

#[test]
fn rotate_key_splits_a_full_policy() {
    let set = example();
    let backends: Vec<String> = [
        "sdsc-nairr-deepseek",
        "sdsc-nairr-gpt-oss",
        "sdsc-nairr-llama3",
        "sdsc-nairr-qwen3",
        "nrp-gemma-small",
        "nrp-gpt-oss-small",
        "nrp-granite",
        "nrp-mistral-small",
        "nrp-phi4",
        "nrp-qwen3-embedding",
        "nrp-qwen3-guard",
    ]
    .iter()
    .map(|b| format!("envoy-ai-gateway-{b}"))
    .collect();
    let done = rotate_key(&set, "openai-apikey", &backends, r()).unwrap();
    assert_eq!(
        changes(&set, &done.set),
        [
            ch(Action::Update, &obj("BackendSecurityPolicy", "nrp-apikey")),
            ch(
                Action::Create,
                &obj("BackendSecurityPolicy", "nrp-apikey-2")
            ),
            ch(
                Action::Delete,
                "BackendSecurityPolicy nrp-llm/envoy-ai-gateway-sdsc-nairr-apikey"
            ),
        ]
    );
    let count = |name: &str| {
        done.set
            .objects()
            .iter()
            .find(|o| o.name() == name)
            .map(|o| o.value()["spec"]["targetRefs"].as_array().unwrap().len())
    };
    assert_eq!(count("envoy-ai-gateway-nrp-apikey"), Some(16));
    assert_eq!(count("envoy-ai-gateway-nrp-apikey-2"), Some(5));
}

#[test]
fn rotate_key_refusals() {
    let set = example();
    let none = rotate_key(&set, "k", &[], r()).unwrap_err();
    assert_eq!(first_error(&none).0, Code::REQUIRED);
    let typo = rotate_key(&set, "k", &["envoy-ai-gateway-nrp-kimii".into()], r()).unwrap_err();
    assert_eq!(
        first_error(&typo).2,
        "did you mean \"envoy-ai-gateway-nrp-kimi\"?"
    );
}

#[test]
fn new_objects_take_the_folder_api_version() {
    use crate::resources::convert::{AiGatewayVersion, convert_value};
    let v1beta1 = ConfigSet::from_objects(example().objects().iter().map(|o| {
        match convert_value(o.value(), AiGatewayVersion::V1beta1).unwrap() {
            Some(v) => crate::Object::new(v),
            None => o.clone(),
        }
    }));
    let a = AddModel::new("edge", "envoy-ai-gateway-edge")
        .with_ip("198.51.100.30", 8000)
        .with_key_secret("edge-key");
    let done = add_model(&v1beta1, &a, r()).unwrap();
    for (kind, name) in [
        ("AIServiceBackend", "envoy-ai-gateway-edge"),
        ("BackendSecurityPolicy", "envoy-ai-gateway-nrp-edge-key"),
    ] {
        assert_eq!(
            find(&done.set, kind, name).api_version(),
            "aigateway.envoyproxy.io/v1beta1",
            "{kind}"
        );
    }
    assert_eq!(
        find(&done.set, "Backend", "envoy-ai-gateway-edge").api_version(),
        "gateway.envoyproxy.io/v1alpha1"
    );
}

#[test]
fn objects_without_a_namespace_get_new_objects_without_one() {
    let text = r"apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw, kind: Gateway, group: gateway.networking.k8s.io}]
  rules:
  - matches:
    - headers: [{type: Exact, name: x-ai-eg-model, value: a}]
    backendRefs: [{name: be}]
    timeouts: {request: 60s}
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata: {name: be}
spec:
  schema: {name: OpenAI}
  backendRef: {name: be, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: be}
spec:
  endpoints: [{fqdn: {hostname: be.example.org, port: 80}}]
";
    let set = ConfigSet::from_objects(
        crate::document::parse_str(text, "x.yaml", &Limits::default()).unwrap(),
    );
    let a = AddModel::new("b", "be2")
        .with_host("be2.example.org", 80)
        .with_key_secret("k")
        .with_timeout("60s");
    let done = add_model(&set, &a, r()).unwrap();
    assert_eq!(done.set.len(), 6);
    for o in done.set.objects() {
        assert_eq!(o.namespace(), None, "{}", o.name());
    }
    let policy = find(&done.set, "BackendSecurityPolicy", "envoy-ai-gateway-nrp-k");
    assert_eq!(
        policy.value()["spec"]["apiKey"]["secretRef"],
        serde_json::json!({"name": "k"})
    );
}
