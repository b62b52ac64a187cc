"""Reading facts from the text of one CQC document.

``extract(text)`` detects the layout from the content, picks one parser from ``LAYOUTS`` (a
registry of ``(name, detector, parser)``, tried in order) and returns a ``DocumentRecord``. A text
that no layout claims is read by the shared patterns alone (``layout="generic"``,
``fell_back=True``). A text that is neither a CQC publication nor attributes its findings to
CQC gives no facts (``layout="not-cqc"``, the reason in its notes; see ``context``). Imports the standard library and ``cqcgraph.records`` only (through the
modules of this package); knows nothing of RDF, storage or the web.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable, TypeVar

from cqcgraph.extract import (
    api_json,
    assessment,
    columns,
    compliance,
    context,
    dated,
    fragment,
    generic,
    joint_inspection,
    letter,
    location_page,
    names,
    press_list,
    press_release,
    rating_history,
    rating_subjects,
    ratings,
    report,
    required,
    scores,
    standards_report,
    subjects_merge,
    summary_page,
    visit_days,
)
from cqcgraph.records import DocumentRecord, Location, Provider

Detector = Callable[[str], bool]
Parser = Callable[[str], DocumentRecord]

#: The layout name of a text that is not a CQC publication and attributes nothing to CQC: it
#: gives no facts, and its one note says why.
NOT_CQC_LAYOUT = "not-cqc"

#: The layouts, most specific first. The first whose detector accepts the text reads it.
LAYOUTS: list[tuple[str, Detector, Parser]] = [
    (api_json.LAYOUT, api_json.detect, api_json.parse),
    (report.LAYOUT, report.detect, report.parse),
    (assessment.LAYOUT, assessment.detect, assessment.parse),
    (location_page.LAYOUT, location_page.detect, location_page.parse),
    (summary_page.PROVIDER_LAYOUT, summary_page.detect_provider, summary_page.parse_provider),
    (joint_inspection.LAYOUT, joint_inspection.detect, joint_inspection.parse),
    (letter.LAYOUT, letter.detect, letter.parse),
    (summary_page.LAYOUT, summary_page.detect, summary_page.parse),
    (standards_report.LAYOUT, standards_report.detect, standards_report.parse),
    (compliance.LAYOUT, compliance.detect, compliance.parse),
    (press_list.LAYOUT, press_list.detect, press_list.parse),
    (press_release.LAYOUT, press_release.detect, press_release.parse),
    (fragment.LAYOUT, fragment.detect, fragment.parse),
]


def detect_layout(text: str) -> str:
    """Name of the layout that would read ``text`` ("generic" when none claims it)."""
    for name, detector, _parser in LAYOUTS:
        if detector(text):
            return name
    return generic.LAYOUT


def extract(text: str, *, source_url: str | None = None, title: str | None = None) -> DocumentRecord:
    """Facts stated by one document's text (``title``: the page's title, as an HTML page states
    it apart from its text).

    >>> extract("2 September 2013\\nDuring a routine inspection\\nWe saw care.").inspections[0].start_date.iso
    '2013-09-02'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    reason = context.not_cqc_reason(text, source_url)
    if reason:
        return DocumentRecord(layout=NOT_CQC_LAYOUT, source_url=source_url, notes=(reason,))
    # a front page copied in two columns (name and address, and beside them the dates) read column by column
    text = columns.unfold_front_columns(text)
    for _name, detector, parser in LAYOUTS:
        if detector(text):
            record = parser(text)
            break
    else:
        record = generic.parse(text)
    if record.layout != assessment.LAYOUT and record.inspections:
        # an assessment read by another layout (a report, a location page) keeps its scores
        found = scores.with_scores_found(list(record.inspections), text, None)
        record = dataclasses.replace(record, inspections=tuple(found))
    # the closing tables of regulations not met state notices, enforcement and breaches whatever
    # the layout that read the rest
    record = required.with_required_found(record, text)
    # a date whose label gives its role ("Date of inspection visit:", "Date of publication:")
    record = dated.with_labelled_dates(record, text)
    # the days on site a text says apart from the inspection's span (a trust's parts, an office visited)
    record = visit_days.with_visit_days(record, text)
    # a page of CQC's own site read by no CQC layout (guidance, a ratings explainer): why it is no publication
    site_reason = context.not_cqc_reason(text) if record.fell_back else None
    site_page = bool(site_reason) and not record.has_facts
    if record.layout not in _NAMED_BY_THEIR_LAYOUT and not site_page:
        # a page of CQC's site stating no finding gets no subject from its labels or title
        record = subjects_merge.with_stated_subjects(record, text, title=title)
    if record.layout not in _NAMED_BY_THEIR_LAYOUT:
        # ratings stated in any layout, added where the layout's own reading missed them
        record = ratings.with_ratings_found(record, text)
        # the current rating a page states, an earlier inspection's ratings, changes stated in prose
        record = rating_history.with_rating_history(record, text)
        # the percentages of key questions whose ratings were read only now
        record = dataclasses.replace(record, inspections=tuple(scores.with_percents_on_ratings(list(record.inspections), text)))
    # each rating on the service or population group it is of, whatever read it
    record = rating_subjects.with_rating_subjects(record, text)
    # what the text says was done at an earlier inspection, however that inspection was read
    record = required.with_earlier_enforcement(record, text)
    # an earlier inspection's report in a list of the reports published, however it was read
    record = dated.with_listed_reports(record, text)
    if record.layout not in _NAMED_BY_THEIR_LAYOUT:
        record = with_stated_aliases(with_reports_link_name(with_inspected_name(record, text), text), text)
        record = with_described_short_name(record, text)
    if site_reason and not record.has_facts:
        # a page of CQC's own site (guidance, a ratings explainer) read by no CQC layout and
        # stating no finding is no publication of findings, whatever its address
        return DocumentRecord(layout=NOT_CQC_LAYOUT, source_url=source_url,
                              notes=(site_reason.replace("not read as a CQC publication", "no CQC publication of findings"),))
    if source_url and not record.source_url:
        record = dataclasses.replace(record, source_url=source_url)
    if source_url:
        record = with_url_key(record, source_url)
    return record


#: Layouts whose parser reads every name the document gives (structured data, a list of services).
_NAMED_BY_THEIR_LAYOUT = (api_json.LAYOUT, press_list.LAYOUT)


def _same(a: str | None, b: str | None) -> bool:
    def key(x: str | None) -> str:
        return " ".join(re.sub(r"[^\w\s]", "", (x or "").lower()).split())
    return bool(a and b) and key(a) == key(b)


def with_inspected_name(record: DocumentRecord, text: str) -> DocumentRecord:
    """The subject a report names as inspected ("We carried out an announced comprehensive
    inspection at PrivateDoc Limited"), added when the parser found no name of its kind: an
    organisation as the provider, any other name as the location (its inspections, about no
    subject yet, become its own); the one location (or provider) the parser read with no name
    (an address under a header naming no one) is given it.

    >>> r = with_inspected_name(DocumentRecord("location-page"), "We undertook a focused inspection of Oak Dental Practice on 2 May 2021.")
    >>> r.locations[0].name
    'Oak Dental Practice'
    """
    name = names.inspected(text)
    named: tuple[Provider | Location, ...] = (*record.providers, *record.locations)
    if not name or any(_same(name, x.name) or any(_same(name, a) for a in x.alt_names)
                       for x in named):
        return record
    if names.is_organisation(name) or "NHS" in name:
        if len(record.providers) == 1 and record.providers[0].name is None:
            # a provider the layout knew by its office only
            return dataclasses.replace(record, providers=(dataclasses.replace(record.providers[0], name=name),))
        if record.providers:
            return record
        return dataclasses.replace(record, providers=(Provider(name=name),))
    if len(record.locations) == 1 and record.locations[0].name is None:
        # a location the layout knew by its address only (its header named no one)
        return dataclasses.replace(record, locations=(dataclasses.replace(record.locations[0], name=name),))
    if record.locations:
        return record
    inspections = tuple(dataclasses.replace(i, location=0) if i.location is None and i.provider is None else i
                        for i in record.inspections)
    return dataclasses.replace(record, locations=(Location(name=name, provider=0 if len(record.providers) == 1 else None),), inspections=inspections)


def with_described_short_name(record: DocumentRecord, text: str) -> DocumentRecord:
    """The short name an adult social care summary's opening gives the one location its header
    names in full ("Beechfields is a care home providing …" under "Beechfields Nursing Home
    Limited"), as another name of it.

    >>> r = with_described_short_name(DocumentRecord("location-page", locations=(Location(name="Oak Lodge Care Home Limited"),)),
    ...     "About the service\\n\\nOak Lodge is a care home providing personal care.")
    >>> r.locations[0].alt_names
    ('Oak Lodge',)
    """
    short = names.described(text)
    if len(record.locations) != 1 or not short or not _short_form(short, record.locations[0].name):
        return record
    place = record.locations[0]
    if any(_same(short, a) for a in place.alt_names):
        return record
    return dataclasses.replace(record, locations=(dataclasses.replace(place, alt_names=(*place.alt_names, short)),))


def _short_form(short: str, name: str | None) -> bool:
    """Whether ``short`` is ``name`` cut after its first words: a report's own short name for the
    service its page header names in full."""
    def words(x: str | None) -> list[str]:
        return re.sub(r"[^\w\s]", "", (x or "").lower()).split()
    a, b = words(short), words(name)
    return 0 < len(a) < len(b) and b[: len(a)] == a


def with_reports_link_name(record: DocumentRecord, text: str) -> DocumentRecord:
    """The name a letter's "'all reports' link for X on our website" gives the location: another
    name of the one location the record has ("Radbrook Green" for Radbrook Green Surgery), or the
    location itself when the record names no one.

    >>> r = with_reports_link_name(DocumentRecord("inspection-summary", locations=(Location(name="Radbrook Green Surgery"),)),
    ...     "selecting the ‘all reports’ link for Radbrook Green on our website.")
    >>> r.locations[0].alt_names
    ('Radbrook Green',)
    """
    name = names.reports_link(text)
    if not name or record.providers and not record.locations or len(record.locations) > 1:
        return record
    if not record.locations:
        inspections = tuple(dataclasses.replace(i, location=0) if i.location is None and i.provider is None else i
                            for i in record.inspections)
        return dataclasses.replace(record, locations=(Location(name=name, provider=0 if len(record.providers) == 1 else None),), inspections=inspections)
    place = record.locations[0]
    if _same(name, place.name) or any(_same(name, a) for a in place.alt_names):
        return record
    return dataclasses.replace(record, locations=(dataclasses.replace(place, alt_names=(*place.alt_names, name)),))


def with_stated_aliases(record: DocumentRecord, text: str) -> DocumentRecord:
    """Another name the text gives a location or provider it names: "The Urgent Care Centre
    (known as Leechmere Centre)", "Pharmacorp Ltd (also known as Medicine Direct)".

    >>> r = with_stated_aliases(DocumentRecord("inspection-summary", locations=(Location(name="Urgent Care Centre"),)),
    ...     "The Urgent Care Centre (known as Leechmere Centre) provides out of hours cover.")
    >>> r.locations[0].alt_names
    ('Leechmere Centre',)
    """
    if not any(word in text for word in names.AKA_WORDS):
        return record
    stated = [(names.clean(m.group("name") or m.group("name2")), (m.group("aka") or m.group("aka2")).strip())
              for m in names.AKA_RE.finditer(text)]
    if not stated:
        return record
    return dataclasses.replace(record, locations=tuple(_aliased(x, stated) for x in record.locations),
                               providers=tuple(_aliased(x, stated) for x in record.providers))


def _aliased(item: _Keyed, stated: list[tuple[str, str]]) -> _Keyed:
    """``item`` with each alias ``stated`` for its name (an article before the name aside)."""
    def bare(x: str) -> str:
        return re.sub(r"^the\s+", "", x, flags=re.I)
    fresh: list[str] = [aka for name, aka in stated if _same(bare(name), bare(item.name or ""))
           and not _same(aka, item.name) and not any(_same(aka, a) for a in item.alt_names)]
    return dataclasses.replace(item, alt_names=(*item.alt_names, *dict.fromkeys(fresh))) if fresh else item


#: A location's or provider's page on CQC's site or on one of its mirrors (whose text is CQC's):
#: "https://www.cqc.org.uk/location/1-125856395/reports", "/provider/1-101641279", "/location/RX901"
_URL_KEY_RE = re.compile(r"(?:cqc\.org\.uk\.?|gl-(?:dp)?cqc\.axis12\.com)/(?P<what>location|provider)/(?P<id>1-\d{6,12}|R[A-Z0-9]{2,4})(?=[/?#]|$)")


def with_url_key(record: DocumentRecord, url: str) -> DocumentRecord:
    """The CQC ID (``1-…``) or ODS code (``R…`` NHS codes) stated by a CQC page URL, given to the
    one location or provider the document is about; nothing when it names several. A partial
    copy of a page that names no one, read by a CQC layout, is about the page's own location or
    provider: the address names it, and the inspections the copy reports are its own.

    >>> from cqcgraph.records import Location
    >>> r = DocumentRecord("location-page", locations=(Location(name="Lucerne House"),))
    >>> with_url_key(r, "https://www.cqc.org.uk/location/1-125856395/reports").locations[0].cqc_id
    '1-125856395'
    >>> with_url_key(DocumentRecord("location-page"), "https://www.cqc.org.uk/location/1-125856395/reports").locations[0].cqc_id
    '1-125856395'
    """
    m = _URL_KEY_RE.search(url)
    if not m:
        return record
    key = m.group("id").upper()
    field = "cqc_id" if key.startswith("1-") else "ods_code"
    if not record.locations and not record.providers and not record.fell_back:
        return _about_the_page(record, m.group("what").lower(), field, key)
    items = record.locations if m.group("what").lower() == "location" else record.providers
    k = _the_page_s(record, m.group("what").lower())
    if k is None or getattr(items[k], field) not in (None, key):
        return record
    if m.group("what").lower() == "location":
        keyed = _keyed(record.locations[k], field, key)
        return dataclasses.replace(record, locations=(*record.locations[:k], keyed, *record.locations[k + 1:]))
    return dataclasses.replace(record, providers=(_keyed(record.providers[0], field, key),))


def _the_page_s(record: DocumentRecord, what: str) -> int | None:
    """The index of the location (or provider) a page is about: its only one, or, among several
    locations, the one every inspection is about (a summary naming the sites it visited besides
    its own service)."""
    items = record.locations if what == "location" else record.providers
    if len(items) == 1:
        return 0
    if what != "location" or not items:
        return None
    subjects = {i.location for i in record.inspections if i.location is not None}
    return subjects.pop() if len(subjects) == 1 and not any(i.location is None for i in record.inspections) else None


def _about_the_page(record: DocumentRecord, what: str, field: str, key: str) -> DocumentRecord:
    """``record`` with the page's one location (or provider), known by its key only, as the
    subject of every inspection the record gives no subject."""
    if what == "location":
        inspections = tuple(dataclasses.replace(i, location=0) if i.location is None and i.provider is None else i
                            for i in record.inspections)
        return dataclasses.replace(record, locations=(_keyed(Location(), field, key),), inspections=inspections)
    inspections = tuple(dataclasses.replace(i, provider=0) if i.location is None and i.provider is None else i
                        for i in record.inspections)
    return dataclasses.replace(record, providers=(_keyed(Provider(), field, key),), inspections=inspections)


_Keyed = TypeVar("_Keyed", Location, Provider)


def _keyed(item: _Keyed, field: str, key: str) -> _Keyed:
    """``item`` with its CQC ID (``field`` "cqc_id") or ODS code set to ``key``."""
    if field == "cqc_id":
        return dataclasses.replace(item, cqc_id=key)
    return dataclasses.replace(item, ods_code=key)


__all__ = ["LAYOUTS", "NOT_CQC_LAYOUT", "detect_layout", "extract", "with_described_short_name", "with_url_key"]
