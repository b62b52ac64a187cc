"""Load CQC register files into a fresh store and print load time, rows/s and peak RSS.

    python bench/register_load.py FILE... [--store DIR] [--validate-rows N] [--profile]

Make national-size files first with ``bench/register_files.py`` (56,000 locations, the real
headers). Each file is loaded through the same path as ``cqcgraph ingest FILE``; the figures
are per file, then for the run. Peak RSS is the process's (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cqcgraph import register_load  # noqa: E402
from cqcgraph.api import Cqcgraph  # noqa: E402
from cqcgraph.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--validate-rows", type=int, default=register_load.VALIDATE_ROWS)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    folder = args.store or Path(tempfile.mkdtemp(prefix="cqcgraph-bench-register-"))
    app = Cqcgraph(Settings(store=folder, base_iri="https://cqcgraph.example/id/"))
    total_rows, started = 0, time.perf_counter()
    for path in args.files:
        t = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        def progress(name: str, done: int, expected: int | None, t0: float = t) -> None:
            if done % 10_000 == 0:
                print(f"  {name}: {done} rows, {time.perf_counter() - t0:.0f} s", flush=True)

        r = register_load.load_register(app.store, path, base=app.base,
                                        validate_rows=args.validate_rows, progress=progress)
        if args.profile:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        seconds = time.perf_counter() - t
        total_rows += r.rows
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {r.kind}, {r.status}"
              f"{' (' + r.reason + ')' if r.reason else ''}; {r.rows} rows, {r.triples} triples"
              f" in {seconds:.1f} s ({r.rows / seconds:.0f} rows/s); peak RSS {rss:.0f} MiB",
              flush=True)
    seconds = time.perf_counter() - started
    print(f"total: {total_rows} rows in {seconds:.1f} s ({total_rows / seconds:.0f} rows/s);"
          f" {app.store.count_quads()} quads in the store;"
          f" peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    app.close()
    if args.store is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
