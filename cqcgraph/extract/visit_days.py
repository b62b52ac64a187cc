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
from typing import Callable

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
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
    for _leads, days in _parts(text):
        found.update((d.iso, d) for d in days if d.iso)
    return sorted(found.values(), key=lambda d: d.iso or "")


def _parts(text: str) -> list[tuple[list[str], list[PartialDate]]]:
    """Each part of a trust's inspection the text states on site: the families of wording that
    lead to it (``P.VISITED_PART_LEADS``; none for a part marked after its date), and its days."""
    out: list[tuple[list[str], list[PartialDate]]] = []
    for s in P.sentences(text, unwrap=True):
        further = bool(P.FURTHER_VISITS_RE.search(s))
        for start, end, m in P.iter_dates(s):
            before, after = s[: m.start()], s[m.end():]
            leads = [family for family, rx in P.VISITED_PART_LEADS if rx.search(before)]
            if "an inspection's span before further visits" in leads and not further:
                leads.remove("an inspection's span before further visits")
            if leads or P.VISITED_PART_MARK_RE.match(after):
                out.append((leads, _days_of(start, end, m, before)))
    return out


def well_led_after(text: str, insp: Inspection) -> PartialDate | None:
    """The last day of a trust's well-led review the text states after the inspection's end,
    within ``P.WELL_LED_AFTER_DAYS`` of its start, when the text states its core services' days
    too ("unannounced inspections of four core services between 14 and 16 May 2019. A further
    inspection, looking specifically at how well-led the trust is, took place between 11 and 13
    June 2019": the inspection ends on 13 June); None otherwise."""
    start, end = insp.start_date, insp.end_date or insp.start_date
    if not (start and end and start.iso and end.iso and start.precision is Precision.DAY and end.precision is Precision.DAY):
        return None
    parts = _parts(text)
    if not any(leads and P.WELL_LED_PART not in leads for leads, _days in parts):
        return None  # the core services' part is not said: a review apart
    limit = (datetime.date.fromisoformat(start.iso) + datetime.timedelta(P.WELL_LED_AFTER_DAYS)).isoformat()
    later = [d for leads, days in parts if P.WELL_LED_PART in leads for d in days
             if d.iso and end.iso < d.iso <= limit]
    return max(later, key=lambda d: d.iso or "") if later else None




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


def calls_after(text: str, first: PartialDate) -> list[PartialDate]:
    """The days ``text`` says people were telephoned after ``first`` (an inspection's first day),
    within ``P.CALLS_AFTER_VISIT_DAYS``: each a day of that inspection, none a visit. A clause
    about a visit is no call ("after the visit we spoke by telephone …" is one: the visit there
    only tells when).

    >>> day = PartialDate("2013-03-12", "12 March 2013", Precision.DAY)
    >>> [d.iso for d in calls_after("We visited the agency's office on 12 March 2013. On 14 March 2013 "
    ...     "we spoke by telephone with nine people who used the service.", day)]
    ['2013-03-14']
    >>> calls_after("We telephoned people on 3 May 2013.", day)
    []
    """
    if not (first.iso and first.precision is Precision.DAY):
        return []
    begin = datetime.date.fromisoformat(first.iso)
    last = (begin + datetime.timedelta(P.CALLS_AFTER_VISIT_DAYS)).isoformat()
    found: dict[str, PartialDate] = {}
    for s in P.sentences(text, unwrap=True):
        if not P.CALLS_RE.search(s):
            continue
        for clause in P.CLAUSE_SPLIT_RE.split(s):
            plain = P.VISIT_AS_TIME_RE.sub(" ", clause)
            if not P.CALLS_RE.search(plain) or P.OFFICE_VISIT_RE.search(plain):
                continue
            found.update((d.iso, d) for d in _clause_days(clause, begin.year)
                         if d.iso and first.iso < d.iso <= last)
    return sorted(found.values(), key=lambda d: d.iso or "")


def visited_within(text: str, insp: Inspection) -> list[PartialDate]:
    """The days ``text`` says a place was visited (``P.SAID_VISITED_RE``) inside the inspection's
    span, clause by clause: "Inspection activity started on 2 February 2022 and ended on 9 February
    2022. We visited two of the houses on 3 February 2022 and the office on 4 February 2022" gives
    the 3rd and the 4th. A sentence about an earlier inspection, a call, or a visit named only as
    a time ("after our visit") gives none."""
    span = _every_day(insp)
    if not span or insp.start_date is None:
        return []
    year = int((insp.start_date.iso or "0")[:4])
    found: dict[str, PartialDate] = {}
    for s in P.sentences(text, unwrap=True):
        if not P.SAID_VISITED_RE.search(s) or prose.is_previous_sentence(s):
            continue
        for clause in P.CLAUSE_SPLIT_RE.split(s):
            plain = P.VISIT_AS_TIME_RE.sub(" ", clause)
            if not P.SAID_VISITED_RE.search(plain) or P.CALLS_RE.search(plain):
                continue
            found.update((d.iso, d) for d in _clause_days(clause, year) if d.iso in span)
    return sorted(found.values(), key=lambda d: d.iso or "")


def remote_before(text: str, first: PartialDate) -> list[PartialDate]:
    """The days ``text`` says an inspection's work was done off site (``P.REMOTE_WORK_RE``, in
    the words since the last comma before the date) before ``first``, its day on site, within
    ``P.REMOTE_BEFORE_VISIT_DAYS``: "completing clinical searches … remotely on 20 June 2023, and
    a site visit on 26 June 2023" gives the 20th, the inspection's start, no visit.

    >>> day = PartialDate("2023-06-26", "26 June 2023", Precision.DAY)
    >>> [d.iso for d in remote_before("This included completing clinical searches remotely on 20 June 2023, "
    ...     "and a site visit on 26 June 2023.", day)]
    ['2023-06-20']
    """
    if not (first.iso and first.precision is Precision.DAY):
        return []
    begin = (datetime.date.fromisoformat(first.iso) - datetime.timedelta(P.REMOTE_BEFORE_VISIT_DAYS)).isoformat()
    found: dict[str, PartialDate] = {}
    for s in P.sentences(text, unwrap=True):
        if not P.REMOTE_WORK_RE.search(s) or prose.is_previous_sentence(s):
            continue
        for start, _end, m in P.iter_dates(s):
            words = re.split(r"[,;]", s[: m.start()])[-1]
            if P.REMOTE_WORK_RE.search(words) and not P.SAID_VISITED_RE.search(words) \
                    and start.iso and start.precision is Precision.DAY and begin <= start.iso < first.iso:
                found[start.iso] = start
    return sorted(found.values(), key=lambda d: d.iso or "")


def with_remote_before(insp: Inspection, text: str) -> Inspection:
    """``insp`` starting on the first day its text says its work was done off site before its
    one day on site (``remote_before``); that day stays its visit and its end."""
    return _spanning_off_site(insp, lambda day: remote_before(text, day), before=True)


def with_calls_after(insp: Inspection, text: str) -> Inspection:
    """``insp`` ending on the last day its text says people were telephoned after its first day
    (``calls_after``), when it states no later end; those days are no visits."""
    return _spanning_off_site(insp, lambda day: calls_after(text, day), before=False)


def _spanning_off_site(insp: Inspection, off_site_days: Callable[[PartialDate], list[PartialDate]],
                       before: bool) -> Inspection:
    """``insp``, an inspection of one day, spanning the days ``off_site_days`` gives for that day
    (before it or after it), which are no visits; ``insp`` itself where it spans days already."""
    start, end = insp.start_date, insp.end_date
    if start is None or (end is not None and end.iso != start.iso):
        return insp
    days = off_site_days(start)
    if not days:
        return insp
    off = {d.iso for d in days}
    visits = tuple(d for d in insp.visit_dates if d.iso not in off)
    if before:
        return dataclasses.replace(insp, start_date=days[0], end_date=end or start, visit_dates=visits)
    return dataclasses.replace(insp, end_date=days[-1], visit_dates=visits)


def _every_day(insp: Inspection) -> set[str]:
    """Each day from the inspection's start to its end (none when it lacks either)."""
    if not (insp.start_date and insp.end_date and insp.start_date.precision is Precision.DAY
            and insp.end_date.precision is Precision.DAY and insp.start_date.iso and insp.end_date.iso):
        return set()
    first = datetime.date.fromisoformat(insp.start_date.iso)
    last = datetime.date.fromisoformat(insp.end_date.iso)
    return {(first + datetime.timedelta(n)).isoformat() for n in range((last - first).days + 1)} if first <= last else set()


def heading_days(heading: str) -> list[PartialDate]:
    """The days an entry's heading names one by one ("13 April 2021 – Focused inspection": the 13th;
    "1 and 3 December 2020 – Comprehensive inspection": the 1st and the 3rd); a range ("12 to 14
    April 2022") names none.

    >>> [d.iso for d in heading_days("1 and 3 December 2020 – Comprehensive inspection")]
    ['2020-12-01', '2020-12-03']
    >>> heading_days("12 to 14 April 2022 – Comprehensive inspection")
    []
    """
    value = re.split(r"\s[-–—:]\s|[–—:]", heading.strip())[0]
    found = list(P.iter_dates(value))
    if len(found) != 1:
        return []
    start, end, _m = found[0]
    if start is None or start.precision is not Precision.DAY:
        return []
    if end is None:
        return [start]
    return list(P.joined_days(value)) or list(P.listed_days(value))


def with_entry_heading_days(record: DocumentRecord, text: str) -> DocumentRecord:
    """Each earlier inspection read with no day on site, dated on the first day of an entry a
    history heads by its days and kind ("13 April 2021 – Focused inspection"), visited on the days
    that heading names one by one (``heading_days``)."""
    headed = {days[0].iso: days for a, _b, _day in prose.dated_entries(text)
              if (days := heading_days(text[a:].split("\n", 1)[0])) and days[0].iso}
    if not headed:
        return record
    out = list(record.inspections)
    for k, insp in enumerate(out):
        if insp.is_previous and not insp.visit_dates and insp.start_date and insp.start_date.iso in headed:
            days = headed[insp.start_date.iso]
            if insp.end_date is None or insp.end_date.iso in {d.iso for d in days}:
                out[k] = dataclasses.replace(insp, visit_dates=tuple(days))
    return dataclasses.replace(record, inspections=tuple(out)) if out != list(record.inspections) else record


def _subject(record: DocumentRecord) -> int | None:
    """The current inspection the stated days are of: the one current inspection, else the one
    current inspection of the provider (a trust's, beside its hospitals')."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if len(current) == 1:
        return current[0]
    own = [k for k in current if record.inspections[k].provider is not None and record.inspections[k].location is None]
    return own[0] if len(own) == 1 else None


def with_visit_days(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the days its current inspection was on site where the text says them
    apart (see the module docstring): a trust's parts add the days of each part; a home care
    inspection's telephoned days are no visits, and when the office days are said, they are its
    visits in place of every day of its span. Days outside the inspection's span are left out."""
    record = with_entry_heading_days(record, text)
    k = _subject(record)
    if k is None:
        return record
    insp = with_calls_after(with_remote_before(record.inspections[k], text), text)
    if (last := well_led_after(text, insp)) is not None:
        insp = dataclasses.replace(insp, end_date=last)
    if insp != record.inspections[k]:
        record = dataclasses.replace(record, inspections=(*record.inspections[:k], insp, *record.inspections[k + 1:]))
    span = _every_day(insp)
    if not span:
        return record
    have = {d.iso: d for d in insp.visit_dates if d.iso}
    # an inspection read with its span and no day on site: the days its text says were visited
    visits = dict(have) or {d.iso: d for d in visited_within(text, insp) if d.iso}
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


__all__ = ["calls_after", "heading_days", "with_entry_heading_days", "remote_before", "with_remote_before", "office_and_calls", "visited_parts", "with_calls_after", "with_visit_days"]
