//! Reference shapes shared by the Gateway API, Envoy Gateway and AI Gateway kinds: parents,
//! policy targets, Secrets, backends, label selectors and route kinds.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::Extra;

/// A reference from a route (or a policy status) to its parent, usually a Gateway
/// (Gateway API `ParentReference`).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::ParentReference;
/// let p = ParentReference::gateway("envoy-ai-gateway-nrp");
/// assert_eq!(
///     serde_json::to_value(&p).unwrap(),
///     serde_json::json!({"name": "envoy-ai-gateway-nrp", "kind": "Gateway",
///                        "group": "gateway.networking.k8s.io"}),
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ParentReference {
    /// API group of the parent; the API server defaults it to `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind of the parent; the API server defaults it to `Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Namespace of the parent; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Name of the parent (1–253 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Listener (section) of the parent to attach to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub section_name: Option<String>,
    /// Listener port of the parent to attach to (1–65535).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

impl ParentReference {
    /// A reference to a Gateway in the same namespace, with `kind` and `group` written out
    /// (the NRP convention).
    pub fn gateway(name: impl Into<String>) -> Self {
        Self::builder()
            .name(name)
            .kind("Gateway")
            .group("gateway.networking.k8s.io")
            .build()
    }
}

/// A same-namespace reference used by policies to name the object they attach to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalPolicyTargetReference {
    /// API group of the target (may be empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the target.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the target.
    #[builder(setter(into))]
    pub name: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A same-namespace reference to a policy target, with an optional section (Gateway API
/// `LocalPolicyTargetReferenceWithSectionName`; the section is absent in the plain form).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::LocalPolicyTargetReferenceWithSectionName;
/// let t = LocalPolicyTargetReferenceWithSectionName::builder()
///     .group("gateway.networking.k8s.io").kind("Gateway").name("envoy-ai-gateway-nrp")
///     .build();
/// assert_eq!(t.section_name, None);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalPolicyTargetReferenceWithSectionName {
    /// API group of the target (required; may be empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the target.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the target.
    #[builder(setter(into))]
    pub name: String,
    /// Listener or rule name inside the target, when the policy applies to one section only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub section_name: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A same-namespace reference by group, kind and name (Gateway API `LocalObjectReference`, also
/// used for `LocalParametersReference`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectReference {
    /// API group of the referent (may be empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the referent.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the referent.
    #[builder(setter(into))]
    pub name: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A reference to a configuration object, possibly in another namespace (Gateway API
/// `ParametersReference`; Envoy Gateway points GatewayClasses at an EnvoyProxy with it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ParametersReference {
    /// API group of the referent.
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the referent.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the referent.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the referent, for namespaced kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A reference to a Secret (or another object holding secret data) — Gateway API
/// `SecretObjectReference`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct SecretObjectReference {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the Secret.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the Secret; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A reference to a backend object (Gateway API `BackendObjectReference`): a Service by default,
/// or another kind such as an Envoy Gateway `Backend`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendObjectReference {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the backend.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required when the referent is a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A weighted backend reference (Gateway API `BackendRef`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendRef {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the backend.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required when the referent is a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Share of requests sent here relative to the other backends (0–1000000, defaults to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub weight: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A label selector (`matchLabels` and `matchExpressions`), kept lossless.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    /// Labels that must all be present with exactly these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub match_labels: Option<BTreeMap<String, String>>,
    /// Set-based requirements that must all hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One set-based requirement of a [`LabelSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    /// Label key the requirement applies to.
    #[builder(setter(into))]
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    #[builder(setter(into))]
    pub operator: String,
    /// Values for `In` / `NotIn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub values: Option<Vec<String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A route kind (group and kind) a listener accepts or supports (Gateway API `RouteGroupKind`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RouteGroupKind {
    /// API group; the API server defaults it to `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Route kind, e.g. `HTTPRoute`.
    #[builder(setter(into))]
    pub kind: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
