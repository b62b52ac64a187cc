"""What the ingest's cheaper paths rest on: a document's triples written as N-Triples the
way rdflib writes them, the mapping's plain triple set doing what an rdflib graph did for
it, a new document written without a drop, and the counts' moves out reading rows whose
subject is a key (so a key with no row has nothing to move out)."""

from __future__ import annotations

import re
import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from cqcgraph import derived
from cqcgraph.api import Cqcgraph, prepare
from cqcgraph.rdf import DocumentTriples, map_document, map_triples, ntriples
from cqcgraph.settings import Settings

import manydocs
from conftest import CORPUS, seed_files
from test_pipeline import export_nquads
from test_rdf_mapping import SEEDS, source

S = URIRef("https://cqcgraph.example/id/location/x")


def rdflib_lines(triples) -> set[str]:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return set(graph.serialize(format="nt").splitlines()) - {""}


@pytest.mark.parametrize("literal", [
    Literal('a "quoted" word'), Literal("back\\slash"), Literal("two\nlines\r\n"),
    Literal("Ünïcode – dash"), Literal("en", lang="en-GB"), Literal("2024-01", datatype=XSD.gYearMonth),
    Literal(True), Literal(7), Literal("P42D", datatype=XSD.duration, normalize=False),
])
def test_ntriples_are_those_rdflib_writes(literal):
    triples = [(S, RDFS.label, literal), (S, RDFS.seeAlso, URIRef("https://example.org/a%20b"))]
    assert set(ntriples(triples).splitlines()) == rdflib_lines(triples)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_a_seed_mapped_to_triples_is_its_graph(key):
    triples = map_triples(SEEDS[key](), source(key))
    assert set(triples) == set(map_document(SEEDS[key](), source(key)))
    assert len(triples) == len(set(triples))
    assert set(ntriples(triples).splitlines()) == rdflib_lines(triples)


@pytest.mark.parametrize("path", seed_files() + sorted(CORPUS.glob("*.txt"))[:8],
                         ids=lambda p: p.name)
def test_a_document_read_and_mapped_is_written_as_rdflib_wrote_its_graph(path):
    ex = prepare(path.read_bytes(), path.name, base="https://cqcgraph.example/id/")
    assert set(ntriples(ex.triples).splitlines()) == rdflib_lines(ex.graph)
    assert set(ex.graph) == set(ex.triples)


def test_the_triple_set_adds_once_and_sets_one_value():
    t = DocumentTriples()
    p = URIRef("https://example.org/p")
    t.add((S, p, Literal("a")))
    t.add((S, RDFS.label, Literal("first")))
    t.add((S, p, Literal("a")))
    t.set((S, RDFS.label, Literal("second")))
    assert list(t) == [(S, p, Literal("a")), (S, RDFS.label, Literal("second"))]
    assert (S, p, Literal("a")) in t and (S, p, Literal("b")) not in t


def test_every_move_of_the_counts_reads_rows_whose_subject_is_a_key():
    # what lets a write leave keys without a row out of the moves out (refresh_update's rowless)
    for template in derived.COUNTS:
        rows = re.findall(r"GRAPH <\{graph\}> \{\{ (.*?)\}\}\n", template, flags=re.S)
        assert len(rows) == 1 and rows[0].startswith("?k <"), template


def test_new_replaced_and_copied_documents_leave_the_store_one_write_each_leaves(tmp_path):
    # new documents (written without a drop) beside replaced ones and a copy that takes an
    # earlier name's place, in batches and one by one, into stores that hold documents already
    folder = tmp_path / "docs"
    manydocs.write_corpus(folder / "pages", providers=2, locations_per_provider=3,
                          documents_per_location=2)
    first = sorted((folder / "pages").rglob("*.txt"))
    later = tmp_path / "later"
    later.mkdir()
    for path in seed_files():
        shutil.copy(path, later / path.name)
    changed, original = first[0], first[0].read_bytes()
    stores = {}
    for name, per_write in (("batched", 50), ("single", 1)):
        with Cqcgraph(Settings(store=tmp_path / name)) as app:
            app.ingest([folder], documents_per_write=per_write)
            changed.write_text(changed.read_text() + "\nWe rated the service good overall.\n")
            shutil.copy(first[1], later / "0-copy.txt")
            report = app.ingest([folder, later], documents_per_write=per_write)
            stores[name] = export_nquads(app), sorted((d.name, d.status) for d in report.documents)
            app.rebuild_summaries()
            assert export_nquads(app) == stores[name][0]  # the current state, kept in step
        changed.write_bytes(original)
        (later / "0-copy.txt").unlink()
    assert stores["batched"] == stores["single"]
    assert {"stored", "replaced", "unchanged"} <= {status for _n, status in stores["batched"][1]}


# -- a document whose IRIs identity resolution renames ------------------------------------

def seed_001() -> str:
    return next(p for p in seed_files() if p.name.startswith("001_")).read_text(encoding="utf-8")


def seed_001_without_postcode(text: str) -> str:
    """Seed 001 with its location named only: identity joins it to the keyed location."""
    assert ", RH11 9BJ" in text
    return text.replace(", RH11 9BJ", "")


def ingest_renamed(tmp_path, monkeypatch, name: str, text: str, *, revalidate: bool):
    """Store seed 001, then ``text`` (a copy naming its location only), and give the second
    report and the store's N-Quads; with ``revalidate``, as the writer did before it kept
    the worker's validation of a graph renamed one to one."""
    from cqcgraph import api, validation

    renamings: list = []
    real = api._renamed_from
    monkeypatch.setattr(api, "_renamed_from", lambda *a: renamings.append(real(*a)) or renamings[-1])
    if revalidate:
        monkeypatch.setattr(validation, "renamed", lambda *a, **k: None)
    seed = seed_001()
    with Cqcgraph(Settings(store=tmp_path / name)) as app:
        assert app.ingest_bytes(seed.encode(), "keyed.txt").status == "stored"
        report = app.ingest_bytes(text.encode(), "named-only.txt")
        quads = export_nquads(app)
    assert renamings and renamings[-1], "the copy's location was not renamed"
    return report, quads


def test_a_renamed_document_keeps_its_validation_and_is_stored_as_validated_again(
        tmp_path, monkeypatch):
    text = seed_001_without_postcode(seed_001())
    kept = ingest_renamed(tmp_path, monkeypatch, "kept", text, revalidate=False)
    checked = ingest_renamed(tmp_path, monkeypatch, "checked", text, revalidate=True)
    assert kept[0].status == "stored"
    assert kept[0] == checked[0]  # the same report, warnings and all
    assert kept[1] == checked[1]  # and the same store


def test_a_renamed_document_that_fails_validation_is_still_refused(tmp_path, monkeypatch):
    """A document the worker found invalid stays out when identity renames its IRIs: its
    renamed graph is validated again, and its violation named under the stored IRIs."""
    text = seed_001_without_postcode(seed_001())
    bad = text.replace("scored 75 (", "scored 175 (")
    report, quads = ingest_renamed(tmp_path, monkeypatch, "bad", bad, revalidate=False)
    assert report.status == "invalid" and len(report.violations) == 1
    assert "medical-imaging-partnership--rh119bj/" in report.violations[0].focus
    assert not any("named-only" in q for q in quads)
