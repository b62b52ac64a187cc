"""The web shell: the SPARQL 1.1 Protocol endpoint, the Graph Store Protocol, linked-data pages
and the query UI. ``create_app`` (in :mod:`cqcgraph.web.app`) is the factory; ``serve.run`` starts
it under gunicorn. Importing this package does nothing else (but keep the old names below).

The query engine moved to :mod:`cqcgraph.sparql`; its modules are still importable under their
former names here (``cqcgraph.web.protocol`` is ``cqcgraph.sparql.protocol``) while code that
uses them moves over. New code imports :mod:`cqcgraph.sparql`."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types

_MOVED = {f"cqcgraph.web.{name}": f"cqcgraph.sparql.{name}" for name in (
    "protocol", "service_analysis", "service_guard", "workers", "query_worker", "update_text")}


class _MovedLoader(importlib.abc.Loader):
    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        name = module.__name__
        sys.modules[name] = importlib.import_module(_MOVED[name])


class _MovedFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name not in _MOVED:
            return None
        return importlib.machinery.ModuleSpec(name, _MovedLoader())


if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
    sys.meta_path.append(_MovedFinder())
