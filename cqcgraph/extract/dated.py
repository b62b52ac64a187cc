"""Dates kept with the role their label gives, whatever the layout: a key–value line (or a label
over its value on the next line) that says what the date is ("Date of inspection visit: 6 to 8
March 2018", "Dates of inspections: 29 November 2012, 3 December 2012", "Inspection carried out
on 19 July 2023", "Date of publication: 20 April 2021", "Latest report: 3 June 2014",
"Last updated 3 May 2024", "Assessment started: 4 March 2024"). A date whose label is no role of an inspection (a
registration date, an incident, a meeting) is never read here. ``with_labelled_dates`` gives the
one current inspection of a record each role its layout left empty (a record with none gets the
inspection its labelled inspection dates state); a role it has is never changed, and a label
that contradicts the inspection's start adds nothing.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.records import DocumentRecord, Inspection, InspectionKind, PartialDate

#: The labels, by the role they give: ``visit`` (the inspection's days, each stated day visited),
#: ``inspection`` (its start and end, no day said to be visited), ``published``, ``updated``
#: (the date of the summary: "Last updated 3 May 2024"; a bare "Updated" under one key question's
#: rating is that rating's date, read by the layouts), ``assessment-start`` and ``assessment-end``.
LABELS: tuple[tuple[str, str], ...] = (
    ("visit", r"Dates?\s+of\s+(?:the\s+)?(?:inspection\s+)?(?:site\s+)?visits?|Inspection\s+visits?\s+dates?|(?:On-?\s*)?Site\s+visits?|Visit\s+dates?|"
              r"Dates?\s+of\s+inspections|Inspection\s+carried\s+out\s+on|Inspected\s+on|"
              # a location page's box: "Latest inspection: 19 October 2021, 22 October 2021"
              r"Latest\s+inspection|"
              # a report's front page: "Report from the inspection of 11 to 13 January 2022"
              r"Report\s+(?:from|of)\s+(?:the|our)\s+inspection\s+(?:of|on)"),
    ("inspection", r"Dates?\s+of\s+(?:the\s+)?inspection|Inspection\s+dates?|Inspection\s+carried\s+out\s+(?:between|from)|Inspection\s+took\s+place|"
                   r"Assessment\s+period|Dates?\s+of\s+(?:the\s+)?assessment"),
    ("published", r"Dates?\s+of\s+publication|Publication\s+date|Date\s+published|(?:Report|Assessment)\s+published(?:\s+on)?|Published(?:\s+on)?|Latest\s+report"),
    ("updated", r"Last\s+updated(?:\s+on)?|Summary\s+(?:last\s+)?updated(?:\s+on)?"),
    ("assessment-start", r"Assessment\s+(?:activity\s+)?(?:started|start\s+date|began)(?:\s+on)?"),
    ("assessment-end", r"Assessment\s+(?:activity\s+)?(?:ended|end\s+date|finished|completed)(?:\s+on)?"),
)
#: A label and its value on one line, as a key–value line or a table's row gives them ("Date of
#: publication: 3 May 2019", "Date of inspection⇥12 March 2019", "| Published | 3 May 2019 |").
_LABEL_RE = re.compile(
    r"^[ \t|]*(?:" + "|".join(f"(?P<{role.replace('-', '_')}>{rx})" for role, rx in LABELS) + r")[ \t|]*:?[ \t|]*(?P<value>[^\n]*?)[ \t|]*$",
    re.M | re.I)


#: The end of a date wrapped onto the next line: its month and year, or its year ("3 November" /
#: "2021", "14 and 15" / "March 2023").
_WRAPPED_END_RE = re.compile(
    r"\n[ \t]*((?:(?:January|February|March|April|May|June|July|August|September|October|November|December)[ \t]+)?"
    r"(?:19|20)\d\d)[ \t]*(?=\n|$)", re.I)


#: The next line when it holds one date and nothing else ("07 March 2019").
_DATE_LINE_RE = re.compile(r"\n[ \t]*(\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+(?:19|20)\d\d)[ \t]*(?=\n|$)")


#: The same line indented under the label's value, as a PDF's front page sets a column of dates.
_ALIGNED_DATE_LINE_RE = re.compile(r"\n[ \t]{4,}(\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+(?:19|20)\d\d)[ \t]*(?=\n|$)")


def _value(text: str, m: re.Match[str]) -> str:
    """A label's value: the rest of its line, else the next line (a label over its value), with
    its month and year when they wrapped onto the line after ("Date of inspection visit:" /
    "3 November" / "2021")."""
    value, end = m.group("value").strip(), m.end()
    if not value:
        nxt = re.match(r"\n[ \t]*([^\n]{6,60})", text[end:])
        if not nxt:
            nxt = re.match(r"\n[ \t]*(\d{1,2}(?:st|nd|rd|th)?(?:[ \t]+(?:and|to|&)[ \t]+\d{1,2}(?:st|nd|rd|th)?)?)[ \t]*(?=\n)", text[end:])
        if not nxt:
            return ""
        value, end = nxt.group(1).strip(), end + nxt.end()
        while P.parse_date(value) and (more := _DATE_LINE_RE.match(text, end)):
            # "Date of inspection visit:" over "05 March 2019" / "07 March 2019": one date a line
            value, end = f"{value}, {more.group(1)}", more.end()
    elif P.parse_date(value) and _ALIGNED_DATE_LINE_RE.match(text, end):
        # "Date of inspection visit: 1 December 2015" over "                          3 December
        # 2015": a PDF's column of dates, one a line under the first
        while more := _ALIGNED_DATE_LINE_RE.match(text, end):
            value, end = f"{value}, {more.group(1)}", more.end()
    if value[-1:].isalnum() and not re.search(r"\b(?:19|20)\d\d\b", value):
        wrapped = _WRAPPED_END_RE.match(text, end)
        if wrapped:
            value = f"{value} {wrapped.group(1)}"
    return value


#: The parts of a trust's inspection named before their dates in a labelled value: "well-led
#: review 14, 15 and 16 May 2019; core services from 9 April 2019".
_NAMED_PARTS_RE = re.compile(r"(?:^|(?<=[;,]))[ \t]*(?:the[ \t]+)?(?:well[- ]led(?:[ \t]+review)?|core[ \t]+services?)(?:[ \t]+(?:on|from))?(?=[ \t]+\d)", re.I)


def _role(m: re.Match[str]) -> str:
    return next(role for role, _rx in LABELS if m.group(role.replace("-", "_")))


def labelled(text: str) -> dict[str, tuple[PartialDate | None, PartialDate | None, tuple[PartialDate, ...]]]:
    """For each role, ``(start, end, days)`` of the first labelled line of it whose value is a
    date, a span or a list of them and nothing else: the first date's start, the last's end (or
    start), and each day stated as a day of its own (a span's days are not listed).

    >>> d = labelled("Dates of inspections: 29 November 2012, 3 December 2012\\n")["visit"]
    >>> [x.iso for x in (d[0], d[1], *d[2])]
    ['2012-11-29', '2012-12-03', '2012-11-29', '2012-12-03']
    """
    out: dict[str, tuple[PartialDate | None, PartialDate | None, tuple[PartialDate, ...]]] = {}
    for m in _LABEL_RE.finditer(text):
        role = _role(m)
        if role in out:
            continue
        raw = _value(text, m)
        between = bool(re.match(r"(?:between|from)\s", raw, re.I)) or bool(re.search(r"between\s*$", m.group(0).split(":")[0], re.I))
        value = re.sub(r"^(?:on|between|from)\s+", "", raw, flags=re.I)
        value = re.sub(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+", "", value)  # "Thursday 14 January 2016"
        # "8 to 10 June 2021 (core services); 6 and 7 July 2021 (well-led)": what each span was of
        value = re.sub(r"[ \t]*\((?:core services?|well[- ]led(?: review)?|[a-z][a-z -]{0,30} visits?|announced|unannounced)\)", " ", value, flags=re.I)
        # "well-led review 14, 15 and 16 May 2019; core services from 9 April 2019": the parts
        # named before their dates, one of them open-ended ("from" a day, its end unsaid)
        named_parts = _NAMED_PARTS_RE.findall(value)
        open_ended = any(part.lower().rstrip().endswith("from") for part in named_parts)
        value = _NAMED_PARTS_RE.sub(" ", value)
        found = list(P.iter_dates(value))
        if not found:
            continue
        if named_parts:
            found.sort(key=lambda f: f[0].iso or "")
        rest = value
        for _s, _e, dm in found:
            rest = rest.replace(dm.group(0), " ", 1)
        if re.sub(r"[\s,;&]|\band\b|\bto\b|\bthe\b", "", rest, flags=re.I):
            continue  # words besides the dates: a sentence, not a labelled value
        days = tuple(s for s, e, _m in found if e is None and s.precision.value == "day")
        # "between 3 and 5 May" is a range, "on 3 and 5 May" two days
        days += tuple(d for _s, _e, dm in found for d in (*P.listed_days(dm.group(0)), *(() if between else P.joined_days(dm.group(0)))))
        if role == "visit" and not between and len(found) == 1 and found[0][1] is not None and not days:
            days = P.visited_range(found[0][0], found[0][1])  # "Date of inspection visit: 12 to 14 March 2019"
        elif role == "visit" and named_parts:
            # each named part's few days, day by day ("core services 2 to 4 April 2019; …")
            days += tuple(d for st, e, dm in found if e is not None and not P.joined_days(dm.group(0)) for d in P.visited_range(st, e))
        last_start, last_end, _m = found[-1]
        end = last_end or (last_start if len(found) > 1 else None)
        if named_parts:
            # the last day of the parts, none when a part runs on from a day with no end said
            end = None if open_ended else max((e or st for st, e, _m in found), key=lambda d: d.iso or "")
        out[role] = (found[0][0], end, tuple(sorted({d.iso: d for d in days if d.iso}.values(), key=lambda d: d.iso or "")))
    return out


#: A summary's list of the reports published, one a line ("Inspection history" over "02 April 2019
#: Inspection report Overall: Good"): each date a report's publication, no day visited.
REPORTS_LIST_RE = re.compile(
    r"^(?:[ \t]*(?:Inspection|Report|Rating)s?[ \t]+history[ \t]*\n\s*)?"
    r"[ \t]*(?P<date>\d{1,2}[ \t]+[A-Z][a-z]{2,8}[ \t]+(?:19|20)\d\d)[ \t]+(?:Inspection|Assessment)[ \t]+report\b", re.M | re.I)


def _current(record: DocumentRecord) -> int | None:
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    return current[0] if len(current) == 1 else None


def _agrees(insp: Inspection, start: PartialDate | None) -> bool:
    """Whether a labelled start may be the inspection's: it has none, or the same."""
    return insp.start_date is None or start is None or insp.start_date.iso == start.iso


def _earlier_day_read(insp: Inspection, start: PartialDate, end: PartialDate | None) -> bool:
    """Whether a layout's inspection began before the labelled span on a day it read as a visit
    and ended within that span: the labelled inspection with an earlier inspection's day added."""
    first, last = start.iso or "", (end or start).iso or ""
    began = insp.start_date.iso if insp.start_date else None
    last_day = insp.end_date or insp.start_date
    ended = last_day.iso if last_day else None
    return bool(began and ended and began < first and first <= ended <= last
                and any(d.iso == began for d in insp.visit_dates))


def _inside(insp: Inspection, start: PartialDate, end: PartialDate | None) -> bool:
    """Whether a layout's inspection lies inside a labelled span that starts before it."""
    if end is None or insp.start_date is None:
        return False
    first, last = start.iso or "", end.iso or ""
    began, ended = insp.start_date.iso or "", (insp.end_date or insp.start_date).iso or ""
    return first < began and ended <= last and len(first) == len(began) == 10


def _within(insp: Inspection, start: PartialDate, end: PartialDate | None) -> Inspection:
    """``insp`` dated from ``start`` to ``end`` (a labelled span), its visits outside it dropped."""
    last = (end or start).iso or ""
    visits = tuple(d for d in insp.visit_dates if (start.iso or "") <= (d.iso or "") <= last)
    return dataclasses.replace(insp, start_date=start, end_date=end, visit_dates=visits)


def with_listed_reports(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with an earlier inspection's publication taken from a list of the reports
    published ("24 November 2016  Inspection report  Overall: Requires improvement" under
    "Inspection history"): the first report listed after the earlier inspection began and before
    the current one began, when the earlier inspection has no publication date of its own."""
    listed = sorted({d.iso: d for m in REPORTS_LIST_RE.finditer(text)
                     if (d := P.parse_date(m.group("date"))) is not None and d.iso}.values(), key=lambda d: d.iso or "")
    k = _current(record)
    current = record.inspections[k].start_date if k is not None else None
    if len(listed) < 2 or current is None:
        return record
    now = current.iso or ""
    began = {n: i.start_date.iso or "" for n, i in enumerate(record.inspections)
             if i.is_previous and i.start_date is not None and i.publication_date is None}
    out = list(record.inspections)
    for n, first in began.items():
        after = [d for d in listed if first <= (d.iso or "")[: len(first)] and (d.iso or "") < now]
        # a report of another earlier inspection begun in between is that one's
        if after and not any(i.is_previous and i.start_date and first < (i.start_date.iso or "") <= (after[0].iso or "")
                             for i in record.inspections):
            out[n] = dataclasses.replace(out[n], publication_date=after[0])
    return dataclasses.replace(record, inspections=tuple(out)) if out != list(record.inspections) else record


def _one_day_visited(insp: Inspection, start: PartialDate | None, end: PartialDate | None,
                     days: tuple[PartialDate, ...], changes: dict[str, object]) -> bool:
    """Whether an inspection label's one day is the day the inspection visited: the label states
    that day alone, and the inspection, no assessment nor review of data, has no visit and no
    later end."""
    if insp.visit_dates or len(days) != 1 or end is not None or start is None or days[0].iso != start.iso:
        return False
    if insp.kind in (InspectionKind.ASSESSMENT, InspectionKind.DATA_REVIEW):
        return False
    ended = changes.get("end_date") or insp.end_date
    return ended is None or (isinstance(ended, PartialDate) and ended.iso == start.iso)


def with_labelled_dates(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the roles its one current inspection lacks given by the labelled lines of
    ``text`` (see the module docstring)."""
    found = labelled(text)
    if not record.inspections and any(r in found and found[r][0] for r in ("visit", "inspection", "assessment-start")):
        # an inspection the layout read nothing of: its labelled dates state it, of the one
        # location (or provider) the record names
        subject = {"location": 0} if len(record.locations) == 1 else {"provider": 0} if len(record.providers) == 1 and not record.locations else {}
        record = dataclasses.replace(record, inspections=(Inspection(**subject),))  # type: ignore[arg-type]
    k = _current(record)
    if k is None:
        return record
    insp = record.inspections[k]
    changes: dict[str, object] = {}
    added: list[Inspection] = []
    roles = ("visit", "inspection")
    span_start, span_end, _days = found.get("inspection", (None, None, ()))
    visited = found["visit"][0] if "visit" in found else None
    if span_start and span_end and visited and (span_start.iso or "") < (visited.iso or "") <= (span_end.iso or ""):
        # "Assessment period: 4 November 2024 to 9 January 2025" over "On-site visit: 26 November
        # 2024": the span dates the inspection, the visit is a day of it
        roles = ("inspection", "visit")
        # the span's first and last days are no visits, unless the visit label gives them
        bounds = {span_start.iso, span_end.iso} - {d.iso for d in found["visit"][2]}
        visits = tuple(d for d in insp.visit_dates if d.iso not in bounds)
        if visits != insp.visit_dates:
            insp = dataclasses.replace(insp, visit_dates=visits)
        if not insp.visit_dates and found["visit"][2]:
            changes["visit_dates"] = found["visit"][2]
    for role in roles:
        if role not in found:
            continue
        start, end, days = found[role]
        if not _agrees(insp, start) and start is not None and _earlier_day_read(insp, start, end):
            # the layout started the inspection on an earlier inspection's day ("Inspected 3 March
            # 2015" under a service, "our comprehensive inspection on 6 March 2019"): the label
            # states the current one, and that day is an earlier inspection's
            earlier = insp.start_date
            insp = _within(insp, start, end)
            if earlier is not None and not any(i.start_date and i.start_date.iso == earlier.iso
                                               for j, i in enumerate(record.inspections) if j != k):
                added.append(Inspection(location=insp.location, provider=insp.provider, start_date=earlier,
                                        visit_dates=(earlier,), is_previous=True))
        elif not _agrees(insp, start) and start is not None and _inside(insp, start, end):
            # the layout started the inspection on a visit within the labelled span ("Assessment
            # period: 4 November 2024 to 9 January 2025" over "On-site visit: 26 November 2024")
            insp = dataclasses.replace(insp, start_date=start, end_date=end if end and end.iso != start.iso else None)
        if not _agrees(insp, start):
            continue
        if insp.start_date is None and start is not None:
            changes["start_date"] = start
        if insp.end_date is None and end is not None and start is not None and (end.iso or "") > (start.iso or ""):
            changes["end_date"] = end
        if role == "visit" and not insp.visit_dates and days:
            changes["visit_dates"] = days
        elif role == "inspection" and _one_day_visited(insp, start, end, days, changes):
            # "Date of inspection: 14 August 2017", one day and no span read: the day visited
            changes["visit_dates"] = days
        break
    if "assessment-start" in found and insp.start_date is None and "start_date" not in changes:
        changes["start_date"] = found["assessment-start"][0]
    if "assessment-end" in found and insp.end_date is None and "end_date" not in changes:
        began = changes.get("start_date") or insp.start_date
        ended = found["assessment-end"][0]
        if ended and (not isinstance(began, PartialDate) or (ended.iso or "") >= (began.iso or "")):
            changes["end_date"] = ended
    if "updated" in found and insp.summary_updated is None:
        changes["summary_updated"] = found["updated"][0]
    if "published" in found and insp.publication_date is None and record.publication_date is None:
        changes["publication_date"] = found["published"][0]
    if not changes and insp == record.inspections[k]:
        return record
    insp = dataclasses.replace(insp, **changes)  # type: ignore[arg-type]
    return dataclasses.replace(record, inspections=(*record.inspections[:k], insp, *record.inspections[k + 1:], *added))


__all__ = ["LABELS", "REPORTS_LIST_RE", "labelled", "with_labelled_dates", "with_listed_reports"]
