"""A cheap lookup is answered while heavy queries hold every main query worker (the fast lane)."""

from __future__ import annotations

import threading

import requests

from servers import DEMO, ingest, start_server, stop_server

# a cross product of the store with itself, three times: runs until the time limit stops it
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_lookup_is_answered_while_heavy_queries_run(tmp_path):
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("00[124]_*.txt")))
    proc, url = start_server(store, "--workers", "1", "--query-timeout", "30")
    heavy_done = threading.Event()
    results: list[int] = []

    def heavy() -> None:
        try:
            r = requests.get(url + "/sparql", params={"query": RUNAWAY}, timeout=120,
                             headers={"Accept": "application/sparql-results+json"})
            results.append(r.status_code)
        finally:
            heavy_done.set()

    try:
        threads = [threading.Thread(target=heavy, daemon=True) for _ in range(2)]
        for t in threads:
            t.start()
        # the runaway queries overrun the fast lane's budget and move to the main worker
        heavy_done.wait(5)
        for _ in range(5):
            r = requests.get(url + "/sparql", params={"query": "ASK { ?s a ?type }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=25)
            assert r.status_code == 200 and r.json()["boolean"] is True
            assert not heavy_done.is_set(), "the lookup waited for the heavy queries to end"
        for t in threads:
            t.join(130)
        assert results and all(code == 503 for code in results), results
    finally:
        stop_server(proc)
