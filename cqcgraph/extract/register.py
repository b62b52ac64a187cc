"""Reading CQC's bulk open-data files (the national register) into plain records.

CQC publishes, every month, the *HSCA Active Locations* file (one row per active location, with
its provider; its *HSCA Deactivated Locations* twin has the same columns and the registration's
end date) and the *Latest ratings* file (sheets of locations and providers, one row per
location or provider x service or population group x domain), and every week the *care
directory* CSV. Users download them as ODS, XLSX or CSV under whatever name; the file is known
here by its **header row**, and each column by its **header name**, tolerant of the renamings
across years ("Location Postal Code" / "Location Post Code"). Columns nobody reads are reported,
never fatal.

Everything streams: ODS/XLSX rows come one at a time from python-calamine, CSV rows from the
``csv`` module, and each row becomes one frozen record. Nothing of RDF, storage or the web is
imported here (the mapping is ``cqcgraph.register_rdf``).

>>> normalise_header(" Location Post-Code ")
'location post code'
>>> snapshot_date_from_text("HSCA_Active_Locations_1_December_2026.ods")
'2026-12-01'
>>> snapshot_date_from_text("01 November 2026 Latest ratings.xlsx")
'2026-11-01'
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from cqcgraph.records import KeyQuestion, RatingValue

__all__ = [
    "RegisterError", "RegisterLocation", "RegisterProvider", "RegisterRating", "SheetInfo",
    "RegisterFile", "KINDS", "normalise_header", "detect_kind", "sniff", "open_register",
    "snapshot_date_from_text", "parse_date", "SUFFIXES",
]

SUFFIXES = {".ods", ".xlsx", ".xlsm", ".xls", ".csv"}
HEADER_SCAN_ROWS = 20  # the care directory has a few preamble lines before its header


class RegisterError(ValueError):
    """A file that is not a CQC register file, or cannot be read as one (the message says why)."""


# -- records ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterProvider:
    """A provider as a register row states it (``None``: the row does not say)."""

    cqc_id: str
    name: str | None = None
    ods_code: str | None = None
    sector: str | None = None  # "Type/Sector": "Social Care Org", "NHS Healthcare Organisation"…
    ownership_type: str | None = None
    company_number: str | None = None
    charity_number: str | None = None
    address: str | None = None
    town: str | None = None
    county: str | None = None
    postcode: str | None = None
    uprn: str | None = None
    local_authority: str | None = None
    region: str | None = None
    nhs_region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    constituency: str | None = None
    phone: str | None = None
    website: str | None = None
    nominated_individual: str | None = None
    main_partner: str | None = None
    brand_id: str | None = None
    brand_name: str | None = None
    primary_inspection_category: str | None = None


@dataclass(frozen=True)
class RegisterRating:
    """One rating as the register states it: overall or one domain, for the location (or
    provider) as a whole or for one service or population group inside it."""

    subject_kind: str  # "location" or "provider"
    subject_id: str
    key_question: KeyQuestion
    value: RatingValue
    published: str | None  # ISO date
    service: str | None = None
    population_group: str | None = None
    report_type: str | None = None
    inherited: bool | None = None
    url: str | None = None


@dataclass(frozen=True)
class RegisterLocation:
    """A location as one register row states it, with its provider and, where the file gives
    it, its latest overall rating. Flags (regulated activities, service types, service user
    bands) are the names of the columns marked "Y"."""

    cqc_id: str
    name: str | None = None
    ods_code: str | None = None
    alt_names: tuple[str, ...] = ()
    registration_date: str | None = None  # HSCA start date, ISO
    registration_end_date: str | None = None  # deactivated locations: HSCA end date, ISO
    dormant: bool | None = None
    care_home: bool | None = None
    sector: str | None = None  # "Location Type/Sector"
    inspection_directorate: str | None = None
    primary_inspection_category: str | None = None
    region: str | None = None
    nhs_region: str | None = None
    local_authority: str | None = None
    local_authority_code: str | None = None
    icb_code: str | None = None  # ONSPD CCG (sub-ICB location) or ICB code
    icb_name: str | None = None
    commissioning_code: str | None = None
    commissioning_name: str | None = None
    address: str | None = None
    town: str | None = None
    county: str | None = None
    postcode: str | None = None
    paf_id: str | None = None
    uprn: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    constituency: str | None = None
    phone: str | None = None
    website: str | None = None
    beds: int | None = None
    registered_manager: str | None = None
    regulated_activities: tuple[str, ...] = ()
    service_types: tuple[str, ...] = ()
    service_user_bands: tuple[str, ...] = ()
    specialisms: tuple[str, ...] = ()
    last_check: str | None = None  # care directory: date of latest check, ISO
    url: str | None = None
    provider: RegisterProvider | None = None
    overall: RegisterRating | None = None
    dual_registration: bool = False


Row = RegisterLocation | RegisterProvider | RegisterRating


# -- headers ------------------------------------------------------------------------------
def normalise_header(text: object) -> str:
    """A header cell as a comparison key: lower case, punctuation as single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").casefold()).split())


def _aliases(*names: str) -> tuple[str, ...]:
    return tuple(normalise_header(n) for n in names)


# field -> the header spellings CQC has used for it (first match wins)
LOCATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "location_id": _aliases("Location ID", "CQC Location ID (for office use only)",
                            "CQC Location ID"),
    "ods": _aliases("Location ODS Code", "ODS Code"),
    "name": _aliases("Location Name", "Name"),
    "aka": _aliases("Location Also Known As", "Also Known As"),
    "start": _aliases("Location HSCA Start Date", "HSCA Start Date", "Location Registration Date"),
    "end": _aliases("Location HSCA End Date", "HSCA End Date", "Location Deregistration Date",
                    "Deregistration Date", "Location Registration End Date"),
    "dormant": _aliases("Dormant (Y/N)", "Location Dormant (Y/N)", "Dormant"),
    "care_home": _aliases("Care home?", "Care Home", "Location Care Home"),
    "sector": _aliases("Location Type/Sector", "Location Type", "Type/Sector"),
    "directorate": _aliases("Location Inspection Directorate", "Inspection Directorate"),
    "category": _aliases("Location Primary Inspection Category", "Primary Inspection Category"),
    "overall": _aliases("Location Latest Overall Rating", "Latest Overall Rating"),
    "published": _aliases("Publication Date", "Location Publication Date",
                          "Latest Rating Publication Date"),
    "inherited": _aliases("Inherited Rating (Y/N)", "Location Inherited Rating (Y/N)"),
    "region": _aliases("Location Region", "Region"),
    "nhs_region": _aliases("Location NHS Region", "NHS Region"),
    "la": _aliases("Location Local Authority", "Local Authority"),
    "la_code": _aliases("Location Local Authority Code", "Local Authority Code"),
    "icb_code": _aliases("Location ONSPD CCG Code", "Location ONSPD ICB Code", "ONSPD CCG Code",
                         "Location ICB Code"),
    "icb_name": _aliases("Location ONSPD CCG", "Location ONSPD ICB", "ONSPD CCG",
                         "Location ICB Name", "Location ONSPD CCG Name"),
    "comm_code": _aliases("Location Commissioning CCG Code", "Location Commissioning ICB Code"),
    "comm_name": _aliases("Location Commissioning CCG", "Location Commissioning CCG Name",
                          "Location Commissioning ICB"),
    "street": _aliases("Location Street Address", "Location Address Line 1", "Address"),
    "line2": _aliases("Location Address Line 2"),
    "city": _aliases("Location City", "Location Town/City"),
    "county": _aliases("Location County"),
    "postcode": _aliases("Location Postal Code", "Location Post Code", "Location Postcode",
                         "Postcode"),
    "paf": _aliases("Location PAF ID", "Location Paf ID"),
    "uprn": _aliases("Location UPRN ID", "Location UPRN"),
    "lat": _aliases("Location Latitude", "Latitude"),
    "long": _aliases("Location Longitude", "Longitude"),
    "constituency": _aliases("Location Parliamentary Constituency"),
    "phone": _aliases("Location Telephone Number", "Location Phone Number", "Phone number"),
    "web": _aliases("Location Web Address", "Location Website",
                    "Service's website (if available)"),
    "beds": _aliases("Care homes beds", "Care home beds", "Location Care Home Beds"),
    "manager": _aliases("Registered Manager", "Location Registered Manager"),
    "service_types_text": _aliases("Service types"),
    "specialisms": _aliases("Specialisms/services", "Location Specialisms"),
    "last_check": _aliases("Date of latest check"),
    "url": _aliases("URL", "Location URL"),
    # ratings sheets
    "service": _aliases("Service / Population Group", "Service/Population Group"),
    "domain": _aliases("Domain", "Key Question"),
    "rating": _aliases("Latest Rating", "Rating"),
    "report_type": _aliases("Report Type"),
}
PROVIDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "provider_id": _aliases("Provider ID", "CQC Provider ID (for office use only)",
                            "CQC Provider ID"),
    "provider_ods": _aliases("Provider ODS Code"),
    "provider_name": _aliases("Provider Name"),
    "provider_sector": _aliases("Provider Type/Sector", "Provider Type"),
    "provider_category": _aliases("Provider Primary Inspection Category"),
    "ownership": _aliases("Provider Ownership Type"),
    "company": _aliases("Provider Companies House Number", "Provider Company Number"),
    "charity": _aliases("Provider Charity Number"),
    "p_street": _aliases("Provider Street Address", "Provider Address Line 1"),
    "p_line2": _aliases("Provider Address Line 2"),
    "p_city": _aliases("Provider City", "Provider Town/City"),
    "p_county": _aliases("Provider County"),
    "p_postcode": _aliases("Provider Postal Code", "Provider Post Code", "Provider Postcode"),
    "p_paf": _aliases("Provider PAF ID", "Provider Paf ID"),
    "p_uprn": _aliases("Provider UPRN ID", "Provider UPRN"),
    "p_la": _aliases("Provider Local Authority"),
    "p_region": _aliases("Provider Region"),
    "p_nhs_region": _aliases("Provider NHS Region"),
    "p_lat": _aliases("Provider Latitude"),
    "p_long": _aliases("Provider Longitude"),
    "p_constituency": _aliases("Provider Parliamentary Constituency"),
    "p_phone": _aliases("Provider Telephone Number"),
    "p_web": _aliases("Provider Web Address", "Provider Website"),
    "nominated": _aliases("Provider Nominated Individual Name", "Provider Nominated Individual"),
    "partner": _aliases("Provider Main Partner Name", "Provider Main Partner"),
    "brand_id": _aliases("Brand ID", "Location Brand ID"),
    "brand_name": _aliases("Brand Name", "Location Brand Name"),
}
ALL_COLUMNS = {**LOCATION_COLUMNS, **PROVIDER_COLUMNS}
# Y-flag column families: header prefix -> which tuple of the record collects it
FLAG_PREFIXES = (
    (normalise_header("Regulated activity - "), "regulated_activities"),
    (normalise_header("Service type - "), "service_types"),
    (normalise_header("Service user band - "), "service_user_bands"),
)

#: The kinds of sheet, by the fields their header must have (first match wins).
SHEET_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    # the deactivated file has the active file's columns and the registration's end
    ("hsca-deactivated", frozenset({"location_id", "provider_id", "end"})),
    ("hsca-locations", frozenset({"location_id", "provider_id", "start"})),
    ("hsca-locations", frozenset({"location_id", "provider_id", "dormant"})),
    ("ratings-locations", frozenset({"location_id", "domain", "rating"})),
    ("ratings-providers", frozenset({"provider_id", "domain", "rating"})),
    ("care-directory", frozenset({"location_id", "name", "last_check"})),
    ("care-directory", frozenset({"location_id", "name", "service_types_text"})),
)
#: The file kinds (one named graph per file), by the sheet kinds in them.
KINDS = {"hsca-locations": "hsca-active-locations",
         "hsca-deactivated": "hsca-deactivated-locations", "ratings-locations": "latest-ratings",
         "ratings-providers": "latest-ratings", "care-directory": "care-directory"}
KIND_TITLES = {"hsca-active-locations": "HSCA Active Locations",
               "hsca-deactivated-locations": "HSCA Deactivated Locations",
               "latest-ratings": "Latest ratings", "care-directory": "Care directory"}


@dataclass(frozen=True)
class Header:
    """A header row read: the column of each known field, the flag columns, and the rest."""

    kind: str
    columns: dict[str, int]
    flags: tuple[tuple[int, str, str], ...]  # (column, record field, flag name)
    unknown: tuple[str, ...]


def detect_kind(cells: Sequence[object]) -> Header | None:
    """The sheet kind a header row announces, with its columns; None when it is no header.

    >>> detect_kind(["Location ID", "Domain", "Latest Rating", "Publication Date"]).kind
    'ratings-locations'
    >>> detect_kind(["pcds", "oslaua"]) is None
    True
    """
    keys = [normalise_header(c) for c in cells]
    columns: dict[str, int] = {}
    flags: list[tuple[int, str, str]] = []
    unknown: list[str] = []
    lookup = {alias: name for name, aliases in ALL_COLUMNS.items() for alias in aliases}
    for i, (key, raw) in enumerate(zip(keys, cells, strict=False)):
        if not key:
            continue
        name = lookup.get(key)
        if name is not None and name not in columns:
            columns[name] = i
            continue
        for prefix, target in FLAG_PREFIXES:
            if key.startswith(prefix + " "):
                label = str(raw).split("-", 1)[1].strip() if "-" in str(raw) else str(raw)
                flags.append((i, target, label))
                break
        else:
            unknown.append(str(raw).strip())
    present = set(columns)
    for kind, needed in SHEET_KINDS:
        if needed <= present:
            if kind == "ratings-providers" and "location_id" in present:
                continue
            return Header(kind, columns, tuple(flags), tuple(unknown))
    return None


# -- values -------------------------------------------------------------------------------
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_D_MONTH_Y = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s_\-.]+([A-Za-z]{3,9})[\s_\-.,]+(\d{4}|\d{2})(?!\d)")
_MONTH_Y = re.compile(r"(?<![A-Za-z])([A-Za-z]{3,9})[\s_\-.,]+(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: object) -> str | None:
    """A cell's date as ISO ``YYYY-MM-DD``: a spreadsheet date, ``2026-12-01``, ``01/12/2026``
    (day first, as CQC writes), ``1 December 2026``, ``01-Dec-26``; None otherwise.

    >>> parse_date("01/12/2026"), parse_date("1-Dec-26"), parse_date(dt.date(2019, 7, 17))
    ('2026-12-01', '2026-12-01', '2019-07-17')
    >>> parse_date("-") is None
    True
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _ISO.search(text)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.search(text)
    if m:
        return _date(int(m[3]), int(m[2]), int(m[1]))
    m = _D_MONTH_Y.search(text)
    if m and m[2].casefold() in _MONTHS:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return _date(year, _MONTHS[m[2].casefold()], int(m[1]))
    return None


def snapshot_date_from_text(text: str) -> str | None:
    """The date a file name or README text gives: a full date, or a month (its first day).

    >>> snapshot_date_from_text("HSCA Active Locations (December 2026).xlsx")
    '2026-12-01'
    >>> snapshot_date_from_text("export-20261201.csv")
    '2026-12-01'
    >>> snapshot_date_from_text("locations.csv") is None
    True
    """
    text = text.replace("_", " ")
    found = parse_date(text)
    if found:
        return found
    m = _COMPACT.search(text)
    if m:
        found = _date(int(m[1]), int(m[2]), int(m[3]))
        if found:
            return found
    for m in _MONTH_Y.finditer(text):
        if m[1].casefold() in _MONTHS:
            return _date(int(m[2]), _MONTHS[m[1].casefold()], 1)
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = " ".join(str(value).split())
    return out if out and out != "-" else None


def _flag(value: object) -> bool | None:
    text = (_text(value) or "").casefold()
    if text in {"y", "yes", "true", "1"}:
        return True
    if text in {"n", "no", "false", "0"}:
        return False
    return None


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


def _integer(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() and number >= 0 else None


def _identifier(value: object) -> str | None:
    """An ID or code cell as text (spreadsheets give numeric IDs as floats)."""
    return _text(value)


_RATINGS = {v.label.casefold(): v for v in RatingValue}
_RATINGS.update({"requires improvement": RatingValue.REQUIRES_IMPROVEMENT,
                 "insufficient evidence to rate": RatingValue.INSPECTED_NOT_RATED})
_DOMAINS = {"overall": KeyQuestion.OVERALL, "safe": KeyQuestion.SAFE,
            "effective": KeyQuestion.EFFECTIVE, "caring": KeyQuestion.CARING,
            "responsive": KeyQuestion.RESPONSIVE, "well led": KeyQuestion.WELL_LED}
# CQC's six population groups (the rest of "Service / Population Group" names services)
POPULATION_GROUPS = {normalise_header(g) for g in (
    "Older people", "People with long term conditions", "People with long-term conditions",
    "Families, children and young people", "Working age people (including those recently "
    "retired and students)", "People whose circumstances may make them vulnerable",
    "People experiencing poor mental health (including people with dementia)")}


def rating_value(text: object) -> RatingValue | None:
    """A register file's rating cell as a rating, whatever its case and spacing.

    >>> rating_value("Requires Improvement")
    <RatingValue.REQUIRES_IMPROVEMENT: 'requires-improvement'>
    """
    return _RATINGS.get(" ".join(normalise_header(text).split()))


# -- rows to records ----------------------------------------------------------------------
class _RowReader:
    def __init__(self, header: Header, sheet: str) -> None:
        self.h, self.sheet = header, sheet

    def get(self, row: Sequence[object], name: str) -> object:
        i = self.h.columns.get(name)
        return row[i] if i is not None and i < len(row) else None

    def text(self, row: Sequence[object], name: str) -> str | None:
        return _text(self.get(row, name))

    def address(self, row: Sequence[object], *names: str) -> str | None:
        parts = [self.text(row, n) for n in names]
        return ", ".join(p for p in parts if p) or None

    def provider(self, row: Sequence[object]) -> RegisterProvider | None:
        pid = _identifier(self.get(row, "provider_id"))
        if not pid:
            return None
        t = lambda n: self.text(row, n)  # noqa: E731
        return RegisterProvider(
            cqc_id=pid, name=t("provider_name"), ods_code=t("provider_ods"),
            sector=t("provider_sector"), ownership_type=t("ownership"),
            company_number=_identifier(self.get(row, "company")),
            charity_number=_identifier(self.get(row, "charity")),
            address=self.address(row, "p_street", "p_line2"), town=t("p_city"),
            county=t("p_county"), postcode=t("p_postcode"),
            uprn=_identifier(self.get(row, "p_uprn")), local_authority=t("p_la"),
            region=t("p_region"), nhs_region=t("p_nhs_region"),
            latitude=_number(self.get(row, "p_lat")), longitude=_number(self.get(row, "p_long")),
            constituency=t("p_constituency"), phone=_identifier(self.get(row, "p_phone")),
            website=t("p_web"), nominated_individual=t("nominated"), main_partner=t("partner"),
            brand_id=t("brand_id"), brand_name=t("brand_name"),
            primary_inspection_category=t("provider_category"))

    def location(self, row: Sequence[object], *, with_provider: bool = True
                 ) -> RegisterLocation | None:
        lid = _identifier(self.get(row, "location_id"))
        if not lid:
            return None
        t = lambda n: self.text(row, n)  # noqa: E731
        flags: dict[str, list[str]] = {"regulated_activities": [], "service_types": [],
                                       "service_user_bands": []}
        for i, target, label in self.h.flags:
            if i < len(row) and _flag(row[i]):
                flags[target].append(label)
        service_types = tuple(flags["service_types"]) or _split(t("service_types_text"))
        overall = None
        value = rating_value(self.get(row, "overall"))
        if value is not None and "domain" not in self.h.columns:
            overall = RegisterRating("location", lid, KeyQuestion.OVERALL, value,
                                     parse_date(self.get(row, "published")),
                                     inherited=_flag(self.get(row, "inherited")))
        aka = t("aka")
        return RegisterLocation(
            cqc_id=lid, name=t("name"), ods_code=t("ods"), alt_names=(aka,) if aka else (),
            registration_date=parse_date(self.get(row, "start")),
            registration_end_date=parse_date(self.get(row, "end")),
            dormant=_flag(self.get(row, "dormant")), care_home=_flag(self.get(row, "care_home")),
            sector=t("sector"), inspection_directorate=t("directorate"),
            primary_inspection_category=t("category"), region=t("region"),
            nhs_region=t("nhs_region"), local_authority=t("la"), local_authority_code=t("la_code"),
            icb_code=t("icb_code"), icb_name=t("icb_name"), commissioning_code=t("comm_code"),
            commissioning_name=t("comm_name"), address=self.address(row, "street", "line2"),
            town=t("city"), county=t("county"), postcode=t("postcode"),
            paf_id=_identifier(self.get(row, "paf")), uprn=_identifier(self.get(row, "uprn")),
            latitude=_number(self.get(row, "lat")), longitude=_number(self.get(row, "long")),
            constituency=t("constituency"), phone=_identifier(self.get(row, "phone")),
            website=t("web"), beds=_integer(self.get(row, "beds")),
            registered_manager=t("manager"),
            regulated_activities=tuple(flags["regulated_activities"]),
            service_types=service_types, service_user_bands=tuple(flags["service_user_bands"]),
            specialisms=_split(t("specialisms")), last_check=parse_date(self.get(row, "last_check")),
            url=t("url") if self.h.kind == "care-directory" else None,
            provider=self.provider(row) if with_provider else None, overall=overall,
            dual_registration="dual" in self.sheet.casefold())

    def rating(self, row: Sequence[object], subject_kind: str) -> RegisterRating | None:
        sid = _identifier(self.get(row, "location_id" if subject_kind == "location"
                                   else "provider_id"))
        kq = _DOMAINS.get(normalise_header(self.get(row, "domain")))
        value = rating_value(self.get(row, "rating"))
        if not sid or kq is None or value is None:
            return None
        group = self.text(row, "service")
        service = population = None
        if group and normalise_header(group) != "overall":
            if normalise_header(group) in POPULATION_GROUPS:
                population = group
            else:
                service = group
        return RegisterRating(subject_kind, sid, kq, value, parse_date(self.get(row, "published")),
                              service=service, population_group=population,
                              report_type=self.text(row, "report_type"),
                              inherited=_flag(self.get(row, "inherited")), url=self.text(row, "url"))

    def records(self, row: Sequence[object]) -> list[Row]:
        kind = self.h.kind
        if kind in {"hsca-locations", "hsca-deactivated", "care-directory"}:
            loc = self.location(row)
            return [loc] if loc else []
        if kind == "ratings-locations":
            out: list[Row] = []
            loc = self.location(row)
            if loc:
                out.append(loc)
            rating = self.rating(row, "location")
            if rating:
                out.append(rating)
            return out
        out = []
        provider = self.provider(row)
        if provider:
            out.append(provider)
        rating = self.rating(row, "provider")
        if rating:
            out.append(rating)
        return out


def _split(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(p.strip() for p in re.split(r"[|;]|, (?=[A-Z])", text) if p.strip())


# -- files --------------------------------------------------------------------------------
@dataclass
class SheetInfo:
    """One sheet read: its name, kind, rows read, records made, and the columns not read."""

    name: str
    kind: str | None
    rows: int = 0
    records: int = 0
    skipped: int = 0
    unknown_columns: tuple[str, ...] = ()


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _csv_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        yield from csv.reader(handle)


def _csv_encoding(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        return "utf-8" if exc.start > len(head) - 4 else "cp1252"  # CQC's older CSVs are Windows-1252


class RegisterFile:
    """One register file, opened lazily: its kind, snapshot date, SHA-256 and rows.

    ``records()`` streams the records of every recognised sheet; ``sheets`` then tells what
    each sheet gave. Raises :class:`RegisterError` when no sheet has a register header.
    """

    def __init__(self, path: Path, *, snapshot_date: str | None = None) -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in SUFFIXES:
            raise RegisterError(f"{self.path.name}: not a spreadsheet or CSV file")
        self.sheets: list[SheetInfo] = []
        self._plan = self._find_headers()
        kinds = {KINDS[h.kind] for _, h, _ in self._plan}
        if not kinds:
            raise RegisterError(f"{self.path.name}: no sheet has the header row of a CQC"
                                " register file (HSCA Active or Deactivated Locations, Latest"
                                " ratings, care directory)")
        if len(kinds) > 1:
            raise RegisterError(f"{self.path.name}: sheets of different files ({', '.join(sorted(kinds))})")
        self.kind = kinds.pop()
        self.readme_date = self._readme_date()
        self.snapshot_date = (snapshot_date or self.readme_date
                              or snapshot_date_from_text(self.path.name))
        self.date_source = ("given" if snapshot_date else "README sheet" if self.readme_date
                            else "file name" if self.snapshot_date else None)
        self._sha256: str | None = None

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = _hash_file(self.path)
        return self._sha256

    # sheets as row iterators
    def _sheet_names(self) -> list[str]:
        if self.suffix == ".csv":
            return [self.path.stem]
        return list(self._workbook().sheet_names)

    def _workbook(self):
        try:
            from python_calamine import CalamineWorkbook
        except ImportError as exc:  # pragma: no cover - a dependency of cqcgraph
            raise RegisterError("reading ODS/XLSX needs python-calamine") from exc
        if not hasattr(self, "_wb"):
            try:
                self._wb = CalamineWorkbook.from_path(str(self.path))
            except Exception as exc:  # calamine raises its own error types
                raise RegisterError(f"{self.path.name}: cannot read the spreadsheet ({exc})") from None
        return self._wb

    def _rows(self, sheet: str) -> Iterator[Sequence[object]]:
        if self.suffix == ".csv":
            yield from _csv_rows(self.path, _csv_encoding(self.path))
            return
        try:
            yield from self._workbook().get_sheet_by_name(sheet).iter_rows()
        except Exception as exc:
            if isinstance(exc, GeneratorExit):
                raise
            raise RegisterError(f"{self.path.name}: sheet {sheet!r} cannot be read ({exc})") from None

    def _find_headers(self) -> list[tuple[str, Header, int]]:
        plan = []
        for sheet in self._sheet_names():
            for n, row in enumerate(self._rows(sheet)):
                if n >= HEADER_SCAN_ROWS:
                    break
                header = detect_kind(row)
                if header is not None:
                    plan.append((sheet, header, n))
                    break
        return plan

    def _readme_date(self) -> str | None:
        if self.suffix == ".csv":
            return None
        for sheet in self._sheet_names():
            if "readme" not in normalise_header(sheet).replace(" ", ""):
                continue
            for n, row in enumerate(self._rows(sheet)):
                if n > 200:
                    break
                for cell in row:
                    if isinstance(cell, (dt.date, dt.datetime)):
                        return parse_date(cell)
                    if cell and re.search(r"\d{4}", str(cell)):
                        found = snapshot_date_from_text(str(cell))
                        if found:
                            return found
        return None

    def estimated_rows(self) -> int | None:
        """Rows of the recognised sheets when the reader can tell cheaply (ODS/XLSX)."""
        if self.suffix == ".csv":
            return None
        total = 0
        for sheet, _, start in self._plan:
            try:
                total += max(0, self._workbook().get_sheet_by_name(sheet).total_height - start - 1)
            except Exception:
                return None
        return total

    def records(self, progress: Callable[[int], None] | None = None) -> Iterator[Row]:
        """Every record of the file, sheet by sheet, row by row (``progress(rows)`` now and then)."""
        done = 0
        for sheet, header, start in self._plan:
            info = SheetInfo(sheet, header.kind, unknown_columns=header.unknown)
            self.sheets.append(info)
            reader = _RowReader(header, sheet)
            for n, row in enumerate(self._rows(sheet)):
                if n <= start:
                    continue
                if not any(c not in (None, "") for c in row):
                    continue
                info.rows += 1
                out = reader.records(row)
                if not out:
                    info.skipped += 1
                info.records += len(out)
                yield from out
                done += 1
                if progress and done % 1000 == 0:
                    progress(done)
        if progress:
            progress(done)


def sniff(path: Path) -> bool:
    """True when ``path`` is a spreadsheet or CSV whose header row is a CQC register file's."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        return False
    try:
        RegisterFile(path, snapshot_date="1970-01-01")
    except RegisterError:
        return False
    return True


def open_register(path: Path, *, snapshot_date: str | None = None) -> RegisterFile:
    """Open a register file (raises :class:`RegisterError` when it is not one)."""
    if snapshot_date is not None and parse_date(snapshot_date) is None:
        raise RegisterError(f"snapshot date {snapshot_date!r} is not a date (use YYYY-MM-DD)")
    return RegisterFile(path, snapshot_date=parse_date(snapshot_date) if snapshot_date else None)


def iter_chunks(items: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """Records in lists of at most ``size``."""
    chunk: list[Row] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

