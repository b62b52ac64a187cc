"""2013-2014 essential standards inspection reports ("Inspection Report", "We are the regulator",
"Date of Inspection:", a list of standards each "Met this standard" or "Action needed", the
"Registered Provider" table, compliance actions and enforcement tables citing the 2010
regulations).

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import profile, prose, report
from cqcgraph.records import DocumentRecord, Inspection, InspectionKind, Location, Provider, StandardJudgement

LAYOUT = "essential-standards-report"

_JUDGEMENT_RE = re.compile(r"^(?P<title>[A-Z][^\t\n]{3,120}?)\s*(?:\t\s*[✔✘✓✗]?\s*)+\t?\s*(?P<j>Met this standard|Action needed|Enforcement action taken)\s*$", re.M)
_DATES_RE = re.compile(r"Date of Inspections?:?(?P<d>.*?)Date of Publication:?\s*(?P<p>[^\n\t]+)", re.S | re.I)


def detect(text: str) -> bool:
    head = text[:6000]
    return bool(re.search(r"Date of Inspections?:", head, re.I)) and bool(_JUDGEMENT_RE.search(head))


def parse(text: str) -> DocumentRecord:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    name = None
    address = postcode = phone = None
    for line in lines[:12]:
        if re.match(r"^(?:Inspection Report|We are the regulator)", line, re.I):
            continue
        if name is None:
            name = line
            continue
        if P.POSTCODE_RE.search(line):
            address, postcode, phone = profile.split_address(line.replace("\t", " "))
        break
    start = end = published = None
    dm = _DATES_RE.search(text[:4000])
    if dm:
        days = sorted((d for d, _e, _m in P.iter_dates(dm.group("d")) if d.iso), key=lambda d: d.iso or "")
        if days:
            start, end = days[0], days[-1]
        published = P.parse_date(dm.group("p"))
    standards = tuple(StandardJudgement(None, m.group("title").strip(), m.group("j") == "Met this standard")
                      for m in _JUDGEMENT_RE.finditer(text))
    pm = re.search(r"^Registered Provider\s*\t?\s*(?P<name>[^\t\n]+)$", text, re.M)
    providers = (Provider(name=pm.group("name").strip()),) if pm else ()
    locations = (Location(name=name, provider=0 if providers else None, address=address, postcode=postcode, phone=phone),) if name else ()
    instrument = P.REGULATED_ACTIVITIES_2010
    actions = prose.actions_in(text, instrument)
    stated = prose.breaches_stated(text)  # the list's judgements as any layout's lines state them
    breaches = list(prose.merge_breaches(prose.merge_breaches(report._breaches(text), prose.standards_breaches(standards)), stated))
    kind = InspectionKind.ROUTINE if re.search(r"\bas part of a routine inspection\b", text, re.I) else None
    inspection = Inspection(
        location=0 if locations else None, kind=kind, start_date=start, end_date=end if end != start else None,
        publication_date=published, announced=P.announcement(text), standards=standards, breaches=tuple(breaches),
        actions=tuple(actions), framework="essential standards of quality and safety",
    )
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations, inspections=(inspection,),
                          publication_date=published)
