"""The dataset a SPARQL update runs over, made the same as a query's.

A query on this service sees the union of all graphs as its default graph. An update must see
the same data, or ``INSERT { … } WHERE { ?s ?p ?o }`` would insert nothing although the same
WHERE run as a query returns rows. So, for each ``DELETE``/``INSERT … WHERE`` operation:

- with neither ``WITH``, ``USING`` nor the protocol's ``using-graph-uri`` /
  ``using-named-graph-uri``, the WHERE clause is evaluated over the union of all named graphs
  (its default graph) and over every named graph (for ``GRAPH ?g``), exactly as a query is:
  the first such operation is evaluated that way by :mod:`cqcgraph.sparql.update_eval`;
  where it cannot be, the operation gets a ``USING`` and a ``USING NAMED`` for each graph
  of the store (:func:`with_dataset`);
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
import urllib.parse
from dataclasses import dataclass
from typing import Iterator, Sequence

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


def _operation_end(toks: Sequence[Token], i: int) -> int:
    """Where the operation that starts at token ``i`` ends: the next ';' outside braces, or the
    end of the request."""
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
    return end


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
        end = _operation_end(toks, i)
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


# -- which graphs an update writes ----------------------------------------------------------
@dataclass(frozen=True)
class ChosenGraphs:
    """An operation that writes into graphs its ``WHERE`` chooses (``GRAPH ?g`` in a
    template): ``query`` is the ``SELECT DISTINCT`` of those variables over the same pattern
    (with the request's prologue), ``using`` / ``using_named`` the dataset the operation names
    itself (None: the request's), and ``after_writes`` whether an earlier operation of the
    request writes (its ``WHERE`` then sees what that one wrote, which no query run before the
    request can)."""

    query: str
    using: tuple[str, ...] | None
    using_named: tuple[str, ...] | None
    after_writes: bool


@dataclass(frozen=True)
class Writes:
    """The graphs an update request writes: ``graphs`` named in it (absolute IRIs),
    ``every_graph`` for ``CLEAR``/``DROP`` ``ALL`` or ``NAMED``, ``chosen`` for the operations
    whose graphs a variable gives."""

    graphs: tuple[str, ...]
    every_graph: bool
    chosen: tuple[ChosenGraphs, ...]


def writes(text: str, base_iri: str | None = None) -> Writes:
    """Which graphs ``text`` writes (SPARQL 1.1 Update, section 3), read from its tokens;
    relative IRIs resolved against its ``BASE`` or ``base_iri``, prefixed names expanded.

    >>> w = writes("PREFIX d: <http://g/> DROP GRAPH d:a ; MOVE <http://g/b> TO <http://g/c> ;"
    ...            " DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    >>> w.graphs, w.every_graph, w.chosen[0].query
    (('http://g/a', 'http://g/b', 'http://g/c'), False, 'PREFIX d: <http://g/>\\nSELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')
    """
    toks = tokens(text)
    names = _Names(base_iri)
    graphs: list[str] = []
    every = False
    chosen: list[ChosenGraphs] = []
    wrote = False
    for start, end in _operation_spans(toks, names):
        op = toks[start:end]
        found, all_graphs, choice = _op_writes(text, op, names, wrote)
        graphs += [g for g in found if g not in graphs]
        every = every or all_graphs
        if choice is not None:
            chosen.append(choice)
        wrote = wrote or bool(found) or all_graphs or choice is not None
    return Writes(tuple(graphs), every, tuple(chosen))


class _Names:
    """The prologue read so far: the base IRI and the prefixes, to give graph names whole."""

    def __init__(self, base_iri: str | None) -> None:
        self.base = base_iri
        self.prefixes: dict[str, str] = {}
        self.prologue: list[str] = []

    def declare(self, toks: Sequence[Token]) -> None:
        if toks[0].keyword == "BASE" and len(toks) > 1 and toks[1].kind == "iri":
            self.base = self.iri(toks[1]) or self.base
        elif toks[0].keyword == "PREFIX" and len(toks) > 2 and toks[2].kind == "iri":
            self.prefixes[toks[1].text.rstrip(":")] = self.iri(toks[2]) or ""
        self.prologue.append(" ".join(t.text for t in toks))

    def iri(self, tok: Token) -> str | None:
        """The absolute IRI ``tok`` (an IRI or a prefixed name) names; None for a variable
        or anything that names no graph."""
        if tok.kind == "iri":
            iri = tok.text[1:-1]
            return urllib.parse.urljoin(self.base, iri) if self.base and ":" not in iri else iri
        if tok.kind == "pname":
            prefix, _, local = tok.text.partition(":")
            if prefix in self.prefixes:
                return self.prefixes[prefix] + local.replace("\\", "")
        return None


def _operation_spans(toks: Sequence[Token], names: _Names) -> Iterator[tuple[int, int]]:
    """The token ranges of the operations of a request, the prologue before each one read
    into ``names`` first."""
    i = 0
    while i < len(toks):
        while i < len(toks) and toks[i].keyword in _PROLOGUE:
            width = 3 if toks[i].keyword == "PREFIX" else 2
            names.declare(toks[i:i + width])
            i += width
        if i >= len(toks):
            return
        end = _operation_end(toks, i)
        yield i, end
        i = end + 1


def _op_writes(text: str, op: Sequence[Token], names: _Names, wrote: bool
               ) -> tuple[list[str], bool, ChosenGraphs | None]:
    """The graphs one operation names as written, whether it writes every graph, and the
    query of the graphs it lets its ``WHERE`` choose."""
    words = [t.keyword for t in op]
    kw = words[0] if words else None
    if kw in ("CLEAR", "DROP"):
        if "ALL" in words or "NAMED" in words:
            return [], True, None
        return [g for g in (names.iri(t) for t in op[1:]) if g], False, None
    if kw in ("ADD", "MOVE", "COPY"):
        # the target (after TO) is written; MOVE empties its source too
        to = words.index("TO") if "TO" in words else len(op)
        written = op[to + 1:] if kw != "MOVE" else op[1:]
        return [g for g in dict.fromkeys(names.iri(t) for t in written) if g], False, None
    if kw not in ("INSERT", "DELETE", "WITH"):
        return [], False, None  # CREATE (an empty graph), LOAD (refused before)
    return _modify_writes(text, op, names, wrote)


def _modify_writes(text: str, op: Sequence[Token], names: _Names, wrote: bool
                   ) -> tuple[list[str], bool, ChosenGraphs | None]:
    """:func:`_op_writes` of ``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE`` and the
    ``DELETE``/``INSERT … WHERE`` operations."""
    kw = op[0].keyword
    graphs: list[str] = []
    variables: list[str] = []
    k = 0
    with_graph = None
    if kw == "WITH" and len(op) > 1:
        with_graph = names.iri(op[1])
        k = 2
    pattern: tuple[int, int] | None = None
    while k < len(op) and op[k].keyword in ("DELETE", "INSERT"):
        nxt = op[k + 1].keyword if k + 1 < len(op) else None
        brace = k + 2 if nxt in ("DATA", "WHERE") else k + 1
        if brace >= len(op) or op[brace].text != "{":
            break
        close = _close(op, brace)
        named, chosen_vars = _template_graphs(op, brace, close, names)
        graphs += named
        variables += chosen_vars
        if with_graph and _template_has_default_triples(op, brace, close):
            graphs.append(with_graph)
        if nxt == "WHERE":  # DELETE WHERE: the template is the pattern
            pattern = (op[brace].start, op[close].end)
        k = close + 1
    using: list[str] = []
    using_named: list[str] = []
    while k < len(op) and op[k].keyword == "USING":
        named_kind = k + 1 < len(op) and op[k + 1].keyword == "NAMED"
        iri = names.iri(op[k + 2] if named_kind else op[k + 1]) if k + 1 < len(op) else None
        (using_named if named_kind else using).append(iri or "")
        k += 3 if named_kind else 2
    if k < len(op) and op[k].keyword == "WHERE" and k + 1 < len(op):
        pattern = (op[k + 1].start, op[-1].end)
    choice = None
    if variables and pattern is not None:
        selected = " ".join(dict.fromkeys(variables))
        query = "\n".join(names.prologue + [
            f"SELECT DISTINCT {selected} WHERE {text[pattern[0]:pattern[1]]}"])
        if using or using_named:
            dataset: tuple = (tuple(using), tuple(using_named))
        elif with_graph:
            dataset = ((with_graph,), None)
        else:
            dataset = (None, None)
        choice = ChosenGraphs(query, dataset[0], dataset[1], wrote)
    return list(dict.fromkeys(graphs)), False, choice


def _template_graphs(toks: Sequence[Token], open_at: int, close_at: int, names: _Names
                     ) -> tuple[list[str], list[str]]:
    """The graphs a quad template writes by name (``GRAPH <iri> { … }``) and the variables
    that name the others (``GRAPH ?g { … }``)."""
    graphs: list[str] = []
    variables: list[str] = []
    for k in range(open_at + 1, close_at - 1):
        if toks[k].keyword == "GRAPH":
            term = toks[k + 1]
            if term.kind == "var":
                variables.append("?" + term.text[1:])
            elif (iri := names.iri(term)) is not None:
                graphs.append(iri)
    return graphs, variables


def append_operations(text: str, more: str) -> str | None:
    """``text`` followed by the update operations ``more`` in the same request (so in the
    same transaction), or None when ``text`` does not end where an operation may follow (it
    ends in a prologue: the caller runs ``more`` on its own)."""
    toks = tokens(text)
    if not toks:
        return more
    last = toks[-1]
    if last.kind == "punct" and last.text == ";":
        return f"{text}\n{more}"
    if any(t.keyword in _PROLOGUE for t in toks[-3:]):
        return None
    return f"{text}\n;\n{more}"
