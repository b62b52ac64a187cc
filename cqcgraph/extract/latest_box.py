"""The latest inspection a location's profile page states in its header box, when the page shows
no inspection history: "Latest inspection: 10 to 12 October 2017" or "Report from 29 August 2023
inspection", "Report published: 21 December 2017" or "Published 10 November 2023", the overall
rating ("Overall rating for this hospital: Good", "Overall: Requires improvement") and the key
questions' ratings under it ("Safe | Requires improvement", "Safe: Good", "Safe          Good",
"Effective: Good - rating carried over from the inspection of 4 May 2021"), then the sections of
the services inspected at the location ("Services at this hospital", "Services we looked at"),
each with its rating, the day it was inspected and its key questions.

``FEATURES`` tells such a page by several of its features; ``inspections`` reads it. Imports the
standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import Inspection, KeyQuestion, PartialDate, Rating

#: "Latest inspection: 10 to 12 October 2017", "Report from 29 August 2023 inspection", "Report
#: from the inspection of 11 to 13 January 2022": the latest inspection's days.
_LATEST_RE = re.compile(
    r"^[ \t]*(?:Latest inspection:[ \t]*(?P<a>[^\n]*\d{4})|Report from[ \t]+(?:the[ \t]+|our[ \t]+)?inspection[ \t]+(?:of|on)[ \t]+"
    r"(?P<b>[^\n]*\d{4})|Report from[ \t]+(?P<c>[^\n]*\d{4})[ \t]+inspection)[ \t]*$", re.I | re.M)
#: "Report published: 21 December 2017", "Published 10 November 2023", "Published: 1 April 2022".
_PUBLISHED_RE = re.compile(r"^[ \t]*(?:Report[ \t]+)?published:?[ \t]+(?P<d>\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4})[ \t]*$", re.I | re.M)
#: "Overall rating for this hospital: Good", "Overall: Requires improvement", "Overall rating: Good".
_OVERALL_RE = re.compile(
    rf"^[ \t]*Overall(?:[ \t]+rating)?(?:[ \t]+for[ \t]+this[ \t]+(?:hospital|location|service|home|practice))?[ \t]*:[ \t]*"
    rf"(?P<v>{P.RATING_ALT})[ \t]*$", re.I | re.M)
#: A key question's rating taken from an earlier inspection: "Effective: Good - rating carried over
#: from the inspection of 4 May 2021".
_CARRIED_RE = re.compile(
    r"[ \t]*(?:[-–][ \t]*rating carried (?:over|forward) from (?:the|our) (?:last |previous )?inspection(?: (?:of|on) (?P<day>[^\n]*))?"
    r"|\((?:not inspected this time|rating from (?:the |our )?(?:last|previous) inspection)\))$", re.I)
#: The earlier inspection a page says its carried ratings were given at: "The ratings for
#: effective, caring and responsive were awarded at our comprehensive inspection on 6 March 2019".
_AWARDED_AT_RE = re.compile(
    r"\bratings? for (?P<kqs>[^.]{3,80}?) (?:were|was) (?:awarded|given) at (?:our|the) (?:[\w-]+ ){0,2}inspection "
    r"(?:on|of) (?P<day>\d{1,2} [A-Z][a-z]+ \d{4})", re.I)
#: The heading over the services' sections.
_SERVICES_RE = re.compile(
    r"^[ \t]*Services (?:at this (?:hospital|location)|we (?:looked at|inspected)|inspected at this (?:hospital|location))[ \t]*$", re.I | re.M)
#: A service section's lines: "Rating: Requires improvement", "Inspected 10 October 2017".
_SERVICE_RATING_RE = re.compile(rf"^(?:Overall[ \t]+)?rating:?[ \t]*(?P<v>{P.RATING_ALT})[ \t]*$", re.I)
_INSPECTED_RE = re.compile(r"^(?:Last[ \t]+)?inspected:?[ \t]+(?P<d>\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4})[ \t]*$", re.I)
#: "Overall Inadequate. Safe inadequate, effective requires improvement, …": a service's paragraph.
_OVERALL_LEAD_RE = re.compile(rf"^Overall[ \t]+(?P<v>{P.RATING_ALT})\.[ \t]*", re.I)
_KQ_PAIR_RE = re.compile(rf"\b(?P<kq>{P.KQ_ALT})[ \t]+(?P<v>{P.RATING_ALT})\b", re.I)

#: Features of a profile page showing its latest inspection, by family: the profile header's
#: ("Provided and run by", a CQC ID line, the address with its postcode over the phone line) and
#: the box's (the labelled latest inspection, its publication, the overall rating line, the key
#: questions' table).
FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("'Provided and run by' under the name", re.compile(r"^[ \t]*Provided and run by\b", re.I | re.M)),
    ("CQC ID line", re.compile(r"^[ \t]*(?:CQC|Location) ID:[ \t]*1-\d{6,12}[ \t]*$", re.I | re.M)),
    # the service's address ending at its postcode over its phone line ("27 Leicester Road,
    # Hinckley, Leicestershire LE10 1QT" / "Phone: 01455 633 027"), or over the overall rating
    # when the page gives no phone ("… LE10 1QT" / "Overall rating: Good")
    ("address and phone lines in the header", re.compile(
        r"^[^\n:]{6,160}\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[ABD-HJLNP-UW-Z]{2}[ \t]*\n(?:[ \t]*\n)?[ \t]*(?:(?:(?:Phone|Tel(?:ephone)?)[ \t]*:?[ \t]*)?"
        rf"(?:{P.PHONE_RE.pattern})[ \t]*$|Overall rating:[ \t]*(?i:{P.RATING_ALT})[ \t]*$)", re.M)),
    ("labelled latest inspection", _LATEST_RE),
    ("labelled publication", _PUBLISHED_RE),
    ("overall rating line", _OVERALL_RE),
    ("key questions' ratings table", re.compile(
        r"^[ \t]*(?:Key question[ \t]*(?:\||[ \t]{2,}|\t)[ \t]*Rating|Ratings for the (?:location|hospital|service))[ \t]*$", re.I | re.M)),
)
#: The profile header's features, one of which such a page shows.
FEATURES_HEADER = ("'Provided and run by' under the name", "CQC ID line", "address and phone lines in the header")


def features(text: str) -> list[str]:
    """The features of ``FEATURES`` shown in the first few thousand characters of ``text``."""
    return P.features_shown(FEATURES, text[:3000])


def _box_ratings(lines: list[str], carried_from: dict[str, tuple[PartialDate, list[Rating]]] | None = None) -> list[Rating]:
    """The key questions' ratings of the box's lines, a table's bars as tabs; a rating carried
    over from the inspection of a day the line gives is also put in ``carried_from`` under that day."""
    out: list[Rating] = []
    for line in lines:
        line = re.sub(r"[ \t]*\|[ \t]*", "\t", line.strip())
        cm = _CARRIED_RE.search(line)
        carried = bool(cm)
        day = P.parse_date(cm.group("day")) if cm and cm.group("day") else None
        line = _CARRIED_RE.sub("", line)
        m = P.KQ_RATING_LINE_RE.match(line)
        kq = P.key_question(m.group("kq")) if m else None
        value = P.parse_rating(m.group("value")) if m else None
        if kq and value and kq is not KeyQuestion.OVERALL:
            out.append(Rating(kq, value, carried_over=carried))
            if day and day.iso and carried_from is not None:
                carried_from.setdefault(day.iso, (day, []))[1].append(Rating(kq, value))
    return out


def _service(block: list[str]) -> tuple[list[Rating], PartialDate | None]:
    """The ratings one service's section gives (its name the first line) and the day it was inspected."""
    name, rest = block[0], block[1:]
    if P.parse_rating(name) or len(name) > 100 or not rest:
        return [], None
    day = next((P.parse_date(m.group("d")) for ln in rest if (m := _INSPECTED_RE.match(ln))), None)
    ratings = [Rating(KeyQuestion.OVERALL, P.rating_word(m.group("v")), service=name)
               for ln in rest[:2] if (m := _SERVICE_RATING_RE.match(ln))]
    ratings += [Rating(r.key_question, r.value, service=name) for r in _box_ratings(rest)]
    para = " ".join(rest)
    lead = _OVERALL_LEAD_RE.match(para)
    if lead and not ratings:
        # "Overall Inadequate. Safe inadequate, effective requires improvement, …" or "We rated
        # safe, effective, caring, responsive and well-led as good."
        ratings.append(Rating(KeyQuestion.OVERALL, P.rating_word(lead.group("v")), service=name))
        said = para[lead.end():]
        pairs = [Rating(kq, P.rating_word(m.group("v")), service=name)
                 for m in _KQ_PAIR_RE.finditer(said) if (kq := P.key_question(m.group("kq")))]
        stated = pairs or [Rating(r.key_question, r.value, service=name)
                           for r in prose.ratings_in(said) if not r.service and r.key_question is not KeyQuestion.OVERALL]
        ratings += stated
    return ratings, day


def _listed_days(value: str) -> list[PartialDate]:
    """The days a latest inspection's line lists ("19 October 2021, 22 October 2021", "14 and 16
    March 2023"), each a day visited; none for a single date or a range."""
    joined = P.joined_days(value)
    if joined:
        return list(joined)
    spans = list(P.iter_dates(value))
    if len(spans) < 2 or any(b is not None or a.precision.value != "day" for a, b, _m in spans):
        return []
    return [a for a, _b, _m in spans]


def _services_at(text: str, start: int) -> tuple[int, int] | None:
    """Where the services' sections begin after ``start`` and where their blocks start: the
    heading over them, else the first paragraph that is one service's section (its name, its
    rating, "Inspected 3 March 2015") when the page gives them no heading."""
    heading = _SERVICES_RE.search(text, start)
    if heading:
        return heading.start(), heading.end()
    for m in re.finditer(r"(?m)^[ \t]*\S[^\n]*(?:\n[ \t]*\S[^\n]*)*", text[start:]):
        lines = [ln.strip() for ln in m.group(0).split("\n")]
        if (len(lines) >= 2 and ":" not in lines[0] and not P.parse_rating(lines[0])
                and any(_INSPECTED_RE.match(ln) for ln in lines[1:4])):
            return start + m.start(), start + m.start()
    return None


def inspections(text: str, location: int | None) -> list[Inspection]:
    """The latest inspection the box states, and the earlier inspections whose day a service's
    section gives ("Inspected 3 March 2015" under a box of October 2017) with that service's
    ratings; nothing when the page labels no latest inspection."""
    head = text[:3000]
    latest = _LATEST_RE.search(head)
    if not latest:
        return []
    value = latest.group("a") or latest.group("b") or latest.group("c")
    start, end = P.parse_span(value)
    days = _listed_days(value)
    if len(days) > 1 and (days[-1].iso or "") > ((end or start).iso or "" if start else ""):
        end = days[-1]  # "19 October 2021, 22 October 2021": the last listed day ends it
    published = P.parse_date(m.group("d")) if (m := _PUBLISHED_RE.search(head)) else None
    services = _services_at(text, latest.end())
    box_end = services[0] if services else len(text)
    box_text = text[latest.end():box_end]
    box = box_text.split("\n\n\n")[0]
    lines = [ln for ln in box.split("\n") if ln.strip()]
    # the box ends at the first paragraph of prose
    cut = next((k for k, ln in enumerate(lines) if len(ln.strip()) > 90 and "|" not in ln), len(lines))
    carried_from: dict[str, tuple[PartialDate, list[Rating]]] = {}
    ratings = _box_ratings(lines[:cut], carried_from)
    overall = _OVERALL_RE.search(head)
    if overall:
        ratings.insert(0, Rating(KeyQuestion.OVERALL, P.rating_word(overall.group("v"))))
    span = {d.iso for d in (start, end) if d and d.iso}
    first, last = (start.iso or "") if start else "", ((end or start).iso or "") if start else ""
    earlier: dict[str, tuple[PartialDate, list[Rating]]] = {}
    inspected: list[PartialDate] = []
    if services:
        blocks = [[ln.strip() for ln in b.split("\n") if ln.strip()] for b in re.split(r"\n[ \t]*\n", text[services[1]:])]
        for block in blocks:
            if not block or block[0].lower().startswith(("contains public sector", "we inspect ", "our ratings for")):
                continue
            found, day = _service(block)
            inspected += [day] if day else []
            if day and day.iso and span and not first <= day.iso <= last:
                earlier.setdefault(day.iso, (day, []))[1].extend(found)
            else:
                ratings += found
    # the days a section says each service was inspected, within the box's span, were visited
    days = [*days, *(d for d in inspected if d.iso and first <= d.iso <= last)]
    if start and end is None and start.precision.value == "day":
        days.append(start)  # one day's inspection: its day was visited
    visits = tuple(sorted({d.iso: d for d in days if d.iso}.values(), key=lambda d: d.iso or ""))
    details = prose.inspection_details(text[latest.end():])
    main = Inspection(location=location, start_date=start, end_date=end, publication_date=published, visit_dates=visits,
                      ratings=prose.merge_ratings(ratings), announced=details["announced"],
                      breaches=details["breaches"], actions=details["actions"], changes=details["changes"],
                      special_measures=details["special_measures"])
    # the earlier inspection the box's carried ratings were given at, by the day the box or the
    # page's prose gives it
    for m in _AWARDED_AT_RE.finditer(" ".join(text[latest.end():].split())):
        named = {kq for w in re.split(r",\s*|\s+and\s+", m.group("kqs")) if (kq := P.key_question(w.strip()))}
        day = P.parse_date(m.group("day"))
        if day and day.iso and named:
            carried_from.setdefault(day.iso, (day, []))[1].extend(
                Rating(r.key_question, r.value) for r in ratings if r.carried_over and r.key_question in named)
    for iso, (day, found) in carried_from.items():
        if iso not in earlier and iso not in span:
            earlier[iso] = (day, found)
    listed = [Inspection(location=location, start_date=day, ratings=tuple(found), is_previous=True,
                         visit_dates=(day,) if day.precision.value == "day" else ())
              for day, found in earlier.values()]
    # the earlier inspections the page's prose recalls ("The last rating for this service was good
    # (published 17 April 2019)")
    recalled = [dataclasses.replace(e, location=location) for e in prose.earlier_inspections(text[latest.end():], span)
                if not (e.start_date and e.start_date.iso in earlier)]
    return [main, *listed, *recalled]
