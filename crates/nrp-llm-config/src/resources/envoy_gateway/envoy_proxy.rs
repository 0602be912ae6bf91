//! The EnvoyProxy kind: how the Envoy fleet behind a Gateway is deployed and configured.

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::gateway_api::{Extra, PolicyStatus};
use crate::resources::string_enum::string_enum;

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
