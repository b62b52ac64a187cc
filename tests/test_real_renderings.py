"""The breaches and enforcement a real CQC publication states in prose are read the same from an
HTML page and a PDF made of its text (drawn by fpdf2, lines wrapped at the page's width), as they
are from the text: a user who downloads a summary, an assessment or a release as a page or a PDF
gets the same breaches and actions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cqcgraph.documents import read
from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from renderings import title_of, to_html, to_pdf_fpdf  # noqa: E402

REAL = HERE / "fixtures" / "real"

#: Real publications stating breaches or enforcement in prose, one of each family at least:
#: breaches by subject in an assessment (015, 050, 053, 055), by citation (024, 087), a formal
#: warning's areas in a release (031, 081), a warning notice served (022), conditions imposed
#: (046, 089).
STATING = ("015", "022", "024", "031", "046", "050", "053", "055", "081", "087", "089")


def _breaches_and_actions(record: DocumentRecord) -> tuple[list[str], list[str]]:
    breaches = [*record.breaches, *(b for i in record.inspections for b in i.breaches)]
    actions = [*record.actions, *(a for i in record.inspections for a in i.actions)]
    return (sorted((b.regulation.number if b.regulation else None) or (b.title or "") for b in breaches),
            sorted(a.kind.value for a in actions))


@pytest.mark.parametrize("number", STATING)
def test_a_real_publications_breaches_and_actions_survive_html_and_pdf(number: str) -> None:
    text = (REAL / f"{number}.txt").read_text(encoding="utf-8")
    stated = _breaches_and_actions(extract(text))
    assert stated[0] or stated[1]
    page = read(to_html(text, title_of(text)).encode("utf-8"), f"{number}.html")
    printed = read(to_pdf_fpdf(text, title_of(text)), f"{number}.pdf")
    assert _breaches_and_actions(extract(page.text)) == stated
    assert _breaches_and_actions(extract(printed.text)) == stated
