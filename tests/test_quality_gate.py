"""The extraction quality gate: no kind of fact may fall below the precision and recall floors
recorded in fixtures/quality_floors.json (seeds and development corpus together)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.evaluate import KINDS, evaluate_paths, format_report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLOORS = json.loads((FIXTURES / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report():
    return evaluate_paths([FIXTURES / "seeds", FIXTURES / "corpus"])


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
