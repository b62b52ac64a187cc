"""Browse and compare, for people: the home page (the national picture), lists of locations
with facets (``/locations``, as HTML, CSV and JSON, each with the SPARQL that gives it), and a
page per local authority and ICB (``/areas/{local-authority|icb}/{key}``).

The home page's figures, and the names of the areas, are read from the counts the ingest keeps
(``page_queries/home-*.rq``, through :class:`cqcgraph.web.pages.Lookup`: query workers, the
endpoint's time limit per query), once per store generation (``Backend.version``, counted up by
every write). The lists, their totals and facets and the area pages ask the core's index of
locations (:mod:`cqcgraph.location_index`), which each write keeps in step: a page reads its
own rows. Only while that index is first built (a store that never had one) does a page wait
for it a few seconds, then say it is being computed (and refresh itself).

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

from cqcgraph import location_index as li
from cqcgraph import location_pages as lp
from cqcgraph import terms
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
    """The first build of the index of locations (a store that never had one)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    building: threading.Thread | None = None
    error: str | None = None


def _backend():
    return current_app.extensions["cqcgraph"]


def _state() -> _State:
    return current_app.extensions.setdefault("cqcgraph-browse", _State())


def _strings(rows: list[dict]) -> list[dict[str, str]]:
    return [{k: v.value for k, v in r.items()} for r in rows]


#: The page queries of the counts kept at the home page's grain.
HOME_COUNTS = ("home-sector-counts", "home-local-authority-counts", "home-icb-counts")


def compute_national(backend, kept: bool) -> bc.National:
    """The national counts and the areas they name, from the counts kept at the home page's
    grain (a few thousand rows of the summary graph however large the store: by sector, by
    each area's names and codes, with care home and current overall rating), or, on a store
    whose summaries were built before those were kept (``kept`` false), from the finer counts
    of every combination of facets (nearly one a location on a register): what the home page
    counts, and what names the areas of the lists and area pages."""
    lookup = pages.Lookup(backend)
    counted = list(HOME_COUNTS) if kept else ["home-facet-counts"]
    lookup.prefetch([(name, None, {}) for name in
                     counted + ["home-area-codes", "home-last-inspected"]])
    groups = [_strings(lookup.select(name)) for name in counted]
    codes = _strings(lookup.select("home-area-codes"))
    area_iris = sorted({r[v] for rows in groups for r in rows
                        for v in ("laCode", "laPostcode", "icbCode", "icbPostcode", "subIcbCode")
                        if v in r})
    labels: dict[str, str] = {}
    for i in range(0, min(len(area_iris), 2000), 200):
        labels.update(lookup.labels(area_iris[i:i + 200], labels))
    days = _strings(lookup.select("home-last-inspected"))
    if kept:
        sectors, local_authorities, icbs = groups
        return bc.read_home(sectors, local_authorities, icbs, days, codes, labels)
    return bc.read(groups[0], days, codes, labels)


def home_counts_kept(totals: list[dict[str, str]]) -> bool:
    """Whether the counts at the home page's grain count every location, from the row of
    ``home-count-totals``: as many locations as the finer counts, none below 0 (a store whose
    summaries were built before they were kept has them for the locations written since only:
    ``cqcgraph rebuild-summaries`` builds them)."""
    row = totals[0] if totals else {}
    home, everything = int(row.get("home") or 0), int(row.get("all") or 0)
    return home == everything and int(row.get("least") or 0) >= 0


@dataclass
class _National:
    lock: threading.Lock = field(default_factory=threading.Lock)
    found: tuple[int, bc.National] | None = None
    building: bool = False
    #: whether the store keeps the counts at the home page's grain (None: not asked yet);
    #: every write of this server keeps them as they are
    kept: bool | None = None


def _compute(backend, state: _National) -> bc.National:
    """:func:`compute_national`, asking once whether the store keeps the home page's counts."""
    kept = state.kept
    if kept is None:
        lookup = pages.Lookup(backend)
        kept = state.kept = home_counts_kept(_strings(lookup.select("home-count-totals")))
    return compute_national(backend, kept)


def national_figures(fresh: bool = False) -> bc.National:
    """:func:`compute_national` of the store: of the current generation when ``fresh`` (the
    home page) or when none was computed yet; else the latest computed, while one of the
    current generation is computed in a thread (the lists and area pages: an area the write
    brought is named once that is done, and the counts' queries, seconds on a national
    store, are not paid by the first list after each write)."""
    backend = _backend()
    state = current_app.extensions.setdefault("cqcgraph-national", _National())
    version = backend.version
    with state.lock:
        found = state.found
    if found is not None and found[0] == version:
        return found[1]
    if fresh or found is None:
        national = _compute(backend, state)
        with state.lock:
            if state.found is None or state.found[0] <= version:
                state.found = (version, national)
        return national
    with state.lock:
        start, state.building = not state.building, True
    if start:
        def build() -> None:
            try:
                national = _compute(backend, state)
                with state.lock:
                    if state.found is None or state.found[0] <= version:
                        state.found = (version, national)
            except Exception:  # noqa: BLE001 - the latest areas stay; the log says why
                log.exception("the areas of store version %s could not be read", version)
            finally:
                with state.lock:
                    state.building = False

        threading.Thread(target=build, daemon=True, name="cqcgraph-areas").start()
    return found[1]


def compute_home(backend) -> HomeFigures:
    """The home page's figures, from the summary graph's counts (a few thousand rows however
    large the store) and the recent enforcement."""
    started = time.monotonic()
    version = backend.version
    lookup = pages.Lookup(backend)
    national = national_figures(fresh=True)

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


def _index_ready(wait: float = WAIT) -> tuple[bool, str | None]:
    """(whether the index of locations can be read, an error of its first build): starts
    that build in a thread when the store has no index yet, and waits for it at most
    ``wait`` seconds (never past the time limit)."""
    backend = _backend()
    core = backend.core
    if core.location_index_ready():
        return True, None
    state = _state()
    with state.lock:
        if state.building is None and state.error is None:
            state.building = threading.Thread(target=_build_index, args=(core, state),
                                              daemon=True, name="cqcgraph-locations")
            state.building.start()
        building = state.building
    if building is not None:
        building.join(min(wait, float(backend.settings.query_timeout)))
    return core.location_index_ready(), state.error


def _build_index(core, state: _State) -> None:
    started = time.monotonic()
    try:
        n = core.location_index.counts()["locations"]
        log.info("the index of %s locations was built in %.1f s", n, time.monotonic() - started)
    except Exception:  # noqa: BLE001 - a page says so; the log has the details
        log.exception("the index of locations could not be built")
        with state.lock:
            state.error = "the index of locations could not be built"
    finally:
        with state.lock:
            state.building = None


@dataclass
class Listing:
    """What a list or an area page reads: the index of locations, and the areas (named from
    the counts of this store generation)."""
    national: bc.National
    index: li.LocationIndex

    @property
    def refs(self):
        return self.national.refs

    def area(self, kind: str, key: str) -> bt.Area | None:
        return self.national.area(kind, key)


def _listing(what: str) -> Listing:
    """The index and the areas; while the index is first built, the request ends with a page
    that says it is being computed (or a 503)."""
    ready, error = _index_ready()
    if ready:
        try:
            national = national_figures()
        except ProtocolError as exc:
            error, ready = exc.message, False
    if not ready:
        if request.args.get("format") in ("csv", "json"):
            raise ProtocolError(503, error or f"{what} is being computed: try again in a few"
                                              " seconds", headers={"Retry-After": "5"})
        abort(Response(render_template("browse_wait.html", error=error, what=what),
                       status=503 if error else 200, mimetype="text/html",
                       headers={"Retry-After": "5"}))
    return Listing(national, _backend().core.location_index)


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
    listing = _listing("This list")
    index, refs = listing.index, listing.refs
    today = dt.date.today()
    sparql = bt.list_sparql(listing, flt, today)  # type: ignore[arg-type]
    host = request.host_url.rstrip("/")
    if fmt == "sparql":
        return Response(sparql, content_type="application/sparql-query; charset=utf-8")
    total = index.count(flt, refs, today)
    if fmt in ("csv", "json"):
        every = [bt.from_index(r, refs) for r in index.iter_select(flt, refs, today)]
        items = bt.records(listing, every, host, _backend().base)  # type: ignore[arg-type]
        name = "locations"
        if fmt == "csv":
            resp = Response(bt.to_csv(items), content_type="text/csv; charset=utf-8")
        else:
            resp = Response(bt.to_json(items, len(every), flt.params()),
                            content_type="application/json; charset=utf-8")
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return resp
    pages_count = max(1, -(-total // bt.PAGE_SIZE))
    page = min(flt.page, pages_count)
    shown = [bt.from_index(r, refs) for r in index.select(
        flt, refs, today, offset=(page - 1) * bt.PAGE_SIZE, limit=bt.PAGE_SIZE)]
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

    title = _title(listing, flt)
    return Response(render_template(
        "locations.html", flt=flt, rows=shown, total=total, page=page, pages=pages_count,
        facets=_facets(listing, flt, today), href=href, toggle_rating=toggle_rating,
        download=download, sparql=sparql, query_ui=_query_ui(sparql), title=title,
        table=listing, local=_local, labels=bt.RATING_LABELS, kqs=bt.KEY_QUESTIONS,
        kq_labels=bt.KQ_LABELS, sorts=bt.SORTS, fresh=True,
        first=(page - 1) * bt.PAGE_SIZE + 1 if total else 0,
    ), mimetype="text/html")


def _facets(listing: Listing, flt: Filters, today: dt.date) -> dict:
    """The list's facets, from the index of locations (one ``GROUP BY`` a facet: a few
    milliseconds, where counting the summary graph's combinations of facets in Python took
    over 100 ms on 20,000 locations)."""
    return bt.facet_values(listing.index.facet_counts(flt, listing.refs, today),
                           listing.national.areas, flt)


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


def _title(table: Listing, flt: Filters) -> str:
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
    listing = _listing("This area's figures")
    index, refs = listing.index, listing.refs
    a = listing.area(kind, key)
    if a is None:
        raise ProtocolError(404, f"no {kind.replace('-', ' ')} {key!r} is known here")
    flt = Filters(la=key) if kind == "local-authority" else Filters(icb=key)
    here_all = index.rating_counts(flt, refs)
    england_all = _backend().cached("england-ratings", lambda: index.rating_counts(Filters(), refs))
    compare = []
    for kq in bt.KEY_QUESTIONS:
        here, england = here_all[kq], england_all[kq]
        rated_here = sum(v for k, v in here.items() if k) or 1
        rated_all = sum(v for k, v in england.items() if k) or 1
        compare.append({"kq": kq, "label": bt.KQ_LABELS[kq], "cells": [
            {"rating": r, "here": here[r], "here_pct": 100 * here[r] / rated_here,
             "england_pct": 100 * england[r] / rated_all} for r in bt.RATING_ORDER],
            "unrated": here[""]})
    care_flt = dataclasses.replace(flt, care_home=True)
    care_counts = index.rating_counts(care_flt, refs)["overall"]
    sectors = [(name, n) for name, n in index.grouped(flt, refs, "sector") if name]
    worst = [bt.from_index(r, refs) for r in index.select(
        dataclasses.replace(flt, rating=("inadequate",)), refs, limit=50)]

    def href(**changes) -> str:
        return "/locations?" + urllib.parse.urlencode(flt.params(**changes))

    area_param = f"{kind}/{key}"
    return Response(render_template(
        "area.html", a=a, kind=kind, total=sum(here_all["overall"].values()), compare=compare,
        care=sum(care_counts.values()), care_counts=care_counts, labels=bt.RATING_LABELS,
        order=bt.RATING_ORDER, sectors=sectors, href=href, fresh=True, f=None,
        feed_param=area_param, worst=worst,
        local=_local, sparql=_query_ui(bt.list_sparql(listing, flt)),  # type: ignore[arg-type]
    ), mimetype="text/html")


# -- area feeds ------------------------------------------------------------------------------


def area_scope(value: str) -> feeds.Scope:
    """The feed scope of ``area=local-authority/KEY`` or ``icb/KEY``: the area's locations.
    404 for an unknown area; 503 while the index of locations is first built."""
    kind, _, key = value.partition("/")
    if kind not in ("local-authority", "icb") or not key:
        raise ProtocolError(400, "area is local-authority/KEY or icb/KEY (as in an area page's"
                                 " address)")
    ready, error = _index_ready()
    if not ready:
        raise ProtocolError(503, error or "the areas are being computed: try again shortly",
                            headers={"Retry-After": "5"})
    national = national_figures()
    a = national.area(kind, key)
    if a is None:
        raise ProtocolError(404, f"no {kind.replace('-', ' ')} {key!r} is known here")
    flt = Filters(la=key) if kind == "local-authority" else Filters(icb=key)
    index = _backend().core.location_index
    members = tuple(r.iri for r in index.iter_select(flt, national.refs))
    return feeds.Scope(area=value, area_name=a.label, members=members)
