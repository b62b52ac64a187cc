"""The outside SPARQL protocol checker (sparql_conformance.py beside the checkout, not project
code) run against a real server holding its fixtures: read-only, then with writes (the write
token given to the checker). It must report 0 failed; with writes, the one failure allowed is
gsp.put_get_default (PUT ?default), and only while the service description says the union
default graph is read-only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef

from test_server import start_server, stop_server  # noqa: E402  (tests/ is on sys.path)

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "sparql_conformance.py"
TOKEN = "conformance-write-token"


def fixture_store(tmp_path: Path) -> Path:
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
    return store


def run_checker(*args: str) -> tuple[re.Match, list[str], str]:
    result = subprocess.run([sys.executable, str(CHECKER), *args], capture_output=True, text=True,
                            timeout=900)
    summary = re.search(r"conformance: (\d+) passed, (\d+) failed, (\d+) skipped", result.stdout)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert summary, result.stdout[-2000:] + result.stderr[-2000:]
    return summary, failures, result.stdout


@pytest.mark.slow
def test_conformance_checker_finds_no_failure(tmp_path):
    store = fixture_store(tmp_path)
    proc, url = start_server(store, "--query-timeout", "5", "--cors")
    try:
        summary, failures, _ = run_checker(
            "--query-url", f"{url}/sparql", "--only-readonly", "--update-url", f"{url}/update",
            "--gsp-url", f"{url}/store", "--expect-timeout", "5", "--expect-cors")
    finally:
        stop_server(proc)
    assert summary.group(2) == "0", "\n".join(failures)
    assert int(summary.group(1)) >= 50


@pytest.mark.slow
def test_conformance_checker_with_writes_finds_no_failure(tmp_path):
    store = fixture_store(tmp_path)
    (tmp_path / "token").write_text(TOKEN)
    proc, url = start_server(store, "--query-timeout", "5", "--cors",
                             "--write-token-file", str(tmp_path / "token"))
    try:
        summary, failures, out = run_checker(
            "--query-url", f"{url}/sparql", "--update-url", f"{url}/update",
            "--gsp-url", f"{url}/store", "--token", TOKEN, "--expect-timeout", "5",
            "--expect-cors")
        sd = Graph().parse(data=requests.get(url + "/sparql", headers={"Accept": "text/turtle"},
                                             timeout=30).text, format="turtle")
    finally:
        stop_server(proc)
    unexpected = [f for f in failures if not f.startswith("FAIL gsp.put_get_default ")]
    assert not unexpected, "\n".join(unexpected)
    if failures:  # PUT ?default refused: the service description must say why
        said = " ".join(str(o) for o in sd.objects(None, URIRef("http://purl.org/dc/terms/description")))
        assert "read-only" in said
    assert int(summary.group(1)) >= 85, out[-2000:]
    # the write side ran: updates with a protocol dataset and the Graph Store writes passed
    for name in ("protocol.update_dataset_full", "gsp.post_get_new_graph",
                 "gsp.post_get_post_get_indirect", "gsp.head_non_existing_direct"):
        assert f"PASS {name} " in out, name
