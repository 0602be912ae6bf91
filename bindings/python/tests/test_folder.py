"""Editing a models-config folder (core modules `folder` and `ops`): each operation changes
exactly what it should, a refused one changes nothing, and `save()` keeps the comments."""

from __future__ import annotations

import pathlib
import shutil

import pytest

import nrp_llm_config as nlc


@pytest.fixture
def folder(models_config: pathlib.Path, tmp_path: pathlib.Path) -> pathlib.Path:
    d = tmp_path / "models-config"
    shutil.copytree(models_config, d)
    return d


def files(d: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*.yaml"))}


def planned(before: nlc.ConfigSet, after: nlc.ConfigSet) -> list[tuple[str, str, str]]:
    return sorted((c.action, c.kind, c.name) for c in nlc.plan(before, after).changes)


def test_add_model_creates_what_a_new_backend_needs(folder: pathlib.Path) -> None:
    f = nlc.Folder.open(folder)
    before = f.objects
    lines = f.add_model(
        "qwen4",
        "envoy-ai-gateway-nrp-qwen4",
        host="qwen4-vllm-inference.nrp-llm.svc.cluster.local",
        port=5000,
        upstream_model="Qwen/Qwen4",
        key_secret="openai-apikey",
        timeout="1200s",
    )
    assert lines[-1] == (
        "added target AIServiceBackend envoy-ai-gateway-nrp-qwen4 to BackendSecurityPolicy "
        "nrp-llm/envoy-ai-gateway-nrp-apikey"
    )
    assert planned(before, f.objects) == [
        ("create", "AIServiceBackend", "envoy-ai-gateway-nrp-qwen4"),
        ("create", "Backend", "envoy-ai-gateway-nrp-qwen4"),
        ("update", "AIGatewayRoute", "envoy-ai-gateway-nrp-qwen"),
        ("update", "BackendSecurityPolicy", "envoy-ai-gateway-nrp-apikey"),
    ]
    # Nothing is written before save().
    assert nlc.load(folder).objects() == before.objects()
    report = f.save()
    assert report["removed"] == []
    assert planned(before, nlc.load(folder)) == planned(before, f.objects)


def test_remove_set_and_rotate(folder: pathlib.Path) -> None:
    f = nlc.Folder.open(folder)
    before = f.objects
    f.remove_model("kimi")
    f.set_model("phi4", timeout="900s", owner="Microsoft")
    f.rotate_key("sdsc-2026", ["envoy-ai-gateway-sdsc-nairr-qwen3"])
    assert planned(before, f.objects) == [
        ("create", "BackendSecurityPolicy", "envoy-ai-gateway-nrp-sdsc-2026"),
        ("delete", "AIServiceBackend", "envoy-ai-gateway-nrp-kimi"),
        ("delete", "Backend", "envoy-ai-gateway-nrp-kimi"),
        ("delete", "QuotaPolicy", "envoy-ai-gateway-nrp-kimi"),
        ("update", "AIGatewayRoute", "envoy-ai-gateway-nrp-general"),
        ("update", "BackendSecurityPolicy", "envoy-ai-gateway-nrp-apikey"),
        ("update", "BackendSecurityPolicy", "envoy-ai-gateway-sdsc-nairr-apikey"),
    ]
    assert f.set_model("phi4", timeout="900s") == []
    f.save()
    assert planned(before, nlc.load(folder)) == planned(before, f.objects)


def test_a_refused_operation_changes_nothing(folder: pathlib.Path) -> None:
    f = nlc.Folder.open(folder)
    with pytest.raises(nlc.ValidationError) as err:
        f.remove_model("kimii")
    assert err.value.errors()[0]["hint"] == 'did you mean "kimi"?'
    with pytest.raises(nlc.ValidationError) as err:
        f.add_model("m", "envoy-ai-gateway-nrp-gemma", timeout="soon")
    assert any(e["path"].endswith("timeouts.request") for e in err.value.errors())
    assert f.diff() == ""
    assert f.save() == {"written": [], "removed": []}


def test_diff_and_save_keep_comments(folder: pathlib.Path) -> None:
    route = folder / "gatewayroute" / "envoy-ai-gateway-nrp-general.yaml"
    text = route.read_text()
    route.write_text("# General models, kept by the NRP admins\n" + text.replace(
        "    modelsOwnedBy: NRP\n", "    modelsOwnedBy: NRP # who runs it\n", 1))
    before = files(folder)
    f = nlc.Folder.open(folder)
    f.set_model("kimi", timeout="600s")
    diff = f.diff()
    assert "-      request: 1200s" in diff and "+      request: 600s" in diff
    assert files(folder) == before
    f.save()
    after = route.read_text()
    assert after.startswith("# General models, kept by the NRP admins\n")
    assert "modelsOwnedBy: NRP # who runs it\n" in after
    changed = [n for n in before if before[n] != files(folder)[n]]
    assert changed == ["gatewayroute/envoy-ai-gateway-nrp-general.yaml"]


def test_open_errors(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        nlc.Folder.open(tmp_path / "missing")
    with pytest.raises(ValueError):
        nlc.Folder.open(tmp_path, release="v9")
