"""The page queries of a location's page are bounded by their shape (so the process serving
the page answers them), and give the page exactly what the queries they replaced gave: on a
store of the demo corpus and documents of many locations, the rows of the union, BIND,
COALESCE and FILTER EXISTS queries of before (kept in ``fixtures/page_queries_before``) equal
those the new queries give once the page has merged them, for every location and resource."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cqcgraph.sparql.bounded import bounded_shape
from cqcgraph.terms import Term
from cqcgraph.web import pages
from manydocs import write_corpus
from servers import DEMO, ingest

BEFORE = Path(__file__).resolve().parent / "fixtures" / "page_queries_before"
CQC = "https://cqcgraph.example/ontology#"


class StoreLookup:
    """The page's :class:`~cqcgraph.web.pages.Lookup` over a store opened here: each query
    run by Oxigraph on the union default graph, its rows read as the page reads them."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, name: str | None = None, *, text: str | None = None,
               **bindings: Term) -> list[dict]:
        return self.run(text if text is not None else pages.page_query(name or ""), bindings)

    def select_bound(self, query: str, bindings: dict[str, Term]) -> list[dict]:
        return self.run(query, bindings)

    def run(self, query: str, bindings: dict[str, Term]) -> list[dict]:
        subs = {ox.Variable(k): ox.NamedNode(v.value) for k, v in bindings.items()
                if f"?{k}" in query}
        result = self.store.query(query, use_default_graph_as_union=True, substitutions=subs)
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return pages.Lookup._rows(data)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("bounded-pages")
    write_corpus(root / "docs", 2, 2, 4)
    ingest(root / "store", root / "docs", DEMO)
    st = ox.Store.read_only(str(root / "store"))
    yield st


def iris_of(store: ox.Store, cls: str) -> list[Term]:
    rows = store.query(f"SELECT DISTINCT ?x WHERE {{ ?x a <{CQC}{cls}> }} ORDER BY ?x",
                       use_default_graph_as_union=True)
    return [pages.terms.iri(r["x"].value) for r in rows if isinstance(r["x"], ox.NamedNode)]


def norm(rows: list[dict]) -> list[tuple]:
    """Rows as comparable values (the names of a row in any order)."""
    return [tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows]


def old(name: str) -> str:
    return (BEFORE / f"{name}.rq").read_text(encoding="utf-8")


def test_every_query_of_a_location_page_is_bounded_by_its_shape():
    loc = pages.terms.iri("https://cqcgraph.example/id/location/x")
    for name, text, bound in pages.location_queries(loc):
        assert bounded_shape(text or pages.page_query(name or ""), set(bound)) is not None, name
    for name in ("outgoing", "incoming-few", "label", "document-title"):
        assert bounded_shape(pages.page_query(name), {"s", "o", "x", "doc"}) is not None, name


def test_a_location_pages_rows_are_those_of_the_queries_before(store):
    lookup = StoreLookup(store)
    locations = iris_of(store, "Location")
    assert len(locations) > 10
    found = {"date": 0, "breach": 0, "action": 0, "map": 0}
    for loc in locations:
        ratings = pages.location_ratings(lookup, loc)  # type: ignore[arg-type]
        assert norm(ratings) == norm(lookup.run(old("location-ratings"), {"loc": loc})), loc
        found["date"] += sum("date" in r for r in ratings)
        findings = pages.location_findings(lookup, loc)  # type: ignore[arg-type]
        before = lookup.run(old("location-findings"), {"loc": loc})
        # the same rows; a union's branches came in another order (the page sorts them)
        assert sorted(norm(findings)) == sorted(norm(before)), loc
        for what in ("breach", "action"):
            found[what] += sum(r["what"].value == what for r in findings)
        coordinates = pages.location_coordinates(lookup, loc)  # type: ignore[arg-type]
        assert norm(coordinates) == norm(lookup.run(old("location-coordinates"), {"loc": loc}))
        found["map"] += bool(coordinates)
        documents = lookup.select_bound(pages.page_query("location-documents"),
                                        pages.location_bound("location-documents", loc))
        assert norm([{k: v for k, v in r.items() if k != "sourceDocument"} for r in documents]) \
            == norm(lookup.run(old("location-documents"), {"loc": loc})), loc
    assert all(found.values()), found


def test_a_resources_links_labels_and_titles_are_those_of_the_queries_before(store):
    lookup = StoreLookup(store)
    base = "https://cqcgraph.example/id/"
    resources = (iris_of(store, "Location") + iris_of(store, "Provider")
                 + iris_of(store, "Inspection")[:40] + iris_of(store, "SourceDocument")[:40])
    for node in resources:
        before = pages.incoming_rows(lookup.run(pages.incoming_query(False), {"o": node}))
        after = pages.incoming_rows(lookup.run(pages.incoming_query(True), {"o": node}))
        assert norm(after) == norm(before), node
        out = lookup.run(pages.page_query("outgoing"), {"s": node})
        iris = [r["o"].value for r in out if r["o"].is_iri] + [node.value] + \
            [r["s"].value for r in after]
        text = pages.labels_query(iris, {})
        sampled = {r["x"].value: r["label"].value for r in lookup.run(text, {})
                   if "label" in r} if text else {}
        wanted = sorted(set(iris))[:200]
        if len(wanted) <= pages.ONE_BY_ONE:
            assert pages.Lookup.labels(lookup, iris, {}) == sampled, node  # type: ignore[arg-type]
        docs = pages._documents(iris, base)
        titles: dict[str, str] = {}
        for i in range(0, len(docs), pages.TITLES_PER_QUERY):
            for r in lookup.run(pages.document_titles_query(docs[i:i + 50]), {}):
                titles.setdefault(r["doc"].value, pages.document_title(
                    pages.label_of(r, "layout"), pages.label_of(r, "issued"), None,
                    pages.label_of(r, "file")))
        assert pages.Lookup.document_titles(lookup, iris, base) == titles, node  # type: ignore[arg-type]
