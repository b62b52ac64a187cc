"""Reading facts from the text of one CQC document.

``extract(text)`` detects the layout from the content, picks one parser from ``LAYOUTS`` (a
registry of ``(name, detector, parser)``, tried in order) and returns a ``DocumentRecord``. A text
that no layout claims is read by the shared patterns alone (``layout="generic"``,
``fell_back=True``). Imports the standard library and ``cqcgraph.records`` only (through the
modules of this package); knows nothing of RDF, storage or the web.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from cqcgraph.extract import (
    api_json,
    assessment,
    compliance,
    generic,
    location_page,
    press_list,
    press_release,
    report,
    summary_page,
)
from cqcgraph.records import DocumentRecord

Detector = Callable[[str], bool]
Parser = Callable[[str], DocumentRecord]

#: The layouts, most specific first. The first whose detector accepts the text reads it.
LAYOUTS: list[tuple[str, Detector, Parser]] = [
    (api_json.LAYOUT, api_json.detect, api_json.parse),
    (report.LAYOUT, report.detect, report.parse),
    (assessment.LAYOUT, assessment.detect, assessment.parse),
    (location_page.LAYOUT, location_page.detect, location_page.parse),
    (summary_page.PROVIDER_LAYOUT, summary_page.detect_provider, summary_page.parse_provider),
    (summary_page.LAYOUT, summary_page.detect, summary_page.parse),
    (compliance.LAYOUT, compliance.detect, compliance.parse),
    (press_list.LAYOUT, press_list.detect, press_list.parse),
    (press_release.LAYOUT, press_release.detect, press_release.parse),
]


def detect_layout(text: str) -> str:
    """Name of the layout that would read ``text`` ("generic" when none claims it)."""
    for name, detector, _parser in LAYOUTS:
        if detector(text):
            return name
    return generic.LAYOUT


def extract(text: str, *, source_url: str | None = None) -> DocumentRecord:
    """Facts stated by one document's text.

    >>> extract("2 September 2013\\nDuring a routine inspection\\nWe saw care.").inspections[0].start_date.iso
    '2013-09-02'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    for name, detector, parser in LAYOUTS:
        if detector(text):
            record = parser(text)
            break
    else:
        record = generic.parse(text)
    if source_url and not record.source_url:
        record = dataclasses.replace(record, source_url=source_url)
    return record


__all__ = ["LAYOUTS", "detect_layout", "extract"]
