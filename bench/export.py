"""Whole-store export: ``cqcgraph export`` (N-Quads and Turtle) against ``oxigraph dump`` of the
same store, in the same run, interleaved (each goes first in turn, written pages flushed before
each), each command run as a user runs it.

    python bench/export.py --generated 500            # ingest a generated corpus of 500 locations first
    python bench/export.py --store STORE [--rounds 5]  # an existing store (bench/national_store.py makes big ones)

N-Quads is compared with ``oxigraph dump`` to N-Quads. Turtle has no graph names, so
cqcgraph's Turtle export is the union of every graph (a CONSTRUCT over the union, with
prefixes). ``oxigraph dump`` writes only one graph to a triple format, so Turtle has two
references: Oxigraph's own union as Turtle (``oxigraph query --union-default-graph`` of the
same CONSTRUCT, without prefixes: the CLI takes none) and the whole dataset as TriG
(``oxigraph dump``), the nearest format it dumps for a whole store. Prints the median seconds
of each, quads/s, and the speed ratio (oxigraph's time over cqcgraph's: 1.0 is as fast, 0.8 is
80 % of its speed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus.write import generate  # noqa: E402

UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
#: (cqcgraph's format, the reference's name and the command that writes it to a file)
PAIRS = (
    ("nquads", "dump nq", lambda ox, store, out: [ox, "dump", "--location", store, "--file", out + ".nq"]),
    ("turtle", "query ttl", lambda ox, store, out: [ox, "query", "--location", store, "--union-default-graph",
                                                     "--query", UNION, "--results-file", out + ".ttl"]),
    ("turtle", "dump trig", lambda ox, store, out: [ox, "dump", "--location", store, "--file", out + ".trig"]),
)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise SystemExit(f"{name}: not installed (pip install -e '.[test]')")
    return found


def _timed(argv: list[str]) -> float:
    """Seconds the command takes, the previous command's written pages flushed first (else the
    command after a big write pays for its flush)."""
    os.sync()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def _ingest_generated(locations: int, seed: int, tmp: Path) -> Path:
    corpus, store = tmp / "corpus", tmp / "store"
    generate(corpus, locations, seed, pdf_share=0.02, every=0, say=lambda _: None)
    registers = sorted(str(p) for p in (corpus / "register").iterdir())
    start = time.perf_counter()
    subprocess.run([_tool("cqcgraph"), "ingest", "--quiet", "--store", str(store), str(corpus / "documents"),
                    *registers], check=True, stdout=subprocess.DEVNULL)
    print(f"ingested a generated corpus of {locations} locations in {time.perf_counter() - start:.0f} s")
    return store


def _count_quads(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--store", type=Path, help="an existing cqcgraph store (not in use)")
    source.add_argument("--generated", type=int, metavar="LOCATIONS", help="ingest a generated corpus first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    cqcgraph, oxigraph = _tool("cqcgraph"), _tool("oxigraph")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = args.store or _ingest_generated(args.generated, args.seed, tmp)
        env_store = ["--store", str(store)]
        times: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        for n in range(args.rounds):
            for ours in ("nquads", "turtle"):
                mine = tmp / f"cqcgraph.{ours}"
                runs = [(ours, [cqcgraph, "export", "--format", ours, "-o", str(mine), *env_store])]
                runs += [(name, command(oxigraph, str(store), str(tmp / name.replace(" ", "-"))))
                         for fmt, name, command in PAIRS if fmt == ours]
                for name, argv in runs if n % 2 == 0 else reversed(runs):  # each goes first in turn
                    times.setdefault(name, []).append(_timed(argv))
                    sizes[name] = Path(argv[argv.index("-o") + 1] if name == ours else argv[-1]).stat().st_size
        quads = _count_quads(tmp / "dump-nq.nq")
    load = os.getloadavg()
    print(f"store quads       {quads}  (load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; median of {args.rounds} rounds)")
    for fmt, name, _command in PAIRS:
        a, b = statistics.median(times[fmt]), statistics.median(times[name])
        print(f"cqcgraph export {fmt:<9} {a:7.2f} s  {quads / a:9.0f} quads/s  {sizes[fmt] / 1e6:7.1f} MB")
        print(f"oxigraph {name:<16} {b:7.2f} s  {quads / b:9.0f} quads/s  {sizes[name] / 1e6:7.1f} MB")
        print(f"speed ratio              {b / a:7.2f}  (oxigraph's time / cqcgraph's; target >= 0.8)")


if __name__ == "__main__":
    main()
