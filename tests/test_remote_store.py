"""cqcgraph over a remote SPARQL 1.1 store: a real ``oxigraph serve`` on loopback, written by
``cqcgraph ingest --store-url`` and read by ``query``, ``export``, ``stats`` and ``serve``.

The remote must end up holding what the embedded store holds after an ingest of the same
files (each document's graph, provenance and derived upkeep, written in one update request),
a rerun must change nothing, a document that fails validation must leave nothing behind, and
a remote that is down or refuses must be a named error with its exit code, never a traceback
nor a credential echoed.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from cqcgraph.queries import named_queries
from cqcgraph.readonly import StoreReader
from cqcgraph.settings import Settings
from cqcgraph.terms import Boolean

from conftest import run_cli, seed, seed_files
from servers import (START_TIMEOUT, ScriptedEndpoint, die_with_parent, track, _wait_until_up, answering,
                     free_port, oxigraph_binary, stop_server)

pytestmark = pytest.mark.skipif(oxigraph_binary() is None,
                                reason="the oxigraph command (test extras) is not installed")

BASE = "https://cqcgraph.example/id/"
FASTRACK = BASE + "location/fastrack-scan--lu20hf"
#: When each document was read: the one fact two ingests of the same file do not share.
READ_TIMES = ("<https://cqcgraph.example/ontology#readAt>",
              "<http://www.w3.org/ns/prov#endedAtTime>")
SECRET = "s3cret-token-never-shown"
DATE_TIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def start_remote(location: Path) -> tuple[subprocess.Popen, str]:
    """A fresh, empty ``oxigraph serve`` on a free loopback port: (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen(
        [str(oxigraph_binary()), "serve", "--location", str(location), "--bind",
         f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=die_with_parent())
    track(proc)
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(proc, url + "/query?query=ASK%7B%7D", "oxigraph serve")
    return proc, url


def serve_remote(store_url: str, home: Path, *args: str, probe: str = "/health",
                 ready: tuple[int, ...] = (200,)) -> tuple[subprocess.Popen, str]:
    """``cqcgraph serve --store-url`` on a free loopback port (no embedded store: its user
    data directory is ``home``, which must stay empty), once ``probe`` answers one of the
    ``ready`` statuses: (process, base URL)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CQCGRAPH_")}
    env["XDG_DATA_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cqcgraph", "serve", "--store-url", store_url, "--port",
         str(port), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, preexec_fn=die_with_parent())
    track(proc)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if requests.get(url + probe, timeout=10).status_code in ready:
                return proc, url
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError("cqcgraph serve over a remote store did not start")


def quads(nquads: bytes) -> list[str]:
    """The lines of an N-Quads dump, sorted, without the times of reading or loading."""
    return sorted(line for line in nquads.decode("utf-8").splitlines()
                  if line.strip() and not any(p in line for p in READ_TIMES)
                  and DATE_TIME not in line)


def export(*where: str) -> bytes:
    out = run_cli("export", "--format", "nquads", *where)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """An oxigraph serve holding the seeds, ingested through ``--store-url``."""
    proc, url = start_remote(tmp_path_factory.mktemp("remote") / "oxigraph")
    try:
        out = run_cli("ingest", "-q", "--store-url", url, *map(str, seed_files()))
        assert out.returncode == 0, out.stderr.decode()
        assert "5 stored" in out.stdout.decode()
        yield url
    finally:
        stop_server(proc)


def test_the_remote_holds_the_same_quads_as_an_embedded_ingest(remote, seeded_store):
    embedded = quads(export("--store", str(seeded_store)))
    assert len(embedded) > 1000
    assert quads(export("--store-url", remote)) == embedded


def test_a_rerun_changes_nothing(remote):
    before = export("--store-url", remote)
    out = run_cli("ingest", "-q", "--json", "--store-url", remote, *map(str, seed_files()))
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads(out.stdout)["by_status"] == {"unchanged": 5}
    assert export("--store-url", remote) == before  # not even the times of reading


def test_a_document_that_fails_validation_leaves_nothing_remote(tmp_path):
    proc, url = start_remote(tmp_path / "oxigraph")
    try:
        bad = tmp_path / "assessment.txt"  # an area scored 175 out of 100
        text = seed("001").read_text(encoding="utf-8").replace("scored 75 (", "scored 175 (")
        bad.write_text(text, encoding="utf-8")
        out = run_cli("ingest", "-q", "--json", "--store-url", url, str(bad))
        assert out.returncode == 1
        assert json.loads(out.stdout)["by_status"] == {"invalid": 1}
        graphs = requests.post(url + "/query", data={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
        names = {b["g"]["value"] for b in graphs["results"]["bindings"]}
        assert names and all("/document/" not in g for g in names)  # the ontology only
        assert not any("derived" in g or "summary" in g for g in names)
    finally:
        stop_server(proc)


def test_query_and_stats_read_the_remote(remote, seeded_store):
    out = run_cli("query", "find-location", "--param", "name=scan", "--format", "json",
                  "--store-url", remote)
    assert out.returncode == 0, out.stderr.decode()
    found = {b["location"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]}
    assert found == {FASTRACK}
    # the word "service" in a name is no SERVICE call, whatever the line endings
    out = run_cli("query", "SELECT (COUNT(*) AS ?n) WHERE {\r\n ?r"
                  " <https://cqcgraph.example/ontology#service> ?s }\r\n", "--format", "csv",
                  "--store-url", remote)
    assert out.returncode == 0, out.stderr.decode()
    out = run_cli("query", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql>"
                  " { ?s ?p ?o } }", "--store-url", remote)
    assert out.returncode == 2 and "not run over a remote store" in out.stderr.decode()
    remote_stats = json.loads(run_cli("stats", "--json", "--store-url", remote).stdout)
    embedded_stats = json.loads(run_cli("stats", "--json", "--store", str(seeded_store)).stdout)
    assert remote_stats == embedded_stats


PARAMETERS = {"iri": FASTRACK, "literal": "scan", "integer": "20", "date": "2010-01-01"}


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_as_over_the_embedded_store(remote, seeded_store, name):
    """Parameters are bound for the remote as the embedded store binds them (where each
    is used, in sub-queries too), and the union of the graphs is read alike."""
    query = named_queries()[name]
    if query.federated:
        pytest.skip(f"{name} calls SERVICE, which is not run over a remote store")
    params = {p.name: PARAMETERS[p.kind] for p in query.parameters if not p.optional}

    def answer(settings: Settings) -> list:
        with StoreReader(settings) as reader:
            result = reader.query(name, params=params)
        if isinstance(result, Boolean):
            return [bool(result)]
        # the times of reading (the one xsd:dateTime of the seeds' graphs) differ by ingest
        return sorted(repr(sorted((k, v) for k, v in r.items() if v.datatype != DATE_TIME)
                           if isinstance(r, dict) else r) for r in result)

    embedded = answer(Settings(store=seeded_store))
    assert answer(Settings(store_url=remote)) == embedded


def test_serve_over_the_remote_answers_queries_and_pages(remote, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    proc, url = serve_remote(remote, home)
    try:
        answer = requests.get(url + "/queries/location-breaches", timeout=60, params={
            "location": FASTRACK, "format": "json"})
        assert answer.status_code == 200, answer.text
        regulations = sorted(b["regulation"]["value"].rsplit("/", 1)[1]
                             for b in answer.json()["results"]["bindings"])
        assert regulations == ["12", "13", "17", "18", "20A"]
        page = requests.get(url + "/id/location/fastrack-scan--lu20hf", timeout=60,
                            headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "Fastrack Scan" in page.text and "LU2 0HF" in page.text
        ask = requests.post(url + "/sparql", data={"query": f"ASK {{ <{FASTRACK}> ?p ?o }}"},
                            headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert ask.status_code == 200 and ask.json()["boolean"] is True
        refused = requests.post(url + "/sparql", timeout=60, data={
            "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
        assert refused.status_code == 400  # the guard decides; nothing goes to the remote
    finally:
        stop_server(proc)
    assert not any(home.iterdir())  # no embedded store was made


def test_writes_through_the_endpoint_reach_the_remote(tmp_path):
    """SPARQL Update and the Graph Store Protocol through ``serve --store-url``, with the
    write token: each write is one request to the remote."""
    proc, url = start_remote(tmp_path / "oxigraph")
    (tmp_path / "token").write_text(SECRET)
    server, site = serve_remote(url, tmp_path, "--write-token-file", str(tmp_path / "token"))
    graph = "https://cqcgraph.example/id/graph/notes"
    auth = {"Authorization": f"Bearer {SECRET}"}
    try:
        refused = requests.post(site + "/update", timeout=60, data={
            "update": f"INSERT DATA {{ GRAPH <{graph}> {{ <{FASTRACK}> <{graph}#n> 'a' }} }}"})
        assert refused.status_code in (401, 403)
        done = requests.post(site + "/update", headers=auth, timeout=60, data={
            "update": f"INSERT DATA {{ GRAPH <{graph}> {{ <{FASTRACK}> <{graph}#n> 'a' }} }}"})
        assert done.status_code == 204, done.text
        put = requests.put(site + "/store", params={"graph": graph}, timeout=60,
                           data=f"<{FASTRACK}> <{graph}#n> 'b' .".encode(),
                           headers={**auth, "Content-Type": "text/turtle"})
        assert put.status_code in (201, 204), put.text
        direct = requests.get(url + "/store", params={"graph": graph}, timeout=60,
                              headers={"Accept": "application/n-triples"})
        assert direct.status_code == 200 and '"b"' in direct.text and '"a"' not in direct.text
        assert requests.delete(site + "/store", params={"graph": graph}, headers=auth,
                               timeout=60).status_code == 204
        assert requests.get(url + "/store", params={"graph": graph}, timeout=60).status_code \
            == 404
    finally:
        stop_server(server)
        stop_server(proc)


def test_a_remote_that_goes_away_is_a_clear_error(tmp_path):
    proc, url = start_remote(tmp_path / "oxigraph")
    server, site = serve_remote(url, tmp_path)
    try:
        stop_server(proc)
        out = run_cli("stats", "--store-url", url, env={"CQCGRAPH_STORE_TOKEN": SECRET})
        said = out.stderr.decode()
        assert out.returncode == 4
        assert "cannot be reached" in said and "Traceback" not in said and SECRET not in said
        out = run_cli("ingest", "-q", "--store-url", url, str(seed("004")))
        assert out.returncode == 4 and "Traceback" not in out.stderr.decode()
        answer = requests.post(site + "/sparql", data={"query": "ASK { ?s ?p ?o }"},
                               timeout=60)
        assert answer.status_code == 502 and "cannot be reached" in answer.text
    finally:
        stop_server(server)
        stop_server(proc)


def test_serve_starts_while_the_remote_is_down_and_answers_once_it_is_back(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server, site = serve_remote(url, tmp_path, probe="/sparql?query=ASK%7B%7D", ready=(502,))
    try:
        down = requests.get(site + "/health", timeout=60)
        assert down.status_code == 503 and down.json()["status"] == "unavailable"
        proc = subprocess.Popen(
            [str(oxigraph_binary()), "serve", "--location", str(tmp_path / "oxigraph"),
             "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=die_with_parent())
        track(proc)
        try:
            _wait_until_up(proc, url + "/query?query=ASK%7B%7D", "oxigraph serve")
            answer = requests.post(site + "/sparql", data={"query": "ASK { }"}, timeout=60,
                                   headers={"Accept": "application/sparql-results+json"})
            assert answer.status_code == 200 and answer.json()["boolean"] is True
            assert requests.get(site + "/health", timeout=60).status_code == 200
        finally:
            stop_server(proc)
    finally:
        stop_server(server)


def test_a_refusing_remote_is_named_without_secrets_or_its_long_answer():
    long_body = b"<html>" + b"x" * 5000 + SECRET.encode() + b"</html>"
    for status, code in ((500, 4), (401, 2)):
        endpoint = ScriptedEndpoint(answering(status, long_body, "text/html"))
        try:
            base = f"http://127.0.0.1:{endpoint.port}"
            out = run_cli("stats", "--store-url", base, env={"CQCGRAPH_STORE_TOKEN": SECRET})
            said = out.stderr.decode()
            assert out.returncode == code, said
            assert str(status) in said and SECRET not in said and "Traceback" not in said
            assert len(said) < 400
        finally:
            endpoint.close()


def test_the_row_cap_holds_over_the_remote(remote):
    out = run_cli("query", "SELECT * WHERE { ?s ?p ?o }", "--format", "csv",
                  "--store-url", remote, env={"CQCGRAPH_MAX_RESULT_ROWS": "10"})
    assert out.returncode == 3, out.stderr.decode()
    assert "more than 10 rows" in out.stderr.decode()


def test_a_slow_remote_is_stopped_at_the_query_time_limit():
    def never(handler) -> None:  # noqa: ANN001 - answers nothing within the limit
        time.sleep(5)

    endpoint = ScriptedEndpoint(never)
    try:
        base = f"http://127.0.0.1:{endpoint.port}"
        began = time.monotonic()
        out = run_cli("query", "SELECT * WHERE { ?s ?p ?o }", "--query-timeout", "1",
                      "--store-url", base)
        assert out.returncode == 3, out.stderr.decode()
        assert "time limit" in out.stderr.decode()
        assert time.monotonic() - began < 30  # it did not wait for the remote
    finally:
        endpoint.close()


def test_credentials_come_from_the_environment_only():
    out = run_cli("stats", "--store-url", "http://user:pw@127.0.0.1:9/")
    assert out.returncode == 2 and "pw" not in out.stderr.decode().replace("password", "")
    out = run_cli("stats", "--help")
    assert "--store-url" in out.stdout.decode() and "--store-token" not in out.stdout.decode()
    sent: list[str] = []

    def record(handler) -> None:  # noqa: ANN001
        sent.append(handler.headers.get("Authorization", ""))
        answering(401, b"no", "text/plain")(handler)

    endpoint = ScriptedEndpoint(record)
    try:
        out = run_cli("stats", "--store-url", f"http://127.0.0.1:{endpoint.port}",
                      env={"CQCGRAPH_STORE_USER": "reader", "CQCGRAPH_STORE_PASSWORD": SECRET})
    finally:
        endpoint.close()
    assert out.returncode == 2 and "refused the credentials" in out.stderr.decode()
    assert SECRET not in out.stderr.decode() + out.stdout.decode()
    kind, _, pair = sent[0].partition(" ")
    assert kind == "Basic" and base64.b64decode(pair).decode() == f"reader:{SECRET}"


def test_a_register_file_loads_into_the_remote_as_into_the_embedded_store(tmp_path):
    """CQC's register files go through the Graph Store Protocol (a POST of each batch) and
    the summaries' upkeep as updates: the same quads either way."""
    from test_register import HSCA_HEADER, hsca_row, write_csv

    register = write_csv(tmp_path / "HSCA_Active_Locations_1_November_2026.csv", HSCA_HEADER,
                         [hsca_row(), hsca_row("1-100000002", "Elm House", beds="20")])
    proc, url = start_remote(tmp_path / "oxigraph")
    try:
        for where in (("--store", str(tmp_path / "embedded")), ("--store-url", url)):
            out = run_cli("ingest", "-q", *where, str(register))
            assert out.returncode == 0, out.stderr.decode()
        remote_quads = quads(export("--store-url", url))
    finally:
        stop_server(proc)
    embedded_quads = quads(export("--store", str(tmp_path / "embedded")))
    assert any("Elm House" in q for q in embedded_quads)
    assert remote_quads == embedded_quads


def test_the_embedded_only_commands_say_so_over_a_remote(remote, tmp_path):
    out = run_cli("backup", str(tmp_path / "b"), "--store-url", remote)
    assert out.returncode == 2 and "remote store" in out.stderr.decode()
    assert not (tmp_path / "b").exists()



def test_every_command_that_takes_a_store_folder_takes_a_store_url_and_its_layouts():
    from cqcgraph.cli import main
    from cqcgraph.remote_store import LAYOUTS

    def commands(group):  # noqa: ANN001, ANN202
        for command in group.commands.values():
            yield from commands(command) if hasattr(command, "commands") else (command,)

    for command in commands(main):
        names = {p.name: p for p in command.params}
        if "store" in names:
            assert "store_url" in names, command.name
            assert set(names["store_layout"].type.choices) == set(LAYOUTS), command.name
