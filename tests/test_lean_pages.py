"""A resource's RDF page answers the same whichever path of the server makes it: the lean
path (``GET /doc/…``, no query string, an RDF format chosen) and the app's route (the same
page asked with a query string it ignores) give the same bytes and headers, in every RDF
format of a page; HTML, a format named by a suffix, a 406 and a 404 are the app's, as
before. A real server over a real store."""

from __future__ import annotations

import pytest
import requests

from servers import DEMO, ingest, serving

FIND_LOCATION = ("SELECT ?loc WHERE { ?loc a <https://cqcgraph.example/ontology#Location> }"
                 " ORDER BY ?loc LIMIT 1")
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    store = tmp_path_factory.mktemp("lean-pages") / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    with serving(store, "--cors", env={"CQCGRAPH_PAGE_CACHE_MB": "0"}) as url:
        rows = requests.get(url + "/sparql", params={"query": FIND_LOCATION}, headers=JSON,
                            timeout=30).json()["results"]["bindings"]
        yield url + "/doc/" + rows[0]["loc"]["value"].split("/id/", 1)[1]


@pytest.mark.parametrize("accept", [
    "text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
    "text/turtle;q=0.9, text/html;q=0.5",
])
def test_the_lean_page_is_the_apps_page(page, accept):
    lean = requests.get(page, headers={"Accept": accept}, timeout=30)
    routed = requests.get(page, params={"via": "app"}, headers={"Accept": accept}, timeout=30)
    assert lean.status_code == routed.status_code == 200
    assert lean.content == routed.content and b"primaryTopic" in lean.content
    for name in ("Content-Type", "Vary", "X-Content-Type-Options", "Access-Control-Allow-Origin",
                 "Access-Control-Expose-Headers"):
        assert lean.headers.get(name) == routed.headers.get(name), name


def test_what_the_lean_path_does_not_make_is_the_apps(page):
    html = requests.get(page, headers={"Accept": "text/html"}, timeout=30)
    assert html.status_code == 200 and html.headers["Content-Type"].startswith("text/html")
    suffixed = requests.get(page + ".ttl", timeout=30)
    assert suffixed.status_code == 200 and suffixed.headers["Content-Type"].startswith("text/turtle")
    refused = requests.get(page, headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406
    missing = requests.get(page + "-nowhere", headers={"Accept": "text/turtle"}, timeout=30)
    assert missing.status_code == 404 and "nothing is known" in missing.json()["error"]["message"]
    bad_host = requests.get(page, headers={"Accept": "text/turtle", "Host": "a b"}, timeout=30)
    assert bad_host.status_code == 400
