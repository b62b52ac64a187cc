"""How long the browse pages take on a store of register size.

    .venv/bin/python bench/register_files.py out --locations 56000 --date 2026-11-01
    .venv/bin/cqcgraph ingest --store store out/*
    .venv/bin/python bench/browse.py store [--rounds 20]

Starts ``cqcgraph serve`` over STORE and prints: p50/max of pages of ``/locations/all`` (read
a page at a time from the derived graph: first, far in, one rating), timed while the figures
of the other pages are being computed (on a large store); how long the first home page took to have its
figures (the build of the table of every location, once per store generation), then p50/max
of the home page, a filtered list, its CSV, an area page and an area feed once the figures
are built.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from servers import start_server, stop_server  # noqa: E402


def time_paths(url: str, paths: dict[str, str], rounds: int) -> None:
    """p50 and max of ``rounds`` GETs of each path (each must answer 200)."""
    for name, path in paths.items():
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            r = requests.get(url + path, timeout=120)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (path, r.status_code)
        print(f"{name:<38} p50 {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
              f"   {len(r.content):,} bytes")


def far_start(url: str) -> int:
    """A start near the end of ``/locations/all``: the total of its largest rating's list."""
    doc = requests.get(url + "/locations/all?rating=good&format=json", timeout=120).json()
    return max(0, ((doc["total"] or 0) // 50 - 1) * 50)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    proc, url = start_server(args.store)
    try:
        started = time.monotonic()
        requests.get(url + "/", timeout=120)  # starts the build of the other pages' figures
        far = far_start(url)
        time_paths(url, {
            "every location, first page": "/locations/all",
            f"every location, page at row {far:,}": f"/locations/all?start={far}",
            f"rated Good, page at row {far:,}": f"/locations/all?rating=good&start={far}",
            "rated Inadequate for Safe, first page": "/locations/all?kq=safe&rating=inadequate",
        }, args.rounds)
        waits = 0
        while True:
            r = requests.get(url + "/", timeout=120)
            if 'id="figures-computing"' not in r.text:
                break
            waits += 1
            time.sleep(0.5)
        built = time.monotonic() - started
        print(f"figures built in {built:.1f} s (first answer after {waits} 'being computed'"
              f" pages); home page status {r.status_code}, {len(r.content):,} bytes")
        la = next(part.split('"')[0] for part in r.text.split('href="/areas/local-authority/')[1:])
        paths = {
            "home": "/",
            "list (care homes rated Inadequate)": "/locations?care_home=yes&rating=inadequate",
            "list of one local authority": f"/locations?la={la}",
            "CSV of every location": "/locations?format=csv",
            "area page": f"/areas/local-authority/{la}",
            "area feed": f"/feeds/enforcement.atom?area=local-authority/{la}",
        }
        time_paths(url, paths, args.rounds)
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
