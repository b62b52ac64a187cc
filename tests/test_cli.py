"""The ``cqcgraph`` command as a user runs it: real processes, a real on-disk store."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pyoxigraph as ox
import pytest
import rdflib

from conftest import run_cli, seed, seed_files


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    result = run_cli("ingest", "--quiet", "--store", str(path), *map(str, seed_files()))
    assert result.returncode == 0, result.stderr.decode()
    return str(path)


def test_ingest_prints_a_summary_and_exits_0(tmp_path):
    out = run_cli("ingest", "--store", str(tmp_path / "s"), str(seed("003")))
    assert out.returncode == 0
    assert "1 documents (1 stored)" in out.stdout.decode()
    assert "0 failed" in out.stdout.decode()


def test_ingest_reports_a_failed_document_by_name_and_exits_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("003"), folder)
    (folder / "junk.pdf").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    out = run_cli("ingest", "--store", str(tmp_path / "s"), str(folder))
    assert out.returncode == 1
    assert "junk.pdf: failed:" in out.stderr.decode()
    assert "1 stored" in out.stdout.decode()


def test_ingest_takes_a_glob(tmp_path):
    pattern = str(seed("000").parent / "00[12]_*.txt")
    out = run_cli("ingest", "--quiet", "--json", "--store", str(tmp_path / "s"), pattern)
    assert out.returncode == 0
    assert json.loads(out.stdout)["documents"] == 2


def test_store_from_the_environment(tmp_path):
    env = {"CQCGRAPH_STORE": str(tmp_path / "env-store")}
    assert run_cli("ingest", "--quiet", str(seed("003")), env=env).returncode == 0
    out = run_cli("stats", "--json", env=env)
    assert json.loads(out.stdout)["documents"] == 1


def test_a_second_writer_gets_store_in_use_and_exit_2(tmp_path):
    path = tmp_path / "s"
    holder = ox.Store(str(path))  # another process holding the store is the same lock
    out = run_cli("stats", "--store", str(path))
    assert out.returncode == 2
    assert "store in use" in out.stderr.decode()
    del holder


def test_query_text_as_csv(store):
    out = run_cli("query", "--store", store, "--format", "csv",
                  "SELECT ?name WHERE { ?l a <https://cqcgraph.example/ontology#Location> ; <http://schema.org/name> ?name } ORDER BY ?name")
    assert out.returncode == 0, out.stderr.decode()
    names = [row[0] for row in csv.reader(io.StringIO(out.stdout.decode()))][1:]
    assert "Fastrack Scan" in names and "Medical Imaging Partnership" in names


def test_query_file_as_table(store, tmp_path):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(DISTINCT ?i) AS ?inspections) WHERE { ?i a <https://cqcgraph.example/ontology#Inspection> }")
    out = run_cli("query", "--store", store, str(rq))
    assert out.returncode == 0
    assert "inspections" in out.stdout.decode() and "(1 row)" in out.stdout.decode()


def test_a_syntax_error_is_a_clear_message_with_exit_2(store):
    out = run_cli("query", "--store", store, "SELECT ?x WHERE { ?x ?y }")
    assert out.returncode == 2
    err = out.stderr.decode()
    assert "Traceback" not in err and err.startswith("cqcgraph:")


def test_a_named_query_without_its_parameter_names_it(store):
    out = run_cli("query", "--store", store, "location-rating-history")
    assert out.returncode == 2
    assert "location" in out.stderr.decode()


@pytest.mark.parametrize("fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"),
                                        ("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_export_in_every_format_parses(store, fmt, parser):
    out = run_cli("export", "--store", store, "--format", fmt)
    assert out.returncode == 0, out.stderr.decode()
    graph = rdflib.Dataset() if parser in {"nquads", "trig"} else rdflib.Graph()
    graph.parse(data=out.stdout.decode(), format=parser)
    assert len(graph) > 500 or sum(1 for _ in graph.quads()) > 500


def test_export_one_resource(store):
    loc = "https://cqcgraph.example/id/location/fastrack-scan--lu20hf"
    out = run_cli("export", "--store", store, "--resource", loc, "--format", "ntriples")
    assert out.returncode == 0
    lines = out.stdout.decode().splitlines()
    assert lines and all(line.startswith(f"<{loc}>") or "rdf-schema#label" in line for line in lines)


def test_export_one_document_graph(store):
    out = run_cli("query", "--store", store, "--format", "json",
                  'SELECT ?g WHERE { GRAPH ?g { ?g <https://cqcgraph.example/ontology#fileName> ?f FILTER(STRSTARTS(?f, "003")) } }')
    graph = json.loads(out.stdout)["results"]["bindings"][0]["g"]["value"]
    out = run_cli("export", "--store", store, "--graph", graph)
    assert out.returncode == 0
    assert "Healthcare at Home" in out.stdout.decode()


def test_validate_the_whole_store(store):
    out = run_cli("validate", "--store", store)
    assert out.returncode == 0, out.stdout.decode()
    assert "5 document graphs validated; 0 with violations" in out.stdout.decode()


def test_stats(store):
    counts = json.loads(run_cli("stats", "--json", "--store", store).stdout)
    assert counts["documents"] == 5 and counts["locations"] >= 4 and counts["quads"] > 1000


def test_extract_shows_facts_without_storing(tmp_path):
    out = run_cli("extract", str(seed("004")))
    assert out.returncode == 0
    record = json.loads(out.stdout)["record"]
    ratings = {r["key_question"]: r["value"] for r in record["inspections"][0]["ratings"] if not r["service"]}
    assert "caring" not in ratings and ratings["safe"] == "requires-improvement"
    ttl = run_cli("extract", "--format", "turtle", str(seed("004")))
    rdflib.Graph().parse(data=ttl.stdout.decode(), format="turtle")


def test_evaluate_prints_scores_per_kind():
    out = run_cli("evaluate", str(seed("002").parent))
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    for kind in ["ratings", "dates", "breaches", "enforcement"]:
        assert kind in text


def test_an_over_deep_query_is_refused_before_the_engine_sees_it(seeded_store):
    """10,000 nested braces crash Oxigraph's parser: the command line says why instead."""
    deep = "ASK " + "{" * 10_000 + "}" * 10_000
    result = run_cli("query", "--store", str(seeded_store), deep)
    assert result.returncode == 2
    assert b"nested 10000 levels deep" in result.stderr


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_runaway_query_is_stopped_at_its_time_limit_as_on_the_endpoint(store):
    """A cross product of the store with itself runs for hours: the command stops it at
    --query-timeout with the endpoint's message and exit code 3 (stopped at a limit)."""
    out = run_cli("query", "--store", store, "--query-timeout", "1", RUNAWAY)
    assert out.returncode == 3
    err = out.stderr.decode()
    assert "did not finish within the time limit of 1 s and was stopped" in err
    assert "Traceback" not in err
    # the store is free again: the next command gets it
    assert run_cli("stats", "--json", "--store", store).returncode == 0


def test_a_query_over_the_row_cap_is_stopped_with_exit_3(store):
    out = run_cli("query", "--store", store, "--format", "csv",
                  "SELECT * WHERE { ?s ?p ?o }", env={"CQCGRAPH_MAX_RESULT_ROWS": "10"})
    assert out.returncode == 3
    assert "more than 10 rows" in out.stderr.decode()


def test_service_is_refused_unless_allowed_as_on_the_endpoint(store):
    out = run_cli("query", "--store", store,
                  "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert out.returncode == 2
    assert "allow-list" in out.stderr.decode() and "Traceback" not in out.stderr.decode()


def test_query_list_names_every_named_query_with_its_parameters():
    from cqcgraph.queries import named_queries

    result = run_cli("query", "--list")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    for q in named_queries().values():
        assert any(line.startswith(q.name + " ") and q.title in line for line in out.splitlines())
        for p in q.parameters:
            assert f"--param {p.name}=" in out
    assert run_cli("query").returncode == 2  # neither a query nor --list: a usage error
