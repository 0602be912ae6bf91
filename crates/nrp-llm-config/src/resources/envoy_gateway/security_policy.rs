//! The SecurityPolicy kind: authentication (API keys, basic auth, JWT, OIDC), authorization
//! and CORS for the Gateways or routes it targets.

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::TargetSelector;
use crate::resources::gateway_api::{
    Extra, LocalPolicyTargetReferenceWithSectionName, PolicyStatus, SecretObjectReference,
};

/// Desired state of a SecurityPolicy: authentication, authorization and CORS for the Gateways
/// or routes it targets.
///
/// The root type is [`SecurityPolicy`] (namespaced).
///
/// ```
/// use nrp_llm_config::resources::envoy_gateway::{
///     ApiKeyAuth, ExtractFrom, SecurityPolicy, SecurityPolicySpec,
/// };
/// use nrp_llm_config::resources::gateway_api::{LocalPolicyTargetReferenceWithSectionName, SecretObjectReference};
/// let spec = SecurityPolicySpec::builder()
///     .target_refs(vec![LocalPolicyTargetReferenceWithSectionName::builder()
///         .group("gateway.networking.k8s.io").kind("Gateway").name("envoy-ai-gateway-nrp")
///         .build()])
///     .api_key_auth(
///         ApiKeyAuth::builder()
///             .credential_refs(vec![SecretObjectReference::builder().name("nrp-llm-keys").build()])
///             .extract_from(vec![ExtractFrom::builder()
///                 .headers(vec!["Authorization".to_string()]).build()])
///             .build(),
///     )
///     .build();
/// let mut sp = SecurityPolicy::new("nrp-llm-apikeys", spec);
/// sp.metadata.namespace = Some("nrp-llm".into());
/// let v = serde_json::to_value(&sp).unwrap();
/// assert_eq!(v["apiVersion"], "gateway.envoyproxy.io/v1alpha1");
/// assert_eq!(v["kind"], "SecurityPolicy");
/// assert_eq!(v["spec"]["apiKeyAuth"]["extractFrom"][0]["headers"][0], "Authorization");
/// assert!(v["spec"].get("targetRef").is_none());
/// ```
///
/// `ApiKeyAuth` needs both its credentials and where to read the key from:
///
/// ```compile_fail
/// use nrp_llm_config::resources::envoy_gateway::ApiKeyAuth;
/// let auth = ApiKeyAuth::builder().sanitize(true).build();
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
    kind = "SecurityPolicy",
    plural = "securitypolicies",
    namespaced,
    status = "PolicyStatus",
    derive = "PartialEq",
    doc = "A SecurityPolicy: client authentication, authorization and CORS for Gateways and routes.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct SecurityPolicySpec {
    /// A single target (a Gateway or a route in the same namespace).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_ref: Option<LocalPolicyTargetReferenceWithSectionName>,
    /// Several targets; use either this or `targetRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_refs: Option<Vec<LocalPolicyTargetReferenceWithSectionName>>,
    /// Targets chosen by labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub target_selectors: Option<Vec<TargetSelector>>,
    /// API-key authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub api_key_auth: Option<ApiKeyAuth>,
    /// HTTP basic authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub basic_auth: Option<BasicAuth>,
    /// JWT authentication, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub jwt: Option<Value>,
    /// OpenID Connect authentication, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub oidc: Option<Value>,
    /// Cross-origin resource sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cors: Option<Cors>,
    /// External authorization service, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub ext_auth: Option<Value>,
    /// Authorization rules, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub authorization: Option<Value>,
    /// Fields this crate does not model (e.g. `mergeType`), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// API-key authentication: the keys (from Secrets) and where clients send them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyAuth {
    /// Secrets holding the valid keys, one entry per client ID.
    #[builder(setter(into))]
    pub credential_refs: Vec<SecretObjectReference>,
    /// Where to read the key from (headers, query parameters or cookies).
    #[builder(setter(into))]
    pub extract_from: Vec<ExtractFrom>,
    /// Header to put the authenticated client ID into.
    #[serde(
        rename = "forwardClientIDHeader",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(setter(into, strip_option), default)]
    pub forward_client_id_header: Option<String>,
    /// Whether to strip the key from the request before forwarding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub sanitize: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One place an API key may be read from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ExtractFrom {
    /// Header names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Vec<String>>,
    /// Query parameter names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub params: Option<Vec<String>>,
    /// Cookie names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cookies: Option<Vec<String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// HTTP basic authentication backed by an htpasswd Secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BasicAuth {
    /// Secret holding the users (htpasswd format under the key `.htpasswd`).
    pub users: SecretObjectReference,
    /// Header to put the authenticated user name into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub forward_username_header: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Cross-origin resource sharing settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Cors {
    /// Allowed origins (`*`, or scheme and host with optional wildcard and port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_origins: Option<Vec<String>>,
    /// Allowed methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_methods: Option<Vec<String>>,
    /// Allowed request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_headers: Option<Vec<String>>,
    /// Response headers exposed to the browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub expose_headers: Option<Vec<String>>,
    /// How long the browser may cache a preflight answer (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub max_age: Option<String>,
    /// Whether credentials are allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allow_credentials: Option<bool>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
