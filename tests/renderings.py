"""Render a CQC document's text as the HTML page and the PDF report a user would download, to
check that reading HTML or PDF gives what reading the text gives.

The HTML keeps the structure the text shows: lines with tabs become table rows (an empty first
cell stays an empty cell), bulleted lines become list items, short unpunctuated lines headings,
and the lines of one paragraph stay lines (``<br>``). The PDF is that page printed by Chromium
(A4, justified, long words with soft hyphens so lines break inside words, a running header and
footer with the report's title and "Page n of m" on every page), or drawn by fpdf2 with a running header, a footer with the page number and wrapped,
hyphenated lines.

    python tests/renderings.py [--columns 2] OUT_DIR TEXT...   # writes OUT_DIR/<stem>.pdf
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_BULLET = re.compile(r"^\s*(?:[•\-*]|\d+\.)\s+")
_CSS = """
@page { size: A4; margin: 22mm 18mm;
  @top-left { content: "__TITLE__"; font: 8pt sans-serif; }
  @bottom-left { content: "__TITLE__"; font: 8pt sans-serif; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; } }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; line-height: 1.35; text-align: justify; }
h2 { font-size: 12pt; margin: 10pt 0 4pt; text-align: left; }
p { margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.5pt; text-align: left; }
td, th { border: 0.5pt solid #888; padding: 2pt 4pt; vertical-align: top; }
li { margin-bottom: 3pt; }
"""


def _heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 60 and not re.search(r"[.,:;]$", s) and not re.search(r"\d{4}|\d/\d", s) \
        and s[0].isupper() and len(s.split()) <= 8


def _soft_hyphens(text: str) -> str:
    """Soft hyphens inside long lower-case words, so the printer may break lines inside them."""
    def cut(m: re.Match) -> str:
        w = m.group(0)
        return w[:len(w) // 2] + "\u00ad" + w[len(w) // 2:]
    return re.sub(r"(?<![\w@/.])[a-z]{11,}(?![\w@/])", cut, text)


def to_html(text: str, title: str, *, hyphenate: bool = False, columns: int = 1) -> str:
    """An HTML page of ``text``: tables, lists, headings and paragraphs (in ``columns`` columns)."""
    esc = (lambda s: _soft_hyphens(html.escape(s))) if hyphenate else html.escape
    out = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
           f"<style>{_CSS.replace('__TITLE__', title.replace(chr(34), ''))}</style></head><body>",
           f'<main style="column-count: {columns}; column-gap: 8mm">' if columns > 1 else "<main>"]
    groups: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    for group in groups:
        i = 0
        while i < len(group):
            line = group[i]
            if "\t" in line:
                rows = []
                while i < len(group) and "\t" in group[i]:
                    cells = group[i].rstrip().split("\t")
                    rows.append("<tr>" + "".join(f"<td>{esc(c.strip())}</td>" for c in cells) + "</tr>")
                    i += 1
                out.append("<table>" + "".join(rows) + "</table>")
                continue
            if _BULLET.match(line):
                items = []
                while i < len(group) and _BULLET.match(group[i]):
                    items.append(f"<li>{esc(_BULLET.sub('', group[i]).strip())}</li>")
                    i += 1
                out.append("<ul>" + "".join(items) + "</ul>")
                continue
            if len(group) == 1 and _heading(line):
                out.append(f"<h2>{esc(line.strip())}</h2>")
                i += 1
                continue
            lines = []
            while i < len(group) and "\t" not in group[i] and not _BULLET.match(group[i]):
                lines.append(esc(group[i].strip()))
                i += 1
            out.append("<p>" + "<br>".join(lines) + "</p>")
    out.append("</main></body></html>")
    return "\n".join(out)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def to_pdf_chromium(page: str) -> bytes:
    """``page`` printed to PDF by headless Chromium, with its running header and footer."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("no Chromium")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        src.write_text(page, encoding="utf-8")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=180)
        return out.read_bytes()


def to_pdf_fpdf(text: str, title: str) -> bytes:
    """``text`` drawn by fpdf2: A4, a running header (the title) and footer ("Page n"), paragraphs
    wrapped at the margin, table rows as cells side by side."""
    import fpdf

    class Report(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=7)
            self.cell(0, 5, _latin(title), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=7)
            self.cell(0, 5, f"{self.page_no()}   {_latin(title)}", align="R")

    pdf = Report(format="A4")
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for line in text.replace("\r\n", "\n").split("\n"):
        safe = _latin(line.strip())
        if "\t" in line:
            cells = line.rstrip().split("\t")
            width = (pdf.w - pdf.l_margin - pdf.r_margin) / len(cells)
            with pdf.table(col_widths=[width] * len(cells), first_row_as_headings=False, line_height=4) as table:
                row = table.row()
                for cell in cells:
                    row.cell(_latin(cell.strip()))
            continue
        if not safe:
            pdf.ln(3)
            continue
        pdf.multi_cell(0, 4, safe, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _latin(s: str) -> str:
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("•", "-")
    s = s.replace("–", "-").replace("—", "-")
    return s.encode("latin-1", "replace").decode("latin-1")


def title_of(text: str) -> str:
    """A report title from the first lines of the text ("<name> Inspection report")."""
    names = [ln.strip() for ln in text.split("\n") if ln.strip() and not ln.strip().startswith("•")]
    return f"{names[1] if len(names) > 1 else names[0]} - Care Quality Commission"[:90]


def main(argv: list[str]) -> int:
    columns = 1
    if argv[:1] == ["--columns"]:
        columns, argv = int(argv[1]), argv[2:]
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        page = to_html(text, title_of(text), hyphenate=True, columns=columns)
        (out / f"{path.stem}.pdf").write_bytes(to_pdf_chromium(page))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
