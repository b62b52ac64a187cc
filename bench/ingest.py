"""Ingest throughput: N generated CQC-shaped location pages (or a generated corpus in every
layout) through the whole pipeline (read, extract, map, resolve identity, validate, store one
transaction per document), with the time spent in each stage, against Oxigraph's own bulk load
of the same quads as the reference.

    python bench/ingest.py            # 300 documents
    python bench/ingest.py -n 2000
    python bench/ingest.py -n 1000 --no-serial   # the default ingest only (no stage times)
    python bench/ingest.py --generated 700       # the corpus generator's 700 locations (about
                                                 # 3,000 documents: text, HTML, PDF, API JSON)
    python bench/ingest.py -n 10000 --slices 1000   # documents/s per slice of 1,000 as one
                                                    # store grows (is the rate flat?)
    python bench/ingest.py -n 10000 --slices 1000 --one-by-one   # and, interleaved slice by
                                                    # slice, one write per document beside it

Prints documents/s and quads/s for cqcgraph (validation included), the CPU time a document
took in the writer and in the worker processes (the figure to compare on a shared machine,
where documents/s follows the load), quads/s for the references
(pyoxigraph's ``bulk_load`` and, where the ``oxigraph`` command is installed, ``oxigraph load``
of the same N-Quads file), and the ratios of their times.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cqcgraph import api as api_mod  # noqa: E402
from cqcgraph.api import Cqcgraph  # noqa: E402
from cqcgraph.settings import Settings  # noqa: E402
from corpus.write import generate  # noqa: E402

RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TOWNS = ["Leeds", "Luton", "Crawley", "Exeter", "Norwich", "Newbury", "Wing", "Prenton"]


def location_page(i: int, rng: random.Random) -> str:
    """A location page in the layout of the seeds' web pages, with an inspection history."""
    town = rng.choice(TOWNS)
    postcode = f"{rng.choice('ABCDEFGHLMNPRS')}{rng.choice('ABCDEHLMNRSTUW')}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    name = f"{rng.choice(['Oak', 'Beech', 'Willow', 'Cedar', 'Rowan'])} House {i}"
    overall = rng.choice(RATINGS)
    lines = [
        "• Care Home", "  • Care home", "", name, "",
        f"Overall: {overall} read more about inspection ratings", "",
        f"{rng.randint(1, 200)} High Street, {town}, {postcode} (0113) {rng.randint(100000, 999999)}", "",
        "Provided and run by:", f"{rng.choice(['Alpha', 'Beta', 'Gamma'])} Care Limited {i % 97}", "",
        "All Inspections", "",
    ]
    year = 2023
    for _ in range(rng.randint(2, 4)):
        day, month = rng.randint(1, 28), rng.choice(MONTHS)
        rating = rng.choice(RATINGS)
        lines += [f"{day} {month} {year}", "", "During a routine inspection", "",
                  f"{name} is a residential care home providing personal care.", "",
                  f"We rated the service {rating.lower()} overall.", ""]
        year -= rng.randint(1, 3)
    return "\n".join(lines) + "\n"


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process (the writer: identity and store) and by its
    worker processes (reading, extraction, mapping, validation), live ones read from /proc
    (Linux; 0 elsewhere) and ended ones from the kernel's count of reaped children."""
    own = time.process_time()
    workers = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:  # the parent's pid; utime and stime follow
            workers += (int(fields[11]) + int(fields[12])) / tick
    return own, workers


def write_documents(tmp: Path, args: argparse.Namespace, rng: random.Random) -> Path:
    """The folder of documents to ingest: the generator's (register files left out: they have
    their own loader and their own bench) or ``args.n`` location pages."""
    if args.generated:
        generate(tmp / "corpus", args.generated, args.seed, every=0, say=lambda _: None)
        return tmp / "corpus" / "documents"
    folder = tmp / "docs"
    folder.mkdir()
    for i in range(args.n):
        (folder / f"page-{i:06d}.txt").write_text(location_page(i, rng), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="documents (default 300)")
    parser.add_argument("--jobs", type=int, default=None, help="reading workers (default: cores)")
    parser.add_argument("--no-serial", action="store_true",
                        help="skip the one-process run that times each stage")
    parser.add_argument("--generated", type=int, metavar="LOCATIONS", default=None,
                        help="ingest the corpus generator's documents of this many locations instead")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (with --generated)")
    parser.add_argument("--slices", type=int, metavar="SIZE", default=None,
                        help="ingest into one store SIZE documents at a time and print the rate"
                             " of each slice as the store grows")
    parser.add_argument("--one-by-one", action="store_true",
                        help="with --slices: also ingest each slice into a second store with one"
                             " write per document, right after the batched one, and print the ratio")
    args = parser.parse_args()
    rng = random.Random(20261123)
    if args.slices:
        with tempfile.TemporaryDirectory() as tmp:
            slices(write_documents(Path(tmp), args, rng), Path(tmp), args)
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_documents(Path(tmp), args, rng)
        args.n = sum(1 for p in folder.rglob("*") if p.is_file() and p.parent.name != "expected")

        stages = {"read+extract+map": 0.0, "validate": 0.0}
        real_prepare, real_validate, real_many = api_mod.prepare, api_mod.validate, api_mod.validate_many

        def timed(name, func):
            def wrapper(*a, **k):
                t = time.perf_counter()
                try:
                    return func(*a, **k)
                finally:
                    stages[name] += time.perf_counter() - t
            return wrapper

        # one process, each stage timed
        api_mod.prepare = timed("read+extract+map", real_prepare)
        api_mod.validate = timed("validate", real_validate)
        api_mod.validate_many = timed("validate", real_many)
        serial = 0.0
        if not args.no_serial:
            # no time limit: every stage in this process, where it can be timed
            with Cqcgraph(Settings(store=Path(tmp) / "serial", document_timeout=0)) as app:
                _ = app.store  # open and write reference graphs outside the timing
                start = time.perf_counter()
                app.ingest([folder], jobs=1)
                serial = time.perf_counter() - start
        api_mod.prepare, api_mod.validate, api_mod.validate_many = real_prepare, real_validate, real_many

        # the default: worker processes for everything that needs no store
        with Cqcgraph(Settings(store=Path(tmp) / "store")) as app:
            _ = app.store  # open it outside the timing
            start, cpu_before = time.perf_counter(), cpu_seconds()
            report = app.ingest([folder], jobs=args.jobs)
            elapsed = time.perf_counter() - start
            cpu = [after - before for after, before in zip(cpu_seconds(), cpu_before, strict=True)]
            quads = io.BytesIO()
            app.export(quads, "nquads")
            n_quads = app.store.count_quads()
            start = time.perf_counter()
            again = app.ingest([folder], jobs=args.jobs)
            unchanged = time.perf_counter() - start

        stored = sum(1 for d in report.documents if d.ok)
        reference = ox.Store(str(Path(tmp) / "reference"))
        start = time.perf_counter()
        reference.bulk_load(quads.getvalue(), ox.RdfFormat.N_QUADS)
        ref_elapsed = time.perf_counter() - start
        cli_elapsed = None
        oxigraph = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        if oxigraph:
            dump = Path(tmp) / "quads.nq"
            dump.write_bytes(quads.getvalue())
            start = time.perf_counter()
            subprocess.run([oxigraph, "load", "--location", str(Path(tmp) / "cli"), "--file",
                            str(dump)], check=True, capture_output=True)
            cli_elapsed = time.perf_counter() - start

    other = serial - sum(stages.values())
    load = os.getloadavg()
    print(f"documents         {args.n} ({stored} stored; load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f})")
    print(f"store quads       {n_quads}")
    if serial:
        print(f"one process       {serial:8.2f} s  {args.n / serial:8.1f} documents/s")
        for stage, seconds in [*stages.items(), ("identity+write", other)]:
            print(f"  {stage:<17} {seconds:6.2f} s  ({100 * seconds / serial:4.1f} %)")
    print(f"worker processes  {elapsed:8.2f} s  {args.n / elapsed:8.1f} documents/s  {n_quads / elapsed:10.0f} quads/s")
    print(f"  CPU a document  {1000 * sum(cpu) / args.n:8.2f} ms  (writer {1000 * cpu[0] / args.n:.2f},"
          f" workers {1000 * cpu[1] / args.n:.2f})")
    print(f"again, unchanged  {unchanged:8.2f} s  {args.n / unchanged:8.1f} documents/s  ({sum(d.status == 'unchanged' for d in again.documents)} unchanged)")
    print(f"reference         {ref_elapsed:8.2f} s  (Oxigraph bulk_load of the same quads)  {n_quads / ref_elapsed:10.0f} quads/s")
    print(f"ratio             {elapsed / ref_elapsed:8.1f} x the reference's time")
    if cli_elapsed is not None:
        print(f"oxigraph load     {cli_elapsed:8.2f} s  (the same quads from a file)  {n_quads / cli_elapsed:10.0f} quads/s")
        print(f"ratio             {elapsed / cli_elapsed:8.1f} x oxigraph load's time")


def slices(folder: Path, root: Path, args: argparse.Namespace) -> None:
    """Ingest ``folder`` into one store ``args.slices`` documents at a time, printing each
    slice's rate, the writer's share of it and the load; with ``--one-by-one``, each slice
    goes next into a second store written one document per transaction (the reference: the
    same documents, the same store size, the same minute of machine load)."""
    files = api_mod.expand_inputs([folder])
    runs = {"batched": api_mod.write_batch.BATCH_DOCUMENTS}
    if args.one_by_one:
        runs["one by one"] = 1
    apps = {name: Cqcgraph(Settings(store=root / name.replace(" ", "-"))) for name in runs}
    writer = {name: 0.0 for name in runs}
    real_write = api_mod.Cqcgraph._write_plans

    def timed_write(self, plans):
        start = time.perf_counter()
        try:
            return real_write(self, plans)
        finally:
            writer[self.settings.store_path.name.replace("-", " ")] += time.perf_counter() - start

    api_mod.Cqcgraph._write_plans = timed_write
    for app in apps.values():
        _ = app.store  # opened outside the timing
    print(f"{'store size':>15}  " + "  ".join(f"{name + ' docs/s':>18} {'writer':>6}" for name in runs)
          + ("  ratio" if args.one_by_one else "") + "  CPU ms/doc (writer+workers)  load (1 min)")
    try:
        for start in range(0, len(files), args.slices):
            part = files[start:start + args.slices]
            rates = {}
            cpu: dict[str, list[float]] = {}
            for name, app in apps.items():
                writer[name] = 0.0
                began, cpu_before = time.perf_counter(), cpu_seconds()
                app.ingest(part, jobs=args.jobs, documents_per_write=runs[name])
                elapsed = time.perf_counter() - began
                cpu[name] = [after - before for after, before in zip(cpu_seconds(), cpu_before, strict=True)]
                rates[name] = (len(part) / elapsed, writer[name] / elapsed)
            cells = "  ".join(f"{rate:18.1f} {100 * busy:5.0f}%" for rate, busy in rates.values())
            ratio = (f"  {rates['batched'][0] / rates['one by one'][0]:5.2f}"
                     if args.one_by_one else "")
            used = cpu["batched"]
            print(f"{start:>6} → {start + len(part):>6}  {cells}{ratio}"
                  f"  {1000 * sum(used) / len(part):7.2f} ({1000 * used[0] / len(part):.2f}"
                  f"+{1000 * used[1] / len(part):.2f})  {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        api_mod.Cqcgraph._write_plans = real_write
        for app in apps.values():
            app.close()


if __name__ == "__main__":
    main()
