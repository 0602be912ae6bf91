"""Runs the examples in the docstrings of the package and its native module."""

from __future__ import annotations

import doctest
import inspect

import pytest

import nrp_llm_config as nlc
from nrp_llm_config import _nrp_llm_config as native


def _docstrings() -> list[tuple[str, str]]:
    out = [
        ("nrp_llm_config", nlc.__doc__ or ""),
        ("ErrorDetails", inspect.getdoc(nlc.ErrorDetails) or ""),
        ("PlanStep", inspect.getdoc(nlc.PlanStep) or ""),
    ]
    for name in sorted(dir(native)):
        obj = getattr(native, name)
        if name.startswith("__"):
            continue
        out.append((name, inspect.getdoc(obj) or ""))
        if inspect.isclass(obj):
            for attr, member in sorted(vars(obj).items()):
                if attr.startswith("__"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__  # the wrapper's own __doc__ is the builtin's
                doc = getattr(member, "__doc__", None)
                if isinstance(doc, str):
                    out.append((f"{name}.{attr}", inspect.cleandoc(doc)))
    return [(n, d) for n, d in out if ">>>" in d]


DOCS = _docstrings()


def test_there_are_examples() -> None:
    assert len(DOCS) >= 15


@pytest.mark.parametrize(("name", "doc"), DOCS, ids=[n for n, _ in DOCS])
def test_docstring_examples(name: str, doc: str) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(doc, {}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} example(s) failed"
