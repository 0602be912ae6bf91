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
