"""Time every named query and national aggregate on a national-shape store, with the
union-based query each national one replaced and Oxigraph's own command on the same store as
references; print a table.

    .venv/bin/python bench/national_store.py STORE --locations 10000 --documents 5
    nice -n 10 .venv/bin/python bench/national_queries.py --store STORE [--runs 3] [--skip-union]

Columns: ``cqcgraph`` is the core API's query (``StoreReader.query``, read-only: the summaries and the
derived graph), the median of ``--runs`` (wall time, and in brackets this process's CPU time:
the engine runs in it, so on a loaded machine that is what the query costs); ``before`` is the form the named query had before it
read the derived graph's facts of each location (``tests/union_queries.py``, BEFORE_DERIVED),
run once in the same process with the same parameters (``--skip-before`` leaves it out: on a
large store some take minutes); ``union`` is the same answer from the union of the
document graphs (the query that answered it before the summaries, ``tests/union_queries.py``)
run once by ``oxigraph query --union-default-graph``, stopped at ``--union-timeout``;
``oxigraph`` is that command on cqcgraph's own SPARQL, best of ``--runs`` (process start
included: the engine alone, without cqcgraph). Parameters of the one-location queries are bound
to a location of the store (a name: that location's, and "House"); a list that takes an optional location, local
authority or document is timed for one and, as "(all)", whole; a list that pages (``# page:``)
is timed for its first page, "(page)", a page ``--offset`` rows in, a cursor page (``after``)
as far in where the list is read from one index, "(after N)", and with ``--whole`` for every
row, "(all)", and a list the index of locations keeps written whole as CSV and as JSON,
"(all, csv)", "(all, json)" (from the index where it is in step with the store, else the
engine's answer serialized).
The figures depend on the machine and its load: quote them with the store's size.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from union_queries import BEFORE_DERIVED, UNION  # noqa: E402

import pyoxigraph as ox  # noqa: E402

from cqcgraph.formats import RESULT_FORMATS  # noqa: E402
from cqcgraph.readonly import WHOLE_LISTS, StoreReader  # noqa: E402
from cqcgraph.sparql.query_worker import RowCounter  # noqa: E402
from cqcgraph.queries import get_named_query, named_queries  # noqa: E402
from cqcgraph.settings import Settings  # noqa: E402

CQC = "https://cqcgraph.example/ontology#"
PAGE_QUERIES = ROOT / "cqcgraph" / "web" / "page_queries"
#: The home page's national figures (page queries) timed besides the named queries.
PAGE_FIGURES = ("home-breaches-by-year", "browse-visits", "browse-ratings")


def timed(fn, runs: int) -> tuple[float, float, int]:
    """The median wall time and CPU time (of this process: the engine runs in it) of ``runs``
    calls of ``fn``, and the rows of the last. On a loaded machine the CPU time is the figure
    that says what the query costs; the wall time, what a user waits."""
    walls, cpus, rows = [], [], 0
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        rows = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), rows


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


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--union-timeout", type=float, default=120.0,
                        help="seconds a reference query may take")
    parser.add_argument("--skip-union", action="store_true")
    parser.add_argument("--skip-before", action="store_true",
                        help="leave out the forms before the derived graph's facts")
    parser.add_argument("--skip-oxigraph", action="store_true")
    parser.add_argument("--only", nargs="*", default=None, help="time these queries only")
    parser.add_argument("--offset", type=int, default=20000,
                        help="where the far page of a paged list starts")
    parser.add_argument("--whole", action="store_true",
                        help="time every paged list whole (all=yes) as well")
    return parser.parse_args()


def first(store, text: str, substitutions: dict | None = None):
    """The first row of ``text`` (None when it has none)."""
    return next(iter(store.rows(text, substitutions=substitutions)), None)


@dataclass(frozen=True)
class Samples:
    """What the one-location queries are bound to: a rated location, its name, and the
    optional parameters that narrow a list to one location, area or document."""
    location: str
    name: str
    one: dict[str, str]


def samples(store) -> Samples:
    """A rated location of the store, its name, a local authority and a document."""
    location = first(store, f"SELECT ?l WHERE {{ ?i <{CQC}inspectionOf> ?l ; <{CQC}hasRating> ?r }}"
                            " LIMIT 1")["l"].value
    named = first(store, f"SELECT ?l ?n WHERE {{ ?l <{CQC}summaryName> ?n }}",
                  {"l": ox.NamedNode(location)})
    area = first(store, f"SELECT ?la WHERE {{ ?l <{CQC}summaryPostcodeUnit> ?u ."
                        f" ?u <{CQC}postcodeLocalAuthority> ?la }} LIMIT 1")
    document = first(store, f"SELECT ?d WHERE {{ ?d <{CQC}summaryTriples> ?n }} LIMIT 1")
    one = {"location": location}
    if area is not None:
        one["localAuthority"] = area["la"].value
    if document is not None:
        one["document"] = document["d"].value
    return Samples(location, named["n"].value if named else "House", one)


def bound_params(q, s: Samples) -> dict[str, str]:
    """The parameters of named query ``q`` bound to the samples (its optional ones only
    where a sample narrows them)."""
    params: dict[str, str] = {}
    for p in q.parameters:
        if p.optional:
            if p.name in s.one:
                params[p.name] = s.one[p.name]
        elif p.kind == "iri":
            params[p.name] = s.location
        elif p.kind == "integer":
            params[p.name] = "3"
        elif p.kind == "literal":
            params[p.name] = s.name
    return params


def variants(q, params: dict[str, str], s: Samples, args) -> list[tuple[str, str, dict]]:
    """The runs of one named query: as bound, with a common text, and (for a list) a page,
    a page ``--offset`` rows in, a cursor page as far in (a list read from one index), and
    (``--whole``) the whole list."""
    work = [(q.name, q.text, params)]
    if params.get("name") == s.name:  # and a text a third of the names contain
        work.append((q.name + " (House)", q.text, {**params, "name": "House"}))
    unnarrowed = {k: v for k, v in params.items() if k not in s.one}
    if q.page_size:
        work.append((q.name + " (page)", q.text, unnarrowed))
        work.append((q.name + f" (offset {args.offset:,})", q.text,
                     {**unnarrowed, "offset": str(args.offset)}))
        if q.cursor:
            work.append((q.name + f" (after {args.offset:,})", q.text,
                         {**unnarrowed, "after": str(args.offset)}))
        if args.whole:
            work.append((q.name + " (all)", q.text, {**unnarrowed, "all": "yes"}))
            if q.name in WHOLE_LISTS:  # written as CSV and JSON, from the index where it is
                work += [(q.name + f" (all, {fmt})", q.text, {**unnarrowed, "all": "yes"})
                         for fmt in ("csv", "json")]
    elif params and all(p.optional for p in q.parameters):
        work.append((q.name + " (all)", q.text, {}))  # the whole list as well
    return work


def work_list(s: Samples, args) -> list[tuple[str, str, dict]]:
    """(name, text, params) of every run: each named query's variants, then the page
    figures."""
    work: list[tuple[str, str, dict]] = []
    for q in named_queries().values():
        if not q.federated:
            work += variants(q, bound_params(q, s), s, args)
    for name in PAGE_FIGURES:
        work.append((name, (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8"), {}))
    return work


def runner(app, name: str, text: str, params: dict):
    """A call that runs one item of the work list and gives its rows."""
    if name in PAGE_FIGURES:
        sub = {"derived": ox.NamedNode(f"{app.base}graph/derived")} if "?derived" in text else None

        def run_page_query() -> int:
            return count(app.store.result(text, substitutions=sub))
        return run_page_query
    named = name.split(" (")[0]
    if name.endswith((", csv)", ", json)")):
        return whole_list_runner(app, named, text, params, name.rsplit(" ", 1)[1][:-1])

    def run_named_query() -> int:
        return count(app.query(named, params=params))
    return run_named_query


def whole_list_runner(app, named: str, text: str, params: dict, fmt: str):
    """A call that writes the whole list of ``named`` in ``fmt`` and gives its rows: from the
    index of locations (``StoreReader.whole_list``) where it has the list's rows in step with
    the store, else the engine's answer serialized by Oxigraph (what answered before)."""
    def run_whole_list() -> int:
        counter = RowCounter(fmt)
        chunks = app.whole_list(named, params, fmt)
        if chunks is None:
            print(" (the engine's)", end="", file=sys.stderr, flush=True)
            unsorted, bound, _ = app.prepare(named, params)
            sink = io.BytesIO()
            app.store.query(unsorted, substitutions=bound or None).serialize(
                sink, RESULT_FORMATS[fmt])
            chunks = [sink.getvalue()]
        for chunk in chunks:
            counter.feed(chunk)
        return counter.rows
    return run_whole_list


def time_before(app, named: str, params: dict) -> tuple[float, float]:
    """One run of the form ``named`` had before the derived graph's facts."""
    q = get_named_query(named)
    sub = dict(q.bind(params).items()) if q else {}
    if "?derived" in BEFORE_DERIVED[named]:
        sub["derived"] = ox.NamedNode(f"{app.base}graph/derived")
    took, cpu, _ = timed(lambda: count(app.store.result(BEFORE_DERIVED[named],
                                                          substitutions=sub or None)), 1)
    print(f"  {named} before: {took:.2f} s ({cpu:.2f} s CPU)", file=sys.stderr, flush=True)
    return took, cpu


def time_cqcgraph(app, work, args) -> list[list]:
    """Each run of the work list timed through the core API (and its form before)."""
    rows_out = []
    for name, text, params in work:
        if args.only is not None and name not in args.only:
            continue
        print(f"  {name} …", end="", file=sys.stderr, flush=True)
        took, cpu, n = timed(runner(app, name, text, params), args.runs)
        print(f" {took:.2f} s ({cpu:.2f} s CPU)", file=sys.stderr, flush=True)
        named = name.split(" (")[0]
        before = None
        if not args.skip_before and named in BEFORE_DERIVED:
            before = time_before(app, named, params)
        rows_out.append([name, n, (took, cpu), before, None, None, text, params])
    return rows_out


def time_references(rows_out: list[list], args) -> None:
    """The references run in Oxigraph's own command, one process per query, stopped at the
    time limit (the store is closed by then: one process opens it at a time)."""
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(oxigraph).exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows_out:
            name, _, _, _, _, _, text, params = row
            named = name.split(" (")[0]
            if not args.skip_union and named in UNION and not params:
                row[4] = cli_time(oxigraph, args.store, Path(tmp), UNION[named], 1,
                                  args.union_timeout)
            if not args.skip_oxigraph and not params and "?derived" not in text:
                # oxigraph's command binds no parameter
                row[5] = cli_time(oxigraph, args.store, Path(tmp), text, args.runs,
                                  args.union_timeout)


def fmt(x: float | tuple[float, float] | None) -> str:
    if x is None:
        return "—"
    if isinstance(x, tuple):  # wall and CPU time
        return f"{x[0] * 1000:,.0f} ({x[1] * 1000:,.0f}) ms"
    return "timeout" if x == float("inf") else f"{x * 1000:,.0f} ms"


def print_table(rows_out: list[list]) -> None:
    print("times: median wall (CPU of this process) for cqcgraph and before; wall for the"
          " commands")
    print(f"{'query':<36} {'rows':>8} {'cqcgraph':>18} {'before':>18} {'union':>11}"
          f" {'oxigraph':>11}")
    for name, n, took, before, union, ox_time, _, _ in rows_out:
        print(f"{name:<36} {n:>8,} {fmt(took):>18} {fmt(before):>18} {fmt(union):>11}"
              f" {fmt(ox_time):>11}")


def main() -> None:
    args = parse_args()
    with StoreReader(Settings(store=args.store)) as app:  # read-only: never writes the store
        quads = app.store.count_quads()
        locations = first(app.store, f"SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE"
                                     f" {{ ?l a <{CQC}Location> }}")["n"].value
        s = samples(app.store)
        print(f"store: {quads:,} quads, {int(locations):,} locations; one-location queries"
              f" bound to <{s.location}>")
        rows_out = time_cqcgraph(app, work_list(s, args), args)
    time_references(rows_out, args)
    print_table(rows_out)


if __name__ == "__main__":
    main()
