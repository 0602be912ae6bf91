//! Gateway API kinds (`gateway.networking.k8s.io/v1`): Gateway, GatewayClass and HTTPRoute.
//!
//! The fields NRP admins set are typed; everything else is kept verbatim in the `extra` map of each
//! struct, so an object read and written again is identical. The reference shapes shared with the
//! Envoy Gateway and AI Gateway kinds ([`ParentReference`], [`LocalPolicyTargetReferenceWithSectionName`],
//! [`SecretObjectReference`], [`BackendRef`], [`HttpHeaderMatch`], [`PolicyStatus`] …) live here.
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

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::string_enum::string_enum;

/// Unknown or not-modelled fields of an object, kept as written.
pub type Extra = BTreeMap<String, Value>;

// ---------------------------------------------------------------------------------------------
// Shared reference shapes
// ---------------------------------------------------------------------------------------------

/// A reference from a route (or a policy status) to its parent, usually a Gateway
/// (Gateway API `ParentReference`).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::ParentReference;
/// let p = ParentReference::gateway("envoy-ai-gateway-nrp");
/// assert_eq!(
///     serde_json::to_value(&p).unwrap(),
///     serde_json::json!({"name": "envoy-ai-gateway-nrp", "kind": "Gateway",
///                        "group": "gateway.networking.k8s.io"}),
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ParentReference {
    /// API group of the parent; the API server defaults it to `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind of the parent; the API server defaults it to `Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Namespace of the parent; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Name of the parent (1–253 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Listener (section) of the parent to attach to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub section_name: Option<String>,
    /// Listener port of the parent to attach to (1–65535).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

impl ParentReference {
    /// A reference to a Gateway in the same namespace, with `kind` and `group` written out
    /// (the NRP convention).
    pub fn gateway(name: impl Into<String>) -> Self {
        Self::builder()
            .name(name)
            .kind("Gateway")
            .group("gateway.networking.k8s.io")
            .build()
    }
}

/// A same-namespace reference used by policies to name the object they attach to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalPolicyTargetReference {
    /// API group of the target (may be empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the target.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the target.
    #[builder(setter(into))]
    pub name: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A same-namespace reference to a policy target, with an optional section (Gateway API
/// `LocalPolicyTargetReferenceWithSectionName`; the section is absent in the plain form).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::LocalPolicyTargetReferenceWithSectionName;
/// let t = LocalPolicyTargetReferenceWithSectionName::builder()
///     .group("gateway.networking.k8s.io").kind("Gateway").name("envoy-ai-gateway-nrp")
///     .build();
/// assert_eq!(t.section_name, None);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalPolicyTargetReferenceWithSectionName {
    /// API group of the target (required; may be empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the target.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the target.
    #[builder(setter(into))]
    pub name: String,
    /// Listener or rule name inside the target, when the policy applies to one section only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub section_name: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A same-namespace reference by group, kind and name (Gateway API `LocalObjectReference`, also
/// used for `LocalParametersReference`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectReference {
    /// API group of the referent (may be empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the referent.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the referent.
    #[builder(setter(into))]
    pub name: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A reference to a configuration object, possibly in another namespace (Gateway API
/// `ParametersReference`; Envoy Gateway points GatewayClasses at an EnvoyProxy with it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ParametersReference {
    /// API group of the referent.
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the referent.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the referent.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the referent, for namespaced kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A reference to a Secret (or another object holding secret data) — Gateway API
/// `SecretObjectReference`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct SecretObjectReference {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the Secret.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the Secret; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A reference to a backend object (Gateway API `BackendObjectReference`): a Service by default,
/// or another kind such as an Envoy Gateway `Backend`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendObjectReference {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the backend.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required when the referent is a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A weighted backend reference (Gateway API `BackendRef`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendRef {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the backend.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend; absent means the referring object's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required when the referent is a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Share of requests sent here relative to the other backends (0–1000000, defaults to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub weight: Option<i32>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A label selector (`matchLabels` and `matchExpressions`), kept lossless.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    /// Labels that must all be present with exactly these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub match_labels: Option<BTreeMap<String, String>>,
    /// Set-based requirements that must all hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One set-based requirement of a [`LabelSelector`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    /// Label key the requirement applies to.
    #[builder(setter(into))]
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    #[builder(setter(into))]
    pub operator: String,
    /// Values for `In` / `NotIn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub values: Option<Vec<String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A route kind (group and kind) a listener accepts or supports (Gateway API `RouteGroupKind`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RouteGroupKind {
    /// API group; the API server defaults it to `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Route kind, e.g. `HTTPRoute`.
    #[builder(setter(into))]
    pub kind: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Shared status shapes
// ---------------------------------------------------------------------------------------------

/// The status a controller reports for one parent of a route (Gateway API `RouteParentStatus`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RouteParentStatus {
    /// The parent this entry is about.
    pub parent_ref: ParentReference,
    /// Controller that wrote this entry.
    #[builder(setter(into))]
    pub controller_name: String,
    /// Conditions such as `Accepted` and `ResolvedRefs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// The status a controller reports for one ancestor of a policy (Gateway API
/// `PolicyAncestorStatus`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAncestorStatus {
    /// The ancestor (usually a Gateway) this entry is about.
    pub ancestor_ref: ParentReference,
    /// Controller that wrote this entry.
    #[builder(setter(into))]
    pub controller_name: String,
    /// Conditions such as `Accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Status of a policy attached to Gateway API objects (Gateway API `PolicyStatus`); used by the
/// Envoy Gateway policy kinds and EnvoyProxy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatus {
    /// One entry per ancestor the policy affects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub ancestors: Option<Vec<PolicyAncestorStatus>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// GatewayClass
// ---------------------------------------------------------------------------------------------

/// Desired state of a GatewayClass: which controller implements Gateways of this class.
///
/// The root type is [`GatewayClass`] (cluster-scoped).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{GatewayClass, GatewayClassSpec, ParametersReference};
/// let spec = GatewayClassSpec::builder()
///     .controller_name("gateway.envoyproxy.io/gatewayclass-controller")
///     .parameters_ref(
///         ParametersReference::builder()
///             .group("gateway.envoyproxy.io").kind("EnvoyProxy").name("envoy-ai-gateway")
///             .namespace("envoy-gateway-system").build(),
///     )
///     .build();
/// let gc = GatewayClass::new("envoy-ai-gateway-nrp", spec);
/// let v = serde_json::to_value(&gc).unwrap();
/// assert_eq!(v["kind"], "GatewayClass");
/// assert_eq!(v["apiVersion"], "gateway.networking.k8s.io/v1");
/// assert_eq!(v["spec"]["parametersRef"]["kind"], "EnvoyProxy");
/// ```
///
/// The controller name is required, so leaving it out does not compile:
///
/// ```compile_fail
/// use nrp_llm_config::resources::gateway_api::GatewayClassSpec;
/// let spec = GatewayClassSpec::builder().description("no controller").build();
/// ```
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "gateway.networking.k8s.io",
    version = "v1",
    kind = "GatewayClass",
    plural = "gatewayclasses",
    status = "GatewayClassStatus",
    derive = "PartialEq",
    doc = "A GatewayClass: a class of Gateways implemented by one controller (cluster-scoped).",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassSpec {
    /// Name of the controller that manages Gateways of this class, e.g.
    /// `gateway.envoyproxy.io/gatewayclass-controller`. Immutable once set.
    #[builder(setter(into))]
    pub controller_name: String,
    /// Controller-specific configuration (for Envoy Gateway: an EnvoyProxy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parameters_ref: Option<ParametersReference>,
    /// Free-text description (at most 64 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub description: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Observed state of a GatewayClass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassStatus {
    /// Conditions such as `Accepted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model (e.g. `supportedFeatures`), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Protocol a listener speaks. Implementations may add their own (domain-prefixed) protocols,
    /// which land in [`ListenerProtocol::Other`].
    ListenerProtocol {
        /// Plain HTTP.
        Http => "HTTP",
        /// HTTP over TLS, terminated at the Gateway.
        Https => "HTTPS",
        /// TLS, routed by SNI.
        Tls => "TLS",
        /// Plain TCP.
        Tcp => "TCP",
        /// UDP.
        Udp => "UDP",
    }
}

string_enum! {
    /// How a listener handles TLS.
    TlsMode {
        /// The Gateway terminates TLS (the default).
        Terminate => "Terminate",
        /// TLS is passed through to the backend.
        Passthrough => "Passthrough",
    }
}

string_enum! {
    /// Which namespaces may attach routes to a listener.
    FromNamespaces {
        /// Every namespace.
        All => "All",
        /// Namespaces matching a label selector.
        Selector => "Selector",
        /// Only the Gateway's own namespace (the default).
        Same => "Same",
        /// No namespace.
        None => "None",
    }
}

/// Desired state of a Gateway: its class, listeners, addresses and infrastructure.
///
/// The root type is [`Gateway`] (namespaced).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{
///     Gateway, GatewaySpec, Listener, ListenerTls, SecretObjectReference, TlsMode,
/// };
/// let https = Listener::builder()
///     .name("https")
///     .hostname("llm.nrp-nautilus.io")
///     .port(443)
///     .protocol("HTTPS")
///     .tls(
///         ListenerTls::builder()
///             .mode(TlsMode::Terminate)
///             .certificate_refs(vec![SecretObjectReference::builder().name("llm-tls").build()])
///             .build(),
///     )
///     .build();
/// let spec = GatewaySpec::builder()
///     .gateway_class_name("envoy-ai-gateway-nrp")
///     .listeners(vec![https])
///     .build();
/// let mut gw = Gateway::new("envoy-ai-gateway-nrp", spec);
/// gw.metadata.namespace = Some("nrp-llm".into());
/// let v = serde_json::to_value(&gw).unwrap();
/// assert_eq!(v["kind"], "Gateway");
/// assert_eq!(v["spec"]["listeners"][0]["protocol"], "HTTPS");
/// assert_eq!(v["spec"]["listeners"][0]["tls"]["certificateRefs"][0]["name"], "llm-tls");
/// assert!(v["spec"].get("addresses").is_none());
/// ```
///
/// `gatewayClassName` and `listeners` are required:
///
/// ```compile_fail
/// use nrp_llm_config::resources::gateway_api::GatewaySpec;
/// let spec = GatewaySpec::builder().gateway_class_name("eg").build();
/// ```
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "gateway.networking.k8s.io",
    version = "v1",
    kind = "Gateway",
    plural = "gateways",
    namespaced,
    status = "GatewayStatus",
    derive = "PartialEq",
    doc = "A Gateway: listeners (ports, protocols, hostnames) that routes attach to.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpec {
    /// Name of the GatewayClass this Gateway belongs to.
    #[builder(setter(into))]
    pub gateway_class_name: String,
    /// Listeners (1–64, unique by `name`).
    #[builder(setter(into))]
    pub listeners: Vec<Listener>,
    /// Addresses requested for the Gateway (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub addresses: Option<Vec<GatewayAddress>>,
    /// Labels, annotations and parameters for the resources the controller creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub infrastructure: Option<GatewayInfrastructure>,
    /// Fields this crate does not model (e.g. `allowedListeners`, `tls`), kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One listener of a Gateway: a port, a protocol and optionally a hostname and TLS settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    /// Listener name, unique in the Gateway (DNS subdomain, 1–253 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Hostname to match (may start with `*.`); absent matches every hostname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub hostname: Option<String>,
    /// Port (1–65535).
    pub port: i32,
    /// Protocol (`HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP` or an implementation-specific one).
    #[builder(setter(into))]
    pub protocol: ListenerProtocol,
    /// TLS settings; required for `HTTPS` and `TLS`, forbidden for `HTTP`, `TCP` and `UDP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub tls: Option<ListenerTls>,
    /// Which routes may attach; defaults to routes from the Gateway's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub allowed_routes: Option<AllowedRoutes>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// TLS settings of a listener (Gateway API `ListenerTLSConfig`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ListenerTls {
    /// `Terminate` (the default) or `Passthrough`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub mode: Option<TlsMode>,
    /// Certificates (Secrets of type `kubernetes.io/tls`) to serve; at most 64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub certificate_refs: Option<Vec<SecretObjectReference>>,
    /// Implementation-specific options (at most 16 entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub options: Option<BTreeMap<String, String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Which routes may attach to a listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AllowedRoutes {
    /// Namespaces routes may come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespaces: Option<RouteNamespaces>,
    /// Route kinds accepted (at most 8); absent means the kinds the protocol supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kinds: Option<Vec<RouteGroupKind>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// The namespaces routes may attach from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RouteNamespaces {
    /// `All`, `Selector` or `Same` (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub from: Option<FromNamespaces>,
    /// Namespace selector, used with `from: Selector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub selector: Option<LabelSelector>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// An address of a Gateway, requested in the spec or reported in the status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayAddress {
    /// `IPAddress` (the default), `Hostname` or an implementation-specific type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<String>,
    /// The address itself (may be left out in the spec to let the controller choose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub value: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Settings for the infrastructure (Service, Deployment …) the controller creates for a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayInfrastructure {
    /// Labels to put on the generated resources (at most 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub labels: Option<BTreeMap<String, String>>,
    /// Annotations to put on the generated resources (at most 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Controller-specific parameters for this Gateway (for Envoy Gateway: an EnvoyProxy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parameters_ref: Option<LocalObjectReference>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Observed state of a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatus {
    /// Addresses the Gateway is reachable at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub addresses: Option<Vec<GatewayAddress>>,
    /// Conditions such as `Accepted` and `Programmed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Per-listener status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub listeners: Option<Vec<ListenerStatus>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Observed state of one listener.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ListenerStatus {
    /// Name of the listener.
    #[builder(setter(into))]
    pub name: String,
    /// Route kinds the listener supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub supported_kinds: Option<Vec<RouteGroupKind>>,
    /// Number of routes attached.
    pub attached_routes: i32,
    /// Conditions such as `Accepted`, `Programmed` and `ResolvedRefs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------
// HTTPRoute
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// How a path is matched. Implementations may add their own types.
    PathMatchType {
        /// The whole path must be equal.
        Exact => "Exact",
        /// The path must start with the value, element by element (the default).
        PathPrefix => "PathPrefix",
        /// The value is a regular expression (implementation-specific dialect).
        RegularExpression => "RegularExpression",
    }
}

string_enum! {
    /// How a header or query parameter value is matched. Implementations may add their own types.
    HeaderMatchType {
        /// The value must be equal (the default).
        Exact => "Exact",
        /// The value is a regular expression (implementation-specific dialect).
        RegularExpression => "RegularExpression",
    }
}

/// How a query parameter value is matched (same values as [`HeaderMatchType`]).
pub type QueryParamMatchType = HeaderMatchType;

string_enum! {
    /// HTTP request method.
    HttpMethod {
        /// `GET`.
        Get => "GET",
        /// `HEAD`.
        Head => "HEAD",
        /// `POST`.
        Post => "POST",
        /// `PUT`.
        Put => "PUT",
        /// `DELETE`.
        Delete => "DELETE",
        /// `CONNECT`.
        Connect => "CONNECT",
        /// `OPTIONS`.
        Options => "OPTIONS",
        /// `TRACE`.
        Trace => "TRACE",
        /// `PATCH`.
        Patch => "PATCH",
    }
}

string_enum! {
    /// Type of an HTTPRoute filter.
    HttpRouteFilterType {
        /// Change request headers.
        RequestHeaderModifier => "RequestHeaderModifier",
        /// Change response headers.
        ResponseHeaderModifier => "ResponseHeaderModifier",
        /// Mirror requests to another backend.
        RequestMirror => "RequestMirror",
        /// Answer with a redirect.
        RequestRedirect => "RequestRedirect",
        /// Rewrite the host or path.
        UrlRewrite => "URLRewrite",
        /// Implementation-specific filter named by `extensionRef`.
        ExtensionRef => "ExtensionRef",
        /// Cross-origin resource sharing.
        Cors => "CORS",
    }
}

/// Desired state of an HTTPRoute: parents, hostnames and routing rules.
///
/// The root type is [`HttpRoute`] (kind `HTTPRoute`, namespaced).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{
///     HttpBackendRef, HttpPathMatch, HttpRoute, HttpRouteMatch, HttpRouteRule, HttpRouteSpec,
///     ParentReference, PathMatchType,
/// };
/// let rule = HttpRouteRule::builder()
///     .matches(vec![HttpRouteMatch::builder()
///         .path(HttpPathMatch::builder().r#type(PathMatchType::PathPrefix).value("/v1").build())
///         .build()])
///     .backend_refs(vec![HttpBackendRef::builder().name("llm-api").port(8000).build()])
///     .build();
/// let spec = HttpRouteSpec::builder()
///     .parent_refs(vec![ParentReference::gateway("envoy-ai-gateway-nrp")])
///     .hostnames(vec!["llm.nrp-nautilus.io".to_string()])
///     .rules(vec![rule])
///     .build();
/// let route = HttpRoute::new("llm-api", spec);
/// let v = serde_json::to_value(&route).unwrap();
/// assert_eq!(v["kind"], "HTTPRoute");
/// assert_eq!(v["spec"]["rules"][0]["matches"][0]["path"]["type"], "PathPrefix");
/// assert_eq!(v["spec"]["rules"][0]["backendRefs"][0]["port"], 8000);
/// ```
#[derive(
    CustomResource,
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    JsonSchema,
    TypedBuilder,
)]
#[kube(
    group = "gateway.networking.k8s.io",
    version = "v1",
    kind = "HTTPRoute",
    root = "HttpRoute",
    plural = "httproutes",
    namespaced,
    status = "HttpRouteStatus",
    derive = "PartialEq",
    doc = "An HTTPRoute: HTTP routing rules attached to one or more Gateways.",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteSpec {
    /// Gateways (or other parents) the route attaches to (at most 32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parent_refs: Option<Vec<ParentReference>>,
    /// Hostnames the route answers for (at most 16; may start with `*.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub hostnames: Option<Vec<String>>,
    /// Routing rules (1–16; the API server fills in a catch-all `/` prefix rule when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub rules: Option<Vec<HttpRouteRule>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// One rule of an HTTPRoute: conditions, filters and backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRule {
    /// Optional rule name (DNS subdomain, 1–253 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub name: Option<String>,
    /// Conditions, any one of which selects this rule (at most 64; defaults to prefix `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub matches: Option<Vec<HttpRouteMatch>>,
    /// Filters applied to matching requests (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub filters: Option<Vec<HttpRouteFilter>>,
    /// Backends receiving matching requests (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub backend_refs: Option<Vec<HttpBackendRef>>,
    /// Request and backend-request timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub timeouts: Option<HttpRouteTimeouts>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A condition on a request: path, headers, query parameters and method must all match.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteMatch {
    /// Path condition; defaults to prefix `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub path: Option<HttpPathMatch>,
    /// Header conditions (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub headers: Option<Vec<HttpHeaderMatch>>,
    /// Query parameter conditions (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub query_params: Option<Vec<HttpQueryParamMatch>>,
    /// Method condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub method: Option<HttpMethod>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A path condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpPathMatch {
    /// Match type; defaults to `PathPrefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<PathMatchType>,
    /// Path or pattern (at most 1024 characters); defaults to `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub value: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A header condition (Gateway API `HTTPHeaderMatch`; the AI Gateway's model-name match has the
/// same shape).
///
/// ```
/// use nrp_llm_config::resources::gateway_api::{HeaderMatchType, HttpHeaderMatch};
/// let m = HttpHeaderMatch::builder()
///     .r#type(HeaderMatchType::Exact).name("x-ai-eg-model").value("qwen3").build();
/// assert_eq!(
///     serde_json::to_value(&m).unwrap(),
///     serde_json::json!({"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}),
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeaderMatch {
    /// Match type; defaults to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<HeaderMatchType>,
    /// Header name (case-insensitive, 1–256 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Value or pattern (1–4096 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A query parameter condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpQueryParamMatch {
    /// Match type; defaults to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub r#type: Option<QueryParamMatchType>,
    /// Parameter name (case-sensitive, 1–256 characters).
    #[builder(setter(into))]
    pub name: String,
    /// Value or pattern (1–1024 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A filter of an HTTPRoute rule or backend. The header modifiers and `extensionRef` are typed;
/// the other blocks are kept as JSON values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteFilter {
    /// Which filter this is; the matching block below must be set.
    #[builder(setter(into))]
    pub r#type: HttpRouteFilterType,
    /// Request header changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_header_modifier: Option<HttpHeaderFilter>,
    /// Response header changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub response_header_modifier: Option<HttpHeaderFilter>,
    /// Request mirroring settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_mirror: Option<Value>,
    /// Redirect settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request_redirect: Option<Value>,
    /// Rewrite settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub url_rewrite: Option<Value>,
    /// CORS settings, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub cors: Option<Value>,
    /// The implementation-specific filter object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub extension_ref: Option<LocalObjectReference>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Header changes: set (replace), add (append) and remove.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeaderFilter {
    /// Headers to set, replacing existing values (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub set: Option<Vec<HttpHeader>>,
    /// Headers to add to existing values (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub add: Option<Vec<HttpHeader>>,
    /// Header names to remove (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub remove: Option<Vec<String>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A header name and value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpHeader {
    /// Header name.
    #[builder(setter(into))]
    pub name: String,
    /// Header value.
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// A backend of an HTTPRoute rule (Gateway API `HTTPBackendRef`): a weighted backend reference
/// with its own filters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpBackendRef {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub kind: Option<String>,
    /// Name of the backend.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend; absent means the route's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub namespace: Option<String>,
    /// Destination port (1–65535); required for a core Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub port: Option<i32>,
    /// Share of requests relative to the rule's other backends (0–1000000, defaults to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub weight: Option<i32>,
    /// Filters applied only for this backend (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub filters: Option<Vec<HttpRouteFilter>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Timeouts of a rule, as Gateway API durations (e.g. `1200s`, `1h30m`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteTimeouts {
    /// Time allowed for the whole request, retries included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub request: Option<String>,
    /// Time allowed for one request to a backend; not longer than `request`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub backend_request: Option<String>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

/// Observed state of an HTTPRoute.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteStatus {
    /// One entry per parent the route attaches to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(setter(into, strip_option), default)]
    pub parents: Option<Vec<RouteParentStatus>>,
    /// Fields this crate does not model, kept as written.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube_core::CustomResourceExt;

    /// Decodes `yaml` as `T`, encodes it again and checks the result equals the YAML as a
    /// plain JSON value.
    fn round_trip<T>(yaml: &str) -> T
    where
        T: serde::de::DeserializeOwned + Serialize,
    {
        let original: Value = serde_saphyr::from_str(yaml).expect("sample parses");
        let typed: T = serde_json::from_value(original.clone()).expect("sample decodes");
        let again = serde_json::to_value(&typed).expect("encodes");
        assert_eq!(again, original, "round trip changed the object");
        typed
    }

    const GATEWAY: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: envoy-ai-gateway-nrp
  namespace: nrp-llm
  labels:
    app.kubernetes.io/part-of: llm-proxy
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  gatewayClassName: envoy-ai-gateway-nrp
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    hostname: llm.nrp-nautilus.io
    allowedRoutes:
      namespaces:
        from: Same
  - name: https
    protocol: HTTPS
    port: 443
    hostname: llm.nrp-nautilus.io
    tls:
      mode: Terminate
      certificateRefs:
      - kind: Secret
        group: ""
        name: llm-nrp-nautilus-io-tls
      options:
        gateway.envoyproxy.io/min-tls-version: "1.2"
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            kubernetes.io/metadata.name: nrp-llm
          matchExpressions:
          - key: env
            operator: In
            values:
            - prod
      kinds:
      - group: gateway.networking.k8s.io
        kind: HTTPRoute
  - name: custom
    protocol: example.com/custom-proto
    port: 9000
  addresses:
  - type: IPAddress
    value: 10.0.0.10
  infrastructure:
    labels:
      nrp.io/team: llm
    annotations:
      metallb.universe.tf/address-pool: public
    parametersRef:
      group: gateway.envoyproxy.io
      kind: EnvoyProxy
      name: envoy-ai-gateway-nrp
  allowedListeners:
    namespaces:
      from: None
status:
  addresses:
  - type: IPAddress
    value: 10.0.0.10
  conditions:
  - type: Programmed
    status: "True"
    reason: Programmed
    message: Address assigned to the Gateway
    observedGeneration: 3
    lastTransitionTime: "2025-09-01T12:00:00Z"
  listeners:
  - name: https
    attachedRoutes: 4
    supportedKinds:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
    conditions:
    - type: Accepted
      status: "True"
      reason: Accepted
      message: Listener is accepted
      lastTransitionTime: "2025-09-01T12:00:00Z"
  attachedListenerSets: 0
"#;

    const GATEWAY_CLASS: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: envoy-ai-gateway-nrp
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  description: Envoy AI Gateway for NRP
  parametersRef:
    group: gateway.envoyproxy.io
    kind: EnvoyProxy
    name: envoy-ai-gateway-nrp
    namespace: envoy-gateway-system
status:
  conditions:
  - type: Accepted
    status: "True"
    reason: Accepted
    message: Valid GatewayClass
    lastTransitionTime: "2025-09-01T12:00:00Z"
  supportedFeatures:
  - name: HTTPRoute
"#;

    const HTTP_ROUTE: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: nrp-llm-docs
  namespace: nrp-llm
spec:
  parentRefs:
  - name: envoy-ai-gateway-nrp
    kind: Gateway
    group: gateway.networking.k8s.io
    sectionName: https
  hostnames:
  - llm.nrp-nautilus.io
  - "*.llm.nrp-nautilus.io"
  rules:
  - name: docs
    matches:
    - path:
        type: PathPrefix
        value: /docs
      method: GET
      headers:
      - name: x-debug
        value: "1"
      queryParams:
      - type: RegularExpression
        name: lang
        value: "^(en|es)$"
    - path:
        type: example.com/Glob
        value: /static/*
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set:
        - name: x-forwarded-by
          value: nrp
        remove:
        - x-internal
    - type: URLRewrite
      urlRewrite:
        path:
          type: ReplacePrefixMatch
          replacePrefixMatch: /
    backendRefs:
    - name: llm-docs
      port: 8080
      weight: 90
    - group: gateway.envoyproxy.io
      kind: Backend
      name: llm-docs-mirror
      weight: 10
      filters:
      - type: ResponseHeaderModifier
        responseHeaderModifier:
          add:
          - name: x-served-by
            value: mirror
    timeouts:
      request: 1200s
      backendRequest: 600s
    sessionPersistence:
      sessionName: nrp-session
  - matches:
    - headers:
      - type: Exact
        name: x-ai-eg-model
        value: qwen3
    backendRefs: []
status:
  parents:
  - parentRef:
      name: envoy-ai-gateway-nrp
      namespace: nrp-llm
    controllerName: gateway.envoyproxy.io/gatewayclass-controller
    conditions:
    - type: Accepted
      status: "True"
      reason: Accepted
      message: Route is accepted
      lastTransitionTime: "2025-09-01T12:00:00Z"
"#;

    #[test]
    fn gateway_round_trips() {
        let gw: Gateway = round_trip(GATEWAY);
        assert_eq!(gw.metadata.namespace.as_deref(), Some("nrp-llm"));
        assert_eq!(gw.spec.gateway_class_name, "envoy-ai-gateway-nrp");
        let https = &gw.spec.listeners[1];
        assert_eq!(https.protocol, ListenerProtocol::Https);
        assert_eq!(https.port, 443);
        let tls = https.tls.as_ref().unwrap();
        assert_eq!(tls.mode, Some(TlsMode::Terminate));
        let cert = &tls.certificate_refs.as_ref().unwrap()[0];
        assert_eq!(cert.group.as_deref(), Some(""));
        let ns = https
            .allowed_routes
            .as_ref()
            .unwrap()
            .namespaces
            .as_ref()
            .unwrap();
        assert_eq!(ns.from, Some(FromNamespaces::Selector));
        assert_eq!(
            gw.spec.listeners[2].protocol,
            ListenerProtocol::Other("example.com/custom-proto".into())
        );
        assert!(gw.spec.extra.contains_key("allowedListeners"));
        let infra = gw.spec.infrastructure.as_ref().unwrap();
        assert_eq!(infra.parameters_ref.as_ref().unwrap().kind, "EnvoyProxy");
        let status = gw.status.as_ref().unwrap();
        assert_eq!(status.listeners.as_ref().unwrap()[0].attached_routes, 4);
        assert!(status.extra.contains_key("attachedListenerSets"));
    }

    #[test]
    fn gateway_class_round_trips() {
        let gc: GatewayClass = round_trip(GATEWAY_CLASS);
        assert_eq!(
            gc.spec.controller_name,
            "gateway.envoyproxy.io/gatewayclass-controller"
        );
        let p = gc.spec.parameters_ref.as_ref().unwrap();
        assert_eq!(p.namespace.as_deref(), Some("envoy-gateway-system"));
        let status = gc.status.as_ref().unwrap();
        assert_eq!(status.conditions.as_ref().unwrap()[0].type_, "Accepted");
        assert!(status.extra.contains_key("supportedFeatures"));
    }

    #[test]
    fn http_route_round_trips() {
        let r: HttpRoute = round_trip(HTTP_ROUTE);
        let rules = r.spec.rules.as_ref().unwrap();
        assert_eq!(rules.len(), 2);
        let m = &rules[0].matches.as_ref().unwrap()[0];
        assert_eq!(m.method, Some(HttpMethod::Get));
        assert_eq!(
            m.path.as_ref().unwrap().r#type,
            Some(PathMatchType::PathPrefix)
        );
        assert_eq!(m.headers.as_ref().unwrap()[0].r#type, None);
        assert_eq!(
            m.query_params.as_ref().unwrap()[0].r#type,
            Some(HeaderMatchType::RegularExpression)
        );
        let glob = &rules[0].matches.as_ref().unwrap()[1];
        assert_eq!(
            glob.path.as_ref().unwrap().r#type,
            Some(PathMatchType::Other("example.com/Glob".into()))
        );
        let filters = rules[0].filters.as_ref().unwrap();
        assert_eq!(filters[1].r#type, HttpRouteFilterType::UrlRewrite);
        assert!(filters[1].url_rewrite.is_some());
        assert!(rules[0].extra.contains_key("sessionPersistence"));
        assert_eq!(
            rules[0].timeouts.as_ref().unwrap().request.as_deref(),
            Some("1200s")
        );
        // An empty list stays an empty list; it is not confused with an absent one.
        assert_eq!(rules[1].backend_refs.as_deref(), Some(&[][..]));
        assert_eq!(rules[1].filters, None);
        let parents = &r.status.as_ref().unwrap().parents.as_ref().unwrap()[0];
        assert_eq!(parents.parent_ref.kind, None);
    }

    #[test]
    fn unknown_fields_are_kept_at_every_level() {
        let yaml = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  futureSpecField: {a: 1}
  parentRefs:
  - name: gw
    futureRef: x
  rules:
  - futureRule: true
    matches:
    - futurePath: 1
      path:
        value: /
        futureInner: [1, 2]
"#;
        let r: HttpRoute = round_trip(yaml);
        assert!(r.spec.extra.contains_key("futureSpecField"));
        assert!(
            r.spec.parent_refs.as_ref().unwrap()[0]
                .extra
                .contains_key("futureRef")
        );
    }

    #[test]
    fn string_enums_keep_unknown_values_exactly() {
        for wire in [
            "HTTP",
            "HTTPS",
            "TLS",
            "TCP",
            "UDP",
            "example.com/h3",
            "http",
        ] {
            let p: ListenerProtocol = serde_json::from_value(Value::from(wire)).unwrap();
            assert_eq!(serde_json::to_value(&p).unwrap(), Value::from(wire));
            assert_eq!(p.to_string(), wire);
        }
        assert_eq!(
            ListenerProtocol::from("http"),
            ListenerProtocol::Other("http".into())
        );
        assert_eq!(PathMatchType::from("Exact"), PathMatchType::Exact);
        assert_eq!(
            HttpRouteFilterType::from("URLRewrite"),
            HttpRouteFilterType::UrlRewrite
        );
        assert_eq!(HeaderMatchType::KNOWN, &["Exact", "RegularExpression"]);
        assert!(serde_json::from_value::<PathMatchType>(Value::from(3)).is_err());
    }

    #[test]
    fn builders_write_only_what_was_set() {
        let spec = HttpRouteSpec::builder()
            .rules(vec![HttpRouteRule::builder().name("all").build()])
            .build();
        let v = serde_json::to_value(&spec).unwrap();
        assert_eq!(v, serde_json::json!({"rules": [{"name": "all"}]}));
    }

    #[test]
    fn resource_metadata_matches_upstream() {
        use kube_core::Resource;
        assert_eq!(Gateway::kind(&()), "Gateway");
        assert_eq!(HttpRoute::kind(&()), "HTTPRoute");
        assert_eq!(HttpRoute::plural(&()), "httproutes");
        assert_eq!(GatewayClass::plural(&()), "gatewayclasses");
        assert_eq!(
            GatewayClass::api_version(&()),
            "gateway.networking.k8s.io/v1"
        );
        let crd = GatewayClass::crd();
        assert_eq!(crd.spec.scope, "Cluster");
        assert_eq!(Gateway::crd().spec.scope, "Namespaced");
        assert_eq!(HttpRoute::crd().spec.names.kind, "HTTPRoute");
    }
}
