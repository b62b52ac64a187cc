"""The lean path of ``/sparql``: a query sent by GET (``?query=``) or POST (a form, or
``application/sparql-query``) is read and answered here, under Flask, without its request
machinery (request context, routing, hooks, response object), which cost about as much CPU as
the rest of a point lookup's handling in the HTTP process.

It keeps every rule of the Flask route (:func:`cqcgraph.web.views.sparql.sparql`): the same
protocol reading (:func:`cqcgraph.sparql.protocol.parse_query_request`), the Host check, the
query size cap, the IRI checks of the dataset parameters, content negotiation and its 406, the
query engine (SERVICE guard, row cap, time limit, query workers), the one JSON error shape,
the CORS and ``nosniff`` headers. What it does not handle goes to Flask untouched, before any
of it is read: another path or method, the service description (no ``query``), ``format=``
(a download), a body larger than the cap announced, a query string that is not UTF-8.

Imports the protocol rules, the core's errors and werkzeug's HTTP helpers; no Flask.
"""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401 (it registers the "werkzeug.url_quote" error handler)
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.sansio.utils import get_host

from cqcgraph.api import iri_error
from cqcgraph.errors import CqcgraphError, http_status
from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import GRAPH_FORMATS, RESULT_FORMATS, Format, ProtocolError
from cqcgraph.sparql.workers import QueryRun
from cqcgraph.web.backend import Backend
from cqcgraph.web.forward import WSGIApp

log = logging.getLogger("cqcgraph.web")

CORS_EXPOSED = "Content-Type, Content-Disposition, Location"
NOT_ACCEPTABLE = ("none of the formats this endpoint offers is acceptable: "
                  + ", ".join(f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS))


def check_iris(iris: Iterable[str], name: str) -> None:
    """400 unless each of ``iris`` (the request's ``name`` parameter) is a valid IRI."""
    for iri in iris:
        error = iri_error(iri)
        if error is not None:
            raise ProtocolError(400, f"{name} {iri!r} is not a valid IRI: {error}")


@functools.lru_cache(maxsize=512)
def negotiated(accept: str | None) -> tuple[Format | None, Format | None]:
    """The results format and the graph format an ``Accept`` header chooses (clients send
    the same few headers again and again)."""
    return protocol.negotiate(accept, RESULT_FORMATS), protocol.negotiate(accept, GRAPH_FORMATS)


def base_url(environ: dict) -> str:
    """``scheme://host``, as Flask's ``request.host_url`` gives it; a 400 for a Host header
    that is no host name (it becomes part of IRIs)."""
    host = environ.get("HTTP_HOST")
    if host is not None and not protocol.is_valid_host(host):
        raise ProtocolError(400, "the Host header is not a host name, an IP address or"
                                 " either with a port (at most 255 characters)")
    scheme = environ.get("wsgi.url_scheme", "http")
    server = (environ.get("SERVER_NAME", ""), environ.get("SERVER_PORT"))
    return f"{scheme}://{get_host(scheme, host, server)}"


def common_headers(cors: bool, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers every answer carries (Flask's after-request hook adds the same)."""
    if cors:
        headers.append(("Access-Control-Allow-Origin", "*"))
        headers.append(("Access-Control-Expose-Headers", CORS_EXPOSED))
    headers.append(("X-Content-Type-Options", "nosniff"))
    return headers


class LeanSparql:
    """WSGI: the ``/sparql`` queries this path reads (see the module), else ``app``."""

    def __init__(self, app: WSGIApp, backend: Backend) -> None:
        self.app = app
        self.backend = backend
        self.settings = backend.settings

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/sparql" or \
                environ.get("REQUEST_METHOD") not in ("GET", "HEAD", "POST"):
            return self.app(environ, start_response)
        pairs = self._url_pairs(environ)
        if pairs is None or any(k == "format" for k, _ in pairs):
            return self.app(environ, start_response)
        method = environ["REQUEST_METHOD"]
        if method != "POST" and not any(k == "query" for k, _ in pairs):
            return self.app(environ, start_response)  # the service description
        length = environ.get("CONTENT_LENGTH") or ""
        if method == "POST" and (not length.isdigit()
                                 or int(length) > self.settings.max_query_bytes):
            return self.app(environ, start_response)  # its 413 (or chunked body) in Flask
        try:
            return self._answer(environ, start_response, method, pairs)
        except ProtocolError as exc:
            return self._error(start_response, exc.status, exc.message, exc.headers,
                               exc.details)
        except CqcgraphError as exc:
            status = http_status(exc)
            if status >= 500:
                log.exception("%s on %s /sparql", type(exc).__name__, method)
            return self._error(start_response, status, str(exc))
        except Exception:  # noqa: BLE001 - answered in the one error shape, as Flask's hook
            log.exception("internal error on %s /sparql", method)
            return self._error(start_response, 500,
                               "internal error: the server log has the details")

    @staticmethod
    def _url_pairs(environ: dict) -> list[tuple[str, str]] | None:
        """The URL's parameters as Flask reads them (invalid bytes kept percent-encoded);
        None for a query string that is not UTF-8 (Flask decides what that is)."""
        try:
            text = environ.get("QUERY_STRING", "").encode("latin-1").decode()
        except UnicodeError:
            return None
        return parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")

    def _answer(self, environ: dict, start_response: Callable[..., Any], method: str,
                pairs: list[tuple[str, str]]) -> Iterable[bytes]:
        base = base_url(environ)
        if self.backend.role == "reader":
            self.backend.refresh()
        body = b""
        if method == "POST":
            limit = self.settings.max_query_bytes
            body = environ["wsgi.input"].read(limit + 1)
            protocol.check_size(len(body), limit, "query")
        parsed = protocol.parse_query_request(method, pairs, environ.get("CONTENT_TYPE"), body)
        assert isinstance(parsed, protocol.QueryRequest)  # (GET with no query went to Flask)
        check_iris(parsed.default_graphs, "default-graph-uri")
        check_iris(parsed.named_graphs, "named-graph-uri")
        results_fmt, graph_fmt = negotiated(environ.get("HTTP_ACCEPT"))
        if results_fmt is None and graph_fmt is None:
            raise ProtocolError(406, NOT_ACCEPTABLE)
        run = self.backend.query(
            parsed.query,
            results_format=results_fmt.name if results_fmt else None,
            graph_format=graph_fmt.name if graph_fmt else None,
            default_graphs=parsed.default_graphs, named_graphs=parsed.named_graphs,
            base_iri=base + "/sparql")
        fmt = results_fmt if run.header["kind"] in ("solutions", "boolean") else graph_fmt
        assert fmt is not None
        headers = [("Content-Type", fmt.content_type), ("Vary", "Accept")]
        whole = run.buffered()
        if whole is not None:
            start_response("200 OK", common_headers(self.settings.cors, headers + [
                ("Content-Length", str(len(whole)))]))
            return [whole]
        try:
            start_response("200 OK", common_headers(self.settings.cors, headers))
        except BaseException:
            run.close()
            raise
        return _Streamed(run)

    def _error(self, start_response: Callable[..., Any], status: int, message: str,
               headers: dict[str, str] | None = None, details: object = None) -> list[bytes]:
        body = protocol.error_body(status, message, details)
        out = [("Content-Type", "application/json; charset=utf-8"),
               ("Content-Length", str(len(body)))] + list((headers or {}).items())
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Error')}", common_headers(self.settings.cors, out))
        return [body]


class _Streamed:
    """An answer still coming from its query worker: its chunks, and the worker released
    when the server closes the answer (sent to its end or not)."""

    def __init__(self, run: QueryRun) -> None:
        self.run = run

    def __iter__(self) -> Iterator[bytes]:
        return self.run.chunks()

    def close(self) -> None:
        self.run.close()
