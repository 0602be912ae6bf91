//! The BackendSecurityPolicy kind (`aigateway.envoyproxy.io/v1alpha1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;
use crate::resources::common::{ai_service_backend_targets, api_key_block, object_meta};

/// Desired state of a BackendSecurityPolicy (`aigateway.envoyproxy.io/v1alpha1`): one credential block matching `type`.
#[derive(
    CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder,
)]
#[kube(
    group = "aigateway.envoyproxy.io",
    version = "v1alpha1",
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
    /// AIServiceBackends (or, from 0.5, InferencePools) this policy applies to (at most 16).
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
    /// Azure API key, for `AzureAPIKey` (AI Gateway 0.4+).
    #[serde(rename = "azureAPIKey")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub azure_api_key: Option<BackendSecurityPolicyApiKey>,
    /// Anthropic API key, for `AnthropicAPIKey` (AI Gateway 0.4+).
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
    /// use nrp_llm_config::resources::v1alpha1::BackendSecurityPolicy;
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
        let spec = BackendSecurityPolicySpec {
            target_refs: ai_service_backend_targets(targets),
            r#type: BackendSecurityPolicyType::ApiKey,
            api_key: Some(api_key_block(secret_name, secret_namespace)),
            azure_api_key: None,
            anthropic_api_key: None,
            aws_credentials: None,
            azure_credentials: None,
            gcp_credentials: None,
            extra: BTreeMap::new(),
        };
        Self {
            metadata: object_meta(name, namespace),
            spec,
            status: None,
        }
    }
}
