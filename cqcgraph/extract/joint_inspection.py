"""Joint and area inspections CQC carries out with Ofsted (local area SEND inspections: special
educational needs and/or disabilities): CQC publications that rate no location.

Recognised by several features (``FEATURES``), not one heading. Their fact is the inspection and
its days; the outcome they give the area partnership ("The local area partnership's
arrangements typically lead to positive experiences …") is no CQC rating and is not read as
one. Imports the standard library, ``cqcgraph.records`` and ``patterns``.
"""

from __future__ import annotations

import re

from cqcgraph.extract import patterns as P
from cqcgraph.records import DocumentRecord, Inspection, PartialDate

LAYOUT = "joint-area-inspection"

#: CQC and Ofsted named in one sentence as inspecting together: "Ofsted and the Care Quality
#: Commission (CQC) carried out a joint inspection", "Ofsted, the Care Quality Commission (CQC),
#: HMICFRS and HMI Probation carried out a joint targeted area inspection".
_WITH_OFSTED_RE = re.compile(
    r"\bOfsted\b[^.\n]{0,120}?\b(?:Care Quality Commission|CQC)\b|\b(?:Care Quality Commission|CQC)\b[^.\n]{0,120}?\bOfsted\b")

#: Features of a joint area inspection, by family (see ``detect``).
FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("CQC with Ofsted", _WITH_OFSTED_RE),
    ("special educational needs and disabilities", re.compile(
        r"\bspecial educational needs and/or disabilities\b|\bSEND\b|\bEHC plans?\b", re.I)),
    ("a joint or area inspection", re.compile(
        r"\b(?:joint(?:ly)? (?:targeted )?(?:area |local area )?inspect(?:ion|ed)|(?:local )?area (?:SEND )?inspection|"
        r"inspected the local area)\b", re.I)),
    ("the local area partnership", re.compile(r"\blocal area partnership\b", re.I)),
)

#: The inspection's days as such a letter states them: "Dates of inspection: 13 to 17 November
#: 2023", "Inspection dates: …", "Between 4 and 8 March 2024, Ofsted and CQC jointly inspected".
_DATES_RE = re.compile(
    r"\b(?:Dates? of (?:the )?inspection|Inspection dates?)\s*:?\s*(?P<span>[^\n]+)|"
    r"\b(?:Between|From) (?P<lead>[^,\n]{6,60}?),?\s+(?:Ofsted and|the Care Quality Commission|CQC)", re.I)
_PUBLISHED_RE = re.compile(r"\b(?:Date of publication|Published)\s*:?\s*(?P<date>[^\n]+)", re.I)


def features(text: str) -> list[str]:
    """The joint-inspection features ``text`` shows."""
    return P.features_shown(FEATURES, text[:6000])


def detect(text: str) -> bool:
    """CQC with Ofsted and, besides, the inspection's dates or two other features: a page telling
    how joint inspections are done (CQC's team "includes representatives from CQC, Ofsted") is
    no report of one."""
    found = features(text)
    return "CQC with Ofsted" in found and (len(found) >= 3 or (len(found) >= 2 and bool(_DATES_RE.search(text[:6000]))))


def _span(text: str) -> tuple[PartialDate | None, PartialDate | None]:
    """First and last day of the inspection, as its dates line states them."""
    m = _DATES_RE.search(text[:6000])
    if not m:
        return None, None
    for start, end, _m in P.iter_dates(m.group("span") or m.group("lead")):
        return start, end
    return None, None


def parse(text: str) -> DocumentRecord:
    start, end = _span(text)
    published = _PUBLISHED_RE.search(text[:6000])
    inspection = Inspection(start_date=start, end_date=end,
                            publication_date=P.parse_date(published.group("date")) if published else None)
    return DocumentRecord(layout=LAYOUT, inspections=(inspection,))
