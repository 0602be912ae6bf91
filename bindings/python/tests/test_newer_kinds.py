"""The classes of the kinds added with AI Gateway 0.4–0.6 (MCPRoute, GatewayConfig, QuotaPolicy)
and Envoy Gateway's BackendTrafficPolicy (core module `resources`)."""

from __future__ import annotations

import pytest

import nrp_llm_config as nlc

GW_REF = {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "envoy-ai-gateway-nrp"}
AI = "aigateway.envoyproxy.io"
EG = "gateway.envoyproxy.io"


def test_quota_policy() -> None:
    q = nlc.QuotaPolicy.per_model("qwen-quota", "nrp-llm", "envoy-ai-gateway-nrp-qwen", "qwen3", 100000, "1h")
    assert type(q) is nlc.QuotaPolicy
    assert (q.KIND, q.GROUP, q.api_version) == ("QuotaPolicy", AI, f"{AI}/v1alpha1")
    assert q.to_dict()["spec"] == {
        "targetRefs": [{"group": AI, "kind": "AIServiceBackend", "name": "envoy-ai-gateway-nrp-qwen"}],
        "perModelQuotas": [{"modelName": "qwen3", "quota": {"defaultBucket": {"limit": 100000, "duration": "1h"}}}],
    }
    assert q.validate() == []
    # The keyword constructor builds the same object from the YAML shape.
    assert nlc.QuotaPolicy("qwen-quota", "nrp-llm", q.spec) == q
    # A duration outside the enum of v0.7+ is kept by the model and rejected by validation
    # (v0.6 took any text, and wanted `mode`).
    long = nlc.QuotaPolicy("q", "nrp-llm", {"perModelQuotas": [
        {"modelName": "m", "quota": {"mode": "Shared", "defaultBucket": {"limit": 5, "duration": "2h"}}}]})
    assert [e["path"] for e in long.validate()] == ["spec.perModelQuotas[0].quota.defaultBucket.duration"]
    assert long.validate(release="v0.6") == []
    # A text limit is a type error, with its path.
    with pytest.raises(nlc.ValidationError) as e:
        nlc.QuotaPolicy("q", "nrp-llm", {"perModelQuotas": [
            {"modelName": "m", "quota": {"defaultBucket": {"limit": "lots", "duration": "1h"}}}]})
    assert e.value.errors()[0]["path"] == "spec.perModelQuotas[0].quota.defaultBucket.limit"
    # QuotaPolicy has no v1beta1: such an object is read as written, and validation says so.
    other = nlc.Resource.from_dict({**q.to_dict(), "apiVersion": f"{AI}/v1beta1"})
    assert other.spec == q.spec
    assert [e["code"] for e in other.validate()] == ["unsupported_version"]


def test_mcp_route() -> None:
    backend = {"group": EG, "kind": "Backend", "name": "github", "path": "/mcp/readonly",
               "toolSelector": {"includeRegex": [".*issues?.*"]},
               "securityPolicy": {"apiKey": {"secretRef": {"name": "github-token"}}}}
    spec = {"parentRefs": [GW_REF], "backendRefs": [backend]}
    for version in ("v1alpha1", "v1beta1"):
        m = nlc.MCPRoute("mcp-tools", "nrp-llm", spec, api_version=f"{AI}/{version}")
        assert type(m) is nlc.MCPRoute
        assert m.api_version == f"{AI}/{version}"
        assert m.spec == spec
        assert m.validate() == []
        assert nlc.Resource.from_yaml(m.to_yaml()) == m
    assert nlc.MCPRoute.DEFAULT_API_VERSION == f"{AI}/v1alpha1"
    # backendRefs is required.
    with pytest.raises(nlc.ValidationError, match="backendRefs"):
        nlc.MCPRoute("m", "nrp-llm", {"parentRefs": [GW_REF]})
    # The API server's rules apply: two backends with one name.
    twice = nlc.MCPRoute("m", "nrp-llm", {"parentRefs": [GW_REF], "backendRefs": [backend, backend]})
    assert [e["path"] for e in twice.validate()] == ["spec.backendRefs"]


def test_gateway_config() -> None:
    g = nlc.GatewayConfig("envoy-ai-gateway-nrp", "nrp-llm", {})
    assert type(g) is nlc.GatewayConfig
    assert g.validate() == []
    spec = {
        "extProc": {"kubernetes": {"env": [{"name": "LOG_LEVEL", "value": "debug"}],
                                   "resources": {"limits": {"cpu": "1", "memory": "512Mi"}}}},
        "globalLLMRequestCosts": [{"metadataKey": "llm_total_token", "type": "TotalToken"}],
    }
    g2 = nlc.GatewayConfig("envoy-ai-gateway-nrp", "nrp-llm", spec, api_version=f"{AI}/v1beta1")
    assert g2.to_dict()["spec"] == spec
    assert g2.validate() == []
    # forwardProxy is new in v1.1.
    proxy = nlc.GatewayConfig("g", "nrp-llm", {"forwardProxy": {"address": "http://proxy:3128"}})
    assert proxy.validate() == []
    assert [e["code"] for e in proxy.validate(release="v1.0")] == ["unknown_field"]


def test_backend_traffic_policy() -> None:
    spec = {
        "targetRefs": [GW_REF],
        "rateLimit": {"type": "Global", "global": {"rules": [{
            "clientSelectors": [{"headers": [{"type": "Distinct", "name": "x-user-id"}]}],
            "limit": {"requests": 100000, "unit": "Hour"},
            "cost": {"request": {"from": "Number", "number": 0},
                     "response": {"from": "Metadata",
                                  "metadata": {"namespace": "io.envoy.ai_gateway", "key": "llm_total_token"}}},
        }]}},
        "faultInjection": {"abort": {"httpStatus": 503, "percentage": 1}},
    }
    b = nlc.BackendTrafficPolicy("token-limits", "nrp-llm", spec)
    assert type(b) is nlc.BackendTrafficPolicy
    assert (b.KIND, b.GROUP) == ("BackendTrafficPolicy", EG)
    assert b.spec == spec
    assert b.validate() == []
    # The typed blocks come first in the canonical order; the ones kept as written follow.
    assert list(b.to_dict()["spec"]) == ["targetRefs", "rateLimit", "faultInjection"]
    with pytest.raises(nlc.ValidationError) as e:
        nlc.BackendTrafficPolicy("b", "nrp-llm", {"targetRefs": [GW_REF], "rateLimit": {"global": {"rules": [
            {"limit": {"requests": "many", "unit": "Hour"}}]}}})
    assert e.value.errors()[0]["path"] == "spec.rateLimit.global.rules[0].limit.requests"
