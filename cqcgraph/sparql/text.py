"""A small SPARQL lexer: enough to find, without running anything, a request's query form
(SELECT, ASK, CONSTRUCT, DESCRIBE), whether it has a dataset clause (FROM / FROM NAMED), and
where each ``SERVICE`` pattern starts and ends, so that the SERVICE guard can rewrite it.

It follows the terminals of the SPARQL 1.1 grammar (section 19.8): IRIREF, the four string
forms, comments, variables, prefixed names, blank node labels, numbers and language tags. It is
not a parser: the SERVICE guard cross-checks what it finds against rdflib's parse.

Imports only the standard library.

>>> query_form("PREFIX ex: <http://ex.org/> SELECT * { ?s ex:from ?o }")
'SELECT'
>>> has_dataset_clause("SELECT * { ?s <http://ex.org/FROM> 'FROM' }")
False
>>> has_dataset_clause("select * from <http://g> { ?s ?p ?o }")
True
>>> [s.endpoint for s in service_patterns("SELECT * { SERVICE SILENT <http://e/> { ?s ?p ?o } }")]
['<http://e/>']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

_PN_CHARS_BASE = (
    "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
    "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\u00B7\u0300-\u036F\u203F-\u2040\\-"

_TOKEN_PATTERN = (
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<var>[?$][""" + _PN_CHARS + r"""]+)
  | (?P<pname>(?:[""" + _PN_CHARS_BASE + r"""_](?:[""" + _PN_CHARS + r""".]*[""" + _PN_CHARS + r"""])?)?
               :(?:[""" + _PN_CHARS + r""":.%]|\\.)*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """
)


@functools.lru_cache(maxsize=1)
def _token_regex() -> re.Pattern[str]:
    """The lexer's one expression, compiled when first needed (its character classes take
    tens of milliseconds to compile, which a command whose query needs no lexing skips)."""
    return re.compile(_TOKEN_PATTERN, re.VERBOSE | re.DOTALL)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token(NamedTuple):
    """One terminal of a request's text, by character offsets (a tuple: megabyte updates
    make millions of them)."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when this token is a bare word (a keyword or function name)."""
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> list[Token]:
    """The significant tokens of ``text`` (whitespace and comments dropped)."""
    out = []
    for match in _token_regex().finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        pname = match.group("pname")
        if kind == "pname" and pname.endswith("."):
            # a prefixed name never ends with "." (PN_LOCAL); the dot ends the triple
            stripped = pname.rstrip(".")
            out.append(Token(kind, stripped, match.start(), match.start() + len(stripped)))
            for i in range(len(pname) - len(stripped)):
                pos = match.start() + len(stripped) + i
                out.append(Token("punct", ".", pos, pos + 1))
            continue
        out.append(Token(kind, match.group(0), match.start(), match.end()))
    return out


def has_codepoint_escapes(text: str) -> bool:
    """Whether the text uses ``\\u``/``\\U`` escapes (SPARQL 1.1 section 19.2)."""
    return _ESCAPE.search(text) is not None


def unescape_codepoints(text: str) -> str:
    """Apply the codepoint escapes of SPARQL 1.1 section 19.2."""

    def sub(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)

    return _ESCAPE.sub(sub, text)


def keywords(text: str) -> list[str]:
    return [t.keyword for t in tokens(text) if t.keyword]


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords (None if absent)."""
    for tok in tokens(text):
        kw = tok.keyword
        if kw in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return kw
    return None


#: The longest text whose readings (:func:`has_dataset_clause`, :func:`nesting_depth`) are
#: kept: the named and page queries, sent again and again with other bound values.
KEPT_LENGTH = 16 * 1024


def _kept(read):  # noqa: ANN001, ANN202 - a reading of a text, kept for short texts
    kept = functools.lru_cache(maxsize=512)(read)

    @functools.wraps(read)
    def reading(text: str):  # noqa: ANN202
        return kept(text) if len(text) <= KEPT_LENGTH else read(text)

    return reading


@_kept
def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``): then the store's
    union default graph does not apply (SPARQL 1.1 section 13.2).

    >>> has_dataset_clause("SELECT * FROM <http://x.example/g> WHERE { ?s ?p ?o }")
    True
    >>> has_dataset_clause("SELECT * WHERE { ?s <http://x.example/from> ?o }")
    False
    """
    text = unescape_codepoints(text)
    if not mentions(text, "from"):
        return False  # no such word at all: nothing to lex
    return "FROM" in keywords(text)


def has_keyword(text: str, word: str) -> bool:
    return word.upper() in keywords(text)


@dataclass(frozen=True)
class ServiceSpan:
    """One ``SERVICE [SILENT] endpoint { ... }`` in the text, by character offsets."""

    start: int  # offset of the SERVICE keyword
    end: int  # offset just after the closing brace
    endpoint: str  # the endpoint token as written (IRIREF, prefixed name or variable)
    endpoint_kind: str  # "iri", "pname" or "var"
    endpoint_start: int
    endpoint_end: int
    silent: bool


class LexError(ValueError):
    """The text cannot be cut into SPARQL tokens well enough to analyse it."""


def service_patterns(text: str) -> list[ServiceSpan]:
    """Every SERVICE pattern, outermost first then nested ones, in text order."""
    toks = tokens(text)
    spans = []
    for i, tok in enumerate(toks):
        if tok.keyword != "SERVICE":
            continue
        j = i + 1
        silent = False
        if j < len(toks) and toks[j].keyword == "SILENT":
            silent = True
            j += 1
        if j >= len(toks) or toks[j].kind not in ("iri", "pname", "var"):
            raise LexError("SERVICE is not followed by an endpoint IRI or variable")
        endpoint = toks[j]
        j += 1
        if j >= len(toks) or toks[j].text != "{":
            raise LexError("SERVICE endpoint is not followed by '{'")
        depth = 0
        end = None
        for k in range(j, len(toks)):
            if toks[k].text == "{":
                depth += 1
            elif toks[k].text == "}":
                depth -= 1
                if depth == 0:
                    end = toks[k].end
                    break
        if end is None:
            raise LexError("SERVICE pattern has no closing '}'")
        kind = {"iri": "iri", "pname": "pname", "var": "var"}[endpoint.kind]
        spans.append(
            ServiceSpan(tok.start, end, endpoint.text, kind, endpoint.start, endpoint.end, silent)
        )
    return spans


def declared_prefixes(text: str) -> dict[str, str]:
    """``PREFIX p: <iri>`` declarations (the IRIs as written, maybe relative)."""
    toks = tokens(text)
    out = {}
    for i, tok in enumerate(toks[:-2]):
        if tok.keyword == "PREFIX" and toks[i + 1].kind == "pname" and toks[i + 2].kind == "iri":
            out[toks[i + 1].text.rstrip(":")] = toks[i + 2].text[1:-1]
    return out


def mentions(text: str, word: str) -> bool:
    """Whether ``word`` occurs, in any case, anywhere in the text as written or with its
    codepoint escapes applied: the cheap test for "this query may hold the keyword"."""
    word = word.lower()
    return word in text.lower() or word in unescape_codepoints(text).lower()


_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_STRING_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "'": "\\'", '"': '\\"'}


def _decode_string(token: str) -> str:
    quote = token[:3] if token[:3] in ("'''", '"""') else token[0]
    body = token[len(quote):-len(quote)]
    out = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            m = _ESCAPE.match(body, i)
            if m:
                code = int(m.group(1) or m.group(2), 16)
                if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                    raise LexError(f"{m.group(0)} is not a character")
                out.append(_STRING_ESCAPES.get(chr(code), chr(code)))
                i = m.end()
            else:  # an ECHAR (\t, \n, \', \\ ...) stays as written
                out.append(body[i:i + 2])
                i += 2
        else:
            out.append(ch)
            i += 1
    return quote + "".join(out) + quote


def _decode_iri(token: str) -> str:
    value = unescape_codepoints(token[1:-1])
    if _IRI_FORBIDDEN.search(value):
        raise LexError(f"{token} holds a character an IRI may not hold")
    return "<" + value + ">"


def apply_escapes(text: str) -> str:
    r"""The same query with no codepoint escape left, read the way Oxigraph reads them: only
    inside string literals and IRIs (an escape elsewhere is a syntax error there; SPARQL 1.1
    section 19.2 would apply them everywhere, as rdflib does, and the two readings then
    differ). Raises :class:`LexError` for an escape it cannot place.

    >>> apply_escapes(r"SELECT * { BIND('a\u0027b' AS ?x) ?s <http://e/\u0073> ?o }")
    "SELECT * { BIND('a\\'b' AS ?x) ?s <http://e/s> ?o }"
    """
    if not has_codepoint_escapes(text):
        return text
    out = []
    for match in _token_regex().finditer(text):
        kind, token = match.lastgroup or "punct", match.group(0)
        if has_codepoint_escapes(token):
            if kind == "string":
                token = _decode_string(token)
            elif kind == "iri":
                token = _decode_iri(token)
            elif kind == "comment":
                token = "#"
            else:
                raise LexError("a \\u escape outside a string or an IRI")
        out.append(token)
    result = "".join(out)
    if has_codepoint_escapes(result):
        raise LexError("a backslash before 'u' in a string cannot be told from an escape")
    return result


_OPERATORS = frozenset(("||", "&&", "+", "-", "*", "/", "|", "^", "!", "=", "!=", "<", ">",
                        "<=", ">="))
_OPERATOR_WORDS = frozenset(("UNION", "OPTIONAL", "MINUS"))
_CHEAP_BOUND = 64


MAX_NESTING = 500
"""Deepest parse tree a request may need (:func:`nesting_depth`): Oxigraph's parser recurses
per level and crashes its process near 3,000 nested braces, so every door that hands text to
the engine (the endpoint, the update service, the command line) refuses deeper ones first."""


class TooDeep(ValueError):
    """A request nested deeper than :data:`MAX_NESTING`."""


def check_depth(text: str, limit: int = MAX_NESTING) -> None:
    """Raise :class:`TooDeep` for a request nested deeper than ``limit``.

    >>> check_depth("ASK {" * 600 + "}" * 600)
    Traceback (most recent call last):
    ...
    cqcgraph.sparql.text.TooDeep: the request is nested 600 levels deep (brackets and chained operators); the limit is 500
    """
    depth = nesting_depth(text)
    if depth > limit:
        raise TooDeep(f"the request is nested {depth} levels deep (brackets and chained"
                      f" operators); the limit is {limit}")


@_kept
def nesting_depth(text: str) -> int:
    """How deep the engine's parse tree can get: brackets inside brackets, plus the chain of
    operators (``1+1+…``, ``{…} UNION {…} UNION …``, groups side by side) at each enclosing
    level, since each link of such a chain is one more level of the tree.

    >>> nesting_depth("ASK { { ?s ?p ?o } }")
    2
    >>> nesting_depth("ASK { FILTER(1 + (2)) }")
    4
    >>> nesting_depth("ASK { {} {} {} }")
    4
    """
    upper = text.upper()
    bound = sum(text.count(c) for c in "{([|&+-*/^!=<>") + sum(upper.count(w) for w in
                                                               _OPERATOR_WORDS)
    if bound <= _CHEAP_BOUND:
        return bound  # an upper bound, found without reading the tokens
    links = [0]  # per open bracket: the operators and extra groups met at that level
    groups = [0]
    total = worst = 0
    for tok in tokens(text):
        text_ = tok.text
        if tok.kind == "punct" and text_ in ("{", "(", "["):
            if text_ == "{":
                if groups[-1]:
                    links[-1] += 1
                    total += 1
                groups[-1] += 1
            links.append(0)
            groups.append(0)
        elif tok.kind == "punct" and text_ in ("}", ")", "]"):
            if len(links) > 1:
                total -= links.pop()
                groups.pop()
            continue
        elif (tok.kind == "punct" and text_ in _OPERATORS) or tok.keyword in _OPERATOR_WORDS:
            links[-1] += 1
            total += 1
        else:
            continue
        worst = max(worst, len(links) - 1 + total)
    return worst


def declared_base(text: str) -> str | None:
    """The IRI of the one ``BASE`` declaration (None if there is none); LexError if there are
    several (each applies from where it stands, which this lexer does not follow)."""
    toks = tokens(text)
    found = [toks[i + 1].text[1:-1] for i, tok in enumerate(toks[:-1])
             if tok.keyword == "BASE" and toks[i + 1].kind == "iri"]
    if len(found) > 1:
        raise LexError("more than one BASE declaration")
    return found[0] if found else None


#: The most rows a query may ask for and still count as trivially cheap.
TRIVIAL_LIMIT = 1000
_TERM_KINDS = ("var", "iri", "pname")


def trivially_cheap(text: str) -> bool:
    """Whether ``text`` is a query whose cost is bounded by its form alone, so that it can
    run without a query worker's time limit: ``ASK`` or ``SELECT`` (with ``LIMIT`` at most
    :data:`TRIVIAL_LIMIT`) of one triple pattern of variables, IRIs, prefixed names and
    literals, after ``PREFIX``/``BASE`` declarations, and nothing else. Anything this does
    not recognise (an escape, a second pattern, a modifier) is not trivially cheap. Each such
    pattern is one range of one of Oxigraph's indexes (its bound terms are a prefix of one
    of them), so the first answer, or the ``LIMIT``-th, is found without a scan.

    >>> trivially_cheap("ASK { ?s ?p ?o }")
    True
    >>> trivially_cheap("SELECT * WHERE { ?s a <http://x.example/C> } LIMIT 10")
    True
    >>> trivially_cheap("SELECT * WHERE { ?s ?p ?o }")  # no LIMIT: the whole store
    False
    >>> trivially_cheap("ASK { ?s ?p ?o . ?a ?b ?c }")
    False
    >>> trivially_cheap("ASK { ?x ?p ?x }")  # an equality no index answers: a scan
    False
    """
    if len(text) > 4096 or not _one_short_group(text) or has_codepoint_escapes(text):
        return False
    toks = tokens(text)
    i: int | None = _after_prologue(toks)
    form = _keyword(toks, i)
    if i is None or form not in ("ASK", "SELECT"):
        return False
    i = _after_projection(toks, i + 1) if form == "SELECT" else i + 1
    if i is not None and _keyword(toks, i) == "WHERE":
        i += 1
    if i is None or i >= len(toks) or toks[i].text != "{":
        return False
    i = _after_triple_pattern(toks, i + 1)
    if i is not None and i < len(toks) and toks[i].text == ".":
        i += 1
    if i is None or i >= len(toks) or toks[i].text != "}":
        return False
    i += 1
    if form == "SELECT":
        if _keyword(toks, i) != "LIMIT" or i + 1 >= len(toks) or toks[i + 1].kind != "number" \
                or not toks[i + 1].text.isdigit() or int(toks[i + 1].text) > TRIVIAL_LIMIT:
            return False
        i += 2
    return i == len(toks)


def _one_short_group(text: str) -> bool:
    """Whether ``text`` has one ``{ … }`` of at most six words: what every trivially cheap
    query has (three terms, a datatype or language tag, a dot), so that a longer query is
    turned away without being lexed (lexing costs a few hundred microseconds, a point lookup
    about a millisecond). A brace or spaces inside a literal turn away a query that is in fact
    cheap: it only runs in a query worker instead."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start or text.count("{", start + 1) or text.count("}") != 1:
        return False
    return len(text[start + 1:end].split()) <= 6


def _keyword(toks: list[Token], k: int | None) -> str | None:
    return toks[k].keyword if k is not None and k < len(toks) else None


def _after_prologue(toks: list[Token]) -> int | None:
    """Where the query form starts, after ``PREFIX p: <iri>`` and ``BASE <iri>``; None for a
    prologue of any other shape."""
    i = 0
    while _keyword(toks, i) in ("PREFIX", "BASE"):
        if _keyword(toks, i) == "PREFIX":
            if i + 2 >= len(toks) or toks[i + 1].kind != "pname" or toks[i + 2].kind != "iri":
                return None
            i += 3
        else:
            if i + 1 >= len(toks) or toks[i + 1].kind != "iri":
                return None
            i += 2
    return i


def _after_projection(toks: list[Token], i: int) -> int | None:
    """After ``*`` or a list of variables; None for any other projection."""
    if i < len(toks) and toks[i].text == "*":
        return i + 1
    start = i
    while i < len(toks) and toks[i].kind == "var":
        i += 1
    return i if i > start else None


def _after_triple_pattern(toks: list[Token], i: int) -> int | None:
    """After one triple pattern of variables, IRIs, prefixed names (``a`` as predicate) and
    a literal object; None for anything else, or a variable used twice (``?x ?p ?x`` is a
    scan of the store for an equality)."""
    variables: set[str] = set()
    for position in range(3):
        if i >= len(toks):
            return None
        tok = toks[i]
        if tok.kind == "var":
            if tok.text[1:] in variables:
                return None
            variables.add(tok.text[1:])
        if tok.kind in _TERM_KINDS or (position == 1 and tok.text == "a"):
            i += 1
        elif position == 2 and tok.kind in ("string", "number"):
            i += 1
            if i < len(toks) and toks[i].kind == "langtag":
                i += 1
            elif i < len(toks) and toks[i].text == "^^":
                if i + 1 >= len(toks) or toks[i + 1].kind not in ("iri", "pname"):
                    return None
                i += 2
        else:
            return None
    return i
