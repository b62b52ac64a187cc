"""The query page (``/query``) and the health probe (``/health``)."""

from __future__ import annotations

import json
import os

from flask import Blueprint, Response, render_template

from cqcgraph.sparql.protocol import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
)
from cqcgraph.web import describe, pages
from cqcgraph.web.http import (
    backend,
)

bp = Blueprint("ui", __name__)


# -- people ---------------------------------------------------------------------------------
@bp.route("/query", methods=["GET", "HEAD"])
def index() -> Response:
    from cqcgraph.api import named_queries

    items = [pages.named_query_dict(q) for q in named_queries().values()]
    return Response(render_template("index.html", queries=items,
                                    prefixes=backend.prefixes(),
                                    formats=RESULT_FORMATS + GRAPH_FORMATS,
                                    graph_formats=GRAPH_FORMATS, data_base=backend.base,
                                    ontology_ns=describe.CQC),
                    mimetype="text/html")


@bp.route("/health", methods=["GET", "HEAD"])
def health() -> Response:
    ok = backend.core.healthy()
    workers = len(backend.pool._all) if backend.pool else 0
    body = {"status": "ok" if ok else "unavailable", "query_workers": workers,
            "writes": backend.write_token is not None, "store_version": backend.version,
            "process": os.getpid()}
    return Response(json.dumps(body) + "\n", status=200 if ok else 503,
                    content_type="application/json")
