"""The corpus generator of ``bench/``: a small corpus in every layout is the same bytes from the
same seed, ingests through the real ``cqcgraph ingest`` into an on-disk store with no failure,
and every location it wrote is in the store."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from cqcgraph import namespaces

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from corpus.write import generate  # noqa: E402

SEED, LOCATIONS = 15, 14  # a seed whose first 14 locations give every layout
LAYOUTS = {"location-page", "assessment", "inspection-report", "compliance-review", "standards-report",
           "press-release", "provider-page", "api-location", "api-provider"}


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    tally = generate(out, LOCATIONS, SEED, every=0, say=lambda _: None)
    return out, tally


def test_every_layout_and_form_is_written(corpus):
    out, tally = corpus
    assert {layout.removesuffix("-html").removesuffix("-pdf") for layout in tally.documents} == LAYOUTS
    suffixes = {p.suffix for p in (out / "documents").rglob("*") if p.is_file() and p.parent.name != "expected"}
    assert suffixes == {".txt", ".html", ".pdf", ".json"}
    assert sorted(p.name.split("_")[0] for p in (out / "register").iterdir()) == ["01", "HSCA"]


def test_every_document_has_its_expected_facts_in_the_sidecar_folder(corpus):
    out, _ = corpus
    for doc in (out / "documents").rglob("*"):
        if doc.is_file() and doc.parent.name != "expected":
            expected = json.loads((doc.parent / "expected" / f"{doc.stem}.json").read_text(encoding="utf-8"))
            assert expected.get("provider") or expected.get("locations"), doc.name


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(corpus, tmp_path):
    out, _ = corpus
    generate(tmp_path / "again", LOCATIONS, SEED, every=0, say=lambda _: None)
    assert _digests(tmp_path / "again") == _digests(out)
    generate(tmp_path / "other", LOCATIONS, SEED + 1, every=0, say=lambda _: None)
    assert _digests(tmp_path / "other") != _digests(out)


def test_the_corpus_ingests_with_no_failure_and_every_location_is_in_the_store(corpus, tmp_path):
    out, _ = corpus
    store = tmp_path / "store"
    registers = sorted(str(p) for p in (out / "register").iterdir())
    ingested = run_cli("ingest", "--quiet", "--json", "--store", str(store), str(out / "documents"), *registers)
    assert ingested.returncode == 0, ingested.stderr.decode()
    report = json.loads(ingested.stdout)
    assert report["failed"] == 0
    assert report["documents"] == sum(1 for p in (out / "documents").rglob("*")
                                      if p.is_file() and p.parent.name != "expected") + len(registers)
    answer = run_cli("query", "--store", str(store), "--format", "csv",
                     f"PREFIX cqc: <{namespaces.CQC}> PREFIX schema: <{namespaces.SCHEMA}> "
                     "SELECT DISTINCT ?name WHERE { GRAPH ?g { ?l a cqc:Location ; schema:name ?name } }")
    assert answer.returncode == 0, answer.stderr.decode()
    stored = {row["name"] for row in csv.DictReader(io.StringIO(answer.stdout.decode()))}
    assert _written_locations(out) <= stored


def _written_locations(out: Path) -> set[str]:
    """The name of every location a document or the register file states."""
    names = {loc["name"] for path in (out / "documents").rglob("expected/*.json")
             for loc in json.loads(path.read_text(encoding="utf-8")).get("locations", [])}
    hsca = next((out / "register").glob("HSCA_*.csv"))
    with hsca.open(encoding="utf-8", newline="") as handle:
        names |= {row["Location Name"] for row in csv.DictReader(handle)}
    return names
