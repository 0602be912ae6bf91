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
//! (`oidc.rs`), reference constructors (`references.rs`), MCPRoute pieces (`mcp_route.rs`) and
//! the Envoy Gateway authentication types they embed (`envoy_auth.rs`), and GatewayConfig
//! pieces (`gateway_config.rs`) with the container settings they embed (`container.rs`). Everything is re-exported here,
//! together with the Gateway API reference shapes the AI Gateway kinds embed.

mod constants;
mod container;
mod credentials;
mod envoy_auth;
mod filter;
mod gateway_config;
mod mcp_route;
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
pub use container::{
    Capabilities, EnvVar, EnvVarSource, FileKeySelector, KeySelector, KubernetesContainerSpec,
    ObjectFieldSelector, ResourceFieldSelector, SeLinuxOptions, SecurityContext, SecurityProfile,
    VolumeMount, WindowsSecurityContextOptions,
};
pub(crate) use credentials::api_key_block;
pub use credentials::{
    AwsCredentials, AwsCredentialsFile, AwsOidcExchangeToken, AzureCredentials,
    BackendSecurityPolicyApiKey, BackendSecurityPolicyType, GcpCredentials, GcpCredentialsFile,
    GcpServiceAccountImpersonation, GcpWorkloadIdentityFederationConfig,
};
pub use envoy_auth::{
    AuthorizationAction, BodyToExtAuth, ClaimToHeader, ContextExtension, ContextExtensionValueType,
    ExtAuth, GrpcExtAuthService, HttpExtAuthService, JwtClaim, JwtClaimValueType, LocalJwks,
    LocalJwksType, LocalObjectKeyReference, RemoteJwks,
};
pub use filter::{
    AiGatewayExternalProcessorConfig, AiGatewayFilterConfig, FilterConfigType, ResourceClaim,
    ResourceRequirements,
};
pub use gateway_config::{GatewayConfigExtProc, GatewayConfigForwardProxy};
pub use mcp_route::{
    Jwks, McpAuthorizationSource, McpAuthorizationTarget, McpBackendApiKey,
    McpBackendSecurityPolicy, McpBackendSelector, McpBackendSelectorRule, McpHeaderForward,
    McpJwtSource, McpRouteAuthorization, McpRouteAuthorizationRule, McpRouteBackendRef,
    McpRouteOAuth, McpRouteSecurityPolicy, McpToolCall, McpToolFilter, ProtectedResourceMetadata,
};
pub(crate) use meta::object_meta;
pub use meta::{
    AiGatewayRouteStatus, AiServiceBackendStatus, BackendSecurityPolicyStatus, GatewayConfigStatus,
    McpRouteStatus, QuotaPolicyStatus, Status,
};
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
