"""Pages for people beside the linked data: the named queries (``/queries``), search
(``/search``) and the Atom feeds (``/feeds/…``)."""

from __future__ import annotations

import json
import urllib.parse

from flask import Blueprint, Response, render_template, request

from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import (
    GRAPH_FORMATS,
    HTML,
    RESULT_FORMATS,
    Format,
    ProtocolError,
)
from cqcgraph.web import pages
from cqcgraph.web.http import (
    backend,
    base_url,
    choose,
    negotiated,
    local_id_base,
    run_query,
    wants_html,
)
from cqcgraph.api import iri_error
from cqcgraph.terms import Term

bp = Blueprint("pages", __name__)


# -- named queries ---------------------------------------------------------------------------
@bp.route("/queries")
def queries_list() -> Response:
    from cqcgraph.api import named_queries

    items = [pages.named_query_dict(q) for q in named_queries().values()]
    offers = (Format("json", "application/json"), HTML)
    fmt = protocol.negotiate(request.headers.get("Accept"), (HTML,) + offers[:1])
    if request.args.get("format") == "json" or fmt is None or fmt.name == "json":
        return Response(json.dumps({"queries": items}, indent=1, ensure_ascii=False),
                        content_type="application/json; charset=utf-8")
    return Response(render_template("queries.html", queries=items), mimetype="text/html")


@bp.route("/queries/<name>", methods=["GET", "HEAD"])
def queries_run(name: str) -> Response:
    from cqcgraph.api import QueryParameterError, get_named_query

    named = get_named_query(name)
    if named is None:
        raise ProtocolError(404, f"no named query {name!r}")
    params = {k: v for k, v in request.args.items() if k != "format"}
    try:
        text, substitutions, page = named.prepare(params)
    except QueryParameterError as exc:
        raise ProtocolError(400, str(exc)) from None
    except ValueError as exc:  # a value that is no RDF term of its kind (an invalid IRI)
        raise ProtocolError(400, f"query {name!r}: a parameter is not a valid RDF term: "
                                 + " ".join(str(exc).split())[:200]) from None
    following = next_page(request.path, dict(request.args.items()), page)
    if "format" not in request.args and wants_html(RESULT_FORMATS + GRAPH_FORMATS):
        run = backend.query(text, results_format="json", graph_format="turtle",
                            substitutions=substitutions, base_iri=base_url() + "/sparql")
        data = run.read_all()
        downloads = download_links(request.path, params, run.header["kind"])
        if following:
            downloads.append(pages.Link(following, "next page"))
        return Response(render_template(
            "query_result.html", query=pages.named_query_dict(named),
            table=pages.result_table(run.header, data, backend.prefixes(), local_id_base(),
                                     backend.base),
            params=params, downloads=downloads), mimetype="text/html",
            headers={"Link": f'<{following}>; rel="next"'} if following else None)
    if page is not None and page.limit is None:  # every row: from the index where it has them
        whole = whole_list_response(name, params)
        if whole is not None:
            return whole
    response = run_query(text, substitutions=substitutions, filename=name)
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response


def whole_list_response(name: str, params: dict) -> Response | None:
    """A named query's whole list in the format asked for, streamed from the index of
    locations (:meth:`cqcgraph.readonly.StoreReader.whole_list`); None where the index does
    not give it (the engine answers)."""
    if request.args.get("format"):
        fmt = choose(RESULT_FORMATS)
    else:
        fmt = negotiated(request.headers.get("Accept"))[0]
    if fmt is None:
        return None
    chunks = backend.core.whole_list(name, params, fmt.name)
    if chunks is None:
        return None
    resp = Response(chunks, content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    if request.args.get("format"):
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt.suffix}"'
    return resp


def next_page(path: str, params: dict, page) -> str | None:
    """The address of the page after ``page`` of a long list (None when not a page): a client
    follows these ``rel="next"`` links until a page comes back short (a cursor page,
    ``after``: empty)."""
    if page is None or not page.next_params():
        return None
    kept = {k: v for k, v in params.items() if k not in ("offset", "after")}
    return f"{path}?{urllib.parse.urlencode({**kept, **page.next_params()})}"


def download_links(path: str, params: dict, kind: str) -> list[pages.Link]:
    """A named query's result in each format its form can be given in: SELECT and ASK
    as SPARQL results, CONSTRUCT and DESCRIBE as RDF (the others are 406)."""
    offers = GRAPH_FORMATS if kind == "triples" else RESULT_FORMATS
    return [pages.Link(f"{path}?{urllib.parse.urlencode({**params, 'format': f.name})}",
                       f.suffix.upper() if kind == "triples" else f.name.upper())
            for f in offers]


# -- search ---------------------------------------------------------------------------------
@bp.route("/search", methods=["GET", "HEAD"])
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
@bp.route("/feeds/<kind>.atom", methods=["GET", "HEAD"])
def feed(kind: str) -> Response:
    from cqcgraph.web import feeds

    if kind not in feeds.QUERIES:
        raise ProtocolError(404, f"there is no {kind} feed: the feeds are "
                                 + ", ".join(f"/feeds/{k}.atom" for k in feeds.QUERIES))
    location, provider = request.args.get("location"), request.args.get("provider")
    if location and provider:
        raise ProtocolError(400, "a feed is for one location or one provider, not both")
    for name, value in (("location", location), ("provider", provider)):
        if value and iri_error(value) is not None:
            raise ProtocolError(400, f"{name} is not a valid IRI")
        if value and not (value.startswith(backend.base + name + "/")
                          and pages.exists(backend, value)):
            raise ProtocolError(404, f"no {name} <{value}> is known here")
    scope = feeds.Scope(location=location, provider=provider)
    if request.args.get("area"):
        if location or provider:
            raise ProtocolError(400, "a feed is for one area, location or provider")
        from cqcgraph.web import browse

        scope = browse.area_scope(request.args["area"])

    def select(text: str, scope_iri: str | None) -> list[dict]:
        return feed_rows(text, pages.checked_iri(scope_iri) if scope_iri else None)

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


def feed_rows(text: str, scope: Term | None = None) -> list[dict]:
    """Rows of a feed query (bounded by its LIMIT, ``?scope`` bound to ``scope`` when one is
    given), as plain strings, run like a page's lookups: in a query worker, under the
    endpoint's time limit."""
    lookup = pages.Lookup(backend)
    rows = lookup.select(text=text, scope=scope) if scope else lookup.select(text=text)
    return [{k: v.value for k, v in row.items()} for row in rows]
