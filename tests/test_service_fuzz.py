"""The SERVICE allow-list holds under mutation: a real server (gunicorn, query workers) is sent
SERVICE and LOAD requests aimed at a loopback listener that is not on its allow-list, written
every way tests/service_mutations.py knows (escapes in strings and IRIs, comments, IRIs spelt
as prefixed names, under BASE, relative, with other host spellings, nested, in subqueries,
EXISTS, updates, mixed case), through ``/sparql`` and ``/update``. The listener counts every TCP
connection it accepts: the count must stay 0, whatever each request's answer.

A few hundred examples per run; ``bench/service_fuzz.py`` runs 10,000.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import ScriptedEndpoint, SilentEndpoint, answering, serving
from service_mutations import mutated_request

TOKEN = "fuzz-token"
EXAMPLES = 300


# one empty solution, as an endpoint that has nothing to add answers
empty_results = answering(200, b'{"head":{"vars":[]},"results":{"bindings":[{}]}}',
                          "application/sparql-results+json")


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """(server URL, forbidden listener, allowed endpoint URL)."""
    root = tmp_path_factory.mktemp("fuzz")
    forbidden = SilentEndpoint()
    allowed = ScriptedEndpoint(empty_results)
    try:
        with serving(root / "store", "--workers", "2", "--query-timeout", "10",
                     "--service-timeout", "2", "--allow-service", allowed.url, token=TOKEN,
                     env={"CQCGRAPH_ALLOW_SERVICE": ""}, log=root / "server.log") as url:
            yield url, forbidden, allowed.url
    finally:
        forbidden.close()
        allowed.close()


def send(server: str, path: str, text: str) -> requests.Response:
    if path == "/update":
        return requests.post(server + path, data=text.encode(), timeout=60, headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    return requests.post(server + path, data=text.encode(), timeout=60, headers={
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"})


def test_such_a_listener_is_reached_without_the_guard():
    """Without the guard (pyoxigraph on its own, in a process killed afterwards) a SERVICE to
    such a listener connects: the zero counts below are the guard's doing."""
    with SilentEndpoint() as listener:
        query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        proc = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph as ox;"
                                 " list(ox.Store().query(sys.argv[1]))", query])
        try:
            deadline = time.monotonic() + 60
            while listener.connections == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert listener.connections > 0
        finally:
            proc.kill()
            proc.wait(timeout=10)


def test_the_escape_from_the_report_is_refused(fuzz_server):
    server, forbidden, _ = fuzz_server
    before = forbidden.connections
    text = f"SELECT * {{ BIND('a\\u0027b' AS ?x) SERVICE <{forbidden.url}> {{ ?s ?p ?o }} }}"
    r = send(server, "/sparql", text)
    assert r.status_code == 400 and "not allowed" in r.json()["error"]["message"]
    r = send(server, "/update", "INSERT { ?s ?p ?o } WHERE { BIND('a\\u0027b' AS ?x) SERVICE"
                                f" <{forbidden.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 400
    r = send(server, "/update", "INSERT DATA { <http://a.example/> <http://b.example/>"
                                f" 'a\\u0027b' }} ; LOAD <{forbidden.url}>")
    assert r.status_code == 400 and "LOAD" in r.json()["error"]["message"]
    time.sleep(0.3)
    assert forbidden.connections == before


def test_an_allowed_service_still_runs_with_escapes_and_nesting(fuzz_server):
    server, _, allowed = fuzz_server
    r = send(server, "/sparql", f"SELECT * {{ BIND('a\\u0027b' AS ?x) SERVICE <{allowed}> {{ }} }}")
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "a'b"


def test_a_deep_query_is_refused_before_the_engine(fuzz_server):
    server, _, _ = fuzz_server
    for path, text in [("/sparql", "SELECT * " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000),
                       ("/sparql", "ASK { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"),
                       ("/sparql", "ASK { FILTER(" + "+".join(["1"] * 10_000) + ") }"),
                       ("/update", "INSERT { ?s ?p ?o } WHERE " + "{ " * 10_000 + "?s ?p ?o"
                        + " }" * 10_000)]:
        r = send(server, path, text)
        assert r.status_code == 400, (path, r.status_code, r.text[:200])
        assert "limit of this server is 500" in r.json()["error"]["message"]
    assert requests.get(server + "/health", timeout=30).status_code == 200


def test_a_long_query_mentioning_service_gets_a_clear_400(fuzz_server):
    server, _, allowed = fuzz_server
    body = " ".join(f"?s <http://x.example/p{i}> ?o{i} ." for i in range(2000))
    r = send(server, "/sparql", f"SELECT * {{ SERVICE <{allowed}> {{ {body} }} }}")
    assert r.status_code == 400 and "KiB" in r.json()["error"]["message"]
    assert requests.get(server + "/health", timeout=30).status_code == 200


@settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_no_mutated_request_reaches_a_listener_off_the_allow_list(fuzz_server, seed):
    server, forbidden, allowed = fuzz_server
    host, port = "127.0.0.1", forbidden.port
    path, text = mutated_request(random.Random(seed), (host, port), allowed)
    r = send(server, path, text)
    assert r.status_code != 500, (text, r.text[:300])
    assert forbidden.connections == 0, text
