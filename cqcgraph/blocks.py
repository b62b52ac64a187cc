"""The structure of one document as blocks, whatever it was read from (text, HTML, PDF):
headings, key–value lines, table rows with their columns, list items and paragraphs (split into
sentences on demand).

A block is a frozen dataclass; a document is a tuple of blocks in reading order. ``render``
writes blocks back as the plain text the extractors read (one block per paragraph, table rows
as tab-separated cells on consecutive lines, list items as "• " lines), so text, HTML and PDF
inputs reach the extractors in one shape. ``from_text`` reads plain text into blocks.

Imports the standard library only; knows nothing of extraction, RDF or storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = "heading"
KEY_VALUE = "key-value"
ROW = "row"
ITEM = "item"
PARAGRAPH = "paragraph"
KINDS = (HEADING, KEY_VALUE, ROW, ITEM, PARAGRAPH)

_BULLET_RE = re.compile(r"^\s*(?:[•·▪●◦‣*\-–]|\d{1,2}[.)])\s+(?=\S)")
_KEY_VALUE_RE = re.compile(r"^(?P<key>[A-Z][\w'’()/&,-]*(?: [\w'’()/&,-]+){0,6}):\s+(?P<value>\S.*)$")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z\"“‘(])")
_ABBREVIATION_RE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St|No|Reg|e\.g|i\.e|etc|Ltd|Co)\.$")


@dataclass(frozen=True)
class Block:
    """One block of a document.

    ``kind`` is one of ``KINDS``. ``text`` is the block's text (a paragraph may keep the line
    breaks its source shows, as in an address). A ``row`` has its ``cells`` in column order,
    empty cells included; a ``key-value`` has ``key`` and ``value``; a ``heading`` its ``level``
    (1 = the largest, 0 = unknown) and an ``item`` its nesting ``level`` (0 = top). ``table``
    numbers the table a row belongs to (rows of one table share it), ``page`` the PDF page
    (from 1) the block starts on.
    """

    kind: str
    text: str
    cells: tuple[str, ...] = ()
    key: str | None = None
    value: str | None = None
    level: int = 0
    table: int | None = None
    page: int | None = field(default=None, compare=False)

    @property
    def sentences(self) -> tuple[str, ...]:
        """The sentences of the block's text.

        >>> Block(PARAGRAPH, "We rated it Good. Dr A. Khan leads it.").sentences
        ('We rated it Good.', 'Dr A. Khan leads it.')
        """
        return split_sentences(self.text)


def heading(text: str, level: int = 0, page: int | None = None) -> Block:
    return Block(HEADING, _one_line(text), level=level, page=page)


def paragraph(text: str, page: int | None = None) -> Block:
    return Block(PARAGRAPH, text.strip(), page=page)


def item(text: str, level: int = 0, page: int | None = None) -> Block:
    return Block(ITEM, _one_line(text), level=level, page=page)


def row(cells: list[str] | tuple[str, ...], table: int | None = None, page: int | None = None) -> Block:
    cells = tuple(_one_line(c or "") for c in cells)
    return Block(ROW, "\t".join(cells), cells=cells, table=table, page=page)


def key_value(key: str, value: str, page: int | None = None) -> Block:
    key, value = _one_line(key).rstrip(":"), _one_line(value)
    return Block(KEY_VALUE, f"{key}: {value}", key=key, value=value, page=page)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of ``text``: a stop, then a space, then a capital, except after a title or a
    common abbreviation ("Dr.", "Reg.", "e.g.") or an initial ("A.")."""
    out: list[str] = []
    start = 0
    flat = " ".join(text.split())
    for m in _SENTENCE_END_RE.finditer(flat):
        before = flat[start:m.start()]
        if _ABBREVIATION_RE.search(before) or re.search(r"(?:^|\s)[A-Z]\.$", before):
            continue
        out.append(flat[start:m.start()].strip())
        start = m.end()
    if flat[start:].strip():
        out.append(flat[start:].strip())
    return tuple(out)


def render(blocks: list[Block] | tuple[Block, ...]) -> str:
    """The text the extractors read: blocks separated by a blank line, rows of one table and
    consecutive list items on consecutive lines.

    >>> print(render([heading("Ratings"), row(["", "Safe", "Overall"]), row(["Scans", "Good", "Good"]),
    ...               item("Staff were kind."), item("Rooms were clean.")]))
    Ratings
    <BLANKLINE>
    \tSafe\tOverall
    Scans\tGood\tGood
    <BLANKLINE>
    • Staff were kind.
    • Rooms were clean.
    """
    out: list[str] = []
    prev: Block | None = None
    for b in blocks:
        if b.kind == ROW:
            line = b.text
        elif b.kind == ITEM:
            line = "  " * b.level + "• " + b.text
        else:
            line = b.text
        if not line.strip():
            continue
        together = prev is not None and (
            (b.kind == ROW and prev.kind == ROW and b.table == prev.table)
            or (b.kind == ITEM and prev.kind == ITEM))
        if out:
            out.append("\n" if together else "\n\n")
        out.append(line)
        prev = b
    return "".join(out)


def from_text(text: str) -> tuple[Block, ...]:
    """Blocks of a plain text: lines with tabs are table rows (consecutive ones one table),
    bulleted lines list items, "Key: value" lines key–value blocks, a short line standing alone
    without a stop a heading, and other runs of lines paragraphs (keeping their line breaks).

    >>> [b.kind for b in from_text("Ratings\\n\\nOverall: Good\\n\\n\\tSafe\\nA\\tGood\\n\\n- One\\n- Two\\n\\nWe saw it.")]
    ['heading', 'key-value', 'row', 'row', 'item', 'item', 'paragraph']
    """
    blocks: list[Block] = []
    table = 0
    lines: list[str] = []

    def flush() -> None:
        if lines:
            body = "\n".join(lines)
            if len(lines) == 1 and _looks_heading(lines[0]):
                blocks.append(heading(lines[0]))
            else:
                blocks.append(paragraph(body))
            lines.clear()

    prev_row = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            prev_row = False
            continue
        if "\t" in line:
            flush()
            if not prev_row:
                table += 1
            blocks.append(row(line.split("\t"), table=table))
            prev_row = True
            continue
        prev_row = False
        bullet = _BULLET_RE.match(line)
        if bullet:
            flush()
            indent = len(line) - len(line.lstrip())
            blocks.append(item(line[bullet.end():], level=1 if indent >= 4 else 0))
            continue
        kv = _KEY_VALUE_RE.match(line.strip())
        if kv and not lines and len(kv.group("value")) <= 120:
            blocks.append(key_value(kv.group("key"), kv.group("value")))
            continue
        lines.append(line.strip())
    flush()
    return tuple(blocks)


def _looks_heading(line: str) -> bool:
    s = line.strip()
    return (0 < len(s) <= 80 and s[0].isupper() and not re.search(r"[.,;:]$", s)
            and len(s.split()) <= 10)


__all__ = ["Block", "HEADING", "ITEM", "KEY_VALUE", "KINDS", "PARAGRAPH", "ROW", "from_text", "heading",
           "item", "key_value", "paragraph", "render", "row", "split_sentences"]
