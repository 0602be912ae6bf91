"""Spec dict literals as a notebook writes them, all correct: mypy --strict reports nothing.

``spec_mistakes.py`` is this file with ten mistakes; ``tests/test_types.py`` runs mypy over both
(and runs this one, so that the literals are valid at runtime too). A literal annotated with its
type (or passed where only that type fits) gets the most precise messages.
"""

import nrp_llm_config as nlc

NS = "nrp-llm"
GATEWAY: nlc.ParentReference = {"name": "envoy-ai-gateway-nrp", "kind": "Gateway", "group": "gateway.networking.k8s.io"}

rule: nlc.AIGatewayRouteRule = {"matches": [  # the key of mistake 1
    {"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}]}],
    "backendRefs": [
        {"name": "qwen", "weight": 3},  # mistake 2
        {"name": "qwen-sdsc", "priority": 1},
    ],
    "timeouts": {"request": "1200s"},
}
header: nlc.HttpHeaderMatch = {"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}  # mistake 3
spec: nlc.AIGatewayRouteSpec = {
    "parentRefs": [GATEWAY],
    "rules": [rule, nlc.AIGatewayRoute.rule("qwen3-fast", ["qwen"], timeout="60s")],
    "llmRequestCosts": [
        {"metadataKey": "llm_input_token", "type": "InputToken"},  # mistake 4
    ],
}
route = nlc.AIGatewayRoute("qwen", NS, spec)
service = nlc.AIServiceBackend("qwen", NS, {"schema": {"name": "OpenAI"}, "backendRef": {"name": "qwen", "kind": "Backend", "group": "gateway.envoyproxy.io"}})  # mistake 5
backend = nlc.Backend("qwen", NS, {"endpoints": [{"fqdn": {"hostname": "qwen.nrp-llm.svc.cluster.local", "port": 5000}}]})  # 6
policy_object: nlc.BackendSecurityPolicyDict = {
    "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
    "kind": "BackendSecurityPolicy",
    "metadata": {"name": "key", "namespace": NS},
    "spec": {"type": "APIKey", "apiKey": {"secretRef": {"name": "openai-apikey"}}, "targetRefs": [  # mistake 7
        {"name": "qwen", "kind": "AIServiceBackend", "group": "aigateway.envoyproxy.io"}]},
}
policy = nlc.BackendSecurityPolicy.from_dict(policy_object)
catalog = nlc.Catalog(
    gateway={"namespace": NS, "parentRef": {"name": "envoy-ai-gateway-nrp"}, "apiVersion": "v1alpha1"},  # mistake 8
    backends=[
        {"name": "qwen", "endpoint": {"fqdn": "qwen.nrp-llm.svc.cluster.local", "port": 5000}},  # mistake 9
        {"name": "qwen-sdsc", "endpoint": {"ip": "198.51.100.21", "port": 8000}},
    ],
    models=[{"name": "qwen3", "backends": ["qwen", {"name": "qwen-sdsc", "priority": 1}], "timeout": "1200s"}],  # 10
)
