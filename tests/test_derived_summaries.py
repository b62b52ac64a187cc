"""The current-state and summary graphs give the answers the union of the document graphs
gives: on a store of several documents per location, after a document is replaced, after one
is deleted, and after a full rebuild.

The reference answers are the union-based queries the named queries and the home page ran
before they read the summaries, and the named queries as they were before they read the
derived graph's facts of each location (``union_queries.py``). A register snapshot of two
months and a deactivated-locations file are loaded beside the documents, so that the register
queries compare on locations the documents rate too."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from cqcgraph import derived
from cqcgraph.api import Cqcgraph
from cqcgraph.queries import get_named_query
from cqcgraph.settings import Settings

import manydocs
from union_queries import BEFORE_DERIVED, BEFORE_NATIONAL, PARAMS, UNION
from conftest import CORPUS, seed_files
from test_register import DEACTIVATED_HEADER, HSCA_HEADER, deactivated_row, hsca_row, write_csv

BASE = "https://cqcgraph.example/id/"
PAGE_QUERIES = Path(__file__).resolve().parent.parent / "cqcgraph" / "web" / "page_queries"

def bag(app: Cqcgraph, name: str, sparql: str) -> Counter:
    """The answer of ``sparql`` as a bag of rows, with the parameters the comparison binds
    for ``name`` (and the derived graph's name where the text takes it)."""
    named = get_named_query(name)
    substitutions = named.bind(PARAMS.get(name, {})) if named else {}
    if "?derived" in sparql:
        substitutions["derived"] = NamedNode(derived.derived_graph_iri(BASE))
    result = app.store.result(sparql, substitutions=substitutions or None)
    return Counter(tuple(sorted((k, v) for k, v in row.items() if v is not None))
                   for row in result.values())


def current_text(app: Cqcgraph, name: str) -> str:
    if name.startswith(("home-", "browse-")):
        return (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    text, _ = app.resolve_query(name)
    return text


def summary_answers(app: Cqcgraph) -> dict[str, Counter]:
    return {name: bag(app, name, current_text(app, name)) for name in UNION}


def union_answers(app: Cqcgraph) -> dict[str, Counter]:
    return {name: bag(app, name, text) for name, text in UNION.items()}


def assert_same(app: Cqcgraph) -> dict[str, Counter]:
    got, want = summary_answers(app), union_answers(app)
    for name in UNION:
        assert got[name] == want[name], name
    for name, text in [*BEFORE_DERIVED.items(), *BEFORE_NATIONAL.items()]:
        assert bag(app, name, current_text(app, name)) == bag(app, name, text), name
    return want


def own_graphs(app: Cqcgraph) -> set[tuple]:
    graphs = (derived.derived_graph_iri(BASE), derived.summary_graph_iri(BASE))
    return {(q.subject.value, q.predicate.value, q.object.value, q.graph.value)
            for g in graphs for q in app.store.graph_triples(g)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds, the real corpus's text documents, and a generated corpus of three documents
    for each of four locations (each a later reading of the same page)."""
    folder = tmp_path_factory.mktemp("docs")
    for path in seed_files() + sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    manydocs.write_corpus(folder / "pages", providers=2, locations_per_provider=2,
                          documents_per_location=3)
    write_register(folder / "register")
    return folder


def write_register(folder: Path) -> None:
    """Two months of the active-locations register and a deactivated-locations file, naming
    two locations of the real corpus by their CQC IDs (rated by documents too) and one of
    their own."""
    folder.mkdir()
    seeded = ("1-125856395", "1-102642955")
    write_csv(folder / "HSCA_Active_Locations_1_November_2026.csv", HSCA_HEADER, [
        hsca_row(seeded[0], "Register Name One", published="05/05/2019"),
        hsca_row("1-100000002", "Elm House", rating="Good", published="05/05/2019",
                 inherited="Y", beds="20")])
    write_csv(folder / "HSCA_Active_Locations_1_December_2026.csv", HSCA_HEADER, [
        hsca_row(seeded[0], "Register Name One", provider="1-900000002",
                 provider_name="Oak Homes Ltd", rating="Inadequate", published="20/11/2026"),
        hsca_row(seeded[1], "Register Name Two", rating="Requires improvement",
                 published="01/02/2018", beds="12"),
        hsca_row("1-100000002", "Elm House", rating="Good", published="05/05/2019",
                 inherited="Y", beds="20")])
    write_csv(folder / "HSCA_Deactivated_Locations_1_January_2027.csv", DEACTIVATED_HEADER,
              [deactivated_row(seeded[1], "Register Name Two", "14/09/2026")])


@pytest.fixture(scope="module")
def app(corpus, tmp_path_factory):
    with Cqcgraph(Settings(store=tmp_path_factory.mktemp("store") / "store")) as a:
        report = a.ingest([corpus])
        assert not report.failed, [r.reason for r in report.failed]
        report = a.ingest(sorted((corpus / "register").glob("*.csv")))  # named one by one
        assert [r.status for r in report.documents] == ["stored"] * 3, report.documents
        yield a


def test_the_summaries_answer_as_the_union_does(app):
    want = assert_same(app)
    # the store does hold what is compared: breaches, enforcement, special measures, ratings
    for name in ("current-ratings", "breaches-by-regulation", "enforcement-over-time",
                 "special-measures", "national-ratings", "home-breaches-by-year",
                 "rating-changes-after-breaches"):
        assert want[name], f"{name}: nothing to compare on this corpus"
    for name in sorted(set(BEFORE_DERIVED) - {"locations-by-area"}):
        assert bag(app, name, BEFORE_DERIVED[name]), f"{name}: nothing to compare on this corpus"


def test_a_full_rebuild_gives_what_ingest_kept_up_to_date(app):
    before = own_graphs(app)
    done = app.rebuild_summaries(batch=7)
    assert done["locations"] > 0
    assert own_graphs(app) == before


def test_replacing_a_document_moves_the_summaries(app, corpus):
    # a document read again with other content: the seed with breaches becomes another one
    with_breaches = sorted(corpus.glob("seeds-*.txt"))
    target, other = with_breaches[0], with_breaches[-1]
    before = union_answers(app)
    target.write_bytes(other.read_bytes() + b"\nRead again.\n")
    (report,) = app.ingest([target]).documents
    assert report.status in ("replaced", "duplicate"), report.reason
    after = assert_same(app)
    assert after != before or report.status == "duplicate"


def test_deleting_a_document_takes_its_facts_out_of_the_summaries(app):
    graphs = sorted(g for g in app.document_graphs())
    # the document graph holding the most breaches goes
    counts = {g: sum(1 for q in app.store.graph_triples(g)
                     if q.predicate.value.endswith("#hasBreach")) for g in graphs}
    gone = max(graphs, key=lambda g: (counts[g], g))
    assert counts[gone] > 0
    before = union_answers(app)
    assert app.delete_document(gone)
    assert not app.store.has_graph(gone)
    after = assert_same(app)
    assert after["breaches-by-regulation"] != before["breaches-by-regulation"]
    assert not app.delete_document(gone)
    assert not app.delete_document(derived.summary_graph_iri(BASE))


def test_deleting_every_document_of_a_location_empties_its_current_state(app):
    pages = sorted(g for g in app.document_graphs() if "page" in g)
    assert pages
    for g in pages:
        assert app.delete_document(g)
    assert_same(app)


def test_replacing_a_register_file_refreshes_the_locations_it_no_longer_lists(app, tmp_path):
    """The December file again with other content: one location gone from it (the latest
    it is listed in is November's now, or none), another's beds moved and it is dormant now.
    Every register answer is the one the snapshot graphs give, and a rebuild agrees."""
    folder = tmp_path / "register"
    folder.mkdir()
    # the same name as the stored file: the same kind and date, so it replaces that snapshot
    write_csv(folder / "HSCA_Active_Locations_1_December_2026.csv", HSCA_HEADER, [
        hsca_row("1-100000002", "Elm House", rating="Good", published="05/05/2019",
                 inherited="Y", beds="35", dormant="Y")])
    before = {name: bag(app, name, current_text(app, name)) for name in
              ("register-rating-distribution", "register-care-home-beds",
               "register-not-inspected")}
    (report,) = app.ingest([folder / "HSCA_Active_Locations_1_December_2026.csv"]).documents
    assert report.status == "replaced", report
    assert_same(app)
    after = {name: bag(app, name, current_text(app, name)) for name in before}
    assert after != before
    kept = own_graphs(app)
    app.rebuild_summaries(batch=5)
    assert own_graphs(app) == kept


def test_a_document_deleted_through_the_graph_store_leaves_the_summaries(tmp_path):
    import requests

    from servers import DEMO, ingest, serving

    store = tmp_path / "store"
    docs = sorted(DEMO.glob("00[12]_*.txt"))
    ingest(store, *docs)
    token = "summaries-token"
    query = UNION["national-ratings"]

    def answers(url: str, text: str) -> Counter:
        r = requests.post(url + "/sparql", data=text.encode(),
                          headers={"Content-Type": "application/sparql-query",
                                   "Accept": "application/sparql-results+json"})
        r.raise_for_status()
        return Counter(tuple(sorted((k, v["value"]) for k, v in row.items()))
                       for row in r.json()["results"]["bindings"])

    summary_text = get_named_query("national-ratings").text
    with serving(store, "--workers", "1", token=token) as url:
        graphs = [row["g"]["value"] for row in requests.post(
            url + "/sparql", data=b"SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a"
                                  b" <https://cqcgraph.example/ontology#SourceDocument> } }",
            headers={"Content-Type": "application/sparql-query",
                     "Accept": "application/sparql-results+json"}).json()["results"]["bindings"]]
        before = answers(url, summary_text)
        assert before == answers(url, query)
        r = requests.delete(url + "/store", params={"graph": graphs[0]},
                            headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 204
        after = answers(url, summary_text)
        assert after == answers(url, query)
        assert after != before


# -- writes by SPARQL Update and the Graph Store Protocol keep the current state ------------

def ntriples_of(app: Cqcgraph, graph: str) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in app.store.graph_triples(graph))


def update(app: Cqcgraph, text: str) -> None:
    """An update as the endpoint runs it: through the engine, with the core's upkeep."""
    app.engine.update(text, upkeep=app.plan_update)


def test_an_update_that_drops_and_rewrites_document_graphs_keeps_the_summaries(app):
    graphs = sorted(app.document_graphs())
    with_breaches = [g for g in graphs if any(q.predicate.value.endswith("#hasBreach")
                                              for q in app.store.graph_triples(g))]
    gone = with_breaches[0]
    content = ntriples_of(app, gone)
    before = union_answers(app)
    update(app, f"DROP GRAPH <{gone}>")
    after = assert_same(app)
    assert after["breaches-by-regulation"] != before["breaches-by-regulation"]
    # written back by INSERT DATA (keys found only after the write): as it was
    update(app, f"INSERT DATA {{ GRAPH <{gone}> {{\n{content}\n}} }}")
    assert assert_same(app) == before
    # graphs chosen by the WHERE: every breach of every document goes
    update(app, "PREFIX cqc: <https://cqcgraph.example/ontology#>\n"
                "DELETE { GRAPH ?g { ?b ?p ?o } } WHERE { GRAPH ?g { ?b a cqc:Breach ; ?p ?o } }")
    assert not assert_same(app)["breaches-by-regulation"]
    kept = own_graphs(app)
    app.rebuild_summaries(batch=5)
    assert own_graphs(app) == kept


def test_a_graph_store_put_and_delete_keep_the_summaries(app):
    from cqcgraph.api import parse_triples

    graph = max(app.document_graphs(), key=lambda g: len(app.store.graph_triples(g)))
    content = ntriples_of(app, graph).encode()

    def documents() -> Counter:
        return bag(app, "document-facts", current_text(app, "document-facts"))

    before = union_answers(app), documents()
    app.drop_graph(graph)
    assert_same(app)
    assert documents() != before[1]
    app.write_graph(graph, parse_triples(content, "ntriples", base_iri=graph), replace=True)
    assert (assert_same(app), documents()) == before


@pytest.mark.parametrize("text", [
    "DROP GRAPH <{derived}>",
    "CLEAR SILENT GRAPH <{summary}>",
    "INSERT DATA {{ GRAPH <{derived}> {{ <urn:x:s> <urn:x:p> 1 }} }}",
    "CLEAR ALL",
    "DROP NAMED",
    "MOVE <{summary}> TO <urn:x:elsewhere>",
    "DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
])
def test_an_update_that_writes_the_current_state_graphs_is_refused(app, text):
    from cqcgraph.api import QueryRefused

    kept = own_graphs(app)
    with pytest.raises(QueryRefused) as refused:
        update(app, text.format(derived=derived.derived_graph_iri(BASE),
                                summary=derived.summary_graph_iri(BASE)))
    assert refused.value.status == 403
    assert "cqcgraph keeps" in refused.value.message
    assert own_graphs(app) == kept


def test_graphs_chosen_by_a_later_operation_are_refused_not_guessed(app):
    from cqcgraph.api import QueryRefused

    with pytest.raises(QueryRefused) as refused:
        update(app, "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } } ;"
                    " DELETE { GRAPH ?g { ?s <urn:x:p> ?o } } WHERE { GRAPH ?g { ?s <urn:x:p> ?o } }")
    assert refused.value.status == 400
    assert not app.store.has_graph("urn:x:g")  # nothing of the request was written


def test_a_document_graph_dropped_by_sparql_update_leaves_the_queries_and_pages(tmp_path):
    """A real server and real clients: SPARQLWrapper drops a document's graph at /update,
    then the named queries and the location's page no longer show its facts; a Graph Store
    PUT of the same graph brings the counts back."""
    import requests
    from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

    from servers import DEMO, ingest, serving

    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    token = "upkeep-token"
    auth = {"Authorization": f"Bearer {token}"}
    json_results = {"Accept": "application/sparql-results+json"}

    def rows(url: str, name: str, **params: str) -> Counter:
        r = requests.get(f"{url}/queries/{name}", params=params, headers=json_results, timeout=60)
        r.raise_for_status()
        return Counter(tuple(sorted((k, v["value"]) for k, v in row.items()))
                       for row in r.json()["results"]["bindings"])

    with serving(store, "--workers", "1", token=token) as url:
        # a document whose location no other document names
        found = requests.post(url + "/sparql", data=(
            "PREFIX cqc: <https://cqcgraph.example/ontology#>\n"
            "SELECT ?g ?loc WHERE { GRAPH ?g { ?g a cqc:SourceDocument . ?i cqc:inspectionOf ?loc }"
            " FILTER NOT EXISTS { GRAPH ?h { ?j cqc:inspectionOf ?loc } FILTER(?h != ?g) } }"
            " ORDER BY ?g LIMIT 1").encode(),
            headers={"Content-Type": "application/sparql-query", **json_results}, timeout=60)
        (row,) = found.json()["results"]["bindings"]
        graph, location = row["g"]["value"], row["loc"]["value"]
        page = f"{url}/doc/{location[len(BASE):]}"
        content = requests.get(url + "/store", params={"graph": graph},
                               headers={"Accept": "application/n-triples"}, timeout=60).content
        national = rows(url, "national-ratings")
        assert rows(url, "current-ratings", location=location)
        assert requests.get(page, headers={"Accept": "text/html"}, timeout=60).status_code == 200

        client = SPARQLWrapper(url + "/sparql", updateEndpoint=url + "/update")
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
        client.addCustomHttpHeader("Authorization", f"Bearer {token}")
        client.setQuery(f"DROP GRAPH <{graph}>")
        client.query()

        assert not rows(url, "current-ratings", location=location)
        assert rows(url, "national-ratings") != national
        assert requests.get(page, headers={"Accept": "text/html"}, timeout=60).status_code == 404

        r = requests.put(url + "/store", params={"graph": graph}, data=content, timeout=60,
                         headers={"Content-Type": "application/n-triples", **auth})
        assert r.status_code == 201, r.text
        assert rows(url, "national-ratings") == national
        assert rows(url, "current-ratings", location=location)

        # the current-state graph itself is cqcgraph's: a clear 403, nothing written
        for method in ("PUT", "DELETE"):
            r = requests.request(method, url + "/store",
                                 params={"graph": derived.derived_graph_iri(BASE)},
                                 data=b"<urn:x:s> <urn:x:p> 1 .", timeout=60,
                                 headers={"Content-Type": "application/n-triples", **auth})
            assert r.status_code == 403, r.text
            assert "cqcgraph keeps" in r.json()["error"]["message"]
        r = requests.post(url + "/update", data=f"CLEAR GRAPH <{derived.summary_graph_iri(BASE)}>",
                          headers={"Content-Type": "application/sparql-update", **auth}, timeout=60)
        assert r.status_code == 403, r.text
        assert rows(url, "national-ratings") == national


def providers_most_breaches(app: Cqcgraph) -> tuple[Counter, Counter]:
    """The named query's answer and the DISTINCT count over the document graphs."""
    return (bag(app, "providers-most-breaches", current_text(app, "providers-most-breaches")),
            bag(app, "providers-most-breaches", BEFORE_DERIVED["providers-most-breaches"]))


def a_breach_found_at_a_second_site(app: Cqcgraph, *, same_provider: bool) -> dict[str, str]:
    """Ingest the seeds, then make one inspection that found a breach cover a second location
    too (of the inspected location's provider when ``same_provider``): the case in which one
    breach row of the derived graph is tied to two keys. Gives the graph, the inspection, the
    first location, its provider (when asked) and the second location."""
    report = app.ingest(seed_files())
    assert not report.failed, [r.reason for r in report.failed]
    tie = "?first cqc:provider ?provider" if same_provider else "?b cqc:regulation ?reg"
    found = app.store.select(
        "PREFIX cqc: <https://cqcgraph.example/ontology#> SELECT ?g ?inspection ?first ?provider"
        f" WHERE {{ GRAPH ?g {{ ?inspection cqc:inspectionOf ?first ; cqc:hasBreach ?b . {tie} }} }}"
        " ORDER BY ?g ?inspection LIMIT 1")
    assert found, f"no seed has a breach found at a location ({tie})"
    case = {k: v for k, v in found[0].items() if v is not None}
    case["second"] = BASE + "location/second-site-of-the-inspection"
    provider = f" ; cqc:provider <{case['provider']}>" if same_provider else ""
    app.store.update(
        "PREFIX cqc: <https://cqcgraph.example/ontology#> PREFIX schema: <http://schema.org/>"
        f" INSERT DATA {{ GRAPH <{case['g']}> {{ <{case['second']}> a cqc:Location ;"
        f" schema:name \"Second site\"{provider} . <{case['inspection']}> cqc:inspectionOf <{case['second']}> . }} }}")
    return case


def test_a_breach_found_at_two_locations_of_one_provider_counts_once(tmp_path):
    """One inspection of two locations of the same provider found a breach: the provider has
    that breach once, as a DISTINCT count over the document graphs has it, whether its
    locations are counted in one batch of keys or one key a batch (a rebuild)."""
    with Cqcgraph(Settings(store=tmp_path / "store")) as app:
        case = a_breach_found_at_a_second_site(app, same_provider=True)
        for batch in (500, 1):
            app.rebuild_summaries(batch=batch)
            got, want = providers_most_breaches(app)
            assert got == want, batch
        assert any(dict(row)["provider"] == case["provider"] for row in want)


def breach_answers(app: Cqcgraph) -> dict[str, tuple[Counter, Counter]]:
    """The breach counts as read from the summaries, beside the DISTINCT counts over the
    document graphs."""
    return {name: (bag(app, name, current_text(app, name)), bag(app, name, UNION[name]))
            for name in ("breaches-by-regulation", "home-breaches-by-year",
                         "enforcement-over-time")}


def test_a_breach_found_at_two_locations_keeps_its_rows_and_counts_once(tmp_path):
    """One inspection found a breach at two locations: refreshing the second location alone
    leaves the first's rows of that breach, and the breach counts once, whether the keys are
    refreshed all at once, one at a time, or rebuilt, as DISTINCT over the documents has it."""
    with Cqcgraph(Settings(store=tmp_path / "store")) as app:
        case = a_breach_found_at_a_second_site(app, same_provider=False)
        first, second = case["first"], case["second"]
        app.rebuild_summaries(batch=500)
        together = own_graphs(app)
        for name, (got, want) in breach_answers(app).items():
            assert got == want, name
        app.store.update(derived.refresh_update(BASE, [second], {}))
        assert own_graphs(app) == together
        app.store.update(derived.refresh_update(BASE, [first], {}))
        assert own_graphs(app) == together
        app.rebuild_summaries(batch=1)
        assert own_graphs(app) == together
        for name, (got, want) in breach_answers(app).items():
            assert got == want, name


# -- the browse pages' national figures, from the counts the ingest keeps -------------------

def page_rows(app: Cqcgraph, name: str, **bindings) -> list[dict[str, str]]:
    text = (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    return [{k: v.value for k, v in row.items() if v is not None}
            for row in app.store.rows(text, substitutions=bindings or None)]


def national_figures(rows, area, total: int, ratings: dict, sectors: list, care: int,
                     not_inspected: int) -> dict:
    """What the home page shows, in one shape whichever way it was read."""
    def areas(kind: str) -> list:
        return [(a["area"].key, a["area"].label, a["total"], a["ratings"], a["care_homes"],
                 a["inadequate_care_homes"]) for a in area(kind)]
    return {"total": total, "ratings": ratings, "sectors": sorted(sectors), "care": care,
            "not_inspected": not_inspected, "la": areas("local-authority"), "icb": areas("icb")}


def table_area_summaries(table, kind: str) -> list[dict]:
    """Per area, as the home page counted them from the table of every location."""
    from cqcgraph.web import browse_table as bt

    key = "la" if kind == "local-authority" else "icb"
    out: dict[str, dict] = {}
    for r in table.rows:
        k = getattr(r, key)
        if not k:
            continue
        a = out.setdefault(k, {"area": table.area(kind, k), "total": 0, "care_homes": 0,
                               "inadequate_care_homes": 0, "ratings": dict.fromkeys(bt.RATING_ORDER, 0)})
        a["total"] += 1
        v = r.ratings.get("overall", "")
        if v:
            a["ratings"][v] += 1
        if r.care_home:
            a["care_homes"] += 1
            if v == "inadequate":
                a["inadequate_care_homes"] += 1
    return sorted(out.values(), key=lambda a: a["area"].label.lower())


def figures_of_the_table(app: Cqcgraph, cutoff: str) -> dict:
    """The figures as the home page gave them before: from the table of every location."""
    from cqcgraph import terms
    from cqcgraph.web import browse_table as bt

    props = {key: page_rows(app, "browse-property", p=terms.iri(iri))
             for key, iri in bt.PROPERTIES.items()}
    table = bt.build(page_rows(app, "browse-names"), props,
                     page_rows(app, "browse-ratings", derived=NamedNode(derived.derived_graph_iri(BASE))),
                     page_rows(app, "browse-visits"), page_rows(app, "browse-postcode-areas"), {})
    rows = table.rows
    sectors: dict[str, int] = {}
    for r in rows:
        if r.sector:
            sectors[r.sector] = sectors.get(r.sector, 0) + 1
    return national_figures(
        rows, lambda kind: table_area_summaries(table, kind), len(rows), bt.rating_counts(rows),
        list(sectors.items()), sum(1 for r in rows if r.care_home),
        sum(1 for r in rows if not r.last_inspected or r.last_inspected < cutoff))


def figures_of_the_counts(app: Cqcgraph, cutoff: str) -> dict:
    from cqcgraph.web import browse_counts as bc

    national = bc.read(page_rows(app, "home-facet-counts"), page_rows(app, "home-last-inspected"),
                       page_rows(app, "home-area-codes"))
    return national_figures(
        national.counted, lambda kind: bc.area_summaries(national, kind), national.total,
        bc.rating_counts(national), bc.sectors(national), bc.care_homes(national),
        bc.not_inspected(national, cutoff))


def figures_of_the_home_counts(app: Cqcgraph, cutoff: str) -> dict:
    """The figures from the counts kept at the home page's grain (what it reads now)."""
    from cqcgraph.web import browse_counts as bc
    from cqcgraph.web.browse import HOME_COUNTS, home_counts_kept

    assert home_counts_kept(page_rows(app, "home-count-totals"))
    sectors, las, icbs = (page_rows(app, name) for name in HOME_COUNTS)
    national = bc.read_home(sectors, las, icbs, page_rows(app, "home-last-inspected"),
                            page_rows(app, "home-area-codes"))
    return national_figures(
        national.counted, lambda kind: bc.area_summaries(national, kind), national.total,
        bc.rating_counts(national), bc.sectors(national), bc.care_homes(national),
        bc.not_inspected(national, cutoff))


@pytest.mark.parametrize("years", [1, 5, 10])
def test_the_home_figures_from_the_counts_are_those_of_the_table_of_every_location(app, years):
    """Locations by rating, sector, care home, local authority and ICB, and those not
    inspected for some years, read from a few counts, are what the table of every location
    gave: on the corpus with a register, after its replacements and deletions."""
    from cqcgraph.web.browse_table import Filters
    import datetime as dt

    cutoff = Filters(not_inspected_years=years).cutoff(dt.date.today())
    want = figures_of_the_table(app, cutoff)
    assert want["total"] and want["sectors"] and want["la"], "nothing to compare on this corpus"
    assert figures_of_the_counts(app, cutoff) == want
    assert figures_of_the_home_counts(app, cutoff) == want


@pytest.mark.parametrize("params", [{}, {"care_home": "yes"}, {"rating": "good"},
                                    {"rating": "none", "sector": "Social Care Org"},
                                    {"region": "South West"}])
def test_the_list_facets_from_the_counts_are_those_of_the_table(app, params):
    """Each facet value's count (the other filters kept), read from the counts, is the one
    the table of every location gives, where the counts answer the filters."""
    from cqcgraph.web import browse_counts as bc, browse_table as bt

    flt = bt.Filters.parse(params, [params["rating"]] if "rating" in params else [])
    assert bc.answers_facets(flt)
    props = {key: page_rows(app, "browse-property", p=NamedNode(iri))
             for key, iri in bt.PROPERTIES.items()}
    table = bt.build(page_rows(app, "browse-names"), props,
                     page_rows(app, "browse-ratings", derived=NamedNode(derived.derived_graph_iri(BASE))),
                     page_rows(app, "browse-visits"), page_rows(app, "browse-postcode-areas"), {})
    national = bc.read(page_rows(app, "home-facet-counts"), page_rows(app, "home-last-inspected"),
                       page_rows(app, "home-area-codes"))
    want = bt.facets(table, flt)
    assert any(want.values())
    assert bc.facets(national, flt) == want


def test_the_home_counts_name_the_areas_as_the_finer_counts_do(app):
    """The counts at the home page's grain give the areas (key, label, every name and code)
    and the refs the lists filter by that the counts of every combination of facets give."""
    from cqcgraph.web import browse_counts as bc
    from cqcgraph.web.browse import HOME_COUNTS

    days, codes = page_rows(app, "home-last-inspected"), page_rows(app, "home-area-codes")
    fine = bc.read(page_rows(app, "home-facet-counts"), days, codes)
    home = bc.read_home(*(page_rows(app, name) for name in HOME_COUNTS), days, codes)

    def areas(national: bc.National) -> dict:
        return {k: (a.label, sorted(a.names), sorted(a.iris)) for k, a in national.areas.items()}

    assert fine.areas and areas(home) == areas(fine)
    assert home.refs == fine.refs


def test_home_counts_are_kept_only_when_they_count_every_location():
    """A store whose summaries were built before the home page's counts has them for the
    locations written since only: their total falls short of the finer counts' (or a count
    went below 0), and the home page reads the finer counts instead."""
    from cqcgraph.web.browse import home_counts_kept

    assert home_counts_kept([{"home": "120", "least": "1", "all": "120"}])
    assert home_counts_kept([{}])  # an empty store
    assert not home_counts_kept([{"home": "3", "least": "1", "all": "120"}])
    assert not home_counts_kept([{"all": "120"}])
    assert not home_counts_kept([{"home": "120", "least": "-1", "all": "120"}])
