"""Search at national scale: an index of N generated locations and providers (default
100,000 locations), then the time of each kind of search, as p50 / p99 over many queries, with
SQLite's own exact-match lookup as the reference in the same run.

    python bench/search.py [-n 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from cqcgraph.search import Entity, SearchIndex

WORDS = ("Oak Elm Ash Birch Willow Rose Lavender Meadow Park Court Lodge House Manor Grange "
         "Orchard Hill Brook Field Green View Haven Gardens Hall Acre Cross Bridge Mill").split()
KINDS = ("Care Home", "Nursing Home", "Surgery", "Medical Centre", "Dental Practice",
         "Home Care", "Clinic", "Hospital", "Health Centre", "Supported Living")
AREAS = ("LU", "RG", "EX", "NE", "LE", "RH", "SW", "M", "B", "LS", "BS", "CB", "OX", "YO")


def name(rng: random.Random) -> str:
    return f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(KINDS)}"


def postcode(rng: random.Random) -> str:
    return (f"{rng.choice(AREAS)}{rng.randint(1, 40)} {rng.randint(0, 9)}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}")


def typo(text: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1:]


def timed(fn, queries) -> list[float]:  # noqa: ANN001
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def line(label: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"{label:<32} p50 {statistics.median(ms):7.2f} ms   p99 {p99:7.2f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        index = SearchIndex.open(Path(tmp) / "bench.search.sqlite")
        entities = [Entity(f"https://cqcgraph.example/id/location/{i}", "location", name(rng),
                           postcode=postcode(rng), cqc_id=f"1-{100000000 + i}",
                           provider=f"{rng.choice(WORDS)} Care Ltd")
                    for i in range(args.n)]
        entities += [Entity(f"https://cqcgraph.example/id/provider/{i}", "provider",
                            f"{rng.choice(WORDS)} {rng.choice(WORDS)} Care Ltd")
                     for i in range(args.n // 3)]
        start = time.perf_counter()
        for k in range(0, len(entities), 5000):
            index.put_entities(entities[k:k + 5000])
        build = time.perf_counter() - start
        size = (Path(tmp) / "bench.search.sqlite").stat().st_size
        print(f"index: {len(entities):,} entities in {build:.1f} s "
              f"({len(entities) / build:,.0f}/s), {size / 2**20:.0f} MiB")
        sample = rng.sample(entities[:args.n], args.queries)
        exact = [e.name for e in sample]
        typos = [typo(e.name.split()[0] + " " + e.name.split()[1], rng) for e in sample]
        parts = [e.name.split()[0] for e in sample]
        codes = [e.postcode for e in sample]
        districts = [e.postcode.split()[0] for e in sample]
        ids = [e.cqc_id for e in sample]

        def reference(q: str) -> None:
            index.db.execute("SELECT iri FROM entity WHERE name = ?", (q,)).fetchall()

        print(line("reference: SQL name = ?", timed(reference, exact)))
        for label, queries in [("full name", exact), ("name with a typo", typos),
                               ("one word of a name", parts), ("postcode", codes),
                               ("postcode district", districts), ("CQC ID", ids)]:
            print(line(label, timed(lambda q: index.search(q, findings=False), queries)))
        index.close()


if __name__ == "__main__":
    main()
