"""Loading (core modules `document`, `config_set`) and writing folders (core module `layout`)."""

from __future__ import annotations

import pathlib

import pytest

import nrp_llm_config as nlc


def test_load_folder(models_config: pathlib.Path) -> None:
    s = nlc.load(models_config)
    assert len(s) == 49
    assert repr(s) == "<ConfigSet: 49 object(s)>"
    kinds = {o["kind"] for o in s}
    assert kinds == {"AIGatewayRoute", "AIServiceBackend", "Backend", "BackendSecurityPolicy", "QuotaPolicy"}
    assert s.problems() == []
    assert s.objects() == list(s)
    res = s.resources()
    assert {type(r).__name__ for r in res} == kinds
    assert s.get("Backend", "envoy-ai-gateway-nrp-qwen", "nrp-llm")["spec"]["endpoints"][0]["fqdn"]["port"] == 5000
    assert s.get("Backend", "envoy-ai-gateway-nrp-qwen") is None
    assert s.get("Backend", "nope", "nrp-llm") is None


def test_load_several_paths_and_dumps(models_config: pathlib.Path, live_dump: pathlib.Path) -> None:
    one = nlc.load(models_config / "backend" / "nrp.yaml", models_config / "backend" / "sdsc.yaml")
    assert {o["kind"] for o in one} == {"Backend"}
    assert len(one) == 21
    dump = nlc.load(live_dump)
    assert len(dump) > 40
    assert all(o["kind"] != "List" for o in dump)


def test_load_missing_path() -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        nlc.load("/nonexistent/models-config")
    with pytest.raises(TypeError):
        nlc.load()


def test_load_keeps_going_past_bad_files(tmp_path: pathlib.Path) -> None:
    (tmp_path / "good.yaml").write_text(nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000).to_yaml())
    (tmp_path / "bad.yaml").write_text("apiVersion: v1\nkind: [\n")
    s = nlc.load(tmp_path)
    assert len(s) == 1
    [p] = s.problems()
    assert p["code"] == "yaml_syntax"
    assert p["file"].endswith("bad.yaml")
    assert p in s.validate()
    with pytest.raises(nlc.ValidationError):
        s.write(tmp_path / "out")


def test_construct_and_add(guide_objects: list[nlc.Resource]) -> None:
    s = nlc.ConfigSet(guide_objects)
    assert len(s) == 6
    assert not s.add(guide_objects[0])
    [dup] = s.problems()
    assert dup["code"] == "duplicate_object"
    assert s.add({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "nrp-llm"}})
    assert len(s) == 7
    with pytest.raises(TypeError, match="Resource or a dict"):
        s.add(42)  # type: ignore[arg-type]


def test_from_yaml_and_to_yaml(models_config: pathlib.Path) -> None:
    s = nlc.load(models_config)
    text = s.to_yaml()
    again = nlc.ConfigSet.from_yaml(text)
    assert list(again) == list(s)
    with pytest.raises(nlc.ValidationError):
        nlc.ConfigSet.from_yaml("a: [\n")


def test_write_models_config_layout(tmp_path: pathlib.Path, guide_objects: list[nlc.Resource]) -> None:
    s = nlc.ConfigSet(guide_objects)
    out = tmp_path / "models-config"
    report = s.write(out)
    assert sorted(report["written"]) == [
        "backend/backends.yaml",
        "gatewayroute/envoy-ai-gateway-nrp-qwen.yaml",
        "securitypolicy.yaml",
        "servicebackend/servicebackends.yaml",
    ]
    assert report["removed"] == []
    key = lambda o: (o["kind"], o["metadata"]["name"])  # noqa: E731
    assert sorted(nlc.load(out), key=key) == sorted(s, key=key)
    # Writing again changes nothing.
    again = s.write(out)
    assert again["written"] == [] and len(again["unchanged"]) == 4
    # Dropping the policy removes its file.
    smaller = nlc.ConfigSet([o for o in guide_objects if o.kind != "BackendSecurityPolicy"])
    third = smaller.write(out)
    assert third["removed"] == ["securitypolicy.yaml"]
    assert not (out / "securitypolicy.yaml").exists()
    assert not list(out.rglob("*.tmp*"))


def test_write_keeps_files_of_current(tmp_path: pathlib.Path, models_config: pathlib.Path) -> None:
    current = nlc.load(models_config)
    out = tmp_path / "out"
    report = current.write(out, current=current)
    files = sorted(str(p.relative_to(models_config)) for p in models_config.rglob("*.yaml"))
    assert sorted(report["written"]) == files
    for f in files:
        assert nlc.load(out / f).objects() == nlc.load(models_config / f).objects()


def test_write_error_is_os_error(tmp_path: pathlib.Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = nlc.ConfigSet([nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)])
    with pytest.raises(OSError, match="cannot write"):
        s.write(blocker)
