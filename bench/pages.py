"""Latency of the linked-data pages on a store with many documents per location.

    .venv/bin/python bench/pages.py                      # 300 documents, 12 per location
    .venv/bin/python bench/pages.py --providers 5 --locations 5 --documents 12 --rounds 5
    .venv/bin/python bench/pages.py --store STORE --kinds provider,document --code OTHER_CHECKOUT

Generates the corpus of ``tests/manydocs.py`` (every document of a location is a later reading
of its web page, so the same facts sit in many document graphs), ingests it, starts
``cqcgraph serve`` and fetches each kind of page (location, provider, document, inspection,
rating concept) as HTML and as Turtle. Prints p50/p99/max per page kind, the number of
requests that failed or took longer than the timeout, and the server's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from manydocs import write_corpus  # noqa: E402
from servers import group_rss, start_server, stop_server  # noqa: E402

BASE = "https://cqcgraph.example/id/"


def slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def sparql(url: str, query: str) -> list[dict]:
    r = requests.post(url + "/sparql", data={"query": query},
                      headers={"Accept": "application/sparql-results+json"}, timeout=120)
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def targets(url: str, n: int, spread: bool = False) -> dict[str, list[str]]:
    """Some IRIs of each kind of page, found through the endpoint: the first ``n`` in IRI
    order, or with ``spread`` ``n`` drawn at random from the whole store."""
    cqc = "https://cqcgraph.example/ontology#"
    rnd = random.Random(20261202)

    def some(cls: str) -> list[str]:
        if not spread:
            rows = sparql(url, f"SELECT DISTINCT ?x WHERE {{ ?x a <{cqc}{cls}> }} ORDER BY ?x"
                               f" LIMIT {n}")
            return [r["x"]["value"] for r in rows]
        total = int(sparql(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{cqc}{cls}> }}")
                    [0]["n"]["value"])
        picked = []
        for offset in sorted(rnd.randrange(max(1, total)) for _ in range(n)):
            rows = sparql(url, f"SELECT ?x WHERE {{ ?x a <{cqc}{cls}> }} OFFSET {offset} LIMIT 1")
            picked += [r["x"]["value"] for r in rows]
        return picked

    return {
        "location": some("Location"),
        "provider": some("Provider"),
        "document": some("SourceDocument"),
        "inspection": some("Inspection"),
        "concept": ["https://cqcgraph.example/ontology/ratings/good",
                    "https://cqcgraph.example/ontology/key-questions/overall"][:n],
    }


def page_url(url: str, iri: str) -> str:
    if iri.startswith(BASE):
        return url + "/id/" + iri[len(BASE):]
    return url + "/" + iri.split("://", 1)[1].split("/", 1)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=5)
    parser.add_argument("--locations", type=int, default=5, help="locations per provider")
    parser.add_argument("--documents", type=int, default=12, help="documents per location")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-kind", type=int, default=8, help="pages of each kind per round")
    parser.add_argument("--timeout", type=float, default=60.0, help="client timeout per page (s)")
    parser.add_argument("--store", type=Path, help="reuse (or create) the store here")
    parser.add_argument("--spread", action="store_true",
                        help="pages drawn at random from the whole store (for a large store)")
    parser.add_argument("--kinds", default="location,provider,document,inspection,concept",
                        help="the page kinds to fetch, comma-separated")
    parser.add_argument("--code", type=Path,
                        help="serve with the cqcgraph of this checkout (another commit, run"
                             " in turn with this one's on the same store to compare)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "store"
        if not store.exists():
            docs = Path(tmp) / "docs"
            write_corpus(docs, args.providers, args.locations, args.documents)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cqcgraph", "ingest", "-q", "--store",
                            str(store), str(docs)], check=True, timeout=3600)
            print(f"ingested {args.providers * args.locations * args.documents} documents in"
                  f" {time.perf_counter() - start:.1f} s")
        env = {"PYTHONPATH": str(args.code.resolve())} if args.code else None
        proc, url = start_server(store, "--workers", "2", env=env)
        try:
            wanted = set(args.kinds.split(","))
            kinds = {k: v for k, v in targets(url, args.per_kind, args.spread).items()
                     if k in wanted}
            timings: dict[str, list[float]] = {}
            failures: dict[str, int] = {}
            peak = largest = 0
            for _ in range(args.rounds):
                for kind, iris in kinds.items():
                    for iri in iris:
                        for accept, suffix in (("text/html", "html"), ("text/turtle", "ttl")):
                            key = f"{kind}.{suffix}"
                            start = time.perf_counter()
                            try:
                                r = requests.get(page_url(url, iri), headers={"Accept": accept},
                                                 timeout=args.timeout)
                                ok = r.status_code == 200
                            except requests.RequestException:
                                ok = False
                            elapsed = time.perf_counter() - start
                            timings.setdefault(key, []).append(elapsed)
                            if not ok:
                                failures[key] = failures.get(key, 0) + 1
                            one, whole = group_rss(proc.pid)
                            peak, largest = max(peak, whole), max(largest, one)
            print(f"{'page':<16} {'n':>4} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'failed':>6}")
            for key, values in sorted(timings.items()):
                values.sort()
                p99 = values[min(len(values) - 1, int(round(0.99 * (len(values) - 1))))]
                print(f"{key:<16} {len(values):>4} {1000 * statistics.median(values):>9.1f}"
                      f" {1000 * p99:>9.1f} {1000 * values[-1]:>9.1f} {failures.get(key, 0):>6}")
            print(f"peak RSS of the server and its query workers: {peak / 2**20:.0f} MiB in all,"
                  f" {largest / 2**20:.0f} MiB the largest process ({os.cpu_count()} CPUs)")
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
