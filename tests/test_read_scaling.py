"""Several HTTP worker processes answer reads over checkpoints while one writer writes: a
write sent through any of them is seen by reads through all of them, within a deadline."""

from __future__ import annotations

import time

import requests

from servers import DEMO, ingest, serving

JSON = {"Accept": "application/sparql-results+json"}
DEADLINE = 60.0


def answers_by_process(url: str, query: str, wanted: set[int] | None = None) -> dict[int, bool]:
    """ASK ``query`` on fresh connections (each may reach another worker process) until every
    process of ``wanted`` (or two different ones) has answered; {process id: answer}."""
    seen: dict[int, bool] = {}
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        with requests.Session() as s:
            health = s.get(url + "/health", timeout=30).json()
            r = s.get(url + "/sparql", params={"query": query}, headers=JSON, timeout=30)
            assert r.status_code == 200, r.text
            # the same keep-alive connection: the same process answered both
            seen[health["process"]] = r.json()["boolean"]
        if (wanted is not None and wanted <= set(seen)) or (wanted is None and len(seen) >= 2):
            return seen
    raise AssertionError(f"only processes {sorted(seen)} answered within {DEADLINE:g} s")


def test_a_write_through_one_worker_is_read_through_all(tmp_path):
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    graph = "http://example.org/graph/written-over-http"
    ask = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    auth = {"Authorization": "Bearer s3cret"}
    with serving(store, token="s3cret", env={"CQCGRAPH_HTTP_WORKERS": "2"}) as url:
        before = answers_by_process(url, ask)
        assert set(before.values()) == {False}
        workers = set(before)

        r = requests.put(url + "/store", params={"graph": graph}, timeout=60,
                         data="<http://example.org/s> <http://example.org/p> 'o' .",
                         headers={"Content-Type": "text/turtle", **auth})
        assert r.status_code == 201, r.text
        # every worker sees the write (polled: each within the deadline)
        deadline = time.monotonic() + DEADLINE
        while True:
            after = answers_by_process(url, ask, workers)
            if all(after[p] for p in workers):
                break
            assert time.monotonic() < deadline, f"not every worker sees the write: {after}"

        # a delete through the update endpoint: gone for all of them too
        r = requests.post(url + "/update", data={"update": f"DROP GRAPH <{graph}>"},
                          headers=auth, timeout=60)
        assert r.status_code == 204, r.text
        deadline = time.monotonic() + DEADLINE
        while True:
            after = answers_by_process(url, ask, workers)
            if not any(after[p] for p in workers):
                break
            assert time.monotonic() < deadline, f"a worker still sees the graph: {after}"

        # a write with a wrong token is refused by the writer, and changes nothing
        r = requests.put(url + "/store", params={"graph": graph}, timeout=60,
                         data="<http://example.org/s> <http://example.org/p> 'o' .",
                         headers={"Content-Type": "text/turtle",
                                  "Authorization": "Bearer wrong"})
        assert r.status_code == 403
        assert set(answers_by_process(url, ask, workers).values()) == {False}


def test_a_body_over_the_cap_is_refused_before_it_reaches_the_writer(tmp_path):
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("001_*.txt")))
    env = {"CQCGRAPH_HTTP_WORKERS": "2", "CQCGRAPH_MAX_DOCUMENT_BYTES": "2000"}
    with serving(store, token="s3cret", env=env) as url:
        big = "".join(f"<http://example.org/s{i}> <http://example.org/p> 'o' .\n"
                      for i in range(200))
        r = requests.put(url + "/store", params={"graph": "http://example.org/g"}, data=big,
                         headers={"Content-Type": "text/turtle",
                                  "Authorization": "Bearer s3cret"}, timeout=60)
        assert r.status_code == 413, r.text
        assert "2,000 bytes" in r.json()["error"]["message"]
        ask = {"query": "ASK { GRAPH <http://example.org/g> { ?s ?p ?o } }"}
        r = requests.get(url + "/sparql", params=ask, headers=JSON, timeout=30)
        assert r.json()["boolean"] is False
