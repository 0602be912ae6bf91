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
pub mod envoy_gateway;
pub mod gateway_api;
mod string_enum;
pub mod v1alpha1;
pub mod v1beta1;
pub mod view;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::object_ref::group_of;
use crate::{FieldPath, ObjectRef, Segment};

pub use convert::ConversionError;
pub use envoy_gateway::{
    ClientTrafficPolicy, ClientTrafficPolicySpec, EnvoyProxy, EnvoyProxySpec, SecurityPolicy,
    SecurityPolicySpec,
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

/// Declares [`Resource`] and its dispatch from one table: variant, Rust type, `apiVersion` and
/// `kind` of every typed kind.
macro_rules! typed_kinds {
    ($( $(#[$doc:meta])* $variant:ident($ty:ty) = $api:expr, $kind:literal; )+) => {
        /// One Kubernetes object: a typed kind this module models, or any other object kept
        /// verbatim.
        // The typed variants are large, but objects are decoded once per document and never
        // stored in hot loops, so boxing them would only make matching clumsier.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        pub enum Resource {
            $( $(#[$doc])* $variant($ty), )+
            /// Any other object (another kind, or an API version this module does not model),
            /// unchanged.
            Other(Value),
        }

        impl Resource {
            /// Decodes `value` into the typed kind named by `api_version` and `kind`, or returns
            /// `None` when no typed kind has that name.
            fn decode_typed(
                value: &Value,
                api_version: &str,
                kind: &str,
            ) -> Option<Result<Resource, DecodeError>> {
                $(
                    if api_version == $api && kind == $kind {
                        return Some(decode(value, api_version, kind).map(Resource::$variant));
                    }
                )+
                None
            }

            /// `apiVersion` and `kind` of a typed object (`None` for [`Resource::Other`]).
            fn typed_names(&self) -> Option<(&'static str, &'static str)> {
                match self {
                    $( Resource::$variant(_) => Some(($api, $kind)), )+
                    Resource::Other(_) => None,
                }
            }

            /// Encodes a typed object (`None` for [`Resource::Other`]).
            fn encode_typed(&self) -> Option<Result<Value, serde_json::Error>> {
                match self {
                    $( Resource::$variant(o) => Some(serde_json::to_value(o)), )+
                    Resource::Other(_) => None,
                }
            }

            fn metadata(
                &self,
            ) -> Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta> {
                match self {
                    $( Resource::$variant(o) => Some(&o.metadata), )+
                    Resource::Other(_) => None,
                }
            }
        }
    };
}

typed_kinds! {
    /// `aigateway.envoyproxy.io/v1alpha1` AIGatewayRoute.
    AiGatewayRouteV1alpha1(v1alpha1::AiGatewayRoute) = AI_GATEWAY_V1ALPHA1, "AIGatewayRoute";
    /// `aigateway.envoyproxy.io/v1alpha1` AIServiceBackend.
    AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend) = AI_GATEWAY_V1ALPHA1, "AIServiceBackend";
    /// `aigateway.envoyproxy.io/v1alpha1` BackendSecurityPolicy.
    BackendSecurityPolicyV1alpha1(v1alpha1::BackendSecurityPolicy) = AI_GATEWAY_V1ALPHA1, "BackendSecurityPolicy";
    /// `aigateway.envoyproxy.io/v1beta1` AIGatewayRoute.
    AiGatewayRouteV1beta1(v1beta1::AiGatewayRoute) = AI_GATEWAY_V1BETA1, "AIGatewayRoute";
    /// `aigateway.envoyproxy.io/v1beta1` AIServiceBackend.
    AiServiceBackendV1beta1(v1beta1::AiServiceBackend) = AI_GATEWAY_V1BETA1, "AIServiceBackend";
    /// `aigateway.envoyproxy.io/v1beta1` BackendSecurityPolicy.
    BackendSecurityPolicyV1beta1(v1beta1::BackendSecurityPolicy) = AI_GATEWAY_V1BETA1, "BackendSecurityPolicy";
    /// `gateway.envoyproxy.io/v1alpha1` Backend.
    Backend(backend::Backend) = ENVOY_GATEWAY_V1ALPHA1, "Backend";
    /// `gateway.envoyproxy.io/v1alpha1` SecurityPolicy.
    SecurityPolicy(SecurityPolicy) = ENVOY_GATEWAY_V1ALPHA1, "SecurityPolicy";
    /// `gateway.envoyproxy.io/v1alpha1` ClientTrafficPolicy.
    ClientTrafficPolicy(ClientTrafficPolicy) = ENVOY_GATEWAY_V1ALPHA1, "ClientTrafficPolicy";
    /// `gateway.envoyproxy.io/v1alpha1` EnvoyProxy.
    EnvoyProxy(EnvoyProxy) = ENVOY_GATEWAY_V1ALPHA1, "EnvoyProxy";
    /// `gateway.networking.k8s.io/v1` Gateway.
    Gateway(Gateway) = GATEWAY_API_V1, "Gateway";
    /// `gateway.networking.k8s.io/v1` GatewayClass.
    GatewayClass(GatewayClass) = GATEWAY_API_V1, "GatewayClass";
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute(HttpRoute) = GATEWAY_API_V1, "HTTPRoute";
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

fn decode<T: DeserializeOwned>(
    value: &Value,
    api_version: &str,
    kind: &str,
) -> Result<T, DecodeError> {
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::common::{
        ApiSchemaName, BackendSecurityPolicyType, HeaderMatchType, LlmRequestCostType,
    };
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_saphyr::from_str::<Value>(text).unwrap()
    }

    // The objects below are accepted cases of the upstream CRD validation tests
    // (envoyproxy/ai-gateway `tests/crdcel/testdata/`, Copyright Envoy AI Gateway Authors,
    // Apache-2.0), with comment headers removed.
    const ROUTE_V1BETA1_LLMCOSTS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIGatewayRoute
metadata:
  name: llmcosts
  namespace: default
spec:
  parentRefs:
    - name: some-gateway
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: llama3-70b
      backendRefs:
        - name: kserve
          weight: 20
        - name: aws-bedrock
          weight: 40
  llmRequestCosts:
    - metadataKey: llm_input_token
      type: InputToken
    - metadataKey: llm_write_input_cached_token
      type: CacheCreationInputToken
    - metadataKey: some_cel_cost
      type: CEL
      cel: "input_token + cached_input_token + output_token + total_token"
"#;

    const ROUTE_V1BETA1_INFERENCE_POOL: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIGatewayRoute
metadata:
  name: inference-pool-valid
  namespace: default
spec:
  parentRefs:
    - name: some-gateway
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: llama3-8b
      backendRefs:
        - name: vllm-llama3-8b-instruct
          group: inference.networking.k8s.io
          kind: InferencePool
"#;

    const ROUTE_V1ALPHA1_V03_TARGET_REFS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: AIGatewayRoute
metadata:
  name: apple
  namespace: default
spec:
  targetRefs:
    - name: some-gateway
      kind: Gateway
      group: gateway.networking.k8s.io
  rules:
    - matches:
        - headers:
            - type: Exact
              name: x-ai-eg-model
              value: llama3-70b
      backendRefs:
        - name: kserve
          weight: 20
"#;

    const BACKEND_V1BETA1_AWS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: AIServiceBackend
metadata:
  name: eg-backend
  namespace: default
spec:
  schema:
    name: AWSBedrock
  backendRef:
    name: eg-backend
    kind: Backend
    group: gateway.envoyproxy.io
"#;

    const BSP_V1BETA1_AWS_OIDC: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: aws-oidc-policy
  namespace: default
spec:
  type: AWSCredentials
  awsCredentials:
    region: us-east-1
    oidcExchangeToken:
      awsRoleArn: placeholder
      oidc:
        provider:
          issuer: placeholder
        clientID: placeholder
        clientSecret:
          name: placeholder
"#;

    const BSP_V1BETA1_CREDENTIAL_OVERRIDE: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: aws-credential-override-policy
  namespace: default
spec:
  type: AWSCredentials
  awsCredentials:
    region: us-east-1
  credentialOverride:
    fromDynamicMetadata:
      namespace: envoy.filters.http.ext_authz
"#;

    const BSP_V1BETA1_AZURE: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1beta1
kind: BackendSecurityPolicy
metadata:
  name: azure-valid-credentials-policy
  namespace: default
spec:
  type: AzureCredentials
  azureCredentials:
    clientID: dummy_azure_client_id
    tenantID: dummy_azure_tenant_id
    clientSecretRef:
      name: dummy_azure_secret_ref_name
"#;

    const BSP_V1ALPHA1_TARGET_REFS: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata:
  name: targetrefs-basic-policy
  namespace: default
spec:
  targetRefs:
    - group: aigateway.envoyproxy.io
      kind: AIServiceBackend
      name: test-backend
  type: APIKey
  apiKey:
    secretRef:
      name: api-key-secret
"#;

    const BSP_V1ALPHA1_AWS_FILE: &str = r#"
apiVersion: aigateway.envoyproxy.io/v1alpha1
kind: BackendSecurityPolicy
metadata:
  name: aws-credential-file-policy
  namespace: default
spec:
  type: AWSCredentials
  awsCredentials:
    region: us-east-1
    credentialsFile:
      secretRef:
        name: placeholder
"#;

    #[test]
    fn upstream_accepted_objects_round_trip() {
        let cases = [
            (ROUTE_V1BETA1_LLMCOSTS, "AiGatewayRouteV1beta1"),
            (ROUTE_V1BETA1_INFERENCE_POOL, "AiGatewayRouteV1beta1"),
            (ROUTE_V1ALPHA1_V03_TARGET_REFS, "AiGatewayRouteV1alpha1"),
            (BACKEND_V1BETA1_AWS, "AiServiceBackendV1beta1"),
            (BSP_V1BETA1_AWS_OIDC, "BackendSecurityPolicyV1beta1"),
            (
                BSP_V1BETA1_CREDENTIAL_OVERRIDE,
                "BackendSecurityPolicyV1beta1",
            ),
            (BSP_V1BETA1_AZURE, "BackendSecurityPolicyV1beta1"),
            (BSP_V1ALPHA1_TARGET_REFS, "BackendSecurityPolicyV1alpha1"),
            (BSP_V1ALPHA1_AWS_FILE, "BackendSecurityPolicyV1alpha1"),
        ];
        for (text, variant) in cases {
            let value = yaml(text);
            let resource = Resource::from_value(&value).unwrap();
            let debug = format!("{resource:?}");
            assert!(debug.starts_with(variant), "{variant}: {debug}");
            assert_eq!(resource.to_value(), value, "{variant}");
            assert_eq!(canonical(&value), value);
            // Nothing landed in `extra`: every upstream field is typed.
            assert!(!debug.contains("extra: {\""), "{variant}: {debug}");
        }
    }

    #[test]
    fn typed_fields_are_reachable() {
        let Resource::BackendSecurityPolicyV1beta1(p) =
            Resource::from_value(&yaml(BSP_V1BETA1_CREDENTIAL_OVERRIDE)).unwrap()
        else {
            panic!("wrong variant");
        };
        let over = p.spec.credential_override.unwrap();
        assert_eq!(
            over.from_dynamic_metadata.unwrap().namespace,
            "envoy.filters.http.ext_authz"
        );
        let Resource::BackendSecurityPolicyV1beta1(p) =
            Resource::from_value(&yaml(BSP_V1BETA1_AWS_OIDC)).unwrap()
        else {
            panic!("wrong variant");
        };
        let oidc = p.spec.aws_credentials.unwrap().oidc_exchange_token.unwrap();
        assert_eq!(oidc.aws_role_arn, "placeholder");
        assert_eq!(oidc.oidc.client_id.as_deref(), Some("placeholder"));
        assert_eq!(oidc.oidc.provider.issuer, "placeholder");
    }

    // The three objects of the NRP admin guide, with its key order.
    const NRP_OBJECTS: &str = r#"
- apiVersion: aigateway.envoyproxy.io/v1alpha1
  kind: AIServiceBackend
  metadata:
    name: envoy-ai-gateway-nrp-qwen
    namespace: nrp-llm
  spec:
    schema:
      name: OpenAI
    backendRef:
      name: envoy-ai-gateway-nrp-qwen
      kind: Backend
      group: gateway.envoyproxy.io
- apiVersion: gateway.envoyproxy.io/v1alpha1
  kind: Backend
  metadata:
    name: envoy-ai-gateway-nrp-qwen
    namespace: nrp-llm
  spec:
    endpoints:
      - fqdn:
          hostname: qwen-vllm-inference.nrp-llm.svc.cluster.local
          port: 5000
- apiVersion: aigateway.envoyproxy.io/v1alpha1
  kind: BackendSecurityPolicy
  metadata:
    name: envoy-ai-gateway-nrp-apikey
    namespace: nrp-llm
  spec:
    type: APIKey
    apiKey:
      secretRef:
        name: openai-apikey
        namespace: nrp-llm
    targetRefs:
      - name: envoy-ai-gateway-nrp-qwen
        kind: AIServiceBackend
        group: aigateway.envoyproxy.io
"#;

    #[test]
    fn constructors_match_the_admin_guide() {
        let Value::Array(objects) = yaml(NRP_OBJECTS) else {
            panic!("not a list");
        };
        let built = [
            Resource::AiServiceBackendV1alpha1(v1alpha1::AiServiceBackend::openai(
                "envoy-ai-gateway-nrp-qwen",
                "nrp-llm",
                "envoy-ai-gateway-nrp-qwen",
            )),
            Resource::Backend(backend::Backend::fqdn(
                "envoy-ai-gateway-nrp-qwen",
                "nrp-llm",
                "qwen-vllm-inference.nrp-llm.svc.cluster.local",
                5000,
            )),
            Resource::BackendSecurityPolicyV1alpha1(v1alpha1::BackendSecurityPolicy::api_key(
                "envoy-ai-gateway-nrp-apikey",
                "nrp-llm",
                "openai-apikey",
                Some("nrp-llm"),
                &["envoy-ai-gateway-nrp-qwen"],
            )),
        ];
        for (object, built) in objects.iter().zip(built) {
            assert_eq!(&built.to_value(), object);
            assert_eq!(Resource::from_value(object).unwrap(), built);
            // canonical keeps the content and puts keys in upstream order.
            let canon = canonical(object);
            assert_eq!(&canon, object);
            assert_eq!(
                serde_json::to_string(&canon).unwrap(),
                serde_json::to_string(&built.to_value()).unwrap()
            );
        }
        let canon = canonical(&objects[2]);
        let keys: Vec<&String> = canon["spec"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["targetRefs", "type", "apiKey"]);
        let keys: Vec<&String> = canon["spec"]["targetRefs"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(keys, ["group", "kind", "name"]);
    }

    #[test]
    fn route_with_for_model_round_trips() {
        let rule =
            v1alpha1::AiGatewayRouteRule::for_model("qwen3", &[("qwen", Some("Qwen/Qwen3"))])
                .with_request_timeout("120s")
                .with_models_owned_by("NRP");
        let spec = v1alpha1::AiGatewayRouteSpec::builder()
            .parent_refs(vec![
                v1alpha1::ParentReference::builder()
                    .name("envoy-ai-gateway")
                    .namespace("envoy-gateway-system")
                    .build(),
            ])
            .rules(vec![rule])
            .build();
        let mut route = v1alpha1::AiGatewayRoute::new("nrp", spec);
        route.metadata.namespace = Some("nrp-llm".into());
        let value = serde_json::to_value(&route).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["apiVersion", "kind", "metadata", "spec"]);
        assert_eq!(
            value["spec"]["rules"][0]["timeouts"],
            json!({"request": "120s"})
        );
        assert_eq!(value["spec"]["rules"][0]["modelsOwnedBy"], "NRP");
        assert_eq!(
            Resource::from_value(&value).unwrap(),
            Resource::AiGatewayRouteV1alpha1(route)
        );
    }

    #[test]
    fn unknown_fields_below_the_root_survive() {
        let value = json!({
            "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
            "kind": "AIGatewayRoute",
            "metadata": {"name": "r", "namespace": "ns"},
            "spec": {
                "futureSpecField": {"a": [1, 2]},
                "rules": [{
                    "futureRuleField": true,
                    "backendRefs": [{"name": "b", "futureRefField": "x"}],
                    "matches": [{"headers": [{"name": "x-ai-eg-model", "value": "m", "type": "Glob"}]}]
                }],
                "llmRequestCosts": [{"metadataKey": "k", "type": "FutureToken"}],
                "schema": {"name": "SomeRandomVendor"}
            }
        });
        let resource = Resource::from_value(&value).unwrap();
        let Resource::AiGatewayRouteV1alpha1(route) = &resource else {
            panic!("wrong variant");
        };
        assert_eq!(route.spec.extra["futureSpecField"], json!({"a": [1, 2]}));
        let rule = &route.spec.rules[0];
        assert_eq!(rule.extra["futureRuleField"], json!(true));
        assert_eq!(
            rule.backend_refs.as_ref().unwrap()[0].extra["futureRefField"],
            json!("x")
        );
        let header = &rule.matches.as_ref().unwrap()[0].headers.as_ref().unwrap()[0];
        assert_eq!(header.r#type, Some(HeaderMatchType::Other("Glob".into())));
        assert_eq!(
            route.spec.schema.as_ref().unwrap().name,
            ApiSchemaName::Other("SomeRandomVendor".into())
        );
        assert_eq!(resource.to_value(), value);
        assert_eq!(canonical(&value), value);
    }

    #[test]
    fn unknown_top_level_field_is_dropped_by_the_typed_root_but_canonical_keeps_it() {
        let value = json!({
            "apiVersion": "gateway.envoyproxy.io/v1alpha1",
            "kind": "Backend",
            "metadata": {"name": "b", "namespace": "ns"},
            "spec": {"endpoints": [{"ip": {"address": "10.0.0.1", "port": 80}}]},
            "futureTopLevel": 1
        });
        let resource = Resource::from_value(&value).unwrap();
        assert!(resource.to_value().get("futureTopLevel").is_none());
        let canon = canonical(&value);
        assert_eq!(canon, value);
        assert_eq!(canon["futureTopLevel"], json!(1));
    }

    #[test]
    fn absent_and_empty_lists_stay_apart() {
        let value = json!({
            "apiVersion": "aigateway.envoyproxy.io/v1beta1",
            "kind": "AIGatewayRoute",
            "metadata": {"name": "r"},
            "spec": {"parentRefs": [], "rules": [{"matches": []}]}
        });
        let resource = Resource::from_value(&value).unwrap();
        let Resource::AiGatewayRouteV1beta1(route) = &resource else {
            panic!("wrong variant");
        };
        assert_eq!(route.spec.parent_refs, Some(vec![]));
        assert_eq!(route.spec.hostnames, None);
        assert_eq!(resource.to_value(), value);
    }

    #[test]
    fn decode_errors_carry_wire_paths() {
        let mut value = yaml(ROUTE_V1BETA1_LLMCOSTS);
        value["spec"]["rules"][0]["backendRefs"][1]["weight"] = json!("x");
        let err = Resource::from_value(&value).unwrap_err();
        assert_eq!(err.path.to_string(), "spec.rules[0].backendRefs[1].weight");
        assert_eq!(err.message, "invalid type: string \"x\", expected i32");
        assert_eq!(err.kind, "AIGatewayRoute");
        assert_eq!(
            err.to_string(),
            "spec.rules[0].backendRefs[1].weight: invalid type: string \"x\", expected i32"
        );

        let mut value = yaml(BSP_V1BETA1_AZURE);
        value["spec"]["azureCredentials"]
            .as_object_mut()
            .unwrap()
            .remove("clientID");
        let err = Resource::from_value(&value).unwrap_err();
        assert_eq!(err.path.to_string(), "spec.azureCredentials");
        assert_eq!(err.message, "missing field `clientID`");
        // canonical never fails: it returns the input.
        assert_eq!(canonical(&value), value);

        let value = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
            "metadata": {"name": "b", "labels": {"app": 3}}, "spec": {}});
        let err = Resource::from_value(&value).unwrap_err();
        assert_eq!(
            err.path.segments().last(),
            Some(&crate::Segment::Key("app".into()))
        );
    }

    #[test]
    fn other_objects_are_kept_verbatim() {
        let value = json!({
            "apiVersion": "example.org/v1",
            "kind": "Widget",
            "metadata": {"name": "h", "namespace": "ns"},
            "spec": {"weird": [1, "x"]}
        });
        let resource = Resource::from_value(&value).unwrap();
        assert_eq!(resource, Resource::Other(value.clone()));
        assert_eq!(resource.to_value(), value);
        assert_eq!(canonical(&value), value);
        assert_eq!(resource.kind(), "Widget");
        let r = resource.object_ref().unwrap();
        assert_eq!(r.group, "example.org");
        assert_eq!(r.namespace.as_deref(), Some("ns"));
        // An AI Gateway kind at an unmodelled version is untyped too.
        let value = json!({"apiVersion": "aigateway.envoyproxy.io/v2", "kind": "AIGatewayRoute",
            "metadata": {"name": "x"}, "spec": 5});
        assert!(matches!(
            Resource::from_value(&value).unwrap(),
            Resource::Other(_)
        ));
    }

    #[test]
    fn object_ref_of_typed_objects() {
        let resource = Resource::from_value(&yaml(BSP_V1ALPHA1_TARGET_REFS)).unwrap();
        let r = resource.object_ref().unwrap();
        assert_eq!(r.group, "aigateway.envoyproxy.io");
        assert_eq!(r.kind, "BackendSecurityPolicy");
        assert_eq!(
            r.to_string(),
            "BackendSecurityPolicy default/targetrefs-basic-policy"
        );
        let nameless = json!({"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
            "metadata": {}, "spec": {}});
        assert_eq!(Resource::from_value(&nameless).unwrap().object_ref(), None);
    }

    #[test]
    fn status_round_trips() {
        let mut value = yaml(BACKEND_V1BETA1_AWS);
        value["status"] = json!({"conditions": [{
            "type": "Accepted",
            "status": "True",
            "reason": "Accepted",
            "message": "ok",
            "lastTransitionTime": "2025-01-02T03:04:05Z",
            "observedGeneration": 2
        }], "futureStatus": "x"});
        let resource = Resource::from_value(&value).unwrap();
        let Resource::AiServiceBackendV1beta1(b) = &resource else {
            panic!("wrong variant");
        };
        let status = b.status.as_ref().unwrap();
        assert_eq!(status.conditions.as_ref().unwrap()[0].type_, "Accepted");
        assert_eq!(status.extra["futureStatus"], json!("x"));
        assert_eq!(resource.to_value(), value);
    }

    #[test]
    fn backend_superset_round_trips() {
        let value = json!({
            "apiVersion": "gateway.envoyproxy.io/v1alpha1",
            "kind": "Backend",
            "metadata": {"name": "b", "namespace": "ns", "labels": {"app": "x"}},
            "spec": {
                "type": "Endpoints",
                "endpoints": [
                    {"fqdn": {"hostname": "a.example", "port": 443}, "hostname": "a.example", "zone": "z1"},
                    {"unix": {"path": "/run/x.sock"}, "futureEndpointField": 1}
                ],
                "appProtocols": ["gateway.envoyproxy.io/h2c", "example.org/future"],
                "fallback": true,
                "tls": {
                    "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "ca"}],
                    "sni": "a.example",
                    "clientCertificateRef": {"name": "client"},
                    "minVersion": "1.2",
                    "maxVersion": "Auto",
                    "ciphers": ["ECDHE-RSA-AES128-GCM-SHA256"],
                    "alpnProtocols": ["h2"],
                    "fingerprints": ["JA3", "JA4"]
                }
            }
        });
        let resource = Resource::from_value(&value).unwrap();
        let Resource::Backend(b) = &resource else {
            panic!("wrong variant");
        };
        let tls = b.spec.tls.as_ref().unwrap();
        assert_eq!(tls.min_version, Some(backend::TlsVersion::V1_2));
        assert_eq!(
            b.spec.app_protocols.as_ref().unwrap()[1],
            backend::AppProtocolType::Other("example.org/future".into())
        );
        assert_eq!(resource.to_value(), value);
        assert_eq!(canonical(&value), value);
    }

    #[test]
    fn string_enums_keep_raw_values() {
        for raw in [
            "OpenAI",
            "AWSBedrock",
            "AzureOpenAI",
            "GCPVertexAI",
            "GCPAnthropic",
            "Vendor",
        ] {
            let parsed: ApiSchemaName = serde_json::from_value(json!(raw)).unwrap();
            assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(raw));
            assert_eq!(parsed.to_string(), raw);
        }
        assert_eq!(ApiSchemaName::from("OpenAI"), ApiSchemaName::OpenAi);
        assert!(!ApiSchemaName::from("Vendor").is_known());
        assert_eq!(
            BackendSecurityPolicyType::from("APIKey"),
            BackendSecurityPolicyType::ApiKey
        );
        assert_eq!(
            BackendSecurityPolicyType::from("AWSCredentials"),
            BackendSecurityPolicyType::AwsCredentials
        );
        assert_eq!(LlmRequestCostType::from("CEL"), LlmRequestCostType::Cel);
        let err = serde_json::from_value::<ApiSchemaName>(json!(3)).unwrap_err();
        assert!(err.to_string().contains("expected a string"), "{err}");
    }

    #[test]
    fn canonical_compares_without_key_order() {
        let value = json!({
            "spec": {"backendRef": {"name": "b", "kind": "Backend", "group": "gateway.envoyproxy.io"},
                     "schema": {"name": "OpenAI"}},
            "metadata": {"namespace": "ns", "name": "a"},
            "kind": "AIServiceBackend",
            "apiVersion": "aigateway.envoyproxy.io/v1beta1"
        });
        let canon = canonical(&value);
        assert_eq!(canon, value);
        assert_eq!(
            serde_json::to_string(&canon).unwrap(),
            r#"{"apiVersion":"aigateway.envoyproxy.io/v1beta1","kind":"AIServiceBackend","metadata":{"name":"a","namespace":"ns"},"spec":{"schema":{"name":"OpenAI"},"backendRef":{"group":"gateway.envoyproxy.io","kind":"Backend","name":"b"}}}"#
        );
    }
}

#[cfg(test)]
mod crd_tests {
    use kube_core::CustomResourceExt;

    use super::{backend, v1alpha1, v1beta1};

    #[test]
    fn derived_crds_have_the_upstream_names() {
        let crds = [
            v1alpha1::AiGatewayRoute::crd(),
            v1alpha1::AiServiceBackend::crd(),
            v1alpha1::BackendSecurityPolicy::crd(),
            v1beta1::AiGatewayRoute::crd(),
            v1beta1::AiServiceBackend::crd(),
            v1beta1::BackendSecurityPolicy::crd(),
            backend::Backend::crd(),
        ];
        let names: Vec<_> = crds
            .iter()
            .map(|c| c.metadata.name.clone().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "aigatewayroutes.aigateway.envoyproxy.io",
                "aiservicebackends.aigateway.envoyproxy.io",
                "backendsecuritypolicies.aigateway.envoyproxy.io",
                "aigatewayroutes.aigateway.envoyproxy.io",
                "aiservicebackends.aigateway.envoyproxy.io",
                "backendsecuritypolicies.aigateway.envoyproxy.io",
                "backends.gateway.envoyproxy.io",
            ]
        );
        for crd in &crds {
            assert_eq!(crd.spec.scope, "Namespaced");
        }
    }
}
