"""A page asked for again is kept until the store changes: after a write, through whichever
process, the next request for the page shows it, in HTML and in Turtle alike."""

from __future__ import annotations

import pytest
import requests

from servers import DEMO, ingest, serving

TOKEN = "page-cache-test-token"
JSON = {"Accept": "application/sparql-results+json"}
FIND_LOCATION = ("SELECT ?loc WHERE { ?loc a <https://cqcgraph.example/ontology#Location> }"
                 " ORDER BY ?loc LIMIT 1")


@pytest.mark.parametrize("http_workers", ["1", "2"])
def test_a_write_shows_on_the_next_page(tmp_path, http_workers):
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    with serving(store, token=TOKEN, env={"CQCGRAPH_HTTP_WORKERS": http_workers}) as url:
        rows = requests.get(url + "/sparql", params={"query": FIND_LOCATION}, headers=JSON,
                            timeout=30).json()["results"]["bindings"]
        loc = rows[0]["loc"]["value"]
        page = url + "/doc/" + loc.split("/id/", 1)[1]
        for accept in ("text/html", "text/turtle"):  # asked twice: the second may be kept
            for _ in range(2):
                before = requests.get(page, headers={"Accept": accept}, timeout=30)
                assert before.status_code == 200 and "a-new-nickname" not in before.text
        update = (f"INSERT DATA {{ GRAPH <https://cqcgraph.example/test-graph> {{ <{loc}>"
                  " <http://www.w3.org/2004/02/skos/core#altLabel> 'a-new-nickname' } }")
        written = requests.post(url + "/update", data={"update": update}, timeout=60,
                                headers={"Authorization": f"Bearer {TOKEN}"})
        assert written.status_code == 204, written.text
        for accept in ("text/html", "text/turtle"):
            after = requests.get(page, headers={"Accept": accept}, timeout=30)
            assert after.status_code == 200 and "a-new-nickname" in after.text, accept
