"""Who and where a CQC publication is about, read by what a name, an address and a postcode are
and by the labels CQC puts on them, whatever the layout: key–value lines with any separator
("Provider: …", "Registered provider | …", "Location name – …", "Address" with its lines below,
"Telephone" ending them), a front page's name above its address block (the provider above the
name or below the address), a page title "<name> - Care Quality Commission", "Ratings for
<name>", the opening of a summary ("X is a residential care home … run by Y Ltd", "The home is
run by Y Limited") and an NHS trust named at the head. A name that is a section heading, a key
question, a rating, a person (a registered manager, an inspector), a kind of service, a town
alone or CQC itself is no name, and CQC's own office address is never the subject's.

``stated(text)`` gives what the text states (``subjects_merge`` merges it into a layout's
record). Imports the standard library and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P

#: The labels of a location's or a provider's facts, by what they label (lower case, matched as a
#: whole label at the start of a line).
LABELS: dict[str, tuple[str, ...]] = {
    "provider": ("provider", "provider name", "name of provider", "registered provider", "name of registered provider",
                 "registered provider name", "service provider", "care provider", "provided and run by", "provided by",
                 "run by", "operated by", "managed by", "owned by", "trust", "trust name", "name of trust", "nhs trust", "registered organisation",
                 "organisation", "organisation name", "name of organisation", "name of the provider",
                 "name of the registered provider", "provider's name", "registered provider(s)", "nhs trust name"),
    "location": ("name", "location", "location name", "name of location", "registered location", "name of registered location",
                 "service name", "name of service", "service", "service inspected", "location inspected",
                 "care home", "care home name", "name of care home", "practice", "practice name", "name of practice",
                 "hospital", "hospital name", "name of hospital", "surgery", "clinic", "services inspected at",
                 "name of the location", "name of the service", "name of the practice", "location's name", "service's name",
                 "location visited", "site name", "registered location(s)"),
    "address": ("address", "location address", "service address", "address of location", "address of service",
                "practice address", "site address", "premises", "premises address", "registered location address",
                "address of the location", "address of the service", "location's address", "full address", "postal address"),
    "provider address": ("head office", "head office address", "registered office", "registered office address",
                         "provider address", "provider's address", "address of provider", "trust headquarters",
                         "headquarters", "registered address"),
    "postcode": ("postcode", "post code"),
    "location id": ("location id", "cqc location id", "cqc id", "location cqc id", "cqc location number", "location id number",
                    "location reference"),
    "provider id": ("provider id", "cqc provider id", "provider cqc id", "ods code", "trust code", "provider code"),
    # people and contacts: never a location's or a provider's name, and they end an address
    "person": ("registered manager", "manager", "nominated individual", "responsible individual", "registered person",
               "inspector", "lead inspector", "inspection manager", "head of inspection", "deputy chief inspector",
               "chief inspector", "contact", "contact name", "clinical lead", "chief executive", "director"),
    "contact": ("telephone", "tel", "phone", "telephone number", "tel no", "fax", "email", "e-mail", "website", "web",
                "web address"),
}

_LABEL_ALT = "|".join(sorted((re.escape(label).replace(r"\ ", r"[ \t]+") for labels in LABELS.values() for label in labels),
                             key=len, reverse=True))
#: A labelled line: the label, then a separator (a colon, a bar, a dash or an equals sign with
#: space around it, a tab, two spaces) and the value, or the label alone (the value on the next line).
_LABELLED_RE = re.compile(
    rf"^[ \t|*_•-]*(?P<label>{_LABEL_ALT})(?:[ \t]*\(s\))?(?P<sep>[ \t]*[*_]{{0,2}}[ \t]*[:|=][*_]{{0,2}}[ \t]*|[ \t]+[-–—][ \t]+|[ \t]*\t[ \t]*|[ \t]{{2,}}|[ \t]*$)"
    r"(?P<value>.*?)[ \t|]*$", re.I)

#: CQC's own offices, whose address heads its letters and closes its releases: never a subject's.
CQC_POSTCODES = ("NE1 4PA", "E20 1JQ", "SW1W 9SZ", "EC1Y 8TG", "NE1 4WH")
_CQC_RE = re.compile(r"^(?:the[ \t]+)?(?:Care[ \t]+Quality[ \t]+Commission|CQC)\b", re.I)
#: A section heading, a key question, a rating or page furniture: never a name.
_NOT_A_NAME_RE = re.compile(
    r"^(?:Overall(?: summary| rating)?|About the service|Our findings|Summary of findings|Background(?: to this inspection)?|"
    r"Ratings?|Inspection report|Quality Report|Key findings|Our inspection|Summary|Contents|Introduction|Findings|"
    r"Is the service \w+|Are services \w+|Safe|Effective|Caring|Responsive|Well[- ]led|Good|Outstanding|Inadequate|"
    r"Requires improvement|Not rated|Date of .*|Published|Report|Enforcement|Actions? we .*|Registration details|"
    r"Inspection (?:summary|areas|history|reports?)|Latest (?:inspection|rating|report).*|This service|The service|"
    r"The provider|The practice|The home|The trust|N/?A|None|Not (?:known|stated|applicable)|"
    # a role above a name in an address block
    r"(?:The )?(?:Registered Manager|Practice Manager|Home Manager|Service Manager|Manager|Nominated Individual|"
    r"Chief Executive(?: Officer)?|Managing Director|Director|Partner|Registered Person|Responsible Individual))\W*$", re.I)
#: The kind of service a label's value may be instead of a name: "Care home service with nursing",
#: "Domiciliary care agency", "GP practice", "Homecare agency".
_KIND_RE = re.compile(
    r"^(?:An? )?(?:GP|NHS|[A-Z][a-z]+)(?:[ \t]+(?:[a-z][a-z/&,-]*|\([a-z][^)]*\)|GP|NHS))+$|"
    r"^(?:Hospital|Hospice|Homecare|Dental|GP|Ambulance|Clinic|Surgery|Pharmacy|Dentist|Provider|Location)$")
#: The first line of an address: a number and a street, or a unit of a building.
_STREET_RE = re.compile(
    r"^(?:(?:Unit|Suite|Flat|Floor|Block)[ \t]+\w{1,4}\b|\d+[A-Za-z]?(?:[ \t]*[-–][ \t]*\d+[A-Za-z]?)?,?[ \t]+(?:[A-Z][\w'’-]*[ \t]+){0,3}"
    r"(?:Road|Street|Lane|Avenue|Way|Close|Drive|Crescent|Grove|Terrace|Walk|Row|Square|Hill|Parade|Place|Gardens|Rd|St|Ave)\b)")
#: The key questions and the overall rating heading a ratings grid's columns.
_KEY_QUESTION_WORD_RE = re.compile(r"\b(?:Safe|Effective|Caring|Responsive|Well[- ]led|Overall)\b", re.I)
#: A ratings grid's cells and nothing else ("Good         Good         Requires     Good"): the row
#: of a service whose name a label's word ("Surgery", "Hospital") begins.
_RATING_CELLS_RE = re.compile(rf"(?:(?:Good|Outstanding|Inadequate|Requires|improvement|Not|rated|inspected|[{P.CHANGE_ARROWS}*-])\W*)+", re.I)
#: A person: a title before the name, or initials and a surname ("Dr P Whitcombe", "Mrs Anne Lee").
_PERSON_RE = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof(?:essor)?|Sir|Dame)\.?[ \t]+[A-Z]", re.I)
#: A practice named after its doctors, no person: "Dr A Patel & Partners", "Dr J Smith and
#: Partners", "Dr Khan's Practice", "Dr M Ahmed Surgery".
_PRACTICE_OF_RE = re.compile(r"(?:[ \t](?:&|and)[ \t]+(?:Partners|Associates)|[ \t](?:Practice|Surgery|Medical Centre))$")
_ORG_END_RE = re.compile(r"\b(?:Ltd|Limited|plc|PLC|LLP|CIC|LLC|NHS(?: Foundation)? Trust|Trust|Council|Partners(?:hip)?|Group|Company|Charity|Society)\.?$")
_TRUST_RE = re.compile(r"(?P<name>(?:[A-Z][\w'’&-]*[ \t]+(?:(?:of|and|the)[ \t]+)?){1,8}NHS[ \t]+(?:Foundation[ \t]+)?Trust)\b")


@dataclass(frozen=True)
class Named:
    """A subject as the text states it: its name, address, postcode and CQC ID (or ODS code), and
    the family of wording each came from."""

    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    key: str | None = None
    families: tuple[str, ...] = ()

    def with_(self, family: str, **facts: str | None) -> "Named":
        """This subject with the facts it lacked filled from ``facts`` (a fact it has is kept)."""
        fresh = {k: v for k, v in facts.items() if v and getattr(self, k) is None}
        if not fresh:
            return self
        return dataclasses.replace(self, **fresh, families=(*self.families, family))


@dataclass(frozen=True)
class Stated:
    """The location and the provider a text states, by structure."""

    location: Named = Named()
    provider: Named = Named()


def label_of(line: str) -> tuple[str, str] | None:
    """(what it labels, its value) of a labelled line ("Name: Oak Lodge" is ("location", "Oak
    Lodge")), else None."""
    m = _LABELLED_RE.match(line)
    return (_label_kind(m.group("label")), _clean_value(m.group("value"))) if m else None


def no_name(value: str) -> bool:
    """Whether a value is no name in any case: a heading, CQC itself, a postcode."""
    return bool(_NOT_A_NAME_RE.match(value) or _CQC_RE.match(value) or len(value) < 2 or P.POSTCODE_RE.fullmatch(value))


def _label_kind(label: str) -> str:
    low = " ".join(label.lower().split())
    return next(kind for kind, labels in LABELS.items() if low in labels)


def _clean_value(value: str) -> str:
    value = re.sub(r"\s*\((?:the\s+)?(?:provider|location|service|registered provider)\)\s*$", "", value.strip(), flags=re.I)
    return value.strip(" \t.;,|*")


def is_name(value: str | None, *, person_allowed: bool = False) -> bool:
    """Whether a value reads as the name of a location or a provider: capitalised, not a heading,
    key question, rating, date, kind of service, CQC itself or (for a location) a person.

    >>> is_name("Oak Lodge"), is_name("Care home service with nursing"), is_name("Safe"), is_name("Care Quality Commission")
    (True, False, False, False)
    >>> is_name("Dr P Whitcombe"), is_name("Dr P Whitcombe", person_allowed=True)
    (False, True)
    """
    if not value or len(value) < 3 or len(value) > 150 or not value[:1].isupper() and not value[:1].isdigit():
        return False
    if _STREET_RE.match(value) or re.search(r"[ \t](?:Road|Street|Lane|Avenue|Way|Close|Drive|Crescent|Terrace|Walk|Row|Parade)$", value):
        return False  # "14 Ashby Road", "Unit 4, Faverdale Court": a street, not a name
    if _NOT_A_NAME_RE.match(value) or _CQC_RE.match(value) or P.parse_rating(value) and len(value) < 30:
        return False
    if len(value.split()) > 12 or re.search(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|provides?|located|based)\b", value) \
            or re.search(r"[a-z]{3}\.$", value):
        return False  # a sentence ("The service is located in a residential area."), not a name
    if len(_KEY_QUESTION_WORD_RE.findall(value)) >= 3 or _RATING_CELLS_RE.fullmatch(value):
        return False  # "Safe   Effective   Caring …", "Good   Good   Requires": a ratings grid's head or row
    if " > " in value:
        return False  # "Home > Find a service > St Anselm's Hospital": the trail of links above the title
    if re.fullmatch(r"[A-Z]{2,5}", value):
        return False  # "NHS", "GP": an acronym alone is a kind of service
    if _KIND_RE.match(value) or P.POSTCODE_RE.search(value):
        return False
    if P.parse_date(value) and len(value) < 40 or re.search(r"\b1-\d{6,}\b|@|www\.|https?:", value):
        return False
    return person_allowed or not _PERSON_RE.match(value) or bool(_PRACTICE_OF_RE.search(value))


def _is_cqc_address(text: str) -> bool:
    return any(code in (P.postcode(text) or "") for code in CQC_POSTCODES) or bool(re.search(r"\bCitygate\b", text))


def _address_from(lines: list[str]) -> tuple[str | None, str | None, int]:
    """The address that ``lines`` open with, up to the line holding its postcode: (address as its
    lines joined with ", ", postcode, lines used); nothing when no postcode ends it within six
    lines, or a label, a contact line or a blank line comes first."""
    parts: list[str] = []
    for k, line in enumerate(lines[:7]):
        line = line.strip()
        if not line or (k and _LABELLED_RE.match(line)):
            return None, None, 0
        m = P.POSTCODE_RE.search(line)
        if m:
            before = line[: m.start()].strip(" ,")
            address = ", ".join(p.strip() for p in [*parts, before] for p in p.split(",") if p.strip())
            return address or None, P.postcode(line), k + 1
        parts.append(line)
    return None, None, 0


def _value_lines(lines: list[str], k: int, first: str) -> list[str]:
    """A label's value on its own line, with the lines after it (an address's other lines)."""
    return [first, *lines[k + 1:]] if first else [ln for ln in lines[k + 1:] if ln.strip()][:7]


#: A labelled name with its CQC ID (or ODS code) in brackets after it: "Oakridge Court (1-4410982236)",
#: "Kernow Care Ltd (ID: 1-101234567)", "Eastvale NHS Trust (RX1)".
_KEYED_NAME_RE = re.compile(r"(?P<name>[^()]{3,150}?)[ \t]*\((?:(?:CQC[ \t]+)?(?:[Ll]ocation[ \t]+|[Pp]rovider[ \t]+)?ID:?[ \t]*)?"
                            r"(?P<key>1-\d{6,12}|R[A-Z0-9]{2,4})\)")
#: Where a line holding two labelled values parts: "Provider: Oak Care Ltd    Location: Oak Lodge",
#: "Location ID: 1-101 | Provider ID: 1-202".
_SECOND_LABEL_RE = re.compile(rf"(?:[ \t]{{2,}}|\t|[ \t]+[|•·][ \t]+)(?=(?:{_LABEL_ALT})[ \t]*[:|])", re.I)


def labelled(text: str) -> Stated:
    """The location and provider a text's labelled lines state (``LABELS``), any separator.

    >>> s = labelled("Location name – Oak Lodge\\nRegistered provider | Oak Care Ltd\\nAddress: 4 Elm Road,\\nLeeds LS1 2AB\\nTelephone: 0113 496 0000")
    >>> s.location.name, s.location.address, s.location.postcode, s.provider.name
    ('Oak Lodge', '4 Elm Road, Leeds', 'LS1 2AB', 'Oak Care Ltd')
    """
    location, provider = Named(), Named()
    lines = [part for ln in text[:8000].split("\n") for part in _SECOND_LABEL_RE.split(ln)]
    for k, raw in enumerate(lines):
        m = _LABELLED_RE.match(raw)
        if not m:
            continue
        kind, value = _label_kind(m.group("label")), _clean_value(m.group("value"))
        alone = not m.group("sep").strip(" \t") and not m.group("value")
        if not value and kind == "location" and not re.search(r"name|location", m.group("label"), re.I):
            continue  # "Care home" alone on its line is the kind of service under a name
        next_line = not value
        if not value:
            value = next((ln.strip() for ln in lines[k + 1:k + 3] if ln.strip()), "")
            if _LABELLED_RE.match(value):
                continue  # "Provider" under a name, above "Registered office: …": a kind of page, no label
            if alone and " " not in m.group("label").strip() and not (k and not lines[k - 1].strip()):
                continue  # a one-word label alone straight under a line is that line's kind ("Oak Care Ltd" / "Provider")
        if kind == "provider" and is_name(value, person_allowed=True) and not _ORG_END_RE.search(value) and value.lower().startswith("the "):
            continue
        keyed = _KEYED_NAME_RE.fullmatch(value) if kind in ("location", "provider") else None
        if keyed and is_name(keyed.group("name"), person_allowed=kind == "provider"):
            # "Location: Oakridge Court (1-4410982236)": the name, then its CQC ID in brackets
            value = keyed.group("name")
            if kind == "location":
                location = location.with_("labelled lines", key=keyed.group("key"))
            else:
                provider = provider.with_("labelled lines", key=keyed.group("key"))
        if kind == "provider" and is_name(value, person_allowed=True):
            provider = provider.with_("labelled lines", name=value)
        elif kind == "location" and is_name(value):
            location = location.with_("labelled lines", name=value)
        elif (kind == "location" and not next_line and P.POSTCODE_RE.search(value) and "," in value
              and is_name(value.split(",")[0].strip())):
            # "Location: Harbour House, 3 Quay Street, Falmouth TR11 3HH": the name, then its address
            name, rest = (x.strip() for x in value.split(",", 1))
            address, code, _used = _address_from([rest])
            if code and not _is_cqc_address(code):
                location = location.with_("labelled lines", name=name, address=address, postcode=code)
        elif kind in ("address", "provider address"):
            address, code, _used = _address_from(_value_lines(lines, k, m.group("value").strip()))
            if code and not _is_cqc_address(code):
                target = location if kind == "address" else provider
                target = target.with_("labelled lines", address=address, postcode=code)
                location, provider = (target, provider) if kind == "address" else (location, target)
        elif kind == "postcode" and P.POSTCODE_RE.fullmatch(value.upper()) and not _is_cqc_address(value.upper()):
            location = location.with_("labelled lines", postcode=P.postcode(value.upper()))
        elif kind in ("location id", "provider id"):
            key = re.match(r"(1-\d{6,12}|R[A-Z0-9]{2,4})\b", value)
            if key and (kind == "provider id" or key.group(1).startswith("1-")):
                if kind == "location id":
                    location = location.with_("labelled lines", key=key.group(1))
                else:
                    provider = provider.with_("labelled lines", key=key.group(1))
    return Stated(location, provider)


#: The title of a CQC web page: "Oak Lodge - Care Quality Commission", "Oak Lodge | CQC".
_PAGE_TITLE_RE = re.compile(
    r"^\s*(?:(?:Overview|Reports?|Registration details|Inspection summary|Contact details)[ \t]+[-–|][ \t]+)?"
    r"(?P<name>[A-Z][^\n]{2,120}?)[ \t]+[-–|][ \t]+(?:Care Quality Commission|CQC)[ \t]*$", re.M)
#: "Ratings for Oak Lodge" heading the ratings.
#: (a sentence opening so, "Our ratings for <name> combine the ratings for the services we
#: inspected in", four small words in a row, is no heading)
_RATINGS_FOR_RE = re.compile(r"^[ \t#]*(?:Our[ \t]+)?[Rr]atings[ \t]+for[ \t]+(?![^\n]*?(?:\b[a-z][\w'’-]*[ \t]+){3}[a-z])"
                             r"(?P<name>[A-Z][^\n:]{2,120}?)[ \t]*:?[ \t]*$", re.M)


def titled(text: str) -> str | None:
    """The name a page's title or its "Ratings for <name>" heading gives.

    >>> titled("Oak Lodge - Care Quality Commission\\nSkip to main content")
    'Oak Lodge'
    >>> titled("Ratings for Elm Court\\nSafe Good") , titled("Ratings for this service")
    ('Elm Court', None)
    """
    for m in (_PAGE_TITLE_RE.search(text[:600]), _ratings_for(text)):
        name = _clean_value(m.group("name")) if m else ""
        if P.SITE_SECTIONS_RE.match(name):
            continue  # "News | Care Quality Commission": a section of CQC's site
        if is_name(name) and not re.match(r"(?:this|the|our|your|each|all)\b", name, re.I):
            return name
    return None


def _ratings_for(text: str) -> re.Match[str] | None:
    """The first "Ratings for <name>" heading: a name and nothing more on its line ("Our ratings
    for Oak Hospital combine the ratings for …" is a sentence)."""
    return next((m for m in _RATINGS_FOR_RE.finditer(text[:20000]) if _NAME_ONLY_RE.fullmatch(m.group("name"))), None)


_NAME_ONLY_RE = re.compile(rf"{N.NAME}[ \t]*\.?")


def titled_names(text: str, title: str | None = None) -> list[str]:
    """Every name a page's title (``title``, else the text's own first lines) and its "Ratings
    for <name>" headings give, in that order."""
    found = [_clean_value(m.group("name")) for m in (_PAGE_TITLE_RE.search(title or text[:600]),) if m]
    found += [_clean_value(m.group("name")) for m in _RATINGS_FOR_RE.finditer(text[:20000]) if _NAME_ONLY_RE.fullmatch(m.group("name"))]
    return list(dict.fromkeys(n for n in found if is_name(n) and not P.SITE_SECTIONS_RE.match(n)
                              and not re.match(r"(?:this|the|our|your|each|all|a|an)\b", n, re.I)))


#: The provider a summary's opening names: "Stanwix Grange … The home is run by Edenvale
#: Residential Homes Limited.", "Oak Lodge is a residential care home … run by Oak Care Ltd",
#: "The practice, run by Dr P Whitcombe, provides …", "The registered provider is Oak Care Ltd",
#: "Oak Care Ltd is the registered provider".
_RUN_BY = r"(?:run|owned|operated|managed|provided)(?:[ \t]+and[ \t]+(?:run|owned|operated|managed|provided))?[ \t]+by"
_SUBJECT = r"(?:home|service|practice|hospital|agency|clinic|location|hospice|surgery|centre|care home|nursing home|trust|unit|scheme)"
_OPENING_PROVIDER_RES = (
    re.compile(rf"\b(?:The|This|It)[ \t]+(?:{_SUBJECT}[ \t]+)?(?:is|was|has been)[ \t]+(?:\w+[ \t]+)?{_RUN_BY}[ \t]+(?P<name>{N.ORG_NAME})"),
    re.compile(rf"\b(?:The|This)[ \t]+{_SUBJECT},[ \t]+(?:which is[ \t]+)?{_RUN_BY}[ \t]+(?P<name>{N.ORG_NAME}),"),
    re.compile(rf"\bThe[ \t]+(?:registered[ \t]+)?provider(?:[ \t]+(?:of|for)[ \t]+[^.,;\n]{{1,60}}?)?[ \t]+(?:is|was)[ \t]+(?P<name>{N.ORG_NAME})"),
    re.compile(rf"(?P<name>{N.ORG_NAME})[ \t]+(?:is|are)[ \t]+the[ \t]+registered[ \t]+provider\b"),
    re.compile(rf"\bThe[ \t]+(?:registered[ \t]+)?provider,[ \t]+(?P<name>{N.ORG_NAME}),"),
    re.compile(rf"^[ \t]*(?:About the service:?[ \t]+)?(?P<loc>{N.NAME})[ \t]+is[ \t]+(?:a|an)[ \t]+[^.\n]{{0,160}}?\b{_RUN_BY}[ \t]+(?P<name>{N.ORG_NAME})", re.M),
)
#: A word each of ``_OPENING_PROVIDER_RES`` needs, in order: a text without it is not searched.
_OPENING_PROVIDER_WORDS = ("by", "by", "provider", "registered", "provider", "by")


def opening_provider(text: str) -> str | None:
    """The provider a summary's opening names (``_OPENING_PROVIDER_RES``), when the name reads as
    one: an organisation, a trust, a partnership, a person (a GP or a dentist is a provider), or
    a name of two words or more.

    >>> opening_provider("Stanwix Grange accommodates up to 34 people. The home is run by Edenvale Residential Homes Limited.")
    'Edenvale Residential Homes Limited'
    >>> opening_provider("The practice, run by Dr P Whitcombe, provides primary medical services.")
    'Dr P Whitcombe'
    >>> opening_provider("The home is run by the local authority.") is None
    True
    """
    head = text[:8000]
    for pattern, word in zip(_OPENING_PROVIDER_RES, _OPENING_PROVIDER_WORDS, strict=True):
        if word not in head:
            continue
        for m in pattern.finditer(head):
            name = N.clean(m.group("name"))
            if name.startswith("The ") and not _ORG_END_RE.search(name):
                continue
            if is_name(name, person_allowed=True) and (len(name.split()) >= 2 or N.is_organisation(name)):
                return name
    return None


#: "<location> is run by <provider>": the verbs CQC's openings and releases use for who runs a
#: named service ("Hawthorn Lodge is operated by Eastwood Care Ltd.", "Hillside Medical Centre is
#: run by Dr K Mahmood and Partners.", "… is managed by …", "… is owned by …").
_NAMED_RUN_BY_RE = re.compile(
    rf"(?:^|(?<=[.!?:][ \t]))[ \t]*(?P<loc>{N.NAME})[ \t]+(?:is|was|has been)[ \t]+(?:\w+[ \t]+)?{_RUN_BY}[ \t]+(?P<name>{N.NAME})"
    r"(?=[ \t]*[,.;(]|[ \t]+(?:and|which|who|since|on|in|at)\b)", re.M)


def named_run_by(text: str, location: str | None) -> str | None:
    """The provider a sentence names as running the location called ``location`` ("Hawthorn
    Lodge is operated by Eastwood Care Services Ltd."); a sentence about any other place names
    none.

    >>> named_run_by("Care Quality Commission\\nHawthorn Lodge is operated by Eastwood Care Ltd. We inspected it.", "Hawthorn Lodge")
    'Eastwood Care Ltd'
    >>> named_run_by("The local hospital is run by Eastshire NHS Trust.", "Hawthorn Lodge") is None
    True
    """
    if not location or " by " not in text:
        return None
    for m in _NAMED_RUN_BY_RE.finditer(text[:12000]):
        if not same_name(N.clean(m.group("loc")), location):
            continue
        name = N.clean(m.group("name"))
        if is_name(name, person_allowed=True) and not same_name(name, location) and (
                len(name.split()) >= 2 or N.is_organisation(name)):
            return name
    return None


def heading_trust(text: str) -> str | None:
    """The NHS trust a publication's head names on a line of its own (a front page's, a page's
    title), when it names one trust only there; a trust named in a sentence is not the subject.

    >>> heading_trust("Eastshire Hospitals NHS Foundation Trust\\nQuality Report")
    'Eastshire Hospitals NHS Foundation Trust'
    >>> heading_trust("Staff are employed by Eastshire NHS Trust.\\nInspection report") is None
    True
    """
    head = [ln.strip() for ln in text[:1500].split("\n") if ln.strip()][:12]
    found = {N.clean(m.group("name")) for ln in head if (m := _TRUST_RE.fullmatch(ln))}
    return found.pop() if len(found) == 1 else None


_TITLE_RE = re.compile(r"(?:Inspection|Quality|Assessment)[ \t]+[Rr]eport|Inspection[ \t]+summary")


#: An organisation's name on a line of its own: capitalised words, joiners, and words that open
#: with a figure ("1st Choice Care 4 U Ltd", "24/7 Care Services Limited").
_ORG_LINE_RE = re.compile(r"(?:The[ \t]+)?[A-Z0-9][\w'’&/-]*(?:[ \t]+(?:(?:of|at|and|the|for|on|in)[ \t]+)?"
                          r"(?:[A-Z0-9][\w'’&/-]*|&|\([A-Z][\w ]*\)))*(?:[ \t]+plc)?\.?")


def is_org_line(line: str) -> bool:
    """Whether a line of its own is an organisation's name ("Oak Care Ltd", "Eastshire NHS Trust",
    "1st Choice Care 4 U Ltd", "Oak & Ash Care Homes Ltd")."""
    return bool(_ORG_END_RE.search(line)) and is_name(line, person_allowed=True) and bool(_ORG_LINE_RE.fullmatch(line))


#: The last word of a place of care's name: "… Hospital", "… Wing", "… House", "… Surgery".
PLACE_RE = re.compile(
    r"\b(?:Hospital|Infirmary|Wing|House|Surgery|Practice|Centre|Center|Clinic|Lodge|Court|Home|Hospice|Unit|Grange|Manor|"
    r"Hall|Villa|Cottage|Mews|Gardens|View|Place|Rise|Dental|Medical|Care|Homecare|Services?|Suite|Ward)$")
_FURNITURE_RE = re.compile(
    r"^(?:Care Quality Commission|CQC|Skip to main content|You are here|Home\b.*>.*|Find and compare services|"
    r"(?:\w+[ \t]+)?(?:Inspection|Quality|Assessment)[ \t]+[Rr]eport|Inspection[ \t]+summary|Summary of findings|Report|"
    r"Evidence appendix(?: and ratings summary)?|(?:Trust|Provider|Location) details)$", re.I)


def is_furniture(line: str) -> bool:
    """Whether a line is a page's furniture (CQC's name, the report's title, a section's title)."""
    return bool(_FURNITURE_RE.match(line.strip()))


def _head_lines(text: str, n: int = 8) -> list[str]:
    """The first ``n`` lines of a text that are not its furniture (CQC's name, the report's title)."""
    lines = [ln.strip() for ln in text[:1500].split("\n") if ln.strip()]
    return [ln for ln in lines if not _FURNITURE_RE.match(ln)][:n]


def name_block(text: str) -> tuple[str | None, str | None]:
    """(location, provider) a report's head names on two lines of their own, the place of care
    above or below the organisation that runs it ("The Princess Alexandra Wing" / "Northfield
    Hospitals NHS Foundation Trust").

    >>> name_block("Hospital inspection report\\n\\nThe Princess Alexandra Wing\\nNorthfield Hospitals NHS Foundation Trust\\n")
    ('The Princess Alexandra Wing', 'Northfield Hospitals NHS Foundation Trust')
    """
    head = _head_lines(text, 6)
    for a, b in zip(head, head[1:], strict=False):
        for place, org in ((a, b), (b, a)):
            if (is_org_line(org) and not is_org_line(place) and _name_line(place) and is_name(place)
                    and PLACE_RE.search(place) and not P.POSTCODE_RE.search(place)):
                return N.clean(place), N.clean(org)
    return None, None


def first_line_name(text: str) -> str | None:
    """The name a page opens with on a line of its own (its title), when it reads as a place's
    name and not an organisation's."""
    head = _head_lines(text, 1)
    line = head[0] if head else ""
    if _name_line(line) and is_name(line) and not is_org_line(line) and not _LABELLED_RE.match(line):
        return N.clean(line)
    return None


def _name_line(line: str) -> bool:
    """Whether a line of its own reads as a name: a few words, most of them capitalised, no
    sentence's full stop at its end."""
    words = line.split()
    capitalised = [w for w in words if w[:1].isupper() or w[:1].isdigit() or w in ("&", "-", "–")]
    return 0 < len(words) <= 10 and len(capitalised) * 2 > len(words) and not re.search(r"[a-z]{3}\.$|[?!:;]$", line)


_SALUTATION_RE = re.compile(r"^[ \t]*Dear[ \t]+\S", re.M)


def addressed_provider(text: str) -> Named:
    """The provider a letter is addressed to, with its office: the block above "Dear …" that
    opens with an organisation's name and ends at a postcode (CQC's letterhead aside).

    >>> addressed_provider("Oak Care Ltd\\nThe Old Rectory\\n5 Church Road\\nTaunton\\nTA1 4AB\\n\\nDear Ms Patel").address
    'The Old Rectory, 5 Church Road, Taunton'
    """
    salutation = _SALUTATION_RE.search(text[:4000])
    if not salutation:
        return Named()
    for block in re.split(r"\n[ \t]*\n", text[: salutation.start()]):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        while lines and (_PERSON_RE.match(lines[0]) or _NOT_A_NAME_RE.match(lines[0])
                         or re.match(r"(?:Private|Strictly)\b.*[Cc]onfidential$", lines[0])):
            # the person written to and their role ("Director", "Nominated Individual") head the block
            lines = lines[1:]
        if len(lines) >= 2 and is_org_line(lines[0]):
            address, code, _used = _address_from(lines[1:])
            if code and not _is_cqc_address(code):
                return Named(name=N.clean(lines[0]), address=address, postcode=code, families=("letter's addressee",))
    return Named()


#: A trust as what a trust-level text is about: "We inspected Eastshire NHS Trust", "Our inspection of
#: Eastshire NHS Trust", "Eastshire NHS Trust provides …", "Overall rating for Eastshire NHS Trust".
_TRUST_SUBJECT_RE = re.compile(
    rf"(?:\b(?:[Ww]e[ \t]+(?:inspected|rated)|inspection[ \t]+of|[Rr]atings?[ \t]+for|rated)[ \t]+|(?:^|(?<=[.!?][ \t]))[ \t]*)"
    rf"(?P<name>{_TRUST_RE.pattern.replace('(?P<name>', '(?:')})(?=[ \t]+(?:provides|runs|serves|has|is|was|as|on|in|between|from|took)\b|[ \t]*[,.;(])", re.M)


def subject_trust(text: str) -> str | None:
    """The one NHS trust a text is about by its sentences (``_TRUST_SUBJECT_RE``), when it names
    one trust so and calls it "the trust"; None when it names two.

    >>> subject_trust("We inspected Eastvale Hospitals NHS Trust in May 2022. The trust runs three hospitals.")
    'Eastvale Hospitals NHS Trust'
    """
    if not re.search(r"\bthe trust\b", text, re.I):
        return None
    found = {re.sub(r"^(?:The|Our|We|At)[ \t]+", "", N.clean(m.group("name"))) for m in _TRUST_SUBJECT_RE.finditer(text[:20000])}
    return found.pop() if len(found) == 1 else None


#: What a kind of service's line may add after the kind: its beds, its specialisms ("Care home
#: with nursing · 52 beds", "Care home. Specialisms: dementia.").
_KIND_TAIL_RE = re.compile(r"[ \t]*[·•.,;][ \t]*(?:\d{1,4}[ \t]+beds|Specialisms?:[^\n]*|Nursing care)\.?[ \t]*$", re.I)


def _kind_line(line: str) -> bool:
    """Whether a line under a name is the kind of service (``_KIND_RE``), with its beds or
    specialisms after it."""
    for _ in range(3):
        line, n = _KIND_TAIL_RE.subn("", line)
        if not n:
            break
    return bool(_KIND_RE.match(line))


def _provider_label(line: str) -> str | None:
    """The provider a labelled line under a name gives ("Provider: Brightwater Care Ltd")."""
    m = re.match(r"(?:Registered )?Provider:[ \t]*(?P<name>\S[^\n]{2,120})$", line)
    return m.group("name").strip() if m else None


def _front_page(text: str, name: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(location, address, postcode, provider) a front page states: the location's name on a
    line of its own straight above its address block (its kind of service or the report's title
    between them), the provider on the line above the name or below the address, when that line
    ends like an organisation's. ``name`` is the location's name when already known."""
    lines = [ln.strip() for ln in text[:3000].split("\n")]
    addressed = addressed_provider(text)
    first: tuple[str | None, str | None, str | None, str | None] | None = None
    for k, line in enumerate(lines):
        if not line or (name and N.clean(line) != name) or (not name and not is_name(line)) or _LABELLED_RE.match(line):
            continue
        if not _name_line(line):
            continue
        j, skipped, between = k + 1, 0, None
        while j < len(lines) and skipped < 4 and (not lines[j] or _TITLE_RE.fullmatch(lines[j]) or _kind_line(lines[j])
                                                  or is_org_line(lines[j]) or _provider_label(lines[j])):
            between = lines[j] if is_org_line(lines[j]) else _provider_label(lines[j]) or between
            j, skipped = j + 1, skipped + 1
        address, code, used = _address_from(lines[j:])
        if _ORG_END_RE.search(line) and not name and not (between and not same_name(between, line)) and not (
                address and same_name(address.split(",")[0], line)):
            # an organisation's line above the name is the provider's, unless the lines under it
            # name the provider ("Oak Dental Care LLP" / "Provider: Oak Dental Partnership") or its
            # address opens with it again: a location too may be named like a company
            continue
        if not code or not address or _is_cqc_address(code) or code == addressed.postcode:
            continue  # a town alone above a postcode is no name; a letter's addressee is the provider
        if re.search(r"\b(?:Headquarters|Head office|Registered office)\b", f"{line}, {address}", re.I):
            return None, None, None, None  # the provider's office, not a location's address
        above = next((ln for ln in reversed(lines[:k]) if ln), "")
        if k and lines[k - 1] == above and is_org_line(above) and _SALUTATION_RE.search(text, k):
            return None, None, None, None  # a letter's addressee: the provider's office, below its name
        below = next((ln for ln in lines[j + used:j + used + 8]
                      if ln and not re.match(r"(?:Tel|Telephone|Phone|Website|Web|Email|Fax|www\.|Date of|\d{1,2}[ /])", ln, re.I)), "")
        provider = between or next((x for x in (above, below) if is_org_line(x)), None)
        found = (N.clean(line), address, code, provider)
        if not (address and same_name(address.split(",")[0], line)):
            return found if first is None else (first[0], address, code, first[3] or provider)
        first = first or found  # the name repeated at the head of the address: a later line may stand alone above it
    return first or (None, None, None, None)


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two names are one, case, punctuation and a leading "The" aside."""
    def key(x: str | None) -> str:
        return " ".join(re.sub(r"[^\w\s]", "", re.sub(r"^the\s+", "", (x or "").lower())).split())
    return bool(a and b) and key(a) == key(b)


def stated(text: str, known_location: str | None = None, title: str | None = None) -> Stated:
    """The location and provider the text states by structure, each fact from the first family
    that gives it: labelled lines, then the front page, the page title or "Ratings for", the
    summary's opening and the trust at the head.

    >>> s = stated("Stanwix Grange\\nInspection report\\n\\nBrampton Road\\nCarlisle\\nCA3 9AL\\n\\nThe home is run by Edenvale Homes Limited.")
    >>> s.location.name, s.location.address, s.location.postcode, s.provider.name
    ('Stanwix Grange', 'Brampton Road, Carlisle', 'CA3 9AL', 'Edenvale Homes Limited')
    """
    found = labelled(text)
    location, provider = found.location, found.provider
    location = location.with_("page title", name=(titled(title) if title else None) or titled(text))
    name, address, code, by = _front_page(text, known_location or location.name)
    if name is None and (known_location or location.name):
        name, address, code, by = _front_page(text, None)
        if name is not None and name != (known_location or location.name):
            name = address = code = by = None
    location = location.with_("front page", name=name, address=address, postcode=code)
    provider = provider.with_("front page", name=by)
    addressed = addressed_provider(text)
    if addressed.name and (provider.name is None or same_name(provider.name, addressed.name)):
        provider = provider.with_("letter's addressee", name=addressed.name, address=addressed.address, postcode=addressed.postcode)
    place, org = name_block(text)
    if place and (location.name is None or same_name(place, location.name)):
        location = location.with_("name block", name=place)
        provider = provider.with_("name block", name=org)
    first = first_line_name(text)
    if location.name is None and (location.postcode or location.key or (
            "labelled lines" in provider.families and first and PLACE_RE.search(first))):
        # labelled lines state a location's address or ID and not its name: the page's title names it
        location = location.with_("first line", name=first)
    apposed, runs = apposed_address(text)
    if apposed.name and (location.name is None or same_name(apposed.name, location.name)):
        location = location.with_("opening with the address", name=apposed.name, address=apposed.address, postcode=apposed.postcode)
        provider = provider.with_("opening with the address", name=runs.name)
    provider = provider.with_("summary opening", name=opening_provider(text))
    provider = provider.with_("named as run by", name=named_run_by(text, location.name or known_location))
    provider = provider.with_("trust at the head", name=heading_trust(text))
    provider = provider.with_("trust the text is about", name=subject_trust(text))
    if location.name and provider.name and N.clean(location.name) == N.clean(provider.name):
        location = dataclasses.replace(location, name=None)
    return Stated(location, provider)


#: The head of a ratings grid whose rows are the provider's locations: "Location   Safe   Effective …".
_LOCATION_GRID_HEAD_RE = re.compile(r"^(?P<first>[ \t]*(?:Location|Hospital|Site)(?:[ \t]{2,}|\t))(?=(?:Safe|Overall)\b)", re.M)
_RATING_CELL_RE = re.compile(r"(?:Good|Outstanding|Inadequate|Requires|Not[ \t]+rated|Not[ \t]+inspected)\b")


def grid_locations(text: str) -> list[str]:
    """The locations a ratings grid lists in its first column under "Location" (a trust's
    hospitals), each name gathered from the lines it wraps over ("Gloucester Royal" / "Hospital"):
    a row opens where its cells open with a rating, and a blank line ends the grid.

    >>> grid_locations("Location        Safe   Overall\\nStroud District Good   Good\\nHospital\\n\\nMore text")
    ['Stroud District Hospital']
    """
    found: list[str] = []
    for head in _LOCATION_GRID_HEAD_RE.finditer(text):
        width, names = len(head.group("first")), list[str]()
        for line in text[head.end():].split("\n")[1:]:
            if not line.strip():
                break
            if "\t" in head.group("first"):
                first, _tab, cells = (x.strip() for x in line.partition("\t"))  # one cell a tab apart
            else:
                first, cells = line[:width].strip(), line[width:].strip()  # cells aligned under the head
            if _RATING_CELL_RE.match(cells) or not names:
                names.append(first)
            elif first:
                names[-1] = f"{names[-1]} {first}".strip()
        found += [N.clean(n) for n in names if is_name(N.clean(n)) and PLACE_RE.search(N.clean(n))]
    return list(dict.fromkeys(found))


#: The trust's hospitals a trust's report names in prose: "the trust's other hospital, Stockton
#: Riverside Hospital", "the trust's two hospitals, Eastfield Hospital and Westfield Infirmary".
_COUNT = r"(?:two|three|four|five|six|\d)"
_TRUST_HOSPITALS_RE = re.compile(
    rf"\b[Tt]he[ \t]+trust['’]s[ \t]+(?:other[ \t]+|{_COUNT}[ \t]+|main[ \t]+)?(?:(?:acute|community)[ \t]+)?(?:hospitals?|sites?),?\s+"
    rf"(?P<list>{N.NAME}(?:,\s+(?:and\s+)?{N.NAME})*)|"
    # "The trust runs three hospitals: Eastfield Hospital, Westfield Hospital and Northfield Infirmary"
    # "It has two main hospitals: Eastfield Hospital in Telford and Westfield Hospital in Shrewsbury"
    rf"\b(?:[Tt]he[ \t]+trust|It)[ \t]+(?:runs|has|manages|operates|provides[ \t]+services[ \t]+(?:at|from))[ \t]+{_COUNT}[ \t]+"
    rf"(?:(?:acute|community|main)[ \t]+)?(?:hospitals|sites)(?:[ \t]*[:,–-][ \t]*|[ \t]+)(?P<list2>{N.NAME}(?:,\s+(?:and\s+)?{N.NAME})*)|"
    # "Eastfield Hospital is one of the trust's three hospitals", "… is run by the trust"
    rf"(?:^|(?<=[.!?][ \t]))(?P<list3>{N.NAME})[ \t]+is[ \t]+(?:one[ \t]+of[ \t]+the[ \t]+trust['’]s|run[ \t]+by[ \t]+the[ \t]+trust\b)", re.M)
#: A trust's headquarters named as a place in prose (a location CQC registers): "with its
#: headquarters at Fieldhead Park in Halifax", "The trust's headquarters are at Kendray House in Barnsley".
_HEADQUARTERS_AT_RE = re.compile(
    rf"\b(?:its|[Tt]he[ \t]+trust['’]s)[ \t]+(?:headquarters|head[ \t]+office)[ \t]+(?:(?:is|are)[ \t]+)?(?:based[ \t]+)?at\s+"
    rf"(?P<name>{N.PLAIN_NAME})\s+in\s+[A-Z]")
_HOSPITAL_TOWN_RE = re.compile(r"\b(Hospital|Infirmary|Centre)[ \t]+in[ \t]+[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?(?=[ \t]+and\b|$)")
_HOSPITAL_END_RE = re.compile(r"\b(?:Hospital|Infirmary|Birth Centre|Treatment Centre|Community Hospital)$")


def trust_hospitals(text: str) -> list[str]:
    """The hospitals a text names as the trust's (``_TRUST_HOSPITALS_RE``: "the trust's other
    hospital, X", "The trust runs three hospitals: X, Y and Z", "X is one of the trust's
    hospitals"), each name ending as a hospital's does, and the trust's headquarters named as a
    place ("with its headquarters at Fieldhead Park in Halifax").

    >>> trust_hospitals("We also inspected the maternity service at the trust's other hospital, Stockton\\nRiverside Hospital.")
    ['Stockton Riverside Hospital']
    """
    found: list[str] = []
    flat = re.sub(r"[ \t]*\n[ \t]*(?=[A-Z])", " ", text)  # a name wrapped over two lines of a paragraph
    for m in _TRUST_HOSPITALS_RE.finditer(flat):
        for part in re.split(r",\s+(?:and\s+)?", m.group("list") or m.group("list2") or m.group("list3")):
            # "… Hospital in Telford and … Hospital in Shrewsbury": the towns are no part of the names
            part = _HOSPITAL_TOWN_RE.sub(r"\1", part)
            # "Wisbech General Hospital and March Road Infirmary": two, where the first ends as a hospital
            pair = re.fullmatch(r"(.+?\b(?:Hospital|Infirmary))\s+and\s+(.+)", part)
            names = pair.groups() if pair and _HOSPITAL_END_RE.search(pair.group(2)) else (part,)
            found += [N.clean(n) for n in names if _HOSPITAL_END_RE.search(N.clean(n))]
    for m in _HEADQUARTERS_AT_RE.finditer(flat):
        name = N.clean(m.group("name"))
        if is_name(name) and not _STREET_RE.match(name) and "NHS" in text:
            found.append(name)
    return list(dict.fromkeys(found))


#: The opening naming the service with its address in apposition and who runs it: "Elm Tree Surgery,
#: 2 Elm Road, Stockport, SK4 1AA, is run by Dr M Hughes and Partners."
_APPOSED_ADDRESS_RE = re.compile(
    rf"(?:^|(?<=[.!?][ \t]))[ \t]*(?P<name>{N.NAME}),[ \t]+(?P<address>[A-Z0-9][^.;\n]{{4,140}}?),?[ \t]+"
    rf"(?P<postcode>[A-Z]{{1,2}}\d[A-Z\d]?[ \t]*\d[A-Z]{{2}}),?[ \t]+(?:is|was)[ \t]+(?:run|operated|provided|owned|managed)[ \t]+by[ \t]+"
    rf"(?P<provider>{N.NAME})", re.M)


def apposed_address(text: str) -> tuple[Named, Named]:
    """(location, provider) an opening names with the service's address in apposition.

    >>> loc, prov = apposed_address("Elm Tree Surgery, 2 Elm Road, Stockport, SK4 1AA, is run by Dr M Hughes and Partners.")
    >>> loc.name, loc.address, loc.postcode, prov.name
    ('Elm Tree Surgery', '2 Elm Road, Stockport', 'SK4 1AA', 'Dr M Hughes and Partners')
    """
    m = _APPOSED_ADDRESS_RE.search(text[:8000])
    if not m or not is_name(m.group("name")) or _is_cqc_address(m.group("postcode")):
        return Named(), Named()
    family = ("opening with the address",)
    return (Named(name=N.clean(m.group("name")), address=m.group("address").strip(" ,"), postcode=P.postcode(m.group("postcode")),
                  families=family),
            Named(name=N.clean(m.group("provider")), families=family))


__all__ = ["LABELS", "PLACE_RE", "Named", "Stated", "addressed_provider", "apposed_address", "first_line_name", "grid_locations", "heading_trust", "is_furniture", "is_name",
           "is_org_line", "label_of", "labelled", "name_block", "named_run_by", "no_name", "opening_provider", "same_name", "stated",
           "subject_trust", "titled", "titled_names", "trust_hospitals"]
