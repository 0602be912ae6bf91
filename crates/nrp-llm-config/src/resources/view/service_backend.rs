//! AIServiceBackend: the backend it sends to and its security policy reference.

use super::{Node, Reference};
use crate::resources::common::AI_GATEWAY_GROUP;

/// The `spec` of an AIServiceBackend.
///
/// ```
/// use nrp_llm_config::resources::view::{Node, ServiceBackendView};
/// let spec = serde_json::json!({"schema": {"name": "OpenAI"},
///     "backendRef": {"name": "b", "kind": "Backend", "group": "gateway.envoyproxy.io"}});
/// let asb = ServiceBackendView::new(Some(Node::new(&spec)));
/// assert!(asb.backend_ref().unwrap().is("gateway.envoyproxy.io", "Backend"));
/// assert_eq!(asb.schema_name(), Some("OpenAI"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ServiceBackendView<'a> {
    spec: Option<Node<'a>>,
    backend_ref: Option<Node<'a>>,
    policy_ref: Option<Node<'a>>,
}

impl<'a> ServiceBackendView<'a> {
    /// A view over an AIServiceBackend's `spec` node.
    pub fn new(spec: Option<Node<'a>>) -> Self {
        let [backend_ref, policy_ref] = match spec {
            Some(s) => s.fields(["backendRef", "backendSecurityPolicyRef"]),
            None => [None; 2],
        };
        ServiceBackendView {
            spec,
            backend_ref,
            policy_ref,
        }
    }

    /// `spec.backendRef`, defaults group `""` (core), kind `Service`.
    pub fn backend_ref(&self) -> Option<Reference<'a>> {
        self.backend_ref.map(|n| Reference::read(n, "", "Service"))
    }

    /// `spec.backendSecurityPolicyRef` (up to v0.5), defaults group `aigateway.envoyproxy.io`,
    /// kind `BackendSecurityPolicy`.
    pub fn policy_ref(&self) -> Option<Reference<'a>> {
        self.policy_ref
            .map(|n| Reference::read(n, AI_GATEWAY_GROUP, "BackendSecurityPolicy"))
    }

    /// `spec.schema.name` (`OpenAI`, `AWSBedrock`, ...).
    pub fn schema_name(&self) -> Option<&'a str> {
        self.spec?.field("schema")?.str_field("name")
    }
}
