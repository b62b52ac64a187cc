"""Requests per second of cqcgraph's endpoint against ``oxigraph serve`` on the same data.

    nice -n 10 .venv/bin/python bench/endpoint.py [--locations 20000] [--concurrency 1 4 16]
        [--seconds 5] [--rounds 3] [--kinds point ttl html construct heavy] [--http-workers N]

Builds a synthetic CQC-shaped store (one named graph per location), copies it for each server,
starts ``cqcgraph serve`` (gunicorn: reader processes over checkpoints and one writer, query
workers) and ``oxigraph serve`` (both inherit this process's niceness, so they run at the same
``nice``), then, for each round, each concurrency and each kind of request, measures both
servers one after the other for ``--seconds`` (the order alternates between rounds, so load
from elsewhere falls on both alike) and prints the ratio of the two in that same slot, then the
median and lowest ratio of every (kind, concurrency), with the CPU time the server processes
spent per request (less sensitive to load from elsewhere than requests per second). Kinds:

* ``point``: a point lookup (the ratings of one location, SPARQL JSON), the same query on both;
* ``ttl`` / ``html``: the location's page ``/doc/location/…`` as Turtle / HTML, against
  ``oxigraph serve`` answering the CONSTRUCT of the same statements (the resource's
  statements with their objects' labels, as Turtle): Oxigraph has no pages, so this is the
  nearest request that gives the same facts;
* ``construct``: that same CONSTRUCT of a location, as Turtle, the same query on both (at
  ``/sparql`` here);
* ``heavy``: a national aggregate, the same query on both.

Clients are ``--client-processes`` processes (default: 2, or 1 at concurrency 1) of
keep-alive connections, so the client's own interpreter is not the limit. The load average
is printed at the start and the end: the machine may be shared.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import group_cpu, group_rss, start_oxigraph, start_server, stop_server  # noqa: E402

CQC = "https://cqcgraph.example/ontology#"
ID = "https://cqcgraph.example/id/"
RATINGS = ["outstanding", "good", "requires-improvement", "inadequate"]
KQ = ["overall", "safe", "effective", "caring", "responsive", "well-led"]


def build(path: Path, n: int) -> None:
    store = ox.Store(str(path))
    rnd = random.Random(1)
    T = ox.NamedNode

    def quads():
        for i in range(n):
            g = T(f"{ID}document/doc-{i}")
            loc = T(f"{ID}location/1-{i}")
            yield ox.Quad(loc, T("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), T(CQC + "Location"), g)
            yield ox.Quad(loc, T("http://schema.org/name"), ox.Literal(f"Location {i}"), g)
            for k in range(3):
                insp = T(f"{ID}location/1-{i}/inspection/{k}")
                yield ox.Quad(insp, T(CQC + "inspectionOf"), loc, g)
                yield ox.Quad(insp, T(CQC + "publicationDate"),
                              ox.Literal(f"20{15 + k}-0{1 + k}-01", datatype=T("http://www.w3.org/2001/XMLSchema#date")), g)
                for kq in KQ:
                    r = T(f"{insp.value}/rating/{kq}")
                    yield ox.Quad(insp, T(CQC + "hasRating"), r, g)
                    yield ox.Quad(r, T(CQC + "keyQuestion"), T(f"https://cqcgraph.example/ontology/key-questions/{kq}"), g)
                    yield ox.Quad(r, T(CQC + "ratingValue"), T(f"https://cqcgraph.example/ontology/ratings/{rnd.choice(RATINGS)}"), g)

    store.bulk_extend(quads())
    store.flush()
    store.optimize()


POINT = ("PREFIX cqc: <https://cqcgraph.example/ontology#> SELECT ?kq ?v ?d WHERE {{ "
         "?i cqc:inspectionOf <{loc}> ; cqc:hasRating ?r ; cqc:publicationDate ?d . "
         "?r cqc:keyQuestion ?kq ; cqc:ratingValue ?v }}")
HEAVY = ("PREFIX cqc: <https://cqcgraph.example/ontology#> SELECT ?v (COUNT(*) AS ?n) WHERE { "
         "?i cqc:inspectionOf ?l ; cqc:hasRating ?r . ?r cqc:ratingValue ?v ; "
         "cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> } GROUP BY ?v")


PAGE = ("CONSTRUCT { <{loc}> ?p ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        " WHERE { GRAPH ?g { <{loc}> ?p ?o OPTIONAL { ?o"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?l } } }")


def request_for(side: str, kind: str, i: int) -> tuple[str, str]:
    """(path and query string, Accept) of one request of ``kind`` for location ``i``."""
    loc = f"{ID}location/1-{i}"
    if side == "cqcgraph":
        if kind in ("ttl", "html"):
            return f"/doc/location/1-{i}", "text/turtle" if kind == "ttl" else "text/html"
        if kind == "construct":
            return "/sparql?" + urllib.parse.urlencode(
                {"query": PAGE.replace("{loc}", loc)}), "text/turtle"
        query = POINT.format(loc=loc) if kind == "point" else HEAVY
        return "/sparql?" + urllib.parse.urlencode({"query": query}), \
            "application/sparql-results+json"
    if kind in ("ttl", "html", "construct"):
        return "/query?" + urllib.parse.urlencode(
            {"query": PAGE.replace("{loc}", loc), "union-default-graph": ""}), "text/turtle"
    query = POINT.format(loc=loc) if kind == "point" else HEAVY
    return "/query?" + urllib.parse.urlencode({"query": query, "union-default-graph": ""}), \
        "application/sparql-results+json"


def _client(args: tuple) -> tuple[int, int, list[float]]:
    """One client process: ``threads`` keep-alive connections until ``stop`` (monotonic)."""
    import threading

    port, side, kind, threads, stop, seed, locations = args
    done, errors, latencies = [0], [0], []
    lock = threading.Lock()

    def run(k: int) -> None:
        rnd = random.Random(seed * 1000 + k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            path, accept = request_for(side, kind, rnd.randrange(locations))
            start = time.monotonic()
            try:
                conn.request("GET", path, headers={"Accept": accept})
                answer = conn.getresponse()
                answer.read()
                ok = answer.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                ok = False
            with lock:
                latencies.append(time.monotonic() - start)
                done[0] += 1
                errors[0] += 0 if ok else 1
        conn.close()

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return done[0], errors[0], latencies


def load(pool, port: int, side: str, kind: str, clients: int, seconds: float,
         processes: int, locations: int) -> tuple[float, int, float, float]:
    """(requests/s, errors, p50 ms, p99 ms) of ``clients`` concurrent clients."""
    processes = max(1, min(processes, clients))
    stop = time.monotonic() + seconds + 0.5  # every process starts before the clock runs
    shares = [clients // processes + (1 if k < clients % processes else 0)
              for k in range(processes)]
    jobs = [(port, side, kind, share, stop, k, locations) for k, share in enumerate(shares)]
    results = pool.map(_client, jobs)
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    latencies = sorted(x for r in results for x in r[2])
    if not latencies:
        return 0.0, errors, 0.0, 0.0
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return done / (seconds + 0.5), errors, statistics.median(latencies) * 1000, p99 * 1000


class PeakMemory:
    """The largest resident memory of the server's process group, sampled twice a second
    while the bench runs (the requirement is on the server under load)."""

    def __init__(self, pgid: int) -> None:
        import threading

        self.pgid, self.largest, self.total = pgid, 0, 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stopped.wait(0.5):
            largest, total = group_rss(self.pgid)
            self.largest, self.total = max(self.largest, largest), max(self.total, total)

    def stop(self) -> str:
        self.stopped.set()
        self.thread.join()
        return (f"cqcgraph server memory at its peak: {self.largest / 2**20:.0f} MiB the largest"
                f" process, {self.total / 2**20:.0f} MiB the whole group")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--locations", type=int, default=20000)
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    p.add_argument("--clients", type=int, help="one concurrency (same as --concurrency N)")
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--kinds", nargs="+", default=["point", "ttl", "html", "construct"],
                   choices=["point", "ttl", "html", "construct", "heavy"])
    p.add_argument("--http-workers", type=int, default=0,
                   help="cqcgraph's HTTP worker processes (0: one per core)")
    p.add_argument("--client-processes", type=int, default=2)
    p.add_argument("--page-cache-mb", type=int, default=32,
                   help="cqcgraph's page cache per process (0: every page made afresh; with a"
                        " cache, a page asked for again in a later slot is a cache hit)")
    p.add_argument("--store", type=Path, help="reuse (or create) the store here")
    args = p.parse_args()
    if args.clients:
        args.concurrency = [args.clients]
    root = Path(tempfile.mkdtemp(prefix="cqcgraph-bench-"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())};"
          f" {os.cpu_count()} CPUs; niceness {os.nice(0)} (both servers)")
    try:
        t0 = time.monotonic()
        source = args.store or root / "a"
        if not source.exists():
            build(source, args.locations)
            print(f"store: {args.locations} locations, built in {time.monotonic() - t0:.1f} s")
        shutil.copytree(source, root / "ours")
        shutil.copytree(source, root / "theirs")
        proc, url = start_server(root / "ours", "--workers", "2", "--client-requests", "0",
                                 env={"CQCGRAPH_HTTP_WORKERS": str(args.http_workers),
                                      "CQCGRAPH_PAGE_CACHE_MB": str(args.page_cache_mb)})
        ours_port = int(url.rsplit(":", 1)[1])
        oxi, oxi_url = start_oxigraph(root / "theirs")
        port = int(oxi_url.rsplit(":", 1)[1])
        ratios: dict[tuple[str, int], list[float]] = {}
        cpu_ms: dict[tuple[str, int, str], list[float]] = {}
        ctx = multiprocessing.get_context("fork")
        memory: PeakMemory | None = None
        try:
            with ctx.Pool(max(args.client_processes, 1)) as pool:
                memory = PeakMemory(proc.pid)  # (its thread starts after the pool's forks)
                for kind in args.kinds:  # warm both (caches, query workers)
                    load(pool, ours_port, "cqcgraph", kind, 4, 1, 2, args.locations)
                    load(pool, port, "oxigraph", kind, 4, 1, 2, args.locations)
                print(f"{'round':>5} {'kind':<6} {'c':>3} {'cqcgraph req/s':>15} {'p50/p99 ms':>15}"
                      f" {'oxigraph req/s':>15} {'p50/p99 ms':>15} {'ratio':>6}")
                for r in range(args.rounds):
                    for c in args.concurrency:
                        for kind in args.kinds:
                            sides = [("cqcgraph", ours_port), ("oxigraph", port)]
                            if r % 2:
                                sides.reverse()
                            got, cpu = {}, {}
                            for side, side_port in sides:
                                procs = 1 if c == 1 else args.client_processes
                                group = proc.pid if side == "cqcgraph" else oxi.pid
                                before = group_cpu(group)
                                got[side] = load(pool, side_port, side, kind, c, args.seconds,
                                                 procs, args.locations)
                                done = got[side][0] * (args.seconds + 0.5)
                                cpu[side] = (group_cpu(group) - before) / max(done, 1) * 1000
                                cpu_ms.setdefault((kind, c, side), []).append(cpu[side])
                            ours, theirs = got["cqcgraph"], got["oxigraph"]
                            ratio = ours[0] / theirs[0] if theirs[0] else float("nan")
                            ratios.setdefault((kind, c), []).append(ratio)
                            errors = "".join(f" ({v[1]} errors {k})" for k, v in got.items()
                                             if v[1])
                            print(f"{r + 1:>5} {kind:<6} {c:>3} {ours[0]:>15.1f}"
                                  f" {ours[2]:>7.1f}/{ours[3]:<7.1f} {theirs[0]:>15.1f}"
                                  f" {theirs[2]:>7.1f}/{theirs[3]:<7.1f} {ratio:>6.2f}"
                                  f"   cpu ms/req {cpu['cqcgraph']:.2f} / {cpu['oxigraph']:.2f}"
                                  f"{errors}",
                                  flush=True)
        finally:
            if memory is not None:
                print(memory.stop())
            stop_server(proc)
            oxi.terminate()
            oxi.wait(10)
        print("ratio cqcgraph / oxigraph serve, same slot: median (lowest)")
        for (kind, c), values in ratios.items():
            ours_cpu = statistics.median(cpu_ms[(kind, c, "cqcgraph")])
            theirs_cpu = statistics.median(cpu_ms[(kind, c, "oxigraph")])
            print(f"  {kind:<6} c={c:<3} {statistics.median(values):.2f} ({min(values):.2f})"
                  f"   server CPU per request: cqcgraph {ours_cpu:.2f} ms, oxigraph serve"
                  f" {theirs_cpu:.2f} ms")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
