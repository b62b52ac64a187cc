"""Ingest writes documents in batches (one transaction and one refresh of the current state
for up to fifty): the store it leaves is the one a write per document leaves, a document
that fails inside a batch is reported by name while its neighbours are stored, and a write
the store refuses fails only the document it belongs to. (A kill in the middle of a batch:
``test_robustness.py``.) Real on-disk stores throughout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cqcgraph import derived
from cqcgraph.api import Cqcgraph
from cqcgraph.settings import Settings
from cqcgraph.store import GraphStore, QuerySyntaxError

import manydocs
from conftest import CORPUS, seed, seed_files
from test_pipeline import export_nquads

BASE = "https://cqcgraph.example/id/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Documents whose identities tie them together: the seeds (two name one location and
    one provider), the real corpus's texts, many pages of a few providers (several readings
    of each location), and the same bytes under two names."""
    folder = tmp_path_factory.mktemp("docs")
    for path in seed_files() + sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
    shutil.copy(seed("001"), folder / "zz-copy-of-001.txt")
    manydocs.write_corpus(folder / "pages", providers=3, locations_per_provider=4,
                          documents_per_location=4)
    return folder


def ingest(store: Path, paths: list[Path], per_write: int, **settings) -> tuple[list, list[str]]:
    with Cqcgraph(Settings(store=store, **settings)) as app:
        report = app.ingest(paths, documents_per_write=per_write)
        return report.documents, export_nquads(app)


def test_batched_and_one_by_one_ingest_leave_the_same_store(corpus, tmp_path):
    batched, batched_store = ingest(tmp_path / "batched", [corpus], 50)
    single, single_store = ingest(tmp_path / "single", [corpus], 1)
    assert [(d.name, d.status, d.graph) for d in batched] == \
        [(d.name, d.status, d.graph) for d in single]
    assert {d.status for d in batched} == {"stored", "duplicate"}
    assert batched_store == single_store  # document graphs, current state and counts alike


def test_a_bad_document_inside_a_batch_is_reported_and_its_neighbours_stored(corpus, tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(corpus / "pages", folder)
    (folder / "loc0001-page002a.txt").write_bytes(b"")  # between two pages of one location
    (folder / "loc0005-page001a.txt").write_text("Eggs, flour, milk.\n", encoding="utf-8")
    docs, store = ingest(tmp_path / "batched", [folder], 50)
    names = sorted(p.name for p in folder.iterdir())
    assert [d.name for d in docs] == names  # every report, in input order
    failed = {d.name: d.error for d in docs if not d.ok}
    assert failed == {"loc0001-page002a.txt": "empty", "loc0005-page001a.txt": "not-cqc"}
    good = [folder / n for n in names if n not in failed]
    _, reference = ingest(tmp_path / "good-only", good, 1)
    assert store == reference


class RefusingStore(GraphStore):
    """The real store, refusing any write that holds the graph of one document, as Oxigraph
    refuses text it cannot parse (nothing the pipeline gives is known to do that)."""

    refused = "loc0006-page002"

    def update(self, sparql: str) -> None:
        if self.refused in sparql:
            raise QuerySyntaxError("error at 1:1: refused for the test")
        super().update(sparql)


def test_a_write_the_store_refuses_fails_only_its_document(corpus, tmp_path):
    folder = corpus / "pages"
    with Cqcgraph(Settings(store=tmp_path / "s"),
                  store=RefusingStore.open(tmp_path / "s")) as app:
        docs = app.ingest([folder]).documents
        store = export_nquads(app)
        derived_rows = len(app.store.graph_triples(derived.derived_graph_iri(BASE)))
    failed = [d for d in docs if not d.ok]
    assert [(d.name, d.status, d.error) for d in failed] == \
        [("loc0006-page002.txt", "failed", "not-stored")]
    assert "refused for the test" in (failed[0].reason or "")
    assert sum(d.status == "stored" for d in docs) == len(docs) - 1 and derived_rows
    others = sorted(p for p in folder.iterdir() if RefusingStore.refused not in p.name)
    _, reference = ingest(tmp_path / "others", others, 1)
    assert store == reference  # nothing of the refused document, the upkeep of the rest
