"""Writing query results: SPARQL JSON/XML/CSV/TSV (serialized by Oxigraph, streamed), a plain
text table for people, and graphs in the RDF formats. Imports pyoxigraph and the standard
library only.
"""

from __future__ import annotations

import json
from typing import IO, Mapping

import pyoxigraph as ox

from cqcgraph import media_types
from cqcgraph.store import RDF_FORMATS

#: Oxigraph's format for each result format of the one table (:mod:`cqcgraph.media_types`).
def _results_format(media_type: str) -> ox.QueryResultsFormat:
    found = ox.QueryResultsFormat.from_media_type(media_type)
    if found is None:  # pragma: no cover - a format Oxigraph does not write
        raise ValueError(f"Oxigraph has no query results format {media_type!r}")
    return found


RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    f.name: _results_format(f.media_type) for f in media_types.RESULT_FORMATS}


def write_graph(
    triples: ox.QueryTriples, output: IO[bytes], fmt: str, *, prefixes: Mapping[str, str] | None = None
) -> None:
    kwargs = {"prefixes": dict(prefixes)} if prefixes and fmt in media_types.PREFIX_FORMAT_NAMES else {}
    triples.serialize(output, format=RDF_FORMATS[fmt], **kwargs)


def write_results(
    results: ox.QuerySolutions | ox.QueryBoolean,
    output: IO[bytes],
    fmt: str,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> None:
    """SELECT or ASK results in ``fmt`` (``table`` or a SPARQL results format)."""
    if fmt == "table":
        output.write(table(results, prefixes=prefixes).encode("utf-8"))
        return
    results.serialize(output, format=RESULT_FORMATS[fmt])


def short(term: object, prefixes: Mapping[str, str] | None) -> str:
    """A term for people: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, ns in sorted((prefixes or {}).items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns) and term.value != ns:
                return f"{name}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table(
    results: ox.QuerySolutions | ox.QueryBoolean, *, prefixes: Mapping[str, str] | None = None
) -> str:
    """A text table (the whole result: for the terminal, not for big exports)."""
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    names = [v.value for v in results.variables]
    rows = [[short(solution[n], prefixes) for n in names] for solution in results]
    return _table(names, rows)


def table_from_json(data: bytes, *, prefixes: Mapping[str, str] | None = None) -> str:
    r"""The same text table as :func:`table`, from SPARQL 1.1 JSON results (what the query
    engine streams).

    >>> table_from_json(b'{"head": {"vars": ["x", "n"]}, "results": {"bindings": ['
    ...     b'{"x": {"type": "uri", "value": "http://schema.org/name"},'
    ...     b' "n": {"type": "literal", "value": "Fastrack Scan"}}]}}',
    ...     prefixes={"schema": "http://schema.org/"}).splitlines()
    ['x            n', '-----------  -------------', 'schema:name  Fastrack Scan', '(1 row)']
    >>> table_from_json(b'{"head": {}, "boolean": true}')
    'true\n'
    """
    answer = json.loads(data)
    if "boolean" in answer:
        return ("true" if answer["boolean"] else "false") + "\n"
    names = list(answer["head"].get("vars", []))
    rows = [[_short_json(binding.get(n), prefixes) for n in names]
            for binding in answer["results"]["bindings"]]
    return _table(names, rows)


def _short_json(term: dict | None, prefixes: Mapping[str, str] | None) -> str:
    """:func:`short` of a term in SPARQL JSON results."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return short(ox.NamedNode(term["value"]), prefixes)
    if term["type"] == "bnode":
        return "_:" + term["value"]
    if term["type"] == "triple":
        parts = [_short_json(term["value"][k], None) for k in ("subject", "predicate", "object")]
        return "<< " + " ".join(parts) + " >>"
    return str(term["value"])


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
