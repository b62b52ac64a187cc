"""Fact-preserving changes of a text's surface form, to measure whether reading generalises.

A CQC publication reaches cqcgraph in many surface forms: PDF text wrapped at any width, a web
copy with each paragraph on one line, other bullet marks, non-breaking or doubled spaces, tabs,
CRLF line ends, curly or straight quotes, en dashes or hyphens, headings in capitals, blank
lines between every line or none at all, a page copied with its site's navigation. Each
transformation here makes one of those changes to a plain text and nothing else: a reader of the
changed text can find every fact the original states, so ``cqcgraph evaluate --perturb NAME``
scores it against the same expected files.

What the transformations leave alone, so that no fact changes:

- lines of a table (a tab, a gap of two spaces or more between columns, a cell alone far to
  the right) are never wrapped, joined or re-spaced;
- a line with a postcode (an address) is kept whole;
- wrapping never splits a postcode, a date, a regulation's citation, an amount of money or a
  CQC ID across lines, and never splits a hyphenated word;
- joining lines joins only the lines of one paragraph or list item (a line ending a sentence
  and followed by a capital may end its paragraph, and is not joined), so headings, addresses
  and "Key: value" lines stay lines of their own, as a web page keeps them;
- a line broken inside a word ("requires im-" / "provement") keeps its paragraph as it is;
- a CQC ID's hyphen ("1-123456789") and a hyphen inside a word ("well-led") are not dashes.

Imports the standard library and, from ``cqcgraph.documents_text``, what a table's line and a
postcode are (the normaliser's own rules).
"""

from __future__ import annotations

import re
import textwrap
from typing import Callable

from cqcgraph.documents_text import POSTCODE_RE, is_table_line

Transformation = Callable[[str], str]

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
#: Spans a wrap never splits: postcodes, dates (with or without their day), regulation
#: citations, money, CQC IDs.
_KEEP_TOGETHER_RE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}}\b"
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b{_MONTHS}\s+\d{{4}}\b"
    r"|\bRegulations?\s+\d+[\w()]*"
    r"|£\s?[\d,.]+(?:\s+(?:million|thousand))?"
)
_GLUE = "\x00"
_BULLET_RE = re.compile(r"^(?P<indent>\s*)(?P<mark>[•·▪●◦‣*\-–]|\d{1,2}[.)])\s+(?=\S)")
_KEY_VALUE_RE = re.compile(r"^\s*[^:\t]{1,50}:(?:\s|$)")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _is_prose(line: str) -> bool:
    """A line of running text: no table gap, not a "Key: value" label, not a bullet."""
    s = line.strip()
    return bool(s) and not is_table_line(line) and not _BULLET_RE.match(line) and not _KEY_VALUE_RE.match(line)


def _continues(prev: str, line: str) -> bool:
    """``line`` carries on the paragraph or list item ``prev`` belongs to."""
    p = prev.rstrip()
    if not _is_prose(line) or len(p.strip()) < 45 or is_table_line(prev):
        return False
    if re.search(r"\w-$", p):  # a word broken over the lines: left as it is
        return False
    if _KEY_VALUE_RE.match(prev) and not _BULLET_RE.match(prev):
        return False
    if re.search(r"[.!?:]['\"”’)]*$", p) and not line.strip()[:1].islower():
        return False  # may end its paragraph: a heading or a new paragraph may follow
    return True


def _runs(text: str) -> list[list[str]]:
    """The text's lines grouped into runs: the lines of one paragraph or list item together,
    every other line a run of its own."""
    runs: list[list[str]] = []
    for line in _lines(text):
        if runs and runs[-1][-1].strip() and _continues(runs[-1][-1], line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _joinable(run: list[str]) -> bool:
    """A run of running text that may be joined or wrapped again: not a line broken inside a
    word, not an address (a line with a postcode is kept whole, as a page lays it out)."""
    return ((_is_prose(run[0]) or bool(_BULLET_RE.match(run[0])))
            and not any(re.search(r"\w-$", x.rstrip()) for x in run[:-1])
            and not any(POSTCODE_RE.search(x) for x in run))


def _joined(run: list[str]) -> tuple[str, str]:
    """(the run's first-line prefix: its indentation and bullet, its words on one line)."""
    m = _BULLET_RE.match(run[0])
    prefix = run[0][:m.end()] if m else run[0][:len(run[0]) - len(run[0].lstrip())]
    body = " ".join(x.strip() for x in [run[0][len(prefix):], *run[1:]])
    return prefix, body


def unwrap(text: str) -> str:
    """Each paragraph and list item on one line, as a web page copied gives it."""
    out = []
    for run in _runs(text):
        if len(run) > 1 and _joinable(run):
            prefix, body = _joined(run)
            out.append(prefix + body)
        else:
            out += run
    return "\n".join(out)


def _rewrap(width: int) -> Transformation:
    def rewrap(text: str) -> str:
        out = []
        for run in _runs(text):
            if not _joinable(run) or len(" ".join(run)) <= width:
                out += run
                continue
            prefix, body = _joined(run)
            glued = _KEEP_TOGETHER_RE.sub(lambda m: re.sub(r"\s+", _GLUE, m.group()), body)
            indent = run[1][:len(run[1]) - len(run[1].lstrip())] if len(run) > 1 else ""
            wrapped = textwrap.wrap(glued, width=width, initial_indent=prefix, subsequent_indent=indent,
                                    break_long_words=False, break_on_hyphens=False)
            out += [w.replace(_GLUE, " ") for w in wrapped] or run
        return "\n".join(out)

    rewrap.__doc__ = f"Paragraphs and list items wrapped again at {width} characters, as a PDF's text may be."
    return rewrap


def crlf(text: str) -> str:
    """Windows line ends (CR LF)."""
    return "\r\n".join(_lines(text))


def trailing_space(text: str) -> str:
    """Spaces and a tab left at the end of every line."""
    return "\n".join(x + "  \t" if x.strip() else x for x in _lines(text))


def nbsp(text: str) -> str:
    """A non-breaking space for each space beside a number ("12\u00a0March\u00a02019",
    "Regulation\u00a012"), as web pages write them."""
    return "\n".join(x if is_table_line(x) else re.sub(r"(?<=\d) (?=\S)|(?<=\S) (?=\d)", "\u00a0", x)
                     for x in _lines(text))


def double_spaces(text: str) -> str:
    """Two spaces after a full stop, a colon or a semicolon inside running text."""
    return "\n".join(x if is_table_line(x) else re.sub(r"(?<=\S[.:;]) (?=\S)", "  ", x) for x in _lines(text))


def tabs(text: str) -> str:
    """A tab after a label's colon ("Date of publication:\\t19 June 2019") and as the indentation
    of list items, as word processors write them."""
    out = []
    for x in _lines(text):
        if not is_table_line(x):
            x = re.sub(r"^(\s*[^:\t]{1,50}:) (?=\S)", "\\1\t", x)
            x = re.sub(r"^ +(?=(?:[•·▪●◦‣*\-–]|\d{1,2}[.)])\s)", "\t", x)
        out.append(x)
    return "\n".join(out)


def curly_quotes(text: str) -> str:
    """Typographic quotes and apostrophes (’ “ ” ‘ ’) for straight ones."""
    text = re.sub(r"(?<=\w)'(?=\w)", "’", text)
    text = re.sub(r'"([^"\n]+)"', "“\\1”", text)
    return re.sub(r"(?<![\w’])'([^'\n]+)'(?!\w)", "‘\\1’", text)


def straight_quotes(text: str) -> str:
    """Straight quotes and apostrophes for typographic ones."""
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def en_dashes(text: str) -> str:
    """En dashes in ranges of days ("12–14 March") and between words (" – ")."""
    text = re.sub(rf"\b(\d{{1,2}})-(\d{{1,2}})(?=\s+{_MONTHS}\b)", "\\1–\\2", text)
    return re.sub(r"(?<=\S) - (?=\S)", " – ", text)


def em_dashes(text: str) -> str:
    """Em dashes between words ("care—and") for spaced hyphens and en dashes."""
    return re.sub(r"(?<=\S) [-–] (?=\S)", "—", text)


def hyphens(text: str) -> str:
    """Hyphens for en and em dashes, as a plain keyboard writes them."""
    return re.sub(r"\s*—\s*", " - ", text).replace("–", "-")


def _bullets(mark: str | None) -> Transformation:
    def rebullet(text: str) -> str:
        out, number = [], 0
        for x in _lines(text):
            m = _BULLET_RE.match(x)
            if m and not is_table_line(x):
                number += 1
                new = f"{number}." if mark is None else mark
                x = m.group("indent") + new + " " + x[m.end():]
            elif x.strip() and not (number and _is_prose(x) and x.strip()[:1].islower()):
                number = 0  # a line that carries on no item ends the list
            out.append(x)
        return "\n".join(out)

    rebullet.__doc__ = ("List items numbered 1., 2., … in place of their bullets." if mark is None
                        else f"List items marked with {mark!r} in place of their bullets.")
    return rebullet


def _standalone_heading(lines: list[str], i: int) -> bool:
    s = lines[i].strip()
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 == len(lines) or not lines[i + 1].strip()
    return (before and after and 0 < len(s) <= 60 and s[0].isupper() and not re.search(r"[.,;:!?]$", s)
            and len(s.split()) <= 8 and not is_table_line(lines[i]) and not _BULLET_RE.match(lines[i])
            and not re.search(r"\d|https?:|www\.|@", s))


def _headings(case: Callable[[str], str]) -> Transformation:
    def recase(text: str) -> str:
        lines = _lines(text)
        return "\n".join(case(x) if _standalone_heading(lines, i) else x for i, x in enumerate(lines))

    return recase


def _title(s: str) -> str:
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in s.split(" "))


def no_blank_lines(text: str) -> str:
    """No blank line anywhere: blocks follow each other line after line."""
    return "\n".join(x for x in _lines(text) if x.strip())


def blank_lines(text: str) -> str:
    """A blank line after every line but the lines of a table."""
    lines = _lines(text)
    out = []
    for i, x in enumerate(lines):
        out.append(x)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if x.strip() and nxt.strip() and not (is_table_line(x) or is_table_line(nxt)):
            out.append("")
    return "\n".join(out)


#: A site's navigation and footer, as a page copied whole from a browser carries them.
NAVIGATION_HEAD = ("Skip to main content", "Menu", "Search", "Home", "Find a care service",
                   "Guidance and regulation", "About us", "Contact us", "Sign in")
NAVIGATION_FOOT = ("Back to top", "Share this page", "Was this page useful?", "Yes", "No",
                   "Accessibility", "Cookies", "Privacy", "Terms and conditions")


def navigation(text: str) -> str:
    """The lines of a site's menu before the text and of its footer after it."""
    return "\n".join([*NAVIGATION_HEAD, "", text.strip("\n"), "", *NAVIGATION_FOOT]) + "\n"


def web_copy(text: str) -> str:
    """A page copied from a browser: paragraphs on one line, no blank lines, non-breaking
    spaces and typographic quotes, the site's navigation around it."""
    return navigation(no_blank_lines(unwrap(curly_quotes(nbsp(text)))))


#: Every transformation by name, in the order a summary lists them.
TRANSFORMATIONS: dict[str, Transformation] = {
    "crlf": crlf,
    "trailing-space": trailing_space,
    "nbsp": nbsp,
    "double-spaces": double_spaces,
    "tabs": tabs,
    "curly-quotes": curly_quotes,
    "straight-quotes": straight_quotes,
    "en-dashes": en_dashes,
    "em-dashes": em_dashes,
    "hyphens": hyphens,
    "bullets-dash": _bullets("-"),
    "bullets-star": _bullets("*"),
    "bullets-square": _bullets("▪"),
    "bullets-middot": _bullets("·"),
    "bullets-numbered": _bullets(None),
    "upper-headings": _headings(str.upper),
    "title-headings": _headings(_title),
    "wrap-50": _rewrap(50),
    "wrap-72": _rewrap(72),
    "wrap-100": _rewrap(100),
    "wrap-120": _rewrap(120),
    "unwrap": unwrap,
    "no-blank-lines": no_blank_lines,
    "blank-lines": blank_lines,
    "navigation": navigation,
    "web-copy": web_copy,
}
TRANSFORMATIONS["upper-headings"].__doc__ = "Headings standing alone on their line in capitals."
TRANSFORMATIONS["title-headings"].__doc__ = "Headings standing alone on their line in Title Case."


def transformation(name: str) -> Transformation:
    """The transformation called ``name``; ``KeyError`` naming the known ones otherwise.

    >>> transformation("hyphens")("12–14 March 2019")
    '12-14 March 2019'
    """
    try:
        return TRANSFORMATIONS[name]
    except KeyError:
        raise KeyError(f"no transformation {name!r}; known: {', '.join(TRANSFORMATIONS)}") from None


__all__ = ["TRANSFORMATIONS", "Transformation", "transformation"]
