"""Layouts told by several of their features, so that no page of a common CQC layout falls back
to the generic reader: a profile page showing its latest inspection in its header box, a service
page's assessment laid out as labelled lines, a report's front page of labelled lines, a trust's
page with its headquarters, a warning notice sent as a letter; and a university's course document,
which is no CQC publication. Each family is shown on documents of the independent sets (written by
people who never saw the reader) and on short texts laid out as CQC lays them out (their names,
addresses and dates invented)."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.extract import detect_layout, extract
from cqcgraph.records import KeyQuestion, RatingValue

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def ratings_of(inspection, service=None) -> dict[str, str]:
    return {r.key_question.value: r.value.value for r in inspection.ratings if r.service == service}


# -- a profile page with its latest inspection in the header box --------------------------------

HOME_BOX = """Larkspur House
Care home

2 Mill Lane, Ashby, Leicestershire LE65 1AB
01530 412 900
Provided and run by: Larkspur Care Limited

Report from 14 March 2023 inspection
Published 2 May 2023

Overall: Good

Safe: Requires improvement
Effective: Good - rating carried over from the inspection of 9 June 2020
Caring: Good - rating carried over from the inspection of 9 June 2020
Responsive: Good
Well-led: Good

About this inspection
This was a focused inspection. It was unannounced.
"""

HOSPITAL_BOX = """Care Quality Commission
Home > Find a service > Elmfield Hospital

Elmfield Hospital
Station Road, Harrogate, North Yorkshire HG1 1TT
Tel: 01423 555 100
Provided and run by: Dales Vale NHS Foundation Trust

Overall rating for this hospital: Requires improvement
Latest inspection: 4 to 6 June 2019
Report published: 20 August 2019

Key question | Rating
Safe | Requires improvement
Effective | Good
Caring | Good
Responsive | Good
Well-led | Requires improvement

Services at this hospital

Medical care
Rating: Good
Inspected 4 June 2019
Key question | Rating
Safe | Good
Effective | Good
Caring | Good
Responsive | Good
Well-led | Good

Surgery
Rating: Good
Inspected 12 May 2016
Key question | Rating
Safe | Good
Effective | Good
Caring | Outstanding
Responsive | Good
Well-led | Good
"""


def test_profile_page_with_latest_inspection_box_is_a_location_page() -> None:
    for text in (HOME_BOX, HOSPITAL_BOX):
        assert detect_layout(text) == "location-page"
    for name in ("heldout8/802.txt", "heldout8/806.txt", "heldout8/819.txt"):
        r = extract(read(name))
        assert r.layout == "location-page" and not r.fell_back, name


def test_latest_box_gives_the_inspection_its_days_ratings_and_carried_ratings_their_inspection() -> None:
    r = extract(HOME_BOX)
    home = r.locations[0]
    assert home.name == "Larkspur House" and home.postcode == "LE65 1AB" and home.phone == "01530 412 900"
    assert r.providers[0].name == "Larkspur Care Limited" and home.current_overall_rating is RatingValue.GOOD
    latest = next(i for i in r.inspections if not i.is_previous)
    assert latest.start_date.iso == "2023-03-14" and latest.publication_date.iso == "2023-05-02"
    assert ratings_of(latest) == {"overall": "good", "safe": "requires-improvement", "effective": "good",
                                  "caring": "good", "responsive": "good", "well-led": "good"}
    assert {r.key_question for r in latest.ratings if r.carried_over} == {KeyQuestion.EFFECTIVE, KeyQuestion.CARING}
    earlier = next(i for i in r.inspections if i.is_previous)
    assert earlier.start_date.iso == "2020-06-09" and ratings_of(earlier) == {"effective": "good", "caring": "good"}


def test_latest_box_services_rated_at_an_earlier_inspection_keep_it() -> None:
    r = extract(HOSPITAL_BOX)
    assert r.locations[0].name == "Elmfield Hospital" and r.locations[0].current_overall_rating is RatingValue.REQUIRES_IMPROVEMENT
    latest = next(i for i in r.inspections if not i.is_previous)
    assert (latest.start_date.iso, latest.end_date.iso, latest.publication_date.iso) == ("2019-06-04", "2019-06-06", "2019-08-20")
    assert ratings_of(latest)["well-led"] == "requires-improvement" and ratings_of(latest, "Medical care")["overall"] == "good"
    assert "Surgery" not in {r.service for r in latest.ratings}
    surgery = next(i for i in r.inspections if i.is_previous and i.start_date and i.start_date.iso == "2016-05-12")
    assert ratings_of(surgery, "Surgery")["caring"] == "outstanding"


def test_profile_header_without_a_labelled_latest_inspection_is_no_box() -> None:
    text = HOME_BOX.replace("Report from 14 March 2023 inspection\n", "")
    assert detect_layout(text) != "location-page"


def test_profile_page_with_its_latest_summary_stays_a_summary_page() -> None:
    # "Latest inspection summary" heads the summary page's own reading of the same header
    text = HOSPITAL_BOX.replace("Services at this hospital", "Latest inspection summary\n\nServices at this hospital")
    assert detect_layout(text) == "inspection-summary"


# -- a service page's assessment laid out as labelled lines --------------------------------------

ASSESSMENT_PAGE = """Brookside Surgery

GP practice
1 Brook Street, Derby DE1 3AA
Provided and run by: Brookside Partnership
CQC ID: 1-1234567890

Latest assessment

Assessment activity started: 8 January 2024
Site visit: 10 January 2024
Assessment activity finished: 20 February 2024
Report published: 3 April 2024

Overall rating: Good

Key question    Rating                   Score
Safe            Good                     69%
Effective       Good                     72%
Caring          Good                     -   (not assessed, rating from previous inspection)
Responsive      Good                     75%
Well-led        Good                     70%

Safe - quality statement scores
Learning culture                                          3
Safeguarding                                              3
"""


def test_assessment_page_told_by_its_labelled_days_and_score_tables() -> None:
    assert detect_layout(ASSESSMENT_PAGE) == "assessment"
    assert detect_layout(read("heldout8/812.txt")) == "assessment"
    for text in (ASSESSMENT_PAGE, read("heldout8/812.txt")):
        r = extract(text)
        a = r.inspections[0]
        assert a.start_date and a.end_date and a.publication_date and len(a.visit_dates) == 1
        assert r.locations[0].current_overall_rating is not None
        assert {s.statement for s in a.scores} >= {"Learning culture", "Safeguarding"}
        carried = [x for x in a.ratings if x.key_question is KeyQuestion.CARING]
        assert carried and carried[0].carried_over and carried[0].score_percent is None
    a = extract(ASSESSMENT_PAGE).inspections[0]
    assert (a.start_date.iso, a.end_date.iso, a.visit_dates[0].iso) == ("2024-01-08", "2024-02-20", "2024-01-10")
    assert {x.key_question.value: x.score_percent for x in a.ratings if x.score_percent} == {
        "safe": 69, "effective": 72, "responsive": 75, "well-led": 70}


# -- a report's front page of labelled lines ----------------------------------------------------

REPORT_FRONT = """Hollins Dental Care
Inspection report

Provider: Hollins Dental Limited
Location: Hollins Dental Care, 12 High Street, Bury, Lancashire BL9 0AA
Location ID: 1-2233445566
Inspection dates: 5 and 6 September 2022 (announced)
Report published: 14 October 2022

Our ratings for this location
"""

RATINGS_FRONT = """Ratings for Fernlea Lodge

Provider name:        Fernlea Care Ltd
Location name:        Fernlea Lodge
Address:              3 Fern Road, Truro, Cornwall TR1 2AB
Inspection dates:     the 3rd and 4th of May 2022
Report published:     9 June 2022

Overall rating:       Good

Key question    Rating            Date of rating
Safe            Good              June 2022

About this inspection
We carried out a focused inspection looking at the safe key question.
"""


def test_labelled_front_page_is_a_report_with_its_names_and_days() -> None:
    for text, provider, name, postcode, days in (
            (REPORT_FRONT, "Hollins Dental Limited", "Hollins Dental Care", "BL9 0AA", ("2022-09-05", "2022-09-06")),
            (RATINGS_FRONT, "Fernlea Care Ltd", "Fernlea Lodge", "TR1 2AB", ("2022-05-03", "2022-05-04"))):
        assert detect_layout(text) == "inspection-report"
        r = extract(text)
        assert r.providers[0].name == provider and r.locations[0].name == name and r.locations[0].postcode == postcode
        assert (r.inspections[0].start_date.iso, r.inspections[0].end_date.iso) == days
    for name in ("heldout6/614.txt", "heldout6/621.txt"):
        assert extract(read(name)).layout == "inspection-report", name


def test_older_location_page_titled_inspection_report_stays_a_location_page() -> None:
    # "Inspection report" over "Date of Inspection:" and "Date of Publication:" (2011-2014) names no
    # provider and location on labelled lines: no report's front page
    assert detect_layout(read("real/025.txt")) == "location-page"
    assert detect_layout(read("real/066.txt")) == "location-page"


# -- a trust's page with its ID and headquarters -------------------------------------------------

TRUST_HEADQUARTERS = """Skip to main content
Care Quality Commission
Search services | Provider portal

Home > Find services > Westmoor Community NHS Trust

Westmoor Community NHS Trust

Trust headquarters
1 Moor Lane, Kendal, Cumbria LA9 4AA
Provider ID: RZZ

Ratings

Overall: Requires improvement
Latest inspection: 3 March 2021 to 18 March 2021
Report published: 2 June 2021

Ratings for the whole trust

Safe
Requires improvement

What we found

We inspected three community health services provided by this trust.
"""


def test_trust_page_with_headquarters_and_its_own_grid_is_a_provider_page() -> None:
    r = extract(TRUST_HEADQUARTERS)
    assert r.layout == "provider-page"
    trust = r.providers[0]
    assert trust.name == "Westmoor Community NHS Trust" and trust.ods_code == "RZZ" and trust.postcode == "LA9 4AA"
    assert trust.current_overall_rating is RatingValue.REQUIRES_IMPROVEMENT
    assert (r.inspections[0].start_date.iso, r.inspections[0].publication_date.iso) == ("2021-03-03", "2021-06-02")
    r = extract(read("heldout6/603.txt"))
    assert r.layout == "provider-page" and r.providers[0].ods_code == "RQC" and r.providers[0].postcode == "CA12 4RE"


# -- a warning notice sent as a letter ----------------------------------------------------------

NOTICE_LETTER = """Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

The Registered Manager
Beech View
4 Beech Road
Lincoln
LN1 1AA

Date: 3 March 2021

Dear Ms Carter

WARNING NOTICE
Health and Social Care Act 2008, section 29

Following our inspection of Beech View on 8 February 2021, we are serving you with this warning
notice because you are failing to comply with Regulation 17 of the Health and Social Care Act
2008 (Regulated Activities) Regulations 2014: Good governance.

Yours sincerely
"""


def test_warning_notice_letter_is_a_cqc_letter_with_its_service_and_notice() -> None:
    for text in (NOTICE_LETTER, read("heldout6/616.txt")):
        r = extract(text)
        assert r.layout == "cqc-letter" and not r.fell_back
        assert r.locations and r.locations[0].postcode
        assert any(a.kind.value == "warning-notice" for i in r.inspections for a in i.actions)
    r = extract(NOTICE_LETTER)
    assert r.locations[0].name == "Beech View" and r.inspections[0].start_date.iso == "2021-02-08"


# -- a university's course document: not CQC's ------------------------------------------------------

MODULE_HANDBOOK = """Northfield University
Faculty of Health

Module: HSC3010 Regulation of Care Services (30 credits)
Module leader: Dr A Patel
External examiner: Dr B Jones

Students read CQC inspection reports and discuss how a care home was rated good overall.
"""


def test_university_course_document_is_not_cqc() -> None:
    for text in (MODULE_HANDBOOK, read("heldout6/624.txt")):
        r = extract(text)
        assert r.layout == "not-cqc" and not r.has_facts
