"""The web app through Flask's test client (no server, an on-disk store in a temporary
folder): the factory wires every blueprint, and the answers are the endpoint's."""

from __future__ import annotations

import json

import pytest

from cqcgraph.settings import Settings
from cqcgraph.web.app import create_app


@pytest.fixture()
def client(tmp_path):
    settings = Settings(store=tmp_path / "store", workers=1)
    app = create_app(settings)
    try:
        yield app.test_client()
    finally:
        app.extensions["cqcgraph"].close()


def test_every_blueprint_is_registered(client):
    assert set(client.application.blueprints) >= {"sparql", "graph_store", "linked_data",
                                                   "pages", "ui"}


def test_a_query_is_answered_by_the_query_engine(client):
    r = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert json.loads(r.data)["boolean"] is True  # the reference graphs are there


def test_a_bad_query_is_a_400_in_the_one_error_shape(client):
    r = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x ?y }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 400
    assert json.loads(r.data)["error"]["status"] == 400


def test_an_unknown_path_is_a_404_and_health_says_ok(client):
    assert client.get("/no/such/page").status_code == 404
    health = json.loads(client.get("/health").data)
    assert health["status"] == "ok" and health["writes"] is False


def test_the_graph_store_refuses_writes_without_the_token(client):
    r = client.put("/store", query_string={"graph": "http://example.org/g"},
                   data=b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .",
                   headers={"Content-Type": "text/turtle"})
    assert r.status_code in (401, 403)


def test_the_ontology_page_comes_as_turtle(client):
    r = client.get("/ontology.ttl")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert b"@prefix" in r.data
