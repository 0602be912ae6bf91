//! The AI Gateway filter settings of v1alpha1 routes (external processor and its resources).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::string_enum::string_enum;

string_enum! {
    /// Kind of AI Gateway filter (v1alpha1 `filterConfig.type`).
    FilterConfigType {
        /// An external processor sidecar.
        ExternalProcessor => "ExternalProcessor",
        /// A dynamic module loaded into Envoy.
        DynamicModule => "DynamicModule",
    }
}

/// Configuration of the AI Gateway filter (v1alpha1 up to 0.5; removed in 1.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayFilterConfig {
    /// Filter kind; the API server defaults it to `ExternalProcessor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<FilterConfigType>,
    /// Settings of the external processor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub external_processor: Option<AiGatewayExternalProcessorConfig>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Settings of the external processor sidecar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayExternalProcessorConfig {
    /// Compute resources of the external processor container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resources: Option<ResourceRequirements>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Kubernetes container resource requirements (claims, limits, requests).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirements {
    /// Dynamic resource claims the container uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub claims: Option<Vec<ResourceClaim>>,
    /// Resource limits; quantities are kept as written (number or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub limits: Option<BTreeMap<String, Value>>,
    /// Resource requests; quantities are kept as written (number or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub requests: Option<BTreeMap<String, Value>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One dynamic resource claim of a container.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ResourceClaim {
    /// Name of the claim in the pod's `resourceClaims`.
    #[builder(setter(into))]
    pub name: String,
    /// Request name inside the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub request: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
