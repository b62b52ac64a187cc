"""A page's table of its past inspections, one inspection a row, in four shapes.

A table of the inspections' ratings gives the ratings of each earlier inspection it lists, on that
inspection (``with_history_table``):

::

    Rating history

    Inspection            Published          Overall                Safe   Effective  Caring  …
    29 August 2023        10 November 2023   Requires improvement   RI     Good*      Good*   …
    4 May 2021            22 June 2021       Good                   Good   Good       Good    …

    RI = Requires improvement. * = rating from a previous inspection (not inspected this time).

The header names the overall rating and at least three key questions, after the inspection's
date and, if any, its publication's; cells stand apart by two spaces or more, and a row is read
only when it has as many cells as the header. A value is a rating's name or an abbreviation the
page's key defines ("RI = Requires improvement"); a value marked as the key marks a rating kept
from an earlier inspection ("*") is carried over. The row of the inspection now reported adds only
what that inspection lacks; an earlier row's ratings go to the earlier inspection of that day, or
to a new one with the row's days and publication.

A key question table with a previous column gives the current and the earlier ratings
(``with_key_question_table``); a list of earlier inspections, a line each, gives each line's overall
rating (``with_listed_inspections``); the "Inspection history" table of a location's profile page
gives each row's days, kind, publication and overall rating (``history_rows``,
``with_history_rows``).

A row's cells are split by ``patterns.cells``; the table of ratings and the list read a row's days
with ``_days``; the table of ratings, the list and the "Inspection history" table find the
inspection of a row's first day or publication with ``_at`` (among the subject's inspections, and
with the "Inspection history" table a day first, then a publication of an undated inspection). What
a row then gives the inspection it finds, or the one it adds, stays each shape's own: the table of
ratings and the list add each key question the inspection lacks and make a new inspection an
earlier one with its visit days; the "Inspection history" table also gives a found inspection its
days, rates only one that lacks an overall rating, and makes its first row's inspection a current
one. Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, PartialDate, Rating, RatingValue

#: The column of the inspection's date, and of its report's publication.
_DATE_HEAD_RE = re.compile(r"^(?:inspection(?:\s+date)?|date(?:\s+of\s+inspection)?|inspected|visit(?:\s+date)?)$", re.I)
_PUBLISHED_HEAD_RE = re.compile(r"^(?:(?:report\s+)?published|publication(?:\s+date)?|date\s+published)$", re.I)
#: The page's key to its abbreviations: "RI = Requires improvement", "RI: requires improvement".
_ABBREVIATION_RE = re.compile(rf"\b(?P<abbr>[A-Z]{{1,4}})\s*[=:]\s*(?P<value>{P.RATING_ALT})\b", re.I)
#: The key's mark of a rating kept from an earlier inspection: "* = rating from a previous inspection".
_KEPT_MARK_RE = re.compile(r"(?P<mark>[*†‡])\s*[=:]?\s*(?:the\s+)?rating\s+(?:from|carried\s+over\s+from|of)\s+(?:a|an|the|our)\s+"
                           r"(?:previous|earlier|last)\s+inspection", re.I)


#: Whose inspections a record's table gives: ``(location, provider)`` indexes, the one location
#: or else the one provider of the record.
Subject = tuple[int | None, int | None]


def _subject(record: DocumentRecord) -> Subject | None:
    """The record's one location ``(0, None)``, else its one provider ``(None, 0)``, else None."""
    return (0, None) if len(record.locations) == 1 else (None, 0) if not record.locations and len(record.providers) == 1 else None


def _days(text: str) -> tuple[PartialDate, ...]:
    """The days a row's date states: each of days joined by "and", else the first date (a range
    gives its start), else none.

    >>> [d.iso for d in _days("11 and 12 July 2018")], [d.iso for d in _days("4 to 6 May 2021")]
    (['2018-07-11', '2018-07-12'], ['2021-05-04'])
    """
    return P.joined_days(text) or tuple(d for d in (P.parse_date(text),) if d)


def _same_day(a: PartialDate | None, b: PartialDate | None) -> bool:
    return bool(a and b and a.iso and a.iso == b.iso)


def _of_subject(i: Inspection, subject: Subject) -> bool:
    """Whether inspection ``i`` is the subject's, or no one's in particular."""
    return (i.location, i.provider) in (subject, (None, None))


def _at(inspections: list[Inspection], first: PartialDate | None, published: PartialDate | None,
        subject: Subject | None = None, undated: bool = False) -> int | None:
    """The index of the first inspection (of ``subject``, when given) that began on ``first`` or
    whose report was published on ``published`` (with ``undated``, only an inspection of no first
    day is found by its publication), or None."""
    return next((j for j, i in enumerate(inspections)
                 if (subject is None or _of_subject(i, subject))
                 and (_same_day(i.start_date, first)
                      or (not undated or i.start_date is None) and _same_day(i.publication_date, published))), None)


def with_history_table(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the ratings its table of inspections gives each row's inspection (see the
    module's docstring), none replacing a rating the record holds.

    >>> from cqcgraph.records import Location
    >>> page = ("Inspection       Overall   Safe   Effective   Caring   Responsive   Well-led\\n"
    ...         "4 May 2021       Good      Good   Good        Good     Good         Good\\n")
    >>> r = with_history_table(DocumentRecord("location-page", locations=(Location(name="Oak House"),)), page)
    >>> [(i.start_date.iso, len(i.ratings)) for i in r.inspections]
    [('2021-05-04', 6)]
    """
    if "overall" not in text.lower() or len(record.locations) + len(record.providers) == 0:
        return record
    lines = text.split("\n")
    for n, line in enumerate(lines):
        columns = _header(line)
        if columns is not None:
            return _with_rows(record, text, columns, lines[n + 1:])
    return record


def _header(line: str) -> list[str | KeyQuestion] | None:
    """The columns a table's header line names ("date", "published", or a key question), or None
    for a line that is no such header."""
    cells = P.cells(line)
    if len(cells) < 2 or not _DATE_HEAD_RE.match(cells[0]):
        return None
    columns: list[str | KeyQuestion] = ["date"]
    for cell in cells[1:]:
        if _PUBLISHED_HEAD_RE.match(cell):
            columns.append("published")
        elif cell.lower() in ("overall", "overall rating"):
            columns.append(KeyQuestion.OVERALL)
        elif (kq := P.key_question(cell)) is not None and len(cell.split()) <= 4:
            columns.append(kq)
        else:
            return None
    rated = [c for c in columns if isinstance(c, KeyQuestion)]
    if KeyQuestion.OVERALL not in rated or len(rated) not in (1, 4, 5, 6) or len(set(rated)) != len(rated):
        return None  # the overall rating alone ("Date   Overall rating"), or with the key questions
    return columns


def _with_rows(record: DocumentRecord, text: str, columns: list[str | KeyQuestion], rows: list[str]) -> DocumentRecord:
    subject = _subject(record)
    if subject is None:
        return record
    abbreviations = {m.group("abbr"): P.parse_rating(m.group("value")) for m in _ABBREVIATION_RE.finditer(text)
                     if m.group("abbr").isupper()}
    kept = {m.group("mark") for m in _KEPT_MARK_RE.finditer(text)}
    inspections = list(record.inspections)
    started = False
    for row in rows:
        if not row.strip():
            if started:
                break
            continue
        started = True
        cells = P.cells(row)
        if len(cells) != len(columns):
            break
        days = _days(cells[0])
        if not days:
            break
        published = P.parse_date(cells[columns.index("published")]) if "published" in columns else None
        ratings = []
        for column, cell in zip(columns, cells, strict=True):
            if isinstance(column, KeyQuestion):
                rating = _cell_rating(column, cell, abbreviations, kept)
                if rating is None:
                    break
                ratings.append(rating)
        else:
            _place(inspections, subject, days, published, tuple(ratings))
    return dataclasses.replace(record, inspections=tuple(inspections))


def _cell_rating(kq: KeyQuestion, cell: str, abbreviations: dict[str, RatingValue | None],
                 kept: set[str]) -> Rating | None:
    mark = cell[-1] if cell and cell[-1] in kept else ""
    word = cell[:-1].strip() if mark else cell
    value = abbreviations.get(word) or P.parse_rating(word)
    if value is None or (P.parse_rating(word) is None and word not in abbreviations):
        return None
    return Rating(kq, value, carried_over=bool(mark))


def _place(inspections: list[Inspection], subject: Subject, days: tuple[PartialDate, ...],
           published: PartialDate | None, ratings: tuple[Rating, ...]) -> None:
    """Add a row's ratings to the inspection of its first day or its publication (the keys it
    lacks), else as a new earlier inspection of the row's days and publication."""
    first = days[0] if days else None
    j = _at(inspections, first, published, subject)
    if j is not None:
        i = inspections[j]
        held = {(r.key_question, r.service, r.population_group) for r in i.ratings}
        fresh = tuple(r for r in ratings if (r.key_question, None, None) not in held)
        inspections[j] = dataclasses.replace(i, ratings=i.ratings + fresh, publication_date=i.publication_date or published)
        return
    day = bool(first and first.precision.value == "day")
    inspections.append(Inspection(location=subject[0], provider=subject[1], is_previous=True, start_date=first,
                                  end_date=days[-1] if day else None, visit_dates=days if day else (),
                                  publication_date=published,
                                  ratings=ratings))


#: A page's list of its earlier inspections, a line each, under its heading: "Previous
#: inspections" / "Inspection on 4 July 2019 - Rated Requires improvement", "Inspection history" /
#: "15 June 2017   Inspection report   Overall: Requires improvement".
_LIST_HEADING_RE = re.compile(r"^[ \t]*(?:Previous|Past|Earlier|Older)\s+(?:inspections?|ratings?|reports?)[ \t]*:?[ \t]*$"
                              r"|^[ \t]*(?:Inspection|Rating|Ratings)\s+history[ \t]*:?[ \t]*$", re.I | re.M)
_LISTED_RATING_RE = re.compile(rf"(?:\brated|\boverall(?:\s+rating)?\s*:|\s[-–]|\s{{2,}})[ \t]*(?P<value>{P.RATING_ALT})[ \t.]*$", re.I)


_REPORT_WORD_RE = re.compile(r"\breport\b|\bpublished\b", re.I)


def with_listed_inspections(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the overall rating each line of a page's list of inspections gives the
    inspection of its day (see ``_LIST_HEADING_RE``): on that inspection, or a new earlier one;
    the line of the inspection now reported adds only what it lacks.

    >>> from cqcgraph.records import Location
    >>> page = "Previous inspections\\n\\nInspection on 4 July 2019 - Rated Requires improvement\\n"
    >>> r = with_listed_inspections(DocumentRecord("location-page", locations=(Location(name="Oak House"),)), page)
    >>> [(i.start_date.iso, i.ratings[0].value.value) for i in r.inspections]
    [('2019-07-04', 'requires-improvement')]
    """
    subject = _subject(record)
    heading = _LIST_HEADING_RE.search(text) if subject else None
    if heading is None or subject is None:
        return record
    inspections = list(record.inspections)
    started = False
    for line in text[heading.end():].split("\n")[1:]:
        if not line.strip():
            if started:
                break
            continue
        started = True
        m = _LISTED_RATING_RE.search(line)
        dates = [d for d, _end, _m in P.iter_dates(line[:m.start()] if m else line) if d.iso]
        if not m or not dates or len({d.iso for d in dates}) > 2:
            break
        value = P.parse_rating(m.group("value"))
        if value is None:
            break
        if _REPORT_WORD_RE.search(line[:m.start()]):
            # "02 April 2019  Inspection report  Overall: Good": the day a report was published,
            # which dates no inspection; only one already known by that publication is rated
            for j, i in enumerate(inspections):
                if _same_day(i.publication_date, dates[0]) and _of_subject(i, subject) \
                        and KeyQuestion.OVERALL not in _own_keys(i):
                    inspections[j] = dataclasses.replace(i, ratings=(*i.ratings, Rating(KeyQuestion.OVERALL, value)))
                    break
            continue
        days = _days(line[:m.start()])  # the line's first date when no days are joined: ``dates[0]``
        _place(inspections, subject, days, None, (Rating(KeyQuestion.OVERALL, value),))
    return dataclasses.replace(record, inspections=tuple(inspections))


#: A table of the key questions with their current and earlier ratings: "Key question   Rating
#: Score   Previous rating" over "Safe   Requires improvement   50%   Good".
_KQ_HEAD_RE = re.compile(r"^(?:key\s+questions?|area|domain)$", re.I)
_NOW_HEAD_RE = re.compile(r"^(?:(?:current|latest|new)\s+)?rating$", re.I)
_THEN_HEAD_RE = re.compile(r"^(?:previous(?:ly)?|previous\s+rating|last\s+rating|rating\s+before|earlier\s+rating)$", re.I)
_SCORE_HEAD_RE = re.compile(r"^(?:score|percentage|score\s*\(%\))$", re.I)


def with_key_question_table(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the ratings a table of key questions gives (``_KQ_HEAD_RE`` over rows of
    a key question, its rating, maybe its score, and its previous rating): each current rating
    the one current inspection lacks, and each previous one on the latest earlier inspection of
    its subject (a new undated one when the record has none), never on the current one.

    >>> from cqcgraph.records import Location
    >>> page = ("Key question   Rating   Score   Previous rating\\n"
    ...         "Safe           Good     70%     Requires improvement\\n")
    >>> r = DocumentRecord("assessment", locations=(Location(name="Oak House"),), inspections=(Inspection(location=0),))
    >>> [[(x.key_question.value, x.value.value) for x in i.ratings] for i in with_key_question_table(r, page).inspections]
    [[('safe', 'good')], [('safe', 'requires-improvement')]]
    """
    low = text.lower()
    if "previous" not in low and "last rating" not in low:
        return record
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if len(current) != 1:
        return record
    lines = text.split("\n")
    for n, line in enumerate(lines):
        cells = P.cells(line)
        if len(cells) < 3 or not _KQ_HEAD_RE.match(cells[0]):
            continue
        kinds = ["kq"] + ["now" if _NOW_HEAD_RE.match(c) else "then" if _THEN_HEAD_RE.match(c)
                          else "score" if _SCORE_HEAD_RE.match(c) else "?" for c in cells[1:]]
        if "?" in kinds or kinds.count("now") != 1 or kinds.count("then") != 1:
            continue
        now_rated, then_rated = _key_question_rows(lines[n + 1:], kinds)
        return _placed_now_and_then(record, current[0], now_rated, then_rated)
    return record


def _key_question_rows(rows: list[str], kinds: list[str]) -> tuple[list[Rating], list[Rating]]:
    now_rated: list[Rating] = []
    then_rated: list[Rating] = []
    for row in rows:
        if not row.strip():
            if now_rated:
                break
            continue
        cells = P.cells(row)
        named = cells[0].lower() if cells else ""
        kq = KeyQuestion.OVERALL if named in ("overall", "overall rating") else P.key_question(cells[0]) if cells else None
        if kq is None or len(cells) != len(kinds) or len(cells[0].split()) > 5:
            break
        for kind, cell in zip(kinds, cells, strict=True):
            value = P.parse_rating(cell) if kind in ("now", "then") else None
            if value is not None:
                (now_rated if kind == "now" else then_rated).append(Rating(kq, value))
    return now_rated, then_rated


def _placed_now_and_then(record: DocumentRecord, k: int, now_rated: list[Rating], then_rated: list[Rating]) -> DocumentRecord:
    inspections = list(record.inspections)
    now = inspections[k]
    held = _own_keys(now)
    fresh = tuple(r for r in now_rated if r.key_question not in held)
    if fresh:
        inspections[k] = now = dataclasses.replace(now, ratings=now.ratings + fresh)
    if not then_rated:
        return dataclasses.replace(record, inspections=tuple(inspections))
    first = _day(now)
    earlier = [j for j, i in enumerate(inspections) if i.is_previous and (i.location, i.provider) == (now.location, now.provider)
               and (not first or not _day(i) or _day(i) < first)]
    if not earlier:
        inspections.append(Inspection(location=now.location, provider=now.provider, is_previous=True, ratings=tuple(then_rated)))
    else:
        j = max(earlier, key=lambda j: _day(inspections[j]))
        held = _own_keys(inspections[j])
        add = tuple(r for r in then_rated if r.key_question not in held)
        inspections[j] = dataclasses.replace(inspections[j], ratings=inspections[j].ratings + add)
    return dataclasses.replace(record, inspections=tuple(inspections))


def _own_keys(i: Inspection) -> set[KeyQuestion]:
    """The key questions inspection ``i`` rates for itself, not for one of its services or
    population groups."""
    return {r.key_question for r in i.ratings if not r.service and not r.population_group}


def _day(i: Inspection) -> str:
    """An inspection's first day as ISO text ("" when undated)."""
    first = i.start_date or i.publication_date
    return first.iso if first and first.iso else ""


#: The "Inspection history" table of a location's profile page, one inspection a row: its day or
#: days, the kind of inspection or report, the day its report was published and its overall
#: rating, in columns set apart by spaces ("1 and 3 December 2020   5 February 2021    Inadequate",
#: "2 February 2022   Focused inspection   Published 17 March 2022   Good", "02 April 2019
#: Inspection report  Overall: Good"). Its row is read from the line's dates and its last words,
#: not cell by cell as the tables above: its columns vary from row to row (a kind of inspection or
#: none, "Published" before a day, "Overall:" before a rating).

#: The table's heading, alone on its line.
_HISTORY_HEADING_RE = re.compile(r"^[ \t]*Inspection history[ \t]*$", re.I | re.M)
#: The table's head of columns ("Date of inspection   Report published   Overall rating").
_HISTORY_COLUMNS_RE = re.compile(r"^[ \t]*Date(?: of inspection)?[ \t]{2,}(?:Report )?published\b", re.I)
#: The row's last cell: its overall rating, "Overall: Good" or the rating alone.
_HISTORY_RATING_RE = re.compile(rf"(?:Overall(?: rating)?:?[ \t]*)?(?P<value>{P.RATING_ALT})[ \t]*$", re.I)


@dataclasses.dataclass(frozen=True)
class HistoryRow:
    """One row of the table: the inspection's first and last day, its report's publication day
    and its overall rating, each None when the row does not give it."""

    start: PartialDate
    end: PartialDate | None
    published: PartialDate | None
    overall: Rating | None


def history_rows(text: str) -> list[HistoryRow]:
    """The rows of the "Inspection history" table of ``text``: the lines after its heading (and
    its head of columns) that open with a date, up to the first line that does not.

    >>> [(r.start.iso, r.published.iso, r.overall.value.value) for r in history_rows(
    ...     "Inspection history\\n\\nDate of inspection   Report published   Overall rating\\n"
    ...     "1 and 3 December 2020   5 February 2021   Inadequate\\n\\nThe next section")]
    [('2020-12-01', '2021-02-05', 'inadequate')]
    """
    heading = _HISTORY_HEADING_RE.search(text)
    if not heading:
        return []
    out: list[HistoryRow] = []
    dated_column = False  # the head names the first column the inspection's date
    for line in text[heading.end():].split("\n"):
        line = line.strip()
        if not line or _HISTORY_COLUMNS_RE.match(line) and not out:
            if out:
                break
            dated_column = dated_column or bool(_HISTORY_COLUMNS_RE.match(line))
            continue
        found = list(P.iter_dates(line))
        if not found or found[0][2].start() > 0:
            break  # a line that opens with no date ends the table
        start, end, _m = found[0]
        published = found[1][0] if len(found) > 1 and found[1][1] is None else None
        if published is None and not dated_column:
            continue  # one date alone may be the report's, not the inspection's
        rating = _HISTORY_RATING_RE.search(line)
        value = P.parse_rating(rating.group("value")) if rating else None
        out.append(HistoryRow(start, end, published, Rating(KeyQuestion.OVERALL, value) if value else None))
    return out


def with_history_rows(inspections: list[Inspection], text: str, location: int | None) -> list[Inspection]:
    """``inspections`` with what the history table's rows state: each row's days, publication
    and overall rating given to the inspection of its first day or of its publication day where
    the inspection lacks them, else an inspection of its own (an earlier one when another row is
    above it); a rating an inspection has already read stays its own."""
    out = list(inspections)
    for k, row in enumerate(history_rows(text)):
        at = _at(out, row.start, None)
        if at is None:
            at = _at(out, None, row.published, undated=True)
        if at is None:
            out.append(Inspection(location=location, start_date=row.start, end_date=row.end, publication_date=row.published,
                                  ratings=(row.overall,) if row.overall else (), is_previous=k > 0))
            continue
        i = out[at]
        has_overall = any(r.key_question is KeyQuestion.OVERALL and not r.service for r in i.ratings)
        out[at] = dataclasses.replace(
            i, start_date=i.start_date or row.start, end_date=i.end_date or row.end,
            publication_date=i.publication_date or row.published,
            ratings=i.ratings if has_overall or not row.overall else prose.merge_ratings(i.ratings, [row.overall]))
    return out


__all__ = ["HistoryRow", "history_rows", "with_history_rows", "with_history_table", "with_key_question_table",
           "with_listed_inspections"]
