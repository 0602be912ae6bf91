//! Snapshots of the removal scenario on the shipped example: CURRENT is
//! `examples/nrp/models-config`, DESIRED is the same folder with the model `qwen3-coder` removed
//! the way the admin guide does it by hand (its rule, its AIServiceBackend, its Backend and its
//! target in the API-key policy). The plan is the four-change cascade, in phases; its text, JSON and kubectl
//! renderings are snapshotted. A second scenario moves the model `gemma` to the other route
//! object and to a new SDSC backend under the other API key: the plan keeps it served and keyed
//! at every step (transitional route, policy drop after the switch).

use crate::common::workspace_root;
use nrp_llm_config::document::{Limits, Object};
use nrp_llm_config::plan::{Action, Phase, Plan, PlanOptions, plan};
use nrp_llm_config::{ConfigSet, validate};
use serde_json::Value;

const MODEL: &str = "qwen3-coder";
const BACKEND: &str = "envoy-ai-gateway-nrp-qwen3-coder";

fn current() -> ConfigSet {
    let set = ConfigSet::load(
        &[workspace_root().join("examples/nrp/models-config")],
        &Limits::default(),
    );
    assert!(set.problems().is_empty(), "{:#?}", set.problems());
    set
}

/// True when a rule matches on `x-ai-eg-model: <model>`.
fn routes_model(rule: &Value, model: &str) -> bool {
    rule["matches"].as_array().is_some_and(|ms| {
        ms.iter().any(|m| {
            m["headers"].as_array().is_some_and(|hs| {
                hs.iter()
                    .any(|h| h["name"] == "x-ai-eg-model" && h["value"] == model)
            })
        })
    })
}

/// `current` without the model: rule, AIServiceBackend, Backend and policy target removed.
fn without_model(current: &ConfigSet) -> ConfigSet {
    let mut removed = (0, 0, 0, 0);
    let mut out = Vec::new();
    for o in current.objects() {
        let mut v = o.value().clone();
        match (o.kind(), o.name()) {
            ("AIServiceBackend" | "Backend", BACKEND) => {
                removed.0 += 1;
                continue;
            }
            ("AIGatewayRoute", _) => {
                let rules = v["spec"]["rules"].as_array_mut().expect("route has rules");
                let before = rules.len();
                rules.retain(|r| !routes_model(r, MODEL));
                removed.1 += before - rules.len();
            }
            ("BackendSecurityPolicy", _) => {
                let targets = v["spec"]["targetRefs"]
                    .as_array_mut()
                    .expect("policy has targetRefs");
                let before = targets.len();
                targets.retain(|t| t["name"] != BACKEND);
                removed.2 += before - targets.len();
            }
            _ => {}
        }
        if &v == o.value() {
            out.push(o.clone());
        } else {
            removed.3 += 1;
            // Edited objects lose their source positions (they no longer match the file).
            out.push(Object::new(v));
        }
    }
    // Two objects dropped (AIServiceBackend and Backend), one rule, one target; two objects
    // edited (the route and the policy).
    assert_eq!(removed, (2, 1, 1, 2), "the example changed shape");
    ConfigSet::from_objects(out)
}

fn removal_plan() -> Plan {
    let current = current();
    let desired = without_model(&current);
    assert_eq!(desired.len() + 2, current.len());
    let d = validate::validate(&desired, PlanOptions::default().release);
    assert!(d.is_empty(), "desired is not clean: {d:#?}");
    plan(&current, &desired, &PlanOptions::default()).expect("plan")
}

#[test]
fn removal_is_a_four_change_cascade_in_apply_order() {
    let p = removal_plan();
    // The route stops sending to the model's backend (phase 2) before the policy drops it
    // (phase 3), so the model is never served without its key; the backends go last.
    let phases: Vec<Phase> = p.changes.iter().map(|c| c.phase).collect();
    assert_eq!(
        phases,
        [Phase::Switch, Phase::Finish, Phase::Delete, Phase::Delete]
    );
    let got: Vec<(Action, &str, &str)> = p
        .changes
        .iter()
        .map(|c| (c.action, c.object.kind.as_str(), c.object.name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Action::Update,
                "AIGatewayRoute",
                "envoy-ai-gateway-nrp-qwen"
            ),
            (
                Action::Update,
                "BackendSecurityPolicy",
                "envoy-ai-gateway-nrp-apikey"
            ),
            (Action::Delete, "AIServiceBackend", BACKEND),
            (Action::Delete, "Backend", BACKEND),
        ]
    );
}

#[test]
fn removal_text_snapshot() {
    insta::assert_snapshot!("removal_text", removal_plan().to_text(false));
}

#[test]
fn removal_json_snapshot() {
    let json = serde_json::to_string_pretty(&removal_plan().to_json()).expect("serialisable");
    insta::assert_snapshot!("removal_json", json);
}

#[test]
fn removal_kubectl_snapshot() {
    insta::assert_snapshot!("removal_kubectl", removal_plan().to_kubectl());
}

const MOVED: &str = "gemma";
const OLD_BACKEND: &str = "envoy-ai-gateway-nrp-gemma";
const NEW_BACKEND: &str = "envoy-ai-gateway-sdsc-nairr-gemma";

/// `current` with `gemma` moved from the route `envoy-ai-gateway-nrp-general` to
/// `envoy-ai-gateway-nrp-qwen`, and from its NRP backend (API key `envoy-ai-gateway-nrp-apikey`)
/// to a new SDSC one (key `envoy-ai-gateway-sdsc-nairr-apikey`); the old backend is gone.
fn with_model_moved(current: &ConfigSet) -> ConfigSet {
    let rule = current
        .objects()
        .iter()
        .filter(|o| o.kind() == "AIGatewayRoute")
        .flat_map(|o| {
            o.value()["spec"]["rules"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .find(|r| routes_model(r, MOVED))
        .expect("the example routes gemma");
    let mut out = Vec::new();
    for o in current.objects() {
        let mut v = o.value().clone();
        match (o.kind(), o.name()) {
            ("AIServiceBackend" | "Backend", OLD_BACKEND) => {
                let mut new = v.clone();
                new["metadata"]["name"] = NEW_BACKEND.into();
                if o.kind() == "AIServiceBackend" {
                    new["spec"]["backendRef"]["name"] = NEW_BACKEND.into();
                } else {
                    new["spec"]["endpoints"][0]["fqdn"]["hostname"] =
                        "gemma.sdsc-nairr.svc.cluster.local".into();
                }
                out.push(Object::new(new));
                continue;
            }
            ("AIGatewayRoute", "envoy-ai-gateway-nrp-general") => {
                let rules = v["spec"]["rules"].as_array_mut().expect("route has rules");
                rules.retain(|r| !routes_model(r, MOVED));
            }
            // The model's quota moves with it (the catalog names a QuotaPolicy after its backend).
            ("QuotaPolicy", OLD_BACKEND) => {
                v["metadata"]["name"] = NEW_BACKEND.into();
                v["spec"]["targetRefs"][0]["name"] = NEW_BACKEND.into();
                out.push(Object::new(v));
                continue;
            }
            ("AIGatewayRoute", "envoy-ai-gateway-nrp-qwen") => {
                let mut moved = rule.clone();
                moved["backendRefs"][0]["name"] = NEW_BACKEND.into();
                let rules = v["spec"]["rules"].as_array_mut().expect("route has rules");
                rules.push(moved);
            }
            ("BackendSecurityPolicy", "envoy-ai-gateway-nrp-apikey") => {
                let targets = v["spec"]["targetRefs"].as_array_mut().expect("targetRefs");
                targets.retain(|t| t["name"] != OLD_BACKEND);
            }
            ("BackendSecurityPolicy", "envoy-ai-gateway-sdsc-nairr-apikey") => {
                let targets = v["spec"]["targetRefs"].as_array_mut().expect("targetRefs");
                targets.push(serde_json::json!({"group": "aigateway.envoyproxy.io",
                    "kind": "AIServiceBackend", "name": NEW_BACKEND}));
            }
            _ => {}
        }
        out.push(if &v == o.value() {
            o.clone()
        } else {
            Object::new(v)
        });
    }
    ConfigSet::from_objects(out)
}

fn move_plan() -> Plan {
    let current = current();
    let desired = with_model_moved(&current);
    let d = validate::validate(&desired, PlanOptions::default().release);
    assert!(d.is_empty(), "desired is not clean: {d:#?}");
    plan(&current, &desired, &PlanOptions::default()).expect("plan")
}

#[test]
fn moved_model_is_made_before_it_is_broken() {
    let p = move_plan();
    let steps: Vec<(Phase, Action, &str, &str, bool)> = p
        .steps()
        .iter()
        .map(|s| {
            let c = s.change;
            (
                s.phase,
                c.action,
                c.object.kind.as_str(),
                c.object.name.as_str(),
                s.transitional,
            )
        })
        .collect();
    let general = "envoy-ai-gateway-nrp-general";
    assert_eq!(
        steps,
        [
            (
                Phase::Prepare,
                Action::Create,
                "Backend",
                NEW_BACKEND,
                false
            ),
            (
                Phase::Prepare,
                Action::Create,
                "AIServiceBackend",
                NEW_BACKEND,
                false
            ),
            (
                Phase::Prepare,
                Action::Update,
                "BackendSecurityPolicy",
                "envoy-ai-gateway-sdsc-nairr-apikey",
                false
            ),
            // The quota is in place before the new backend gets traffic.
            (
                Phase::Prepare,
                Action::Create,
                "QuotaPolicy",
                NEW_BACKEND,
                false
            ),
            (
                Phase::Switch,
                Action::Update,
                "AIGatewayRoute",
                "envoy-ai-gateway-nrp-qwen",
                false
            ),
            // The general route keeps gemma's old rule until the qwen route serves it.
            (
                Phase::Switch,
                Action::Update,
                "AIGatewayRoute",
                general,
                true
            ),
            (
                Phase::Finish,
                Action::Update,
                "AIGatewayRoute",
                general,
                false
            ),
            // The old backend keeps its key until no route sends to it.
            (
                Phase::Finish,
                Action::Update,
                "BackendSecurityPolicy",
                "envoy-ai-gateway-nrp-apikey",
                false
            ),
            // The old quota goes before the AIServiceBackend it targets.
            (
                Phase::Delete,
                Action::Delete,
                "QuotaPolicy",
                OLD_BACKEND,
                false
            ),
            (
                Phase::Delete,
                Action::Delete,
                "AIServiceBackend",
                OLD_BACKEND,
                false
            ),
            (Phase::Delete, Action::Delete, "Backend", OLD_BACKEND, false),
        ]
    );
    // The transitional general route holds 15 rules: its 14 and gemma's old one, first.
    let general = p
        .changes
        .iter()
        .find(|c| c.object.name == "envoy-ai-gateway-nrp-general")
        .expect("general route changes");
    let rules = &general.transitional.as_ref().expect("transitional").object["spec"]["rules"];
    assert_eq!(rules.as_array().map(Vec::len), Some(15));
    assert!(routes_model(&rules[0], MOVED));
    assert_eq!(rules[0]["backendRefs"][0]["name"], OLD_BACKEND);
}

#[test]
fn move_text_snapshot() {
    insta::assert_snapshot!("move_text", move_plan().to_text(false));
}

#[test]
fn move_kubectl_snapshot() {
    insta::assert_snapshot!("move_kubectl", move_plan().to_kubectl());
}

#[test]
fn removal_markdown_snapshot() {
    insta::assert_snapshot!("removal_markdown", removal_plan().to_markdown());
}

#[test]
fn move_markdown_snapshot() {
    insta::assert_snapshot!("move_markdown", move_plan().to_markdown());
}

#[test]
fn markdown_of_creates_says_what_they_create() {
    let p = nrp_llm_config::plan::plan(
        &ConfigSet::default(),
        &current(),
        &nrp_llm_config::plan::PlanOptions::default(),
    )
    .unwrap();
    let md = p.to_markdown();
    assert!(
        md.starts_with("### nrp-llm-config plan: 49 to create, 0 to update, 0 to delete\n"),
        "{md}"
    );
    assert!(
        md.contains("- endpoint gemma-vllm-inference.nrp-llm.svc.cluster.local:5000\n"),
        "{md}"
    );
    assert!(
        md.contains("- sends to Backend envoy-ai-gateway-nrp-gemma, schema OpenAI\n"),
        "{md}"
    );
    assert!(
        md.contains("- model gemma → envoy-ai-gateway-nrp-gemma"),
        "{md}"
    );
}
