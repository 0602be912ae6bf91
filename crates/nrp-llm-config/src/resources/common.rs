//! Types shared by both AI Gateway API versions: references, mutations, rule pieces, credentials
//! and the string enums that keep unknown values.
//!
//! In AI Gateway v1.1.0 the nested types of `v1alpha1` and `v1beta1` are the same, so each is
//! written once here and re-exported by [`super::v1alpha1`] and [`super::v1beta1`]. Each type is the
//! union of the fields of every supported release.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Condition;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use typed_builder::TypedBuilder;

use super::string_enum::string_enum;

pub use super::gateway_api::{
    BackendObjectReference, HeaderMatchType, HttpHeader, HttpHeaderMatch, HttpRouteTimeouts,
    LocalObjectReference, LocalPolicyTargetReference, LocalPolicyTargetReferenceWithSectionName,
    ParentReference, SecretObjectReference,
};

string_enum! {
    /// Name of an API schema spoken by clients or backends. The wire names keep upstream's
    /// capitalisation (`OpenAI`, `AWSBedrock`, ...).
    ApiSchemaName {
        /// `OpenAI`: the OpenAI API and compatible servers (vLLM, SGLang, ...).
        OpenAi => "OpenAI",
        /// `Cohere` (AI Gateway 0.4+).
        Cohere => "Cohere",
        /// `AWSBedrock`.
        AwsBedrock => "AWSBedrock",
        /// `AzureOpenAI`.
        AzureOpenAi => "AzureOpenAI",
        /// `GCPVertexAI`.
        GcpVertexAi => "GCPVertexAI",
        /// `GCPAnthropic`: Anthropic models on Vertex AI.
        GcpAnthropic => "GCPAnthropic",
        /// `Anthropic` (AI Gateway 0.4+).
        Anthropic => "Anthropic",
        /// `AWSAnthropic`: Anthropic models on Bedrock (AI Gateway 0.4+).
        AwsAnthropic => "AWSAnthropic",
    }
}

string_enum! {
    /// What an LLM request cost counts.
    LlmRequestCostType {
        /// Output (completion) tokens.
        OutputToken => "OutputToken",
        /// Input (prompt) tokens.
        InputToken => "InputToken",
        /// Input tokens served from a cache (AI Gateway 0.4+).
        CachedInputToken => "CachedInputToken",
        /// Input tokens written to a cache (AI Gateway 0.5+).
        CacheCreationInputToken => "CacheCreationInputToken",
        /// Input plus output tokens.
        TotalToken => "TotalToken",
        /// Reasoning tokens (AI Gateway 1.1+).
        ReasoningToken => "ReasoningToken",
        /// A CEL expression given in `cel`.
        Cel => "CEL",
    }
}

string_enum! {
    /// Kind of AI Gateway filter (v1alpha1 `filterConfig.type`).
    FilterConfigType {
        /// An external processor sidecar.
        ExternalProcessor => "ExternalProcessor",
        /// A dynamic module loaded into Envoy.
        DynamicModule => "DynamicModule",
    }
}

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

string_enum! {
    /// The SameSite attribute of the OIDC cookies.
    SameSite {
        /// `Lax`.
        Lax => "Lax",
        /// `Strict`.
        Strict => "Strict",
        /// `None`.
        None => "None",
    }
}

string_enum! {
    /// How a string is compared in Envoy Gateway string matches.
    StringMatchType {
        /// Equal.
        Exact => "Exact",
        /// Starts with the value.
        Prefix => "Prefix",
        /// Ends with the value.
        Suffix => "Suffix",
        /// Matches the RE2 regular expression.
        RegularExpression => "RegularExpression",
    }
}

/// Status of an AIGatewayRoute.
pub type AiGatewayRouteStatus = Status;
/// Status of an AIServiceBackend.
pub type AiServiceBackendStatus = Status;
/// Status of a BackendSecurityPolicy.
pub type BackendSecurityPolicyStatus = Status;

/// Request header changes applied before a request goes upstream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct HeaderMutation {
    /// Headers to set, overwriting existing values (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub set: Option<Vec<HttpHeader>>,
    /// Header names to delete (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub remove: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One JSON body field to set, addressed by a top-level key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BodyMutationField {
    /// The key in the JSON request body (non-empty).
    #[builder(setter(into))]
    pub path: String,
    /// The value to write, as a JSON text.
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Request body changes applied before a request goes upstream (AI Gateway 0.5+).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BodyMutation {
    /// Fields to set (at most 16, unique by path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub set: Option<Vec<BodyMutationField>>,
    /// Top-level field names to delete (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub remove: Option<Vec<String>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Status written by the controller; kept verbatim, never set by this crate's builders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The latest observations of the object's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub conditions: Option<Vec<Condition>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// The API schema a backend speaks (or, on a v0.3 route, the schema clients use).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct VersionedApiSchema {
    /// Schema name such as `OpenAI` or `AWSBedrock`.
    #[builder(setter(into))]
    pub name: ApiSchemaName,
    /// Schema version; for `AzureOpenAI` the Azure API version, for `OpenAI` a path prefix in 0.3/0.4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub version: Option<String>,
    /// Path prefix for OpenAI- or Anthropic-compatible APIs (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub prefix: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One routing rule of an AIGatewayRoute: request matches and the backends they go to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteRule {
    /// Rule name (AI Gateway 1.1+; unique in the route, `route-not-found` is reserved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub name: Option<String>,
    /// Conditions a request must meet; an empty list matches everything (at most 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub matches: Option<Vec<AiGatewayRouteRuleMatch>>,
    /// Backends that serve matching requests (at most 128).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<AiGatewayRouteRuleBackendRef>>,
    /// Request and per-try timeouts; the controller uses 60s for `request` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeouts: Option<HttpRouteTimeouts>,
    /// Idle timeout of streamed responses, a Gateway API duration (AI Gateway 1.1+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub stream_idle_timeout: Option<String>,
    /// Owner reported by the models endpoint; the API server defaults it to `Envoy AI Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub models_owned_by: Option<String>,
    /// Creation time reported by the models endpoint (RFC 3339 date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub models_created_at: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A set of header conditions that must all hold for a rule to apply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteRuleMatch {
    /// Header conditions (at most 16, unique by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub headers: Option<Vec<HttpHeaderMatch>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A backend of a rule: an AIServiceBackend (no group/kind) or an InferencePool (both set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayRouteRuleBackendRef {
    /// Name of the AIServiceBackend or InferencePool.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the backend (AI Gateway 0.4+); other namespaces need a ReferenceGrant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<String>,
    /// API group; only set for an InferencePool (`inference.networking.k8s.io`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub group: Option<String>,
    /// Kind; only set for an InferencePool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub kind: Option<String>,
    /// Model name sent upstream instead of the one in the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub model_name_override: Option<String>,
    /// Share of traffic for this backend; the API server defaults it to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub weight: Option<i32>,
    /// Failover priority, 0 first; the API server defaults it to 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub priority: Option<i32>,
    /// Header changes for this backend (AI Gateway 0.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub header_mutation: Option<HeaderMutation>,
    /// Body changes for this backend (AI Gateway 0.5+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub body_mutation: Option<BodyMutation>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A token count (or CEL expression) to record in dynamic metadata for rate limiting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct LlmRequestCost {
    /// Key under which the cost is stored in the `io.envoy.ai_gateway` metadata namespace.
    #[builder(setter(into))]
    pub metadata_key: String,
    /// What is counted.
    #[builder(setter(into))]
    pub r#type: LlmRequestCostType,
    /// CEL expression computing the cost, when `type` is `CEL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cel: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Configuration of the AI Gateway filter (v1alpha1 up to 0.5; removed in 1.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayFilterConfig {
    /// Filter kind; the API server defaults it to `ExternalProcessor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<FilterConfigType>,
    /// Settings of the external processor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub external_processor: Option<AiGatewayExternalProcessorConfig>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Settings of the external processor sidecar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct AiGatewayExternalProcessorConfig {
    /// Compute resources of the external processor container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resources: Option<ResourceRequirements>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Kubernetes container resource requirements (claims, limits, requests).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirements {
    /// Dynamic resource claims the container uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub claims: Option<Vec<ResourceClaim>>,
    /// Resource limits; quantities are kept as written (number or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub limits: Option<BTreeMap<String, Value>>,
    /// Resource requests; quantities are kept as written (number or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub requests: Option<BTreeMap<String, Value>>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// One dynamic resource claim of a container.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ResourceClaim {
    /// Name of the claim in the pod's `resourceClaims`.
    #[builder(setter(into))]
    pub name: String,
    /// Request name inside the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub request: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
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

/// An OIDC token source with optional grant type and audience.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct BackendSecurityPolicyOidc {
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
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Envoy Gateway's OIDC settings, embedded by AI Gateway to obtain tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct Oidc {
    /// The OpenID provider.
    #[builder(setter(into))]
    pub provider: OidcProvider,
    /// OAuth client ID (exactly one of this and `clientIDRef`).
    #[serde(rename = "clientID")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_id: Option<String>,
    /// Secret holding the client ID.
    #[serde(rename = "clientIDRef")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub client_id_ref: Option<SecretObjectReference>,
    /// Secret holding the client secret.
    #[builder(setter(into))]
    pub client_secret: SecretObjectReference,
    /// Names of the token cookies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cookie_names: Option<OidcCookieNames>,
    /// Attributes of the cookies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cookie_config: Option<OidcCookieConfig>,
    /// Domain the cookies are valid for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub cookie_domain: Option<String>,
    /// Scopes requested in addition to `openid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub scopes: Option<Vec<String>>,
    /// Resource indicators sent with the authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub resources: Option<Vec<String>>,
    /// Redirect URL registered with the provider.
    #[serde(rename = "redirectURL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub redirect_url: Option<String>,
    /// Requests answered with 401 instead of a redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub deny_redirect: Option<OidcDenyRedirect>,
    /// Path that triggers logout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub logout_path: Option<String>,
    /// Whether the access token is forwarded upstream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub forward_access_token: Option<bool>,
    /// Forwarding of the ID token in a header (Envoy Gateway 1.8+).
    #[serde(rename = "forwardIDToken")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub forward_id_token: Option<OidcForwardIdToken>,
    /// Token lifetime when the provider gives none (duration).
    #[serde(rename = "defaultTokenTTL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_token_ttl: Option<String>,
    /// Whether tokens are refreshed; defaults to true from AI Gateway 0.4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub refresh_token: Option<bool>,
    /// Refresh token lifetime when the provider gives none (duration).
    #[serde(rename = "defaultRefreshTokenTTL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub default_refresh_token_ttl: Option<String>,
    /// Lifetime of the CSRF token (duration).
    #[serde(rename = "csrfTokenTTL")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub csrf_token_ttl: Option<String>,
    /// Whether the token cookies are stored unencrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub disable_token_encryption: Option<bool>,
    /// Whether requests with an Authorization header skip OIDC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub pass_through_auth_header: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An OpenID Connect provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcProvider {
    /// Single backend of the provider (forbidden by a CEL rule; use `backendRefs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_ref: Option<BackendObjectReference>,
    /// Backends used to reach the provider (at most 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_refs: Option<Vec<ProviderBackendRef>>,
    /// Traffic settings for the provider backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub backend_settings: Option<ClusterSettings>,
    /// Issuer URL (non-empty).
    #[builder(setter(into))]
    pub issuer: String,
    /// Authorization endpoint; discovered when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub authorization_endpoint: Option<String>,
    /// Token endpoint; discovered when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub token_endpoint: Option<String>,
    /// End-session endpoint; discovered when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub end_session_endpoint: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// An Envoy Gateway `BackendRef`: a backend object reference with weight and fallback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ProviderBackendRef {
    /// API group; the API server defaults it to `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub group: Option<String>,
    /// Kind; the API server defaults it to `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub kind: Option<String>,
    /// Name of the referent.
    #[builder(setter(into))]
    pub name: String,
    /// Namespace of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub namespace: Option<String>,
    /// Destination port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub port: Option<i32>,
    /// Share of traffic; the API server defaults it to 1 (Envoy Gateway 1.7+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub weight: Option<i32>,
    /// Whether this backend is only used when the others are unhealthy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub fallback: Option<bool>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Envoy Gateway cluster settings; each block is kept as JSON (typed one level down).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSettings {
    /// Circuit breaker thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub circuit_breaker: Option<Value>,
    /// Connection limits and buffers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub connection: Option<Value>,
    /// DNS resolution settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub dns: Option<Value>,
    /// Active and passive health checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub health_check: Option<Value>,
    /// HTTP/2 settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub http2: Option<Value>,
    /// Load balancing policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub load_balancer: Option<Value>,
    /// PROXY protocol settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub proxy_protocol: Option<Value>,
    /// Retry policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub retry: Option<Value>,
    /// TCP keepalive settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub tcp_keepalive: Option<Value>,
    /// TCP and HTTP timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub timeout: Option<Value>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Custom cookie names for the OIDC tokens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcCookieNames {
    /// Name of the access token cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub access_token: Option<String>,
    /// Name of the ID token cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub id_token: Option<String>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Attributes of the OIDC cookies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcCookieConfig {
    /// SameSite attribute (`Lax`, `Strict` or `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub same_site: Option<SameSite>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Requests that get a 401 instead of a redirect to the provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcDenyRedirect {
    /// Header conditions (1–16), any of which denies the redirect.
    #[builder(setter(into))]
    pub headers: Vec<OidcDenyRedirectHeader>,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// A header condition that denies the OIDC redirect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcDenyRedirectHeader {
    /// Header name (non-empty).
    #[builder(setter(into))]
    pub name: String,
    /// How `value` is compared; the API server defaults it to `Exact`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(default, setter(into, strip_option))]
    pub r#type: Option<StringMatchType>,
    /// Value to compare with (1–1024 characters).
    #[builder(setter(into))]
    pub value: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// Forwarding of the ID token to the upstream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema, TypedBuilder)]
#[serde(rename_all = "camelCase")]
pub struct OidcForwardIdToken {
    /// Header that carries the ID token (non-empty).
    #[builder(setter(into))]
    pub header: String,
    /// Fields this crate does not model, kept verbatim so a read-then-write keeps them.
    #[serde(flatten)]
    #[builder(default)]
    pub extra: BTreeMap<String, Value>,
}

/// The request header that carries the model name; AI Gateway fills it from the request body
/// before routing, so rules match on it.
pub const MODEL_NAME_HEADER: &str = "x-ai-eg-model";

/// API group of the AI Gateway kinds.
pub const AI_GATEWAY_GROUP: &str = "aigateway.envoyproxy.io";

/// API group of the Envoy Gateway kinds (Backend, SecurityPolicy, ...).
pub const ENVOY_GATEWAY_GROUP: &str = "gateway.envoyproxy.io";

/// API group of the Gateway API kinds (Gateway, GatewayClass, HTTPRoute).
pub const GATEWAY_API_GROUP: &str = "gateway.networking.k8s.io";

/// Object metadata with just a name and a namespace, as the convenience constructors write it.
pub(crate) fn object_meta(
    name: &str,
    namespace: &str,
) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
    k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        ..Default::default()
    }
}

impl AiGatewayRouteRule {
    /// A rule that sends requests for one model name to the given AIServiceBackends.
    ///
    /// The single match is the header [`MODEL_NAME_HEADER`] (`x-ai-eg-model`) with type `Exact`
    /// and the model name as value. Each backend is a pair of AIServiceBackend name and optional
    /// `modelNameOverride`. The rule type is shared by `v1alpha1` and `v1beta1`.
    ///
    /// ```
    /// use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    ///
    /// let rule = AiGatewayRouteRule::for_model(
    ///     "qwen3",
    ///     &[("envoy-ai-gateway-nrp-qwen", None), ("qwen-fallback", Some("Qwen/Qwen3-235B"))],
    /// );
    /// let json = serde_json::to_value(&rule).unwrap();
    /// assert_eq!(
    ///     json,
    ///     serde_json::json!({
    ///         "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}]}],
    ///         "backendRefs": [
    ///             {"name": "envoy-ai-gateway-nrp-qwen"},
    ///             {"name": "qwen-fallback", "modelNameOverride": "Qwen/Qwen3-235B"}
    ///         ]
    ///     })
    /// );
    /// ```
    pub fn for_model(model_name: impl Into<String>, backends: &[(&str, Option<&str>)]) -> Self {
        let header = HttpHeaderMatch::builder()
            .r#type(HeaderMatchType::Exact)
            .name(MODEL_NAME_HEADER)
            .value(model_name)
            .build();
        let matches = vec![
            AiGatewayRouteRuleMatch::builder()
                .headers(vec![header])
                .build(),
        ];
        let backend_refs = backends
            .iter()
            .map(|(name, model_override)| AiGatewayRouteRuleBackendRef {
                model_name_override: model_override.map(str::to_owned),
                ..AiGatewayRouteRuleBackendRef::builder().name(*name).build()
            })
            .collect::<Vec<_>>();
        Self::builder()
            .matches(matches)
            .backend_refs(backend_refs)
            .build()
    }

    /// Sets the rule name (AI Gateway 1.1+).
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1beta1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)]).with_name("m-rule");
    /// assert_eq!(rule.name.as_deref(), Some("m-rule"));
    /// ```
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets `timeouts.request`, a Gateway API duration such as `"120s"`.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)]).with_request_timeout("120s");
    /// let json = serde_json::to_value(&rule).unwrap();
    /// assert_eq!(json["timeouts"], serde_json::json!({"request": "120s"}));
    /// ```
    #[must_use]
    pub fn with_request_timeout(mut self, timeout: impl Into<String>) -> Self {
        self.timeouts
            .get_or_insert_with(|| HttpRouteTimeouts::builder().build())
            .request = Some(timeout.into());
        self
    }

    /// Sets `timeouts.backendRequest`, the timeout of one upstream try.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)])
    ///     .with_request_timeout("120s")
    ///     .with_backend_request_timeout("60s");
    /// let timeouts = rule.timeouts.unwrap();
    /// assert_eq!(timeouts.backend_request.as_deref(), Some("60s"));
    /// assert_eq!(timeouts.request.as_deref(), Some("120s"));
    /// ```
    #[must_use]
    pub fn with_backend_request_timeout(mut self, timeout: impl Into<String>) -> Self {
        self.timeouts
            .get_or_insert_with(|| HttpRouteTimeouts::builder().build())
            .backend_request = Some(timeout.into());
        self
    }

    /// Sets `modelsOwnedBy`, the owner the models endpoint reports.
    ///
    /// ```
    /// # use nrp_llm_config::resources::v1alpha1::AiGatewayRouteRule;
    /// let rule = AiGatewayRouteRule::for_model("m", &[("b", None)]).with_models_owned_by("NRP");
    /// assert_eq!(rule.models_owned_by.as_deref(), Some("NRP"));
    /// ```
    #[must_use]
    pub fn with_models_owned_by(mut self, owner: impl Into<String>) -> Self {
        self.models_owned_by = Some(owner.into());
        self
    }
}

impl BackendObjectReference {
    /// A reference to an Envoy Gateway `Backend` in the same namespace, with `group` and `kind`
    /// written out (AI Gateway 0.4+ rejects the reference without them).
    ///
    /// ```
    /// # use nrp_llm_config::resources::common::BackendObjectReference;
    /// let r = BackendObjectReference::envoy_backend("qwen");
    /// assert_eq!(r.group.as_deref(), Some("gateway.envoyproxy.io"));
    /// assert_eq!(r.kind.as_deref(), Some("Backend"));
    /// ```
    pub fn envoy_backend(name: impl Into<String>) -> Self {
        Self::builder()
            .group(ENVOY_GATEWAY_GROUP)
            .kind("Backend")
            .name(name)
            .build()
    }
}

/// Target references to AIServiceBackends (group `aigateway.envoyproxy.io`) by name.
pub(crate) fn ai_service_backend_targets(
    targets: &[&str],
) -> Option<Vec<LocalPolicyTargetReference>> {
    if targets.is_empty() {
        return None;
    }
    Some(
        targets
            .iter()
            .map(|name| {
                LocalPolicyTargetReference::builder()
                    .group(AI_GATEWAY_GROUP)
                    .kind("AIServiceBackend")
                    .name(*name)
                    .build()
            })
            .collect(),
    )
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
