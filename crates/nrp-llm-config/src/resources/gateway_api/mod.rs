//! Gateway API kinds (`gateway.networking.k8s.io/v1`): Gateway, GatewayClass and HTTPRoute.
//!
//! The fields NRP admins set are typed; everything else is kept verbatim in the `extra` map of each
//! struct, so an object read and written again is identical. The reference shapes shared with the
//! Envoy Gateway and AI Gateway kinds ([`ParentReference`], [`LocalPolicyTargetReferenceWithSectionName`],
//! [`SecretObjectReference`], [`BackendRef`], [`HttpHeaderMatch`], [`PolicyStatus`] …) are
//! re-exported here too.
//!
//! One file per kind (`gateway.rs`, `gateway_class.rs`, `http_route.rs`), plus the shared
//! references (`references.rs`) and status shapes (`status.rs`); every type is re-exported at
//! this module's root.
//!
//! Upstream API reference: <https://gateway-api.sigs.k8s.io/reference/spec/>.
//!
//! ```
//! use nrp_llm_config::resources::gateway_api::{
//!     Gateway, GatewaySpec, Listener, ListenerProtocol,
//! };
//! let spec = GatewaySpec::builder()
//!     .gateway_class_name("envoy-ai-gateway-nrp")
//!     .listeners(vec![Listener::builder().name("http").port(80).protocol("HTTP").build()])
//!     .build();
//! let gw = Gateway::new("envoy-ai-gateway-nrp", spec);
//! assert_eq!(gw.spec.listeners[0].protocol, ListenerProtocol::Http);
//! ```

use std::collections::BTreeMap;

use serde_json::Value;

mod gateway;
mod gateway_class;
mod http_route;
mod references;
mod status;

pub use gateway::{
    AllowedRoutes, FromNamespaces, Gateway, GatewayAddress, GatewayInfrastructure, GatewaySpec,
    GatewayStatus, Listener, ListenerProtocol, ListenerStatus, ListenerTls, RouteNamespaces,
    TlsMode,
};
pub use gateway_class::{GatewayClass, GatewayClassSpec, GatewayClassStatus};
pub use http_route::{
    HeaderMatchType, HttpBackendRef, HttpHeader, HttpHeaderFilter, HttpHeaderMatch, HttpMethod,
    HttpPathMatch, HttpQueryParamMatch, HttpRoute, HttpRouteFilter, HttpRouteFilterType,
    HttpRouteMatch, HttpRouteRule, HttpRouteSpec, HttpRouteStatus, HttpRouteTimeouts,
    PathMatchType, QueryParamMatchType,
};
pub use references::{
    BackendObjectReference, BackendRef, LabelSelector, LabelSelectorRequirement,
    LocalObjectReference, LocalPolicyTargetReference, LocalPolicyTargetReferenceWithSectionName,
    ParametersReference, ParentReference, RouteGroupKind, SecretObjectReference,
};
pub use status::{PolicyAncestorStatus, PolicyStatus, RouteParentStatus};

/// Unknown or not-modelled fields of an object, kept as written.
pub type Extra = BTreeMap<String, Value>;

#[cfg(test)]
mod tests;
