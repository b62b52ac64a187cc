"""CQC press releases: a provider or location named in prose, ratings in sentences ("rated
inadequate overall, and for being safe and well-led"), ratings carried over, rating changes,
special measures, warning notices (incl. section 29A), conditions, suspension, cancellation,
prosecution with plea, fine, costs and victim surcharge, unregistered services.

Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import calendar
import dataclasses
import re

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose
from cqcgraph.records import (
    Action,
    ActionKind,
    Announcement,
    Breach,
    DocumentRecord,
    Figure,
    Inspection,
    KeyQuestion,
    Location,
    PartialDate,
    Precision,
    Provider,
    Rating,
    RatingChange,
    RatingValue,
)

LAYOUT = "press-release"

_MARKERS = re.compile(
    r"press release|^Page last updated|^Categories\b|^\s*•\s*Media,?$|^Published:|^Ends\s*$|"
    r"^(?:CQC|The Care Quality Commission)\b.{0,80}\b(?:rates|warns|takes?|publish|prosecut|places)|"
    # a release's body without its head opens with what CQC has done: "The Care Quality Commission
    # (CQC) has downgraded the ratings of …", "The Care Quality Commission has found the quality of care …"
    r"^(?:CQC|The Care Quality Commission)(?:\s+\(CQC\))?\s+has\s+(?:also\s+)?(?:downgraded|upgraded|found|rated|told|issued|taken|cancelled|"
    r"suspended|urgently|prosecuted|placed|served|imposed|used|fined|published)\b|"
    # a news story quoting one of CQC's chief inspectors: "CQC's Chief Inspector of Adult Social
    # Care, Andrea Sutcliffe, said:", "Professor Steve Field, Chief Inspector of General Practice, said"
    r"\bChief Inspector of (?:Adult Social Care|General Practice|Hospitals|Primary Medical Services|Healthcare)\b[^.\n]{0,80}?\bsaid\b",
    re.I | re.M)
_UNREGISTERED_RE = re.compile(
    r"(?P<title>(?:carrying out|providing|carried out)\s+(?:a\s+)?regulated activit(?:y|ies)\s+while\s+(?:being\s+)?unregistered)"
    r"[^.]*?\bbetween\s+(?P<span>[^.]+\d{4})", re.I)
_BREACH_LINE_RE = re.compile(r"^\s*[•\-]?\s*Regulation\s+(?P<num>\d{1,2}[A-Z]?)\s*,?\s*\(Outcome\s+(?P<o>\d{1,2})\)\s*:\s*(?P<title>[^\n]+)$", re.M)
#: The lead of a formal warning's list of areas: "CQC has issued formal warnings to … telling them
#: that they must improve in the following areas by 10 September 2013:".
_WARNING_LIST_LEAD_RE = re.compile(r"^.*\b(?:formal warnings?|warning notices?)\b[^\n]*\bfollowing areas?\b[^\n]*$", re.I | re.M)
_MUST_LEAD_RE = re.compile(r"^.*\bmust\s+(?:improve|take action|do)\b[^\n]*(?:are|include|:)\s*:?\s*$", re.I | re.M)
_FIGURE_RE = re.compile(r"\b(?P<q>around|almost|nearly|about|more than|over|approximately)\s+(?P<n>\d[\d,]*)\s+(?P<what>[a-z][a-z ]{2,40}?)\b(?=[ ,.])")


def detect(text: str) -> bool:
    return len(_MARKERS.findall(text[:3000])) >= 1


#: The kind of page printed before a release's day on one line: "Press release | ", "News | ".
_KIND_BESIDE_DAY_RE = re.compile(r"^(?:News|Press release|Media release|News story)[ \t]*[|•·–-][ \t]*", re.I)


def _head(text: str) -> tuple[str | None, PartialDate | None, tuple[str, ...]]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip() and ln.strip() != "You are here"]
    title = lines[0] if lines else None
    pub = None
    m = re.search(r"Published:?\s*(?P<d>[^\n]*\n?[^\n]*)", text[:800])
    if m:
        pub = P.parse_date(m.group("d"))
    if pub is None:
        for k, raw in enumerate(lines[:6]):
            # "Press release | 27 August 2021", "News | 3 May 2022": the kind of page beside its day
            ln = _KIND_BESIDE_DAY_RE.sub("", raw)
            if k == 0 and ln == raw:
                continue  # the title
            d = P.parse_date(ln)
            if d and len(ln) < 30:
                pub = d
                break
    cats: list[str] = []
    head = text[:800]
    cm = re.search(r"^Categories:?\s*\n(?P<c>(?:[^\n]+\n){1,6})", head, re.M)
    block = cm.group("c") if cm else head
    for ln in block.split("\n"):
        ln = ln.strip()
        if ln.startswith("•"):
            cats.append(ln.lstrip("• ").rstrip(",").strip())
        elif cm and ln and not cats and len(ln) < 40 and not P.parse_date(ln):
            cats.append(ln.rstrip(","))
            break
        elif cm and cats and not ln.startswith("•"):
            break
    return title, pub, tuple(c for c in cats if c)


def _pairs(text: str) -> list[tuple[str, str | None, str]]:
    """``(location, town, provider)`` for every service named with the provider that runs it."""
    out: list[tuple[str, str | None, str]] = []
    for pattern in (N.LISTED_RE, N.RUN_BY_RE, N.WHICH_RUNS_RE, N.DESCRIBED_RUN_BY_RE, N.OPERATED_BY_RE, N.PROVIDER_OF_RE):
        for m in pattern.finditer(text):
            g = {k: v for k, v in m.groupdict().items() if v}
            name = N.clean(g.get("name") or g.get("name2") or "")
            provider = N.clean(g.get("provider") or g.get("provider2") or "")
            town = g.get("town") or g.get("town2")
            if len(name) < 3 or len(provider) < 3 or name == provider or _generic_name(name):
                continue
            if any(name == n for n, _t, _p in out):
                continue
            out.append((name, town, provider))
    return out


def _generic_name(name: str) -> bool:
    """Words that start a sentence rather than name a service ("The trust", "CQC")."""
    return bool(re.fullmatch(r"(?:The\s+)?(?:Trust|Provider|Service|Home|Practice|CQC|Care Quality Commission|Inspectors|It|They)", name))


def _add_named_services(text: str, providers: dict[str, Provider], locations: dict[str, Location],
                        links: dict[str, str]) -> None:
    """The services the release's lead names (``names.named_services``), with their providers, and
    those it rates together ("A, B and C were all rated good"); a service the release also names
    with its provider (``_pairs``) is read there, with its town; a name that is part of such a
    provider's name ("<practice>, run by Dr A Khan and Dr M Byrne, in Ashford": the town follows
    the last partner) is no service."""
    pairs = _pairs(text)
    paired = {_plain(name) for name, _town, _provider in pairs}
    for _words, name, town, provider in N.named_services(text):
        if _plain(name) in paired or any(_part_of(name, runner) for _name, _town, runner in pairs):
            continue
        if N.is_organisation(name) or name in providers or _generic_name(name) or any(
                name in (known, *loc.alt_names) or known.startswith(name + " ") for known, loc in locations.items()):
            continue
        locations[name] = Location(name=name, town=town)
        if provider:
            providers.setdefault(provider, Provider(name=provider, alt_names=N.acronyms_of(provider, text)))
            links[name] = provider
    for listed, _sentence in N.rated_together(text):
        for name in listed:
            if name not in providers and not N.is_organisation(name) and not _generic_name(name):
                locations.setdefault(name, Location(name=name))


def _add_rated_items(text: str, providers: dict[str, Provider], locations: dict[str, Location]) -> None:
    """The services of the release's list of those rated (``_rated_items``), with their towns."""
    for m in _rated_items(text):
        name = N.clean(m.group("name"))
        if name not in providers and not _generic_name(name):
            locations.setdefault(name, Location(name=name, town=m.group("town")))


def _part_of(name: str, organisation: str) -> bool:
    """True when ``name`` is words of ``organisation``'s longer name ("Dr M Byrne" of
    "Dr A Khan and Dr M Byrne")."""
    return _plain(name) != _plain(organisation) and bool(
        re.search(r"(?<![\w'’])" + re.escape(_plain(name)) + r"(?![\w'’])", _plain(organisation)))


def _fill_towns(text: str, locations: dict[str, Location]) -> None:
    """The town the lead gives a service the release names elsewhere without it."""
    for _words, name, town, _provider in N.named_services(text):
        if name in locations and town and not locations[name].town:
            locations[name] = dataclasses.replace(locations[name], town=town)


def _plain(name: str) -> str:
    """A name compared without the form of its apostrophes."""
    return name.replace("’", "'")


def _add_trusts(text: str, providers: dict[str, Provider]) -> None:
    """The NHS trusts the release names; a trust's name written again with one word's plural "s"
    dropped is another name of the same trust."""
    for m in N.TRUST_RE.finditer(text):
        name = N.clean(m.group("name"))
        if re.fullmatch(r"(?:The\s+)?NHS\s+(?:Foundation\s+)?Trust", name, re.I):
            continue  # "The NHS Trust Development Authority" names no trust
        spelt = next((p for p in providers if N.same_but_plural(p, name)), None)
        if spelt and name not in providers[spelt].alt_names:
            providers[spelt] = dataclasses.replace(providers[spelt], alt_names=(*providers[spelt].alt_names, name))
        elif not spelt and not any(name in p or p in name for p in providers):
            providers[name] = Provider(name=name)


#: A paragraph opening with a company and what it does: "<Company> Limited, which provides
#: personal care to around 60 people …", "<Company> Limited, which ran <Home> in <town>, …".
_DESCRIBED_PROVIDER_RE = re.compile(
    r"^(?P<org>[A-Z][A-Za-z&'’ -]{2,80}?\b(?:Limited|Ltd|LLP|plc|CIC)),\s+which\s+(?:provides|provided|runs|ran|operates|operated)\s+"
    r"(?:(?P<service>[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+){1,5})(?=\s+in\s|,))?", re.M)


def _add_described_provider(text: str, providers: dict[str, Provider], locations: dict[str, Location],
                            links: dict[str, str]) -> None:
    """The company a release's paragraph opens with, and what it runs: the service it names, or,
    when it names none ("which provides personal care"), the company's own service by its name."""
    m = _DESCRIBED_PROVIDER_RE.search(text)
    if not m:
        return
    org = N.clean(m.group("org"))
    service = N.clean(m.group("service")) if m.group("service") else org
    providers[org] = Provider(name=org)
    locations[service] = Location(name=service)
    links[service] = org


def _add_provider_as_service(text: str, providers: dict[str, Provider], locations: dict[str, Location],
                             links: dict[str, str]) -> None:
    """The company a release names as giving care itself ("the registration of Reddish Care at Home
    Limited, which provided personal care to people living in their own homes"): a home care
    agency registered under its company's name is its own service."""
    gives_care = r",\s+which\s+(?:provides|provided|delivers|delivered)\s+(?:(?:personal|home|domiciliary|nursing)\s+)?(?:care|support)\b"
    if providers:
        name = next(iter(providers))
        spelt = r"\s+".join(map(re.escape, name.split()))  # the name as a paragraph may wrap it
        found = re.search(rf"\b{spelt}{gives_care}", text) is not None
    else:
        m = re.search(rf"(?P<org>{N.NAME}){gives_care}", text)
        name, found = (N.clean(m.group("org")), True) if m and N.is_organisation(N.clean(m.group("org"))) else ("", False)
    if found:
        providers.setdefault(name, Provider(name=name))
        locations[name] = Location(name=name)
        links[name] = name


def _drop_towns(locations: dict[str, Location]) -> None:
    """Leave out a "service" that is another service's town ("Aylsham Road Surgery, Norwich,
    which is provided by …": Norwich is the surgery's town)."""
    towns = {loc.town for loc in locations.values() if loc.town}
    for name in [n for n in locations if n in towns and not locations[n].town]:
        del locations[name]


#: A person named with a title or initials: "Dr L Forsyth", "Mrs Anne Lee".
_PERSON_RE = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Miss|Prof(?:essor)?)\.?[ \t]+[A-Z]")


def _drop_partners(providers: dict[str, Provider], locations: dict[str, Location]) -> None:
    """Leave out a "service" that is one of the people a partnership provider is named after
    ("Witham Bank Surgery, run by Dr P Ranasinghe and Dr L Forsyth, in Boston, has improved":
    Dr L Forsyth is a partner, no service)."""
    for name in [n for n in locations if _PERSON_RE.match(n)]:
        if any(p != name and re.search(rf"(?:^|\band[ \t]+){re.escape(name)}$|^{re.escape(name)}[ \t]+and\b", p) for p in providers):
            del locations[name]


def _add_places_of_provider(text: str, providers: dict[str, Provider], locations: dict[str, Location]) -> None:
    """The service a release names as where its provider failed to display its rating
    (``names.PLACE_OF_PROVIDER_RE``)."""
    for m in N.PLACE_OF_PROVIDER_RE.finditer(text):
        name = N.clean(m.group("name"))
        if len(name) > 3 and not _generic_name(name) and name not in providers and not N.is_organisation(name):
            locations.setdefault(name, Location(name=name, town=m.group("town")))


#: A provider trading under another name, which is the service's: "Mr Tariq Hanif, trading as
#: Crown Hair Clinic, of Narborough Road", "Dr A Patel, trading as The Smile Studio, was fined".
_TRADING_AS_RE = re.compile(
    rf"(?P<provider>(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){{0,3}}|{N.NAME}),?\s+trading\s+as\s+"
    r"(?P<name>[A-Z][^,.;()\n]{2,60}?)(?=\s*[,.;(]|\s+(?:of|in|at|pleaded|was|were|has|had|who|and)\b)")


def _add_trading_names(text: str, providers: dict[str, Provider], locations: dict[str, Location],
                       links: dict[str, str]) -> None:
    """A person or company named with the name it trades under (``_TRADING_AS_RE``): the
    provider, and the service it runs under that name."""
    for m in _TRADING_AS_RE.finditer(text):
        who, name = N.clean(m.group("provider")), N.clean(m.group("name"))
        if not (_PERSON_RE.match(who) or N.is_organisation(who)) or len(name) < 3 or _generic_name(name):
            continue
        providers.setdefault(who, Provider(name=who))
        locations.setdefault(name, Location(name=name))
        links[name] = who


#: The words that end a street's name.
_STREET_WORDS = r"(?:Road|Street|Lane|Avenue|Way|Close|Drive|Hill|Terrace|Place|Square|Crescent|Gardens|Grove|Row|Parade|Walk|Broadway)"
#: An address a release states in its prose, after "on", "of" or "at": "The home, on Tewkesbury
#: Road, Gloucester, provides …", "trading as Crown Hair Clinic, of Narborough Road, Leicester,
#: pleaded …", "the agency's office at 58 Dunstable Road, Luton LU1 1EA on 10 August 2021", "The
#: trust's headquarters are at Halifax Royal Infirmary, Salterhebble Hill, Halifax HX3 0PW": the
#: street (with its number) and the town, and the postcode when given; a building's name before
#: the street is no part of it.
_PROSE_ADDRESS_RE = re.compile(
    r"\b(?:on|of|at)[ \t]+(?:(?P<building>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,4}),[ \t]+)?"
    rf"(?P<street>(?:\d{{1,4}}[A-Za-z]?,?[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){{0,3}}[ \t]+{_STREET_WORDS}),[ \t]+"
    r"(?P<town>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)"
    r"(?:[ \t]+(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[ABD-HJLNP-UW-Z]{2}))?(?=[ \t]*[,.;)]|[ \t]+on\b|[ \t]*$)", re.M)
#: A sentence giving a provider's head office: "The trust's headquarters are at …".
_HEAD_OFFICE_WORDS_RE = re.compile(r"\b(?:headquarters|head office|registered office)\b", re.I)
#: A head office named by its building and town, no street: "The trust … is headquartered at
#: Mytton Oak House, Shrewsbury.", "Its head office is at Kingsway House, Wakefield."
_HEAD_OFFICE_AT_RE = re.compile(
    r"\b(?:(?:is|are)\s+headquartered|(?:headquarters|head office|registered office)\s+(?:is|are))\s+(?:at|in)\s+"
    r"(?P<building>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,4}),[ \t]+(?P<town>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)"
    r"(?:[ \t]+(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[ABD-HJLNP-UW-Z]{2}))?(?=[ \t]*[.;]|[ \t]*$)")


def _with_prose_addresses(text: str, providers: list[Provider], locations: list[Location]) -> None:
    """The addresses the release states in prose (``_PROSE_ADDRESS_RE``), given to the one
    service it names (the first such address), or to its one provider when the sentence gives the
    provider's head office; a subject whose address is known keeps it."""
    for sentence in P.sentences(" ".join(text.split())):
        m = _PROSE_ADDRESS_RE.search(sentence)
        if not m:
            office = _HEAD_OFFICE_AT_RE.search(sentence)
            if office and len(providers) == 1 and providers[0].address is None:
                code = P.postcode(office.group("postcode")) if office.group("postcode") else None
                providers[0] = dataclasses.replace(providers[0], address=f"{office.group('building')}, {office.group('town')}",
                                                   postcode=code)
            continue
        address = f"{m.group('street')}, {m.group('town')}"
        code = P.postcode(m.group("postcode")) if m.group("postcode") else None
        if _HEAD_OFFICE_WORDS_RE.search(sentence[: m.start()]):
            if len(providers) == 1 and providers[0].address is None:
                providers[0] = dataclasses.replace(providers[0], address=address, postcode=code)
            continue
        if len(locations) == 1 and locations[0].address is None:
            locations[0] = dataclasses.replace(locations[0], address=address, postcode=code)


#: The hospitals a trust's release says it runs: "The trust, which runs Halifax Royal Infirmary
#: and Keighley Victoria Hospital as well as community services", "The trust runs Eastfield
#: General Hospital, Moor Lane Hospital and Ashby Community Hospital."
_TRUST_RUNS_RE = re.compile(r"\b[Tt]he trust,?\s+(?:which\s+)?runs\s+(?P<list>[A-Z][^.;:]{5,300}?)(?=\s+as well as\b|\s*[.;:](?:\s|$)|\s+and\s+[a-z])")
_HOSPITAL_NAME_RE = re.compile(r"^[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,5}\s+(?:Hospital|Infirmary|Hospice)$")


def _add_hospitals_run(text: str, providers: dict[str, Provider], locations: dict[str, Location]) -> None:
    """The hospitals of the list after "the trust, which runs" (``_TRUST_RUNS_RE``), in a
    release about an NHS trust."""
    if not any("NHS" in (p or "") for p in providers):
        return
    for m in _TRUST_RUNS_RE.finditer(" ".join(text.split())):
        for part in re.split(r",\s+|\s+and\s+", m.group("list")):
            name = part.strip()
            if _HOSPITAL_NAME_RE.match(name) and name not in locations and not any(name in p for p in providers):
                locations[name] = Location(name=name)


def _entities(text: str) -> tuple[list[Provider], list[Location]]:
    providers: dict[str, Provider] = {}
    locations: dict[str, Location] = {}
    links: dict[str, str] = {}
    lead = "\n".join(text.split("\n")[:40])
    county = N.COUNTY_RE.search(lead)
    town_lead = N.TOWN_LEAD_RE.search(lead)
    for m in N.RELEASE_SUBJECT_RE.finditer(text[:1000]):
        name = N.clean(m.group("name"))
        if m.group("key") == "Provider":
            providers.setdefault(name, Provider(name=name))
        else:
            locations.setdefault(name, Location(name=name))
    # a head naming one service says what the release is about: the name the prose visits it by
    # is that service's other name ("Service: HCA Healthcare UK … Centre at Golders Green", then
    # "visited Wellington Diagnostic and Out Patient Centre unannounced")
    the_service = next(iter(locations)) if len(locations) == 1 else None
    for m in N.VISITED_UNANNOUNCED_RE.finditer(text):
        name = N.clean(m.group("name"))
        if name in providers or _generic_name(name) or name in locations:
            continue
        if the_service:
            known = locations[the_service]
            if name not in known.alt_names:
                locations[the_service] = dataclasses.replace(known, alt_names=(*known.alt_names, name))
        else:
            locations[name] = Location(name=name)
    _add_named_services(text, providers, locations, links)
    _add_rated_items(text, providers, locations)
    towns = {loc.town for loc in locations.values() if loc.town}
    for name, town, provider in _pairs(text):
        if name in towns:
            continue  # "Willow Court, in Ashford, run by …": the town is no service
        providers.setdefault(provider, Provider(name=provider, alt_names=N.acronyms_of(provider, text)))
        locations.setdefault(name, Location(name=name, town=town))
        links[name] = provider
    _fill_towns(text, locations)
    _drop_towns(locations)
    _add_places_of_provider(text, providers, locations)
    for m in N.HEAD_OFFICE_RE.finditer(text):
        name = N.clean(m.group("name"))
        providers.setdefault(name, Provider(name=name, town=m.group("town")))
        locations.setdefault(name, Location(name=name, town=m.group("town"), county=county.group("county") if county else None))
    for m in N.INSPECTED_RE.finditer(text):
        name = N.clean(m.group("name"))
        if (name not in locations and len(name) > 3 and name not in providers and not the_service
                and not any(name in loc.alt_names for loc in locations.values())
                and not any(known.startswith(name + " ") for known in locations)):
            locations[name] = Location(name=name)
    for m in N.PRACTICE_RE.finditer(text):
        name = N.clean(m.group("name"))
        locations[name] = Location(name=name, town=m.group("town"))
    for m in N.AKA_RE.finditer(text):
        name = N.clean(m.group("name") or m.group("name2"))
        if N.is_organisation(name):
            providers[name] = Provider(name=name, alt_names=((m.group("aka") or m.group("aka2")).strip(),),
                                       town=town_lead.group("town") if town_lead else None)
    for m in N.WARNED_RE.finditer(text):
        name = N.clean(m.group("name"))
        if N.is_organisation(name):
            providers.setdefault(name, Provider(name=name))
        elif the_service and name != the_service and not _generic_name(name) and name not in locations[the_service].alt_names:
            # the head names one service: the name the warning is sent to is that service's other name
            known = locations[the_service]
            locations[the_service] = dataclasses.replace(known, alt_names=(*known.alt_names, name))
    for m in N.ORGANISATION_NAMED_RE.finditer(text):
        name = N.clean(m.group("name"))
        if N.is_organisation(name) and not any(name in p or p in name for p in providers):
            providers.setdefault(name, Provider(name=name))
    if not providers and not locations:
        _add_described_provider(text, providers, locations, links)
    _add_trading_names(text, providers, locations, links)
    if len(providers) <= 1 and not locations:
        _add_provider_as_service(text, providers, locations, links)
    if any("NHS" in (p or "") for p in providers) or N.TRUST_RE.search(text) or prose.rated_service_at(text):
        # a trust's release, or one rating a core service at a hospital: the hospital is the location
        hospitals = [m.group("name") for m in N.HOSPITAL_AT_RE.finditer(text)] + N.hospitals_with_town(text)
        for name in map(N.clean, hospitals):
            if name not in locations and not any(name in p for p in providers):
                locations[name] = Location(name=name)
    _add_trusts(text, providers)
    _add_hospitals_run(text, providers, locations)
    _drop_partners(providers, locations)
    provs = list(providers.values())
    index = {p.name: i for i, p in enumerate(provs)}
    locs = [dataclasses.replace(loc, provider=index.get(links.get(loc.name or ""), 0 if len(provs) == 1 else None))
            for loc in locations.values()]
    _with_prose_addresses(text, provs, locs)
    return provs, locs


_VISIT_DAYS_RE = re.compile(
    r"\b(?:inspect\w*|visit\w*)\b[^.]*?\bon\s+(?P<days>\d{1,2}(?:st|nd|rd|th)?(?:(?:,\s*|\s+and\s+)\d{1,2}(?:st|nd|rd|th)?)*)\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})\b")


def _visit_days(text: str, start: PartialDate | None) -> tuple[PartialDate, ...]:
    """The days a release says the inspection visited, listed after "on": "a focused inspection of
    the home on 3 and 4 May 2021", "an unannounced inspection on 6 and 13 February
    2018". Only when the first listed day is the inspection's start; a range
    ("between 10 and 24 January") lists no visits."""
    if start is None or start.precision.value != "day":
        return ()
    for s in P.sentences(text):
        if prose.is_previous_sentence(s):
            continue
        m = _VISIT_DAYS_RE.search(" ".join(s.split()))
        if not m:
            continue
        days = [d for d in re.findall(r"\d{1,2}", m.group("days"))]
        stated = [P.parse_date(f"{d} {m.group('month')} {m.group('year')}") for d in days]
        dates = [d for d in stated if d is not None]
        if len(dates) == len(stated) and dates[0].iso == start.iso:
            return tuple(dates)
    return ()


#: The inspection a release names as the subject's latest: "At its most recent inspection, in
#: August 2022, it was rated Good overall" after "… was inspected in February 2021 and rated …".
_MOST_RECENT_RE = re.compile(r"\b(?:most\s+recent|latest)\s+inspection,?\s+(?:in|on)\s+", re.I)


def _may_name_latest(text: str) -> bool:
    """A cheap gate: the words a release needs to call an inspection its most recent."""
    low = text.lower()
    return "inspection" in low and ("most recent" in low or "most\nrecent" in low or "latest" in low)


def _latest_dates(text: str) -> set[str]:
    """The dates a release gives the inspection it calls the most recent (none without the words)."""
    if not _may_name_latest(text):
        return set()
    out: set[str] = set()
    for s in P.sentences(text, unwrap=True):
        for m in _MOST_RECENT_RE.finditer(s):
            start, _end = P.parse_span(s[m.end(): m.end() + 60])
            if start and start.iso and not re.search(r"\b(?:will|would|next)\b", s, re.I):
                out.add(start.iso)
    return out


#: A line of a hard-wrapped release that ends where its inspection's date begins on the next
#: line: "… following an inspection that began" / "on 15 January 2019.", "… was inspected" /
#: "between 3 and 5 May 2021." (the next line opens with the date's preposition and a day).
_ENDS_BEFORE_DATE_RE = re.compile(r"\b(?:began|started|inspected|visited|inspections?|took\s+place|carried\s+out)$", re.I)
_OPENS_WITH_DATE_RE = re.compile(r"^(?:on|between|from)\s+(?:the\s+)?\d", re.I)


def _joined_before_dates(sentences: list[str]) -> list[str]:
    """``sentences`` with a line that ends where its date begins joined to the date's line
    (``_ENDS_BEFORE_DATE_RE``, ``_OPENS_WITH_DATE_RE``); every other line as it was."""
    out: list[str] = []
    for s in sentences:
        if out and _OPENS_WITH_DATE_RE.match(s) and _ENDS_BEFORE_DATE_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {s}"
        else:
            out.append(s)
    return out


#: An inspection told with the one after it: "CQC inspected the agency on 6th June 2017 and again
#: on 14/09/2017", "Inspectors visited the home on 3 March 2022 and again on 28 April 2022"; "At
#: both inspections the service was rated inadequate" rates both.
_AGAIN_RE = re.compile(r"\b(?:inspected|visited)\b[^.]{0,60}?\bon\s+(?P<first>[^.]{6,30}?)\s+and\s+again\s+on\s+(?P<second>[^.]{6,30})", re.I)
_BOTH_RATED_RE = re.compile(r"\b(?:at|after|following)\s+both\s+(?:inspections|visits)\b|\bon\s+both\s+occasions\b", re.I)


def _inspected_again(text: str, current: Inspection) -> tuple[Inspection, Inspection] | None:
    """``(later, earlier)``: the release's inspection split in two when the text says it was
    inspected on its start "and again on" a later day (``_AGAIN_RE``); the later day's is the
    current inspection, the first an earlier one, rated as the current one when "at both
    inspections" the text rates them. None when the text says no such thing."""
    m = _AGAIN_RE.search(text)
    first = P.parse_date(m.group("first")) if m else None
    second = P.parse_date(m.group("second")) if m else None
    start = current.start_date
    if not (m and first and second and start and first.iso == start.iso and (second.iso or "") > (first.iso or "")
            and first.precision.value == second.precision.value == "day"):
        return None
    both = any(_BOTH_RATED_RE.search(s) for s in P.sentences(text, unwrap=True) if P.RATING_RE.search(s))
    earlier = Inspection(location=current.location, provider=current.provider, start_date=first, end_date=first,
                         is_previous=True, visit_dates=tuple(d for d in current.visit_dates if d.iso == first.iso),
                         ratings=current.ratings if both else ())
    # the day inspected again is visited as the first was
    later = dataclasses.replace(current, start_date=second, end_date=second,
                                visit_dates=(second,) if earlier.visit_dates else ())
    return later, earlier


def _same_month(wording: str, date: PartialDate) -> bool:
    """Whether a yearless wording ("December", "in March") names the one month ``date`` is in."""
    names = re.findall(r"[A-Za-z]+", wording)
    months = [P.MONTHS[n.lower()] for n in names if n.lower() in P.MONTHS]
    return len(months) == 1 and len(names) == 1 and bool(date.iso) and len(date.iso or "") >= 7 and int((date.iso or "")[5:7]) == months[0]


def _inspection_dates(text: str) -> tuple[PartialDate | None, PartialDate | None, str | None,
                                           Announcement | None]:
    """When the inspection the text reports took place: the most precise date stated for it
    (a day-precision date in the month first given wins: "in June 2023" … "on 13 and 14 June
    2023"), else a date with no year, as wording; a wording with no year that comes first and
    names the month of the date found is kept with it."""
    found, yearless = _dates_stated(text, _joined_before_dates(P.sentences(text)))
    if P.cuts_a_date_at_its_year(text):
        # a date cut at its year by a line's end ("between 14 and 16 May" / "2019. A further
        # inspection … took place between 11 and 13 June 2019."): the text unwrapped dates it
        whole, cut = _dates_stated(text, P.sentences(text, unwrap=True))
        if whole:
            found, yearless = whole, cut
    if not found and not yearless:
        # a sentence wrapped where its date begins: "… following an inspection that began" / "on 15
        # January 2019."
        found, yearless = _dates_stated(text, P.sentences(text, unwrap=True))
    if found:
        start, end, announced = found[0]
        for s2, e2, a2 in found[1:]:
            if start.precision.value == "month" and s2.precision.value == "day" and (s2.iso or "").startswith(start.iso or "?"):
                start, end, announced = s2, e2, a2 or announced
                break
        if end is None and start.precision.value == "day":
            end = start
        later = _further_visit(text)
        if later and start.precision.value == "day" and (later.iso or "") > ((end or start).iso or ""):
            end = later  # "… between 10 and 13 March 2015, with further unannounced visits on 24 March 2015"
        # "following an inspection in December" before "During the inspection on 8 December 2015":
        # the release's first wording of the inspection's date is kept, when it names that month
        first = yearless[0] if yearless and _same_month(yearless[0], start) else None
        return start, end, first, announced
    if yearless:
        return None, None, yearless[0], yearless[1]
    return None, None, None, None


def _dates_stated(text: str, said: list[str]) -> tuple[list[tuple[PartialDate, PartialDate | None, Announcement | None]],
                                                       tuple[str, Announcement | None] | None]:
    """The dates the sentences ``said`` of ``text`` give the inspection, in the order found (the
    one of the latest inspection first), and the first date with no year."""
    found: list[tuple[PartialDate, PartialDate | None, Announcement | None]] = []
    yearless = None
    latest = _latest_dates(text)
    for s in said:
        if not re.search(r"\b(?:inspect\w*|visit\w*|took place|(?:we|CQC)\s+returned)\b", s, re.I) or prose.is_previous_sentence(s):
            continue
        for m in P.INSPECTED_WHEN_RE.finditer(s):
            start, end = P.parse_span(s[m.end(): m.end() + 60])
            if start and P.parse_span(s[m.end():])[0] == start:
                if start.iso in latest and found and (start.iso or "") >= (found[0][0].iso or "~"):
                    found.insert(0, (start, end, P.announcement(s)))  # "At its most recent inspection, in August 2022, …"
                    continue
                found.append((start, end, P.announcement(s)))
        # "Inspectors visited the home on 3 May", "When inspectors returned on 3 and 5 December 2019"
        if re.search(r"\b(?:visited|inspected|(?:inspectors|we|CQC)\s+returned)\b[^.]*\bon\s+\d", s) and (on := re.search(r"\bon\s+\d", s)):
            start, end = P.parse_span(s[on.start():])
            if start and re.search(r"\breturned\b", s) and found and (start.iso or "") > (found[0][0].iso or "~"):
                # a return visit is the latest inspection: "… placed in special measures following an
                # inspection in April 2019. When inspectors returned on 3 and 5 December 2019 …"
                found.insert(0, (start, end or start, P.announcement(s)))
            elif start:
                found.append((start, end or start, P.announcement(s)))
        if yearless is None and not found:
            y = P.yearless_date(s)
            if y:
                yearless = (y.text, P.announcement(s))
    return found, yearless


#: The day the report of the inspection was published, as a release's notes give it: "The full
#: report of the December 2019 inspection was published on 14 February 2020", "The report was
#: published on 3 May 2021", "The full report was published on CQC's website on 12 August 2022".
_REPORT_PUBLISHED_RE = re.compile(r"\breport\b(?P<of>[^.]{0,80}?)\b(?:was|is|has been)\s+published\s+"
                                  r"(?:(?:on|at)\s+(?:CQC['’]s|our|the\s+CQC)\s+website\s+)?(?:on\s+)?(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")


def _report_published(text: str, start: PartialDate | None) -> PartialDate | None:
    """The publication day of the report of the inspection starting ``start`` (``_REPORT_PUBLISHED_RE``):
    the report of an inspection another date names is another's."""
    if start is None:
        return None
    for s in P.sentences(text):
        m = _REPORT_PUBLISHED_RE.search(" ".join(s.split()))
        if not m or prose.is_previous_sentence(s):
            continue
        named = [d for d, _e, _m in P.iter_dates(m.group("of"))]
        if named and not any((start.iso or "?").startswith((d.iso or "-")[:7]) for d in named):
            continue
        day = P.parse_date(m.group("date"))
        if day is not None and (day.iso or "") > (start.iso or ""):
            return day
    return None


#: A later visit of the same inspection: "with further unannounced visits on 24 March 2015", "a
#: second announced visit on 15 July 2019", "an additional visit on 2 May".
_FURTHER_VISIT_RE = re.compile(r"\b(?:further|additional|second|follow-up)\s+(?:(?:un)?announced\s+)?visits?\s+(?:was\s+made\s+)?on\s+", re.I)


def _further_visit(text: str) -> PartialDate | None:
    """The day of a later visit the text states of the inspection it reports (``_FURTHER_VISIT_RE``),
    a sentence about an earlier inspection aside."""
    for s in P.sentences(text):
        m = _FURTHER_VISIT_RE.search(s)
        if m and not prose.is_previous_sentence(s):
            start, end = P.parse_span(s[m.end(): m.end() + 40])
            day = end or start
            if day and day.precision.value == "day":
                return day
    return None


_FOLLOW_ON_RE = re.compile(r"^(?:The\s+(?:home|service|practice|agency|hospital|surgery|location)|It|Its|Inspectors)\b")
_LISTED_RATING_RE = re.compile(r"\)\s*[–-]\s*(?:rated\s+)?(?P<value>" + P.RATING_ALT + r")\s*\.?\s*$", re.I)
#: A service of a release's list of those rated, an item a line: "- Oak House, Maldon: Good",
#: "• Elm Court, Colchester – Requires improvement" (the list names several).
_RATED_ITEM_RE = re.compile(
    rf"^[ \t]*[-•*][ \t]+(?P<name>{N.PLAIN_NAME})(?:,[ \t]+(?P<town>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){{0,2}}))?[ \t]*[:–-][ \t]*"
    rf"(?:rated[ \t]+)?(?P<value>{P.RATING_ALT})[ \t]*\.?[ \t]*$", re.I | re.M)


def _rated_items(text: str) -> list[re.Match[str]]:
    """The items of a release's list of services rated (``_RATED_ITEM_RE``), when it lists two at
    least and none of them is a key question ("- Safe: requires improvement" rates a key question)."""
    found = [m for m in _RATED_ITEM_RE.finditer(text) if not P.key_question(m.group("name"))
             and m.group("name").strip().lower() not in ("overall", "overall rating")]
    return found if len(found) >= 2 else []


def _named_in(block: str, names: list[str]) -> list[int]:
    """The indexes of the services ``block`` names."""
    return [i for i, n in enumerate(names) if re.search(r"(?<![\w'])" + re.escape(n) + r"(?![\w'])", block)]


def _clauses(block: str, names: list[str]) -> list[str]:
    """A paragraph naming several services cut into its sentences, and a sentence naming several
    into its clauses, each starting where a name follows "and" or a semicolon ("Eastshire General
    Hospital was rated good and Westshire Community Hospital was rated outstanding")."""
    out: list[str] = []
    starts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    for sentence in P.sentences(block):
        if len(_named_in(sentence, names)) > 1 and starts:
            out.extend(c for c in re.split(rf"(?:,?\s+and\s+|;\s+)(?=(?:{starts})\b)", sentence) if c.strip())
        else:
            out.append(sentence)
    return out


def _segments(text: str, names: list[str]) -> list[tuple[int | None, str]]:
    """The body cut into paragraphs (and list items), each given to the one named service it is
    about: the one it names, or, for a paragraph that goes on about "The home"/"It", the one
    the paragraph before it was about. Paragraphs naming several services, or none, belong to
    no one service."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        if any(re.match(r"^\s*[•*]\s", ln) for ln in lines) or len([ln for ln in lines if _RATED_ITEM_RE.match(ln)]) >= 2:
            blocks.extend(ln for ln in lines if ln.strip())
        elif len(_named_in(block, names)) > 1 and not block.strip().startswith(("\"", "“")):
            blocks.extend(_clauses(block, names))
        else:
            blocks.append(block)
    out: list[tuple[int | None, str]] = []
    previous: int | None = None
    for block in blocks:
        stripped = block.strip()
        if stripped.startswith(("\"", "“")):
            out.append((None, block))  # a quotation speaks about the release as a whole
            previous = None
            continue
        named = _named_in(block, names)
        if len(named) == 1:
            owner: int | None = named[0]
        elif not named and previous is not None and _FOLLOW_ON_RE.match(stripped):
            owner = previous
        else:
            owner = None
        out.append((owner, block))
        previous = owner
    return out


def _trust_inspection(shared: str, providers: list[Provider],
                      span: tuple[PartialDate | None, PartialDate | None] = (None, None)) -> list[Inspection]:
    """The provider's own inspection in a release that rates its services one by one: the
    sentences of no one service that name the one provider ("has rated Eastshire Hospitals NHS
    Trust as good overall", "The trust's overall rating has improved …") rate it."""
    if len(providers) != 1 or not providers[0].name:
        return []
    names = (providers[0].name, *providers[0].alt_names)
    about: list[str] = []
    for s in P.sentences(shared, unwrap=True):
        # a sentence naming the trust ("Inspectors rated the trust Inadequate for safety and
        # leadership"), and one going on about it ("It was rated Requires Improvement for …")
        if any(n in s for n in names) or _THE_TRUST_RE.search(s) or about and about[-1] and _GOES_ON_RE.match(s):
            about.append(s)
        else:
            about.append("")
    said = " ".join(s for s in about if s)
    ratings = prose.ratings_in(said)
    changes, _previous = prose.changes_in(said)
    if not ratings:
        return []
    # the totals a release states ("including 31 actions the trust must take") are the trust's
    actions = _stated_totals(shared, [])
    # its own sentence's dates ("… rated as Inadequate overall … following an inspection carried
    # out between 10 and 13 March 2015")
    start, end, dates_text, _announced = _inspection_dates(" ".join(s for s in about if s and P.RATING_RE.search(s)))
    if start is None and dates_text and _completed_by(dates_text, span[0]):
        # "rated Good overall following an inspection in May" completed by the days the release
        # gives its services' visits ("between 14 and 16 May 2019"): the trust's began with them
        start, end = span
    return [Inspection(provider=0, start_date=start, end_date=end, dates_text=dates_text,
                       ratings=tuple(ratings), changes=tuple(changes), actions=tuple(actions))]


def _trust_apart(rated: str, providers: list[Provider], locations: list[Location]) -> tuple[list[Rating], list[Rating]] | None:
    """A release about an NHS trust and one of its hospitals: the ratings of the sentences about
    the trust alone ("Northgate NHS Trust has been rated Requires Improvement overall", "The trust
    was rated Good for being caring", and "It was rated …" after them), and those of the other
    sentences (the hospital's). None when the release names no trust, or no sentence rates it."""
    if len(providers) != 1 or len(locations) != 1 or not providers[0].name or not N.TRUST_RE.search(providers[0].name):
        return None
    names = (providers[0].name, *providers[0].alt_names)
    place = locations[0].name or ""
    trust: list[str] = []
    rest: list[str] = []
    last_trust = False
    for sentence in P.sentences(rated, unwrap=True):
        names_place = bool(place) and place in sentence
        about = (any(n in sentence for n in names) or _THE_TRUST_RE.search(sentence)
                 or last_trust and _GOES_ON_RE.match(sentence))
        if P.CURRENT_REMAINS_RE.search(sentence):
            # "The trust's overall rating remains requires improvement": its current rating
            # (``_current_remains``), not this inspection's
            last_trust = False
            continue
        if about and not names_place and not sentence.lstrip().startswith(("\"", "“")):
            trust.append(sentence)
            last_trust = True
        else:
            rest.append(sentence)
            last_trust = False
    own = prose.ratings_in(" ".join(trust))
    if not own:
        return None
    return own, prose.ratings_in(" ".join(rest))


def _apart_from_trust(rated: str, providers: list[Provider], locations: list[Location],
                      ratings: list[Rating]) -> tuple[list[Rating], list[Rating]]:
    """The ratings of a release's one hospital and those of its trust (``_trust_apart``): the
    hospital keeps its services' and its own; the trust's own ratings rate the trust. Without a
    trust rated apart, ``ratings`` and none."""
    apart = _trust_apart(rated, providers, locations) if ratings else None
    if apart is None:
        return ratings, []
    return [r for r in ratings if r.service or r.population_group] + apart[1], apart[0]


#: The trust as what a sentence is about: "The trust has been rated …", "the trust's overall
#: rating", "Inspectors rated the trust …".
_THE_TRUST_RE = re.compile(r"\bthe trust['’]s\b|^The trust\b|\brated\s+the\s+trust\b"
                           r"|\bthe trust (?:was|is|has been)\s+(?:also\s+)?rated\b", re.I)
#: A sentence going on about what the one before it was about: "It was rated …", "Its rating for
#: well-led has improved from Inadequate".
_GOES_ON_RE = re.compile(r"(?:It\s+(?:was|is|has)|Its)\b")


#: A date stated of several services' inspections together: "Both inspections took place
#: between 11 and 21 March 2024", "The inspections were carried out between 3 and 14 May 2021".
#: (One inspection of a trust "carried out between 10 and 13 March 2015" over its hospitals is
#: one span, each hospital's.)
_SEVERAL_INSPECTIONS_RE = re.compile(
    r"\b(?:both|the|all|these|those|two|three|four|five|six)\s+(?:\w+\s+)?inspections\s+(?:took place|were\s+(?:carried out|undertaken|made))\b", re.I)


def _shared_span(start: PartialDate | None, end: PartialDate | None) -> tuple[PartialDate | None, PartialDate | None]:
    """What a span of days the inspections of several services took place in says of each one:
    "Both inspections took place between 11 and 21 March 2024" dates each in March 2024, but
    neither started on the 11th nor ended on the 21st. A span over months dates none of them."""
    if start is None or end is None or start.precision.value != "day" or start.iso == end.iso:
        return start, end
    if (start.iso or "")[:7] != (end.iso or "")[:7]:
        return None, None
    iso = (start.iso or "")[:7]
    return PartialDate(iso, f"{calendar.month_name[int(iso[5:7])]} {iso[:4]}", Precision.MONTH), None


#: "was inspected on 17 April", "visited on 3 May", "following an inspection on 19 July".
_DAY_NO_YEAR_RE = re.compile(r"\b(?:inspected|visited|inspection)\s+on\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Z][a-z]+)\b(?!\s*,?\s*\d)")


def _day_in_month(own: str, shared: PartialDate | None) -> PartialDate | None:
    """The day a service's paragraph gives its inspection without the year ("was inspected on 17
    April", "following an inspection on 19 July"), in the year of the month the release dates all its inspections by ("following
    inspections carried out in April 2018"); None when the months differ."""
    m = _DAY_NO_YEAR_RE.search(own)
    if not (m and shared and shared.iso and shared.precision.value == "month"):
        return None
    day = P.parse_date(f"{m.group('day')} {m.group('month')} {shared.iso[:4]}")
    return day if day and day.iso and day.iso.startswith(shared.iso) else None


def _per_location(text: str, locations: list[Location], published: PartialDate | None,
                  providers: list[Provider] | None = None) -> tuple[list[Inspection], list[Action]] | None:
    """One inspection per service of a release about several:
    each with the ratings, changes, dates and actions of its own paragraphs. What the other
    paragraphs state applies to the release (actions) or, for the date of "inspections" of
    all of them, to each."""
    names = [loc.name or "" for loc in locations]
    segments = _segments(text, names)
    shared = "\n\n".join(b for owner, b in segments if owner is None)
    s_start, s_end, s_text, _a = _inspection_dates(shared)
    if _SEVERAL_INSPECTIONS_RE.search(shared):
        s_start, s_end = _shared_span(s_start, s_end)
    instrument = P.instrument_for(text, P.REGULATED_ACTIVITIES_2014)
    inspections: list[Inspection] = []
    earlier_all: list[Inspection] = []
    together = N.rated_together(text)
    not_inspected = 0
    for i in range(len(locations)):
        own = "\n\n".join(b for owner, b in segments if owner == i)
        # a sentence rating it with others ("Oak House, Elm Lodge and Ash Court were all rated good")
        own = "\n\n".join([own, *(sentence + "." for listed, sentence in together if names[i] in listed)]).strip()
        if not own:
            continue
        if kept := _not_inspected_remains(text, names[i]):
            # "Keighley Victoria Hospital, which was not inspected this time, remains rated Good":
            # its current rating, and no inspection of it
            locations[i] = dataclasses.replace(locations[i], current_overall_rating=kept)
            not_inspected += 1
            continue
        start, end, dates_text, announced = _inspection_dates(own)
        visited_on: tuple[PartialDate, ...] = ()
        if start is None and (dates_text is None or _completed_by(dates_text, s_start)):
            # "following an inspection in March" completed by "Both inspections took place between
            # 11 and 21 March 2024"
            start, end, dates_text = s_start, s_end, s_text
            if day := _day_in_month(own, s_start):
                # "was inspected on 17 April": that one day, visited
                start = end = day
                visited_on = (day,)
        current = _without_earlier(own, start)
        # a practice's population groups rated in its paragraph ("… and Outstanding for its care of
        # people whose circumstances may make them vulnerable")
        ratings = list(prose.merge_ratings(prose.ratings_in(current), prose.population_group_ratings(current)))
        lm = _LISTED_RATING_RE.search(own.split("\n")[0]) or _RATED_ITEM_RE.match(own.split("\n")[0])
        if lm:
            ratings = list(prose.merge_ratings([Rating(KeyQuestion.OVERALL, P.rating_word(lm.group("value")))], ratings))
        changes, previous_ratings = prose.changes_in(own)
        actions = prose.actions_in(own, instrument)
        if not (ratings or changes or actions or start or dates_text):
            continue
        inspections.append(Inspection(
            location=i, start_date=start, end_date=end, dates_text=dates_text, announced=announced,
            visit_dates=_visit_days(own, start) or visited_on,
            ratings=tuple(ratings), changes=tuple(changes), actions=tuple(actions),
            breaches=tuple(prose.breaches_stated(own)), special_measures=prose.special_measures(actions)))
        earlier = prose.earlier_inspections(own, {d.iso for d in (start, end) if d and d.iso})
        if earlier:
            earlier[0] = dataclasses.replace(earlier[0], ratings=prose.merge_ratings(earlier[0].ratings, previous_ratings))
        earlier_all += [dataclasses.replace(e, location=i) for e in earlier]
    if len(inspections) + not_inspected < 2:
        return None
    doc_actions = prose.actions_in(shared, instrument)
    return inspections + _trust_inspection(shared, providers or [], (s_start, s_end)) + earlier_all, doc_actions


def _without_earlier(text: str, start: PartialDate | None) -> str:
    """``text`` without the sentences whose every date is before the inspection's ``start``: they
    tell an earlier inspection's rating ("The practice was rated Inadequate and placed in special
    measures in August 2023" in a release on its March 2024 inspection)."""
    if not (start and start.iso):
        return text
    kept = []
    for sentence in P.sentences(text, unwrap=True):
        days = [d.iso for d, _end, _m in P.iter_dates(sentence) if d.iso]
        if days and all(day < start.iso[:len(day)] for day in days):
            # "… is now rated Good overall, having been rated Inadequate in September 2023": the
            # clause dated earlier goes, the current rating before it stays
            head = _EARLIER_CLAUSE_RE.split(sentence, maxsplit=1)[0]
            if head != sentence and not any(d.iso for d, _end, _m in P.iter_dates(head)):
                kept.append(head.rstrip(" ,") + ".")
            continue
        kept.append(sentence)
    return "\n\n".join(kept)


#: A clause about an earlier rating closing a sentence about the current one: ", having been
#: rated Inadequate in September 2023", ", having previously been rated …", ", up from …".
_EARLIER_CLAUSE_RE = re.compile(r",\s*(?:having\s+(?:previously\s+)?been\s+rated|after\s+being\s+rated|up\s+from|down\s+from)\b", re.I)


def _completed_by(dates_text: str, shared: PartialDate | None) -> bool:
    """Whether a date written with no year ("March") is the month of the release's dated visits."""
    month = dates_text.strip().lower()
    return bool(shared and shared.iso and shared.text and re.fullmatch(r"[a-z]{3,9}", month)
                and re.search(rf"\b{month}\b", shared.text.lower()))


def _warned_areas(text: str) -> list[Breach]:
    """The areas a formal warning's list names by their 2010 title, with or without "Regulation
    N, (Outcome N):" before it ("• Safeguarding people who use services from abuse"), each item
    followed by a paragraph on what was found."""
    out: list[Breach] = []
    for lead in _WARNING_LIST_LEAD_RE.finditer(text):
        after_item = False
        for ln in text[lead.end():].split("\n"):
            if not ln.strip():
                continue
            item = re.match(r"^\s*[•\-*]\s+(?P<t>.+)$", ln)
            if not item:
                if not after_item:
                    break
                after_item = False  # the paragraph on what was found under the item
                continue
            after_item = True
            title = re.sub(r"^Regulation\s+\d{1,2}[A-Z]?\s*,?\s*\(Outcome\s+\d{1,2}\)\s*:\s*", "", item.group("t").strip())
            found = P.outcome_regulation(title=title)
            if found:
                outcome, reg, official = found
                out.append(Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, reg), title=official, outcome=outcome))
    return out


#: A breach given as an example of what a power is for, not one found (``patterns.BREACH_NOT_FINDING_RE``).
_EXAMPLE_RE = re.compile(r"\bfor\s+(?:example|instance)\b", re.I)


def _breaches(text: str, body: str) -> list[Breach]:
    """The breaches a release states: listed outcomes, "in breach of Regulation N", offences
    of carrying on a regulated activity unregistered (with their period where stated), and
    breaches its sentences state (``body``: the text without the sentences already read as
    ratings)."""
    breaches = [Breach(P.Regulation(P.REGULATED_ACTIVITIES_2010, m.group("num")), title=m.group("title").strip(), outcome=m.group("o"))
                for m in _BREACH_LINE_RE.finditer(text)]
    breaches += [b for b in _warned_areas(text) if not any(x.regulation == b.regulation for x in breaches)]
    for m in P.BREACH_OF_RE.finditer(text):
        first = P.REGULATION_RE.match(text, m.end())
        if first and prose.is_previous_sentence(text[text.rfind(".", 0, m.start()) + 1: text.find(".", m.end())]):
            continue  # "The breaches of regulation 12 … found at the previous inspection had been addressed"
        if first and _EXAMPLE_RE.search(text[max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1: m.start()]):
            continue  # "(for example under regulation 22 for a breach of regulation 12 …)": what a power is for
        if first:
            for reg in P.regulations_in(first.group(0) + text[first.end(): first.end() + 120], P.instrument_for(text[m.end(): m.end() + 200])):
                if not reg.is_section and not any(b.regulation == reg for b in breaches):
                    breaches.append(Breach(reg))
                break
    for m in P.UNREGISTERED_OFFENCE_RE.finditer(text):
        if not _UNREGISTERED_RE.search(m.group(0)):
            section = next((r for r in P.regulations_in(m.group("rest")) if r.is_section), None)
            breaches.append(Breach(section, title=m.group("title")))
    for m in _UNREGISTERED_RE.finditer(text):
        start, end = P.parse_span(m.group("span"))
        breaches.append(Breach(None, title=m.group("title"), period_start=start, period_end=end))
    # breaches a release states in its sentences ("was not meeting Regulation 17", "we found
    # breaches in relation to safe care and treatment and good governance"), for regulations and
    # subjects not already read
    stated = [b for b in prose.breaches_stated(body)
              if not (b.regulation and b.regulation.instrument != P.REGULATED_ACTIVITIES_2014 and b.regulation.is_section)]
    return list(prose.merge_breaches(breaches, stated))


def _without_counts(body: str, names: list[str]) -> str:
    """The body without the sentences about many services at once ("Three of the five practices
    … have been placed into special measures"): a count rates no one and places no one in special
    measures (``patterns.about_many``)."""
    for s in P.sentences(body):
        if P.about_many(s, names):
            body = body.replace(s, "")
    return body


#: A service of a release that was not inspected and keeps its rating: "Keighley Victoria
#: Hospital, which was not inspected this time, remains rated Good", "Elm Lodge was not inspected
#: and remains rated requires improvement".
_NOT_INSPECTED_REMAINS_RE = re.compile(
    rf"\b(?:was|were|has\s+not\s+been|had\s+not\s+been)\s*(?:not\s+)?inspected\b[^.]{{0,60}}?\bremains?\s+rated\s+(?:as\s+)?(?P<value>{P.RATING_ALT})\b",
    re.I)


def _not_inspected_remains(text: str, name: str) -> RatingValue | None:
    """The rating a release says the service ``name`` keeps, not being inspected
    (``_NOT_INSPECTED_REMAINS_RE`` in the sentence naming it); else None."""
    if not name:
        return None
    for sentence in P.sentences(" ".join(text.split())):
        at = sentence.find(name)
        m = _NOT_INSPECTED_REMAINS_RE.search(sentence, at + len(name)) if at >= 0 else None
        if m and re.search(r"\bnot\s+(?:been\s+)?inspected\b", m.group(0), re.I) and m.start() - at - len(name) <= 60 \
                and len([w for w in P.RATING_RE.findall(sentence) if P.parse_rating(w) not in (RatingValue.NOT_RATED, RatingValue.NOT_INSPECTED)]) == 1:
            return P.parse_rating(m.group("value"))
    return None


def _current_remains(body: str, providers: list[Provider], locations: list[Location]) -> None:
    """The current overall ratings the release says stay as they were ("The trust's overall rating
    remains requires improvement", "The overall rating for … NHS Foundation Trust as a provider
    overall, remains rated as good"), set on the provider or location named (a location named
    only there is added)."""
    for m in P.CURRENT_REMAINS_RE.finditer(body):
        if m.group("who") and m.group("who").lower() == "trust" and len(providers) == 1:
            providers[0] = dataclasses.replace(providers[0], current_overall_rating=P.parse_rating(m.group("value")))
        elif m.group("name"):
            name = N.clean(m.group("name"))
            named = next((i for i, p in enumerate(providers) if name == p.name or name in p.alt_names), None)
            if named is not None:
                providers[named] = dataclasses.replace(providers[named], current_overall_rating=P.parse_rating(m.group("value2")))
                continue
            k = next((i for i, loc in enumerate(locations) if loc.name == name), None)
            if k is None and not any(p.name == name for p in providers):
                locations.append(Location(name=name, provider=0 if len(providers) == 1 else None))
                k = len(locations) - 1
            if k is not None:
                locations[k] = dataclasses.replace(locations[k], current_overall_rating=P.parse_rating(m.group("value2")))


def _without_service_sentences(body: str) -> str:
    """The body of a release about one core service without the sentences about that service
    (its change, "The service was also rated …", "Safe remains rated as …"): what is left
    rates the location or the provider."""
    for s in P.sentences(body):
        if prose.rates_a_service(s) or prose.sentences_about_service(s):
            body = body.replace(s, "")
    return body


def _as_the_service(body: str, location: Location) -> str:
    """The body of a release about one service with the words that name it in its lead ("Willow
    Court, a care home in Ashford, Kent,", "Oak House, run by Sunrise Living Limited,") read as
    "the service" where the lead names it (elsewhere the name stays), so that "has rated Willow Court, a care home in Ashford, Kent, as requires
    improvement" rates it as "has rated the service as requires improvement" does."""
    for words, name, _town, _provider in N.named_services(body):
        if name == location.name:
            body = re.sub(f"({N.SERVICE_LEAD_RE.pattern}){re.escape(words)}", r"\1the service", body)
    return body


#: A release's list of the core services it rated, under a lead naming them ("CQC inspected the
#: following core services:"): "● Acute wards for adults of working age – rated inadequate, down
#: from requires improvement", "… – rated good, which has not changed"; the service may close with
#: a colon and its change give the new rating ("The three core services inspected were rated as
#: follows:" / "• Community health services for adults: improved from requires improvement to good",
#: "• Urgent care: rated requires improvement, the first time this service has been rated").
_CORE_SERVICES_LEAD_RE = re.compile(r"\bcore services\b[^.\n]*:\s*$", re.I | re.M)
_LISTED_SERVICE_RE = re.compile(
    rf"^\s*[●•\-*]\s+(?P<service>[A-Z][^\n–:]{{3,120}}?)(?:\s+[–-]|(?P<colon>:))\s+(?:rated\s+(?P<value>{P.RATING_ALT})\b|"
    rf"(?:improved|went\s+down|gone\s+down|dropped|declined|went\s+up|gone\s+up)\s+from\s+(?P<old>{P.RATING_ALT})\s+to\s+"
    rf"(?P<new>{P.RATING_ALT})\b)(?P<rest>[^\n]*)$", re.I)


def _core_services_listed(body: str) -> list[tuple[Rating, RatingValue | None]]:
    """Each listed core service's overall rating (``_LISTED_SERVICE_RE``), with the rating it had
    before when the item says ("down from requires improvement", "which has not changed")."""
    lead = _CORE_SERVICES_LEAD_RE.search(body)
    if not lead:
        return []
    out: list[tuple[Rating, RatingValue | None]] = []
    for line in body[lead.end():].lstrip("\n").split("\n"):
        m = _LISTED_SERVICE_RE.match(line)
        if not m:
            break
        value = P.rating_word(m.group("value") or m.group("new"))
        was = re.search(rf"\b(?:down|up) from\s+(?P<old>{P.RATING_ALT})\b", m.group("rest"), re.I)
        same = re.search(r"\b(?:has not changed|unchanged|stayed the same)\b", m.group("rest"), re.I)
        # the earlier value is kept from the dash's items ("– rated inadequate, down from requires
        # improvement"); an item after a colon gives the service's current rating only
        before = None if m.group("colon") else P.rating_word(was.group("old")) if was else value if same else None
        out.append((Rating(KeyQuestion.OVERALL, value, service=m.group("service").strip()), before))
    return out


def _stated_totals(body: str, listed: list[Action]) -> list[Action]:
    """MUST and SHOULD actions a release counts without listing them ("has told the trust it must
    take 22 actions to comply with its legal obligations. It should also make 15 improvements"):
    that many actions of the kind, when none of it is listed."""
    out: list[Action] = []
    for word, n in P.action_totals(body).items():
        kind = ActionKind.MUST if word == "must" else ActionKind.SHOULD
        if not any(a.kind is kind for a in listed):
            out += [Action(kind)] * n
    return out


#: A release's words that its provider was never registered: "It is not registered with CQC and
#: has never been inspected or rated by CQC", "has never been registered with CQC".
_NEVER_REGISTERED_RE = re.compile(
    r"\b(?:is|was|has)\s+(?:not|never\s+been)\s+registered\s+with\s+(?:CQC|the\s+Care\s+Quality\s+Commission)\b[^.]*?"
    r"\bnever\s+been\s+(?:inspected|rated)\b|\bhas\s+never\s+been\s+(?:inspected|rated)\s+(?:or\s+rated\s+)?by\s+(?:CQC|us)\b", re.I)


def _never_registered(text: str, actions: list[Action]) -> bool:
    """Whether the release prosecutes a provider it says was never registered nor inspected."""
    return any(a.kind is ActionKind.PROSECUTION for a in actions) and bool(_NEVER_REGISTERED_RE.search(" ".join(text.split())))


def _wrapped_amounts(text: str, actions: list[Action]) -> list[Action]:
    """A sentence's amounts (fine, costs, victim surcharge) that a line break parts from the words
    naming them ("… and a victim surcharge of" / "£190."), not yet read."""
    have = {(a.kind, a.amount) for a in actions}
    out: list[Action] = []
    sentences = P.sentences(text, unwrap=True)
    for k, sentence in enumerate(sentences):
        if "£" not in sentence or prose.prosecuted_by_another_body(sentence) or k and prose.prosecuted_by_another_body(sentences[k - 1]):
            continue  # another body's prosecution: its court's sanctions are no CQC action
        for a in prose.money_actions(sentence):
            if (a.kind, a.amount) not in have:
                have.add((a.kind, a.amount))
                out.append(a)
    return out


def parse(text: str) -> DocumentRecord:
    title, published, categories = _head(text)
    providers, locations = _entities(text)
    if len(locations) >= 2:
        several = _per_location(text, locations, published, providers)
        if several:
            each, stated_actions = several
            return DocumentRecord(
                layout=LAYOUT, title=title, publication_date=published, categories=categories,
                providers=tuple(providers), locations=tuple(locations), inspections=tuple(each),
                actions=tuple(stated_actions), publisher="Care Quality Commission")
    body = text
    for s in P.sentences(text):
        cm = P.CURRENTLY_RATED_RE.search(s)
        if cm and len(locations) + len(providers) >= 1 and len(locations) <= 1:
            value = P.parse_rating(cm.group("value"))
            if locations:
                locations[0] = dataclasses.replace(locations[0], current_overall_rating=value)
            elif len(providers) == 1:
                providers[0] = dataclasses.replace(providers[0], current_overall_rating=value)
            else:
                continue
            body = body.replace(s, "")
    body = _without_counts(body, [p.name for p in providers if p.name] + [loc.name for loc in locations if loc.name])
    if len(locations) == 1:
        body = _as_the_service(body, locations[0])
    rated = body
    latest_start = _inspection_dates(text)[0] if _may_name_latest(text) else None
    if latest_start is not None and latest_start.iso in _latest_dates(text):
        # the inspection the release calls the most recent: the sentences of earlier ones rate those
        rated = _without_earlier(body, latest_start)
    else:
        latest_start = None
    ratings = prose.ratings_in(rated)
    service_ratings = list(prose.merge_ratings(prose.service_changes_in(body), prose.rated_service_at(body)))
    if len({r.service for r in service_ratings}) == 1:
        # a release about one core service: "the service was also rated …", "Safe remains rated
        # as …" rate that service, and what they say changed is the service's, not the
        # location's
        about_service = prose.service_subject_ratings(body, service_ratings[0].service)
        body = _without_service_sentences(body)
        ratings = list(prose.merge_ratings(service_ratings, about_service, prose.ratings_in(_without_service_sentences(rated))))
    ratings = list(prose.merge_ratings(ratings, [r for r, _was in _core_services_listed(body)]))
    overall_latest = next((r.value for r in ratings if r.key_question is KeyQuestion.OVERALL and r.service is None), None)
    if latest_start is not None and overall_latest is not None and len(locations) == 1 and locations[0].current_overall_rating is None:
        locations[0] = dataclasses.replace(locations[0], current_overall_rating=overall_latest)  # the most recent rating is the current one
    _current_remains(body, providers, locations)
    changes, previous_ratings = prose.changes_in(body)
    actions = prose.actions_in(body, P.instrument_for(text, P.REGULATED_ACTIVITIES_2014))
    breaches = _breaches(text, body)
    if breaches and breaches[0].regulation:
        actions = [dataclasses.replace(a, regulation=breaches[0].regulation)
                   if a.kind in (ActionKind.WARNING_NOTICE, ActionKind.WARNING_NOTICE_29A) and a.regulation is None else a
                   for a in actions]
    for lead in _MUST_LEAD_RE.finditer(text):
        if re.search(r"\bwarnings?\b", lead.group(0), re.I):
            # "issued a formal warning … telling them that they must improve in the following
            # area by 12 July 2013:": the list is what the warning concerns, not MUST actions
            continue
        for ln in text[lead.end():].split("\n"):
            b = re.match(r"^\s*[•\-*]\s+(?P<t>.+)$", ln)
            if not ln.strip():
                continue
            if not b:
                break
            actions.append(Action(ActionKind.MUST, text=b.group("t").strip()))
    actions += _stated_totals(body, actions)
    if re.search(r"\btoday\b", text) and published:
        court = next((a.court for a in actions if a.court), None)
        actions = [dataclasses.replace(a, date=published, court=a.court or court)
                   if a.kind in (ActionKind.PROSECUTION, ActionKind.FINE) else a for a in actions]
    actions += _wrapped_amounts(text, actions)
    start, end, dates_text, announced = _inspection_dates(text)
    if _never_registered(text, actions):
        # an unregistered provider prosecuted: the inspector's visit is no inspection of a
        # registered service, and it rates nothing
        start = end = dates_text = announced = None
        ratings, changes = [], []
    inspections: list[Inspection] = []
    subject_provider = 0 if providers and not locations else None
    subject_location = 0 if locations else None
    if not (providers or locations or start or dates_text or actions or breaches):
        # a release about many services at once ("care homes that we originally rated
        # Inadequate have improved their ratings") rates no one
        ratings, changes = [], []
    ratings, trust_own = _apart_from_trust(rated, providers, locations, ratings)
    if ratings or start or dates_text or changes:
        inspections.append(Inspection(
            location=subject_location, provider=subject_provider, start_date=start, end_date=end,
            dates_text=dates_text, announced=announced, ratings=tuple(ratings), changes=tuple(changes),
            visit_dates=_visit_days(text, start), publication_date=_report_published(text, start),
            actions=tuple(actions), breaches=tuple(b for b in breaches if b.period_start is None),
            special_measures=prose.special_measures(actions),
        ))
        doc_actions: tuple[Action, ...] = ()
        doc_breaches = tuple(b for b in breaches if b.period_start is not None)
    else:
        doc_actions, doc_breaches = tuple(actions), tuple(breaches)
    inspections += [Inspection(provider=0, start_date=start, end_date=end, dates_text=dates_text,
                               announced=announced, ratings=tuple(trust_own))] if trust_own else []
    earlier = prose.earlier_inspections(text, {d.iso for d in (start, end) if d and d.iso})
    if inspections and not earlier and (again := _inspected_again(text, inspections[0])):
        inspections[0], earlier = again[0], [again[1]]
    if not earlier and inspections and any(was for _r, was in _core_services_listed(body)):
        # the list says what the core services were rated before: that inspection, undated
        earlier = [Inspection(is_previous=True)]
    if earlier and inspections:
        current = inspections[0]
        prev = earlier[0]
        extra = list(previous_ratings)
        overall_now = next((r for r in current.ratings if r.key_question is KeyQuestion.OVERALL), None)
        if overall_now and any(c.key_question is KeyQuestion.OVERALL and c.change is RatingChange.STAYED_THE_SAME for c in changes):
            extra.append(Rating(KeyQuestion.OVERALL, overall_now.value))
        extra += [dataclasses.replace(r, value=was) for r, was in _core_services_listed(body) if was]
        earlier[0] = dataclasses.replace(prev, ratings=prose.merge_ratings(prev.ratings, extra),
                                         location=subject_location, provider=subject_provider)
    figures = tuple(Figure(m.group("what").strip(), float(m.group("n").replace(",", "")), m.group("q").lower(), m.group(0))
                    for m in _FIGURE_RE.finditer(text))
    return DocumentRecord(
        layout=LAYOUT, title=title, publication_date=published, categories=categories,
        providers=tuple(providers), locations=tuple(locations), inspections=(*inspections, *earlier),
        actions=doc_actions, breaches=doc_breaches, figures=figures, publisher="Care Quality Commission",
    )
