//! The BackendSecurityPolicy kind (`aigateway.envoyproxy.io/v1alpha1`).

use std::collections::BTreeMap;

use kube_derive::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::resources::common::*;

/// Desired state of a BackendSecurityPolicy (`aigateway.envoyproxy.io/v1alpha1`): one credential block matching `type`.
#[derive(CustomResource, Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
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
    /// Which credential block is used.
    #[builder(setter(into))]
    pub r#type: BackendSecurityPolicyType,
    /// AIServiceBackends (or, from 0.5, InferencePools) this policy applies to (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub target_refs: Option<Vec<LocalPolicyTargetReference>>,
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

