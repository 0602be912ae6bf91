//! The AIServiceBackend kind (`aigateway.envoyproxy.io/v1beta1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;

/// Desired state of an AIServiceBackend (`aigateway.envoyproxy.io/v1beta1`).
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1beta1",
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
    /// Header changes for every request to this backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub header_mutation: Option<HeaderMutation>,
    /// Body changes for every request to this backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub body_mutation: Option<BodyMutation>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
