"""The Flask app: a thin shell over :class:`cqcgraph.web.backend.Backend` and the protocol
rules of :mod:`cqcgraph.web.protocol`. ``create_app(settings)`` builds everything; nothing
happens at import time.

Routes: ``/query`` query UI (``/`` and the browse pages: :mod:`cqcgraph.web.browse`), ``/sparql``, ``/update``, ``/store``,
``/documents``, ``/queries[/<name>]``, ``/id/…`` → ``/doc/…``, ``/ontology``, ``/shapes``,
``/.well-known/void``, ``/dumps/all.nq|ttl``, ``/health``.
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.parse
import uuid
from typing import Iterable, Iterator

import pyoxigraph as ox
from flask import Flask, Response, g, redirect, render_template, request

from cqcgraph.settings import Settings, from_environment
from cqcgraph.web import browse, describe, pages, protocol
from cqcgraph.web.backend import Backend
from cqcgraph.web.protocol import (
    GRAPH_FORMATS,
    HTML,
    RESULT_FORMATS,
    Format,
    ProtocolError,
    ServiceDescriptionRequest,
)
from cqcgraph.web.workers import QueryRun

log = logging.getLogger("cqcgraph.web")

RDF_PAGE_FORMATS = tuple(f for f in GRAPH_FORMATS if f.name in ("turtle", "jsonld", "ntriples",
                                                                "rdfxml"))
OGL = describe.OGL


def create_app(settings: Settings | None = None) -> Flask:
    """The app for ``settings`` (default: from the environment, ``CQCGRAPH_*``)."""
    settings = settings or from_environment()
    app = Flask(__name__)
    app.config["JSON_SORT_KEYS"] = False
    backend = Backend(settings)
    app.extensions["cqcgraph"] = backend
    import atexit

    atexit.register(backend.close)
    app.register_blueprint(browse.bp)  # /, /locations, /areas/…

    # -- helpers ----------------------------------------------------------------------------
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
        resp = Response(run.chunks(), content_type=fmt.content_type)
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
        results_fmt = choose(RESULT_FORMATS)
        graph_fmt = choose(GRAPH_FORMATS)
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

    def rdf_response(triples: Iterable[ox.Triple] | Iterable[ox.Quad], offers=RDF_PAGE_FORMATS,
                     fmt: Format | None = None, prefixes: dict | None = None) -> Response:
        fmt = fmt or choose_or_406(offers)
        rdf_format = {f.name: f for f in GRAPH_FORMATS}[fmt.name]
        from cqcgraph.web.query_worker import GRAPH_FORMATS as OX_FORMATS

        data = ox.serialize(list(triples), None, OX_FORMATS[rdf_format.name],
                            prefixes=(prefixes or backend.prefixes())
                            if fmt.name in ("turtle", "trig") else None)
        resp = Response(data, content_type=fmt.content_type)
        resp.headers["Vary"] = "Accept"
        return resp

    def check_iris(iris: Iterable[str], name: str) -> None:
        """400 unless each of ``iris`` (the request's ``name`` parameter) is a valid IRI."""
        for iri in iris:
            try:
                ox.NamedNode(iri)
            except ValueError as exc:
                raise ProtocolError(400, f"{name} {iri!r} is not a valid IRI:"
                                         f" {' '.join(str(exc).split())[:200]}") from None

    def require_token() -> None:
        protocol.check_bearer(request.headers.get("Authorization"), backend.write_token)

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

    # -- SPARQL protocol ----------------------------------------------------------------------
    @app.route("/sparql", methods=["GET", "HEAD", "POST", "QUERY", "PUT", "DELETE", "PATCH"])
    def sparql() -> Response:
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

    @app.route("/update", methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"])
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
                       using_named_graphs=parsed.using_named_graphs)
        return Response(status=204)

    # -- Graph Store Protocol -----------------------------------------------------------------
    @app.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"])
    def graph_store() -> Response:
        return graph_store_request(protocol.parse_graph_target(url_pairs()))

    @app.route("/store/<path:rest>", methods=["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"])
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
        return gsp_write(target)

    def gsp_read(target: protocol.GraphTarget) -> Response:
        store = backend.store
        if target.graph is not None:
            if not store.has_graph(target.graph):
                raise ProtocolError(404, f"no graph <{target.graph}> in this store")
            fmt = choose_or_406(GRAPH_FORMATS)
            if request.method == "HEAD":
                return Response(status=200, content_type=fmt.content_type)
            graph = target.graph
            return Response(backend.stream(lambda out: store.dump(
                out, fmt.name, graph=graph, prefixes=backend.prefixes()
                if fmt.name in ("turtle", "trig") else None)), content_type=fmt.content_type)
        if target.default:
            fmt = choose_or_406(GRAPH_FORMATS)
            if request.method == "HEAD":
                return Response(status=200, content_type=fmt.content_type)
            return dump_union(fmt)
        quad_formats = tuple(f for f in GRAPH_FORMATS if f.name in ("nquads", "trig"))
        fmt = choose(quad_formats)
        if fmt is None:
            raise ProtocolError(406, "the whole dataset comes as N-Quads or TriG")
        if request.method == "HEAD":
            return Response(status=200, content_type=fmt.content_type)
        return Response(backend.stream(lambda out: store.dump(out, fmt.name)),
                        content_type=fmt.content_type)

    def dump_union(fmt: Format) -> Response:
        store = backend.store

        def produce(out) -> None:
            if fmt.name in ("nquads", "trig"):
                store.dump(out, fmt.name)
            else:
                store.dump(out, fmt.name, prefixes=backend.prefixes()
                           if fmt.name == "turtle" else None)

        return Response(backend.stream(produce), content_type=fmt.content_type)

    def gsp_write(target: protocol.GraphTarget) -> Response:
        if request.method == "DELETE":
            assert target.graph is not None
            if not backend.store.has_graph(target.graph):
                raise ProtocolError(404, f"no graph <{target.graph}> in this store")
            backend.write(lambda: backend.store.update(f"DROP GRAPH <{target.graph}>"))
            return Response(status=204)
        graph = target.graph
        created = False
        if graph is None:  # POST to the graph store: a new graph, named under /store/
            graph = f"{base_url()}/store/graphs/{uuid.uuid4()}"
            created = True
        quads = read_rdf_body(graph)
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        existed = backend.store.has_graph(graph)
        if request.method == "PUT":
            text = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{lines}\n}} }}"
        elif quads:
            text = f"INSERT DATA {{ GRAPH <{graph}> {{\n{lines}\n}} }}"
        elif created:
            raise ProtocolError(400, "the body holds no triple: a new graph needs at least one")
        else:
            return Response(status=204)
        backend.write(lambda: backend.store.update(text))
        if created:
            # the Location is the new graph's IRI, and a GET on it returns the graph
            resp = Response(status=201)
            resp.headers["Location"] = graph
            return resp
        return Response(status=204 if existed else 201)

    def read_rdf_body(graph: str) -> list[ox.Quad]:
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
        quads: list[ox.Quad] = []
        for content_type, data, name in parts:
            protocol.check_size(len(data), settings.max_document_bytes, "graph")
            fmt = protocol.rdf_input_format(content_type)
            if fmt in ("nquads", "trig"):
                raise ProtocolError(415, f"{name}: a graph is sent as triples (Turtle, N-Triples,"
                                         " RDF/XML, JSON-LD), not as a dataset")
            try:
                quads.extend(ox.parse(data, format=_OX_INPUT[fmt], base_iri=graph))
            except SyntaxError as exc:
                raise ProtocolError(400, f"{name}: the RDF does not parse: "
                                    + " ".join(str(exc).split())[:300]) from None
        return quads

    # -- documents ------------------------------------------------------------------------------
    @app.route("/documents", methods=["POST"])
    def documents() -> Response:
        require_token()
        if backend.core is None:
            raise ProtocolError(503, "document ingest is not available in this installation")
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

    # -- named queries ---------------------------------------------------------------------------
    @app.route("/queries")
    def queries_list() -> Response:
        from cqcgraph.queries import named_queries

        items = [pages.named_query_dict(q) for q in named_queries().values()]
        offers = (Format("json", "application/json"), HTML)
        fmt = protocol.negotiate(request.headers.get("Accept"), (HTML,) + offers[:1])
        if request.args.get("format") == "json" or fmt is None or fmt.name == "json":
            return Response(json.dumps({"queries": items}, indent=1, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
        return Response(render_template("queries.html", queries=items), mimetype="text/html")

    @app.route("/queries/<name>", methods=["GET", "HEAD"])
    def queries_run(name: str) -> Response:
        from cqcgraph.queries import QueryParameterError, get_named_query

        named = get_named_query(name)
        if named is None:
            raise ProtocolError(404, f"no named query {name!r}")
        params = {k: v for k, v in request.args.items() if k != "format"}
        try:
            substitutions = named.bind(params)
        except QueryParameterError as exc:
            raise ProtocolError(400, str(exc)) from None
        except ValueError as exc:  # a value that is no RDF term of its kind (an invalid IRI)
            raise ProtocolError(400, f"query {name!r}: a parameter is not a valid RDF term: "
                                     + " ".join(str(exc).split())[:200]) from None
        if "format" not in request.args and wants_html(RESULT_FORMATS + GRAPH_FORMATS):
            run = backend.query(named.text, results_format="json", graph_format="turtle",
                                substitutions=substitutions, base_iri=base_url() + "/sparql")
            data = run.read_all()
            return Response(render_template(
                "query_result.html", query=pages.named_query_dict(named),
                table=pages.result_table(run.header, data, backend.prefixes(), local_id_base(),
                                         backend.base),
                params=params, downloads=download_links(request.path, params,
                                                        run.header["kind"])),
                mimetype="text/html")
        return run_query(named.text, substitutions=substitutions, filename=name)

    def download_links(path: str, params: dict, kind: str) -> list[pages.Link]:
        """A named query's result in each format its form can be given in: SELECT and ASK
        as SPARQL results, CONSTRUCT and DESCRIBE as RDF (the others are 406)."""
        offers = GRAPH_FORMATS if kind == "triples" else RESULT_FORMATS
        return [pages.Link(f"{path}?{urllib.parse.urlencode({**params, 'format': f.name})}",
                           f.suffix.upper() if kind == "triples" else f.name.upper())
                for f in offers]

    # -- linked data -------------------------------------------------------------------------------
    @app.route("/id/<path:rest>", methods=["GET", "HEAD"])
    def id_redirect(rest: str) -> Response:
        iri = backend.base + rest
        if not pages.exists(backend, iri):  # 404 at once: no 303 to a page that is not there
            raise ProtocolError(404, f"nothing is known about <{iri}>")
        resp = redirect(f"/doc/{rest}", code=303)
        resp.headers["Vary"] = "Accept"
        return resp

    @app.route("/doc/<path:rest>", methods=["GET", "HEAD"])
    def doc(rest: str) -> Response:
        iri, fmt = resolve_page(backend.base, rest)
        return resource_page(iri, fmt, base_url() + "/doc/" + rest)

    @app.route("/ontology/<path:rest>", methods=["GET", "HEAD"])
    def concept(rest: str) -> Response:
        """Concept IRIs (``…/ontology/ratings/good``) and concept schemes: the IRI 303s to
        its page, ``…/good.html`` or ``.ttl`` etc. as the Accept header prefers; a suffix
        names the format."""
        namespace = pages.ONTOLOGY + "/"
        if pages.exists(backend, namespace + rest):
            fmt = choose((HTML,) + RDF_PAGE_FORMATS)
            if fmt is None:
                raise ProtocolError(406, "this page comes as HTML, Turtle, JSON-LD, N-Triples"
                                         " or RDF/XML")
            resp = redirect(f"/ontology/{rest}.{fmt.suffix}", code=303)
            resp.headers["Vary"] = "Accept"
            return resp
        iri, fmt = resolve_page(namespace, rest)
        return resource_page(iri, fmt, base_url() + "/ontology/" + rest)

    def resolve_page(namespace: str, rest: str) -> tuple[str, Format | None]:
        """The IRI a page path names and the format its suffix asks for (None: negotiate)."""
        iri = namespace + rest
        if pages.exists(backend, iri):
            return iri, None
        stem, dot, suffix = rest.rpartition(".")
        forced = protocol.format_named(suffix) if dot else None
        if forced is not None and forced in RDF_PAGE_FORMATS + (HTML,) \
                and pages.exists(backend, namespace + stem):
            return namespace + stem, forced
        raise ProtocolError(404, f"nothing is known about <{iri}>")

    def resource_page(iri: str, fmt: Format | None, page_url: str) -> Response:
        if fmt is None:
            fmt = choose((HTML,) + RDF_PAGE_FORMATS)
            if fmt is None:
                raise ProtocolError(406, "this page comes as HTML, Turtle, JSON-LD, N-Triples or"
                                         " RDF/XML")
        local = local_id_base()
        if fmt is HTML:
            view = pages.resource_view(backend, iri, local)
            resp = Response(render_template(view.template, v=view, page_iri=iri),
                            mimetype="text/html")
        else:
            triples = pages.describe(backend, iri, local, page_url)
            # no prefix for data IRIs: their local names hold "/", which Turtle must escape
            prefixes = {k: v for k, v in backend.prefixes().items() if k != "data"}
            resp = rdf_response(triples, fmt=fmt, prefixes=prefixes)
        resp.headers["Vary"] = "Accept"
        return resp

    @app.route("/ontology", methods=["GET", "HEAD"])
    @app.route("/ontology.<suffix>", methods=["GET", "HEAD"])
    def ontology(suffix: str | None = None) -> Response:
        return vocabulary_page("ontology", suffix)

    @app.route("/shapes", methods=["GET", "HEAD"])
    @app.route("/shapes.<suffix>", methods=["GET", "HEAD"])
    def shapes(suffix: str | None = None) -> Response:
        return vocabulary_page("shapes", suffix)

    def vocabulary_page(kind: str, suffix: str | None) -> Response:
        fmt = protocol.format_named(suffix) if suffix else choose((HTML,) + RDF_PAGE_FORMATS)
        if fmt is None or fmt not in (HTML,) + RDF_PAGE_FORMATS:
            raise ProtocolError(406 if not suffix else 404, "this page comes as HTML, Turtle,"
                                " JSON-LD, N-Triples or RDF/XML")
        vocab = pages.vocabulary(kind)
        if fmt is HTML:
            return Response(render_template("vocabulary.html", v=vocab, kind=kind,
                                            local=local_id_base()), mimetype="text/html")
        return rdf_response(vocab.triples, fmt=fmt, prefixes={**backend.prefixes(), **vocab.prefixes})

    @app.route("/.well-known/void", methods=["GET", "HEAD"])
    def void() -> Response:
        counts = backend.cached("stats", dataset_counts)
        fmt = choose(RDF_PAGE_FORMATS + (HTML,))
        triples = describe.void(base_url(), counts, backend.base)
        if fmt is HTML:
            return Response(render_template("void.html", counts=counts, base=base_url(), ogl=OGL),
                            mimetype="text/html")
        return rdf_response(triples, fmt=fmt, prefixes={**backend.prefixes(),
                                                        **describe.PREFIXES})

    def dataset_counts() -> dict[str, int]:
        """The counts VoID gives: the core's statistics, and the distinct triples counted by a
        query worker under the query time limit (left out if it runs past it)."""
        counts: dict[str, int] = {}
        if backend.core is not None:
            try:
                counts.update(backend.core.stats())
            except Exception:  # noqa: BLE001 - a description without counts still describes
                log.exception("the dataset statistics failed")
        counts.setdefault("quads", backend.store.count_quads())
        counts.setdefault("graphs", sum(1 for _ in backend.store.named_graphs()))
        try:
            run = backend.query(describe.COUNT_TRIPLES, results_format="json", graph_format=None)
            rows = json.loads(run.read_all())["results"]["bindings"]
            counts["triples"] = int(rows[0]["n"]["value"])
        except (ProtocolError, KeyError, IndexError, ValueError) as exc:
            log.warning("void:triples left out: %s", getattr(exc, "message", exc))
        return counts

    @app.route("/dumps/all.nq", methods=["GET", "HEAD"])
    def dump_nquads() -> Response:
        resp = dump_union(next(f for f in GRAPH_FORMATS if f.name == "nquads"))
        resp.headers["Content-Disposition"] = 'attachment; filename="cqcgraph-all.nq"'
        return resp

    @app.route("/dumps/all.ttl", methods=["GET", "HEAD"])
    def dump_turtle() -> Response:
        resp = dump_union(next(f for f in GRAPH_FORMATS if f.name == "turtle"))
        resp.headers["Content-Disposition"] = 'attachment; filename="cqcgraph-all.ttl"'
        return resp

    # -- search ---------------------------------------------------------------------------------
    @app.route("/search", methods=["GET", "HEAD"])
    def search_page() -> Response:
        from cqcgraph.search import SearchError

        text = request.args.get("q", "")
        if len(text) > 200:
            raise ProtocolError(400, "a search is at most 200 characters")
        kind = request.args.get("kind") or None
        if kind not in (None, "location", "provider"):
            raise ProtocolError(400, "kind is 'location' or 'provider'")
        try:
            limit = min(max(int(request.args.get("limit", "20")), 1), 100)
        except ValueError:
            raise ProtocolError(400, "limit is a whole number from 1 to 100") from None
        if backend.core is None:
            raise ProtocolError(503, "search is unavailable on this server")
        try:
            result = backend.core.search(text, limit=limit, kind=kind)
        except SearchError as exc:
            raise ProtocolError(503, str(exc), headers={"Retry-After": "5"}) from None
        offers = (HTML, Format("json", "application/json"))
        fmt = protocol.negotiate(request.headers.get("Accept"), offers)
        if request.args.get("format") == "json" or (fmt is not None and fmt.name == "json"):
            return Response(json.dumps(result.as_dict(), indent=1, ensure_ascii=False) + "\n",
                            content_type="application/json; charset=utf-8")

        def local(iri: str | None) -> str | None:
            if iri and iri.startswith(backend.base):
                return "/doc/" + iri[len(backend.base):]
            return iri

        return Response(render_template("search.html", q=text, kind=kind, result=result,
                                        local=local), mimetype="text/html")

    # -- feeds ----------------------------------------------------------------------------------
    @app.route("/feeds/<kind>.atom", methods=["GET", "HEAD"])
    def feed(kind: str) -> Response:
        from cqcgraph.web import feeds

        if kind not in feeds.QUERIES:
            raise ProtocolError(404, f"there is no {kind} feed: the feeds are "
                                     + ", ".join(f"/feeds/{k}.atom" for k in feeds.QUERIES))
        location, provider = request.args.get("location"), request.args.get("provider")
        if location and provider:
            raise ProtocolError(400, "a feed is for one location or one provider, not both")
        for name, value in (("location", location), ("provider", provider)):
            try:
                if value:
                    ox.NamedNode(value)
            except ValueError:
                raise ProtocolError(400, f"{name} is not a valid IRI") from None
            if value and not (value.startswith(backend.base + name + "/")
                              and pages.exists(backend, value)):
                raise ProtocolError(404, f"no {name} <{value}> is known here")
        scope = feeds.Scope(location=location, provider=provider)
        if request.args.get("area"):
            if location or provider:
                raise ProtocolError(400, "a feed is for one area, location or provider")
            scope = browse.area_scope(request.args["area"])

        def select(text: str, scope_iri: str | None) -> list[dict]:
            bound = {"scope": ox.NamedNode(scope_iri)} if scope_iri else {}
            return feed_rows(text, **bound)

        def page(iri: str) -> str:
            if iri.startswith(backend.base):
                return base_url() + "/doc/" + iri[len(backend.base):]
            return iri

        def build() -> bytes:
            items = feeds.entries(kind, scope, select)
            name = None
            if scope.area:
                name = scope.area_name
            elif scope.iri:
                name = next((r["name"] for r in select(feeds.NAMES.format(
                    subjects=f"<{scope.iri}>"), None)), None)
            return feeds.atom(kind, items, self_url=request.url, page=page, scope_name=name)

        body = backend.cached(f"feed {request.host} {kind} {scope.iri or scope.area}", build)
        return Response(body, content_type="application/atom+xml; charset=utf-8")

    def feed_rows(text: str, **bindings: ox.NamedNode) -> list[dict]:
        """Rows of a feed query (bounded by its LIMIT), as plain strings, run like a page's
        lookups: in a query worker, under the endpoint's time limit."""
        rows = pages.Lookup(backend).select(text=text, **bindings)
        return [{k: v.value for k, v in row.items()} for row in rows]

    # -- people ---------------------------------------------------------------------------------
    @app.route("/query", methods=["GET", "HEAD"])
    def index() -> Response:
        from cqcgraph.queries import named_queries

        items = [pages.named_query_dict(q) for q in named_queries().values()]
        return Response(render_template("index.html", queries=items,
                                        prefixes=backend.prefixes(),
                                        formats=RESULT_FORMATS + GRAPH_FORMATS,
                                        graph_formats=GRAPH_FORMATS, data_base=backend.base,
                                        ontology_ns=describe.CQC),
                        mimetype="text/html")

    @app.route("/health", methods=["GET", "HEAD"])
    def health() -> Response:
        try:
            backend.store.oxigraph.query("ASK { }")
            ok = True
        except Exception:  # noqa: BLE001
            ok = False
        workers = len(backend.pool._all) if backend.pool else 0
        body = {"status": "ok" if ok else "unavailable", "query_workers": workers,
                "writes": backend.write_token is not None, "store_version": backend.version}
        return Response(json.dumps(body) + "\n", status=200 if ok else 503,
                        content_type="application/json")

    return app


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_OX_INPUT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


def _quote(value: str) -> str:
    import urllib.parse

    return urllib.parse.quote(value, safe="")


def _safe_name(name: str) -> str:
    """A file name as given by a client, with any folder part dropped."""
    name = re.split(r"[\\/]", name)[-1].strip() or "upload.txt"
    return name[:200]


def _chunks(data: bytes) -> Iterator[bytes]:
    yield data
