"""Layout families and the facts of their parts, each shown on a document of the ninth
independent set (written by an author who never saw the reader) and on short texts laid out as
CQC lays them out (their names, addresses and dates invented): a location page told by its
address and phone lines, its header's lines, its "Inspection history" table and its box's
Latest/Previously columns; an assessment page of labelled lines with a Previously column; a
warning notice sent as a letter under its section 29A heading; another regulator's own report,
which is not CQC's; a provider page counting its locations; and the press releases' names,
addresses and totals of actions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import NOT_CQC_LAYOUT, detect_layout, extract
from cqcgraph.extract import context
from cqcgraph.records import ActionKind, KeyQuestion, RatingValue

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def ratings_of(inspection, service=None) -> dict[str, str]:
    return {r.key_question.value: r.value.value for r in inspection.ratings if r.service == service}


def by_start(record, iso: str):
    return next(i for i in record.inspections if i.start_date and i.start_date.iso == iso)


# -- a location page told by its address and phone lines --------------------------------------

CARE_HOME_PAGE = """Willowmere House

Willowmere Care Ltd

Care home
Provides care for up to 30 people. Specialisms: dementia.

14 Abbey Road, Bourne, Lincolnshire PE10 9EP
Phone: 01778 420 117
Registered: 2 June 2016

Overall rating: Requires improvement
Latest inspection: 12 October 2023
Report published: 28 November 2023

Ratings
                      Latest rating          Previously
Safe                  Requires improvement   Good
Effective             Good                   Good
Caring                Good                   Good
Responsive            Good                   Outstanding
Well-led              Requires improvement   Good

Read the latest inspection summary

We carried out this unannounced comprehensive inspection on 12 October 2023.

Inspection history

Date of inspection      Report published     Overall rating
12 October 2023         28 November 2023     Requires improvement
3 and 4 March 2020      9 April 2020         Good
"""

SUPPORTED_LIVING_PAGE = """Skip to main content   Care Quality Commission

Home > Find and compare services > Harbour View Supported Living

Harbour View Supported Living
Seaside Support Partnerships CIC

Supported living. Provides personal care to people living in their own flats.
Specialisms: learning disabilities.

Office: 3 Quay Street, Whitby, North Yorkshire YO21 1DX
Phone: 01947 600 212
Registered: 14 January 2018
Location ID: 1-3300482211

Overall rating: Good
Latest inspection: 9 May 2023
Report published: 20 June 2023

Inspection history
9 May 2023         Focused inspection   Published 20 June 2023    Good
17 July 2019       Comprehensive        Published 2 September 2019 Good
"""


@pytest.mark.parametrize("text", [read("heldout9/904.txt"), CARE_HOME_PAGE])
def test_profile_page_told_by_its_address_and_phone_lines_is_a_location_page(text: str) -> None:
    assert detect_layout(text) == "location-page"
    record = extract(text)
    assert not record.fell_back
    assert record.locations[0].postcode and record.locations[0].address
    assert record.providers and record.providers[0].name and record.providers[0].name.endswith("Ltd")


def test_profile_header_reads_the_provider_under_the_name_the_office_and_the_registered_day() -> None:
    for text, name, provider, postcode, registered in (
            (read("heldout9/906.txt"), "Meadowbank Supported Living", "Ivyhouse Community Partnerships CIC", "LA9 7DN", "2019-03-05"),
            (SUPPORTED_LIVING_PAGE, "Harbour View Supported Living", "Seaside Support Partnerships CIC", "YO21 1DX", "2018-01-14"),
            (CARE_HOME_PAGE, "Willowmere House", "Willowmere Care Ltd", "PE10 9EP", "2016-06-02")):
        record = extract(text)
        place = record.locations[0]
        assert (place.name, place.postcode) == (name, postcode)
        assert not place.address.startswith("Office")
        assert record.providers[0].name == provider
        assert place.registration_date.iso == registered


def test_inspection_history_table_gives_each_row_its_days_publication_and_overall_rating() -> None:
    record = extract(CARE_HOME_PAGE)
    earlier = by_start(record, "2020-03-03")
    assert earlier.end_date.iso == "2020-03-04" and earlier.publication_date.iso == "2020-04-09"
    assert ratings_of(earlier)["overall"] == "good"
    record = extract(read("heldout9/904.txt"))
    december = by_start(record, "2020-12-01")
    assert (december.end_date.iso, december.publication_date.iso) == ("2020-12-03", "2021-02-05")
    assert ratings_of(by_start(record, "2018-05-24")) == {"overall": "good"}
    record = extract(SUPPORTED_LIVING_PAGE)
    assert by_start(record, "2019-07-17").publication_date.iso == "2019-09-02"


def test_history_table_of_one_date_a_row_with_no_dated_column_gives_no_inspection_day() -> None:
    # "02 April 2019  Inspection report  Overall: Good": the day may be the report's
    text = CARE_HOME_PAGE.split("Inspection history")[0] + "Inspection history\n\n02 April 2019  Inspection report  Overall: Good\n"
    assert not any(i.start_date and i.start_date.iso == "2019-04-02" for i in extract(text).inspections)


def test_box_latest_and_previously_columns_rate_the_latest_inspection_and_the_one_before() -> None:
    record = extract(CARE_HOME_PAGE)
    assert ratings_of(by_start(record, "2023-10-12")) == {
        "overall": "requires-improvement", "safe": "requires-improvement", "effective": "good", "caring": "good",
        "responsive": "good", "well-led": "requires-improvement"}
    assert ratings_of(by_start(record, "2020-03-03"))["responsive"] == "outstanding"
    record = extract(read("heldout9/904.txt"))
    assert set(ratings_of(by_start(record, "2022-08-09")).values()) == {"good"}
    april = ratings_of(by_start(record, "2021-04-13"))
    assert (april["safe"], april["well-led"]) == ("requires-improvement", "inadequate")


# -- an assessment page of labelled lines with a Previously column ----------------------------

PRACTICE_ASSESSMENT = """Moorside Surgery

Provider: Moorside Partnership
Address: 2 Church Lane, Settle BD24 9JH
CQC ID: 1-443200981

Latest rating
Overall: Good
Previously: Requires improvement

Assessment
Assessment started: 4 November 2024
Site visit: 19 November 2024
Assessment finished: 2 December 2024
Report published: 15 January 2025

                Rating                    Score    Previously
Safe            Good                      66%      Requires improvement
Effective       Good                      72%      Good
Caring          Good                      78%      Good
Responsive      Good                      69%      Good
Well-led        Good                      63%      Requires improvement

Well-led
Quality statements
Shared direction and culture — Score: 3
Capable, compassionate and inclusive leaders — Score: 2
"""


@pytest.mark.parametrize("text", [read("heldout9/912.txt"), PRACTICE_ASSESSMENT])
def test_assessment_page_of_labelled_lines_with_a_previously_column(text: str) -> None:
    assert detect_layout(text) == "assessment"
    record = extract(text)
    now = next(i for i in record.inspections if not i.is_previous and i.scores)
    percents = {r.key_question.value: r.score_percent for r in now.ratings if r.score_percent}
    assert len(percents) == 5
    assert now.start_date.iso in ("2025-01-13", "2024-11-04")
    assert now.end_date.iso in ("2025-02-06", "2024-12-02")
    before = [i for i in record.inspections if i.is_previous]
    assert before and ratings_of(before[0])["safe"] == "requires-improvement"
    assert any(s.score in (2, 3) and "—" not in s.statement for s in now.scores)


def test_statement_score_after_a_dash_on_its_line() -> None:
    record = extract(PRACTICE_ASSESSMENT)
    scores = {s.statement: s.score for i in record.inspections for s in i.scores}
    assert scores["Shared direction and culture"] == 3
    assert scores["Capable, compassionate and inclusive leaders"] == 2
    scores = {s.statement: s.score for i in extract(read("heldout9/912.txt")).inspections for s in i.scores}
    assert scores["Equity in access"] == 1


HOMECARE_ASSESSMENT = """Sunrise Home Care – Stroud

Provider: Sunrise Care Services Limited
Homecare agency
Unit 4, Lansdown Park, Stroud, Gloucestershire GL5 1BB
Phone: 01453 700 118
CQC ID: 1-22004411876

Overall rating: Good
Updated 3 March 2025

Safe - Good (score 66%)
Effective - Good (score 72%)
Caring - Good. Not assessed. Rating from our last inspection.

About this assessment
We assessed this service between 6 January 2025 and 7 February 2025. We visited the office on
15 January 2025.

Safe
Good
Score: 66% - We found staff were deployed well.

Learning culture                                 3
Safeguarding                                     3
"""


@pytest.mark.parametrize(("text", "span", "address"), [
    (read("heldout9/913.txt"), ("2024-10-21", "2024-12-02"), "Unit 12, Kembrey Park, Swindon, Wiltshire"),
    (HOMECARE_ASSESSMENT, ("2025-01-06", "2025-02-07"), "Unit 4, Lansdown Park, Stroud, Gloucestershire")])
def test_assessment_span_stated_in_prose_and_the_address_under_a_labelled_provider(text: str, span: tuple[str, str], address: str) -> None:
    record = extract(text)
    now = next(i for i in record.inspections if not i.is_previous)
    assert (now.start_date.iso, now.end_date.iso) == span
    assert record.locations[0].address == address


# -- a warning notice sent as a letter under its section heading ------------------------------

SECTION_29_LETTER = """Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

Mr D Hollis
Registered Manager
Elmcroft Clinic Ltd
12 Vicar Lane
Leeds LS1 7JH

Date: 3 May 2022
Our reference: WN-5520018834

Dear Mr Hollis

Health and Social Care Act 2008 – Section 29 Warning Notice

Provider: Elmcroft Clinic Ltd
Location: Elmcroft Clinic Harrogate, 9 Station Parade, Harrogate HG1 1TX (location ID 1-2233445566)

This notice is served under section 29 of the Health and Social Care Act 2008.

We carried out an unannounced inspection of Elmcroft Clinic Harrogate on 12 April 2022.

Yours sincerely

Inspection Manager
"""


@pytest.mark.parametrize(("text", "place", "postcode", "provider"), [
    (read("heldout9/923.txt"), "Beechcroft Unit", "WR5 1JG", "Severn Vale Partnership NHS Foundation Trust"),
    (SECTION_29_LETTER, "Elmcroft Clinic Harrogate", "HG1 1TX", "Elmcroft Clinic Ltd")])
def test_warning_notice_letter_under_its_section_heading_names_its_labelled_service(
        text: str, place: str, postcode: str, provider: str) -> None:
    assert detect_layout(text) == "cqc-letter"
    record = extract(text)
    assert (record.locations[0].name, record.locations[0].postcode) == (place, postcode)
    assert record.providers[0].name == provider


# -- another regulator's own report is not CQC's ----------------------------------------------

NURSERY_REPORT = """Ofsted
Early years inspection report

Little Acorns Day Nursery
Unique reference number: EY558120
Inspection date: 7 March 2024
Inspector: Anne Marsh, Early Years Regulatory Inspector

Overall effectiveness: Requires improvement
The quality of education: Requires improvement

The nursery shares a building with Acorn Court, a care home registered with the Care Quality
Commission, which was not part of this inspection.
"""


@pytest.mark.parametrize("text", [read("heldout9/921.txt"), NURSERY_REPORT])
def test_another_regulators_own_report_is_not_cqc(text: str) -> None:
    assert context.other_regulator_report(text)
    record = extract(text)
    assert record.layout == NOT_CQC_LAYOUT and not record.has_facts


def test_joint_inspection_with_ofsted_stays_cqc() -> None:
    text = ("Ofsted\nUnique reference number: 80012\nOfsted and the Care Quality Commission (CQC) carried out a joint "
            "inspection of the local area partnership's special educational needs and disabilities (SEND) arrangements.")
    assert not context.other_regulator_report(text)


# -- a provider page counting its locations ---------------------------------------------------

GROUP_PAGE = """Care Quality Commission
Find and compare services > Provider

Fernlea Care Group Limited

Provider ID: 1-330044118
Registered office: 8 Mill Street, Ludlow, Shropshire SY8 1AZ

Locations run by this provider: 2

Fernlea Court
Care home with nursing. 40 beds.
Castle Road, Ludlow SY8 1DX
Overall rating: Good
Last inspected: 4 April 2023

Brook House
Care home
2 Brook Lane, Leominster HR6 8AA
Registration cancelled: 1 May 2022
This location is no longer registered with CQC. Its last rating was Inadequate.
"""


@pytest.mark.parametrize(("text", "provider", "count", "cancelled", "last"), [
    (read("heldout9/916.txt"), "Hollybrook Care Group Limited", 6, "Linthwaite House", RatingValue.REQUIRES_IMPROVEMENT),
    (GROUP_PAGE, "Fernlea Care Group Limited", 2, "Brook House", RatingValue.INADEQUATE)])
def test_provider_page_counting_its_locations_after_a_trail_of_links(
        text: str, provider: str, count: int, cancelled: str, last: RatingValue) -> None:
    assert detect_layout(text) == "provider-page"
    record = extract(text)
    assert record.providers[0].name == provider
    assert len(record.locations) == count
    assert next(p for p in record.locations if p.name == cancelled).current_overall_rating is last


# -- press releases: names, addresses, totals of actions --------------------------------------

PROSECUTION_RELEASE = """Press release

Unregistered dental clinic owner fined after CQC prosecution

Published: 4 March 2024

Dr Samir Qureshi, trading as Bright Smile Studio, of Castle Street, Shrewsbury, pleaded guilty at
Telford Magistrates' Court on 1 March 2024 to carrying on a regulated activity without being
registered with the Care Quality Commission (CQC). He was fined £4,000 and ordered to pay costs of £2,150 to CQC and a victim surcharge of
£160.

An inspector visited the clinic on 2 February 2023 and found treatment still being given. The
clinic is not registered with CQC and has never been inspected or rated by CQC.
"""

CLOSURE_RELEASE = """Press release | 14 May 2022

Wigan home care agency closed after CQC obtains court order

The Care Quality Commission (CQC) has used its urgent powers to close Larch House, run by
Oakfield Care Agency Ltd, after finding that people were at risk of harm.

CQC carried out an unannounced inspection of the agency's office at 21 Market Street, Wigan
WN1 1HX on 3 May 2022.
"""


def test_release_names_a_provider_trading_under_the_services_name() -> None:
    for text, who, service in ((read("heldout9/918.txt"), "Mr Tariq Hanif", "Crown Hair Clinic"),
                               (PROSECUTION_RELEASE, "Dr Samir Qureshi", "Bright Smile Studio")):
        record = extract(text)
        assert who in [p.name for p in record.providers]
        place = next(p for p in record.locations if p.name == service)
        assert record.providers[place.provider].name == who


@pytest.mark.parametrize(("text", "name", "address", "postcode"), [
    (read("heldout9/917.txt"), "Rivermead Care Home", "Tewkesbury Road, Gloucester", None),
    (read("heldout9/918.txt"), "Crown Hair Clinic", "Narborough Road, Leicester", None),
    (PROSECUTION_RELEASE, "Bright Smile Studio", "Castle Street, Shrewsbury", None),
    (CLOSURE_RELEASE, "Larch House", "21 Market Street, Wigan", "WN1 1HX")])
def test_release_gives_its_service_the_address_its_prose_states(text: str, name: str, address: str, postcode: str | None) -> None:
    place = next(p for p in extract(text).locations if p.name == name)
    assert (place.address, place.postcode) == (address, postcode)


def test_release_gives_a_trust_the_headquarters_its_prose_states() -> None:
    record = extract(read("heldout9/919.txt"))
    assert (record.providers[0].address, record.providers[0].postcode) == ("Salterhebble Hill, Halifax", "HX3 0PW")
    text = ("CQC publishes report on Eastmoor Hospitals NHS Trust\n\nPublished 2 May 2022\n\nEastmoor Hospitals NHS Trust "
            "has been rated Good overall following an inspection in February by the Care Quality Commission (CQC).\n\n"
            "Notes to editors\nThe trust's headquarters are at Eastmoor General Hospital, Harrow Lane, Bradford BD9 6RJ.")
    record = extract(text)
    assert (record.providers[0].address, record.providers[0].postcode) == ("Harrow Lane, Bradford", "BD9 6RJ")


def test_totals_of_actions_counted_before_their_verb() -> None:
    record = extract(read("heldout9/919.txt"))
    kinds = [a.kind for i in record.inspections for a in i.actions]
    assert kinds.count(ActionKind.MUST) == 4 and kinds.count(ActionKind.SHOULD) == 12
    from cqcgraph.extract import patterns as P
    assert P.action_totals("It told the trust to take 6 actions, and 9 actions the trust should take.") == {"should": 9}
    assert P.action_totals("CQC said there were 3 improvements the provider must make.") == {"must": 3}
    # a list's last citation over the heading of the next list is no count
    assert P.action_totals("Ensure staff are trained. Regulation 18\n\nAction the provider SHOULD take to improve") == {}


def test_overall_key_question_kept_apart() -> None:
    # the box's rows rate key questions; the overall line stays the location's current rating
    record = extract(CARE_HOME_PAGE)
    assert record.locations[0].current_overall_rating is RatingValue.REQUIRES_IMPROVEMENT
    assert KeyQuestion.OVERALL in {r.key_question for r in by_start(record, "2023-10-12").ratings}


def test_release_day_beside_the_kind_of_page() -> None:
    # "Press release | 27 August 2021", on the line under the title or above it
    assert extract(read("heldout9/920.txt")).publication_date.iso == "2021-08-27"
    assert extract(CLOSURE_RELEASE).publication_date.iso == "2022-05-14"


TRUST_RELEASE = """CQC publishes report on Eastmoor Hospitals NHS Trust

Published 2 May 2022

Eastmoor Hospitals NHS Trust has been rated Good overall following an inspection by the
Care Quality Commission (CQC).

The trust runs Eastmoor General Hospital, Harrow Lane Hospital and Ashby Community Hospital.

Eastmoor General Hospital was rated Good overall. Harrow Lane Hospital was rated Requires
improvement overall.
"""


def test_trust_release_names_the_hospitals_the_trust_runs() -> None:
    names = {p.name for p in extract(read("heldout9/919.txt")).locations}
    assert {"Halifax Royal Infirmary", "Keighley Victoria Hospital"} <= names
    names = {p.name for p in extract(TRUST_RELEASE).locations}
    assert {"Eastmoor General Hospital", "Harrow Lane Hospital", "Ashby Community Hospital"} <= names


@pytest.mark.parametrize(("text", "surcharge"), [(read("heldout9/918.txt"), "£190"), (PROSECUTION_RELEASE, "£160")])
def test_unregistered_provider_prosecuted_has_no_inspection_and_keeps_its_wrapped_amounts(text: str, surcharge: str) -> None:
    record = extract(text)
    assert not record.inspections
    kinds = {a.kind for a in record.actions}
    assert {ActionKind.PROSECUTION, ActionKind.FINE, ActionKind.COSTS} <= kinds
    assert surcharge in [a.amount for a in record.actions if a.kind is ActionKind.OTHER]


DATED_ASSESSMENT = """Care Quality Commission

Rowan Court
Rowan Care Homes LLP

Care home · 34 beds
6 Park Road, Sale, Manchester M33 6JW
0161 973 0042
CQC ID: 1-20011882233

Overall rating: Good
Date of assessment: 3 March 2025 to 9 April 2025
Report published: 20 May 2025

Ratings and scores
Key question    Rating                  Score
Safe            Good                    69%
Effective       Requires improvement    56%
Caring          Good                    ∗
Responsive      Good                    ∗
Well-led        Good                    66%

∗ Caring and responsive were not assessed. The ratings are from our previous inspection.
"""


@pytest.mark.parametrize(("text", "safe"), [(read("heldout9/911.txt"), 50), (DATED_ASSESSMENT, 69)])
def test_assessment_dated_by_its_line_reads_its_key_questions_table_and_marked_rows(text: str, safe: int) -> None:
    record = extract(text)
    now = next(i for i in record.inspections if i.start_date and not i.is_previous)
    by_kq = {r.key_question: r for r in now.ratings if not r.service}
    assert by_kq[KeyQuestion.SAFE].score_percent == safe
    assert by_kq[KeyQuestion.CARING].carried_over and by_kq[KeyQuestion.RESPONSIVE].carried_over
    assert by_kq[KeyQuestion.WELL_LED].value is not None


REVIEW_OF_COMPLIANCE = """Review of compliance

Elmhurst Nursing Home
Region: West Midlands
Location address: 4 Elm Road, Redditch, Worcestershire B97 4AA
Type of service: Care home service with nursing
Date of Publication: March 2012

Our current overall judgement
Elmhurst Nursing Home was meeting all of the essential standards of quality and safety we reviewed.

How we carried out this review
We reviewed all the information we hold about this provider, carried out a visit on 14 January
2012, observed how people were being cared for and talked to staff.
"""


@pytest.mark.parametrize(("text", "day"), [(read("heldout9/914.txt"), "2011-06-07"), (REVIEW_OF_COMPLIANCE, "2012-01-14")])
def test_review_of_compliance_visit_day_wrapped_over_two_lines(text: str, day: str) -> None:
    assert detect_layout(text) == "review-of-compliance"
    review = extract(text).inspections[0]
    assert review.start_date.iso == day and [d.iso for d in review.visit_dates] == [day]


TWO_COLUMN_FRONT = """Inspection Report

Larchfield House
14 Larch Road, Cleethorpes,                          Date of Inspection: 2 July 2013
Lincolnshire DN35 8AA                                Date of Publication: August 2013
Tel: 01472 690 120

We inspected the following standards as part of a routine inspection. This is what we found:

Care and welfare of people who use services                ✔ Met this standard
"""


def test_front_page_in_two_columns_is_read_column_by_column() -> None:
    record = extract(read("heldout9/907.txt"))
    visit = record.inspections[0]
    assert [d.iso for d in visit.visit_dates] == ["2016-01-19", "2016-01-20"]
    assert (visit.end_date.iso, visit.publication_date.iso) == ("2016-01-20", "2016-03-23")
    assert extract(read("heldout9/915.txt")).inspections[0].publication_date.iso == "2013-04"
    record = extract(TWO_COLUMN_FRONT)
    assert record.inspections[0].start_date.iso == "2013-07-02"
    assert record.inspections[0].publication_date.iso == "2013-08"
    assert any(p.postcode == "DN35 8AA" for p in (*record.locations, *record.providers))
