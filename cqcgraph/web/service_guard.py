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

import http.server
import logging
import secrets
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


class ServiceProxy:
    """A loopback HTTP server standing in for each allow-listed endpoint: it forwards a call
    only to ``allow[i]``, never follows redirects, and answers 504 when the endpoint has not
    answered completely within ``timeout`` seconds."""

    FORWARDED_HEADERS = ("Content-Type", "Accept", "User-Agent")

    def __init__(self, allow: Sequence[str], timeout: float) -> None:
        self.allow = tuple(allow)
        self.timeout = timeout
        self.secret = secrets.token_hex(8)
        self._opener = urllib.request.build_opener(_NoRedirect)
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

    def _forward(self, handler: http.server.BaseHTTPRequestHandler, method: str) -> None:
        path, _, query = handler.path.partition("?")
        parts = path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != self.secret or not parts[1].isdigit() \
                or int(parts[1]) >= len(self.allow):
            self._answer(handler, 404, b"not an allow-listed endpoint\n")
            return
        target = self.allow[int(parts[1])]
        if query:
            target += ("&" if "?" in target else "?") + query
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else None
        headers = {h: handler.headers[h] for h in self.FORWARDED_HEADERS if handler.headers.get(h)}
        deadline = time.monotonic() + self.timeout
        request = urllib.request.Request(target, data=body, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                chunks = []
                while True:
                    if time.monotonic() > deadline:
                        raise TimeoutError
                    chunk = answer.read(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                status = answer.status
                ctype = answer.headers.get("Content-Type", "application/octet-stream")
        except urllib.error.HTTPError as exc:
            self._answer(handler, 502, f"the endpoint answered HTTP {exc.code}\n".encode())
            return
        except (TimeoutError, socket.timeout):
            log.warning("SERVICE %s: no answer within %s s", self.allow[int(parts[1])], self.timeout)
            self._answer(handler, 504, b"the SERVICE endpoint did not answer in time\n")
            return
        except (OSError, urllib.error.URLError) as exc:
            reason = getattr(exc, "reason", exc)
            self._answer(handler, 502, f"the endpoint cannot be reached: {reason}\n".encode())
            return
        if not 200 <= status < 300:
            self._answer(handler, 502, f"the endpoint answered HTTP {status}\n".encode())
            return
        self._answer(handler, 200, b"".join(chunks), ctype)

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
