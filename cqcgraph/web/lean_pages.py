"""The lean path of a resource's RDF page: ``GET /doc/…`` with no query string, whose path
names no page format and whose ``Accept`` header chooses one of the RDF formats of a page
(Turtle, N-Triples, RDF/XML, JSON-LD), is answered here, under Flask, without its request
machinery (request context, routing, hooks, response object), which cost about as much CPU
as making the page itself.

It makes the same page as the Flask view (:func:`cqcgraph.web.views.linked_data.doc`): the
same negotiation, the same page cache, the same statements (:func:`cqcgraph.web.pages.rdf_page`)
and headers (``Vary``, CORS, ``nosniff``). Anything else goes to Flask untouched, before any
of it is read: another path or method, a query string, a suffix naming a format, an ``Accept``
header that chooses HTML or nothing (406), a Host header or path Flask refuses, a path that
is not UTF-8; and so does any request whose page fails here (a 404, a time limit): Flask
answers it again, with its own error page.

Imports the protocol rules, the page data and werkzeug's helpers (through
:mod:`cqcgraph.web.lean_sparql`); no Flask.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Callable, Iterable

from cqcgraph import media_types
from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import HTML, Format, ProtocolError
from cqcgraph.web import pages
from cqcgraph.web.backend import Backend
from cqcgraph.web.forward import WSGIApp
from cqcgraph.web.lean_sparql import base_url, common_headers

#: The formats a page comes in, HTML first (as the Flask view offers them).
PAGE_OFFERS: tuple[Format, ...] = (HTML,) + media_types.TRIPLE_FORMATS
_UNUSUAL = re.compile(r"[\x00-\x1f\x7f]|//")


@functools.lru_cache(maxsize=512)
def rdf_format(accept: str | None) -> Format | None:
    """The RDF format of a page that ``accept`` chooses (None: HTML, or nothing)."""
    fmt = protocol.negotiate(accept, PAGE_OFFERS)
    return None if fmt is None or fmt is HTML else fmt


class LeanPages:
    """WSGI: the RDF pages this path makes (see the module), else ``app``."""

    def __init__(self, app: WSGIApp, backend: Backend) -> None:
        self.app = app
        self.backend = backend
        self.settings = backend.settings

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/doc/") or environ.get("REQUEST_METHOD") != "GET" \
                or environ.get("QUERY_STRING") or _UNUSUAL.search(path):
            return self.app(environ, start_response)
        fmt = rdf_format(environ.get("HTTP_ACCEPT"))
        if fmt is None:
            return self.app(environ, start_response)
        try:
            rest = path[len("/doc/"):].encode("latin-1").decode("utf-8")
        except UnicodeError:
            return self.app(environ, start_response)
        stem, dot, suffix = rest.rpartition(".")
        if not rest or (dot and protocol.format_named(suffix) in PAGE_OFFERS):
            return self.app(environ, start_response)  # the view looks it up first
        try:
            base = base_url(environ)
        except ProtocolError:
            return self.app(environ, start_response)
        if self.backend.role == "reader":
            self.backend.refresh()
        iri, local, page_url = self.backend.base + rest, base + "/id/", base + "/doc/" + rest
        try:
            body = pages.kept_page(self.backend, (iri, fmt.name, page_url, local, 0),
                                   lambda: pages.rdf_page(self.backend, iri, fmt.name, local,
                                                          page_url, known=False))
        except Exception:  # noqa: BLE001 - a 404, a time limit, a fault: Flask says it
            return self.app(environ, start_response)
        start_response("200 OK", common_headers(self.settings.cors, [
            ("Content-Type", fmt.content_type), ("Vary", "Accept"),
            ("Content-Length", str(len(body)))]))
        return [body]
