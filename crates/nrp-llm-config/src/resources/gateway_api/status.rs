//! Status shapes shared by routes and policies: the per-parent and per-ancestor entries a
//! controller writes.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::{Extra, ParentReference};

/// The status a controller reports for one parent of a route (Gateway API `RouteParentStatus`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RouteParentStatus {
    /// The parent this entry is about.
    pub parent_ref: ParentReference,
    /// Controller that wrote this entry.
    #[builder(setter(into))]
    pub controller_name: String,
    /// Conditions such as `Accepted` and `ResolvedRefs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// The status a controller reports for one ancestor of a policy (Gateway API
/// `PolicyAncestorStatus`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAncestorStatus {
    /// The ancestor (usually a Gateway) this entry is about.
    pub ancestor_ref: ParentReference,
    /// Controller that wrote this entry.
    #[builder(setter(into))]
    pub controller_name: String,
    /// Conditions such as `Accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Status of a policy attached to Gateway API objects (Gateway API `PolicyStatus`); used by the
/// Envoy Gateway policy kinds and EnvoyProxy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatus {
    /// One entry per ancestor the policy affects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub ancestors: Option<Vec<PolicyAncestorStatus>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
