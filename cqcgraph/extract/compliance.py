"""2010-2014 essential standards reviews ("Review of compliance", "Location address:", "met this
standard", "action needed", outcomes): dev/046.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import DocumentRecord, Inspection, InspectionKind, Location, Provider, StandardJudgement

LAYOUT = "review-of-compliance"

_OUTCOME_RE = re.compile(
    r"Outcome\s+(?P<n>\d{1,2})\s*[:\-–]?\s*(?P<title>[A-Z][^\n.]{3,120}?)\s*(?:\n|\.|$)(?P<after>[^\n]{0,300})", re.M)


def detect(text: str) -> bool:
    return bool(re.search(r"Review of compliance|essential standards of quality and safety", text[:5000], re.I))


def parse(text: str) -> DocumentRecord:
    head = text[:3000]
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()]
    programme = None
    if lines and "Review of compliance" in lines[0]:
        programme = lines[0].replace("Review of compliance", "").strip() or None
    provider_name = next((ln for ln in lines[1:4] if re.search(r"\b(?:Trust|Ltd|Limited|plc|LLP|Council)\b", ln)
                          and "Location" not in ln), None)
    region = re.search(r"Region:\s*(?P<r>[^\n]+)", head)
    loc = re.search(r"^(?P<name>[^\n]+?)\s+Location address:\s*(?P<addr>[^\n]+?)\s+Type of service:\s*(?P<type>[^\n]+)$", head, re.M)
    locations: tuple[Location, ...] = ()
    if loc:
        addr = loc.group("addr")
        pc = P.postcode(addr)
        pm = P.POSTCODE_RE.search(addr)
        locations = (Location(name=loc.group("name").strip(), provider=0 if provider_name else None,
                              address=addr[: pm.start()].strip(" ,") if pm else addr, postcode=pc,
                              service_types=(loc.group("type").strip(),),
                              region=region.group("r").strip() if region else None),)
    pub = re.search(r"Publication date:\s*(?P<d>[^\n]+)", head)
    published = P.parse_date(pub.group("d")) if pub else None
    outcome = None
    m = re.search(r"was (?P<o>(?:not )?meeting (?:both|all|\w+) of the essential standards[^.]*)", text, re.I)
    if m:
        outcome = m.group("o").strip()
    standards = []
    for om in _OUTCOME_RE.finditer(text):
        after = om.group("after").lower()
        met = True if "met this standard" in after and "not met" not in after else (False if re.search(r"action needed|not met|not meeting", after) else None)
        standards.append(StandardJudgement(om.group("n"), om.group("title").strip(), met))
    details = prose.inspection_details(text)
    inspection = Inspection(
        location=0 if locations else None, kind=InspectionKind.REVIEW_OF_COMPLIANCE, publication_date=published,
        outcome=outcome, programme=programme, standards=tuple(standards),
        actions=details["actions"], visit_dates=details["visit_dates"], announced=details["announced"],
    )
    providers = (Provider(name=provider_name),) if provider_name else ()
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations, inspections=(inspection,),
                          publication_date=published)
