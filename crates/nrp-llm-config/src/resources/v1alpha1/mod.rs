//! `aigateway.envoyproxy.io/v1alpha1`: the only version served by AI Gateway 0.3–0.5, and a
//! deprecated one in 1.1. Each kind is the union of the fields of all four releases.

pub mod ai_gateway_route;
pub mod ai_service_backend;
pub mod backend_security_policy;

pub use ai_gateway_route::{AiGatewayRoute, AiGatewayRouteSpec};
pub use ai_service_backend::{AiServiceBackend, AiServiceBackendSpec};
pub use backend_security_policy::{BackendSecurityPolicy, BackendSecurityPolicySpec};

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
