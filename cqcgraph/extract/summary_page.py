"""Older inspection summary pages ("Inspection Summary", "Overall summary & rating", "Updated
11 September 2019", "We rated safe as requires improvement") and
provider (trust) pages ("This is an organisation that runs …").

A key question whose rating is blank on the page ("We rated caring as" and nothing) stays
absent. Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import dated, profile, prose
from cqcgraph.extract.subjects import is_furniture, is_name
from cqcgraph.records import DocumentRecord, Inspection, InspectionKind, KeyQuestion, Location, PartialDate, Provider, Rating

LAYOUT = "inspection-summary"
PROVIDER_LAYOUT = "provider-page"

#: The title line of a summary page, the name then the current rating ("Claire House Children's
#: Hospice Outstanding"); an archived location's says so first ("Archived: Oak Lodge Good").
#: A name may open with its street number ("117 High Street Good"), a date never does.
_TITLE_RE = re.compile(r"^(?P<archived>Archived:[ \t]*)?(?P<name>(?:[A-Z]|" + P.NUMBERED_NAME_START + r").{2,120}?)\s+(?P<rating>"
                       + P.RATING_TITLE_ALT + r")\s*$", re.M)
#: Headings of the summary page itself, which a rating may follow on the next line.
_PAGE_HEADINGS = ("you are here", "overall summary & rating", "overall summary and rating", "inspection summary",
                  "latest inspection summary")
_AREAS_RE = re.compile(r"^(?:Inspection areas|Checks on specific services)\s*$", re.M)


#: Features of an inspection summary page or summary text, by family: the page headings of the
#: 2015-2023 summary pages, the "Latest inspection summary" of 2023+ profile pages, the
#: report summaries' "Background to this inspection" and "Letter from the Chief Inspector",
#: and the rating lead "This practice is rated as Good overall" / "The key questions are rated
#: as:". One heading feature claims a text; the lead features count only in pairs.
HEADING_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("summary page headings", re.compile(r"^\s*(?:Inspection Summary|Overall summary (?:&|and) rating)\s*$", re.I | re.M)),
    ("profile page with its latest summary", re.compile(r"^\s*Latest inspection summary\s*$", re.I | re.M)),
    ("report summary sections", re.compile(r"^\s*(?:Background to this inspection|Letter from the Chief Inspector\b.*)$", re.I | re.M)),
)
LEAD_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("'Updated' date at the top", re.compile(r"\A\s*(?:[^\n]{0,60}\n\s*){0,3}Updated\s*\n?\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}", re.I)),
    ("overall rating lead", re.compile(
        rf"\b(?:This|The) (?:practice|service|location|hospital|home|provider|trust) (?:is|was|has been) (?:now )?rated (?:as )?(?:{P.RATING_ALT}) overall\b|"
        r"\bThe overall rating for this (?:practice|service) is\b", re.I | re.M)),
    ("key question ratings or scope listed", re.compile(
        r"^\s*The key questions (?:at this inspection )?are rated as:?\s*$|"
        r"\bThis inspection (?:focused on|looked at) the following key questions\b", re.I | re.M)),
    ("summary sections of adult social care reports", re.compile(r"^\s*About the service:?(?:\s|$)", re.I | re.M)),
    # the 2019-2023 adult social care report summary: "People's experience of using this service
    # and what we found"
    ("the people's experience section of adult social care reports", re.compile(
        r"^\s*People['’]s experience of using this service(?: and what we found)?\s*$", re.I | re.M)),
    ("service and provider named in the opening", re.compile(r"\A\s*[A-Z][^\n.]{2,80}\bis (?:operated|run|provided) by\b")),
    ("the inspector's account of the inspection", re.compile(
        r"\bWe (?:carried out|undertook) (?:an? |this |our )?(?:[\w-]+ ){0,4}?(?:inspection|review)\b|\bWe inspected this\b", re.I)),
)


def detect(text: str) -> bool:
    head = text[:4000]
    if any(p.search(head) for _f, p in HEADING_FEATURES):
        return True
    return sum(1 for _f, p in LEAD_FEATURES if p.search(head)) >= 2


#: A provider page that lists the services (or locations) it runs, each with its address, kind of
#: service and rating: "Provider ID: 1-…" (or an NHS trust's ODS code "RQ4") in the header and
#: "Services run by this provider" / "Locations run by this provider" (with their count, "(5)" or
#: ": 6") over the list.
_SERVICES_LIST_RE = re.compile(r"^\s*(?:Services|Locations) run by this provider(?:\s*\(\d+\)|:\s*\d+)?\s*$", re.I | re.M)
_PROVIDER_ID_RE = re.compile(r"^\s*Provider ID:\s*(?P<id>1-\d{6,12}|R[A-Z0-9]{2,4})\s*$", re.M)

#: Features of a provider page, by family; two of them claim a text (one heading alone is too
#: little: a report may say "Provider ID" or name the provider's services in passing).
PROVIDER_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("provider ID or ODS code line", _PROVIDER_ID_RE),
    ("list of the services or locations it runs", _SERVICES_LIST_RE),
    # "Registered office:", or a trust's "Trust headquarters" / "Head office" over its address
    ("registered office line", re.compile(r"^\s*(?:Registered office:|(?:Trust )?(?:headquarters|head office):?\s*$)", re.I | re.M)),
    # "Overall rating for this trust: Good", or the trust's own grid "Ratings for the whole trust"
    ("the provider's own rating line", re.compile(
        r"^\s*(?:Overall rating for this (?:trust|provider):|Ratings for the whole (?:trust|provider)\s*$)", re.I | re.M)),
    ("count of the services it runs", re.compile(r"^\s*This provider runs \d+ (?:services|locations)\b", re.I | re.M)),
    ("'Provider' under the name", re.compile(r"\A\s*[^\n]{3,120}\n\s*Provider\s*\n")),
)


def provider_features(text: str) -> list[str]:
    """The provider-page features ``text`` shows near its top (the list heading anywhere)."""
    head = text[:3000]
    return [name for name, p in PROVIDER_FEATURES
            if p.search(text if p is _SERVICES_LIST_RE else head)]


def detect_provider(text: str) -> bool:
    """A provider page: the older "This is an organisation that runs" banner, or two features
    of the provider pages (``PROVIDER_FEATURES``) of which one is its ID or its list of services."""
    if re.search(r"This is an organisation that runs", text[:3000]):
        return True
    found = provider_features(text)
    return len(found) >= 2 and bool({"provider ID or ODS code line", "list of the services or locations it runs"} & set(found))


def _listed_service(block: list[str]) -> Location | None:
    """One service of a provider page's list: its name, then its kind of service and its address
    with its postcode (in either order), then "Overall rating: Good" / "Rating: Good" or "Not yet
    rated", "Last inspected: …" or "Registered: …". A block without an address line is not a
    service."""
    if len(block) < 3:
        return None
    at = 2 if profile.split_address(block[2])[1] else 1
    address, postcode, _phone = profile.split_address(block[at])
    if not postcode:
        if not (_SERVICE_KIND_LINE_RE.search(block[1]) and _RATING_LINE_RE.match(block[2]) and is_name(block[0])):
            return None
        # "Heronsgate Supported Living" / "Supported living service" / "Not yet rated" /
        # "Registered: 11 August 2022": a service newly registered, its address not printed
        address, at = None, 1
    kind = block[3 - at] if postcode else block[1]
    rest = block[3:] if postcode else block[2:]
    rating = next((P.parse_rating(ln.split(":", 1)[1]) for ln in rest
                   if re.match(r"(?:(?:Overall|Latest) )?rating:", ln, re.I)), None)
    # a service no longer registered: "This location is no longer registered with CQC. Its last
    # rating was Requires improvement."
    last = next((m for ln in rest if (m := _LAST_RATING_RE.search(ln))), None)
    rating = rating or (P.parse_rating(last.group("value")) if last else None)
    return Location(name=block[0], provider=0, address=address, postcode=postcode, service_types=(kind,),
                    current_overall_rating=rating, last_inspection_date=_labelled_date(rest, "Last inspected"),
                    registration_date=_labelled_date(rest, "Registered"))


#: A listed service's kind ("Supported living service", "Care home service with nursing") and the
#: line of its rating ("Overall rating: Good", "Not yet rated").
_SERVICE_KIND_LINE_RE = re.compile(r"\b(?:service|agency|home|practice|hospital|clinic|dentist|ambulance)\b", re.I)
_RATING_LINE_RE = re.compile(r"(?:(?:Overall|Latest)[ \t]+)?rating:|Not yet rated\b", re.I)


#: A provider page's list of services as a table, "Service   Type of service   Rating" over
#: "Fernbrook House   Care home service with nursing   Good", or a line each, "Larch House,
#: Norwich - Rated Good" / "Larch View - Requires improvement".
_NAME_HEAD_RE = re.compile(r"^(?:service|location|name|service name|location name)$", re.I)
_KIND_HEAD_RE = re.compile(r"^(?:type|type of service|service type|kind of service)$", re.I)
_RATING_HEAD_RE = re.compile(r"^(?:(?:overall|latest|current)\s+)?rating$", re.I)
_RATED_LINE_RE = re.compile(rf"^(?P<name>[A-Z][^,\n]{{2,80}}?)(?:,[ \t]+(?P<town>[A-Z][\w' -]{{1,40}}?))?[ \t]+[-–:][ \t]+"
                            rf"(?:Rated[ \t]+)?(?P<value>{P.RATING_ALT})[ \t.]*$", re.I)


def _services_in_rows(body: str) -> list[Location]:
    """The services a provider page lists as a table's rows or as one line each (see
    ``_RATED_LINE_RE``), with their kind and current rating; the list ends at the first line that
    is not one."""
    lines = [ln.strip() for ln in body.strip("\n").split("\n")]
    out: list[Location] = []
    head = P.cells(lines[0]) if lines else []
    columns = ["name" if _NAME_HEAD_RE.match(c) else "kind" if _KIND_HEAD_RE.match(c) else "rating" if _RATING_HEAD_RE.match(c)
               else "?" for c in head]
    if len(columns) >= 2 and columns[0] == "name" and columns.count("rating") == 1 and "?" not in columns:
        for ln in lines[1:]:
            cells = P.cells(ln)
            if len(cells) != len(columns) or not is_name(cells[0]):
                break
            row = dict(zip(columns, cells, strict=True))
            rating = P.parse_rating(row["rating"])
            if rating is None and not re.match(r"not (?:yet )?rated$", row["rating"], re.I):
                break
            out.append(Location(name=row["name"], provider=0, service_types=(row["kind"],) if "kind" in row else (),
                                current_overall_rating=rating))
        return out
    for ln in lines:
        m = _RATED_LINE_RE.match(ln)
        if not m or not is_name(m.group("name").strip()):
            break
        out.append(Location(name=m.group("name").strip(), provider=0, town=m.group("town"),
                            current_overall_rating=P.parse_rating(m.group("value"))))
    return out


#: "Its last rating was Requires improvement", "Its latest rating was Good".
_LAST_RATING_RE = re.compile(rf"\bIts (?:last|latest|final) (?:overall )?rating was (?P<value>{P.RATING_ALT})\b", re.I)


def _labelled_date(block: list[str], label: str) -> PartialDate | None:
    """The date on a service block's "<label>: 23 November 2022" (or "<label> 23 November 2022") line."""
    return next((P.parse_date(m.group("d")) for ln in block if (m := re.match(label + r"(?::|\s+on)?\s+(?P<d>.+)$", ln, re.I))), None)


def _provider_office(lines: list[str]) -> tuple[str | None, str | None]:
    """Address and postcode of the provider: its "Registered office:" line, or else the first
    address line of its header (a trust's headquarters under its ID)."""
    office = next((ln.split(":", 1)[1] for ln in lines[:12] if re.match(r"Registered office:", ln, re.I)), None)
    heading = next((k for k, ln in enumerate(lines[:16]) if _HEADQUARTERS_RE.match(ln)), None)
    if office is None and heading is not None:
        # "Trust headquarters" / "Penrith Road, Keswick, Cumbria CA12 4RE"
        office = next((ln for ln in lines[heading + 1: heading + 4] if P.POSTCODE_RE.search(ln)), None)
    if office is None:
        office = next((ln for ln in lines[:8] if P.POSTCODE_RE.search(ln) and ":" not in ln), "")
    address, postcode, _phone = profile.split_address(office)
    return address, postcode


#: A trust's "Trust headquarters" (or "Head office") heading over its address line.
_HEADQUARTERS_RE = re.compile(r"^(?:Trust )?(?:headquarters|head office):?$", re.I)


def _provider_name(lines: list[str]) -> str | None:
    """The provider's name: the first line of the page that is not the site's furniture (its
    name, the trail of links above the page's title: "Home > Find and compare services > …", a
    menu of links set apart by bars: "Search services | Provider portal", a trail of links set
    apart by arrows: "Find and compare services > Provider")."""
    return next((ln for ln in lines if ln and not is_furniture(ln) and " | " not in ln and " > " not in ln), None)


_LATEST_INSPECTION_RE = re.compile(r"^\s*Latest inspection:\s*(?P<span>.+)$", re.I | re.M)
_REPORT_PUBLISHED_RE = re.compile(r"^\s*Report published:\s*(?P<date>.+)$", re.I | re.M)


def _provider_inspection(header: str, overall: Rating | None) -> Inspection | None:
    """The provider's latest inspection as its page header states it: its span ("Latest
    inspection: 14 March 2022 – 29 April 2022"), its report's publication day and the provider's
    ratings (the trust's overall rating, "Are services safe?  Requires improvement" lines);
    None when the header states none of them."""
    latest = _LATEST_INSPECTION_RE.search(header)
    span = next(iter(P.iter_dates(latest.group("span"))), None) if latest else None
    published = _REPORT_PUBLISHED_RE.search(header)
    ratings = prose.merge_ratings([overall] if overall else [], prose.kq_lines(header))
    if not (span or published or ratings):
        return None
    return Inspection(provider=0, start_date=span[0] if span else None, end_date=span[1] if span else None,
                      publication_date=P.parse_date(published.group("date")) if published else None, ratings=ratings)


def _provider_with_services(text: str) -> DocumentRecord:
    """A provider page listing its services (see ``_SERVICES_LIST_RE``): the provider from the
    header (name, ID or ODS code, registered office, its own overall rating), each listed service
    a location of it, and the action the page states (conditions imposed …) the provider's."""
    lines = [ln.strip() for ln in text.split("\n")]
    address, postcode = _provider_office(lines)
    pid = _PROVIDER_ID_RE.search(text[:3000])
    key = pid.group("id") if pid else None
    own = re.search(r"^\s*Overall rating for this (?:trust|provider):\s*(?P<r>.+)$", text[:3000], re.I | re.M)
    # the header's "Ratings" box: "Overall: Good" above the latest inspection's days
    own = own or re.search(rf"^\s*Overall:\s*(?P<r>{P.RATING_ALT})\s*$", text[:1500], re.I | re.M)
    provider = Provider(name=_provider_name(lines), cqc_id=key if key and key.startswith("1-") else None,
                        ods_code=key if key and not key.startswith("1-") else None, address=address, postcode=postcode,
                        current_overall_rating=P.parse_rating(own.group("r")) if own else None)
    listed = _SERVICES_LIST_RE.search(text)
    services: list[Location] = []
    listed_inspections: list[Inspection] = []
    block: list[str] = []
    for ln in [*text[listed.end():].split("\n"), ""] if listed else []:
        if ln.strip():
            block.append(ln.strip())
            continue
        if block:
            service = _listed_service(block)
            if not service:
                break
            services.append(service)
            listed_inspections += _listed_inspection(block, len(services) - 1, service)
            block = []
    if listed and not services:
        services = _services_in_rows(text[listed.end():])
    actions = prose.actions_in(text[listed.end():] if listed else text, P.instrument_for(text, P.REGULATED_ACTIVITIES_2014))
    overall = Rating(KeyQuestion.OVERALL, provider.current_overall_rating) if provider.current_overall_rating else None
    inspection = _provider_inspection(text[: listed.start()] if listed else text[:3000], overall)
    if inspection and not listed:
        # a header with no list over the trust's summary: the days it visited, the changes of
        # rating and the breaches the summary states
        details = prose.inspection_details(text)
        inspection = dataclasses.replace(inspection, visit_dates=details["visit_dates"], changes=details["changes"],
                                         breaches=details["breaches"], announced=details["announced"])
    return DocumentRecord(layout=PROVIDER_LAYOUT, providers=(provider,), locations=tuple(services),
                          inspections=((inspection,) if inspection else ()) + tuple(listed_inspections), actions=tuple(actions))


def _listed_inspection(block: list[str], n: int, service: Location) -> list[Inspection]:
    """The inspection a listed service's block dates with a publication of its own ("Last
    inspected: 2 February 2023" / "Report published: 29 March 2023"), or the assessment it dates
    ("Assessed: 11 November 2024"), with the overall rating the block gives: a "Last inspected"
    day alone is the service's own fact, no inspection."""
    rating = service.current_overall_rating
    if rating is None:
        return []
    published = _labelled_date(block, "Report published")
    assessed = _labelled_date(block, "Assessed")
    overall = (Rating(KeyQuestion.OVERALL, rating),)
    if published and service.last_inspection_date:
        return [Inspection(location=n, start_date=service.last_inspection_date, publication_date=published, ratings=overall)]
    if assessed and not service.last_inspection_date:
        return [Inspection(location=n, kind=InspectionKind.ASSESSMENT, start_date=assessed, ratings=overall)]
    return []


def abbreviation(name: str | None, text: str) -> str | None:
    """"Medical Imaging Partnership (MIP)", "… NHS Trust (EMAS)"."""
    if not name:
        return None
    m = re.search(re.escape(name) + r"\s+\((?P<abbr>[A-Z]{2,8})\)", text)
    return m.group("abbr") if m else None


def _lead(text: str) -> tuple[str | None, str]:
    """The rating printed under "Overall summary & rating" / "Overall inspection", and the prose."""
    m = re.search(r"^(?:Overall summary & rating|Overall inspection)\s*$", text, re.M)
    if not m:
        return None, text
    rest = text[m.end():]
    first = next((ln.strip() for ln in rest.split("\n") if ln.strip()), "")
    return (first if P.parse_rating(first) and len(first) < 30 else None), rest


def _inspections(text: str, location: int | None, provider: int | None) -> list[Inspection]:
    """The inspection the summary is about, then the one its letter recalls (if any)."""
    current = _inspection(text, location, provider)
    recalled, _rest = prose.recalled_inspection(_lead(text)[1])
    if recalled is None:
        return [current]
    return [current, dataclasses.replace(recalled, location=location, provider=provider)]


def _inspection(text: str, location: int | None, provider: int | None) -> Inspection:
    lead_rating, rest = _lead(text)
    listed = dated.REPORTS_LIST_RE.search(rest)
    rest = rest[: listed.start()] if listed else rest
    areas = _AREAS_RE.search(rest)
    summary = rest[: areas.start()] if areas else rest
    _recalled, summary = prose.recalled_inspection(summary)
    details = prose.inspection_details(summary)
    ratings = list(details.pop("ratings"))
    if lead_rating:
        ratings.insert(0, Rating(KeyQuestion.OVERALL, P.rating_word(lead_rating)))
    if areas:
        areas_text = rest[areas.start():]
        checks = re.search(r"^Checks on specific services\s*$", areas_text, re.M)
        kq_text = areas_text[: checks.start()] if checks else areas_text
        ratings += prose.ratings_in(kq_text)
        # "Inspection areas": "Our rating of safe went down. However, …"
        details["changes"] = (*details["changes"], *prose.changes_in(kq_text)[0])
        if checks:
            ratings += _service_ratings(areas_text[checks.end():])
    updated = P.UPDATED_RE.search(text)
    visits = details["visit_dates"]
    fm = re.search(r"under our (?P<f>[\w\s-]+?) framework", summary)
    activity = P.ACTIVITY_SPAN_RE.search(summary)
    start, end = (P.parse_date(activity.group("s")), P.parse_date(activity.group("e"))) if activity else (None, None)
    return Inspection(
        location=location, provider=provider, start_date=start or (visits[0] if visits else None),
        end_date=end or (visits[-1] if visits else None),
        summary_updated=P.parse_date(updated.group("date")) if updated else None,
        ratings=prose.merge_ratings(ratings), framework=fm.group("f").strip() if fm else None, **details,
    )


def _dated(inspections: list[Inspection]) -> set[str]:
    """The days already given to an inspection: an earlier mention of one is no other inspection."""
    return {d.iso for i in inspections for d in (*i.visit_dates, i.start_date) if d is not None and d.iso}


def _service_ratings(text: str) -> list[Rating]:
    out: list[Rating] = []
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    service = None
    for line in lines:
        if service is None and len(line) < 60 and not P.UPDATED_RE.match(line):
            service = line
            continue
        if service:
            for r in prose.ratings_in(line):
                out.append(Rating(r.key_question, r.value, service=service))
    return out


def _same_name(a: str | None, b: str | None) -> bool:
    def key(x: str | None) -> str:
        return " ".join((x or "").replace("’", "'").lower().split())
    return bool(a and b) and key(a) == key(b)


#: The banner of a summary page kept for an earlier inspection.
_EARLIER_PAGE_RE = re.compile(r"\bThe report and ratings on this page are for a previous inspection\b", re.I)
#: Where a summary lists the sites it visited, each with its address and postcode: "Our inspection
#: included a visit to … three of the locations where the service operated. These were Oak
#: Lane Surgery, 1 Oak Lane, Leeds LS1 1AA, Elm Health Centre, …"; "We visited
#: the following sites: …".
_SITES_LEAD_RE = re.compile(
    r"\b(?:locations|sites|branches|branch surgeries|hubs)\b[^.]{0,80}\.\s+(?:These|They)\s+were\s+|"
    r"\bthe following (?:locations|sites|branches|branch surgeries|hubs)\s*:?\s+", re.I)
#: One site of such a list: its name (ending in a word that names a place of care), then its address
#: up to its postcode.
_SITE_RE = re.compile(
    r"^(?:and\s+)?(?P<name>(?:[A-Z][\w'’&-]*\s+){0,5}(?:Medical Centre|Health Centre|Centre|Hospital|Surgery|Practice|Clinic|House|Hub))"
    r",?\s+(?P<address>[^,].*?),?\s*$")


def _sites_listed(text: str) -> list[Location]:
    """The sites a summary lists as visited (``_SITES_LEAD_RE``), each a location with its address,
    when at least two are listed and each item reads as a name, an address and a postcode."""
    for lead in _SITES_LEAD_RE.finditer(text):
        rest = text[lead.end(): lead.end() + 600]
        codes = list(P.POSTCODE_RE.finditer(rest))
        sites: list[Location] = []
        start = 0
        for code in codes:
            between = rest[start: code.start()]
            if re.search(r"\.\s", between):
                break  # the sentence ended before this postcode
            item = between.strip(" ,;")
            m = _SITE_RE.match(item)
            if not m:
                break
            sites.append(Location(name=m.group("name").strip(), address=m.group("address").strip(" ,"),
                                  postcode=P.postcode(code.group(0))))
            start = code.end()
        if len(sites) >= 2:
            return sites
    return []


#: Where the service is, said in a summary's background: "the headquarters is located at Mill
#: House, 12 High Street, London, SW1A 1AA", "The service is based at 4 Mill Lane, Leeds LS1 4AB".
_LOCATED_AT_RE = re.compile(
    r"\b(?:the\s+)?(?:service|clinic|practice|headquarters|head office|location)\s+(?:is|are)\s+(?:located|based|situated)\s+at\s+"
    r"(?P<address>[A-Z0-9][^.;]{4,150}?),?\s+(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b", re.I)
#: A background opening with the provider's name: "Mill Lane Health Ltd provides travel
#: vaccinations to adults …".
_PROVIDER_OPENS_RE = re.compile(rf"^(?:Background\s*\n)?(?P<name>{N.NAME})\s+(?:provides|operates|runs|delivers)\s+[a-z]", re.M)


def _located_at(text: str, places: tuple[Location, ...],
                found: list[Provider]) -> tuple[tuple[Location, ...], list[Provider]]:
    """The address a summary's background gives the service (``_LOCATED_AT_RE``), for its one
    location (a location known by its address alone when the excerpt names none), and the provider
    whose name opens the background, when it ends like an organisation's."""
    m = _LOCATED_AT_RE.search(text)
    if not m or len(places) > 1 or (places and places[0].address):
        return places, found
    place = places[0] if places else Location()
    places = (dataclasses.replace(place, address=m.group("address").strip(" ,"), postcode=P.postcode(m.group("postcode"))),)
    opener = _PROVIDER_OPENS_RE.search(text[:1500])
    if not found and opener and N.is_organisation(opener.group("name")):
        found = [Provider(name=N.clean(opener.group("name")))]
        places = (dataclasses.replace(places[0], provider=0),)
    return places, found


def _with_registration(places: tuple[Location, ...], text: str) -> tuple[Location, ...]:
    """The one location with the day the summary says the service was registered
    (``patterns.SERVICE_REGISTERED_RE``), when nothing else dated its registration."""
    registered = P.SERVICE_REGISTERED_RE.search(text)
    if registered and len(places) == 1 and places[0].registration_date is None:
        return (dataclasses.replace(places[0], registration_date=P.parse_date(registered.group("date"))),)
    return places


def parse(text: str) -> DocumentRecord:
    header = profile.parse_header(text) if re.search(r"^\s*Provided and run by\b", text[:3000], re.I | re.M) else None
    if header and header.found and not header.is_provider:
        providers, locations = header.records()
        body = text[header.end:]
        locations = _with_registration(locations, body)
        inspections = _inspections(body, 0 if locations else None, None)
        inspections += prose.earlier_inspections(body, _dated(inspections))
        return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations, inspections=tuple(inspections),
                              breaches=prose.earlier_breaches(body, inspections),
                              actions=prose.earlier_actions(body, inspections))
    title = _TITLE_RE.search(text[:600])
    name = title.group("name").strip() if title else None
    if name and (name.lower() in _PAGE_HEADINGS or "?" in name or name.rstrip().endswith(("–", "-", ":"))):
        # a key question's rating line ("Are services safe? – Good") names nothing, nor does the
        # page's own heading above its rating when the title line is cut off
        name = None
    found: list[Provider] = []
    places: tuple[Location, ...] = ()
    if name and title:
        aka = abbreviation(name, text)
        # "The report and ratings on this page are for a previous inspection": the title's rating
        # is that inspection's, not the location's current one
        earlier_page = bool(_EARLIER_PAGE_RE.search(text[:1500]))
        places = (Location(name=name, alt_names=(aka,) if aka else (), archived=True if title.group("archived") else None,
                           current_overall_rating=None if earlier_page else P.parse_rating(title.group("rating"))),)
    named = N.operated_by(text[:3000], name)
    if named and not places:
        found.append(Provider(name=named[1]))
        places = (Location(name=named[0], provider=0),)
    elif named and not found and _same_name(named[0], places[0].name):
        found.append(Provider(name=named[1]))
        places = (dataclasses.replace(places[0], provider=0),)
    inspections = _inspections(text, 0 if places else None, None)
    inspections += prose.earlier_inspections(text, _dated(inspections))
    places = _with_registration(places, text)
    places, found = _located_at(text, places, found)
    places += tuple(site for site in _sites_listed(text) if not any(_same_name(site.name, p.name) for p in places))
    latest = re.search(r"latest inspection of the service are published on our profile page for (?P<prov>[^.]+?)\.\s*"
                       r"This inspection resulted in an overall rating of (?P<r>[A-Za-z ]+?)\.", text)
    if latest:
        prov = latest.group("prov").strip()
        aka = abbreviation(prov, text)
        found.append(Provider(name=prov, alt_names=(aka,) if aka else ()))
        stated = P.parse_rating(latest.group("r"))
        inspections.append(Inspection(provider=0, ratings=(Rating(KeyQuestion.OVERALL, stated),) if stated else ()))
        if places:
            places = (dataclasses.replace(places[0], provider=0),)
    return DocumentRecord(layout=LAYOUT, providers=tuple(found), locations=places, inspections=tuple(inspections),
                          breaches=prose.earlier_breaches(text, inspections),
                          actions=prose.earlier_actions(text, inspections))


#: The heading over a provider page's list of its locations, each a block of its name, its kind
#: of service and its rating: "Locations" / "Bishops Castle Community Hospital" / "Community
#: hospital" / "Good".
_LOCATIONS_HEADING_RE = re.compile(r"^[ \t]*(?:Locations|Our locations|Its locations)[ \t]*$", re.M)


def _listed_locations(text: str) -> list[Location]:
    """The locations a provider page lists under "Locations" (``_LOCATIONS_HEADING_RE``): each
    block a name, its kind of service and, if given, its current rating; the list ends at the
    first block that is not so."""
    heading = _LOCATIONS_HEADING_RE.search(text)
    if not heading:
        return []
    out: list[Location] = []
    for block in re.split(r"\n[ \t]*\n", text[heading.end():].strip("\n")):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not 2 <= len(lines) <= 3 or not profile._KIND_LINE_RE.match(lines[1]) or P.parse_rating(lines[1]):
            break
        rating = P.parse_rating(lines[2]) if len(lines) == 3 else None
        if len(lines) == 3 and (rating is None or len(lines[2]) > 30) or P.parse_rating(lines[0]) or len(lines[0]) > 100:
            break
        out.append(Location(name=lines[0], provider=0, service_types=(lines[1],), current_overall_rating=rating))
    return out


def parse_provider(text: str) -> DocumentRecord:
    if _SERVICES_LIST_RE.search(text) or _PROVIDER_ID_RE.search(text[:3000]):
        # a provider page's header with its ID (its list of services, when it has one, below)
        return _provider_with_services(text)
    header = profile.parse_header(text)
    former = re.findall(r"formerly (?:called|known as) (?P<old>[A-Z][^.,;]+?)(?=[.,;]| It\b)", text)
    provider = Provider(name=header.name, alt_names=tuple(dict.fromkeys(former)), current_overall_rating=header.overall,
                        address=header.address, postcode=header.postcode)
    inspection = _inspection(text[header.end:], None, 0)
    return DocumentRecord(layout=PROVIDER_LAYOUT, providers=(provider,), locations=tuple(_listed_locations(text[header.end:])),
                          inspections=(inspection,))
