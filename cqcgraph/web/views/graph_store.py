"""The SPARQL 1.1 Graph Store Protocol at ``/store``, document uploads at ``/documents``, and
the whole-store dumps at ``/dumps/``."""

from __future__ import annotations

import json
import uuid

from flask import Blueprint, Response, request

from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import (
    GRAPH_FORMATS,
    Format,
    ProtocolError,
)
from cqcgraph.web.http import (
    _quote,
    _safe_name,
    backend,
    base_url,
    check_iris,
    choose,
    choose_or_406,
    read_body,
    require_token,
    settings,
    url_pairs,
)
from cqcgraph.api import RdfSyntaxError, parse_triples
from cqcgraph.media_types import DATASET_FORMAT_NAMES

bp = Blueprint("graph_store", __name__)


# -- Graph Store Protocol -----------------------------------------------------------------
@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"])
def graph_store() -> Response:
    return graph_store_request(protocol.parse_graph_target(url_pairs()))


@bp.route("/store/<path:rest>", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"])
def graph_store_direct(rest: str) -> Response:
    """Direct graph identification (Graph Store Protocol section 4.1): the request URL
    names the graph; graphs created by a POST to /store are named so."""
    if url_pairs():
        raise ProtocolError(400, "a graph named by its URL takes no ?graph or ?default")
    iri = base_url() + "/store/" + rest
    if not protocol.is_absolute_iri(iri):
        raise ProtocolError(400, "this URL is not an IRI that can name a graph")
    return graph_store_request(protocol.GraphTarget(iri))


def graph_store_request(target: protocol.GraphTarget) -> Response:
    if target.graph is not None:
        check_iris((target.graph,), "graph")
    if request.method == "PATCH":
        raise ProtocolError(405, "the graph store takes GET, HEAD, PUT, POST and DELETE",
                            headers={"Allow": "GET, HEAD, PUT, POST, DELETE, OPTIONS"})
    if request.method in ("GET", "HEAD"):
        return gsp_read(target)
    if target.default:
        raise ProtocolError(405, "the default graph is the union of all graphs and is"
                                 " read-only: write to a named graph (?graph=IRI)",
                            headers={"Allow": "GET, HEAD, OPTIONS"})
    if target.is_dataset and request.method in ("PUT", "DELETE"):
        raise ProtocolError(400, f"{request.method} needs ?graph=IRI (the graph to"
                                 " replace or delete); ?default is read-only")
    require_token()
    if target.graph is not None:  # the current-state graphs are cqcgraph's own: a 403 says so
        backend.core.refuse_maintained(target.graph)
    return gsp_write(target)


def gsp_read(target: protocol.GraphTarget) -> Response:
    core = backend.core
    if target.graph is not None:
        if not core.has_graph(target.graph):
            raise ProtocolError(404, f"no graph <{target.graph}> in this store")
        fmt = choose_or_406(GRAPH_FORMATS)
        if request.method == "HEAD":
            return Response(status=200, content_type=fmt.content_type)
        graph = target.graph
        prefixes = backend.prefixes() if fmt.prefixes else None
        return Response(backend.stream(lambda out: core.dump(
            out, fmt.name, graph=graph, prefixes=prefixes)), content_type=fmt.content_type)
    if target.default:
        fmt = choose_or_406(GRAPH_FORMATS)
        if request.method == "HEAD":
            return Response(status=200, content_type=fmt.content_type)
        return dump_union(fmt)
    quad_formats = tuple(f for f in GRAPH_FORMATS if f.dataset)
    dataset_fmt = choose(quad_formats)
    if dataset_fmt is None:
        raise ProtocolError(406, "the whole dataset comes as N-Quads or TriG")
    if request.method == "HEAD":
        return Response(status=200, content_type=dataset_fmt.content_type)
    name = dataset_fmt.name
    return Response(backend.stream(lambda out: core.dump(out, name)),
                    content_type=dataset_fmt.content_type)


def dump_union(fmt: Format) -> Response:
    core = backend.core
    prefixes = backend.prefixes() if fmt.prefixes else None

    def produce(out) -> None:
        if fmt.dataset:
            core.dump(out, fmt.name)
        else:
            core.dump(out, fmt.name, prefixes=prefixes)

    return Response(backend.stream(produce), content_type=fmt.content_type)


def gsp_write(target: protocol.GraphTarget) -> Response:
    if request.method == "DELETE":
        assert target.graph is not None
        if not backend.core.has_graph(target.graph):
            raise ProtocolError(404, f"no graph <{target.graph}> in this store")
        graph_iri = target.graph
        # the graph goes with what it said from the current state and the summaries
        backend.write(lambda: backend.core.drop_graph(graph_iri))
        return Response(status=204)
    graph = target.graph
    created = False
    if graph is None:  # POST to the graph store: a new graph, named under /store/
        graph = f"{base_url()}/store/graphs/{uuid.uuid4()}"
        created = True
    triples = read_rdf_body(graph)
    existed = backend.core.has_graph(graph)
    replace = request.method == "PUT"
    if not triples and not replace:
        if created:
            raise ProtocolError(400, "the body holds no triple: a new graph needs at least"
                                     " one")
        return Response(status=204)
    backend.write(lambda: backend.core.write_graph(graph, triples, replace=replace))
    if created:
        # the Location is the new graph's IRI, and a GET on it returns the graph
        resp = Response(status=201)
        resp.headers["Location"] = graph
        return resp
    return Response(status=204 if existed else 201)


def read_rdf_body(graph: str) -> list:
    """The triples of the request body: one RDF document, or each file of a
    multipart/form-data body, parsed by its own Content-Type (GSP section 5.5)."""
    mt, _ = protocol.split_content_type(request.headers.get("Content-Type"))
    if mt == "multipart/form-data":
        protocol.check_size(request.content_length, settings.max_document_bytes, "graph")
        parts = [(protocol.part_content_type(f.mimetype, f.filename),
                  f.read(settings.max_document_bytes + 1), f.filename or f.name)
                 for f in request.files.values()]
        if not parts:
            raise ProtocolError(400, "the multipart/form-data body has no file part")
    else:
        parts = [(request.headers.get("Content-Type"),
                  read_body(settings.max_document_bytes, "graph"), "the body")]
    triples: list = []
    for content_type, data, name in parts:
        protocol.check_size(len(data), settings.max_document_bytes, "graph")
        fmt = protocol.rdf_input_format(content_type)
        if fmt in DATASET_FORMAT_NAMES:
            raise ProtocolError(415, f"{name}: a graph is sent as triples (Turtle, N-Triples,"
                                     " RDF/XML, JSON-LD), not as a dataset")
        try:
            triples.extend(parse_triples(data, fmt, base_iri=graph))
        except RdfSyntaxError as exc:
            raise ProtocolError(400, f"{name}: the RDF does not parse: {exc}") from None
    return triples


# -- documents ------------------------------------------------------------------------------
@bp.route("/documents", methods=["POST"])
def documents() -> Response:
    require_token()
    file_name = None
    source_url = request.args.get("source_url") or None
    mt, _ = protocol.split_content_type(request.headers.get("Content-Type"))
    protocol.check_size(request.content_length, settings.max_document_bytes, "document")
    if mt == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise ProtocolError(400, "the form needs a 'file' field")
        data = upload.read(settings.max_document_bytes + 1)
        file_name = upload.filename
        source_url = request.form.get("source_url") or source_url
    else:
        data = read_body(settings.max_document_bytes, "document")
    protocol.check_size(len(data), settings.max_document_bytes, "document")
    file_name = _safe_name(file_name or request.args.get("name")
                           or request.headers.get("X-File-Name") or "upload.txt")
    report = backend.write(lambda: backend.core.ingest_bytes(data, file_name,
                                                             source_url=source_url))
    body = report.as_dict()
    status = {"stored": 201, "replaced": 200, "unchanged": 200, "invalid": 422,
              "failed": 400}.get(report.status, 200)
    resp = Response(json.dumps(body, indent=1, ensure_ascii=False) + "\n", status=status,
                    content_type="application/json; charset=utf-8")
    if report.graph and status in (200, 201):
        resp.headers["Location"] = f"{base_url()}/store?graph={_quote(report.graph)}"
    return resp


@bp.route("/dumps/all.nq", methods=["GET", "HEAD"])
def dump_nquads() -> Response:
    resp = dump_union(next(f for f in GRAPH_FORMATS if f.name == "nquads"))
    resp.headers["Content-Disposition"] = 'attachment; filename="cqcgraph-all.nq"'
    return resp


@bp.route("/dumps/all.ttl", methods=["GET", "HEAD"])
def dump_turtle() -> Response:
    resp = dump_union(next(f for f in GRAPH_FORMATS if f.name == "turtle"))
    resp.headers["Content-Disposition"] = 'attachment; filename="cqcgraph-all.ttl"'
    return resp
