"""SPARQL 1.1 Protocol conformance, cqcgraph against Oxigraph's own server, in one run.

The checker is an outside tool, not part of cqcgraph: give its path.

    python bench/conformance.py --checker PATH/TO/sparql_conformance.py

Both servers hold the checker's fixtures; both are checked read-only, then with writes
(cqcgraph started with a write token, which the checker sends; `oxigraph serve` takes writes
from anyone). Prints passed/failed/skipped for each run and the checks that failed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from servers import start_oxigraph, start_server, stop_server  # noqa: E402


def run_checker(checker: Path, url: str, *extra: str) -> tuple[str, list[str]]:
    result = subprocess.run(
        [sys.executable, str(checker), "--query-url", url, *extra],
        capture_output=True, text=True, timeout=1200,
    )
    summary = re.search(r"conformance: .*", result.stdout)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    return (summary.group(0) if summary else result.stdout[-300:]), failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checker", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = Path(tmp) / "fixtures.nq"
        subprocess.run([sys.executable, str(args.checker), "--write-fixtures", str(fixtures)],
                       check=True, capture_output=True)
        import pyoxigraph as ox

        store = Path(tmp) / "cqcgraph"
        primary = ox.Store(str(store))
        primary.load(path=str(fixtures), format=ox.RdfFormat.N_QUADS)
        primary.flush()
        del primary

        runs = []
        token = Path(tmp) / "token"
        token.write_text("bench-conformance-token")
        proc, url = start_server(store, "--query-timeout", "5", "--write-token-file", str(token))
        try:
            runs.append(("cqcgraph", run_checker(args.checker, f"{url}/sparql", "--only-readonly")))
            runs.append(("cqcgraph, writes", run_checker(
                args.checker, f"{url}/sparql", "--update-url", f"{url}/update",
                "--gsp-url", f"{url}/store", "--token", "bench-conformance-token")))
        finally:
            stop_server(proc)
        proc, url = start_oxigraph(Path(tmp) / "oxigraph", fixtures)
        try:
            runs.append(("oxigraph serve", run_checker(args.checker, f"{url}/query",
                                                       "--only-readonly")))
            runs.append(("oxigraph, writes", run_checker(
                args.checker, f"{url}/query", "--update-url", f"{url}/update",
                "--gsp-url", f"{url}/store")))
        finally:
            stop_server(proc)

    for name, (summary, failures) in runs:
        print(f"{name:<17} {summary}")
        for line in failures:
            print(f"    {line}")


if __name__ == "__main__":
    main()
