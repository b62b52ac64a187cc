"""Queries and updates see one dataset, the Graph Store and /update agree on the read-only
union default graph, and the service says so: a real server (gunicorn) over an on-disk store
holding two demo documents, driven over HTTP with the write token."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef

from servers import DEMO, ingest, serving

TOKEN = "dataset-semantics-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
EX = "http://example.org/dataset-semantics/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset")
    store = root / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    with serving(store, "--workers", "1", token=TOKEN) as url:
        yield url


def update(url: str, text: str, **params) -> requests.Response:
    return requests.post(url + "/update", data=text.encode(), params=params,
                         headers={**AUTH, "Content-Type": "application/sparql-update"})


def select(url: str, text: str) -> list[dict]:
    r = requests.post(url + "/sparql", data=text.encode(),
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def count(url: str, pattern: str) -> int:
    return int(select(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])


def test_an_update_where_sees_what_the_same_query_sees(server):
    where = "?l a <https://cqcgraph.example/ontology#Location>"
    rows = count(server, where)
    assert rows > 0  # the WHERE as a query finds the locations, in the union default graph
    r = update(server, f"INSERT {{ GRAPH <{EX}copy> {{ ?l a <{EX}Seen> }} }} WHERE {{ {where} }}")
    assert r.status_code == 204, r.text
    assert count(server, f"GRAPH <{EX}copy> {{ ?l a <{EX}Seen> }}") == len(
        {b["l"]["value"] for b in select(server, f"SELECT DISTINCT ?l WHERE {{ {where} }}")})


def test_an_update_sees_graphs_an_earlier_operation_created(server):
    r = update(server, f"INSERT DATA {{ GRAPH <{EX}new> {{ <{EX}s> <{EX}p> 'v' }} }} ;\n"
                       f"INSERT {{ GRAPH <{EX}out> {{ ?s <{EX}q> ?o }} }} WHERE {{ ?s <{EX}p> ?o }}")
    assert r.status_code == 204, r.text
    assert count(server, f"GRAPH <{EX}out> {{ <{EX}s> <{EX}q> 'v' }}") == 1


def test_using_graph_uri_sets_the_update_dataset(server):
    update(server, f"INSERT DATA {{ GRAPH <{EX}a> {{ <{EX}x> a <{EX}T> }}"
                   f" GRAPH <{EX}b> {{ <{EX}y> a <{EX}T> }} }}")
    r = update(server, f"INSERT {{ GRAPH <{EX}only-a> {{ ?s a <{EX}U> }} }} WHERE {{ ?s a <{EX}T> }}",
               **{"using-graph-uri": f"{EX}a"})
    assert r.status_code == 204, r.text
    got = {b["s"]["value"] for b in select(server, f"SELECT ?s {{ GRAPH <{EX}only-a> {{ ?s ?p ?o }} }}")}
    assert got == {f"{EX}x"}
    r = update(server, f"INSERT {{ GRAPH <{EX}n> {{ ?s a ?g }} }} WHERE {{ GRAPH ?g {{ ?s a <{EX}T> }} }}",
               **{"using-named-graph-uri": f"{EX}b"})
    assert r.status_code == 204, r.text
    assert count(server, f"GRAPH <{EX}n> {{ ?s a ?g }}") == 1


def test_using_graph_uri_with_using_in_the_update_is_refused(server):
    r = update(server, f"INSERT {{ GRAPH <{EX}z> {{ ?s a ?o }} }} USING <{EX}a> WHERE {{ ?s a ?o }}",
               **{"using-graph-uri": f"{EX}b"})
    assert r.status_code == 400
    assert "2.2.3" in r.json()["error"]["message"]


@pytest.mark.parametrize("text", [
    f"INSERT DATA {{ <{EX}s> <{EX}p> 1 }}",
    f"DELETE DATA {{ <{EX}s> <{EX}p> 1 }}",
    f"INSERT {{ ?s <{EX}p> 1 }} WHERE {{ ?s a ?t }}",
    f"DELETE WHERE {{ ?s <{EX}p> ?o }}",
    "CLEAR DEFAULT",
    f"COPY <{EX}a> TO DEFAULT",
    f"INSERT DATA {{ GRAPH <{EX}ok> {{ <{EX}s> <{EX}p> 1 }} }} ; INSERT DATA {{ <{EX}s> <{EX}p> 2 }}",
])
def test_writes_into_the_default_graph_are_refused_before_anything_is_written(server, text):
    r = update(server, text)
    assert r.status_code == 400
    assert "read-only union of all graphs" in r.json()["error"]["message"]
    assert count(server, f"GRAPH <{EX}ok> {{ ?s ?p ?o }}") == 0  # the request ran not at all


def test_with_names_the_graph_an_update_writes(server):
    r = update(server, f"WITH <{EX}with> INSERT {{ <{EX}w> <{EX}p> ?o }} WHERE {{ BIND(1 AS ?o) }}")
    assert r.status_code == 204, r.text
    assert count(server, f"GRAPH <{EX}with> {{ <{EX}w> <{EX}p> 1 }}") == 1


def test_the_graph_store_refuses_the_default_graph_as_updates_do(server):
    for method in ("PUT", "POST", "DELETE"):
        r = requests.request(method, server + "/store?default", data=b"<a:s> <a:p> <a:o> .",
                             headers={**AUTH, "Content-Type": "application/n-triples"})
        assert r.status_code == 405, method
        assert "read-only" in r.json()["error"]["message"]
        assert r.headers["Allow"].startswith("GET, HEAD")


def test_a_graph_created_by_post_is_found_at_its_location(server):
    r = requests.post(server + "/store", data=f"<{EX}s> <{EX}p> 'posted' .".encode(),
                      headers={**AUTH, "Content-Type": "text/turtle"})
    assert r.status_code == 201
    location = r.headers["Location"]
    assert location.startswith(server + "/store/")
    direct = requests.get(location, headers={"Accept": "application/n-triples"})
    assert direct.status_code == 200 and '"posted"' in direct.text
    indirect = requests.get(server + "/store", params={"graph": location},
                            headers={"Accept": "application/n-triples"})
    assert indirect.status_code == 200 and indirect.text == direct.text
    assert requests.delete(location, headers=AUTH).status_code == 204
    assert requests.head(location).status_code == 404


def test_multipart_post_merges_every_file_into_the_graph(server):
    files = {"one": ("one.ttl", f"<{EX}m> <{EX}p> 'one' .", "text/turtle"),
             "two": ("two.nt", f"<{EX}m> <{EX}p> \"two\" .\n", "application/n-triples")}
    r = requests.post(server + "/store", params={"graph": f"{EX}multi"}, files=files, headers=AUTH)
    assert r.status_code == 201, r.text
    values = {b["o"]["value"] for b in select(server, f"SELECT ?o {{ GRAPH <{EX}multi> {{ ?s ?p ?o }} }}")}
    assert values == {"one", "two"}


def test_graph_store_mistakes_are_4xx_with_a_message(server):
    body, nt = b"<a:s> <a:p> <a:o> .", {**AUTH, "Content-Type": "application/n-triples"}
    r = requests.put(server + "/store", data=body, headers=nt)
    assert r.status_code == 400 and "?graph=IRI" in r.json()["error"]["message"]
    assert requests.head(server + "/store", params={"graph": f"{EX}missing"}).status_code == 404
    assert requests.head(server + "/store/graphs/missing").status_code == 404


def test_unknown_paths_are_404_for_every_method(server):
    for method in ("GET", "HEAD", "OPTIONS", "POST"):
        assert requests.request(method, server + "/no/such/thing").status_code == 404, method
    assert requests.options(server + "/sparql").status_code == 200


def test_the_service_description_states_the_dataset_semantics(server):
    r = requests.get(server + "/sparql", headers={"Accept": "text/turtle"})
    sd = Graph().parse(data=r.text, format="turtle")
    service = URIRef(server + "/sparql")
    assert (service, SD.feature, SD.UnionDefaultGraph) in sd
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) in sd
    dataset = sd.value(service, SD.defaultDataset)
    text = str(sd.value(sd.value(dataset, SD.defaultGraph), URIRef("http://purl.org/dc/terms/description")))
    assert "read-only" in text and "using-graph-uri" in text and "union" in text


def test_void_counts_triples_not_quads_and_uses_void_and_dcat_terms(server):
    r = requests.get(server + "/.well-known/void", headers={"Accept": "text/turtle"})
    void = Graph().parse(data=r.text, format="turtle")
    dataset = URIRef(server + "/.well-known/void#dataset")
    distinct = count(server, "SELECT DISTINCT ?s ?p ?o { ?s ?p ?o }")
    assert void.value(dataset, VOID.triples) == Literal(distinct)
    quads = void.value(dataset, URIRef("https://cqcgraph.example/ontology#quads"))
    assert quads is not None and int(quads) >= distinct
    assert (dataset, VOID.subset, None) in void
    assert not list(void.triples((None, VOID.subsets, None)))
    media = set(void.objects(None, DCAT.mediaType))
    assert media == {URIRef("https://www.iana.org/assignments/media-types/application/n-quads"),
                     URIRef("https://www.iana.org/assignments/media-types/text/turtle")}


# -- answers that were 500s ------------------------------------------------------------------

def test_a_newline_in_a_path_is_a_400_not_a_500(server):
    """/id/%0A sent a newline into the 303's Location header."""
    for path in ("/id/%0A", "/id/a%0D%0Ab", "/store/x%0Ay", "/doc/%09"):
        r = requests.get(server + path, allow_redirects=False)
        assert r.status_code == 400, path
        assert "control character" in r.json()["error"]["message"]


@pytest.mark.parametrize("host", ["a" * 300, "a." * 150, "exa mple", "h\u00e9.test"])
def test_a_host_that_is_no_host_name_is_a_400_not_a_500(server, host):
    for accept in ("text/html", "*/*"):
        r = requests.get(server + "/", headers={"Host": host.encode("utf-8").decode("latin-1"),
                                                "Accept": accept})
        assert r.status_code == 400, (host, accept)
        assert "Host header" in r.json()["error"]["message"]


def test_a_port_or_ip_host_is_fine(server):
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8080", "data.example.org"):
        assert requests.get(server + "/health", headers={"Host": host}).status_code == 200, host


@pytest.mark.parametrize("path, params", [
    ("/store", {"graph": "http://a/["}),
    ("/store/graphs/%5B", {}),
    ("/sparql", {"query": "ASK {}", "default-graph-uri": "http://a/["}),
    ("/sparql", {"query": "ASK {}", "named-graph-uri": "http://a/[]"}),
    ("/queries/location-breaches", {"location": "http://a/["}),
])
def test_an_iri_parameter_that_is_no_iri_is_a_400(server, path, params):
    r = requests.get(server + path, params=params)
    assert r.status_code == 400, r.text
    assert "not a valid" in r.json()["error"]["message"]
