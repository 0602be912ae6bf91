//! The AIGatewayRoute kind (`aigateway.envoyproxy.io/v1alpha1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;

/// Desired state of an AIGatewayRoute (`aigateway.envoyproxy.io/v1alpha1`), the union of every release's fields.
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "AIGatewayRoute",
    root = "AiGatewayRoute",
    namespaced,
    status = "AiGatewayRouteStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteSpec {
    /// Gateways to attach to (AI Gateway 0.3 only, deprecated in favour of `parentRefs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub target_refs: Option<Vec<LocalPolicyTargetReferenceWithSectionName>>,
    /// Gateways this route attaches to (at most 16, kind `Gateway` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub parent_refs: Option<Vec<ParentReference>>,
    /// Host names the route serves (AI Gateway 1.1+, at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub hostnames: Option<Vec<String>>,
    /// Client-facing API schema (AI Gateway 0.3 only, deprecated and unused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub schema: Option<VersionedApiSchema>,
    /// Routing rules (at most 128 up to 0.5, at most 15 in 1.1).
    #[builder(setter(into))]
    pub rules: Vec<AiGatewayRouteRule>,
    /// AI Gateway filter settings (up to 0.5; removed in 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub filter_config: Option<AiGatewayFilterConfig>,
    /// Token costs recorded per request for rate limiting (at most 36).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub llm_request_costs: Option<Vec<LlmRequestCost>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
