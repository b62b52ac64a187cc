"""Time every named query and national aggregate on a national-shape store, with the
union-based query each national one replaced and Oxigraph's own command on the same store as
references; print a table.

    .venv/bin/python bench/national_store.py STORE --locations 10000 --documents 5
    nice -n 10 .venv/bin/python bench/national_queries.py --store STORE [--runs 3] [--skip-union]

Columns: ``cqcgraph`` is the core API's query (``Cqcgraph.query``: the summaries for the
national questions), best of ``--runs``; ``union`` is the same answer from the union of the
document graphs (the query that answered it before the summaries, ``tests/union_queries.py``)
run once by ``oxigraph query --union-default-graph``, stopped at ``--union-timeout``;
``oxigraph`` is that command on cqcgraph's own SPARQL, best of ``--runs`` (process start
included: the engine alone, without cqcgraph). Parameters of the one-location queries are bound to a location of the store.
The figures depend on the machine and its load: quote them with the store's size.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from union_queries import UNION  # noqa: E402

from cqcgraph.api import Cqcgraph  # noqa: E402
from cqcgraph.queries import named_queries  # noqa: E402
from cqcgraph.settings import Settings  # noqa: E402

PAGE_QUERIES = ROOT / "cqcgraph" / "web" / "page_queries"
#: The home page's national figures (page queries) timed besides the named queries.
PAGE_FIGURES = ("home-breaches-by-year", "browse-visits", "browse-ratings")


def timed(fn, runs: int) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = fn()
        best = min(best, time.perf_counter() - start)
    return best, rows


def cli_time(oxigraph: str, store: Path, tmp: Path, text: str, runs: int,
             timeout: float) -> float:
    """The best time of ``oxigraph query --union-default-graph`` on ``text`` (inf past
    ``timeout``: the process is stopped)."""
    path = tmp / "query.rq"
    path.write_text(text, encoding="utf-8")
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        try:
            subprocess.run([oxigraph, "query", "--location", str(store), "--union-default-graph",
                            "--query-file", str(path), "--results-format", "tsv"],
                           check=True, stdout=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            return float("inf")
        best = min(best, time.perf_counter() - start)
    return best


def count(result) -> int:
    return len(result.rows) if hasattr(result, "rows") else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--union-timeout", type=float, default=120.0,
                        help="seconds a reference query may take")
    parser.add_argument("--skip-union", action="store_true")
    parser.add_argument("--skip-oxigraph", action="store_true")
    parser.add_argument("--only", nargs="*", default=None, help="time these queries only")
    args = parser.parse_args()

    with Cqcgraph(Settings(store=args.store)) as app:
        store = app.store
        quads = store.count_quads()
        locations = next(iter(store.rows(
            "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a <https://cqcgraph.example/ontology#Location> }")))["n"].value
        sample = next(iter(store.rows(
            "SELECT ?l WHERE { ?i <https://cqcgraph.example/ontology#inspectionOf> ?l ;"
            " <https://cqcgraph.example/ontology#hasRating> ?r } LIMIT 1")))["l"].value
        print(f"store: {quads:,} quads, {int(locations):,} locations; one-location queries"
              f" bound to <{sample}>")

        work: list[tuple[str, str, dict]] = []  # (name, text, params)
        for q in named_queries().values():
            if q.federated:
                continue
            params: dict[str, str] = {}
            for p in q.parameters:
                if p.optional:
                    continue
                if p.kind == "iri":
                    params[p.name] = sample
                elif p.kind == "integer":
                    params[p.name] = "3"
                elif p.kind == "literal":
                    params[p.name] = "House"
            work.append((q.name, q.text, params))
        for name in PAGE_FIGURES:
            work.append((name, (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8"), {}))

        rows_out = []
        for name, text, params in work:
            if args.only is not None and name not in args.only:
                continue
            if name in PAGE_FIGURES:
                sub = ({"derived": __import__("pyoxigraph").NamedNode(
                    f"{app.base}graph/derived")} if "?derived" in text else None)
                fn = (lambda text=text, sub=sub: count(store.result(text, substitutions=sub)))
            else:
                fn = (lambda name=name, params=params: count(app.query(name, params=params)))
            print(f"  {name} …", end="", file=sys.stderr, flush=True)
            took, n = timed(fn, args.runs)
            print(f" {took:.2f} s", file=sys.stderr, flush=True)
            rows_out.append([name, n, took, None, None, text, params])

    # the references run in Oxigraph's own command, one process per query, stopped at the
    # time limit (the store is closed here: one process opens it at a time)
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if Path(oxigraph).exists():
        with tempfile.TemporaryDirectory() as tmp:
            for row in rows_out:
                name, _, _, _, _, text, params = row
                if not args.skip_union and name in UNION:
                    row[3] = cli_time(oxigraph, args.store, Path(tmp), UNION[name], 1,
                                      args.union_timeout)
                if not args.skip_oxigraph and not params and "?derived" not in text:
                    # oxigraph's command binds no parameter
                    row[4] = cli_time(oxigraph, args.store, Path(tmp), text, args.runs,
                                      args.union_timeout)

    def fmt(x: float | None) -> str:
        if x is None:
            return "—"
        return "timeout" if x == float("inf") else f"{x * 1000:,.0f} ms"

    print(f"{'query':<34} {'rows':>8} {'cqcgraph':>11} {'union':>11} {'oxigraph':>11}")
    for name, n, took, union, ox_time, _, _ in rows_out:
        print(f"{name:<34} {n:>8,} {fmt(took):>11} {fmt(union):>11} {fmt(ox_time):>11}")


if __name__ == "__main__":
    main()
