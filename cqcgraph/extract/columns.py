"""A report's front page copied from a PDF in two columns: the service's name and address at the
left, its labelled dates at the right ("Unit 6 Brougham Enterprise Centre, Brougham      Date of
Inspections: 14 March 2013"). ``unfold_front_columns`` writes such a block as its left column's
lines and then its right column's, so each is read as printed. Imports the standard library only.
"""

from __future__ import annotations

import re

#: A label of the right column after a gap of four spaces or more: "Date of inspection visit:",
#: "Date of Inspections:", "Date of publication:".
_RIGHT_LABEL_RE = re.compile(r"(?<=\S)[ \t]{4,}(?P<label>Date of (?:inspections?|inspection visits?|publication)\b)", re.I)
#: How far down the front page's columns are looked for.
_HEAD_LINES = 25


def unfold_front_columns(text: str) -> str:
    """``text`` with its front page's two-column block (see the module docstring) written as the
    left column's lines, a blank line and the right column's lines; unchanged when no line of the
    first ones carries a date label to the right of a wide gap.

    >>> print(unfold_front_columns("Oak Lodge\\n2 Elm Road, Leeds      Date of Inspection: 4 May 2013\\n"
    ...                            "LS1 2AB                           5 May 2013\\n\\nWe found"))
    Oak Lodge
    2 Elm Road, Leeds
    LS1 2AB
    <BLANKLINE>
    Date of Inspection: 4 May 2013
    5 May 2013
    <BLANKLINE>
    We found
    """
    lines = text.split("\n")
    at = next(((k, m.start("label")) for k, ln in enumerate(lines[:_HEAD_LINES]) if (m := _RIGHT_LABEL_RE.search(ln))), None)
    if at is None:
        return text
    k, column = at
    first = k
    while first > 0 and lines[first - 1].strip():
        first -= 1
    last = k
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    left: list[str] = []
    right: list[str] = []
    for line in lines[first:last + 1]:
        cut = _cut(line, column)
        if cut is None:
            left.append(line)
            continue
        if line[:cut].strip():
            left.append(line[:cut].rstrip())
        right.append(line[cut:].strip())
    if not right:
        return text
    return "\n".join([*lines[:first], *left, "", *right, *lines[last + 1:]])


def _cut(line: str, column: int) -> int | None:
    """Where the right column starts on ``line``: near ``column``, after a gap of two spaces or
    more (or at the line's first character when the line is only the right column's); None when
    the line has nothing there."""
    if len(line) <= column - 2 or not line[column - 2:].strip():
        return None
    start = len(line) - len(line.lstrip())
    if start >= column - 8:
        return start  # the right column alone on its line
    gap = re.search(r"[ \t]{2,}(?=\S)", line[max(0, column - 12):])
    if gap is None:
        return None
    return max(0, column - 12) + gap.end()


__all__ = ["unfold_front_columns"]
