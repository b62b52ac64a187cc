"""The table of past inspections a location's profile page prints under "Inspection history",
one inspection a row: its day or days, the kind of inspection or report, the day its report was
published and its overall rating, in columns set apart by spaces ("1 and 3 December 2020   5
February 2021    Inadequate", "2 February 2022   Focused inspection   Published 17 March 2022
Good", "02 April 2019  Inspection report  Overall: Good").

``rows`` reads the table; ``with_history_rows`` gives each row to the inspection of the same day
(or of the same publication day) the page's other parts read, or adds it. (``history_table``
reads the tables of inspections that rate the key questions as well.) Imports the standard
library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import Inspection, KeyQuestion, PartialDate, Rating

#: The table's heading, alone on its line.
_HEADING_RE = re.compile(r"^[ \t]*Inspection history[ \t]*$", re.I | re.M)
#: The table's head of columns ("Date of inspection   Report published   Overall rating").
_COLUMNS_RE = re.compile(r"^[ \t]*Date(?: of inspection)?[ \t]{2,}(?:Report )?published\b", re.I)
#: The row's last cell: its overall rating, "Overall: Good" or the rating alone.
_RATING_END_RE = re.compile(rf"(?:Overall(?: rating)?:?[ \t]*)?(?P<value>{P.RATING_ALT})[ \t]*$", re.I)


@dataclasses.dataclass(frozen=True)
class Row:
    """One row of the table: the inspection's first and last day, its report's publication day
    and its overall rating, each None when the row does not give it."""

    start: PartialDate
    end: PartialDate | None
    published: PartialDate | None
    overall: Rating | None


def rows(text: str) -> list[Row]:
    """The rows of the "Inspection history" table of ``text``: the lines after its heading (and
    its head of columns) that open with a date, up to the first line that does not.

    >>> [(r.start.iso, r.published.iso, r.overall.value.value) for r in rows(
    ...     "Inspection history\\n\\nDate of inspection   Report published   Overall rating\\n"
    ...     "1 and 3 December 2020   5 February 2021   Inadequate\\n\\nThe next section")]
    [('2020-12-01', '2021-02-05', 'inadequate')]
    """
    heading = _HEADING_RE.search(text)
    if not heading:
        return []
    out: list[Row] = []
    dated_column = False  # the head names the first column the inspection's date
    for line in text[heading.end():].split("\n"):
        line = line.strip()
        if not line or _COLUMNS_RE.match(line) and not out:
            if out:
                break
            dated_column = dated_column or bool(_COLUMNS_RE.match(line))
            continue
        found = list(P.iter_dates(line))
        if not found or found[0][2].start() > 0:
            break  # a line that opens with no date ends the table
        start, end, _m = found[0]
        published = found[1][0] if len(found) > 1 and found[1][1] is None else None
        if published is None and not dated_column:
            continue  # one date alone may be the report's, not the inspection's
        rating = _RATING_END_RE.search(line)
        value = P.parse_rating(rating.group("value")) if rating else None
        out.append(Row(start, end, published, Rating(KeyQuestion.OVERALL, value) if value else None))
    return out


def _same_day(a: PartialDate | None, b: PartialDate | None) -> bool:
    return bool(a and b and a.iso and a.iso == b.iso)


def with_history_rows(inspections: list[Inspection], text: str, location: int | None) -> list[Inspection]:
    """``inspections`` with what the history table's rows state: each row's days, publication
    and overall rating given to the inspection of its first day or of its publication day where
    the inspection lacks them, else an inspection of its own (an earlier one when another row is
    above it); a rating an inspection has already read stays its own."""
    out = list(inspections)
    for k, row in enumerate(rows(text)):
        at = next((n for n, i in enumerate(out) if _same_day(i.start_date, row.start)), None)
        if at is None:
            at = next((n for n, i in enumerate(out) if i.start_date is None and _same_day(i.publication_date, row.published)), None)
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


__all__ = ["Row", "rows", "with_history_rows"]
