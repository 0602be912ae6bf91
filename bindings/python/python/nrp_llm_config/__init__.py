"""Typed models, validation, catalogs and plans for Envoy AI Gateway configurations.

The Python face of the ``nrp-llm-config`` Rust crate, as run on the National Research Platform:
read the ``models-config/`` folders admins keep in git, check them the way the Kubernetes API
server would (plus the cross-object rules it never checks), compile model catalogs into
objects, plan the ordered creates, updates and deletes between two states, and verify that a
running gateway lists the models a configuration routes.

>>> import nrp_llm_config as nlc
>>> current = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
>>> desired = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.8", 8000)])
>>> nlc.plan(current, desired).summary
{'create': 0, 'update': 1, 'delete': 0}
"""

from ._nrp_llm_config import (
    DEFAULT_RELEASE,
    Catalog,
    Change,
    ConfigSet,
    Folder,
    Plan,
    Resource,
    ValidationError,
    VerifyReport,
    __version__,
    load,
    plan,
    validate_paths,
    verify,
)

import copyreg as _copyreg
from typing import Any as _Any
from typing import Literal as _Literal
from typing import Optional as _Optional
from typing import TypedDict as _TypedDict

from . import _nrp_llm_config as _native
from ._types import *  # noqa: F403  (the generated typed dicts: AIGatewayRouteSpec, ...)
from ._types import CatalogDict


class ErrorDetails(_TypedDict):
    """One problem, as ``ValidationError.errors()``, ``ConfigSet.validate()``,
    ``ConfigSet.problems()``, ``validate_paths()``, ``Resource.validate()`` and
    ``Catalog.check()`` return it (the shape of ``nrp-llm-config validate --output json``).
    A dict at runtime; this class is for annotations.

    >>> import nrp_llm_config as nlc
    >>> problems: list[nlc.ErrorDetails] = nlc.ConfigSet(
    ...     [nlc.AIServiceBackend.openai("q", "nrp-llm", "gone")]).validate()
    >>> sorted(problems[0]) == sorted(nlc.ErrorDetails.__annotations__)
    True
    """

    file: _Optional[str]
    """The file the problem is in; None for objects not read from a file."""
    line: _Optional[int]
    """1-based line of the offending field (or of its object), when known."""
    column: _Optional[int]
    """1-based column of the offending field, when known."""
    kind: _Optional[str]
    """Kind of the object the problem is about; None for file-level problems."""
    namespace: _Optional[str]
    """Namespace of that object; None when cluster-scoped or not known."""
    name: _Optional[str]
    """Name of that object."""
    path: str
    """Field path inside the object, kubectl style (``spec.rules[0].name``); empty for the
    whole object or file."""
    code: str
    """Stable snake_case identifier of the rule (``invalid_reference``, ...)."""
    severity: _Literal["error", "warning"]
    """``"error"`` (must not be applied) or ``"warning"``."""
    message: str
    """What is wrong."""
    hint: _Optional[str]
    """How to fix it, when there is a suggestion."""


class PlanStep(_TypedDict):
    """One apply or delete of ``Plan.steps``, in the order the plan runs them (the shape of
    the ``steps`` of ``nrp-llm-config plan --output json``). A dict at runtime; this class is
    for annotations.

    >>> import nrp_llm_config as nlc
    >>> cur = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
    >>> new = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.8", 8000)])
    >>> steps: list[nlc.PlanStep] = nlc.plan(cur, new).steps
    >>> [(s["phase"], s["action"], s["name"], s["transitional"]) for s in steps]
    [('prepare', 'update', 'b', False)]
    """

    phase: str
    """``"prepare"``, ``"switch"``, ``"finish"`` or ``"delete"``."""
    change: int
    """Index of the change in ``Plan.changes``."""
    action: str
    """The change's action: ``"create"``, ``"update"`` or ``"delete"``."""
    group: str
    """API group of the object."""
    kind: str
    """Kind of the object."""
    namespace: _Optional[str]
    """Namespace of the object."""
    name: str
    """Name of the object."""
    transitional: bool
    """True when the step applies the change's ``transitional`` form, False for its desired
    form (or the delete)."""



def _resource_from_dict(data: dict[str, _Any]) -> Resource:
    return Resource.from_dict(data)


def _reduce_resource(r: Resource) -> tuple[_Any, tuple[dict[str, _Any]]]:
    return (_resource_from_dict, (r.to_dict(),))


def _catalog_from_dict(data: CatalogDict) -> Catalog:
    return Catalog.from_dict(data)


def _reduce_catalog(c: Catalog) -> tuple[_Any, tuple[CatalogDict]]:
    return (_catalog_from_dict, (c.to_dict(),))


# pickle and copy.deepcopy (multiprocessing, joblib caches in notebooks): a Resource travels as
# its dict and comes back as the class of its kind; a Catalog as its dict. ConfigSet and Plan do
# not pickle (a loaded set remembers files and positions): send `to_yaml()` or the paths instead.
for _cls in [c for c in vars(_native).values() if isinstance(c, type) and issubclass(c, Resource)]:
    _copyreg.pickle(_cls, _reduce_resource)
_copyreg.pickle(Catalog, _reduce_catalog)
del _cls

__all__ = [
    "DEFAULT_RELEASE",
    "Catalog",
    "Change",
    "ConfigSet",
    "ErrorDetails",
    "Folder",
    "Plan",
    "PlanStep",
    "Resource",
    "ValidationError",
    "VerifyReport",
    "__version__",
    "load",
    "plan",
    "validate_paths",
    "verify",
]
# --- generated by `cargo xtask gen-py-types` (kind classes, typed dict names): do not edit below ---
from ._nrp_llm_config import (
    AIGatewayRoute,
    AIServiceBackend,
    BackendSecurityPolicy,
    MCPRoute,
    GatewayConfig,
    QuotaPolicy,
    Backend,
    SecurityPolicy,
    ClientTrafficPolicy,
    BackendTrafficPolicy,
    EnvoyProxy,
    Gateway,
    GatewayClass,
    HTTPRoute,
)

__all__ += [
    "AIGatewayRoute",
    "AIServiceBackend",
    "BackendSecurityPolicy",
    "MCPRoute",
    "GatewayConfig",
    "QuotaPolicy",
    "Backend",
    "SecurityPolicy",
    "ClientTrafficPolicy",
    "BackendTrafficPolicy",
    "EnvoyProxy",
    "Gateway",
    "GatewayClass",
    "HTTPRoute",
    "ManagedFieldsEntry",
    "OwnerReference",
    "ObjectMeta",
    "LocalPolicyTargetReferenceWithSectionName",
    "ParentReference",
    "ApiSchemaName",
    "VersionedApiSchema",
    "HeaderMatchType",
    "HttpHeaderMatch",
    "AIGatewayRouteRuleMatch",
    "HttpHeader",
    "HeaderMutation",
    "BodyMutationField",
    "BodyMutation",
    "AIGatewayRouteRuleBackendRef",
    "HTTPRouteTimeouts",
    "AIGatewayRouteRule",
    "FilterConfigType",
    "ResourceClaim",
    "ResourceRequirements",
    "AiGatewayExternalProcessorConfig",
    "AiGatewayFilterConfig",
    "LlmRequestCostType",
    "LlmRequestCost",
    "AIGatewayRouteSpec",
    "AIGatewayRouteDict",
    "AIGatewayRouteSpecV1beta1",
    "AIGatewayRouteDictV1beta1",
    "BackendObjectReference",
    "LocalObjectReference",
    "AIServiceBackendSpec",
    "AIServiceBackendDict",
    "AIServiceBackendSpecV1beta1",
    "AIServiceBackendDictV1beta1",
    "LocalPolicyTargetReference",
    "BackendSecurityPolicyType",
    "SecretObjectReference",
    "BackendSecurityPolicyApiKey",
    "AwsCredentialsFile",
    "ProviderBackendRef",
    "ClusterSettings",
    "OidcProvider",
    "OidcCookieNames",
    "SameSite",
    "OidcCookieConfig",
    "StringMatchType",
    "OidcDenyRedirectHeader",
    "OidcDenyRedirect",
    "OidcForwardIdToken",
    "Oidc",
    "AwsOidcExchangeToken",
    "AwsCredentials",
    "BackendSecurityPolicyOidc",
    "AzureCredentials",
    "GcpCredentialsFile",
    "GcpServiceAccountImpersonation",
    "GcpWorkloadIdentityFederationConfig",
    "GcpCredentials",
    "BackendSecurityPolicySpec",
    "BackendSecurityPolicyDict",
    "CredentialOverrideFromDynamicMetadata",
    "CredentialOverrideFromRequestHeaders",
    "CredentialOverride",
    "BackendSecurityPolicySpecV1beta1",
    "BackendSecurityPolicyDictV1beta1",
    "McpToolFilter",
    "McpBackendApiKey",
    "McpBackendSecurityPolicy",
    "McpHeaderForward",
    "MCPRouteBackendRef",
    "RemoteJwks",
    "LocalJwksType",
    "LocalJwks",
    "Jwks",
    "ProtectedResourceMetadata",
    "ClaimToHeader",
    "MCPRouteOAuth",
    "ExtractFrom",
    "ApiKeyAuth",
    "GrpcExtAuthService",
    "HttpExtAuthService",
    "BodyToExtAuth",
    "ContextExtensionValueType",
    "LocalObjectKeyReference",
    "ContextExtension",
    "ExtAuth",
    "AuthorizationAction",
    "JwtClaimValueType",
    "JwtClaim",
    "McpJwtSource",
    "McpAuthorizationSource",
    "McpToolCall",
    "McpAuthorizationTarget",
    "MCPRouteAuthorizationRule",
    "MCPRouteAuthorization",
    "MCPRouteSecurityPolicy",
    "McpBackendSelectorRule",
    "McpBackendSelector",
    "MCPRouteSpec",
    "MCPRouteDict",
    "MCPRouteSpecV1beta1",
    "MCPRouteDictV1beta1",
    "ObjectFieldSelector",
    "ResourceFieldSelector",
    "KeySelector",
    "FileKeySelector",
    "EnvVarSource",
    "EnvVar",
    "Capabilities",
    "SeLinuxOptions",
    "WindowsSecurityContextOptions",
    "SecurityProfile",
    "SecurityContext",
    "VolumeMount",
    "KubernetesContainerSpec",
    "GatewayConfigExtProc",
    "GatewayConfigForwardProxy",
    "GatewayConfigSpec",
    "GatewayConfigDict",
    "GatewayConfigSpecV1beta1",
    "GatewayConfigDictV1beta1",
    "QuotaDuration",
    "QuotaValue",
    "ServiceQuotaDefinition",
    "QuotaBucketMode",
    "ClientMatchType",
    "ClientHeaderMatch",
    "HttpMethod",
    "ClientMethodMatch",
    "PathMatchType",
    "ClientPathMatch",
    "SourceMatchType",
    "ClientSourceMatch",
    "ClientQueryParamMatch",
    "ClientSelector",
    "QuotaRule",
    "QuotaDefinition",
    "PerModelQuota",
    "QuotaPolicySpec",
    "QuotaPolicyDict",
    "BackendType",
    "FqdnEndpoint",
    "IpEndpoint",
    "UnixSocket",
    "BackendEndpoint",
    "AppProtocolType",
    "TlsVersion",
    "TlsFingerprintType",
    "BackendTls",
    "BackendSpec",
    "BackendDict",
    "LabelSelectorRequirement",
    "TargetSelector",
    "BasicAuth",
    "Cors",
    "SecurityPolicySpec",
    "SecurityPolicyDict",
    "HttpClientTimeout",
    "TcpClientTimeout",
    "ClientTimeout",
    "ClientTrafficPolicySpec",
    "ClientTrafficPolicyDict",
    "LoadBalancerType",
    "ConsistentHashType",
    "HashName",
    "HashCookie",
    "ConsistentHash",
    "SlowStart",
    "LoadBalancer",
    "RetryOn",
    "BackOffPolicy",
    "PerRetryPolicy",
    "Retry",
    "PerEndpointCircuitBreakers",
    "Fraction",
    "RetryBudget",
    "CircuitBreaker",
    "TcpBackendTimeout",
    "HttpBackendTimeout",
    "BackendTimeout",
    "RateLimitType",
    "RateLimitUnit",
    "RateLimitValue",
    "RateLimitCostFrom",
    "RateLimitCostMetadata",
    "RateLimitCostSpecifier",
    "RateLimitCost",
    "RateLimitRule",
    "GlobalRateLimit",
    "LocalRateLimit",
    "RateLimitSpec",
    "BackendTrafficPolicySpec",
    "BackendTrafficPolicyDict",
    "ProviderType",
    "EnvoyProxyProvider",
    "EnvoyProxySpec",
    "EnvoyProxyDict",
    "ListenerProtocol",
    "TlsMode",
    "ListenerTls",
    "FromNamespaces",
    "LabelSelector",
    "RouteNamespaces",
    "RouteGroupKind",
    "AllowedRoutes",
    "Listener",
    "GatewayAddress",
    "GatewayInfrastructure",
    "GatewaySpec",
    "GatewayDict",
    "ParametersReference",
    "GatewayClassSpec",
    "GatewayClassDict",
    "HttpPathMatch",
    "HttpQueryParamMatch",
    "HTTPRouteMatch",
    "HTTPRouteFilterType",
    "HttpHeaderFilter",
    "HTTPRouteFilter",
    "HttpBackendRef",
    "HTTPRouteRule",
    "HTTPRouteSpec",
    "HTTPRouteDict",
    "CatalogParentRef",
    "CatalogLlmRequestCost",
    "CatalogAiGatewayVersion",
    "CatalogGateway",
    "CatalogApiKey",
    "CatalogEndpoint",
    "CatalogBackendSpec",
    "CatalogModelBackendObject",
    "CatalogModelBackend",
    "CatalogQuota",
    "CatalogModel",
    "CatalogDict",
]
# --- end of generated kind classes and typed dict names ---
