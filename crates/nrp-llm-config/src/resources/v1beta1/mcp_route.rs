//! The MCPRoute kind (`aigateway.envoyproxy.io/v1beta1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::object_meta;
use crate::resources::common::*;

/// Desired state of an MCPRoute (`aigateway.envoyproxy.io/v1beta1`, the storage version from AI Gateway 0.6): Model Context Protocol servers
/// served behind one path of a Gateway.
///
/// ```
/// use nrp_llm_config::resources::v1beta1::{McpRouteBackendRef, McpRouteSpec, ParentReference};
/// let spec = McpRouteSpec::builder()
///     .parent_refs(vec![ParentReference::gateway("envoy-ai-gateway-nrp")])
///     .backend_refs(vec![McpRouteBackendRef::envoy_backend("github")])
///     .build();
/// assert_eq!(spec.backend_refs[0].name, "github");
/// ```
///
/// ```compile_fail
/// use nrp_llm_config::resources::v1beta1::{McpRouteSpec, ParentReference};
/// // `backend_refs` is required: this does not compile.
/// let spec = McpRouteSpec::builder()
///     .parent_refs(vec![ParentReference::gateway("envoy-ai-gateway-nrp")])
///     .build();
/// ```
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1beta1",
    kind = "MCPRoute",
    root = "McpRoute",
    plural = "mcproutes",
    namespaced,
    status = "McpRouteStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct McpRouteSpec {
    /// Gateways this route attaches to (1–16, kind `Gateway` only).
    #[builder(setter(into))]
    pub parent_refs: Vec<ParentReference>,
    /// Path the MCP endpoint is served at; the API server defaults it to `/mcp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub path: Option<String>,
    /// Header conditions requests must also meet (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers: Option<Vec<HttpHeaderMatch>>,
    /// Host names the route serves (at most 16; AI Gateway 1.1+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub hostnames: Option<Vec<String>>,
    /// The MCP servers (1–256, unique by name).
    #[builder(setter(into))]
    pub backend_refs: Vec<McpRouteBackendRef>,
    /// How clients are authenticated and authorized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub security_policy: Option<McpRouteSecurityPolicy>,
    /// Which backends a session may use (AI Gateway 1.1+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_selector: Option<McpBackendSelector>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl McpRoute {
    /// An MCPRoute on the Gateway `gateway` (same namespace) with one MCP server.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1beta1::{McpRoute, McpRouteBackendRef};
    ///
    /// let route = McpRoute::single_backend(
    ///     "mcp-tools",
    ///     "nrp-llm",
    ///     "envoy-ai-gateway-nrp",
    ///     McpRouteBackendRef::envoy_backend("github").with_path("/mcp/readonly"),
    /// );
    /// let json = serde_json::to_value(&route).unwrap();
    /// assert_eq!(json["apiVersion"], "aigateway.envoyproxy.io/v1beta1");
    /// assert_eq!(
    ///     json["spec"],
    ///     serde_json::json!({
    ///         "parentRefs": [{"group": "gateway.networking.k8s.io", "kind": "Gateway",
    ///                         "name": "envoy-ai-gateway-nrp"}],
    ///         "backendRefs": [{"group": "gateway.envoyproxy.io", "kind": "Backend",
    ///                          "name": "github", "path": "/mcp/readonly"}]
    ///     })
    /// );
    /// ```
    pub fn single_backend(
        name: &str,
        namespace: &str,
        gateway: &str,
        backend: McpRouteBackendRef,
    ) -> Self {
        let spec = McpRouteSpec::builder()
            .parent_refs(vec![ParentReference::gateway(gateway)])
            .backend_refs(vec![backend])
            .build();
        Self {
            metadata: object_meta(name, namespace),
            spec,
            status: None,
        }
    }
}
