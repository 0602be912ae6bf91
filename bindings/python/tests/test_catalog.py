"""Catalogs (core module `catalog`): load, build, edit, compile, import."""

from __future__ import annotations

import pathlib

import pytest

import nrp_llm_config as nlc

GATEWAY = {"namespace": "nrp-llm", "parentRef": {"name": "envoy-ai-gateway-nrp"}, "defaultTimeout": "1200s"}


def test_load_example(catalog_path: pathlib.Path, models_config: pathlib.Path) -> None:
    c = nlc.Catalog.load(catalog_path)
    assert len(c) == 23
    assert c.gateway["namespace"] == "nrp-llm"
    assert c.check() == []
    assert c.model("qwen3")["upstream"] == "Qwen/Qwen3-235B-A22B-Thinking-2507-FP8"
    assert c.model("nope") is None
    # The example catalog compiles to the example folder.
    current = nlc.load(models_config)
    compiled = c.compile(current)
    assert len(compiled) == 49
    assert not nlc.plan(current, compiled)
    assert nlc.Catalog.from_yaml(c.to_yaml()) == c
    assert nlc.Catalog.from_dict(c.to_dict()) == c
    assert c.to_yaml() == catalog_path.read_text()


def test_load_errors(tmp_path: pathlib.Path, catalog_path: pathlib.Path) -> None:
    text = catalog_path.read_text().replace("  defaultOwner: NRP\n", "  defaultOwner: NRP\n  defaultOwnr: x\n", 1)
    f = tmp_path / "catalog.yaml"
    f.write_text(text)
    with pytest.raises(nlc.ValidationError) as info:
        nlc.Catalog.load(f)
    [e] = info.value.errors()
    assert e["code"] == "unknown_field"
    assert e["file"] == str(f)
    assert e["line"] == text.splitlines().index("  defaultOwnr: x") + 1
    with pytest.raises(nlc.ValidationError) as info:
        nlc.Catalog.load(tmp_path / "missing.yaml")
    assert info.value.errors()[0]["code"] == "io"


def test_keyword_construction_and_compile() -> None:
    c = nlc.Catalog(
        gateway=GATEWAY,
        backends=[{"name": "qwen", "endpoint": {"fqdn": "qwen.nrp-llm.svc.cluster.local", "port": 5000},
                   "apiKeySecret": "openai-apikey"}],
        models=[{"name": "qwen3", "upstream": "Qwen/Qwen3", "backends": ["qwen"]}],
    )
    assert repr(c) == '<Catalog: 1 model(s), 1 backend(s), namespace "nrp-llm">'
    s = c.compile(release="v0.5")
    kinds = sorted(o["kind"] for o in s)
    assert kinds == ["AIGatewayRoute", "AIServiceBackend", "Backend", "BackendSecurityPolicy"]
    assert [d for d in s.validate() if d["severity"] == "error"] == []
    route = s.get("AIGatewayRoute", "envoy-ai-gateway-nrp-models-1", "nrp-llm") or next(
        o for o in s if o["kind"] == "AIGatewayRoute"
    )
    assert route["spec"]["rules"][0]["backendRefs"][0]["modelNameOverride"] == "Qwen/Qwen3"


def test_construction_errors_have_paths() -> None:
    with pytest.raises(nlc.ValidationError) as info:
        nlc.Catalog(gateway={**GATEWAY, "nameprefix": "x"})
    assert "nameprefix" in str(info.value)
    with pytest.raises(nlc.ValidationError) as info:
        nlc.Catalog(gateway=GATEWAY, models=[{"name": "m", "backends": [{"name": "b", "weight": "heavy"}]}])
    [e] = info.value.errors()
    assert e["path"].startswith("models[0].backends[0]")
    with pytest.raises(TypeError):
        nlc.Catalog(gateway=object())  # type: ignore[arg-type]


def test_construction_takes_any_sequence_and_mapping() -> None:
    import types

    backends = [{"name": "qwen", "endpoint": {"fqdn": "qwen.nrp-llm.svc.cluster.local", "port": 5000}}]
    models = [{"name": "qwen3", "backends": ["qwen", {"name": "qwen", "priority": 1}]}]
    plain = nlc.Catalog(gateway=GATEWAY, backends=backends, models=models)
    other = nlc.Catalog(gateway=types.MappingProxyType(GATEWAY), backends=tuple(backends), models=tuple(models))  # type: ignore[arg-type]
    assert plain == other == nlc.Catalog.from_dict(plain.to_dict())
    assert plain.models == models


def test_add_and_remove() -> None:
    c = nlc.Catalog(gateway=GATEWAY)
    assert c.add_backend("a", {"ip": "10.0.0.5", "port": 8000}) is None
    assert c.add_backend("b", {"fqdn": "b.nrp-llm.svc.cluster.local", "port": 5000}, schema="OpenAI") is None
    assert c.add_model("m", ["a"], upstream="org/m") is None
    old = c.add_model("m", ["a", {"name": "b", "priority": 1}], owner="SDSC", route="r1")
    assert old == {"name": "m", "upstream": "org/m", "backends": ["a"]}
    assert c.models == [{"name": "m", "owner": "SDSC", "backends": ["a", {"name": "b", "priority": 1}], "route": "r1"}]
    assert len(c) == 1
    with pytest.raises(nlc.ValidationError):
        c.add_model("x", [{"name": "a", "weight": -1}])
    # A model naming an unknown backend fails at compile time, with every problem listed.
    c.add_model("broken", ["nope"])
    assert [e["code"] for e in c.check()] == ["invalid_catalog"]
    with pytest.raises(nlc.ValidationError) as info:
        c.compile()
    assert info.value.errors()[0]["path"] == "models[1].backends[0]"
    assert c.remove_model("broken")
    assert not c.remove_model("broken")
    assert c.remove_backend("b") and not c.remove_backend("b")
    assert c.check() != []  # m still names b
    c.add_model("m", ["a"])
    assert c.check() == []


def test_import_round_trip(models_config: pathlib.Path) -> None:
    current = nlc.load(models_config)
    c = nlc.Catalog.from_config(current)
    c2, notes = nlc.Catalog.import_config(current)
    assert c2 == c
    assert isinstance(notes, list)
    assert len(c) == 23
    again = c.compile(current)
    key = lambda o: (o["kind"], o["metadata"]["name"])  # noqa: E731
    assert sorted(again, key=key) == sorted(current, key=key)
    assert not nlc.plan(current, again)


def test_secret_values_are_refused() -> None:
    c = nlc.Catalog(gateway=GATEWAY, backends=[{"name": "a", "endpoint": {"ip": "10.0.0.5", "port": 8000},
                                                "apiKeySecret": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"}])
    codes = [e["code"] for e in c.check()]
    assert "secret_literal" in codes


def test_json_schema() -> None:
    s = nlc.Catalog.json_schema()
    assert "gateway" in s["required"]
