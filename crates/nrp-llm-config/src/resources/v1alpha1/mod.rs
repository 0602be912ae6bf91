//! `aigateway.envoyproxy.io/v1alpha1`: the only version served by AI Gateway 0.3–0.5, and a
//! deprecated one from 0.6 on (except for QuotaPolicy, which upstream serves only in this
//! version). Each kind is the union of the fields of every release that serves it.

pub mod ai_gateway_route;
pub mod ai_service_backend;
pub mod backend_security_policy;
pub mod gateway_config;
pub mod mcp_route;
pub mod quota_policy;

pub use ai_gateway_route::{AiGatewayRoute, AiGatewayRouteSpec};
pub use ai_service_backend::{AiServiceBackend, AiServiceBackendSpec};
pub use backend_security_policy::{BackendSecurityPolicy, BackendSecurityPolicySpec};
pub use gateway_config::{GatewayConfig, GatewayConfigSpec};
pub use mcp_route::{McpRoute, McpRouteSpec};
pub use quota_policy::{
    PerModelQuota, QuotaBucketMode, QuotaDefinition, QuotaDuration, QuotaPolicy, QuotaPolicySpec,
    QuotaRule, QuotaValue, ServiceQuotaDefinition,
};

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
