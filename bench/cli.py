"""Wall time of each command as a user runs it, on a store of the five seed documents, against
what the interpreter and Oxigraph alone take for the same job (the floor).

    python bench/cli.py            # 7 runs of each, interleaved
    python bench/cli.py -n 15 --ingest 5

Each figure is the median of the runs; the runs of every command are interleaved, so that a
busy machine slows them all alike. CPU time (user + system, of the command and its
children) is printed beside the wall time: on a shared machine it moves less. The reference rows are ``python -c 'import pyoxigraph'``
and the same ASK and Turtle export done by pyoxigraph directly over the store read-only.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
CLI = [sys.executable, "-m", "cqcgraph"]


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    took = time.perf_counter() - start
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(argv[2:4])} failed: {done.stderr.decode()[-500:]}")
    return took, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--ingest", type=int, default=3,
                        help="runs of the seeds' ingest into a new store (default 3)")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        seeds = [str(p) for p in SEEDS]
        ingests = []
        for i in range(max(1, args.ingest)):
            target = store if i == 0 else Path(tmp) / f"store-{i}"
            ingests.append(timed([*CLI, "ingest", "-q", "--store", str(target), *seeds], env))
            if target != store:
                shutil.rmtree(target)
        s = str(store)
        floor_ask = ("import pyoxigraph as ox, sys; "
                     "print(bool(ox.Store.read_only(sys.argv[1]).query('ASK {}')))")
        floor_export = ("import pyoxigraph as ox, sys; s = ox.Store.read_only(sys.argv[1]); "
                        "ox.serialize(s.query('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }',"
                        " use_default_graph_as_union=True), sys.stdout.buffer, ox.RdfFormat.TURTLE)")
        commands = {
            "python -c 'import pyoxigraph'": [sys.executable, "-c", "import pyoxigraph"],
            "pyoxigraph: ASK {} read-only": [sys.executable, "-c", floor_ask, s],
            "pyoxigraph: Turtle of the union": [sys.executable, "-c", floor_export, s],
            "cqcgraph --help": [*CLI, "--help"],
            "cqcgraph query 'ASK {}'": [*CLI, "query", "--store", s, "ASK {}"],
            "cqcgraph query special-measures": [*CLI, "query", "--store", s, "special-measures"],
            "cqcgraph query (CSV of all quads)": [*CLI, "query", "--store", s, "--format", "csv",
                                                  "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"],
            "cqcgraph export --format turtle": [*CLI, "export", "--store", s, "--format", "turtle"],
            "cqcgraph export --format nquads": [*CLI, "export", "--store", s, "--format", "nquads"],
            "cqcgraph stats": [*CLI, "stats", "--store", s],
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.n):
            for name, argv in commands.items():
                runs[name].append(timed(argv, env))

    runs["cqcgraph ingest (5 seeds, new store)"] = ingests
    reference = statistics.median(w for w, _ in runs["python -c 'import pyoxigraph'"])
    width = max(map(len, runs)) + 2
    print(f"{'command':<{width}}{'wall s':>8}{'min s':>8}{'cpu s':>8}{'x python+ox':>13}")
    for name, times in runs.items():
        wall = statistics.median(w for w, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"{name:<{width}}{wall:>8.3f}{min(w for w, _ in times):>8.3f}{cpu:>8.3f}"
              f"{wall / reference:>13.1f}")
    print(f"\n{args.n} runs each, interleaved; {len(ingests)} ingests;"
          f" bytecode cache {'off' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'on'}")


if __name__ == "__main__":
    main()
