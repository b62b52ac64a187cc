"""2010-2014 essential standards reviews ("Review of compliance", "Location address:", "met this
standard", "action needed", outcomes).

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract import profile, prose
from cqcgraph.records import DocumentRecord, Inspection, InspectionKind, Location, PartialDate, Provider, StandardJudgement

LAYOUT = "review-of-compliance"

_OUTCOME_RE = re.compile(
    r"Outcome\s+(?P<n>\d{1,2})\s*[:\-–]?\s*(?P<title>[A-Z][^\n.]{3,120}?)\s*(?:\n|\.|$)(?P<after>[^\n]{0,300})", re.M)


#: A web copy's trail above a review's title.
_PAGE_TRAIL_RE = re.compile(r"^(?:You are here|Home\s*>.*)$", re.I)


def detect(text: str) -> bool:
    return bool(re.search(r"Review of compliance|essential standards of quality and safety", text[:5000], re.I))


def parse(text: str) -> DocumentRecord:
    head = text[:3000]
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()]
    while lines and _PAGE_TRAIL_RE.match(lines[0]):
        lines = lines[1:]  # a web copy's trail above the title ("You are here"): no name
    programme = None
    if lines and "Review of compliance" in lines[0]:
        programme = lines[0].replace("Review of compliance", "").strip() or None
    provider_name = next((ln for ln in lines[1:4] if re.search(r"\b(?:Trust|Ltd|Limited|plc|LLP|Council)\b", ln)
                          and "Location" not in ln), None)
    region = re.search(r"Region:\s*(?P<r>[^\n]+)", head)
    loc = re.search(r"^(?P<name>(?!Region:)[^\n]+?)\s+Location address:\s*(?P<addr>[^\n]+?)\s+Type of service:\s*(?P<type>[^\n]+)$", head, re.M)
    locations: tuple[Location, ...] = ()
    if loc:
        addr = loc.group("addr")
        pc = P.postcode(addr)
        pm = P.POSTCODE_RE.search(addr)
        locations = (Location(name=loc.group("name").strip(), provider=0 if provider_name else None,
                              address=addr[: pm.start()].strip(" ,") if pm else addr, postcode=pc,
                              service_types=(loc.group("type").strip(),),
                              region=region.group("r").strip() if region else None),)
    if not locations:
        # "Location address: 45 Forest Road" over several lines, the name above "Region:"
        am = re.search(r"Location address:\s*(?P<addr>.+?)\n\s*(?:Type of service|Date of Publication|Publication date)", head, re.S | re.I)
        name = next((ln for ln in lines[1:4] if ln != provider_name and not re.match(r"(?:Region|Location address)\b", ln)), None)
        if am and name:
            parts = [ln.strip(" ,") for ln in am.group("addr").split("\n") if ln.strip()]
            pc = next((P.postcode(ln) for ln in parts if P.POSTCODE_RE.search(ln)), None)
            # the postcode on a line of its own or ending the address's line
            addr = ", ".join(x for x in (P.POSTCODE_RE.sub("", ln).strip(" ,") for ln in parts) if x) or None
            tm = re.search(r"Type of service:\s*(?P<t>[^\n]+)", head)
            locations = (Location(name=name, provider=0 if provider_name else None, address=addr, postcode=pc,
                                  service_types=(tm.group("t").strip(),) if tm else (),
                                  region=region.group("r").strip() if region else None),)
    if not locations:
        # 2012-2013 "Inspection Report" front page: "We are the regulator: …", the
        # location's name, its address ending in the postcode, "Tel:"; the provider is named under
        # "Details about this location" as "Registered Provider <name>"
        hm = re.search(r"^We are the regulator\b[^\n]*\n\s*(?P<name>[^\n]{3,80}?)[ \t]*\n\s*(?P<addr>[^\n]{5,200}?)[ \t]*\n\s*Tel\b", head, re.M)
        pm = P.POSTCODE_RE.search(hm.group("addr")) if hm else None
        if hm and pm and not hm.group("addr")[pm.end():].strip(" ,"):
            rp = re.search(r"^Registered Provider:?[ \t]+(?P<p>[^\n]{3,120}?)[ \t]*$", text[:8000], re.M)
            provider_name = provider_name or (rp.group("p") if rp else None)
            tm = re.search(r"^Type of service:?[ \t]+(?P<t>[^\n]{3,120}?)[ \t]*$", text[:8000], re.M)
            locations = (Location(name=hm.group("name").strip(), provider=0 if provider_name else None,
                                  address=hm.group("addr")[: pm.start()].strip(" ,") or None,
                                  postcode=P.postcode(hm.group("addr")), phone=P.phone(head[hm.end() - 3: hm.end() + 40]),
                                  service_types=(tm.group("t"),) if tm else ()),)
    header_providers: tuple[Provider, ...] = ()
    if not locations and re.search(r"^\s*Provided and run by\b", head, re.M):
        # a location page's header above its report ("Provided and run by: …", "CQC ID: …")
        header_providers, locations = profile.parse_header(text).records()
        provider_name = None
    pub = re.search(r"(?:Publication date|Date of Publication):\s*(?P<d>[^\n]+)", head)
    published = P.parse_date(pub.group("d")) if pub else None
    outcome = None
    m = re.search(r"was (?P<o>(?:not )?meeting (?:both|all|\w+) of the essential standards[^.]*)", text, re.I)
    if m:
        outcome = m.group("o").strip()
    standards = []
    for om in _OUTCOME_RE.finditer(text):
        after = om.group("after").lower()
        if re.search(r"action needed|not met\b|not meeting|improvements were needed", after):
            met = False
        elif re.search(r"\b(?:met|meeting) this standard", after):  # "The provider was meeting this standard."
            met = True
        else:
            met = None
        standards.append(StandardJudgement(om.group("n"), om.group("title").strip(), met))
    details = prose.inspection_details(text)
    from cqcgraph.extract import report

    visits = details["visit_dates"] or _wrapped_visits(text)
    inspection = Inspection(
        location=0 if locations else None, kind=InspectionKind.REVIEW_OF_COMPLIANCE, publication_date=published,
        start_date=visits[0] if visits else None, end_date=visits[-1] if len(visits) > 1 else None,
        # the standards judged not met, as the outcomes' sections and the front page's list state them
        breaches=prose.merge_breaches(prose.merge_breaches(report._breaches(text), prose.standards_breaches(standards)),
                                      list(details["breaches"])),
        outcome=outcome, programme=programme, standards=tuple(standards),
        actions=details["actions"], visit_dates=visits, announced=details["announced"],
    )
    providers = (Provider(name=provider_name),) if provider_name else header_providers
    # an earlier inspection the summary names with its day ("At our last inspection on 18 November
    # 2013 we found the provider was not meeting the standard for staffing")
    current = {d.iso for d in (inspection.start_date, inspection.end_date, *visits) if d is not None and d.iso}
    earlier = tuple(dataclasses.replace(e, location=inspection.location) for e in prose.earlier_inspections(text, current))
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations, inspections=(inspection, *earlier),
                          publication_date=published)


#: The paragraph telling how the review was carried out, under its heading.
_HOW_RE = re.compile(r"^[ \t]*How we carried out this review[ \t]*\n(?P<para>(?:[^\n]+\n?){1,8})", re.I | re.M)


def _wrapped_visits(text: str) -> tuple[PartialDate, ...]:
    """The visit days of the paragraph on how the review was carried out, its lines joined: a
    day wrapped over two lines ("carried out a visit on 7 June" / "2011, observed …")."""
    m = _HOW_RE.search(text)
    return tuple(prose.visit_dates(" ".join(m.group("para").split()))) if m else ()

