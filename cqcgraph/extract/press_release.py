"""CQC press releases: a provider or location named in prose, ratings in sentences ("rated
inadequate overall, and for being safe and well-led"), ratings carried over, rating changes,
special measures, warning notices (incl. section 29A), conditions, suspension, cancellation,
prosecution with plea, fine, costs and victim surcharge, unregistered services (seed 003,
dev/013, dev/048, dev/052, dev/055).

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import (
    Action,
    ActionKind,
    Breach,
    DocumentRecord,
    Figure,
    Inspection,
    KeyQuestion,
    Location,
    PartialDate,
    Provider,
    Rating,
    RatingChange,
)

LAYOUT = "press-release"

_MARKERS = re.compile(
    r"press release|^Page last updated|^Categories\b|^\s*•\s*Media,?$|^Published:|^Ends\s*$|"
    r"^(?:CQC|The Care Quality Commission)\b.{0,80}\b(?:rates|warns|takes?|publish|prosecut|places)", re.I | re.M)
_UNREGISTERED_RE = re.compile(
    r"(?P<title>(?:carrying out|providing|carried out)\s+(?:a\s+)?regulated activit(?:y|ies)\s+while\s+(?:being\s+)?unregistered)"
    r"[^.]*?\bbetween\s+(?P<span>[^.]+\d{4})", re.I)
_BREACH_LINE_RE = re.compile(r"^\s*[•\-]?\s*Regulation\s+(?P<num>\d{1,2}[A-Z]?)\s*,?\s*\(Outcome\s+(?P<o>\d{1,2})\)\s*:\s*(?P<title>[^\n]+)$", re.M)
_MUST_LEAD_RE = re.compile(r"^.*\bmust\s+(?:improve|take action|do)\b[^\n]*(?:are|include|:)\s*:?\s*$", re.I | re.M)
_FIGURE_RE = re.compile(r"\b(?P<q>around|almost|nearly|about|more than|over|approximately)\s+(?P<n>\d[\d,]*)\s+(?P<what>[a-z][a-z ]{2,40}?)\b(?=[ ,.])")


def detect(text: str) -> bool:
    return len(_MARKERS.findall(text[:3000])) >= 1


def _head(text: str) -> tuple[str | None, PartialDate | None, tuple[str, ...]]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip() and ln.strip() != "You are here"]
    title = lines[0] if lines else None
    pub = None
    m = re.search(r"Published:?\s*(?P<d>[^\n]*\n?[^\n]*)", text[:800])
    if m:
        pub = P.parse_date(m.group("d"))
    if pub is None:
        for ln in lines[1:6]:
            d = P.parse_date(ln)
            if d and len(ln) < 30:
                pub = d
                break
    cats: list[str] = []
    head = text[:800]
    cm = re.search(r"^Categories:?\s*\n(?P<c>(?:[^\n]+\n){1,6})", head, re.M)
    block = cm.group("c") if cm else head
    for ln in block.split("\n"):
        ln = ln.strip()
        if ln.startswith("•"):
            cats.append(ln.lstrip("• ").rstrip(",").strip())
        elif cm and ln and not cats and len(ln) < 40 and not P.parse_date(ln):
            cats.append(ln.rstrip(","))
            break
        elif cm and cats and not ln.startswith("•"):
            break
    return title, pub, tuple(c for c in cats if c)


def _entities(text: str) -> tuple[list[Provider], list[Location]]:
    providers: dict[str, Provider] = {}
    locations: dict[str, Location] = {}
    lead = "\n".join(text.split("\n")[:40])
    county = N.COUNTY_RE.search(lead)
    town_lead = N.TOWN_LEAD_RE.search(lead)
    for m in N.HEAD_OFFICE_RE.finditer(text):
        name = N.clean(m.group("name"))
        providers.setdefault(name, Provider(name=name, town=m.group("town")))
        locations.setdefault(name, Location(name=name, town=m.group("town"), county=county.group("county") if county else None))
    for m in N.INSPECTED_RE.finditer(text):
        name = N.clean(m.group("name"))
        if name not in locations and len(name) > 3:
            locations[name] = Location(name=name)
    for m in N.PRACTICE_RE.finditer(text):
        name = N.clean(m.group("name"))
        locations[name] = Location(name=name, town=m.group("town"))
    for m in N.AKA_RE.finditer(text):
        name = N.clean(m.group("name"))
        if N.is_organisation(name):
            providers[name] = Provider(name=name, alt_names=(m.group("aka").strip(),),
                                       town=town_lead.group("town") if town_lead else None)
    for m in N.WARNED_RE.finditer(text):
        name = N.clean(m.group("name"))
        if N.is_organisation(name):
            providers.setdefault(name, Provider(name=name))
    for m in N.TRUST_RE.finditer(text):
        name = N.clean(m.group("name"))
        if not any(name in p or p in name for p in providers):
            providers[name] = Provider(name=name)
    provs = list(providers.values())
    locs = [dataclasses.replace(loc, provider=0 if len(provs) == 1 else None) for loc in locations.values()]
    return provs, locs


def _inspection_dates(text: str) -> tuple[PartialDate | None, PartialDate | None, str | None, tuple]:
    for s in P.sentences(text):
        if not re.search(r"\b(?:inspect\w*|visit\w*)\b", s, re.I) or prose.is_previous_sentence(s):
            continue
        if re.search(r"\b(?:visited|inspected)\b[^.]*\bon\s+\d", s):
            start, end = P.parse_span(s[re.search(r"\bon\s+\d", s).start():])
            if start:
                return start, end or start, None, P.announcement(s)
        y = P.yearless_date(s)
        if y:
            return None, None, y.text, P.announcement(s)
    return None, None, None, None


def parse(text: str) -> DocumentRecord:
    title, published, categories = _head(text)
    providers, locations = _entities(text)
    body = text
    ratings = prose.ratings_in(body)
    changes, previous_ratings = prose.changes_in(body)
    actions = prose.actions_in(body, P.instrument_for(text, P.REGULATED_ACTIVITIES_2014))
    breaches = [Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, m.group("num")), title=m.group("title").strip(), outcome=m.group("o"))
                for m in _BREACH_LINE_RE.finditer(text)]
    for m in _UNREGISTERED_RE.finditer(text):
        start, end = P.parse_span(m.group("span"))
        breaches.append(Breach(None, title=m.group("title"), period_start=start, period_end=end))
    if breaches and breaches[0].regulation:
        actions = [dataclasses.replace(a, regulation=breaches[0].regulation)
                   if a.kind in (ActionKind.WARNING_NOTICE, ActionKind.WARNING_NOTICE_29A) and a.regulation is None else a
                   for a in actions]
    for lead in _MUST_LEAD_RE.finditer(text):
        for ln in text[lead.end():].split("\n"):
            b = re.match(r"^\s*[•\-*]\s+(?P<t>.+)$", ln)
            if not ln.strip():
                continue
            if not b:
                break
            actions.append(Action(ActionKind.MUST, text=b.group("t").strip()))
    if re.search(r"\btoday\b", text) and published:
        court = next((a.court for a in actions if a.court), None)
        actions = [dataclasses.replace(a, date=published, court=a.court or court)
                   if a.kind in (ActionKind.PROSECUTION, ActionKind.FINE) else a for a in actions]
    start, end, dates_text, announced = _inspection_dates(text)
    inspections: list[Inspection] = []
    subject_provider = 0 if providers and not locations else None
    subject_location = 0 if locations else None
    if ratings or start or dates_text or changes:
        inspections.append(Inspection(
            location=subject_location, provider=subject_provider, start_date=start, end_date=end,
            dates_text=dates_text, announced=announced, ratings=tuple(ratings), changes=tuple(changes),
            actions=tuple(actions), breaches=tuple(b for b in breaches if b.period_start is None),
            special_measures=prose.special_measures(actions),
        ))
        doc_actions: tuple[Action, ...] = ()
        doc_breaches = tuple(b for b in breaches if b.period_start is not None)
    else:
        doc_actions, doc_breaches = tuple(actions), tuple(breaches)
    earlier = prose.earlier_inspections(text, {d.iso for d in (start, end) if d and d.iso})
    if earlier and inspections:
        current = inspections[0]
        prev = earlier[0]
        extra = list(previous_ratings)
        overall_now = next((r for r in current.ratings if r.key_question is KeyQuestion.OVERALL), None)
        if overall_now and any(c.key_question is KeyQuestion.OVERALL and c.change is RatingChange.STAYED_THE_SAME for c in changes):
            extra.append(Rating(KeyQuestion.OVERALL, overall_now.value))
        earlier[0] = dataclasses.replace(prev, ratings=prose.merge_ratings(prev.ratings, extra),
                                         location=subject_location, provider=subject_provider)
    figures = tuple(Figure(m.group("what").strip(), float(m.group("n").replace(",", "")), m.group("q").lower(), m.group(0))
                    for m in _FIGURE_RE.finditer(text))
    return DocumentRecord(
        layout=LAYOUT, title=title, publication_date=published, categories=categories,
        providers=tuple(providers), locations=tuple(locations), inspections=(*inspections, *earlier),
        actions=doc_actions, breaches=doc_breaches, figures=figures, publisher="Care Quality Commission",
    )
