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

import copyreg as _copyreg
from typing import Any as _Any

from . import _nrp_llm_config as _native


def _resource_from_dict(data: dict[str, _Any]) -> Resource:
    return Resource.from_dict(data)


def _reduce_resource(r: Resource) -> tuple[_Any, tuple[dict[str, _Any]]]:
    return (_resource_from_dict, (r.to_dict(),))


def _catalog_from_dict(data: dict[str, _Any]) -> Catalog:
    return Catalog.from_dict(data)


def _reduce_catalog(c: Catalog) -> tuple[_Any, tuple[dict[str, _Any]]]:
    return (_catalog_from_dict, (c.to_dict(),))


# pickle and copy.deepcopy (multiprocessing, joblib caches in notebooks): a Resource travels as
# its dict and comes back as the class of its kind; a Catalog as its dict. ConfigSet and Plan do
# not pickle (a loaded set remembers files and positions): send `to_yaml()` or the paths instead.
for _cls in [c for c in vars(_native).values() if isinstance(c, type) and issubclass(c, Resource)]:
    _copyreg.pickle(_cls, _reduce_resource)
_copyreg.pickle(Catalog, _reduce_catalog)
del _cls

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
