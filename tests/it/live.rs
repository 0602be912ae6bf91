//! Plans against a live cluster dump: the reproducers of "safe against a real cluster".
//!
//! `tests/fixtures/live/cluster.yaml` is what `kubectl get -o yaml` prints on a cluster running
//! AI Gateway v1.1: server fields (uid, resourceVersion, generation, creationTimestamp,
//! managedFields), the controller's finalizer `aigateway.envoyproxy.io/finalizer` and status,
//! `v1beta1` for the AI Gateway kinds, the ApplySet parent `nrp-llm/nrp-llm-config` and this
//! tool's objects labelled as its members. Beside them: objects this tool must never delete
//! (someone's experiment in the managed namespace, a Backend the MCPRoute controller owns, other
//! teams' Backends in another namespace, one with the same name as ours), the HTTPRoute the
//! controller generates from the AIGatewayRoute, and a hand-made HTTPRoute that uses one of our
//! Backends. `tests/fixtures/live/desired/` is the folder an admin keeps in git: the model
//! `qwen3-embedding` and the Backend `shared-upstream` removed.

use crate::common::{fixture, workspace_root};
use nrp_llm_config::document::{Limits, parse_str, to_yaml};
use nrp_llm_config::plan::{
    Action, DetailKind, LeftAloneReason, Plan, PlanError, PlanOptions, applyset, plan,
};
use nrp_llm_config::{ConfigSet, ObjectRef};
use serde_json::{Value, json};
use std::io::Write as _;
use std::process::{Command, Stdio};

fn load(path: &std::path::Path) -> ConfigSet {
    let set = ConfigSet::load(&[path], &Limits::default());
    assert!(set.problems().is_empty(), "{:#?}", set.problems());
    set
}

fn live() -> ConfigSet {
    load(&fixture("live/cluster.yaml"))
}

fn desired() -> ConfigSet {
    load(&fixture("live/desired"))
}

fn plan_ok(current: &ConfigSet, desired: &ConfigSet, options: &PlanOptions) -> Plan {
    plan(current, desired, options).unwrap_or_else(|e| panic!("{e}"))
}

fn deletes(p: &Plan) -> Vec<String> {
    p.changes
        .iter()
        .filter(|c| c.action == Action::Delete)
        .map(|c| c.object.to_string())
        .collect()
}

fn left_alone(p: &Plan) -> Vec<(String, &'static str)> {
    p.left_alone
        .iter()
        .map(|l| (l.object.to_string(), l.reason.code()))
        .collect()
}

/// The five objects of the dump that are not this tool's, with the reason.
fn foreign() -> Vec<(String, &'static str)> {
    [
        (
            "AIServiceBackend nrp-llm/experiment-embeddings-test",
            "not_ours",
        ),
        ("Backend nrp-llm/experiment-embeddings-test", "not_ours"),
        ("Backend nrp-llm/mcp-github", "controller_owned"),
        (
            "Backend team-payments/envoy-ai-gateway-nrp-qwen",
            "other_namespace",
        ),
        ("Backend team-payments/payments-upstream", "other_namespace"),
    ]
    .into_iter()
    .map(|(o, r)| (o.to_owned(), r))
    .collect()
}

#[test]
fn only_owned_objects_are_deleted_and_the_rest_is_left_alone() {
    let p = plan_ok(&live(), &desired(), &PlanOptions::default());
    assert_eq!(
        deletes(&p),
        [
            "AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-qwen3-embedding",
            "Backend nrp-llm/envoy-ai-gateway-nrp-qwen3-embedding",
            "Backend nrp-llm/shared-upstream",
        ],
        "{p}"
    );
    assert_eq!(left_alone(&p), foreign());
    // No change of any kind touches an object that is not this tool's.
    for (o, _) in foreign() {
        assert!(p.changes.iter().all(|c| c.object.to_string() != o), "{o}");
    }
    let reasons: Vec<String> = p.left_alone.iter().map(|l| l.reason.to_string()).collect();
    assert_eq!(
        reasons,
        [
            "not ours: no applyset.kubernetes.io/part-of label (--adopt takes over unlabelled objects)",
            "not ours: no applyset.kubernetes.io/part-of label (--adopt takes over unlabelled objects)",
            "controller-owned: MCPRoute mcp-tools manages it",
            "other namespace: the ApplySet covers nrp-llm",
            "other namespace: the ApplySet covers nrp-llm",
        ]
    );
    assert_eq!(
        p.left_alone[2].reason,
        LeftAloneReason::ControllerOwned {
            owner: "MCPRoute mcp-tools".into()
        }
    );
    let scope = p.applyset.as_ref().unwrap();
    assert_eq!(
        (scope.name.as_str(), scope.namespace.as_str()),
        ("nrp-llm-config", "nrp-llm")
    );
    assert_eq!(scope.namespaces, ["nrp-llm"]);
}

#[test]
fn no_longer_used_only_when_nothing_that_stays_refers_to_it() {
    let p = plan_ok(&live(), &desired(), &PlanOptions::default());
    let details = |name: &str| -> Vec<(DetailKind, String)> {
        p.changes
            .iter()
            .find(|c| c.action == Action::Delete && c.object.to_string() == name)
            .unwrap()
            .details
            .iter()
            .map(|d| (d.kind, d.message.clone()))
            .collect()
    };
    // The model's backends: the route and the policy drop them, and the HTTPRoute the controller
    // generated from the route follows the route.
    assert_eq!(
        details("AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-qwen3-embedding"),
        [(
            DetailKind::NoLongerUsed,
            "no longer used: no rule of the desired routes needs it".to_owned()
        )]
    );
    assert_eq!(
        details("Backend nrp-llm/envoy-ai-gateway-nrp-qwen3-embedding")[0].0,
        DetailKind::NoLongerUsed
    );
    // A Backend that a hand-made HTTPRoute still uses is not "no longer used".
    assert_eq!(
        details("Backend nrp-llm/shared-upstream"),
        [(
            DetailKind::StillReferenced,
            "not in the desired configuration, but still referenced by HTTPRoute \
             nrp-llm/legacy-direct (that reference will dangle)"
                .to_owned()
        )]
    );
    let still = p
        .changes
        .iter()
        .flat_map(|c| &c.details)
        .find(|d| d.kind == DetailKind::StillReferenced)
        .unwrap();
    assert_eq!(still.new, Some(json!(["HTTPRoute nrp-llm/legacy-direct"])));
}

#[test]
fn renderings_list_what_is_left_alone() {
    let p = plan_ok(&live(), &desired(), &PlanOptions::default());
    let text = p.to_text(false);
    let section = text
        .split("Left alone (not in DESIRED, but not this tool's to delete):\n")
        .nth(1)
        .expect("a left-alone section");
    assert!(section.contains(
        "    Backend nrp-llm/mcp-github: controller-owned: MCPRoute mcp-tools manages it\n"
    ));
    assert!(
        text.ends_with("Plan: 0 to create, 2 to update, 3 to delete.\n"),
        "{text}"
    );
    let j = p.to_json();
    assert_eq!(j["summary"]["delete"], 3);
    let alone = j["leftAlone"].as_array().unwrap();
    assert_eq!(alone.len(), 5);
    assert_eq!(
        alone[3],
        json!({"group": "gateway.envoyproxy.io", "kind": "Backend", "namespace": "team-payments",
               "name": "envoy-ai-gateway-nrp-qwen", "apiVersion": "gateway.envoyproxy.io/v1alpha1",
               "reason": "other_namespace",
               "message": "other namespace: the ApplySet covers nrp-llm"})
    );
    assert_eq!(
        j["applyset"]["id"],
        "applyset-qfhvKc1Sf_bBBkjV2URtxCnanuXjF0Sk3GIH3dbDxlA-v1"
    );
    let script = p.to_kubectl();
    assert!(script.contains("\n# Left alone (not in DESIRED, but not this tool's to delete):\n"));
    assert!(script.contains(
        "\n#   Backend nrp-llm/mcp-github: controller-owned: MCPRoute mcp-tools manages it\n"
    ));
    for (o, _) in foreign() {
        let name = o.rsplit('/').next().unwrap();
        assert!(
            !script
                .lines()
                .any(|l| l.starts_with("kubectl delete") && l.contains(&format!(" {name} "))),
            "{o}"
        );
    }
    let html = p.to_html();
    assert!(html.contains("<li><code>Backend nrp-llm/mcp-github</code>: controller-owned"));
}

#[test]
fn adopt_takes_over_unlabelled_objects_in_covered_namespaces_only() {
    let options = PlanOptions {
        adopt: true,
        ..PlanOptions::default()
    };
    let p = plan_ok(&live(), &desired(), &options);
    assert_eq!(
        deletes(&p),
        [
            "AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-qwen3-embedding",
            "AIServiceBackend nrp-llm/experiment-embeddings-test",
            "Backend nrp-llm/envoy-ai-gateway-nrp-qwen3-embedding",
            "Backend nrp-llm/experiment-embeddings-test",
            "Backend nrp-llm/shared-upstream",
        ]
    );
    assert_eq!(left_alone(&p), foreign()[2..]);
}

#[test]
fn a_subfolder_or_a_typo_as_desired_is_refused() {
    // `plan dump models-config/backend`: only Backends in DESIRED.
    let only_backends = load(&fixture("live/desired/backend"));
    let err = plan(&live(), &only_backends, &PlanOptions::default()).unwrap_err();
    assert_eq!(
        err,
        PlanError::MassDelete {
            deletes: 7,
            owned: 9,
            whole_kinds: vec![
                "AIGatewayRoute".into(),
                "AIServiceBackend".into(),
                "BackendSecurityPolicy".into()
            ],
        }
    );
    let text = err.to_string();
    assert!(
        text.starts_with(
            "refusing to delete 7 of the 9 objects this tool owns (every owned AIGatewayRoute, \
             AIServiceBackend, BackendSecurityPolicy; more than half of all)"
        ),
        "{text}"
    );
    assert!(text.contains("--allow-mass-delete"));
    let allow = PlanOptions {
        allow_mass_delete: true,
        ..PlanOptions::default()
    };
    assert_eq!(plan_ok(&live(), &only_backends, &allow).summary().delete, 7);
    // The same on the shipped example: 30 deletes would be planned (27 before the quotas).
    let example = workspace_root().join("examples/nrp");
    let dump = load(&example.join("live/cluster-dump.yaml"));
    let err = plan(
        &dump,
        &load(&example.join("models-config/backend")),
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, PlanError::MassDelete { deletes: 30, .. }),
        "{err}"
    );
    // A single file: the NRP Backends alone.
    let err = plan(
        &dump,
        &load(&example.join("models-config/backend/nrp.yaml")),
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, PlanError::MassDelete { .. }), "{err}");
    // Removing one model is not a mass deletion.
    assert_eq!(
        plan_ok(
            &dump,
            &load(&example.join("models-config")),
            &PlanOptions::default()
        )
        .summary()
        .delete,
        2
    );
}

/// The desired folder with every `namespace: nrp-llm` of the objects' metadata removed.
fn desired_without_namespaces() -> ConfigSet {
    let mut objects = Vec::new();
    for o in desired().objects() {
        let mut v = o.value().clone();
        v["metadata"].as_object_mut().unwrap().remove("namespace");
        let text = to_yaml(&[v]);
        objects.extend(parse_str(&text, "desired.yaml", &Limits::default()).unwrap());
    }
    ConfigSet::from_objects(objects)
}

#[test]
fn a_namespace_less_desired_object_is_never_matched_by_name_alone() {
    // `envoy-ai-gateway-nrp-qwen` is a Backend in nrp-llm (ours) and in team-payments (not ours).
    let err = plan(
        &live(),
        &desired_without_namespaces(),
        &PlanOptions::default(),
    )
    .unwrap_err();
    let PlanError::NamespaceRequired { objects } = &err else {
        panic!("{err}")
    };
    assert!(objects.contains(&ObjectRef::new(
        "gateway.envoyproxy.io",
        "Backend",
        None,
        "envoy-ai-gateway-nrp-qwen"
    )));
    assert_eq!(objects.len(), 6);
    let text = err.to_string();
    assert!(
        text.contains("have no metadata.namespace") && text.contains("pass --namespace NS"),
        "{text}"
    );
    // With --namespace, the objects are in nrp-llm, and team-payments is left alone.
    let options = PlanOptions {
        namespace: Some("nrp-llm".into()),
        ..PlanOptions::default()
    };
    let p = plan_ok(&live(), &desired_without_namespaces(), &options);
    let q = plan_ok(&live(), &desired(), &PlanOptions::default());
    assert_eq!(p.changes, q.changes);
    assert_eq!(left_alone(&p), foreign());
}

#[test]
fn a_dump_used_as_desired_is_applied_without_its_cluster_fields() {
    let p = plan_ok(&desired(), &live(), &PlanOptions::default());
    assert_eq!(p.summary().delete, 0);
    assert!(p.summary().create >= 8, "{p}");
    for c in &p.changes {
        let d = c.desired.as_ref().unwrap();
        let meta = d["metadata"].as_object().unwrap();
        for field in [
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "managedFields",
            "ownerReferences",
            "finalizers",
        ] {
            assert!(!meta.contains_key(field), "{}: {field}", c.object);
        }
        assert!(d.get("status").is_none(), "{}", c.object);
    }
    // The Backend the MCPRoute controller owns would carry a foreign owner uid; it does not.
    let mcp = p
        .changes
        .iter()
        .find(|c| c.object.name == "mcp-github")
        .unwrap();
    assert_eq!(mcp.action, Action::Create);
    assert!(!p.to_kubectl().contains("ownerReferences"));
    assert!(!p.to_kubectl().contains("aigateway.envoyproxy.io/finalizer"));
    // Finalizers, owner references, managedFields and status are no difference either: the dump
    // against itself only takes the objects that are not this tool's yet into the ApplySet
    // (DESIRED lists them, so they are to be this tool's).
    let same = plan_ok(&live(), &live(), &PlanOptions::default());
    let joins: Vec<String> = same.changes.iter().map(|c| c.object.to_string()).collect();
    let mut expected: Vec<String> = foreign().into_iter().map(|(o, _)| o).collect();
    expected.sort();
    let mut sorted = joins.clone();
    sorted.sort();
    assert_eq!(sorted, expected);
    for c in &same.changes {
        assert_eq!(c.action, Action::Update);
        let kinds: Vec<DetailKind> = c.details.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [DetailKind::JoinsApplySet], "{}", c.object);
    }
}

/// Runs `kubectl annotate --local` on YAML documents: kubectl parses them exactly as `kubectl
/// apply` does, without a server, and prints them back as JSON (one object per document).
fn kubectl_reads(yaml: &str) -> Vec<Value> {
    let mut child = Command::new("kubectl")
        .args([
            "annotate",
            "--local",
            "-f",
            "-",
            "nrp-llm-config.test/probe=1",
            "-o",
            "json",
            "--kubeconfig=/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect(
            "kubectl on PATH (part of this project's machine image): this test reads the \
             emitted YAML with kubectl's own parser",
        );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(yaml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "kubectl could not read:\n{yaml}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect()
}

/// `v` with the probe annotation `kubectl_reads` adds.
fn with_probe(v: &Value) -> Value {
    let mut v = v.clone();
    let meta = v["metadata"].as_object_mut().unwrap();
    let ann = meta.entry("annotations").or_insert_with(|| json!({}));
    ann["nrp-llm-config.test/probe"] = json!("1");
    v
}

/// The heredoc bodies of a kubectl script, in order.
fn heredoc_bodies(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        let Some((_, rest)) = line.split_once("<<'") else {
            continue;
        };
        let delim = rest.trim_end_matches('\'');
        let mut body = String::new();
        for l in lines.by_ref() {
            if l == delim {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push(body);
    }
    out
}

#[test]
fn kubectl_reads_back_every_object_the_script_applies() {
    // DESIRED is the dump: its AIGatewayRoute has an annotation whose first line starts with a
    // tab, which kubectl cannot read from a block scalar.
    let p = plan_ok(&desired(), &live(), &PlanOptions::default());
    let script = p.to_kubectl();
    assert!(script.contains(
        r#"nrp.example/notes: "\tindented with a tab\nsecond line written by an admin""#
    ));
    let bodies = heredoc_bodies(&script);
    let applied: Vec<&Value> = p
        .changes
        .iter()
        .filter_map(|c| c.desired.as_ref())
        .collect();
    assert_eq!(bodies.len(), applied.len());
    let read = kubectl_reads(&bodies.join("---\n"));
    let expected: Vec<Value> = applied.iter().map(|v| with_probe(v)).collect();
    assert_eq!(read, expected);
    // The plan against the live state applies the ApplySet parent first; kubectl reads it too.
    let p = plan_ok(&live(), &desired(), &PlanOptions::default());
    let bodies = heredoc_bodies(&p.to_kubectl());
    let read = kubectl_reads(&bodies[0]);
    assert_eq!(read, [with_probe(&p.applyset.as_ref().unwrap().parent())]);
    assert_eq!(
        read[0]["metadata"]["labels"][applyset::ID_LABEL],
        "applyset-qfhvKc1Sf_bBBkjV2URtxCnanuXjF0Sk3GIH3dbDxlA-v1"
    );
}

#[test]
fn kubectl_reads_back_every_string_the_emitter_writes() {
    // Deterministic pseudo-random strings of the characters that decide the scalar style.
    let pieces = [
        "a",
        "b",
        " ",
        "  ",
        "\t",
        "\n",
        "#",
        ":",
        "- ",
        "\u{a0}",
        "'",
        "\"",
        "\\",
        "\t ",
        " \t",
        "\n\t",
        "\n ",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx ",
    ];
    let mut state: u64 = 0x5eed;
    let mut next = |n: usize| -> usize {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % n
    };
    let mut docs = Vec::new();
    for i in 0..400 {
        let len = 1 + next(40);
        let s: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        docs.push(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": format!("c{i}")}, "data": {"k": s}}));
    }
    // The strings that made kubectl fail before they were quoted.
    for (i, s) in ["\tfoo\nbar", "\n\tfoo", "\t\n", "\ta\n", "\n\n\tb"]
        .into_iter()
        .enumerate()
    {
        docs.push(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": format!("fixed-{i}")}, "data": {"k": s}}));
    }
    let read = kubectl_reads(&to_yaml(&docs));
    let expected: Vec<Value> = docs.iter().map(with_probe).collect();
    assert_eq!(read.len(), expected.len());
    for (r, e) in read.iter().zip(&expected) {
        assert_eq!(r, e);
    }
}

#[test]
fn applying_the_plan_touches_no_foreign_object_and_converges() {
    let current = live();
    let p = plan_ok(&current, &desired(), &PlanOptions::default());
    let after = p.apply_to(&current);
    // Every object that is not this tool's is still there, unchanged.
    for o in current.objects() {
        let r = o.object_ref().unwrap();
        if foreign().iter().any(|(f, _)| *f == r.to_string()) {
            assert!(
                after.objects().iter().any(|a| a.value() == o.value()),
                "{r}"
            );
        }
    }
    // Planning again finds nothing to do and leaves the same objects alone.
    let again = plan_ok(&after, &desired(), &PlanOptions::default());
    assert!(again.changes.is_empty(), "{again}");
    assert_eq!(left_alone(&again), foreign());
}

/// The changes of a plan as `~ Kind ns/name` lines with their detail messages below.
fn shown(p: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for c in &p.changes {
        out.push(format!("{} {}", c.action.symbol(), c.object));
        out.extend(c.details.iter().map(|d| format!("    {}", d.message)));
    }
    out
}

/// The dump with `edit` applied to the object `kind name` (namespace nrp-llm).
fn edited(set: &ConfigSet, kind: &str, name: &str, edit: impl Fn(&mut Value)) -> ConfigSet {
    let mut found = false;
    let objects: Vec<nrp_llm_config::Object> = set
        .objects()
        .iter()
        .map(|o| {
            let r = o.object_ref();
            if r.as_ref().is_some_and(|r| {
                r.kind == kind && r.name == name && r.namespace.as_deref() == Some("nrp-llm")
            }) {
                found = true;
                let mut v = o.value().clone();
                edit(&mut v);
                nrp_llm_config::Object::new(v)
            } else {
                o.clone()
            }
        })
        .collect();
    assert!(found, "{kind} {name}");
    ConfigSet::from_objects(objects)
}

#[test]
fn a_live_dump_plans_only_what_applying_changes() {
    // The controller's finalizer, v1beta1 where the files say v1alpha1, an annotation another
    // manager (kubectl-annotate) owns, status and server fields: none of them is a change.
    let p = plan_ok(&live(), &desired(), &PlanOptions::default());
    assert_eq!(
        shown(&p)[..4],
        [
            "~ AIGatewayRoute nrp-llm/envoy-ai-gateway-nrp-qwen",
            "    model \"qwen3-embedding\": rule removed",
            "~ BackendSecurityPolicy nrp-llm/envoy-ai-gateway-nrp-apikey",
            "    targetRef AIServiceBackend envoy-ai-gateway-nrp-qwen3-embedding removed",
        ]
    );
    assert_eq!(p.summary().update, 2, "{p}");
    assert!(p.ownership_unknown.is_empty());
    assert!(!p.to_text(false).contains("Ownership unknown"));
    // Applying the plan and planning again: nothing left, although the live objects keep their
    // finalizers and v1beta1.
    let after = p.apply_to(&live());
    let again = plan_ok(&after, &desired(), &PlanOptions::default());
    assert!(again.is_empty(), "{again}");
}

#[test]
fn fields_this_tool_owns_and_desired_drops_are_a_change_the_others_are_not() {
    // This tool's manager owns the route's `llmRequestCosts` (it applied them): dropping them
    // from the file removes them. The annotation belongs to kubectl-annotate: dropping it from
    // a file that never had it is nothing.
    let dropped = edited(
        &desired(),
        "AIGatewayRoute",
        "envoy-ai-gateway-nrp-qwen",
        |v| {
            v["spec"].as_object_mut().unwrap().remove("llmRequestCosts");
        },
    );
    let p = plan_ok(&live(), &dropped, &PlanOptions::default());
    let route: Vec<String> = shown(&p)
        .into_iter()
        .skip_while(|l| !l.starts_with("~ AIGatewayRoute"))
        .take_while(|l| l.starts_with("~ AIGatewayRoute") || l.starts_with("    "))
        .collect();
    assert!(
        route.iter().any(|l| l.contains("spec.llmRequestCosts")),
        "{route:?}"
    );
    assert!(
        !route.iter().any(|l| l.contains("annotations")),
        "{route:?}"
    );
}

#[test]
fn without_managed_fields_foreign_metadata_is_ignored_and_the_plan_says_so() {
    // A dump made without --show-managed-fields, where other tools added labels, annotations,
    // a (non-controller) owner reference, and the object is being deleted.
    let mut objects = Vec::new();
    for o in live().objects() {
        let mut v = o.value().clone();
        v["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("managedFields");
        objects.push(nrp_llm_config::Object::new(v));
    }
    let bare = ConfigSet::from_objects(objects);
    let bare = edited(&bare, "Backend", "envoy-ai-gateway-nrp-qwen", |v| {
        let m = &mut v["metadata"];
        m["labels"]["team.example/cost-center"] = json!("42");
        m["annotations"] = json!({"argocd.argoproj.io/tracking-id": "x"});
        m["ownerReferences"] =
            json!([{"apiVersion": "v1", "kind": "ConfigMap", "name": "bundle", "uid": "9"}]);
        m["deletionTimestamp"] = json!("2026-10-03T00:00:00Z");
        m["deletionGracePeriodSeconds"] = json!(0);
    });
    let p = plan_ok(&bare, &desired(), &PlanOptions::default());
    assert_eq!(p.summary().update, 2, "{p}");
    assert!(
        p.changes
            .iter()
            .all(|c| !c.object.name.ends_with("nrp-qwen") || c.object.kind != "Backend")
    );
    assert!(
        p.ownership_unknown
            .iter()
            .any(|r| r.to_string() == "Backend nrp-llm/envoy-ai-gateway-nrp-qwen")
    );
    let text = p.to_text(false);
    assert!(text.contains("Ownership unknown: "), "{text}");
    assert!(text.contains("--show-managed-fields"), "{text}");
    let j = p.to_json();
    assert!(
        j["ownershipUnknown"]
            .as_array()
            .is_some_and(|a| a.len() == p.ownership_unknown.len())
    );
}

#[test]
fn integers_compare_by_value_and_versions_by_content() {
    let live = edited(&live(), "Backend", "envoy-ai-gateway-nrp-qwen", |v| {
        v["spec"]["endpoints"][0]["fqdn"]["port"] = json!(5000.0);
    });
    let p = plan_ok(&live, &desired(), &PlanOptions::default());
    assert_eq!(p.summary().update, 2, "{p}");
    // On v0.5, v1beta1 is not served: the version is no longer the same content.
    let v05 = PlanOptions {
        release: nrp_llm_config::Release::V0_5,
        ..PlanOptions::default()
    };
    let p = plan_ok(&live, &desired(), &v05);
    assert!(p.summary().update > 2, "{p}");
}

#[test]
fn changing_a_field_another_manager_owns_is_a_take_over_forced_for_that_object_only() {
    // The qwen Backend's endpoints were set with `kubectl edit` (manager kubectl-edit), and the
    // folder now says another port.
    let live = edited(&live(), "Backend", "envoy-ai-gateway-nrp-qwen", |v| {
        let fields = v["metadata"]["managedFields"].as_array_mut().unwrap();
        fields.retain(|e| e["manager"] != "nrp-llm-config");
        fields.push(
            json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "fieldsType": "FieldsV1",
            "manager": "kubectl-edit", "operation": "Update",
            "fieldsV1": {"f:spec": {"f:endpoints": {}}}}),
        );
        fields.push(
            json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "fieldsType": "FieldsV1",
            "manager": "nrp-llm-config", "operation": "Apply",
            "fieldsV1": {"f:metadata": {"f:labels": {"f:applyset.kubernetes.io/part-of": {}}}}}),
        );
    });
    let desired = edited(&desired(), "Backend", "envoy-ai-gateway-nrp-qwen", |v| {
        v["spec"]["endpoints"][0]["fqdn"]["port"] = json!(8000);
    });
    let p = plan_ok(&live, &desired, &PlanOptions::default());
    let c = p
        .changes
        .iter()
        .find(|c| c.object.to_string() == "Backend nrp-llm/envoy-ai-gateway-nrp-qwen")
        .expect("the Backend is updated");
    let taken: Vec<String> = c
        .takes_over()
        .map(|(path, m)| format!("{path} {m}"))
        .collect();
    assert_eq!(taken, ["spec.endpoints kubectl-edit"]);
    assert!(
        c.details
            .iter()
            .any(|d| d.message == "takes over spec.endpoints from kubectl-edit")
    );
    let script = p.to_kubectl();
    assert_eq!(script.matches("--force-conflicts").count(), 2, "{script}");
    assert!(script.contains(
        "# --force-conflicts: takes over spec.endpoints from kubectl-edit\n\
         kubectl apply --server-side --field-manager=nrp-llm-config --force-conflicts -f - <<'NRP_LLM_CONFIG_EOF'\n\
         apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\n"
    ));
    // The same port as live: no conflict, nothing to force.
    let p = plan_ok(&live, &crate::live::desired(), &PlanOptions::default());
    assert!(!p.to_kubectl().contains("--force-conflicts"));
}
