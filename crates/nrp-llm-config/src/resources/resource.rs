//! [`Resource`]: one object of any kind, typed when this crate models its kind and version,
//! and the table of those typed kinds.

use serde_json::Value;

use super::common::{AI_GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP};
use super::decode::{DecodeError, decode};
use super::{
    AI_GATEWAY_V1ALPHA1, AI_GATEWAY_V1BETA1, BackendTrafficPolicy, ClientTrafficPolicy,
    ENVOY_GATEWAY_V1ALPHA1, EnvoyProxy, GATEWAY_API_V1, Gateway, GatewayClass, HttpRoute,
    SecurityPolicy, backend, v1alpha1, v1beta1,
};
use crate::ObjectRef;
use crate::object_ref::group_of;

/// One kind this crate models: its API group, `kind`, the API versions that have a typed model
/// (each a [`Resource`] variant), and whether its objects live in a namespace.
///
/// [`KINDS`] lists every one; the CLI's `schema` command, the Python classes and the tests read
/// the kinds from there.
///
/// ```
/// use nrp_llm_config::resources::{KINDS, KindInfo};
/// let route = KindInfo::AI_GATEWAY_ROUTE;
/// assert_eq!((route.group, route.kind), ("aigateway.envoyproxy.io", "AIGatewayRoute"));
/// assert_eq!(
///     route.api_versions,
///     ["aigateway.envoyproxy.io/v1alpha1", "aigateway.envoyproxy.io/v1beta1"]
/// );
/// assert!(!KindInfo::GATEWAY_CLASS.namespaced);
/// assert_eq!(KINDS.len(), 14);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KindInfo {
    /// API group, e.g. `aigateway.envoyproxy.io`.
    pub group: &'static str,
    /// `kind`, e.g. `AIGatewayRoute`.
    pub kind: &'static str,
    /// The `apiVersion`s with a typed model, oldest first.
    pub api_versions: &'static [&'static str],
    /// True for namespaced kinds, false for cluster-scoped ones (GatewayClass).
    pub namespaced: bool,
}

/// Declares [`Resource`], its dispatch, [`KindInfo`]'s constants and [`KINDS`] from one table:
/// per kind its group, `kind` and scope, and per typed API version the [`Resource`] variant, the
/// Rust type and the `apiVersion`.
macro_rules! typed_kinds {
    ($(
        $(#[$kind_doc:meta])*
        $info:ident = $group:expr, $kind:literal, namespaced: $namespaced:literal {
            $( $(#[$doc:meta])* $variant:ident($ty:ty) = $api:expr; )+
        }
    )+) => {
        /// One Kubernetes object: a typed kind this module models, or any other object kept
        /// verbatim.
        // The typed variants are large, but objects are decoded once per document and never
        // stored in hot loops, so boxing them would only make matching clumsier.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        pub enum Resource {
            $( $( $(#[$doc])* $variant($ty), )+ )+
            /// Any other object (another kind, or an API version this module does not model),
            /// unchanged.
            Other(Value),
        }

        impl KindInfo {
            $(
                $(#[$kind_doc])*
                pub const $info: KindInfo = KindInfo {
                    group: $group,
                    kind: $kind,
                    api_versions: &[$($api),+],
                    namespaced: $namespaced,
                };
            )+

            /// The JSON Schema of this kind's typed model at `api_version`, added to `generator`
            /// (schemars' `subschema_for`, usually a `$ref` into the generator's definitions);
            /// `None` when `api_version` is not one of [`KindInfo::api_versions`].
            ///
            /// ```
            /// use nrp_llm_config::resources::KindInfo;
            /// let mut generator = schemars::SchemaGenerator::default();
            /// let info = KindInfo::BACKEND;
            /// assert!(info.json_schema("gateway.envoyproxy.io/v1alpha1", &mut generator).is_some());
            /// assert!(info.json_schema("gateway.envoyproxy.io/v1", &mut generator).is_none());
            /// ```
            pub fn json_schema(
                &self,
                api_version: &str,
                generator: &mut schemars::SchemaGenerator,
            ) -> Option<schemars::Schema> {
                $( $(
                    if self.kind == $kind && self.group == $group && api_version == $api {
                        return Some(generator.subschema_for::<$ty>());
                    }
                )+ )+
                None
            }
        }

        /// Every kind this crate models, in the order of [`Resource`]'s variants.
        pub const KINDS: &[KindInfo] = &[$(KindInfo::$info),+];

        impl Resource {
            /// Decodes `value` into the typed kind named by `api_version` and `kind`, or returns
            /// `None` when no typed kind has that name.
            fn decode_typed(
                value: &Value,
                api_version: &str,
                kind: &str,
            ) -> Option<Result<Resource, DecodeError>> {
                $( $(
                    if api_version == $api && kind == $kind {
                        return Some(decode(value, api_version, kind).map(Resource::$variant));
                    }
                )+ )+
                None
            }

            /// `apiVersion` and `kind` of a typed object (`None` for [`Resource::Other`]).
            fn typed_names(&self) -> Option<(&'static str, &'static str)> {
                match self {
                    $( $( Resource::$variant(_) => Some(($api, $kind)), )+ )+
                    Resource::Other(_) => None,
                }
            }

            /// Encodes a typed object (`None` for [`Resource::Other`]).
            fn encode_typed(&self) -> Option<Result<Value, serde_json::Error>> {
                match self {
                    $( $( Resource::$variant(o) => Some(serde_json::to_value(o)), )+ )+
                    Resource::Other(_) => None,
                }
            }

            fn metadata(
                &self,
            ) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta> {
                match self {
                    $( $( Resource::$variant(o) => Some(&o.metadata), )+ )+
                    Resource::Other(_) => None,
                }
            }
        }

        /// `apiVersion`, `kind` and whether kube-derive made the typed root namespaced, for each
        /// typed version (checked against [`KINDS`] by the tests).
        #[cfg(test)]
        pub(super) fn derived_scopes() -> Vec<(&'static str, &'static str, bool)> {
            use kube_core::CustomResourceExt as _;
            vec![$( $( ($api, $kind, <$ty>::crd().spec.scope == "Namespaced"), )+ )+]
        }
    };
}

typed_kinds! {
    /// AIGatewayRoute (`aigateway.envoyproxy.io`): routes model names to AIServiceBackends.
    AI_GATEWAY_ROUTE = AI_GATEWAY_GROUP, "AIGatewayRoute", namespaced: true {
        /// `aigateway.envoyproxy.io/v1alpha1` AIGatewayRoute.
        AiGatewayRouteV1alpha1(v1alpha1::AiGatewayRoute) = AI_GATEWAY_V1ALPHA1;
        /// `aigateway.envoyproxy.io/v1beta1` AIGatewayRoute.
        AiGatewayRouteV1beta1(v1beta1::AiGatewayRoute) = AI_GATEWAY_V1BETA1;
    }
    /// AIServiceBackend (`aigateway.envoyproxy.io`): the API schema of an inference service and
    /// the Backend it runs on.
    AI_SERVICE_BACKEND = AI_GATEWAY_GROUP, "AIServiceBackend", namespaced: true {
        /// `aigateway.envoyproxy.io/v1alpha1` AIServiceBackend.
        AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend) = AI_GATEWAY_V1ALPHA1;
        /// `aigateway.envoyproxy.io/v1beta1` AIServiceBackend.
        AiServiceBackendV1beta1(v1beta1::AiServiceBackend) = AI_GATEWAY_V1BETA1;
    }
    /// BackendSecurityPolicy (`aigateway.envoyproxy.io`): credentials the gateway uses towards
    /// AIServiceBackends.
    BACKEND_SECURITY_POLICY = AI_GATEWAY_GROUP, "BackendSecurityPolicy", namespaced: true {
        /// `aigateway.envoyproxy.io/v1alpha1` BackendSecurityPolicy.
        BackendSecurityPolicyV1alpha1(v1alpha1::BackendSecurityPolicy) = AI_GATEWAY_V1ALPHA1;
        /// `aigateway.envoyproxy.io/v1beta1` BackendSecurityPolicy.
        BackendSecurityPolicyV1beta1(v1beta1::BackendSecurityPolicy) = AI_GATEWAY_V1BETA1;
    }
    /// MCPRoute (`aigateway.envoyproxy.io`, AI Gateway 0.4+): Model Context Protocol servers
    /// behind one path of a Gateway.
    MCP_ROUTE = AI_GATEWAY_GROUP, "MCPRoute", namespaced: true {
        /// `aigateway.envoyproxy.io/v1alpha1` MCPRoute.
        McpRouteV1alpha1(v1alpha1::McpRoute) = AI_GATEWAY_V1ALPHA1;
        /// `aigateway.envoyproxy.io/v1beta1` MCPRoute.
        McpRouteV1beta1(v1beta1::McpRoute) = AI_GATEWAY_V1BETA1;
    }
    /// GatewayConfig (`aigateway.envoyproxy.io`, AI Gateway 0.5+): settings of the AI Gateway
    /// processes beside a Gateway's Envoy.
    GATEWAY_CONFIG = AI_GATEWAY_GROUP, "GatewayConfig", namespaced: true {
        /// `aigateway.envoyproxy.io/v1alpha1` GatewayConfig.
        GatewayConfigV1alpha1(v1alpha1::GatewayConfig) = AI_GATEWAY_V1ALPHA1;
        /// `aigateway.envoyproxy.io/v1beta1` GatewayConfig.
        GatewayConfigV1beta1(v1beta1::GatewayConfig) = AI_GATEWAY_V1BETA1;
    }
    /// QuotaPolicy (`aigateway.envoyproxy.io`, AI Gateway 0.6+, `v1alpha1` only): token quotas
    /// for AIServiceBackends.
    QUOTA_POLICY = AI_GATEWAY_GROUP, "QuotaPolicy", namespaced: true {
        /// `aigateway.envoyproxy.io/v1alpha1` QuotaPolicy.
        QuotaPolicy(v1alpha1::QuotaPolicy) = AI_GATEWAY_V1ALPHA1;
    }
    /// Backend (`gateway.envoyproxy.io`): where an inference service listens.
    BACKEND = ENVOY_GATEWAY_GROUP, "Backend", namespaced: true {
        /// `gateway.envoyproxy.io/v1alpha1` Backend.
        Backend(backend::Backend) = ENVOY_GATEWAY_V1ALPHA1;
    }
    /// SecurityPolicy (`gateway.envoyproxy.io`): authentication and authorization of clients.
    SECURITY_POLICY = ENVOY_GATEWAY_GROUP, "SecurityPolicy", namespaced: true {
        /// `gateway.envoyproxy.io/v1alpha1` SecurityPolicy.
        SecurityPolicy(SecurityPolicy) = ENVOY_GATEWAY_V1ALPHA1;
    }
    /// ClientTrafficPolicy (`gateway.envoyproxy.io`): connection settings between clients and
    /// the gateway.
    CLIENT_TRAFFIC_POLICY = ENVOY_GATEWAY_GROUP, "ClientTrafficPolicy", namespaced: true {
        /// `gateway.envoyproxy.io/v1alpha1` ClientTrafficPolicy.
        ClientTrafficPolicy(ClientTrafficPolicy) = ENVOY_GATEWAY_V1ALPHA1;
    }
    /// BackendTrafficPolicy (`gateway.envoyproxy.io`): rate limits, retries, timeouts and load
    /// balancing towards backends.
    BACKEND_TRAFFIC_POLICY = ENVOY_GATEWAY_GROUP, "BackendTrafficPolicy", namespaced: true {
        /// `gateway.envoyproxy.io/v1alpha1` BackendTrafficPolicy.
        BackendTrafficPolicy(BackendTrafficPolicy) = ENVOY_GATEWAY_V1ALPHA1;
    }
    /// EnvoyProxy (`gateway.envoyproxy.io`): how the Envoy fleet of a Gateway is deployed.
    ENVOY_PROXY = ENVOY_GATEWAY_GROUP, "EnvoyProxy", namespaced: true {
        /// `gateway.envoyproxy.io/v1alpha1` EnvoyProxy.
        EnvoyProxy(EnvoyProxy) = ENVOY_GATEWAY_V1ALPHA1;
    }
    /// Gateway (`gateway.networking.k8s.io`): listeners that routes attach to.
    GATEWAY = GATEWAY_API_GROUP, "Gateway", namespaced: true {
        /// `gateway.networking.k8s.io/v1` Gateway.
        Gateway(Gateway) = GATEWAY_API_V1;
    }
    /// GatewayClass (`gateway.networking.k8s.io`, cluster-scoped): which controller runs the
    /// Gateways of a class.
    GATEWAY_CLASS = GATEWAY_API_GROUP, "GatewayClass", namespaced: false {
        /// `gateway.networking.k8s.io/v1` GatewayClass.
        GatewayClass(GatewayClass) = GATEWAY_API_V1;
    }
    /// HTTPRoute (`gateway.networking.k8s.io`): plain HTTP routing rules.
    HTTP_ROUTE = GATEWAY_API_GROUP, "HTTPRoute", namespaced: true {
        /// `gateway.networking.k8s.io/v1` HTTPRoute.
        HttpRoute(HttpRoute) = GATEWAY_API_V1;
    }
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
        let api_version = value
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        Self::decode_typed(value, api_version, kind)
            .unwrap_or_else(|| Ok(Resource::Other(value.clone())))
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
        match (self.encode_typed(), self) {
            // Encoding into a `Value` only fails for maps with non-string keys, which these types
            // do not have.
            (Some(encoded), _) => encoded.unwrap_or(Value::Null),
            (None, Resource::Other(v)) => v.clone(),
            (None, _) => Value::Null,
        }
    }

    /// `apiVersion` of the object (`""` for an untyped object without one).
    ///
    /// ```
    /// use nrp_llm_config::resources::{Resource, backend::Backend};
    /// let r = Resource::Backend(Backend::ip("b", "ns", "10.0.0.1", 80));
    /// assert_eq!(r.api_version(), "gateway.envoyproxy.io/v1alpha1");
    /// ```
    pub fn api_version(&self) -> &str {
        match (self.typed_names(), self) {
            (Some((api, _)), _) => api,
            (None, Resource::Other(v)) => v.get("apiVersion").and_then(Value::as_str).unwrap_or(""),
            (None, _) => "",
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
        match (self.typed_names(), self) {
            (Some((_, kind)), _) => kind,
            (None, Resource::Other(v)) => v.get("kind").and_then(Value::as_str).unwrap_or(""),
            (None, _) => "",
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
/// // The same content, keys in upstream order.
/// assert_eq!(
///     serde_json::to_string(&canonical(&v)).unwrap(),
///     r#"{"apiVersion":"gateway.envoyproxy.io/v1alpha1","kind":"Backend","metadata":{"name":"b","namespace":"ns"},"spec":{"endpoints":[{"fqdn":{"hostname":"a.example","port":80}}]}}"#
/// );
/// // Re-encoding would drop an unknown top-level key: that object comes back as it is.
/// let mut odd = v.clone();
/// odd["future"] = serde_json::json!(1);
/// assert_eq!(
///     serde_json::to_string(&canonical(&odd)).unwrap(),
///     serde_json::to_string(&odd).unwrap()
/// );
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
