"""Hand-written stubs of the kind classes' helper methods (the methods beyond the constructor and
``from_dict`` that every kind has).

``cargo xtask gen-py-types`` generates the kind classes of ``_nrp_llm_config.pyi`` from the
library's kind table and copies the body of each class below into the class of the same name;
only the class bodies are copied, so the imports here just keep this file a valid stub. The
classes must be named after kinds of the table.
"""

from collections.abc import Sequence
from typing import Literal, Optional, Union

from nrp_llm_config._types import AIGatewayRouteRule, AIGatewayRouteRuleBackendRef, PerModelQuota

class AIGatewayRoute:
    @staticmethod
    def rule(
        model: str,
        backends: Sequence[Union[str, AIGatewayRouteRuleBackendRef]],
        *,
        override: Optional[str] = None,
        timeout: Optional[str] = None,
        owner: Optional[str] = None,
        name: Optional[str] = None,
    ) -> AIGatewayRouteRule: ...
    @staticmethod
    def backend_ref(
        name: str,
        *,
        weight: Optional[int] = None,
        priority: Optional[int] = None,
        override: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> AIGatewayRouteRuleBackendRef: ...

class AIServiceBackend:
    @staticmethod
    def openai(name: str, namespace: str, backend: str) -> AIServiceBackend: ...

class BackendSecurityPolicy:
    @staticmethod
    def api_key(
        name: str,
        namespace: str,
        secret: str,
        targets: list[str],
        secret_namespace: Optional[str] = None,
    ) -> BackendSecurityPolicy: ...

class Backend:
    @staticmethod
    def fqdn(name: str, namespace: str, hostname: str, port: int) -> Backend: ...
    @staticmethod
    def ip(name: str, namespace: str, address: str, port: int) -> Backend: ...

class QuotaPolicy:
    @staticmethod
    def per_model(
        name: str,
        namespace: str,
        backend: str,
        model: str,
        limit: int,
        duration: str,
    ) -> QuotaPolicy: ...
    @staticmethod
    def quota(
        model: str,
        limit: int,
        duration: Literal["1s", "1m", "1h", "1d"],
        *,
        cost: Optional[str] = None,
        per_client: Optional[str] = None,
    ) -> PerModelQuota: ...
