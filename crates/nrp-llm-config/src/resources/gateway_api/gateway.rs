//! The Gateway kind: listeners (ports, protocols, hostnames, TLS) that routes attach to.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use typed_builder::TypedBuilder;

use super::{Extra, LabelSelector, LocalObjectReference, RouteGroupKind, SecretObjectReference};
use crate::resources::string_enum::string_enum;

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
