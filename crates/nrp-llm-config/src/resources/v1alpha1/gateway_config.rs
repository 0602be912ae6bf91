//! The GatewayConfig kind (`aigateway.envoyproxy.io/v1alpha1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::object_meta;
use crate::resources::common::*;

/// Desired state of a GatewayConfig (`aigateway.envoyproxy.io/v1alpha1`, served by AI Gateway 0.5+ (deprecated from 0.6)): settings of the AI Gateway
/// processes beside the Envoy of a Gateway. A Gateway picks its GatewayConfig (in its own
/// namespace) with the annotation `aigateway.envoyproxy.io/gateway-config`. Every field is
/// optional.
///
/// ```
/// use nrp_llm_config::resources::v1alpha1::{
///     EnvVar, GatewayConfigExtProc, GatewayConfigSpec, KubernetesContainerSpec,
/// };
/// let spec = GatewayConfigSpec::builder()
///     .ext_proc(GatewayConfigExtProc::builder()
///         .kubernetes(KubernetesContainerSpec::builder()
///             .env(vec![EnvVar::builder().name("LOG_LEVEL").value("debug").build()])
///             .build())
///         .build())
///     .build();
/// let v = serde_json::to_value(&spec).unwrap();
/// assert_eq!(v["extProc"]["kubernetes"]["env"][0]["name"], "LOG_LEVEL");
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
    group = "aigateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "GatewayConfig",
    root = "GatewayConfig",
    plural = "gatewayconfigs",
    shortname = "gwconfig",
    namespaced,
    status = "GatewayConfigStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConfigSpec {
    /// The external processor's container settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ext_proc: Option<GatewayConfigExtProc>,
    /// Token costs recorded for every route of the Gateway (unique by `metadataKey`; AI
    /// Gateway 0.6+).
    #[serde(
        rename = "globalLLMRequestCosts",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(default, setter(into, strip_option))]
    pub global_llm_request_costs: Option<Vec<LlmRequestCost>>,
    /// Proxy for the gateway's outbound requests (AI Gateway 1.1+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub forward_proxy: Option<GatewayConfigForwardProxy>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl GatewayConfig {
    /// A GatewayConfig with an empty spec: every setting at the controller's default. A Gateway
    /// still has to name it in its `aigateway.envoyproxy.io/gateway-config` annotation.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::GatewayConfig;
    ///
    /// let config = GatewayConfig::minimal("envoy-ai-gateway-nrp", "nrp-llm");
    /// let json = serde_json::to_value(&config).unwrap();
    /// assert_eq!(json["kind"], "GatewayConfig");
    /// assert_eq!(json["apiVersion"], "aigateway.envoyproxy.io/v1alpha1");
    /// assert_eq!(json["metadata"], serde_json::json!({"name": "envoy-ai-gateway-nrp",
    ///                                                  "namespace": "nrp-llm"}));
    /// assert_eq!(json["spec"], serde_json::json!({}));
    /// ```
    pub fn minimal(name: &str, namespace: &str) -> Self {
        Self {
            metadata: object_meta(name, namespace),
            spec: GatewayConfigSpec::default(),
            status: None,
        }
    }

    /// Adds a token cost every route of the Gateway records (`spec.globalLLMRequestCosts`).
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::{GatewayConfig, LlmRequestCost, LlmRequestCostType};
    ///
    /// let config = GatewayConfig::minimal("gw", "nrp-llm").with_global_llm_request_cost(
    ///     LlmRequestCost::builder()
    ///         .metadata_key("llm_total_token")
    ///         .r#type(LlmRequestCostType::TotalToken)
    ///         .build(),
    /// );
    /// assert_eq!(
    ///     serde_json::to_value(&config.spec).unwrap(),
    ///     serde_json::json!({"globalLLMRequestCosts": [
    ///         {"metadataKey": "llm_total_token", "type": "TotalToken"}
    ///     ]})
    /// );
    /// ```
    #[must_use]
    pub fn with_global_llm_request_cost(mut self, cost: LlmRequestCost) -> Self {
        self.spec
            .global_llm_request_costs
            .get_or_insert_with(Vec::new)
            .push(cost);
        self
    }
}
