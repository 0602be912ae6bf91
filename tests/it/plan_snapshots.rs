//! Snapshots of the removal scenario on the shipped example: CURRENT is
//! `examples/nrp/models-config`, DESIRED is the same folder with the model `qwen3-coder` removed
//! the way the admin guide does it by hand (its rule, its AIServiceBackend, its Backend and its
//! target in the API-key policy). The plan is the four-change cascade; its text, JSON and kubectl
//! renderings are snapshotted.

use crate::common::workspace_root;
use nrp_llm_config::document::{Limits, Object};
use nrp_llm_config::plan::{Action, Plan, PlanOptions, plan};
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
                "BackendSecurityPolicy",
                "envoy-ai-gateway-nrp-apikey"
            ),
            (
                Action::Update,
                "AIGatewayRoute",
                "envoy-ai-gateway-nrp-qwen"
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
