//! The ClientTrafficPolicy kind: connection settings between clients and the gateway
//! (timeouts, TLS, HTTP versions, client IP detection).

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::TargetSelector;
use crate::resources::gateway_api::{
    Extra, LocalPolicyTargetReferenceWithSectionName, PolicyStatus,
};

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
