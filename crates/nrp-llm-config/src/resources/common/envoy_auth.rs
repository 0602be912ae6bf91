//! Envoy Gateway authentication pieces the MCPRoute embeds: external authorization, JSON Web
//! Key Sets, claim-to-header copies, JWT claims and the authorization action.
//!
//! Upstream API reference: <https://gateway.envoyproxy.io/docs/api/extension_types/#extauth>.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::{ClusterSettings, ProviderBackendRef};
use crate::resources::gateway_api::{BackendObjectReference, LocalObjectReference};
use crate::resources::string_enum::string_enum;

string_enum! {
    /// What an authorization rule does with a matching request.
    AuthorizationAction {
        /// Let it through.
        Allow => "Allow",
        /// Refuse it.
        Deny => "Deny",
    }
}

string_enum! {
    /// How a JWT claim's values are read.
    JwtClaimValueType {
        /// The claim is one string (the default).
        String => "String",
        /// The claim is a list of strings.
        StringArray => "StringArray",
    }
}

string_enum! {
    /// Where a local JSON Web Key Set is written.
    LocalJwksType {
        /// In the `inline` field (the default).
        Inline => "Inline",
        /// In a ConfigMap named by `valueRef`.
        ValueRef => "ValueRef",
    }
}

string_enum! {
    /// Where the value of an external-authorization context extension is written.
    ContextExtensionValueType {
        /// In the `value` field (the default).
        Value => "Value",
        /// In a ConfigMap or Secret key named by `valueRef`.
        ValueRef => "ValueRef",
    }
}

/// An external authorization service that decides on each request (Envoy Gateway `ExtAuth`):
/// exactly one of `grpc` and `http`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ExtAuth {
    /// A gRPC authorization service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub grpc: Option<GrpcExtAuthService>,
    /// An HTTP authorization service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub http: Option<HttpExtAuthService>,
    /// Request headers sent to the service (all of them when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers_to_ext_auth: Option<Vec<String>>,
    /// Whether, and how much of, the request body is sent to the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub body_to_ext_auth: Option<BodyToExtAuth>,
    /// How long to wait for the service (a Gateway API duration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeout: Option<String>,
    /// Whether requests pass when the service cannot be reached; the API server defaults it to
    /// false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fail_open: Option<bool>,
    /// Whether the route is chosen again after the service changed the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub recompute_route: Option<bool>,
    /// Whether the route's metadata is sent to the service (AI Gateway 0.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub include_route_metadata: Option<bool>,
    /// Extra key/value pairs sent to the service (unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub context_extensions: Option<Vec<ContextExtension>>,
    /// HTTP status returned when the service fails (AI Gateway 0.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub status_on_error: Option<i32>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A gRPC external authorization service and how to reach it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GrpcExtAuthService {
    /// Single backend of the service (prefer `backendRefs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_ref: Option<BackendObjectReference>,
    /// Backends of the service (at most 16; Service, ServiceImport or Backend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<ProviderBackendRef>>,
    /// Traffic settings towards the backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_settings: Option<ClusterSettings>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An HTTP external authorization service and how to reach it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HttpExtAuthService {
    /// Single backend of the service (prefer `backendRefs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_ref: Option<BackendObjectReference>,
    /// Backends of the service (at most 16; Service, ServiceImport or Backend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<ProviderBackendRef>>,
    /// Traffic settings towards the backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_settings: Option<ClusterSettings>,
    /// Path prefix of the authorization requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub path: Option<String>,
    /// Fixed path of the authorization requests, instead of `path` (AI Gateway 0.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub path_override: Option<String>,
    /// Headers of the service's answer copied into the forwarded request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers_to_backend: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// How much of the request body is buffered and sent to the authorization service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BodyToExtAuth {
    /// Largest body sent, in bytes (at least 1).
    pub max_request_bytes: i64,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A key/value pair sent to the authorization service with each request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ContextExtension {
    /// The key.
    #[builder(setter(into))]
    pub name: String,
    /// Where the value is written; the API server defaults it to `Value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<ContextExtensionValueType>,
    /// The value, for `Value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value: Option<String>,
    /// The ConfigMap or Secret key holding the value, for `ValueRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value_ref: Option<LocalObjectKeyReference>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A key of a same-namespace object (a ConfigMap or Secret), by group, kind, name and key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectKeyReference {
    /// API group of the object (empty for the core group).
    #[builder(setter(into))]
    pub group: String,
    /// Kind of the object.
    #[builder(setter(into))]
    pub kind: String,
    /// Name of the object.
    #[builder(setter(into))]
    pub name: String,
    /// Key in the object's data.
    #[builder(setter(into))]
    pub key: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A JSON Web Key Set fetched over HTTP(S).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct RemoteJwks {
    /// Single backend serving the keys (forbidden by a CEL rule; use `backendRefs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_ref: Option<BackendObjectReference>,
    /// Backends serving the keys (at most 16), when the URI's host is not reached directly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<ProviderBackendRef>>,
    /// Traffic settings towards those backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_settings: Option<ClusterSettings>,
    /// Where the key set is fetched from (1–253 characters).
    #[builder(setter(into))]
    pub uri: String,
    /// How long fetched keys are kept; the API server defaults it to `300s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cache_duration: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A JSON Web Key Set written in the object or in a ConfigMap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LocalJwks {
    /// Where the key set is; the API server defaults it to `Inline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<LocalJwksType>,
    /// The key set as JSON text, for `Inline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub inline: Option<String>,
    /// The ConfigMap holding the key set, for `ValueRef`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value_ref: Option<LocalObjectReference>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A JWT claim copied into a request header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClaimToHeader {
    /// The header to write.
    #[builder(setter(into))]
    pub header: String,
    /// The claim to read (nested claims with dots).
    #[builder(setter(into))]
    pub claim: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A JWT claim a token must carry with one of the given values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct JwtClaim {
    /// Claim name (1–253 characters; nested claims with dots).
    #[builder(setter(into))]
    pub name: String,
    /// How the claim is read; the API server defaults it to `String`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub value_type: Option<JwtClaimValueType>,
    /// Accepted values (1–128).
    #[builder(setter(into))]
    pub values: Vec<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}
