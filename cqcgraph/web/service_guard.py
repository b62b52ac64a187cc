"""SERVICE lockdown (DECISIONS.md "HTTP", SERVICE): pyoxigraph calls any URL a query names
in ``SERVICE``, private addresses included, with no timeout. So, before anything runs:

* a query without a SERVICE keyword passes untouched (the cheap path for almost every query);
* otherwise it is parsed twice, by :mod:`cqcgraph.web.sparql_text` (positions) and by rdflib's
  SPARQL parser (the algebra); if either cannot analyse it, or they disagree, it is refused (400);
* a variable endpoint is refused; an endpoint not on the allow-list is refused, unless the
  pattern is ``SERVICE SILENT``, which becomes ``{}`` (one empty solution, SPARQL 1.1 Federated
  Query section 4) so that nothing is ever sent;
* an allow-listed endpoint is rewritten to :class:`ServiceProxy`, a loopback HTTP proxy that only
  forwards to allow-listed endpoints and gives each call ``service_timeout`` seconds (504 after).

The federation issue extends this module. Imports the standard library, rdflib (lazily) and the
web package's pure modules.
"""

from __future__ import annotations

import http.client
import http.server
import logging
import re
import secrets
import socket
import threading
import urllib.parse
from dataclasses import dataclass
from typing import Callable, Sequence

from cqcgraph.web import sparql_text
from cqcgraph.web.protocol import ProtocolError

log = logging.getLogger("cqcgraph.web.service")


class ServiceRefused(ProtocolError):
    """A SERVICE the guard will not let run (always HTTP 400, before anything is sent)."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


@dataclass(frozen=True)
class ServiceCall:
    endpoint: str  # absolute IRI, or "?var"
    silent: bool


def rdflib_services(text: str, *, update: bool, base_iri: str | None) -> list[ServiceCall]:
    """The SERVICE patterns rdflib's SPARQL parser finds (nested ones included)."""
    from rdflib.plugins.sparql import algebra, parser
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    if update:
        tree = algebra.translateUpdate(parser.parseUpdate(text), base=base_iri)
        root: object = list(tree.algebra)
    else:
        tree = algebra.translateQuery(parser.parseQuery(text), base=base_iri)
        root = tree.algebra
    found: list[ServiceCall] = []
    seen: set[int] = set()

    def walk(node: object) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                endpoint = f"?{term}" if isinstance(term, Variable) else str(term)
                found.append(ServiceCall(endpoint, "silent" in node.keys()))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set)):
            for value in node:
                walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(root)
    return found


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


class ServiceGuard:
    """Checks and rewrites SERVICE patterns. ``proxy_url(i)`` is the loopback address that
    stands for ``allow[i]`` (None: no proxy, so even allow-listed endpoints are refused)."""

    def __init__(self, allow: Sequence[str], proxy_url: Callable[[int], str] | None = None) -> None:
        self.allow = tuple(allow)
        self.proxy_url = proxy_url

    def check(self, text: str, *, update: bool = False, base_iri: str | None = None) -> str:
        """The text to run: unchanged, or with SERVICE rewritten. Raises :class:`ServiceRefused`."""
        if not sparql_text.has_keyword(sparql_text.unescape_codepoints(text), "SERVICE"):
            return text
        if sparql_text.has_codepoint_escapes(text):
            raise ServiceRefused("the SERVICE check cannot analyse a query that uses \\u escapes")
        try:
            spans = sparql_text.service_patterns(text)
        except sparql_text.LexError as exc:
            raise ServiceRefused(f"the SERVICE check cannot analyse this query: {exc}") from None
        try:
            parsed = rdflib_services(text, update=update, base_iri=base_iri)
        except Exception as exc:  # noqa: BLE001 - any parse failure means "cannot analyse"
            reason = " ".join(str(exc).split())[:200]
            raise ServiceRefused(
                f"the SERVICE check cannot analyse this query, so it is not run ({reason})"
            ) from None
        prefixes = sparql_text.declared_prefixes(text)
        lexed = [ServiceCall(_resolve(s, prefixes, base_iri), s.silent) for s in spans]
        if sorted(lexed, key=repr) != sorted(parsed, key=repr):
            raise ServiceRefused("the SERVICE check cannot analyse this query (the two readings"
                                 " of its SERVICE patterns disagree), so it is not run")
        edits: list[tuple[int, int, str]] = []
        for span, call in zip(spans, lexed):
            if any(start <= span.start and span.end <= end and rep == "{}"
                   for start, end, rep in edits):
                continue  # inside a SERVICE SILENT that is already dropped
            if call.endpoint.startswith("?"):
                raise ServiceRefused(f"SERVICE with a variable endpoint ({call.endpoint}) is"
                                     " not allowed")
            if call.endpoint in self.allow and self.proxy_url is not None:
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
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text


def refuse_load(text: str) -> None:
    """``LOAD <url>`` fetches any URL: refused over HTTP (the CLI ingests files)."""
    if sparql_text.has_keyword(sparql_text.unescape_codepoints(text), "LOAD"):
        raise ProtocolError(400, "LOAD is not allowed over HTTP: it would fetch a URL from this"
                                 " server; upload documents with POST /documents instead")


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
        """The status and message a client gets for a failed query: the engine reports a
        SERVICE failure against the proxy's address ("Error 504 Gateway Timeout returned by
        http://127.0.0.1:…/<secret>/1 with payload: …"); the client sees the proxy's own
        explanation, which names the real endpoint, and 504 for a timeout, 502 otherwise.
        Any other mention of a proxy address is replaced by the endpoint it stands for."""
        if self.secret not in message:
            return status, message
        match = re.search(r"Error (\d{3})\b.*? returned by \S*/" + self.secret +
                          r"/\d+ with payload: (.*)", message, re.S)
        if match:
            code = int(match.group(1))
            return (504 if code == 504 else 502), " ".join(match.group(2).split())
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
        if not call.finished.is_set():
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
            self._answer(handler, 502, f"SERVICE <{endpoint}> answered HTTP {call.status}"
                                       f" {call.reason}".rstrip().encode() + b"\n")
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
        self._conn: http.client.HTTPConnection | None = None
        self._aborted = False

    def run(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            self._conn = kind(parts.hostname, parts.port, timeout=self.timeout)
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
