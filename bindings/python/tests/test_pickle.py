"""pickle and deepcopy of resources and catalogs (notebooks hand them to worker processes)."""

from __future__ import annotations

import copy
import pathlib
import pickle

import pytest

import nrp_llm_config as nlc


def test_every_guide_object_round_trips(guide_objects: list[nlc.Resource]) -> None:
    assert len({type(o) for o in guide_objects}) >= 4
    for o in guide_objects:
        for back in (pickle.loads(pickle.dumps(o)), copy.deepcopy(o)):
            assert type(back) is type(o)
            assert back == o
            assert back.to_dict() == o.to_dict()


def test_plain_resource_and_loaded_objects_round_trip(models_config: pathlib.Path) -> None:
    cm = nlc.Resource.from_dict({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "v"}})
    back = pickle.loads(pickle.dumps(cm))
    assert type(back) is nlc.Resource and back.to_dict() == cm.to_dict()
    objects = list(nlc.load(models_config))
    assert pickle.loads(pickle.dumps(objects)) == objects


def test_catalog_round_trips(catalog_path: pathlib.Path) -> None:
    c = nlc.Catalog.load(catalog_path)
    back = pickle.loads(pickle.dumps(c))
    assert back == c
    assert back.to_dict() == c.to_dict()


def test_sets_and_plans_refuse_to_pickle(models_config: pathlib.Path) -> None:
    s = nlc.load(models_config)
    with pytest.raises(TypeError):
        pickle.dumps(s)
    with pytest.raises(TypeError):
        pickle.dumps(nlc.plan(s, s))
