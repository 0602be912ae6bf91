//! The pieces of an MCPRoute: its backends (MCP servers) with their tool filters, API keys and
//! forwarded headers, and the route's security policy (OAuth, API keys, external
//! authorization, tool-level authorization) and backend selection.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::{
    AuthorizationAction, ClaimToHeader, ENVOY_GATEWAY_GROUP, ExtAuth, JwtClaim, LocalJwks,
    RemoteJwks,
};
use crate::resources::envoy_gateway::ApiKeyAuth;
use crate::resources::gateway_api::SecretObjectReference;

/// One MCP server behind an MCPRoute: a backend object (a core Service by default, usually an
/// Envoy Gateway `Backend`) plus how the gateway talks to it.
///
/// ```
/// use nrp_llm_config::resources::v1beta1::McpRouteBackendRef;
/// let b = McpRouteBackendRef::envoy_backend("github").with_path("/mcp/readonly");
/// assert_eq!(
///     serde_json::to_value(&b).unwrap(),
///     serde_json::json!({"group": "gateway.envoyproxy.io", "kind": "Backend",
///                        "name": "github", "path": "/mcp/readonly"})
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpRouteBackendRef {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service` (which then needs `port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub kind: Option<String>,
    /// Name of the backend (1–253 characters, unique in the route); also the prefix of its
    /// tools' names.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend; absent means the route's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required for a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub port: Option<i32>,
    /// Path of the MCP endpoint on the server; the API server defaults it to `/mcp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub path: Option<String>,
    /// Which of the server's tools are offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tool_selector: Option<McpToolFilter>,
    /// Credentials the gateway sends to the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub security_policy: Option<McpBackendSecurityPolicy>,
    /// Client request headers forwarded to the server (at most 32; AI Gateway 0.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub forward_headers: Option<Vec<McpHeaderForward>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl McpRouteBackendRef {
    /// A reference to an Envoy Gateway `Backend` in the route's namespace, with `group` and
    /// `kind` written out.
    pub fn envoy_backend(name: impl Into<String>) -> Self {
        Self::builder()
            .group(ENVOY_GATEWAY_GROUP)
            .kind("Backend")
            .name(name)
            .build()
    }

    /// Sets `path`, the MCP endpoint's path on the server.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::McpRouteBackendRef;
    /// let b = McpRouteBackendRef::envoy_backend("kiwi").with_path("/");
    /// assert_eq!(b.path.as_deref(), Some("/"));
    /// ```
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

/// A client request header forwarded to an MCP server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpHeaderForward {
    /// Name of the client's header.
    #[builder(setter(into))]
    pub name: String,
    /// Name the server sees; the same as `name` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_header: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Which tools of an MCP server are offered: names or regular expressions to include and to
/// exclude (at most 32 each; include and its regex form exclude each other, and so do the two
/// exclude forms).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpToolFilter {
    /// Tool names offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub include: Option<Vec<String>>,
    /// Regular expressions of tool names offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub include_regex: Option<Vec<String>>,
    /// Tool names hidden (AI Gateway 0.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub exclude: Option<Vec<String>>,
    /// Regular expressions of tool names hidden (AI Gateway 0.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub exclude_regex: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Credentials the gateway sends to an MCP server.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpBackendSecurityPolicy {
    /// An API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_key: Option<McpBackendApiKey>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An API key for an MCP server: from a Secret or written inline (exactly one), sent in a
/// header (`Authorization: Bearer` by default) or a query parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpBackendApiKey {
    /// Secret holding the key under the data key `apiKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub secret_ref: Option<SecretObjectReference>,
    /// The key itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub inline: Option<String>,
    /// Header carrying the key (sent as is, without `Bearer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub header: Option<String>,
    /// Query parameter carrying the key, instead of a header (AI Gateway 0.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub query_param: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// How clients of an MCPRoute are authenticated and authorized.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpRouteSecurityPolicy {
    /// OAuth 2.0 access tokens, as the MCP authorization spec describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub oauth: Option<McpRouteOAuth>,
    /// Client API keys (Envoy Gateway API-key authentication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_key_auth: Option<ApiKeyAuth>,
    /// An external authorization service (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ext_auth: Option<ExtAuth>,
    /// Which clients may call which tools (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub authorization: Option<McpRouteAuthorization>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// OAuth settings of an MCPRoute: who issues tokens, for whom, where the keys are, and the
/// protected-resource metadata the gateway publishes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpRouteOAuth {
    /// Token issuer (a URI).
    #[builder(setter(into))]
    pub issuer: String,
    /// Accepted token audiences (at most 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub audiences: Option<Vec<String>>,
    /// Keys that verify the tokens (exactly one of remote and local).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub jwks: Option<Jwks>,
    /// The OAuth protected-resource metadata (RFC 9728) served for this route.
    #[builder(setter(into))]
    pub protected_resource_metadata: ProtectedResourceMetadata,
    /// Token claims copied into request headers (at most 16; AI Gateway 0.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub claim_to_headers: Option<Vec<ClaimToHeader>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Where the keys that verify tokens come from (exactly one of the two).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Jwks {
    /// Keys fetched from a URI.
    #[serde(
        rename = "remoteJWKS",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[builder(default, setter(into, strip_option))]
    pub remote_jwks: Option<RemoteJwks>,
    /// Keys written in the object or a ConfigMap.
    #[serde(rename = "localJWKS", default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub local_jwks: Option<LocalJwks>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// OAuth protected-resource metadata (RFC 9728) describing an MCPRoute to clients.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ProtectedResourceMetadata {
    /// The resource identifier (a URI).
    #[builder(setter(into))]
    pub resource: String,
    /// A human-readable name (at most 256 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resource_name: Option<String>,
    /// Scopes the resource understands (at most 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub scopes_supported: Option<Vec<String>>,
    /// Signing algorithms the resource accepts (1–16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resource_signing_alg_values_supported: Option<Vec<String>>,
    /// Documentation URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resource_documentation: Option<String>,
    /// Policy URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resource_policy_uri: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Tool-level authorization of an MCPRoute: rules tried in order, then the default action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpRouteAuthorization {
    /// Action when no rule matches; the API server defaults it to `Deny`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_action: Option<AuthorizationAction>,
    /// The rules (at most 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub rules: Option<Vec<McpRouteAuthorizationRule>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One authorization rule: who (token scopes or claims), which tools, an optional CEL
/// condition, and the action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpRouteAuthorizationRule {
    /// The clients the rule applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub source: Option<McpAuthorizationSource>,
    /// The tools the rule applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub target: Option<McpAuthorizationTarget>,
    /// A CEL condition on the request (at most 4096 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cel: Option<String>,
    /// What to do on a match; the API server defaults it to `Allow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub action: Option<AuthorizationAction>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Which backends of an MCPRoute a session may use: rules tried in order, then the default
/// action (AI Gateway 1.1+).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpBackendSelector {
    /// Action when no rule matches; the API server defaults it to `Deny`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_action: Option<AuthorizationAction>,
    /// The rules (at most 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub rules: Option<Vec<McpBackendSelectorRule>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One backend selection rule: a CEL condition and the action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpBackendSelectorRule {
    /// A CEL condition (at most 4096 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cel: Option<String>,
    /// What to do on a match; the API server defaults it to `Allow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub action: Option<AuthorizationAction>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// The tools an authorization rule applies to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpAuthorizationTarget {
    /// The tools (1–16).
    #[builder(setter(into))]
    pub tools: Vec<McpToolCall>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// The clients an authorization rule applies to, told by their token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpAuthorizationSource {
    /// Conditions on the client's JWT (needs `oauth`).
    #[builder(setter(into))]
    pub jwt: McpJwtSource,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Conditions on a client's JWT: scopes it must have and claims it must carry (at least one of
/// the two lists).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpJwtSource {
    /// Required scopes (at most 16, each 1–253 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub scopes: Option<Vec<String>>,
    /// Required claims (at most 16; `scope` is reserved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub claims: Option<Vec<JwtClaim>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A tool of one backend of the route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct McpToolCall {
    /// Name of the backend (a `backendRefs[].name`).
    #[builder(setter(into))]
    pub backend: String,
    /// Name of the tool on that backend.
    #[builder(setter(into))]
    pub tool: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
