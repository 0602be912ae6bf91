//! Unit tests of the cross-object rules.

use super::*;
use crate::document::{Limits, parse_str};

fn set(text: &str) -> ConfigSet {
    ConfigSet::from_objects(parse_str(text, "t.yaml", &Limits::default()).unwrap())
}

const BASE: &str = "apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: r1
  namespace: nrp-llm
spec:
  parentRefs:
  - name: gw
    kind: Gateway
    group: gateway.networking.k8s.io
  rules:
  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: m1
    backendRefs:
    - name: asb1
    timeouts:
      request: 60s
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata:
  name: asb1
  namespace: nrp-llm
spec:
  schema:
    name: OpenAI
  backendRef:
    name: b1
    kind: Backend
    group: gateway.envoyproxy.io
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: b1
  namespace: nrp-llm
spec:
  endpoints:
  - fqdn:
      hostname: a.b
      port: 80
";

#[test]
fn clean_set_has_no_findings() {
    let d = check(&set(BASE), Release::V1_1);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn dangling_reference_points_at_name() {
    let text = BASE.replace("  - name: asb1\n", "  - name: asb2\n");
    let d = check(&set(&text), Release::V1_1);
    let r = d
        .iter()
        .find(|d| d.code == Code::INVALID_REFERENCE)
        .unwrap();
    assert_eq!(r.location.line, Some(18));
    assert_eq!(r.location.column, Some(7));
    assert_eq!(r.path.to_string(), "spec.rules[0].backendRefs[0].name");
    assert_eq!(r.hint.as_deref(), Some("did you mean \"asb1\"?"));
    // asb1 is now unused.
    assert!(d.iter().any(|d| d.code == Code::UNUSED_OBJECT));
}

#[test]
fn duplicate_model_across_routes() {
    let second = BASE
        .split("---")
        .next()
        .unwrap()
        .replace("name: r1", "name: r2");
    let text = format!("{BASE}---\n{second}");
    let d = check(&set(&text), Release::V1_1);
    let dups: Vec<_> = d
        .iter()
        .filter(|d| d.code == Code::DUPLICATE_MODEL)
        .collect();
    assert_eq!(dups.len(), 1, "{d:#?}");
    assert_eq!(dups[0].object.as_ref().unwrap().name, "r2");
}

/// A route with the given rules (YAML flow lists of header matches), to asb1 with a timeout.
fn route_with(rules: &[&str]) -> String {
    let mut text = String::from(
        "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIGatewayRoute\nmetadata: {name: r, namespace: nrp-llm}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n",
    );
    for matches in rules {
        text.push_str(&format!(
            "  - matches: {matches}\n    backendRefs: [{{name: asb1}}]\n    timeouts: {{request: 60s}}\n"
        ));
    }
    text.push_str("---\napiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: AIServiceBackend\nmetadata: {name: asb1, namespace: nrp-llm}\nspec:\n  schema: {name: OpenAI}\n  backendRef: {name: b1, kind: Backend, group: gateway.envoyproxy.io}\n---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: b1, namespace: nrp-llm}\nspec:\n  endpoints: [{fqdn: {hostname: h, port: 80}}]\n");
    text
}

fn duplicates(rules: &[&str]) -> usize {
    let s = set(&route_with(rules));
    let d = check(&s, Release::V1_1);
    assert_eq!(d, check_reference(&s, Release::V1_1), "{rules:?}");
    d.iter().filter(|d| d.code == Code::DUPLICATE_MODEL).count()
}

#[test]
fn duplicate_model_only_where_rules_compete() {
    let m = |v: &str| format!("{{name: x-ai-eg-model, value: {v}}}");
    let key = |k: &str| format!("{{name: Authorization, value: 'Bearer {k}'}}");
    // Upstream's model + API-key routing: one rule, two matches for one model.
    let one_rule = format!(
        "[{{headers: [{}, {}]}}, {{headers: [{}, {}]}}]",
        m("a"),
        key("x"),
        m("a"),
        key("y")
    );
    assert_eq!(duplicates(&[&one_rule]), 0);
    // The same split over two rules: the keys keep them apart.
    let r1 = format!("[{{headers: [{}, {}]}}]", m("a"), key("x"));
    let r2 = format!("[{{headers: [{}, {}]}}]", m("a"), key("y"));
    assert_eq!(duplicates(&[&r1, &r2]), 0);
    // A tenant-specific rule before or after the general one: precedence decides, no conflict.
    let general = format!("[{{headers: [{}]}}]", m("a"));
    let tenant = format!("[{{headers: [{}, {{name: x-tenant, value: t}}]}}]", m("a"));
    assert_eq!(duplicates(&[&general, &tenant]), 0);
    assert_eq!(duplicates(&[&tenant, &general]), 0);
    // Two rules that really compete: the second never sees a request.
    assert_eq!(duplicates(&[&general, &general]), 1);
    assert_eq!(duplicates(&[&r1, &r1]), 1);
}
