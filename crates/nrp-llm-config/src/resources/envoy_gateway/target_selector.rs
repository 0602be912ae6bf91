//! Target selection shared by the Envoy Gateway policy kinds: choosing targets by kind and
//! labels instead of by name.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::gateway_api::{Extra, LabelSelectorRequirement};

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
