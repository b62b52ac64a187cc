"""The SERVICE allow-list fuzz at scale: N mutated SERVICE/LOAD requests (tests/service_mutations.py)
through ``/sparql`` and ``/update`` of a real ``cqcgraph serve``, aimed at a loopback listener
that is not on the allow-list. Prints the requests sent, the answers by status, and the
connections that listener accepted (it must be 0). It first measures, on a sample, how many of
the same mutations reach such a listener when pyoxigraph runs them with no guard, so that the
zero means something.

    .venv/bin/python bench/service_fuzz.py [--requests 10000] [--clients 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import http.server
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import ScriptedEndpoint, SilentEndpoint, start_server, stop_server  # noqa: E402
from service_mutations import mutated_request  # noqa: E402
from test_service_fuzz import TOKEN, empty_results, send  # noqa: E402


def unguarded_reach(sample: int, seed: int, allowed: str) -> tuple[int, int]:
    """(mutations that connect with no guard, sample size): pyoxigraph in this process, against
    a listener that answers 500 at once and counts the requests it gets."""
    hits = [0]

    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        hits[0] += 1
        handler.send_response(500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    target = ScriptedEndpoint(respond)
    reached = 0
    try:
        for i in range(sample):
            path, text = mutated_request(random.Random(seed * 1_000_003 + i),
                                         ("127.0.0.1", target.port), allowed)
            before = hits[0]
            store = ox.Store()
            try:
                if path == "/update":
                    store.update(text)
                else:
                    result = store.query(text)
                    if not isinstance(result, ox.QueryBoolean):
                        list(result)
            except Exception:  # noqa: BLE001 - errors are expected; requests are counted
                pass
            reached += hits[0] > before
    finally:
        target.close()
    return reached, sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=500,
                        help="mutations run with no guard first (0: skip)")
    args = parser.parse_args()

    allowed = ScriptedEndpoint(empty_results)
    if args.sample:
        reached, sample = unguarded_reach(args.sample, args.seed, allowed.url)
        print(f"without the guard: {reached} of {sample} mutations reach the listener",
              flush=True)

    root = Path(tempfile.mkdtemp(prefix="cqcgraph-fuzz-"))
    (root / "token").write_text(TOKEN)
    forbidden = SilentEndpoint()
    proc, url = start_server(root / "store", "--workers", "2", "--query-timeout", "10",
                             "--service-timeout", "2", "--allow-service", allowed.url,
                             "--write-token-file", str(root / "token"),
                             env={"CQCGRAPH_ALLOW_SERVICE": ""}, log=root / "server.log")
    statuses: collections.Counter = collections.Counter()
    paths: collections.Counter = collections.Counter()
    examples: dict[int, str] = {}
    lock = threading.Lock()
    counter = iter(range(args.requests))

    def client() -> None:
        for i in counter:
            path, text = mutated_request(random.Random(args.seed * 7_919 + i),
                                         ("127.0.0.1", forbidden.port), allowed.url)
            try:
                status = send(url, path, text).status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            with lock:
                statuses[status] += 1
                paths[path] += 1
                examples.setdefault(status, text)
                done = sum(statuses.values())
                if done % 1000 == 0:
                    print(f"  {done} requests, {forbidden.connections} connections to the"
                          " listener off the allow-list", flush=True)

    started = time.monotonic()
    try:
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(1)
    finally:
        stop_server(proc)
        forbidden.close()
        allowed.close()
    elapsed = time.monotonic() - started
    print(f"requests: {sum(statuses.values())} in {elapsed:.0f} s"
          f" ({', '.join(f'{p} {n}' for p, n in sorted(paths.items()))})")
    print("answers by status: " + ", ".join(f"{s}: {n}" for s, n in
                                             sorted(statuses.items(), key=str)))
    for status, text in sorted(examples.items(), key=str):
        if status not in (400,):
            print(f"  e.g. {status}: {' '.join(text.split())[:160]}")
    print(f"connections to the listener off the allow-list: {forbidden.connections}")
    sys.exit(1 if forbidden.connections else 0)


if __name__ == "__main__":
    main()
