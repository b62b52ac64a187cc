"""Linked data: ``/id/…`` 303 to ``/doc/…``, resource pages in HTML or RDF, the ontology
and its concepts, the shapes, and the VoID description."""

from __future__ import annotations

import json

from flask import Blueprint, Response, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import (
    HTML,
    Format,
    ProtocolError,
)
from cqcgraph.web import describe, pages
from cqcgraph.web.http import (
    PAGE_FORMATS_TEXT,
    RDF_PAGE_FORMATS,
    backend,
    base_url,
    choose,
    local_id_base,
    rdf_response,
)
import logging

log = logging.getLogger("cqcgraph.web")
OGL = describe.OGL

bp = Blueprint("linked_data", __name__)


# -- linked data -------------------------------------------------------------------------------
@bp.route("/id/<path:rest>", methods=["GET", "HEAD"])
def id_redirect(rest: str) -> BaseResponse:
    iri = backend.base + rest
    if not pages.exists(backend, iri):  # 404 at once: no 303 to a page that is not there
        raise ProtocolError(404, f"nothing is known about <{iri}>")
    query = request.query_string.decode("latin-1")  # a page of a long list (?locations=N)
    resp = redirect(f"/doc/{rest}" + (f"?{query}" if query else ""), code=303)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/doc/<path:rest>", methods=["GET", "HEAD"])
def doc(rest: str) -> Response:
    iri, fmt, known = resolve_page(backend.base, rest)
    return resource_page(iri, fmt, base_url() + "/doc/" + rest, known=known)


@bp.route("/ontology/<path:rest>", methods=["GET", "HEAD"])
def concept(rest: str) -> BaseResponse:
    """Concept IRIs (``…/ontology/ratings/good``) and concept schemes: the IRI 303s to
    its page, ``…/good.html`` or ``.ttl`` etc. as the Accept header prefers; a suffix
    names the format."""
    namespace = pages.ONTOLOGY + "/"
    if pages.exists(backend, namespace + rest):
        fmt = choose((HTML,) + RDF_PAGE_FORMATS)
        if fmt is None:
            raise ProtocolError(406, "this page comes as " + PAGE_FORMATS_TEXT)
        resp = redirect(f"/ontology/{rest}.{fmt.suffix}", code=303)
        resp.headers["Vary"] = "Accept"
        return resp
    iri, fmt, known = resolve_page(namespace, rest)
    return resource_page(iri, fmt, base_url() + "/ontology/" + rest, known=known)


def resolve_page(namespace: str, rest: str) -> tuple[str, Format | None, bool]:
    """The IRI a page path names, the format its suffix asks for (None: negotiate) and
    whether the store is known to say anything of the IRI. A path without the suffix of a
    page format has no other reading: it is not looked up here (False), and its page finds
    out (an RDF page from its own statements, with no lookup of its own when there are
    some)."""
    iri = namespace + rest
    stem, dot, suffix = rest.rpartition(".")
    forced = protocol.format_named(suffix) if dot else None
    if forced is None or forced not in RDF_PAGE_FORMATS + (HTML,):
        return iri, None, False
    if pages.exists(backend, iri):
        return iri, None, True
    if pages.exists(backend, namespace + stem):
        return namespace + stem, forced, True
    raise not_known(iri)


def not_known(iri: str) -> ProtocolError:
    return ProtocolError(404, f"nothing is known about <{iri}>")


def resource_page(iri: str, fmt: Format | None, page_url: str, *, known: bool = True) -> Response:
    """The page of ``iri`` in ``fmt`` (None: as the Accept header prefers); 404 when the
    store says nothing of it (``known``: :func:`resolve_page` has already seen it does)."""
    if fmt is None:
        fmt = choose((HTML,) + RDF_PAGE_FORMATS)
        if fmt is None:
            if not known and not pages.exists(backend, iri):
                raise not_known(iri)  # (a page that is not there: 404 before 406)
            raise ProtocolError(406, "this page comes as " + PAGE_FORMATS_TEXT)
    if fmt is HTML and not known and not pages.exists(backend, iri):
        raise not_known(iri)
    local = local_id_base()
    offset = list_offset() if fmt is HTML else 0
    body = pages.kept_page(backend, (iri, fmt.name, page_url, local, offset), lambda: page_body(
        iri, fmt, local, page_url, offset, known=known or fmt is HTML))
    resp = Response(body, content_type="text/html; charset=utf-8" if fmt is HTML
                    else fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp


#: The furthest ``?locations=`` a page is asked for (a provider's list is paged by it).
MAX_LIST_OFFSET = 1_000_000


def list_offset() -> int:
    """Where a page's long list starts (``?locations=N``, a provider's locations): 0 by
    default, 400 for anything but a whole number up to :data:`MAX_LIST_OFFSET`."""
    raw = request.args.get("locations", "0")
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_LIST_OFFSET:
        raise ProtocolError(400, f"locations={raw!r}: give where the list starts, a whole"
                                 f" number from 0 to {MAX_LIST_OFFSET:,}")
    return int(raw)


def page_body(iri: str, fmt: Format, local: str, page_url: str, offset: int = 0, *,
              known: bool = True) -> bytes:
    """A resource's page in ``fmt``: HTML (its long list from ``offset``), or its RDF (a 404
    unless ``known`` or the store says anything of ``iri``)."""
    if fmt is HTML:
        view = pages.resource_view(backend, iri, local, offset)
        return render_template(view.template, v=view, page_iri=iri).encode("utf-8")
    return pages.rdf_page(backend, iri, fmt.name, local, page_url, known=known)


@bp.route("/ontology", methods=["GET", "HEAD"])
@bp.route("/ontology.<suffix>", methods=["GET", "HEAD"])
def ontology(suffix: str | None = None) -> Response:
    return vocabulary_page("ontology", suffix)


@bp.route("/shapes", methods=["GET", "HEAD"])
@bp.route("/shapes.<suffix>", methods=["GET", "HEAD"])
def shapes(suffix: str | None = None) -> Response:
    return vocabulary_page("shapes", suffix)


def vocabulary_page(kind: str, suffix: str | None) -> Response:
    fmt = protocol.format_named(suffix) if suffix else choose((HTML,) + RDF_PAGE_FORMATS)
    if fmt is None or fmt not in (HTML,) + RDF_PAGE_FORMATS:
        raise ProtocolError(406 if not suffix else 404, "this page comes as " + PAGE_FORMATS_TEXT)
    vocab = pages.vocabulary(kind)
    if fmt is HTML:
        return Response(render_template("vocabulary.html", v=vocab, kind=kind,
                                        local=local_id_base()), mimetype="text/html")
    return rdf_response(vocab.triples, fmt=fmt, prefixes={**backend.prefixes(), **vocab.prefixes})


@bp.route("/.well-known/void", methods=["GET", "HEAD"])
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
    try:
        counts.update(backend.core.stats())
    except Exception:  # noqa: BLE001 - a description without counts still describes
        log.exception("the dataset statistics failed")
    quads, graphs = backend.core.size()
    counts.setdefault("quads", quads)
    counts.setdefault("graphs", graphs)
    try:
        run = backend.query(describe.COUNT_TRIPLES, results_format="json", graph_format=None)
        rows = json.loads(run.read_all())["results"]["bindings"]
        counts["triples"] = int(rows[0]["n"]["value"])
    except (ProtocolError, KeyError, IndexError, ValueError) as exc:
        log.warning("void:triples left out: %s", getattr(exc, "message", exc))
    return counts
