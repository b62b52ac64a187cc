"""The index of locations (``cqcgraph.location_index``) gives the list of locations, its totals,
facets and area figures exactly as the table of every location gave them before (built from
the page queries ``browse-*.rq`` and filtered, sorted and counted in memory): on generated
stores, for many combinations of filters, key questions and sorts, and after writes (a
replaced document, a deleted one, a register file loaded), with no rebuild in between."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from cqcgraph import derived, results_text
from cqcgraph.formats import RESULT_FORMATS as FORMATS
from cqcgraph.api import Cqcgraph
from cqcgraph.location_index import LocationIndex
from cqcgraph.settings import Settings
from cqcgraph.web import browse_counts as bc
from cqcgraph.web import browse_table as bt

import manydocs
from test_derived_summaries import BASE, page_rows, write_register

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent / "bench"
TODAY = dt.date(2026, 12, 15)


def table_of_every_location(app: Cqcgraph) -> bt.Table:
    """The table the list read before, from the same page queries. Of two current ratings
    of one key question and date (two sources disagreeing), the table took whichever the
    store gave first, the index and the counts the first in text order: the rows are given
    to the table in that order, so that it takes the same one."""
    props = {key: page_rows(app, "browse-property", p=NamedNode(iri))
             for key, iri in bt.PROPERTIES.items()}
    ratings = sorted(page_rows(app, "browse-ratings",
                               derived=NamedNode(derived.derived_graph_iri(BASE))),
                     key=lambda r: (r["loc"], r["kq"], r["value"]))
    return bt.build(page_rows(app, "browse-names"), props, ratings,
                    page_rows(app, "browse-visits"), page_rows(app, "browse-postcode-areas"), {})


def national(app: Cqcgraph) -> bc.National:
    return bc.read(page_rows(app, "home-facet-counts"), page_rows(app, "home-last-inspected"),
                   page_rows(app, "home-area-codes"))


def combinations(table: bt.Table) -> list[bt.Filters]:
    """Filters over the values the store has: every sort both ways, each key question, each
    facet alone and two at a time, no rating, several ratings, not inspected for N years."""
    rows = table.rows
    sector = next(r.sector for r in rows if r.sector)
    region = next(r.region for r in rows if r.region)
    la = next(r.la for r in rows if r.la)
    icb = next((r.icb for r in rows if r.icb), "")
    out = [bt.Filters(sort=s, descending=d) for s in bt.SORTS for d in (False, True)]
    for kq in bt.KEY_QUESTIONS:
        out += [bt.Filters(kq=kq, rating=(r,), sort="rating") for r in bt.RATING_ORDER + ("",)]
        out.append(bt.Filters(kq=kq, rating=("good", ""), sort="last-inspected", descending=True))
    single = [dict(sector=sector), dict(region=region), dict(la=la), dict(care_home=True),
              dict(care_home=False), dict(not_inspected_years=1), dict(not_inspected_years=5),
              dict(la="no-such-area"), dict(rating=("inadequate",))]
    if icb:
        single.append(dict(icb=icb))
    out += [bt.Filters(**f) for f in single]
    for a, b in itertools.combinations(single, 2):
        if set(a) & set(b):
            continue
        for sort in ("name", "local-authority", "postcode"):
            out.append(bt.Filters(**a, **b, sort=sort, descending=sort == "postcode"))
    out.append(bt.Filters(kq="safe", not_inspected_years=3, care_home=True, sort="rating"))
    return out


def engine_answer(app: Cqcgraph, query: str, params: dict, fmt: str) -> bytes:
    """What the engine answers to the named query ``query`` with ``params``, in ``fmt``."""
    text, bound, _ = app.prepare(query, params)
    out = io.BytesIO()
    app.store.query(text, substitutions=bound or None).serialize(out, FORMATS[fmt])
    return out.getvalue()


def solutions(data: bytes, fmt: str) -> tuple[list[str], Counter]:
    """The variables and the bag of rows of an answer (JSON: every term whole; CSV: as
    written)."""
    if fmt == "json":
        doc = json.loads(data)
        return doc["head"]["vars"], Counter(json.dumps(b, sort_keys=True)
                                            for b in doc["results"]["bindings"])
    lines = data.decode("utf-8").split("\r\n")
    return lines[0].split(","), Counter(lines[1:])


def assert_whole_list_is_the_engines(app: Cqcgraph) -> int:
    """``current-ratings`` with every row, streamed from the index, is the engine's answer
    (the same rows, in the index's order) in each format; returns its rows."""
    rows = 0
    _ = app.location_index  # built, where the store had none (until then the engine answers)
    for fmt in results_text.FORMATS:
        whole = app.whole_list("current-ratings", {"all": "yes"}, fmt)
        assert whole is not None, "the index is in step: it gives the whole list"
        got, want = b"".join(whole), engine_answer(app, "current-ratings", {"all": "yes"}, fmt)
        if fmt == "xml":
            result = "{http://www.w3.org/2005/sparql-results#}result"
            assert sorted(ET.tostring(e) for e in ET.fromstring(got).iter(result)) == sorted(
                ET.tostring(e) for e in ET.fromstring(want).iter(result)), fmt
            continue
        assert solutions(got, fmt) == solutions(want, fmt), fmt
        rows = sum(solutions(got, fmt)[1].values())
    # the core API's answer in plain terms too
    text, _, _ = app.prepare("current-ratings", {"all": "yes"})
    engine = app.store.result(text)
    got = app.query("current-ratings", params={"all": "yes"})
    assert got.variables == engine.variables
    assert Counter(tuple(sorted(r.items())) for r in got) == Counter(
        tuple(sorted(r.items())) for r in engine)
    return rows


def assert_index_gives_the_table(app: Cqcgraph) -> int:
    """Every combination's rows (as the CSV gives them, in order), total, first pages, facets
    and area figures, from the index and from the table; returns how many were compared."""
    assert assert_whole_list_is_the_engines(app) > 0
    table = table_of_every_location(app)
    counts = national(app)
    index, refs = app.location_index, counts.refs
    assert table.rows, "nothing to compare on this store"
    compared = 0
    for flt in combinations(table):
        want = bt.select(table, flt, TODAY)
        got = [bt.from_index(r, refs) for r in index.select(flt, refs, TODAY)]
        mine, theirs = bt.records(counts, got, "", BASE), bt.records(table, want, "", BASE)  # type: ignore[arg-type]
        differ = next(((a, b) for a, b in zip(mine, theirs, strict=False) if a != b), None)
        assert mine == theirs, (flt, differ and {k: (differ[0][k], differ[1][k])
                                                 for k in differ[0] if differ[0][k] != differ[1][k]})
        assert index.count(flt, refs, TODAY) == len(want), flt
        page = index.select(flt, refs, TODAY, offset=bt.PAGE_SIZE // 5, limit=7)
        assert [r.iri for r in page] == [r.iri for r in want[bt.PAGE_SIZE // 5:][:7]], flt
        wanted_facets = bt.facets(table, flt, TODAY)
        if bc.answers_facets(flt):
            assert bc.facets(counts, flt) == wanted_facets, flt
        assert bt.facet_values(index.facet_counts(flt, refs, TODAY), counts.areas, flt) \
            == wanted_facets, flt
        assert bt.list_sparql(counts, flt, TODAY) == bt.list_sparql(table, flt, TODAY), flt  # type: ignore[arg-type]
        compared += 1
    for kind, attr in (("local-authority", "la"), ("icb", "icb")):
        for key in sorted({getattr(r, attr) for r in table.rows} - {""}):
            mine = [r for r in table.rows if getattr(r, attr) == key]
            flt = bt.Filters(**{attr: key})
            got = index.rating_counts(flt, refs, TODAY)
            assert got == {kq: bt.rating_counts(mine, kq) for kq in bt.KEY_QUESTIONS}, key
            sectors: dict[str, int] = {}
            for r in mine:
                if r.sector:
                    sectors[r.sector] = sectors.get(r.sector, 0) + 1
            assert [s for s in index.grouped(flt, refs, "sector") if s[0]] == sorted(
                sectors.items(), key=lambda kv: -kv[1]), key
            assert counts.area(kind, key) is not None
            assert sorted(counts.area(kind, key).codes) == sorted(table.area(kind, key).codes)
    england = index.rating_counts(bt.Filters(), refs, TODAY)
    assert england == {kq: bt.rating_counts(table.rows, kq) for kq in bt.KEY_QUESTIONS}
    return compared


def register_files(folder: Path, locations: int, seed: int) -> list[Path]:
    subprocess.run([sys.executable, str(BENCH / "register_files.py"), str(folder),
                    "--locations", str(locations), "--seed", str(seed), "--date", "2026-11-01",
                    "--ratings-per-location", "4"], check=True, capture_output=True)
    return sorted(folder.glob("*.csv"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A store of a generated register (locations in many local authorities, sectors and
    regions, rated per key question) and generated location pages (visits, publications)."""
    folder = tmp_path_factory.mktemp("generated")
    files = register_files(folder / "register", 240, seed=3)
    manydocs.write_corpus(folder / "pages", providers=3, locations_per_provider=3,
                          documents_per_location=2)
    with Cqcgraph(Settings(store=folder / "store")) as app:
        report = app.ingest([folder / "pages"])
        assert not report.failed, [r.reason for r in report.failed]
        _ = app.location_index  # kept from here on by each write
        for path in files:
            assert app.ingest([path]).documents[0].status == "stored"
        yield app, folder


def test_the_index_gives_the_list_the_table_gave_on_a_generated_register(generated):
    app, _ = generated
    assert app.location_index.counts()["locations"] >= 240
    assert assert_index_gives_the_table(app) > 50


def test_the_index_follows_writes_without_a_rebuild(generated, tmp_path):
    """A document replaced, one deleted, and the register file of a later month (another
    seed: other ratings and providers) each move the index by the rows they touched."""
    app, folder = generated
    pages = sorted((folder / "pages").glob("*"))
    page = pages[0]
    page.write_text(page.read_text(encoding="utf-8").replace("Good", "Inadequate"),
                    encoding="utf-8")
    assert app.ingest([page]).documents[0].status in ("replaced", "stored")
    stored = [r for r in app.store.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://cqcgraph.example/ontology#SourceDocument> } }")]
    assert app.delete_document(str(stored[-1]["g"]))
    later = register_files(tmp_path / "later", 260, seed=3)
    later = [p.rename(p.with_name(p.name.replace("01_November", "01_December"))) for p in later]
    for path in later:
        assert app.ingest([path]).documents[0].status == "stored"
    assert app.location_index.pending() == []
    assert_index_gives_the_table(app)
    # the home page's figures, from the counts every write kept, are a count from scratch
    from test_derived_summaries import figures_of_the_home_counts, figures_of_the_table

    cutoff = bt.Filters(not_inspected_years=2).cutoff(TODAY)
    assert figures_of_the_home_counts(app, cutoff) == figures_of_the_table(app, cutoff)


def test_the_index_gives_the_list_the_table_gave_on_documents_and_registers(tmp_path):
    """The seeds, the real corpus, generated pages and two months of the register with a
    deactivation: locations named by several sources, without some facets."""
    from test_derived_summaries import seed_files, CORPUS
    import shutil

    docs = tmp_path / "docs"
    docs.mkdir()
    for path in seed_files() + sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, docs / f"{path.parent.name}-{path.name}")
    write_register(docs / "register")
    with Cqcgraph(Settings(store=tmp_path / "store")) as app:
        report = app.ingest([docs])
        assert not report.failed, [r.reason for r in report.failed]
        report = app.ingest(sorted((docs / "register").glob("*.csv")))  # named one by one
        assert [r.status for r in report.documents] == ["stored"] * 3, report.documents
        assert assert_index_gives_the_table(app) > 20


def test_an_index_left_behind_by_a_crash_catches_up_when_opened(generated, tmp_path):
    """Locations written ahead as pending (a write that stopped between the store and the
    index) are refreshed from the derived graph when the index is next opened."""
    app, folder = generated
    path = LocationIndex.path_for(folder / "store")
    some = [r.iri for r in app.location_index.select(bt.Filters(), app.location_index and
                                                     national(app).refs, TODAY, limit=3)]
    app.location_index.delete(some)
    app.location_index.mark_pending(some)
    app.close()
    assert path.exists()
    with Cqcgraph(Settings(store=folder / "store")) as again:
        assert again.location_index.pending() == []
        assert {r.iri for r in again.location_index.select(
            bt.Filters(), national(again).refs, TODAY)} >= set(some)


def test_the_whole_list_is_the_engines_while_the_index_is_behind_the_store(generated):
    """While the index has locations pending (a write between the store and the index), the
    whole list is not read from it: the engine answers; once they are refreshed it is."""
    app, _ = generated
    index = app.location_index
    some = [r.iri for r in index.select(bt.Filters(), national(app).refs, TODAY, limit=2)]
    index.mark_pending(some)
    assert app.whole_list("current-ratings", {"all": "yes"}, "csv") is None
    app._refresh_locations(some)
    assert app.whole_list("current-ratings", {"all": "yes"}, "csv") is not None
    # a page, one location, or a format the index does not write: the engine's
    assert app.whole_list("current-ratings", {}, "csv") is None
    assert app.whole_list("current-ratings", {"all": "yes", "location": some[0]}, "csv") is None
    assert app.whole_list("current-ratings", {"all": "yes"}, "tsv") is None
    assert app.whole_list("document-facts", {"all": "yes"}, "csv") is None


def test_the_command_line_streams_the_whole_list_from_the_index(generated, tmp_path):
    """``cqcgraph query current-ratings --all`` gives the rows the engine gives, read from
    the index where the store has one in step, and from the engine without it."""
    app, folder = generated
    app.close()
    store = folder / "store"

    def cli(fmt: str) -> bytes:
        return subprocess.run([sys.executable, "-m", "cqcgraph", "query", "current-ratings",
                               "--all", "--format", fmt, "--store", str(store)],
                              check=True, capture_output=True).stdout

    from_index = {fmt: cli(fmt) for fmt in ("csv", "json")}
    index = LocationIndex.path_for(store)
    aside = tmp_path / index.name
    index.rename(aside)
    try:
        for fmt in ("csv", "json"):
            assert solutions(from_index[fmt], fmt) == solutions(cli(fmt), fmt), fmt
    finally:
        aside.rename(index)
    # the row cap holds for the list the index gives as for the engine's answers
    rows = from_index["csv"].count(b"\r\n") - 1  # less its header
    capped = subprocess.run([sys.executable, "-m", "cqcgraph", "query", "current-ratings", "--all",
                             "--format", "csv", "--store", str(store)], capture_output=True,
                            env={**os.environ, "CQCGRAPH_MAX_RESULT_ROWS": str(rows - 1)})
    assert capped.returncode != 0 and f"more than {rows - 1:,} rows" in capped.stderr.decode()
