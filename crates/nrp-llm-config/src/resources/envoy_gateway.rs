//! Envoy Gateway policy and proxy kinds (`gateway.envoyproxy.io/v1alpha1`): EnvoyProxy,
//! SecurityPolicy and ClientTrafficPolicy.
//!
//! The top-level blocks are typed; inside most blocks the settings are kept as JSON values.
//! Everything this crate does not model is kept verbatim in each struct's `extra` map. Reference
//! shapes are shared with [`super::gateway_api`].
//!
//! Upstream API reference: <https://gateway.envoyproxy.io/docs/api/extension_types/>.

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::gateway_api::{
    Extra, LabelSelectorRequirement, LocalPolicyTargetReferenceWithSectionName, PolicyStatus,
    SecretObjectReference,
};
use super::string_enum::string_enum;

/// Selects policy targets by kind and labels instead of by name (Envoy Gateway
/// `TargetSelector`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct TargetSelector {
    /// API group of the targets; the API server defaults it to `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind of the targets.
    #[builder(setter(into))]
    pub kind: String,
    /// Labels the targets must carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub match_labels: Option<BTreeMap<String, String>>,
    /// Set-based label requirements the targets must meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
    /// Namespaces to look for targets in, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespaces: Option<Value>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// SecurityPolicy
// ---------------------------------------------------------------------------------------------

/// Desired state of a SecurityPolicy: authentication, authorization and CORS for the Gateways
/// or routes it targets.
///
/// The root type is [`SecurityPolicy`] (namespaced).
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{
///     ApiKeyAuth, ExtractFrom, SecurityPolicy, SecurityPolicySpec,
/// };
/// use nrp_llm_config::resources::gateway_api::{LocalPolicyTargetReferenceWithSectionName, SecretObjectReference};
/// let spec = SecurityPolicySpec::builder()
///     .target_refs(vec![LocalPolicyTargetReferenceWithSectionName::builder()
///         .group("gateway.networking.k8s.io").kind("Gateway").name("envoy-ai-gateway-nrp")
///         .build()])
///     .api_key_auth(
///         ApiKeyAuth::builder()
///             .credential_refs(vec![SecretObjectReference::builder().name("nrp-llm-keys").build()])
///             .extract_from(vec![ExtractFrom::builder()
///                 .headers(vec!["Authorization".to_string()]).build()])
///             .build(),
///     )
///     .build();
/// let mut sp = SecurityPolicy::new("nrp-llm-apikeys", spec);
/// sp.metadata.namespace = Some("nrp-llm".into());
/// let v = serde_json::to_value(&sp).unwrap();
/// assert_eq!(v["apiVersion"], "gateway.envoyproxy.io/v1alpha1");
/// assert_eq!(v["kind"], "SecurityPolicy");
/// assert_eq!(v["spec"]["apiKeyAuth"]["extractFrom"][0]["headers"][0], "Authorization");
/// assert!(v["spec"].get("targetRef").is_none());
/// ```
///
/// `ApiKeyAuth` needs both its credentials and where to read the key from:
///
/// ```compile_fail
/// use nrp_llm_config::resources::envoy_gateway::ApiKeyAuth;
/// let auth = ApiKeyAuth::builder().sanitize(true).build();
/// ```
#[derive(
    CustomResource,
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    JsonSchema,
    TypedBuilder,
)]
#[kube(
    group = "gateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "SecurityPolicy",
    plural = "securitypolicies",
    namespaced,
    status = "PolicyStatus",
    derive = "PartialEq",
    doc = "A SecurityPolicy: client authentication, authorization and CORS for Gateways and routes.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct SecurityPolicySpec {
    /// A single target (a Gateway or a route in the same namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_ref: Option<LocalPolicyTargetReferenceWithSectionName>,
    /// Several targets; use either this or `targetRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_refs: Option<Vec<LocalPolicyTargetReferenceWithSectionName>>,
    /// Targets chosen by labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_selectors: Option<Vec<TargetSelector>>,
    /// API-key authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub api_key_auth: Option<ApiKeyAuth>,
    /// HTTP basic authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub basic_auth: Option<BasicAuth>,
    /// JWT authentication, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub jwt: Option<Value>,
    /// OpenID Connect authentication, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub oidc: Option<Value>,
    /// Cross-origin resource sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cors: Option<Cors>,
    /// External authorization service, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub ext_auth: Option<Value>,
    /// Authorization rules, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub authorization: Option<Value>,
    /// Fields this crate does not model (e.g. `mergeType`), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// API-key authentication: the keys (from Secrets) and where clients send them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyAuth {
    /// Secrets holding the valid keys, one entry per client ID.
    #[builder(setter(into))]
    pub credential_refs: Vec<SecretObjectReference>,
    /// Where to read the key from (headers, query parameters or cookies).
    #[builder(setter(into))]
    pub extract_from: Vec<ExtractFrom>,
    /// Header to put the authenticated client ID into.
    #[serde(
        rename = "forwardClientIDHeader",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(setter(into, strip_option), default)]
    pub forward_client_id_header: Option<String>,
    /// Whether to strip the key from the request before forwarding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub sanitize: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One place an API key may be read from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ExtractFrom {
    /// Header names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Vec<String>>,
    /// Query parameter names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub params: Option<Vec<String>>,
    /// Cookie names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cookies: Option<Vec<String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// HTTP basic authentication backed by an htpasswd Secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BasicAuth {
    /// Secret holding the users (htpasswd format under the key `.htpasswd`).
    pub users: SecretObjectReference,
    /// Header to put the authenticated user name into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub forward_username_header: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Cross-origin resource sharing settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Cors {
    /// Allowed origins (`*`, or scheme and host with optional wildcard and port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_origins: Option<Vec<String>>,
    /// Allowed methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_methods: Option<Vec<String>>,
    /// Allowed request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_headers: Option<Vec<String>>,
    /// Response headers exposed to the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub expose_headers: Option<Vec<String>>,
    /// How long the browser may cache a preflight answer (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_age: Option<String>,
    /// Whether credentials are allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_credentials: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// ClientTrafficPolicy
// ---------------------------------------------------------------------------------------------

/// Desired state of a ClientTrafficPolicy: how a Gateway treats downstream (client) connections.
///
/// The root type is [`ClientTrafficPolicy`] (namespaced).
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{
///     ClientTimeout, ClientTrafficPolicy, ClientTrafficPolicySpec, HttpClientTimeout,
/// };
/// use nrp_llm_config::resources::gateway_api::LocalPolicyTargetReferenceWithSectionName;
/// let spec = ClientTrafficPolicySpec::builder()
///     .target_refs(vec![LocalPolicyTargetReferenceWithSectionName::builder()
///         .group("gateway.networking.k8s.io").kind("Gateway").name("envoy-ai-gateway-nrp")
///         .build()])
///     .timeout(ClientTimeout::builder()
///         .http(HttpClientTimeout::builder().request_received_timeout("1200s").build())
///         .build())
///     .build();
/// let ctp = ClientTrafficPolicy::new("client-timeouts", spec);
/// let v = serde_json::to_value(&ctp).unwrap();
/// assert_eq!(v["kind"], "ClientTrafficPolicy");
/// assert_eq!(v["spec"]["timeout"]["http"]["requestReceivedTimeout"], "1200s");
/// ```
#[derive(
    CustomResource,
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    JsonSchema,
    TypedBuilder,
)]
#[kube(
    group = "gateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "ClientTrafficPolicy",
    plural = "clienttrafficpolicies",
    namespaced,
    status = "PolicyStatus",
    derive = "PartialEq",
    doc = "A ClientTrafficPolicy: timeouts, TLS and protocol settings for client connections.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct ClientTrafficPolicySpec {
    /// A single target Gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_ref: Option<LocalPolicyTargetReferenceWithSectionName>,
    /// Several target Gateways; use either this or `targetRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_refs: Option<Vec<LocalPolicyTargetReferenceWithSectionName>>,
    /// Targets chosen by labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_selectors: Option<Vec<TargetSelector>>,
    /// HTTP and TCP timeouts on client connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub timeout: Option<ClientTimeout>,
    /// Connection limits and buffers, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub connection: Option<Value>,
    /// Client-side TLS settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub tls: Option<Value>,
    /// HTTP/1.1 settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub http1: Option<Value>,
    /// HTTP/2 settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub http2: Option<Value>,
    /// HTTP/3 settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub http3: Option<Value>,
    /// Header handling (request IDs, XFF, underscores …), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Value>,
    /// How the original client IP is found, as written.
    #[serde(
        rename = "clientIPDetection",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(setter(into, strip_option), default)]
    pub client_ip_detection: Option<Value>,
    /// Path normalisation settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub path: Option<Value>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Client connection timeouts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClientTimeout {
    /// HTTP timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub http: Option<HttpClientTimeout>,
    /// TCP timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub tcp: Option<TcpClientTimeout>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// HTTP timeouts for client connections, as Gateway API durations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpClientTimeout {
    /// Time allowed to receive the whole request from the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_received_timeout: Option<String>,
    /// How long an idle connection stays open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub idle_timeout: Option<String>,
    /// How long an idle stream stays open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub stream_idle_timeout: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// TCP timeouts for client connections.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct TcpClientTimeout {
    /// How long an idle connection stays open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub idle_timeout: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// EnvoyProxy
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Where the Envoy fleet runs.
    ProviderType {
        /// Deployments, Services and friends in a Kubernetes cluster.
        Kubernetes => "Kubernetes",
        /// Processes on the host.
        Host => "Host",
    }
}

/// Desired state of an EnvoyProxy: how the managed Envoy fleet is deployed and configured.
///
/// The root type is [`EnvoyProxy`] (namespaced).
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{
///     EnvoyProxy, EnvoyProxyProvider, EnvoyProxySpec, ProviderType,
/// };
/// let spec = EnvoyProxySpec::builder()
///     .provider(EnvoyProxyProvider::builder()
///         .r#type(ProviderType::Kubernetes)
///         .kubernetes(serde_json::json!({"envoyDeployment": {"replicas": 2}}))
///         .build())
///     .build();
/// let mut ep = EnvoyProxy::new("envoy-ai-gateway", spec);
/// ep.metadata.namespace = Some("envoy-gateway-system".into());
/// let v = serde_json::to_value(&ep).unwrap();
/// assert_eq!(v["kind"], "EnvoyProxy");
/// assert_eq!(v["spec"]["provider"]["type"], "Kubernetes");
/// assert_eq!(v["spec"]["provider"]["kubernetes"]["envoyDeployment"]["replicas"], 2);
/// ```
///
/// A provider needs its type:
///
/// ```compile_fail
/// use nrp_llm_config::resources::envoy_gateway::EnvoyProxyProvider;
/// let p = EnvoyProxyProvider::builder().build();
/// ```
#[derive(
    CustomResource,
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    JsonSchema,
    TypedBuilder,
)]
#[kube(
    group = "gateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "EnvoyProxy",
    plural = "envoyproxies",
    namespaced,
    status = "PolicyStatus",
    derive = "PartialEq",
    doc = "An EnvoyProxy: deployment and runtime settings of the Envoy fleet behind a Gateway.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct EnvoyProxySpec {
    /// Where and how Envoy runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub provider: Option<EnvoyProxyProvider>,
    /// Log levels per component, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub logging: Option<Value>,
    /// Access logs, metrics and tracing, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub telemetry: Option<Value>,
    /// Drain settings on shutdown, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub shutdown: Option<Value>,
    /// Whether all Gateways of the class share one Envoy fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub merge_gateways: Option<bool>,
    /// TLS settings Envoy uses towards backends, as written.
    #[serde(
        rename = "backendTLS",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(setter(into, strip_option), default)]
    pub backend_tls: Option<Value>,
    /// Fields this crate does not model (e.g. `bootstrap`, `concurrency`), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Where the Envoy fleet runs and the provider-specific settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct EnvoyProxyProvider {
    /// `Kubernetes` or `Host`.
    #[builder(setter(into))]
    pub r#type: ProviderType,
    /// Kubernetes settings (Deployment or DaemonSet, Service, HPA, PDB …), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kubernetes: Option<Value>,
    /// Host settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub host: Option<Value>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::gateway_api::ParentReference;
    use kube_core::CustomResourceExt;

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
}
