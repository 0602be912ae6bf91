//! The status the AI Gateway controllers write, and the object metadata the convenience
//! constructors write.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;

/// Status of an AIGatewayRoute.
pub type AiGatewayRouteStatus = Status;
/// Status of an AIServiceBackend.
pub type AiServiceBackendStatus = Status;
/// Status of a BackendSecurityPolicy.
pub type BackendSecurityPolicyStatus = Status;
/// Status of an MCPRoute.
pub type McpRouteStatus = Status;
/// Status of a GatewayConfig.
pub type GatewayConfigStatus = Status;
/// Status of a QuotaPolicy.
pub type QuotaPolicyStatus = Status;

/// Status written by the controller; kept verbatim, never set by this crate's builders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The latest observations of the object's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Object metadata with just a name and a namespace, as the convenience constructors write it.
pub(crate) fn object_meta(
    name: &str,
    namespace: &str,
) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
    k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        ..Default::default()
    }
}
