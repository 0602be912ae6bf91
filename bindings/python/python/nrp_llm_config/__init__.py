"""Typed models, validation, catalogs and plans for Envoy AI Gateway configurations.

The Python face of the ``nrp-llm-config`` Rust crate, as run on the National Research Platform:
read the ``models-config/`` folders admins keep in git, check them the way the Kubernetes API
server would (plus the cross-object rules it never checks), compile model catalogs into
objects, and plan the ordered creates, updates and deletes between two states.

>>> import nrp_llm_config as nlc
>>> current = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
>>> desired = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.8", 8000)])
>>> nlc.plan(current, desired).summary
{'create': 0, 'update': 1, 'delete': 0}
"""

from ._nrp_llm_config import (
    AIGatewayRoute,
    AIServiceBackend,
    Backend,
    BackendSecurityPolicy,
    Catalog,
    Change,
    ClientTrafficPolicy,
    ConfigSet,
    EnvoyProxy,
    Gateway,
    GatewayClass,
    HTTPRoute,
    Plan,
    Resource,
    SecurityPolicy,
    ValidationError,
    __version__,
    load,
    plan,
    validate_paths,
)

__all__ = [
    "AIGatewayRoute",
    "AIServiceBackend",
    "Backend",
    "BackendSecurityPolicy",
    "Catalog",
    "Change",
    "ClientTrafficPolicy",
    "ConfigSet",
    "EnvoyProxy",
    "Gateway",
    "GatewayClass",
    "HTTPRoute",
    "Plan",
    "Resource",
    "SecurityPolicy",
    "ValidationError",
    "__version__",
    "load",
    "plan",
    "validate_paths",
]
