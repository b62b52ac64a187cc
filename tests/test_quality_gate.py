"""The extraction quality gate: no kind of fact may fall below the precision and recall floors
recorded in fixtures/quality_floors.json: the top-level kinds for the seeds and development corpus
together, ``variants`` for the held-out-style set in fixtures/variants (never tuned file by file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.evaluate import KINDS, evaluate_paths, format_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOORS = json.loads((FIXTURES / "quality_floors.json").read_text(encoding="utf-8"))
VARIANTS = FIXTURES / "variants"


@pytest.fixture(scope="module")
def report():
    return evaluate_paths([FIXTURES / "seeds", FIXTURES / "corpus"])


@pytest.fixture(scope="module")
def variants_report():
    return evaluate_paths([VARIANTS])


def test_every_document_with_an_expected_file_is_evaluated(report) -> None:
    assert len(report.documents) == 25
    assert not [d.name for d in report.documents if d.error]


@pytest.mark.parametrize("kind", KINDS)
def test_kind_stays_above_its_floor(report, kind: str) -> None:
    score = report.kinds[kind]
    floor = FLOORS[kind]
    table = format_report(report, details=True)
    assert score.precision >= floor["precision"], f"{kind} precision {score.precision:.3f} < {floor['precision']}\n{table}"
    assert score.recall >= floor["recall"], f"{kind} recall {score.recall:.3f} < {floor['recall']}\n{table}"


def test_precision_never_below_098(report) -> None:
    low = {k: s.precision for k, s in report.kinds.items() if s.precision < 0.98}
    assert not low, low


def test_every_variant_has_its_expected_file_and_is_read() -> None:
    texts = sorted(p for p in VARIANTS.glob("*.txt"))
    assert len(texts) >= 30
    assert all(p.with_name(f"{p.stem}.expected.json").is_file() for p in texts)
    assert "Open Government Licence v3.0" in (VARIANTS / "README.md").read_text(encoding="utf-8")


def test_every_kind_has_a_variants_floor() -> None:
    assert set(FLOORS["variants"]) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_variants_kind_stays_above_its_floor(variants_report, kind: str) -> None:
    score = variants_report.kinds[kind]
    floor = FLOORS["variants"][kind]
    table = format_report(variants_report, details=True)
    assert not [d.name for d in variants_report.documents if d.error]
    assert score.precision >= floor["precision"], f"variants {kind} precision {score.precision:.3f} < {floor['precision']}\n{table}"
    assert score.recall >= floor["recall"], f"variants {kind} recall {score.recall:.3f} < {floor['recall']}\n{table}"


def test_variants_precision_never_below_098(variants_report) -> None:
    low = {k: s.precision for k, s in variants_report.kinds.items() if s.precision < 0.98}
    assert not low, low
