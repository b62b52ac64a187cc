"""The dataset a SPARQL update runs over, made the same as a query's.

A query on this service sees the union of all graphs as its default graph. An update must see
the same data, or ``INSERT { … } WHERE { ?s ?p ?o }`` would insert nothing although the same
WHERE run as a query returns rows. So, for each ``DELETE``/``INSERT … WHERE`` operation:

- with neither ``WITH``, ``USING`` nor the protocol's ``using-graph-uri`` /
  ``using-named-graph-uri``, the WHERE clause is evaluated over the union of all named graphs
  (its default graph) and over every named graph (for ``GRAPH ?g``), exactly as a query is:
  the operation gets a ``USING`` and a ``USING NAMED`` for each graph of the store;
- ``using-graph-uri`` / ``using-named-graph-uri`` act as ``USING`` / ``USING NAMED`` on every
  such operation (SPARQL 1.1 Protocol section 2.2.3); given together with ``USING``,
  ``USING NAMED`` or ``WITH`` in the update they are refused (400), as that section says.

The default graph is that union, so it is read-only: an update that writes into it (a triple
outside ``GRAPH`` in ``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE`` or an ``INSERT`` /
``DELETE`` template without ``WITH``; ``DEFAULT`` in ``CLEAR``, ``DROP``, ``ADD``, ``MOVE``,
``COPY``) is refused with 400 before anything is written, as the Graph Store refuses
``PUT ?default``.

Works on the update's tokens (the terminals of the SPARQL 1.1 grammar, section 19.8), as the
engine reads them: it never runs or fully parses the update; the engine reports syntax errors.
Imports the standard library and :mod:`cqcgraph.sparql.text` (its token type).

>>> with_dataset("INSERT { GRAPH <http://g/out> { ?s a ?o } } WHERE { ?s a ?o }",
...              ["http://g/1"], ["http://g/1"])
'INSERT { GRAPH <http://g/out> { ?s a ?o } } USING <http://g/1> USING NAMED <http://g/1> WHERE { ?s a ?o }'
>>> try:
...     refuse_default_graph_writes("INSERT DATA { <http://s> <http://p> 1 }")
... except UpdateRefused as exc:
...     print(str(exc)[:73])
operation 1 (INSERT DATA) writes into the default graph, which is the rea
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Sequence

from cqcgraph.sparql.text import Token


class UpdateRefused(ValueError):
    """An update this service will not run as written; the message says why (HTTP 400)."""


@dataclass(frozen=True)
class Operation:
    """One operation of an update request: its kind (``INSERT DATA``, ``DELETE DATA``,
    ``DELETE WHERE``, ``MODIFY``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``,
    ``LOAD``), where its ``WHERE`` keyword is (a Modify), whether it names its own dataset
    (``WITH`` or ``USING``), and whether it writes into the default graph."""

    kind: str
    where_offset: int | None
    own_dataset: bool
    writes_default: bool


_PROLOGUE = ("BASE", "PREFIX")


#: The terminals that matter here (SPARQL 1.1 grammar, section 19.8): IRIREF, the four string
#: forms, comments, variables, language tags, words (keywords and prefixed names) and the
#: punctuation that nests or separates; everything else is skipped in one pass, so an
#: INSERT DATA of megabytes is lexed in about a second.
_LEX = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
      | (?P<comment>\#[^\r\n]*)
      | (?P<var>[?$]\w+)
      | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<word>[A-Za-z_][\w-]*(?::[\w.:%\\-]*)?|:[\w.:%\\-]*)
      | (?P<punct>[{};.])""",
    re.VERBOSE | re.DOTALL,
)


@functools.lru_cache(maxsize=4)
def tokens(text: str) -> tuple[Token, ...]:
    """The tokens of ``text`` that decide its operations and templates, computed once per
    request however many questions are asked of it. A prefixed name is one ``pname`` token
    (so never a keyword)."""
    out = []
    for m in _LEX.finditer(text):
        kind = m.lastgroup or "punct"
        if kind == "comment":
            continue
        word = m.group(0)
        if kind == "word" and ":" in word:
            kind = "pname"
        out.append(Token(kind, word, m.start(), m.end()))
    return tuple(out)
_MANAGEMENT = ("CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "LOAD")


def _close(toks: Sequence[Token], i: int) -> int:
    """The index of the ``}`` matching the ``{`` at ``toks[i]`` (len(toks) when unclosed)."""
    depth = 0
    for k in range(i, len(toks)):
        if toks[k].text == "{" and toks[k].kind == "punct":
            depth += 1
        elif toks[k].text == "}" and toks[k].kind == "punct":
            depth -= 1
            if depth == 0:
                return k
    return len(toks)


def _template_has_default_triples(toks: Sequence[Token], open_at: int, close_at: int) -> bool:
    """Whether the quad template ``toks[open_at..close_at]`` holds a triple outside ``GRAPH``
    (SPARQL 1.1 grammar, rule Quads: triples, or ``GRAPH VarOrIri { triples }`` blocks)."""
    k = open_at + 1
    while k < close_at:
        tok = toks[k]
        if tok.keyword == "GRAPH":
            brace = k + 2
            if brace < close_at and toks[brace].text == "{":
                k = _close(toks, brace) + 1
                continue
            return True  # not a template we understand: count it as a write
        if tok.text == "." and tok.kind == "punct":
            k += 1
            continue
        return True
    return False


def operations(text: str) -> list[Operation]:
    """The operations of ``text`` (an update request), in order."""
    return list(_operations(text))


@functools.lru_cache(maxsize=4)
def _operations(text: str) -> tuple[Operation, ...]:
    toks = tokens(text)
    ops: list[Operation] = []
    i = 0
    while i < len(toks):
        # the prologue: BASE <iri> and PREFIX p: <iri>, before any operation
        while i < len(toks) and toks[i].keyword in _PROLOGUE:
            i += 3 if toks[i].keyword == "PREFIX" else 2
        if i >= len(toks):
            break
        start = i
        kw = toks[i].keyword
        # the operation ends at the next ';' outside braces
        end, depth = i, 0
        while end < len(toks):
            t = toks[end]
            if t.kind == "punct" and t.text == "{":
                depth += 1
            elif t.kind == "punct" and t.text == "}":
                depth -= 1
            elif depth == 0 and t.kind == "punct" and t.text == ";":
                break
            end += 1
        op_toks = toks[start:end]
        ops.append(_operation(kw, op_toks))
        i = end + 1
    return tuple(ops)


def _operation(kw: str | None, toks: Sequence[Token]) -> Operation:
    words = [t.keyword for t in toks]
    nxt = words[1] if len(words) > 1 else None
    if kw in _MANAGEMENT:
        return Operation(kw, None, False, "DEFAULT" in words)
    if kw in ("INSERT", "DELETE") and nxt == "DATA":
        brace = 2
        writes = brace < len(toks) and _template_has_default_triples(
            toks, brace, _close(toks, brace))
        return Operation(f"{kw} DATA", None, False, writes)
    if kw == "DELETE" and nxt == "WHERE":
        brace = 2
        writes = brace < len(toks) and _template_has_default_triples(
            toks, brace, _close(toks, brace))
        return Operation("DELETE WHERE", None, False, writes)
    # Modify: (WITH iri)? (DELETE {…} (INSERT {…})? | INSERT {…}) (USING (NAMED)? iri)* WHERE {…}
    k = 0
    with_graph = False
    if kw == "WITH":
        with_graph = True
        k = 2
    writes = False
    while k < len(toks) and toks[k].keyword in ("DELETE", "INSERT"):
        brace = k + 1
        if brace >= len(toks) or toks[brace].text != "{":
            break
        close = _close(toks, brace)
        if not with_graph and _template_has_default_triples(toks, brace, close):
            writes = True
        k = close + 1
    using = False
    while k < len(toks) and toks[k].keyword == "USING":
        using = True
        k += 3 if k + 1 < len(toks) and toks[k + 1].keyword == "NAMED" else 2
    where = toks[k].start if k < len(toks) and toks[k].keyword == "WHERE" else None
    return Operation("MODIFY", where, with_graph or using, writes)


def refuse_default_graph_writes(text: str) -> None:
    """Raise :class:`UpdateRefused` when an operation of ``text`` writes into the default graph
    (the read-only union of all graphs)."""
    for n, op in enumerate(operations(text), 1):
        if not op.writes_default:
            continue
        if op.kind in _MANAGEMENT:
            raise UpdateRefused(
                f"operation {n} ({op.kind} … DEFAULT) would change the default graph, which is"
                " the read-only union of all graphs: name a graph (GRAPH <iri>)")
        raise UpdateRefused(
            f"operation {n} ({op.kind if op.kind != 'MODIFY' else 'INSERT/DELETE'}) writes into"
            " the default graph, which is the read-only union of all graphs: put the triples in"
            " GRAPH <iri> { … } (or use WITH <iri>)")


def has_own_dataset(text: str) -> bool:
    """Whether an operation names its dataset itself (``WITH``, ``USING``, ``USING NAMED``)."""
    return any(op.own_dataset for op in operations(text))


def with_dataset(text: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """``text`` with ``USING <g>`` for each of ``default_graphs`` and ``USING NAMED <g>`` for
    each of ``named_graphs`` before the WHERE of every ``INSERT``/``DELETE … WHERE`` operation
    that does not name its own dataset. The IRIs must be absolute IRIs without ``<``, ``>`` or
    spaces (checked by the caller)."""
    clause = " ".join([f"USING <{g}>" for g in default_graphs]
                      + [f"USING NAMED <{g}>" for g in named_graphs])
    if not clause:
        return text
    out, last = [], 0
    for op in operations(text):
        if op.kind != "MODIFY" or op.where_offset is None or op.own_dataset:
            continue
        out.append(text[last:op.where_offset])
        out.append(clause + " ")
        last = op.where_offset
    out.append(text[last:])
    return "".join(out)


def graphs_named(text: str) -> list[str]:
    """The absolute graph IRIs written after ``GRAPH``, ``INTO``, ``TO`` or ``WITH`` in ``text``:
    graphs an earlier operation of the same request may create, which a later operation's
    union must include (the store's graphs are listed before the request runs)."""
    toks = tokens(text)
    out: list[str] = []
    for prev, tok in zip(toks, toks[1:], strict=False):
        if prev.keyword in ("GRAPH", "INTO", "TO", "WITH") and tok.kind == "iri":
            iri = tok.text[1:-1]
            if ":" in iri and "\\" not in iri and iri not in out:
                out.append(iri)
    return out
