//! The Envoy Gateway Backend kind (`gateway.envoyproxy.io/v1alpha1`): where AI Gateway traffic goes.

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::string_enum::string_enum;
use crate::resources::common::{LocalObjectReference, SecretObjectReference, Status, object_meta};

/// Desired state of an Envoy Gateway Backend (`gateway.envoyproxy.io/v1alpha1`), the union of Envoy Gateway 1.5–1.8.
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "gateway.envoyproxy.io",
    version = "v1alpha1",
    kind = "Backend",
    root = "Backend",
    namespaced,
    status = "BackendStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct BackendSpec {
    /// `Endpoints` (the default) or `DynamicResolver`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<BackendType>,
    /// Endpoints of the backend (at least 1; at most 64, or 256 from Envoy Gateway 1.8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub endpoints: Option<Vec<BackendEndpoint>>,
    /// Application protocols, e.g. `gateway.envoyproxy.io/h2c`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub app_protocols: Option<Vec<AppProtocolType>>,
    /// Whether the backend is only used when the others are unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fallback: Option<bool>,
    /// TLS settings for upstream connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tls: Option<BackendTls>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One endpoint of a Backend: exactly one of `fqdn`, `ip` or `unix`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendEndpoint {
    /// A DNS name and port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fqdn: Option<FqdnEndpoint>,
    /// An IPv4 or IPv6 address and port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ip: Option<IpEndpoint>,
    /// A Unix domain socket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub unix: Option<UnixSocket>,
    /// Host name to use for this endpoint (1–253 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub hostname: Option<String>,
    /// Topology zone of the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub zone: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An endpoint reached by DNS name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct FqdnEndpoint {
    /// Fully qualified domain name (1–253 characters).
    #[builder(setter(into))]
    pub hostname: String,
    /// Port (0–65535).
    #[builder(setter(into))]
    pub port: i32,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An endpoint reached by IP address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct IpEndpoint {
    /// IPv4 or IPv6 address (3–45 characters).
    #[builder(setter(into))]
    pub address: String,
    /// Port (0–65535).
    #[builder(setter(into))]
    pub port: i32,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An endpoint reached through a Unix domain socket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct UnixSocket {
    /// Socket path (at most 108 characters).
    #[builder(setter(into))]
    pub path: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// TLS settings for connections to a Backend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendTls {
    /// ConfigMaps or Secrets with CA certificates (at most 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ca_certificate_refs: Option<Vec<LocalObjectReference>>,
    /// Use a well-known CA bundle, e.g. `System`.
    #[serde(rename = "wellKnownCACertificates")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub well_known_ca_certificates: Option<String>,
    /// Skip server certificate verification; the API server defaults it to false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub insecure_skip_verify: Option<bool>,
    /// Server name sent in the TLS handshake (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub sni: Option<String>,
    /// Client certificate for mutual TLS (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_certificate_ref: Option<SecretObjectReference>,
    /// Lowest TLS version offered (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub min_version: Option<TlsVersion>,
    /// Highest TLS version offered (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub max_version: Option<TlsVersion>,
    /// Cipher suites (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ciphers: Option<Vec<String>>,
    /// ECDH curves (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub ecdh_curves: Option<Vec<String>>,
    /// Signature algorithms (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub signature_algorithms: Option<Vec<String>>,
    /// ALPN protocols (Envoy Gateway 1.6+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub alpn_protocols: Option<Vec<String>>,
    /// TLS fingerprints to compute (Envoy Gateway 1.8+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fingerprints: Option<Vec<TlsFingerprintType>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Status of a Backend.
pub type BackendStatus = Status;

string_enum! {
    /// How a Backend finds its endpoints.
    BackendType {
        /// Static endpoints listed in `endpoints` (the default).
        Endpoints => "Endpoints",
        /// Endpoints resolved per request from the host header; `endpoints` must be empty.
        DynamicResolver => "DynamicResolver",
    }
}

string_enum! {
    /// An application protocol a Backend speaks.
    AppProtocolType {
        /// HTTP/2 over cleartext.
        H2c => "gateway.envoyproxy.io/h2c",
        /// WebSocket over cleartext.
        Ws => "gateway.envoyproxy.io/ws",
        /// WebSocket over TLS.
        Wss => "gateway.envoyproxy.io/wss",
    }
}

string_enum! {
    /// A TLS protocol version bound.
    TlsVersion {
        /// Let Envoy choose.
        Auto => "Auto",
        /// TLS 1.0.
        V1_0 => "1.0",
        /// TLS 1.1.
        V1_1 => "1.1",
        /// TLS 1.2.
        V1_2 => "1.2",
        /// TLS 1.3.
        V1_3 => "1.3",
    }
}

string_enum! {
    /// A TLS client fingerprint type.
    TlsFingerprintType {
        /// JA3.
        Ja3 => "JA3",
        /// JA4.
        Ja4 => "JA4",
    }
}

impl Backend {
    /// A Backend with one endpoint reached by DNS name, the shape NRP uses for in-cluster
    /// services (`<service>.<namespace>.svc.cluster.local`) and external hosts.
    ///
    /// ```
    /// use nrp_llm_config::resources::backend::Backend;
    ///
    /// let b = Backend::fqdn(
    ///     "envoy-ai-gateway-nrp-qwen",
    ///     "nrp-llm",
    ///     "qwen-vllm-inference.nrp-llm.svc.cluster.local",
    ///     5000,
    /// );
    /// let json = serde_json::to_value(&b).unwrap();
    /// assert_eq!(json["apiVersion"], "gateway.envoyproxy.io/v1alpha1");
    /// assert_eq!(
    ///     json["spec"],
    ///     serde_json::json!({"endpoints": [{"fqdn": {
    ///         "hostname": "qwen-vllm-inference.nrp-llm.svc.cluster.local",
    ///         "port": 5000
    ///     }}]})
    /// );
    /// ```
    pub fn fqdn(name: &str, namespace: &str, hostname: impl Into<String>, port: i32) -> Self {
        let endpoint = BackendEndpoint::builder()
            .fqdn(
                FqdnEndpoint::builder()
                    .hostname(hostname)
                    .port(port)
                    .build(),
            )
            .build();
        Self::with_endpoint(name, namespace, endpoint)
    }

    /// A Backend with one endpoint reached by IPv4 or IPv6 address.
    ///
    /// ```
    /// use nrp_llm_config::resources::backend::Backend;
    ///
    /// let b = Backend::ip("gpu-box", "nrp-llm", "10.0.0.7", 8000);
    /// let json = serde_json::to_value(&b).unwrap();
    /// assert_eq!(
    ///     json["spec"],
    ///     serde_json::json!({"endpoints": [{"ip": {"address": "10.0.0.7", "port": 8000}}]})
    /// );
    /// ```
    pub fn ip(name: &str, namespace: &str, address: impl Into<String>, port: i32) -> Self {
        let endpoint = BackendEndpoint::builder()
            .ip(IpEndpoint::builder().address(address).port(port).build())
            .build();
        Self::with_endpoint(name, namespace, endpoint)
    }

    fn with_endpoint(name: &str, namespace: &str, endpoint: BackendEndpoint) -> Self {
        let spec = BackendSpec::builder().endpoints(vec![endpoint]).build();
        Self {
            metadata: object_meta(name, namespace),
            spec,
            status: None,
        }
    }
}
