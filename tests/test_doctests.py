"""The examples in docstrings run (documentation that cannot go stale)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cqcgraph

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(cqcgraph.__path__, "cqcgraph.")
    if m.name not in {"cqcgraph.__main__"}
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
