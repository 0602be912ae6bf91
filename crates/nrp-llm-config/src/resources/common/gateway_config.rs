//! The pieces of a GatewayConfig: the external processor's container and the forward proxy.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::KubernetesContainerSpec;

/// Settings of the AI Gateway external processor that runs beside Envoy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConfigExtProc {
    /// The processor's container: image, environment, resources, security context, mounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub kubernetes: Option<KubernetesContainerSpec>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An HTTP proxy the gateway's outbound requests go through (AI Gateway 1.1+).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConfigForwardProxy {
    /// Address of the proxy (non-empty).
    #[builder(setter(into))]
    pub address: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
