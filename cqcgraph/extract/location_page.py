"""Location web page with its inspection history ("Provided and run by:", "All Inspections",
dated entries "During a routine inspection"). Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses

from cqcgraph.extract import profile, prose, timeline
from cqcgraph.records import DocumentRecord

LAYOUT = "location-page"


def detect(text: str) -> bool:
    return timeline.has_timeline(text) and "Report from" not in text[:3000]


def parse(text: str) -> DocumentRecord:
    header = profile.parse_header(text)
    providers, locations = header.records()
    inspections = timeline.with_stated_publication(text, timeline.inspections(text[header.end:], 0 if locations else None))
    if header.is_provider and providers:
        # a provider's page: its history entries are the provider's ("This is an organisation that runs …")
        inspections = [dataclasses.replace(i, provider=0) if i.location is None and i.provider is None else i
                       for i in inspections]
    notes = () if header.found else ("no profile header; history entries only",)
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations,
                          inspections=tuple(inspections),
                          breaches=prose.earlier_breaches(text[header.end:], inspections),
                          actions=prose.earlier_actions(text[header.end:], inspections), notes=notes)
