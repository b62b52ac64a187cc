"""The commands that only read (``query``, ``export``, ``stats``) as a user runs them: over
a store no one holds, and over a store a running server holds, where they read the server's
latest checkpoint; with the endpoint's time limit either way, and without loading the
pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from conftest import PROJECT, run_cli, seed_files
from servers import serving

EXTRA = Path(__file__).parent / "fixtures" / "corpus" / "006.txt"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DOCUMENTS = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a"
             " <https://cqcgraph.example/ontology#SourceDocument> } }")


@pytest.fixture()
def store(tmp_path) -> Path:
    path = tmp_path / "store"
    done = run_cli("ingest", "--quiet", "--store", str(path), *map(str, seed_files()))
    assert done.returncode == 0, done.stderr.decode()
    return path


def documents(store: Path) -> int:
    out = run_cli("query", "--store", str(store), "--format", "json", DOCUMENTS)
    assert out.returncode == 0, out.stderr.decode()
    return int(json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"])


def stats(store: Path) -> dict:
    out = run_cli("stats", "--json", "--store", str(store))
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)


def test_read_commands_answer_while_a_server_holds_the_store_and_see_its_writes(store):
    before = stats(store)
    nquads = run_cli("export", "--store", str(store), "--format", "nquads").stdout
    with serving(store, token="s3cret") as url:
        assert stats(store) == before
        assert documents(store) == before["documents"]
        named = run_cli("query", "--store", str(store), "--format", "json", "special-measures")
        assert named.returncode == 0, named.stderr.decode()
        assert json.loads(named.stdout)["results"]["bindings"]
        export = run_cli("export", "--store", str(store), "--format", "nquads")
        assert export.returncode == 0, export.stderr.decode()
        assert sorted(export.stdout.splitlines()) == sorted(nquads.splitlines())

        added = requests.post(f"{url}/documents?name=corpus-006.txt", data=EXTRA.read_bytes(),
                              headers={"Authorization": "Bearer s3cret",
                                       "Content-Type": "text/plain"}, timeout=120)
        assert added.status_code == 201, added.text
        # the server's write is in its next checkpoint, which the next command reads
        assert documents(store) == before["documents"] + 1
        assert stats(store)["documents"] == before["documents"] + 1
        # what the commands copied of the server's checkpoints went with them
        assert not list((store.parent / f".{store.name}.snapshots").glob("*/read-*"))
        assert requests.get(f"{url}/health", timeout=30).status_code == 200
    assert stats(store)["documents"] == before["documents"] + 1  # the server's write stayed


def test_a_runaway_query_is_stopped_at_its_limit_also_while_a_server_holds_the_store(store):
    with serving(store) as url:
        out = run_cli("query", "--store", str(store), "--query-timeout", "1", RUNAWAY)
        assert out.returncode == 3, out.stderr.decode()
        assert "did not finish within the time limit of 1 s and was stopped" in out.stderr.decode()
        assert requests.get(f"{url}/health", timeout=30).status_code == 200
    out = run_cli("query", "--store", str(store), "--query-timeout", "1", RUNAWAY)
    assert out.returncode == 3 and "Traceback" not in out.stderr.decode()
    assert stats(store)["documents"] == 5  # nothing was left holding the store


def test_a_query_command_loads_nothing_of_the_pipeline(store):
    """What a read-only command imports decides how fast it starts: no rdflib, pySHACL,
    extraction or web framework for a query, an export or the counts, and no HTTP client
    for a store on disk."""
    probe = (
        "import sys\n"
        "from cqcgraph.cli import main\n"
        "for argv in (['query', '--store', sys.argv[1], 'ASK {}'],\n"
        "             ['query', '--store', sys.argv[1], 'special-measures'],\n"
        "             ['export', '--store', sys.argv[1], '--format', 'turtle'],\n"
        "             ['stats', '--store', sys.argv[1]]):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (argv, exc.code)\n"
        "heavy = ('rdflib', 'pyshacl', 'flask', 'requests', 'cqcgraph.api', 'cqcgraph.extract',\n"
        "         'cqcgraph.validation', 'cqcgraph.rdf', 'cqcgraph.linksets', 'cqcgraph.remote_store',\n"
        "         'cqcgraph.sparql.remote')\n"
        "print(' '.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(store)], capture_output=True,
                          cwd=str(PROJECT), timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr.decode().strip() == ""
    assert b"Fastrack Scan" in done.stdout  # the commands did answer
