"""Snapshot folders do not pile up: a server process that was killed (or crashed) left its
query workers' snapshots behind forever; the next server on the same store removes them, and
keeps those of a process that is still alive."""

from __future__ import annotations

import subprocess
import sys
import time

from cqcgraph.store import GraphStore
from cqcgraph.sparql.workers import Snapshots, WorkerPool


def wait_until(condition, deadline: float = 120.0) -> None:  # noqa: ANN001
    end = time.monotonic() + deadline
    while not condition():
        assert time.monotonic() < end, "not within the deadline"
        time.sleep(0.05)


def checkpoints(root) -> list[str]:  # noqa: ANN001
    """The checkpoint folders of a server's snapshot folder (beside them: each one's lease
    file and the ``current`` file naming the newest), and every lease with no checkpoint."""
    names = sorted(p.name for p in root.iterdir() if p.is_dir())
    orphans = sorted(p.name for p in root.glob("*.lease") if p.name[:-6] not in names)
    return names + orphans


def test_snapshots_of_a_dead_server_process_are_removed_at_start(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    root = tmp_path / ".store.snapshots"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = root / gone.stdout.strip() / "s000007"
    dead.mkdir(parents=True)
    (dead / "CURRENT").write_text("left behind by a killed server")
    alive = root / "1" / "s000001"  # pid 1 is always alive
    alive.mkdir(parents=True)
    snapshots = Snapshots(store)
    try:
        assert not dead.parent.exists()
        assert alive.exists()
        assert checkpoints(snapshots.root) == ["s000001"]
    finally:
        snapshots.close()
        store.close()


def test_a_killed_query_worker_leaves_no_snapshot(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    snapshots = Snapshots(store)
    pool = WorkerPool(2, snapshots, fast=0)
    try:
        wait_until(lambda: pool.idle() == 2)  # both workers up, the current snapshot open
        for worker in list(pool._all):
            worker.proc.kill()
            worker.proc.wait(timeout=10)
        snapshots.renew()
        pool.refresh_idle()  # finds them dead, replaces them; the new ones open the new one
        wait_until(lambda: pool.idle() == 2)
        pool.refresh_idle()
        assert checkpoints(snapshots.root) == [snapshots.current.rsplit("/", 1)[1]]
    finally:
        pool.close()
        snapshots.close()
        store.close()
