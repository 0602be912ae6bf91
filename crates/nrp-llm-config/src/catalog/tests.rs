//! Tests of the catalog module.

use super::*;
use crate::document::parse_str;
use crate::validate::validate;
use crate::{ObjectRef, Severity};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The objects of the NRP admin guide, written as the guide shows them (plus the SDSC
/// AIServiceBackend/Backend the guide's routes name).
const GUIDE: &str = r#"apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: envoy-ai-gateway-nrp-qwen
  namespace: nrp-llm
spec:
  llmRequestCosts:
    - metadataKey: llm_input_token
      type: InputToken # Counts tokens in the request
    - metadataKey: llm_output_token
      type: OutputToken # Counts tokens in the response
    - metadataKey: llm_total_token
      type: TotalToken # Tracks combined usage
  parentRefs:
    - name: envoy-ai-gateway-nrp
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: qwen3
      backendRefs:
        - name: envoy-ai-gateway-nrp-qwen
          modelNameOverride: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
      timeouts:
        request: 1200s
      modelsOwnedBy: "NRP"
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: qwen3-nairr
      backendRefs:
        - name: envoy-ai-gateway-sdsc-nairr-qwen3
          modelNameOverride: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
      timeouts:
        request: 1200s
      modelsOwnedBy: "SDSC"
    # Multiple backendRefs do round-robin
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: qwen3-combined
      backendRefs:
        - name: envoy-ai-gateway-nrp-qwen
          modelNameOverride: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
        - name: envoy-ai-gateway-sdsc-nairr-qwen3
          modelNameOverride: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
      timeouts:
        request: 1200s
      modelsOwnedBy: "NRP"
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: envoy-ai-gateway-nrp-qwen
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    name: envoy-ai-gateway-nrp-qwen
    kind: Backend
    group: gateway.envoyproxy.io
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: envoy-ai-gateway-sdsc-nairr-qwen3
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    name: envoy-ai-gateway-sdsc-nairr-qwen3
    kind: Backend
    group: gateway.envoyproxy.io
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: envoy-ai-gateway-nrp-qwen
  namespace: nrp-llm
spec:
  endpoints:
    - fqdn:
        hostname: qwen-vllm-inference.nrp-llm.svc.cluster.local
        port: 5000
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: envoy-ai-gateway-sdsc-nairr-qwen3
  namespace: nrp-llm
spec:
  endpoints:
    - fqdn:
        hostname: qwen3.nairr.sdsc.edu
        port: 443
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata:
  name: envoy-ai-gateway-nrp-apikey
  namespace: nrp-llm
spec:
  type: APIKey
  apiKey:
    secretRef:
      name: openai-apikey
      namespace: nrp-llm
  targetRefs:
    - name: envoy-ai-gateway-nrp-qwen
      kind: AIServiceBackend
      group: aigateway.envoyproxy.io
"#;

fn guide_set() -> ConfigSet {
    let objs = parse_str(GUIDE, "guide.yaml", &Limits::default()).unwrap();
    ConfigSet::from_objects(objs)
}

fn by_ref(set: &ConfigSet) -> BTreeMap<ObjectRef, Value> {
    set.objects()
        .iter()
        .map(|o| (o.object_ref().unwrap(), o.value().clone()))
        .collect()
}

fn errors(set: &ConfigSet, release: Release) -> Vec<String> {
    validate(set, release)
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect()
}

fn route_models(set: &ConfigSet) -> BTreeMap<String, Vec<String>> {
    set.objects()
        .iter()
        .filter(|o| o.kind() == "AIGatewayRoute")
        .map(|o| {
            let models = o.value()["spec"]["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r["matches"][0]["headers"][0]["value"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect();
            (o.name().to_owned(), models)
        })
        .collect()
}

/// A catalog of `n` models, each with its own backend; every third backend uses a secret.
fn catalog_of(n: usize) -> Catalog {
    let mut c = Catalog::builder()
        .gateway(
            GatewaySettings::builder()
                .namespace("nrp-llm")
                .parent_ref("envoy-ai-gateway-nrp")
                .llm_request_costs(LlmRequestCost::nrp_defaults())
                .default_timeout("1200s")
                .default_owner("NRP")
                .build(),
        )
        .build();
    for i in 0..n {
        add_numbered(&mut c, i);
    }
    c
}

fn add_numbered(c: &mut Catalog, i: usize) {
    let backend = format!("backend-{i}");
    let mut b = BackendSpec::builder()
        .name(backend.clone())
        .endpoint(Endpoint::fqdn(
            format!("model-{i}.nrp-llm.svc.cluster.local"),
            8000,
        ))
        .build();
    if i.is_multiple_of(3) {
        b.api_key_secret = Some("openai-apikey".into());
    }
    c.add_backend(b);
    c.add_model(
        Model::builder()
            .name(format!("model-{i}"))
            .upstream(format!("org/Model-{i}"))
            .backends(vec![backend.into()])
            .build(),
    );
}

#[test]
fn guide_validates_as_written() {
    let set = guide_set();
    assert_eq!(set.len(), 6);
    assert_eq!(errors(&set, Release::V1_1), Vec::<String>::new());
}

#[test]
fn guide_imports_into_a_small_catalog() {
    let set = guide_set();
    let (catalog, diags) = Catalog::import(&set);
    assert!(diags.is_empty(), "{diags:?}");
    assert!(catalog.check().is_empty(), "{:?}", catalog.check());
    let g = &catalog.gateway;
    assert_eq!(g.namespace, "nrp-llm");
    assert_eq!(g.parent_ref.name, "envoy-ai-gateway-nrp");
    assert_eq!(g.llm_request_costs, LlmRequestCost::nrp_defaults());
    assert_eq!(g.default_timeout.as_deref(), Some("1200s"));
    assert_eq!(g.default_owner.as_deref(), Some("NRP"));
    assert_eq!(g.route_names, vec!["envoy-ai-gateway-nrp-qwen".to_owned()]);
    // The Secret is named once, in `apiKeys`; the backend names the key.
    assert!(g.policy_names.is_empty());
    assert_eq!(
        catalog.api_keys,
        [ApiKey::builder()
            .name("envoy-ai-gateway-nrp-apikey")
            .secret("openai-apikey")
            .build()]
    );
    assert_eq!(catalog.backends.len(), 2);
    assert_eq!(
        catalog.backends[0].api_key.as_deref(),
        Some("envoy-ai-gateway-nrp-apikey")
    );
    assert_eq!(catalog.backends[0].api_key_secret, None);
    assert_eq!(catalog.backends[1].api_key, None);
    assert_eq!(
        catalog.backends[1].endpoint,
        Endpoint::fqdn("qwen3.nairr.sdsc.edu", 443)
    );
    let names: Vec<&str> = catalog.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["qwen3", "qwen3-nairr", "qwen3-combined"]);
    let combined = catalog.model("qwen3-combined").unwrap();
    assert_eq!(
        combined
            .backends
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>(),
        [
            "envoy-ai-gateway-nrp-qwen",
            "envoy-ai-gateway-sdsc-nairr-qwen3"
        ]
    );
    assert!(combined.backends.iter().all(ModelBackend::is_plain));
    assert_eq!(
        combined.upstream.as_deref(),
        Some("Qwen/Qwen3-235B-A22B-Thinking-2507-FP8")
    );
    assert_eq!(combined.owner, None);
    assert_eq!(
        catalog.model("qwen3-nairr").unwrap().owner.as_deref(),
        Some("SDSC")
    );
    assert!(
        catalog
            .models
            .iter()
            .all(|m| m.route.as_deref() == Some("envoy-ai-gateway-nrp-qwen") && m.timeout.is_none())
    );
}

#[test]
fn guide_round_trips_through_import_and_compile() {
    let set = guide_set();
    let (catalog, _) = Catalog::import(&set);
    for release in Release::ALL {
        let out = catalog.compile(Some(&set), release).unwrap();
        assert_eq!(by_ref(&out), by_ref(&set), "release {release}");
        assert_eq!(errors(&out, release), Vec::<String>::new());
    }
    // Without the current state the result is the same: the models are pinned.
    assert_eq!(
        by_ref(&catalog.compile(None, Release::V1_1).unwrap()),
        by_ref(&set)
    );
    // The catalog text round-trips too.
    let text = catalog.to_yaml();
    let again = Catalog::from_yaml_str(&text, "catalog.yaml").unwrap();
    assert_eq!(again, catalog);
    assert!(text.contains("- envoy-ai-gateway-nrp-qwen\n"), "{text}");
}

#[test]
fn guide_catalog_text_compiles_to_the_guide_objects() {
    let text = r"apiVersion: nrp-llm-config/v1
kind: Catalog
gateway:
  namespace: nrp-llm
  parentRef: {name: envoy-ai-gateway-nrp}
  llmRequestCosts:
  - {metadataKey: llm_input_token, type: InputToken}
  - {metadataKey: llm_output_token, type: OutputToken}
  - {metadataKey: llm_total_token, type: TotalToken}
  routeNames: [envoy-ai-gateway-nrp-qwen]
  policyNames: {openai-apikey: envoy-ai-gateway-nrp-apikey}
  defaultTimeout: 1200s
  defaultOwner: NRP
backends:
- name: envoy-ai-gateway-nrp-qwen
  endpoint: {fqdn: qwen-vllm-inference.nrp-llm.svc.cluster.local, port: 5000}
  apiKeySecret: openai-apikey
- name: envoy-ai-gateway-sdsc-nairr-qwen3
  endpoint: {fqdn: qwen3.nairr.sdsc.edu, port: 443}
  schema: OpenAI
models:
- name: qwen3
  upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
  backends: [envoy-ai-gateway-nrp-qwen]
- name: qwen3-nairr
  upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
  owner: SDSC
  backends: [envoy-ai-gateway-sdsc-nairr-qwen3]
- name: qwen3-combined
  upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
  backends:
  - envoy-ai-gateway-nrp-qwen
  - {name: envoy-ai-gateway-sdsc-nairr-qwen3}
";
    let catalog = Catalog::from_yaml_str(text, "catalog.yaml").unwrap();
    let out = catalog.compile(None, Release::V0_4).unwrap();
    assert_eq!(by_ref(&out), by_ref(&guide_set()));
    // Upstream field order, as the guide writes it.
    let route = out.objects()[0].value();
    let keys: Vec<&String> = route["spec"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["llmRequestCosts", "parentRefs", "rules"]);
    let rule_keys: Vec<&String> = route["spec"]["rules"][0]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        rule_keys,
        ["matches", "backendRefs", "timeouts", "modelsOwnedBy"]
    );
}

#[test]
fn forty_models_shard_into_route_objects_of_at_most_15_rules() {
    let catalog = catalog_of(40);
    let out = catalog.compile(None, Release::V1_1).unwrap();
    let routes = route_models(&out);
    assert!(routes.len() >= 3, "{routes:?}");
    assert!(routes.values().all(|r| r.len() <= 15));
    let mut all: Vec<String> = routes.values().flatten().cloned().collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 40);
    assert_eq!(
        routes.keys().cloned().collect::<Vec<_>>(),
        [
            "envoy-ai-gateway-nrp-models-1",
            "envoy-ai-gateway-nrp-models-2",
            "envoy-ai-gateway-nrp-models-3"
        ]
    );
    // 14 backends use the secret: one policy, no split needed.
    assert_eq!(
        out.objects()
            .iter()
            .filter(|o| o.kind() == "BackendSecurityPolicy")
            .count(),
        1
    );
    assert_eq!(errors(&out, Release::V1_1), Vec::<String>::new());
    assert_eq!(errors(&out, Release::V0_3), Vec::<String>::new());
}

#[test]
fn policies_split_above_16_targets() {
    let catalog = catalog_of(60); // 20 backends use the secret
    let out = catalog.compile(None, Release::V1_1).unwrap();
    let policies: Vec<(String, usize)> = out
        .objects()
        .iter()
        .filter(|o| o.kind() == "BackendSecurityPolicy")
        .map(|o| {
            (
                o.name().to_owned(),
                o.value()["spec"]["targetRefs"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        policies,
        [
            ("envoy-ai-gateway-nrp-openai-apikey".to_owned(), 16),
            ("envoy-ai-gateway-nrp-openai-apikey-2".to_owned(), 4)
        ]
    );
    assert_eq!(errors(&out, Release::V1_1), Vec::<String>::new());
    // Split policies import back and compile to the same objects.
    let (imported, diags) = Catalog::import(&out);
    assert!(diags.is_empty(), "{diags:?}");
    let again = imported.compile(Some(&out), Release::V1_1).unwrap();
    assert_eq!(by_ref(&again), by_ref(&out));
}

#[test]
fn adding_a_model_changes_exactly_one_route_object() {
    let mut catalog = catalog_of(20); // route objects of 15 and 5 rules
    let old = catalog.compile(None, Release::V1_1).unwrap();
    add_numbered(&mut catalog, 20);
    let new = catalog.compile(Some(&old), Release::V1_1).unwrap();
    let (old_map, new_map) = (by_ref(&old), by_ref(&new));
    let changed: Vec<&ObjectRef> = new_map
        .iter()
        .filter(|(r, v)| old_map.get(*r).is_some_and(|o| o != *v))
        .map(|(r, _)| r)
        .collect();
    let added: Vec<String> = new_map
        .keys()
        .filter(|r| !old_map.contains_key(*r))
        .map(|r| format!("{} {}", r.kind, r.name))
        .collect();
    let removed = old_map.keys().filter(|r| !new_map.contains_key(*r)).count();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].kind, "AIGatewayRoute");
    assert_eq!(changed[0].name, "envoy-ai-gateway-nrp-models-2");
    assert_eq!(added, ["AIServiceBackend backend-20", "Backend backend-20"]);
    assert_eq!(removed, 0);
    let routes = route_models(&new);
    assert_eq!(routes["envoy-ai-gateway-nrp-models-2"].len(), 6);
    assert_eq!(
        routes["envoy-ai-gateway-nrp-models-2"]
            .last()
            .map(String::as_str),
        Some("model-20")
    );
    assert_eq!(errors(&new, Release::V1_1), Vec::<String>::new());
}

#[test]
fn adding_a_model_with_a_secret_updates_its_policy() {
    let mut catalog = catalog_of(20);
    let old = catalog.compile(None, Release::V1_1).unwrap();
    add_numbered(&mut catalog, 21); // 21 % 3 == 0: uses the secret
    let new = catalog.compile(Some(&old), Release::V1_1).unwrap();
    let (old_map, new_map) = (by_ref(&old), by_ref(&new));
    let mut changed: Vec<&str> = new_map
        .iter()
        .filter(|(r, v)| old_map.get(*r).is_some_and(|o| o != *v))
        .map(|(r, _)| r.kind.as_str())
        .collect();
    changed.sort_unstable();
    assert_eq!(changed, ["AIGatewayRoute", "BackendSecurityPolicy"]);
}

#[test]
fn removing_a_model_frees_its_slot_without_moving_others() {
    let mut catalog = catalog_of(20);
    let old = catalog.compile(None, Release::V1_1).unwrap();
    let before = route_models(&old);
    assert!(catalog.remove_model("model-3"));
    let mid = catalog.compile(Some(&old), Release::V1_1).unwrap();
    let after = route_models(&mid);
    let expected: Vec<String> = before["envoy-ai-gateway-nrp-models-1"]
        .iter()
        .filter(|m| *m != "model-3")
        .cloned()
        .collect();
    assert_eq!(after["envoy-ai-gateway-nrp-models-1"], expected);
    assert_eq!(
        after["envoy-ai-gateway-nrp-models-2"],
        before["envoy-ai-gateway-nrp-models-2"]
    );
    // The next new model takes the freed slot in the first route object.
    add_numbered(&mut catalog, 30);
    let new = catalog.compile(Some(&mid), Release::V1_1).unwrap();
    let routes = route_models(&new);
    assert_eq!(routes["envoy-ai-gateway-nrp-models-1"].len(), 15);
    assert_eq!(
        routes["envoy-ai-gateway-nrp-models-1"]
            .last()
            .map(String::as_str),
        Some("model-30")
    );
    assert_eq!(
        routes["envoy-ai-gateway-nrp-models-2"],
        before["envoy-ai-gateway-nrp-models-2"]
    );
}

#[test]
fn reordering_the_catalog_keeps_rule_positions() {
    let mut catalog = catalog_of(20);
    let old = catalog.compile(None, Release::V1_1).unwrap();
    catalog.models.reverse();
    catalog.backends.reverse();
    let new = catalog.compile(Some(&old), Release::V1_1).unwrap();
    assert_eq!(route_models(&new), route_models(&old));
}

#[test]
fn a_route_object_left_empty_is_not_emitted() {
    let mut catalog = catalog_of(16);
    let old = catalog.compile(None, Release::V1_1).unwrap();
    assert_eq!(route_models(&old).len(), 2);
    assert!(catalog.remove_model("model-15"));
    let new = catalog.compile(Some(&old), Release::V1_1).unwrap();
    assert_eq!(
        route_models(&new).keys().cloned().collect::<Vec<_>>(),
        ["envoy-ai-gateway-nrp-models-1"]
    );
}

#[test]
fn route_names_are_filled_in_order() {
    let mut catalog = catalog_of(17);
    catalog.gateway.route_names = vec![
        "envoy-ai-gateway-nrp-qwen".into(),
        "envoy-ai-gateway-nrp-general".into(),
    ];
    let out = catalog.compile(None, Release::V1_1).unwrap();
    let routes = route_models(&out);
    assert_eq!(routes["envoy-ai-gateway-nrp-qwen"].len(), 15);
    assert_eq!(routes["envoy-ai-gateway-nrp-general"].len(), 2);
}

#[test]
fn pinning_too_many_models_to_one_route_object_fails() {
    let mut catalog = catalog_of(16);
    for m in &mut catalog.models {
        m.route = Some("envoy-ai-gateway-nrp-qwen".into());
    }
    let err = catalog.compile(None, Release::V1_1).unwrap_err();
    assert_eq!(err[0].code, Code::RULE_LIMIT);
}

#[test]
fn weights_priorities_and_per_backend_overrides_compile() {
    let mut catalog = catalog_of(2);
    catalog.add_model(
        Model::builder()
            .name("mixed")
            .upstream("org/Shared")
            .backends(vec![
                ModelBackend::builder().name("backend-0").weight(3).build(),
                ModelBackend::builder()
                    .name("backend-1")
                    .priority(1)
                    .upstream("other/Name")
                    .build(),
            ])
            .timeout("30m")
            .owner("SDSC")
            .build(),
    );
    let out = catalog.compile(None, Release::V1_1).unwrap();
    let route = &out.objects()[0];
    let rule = &route.value()["spec"]["rules"][2];
    assert_eq!(
        rule["backendRefs"],
        json!([
            {"name": "backend-0", "modelNameOverride": "org/Shared", "weight": 3},
            {"name": "backend-1", "modelNameOverride": "other/Name", "priority": 1}
        ])
    );
    assert_eq!(rule["timeouts"], json!({"request": "30m"}));
    assert_eq!(rule["modelsOwnedBy"], json!("SDSC"));
    // And back.
    let (imported, diags) = Catalog::import(&out);
    assert!(diags.is_empty(), "{diags:?}");
    let m = imported.model("mixed").unwrap();
    assert_eq!(m.upstream, None);
    assert_eq!(m.backends[0].weight, Some(3));
    assert_eq!(m.backends[0].upstream.as_deref(), Some("org/Shared"));
    assert_eq!(m.backends[1].upstream.as_deref(), Some("other/Name"));
    assert_eq!(
        by_ref(&imported.compile(Some(&out), Release::V1_1).unwrap()),
        by_ref(&out)
    );
}

#[test]
fn ip_endpoints_and_v1beta1_output() {
    let mut catalog = catalog_of(1);
    catalog.backends[0].endpoint = Endpoint::ip("10.0.0.5", 8000);
    catalog.gateway.api_version = AiGatewayVersion::V1beta1;
    let out = catalog.compile(None, Release::V1_1).unwrap();
    let backend = out
        .objects()
        .iter()
        .find(|o| o.kind() == "Backend")
        .unwrap();
    assert_eq!(
        backend.value()["spec"],
        json!({"endpoints": [{"ip": {"address": "10.0.0.5", "port": 8000}}]})
    );
    assert!(
        out.objects()
            .iter()
            .filter(|o| o.kind() != "Backend")
            .all(|o| o.api_version() == "aigateway.envoyproxy.io/v1beta1")
    );
    assert_eq!(errors(&out, Release::V1_1), Vec::<String>::new());
    let err = catalog.compile(None, Release::V0_4).unwrap_err();
    assert_eq!(err[0].code, Code::UNSUPPORTED_VERSION);
}

const GOOD_HEAD: &str = "apiVersion: nrp-llm-config/v1
kind: Catalog
gateway:
  namespace: nrp-llm
  parentRef: {name: envoy-ai-gateway-nrp}
";

fn parse_err(text: &str) -> Vec<Diagnostic> {
    Catalog::from_yaml_str(text, "bad.yaml")
        .unwrap_err()
        .into_vec()
}

fn at(d: &Diagnostic) -> (Option<u32>, Option<u32>) {
    (d.location.line, d.location.column)
}

#[test]
fn unknown_backend_is_reported_with_position_and_hint() {
    let text = format!(
        "{GOOD_HEAD}backends:
- name: envoy-ai-gateway-nrp-qwen
  endpoint: {{fqdn: qwen.nrp-llm.svc.cluster.local, port: 5000}}
models:
- name: qwen3
  backends: [envoy-ai-gateway-nrp-qwn]
"
    );
    let d = parse_err(&text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, Code::INVALID_CATALOG);
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(at(&d[0]), (Some(11), Some(14)));
    assert_eq!(d[0].location.file.as_deref(), Some("bad.yaml"));
    assert_eq!(d[0].path.to_string(), "models[0].backends[0]");
    assert!(d[0].message.contains("unknown backend"), "{}", d[0].message);
    assert_eq!(
        d[0].hint.as_deref(),
        Some("did you mean \"envoy-ai-gateway-nrp-qwen\"?")
    );
}

#[test]
fn every_semantic_problem_is_reported_at_once() {
    let text = format!(
        "{GOOD_HEAD}  defaultTimeout: 20 minutes
backends:
- name: a
  endpoint: {{fqdn: a.svc, port: 70000}}
- name: b
  endpoint: {{ip: 10.0.0.300, port: 80}}
- name: a
  endpoint: {{fqdn: Bad_Host.example, port: 80}}
- name: c
  endpoint: {{fqdn: c.svc, ip: 10.0.0.1, port: 80}}
models:
- name: m
  backends: [a]
- name: m
  backends: [b]
  timeout: 5x
"
    );
    let d = parse_err(&text);
    let got: Vec<(String, Option<u32>, Option<u32>)> = d
        .iter()
        .map(|d| (d.path.to_string(), d.location.line, d.location.column))
        .collect();
    assert_eq!(
        got,
        [
            ("gateway.defaultTimeout".to_owned(), Some(6), Some(3)),
            ("backends[0].endpoint.port".to_owned(), Some(9), Some(27)),
            ("backends[1].endpoint.ip".to_owned(), Some(11), Some(14)),
            ("backends[2].name".to_owned(), Some(12), Some(3)),
            ("backends[2].endpoint.fqdn".to_owned(), Some(13), Some(14)),
            ("backends[3].endpoint".to_owned(), Some(15), Some(3)),
            ("models[1].name".to_owned(), Some(19), Some(3)),
            ("models[1].timeout".to_owned(), Some(21), Some(3)),
        ]
    );
    assert!(
        d.iter()
            .all(|d| d.code == Code::INVALID_CATALOG && d.is_error())
    );
    assert!(d[6].message.contains("duplicate model"), "{}", d[6].message);
    assert!(
        d[3].message.contains("duplicate backend"),
        "{}",
        d[3].message
    );
    assert!(d[1].message.contains("70000"), "{}", d[1].message);
}

#[test]
fn unknown_field_is_a_typo_with_position_and_path() {
    let text = format!(
        "{GOOD_HEAD}backends:
- name: a
  endpoint: {{fqdn: a.svc, port: 80}}
models:
- name: m
  backends:
  - name: a
    wieght: 2
"
    );
    let d = parse_err(&text);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::UNKNOWN_FIELD);
    assert_eq!(at(&d[0]), (Some(13), Some(5)));
    assert_eq!(d[0].path.to_string(), "models[0].backends[0].wieght");
    assert!(d[0].message.contains("wieght"), "{}", d[0].message);

    let d = parse_err(&format!("{GOOD_HEAD}  defaultTimeOut: 1200s\n"));
    assert_eq!(d[0].code, Code::UNKNOWN_FIELD);
    assert_eq!(at(&d[0]), (Some(6), Some(3)));
    assert_eq!(d[0].path.to_string(), "gateway.defaultTimeOut");
}

#[test]
fn wrong_types_and_missing_fields_carry_positions() {
    let d = parse_err(&format!(
        "{GOOD_HEAD}backends:\n- name: a\n  endpoint: {{fqdn: a.svc, port: eighty}}\n"
    ));
    assert_eq!(d[0].code, Code::INVALID_CATALOG);
    assert_eq!(d[0].path.to_string(), "backends[0].endpoint.port");
    assert_eq!(d[0].location.line, Some(8));
    let d = parse_err("apiVersion: nrp-llm-config/v1\nkind: Catalog\n");
    assert_eq!(d[0].code, Code::REQUIRED);
    assert!(d[0].message.contains("gateway"), "{}", d[0].message);
    let d = parse_err("apiVersion: nrp-llm-config/v1\nkind: Catalog\ngateway: [\n");
    assert_eq!(d[0].code, Code::INVALID_CATALOG);
    assert!(
        d[0].message.contains("expected mapping"),
        "{}",
        d[0].message
    );
    assert_eq!(at(&d[0]), (Some(3), Some(10)));
    let d = parse_err("apiVersion: nrp-llm-config/v1\nkind: 'Catalog\n");
    assert_eq!(d[0].code, Code::YAML_SYNTAX, "{:?}", d[0]);
    assert!(d[0].location.line.is_some());
}

#[test]
fn a_literal_api_key_is_refused_without_echoing_it() {
    let key = "sk-proj-Abc123_def456";
    let text = format!(
        "{GOOD_HEAD}backends:\n- name: a\n  endpoint: {{fqdn: a.svc, port: 80}}\n  apiKeySecret: {key}\n- name: b\n  endpoint: {{fqdn: b.svc, port: 80}}\n  apiKeySecret: sk-abc\n"
    );
    let d = parse_err(&text);
    assert_eq!(d.len(), 2, "{d:?}");
    for x in &d {
        assert_eq!(x.code, Code::SECRET_LITERAL);
        assert!(x.message.contains("never put keys in the catalog"));
        assert!(!x.to_string().contains("Abc123"), "{x}");
    }
    assert_eq!(at(&d[0]), (Some(9), Some(3)));
    assert_eq!(d[0].path.to_string(), "backends[0].apiKeySecret");
    // Also in policyNames keys.
    let d = parse_err(&format!(
        "{GOOD_HEAD}  policyNames: {{\"sk-live-XYZ\": some-policy}}\n"
    ));
    assert_eq!(d[0].code, Code::SECRET_LITERAL);
    assert_eq!(d[0].location.line, Some(6));
}

#[test]
fn import_keeps_what_the_catalog_cannot_express() {
    let extra = r"---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: envoy-ai-gateway-nrp-regex
  namespace: nrp-llm
spec:
  llmRequestCosts:
    - metadataKey: llm_input_token
      type: InputToken
    - metadataKey: llm_output_token
      type: OutputToken
    - metadataKey: llm_total_token
      type: TotalToken
  parentRefs:
    - name: envoy-ai-gateway-nrp
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: RegularExpression
              name: x-ai-eg-model
              value: gpt-.*
      backendRefs:
        - name: envoy-ai-gateway-nrp-qwen
          modelNameOverride: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
      timeouts:
        request: 1200s
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: envoy-ai-gateway-nrp-two-matches
  namespace: nrp-llm
spec:
  llmRequestCosts:
    - {metadataKey: llm_input_token, type: InputToken}
    - {metadataKey: llm_output_token, type: OutputToken}
    - {metadataKey: llm_total_token, type: TotalToken}
  parentRefs:
    - name: envoy-ai-gateway-nrp
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - {type: Exact, name: x-ai-eg-model, value: a}
        - headers:
            - {type: Exact, name: x-ai-eg-model, value: b}
      backendRefs:
        - name: envoy-ai-gateway-other
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: envoy-ai-gateway-other
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    name: envoy-ai-gateway-other
    kind: Backend
    group: gateway.envoyproxy.io
  headerMutation: {set: [{name: x-a, value: b}]}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: envoy-ai-gateway-other
  namespace: nrp-llm
spec:
  endpoints:
    - fqdn:
        hostname: other.nrp-llm.svc.cluster.local
        port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: envoy-ai-gateway-nrp
  namespace: nrp-llm
spec:
  gatewayClassName: envoy-ai-gateway
  listeners:
    - {name: http, protocol: HTTP, port: 80}
";
    let text = format!("{GUIDE}{extra}");
    let set = ConfigSet::from_objects(parse_str(&text, "all.yaml", &Limits::default()).unwrap());
    let (catalog, diags) = Catalog::import(&set);
    let kept: Vec<(String, String, Option<u32>)> = diags
        .iter()
        .map(|d| {
            assert_eq!(d.code, Code::KEPT_VERBATIM);
            assert_eq!(d.severity, Severity::Warning);
            (
                d.object.as_ref().unwrap().name.clone(),
                d.path.to_string(),
                d.location.line,
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            (
                "envoy-ai-gateway-nrp-regex".to_owned(),
                "spec.rules[0].matches[0].headers[0].type".to_owned(),
                Some(140)
            ),
            (
                "envoy-ai-gateway-nrp-two-matches".to_owned(),
                "spec.rules[0].matches".to_owned(),
                Some(164)
            ),
            (
                "envoy-ai-gateway-other".to_owned(),
                "spec.headerMutation".to_owned(),
                Some(184)
            ),
            (
                "envoy-ai-gateway-other".to_owned(),
                "metadata.name".to_owned(),
                Some(189)
            ),
            (
                "envoy-ai-gateway-nrp".to_owned(),
                "kind".to_owned(),
                Some(198)
            ),
        ]
    );
    assert_eq!(catalog.extra_objects.len(), 5);
    assert_eq!(catalog.models.len(), 3);
    assert!(catalog.check().is_empty(), "{:?}", catalog.check());
    // Nothing is dropped: compiling against the input gives back every object unchanged.
    let out = catalog.compile(Some(&set), Release::V1_1).unwrap();
    assert_eq!(by_ref(&out), by_ref(&set));
    // A model may use an AIServiceBackend kept verbatim.
    let mut c2 = catalog.clone();
    c2.add_model(
        Model::builder()
            .name("other")
            .backends(vec!["envoy-ai-gateway-other".into()])
            .build(),
    );
    let out2 = c2.compile(Some(&set), Release::V1_1).unwrap();
    assert_eq!(route_models(&out2)["envoy-ai-gateway-nrp-qwen"].len(), 4);
}

#[test]
fn import_ignores_server_populated_fields() {
    let dump = GUIDE.replacen(
        "  name: envoy-ai-gateway-nrp-qwen\n  namespace: nrp-llm\nspec:\n  llmRequestCosts",
        "  name: envoy-ai-gateway-nrp-qwen\n  namespace: nrp-llm\n  uid: 1234\n  resourceVersion: \"99\"\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: \"{}\"\nspec:\n  llmRequestCosts",
        1,
    );
    assert_ne!(dump, GUIDE);
    let set = ConfigSet::from_objects(parse_str(&dump, "dump.yaml", &Limits::default()).unwrap());
    let (catalog, diags) = Catalog::import(&set);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(catalog.models.len(), 3);
    let out = catalog.compile(Some(&set), Release::V1_1).unwrap();
    assert_eq!(by_ref(&out), by_ref(&guide_set()));
}

#[test]
fn extra_objects_that_collide_with_generated_ones_are_refused() {
    let mut catalog = catalog_of(1);
    catalog.extra_objects.push(json!({
        "apiVersion": "gateway.envoyproxy.io/v1alpha1",
        "kind": "Backend",
        "metadata": {"name": "backend-0", "namespace": "nrp-llm"},
        "spec": {}
    }));
    let err = catalog.compile(None, Release::V1_1).unwrap_err();
    assert_eq!(err[0].code, Code::INVALID_CATALOG);
    assert_eq!(err[0].path.to_string(), "extraObjects[0]");
}

#[test]
fn json_schema_describes_the_format() {
    let s = Catalog::json_schema();
    let props = s["properties"].as_object().unwrap();
    for k in [
        "apiVersion",
        "kind",
        "gateway",
        "backends",
        "models",
        "extraObjects",
    ] {
        assert!(props.contains_key(k), "{k}");
    }
    let text = s.to_string();
    assert!(text.contains("apiKeySecret"));
    assert!(text.contains("ModelBackendObject"));
    assert!(text.contains("v1beta1"));
}

#[test]
fn builders_and_editing() {
    let mut c = catalog_of(2);
    assert!(c.check().is_empty());
    assert!(
        c.add_model(
            Model::builder()
                .name("model-0")
                .backends(vec!["backend-1".into()])
                .build()
        )
        .is_some()
    );
    assert_eq!(c.models.len(), 2);
    assert_eq!(c.models[0].backends[0].name, "backend-1");
    assert!(c.remove_backend("backend-0"));
    assert!(c.check().is_empty());
    assert!(c.remove_backend("backend-1"));
    let problems = c.check();
    assert_eq!(problems.len(), 2);
    assert!(c.compile(None, Release::V1_1).is_err());
}

#[test]
fn route_objects_of_other_gateways_are_not_filled() {
    let catalog = catalog_of(3);
    let mut other = catalog_of(2);
    other.gateway.parent_ref = "another-gateway".into();
    other.gateway.name_prefix = "other-".into();
    let current = other.compile(None, Release::V1_1).unwrap();
    let out = catalog.compile(Some(&current), Release::V1_1).unwrap();
    assert_eq!(
        route_models(&out).keys().cloned().collect::<Vec<_>>(),
        ["envoy-ai-gateway-nrp-models-1"]
    );
}

#[test]
fn imported_guide_catalog_text() {
    let (catalog, _) = Catalog::import(&guide_set());
    let text = catalog.to_yaml();
    println!("{text}");
    assert_eq!(
        text,
        r"apiVersion: nrp-llm-config/v1
kind: Catalog
gateway:
  namespace: nrp-llm
  parentRef:
    name: envoy-ai-gateway-nrp
  llmRequestCosts:
  - metadataKey: llm_input_token
    type: InputToken
  - metadataKey: llm_output_token
    type: OutputToken
  - metadataKey: llm_total_token
    type: TotalToken
  namePrefix: envoy-ai-gateway-nrp-
  routeNames:
  - envoy-ai-gateway-nrp-qwen
  defaultTimeout: 1200s
  defaultOwner: NRP
apiKeys:
- name: envoy-ai-gateway-nrp-apikey
  secret: openai-apikey
backends:
- name: envoy-ai-gateway-nrp-qwen
  endpoint:
    fqdn: qwen-vllm-inference.nrp-llm.svc.cluster.local
    port: 5000
  apiKey: envoy-ai-gateway-nrp-apikey
- name: envoy-ai-gateway-sdsc-nairr-qwen3
  endpoint:
    fqdn: qwen3.nairr.sdsc.edu
    port: 443
models:
- name: qwen3
  upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
  backends:
  - envoy-ai-gateway-nrp-qwen
  route: envoy-ai-gateway-nrp-qwen
- name: qwen3-nairr
  upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
  owner: SDSC
  backends:
  - envoy-ai-gateway-sdsc-nairr-qwen3
  route: envoy-ai-gateway-nrp-qwen
- name: qwen3-combined
  upstream: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8
  backends:
  - envoy-ai-gateway-nrp-qwen
  - envoy-ai-gateway-sdsc-nairr-qwen3
  route: envoy-ai-gateway-nrp-qwen
"
    );
}

/// Found by the `catalog` fuzz target: an unknown cost type compiled into an AIGatewayRoute the
/// API server rejects. It is now reported at the catalog field.
#[test]
fn unknown_cost_type_is_reported_at_the_catalog_field() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/nrp/catalog.yaml"
    ))
    .unwrap()
    .replacen("type: InputToken", "type: InputTok%n", 1);
    let d = Catalog::from_yaml_str(&text, "catalog.yaml")
        .and_then(|c| c.compile(None, Release::V1_1).map(|_| ()))
        .unwrap_err();
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(d[0].path.to_string(), "gateway.llmRequestCosts[0].type");
    assert_eq!(d[0].location.line, Some(9), "{d}");
}

/// A cost type this release does not know (v0.3 has no CachedInputToken) is caught by the
/// upstream check of the compiled objects instead of being written out.
#[test]
fn cost_type_unknown_to_the_release_is_refused_by_compile() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/nrp/catalog.yaml"
    ))
    .unwrap()
    .replacen("type: InputToken", "type: CachedInputToken", 1);
    let mut c = Catalog::from_yaml_str(&text, "catalog.yaml").unwrap();
    // v0.3 has no QuotaPolicy either (tested on its own below).
    for m in &mut c.models {
        m.quota = None;
    }
    assert!(c.compile(None, Release::V1_1).is_ok());
    let d = c.compile(None, Release::V0_3).unwrap_err();
    assert!(d.iter().all(|x| x.code == Code::UNSUPPORTED_VALUE), "{d}");
    assert!(d[0].message.contains("CachedInputToken"), "{d}");
}

fn quota_catalog(quota: &str) -> String {
    format!(
        "apiVersion: nrp-llm-config/v1
kind: Catalog
gateway:
  namespace: nrp-llm
  parentRef: {{name: gw}}
  defaultTimeout: 600s
backends:
- name: a
  endpoint: {{fqdn: a.example.org, port: 5000}}
- name: b
  endpoint: {{fqdn: b.example.org, port: 5000}}
models:
- name: m1
  upstream: org/m1
  backends: [a, b]
  quota: {quota}
- name: m2
  backends: [a]
"
    )
}

/// Quotas compile into one QuotaPolicy per backend, keyed by the name the backend receives,
/// pass the upstream schema and CEL rules, and import back into the same catalog.
#[test]
fn quotas_compile_per_backend_and_import_back() {
    for (quota, entry) in [
        (
            "{limit: 1000, duration: 1h}",
            serde_json::json!({"mode": "Shared", "defaultBucket": {"limit": 1000, "duration": "1h"}}),
        ),
        (
            "{limit: 5, duration: 1m, cost: output, perClient: x-user-id}",
            serde_json::json!({
                "mode": "Shared",
                "costExpression": "output_tokens",
                "bucketRules": [{
                    "clientSelectors": [{"headers": [{"type": "Distinct", "name": "x-user-id"}]}],
                    "quota": {"limit": 5, "duration": "1m"},
                }],
            }),
        ),
        (
            "{limit: 7, duration: 1d, cost: 'input_tokens + output_tokens'}",
            serde_json::json!({
                "mode": "Shared",
                "costExpression": "input_tokens + output_tokens",
                "defaultBucket": {"limit": 7, "duration": "1d"},
            }),
        ),
    ] {
        let text = quota_catalog(quota);
        let c = Catalog::from_yaml_str(&text, "c.yaml").unwrap();
        let set = c.compile(None, Release::V1_1).unwrap();
        let quotas: Vec<&serde_json::Value> = set
            .objects()
            .iter()
            .filter(|o| o.kind() == "QuotaPolicy")
            .map(|o| o.value())
            .collect();
        assert_eq!(quotas.len(), 2, "{quota}");
        for (q, backend) in quotas.iter().zip(["a", "b"]) {
            assert_eq!(q["metadata"]["name"], backend);
            assert_eq!(q["spec"]["targetRefs"][0]["name"], backend);
            let entries = q["spec"]["perModelQuotas"].as_array().unwrap();
            assert_eq!(entries.len(), 1, "{q}");
            assert_eq!(entries[0]["modelName"], "org/m1");
            assert_eq!(entries[0]["quota"], entry, "{quota}");
        }
        assert!(
            !crate::validate::validate(&set, Release::V1_1).has_errors(),
            "{}",
            crate::validate::validate(&set, Release::V1_1)
        );
        let (back, diags) = Catalog::import(&set);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(back.models[0].quota, c.models[0].quota, "{quota}");
        assert_eq!(back.models[1].quota, None);
        let again = back.compile(Some(&set), Release::V1_1).unwrap();
        let values = |s: &ConfigSet| -> Vec<serde_json::Value> {
            s.objects().iter().map(|o| o.value().clone()).collect()
        };
        assert_eq!(values(&again), values(&set), "{quota}");
        // The same objects are valid on v0.6, which requires `mode`.
        let v06 = c.compile(None, Release::V0_6).unwrap();
        assert!(!crate::validate::validate(&v06, Release::V0_6).has_errors());
        assert_eq!(Catalog::import(&v06).0.models[0].quota, c.models[0].quota);
    }
}

#[test]
fn quota_mistakes_are_catalog_errors_at_their_lines() {
    let d = Catalog::from_yaml_str(
        &quota_catalog("{limit: 10, duration: 2h, perClient: 'x user'}"),
        "c.yaml",
    )
    .unwrap_err();
    let paths: Vec<String> = d.iter().map(|d| d.path.to_string()).collect();
    assert_eq!(
        paths,
        ["models[0].quota.duration", "models[0].quota.perClient"],
        "{d}"
    );
    assert!(d[0].message.contains("1s, 1m, 1h, 1d"), "{d}");
    assert_eq!(d[0].location.line, Some(16));
    // Before v0.6 there is no QuotaPolicy: the error names the first release that has one.
    let d = Catalog::compile_str(
        &quota_catalog("{limit: 10, duration: 1h}"),
        "c.yaml",
        None,
        Release::V0_5,
    )
    .unwrap_err();
    assert_eq!(d.len(), 1, "{d}");
    assert!(d[0].message.contains("AI Gateway v0.6.0"), "{d}");
    assert_eq!(d[0].location.line, Some(16));
}

/// A QuotaPolicy the catalog cannot describe is kept verbatim, with the reason.
#[test]
fn quota_policies_the_catalog_cannot_describe_are_kept() {
    let c =
        Catalog::from_yaml_str(&quota_catalog("{limit: 1000, duration: 1h}"), "c.yaml").unwrap();
    let set = c.compile(None, Release::V1_1).unwrap();
    // Backend b's quota differs from a's: the model's quota is not one catalog quota.
    let mut values: Vec<serde_json::Value> =
        set.objects().iter().map(|o| o.value().clone()).collect();
    for v in &mut values {
        if v["kind"] == "QuotaPolicy" && v["metadata"]["name"] == "b" {
            v["spec"]["perModelQuotas"][0]["quota"]["defaultBucket"]["limit"] = 2000.into();
        }
    }
    let changed = ConfigSet::from_objects(values.into_iter().map(crate::document::Object::new));
    let (back, diags) = Catalog::import(&changed);
    assert_eq!(back.models[0].quota, None);
    let kept: Vec<&str> = back
        .extra_objects
        .iter()
        .filter_map(|o| o["metadata"]["name"].as_str())
        .collect();
    assert_eq!(kept, ["a", "b"], "{diags:?}");
    // First b goes (the model's two quotas differ), then a (the model now has a quota on one
    // of its backends only).
    let why: Vec<(&str, bool)> = diags
        .iter()
        .map(|d| {
            (
                d.object.as_ref().map_or("", |o| o.name.as_str()),
                d.code == Code::KEPT_VERBATIM,
            )
        })
        .collect();
    assert_eq!(why, [("a", true), ("b", true)]);
    assert!(
        diags[0].message.contains("on some of its backends only"),
        "{diags:?}"
    );
    assert!(
        diags[1]
            .message
            .contains("different quotas on its backends"),
        "{diags:?}"
    );
    // And compiling that catalog gives the same objects back.
    let again = back.compile(None, Release::V1_1).unwrap();
    assert_eq!(again.len(), changed.len());
}

/// `n` backends using one secret, their policies split as `parts` says (target counts per
/// policy `secret-policy`, `-2`, ...), the targets in reverse catalog order.
fn split_policies(n: usize, parts: &[usize]) -> ConfigSet {
    let mut c = catalog_of(0);
    for i in 0..n {
        add_numbered(&mut c, i);
        c.backends[i].api_key_secret = Some("s".into());
    }
    let mut set: Vec<Value> = c
        .compile(None, Release::V1_1)
        .unwrap()
        .objects()
        .iter()
        .filter(|o| o.kind() != "BackendSecurityPolicy")
        .map(|o| o.value().clone())
        .collect();
    let mut names: Vec<String> = c.backends.iter().map(|b| b.name.clone()).collect();
    names.reverse();
    let mut rest = names.as_slice();
    for (k, &size) in parts.iter().enumerate() {
        let (these, more) = rest.split_at(size);
        rest = more;
        let targets: Vec<Value> = these
            .iter()
            .map(|t| json!({"name": t, "kind": "AIServiceBackend", "group": "aigateway.envoyproxy.io"}))
            .collect();
        set.push(json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
            "kind": "BackendSecurityPolicy",
            "metadata": {"name": super::keys::policy_chunk_name("secret-policy", k), "namespace": "nrp-llm"},
            "spec": {"type": "APIKey", "apiKey": {"secretRef": {"name": "s", "namespace": "nrp-llm"}}, "targetRefs": targets},
        }));
    }
    assert!(rest.is_empty());
    ConfigSet::from_objects(set.into_iter().map(crate::document::Object::new))
}

fn policy_targets(set: &ConfigSet) -> BTreeMap<String, Vec<String>> {
    set.objects()
        .iter()
        .filter(|o| o.kind() == "BackendSecurityPolicy")
        .map(|o| {
            let t = o.value()["spec"]["targetRefs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["name"].as_str().unwrap().to_owned())
                .collect();
            (o.name().to_owned(), t)
        })
        .collect()
}

/// Split policies whose targets are not in the backends' order import into a catalog that
/// compiles back to the same policies, with or without the current state.
#[test]
fn split_policies_import_with_their_target_order() {
    let set = split_policies(40, &[16, 16, 8]);
    let (catalog, diags) = Catalog::import(&set);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(catalog.api_keys.len(), 1);
    assert!(catalog.backends.iter().all(|b| b.api_key_policy.is_none()));
    for current in [None, Some(&set)] {
        assert_eq!(
            by_ref(&catalog.compile(current, Release::V1_1).unwrap()),
            by_ref(&set)
        );
    }
}

/// Policies that are not filled in order (10 + 16 + 3 targets) import with `apiKeyPolicy` on
/// the backends after the first policy with room, and only there.
#[test]
fn unevenly_split_policies_import_with_pins() {
    let set = split_policies(29, &[10, 16, 3]);
    let (catalog, diags) = Catalog::import(&set);
    assert!(diags.is_empty(), "{diags:?}");
    let pinned: Vec<&str> = catalog
        .backends
        .iter()
        .filter_map(|b| b.api_key_policy.as_deref())
        .collect();
    assert_eq!(pinned.len(), 19);
    assert!(pinned[..16].iter().all(|p| *p == "secret-policy-2"));
    assert!(pinned[16..].iter().all(|p| *p == "secret-policy-3"));
    for current in [None, Some(&set)] {
        assert_eq!(
            by_ref(&catalog.compile(current, Release::V1_1).unwrap()),
            by_ref(&set)
        );
    }
    // The pins are valid catalog text.
    let again = Catalog::from_yaml_str(&catalog.to_yaml(), "c.yaml").unwrap();
    assert_eq!(again, catalog);
}

/// With the current state, a backend stays in the policy that targets it: removing a target of
/// the first policy does not move targets of the second one, and a new backend takes the
/// freed slot.
#[test]
fn policy_targets_keep_their_policy() {
    let mut catalog = catalog_of(0);
    for i in 0..20 {
        add_numbered(&mut catalog, i);
        catalog.backends[i].api_key_secret = Some("s".into());
    }
    let old = catalog.compile(None, Release::V1_1).unwrap();
    let before = policy_targets(&old);
    assert_eq!(before["envoy-ai-gateway-nrp-s"].len(), 16);
    catalog.remove_backend("backend-3");
    catalog.remove_model("model-3");
    let mid = catalog.compile(Some(&old), Release::V1_1).unwrap();
    let after = policy_targets(&mid);
    assert_eq!(after["envoy-ai-gateway-nrp-s"].len(), 15);
    assert_eq!(
        after["envoy-ai-gateway-nrp-s-2"],
        before["envoy-ai-gateway-nrp-s-2"]
    );
    add_numbered(&mut catalog, 30);
    catalog.backends.last_mut().unwrap().api_key_secret = Some("s".into());
    let new = catalog.compile(Some(&mid), Release::V1_1).unwrap();
    let last = policy_targets(&new);
    assert_eq!(
        last["envoy-ai-gateway-nrp-s"].last().map(String::as_str),
        Some("backend-30")
    );
    assert_eq!(
        last["envoy-ai-gateway-nrp-s-2"],
        before["envoy-ai-gateway-nrp-s-2"]
    );
    // Import of that state reproduces it without the current state.
    let (imported, diags) = Catalog::import(&new);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        by_ref(&imported.compile(None, Release::V1_1).unwrap()),
        by_ref(&new)
    );
}

/// The imported catalog names each Secret once: renaming it is one edit, and the policies keep
/// their names and targets.
#[test]
fn renaming_a_key_secret_is_one_edit() {
    let set = split_policies(40, &[16, 16, 8]);
    let (mut catalog, _) = Catalog::import(&set);
    let before = catalog.to_yaml();
    assert_eq!(before.matches("secret: s\n").count(), 1, "{before}");
    catalog.api_keys[0].secret = "s-rotated".into();
    let after = catalog.to_yaml();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed, [("  secret: s", "  secret: s-rotated")]);
    let out = catalog.compile(Some(&set), Release::V1_1).unwrap();
    assert_eq!(policy_targets(&out), policy_targets(&set));
    for o in out
        .objects()
        .iter()
        .filter(|o| o.kind() == "BackendSecurityPolicy")
    {
        assert_eq!(
            o.value()["spec"]["apiKey"]["secretRef"]["name"],
            "s-rotated"
        );
    }
}

/// `apiKeySecret` (the older form) and `apiKeys` compile to the same objects, and mix.
#[test]
fn api_key_secret_and_api_keys_are_the_same_key() {
    let legacy = catalog_of(6);
    let mut keyed = legacy.clone();
    keyed.api_keys.push(
        ApiKey::builder()
            .name("envoy-ai-gateway-nrp-openai-apikey")
            .secret("openai-apikey")
            .build(),
    );
    for b in keyed
        .backends
        .iter_mut()
        .filter(|b| b.api_key_secret.is_some())
    {
        b.api_key_secret = None;
        b.api_key = Some("envoy-ai-gateway-nrp-openai-apikey".into());
    }
    let a = by_ref(&legacy.compile(None, Release::V1_1).unwrap());
    assert_eq!(by_ref(&keyed.compile(None, Release::V1_1).unwrap()), a);
    // One backend in each form: one policy.
    keyed.backends[0].api_key = None;
    keyed.backends[0].api_key_secret = Some("openai-apikey".into());
    assert_eq!(by_ref(&keyed.compile(None, Release::V1_1).unwrap()), a);
}

#[test]
fn key_fields_are_checked() {
    let mut c = catalog_of(4);
    c.api_keys.push(
        ApiKey::builder()
            .name("k")
            .secret("openai-apikey")
            .file("../x.yaml")
            .build(),
    );
    c.api_keys.push(
        ApiKey::builder()
            .name("k")
            .secret("sk-live-abcdefghijklmnopqrstuvwxyz0123")
            .build(),
    );
    c.backends[1].api_key = Some("kk".into());
    c.backends[0].api_key = Some("k".into()); // also has apiKeySecret
    c.backends[2].api_key_policy = Some("k-2".into()); // no key
    c.backends[3].api_key_secret = None;
    c.backends[3].api_key = Some("k".into());
    c.backends[3].api_key_policy = Some("other".into());
    c.backends[3].file = Some("/abs.yaml".into());
    let mut got: Vec<(String, String)> = c
        .check()
        .iter()
        .map(|d| (d.path.to_string(), d.code.as_str().to_owned()))
        .collect();
    got.sort();
    let expected: Vec<(String, String)> = [
        ("apiKeys[0].file", "invalid_catalog"),
        ("apiKeys[1].name", "invalid_catalog"),
        ("apiKeys[1].secret", "secret_literal"),
        ("backends[0].apiKeySecret", "invalid_catalog"),
        ("backends[1].apiKey", "invalid_catalog"),
        ("backends[2].apiKeyPolicy", "invalid_catalog"),
        ("backends[3].apiKeyPolicy", "invalid_catalog"),
        ("backends[3].file", "invalid_catalog"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(got, expected);
    // The unknown key gets a hint.
    let d = c
        .check()
        .into_iter()
        .find(|d| d.path.to_string() == "backends[1].apiKey")
        .unwrap();
    assert_eq!(d.hint.as_deref(), Some("did you mean \"k\"?"));
}

/// Two keys whose policies would share a name are an error, not a silently merged policy.
#[test]
fn keys_whose_policies_collide_are_an_error() {
    let mut c = catalog_of(0);
    for i in 0..17 {
        add_numbered(&mut c, i);
        c.backends[i].api_key_secret = None;
        c.backends[i].api_key = Some("k".into());
    }
    add_numbered(&mut c, 17);
    c.backends[17].api_key_secret = None;
    c.backends[17].api_key = Some("k-2".into());
    c.api_keys
        .push(ApiKey::builder().name("k").secret("a").build());
    c.api_keys
        .push(ApiKey::builder().name("k-2").secret("b").build());
    let err = c.compile(None, Release::V1_1).unwrap_err();
    assert!(
        err[0].message.contains("both make a policy named \"k-2\""),
        "{err:?}"
    );
}

/// A model without `route:` keeps its route object and rule position when models are added
/// before it and removed before it (in catalog order and in its route object).
#[test]
fn unpinned_models_keep_their_route_object() {
    let mut catalog = catalog_of(40);
    let old = catalog.compile(None, Release::V1_1).unwrap();
    let before = route_models(&old);
    // Remove two models of the first route object and one of the second, add three at the
    // front of the catalog.
    for m in ["model-0", "model-5", "model-16"] {
        assert!(catalog.remove_model(m));
    }
    for i in 100..103 {
        add_numbered(&mut catalog, i);
        let m = catalog.models.pop().unwrap();
        catalog.models.insert(0, m);
    }
    let new = catalog.compile(Some(&old), Release::V1_1).unwrap();
    let after = route_models(&new);
    for (route, models) in &before {
        let kept: Vec<&String> = models
            .iter()
            .filter(|m| !["model-0", "model-5", "model-16"].contains(&m.as_str()))
            .collect();
        let now: Vec<&String> = after[route].iter().filter(|m| kept.contains(m)).collect();
        assert_eq!(now, kept, "{route}");
    }
    // The new models took the freed slots, in catalog order.
    let first = &after["envoy-ai-gateway-nrp-models-1"];
    assert_eq!(&first[13..], ["model-102", "model-101"]);
}

/// `import_folder` records the files of the example's backends and keys, and `placement`
/// gives them back for the compiled objects.
#[test]
fn files_are_imported_and_placed() {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/nrp/models-config");
    let set = ConfigSet::load(&[&folder], &Limits::default());
    let (catalog, _) = Catalog::import_folder(&set, &folder);
    let files: BTreeMap<&str, Option<&str>> = catalog
        .backends
        .iter()
        .map(|b| (b.name.as_str(), b.file.as_deref()))
        .collect();
    // Most backends are in nrp.yaml: the gateway's default, written once.
    assert_eq!(catalog.gateway.backend_file.as_deref(), Some("nrp.yaml"));
    assert_eq!(files["envoy-ai-gateway-nrp-qwen"], None);
    assert_eq!(
        files["envoy-ai-gateway-sdsc-nairr-qwen3"],
        Some("sdsc.yaml")
    );
    // securitypolicy.yaml is the default: not recorded.
    assert!(catalog.api_keys.iter().all(|k| k.file.is_none()));
    let compiled = catalog.compile(None, Release::V1_1).unwrap();
    let placed = catalog.placement(&compiled);
    for o in compiled.objects() {
        let r = o.object_ref().unwrap();
        let origin = set
            .get(&r)
            .and_then(|x| x.origin())
            .map(|x| x.file.to_string());
        match placed.get(&r) {
            Some(p) => assert_eq!(Some(folder.join(p).display().to_string()), origin, "{r}"),
            None => assert!(
                !["AIServiceBackend", "Backend"].contains(&r.kind.as_str()),
                "{r}"
            ),
        }
    }
    // A key with a file places all its policies there.
    let mut c = catalog.clone();
    c.api_keys[0].file = Some("keys/openai.yaml".into());
    let compiled = c.compile(None, Release::V1_1).unwrap();
    let placed = c.placement(&compiled);
    let policy = compiled
        .objects()
        .iter()
        .find(|o| o.name() == c.api_keys[0].name)
        .unwrap();
    assert_eq!(
        placed[&policy.object_ref().unwrap()],
        std::path::PathBuf::from("keys/openai.yaml")
    );
}

/// An API key written where the key's name belongs is reported as a secret, and more than 16
/// backends pinned to one policy are an error naming the policy.
#[test]
fn key_names_that_look_like_keys_and_overfull_pins_fail() {
    let mut c = catalog_of(1);
    c.backends[0].api_key_secret = None;
    c.backends[0].api_key = Some("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789".into());
    let d = c.check();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code.as_str(), "secret_literal");
    assert_eq!(d[0].path.to_string(), "backends[0].apiKey");

    let mut c = catalog_of(0);
    c.api_keys
        .push(ApiKey::builder().name("k").secret("s").build());
    for i in 0..17 {
        add_numbered(&mut c, i);
        c.backends[i].api_key_secret = None;
        c.backends[i].api_key = Some("k".into());
        c.backends[i].api_key_policy = Some("k-2".into());
    }
    let err = c.compile(None, Release::V1_1).unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(
        err[0]
            .message
            .contains("17 backends are pinned to policy \"k-2\""),
        "{err:?}"
    );
    // Sixteen fit; the unpinned backend goes to the first policy, `k`.
    c.backends[16].api_key_policy = None;
    let out = c.compile(None, Release::V1_1).unwrap();
    let targets = policy_targets(&out);
    assert_eq!(targets["k-2"].len(), 16);
    assert_eq!(targets["k"], ["backend-16"]);
}

/// Two secrets that `gateway.policyNames` gives one policy name are an error.
#[test]
fn two_secrets_of_one_policy_name_fail() {
    let mut c = catalog_of(4); // backends 0 and 3 use openai-apikey
    c.backends[3].api_key_secret = Some("other".into());
    c.gateway
        .policy_names
        .insert("openai-apikey".into(), "p".into());
    c.gateway.policy_names.insert("other".into(), "p".into());
    let d = c.check();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].path.to_string(), "backends[3].apiKeySecret");
    assert!(
        d[0].message.contains("would both make the policy \"p\""),
        "{d:?}"
    );
}

/// A policy whose secretRef has no namespace is kept as written (compile would add the
/// namespace), so the round trip still changes nothing.
#[test]
fn a_secret_ref_without_namespace_is_kept_verbatim() {
    let mut values: Vec<Value> = guide_set()
        .objects()
        .iter()
        .map(|o| o.value().clone())
        .collect();
    for v in &mut values {
        if v["kind"] == "BackendSecurityPolicy" {
            v["spec"]["apiKey"]["secretRef"]
                .as_object_mut()
                .unwrap()
                .remove("namespace");
        }
    }
    let set = ConfigSet::from_objects(values.into_iter().map(crate::document::Object::new));
    let (catalog, diags) = Catalog::import(&set);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code.as_str(), "kept_verbatim");
    assert_eq!(diags[0].path.to_string(), "spec.apiKey.secretRef");
    assert!(catalog.api_keys.is_empty());
    assert_eq!(
        by_ref(&catalog.compile(None, Release::V1_1).unwrap()),
        by_ref(&set)
    );
}
