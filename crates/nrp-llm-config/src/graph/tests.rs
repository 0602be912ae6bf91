//! Graph tests: every edge of the guide diagram, escaping, order and ids.

use super::dot::dot_escape;
use super::mermaid::mermaid_escape;
use super::*;
use crate::ConfigSet;
use crate::document::{Limits, parse_str};

fn graph(yaml: &str) -> Graph {
    let set = ConfigSet::from_objects(parse_str(yaml, "t.yaml", &Limits::default()).unwrap());
    Graph::from_config_set(&set)
}

const FULL: &str = r#"
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: proxy, namespace: envoy-gateway-system}
spec: {}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy, namespace: envoy-gateway-system}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: nrp-llm}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: {name: ctp, namespace: nrp-llm}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route
  namespace: nrp-llm
  ownerReferences: [{apiVersion: aigateway.envoyproxy.io/v1alpha1, kind: AIGatewayRoute, name: route, uid: x}]
spec:
  parentRefs: [{name: gw}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: sp, namespace: nrp-llm}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: route}]
  apiKeyAuth:
    credentialRefs: [{name: client-keys}]
    extractFrom: [{headers: [x-api-key]}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata: {name: route, namespace: nrp-llm}
spec:
  parentRefs: [{name: gw, kind: Gateway, group: gateway.networking.k8s.io}]
  rules:
  - matches: [{headers: [{type: Exact, name: x-ai-eg-model, value: "a\"b<c>#1"}]}]
    backendRefs: [{name: asb}]
  - matches: [{headers: [{type: Exact, name: x-ai-eg-model, value: other}]}]
    backendRefs: [{name: asb}, {name: gone}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIServiceBackend
metadata: {name: asb, namespace: nrp-llm}
spec:
  schema: {name: OpenAI}
  backendRef: {name: be, kind: Backend, group: gateway.envoyproxy.io}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: be, namespace: nrp-llm}
spec:
  endpoints: [{fqdn: {hostname: be.example, port: 5000}}, {ip: {address: 10.0.0.1, port: 80}}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata: {name: key, namespace: nrp-llm}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: asb}]
  type: APIKey
  apiKey: {secretRef: {name: openai-apikey, namespace: nrp-llm}}
---
apiVersion: v1
kind: Secret
metadata: {name: openai-apikey, namespace: nrp-llm}
stringData: {apiKey: sk-very-secret}
"#;

#[test]
fn every_edge_of_the_guide_diagram() {
    let g = graph(FULL);
    let edges: Vec<String> = g
        .edges()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}{}",
                g.nodes()[e.from].object,
                if e.style == EdgeStyle::Dotted {
                    "-.->"
                } else {
                    "-->"
                },
                g.nodes()[e.to].object,
                e.label
                    .as_deref()
                    .map(|l| format!(" [{l}]"))
                    .unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            "EnvoyProxy envoy-gateway-system/proxy --> GatewayClass eg",
            "GatewayClass eg --> Gateway nrp-llm/gw",
            "ClientTrafficPolicy nrp-llm/ctp --> Gateway nrp-llm/gw",
            "Gateway nrp-llm/gw -.-> HTTPRoute nrp-llm/route",
            "Gateway nrp-llm/gw --> AIGatewayRoute nrp-llm/route",
            "SecurityPolicy nrp-llm/sp --> HTTPRoute nrp-llm/route",
            "SecurityPolicy nrp-llm/sp -.-> Secret nrp-llm/client-keys",
            "HTTPRoute nrp-llm/route --> AIGatewayRoute nrp-llm/route",
            "AIGatewayRoute nrp-llm/route --> AIServiceBackend nrp-llm/asb [a\"b<c>#1, other]",
            "AIGatewayRoute nrp-llm/route --> AIServiceBackend nrp-llm/gone [other]",
            "BackendSecurityPolicy nrp-llm/key --> AIServiceBackend nrp-llm/asb",
            "BackendSecurityPolicy nrp-llm/key -.-> Secret nrp-llm/openai-apikey",
            "AIServiceBackend nrp-llm/asb --> Backend nrp-llm/be",
        ]
    );
    let gone = g.nodes().iter().find(|n| n.object.name == "gone").unwrap();
    assert_eq!(gone.state, NodeState::Missing);
    let keys = g
        .nodes()
        .iter()
        .find(|n| n.object.name == "client-keys")
        .unwrap();
    assert_eq!(keys.state, NodeState::External);
    let be = g.nodes().iter().find(|n| n.object.name == "be").unwrap();
    assert_eq!(be.details, ["be.example:5000", "10.0.0.1:80"]);
}

#[test]
fn renderers_escape_and_never_show_secret_data() {
    let g = graph(FULL);
    let m = g.to_mermaid();
    assert!(m.contains(r#"|"a#34;b#60;c#62;#35;1, other"|"#), "{m}");
    assert!(!m.contains("sk-very-secret"));
    assert!(m.contains("openai-apikey"));
    // Only sanitised ids start a line or follow an arrow.
    for line in m.lines().skip(1) {
        let first = line.trim_start().split(['[', ' ']).next().unwrap();
        assert!(
            first
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                || ["classDef", "class", "linkStyle"].contains(&first),
            "{line}"
        );
    }
    // The dangling edge (route -> gone) is red: it is the 10th edge (index 9).
    assert!(m.contains("linkStyle 9 stroke:#cc0000"), "{m}");
    let d = g.to_dot();
    assert!(d.contains(r#"label="a\"b<c>#1, other""#), "{d}");
    assert!(!d.contains("sk-very-secret"));
    assert!(d.ends_with("}\n"));
}

#[test]
fn output_does_not_depend_on_input_order() {
    let docs: Vec<&str> = FULL.split("\n---\n").collect();
    let reversed: Vec<&str> = docs.iter().rev().copied().collect();
    let a = graph(&docs.join("\n---\n"));
    let b = graph(&reversed.join("\n---\n"));
    assert_eq!(a.to_mermaid(), b.to_mermaid());
    assert_eq!(a.to_dot(), b.to_dot());
}

#[test]
fn colliding_ids_are_made_unique() {
    let g = graph(
        "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: a-b, namespace: n}\nspec: {}\n---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata: {name: a.b, namespace: n}\nspec: {}\n",
    );
    let ids = g.node_ids();
    assert_eq!(ids, ["be_a_b", "be_a_b_2"]);
}

#[test]
fn escaping() {
    assert_eq!(mermaid_escape("x\"y#z;"), "x#34;y#35;z#59;");
    assert_eq!(dot_escape("a\\b\"c\nd"), "a\\\\b\\\"c d");
}

/// The AI Gateway kinds beyond routes, backends and key policies: a GatewayConfig selected by
/// the Gateway's annotation, an MCPRoute between its Gateway and its Backend, a QuotaPolicy and a
/// BackendTrafficPolicy pointing at what they target.
#[test]
fn new_kinds_are_drawn_with_their_edges() {
    let g = graph(
        r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: GatewayConfig
metadata: {name: cfg, namespace: nrp-llm}
spec: {}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: nrp-llm
  annotations: {aigateway.envoyproxy.io/gateway-config: cfg}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: MCPRoute
metadata: {name: tools, namespace: nrp-llm}
spec:
  parentRefs: [{name: gw}]
  backendRefs: [{name: mcp, kind: Backend, group: gateway.envoyproxy.io}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: mcp, namespace: nrp-llm}
spec:
  endpoints: [{fqdn: {hostname: mcp.example.org, port: 443}}]
---
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: QuotaPolicy
metadata: {name: q, namespace: nrp-llm}
spec:
  targetRefs: [{group: aigateway.envoyproxy.io, kind: AIServiceBackend, name: asb}]
  perModelQuotas:
  - modelName: org/m
    quota: {defaultBucket: {limit: 10, duration: 1h}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: btp, namespace: nrp-llm}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: route}]
"#,
    );
    let edges: Vec<String> = g
        .edges()
        .iter()
        .map(|e| format!("{} -> {}", g.nodes()[e.from].object, g.nodes()[e.to].object))
        .collect();
    for e in [
        "GatewayConfig nrp-llm/cfg -> Gateway nrp-llm/gw",
        "Gateway nrp-llm/gw -> MCPRoute nrp-llm/tools",
        "MCPRoute nrp-llm/tools -> Backend nrp-llm/mcp",
        "QuotaPolicy nrp-llm/q -> AIServiceBackend nrp-llm/asb",
        "BackendTrafficPolicy nrp-llm/btp -> HTTPRoute nrp-llm/route",
    ] {
        assert!(edges.iter().any(|x| x == e), "{e} not in {edges:#?}");
    }
    let quota = g
        .nodes()
        .iter()
        .find(|n| n.object.kind == "QuotaPolicy")
        .unwrap();
    assert_eq!(quota.details, ["org/m: 10/1h"]);
    // The AIServiceBackend a QuotaPolicy targets is a managed kind: missing, so dangling.
    let asb = g
        .nodes()
        .iter()
        .find(|n| n.object.kind == "AIServiceBackend")
        .unwrap();
    assert_eq!(asb.state, NodeState::Missing);
}
