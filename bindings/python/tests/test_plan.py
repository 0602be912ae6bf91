"""Plans (core module `plan`): changes, renderers, safety checks."""

from __future__ import annotations

import json
import pathlib

import pytest

import nrp_llm_config as nlc


def test_same_state_is_no_change(models_config: pathlib.Path, live_dump: pathlib.Path) -> None:
    p = nlc.plan(models_config, models_config)
    assert len(p) == 0 and not p
    assert str(p) == "No changes.\n"
    assert p.changes == []


def test_live_dump_to_folder(models_config: pathlib.Path, live_dump: pathlib.Path) -> None:
    """The live dump has a stale port, a lower GLM quota, and a model (llama-4-scout) the folder
    no longer has."""
    p = nlc.plan(live_dump, nlc.load(models_config))
    assert p.summary == {"create": 0, "update": 4, "delete": 2}
    # The route drops the model (switch) before the policy drops its key (finish).
    assert [(c.phase, c.action, c.kind, c.name) for c in p.changes] == [
        ("prepare", "update", "Backend", "envoy-ai-gateway-nrp-gemma"),
        ("prepare", "update", "QuotaPolicy", "envoy-ai-gateway-nrp-glm"),
        ("switch", "update", "AIGatewayRoute", "envoy-ai-gateway-nrp-qwen"),
        ("finish", "update", "BackendSecurityPolicy", "envoy-ai-gateway-nrp-apikey"),
        ("delete", "delete", "AIServiceBackend", "envoy-ai-gateway-nrp-llama-4-scout"),
        ("delete", "delete", "Backend", "envoy-ai-gateway-nrp-llama-4-scout"),
    ]
    port = p.changes[0].details[0]
    assert (port["kind"], port["path"], port["old"], port["new"]) == ("field_changed", "spec.endpoints[0].fqdn.port", 8080, 5000)
    quota = p.changes[1].details[0]
    assert (quota["kind"], quota["model"]) == ("quota_changed", "zai-org/GLM-4.7-FP8")
    assert quota["old"]["quota"]["defaultBucket"]["limit"] == 250000
    assert quota["new"]["quota"]["defaultBucket"]["limit"] == 500000
    route = p.changes[2].details[0]
    assert (route["kind"], route["model"]) == ("model_removed", "llama-4-scout")
    policy = p.changes[3]
    assert policy.transitional is None
    assert policy.notes == [
        "applied after the routes changed, so that AIServiceBackend envoy-ai-gateway-nrp-llama-4-scout keeps its key until then"
    ]
    assert p.changes[0].notes == []
    assert [(s["phase"], s["change"], s["transitional"]) for s in p.steps] == [
        ("prepare", 0, False),
        ("prepare", 1, False),
        ("switch", 2, False),
        ("finish", 3, False),
        ("delete", 4, False),
        ("delete", 5, False),
    ]
    assert p.steps == p.to_dict()["steps"]
    text = str(p)
    assert "spec.endpoints[0].fqdn.port: 8080 → 5000" in text
    # The port was edited with `kubectl edit`: the apply takes the field over from that manager.
    taken = p.changes[0].details[1]
    assert (taken["kind"], taken["path"], taken["old"]) == ("takes_over", "spec.endpoints", "kubectl-edit")
    # The dump carries managedFields: ownership was read for every object.
    assert p.ownership_unknown == []
    assert "--force-conflicts" in p.to_kubectl()
    md = p.to_markdown()
    assert md.startswith("### nrp-llm-config plan: 0 to create, 4 to update, 2 to delete\n")
    assert "| ~ update | Backend | nrp-llm/envoy-ai-gateway-nrp-gemma | phase 1 (prepare) |" in md
    assert text.startswith("Phase 1, prepare (before the routes change):\n~ Backend")
    assert "\n\nPhase 3, finish (after the routes changed):\n~ BackendSecurityPolicy" in text


def test_model_moving_between_routes_has_a_transitional_step(models_config: pathlib.Path) -> None:
    """A model given to another route object: the old route keeps serving it until the new one does."""
    current = nlc.load(models_config)
    objects = current.objects()
    general = next(o for o in objects if o["kind"] == "AIGatewayRoute" and o["metadata"]["name"] == "envoy-ai-gateway-nrp-general")
    qwen = next(o for o in objects if o["kind"] == "AIGatewayRoute" and o["metadata"]["name"] == "envoy-ai-gateway-nrp-qwen")
    rule = next(r for r in general["spec"]["rules"] if r["matches"][0]["headers"][0]["value"] == "gemma")
    general["spec"]["rules"].remove(rule)
    qwen["spec"]["rules"].append(rule)
    p = nlc.plan(current, nlc.ConfigSet(objects))
    assert [(c.phase, c.name, c.transitional is not None) for c in p.changes] == [
        ("switch", "envoy-ai-gateway-nrp-qwen", False),
        ("finish", "envoy-ai-gateway-nrp-general", True),
    ]
    moved = p.changes[1]
    assert moved.transitional is not None
    assert len(moved.transitional["spec"]["rules"]) == len(general["spec"]["rules"]) + 1
    assert moved.notes[0].startswith('first applied in phase 2 (switch) still serving "gemma"')
    assert [(s["phase"], s["name"], s["transitional"]) for s in p.steps] == [
        ("switch", "envoy-ai-gateway-nrp-qwen", False),
        ("switch", "envoy-ai-gateway-nrp-general", True),
        ("finish", "envoy-ai-gateway-nrp-general", False),
    ]
    assert "↳ first applied in phase 2 (switch)" in str(p)
    assert p.to_kubectl().count("kubectl apply") == 4  # the ApplySet parent and three steps


def test_removal_plan(models_config: pathlib.Path) -> None:
    """Removing a model from the catalog deletes its rule, backends and policy target, in order."""
    current = nlc.load(models_config)
    catalog = nlc.Catalog.from_config(current)
    assert catalog.remove_model("gemma")
    assert catalog.remove_backend("envoy-ai-gateway-nrp-gemma")
    p = nlc.plan(current, catalog)
    assert p
    changes = [(c.action, c.kind, c.name) for c in p.changes]
    route_update = ("update", "AIGatewayRoute", "envoy-ai-gateway-nrp-general")
    assert route_update in changes
    assert ("delete", "AIServiceBackend", "envoy-ai-gateway-nrp-gemma") in changes
    assert ("delete", "Backend", "envoy-ai-gateway-nrp-gemma") in changes
    # The route drops the model before its backends disappear.
    assert changes.index(route_update) < changes.index(("delete", "AIServiceBackend", "envoy-ai-gateway-nrp-gemma"))
    assert changes.index(("delete", "AIServiceBackend", "envoy-ai-gateway-nrp-gemma")) < changes.index(
        ("delete", "Backend", "envoy-ai-gateway-nrp-gemma")
    )
    route = next(c for c in p.changes if c.kind == "AIGatewayRoute")
    assert [(d["kind"], d["model"]) for d in route.details] == [("model_removed", "gemma")]
    assert route.namespace == "nrp-llm"
    assert route.group == "aigateway.envoyproxy.io"
    assert route.desired is not None and route.desired["kind"] == "AIGatewayRoute"
    deleted = next(c for c in p.changes if c.action == "delete")
    assert deleted.desired is None
    assert repr(deleted).startswith("Change(action='delete', kind=")

    text = str(p)
    assert "- AIServiceBackend nrp-llm/envoy-ai-gateway-nrp-gemma" in text
    assert "\x1b[" not in text and "\x1b[" in p.to_text(color=True)
    assert text.rstrip().endswith("to delete.")

    data = json.loads(p.to_json())
    assert data == p.to_dict()
    assert [c["action"] for c in data["changes"]] == [c.action for c in p.changes]
    assert data["summary"] == p.summary
    assert json.loads(p.to_json(indent=None)) == data

    script = p.to_kubectl()
    assert script.startswith("#!")
    assert "set -euo pipefail" in script
    assert "kubectl delete" in script and "envoy-ai-gateway-nrp-gemma" in script

    html = p._repr_html_()
    assert html.count("<tr style=") == len(p)
    assert "color: #cf222e" in html


def test_html_escapes_names() -> None:
    current = nlc.ConfigSet([{"apiVersion": "gateway.envoyproxy.io/v1alpha1", "kind": "Backend",
                              "metadata": {"name": "<script>x</script>", "namespace": "nrp-llm"}}])
    desired = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
    html = nlc.plan(current, desired)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_invalid_desired_raises(guide_objects: list[nlc.Resource]) -> None:
    broken = [o for o in guide_objects if o.kind != "Backend"]
    with pytest.raises(nlc.ValidationError) as info:
        nlc.plan(nlc.ConfigSet(), nlc.ConfigSet(broken))
    errors = info.value.errors()
    assert errors and all(e["severity"] == "error" for e in errors)
    assert {e["code"] for e in errors} == {"invalid_reference"}
    assert "nothing was planned" in str(info.value)


def test_empty_desired_needs_allow_empty(models_config: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="allow"):
        nlc.plan(models_config, nlc.ConfigSet())
    p = nlc.plan(models_config, nlc.ConfigSet(), allow_empty=True)
    assert p.summary["delete"] == 49
    assert all(c.action == "delete" for c in p.changes)


def test_create_plan_for_guide_objects(guide_objects: list[nlc.Resource]) -> None:
    p = nlc.plan(nlc.ConfigSet(), nlc.ConfigSet(guide_objects), release="v0.4")
    assert [c.kind for c in p.changes] == [
        "Backend", "Backend", "AIServiceBackend", "AIServiceBackend", "BackendSecurityPolicy", "AIGatewayRoute",
    ]
    assert all(c.action == "create" for c in p.changes)


def test_bad_inputs() -> None:
    with pytest.raises(TypeError, match="ConfigSet, a Catalog or a path"):
        nlc.plan(42, nlc.ConfigSet())  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        nlc.plan("/nonexistent", nlc.ConfigSet())
    with pytest.raises(ValueError, match="v7"):
        nlc.plan(nlc.ConfigSet(), nlc.ConfigSet(), release="v7")


def test_plan_against_a_live_dump_leaves_foreign_objects_alone(root):
    live = root / "tests" / "fixtures" / "live"
    p = nlc.plan(str(live / "cluster.yaml"), str(live / "desired"))
    # The same plan as the CLI and the library: nothing foreign is deleted.
    assert json.loads(p.to_json())["leftAlone"] == p.left_alone
    alone = {(a["namespace"], a["name"]): a["reason"] for a in p.left_alone}
    assert alone[("nrp-llm", "experiment-embeddings-test")] == "not_ours"
    assert alone[("nrp-llm", "mcp-github")] == "controller_owned"
    deleted = {c.name for c in p.changes if c.action == "delete"}
    assert not deleted & {name for _, name in alone}
    # Adopting unlabelled objects makes the experiment ours (and deleted).
    adopted = nlc.plan(str(live / "cluster.yaml"), str(live / "desired"), adopt=True)
    assert "experiment-embeddings-test" in {c.name for c in adopted.changes if c.action == "delete"}


def test_mass_deletion_needs_the_flag(root):
    live = root / "tests" / "fixtures" / "live"
    one_file = live / "desired" / "backend"
    with pytest.raises(ValueError, match="refusing to delete"):
        nlc.plan(str(live / "cluster.yaml"), str(one_file))
    p = nlc.plan(str(live / "cluster.yaml"), str(one_file), allow_mass_delete=True)
    assert p.summary["delete"] > 0
