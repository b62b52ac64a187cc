"""Families of CQC wording and layout seen on real publications (tests/fixtures/real), each shown
on two documents at least: what a careful reader takes from them, and what stays absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import extract
from cqcgraph.extract import patterns as P
from cqcgraph.extract.prose import kq_lines
from cqcgraph.records import ActionKind, KeyQuestion, RatingValue

REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def read(number: str):
    return extract((REAL / f"{number}.txt").read_text(encoding="utf-8"))


def names(items) -> list[str]:
    return [x.name for x in items]


# ------------------------------------------------------------ the inspected subject named in prose

@pytest.mark.parametrize(("number", "kind", "name"), [
    ("024", "location", "Richardsons Dental Practice"),  # "We undertook a focused follow-up inspection of …"
    ("080", "location", "Urgent Care Centre"),  # "… inspection at Urgent Care Centre on 10, 11, 14 and 30 January"
    ("016", "provider", "GP Health Partners Ltd"),  # "… inspection at GP Health Partners Ltd as part of …"
])
def test_inspection_of_names_the_subject(number: str, kind: str, name: str) -> None:
    rec = read(number)
    assert name in names(rec.locations if kind == "location" else rec.providers)


def test_inspected_name_does_not_duplicate_the_header() -> None:
    # the page header already names the location the report says it inspected
    rec = read("087")
    assert names(rec.locations) == ["London Professional Aesthetics"]


def test_inspected_name_becomes_the_subject_of_its_inspections() -> None:
    rec = read("024")
    assert rec.inspections and all(i.location == 0 for i in rec.inspections)


# ------------------------------------------------- the older page title: the name, then its rating

@pytest.mark.parametrize(("number", "name", "rating"), [
    ("048", "South Central Ambulance Service NHS 111", RatingValue.GOOD),
    ("062", "Northumberland Supported Living Service", RatingValue.GOOD),
    ("096", "Claire House Children's Hospice", RatingValue.OUTSTANDING),
])
def test_title_line_gives_name_and_current_rating(number: str, name: str, rating: RatingValue) -> None:
    rec = read(number)
    assert names(rec.locations) == [name]
    assert rec.locations[0].current_overall_rating is rating


def test_title_line_of_a_provider_page_names_the_provider() -> None:
    rec = read("028")
    assert names(rec.providers) == ["St George's University Hospitals NHS Foundation Trust"]
    assert not rec.locations
    assert rec.providers[0].current_overall_rating is RatingValue.REQUIRES_IMPROVEMENT


# ------------------------------------------------- warning releases of 2013-2015: who was visited, warned

@pytest.mark.parametrize(("number", "location", "provider"), [
    ("031", "Choice 1", "Choice Healthcare Ltd"),  # a name holding a number; "formal warnings to"
    ("032", "Wilson Lodge", "Wilson Care Resources Limited"),
    ("033", "Grindley House Residential Care Home", "Sudera Care Associates Limited"),
])
def test_release_names_the_service_visited_and_the_provider_warned(number: str, location: str, provider: str) -> None:
    rec = read(number)
    assert names(rec.locations) == [location]
    assert names(rec.providers) == [provider]


def test_release_head_names_the_service_and_the_prose_its_other_name() -> None:
    # "Service:" / "Provider:" lines in the head; the prose visits the same service by another name
    rec = read("081")
    assert names(rec.locations) == ["HCA Healthcare UK Outpatients & Diagnostics Centre at Golders Green"]
    assert "Wellington Diagnostic and Out Patient Centre" in rec.locations[0].alt_names
    assert names(rec.providers) == ["Wellington Diagnostic Services LLP"]
    assert [b.regulation.number for i in rec.inspections for b in i.breaches] == ["20"]
    rec = read("033")
    assert names(rec.locations) == ["Grindley House Residential Care Home"] and not rec.locations[0].alt_names


# ------------------------------------------- a release's body without its head is still a release

@pytest.mark.parametrize(("number", "overall"), [
    ("006", RatingValue.REQUIRES_IMPROVEMENT),  # "The Care Quality Commission (CQC) has downgraded …"
    ("099", RatingValue.OUTSTANDING),  # "The Care Quality Commission has found the quality of care …"
])
def test_release_body_opening_with_what_cqc_has_done(number: str, overall: RatingValue) -> None:
    rec = read(number)
    assert rec.layout == "press-release" and not rec.fell_back
    got = [(r.key_question.value, r.value) for i in rec.inspections for r in i.ratings]
    assert ("overall", overall) in got


def test_a_guidance_page_opening_with_what_cqc_does_is_no_release() -> None:
    assert read("003").layout == "not-cqc"


# ------------------------------------------------------------ dates: days listed, several spans

@pytest.mark.parametrize(("number", "days"), [
    ("009", ["2023-12-05", "2023-12-06", "2023-12-07"]),  # "on 5, 6 and 7 December 2023 (first visit)"
    ("080", ["2017-01-10", "2017-01-11", "2017-01-14", "2017-01-30"]),  # "on 10, 11, 14 and 30 January 2017"
])
def test_days_listed_before_their_month_are_each_a_visit(number: str, days: list[str]) -> None:
    # the inspection the days are stated for: in 080 the one its follow-up letter recalls
    main = next(i for i in read(number).inspections if i.start_date and i.start_date.iso == days[0])
    visits = [d.iso for d in main.visit_dates]
    assert all(d in visits for d in days)
    assert main.start_date.iso == days[0]


def test_a_history_date_line_listing_two_visits_gives_the_first_start_and_the_last_day() -> None:
    main = read("009").inspections[0]
    assert (main.start_date.iso, main.end_date.iso) == ("2023-12-05", "2023-12-20")
    assert main.dates_text == "5 December to 7 December 2023 and 20 December 2023"
    text = ("Oak House\n\nAll Inspections\n\n2 March to 3 March 2022, 14 April 2022\n\n"
            "During a routine inspection\n\nWe found the home was safe.\n")
    main = extract(text).inspections[0]
    assert (main.start_date.iso, main.end_date.iso) == ("2022-03-02", "2022-04-14")
    # a line with words besides its dates is no date line
    assert not extract("Oak House\n\nAll Inspections\n\nFrom 3 May 2023 and after 4 May 2023\n\n"
                       "During a routine inspection\n\nWe found the home was safe.\n").inspections[0].dates_text


# ------------------------------------------------------- breaches listed by the regulations' subjects

def _breach_titles(rec) -> dict[str, str | None]:
    return {b.title.lower(): b.regulation.number if b.regulation else None
            for i in rec.inspections if not i.is_previous for b in i.breaches}


@pytest.mark.parametrize("number", ["053", "055"])
def test_safe_and_effective_staffing_is_regulation_18(number: str) -> None:
    titles = _breach_titles(read(number))
    assert titles.get("safe and effective staffing") == "18"
    assert not {"safe", "effective"} & set(titles)


def test_earlier_breaches_the_next_sentence_says_go_on_belong_to_this_assessment() -> None:
    # "The provider was previously in breach of 6 legal regulations in relation to …. Improvements
    # were not found at this assessment, and the provider remained in breach of these regulations."
    titles = _breach_titles(read("055"))
    assert titles == {"person-centred care": "9", "promoting dignity and respect": "10",
                      "safe care and treatment": "12", "safeguarding": "13", "good governance": "17",
                      "safe and effective staffing": "18"}


def test_still_in_breach_adds_nothing_the_earlier_sentence_does_not_list() -> None:
    # "… there were multiple breaches of regulation. … the provider was still in breach of regulations."
    variant = Path(__file__).resolve().parent / "fixtures" / "variants" / "003.txt"
    titles = _breach_titles(extract(variant.read_text(encoding="utf-8")))
    assert titles == {"safe care and treatment": "12", "staffing": "18", "good governance": "17"}


@pytest.mark.parametrize(("number", "span"), [
    ("050", ("2024-04-29", "2024-06-04")),  # "Date of assessment 29 April to 4 June 2024"
    ("053", ("2024-05-16", "2024-07-09")),
    ("055", ("2025-04-02", "2025-04-17")),  # "Date of assessments were from 2 to 17 April 2025"
])
def test_an_assessments_dates_stated_as_such(number: str, span: tuple[str, str]) -> None:
    main = read(number).inspections[0]
    assert (main.start_date.iso, main.end_date.iso) == span


# ------------------------------------------- an earlier inspection narrated with its second visit

def test_an_earlier_inspections_second_visit_is_its_own() -> None:
    # "We carried out an announced comprehensive inspection at … on 1 July 2019 …. Shortly after the
    # inspection, CQC received an enquiry … and carried out a second announced visit on 15 July 2019."
    rec = read("046")
    main, *earlier = rec.inspections
    assert "2019-07-15" not in [d.iso for d in main.visit_dates]
    july = [i for i in earlier if i.start_date and i.start_date.iso == "2019-07-01"]
    assert len(july) == 1 and july[0].is_previous
    assert [d.iso for d in july[0].visit_dates] == ["2019-07-01", "2019-07-15"]


def test_a_further_visit_of_the_inspection_reported_stays_with_it() -> None:
    seed = Path(__file__).resolve().parent / "fixtures" / "seeds" / "000_380284b7b5ad22b9.txt"
    rec = extract(seed.read_text(encoding="utf-8"))
    april = [i for i in rec.inspections if i.start_date and i.start_date.iso == "2019-04-16"]
    assert len(april) == 1 and not april[0].is_previous
    assert [d.iso for d in april[0].visit_dates] == ["2019-04-16", "2019-04-29"]


# ------------------------------------------------ "(Previous inspection May 2016 – Good overall …)"

@pytest.mark.parametrize(("path", "month", "expected"), [
    ("real/048.txt", "2016-05", {("overall", RatingValue.GOOD), ("effective", RatingValue.REQUIRES_IMPROVEMENT)}),
    ("real/014.txt", "2014-10", {("overall", RatingValue.GOOD)}),
    ("variants/028.txt", "2015-10", {("overall", RatingValue.GOOD)}),
])
def test_previous_inspection_in_brackets_with_its_other_ratings(path: str, month: str, expected: set) -> None:
    fixtures = Path(__file__).resolve().parent / "fixtures"
    rec = extract((fixtures / path).read_text(encoding="utf-8"))
    earlier = [i for i in rec.inspections if i.is_previous and i.start_date and i.start_date.iso == month]
    assert len(earlier) == 1
    assert {(r.key_question.value, r.value) for r in earlier[0].ratings} == expected
    # the current inspection keeps its own ratings
    assert not any(i.is_previous for i in rec.inspections[:1])


@pytest.mark.parametrize(("number", "visits"), [
    ("095", ["2022-09-06", "2023-01-30"]),  # "6/9/2022, 30/01/2023"
    ("009", ["2023-12-05", "2023-12-07", "2023-12-20"]),  # "5 December to 7 December 2023 and 20 December 2023"
])
def test_each_date_a_history_date_line_lists_is_a_visit(number: str, visits: list[str]) -> None:
    main = read(number).inspections[0]
    assert set(visits) <= {d.iso for d in main.visit_dates}
    assert main.start_date.iso == visits[0] and main.end_date.iso == visits[-1]


@pytest.mark.parametrize(("number", "visit", "published"), [
    ("066", "2011-04-04", "2011-06-29"),  # "Date of Inspection: 4 April 2011" / "Date of Publication: 29 June 2011"
    ("025", "2014-09-22", "2014-10-30"),
])
def test_a_reports_dates_stated_together_above_it(number: str, visit: str, published: str) -> None:
    main = read(number).inspections[0]
    assert (main.start_date.iso, main.publication_date.iso) == (visit, published)


@pytest.mark.parametrize(("number", "days"), [
    ("021", ["2013-04-05", "2013-04-08", "2013-04-10"]),  # "5, 8, 10 April 2013"
    ("071", ["2012-03-06", "2012-03-14"]),  # "6, 14 March 2012"
])
def test_days_listed_with_commas_only_on_a_date_line(number: str, days: list[str]) -> None:
    main = read(number).inspections[0]
    assert [d.iso for d in main.visit_dates] == days
    assert (main.start_date.iso, main.end_date.iso) == (days[0], days[-1])


def test_a_number_after_a_regulation_is_no_day() -> None:
    from cqcgraph.extract import patterns as P

    assert [d.iso for d in P.listed_days("in breach of Regulation 12, 14 March 2012")] == []


# ------------------------------------------------ a service's rating stays on the service

@pytest.mark.parametrize(("number", "service", "value"), [
    ("027", "Community health services for children, young people and families", RatingValue.REQUIRES_IMPROVEMENT),
    ("079", "Urgent and emergency services", RatingValue.GOOD),
])
def test_an_entry_about_one_service_rates_that_service(number: str, service: str, value: RatingValue) -> None:
    main = read(number).inspections[0]
    assert main.ratings and all(r.service == service for r in main.ratings)
    assert ("overall", value) in {(r.key_question.value, r.value) for r in main.ratings}


@pytest.mark.parametrize("number", ["027", "028"])
def test_a_provider_pages_entries_are_the_providers(number: str) -> None:
    rec = read(number)
    assert not rec.locations and len(rec.providers) == 1
    assert rec.inspections and rec.inspections[0].provider == 0


def test_days_outside_an_entrys_dated_span_are_not_its_visits() -> None:
    # a provider page lists earlier service reports below the entry of 17 July to 5 September 2019
    main = read("028").inspections[0]
    assert (main.start_date.iso, main.end_date.iso) == ("2019-07-17", "2019-09-05")
    assert all("2019-07-17" <= d.iso <= "2019-09-05" for d in main.visit_dates)
    # the days within a span stay
    assert len(read("009").inspections[0].visit_dates) == 4


# ------------------------------------------------------------------------------------ coverage

def test_no_real_cqc_publication_falls_back_and_only_other_pages_give_nothing() -> None:
    import json

    for path in sorted(REAL.glob("*.txt")):
        kind = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))["kind"]
        rec = extract(path.read_text(encoding="utf-8"))
        if kind != "other" and (rec.layout == "not-cqc" or not (rec.inspections or rec.locations or rec.providers)):
            # a copy of a summary that names no one (nor CQC) is about the location of the
            # address it was read from, as a user ingests it (``--source-url``)
            from cqcgraph.evaluate import stated_source_url

            rec = extract(path.read_text(encoding="utf-8"), source_url=stated_source_url(path))
        assert not rec.fell_back, path.name
        if kind == "other":
            assert rec.layout == "not-cqc", path.name
        elif _names_no_one(path):
            # a policy release whose labels name no service (plans for special measures) gives
            # no inspection, location or provider
            assert rec.layout != "not-cqc" and not (rec.inspections or rec.locations or rec.providers), path.name
        else:
            # (a release of counts may state its one named action alone: "One practice, Orchard
            # Surgery in Slough, has been taken out of special measures")
            assert rec.layout != "not-cqc" and (rec.inspections or rec.locations or rec.providers or rec.actions), path.name


def _names_no_one(path: Path) -> bool:
    """Whether the document's expected file lists no provider, location or inspection."""
    import json

    expected = path.with_name(path.name.replace(".txt", ".expected.json"))
    if not expected.exists():
        return False
    exp = json.loads(expected.read_text(encoding="utf-8"))
    return not (exp.get("provider") or exp.get("providers") or exp.get("locations") or exp.get("inspections"))


@pytest.mark.parametrize(("number", "span", "visits"), [
    ("058", ("2023-06-12", "2023-07-05"), ["2023-06-12", "2023-06-13", "2023-06-16"]),
    ("091", ("2022-05-24", "2022-06-01"), ["2022-05-24"]),
    ("093", ("2019-11-18", "2019-11-22"), ["2019-11-18"]),
])
def test_inspection_activity_span_is_no_visit(number: str, span: tuple[str, str], visits: list[str]) -> None:
    # "Inspection activity started on 24 May 2022 and ended on 01 June 2022. We visited the
    # location's office on 24 May 2022."
    main = read(number).inspections[0]
    assert (main.start_date.iso, main.end_date.iso) == span
    assert [d.iso for d in main.visit_dates] == visits


def test_a_hospitals_name_is_not_taken_cut_short() -> None:
    # "at Royal United Hospital Bath": the name goes on after "Hospital", so none is taken
    assert "Royal United Hospital" not in names(read("006").locations)
    variant = Path(__file__).resolve().parent / "fixtures" / "variants" / "043.txt"
    assert "Southmere General Hospital" in names(extract(variant.read_text(encoding="utf-8")).locations)


def test_the_summary_pages_own_heading_names_nothing() -> None:
    # "Overall summary & rating" above "Good": the page's heading, not the location's name, when
    # the title line ("Claire House Children's Hospice Outstanding") is cut off
    pages = [p for p in sorted(REAL.glob("*.txt")) if "\nOverall summary & rating\n" in p.read_text(encoding="utf-8")]
    assert len(pages) >= 2
    for path in pages:
        rec = extract(path.read_text(encoding="utf-8"))
        assert not [x.name for x in (*rec.locations, *rec.providers)
                    if x.name and x.name.lower() in ("overall summary & rating", "inspection summary")], path.name
    assert read("096").locations[0].name == "Claire House Children's Hospice"


@pytest.mark.parametrize("number", ["004", "030", "100"])
def test_a_guidance_page_states_powers_not_actions(number: str) -> None:
    # "We can issue a Warning Notice …", "For NHS trusts, section 29A of the Act has additional
    # provision for Warning Notices", "We select practice locations for inspection …": what CQC
    # does or can do, never an action taken, whatever the page's address
    import json

    path = REAL / f"{number}.txt"
    url = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))["url"]
    for rec in (read(number), extract(path.read_text(encoding="utf-8"), source_url=url)):
        assert rec.layout == "not-cqc" and not rec.actions and not rec.inspections, number


# ------------------------------------- adult social care report summaries, 2019-2023 template

@pytest.mark.parametrize("number", ["005", "051", "060", "090"])
def test_the_peoples_experience_section_marks_an_adult_social_care_summary(number: str) -> None:
    # "About the service … People's experience of using this service and what we found": a
    # summary, not a text for the generic reader, with or without a page header above it
    rec = read(number)
    assert not rec.fell_back and rec.layout != "not-cqc"


def test_a_summary_without_its_header_keeps_the_ratings_it_states() -> None:
    # "the evidence continued to support the rating of good for the safe, effective and caring domains"
    rec = read("060")
    assert {(r.key_question.value, r.value) for i in rec.inspections for r in i.ratings} >= {
        ("safe", RatingValue.GOOD), ("effective", RatingValue.GOOD), ("caring", RatingValue.GOOD)}


# ------------------------------------------- a release about many services rates none of them

def test_a_release_about_many_services_gives_no_subjectless_rating() -> None:
    # the opening of a CQC news story of 2016 (Open Government Licence v3.0): counts of care homes
    # once rated Inadequate, no inspection of anyone
    text = ("Following re-inspection, nearly three quarters of care homes that we originally rated Inadequate have "
            "improved their ratings. This means over 12,000 people across England are experiencing better and safer "
            "care from these services.\n"
            "CQC’s Chief Inspector of Adult Social Care, Andrea Sutcliffe, said: “I welcome the improvements we have "
            "seen during our re-inspections of care homes that were originally rated as Inadequate.”")
    rec = extract(text, source_url="https://cqc.org.uk/news/stories/inspections-reveal-care-home-improvement")
    assert rec.layout == "press-release" and not rec.inspections


# ------------------------------------- the service an adult social care summary opens by describing

@pytest.mark.parametrize(("number", "name"), [
    ("060", "Options for Supported Living"),  # "About the service Options for Supported Living is a supported living service …"
    ("090", "Shared Lives"),  # "Shared Lives is a shared lives scheme which provides …"
    ("091", "Shared Lives Scheme"),  # "Shared Lives Scheme is a shared lives scheme, they recruit …"
])
def test_the_service_the_opening_describes_is_the_location(number: str, name: str) -> None:
    assert names(read(number).locations) == [name]


def test_an_earlier_inspection_at_a_named_practice_names_it() -> None:
    # "We previously carried out an announced comprehensive inspection at Radbrook Green Surgery on 20 November 2018."
    assert names(read("013").locations) == ["Radbrook Green Surgery"]


def test_an_earlier_inspection_dated_by_its_year_alone() -> None:
    # "We last inspected this location in 2014 when it was rated outstanding overall"
    earlier = [i for i in read("095").inspections if i.is_previous]
    assert [(i.start_date.iso, i.start_date.precision.value) for i in earlier] == [("2014", "year")]
    assert (KeyQuestion.OVERALL, RatingValue.OUTSTANDING) in {(r.key_question, r.value) for r in earlier[0].ratings}


# --------------------------- the overall rating a Chief Inspector's letter states of its subject

def test_the_overall_rating_for_the_subject_is_read_in_the_present_tense() -> None:
    # "The overall rating for this practice is outstanding."
    current = [i for i in read("011").inspections if not i.is_previous]
    assert (KeyQuestion.OVERALL, RatingValue.OUTSTANDING) in {(r.key_question, r.value) for r in current[0].ratings}


def test_the_overall_rating_a_follow_up_letter_recalls_is_not_read_as_current() -> None:
    # "The overall rating for the service was requires improvement. The full comprehensive report on
    # the January 2017 inspection can be found …": the opening of a follow-up's letter
    assert not [r for i in read("080").inspections if not i.is_previous for r in i.ratings]


def test_the_last_rating_for_a_service_is_not_the_current_one() -> None:
    # "The last rating for this service was Good (published 9 May 2018)." is history
    rec = extract("Letter from the Chief Inspector\nThe last rating for this service was Good (published 9 May 2018).")
    assert not [r for i in rec.inspections if not i.is_previous for r in i.ratings]


# ------------------------------------------- a history entry's date line is no name, year or not

@pytest.mark.parametrize("number", ["082", "021", "029"])
def test_a_date_line_heading_the_page_names_nothing(number: str) -> None:
    # "4 August" (no year), "5, 8, 10 April 2013", "8 October 2012" open pages without a header
    assert not [loc for loc in read(number).locations if loc.name and loc.name[:1].isdigit()]


def test_a_date_line_without_its_year_dates_its_entry_by_its_wording() -> None:
    # "4 August" above "During a routine inspection": the entry's date as written, no day invented
    current = [i for i in read("082").inspections if not i.is_previous]
    assert [(i.dates_text, i.start_date) for i in current] == [("4 August", None)]


# ------------------------------------------------------- what "remains rated" is said of

def test_remains_rated_belongs_to_its_own_clause() -> None:
    # "Overall the practice remains rated as good and Safe is now rated good.": the overall rating
    # stayed the same; safe's did not (it was requires improvement)
    changes = {(c.key_question, c.change.value) for i in read("013").inspections for c in i.changes}
    assert (KeyQuestion.OVERALL, "stayed-the-same") in changes
    assert not any(kq is KeyQuestion.SAFE for kq, _ in changes)


def test_remains_rated_belongs_to_the_key_question_before_it() -> None:
    # "Responsive remains rated as requires improvement, effective remains good and caring remains
    # outstanding." in a release about one core service: each clause rates its own key question of
    # that service (requires improvement is responsive's rating, not effective's), and the
    # location's own key questions are not said to have stayed the same
    record = read("006")
    ratings = {(r.key_question, r.value) for i in record.inspections for r in i.ratings if r.service}
    assert {(KeyQuestion.RESPONSIVE, RatingValue.REQUIRES_IMPROVEMENT), (KeyQuestion.EFFECTIVE, RatingValue.GOOD),
            (KeyQuestion.CARING, RatingValue.OUTSTANDING)} <= ratings
    assert (KeyQuestion.EFFECTIVE, RatingValue.REQUIRES_IMPROVEMENT) not in ratings
    assert not [c for i in record.inspections for c in i.changes if c.key_question is not KeyQuestion.OVERALL]


# --------------------------------------- "X is operated by Y" names the location and its provider

@pytest.mark.parametrize(("number", "name", "provider"), [
    ("049", "Ambulance Station", "Central Medical Services"),  # the cover gives "… Ltd" and a location cut short
    ("084", "Turner Diagnostic Centre", "Alliance Medical Limited"),
    ("086", "Colchester Clinic", "Diagnostic Healthcare Limited"),
])
def test_operated_by_names_the_location_and_its_provider(number: str, name: str, provider: str) -> None:
    rec = read(number)
    assert names(rec.locations) == [name]
    assert rec.locations[0].provider is not None
    owner = rec.providers[rec.locations[0].provider]
    assert provider in (owner.name, *owner.alt_names)


# ---------------------- a report's one-line front page: "<provider> <location> Quality Report <address>"

# The second case is written as CQC's independent health reports of 2016-2019 print their front
# page (one real copy of that front page is among the copied pages).
_ONE_LINE_COVER = (
    "Riverside Care Ltd Clinic Quality Report\n\n12, River Road, Leeds, LS1 4AB Tel:0113 496 0000 Date of inspection "
    "visit: 3 May & 9th May 2017 Website: www.example.org Date of publication: 20/07/2017\n\n"
    "1 Riverside Clinic Quality Report 20/07/2017 Summary of findings\n\nLetter from the Chief Inspector of Hospitals\n\n"
    "Riverside Clinic is operated by Riverside Care. We carried out the announced part of the inspection on 3 May 2017, "
    "along with an unannounced visit on 9 May 2017.\n")


@pytest.mark.parametrize(("record", "provider", "location", "address", "postcode"), [
    (lambda: read("049"), "Central Medical Services Ltd", "Ambulance Station", "4, Robey Close, Linby, Nottinghamshire", "NG15 8AA"),
    (lambda: extract(_ONE_LINE_COVER), "Riverside Care Ltd", "Riverside Clinic", "12, River Road, Leeds", "LS1 4AB"),
])
def test_a_one_line_front_page_names_the_provider_and_the_location_s_address(record, provider, location, address, postcode) -> None:
    rec = record()
    assert [(p.name, p.alt_names) for p in rec.providers] == [(provider, (provider.removesuffix(" Ltd"),))]
    assert [(loc.name, loc.address, loc.postcode) for loc in rec.locations] == [(location, address, postcode)]
    # "18 July & 24th July" is two days
    current = [i for i in rec.inspections if not i.is_previous]
    assert len(current) == 1 and current[0].start_date.iso < current[0].end_date.iso


def test_a_front_page_s_year_yields_to_the_letter_s_when_the_days_agree() -> None:
    # the cover prints "18 July & 24th July 2016"; the letter: "… on 18 July 2017, along with an
    # unannounced visit to the service on 24 July 2017"
    current = [i for i in read("049").inspections if not i.is_previous]
    assert [(i.start_date.iso, i.end_date.iso) for i in current] == [("2017-07-18", "2017-07-24")]
    assert not [i for i in read("049").inspections if i.is_previous]
    same_year = extract(_ONE_LINE_COVER).inspections[0]
    assert (same_year.start_date.iso, same_year.end_date.iso) == ("2017-05-03", "2017-05-09")


# ------------------------- a key question's heading and its rating, on one line or the next

FIXTURES = REAL.parent


@pytest.mark.parametrize(("path", "line", "expected"), [
    ("seeds/001_055984bc2d9da33b.txt", "Well-led", ("well-led", "good")),  # "Well-led" / "Good" / a date
    ("seeds/002_635fea5c798dad1b.txt", "Safe\tInadequate", ("safe", "inadequate")),  # a table row
    ("seeds/002_635fea5c798dad1b.txt", "Effective\tInspected but not rated", ("effective", "inspected-but-not-rated")),
    ("corpus/047.txt", "Effective – Requires Improvement", ("effective", "requires-improvement")),
    ("real/016.txt", "Are services well-led? – Inadequate", ("well-led", "inadequate")),
    ("real/087.txt", "Are services safe? – Good", ("safe", "good")),
])
def test_a_key_questions_heading_gives_its_own_rating(path: str, line: str, expected: tuple[str, str]) -> None:
    lines = [ln.strip() for ln in (FIXTURES / path).read_text(encoding="utf-8").split("\n") if ln.strip()]
    k = next(n for n, ln in enumerate(lines) if ln == line.strip())
    kq, value, _used = P.kq_rating_at(lines, k)
    assert (kq.value, value.value) == expected


def test_a_heading_takes_no_rating_from_the_next_key_questions_line() -> None:
    # header lines of the one-line layout: each key question has its own rating, none its neighbour's
    lines = ["Responsive Good", "Well-led Requires improvement", "Caring", "Safe Good"]
    assert [P.kq_rating_at(lines, k) and (P.kq_rating_at(lines, k)[0].value, P.kq_rating_at(lines, k)[1].value)
            for k in range(4)] == [("responsive", "good"), ("well-led", "requires-improvement"), None, ("safe", "good")]


def test_a_previously_rated_key_question_is_no_heading_with_a_rating() -> None:
    # "Are services effective? – previously rated Good" is history
    lines = [ln.strip() for ln in (REAL / "087.txt").read_text(encoding="utf-8").split("\n") if ln.strip()]
    k = next(n for n, ln in enumerate(lines) if ln.startswith("Are services effective?"))
    assert P.kq_rating_at(lines, k) is None


@pytest.mark.parametrize(("path", "expected"), [
    ("seeds/002_635fea5c798dad1b.txt", {("safe", "inadequate"), ("responsive", "inadequate"), ("well-led", "inadequate")}),
    ("real/016.txt", {("safe", "requires-improvement"), ("caring", "good"), ("well-led", "inadequate")}),
])
def test_a_summary_reads_key_question_lines_of_every_separator(path: str, expected: set[tuple[str, str]]) -> None:
    # a table row "Safe<TAB>Inadequate" as a summary's line reader sees it, and "Are services safe? – …"
    got = {(r.key_question.value, r.value.value) for r in kq_lines((FIXTURES / path).read_text(encoding="utf-8"))}
    assert got >= expected


# ------------------------------------------------------------ a follow-up's letter recalls the inspection it follows

@pytest.mark.parametrize(("number", "start", "end", "ratings"), [
    # "We previously carried out an announced comprehensive inspection at Radbrook Green Surgery on
    # 20 November 2018. Overall the practice was rated as good with requires improvement for
    # providing safe services. … The full comprehensive report on the November 2018 inspection …"
    ("013", "2018-11-20", "2018-11-20", {KeyQuestion.OVERALL: RatingValue.GOOD, KeyQuestion.SAFE: RatingValue.REQUIRES_IMPROVEMENT}),
    # "We carried out an announced comprehensive inspection at Urgent Care Centre on 10, 11, 14 and
    # 30 January 2017. The overall rating for the service was requires improvement. The full
    # comprehensive report on the January 2017 inspection …"
    ("080", "2017-01-10", "2017-01-30", {KeyQuestion.OVERALL: RatingValue.REQUIRES_IMPROVEMENT}),
])
def test_a_follow_up_letter_recalls_the_earlier_inspection_with_its_dates_and_ratings(number, start, end, ratings) -> None:
    rec = read(number)
    current, *earlier = rec.inspections
    recalled = next(i for i in earlier if i.start_date and i.start_date.iso == start)
    assert recalled.is_previous and recalled.end_date.iso == end
    assert {r.key_question: r.value for r in recalled.ratings} == ratings
    assert recalled.location == current.location == 0
    # the recalled dates are not the follow-up's own
    assert not (current.start_date and current.start_date.iso == start)
    assert start not in {d.iso for d in current.visit_dates}


def test_the_follow_up_keeps_its_own_ratings_apart_from_the_recalled_ones() -> None:
    # "Overall the practice remains rated as good and Safe is now rated good": safe is good now,
    # requires improvement only at the recalled inspection
    current = read("013").inspections[0]
    assert {r.key_question: r.value for r in current.ratings}[KeyQuestion.SAFE] is RatingValue.GOOD
    assert current.start_date.iso == "2019-02-26"


# ------------------------------------------------------------ rating changes in the key question sections

@pytest.mark.parametrize(("path", "kq", "change"), [
    (REAL / "096.txt", KeyQuestion.SAFE, "went-down"),  # "Inspection areas … Our rating of safe went down."
    (REAL.parent / "seeds" / "002_635fea5c798dad1b.txt", KeyQuestion.RESPONSIVE, "went-down"),  # "Our rating of responsive went down."
])
def test_our_rating_of_a_key_question_changed_is_a_change_of_that_key_question(path: Path, kq, change: str) -> None:
    rec = extract(path.read_text(encoding="utf-8"))
    assert (kq, change) in {(c.key_question, c.change.value) for i in rec.inspections for c in i.changes}


# ------------------------------------------------------------ what a follow-up follows up

@pytest.mark.parametrize(("number", "month", "ratings"), [
    # "… to follow up on breaches of regulations identified at our inspection in May 2022, when we
    # rated the service as Requires improvement overall."
    ("087", "2022-05", {KeyQuestion.OVERALL: RatingValue.REQUIRES_IMPROVEMENT}),
    # "… looked at breaches in regulations identified at the inspection in May 2016 …", and the
    # same inspection again: "(Previous inspection May 2016 – Good overall with requires
    # improvement in the effective domain)"
    ("048", "2016-05", {KeyQuestion.OVERALL: RatingValue.GOOD, KeyQuestion.EFFECTIVE: RatingValue.REQUIRES_IMPROVEMENT}),
])
def test_the_inspection_whose_breaches_are_followed_up_is_an_earlier_one(number: str, month: str, ratings) -> None:
    rec = read(number)
    earlier = [i for i in rec.inspections if i.start_date and i.start_date.iso == month]
    assert len(earlier) == 1 and earlier[0].is_previous
    assert {r.key_question: r.value for r in earlier[0].ratings} == ratings
    # the follow-up's own rating is not the earlier one
    assert rec.inspections[0].start_date.iso != month


# ------------------------------------------------------------ ratings "in the … domains"

def test_a_finding_about_the_practice_in_named_domains_rates_those_key_questions() -> None:
    # "We found the practice to be outstanding in the effective, responsive and well led domains.
    # We found the practice to be good in the safe and caring domains."
    ratings = {r.key_question: r.value for r in read("011").inspections[0].ratings}
    assert ratings == {KeyQuestion.OVERALL: RatingValue.OUTSTANDING, KeyQuestion.EFFECTIVE: RatingValue.OUTSTANDING,
                       KeyQuestion.RESPONSIVE: RatingValue.OUTSTANDING, KeyQuestion.WELL_LED: RatingValue.OUTSTANDING,
                       KeyQuestion.SAFE: RatingValue.GOOD, KeyQuestion.CARING: RatingValue.GOOD}


def test_a_rating_in_a_named_domain_of_an_earlier_inspection_stays_with_it() -> None:
    # "(Previous inspection May 2016 – Good overall with requires improvement in the effective domain)"
    rec = read("048")
    earlier = next(i for i in rec.inspections if i.is_previous)
    assert {r.key_question: r.value for r in earlier.ratings}[KeyQuestion.EFFECTIVE] is RatingValue.REQUIRES_IMPROVEMENT
    now = {r.key_question: r.value for r in rec.inspections[0].ratings}
    assert now.get(KeyQuestion.EFFECTIVE) is not RatingValue.REQUIRES_IMPROVEMENT


def test_found_the_practice_to_be_good_at_something_rates_nothing() -> None:
    from cqcgraph.extract.prose import ratings_in_sentence
    assert ratings_in_sentence("We found the practice to be good at identifying carers.") == []


# ------------------------------------------------------------ the name a letter's reports link gives

def test_the_all_reports_link_names_the_location_another_way() -> None:
    # "… by selecting the ‘all reports’ link for Radbrook Green on our website at ."
    place = read("013").locations[0]
    assert place.name == "Radbrook Green Surgery" and "Radbrook Green" in place.alt_names


def test_a_reports_link_name_cut_off_by_the_excerpt_is_no_name() -> None:
    # "… by selecting the ‘all reports’ link for Urgent Care Cen" (the excerpt ends there)
    rec = read("080")
    assert not any(n.startswith("Urgent Care Cen") and n != "Urgent Care Centre"
                   for loc in rec.locations for n in (loc.name, *loc.alt_names))


# ------------------------------------------------------------ another name stated in brackets

@pytest.mark.parametrize(("path", "kind", "name", "alias"), [
    (REAL / "080.txt", "location", "Urgent Care Centre", "Leechmere Centre"),  # "The Urgent Care Centre (known as Leechmere Centre)"
    (REAL.parent / "corpus" / "052.txt", "provider", "Pharmacorp Ltd", "Medicine Direct"),  # "Pharmacorp Ltd (also known as Medicine Direct)"
])
def test_a_name_known_as_another_keeps_both(path: Path, kind: str, name: str, alias: str) -> None:
    rec = extract(path.read_text(encoding="utf-8"))
    item = next(x for x in (rec.locations if kind == "location" else rec.providers) if x.name == name)
    assert alias in item.alt_names


# ------------------------------------------------------------ a summary whose page is cut away

def _meta_url(number: str) -> str:
    import json
    return json.loads((REAL / f"{number}.meta.json").read_text(encoding="utf-8"))["url"]


@pytest.mark.parametrize("number", ["064", "065", "039", "040"])
def test_a_2011_2014_summary_cut_below_its_date_line_is_a_summary_not_a_fallback(number: str) -> None:
    # the same real page without its "7 March 2011 / During a routine inspection" lines: what
    # people told the inspector, what the inspector saw; its CQC address says whose it is
    body = (REAL / f"{number}.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    rec = extract(body, source_url=_meta_url(number))
    assert rec.layout == "summary-fragment" and not rec.fell_back
    # the date went with the cut lines: none is invented
    assert not any(i.start_date for i in rec.inspections)


def test_an_adult_social_care_report_opening_with_its_dates_is_a_summary_not_a_fallback() -> None:
    # "The inspection took place over the period of 14 February 2018 to 26 February 2018 … The
    # service was last inspected in July 2017"
    rec = extract((REAL.parent / "corpus" / "021.txt").read_text(encoding="utf-8"))
    assert rec.layout == "summary-fragment" and not rec.fell_back
    assert [(i.start_date.iso, i.is_previous) for i in rec.inspections] == [("2018-02-14", False), ("2017-07", True)]


def test_one_family_of_the_inspectors_voice_claims_no_text() -> None:
    from cqcgraph.extract import fragment
    assert not fragment.detect("People told us they liked the new menu. The café opens at nine.")


# ------------------------------------------------------------ the overall rating said unchanged

@pytest.mark.parametrize(("path", "sentence"), [
    (REAL / "095.txt", "We found this rating had not changed and we rated it outstanding overall because:"),
    (REAL.parent / "corpus" / "055.txt", "While the trust’s overall rating has remain unchanged since CQC’s previous inspection"),
])
def test_an_overall_rating_said_unchanged_stayed_the_same(path: Path, sentence: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert sentence in text
    rec = extract(text)
    assert (KeyQuestion.OVERALL, "stayed-the-same") in {(c.key_question, c.change.value) for i in rec.inspections for c in i.changes}


def test_a_key_questions_rating_not_changed_is_no_overall_change() -> None:
    assert not P.UNCHANGED_RE.search("We found the rating for safe had not changed.")


# ------------------------------------------------------------ history entries: "Inspection carried out on …"

def test_one_line_service_report_entries_keep_their_dates_service_and_publication() -> None:
    # "Service reports published 1 November 2016" over "Inspection carried out on 21 - 23 June 2016
    # During an inspection of Community end of life care Download report PDF …", and "Inspection
    # carried out on Announced visit, 21-23 June 2016. Unannounced visit, 6 July 2016. During an
    # inspection of Community health inpatient services …"
    rec = read("028")
    listed = {(i.label, i.start_date.iso, i.end_date.iso, i.publication_date.iso if i.publication_date else None)
              for i in rec.inspections if i.label and " of " in i.label}
    assert ("During an inspection of Community health inpatient services", "2018-03-06", "2018-04-18", "2018-07-19") in listed
    assert ("During an inspection of Community end of life care", "2016-06-21", "2016-06-23", "2016-11-01") in listed
    assert ("During an inspection of Community health inpatient services", "2016-06-21", "2016-07-06", "2016-11-01") in listed
    # the trust's own entry, above any "Service reports published" line, keeps no publication date
    own = rec.inspections[0]
    assert (own.start_date.iso, own.end_date.iso, own.publication_date) == ("2019-07-17", "2019-09-05", None)
    assert all(i.provider == 0 for i in rec.inspections)


@pytest.mark.parametrize(("number", "start", "end"), [
    ("022", "2013-09-26", "2013-09-26"),  # "Inspection carried out on 26 September 2013" over its label
    ("048", "2018-08-07", "2018-08-09"),  # "Inspection carried out on 7 August 2018 to 9 August 2018"
])
def test_an_entry_dated_on_the_line_above_its_label_keeps_its_dates(number: str, start: str, end: str) -> None:
    first = read(number).inspections[0]
    assert (first.start_date.iso, (first.end_date or first.start_date).iso) == (start, end)


# ------------------------------------------------- days listed under several months, the year once

@pytest.mark.parametrize(("number", "start", "end", "visits"), [
    # "an announced inspection that took place on 19, 23, 24, 25, 26 May and 1 June 2016"
    ("092", "2016-05-19", "2016-06-01", ["2016-05-19", "2016-05-23", "2016-05-24", "2016-05-25", "2016-05-26", "2016-06-01"]),
    # the date line of a 2011-2014 entry: "1 June and 11 July 2011"
    ("065", "2011-06-01", "2011-07-11", ["2011-06-01", "2011-07-11"]),
])
def test_days_listed_under_several_months_are_each_a_visit(number: str, start: str, end: str, visits: list[str]) -> None:
    main = read(number).inspections[0]
    assert (main.start_date.iso, main.end_date.iso) == (start, end)
    assert [d.iso for d in main.visit_dates] == visits


def test_a_span_between_two_days_is_no_list_of_visits() -> None:
    assert P.listed_days("between 1 May and 3 June 2016") == []
    assert [d.iso for d in P.listed_days("on 30, 31 December and 2 January 2016")] == ["2015-12-30", "2015-12-31", "2016-01-02"]


# ------------------------------------------------- an earlier inspection dated where it is named

@pytest.mark.parametrize(("path", "current", "earlier"), [
    # "We carried out a review of this service on 5 October 2015 … after our comprehensive
    # inspection on 1 September 2015 … At the previous, comprehensive inspection on 1 September 2015"
    (REAL / "002.txt", "2015-10-05", "2015-09-01"),
    # "Following our previous inspection on 10 December 2019, the practice was rated …"
    (REAL.parent / "corpus" / "047.txt", "2021-06-08", "2019-12-10"),
])
def test_an_earlier_inspections_day_is_none_of_the_current_ones(path: Path, current: str, earlier: str) -> None:
    rec = extract(path.read_text(encoding="utf-8"))
    now = [i for i in rec.inspections if not i.is_previous and i.start_date and i.start_date.iso == current]
    assert now and all(earlier not in {d.iso for d in i.visit_dates} | {i.end_date.iso if i.end_date else None}
                       for i in now)
    assert earlier in {i.start_date.iso for i in rec.inspections if i.is_previous and i.start_date}


# ------------------------------------------------- guidance in the future tense, by CQC's inspectors

@pytest.mark.parametrize("number", ["010", "003"])
def test_guidance_stated_after_a_leading_clause_or_by_inspectors_is_no_publication(number: str) -> None:
    # "Instead, we will provide a judgement …", "Inspectors will judge each evidence category …";
    # "… , we will …", "… , we may …"
    from cqcgraph.extract.context import guidance_page

    text = (REAL / f"{number}.txt").read_text(encoding="utf-8")
    assert guidance_page(text)
    rec = extract(text, source_url="https://www.cqc.org.uk/guidance-regulation/providers")
    assert rec.layout == "not-cqc" and not rec.has_facts


# ------------------------------------------------- a copy that names no one is its address's location

@pytest.mark.parametrize("number", ["038", "072", "021", "071"])
def test_a_copy_naming_no_one_is_about_the_location_its_address_names(number: str) -> None:
    from cqcgraph.evaluate import stated_source_url

    path = REAL / f"{number}.txt"
    url = stated_source_url(path)
    rec = extract(path.read_text(encoding="utf-8"), source_url=url)
    assert [loc.cqc_id for loc in rec.locations] == [url.split("/location/")[1].split("/")[0]]
    assert not rec.locations[0].name
    assert all(i.location == 0 for i in rec.inspections)


def test_a_copy_that_falls_back_gets_no_location_from_its_address() -> None:
    from cqcgraph.extract import with_url_key
    from cqcgraph.records import DocumentRecord

    record = DocumentRecord("generic", fell_back=True)
    assert not with_url_key(record, "https://www.cqc.org.uk/location/1-129508000/reports").locations


# ------------------------------------------------- the opening's short name of the header's service

def test_the_openings_short_name_is_another_name_of_the_location() -> None:
    # "Beechfields is a care home providing …" under "Archived: Beechfields Nursing Home Limited"
    (place,) = read("051").locations
    assert (place.name, place.alt_names) == ("Beechfields Nursing Home Limited", ("Beechfields",))


@pytest.mark.parametrize("number", ["005", "063"])
def test_an_opening_naming_the_service_in_full_adds_no_other_name(number: str) -> None:
    # "Pinglenook Residential Home is a residential care home …", "Hazel Bank Care Home is a …"
    (place,) = read(number).locations
    assert place.alt_names == ()


# ------------------------------------------------------------ breaches and enforcement wherever a report states them

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
ASSESSMENT_PAGE = SEEDS / "001_055984bc2d9da33b.txt"  # a page with its "Report from … assessment"
FULL_REPORT = SEEDS / "002_635fea5c798dad1b.txt"  # a full report with its closing enforcement sections


def _regulations(inspection) -> list[str]:
    return [b.regulation.number for b in inspection.breaches if b.regulation]


@pytest.mark.parametrize(("number", "regulations"), [
    ("050", ["12", "17"]),  # "We found 2 breaches of the legal regulations in relation to safe care and treatment, and governance."
    ("053", ["12", "17", "18"]),  # "… 3 breaches of the legal regulations in relation to …, good governance and safe and effective staffing."
])
def test_an_assessments_breaches_are_read_in_a_key_questions_section(number: str, regulations: list[str]) -> None:
    # the sentence that states an assessment's breaches, as CQC writes it, read the same in the
    # assessment text and in the well-led section of an assessment page
    stated = next(s for s in P.sentences((REAL / f"{number}.txt").read_text(encoding="utf-8")) if P.STATED_BREACH_RE.search(s))
    assert _regulations(read(number).inspections[0]) == regulations
    page = ASSESSMENT_PAGE.read_text(encoding="utf-8")
    governance = "MIP had renewed their Information Commissioner’s Office (ICO) accreditation."
    assert governance in page
    rec = extract(page.replace(governance, f"{governance}\n\n{stated}"))
    assert rec.layout == "assessment"
    assert _regulations(rec.inspections[0]) == regulations


def test_an_assessment_pages_sections_state_no_breach_they_do_not_say() -> None:
    assert not [b for i in extract(ASSESSMENT_PAGE.read_text(encoding="utf-8")).inspections for b in i.breaches]


@pytest.mark.parametrize("source", [
    FULL_REPORT,  # "… we told the provider they must take actions to improve and issued a warning notice in relation to governance."
    REAL / "046.txt",  # "We issued Requirement Notices and a Warning Notice to the provider to drive improvement."
])
def test_a_warning_notice_stated_in_a_reports_closing_section_is_the_reports(source: Path) -> None:
    stated = next(s for s in P.sentences(source.read_text(encoding="utf-8")) if "warning notice" in s.lower())
    text = FULL_REPORT.read_text(encoding="utf-8")
    closing = "This section is primarily information for the provider"
    assert text.count(closing) == 1
    before = {a.kind for a in extract(text).inspections[0].actions}
    after = {a.kind for a in extract(text.replace(closing, f"{closing}\n\n{stated}")).inspections[0].actions}
    assert ActionKind.WARNING_NOTICE not in before
    assert after - before == {ActionKind.WARNING_NOTICE}


def test_an_earlier_inspections_notice_told_after_the_summary_is_not_the_reports() -> None:
    # "During our inspection on 6 August 2013 we found the dentist to be non-compliant and served a
    # warning notice on 16 August 2013 …": another inspection's notice, wherever it is told
    stated = next(s for s in P.sentences((REAL / "022.txt").read_text(encoding="utf-8")) if "served a warning notice" in s)
    text = FULL_REPORT.read_text(encoding="utf-8")
    closing = "This section is primarily information for the provider"
    rec = extract(text.replace(closing, f"{closing}\n\n{stated}"))
    assert ActionKind.WARNING_NOTICE not in {a.kind for a in rec.inspections[0].actions}


def test_a_full_reports_closing_sections_add_no_action_they_do_not_state() -> None:
    # the closing "Enforcement actions" tables of the report list regulations, not actions
    rec = extract(FULL_REPORT.read_text(encoding="utf-8"))
    assert sorted({a.kind.value for a in rec.inspections[0].actions}) == ["cancellation", "must", "should"]


@pytest.mark.parametrize(("source", "words"), [
    (REAL / "089.txt", "We imposed conditions to prevent"),
    (REAL / "046.txt", "we imposed urgent conditions"),
    (REAL / "046.txt", "We issued Requirement Notices and a Warning Notice"),
    (FULL_REPORT, "and issued a warning notice in relation to governance"),
    (REAL / "022.txt", "non-compliant and served a warning notice"),
])
def test_cqc_states_in_the_first_person_the_action_it_took(source: Path, words: str) -> None:
    stated = next(s for s in P.sentences(source.read_text(encoding="utf-8")) if words in s)
    assert P.CQC_TOOK_ACTION_RE.search(stated)


@pytest.mark.parametrize("sentence", [
    "Staff told us the service had been placed in special measures.",
    "The trust was served a section 29A warning notice in 2019.",
])
def test_what_others_say_was_done_is_no_statement_of_cqcs_action(sentence: str) -> None:
    text = FULL_REPORT.read_text(encoding="utf-8")
    closing = "This section is primarily information for the provider"
    before = {a.kind for a in extract(text).inspections[0].actions}
    after = {a.kind for a in extract(text.replace(closing, f"{closing}\n\n{sentence}")).inspections[0].actions}
    assert not P.CQC_TOOK_ACTION_RE.search(sentence)
    assert after == before


# ------------------------------------------------------------ dates a summary or trust page states

def test_the_day_the_service_was_registered_is_the_location_s() -> None:
    # "the service is registered for the regulated activity of … as of 6 June 2018"; the second
    # case in a summary's standard wording; a provider's own registration dates no location
    assert [loc.registration_date.iso for loc in read("086").locations] == ["2018-06-06"]
    assert P.SERVICE_REGISTERED_RE.search("The service has been registered with the Care Quality Commission since 3 April 2017.")
    assert [loc.registration_date for loc in read("044").locations] == [None]


@pytest.mark.parametrize(("record", "day"), [
    (lambda: read("044"), "2018-03-12"),  # "This inspection was carried out on the12 March 2018"
    (lambda: extract("Inspection Summary\nThis inspection was carried out on the3 May 2019 by a CQC inspector."), "2019-05-03"),
])
def test_a_day_run_into_the_word_before_it_is_still_the_visit(record, day: str) -> None:
    assert [i.start_date.iso for i in record().inspections if i.start_date] == [day]


def test_a_trust_s_use_of_resources_report_is_a_publication_of_the_trust() -> None:
    # "On 18 December 2019, we published a report on how well St George’s University Hospital NHS
    # Foundation Trust uses its resources" under the header's "St George's University Hospitals …"
    rec = read("028")
    assert [i.publication_date.iso for i in rec.inspections if i.provider == 0 and i.start_date is None] == ["2019-12-18"]
    assert rec.providers[0].alt_names == ("St George’s University Hospital NHS Foundation Trust",)


@pytest.mark.parametrize(("number", "name", "slip"), [
    ("006", "Royal United Hospitals Bath NHS Foundation Trust", "Royal United Hospital Bath NHS Foundation Trust"),
    ("028", "St George's University Hospitals NHS Foundation Trust", "St George’s University Hospital NHS Foundation Trust"),
])
def test_a_trust_s_name_with_one_plural_dropped_is_the_same_trust(number: str, name: str, slip: str) -> None:
    assert [(p.name, p.alt_names) for p in read(number).providers] == [(name, (slip,))]


# ------------------------------------- population groups a GP letter says the practice provided for

@pytest.mark.parametrize(("record", "expected"), [
    # "provided outstanding care to people with long term conditions" and "provided outstanding
    # services to all population groups including older people, families, children and young people,
    # working age people, people whose circumstances may make them vulnerable and people experiencing
    # poor mental health"
    (lambda: read("011"), {(g, "outstanding") for g in P.POPULATION_GROUP_NAMES}),
    # the same wording in a letter rating two groups, and one left out after "except"
    (lambda: extract("Letter from the Chief Inspector of General Practice\nThe overall rating for this practice is good. "
                     "We found the practice provided good care to older people and to families, children and young people, "
                     "except working age people."),
     {("Older people", "good"), ("Families, children and young people", "good")}),
])
def test_the_groups_a_practice_provided_for_are_rated(record, expected) -> None:
    rated = {(r.population_group, r.value.value) for i in record().inspections for r in i.ratings if r.population_group}
    assert rated == expected


def test_all_population_groups_alone_names_no_group() -> None:
    assert P.population_group_ratings("The practice provided good services to all population groups.") == []


# ------------------------------------------ the sites a summary lists as visited, with their addresses

@pytest.mark.parametrize(("record", "expected"), [
    # "These were Derby Medical Centre, 8 The Derby Square, Epsom KT19 8AG, Heathcote Medical Centre,
    # Heathcote, Tadworth KT20 5TH and Leatherhead Hospital Poplar Road, Leatherhead KT22 8SD."
    (lambda: read("016"), [("Derby Medical Centre", "8 The Derby Square, Epsom", "KT19 8AG"),
                           ("Heathcote Medical Centre", "Heathcote, Tadworth", "KT20 5TH"),
                           ("Leatherhead Hospital", "Poplar Road, Leatherhead", "KT22 8SD")]),
    # the same list after "the following sites:", as summaries of multi-site services word it
    (lambda: extract("Inspection Summary\nUpdated 2 May 2019\nWe carried out an announced inspection. We visited the "
                     "following sites: Oak Lane Surgery, 1 Oak Lane, Leeds LS1 1AA and Elm Health Centre, 2 Elm Street, "
                     "Leeds LS2 2BB. We spoke with staff."),
     [("Oak Lane Surgery", "1 Oak Lane, Leeds", "LS1 1AA"), ("Elm Health Centre", "2 Elm Street, Leeds", "LS2 2BB")]),
])
def test_the_sites_a_summary_lists_are_locations_with_their_addresses(record, expected) -> None:
    sites = [(loc.name, loc.address, loc.postcode) for loc in record().locations if loc.postcode]
    assert sites == expected


# ----------------------- a history entry naming the service and its provider as they were before

# The second case is a location page laid out as CQC's are (one real page of this kind is copied).
_RENAMED_PAGE = (
    "• Hospital\n  • Independent hospital\n\nNorthgate Imaging Ltd - The Riverside Clinic Leeds\n\n"
    "Overall: Good read more about inspection ratings\n\n1 River Road, Leeds, LS1 4AB (0113) 4960000\n\n"
    "Provided and run by:\nNorthgate Imaging Ltd\n\nAll Inspections\n\n3 May 2019\n\nDuring a routine inspection\n\n"
    "Eastfield Scanning Ltd - The Riverside Clinic Leeds is operated by Eastfield Scanning Ltd. The service has two "
    "scanning rooms.\n\nThe Riverside Clinic Leeds also provides services from two satellite clinics.\n")


@pytest.mark.parametrize(("record", "old_name", "short", "old_provider"), [
    (lambda: read("085"), "Global Diagnostics Limited - The Global Clinic Norwich", "The Global Clinic Norwich",
     "Global Diagnostics Limited"),
    (lambda: extract(_RENAMED_PAGE), "Eastfield Scanning Ltd - The Riverside Clinic Leeds", "The Riverside Clinic Leeds",
     "Eastfield Scanning Ltd"),
])
def test_a_history_entry_s_older_names_are_the_service_s_and_its_provider_s(record, old_name, short, old_provider) -> None:
    rec = record()
    assert [loc.alt_names for loc in rec.locations] == [(old_name, short)]
    assert [p.alt_names for p in rec.providers] == [(old_provider,)]


@pytest.mark.parametrize(("text", "old_name", "old_provider"), [
    ((REAL / "085.txt").read_text(encoding="utf-8"), "Global Diagnostics Limited – The Global Clinic Norwich",
     "Global Diagnostics Limited"),
    (_RENAMED_PAGE, "Eastfield Scanning Ltd – The Riverside Clinic Leeds", "Eastfield Scanning Ltd"),
])
def test_a_history_entry_s_older_names_are_read_with_an_en_dash_too(text, old_name, old_provider) -> None:
    rec = extract(text.replace(" - ", " – "))
    assert [loc.alt_names[0] for loc in rec.locations] == [old_name]
    assert [p.alt_names for p in rec.providers] == [(old_provider,)]


# ---------------------------------------- where a summary's background says the service is located

@pytest.mark.parametrize(("record", "provider", "address", "postcode"), [
    # "Online Clinic (UK) Limited provides online consultations … the headquarters is located at
    # Shakespeare House, 168 Lavender Hill, London, SW11 5TG."
    (lambda: read("043"), "Online Clinic (UK) Limited", "Shakespeare House, 168 Lavender Hill, London", "SW11 5TG"),
    # the same background in a summary's standard wording
    (lambda: extract("Updated 2 May 2019\nBackground\nMill Lane Health Ltd provides travel vaccinations to adults. "
                     "The service is based at 4 Mill Lane, Leeds LS1 4AB. We carried out an announced inspection.\n"
                     "Inspection Summary\n"), "Mill Lane Health Ltd", "4 Mill Lane, Leeds", "LS1 4AB"),
])
def test_the_address_a_background_gives_is_the_service_s(record, provider, address, postcode) -> None:
    rec = record()
    assert [(loc.address, loc.postcode) for loc in rec.locations] == [(address, postcode)]
    assert [p.name for p in rec.providers] == [provider]


@pytest.mark.parametrize(("record", "earlier", "rating"), [
    # "We inspected this location in February 2020 following which CQC took enforcement action."
    (lambda: read("089"), "2020-02", None),
    # the same telling in a summary of a later inspection
    (lambda: extract("Inspection Summary\nUpdated 2 May 2019\nWe carried out this announced inspection on 12 March 2019. "
                     "We inspected this service in June 2017 and rated it good."), "2017-06", "good"),
])
def test_an_inspection_told_with_what_followed_it_is_an_earlier_one(record, earlier: str, rating: str | None) -> None:
    previous = [i for i in record().inspections if i.is_previous]
    assert [i.start_date.iso for i in previous] == [earlier]
    assert [x.value.value for x in previous[0].ratings] == ([rating] if rating else [])


def test_the_month_of_the_current_inspection_is_no_earlier_one() -> None:
    rec = extract("Inspection Summary\nUpdated 2 May 2019\nWe carried out this announced inspection on 12 March 2019. "
                  "We inspected this service in March 2019 and rated it good.")
    assert not [i for i in rec.inspections if i.is_previous]


@pytest.mark.parametrize(("record", "rating"), [
    (lambda: read("060"), "good"),  # "At our last inspection we rated the service Good."
    (lambda: extract("Inspection Summary\nUpdated 2 May 2019\nAt the last inspection, we rated this service as requires "
                     "improvement. At this inspection the service was rated good overall."), "requires-improvement"),
])
def test_the_last_inspection_s_undated_rating_is_an_earlier_inspection_s(record, rating: str) -> None:
    previous = [i for i in record().inspections if i.is_previous]
    assert [(i.start_date, [(x.key_question.value, x.value.value) for x in i.ratings]) for i in previous] == [
        (None, [("overall", rating)])]


@pytest.mark.parametrize("text", [
    (Path(__file__).resolve().parent / "fixtures" / "corpus" / "057.txt").read_text(encoding="utf-8"),
    "You are here\n\nOak House Requires improvement\n\nThe report and ratings on this page are for a previous inspection of "
    "Oak House.\n\nInspection Summary\n\nOverall summary & rating\n\nRequires improvement\n\nUpdated 10 May 2016\n\n"
    "We rated the service as requires improvement overall.\n",
])
def test_a_page_kept_for_an_earlier_inspection_gives_no_current_rating(text: str) -> None:
    assert [loc.current_overall_rating for loc in extract(text).locations][:1] == [None]
