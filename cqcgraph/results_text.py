"""SPARQL query results written from rows kept outside the engine (the index of locations'
copy of a named query's rows), in the result formats a whole list is streamed in: CSV
(SPARQL 1.1 Query Results CSV and TSV Formats, section 2), JSON (SPARQL 1.1 Query Results
JSON Format) and XML (SPARQL Query Results XML Format), written as Oxigraph writes them.

A row is one cell per variable: ``None`` (unbound) or ``(value, kind)``, where the kind is
``"<"`` for an IRI, ``"_"`` for a blank node, ``"@lang"`` for a literal with a language
tag, ``"^^datatype"`` for a typed literal, and ``""`` for a plain string (``xsd:string``).
Imports the standard library only.

>>> rows = [(("http://example.org/a", "<"), ("Oak House", ""), None)]
>>> b"".join(write(rows, ("location", "name", "date"), "csv"))
b'location,name,date\\r\\nhttp://example.org/a,Oak House,\\r\\n'
"""

from __future__ import annotations

import functools
import json
import re
from typing import Iterable, Iterator, Sequence

Cell = tuple[str, str] | None
#: The formats this module writes (the names of :mod:`cqcgraph.media_types`' result formats).
FORMATS = ("csv", "json", "xml")
#: Rows written into one piece of the stream.
CHUNK = 2000


def write(rows: Iterable[Sequence[Cell]], variables: Sequence[str], fmt: str
          ) -> Iterator[bytes]:
    """The answer ``rows`` (cells in the order of ``variables``) in ``fmt``, in pieces."""
    if fmt not in FORMATS:
        raise ValueError(f"results are written here as {', '.join(FORMATS)}, not {fmt}")
    head, row, sep, tail = _WRITERS[fmt](variables)
    out: list[str] = [head]
    first = True
    for cells in rows:
        if not first and sep:
            out.append(sep)
        first = False
        out.append(row(cells))
        if len(out) >= CHUNK:
            yield "".join(out).encode("utf-8")
            out = []
    out.append(tail)
    yield "".join(out).encode("utf-8")


def _csv_value(cell: Cell) -> str:
    if cell is None:
        return ""
    value = cell[0]
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv(variables: Sequence[str]):
    def row(cells: Sequence[Cell]) -> str:
        return ",".join(_csv_value(c) for c in cells) + "\r\n"
    return ",".join(variables) + "\r\n", row, "", ""


_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f]')


def _json_string(value: str) -> str:
    if _JSON_ESCAPED.search(value) is None:
        return '"' + value + '"'
    return json.dumps(value, ensure_ascii=False)


@functools.lru_cache(maxsize=1024)
def _json_kind(kind: str) -> tuple[str, str]:
    """What a term of ``kind`` is written between: before its value, and after."""
    if kind == "<":
        return '{"type":"uri","value":', "}"
    if kind == "_":
        return '{"type":"bnode","value":', "}"
    if kind.startswith("@"):
        return '{"type":"literal","value":', ',"xml:lang":' + _json_string(kind[1:]) + "}"
    if kind.startswith("^^"):
        return '{"type":"literal","value":', ',"datatype":' + _json_string(kind[2:]) + "}"
    return '{"type":"literal","value":', "}"


def _json_term(cell: tuple[str, str]) -> str:
    before, after = _json_kind(cell[1])
    return before + _json_string(cell[0]) + after


def _json(variables: Sequence[str]):
    names = [json.dumps(v) for v in variables]

    def row(cells: Sequence[Cell]) -> str:
        return "{" + ",".join(f"{name}:{_json_term(c)}" for name, c in zip(names, cells,
                                                                           strict=True)
                              if c is not None) + "}"
    head = '{"head":{"vars":[' + ",".join(names) + ']},"results":{"bindings":['
    return head, row, ",", "]}}"


def _xml_text(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def _xml_term(cell: tuple[str, str]) -> str:
    value, kind = cell
    if kind == "<":
        return f"<uri>{_xml_text(value)}</uri>"
    if kind == "_":
        return f"<bnode>{_xml_text(value)}</bnode>"
    if kind.startswith("@"):
        return f'<literal xml:lang="{_xml_text(kind[1:])}">{_xml_text(value)}</literal>'
    if kind.startswith("^^"):
        return f'<literal datatype="{_xml_text(kind[2:])}">{_xml_text(value)}</literal>'
    return f"<literal>{_xml_text(value)}</literal>"


def _xml(variables: Sequence[str]):
    names = [_xml_text(v) for v in variables]

    def row(cells: Sequence[Cell]) -> str:
        return "<result>" + "".join(
            f'<binding name="{name}">{_xml_term(c)}</binding>'
            for name, c in zip(names, cells, strict=True) if c is not None) + "</result>"
    head = ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
            + "".join(f'<variable name="{n}"/>' for n in names) + "</head><results>")
    return head, row, "", "</results></sparql>"


_WRITERS = {"csv": _csv, "json": _json, "xml": _xml}
