//! Types shared by both AI Gateway API versions: references, mutations, rule pieces, credentials
//! and the string enums that keep unknown values.
//!
//! In AI Gateway v1.1.0 the nested types of `v1alpha1` and `v1beta1` are the same, so each is
//! written once here and re-exported by [`super::v1alpha1`] and [`super::v1beta1`]. Each type is the
//! union of the fields of every supported release.
//!
//! One file per concept: [constants](MODEL_NAME_HEADER) (header name, API groups), the status
//! and metadata (`meta.rs`), the API schema (`schema.rs`), route rule pieces (`route_rule.rs`),
//! the v1alpha1 filter settings (`filter.rs`), credentials (`credentials.rs`), OIDC
//! (`oidc.rs`) and reference constructors (`references.rs`). Everything is re-exported here,
//! together with the Gateway API reference shapes the AI Gateway kinds embed.

mod constants;
mod credentials;
mod filter;
mod meta;
mod oidc;
mod references;
mod route_rule;
mod schema;

pub use super::gateway_api::{
    BackendObjectReference, HeaderMatchType, HttpHeader, HttpHeaderMatch, HttpRouteTimeouts,
    LocalObjectReference, LocalPolicyTargetReference, LocalPolicyTargetReferenceWithSectionName,
    ParentReference, SecretObjectReference,
};
pub use constants::{
    AI_GATEWAY_GROUP, DEFAULT_MODELS_OWNER, ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP,
    MODEL_NAME_HEADER,
};
pub(crate) use credentials::api_key_block;
pub use credentials::{
    AwsCredentials, AwsCredentialsFile, AwsOidcExchangeToken, AzureCredentials,
    BackendSecurityPolicyApiKey, BackendSecurityPolicyType, GcpCredentials, GcpCredentialsFile,
    GcpServiceAccountImpersonation, GcpWorkloadIdentityFederationConfig,
};
pub use filter::{
    AiGatewayExternalProcessorConfig, AiGatewayFilterConfig, FilterConfigType, ResourceClaim,
    ResourceRequirements,
};
pub(crate) use meta::object_meta;
pub use meta::{AiGatewayRouteStatus, AiServiceBackendStatus, BackendSecurityPolicyStatus, Status};
pub use oidc::{
    BackendSecurityPolicyOidc, ClusterSettings, Oidc, OidcCookieConfig, OidcCookieNames,
    OidcDenyRedirect, OidcDenyRedirectHeader, OidcForwardIdToken, OidcProvider, ProviderBackendRef,
    SameSite, StringMatchType,
};
pub(crate) use references::ai_service_backend_targets;
pub use route_rule::{
    AiGatewayRouteRule, AiGatewayRouteRuleBackendRef, AiGatewayRouteRuleMatch, BodyMutation,
    BodyMutationField, HeaderMutation, LlmRequestCost, LlmRequestCostType,
};
pub use schema::{ApiSchemaName, VersionedApiSchema};
