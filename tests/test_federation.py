"""SERVICE federation through cqcgraph's own endpoint, end to end.

A second, independent SPARQL server (``oxigraph serve`` from the ``oxigraph`` PyPI package) holds
a small fixture in the other datasets' own vocabularies (tests/fixtures/federation/: Ordnance
Survey postcode units with their district, legislation.gov.uk regulations with their titles).
cqcgraph's server (gunicorn, a real process) over a store of the five seeds allow-lists it with
``--allow-service`` and joins through it. Endpoints that are not allow-listed are raw sockets the
test listens on, so "nothing connected" is observed, not assumed; endpoints that hang, fail or
trickle show that a SERVICE call costs at most ``--service-timeout`` (2 s here).
"""

from __future__ import annotations

import shutil
import time

import pytest
import requests

from servers import (
    FEDERATION,
    SilentEndpoint,
    failing_endpoint,
    free_port,
    oxigraph_binary,
    start_oxigraph,
    start_server,
    stop_server,
    trickling_endpoint,
)

SERVICE_TIMEOUT = 2.0
SLACK = 3.0  # process, worker and HTTP overhead on a slow machine

PREFIXES = """\
PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ospc: <http://data.ordnancesurvey.co.uk/ontology/postcode/>
"""
GSS = "http://statistics.data.gov.uk/id/statistical-geography/"
REG = "http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/"

# The seed locations with a stated postcode, and the district the fixture gives that postcode.
SEED_DISTRICTS = {
    ("Fastrack Scan", "LU2 0HF", GSS + "E06000032", "Luton"),
    ("Medical Imaging Partnership", "RH11 9BJ", GSS + "E07000226", "Crawley"),
    ("Miracle in Progress", "LE12 9AN", GSS + "E07000130", "Charnwood"),
}
FASTRACK_BREACHES = {
    (REG + "12", "Safe care and treatment"),
    (REG + "13", "Safeguarding service users from abuse and improper treatment"),
    (REG + "17", "Good governance"),
    (REG + "18", "Staffing"),
    (REG + "20A", "Requirement as to display of performance assessments"),
}

pytestmark = pytest.mark.skipif(oxigraph_binary() is None,
                                reason="the oxigraph command (PyPI package oxigraph) is missing")


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """``oxigraph serve`` holding the postcode and regulation fixtures: its /query URL."""
    root = tmp_path_factory.mktemp("remote")
    proc, url = start_oxigraph(root / "oxigraph", FEDERATION / "postcodes.ttl",
                               FEDERATION / "regulations.ttl")
    yield url + "/query"
    stop_server(proc)


@pytest.fixture(scope="module")
def misbehaving():
    """Allow-listed endpoints that hang, fail with 500, trickle, or refuse connections."""
    silent, failing, trickling = SilentEndpoint(), failing_endpoint(), trickling_endpoint()
    closed = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    yield {"silent": silent, "failing": failing, "trickling": trickling, "closed": closed}
    for endpoint in (silent, failing, trickling):
        endpoint.close()


@pytest.fixture(scope="module")
def store_copy(seeded_store, tmp_path_factory):
    """A copy of the five-seed store, so that this module's server is its only user."""
    copy = tmp_path_factory.mktemp("federation") / "store"
    shutil.copytree(seeded_store, copy)
    return copy


@pytest.fixture(scope="module")
def cqc(store_copy, remote, misbehaving, tmp_path_factory):
    allowed = [remote, misbehaving["silent"].url, misbehaving["failing"].url,
               misbehaving["trickling"].url, misbehaving["closed"]]
    args = [arg for url in allowed for arg in ("--allow-service", url)]
    log = tmp_path_factory.mktemp("logs") / "cqcgraph.log"
    proc, url = start_server(store_copy, "--workers", "2", "--query-timeout", "20",
                             "--service-timeout", str(SERVICE_TIMEOUT), *args, log=log,
                             env={"CQCGRAPH_ALLOW_SERVICE": ""})
    yield url
    stop_server(proc)


def sparql(server: str, query: str, timeout: float = 60) -> requests.Response:
    return requests.post(server + "/sparql", data=query.encode(), timeout=timeout,
                         headers={"Content-Type": "application/sparql-query",
                                  "Accept": "application/sparql-results+json"})


def rows(response: requests.Response, *names: str) -> set[tuple[str, ...]]:
    assert response.status_code == 200, response.text
    return {tuple(b[n]["value"] for n in names) for b in response.json()["results"]["bindings"]}


def timed(server: str, query: str) -> tuple[requests.Response, float]:
    t0 = time.monotonic()
    r = sparql(server, query, timeout=SERVICE_TIMEOUT + 30)
    return r, time.monotonic() - t0


# -- 1. allow-listed SERVICE, the right rows ---------------------------------------------------

def test_seed_postcodes_join_their_district_through_the_os_postcode_unit(cqc, remote):
    query = PREFIXES + f"""
SELECT DISTINCT ?name ?postcode ?district ?districtName WHERE {{
  ?loc a cqc:Location ; schema:name ?name ; cqc:postcode ?postcode ; cqc:postcodeUnit ?unit .
  SERVICE <{remote}> {{
    ?unit ospc:district ?district .
    ?district rdfs:label ?districtName .
  }}
}}"""
    assert rows(sparql(cqc, query), "name", "postcode", "district", "districtName") \
        == SEED_DISTRICTS


def test_postcode_unit_iri_built_in_the_query_joins_the_same(cqc, remote):
    """Without the link triple: the OS IRI made from the postcode literal in the query."""
    query = PREFIXES + f"""
SELECT DISTINCT ?name ?postcode ?district ?districtName WHERE {{
  ?loc a cqc:Location ; schema:name ?name ; cqc:postcode ?postcode .
  BIND(IRI(CONCAT("http://data.ordnancesurvey.co.uk/id/postcodeunit/",
                  REPLACE(?postcode, " ", ""))) AS ?unit)
  SERVICE <{remote}> {{ ?unit ospc:district ?district . ?district rdfs:label ?districtName }}
}}"""
    assert rows(sparql(cqc, query), "name", "postcode", "district", "districtName") \
        == SEED_DISTRICTS


def test_breaches_join_the_regulation_title_from_the_remote(cqc, remote):
    # rdfs:comment "TEST DATA…" exists only in the remote fixture: each row came through SERVICE
    query = PREFIXES + f"""
SELECT DISTINCT ?regulation ?title WHERE {{
  ?loc schema:name "Fastrack Scan" .
  ?inspection cqc:inspectionOf ?loc ; cqc:hasBreach ?breach .
  ?breach cqc:regulation ?regulation .
  SERVICE <{remote}> {{
    ?regulation dcterms:title ?title ; rdfs:comment "TEST DATA from the federation fixture" .
  }}
}}"""
    assert rows(sparql(cqc, query), "regulation", "title") == FASTRACK_BREACHES


def test_nested_service_not_on_the_allow_list_is_refused_without_connecting(cqc, remote):
    with SilentEndpoint() as other:
        query = (f"SELECT * {{ SERVICE <{remote}> {{ SERVICE <{other.url}> {{ ?s ?p ?o }} }} }}")
        r = sparql(cqc, query)
        assert r.status_code == 400 and "not allowed" in r.json()["error"]["message"]
        time.sleep(0.3)
        assert other.connections == 0


def test_service_nested_in_an_allowed_service_is_not_a_recursion_error(cqc, remote):
    """rdflib's parser recursed without end on a SERVICE inside a SERVICE: the guard refused
    such a query with "maximum recursion depth exceeded". The nested call is the outer
    endpoint's to make; it reaches the remote as written."""
    query = (f"SELECT ?name {{ SERVICE <{remote}> {{ SERVICE <{remote}> {{"
             f" <{GSS}E06000032> ?p ?name FILTER(isLiteral(?name)) }} }} }} LIMIT 1")
    r = sparql(cqc, query)
    assert "recursion" not in r.text
    assert r.status_code in (200, 502), r.text  # 502: the remote itself may refuse SERVICE


# -- 2. refusal, with nothing connected -----------------------------------------------------------

def assert_refusals(server: str) -> None:
    with SilentEndpoint() as other:
        r = sparql(server, f"SELECT * {{ SERVICE <{other.url}> {{ ?s ?p ?o }} }}")
        assert r.status_code == 400, r.text
        message = r.json()["error"]["message"]
        assert other.url in message and "allow-list" in message
        # the same URL spelt another way is not on the list either
        r = sparql(server, f"SELECT * {{ SERVICE <{other.url}?x=1> {{ ?s ?p ?o }} }}")
        assert r.status_code == 400
        r = sparql(server, "SELECT * { VALUES ?e { <%s> } SERVICE ?e { ?s ?p ?o } }" % other.url)
        assert r.status_code == 400 and "variable" in r.json()["error"]["message"]
        r = sparql(server, f"SELECT * {{ SERVICE SILENT <{other.url}> {{ ?s ?p ?o }} }}")
        assert r.status_code == 200 and r.json()["results"]["bindings"] == [{}]
        time.sleep(0.3)
        assert other.connections == 0


def test_service_not_on_the_allow_list_is_refused_without_connecting(cqc):
    assert_refusals(cqc)


def test_allow_list_from_the_environment(seeded_store, remote, tmp_path):
    """``CQCGRAPH_ALLOW_SERVICE`` (space-separated) instead of the flag."""
    with SilentEndpoint() as hang:
        store = tmp_path / "store"
        shutil.copytree(seeded_store, store)
        proc, url = start_server(store, "--workers", "1", "--service-timeout",
                                 str(SERVICE_TIMEOUT),
                                 env={"CQCGRAPH_ALLOW_SERVICE": f"{remote}  {hang.url}"})
        try:
            query = PREFIXES + f"""
SELECT DISTINCT ?name ?district WHERE {{
  ?loc a cqc:Location ; schema:name ?name ; cqc:postcodeUnit ?unit .
  SERVICE <{remote}> {{ ?unit ospc:district ?district }}
}}"""
            assert rows(sparql(url, query), "name", "district") == {
                (name, district) for name, _, district, _ in SEED_DISTRICTS}
            assert_refusals(url)
            r, elapsed = timed(url, f"SELECT * {{ SERVICE <{hang.url}> {{ ?s ?p ?o }} }}")
            assert r.status_code == 504 and elapsed < SERVICE_TIMEOUT + SLACK
        finally:
            stop_server(proc)


# -- 3. remotes that hang, fail or trickle ----------------------------------------------------------

def test_remote_that_never_answers_costs_the_service_timeout(cqc, misbehaving):
    hang = misbehaving["silent"]
    before = hang.connections
    r, elapsed = timed(cqc, f"SELECT * {{ SERVICE <{hang.url}> {{ ?s ?p ?o }} }}")
    assert hang.connections > before  # it was really called
    assert r.status_code == 504, r.text
    message = r.json()["error"]["message"]
    assert f"SERVICE <{hang.url}> did not answer within 2 s" in message
    assert "127.0.0.1:" + str(hang.port) in message and "/sparql" in message
    assert SERVICE_TIMEOUT - 0.5 <= elapsed < SERVICE_TIMEOUT + SLACK, elapsed
    # the worker is free again at once
    r, elapsed = timed(cqc, "ASK {}")
    assert r.status_code == 200 and elapsed < 2


def test_remote_that_never_answers_under_silent_gives_no_rows_in_time(cqc, misbehaving):
    hang = misbehaving["silent"]
    query = PREFIXES + f"""
SELECT ?name ?x WHERE {{
  ?loc schema:name "Fastrack Scan" ; schema:name ?name .
  SERVICE SILENT <{hang.url}> {{ ?loc <http://example.org/p> ?x }}
}} LIMIT 1"""
    r, elapsed = timed(cqc, query)
    assert rows(r, "name") == {("Fastrack Scan",)}
    assert all("x" not in b for b in r.json()["results"]["bindings"])
    assert elapsed < SERVICE_TIMEOUT + SLACK, elapsed


def test_remote_that_fails_with_500(cqc, misbehaving):
    failing = misbehaving["failing"]
    r = sparql(cqc, f"SELECT * {{ SERVICE <{failing.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 502, r.text
    message = r.json()["error"]["message"]
    assert f"SERVICE <{failing.url}> answered HTTP 500" in message
    r = sparql(cqc, f"SELECT ?x {{ BIND(1 AS ?x) SERVICE SILENT <{failing.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 200
    assert [b["x"]["value"] for b in r.json()["results"]["bindings"]] == ["1"]
    assert all("s" not in b for b in r.json()["results"]["bindings"])


def test_remote_that_trickles_is_cut_off_at_the_service_timeout(cqc, misbehaving):
    trickling = misbehaving["trickling"]
    r, elapsed = timed(cqc, f"SELECT * {{ SERVICE <{trickling.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 504, r.text
    assert elapsed < SERVICE_TIMEOUT + SLACK, elapsed


def test_remote_that_cannot_be_reached(cqc, misbehaving):
    closed = misbehaving["closed"]
    r = sparql(cqc, f"SELECT * {{ SERVICE <{closed}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 502, r.text
    assert f"SERVICE <{closed}> cannot be reached" in r.json()["error"]["message"]


def test_service_errors_never_show_the_loopback_proxy(cqc, misbehaving):
    for endpoint in (misbehaving["silent"].url, misbehaving["failing"].url, misbehaving["closed"]):
        r = sparql(cqc, f"SELECT * {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}")
        message = r.json()["error"]["message"]
        assert "payload" not in message and message.count("127.0.0.1") == 1, message
