"""Shared fixtures: the repository's example data, found relative to this file."""

from __future__ import annotations

import pathlib

import pytest

import nrp_llm_config as nlc

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "nrp"


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    """The repository root (the cargo workspace)."""
    return ROOT


@pytest.fixture(scope="session")
def examples() -> pathlib.Path:
    assert (EXAMPLES / "catalog.yaml").is_file(), f"examples not found under {EXAMPLES}"
    return EXAMPLES


@pytest.fixture(scope="session")
def models_config(examples: pathlib.Path) -> pathlib.Path:
    return examples / "models-config"


@pytest.fixture(scope="session")
def catalog_path(examples: pathlib.Path) -> pathlib.Path:
    return examples / "catalog.yaml"


@pytest.fixture(scope="session")
def live_dump(examples: pathlib.Path) -> pathlib.Path:
    return examples / "live" / "cluster-dump.yaml"


@pytest.fixture(scope="session")
def roundtrip_fixture() -> pathlib.Path:
    return ROOT / "tests" / "fixtures" / "roundtrip" / "unknown-fields.yaml"


NS = "nrp-llm"
QWEN = "envoy-ai-gateway-nrp-qwen"
SDSC = "envoy-ai-gateway-sdsc-nairr-qwen3"
UPSTREAM = "Qwen/Qwen3-235B-A22B-Thinking-2507-FP8"


def rule(model: str, backends: list[str], owner: str) -> dict:
    return {
        "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": model}]}],
        "backendRefs": [{"name": b, "modelNameOverride": UPSTREAM} for b in backends],
        "timeouts": {"request": "1200s"},
        "modelsOwnedBy": owner,
    }


@pytest.fixture()
def guide_objects() -> list[nlc.Resource]:
    """The admin guide's objects (one model served by NRP, one at SDSC, both round robin),
    built with the keyword constructors."""
    return [
        nlc.Backend.fqdn(QWEN, NS, "qwen-vllm-inference.nrp-llm.svc.cluster.local", 5000),
        nlc.Backend.ip(SDSC, NS, "198.51.100.21", 8000),
        nlc.AIServiceBackend.openai(QWEN, NS, QWEN),
        nlc.AIServiceBackend.openai(SDSC, NS, SDSC),
        nlc.BackendSecurityPolicy.api_key("envoy-ai-gateway-nrp-apikey", NS, "openai-apikey", [QWEN]),
        nlc.AIGatewayRoute(
            QWEN,
            NS,
            {
                "parentRefs": [
                    {
                        "group": "gateway.networking.k8s.io",
                        "kind": "Gateway",
                        "name": "envoy-ai-gateway-nrp",
                    }
                ],
                "rules": [
                    rule("qwen3", [QWEN], "NRP"),
                    rule("qwen3-nairr", [SDSC], "SDSC"),
                    rule("qwen3-combined", [QWEN, SDSC], "NRP"),
                ],
                "llmRequestCosts": [
                    {"metadataKey": "llm_input_token", "type": "InputToken"},
                    {"metadataKey": "llm_output_token", "type": "OutputToken"},
                    {"metadataKey": "llm_total_token", "type": "TotalToken"},
                ],
            },
        ),
    ]
