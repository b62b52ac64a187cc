"""A real server process (``cqcgraph serve``, gunicorn) on a free loopback port over an on-disk
store in tmp_path, and real clients: requests, SPARQLWrapper, rdflib's SPARQLStore."""

from __future__ import annotations

import socket
import time

import pytest
import requests

# The server helpers live in tests/servers.py (shared with the federation and second-engine
# tests); they are re-exported here for the modules that import them from test_server.
from servers import DEMO, PROJECT, free_port, ingest, serving, start_server, stop_server  # noqa: F401

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("server")
    store = root / "store"
    ingest(store, *sorted(DEMO.glob("00[124]_*.txt")))
    with serving(store, "--workers", "1", "--query-timeout", "2", token=TOKEN,
                 env={"CQCGRAPH_MAX_RESULT_ROWS": "100000"}) as url:
        yield url


def find_location(url: str, name: str) -> str:
    r = requests.get(url + "/queries/find-location", params={"name": name},
                     headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return r.json()["results"]["bindings"][0]["location"]["value"]


# -- real clients ---------------------------------------------------------------------------

def test_sparqlwrapper_select(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery("PREFIX cqc: <https://cqcgraph.example/ontology#> "
                    "SELECT ?l WHERE { ?l a cqc:Location }")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert len(rows) >= 2


def test_sparqlwrapper_construct_and_ask(server):
    from SPARQLWrapper import SPARQLWrapper, TURTLE

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5")
    client.setReturnFormat(TURTLE)
    assert b"@prefix" in client.query().convert() or b"<" in client.query().convert()
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat("json")
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server + "/sparql", returnFormat="json")
    rows = list(store.query("SELECT ?name WHERE { ?l a <https://cqcgraph.example/ontology#Location> ;"
                            " <http://schema.org/name> ?name }"))
    assert any("Medical Imaging Partnership" in str(r[0]) for r in rows)


# -- protocol details -------------------------------------------------------------------------

def test_syntax_error_has_line_and_column(server):
    r = requests.get(server + "/sparql", params={"query": "SELECT * {\n ?s ?p \n}"})
    assert r.status_code == 400
    assert "line 3 col" in r.json()["error"]["message"]
    assert "Traceback" not in r.text and "/tmp" not in r.text


def test_service_description_has_absolute_endpoint(server):
    r = requests.get(server + "/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert f"<{server}/sparql>" in r.text


def test_timeout_frees_the_worker(server):
    values = " ".join(str(i) for i in range(400))
    heavy = "SELECT (COUNT(*) AS ?n) { " + " ".join(
        f"VALUES ?v{k} {{ {values} }}" for k in range(4)) + " }"
    t0 = time.monotonic()
    r = requests.post(server + "/sparql", data=heavy,
                      headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 503 and "time limit" in r.json()["error"]["message"]
    assert time.monotonic() - t0 < 10
    # one worker only: this answers at once only because the runaway one was killed
    t1 = time.monotonic()
    r = requests.get(server + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200 and time.monotonic() - t1 < 5


def test_error_after_streaming_began_aborts_the_response(server):
    values = " ".join(str(i) for i in range(100))
    big = f"SELECT * {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values[:50]} }} }}"
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        r = requests.post(server + "/sparql", data=big, timeout=30,
                          headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
        r.content  # noqa: B018


def test_service_not_allow_listed_is_refused_without_connecting(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    try:
        for query in (f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                      "SELECT * { SERVICE ?e { ?s ?p ?o } }"):
            r = requests.post(server + "/sparql", data=query,
                              headers={"Content-Type": "application/sparql-query"})
            assert r.status_code == 400, r.text
        r = requests.post(server + "/sparql",
                          data=f"SELECT * {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
                          headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


# -- writes ---------------------------------------------------------------------------------------

UPDATE = 'INSERT DATA { GRAPH <http://example.org/t> { <http://example.org/s> <http://example.org/p> "x" } }'


def test_write_token(server):
    headers = {"Content-Type": "application/sparql-update"}
    assert requests.post(server + "/update", data=UPDATE, headers=headers).status_code == 401
    r = requests.post(server + "/update", data=UPDATE,
                      headers={**headers, "Authorization": "Bearer nope"})
    assert r.status_code == 403
    r = requests.post(server + "/update", data=UPDATE,
                      headers={**headers, "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204
    ask = requests.get(server + "/sparql", params={"query": 'ASK { <http://example.org/s> ?p "x" }'})
    assert ask.json()["boolean"] is True  # the workers see the renewed snapshot
    g = requests.get(server + "/store", params={"graph": "http://example.org/t"},
                     headers={"Accept": "application/n-triples"})
    assert g.status_code == 200 and '"x"' in g.text
    assert requests.head(server + "/store", params={"graph": "http://example.org/none"}).status_code == 404


def test_post_document(server):
    doc = sorted(DEMO.glob("003_*.txt"))[0]
    assert requests.post(server + "/documents", data=doc.read_bytes()).status_code == 401
    r = requests.post(server + "/documents", params={"name": doc.name}, data=doc.read_bytes(),
                      headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"})
    assert r.status_code == 201, r.text
    report = r.json()
    assert report["status"] == "stored" and report["graph"]
    r = requests.post(server + "/documents", params={"name": "junk.txt"}, data=b"\x00\x01\x02",
                      headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"})
    assert r.status_code == 400


# -- linked data and pages ------------------------------------------------------------------------

def test_id_redirects_and_doc_formats(server):
    iri = find_location(server, "imaging")
    path = iri.split("/id/", 1)[1]
    r = requests.get(f"{server}/id/{path}", allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/doc/{path}")
    page = requests.get(f"{server}/id/{path}", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Medical Imaging Partnership" in page.text
    assert 'id="rating-history"' in page.text and "<svg" in page.text
    ttl = requests.get(f"{server}/doc/{path}.ttl")
    assert ttl.status_code == 200 and ttl.headers["Content-Type"].startswith("text/turtle")
    assert f"{server}/id/" in ttl.text  # minted IRIs dereference on this host
    js = requests.get(f"{server}/doc/{path}", headers={"Accept": "application/ld+json"})
    assert js.status_code == 200 and js.json()


def test_pages_and_descriptions(server):
    for path, needle in (("/query", "CodeMirror"), ("/", "Care services in England"),
                         ("/ontology", "Location"), ("/shapes", "shape"),
                         ("/queries", "find-location"), ("/.well-known/void", "Open Government")):
        r = requests.get(server + path, headers={"Accept": "text/html"})
        assert r.status_code == 200 and needle.lower() in r.text.lower(), path
    void = requests.get(server + "/.well-known/void", headers={"Accept": "text/turtle"})
    assert "open-government-licence/version/3" in void.text and "/sparql>" in void.text
    assert requests.get(server + "/ontology.ttl").headers["Content-Type"].startswith("text/turtle")
    nq = requests.get(server + "/dumps/all.nq")
    assert nq.status_code == 200 and nq.text.count("\n") > 100
    assert requests.get(server + "/dumps/all.ttl").status_code == 200
    assert requests.get(server + "/static/codemirror/LICENSE").status_code == 200


def test_named_queries(server):
    listing = requests.get(server + "/queries", headers={"Accept": "application/json"}).json()
    assert any(q["name"] == "find-location" for q in listing["queries"])
    r = requests.get(server + "/queries/find-location")
    assert r.status_code == 400 and "'name'" in r.json()["error"]["message"]
    r = requests.get(server + "/queries/find-location", params={"name": "imaging", "format": "csv"})
    assert r.status_code == 200 and "Medical Imaging Partnership" in r.text
    assert requests.get(server + "/queries/no-such-query").status_code == 404


def test_a_national_list_links_its_next_page(server):
    r = requests.get(server + "/queries/document-facts", params={"limit": "1", "format": "json"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 1
    following = r.links["next"]["url"]
    assert "after=1" in following and "limit=1" in following  # a cursor: read from one index
    nxt = requests.get(server + following if following.startswith("/") else following)
    assert nxt.status_code == 200
    assert nxt.json()["results"]["bindings"] != r.json()["results"]["bindings"]


def test_errors_carry_no_machine_detail(server):
    for r in (requests.get(server + "/doc/location/nothing-here"),
              requests.get(server + "/nowhere"),
              requests.patch(server + "/sparql")):
        assert r.status_code in (404, 405)
        assert "Traceback" not in r.text and str(PROJECT) not in r.text


def test_large_results_stream_first_rows_arrive_long_before_the_last(server):
    """The first rows reach the client while the rest is still being computed (results are
    streamed, not built in memory first)."""
    values = " ".join(str(i) for i in range(300))
    query = (f"SELECT ?a ?b ?h {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }}"
             f" BIND(SHA512(CONCAT(STR(?a), '-', STR(?b))) AS ?h) }}")
    start = time.monotonic()
    with requests.post(server + "/sparql", data=query, stream=True, timeout=30,
                       headers={"Content-Type": "application/sparql-query",
                                "Accept": "text/tab-separated-values"}) as r:
        assert r.status_code == 200
        chunks = r.iter_content(chunk_size=None)
        first = next(chunks)
        first_at = time.monotonic() - start
        rows = first.count(b"\n") + sum(chunk.count(b"\n") for chunk in chunks)
        total = time.monotonic() - start
    assert rows == 300 * 300 + 1  # header line + every row
    assert first_at < total / 2, (first_at, total)
