//! The AIServiceBackend kind (`aigateway.envoyproxy.io/v1alpha1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;

/// Desired state of an AIServiceBackend (`aigateway.envoyproxy.io/v1alpha1`), the union of every release's fields.
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "AIServiceBackend",
    root = "AiServiceBackend",
    namespaced,
    status = "AiServiceBackendStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct AiServiceBackendSpec {
    /// API schema the upstream speaks.
    #[builder(setter(into))]
    pub schema: VersionedApiSchema,
    /// The Envoy Gateway Backend that reaches the upstream; always write `group` and `kind`.
    #[builder(setter(into))]
    pub backend_ref: BackendObjectReference,
    /// Security policy of this backend (AI Gateway 0.3 only, deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_security_policy_ref: Option<LocalObjectReference>,
    /// Header changes for every request to this backend (AI Gateway 0.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub header_mutation: Option<HeaderMutation>,
    /// Body changes for every request to this backend (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub body_mutation: Option<BodyMutation>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl AiServiceBackend {
    /// An AIServiceBackend with schema `OpenAI` whose `backendRef` names the Envoy Gateway
    /// `Backend` `backend_name` in the same namespace, with `group: gateway.envoyproxy.io` and
    /// `kind: Backend` always written.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::AiServiceBackend;
    ///
    /// let b = AiServiceBackend::openai("envoy-ai-gateway-nrp-qwen", "nrp-llm", "envoy-ai-gateway-nrp-qwen");
    /// let json = serde_json::to_value(&b).unwrap();
    /// assert_eq!(json["apiVersion"], "aigateway.envoyproxy.io/v1alpha1");
    /// assert_eq!(
    ///     json["spec"],
    ///     serde_json::json!({
    ///         "schema": {"name": "OpenAI"},
    ///         "backendRef": {
    ///             "group": "gateway.envoyproxy.io",
    ///             "kind": "Backend",
    ///             "name": "envoy-ai-gateway-nrp-qwen"
    ///         }
    ///     })
    /// );
    /// ```
    pub fn openai(name: &str, namespace: &str, backend_name: impl Into<String>) -> Self {
        // Both versions build the same object; only the API version differs.
        crate::resources::v1beta1::AiServiceBackend::openai(name, namespace, backend_name).into()
    }
}
