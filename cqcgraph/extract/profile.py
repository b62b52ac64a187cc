"""The header of a CQC profile web page: service types, name ("Archived: …", "Also known as …"),
current overall rating, address line with postcode and phone, and "Provided and run by:".

Shared by the location page, assessment page and provider page parsers. Imports the standard library, ``cqcgraph.records`` and ``patterns``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cqcgraph.extract import patterns as P
from cqcgraph.records import Location, PartialDate, Provider, RatingValue

_OVERALL_RE = re.compile(r"^Overall:\s*(?P<value>.+?)\s*(?:read more about inspection ratings)?$", re.I)
_PROVIDED_RE = re.compile(r"^Provided and run by:?\s*(?P<name>.*)$", re.I)
#: A header's labelled lines of a page laid out as text: "Tel: 01392 905 317", "CQC ID: 1-9920418372",
#: "Latest rating: Good" (the current overall rating).
_TEL_RE = re.compile(r"^(?:Tel(?:ephone)?|Phone):\s*(?P<tel>[\d() ]{8,20})$", re.I)
#: The phone number alone on its line under the address ("01485 533 904", "(01509) 508222").
_BARE_TEL_RE = re.compile(r"^(?P<tel>\(?0\d{2,4}\)?[ \d]{6,12}\d)$")
_ID_RE = re.compile(r"^(?:CQC|Location) ID(?::\s*|\s+)(?P<id>1-\d{6,12})$", re.I)
_LATEST_RE = re.compile(r"^Latest rating:\s*(?P<value>.+)$", re.I)
#: "Provider: Oak Care Limited" and "Registered manager: …" under a report's address.
_PROVIDER_LINE_RE = re.compile(r"^Provider:\s*(?P<name>[A-Z].{2,120})$")
_MANAGER_LINE_RE = re.compile(r"^Registered manager:\s*\S", re.I)
#: The kind of service printed under the name ("Care home", "Homecare agency", "Care home with
#: nursing"): a few words, no figures, before the address.
_KIND_LINE_RE = re.compile(r"^(?:[A-Z][a-z]+|GP)(?: [a-z]+){0,4}$")  # "Care home", "GP practice"
_ORGANISATION_RE = re.compile(r"This is an organisation that runs", re.I)
#: The title line of the older "You are here" profile pages carries the current rating after the
#: name ("South Central Ambulance Service NHS 111 Good", "Claire House Children's Hospice
#: Outstanding"), and a provider's page says so first ("Provider: St George's University
#: Hospitals NHS Foundation Trust Requires improvement").
_TITLE_RATING_RE = re.compile(
    r"^(?P<provider>Provider:\s*)?(?P<name>(?:[A-Z]|" + P.NUMBERED_NAME_START + r").{2,120}?)\s+(?P<rating>" + P.RATING_TITLE_ALT + ")$")
_STOP_RE = re.compile(
    r"^(?:All Inspections|Report from|Latest inspection summary|On this page|Important:|During (?:a|an) |"
    r"Inspection Summary|Overall summary|Inspection carried out on\b)", re.I)

#: Page furniture that is never a name: navigation ("You are here", "All reports", "Skip to main
#: content", the site's name, a breadcrumb "Home > Find services > …"), headings
#: of the report list, the report's own date lines, and links to a report's file ("… Report published 29 June 2011 PDF |
#: 72.09 KB").
_FURNITURE = re.compile(
    r"^(?:You are here|Share this page|Print|Back to top|All reports|All inspections|Inspection reports?|"
    r"Skip to main content(?:[ \t]{2,}Care Quality Commission)?|"
    r"Care Quality Commission(?:\s*[—–-]\s*Find and compare services)?|Find and compare services|Home\s*>.*|"
    r"Date of (?:Inspection|Publication)\b.*|.*\bPDF\s*\|\s*[\d.]+\s*[KM]B)$", re.I)


#: The lines an assessment page may open with above the service's name: its section headings and
#: the day it was updated ("Latest assessment" / "Assessment" / "Updated 4 June 2025").
_ABOVE_NAME_RE = re.compile(
    r"^(?:Latest (?:assessment|inspection)|Assessment|Inspection|Updated[ \t]+\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4})$", re.I)
#: The part of the page a name line names after the service ("Oak Lodge – Assessment"): no part of the name.
_NAME_OF_PART_RE = re.compile(r"[ \t]+[–—-][ \t]+(?:Assessment|Inspection report|Inspection summary)$", re.I)


@dataclass
class Header:
    """What a profile header states; ``is_provider`` for an organisation (provider) page."""

    name: str | None = None
    alt_names: list[str] = field(default_factory=list)
    archived: bool | None = None
    service_types: list[str] = field(default_factory=list)
    overall: RatingValue | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    provider_name: str | None = None
    is_provider: bool = False
    cqc_id: str | None = None
    registration_date: PartialDate | None = None
    end: int = 0  # offset in the text where the header stops

    @property
    def found(self) -> bool:
        return bool(self.name or self.provider_name or self.postcode)

    def records(self) -> tuple[tuple[Provider, ...], tuple[Location, ...]]:
        """Providers and locations of the header (the provider first, index 0)."""
        if self.is_provider:
            return (Provider(name=self.name, alt_names=tuple(self.alt_names), current_overall_rating=self.overall),), ()
        providers = (Provider(name=self.provider_name),) if self.provider_name else ()
        location = Location(
            name=self.name, alt_names=tuple(self.alt_names), provider=0 if providers else None,
            address=self.address, postcode=self.postcode, phone=self.phone, cqc_id=self.cqc_id,
            service_types=tuple(self.service_types), archived=self.archived,
            current_overall_rating=self.overall, registration_date=self.registration_date,
        )
        return providers, (location,) if (self.name or self.postcode) else ()


def split_address(line: str) -> tuple[str | None, str | None, str | None]:
    """Address, postcode and phone from one line "28 Hall Croft,, Shepshed, …, LE12 9AN (01509) 508222"."""
    m = P.POSTCODE_RE.search(line)
    if not m:
        return None, None, None
    parts = [p.strip() for p in line[: m.start()].split(",")]
    address = ", ".join(p for p in parts if p) or None
    return address, P.postcode(line), P.phone(line[m.end():])


#: The provider's name on its own line under the location's, before the address: a line that
#: ends as an organisation's name does ("Ashgrove Care Homes (Midlands) Ltd", "Ivyhouse Community
#: Partnerships CIC").
_PROVIDER_NAME_LINE_RE = re.compile(
    r"^[A-Z0-9][^\n:.]{2,100}?[ \t](?:Limited|Ltd|LLP|PLC|plc|CIC|Partnership|Partners|NHS (?:Foundation )?Trust|Group|Council)\.?"
    # a company trading under another name ("Oak Care Ltd trading as Oak Homecare", "… Ltd t/a …")
    r"(?:[ \t]+(?:trading[ \t]+as|t/a)[ \t]+[A-Z0-9][^\n:]{2,80})?$"
    # a person registered as the provider ("Dr J Smith", "Mr R O'Neill t/a Oak Dental Care")
    r"|^(?:Dr|Mr|Mrs|Ms|Miss)\.?[ \t]+(?:[A-Z]\.?[ \t]+){0,3}[A-Z][\w'’-]+(?:[ \t]+(?:trading[ \t]+as|t/a)[ \t]+[A-Z0-9][^\n:]{2,80})?$")
#: A line that describes the service under its name, before the address: "Provides care for up to
#: 46 people. Nursing care. Specialisms: dementia.", "Supported living. Provides personal care …",
#: "Specialisms: learning disabilities, autism."
_DESCRIPTION_RE = re.compile(r"^(?:(?P<kind>[A-Z][a-z]+(?: [a-z]+){0,4})\.[ \t]+)?(?:Provides\b|Specialisms?:|Nursing care\b)")
#: The label an address line may carry ("Office: 2 Weston Court, …", "Address: …").
_ADDRESS_LABEL_RE = re.compile(r"^(?:Office|Address|Location address)[ \t]*:[ \t]*", re.I)
#: "Registered: 5 March 2019": the day the location was registered.
_REGISTERED_RE = re.compile(r"^Registered(?: on| since)?:?[ \t]+(?P<date>\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4})$")


def _labelled_line(h: Header, line: str) -> bool:
    """Read one of the header lines a page laid out as text adds around its address (the name
    repeated, the kind of service, "Tel:", "CQC ID:", "Latest rating:", "Provider:", "Registered
    manager:"); False for any other line, which ends the header."""
    if line == h.name:
        return True
    if h.postcode is None and not h.provider_name and not h.service_types and _PROVIDER_NAME_LINE_RE.match(line):
        h.provider_name = line  # the provider's name straight under the location's
        return True
    if h.postcode is None and (described := _DESCRIPTION_RE.match(line)):
        if described.group("kind"):
            h.service_types.append(described.group("kind"))
        return True
    if h.postcode is None and _KIND_LINE_RE.match(line) and not P.parse_rating(line):
        h.service_types.append(line)
        return True
    if (tel := _TEL_RE.match(line) or _BARE_TEL_RE.match(line)) and h.postcode and not h.phone:
        h.phone = tel.group("tel").strip()
        return True
    if (cid := _ID_RE.match(line)) and not h.cqc_id:
        h.cqc_id = cid.group("id")
        return True
    if (latest := _LATEST_RE.match(line)) and h.overall is None and P.parse_rating(latest.group("value")):
        h.overall = P.parse_rating(latest.group("value"))
        return True
    if (named := _PROVIDER_LINE_RE.match(line)) and h.postcode and not h.provider_name:
        h.provider_name = named.group("name").strip()
        return True
    return bool(h.postcode and _MANAGER_LINE_RE.match(line))


#: A part of an address printed on a line of its own ("Unit 20", "43a The Broadway", "Barnsley"):
#: a few words or figures, no full stop, no label.
_ADDRESS_PART_RE = re.compile(r"^[A-Z0-9][\w'’&/ ,-]{0,60}$")


def _address_block(lines: list[str], at: int) -> tuple[str, int] | None:
    """An address printed one part a line from line ``at`` down to the line of its postcode
    ("Unit 20" / "43a The Broadway" / "Barnsley" / "S70 2EG (01226) 770418"), as one line and the
    number of lines it takes; None when the lines are no such block: a line that is no address
    part comes first, a blank line, or a postcode line with its own commas (an address of one
    line under a line of another kind). A first line naming a kind of service ("Care home",
    "Supported living") is no part of an address."""
    parts: list[str] = []
    for k in range(at, min(at + 7, len(lines))):
        line = lines[k].strip()
        if not line:
            return None
        if (m := P.POSTCODE_RE.search(line)) and parts:
            if "," in line[:m.start()]:
                return None
            return ", ".join([*parts, line]), k - at + 1
        if not _ADDRESS_PART_RE.match(line) or (not parts and _KIND_LINE_RE.match(line) and " " in line):
            return None
        parts.append(line.rstrip(","))
    return None


def parse_header(text: str) -> Header:
    """Read the header lines at the top of a profile page."""
    h = Header()
    lines = text.split("\n")
    offset = 0
    pending_provider = False
    skip = 0
    title_page = bool(re.match(r"\s*You are here\s*$", text[:200], re.M))
    for index, raw in enumerate(lines):
        offset += len(raw) + 1
        if skip:
            skip -= 1
            continue
        line = raw.strip()
        if not line or _FURNITURE.match(line):
            continue
        if pending_provider:
            h.provider_name = line
            pending_provider = False
            continue
        if h.name is None and _ABOVE_NAME_RE.match(line):
            continue  # a page's section heading or its day above the name ("Latest assessment", "Updated 4 June 2025")
        if line[:1] in ("•", "·", "*", "-") and h.name is None:
            h.service_types.append(line.lstrip("•·*- ").strip())
            continue
        m = _OVERALL_RE.match(line)
        if m:
            h.overall = P.parse_rating(m.group("value"))
            continue
        m = _PROVIDED_RE.match(line)
        if m:
            if m.group("name").strip():
                h.provider_name = m.group("name").strip()
            else:
                pending_provider = True
            continue
        if _ORGANISATION_RE.search(line):
            h.is_provider = True
            continue
        if line.startswith("Important:"):
            continue
        if h.name and (registered := _REGISTERED_RE.match(line)) and h.registration_date is None:
            h.registration_date = P.parse_date(registered.group("date"))
            continue
        if _STOP_RE.match(line) or (P.parse_date(line) and len(line) < 40) or P.DAY_MONTH_LINE_RE.match(line):
            h.end = offset - len(raw) - 1
            break
        if h.name is None:
            name = line
            if name.lower().startswith("archived:"):
                h.archived = True
                name = name.split(":", 1)[1].strip()
            m = _TITLE_RATING_RE.match(name) if title_page and "?" not in name else None
            if m:
                name = m.group("name").strip()
                h.overall = h.overall or P.parse_rating(m.group("rating"))
                h.is_provider = h.is_provider or bool(m.group("provider"))
            m = re.match(r"^(?P<name>.+?)\s+Also known as\s+(?P<aka>.+)$", name)
            if m:
                name = m.group("name").strip()
                h.alt_names.append(m.group("aka").strip())
            h.name = _NAME_OF_PART_RE.sub("", name) or name
            continue
        if h.postcode is None and P.POSTCODE_RE.search(line):
            h.address, h.postcode, h.phone = split_address(_ADDRESS_LABEL_RE.sub("", line))
            continue
        if h.postcode is None and (block := _address_block(lines, index)):
            h.address, h.postcode, h.phone = split_address(block[0])
            skip = block[1] - 1
            continue
        if _labelled_line(h, line):
            continue
        h.end = offset - len(raw) - 1
        break
    else:
        h.end = len(text)
    return h
