//! OIDC token sources of a BackendSecurityPolicy: Envoy Gateway's OIDC settings, the provider
//! and its backends, cookies and redirects.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::gateway_api::{BackendObjectReference, SecretObjectReference};
use crate::resources::string_enum::string_enum;

string_enum! {
    /// The SameSite attribute of the OIDC cookies.
    SameSite {
        /// `Lax`.
        Lax => "Lax",
        /// `Strict`.
        Strict => "Strict",
        /// `None`.
        None => "None",
    }
}

string_enum! {
    /// How a string is compared in Envoy Gateway string matches.
    StringMatchType {
        /// Equal.
        Exact => "Exact",
        /// Starts with the value.
        Prefix => "Prefix",
        /// Ends with the value.
        Suffix => "Suffix",
        /// Matches the RE2 regular expression.
        RegularExpression => "RegularExpression",
    }
}

/// An OIDC token source with optional grant type and audience.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendSecurityPolicyOidc {
    /// How to obtain the OIDC token.
    #[builder(setter(into))]
    pub oidc: Oidc,
    /// OAuth grant type used for the exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub grant_type: Option<String>,
    /// Audience of the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub aud: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Envoy Gateway's OIDC settings, embedded by AI Gateway to obtain tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Oidc {
    /// The OpenID provider.
    #[builder(setter(into))]
    pub provider: OidcProvider,
    /// OAuth client ID (exactly one of this and `clientIDRef`).
    #[serde(rename = "clientID")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_id: Option<String>,
    /// Secret holding the client ID.
    #[serde(rename = "clientIDRef")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_id_ref: Option<SecretObjectReference>,
    /// Secret holding the client secret.
    #[builder(setter(into))]
    pub client_secret: SecretObjectReference,
    /// Names of the token cookies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cookie_names: Option<OidcCookieNames>,
    /// Attributes of the cookies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cookie_config: Option<OidcCookieConfig>,
    /// Domain the cookies are valid for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cookie_domain: Option<String>,
    /// Scopes requested in addition to `openid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub scopes: Option<Vec<String>>,
    /// Resource indicators sent with the authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resources: Option<Vec<String>>,
    /// Redirect URL registered with the provider.
    #[serde(rename = "redirectURL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub redirect_url: Option<String>,
    /// Requests answered with 401 instead of a redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub deny_redirect: Option<OidcDenyRedirect>,
    /// Path that triggers logout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub logout_path: Option<String>,
    /// Whether the access token is forwarded upstream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub forward_access_token: Option<bool>,
    /// Forwarding of the ID token in a header (Envoy Gateway 1.8+).
    #[serde(rename = "forwardIDToken")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub forward_id_token: Option<OidcForwardIdToken>,
    /// Token lifetime when the provider gives none (duration).
    #[serde(rename = "defaultTokenTTL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_token_ttl: Option<String>,
    /// Whether tokens are refreshed; defaults to true from AI Gateway 0.4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub refresh_token: Option<bool>,
    /// Refresh token lifetime when the provider gives none (duration).
    #[serde(rename = "defaultRefreshTokenTTL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_refresh_token_ttl: Option<String>,
    /// Lifetime of the CSRF token (duration).
    #[serde(rename = "csrfTokenTTL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub csrf_token_ttl: Option<String>,
    /// Whether the token cookies are stored unencrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub disable_token_encryption: Option<bool>,
    /// Whether requests with an Authorization header skip OIDC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub pass_through_auth_header: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An OpenID Connect provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcProvider {
    /// Single backend of the provider (forbidden by a CEL rule; use `backendRefs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_ref: Option<BackendObjectReference>,
    /// Backends used to reach the provider (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<ProviderBackendRef>>,
    /// Traffic settings for the provider backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_settings: Option<ClusterSettings>,
    /// Issuer URL (non-empty).
    #[builder(setter(into))]
    pub issuer: String,
    /// Authorization endpoint; discovered when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub authorization_endpoint: Option<String>,
    /// Token endpoint; discovered when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub token_endpoint: Option<String>,
    /// End-session endpoint; discovered when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub end_session_endpoint: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An Envoy Gateway `BackendRef`: a backend object reference with weight and fallback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ProviderBackendRef {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub kind: Option<String>,
    /// Name of the referent.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<String>,
    /// Destination port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub port: Option<i32>,
    /// Share of traffic; the API server defaults it to 1 (Envoy Gateway 1.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub weight: Option<i32>,
    /// Whether this backend is only used when the others are unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fallback: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Envoy Gateway cluster settings; each block is kept as JSON (typed one level down).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSettings {
    /// Circuit breaker thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub circuit_breaker: Option<Value>,
    /// Connection limits and buffers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub connection: Option<Value>,
    /// DNS resolution settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub dns: Option<Value>,
    /// Active and passive health checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub health_check: Option<Value>,
    /// HTTP/2 settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub http2: Option<Value>,
    /// Load balancing policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub load_balancer: Option<Value>,
    /// PROXY protocol settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub proxy_protocol: Option<Value>,
    /// Retry policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retry: Option<Value>,
    /// TCP keepalive settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tcp_keepalive: Option<Value>,
    /// TCP and HTTP timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeout: Option<Value>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Custom cookie names for the OIDC tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcCookieNames {
    /// Name of the access token cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub access_token: Option<String>,
    /// Name of the ID token cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub id_token: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Attributes of the OIDC cookies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcCookieConfig {
    /// SameSite attribute (`Lax`, `Strict` or `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub same_site: Option<SameSite>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Requests that get a 401 instead of a redirect to the provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcDenyRedirect {
    /// Header conditions (1–16), any of which denies the redirect.
    #[builder(setter(into))]
    pub headers: Vec<OidcDenyRedirectHeader>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A header condition that denies the OIDC redirect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcDenyRedirectHeader {
    /// Header name (non-empty).
    #[builder(setter(into))]
    pub name: String,
    /// How `value` is compared; the API server defaults it to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<StringMatchType>,
    /// Value to compare with (1–1024 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Forwarding of the ID token to the upstream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcForwardIdToken {
    /// Header that carries the ID token (non-empty).
    #[builder(setter(into))]
    pub header: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
