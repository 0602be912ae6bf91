"""The kind classes (core module `resources`): constructors, dict/YAML round trips, errors."""

from __future__ import annotations

import pathlib

import pytest

import nrp_llm_config as nlc

GW_REF = {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "envoy-ai-gateway-nrp"}
# Per kind: API group, class, and a small valid spec.
KINDS = {
    "AIGatewayRoute": ("aigateway.envoyproxy.io", nlc.AIGatewayRoute, {"parentRefs": [GW_REF], "rules": []}),
    "AIServiceBackend": ("aigateway.envoyproxy.io", nlc.AIServiceBackend,
                         {"schema": {"name": "OpenAI"}, "backendRef": {"name": "b", "kind": "Backend", "group": "gateway.envoyproxy.io"}}),
    "BackendSecurityPolicy": ("aigateway.envoyproxy.io", nlc.BackendSecurityPolicy,
                              {"type": "APIKey", "apiKey": {"secretRef": {"name": "k"}}}),
    "Backend": ("gateway.envoyproxy.io", nlc.Backend, {"endpoints": [{"ip": {"address": "10.0.0.7", "port": 80}}]}),
    "SecurityPolicy": ("gateway.envoyproxy.io", nlc.SecurityPolicy, {"targetRefs": [GW_REF]}),
    "ClientTrafficPolicy": ("gateway.envoyproxy.io", nlc.ClientTrafficPolicy, {"targetRefs": [GW_REF]}),
    "EnvoyProxy": ("gateway.envoyproxy.io", nlc.EnvoyProxy, {"logging": {"level": {"default": "warn"}}}),
    "Gateway": ("gateway.networking.k8s.io", nlc.Gateway,
                {"gatewayClassName": "envoy", "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]}),
    "GatewayClass": ("gateway.networking.k8s.io", nlc.GatewayClass,
                     {"controllerName": "gateway.envoyproxy.io/gatewayclass-controller"}),
    "HTTPRoute": ("gateway.networking.k8s.io", nlc.HTTPRoute, {"parentRefs": [GW_REF], "hostnames": ["llm.example.org"]}),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_class(kind: str) -> None:
    group, cls, spec = KINDS[kind]
    assert cls.KIND == kind
    assert cls.GROUP == group
    assert cls.DEFAULT_API_VERSION.startswith(group + "/")
    assert issubclass(cls, nlc.Resource)
    namespace = None if kind == "GatewayClass" else "nrp-llm"
    obj = cls("x", namespace, spec)
    assert obj.kind == kind
    assert obj.api_version == cls.DEFAULT_API_VERSION
    assert (obj.name, obj.namespace) == ("x", namespace)
    assert obj.spec == spec
    assert obj.validate() == [], obj.validate()
    assert type(nlc.Resource.from_dict(obj.to_dict())) is cls
    assert cls.from_yaml(obj.to_yaml()) == obj
    # Typed kinds need a spec with their required fields.
    with pytest.raises(nlc.ValidationError, match="spec"):
        cls("x", namespace)


def test_keyword_constructor_writes_the_yaml_shape() -> None:
    b = nlc.AIServiceBackend(
        "qwen",
        "nrp-llm",
        {"schema": {"name": "OpenAI"}, "backendRef": {"name": "qwen", "kind": "Backend", "group": "gateway.envoyproxy.io"}},
        labels={"app": "llm"},
    )
    assert b.to_dict() == {
        "apiVersion": "aigateway.envoyproxy.io/v1alpha1",
        "kind": "AIServiceBackend",
        "metadata": {"name": "qwen", "namespace": "nrp-llm", "labels": {"app": "llm"}},
        "spec": {
            "schema": {"name": "OpenAI"},
            "backendRef": {"name": "qwen", "kind": "Backend", "group": "gateway.envoyproxy.io"},
        },
    }
    # Same object as the convenience constructor, apart from the label.
    plain = nlc.AIServiceBackend.openai("qwen", "nrp-llm", "qwen")
    d = b.to_dict()
    del d["metadata"]["labels"]
    assert nlc.AIServiceBackend.from_dict(d) == plain
    assert b != plain


def test_v1beta1_api_version() -> None:
    spec = {"parentRefs": [GW_REF], "rules": []}
    r = nlc.AIGatewayRoute("r", "nrp-llm", spec, api_version="aigateway.envoyproxy.io/v1beta1")
    assert r.api_version == "aigateway.envoyproxy.io/v1beta1"
    assert r.validate(release="v1.1") == []
    with pytest.raises(ValueError, match="API group"):
        nlc.AIGatewayRoute("r", "nrp-llm", spec, api_version="gateway.envoyproxy.io/v1alpha1")


def test_wrong_type_raises_validation_error_with_path() -> None:
    with pytest.raises(nlc.ValidationError) as info:
        nlc.AIGatewayRoute("r", "nrp-llm", {"rules": [{"backendRefs": [{"name": "b", "weight": "x"}]}]})
    assert isinstance(info.value, ValueError)
    [err] = info.value.errors()
    assert err["path"] == "spec.rules[0].backendRefs[0].weight"
    assert err["code"] == "invalid_type"
    assert err["kind"] == "AIGatewayRoute"
    assert (err["namespace"], err["name"]) == ("nrp-llm", "r")
    assert "spec.rules[0].backendRefs[0].weight" in str(info.value)
    # errors() hands out copies.
    info.value.errors()[0]["code"] = "changed"
    assert info.value.errors()[0]["code"] == "invalid_type"


def test_from_dict_checks_the_kind() -> None:
    d = nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000).to_dict()
    with pytest.raises(ValueError, match="expected a AIServiceBackend"):
        nlc.AIServiceBackend.from_dict(d)
    with pytest.raises(ValueError, match="apiVersion"):
        nlc.Resource.from_dict({"kind": "Backend"})
    with pytest.raises(TypeError):
        nlc.Resource.from_dict({"apiVersion": "v1", "kind": "X", "metadata": {"name": object()}})


def test_round_trip_of_every_example_object(models_config: pathlib.Path, live_dump: pathlib.Path) -> None:
    count = 0
    for source in (models_config, live_dump):
        for d in nlc.load(source):
            r = nlc.Resource.from_dict(d)
            assert r.to_dict() == d
            assert nlc.Resource.from_yaml(r.to_yaml()).to_dict() == d
            count += 1
    assert count > 46


def test_unknown_fields_are_kept(roundtrip_fixture: pathlib.Path) -> None:
    docs = list(nlc.load(roundtrip_fixture))
    route = docs[0]
    assert route["futureTopLevel"] == {"keep": "me"}
    r = nlc.AIGatewayRoute.from_dict(route)
    out = r.to_dict()
    assert out == route
    assert out["spec"]["futureSpecField"] == 42
    assert out["spec"]["rules"][0]["backendRefs"][0]["futureBackendRefField"] == {"nested": True}


def test_canonical_field_order() -> None:
    d = {
        "spec": {"endpoints": [{"fqdn": {"port": 80, "hostname": "a.example"}}]},
        "metadata": {"namespace": "ns", "name": "b"},
        "kind": "Backend",
        "apiVersion": "gateway.envoyproxy.io/v1alpha1",
    }
    out = nlc.Backend.from_dict(d).to_dict()
    assert out == d
    assert list(out) == ["apiVersion", "kind", "metadata", "spec"]


def test_from_yaml_errors() -> None:
    with pytest.raises(nlc.ValidationError) as info:
        nlc.Backend.from_yaml("apiVersion: v1\nkind: [\n", file="bad.yaml")
    [err] = info.value.errors()
    assert err["file"] == "bad.yaml"
    assert err["line"] is not None
    with pytest.raises(ValueError, match="expected one object, found 2"):
        nlc.Resource.from_yaml(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"
        )


def test_other_kinds_are_plain_resources() -> None:
    r = nlc.Resource.from_dict({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "v"}})
    assert type(r) is nlc.Resource
    assert r.to_dict()["data"] == {"k": "v"}
    assert repr(r) == "ConfigMap(name='a')"


def test_single_object_validation() -> None:
    ok = nlc.Backend.fqdn("b", "nrp-llm", "b.nrp-llm.svc.cluster.local", 5000)
    assert ok.validate() == []
    bad = nlc.Backend("b", "nrp-llm", {"endpoints": [{"fqdn": {"hostname": "b.example", "port": 70000}}]})
    errs = bad.validate(release="v0.4")
    assert [e["path"] for e in errs] == ["spec.endpoints[0].fqdn.port"]
    assert errs[0]["severity"] == "error"
    with pytest.raises(ValueError, match="v9"):
        ok.validate(release="v9")


def test_resources_are_immutable_and_unhashable() -> None:
    b = nlc.Backend.ip("b", "nrp-llm", "10.0.0.7", 8000)
    with pytest.raises(AttributeError):
        b.name = "c"  # type: ignore[misc]
    spec = b.spec
    assert spec is not None
    spec["endpoints"] = []
    assert b.spec != spec
    with pytest.raises(TypeError):
        hash(b)


def test_guide_objects(guide_objects: list[nlc.Resource]) -> None:
    kinds = [o.kind for o in guide_objects]
    assert kinds == ["Backend", "Backend", "AIServiceBackend", "AIServiceBackend", "BackendSecurityPolicy", "AIGatewayRoute"]
    for o in guide_objects:
        assert o.validate() == [], o
    route = guide_objects[-1]
    assert [r["matches"][0]["headers"][0]["value"] for r in route.spec["rules"]] == ["qwen3", "qwen3-nairr", "qwen3-combined"]
    text = route.to_yaml()
    assert "modelNameOverride: Qwen/Qwen3-235B-A22B-Thinking-2507-FP8" in text
