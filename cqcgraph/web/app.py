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

from flask import Flask

from cqcgraph.settings import Settings, from_environment
from cqcgraph.web import browse, http
from cqcgraph.web.backend import Backend
from cqcgraph.web.client_cap import ClientCap
from cqcgraph.web.http import RDF_PAGE_FORMATS  # noqa: F401 (its former place)
from cqcgraph.web.views import graph_store, linked_data, pages, sparql, ui


def create_app(settings: Settings | None = None) -> Flask:
    """The app for ``settings`` (default: from the environment, ``CQCGRAPH_*``)."""
    settings = settings or from_environment()
    app = Flask(__name__)
    app.config["JSON_SORT_KEYS"] = False
    backend = Backend(settings)
    app.extensions["cqcgraph"] = backend
    atexit.register(backend.close)
    http.install(app)
    for blueprint in (sparql.bp, graph_store.bp, linked_data.bp, pages.bp, ui.bp, browse.bp):
        app.register_blueprint(blueprint)
    app.wsgi_app = ClientCap(app.wsgi_app, settings.client_requests,  # type: ignore[method-assign]
                             forwarded_for=settings.forwarded_for)
    return app
