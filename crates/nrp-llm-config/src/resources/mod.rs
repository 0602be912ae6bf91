//! Typed models of the six AI Gateway kinds (in every API version a release serves), the Envoy
//! Gateway kinds and the Gateway API kinds.
//!
//! Each AI Gateway kind (AIGatewayRoute, AIServiceBackend, BackendSecurityPolicy, MCPRoute,
//! GatewayConfig, QuotaPolicy) and the Envoy Gateway Backend is one superset type per API
//! version: every field of every supported release (AI Gateway v0.3.0 … v1.1.0, Envoy Gateway
//! v1.5 … v1.8). The other kinds type the fields people set. Every struct keeps fields it does
//! not know in `extra`, so reading and writing an object loses nothing below the root.
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
pub mod envoy_gateway;
pub mod gateway_api;
mod string_enum;
pub mod v1alpha1;
pub mod v1beta1;
pub mod view;

mod decode;
mod resource;

pub use convert::ConversionError;
pub use decode::DecodeError;
pub use envoy_gateway::{
    BackendTrafficPolicy, BackendTrafficPolicySpec, ClientTrafficPolicy, ClientTrafficPolicySpec,
    EnvoyProxy, EnvoyProxySpec, SecurityPolicy, SecurityPolicySpec,
};
pub use gateway_api::{
    Gateway, GatewayClass, GatewayClassSpec, GatewayClassStatus, GatewaySpec, GatewayStatus,
    HttpRoute, HttpRouteSpec, HttpRouteStatus, PolicyStatus,
};

/// `apiVersion` of the AI Gateway `v1alpha1` kinds.
pub const AI_GATEWAY_V1ALPHA1: &str = "aigateway.envoyproxy.io/v1alpha1";
/// `apiVersion` of the AI Gateway `v1beta1` kinds.
pub const AI_GATEWAY_V1BETA1: &str = "aigateway.envoyproxy.io/v1beta1";
/// `apiVersion` of the Envoy Gateway kinds.
pub const ENVOY_GATEWAY_V1ALPHA1: &str = "gateway.envoyproxy.io/v1alpha1";
/// `apiVersion` of the Gateway API kinds (standard channel).
pub const GATEWAY_API_V1: &str = "gateway.networking.k8s.io/v1";
pub use resource::{KINDS, KindInfo, Resource, canonical};

#[cfg(test)]
mod field_coverage;
#[cfg(test)]
mod tests;
