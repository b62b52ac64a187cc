"""Browse and compare, for people: the home page (the national picture), lists of locations
with facets (``/locations``, as HTML, CSV and JSON, each with the SPARQL that gives it), and a
page per local authority and ICB (``/areas/{local-authority|icb}/{key}``).

All of them read one table of locations (:mod:`cqcgraph.web.browse_table`) and the home page's
figures, computed from bounded page queries (``page_queries/browse-*.rq``, ``home-*.rq``) run
through :class:`cqcgraph.web.pages.Lookup` (query workers, the endpoint's time limit per
query). They are computed once per store generation (``Backend.version``, counted up by every
write) in a background thread: a page waits for them at most a few seconds and never past the
time limit, then says the figures are being computed (and refreshes itself); while a newer
generation is computed the previous figures are shown, saying so.

A Flask blueprint: views turn HTTP into a call and a result into bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from cqcgraph import location_pages as lp
from cqcgraph import terms
from cqcgraph.derived import derived_graph_iri
from cqcgraph.web import browse_counts as bc
from cqcgraph.web import browse_table as bt
from cqcgraph.web import feeds, pages
from cqcgraph.web.browse_table import FilterError, Filters
from cqcgraph.sparql.protocol import ProtocolError

log = logging.getLogger("cqcgraph.web")

bp = Blueprint("browse", __name__)

WAIT = 4.0  # seconds a page waits for figures being computed (never past the time limit)
BUILD_BUDGET = 10  # the whole build may take this many query time limits (each query one)
RECENT = 10  # recent enforcement on the home page


@dataclass
class Figures:
    """The table of every location that /locations and the area pages read, for one store
    generation."""
    version: int
    table: bt.Table
    took: float = 0.0


@dataclass
class HomeFigures:
    """What the home page shows, for one store generation: read from the counts the ingest
    keeps, so their cost does not grow with the store."""
    version: int
    national: bc.National
    breaches: dict  # regulation rows by year
    enforcement: list[feeds.Entry]
    built: str
    took: float = 0.0


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    figures: Figures | None = None
    building: int | None = None  # the version being computed
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None
    error_version: int | None = None


def _backend():
    return current_app.extensions["cqcgraph"]


def _state() -> _State:
    return current_app.extensions.setdefault("cqcgraph-browse", _State())


def _strings(rows: list[dict]) -> list[dict[str, str]]:
    return [{k: v.value for k, v in r.items()} for r in rows]


def compute(backend) -> Figures:
    """Every figure of the browse pages, from the bounded page queries."""
    started = time.monotonic()
    version = backend.version
    lookup = pages.Lookup(backend)
    lookup.deadline = time.monotonic() + lookup.limit * BUILD_BUDGET
    names = _strings(lookup.select("browse-names"))
    props = {key: _strings(lookup.select("browse-property", p=terms.iri(iri)))
             for key, iri in bt.PROPERTIES.items()}
    ratings = _strings(lookup.select("browse-ratings",
                                     derived=terms.iri(derived_graph_iri(backend.base))))
    visits = _strings(lookup.select("browse-visits"))
    postcode = _strings(lookup.select("browse-postcode-areas"))
    area_iris = sorted({r["la"] for r in postcode if "la" in r} | {r["icb"] for r in postcode if "icb" in r}
                       | {r["v"] for key in ("la_area", "icb_area", "sub_icb_area") for r in props[key]})
    labels: dict[str, str] = {}
    for i in range(0, min(len(area_iris), 2000), 200):
        labels.update(lookup.labels(area_iris[i:i + 200], labels))
    table = bt.build(names, props, ratings, visits, postcode, labels)
    return Figures(version, table, time.monotonic() - started)


def compute_home(backend) -> HomeFigures:
    """The home page's figures, from the summary graph's counts (a few thousand rows however
    large the store) and the recent enforcement."""
    started = time.monotonic()
    version = backend.version
    lookup = pages.Lookup(backend)
    counts = _strings(lookup.select("home-facet-counts"))
    codes = _strings(lookup.select("home-area-codes"))
    area_iris = sorted({r[v] for r in counts for v in ("laCode", "laPostcode", "icbCode",
                                                         "icbPostcode", "subIcbCode") if v in r})
    labels: dict[str, str] = {}
    for i in range(0, min(len(area_iris), 2000), 200):
        labels.update(lookup.labels(area_iris[i:i + 200], labels))
    national = bc.read(counts, _strings(lookup.select("home-last-inspected")), codes, labels)

    def select(text: str, scope_iri: str | None) -> list[dict]:
        if scope_iri:
            return _strings(lookup.select(text=text, scope=terms.iri(scope_iri)))
        return _strings(lookup.select(text=text))

    enforcement = feeds.entries("enforcement", feeds.Scope(), select, limit=RECENT)
    built = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return HomeFigures(version, national, _breaches_by_year(lookup), enforcement, built,
                       time.monotonic() - started)


def _breaches_by_year(lookup: pages.Lookup) -> dict:
    """The regulations with the most breaches, by the latest twelve years with breaches."""
    vocab = pages.vocabulary_labels()
    by_reg: dict[str, dict] = {}
    years: set[str] = set()
    for r in _strings(lookup.select("home-breaches-by-year")):
        reg = by_reg.setdefault(r["reg"], {"iri": r["reg"], "label": vocab.get(r["reg"])
                                           or pages.short_iri(r["reg"]), "years": {}, "total": 0})
        n = int(r["breaches"])
        reg["years"][r["year"]] = reg["years"].get(r["year"], 0) + n
        reg["total"] += n
        years.add(r["year"])
    return {"years": sorted(years)[-12:], "rows": sorted(
        by_reg.values(), key=lambda x: (-x["total"], pages.natural_key(x["label"])))[:20]}


def home_figures() -> HomeFigures:
    """The home page's figures of the current store generation, computed once per generation
    (a few small queries, within the time limit: a page waits for them)."""
    backend = _backend()
    cache = current_app.extensions.setdefault("cqcgraph-home", {})
    version = backend.version
    found = cache.get("figures")
    if found is None or found.version != version:
        found = compute_home(backend)
        cache["figures"] = found
    return found


def figures(wait: float = WAIT) -> tuple[Figures | None, bool, str | None]:
    """(figures, whether they are of the current store generation, an error of the last
    build): starts a build when none is running for the current generation, and waits for
    it at most ``wait`` seconds (never past the time limit)."""
    backend = _backend()
    state = _state()
    version = backend.version
    with state.lock:
        current = state.figures is not None and state.figures.version == version
        failed = state.error_version == version
        if not current and not failed and state.building != version:
            state.building = version
            state.done = threading.Event()
            done = state.done
            threading.Thread(target=_build, args=(backend, state, version, done), daemon=True,
                             name="cqcgraph-browse").start()
        done = state.done
    if not current and not failed:
        done.wait(min(wait, float(backend.settings.query_timeout)))
    with state.lock:
        f = state.figures
        error = state.error if state.error_version == backend.version else None
        return f, f is not None and f.version == backend.version, error


def _build(backend, state: _State, version: int, done: threading.Event) -> None:
    try:
        result = compute(backend)
        with state.lock:
            if state.figures is None or result.version >= state.figures.version:
                state.figures = result
            state.error = None
        log.info("browse figures of store version %s computed in %.1f s", version, result.took)
    except ProtocolError as exc:
        with state.lock:
            state.error, state.error_version = exc.message, version
        log.warning("browse figures of store version %s failed: %s", version, exc.message)
    except Exception:  # noqa: BLE001 - a page says so; the log has the details
        log.exception("browse figures of store version %s failed", version)
        with state.lock:
            state.error, state.error_version = "the figures could not be computed", version
    finally:
        with state.lock:
            if state.building == version:
                state.building = None
        done.set()


def _need_figures(what: str) -> tuple[Figures, bool]:
    """The figures and whether they are of the current store generation; while none are
    ready, the request ends with a page that says they are being computed (or a 503)."""
    f, fresh, error = figures()
    if f is None:
        if request.args.get("format") in ("csv", "json"):
            raise ProtocolError(503, f"{what} is being computed: try again in a few seconds",
                                headers={"Retry-After": "5"})
        abort(Response(render_template("browse_wait.html", error=error, what=what),
                       status=503 if error else 200, mimetype="text/html",
                       headers={"Retry-After": "5"}))
    return f, fresh


def _local(iri: str) -> str:
    base = _backend().base
    return "/id/" + iri[len(base):] if iri.startswith(base) else iri


def _query_ui(text: str) -> str:
    return "/query?" + urllib.parse.urlencode({"query": text})


# -- views -----------------------------------------------------------------------------------


@bp.route("/", methods=["GET", "HEAD"])
def home() -> BaseResponse:
    if "example" in request.args or "query" in request.args:  # old links to the query UI
        return redirect("/query?" + request.query_string.decode("latin-1"), code=301)
    try:
        f = home_figures()
    except ProtocolError as exc:
        return Response(render_template("browse_wait.html", error=exc.message,
                                        what="The national picture"),
                        status=503, mimetype="text/html", headers={"Retry-After": "5"})
    national = f.national
    cutoff = Filters(not_inspected_years=5).cutoff(dt.date.today())
    return Response(render_template(
        "home.html", f=f, fresh=True, total=national.total,
        by_rating=bc.rating_counts(national), labels=bt.RATING_LABELS, order=bt.RATING_ORDER,
        sectors=bc.sectors(national), las=bc.area_summaries(national, "local-authority"),
        icbs=bc.area_summaries(national, "icb"), care_homes=bc.care_homes(national),
        enforcement=f.enforcement, local=_local, breaches=f.breaches,
        not_inspected=bc.not_inspected(national, cutoff),
    ), mimetype="text/html")


def _filters() -> Filters:
    try:
        return Filters.parse(request.args, request.args.getlist("rating"))
    except FilterError as exc:
        raise ProtocolError(400, str(exc)) from None


@bp.route("/locations", methods=["GET", "HEAD"])
def locations() -> Response:
    flt = _filters()
    fmt = request.args.get("format") or ""
    if fmt not in ("", "csv", "json", "sparql"):
        raise ProtocolError(400, "format is csv, json or sparql")
    f, fresh = _need_figures("This list")
    table = f.table
    today = dt.date.today()
    rows = bt.select(table, flt, today)
    sparql = bt.list_sparql(table, flt, today)
    host = request.host_url.rstrip("/")
    if fmt == "sparql":
        return Response(sparql, content_type="application/sparql-query; charset=utf-8")
    if fmt in ("csv", "json"):
        items = bt.records(table, rows, host, _backend().base)
        name = "locations"
        if fmt == "csv":
            resp = Response(bt.to_csv(items), content_type="text/csv; charset=utf-8")
        else:
            resp = Response(bt.to_json(items, len(rows), flt.params()),
                            content_type="application/json; charset=utf-8")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return resp
    pages_count = max(1, -(-len(rows) // bt.PAGE_SIZE))
    page = min(flt.page, pages_count)
    shown = rows[(page - 1) * bt.PAGE_SIZE: page * bt.PAGE_SIZE]
    base_params = flt.params()

    def href(**changes) -> str:
        qs = urllib.parse.urlencode(flt.params(**changes))
        return "/locations" + ("?" + qs if qs else "")

    def toggle_rating(value: str) -> str:
        chosen = set(flt.rating)
        chosen ^= {value}
        return href(rating=tuple(r for r in bt.RATING_ORDER + ("",) if r in chosen))

    def download(fmt_name: str) -> str:
        return "/locations?" + urllib.parse.urlencode([p for p in base_params] + [("format", fmt_name)])

    title = _title(table, flt)
    return Response(render_template(
        "locations.html", flt=flt, rows=shown, total=len(rows), page=page, pages=pages_count,
        facets=_facets(table, flt, today), href=href, toggle_rating=toggle_rating,
        download=download, sparql=sparql, query_ui=_query_ui(sparql), title=title,
        table=table, local=_local, labels=bt.RATING_LABELS, kqs=bt.KEY_QUESTIONS,
        kq_labels=bt.KQ_LABELS, sorts=bt.SORTS, fresh=fresh, f=f,
        first=(page - 1) * bt.PAGE_SIZE + 1 if rows else 0,
    ), mimetype="text/html")


def _facets(table: bt.Table, flt: Filters, today: dt.date) -> dict:
    """The list's facets: from the summary graph's counts where they answer them (the
    overall rating, no last-inspection filter), else from the table."""
    if bc.answers_facets(flt):
        return bc.facets(home_figures().national, flt)
    return bt.facets(table, flt, today)


@bp.route("/locations/all", methods=["GET", "HEAD"])
def locations_all() -> Response:
    """Every location (or those with one current rating), a page at a time, read from the
    derived graph page by page: no table of every location is built, so it answers at once
    on a store of any size (:mod:`cqcgraph.location_pages`)."""
    try:
        req = lp.PageRequest.parse(request.args)
    except lp.PageRequestError as exc:
        raise ProtocolError(400, str(exc)) from None
    fmt = request.args.get("format") or ""
    if fmt not in ("", "json"):
        raise ProtocolError(400, "format is json (or none, for the page)")
    page = _location_page(req)

    def href(start: int | None) -> str | None:
        if start is None:
            return None
        qs = urllib.parse.urlencode(req.params(start) + ([("format", fmt)] if fmt else []))
        return "/locations/all" + ("?" + qs if qs else "")

    links = {"next": href(page.next), "prev": href(page.previous)}
    header = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    if fmt == "json":
        resp = Response(lp_json(page, links), content_type="application/json; charset=utf-8")
    else:
        resp = Response(render_template(
            "locations_all.html", page=page, req=req, links=links, local=_local,
            labels=bt.RATING_LABELS, kqs=bt.KEY_QUESTIONS, kq_labels=bt.KQ_LABELS,
            ratings=bt.RATING_ORDER), mimetype="text/html")
    if header:
        resp.headers["Link"] = header
    return resp


def _location_page(req: lp.PageRequest) -> lp.LocationPage:
    """The page, its queries run in the query workers within the time limit."""
    lookup = pages.Lookup(_backend())
    rows = _strings(lookup.select(text=req.query()))
    total = req.total_query()
    return lp.read_page(req, rows, _strings(lookup.select(text=total)) if total else None)


def lp_json(page: lp.LocationPage, links: dict) -> str:
    """A page as JSON: its rows, where it starts, the next and previous pages' addresses,
    and the list's size where it is counted."""
    return json.dumps({
        "start": page.request.start, "total": page.total,
        "next": links["next"], "previous": links["prev"],
        "locations": [dataclasses.asdict(r) for r in page.rows]},
        indent=1, ensure_ascii=False) + "\n"


def _title(table: bt.Table, flt: Filters) -> str:
    what = "Locations"
    if flt.care_home is True:
        what = "Care homes"
    elif flt.care_home is False:
        what = "Locations other than care homes"
    parts = []
    if flt.sector:
        parts.append(f"in the sector {flt.sector}")
    for kind, key in (("local-authority", flt.la), ("icb", flt.icb)):
        if key:
            a = table.area(kind, key)
            parts.append(f"in {a.label if a else key}")
    if flt.region:
        parts.append(f"in the region {flt.region}")
    if flt.rating:
        names = [bt.RATING_LABELS[r] if r else "not rated" for r in flt.rating]
        kq = "" if flt.kq == "overall" else f" for {bt.KQ_LABELS[flt.kq]}"
        parts.append("rated " + " or ".join(names) + kq)
    if flt.not_inspected_years:
        parts.append(f"not inspected for {flt.not_inspected_years} years")
    return " ".join([what] + parts)


@bp.route("/areas/<kind>/<key>", methods=["GET", "HEAD"])
def area(kind: str, key: str) -> Response:
    if kind not in ("local-authority", "icb"):
        raise ProtocolError(404, "areas are /areas/local-authority/… and /areas/icb/…")
    f, fresh = _need_figures("This area's figures")
    table = f.table
    a = table.area(kind, key)
    if a is None:
        raise ProtocolError(404, f"no {kind.replace('-', ' ')} {key!r} is known here")
    attr = "la" if kind == "local-authority" else "icb"
    mine = [r for r in table.rows if getattr(r, attr) == key]
    compare = []
    for kq in bt.KEY_QUESTIONS:
        here, england = bt.rating_counts(mine, kq), bt.rating_counts(table.rows, kq)
        rated_here = sum(v for k, v in here.items() if k) or 1
        rated_all = sum(v for k, v in england.items() if k) or 1
        compare.append({"kq": kq, "label": bt.KQ_LABELS[kq], "cells": [
            {"rating": r, "here": here[r], "here_pct": 100 * here[r] / rated_here,
             "england_pct": 100 * england[r] / rated_all} for r in bt.RATING_ORDER],
            "unrated": here[""]})
    care = [r for r in mine if r.care_home]
    sectors: dict[str, int] = {}
    for r in mine:
        if r.sector:
            sectors[r.sector] = sectors.get(r.sector, 0) + 1
    flt = Filters(la=key) if attr == "la" else Filters(icb=key)

    def href(**changes) -> str:
        return "/locations?" + urllib.parse.urlencode(flt.params(**changes))

    area_param = f"{kind}/{key}"
    return Response(render_template(
        "area.html", a=a, kind=kind, total=len(mine), compare=compare, care=len(care),
        care_counts=bt.rating_counts(care), labels=bt.RATING_LABELS, order=bt.RATING_ORDER,
        sectors=sorted(sectors.items(), key=lambda kv: -kv[1]), href=href, fresh=fresh, f=f,
        feed_param=area_param,
        worst=sorted((r for r in mine if r.ratings.get("overall") == "inadequate"),
                     key=lambda r: r.name.lower())[:50],
        local=_local, sparql=_query_ui(bt.list_sparql(table, flt)),
    ), mimetype="text/html")


# -- area feeds ------------------------------------------------------------------------------


def area_scope(value: str) -> feeds.Scope:
    """The feed scope of ``area=local-authority/KEY`` or ``icb/KEY``: the area's locations.
    404 for an unknown area; 503 while the figures are computed."""
    kind, _, key = value.partition("/")
    if kind not in ("local-authority", "icb") or not key:
        raise ProtocolError(400, "area is local-authority/KEY or icb/KEY (as in an area page's"
                                 " address)")
    f, _, error = figures()
    if f is None:
        raise ProtocolError(503, error or "the areas are being computed: try again shortly",
                            headers={"Retry-After": "5"})
    a = f.table.area(kind, key)
    if a is None:
        raise ProtocolError(404, f"no {kind.replace('-', ' ')} {key!r} is known here")
    attr = "la" if kind == "local-authority" else "icb"
    members = tuple(r.iri for r in f.table.rows if getattr(r, attr) == key)
    return feeds.Scope(area=value, area_name=a.label, members=members)
