"""Ratings read by what a rating is rather than by one author's layout: one of CQC's four
rating words beside a key question ("Safe", "Are services safe?", "Overall rating for this
location"), a population group of a GP practice ("Older people") or a core service of a
hospital ("Surgery"), in any layout: key–value lines with any separator (":", "–", "=", a
table's bar, a tab, two spaces, an arrow), the value on the next line, several pairs on one line
("Safe: Good. Effective: Good."), a list of key questions sharing one value ("Effective, caring
and well-led: good"), tables whose header names the key questions and whose rows give a service
or a group and its ratings, and sentences with CQC's rating verbs. "Not rated" and "Inspected
but not rated" rate nothing.

``with_ratings_found`` is a post-pass run for every layout: what it finds is added to the
inspection it is about (the current inspection of the subject named last before it, dated last
before it), never twice, and never against what the layout read (a key the layout rated keeps
the layout's value). A rating in a line or sentence about an earlier inspection ("previously
rated", "at our last inspection … was rated", "rating from the previous inspection") is history
and is not the current rating. A change is added only where the text states one ("(previously
good)", "remains good", "stayed the same").

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from cqcgraph.extract import enforcement_scope as scope
from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import (
    ChangeStatement,
    DocumentRecord,
    Inspection,
    KeyQuestion,
    Rating,
    RatingChange,
    PartialDate,
    Precision,
    RatingValue,
)

#: A rating cell and nothing else: the word, the symbols reports print beside it (☆ for
#: outstanding, arrows for a change), a note in brackets. "Not rated" and its kin match so that
#: they are recognised as cells, and rate nothing.
_CELL_RE = re.compile(
    rf"^(?:rat(?:ed|ing)\s*:?\s*)?(?P<value>{P.RATING_OR_NONE_ALT}|Requires\s+Improvement)\s*(?:overall)?"
    rf"\s*[☆★*{P.CHANGE_ARROWS}]*\s*(?P<note>\([^)]{{1,60}}\))?\s*[.;]?\s*$", re.I)
#: A separator between a label and its value: a colon, a dash, "=", a bar, a tab, an arrow, or
#: spaces.
_SEP = re.compile(r"\s*(?:[:=|\t–—-]+|→|⇒)\s*|\s+")
#: Bullets and numbering before a line's label.
_BULLET_RE = re.compile(r"^\s*(?:[•●▪◦·‣\uf0b7\uf0a7*]|-(?=\s)|\d+[.)](?=\s))\s*")

_KQ_WORDS = r"(?:safe|effective|caring|responsive(?:\s+to\s+people['’]s\s+needs)?|well[\s-]*led)"
#: A key question as a label: "Safe", "Are services safe?", "Is the service well-led?", "Safe
#: key question", "Safety".
_KQ_LABEL_RE = re.compile(
    r"^(?:(?:Is|Are)\s+(?:the\s+)?(?:services?|practice|trust|provider|location|hospital|hospice|home|agency)\s+"
    r"(?:(?:at|in|of)\s+this\s+(?:location|hospital|practice|trust|service)\s+)?)?"
    rf"(?P<kq>{_KQ_WORDS})\s*\??(?:\s+key\s+question)?$", re.I)
#: Several key questions sharing one value: "Effective, caring, responsive and well-led".
_KQ_LIST_LABEL_RE = re.compile(rf"^{_KQ_WORDS}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_KQ_WORDS})+$", re.I)
#: The overall rating as a label: "Overall", "Overall rating", "Overall rating for this
#: service/location/trust", "Overall trust quality rating", "Rating overall", "Latest rating".
_OVERALL_LABEL_RE = re.compile(
    r"^(?:overall(?:\s+(?:trust\s+)?(?:quality\s+)?rating)?(?:\s+for\s+(?:this|the)\s+"
    r"(?:service|location|trust|practice|provider|hospital|hospice|home|agency))?|rating\s+overall|"
    r"(?:latest|current)\s+(?:overall\s+)?rating|overall\s+(?:rating\s+)?for\s+the\s+trust|"
    r"overall\s+(?:service|location|practice|home|hospital|trust|provider)\s+rating|"
    r"overall(?:\s+rating)?\s+(?:at|from|after)\s+this\s+(?:inspection|assessment))$", re.I)
_GROUP_LABEL_RES = tuple(re.compile(rf"^(?:{g})$", re.I) for g in P.POPULATION_GROUPS)
_SERVICE_LABEL_RE = re.compile(rf"^(?:{'|'.join(P.CORE_SERVICES)})(?:\s+services?)?(?:\s*\([^)]{{2,40}}\))?$", re.I)
#: Words of a line or sentence about an earlier inspection: its ratings are history.
_HISTORY_RE = re.compile(
    r"\b(?:previous(?:ly)?|last|prior|earlier|former)\b[^.]{0,40}\b(?:inspect\w*|rat(?:ed|ing|ings)|report)\b"
    r"|\bpreviously\b|\bcarried\s+(?:over|forward)\b|\bretained\s+from\b|\bhistory\b|\bpast\s+ratings?\b"
    r"|\bwhen\s+(?:we|it)\s+(?:was\s+)?(?:last\s+)?rated\b|\bat\s+that\s+(?:inspection|time)\b", re.I)
#: A heading of a section about earlier inspections ("Previous ratings", "Inspection history").
_HISTORY_HEADING_RE = re.compile(
    r"\b(?:previous|earlier|past|history|historic)\b|\blast\s+(?:inspection|rating|report)s?\b"
    # a trust's use of resources and combined ratings are of no key question
    r"|\buse\s+of\s+resources\b|\bcombined\s+(?:quality\s+and\s+use|rating)\b", re.I)


@dataclass(frozen=True)
class Found:
    """A rating the text states, where it states it (``pos``, an offset into the text)."""

    pos: int
    rating: Rating
    kind: str = "line"  # "line" (key-value lines, tables), "sentence", "trust" (a sentence about the provider),
    # or "earlier" (lines a note gives to the dated earlier inspection ``of`` alone)
    when: tuple[str, ...] = ()  # the dates its sentence states
    of: PartialDate | None = None  # the earlier inspection a carried cell dates ("Good (March 2017)")
    published: bool = False  # ``of`` is that inspection's report's publication day


_NOTE_RE = re.compile(r"\(([^)]{1,60})\)")


def note_date(text: str) -> PartialDate | None:
    """The one date the notes in brackets of a line of cells give ("Requires improvement (March
    2017)"): the date of the earlier inspection a carried rating is from.

    >>> note_date("Patient transport services — Requires improvement (March 2017).").iso
    '2017-03'
    """
    dates = [d for n in _NOTE_RE.findall(text) if (d := P.parse_date(n)) and d.iso]
    if not dates:
        years = [y for n in _NOTE_RE.findall(text) for y in re.findall(r"^\s*((?:19|20)\d\d)\s*$", n)]
        dates = [PartialDate(y, y, Precision.YEAR) for y in years]
    return dates[0] if dates and len({d.iso for d in dates}) == 1 else None


@lru_cache(maxsize=4096)
def cell_value(text: str) -> tuple[RatingValue, bool] | None:
    """(value, carried over) of a text that is only a rating cell; None for anything else, and
    for "Not rated", which rates nothing.

    >>> cell_value("Outstanding ☆")[0].value, cell_value("Requires improvement (March 2017)")[1]
    ('outstanding', True)
    >>> cell_value("Not rated") is None, cell_value("Good practice was seen") is None
    (True, True)
    """
    m = _CELL_RE.match(text.strip())
    if not m:
        return None
    value = P.parse_rating(m.group("value"))
    if value is None or value not in RatingValue.scale():
        return None
    note = m.group("note") or ""
    return value, bool(note and (P.parse_date(note) or _HISTORY_RE.search(note) or re.search(r"\b(?:19|20)\d\d\b", note)))


@dataclass(frozen=True)
class _Label:
    kqs: tuple[KeyQuestion, ...]
    service: str | None = None
    group: str | None = None


@lru_cache(maxsize=4096)
def label_of(text: str) -> _Label | None:
    """What a label names: key questions (one, several, or the overall rating), a population
    group or a core service (whose rating is its overall one).

    >>> label_of("Are services well-led?").kqs[0].value, label_of("Older people").group
    ('well-led', 'Older people')
    >>> label_of("Urgent and emergency care").service, label_of("Safe care") is None
    ('Urgent and emergency care', True)
    """
    t = " ".join(_BULLET_RE.sub("", text).split()).strip(" :–—-|")
    if not t or len(t) > 110:
        return None
    if _OVERALL_LABEL_RE.match(t):
        return _Label((KeyQuestion.OVERALL,))
    m = _KQ_LABEL_RE.match(t)
    if m:
        kq = P.key_question(m.group("kq"))
        return _Label((kq,)) if kq else None
    if _KQ_LIST_LABEL_RE.match(t):
        return _Label(tuple(kq for kq in P.key_questions_in(t) if kq is not KeyQuestion.OVERALL))
    for g in _GROUP_LABEL_RES:
        if g.match(t):
            return _Label((KeyQuestion.OVERALL,), group=t)
    if _SERVICE_LABEL_RE.match(t):
        return _Label((KeyQuestion.OVERALL,), service=t[:1].upper() + t[1:])
    return None


def _ratings(label: _Label, value: RatingValue, carried: bool, service: str | None = None) -> list[Rating]:
    """The ratings a label and a value state (a key question of a service's line is the
    service's)."""
    service = label.service or service
    return [Rating(kq, value, service=service, population_group=label.group, carried_over=carried)
            for kq in label.kqs]


#: Where a line's pairs part: after a full stop or semicolon; then at bars or commas.
_PARTS_RE, _PIECES_RE = re.compile(r"(?<=[.;])\s+"), re.compile(r"\s+\|\s+|,\s+")


def _pairs(line: str) -> list[tuple[_Label, RatingValue, bool]] | None:
    """The (label, value) pairs of a line: the line one pair ("Safe: Good", "Older people  Good"),
    or its parts set apart by full stops or semicolons that are pairs ("The home is rated good.
    Safe: Good. Effective: Good."). None when no part is such a pair."""
    flat = _without_score_columns(_BULLET_RE.sub("", line).strip())
    parts = [p for p in _PARTS_RE.split(flat) if p.strip()]
    out: list[tuple[_Label, RatingValue, bool]] = []
    for part in parts:
        if pair := _pair(part):
            out.append(pair)
            continue
        # pairs set apart by bars or commas after a lead: "Ratings at this inspection: Safe Good,
        # Responsive Outstanding", "Safe: Requires improvement | Effective: Good"
        pieces = [x for x in _PIECES_RE.split(_LEAD_RE.sub("", part)) if x.strip()]
        paired = [_pair(x) for x in pieces]
        if len(pieces) >= 2 and all(paired):
            out += [x for x in paired if x]
    return out or None


#: A service page's columns after a key question's rating: its score and the rating before
#: ("Safe   Good   Score 66%   Previously: Requires improvement"); the rating before is no
#: current one, and the pair is read without them.
_SCORE_COLUMNS_RE = re.compile(rf"[ \t]{{2,}}Score:?[ \t]*\d{{1,3}}%(?:[ \t]{{2,}}Previously:[ \t]*(?:{P.RATING_ALT}))?[ \t]*$", re.I)


def _without_score_columns(flat: str) -> str:
    """``flat`` without a key question row's score and earlier-rating columns (cheap: only a
    line with a percentage is searched)."""
    return _SCORE_COLUMNS_RE.sub("", flat) if "%" in flat else flat


#: The words before a line of pairs: "Ratings at this inspection:", "Ratings:", "Rated:".
_LEAD_RE = re.compile(r"^(?:(?:key\s+question\s+)?ratings?|rated)\b[^:|]{0,40}:\s*", re.I)


def _pair(part: str) -> tuple[_Label, RatingValue, bool] | None:
    """A label and a rating cell after it, set apart by a separator."""
    for m in _SEP.finditer(part):
        if m.start() == 0:
            continue
        label, rest = part[: m.start()], part[m.end():]
        if not rest:
            continue
        cell = cell_value(rest)
        if cell is None:
            continue
        named = label_of(label)
        if named:
            return named, cell[0], cell[1]
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each non-blank line."""
    return list(_lines_of(text))


@lru_cache(maxsize=64)
def _lines_of(text: str) -> tuple[tuple[int, str], ...]:
    """``_lines``, once per text for the passes that read it."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return tuple(out)


def line_ratings(text: str) -> list[Found]:
    """Ratings stated as key–value lines (any separator, several pairs on a line, the value on
    the next line) and as the rows of a table whose header names the key questions. A line under
    a heading about earlier inspections, or whose words say it is history, gives nothing."""
    rows = _lines(text)
    out: list[Found] = []
    history = False
    service: str | None = None  # the core service whose line the pairs after it continue
    earlier: tuple[PartialDate, bool] | None = None  # a note above the lines: an earlier inspection's
    k = 0
    while k < len(rows):
        pos, line = rows[k]
        flat = line.strip()
        # the note may close a paragraph: "We did not inspect critical care … at this inspection.
        # The ratings for these services are from our inspection in October 2016:"
        above = _FROM_EARLIER_ABOVE_RE.match(flat) or (
            _FROM_EARLIER_ABOVE_RE.match(re.split(r"(?<=[.!?])\s+(?=[A-Z])", flat)[-1]) if flat.endswith(":") else None)
        if above:
            when = P.parse_date(above.group("rest"))
            earlier = (when, bool(_PUBLISHED_RE.search(above.group("rest")))) if when and when.iso else None
            k += 1
            continue
        if earlier and not _pairs(flat) and not _service_line(flat):
            earlier = None
        note = _FROM_LAST_RE.match(flat)
        if note:
            when = P.parse_date(note.group("rest"))
            if when and when.iso:
                published = bool(_PUBLISHED_RE.search(note.group("rest")))
                for n in _lines_above(rows, k, out):
                    out[n] = dataclasses.replace(out[n], rating=dataclasses.replace(out[n].rating, carried_over=True),
                                                 of=when, published=published)
            k += 1
            continue
        if flat.endswith(":") and "|" in flat and k + 1 < len(rows) and _CELL_RE.match(rows[k + 1][1].strip()):
            flat = f"{flat} {rows[k + 1][1].strip()}"  # a line of pairs wrapped after a label
            k += 1
        if _DATED_HEADER_RE.match(flat):
            found, used = _dated_rows(rows[k + 1:])
            if not history:
                out += found
            k += 1 + used
            continue
        columns = _column_header(rows, k)
        if columns:
            found, used = _column_rows(rows[k + columns[1]:], columns[0])
            if not history:
                out += found
            k += columns[1] + used
            continue
        header = _table_header(flat)
        if header:
            found, used = _table_rows(rows[k + 1:], header)
            if not history:
                out += found
            k += 1 + used
            continue
        if service and _SERVICE_BLOCK_LINE_RE.match(flat):
            k += 1  # "Inspected 10 October 2017", "Key question | Rating" under the service's rating
            continue
        pairs = _service_line(flat)
        if pairs:
            service = pairs[0][0].service
        else:
            pairs = _pairs(flat)
            if not (pairs and service and all(label.kqs and not (label.service or label.group) for label, _v, _c in pairs)):
                service = None  # key questions' lines after a service's rating go on being the service's
        if pairs is not None:
            if not history and not _HISTORY_RE.search(_without_score_columns(flat)):
                of = note_date(flat)
                for label, value, carried in pairs:
                    if earlier:  # "Their ratings are from our inspection in June 2019:" above
                        out += [Found(pos, r, kind="earlier", of=earlier[0], published=earlier[1])
                                for r in _ratings(label, value, False, service if not label.group else None)]
                        continue
                    out += [Found(pos, r, of=of if carried else None)
                            for r in _ratings(label, value, carried, service if not label.group else None)]
            k += 1
            continue
        named = label_of(flat)
        if named and k + 1 < len(rows):
            nxt = rows[k + 1][1].strip()
            joined = f"{nxt} {rows[k + 2][1].strip()}" if k + 2 < len(rows) else nxt
            cell = cell_value(nxt) or (cell_value(joined) if nxt.lower() == "requires" else None)
            if cell:
                if not history:
                    of = note_date(nxt if cell_value(nxt) else joined) if cell[1] else None
                    out += [Found(pos, r, of=of) for r in _ratings(named, cell[0], cell[1])]
                k += 2 if cell_value(nxt) else 3
                # a hospital page's service, "Rating: Good", then its own key questions' table
                service = named.service
                continue
        service = None
        if len(flat) < 70 and not P.RATING_RE.search(flat) and not named:
            history = bool(_HISTORY_HEADING_RE.search(flat)) and not re.search(r"[.,;]$", flat) and len(flat.split()) <= 8
        k += 1
    return out


#: The lines between a service's rating and its key questions' table on a hospital's page.
_SERVICE_BLOCK_LINE_RE = re.compile(
    r"^(?:(?:last\s+)?inspected\s+(?:on\s+)?\d{1,2}\s+[A-Za-z]+\s+\d{4}|key\s+question\s*(?:\||\t|\s{2,})\s*rating"
    rf"|{_KQ_WORDS}\s*(?:\||:|\t|\s{{2,}})\s*(?:inspected\s+but\s+)?not\s+rated)$", re.I)  # "Effective | Not rated" rates nothing
#: A note under rating lines saying they are an earlier inspection's: "(These ratings are from
#: our last inspection, published 3 October 2019.)".
_FROM_LAST_RE = re.compile(
    r"^\(?\s*(?:These|The\s+above|Those)\s+ratings\s+(?:are|were)\s+(?:carried\s+(?:over|forward)\s+)?from\s+(?:our|the)\s+"
    r"(?:last|previous|earlier)\s+(?:[\w-]+\s+)?inspection\b(?P<rest>[^)]*)\)?\.?\)?$", re.I)


#: A note over rating lines, ending in a colon, saying they are a dated earlier inspection's:
#: "Their ratings are from our inspection in June 2019:", "These ratings are from our last
#: inspection, published 3 May 2019:" (a note under the lines is ``_FROM_LAST_RE``'s), also as the
#: last sentence of a paragraph naming the services not inspected ("We did not inspect critical
#: care … at this inspection. The ratings for these services are from our inspection in October 2016:").
_FROM_EARLIER_ABOVE_RE = re.compile(
    # "The ratings for these services are from our inspection in October 2016:"
    r"^(?:(?:Their|These|Those|The\s+following|The\s+services'?)\s+ratings|The\s+ratings\s+(?:for|of)\s+(?:these|those|the\s+other|the\s+remaining)\s+(?:core\s+)?services)"
    r"\s+(?:are|were)\s+(?:carried\s+(?:over|forward)\s+)?"
    r"from\s+(?:our|the)\s+(?:(?:last|previous|earlier)\s+)?(?:[\w-]+\s+)?inspection\b(?P<rest>[^:.]*):$", re.I)


def _lines_above(rows: list[tuple[int, str]], k: int, out: list[Found]) -> list[int]:
    """The indexes in ``out`` of the ratings read from the run of rating lines just above line
    ``k`` (a value on its own line counting with its label's)."""
    at = {f.pos for f in out}
    lines: set[int] = set()
    j = k - 1
    while j >= 0:
        if rows[j][0] in at:
            lines.add(rows[j][0])
        elif not (j > 0 and rows[j - 1][0] in at and _CELL_RE.match(rows[j][1].strip())):
            break
        j -= 1
    return [n for n, f in enumerate(out) if f.pos in lines]


def _service_line(line: str) -> list[tuple[_Label, RatingValue, bool]] | None:
    """A core service's line that goes on with its key questions: "Emergency and urgent care —
    Good. Safe: requires improvement. Effective, caring, responsive and well-led: good."."""
    parts = [p for p in re.split(r"(?<=[.;])\s+", _BULLET_RE.sub("", line).strip()) if p.strip()]
    if len(parts) < 2:
        return None
    first = _pair(parts[0])
    if not first or first[0].service is None:
        return None
    rest = [_pair(p) for p in parts[1:]]
    if any(r is None or r[0].service or r[0].group for r in rest):
        return None
    return [first, *(r for r in rest if r)]


_CELL_SPLIT_RE = re.compile(r"\t|\s*\|\s*|\s{2,}")
_HEADER_WORD_RE = re.compile(rf"^(?:{_KQ_WORDS}|overall(?:\s+rating)?|rating)$", re.I)


def _table_header(line: str) -> list[KeyQuestion] | None:
    """The key questions (and "Overall") a table's header row names in order, its first cell
    perhaps naming the rows ("Service", "Population group"); None unless three or more."""
    cells = [c.strip() for c in _CELL_SPLIT_RE.split(line.strip().strip("|")) if c.strip()]
    if len(cells) == 1:
        # a PDF's text keeps one space between the cells: the words of the header and no others
        words = re.findall(rf"{_KQ_WORDS}|overall", line, re.I)
        rest = re.sub(rf"{_KQ_WORDS}|overall", " ", line, flags=re.I)
        if rest.strip(" \t|") and not re.fullmatch(r"\s*(?:services?|population\s+groups?|core\s+services?|location)\s*", rest, re.I):
            return None
        cells = words
    kqs: list[KeyQuestion] = []
    for j, cell in enumerate(cells):
        if not _HEADER_WORD_RE.match(cell):
            if j == 0 and len(cell) < 40 and not P.RATING_RE.search(cell):
                continue  # the rows' own heading
            return None
        kq = P.key_question(cell) or KeyQuestion.OVERALL
        if cell.lower() == "rating":
            return None
        kqs.append(kq)
    return kqs if len(kqs) >= 3 and len(set(kqs)) == len(kqs) else None


_TRAILING_CELL_RE = re.compile(
    rf"(?:^|[\s|\t]+)(?P<cell>(?:{P.RATING_OR_NONE_ALT}|Requires\s+Improvement)\s*[☆★*{P.CHANGE_ARROWS}]*)\s*$", re.I)


def _row_cells(row: str) -> tuple[str, list[str]]:
    """(label, rating cells) of a table row, the cells read from the right."""
    cells: list[str] = []
    rest = row.rstrip(" |\t")
    while m := _TRAILING_CELL_RE.search(rest):
        cells.insert(0, m.group("cell"))
        rest = rest[: m.start()].rstrip(" |\t")
        if not rest:
            break
    return rest.strip(" |\t"), cells


#: A row label naming a place rather than a service ("Eastshire General Hospital", "Overall
#: trust"): its ratings are that place's, not a service's.
_PLACE_WORDS_RE = re.compile(r"\b(?:hospital|infirmary|trust|centre|center|house|lodge|court|practice|clinic|overall|total)\b", re.I)


#: The header of a table of key questions with the date of each rating: "Key question  Rating
#: Date of rating".
_DATED_HEADER_RE = re.compile(r"^(?:key\s+question|area)(?:\s{2,}|\t|\s*\|\s*)rating(?:\s{2,}|\t|\s*\|\s*)(?:date\s+of\s+rating|date\s+rated|rated\s+on|date)$", re.I)


def _dated_rows(rows: list[tuple[int, str]]) -> tuple[list[Found], int]:
    """The rows under a ``_DATED_HEADER_RE`` header: a key question, its rating and the month it
    was given; a rating dated before the table's latest date is carried over from then."""
    table: list[tuple[int, _Label, RatingValue, PartialDate]] = []
    for pos, row in rows:
        cells = [c.strip() for c in re.split(r"\s{2,}|\t|\s*\|\s*", row.strip().strip("|")) if c.strip()]
        if len(cells) != 3:
            break
        label, cell, when = label_of(cells[0]), cell_value(cells[1]), P.parse_date(cells[2])
        if not (label and cell and when and when.iso):
            break
        table.append((pos, label, cell[0], when))
    latest = max((w.iso or "" for *_x, w in table), default="")
    out = [Found(pos, r, of=when if (when.iso or "") < latest else None)
           for pos, label, value, when in table for r in _ratings(label, value, (when.iso or "") < latest)]
    return out, len(table)


def _row_part(label: str) -> tuple[str | None, str | None] | None:
    """(service, population group) a table row's label names: neither for "Overall" (the
    subject's own row), None for a row naming a place or a sentence (rated by no row reader)."""
    named = label_of(label)
    if named and named.kqs == (KeyQuestion.OVERALL,) and not named.service and not named.group:
        return None, None
    if named and (named.service or named.group):
        return named.service, named.group
    if len(label) <= 80 and not re.search(r"[.;:]", label) and not _PLACE_WORDS_RE.search(label):
        return label[:1].upper() + label[1:], None
    return None


_ROWS_HEADING_RE = re.compile(r"^(?:(?:core\s+)?services?|population\s+groups?|key\s+question|area)$", re.I)


def _column_header(rows: list[tuple[int, str]], k: int) -> tuple[list[KeyQuestion], int] | None:
    """The key questions of a table's header printed one cell per line (a web page's table as
    text: "Service" / "Safe" / "Effective" / … / "Overall"), and the lines it takes; None unless
    three or more, each once."""
    j = k + (1 if _ROWS_HEADING_RE.match(rows[k][1].strip()) else 0)
    kqs: list[KeyQuestion] = []
    while j < len(rows) and _HEADER_WORD_RE.match(rows[j][1].strip()) and rows[j][1].strip().lower() != "rating":
        kqs.append(P.key_question(rows[j][1].strip()) or KeyQuestion.OVERALL)
        j += 1
    if len(kqs) < 3 or len(set(kqs)) != len(kqs) or KeyQuestion.SAFE not in kqs:
        return None
    return kqs, j - k


def _cell_lines(rows: list[tuple[int, str]], j: int, n: int) -> tuple[list[str], int] | None:
    """``n`` rating cells one per line from line ``j`` ("Requires" / "improvement" one cell), and
    the lines they take."""
    cells: list[str] = []
    at = j
    while len(cells) < n and at < len(rows):
        line = rows[at][1].strip()
        if line.lower() == "requires" and at + 1 < len(rows) and rows[at + 1][1].strip().lower() == "improvement":
            line, at = "Requires improvement", at + 1
        if not _CELL_RE.match(line):
            return None
        cells.append(line)
        at += 1
    return (cells, at - j) if len(cells) == n else None


def _column_rows(rows: list[tuple[int, str]], header: list[KeyQuestion]) -> tuple[list[Found], int]:
    """The ratings of a table printed one cell per line under a ``_column_header``: each row its
    label's line and one line for each column."""
    out: list[Found] = []
    j = 0
    while j < len(rows):
        pos, label = rows[j]
        named = label_of(label)
        if _CELL_RE.match(label.strip()) or named and not (named.service or named.group) and label.strip().lower() != "overall":
            break
        got = _cell_lines(rows, j + 1, len(header))
        if got is None:
            break
        cells, used = got
        part = _row_part(label.strip())
        if part is not None:
            for kq, cell in zip(header, cells, strict=True):
                if value := cell_value(cell):
                    out.append(Found(pos, Rating(kq, value[0], service=part[0], population_group=part[1])))
        j += 1 + used
    return out, j


_REQUIRES_RE = re.compile(r"\bRequires\b(?!\s+improvement)", re.I)


def _unwrapped_rows(rows: list[tuple[int, str]]) -> list[tuple[int, str, int]]:
    """(offset, row, lines it takes) of a table's rows as a PDF's text wraps them: a label's line
    with no cells goes on in the next row ("Services for children and" / "young people  Good …"),
    and a line of "improvement" words completes the row's cells that end in "Requires"."""
    out: list[tuple[int, str, int]] = []
    k = 0
    while k < len(rows):
        pos, row = rows[k]
        taken = 1
        nxt = rows[k + 1][1].strip() if k + 1 < len(rows) else ""
        if nxt and nxt[:1].islower() and not _row_cells(row.strip())[1] and (_row_cells(nxt)[1] or _REQUIRES_RE.search(nxt)) \
                and len(row.strip()) < 60:
            row, taken = f"{row.rstrip()} {nxt}", 2
            nxt = rows[k + taken][1].strip() if k + taken < len(rows) else ""
        words = nxt.split()
        if words and all(w.lower() == "improvement" for w in words) and len(_REQUIRES_RE.findall(row)) == len(words):
            row, taken = _REQUIRES_RE.sub("Requires improvement", row), taken + 1
        out.append((pos, row, taken))
        k += taken
    return out


def _table_rows(rows: list[tuple[int, str]], header: list[KeyQuestion]) -> tuple[list[Found], int]:
    """The ratings of the rows under a header: each row a label (a service, a population group,
    "Overall", the location) and one rating cell for each column."""
    out: list[Found] = []
    used = 0
    for pos, row, taken in _unwrapped_rows(rows):
        label, cells = _row_cells(row.strip())
        if len(cells) != len(header) or not label:
            break
        used += taken
        part = _row_part(label)
        if part is None:
            continue
        service, group = part
        for kq, cell in zip(header, cells, strict=True):
            value = cell_value(cell)
            if value:
                out.append(Found(pos, Rating(kq, value[0], service=service, population_group=group)))
    return out, used


# ----------------------------------------------------------------------------- sentences

#: "Well-led remains good", "Effective is rated requires improvement (previously good)".
_KQ_IS_RE = re.compile(
    rf"(?:^|[,;]\s*|\band\s+)\W*(?:the\s+)?(?P<kq>{P.KQ_ALT})\s+(?:key\s+question\s+)?"
    rf"(?P<verb>is\s+(?:now\s+)?rated|was\s+rated|remains(?:\s+rated)?|remained(?:\s+rated)?|is\s+now|has\s+been\s+rated)\s+(?:as\s+)?"
    rf"(?P<value>{P.RATING_ALT})\b(?:\s*\(previously\s+(?P<old>{P.RATING_ALT})\))?", re.I)
#: "The practice's overall rating remains good", "The overall rating remains requires improvement".
_OVERALL_REMAINS_RE = re.compile(
    rf"(?<!trust['’]s\s)(?<!provider['’]s\s)\b(?:the\s+)?(?:(?:service|practice|home|location|hospital|hospice)['’]s\s+)?overall\s+rating\s+(?:remains|remained|stays|is\s+still)\s+"
    rf"(?:rated\s+)?(?:as\s+)?(?P<value>{P.RATING_ALT})\b", re.I)
#: "… now rated as Good overall", "has been rated Outstanding overall".
_NOW_OVERALL_RE = re.compile(rf"\b(?:is\s+now|has\s+(?:now\s+)?been|is)\s+rated\s+(?:as\s+)?(?P<value>{P.RATING_ALT})\s+overall\b", re.I)
#: A further rating a rated sentence gives after a clause of its own: "It was rated Inadequate for
#: being safe because staff were not always recruited safely, and Requires improvement for being
#: well-led".
_AND_FOR_BEING_RE = re.compile(
    rf",\s*and\s+(?P<value>{P.RATING_WRAPPED_ALT})\s+for\s+(?:being\s+|providing\s+)?"
    rf"(?P<kqs>{P.KQ_LIST})\b", re.I)
#: "good in the other three areas", "good for the other key questions".
_OTHER_AREAS_RE = re.compile(
    rf"(?:\b(?:was|were|is)\s+rated\s+(?:as\s+)?|,?\s+(?:but|and)\s+)(?P<value>{P.RATING_WRAPPED_ALT})\s+(?:in|for)\s+(?:all\s+)?the\s+other\s+"
    r"(?:(?P<n>two|three|four|\d)\s+)?(?:areas|key\s+questions)\b", re.I)
#: A key question rated apart from the overall rating after "with": "has been rated Good overall,
#: with Outstanding for caring".
_WITH_FOR_RE = re.compile(
    rf"\brated\s+(?:as\s+)?(?:{P.RATING_WRAPPED_ALT})\s+overall,?\s+with\s+(?:a\s+rating\s+of\s+)?(?P<value>{P.RATING_WRAPPED_ALT})\s+"
    rf"(?:for|in)\s+(?:being\s+)?(?P<kqs>{P.KQ_LIST})\b", re.I)

#: A key question rated apart after "with" or "and" in a sentence rating a service: "rated it
#: good, with outstanding for being caring", "… and requires improvement for being well-led".
_WITH_FOR_BEING_RE = re.compile(rf"\bwith\s+(?P<value>{P.RATING_WRAPPED_ALT})\s+for\s+(?:being\s+)?(?P<kqs>{P.KQ_LIST})", re.I)
_AND_FOR_BEING_ANY_RE = re.compile(rf"\band\s+(?P<value>{P.RATING_WRAPPED_ALT})\s+for\s+(?:being\s+)?(?P<kqs>{P.KQ_LIST})", re.I)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each line, a sentence wrapped over lines joined (``_logical_lines_of``)."""
    return list(_logical_lines_of(text))


@lru_cache(maxsize=64)
def _logical_lines_of(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, line) of each line, a sentence wrapped over lines (a line of 40 characters or more
    ending in a word no sentence ends with, "At our last inspection in" / "June 2017 we rated …")
    joined with the next line by a space, so offsets stay those of the text."""
    out: list[tuple[int, str]] = []
    for pos, line in _lines(text):
        if out and out[-1][0] + len(out[-1][1]) + 1 == pos and len(out[-1][1].rsplit("\n", 1)[-1].strip()) >= 40 \
                and P.wraps_on(out[-1][1], line):
            out[-1] = (out[-1][0], f"{out[-1][1]} {line}")
        else:
            out.append((pos, line))
    return tuple(out)


def _sentences(text: str) -> Iterable[tuple[int, str, int]]:
    """(offset, sentence, its line's offset) of each sentence, lines and full stops ending them
    (a sentence wrapped over lines is one)."""
    for pos, line in _logical_lines(text):
        start = 0
        for part in re.split(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"‘(])", line):
            at = line.find(part, start)
            start = at + len(part)
            if part.strip():
                yield pos + max(at, 0), part.strip(), pos


def _names_other_part(sentence: str) -> bool:
    """Whether a sentence names a core service or a population group, whose ratings are not the
    location's own."""
    return bool(P.CORE_SERVICE_RE.search(sentence)) or any(g.search(sentence) for g in P._GROUP_NAMED_RES) \
        or bool(re.search(r"\bpopulation\s+groups?\b", sentence, re.I))


@dataclass(frozen=True)
class Earlier:
    """Ratings a sentence gives an earlier inspection it dates ("At its previous inspection, in
    2015, the practice was rated Good"); ``published`` when the date is its report's."""

    pos: int
    date: PartialDate
    published: bool
    ratings: tuple[Rating, ...]


#: An earlier rating stated as the subject's previous one: "Its previous rating, following an
#: inspection in February 2022, was requires improvement".
_PREVIOUS_RATING_WAS_RE = re.compile(
    rf"\b(?:its|the|their)\s+previous\s+(?:overall\s+)?rating\b[^.;]{{0,80}}?\b(?:was|of)\s+(?P<value>{P.RATING_ALT})\b", re.I)
#: A year alone as an earlier inspection's date: "At its previous inspection, in 2015, …".
_IN_YEAR_RE = re.compile(r"\bin\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[/-])")
_PUBLISHED_RE = re.compile(r"\b(?:report\s+)?published\b", re.I)


def earlier_ratings(sentence: str, pos: int) -> Earlier | None:
    """The ratings a sentence about an earlier inspection gives it, with the one date it states
    (a sentence with two dates, or none, or a hypothetical, gives nothing).

    >>> e = earlier_ratings("At its previous inspection, in 2015, the practice was rated Good.", 0)
    >>> e.date.iso, [(r.key_question.value, r.value.value) for r in e.ratings]
    ('2015', [('overall', 'good')])
    """
    if re.search(r"\b(?:will|would|could|might|carried|retained|remains?)\b|(?-i:\bmay\b)", sentence, re.I):
        return None
    dates = [start for start, _end, _m in P.iter_dates(sentence)]
    if not dates:
        years = _IN_YEAR_RE.findall(sentence)
        dates = [PartialDate(y, y, Precision.YEAR) for y in years]
    if len({d.iso for d in dates}) != 1 or dates[0].iso is None:
        return None
    stated = [r for r in prose.ratings_in_sentence(sentence) if not r.carried_over]
    if not stated and (m := _PREVIOUS_RATING_WAS_RE.search(sentence)):
        stated = [Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value")))]
    if not stated:
        return None
    published = bool(_PUBLISHED_RE.search(sentence[: sentence.find(dates[0].text)] if dates[0].text in sentence else ""))
    return Earlier(pos, dates[0], published, prose.merge_ratings(stated))


#: A sentence about what may be, or about a grade another body gives (a council, commissioners,
#: Ofsted, an award): no rating of CQC's.
_NOT_CQCS_RE = re.compile(
    r"(?-i:\bmay\b)|\b(?:will|would|could|might|Ofsted|council|commissioners?|Healthwatch|NHS\s+England|integrated\s+care\s+board|ICB|CCG|"
    r"awards?|accredit\w*|grade[ds]?)\b", re.I)
#: A sentence whose subject is the trust or the provider: its rating is the provider's.
_TRUST_SUBJECT_RE = re.compile(r"\b(?:the|this|its)\s+(?:trust|provider)\b(?!['’]s\s+(?:hospital|service|location))|\btrust['’]s\b", re.I)


#: CQC's other verbs for giving a rating, as "rated": "was judged to be good", "awarded the home a
#: rating of outstanding", "given a rating of requires improvement".
_AS_RATED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bjudged\s+(?:to\s+be\s+|as\s+)?(?=(?:" + P.RATING_ALT + r")\b)", re.I), "rated "),
    (re.compile(r"\b(?:awarded|given)\s+(?P<who>(?:the|this|its)\s+(?:[\w-]+\s+){0,2}?(?:service|home|practice|location|hospital|hospice|agency)\s+)"
                r"(?:a|an|the)\s+(?:overall\s+)?rating\s+of\s+", re.I), r"rated \g<who>"),
    (re.compile(r"\b(?:awarded|given)\s+(?:a|an|the)\s+(?:overall\s+)?rating\s+of\s+", re.I), "rated "),
)


def _as_rated(sentence: str) -> str:
    """A sentence with CQC's other rating verbs said as "rated".

    >>> _as_rated("CQC awarded the home a rating of Good.")
    'CQC rated the home Good.'
    """
    for rx, repl in _AS_RATED:
        sentence = rx.sub(repl, sentence)
    return sentence


#: A core service rated by name: "Inspectors rated end of life care as outstanding", "We rated
#: surgery requires improvement".
_RATED_SERVICE_RE = re.compile(
    rf"\brated\s+(?:the\s+)?(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?\s+(?:as\s+)?(?P<value>{P.RATING_ALT})\b", re.I)


#: Key questions of a core service rated in a sentence: "Safe and well-led in surgery were
#: requires improvement", "In maternity, safe was rated inadequate", and the service's other key
#: questions after it: "; all other key questions were good".
_SERVICE_KQS_RATED_RE = re.compile(
    rf"(?:\b(?P<kqs>{P.KQ_LIST})\s+(?:in|for)\s+(?:the\s+)?(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?"
    rf"|\bIn\s+(?:the\s+)?(?P<service2>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?,\s*(?P<kqs2>{P.KQ_LIST}))"
    rf"\s+(?:was|were|is|are)\s+(?:(?:also\s+)?rated\s+)?(?:as\s+)?(?P<value>{P.RATING_WRAPPED_ALT})\b"
    rf"(?:[^.;]*;\s*(?:and\s+)?(?:all\s+)?(?:the\s+)?other\s+key\s+questions\s+(?:were|are)\s+(?:rated\s+)?(?:as\s+)?"
    rf"(?P<others>{P.RATING_WRAPPED_ALT})\b)?", re.I)


def service_kq_ratings(sentence: str) -> list[Rating]:
    """The key question ratings of a core service a sentence gives by naming the service after
    (or before) the key questions.

    >>> [(r.key_question.value, r.value.value) for r in service_kq_ratings(
    ...     "Safe and well-led in surgery were requires improvement; all other key questions were good.")]
    [('safe', 'requires-improvement'), ('well-led', 'requires-improvement'), ('effective', 'good'), ('caring', 'good'), ('responsive', 'good')]
    """
    out: list[Rating] = []
    for m in _SERVICE_KQS_RATED_RE.finditer(" ".join(sentence.split())):
        service = " ".join((m.group("service") or m.group("service2")).split())
        service = service[:1].upper() + service[1:]
        named = [kq for kq in P.key_questions_in(m.group("kqs") or m.group("kqs2")) if kq is not KeyQuestion.OVERALL]
        value = P.rating_word(m.group("value"))
        out += [Rating(kq, value, service=service) for kq in named]
        if m.group("others"):
            other = P.rating_word(m.group("others"))
            out += [Rating(kq, other, service=service) for kq in KeyQuestion
                    if kq is not KeyQuestion.OVERALL and kq not in named]
    return out


def _part_ratings(pos: int, sentence: str) -> list[Found]:
    """The ratings a sentence about the current inspection gives core services ("Surgery, medical
    care and maternity were rated good", "rated end of life care as outstanding") and population
    groups ("rated as outstanding for the care of older people")."""
    if P.parse_rating(sentence) is None or _NOT_CQCS_RE.search(sentence) or prose.is_previous_sentence(sentence) \
            or _HISTORY_RE.search(sentence):
        return []
    out = [*prose.service_ratings_in(sentence), *prose.rated_service_at(sentence), *prose.service_changes_in(sentence)]
    for m in _RATED_SERVICE_RE.finditer(" ".join(sentence.split())):
        service = " ".join(m.group("service").split())
        out.append(Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value")), service=service[:1].upper() + service[1:]))
    out += prose.population_group_ratings(sentence)
    out += service_kq_ratings(sentence)
    when = tuple(d.iso for d, _end, _m in P.iter_dates(sentence) if d.iso)
    return [Found(pos, r, "part", when) for r in prose.merge_ratings(out)]


#: A paragraph about one core service opened by its name and a dash: "Sexual health services –
#: our rating of this service stayed the same. We rated it as outstanding."
_SERVICE_PARAGRAPH_RE = re.compile(rf"^\W*(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?\s+[–—-]\s+\S", re.I)
#: A sentence rating the service its paragraph is about: "We rated it as good", "It was rated
#: good for safe, effective and responsive".
_RATED_IT_RE = re.compile(rf"^(?:We\s+rated\s+it|It\s+(?:was|is|has\s+been)\s+(?:also\s+)?rated)\s+(?:as\s+)?(?P<value>{P.RATING_WRAPPED_ALT})\b", re.I)


def service_paragraph_ratings(text: str) -> list[Found]:
    """The ratings of core services each given in a paragraph opened by the service's name and
    a dash, whose sentences rate "it": the overall rating ("We rated it as requires improvement")
    and the key questions ("It was rated good for safe …, and outstanding for caring")."""
    out: list[Found] = []
    service: str | None = None
    for pos, line in _logical_lines(text):
        m = _SERVICE_PARAGRAPH_RE.match(line)
        if m:
            name = " ".join(m.group("service").split())
            service = name[:1].upper() + name[1:]
        elif not line.strip() or not re.match(r"^\s*(?:It|We)\b", line):
            service = None
        if service is None:
            continue
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line):
            rated = _RATED_IT_RE.search(part.strip())
            if not rated or _HISTORY_RE.search(part) or _NOT_CQCS_RE.search(part):
                continue
            at = pos + max(line.find(part), 0)
            said = [r for r in prose.ratings_in_sentence(part) if r.key_question is not KeyQuestion.OVERALL]
            said += [Rating(kq, P.rating_word(w.group("value")), service=service)
                     for w in _AND_FOR_BEING_RE.finditer(part) for kq in P.key_questions_in(w.group("kqs"))
                     if kq is not KeyQuestion.OVERALL]
            said += [Rating(kq, P.rating_word(w.group("value")))
                     for w in _WITH_FOR_BEING_RE.finditer(part)
                     for kq in P.key_questions_in(w.group("kqs")) if kq is not KeyQuestion.OVERALL]
            said += [Rating(kq, P.rating_word(w.group("value")))
                     for w in _AND_FOR_BEING_ANY_RE.finditer(part)
                     for kq in P.key_questions_in(w.group("kqs")) if kq is not KeyQuestion.OVERALL]
            if not said or re.match(r"^We\s+rated\s+it\s+(?:as\s+)?\S+(?:\s+improvement)?\s*(?:,\s*with\b|\.|$)", part.strip(), re.I):
                said.append(Rating(KeyQuestion.OVERALL, P.rating_word(rated.group("value"))))
            out += [Found(at, dataclasses.replace(r, service=service), "part") for r in prose.merge_ratings(said)]
    return out


def sentence_ratings(text: str) -> tuple[list[Found], list[tuple[int, ChangeStatement]]]:
    """Ratings and changes stated in sentences about the current inspection of the subject: the
    rating verbs of ``prose.ratings_in_sentence`` and "<key question> remains / is rated <value>
    (previously <value>)", "overall rating remains …", "now rated … overall", "… in the other
    three areas". A sentence about an earlier inspection, a core service or a population group
    gives nothing here (services and groups have their own readers)."""
    found: list[Found] = []
    changes: list[tuple[int, ChangeStatement]] = []
    line_at, line_rated = -1, list[Rating]()  # the ratings earlier sentences of the same line gave
    others = scope.other_services_named(P.sentences(text, unwrap=True))
    for pos, s, at in _sentences(text):
        if at != line_at:
            line_at, line_rated = at, []
        found += _part_ratings(pos, s)
        if P.parse_rating(s) is None or _names_other_part(s) or _NOT_CQCS_RE.search(s) or P.CLASS_RATED_RE.search(s):
            continue
        if prose.names_other_service(s, others):
            continue  # a rating of another of the provider's services
        bare = re.sub(r"\(previously\s+[^)]{3,30}\)", "", s, flags=re.I)  # a note on the current rating
        history = prose.is_previous_sentence(bare) or bool(_HISTORY_RE.search(bare))
        extra: list[Rating] = []
        stated_changes: list[tuple[int, ChangeStatement]] = []
        for m in _KQ_IS_RE.finditer(s):
            kq, value = P.key_question(m.group("kq")), P.parse_rating(m.group("value"))
            if not kq or not value:
                continue
            extra.append(Rating(kq, value))
            old = P.parse_rating(m.group("old") or "")
            if old and (change := P.change_between(old, value)):
                stated_changes.append((pos, ChangeStatement(kq, change, old)))
            elif m.group("verb").lower().startswith("remain"):
                stated_changes.append((pos, ChangeStatement(kq, RatingChange.STAYED_THE_SAME, value)))
        for m in _OVERALL_REMAINS_RE.finditer(s):
            value = P.rating_word(m.group("value"))
            extra.append(Rating(KeyQuestion.OVERALL, value))
            stated_changes.append((pos, ChangeStatement(KeyQuestion.OVERALL, RatingChange.STAYED_THE_SAME, value)))
        if re.search(r"\brated\b", s, re.I):
            for m in _AND_FOR_BEING_RE.finditer(s):
                value = P.rating_word(m.group("value"))
                extra += [Rating(kq, value) for kq in P.key_questions_in(m.group("kqs")) if kq is not KeyQuestion.OVERALL]
        for m in _WITH_FOR_RE.finditer(s):
            value = P.rating_word(m.group("value"))
            extra += [Rating(kq, value) for kq in P.key_questions_in(m.group("kqs")) if kq is not KeyQuestion.OVERALL]
        for m in _NOW_OVERALL_RE.finditer(s):
            extra.append(Rating(KeyQuestion.OVERALL, P.rating_word(m.group("value"))))
        if history:
            continue
        changes += stated_changes
        s = _as_rated(s)
        stated = prose.ratings_in(s)
        told, _earlier = prose.changes_in(s)
        stated_changes += [(pos, c) for c in told]
        om = _OTHER_AREAS_RE.search(s)
        if om:
            rated = {r.key_question for r in [*stated, *extra, *line_rated] if r.key_question is not KeyQuestion.OVERALL}
            n = P.number(om.group("n") or "") if om.group("n") else None
            if n is not None and n != 5 - len(rated):
                om = None
        if om:
            value = P.rating_word(om.group("value"))
            stated = [r for r in stated if not (r.key_question is KeyQuestion.OVERALL and r.value is value)]
            extra += [Rating(kq, value) for kq in KeyQuestion if kq is not KeyQuestion.OVERALL and kq not in rated]
        said = [r for r in prose.merge_ratings(stated, extra) if not r.carried_over]
        line_rated += said
        # a key-value line read as a sentence is a line still
        kind = "trust" if _TRUST_SUBJECT_RE.search(s) else "line" if _pairs(s) else "sentence"
        when = tuple(d.iso for d, _end, _m in P.iter_dates(s) if d.iso)
        found += [Found(pos, r, kind, when) for r in said]
    return found, changes


def earlier_in(text: str) -> list[Earlier]:
    """The dated ratings the sentences about earlier inspections give them (``earlier_ratings``)."""
    out: list[Earlier] = []
    for pos, s, _at in _sentences(text):
        if P.parse_rating(s) is None or _names_other_part(s):
            continue
        if (prose.is_previous_sentence(s) or _HISTORY_RE.search(s)) and (e := earlier_ratings(s, pos)):
            out.append(e)
    return out


# ----------------------------------------------------------------------------- merging


def _key(r: Rating) -> tuple[KeyQuestion, str, str]:
    return r.key_question, (r.service or "").lower(), (r.population_group or "").lower()


def _anchors(record: DocumentRecord, text: str, k: int) -> tuple[list[int], list[int]]:
    """Where the text names inspection ``k``'s subject, and where it gives its date."""
    i = record.inspections[k]
    names: list[str] = []
    if i.location is not None and i.location < len(record.locations):
        loc = record.locations[i.location]
        names = [n for n in (loc.name, *loc.alt_names) if n]
    elif i.provider is not None and i.provider < len(record.providers):
        prov = record.providers[i.provider]
        names = [n for n in (prov.name, *prov.alt_names) if n]
    low = text.lower()
    at = sorted(m.start() for n in names for m in re.finditer(re.escape(n.lower()), low))
    dates = [d for d in (i.start_date.text if i.start_date else None, i.dates_text) if d]
    when = sorted(m.start() for d in dates for m in re.finditer(re.escape(d.lower()), low))
    return at, when


def _host(record: DocumentRecord, text: str, pos: int, anchors: dict[int, tuple[list[int], list[int]]]) -> int | None:
    """The current inspection a rating stated at ``pos`` is about: of the subject named last
    before it (the only subject when there is one), the one dated last before it (none when the
    subject has several and none is dated before it)."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if not current:
        return None
    subjects = {(record.inspections[k].location, record.inspections[k].provider) for k in current}
    if len(subjects) > 1:
        named = [(max((a for a in anchors[k][0] if a <= pos), default=-1), k) for k in current]
        best = max(named)
        if best[0] < 0:
            return None
        subject = (record.inspections[best[1]].location, record.inspections[best[1]].provider)
        current = [k for k in current if (record.inspections[k].location, record.inspections[k].provider) == subject]
    if len(current) == 1:
        return current[0]
    dated = [(max((a for a in anchors[k][1] if a <= pos), default=-1), k) for k in current]
    best = max(dated)
    if best[0] >= 0:
        return best[1]
    return None  # several inspections of the subject, none dated before the rating: no guess


#: A line that is a date and nothing else: the heading of a history entry on a location page.
_DATE_LINE_RE = re.compile(r"^\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+(?:19|20)\d\d\s*$")


def _entry_dates(text: str) -> list[tuple[int, str]]:
    """(offset, date) of each line that is a date alone, when there are several (a timeline of
    entries; one date line is a release's or a letter's own date), and of each entry a heading
    dates (``prose.dated_entries``) with its end (offset, "")."""
    out = []
    for pos, line in _lines(text):
        if _DATE_LINE_RE.match(line) and (d := P.parse_date(line)) and d.iso:
            out.append((pos, d.iso))
    if len({iso for _pos, iso in out}) < 2:
        out = []
    # a history's entries headed by their inspection's date and kind ("13 April 2021 – Focused
    # inspection"), one is enough, each up to the next heading, after which the text is no entry's ("")
    for start, end, day in prose.dated_entries(text):
        out += [(start, day.iso or ""), (end, "")]
    return sorted(out)


def _in_entry_of(i: Inspection, entries: list[tuple[int, str]], pos: int) -> bool:
    """Whether the history entry a rating stands in (under the last date line before it), if
    any, is the inspection's: a rating under another entry's date is that entry's."""
    before = [iso for at, iso in entries if at <= pos]
    if not before or not before[-1]:
        return True
    days = [d.iso for d in (i.start_date, i.end_date, i.publication_date, *i.visit_dates) if d and d.iso]
    return any(a.startswith(before[-1]) or before[-1].startswith(a) for a in days)


def _named_places(record: DocumentRecord, text: str) -> list[tuple[int, tuple[int | None, int | None]]]:
    """(offset, subject) of each place the text names a location, or a provider that is an
    inspection's subject (a provider named as the one running a location is not a subject)."""
    low = text.lower()
    subjects = {i.provider for i in record.inspections if i.location is None and i.provider is not None}
    out: list[tuple[int, tuple[int | None, int | None]]] = []
    for n, loc in enumerate(record.locations):
        for name in {x for x in (loc.name, *loc.alt_names) if x and len(x) > 3}:
            out += [(m.start(), (n, None)) for m in re.finditer(re.escape(name.lower()), low)]
    for n, prov in enumerate(record.providers):
        if n in subjects:
            for name in {x for x in (prov.name, *prov.alt_names) if x and len(x) > 3}:
                out += [(m.start(), (None, n)) for m in re.finditer(re.escape(name.lower()), low)]
    return sorted(out, key=lambda x: x[0])


def _about_host(record: DocumentRecord, named: list[tuple[int, tuple[int | None, int | None]]], pos: int, k: int) -> bool:
    """Whether the place named last before ``pos`` (if any) is inspection ``k``'s subject: the
    ratings a provider's page lists under each of its locations are theirs, not the provider's."""
    before = [subject for at, subject in named if at <= pos]
    if not before:
        return True
    i = record.inspections[k]
    if before[-1] == (i.location, None) or before[-1] == (None, i.provider) and i.location is None:
        return True
    # a location named inside a trust's own inspection text (a provider named before it as subject)
    return False


def with_ratings_found(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the ratings and changes the text states in any layout (``line_ratings``,
    ``sentence_ratings``) added to the inspections they are about: a key (key question, service,
    population group) the inspection has is never added again nor changed, and a key the text
    gives two values for, outside history, is left out."""
    if not record.inspections:
        return record
    record = _with_dated_carried(record)
    found = line_ratings(text) + service_paragraph_ratings(text)
    said, changes = sentence_ratings(text)
    found += said
    if not found and not changes and not earlier_in(text):
        return _with_service_in_title(_with_service_carried(record, text), text)
    anchors = {k: _anchors(record, text, k) for k in range(len(record.inspections))}
    values: dict[tuple[int, tuple[KeyQuestion, str, str]], set[RatingValue]] = {}
    placed: list[tuple[int, Rating, str, tuple[str, ...], PartialDate | None, bool]] = []
    named = _named_places(record, text)
    entries = _entry_dates(text)
    for f in sorted(found, key=lambda f: f.pos):
        k = _host(record, text, f.pos, anchors)
        if k is None or not _about_host(record, named, f.pos, k) or not _in_entry_of(record.inspections[k], entries, f.pos):
            continue
        values.setdefault((k, _key(f.rating)), set()).add(f.rating.value)
        placed.append((k, f.rating, f.kind, f.when, f.of, f.published))
    inspections = list(record.inspections)
    for k, r, kind, when, of, published in placed:
        i = inspections[k]
        if not _days(i) and not i.end_date and not i.visit_dates:
            continue  # an inspection the document does not date: which one the rating is of is unsure
        if i.location is None and i.provider is None and kind in ("line", "part"):
            continue  # a table, list or service beside an inspection of no one the text names: whose ratings they are is unsure
        r = _as_held(i, r)
        if kind == "earlier":
            # a list the text gives as a dated earlier inspection's ratings (services not inspected
            # this time): that inspection's alone, not the current one's
            if of is not None and _dated_before(of, i):
                _give_earlier(inspections, (i.location, i.provider), of, (r,), but=k, published=published)
            continue
        if of is not None and r.carried_over and not _dated_before(of, i):
            # a rating dated at this inspection or later ("These ratings are from our last inspection,
            # published <this report's own day>") is this inspection's, not an earlier one's
            r, of, published = dataclasses.replace(r, carried_over=False, date=None), None, False
        same = [x for x in i.ratings if _key(x) == _key(r) and x.value is r.value and not x.carried_over]
        if of is not None and r.carried_over and same and len(values[(k, _key(r))]) == 1:
            # the layout read as current a rating the text says is an earlier inspection's
            carried = dataclasses.replace(same[0], carried_over=True, date=same[0].date or of)
            inspections[k] = i = dataclasses.replace(i, ratings=tuple(carried if x is same[0] else x for x in i.ratings))
            if published:
                _give_earlier(inspections, (i.location, i.provider), of, (dataclasses.replace(r, carried_over=False, date=None),),
                              but=k, published=True)
            continue
        if any(_key(x) == _key(r) for x in i.ratings) or len(values[(k, _key(r))]) > 1:
            continue
        if _held_earlier(record, k, r) or kind != "line" and (_about_services(i) and not (r.service or r.population_group)
                                                              or _a_service_s(i, r)):
            continue
        if kind == "line" and _header_rating(record, i, r):
            continue  # the layout read the line as the subject's current rating, not the inspection's
        if kind == "trust" and i.location is not None:
            continue  # a trust's rating stays on the provider
        if when and not _dated_then(i, when):
            continue  # a sentence dating its rating otherwise speaks of another inspection
        if of is not None and r.carried_over and r.date is None:
            r = dataclasses.replace(r, date=of)
            if published:
                _give_earlier(inspections, (i.location, i.provider), of, (dataclasses.replace(r, carried_over=False, date=None),),
                              but=k, published=True)
        inspections[k] = dataclasses.replace(i, ratings=(*i.ratings, r))
    for pos, c in changes:
        k = _host(record, text, pos, anchors)
        if k is None or any(x.key_question is c.key_question for x in inspections[k].changes):
            continue
        if any(x.service for x in inspections[k].ratings):
            continue  # a report of core services states each one's change in its own section
        if c.previous is not None and not any(x.key_question is c.key_question and x.service is None and x.population_group is None
                                              for x in inspections[k].ratings):
            continue  # the rating the change is of was not the subject's own (a core service's)
        inspections[k] = dataclasses.replace(inspections[k], changes=(*inspections[k].changes, c))
        if c.previous is not None:
            _rate_the_one_before(inspections, k, Rating(c.key_question, c.previous))
    record = _with_dated_carried(dataclasses.replace(record, inspections=tuple(inspections)))
    record = _with_the_same_before(_with_carried(_with_earlier(record, text, anchors), text, anchors), text)
    return _with_service_in_title(_with_service_carried(record, text), text)


#: A location named with one of its core services: "Hartlepool and District Hospital - Maternity".
_SERVICE_IN_TITLE_RE = re.compile(rf"^(?P<place>.{{4,}}?)\s+[-–—]\s+(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?$", re.I)


#: Rating lines that say they rate the place: "Overall rating for this location", "… for this hospital".
_RATES_THE_PLACE_RE = re.compile(r"\brating\s+for\s+this\s+(?:location|hospital)\b", re.I)


def _title_line_of(name: str | None, text: str) -> re.Match[str] | None:
    """The line of ``text`` that names the location ``name`` with one of its core services (the
    report's title, "Hartlepool and District Hospital - Maternity"), when the name read is the
    place alone."""
    if not name:
        return None
    for line in text[:3000].split("\n"):
        m = _SERVICE_IN_TITLE_RE.match(line.strip())
        if m and m.group("place").strip() == name:
            return m
    return None


def _with_service_in_title(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with a location named with one of its core services ("<hospital> - Maternity",
    the title of a report on that one service) named as the place, and its inspections' own
    ratings given to that service: the report rates the service, not the hospital, unless its
    rating lines say they rate the place ("Overall rating for this location")."""
    moved = not _RATES_THE_PLACE_RE.search(text)
    locations = list(record.locations)
    inspections = list(record.inspections)
    for n, loc in enumerate(record.locations):
        m = _SERVICE_IN_TITLE_RE.match(loc.name or "") or _title_line_of(loc.name, text)
        if not m:
            continue
        service = " ".join(m.group("service").split())
        service = service[:1].upper() + service[1:]
        if m.group("place").strip() != loc.name:
            locations[n] = dataclasses.replace(loc, name=m.group("place").strip(), alt_names=(*loc.alt_names, loc.name or ""))
        for k, i in enumerate(inspections):
            if i.location == n and moved:
                held = {r.key_question for r in i.ratings if r.service == service}
                inspections[k] = dataclasses.replace(i, ratings=tuple(
                    dataclasses.replace(r, service=service) if r.service is None and r.population_group is None else r
                    for r in i.ratings if r.service or r.population_group or r.key_question not in held))
    return dataclasses.replace(record, locations=tuple(locations), inspections=tuple(inspections))


def _with_dated_carried(record: DocumentRecord) -> DocumentRecord:
    """``record`` with each carried-over rating that a current inspection dates earlier than
    itself ("Requires improvement (March 2017)", a grid's "Jan 2016" under a row) given to the
    subject's earlier inspection of that date, or to a new one with only that date."""
    inspections = list(record.inspections)
    for k, i in enumerate(record.inspections):
        if i.is_previous:
            continue
        for r in i.ratings:
            if r.carried_over and r.date and r.date.iso and not any(d.startswith(r.date.iso) for d in _days(i)):
                _give_earlier(inspections, (i.location, i.provider), r.date,
                              (dataclasses.replace(r, carried_over=False, date=None),), but=k)
    return dataclasses.replace(record, inspections=tuple(inspections))


def _with_the_same_before(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the rating a current inspection's key question "stayed the same" at given
    to the subject's one earlier inspection too ("Our rating of responsive stayed the same. We
    rated it as outstanding."), when that inspection lacks it and the text states the value
    beside the change (``patterns.SAME_THEN_RATED_RE``)."""
    said = {P.key_question(m.group("kq")) for m in P.SAME_THEN_RATED_RE.finditer(" ".join(text.split()))}
    if not said:
        return record
    inspections = list(record.inspections)
    for k, i in enumerate(record.inspections):
        if i.is_previous:
            continue
        for c in i.changes:
            if c.change is not RatingChange.STAYED_THE_SAME or c.previous is not None or c.key_question not in said:
                continue
            now = [r for r in i.ratings if r.key_question is c.key_question and r.service is None
                   and r.population_group is None and not r.carried_over]
            if len(now) == 1:
                _rate_the_one_before(inspections, k, Rating(c.key_question, now[0].value), of_the_subject=True)
    return dataclasses.replace(record, inspections=tuple(inspections))


def _rate_the_one_before(inspections: list[Inspection], k: int, r: Rating, of_the_subject: bool = False) -> None:
    """The rating a stated change gives the inspection before ("(previously good)", "remains
    good"), given to the subject's one earlier inspection when it has exactly one (and, with
    ``of_the_subject``, when that one rated the subject itself, not only a service of it)."""
    i = inspections[k]
    before = [j for j, x in enumerate(inspections) if x.is_previous and (x.location, x.provider) == (i.location, i.provider)]
    if of_the_subject and before and not any(x.service is None and x.population_group is None for x in inspections[before[0]].ratings):
        return
    if len(before) == 1 and not any(_key(x) == _key(r) for x in inspections[before[0]].ratings):
        inspections[before[0]] = dataclasses.replace(inspections[before[0]], ratings=(*inspections[before[0]].ratings, r))


#: Key questions whose current ratings are an earlier inspection's: "The ratings of safe,
#: effective and caring are from our last comprehensive inspection in June 2018", "The ratings
#: for safe and caring were carried forward from the inspection of 2 October 2018".
_CARRIED_FROM_RE = re.compile(
    rf"\bThe\s+ratings?\s+(?:for|of)\s+(?P<kqs>{P.KQ_LIST})\s+"
    r"(?:are|were|is|was)\s+(?:(?:not\s+\w+\s+and\s+)?(?:are\s+|were\s+)?(?:carried\s+(?:forward|over)\s+)?from|based\s+on)\s+"
    r"(?:our|the)\s+(?:(?:last|previous|earlier)\s+)?(?:[\w-]+\s+)?inspection\b(?P<when>[^.;]*)", re.I)


#: A core service's ratings that are an earlier inspection's: "We did not inspect child and
#: adolescent mental health wards at this inspection. The ratings for that service are from our
#: previous inspection in May 2017", "The ratings for maternity are from our last inspection in …".
_SERVICE_CARRIED_RE = re.compile(
    rf"(?:\bWe\s+did\s+not\s+inspect\s+(?:the\s+)?(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?\b[^.]*\.\s+"
    rf"The\s+ratings?\s+(?:for|of)\s+(?:that|this|the)\s+service|\bThe\s+ratings?\s+(?:for|of)\s+(?:the\s+)?(?P<service2>{P.CORE_SERVICE_RE.pattern})"
    r"(?:\s+services?)?)\s+(?:are|were|is|was)\s+(?:carried\s+(?:over|forward)\s+)?from\s+(?:our|the)\s+(?:last|previous|earlier)\s+"
    r"(?:[\w-]+\s+)?inspection\b(?P<when>[^.;]*)", re.I)


def _with_service_carried(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the ratings of a core service the text says are from a dated earlier
    inspection (``_SERVICE_CARRIED_RE``) marked carried over on the current inspection holding
    them, and given to that earlier inspection."""
    inspections = list(record.inspections)
    for m in _SERVICE_CARRIED_RE.finditer(" ".join(text.split())):
        when = P.parse_date(m.group("when"))
        if when is None or when.iso is None:
            continue
        name = _part_key(m.group("service") or m.group("service2"))
        for k, i in enumerate(record.inspections):
            held = [r for r in i.ratings if r.service and _part_key(r.service) == name and not r.carried_over]
            if i.is_previous or not held or any(d.startswith(when.iso) for d in _days(i)):
                continue
            inspections[k] = dataclasses.replace(inspections[k], ratings=tuple(
                dataclasses.replace(r, carried_over=True, date=r.date or when) if r in held else r for r in inspections[k].ratings))
            _give_earlier(inspections, (i.location, i.provider), when, tuple(dataclasses.replace(r, date=None) for r in held), but=k)
    return dataclasses.replace(record, inspections=tuple(inspections))


def _with_carried(record: DocumentRecord, text: str, anchors: dict[int, tuple[list[int], list[int]]]) -> DocumentRecord:
    """``record`` with the ratings a text says are carried from a dated earlier inspection
    (``_CARRIED_FROM_RE``) marked carried over on the current inspection, and given to that
    earlier inspection (the subject's of that date, or a new one with only that date)."""
    inspections = list(record.inspections)
    for m in _CARRIED_FROM_RE.finditer(" ".join(text.split())):
        when = P.parse_date(m.group("when"))
        if when is None and (y := _IN_YEAR_RE.search(m.group("when"))):
            when = PartialDate(y.group("year"), y.group("year"), Precision.YEAR)
        k = _host(record, text, text.find(m.group(0)[:40]) if m.group(0)[:40] in text else 0, anchors)
        if when is None or when.iso is None or k is None:
            continue
        kqs = set(P.key_questions_in(m.group("kqs")))
        current = inspections[k]
        held = [r for r in current.ratings if r.key_question in kqs and r.service is None and r.population_group is None]
        if not held:
            continue
        inspections[k] = dataclasses.replace(current, ratings=tuple(
            dataclasses.replace(r, carried_over=True) if r in held else r for r in current.ratings))
        _give_earlier(inspections, (current.location, current.provider), when,
                      tuple(Rating(r.key_question, r.value) for r in held), but=k)
    return dataclasses.replace(record, inspections=tuple(inspections))


def _of_subject(i: Inspection, subject: tuple[int | None, int | None]) -> bool:
    """Whether ``i`` is an inspection of ``subject``: its own, or an earlier inspection the layout
    read with no subject ("Following our previous inspection on 2 March 2017, the practice was
    rated good", read before the page's name was known), which is the one the text dates so."""
    return (i.location, i.provider) == subject or (i.is_previous and i.location is None and i.provider is None)


def _with_subject(i: Inspection, subject: tuple[int | None, int | None]) -> Inspection:
    """``i`` given ``subject`` when it has none."""
    if i.location is None and i.provider is None:
        return dataclasses.replace(i, location=subject[0], provider=subject[1])
    return i


def _give_earlier(inspections: list[Inspection], subject: tuple[int | None, int | None], when: PartialDate,
                  ratings: tuple[Rating, ...], but: int | None = None, published: bool = False) -> None:
    """Give ``ratings`` to the subject's earlier inspection of date ``when`` (the keys it lacks),
    or to a new earlier inspection with only that date; an inspection the layout reads as current
    of that date is left as it is."""
    if when.iso is None:
        return
    same = next((j for j, i in enumerate(inspections) if j != but and _of_subject(i, subject)
                 and any(d.startswith(when.iso) for d in _days(i))), None)
    if same is None:
        dated = {"publication_date": when} if published else {"start_date": when}
        inspections.append(Inspection(location=subject[0], provider=subject[1], is_previous=True, ratings=ratings,
                                      **dated))  # type: ignore[arg-type]
    elif inspections[same].is_previous:
        inspections[same] = _with_subject(inspections[same], subject)
        have = {_key(r) for r in inspections[same].ratings}
        inspections[same] = dataclasses.replace(inspections[same], ratings=inspections[same].ratings + tuple(
            r for r in ratings if _key(r) not in have))


def _with_earlier(record: DocumentRecord, text: str, anchors: dict[int, tuple[list[int], list[int]]]) -> DocumentRecord:
    """``record`` with the ratings of the earlier inspections its sentences date: added to the
    inspection of the same subject and date (the keys it lacks), or to a new earlier inspection
    of that subject with only that date."""
    inspections = list(record.inspections)
    for e in earlier_in(text):
        k = _host(record, text, e.pos, anchors)
        if k is None:
            continue
        subject = (inspections[k].location, inspections[k].provider)
        same = next((j for j, i in enumerate(inspections)
                     if _of_subject(i, subject) and any(d.startswith(e.date.iso or "?") for d in _days(i))), None)
        if same is None:
            dated = {"publication_date": e.date} if e.published else {"start_date": e.date}
            inspections.append(Inspection(location=subject[0], provider=subject[1], is_previous=True,
                                          ratings=e.ratings, **dated))  # type: ignore[arg-type]
            continue
        if not inspections[same].is_previous or e.date.iso not in _days(inspections[same]):
            continue  # an inspection the layout reads in its own entry, or dated more exactly
        inspections[same] = _with_subject(inspections[same], subject)
        held = {_key(r) for r in inspections[same].ratings}
        fresh = tuple(r for r in e.ratings if _key(r) not in held and not _a_service_read_bare(inspections[same], r))
        if fresh:
            inspections[same] = dataclasses.replace(inspections[same], ratings=inspections[same].ratings + fresh)
    return dataclasses.replace(record, inspections=tuple(inspections))


def _a_service_read_bare(i: Inspection, r: Rating) -> bool:
    """Whether ``r``, of no service, is a rating ``i`` already holds as one service's, read again
    without its service: ``i`` rates only services, and one of them with ``r``'s key question
    and value ("We previously inspected this service … and rated it good overall" in a core
    service's section)."""
    if r.service is not None or r.population_group is not None or any(x.service is None and x.population_group is None for x in i.ratings):
        return False
    return sum(1 for x in i.ratings if x.service and x.key_question is r.key_question and x.value is r.value) == 1


def _part_key(name: str) -> str:
    """A service's or group's name as compared: letters and digits only, a remark in brackets dropped."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\s*\([^)]*\)", "", name.lower()))


def _as_held(i: Inspection, r: Rating) -> Rating:
    """``r`` with its service or group named as the inspection already names it ("Medical care"
    for "Medical care (including older people's care)", "long term" for "long-term")."""
    def same(mine: str | None, theirs: str | None) -> bool:
        return bool(mine and theirs and mine != theirs and _part_key(mine) == _part_key(theirs))
    for x in i.ratings:
        if same(r.service, x.service):
            return dataclasses.replace(r, service=x.service)
        if same(r.population_group, x.population_group):
            return dataclasses.replace(r, population_group=x.population_group)
    return r


def _dated_then(i: Inspection, when: tuple[str, ...]) -> bool:
    """Whether one of the dates a sentence states is the inspection's (to the precision either
    gives), or the inspection is not dated at all."""
    days = [d.iso for d in (i.start_date, i.end_date, i.publication_date, *i.visit_dates) if d and d.iso]
    return not days or any(a.startswith(b) or b.startswith(a) for a in days for b in when)


def _dated_before(when: PartialDate, i: Inspection) -> bool:
    """Whether ``when`` is before inspection ``i`` began (its first visit, else its report's
    publication), to the precision both are written; an undated inspection is taken as later."""
    first = min((d.iso for d in (i.start_date, *i.visit_dates) if d and d.iso), default=None) or \
        (i.publication_date.iso if i.publication_date else None)
    if not first or not when.iso:
        return True
    size = min(len(first), len(when.iso))
    return when.iso[:size] < first[:size]


def _days(i: Inspection) -> list[str]:
    """The days (as written, to their precision) an inspection is dated by: its start, its report's publication."""
    return [d.iso for d in (i.start_date, i.publication_date) if d and d.iso]


def _header_rating(record: DocumentRecord, i: Inspection, r: Rating) -> bool:
    """Whether an overall rating is the one the layout gave the inspection's subject as its current
    rating (a page header's "Overall: Good") while giving the inspection none."""
    if r.key_question is not KeyQuestion.OVERALL or r.service or r.population_group:
        return False
    subject = record.locations[i.location] if i.location is not None and i.location < len(record.locations) else \
        record.providers[i.provider] if i.provider is not None and i.provider < len(record.providers) else None
    return subject is not None and subject.current_overall_rating is r.value


def _about_services(i: Inspection) -> bool:
    """Whether the layout read an inspection as one of core services alone (a release or page
    about one service), whose "we rated it" sentences are the service's, not the location's."""
    return any(r.service for r in i.ratings) and not any(r.service is None and r.population_group is None for r in i.ratings)


def _a_service_s(i: Inspection, r: Rating) -> bool:
    """Whether the layout read the same rating as a core service's (a release about one service
    saying "effective remains good")."""
    return r.service is None and r.population_group is None and any(
        x.service and x.key_question is r.key_question and x.value is r.value for x in i.ratings)


def _held_earlier(record: DocumentRecord, k: int, r: Rating) -> bool:
    """Whether a rating is one the layout gave an earlier inspection of the same subject: the
    passage is history read again (a letter quoting the ratings of the inspection before)."""
    i = record.inspections[k]
    return any(j.is_previous and (j.location, j.provider) == (i.location, i.provider)
               and any(_key(x) == _key(r) and x.value is r.value for x in j.ratings)
               for j in record.inspections)


__all__ = ["Found", "cell_value", "label_of", "line_ratings", "sentence_ratings", "with_ratings_found"]
