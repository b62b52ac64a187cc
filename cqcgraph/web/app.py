"""The Flask app: a thin shell over :class:`cqcgraph.web.backend.Backend` and the protocol
rules of :mod:`cqcgraph.sparql.protocol`. ``create_app(settings)`` builds everything; nothing
happens at import time.

Routes, by blueprint (:mod:`cqcgraph.web.views`): ``sparql`` (``/sparql``, ``/update``),
``graph_store`` (``/store``, ``/documents``, ``/dumps/all.nq|ttl``), ``linked_data``
(``/id/…`` → ``/doc/…``, ``/ontology``, ``/shapes``, ``/.well-known/void``), ``pages``
(``/queries[/<name>]``, ``/search``, ``/feeds/…``), ``ui`` (``/query``, ``/health``) and
``browse`` (:mod:`cqcgraph.web.browse`: ``/``, ``/locations``, ``/areas/…``).
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask

from cqcgraph.settings import Settings, from_environment
from cqcgraph.web import browse, http
from cqcgraph.web import pages as page_data
from cqcgraph.web.backend import Backend
from cqcgraph.web.client_cap import ClientCap, SharedCounts
from cqcgraph.web.forward import WSGIApp, WriteForwarder
from cqcgraph.web.lean_pages import LeanPages
from cqcgraph.web.lean_sparql import LeanSparql
from cqcgraph.web.http import RDF_PAGE_FORMATS  # noqa: F401 (its former place)
from cqcgraph.web.views import graph_store, linked_data, pages, sparql, ui


def create_app(settings: Settings | None = None, *, role: str = "single",
               locator: str | None = None, writer_socket: str | None = None,
               shared_counts: SharedCounts | None = None) -> Flask:
    """The app for ``settings`` (default: from the environment, ``CQCGRAPH_*``).

    ``role`` is ``"single"`` (one process does everything), ``"writer"`` (the store's writer
    behind readers, reached over ``writer_socket`` only: no per-client cap of its own) or
    ``"reader"`` (reads over the writer's newest checkpoint, named by ``locator``; writes
    sent on to the writer at ``writer_socket``); see :mod:`cqcgraph.web.serve`."""
    settings = settings or from_environment()
    app = Flask(__name__)
    app.config["JSON_SORT_KEYS"] = False
    backend = Backend(settings, role=role, locator=locator)
    app.extensions["cqcgraph"] = backend
    atexit.register(backend.close)
    if role != "writer":  # (the writer answers no page)
        threading.Thread(target=page_data.warm_page_queries, args=(backend,), daemon=True,
                         name="cqcgraph-warm-pages").start()
    http.install(app)
    if role == "reader":
        app.before_request(backend.refresh)
    for blueprint in (sparql.bp, graph_store.bp, linked_data.bp, pages.bp, ui.bp, browse.bp):
        app.register_blueprint(blueprint)
    # queries at /sparql and the RDF of resource pages are answered past Flask's machinery
    wsgi: WSGIApp = LeanPages(LeanSparql(app.wsgi_app, backend), backend)
    if role == "reader":
        assert writer_socket is not None
        wsgi = WriteForwarder(wsgi, writer_socket, max_body=settings.max_document_bytes,
                              timeout=settings.document_timeout + settings.query_timeout + 60)
    if role != "writer":
        wsgi = ClientCap(wsgi, settings.client_requests, forwarded_for=settings.forwarded_for,
                         shared=shared_counts)
    app.wsgi_app = wsgi  # type: ignore[method-assign,assignment]
    return app
