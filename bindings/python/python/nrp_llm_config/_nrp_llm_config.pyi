"""Type stubs of the native module ``nrp_llm_config._nrp_llm_config`` (hand-written)."""

import os
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Optional, Union, final

from typing_extensions import Self, disjoint_base

from nrp_llm_config import ErrorDetails, PlanStep

__version__: str
DEFAULT_RELEASE: str
__all__ = [
    "DEFAULT_RELEASE",
    "AIGatewayRoute",
    "AIServiceBackend",
    "Backend",
    "BackendSecurityPolicy",
    "BackendTrafficPolicy",
    "Catalog",
    "Change",
    "ClientTrafficPolicy",
    "ConfigSet",
    "EnvoyProxy",
    "Gateway",
    "GatewayClass",
    "GatewayConfig",
    "HTTPRoute",
    "MCPRoute",
    "Plan",
    "QuotaPolicy",
    "Resource",
    "SecurityPolicy",
    "ValidationError",
    "VerifyReport",
    "__version__",
    "load",
    "plan",
    "validate_paths",
    "verify",
]

_StrPath = Union[str, os.PathLike[str]]
_JsonDict = dict[str, Any]

class ValidationError(ValueError):
    """Raised where an operation needs valid input; ``errors()`` lists every problem."""

    def __init__(self, message: str, errors: Iterable[ErrorDetails] = ()) -> None: ...
    def errors(self) -> list[ErrorDetails]:
        """Every problem as a dict: file, line, column, kind, namespace, name, path, code,
        severity, message, hint."""

@disjoint_base
class Resource:
    """Any Kubernetes object; the modelled kinds are subclasses."""

    @classmethod
    def from_dict(cls, data: _JsonDict) -> Self: ...
    @classmethod
    def from_yaml(cls, text: str, file: str = "<string>") -> Self: ...
    def to_dict(self) -> _JsonDict: ...
    def to_yaml(self) -> str: ...
    def validate(self, release: Optional[str] = None) -> list[ErrorDetails]: ...
    @property
    def api_version(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> Optional[str]: ...
    @property
    def namespace(self) -> Optional[str]: ...
    @property
    def metadata(self) -> _JsonDict: ...
    @property
    def spec(self) -> Optional[_JsonDict]: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class AIGatewayRoute(Resource):
    """An AIGatewayRoute (aigateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class AIServiceBackend(Resource):
    """An AIServiceBackend (aigateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...
    @staticmethod
    def openai(name: str, namespace: str, backend: str) -> AIServiceBackend: ...

@final
class BackendSecurityPolicy(Resource):
    """A BackendSecurityPolicy (aigateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...
    @staticmethod
    def api_key(
        name: str,
        namespace: str,
        secret: str,
        targets: list[str],
        secret_namespace: Optional[str] = None,
    ) -> BackendSecurityPolicy: ...

@final
class MCPRoute(Resource):
    """An MCPRoute (aigateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class GatewayConfig(Resource):
    """A GatewayConfig (aigateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class QuotaPolicy(Resource):
    """A QuotaPolicy (aigateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...
    @staticmethod
    def per_model(
        name: str,
        namespace: str,
        backend: str,
        model: str,
        limit: int,
        duration: str,
    ) -> QuotaPolicy: ...

@final
class Backend(Resource):
    """A Backend (gateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...
    @staticmethod
    def fqdn(name: str, namespace: str, hostname: str, port: int) -> Backend: ...
    @staticmethod
    def ip(name: str, namespace: str, address: str, port: int) -> Backend: ...

@final
class SecurityPolicy(Resource):
    """A SecurityPolicy (gateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class ClientTrafficPolicy(Resource):
    """A ClientTrafficPolicy (gateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class BackendTrafficPolicy(Resource):
    """A BackendTrafficPolicy (gateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class EnvoyProxy(Resource):
    """An EnvoyProxy (gateway.envoyproxy.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class Gateway(Resource):
    """A Gateway (gateway.networking.k8s.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class GatewayClass(Resource):
    """A GatewayClass (gateway.networking.k8s.io, cluster-scoped)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class HTTPRoute(Resource):
    """An HTTPRoute (gateway.networking.k8s.io)."""

    KIND: ClassVar[str]
    GROUP: ClassVar[str]
    DEFAULT_API_VERSION: ClassVar[str]
    def __new__(
        cls,
        name: str,
        namespace: Optional[str] = None,
        spec: Optional[_JsonDict] = None,
        *,
        api_version: Optional[str] = None,
        labels: Optional[dict[str, str]] = None,
        annotations: Optional[dict[str, str]] = None,
    ) -> Self: ...

@final
class ConfigSet:
    """A set of objects indexed by identity; iterating yields dicts."""

    def __new__(cls, objects: Optional[Iterable[Union[Resource, _JsonDict]]] = None) -> Self: ...
    @classmethod
    def from_yaml(cls, text: str, file: str = "<string>") -> ConfigSet: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_JsonDict]: ...
    def objects(self) -> list[_JsonDict]: ...
    def resources(self) -> list[Resource]: ...
    def get(self, kind: str, name: str, namespace: Optional[str] = None) -> Optional[_JsonDict]: ...
    def add(self, object: Union[Resource, _JsonDict]) -> bool: ...
    def problems(self) -> list[ErrorDetails]: ...
    def validate(self, release: Optional[str] = None) -> list[ErrorDetails]: ...
    def check(self, release: Optional[str] = None) -> None: ...
    def to_yaml(self) -> str: ...
    def write(self, path: _StrPath, current: Optional[ConfigSet] = None) -> dict[str, list[str]]: ...

def load(*paths: _StrPath) -> ConfigSet:
    """Reads files, folders, ``kind: List`` dumps, catalog files and ``git:REV:PATH`` specs
    into a ConfigSet."""

def validate_paths(*paths: _StrPath, release: Optional[str] = None) -> list[ErrorDetails]:
    """Validates files and folders file by file, without keeping them in memory."""

@final
class Catalog:
    """A model catalog: models, backends and gateway defaults."""

    def __new__(
        cls,
        *,
        gateway: _JsonDict,
        backends: Optional[list[_JsonDict]] = None,
        models: Optional[list[_JsonDict]] = None,
        extra_objects: Optional[list[_JsonDict]] = None,
    ) -> Self: ...
    @staticmethod
    def load(path: _StrPath) -> Catalog: ...
    @staticmethod
    def from_yaml(text: str, file: str = "<string>") -> Catalog: ...
    @staticmethod
    def from_dict(data: _JsonDict) -> Catalog: ...
    @staticmethod
    def from_config(config: ConfigSet) -> Catalog: ...
    @staticmethod
    def import_config(config: ConfigSet) -> tuple[Catalog, list[ErrorDetails]]: ...
    @staticmethod
    def json_schema() -> _JsonDict: ...
    def to_dict(self) -> _JsonDict: ...
    def to_yaml(self) -> str: ...
    @property
    def gateway(self) -> _JsonDict: ...
    @property
    def backends(self) -> list[_JsonDict]: ...
    @property
    def models(self) -> list[_JsonDict]: ...
    @property
    def extra_objects(self) -> list[_JsonDict]: ...
    def model(self, name: str) -> Optional[_JsonDict]: ...
    def add_model(
        self,
        name: str,
        backends: list[Union[str, _JsonDict]],
        *,
        upstream: Optional[str] = None,
        owner: Optional[str] = None,
        timeout: Optional[str] = None,
        route: Optional[str] = None,
    ) -> Optional[_JsonDict]: ...
    def remove_model(self, name: str) -> bool: ...
    def add_backend(
        self,
        name: str,
        endpoint: _JsonDict,
        *,
        schema: Optional[str] = None,
        schema_version: Optional[str] = None,
        api_key_secret: Optional[str] = None,
    ) -> Optional[_JsonDict]: ...
    def remove_backend(self, name: str) -> bool: ...
    def check(self) -> list[ErrorDetails]: ...
    def compile(
        self, current: Optional[ConfigSet] = None, release: Optional[str] = None
    ) -> ConfigSet: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class Change:
    """One create, update or delete of a plan."""

    @property
    def action(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def namespace(self) -> Optional[str]: ...
    @property
    def name(self) -> str: ...
    @property
    def api_version(self) -> str: ...
    @property
    def details(self) -> list[_JsonDict]: ...
    @property
    def desired(self) -> Optional[_JsonDict]: ...
    @property
    def phase(self) -> str: ...
    @property
    def transitional(self) -> Optional[_JsonDict]: ...
    @property
    def notes(self) -> list[str]: ...

@final
class Plan:
    """The ordered changes from a current to a desired state."""

    @property
    def changes(self) -> list[Change]: ...
    @property
    def steps(self) -> list[PlanStep]: ...
    @property
    def left_alone(self) -> list[dict[str, Any]]: ...
    @property
    def ownership_unknown(self) -> list[dict[str, Any]]: ...
    @property
    def summary(self) -> dict[str, int]: ...
    def to_text(self, color: bool = False) -> str: ...
    def to_json(self, indent: Optional[int] = 2) -> str: ...
    def to_dict(self) -> _JsonDict: ...
    def to_kubectl(self) -> str: ...
    def to_markdown(self) -> str: ...
    def _repr_html_(self) -> str: ...
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...

def plan(
    current: Union[ConfigSet, _StrPath],
    desired: Union[ConfigSet, Catalog, _StrPath],
    *,
    release: Optional[str] = None,
    allow_empty: bool = False,
    applyset: Optional[str] = None,
    adopt: bool = False,
    namespace: Optional[str] = None,
    allow_mass_delete: bool = False,
) -> Plan:
    """Plans current -> desired for AI Gateway ``release``."""

@final
class VerifyReport:
    """What ``verify()`` found: missing, extra and wrong-owner models, and the probes."""

    @property
    def ok(self) -> bool: ...
    @property
    def findings(self) -> list[dict[str, Any]]: ...
    @property
    def probes(self) -> Optional[list[dict[str, Any]]]: ...
    @property
    def summary(self) -> dict[str, int]: ...
    def to_text(self) -> str: ...
    def to_dict(self) -> _JsonDict: ...

def verify(
    desired: Union[ConfigSet, Catalog, _StrPath],
    gateway: str,
    *,
    api_key_env: Optional[str] = None,
    probe: bool = False,
    timeout: float = 10.0,
    parent: Optional[str] = None,
    embedding_models: Optional[list[str]] = None,
) -> VerifyReport:
    """Compares a gateway's ``/v1/models`` with the models ``desired`` routes."""
