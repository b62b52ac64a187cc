"""Golden test: every seed gives the same facts from its text, from an HTML rendering of it and
from PDF renderings of it (one printed by Chromium, committed; one drawn by fpdf2 here), so a user
who downloads a report as a page or a PDF gets what its text states."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

from cqcgraph import blocks as B
from cqcgraph.documents import HTML, PDF, read
from cqcgraph.evaluate import KINDS, match, record_facts
from cqcgraph.extract import extract

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from renderings import title_of, to_html, to_pdf_fpdf  # noqa: E402

SEEDS = sorted((HERE / "fixtures" / "seeds").glob("*.txt"))
RENDERED = HERE / "fixtures" / "renderings"


@lru_cache(maxsize=None)
def _rendered(stem: str):
    """The committed Chromium PDF of a seed, read once for all tests."""
    return read((RENDERED / f"{stem}.pdf").read_bytes(), stem + ".pdf")


def _facts(text: str) -> dict:
    return record_facts(extract(text), with_visits=True)


def _differences(want: dict, got: dict) -> list[str]:
    out = []
    for kind in KINDS:
        _score, missed, extra = match(kind, want[kind], got[kind])
        out += [f"missed {kind}: {f.key} {f.attr()}" for f in missed]
        out += [f"extra {kind}: {f.key} {f.attr()}" for f in extra]
    return out


def _same_facts(text: str, source_text: str) -> None:
    want, got = _facts(text), _facts(source_text)
    assert sum(len(v) for v in want.values()) > 0
    assert _differences(want, got) == []


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_html_rendering_gives_the_facts_of_the_text(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    source = read(to_html(text, title_of(text)).encode("utf-8"), seed.stem + ".html")
    assert source.media_type == HTML
    _same_facts(text, source.text)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_chromium_pdf_gives_the_facts_of_the_text(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    source = _rendered(seed.stem)
    assert source.media_type == PDF
    _same_facts(text, source.text)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_fpdf_pdf_gives_the_facts_of_the_text(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    source = read(to_pdf_fpdf(text, title_of(text)), seed.stem + ".pdf")
    _same_facts(text, source.text)


@pytest.mark.parametrize("pdf", sorted((RENDERED / "columns").glob("*.pdf")), ids=lambda p: p.name[:3])
def test_two_column_pdf_gives_the_facts_of_the_text(pdf: Path) -> None:
    text = (HERE / "fixtures" / "seeds" / f"{pdf.stem}.txt").read_text(encoding="utf-8")
    _same_facts(text, read(pdf.read_bytes(), pdf.name).text)


def test_pdf_loses_running_headers_page_numbers_and_line_hyphens() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("002"))
    source = _rendered(seed.stem)
    assert "Page 3 of 13" not in source.text
    assert source.text.count("Fastrack Scan - Care Quality Commission") <= 1  # the first page's header stays
    assert "\u00ad" not in source.text and "infor mation" not in source.text
    assert "information" in source.text and "well-led" in source.text
    record = extract(source.text)
    musts = [a for i in record.inspections for a in i.actions if a.kind.value == "must"]
    musts += [a for a in record.actions if a.kind.value == "must"]
    assert len(musts) == 29


def test_pdf_table_rows_keep_their_columns_with_an_empty_first_cell() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("002"))
    source = _rendered(seed.stem)
    rows = [b.cells for b in source.blocks if b.kind == B.ROW]
    assert ("", "Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall") in rows
    assert ("Diagnostic imaging", "Inadequate", "Inspected but not rated", "Not inspected", "Inadequate",
            "Inadequate", "Inadequate") in rows


def test_html_table_with_an_empty_first_cell_keeps_its_columns() -> None:
    page = ("<html><body><h2>Overview of ratings</h2><table><tr><td></td><th>Safe</th><th>Overall</th></tr>"
            "<tr><td>Diagnostic imaging</td><td>Good</td><td>Good</td></tr></table>"
            "<ul><li>Staff were kind.<ul><li>Nested</li></ul></li></ul></body></html>")
    source = read(page.encode(), "page.html")
    assert [b.kind for b in source.blocks] == [B.HEADING, B.ROW, B.ROW, B.ITEM, B.ITEM]
    assert source.blocks[1].cells == ("", "Safe", "Overall")
    assert "\tSafe\tOverall\nDiagnostic imaging\tGood\tGood" in source.text
    assert source.blocks[4].level == 1
