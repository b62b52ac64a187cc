"""Link-set loading: `cqcgraph linkset load onspd` on a generated ONSPD-shaped CSV.

    python bench/linkset_load.py              # 500,000 rows
    python bench/linkset_load.py -n 2700000   # about the size of the real ONSPD
    python bench/linkset_load.py --reload     # then load it again (times the replacement)

The table has ONSPD's columns (the ones cqcgraph reads among filler ones, so rows are about as
wide as the real file's ≈ 480 bytes). Each load runs the real command line in a child process;
prints rows/s, quads/s and the child's peak RSS. Everything lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
COLUMNS = ("pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,"
           "osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,"
           "oa01,casward,npark,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua24,ru11ind,"
           "oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21")
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def write_table(path: Path, rows: int, seed: int = 7) -> None:
    """``rows`` distinct, well-formed postcodes with plausible codes (all made up)."""
    rnd = random.Random(seed)
    names = COLUMNS.split(",")
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(COLUMNS + "\n")
        for i in range(rows):
            # 100,000 postcodes per area, 1,000 per district: every postcode distinct
            area = LETTERS[i // 2_000_000 % 20] + LETTERS[i // 100_000 % 20]
            pcds = f"{area}{i // 1000 % 100} {i % 10}{LETTERS[i // 10 % 20]}{LETTERS[i // 200 % 5]}"
            values = {
                "pcd": pcds.replace(" ", "").ljust(7), "pcd2": pcds, "pcds": pcds,
                "dointr": "198001", "doterm": "", "oslaua": f"E07{i % 300:06d}",
                "osward": f"E05{i % 9000:06d}", "ctry": "E92000001", "rgn": "E12000004",
                "lsoa11": f"E01{i % 33000:06d}", "lsoa21": f"E01{i % 33000:06d}",
                "icb": f"E54{i % 42:06d}", "lat": f"{50 + rnd.random() * 5:.6f}",
                "long": f"{-3 + rnd.random() * 3:.6f}", "imd": str(1 + i % 32844),
                "oseast1m": str(400000 + i % 100000), "osnrth1m": str(300000 + i % 100000),
            }
            out.write(",".join(values.get(n, "E99999999") for n in names) + "\n")


def run(store: Path, table: Path) -> tuple[dict, float, int]:
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-m", "cqcgraph", "linkset", "load", "onspd", str(table),
         "--store", str(store), "--json"],
        capture_output=True, text=True, cwd=PROJECT)
    elapsed = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(child.stderr)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return json.loads(child.stdout), elapsed, peak_kib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--rows", type=int, default=500_000)
    parser.add_argument("--reload", action="store_true", help="load a second time (replacement)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cqcgraph-linkset-bench-") as tmp:
        folder = Path(tmp)
        table = folder / "ONSPD_BENCH.csv"
        started = time.perf_counter()
        write_table(table, args.rows)
        print(f"table: {args.rows:,} rows, {table.stat().st_size / 2**20:,.0f} MiB"
              f" (written in {time.perf_counter() - started:.1f} s)")
        for label in ["load"] + (["reload"] if args.reload else []):
            report, elapsed, peak = run(folder / "store", table)
            print(f"{label}: {report['rows']:,} rows, {report['quads']:,} quads in {elapsed:.1f} s"
                  f" (command) / {report['seconds']:.1f} s (loader):"
                  f" {report['rows'] / elapsed:,.0f} rows/s, {report['quads'] / elapsed:,.0f} quads/s;"
                  f" removed first {report['removed']:,} quads;"
                  f" peak RSS of the command so far {peak / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
