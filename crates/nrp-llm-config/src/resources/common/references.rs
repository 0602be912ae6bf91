//! Reference constructors the AI Gateway kinds share: an Envoy Gateway `Backend` as backend,
//! AIServiceBackends as policy targets.

use super::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP};
use crate::resources::gateway_api::{BackendObjectReference, LocalPolicyTargetReference};

impl BackendObjectReference {
    /// A reference to an Envoy Gateway `Backend` in the same namespace, with `group` and `kind`
    /// written out (AI Gateway 0.4+ rejects the reference without them).
    ///
    /// ```
    /// # use nrp_llm_config::resources::common::BackendObjectReference;
    /// let r = BackendObjectReference::envoy_backend("qwen");
    /// assert_eq!(r.group.as_deref(), Some("gateway.envoyproxy.io"));
    /// assert_eq!(r.kind.as_deref(), Some("Backend"));
    /// ```
    pub fn envoy_backend(name: impl Into<String>) -> Self {
        Self::builder()
            .group(ENVOY_GATEWAY_GROUP)
            .kind("Backend")
            .name(name)
            .build()
    }
}

/// Target references to AIServiceBackends (group `aigateway.envoyproxy.io`) by name.
pub(crate) fn ai_service_backend_targets(
    targets: &[&str],
) -> Option<Vec<LocalPolicyTargetReference>> {
    if targets.is_empty() {
        return None;
    }
    Some(
        targets
            .iter()
            .map(|name| {
                LocalPolicyTargetReference::builder()
                    .group(AI_GATEWAY_GROUP)
                    .kind("AIServiceBackend")
                    .name(*name)
                    .build()
            })
            .collect(),
    )
}
