//! The GatewayClass kind: a class of Gateways and the controller that implements it.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::{Extra, ParametersReference};

/// Desired state of a GatewayClass: which controller implements Gateways of this class.
///
/// The root type is [`GatewayClass`] (cluster-scoped).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{GatewayClass, GatewayClassSpec, ParametersReference};
/// let spec = GatewayClassSpec::builder()
///     .controller_name("gateway.envoyproxy.io/gatewayclass-controller")
///     .parameters_ref(
///         ParametersReference::builder()
///             .group("gateway.envoyproxy.io").kind("EnvoyProxy").name("envoy-ai-gateway")
///             .namespace("envoy-gateway-system").build(),
///     )
///     .build();
/// let gc = GatewayClass::new("envoy-ai-gateway-nrp", spec);
/// let v = serde_json::to_value(&gc).unwrap();
/// assert_eq!(v["kind"], "GatewayClass");
/// assert_eq!(v["apiVersion"], "gateway.networking.k8s.io/v1");
/// assert_eq!(v["spec"]["parametersRef"]["kind"], "EnvoyProxy");
/// ```
///
/// The controller name is required, so leaving it out does not compile:
///
/// ```compile_fail
/// use nrp_llm_config::resources::gateway_api::GatewayClassSpec;
/// let spec = GatewayClassSpec::builder().description("no controller").build();
/// ```
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "gateway.networking.k8s.io",
    version = "v1",
    kind = "GatewayClass",
    plural = "gatewayclasses",
    status = "GatewayClassStatus",
    derive = "PartialEq",
    doc = "A GatewayClass: a class of Gateways implemented by one controller (cluster-scoped).",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassSpec {
    /// Name of the controller that manages Gateways of this class, e.g.
    /// `gateway.envoyproxy.io/gatewayclass-controller`. Immutable once set.
    #[builder(setter(into))]
    pub controller_name: String,
    /// Controller-specific configuration (for Envoy Gateway: an EnvoyProxy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parameters_ref: Option<ParametersReference>,
    /// Free-text description (at most 64 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub description: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Observed state of a GatewayClass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassStatus {
    /// Conditions such as `Accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model (e.g. `supportedFeatures`), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
