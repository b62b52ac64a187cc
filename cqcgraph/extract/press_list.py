"""Press releases listing many locations with an outcome each ("Acorn Villas Dental Practice,
Airedale, Wharfedale and Craven: Meeting Standards").

Imports the standard library, ``cqcgraph.records`` and ``patterns``.
"""

from __future__ import annotations

import re

from cqcgraph.records import DocumentRecord, Inspection, Location

LAYOUT = "press-release-list"

_ITEM_RE = re.compile(r"^\s*[-•*]?\s*(?P<name>[^\n:]+?),\s*(?P<area>[^\n,:][^\n:]*?):\s*(?P<outcome>(?:Not )?[Mm]eeting [Ss]tandards)\s*$", re.M)
_KIND_RE = re.compile(r"\b\d+\s+(?P<kind>dental practices|GP practices|care homes|hospitals|practices)\b")


def detect(text: str) -> bool:
    return len(_ITEM_RE.findall(text)) >= 3


def parse(text: str) -> DocumentRecord:
    km = _KIND_RE.search(text)
    service_type = km.group("kind").rstrip("s").replace("practice", "practice") if km else None
    locations, inspections = [], []
    for m in _ITEM_RE.finditer(text):
        locations.append(Location(name=m.group("name").strip(), area=m.group("area").strip(),
                                  service_types=(service_type,) if service_type else ()))
        outcome = m.group("outcome")
        inspections.append(Inspection(location=len(locations) - 1, outcome=outcome[0].upper() + outcome[1:].lower()))
    return DocumentRecord(layout=LAYOUT, locations=tuple(locations), inspections=tuple(inspections),
                          publisher="Care Quality Commission")
