"""Build a store of national size from real cqcgraph output, for the page and endpoint benches.

    .venv/bin/python bench/national_store.py STORE                      # 100,000 locations, 5 documents each
    .venv/bin/python bench/national_store.py STORE --locations 10000 --documents 6
    .venv/bin/python bench/pages.py --store STORE --spread              # then time its pages

CQC regulates about 56,000 active locations, about 121,000 with the archive. Ingesting half a
million documents through the whole pipeline takes hours, so this bench ingests a small
template corpus for real (the generated location pages of ``tests/manydocs.py``: every
document of a location is a later reading of its page, so the same facts sit in several
document graphs), exports it as N-Quads and writes it again and again with every location,
provider and document IRI renamed per copy (``…/location/oak-house-003-…-c17``), streaming
the copies into Oxigraph's bulk loader. The result has the shape of a real national store:
one named graph per document, the reference graphs once, and the current-state (derived) and
summary graphs built for the whole store by ``cqcgraph rebuild-summaries``' code (the
template's own are left out of the copies: its counts would be wrong for the copies). Prints
the quads, the times and the size on disk.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from manydocs import write_corpus  # noqa: E402

#: Per-copy IRIs: the natural-key part of a location, provider or document IRI (and of
#: everything minted under it, such as a location's inspections and ratings).
ENTITY = re.compile(r"(/id/(?:location|provider|document)/[^/>#\s]+)")
#: Graphs shared by every copy (the ontology and its concept schemes): written once.
SHARED_GRAPH = re.compile(r"<[^>]*/ontology(?:/[a-z-]+)?> \.$")
#: Graphs made from the others (the current state and the summaries): rebuilt after the load.
OWN_GRAPH = re.compile(r"<[^>]*/graph/(?:derived|summary)> \.$")


def template_quads(tmp: Path, providers: int, locations: int, documents: int,
                   real: bool) -> list[str]:
    docs, store, dump = tmp / "docs", tmp / "template", tmp / "template.nq"
    write_corpus(docs, providers, locations, documents)
    if real:  # real CQC documents too, for breaches, enforcement and special measures
        fixtures = HERE.parent / "tests" / "fixtures"
        for path in sorted((fixtures / "seeds").glob("*.txt")) + sorted(
                (fixtures / "corpus").glob("*.txt")):
            shutil.copy(path, docs / f"{path.parent.name}-{path.name}")
    subprocess.run([sys.executable, "-m", "cqcgraph", "ingest", "-q", "--store", str(store),
                    str(docs)], check=True)
    subprocess.run([sys.executable, "-m", "cqcgraph", "export", "--store", str(store),
                    "--format", "nquads", "-o", str(dump)], check=True)
    return dump.read_text(encoding="utf-8").splitlines()


SUMMARY_GRAPH = re.compile(r"<[^>]*/graph/summary> \.$")
LOCATION = re.compile(r"/id/location/([^/>#\s]+)")


def store_quads(tmp: Path, store: Path) -> list[str]:
    """The quads of a built store (its derived graph with them), leaving out the locations its
    derived graph does not know (a load stopped part way)."""
    dump = tmp / "store.nq"
    subprocess.run([sys.executable, "-m", "cqcgraph", "export", "--store", str(store),
                    "--format", "nquads", "-o", str(dump)], check=True)
    lines = dump.read_text(encoding="utf-8").splitlines()
    known = {m.group(1) for line in lines if "summaryType> <" in line and "#Location>" in line
             for m in [LOCATION.search(line)] if m}
    return [line for line in lines
            if all(m.group(1) in known for m in LOCATION.finditer(line))]


def copies(lines: list[str], n: int, out, keep_derived: bool = False) -> int:
    """Write ``n`` renamed copies of ``lines`` to ``out`` (bytes); return the quads written.
    With ``keep_derived`` the derived graph is copied with the rest and the summary graph
    written once (its counts are of one copy)."""
    if keep_derived:
        lines = [line for line in lines if not SUMMARY_GRAPH.search(line)] + [
            line for line in lines if SUMMARY_GRAPH.search(line)]
        shared = [line for line in lines if SHARED_GRAPH.search(line) or SUMMARY_GRAPH.search(line)]
        kept = set(shared)
        own = [line for line in lines if line not in kept]
        return _write_copies(shared, own, n, out)
    lines = [line for line in lines if not OWN_GRAPH.search(line)]
    shared = [line for line in lines if SHARED_GRAPH.search(line)]
    own = [line for line in lines if not SHARED_GRAPH.search(line)]
    return _write_copies(shared, own, n, out)


def _write_copies(shared: list[str], own: list[str], n: int, out) -> int:
    written = len(shared)
    out.write(("\n".join(shared) + "\n").encode("utf-8"))
    for k in range(n):
        suffix = f"-c{k}"
        block = ENTITY.sub(lambda m, suffix=suffix: m.group(1) + suffix, "\n".join(own) + "\n")
        out.write(block.encode("utf-8"))
        written += len(own)
    return written


def size_on_disk(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="new store folder (must not exist)")
    parser.add_argument("--locations", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=5, help="documents per location")
    parser.add_argument("--template-locations", type=int, default=20,
                        help="locations of generated pages ingested for real (5 per provider)")
    parser.add_argument("--no-real", action="store_true",
                        help="leave the real documents of tests/fixtures (seeds, corpus: the"
                             " breaches and enforcement) out of the template")
    parser.add_argument("--template-store", type=Path,
                        help="replicate this built store (say, a generated register loaded"
                             " with `cqcgraph ingest`) instead of generated pages: its derived"
                             " graph is copied with it, renamed, and its summary graph written"
                             " once (its counts are those of one copy)")
    parser.add_argument("--copies", type=int, default=5, help="with --template-store")
    parser.add_argument("--no-summaries", action="store_true",
                        help="leave the summaries out (build them with `cqcgraph"
                             " rebuild-summaries --store STORE`)")
    args = parser.parse_args()
    if args.store.exists():
        parser.error(f"{args.store} exists; give a new folder")

    per_provider = 5
    providers = max(1, args.template_locations // per_provider)
    template = providers * per_provider
    n = max(1, -(-args.locations // template))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        if args.template_store:
            lines = store_quads(Path(tmp), args.template_store)
            n, template, args.documents, args.no_summaries = args.copies, 1, 0, True
            print(f"template store: {len(lines)} quads read in {time.perf_counter() - start:.1f} s")
        else:
            lines = template_quads(Path(tmp), providers, per_provider, args.documents,
                                   not args.no_real)
            print(f"template: {template} generated locations ({template * args.documents}"
                  f" documents){'' if args.no_real else ' and the real documents'},"
                  f" {len(lines)} quads, ingested in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    read_end, write_end = os.pipe()
    counted: list[int] = []

    def write() -> None:
        with os.fdopen(write_end, "wb", buffering=1 << 20) as out:
            counted.append(copies(lines, n, out, keep_derived=bool(args.template_store)))

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    store = ox.Store(str(args.store))
    with os.fdopen(read_end, "rb", buffering=1 << 20) as source:
        store.bulk_load(input=source, format=ox.RdfFormat.N_QUADS, lenient=True)
    writer.join()
    store.optimize()
    del store
    elapsed = time.perf_counter() - start
    quads = counted[0] if counted else 0
    print(f"national store: {n} copies of the template ({n * template:,} generated locations,"
          f" {n * template * args.documents:,} of their documents), {quads:,} quads in {elapsed:.0f} s ({quads / elapsed:,.0f} quads/s)")

    if args.no_summaries:
        return
    start = time.perf_counter()
    from cqcgraph.api import Cqcgraph
    from cqcgraph.settings import Settings

    with Cqcgraph(Settings(store=args.store)) as app:
        done = app.rebuild_summaries()
    ox.Store(str(args.store)).optimize()
    print(f"summaries: {done['locations']:,} locations, {done['keys']:,} providers and"
          f" documents in {time.perf_counter() - start:.0f} s;"
          f" {size_on_disk(args.store) / 2**30:.1f} GiB on disk")


if __name__ == "__main__":
    main()
