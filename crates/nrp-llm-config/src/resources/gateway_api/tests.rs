//! Round trips and builders of the Gateway API kinds.

use super::*;
use kube_core::CustomResourceExt;
use serde::Serialize;

/// Decodes `yaml` as `T`, encodes it again and checks the result equals the YAML as a
/// plain JSON value.
fn round_trip<T>(yaml: &str) -> T
where
    T: serde::de::DeserializeOwned + Serialize,
{
    let original: Value = serde_saphyr::from_str(yaml).expect("sample parses");
    let typed: T = serde_json::from_value(original.clone()).expect("sample decodes");
    let again = serde_json::to_value(&typed).expect("encodes");
    assert_eq!(again, original, "round trip changed the object");
    typed
}

const GATEWAY: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: envoy-ai-gateway-nrp
  namespace: nrp-llm
  labels:
    app.kubernetes.io/part-of: llm-proxy
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  gatewayClassName: envoy-ai-gateway-nrp
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    hostname: llm.nrp-nautilus.io
    allowedRoutes:
      namespaces:
        from: Same
  - name: https
    protocol: HTTPS
    port: 443
    hostname: llm.nrp-nautilus.io
    tls:
      mode: Terminate
      certificateRefs:
      - kind: Secret
        group: ""
        name: llm-nrp-nautilus-io-tls
      options:
        gateway.envoyproxy.io/min-tls-version: "1.2"
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            kubernetes.io/metadata.name: nrp-llm
          matchExpressions:
          - key: env
            operator: In
            values:
            - prod
      kinds:
      - group: gateway.networking.k8s.io
        kind: HTTPRoute
  - name: custom
    protocol: example.com/custom-proto
    port: 9000
  addresses:
  - type: IPAddress
    value: 10.0.0.10
  infrastructure:
    labels:
      nrp.io/team: llm
    annotations:
      metallb.universe.tf/address-pool: public
    parametersRef:
      group: gateway.envoyproxy.io
      kind: EnvoyProxy
      name: envoy-ai-gateway-nrp
  allowedListeners:
    namespaces:
      from: None
status:
  addresses:
  - type: IPAddress
    value: 10.0.0.10
  conditions:
  - type: Programmed
    status: "True"
    reason: Programmed
    message: Address assigned to the Gateway
    observedGeneration: 3
    lastTransitionTime: "2025-09-01T12:00:00Z"
  listeners:
  - name: https
    attachedRoutes: 4
    supportedKinds:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
    conditions:
    - type: Accepted
      status: "True"
      reason: Accepted
      message: Listener is accepted
      lastTransitionTime: "2025-09-01T12:00:00Z"
  attachedListenerSets: 0
"#;

const GATEWAY_CLASS: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: envoy-ai-gateway-nrp
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  description: Envoy AI Gateway for NRP
  parametersRef:
    group: gateway.envoyproxy.io
    kind: EnvoyProxy
    name: envoy-ai-gateway-nrp
    namespace: envoy-gateway-system
status:
  conditions:
  - type: Accepted
    status: "True"
    reason: Accepted
    message: Valid GatewayClass
    lastTransitionTime: "2025-09-01T12:00:00Z"
  supportedFeatures:
  - name: HTTPRoute
"#;

const HTTP_ROUTE: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: nrp-llm-docs
  namespace: nrp-llm
spec:
  parentRefs:
  - name: envoy-ai-gateway-nrp
    kind: Gateway
    group: gateway.networking.k8s.io
    sectionName: https
  hostnames:
  - llm.nrp-nautilus.io
  - "*.llm.nrp-nautilus.io"
  rules:
  - name: docs
    matches:
    - path:
        type: PathPrefix
        value: /docs
      method: GET
      headers:
      - name: x-debug
        value: "1"
      queryParams:
      - type: RegularExpression
        name: lang
        value: "^(en|es)$"
    - path:
        type: example.com/Glob
        value: /static/*
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: x-forwarded-by
          value: nrp
        remove:
        - x-internal
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /
    backendRefs:
    - name: llm-docs
      port: 8080
      weight: 90
    - group: gateway.envoyproxy.io
      kind: Backend
      name: llm-docs-mirror
      weight: 10
      filters:
      - type: ResponseHeaderModifier
        responseHeaderModifier:
          add:
          - name: x-served-by
            value: mirror
    timeouts:
      request: 1200s
      backendRequest: 600s
    sessionPersistence:
      sessionName: nrp-session
  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: qwen3
    backendRefs: []
status:
  parents:
  - parentRef:
      name: envoy-ai-gateway-nrp
      namespace: nrp-llm
    controllerName: gateway.envoyproxy.io/gatewayclass-controller
    conditions:
    - type: Accepted
      status: "True"
      reason: Accepted
      message: Route is accepted
      lastTransitionTime: "2025-09-01T12:00:00Z"
"#;

#[test]
fn gateway_round_trips() {
    let gw: Gateway = round_trip(GATEWAY);
    assert_eq!(gw.metadata.namespace.as_deref(), Some("nrp-llm"));
    assert_eq!(gw.spec.gateway_class_name, "envoy-ai-gateway-nrp");
    let https = &gw.spec.listeners[1];
    assert_eq!(https.protocol, ListenerProtocol::Https);
    assert_eq!(https.port, 443);
    let tls = https.tls.as_ref().unwrap();
    assert_eq!(tls.mode, Some(TlsMode::Terminate));
    let cert = &tls.certificate_refs.as_ref().unwrap()[0];
    assert_eq!(cert.group.as_deref(), Some(""));
    let ns = https
        .allowed_routes
        .as_ref()
        .unwrap()
        .namespaces
        .as_ref()
        .unwrap();
    assert_eq!(ns.from, Some(FromNamespaces::Selector));
    assert_eq!(
        gw.spec.listeners[2].protocol,
        ListenerProtocol::Other("example.com/custom-proto".into())
    );
    assert!(gw.spec.extra.contains_key("allowedListeners"));
    let infra = gw.spec.infrastructure.as_ref().unwrap();
    assert_eq!(infra.parameters_ref.as_ref().unwrap().kind, "EnvoyProxy");
    let status = gw.status.as_ref().unwrap();
    assert_eq!(status.listeners.as_ref().unwrap()[0].attached_routes, 4);
    assert!(status.extra.contains_key("attachedListenerSets"));
}

#[test]
fn gateway_class_round_trips() {
    let gc: GatewayClass = round_trip(GATEWAY_CLASS);
    assert_eq!(
        gc.spec.controller_name,
        "gateway.envoyproxy.io/gatewayclass-controller"
    );
    let p = gc.spec.parameters_ref.as_ref().unwrap();
    assert_eq!(p.namespace.as_deref(), Some("envoy-gateway-system"));
    let status = gc.status.as_ref().unwrap();
    assert_eq!(status.conditions.as_ref().unwrap()[0].type_, "Accepted");
    assert!(status.extra.contains_key("supportedFeatures"));
}

#[test]
fn http_route_round_trips() {
    let r: HttpRoute = round_trip(HTTP_ROUTE);
    let rules = r.spec.rules.as_ref().unwrap();
    assert_eq!(rules.len(), 2);
    let m = &rules[0].matches.as_ref().unwrap()[0];
    assert_eq!(m.method, Some(HttpMethod::Get));
    assert_eq!(
        m.path.as_ref().unwrap().r#type,
        Some(PathMatchType::PathPrefix)
    );
    assert_eq!(m.headers.as_ref().unwrap()[0].r#type, None);
    assert_eq!(
        m.query_params.as_ref().unwrap()[0].r#type,
        Some(HeaderMatchType::RegularExpression)
    );
    let glob = &rules[0].matches.as_ref().unwrap()[1];
    assert_eq!(
        glob.path.as_ref().unwrap().r#type,
        Some(PathMatchType::Other("example.com/Glob".into()))
    );
    let filters = rules[0].filters.as_ref().unwrap();
    assert_eq!(filters[1].r#type, HttpRouteFilterType::UrlRewrite);
    assert!(filters[1].url_rewrite.is_some());
    assert!(rules[0].extra.contains_key("sessionPersistence"));
    assert_eq!(
        rules[0].timeouts.as_ref().unwrap().request.as_deref(),
        Some("1200s")
    );
    // An empty list stays an empty list; it is not confused with an absent one.
    assert_eq!(rules[1].backend_refs.as_deref(), Some(&[][..]));
    assert_eq!(rules[1].filters, None);
    let parents = &r.status.as_ref().unwrap().parents.as_ref().unwrap()[0];
    assert_eq!(parents.parent_ref.kind, None);
}

#[test]
fn unknown_fields_are_kept_at_every_level() {
    let yaml = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  futureSpecField: {a: 1}
  parentRefs:
  - name: gw
    futureRef: x
  rules:
  - futureRule: true
    matches:
    - futurePath: 1
      path:
        value: /
        futureInner: [1, 2]
"#;
    let r: HttpRoute = round_trip(yaml);
    assert!(r.spec.extra.contains_key("futureSpecField"));
    assert!(
        r.spec.parent_refs.as_ref().unwrap()[0]
            .extra
            .contains_key("futureRef")
    );
}

#[test]
fn string_enums_keep_unknown_values_exactly() {
    for wire in [
        "HTTP",
        "HTTPS",
        "TLS",
        "TCP",
        "UDP",
        "example.com/h3",
        "http",
    ] {
        let p: ListenerProtocol = serde_json::from_value(Value::from(wire)).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), Value::from(wire));
        assert_eq!(p.to_string(), wire);
    }
    assert_eq!(
        ListenerProtocol::from("http"),
        ListenerProtocol::Other("http".into())
    );
    assert_eq!(PathMatchType::from("Exact"), PathMatchType::Exact);
    assert_eq!(
        HttpRouteFilterType::from("URLRewrite"),
        HttpRouteFilterType::UrlRewrite
    );
    assert_eq!(HeaderMatchType::KNOWN, &["Exact", "RegularExpression"]);
    assert!(serde_json::from_value::<PathMatchType>(Value::from(3)).is_err());
}

#[test]
fn builders_write_only_what_was_set() {
    let spec = HttpRouteSpec::builder()
        .rules(vec![HttpRouteRule::builder().name("all").build()])
        .build();
    let v = serde_json::to_value(&spec).unwrap();
    assert_eq!(v, serde_json::json!({"rules": [{"name": "all"}]}));
}

#[test]
fn resource_metadata_matches_upstream() {
    use kube_core::Resource;
    assert_eq!(Gateway::kind(&()), "Gateway");
    assert_eq!(HttpRoute::kind(&()), "HTTPRoute");
    assert_eq!(HttpRoute::plural(&()), "httproutes");
    assert_eq!(GatewayClass::plural(&()), "gatewayclasses");
    assert_eq!(
        GatewayClass::api_version(&()),
        "gateway.networking.k8s.io/v1"
    );
    let crd = GatewayClass::crd();
    assert_eq!(crd.spec.scope, "Cluster");
    assert_eq!(Gateway::crd().spec.scope, "Namespaced");
    assert_eq!(HttpRoute::crd().spec.names.kind, "HTTPRoute");
}
