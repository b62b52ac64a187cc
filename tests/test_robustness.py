"""Hostile input and crashes: a bad document is a clear report, never a crash; an ingest killed
half-way leaves no half document, and running it again completes the store."""

from __future__ import annotations

import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import time

import pytest

from cqcgraph.api import Cqcgraph
from cqcgraph.settings import Settings

from conftest import PROJECT, run_cli, seed
from servers import track
from test_derived_summaries import own_graphs

sys.path.insert(0, str(PROJECT / "bench"))
from ingest import location_page  # noqa: E402  (the benchmark's document generator)


def hostile_documents() -> dict[str, bytes]:
    rng = random.Random(7)
    pdf = seed("002").read_bytes()[:2000]
    return {
        "random.bin": bytes(rng.getrandbits(8) for _ in range(4096)),
        "random.pdf": b"%PDF-1.4\n" + bytes(rng.getrandbits(8) for _ in range(4096)),
        "not-a-pdf.pdf": pdf,
        "nul.txt": b"\x00" * 10_000,
        "latin1.txt": "Caf\xe9 R\xe9sum\xe9 Good".encode("latin-1"),
        "deep.html": b"<div>" * 20_000 + b"Overall: Good" + b"</div>" * 20_000,
        "script.html": b"<html><script>alert('x')</script><body>" + b"<p>&lt;b&gt;</p>" * 100 + b"</body></html>",
        "long-line.txt": b"Rated Good " * 200_000,
        "broken.json": b'{"locationId": "1-123", "name": ',
        "array.json": b"[1, 2, 3]",
        "utf16.txt": "Overall: Good\nProvided and run by:\nX Ltd".encode("utf-16"),
        "empty.html": b"<html></html>",
        "controls.txt": bytes(range(1, 32)) * 100,
    }


@pytest.mark.parametrize("name", sorted(hostile_documents()))
def test_hostile_input_is_a_report_never_a_crash(name):
    data = hostile_documents()[name]
    with Cqcgraph(Settings(memory=True)) as app:
        report = app.ingest_bytes(data, name)
    assert report.status in {"failed", "stored", "invalid"}
    if report.status == "failed":
        assert report.reason and "Traceback" not in report.reason
    if report.status == "invalid":
        assert report.violations


def _wait_for_progress(proc: subprocess.Popen, total: int, *, done: int, deadline: float) -> None:
    """Read an ingest's progress bar (stderr) until it reports ``done`` of ``total`` documents."""
    assert proc.stderr is not None
    seen = b""
    pattern = re.compile(rb"(\d+)/%d" % total)
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 1.0)
        if not ready:
            continue
        chunk = os.read(proc.stderr.fileno(), 65536)
        if not chunk:
            raise AssertionError("the ingest ended before it was stopped: " + seen[-500:].decode())
        seen = (seen + chunk)[-4096:]
        if any(int(n) >= done for n in pattern.findall(seen)):
            return
    raise AssertionError("the ingest reported no progress in time")


def test_a_killed_ingest_leaves_no_half_document_and_running_again_completes(tmp_path):
    rng = random.Random(3)
    folder = tmp_path / "docs"
    folder.mkdir()
    total = 600
    for i in range(total):
        (folder / f"page-{i:04d}.txt").write_text(location_page(i, rng), encoding="utf-8")
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQCGRAPH_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cqcgraph", "ingest", "--store", str(store), str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=str(PROJECT),
        start_new_session=True,
    )
    track(proc)
    try:
        # part-way, however fast the machine: once its progress says some documents are done
        _wait_for_progress(proc, total, done=30, deadline=time.monotonic() + 300)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and its worker processes, mid-way
        proc.wait(timeout=30)

    # every document graph in the store is whole: it has its provenance and its location
    with Cqcgraph(Settings(store=store)) as app:
        rows = app.store.select(
            """SELECT ?g (COUNT(?sha) AS ?n) (COUNT(?l) AS ?locs) WHERE {
                 GRAPH ?g { ?g a <https://cqcgraph.example/ontology#SourceDocument> .
                   OPTIONAL { ?g <https://cqcgraph.example/ontology#sha256> ?sha }
                   OPTIONAL { ?l a <https://cqcgraph.example/ontology#Location> } } } GROUP BY ?g"""
        )
        partial = len(rows)
        assert all(int(r["n"]) >= 1 and int(r["locs"]) >= 1 for r in rows)
        # documents are written in batches, each with the upkeep of the current state in its
        # transaction: what the kill left is in step with the documents it left
        kept = own_graphs(app)
        app.rebuild_summaries()
        assert own_graphs(app) == kept
    assert 0 < partial < total  # it was really stopped part-way

    again = run_cli("ingest", "--quiet", "--json", "--store", str(store), str(folder), timeout=600)
    assert again.returncode == 0, again.stderr.decode()
    statuses = json.loads(again.stdout)["by_status"]
    assert statuses.get("unchanged", 0) == partial
    assert statuses.get("stored", 0) == total - partial
    counts = json.loads(run_cli("stats", "--json", "--store", str(store)).stdout)
    assert counts["documents"] == total


def children(pid: int) -> list[tuple[int, str]]:
    """The child processes of ``pid`` with their command lines (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            found.append((int(entry), cmdline))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the writer through /proc")
def test_a_killed_writer_is_started_again_and_writes_are_503_meanwhile(tmp_path):
    """Readers and a writer (two HTTP workers): the writer's process is killed with SIGKILL.
    Writes are answered at once, 503 with Retry-After while it is down (never a hang), the
    server's log says it stopped and is back, and then writes and reads go on as before."""
    import requests

    from servers import DEMO, ingest, start_server, stop_server

    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("002_*.txt")))
    (tmp_path / "token").write_text("writer-token")
    log = tmp_path / "server.log"
    proc, url = start_server(store, "--http-workers", "2", "--workers", "1",
                             "--write-token-file", str(tmp_path / "token"), log=log)
    headers = {"Authorization": "Bearer writer-token",
               "Content-Type": "application/sparql-update"}

    def write(n: int) -> requests.Response:
        return requests.post(url + "/update", headers=headers, timeout=60,
                             data=f"INSERT DATA {{ GRAPH <urn:x:g{n}> {{ <urn:x:s> <urn:x:p> {n} }} }}")

    try:
        assert write(0).status_code == 204
        (writer,) = [pid for pid, cmd in children(proc.pid) if "cqcgraph.web.serve" in cmd]
        os.kill(writer, signal.SIGKILL)
        answers = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r = write(len(answers) + 1)
            answers.append(r.status_code)
            if r.status_code == 204 and "writer is back" in log.read_text(errors="replace"):
                break
            if r.status_code == 503:
                assert r.headers.get("Retry-After")
                assert "writer" in r.json()["error"]["message"]
            time.sleep(0.5)
        assert set(answers) <= {204, 503}, answers
        assert answers[-1] == 204, answers
        written = [n for n, status in enumerate(answers, 1) if status == 204] + [0]
        found = requests.post(url + "/sparql", timeout=60, data={
            "query": "SELECT ?o WHERE { GRAPH ?g { <urn:x:s> <urn:x:p> ?o } }"},
            headers={"Accept": "application/sparql-results+json"}).json()
        assert sorted(int(b["o"]["value"]) for b in found["results"]["bindings"]) == sorted(written)
        said = log.read_text(errors="replace")
        assert "the store's writer process stopped" in said
        assert "the store's writer is back" in said
    finally:
        stop_server(proc)
