"""No CQC fact without a CQC context: a page that is not a CQC publication and attributes nothing
to CQC gives no rating, breach or action, and ingest refuses it with the reason.

The real guidance pages in tests/fixtures/real carry this notice: contains public sector
information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.api import prepare
from cqcgraph.documents import UnreadableDocument
from cqcgraph.extract import NOT_CQC_LAYOUT, extract
from cqcgraph.extract.context import not_cqc_reason

REAL = Path(__file__).resolve().parent / "fixtures" / "real"

BUS_TIMETABLE = """Route 42 bus timetable
Monday to Friday
Town Centre 07:10 07:40 08:10
Rated Outstanding by passengers in the 2023 travel awards.
Overall: Good value for money.
"""

ENCYCLOPAEDIA_ARTICLE = """Care Quality Commission
From Wikipedia, the free encyclopedia
Jump to navigation Jump to search
The Care Quality Commission (CQC) is a non-departmental public body of the Department of Health
and Social Care in England. It regulates and inspects health and social care services.
History [edit]
In 2013 the CQC placed several hospital trusts into special measures.
Overall: Good
Are services safe? – Inadequate
The trust was in breach of Regulation 12.
"""


@pytest.mark.parametrize("text, why", [
    (BUS_TIMETABLE, "a timetable or travel page"),
    (ENCYCLOPAEDIA_ARTICLE, "an encyclopaedia article"),
])
def test_a_page_that_is_not_cqcs_gives_no_cqc_fact(text: str, why: str) -> None:
    r = extract(text)
    assert r.layout == NOT_CQC_LAYOUT and why in r.notes[0]
    assert not r.has_facts and not r.inspections and not r.breaches and not r.actions


def test_ingest_refuses_it_with_the_reason() -> None:
    with pytest.raises(UnreadableDocument, match="not a CQC publication: an encyclopaedia article"):
        prepare(ENCYCLOPAEDIA_ARTICLE.encode(), "cqc-article.txt", base="https://example.org/")
    with pytest.raises(UnreadableDocument, match="timetable"):
        prepare(BUS_TIMETABLE.encode(), "bus.txt", base="https://example.org/")


def test_cqc_pages_cut_mid_page_keep_their_facts_without_their_address() -> None:
    for n in ("001", "022", "046", "087", "050"):
        r = extract((REAL / f"{n}.txt").read_text(encoding="utf-8"))
        assert r.layout != NOT_CQC_LAYOUT and r.has_facts, n


@pytest.mark.parametrize("n", ["003", "007"])
def test_cqc_guidance_pages_state_no_cqc_fact(n: str) -> None:
    meta = json.loads((REAL / f"{n}.meta.json").read_text(encoding="utf-8"))
    r = extract((REAL / f"{n}.txt").read_text(encoding="utf-8"), source_url=meta["url"])
    assert not r.has_facts


#: A header-less copy of a CQC summary: no page structure or CQC vocabulary of its own.
HEADERLESS_SUMMARY = "Our café was rated Good by diners."


@pytest.mark.parametrize("url", [
    "https://www.cqc.org.uk/location/1-101",
    "https://cqc.org.uk./location/1-101",
    "https://dev.cqc.org.uk/location/1-101",
    "https://test.cqc.org.uk/location/1-101",
    "https://communities.cqc.org.uk/location/1-101",
    "https://gl-cqc.axis12.com/location/1-101",
    "http://gl-dpcqc.axis12.com/provider/1-202",
])
def test_a_header_less_copy_from_cqcs_hosts_and_mirrors_is_read_as_cqcs(url: str) -> None:
    assert not_cqc_reason(HEADERLESS_SUMMARY) is not None
    assert not_cqc_reason(HEADERLESS_SUMMARY, source_url=url) is None


@pytest.mark.parametrize("url", [
    "https://cqc.org.uk.example.com/location/1-101",
    "https://notcqc.org.uk.evil/location/1-101",
    "https://gl-cqc.axis12.com.example.org/x",
    "https://example.org/www.cqc.org.uk/",
])
def test_a_lookalike_host_is_not_read_as_cqcs(url: str) -> None:
    assert not_cqc_reason(HEADERLESS_SUMMARY, source_url=url) is not None


#: Another regulator's inspection, told in the words CQC's reports use too ("our previous
#: inspection", "rated outstanding overall", "inspectors judged"): a school's newsletter, a
#: Welsh care home's page and a nursery's.
SCHOOL_NEWSLETTER = """Ashgrove Primary School
News from the headteacher, spring term 2024
Following our Ofsted inspection on 6 and 7 February 2024 the school has been rated good overall.
Inspectors judged behaviour and attitudes outstanding. At our previous inspection in 2019 the
school was rated requires improvement. Our holiday club is not inspected by the Care Quality Commission.
Mrs P. Lindqvist, Headteacher, Ashgrove Primary School, Mill Road, Didcot OX11 7QT
"""
WELSH_CARE_HOME = """Bryn Teg Residential Home
Care Inspectorate Wales inspected this service on 12 March 2023.
We found that people are happy and well cared for. At our last inspection we identified areas
for improvement in medicines; these have been met. The registered manager is Ms R. Hughes.
Bryn Teg Residential Home, Heol y Bryn, Llandeilo SA19 6PL
"""
NURSERY_PAGE = """Little Acorns Day Nursery
Rated Outstanding by Ofsted at our last inspection.
Open 7.30am to 6pm, 51 weeks of the year. Our registered manager and staff hold paediatric first aid.
"""


@pytest.mark.parametrize("text, body", [
    (SCHOOL_NEWSLETTER, "Ofsted"), (WELSH_CARE_HOME, "Care Inspectorate Wales"), (NURSERY_PAGE, "Ofsted")])
def test_another_regulators_inspection_gives_no_cqc_fact(text: str, body: str) -> None:
    r = extract(text)
    assert r.layout == NOT_CQC_LAYOUT and body in r.notes[0]
    assert not r.has_facts and not r.inspections and not r.locations


@pytest.mark.parametrize("text", [
    # a joint inspection is CQC's as much as the other body's
    "Ofsted and the Care Quality Commission (CQC) carried out a joint inspection of the local area "
    "between 4 and 8 March 2024. We found that leaders work together well.",
    # CQC's report of a service also registered with the other body
    "Date of inspection visit: 3 May 2022\nThe service is also registered with Ofsted. We rated the "
    "service Good overall. Are services safe? Good",
])
def test_cqc_beside_another_regulator_stays_cqc(text: str) -> None:
    assert extract(text).layout != NOT_CQC_LAYOUT
