"""One client cannot hold every request thread: past its cap it gets 429 with Retry-After at
once, while other clients and /health are answered as usual."""

from __future__ import annotations

import queue
import threading

import pytest
import requests

from cqcgraph.web.client_cap import ClientCap
from servers import DEMO, FromAddress, ingest, serving

# a cross product of the store with itself, three times: runs until the time limit stops it
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = {"Accept": "application/sparql-results+json"}


def client(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def test_a_client_past_its_cap_gets_429_and_others_are_answered(tmp_path):
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    with serving(store, "--client-requests", "2", "--query-timeout", "15") as url:
        answers: queue.Queue[requests.Response] = queue.Queue()

        def heavy() -> None:
            answers.put(client("127.0.0.1").get(url + "/sparql", params={"query": RUNAWAY},
                                                headers=JSON, timeout=90))

        threads = [threading.Thread(target=heavy, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        # two of the four are held until their time limit; the other two are refused at once
        first = [answers.get(timeout=60), answers.get(timeout=60)]
        assert [r.status_code for r in first] == [429, 429], [r.text for r in first]
        assert all(r.headers["Retry-After"].isdigit() for r in first)
        assert "in flight" in first[0].json()["message"]

        # while they run: the same client is refused, another is answered, /health always
        ask = {"query": "ASK { ?s ?p ?o }"}
        greedy = client("127.0.0.1")
        assert greedy.get(url + "/sparql", params=ask, headers=JSON, timeout=30).status_code == 429
        other = client("127.0.0.2").get(url + "/sparql", params=ask, headers=JSON, timeout=30)
        assert other.status_code == 200 and other.json()["boolean"] is True
        assert greedy.get(url + "/health", timeout=30).status_code == 200

        for t in threads:
            t.join(120)
        last = [answers.get(timeout=5).status_code for _ in range(2)]
        assert last == [503, 503], last
        # with its queries ended, the client is answered again
        assert greedy.get(url + "/sparql", params=ask, headers=JSON, timeout=30).status_code == 200


def _wsgi(answer: list[bytes]):  # noqa: ANN202
    def app(environ, start_response):  # noqa: ANN001, ANN202
        start_response("200 OK", [("Content-Type", "text/plain")])
        return answer
    return app


def call(cap: ClientCap, address: str, path: str = "/sparql", forwarded: str | None = None):  # noqa: ANN201
    environ = {"REMOTE_ADDR": address, "PATH_INFO": path}
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    seen: list[str] = []
    body = cap(environ, lambda status, headers: seen.append(status))
    return seen[0], body


def test_an_answer_counts_until_it_is_closed():
    cap = ClientCap(_wsgi([b"ok"]), limit=1)
    status, body = call(cap, "10.0.0.1")
    assert status == "200 OK" and cap.in_flight("10.0.0.1") == 1
    assert call(cap, "10.0.0.1")[0].startswith("429")
    assert call(cap, "10.0.0.2")[0] == "200 OK"
    assert call(cap, "10.0.0.1", path="/health")[0] == "200 OK"
    body.close()
    body.close()  # closing twice releases once
    assert cap.in_flight("10.0.0.1") == 0
    assert call(cap, "10.0.0.1")[0] == "200 OK"


@pytest.mark.parametrize("forwarded_for, expected", [(False, "10.0.0.9"), (True, "192.0.2.7")])
def test_the_client_behind_a_proxy(forwarded_for, expected):
    cap = ClientCap(_wsgi([b"ok"]), limit=1, forwarded_for=forwarded_for)
    call(cap, "10.0.0.9", forwarded="198.51.100.1, 192.0.2.7")
    assert cap.in_flight(expected) == 1


def test_no_cap():
    cap = ClientCap(_wsgi([b"ok"]), limit=0)
    assert all(call(cap, "10.0.0.1")[0] == "200 OK" for _ in range(5))


def test_counts_are_shared_by_processes_forked_after_them():
    import multiprocessing

    from cqcgraph.web.client_cap import SharedCounts

    shared = SharedCounts(slots=3)
    ctx = multiprocessing.get_context("fork")
    entered, release = ctx.Event(), ctx.Event()

    def other_process() -> None:  # another server process, with its own row
        shared.slot = 1
        assert shared.enter("10.0.0.1", 2)
        entered.set()
        release.wait(30)

    child = ctx.Process(target=other_process)
    child.start()
    try:
        assert entered.wait(30)
        cap = ClientCap(_wsgi([b"ok"]), limit=2, shared=shared)
        status, body = call(cap, "10.0.0.1")  # one here, one there: the client's cap of 2
        assert status == "200 OK" and cap.in_flight("10.0.0.1") == 2
        assert call(cap, "10.0.0.1")[0].startswith("429")
        assert call(cap, "10.0.0.2")[0] == "200 OK"
        shared.clear(1)  # the other process stopped (gunicorn replaced it): its row is zeroed
        assert cap.in_flight("10.0.0.1") == 1
        body.close()
        assert cap.in_flight("10.0.0.1") == 0
    finally:
        release.set()
        child.join(30)
