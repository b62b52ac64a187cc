"""CQC public API location (or provider) records as JSON: ids, address, ratings
current and historic, and reports as inspections (``start_date`` = firstVisitDate,
``publication_date`` = reportDate, kept as given even when the visit is after the report).

Imports the standard library and ``cqcgraph.records`` (and ``patterns``).
"""

from __future__ import annotations

import json

from cqcgraph.extract import patterns as P
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, Location, Person, Provider, Rating

LAYOUT = "cqc-api-json"


def _load(text: str) -> dict | None:
    t = text.strip()
    if not t.startswith("{"):
        return None
    try:
        data = json.loads(t)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def detect(text: str) -> bool:
    data = _load(text)
    return data is not None and any(k in data for k in ("locationId", "providerId"))


def _ratings(block: dict | None, report: str | None = None) -> list[Rating]:
    """Ratings of a ratings block; with ``report``, only those published in that report (a
    current key question rating carries its own ``reportLinkId`` when it comes from an earlier
    report)."""
    out: list[Rating] = []
    if not isinstance(block, dict):
        return out
    overall: dict = block["overall"] if isinstance(block.get("overall"), dict) else block
    value = P.parse_rating(overall.get("rating"))
    if value and (report is None or overall.get("reportLinkId") in (None, report)):
        out.append(Rating(KeyQuestion.OVERALL, value))
    for kq in overall.get("keyQuestionRatings", []) or []:
        k, v = P.key_question(kq.get("name")), P.parse_rating(kq.get("rating"))
        if report is not None and kq.get("reportLinkId") not in (None, report):
            continue
        if k and v:
            out.append(Rating(k, v))
    return out


def parse(text: str) -> DocumentRecord:
    data = _load(text) or {}
    is_location = "locationId" in data
    lines = [data.get(k) for k in ("postalAddressLine1", "postalAddressLine2", "postalAddressTownCity", "postalAddressCounty")]
    brand = data.get("brandName") if data.get("brandName") not in (None, "", "-") else None
    provider = Provider(cqc_id=data.get("providerId"), brand=brand, name=None if is_location else data.get("name"))
    if not is_location:
        # a provider record (organisationType "Provider"): its own address and keys
        current = _ratings(data.get("currentRatings"))
        provider = Provider(
            name=data.get("name"), cqc_id=data.get("providerId"), ods_code=data.get("odsCode"),
            company_number=data.get("companiesHouseNumber") or None, brand=brand,
            address=", ".join(x for x in lines if x) or None, postcode=P.postcode(data.get("postalCode") or ""),
            town=data.get("postalAddressTownCity"),
            current_overall_rating=current[0].value if current and current[0].key_question is KeyQuestion.OVERALL else None,
        )
    contacts = [c for ra in data.get("regulatedActivities", []) or [] for c in ra.get("contacts", []) or []]
    manager = None
    for c in contacts:
        if "Registered Manager" in (c.get("personRoles") or []):
            name = " ".join(x for x in (c.get("personTitle"), c.get("personGivenName"), c.get("personFamilyName")) if x)
            manager = Person(name, "Registered Manager")
            break
    gac = data.get("gacServiceTypes", []) or []
    current = _ratings(data.get("currentRatings"))
    location = Location(
        name=data.get("name"), provider=0, cqc_id=data.get("locationId"), ods_code=data.get("odsCode"),
        uprn=str(data["uprn"]) if data.get("uprn") else None, address=", ".join(x for x in lines if x) or None,
        town=data.get("postalAddressTownCity"), county=data.get("postalAddressCounty"),
        postcode=P.postcode(data.get("postalCode") or ""), phone=data.get("mainPhoneNumber"),
        website=data.get("website"), region=data.get("region"), local_authority=data.get("localAuthority"),
        icb_code=data.get("onspdIcbCode") or data.get("onspdCcgCode"),
        icb_name=data.get("onspdIcbName") or data.get("onspdCcgName"),
        latitude=data.get("onspdLatitude"), longitude=data.get("onspdLongitude"),
        service_types=tuple(x for g in gac for x in (g.get("name"), g.get("description")) if x),
        regulated_activities=tuple(ra.get("name") for ra in data.get("regulatedActivities", []) or [] if ra.get("name")),
        specialisms=tuple(s.get("name") for s in data.get("specialisms", []) or [] if s.get("name")),
        registration_date=P.iso_date(data.get("registrationDate")),
        registration_status=data.get("registrationStatus"), registered_manager=manager,
        current_overall_rating=current[0].value if current and current[0].key_question is KeyQuestion.OVERALL else None,
        last_inspection_date=P.iso_date((data.get("lastInspection") or {}).get("date")),
        number_of_beds=data.get("numberOfBeds"),
    ) if is_location else None
    by_report: dict[str, list[Rating]] = {}
    cur_id = ((data.get("currentRatings") or {}).get("overall") or {}).get("reportLinkId")
    dates: dict[str, str | None] = {}
    if cur_id:
        by_report[cur_id] = _ratings(data.get("currentRatings"), cur_id)
        dates[cur_id] = ((data.get("currentRatings") or {}).get("overall") or {}).get("reportDate")
    for h in data.get("historicRatings", []) or []:
        if h.get("reportLinkId"):
            by_report.setdefault(h["reportLinkId"], _ratings(h))
            dates.setdefault(h["reportLinkId"], h.get("reportDate"))
    inspections = []
    here_location, here_provider = (0, None) if location else (None, 0)
    listed = set()
    for rep in data.get("reports", []) or []:
        rid = rep.get("linkId")
        listed.add(rid)
        inspections.append(Inspection(
            location=here_location, provider=here_provider, report_id=rid,
            start_date=P.iso_date(rep.get("firstVisitDate")), publication_date=P.iso_date(rep.get("reportDate")),
            ratings=tuple(by_report.get(rid, ())),
        ))
    for rid, ratings in by_report.items():
        # a historic rating whose report is not listed still states a rated, published report
        if rid not in listed and ratings:
            inspections.append(Inspection(location=here_location, provider=here_provider,
                                          report_id=rid, publication_date=P.iso_date(dates.get(rid)),
                                          ratings=tuple(ratings)))
    return DocumentRecord(layout=LAYOUT, providers=(provider,), locations=(location,) if location else (),
                          inspections=tuple(inspections))

