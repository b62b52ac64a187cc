"""Location web page with its inspection history ("Provided and run by:", "All Inspections",
dated entries "During a routine inspection"). Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import profile, prose, timeline
from cqcgraph.records import DocumentRecord, Inspection, Provider

LAYOUT = "location-page"


def detect(text: str) -> bool:
    return timeline.has_timeline(text) and "Report from" not in text[:3000]


def _resources_report(body: str, providers: tuple[Provider, ...],
                      inspections: list[Inspection]) -> tuple[tuple[Provider, ...], list[Inspection]]:
    """A trust page's use of resources report ("On 18 December 2019, we published a report on how
    well … uses its resources"): a publication of the provider's, on that day, and the trust's name
    as the sentence writes it, when it is the header's with one word's plural "s" dropped."""
    m = P.RESOURCES_REPORT_RE.search(body)
    published = P.parse_date(m.group("date")) if m else None
    if not (m and published):
        return providers, inspections
    trust = providers[0]
    name = m.group("name").strip()
    if trust.name and N.same_but_plural(trust.name, name) and name not in trust.alt_names:
        providers = (dataclasses.replace(trust, alt_names=(*trust.alt_names, name)), *providers[1:])
    return providers, [*inspections, Inspection(provider=0, publication_date=published)]


def parse(text: str) -> DocumentRecord:
    header = profile.parse_header(text)
    providers, locations = header.records()
    inspections = timeline.with_stated_publication(text, timeline.inspections(text[header.end:], 0 if locations else None))
    if header.is_provider and providers:
        # a provider's page: its history entries are the provider's ("This is an organisation that runs …")
        inspections = [dataclasses.replace(i, provider=0) if i.location is None and i.provider is None else i
                       for i in inspections]
        providers, inspections = _resources_report(text[header.end:], providers, inspections)
    notes = () if header.found else ("no profile header; history entries only",)
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations,
                          inspections=tuple(inspections),
                          breaches=prose.earlier_breaches(text[header.end:], inspections), notes=notes)
