"""The SPARQL 1.1 Protocol: queries at ``/sparql`` (and its service description), updates
at ``/update``."""

from __future__ import annotations


from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import (
    ProtocolError,
    ServiceDescriptionRequest,
)
from cqcgraph.web import describe
from cqcgraph.web.http import (
    RDF_PAGE_FORMATS,
    backend,
    base_url,
    check_iris,
    read_body,
    rdf_response,
    require_token,
    run_query,
    settings,
    url_pairs,
    wants_html,
)

bp = Blueprint("sparql", __name__)


# -- SPARQL protocol ----------------------------------------------------------------------
@bp.route("/sparql", methods=["GET", "HEAD", "POST", "QUERY", "PUT", "DELETE", "PATCH"])
def sparql() -> BaseResponse:
    body = b""
    if request.method in ("POST", "QUERY"):
        body = read_body(settings.max_query_bytes, "query")
    parsed = protocol.parse_query_request(request.method, url_pairs(),
                                          request.headers.get("Content-Type"), body)
    if isinstance(parsed, ServiceDescriptionRequest):
        if wants_html(RDF_PAGE_FORMATS) and "format" not in request.args:
            return redirect("/query", code=303)
        return rdf_response(describe.service_description(
            base_url() + "/sparql", allow_service=settings.allow_service,
            writable=backend.write_token is not None))
    check_iris(parsed.default_graphs, "default-graph-uri")
    check_iris(parsed.named_graphs, "named-graph-uri")
    return run_query(parsed.query, default_graphs=parsed.default_graphs,
                     named_graphs=parsed.named_graphs, filename="results")


@bp.route("/update", methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"])
def update() -> Response:
    if request.method != "POST":
        raise ProtocolError(405, "updates are sent with POST", headers={"Allow": "POST, OPTIONS"})
    require_token()
    body = read_body(settings.max_document_bytes, "update")
    parsed = protocol.parse_update_request(request.method, url_pairs(),
                                           request.headers.get("Content-Type"), body)
    check_iris(parsed.using_graphs, "using-graph-uri")
    check_iris(parsed.using_named_graphs, "using-named-graph-uri")
    backend.update(parsed.update, base_iri=base_url() + "/update",
                   using_graphs=parsed.using_graphs,
                   using_named_graphs=parsed.using_named_graphs,
                   upkeep=backend.core.plan_update)
    return Response(status=204)
