//! The semantics the views decide, tested once.

use super::*;
use serde_json::json;

fn rule_names(rule: &Value) -> Vec<&str> {
    RuleView::new(Node::new(rule))
        .model_names()
        .map(|m| m.value)
        .collect()
}

#[test]
fn model_header_name_is_case_insensitive() {
    for name in ["x-ai-eg-model", "X-AI-EG-MODEL", "X-Ai-Eg-Model"] {
        let rule = json!({"matches": [{"headers": [{"name": name, "value": "m"}]}]});
        assert_eq!(rule_names(&rule), ["m"], "{name}");
    }
    // Not the header: a prefix, a suffix, another header.
    for name in [
        "x-ai-eg-model-",
        "ai-eg-model",
        "x-ai-eg-models",
        "x-tenant",
    ] {
        let rule = json!({"matches": [{"headers": [{"name": name, "value": "m"}]}]});
        assert!(rule_names(&rule).is_empty(), "{name}");
    }
}

#[test]
fn only_exact_matches_name_a_model() {
    let rule = json!({"matches": [{"headers": [
        {"name": "x-ai-eg-model", "value": "absent-type"},
        {"type": "Exact", "name": "x-ai-eg-model", "value": "exact"},
        {"type": "RegularExpression", "name": "x-ai-eg-model", "value": "re.*"},
        {"type": "exact", "name": "x-ai-eg-model", "value": "lower-case-type"},
        {"type": "Exact", "name": "x-ai-eg-model"},
        {"type": "Exact", "name": "x-ai-eg-model", "value": 7}
    ]}]});
    assert_eq!(rule_names(&rule), ["absent-type", "exact"]);
    // Every condition on the header, whatever its type or value, is a model match.
    let all = RuleView::new(Node::new(&rule)).model_matches().count();
    assert_eq!(all, 6);
}

#[test]
fn model_names_keep_order_repeats_and_indexes() {
    let rule = json!({"matches": [
        {"headers": [{"name": "Authorization", "value": "Bearer a"}, {"name": "x-ai-eg-model", "value": "m"}]},
        {"headers": [{"name": "Authorization", "value": "Bearer b"}, {"name": "x-ai-eg-model", "value": "m"}]},
        {"headers": [{"name": "x-ai-eg-model", "value": "n"}]}
    ]});
    let names: Vec<(&str, usize, usize)> = RuleView::new(Node::new(&rule))
        .model_names()
        .map(|m| (m.value, m.match_index, m.header_index))
        .collect();
    assert_eq!(names, [("m", 0, 1), ("m", 1, 1), ("n", 2, 0)]);
}

#[test]
fn reference_defaults_per_field() {
    let spec = json!({"rules": [{"backendRefs": [
        {"name": "a"},
        {"name": "p", "group": "inference.networking.k8s.io", "kind": "InferencePool"},
        {"name": "k", "kind": "AIServiceBackend", "group": ""}
    ]}], "parentRefs": [{"name": "gw", "namespace": "infra"}]});
    let route = RouteView::new(Some(Node::new(&spec)));
    let refs: Vec<bool> = route
        .rules()
        .flat_map(|r| r.backend_refs().collect::<Vec<_>>())
        .map(|b| b.is_ai_service_backend())
        .collect();
    assert_eq!(refs, [true, false, false]);
    let parent = route.parent_refs().next().unwrap();
    assert_eq!(
        parent.object_ref(Some("nrp-llm")).unwrap().to_string(),
        "Gateway infra/gw"
    );
    let asb = json!({"backendRef": {"name": "svc"}});
    let r = ServiceBackendView::new(Some(Node::new(&asb)))
        .backend_ref()
        .unwrap();
    assert_eq!((r.group, r.kind), ("", "Service"));
}

#[test]
fn tracked_indexes_match_loader_positions() {
    use crate::document::{Limits, parse_str};
    let text = "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata:\n  name: r\n  namespace: n\nspec:\n  rules:\n  - backendRefs:\n    - name: b\n      modelNameOverride: o\n    matches:\n    - headers:\n      - name: x-ai-eg-model\n        value: m\n";
    let objects = parse_str(text, "r.yaml", &Limits::default()).unwrap();
    let o = &objects[0];
    let view = ObjectView::at(Node::tracked(o.value()));
    let route = RouteView::new(view.spec());
    let rule = route.rules().next().unwrap();
    let pos = |n: Node<'_>| n.position(o.positions()).map(|p| (p.line, p.column));
    let model = rule.model_names().next().unwrap();
    assert_eq!(pos(model.value_node().unwrap()), Some((14, 9)));
    let b = rule.backend_refs().next().unwrap();
    assert_eq!(pos(b.reference.name_node().unwrap()), Some((9, 7)));
    assert_eq!(pos(b.override_node().unwrap()), Some((10, 7)));
    assert_eq!(pos(view.name_node()), Some((4, 3)));
    // Untracked views have no positions.
    let plain = RouteView::new(ObjectView::new(o.value()).spec());
    let m = plain.rules().next().unwrap().model_names().next().unwrap();
    assert_eq!(m.value_node().unwrap().position(o.positions()), None);
}

#[test]
fn server_fields_are_stripped_and_order_kept() {
    let live = json!({"apiVersion": "v1", "kind": "X", "metadata": {
        "name": "a", "uid": "u", "resourceVersion": "1", "generation": 2,
        "creationTimestamp": "t", "managedFields": [], "selfLink": "/x",
        "labels": {}, "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "keep": "y"}
    }, "spec": {"z": 1, "a": 2}, "status": {"ok": true}});
    let s = serde_json::to_string(&strip_server_fields(&live)).unwrap();
    assert_eq!(
        s,
        r#"{"apiVersion":"v1","kind":"X","metadata":{"name":"a","annotations":{"keep":"y"}},"spec":{"z":1,"a":2}}"#
    );
}

#[test]
fn metadata_accessors() {
    let v = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
    "metadata": {"name": "b", "namespace": "n", "uid": "u-1", "resourceVersion": "9",
        "labels": {"applyset.kubernetes.io/part-of": "applyset-x-v1", "n": 1},
        "annotations": {"a": "b"},
        "ownerReferences": [
            {"apiVersion": "v1", "kind": "ConfigMap", "name": "c", "uid": "2"},
            {"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "MCPRoute", "name": "m", "uid": "3", "controller": true}
        ]}});
    let o = ObjectView::new(&v);
    assert!(o.is_live());
    assert_eq!((o.uid(), o.resource_version()), (Some("u-1"), Some("9")));
    assert_eq!(
        o.label("applyset.kubernetes.io/part-of"),
        Some("applyset-x-v1")
    );
    // A label value of the wrong type reads as absent.
    assert_eq!(o.label("n"), None);
    assert_eq!(o.annotation("a"), Some("b"));
    assert_eq!(o.annotation("missing"), None);
    let owner = o.controller_owner().unwrap();
    assert_eq!(owner.to_string(), "MCPRoute m");
    assert_eq!(owner.group(), "aigateway.envoyproxy.io");
    let file = json!({"kind": "Backend", "metadata": {"name": "b", "ownerReferences": [{"kind": "X", "name": "y"}]}});
    let o = ObjectView::new(&file);
    assert!(!o.is_live() && o.controller_owner().is_none());
    assert!(!ObjectView::new(&json!({"kind": "Backend"})).is_live());
}

#[test]
fn cluster_fields_are_dropped_for_desired_use() {
    let v = json!({"kind": "Backend", "metadata": {"name": "b", "uid": "1", "generation": 2,
        "finalizers": ["f"], "deletionTimestamp": "2026-01-01T00:00:00Z",
        "deletionGracePeriodSeconds": 0,
        "ownerReferences": [{"kind": "X", "name": "y", "uid": "z"}],
        "labels": {"keep": "me"}, "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}},
        "status": {}});
    assert_eq!(
        strip_cluster_fields(&v),
        json!({"kind": "Backend", "metadata": {"name": "b", "labels": {"keep": "me"}}})
    );
}

#[test]
fn references_of_each_kind() {
    let refs = |v: Value| -> Vec<String> {
        ObjectView::new(&v)
            .references()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    let route = json!({"apiVersion": "aigateway.envoyproxy.io/v1beta1", "kind": "AIGatewayRoute",
        "metadata": {"name": "r", "namespace": "n"},
        "spec": {"parentRefs": [{"name": "gw"}], "rules": [
            {"backendRefs": [{"name": "a"}, {"name": "b", "namespace": "o"}]}]}});
    assert_eq!(
        refs(route),
        [
            "Gateway n/gw",
            "AIServiceBackend n/a",
            "AIServiceBackend o/b"
        ]
    );
    let asb = json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIServiceBackend",
        "metadata": {"name": "a", "namespace": "n"},
        "spec": {"backendRef": {"name": "be", "kind": "Backend", "group": "gateway.envoyproxy.io"},
                 "backendSecurityPolicyRef": {"name": "key", "kind": "BackendSecurityPolicy", "group": "aigateway.envoyproxy.io"}}});
    assert_eq!(refs(asb), ["Backend n/be", "BackendSecurityPolicy n/key"]);
    let policy = json!({"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "BackendSecurityPolicy",
        "metadata": {"name": "p", "namespace": "n"},
        "spec": {"type": "APIKey", "apiKey": {"secretRef": {"name": "s"}},
                 "targetRefs": [{"name": "a", "kind": "AIServiceBackend", "group": "aigateway.envoyproxy.io", "namespace": "elsewhere"}]}});
    assert_eq!(refs(policy), ["AIServiceBackend n/a", "Secret n/s"]);
    let http = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "h", "namespace": "n", "ownerReferences": [{"apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute", "name": "r"}]},
        "spec": {"parentRefs": [{"name": "gw"}], "rules": [{"backendRefs": [
            {"name": "be", "kind": "Backend", "group": "gateway.envoyproxy.io"}, {"name": "svc", "port": 80}]}]}});
    assert_eq!(
        refs(http),
        ["Gateway n/gw", "Backend n/be", "Service n/svc"]
    );
    let gw = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "n"}, "spec": {"gatewayClassName": "eg"}});
    assert_eq!(refs(gw), ["GatewayClass eg"]);
    assert!(
        refs(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}))
            .is_empty()
    );
}

fn compete(a: &Value, b: &Value) -> bool {
    RuleView::new(Node::new(a)).competes_with(&RuleView::new(Node::new(b)))
}

fn rule(headers: Value) -> Value {
    json!({"matches": [{"headers": headers}]})
}

#[test]
fn which_rules_compete() {
    let m = |v: &str| json!({"name": "x-ai-eg-model", "value": v});
    let h = |n: &str, v: &str| json!({"name": n, "value": v});
    // Different models: never both.
    assert!(!compete(&rule(json!([m("a")])), &rule(json!([m("b")]))));
    // Same model: the first wins.
    assert!(compete(&rule(json!([m("a")])), &rule(json!([m("a")]))));
    // Same model, different API keys (upstream's model + key routing): disjoint.
    let (ka, kb) = (
        h("Authorization", "Bearer a"),
        h("authorization", "Bearer b"),
    );
    assert!(!compete(
        &rule(json!([m("a"), ka])),
        &rule(json!([m("a"), kb]))
    ));
    // A model rule and a tenant rule: one request can carry both headers, same precedence.
    assert!(compete(
        &rule(json!([m("a")])),
        &rule(json!([h("x-tenant", "t")]))
    ));
    // More conditions win whatever the order: no competition.
    assert!(!compete(
        &rule(json!([m("a")])),
        &rule(json!([m("a"), h("x-tenant", "t")]))
    ));
    // A regular expression may match anything.
    let re = json!({"name": "x-ai-eg-model", "type": "RegularExpression", "value": "a.*"});
    assert!(compete(&rule(json!([m("b")])), &rule(json!([re]))));
    // Header names compare case-insensitively.
    assert!(!compete(
        &rule(json!([m("a")])),
        &rule(json!([h("X-AI-EG-MODEL", "b")]))
    ));
    // A rule without matches matches everything, with the lowest precedence.
    assert!(compete(&json!({}), &json!({"matches": [{}]})));
    assert!(!compete(&json!({}), &rule(json!([m("a")]))));
    // One rule with two matches competes when any pair does.
    let two = json!({"matches": [{"headers": [m("a")]}, {"headers": [m("b")]}]});
    assert!(compete(&two, &rule(json!([m("b")]))));
}
