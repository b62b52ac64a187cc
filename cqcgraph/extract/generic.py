"""The fallback: what the shared patterns find in a text no layout parser claims (a
copied report fragment with no header). Marks the record ``fell_back=True`` with a note.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import DocumentRecord, Inspection, Location, Provider

LAYOUT = "generic"


def parse(text: str) -> DocumentRecord:
    locations: tuple[Location, ...] = ()
    m = N.DESCRIBED_RE.search(text)
    if m:
        locations = (Location(name=N.clean(m.group("name")), service_types=(m.group("type").strip(),)),)
    providers: tuple[Provider, ...] = ()
    named = None if locations else N.operated_by(text[:3000])
    if named:
        providers = (Provider(name=named[1]),)
        locations = (Location(name=named[0], provider=0),)
    loc = 0 if locations else None
    span = re.search(r"\b(?:inspection|visit|assessment)\s+took place\s+(?:over the period of\s+|between\s+|on\s+)?(?P<s>[^.,]+)", text, re.I)
    start, end = P.parse_span(span.group("s")) if span else (None, None)
    details = prose.inspection_details(text)
    visits = details["visit_dates"]
    start = start or (visits[0] if visits else None)
    inspections: list[Inspection] = []
    # a breach the text states is a finding of the inspection it reports, dated or not
    if start or details["ratings"] or details["actions"] or details["breaches"]:
        inspections.append(Inspection(location=loc, start_date=start, end_date=end or (visits[-1] if visits else None), **details))
    current = {d.iso for d in (start, end) if d and d.iso}
    earlier = [dataclasses.replace(e, location=loc) for e in prose.earlier_inspections(text, current)]
    breaches = prose.breaches_listed(text)
    if breaches and earlier and re.search(r"identified at that inspection|at the last inspection", text, re.I):
        earlier[0] = dataclasses.replace(earlier[0], breaches=tuple(breaches))
        breaches = []
    breaches = list(prose.merge_breaches(breaches, list(prose.earlier_breaches(text, [*inspections, *earlier]))))
    record = DocumentRecord(
        layout=LAYOUT, fell_back=True, providers=providers, locations=locations, inspections=(*inspections, *earlier),
        breaches=tuple(breaches), notes=("no layout-specific parser matched; read with the shared patterns only",),
    )
    return record
