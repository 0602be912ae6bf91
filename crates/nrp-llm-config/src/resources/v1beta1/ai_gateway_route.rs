//! The AIGatewayRoute kind (`aigateway.envoyproxy.io/v1beta1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;

/// Desired state of an AIGatewayRoute (`aigateway.envoyproxy.io/v1beta1`, AI Gateway 1.1 storage version).
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1beta1",
    kind = "AIGatewayRoute",
    root = "AiGatewayRoute",
    namespaced,
    status = "AiGatewayRouteStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteSpec {
    /// Gateways this route attaches to (at most 16, kind `Gateway` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub parent_refs: Option<Vec<ParentReference>>,
    /// Host names the route serves (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub hostnames: Option<Vec<String>>,
    /// Routing rules (at most 15; the controller adds a 16th catch-all).
    #[builder(setter(into))]
    pub rules: Vec<AiGatewayRouteRule>,
    /// Token costs recorded per request for rate limiting (at most 36).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub llm_request_costs: Option<Vec<LlmRequestCost>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
