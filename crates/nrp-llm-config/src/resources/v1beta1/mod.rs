//! `aigateway.envoyproxy.io/v1beta1`: the storage version of AI Gateway 1.1.

pub mod ai_gateway_route;
pub mod ai_service_backend;
pub mod backend_security_policy;

pub use ai_gateway_route::{AiGatewayRoute, AiGatewayRouteSpec};
pub use ai_service_backend::{AiServiceBackend, AiServiceBackendSpec};
pub use backend_security_policy::{
    BackendSecurityPolicy, BackendSecurityPolicySpec, CredentialOverride,
    CredentialOverrideFromDynamicMetadata, CredentialOverrideFromRequestHeaders,
};

pub use super::common::{
    AiGatewayExternalProcessorConfig, AiGatewayFilterConfig, AiGatewayRouteRule,
    AiGatewayRouteRuleBackendRef, AiGatewayRouteRuleMatch, AiGatewayRouteStatus,
    AiServiceBackendStatus, ApiSchemaName, AwsCredentials, AwsCredentialsFile,
    AwsOidcExchangeToken, AzureCredentials, BackendObjectReference, BackendSecurityPolicyApiKey,
    BackendSecurityPolicyOidc, BackendSecurityPolicyStatus, BackendSecurityPolicyType,
    BodyMutation, BodyMutationField, ClusterSettings, FilterConfigType, GcpCredentials,
    GcpCredentialsFile, GcpServiceAccountImpersonation, GcpWorkloadIdentityFederationConfig,
    HeaderMatchType, HeaderMutation, HttpHeader, HttpHeaderMatch, HttpRouteTimeouts,
    LlmRequestCost, LlmRequestCostType, LocalObjectReference, LocalPolicyTargetReference,
    LocalPolicyTargetReferenceWithSectionName, Oidc, OidcCookieConfig, OidcCookieNames,
    OidcDenyRedirect, OidcDenyRedirectHeader, OidcForwardIdToken, OidcProvider, ParentReference,
    ProviderBackendRef, ResourceClaim, ResourceRequirements, SameSite, SecretObjectReference,
    Status, StringMatchType, VersionedApiSchema,
};
