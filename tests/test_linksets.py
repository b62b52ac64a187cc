"""Offline link sets (issue 6): `cqcgraph linkset load onspd|legislation`, through the real CLI
into on-disk stores holding the seeds, checked with SPARQL."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cqcgraph import linksets
from cqcgraph.api import Cqcgraph
from cqcgraph.settings import Settings

from conftest import PROJECT, run_cli

BASE = "https://cqcgraph.example/id/"
GRAPH = BASE + "graph/linkset/onspd"
LEGISLATION_GRAPH = BASE + "graph/linkset/legislation"
SG = "http://statistics.data.gov.uk/id/statistical-geography/"
UNIT = "http://data.ordnancesurvey.co.uk/id/postcodeunit/"
PREFIXES = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# TEST DATA in the shape of the ONS Postcode Directory (a subset of its columns, in its order).
# The seed postcodes LE12 9AN, RH11 9BJ and LU2 0HF with plausible GSS codes (their local
# authorities' real codes; the ward, LSOA, ICB codes, positions and ranks are made up), two
# postcodes no seed uses, and ONSPD's pseudo codes and placeholder position for a postcode with
# no grid reference (which must give no triples).
ONSPD_HEADER = "pcd,pcd2,pcds,dointr,doterm,oslaua,osward,ctry,rgn,lsoa11,lsoa21,icb,lat,long,imd"
ONSPD_ROWS = [
    "LE129AN,LE12 9AN,LE12 9AN,199906,,E07000130,E05099001,E92000001,E12000004,E01099001,E01099001,E54099001,52.770930,-1.306410,24950",
    "RH119BJ,RH11 9BJ,RH11 9BJ,198001,,E07000226,E05099002,E92000001,E12000008,E01099002,E01099002,E54099002,51.115880,-0.207040,21111",
    "LU2 0HF,LU2  0HF,LU2 0HF,198001,,E06000032,E05099003,E92000001,E12000006,E01099003,E01099003,E54099003,51.889620,-0.398070,9311",
    "SW1A1AA,SW1A 1AA,SW1A 1AA,198001,,E09000033,E05099004,E92000001,E12000007,E01099004,E01099004,E54099004,51.501009,-0.141588,17000",
    "ZZ991ZZ,ZZ99 1ZZ,ZZ99 1ZZ,198001,,E99999999,E99999999,E92000001,E99999999,,,E99999999,99.999999,0.000000,0",
]
SEED_LA = {"Miracle in Progress": "E07000130", "Medical Imaging Partnership": "E07000226",
           "Fastrack Scan": "E06000032"}


def write_onspd(path: Path, rows: list[str], header: str = ONSPD_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path, seeded_store) -> Path:
    """A fresh copy of the store holding the five seeds (built once per session by conftest;
    copied while no process has it open)."""
    copy = tmp_path / "store"
    shutil.copytree(seeded_store, copy)
    return copy


def load(store: Path, kind: str, file: Path, *extra: str) -> dict:
    result = run_cli("linkset", "load", kind, str(file), "--store", str(store), "--json", *extra)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def select(store: Path, query: str) -> list[dict]:
    with Cqcgraph(Settings(store=store)) as app:
        return app.store.select(PREFIXES + query)


def units_in_linkset(store: Path) -> set[str]:
    rows = select(store, f"SELECT ?u WHERE {{ GRAPH <{GRAPH}> {{ ?u a <http://data.ordnancesurvey.co.uk/ontology/postcode/PostcodeUnit> }} }}")
    return {r["u"].rsplit("/", 1)[1] for r in rows}


def test_seed_locations_join_their_local_authority_through_the_postcode_unit(store, tmp_path):
    report = load(store, "onspd", write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS))
    assert report["rows"] == 5 and report["linked"] == 5 and report["graph"] == GRAPH
    rows = select(store, """SELECT DISTINCT ?name ?la ?rank WHERE {
        ?loc a cqc:Location ; schema:name ?name ; cqc:postcodeUnit ?unit .
        ?unit cqc:postcodeLocalAuthority ?la ; cqc:imdRank ?rank }""")
    assert {r["name"]: r["la"] for r in rows} == {n: SG + c for n, c in SEED_LA.items()}
    assert {r["name"]: r["rank"] for r in rows}["Fastrack Scan"] == "9311"


def test_the_named_query_gives_area_and_deprivation_offline(store, tmp_path):
    load(store, "onspd", write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS))
    result = run_cli("query", "--store", str(store), "--format", "json", "locations-by-area")
    assert result.returncode == 0, result.stderr.decode()
    rows = {b["name"]["value"]: b for b in json.loads(result.stdout)["results"]["bindings"]}
    assert set(rows) == set(SEED_LA)
    fastrack = rows["Fastrack Scan"]
    assert fastrack["postcode"]["value"] == "LU2 0HF"
    assert fastrack["localAuthority"]["value"] == SG + "E06000032"
    assert fastrack["ward"]["value"] == SG + "E05099003"
    assert fastrack["lsoa"]["value"] == SG + "E01099003"
    assert fastrack["icb"]["value"] == SG + "E54099003"
    assert fastrack["deprivationRank"]["datatype"].endswith("#integer")
    assert fastrack["overallRating"]["value"] == "Inadequate"


def test_what_a_postcode_unit_carries(store, tmp_path):
    load(store, "onspd", write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS))
    rows = select(store, f"""SELECT ?p ?o (DATATYPE(?o) AS ?dt) WHERE {{ GRAPH <{GRAPH}> {{
        <{UNIT}LU20HF> ?p ?o }} }}""")
    got = {(r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], r["o"]) for r in rows}
    assert got == {("type", "http://data.ordnancesurvey.co.uk/ontology/postcode/PostcodeUnit"),
                   ("label", "LU2 0HF"), ("postcodeLocalAuthority", SG + "E06000032"),
                   ("postcodeWard", SG + "E05099003"), ("postcodeLsoa", SG + "E01099003"),
                   ("postcodeIcb", SG + "E54099003"), ("lat", "51.88962"),
                   ("long", "-0.39807"), ("imdRank", "9311")}  # canonical decimals
    assert {r["dt"] for r in rows if r["p"].endswith(("lat", "long"))} == {
        "http://www.w3.org/2001/XMLSchema#decimal"}


def test_pseudo_codes_and_placeholder_positions_give_no_triples(store, tmp_path):
    load(store, "onspd", write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS))
    rows = select(store, f"SELECT ?p ?o WHERE {{ GRAPH <{GRAPH}> {{ <{UNIT}ZZ991ZZ> ?p ?o }} }}")
    assert {r["p"].rsplit("#", 1)[-1] for r in rows} == {"type", "label"}
    assert not select(store, f"SELECT ?s WHERE {{ ?s ?p <{SG}E99999999> }} LIMIT 1")


def test_lsoa11_is_used_when_the_table_has_no_lsoa21(store, tmp_path):
    header = ONSPD_HEADER.replace(",lsoa21", "")
    rows = [",".join(c for i, c in enumerate(r.split(",")) if i != 10) for r in ONSPD_ROWS[:1]]
    load(store, "onspd", write_onspd(tmp_path / "old.csv", rows, header))
    got = select(store, f"SELECT ?l WHERE {{ <{UNIT}LE129AN> cqc:postcodeLsoa ?l }}")
    assert [r["l"] for r in got] == [SG + "E01099001"]


def test_only_used_loads_only_the_postcodes_the_store_uses(store, tmp_path):
    report = load(store, "onspd", write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS),
                  "--only-used")
    assert report["only_used"] and report["linked"] == 3 and report["skipped"] == 2
    assert units_in_linkset(store) == {"LE129AN", "RH119BJ", "LU20HF"}


def test_loading_again_replaces_the_link_set(store, tmp_path):
    load(store, "onspd", write_onspd(tmp_path / "first.csv", ONSPD_ROWS))
    changed = [ONSPD_ROWS[0].replace("E07000130", "E07000134")]  # LE12 9AN moved: test data
    report = load(store, "onspd", write_onspd(tmp_path / "second.csv", changed))
    assert report["removed"] > 0
    assert units_in_linkset(store) == {"LE129AN"}
    las = select(store, f"SELECT ?la WHERE {{ <{UNIT}LE129AN> cqc:postcodeLocalAuthority ?la }}")
    assert [r["la"] for r in las] == [SG + "E07000134"]
    files = select(store, f"SELECT ?f WHERE {{ GRAPH <{GRAPH}> {{ ?g cqc:fileName ?f }} }}")
    assert [r["f"] for r in files] == ["second.csv"]
    count = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(count[0]["n"]) == report["quads"]


def test_the_link_set_says_where_its_table_came_from_and_when(store, tmp_path):
    table = write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS)
    load(store, "onspd", table)
    rows = select(store, f"""SELECT ?file ?sha ?rows ?at (DATATYPE(?at) AS ?dt) WHERE {{
        GRAPH <{GRAPH}> {{ <{GRAPH}> a cqc:LinkSet, prov:Entity ; cqc:fileName ?file ;
          cqc:sha256 ?sha ; cqc:rowCount ?rows ; prov:generatedAtTime ?at }} }}""")
    assert len(rows) == 1
    (row,) = rows
    assert row["file"] == "ONSPD_TEST.csv"
    assert row["sha"] == hashlib.sha256(table.read_bytes()).hexdigest()
    assert row["rows"] == "5"
    assert row["dt"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    listed = run_cli("linkset", "list", "--store", str(store), "--json")
    assert listed.returncode == 0, listed.stderr.decode()
    (info,) = json.loads(listed.stdout)
    assert info["kind"] == "onspd" and info["complete"] and info["file_name"] == "ONSPD_TEST.csv"


def test_a_table_that_is_not_onspd_is_refused_and_the_old_load_kept(store, tmp_path):
    load(store, "onspd", write_onspd(tmp_path / "ONSPD_TEST.csv", ONSPD_ROWS))
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,town\nX,Y\n", encoding="utf-8")
    result = run_cli("linkset", "load", "onspd", str(wrong), "--store", str(store))
    assert result.returncode == 2
    assert b"pcds" in result.stderr
    assert len(units_in_linkset(store)) == 5


def test_legislation_titles_label_the_regulation_iris(store, tmp_path):
    table = tmp_path / "legislation.csv"
    reg = "http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/"
    # TEST DATA: titles marked as such, so they cannot be mistaken for cqcgraph's own labels
    table.write_text("iri,title\n" + "".join(
        f'{reg}{n},"{t} (test title)"\n' for n, t in [
            ("12", "Safe care and treatment"), ("13", "Safeguarding service users"),
            ("17", "Good governance"), ("18", "Staffing"), ("20A", "Display of ratings")])
        + "not an iri,Ignored\n", encoding="utf-8")
    report = load(store, "legislation", table)
    assert report["graph"] == LEGISLATION_GRAPH and report["linked"] == 5 and report["skipped"] == 1
    got = select(store, f"""SELECT ?label ?title WHERE {{ GRAPH <{LEGISLATION_GRAPH}> {{
        <{reg}12> rdfs:label ?label ; dcterms:title ?title }} }}""")
    assert got == [{"label": "Safe care and treatment (test title)",
                    "title": "Safe care and treatment (test title)"}]
    result = run_cli("query", "--store", str(store), "--format", "json", "breaches-with-legislation")
    assert result.returncode == 0, result.stderr.decode()
    fastrack = [b for b in json.loads(result.stdout)["results"]["bindings"]
                if b.get("name", {}).get("value") == "Fastrack Scan"]
    assert len(fastrack) == 5
    assert all(b["legislationTitle"]["value"].endswith("(test title)") for b in fastrack)


def test_rows_become_quads_lazily():
    """The loader streams: quads come out while rows are still being read (an endless table
    gives its first quads), so no table is ever held in memory."""
    columns = {name: i for i, name in enumerate(ONSPD_HEADER.split(","))}
    endless = (ONSPD_ROWS[0].split(",") for _ in itertools.count())
    quads = linksets.onspd_quads(endless, GRAPH, columns=columns)
    assert len(list(itertools.islice(quads, 25))) == 25


MEMORY_PROBE = textwrap.dedent("""
    import random, resource, sys
    from pathlib import Path
    from cqcgraph import linksets
    from cqcgraph.store import GraphStore
    rows, folder = int(sys.argv[1]), Path(sys.argv[2])
    table = folder / "onspd.csv"
    rnd = random.Random(7)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    with open(table, "w") as out:
        out.write("pcds,oslaua,osward,lsoa21,icb,lat,long,imd\\n")
        for i in range(rows):
            area = "".join(letters[(i // 400000 + k) % 20] for k in range(2))
            pc = f"{area}{1 + i // 4000 % 99} {i % 10}{letters[i // 10 % 20]}{letters[i // 200 % 20]}"
            out.write(f"{pc},E0700{i % 300:04d},E0500{i % 9000:04d},E0100{i % 33000:04d},"
                      f"E5400{i % 42:04d},{50 + rnd.random() * 5:.6f},{-3 + rnd.random() * 3:.6f},"
                      f"{1 + i % 32844}\\n")
    store = GraphStore.open(folder / "store")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = linksets.load(store, "onspd", table, base="https://cqcgraph.example/id/")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(report.linked, report.quads, before, after)
""")


def rss_growth(rows: int, folder: Path) -> tuple[int, int, int]:
    folder.mkdir()
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(rows), str(folder)],
                            capture_output=True, text=True, cwd=PROJECT, timeout=600)
    assert result.returncode == 0, result.stderr
    linked, quads, before, after = map(int, result.stdout.split())
    return linked, quads, after - before  # KiB


@pytest.mark.slow
def test_a_large_table_loads_in_flat_memory(tmp_path):
    small_linked, _, small = rss_growth(20_000, tmp_path / "small")
    big_linked, big_quads, big = rss_growth(200_000, tmp_path / "big")
    assert small_linked == 20_000 and big_linked == 200_000 and big_quads > 1_600_000
    # ten times the rows, about the same memory: holding 1.8 M quads would take far more
    assert big - small < 150 * 1024, (small, big)
