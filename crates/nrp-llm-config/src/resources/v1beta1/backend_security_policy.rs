//! The BackendSecurityPolicy kind (`aigateway.envoyproxy.io/v1beta1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;

/// Desired state of a BackendSecurityPolicy (`aigateway.envoyproxy.io/v1beta1`): one credential block matching `type`.
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1beta1",
    kind = "BackendSecurityPolicy",
    root = "BackendSecurityPolicy",
    plural = "backendsecuritypolicies",
    namespaced,
    status = "BackendSecurityPolicyStatus",
    derive = "PartialEq",
    crates(kube_core = "::kube_core")
)]
#[serde(rename_all = "camelCase")]
pub struct BackendSecurityPolicySpec {
    /// AIServiceBackends or InferencePools this policy applies to (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub target_refs: Option<Vec<LocalPolicyTargetReference>>,
    /// Which credential block is used.
    #[builder(setter(into))]
    pub r#type: BackendSecurityPolicyType,
    /// API key sent as a bearer token, for `APIKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub api_key: Option<BackendSecurityPolicyApiKey>,
    /// Azure API key, for `AzureAPIKey`.
    #[serde(rename = "azureAPIKey")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub azure_api_key: Option<BackendSecurityPolicyApiKey>,
    /// Anthropic API key, for `AnthropicAPIKey`.
    #[serde(rename = "anthropicAPIKey")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub anthropic_api_key: Option<BackendSecurityPolicyApiKey>,
    /// AWS credentials, for `AWSCredentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub aws_credentials: Option<AwsCredentials>,
    /// Azure credentials, for `AzureCredentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub azure_credentials: Option<AzureCredentials>,
    /// GCP credentials, for `GCPCredentials`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub gcp_credentials: Option<GcpCredentials>,
    /// Per-request credentials that replace the configured ones (v1beta1 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub credential_override: Option<CredentialOverride>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Per-request credentials taken from the request instead of the configured ones (exactly one source).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct CredentialOverride {
    /// Credentials read from Envoy dynamic metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub from_dynamic_metadata: Option<CredentialOverrideFromDynamicMetadata>,
    /// Credentials read from a request header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub from_request_headers: Option<CredentialOverrideFromRequestHeaders>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Credentials read from Envoy dynamic metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct CredentialOverrideFromDynamicMetadata {
    /// Metadata namespace (non-empty), e.g. `envoy.filters.http.ext_authz`.
    #[builder(setter(into))]
    pub namespace: String,
    /// Key inside the namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub key: Option<String>,
    /// Whether to fall back to the configured credentials; the API server defaults it to true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fallback_to_configured: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Credentials read from a request header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct CredentialOverrideFromRequestHeaders {
    /// Header carrying the credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub header: Option<String>,
    /// Whether to fall back to the configured credentials; the API server defaults it to true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fallback_to_configured: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

impl BackendSecurityPolicy {
    /// A policy of type `APIKey` that reads the key from the Secret `secret_name` (in
    /// `secret_namespace`, or the policy's namespace when `None`) and targets the named
    /// AIServiceBackends (`group: aigateway.envoyproxy.io`, `kind: AIServiceBackend`). An empty
    /// `targets` list leaves `targetRefs` out.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1beta1::BackendSecurityPolicy;
    ///
    /// let p = BackendSecurityPolicy::api_key(
    ///     "envoy-ai-gateway-nrp-apikey",
    ///     "nrp-llm",
    ///     "openai-apikey",
    ///     Some("nrp-llm"),
    ///     &["envoy-ai-gateway-nrp-qwen"],
    /// );
    /// let json = serde_json::to_value(&p).unwrap();
    /// assert_eq!(
    ///     json["spec"],
    ///     serde_json::json!({
    ///         "targetRefs": [{
    ///             "group": "aigateway.envoyproxy.io",
    ///             "kind": "AIServiceBackend",
    ///             "name": "envoy-ai-gateway-nrp-qwen"
    ///         }],
    ///         "type": "APIKey",
    ///         "apiKey": {"secretRef": {"name": "openai-apikey", "namespace": "nrp-llm"}}
    ///     })
    /// );
    /// ```
    pub fn api_key(
        name: &str,
        namespace: &str,
        secret_name: &str,
        secret_namespace: Option<&str>,
        targets: &[&str],
    ) -> Self {
        // Both versions build the same object; only the API version differs.
        crate::resources::v1alpha1::BackendSecurityPolicy::api_key(
            name,
            namespace,
            secret_name,
            secret_namespace,
            targets,
        )
        .into()
    }
}
