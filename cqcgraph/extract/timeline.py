"""The inspection history of a location page: entries of a date line, a label line ("During a
routine inspection") and the summary that follows.

Each entry becomes one Inspection; earlier inspections its prose mentions become their own,
with ``is_previous=True``. Imports the standard library, ``cqcgraph.records``, ``patterns`` and
``prose``.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose, visit_days
from cqcgraph.records import Inspection, InspectionKind, PartialDate

_DATE_LINE_RE = re.compile(r"^\s*\d{1,2}\s*[A-Z][a-z]+(?:\s+\d{4})?(?:\s*(?:to|and|-)\s*\d{1,2}\s*[A-Z][a-z]+)?\s+\d{4}\s*$")


_CARRIED_OUT_ON_RE = re.compile(r"^\s*Inspection carried out on\s+", re.I)


def _dates_of(line: str) -> str:
    """The dates a date line states, without the 2011-2019 pages' "Inspection carried out on"
    nor the visits named around them ("Announced visit, 21-23 June 2016. Unannounced visit, 6
    July 2016." is "21-23 June 2016, 6 July 2016")."""
    line = _VISIT_WORDS_RE.sub("", _CARRIED_OUT_ON_RE.sub("", line)).strip()
    return re.sub(r"\.\s+", ", ", line).rstrip(".")


def _is_date_line(line: str) -> bool:
    """A line that is one date or span: "19 July 2017", "4 and 5 March 2020", also after the
    2011-2014 pages' "Inspection carried out on"."""
    line = _dates_of(line)
    if _DATE_LINE_RE.match(line) or P.DAY_MONTH_LINE_RE.match(line.strip()):
        return True
    found = list(P.iter_dates(line.strip()))
    return len(found) == 1 and found[0][2].group(0).strip() == line.strip() or bool(_compound(line))


def _compound(line: str) -> tuple | None:
    """(start, end, visits) of a date line that lists several dates or spans, and nothing else ("5
    December to 7 December 2023 and 20 December 2023": a first visit, then a second; "6/9/2022,
    30/01/2023"): the first start, the last date, and each date the line states (a span's two
    ends) as a visit; None for any other line."""
    line = line.strip()
    found = list(P.iter_dates(line))
    if len(found) < 2:
        return None
    rest = line
    for _s, _e, m in found:
        rest = rest.replace(m.group(0), "\x00", 1)
    if not re.fullmatch(r"\x00(?:\s*(?:,|and|,\s*and)\s*\x00)+", rest.strip()):
        return None
    last_start, last_end, _m = found[-1]
    stated = tuple(d for start, end, _m in found for d in (start, end) if d is not None and d.precision.value == "day")
    return found[0][0], last_end or last_start, stated


def has_timeline(text: str) -> bool:
    return bool(P.LABEL_RE.search(text))


#: The older provider and location pages list their service reports one entry a line: "Inspection
#: carried out on 21 - 23 June 2016 During an inspection of Community end of life care Download
#: report PDF (opens in a new tab)", "Inspection carried out on Announced visit, 21-23 June 2016.
#: Unannounced visit, 6 July 2016. During an inspection of …": the date part and the label.
_ONE_LINE_ENTRY_RE = re.compile(
    r"^(?P<date>[ \t]*Inspection carried out on[ \t]+[^\n]+?)[ \t]+(?P<label>During an? [^\n.]{3,100}?)"
    r"(?:[ \t]+Download report\b[^\n]*)?[ \t]*$", re.I | re.M)
#: The visits a one-line entry names around its dates ("Announced visit, 21-23 June 2016.
#: Unannounced visit, 6 July 2016.").
_VISIT_WORDS_RE = re.compile(r"\b(?:Un)?announced visits?,?\s*", re.I)
#: "Service reports published 19 July 2018" heads the list of entries below it.
_REPORTS_PUBLISHED_RE = re.compile(r"^\s*(?:Service\s+)?reports\s+published\s+(?P<d>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s*$", re.I)


def _one_line_entries(text: str) -> str:
    """The text with each one-line entry written as a date line over its label."""
    return _ONE_LINE_ENTRY_RE.sub(lambda m: m.group("date") + "\n" + m.group("label"), text)


def _spans(lines: list[str]) -> list[tuple[int, int, int]]:
    """``(first line, label line, stop)`` of each entry of the history, in page order."""
    starts: list[tuple[int, int]] = []  # (first line of entry, label line)
    for i, line in enumerate(lines):
        if P.LABEL_RE.fullmatch(line.strip()):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            first = j if j >= 0 and _is_date_line(lines[j]) else i
            starts.append((first, i))
    return [(first, label_i, _heading_above(lines, starts[k + 1][0]) if k + 1 < len(starts) else len(lines))
            for k, (first, label_i) in enumerate(starts)]


def _heading_above(lines: list[str], first: int) -> int:
    """Where the entry whose first line is ``first`` begins: at the line above it that states
    its report's publication ("Report published 19 September 2024"), which heads it and is no
    part of the entry before."""
    j = first - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j if j >= 0 and _PUBLISHED_ABOVE_RE.match(lines[j]) else first


def entries(text: str) -> list[tuple[str | None, str, str]]:
    """``(date line, label, body)`` for each entry of the history, in page order."""
    lines = _one_line_entries(text).split("\n")
    return [(lines[first].strip() if first != label_i else None, lines[label_i].strip(), "\n".join(lines[label_i + 1: stop]))
            for first, label_i, stop in _spans(lines)]


def listed_publications(text: str) -> list[PartialDate | None]:
    """For each entry, the date of the "Service reports published …" line heading the list it is
    in (None above any such line)."""
    lines = _one_line_entries(text).split("\n")
    out: list[PartialDate | None] = []
    for first, _label_i, _stop in _spans(lines):
        heads = [m for m in (_REPORTS_PUBLISHED_RE.match(ln) for ln in lines[:first]) if m]
        out.append(P.parse_date(heads[-1].group("d")) if heads else None)
    return out


def assessment_span(body: str) -> tuple:
    """Start and end of an assessment: "took place between 16 January and 06 February 2024"
, "We started the assessment on 25 July 2025 … finishing the assessment on
    02 September 2025"."""
    m = re.search(r"^\s*Assessment dates?:?\s*(?P<span>[^\n]+)", body, re.I | re.M) or P.ASSESSMENT_DATES_RE.search(body)
    if m:
        start, end = P.parse_span(m.group("span"))
        if start:
            return start, end
    # "We carried out this assessment between 12 March 2025 and 2 April 2025", "We assessed this
    # service between 21 October 2024 and 2 December 2024"
    m = re.search(r"(?:took place|carried out (?:this|the|our) assessment|\bwe assessed (?:this|the) (?:service|practice|location)) "
                  r"(?:between|from|on)\s+(?P<span>[^.]+)", body, re.I)
    if m:
        start, end = P.parse_span(m.group("span"))
        if start:
            return start, end
    # "The assessment started on 16 July 2024 and ended on 2 August 2024", "Assessment activity
    # started on 27 January 2025 and ended on 11 March 2025"
    m = re.search(r"\b(?:the assessment|assessment activity) (?:started|began) on\s+(?P<s>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s+and\s+(?:ended|finished|was completed) on\s+(?P<e>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})", body, re.I)
    if m and P.parse_date(m.group("s")):
        return P.parse_date(m.group("s")), P.parse_date(m.group("e"))
    s = re.search(r"started the assessment on\s+(?P<d>[^,.]+)", body, re.I)
    e = re.search(r"finish(?:ed|ing) the assessment on\s+(?P<d>[^,.]+)", body, re.I)
    return (P.parse_date(s.group("d")) if s else None, P.parse_date(e.group("d")) if e else None)


def quality_statements_looked_at(body: str) -> tuple[str, ...]:
    """"and 5 Quality Statements: Safeguarding, Involving people to manage risks, …"."""
    m = re.search(r"\d+\s+Quality Statements?:\s*(?P<list>[^.\n]+)", body, re.I)
    if not m:
        return ()
    items = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", m.group("list"))
    # "Independence, choice and control" is one statement: rejoin a lower-case tail
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item[0].islower() and out:
            out[-1] = f"{out[-1]}, {item}"
        elif item:
            out.append(item)
    return tuple(out)


def visits(body: str, kind: InspectionKind | None):
    if kind is InspectionKind.DATA_REVIEW:
        return ()
    if kind is InspectionKind.ASSESSMENT:
        return tuple(d for s in P.sentences(body) if re.search(r"\bvisit", s, re.I)
                     for d in prose.visit_dates(s))
    return tuple(prose.visit_dates(body))


#: An entry about one service of a location or trust names it in its label: "During an inspection
#: of Community health services for children, young people and families", "During an assessment
#: of Urgent and emergency services". The ratings its prose states ("Our rating of this service
#: stayed the same. We rated it as requires improvement") are that service's, not the location's
#: or the trust's own.
_SERVICE_LABEL_RE = re.compile(r"^During an? (?:inspection|assessment) of (?P<service>[A-Z][^\n.]{3,100}?)\s*$")


def inspection(date_line: str | None, label: str, body: str, location: int | None = 0) -> list[Inspection]:
    """The inspection an entry describes, then the earlier ones its prose mentions."""
    kind = P.label_kind(label)
    of_service = _SERVICE_LABEL_RE.match(label.strip())
    start, end = P.parse_span(date_line) if date_line else (None, None)
    compound = _compound(_dates_of(date_line)) if date_line else None
    # the line's own wording of its dates, without "Inspection carried out on"
    dates_line = _CARRIED_OUT_ON_RE.sub("", date_line) if date_line else None
    if compound:
        start, end, _stated = compound
    details = prose.inspection_details(body)
    vis = visits(body, kind)
    if compound:
        vis = (*vis, *compound[2])
    if date_line:
        vis = (*vis, *P.listed_days(date_line))  # "5, 8, 10 April 2013": each day a visit
    if date_line and _CARRIED_OUT_ON_RE.match(date_line):
        vis = (*vis, *P.joined_days(_dates_of(date_line)))  # "… on 27 November 2018 and 4 December 2018"
    vis = tuple(sorted({d.iso: d for d in vis}.values(), key=lambda d: d.iso or ""))
    if start is not None and start.iso and start.precision.value == "day":
        # the date line states when the entry's inspection began (and, for a span, ended): a
        # day outside is another inspection's (a list of earlier reports below the entry)
        last = end.iso if end is not None and end.iso and end.precision.value == "day" else None
        vis = tuple(d for d in vis if d.iso and d.iso >= start.iso and (last is None or d.iso <= last))
    qs: tuple[str, ...] = ()
    if kind is InspectionKind.ASSESSMENT:
        a_start, a_end = assessment_span(body)
        start = start or a_start
        end = end or a_end
        qs = quality_statements_looked_at(body)
    activity = P.ACTIVITY_SPAN_RE.search(body)
    if activity and start is None:
        start, end = P.parse_date(activity.group("s")), end or P.parse_date(activity.group("e"))
    elif activity and end is None and start is not None and start.iso == (P.parse_date(activity.group("s")) or start).iso:
        # the entry's date line is the day the activity started: it ended when the body says, not
        # on the last day visited
        end = P.parse_date(activity.group("e"))
    if start is None and vis:
        start = vis[0]
    between = prose.SPAN_BETWEEN_RE.search(body)
    if end is None and between and start is not None:
        s_start, s_end = P.parse_span(between.group("span"))
        if s_start and s_end and s_start.iso == start.iso:
            end = s_end  # "took place between 6 and 14 September 2018"
    if end is None and vis and start is not None and vis[-1].iso and start.iso and vis[-1].iso >= start.iso:
        end = vis[-1]
    calls = visit_days.calls_after(body, start) if start is not None else []
    # the days people were telephoned are no visits, whatever else the sentence says
    vis = tuple(d for d in vis if d.iso not in {c.iso for c in calls})
    calls = calls if end is None or end == start else []
    if calls:
        # "after the visit we spoke by telephone with nine people … on 24 and 25 October 2013": the
        # calls end the entry's inspection, and its own day is the one it visited
        end = calls[-1]
    if not vis and date_line and start is not None and start.precision.value == "day" \
            and (end is None or end == start or calls) and kind not in (InspectionKind.DATA_REVIEW, InspectionKind.ASSESSMENT) \
            and not (_REMOTE_RE if calls else _BY_PHONE_LINE_RE).search(body):
        # "Inspection carried out on 19 July 2023", or the date line "9 March 2022" alone over
        # "During a routine inspection": the one day the entry's inspection visited
        vis = (start,)
    narrated = []
    if start is not None and start.iso:
        # inspections the entry's prose narrates on other days are earlier ones, not its visits
        own = {start.iso, *(d.iso for d in (end,) if d is not None and d.iso)}
        narrated = [(s, e, v) for s, e, v in prose.narrated_visits(body) if s.iso and s.iso < min(own)]
        theirs = {d.iso for s, e, v in narrated for d in (s, e, *v) if d is not None}
        vis = tuple(d for d in vis if d.iso not in theirs)
    details["visit_dates"] = vis
    current = {d.iso for d in (start, end, *vis) if d is not None and d.iso}
    pm = re.search(r"^\s*(?:Report published|Date of publication):?\s*(?P<d>[^\n]{6,30})$", body, re.I | re.M)
    main = Inspection(
        location=location, kind=kind, label=label, start_date=start, end_date=end,
        # a date line without its year ("4 August") keeps its wording
        dates_text=" ".join(dates_line.split()) if dates_line and (compound or start is None) else None,
        publication_date=P.parse_date(pm.group("d")) if pm else None,
        quality_statements_assessed=qs, **details,
    )
    if kind is InspectionKind.DATA_REVIEW:
        main = dataclasses.replace(main, outcome=_first_sentence(body))
    if of_service:
        service = of_service.group("service")
        main = dataclasses.replace(main, ratings=tuple(r if r.service else dataclasses.replace(r, service=service)
                                                        for r in main.ratings))
    earlier = [dataclasses.replace(e, location=location) for e in prose.earlier_inspections(body, current)]
    known = {e.start_date.iso for e in earlier if e.start_date}
    for s, e, v in narrated:
        if s.iso not in known:
            earlier.append(Inspection(location=location, start_date=s, end_date=e or s, visit_dates=v, is_previous=True))
    return [main, *earlier]


#: The 2011-2014 report pages state a report's two dates together above it: "Date of Inspection:
#: 4 April 2011" then "Date of Publication: 29 June 2011".
_DATES_OF_REPORT_RE = re.compile(
    r"^\s*Date of Inspection:?\s*(?P<insp>[^\n]{6,40}?)\s*\n\s*Date of Publication:?\s*(?P<pub>[^\n]{6,40}?)\s*$", re.I | re.M)


def with_stated_publication(text: str, found: list[Inspection]) -> list[Inspection]:
    """Each inspection whose start day a "Date of Inspection:" line states gets the "Date of
    Publication:" stated with it, when it has none."""
    out = list(found)
    for m in _DATES_OF_REPORT_RE.finditer(text):
        day, published = P.parse_date(m.group("insp")), P.parse_date(m.group("pub"))
        if not (day and day.iso and published):
            continue
        same = [k for k, i in enumerate(out) if not i.is_previous and i.start_date and i.start_date.iso == day.iso]
        if len(same) == 1 and out[same[0]].publication_date is None:
            out[same[0]] = dataclasses.replace(out[same[0]], publication_date=published)
    return out


def _first_sentence(body: str) -> str | None:
    for s in P.sentences(body):
        if re.search(r"not found evidence|no evidence", s, re.I):
            return s
    return None


#: The line above an entry that states when its report was published: "Report: 6 September
#: 2023", "Report published 14 February 2020", "Published: 3 May 2019", "Date of publication: …".
_PUBLISHED_ABOVE_RE = re.compile(r"^\s*(?:Report(?:\s+published)?(?:\s+on)?|Published(?:\s+on)?|Date of publication)\s*:?\s*(?P<d>\d{1,2}[^\n]{4,28})$", re.I)

#: An entry whose body says it visited no one ("a remote review", "by telephone"): its date line
#: is not a day visited.
_BY_PHONE_LINE_RE = re.compile(r"\b(?:desk[- ]based|remote(?:ly)?|by (?:tele)?phone|without (?:a )?(?:site )?visit)\b", re.I)
#: The same without the calls: an entry whose calls are dated after its day visited on that day,
#: unless its work was remote.
_REMOTE_RE = re.compile(r"\b(?:desk[- ]based|remote(?:ly)?|without (?:a )?(?:site )?visit)\b", re.I)


def published_above(text: str) -> list[PartialDate | None]:
    """For each entry, the publication date the line above its first line states, if any."""
    lines = _one_line_entries(text).split("\n")
    out: list[PartialDate | None] = []
    for first, _label_i, _stop in _spans(lines):
        j = first - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        m = _PUBLISHED_ABOVE_RE.match(lines[j]) if j >= 0 else None
        out.append(P.parse_date(m.group("d")) if m else None)
    return out


def inspections(text: str, location: int | None = 0) -> list[Inspection]:
    out: list[Inspection] = []
    for (date_line, label, body), published, above in zip(entries(text), listed_publications(text), published_above(text), strict=True):
        found = inspection(date_line, label, body, location)
        if (published or above) and found[0].publication_date is None:
            found[0] = dataclasses.replace(found[0], publication_date=above or published)
        out.extend(found)
    return _merge_published_mentions(_merge_month_mentions(_merge_stated_entries(out)))


def _merge_stated_entries(found: list[Inspection]) -> list[Inspection]:
    """An earlier inspection one entry's summary states on the same start day as another entry of
    the same page is that entry, not a second inspection ("Following our previous
    inspection on 21 January 2019, the practice was rated Requires Improvement overall" above the
    page's own 21 January 2019 entry): its ratings go to that entry where it states none for the
    key question, and it is dropped. A rating known only by its publication date ("The last rating
    … (published 19 May 2021)") is placed by ``_merge_published_mentions``."""
    found = list(found)
    drop: set[int] = set()
    for n, insp in enumerate(found):
        if not insp.is_previous:
            continue
        target: int | None = None
        if insp.start_date and insp.start_date.precision.value == "day":
            same = [k for k, e in enumerate(found) if not e.is_previous and e.start_date
                    and e.start_date.iso == insp.start_date.iso]
            target = same[0] if len(same) == 1 else None
        if target is None:
            continue
        e = found[target]
        have = {(r.key_question, r.service, r.population_group): r.value for r in e.ratings}
        if any(have.get((r.key_question, r.service, r.population_group), r.value) != r.value for r in insp.ratings):
            continue  # the entry states another rating: not the same inspection, or not the same reading
        new = tuple(r for r in insp.ratings if (r.key_question, r.service, r.population_group) not in have)
        found[target] = dataclasses.replace(e, ratings=e.ratings + new)
        drop.add(n)
    return [f for n, f in enumerate(found) if n not in drop]


def _merge_month_mentions(found: list[Inspection]) -> list[Inspection]:
    """An earlier inspection a summary names by its month ("At our last inspection in November
    2015 the service was rated Requires Improvement") is the page's own entry of
    that month when there is exactly one: its rating goes to that entry, which states none."""
    found = list(found)
    drop: set[int] = set()
    for n, insp in enumerate(found):
        if not (insp.is_previous and insp.start_date and insp.start_date.precision.value == "month"):
            continue
        same = [k for k, e in enumerate(found) if not e.is_previous and e.start_date and e.start_date.precision.value == "day"
                and (e.start_date.iso or "").startswith(insp.start_date.iso or "?")]
        if len(same) != 1:
            continue
        target = found[same[0]]
        have = {(r.key_question, r.service, r.population_group) for r in target.ratings}
        if any((r.key_question, r.service, r.population_group) in have for r in insp.ratings):
            continue
        found[same[0]] = dataclasses.replace(target, ratings=target.ratings + insp.ratings)
        drop.add(n)
    return [f for n, f in enumerate(found) if n not in drop]


#: How long after its inspection began a report is published, at most, for an entry to be the one
#: a later entry's "(published …)" names: CQC aims to publish within weeks, and rarely takes more
#: than a few months.
_PUBLISHED_WITHIN_DAYS = 270


def _days_between(a: str, b: str) -> int | None:
    try:
        return (datetime.date.fromisoformat(b) - datetime.date.fromisoformat(a)).days
    except ValueError:
        return None


def _merge_published_mentions(found: list[Inspection]) -> list[Inspection]:
    """An earlier rating an entry states with its publication date only ("The last rating for
    this service was good (published 14 February 2020)") is the page's next older entry, when that
    entry began in the months before that day and the entry stating it began after it: a
    location's list of inspections runs newest first, and each entry recalls the one below it.
    Its ratings go to that entry where it states none for the key question, and the entry gets
    its publication date; otherwise it stays its own."""
    found = list(found)
    drop: set[int] = set()
    for n, insp in enumerate(found):
        pub = insp.publication_date
        if not (insp.is_previous and insp.start_date is None and pub and pub.iso and pub.precision.value == "day"):
            continue
        above = [e for e in found[:n] if not e.is_previous]
        if not above or not (above[-1].start_date and above[-1].start_date.iso and above[-1].start_date.iso > pub.iso):
            continue  # the entry stating it is not later than the report it recalls
        below = next((k for k in range(n + 1, len(found)) if not found[k].is_previous), None)
        if below is None:
            continue
        e = found[below]
        began = e.start_date.iso if e.start_date and e.start_date.precision.value == "day" else None
        gap = _days_between(began, pub.iso) if began else None
        if gap is None or not 0 <= gap <= _PUBLISHED_WITHIN_DAYS:
            continue
        if e.publication_date is not None and e.publication_date.iso != pub.iso:
            continue
        have = {(r.key_question, r.service, r.population_group): r.value for r in e.ratings}
        if any(have.get((r.key_question, r.service, r.population_group), r.value) != r.value for r in insp.ratings):
            continue  # the entry states another rating: not the inspection recalled
        new = tuple(r for r in insp.ratings if (r.key_question, r.service, r.population_group) not in have)
        found[below] = dataclasses.replace(e, ratings=e.ratings + new, publication_date=e.publication_date or pub)
        drop.add(n)
    return [f for n, f in enumerate(found) if n not in drop]
