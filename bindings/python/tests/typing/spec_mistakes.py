"""``spec_fixed.py`` with ten mistakes in its spec dict literals, each on a line marked
``MISTAKE n``: mypy --strict must report every one, on that line (``tests/test_types.py``).
"""

import nrp_llm_config as nlc

NS = "nrp-llm"
GATEWAY: nlc.ParentReference = {"name": "envoy-ai-gateway-nrp", "kind": "Gateway", "group": "gateway.networking.k8s.io"}

rule: nlc.AIGatewayRouteRule = {"matchs": [  # MISTAKE 1: misspelt key
    {"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}]}],
    "backendRefs": [
        {"name": "qwen", "weight": "3"},  # MISTAKE 2: not an int
        {"name": "qwen-sdsc", "priority": 1},
    ],
    "timeouts": {"request": "1200s"},
}
header: nlc.HttpHeaderMatch = {"type": "Exakt", "name": "x-ai-eg-model", "value": "qwen3"}  # MISTAKE 3: not an enum value
spec: nlc.AIGatewayRouteSpec = {
    "parentRefs": [GATEWAY],
    "rules": [rule, nlc.AIGatewayRoute.rule("qwen3-fast", ["qwen"], timeout="60s")],
    "llmRequestCosts": [
        {"metadataKey": "llm_input_token", "type": "InputTokens"},  # MISTAKE 4: not an enum value
    ],
}
route = nlc.AIGatewayRoute("qwen", NS, spec)
service = nlc.AIServiceBackend("qwen", NS, {"schema": {"name": "OpenAI"}, "backendRef": {"nme": "qwen", "kind": "Backend", "group": "gateway.envoyproxy.io"}})  # MISTAKE 5: name missing
backend = nlc.Backend("qwen", NS, {"endpoints": [{"fqdn": {"hostname": "qwen.nrp-llm.svc.cluster.local", "port": "5000"}}]})  # MISTAKE 6
policy_object: nlc.BackendSecurityPolicyDict = {
    "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
    "kind": "BackendSecurityPolicy",
    "metadata": {"name": "key", "namespace": NS},
    "spec": {"type": "APIkey", "apiKey": {"secretRef": {"name": "openai-apikey"}}, "targetRefs": [  # MISTAKE 7
        {"name": "qwen", "kind": "AIServiceBackend", "group": "aigateway.envoyproxy.io"}]},
}
policy = nlc.BackendSecurityPolicy.from_dict(policy_object)
catalog = nlc.Catalog(
    gateway={"namespace": NS, "parentRef": {"name": "envoy-ai-gateway-nrp"}, "apiVersion": "v1beta2"},  # MISTAKE 8
    backends=[
        {"name": "qwen", "endpoint": {"fqdn": "qwen.nrp-llm.svc.cluster.local", "prot": 5000}},  # MISTAKE 9
        {"name": "qwen-sdsc", "endpoint": {"ip": "198.51.100.21", "port": 8000}},
    ],
    models=[{"name": "qwen3", "backends": ["qwen", {"name": "qwen-sdsc", "priority": "1"}], "timeout": "1200s"}],  # MISTAKE 10
)
