"""Every named query parses, runs, and answers what analysts ask of the seeds
(answers a reader can check against the seed documents themselves)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cqcgraph.api import Cqcgraph
from cqcgraph.queries import QueryParameterError, named_queries
from cqcgraph.settings import Settings

from conftest import run_cli, seed

BASE = "https://cqcgraph.example/id/"
MIP = BASE + "location/medical-imaging-partnership--rh119bj"
FASTRACK = BASE + "location/fastrack-scan--lu20hf"


@pytest.fixture(scope="module")
def app(seeded_store):
    with Cqcgraph(Settings(store=seeded_store)) as a:
        yield a


def rows(app: Cqcgraph, query: str, **params: str) -> list[dict]:
    results = app.query(query, params=params)
    return results.values()


def test_there_are_at_least_eight_named_queries_with_headers():
    queries = named_queries()
    assert len(queries) >= 8
    for q in queries.values():
        assert q.title and q.title != q.name, q.name
        assert q.description, q.name


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_on_the_seeds(app, name):
    query = named_queries()[name]
    if query.federated:
        pytest.skip(f"{name} is federated (SERVICE to an outside endpoint): tests/test_links.py"
                    " runs it against a second SPARQL server on loopback")
    params = {}
    for p in query.parameters:
        if p.optional:
            continue
        params[p.name] = {"iri": MIP, "literal": "imaging", "integer": "1", "date": "2020-01-01"}[p.kind]
    results = app.query(name, params=params)
    list(results)  # runs to the end without error


def test_breaches_of_fastrack_scan_one_row_per_regulation(app):
    got = rows(app, "location-breaches", location=FASTRACK)
    regs = sorted(r["regulation"].rsplit("/", 1)[1] for r in got)
    assert regs == ["12", "13", "17", "18", "20A"]
    assert all(r["title"] for r in got)


def test_rating_history_of_medical_imaging_partnership(app):
    got = rows(app, "location-rating-history", location=MIP)
    by_date: dict[str, dict[str, str]] = {}
    for r in got:
        by_date.setdefault(r["date"], {})[r["keyQuestion"]] = r["rating"]
    assert by_date["2019-07-17"] == {
        "Overall": "Good",
        "Safe": "Requires improvement",
        "Effective": "Not rated",
        "Responsive": "Good",
        "Well-led": "Good",
    }  # no caring row: 004 leaves it blank
    (well_led,) = [r for r in got if r["date"] == "2024-02-13"]
    assert well_led["keyQuestion"] == "Well-led" and well_led["rating"] == "Good"
    assert well_led["score"] == "75"


def test_rating_history_dates_ratings_as_the_current_ratings_do(app):
    """One rule for the date of a rating: the history's last rating of each key question is
    dated as current-ratings dates the current one, and the history is in that order."""
    history = rows(app, "location-rating-history", location=MIP)
    assert [r["ratedOn"] for r in history] == sorted(r["ratedOn"] for r in history)
    latest: dict[str, str] = {}
    for r in history:
        latest[r["keyQuestion"]] = max(latest.get(r["keyQuestion"], ""), r["ratedOn"])
    current = [r for r in rows(app, "current-ratings") if r["location"] == MIP]
    assert current
    for r in current:
        assert r["date"] == latest[r["keyQuestion"]], r


def test_locations_in_special_measures(app):
    names = sorted(r["name"] for r in rows(app, "special-measures"))
    assert names == ["Fastrack Scan", "Healthcare at Home"]


def test_rating_changes_after_breaches_lists_each_breaching_inspection(app):
    got = rows(app, "rating-changes-after-breaches")
    fastrack = [r for r in got if r["name"] == "Fastrack Scan"]
    assert fastrack and fastrack[0]["before"] == "Inadequate"
    assert fastrack[0]["after"] is None  # no later rated inspection in the seeds


def test_current_ratings_take_the_latest_per_key_question(app):
    got = [r for r in rows(app, "current-ratings") if r["location"] == MIP]
    current = {r["keyQuestion"]: (r["rating"], r["date"]) for r in got}
    assert current["Well-led"] == ("Good", "2024-10-10")  # the 2024 assessment
    assert current["Safe"] == ("Requires improvement", "2019-07-17")
    assert "Caring" not in current


def test_quality_statement_scores(app):
    got = rows(app, "quality-statement-scores", location=MIP)
    assert len(got) == 7 and {r["score"] for r in got} == {"3"}
    carried = [r["statement"] for r in got if r["assessed"] == "false"]
    assert carried == ["Partnerships and communities"]


def test_documents_and_their_facts(app):
    got = rows(app, "document-facts")
    assert len(got) == 5 and all(int(r["triples"]) > 10 for r in got)


def test_a_missing_parameter_is_named():
    query = named_queries()["location-rating-history"]
    with pytest.raises(QueryParameterError, match="location"):
        query.bind({})


def test_a_parameter_value_is_bound_not_pasted(app):
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    assert rows(app, "find-location", name=hostile) == []


def test_named_query_from_the_command_line(tmp_path):
    store = str(tmp_path / "store")
    assert run_cli("ingest", "--quiet", "--store", store, str(seed("002"))).returncode == 0
    out = run_cli("query", "--store", store, "--format", "json",
                  "location-breaches", "--param", f"location={FASTRACK}")
    assert out.returncode == 0, out.stderr.decode()
    bindings = json.loads(out.stdout)["results"]["bindings"]
    assert len(bindings) == 5


def test_a_query_named_in_a_description_exists():
    """location-rating-history sent readers to a query 'service-ratings' that did not exist.
    A hyphenated name in a description (not a --flag, not an ordinary English compound) must
    name a query of queries/."""
    import re

    ordinary = {"case-insensitive", "well-led", "follow-up", "single-assessment"}
    queries = named_queries()
    missing = []
    for q in queries.values():
        for m in re.finditer(r"(?<![-\w])([a-z0-9]+(?:-[a-z0-9]+)+)\b", q.description):
            word = m.group(1)
            if word not in ordinary and word not in queries:
                missing.append(f"{q.name}: {word}")
    assert not missing


def _bag(answer) -> Counter[tuple]:
    return Counter(tuple(sorted((k, v) for k, v in row.items() if v is not None))
                   for row in answer)


def test_a_national_list_answers_a_page_and_its_pages_make_the_whole_list(app):
    """current-ratings pages (``# page:``): a page holds at most ``limit`` rows, the pages
    one after another hold every row once, and ``all`` gives them in one answer: the rows the
    sorted query gives."""
    whole = rows(app, "current-ratings", all="yes")
    assert len(whole) > 3
    seen, offset = [], 0
    while True:
        page = rows(app, "current-ratings", limit="3", offset=str(offset))
        assert len(page) <= 3
        seen += page
        if len(page) < 3:
            break
        offset += 3
    assert _bag(seen) == _bag(whole)
    sorted_text = named_queries()["current-ratings"].text
    assert _bag(app.store.result(sorted_text).values()) == _bag(whole)
    assert len(rows(app, "current-ratings")) == min(len(whole),
                                                    named_queries()["current-ratings"].page_size)


@pytest.mark.parametrize("name", sorted(q.name for q in named_queries().values() if q.cursor))
def test_cursor_pages_one_after_another_make_the_whole_list(app, name):
    """A list read from one index pages by a cursor (``after``): the pages one after another,
    to the first empty one, hold every row of the whole list once."""
    whole = rows(app, name, all="yes")
    seen, after = [], 0
    while True:
        page = rows(app, name, limit="2", after=str(after))
        if not page:
            break
        seen += page
        after += 2
        assert after < 10 * len(whole) + 10
    assert _bag(seen) == _bag(whole)


def test_a_cursor_page_says_whether_its_index_goes_on(app):
    """A cursor page can come back short before the end (an entry its filters drop), so the
    core asks the index itself whether an entry follows the page."""
    whole = rows(app, "current-ratings", all="yes")
    entries = len(app.store.select("PREFIX cqc: <https://cqcgraph.example/ontology#>"
                                   " SELECT ?r WHERE { ?l cqc:currentRating ?r }"))
    assert len(whole) > 1 and entries >= len(whole)
    for limit, more in (("1", True), (str(entries - 1), True), (str(entries), False)):
        run, page = app.run_page("current-ratings", params={"limit": limit})
        run.close()
        assert app.page_has_more("current-ratings", {"limit": limit}, page) is more, limit


def test_a_cursor_is_given_alone_and_only_to_a_list_read_from_one_index():
    with pytest.raises(QueryParameterError, match="not both"):
        named_queries()["current-ratings"].prepare({"after": "2", "offset": "2"})
    with pytest.raises(QueryParameterError, match="offset"):
        named_queries()["locations-by-area"].prepare({"after": "2"})
    with pytest.raises(QueryParameterError):
        named_queries()["current-ratings"].prepare({"after": "-1"})
    assert {q.name for q in named_queries().values() if q.cursor} >= {
        "current-ratings", "document-facts"}


def test_a_page_is_given_by_whole_numbers_and_only_to_a_list_that_pages():
    query = named_queries()["document-facts"]
    for bad in ({"limit": "0"}, {"limit": "1 } ; DROP ALL"}, {"offset": "-1"},
                {"all": "perhaps"}):
        with pytest.raises(QueryParameterError):
            query.prepare(bad)
    with pytest.raises(QueryParameterError, match="limit"):
        named_queries()["national-ratings"].prepare({"limit": "5"})


def test_the_command_line_says_how_to_get_the_next_page(tmp_path):
    store = str(tmp_path / "store")
    assert run_cli("ingest", "--quiet", "--store", store, str(seed("002")),
                   str(seed("004"))).returncode == 0
    out = run_cli("query", "--store", store, "--format", "json", "document-facts",
                  "--limit", "1")
    assert out.returncode == 0, out.stderr.decode()
    assert len(json.loads(out.stdout)["results"]["bindings"]) == 1
    # a list read from one index says its cursor
    assert "--after 1" in out.stderr.decode() and "--all" in out.stderr.decode()
    out = run_cli("query", "--store", store, "--format", "json", "document-facts",
                  "--limit", "1", "--after", "1")
    assert len(json.loads(out.stdout)["results"]["bindings"]) == 1
    out = run_cli("query", "--store", store, "--format", "json", "document-facts", "--all")
    assert len(json.loads(out.stdout)["results"]["bindings"]) == 2
    # a table that is empty, past the end of a cursor list, says of no next page
    out = run_cli("query", "--store", store, "document-facts", "--limit", "5", "--after", "5")
    assert out.returncode == 0 and "--after" not in out.stderr.decode()
    out = run_cli("query", "--store", store, "document-facts", "--limit", "2")
    assert "--after 2" in out.stderr.decode()
    # with --offset, the page is of rows: one that holds the rest says of no next page
    out = run_cli("query", "--store", store, "document-facts", "--limit", "5", "--offset", "0")
    assert out.returncode == 0 and "(2 rows)" in out.stdout.decode()
    assert "--offset" not in out.stderr.decode()
    out = run_cli("query", "--store", store, "document-facts", "--limit", "1", "--offset", "0")
    assert "--offset 1" in out.stderr.decode()
