"""How long the browse pages take on a store of national size, also right after a write.

    .venv/bin/python bench/register_files.py out --locations 100000 --date 2026-11-01
    .venv/bin/cqcgraph ingest --store store out/HSCA_Active_Locations_*.csv
    .venv/bin/python bench/browse.py store [--rounds 10] [--writes 3]

Starts ``cqcgraph serve`` over STORE (writes on) and prints: how long the first list took
(on a store without an index of locations, its one build); p50/max wall and the server's CPU
per request (every process of the server: HTTP, query workers) of ``/locations/all`` pages,
the home page, ``/locations`` filtered, sorted both ways and paged deep, its facets where the
index gives them (another key question, "not inspected"), its CSV for one local authority,
an area page and an area feed; then, ``--writes`` times, a document posted and the list, an
area page and the home page asked right after it (the first answer of the new store
version, nothing built in between).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
import servers  # noqa: E402
from servers import serving  # noqa: E402

DEMO = HERE.parent / "demo"
TOKEN = "bench-browse"
TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every live process of the process group ``pgid``."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def get(url: str) -> requests.Response:
    r = requests.get(url, timeout=600)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    return r


def answer(url: str) -> int:
    """GET ``url`` until it answers with its figures (not a "being computed" page): how many
    such pages came first."""
    waits = 0
    while True:
        r = requests.get(url, timeout=600)
        if r.status_code == 200 and 'id="figures-computing"' not in r.text:
            return waits
        waits += 1
        time.sleep(0.5)


def time_paths(url: str, pgid: int, paths: dict[str, str], rounds: int) -> None:
    """p50 and max wall of ``rounds`` GETs of each path, and the server's CPU per GET."""
    for name, path in paths.items():
        times = []
        cpu = group_cpu(pgid)
        for _ in range(rounds):
            t = time.perf_counter()
            r = get(url + path)
            times.append((time.perf_counter() - t) * 1000)
        cpu_ms = (group_cpu(pgid) - cpu) * 1000 / rounds
        print(f"{name:<46} p50 {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms"
              f"   CPU {cpu_ms:6.1f} ms   {len(r.content):,} bytes", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--writes", type=int, default=3)
    args = ap.parse_args()
    with serving(args.store, token=TOKEN) as url:
        pgid = servers._STARTED[-1].pid  # its own session: its processes are one group
        started, cpu = time.monotonic(), group_cpu(pgid)
        answer(url + "/locations")  # the first list: on a store without an index, its one build
        r = get(url + "/locations")
        print(f"first list answered after {time.monotonic() - started:.1f} s"
              f" ({group_cpu(pgid) - cpu:.1f} s of server CPU)", flush=True)
        total = int(re.search(r'id="list-count"[^>]*>([\d,]+)', r.text).group(1).replace(",", ""))
        home = get(url + "/").text
        la = next(part.split('"')[0] for part in home.split('href="/areas/local-authority/')[1:])
        deep = max(1, total // 50 - 1)
        print(f"{total:,} locations; local authority {la}", flush=True)
        time_paths(url, pgid, {
            "home": "/",
            "every location, page at row 0 (all)": "/locations/all",
            "list, first page (by name)": "/locations",
            f"list, page {deep:,} (by name)": f"/locations?page={deep}",
            "list, by rating reversed, page 100": "/locations?sort=-rating&page=100",
            "list, by local authority": "/locations?sort=local-authority",
            "list, by postcode reversed, page 500": "/locations?sort=-postcode&page=500",
            "list, by last inspected reversed": "/locations?sort=-last-inspected",
            "care homes rated Inadequate": "/locations?care_home=yes&rating=inadequate",
            "one local authority, by rating": f"/locations?la={la}&sort=rating",
            "Safe rated Good (facets from the index)": "/locations?kq=safe&rating=good",
            "not inspected for 2 years (facets: index)": "/locations?not_inspected=2",
            "CSV of one local authority": f"/locations?la={la}&format=csv",
            "area page": f"/areas/local-authority/{la}",
            "area feed": f"/feeds/enforcement.atom?area=local-authority/{la}",
        }, args.rounds)
        docs = sorted(DEMO.glob("*.txt"))[:args.writes]
        for doc in docs:
            t = time.perf_counter()
            r = requests.post(url + "/documents", data=doc.read_bytes(), timeout=600,
                              headers={"Authorization": f"Bearer {TOKEN}",
                                       "X-File-Name": doc.name})
            assert r.status_code in (200, 201), r.text
            wrote = (time.perf_counter() - t) * 1000
            line = [f"after writing {doc.name} ({wrote:.0f} ms):"]
            for name, path in (("a page of /locations/all (query workers)", "/locations/all"),
                               ("list", "/locations?sort=-rating"),
                               ("area page", f"/areas/local-authority/{la}"),
                               ("home", "/")):
                t, cpu = time.perf_counter(), group_cpu(pgid)
                waits = answer(url + path)
                line.append(f"{name} {(time.perf_counter() - t) * 1000:.0f} ms"
                            f" (CPU {(group_cpu(pgid) - cpu) * 1000:.0f} ms"
                            f"{f', {waits} being-computed pages first' if waits else ''})")
            print(" ".join(line), flush=True)


if __name__ == "__main__":
    main()
