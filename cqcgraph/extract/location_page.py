"""Location web page with its inspection history ("Provided and run by:", "All Inspections",
dated entries "During a routine inspection"). Imports the standard library, ``cqcgraph.records`` and sibling modules.
"""

from __future__ import annotations

import dataclasses
import re

from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.extract import history_table, latest_box, profile, prose, summary_page, timeline
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, Location, PartialDate, Provider, Rating

LAYOUT = "location-page"


def detect(text: str) -> bool:
    """A location page: its inspection history, or a profile page whose header box states its
    latest inspection (``latest_box.FEATURES``: the labelled latest inspection, the profile
    header's "Provided and run by" or CQC ID line, and one more of the box's features).

    >>> detect("Oak Lodge\\nProvided and run by: Oak Care Ltd\\n\\nLatest inspection: 3 May 2019\\nReport published: 1 July 2019\\n")
    True
    >>> detect("Oak Lodge\\nLatest inspection: 3 May 2019\\nReport published: 1 July 2019\\n")
    False
    """
    if timeline.has_timeline(text) and "Report from" not in text[:3000]:
        return True
    return _profile_with_latest_box(text)


def _profile_with_latest_box(text: str) -> bool:
    """A profile page whose header box states its latest inspection, and which is no summary
    page ("Latest inspection summary", "Overall summary & rating" are the summary page's) nor a
    provider's page (its ID line, its registered office or headquarters over the same box)."""
    found = set(latest_box.FEATURES_HEADER) & set(shown := latest_box.features(text))
    if not ("labelled latest inspection" in shown and found and len(shown) >= 3):
        return False
    if summary_page.detect_provider(text):
        return False
    head = text[:4000]
    return not any(p.search(head) for _f, p in summary_page.HEADING_FEATURES)


def _resources_report(body: str, providers: tuple[Provider, ...],
                      inspections: list[Inspection]) -> tuple[tuple[Provider, ...], list[Inspection]]:
    """A trust page's use of resources report ("On 18 December 2019, we published a report on how
    well … uses its resources"): a publication of the provider's, on that day, and the trust's name
    as the sentence writes it, when it is the header's with one word's plural "s" dropped."""
    m = P.RESOURCES_REPORT_RE.search(body)
    published = P.parse_date(m.group("date")) if m else None
    if not (m and published):
        return providers, inspections
    trust = providers[0]
    name = m.group("name").strip()
    if trust.name and N.same_but_plural(trust.name, name) and name not in trust.alt_names:
        providers = (dataclasses.replace(trust, alt_names=(*trust.alt_names, name)), *providers[1:])
    return providers, [*inspections, Inspection(provider=0, publication_date=published)]


#: "<provider> - <service> is operated by <provider>" (a hyphen or an en dash between the two),
#: opening a history entry's text.
_NAME_DASH_RE = re.compile(r"[ \t]+[-–][ \t]+")
_DASHED_OPERATED_BY_RE = re.compile(
    r"(?:^|(?<=[.!?][ \t]))(?P<name>[A-Z][^\n.]{2,80}?[ \t][-–][ \t][A-Z][^\n.]{2,80}?)[ \t]+is[ \t]+(?:operated|run|provided)[ \t]+by[ \t]+"
    r"(?P<provider>[A-Z][^\n.,;()]{2,80}?)(?=[ \t]*[.,;(]|[ \t]+(?:and|which|who)\b)", re.M)


def _renamed_in_history(body: str, providers: tuple[Provider, ...],
                        locations: tuple[Location, ...]) -> tuple[tuple[Provider, ...], tuple[Location, ...]]:
    """The names a history entry gives the page's service and its provider before a change of
    name: under the header's "Northgate Imaging Ltd - The Riverside Clinic Leeds", run
    by Northgate Imaging Ltd, an entry's "Eastfield Scanning Ltd - The Riverside Clinic
    Leeds is operated by Eastfield Scanning Ltd" names the same service (the part after the
    dash is the same) and its provider as they were then; the part after the dash is the
    service's short name when a sentence opens with it ("The Riverside Clinic Leeds also provides …")."""
    named = _DASHED_OPERATED_BY_RE.search(body)
    if not (named and len(locations) == 1 and len(providers) == 1 and locations[0].name):
        return providers, locations
    location, provider = locations[0], providers[0]
    old_name, old_provider = named.group("name"), named.group("provider")
    own, told = _NAME_DASH_RE.split(location.name or "", maxsplit=1), _NAME_DASH_RE.split(old_name, maxsplit=1)
    if len(own) != 2 or len(told) != 2 or own[1] != told[1] or old_name == location.name:
        return providers, locations
    short = own[1] if re.search(rf"(?:^|[.!?]\s+){re.escape(own[1])}\s+[a-z]", body, re.M) else None
    alt = tuple(dict.fromkeys(n for n in (*location.alt_names, old_name, short) if n))
    location = dataclasses.replace(location, alt_names=alt)
    if old_provider != provider.name and old_provider not in provider.alt_names:
        provider = dataclasses.replace(provider, alt_names=(*provider.alt_names, old_provider))
    return (provider, *providers[1:]), (location,)


#: The box at the top of a location page: "Latest inspection: 11 July 2022", "Overall rating:
#: Good", then "Ratings" and a key question per line ("Safe              Good").
_LATEST_BOX_RE = re.compile(r"^\s*Latest inspection:\s*(?P<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s*$", re.M)
_BOX_OVERALL_RE = re.compile(rf"^\s*Overall rating:\s*(?P<value>{P.RATING_ALT})\s*$", re.I | re.M)


#: A box's table of two columns, the latest ratings and those before them: "Latest rating
#: Previously" over rows "Safe   Good   Requires improvement".
_LATEST_PREVIOUS_HEAD_RE = re.compile(r"^[ \t]*Latest(?: rating)?[ \t]{2,}Previous(?:ly| rating)?[ \t]*$", re.I | re.M)
_TWO_RATINGS_ROW_RE = re.compile(
    rf"^[ \t]*(?P<kq>{P.KQ_ALT})[ \t]{{2,}}(?P<now>{P.RATING_ALT})[ \t]{{2,}}(?P<before>{P.RATING_ALT})[ \t]*$", re.I | re.M)


def _latest_and_previous(box: str, day: PartialDate | None, inspections: list[Inspection]) -> list[Inspection]:
    """The box's two columns of ratings: the latest to the inspection of the box's day, those
    before to the inspection before it (the latest of the earlier ones the page dates)."""
    rows = [(kq, P.rating_word(m.group("now")), P.rating_word(m.group("before")))
            for m in _TWO_RATINGS_ROW_RE.finditer(box) if (kq := P.key_question(m.group("kq")))]
    if not rows or day is None:
        return inspections
    out = list(inspections)
    now = next((k for k, i in enumerate(out) if i.start_date and i.start_date.iso == day.iso and not i.is_previous), None)
    if now is None:
        return inspections
    out[now] = dataclasses.replace(out[now], ratings=prose.merge_ratings([Rating(kq, v) for kq, v, _b in rows], out[now].ratings))
    earlier = [(k, i) for k, i in enumerate(out) if k != now and i.start_date and i.start_date.iso and i.start_date.iso < (day.iso or "")]
    if earlier:
        k, before = max(earlier, key=lambda pair: (pair[1].start_date.iso if pair[1].start_date else None) or "")
        out[k] = dataclasses.replace(before, ratings=prose.merge_ratings(before.ratings, [Rating(kq, b) for kq, _v, b in rows]))
    return out


def _latest_box(text: str, locations: tuple[Location, ...],
                inspections: list[Inspection]) -> tuple[tuple[Location, ...], list[Inspection]]:
    """The location's current overall rating and the key question ratings the page's top box
    gives its latest inspection (``_LATEST_BOX_RE``), given to the history entry of that date."""
    m = _LATEST_BOX_RE.search(text[:3000])
    if not m:
        return locations, inspections
    box = text[m.end():m.end() + 600].split("\n\n\n")[0]
    box = box.split("Inspection history")[0]
    overall = _BOX_OVERALL_RE.search(box)
    if overall and len(locations) == 1 and locations[0].current_overall_rating is None:
        locations = (dataclasses.replace(locations[0], current_overall_rating=P.rating_word(overall.group("value"))),)
    lines = [ln.strip() for ln in box.split("\n") if ln.strip()]
    rated = [pair for k in range(len(lines)) if (pair := P.kq_rating_at(lines, k)) and pair[2] == 1]
    day = P.parse_date(m.group("date"))
    if _LATEST_PREVIOUS_HEAD_RE.search(box):
        return locations, _latest_and_previous(box, day, inspections)
    out = []
    for i in inspections:
        if day and i.start_date and i.start_date.iso == day.iso and not i.is_previous:
            extra = [Rating(kq, value) for kq, value, _used in rated]
            if overall:
                extra.append(Rating(KeyQuestion.OVERALL, P.rating_word(overall.group("value"))))
            i = dataclasses.replace(i, ratings=prose.merge_ratings(i.ratings, extra))
        out.append(i)
    return locations, out


def parse(text: str) -> DocumentRecord:
    header = profile.parse_header(text)
    providers, locations = header.records()
    inspections = timeline.with_stated_publication(text, timeline.inspections(text[header.end:], 0 if locations else None))
    if not inspections and _profile_with_latest_box(text):
        inspections = latest_box.inspections(text, 0 if locations else None)
        overall = next((r.value for r in inspections[0].ratings if r.key_question is KeyQuestion.OVERALL
                        and not r.service), None) if inspections else None
        if overall and len(locations) == 1 and locations[0].current_overall_rating is None:
            # the box's overall rating is the location's current one
            locations = (dataclasses.replace(locations[0], current_overall_rating=overall),)
    if header.is_provider and providers:
        # a provider's page: its history entries are the provider's ("This is an organisation that runs …")
        inspections = [dataclasses.replace(i, provider=0) if i.location is None and i.provider is None else i
                       for i in inspections]
        providers, inspections = _resources_report(text[header.end:], providers, inspections)
    # the table of past inspections under "Inspection history"
    inspections = history_table.with_history_rows(list(inspections), text[header.end:], 0 if locations else None)
    providers, locations = _renamed_in_history(text[header.end:], providers, locations)
    locations, inspections = _latest_box(text, locations, list(inspections))
    notes = () if header.found else ("no profile header; history entries only",)
    return DocumentRecord(layout=LAYOUT, providers=providers, locations=locations,
                          inspections=tuple(inspections),
                          breaches=prose.earlier_breaches(text[header.end:], inspections),
                          actions=prose.earlier_actions(text[header.end:], inspections), notes=notes)
