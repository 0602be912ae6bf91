"""The generated typed dicts (``nrp_llm_config._types``), the typed helpers, and what mypy makes
of spec dict literals (``tests/typing/``) and of the example notebook."""

from __future__ import annotations

import pathlib
import re
import runpy
import subprocess
import sys
import typing

import pytest

import nrp_llm_config as nlc
from nrp_llm_config import _nrp_llm_config as native
from nrp_llm_config import _types

TYPING = pathlib.Path(__file__).resolve().parent / "typing"
KINDS = [c for c in vars(native).values() if isinstance(c, type) and issubclass(c, nlc.Resource) and c is not nlc.Resource]


@pytest.fixture(scope="session")
def mypy_errors(root: pathlib.Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str]]]:
    """mypy --strict over the two spec files and the example notebook (one run), as
    {file name: [(line, message)]}."""
    files = [TYPING / "spec_mistakes.py", TYPING / "spec_fixed.py", root / "examples" / "python" / "catalog_notebook.py"]
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
         "--cache-dir", str(tmp_path_factory.mktemp("mypy-cache")), *map(str, files)],
        cwd=tmp_path_factory.mktemp("mypy-cwd"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr
    out: dict[str, list[tuple[int, str]]] = {f.name: [] for f in files}
    for line in run.stdout.splitlines():
        m = re.match(r"(.+?):(\d+): error: (.*)", line)
        if m:
            out[pathlib.Path(m[1]).name].append((int(m[2]), m[3]))
        else:
            assert ": note: " in line, line
    return out


def test_mypy_reports_each_of_the_ten_mistakes_on_its_line(mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    lines = (TYPING / "spec_mistakes.py").read_text().splitlines()
    marked = {i for i, line in enumerate(lines, 1) if re.search(r"# MISTAKE \d+", line)}
    assert len(marked) == 10
    reported = {line for line, _ in mypy_errors["spec_mistakes.py"]}
    assert reported == marked, mypy_errors["spec_mistakes.py"]
    messages = " ".join(m for _, m in mypy_errors["spec_mistakes.py"])
    # Misspelt keys and wrong enum values are named as such.
    assert 'Extra key "matchs" for TypedDict "AIGatewayRouteRule"' in messages
    assert "Literal['Exakt']" in messages and "Literal['InputTokens']" in messages


def test_the_fixed_file_is_clean_and_valid_at_runtime(mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    assert mypy_errors["spec_fixed.py"] == []
    made = runpy.run_path(str(TYPING / "spec_fixed.py"))
    for name in ["route", "service", "backend", "policy"]:
        assert made[name].validate() == [], name
    assert made["catalog"].check() == []


def test_the_example_notebook_passes_mypy_strict(mypy_errors: dict[str, list[tuple[int, str]]]) -> None:
    assert mypy_errors["catalog_notebook.py"] == []


def test_generated_names_are_exported_and_shadow_nothing() -> None:
    assert len(_types.__all__) == len(set(_types.__all__)) > 100
    for name in _types.__all__:
        assert getattr(nlc, name) is getattr(_types, name)
        assert name in nlc.__all__
        assert not hasattr(native, name), f"{name} would hide a class of the native module"


def test_every_kind_and_version_has_its_typed_dicts() -> None:
    assert len(KINDS) >= 10
    for cls in KINDS:
        spec = getattr(nlc, f"{cls.KIND}Spec")
        assert typing.is_typeddict(spec), cls.KIND
        # The object type of the default version names that version and kind.
        hints = typing.get_type_hints(getattr(nlc, f"{cls.KIND}Dict"))
        assert typing.get_args(hints["apiVersion"]) == (cls.DEFAULT_API_VERSION,)
        assert typing.get_args(hints["kind"]) == (cls.KIND,)
        assert hints["spec"] is spec
    # A second version gets its own spec when it differs.
    assert nlc.AIGatewayRouteSpecV1beta1 is not nlc.AIGatewayRouteSpec
    assert "targetRefs" in nlc.AIGatewayRouteSpec.__annotations__
    assert "targetRefs" not in nlc.AIGatewayRouteSpecV1beta1.__annotations__


def test_optional_fields_and_enums_at_runtime() -> None:
    assert nlc.AIGatewayRouteRuleBackendRef.__required_keys__ == frozenset({"name"})
    assert nlc.AIGatewayRouteSpec.__required_keys__ == frozenset({"rules"})
    assert "priority" in nlc.AIGatewayRouteRuleBackendRef.__optional_keys__
    values = {typing.get_args(a)[0] for a in typing.get_args(nlc.LlmRequestCostType)}
    assert {"InputToken", "OutputToken", "TotalToken", "CEL"} <= values
    assert set(nlc.CatalogModel.__annotations__) == set(nlc.Catalog.json_schema()["$defs"]["Model"]["properties"])


def test_rule_helper_mirrors_for_model() -> None:
    r = nlc.AIGatewayRoute.rule(
        "qwen3",
        ["qwen", nlc.AIGatewayRoute.backend_ref("qwen-sdsc", priority=1, override="Qwen/Qwen3-SDSC")],
        override="Qwen/Qwen3",
        timeout="1200s",
        owner="NRP",
        name="qwen3",
    )
    assert r == {
        "name": "qwen3",
        "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "qwen3"}]}],
        "backendRefs": [
            {"name": "qwen", "modelNameOverride": "Qwen/Qwen3"},
            {"name": "qwen-sdsc", "modelNameOverride": "Qwen/Qwen3-SDSC", "priority": 1},
        ],
        "timeouts": {"request": "1200s"},
        "modelsOwnedBy": "NRP",
    }
    assert nlc.AIGatewayRoute.rule("m", ["b"]) == {
        "matches": [{"headers": [{"type": "Exact", "name": "x-ai-eg-model", "value": "m"}]}],
        "backendRefs": [{"name": "b"}],
    }
    route = nlc.AIGatewayRoute("r", "nrp-llm", {"parentRefs": [{"name": "gw"}], "rules": [r]})
    assert route.validate() == []
    assert route.spec is not None and route.spec["rules"] == [r]


def test_rule_helper_errors() -> None:
    with pytest.raises(TypeError, match="not one string"):
        nlc.AIGatewayRoute.rule("m", "qwen")  # type: ignore[arg-type]
    with pytest.raises(nlc.ValidationError) as info:
        nlc.AIGatewayRoute.rule("m", ["a", {"name": "b", "weight": "heavy"}])  # type: ignore[list-item]
    [e] = info.value.errors()
    assert (e["code"], e["path"]) == ("invalid_type", "backends[1].weight")


def test_backend_ref_helpers() -> None:
    assert nlc.AIGatewayRoute.backend_ref("b") == {"name": "b"}
    assert nlc.AIGatewayRoute.backend_ref("b", weight=2, priority=0, override="o", namespace="ns") == {
        "name": "b", "namespace": "ns", "modelNameOverride": "o", "weight": 2, "priority": 0,
    }
    assert nlc.Catalog.model_backend("b") == "b"
    assert nlc.Catalog.model_backend("b", weight=2, priority=1, upstream="u") == {
        "name": "b", "weight": 2, "priority": 1, "upstream": "u",
    }
    with pytest.raises(OverflowError):
        nlc.Catalog.model_backend("b", weight=-1)
    c = nlc.Catalog(
        gateway={"namespace": "nrp-llm", "parentRef": {"name": "gw"}},
        backends=[{"name": n, "endpoint": {"fqdn": f"{n}.nrp-llm.svc.cluster.local", "port": 5000}} for n in "ab"],
    )
    c.add_model("m", [nlc.Catalog.model_backend("a"), nlc.Catalog.model_backend("b", priority=1)])
    route = next(o for o in c.compile() if o["kind"] == "AIGatewayRoute")
    assert route["spec"]["rules"][0]["backendRefs"] == [{"name": "a"}, {"name": "b", "priority": 1}]


def test_validation_error_details_are_the_typed_dict() -> None:
    with pytest.raises(nlc.ValidationError) as info:
        nlc.Backend("b", "nrp-llm", {"endpoints": [{"fqdn": {"hostname": "h", "port": "x"}}]})  # type: ignore[typeddict-item]
    [e] = info.value.errors()
    assert set(e) == set(nlc.ErrorDetails.__annotations__)
    assert e["severity"] in typing.get_args(nlc.ErrorDetails.__annotations__["severity"])
    assert e["path"] == "spec.endpoints[0].fqdn.port"
