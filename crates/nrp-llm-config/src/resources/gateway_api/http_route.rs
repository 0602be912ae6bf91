//! The HTTPRoute kind: HTTP routing rules (matches, filters, backends, timeouts) and the match
//! shapes the AI Gateway route reuses.

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use serde_json::Value;

use super::{Extra, LocalObjectReference, ParentReference, RouteParentStatus};
use crate::resources::string_enum::string_enum;

string_enum! {
    /// How a path is matched. Implementations may add their own types.
    PathMatchType {
        /// The whole path must be equal.
        Exact => "Exact",
        /// The path must start with the value, element by element (the default).
        PathPrefix => "PathPrefix",
        /// The value is a regular expression (implementation-specific dialect).
        RegularExpression => "RegularExpression",
    }
}

string_enum! {
    /// How a header or query parameter value is matched. Implementations may add their own types.
    HeaderMatchType {
        /// The value must be equal (the default).
        Exact => "Exact",
        /// The value is a regular expression (implementation-specific dialect).
        RegularExpression => "RegularExpression",
    }
}

/// How a query parameter value is matched (same values as [`HeaderMatchType`]).
pub type QueryParamMatchType = HeaderMatchType;

string_enum! {
    /// HTTP request method.
    HttpMethod {
        /// `GET`.
        Get => "GET",
        /// `HEAD`.
        Head => "HEAD",
        /// `POST`.
        Post => "POST",
        /// `PUT`.
        Put => "PUT",
        /// `DELETE`.
        Delete => "DELETE",
        /// `CONNECT`.
        Connect => "CONNECT",
        /// `OPTIONS`.
        Options => "OPTIONS",
        /// `TRACE`.
        Trace => "TRACE",
        /// `PATCH`.
        Patch => "PATCH",
    }
}

string_enum! {
    /// Type of an HTTPRoute filter.
    HttpRouteFilterType {
        /// Change request headers.
        RequestHeaderModifier => "RequestHeaderModifier",
        /// Change response headers.
        ResponseHeaderModifier => "ResponseHeaderModifier",
        /// Mirror requests to another backend.
        RequestMirror => "RequestMirror",
        /// Answer with a redirect.
        RequestRedirect => "RequestRedirect",
        /// Rewrite the host or path.
        UrlRewrite => "URLRewrite",
        /// Implementation-specific filter named by `extensionRef`.
        ExtensionRef => "ExtensionRef",
        /// Cross-origin resource sharing.
        Cors => "CORS",
    }
}

/// Desired state of an HTTPRoute: parents, hostnames and routing rules.
///
/// The root type is [`HttpRoute`] (kind `HTTPRoute`, namespaced).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{
///     HttpBackendRef, HttpPathMatch, HttpRoute, HttpRouteMatch, HttpRouteRule, HttpRouteSpec,
///     ParentReference, PathMatchType,
/// };
/// let rule = HttpRouteRule::builder()
///     .matches(vec![HttpRouteMatch::builder()
///         .path(HttpPathMatch::builder().r#type(PathMatchType::PathPrefix).value("/v1").build())
///         .build()])
///     .backend_refs(vec![HttpBackendRef::builder().name("llm-api").port(8000).build()])
///     .build();
/// let spec = HttpRouteSpec::builder()
///     .parent_refs(vec![ParentReference::gateway("envoy-ai-gateway-nrp")])
///     .hostnames(vec!["llm.nrp-nautilus.io".to_string()])
///     .rules(vec![rule])
///     .build();
/// let route = HttpRoute::new("llm-api", spec);
/// let v = serde_json::to_value(&route).unwrap();
/// assert_eq!(v["kind"], "HTTPRoute");
/// assert_eq!(v["spec"]["rules"][0]["matches"][0]["path"]["type"], "PathPrefix");
/// assert_eq!(v["spec"]["rules"][0]["backendRefs"][0]["port"], 8000);
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
    group = "gateway.networking.k8s.io",
    version = "v1",
    kind = "HTTPRoute",
    root = "HttpRoute",
    plural = "httproutes",
    namespaced,
    status = "HttpRouteStatus",
    derive = "PartialEq",
    doc = "An HTTPRoute: HTTP routing rules attached to one or more Gateways.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteSpec {
    /// Gateways (or other parents) the route attaches to (at most 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parent_refs: Option<Vec<ParentReference>>,
    /// Hostnames the route answers for (at most 16; may start with `*.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub hostnames: Option<Vec<String>>,
    /// Routing rules (1–16; the API server fills in a catch-all `/` prefix rule when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub rules: Option<Vec<HttpRouteRule>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One rule of an HTTPRoute: conditions, filters and backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRule {
    /// Optional rule name (DNS subdomain, 1–253 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub name: Option<String>,
    /// Conditions, any one of which selects this rule (at most 64; defaults to prefix `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub matches: Option<Vec<HttpRouteMatch>>,
    /// Filters applied to matching requests (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub filters: Option<Vec<HttpRouteFilter>>,
    /// Backends receiving matching requests (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub backend_refs: Option<Vec<HttpBackendRef>>,
    /// Request and backend-request timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub timeouts: Option<HttpRouteTimeouts>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A condition on a request: path, headers, query parameters and method must all match.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteMatch {
    /// Path condition; defaults to prefix `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub path: Option<HttpPathMatch>,
    /// Header conditions (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Vec<HttpHeaderMatch>>,
    /// Query parameter conditions (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub query_params: Option<Vec<HttpQueryParamMatch>>,
    /// Method condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub method: Option<HttpMethod>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A path condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpPathMatch {
    /// Match type; defaults to `PathPrefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<PathMatchType>,
    /// Path or pattern (at most 1024 characters); defaults to `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub value: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A header condition (Gateway API `HTTPHeaderMatch`; the AI Gateway's model-name match has the
/// same shape).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{HeaderMatchType, HttpHeaderMatch};
/// let m = HttpHeaderMatch::builder()
///     .r#type(HeaderMatchType::Exact).name("x-ai-eg-model").value("qwen3").build();
/// assert_eq!(
///     serde_json::to_value(&m).unwrap(),
///     serde_json::json!({"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}),
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeaderMatch {
    /// Match type; defaults to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<HeaderMatchType>,
    /// Header name (case-insensitive, 1–256 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Value or pattern (1–4096 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A query parameter condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpQueryParamMatch {
    /// Match type; defaults to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<QueryParamMatchType>,
    /// Parameter name (case-sensitive, 1–256 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Value or pattern (1–1024 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A filter of an HTTPRoute rule or backend. The header modifiers and `extensionRef` are typed;
/// the other blocks are kept as JSON values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteFilter {
    /// Which filter this is; the matching block below must be set.
    #[builder(setter(into))]
    pub r#type: HttpRouteFilterType,
    /// Request header changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_header_modifier: Option<HttpHeaderFilter>,
    /// Response header changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub response_header_modifier: Option<HttpHeaderFilter>,
    /// Request mirroring settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_mirror: Option<Value>,
    /// Redirect settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_redirect: Option<Value>,
    /// Rewrite settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub url_rewrite: Option<Value>,
    /// CORS settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cors: Option<Value>,
    /// The implementation-specific filter object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub extension_ref: Option<LocalObjectReference>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Header changes: set (replace), add (append) and remove.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeaderFilter {
    /// Headers to set, replacing existing values (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub set: Option<Vec<HttpHeader>>,
    /// Headers to add to existing values (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub add: Option<Vec<HttpHeader>>,
    /// Header names to remove (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub remove: Option<Vec<String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A header name and value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeader {
    /// Header name.
    #[builder(setter(into))]
    pub name: String,
    /// Header value.
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A backend of an HTTPRoute rule (Gateway API `HTTPBackendRef`): a weighted backend reference
/// with its own filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpBackendRef {
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
    /// Namespace of the backend; absent means the route's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required for a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Share of requests relative to the rule's other backends (0–1000000, defaults to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub weight: Option<i32>,
    /// Filters applied only for this backend (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub filters: Option<Vec<HttpRouteFilter>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Timeouts of a rule, as Gateway API durations (e.g. `1200s`, `1h30m`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteTimeouts {
    /// Time allowed for the whole request, retries included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request: Option<String>,
    /// Time allowed for one request to a backend; not longer than `request`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub backend_request: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Observed state of an HTTPRoute.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteStatus {
    /// One entry per parent the route attaches to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parents: Option<Vec<RouteParentStatus>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}
