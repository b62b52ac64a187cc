"""What every view of the web app shares: the app's backend and settings (for the request
being served), reading a request, negotiating a format, and writing an answer or an error
in the one error shape. :func:`install` adds the hooks that run on every request.

Imports Flask, the protocol rules of :mod:`cqcgraph.sparql.protocol` and the core API.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from typing import Iterable

from flask import Flask, Response, current_app, g, render_template, request
from werkzeug.local import LocalProxy

from cqcgraph import media_types
from cqcgraph.api import CqcgraphError, http_status, serialize_triples
from cqcgraph.settings import Settings
from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import GRAPH_FORMATS, HTML, RESULT_FORMATS, Format, ProtocolError
from cqcgraph.sparql.workers import QueryRun
from cqcgraph.terms import Quad
from cqcgraph.web.backend import Backend
from cqcgraph.web.lean_sparql import check_iris, negotiated  # noqa: F401 (check_iris: for the views)

log = logging.getLogger("cqcgraph.web")

#: The formats a page's RDF comes in: every graph format of the one table without graph names.
RDF_PAGE_FORMATS = media_types.TRIPLE_FORMATS
#: What a 406 of a page says it comes as: "HTML, Turtle, … or JSON-LD".
PAGE_FORMATS_TEXT = ", ".join(f.label for f in (HTML,) + RDF_PAGE_FORMATS[:-1]) + \
    " or " + RDF_PAGE_FORMATS[-1].label

#: The app's :class:`~cqcgraph.web.backend.Backend` and settings, for the request being served.
backend: Backend = LocalProxy(lambda: current_app.extensions["cqcgraph"])  # type: ignore[assignment]
settings: Settings = LocalProxy(lambda: current_app.extensions["cqcgraph"].settings)  # type: ignore[assignment]


def url_pairs() -> list[tuple[str, str]]:
    return list(request.args.items(multi=True))


def read_body(limit: int, what: str) -> bytes:
    protocol.check_size(request.content_length, limit, what)
    data = request.stream.read(limit + 1)
    protocol.check_size(len(data), limit, what)
    return data


def base_url() -> str:
    return request.host_url.rstrip("/")


def local_id_base() -> str:
    return base_url() + "/id/"


def wants_html(offers: tuple[Format, ...]) -> bool:
    return protocol.prefers_html(request.headers.get("Accept"), offers)


def error_response(status: int, message: str, headers: dict | None = None,
                   details: object = None) -> Response:
    accept = request.headers.get("Accept", "")
    body = None
    if status != 406 and "text/html" in accept and wants_html(RESULT_FORMATS) \
            and request.path != "/sparql" and not g.get("bad_host"):
        try:
            body = render_template("error.html", status=status, message=message,
                                   title=protocol.STATUS_TITLES.get(status, "Error"))
        except Exception:  # noqa: BLE001 - the error must still reach the client
            log.exception("the error page for %s could not be rendered", status)
    if body is not None:
        resp = Response(body, status=status, mimetype="text/html")
    else:
        resp = Response(protocol.error_body(status, message, details), status=status,
                        content_type="application/json; charset=utf-8")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def stream_response(run: QueryRun, fmt: Format, filename: str | None = None) -> Response:
    whole = run.buffered()  # an answer already in hand goes out in one piece, with its length
    resp = Response(whole if whole is not None else run.chunks(), content_type=fmt.content_type)
    resp.call_on_close(run.close)
    resp.headers["Vary"] = "Accept"
    if filename:
        resp.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt.suffix}"'
    return resp


def choose(offers: tuple[Format, ...]) -> Format | None:
    forced = request.args.get("format")
    if forced:
        fmt = protocol.format_named(forced)
        if fmt is None or fmt not in offers:
            return None
        return fmt
    return protocol.negotiate(request.headers.get("Accept"), offers)


def choose_or_406(offers: tuple[Format, ...]) -> Format:
    """The format to answer in, or 406 naming what is on offer (RFC 9110, 15.5.7)."""
    fmt = choose(offers)
    if fmt is None:
        raise ProtocolError(406, "acceptable formats: " + ", ".join(f.media_type for f in offers))
    return fmt


def run_query(text: str, *, default_graphs=(), named_graphs=(), substitutions=None,
              filename: str | None = None) -> Response:
    if request.args.get("format"):
        results_fmt, graph_fmt = choose(RESULT_FORMATS), choose(GRAPH_FORMATS)
    else:
        results_fmt, graph_fmt = negotiated(request.headers.get("Accept"))
    if results_fmt is None and graph_fmt is None:
        raise ProtocolError(406, "none of the formats this endpoint offers is acceptable:"
                            " " + ", ".join(f.media_type for f in RESULT_FORMATS + GRAPH_FORMATS))
    run = backend.query(
        text,
        results_format=results_fmt.name if results_fmt else None,
        graph_format=graph_fmt.name if graph_fmt else None,
        default_graphs=tuple(default_graphs),
        named_graphs=tuple(named_graphs),
        substitutions=substitutions,
        base_iri=base_url() + request.path,
    )
    fmt = results_fmt if run.header["kind"] in ("solutions", "boolean") else graph_fmt
    assert fmt is not None
    return stream_response(run, fmt, filename if request.args.get("format") else None)


def rdf_response(triples: Iterable[Quad], offers: tuple[Format, ...] = RDF_PAGE_FORMATS,
                 fmt: Format | None = None, prefixes: dict | None = None) -> Response:
    fmt = fmt or choose_or_406(offers)
    data = serialize_triples(triples, fmt.name, prefixes=prefixes or backend.prefixes())
    resp = Response(data, content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp


def require_token() -> None:
    protocol.check_bearer(request.headers.get("Authorization"), backend.write_token)


def install(app: Flask) -> None:
    """The hooks of every request: the Host and path checks, CORS and the security headers,
    and the errors, each answered in the one error shape."""
    import time

    # -- cross-cutting ------------------------------------------------------------------------
    @app.before_request
    def _start() -> None:
        g.started = time.monotonic()
        # the Host header becomes part of IRIs and headers (service description, Location)
        host = request.headers.get("Host")
        if host is not None and not protocol.is_valid_host(host):
            g.bad_host = True  # no page can be built for it: the error goes out as JSON
            raise ProtocolError(400, "the Host header is not a host name, an IP address or"
                                     " either with a port (at most 255 characters)")
        if _CONTROL.search(request.path):
            raise ProtocolError(400, "the path holds a control character (a newline, a tab,"
                                     " ...): no resource here has one")

    @app.after_request
    def _finish(resp: Response) -> Response:
        if settings.cors:
            resp.headers["Access-Control-Allow-Origin"] = "*"
            resp.headers["Access-Control-Expose-Headers"] = "Content-Type, Content-Disposition, Location"
            if request.method == "OPTIONS" and resp.status_code < 300:
                # a CORS preflight (Flask answers OPTIONS on every route, 404 elsewhere)
                resp.headers["Access-Control-Allow-Methods"] = resp.headers.get(
                    "Allow", "GET, HEAD, POST, OPTIONS")
                resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Authorization"
                resp.headers["Access-Control-Max-Age"] = "3600"
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        return resp

    @app.errorhandler(ProtocolError)
    def _protocol_error(exc: ProtocolError) -> Response:
        return error_response(exc.status, exc.message, exc.headers, exc.details)

    @app.errorhandler(CqcgraphError)
    def _cqcgraph_error(exc: CqcgraphError) -> Response:
        status = http_status(exc)
        if status >= 500:
            log.exception("%s on %s %s", type(exc).__name__, request.method, request.path)
        return error_response(status, str(exc))

    @app.errorhandler(404)
    def _not_found(exc) -> Response:
        return error_response(404, f"nothing at {request.path}")

    @app.errorhandler(405)
    def _not_allowed(exc) -> Response:
        allow = ", ".join(sorted(exc.valid_methods or [])) if hasattr(exc, "valid_methods") else ""
        return error_response(405, f"method {request.method} is not allowed on {request.path}",
                              {"Allow": allow} if allow else None)

    @app.errorhandler(Exception)
    def _internal(exc: Exception) -> Response:
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return error_response(exc.code or 500, exc.description or exc.name)
        log.exception("internal error on %s %s", request.method, request.path)
        return error_response(500, "internal error: the server log has the details")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def _safe_name(name: str) -> str:
    """A file name as given by a client, with any folder part dropped."""
    name = re.split(r"[\\/]", name)[-1].strip() or "upload.txt"
    return name[:200]
