"""Validation (core module `validate`): diagnostics as dicts, ValidationError where needed."""

from __future__ import annotations

import pathlib

import pytest

import nrp_llm_config as nlc

KEYS = {"file", "line", "column", "kind", "namespace", "name", "path", "code", "severity", "message", "hint"}


@pytest.mark.parametrize("release", ["v0.6", "0.7", "v1.0.0", "v1.1", "1.1"])
def test_example_folder_is_valid_on_every_release(models_config: pathlib.Path, release: str) -> None:
    s = nlc.load(models_config)
    errors = [d for d in s.validate(release=release) if d["severity"] == "error"]
    assert errors == []
    s.check(release=release)


@pytest.mark.parametrize("release", ["v0.3", "v0.4", "v0.5", "v0.4.0"])
def test_example_quotas_need_v0_6(models_config: pathlib.Path, release: str) -> None:
    # The example folder's three QuotaPolicies are the only thing older releases reject.
    s = nlc.load(models_config)
    errors = [d for d in s.validate(release=release) if d["severity"] == "error"]
    assert [(d["kind"], d["code"]) for d in errors] == [("QuotaPolicy", "unsupported_version")] * 3
    assert all("v0.6.0" in (d["hint"] or "") for d in errors)


def test_guide_objects_are_valid(guide_objects: list[nlc.Resource]) -> None:
    s = nlc.ConfigSet(guide_objects)
    assert [d for d in s.validate() if d["severity"] == "error"] == []


def test_unknown_release() -> None:
    with pytest.raises(ValueError, match="v2.0"):
        nlc.ConfigSet().validate(release="v2.0")


def test_broken_reference_has_file_line_column(tmp_path: pathlib.Path, models_config: pathlib.Path) -> None:
    text = (models_config / "servicebackend" / "nrp.yaml").read_text()
    assert "name: envoy-ai-gateway-nrp-qwen\n" in text
    broken = text.replace(
        "    kind: Backend\n    name: envoy-ai-gateway-nrp-qwen\n",
        "    kind: Backend\n    name: envoy-ai-gateway-nrp-qwenn\n",
        1,
    )
    assert broken != text
    f = tmp_path / "servicebackends.yaml"
    f.write_text(broken)
    s = nlc.load(f, models_config / "backend")
    diags = s.validate()
    errors = [d for d in diags if d["severity"] == "error"]
    assert len(errors) == 1
    [e] = errors
    assert set(e) == KEYS
    assert e["code"] == "invalid_reference"
    assert e["kind"] == "AIServiceBackend"
    assert e["namespace"] == "nrp-llm"
    assert e["path"] == "spec.backendRef.name"
    assert e["file"] == str(f)
    line = broken.splitlines()[e["line"] - 1]
    assert line[e["column"] - 1 :].startswith("envoy-ai-gateway-nrp-qwenn") or "qwenn" in line
    with pytest.raises(nlc.ValidationError) as info:
        s.check()
    assert [x for x in info.value.errors() if x["severity"] == "error"] == errors


def test_too_many_rules(guide_objects: list[nlc.Resource]) -> None:
    route = guide_objects[-1].to_dict()
    rule = route["spec"]["rules"][0]
    route["spec"]["rules"] = [
        {**rule, "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": f"m{i}"}]}]}
        for i in range(16)
    ]
    objs = guide_objects[:-1] + [nlc.AIGatewayRoute.from_dict(route)]
    errors = [d for d in nlc.ConfigSet(objs).validate() if d["severity"] == "error"]
    assert errors
    assert {(d["code"], d["path"]) for d in errors} <= {("too_many", "spec.rules"), ("rule_limit", "spec.rules")}
    assert any("16" in d["message"] for d in errors)
    # 15 rules fit.
    route["spec"]["rules"] = route["spec"]["rules"][:15]
    objs = guide_objects[:-1] + [nlc.AIGatewayRoute.from_dict(route)]
    assert [d for d in nlc.ConfigSet(objs).validate() if d["severity"] == "error"] == []


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(nlc.ValidationError, ValueError)
    e = nlc.ValidationError("boom", [{"code": "x"}])
    assert str(e) == "boom"
    assert e.errors() == [{"code": "x"}]


def test_validate_paths_matches_load_then_validate(models_config: pathlib.Path, tmp_path: pathlib.Path) -> None:
    # A broken copy: one file with a dangling reference and a duplicate of an example file.
    for f in models_config.rglob("*.yaml"):
        target = tmp_path / f.relative_to(models_config)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.read_text())
    first = sorted(tmp_path.rglob("*.yaml"))[0]
    (tmp_path / "zz-dup.yaml").write_text(first.read_text())
    (tmp_path / "zz-asb.yaml").write_text(nlc.AIServiceBackend.openai("q", "nrp-llm", "gone").to_yaml())
    for release in ["v0.5", "v1.1"]:
        streamed = nlc.validate_paths(tmp_path, release=release)
        assert streamed == nlc.load(tmp_path).validate(release=release)
        codes = {d["code"] for d in streamed}
        assert {"duplicate_object", "invalid_reference"} <= codes
        assert all(set(d) == KEYS for d in streamed)


def test_validate_paths_errors() -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        nlc.validate_paths("/nowhere/at/all")
    with pytest.raises(TypeError):
        nlc.validate_paths()
    with pytest.raises(ValueError, match="v2.0"):
        nlc.validate_paths(".", release="v2.0")


def test_error_details_type_names_every_key(models_config: pathlib.Path) -> None:
    assert set(nlc.ErrorDetails.__annotations__) == KEYS
    assert nlc.ErrorDetails.__required_keys__ == frozenset(KEYS)


def test_release_defaults_to_the_newest(models_config: pathlib.Path) -> None:
    s = nlc.load(models_config)
    assert s.validate() == s.validate(release=nlc.DEFAULT_RELEASE) == s.validate(release=None)
    assert nlc.validate_paths(models_config) == nlc.validate_paths(models_config, release=nlc.DEFAULT_RELEASE)


SECRET_VALUES = ["sk-proj-PYLEAK01abcdefghijklmnop", "PYLEAK02stringdata", "PYLEAK03dup", "PYLEAK04dup"]


def test_secret_values_never_appear_in_errors(tmp_path: pathlib.Path) -> None:
    (tmp_path / "policy.yaml").write_text(
        "apiVersion: aigateway.envoyproxy.io/v1alpha1\nkind: BackendSecurityPolicy\n"
        "metadata: {name: p, namespace: nrp-llm}\nspec:\n  type: APIKey\n"
        f"  apiKey:\n    secretRef: {{name: {SECRET_VALUES[0]}}}\n"
        "---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: nrp-llm}\n"
        f"stringData:\n  apiKey: {SECRET_VALUES[1]}\n"
    )
    (tmp_path / "broken.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: d, namespace: nrp-llm}\n"
        f"stringData:\n  k: {SECRET_VALUES[2]}\n  k: {SECRET_VALUES[3]}\n"
    )
    s = nlc.load(tmp_path)
    diags = s.validate()
    codes = [d["code"] for d in diags]
    assert "secret_literal" in codes
    assert "secret_in_folder" in codes
    with pytest.raises(nlc.ValidationError) as info:
        s.check()
    shown = repr(diags) + str(info.value) + repr(info.value.errors())
    for value in SECRET_VALUES:
        assert value not in shown


def test_validate_paths_namespace(tmp_path: pathlib.Path) -> None:
    # Objects without metadata.namespace refer to each other; --namespace places them.
    asb = nlc.AIServiceBackend.openai("q", "nrp-llm", "b").to_yaml().replace("  namespace: nrp-llm\n", "")
    backend = (
        "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: Backend\nmetadata:\n  name: b\n"
        "spec:\n  endpoints:\n  - fqdn: {hostname: b.example, port: 443}\n"
    )
    (tmp_path / "asb.yaml").write_text(asb)
    (tmp_path / "backend.yaml").write_text(backend)
    assert "namespace" not in asb
    assert [e for e in nlc.validate_paths(tmp_path) if e["severity"] == "error"] == []
    placed = nlc.validate_paths(tmp_path, namespace="team-a")
    assert [e for e in placed if e["severity"] == "error"] == []
    # Only the Backend placed elsewhere: the reference says where it is.
    (tmp_path / "backend.yaml").write_text(backend.replace("  name: b\n", "  name: b\n  namespace: other\n"))
    errors = [e for e in nlc.validate_paths(tmp_path, namespace="team-a") if e["severity"] == "error"]
    assert [e["code"] for e in errors] == ["invalid_reference"]
    assert "exists in namespace other" in errors[0]["hint"]
