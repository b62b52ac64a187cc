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


#: Ratings a text quotes and then dates to an earlier inspection: "Your current ratings remain as
#: follows: … These ratings were published on 30 August 2017 following an inspection on 13 June
#: 2017." (CQC's letters about a review): they are that inspection's, not the review's.
_QUOTED_RATINGS_RE = re.compile(
    r"\b(?:These|The|Your current|Its current) ratings were published on (?P<pub>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
    r"\s+(?:following|after) (?:an|the|our) inspection (?:on|carried out on) (?P<insp>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")


def _quoted_ratings(text: str, details: dict) -> Inspection | None:
    """The earlier inspection the text's quoted ratings belong to (see ``_QUOTED_RATINGS_RE``);
    the ratings are taken out of ``details``."""
    m = _QUOTED_RATINGS_RE.search(" ".join(text.split()))
    if not (m and details["ratings"]):
        return None
    ratings, details["ratings"] = details["ratings"], ()
    return Inspection(start_date=P.parse_date(m.group("insp")), publication_date=P.parse_date(m.group("pub")),
                      ratings=tuple(ratings), is_previous=True)


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
    quoted = _quoted_ratings(text, details)
    visits = details["visit_dates"]
    start = start or (visits[0] if visits else None)
    inspections: list[Inspection] = []
    # a breach the text states is a finding of the inspection it reports, dated or not
    if start or details["ratings"] or details["actions"] or details["breaches"]:
        inspections.append(Inspection(location=loc, start_date=start, end_date=end or (visits[-1] if visits else None), **details))
    current = {d.iso for d in (start, end) if d and d.iso}
    earlier = [dataclasses.replace(e, location=loc) for e in prose.earlier_inspections(text, current)]
    if quoted:
        earlier = [dataclasses.replace(quoted, location=loc)] + [
            e for e in earlier if e.start_date != quoted.start_date]
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
