"""Print the extraction quality tables (precision, recall, F1 per kind of fact, loose and strict,
per layout family; coverage: fallbacks, documents with no fact, self-contradictions) and
documents/s for the seeds and the development corpus kept as test fixtures, then for the
held-out-style variants set (tests/fixtures/variants) and the independent held-out set
(tests/fixtures/heldout); or for the paths given. With ``--pdf``, also how many of each seed's
facts its committed PDF rendering gives with cqcgraph's reader and with pypdf's plain text
(and pdfplumber's and PyMuPDF's when installed), with the time per page.

    python bench/extraction_quality.py [--details] [--pdf] [PATH ...]
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cqcgraph.evaluate import evaluate_paths, format_report  # noqa: E402

DEFAULT = [ROOT / "tests" / "fixtures" / "seeds", ROOT / "tests" / "fixtures" / "corpus"]
VARIANTS = [ROOT / "tests" / "fixtures" / "variants"]
HELDOUT = [ROOT / "tests" / "fixtures" / "heldout"]


def _plain_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def _plain_pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def _plain_pymupdf(data: bytes) -> list[str]:
    import pymupdf  # AGPL: measured here only, never a dependency of cqcgraph

    return [p.get_text() for p in pymupdf.open(stream=data, filetype="pdf")]


def pdf_table() -> str:
    """Facts of each seed's text recovered from its PDF rendering, per reader."""
    from cqcgraph.documents import read
    from cqcgraph.evaluate import KINDS, match, record_facts
    from cqcgraph.extract import extract

    readers = {"cqcgraph": lambda d: [read(d, "x.pdf").text], "pypdf": _plain_pypdf,
               "pdfplumber": _plain_pdfplumber, "pymupdf": _plain_pymupdf}
    lines = ["seed  facts  " + "  ".join(f"{name + ' (ms/page)':>24}" for name in readers)]
    for pdf in sorted((ROOT / "tests" / "fixtures" / "renderings").glob("*.pdf")):
        text = (ROOT / "tests" / "fixtures" / "seeds" / f"{pdf.stem}.txt").read_text(encoding="utf-8")
        want = record_facts(extract(text), True)
        total = sum(len(v) for v in want.values())
        data = pdf.read_bytes()
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data)).pages)
        cells = []
        for reader in readers.values():
            try:
                started = time.perf_counter()
                got_text = "\n\n".join(reader(data))
                ms = (time.perf_counter() - started) * 1000 / pages
            except ImportError:
                cells.append(f"{'not installed':>24}")
                continue
            got = record_facts(extract(got_text), True)
            tp = sum(match(k, want[k], got[k])[0].tp for k in KINDS)
            fp = sum(match(k, want[k], got[k])[0].fp for k in KINDS)
            cells.append(f"{f'{tp}/{total} +{fp} ({ms:.0f})':>24}")
        lines.append(f"{pdf.stem[:3]:<5} {total:5d}  " + "  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    details = "--details" in argv
    if "--pdf" in argv:
        print(pdf_table())
        print()
    given = [Path(a) for a in argv if not a.startswith("--")]
    sets = [("", given)] if given else [("seeds + development corpus", DEFAULT), ("variants (held-out style)", VARIANTS),
                                                                            ("heldout (independent)", HELDOUT)]
    for title, paths in sets:
        if title:
            print(f"== {title}")
        print(format_report(evaluate_paths(paths), details=details))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
