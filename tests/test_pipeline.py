"""The pipeline end to end on a real on-disk store: documents in, validated RDF out.

Asserts what a user of the store relies on: every seed is stored, facts are answerable by
SPARQL, the same location is one resource across documents, ingest is idempotent and
order-independent, a bad document is reported by name and the rest go on.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from cqcgraph.api import Cqcgraph, UsageError
from cqcgraph.settings import Settings
from cqcgraph.store import GraphStore, StoreInUse

from conftest import seed, seed_files

CQC = "https://cqcgraph.example/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def open_app(store: Path, **kw) -> Cqcgraph:
    return Cqcgraph(Settings(store=store, **kw))


def export_nquads(app: Cqcgraph, *, drop_read_time: bool = True) -> list[str]:
    out = io.BytesIO()
    app.export(out, "nquads")
    lines = out.getvalue().decode("utf-8").splitlines()
    if drop_read_time:  # the time a file was read is the one fact that differs run to run
        lines = [line for line in lines if "XMLSchema#dateTime>" not in line]
    return sorted(lines)


def count(app: Cqcgraph, sparql: str) -> int:
    rows = app.store.select(sparql)
    return int(next(iter(rows[0].values())))


@pytest.fixture()
def app(tmp_path):
    with open_app(tmp_path / "store") as a:
        yield a


def test_every_seed_is_stored(app):
    report = app.ingest(seed_files())
    assert [d.status for d in report.documents] == ["stored"] * 5, [
        (d.name, d.reason, [v.message for v in d.violations]) for d in report.documents
    ]
    assert report.exit_code == 0
    assert report.triples > 500


def test_seed_dates_are_typed_at_their_precision(app):
    app.ingest(seed_files())
    for day in ["2019-10-11", "2019-04-16", "2019-04-29", "2014-01-30", "2024-02-13",
                "2020-11-06", "2021-01-13", "2019-07-17", "2021-05-14"]:
        assert count(app, f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p "{day}"^^<{XSD}date> }} }}') >= 1, day


def test_regulations_link_to_legislation_gov_uk(app):
    app.ingest(seed_files())
    for reg in ["12", "13", "17", "18", "20A"]:
        iri = f"http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/{reg}"
        assert count(app, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} }}") >= 1
    s31 = "http://www.legislation.gov.uk/id/ukpga/2008/14/section/31"
    assert count(app, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p <{s31}> }} }}") >= 1


def location_iris_named(app: Cqcgraph, name: str) -> set[str]:
    rows = app.store.select(
        f"""SELECT DISTINCT ?l WHERE {{ GRAPH ?g {{ ?l a <{CQC}Location> ; ?p ?name .
            FILTER(isLiteral(?name) && STR(?name) = "{name}") }} }}"""
    )
    return {r["l"] for r in rows}


def test_001_and_004_are_one_location_and_one_provider(app):
    app.ingest([seed("001"), seed("004")])
    assert len(location_iris_named(app, "Medical Imaging Partnership")) == 1
    (loc,) = location_iris_named(app, "Medical Imaging Partnership")
    graphs = app.store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{loc}> a <{CQC}Location> }} }}"
    )
    assert len(graphs) == 2  # both documents speak of the same resource
    assert count(app, f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{CQC}Provider> }}") == 1


def test_ingest_order_does_not_change_the_store(tmp_path):
    with open_app(tmp_path / "a") as first:
        first.ingest([seed("004")])
        first.ingest([seed("001")])
        a = export_nquads(first)
    with open_app(tmp_path / "b") as second:
        second.ingest([seed("001")])
        second.ingest([seed("004")])
        b = export_nquads(second)
    assert a == b


def test_ingesting_the_same_files_twice_changes_nothing(app):
    app.ingest(seed_files())
    before = export_nquads(app, drop_read_time=False)
    again = app.ingest(seed_files())
    assert {d.status for d in again.documents} == {"unchanged"}
    assert export_nquads(app, drop_read_time=False) == before


def test_a_changed_document_replaces_its_graph(app, tmp_path):
    doc = tmp_path / "page.txt"
    text = seed("000").read_text(encoding="utf-8")
    doc.write_text(text, encoding="utf-8")
    app.ingest([doc])
    doc.write_text(text.replace("Overall: Good", "Overall: Inadequate"), encoding="utf-8")
    (report,) = app.ingest([doc]).documents
    assert report.status == "replaced"
    graph = report.graph
    shas = app.store.select(f"SELECT ?sha WHERE {{ GRAPH <{graph}> {{ ?d <{CQC}sha256> ?sha }} }}")
    assert len(shas) == 1  # old version gone, not merged


def test_a_broken_document_is_reported_and_the_rest_are_stored(app, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(seed("002"), folder)
    shutil.copy(seed("003"), folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n\x00\x01 truncated")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "unrelated.txt").write_text("Shopping list: eggs, flour, milk.\n", encoding="utf-8")
    (folder / "002.expected.json").write_text("{}", encoding="utf-8")  # a sidecar: never read
    report = app.ingest([folder])
    by_name = {d.name: d for d in report.documents}
    assert set(by_name) == {seed("002").name, seed("003").name, "broken.pdf", "empty.txt", "unrelated.txt"}
    assert by_name[seed("002").name].status == "stored"
    assert by_name[seed("003").name].status == "stored"
    for bad in ["broken.pdf", "empty.txt", "unrelated.txt"]:
        assert by_name[bad].status == "failed" and by_name[bad].reason
    assert report.exit_code == 1
    assert count(app, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{CQC}SourceDocument> }} }}") == 2


def test_a_folder_of_documents_with_their_expected_facts_stores_only_the_documents(app, tmp_path):
    # CQC documents handed round for evaluation come as NNN.txt with expected/NNN.json (the
    # facts a reading must give): ingesting the folder stores the documents, never the answers
    folder = tmp_path / "seeds"
    (folder / "expected").mkdir(parents=True)
    for n in ("002", "003"):
        shutil.copy(seed(n), folder)
        (folder / "expected" / f"{seed(n).stem}.json").write_text(
            '{"provider": {"name": "Invented Provider Ltd"}, "ratings": {"overall": "Good"}}',
            encoding="utf-8")
    (folder / "expected" / "stray.json").write_text('{"not": "a sidecar"}', encoding="utf-8")
    report = app.ingest([folder])
    names = {d.name for d in report.documents}
    assert names == {seed("002").name, seed("003").name, "stray.json"}  # no document beside it
    assert count(app, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{CQC}SourceDocument> }} }}") == 2
    assert app.store.select(
        'SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o FILTER(STR(?o) = "Invented Provider Ltd") } } LIMIT 1') == []


def test_reference_graphs_exist_before_any_document(app):
    rows = app.store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }"
    )
    assert int(rows[0]["n"]) > 20


def test_provenance_of_each_document(app):
    (report,) = app.ingest([seed("003")]).documents
    g = report.graph
    rows = app.store.select(
        f"""SELECT ?p ?o WHERE {{ GRAPH <{g}> {{ <{g}> ?p ?o }} }}"""
    )
    values = {r["o"] for r in rows}
    assert seed("003").name in values
    assert any(re.fullmatch(r"[0-9a-f]{64}", v or "") for v in values)


def test_a_second_writer_is_refused(tmp_path):
    store = tmp_path / "store"
    first = GraphStore.open(store)
    with pytest.raises(StoreInUse):
        GraphStore.open(store)
    del first


def test_base_iri_is_configurable(tmp_path):
    with open_app(tmp_path / "s", base_iri="https://data.example.org/cqc/") as app:
        app.ingest([seed("002")])
        rows = app.store.select(f"SELECT ?l WHERE {{ GRAPH ?g {{ ?l a <{CQC}Location> }} }}")
        assert rows and all(r["l"].startswith("https://data.example.org/cqc/") for r in rows)


def test_same_name_different_postcodes_stay_two(tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("LE12 9AN", "LE11 1AA"), encoding="utf-8")
    with open_app(tmp_path / "s") as app:
        app.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
        assert len(location_iris_named(app, "Miracle in Progress")) == 2


def test_unknown_path_is_a_usage_error(app, tmp_path):
    with pytest.raises(UsageError):
        app.ingest([tmp_path / "nothing-here"])


def test_in_memory_store_for_unit_tests():
    with Cqcgraph(Settings(memory=True)) as app:
        report = app.ingest([seed("003")])
        assert report.exit_code == 0
