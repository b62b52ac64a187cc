"""SERVICE lockdown: pyoxigraph calls any URL a query names in ``SERVICE`` (and an update's
``LOAD``), private addresses included, with no timeout. So, before anything runs:

* a request nested deeper than :data:`MAX_NESTING` is refused (Oxigraph would crash on it);
* a request in which the word "service" (for an update, "load" too) occurs nowhere, in any
  case, in the text as written or with its ``\\u`` escapes applied, passes untouched (the cheap
  path for almost every query): Oxigraph only knows the keyword spelled out in letters;
* otherwise its escapes are applied the way Oxigraph applies them (inside strings and IRIs
  only), and that text, the one that will run, is read twice: by
  :mod:`cqcgraph.sparql.text` (positions) and by rdflib's SPARQL parser (the algebra), the
  latter in a separate process under a size and time limit
  (:mod:`cqcgraph.sparql.service_analysis`); if either cannot read it, or they disagree, it is
  refused (400); a ``LOAD`` in an update is refused; the rewritten text is read again, and
  Oxigraph's own parser must agree that no other occurrence of the word is a keyword
  (:func:`oxigraph_agrees`);
* a variable endpoint is refused; an endpoint not on the allow-list is refused, unless the
  pattern is ``SERVICE SILENT``, which becomes ``{}`` (one empty solution, SPARQL 1.1 Federated
  Query section 4) so that nothing is ever sent;
* an allow-listed endpoint is rewritten to :class:`ServiceProxy`, a loopback HTTP proxy that only
  forwards to allow-listed endpoints and gives each call ``service_timeout`` seconds (504 after).
  A client is told which endpoint failed and how, never what it answered.

Imports the standard library and the web package's pure modules (rdflib runs in the analyser
process only).
"""

from __future__ import annotations

import logging
import re
import secrets
import socket
import threading
import urllib.parse
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from cqcgraph.sparql import text as sparql_text

if TYPE_CHECKING:  # the proxy's HTTP modules are loaded when a proxy starts
    import http.client
    import http.server
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.sparql.service_analysis import (
    AnalysisBusy,
    AnalysisFailed,
    AnalysisTimeout,
    Analyser,
)

log = logging.getLogger("cqcgraph.web.service")


class ServiceRefused(ProtocolError):
    """A SERVICE the guard will not let run (always HTTP 400, before anything is sent)."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


@dataclass(frozen=True)
class ServiceCall:
    endpoint: str  # absolute IRI, or "?var"
    silent: bool
    nested: bool = False  # inside another SERVICE (sent to that endpoint, not called here)


def _resolve(span: sparql_text.ServiceSpan, prefixes: dict[str, str], base: str | None) -> str:
    if span.endpoint_kind == "var":
        return "?" + span.endpoint[1:]
    if span.endpoint_kind == "iri":
        value = span.endpoint[1:-1]
    else:
        prefix, _, local = span.endpoint.partition(":")
        if prefix not in prefixes:
            raise ServiceRefused(f"SERVICE endpoint {span.endpoint}: undeclared prefix")
        value = prefixes[prefix] + local.replace("\\", "")
    if base and not sparql_text_is_absolute(value):
        value = urllib.parse.urljoin(base, value)
    return value


def sparql_text_is_absolute(value: str) -> bool:
    return bool(urllib.parse.urlsplit(value).scheme)


MAX_NESTING = 500
"""Deepest parse tree a request may need (:func:`sparql_text.nesting_depth`). Oxigraph's
parser and evaluator recurse once per level and crash the process (a segmentation fault, not
an error) between 3,000 and 10,000 levels, less on a thread's smaller stack."""

MAX_ANALYSED_CHARS = 16 * 1024
"""Largest request that mentions SERVICE (or LOAD, for updates) the guard reads: rdflib reads
about 15-30 KiB a second on an idle core, so this bounds one analysis to about a
second (a few on a busy machine; :data:`ANALYSIS_TIMEOUT` stops the rest)."""

ANALYSIS_TIMEOUT = 10.0
"""Seconds one analysis may take before its process is killed and the request refused."""


def check_depth(text: str) -> None:
    """Refuse (400) a request nested deeper than :data:`MAX_NESTING` before any engine reads
    it."""
    depth = sparql_text.nesting_depth(text)
    if depth > MAX_NESTING:
        raise ProtocolError(400, f"the request is nested {depth} levels deep (brackets and"
                                 f" chained operators); the limit of this server is"
                                 f" {MAX_NESTING}")


class ServiceGuard:
    """Checks and rewrites SERVICE patterns. ``proxy_url(i)`` is the loopback address that
    stands for ``allow[i]`` (None: no proxy, so even allow-listed endpoints are refused).

    The decision is made on the text the engine runs: codepoint escapes are applied first the
    way Oxigraph applies them (:func:`sparql_text.apply_escapes`), and that text, not the
    original, is returned to run. Any request in which the word ``service`` (or ``load``, in
    an update) occurs in any case, anywhere, in any reading, is analysed in full."""

    def __init__(self, allow: Sequence[str], proxy_url: Callable[[int], str] | None = None,
                 analyser: Analyser | None = None) -> None:
        self.allow = tuple(allow)
        self.proxy_url = proxy_url
        self.analyser = analyser or Analyser()
        self._readings: OrderedDict[tuple, dict] = OrderedDict()
        self._passed: OrderedDict[tuple, str] = OrderedDict()
        self._pending: dict[tuple, threading.Event] = {}
        self._lock = threading.Lock()

    def check(self, text: str, *, update: bool = False, base_iri: str | None = None) -> str:
        """The text to run: unchanged, or with SERVICE rewritten. Raises :class:`ServiceRefused`
        (or a 400 :class:`ProtocolError` for a request nested too deep)."""
        check_depth(text)
        words = ("SERVICE", "LOAD") if update else ("SERVICE",)
        if not any(sparql_text.mentions(text, w) for w in words):
            return text
        key = (text, update, base_iri)
        passed = self._passed_or_wait(key)
        if passed is not None:
            return passed
        try:
            checked = self._analysed(text, update, base_iri)
            with self._lock:
                self._passed[key] = checked
                while len(self._passed) > 256:
                    self._passed.popitem(last=False)
            return checked
        finally:
            with self._lock:
                done = self._pending.pop(key, None)
            if done is not None:
                done.set()

    def _passed_or_wait(self, key: tuple) -> str | None:
        """The checked text of ``key`` if it passed before; else None, once no other request
        is analysing the same text (the same page queries arrive together on a fresh server:
        one analysis each, not one per request, which would find every analyser busy)."""
        with self._lock:
            if key in self._passed:
                self._passed.move_to_end(key)
                return self._passed[key]
            other = self._pending.get(key)
            if other is None:
                self._pending[key] = threading.Event()
                return None
        other.wait(ANALYSIS_TIMEOUT + 1)
        with self._lock:
            if key in self._passed:
                return self._passed[key]
            self._pending.setdefault(key, threading.Event())
        return None  # it failed there: analysed here again (and refused with its reason)

    def _analysed(self, text: str, update: bool, base_iri: str | None) -> str:
        """The full analysis of a text that mentions SERVICE (or LOAD): the same text gives
        the same answer every time, so :meth:`check` remembers the texts that passed (the
        page queries that bind ``?service`` come back on every page)."""
        words = ("SERVICE", "LOAD") if update else ("SERVICE",)
        if len(text) > MAX_ANALYSED_CHARS:
            raise ServiceRefused(
                f"a request that mentions {' or '.join(w for w in words)} may be at most"
                f" {MAX_ANALYSED_CHARS // 1024} KiB ({MAX_ANALYSED_CHARS:,} characters), so that"
                f" the SERVICE check can read it; this one has {len(text):,}")
        if "\r" in text:
            # Oxigraph ends a comment at a carriage return, rdflib only at a line feed: a
            # SERVICE after "# …\r" is a call to one and a comment to the other
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                raise ServiceRefused("the SERVICE check cannot analyse a query with a carriage"
                                     " return that does not end a line (before a line feed)")
        try:
            text = sparql_text.apply_escapes(text)
            spans = sparql_text.service_patterns(text)
            lexed_load = "LOAD" in sparql_text.keywords(text)
        except sparql_text.LexError as exc:
            raise ServiceRefused(f"the SERVICE check cannot analyse this query: {exc}") from None
        if update and lexed_load:
            raise load_refused()
        try:
            reading = self._read(text, update, base_iri)
        except AnalysisTimeout:
            raise ServiceRefused(f"the SERVICE check could not read this query within"
                                 f" {ANALYSIS_TIMEOUT:g} s (its limit), so it is not run") from None
        except AnalysisBusy:
            raise ProtocolError(503, "the SERVICE check is busy: try again shortly",
                                headers={"Retry-After": "2"}) from None
        except AnalysisFailed as exc:
            raise ServiceRefused(
                f"the SERVICE check cannot analyse this query, so it is not run ({exc})"
            ) from None
        if reading["load"]:
            raise load_refused()
        parsed = [ServiceCall(*service) for service in reading["services"]]
        try:
            base = sparql_text.declared_base(text)
        except sparql_text.LexError as exc:
            raise ServiceRefused(f"the SERVICE check cannot analyse this query: {exc}") from None
        if base is not None:
            base = urllib.parse.urljoin(base_iri, base) if base_iri else base
        else:
            base = base_iri
        prefixes = {name: urllib.parse.urljoin(base, iri) if base else iri
                    for name, iri in sparql_text.declared_prefixes(text).items()}
        lexed = [ServiceCall(_resolve(s, prefixes, base), s.silent,
                             any(o.start < s.start and s.end <= o.end for o in spans))
                 for s in spans]
        if sorted(lexed, key=repr) != sorted(parsed, key=repr):
            raise ServiceRefused("the SERVICE check cannot analyse this query (the two readings"
                                 " of its SERVICE patterns disagree), so it is not run")
        edits: list[tuple[int, int, str]] = []
        for span, call in zip(spans, lexed, strict=True):
            if any(start <= span.start and span.end <= end and rep == "{}"
                   for start, end, rep in edits):
                continue  # inside a SERVICE SILENT that is already dropped
            if call.endpoint.startswith("?"):
                raise ServiceRefused(f"SERVICE with a variable endpoint ({call.endpoint}) is"
                                     " not allowed")
            if call.endpoint in self.allow and self.proxy_url is not None:
                if call.nested:
                    # the engine sends a nested SERVICE to the outer endpoint, which makes
                    # that call itself: left as written (a proxy address means nothing there)
                    continue
                index = self.allow.index(call.endpoint)
                edits.append((span.endpoint_start, span.endpoint_end,
                              f"<{self.proxy_url(index)}>"))
            elif span.silent:
                edits.append((span.start, span.end, "{}"))
            else:
                raise ServiceRefused(
                    f"SERVICE <{call.endpoint}> is not allowed: this server only calls the"
                    " endpoints on its allow-list" + (
                        f" ({', '.join(self.allow)})" if self.allow else " (which is empty)")
                )
        # an endpoint edit inside a dropped SERVICE SILENT is moot: drop it too
        edits = [e for e in edits if not any(o is not e and o[2] == "{}" and o[0] <= e[0]
                                             and e[1] <= o[1] for o in edits)]
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        if edits:
            self._check_rewritten(text, update, base_iri)
        oxigraph_agrees(text, update=update)
        return text

    def _check_rewritten(self, text: str, update: bool, base_iri: str | None) -> None:
        """The rewritten text, read again: every SERVICE the engine will call must now be the
        proxy. Both readings can agree on *which* calls a query makes and still differ on
        *where* one stands (a SERVICE that one reads inside a string, the other outside):
        then an edit lands in the wrong place, and this second reading shows it."""
        proxies = {self.proxy_url(i) for i in range(len(self.allow))} if self.proxy_url else set()
        try:
            reading = self._read(text, update, base_iri)
        except (AnalysisTimeout, AnalysisBusy, AnalysisFailed):
            reading = None
        if reading is None or reading["load"] or any(
                (endpoint not in self.allow) if nested else (endpoint not in proxies)
                for endpoint, _silent, nested in reading["services"]):
            raise ServiceRefused("the SERVICE check cannot analyse this query (its rewritten"
                                 " text does not read as intended), so it is not run")

    def _read(self, text: str, update: bool, base_iri: str | None) -> dict:
        """rdflib's reading, remembered for the last few hundred texts (named queries that
        mention cqc:service come back again and again)."""
        key = (text, update, base_iri)
        with self._lock:
            if key in self._readings:
                self._readings.move_to_end(key)
                return self._readings[key]
        reading = self.analyser.read(text, update=update, base_iri=base_iri,
                                     timeout=ANALYSIS_TIMEOUT)
        with self._lock:
            self._readings[key] = reading
            while len(self._readings) > 256:
                self._readings.popitem(last=False)
        return reading

    def close(self) -> None:
        self.analyser.close()


_WORD = {"SERVICE": re.compile("service", re.I), "LOAD": re.compile("load", re.I)}


def _parses_to_the_end(text: str, update: bool) -> bool:
    """Whether Oxigraph's parser reads the whole text, without running anything: a line that
    can never continue a request is appended, so parsing always fails, and where it fails
    tells whether everything before that line was read."""
    import pyoxigraph as ox

    store = ox.Store()
    try:
        (store.update if update else store.query)(text + "\n}")
    except SyntaxError as exc:
        match = re.match(r"error at (\d+):", str(exc))
        return match is not None and int(match.group(1)) == text.count("\n") + 2
    return False  # unreachable: the last line is never valid


def oxigraph_agrees(text: str, *, update: bool) -> None:
    """Oxigraph's own parser as the last word: every occurrence of "service" (and "load", in
    an update) that the guard did not take for a SERVICE keyword has one letter changed; if
    the text parsed before and does not after, one of them was a keyword to Oxigraph, and
    the request is refused. (pyoxigraph offers no parse without running; a text made to
    fail at its very end serves.)"""
    try:
        keep = {span.start for span in sparql_text.service_patterns(text)}
    except sparql_text.LexError as exc:
        raise ServiceRefused(f"the SERVICE check cannot analyse this query: {exc}") from None
    chars = list(text)
    changed = False
    for word in ("SERVICE", "LOAD") if update else ("SERVICE",):
        for match in _WORD[word].finditer(text):
            if word == "SERVICE" and match.start() in keep:
                continue
            chars[match.end() - 1] = "x"
            changed = True
    if changed and _parses_to_the_end(text, update) \
            and not _parses_to_the_end("".join(chars), update):
        raise ServiceRefused("the SERVICE check cannot analyse this query (Oxigraph reads a"
                             " SERVICE or LOAD where the check sees none), so it is not run")


def load_refused() -> ProtocolError:
    return ProtocolError(400, "LOAD is not allowed over HTTP: it would fetch a URL from this"
                              " server; upload documents with POST /documents instead")


def refuse_load(text: str) -> None:
    """``LOAD <url>`` fetches any URL: refused over HTTP (the CLI ingests files). This is the
    quick test on the text as written and with escapes applied; :meth:`ServiceGuard.check`
    with ``update=True`` reads any update that mentions "load" in full."""
    for view in (text, sparql_text.unescape_codepoints(text)):
        if sparql_text.has_keyword(view, "LOAD"):
            raise load_refused()


# -- the loopback proxy -------------------------------------------------------------------


class ServiceProxy:
    """A loopback HTTP server standing in for each allow-listed endpoint: it forwards a call
    only to ``allow[i]``, never follows redirects, and answers 504 when the endpoint has not
    answered completely within ``timeout`` seconds, however it stalls (no answer at all,
    headers or body trickling in): the call runs in its own thread and is cut off at the
    deadline (tests/test_federation.py measures it)."""

    FORWARDED_HEADERS = ("Content-Type", "Accept", "User-Agent")

    def __init__(self, allow: Sequence[str], timeout: float) -> None:
        self.allow = tuple(allow)
        self.timeout = timeout
        import http.server

        self.secret = secrets.token_hex(8)
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                proxy._forward(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                proxy._forward(self, "POST")

            def log_message(self, fmt: str, *args: object) -> None:
                log.info("service proxy: " + fmt, *args)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="cqcgraph-service-proxy")
        self._thread.start()

    def url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.port}/{self.secret}/{index}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def explain(self, status: int, message: str) -> tuple[int, str]:
        """The status and message a client gets for a failed query. The engine reports a
        SERVICE failure against the proxy's address ("Error 504 Gateway Timeout returned by
        http://127.0.0.1:…/<secret>/1 with payload: …"); the client is told the real
        endpoint and the status only (504 for a timeout, 502 otherwise), never what a remote
        answered, which may hold anything, secrets included. Any other mention of a proxy
        address is replaced by the endpoint it stands for."""
        if self.secret not in message:
            if status == 502:  # the engine could not use what a SERVICE answered
                return 502, "a SERVICE call failed: its answer could not be used"
            return status, message
        match = re.search(r"Error (\d{3})\b.*? returned by \S*/" + self.secret +
                          r"/(\d+)", message, re.S)
        if match:
            code, index = int(match.group(1)), int(match.group(2))
            endpoint = self.allow[index] if index < len(self.allow) else "?"
            if code == 504:
                return 504, (f"SERVICE <{endpoint}> did not answer within {self.timeout:g} s"
                             " (the server's SERVICE time limit)")
            # the proxy's own words (never a remote's): kept only in the shapes it writes
            own = re.search(r"with payload: .*?SERVICE <[^>\s]*> (answered HTTP \d{3}|cannot be"
                            r" reached: [^\n]{0,200})", message, re.S)
            detail = own.group(1).strip() if own else f"failed (HTTP {code})"
            return 502, f"SERVICE <{endpoint}> {detail}"
        for index, endpoint in enumerate(self.allow):
            message = message.replace(self.url(index), endpoint)
        return status, message

    def _forward(self, handler: http.server.BaseHTTPRequestHandler, method: str) -> None:
        path, _, query = handler.path.partition("?")
        parts = path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != self.secret or not parts[1].isdigit() \
                or int(parts[1]) >= len(self.allow):
            self._answer(handler, 404, b"not an allow-listed endpoint\n")
            return
        endpoint = self.allow[int(parts[1])]
        target = endpoint + (("&" if "?" in endpoint else "?") + query if query else "")
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {h: handler.headers[h] for h in self.FORWARDED_HEADERS if handler.headers.get(h)}
        call = _UpstreamCall(target, method, body, headers, self.timeout)
        call.start()
        call.finished.wait(self.timeout)
        if not call.finished.is_set() or call.timed_out:
            # (the call's own socket timeout is the same limit: on a busy machine it can fire
            # just before the wait ends, and it is the same answer)
            call.abort()
            log.warning("SERVICE %s: no complete answer within %s s", endpoint, self.timeout)
            self._answer(handler, 504, f"SERVICE <{endpoint}> did not answer within"
                                       f" {self.timeout:g} s (the server's SERVICE time"
                                       " limit)\n".encode())
            return
        if call.error is not None:
            self._answer(handler, 502, f"SERVICE <{endpoint}> cannot be reached:"
                                       f" {call.error}\n".encode())
            return
        if not 200 <= call.status < 300:
            # the status only: a remote's reason phrase and body may hold anything
            self._answer(handler, 502, f"SERVICE <{endpoint}> answered HTTP"
                                       f" {call.status}\n".encode())
            return
        self._answer(handler, 200, call.answer_body, call.content_type)

    @staticmethod
    def _answer(handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes,
                ctype: str = "text/plain; charset=utf-8") -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:
            pass


class _UpstreamCall(threading.Thread):
    """One HTTP call to an allow-listed endpoint (http.client: no redirects followed). The
    proxy waits on ``finished`` for at most its timeout, then :meth:`abort` shuts the socket
    so that this thread ends at once instead of waiting on a peer that never answers."""

    def __init__(self, url: str, method: str, body: bytes | None, headers: dict[str, str],
                 timeout: float) -> None:
        super().__init__(daemon=True, name="cqcgraph-service-call")
        self.url, self.method, self.request_body, self.headers = url, method, body, headers
        self.timeout = timeout
        self.finished = threading.Event()
        self.status = 0
        self.reason = ""
        self.content_type = "application/octet-stream"
        self.answer_body = b""
        self.error: str | None = None
        self.timed_out = False  # the socket gave up waiting: the same as the proxy's limit
        self._conn: http.client.HTTPConnection | None = None
        self._aborted = False

    def run(self) -> None:
        import http.client

        parts = urllib.parse.urlsplit(self.url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            # an allowed endpoint's URL, checked by the guard: it has a host name
            self._conn = kind(parts.hostname, parts.port,  # type: ignore[arg-type]
                              timeout=self.timeout)
            if self._aborted:
                return
            self._conn.request(self.method, path, body=self.request_body, headers=self.headers)
            answer = self._conn.getresponse()
            self.status, self.reason = answer.status, answer.reason
            self.content_type = answer.headers.get("Content-Type", self.content_type)
            chunks = []
            while not self._aborted:
                chunk = answer.read1(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            self.answer_body = b"".join(chunks)
        except TimeoutError:
            self.timed_out = True
        except (OSError, http.client.HTTPException) as exc:
            self.error = str(getattr(exc, "strerror", None) or exc) or type(exc).__name__
        finally:
            if self._conn is not None:
                self._conn.close()
            self.finished.set()

    def abort(self) -> None:
        self._aborted = True
        conn = self._conn
        sock = getattr(conn, "sock", None) if conn is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
