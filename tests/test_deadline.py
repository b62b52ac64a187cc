"""The per-task deadline pool: real worker processes, really killed. A task past its deadline
or whose process dies is a result, the tasks after it still run, and the order holds; alike
for workers started as processes of their own and for workers forked from this one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cqcgraph import forking
from cqcgraph.deadline import DeadlinePool, Stopped


def task(item):
    """Sleep for ``item`` seconds and return it; "crash" kills the process, "raise" raises."""
    if item == "crash":
        os._exit(3)
    if item == "raise":
        raise ValueError("a bad task")
    if item == "print":
        print("noise on stdout must not break the frames")
        return "printed"
    time.sleep(item)
    return item


@pytest.fixture(params=["spawned", "forked"])
def pool(monkeypatch, request):
    here = str(Path(__file__).resolve().parent)
    monkeypatch.setenv("PYTHONPATH", here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = DeadlinePool(task, 2)
    if request.param == "forked":
        if not forking.can_fork():
            pytest.skip("this process cannot fork safely (no fork, or other threads run)")
        p.start(2, fork=True)
        assert all(isinstance(w.proc, forking.ForkedChild) for w in p._workers)
    yield p
    p.close()


def test_a_task_past_its_deadline_is_stopped_and_the_rest_run_in_order(pool):
    items = [0, 60, "skip", 0.1, "crash", "raise", "print", 0]
    out = list(pool.imap(items, timeout=3, is_task=lambda i: i != "skip"))
    assert out[0] == 0 and out[2] == "skip" and out[3] == 0.1 and out[7] == 0
    assert isinstance(out[1], Stopped) and out[1].kind == "timeout"
    assert isinstance(out[4], Stopped) and out[4].kind == "crashed" and "3" in out[4].reason
    assert isinstance(out[5], Stopped) and out[5].kind == "error" and "a bad task" in out[5].reason
    assert out[6] == "printed"


def test_a_killed_worker_is_replaced_by_a_live_one(pool):
    assert isinstance(pool.run(60, timeout=2), Stopped)
    assert pool.run(0, timeout=30) == 0
    live = [w.proc.poll() is None for w in pool._workers]
    assert live and all(live)
