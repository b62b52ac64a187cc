"""A query at /sparql answers the same whichever way it is sent and whichever path of the
server reads it: GET, a POSTed form and a POSTed query give the same bytes as a download
(``format=``, read by the app's routes), with the same headers; its mistakes get the same
statuses and the one JSON error shape."""

from __future__ import annotations

import pytest
import requests

from servers import DEMO, ingest, serving

QUERY = ("PREFIX cqc: <https://cqcgraph.example/ontology#>"
         " SELECT ?i ?kq ?v WHERE { ?i cqc:hasRating ?r . ?r cqc:keyQuestion ?kq ;"
         " cqc:ratingValue ?v } ORDER BY ?i ?kq ?v LIMIT 50")
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    store = tmp_path_factory.mktemp("lean") / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    with serving(store, "--cors") as base:
        yield base


def test_get_post_and_download_give_the_same_answer(url):
    got = requests.get(url + "/sparql", params={"query": QUERY}, headers=JSON, timeout=30)
    form = requests.post(url + "/sparql", data={"query": QUERY}, headers=JSON, timeout=30)
    direct = requests.post(url + "/sparql", data=QUERY.encode(), timeout=30,
                           headers={**JSON, "Content-Type": "application/sparql-query"})
    download = requests.get(url + "/sparql", params={"query": QUERY, "format": "json"},
                            timeout=30)
    assert got.status_code == 200 and got.json()["results"]["bindings"]
    assert got.content == form.content == direct.content == download.content
    for answer in (got, form, direct, download):
        assert answer.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
        assert answer.headers["Vary"] == "Accept"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert download.headers["Content-Disposition"] == 'attachment; filename="results.srj"'


def test_a_construct_is_negotiated_as_a_graph(url):
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    answer = requests.get(url + "/sparql", params={"query": construct},
                          headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/turtle")
    refused = requests.get(url + "/sparql", params={"query": construct},
                           headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406 and refused.json()["error"]["status"] == 406


@pytest.mark.parametrize(("send", "status"), [
    (lambda url: requests.get(url + "/sparql", params={"query": "SELECT * WHERE {"},
                              headers=JSON, timeout=30), 400),
    (lambda url: requests.get(url + "/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")],
                              headers=JSON, timeout=30), 400),
    (lambda url: requests.get(url + "/sparql", params={"query": "ASK {}", "update": "CLEAR ALL"},
                              headers=JSON, timeout=30), 400),
    (lambda url: requests.get(url + "/sparql", params={"query": "ASK {}",
                                                       "default-graph-uri": "not an iri"},
                              headers=JSON, timeout=30), 400),
    (lambda url: requests.post(url + "/sparql", data=b"ASK {}", timeout=30,
                               headers={**JSON, "Content-Type": "text/plain"}), 415),
    (lambda url: requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30,
                              headers={**JSON, "Host": "a host with spaces"}), 400),
    (lambda url: requests.get(url + "/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://elsewhere.example/sparql> { ?s ?p ?o } }"},
        headers=JSON, timeout=30), 400),
])
def test_mistakes_get_their_status_in_the_one_error_shape(url, send, status):
    answer = send(url)
    assert answer.status_code == status, answer.text
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert answer.json()["error"]["status"] == status
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_query_with_no_query_is_the_service_description(url):
    answer = requests.get(url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200 and "sparql-service-description" in answer.text
