"""Which queries are bounded by their shape, so that a server may answer them in its own
process, without the hop to a query worker that a time limit needs.

A query is *bounded* when :func:`bounded_shape` reads it as a ``SELECT``, ``ASK`` or
``CONSTRUCT`` whose ``WHERE`` holds only triple patterns, ``OPTIONAL`` groups and
``GRAPH`` groups, and every triple pattern is *anchored*: its subject is an IRI, a bound
value (a variable given in ``substitutions``) or a variable an anchored pattern binds (a
pattern inside ``GRAPH ?g`` binds ``?g`` too), or else its object is an IRI (or a bound
value) and the store holds at most :data:`FAN_IN_LIMIT` statements with that predicate (an
IRI, or any when it is a variable) and object (:class:`Shape` lists those checks; the caller
makes them, one range of one index each); with bound values, a pattern of a constant
predicate and object is checked so too, since Oxigraph plans the query before it puts them
in and may start from it. Oxigraph then evaluates each pattern as a lookup of one index
from a value already in hand: the cost grows with the statements of the resources reached
from the query's own IRIs, not with the store. Anything else is refused (None): a path, a
blank node, ``FILTER``, ``BIND``, ``VALUES``, ``UNION``, ``MINUS``, ``SERVICE``, a
subquery, an aggregate, an expression, ``FROM``, ``DESCRIBE``, an escape, a relative IRI
in a check, or a word this reading does not know.

Imports only :mod:`cqcgraph.sparql.text` and the standard library.

>>> shape = bounded_shape("SELECT * { <http://x.example/a> ?p ?o OPTIONAL { ?o ?q ?r } }")
>>> shape is not None and shape.fan_ins
()
>>> bounded_shape("SELECT * { ?s ?p ?o }") is None  # no anchor: the whole store
True
>>> bounded_shape("SELECT * { ?s a <http://x.example/C> }").fan_ins  # to check on the store
((('iri', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ('iri', 'http://x.example/C')),)
>>> bounded_shape("SELECT * { <http://x.example/a> <http://x.example/p>+ ?o }") is None
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import cast

from cqcgraph.sparql.text import Token, has_codepoint_escapes, tokens

#: The most statements a (predicate, object) pair may have for a pattern with that predicate
#: and object, and an unknown subject, to count as anchored.
FAN_IN_LIMIT = 500
#: The longest text and the most triple patterns a bounded query may have.
MAX_LENGTH = 8192
MAX_PATTERNS = 24

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: A term of a check: ("iri", the IRI), ("var", a variable given in substitutions), or, as a
#: predicate, :data:`ANY`.
Ref = tuple[str, str]
#: The predicate of a check on the statements with one object, whatever their predicate.
ANY: Ref = ("any", "")


@dataclass(frozen=True)
class Shape:
    """A bounded query's checks: each (predicate, object) must have at most
    :data:`FAN_IN_LIMIT` statements in the store for the query to be bounded."""

    fan_ins: tuple[tuple[Ref, Ref], ...]


class _Refused(Exception):
    pass


@dataclass
class _Pattern:
    s: Token
    p: Token
    o: Token
    scope: int  # the group it stands in
    at: int  # where it stands among the tokens
    graph: Token | None = None  # the name of the innermost ``GRAPH`` around it


class _Reader:
    """A recursive descent over the tokens of the accepted grammar; _Refused on anything else."""

    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.i = 0
        self.patterns: list[_Pattern] = []
        self.parents: list[int] = [-1]  # the enclosing group of each group
        self.optional: list[bool] = [False]
        self.opened: list[int] = [0]  # where each group's ``{`` stands
        self.prefixes: dict[str, str] = {}
        self.graphs: list[Token] = []  # the names of the ``GRAPH`` groups being read

    def peek(self, ahead: int = 0) -> Token | None:
        k = self.i + ahead
        return self.toks[k] if k < len(self.toks) else None

    def word(self) -> str | None:
        tok = self.peek()
        return tok.keyword if tok is not None else None

    def take(self, text: str) -> None:
        tok = self.peek()
        if tok is None or tok.text != text:
            raise _Refused
        self.i += 1

    def take_word(self, word: str) -> bool:
        if self.word() == word:
            self.i += 1
            return True
        return False

    def group(self, parent: int, optional: bool) -> None:
        """``{ … }``: triples, ``OPTIONAL { … }``, ``GRAPH term { … }``, dots; never empty."""
        scope = len(self.parents)
        self.parents.append(parent)
        self.optional.append(optional)
        self.opened.append(self.i)
        self.take("{")
        count = len(self.patterns)
        nested = False
        while True:
            tok = self.peek()
            if tok is None:
                raise _Refused
            if tok.text == "}":
                self.i += 1
                break
            if tok.text == ".":
                self.i += 1
            elif tok.keyword == "OPTIONAL":
                self.i += 1
                self.group(scope, True)
                nested = True
            elif tok.keyword == "GRAPH":
                self.i += 1
                name = self.peek()
                if name is None or name.kind not in ("var", "iri", "pname"):
                    raise _Refused
                self.i += 1
                self.graphs.append(name)
                self.group(scope, False)
                self.graphs.pop()
                nested = True
            else:
                self.triples(scope)
        if len(self.patterns) == count and not nested:
            raise _Refused  # an empty group (``GRAPH ?g {}`` lists every graph)

    def triples(self, scope: int) -> None:
        subject = self.term(subject=True)
        while True:
            verb = self.verb()
            while True:
                self.patterns.append(_Pattern(subject, verb, self.term(subject=False), scope,
                                              self.i, self.graphs[-1] if self.graphs else None))
                if len(self.patterns) > MAX_PATTERNS:
                    raise _Refused
                tok = self.peek()
                if tok is None or tok.text != ",":
                    break
                self.i += 1
            tok = self.peek()
            if tok is None or tok.text != ";":
                return
            while (tok := self.peek()) is not None and tok.text == ";":
                self.i += 1
            tok = self.peek()
            if tok is None or tok.text in (".", "}"):
                return

    def verb(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise _Refused
        if tok.kind in ("var", "iri", "pname"):
            self.i += 1
            return tok
        if tok.kind == "word" and tok.text == "a":
            self.i += 1
            return Token("iri", f"<{RDF_TYPE}>", tok.start, tok.end)
        raise _Refused

    def term(self, *, subject: bool) -> Token:
        """A variable, an IRI or a prefixed name; as an object also a literal (kind
        ``literal``: it binds nothing and is never a check's object)."""
        tok = self.peek()
        if tok is None or tok.text.startswith("_:"):  # a blank node: a variable of its own
            raise _Refused
        if tok.kind in ("var", "iri", "pname"):
            self.i += 1
            return tok
        if subject:
            raise _Refused
        if tok.kind == "number" or (tok.kind == "word" and tok.text in ("true", "false")):
            self.i += 1
            return Token("literal", tok.text, tok.start, tok.end)
        if tok.kind == "string":
            self.i += 1
            nxt = self.peek()
            if nxt is not None and nxt.kind == "langtag":
                self.i += 1
            elif nxt is not None and nxt.text == "^^":
                dt = self.peek(1)
                if dt is None or dt.kind not in ("iri", "pname"):
                    raise _Refused
                self.i += 2
            return Token("literal", tok.text, tok.start, tok.end)
        raise _Refused

    def template(self) -> None:
        """A CONSTRUCT template: anything but a group, up to its ``}``."""
        self.take("{")
        while (tok := self.peek()) is not None and tok.text != "}":
            if tok.text == "{" or tok.keyword in ("GRAPH", "OPTIONAL"):
                raise _Refused
            self.i += 1
        self.take("}")

    def modifiers(self) -> None:
        """``ORDER BY`` variables (or ``ASC(?v)`` / ``DESC(?v)``), ``LIMIT n``, ``OFFSET n``."""
        if self.take_word("ORDER"):
            if not self.take_word("BY"):
                raise _Refused
            keys = 0
            while True:
                tok = self.peek()
                if tok is not None and tok.kind == "var":
                    self.i += 1
                elif tok is not None and tok.keyword in ("ASC", "DESC"):
                    self.i += 1
                    self.take("(")
                    var = self.peek()
                    if var is None or var.kind != "var":
                        raise _Refused
                    self.i += 1
                    self.take(")")
                else:
                    break
                keys += 1
            if not keys:
                raise _Refused
        for word in ("LIMIT", "OFFSET", "LIMIT"):
            if self.take_word(word):
                tok = self.peek()
                if tok is None or tok.kind != "number" or not tok.text.isdigit():
                    raise _Refused
                self.i += 1


def _query(reader: _Reader) -> None:
    """The prologue, the query form and its ``WHERE``, its modifiers; _Refused otherwise."""
    while reader.word() in ("PREFIX", "BASE"):
        if reader.take_word("PREFIX"):
            name, iri = reader.peek(), reader.peek(1)
            if name is None or iri is None or name.kind != "pname" or iri.kind != "iri" \
                    or not name.text.endswith(":"):
                raise _Refused
            reader.prefixes[name.text[:-1]] = iri.text[1:-1]
            reader.i += 2
        else:
            reader.i += 1
            iri = reader.peek()
            if iri is None or iri.kind != "iri":
                raise _Refused
            reader.i += 1
    form = reader.word()
    reader.i += 1
    if form == "SELECT":
        if reader.word() in ("DISTINCT", "REDUCED"):
            reader.i += 1
        tok = reader.peek()
        if tok is not None and tok.text == "*":
            reader.i += 1
        else:
            start = reader.i
            while (tok := reader.peek()) is not None and tok.kind == "var":
                reader.i += 1
            if reader.i == start:
                raise _Refused
    elif form == "CONSTRUCT":
        tok = reader.peek()
        if tok is not None and tok.text == "{":
            reader.template()
    elif form != "ASK":
        raise _Refused
    reader.take_word("WHERE")
    reader.group(-1, False)
    if form != "ASK":
        reader.modifiers()
    if reader.peek() is not None:
        raise _Refused


#: An IRI as written (``IRIREF``, SPARQL 1.1 section 19.8, less ``'``): never the part of
#: another token, only of a string or a comment, so that putting a stand-in in its place
#: changes no other token.
_IRI_SPAN = re.compile(r"<[^<>\"'{}|^`\\\x00-\x20]*>")
#: The stand-in for the N-th IRI of a text while its shape is read.
_STAND_IN = "urn:x-cqcgraph-iri:"


def bounded_shape(text: str, bound: frozenset[str] | set[str] = frozenset()) -> Shape | None:
    """The checks that make ``text`` bounded (see the module), or None when its shape is not
    one whose cost is bounded; ``bound`` names the variables given in substitutions.

    The shape is read once per text with each IRI replaced by a stand-in (the lookups of
    every location have one shape) and bound variables, then the IRIs put back."""
    if len(text) > MAX_LENGTH:
        return None
    iris: list[str] = []

    def stand_in(match: re.Match[str]) -> str:
        iris.append(match.group(0)[1:-1])
        return f"<{_STAND_IN}{len(iris) - 1}#>"

    shape = _shape(_IRI_SPAN.sub(stand_in, text), frozenset(bound))
    if shape is None or not shape.fan_ins:
        return shape
    checks = []
    for refs in shape.fan_ins:
        back = tuple(_put_back(ref, iris) for ref in refs)
        if any(ref is None for ref in back):
            return None  # a relative IRI: resolved against a base this reading does not follow
        checks.append(cast("tuple[Ref, Ref]", back))
    return Shape(tuple(dict.fromkeys(checks)))


def _put_back(ref: Ref, iris: list[str]) -> Ref | None:
    kind, value = ref
    if kind != "iri" or not value.startswith(_STAND_IN):
        return ref
    number, _, local = value[len(_STAND_IN):].partition("#")
    iri = iris[int(number)]
    return ("iri", iri + local) if ":" in iri else None


@functools.lru_cache(maxsize=512)
def _shape(text: str, bound: frozenset[str]) -> Shape | None:
    """:func:`bounded_shape` of a text whose IRIs are stand-ins, read once per text and
    bound variables (a page asks the same query again and again, with other values)."""
    if has_codepoint_escapes(text):
        return None
    reader = _Reader(tokens(text))
    try:
        _query(reader)
    except _Refused:
        return None
    prefixes = reader.prefixes
    patterns = reader.patterns
    # a variable binds, for a pattern, when it is given or an anchored pattern binds it that
    # is evaluated with it or before it (:func:`_visible`)
    bound_in: dict[str, list[tuple[int, int]]] = {}  # variable -> (group, place) binding it
    anchored = [False] * len(patterns)
    fan_ins: dict[int, tuple[Ref, Ref]] = {}

    def binds(var: str, scope: int) -> bool:
        if var in bound:
            return True
        return any(_visible(g, at, scope, reader) for g, at in bound_in.get(var, ()))

    def ref(tok: Token) -> Ref | None:
        if tok.kind == "var":
            return ("var", tok.text[1:]) if tok.text[1:] in bound else None
        if tok.kind == "iri":
            iri = tok.text[1:-1]
            return ("iri", iri) if ":" in iri else None  # (relative: resolved elsewhere)
        if tok.kind == "pname":
            prefix, _, local = tok.text.partition(":")
            if prefix not in prefixes or "\\" in local or ":" not in prefixes[prefix]:
                return None
            return ("iri", prefixes[prefix] + local)
        return None

    changed = True
    while changed:
        changed = False
        for k, pat in enumerate(patterns):
            if anchored[k]:
                continue
            s = pat.s
            if s.kind in ("iri", "pname") or (s.kind == "var" and binds(s.text[1:], pat.scope)):
                anchored[k] = True
            else:
                p_ref, o_ref = ref(pat.p), ref(pat.o)
                if p_ref is None and pat.p.kind == "var" and o_ref is not None:
                    p_ref = ANY  # every statement with that object, whatever its predicate
                if p_ref is None or o_ref is None:
                    continue
                anchored[k] = True
                fan_ins[k] = (p_ref, o_ref)
            changed = True
            # a pattern inside ``GRAPH ?g`` binds ?g as it binds its own variables
            for tok in (pat.s, pat.p, pat.o, pat.graph):
                if tok is not None and tok.kind == "var":
                    bound_in.setdefault(tok.text[1:], []).append((pat.scope, pat.at))
    if not all(anchored):
        return None
    if bound:
        # Oxigraph plans a query before it substitutes the bound values: to it a pattern of a
        # constant predicate and object is more selective than one of a bound variable, and
        # it may start from it (every location of the store for ``?i cqc:inspectionOf ?loc ;
        # a cqc:Inspection``), so such a pattern is checked on the store as one with no anchor
        for k, pat in enumerate(patterns):
            if k in fan_ins or pat.s.kind != "var" or pat.s.text[1:] in bound \
                    or pat.p.kind not in ("iri", "pname") or pat.o.kind == "var":
                continue
            p_ref, o_ref = ref(pat.p), ref(pat.o)
            if p_ref is None or o_ref is None:
                return None  # a literal object: no check counts it
            fan_ins[k] = (p_ref, o_ref)
    return Shape(tuple(dict.fromkeys(fan_ins[k] for k in sorted(fan_ins))))


def _visible(group: int, at: int, scope: int, reader: _Reader) -> bool:
    """Whether what a pattern of ``group``, standing at token ``at``, binds is known when a
    pattern of group ``scope`` is evaluated. Patterns of one group, and of the ``GRAPH``
    groups in it, are joined (Oxigraph orders the join from the anchored ones); an
    ``OPTIONAL`` group is evaluated for each answer of what stands before it in its group
    (SPARQL 1.1 section 18.2.2.6: LeftJoin of the group so far), so from outside it only
    patterns standing before its ``{`` count; and what an ``OPTIONAL`` group binds counts
    only within it."""
    parents, optional = reader.parents, reader.optional
    joined = {group}  # the groups whose patterns are joined with those of ``group``
    g = group
    while not optional[g] and parents[g] != -1:
        g = parents[g]
        joined.add(g)
    before = len(reader.toks)  # where the outermost OPTIONAL between them opens
    s = scope
    while s != -1:
        if s in joined:
            return at < before
        if optional[s]:
            before = reader.opened[s]
        s = parents[s]
    return False
