"""Time the home page's figures read from the summary counts against the table of every
location they replaced, on one store, in one process (read-only); print both and the ratio.

    .venv/bin/python bench/national_store.py STORE --locations 10000 --documents 3
    nice -n 10 .venv/bin/python bench/home_figures.py --store STORE [--runs 5]

``home``: the counts kept at the home page's grain (``home-sector-counts``,
``home-local-authority-counts``, ``home-icb-counts``: what the home page reads), where the
store keeps them; ``counts``: the page queries ``home-facet-counts``, ``home-area-codes`` and
``home-last-inspected`` and turning their rows into the figures
(``cqcgraph.web.browse_counts``); ``table``: the queries ``browse-*`` and building the table of
every location (``cqcgraph.web.browse_table.build``), what the home page read before. Medians
of ``--runs`` (wall time, and this process's CPU time, where the engine runs). Both give the
same figures: the script checks the total and the locations by rating agree.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pyoxigraph import NamedNode

from cqcgraph.derived import derived_graph_iri
from cqcgraph.readonly import StoreReader
from cqcgraph.settings import Settings
from cqcgraph.web import browse_counts as bc
from cqcgraph.web import browse_table as bt
from cqcgraph.web.browse import HOME_COUNTS, home_counts_kept

PAGE_QUERIES = Path(__file__).resolve().parent.parent / "cqcgraph" / "web" / "page_queries"


def rows(app: StoreReader, name: str, **bindings) -> list[dict[str, str]]:
    text = (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    return [{k: v.value for k, v in row.items() if v is not None}
            for row in app.store.rows(text, substitutions=bindings or None)]


def from_counts(app: StoreReader) -> tuple[int, dict]:
    national = bc.read(rows(app, "home-facet-counts"), rows(app, "home-last-inspected"),
                       rows(app, "home-area-codes"))
    return national.total, bc.rating_counts(national)


def from_home_counts(app: StoreReader) -> tuple[int, dict]:
    sectors, las, icbs = (rows(app, name) for name in HOME_COUNTS)
    national = bc.read_home(sectors, las, icbs, rows(app, "home-last-inspected"),
                            rows(app, "home-area-codes"))
    return national.total, bc.rating_counts(national)


def from_table(app: StoreReader) -> tuple[int, dict]:
    props = {key: rows(app, "browse-property", p=NamedNode(iri))
             for key, iri in bt.PROPERTIES.items()}
    table = bt.build(rows(app, "browse-names"), props,
                     rows(app, "browse-ratings", derived=NamedNode(derived_graph_iri(app.base))),
                     rows(app, "browse-visits"), rows(app, "browse-postcode-areas"), {})
    return len(table.rows), bt.rating_counts(table.rows)


def timed(fn, app: StoreReader, runs: int) -> tuple[float, float, tuple]:
    walls, cpus, answer = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = fn(app)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-table", action="store_true",
                        help="leave out the table of every location (minutes on a large store)")
    args = parser.parse_args()
    with StoreReader(Settings(store=args.store)) as app:  # read-only: never writes the store
        kept = home_counts_kept(rows(app, "home-count-totals"))
        home = timed(from_home_counts, app, args.runs) if kept else None
        counts = timed(from_counts, app, args.runs)
        table = timed(from_table, app, args.runs) if not args.skip_table else None
    for name, other in (("home counts", home), ("table", table)):
        if other is not None and other[2] != counts[2]:
            print(f"the figures differ: counts {counts[2]}, {name} {other[2]}")
    if not kept:
        print("the store keeps no counts at the home page's grain: rebuild-summaries")
    print(f"locations: {counts[2][0]:,}")
    for name, found in (("home", home), ("counts", counts), ("table", table)):
        if found is not None:
            print(f"{name:7} {found[0] * 1000:9.1f} ms  (cpu {found[1] * 1000:.1f} ms)")
    if table is not None:
        print(f"table / counts: {table[0] / counts[0]:.0f}x")
    if home is not None:
        print(f"counts / home counts: {counts[0] / home[0]:.1f}x")


if __name__ == "__main__":
    main()
