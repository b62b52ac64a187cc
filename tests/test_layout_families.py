"""Layout families recognised by several features, not one exact heading: provider pages of care
groups and NHS trusts. Read on documents written by people who never saw the reader
(tests/fixtures/heldout2, heldout3) and on a short synthetic page laid out as CQC lays out a
trust's page (its names and addresses invented)."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.extract import detect_layout, extract
from cqcgraph.records import RatingValue

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: A trust's provider page as CQC lays it out: ODS code, headquarters, the trust's own rating,
#: "Services run by this provider", each service's address before its kind.
TRUST_PAGE = """Care Quality Commission

Northmoor Community Health NHS Trust
Provider ID: RXX
Trust Offices, 4 Moor Road, Leeds LS2 9JT

Overall rating for this trust: Good
Are services safe?        Good

Services run by this provider

Moor Road Clinic
4 Moor Road, Leeds LS2 9JT
Community health services
Rating: Good
Last inspected: 3 March 2021
"""


def read(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def test_nhs_trust_page_with_ods_code_and_its_locations() -> None:
    r = extract(read("heldout3/304.txt"))
    assert r.layout == "provider-page" and not r.fell_back
    trust = r.providers[0]
    assert trust.name == "Mendip and Avon Hospitals NHS Trust" and trust.ods_code == "RQ4" and trust.cqc_id is None
    assert trust.postcode == "BA1 3NE" and trust.current_overall_rating is RatingValue.REQUIRES_IMPROVEMENT
    by_name = {loc.name: loc for loc in r.locations}
    assert set(by_name) == {"Royal Combe Park Hospital", "Frome Community Hospital",
                            "Shepton Mallet Treatment Centre", "Paulton Birth Centre"}
    frome = by_name["Frome Community Hospital"]
    assert frome.postcode == "BA11 2FH" and frome.service_types == ("Community hospital",)
    assert frome.current_overall_rating is RatingValue.GOOD and frome.last_inspection_date.iso == "2018-11-07"
    paulton = by_name["Paulton Birth Centre"]
    assert paulton.current_overall_rating is None and paulton.registration_date.iso == "2023-09-05"


def test_care_group_page_with_kind_before_address_is_still_read() -> None:
    r = extract(read("heldout2/204.txt"))
    assert r.layout == "provider-page" and r.providers[0].cqc_id == "1-1093847261"
    assert r.locations[0].service_types == ("Care home with nursing",) and r.locations[0].postcode == "SK11 6TJ"


def test_synthetic_trust_page_under_services_heading() -> None:
    r = extract(TRUST_PAGE)
    assert detect_layout(TRUST_PAGE) == "provider-page"
    assert r.providers[0].ods_code == "RXX" and r.providers[0].current_overall_rating is RatingValue.GOOD
    assert [loc.name for loc in r.locations] == ["Moor Road Clinic"]
    assert r.locations[0].service_types == ("Community health services",)


def test_one_provider_feature_alone_claims_no_text() -> None:
    text = "Provider ID: RXX\nWe inspected the trust's maternity service on 3 May 2022."
    assert detect_layout(text) != "provider-page"


#: A monitoring call letter as CQC lays it out (its names and address invented).
MONITORING_LETTER = """Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

The Registered Manager
Elm Court Care Home
3 Elm Road
Hexham
NE46 1AB

Date: 2 March 2021

Dear Ms Rowe

Monitoring call under our direct monitoring approach

We have reviewed the information we hold about Elm Court Care Home. This call took place on 24 February 2021.
We will not be carrying out an inspection at this time.

Yours sincerely

Aled Price
Inspector
"""


def test_annual_regulatory_review_letter_names_the_practice_and_dates_the_review() -> None:
    r = extract(read("heldout2/217.txt"))
    assert r.layout == "cqc-letter" and not r.fell_back
    practice = r.locations[0]
    assert practice.name == "Riverside Family Practice" and practice.postcode == "TD15 1HE"
    assert "Citygate" not in (practice.address or "")
    review, earlier = r.inspections
    assert review.start_date.iso == "2019-11-06" and review.ratings == ()
    assert earlier.start_date.iso == "2017-06-13" and earlier.publication_date.iso == "2017-08-30"
    assert {x.key_question.value: x.value.value for x in earlier.ratings}["caring"] == "outstanding"


def test_review_outcome_letter_gives_the_practice_and_its_breach() -> None:
    r = extract(read("heldout3/312.txt"))
    assert r.layout == "cqc-letter" and not r.fell_back
    assert r.locations[0].name == "Wickersley Health Centre" and r.locations[0].postcode == "S66 2JQ"
    assert r.providers == ()  # the letter does not name the practice's provider
    review = r.inspections[0]
    assert [b.regulation.number for b in review.breaches] == ["12"]
    assert (review.start_date.iso, review.end_date.iso) == ("2021-06-28", "2021-07-06")
    assert [d.iso for d in review.visit_dates] == ["2021-07-06"]  # remote searches are no visit
    assert r.inspections[1].is_previous and r.inspections[1].start_date.iso == "2018-10-02"


def test_monitoring_call_letter_is_a_letter_about_the_home() -> None:
    r = extract(MONITORING_LETTER)
    assert r.layout == "cqc-letter"
    assert r.locations[0].name == "Elm Court Care Home" and r.locations[0].address == "3 Elm Road, Hexham"
    assert r.inspections[0].start_date.iso == "2021-02-24" and r.inspections[0].ratings == ()
    assert r.locations[0].current_overall_rating is None  # it quotes no rating


def test_a_salutation_alone_makes_no_letter() -> None:
    text = "Dear colleague\nWe inspected Elm Court Care Home on 3 May 2022 and rated it Good overall.\nYours sincerely"
    assert detect_layout(text) != "cqc-letter"


#: A local area SEND inspection letter as Ofsted and CQC lay it out (the area invented).
SEND_LETTER = """Area SEND inspection of Northmoor Local Area Partnership

Inspection dates: 13 to 17 November 2023
Date of publication: 9 January 2024

Ofsted and the Care Quality Commission (CQC) carried out a joint inspection of the local area
partnership's special educational needs and/or disabilities (SEND) arrangements.

The local area partnership's SEND arrangements typically lead to positive experiences and outcomes
for children and young people with SEND.
"""

#: A joint local area inspection written as a letter (the area invented).
JOINT_LETTER = """Between 4 March 2024 and 8 March 2024, Ofsted and the Care Quality Commission (CQC) jointly
inspected the local area of Eastfield to judge the effectiveness of the area in implementing the
special educational needs and disability (SEND) reforms.

Yours sincerely
"""


def test_send_area_inspection_gives_its_days_and_no_rating() -> None:
    r = extract(SEND_LETTER)
    assert r.layout == "joint-area-inspection" and not r.fell_back
    (inspection,) = r.inspections
    assert (inspection.start_date.iso, inspection.end_date.iso) == ("2023-11-13", "2023-11-17")
    assert inspection.publication_date.iso == "2024-01-09"
    assert inspection.ratings == () and r.locations == () and r.providers == ()


def test_joint_local_area_inspection_letter_dated_by_its_opening() -> None:
    r = extract(JOINT_LETTER)
    assert r.layout == "joint-area-inspection"
    assert (r.inspections[0].start_date.iso, r.inspections[0].end_date.iso) == ("2024-03-04", "2024-03-08")
    assert r.inspections[0].ratings == ()


def test_a_report_naming_ofsted_in_passing_is_no_joint_inspection() -> None:
    assert detect_layout(read("real/100.txt")) != "joint-area-inspection"


def test_letter_without_an_address_block_names_the_service_it_reviewed() -> None:
    body = MONITORING_LETTER[MONITORING_LETTER.index("Date:"):]
    r = extract(MONITORING_LETTER[: MONITORING_LETTER.index("The Registered Manager")] + body)
    assert r.layout == "cqc-letter"
    assert [loc.name for loc in r.locations] == ["Elm Court Care Home"]
    assert r.locations[0].address is None and r.locations[0].postcode is None


def test_trust_page_header_gives_the_trust_s_latest_inspection_and_ratings() -> None:
    (inspection,) = extract(read("heldout3/304.txt")).inspections
    assert inspection.provider == 0 and inspection.location is None
    assert (inspection.start_date.iso, inspection.end_date.iso) == ("2022-03-14", "2022-04-29")
    assert inspection.publication_date.iso == "2022-07-27"
    ratings = {x.key_question.value: x.value.value for x in inspection.ratings}
    assert ratings["overall"] == "requires-improvement" and ratings["caring"] == "good"
    assert len(ratings) == 6  # use of resources is no CQC rating the records hold
    assert extract(read("heldout2/204.txt")).inspections == ()  # a page stating no inspection gives none


def test_joint_targeted_area_inspection_naming_several_inspectorates() -> None:
    text = ("Joint targeted area inspection of the multi-agency response to children in Eastfield\n\n"
            "Dates of inspection: 5 to 9 February 2024\n\n"
            "Ofsted, the Care Quality Commission (CQC), HMICFRS and HMI Probation carried out a joint inspection "
            "of the multi-agency response to children in Eastfield.\n")
    r = extract(text)
    assert r.layout == "joint-area-inspection"
    assert (r.inspections[0].start_date.iso, r.inspections[0].end_date.iso) == ("2024-02-05", "2024-02-09")
    assert r.inspections[0].ratings == ()
