//! The credential blocks of a BackendSecurityPolicy: API keys, AWS, Azure and GCP.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::{BackendSecurityPolicyOidc, Oidc};
use crate::resources::gateway_api::SecretObjectReference;
use crate::resources::string_enum::string_enum;

string_enum! {
    /// Which credential block of a BackendSecurityPolicy is used.
    BackendSecurityPolicyType {
        /// `APIKey`: `spec.apiKey`.
        ApiKey => "APIKey",
        /// `AWSCredentials`: `spec.awsCredentials`.
        AwsCredentials => "AWSCredentials",
        /// `AzureAPIKey`: `spec.azureAPIKey` (AI Gateway 0.4+).
        AzureApiKey => "AzureAPIKey",
        /// `AzureCredentials`: `spec.azureCredentials`.
        AzureCredentials => "AzureCredentials",
        /// `GCPCredentials`: `spec.gcpCredentials`.
        GcpCredentials => "GCPCredentials",
        /// `AnthropicAPIKey`: `spec.anthropicAPIKey` (AI Gateway 0.4+).
        AnthropicApiKey => "AnthropicAPIKey",
    }
}

/// An API key kept in a Secret (used by `apiKey`, `azureAPIKey` and `anthropicAPIKey`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendSecurityPolicyApiKey {
    /// Secret holding the key under the data key `apiKey`.
    #[builder(setter(into))]
    pub secret_ref: SecretObjectReference,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// AWS credentials: a region plus a credentials file or an OIDC token exchange.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AwsCredentials {
    /// AWS region (non-empty).
    #[builder(setter(into))]
    pub region: String,
    /// Static credentials from a Secret in AWS credentials-file format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub credentials_file: Option<AwsCredentialsFile>,
    /// Credentials obtained by exchanging an OIDC token for an IAM role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub oidc_exchange_token: Option<AwsOidcExchangeToken>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An AWS credentials file kept in a Secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AwsCredentialsFile {
    /// Secret holding the credentials file.
    #[builder(setter(into))]
    pub secret_ref: SecretObjectReference,
    /// Profile to use; the API server defaults it to `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub profile: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An OIDC token exchanged for temporary AWS credentials of a role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AwsOidcExchangeToken {
    /// How to obtain the OIDC token.
    #[builder(setter(into))]
    pub oidc: Oidc,
    /// OAuth grant type used for the exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub grant_type: Option<String>,
    /// Audience of the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub aud: Option<String>,
    /// ARN of the IAM role to assume (non-empty).
    #[builder(setter(into))]
    pub aws_role_arn: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Azure Entra ID credentials: a client secret or an OIDC token exchange (exactly one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AzureCredentials {
    /// Application (client) ID (non-empty).
    #[serde(rename = "clientID")]
    #[builder(setter(into))]
    pub client_id: String,
    /// Directory (tenant) ID (non-empty).
    #[serde(rename = "tenantID")]
    #[builder(setter(into))]
    pub tenant_id: String,
    /// Secret holding the client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_secret_ref: Option<SecretObjectReference>,
    /// OIDC token exchanged for an Azure access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub oidc_exchange_token: Option<BackendSecurityPolicyOidc>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Google Cloud credentials for Vertex AI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GcpCredentials {
    /// GCP project name (non-empty).
    #[builder(setter(into))]
    pub project_name: String,
    /// GCP region (non-empty).
    #[builder(setter(into))]
    pub region: String,
    /// A service-account key file kept in a Secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub credentials_file: Option<GcpCredentialsFile>,
    /// Workload identity federation settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub workload_identity_federation_config: Option<GcpWorkloadIdentityFederationConfig>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A GCP service-account key file kept in a Secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GcpCredentialsFile {
    /// Secret holding the key file.
    #[builder(setter(into))]
    pub secret_ref: SecretObjectReference,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// GCP workload identity federation: an OIDC token exchanged through a workload identity pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GcpWorkloadIdentityFederationConfig {
    /// Project that owns the workload identity pool (non-empty).
    #[serde(rename = "projectID")]
    #[builder(setter(into))]
    pub project_id: String,
    /// Workload identity pool name (non-empty).
    #[builder(setter(into))]
    pub workload_identity_pool_name: String,
    /// Provider inside the pool (non-empty).
    #[builder(setter(into))]
    pub workload_identity_provider_name: String,
    /// How to obtain the OIDC token to exchange.
    #[builder(setter(into))]
    pub oidc_exchange_token: BackendSecurityPolicyOidc,
    /// Service account to impersonate after the exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub service_account_impersonation: Option<GcpServiceAccountImpersonation>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A GCP service account to impersonate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct GcpServiceAccountImpersonation {
    /// Service account name (non-empty).
    #[builder(setter(into))]
    pub service_account_name: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An `apiKey` block naming a Secret.
pub(crate) fn api_key_block(
    secret_name: &str,
    secret_namespace: Option<&str>,
) -> BackendSecurityPolicyApiKey {
    let secret_ref = SecretObjectReference {
        namespace: secret_namespace.map(str::to_owned),
        ..SecretObjectReference::builder().name(secret_name).build()
    };
    BackendSecurityPolicyApiKey::builder()
        .secret_ref(secret_ref)
        .build()
}
