"""The days an inspection was on site, where the text says them apart from the span it gives:
a trust's inspection stated in parts (its core services visited over a few days, its well-led
review on others: every day of each part is a visit) and a home care inspection's days told
clause by clause (the office visited on some, people telephoned on others: only the office
days are visits). ``with_visit_days`` puts them on the one current inspection, whatever layout
read it. A day outside the inspection's own span is never taken.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from cqcgraph.extract import patterns as P
from cqcgraph.records import DocumentRecord, Inspection, PartialDate, Precision


def _days_of(start: PartialDate, end: PartialDate | None, m: re.Match[str], before: str = "") -> list[PartialDate]:
    """Each day a date or span on site gives: a span of a few days day by day ("from 14 to 16
    February", "between 2 and 4 April"), a list each day ("on 14, 15 and 16 May")."""
    days = [d for d in (start, *P.listed_days(m.group(0)), end) if d is not None and d.precision is Precision.DAY]
    if end is not None and (re.search(r"\bbetween\s+$", before, re.I) or not P.joined_days(m.group(0))):
        days += P.visited_range(start, end)
    return days


def visited_parts(text: str) -> list[PartialDate]:
    """The days a trust's inspection stated in parts was on site (``P.VISITED_PART_LEADS``,
    ``P.VISITED_PART_MARK_RE``), in order.

    >>> [d.iso for d in visited_parts("We inspected four core services between 2 and 4 April 2019. "
    ...     "We inspected the well-led key question for the trust overall on 14 and 15 May 2019.")]
    ['2019-04-02', '2019-04-03', '2019-04-04', '2019-05-14', '2019-05-15']
    >>> visited_parts("This inspection took place between 13 and 16 November 2018.")
    []
    """
    found: dict[str, PartialDate] = {}
    for s in P.sentences(text, unwrap=True):
        further = bool(P.FURTHER_VISITS_RE.search(s))
        for start, end, m in P.iter_dates(s):
            before, after = s[: m.start()], s[m.end():]
            leads = [family for family, rx in P.VISITED_PART_LEADS if rx.search(before)]
            if "an inspection's span before further visits" in leads and not further:
                leads.remove("an inspection's span before further visits")
            if leads or P.VISITED_PART_MARK_RE.match(after):
                found.update((d.iso, d) for d in _days_of(start, end, m, before) if d.iso)
    return sorted(found.values(), key=lambda d: d.iso or "")


def _in_year(days: str, month: str, year: int, between: bool) -> list[PartialDate]:
    """The days of a yearless "15 and 16 November" (a list) or "4 to 6 May" (a range) in ``year``."""
    numbers = [int(n) for n in re.findall(r"\d{1,2}", days)]
    month_n = P.MONTHS.get(month.lower().rstrip("."), 0)
    out: list[PartialDate] = []
    ranged = between or bool(re.search(r"\bto\b|[-–]", days))
    if ranged and len(numbers) == 2:
        numbers = list(range(numbers[0], numbers[1] + 1)) if 0 <= numbers[1] - numbers[0] < P.VISITED_RANGE_DAYS else []
    for n in numbers:
        try:
            day = datetime.date(year, month_n, n)
        except ValueError:
            continue
        out.append(PartialDate(day.isoformat(), f"{days} {month}", Precision.DAY))
    return out


def _clause_days(clause: str, year: int) -> list[PartialDate]:
    """The days a clause gives, with or without their year (a yearless day in ``year``)."""
    out = [d for start, end, m in P.iter_dates(clause) for d in _days_of(start, end, m, clause[: m.start()])]
    for m in P.YEARLESS_DAYS_RE.finditer(clause):
        between = bool(re.search(r"\bbetween\s+$", clause[: m.start()], re.I))
        out += _in_year(m.group("days"), m.group("m"), year, between)
    return out


def office_and_calls(text: str, year: int) -> tuple[list[PartialDate], list[PartialDate]]:
    """The days ``text`` says the office (or the service) was visited, and the days it says people
    were telephoned, clause by clause (``P.CLAUSE_SPLIT_RE``), in a paragraph saying both (in one
    sentence or in two running on); a yearless day is in ``year``.

    >>> visited, called = office_and_calls("On 13 November we visited the office; on 15 and 16 November "
    ...     "we telephoned people who used the service.", 2018)
    >>> [d.iso for d in visited], [d.iso for d in called]
    (['2018-11-13'], ['2018-11-15', '2018-11-16'])
    >>> visited, called = office_and_calls("We visited the office location on 15 and 16 October 2019. "
    ...     "Telephone calls to people and relatives were made on 17 and 18 October 2019.", 2019)
    >>> [d.iso for d in visited], [d.iso for d in called]
    (['2019-10-15', '2019-10-16'], ['2019-10-17', '2019-10-18'])
    """
    visited: list[PartialDate] = []
    called: list[PartialDate] = []
    for para in re.split(r"\n[ \t]*\n", text):
        if not (P.PHONED_RE.search(para) and P.OFFICE_VISIT_RE.search(para)):
            continue  # a paragraph saying both apart, or nothing here
        for clause in (c for s in P.sentences(para, unwrap=True) for c in P.CLAUSE_SPLIT_RE.split(s)):
            phoned, visit = bool(P.PHONED_RE.search(clause)), bool(P.OFFICE_VISIT_RE.search(clause))
            if phoned == visit:
                continue
            (called if phoned else visited).extend(_clause_days(clause, year))
    return visited, called


def _every_day(insp: Inspection) -> set[str]:
    """Each day from the inspection's start to its end (none when it lacks either)."""
    if not (insp.start_date and insp.end_date and insp.start_date.precision is Precision.DAY
            and insp.end_date.precision is Precision.DAY and insp.start_date.iso and insp.end_date.iso):
        return set()
    first = datetime.date.fromisoformat(insp.start_date.iso)
    last = datetime.date.fromisoformat(insp.end_date.iso)
    return {(first + datetime.timedelta(n)).isoformat() for n in range((last - first).days + 1)} if first <= last else set()


def _subject(record: DocumentRecord) -> int | None:
    """The current inspection the stated days are of: the one current inspection, else the one
    current inspection of the provider (a trust's, beside its hospitals')."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if len(current) == 1:
        return current[0]
    own = [k for k in current if record.inspections[k].provider is not None and record.inspections[k].location is None]
    return own[0] if len(own) == 1 else None


#: How many days before its site visit an inspection's remote work may start it.
_REMOTE_LEAD_DAYS = 21


def remote_start(text: str, insp: Inspection) -> PartialDate | None:
    """The day an inspection's remote work began, when a sentence names it beside the site visit
    on the inspection's first day (``P.REMOTE_WORK_RE``, ``P.SITE_VISIT_RE``) and it is a few days
    before: the inspection's span starts there (the day is no visit), else None.

    >>> from cqcgraph.records import Inspection
    >>> i = Inspection(start_date=P.parse_date("26 June 2023"), end_date=P.parse_date("26 June 2023"))
    >>> remote_start("This included completing clinical searches remotely on 20 June 2023, and a site visit on 26 June 2023.", i).iso
    '2023-06-20'
    """
    if not (insp.start_date and insp.start_date.iso and insp.start_date.precision is Precision.DAY):
        return None
    first = datetime.date.fromisoformat(insp.start_date.iso)
    earliest: PartialDate | None = None
    for s in P.sentences(text, unwrap=True):
        if not (P.REMOTE_WORK_RE.search(s) and P.SITE_VISIT_RE.search(s)):
            continue
        days = [d for start, end, _m in P.iter_dates(s) for d in (start, end) if d and d.iso and d.precision is Precision.DAY]
        if insp.start_date.iso not in {d.iso for d in days}:
            continue  # the site visit named is not this inspection's first day
        for d in days:
            lead = (first - datetime.date.fromisoformat(d.iso or "")).days
            if 0 < lead <= _REMOTE_LEAD_DAYS and (earliest is None or (d.iso or "") < (earliest.iso or "")):
                earliest = d
    return earliest


def with_visit_days(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the days its current inspection was on site where the text says them
    apart (see the module docstring): a trust's parts add the days of each part; a home care
    inspection's telephoned days are no visits, and when the office days are said, they are its
    visits in place of every day of its span. Days outside the inspection's span are left out."""
    k = _subject(record)
    if k is None:
        return record
    insp = record.inspections[k]
    if (remote := remote_start(text, insp)) is not None and insp.start_date is not None:
        # the span starts with the remote work, which is no visit; the site visit's day stays its visit
        on_site = tuple(d for d in insp.visit_dates or (insp.start_date,) if d.iso != remote.iso)
        record = dataclasses.replace(record, inspections=(*record.inspections[:k], dataclasses.replace(
            insp, start_date=remote, visit_dates=on_site), *record.inspections[k + 1:]))
        insp = record.inspections[k]
    span = _every_day(insp)
    if not span:
        return record
    have = {d.iso: d for d in insp.visit_dates if d.iso}
    visits = dict(have)
    parts = {d.iso: d for d in visited_parts(text) if d.iso in span}
    if parts and set(have) <= set(parts):
        visits = parts
    year = int((insp.start_date.iso or "0")[:4]) if insp.start_date else 0
    office, called = office_and_calls(text, year) if year else ([], [])
    office_days = {d.iso: d for d in office if d.iso in span}
    called_days = {d.iso for d in called if d.iso in span}
    if called_days:
        if office_days and set(visits) <= span and (set(visits) == span or not set(visits) - set(office_days) - called_days):
            visits = office_days  # every day of the span, or no more than the days said: the office days are the visits
        else:
            visits = {iso: d for iso, d in visits.items() if iso not in called_days}
    if visits == have:
        return record
    insp = dataclasses.replace(insp, visit_dates=tuple(sorted(visits.values(), key=lambda d: d.iso or "")))
    return dataclasses.replace(record, inspections=(*record.inspections[:k], insp, *record.inspections[k + 1:]))


__all__ = ["office_and_calls", "remote_start", "visited_parts", "with_visit_days"]
