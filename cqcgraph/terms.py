"""The project's own small RDF terms and query results: what the core API answers in.

Plain frozen dataclasses, no engine types: :mod:`cqcgraph.store` converts Oxigraph's terms
to these and back, so no other module needs pyoxigraph to read an answer. Imports the
standard library only.

>>> str(iri("https://cqcgraph.example/id/location/1-1"))
'<https://cqcgraph.example/id/location/1-1>'
>>> str(literal('say "hi"\\n', language="en"))
'"say \\\\"hi\\\\"\\\\n"@en'
>>> str(literal("3", datatype=XSD_INTEGER))
'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal as Kind

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class Term:
    """An IRI, a blank node or a literal. ``value`` is the IRI, the blank node's label or the
    literal's lexical form; ``datatype`` and ``language`` are set for literals only."""

    kind: Kind["iri", "bnode", "literal"]
    value: str
    datatype: str | None = None
    language: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.kind == "iri"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"

    def __str__(self) -> str:
        """The term in N-Triples."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        quoted = '"' + "".join(_escape(c) for c in self.value) + '"'
        if self.language:
            return f"{quoted}@{self.language}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{quoted}^^<{self.datatype}>"
        return quoted


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if ord(c) < 0x20 or ord(c) == 0x7F:
        return f"\\u{ord(c):04X}"
    return c


def iri(value: str) -> Term:
    return Term("iri", value)


def literal(value: str, *, datatype: str | None = None, language: str | None = None) -> Term:
    if language:
        return Term("literal", value, RDF_LANG_STRING, language)
    return Term("literal", value, datatype or XSD_STRING)


@dataclass(frozen=True)
class Quad:
    """A triple and the graph it is in (``graph`` None: the default graph)."""

    subject: Term
    predicate: Term
    object: Term
    graph: Term | None = None

    def ntriples(self) -> str:
        """The triple as one N-Triples line (graph dropped)."""
        return f"{self.subject} {self.predicate} {self.object} ."


@dataclass(frozen=True)
class Solutions:
    """A SELECT's answer: the variables in order and the rows, each a dict from a variable
    name to its term (an unbound variable has no key)."""

    variables: tuple[str, ...]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Term]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[dict[str, str | None]]:
        """The rows as dicts of plain strings (None for an unbound variable)."""
        return [{v: (row[v].value if v in row else None) for v in self.variables}
                for row in self.rows]


@dataclass(frozen=True)
class Boolean:
    """An ASK's answer."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT's or DESCRIBE's answer: its triples (as :class:`Quad` without graph)."""

    triples: list[Quad] = field(default_factory=list)

    def __iter__(self) -> Iterator[Quad]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def ntriples(self) -> Iterator[str]:
        """The answer as a stream of N-Triples lines."""
        for t in self.triples:
            yield t.ntriples() + "\n"


Result = Solutions | Boolean | Triples
