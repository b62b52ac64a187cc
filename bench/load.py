"""A mixed load on the endpoint, as a public service gets it: cheap lookups, pages, heavy
aggregates and a whole dump at the same time. Prints, per kind of request, how many were
made, the answers by status, p50 and p99 latency, and the peak memory of the server's
processes. The question it answers: does a cheap lookup stay fast while heavy work runs?

    .venv/bin/python bench/load.py [--locations 20000] [--seconds 60] [--clients 16]

Clients are split: half cheap lookups (ASK and a point SELECT), a fifth location pages,
a quarter heavy aggregates, and one whole-store dump (restarted when it ends). Every request
has a client-side timeout, the run is bounded in time, and all traffic stays on loopback.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0] / "tests"))
sys.path.insert(0, str(HERE))
from endpoint import HEAVY, ID, POINT, build  # noqa: E402
from servers import FromAddress, group_rss, start_server, stop_server  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--locations", type=int, default=20000)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--workers", type=int, default=2, help="query workers (of each HTTP worker)")
    p.add_argument("--http-workers", type=int, default=0,
                   help="HTTP worker processes (CQCGRAPH_HTTP_WORKERS; 0: one per core)")
    p.add_argument("--store", type=Path, help="reuse (or create) the store here")
    args = p.parse_args()
    root = Path(tempfile.mkdtemp(prefix="cqcgraph-load-"))
    try:
        t0 = time.monotonic()
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if args.store is None or not args.store.exists():
            build(args.store or root / "store", args.locations)
            print(f"store: {args.locations:,} locations, built in {time.monotonic() - t0:.1f} s")
        store = root / "store"
        if args.store is not None:
            shutil.copytree(args.store, store)
        proc, url = start_server(store, "--workers", str(args.workers), "--query-timeout", "30",
                                 env={"CQCGRAPH_HTTP_WORKERS": str(args.http_workers)})
        try:
            run(url, proc.pid, args)
        finally:
            stop_server(proc)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(url: str, pgid: int, args: argparse.Namespace) -> None:
    n = args.clients
    kinds = (["cheap"] * max(1, n // 2) + ["page"] * max(1, n // 5) + ["heavy"] * max(1, n // 4)
             + ["dump"])
    kinds = kinds[:max(n, 4)]
    latency: dict[str, list[float]] = collections.defaultdict(list)
    status: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    stop = time.monotonic() + args.seconds
    peak = [0, 0]

    def request(kind: str, s: requests.Session, rnd: random.Random) -> None:
        loc = f"{ID}location/1-{rnd.randrange(args.locations)}"
        start = time.monotonic()
        try:
            if kind == "cheap":
                query = POINT.format(loc=loc) if rnd.random() < 0.5 else "ASK { ?s ?p ?o }"
                r = s.get(url + "/sparql", params={"query": query}, timeout=60,
                          headers={"Accept": "application/sparql-results+json"})
            elif kind == "page":
                r = s.get(url + "/doc/location/1-" + loc.rsplit("-", 1)[1], timeout=60,
                          headers={"Accept": "text/html"})
            elif kind == "heavy":
                r = s.get(url + "/sparql", params={"query": HEAVY}, timeout=60,
                          headers={"Accept": "application/sparql-results+json"})
            else:
                with s.get(url + "/dumps/all.nq", stream=True, timeout=60) as r:
                    for _ in r.iter_content(1 << 16):
                        if time.monotonic() > stop:
                            break
            code = str(r.status_code)
        except requests.RequestException as exc:
            code = type(exc).__name__
        latency[kind].append(time.monotonic() - start)
        status[kind][code] += 1

    def client(k: int, kind: str) -> None:
        s = requests.Session()
        # each client from its own loopback address, as the server's per-client cap sees it
        s.mount("http://", FromAddress(f"127.0.0.{2 + k}"))
        rnd = random.Random(k)
        while time.monotonic() < stop:
            request(kind, s, rnd)

    def sample() -> None:
        while time.monotonic() < stop:
            largest, total = group_rss(pgid)
            peak[0], peak[1] = max(peak[0], largest), max(peak[1], total)
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(k, kind), daemon=True)
               for k, kind in enumerate(kinds)]
    threads.append(threading.Thread(target=sample, daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.seconds + 90)
    counts = collections.Counter(kinds)
    print(f"{args.seconds:g} s, {len(kinds)} clients ({', '.join(f'{v} {k}' for k, v in counts.items())}),"
          f" {args.workers} query workers, HTTP workers {args.http_workers or 'as serve chooses'}")
    print(f"{'kind':<6} {'requests':>8} {'p50 ms':>9} {'p99 ms':>9}  answers")
    for kind in ("cheap", "page", "heavy", "dump"):
        ms = sorted(x * 1000 for x in latency[kind])
        if not ms:
            continue
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        answers = ", ".join(f"{code}: {c}" for code, c in sorted(status[kind].items()))
        print(f"{kind:<6} {len(ms):>8} {statistics.median(ms):>9.1f} {p99:>9.1f}  {answers}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"peak memory: largest server process {peak[0] / 2**20:.0f} MiB,"
          f" all server processes {peak[1] / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
