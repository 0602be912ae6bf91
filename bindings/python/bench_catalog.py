"""Measures building a 1,000-model catalog from Python, compiling it and rendering it to YAML,
all in-process (target: 50 ms). Reports the numbers; asserts nothing about time.

    python bindings/python/bench_catalog.py [--models N] [--repeat R]

Build the package with optimisations first (`pip install ./bindings/python`, or
`maturin develop --release`); a debug build is several times slower.
"""

from __future__ import annotations

import argparse
import statistics
import time

import nrp_llm_config as nlc


def build(n: int) -> nlc.Catalog:
    """n models, each on its own backend (every fourth with an API key), built from dicts."""
    backends = [
        {
            "name": f"envoy-ai-gateway-nrp-m{i}",
            "endpoint": {"fqdn": f"m{i}-vllm-inference.nrp-llm.svc.cluster.local", "port": 5000},
            **({"apiKeySecret": "openai-apikey"} if i % 4 == 0 else {}),
        }
        for i in range(n)
    ]
    models = [
        {
            "name": f"m{i}",
            "upstream": f"org/model-{i}",
            "backends": [f"envoy-ai-gateway-nrp-m{i}"],
            "timeout": "1200s",
            "owner": "NRP",
        }
        for i in range(n)
    ]
    return nlc.Catalog(
        gateway={
            "namespace": "nrp-llm",
            "parentRef": {"name": "envoy-ai-gateway-nrp"},
            "llmRequestCosts": [
                {"metadataKey": "llm_input_token", "type": "InputToken"},
                {"metadataKey": "llm_output_token", "type": "OutputToken"},
                {"metadataKey": "llm_total_token", "type": "TotalToken"},
            ],
        },
        backends=backends,
        models=models,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    phases: dict[str, list[float]] = {"build": [], "compile": [], "render": [], "total": []}
    size = objects = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        catalog = build(args.models)
        t1 = time.perf_counter()
        config = catalog.compile(release="v1.1")
        t2 = time.perf_counter()
        text = config.to_yaml()
        t3 = time.perf_counter()
        for name, value in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t3 - t0)):
            phases[name].append(value * 1000)
        size, objects = len(text), len(config)

    print(f"{args.models} models -> {objects} objects, {size / 1e6:.2f} MB of YAML; "
          f"median of {args.repeat} runs (min in brackets):")
    for name, values in phases.items():
        print(f"  {name:8} {statistics.median(values):8.1f} ms  [{min(values):.1f}]")
    print("target: total <= 50 ms")


if __name__ == "__main__":
    main()
