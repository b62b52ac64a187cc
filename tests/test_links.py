"""Links out from stated keys (issue 6), and federation with a second, independent SPARQL server.

The second server is ``oxigraph serve`` (the ``oxigraph`` package on PyPI) on a free loopback
port, started and stopped by a fixture, holding a small fixture in the other datasets' own
vocabularies: Ordnance Survey postcode units with their district, and legislation titles.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from cqcgraph import links
from cqcgraph.api import Cqcgraph
from cqcgraph.queries import named_queries
from cqcgraph.rdf import map_document, reference_graphs
from cqcgraph.records import DocumentRecord, Location, Provider
from cqcgraph.settings import Settings
from cqcgraph.vocab import CQC, LEGISLATION_ID

from conftest import run_cli, seed, seed_files
from test_rdf_mapping import seed_graphs, source

SG = links.STATISTICAL_GEOGRAPHY
UNIT = links.OS_POSTCODE_UNIT
SEED_UNITS = {"Miracle in Progress": UNIT + "LE129AN",
              "Medical Imaging Partnership": UNIT + "RH119BJ",
              "Fastrack Scan": UNIT + "LU20HF"}
OXIGRAPH = Path(sys.executable).parent / "oxigraph"

# TEST DATA, made up for these tests in the shape of Ordnance Survey's postcode linked data
# (ospc:district to an OS administrative-geography IRI with its name) and of legislation.gov.uk
# titles. The OS district IRIs are invented; SW1A 1AA is there to show that only the postcodes
# cqcgraph's locations state come back from the join.
REMOTE_FIXTURE = """
@prefix ospc: <http://data.ordnancesurvey.co.uk/ontology/postcode/> .
@prefix admingeo: <http://data.ordnancesurvey.co.uk/ontology/admingeo/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix unit: <http://data.ordnancesurvey.co.uk/id/postcodeunit/> .
@prefix os: <http://data.ordnancesurvey.co.uk/id/> .
@prefix reg: <http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/> .

unit:LE129AN a ospc:PostcodeUnit ; rdfs:label "LE12 9AN" ; ospc:district os:7000000000900001 .
unit:RH119BJ a ospc:PostcodeUnit ; rdfs:label "RH11 9BJ" ; ospc:district os:7000000000900002 .
unit:LU20HF a ospc:PostcodeUnit ; rdfs:label "LU2 0HF" ; ospc:district os:7000000000900003 .
unit:SW1A1AA a ospc:PostcodeUnit ; rdfs:label "SW1A 1AA" ; ospc:district os:7000000000900004 .
os:7000000000900001 a admingeo:District ; rdfs:label "Charnwood (test)" .
os:7000000000900002 a admingeo:District ; rdfs:label "Crawley (test)" .
os:7000000000900003 a admingeo:UnitaryAuthority ; rdfs:label "Luton (test)" .
os:7000000000900004 a admingeo:LondonBorough ; rdfs:label "Westminster (test)" .

reg:12 dcterms:title "Safe care and treatment (test title)" .
reg:13 dcterms:title "Safeguarding service users from abuse and improper treatment (test title)" .
reg:17 dcterms:title "Good governance (test title)" .
reg:18 dcterms:title "Staffing (test title)" .
reg:20A dcterms:title "Requirement as to display of performance assessments (test title)" .
<http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/9> dcterms:title "Person-centred care (test title)" .
"""


# -- links in the mapping -------------------------------------------------------------------
def api_record() -> DocumentRecord:
    """A location and provider with every key a CQC API record can carry (made-up values)."""
    return DocumentRecord(
        layout="api-json",
        providers=(Provider(name="Example Care Ltd", cqc_id="1-101641279",
                            company_number="1234567", postcode="le12 9an"),),
        locations=(Location(name="Example House", provider=0, cqc_id="1-125856395",
                            ods_code="RX901", uprn="100030000001", postcode="LE12 9AN",
                            local_authority_code="E07000130", icb_code="E38000190"),),
    )


def test_stated_keys_become_links_to_the_publishers_identifiers():
    g = map_document(api_record(), source("api.json"))
    loc = next(g.subjects(RDF.type, CQC.Location))
    prov = next(g.subjects(RDF.type, CQC.Provider))
    assert g.value(loc, CQC.postcodeUnit) == URIRef(UNIT + "LE129AN")
    assert g.value(prov, CQC.postcodeUnit) == URIRef(UNIT + "LE129AN")
    assert g.value(loc, CQC.localAuthorityArea) == URIRef(SG + "E07000130")
    assert g.value(loc, CQC.subIcbArea) == URIRef(SG + "E38000190")  # E38: sub-ICB, not ICB
    assert g.value(loc, CQC.icbArea) is None
    assert g.value(prov, CQC.registeredCompany) == URIRef(
        "http://business.data.gov.uk/id/company/01234567")
    assert g.value(loc, FOAF.page) == URIRef("https://www.cqc.org.uk/location/1-125856395")
    assert g.value(prov, FOAF.page) == URIRef("https://www.cqc.org.uk/provider/1-101641279")


def test_ods_codes_and_uprns_stay_identifier_literals():
    g = map_document(api_record(), source("api.json"))
    loc = next(g.subjects(RDF.type, CQC.Location))
    assert g.value(loc, CQC.odsCode) == Literal("RX901")
    assert g.value(loc, CQC.uprn) == Literal("100030000001")
    assert not [o for o in g.objects() if isinstance(o, URIRef) and ("RX901" in o or "100030000001" in o)]


def test_an_icb_code_links_as_an_icb():
    record = DocumentRecord(layout="api-json", locations=(
        Location(name="X", icb_code="E54000027", local_authority_code="E99999999"),))
    g = map_document(record, source("x.json"))
    loc = next(g.subjects(RDF.type, CQC.Location))
    assert g.value(loc, CQC.icbArea) == URIRef(SG + "E54000027")
    assert g.value(loc, CQC.localAuthorityArea) is None  # ONSPD's pseudo code: no such area


def test_no_key_no_link():
    """Links come from stated keys only: a name, a town or a made-up code gives none."""
    record = DocumentRecord(layout="press-release", locations=(
        Location(name="Healthcare at Home", town="Burton upon Trent", postcode="Burton",
                 local_authority="Staffordshire", local_authority_code="Staffordshire"),),
        providers=(Provider(name="Healthcare at Home Ltd", company_number="not stated"),))
    g = map_document(record, source("press.txt"))
    for p in (CQC.postcodeUnit, CQC.localAuthorityArea, CQC.registeredCompany, FOAF.page,
              CQC.icbArea, CQC.subIcbArea, CQC.statisticalArea):
        assert not list(g.triples((None, p, None))), p


def test_a_press_release_with_no_postcode_gets_no_postcode_link():
    app = Cqcgraph(Settings(memory=True))
    ex = app.extract_file(seed("003"))
    assert ex.record.layout.startswith("press")
    assert not any(loc.postcode for loc in ex.record.locations)
    assert not list(ex.graph.triples((None, CQC.postcodeUnit, None)))


def test_every_postcode_link_in_the_seeds_is_its_stated_postcode():
    linked = 0
    for graph in seed_graphs().values():
        for entity, unit in graph.subject_objects(CQC.postcodeUnit):
            stated = graph.value(entity, CQC.postcode)
            assert stated is not None, entity
            assert str(unit) == links.postcode_unit_iri(str(stated))
            linked += 1
        for entity in graph.subjects(CQC.postcode, None):
            assert graph.value(entity, CQC.postcodeUnit) is not None, entity
    assert linked >= 3


def test_every_term_the_links_use_is_declared():
    reference = reference_graphs()["https://cqcgraph.example/ontology"]
    g = map_document(api_record(), source("api.json"))
    used = {p for _, p, _ in g if p != RDF.type} | set(g.objects(None, RDF.type))
    undeclared = sorted(str(t) for t in used if (t, RDFS.label, None) not in reference)
    assert not undeclared, undeclared
    for term in (CQC.postcodeUnit, CQC.postcodeLocalAuthority, CQC.postcodeWard):
        assert reference.value(term, RDFS.subPropertyOf) is not None, term


def test_breaches_cite_legislation_gov_uk_and_their_titles_are_labels(seed_store):
    with Cqcgraph(Settings(store=seed_store)) as app:
        rows = app.store.select("""
            PREFIX cqc: <https://cqcgraph.example/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT DISTINCT ?reg ?label WHERE { ?b a cqc:Breach ; cqc:regulation ?reg .
              OPTIONAL { GRAPH <https://cqcgraph.example/ontology/regulations> { ?reg rdfs:label ?label } } }""")
    assert rows
    for row in rows:
        assert row["reg"].startswith(LEGISLATION_ID), row
        assert row["label"], f"{row['reg']} has no label in the reference data"


# -- a second SPARQL server on loopback -----------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve`` over a folder, on a free loopback port."""

    def __init__(self, location: Path, *, union: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        args = [str(OXIGRAPH), "serve", "--location", str(location),
                "--bind", f"127.0.0.1:{self.port}"]
        if union:
            args.append("--union-default-graph")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.select("ASK {}")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph serve did not start")

    def select(self, query: str) -> dict:
        request = urllib.request.Request(
            self.url, data=query.encode(), method="POST",
            headers={"Content-Type": "application/sparql-query",
                     "Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def oxigraph_or_skip() -> None:
    if not OXIGRAPH.exists():
        if __import__("os").environ.get("CI") == "true":
            pytest.fail("the oxigraph server (PyPI package 'oxigraph') is not installed")
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    """An on-disk store holding the five seeds, this module's own (it is opened in-process)."""
    store = tmp_path_factory.mktemp("links") / "store"
    result = run_cli("ingest", "--quiet", "--store", str(store), *map(str, seed_files()))
    assert result.returncode == 0, result.stderr.decode()
    return store


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """The second server, holding the OS-vocabulary and legislation fixture."""
    oxigraph_or_skip()
    folder = tmp_path_factory.mktemp("remote")
    data = folder / "fixture.ttl"
    data.write_text(REMOTE_FIXTURE, encoding="utf-8")
    subprocess.run([str(OXIGRAPH), "load", "--location", str(folder / "db"), "--file", str(data)],
                   check=True, capture_output=True, timeout=60)
    server = OxigraphServer(folder / "db")
    yield server
    server.stop()


def remote_query(name: str, endpoint: str) -> str:
    """A federated named query with its documented SERVICE IRI pointed at ``endpoint`` (what
    a user does by editing it, and what the server's proxy does by rewriting)."""
    query = named_queries()[name]
    assert query.federated
    placeholder = "http://localhost:7878/query"
    assert f"SERVICE <{placeholder}>" in query.text
    return query.text.replace(placeholder, endpoint)


def solutions(results) -> list[dict[str, str | None]]:
    names = [v.value for v in results.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in results]


def test_seed_postcodes_join_their_district_on_a_second_server(seed_store, remote):
    with Cqcgraph(Settings(store=seed_store)) as app:
        rows = solutions(app.store.query(remote_query("locations-by-area-remote", remote.url)))
    got = {r["name"]: r["districtName"] for r in rows}
    assert got == {"Miracle in Progress": "Charnwood (test)",
                   "Medical Imaging Partnership": "Crawley (test)",
                   "Fastrack Scan": "Luton (test)"}


def test_breaches_join_regulation_titles_on_a_second_server(seed_store, remote):
    with Cqcgraph(Settings(store=seed_store)) as app:
        rows = solutions(app.store.query(remote_query("breaches-with-legislation-remote", remote.url)))
    fastrack = sorted((r["regulation"].rsplit("/", 1)[1], r["legislationTitle"])
                      for r in rows if r["name"] == "Fastrack Scan")
    assert [n for n, _ in fastrack] == ["12", "13", "17", "18", "20A"]
    assert all(title.endswith("(test title)") for _, title in fastrack)


def test_a_second_engine_joins_its_data_with_cqcgraphs(seed_store, remote, tmp_path):
    """The other direction: the OS server runs the query and federates into cqcgraph's data,
    served over the SPARQL protocol (here ``oxigraph serve`` over a snapshot of the store,
    which is a plain Oxigraph folder, standing in until cqcgraph's own endpoint is there)."""
    with Cqcgraph(Settings(store=seed_store)) as app:
        snapshot = app.store.snapshot(tmp_path / "snapshot")
    cqcgraph_endpoint = OxigraphServer(snapshot, union=True)
    try:
        answer = remote.select(f"""
            PREFIX cqc: <https://cqcgraph.example/ontology#>
            PREFIX schema: <http://schema.org/>
            PREFIX ospc: <http://data.ordnancesurvey.co.uk/ontology/postcode/>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT DISTINCT ?name ?districtName WHERE {{
              ?unit ospc:district ?district . ?district rdfs:label ?districtName .
              SERVICE <{cqcgraph_endpoint.url}> {{
                ?location a cqc:Location ; schema:name ?name ; cqc:postcodeUnit ?unit }}
            }}""")
    finally:
        cqcgraph_endpoint.stop()
    got = {b["name"]["value"]: b["districtName"]["value"] for b in answer["results"]["bindings"]}
    assert got == {"Miracle in Progress": "Charnwood (test)",
                   "Medical Imaging Partnership": "Crawley (test)",
                   "Fastrack Scan": "Luton (test)"}
