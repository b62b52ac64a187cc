"""A remote SPARQL 1.1 store in the role of :class:`cqcgraph.store.GraphStore`: any store
reachable over HTTP that speaks SPARQL 1.1 Query, SPARQL 1.1 Update and the Graph Store
HTTP Protocol (``oxigraph serve``, Fuseki, GraphDB, Virtuoso, a cluster behind one URL).

Why it is built so: the core asks its store for the same few things whichever store it is
(quad patterns, small SELECTs, graphs replaced in one transaction, streamed dumps), so this
class answers the same methods in the same plain terms (:mod:`cqcgraph.terms`), each as one
HTTP request. Every write of one document is one SPARQL Update request, which the store
must apply atomically (``oxigraph serve`` does): a reader of the remote never sees half a
document. What only an embedded store has (checkpoints for query workers, a read-only open
of a folder, backups of its files) is refused here with a message that says so.

Credentials come from the environment only (``CQCGRAPH_STORE_TOKEN``, or
``CQCGRAPH_STORE_USER`` with ``CQCGRAPH_STORE_PASSWORD``) and are never written into a
message; a remote's answer is quoted at most :data:`QUOTED` characters long.

Imports the standard library (``http.client``, XML results parsed as they stream) and the
store module's errors and update text; no pyoxigraph of its own, no rdflib, no ``requests``,
so the commands that only read start as fast over a remote as over the embedded store.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import re
import socket
import threading
import urllib.parse
import weakref
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import IO, Collection, Iterable, Iterator, Mapping, cast

from cqcgraph import media_types, terms
from cqcgraph.settings import Settings
from cqcgraph.store import GraphStore, QueryError, QuerySyntaxError, StoreError
from cqcgraph.terms import Quad, Term

QUOTED = 200  # characters of a remote's error answer quoted in a message
RESULTS_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
CHUNK = 64 * 1024


class RemoteStoreError(StoreError):
    """The remote store could not be reached, timed out or answered with an error (the
    message says which, never with a credential). Exit code 4: the store, not the request,
    is at fault; the endpoint answers 502."""

    status, exit = 502, 4


class RemoteAuthError(RemoteStoreError):
    """The remote store refused the credentials (401 or 403): a configuration to change."""

    exit = 2


@dataclass(frozen=True)
class Layout:
    """Where a kind of store keeps its three endpoints, below the URL the user gives, and the
    query parameter (if any) that makes its default graph the union of all graphs."""

    query: str
    update: str
    gsp: str
    union_param: tuple[str, str] | None = None


#: The layouts cqcgraph knows (``--store-layout``, ``CQCGRAPH_STORE_LAYOUT``); any endpoint
#: can be set on its own (``CQCGRAPH_STORE_QUERY_URL``, ``_UPDATE_URL``, ``_GSP_URL``).
LAYOUTS: dict[str, Layout] = {
    # oxigraph serve: the URL is the server's root; the union is asked for on each query
    "oxigraph": Layout("query", "update", "store", ("union-default-graph", "")),
    # Apache Jena Fuseki: the URL is the dataset, configured with tdb2:unionDefaultGraph
    "fuseki": Layout("query", "update", "data"),
    # GraphDB: the URL is the repository, whose default graph is the union already
    "graphdb": Layout("", "statements", "rdf-graphs/service"),
    # Virtuoso: the URL is the server's root; its default graph is all graphs already
    "virtuoso": Layout("sparql", "sparql", "sparql-graph-crud"),
}


def endpoint(base: str, given: str | None, default: str) -> str:
    """An endpoint's URL: ``given`` (absolute, or relative to ``base``), else ``default``
    below ``base``.

    >>> endpoint("http://127.0.0.1:7878", None, "query")
    'http://127.0.0.1:7878/query'
    >>> endpoint("http://h/repositories/r", None, "")
    'http://h/repositories/r'
    >>> endpoint("http://h:3030/ds", "/ds/sparql", "query")
    'http://h:3030/ds/sparql'
    """
    path = given if given is not None else default
    if re.match(r"https?://", path):
        return path
    if path.startswith("/"):
        return urllib.parse.urljoin(base, path)
    return base.rstrip("/") + ("/" + path if path else "")


def public_url(url: str) -> str:
    """``url`` without user information (what a message or a log may show).

    >>> public_url("https://user:secret@store.example:8443/ds")
    'https://store.example:8443/ds'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def short(body: bytes) -> str:
    """The start of a remote's answer, on one line, for a message."""
    text = " ".join(body[: QUOTED * 4].decode("utf-8", "replace").split())
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


class Http:
    """Requests to the remote store's endpoints: one kept-alive connection per thread and
    host, the credentials added to every request, errors turned into :class:`RemoteStoreError`."""

    def __init__(self, authorization: str | None, timeout: float) -> None:
        self._authorization = authorization
        self.timeout = timeout
        self._local = threading.local()
        self._connection_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _connection(self, parts: urllib.parse.SplitResult, timeout: float
                    ) -> tuple[http.client.HTTPConnection, bool]:
        pool: dict = self._local.__dict__.setdefault("pool", {})
        key = (parts.scheme, parts.hostname, parts.port)
        conn = pool.get(key)
        if conn is not None:
            conn.timeout = timeout
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
            return conn, True
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = kind(parts.hostname or "", parts.port, timeout=timeout)
        pool[key] = conn
        return conn, False

    def _drop(self, parts: urllib.parse.SplitResult) -> None:
        pool: dict = self._local.__dict__.setdefault("pool", {})
        conn = pool.pop((parts.scheme, parts.hostname, parts.port), None)
        if conn is not None:
            conn.close()

    def request(self, method: str, url: str, *, body: bytes | None = None,
                headers: Mapping[str, str] | None = None, timeout: float | None = None
                ) -> http.client.HTTPResponse:
        """Send one request; the answer's status is 2xx (else :class:`RemoteStoreError`),
        its body left to read. A kept-alive connection the remote closed meanwhile is opened
        again once (the request never reached it)."""
        parts = urllib.parse.urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        sent = {"User-Agent": "cqcgraph", **(headers or {})}
        if self._authorization:
            sent["Authorization"] = self._authorization
        if body is not None:
            sent["Content-Length"] = str(len(body))
        wait = timeout if timeout is not None else self.timeout
        for attempt in (0, 1):
            conn, reused = self._connection(parts, wait)
            try:
                conn.request(method, target, body=body, headers=sent)
                answer = conn.getresponse()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                self._drop(parts)
                if reused and attempt == 0:
                    continue
                raise RemoteStoreError(f"the store at {public_url(url)} closed the connection:"
                                       f" {type(exc).__name__}") from None
            except (socket.timeout, TimeoutError):
                self._drop(parts)
                raise RemoteTimeout(f"the store at {public_url(url)} did not answer within"
                                    f" {wait:g} s") from None
            except OSError as exc:
                self._drop(parts)
                raise RemoteStoreError(f"the store at {public_url(url)} cannot be reached:"
                                       f" {exc.strerror or type(exc).__name__}") from None
        self._connection_of[answer] = conn
        if answer.status >= 300:
            self._refuse(answer, url)
        return answer

    def set_timeout(self, answer: http.client.HTTPResponse, seconds: float) -> None:
        """Give the rest of ``answer`` at most ``seconds`` per read."""
        conn = self._connection_of.get(answer)
        if conn is not None and conn.sock is not None:
            conn.sock.settimeout(max(0.001, seconds))

    def release(self, answer: http.client.HTTPResponse) -> None:
        """Done with ``answer``: its connection is kept for the next request when the answer
        was read to its end, else closed (what is left of the answer would be read as the
        next one's)."""
        finished = answer.isclosed()
        answer.close()
        conn = self._connection_of.pop(answer, None)
        if conn is not None and not finished:
            conn.close()
            pool: dict = self._local.__dict__.setdefault("pool", {})
            for key, held in list(pool.items()):
                if held is conn:
                    del pool[key]

    @contextlib.contextmanager
    def reading(self, answer: http.client.HTTPResponse) -> Iterator[http.client.HTTPResponse]:
        """``answer`` for a ``with`` block, released (:meth:`release`) however it ends."""
        try:
            yield answer
        finally:
            self.release(answer)

    def _refuse(self, answer: http.client.HTTPResponse, url: str) -> None:
        try:
            said = short(answer.read(QUOTED * 4))
        except (OSError, http.client.HTTPException):
            said = ""
        finally:
            self.release(answer)  # the rest of a long answer is not read: nor kept
        where = public_url(url)
        if answer.status in (401, 403):
            raise RemoteAuthError(
                f"the store at {where} refused the credentials ({answer.status}): set"
                f" CQCGRAPH_STORE_TOKEN, or CQCGRAPH_STORE_USER and CQCGRAPH_STORE_PASSWORD")
        if answer.status == 400:
            raise RemoteRefused(f"the store at {where} refused the request (400): {said}")
        raise RemoteStoreError(f"the store at {where} answered {answer.status}"
                               f" {answer.reason}: {said}")

    def close(self) -> None:
        for conn in self._local.__dict__.get("pool", {}).values():
            conn.close()
        self._local.__dict__["pool"] = {}


class RemoteTimeout(RemoteStoreError):
    """The remote store gave no answer in time (its request's timeout)."""

    status = 504


class RemoteRefused(QueryError):
    """The remote store answered 400: the request, as the store read it, is at fault."""

    status, exit = 400, 2


def authorization(settings: Settings) -> str | None:
    """The ``Authorization`` header for the remote's credentials (bearer first), or None."""
    if settings.store_token:
        return f"Bearer {settings.store_token}"
    if settings.store_user:
        pair = f"{settings.store_user}:{settings.store_password or ''}".encode("utf-8")
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


# -- reading answers as they stream ---------------------------------------------------------
_XML_NS = "{http://www.w3.org/2005/sparql-results#}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xml_rows(answer: IO[bytes]) -> Iterator[dict[str, Term]]:
    """The rows of a SPARQL XML results answer, read as it streams (never held whole)."""
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("end",))
    while True:
        data = answer.read(CHUNK)
        if data:
            parser.feed(data)
        else:
            parser.close()
        for event in parser.read_events():
            element: object = event[-1]  # ("end", element)
            assert isinstance(element, ET.Element)
            if element.tag == _XML_NS + "result":
                yield {b.get("name", ""): _xml_term(b) for b in element
                       if b.tag == _XML_NS + "binding" and len(b)}
                element.clear()
        if not data:
            return


def xml_boolean(answer: IO[bytes]) -> bool:
    root = ET.fromstring(answer.read())
    found = root.find(_XML_NS + "boolean")
    if found is None or found.text is None:
        raise RemoteStoreError("the store's answer to an ASK query has no boolean")
    return found.text.strip() == "true"


def _xml_term(binding: ET.Element) -> Term:
    node = binding[0]
    kind, value = node.tag[len(_XML_NS):], node.text or ""
    if kind == "uri":
        return terms.iri(value)
    if kind == "bnode":
        return Term("bnode", value)
    lang = node.get(_XML_LANG)
    if lang:
        return Term("literal", value, terms.RDF_LANG_STRING, lang)
    return Term("literal", value, node.get("datatype") or terms.XSD_STRING)


_NT_IRI = r"<([^>]*)>"
_NT_BNODE = r"_:(\S+)"
_NT_LITERAL = r'"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([A-Za-z0-9-]+))?'
_NT_TERM = re.compile(rf"\s*(?:{_NT_IRI}|{_NT_BNODE}|{_NT_LITERAL})")
_NT_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_NT_CHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
             "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _NT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)) if m.group(1)
                          or m.group(2) else _NT_CHARS.get(m.group(3), m.group(3)), text)


def parse_nquads_line(line: str) -> Quad | None:
    """One line of N-Triples or N-Quads as a :class:`~cqcgraph.terms.Quad` (None for a blank
    line or a comment).

    >>> parse_nquads_line('<http://x.example/a> <http://x.example/b> "c\\\\"d"@en <http://x.example/g> .')
    Quad(subject=Term(kind='iri', value='http://x.example/a', datatype=None, language=None), \
predicate=Term(kind='iri', value='http://x.example/b', datatype=None, language=None), \
object=Term(kind='literal', value='c"d', datatype='http://www.w3.org/1999/02/22-rdf-syntax-ns#langString', language='en'), \
graph=Term(kind='iri', value='http://x.example/g', datatype=None, language=None))
    """
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    found: list[Term] = []
    pos = 0
    while len(found) < 4:
        match = _NT_TERM.match(text, pos)
        if match is None:
            break
        iri, bnode, lexical, datatype, lang = match.groups()
        if iri is not None:
            found.append(terms.iri(_unescape(iri)))
        elif bnode is not None:
            found.append(Term("bnode", bnode))
        elif lang:
            found.append(Term("literal", _unescape(lexical), terms.RDF_LANG_STRING, lang))
        else:
            found.append(Term("literal", _unescape(lexical), datatype or terms.XSD_STRING))
        pos = match.end()
    if len(found) < 3 or not text[pos:].strip().startswith("."):
        raise RemoteStoreError(f"the store sent a line that is not N-Triples: {short(line.encode())}")
    return Quad(found[0], found[1], found[2], found[3] if len(found) > 3 else None)


def nquads(answer: IO[bytes]) -> Iterator[Quad]:
    """The quads of an N-Triples or N-Quads answer, read line by line as it streams."""
    for raw in answer:  # an HTTP response reads lines as they come
        quad = parse_nquads_line(raw.decode("utf-8"))
        if quad is not None:
            yield quad


# -- writing SPARQL terms ---------------------------------------------------------------------
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_FORMATS = {f.name: f for f in media_types.GRAPH_FORMATS + media_types.RESULT_FORMATS}


def _media(fmt: str) -> media_types.Format:
    """The format of that short name (a key of the one table, :mod:`cqcgraph.media_types`)."""
    try:
        return _FORMATS[fmt]
    except KeyError:
        raise StoreError(f"unknown format {fmt!r}") from None


def sparql_term(term: Term | object) -> str:
    """A term (the project's own, or Oxigraph's, as a named query binds it) as SPARQL (and
    N-Triples) text; an IRI that could break out of ``<…>`` is refused.

    >>> print(sparql_term(terms.literal('say "hi"', language="en")))
    "say \\"hi\\""@en
    """
    if not isinstance(term, Term):  # Oxigraph's term, valid by construction, writes itself
        return str(term)
    if term.kind == "iri":
        if _IRI_FORBIDDEN.search(term.value):
            raise QueryError(f"not an IRI: {term.value[:80]!r}")
        return f"<{term.value}>"
    if term.datatype and _IRI_FORBIDDEN.search(term.datatype):
        raise QueryError(f"not a datatype IRI: {term.datatype[:80]!r}")
    return str(term)  # N-Triples: a SPARQL term too


def _pattern_term(term: Term | None, name: str) -> str:
    """A quad pattern's term as SPARQL: a variable for None. A blank node cannot be asked
    for (its label in a query is a variable of its own)."""
    if term is not None and term.kind == "bnode":
        raise QueryError("a remote store cannot be asked for one blank node by its label")
    return f"?{name}" if term is None else sparql_term(term)


# ----------------------------------------------------------------------------------------------
class RemoteStore:
    """A remote SPARQL 1.1 store, with :class:`~cqcgraph.store.GraphStore`'s methods that the
    core uses. Everything cqcgraph writes is in named graphs: the lookups here read the named
    graphs (``GRAPH ?g``), and queries without a dataset read the union of all graphs (the
    store's default graph must be that union: ``oxigraph serve`` is asked so per request;
    see :data:`LAYOUTS` for the others)."""

    path = None  # no folder: no checkpoints, no read-only open, no backup of files
    read_only = False

    def __init__(self, url: str, *, layout: str = "oxigraph", query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None,
                 authorization: str | None = None, timeout: float = 60.0) -> None:
        if not re.match(r"https?://[^/]", url or ""):
            raise StoreError(f"--store-url must be an http(s) URL, got {public_url(url)!r}")
        if layout not in LAYOUTS:
            raise StoreError(f"unknown store layout {layout!r}: one of {', '.join(LAYOUTS)}")
        if urllib.parse.urlsplit(url).password is not None:
            raise StoreError("put no password in --store-url: give it in CQCGRAPH_STORE_PASSWORD")
        self.url = url.rstrip("/")
        self.layout = LAYOUTS[layout]
        self.query_url = endpoint(self.url, query_url, self.layout.query)
        self.update_url = endpoint(self.url, update_url, self.layout.update)
        self.gsp_url = endpoint(self.url, gsp_url, self.layout.gsp)
        self.http = Http(authorization, timeout)

    @classmethod
    def from_settings(cls, settings: Settings) -> "RemoteStore":
        assert settings.store_url
        return cls(settings.store_url, layout=settings.store_layout,
                   query_url=settings.store_query_url, update_url=settings.store_update_url,
                   gsp_url=settings.store_gsp_url, authorization=authorization(settings),
                   timeout=settings.store_timeout)

    def __repr__(self) -> str:
        return f"RemoteStore({public_url(self.url)!r})"

    @property
    def where(self) -> str:
        """The store's URL as a message may show it."""
        return public_url(self.url)

    # -- queries --------------------------------------------------------------------------------
    def query_params(self, *, default_graph: Iterable[str] | None = None,
                     named_graphs: Iterable[str] | None = None, union: bool = True
                     ) -> list[tuple[str, str]]:
        """The protocol's dataset parameters, or the layout's union parameter."""
        params: list[tuple[str, str]] = []
        if default_graph is not None or named_graphs is not None:
            params += [("default-graph-uri", g) for g in default_graph or []]
            params += [("named-graph-uri", g) for g in named_graphs or []]
        elif union and self.layout.union_param:
            params.append(self.layout.union_param)
        return params

    def open_query(self, sparql: str, accept: str, *, params: Iterable[tuple[str, str]] = (),
                   timeout: float | None = None) -> http.client.HTTPResponse:
        """POST a query (form-encoded: any store takes it) and return the answer to stream."""
        body = urllib.parse.urlencode([("query", sparql), *params]).encode("utf-8")
        return self.http.request("POST", self.query_url, body=body, timeout=timeout, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": accept})

    def _answer(self, sparql: str, accept: str, **kwargs: object) -> http.client.HTTPResponse:
        substitutions = kwargs.pop("substitutions", None)
        base_iri = kwargs.pop("base_iri", None)
        if substitutions:
            sparql = bind_values(sparql, substitutions)  # type: ignore[arg-type]
        if base_iri:
            sparql = f"BASE <{base_iri}>\n{sparql}"
        try:
            return self.open_query(sparql, accept, params=self.query_params(**kwargs))  # type: ignore[arg-type]
        except RemoteRefused as exc:
            raise QuerySyntaxError(str(exc)) from None

    def rows(self, sparql: str, **kwargs: object) -> Iterator[dict[str, Term]]:
        """A SELECT's rows streamed (each a dict of the bound variables' terms)."""
        with self.http.reading(self._answer(sparql, RESULTS_XML, **kwargs)) as answer:
            yield from xml_rows(answer)

    query = rows  # the callers that iterate solutions read ``row[name].value`` alike

    def select(self, sparql: str, **kwargs: object) -> list[dict[str, str | None]]:
        """A small SELECT as a list of dicts of strings."""
        return [{k: v.value for k, v in row.items()} for row in self.rows(sparql, **kwargs)]

    def ask(self, sparql: str, **kwargs: object) -> bool:
        with self.http.reading(self._answer(sparql, RESULTS_XML, **kwargs)) as answer:
            return xml_boolean(answer)

    def result(self, sparql: str, **kwargs: object) -> terms.Result:
        """A query answered in plain objects (:mod:`cqcgraph.terms`), read whole."""
        from cqcgraph.sparql import text as sparql_text

        form = sparql_text.query_form(sparql)
        if form == "ASK":
            return terms.Boolean(self.ask(sparql, **kwargs))
        if form in ("CONSTRUCT", "DESCRIBE"):
            with self.http.reading(self._answer(sparql, NTRIPLES, **kwargs)) as answer:
                return terms.Triples(list(nquads(answer)))
        rows = list(self.rows(sparql, **kwargs))
        names = tuple(dict.fromkeys(k for row in rows for k in row))
        return terms.Solutions(names, rows)

    def construct_to(self, output: IO[bytes], fmt: str, sparql: str, **kwargs: object) -> None:
        """Stream a CONSTRUCT's answer to ``output`` in ``fmt`` (a graph format's name)."""
        with self.http.reading(self._answer(sparql, _media(fmt).media_type, **kwargs)) as answer:
            _copy(answer, output)

    def match(self, subject: Term | None = None, predicate: Term | None = None,
              obj: Term | None = None, graph: Term | None = None) -> Iterator[Quad]:
        """The quads of the named graphs matching a pattern (None matches anything)."""
        s, p, o = (_pattern_term(subject, "s"), _pattern_term(predicate, "p"),
                   _pattern_term(obj, "o"))
        g = _pattern_term(graph, "g")
        sparql = f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} }}"
        for row in self.rows(sparql):
            yield Quad(subject or row["s"], predicate or row["p"], obj or row["o"],
                       graph or row["g"])

    def exists(self, subject: Term | None = None, predicate: Term | None = None,
               obj: Term | None = None, graph: Term | None = None) -> bool:
        s, p, o = (_pattern_term(subject, "s"), _pattern_term(predicate, "p"),
                   _pattern_term(obj, "o"))
        return self.ask(f"ASK {{ GRAPH {_pattern_term(graph, 'g')} {{ {s} {p} {o} }} }}")

    def named_graphs(self) -> Iterator[str]:
        for row in self.rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["g"].value

    def has_graph(self, graph: str) -> bool:
        return self.ask(f"ASK {{ GRAPH {sparql_term(terms.iri(graph))} {{ ?s ?p ?o }} }}")

    def mentions(self, iri: str) -> bool:
        node = sparql_term(terms.iri(iri))
        return self.ask(f"ASK {{ {{ GRAPH ?g {{ {node} ?p ?o }} }} UNION"
                        f" {{ GRAPH ?g {{ ?s ?p {node} }} }} UNION {{ GRAPH {node} {{ ?s ?p ?o }} }} }}")

    def healthy(self) -> bool:
        """Whether the remote answers a query at all."""
        try:
            return self.ask("ASK { }") is not None
        except RemoteStoreError:
            return False

    def graph_triples(self, graph: str) -> list[Quad]:
        return list(self.match(graph=terms.iri(graph)))

    def has_default_graph_triples(self) -> bool:
        return False  # cqcgraph reads the named graphs only

    def count_quads(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"] or 0) if rows else 0

    # -- writes ---------------------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        """One SPARQL Update request: the store applies it whole or not at all."""
        try:
            self.http.request("POST", self.update_url, body=sparql.encode("utf-8"), headers={
                "Content-Type": "application/sparql-update; charset=utf-8"}).read()
        except RemoteRefused as exc:
            raise QuerySyntaxError(str(exc)) from None

    def update_raw(self, sparql: str, *, base_iri: str | None = None) -> None:
        """An update of the endpoint's ``/update``; what the remote refuses is a ValueError
        (the request's fault, a 400), what fails on the way a :class:`RemoteStoreError`."""
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        try:
            self.update(text)
        except QuerySyntaxError as exc:
            raise ValueError(str(exc)) from None

    replace_graphs_update = staticmethod(GraphStore.replace_graphs_update)

    def replace_graphs(self, graphs: Mapping[str, str], *, then: str | None = None,
                       absent: Collection[str] = ()) -> None:
        """Replace several named graphs (and run ``then``) in one update request; a graph in
        ``absent`` (not held by the store) is only written."""
        text = self.replace_graphs_update(graphs, absent)
        if then:
            text = f"{text} ;\n{then}" if text else then
        if text:
            self.update(text)

    def write_graph(self, graph: str, triples: Iterable[object], *, replace: bool,
                    then: str | None = None) -> None:
        lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)  # type: ignore[attr-defined]
        node = sparql_term(terms.iri(graph))
        insert = f"INSERT DATA {{ GRAPH {node} {{\n{lines}\n}} }}"
        text = f"DROP SILENT GRAPH {node} ;\n{insert}" if replace else insert
        self.update(f"{text} ;\n{then}" if then else text)

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP GRAPH {sparql_term(terms.iri(graph))}")

    def load_graph(self, graph: str, data: str | bytes, fmt: str = "ntriples") -> None:
        """Add the triples of ``data`` to ``graph``: one Graph Store Protocol POST."""
        body = data.encode("utf-8") if isinstance(data, str) else data
        url = self.gsp_url + "?" + urllib.parse.urlencode({"graph": graph})
        self.http.request("POST", url, body=body, headers={
            "Content-Type": _media(fmt).media_type}).read()

    bulk_load_graph = load_graph

    def extend(self, quads: Iterable[object]) -> None:
        """Add quads (Oxigraph's, or the project's) in one N-Quads POST to the dataset."""
        body = "".join(f"{q} .\n" for q in quads).encode("utf-8")
        if body:
            self.http.request("POST", self.gsp_url, body=body,
                              headers={"Content-Type": NQUADS}).read()

    def bulk_extend(self, quads: Iterable[object], batch: int = 50_000) -> None:
        """Add many quads, :meth:`extend` every ``batch`` (never all of them in memory)."""
        held: list[object] = []
        for quad in quads:
            held.append(quad)
            if len(held) >= batch:
                self.extend(held)
                held = []
        self.extend(held)

    def remove_graph_in_batches(self, graph: str, *, batch: int = 200_000,
                                progress: object = None) -> int:
        """Drop a named graph (the remote does it its own way); how many quads it held."""
        node = sparql_term(terms.iri(graph))
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")
        removed = int(rows[0]["n"] or 0) if rows else 0
        self.update(f"DROP SILENT GRAPH {node}")
        if callable(progress):
            progress(removed)
        return removed

    def flush(self) -> None:
        """Nothing buffered here: each request is applied by the remote when it answers."""

    def close(self) -> None:
        self.http.close()

    # -- exporting ------------------------------------------------------------------------------
    def dump(self, output: IO[bytes], fmt: str, *, graph: str | None = None,
             prefixes: Mapping[str, str] | None = None) -> None:
        """Stream one graph (a Graph Store GET), the dataset (a GET of the whole store, for
        N-Quads and TriG) or the union of all graphs (a CONSTRUCT) to ``output``, in the
        remote's own serialisation (its prefixes, not ``prefixes``)."""
        media = _media(fmt)
        if graph is not None:
            url = self.gsp_url + "?" + urllib.parse.urlencode({"graph": graph})
            answer = self.http.request("GET", url, headers={"Accept": media.media_type})
        elif media.dataset:
            answer = self.http.request("GET", self.gsp_url, headers={"Accept": media.media_type})
        else:
            answer = self._answer("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  media.media_type)
        with self.http.reading(answer):
            _copy(answer, output)

    # -- what only the embedded store has -------------------------------------------------------
    def _embedded_only(self, what: str) -> StoreError:
        return StoreError(f"{what} needs the embedded store: over a remote store ({self.where})"
                          f" use the store's own tools for it")

    @property
    def oxigraph(self) -> object:
        raise self._embedded_only("Oxigraph's own store object")

    def backup(self, target: object) -> None:
        raise self._embedded_only("a backup of the store's files")

    def snapshot(self, destination: object) -> object:
        raise self._embedded_only("a checkpoint for query workers")

    def engine_query(self, *args: object, **kwargs: object) -> object:
        raise self._embedded_only("evaluation in a query worker")


def _copy(answer: http.client.HTTPResponse, output: IO[bytes]) -> None:
    """Copy an answer to ``output`` as it streams; a connection lost midway is an error of
    the store (one of ``output``, a closed pipe, is the caller's)."""
    while True:
        try:
            data = answer.read(CHUNK)
        except (OSError, http.client.HTTPException) as exc:
            raise RemoteStoreError(f"the store's answer stopped midway: {type(exc).__name__}") \
                from None
        if not data:
            return
        output.write(data)


# -- binding parameters -----------------------------------------------------------------------
def bind_values(text: str, substitutions: Mapping[str, Term | object]) -> str:
    """``text`` with each variable of ``substitutions`` bound to its term, as Oxigraph's
    substitutions bind it, in words any SPARQL 1.1 store reads: a one-row ``VALUES`` block at
    the start of each group that uses the variable itself (in a pattern, a FILTER, a BIND),
    so that it has its value where it is used, in a sub-query too, and the store's planner
    starts from it. A variable no group uses is bound in the outer group. The values are
    written as terms (:func:`sparql_term`), never pasted as text.

    Only the groups that use a variable get its block: a block in every OPTIONAL of a page
    query made the store join it into each one (a 20,000-location store: 200 ms, against
    5 ms with the block where the variable is used).

    >>> bind_values("SELECT ?n WHERE { ?x <http://x.example/name> ?n }",
    ...             {"x": terms.iri("http://x.example/a")})
    'SELECT ?n WHERE { VALUES (?x) { (<http://x.example/a>) } ?x <http://x.example/name> ?n }'
    >>> print(bind_values("CONSTRUCT { ?r ?p ?o } WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } }",
    ...                   {"r": terms.iri("http://x.example/r")}))  # doctest: +NORMALIZE_WHITESPACE
    CONSTRUCT { ?r ?p ?o } WHERE { ?s ?p ?o
        OPTIONAL { VALUES (?r) { (<http://x.example/r>) } ?o ?q ?r } }
    >>> print(bind_values("SELECT ?n WHERE { { SELECT ?n ?x WHERE { ?x ?p ?o FILTER(?o = ?n) } } }",
    ...                   {"n": terms.literal("a")}))  # doctest: +NORMALIZE_WHITESPACE
    SELECT ?n WHERE { { SELECT ?n ?x WHERE { VALUES (?n) { ("a") } ?x ?p ?o FILTER(?o = ?n) } } }
    """
    from cqcgraph.sparql import text as sparql_text

    if not substitutions:
        return text
    toks = sparql_text.tokens(text)
    form = next((i for i, t in enumerate(toks)
                 if t.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
    if form is None:
        raise QueryError("parameters can be bound in a query only")
    if toks[form].keyword == "CONSTRUCT" and form + 1 < len(toks) \
            and toks[form + 1].keyword == "WHERE":
        raise QueryError("parameters cannot be bound in the short form CONSTRUCT WHERE { … }:"
                         " write the template")
    cuts = _groups_using(toks, form, set(substitutions))
    if not cuts:
        raise QueryError("parameters cannot be bound in a query without a WHERE group")
    outer = min(cuts)
    cuts[outer] = cuts[outer] | set(substitutions).difference(*cuts.values())
    pieces, last = [], 0
    for cut in sorted(cuts):
        names = sorted(cuts[cut])
        if names:
            pieces += [text[last:cut], f" VALUES ({' '.join('?' + n for n in names)}) {{ ("
                       + " ".join(sparql_term(substitutions[n]) for n in names) + ") }"]
            last = cut
    return "".join(pieces) + text[last:]


def _groups_using(toks: list, form: int, names: set[str]) -> dict[int, set[str]]:
    """Where each group of the query opens (the offset after its ``{``) and which of
    ``names`` it uses itself (not in a group inside it). The CONSTRUCT template and the data
    of a ``VALUES`` are no groups, nor is anything inside them; a group holding a sub-query
    holds it alone, so it is none either (the sub-query's own groups are)."""
    found: dict[int, set[str]] = {}
    stack: list[tuple[int | None, set[str], bool]] = []  # (cut, names used, contents skipped)
    template = toks[form].keyword == "CONSTRUCT"
    data_next = False
    for i in range(form + 1, len(toks)):
        tok = toks[i]
        if tok.keyword == "VALUES":
            data_next = True
        elif tok.text == "{":
            skipped = template or data_next or any(skip for _, _, skip in stack)
            eligible = not skipped and not (
                i + 1 < len(toks) and toks[i + 1].keyword == "SELECT")
            stack.append((tok.end if eligible else None, set(), skipped))
            data_next = template = False
        elif tok.text == "}" and stack:
            cut, used, _ = stack.pop()
            if cut is not None:
                found[cut] = used
        elif tok.kind == "var" and stack and tok.text[1:] in names:
            stack[-1][1].add(tok.text[1:])
    return found


def connect(settings: Settings) -> GraphStore:
    """The remote store of ``settings`` in :class:`~cqcgraph.store.GraphStore`'s role: it
    answers the same methods the core calls, in the same plain terms (the one seam where the
    core chooses its store: :class:`cqcgraph.api.Cqcgraph` and
    :class:`cqcgraph.readonly.StoreReader`)."""
    return cast(GraphStore, RemoteStore.from_settings(settings))
