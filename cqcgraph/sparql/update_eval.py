"""A ``DELETE``/``INSERT … WHERE`` evaluated as a query over the union default graph, so the
update sent to the store does not list the store's graphs.

Oxigraph's update has no "default graph as union" option: the way to give an update's WHERE
the dataset a query sees is a ``USING`` and a ``USING NAMED`` for every graph of the store,
which at national scale (hundreds of thousands of document graphs) is megabytes of text and
a listing of every graph for each update. Instead, the first operation of a request, when it
is such a Modify without a dataset of its own (no ``WITH``, no ``USING``), is evaluated as the
SPARQL 1.1 Update says (section 3.1.3): its WHERE runs as ``SELECT *`` over the union default
graph, exactly as a query sees it (``GRAPH ?g`` over the named graphs), its templates are
instantiated from each solution (a fresh blank node per solution for a template's blank node;
a triple with an unbound variable, or that the bindings make ill-formed, is left out), and
the operation becomes ``DELETE DATA`` then ``INSERT DATA``, sent with the rest of the request
as one update: one transaction, all or nothing. Being first, nothing earlier in the request
could have changed what its WHERE sees.

When that cannot be done faithfully, :func:`evaluated` answers None and the caller keeps
Oxigraph's own evaluation: a later operation of the request that needs the union (its WHERE
must see what the earlier ones wrote), a solution that puts a blank node of the store in a
template (``DELETE DATA`` and ``INSERT DATA`` cannot name one), and text this reading does not
understand (the engine then reports the user's own syntax error, line and column).

Imports the update text analysis and the plain terms; the store it is given does the
evaluation (it is the only module touching Oxigraph).

>>> parts = modify_parts("PREFIX e: <http://e/> DELETE { GRAPH e:g { ?s e:p ?o } }"
...                      " WHERE { GRAPH e:g { ?s e:p ?o } } ; DROP GRAPH e:h")
>>> parts.query
'PREFIX e: <http://e/>\\nSELECT * WHERE { GRAPH e:g { ?s e:p ?o } }'
>>> parts.rest
' DROP GRAPH e:h'
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Protocol, Sequence

from cqcgraph.sparql import update_text
from cqcgraph.sparql.text import Token
from cqcgraph.terms import Quad, Term

#: What a template variable becomes while the template is read as TriG (an IRI no document
#: of cqcgraph's uses).
VARIABLE_IRI = "urn:x-cqcgraph-update-variable:"


class EvaluatingStore(Protocol):
    """What :func:`evaluated` needs of the store (:class:`cqcgraph.store.GraphStore`)."""

    def union_rows(self, sparql: str, *, base_iri: str | None
                   ) -> Iterator[dict[str, Term]]: ...

    def quad_template(self, trig: str, *, base_iri: str | None) -> list[Quad]: ...


@dataclass(frozen=True)
class ModifyParts:
    """The first operation of a request, a Modify over the union: the ``SELECT *`` of its
    WHERE (with the request's prologue), its templates as TriG (variables as
    :data:`VARIABLE_IRI` IRIs), the prologue, and the text of the operations after it."""

    query: str
    delete: str | None
    insert: str | None
    prologue: str
    rest: str


def modify_parts(text: str) -> ModifyParts | None:
    """The parts of ``text``'s first operation when it is a ``DELETE``/``INSERT … WHERE``
    without ``WITH`` or ``USING`` and no later operation needs the union; else None."""
    ops = update_text.operations(text)
    if not ops or ops[0].kind != "MODIFY" or ops[0].own_dataset or ops[0].where_offset is None:
        return None
    if any(op.kind == "MODIFY" and not op.own_dataset for op in ops[1:]):
        return None  # its WHERE must see what the first one writes: Oxigraph's own way
    toks = update_text.tokens(text)
    names = update_text._Names(None)
    start, end = next(update_text._operation_spans(toks, names))
    op = toks[start:end]
    templates: dict[str, str] = {}
    k = 0
    while k < len(op) and op[k].keyword in ("DELETE", "INSERT") and op[k].keyword not in templates:
        if k + 1 >= len(op) or op[k + 1].text != "{":
            return None
        close = update_text._close(op, k + 1)
        if close >= len(op):
            return None
        templates[op[k].keyword or ""] = _as_trig(text, op[k + 1:close + 1])
        k = close + 1
    if k + 1 >= len(op) or op[k].keyword != "WHERE" or op[k + 1].text != "{" \
            or update_text._close(op, k + 1) != len(op) - 1:
        return None
    prologue = "\n".join(names.prologue)
    pattern = text[op[k + 1].start:op[-1].end]
    rest = text[toks[end].end:] if end < len(toks) else ""
    return ModifyParts(f"{prologue}\nSELECT * WHERE {pattern}".lstrip("\n"),
                       templates.get("DELETE"), templates.get("INSERT"), prologue, rest)


def _as_trig(text: str, toks: Sequence[Token]) -> str:
    """The quad template ``toks`` (from its ``{`` to its ``}``) as the body of a TriG
    document: the braces dropped, each variable an IRI of :data:`VARIABLE_IRI`."""
    out, last = [], toks[0].end
    for tok in toks[1:-1]:
        if tok.kind == "var":
            out += [text[last:tok.start], f"<{VARIABLE_IRI}{tok.text[1:]}>"]
            last = tok.end
    out.append(text[last:toks[-1].start])
    return "".join(out)


def evaluated(store: EvaluatingStore, text: str, base_iri: str | None) -> str | None:
    """``text`` with its first operation evaluated (see the module's docstring): what to
    send to the store instead, whose size grows with what the operation changes and not
    with the number of graphs; None when Oxigraph must evaluate it itself. Raises what the
    store raises while running the WHERE (a SERVICE that fails, an evaluation error)."""
    parts = modify_parts(text)
    if parts is None:
        return None
    try:
        delete = _template(store, parts.prologue, parts.delete, base_iri)
        insert = _template(store, parts.prologue, parts.insert, base_iri)
        if delete and any(t.kind == "bnode" for q in delete for t in _terms(q)):
            return None  # a DELETE template may hold no blank node: the engine says so
        rows = store.union_rows(parts.query, base_iri=base_iri)
        removed, added = instantiate(delete, insert, rows)
    except (SyntaxError, _StoreBlankNode, TypeError):
        return None
    data = []
    if removed:
        data.append(f"DELETE DATA {{\n{_quad_data(removed)}\n}}")
    if added:
        data.append(f"INSERT DATA {{\n{_quad_data(added)}\n}}")
    body = " ;\n".join(data) or "INSERT DATA { }"
    if parts.rest.strip():
        body += " ;\n" + parts.rest
    return f"{parts.prologue}\n{body}" if parts.prologue else body


def _template(store: EvaluatingStore, prologue: str, trig: str | None,
              base_iri: str | None) -> list[Quad]:
    return [] if trig is None else store.quad_template(f"{prologue}\n{trig}", base_iri=base_iri)


class _StoreBlankNode(Exception):
    """A solution binds a blank node of the store into a template."""


def instantiate(delete: Sequence[Quad], insert: Sequence[Quad],
                rows: Iterable[Mapping[str, Term]]) -> tuple[list[Quad], list[Quad]]:
    """The quads the templates give over ``rows`` (SPARQL 1.1 Update, 3.1.3): each
    template quad with its variables (:data:`VARIABLE_IRI` IRIs) replaced by a solution's
    values, left out when one is unbound or the result is no RDF quad (a literal as subject
    or graph, a predicate that is no IRI); an ``INSERT`` template's blank node is a fresh one
    for each solution. Duplicates are dropped, the order kept.

    >>> x, g = Term("iri", VARIABLE_IRI + "x"), Term("iri", "http://g")
    >>> p = Term("iri", "http://p")
    >>> _, added = instantiate([], [Quad(Term("bnode", "b"), p, x, g)],
    ...                        [{"x": Term("iri", "http://1")}, {"x": Term("iri", "http://2")}, {}])
    >>> len(added), added[0].subject != added[1].subject
    (2, True)
    """
    fresh = uuid.uuid4().hex
    removed: dict[Quad, None] = {}
    added: dict[Quad, None] = {}
    for n, row in enumerate(rows):
        for quad in delete:
            if (found := _bound(quad, row, None)) is not None:
                removed[found] = None
        for quad in insert:
            if (found := _bound(quad, row, f"c{fresh}s{n}")) is not None:
                added[found] = None
    return list(removed), list(added)


def _bound(quad: Quad, row: Mapping[str, Term], fresh: str | None) -> Quad | None:
    """One template quad under one solution, or None when it is left out."""
    terms = []
    for term in _terms(quad):
        if term.kind == "iri" and term.value.startswith(VARIABLE_IRI):
            value = row.get(term.value[len(VARIABLE_IRI):])
            if value is None:
                return None
            if value.kind == "bnode":
                raise _StoreBlankNode(value.value)
            term = value
        elif term.kind == "bnode" and fresh is not None:
            term = Term("bnode", f"{fresh}b{term.value}")
        terms.append(term)
    subject, predicate, obj, graph = terms
    if subject.kind == "literal" or predicate.kind != "iri" or graph.kind != "iri":
        return None
    return Quad(subject, predicate, obj, graph)


def _terms(quad: Quad) -> tuple[Term, Term, Term, Term]:
    if quad.graph is None:  # a default-graph template: refused before it gets here
        raise TypeError("a template triple outside GRAPH")
    return quad.subject, quad.predicate, quad.object, quad.graph


def _quad_data(quads: Sequence[Quad]) -> str:
    """``quads`` as the body of ``INSERT DATA`` / ``DELETE DATA``, one ``GRAPH`` block a graph."""
    lines = []
    for graph, group in itertools.groupby(sorted(quads, key=lambda q: str(q.graph)),
                                          key=lambda q: q.graph):
        body = "\n".join(q.ntriples() for q in group)
        lines.append(f"GRAPH {graph} {{\n{body}\n}}")
    return "\n".join(lines)
