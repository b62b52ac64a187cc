"""What a rating is of, put right after every layout and the ratings pass have read a document:
a core service or population group each rated apart, and a list of them as several subjects.

- A service named as two joined ("Outpatients and diagnostic imaging", "Maternity and
  gynaecology", CQC's older names for one core service) is no service of its own when the same
  inspection rates each of the two apart: a sentence listing "surgery, outpatients and diagnostic
  imaging" names three services, not two.
- A trust's report with a ratings grid for each of several hospitals ("Ratings for Corve Dale
  Hospital" over its service rows and an "Overall*" row): each grid is that hospital's, its
  services the hospital's and its "Overall" row the hospital's own ratings, at the trust's
  inspection's start and publication. One hospital's grid alone is the hospital's too when the
  report rates the trust apart ("Overall trust quality rating") and names another of its
  hospitals; otherwise it stays with the trust's inspection, each service kept as printed.
- A report's section on one core service, headed by the service's name on a line of its own
  ("Wards for older people with mental health problems", then "We rated this service as good
  overall and good for each key question"; "Safe and well-led were rated inadequate"): the
  service's ratings, not the subject's; so too a section opening with the service's rating alone
  ("Acute wards for adults of working age and psychiatric intensive care units", then
  "Inadequate. We rated safe and well-led as inadequate, effective as requires improvement").
- A summary's bullet naming one core service in its first sentence ("Our rating of emergency and
  urgent care went down from good to requires improvement. We rated safe as inadequate, …"; "We
  rated the emergency operations centre as inadequate. Safe and well-led were inadequate, …"):
  its later sentences rating key questions alone rate that service.
- A trust's page (its "Provider ID:" line, or a provider page's layout) opening with "Overall
  rating for this trust: Requires improvement" or "Ratings" / "Overall: Good": the trust's
  current overall rating (a report's "Overall trust quality rating" is its inspection's).
- A GP practice's table of population groups as a PDF's text wraps it ("People whose
  circumstances may make them   Good" / "vulnerable"; "People experiencing poor mental health
  Good" / "(including people with dementia)"): each group by its whole name.
- A GP practice's population groups rated all alike but one ("all population groups were rated
  inadequate, with the exception of families, children and young people, which we rated as
  requires improvement"): the group named apart has its own rating.

Imports the standard library, ``cqcgraph.records`` and sibling modules; knows nothing of RDF.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from cqcgraph.extract import patterns as P
from cqcgraph.extract import prose, report
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, Location, Rating

#: The heading of one hospital's grid in a trust's report: "Ratings for Corve Dale Hospital" (not
#: "Ratings for this location", "… for the whole trust", "… for the trust's services").
_PLACE_GRID_RE = re.compile(r"^[ \t]*Ratings for (?!(?:this|the|a|an|our|its|mental|community)\b)(?P<name>[A-Z][^\n]{2,80}?)[ \t]*$", re.M)

#: A trust report's box of the trust's own ratings ("Overall trust quality rating", "Overall
#: rating for this trust"): a hospital's grid beside it is the hospital's, not the trust's.
_TRUST_RATED_RE = re.compile(r"^[ \t]*Overall (?:trust quality rating|rating for this trust)\b", re.I | re.M)
#: A hospital by its name ("Wexcombe Community Hospital", "Ashby Royal Infirmary"), not a trust's.
_HOSPITAL_NAME_RE = re.compile(r"(?P<name>(?:[A-Z][\w'’-]*[ \t]+){1,4}(?:Hospital|Infirmary))\b(?![ \t]+(?:NHS|Trust|Foundation)\b)")

#: "… with the exception of families, children and young people, which we rated as requires
#: improvement", "… except older people, which was rated good".
_GROUP_EXCEPTED_RE = re.compile(
    rf"\ball\s+(?:(?:six|the|of\s+the)\s+)?population\s+groups\s+(?:were|are|have\s+been)\s+(?:also\s+)?rated\s+(?:as\s+)?(?P<all>{P.RATING_WRAPPED_ALT})\b"
    r",?\s*(?:with\s+the\s+exception\s+of|except(?:\s+for)?|apart\s+from|other\s+than)\s+(?P<group>[^.;]{5,90}?),?\s+"
    rf"(?:which|who)\s+(?:we\s+rated|(?:was|were|is|are|has\s+been)\s+rated)\s+(?:as\s+)?(?P<value>{P.RATING_WRAPPED_ALT})\b", re.I)


def _part_key(name: str) -> str:
    """A service's or group's name as compared: letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _joined_parts(name: str) -> tuple[str, str] | None:
    """The two services a service's name joins with "and" ("Outpatients and diagnostic imaging"),
    each a core service by CQC's names; None for any other name."""
    for m in re.finditer(r"\s+and\s+", name):
        a, b = name[: m.start()].strip(), name[m.end():].strip()
        if P.CORE_SERVICE_RE.fullmatch(a) and P.CORE_SERVICE_RE.fullmatch(b):
            return a, b
    return None


def _services_apart(i: Inspection) -> Inspection:
    """``i`` without the ratings of a service named as two joined when it rates each of the two."""
    rated = {_part_key(r.service) for r in i.ratings if r.service}
    kept = []
    for r in i.ratings:
        parts = _joined_parts(r.service) if r.service and " and " in r.service else None
        if parts and all(_part_key(p) in rated for p in parts):
            continue
        kept.append(r)
    return i if len(kept) == len(i.ratings) else dataclasses.replace(i, ratings=tuple(kept))


def excepted_groups(text: str) -> list[Rating]:
    """The population group a text rates apart from all the others (``_GROUP_EXCEPTED_RE``), by
    CQC's name for it; the others, not named, are left unrated.

    >>> [(r.population_group, r.value.value) for r in excepted_groups(
    ...     "Because of this, all population groups were rated inadequate, with the exception of "
    ...     "families, children and young people, which we rated as requires improvement.")]
    [('Families, children and young people', 'requires-improvement')]
    """
    if "population groups" not in text:  # the cheap gate: no sentence of the kind without it
        return []
    out: list[Rating] = []
    for m in _GROUP_EXCEPTED_RE.finditer(" ".join(text.split())):
        named = [name for name, rx in zip(P.POPULATION_GROUP_NAMES, P._GROUP_NAMED_RES, strict=True) if rx.search(m.group("group"))]
        value = P.parse_rating(m.group("value"))
        if len(named) == 1 and value:
            out.append(Rating(KeyQuestion.OVERALL, value, population_group=named[0]))
    return out


#: A row of a table of groups as a PDF's text prints it, its name wrapped onto the next line: the
#: name, two spaces or more, a rating (or "Requires" with "improvement" below it).
_ROW_START_RE = re.compile(r"^\s*(?P<name>[A-Z][\w,' -]{6,80}?)\s{2,}(?P<cell>Outstanding|Good|Requires(?:\s+improvement)?|Inadequate)\s*$")
_ROW_MORE_RE = re.compile(r"^\s*(?P<more>[a-z(][\w,'() -]{2,80}?)(?:\s{2,}(?P<cell>improvement))?\s*$")


#: What a section's sentence rates when it rates its service: "it", "this service", "the
#: service", or key questions opening it ("Safe and well-led were rated inadequate").
_RATES_ITS_SERVICE_RE = re.compile(
    rf"^(?:We\s+rated\s+(?:it|this\s+service|the\s+service|(?:{P.KQ_LIST})\s+as)\b|(?:It|This\s+service|The\s+service)\s+(?:was|is|has\s+been)\s+(?:also\s+)?rated\b"
    rf"|(?:The\s+)?(?:{P.KQ_LIST})\s+(?:were|was|are|is)\s+(?:also\s+|now\s+)?rated\b)", re.I)
#: The service rated with the verb "rated" left out: "The service was good for safe, caring,
#: responsive and well-led and requires improvement for effective", "It is outstanding for caring".
_WAS_VALUE_FOR_RE = re.compile(
    rf"^(?P<subject>It|This\s+service|The\s+service)\s+(?P<verb>was|is)\s+(?=(?:{P.RATING_WRAPPED_ALT})\s+for\s+(?:being\s+)?(?:{P.KQ_ALT})\b)", re.I)
#: A section opening with its service's overall rating alone, as a trust's summary of its
#: services prints it: "Inadequate. We rated safe and well-led as inadequate, …".
_BARE_RATING_RE = re.compile(rf"^(?P<value>{P.RATING_WRAPPED_ALT})\.$", re.I)
#: A sentence about something else than the section's service: the trust, a hospital, an earlier
#: inspection, another body.
_ABOUT_OTHER_RE = re.compile(r"\b(?:trust|hospital|previous(?:ly)?|last|earlier|will|would|could|may)\b", re.I)


def service_sections(text: str) -> list[Rating]:
    """The ratings of each core service whose section is headed by its name alone on a line, from
    the section's sentences that rate it (``_RATES_ITS_SERVICE_RE``).

    >>> [(r.service, r.key_question.value, r.value.value) for r in service_sections(
    ...     "\\nSurgery\\n\\nWe rated it as good. Safe was rated requires improvement.\\n")]
    [('Surgery', 'overall', 'good'), ('Surgery', 'safe', 'requires-improvement')]
    """
    lines = text.split("\n")
    out: list[Rating] = []
    k = 0
    while k < len(lines):
        head = lines[k].strip()
        m = P.CORE_SERVICE_RE.fullmatch(head) or P.CORE_SERVICE_RE.fullmatch(re.sub(r"\s+services?$", "", head))
        k += 1
        if not m or (k > 1 and lines[k - 2].strip()):
            continue  # a heading stands after a blank line
        service = head[:1].upper() + head[1:]
        body: list[str] = []
        while k < len(lines) and not (body and not lines[k].strip() and k + 1 < len(lines)
                                      and P.CORE_SERVICE_RE.fullmatch(lines[k + 1].strip())):
            if lines[k].strip() and len(lines[k].strip()) < 60 and not re.search(r"[.,;:]$", lines[k].strip()) and body \
                    and not lines[k - 1].strip():
                break  # the next heading
            body.append(lines[k])
            k += 1
        said: list[Rating] = []
        for n, sentence in enumerate(P.sentences("\n".join(body), unwrap=True)):
            if n == 0 and (bare := _BARE_RATING_RE.match(sentence.strip())):
                said.append(Rating(KeyQuestion.OVERALL, P.rating_word(bare.group("value")), service=service))
                continue
            sentence = _WAS_VALUE_FOR_RE.sub(r"\g<subject> \g<verb> rated ", sentence, count=1)
            if not _RATES_ITS_SERVICE_RE.match(sentence) or _ABOUT_OTHER_RE.search(sentence) \
                    or len(P.CORE_SERVICE_RE.findall(sentence)) or P.parse_rating(sentence) is None:
                continue
            for clause in re.split(r";\s*", sentence):
                said += [dataclasses.replace(r, service=service) for r in prose.ratings_in_sentence(clause)
                         if not r.carried_over and r.service is None and r.population_group is None]
        out += prose.merge_ratings(said)
    return out


def _with_service_sections(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the ratings of its core services' sections (``service_sections``) on the
    one current inspection, the keys it lacks (a service it rates otherwise keeps its reading)."""
    return _with_core_service_ratings(record, text, service_sections)


def _current_inspections(record: DocumentRecord) -> list[int]:
    """The current inspections of ``record``; of a trust's own inspection beside one of its
    hospital, the hospital's alone, since core services are run at a place."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous]
    if len(current) > 1:
        places = [k for k in current if record.inspections[k].location is not None]
        if len(places) == 1 and all(record.inspections[k].provider is not None for k in current if k not in places):
            return places
    return current


def _with_core_service_ratings(record: DocumentRecord, text: str,
                               read: Callable[[str], list[Rating]]) -> DocumentRecord:
    """``record`` with the core services' ratings ``read(text)`` gives on the one current
    inspection, the keys it lacks; read only when the text names a core service."""
    current = _current_inspections(record)
    if len(current) != 1 or not P.CORE_SERVICE_RE.search(text):  # the cheap gate
        return record
    found = read(text)
    if not found:
        return record
    k = current[0]
    i = record.inspections[k]
    held = {(r.key_question, _part_key(r.service or "")) for r in i.ratings if r.service}
    fresh = tuple(r for r in found if (r.key_question, _part_key(r.service or "")) not in held)
    if not fresh:
        return record
    inspections = list(record.inspections)
    inspections[k] = dataclasses.replace(i, ratings=(*i.ratings, *fresh))
    return dataclasses.replace(record, inspections=tuple(inspections))


#: A bullet of a trust's summary: its mark and its text, up to the next bullet or blank line.
_BULLET_RE = re.compile(r"^[ \t]*[•●▪‣\uf0b7][ \t]*(?P<body>[^\n]+(?:\n(?![ \t]*[•●▪‣\uf0b7])[ \t]*\S[^\n]*)*)", re.M)
#: Key questions rated with the verb "rated" left out: "Safe and well-led were inadequate,
#: responsive was requires improvement, caring was good".
_KQS_WERE_RE = re.compile(rf"(?:^|,\s*(?:and\s+)?|\band\s+)(?P<kqs>{P.KQ_LIST})\s+(?:were|was)\s+(?:rated\s+)?(?:as\s+)?(?P<value>{P.RATING_WRAPPED_ALT})\b", re.I)
#: A bullet's sentence rating key questions without naming what: "We rated safe as inadequate, …",
#: "Safe and well-led were inadequate, …".
_KQS_RATED_RE = re.compile(rf"^(?:We\s+rated\s+(?:{P.KQ_LIST})\s+as\b|(?:{P.KQ_LIST})\s+(?:were|was)\b)", re.I)


def service_bullets(text: str) -> list[Rating]:
    """The key questions of a core service a summary's bullet names in its first sentence ("Our
    rating of emergency and urgent care went down from good to requires improvement. We rated
    safe as inadequate, …", "We rated the emergency operations centre as inadequate. Safe and
    well-led were inadequate, …"): its later sentences rating key questions alone rate that
    service.

    >>> [(r.service, r.key_question.value, r.value.value) for r in service_bullets(
    ...     "• We rated surgery as good. Safe was requires improvement, caring was outstanding.\\n")]
    [('Surgery', 'safe', 'requires-improvement'), ('Surgery', 'caring', 'outstanding')]
    """
    if "•" not in text and "●" not in text and "▪" not in text and "\uf0b7" not in text:  # the cheap gate
        return []
    out: list[Rating] = []
    for bullet in _BULLET_RE.finditer(text):
        said = P.sentences(" ".join(bullet.group("body").split()))
        if len(said) < 2:
            continue
        named = {_part_key(m.group(0)): m.group(0) for m in P.CORE_SERVICE_RE.finditer(said[0])}
        if len(named) != 1 or P.parse_rating(said[0]) is None or _ABOUT_OTHER_RE.search(said[0]):
            continue
        raw = " ".join(next(iter(named.values())).split())
        service = raw[:1].upper() + raw[1:]
        rated: list[Rating] = []
        for sentence in said[1:]:
            if not _KQS_RATED_RE.match(sentence) or _ABOUT_OTHER_RE.search(sentence) or P.CORE_SERVICE_RE.search(sentence):
                continue
            found = [r for r in prose.ratings_in_sentence(sentence) if r.service is None and r.population_group is None
                     and not r.carried_over and r.key_question is not KeyQuestion.OVERALL]
            if not found:
                found = [Rating(kq, P.rating_word(m.group("value")))
                         for m in _KQS_WERE_RE.finditer(sentence)
                         for kq in P.key_questions_in(m.group("kqs"))]
            rated += [dataclasses.replace(r, service=service) for r in found]
        out += prose.merge_ratings(rated)
    return out


def _with_service_bullets(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the key questions of the core services its summary's bullets rate
    (``service_bullets``) on the one current inspection, the keys it lacks."""
    return _with_core_service_ratings(record, text, service_bullets)


#: The current overall rating at the head of a trust's page.
_TRUST_PAGE_OVERALL_RE = re.compile(
    rf"^[ \t]*(?:Overall\s+rating\s+for\s+this\s+(?:trust|provider)|Overall(?:\s+rating)?)[ \t]*:[ \t]*(?P<value>{P.RATING_ALT})[ \t]*$", re.I | re.M)
_PROVIDER_ID_RE = re.compile(r"^[ \t]*Provider ID:", re.M)


def _with_trust_page_rating(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the current overall rating a trust's page states at its head given to the
    one provider, the subject of its inspections, when it has none."""
    if len(record.providers) != 1 or record.providers[0].current_overall_rating is not None:
        return record
    if record.layout != "provider-page" and not _PROVIDER_ID_RE.search(text[:2000]):
        return record
    if any(i.location is not None for i in record.inspections) or not any(i.provider == 0 for i in record.inspections):
        return record  # a location's page, or a provider read as no inspection's subject
    m = _TRUST_PAGE_OVERALL_RE.search(text[:2000])
    value = P.parse_rating(m.group("value")) if m else None
    if value is None:
        return record
    return dataclasses.replace(record, providers=(dataclasses.replace(record.providers[0], current_overall_rating=value),))


def wrapped_group_rows(text: str) -> list[Rating]:
    """The population groups of a table whose names a PDF's text wraps onto the next line, by
    their whole names.

    >>> [(r.population_group, r.value.value) for r in wrapped_group_rows(
    ...     "People whose circumstances may make them     Good\\nvulnerable\\n")]
    [('People whose circumstances may make them vulnerable', 'good')]
    """
    if "people" not in text and "People" not in text:  # the cheap gate
        return []
    lines = text.split("\n")
    rows: list[str] = []
    for k, line in enumerate(lines[:-1]):
        if not (start := _ROW_START_RE.match(line)):
            continue
        if not (more := _ROW_MORE_RE.match(lines[k + 1])):
            continue
        cell = f"{start.group('cell')} {more.group('cell') or ''}".strip()
        rows.append(f"{start.group('name')} {more.group('more').strip()}  {cell}")
    if not rows:
        return []
    return [Rating(KeyQuestion.OVERALL, value, population_group=group)
            for group, value in P.population_group_ratings("\n".join(rows))]


def _with_wrapped_groups(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the groups of a wrapped table (``wrapped_group_rows``) on the one current
    inspection of the one location: a group read by the first line of its name alone takes its
    whole name, one not read is added."""
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous and i.location is not None]
    found = wrapped_group_rows(text) if len(current) == 1 and len(record.locations) == 1 else []
    if not found:
        return record
    k = current[0]
    ratings = list(record.inspections[k].ratings)
    for r in found:
        whole = _part_key(r.population_group or "")
        held = [n for n, x in enumerate(ratings) if x.population_group and x.key_question is KeyQuestion.OVERALL
                and whole.startswith(_part_key(x.population_group))]
        if held and ratings[held[0]].value is r.value:
            ratings[held[0]] = dataclasses.replace(ratings[held[0]], population_group=r.population_group)
        elif not held:
            ratings.append(r)
    inspections = list(record.inspections)
    inspections[k] = dataclasses.replace(inspections[k], ratings=tuple(ratings))
    return dataclasses.replace(record, inspections=tuple(inspections))


def _with_excepted_groups(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with the groups rated apart (``excepted_groups``) given to the one current
    inspection of the one location, when it does not rate them already."""
    found = excepted_groups(text)
    current = [k for k, i in enumerate(record.inspections) if not i.is_previous and i.location is not None]
    if not found or len(current) != 1 or len(record.locations) != 1:
        return record
    k = current[0]
    i = record.inspections[k]
    held = {_part_key(r.population_group) for r in i.ratings if r.population_group}
    fresh = tuple(r for r in found if _part_key(r.population_group or "") not in held)
    if not fresh:
        return record
    inspections = list(record.inspections)
    inspections[k] = dataclasses.replace(i, ratings=(*i.ratings, *fresh))
    return dataclasses.replace(record, inspections=tuple(inspections))


def _place_grids(text: str) -> list[tuple[str, list[Rating]]]:
    """(hospital, ratings of its grid) for each "Ratings for <hospital>" heading over a grid, when
    two hospitals or more have one; the "Overall*" row's ratings have no service."""
    if "Ratings for " not in text:  # the cheap gate
        return []
    heads = list(_PLACE_GRID_RE.finditer(text))
    out: list[tuple[str, list[Rating]]] = []
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else min(len(text), head.end() + 4000)
        section = text[head.end():end].lstrip("\n")  # the grid's header its first line, as its columns are counted
        rows = report._aligned_grid(section) or report._flat_tables(section, keep_overall_row=True)
        rows = [dataclasses.replace(r, service=None) if (r.service or "").rstrip("*").lower() == "overall" else r for r in rows]
        if rows:
            out.append((head.group("name").strip(), rows))
    places = {_part_key(name) for name, _rows in out}
    return out if len(places) >= 2 or len(places) == 1 and _one_of_several(text, places.pop()) else []


def _one_of_several(text: str, place: str) -> bool:
    """Whether a trust's report with one hospital's grid is of one of the trust's several
    hospitals: it rates the trust apart ("Overall trust quality rating") and names another
    hospital ("We did not inspect Wexcombe Community Hospital at this inspection")."""
    return bool(_TRUST_RATED_RE.search(text)) and any(
        _part_key(m.group("name")) != place for m in _HOSPITAL_NAME_RE.finditer(text))


def _with_place_grids(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with each hospital's grid (``_place_grids``) moved from the trust's current
    inspection to the hospital's own inspection."""
    hosts = [k for k, i in enumerate(record.inspections)
             if not i.is_previous and i.location is None and i.provider is not None and any(r.service for r in i.ratings)]
    grids = _place_grids(text) if len(hosts) == 1 else []
    if not grids:
        return record
    k = hosts[0]
    host = record.inspections[k]
    locations, inspections = list(record.locations), list(record.inspections)
    moved: set[tuple[KeyQuestion, str, str]] = set()
    for name, rows in grids:
        at = next((n for n, loc in enumerate(locations)
                   if any(_part_key(x) == _part_key(name) for x in (loc.name, *loc.alt_names) if x)), None)
        if at is None:
            locations.append(Location(name=name, provider=host.provider))
            at = len(locations) - 1
        own = next((j for j, i in enumerate(inspections) if i.location == at and not i.is_previous), None)
        if own is None:
            inspections.append(Inspection(location=at, start_date=host.start_date, publication_date=host.publication_date))
            own = len(inspections) - 1
        have = {(r.key_question, _part_key(r.service or "")) for r in inspections[own].ratings}
        fresh = tuple(r for r in rows if (r.key_question, _part_key(r.service or "")) not in have)
        inspections[own] = dataclasses.replace(inspections[own], ratings=(*inspections[own].ratings, *fresh))
        moved |= {(r.key_question, _part_key(r.service), r.value.value) for r in rows if r.service}
    inspections[k] = dataclasses.replace(host, ratings=tuple(
        r for r in host.ratings if not (r.service and ((r.key_question, _part_key(r.service), r.value.value) in moved
                                                       or _part_key(r.service) == "overall"))))
    return dataclasses.replace(record, locations=tuple(locations), inspections=tuple(inspections))


#: A core service's rating kept from an earlier inspection, in a sentence saying so: "Their
#: ratings from our previous comprehensive inspection in November 2018 remain in place; for
#: example forensic inpatient or secure wards remains rated outstanding".
_KEPT_FROM_RE = re.compile(r"\bratings?\b[^.;]{0,60}?\b(?:from|at)\s+(?:our|the)\s+(?:previous|last|earlier)\b[^.;]{0,60}?\binspection\b"
                           r"[^.;]{0,40}?\bremains?\s+in\s+place\b", re.I)
_SERVICE_REMAINS_RE = re.compile(
    rf"\b(?P<service>{P.CORE_SERVICE_RE.pattern})(?:\s+services?)?\s+(?:remains|remain|is\s+still)\s+rated\s+(?:as\s+)?(?P<value>{P.RATING_WRAPPED_ALT})\b", re.I)


def _with_services_kept(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with each core service a sentence says keeps its earlier rating ("Their
    ratings from our previous comprehensive inspection in November 2018 remain in place; for
    example forensic inpatient or secure wards remains rated outstanding"): carried over onto
    the one current inspection, and on the earlier inspection of the date the sentence gives,
    the service's (not the subject's own overall rating)."""
    low = text.lower()
    current = _current_inspections(record)
    if "in place" not in low or "remain" not in low or len(current) != 1:  # the cheap gate
        return record
    inspections = list(record.inspections)
    for sentence in P.sentences(P.unwrapped(text)):
        kept = _KEPT_FROM_RE.search(sentence)
        if not kept or re.search(r"\b(?:will|would|could|may)\b", sentence, re.I):
            continue
        named = [(m.group("service"), P.rating_word(m.group("value"))) for m in _SERVICE_REMAINS_RE.finditer(sentence, kept.end())]
        if not named:
            continue
        days = {d.iso for d, _end, _m in P.iter_dates(sentence) if d.iso}
        only_services = len(P.RATING_RE.findall(sentence)) == len(named)
        for raw, value in named:
            service = " ".join(raw.split())
            service = service[:1].upper() + service[1:]
            for k, i in enumerate(inspections):
                when = i.start_date.iso if i.start_date else None
                if not (k == current[0] or (i.is_previous and when in days)):
                    continue
                if any(r.service and _part_key(r.service) == _part_key(service) and r.key_question is KeyQuestion.OVERALL for r in i.ratings):
                    continue
                ratings = i.ratings
                if i.is_previous and only_services:
                    # the sentence's one rating read as the earlier inspection's own is the service's
                    ratings = tuple(r for r in ratings if not (r.key_question is KeyQuestion.OVERALL and r.service is None
                                                               and r.population_group is None and r.value is value))
                rated = Rating(KeyQuestion.OVERALL, value, service=service, carried_over=k == current[0])
                inspections[k] = dataclasses.replace(i, ratings=(*ratings, rated))
    return dataclasses.replace(record, inspections=tuple(inspections))


def with_rating_subjects(record: DocumentRecord, text: str) -> DocumentRecord:
    """``record`` with each rating on the service or group it is of (see the module's list).

    >>> from cqcgraph.records import RatingValue
    >>> good = RatingValue.GOOD
    >>> i = Inspection(ratings=(Rating(KeyQuestion.OVERALL, good, service="Outpatients"),
    ...     Rating(KeyQuestion.OVERALL, good, service="Diagnostic imaging"),
    ...     Rating(KeyQuestion.OVERALL, good, service="Outpatients and diagnostic imaging")))
    >>> [r.service for r in with_rating_subjects(DocumentRecord("generic", inspections=(i,)), "").inspections[0].ratings]
    ['Outpatients', 'Diagnostic imaging']
    """
    if not record.inspections:
        return record
    inspections = tuple(_services_apart(i) for i in record.inspections)
    if inspections != record.inspections:
        record = dataclasses.replace(record, inspections=inspections)
    record = _with_service_bullets(_with_service_sections(_with_place_grids(_with_trust_page_rating(record, text), text), text), text)
    return _with_services_kept(_with_excepted_groups(_with_wrapped_groups(record, text), text), text)


__all__ = ["excepted_groups", "service_bullets", "service_sections", "with_rating_subjects", "wrapped_group_rows"]
