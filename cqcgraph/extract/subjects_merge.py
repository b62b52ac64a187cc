"""Merging the subjects a text states by structure (``subjects.stated``) into the record a layout
read: a subject the layout missed is added, an address, postcode or ID a subject lacks is filled, a
name already there (as a name or another name) is not added again and a stated name that differs
from the one the layout read is left out; what a layout took for a name and is none (CQC, a
heading, a town, a postcode, a page title's suffix) is put right. Imports the standard library,
``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import patterns as P
from cqcgraph.extract.subjects import PLACE_RE, Named, grid_locations, trust_hospitals, is_furniture, is_name, is_org_line, label_of, no_name, same_name, stated, titled_names
from cqcgraph.records import DocumentRecord, Location, Provider


def _names_of(item: Location | Provider) -> tuple[str | None, ...]:
    return (item.name, *item.alt_names)


#: What a page's or a report's title prints after the name: the site's name ("Oak Lodge - Care
#: Quality Commission"), the kind of document ("Elm House - Inspection report"), or the dash left
#: of it once a layout took the document's kind away ("Elm House -").
_TITLE_SUFFIX_RE = re.compile(r"[ \t]+[-–|](?:[ \t]+(?:Care Quality Commission|CQC|Inspection report|Quality report|Inspection summary))?[ \t]*$")


def _fixed_name(name: str | None) -> str | None:
    """A layout's name without the site's name a page title adds after it; None when what the
    layout took for a name is none (CQC itself, a heading)."""
    if not name:
        return name
    name = _TITLE_SUFFIX_RE.sub("", name)
    crumbs = re.fullmatch(r"Home[ \t]*>.*>[ \t]*(?P<last>[^>]+)", name)
    if crumbs:
        name = crumbs.group("last").strip()  # "Home > Find a service > Oak Lodge": the trail's last link is the page's
    label = label_of(name)
    if label and label[0] in ("location", "provider") and label[1]:
        name = label[1]  # "Name: Oak Lodge": the label is no part of the name
    return None if no_name(name) else name


def _fixed_address(address: str | None, names: tuple[str | None, ...]) -> str | None:
    """A layout's address without the provider's name printed between the location's name and
    its street ("Oak Lodge, Oak Care Ltd, 7 Pond Street, …" is "7 Pond Street, …"), without the
    label and the page furniture before it ("Trust headquarters: Fieldhead House, …", "Quality
    report, Trust headquarters, Crown Street, …", "Address: 9 Gillinggate, …" start at the
    building or street) and without the location's name repeated as written at its head
    ("Fenland Road Medical Centre, 2 Fenland Road, …" under that name); a name the address line
    writes otherwise stays, as CQC writes it ("County Hospital, Union Walk, …" under "The County
    Hospital"), and so does a building named in capitals ("Trust Headquarters, Combe Park Road")."""
    parts = _after_labels([p.strip() for p in (address or "").split(",") if p.strip()])
    if len(parts) > 2 and any(_verbatim(parts[0], n) for n in names):
        parts = parts[1:]
    address = ", ".join(parts) if address else address
    start = 1 if len(parts) > 2 and any(same_name(parts[0], n) for n in names) and is_org_line(parts[1]) else 0
    end = start
    while end < len(parts) - 1 and is_org_line(parts[end]):
        end += 1
    return ", ".join(parts[end:]) if address and end > 0 else address


#: A label the address lines are printed after, sentence case ("Trust headquarters"), or any
#: label of an address before a colon ("Headquarters: Westgate House").
_ADDRESS_LABEL_KINDS = ("address", "provider address")


def _after_labels(parts: list[str]) -> list[str]:
    """An address's parts from the last label of an address among them on ("Evidence appendix,
    Provider: Oak NHS Trust, Headquarters: Westgate House, Commercial Road" is "Westgate House,
    Commercial Road"), else from the first that is no page furniture ("Quality report"); a part
    written as a name ("Trust Headquarters") is the building's."""
    for k in range(len(parts) - 1, -1, -1):
        label = label_of(parts[k])
        if not label or label[0] not in _ADDRESS_LABEL_KINDS:
            continue
        value = label[1]
        if not value and ":" not in parts[k] and all(w[:1].isupper() for w in parts[k].split()):
            continue  # "Trust Headquarters, Combe Park Road": a building's name, no label
        return ([value] if value else []) + parts[k + 1:]
    while len(parts) > 2 and is_furniture(parts[0]):
        parts = parts[1:]
    return parts


def _verbatim(a: str, b: str | None) -> bool:
    """Whether two names are written alike, case and punctuation aside (an article is not)."""
    def key(x: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", "", x.lower()).split())
    return bool(b) and key(a) == key(b or "")


def _fixed_location_name(name: str | None, address: str | None) -> str | None:
    """A location's name without what a report's head prints after it: the core service a report
    is about ("Hartlepool and District Hospital - Maternity") and the town of its address
    ("Princess Royal Infirmary, Telford" above "Grainger Drive, Apley Castle, Telford, …")."""
    if not name:
        return name
    m = re.fullmatch(r"(?P<place>.+?)[ \t]+[-–—][ \t]+(?P<service>[^-–—]+)", name)
    if m and P.CORE_SERVICE_RE.fullmatch(m.group("service").strip()) and PLACE_RE.search(m.group("place")):
        return m.group("place")
    m = re.fullmatch(r"(?P<place>.+?),[ \t]+(?P<town>[A-Z][\w'’ -]+)", name)
    towns = {p.strip().lower() for p in (address or "").split(",")[1:]}
    if m and m.group("town").strip().lower() in towns:
        return m.group("place")
    return name


def _repaired(record: DocumentRecord) -> DocumentRecord:
    """``record`` with what its layout took for a name and is none (CQC, a heading, a title's
    suffix) put right, and an address cleared of the names at its head."""
    locations = tuple(dataclasses.replace(
        x, name=_fixed_location_name(_fixed_name(x.name), x.address),
        alt_names=tuple(n for n in x.alt_names if _fixed_name(n) == n),
        address=_fixed_address(x.address, (x.name, _fixed_name(x.name), *x.alt_names))) for x in record.locations)
    providers = tuple(dataclasses.replace(
        x, name=_fixed_name(x.name), alt_names=tuple(n for n in x.alt_names if _fixed_name(n) == n),
        address=_fixed_address(x.address, ())) for x in record.providers)
    if locations == record.locations and providers == record.providers:
        return record
    return dataclasses.replace(record, locations=locations, providers=providers)


def _without_towns(record: DocumentRecord, stated_place: Named) -> DocumentRecord:
    """``record`` without the names that are a line of the address the text states ("Coventry"
    read as a provider's name from the lines above a postcode): a town alone is no name."""
    parts = {p.strip().lower() for p in (stated_place.address or "").split(",")[1:] if p.strip()}
    if not parts:
        return record

    def town(name: str | None) -> bool:
        return bool(name) and (name or "").strip().lower() in parts

    locations = tuple(dataclasses.replace(x, name=None) if town(x.name) else x for x in record.locations)
    providers = tuple(dataclasses.replace(x, name=None) if town(x.name) else x for x in record.providers)
    if locations == record.locations and providers == record.providers:
        return record
    return dataclasses.replace(record, locations=locations, providers=providers)


def _with_titled_forms(place: Location, titled: list[str], providers: list[Provider]) -> Location:
    """``place`` with the longer or shorter form of its name that the page's title or its "Ratings
    for" heading gives as another name ("Ratings for Oak Lodge" over the page of "Oak Lodge Care
    Home"): the title's words are the name's first words, or the other way round."""
    def words(x: str | None) -> list[str]:
        return re.sub(r"[^\w\s]", "", re.sub(r"^the\s+", "", (x or "").lower())).split()
    fresh: list[str] = []
    everyone: list[Location | Provider] = [place, *providers]
    for name in titled:
        a, b = words(name), words(place.name)
        if not a or not b or a == b or any(same_name(name, n) for x in everyone for n in _names_of(x)):
            continue
        short, full = (a, b) if len(a) < len(b) else (b, a)
        if full[: len(short)] == short and not is_org_line(name):
            fresh.append(name)
    return dataclasses.replace(place, alt_names=(*place.alt_names, *fresh)) if fresh else place


def _listed_elsewhere(text: str, providers: list[Provider], locations: list[Location]) -> list[Location]:
    """The locations a ratings grid lists under "Location" (``grid_locations``) and the hospitals
    the text names as the trust's (``trust_hospitals``) that the record lacks, each its provider's
    when the record names one provider."""
    everyone: list[Location | Provider] = [*providers, *locations]
    known = [n for x in everyone for n in _names_of(x)]
    return [_at_the_office(Location(name=name, provider=0 if len(providers) == 1 else None), providers)
            for name in dict.fromkeys((*grid_locations(text), *trust_hospitals(text))) if not any(same_name(name, n) for n in known)]


def _at_the_office(place: Location, providers: list[Provider]) -> Location:
    """``place`` with the address of the one provider's office when that address opens with the
    place's name ("Trust headquarters" / "Princess Royal Hospital" / "Grainger Drive" / …): the
    hospital the trust's headquarters are at, its address the lines after its name."""
    if len(providers) != 1 or not providers[0].address or not providers[0].postcode:
        return place
    head, _comma, rest = providers[0].address.partition(",")
    if not rest.strip() or not same_name(head, place.name):
        return place
    return dataclasses.replace(place, address=rest.strip(), postcode=providers[0].postcode)


def with_stated_subjects(record: DocumentRecord, text: str, *, title: str | None = None) -> DocumentRecord:
    """``record`` with the location and provider the text states by structure (``stated``)
    merged in: a subject the layout missed is added (a location becomes the subject of the
    inspections that had none, and the provider's when it has none), an address, postcode or ID
    a subject lacks is filled; a name already there (as a name or another name) is not added
    again, and a stated name that differs from the one subject the layout read is left out.

    >>> r = with_stated_subjects(DocumentRecord("generic"), "Service name: Oak Lodge\\nProvider: Oak Care Ltd")
    >>> r.locations[0].name, r.providers[0].name, r.locations[0].provider
    ('Oak Lodge', 'Oak Care Ltd', 0)
    """
    record = _repaired(record)
    known = record.locations[0].name if len(record.locations) == 1 else None
    found = stated(text, known if is_name(known, person_allowed=True) else None, title)
    loc, prov = found.location, found.provider
    record = _without_towns(record, loc)
    everyone: tuple[Location | Provider, ...] = (*record.locations, *record.providers)
    if prov.name and any(same_name(prov.name, n) for x in record.locations for n in _names_of(x)):
        prov = dataclasses.replace(prov, name=None)  # a name the layout read as the location's
    if loc.name and any(same_name(loc.name, n) for x in record.providers for n in _names_of(x)) or (
            loc.postcode and any(p.postcode == loc.postcode for p in record.providers)):
        loc = Named(key=loc.key)  # the provider's own name or office, read by the layout as the provider's
    providers, locations, inspections = list(record.providers), list(record.locations), list(record.inspections)
    unnamed: set[int] = set()  # inspections of no subject the layout read, given the stated provider here
    if (prov.name and "labelled lines" in prov.families and len(providers) == 1 and len(locations) == 1
            and same_name(providers[0].name, locations[0].name) and not same_name(prov.name, providers[0].name)):
        # the layout read the location's name twice; the labelled line names the provider
        providers[0] = dataclasses.replace(providers[0], name=prov.name)
    if prov.name and len(providers) == 1 and providers[0].name is None and not any(
            same_name(prov.name, n) for x in everyone for n in _names_of(x)):
        providers[0] = dataclasses.replace(providers[0], name=prov.name)  # a provider the layout named wrongly
    if prov.name and not providers and not any(same_name(prov.name, n) for x in everyone for n in _names_of(x)):
        providers.append(Provider(name=prov.name))
        locations = [dataclasses.replace(x, provider=0) if x.provider is None else x for x in locations]
        if not locations:
            # the provider's for want of a location, until the text states one (below)
            unnamed = {k for k, i in enumerate(inspections) if i.location is None and i.provider is None}
            inspections = [dataclasses.replace(i, provider=0) if k in unnamed else i for k, i in enumerate(inspections)]
    if len(providers) == 1 and (prov.name is None or any(same_name(prov.name, n) for n in _names_of(providers[0]))):
        p = providers[0]
        providers[0] = dataclasses.replace(
            p, address=p.address or (prov.address if not p.postcode else None),
            postcode=p.postcode or prov.postcode,
            cqc_id=p.cqc_id or (prov.key if prov.key and prov.key.startswith("1-") and not p.ods_code else None),
            ods_code=p.ods_code or (prov.key if prov.key and not prov.key.startswith("1-") and not p.cqc_id else None))
    if loc.name and not locations and not any(same_name(loc.name, n) for x in everyone for n in _names_of(x)):
        locations.append(Location(name=loc.name, provider=0 if len(providers) == 1 else None))
        # an inspection of a stated location and provider is the location's
        inspections = [dataclasses.replace(i, location=0, provider=None) if i.location is None and (i.provider is None or k in unnamed)
                       else i for k, i in enumerate(inspections)]
    if len(locations) == 1 and locations[0].name is None and loc.name and not any(
            same_name(loc.name, n) for x in providers for n in _names_of(x)) and locations[0].postcode in (None, loc.postcode):
        locations[0] = dataclasses.replace(locations[0], name=loc.name)  # a location the layout knew by its place only
    if len(locations) == 1 and (loc.name is None or any(same_name(loc.name, n) for n in _names_of(locations[0]))):
        x = locations[0]
        same_place = x.postcode is None or loc.postcode is None or x.postcode == loc.postcode
        if (same_place and x.address and loc.address and x.postcode == loc.postcode
                and any(x.address == f"{n}, {loc.address}" for n in _names_of(x))):
            x = dataclasses.replace(x, address=loc.address)  # the name's own line above the address is no part of it
        if same_place and not (prov.postcode and loc.postcode == prov.postcode and prov.address == loc.address):
            locations[0] = dataclasses.replace(
                x, address=x.address or (loc.address if x.postcode in (None, loc.postcode) else None),
                postcode=x.postcode or loc.postcode, cqc_id=x.cqc_id or loc.key)
    locations += _listed_elsewhere(text, providers, locations)
    if len(locations) == 1:
        locations[0] = _with_titled_forms(locations[0], titled_names(text, title), providers)
    if (providers, locations, inspections) == (list(record.providers), list(record.locations), list(record.inspections)):
        return _repaired(record)
    return _repaired(dataclasses.replace(record, providers=tuple(providers), locations=tuple(locations),
                                         inspections=tuple(inspections)))


__all__ = ["with_stated_subjects"]
