"""How the query workers are shared out under load: queries waiting for a worker are served in
order, a cheap one before a heavy one, and a query that only waited for the CPU on a busy
machine is not taken for a heavy one. Real worker processes over a real store."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.sparql.workers import FixedSnapshot, QueryRun, WorkerPool, heavy_key
from servers import DEMO, ingest


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    store = tmp_path_factory.mktemp("pool") / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    pool = WorkerPool(1, FixedSnapshot(store), fast=1, fast_budget=1.0)
    assert pool.wait_ready(120), "the query workers did not start"
    yield pool
    pool.close()


def _waiting(pool: WorkerPool, n: int) -> None:
    deadline = time.monotonic() + 10
    while len(pool._waiters) < n:
        assert time.monotonic() < deadline, "the query never started waiting"
        time.sleep(0.01)


def test_a_freed_worker_goes_to_the_waiting_cheap_query_before_the_heavy_one(pool):
    main = pool.checkout(5)
    fast = pool.checkout_any("ASK {}", 5)
    assert fast.fast and not main.fast
    got: dict[str, object] = {}

    def wait_for(name: str, take) -> None:  # noqa: ANN001
        got[name] = take()

    heavy = threading.Thread(target=wait_for, args=("heavy", lambda: pool.checkout(20)))
    heavy.start()
    _waiting(pool, 1)
    cheap = threading.Thread(target=wait_for, args=("cheap", lambda: pool.checkout_any("ASK {}", 20)))
    cheap.start()
    _waiting(pool, 2)
    try:
        pool.checkin(main)  # the heavy query asked first, but the cheap one gives it back soon
        cheap.join(10)
        assert got.get("cheap") is main and "heavy" not in got
        pool.checkin(fast)  # a fast worker never takes a known-heavy query
        time.sleep(0.2)
        assert "heavy" not in got and pool.idle() == 1
        pool.checkin(main)
        heavy.join(10)
        assert got.get("heavy") is main
    finally:
        for _name, t in (("heavy", heavy), ("cheap", cheap)):
            t.join(30)
        pool.checkin(main)
    assert pool.idle() == 2


def test_a_query_that_finds_no_worker_in_time_gets_503_with_retry_after(pool):
    taken = [pool.checkout(5), pool.checkout_any("ASK {}", 5)]
    try:
        with pytest.raises(ProtocolError) as refused:
            pool.checkout_any("ASK {}", 0.3)
        assert refused.value.status == 503 and refused.value.headers.get("Retry-After")
        assert not pool._waiters, "a query that gave up stays in the queue"
    finally:
        for worker in taken:
            pool.checkin(worker)


def test_a_cheap_query_starved_of_cpu_is_not_taken_for_a_heavy_one(pool):
    request = {"query": "ASK { ?s ?p ?o }", "results_format": "json",
               "snapshot": pool.snapshots.current}
    fast = pool.checkout_any("ASK {}", 5)
    pid = fast.proc.pid
    pool.checkin(fast)
    # the fast worker gets no CPU for longer than the fast lane's budget of wall time
    os.kill(pid, signal.SIGSTOP)
    resume = threading.Timer(1.6, os.kill, (pid, signal.SIGCONT))
    resume.start()
    try:
        run = QueryRun(dict(request), 30, pool)
        header = run.start()
        body = b"".join(run.chunks())
    finally:
        resume.join(5)
        os.kill(pid, signal.SIGCONT)
    assert header["kind"] == "boolean" and b"true" in body
    assert not pool.is_heavy(heavy_key(request)), "a query that waited for the CPU was marked heavy"
    assert any(w.proc.pid == pid for w in pool._all), "the starved fast worker was killed"
