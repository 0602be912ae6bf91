//! `aigateway.envoyproxy.io/v1beta1`: the storage version from AI Gateway 0.6 on (QuotaPolicy
//! excepted, which upstream serves only as `v1alpha1`).

pub mod ai_gateway_route;
pub mod ai_service_backend;
pub mod backend_security_policy;
pub mod gateway_config;
pub mod mcp_route;

pub use ai_gateway_route::{AiGatewayRoute, AiGatewayRouteSpec};
pub use ai_service_backend::{AiServiceBackend, AiServiceBackendSpec};
pub use backend_security_policy::{
    BackendSecurityPolicy, BackendSecurityPolicySpec, CredentialOverride,
    CredentialOverrideFromDynamicMetadata, CredentialOverrideFromRequestHeaders,
};
pub use gateway_config::{GatewayConfig, GatewayConfigSpec};
pub use mcp_route::{McpRoute, McpRouteSpec};

pub use super::common::{
    AiGatewayExternalProcessorConfig, AiGatewayFilterConfig, AiGatewayRouteRule,
    AiGatewayRouteRuleBackendRef, AiGatewayRouteRuleMatch, AiGatewayRouteStatus,
    AiServiceBackendStatus, ApiSchemaName, AuthorizationAction, AwsCredentials, AwsCredentialsFile,
    AwsOidcExchangeToken, AzureCredentials, BackendObjectReference, BackendSecurityPolicyApiKey,
    BackendSecurityPolicyOidc, BackendSecurityPolicyStatus, BackendSecurityPolicyType,
    BodyMutation, BodyMutationField, BodyToExtAuth, Capabilities, ClaimToHeader, ClusterSettings,
    ContextExtension, ContextExtensionValueType, EnvVar, EnvVarSource, ExtAuth, FileKeySelector,
    FilterConfigType, GatewayConfigExtProc, GatewayConfigForwardProxy, GatewayConfigStatus,
    GcpCredentials, GcpCredentialsFile, GcpServiceAccountImpersonation,
    GcpWorkloadIdentityFederationConfig, GrpcExtAuthService, HeaderMatchType, HeaderMutation,
    HttpExtAuthService, HttpHeader, HttpHeaderMatch, HttpRouteTimeouts, Jwks, JwtClaim,
    JwtClaimValueType, KeySelector, KubernetesContainerSpec, LlmRequestCost, LlmRequestCostType,
    LocalJwks, LocalJwksType, LocalObjectKeyReference, LocalObjectReference,
    LocalPolicyTargetReference, LocalPolicyTargetReferenceWithSectionName, McpAuthorizationSource,
    McpAuthorizationTarget, McpBackendApiKey, McpBackendSecurityPolicy, McpBackendSelector,
    McpBackendSelectorRule, McpHeaderForward, McpJwtSource, McpRouteAuthorization,
    McpRouteAuthorizationRule, McpRouteBackendRef, McpRouteOAuth, McpRouteSecurityPolicy,
    McpRouteStatus, McpToolCall, McpToolFilter, ObjectFieldSelector, Oidc, OidcCookieConfig,
    OidcCookieNames, OidcDenyRedirect, OidcDenyRedirectHeader, OidcForwardIdToken, OidcProvider,
    ParentReference, ProtectedResourceMetadata, ProviderBackendRef, RemoteJwks, ResourceClaim,
    ResourceFieldSelector, ResourceRequirements, SameSite, SeLinuxOptions, SecretObjectReference,
    SecurityContext, SecurityProfile, Status, StringMatchType, VersionedApiSchema, VolumeMount,
    WindowsSecurityContextOptions,
};
