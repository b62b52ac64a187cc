"""Letters CQC sends a provider after a review that is not a full inspection: the annual
regulatory review, the outcome of a review, a monitoring call under the direct monitoring
approach ("Dear Dr …", "Care Quality Commission, Citygate, Gallowgate", "We have reviewed the
information we hold", "Yours sincerely … Inspection Manager").

A letter is recognised by several features (``FEATURES``), not one heading. Its facts: the
service it is addressed to (name, address, postcode), the review with the day it took place, the
breaches it states, and the ratings it quotes, which belong to the earlier inspection the letter
names ("These ratings were published on 30 August 2017 following an inspection on 13 June
2017"), never to the review. The letterhead's address is CQC's, never the service's. Imports the
standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import generic
from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose, subjects
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, Location, PartialDate, Provider, Rating

LAYOUT = "cqc-letter"

#: The notice a letter serves: its heading ("WARNING NOTICE", "Notice of proposal", "Notice of
#: decision") or its serving sentence ("we are serving you with this warning notice").
#: A heading may name the Act and section first ("Health and Social Care Act 2008 – Section 29A
#: Warning Notice"), and the serving sentence the section ("This notice is served under section 29A").
_NOTICE_RE = re.compile(
    r"^[ \t]*(?:Health and Social Care Act 2008[ \t]*[-–,:][ \t]*)?(?:Section 29A?[ \t]+)?"
    r"(?:WARNING NOTICE|Warning [Nn]otice|NOTICE OF (?:PROPOSAL|DECISION)|Notice of (?:proposal|decision))[ \t]*$|"
    r"\bwe are (?:serving|issuing) you with this (?:warning )?notice\b|"
    r"\bThis (?:warning )?notice is (?:served|issued|given) under section 29A?\b", re.M)
_SALUTATION_RE = re.compile(r"^\s*Dear\s+\S", re.M)
_SIGN_OFF_RE = re.compile(r"^\s*Yours (?:sincerely|faithfully)\b", re.I | re.M)

#: Features of a CQC letter, by family; three of them, the salutation or the sign-off among
#: them, claim a text.
FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("salutation", _SALUTATION_RE),
    ("sign-off", _SIGN_OFF_RE),
    ("CQC's letterhead", re.compile(r"\bCitygate\s*\n\s*Gallowgate\b|\A\s*Care Quality Commission\s*\n", re.I)),
    ("letter's date line", re.compile(r"^\s*Date:\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\s*$", re.M)),
    ("CQC's letter reference", re.compile(r"^\s*(?:CQC|Our) ref(?:erence)?(?: number)?:\s*\S", re.I | re.M)),
    ("kind of review written to", re.compile(
        r"\b(?:annual regulatory review|outcome of (?:our|the) review|monitoring call|(?:direct|transitional) monitoring approach|"
        r"Emergency Support Framework|"
        r"We have reviewed the information we hold|We will not be carrying out an inspection at this time)\b", re.I)),
    # a notice sent as a letter: "WARNING NOTICE" / "Health and Social Care Act 2008, section 29",
    # "we are serving you with this warning notice", "Notice of proposal"
    ("kind of notice written", _NOTICE_RE),
)


def features(text: str) -> list[str]:
    """The letter features ``text`` shows."""
    return P.features_shown(FEATURES, text[:6000])


def detect(text: str) -> bool:
    found = set(features(text))
    return len(found) >= 3 and bool({"salutation", "sign-off"} & found) and bool(
        {"kind of review written to", "kind of notice written"} & found)


def _notice(text: str) -> DocumentRecord:
    """A notice sent as a letter: what the shared patterns read of the inspection it follows and
    the notice it serves, and the service addressed when they name none."""
    record = generic.parse(text)
    place = addressee(text)
    told = subjects.labelled(text)
    if told.location.name and not record.locations:
        # the notice's labelled lines ("Provider: …", "Location: Beechcroft Unit, Newtown Road,
        # Worcester WR5 1JG") name the service it is about; the letter is addressed to the provider
        place = Location(name=told.location.name, address=told.location.address, postcode=told.location.postcode,
                         provider=0 if told.provider.name else None)
        if told.provider.name and not record.providers:
            key = told.provider.key
            record = dataclasses.replace(record, providers=(Provider(
                name=told.provider.name, cqc_id=key if key and key.startswith("1-") else None,
                ods_code=key if key and not key.startswith("1-") else None),))
    if place and not record.locations:
        record = dataclasses.replace(record, locations=(place,), inspections=tuple(
            dataclasses.replace(i, location=0) if i.location is None and i.provider is None else i for i in record.inspections))
    return dataclasses.replace(record, layout=LAYOUT, fell_back=False, notes=())


#: The lines naming the person written to, above the service's name: "Dr R Adeyemi",
#: "The Registered Manager", "Mrs J Smith" over "Registered Manager".
_PERSON_RE = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof(?:essor)?)\.?\s+\S.*|(?:The\s+)?(?:Registered|Practice|Home|Service)\s+Manager|"
    r"(?:The\s+)?(?:Nominated Individual|Chief Executive|Managing Director|Registered Person|Responsible Individual))$", re.I)
_LETTERHEAD_RE = re.compile(r"Care Quality Commission|Citygate|Gallowgate", re.I)


def _blocks(text: str) -> list[list[str]]:
    """The text's blocks of lines, split at blank lines."""
    return [[ln.strip() for ln in b.split("\n") if ln.strip()] for b in re.split(r"\n\s*\n", text)]


def addressee(text: str) -> Location | None:
    """The service the letter is addressed to: the first block before the salutation that ends
    at a postcode and is not CQC's letterhead, its person and "Private & Confidential" lines
    aside; its first line is the name, the lines up to the postcode the address."""
    salutation = _SALUTATION_RE.search(text)
    for block in _blocks(text[: salutation.start() if salutation else len(text)]):
        if any(_LETTERHEAD_RE.search(ln) for ln in block):
            continue
        lines = [ln for ln in block if not re.match(r"Private\s*(?:&|and)\s*Confidential$", ln, re.I)]
        while lines and _PERSON_RE.match(lines[0]):
            lines = lines[1:]
        coded = [(k, m) for k, ln in enumerate(lines) if (m := P.POSTCODE_RE.search(ln))]
        if not coded or coded[0][0] < 1:
            continue
        k, code = coded[0]
        before = lines[k][: code.start()].strip(" ,")
        address = ", ".join([*lines[1:k], *([before] if before else [])]) or None
        return Location(name=lines[0], address=address, postcode=P.postcode(lines[k]))
    return None


#: The service a letter's body names as reviewed, when no address block names it: "We have
#: reviewed the information we hold about Elm Court Care Home.", "Annual regulatory review of
#: Riverside Family Practice".
_REVIEWED_RE = re.compile(
    rf"\b(?:information we hold about|(?:our |an? |annual regulatory )review of|monitoring call (?:with|about))\s+(?P<name>{N.PLAIN_NAME})")


def reviewed_service(body: str) -> Location | None:
    """The service named as reviewed in the letter's body (``_REVIEWED_RE``), when it reads as a name."""
    m = _REVIEWED_RE.search(body)
    name = m.group("name").strip() if m else ""
    if not name or name.lower().startswith(("the information", "the data", "your ")) or len(name.split()) < 2:
        return None
    return Location(name=name)


_TOOK_PLACE_RE = re.compile(
    r"\b(?:This|The|Our) (?:review|call|monitoring call)\s+(?:took place|was carried out|was held) on (?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
#: The ratings a letter quotes, one a line ("Overall: Good", "Safe: Good").
_QUOTED_RE = re.compile(r"^\s*(?P<kq>Overall|Safe|Effective|Caring|Responsive|Well-led):\s*(?P<value>[A-Za-z ]+?)\s*$", re.M)
_QUOTED_FROM_RE = re.compile(
    r"\bThese ratings were published on (?P<pub>\d{1,2}\s+[A-Z][a-z]+\s+\d{4}) following an inspection on "
    r"(?P<insp>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")


#: The day an inspector visited during the review: "an inspector made a short site visit on 6 July 2021".
_SITE_VISIT_RE = re.compile(r"\bsite visit on (?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
#: The earlier inspection whose ratings the review left standing: "carried forward from the
#: inspection of 2 October 2018".
_CARRIED_FROM_RE = re.compile(r"\bcarried (?:forward|over) from the inspection of (?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
_DAY_RE = re.compile(r"\b\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\b")


def _review_span(body: str) -> tuple[PartialDate | None, PartialDate | None]:
    """First and last day of the review: the day it "took place on", or the first and last days
    the paragraph telling how the review was done gives (remote searches, interviews, a visit),
    the earlier inspection it names aside."""
    took_place = _TOOK_PLACE_RE.search(body)
    if took_place:
        return P.parse_date(took_place.group("date")), None
    for para in re.split(r"\n\s*\n", body):
        if not re.search(r"\bour review\b", para):
            continue
        days = sorted((d for m in _DAY_RE.finditer(_CARRIED_FROM_RE.sub("", para))
                       if (d := P.parse_date(m.group(0))) and d.iso), key=lambda d: d.iso or "")
        if len(days) >= 2:
            return days[0], days[-1]
    return None, None


def _quoted_ratings(text: str) -> list[Rating]:
    out: list[Rating] = []
    for m in _QUOTED_RE.finditer(text):
        value = P.parse_rating(m.group("value"))
        if value is not None:
            out.append(Rating(KeyQuestion(m.group("kq").lower()), value))
    return out


def _earlier_inspection(text: str, ratings: list[Rating]) -> Inspection | None:
    """The inspection whose ratings the letter quotes, when it names its day."""
    m = _QUOTED_FROM_RE.search(text)
    if not m or not ratings:
        return None
    day = P.parse_date(m.group("insp"))
    return Inspection(location=0, start_date=day, end_date=day, publication_date=P.parse_date(m.group("pub")),
                      ratings=tuple(ratings), is_previous=True)


def parse(text: str) -> DocumentRecord:
    found = features(text)
    if "kind of notice written" in found and "kind of review written to" not in found:
        return _notice(text)
    salutation = _SALUTATION_RE.search(text)
    body = text[salutation.start():] if salutation else text
    place = addressee(text) or reviewed_service(body)
    quoted = _quoted_ratings(body)
    overall = next((r.value for r in quoted if r.key_question is KeyQuestion.OVERALL), None)
    start, end = _review_span(body)
    details = prose.inspection_details(body)
    visits = tuple(d for m in _SITE_VISIT_RE.finditer(body) if (d := P.parse_date(m.group("date"))))
    review = Inspection(location=0 if place else None, start_date=start, end_date=end, visit_dates=visits,
                        breaches=details["breaches"], signed_by=details["signed_by"])
    earlier = _earlier_inspection(body, quoted) if place else None
    carried = _CARRIED_FROM_RE.search(body)
    if place and earlier is None and carried:
        day = P.parse_date(carried.group("date"))
        earlier = Inspection(location=0, start_date=day, end_date=day, is_previous=True)
    if place and overall is not None and earlier is not None:
        place = Location(name=place.name, address=place.address, postcode=place.postcode, current_overall_rating=overall)
    return DocumentRecord(layout=LAYOUT, locations=(place,) if place else (),
                          inspections=(review, earlier) if earlier else (review,))
