"""Notebook-style walk through the Python API: edit the NRP model catalog and plan the change.

Run it from anywhere after `pip install ./bindings/python`:

    python examples/python/catalog_notebook.py

Each `# %%` cell works the same in Jupyter or VS Code; in a notebook, a `Plan` left as the last
expression of a cell shows as a coloured table. The dicts are typed (`nlc.CatalogEndpoint`,
`nlc.AIGatewayRouteRule`, ...): an editor completes their keys, and `mypy --strict` checks this
file (`bindings/python/test.sh` runs it).
"""

# %% Load the catalog and the current models-config folder
import pathlib
import tempfile

import nrp_llm_config as nlc

examples = pathlib.Path(__file__).resolve().parents[1] / "nrp"
catalog = nlc.Catalog.load(examples / "catalog.yaml")
current = nlc.load(examples / "models-config")
print(f"nrp_llm_config {nlc.__version__}: {catalog!r}, current state {current!r}")

# %% Add a model served by a new backend, with SDSC's copy as the fallback
endpoint: nlc.CatalogEndpoint = {"fqdn": "llama-4-scout-vllm-inference.nrp-llm.svc.cluster.local", "port": 5000}
catalog.add_backend("envoy-ai-gateway-nrp-llama-4-scout", endpoint, api_key_secret="openai-apikey")
catalog.add_model(
    "llama-4-scout",
    [
        nlc.Catalog.model_backend("envoy-ai-gateway-nrp-llama-4-scout"),
        nlc.Catalog.model_backend("envoy-ai-gateway-sdsc-nairr-llama3", priority=1, upstream="meta-llama/Llama-4-Scout"),
    ],
    upstream="meta-llama/Llama-4-Scout-17B-16E-Instruct",
    timeout="600s",
)
model = catalog.model("llama-4-scout")
assert model is not None and model.get("timeout") == "600s"

# %% Remove a model (and the backend only it used)
catalog.remove_model("phi4")
catalog.remove_backend("envoy-ai-gateway-nrp-phi4")

# %% Compile against the current state (models keep their route objects) and validate
desired = catalog.compile(current, release="v1.1")
errors: list[nlc.ErrorDetails] = [d for d in desired.validate(release="v1.1") if d["severity"] == "error"]
print(f"{len(desired)} objects, {len(errors)} error(s)")

# %% The same rule written as an object: the typed helpers build its pieces
rule: nlc.AIGatewayRouteRule = nlc.AIGatewayRoute.rule(
    "llama-4-scout",
    [
        "envoy-ai-gateway-nrp-llama-4-scout",
        nlc.AIGatewayRoute.backend_ref("envoy-ai-gateway-sdsc-nairr-llama3", priority=1),
    ],
    override="meta-llama/Llama-4-Scout-17B-16E-Instruct",
    timeout="600s",
    owner="NRP",
)
scratch = nlc.AIGatewayRoute(
    "scratch",
    "nrp-llm",
    {"parentRefs": [{"name": "envoy-ai-gateway-nrp", "kind": "Gateway", "group": "gateway.networking.k8s.io"}],
     "rules": [rule]},
)
assert scratch.validate(release="v1.1") == [], "one object, checked as the API server would"

# %% Problems come back as typed dicts (`nlc.ErrorDetails`, the shape of `validate --output json`)
bad = nlc.Backend("bad-port", "nrp-llm", {"endpoints": [{"fqdn": {"hostname": "h.example", "port": 70000}}]})
for problem in bad.validate():
    print(f"{problem['severity']} {problem['path']} [{problem['code']}]: {problem['message']}")

# %% The plan: what `kubectl` would have to do, in order
p = nlc.plan(current, desired, release="v1.1")
print(p)
for change in p.changes:
    print(f"{change.action:7} {change.kind:22} {change.name}")

# %% Write the new models-config folder (atomic writes, files kept where they were)
out = pathlib.Path(tempfile.mkdtemp(prefix="models-config-"))
report = current.write(out, current=current)  # start from a copy of the current folder ...
report = desired.write(out, current=current)  # ... and render the desired state over it
print(f"wrote {len(report['written'])} file(s), removed {len(report['removed'])} in {out}")
assert not nlc.plan(desired, nlc.load(out)), "the folder holds the desired state"
