"""The outside SPARQL protocol checker (../shared/tools/sparql_conformance.py, not project code)
run against a real server holding its fixtures: it must report 0 failed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_server import start_server, stop_server  # noqa: E402  (tests/ is on sys.path)

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "sparql_conformance.py"


@pytest.mark.slow
def test_conformance_checker_finds_no_failure(tmp_path):
    if not CHECKER.is_file():
        pytest.skip(f"the conformance checker is not here ({CHECKER.name} beside the checkout)")
    fixtures = tmp_path / "fixtures.nq"
    subprocess.run([sys.executable, str(CHECKER), "--write-fixtures", str(fixtures)], check=True,
                   capture_output=True)
    store = tmp_path / "store"
    import pyoxigraph as ox

    primary = ox.Store(str(store))
    primary.load(path=str(fixtures), format=ox.RdfFormat.N_QUADS)
    primary.flush()
    del primary
    proc, url = start_server(store, "--query-timeout", "5", "--cors")
    try:
        result = subprocess.run(
            [sys.executable, str(CHECKER), "--query-url", f"{url}/sparql", "--only-readonly",
             "--update-url", f"{url}/update", "--gsp-url", f"{url}/store",
             "--expect-timeout", "5", "--expect-cors"],
            capture_output=True, text=True, timeout=900,
        )
    finally:
        stop_server(proc)
    summary = re.search(r"conformance: (\d+) passed, (\d+) failed, (\d+) skipped", result.stdout)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert summary, result.stdout[-2000:] + result.stderr[-2000:]
    assert summary.group(2) == "0", "\n".join(failures)
    assert int(summary.group(1)) >= 50
