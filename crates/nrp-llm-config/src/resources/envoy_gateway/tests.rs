//! Round trips of the Envoy Gateway kinds.

use super::*;
use crate::resources::gateway_api::{ParentReference, PolicyStatus};
use kube_core::CustomResourceExt;
use serde::Serialize;
use serde_json::Value;

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

const SECURITY_POLICY: &str = r#"
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata:
  name: nrp-llm-apikeys
  namespace: nrp-llm
spec:
  targetRefs:
  - group: gateway.networking.k8s.io
    kind: Gateway
    name: envoy-ai-gateway-nrp
    sectionName: https
  apiKeyAuth:
    credentialRefs:
    - group: ""
      kind: Secret
      name: nrp-llm-user-keys
    extractFrom:
    - headers:
      - Authorization
    - params:
      - api_key
    forwardClientIDHeader: x-nrp-client-id
    sanitize: true
  cors:
    allowOrigins:
    - https://nrp.ai
    - "https://*.nrp-nautilus.io"
    allowMethods:
    - GET
    - POST
    allowHeaders:
    - authorization
    - content-type
    maxAge: 24h
    allowCredentials: true
  authorization:
    defaultAction: Deny
    rules:
    - action: Allow
      principal:
        clientCIDRs:
        - 10.0.0.0/8
  mergeType: StrategicMerge
status:
  ancestors:
  - ancestorRef:
      group: gateway.networking.k8s.io
      kind: Gateway
      name: envoy-ai-gateway-nrp
      namespace: nrp-llm
      sectionName: https
    controllerName: gateway.envoyproxy.io/gatewayclass-controller
    conditions:
    - type: Accepted
      status: "True"
      reason: Accepted
      message: Policy has been accepted.
      observedGeneration: 2
      lastTransitionTime: "2025-09-01T12:00:00Z"
"#;

const CLIENT_TRAFFIC_POLICY: &str = r#"
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata:
  name: envoy-ai-gateway-nrp-client
  namespace: nrp-llm
spec:
  targetRef:
    group: gateway.networking.k8s.io
    kind: Gateway
    name: envoy-ai-gateway-nrp
  timeout:
    http:
      requestReceivedTimeout: 1200s
      idleTimeout: 3600s
      streamIdleTimeout: 1200s
    tcp:
      idleTimeout: 3600s
  connection:
    bufferLimit: 50Mi
    connectionLimit:
      value: 10000
  http2:
    maxConcurrentStreams: 512
    initialStreamWindowSize: 1Mi
  http3: {}
  headers:
    withUnderscoresAction: DropHeader
    requestID: PreserveOrGenerate
  clientIPDetection:
    xForwardedFor:
      numTrustedHops: 1
  path:
    escapedSlashesAction: KeepUnchanged
  tcpKeepalive:
    idleTime: 20m
    interval: 60s
    probes: 3
"#;

const ENVOY_PROXY: &str = r#"
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata:
  name: envoy-ai-gateway-nrp
  namespace: envoy-gateway-system
spec:
  provider:
    type: Kubernetes
    kubernetes:
      envoyDeployment:
        replicas: 3
        container:
          resources:
            requests:
              cpu: "2"
              memory: 4Gi
      envoyService:
        type: LoadBalancer
        annotations:
          metallb.universe.tf/address-pool: public
      envoyHpa:
        minReplicas: 3
        maxReplicas: 10
  logging:
    level:
      default: warn
  telemetry:
    metrics:
      prometheus:
        disable: false
  shutdown:
    drainTimeout: 600s
    minDrainDuration: 5s
  mergeGateways: false
  backendTLS:
    minVersion: "1.2"
  bootstrap:
    type: Merge
    value: "admin: {}"
  concurrency: 4
"#;

#[test]
fn security_policy_round_trips() {
    let sp: SecurityPolicy = round_trip(SECURITY_POLICY);
    assert_eq!(sp.spec.target_ref, None);
    let t = &sp.spec.target_refs.as_ref().unwrap()[0];
    assert_eq!(t.section_name.as_deref(), Some("https"));
    let auth = sp.spec.api_key_auth.as_ref().unwrap();
    assert_eq!(auth.credential_refs[0].name, "nrp-llm-user-keys");
    assert_eq!(auth.extract_from.len(), 2);
    assert_eq!(
        auth.extract_from[1].params.as_deref(),
        Some(&["api_key".to_string()][..])
    );
    assert_eq!(
        auth.forward_client_id_header.as_deref(),
        Some("x-nrp-client-id")
    );
    assert_eq!(auth.sanitize, Some(true));
    assert_eq!(
        sp.spec.cors.as_ref().unwrap().max_age.as_deref(),
        Some("24h")
    );
    assert!(sp.spec.authorization.is_some());
    assert!(sp.spec.extra.contains_key("mergeType"));
    let ancestors = sp.status.as_ref().unwrap().ancestors.as_ref().unwrap();
    assert_eq!(
        ancestors[0].ancestor_ref.section_name.as_deref(),
        Some("https")
    );
}

#[test]
fn client_traffic_policy_round_trips() {
    let ctp: ClientTrafficPolicy = round_trip(CLIENT_TRAFFIC_POLICY);
    assert_eq!(ctp.spec.target_ref.as_ref().unwrap().kind, "Gateway");
    assert_eq!(ctp.spec.target_refs, None);
    let timeout = ctp.spec.timeout.as_ref().unwrap();
    let http = timeout.http.as_ref().unwrap();
    assert_eq!(http.request_received_timeout.as_deref(), Some("1200s"));
    assert_eq!(
        timeout.tcp.as_ref().unwrap().idle_timeout.as_deref(),
        Some("3600s")
    );
    assert_eq!(ctp.spec.http3, Some(serde_json::json!({})));
    assert!(ctp.spec.client_ip_detection.is_some());
    assert!(ctp.spec.extra.contains_key("tcpKeepalive"));
    assert!(ctp.status.is_none());
}

#[test]
fn envoy_proxy_round_trips() {
    let ep: EnvoyProxy = round_trip(ENVOY_PROXY);
    let provider = ep.spec.provider.as_ref().unwrap();
    assert_eq!(provider.r#type, ProviderType::Kubernetes);
    assert_eq!(
        provider.kubernetes.as_ref().unwrap()["envoyDeployment"]["replicas"],
        3
    );
    assert_eq!(ep.spec.merge_gateways, Some(false));
    assert!(ep.spec.backend_tls.is_some());
    assert!(ep.spec.extra.contains_key("bootstrap"));
    assert!(ep.spec.extra.contains_key("concurrency"));
}

#[test]
fn policy_status_reuses_gateway_api_shapes() {
    let v = serde_json::json!({"ancestors": [{
        "ancestorRef": {"name": "gw"},
        "controllerName": "gateway.envoyproxy.io/gatewayclass-controller"
    }]});
    let s: PolicyStatus = serde_json::from_value(v.clone()).unwrap();
    let a = &s.ancestors.as_ref().unwrap()[0];
    assert_eq!(
        a.ancestor_ref,
        ParentReference::builder().name("gw").build()
    );
    assert_eq!(a.conditions, None);
    assert_eq!(serde_json::to_value(&s).unwrap(), v);
}

#[test]
fn target_selectors_round_trip() {
    let v = serde_json::json!({
        "targetSelectors": [{"kind": "HTTPRoute", "matchLabels": {"app": "llm"},
                             "namespaces": {"from": "Same"}}],
        "basicAuth": {"users": {"name": "htpasswd"}, "forwardUsernameHeader": "x-user"}
    });
    let spec: SecurityPolicySpec = serde_json::from_value(v.clone()).unwrap();
    let sel = &spec.target_selectors.as_ref().unwrap()[0];
    assert_eq!(sel.kind, "HTTPRoute");
    assert_eq!(sel.group, None);
    assert_eq!(spec.basic_auth.as_ref().unwrap().users.name, "htpasswd");
    assert_eq!(serde_json::to_value(&spec).unwrap(), v);
}

#[test]
fn resource_metadata_matches_upstream() {
    use kube_core::Resource;
    assert_eq!(SecurityPolicy::plural(&()), "securitypolicies");
    assert_eq!(ClientTrafficPolicy::plural(&()), "clienttrafficpolicies");
    assert_eq!(EnvoyProxy::plural(&()), "envoyproxies");
    assert_eq!(
        EnvoyProxy::api_version(&()),
        "gateway.envoyproxy.io/v1alpha1"
    );
    assert_eq!(SecurityPolicy::crd().spec.scope, "Namespaced");
    assert_eq!(
        ClientTrafficPolicy::crd().spec.names.kind,
        "ClientTrafficPolicy"
    );
    assert_eq!(EnvoyProxy::crd().spec.names.kind, "EnvoyProxy");
}

// A token rate limit as AI Gateway setups write it (the cost read from the metadata that an
// AIGatewayRoute's `llmRequestCosts` fills), with the other typed blocks and two blocks this
// crate keeps as written (`faultInjection`, `useClientProtocol`).
const BACKEND_TRAFFIC_POLICY: &str = r#"
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata:
  name: nrp-llm-token-limits
  namespace: nrp-llm
spec:
  targetRefs:
  - group: gateway.networking.k8s.io
    kind: Gateway
    name: envoy-ai-gateway-nrp
  loadBalancer:
    type: ConsistentHash
    consistentHash:
      type: Cookie
      cookie:
        name: session
        ttl: 60s
        attributes:
          SameSite: Strict
  retry:
    numRetries: 3
    retryOn:
      triggers:
      - connect-failure
      - retriable-status-codes
      httpStatusCodes:
      - 503
    perRetry:
      timeout: 120s
      backOff:
        baseInterval: 1s
        maxInterval: 10s
  circuitBreaker:
    maxConnections: 2048
    maxParallelRequests: 512
    perEndpoint:
      maxConnections: 256
  timeout:
    tcp:
      connectTimeout: 10s
    http:
      requestTimeout: 600s
      streamIdleTimeout: 300s
  rateLimit:
    type: Global
    global:
      rules:
      - clientSelectors:
        - headers:
          - type: Distinct
            name: x-user-id
        limit:
          requests: 100000
          unit: Hour
        cost:
          request:
            from: Number
            number: 0
          response:
            from: Metadata
            metadata:
              namespace: io.envoy.ai_gateway
              key: llm_total_token
  faultInjection:
    abort:
      httpStatus: 503
      percentage: 1
  useClientProtocol: true
"#;

#[test]
fn backend_traffic_policy_types_what_people_set_and_keeps_the_rest() {
    let btp: BackendTrafficPolicy = round_trip(BACKEND_TRAFFIC_POLICY);
    let value: Value = serde_saphyr::from_str(BACKEND_TRAFFIC_POLICY).unwrap();
    let diagnostics = crate::oracle::oracle(crate::Release::V1_1).validate(&value);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let spec = &btp.spec;
    let keys: Vec<&str> = spec.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["faultInjection", "useClientProtocol"]);
    let rule = &spec
        .rate_limit
        .as_ref()
        .unwrap()
        .global
        .as_ref()
        .unwrap()
        .rules[0];
    assert_eq!(rule.limit.unit, RateLimitUnit::Hour);
    let response = rule.cost.as_ref().unwrap().response.as_ref().unwrap();
    assert_eq!(response.from, RateLimitCostFrom::Metadata);
    assert_eq!(response.metadata.as_ref().unwrap().key, "llm_total_token");
    let header = &rule.client_selectors.as_ref().unwrap()[0]
        .headers
        .as_ref()
        .unwrap()[0];
    assert_eq!(header.r#type, Some(ClientMatchType::Distinct));
    let lb = spec.load_balancer.as_ref().unwrap();
    assert_eq!(lb.r#type, LoadBalancerType::ConsistentHash);
    assert_eq!(
        lb.consistent_hash.as_ref().unwrap().r#type,
        ConsistentHashType::Cookie
    );
    let retry = spec.retry.as_ref().unwrap();
    assert_eq!(
        retry.retry_on.as_ref().unwrap().http_status_codes,
        Some(vec![503])
    );
    assert_eq!(
        spec.circuit_breaker.as_ref().unwrap().max_connections,
        Some(2048)
    );
    let http = spec.timeout.as_ref().unwrap().http.as_ref().unwrap();
    assert_eq!(http.request_timeout.as_deref(), Some("600s"));
    // Typed blocks come in upstream order, the kept ones after them.
    let out = serde_json::to_value(&btp).unwrap();
    let order: Vec<&String> = out["spec"].as_object().unwrap().keys().collect();
    assert_eq!(
        order,
        [
            "targetRefs",
            "loadBalancer",
            "retry",
            "circuitBreaker",
            "timeout",
            "rateLimit",
            "faultInjection",
            "useClientProtocol"
        ]
    );
    use kube_core::Resource;
    assert_eq!(BackendTrafficPolicy::plural(&()), "backendtrafficpolicies");
}
