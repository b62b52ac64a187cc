"""A PDF report as blocks, read from the position of every character (pdfplumber, MIT).

What a reader of the printed page sees, not the order the PDF happens to draw in:

- running headers and footers (a line in the top or bottom band of the page that comes back on
  other pages, digits aside) and page numbers ("7", "Page 7 of 13", "7/13") are dropped;
- the lines of a paragraph are joined: a line that runs to the right edge, with the next line at
  the paragraph's line spacing and left edge, goes on; a line that stops short ends its line
  (kept as a line break, as in an address) and a wider gap ends the paragraph. A paragraph cut
  by a page break goes on when the next page starts in lower case at the same left edge;
- a word hyphenated at a line end is joined: a soft hyphen always; another hyphen unless the
  document writes the word with its hyphen elsewhere ("well-led", "non-compliance") and not
  without it;
- ruled tables are read as rows with every cell in its column (an empty cell stays empty), and a
  line whose words stand in columns far apart as a row of cells;
- list items are recognised by their bullet (a bullet character, or a small drawn mark just
  left of the line), headings by a larger or bold font on a line of their own.

Imports the standard library, pdfplumber and ``cqcgraph.blocks``; raises ``ValueError`` subclasses
or pdfminer's errors on broken files (the caller turns them into a reason).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from cqcgraph import blocks as B

_PAGE_NUMBER_RE = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_BULLET_CHARS = "•●▪◦‣■□–-*·\uf0b7\uf0a7"
_HYPHENS = "-\u2010\u2011\u00ad"
_MARGIN = 0.06  # the share of the page height above and below the body where running lines sit
_END_STOP_RE = re.compile(r"[.:;!?]['\"”’)]?$")


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    first_word: float  # width of the first word
    cells: list[str] = field(default_factory=list)  # a line of far-apart columns
    bullet: bool = False
    column: int = 0  # 0 full width or the left column, 1 the right column of a two-column page


@dataclass
class _Table:
    page: int
    top: float
    rows: list[list[str]]
    column: int = 0


def read_blocks(data: bytes) -> tuple[tuple[B.Block, ...], str | None, int]:
    """``(blocks, title, pages)`` of a PDF."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        title = (pdf.metadata or {}).get("Title")
        if isinstance(title, bytes):
            title = title.decode("utf-8", "replace")
        pages = [_page_items(page, n + 1) for n, page in enumerate(pdf.pages)]
        heights = [float(page.height) for page in pdf.pages]
        widths = [float(page.width) for page in pdf.pages]
    pages = _drop_running_lines(pages, heights)
    return _assemble(pages, widths), (str(title).strip() or None) if title else None, len(heights)


# ----------------------------------------------------------------------------- one page

def _ghosts(chars: list[dict]) -> set[int]:
    """Characters that take no room: soft hyphens drawn inside a word, and the zero-width
    "space" some printers emit for them (the next character starts where it starts)."""
    out = set()
    for i, c in enumerate(chars):
        if c["text"] == "\u00ad":
            nxt = chars[i + 1] if i + 1 < len(chars) else None
            if nxt is not None and abs(nxt["top"] - c["top"]) < 1:
                out.add(id(c))
        elif c["text"] == " " and i + 1 < len(chars):
            nxt = chars[i + 1]
            if abs(nxt["top"] - c["top"]) < 1 and nxt["x0"] < c["x0"] + 0.25 * max(c["x1"] - c["x0"], 0.1):
                out.add(id(c))
    return out


def _page_items(page, number: int) -> list[_Line | _Table]:
    ghosts = _ghosts(page.chars)
    clean = page.filter(lambda o: id(o) not in ghosts) if ghosts else page
    tables = []
    for t in clean.find_tables():
        rows = [[" ".join((cell or "").split()) for cell in r] for r in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows and max(len(r) for r in rows) >= 2:
            tables.append((t.bbox, _Table(number, float(t.bbox[1]), rows)))

    def outside(o: dict) -> bool:
        if o.get("object_type") != "char":
            return True
        cx, cy = (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2
        return not any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b, _ in tables)

    text_page = clean.filter(outside) if tables else clean
    height = float(page.height)
    gutter = _gutter([c for c in text_page.chars if c["text"].strip()], float(page.width), height)
    for _, t in tables:
        t.column = 1 if gutter is not None and t.top > 0 and _bbox_x(tables, t) > gutter else 0
    marks = [o for o in list(page.curves) + list(page.rects)
             if o["x1"] - o["x0"] <= 7 and o["bottom"] - o["top"] <= 7 and o.get("fill")]
    items: list[_Line | _Table] = [t for _, t in tables]
    if gutter is None:
        parts = [(0, text_page)]
    else:
        def side(right: bool):
            def keep(o: dict) -> bool:
                if o.get("object_type") != "char":
                    return True
                cy = (o["top"] + o["bottom"]) / 2
                if cy < _MARGIN * height or cy > (1 - _MARGIN) * height:
                    return not right  # running lines stay with the left part
                return ((o["x0"] + o["x1"]) / 2 > gutter) == right
            return keep
        parts = [(0, text_page.filter(side(False))), (1, text_page.filter(side(True)))]
    for column, part in parts:
        items.extend(_lines(part, number, marks, column))
    items.sort(key=lambda it: (it.column, it.top) if gutter is not None else (0, it.top))
    if gutter is not None:  # running lines first and last, whatever column they were read in
        items.sort(key=lambda it: 0 if it.top < _MARGIN * height else 2 if it.top > (1 - _MARGIN) * height else 1)
    return items


def _bbox_x(tables: list, table: _Table) -> float:
    bbox = next(b for b, t in tables if t is table)
    return (bbox[0] + bbox[2]) / 2


def _gutter(chars: list[dict], width: float, height: float) -> float | None:
    """The x of the gap between two columns of text, when the page body has one: a band at least
    8 pt wide in the middle of the page that no character of the body crosses, with lines of
    text on both sides."""
    body = [c for c in chars if _MARGIN * height <= (c["top"] + c["bottom"]) / 2 <= (1 - _MARGIN) * height]
    if len(body) < 200:
        return None
    taken = bytearray(int(width) + 2)
    for c in body:
        for x in range(max(int(c["x0"]), 0), min(int(c["x1"]) + 1, len(taken))):
            taken[x] = 1
    lo, hi = int(width * 0.3), int(width * 0.7)
    best, run, start = None, 0, lo
    for x in range(lo, hi):
        if taken[x]:
            run = 0
            continue
        if run == 0:
            start = x
        run += 1
        if run >= 8 and (best is None or run > best[1]):
            best = (start, run)
    if best is None:
        return None
    mid = best[0] + best[1] / 2
    left = {round(c["top"]) for c in body if c["x1"] < mid}
    right = {round(c["top"]) for c in body if c["x0"] > mid}
    return mid if len(left) >= 5 and len(right) >= 5 else None


def _lines(part, number: int, marks: list, column: int) -> list[_Line]:
    items = []
    for ln in part.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in ln["chars"] if c["text"].strip()]
        if not chars or not ln["text"].strip():
            continue
        sizes = [round(float(c["size"]), 1) for c in chars]
        bold = sum(1 for c in chars if re.search(r"bold|black|heavy", c.get("fontname", ""), re.I)) > len(chars) * 0.6
        size = statistics.median(sizes)
        first_end = next((c["x1"] for c, n in zip(chars, chars[1:], strict=False) if n["x0"] - c["x1"] > 0.15 * size), chars[-1]["x1"])
        line = _Line(number, ln["text"].strip(), float(ln["x0"]), float(ln["x1"]), float(ln["top"]),
                     float(ln["bottom"]), size, bold, float(first_end - chars[0]["x0"]))
        line.cells = _cells(ln["chars"], size)
        mid = (line.top + line.bottom) / 2
        line.bullet = any(m["x1"] <= line.x0 + 0.5 and line.x0 - m["x1"] < 3 * size and m["top"] - 2 <= mid <= m["bottom"] + 2
                          for m in marks)
        line.column = column
        items.append(line)
    return items


def _cells(chars: list[dict], size: float) -> list[str]:
    """The columns of a line whose words stand far apart (a gap of three spaces' width or more);
    none for a justified line, whose every word gap is stretched alike."""
    cells, cur, prev, gaps = [], [], None, []
    for c in chars:
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            if gap > 1.8 * size:
                cells.append("".join(cur))
                cur = []
            elif gap > 0.15 * size and c["text"].strip() and prev["text"].strip():
                cur.append(" ")  # a word gap drawn without a space character
            if gap > 0.15 * size or not c["text"].strip():
                gaps.append(gap)
        cur.append(c["text"])
        prev = c
    cells.append("".join(cur))
    cells = [" ".join(c.split()) for c in cells]
    if len([c for c in cells if c]) < 2:
        return []
    word_gaps = [g for g in gaps if g > 0.15 * size]
    if len(word_gaps) >= 2 and min(word_gaps) > 0.6 * size:
        return []
    return cells


# ----------------------------------------------------------------------------- running lines

def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_lines(pages: list[list], heights: list[float]) -> list[list]:
    """Pages without their running headers, footers and page numbers."""
    def bands(items: list, h: float) -> list[_Line]:
        lines = [it for it in items if isinstance(it, _Line)]
        return [ln for ln in lines if ln.top < 0.1 * h or ln.bottom > 0.9 * h]

    counts: Counter[str] = Counter()
    for items, h in zip(pages, heights, strict=True):
        counts.update({_running_key(ln.text) for ln in bands(items, h)})
    n = len(pages)
    running = {k for k, c in counts.items() if c >= 3 or (c >= 2 and c >= 0.4 * n)}
    out = []
    for items, h in zip(pages, heights, strict=True):
        band = {id(ln) for ln in bands(items, h)}
        out.append([it for it in items if id(it) not in band
                    or not (_running_key(it.text) in running or _PAGE_NUMBER_RE.match(it.text.strip()))])
    return out


# ----------------------------------------------------------------------------- paragraphs

def _assemble(pages: list[list], widths: list[float]) -> tuple[B.Block, ...]:
    lines = [it for items in pages for it in items if isinstance(it, _Line)]
    if not lines:
        return ()
    body = Counter(ln.size for ln in lines).most_common(1)[0][0]
    pitches = Counter(round(b.top - a.top, 0) for a, b in zip(lines, lines[1:], strict=False)
                      if a.page == b.page and a.size == b.size and 0 < b.top - a.top < 1.7 * a.size)
    pitch = pitches.most_common(1)[0][0] if pitches else body * 1.3
    right: dict[tuple[int, int], float] = {}
    for items in pages:
        for column in (0, 1):
            xs = sorted(it.x1 for it in items if isinstance(it, _Line) and not it.cells and it.column == column)
            if xs:
                right[(items[0].page, column)] = xs[int(len(xs) * 0.9)] if len(xs) > 3 else xs[-1]
    words = _word_forms(lines)

    out: list[B.Block] = []
    para: list[_Line] = []
    tables = 0
    joined: list[str] = []

    def flush() -> None:
        if not para:
            return
        text = "".join(joined)
        first = para[0]
        stripped = text.lstrip()
        if first.bullet or (stripped[:1] in _BULLET_CHARS and stripped[1:2] == " "):
            out.append(B.item(stripped.lstrip(_BULLET_CHARS).strip() if not first.bullet else stripped,
                              page=first.page))
        elif len(para) == 1 and (first.size >= body + 0.8 or first.bold) and len(text) <= 120:
            out.append(B.heading(text, page=first.page))
        elif len(para) == 1 and (m := B._KEY_VALUE_RE.match(text)):
            out.append(B.key_value(m.group("key"), m.group("value"), page=first.page))
        else:
            out.append(B.paragraph(text, page=first.page))
        para.clear()
        joined.clear()

    prev_row_table = None
    for items in pages:
        for it in items:
            if isinstance(it, _Table):
                flush()
                tables += 1
                out.extend(B.row(r, table=tables, page=it.page) for r in it.rows)
                prev_row_table = None
                continue
            if it.cells:
                flush()
                if prev_row_table is None:
                    tables += 1
                    prev_row_table = tables
                out.append(B.row(it.cells, table=prev_row_table, page=it.page))
                continue
            prev_row_table = None
            how = _continues(para, it, pitch, right, body) if para else None
            if how is None:
                flush()
                para.append(it)
                joined.append(it.text)
                continue
            prev = joined[-1] if joined else ""
            if how == "\n":
                joined.append("\n" + it.text)
            else:
                joined[-1], rest = _join_words(prev, it.text, words)
                joined.append(rest)
            para.append(it)
    flush()
    return tuple(out)


def _continues(para: list[_Line], ln: _Line, pitch: float, right: dict, body: float) -> str | None:
    """How ``ln`` goes on from the paragraph: " " (a wrapped line), "\\n" (a line of its own in the
    same block) or ``None`` (a new block)."""
    prev = para[-1]
    if ln.bullet or (ln.text[:1] in "•●▪■" ) or (ln.text[:2] in ("- ", "– ") and len(ln.text) > 2):
        return None
    if abs(ln.size - prev.size) > 0.5 or ln.bold != prev.bold:
        return None
    edge = right.get((prev.page, prev.column), prev.x1)
    full = prev.x1 >= edge - (ln.first_word + 0.6 * prev.size) - 1
    if ln.page != prev.page or ln.column != prev.column:
        nxt = ln.page == prev.page + 1 or (ln.page == prev.page and ln.column == prev.column + 1)
        if nxt and full and ln.text[:1].islower() and (abs(ln.x0 - para[-1].x0) < 3 or ln.column != prev.column) \
                and not _END_STOP_RE.search(prev.text):
            return " "
        return None
    step = ln.top - prev.top
    if step <= 0 or step > pitch * max(1.0, prev.size / body) * 1.2 + 0.5:
        return None
    left_ok = abs(ln.x0 - prev.x0) < 3 or (len(para) == 1 and ln.x0 < prev.x0 and prev.x0 - ln.x0 < 4 * body)
    if not left_ok:
        return None
    if len(para) > 1 and any(abs(p.x0 - ln.x0) >= 3 for p in para[1:]):
        return None
    return " " if full else "\n"


def _word_forms(lines: list[_Line]) -> set[str]:
    """Every word of the document, lower case, hyphenated ones with their hyphen."""
    out: set[str] = set()
    for ln in lines:
        out.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", ln.text))
    return out


def _join_words(prev: str, nxt: str, words: set[str]) -> tuple[str, str]:
    """``prev`` and the text to append, a hyphenated word joined across the line break."""
    m = re.search(r"([A-Za-z]+)\s?([" + _HYPHENS + r"])$", prev)
    n = re.match(r"([a-z]+)", nxt)
    if m and n:
        head, mark, tail = m.group(1), m.group(2), n.group(1)
        cut = prev[: m.start()] + head
        whole, hyphened = (head + tail).lower(), f"{head}-{tail}".lower()
        if mark == "\u00ad":
            return cut, nxt
        if hyphened in words and whole not in words:
            return cut + "-", nxt
        if whole in words or mark != "-":
            return cut, nxt
        return cut + "-", nxt
    return prev.rstrip(), " " + nxt
