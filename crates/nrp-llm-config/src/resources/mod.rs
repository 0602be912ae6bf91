//! Typed models of the AI Gateway kinds (both API versions) and the Envoy Gateway Backend.
//!
//! Each kind is one superset type per API version: every field of AI Gateway v0.3.0, v0.4.0,
//! v0.5.0 and v1.1.0 (and of the Envoy Gateway Backend of v1.5 to v1.8). Every struct keeps fields
//! it does not know in `extra`, so reading and writing an object loses nothing below the root.
//! The root objects come from kube-derive and have only `apiVersion`, `kind`, `metadata`, `spec`
//! and `status`: an unknown top-level key is dropped when decoding. [`canonical`] notices such
//! losses and then leaves the object untouched.
//!
//! Builders come from typed-builder, so leaving out a required field does not compile:
//!
//! ```
//! use nrp_llm_config::resources::v1alpha1::{
//!     AiServiceBackendSpec, ApiSchemaName, BackendObjectReference, VersionedApiSchema,
//! };
//! let spec = AiServiceBackendSpec::builder()
//!     .schema(VersionedApiSchema::builder().name(ApiSchemaName::OpenAi).build())
//!     .backend_ref(BackendObjectReference::envoy_backend("qwen"))
//!     .build();
//! assert_eq!(spec.backend_ref.name, "qwen");
//! ```
//!
//! ```compile_fail
//! use nrp_llm_config::resources::v1alpha1::{AiServiceBackendSpec, ApiSchemaName, VersionedApiSchema};
//! // `backend_ref` is required: this does not compile.
//! let spec = AiServiceBackendSpec::builder()
//!     .schema(VersionedApiSchema::builder().name(ApiSchemaName::OpenAi).build())
//!     .build();
//! ```

pub mod backend;
pub mod common;
pub mod convert;
pub mod v1alpha1;
pub mod v1beta1;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::object_ref::group_of;
use crate::{FieldPath, ObjectRef, Segment};

pub use convert::ConversionError;

/// `apiVersion` of the AI Gateway `v1alpha1` kinds.
pub const AI_GATEWAY_V1ALPHA1: &str = "aigateway.envoyproxy.io/v1alpha1";
/// `apiVersion` of the AI Gateway `v1beta1` kinds.
pub const AI_GATEWAY_V1BETA1: &str = "aigateway.envoyproxy.io/v1beta1";
/// `apiVersion` of the Envoy Gateway kinds.
pub const ENVOY_GATEWAY_V1ALPHA1: &str = "gateway.envoyproxy.io/v1alpha1";

/// One Kubernetes object: a typed kind this module models, or any other object kept verbatim.
// The typed variants are large, but objects are decoded once per document and never stored in
// hot loops, so boxing them would only make matching clumsier.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Resource {
    /// `aigateway.envoyproxy.io/v1alpha1` AIGatewayRoute.
    AiGatewayRouteV1alpha1(v1alpha1::AiGatewayRoute),
    /// `aigateway.envoyproxy.io/v1alpha1` AIServiceBackend.
    AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend),
    /// `aigateway.envoyproxy.io/v1alpha1` BackendSecurityPolicy.
    BackendSecurityPolicyV1alpha1(v1alpha1::BackendSecurityPolicy),
    /// `aigateway.envoyproxy.io/v1beta1` AIGatewayRoute.
    AiGatewayRouteV1beta1(v1beta1::AiGatewayRoute),
    /// `aigateway.envoyproxy.io/v1beta1` AIServiceBackend.
    AiServiceBackendV1beta1(v1beta1::AiServiceBackend),
    /// `aigateway.envoyproxy.io/v1beta1` BackendSecurityPolicy.
    BackendSecurityPolicyV1beta1(v1beta1::BackendSecurityPolicy),
    /// `gateway.envoyproxy.io/v1alpha1` Backend.
    Backend(backend::Backend),
    /// Any other object (another kind, or an API version this module does not model), unchanged.
    Other(Value),
}

/// Why an object of a known kind could not be decoded into its typed model.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", display_decode_error(.path, .message))]
pub struct DecodeError {
    /// `apiVersion` of the object.
    pub api_version: String,
    /// `kind` of the object.
    pub kind: String,
    /// Where in the object decoding failed, with wire names (`spec.rules[0].backendRefs[0].weight`).
    pub path: FieldPath,
    /// What was wrong, e.g. `invalid type: string "x", expected i32`.
    pub message: String,
}

fn display_decode_error(path: &FieldPath, message: &str) -> String {
    if path.is_root() {
        message.to_owned()
    } else {
        format!("{path}: {message}")
    }
}

fn decode<T: DeserializeOwned>(value: &Value, api_version: &str, kind: &str) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|err| DecodeError {
        api_version: api_version.to_owned(),
        kind: kind.to_owned(),
        path: field_path(err.path()),
        message: err.inner().to_string(),
    })
}

/// Converts a serde path into a [`FieldPath`]; keys below `labels`/`annotations` are map keys.
fn field_path(path: &serde_path_to_error::Path) -> FieldPath {
    let mut out = FieldPath::root();
    for segment in path.iter() {
        let next = match segment {
            serde_path_to_error::Segment::Seq { index } => Segment::Index(*index),
            serde_path_to_error::Segment::Map { key } => {
                let in_map = matches!(
                    out.segments().last(),
                    Some(Segment::Field(parent))
                        if matches!(parent.as_str(), "labels" | "annotations" | "limits" | "requests")
                );
                if in_map {
                    Segment::Key(key.clone())
                } else {
                    Segment::Field(key.clone())
                }
            }
            serde_path_to_error::Segment::Enum { variant } => Segment::Field(variant.clone()),
            serde_path_to_error::Segment::Unknown => continue,
        };
        out.push(next);
    }
    out
}

impl Resource {
    /// Decodes an object, choosing the typed model from `apiVersion` and `kind`. Objects of other
    /// kinds or versions become [`Resource::Other`]. Unknown keys inside `spec` and below are
    /// kept; unknown top-level keys (besides `apiVersion`, `kind`, `metadata`, `spec`, `status`)
    /// are dropped by the typed root, see [`canonical`].
    ///
    /// ```
    /// use nrp_llm_config::resources::Resource;
    /// let v = serde_json::json!({
    ///     "apiVersion": "aigateway.envoyproxy.io/v1alpha1", "kind": "AIGatewayRoute",
    ///     "metadata": {"name": "r", "namespace": "nrp-llm"},
    ///     "spec": {"rules": [{"backendRefs": [{"name": "b", "weight": "x"}]}]}
    /// });
    /// let err = Resource::from_value(&v).unwrap_err();
    /// assert_eq!(err.path.to_string(), "spec.rules[0].backendRefs[0].weight");
    /// assert_eq!(err.message, r#"invalid type: string "x", expected i32"#);
    /// ```
    pub fn from_value(value: &Value) -> Result<Resource, DecodeError> {
        let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let resource = match (api_version, kind) {
            (AI_GATEWAY_V1ALPHA1, "AIGatewayRoute") => {
                Resource::AiGatewayRouteV1alpha1(decode(value, api_version, kind)?)
            }
            (AI_GATEWAY_V1ALPHA1, "AIServiceBackend") => {
                Resource::AiServiceBackendV1alpha1(decode(value, api_version, kind)?)
            }
            (AI_GATEWAY_V1ALPHA1, "BackendSecurityPolicy") => {
                Resource::BackendSecurityPolicyV1alpha1(decode(value, api_version, kind)?)
            }
            (AI_GATEWAY_V1BETA1, "AIGatewayRoute") => {
                Resource::AiGatewayRouteV1beta1(decode(value, api_version, kind)?)
            }
            (AI_GATEWAY_V1BETA1, "AIServiceBackend") => {
                Resource::AiServiceBackendV1beta1(decode(value, api_version, kind)?)
            }
            (AI_GATEWAY_V1BETA1, "BackendSecurityPolicy") => {
                Resource::BackendSecurityPolicyV1beta1(decode(value, api_version, kind)?)
            }
            (ENVOY_GATEWAY_V1ALPHA1, "Backend") => Resource::Backend(decode(value, api_version, kind)?),
            _ => Resource::Other(value.clone()),
        };
        Ok(resource)
    }

    /// Encodes the object: `apiVersion`, `kind`, `metadata`, `spec`, `status`, with fields in
    /// upstream order and unknown fields after the known ones of each object.
    ///
    /// ```
    /// use nrp_llm_config::resources::{Resource, backend::Backend};
    /// let r = Resource::Backend(Backend::fqdn("b", "nrp-llm", "example.org", 443));
    /// let v = r.to_value();
    /// assert_eq!(Resource::from_value(&v).unwrap(), r);
    /// ```
    pub fn to_value(&self) -> Value {
        let encoded = match self {
            Resource::AiGatewayRouteV1alpha1(o) => serde_json::to_value(o),
            Resource::AiServiceBackendV1alpha1(o) => serde_json::to_value(o),
            Resource::BackendSecurityPolicyV1alpha1(o) => serde_json::to_value(o),
            Resource::AiGatewayRouteV1beta1(o) => serde_json::to_value(o),
            Resource::AiServiceBackendV1beta1(o) => serde_json::to_value(o),
            Resource::BackendSecurityPolicyV1beta1(o) => serde_json::to_value(o),
            Resource::Backend(o) => serde_json::to_value(o),
            Resource::Other(v) => return v.clone(),
        };
        // Encoding into a `Value` only fails for maps with non-string keys, which these types
        // do not have.
        encoded.unwrap_or(Value::Null)
    }

    /// `apiVersion` of the object (`""` for an untyped object without one).
    ///
    /// ```
    /// use nrp_llm_config::resources::{Resource, backend::Backend};
    /// let r = Resource::Backend(Backend::ip("b", "ns", "10.0.0.1", 80));
    /// assert_eq!(r.api_version(), "gateway.envoyproxy.io/v1alpha1");
    /// ```
    pub fn api_version(&self) -> &str {
        match self {
            Resource::AiGatewayRouteV1alpha1(_)
            | Resource::AiServiceBackendV1alpha1(_)
            | Resource::BackendSecurityPolicyV1alpha1(_) => AI_GATEWAY_V1ALPHA1,
            Resource::AiGatewayRouteV1beta1(_)
            | Resource::AiServiceBackendV1beta1(_)
            | Resource::BackendSecurityPolicyV1beta1(_) => AI_GATEWAY_V1BETA1,
            Resource::Backend(_) => ENVOY_GATEWAY_V1ALPHA1,
            Resource::Other(v) => v.get("apiVersion").and_then(Value::as_str).unwrap_or(""),
        }
    }

    /// `kind` of the object (`""` for an untyped object without one).
    ///
    /// ```
    /// use nrp_llm_config::resources::{Resource, backend::Backend};
    /// let r = Resource::Backend(Backend::ip("b", "ns", "10.0.0.1", 80));
    /// assert_eq!(r.kind(), "Backend");
    /// ```
    pub fn kind(&self) -> &str {
        match self {
            Resource::AiGatewayRouteV1alpha1(_) | Resource::AiGatewayRouteV1beta1(_) => {
                "AIGatewayRoute"
            }
            Resource::AiServiceBackendV1alpha1(_) | Resource::AiServiceBackendV1beta1(_) => {
                "AIServiceBackend"
            }
            Resource::BackendSecurityPolicyV1alpha1(_)
            | Resource::BackendSecurityPolicyV1beta1(_) => "BackendSecurityPolicy",
            Resource::Backend(_) => "Backend",
            Resource::Other(v) => v.get("kind").and_then(Value::as_str).unwrap_or(""),
        }
    }

    fn metadata(&self) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta> {
        match self {
            Resource::AiGatewayRouteV1alpha1(o) => Some(&o.metadata),
            Resource::AiServiceBackendV1alpha1(o) => Some(&o.metadata),
            Resource::BackendSecurityPolicyV1alpha1(o) => Some(&o.metadata),
            Resource::AiGatewayRouteV1beta1(o) => Some(&o.metadata),
            Resource::AiServiceBackendV1beta1(o) => Some(&o.metadata),
            Resource::BackendSecurityPolicyV1beta1(o) => Some(&o.metadata),
            Resource::Backend(o) => Some(&o.metadata),
            Resource::Other(_) => None,
        }
    }

    /// Identity of the object (group, kind, namespace, name); `None` when it has no name (or,
    /// for an untyped object, no kind).
    ///
    /// ```
    /// use nrp_llm_config::resources::{Resource, v1alpha1::AiServiceBackend};
    /// let r = Resource::AiServiceBackendV1alpha1(AiServiceBackend::openai("qwen", "nrp-llm", "qwen"));
    /// assert_eq!(r.object_ref().unwrap().to_string(), "AIServiceBackend nrp-llm/qwen");
    /// ```
    pub fn object_ref(&self) -> Option<ObjectRef> {
        match self.metadata() {
            Some(meta) => Some(ObjectRef::new(
                group_of(self.api_version()),
                self.kind(),
                meta.namespace.as_deref(),
                meta.name.clone()?,
            )),
            None => match self {
                Resource::Other(v) => ObjectRef::from_value(v),
                _ => None,
            },
        }
    }
}

/// The object in canonical form: decoded into its typed model and encoded again (upstream field
/// order, unknown fields last). When the object is of no typed kind, fails to decode, or would
/// not come back JSON-equal (compared as values, key order ignored) — for example because it has
/// an unknown top-level key — it is returned unchanged. Never loses data.
///
/// ```
/// use nrp_llm_config::resources::canonical;
/// let v = serde_json::json!({
///     "spec": {"endpoints": [{"fqdn": {"port": 80, "hostname": "a.example"}}]},
///     "kind": "Backend", "apiVersion": "gateway.envoyproxy.io/v1alpha1",
///     "metadata": {"namespace": "ns", "name": "b"}
/// });
/// let c = canonical(&v);
/// assert_eq!(c, v);
/// let keys: Vec<_> = c.as_object().unwrap().keys().cloned().collect();
/// assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
/// ```
pub fn canonical(value: &Value) -> Value {
    match Resource::from_value(value) {
        Ok(Resource::Other(_)) | Err(_) => value.clone(),
        Ok(resource) => {
            let encoded = resource.to_value();
            if encoded == *value {
                encoded
            } else {
                value.clone()
            }
        }
    }
}
