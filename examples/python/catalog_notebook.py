"""Notebook-style walk through the Python API: edit the NRP model catalog and plan the change.

Run it from anywhere after `pip install ./bindings/python`:

    python examples/python/catalog_notebook.py

Each `# %%` cell works the same in Jupyter or VS Code; in a notebook, a `Plan` left as the last
expression of a cell shows as a coloured table.
"""

# %% Load the catalog and the current models-config folder
import pathlib
import tempfile

import nrp_llm_config as nlc

examples = pathlib.Path(__file__).resolve().parents[1] / "nrp"
catalog = nlc.Catalog.load(examples / "catalog.yaml")
current = nlc.load(examples / "models-config")
print(f"nrp_llm_config {nlc.__version__}: {catalog!r}, current state {current!r}")

# %% Add a model served by a new backend
catalog.add_backend(
    "envoy-ai-gateway-nrp-llama-4-scout",
    {"fqdn": "llama-4-scout-vllm-inference.nrp-llm.svc.cluster.local", "port": 5000},
    api_key_secret="openai-apikey",
)
catalog.add_model(
    "llama-4-scout",
    ["envoy-ai-gateway-nrp-llama-4-scout"],
    upstream="meta-llama/Llama-4-Scout-17B-16E-Instruct",
    timeout="600s",
)

# %% Remove a model (and the backend only it used)
catalog.remove_model("phi4")
catalog.remove_backend("envoy-ai-gateway-nrp-phi4")

# %% Compile against the current state (models keep their route objects) and validate
desired = catalog.compile(current, release="v1.1")
errors = [d for d in desired.validate(release="v1.1") if d["severity"] == "error"]
print(f"{len(desired)} objects, {len(errors)} error(s)")

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
