"""A SPARQL Update's WHERE over the union default graph, as the store's graphs grow: the
update cqcgraph sends when it lists every graph (a ``USING`` and a ``USING NAMED`` each, the
way before) against the one it sends now (the WHERE evaluated as a query, the result sent as
``DELETE DATA`` / ``INSERT DATA``), on the same store in the same go.

    python bench/update_bounds.py               # 20,000 document graphs
    python bench/update_bounds.py -n 2000 -r 7

Each document graph holds a few triples, three of them an ``ex:marked``; the update copies
the marked subjects into another graph, then takes the copy out again (so every run starts
from the same store). Prints, for each way, the size of the text sent and the median time
of the update (listing and all), and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cqcgraph.sparql import update_text  # noqa: E402
from cqcgraph.sparql.engine import QueryEngine  # noqa: E402
from cqcgraph.store import GraphStore  # noqa: E402

EX = "http://example.org/bench-update/"
UPDATE = (f"PREFIX ex: <{EX}>\n"
          "INSERT { GRAPH ex:out { ?s ex:seen ?n } } WHERE { ?s ex:marked ?n }")
UNDO = f"DROP SILENT GRAPH <{EX}out>"


def build(store: GraphStore, graphs: int) -> None:
    for start in range(0, graphs, 5000):
        body = []
        for i in range(start, min(graphs, start + 5000)):
            mark = f" <{EX}s{i}> <{EX}marked> {i} ." if i < 3 else ""
            body.append(f"GRAPH <{EX}doc/{i}> {{ <{EX}s{i}> <{EX}p> 'v{i}' ;"
                        f" <{EX}q> {i} .{mark} }}")
        store.update("INSERT DATA {\n" + "\n".join(body) + "\n}")


def listing_every_graph(store: GraphStore) -> str:
    """The update as it was sent before: a USING and a USING NAMED for each graph."""
    graphs = list(store.named_graphs())
    return update_text.with_dataset(UPDATE, graphs, graphs)


def evaluated(store: GraphStore) -> str:
    return QueryEngine.update_to_send(store, UPDATE, None, (), ())


def timed(store: GraphStore, make, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        text = make(store)
        store.update_raw(text)
        times.append(time.perf_counter() - start)
        size = len(text.encode())
        assert len(list(store.rows(f"SELECT * {{ GRAPH <{EX}out> {{ ?s ?p ?o }} }}"))) == 3
        store.update(UNDO)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--graphs", type=int, default=20_000)
    parser.add_argument("-r", "--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = GraphStore.open(Path(tmp) / "store")
        build(store, args.graphs)
        print(f"{args.graphs:,} document graphs, {store.count_quads():,} quads,"
              f" median of {args.runs} runs")
        before, before_size = timed(store, listing_every_graph, args.runs)
        after, after_size = timed(store, evaluated, args.runs)
        print(f"  every graph listed (before): {before * 1000:9.1f} ms, {before_size:,} bytes sent")
        print(f"  WHERE evaluated (now):       {after * 1000:9.1f} ms, {after_size:,} bytes sent")
        print(f"  ratio before/now: {before / after:.0f}x time, {before_size / after_size:.0f}x text")


if __name__ == "__main__":
    main()
