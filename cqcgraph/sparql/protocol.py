"""The SPARQL 1.1 Protocol's rules, with no web framework in them, so they are tested without a server: which request
parameters make a query or an update, which status code answers which mistake, which format
answers which ``Accept`` header (RFC 9110 section 12.5.1), and the one error shape.

Every function takes plain values (method, query-string pairs, headers, body bytes) and either
returns a request object or raises :class:`ProtocolError` carrying the HTTP status. Imports only
the standard library, :mod:`cqcgraph.sparql.text` and :mod:`cqcgraph.errors`.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml;q=0.9", RESULT_FORMATS).name
'xml'
>>> negotiate("*/*;q=1, application/sparql-results+json;q=0", RESULT_FORMATS).name
'xml'
>>> negotiate("application/x-nothing", RESULT_FORMATS) is None
True
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from typing import Iterable, Sequence

from cqcgraph.errors import CqcgraphError
from cqcgraph.media_types import (  # noqa: F401 (the protocol's formats, for its users)
    GRAPH_FORMATS, HTML, RDF_INPUT_TYPES, RDF_SUFFIXES, RESULT_FORMATS, Format)

# -- formats ----------------------------------------------------------------------------


# the one table of formats (names, media types, suffixes): cqcgraph.media_types

_BY_NAME = {f.name: f for f in RESULT_FORMATS + GRAPH_FORMATS + (HTML,)}


def format_named(name: str) -> Format | None:
    """A format by short name or suffix (``json``, ``ttl``, ``turtle``, ``nt``, ...)."""
    if name in _BY_NAME:
        return _BY_NAME[name]
    for f in RESULT_FORMATS + GRAPH_FORMATS + (HTML,):
        if name == f.suffix:
            return f
    return None


# -- content negotiation (RFC 9110 section 12.5.1) -------------------------------------


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 2

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return True
        if self.type != t:
            return False
        return self.subtype == "*" or self.subtype == s


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed ones are ignored."""
    ranges = []
    for order, part in enumerate((header or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        mt = pieces[0].lower()
        if not re.fullmatch(r"[a-z0-9!#$%&'*+.^_`|~-]+/[a-z0-9!#$%&'*+.^_`|~-]+", mt):
            continue
        t, s = mt.split("/", 1)
        if t == "*" and s != "*":
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
        ranges.append(MediaRange(t, s, q, order))
    return ranges


def quality(ranges: Sequence[MediaRange], offer: Format) -> float:
    """The quality the client gives ``offer``: the most specific range matching its media type
    decides (so ``q=0`` on an exact type excludes it even under ``*/*``); an alias counts only
    when the client names it exactly."""
    best: MediaRange | None = None
    for r in ranges:
        if r.matches(offer.media_type) and (best is None or r.specificity > best.specificity):
            best = r
    if best is not None and best.specificity == 2:
        return best.q
    named = [r.q for r in ranges if r.specificity == 2 and any(r.matches(a) for a in offer.aliases)]
    if named:
        return max(named)
    return best.q if best is not None else 0.0


def negotiate(accept: str | None, offers: Sequence[Format]) -> Format | None:
    """The best offer for ``accept`` (offers in the server's order of preference), or None when
    nothing is acceptable (406). No or an empty Accept header: the first offer."""
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for offer in offers:
        q = quality(ranges, offer)
        if q > best_q:
            best, best_q = offer, q
    return best


def prefers_html(accept: str | None, offers: Sequence[Format]) -> bool:
    """True when a browser-style Accept header puts HTML first among ``offers`` (+ HTML)."""
    chosen = negotiate(accept, (HTML,) + tuple(offers))
    return chosen is HTML


# -- errors -----------------------------------------------------------------------------

STATUS_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class ProtocolError(CqcgraphError):
    """A request the protocol refuses: ``status`` is the HTTP status, the message says why
    (the command line's exit code follows from it: :func:`cqcgraph.errors.exit_code`)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None,
                 details: object = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.details = details


def error_body(status: int, message: str, details: object = None) -> bytes:
    """The one error shape of every JSON answer: ``{"error": {status, title, message}}``."""
    error: dict[str, object] = {
        "status": status,
        "title": STATUS_TITLES.get(status, "Error"),
        "message": message,
    }
    if details is not None:
        error["details"] = details
    return (json.dumps({"error": error}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_OX_POSITION = re.compile(r"^error at (\d+):(\d+):\s*")


def syntax_error_message(raw: str, what: str = "query") -> str:
    """Oxigraph's parse error as ``query line L col C: reason`` (long "expected one of" lists
    cut short), with no machine detail.

    >>> syntax_error_message('error at 3:2: expected OPTIONAL')
    'query line 3 col 2: expected OPTIONAL'
    """
    first = raw.strip()
    m = _OX_POSITION.match(first)
    where = f"{what} line {m.group(1)} col {m.group(2)}: " if m else f"{what}: "
    reason = first[m.end():] if m else first
    reason = " ".join(reason.split())
    if len(reason) > 160:
        reason = reason[:157].rsplit(",", 1)[0] + ", ..."
    return where + (reason or "syntax error")


# -- requests ---------------------------------------------------------------------------

QUERY_CONTENT_TYPE = "application/sparql-query"
UPDATE_CONTENT_TYPE = "application/sparql-update"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query request as the protocol defines it (section 2.1)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_protocol_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class UpdateRequest:
    update: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceDescriptionRequest:
    """GET on the endpoint with no query: the service description (SPARQL 1.1 SD, section 2)."""


def split_content_type(value: str | None) -> tuple[str, dict[str, str]]:
    """``text/plain; charset=UTF-8`` -> (``text/plain``, {``charset``: ``utf-8``})."""
    if not value:
        return "", {}
    parts = [p.strip() for p in value.split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


def decode_body(body: bytes, params: dict[str, str], what: str) -> str:
    """The body as text: UTF-8 only (SPARQL 1.1 Protocol section 2.1.2/2.2.2)."""
    charset = params.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"the {what} must be sent as UTF-8, not {charset}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} is not valid UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse_form(body: bytes, params: dict[str, str]) -> list[tuple[str, str]]:
    text = decode_body(body, params, "form")
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                                      encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the form is not valid UTF-8") from None


def _values(pairs: Iterable[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


def _graph_iris(pairs: Sequence[tuple[str, str]], name: str) -> tuple[str, ...]:
    out = []
    for value in _values(pairs, name):
        if not is_absolute_iri(value):
            raise ProtocolError(400, f"{name} must be an absolute IRI, got {value!r}")
        out.append(value)
    return tuple(out)


def is_absolute_iri(value: str) -> bool:
    """RFC 3987 absolute IRI (a scheme, no spaces or angle brackets).

    >>> is_absolute_iri("http://example.org/g"), is_absolute_iri("not-absolute")
    (True, False)
    """
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value))


def parse_query_request(
    method: str,
    url_pairs: Sequence[tuple[str, str]],
    content_type: str | None,
    body: bytes,
) -> QueryRequest | ServiceDescriptionRequest:
    """Read a query request (SPARQL 1.1 Protocol section 2.1): GET with ``query``; POST of a
    form; POST (or the SPARQL 1.2 ``QUERY`` method) of ``application/sparql-query``."""
    method = method.upper()
    if method in ("GET", "HEAD"):
        pairs = list(url_pairs)
        if _values(pairs, "update"):
            raise ProtocolError(400, "a query request cannot carry an 'update' parameter;"
                                     " send updates with POST to /update")
        queries = _values(pairs, "query")
        if not queries:
            return ServiceDescriptionRequest()
    elif method in ("POST", "QUERY"):
        mt, params = split_content_type(content_type)
        if mt == FORM_CONTENT_TYPE and method == "POST":
            pairs, queries = _form(url_pairs, body, params, "query", refused="update",
                                   refusal="this is the query endpoint: send updates to /update")
        elif mt == QUERY_CONTENT_TYPE:
            pairs = list(url_pairs)
            if _values(pairs, "query"):
                raise ProtocolError(400, "the query is in the body: the URL must not carry"
                                         " a 'query' parameter too")
            if _values(pairs, "update"):
                raise ProtocolError(400, "a query request cannot carry an 'update' parameter")
            queries = [decode_body(body, params, "query")]
        else:
            raise _unsupported_body(mt, QUERY_CONTENT_TYPE)
    else:
        raise ProtocolError(405, f"method {method} is not allowed here",
                            headers={"Allow": "GET, HEAD, POST, OPTIONS"})
    return QueryRequest(
        _the_one(queries, "query"),
        _graph_iris(pairs, "default-graph-uri"),
        _graph_iris(pairs, "named-graph-uri"),
    )


def parse_update_request(
    method: str,
    url_pairs: Sequence[tuple[str, str]],
    content_type: str | None,
    body: bytes,
) -> UpdateRequest:
    """Read an update request (SPARQL 1.1 Protocol section 2.2): POST only."""
    method = method.upper()
    if method != "POST":
        raise ProtocolError(405, "updates are sent with POST",
                            headers={"Allow": "POST, OPTIONS"})
    mt, params = split_content_type(content_type)
    if mt == FORM_CONTENT_TYPE:
        pairs, updates = _form(url_pairs, body, params, "update", refused="query",
                               refusal="an update request cannot carry a 'query' parameter")
    elif mt == UPDATE_CONTENT_TYPE:
        pairs = list(url_pairs)
        if _values(pairs, "update") or _values(pairs, "query"):
            raise ProtocolError(400, "the update is in the body: the URL must not carry"
                                     " 'update' or 'query' too")
        updates = [decode_body(body, params, "update")]
    else:
        raise _unsupported_body(mt, UPDATE_CONTENT_TYPE)
    return UpdateRequest(
        _the_one(updates, "update"),
        _graph_iris(pairs, "using-graph-uri"),
        _graph_iris(pairs, "using-named-graph-uri"),
    )


def _form(url_pairs: Sequence[tuple[str, str]], body: bytes, params: dict[str, str],
          wanted: str, *, refused: str, refusal: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The parameters of a form request (the URL's and the body's) and its values of
    ``wanted``: a 400 when it carries ``refused`` (``refusal`` says why) or no ``wanted``."""
    pairs = list(url_pairs) + parse_form(body, params)
    if _values(pairs, refused):
        raise ProtocolError(400, refusal)
    found = _values(pairs, wanted)
    if not found:
        raise ProtocolError(400, f"the form has no '{wanted}' parameter")
    return pairs, found


def _unsupported_body(mt: str, own_type: str) -> ProtocolError:
    """The 415 of a POST whose body is neither ``own_type`` nor a form."""
    if not mt:
        return ProtocolError(415, f"a POST needs a Content-Type: {own_type} or {FORM_CONTENT_TYPE}")
    return ProtocolError(415, f"unsupported Content-Type {mt}: use {own_type} or {FORM_CONTENT_TYPE}")


def _the_one(texts: list[str], what: str) -> str:
    """The one query or update of a request: a 400 when there are several or it is empty."""
    if len(texts) > 1:
        raise ProtocolError(400, f"exactly one '{what}' parameter is allowed, got {len(texts)}")
    if not texts[0].strip():
        raise ProtocolError(400, f"the {what} is empty")
    return texts[0]


# -- Graph Store Protocol -------------------------------------------------------------


@dataclass(frozen=True)
class GraphTarget:
    """``?default`` (graph None) or ``?graph=IRI`` (Graph Store Protocol section 4)."""

    graph: str | None
    default: bool = False

    @property
    def is_dataset(self) -> bool:
        return self.graph is None and not self.default


def parse_graph_target(url_pairs: Sequence[tuple[str, str]]) -> GraphTarget:
    """Which graph a Graph Store request addresses; neither parameter: the whole dataset."""
    graphs = _values(url_pairs, "graph")
    default = any(k == "default" for k, _ in url_pairs)
    if graphs and default:
        raise ProtocolError(400, "give either ?graph=IRI or ?default, not both")
    if len(graphs) > 1:
        raise ProtocolError(400, "exactly one 'graph' parameter is allowed")
    if graphs:
        if not is_absolute_iri(graphs[0]):
            raise ProtocolError(400, f"the graph IRI must be absolute, got {graphs[0]!r}")
        return GraphTarget(graphs[0])
    return GraphTarget(None, default=default)


def part_content_type(mimetype: str | None, filename: str | None) -> str | None:
    """The RDF media type of one file of a multipart/form-data body: its own Content-Type, or
    else the one its file name's suffix stands for.

    >>> part_content_type("", "lastName.ttl"), part_content_type("text/turtle", "x")
    ('text/turtle', 'text/turtle')
    """
    if mimetype and mimetype != "application/octet-stream":
        return mimetype
    name = (filename or "").lower()
    for suffix, media_type in RDF_SUFFIXES.items():
        if name.endswith(suffix):
            return media_type
    return mimetype or None


def rdf_input_format(content_type: str | None) -> str:
    mt, params = split_content_type(content_type)
    if mt not in RDF_INPUT_TYPES:
        raise ProtocolError(415, f"unsupported RDF Content-Type {mt or '(none)'}: use one of "
                                 + ", ".join(sorted(set(RDF_INPUT_TYPES) - {"text/plain"})))
    if params.get("charset", "utf-8") not in ("utf-8", "utf8"):
        raise ProtocolError(415, "RDF must be sent as UTF-8")
    return RDF_INPUT_TYPES[mt]


# -- write token ------------------------------------------------------------------------


def check_bearer(authorization: str | None, token: str | None) -> None:
    """Writes need ``Authorization: Bearer <token>`` (the token is read from a file, never a flag): none configured ->
    403 (writes are off); missing -> 401; wrong -> 403."""
    import hmac

    if token is None:
        raise ProtocolError(403, "this server is read-only: writes are off (no write token is"
                                 " configured)")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ProtocolError(401, "this write needs 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": 'Bearer realm="cqcgraph"'})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ProtocolError(403, "the write token is wrong")


_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9_.~-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def is_valid_host(host: str) -> bool:
    """A ``Host`` header this service can put into IRIs (RFC 9110 section 7.2, RFC 3986
    section 3.2.2, ASCII names only): a name or an IP address, maybe with a port.

    >>> is_valid_host("127.0.0.1:8000"), is_valid_host("[::1]:80"), is_valid_host("a b")
    (True, True, False)
    >>> is_valid_host("a" * 300)
    False
    """
    return 0 < len(host) <= 255 and _HOST.fullmatch(host) is not None


def check_size(length: int | None, limit: int, what: str) -> None:
    if length is not None and length > limit:
        raise ProtocolError(413, f"the {what} is larger than the limit of {limit:,} bytes")
