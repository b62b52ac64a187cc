"""Named queries: the ``.rq`` files of ``queries/`` with their headers, and safe binding of their
parameters (values are bound as RDF terms through substitutions, never pasted into the text).

A header is the leading ``#`` comment block::

    # title: Rating history of a location
    # description: Every rating published for one location, oldest first.
    # param: location iri The location (its cqcgraph IRI)
    # param: year literal? An optional year

``param: NAME KIND[?] DESCRIPTION`` where KIND is ``iri``, ``literal``, ``integer`` or ``date``
and a trailing ``?`` makes it optional. Imports pyoxigraph, ``resources`` and the standard
library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cqcgraph.errors import CqcgraphError
from cqcgraph.resources import data_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QueryParameterError(CqcgraphError, ValueError):
    """A named query's parameter is missing, unknown or of the wrong form."""

    status, exit = 400, 2


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    optional: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    federated: bool = False

    def bind(self, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """RDF terms for the given parameter values, checked against the header."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryParameterError(
                f"query {self.name!r} has no parameter {unknown[0]!r}"
                f" (it takes: {', '.join(known) or 'none'})"
            )
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for param in self.parameters:
            raw = values.get(param.name)
            if raw is None or raw == "":
                if not param.optional:
                    raise QueryParameterError(
                        f"query {self.name!r} needs parameter {param.name!r}: {param.description}"
                    )
                continue
            bound[param.name] = _term(param, raw)
        return bound


def _term(param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
    if param.kind == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
            raise QueryParameterError(f"parameter {param.name!r} must be an absolute IRI")
        return ox.NamedNode(raw)
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", raw.strip()):
            raise QueryParameterError(f"parameter {param.name!r} must be an integer")
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "integer"))
    if param.kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            raise QueryParameterError(f"parameter {param.name!r} must be a date YYYY-MM-DD")
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(raw)


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the header of one ``.rq`` file."""
    title, description, params = name, "", []
    federated = False
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        key, _, value = body.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        elif key == "param":
            pname, kind, *rest = value.split(None, 2)
            optional = kind.endswith("?")
            params.append(Parameter(pname, kind.rstrip("?"), optional, rest[0] if rest else ""))
        elif key == "federated":
            federated = value.lower() in {"yes", "true"}
    return NamedQuery(name, title, description, tuple(params), text, federated)


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries, by name (the file's stem), sorted."""
    folder = folder or data_dir("queries")
    out = {}
    for path in sorted(folder.glob("*.rq")):
        if _NAME.match(path.stem):
            out[path.stem] = parse_named_query(path.stem, path.read_text(encoding="utf-8"))
    return out


def get_named_query(name: str) -> NamedQuery | None:
    return named_queries().get(name) if _NAME.match(name) else None
