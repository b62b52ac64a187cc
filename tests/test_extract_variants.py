"""Spot checks on the held-out-style variants set (tests/fixtures/variants): one test per rule
that broke on unseen documents, named after what broke."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.extract import extract
from cqcgraph.extract import patterns as P
from cqcgraph.records import ActionKind, KeyQuestion, RatingValue

VARIANTS = Path(__file__).resolve().parent / "fixtures" / "variants"


def doc(n: str, **kw):
    return extract((VARIANTS / f"{n}.txt").read_text(encoding="utf-8"), **kw)


def test_month_range_with_a_year_is_not_a_yearless_date() -> None:
    assert P.yearless_date("CQC inspected Oak House in April and May 2019 and") is None
    assert P.yearless_date("an inspection carried out in November and December.").text == "November and December"


def test_population_group_ratings_are_read_from_tables_and_lists() -> None:
    (insp,) = doc("005").inspections
    groups = {r.population_group: r.value for r in insp.ratings if r.population_group}
    assert len(groups) == 6
    assert groups["People experiencing poor mental health (including people with dementia)"] is RatingValue.OUTSTANDING
    overall = [r for r in insp.ratings if r.key_question is KeyQuestion.OVERALL and not r.population_group and not r.service]
    assert [r.value for r in overall] == [RatingValue.GOOD]


def test_blank_key_question_rating_stays_absent() -> None:
    current = doc("028").inspections[0]
    assert KeyQuestion.CARING not in {r.key_question for r in current.ratings}
    current = doc("004").inspections[0]
    assert KeyQuestion.RESPONSIVE not in {r.key_question for r in current.ratings}


def test_api_key_question_rating_from_an_earlier_report_is_not_given_to_the_latest() -> None:
    r = doc("025")
    latest = next(i for i in r.inspections if i.report_id and i.report_id.startswith("a1f0"))
    assert {x.key_question for x in latest.ratings} == {KeyQuestion.OVERALL, KeyQuestion.SAFE, KeyQuestion.WELL_LED}
    orphan = next(i for i in r.inspections if i.report_id and i.report_id.startswith("c3f2"))
    assert orphan.publication_date.iso == "2016-06-21"


def test_api_provider_record() -> None:
    (p,) = doc("024").providers
    assert (p.name, p.cqc_id, p.company_number, p.postcode) == ("Brookvale Care Limited", "1-101641279", "04569871", "SY1 2BQ")


def test_source_url_gives_the_one_location_its_key() -> None:
    r = doc("001", source_url="https://www.cqc.org.uk/location/1-125856395/reports")
    assert r.locations[0].cqc_id == "1-125856395"
    r = doc("034", source_url="https://www.cqc.org.uk/location/RX901")
    assert r.locations[0].ods_code == "RX901"
    r = doc("014", source_url="https://www.cqc.org.uk/location/1-125856395")  # three locations: no key
    assert not any(loc.cqc_id for loc in r.locations)


def test_headline_warning_notice_is_the_section_29a_notice() -> None:
    r = doc("016")
    kinds = [a.kind for a in r.actions] + [a.kind for i in r.inspections for a in i.actions]
    assert ActionKind.WARNING_NOTICE_29A in kinds and ActionKind.WARNING_NOTICE not in kinds


def test_essential_standards_report_judgements_and_breaches() -> None:
    r = doc("030")
    assert r.layout == "essential-standards-report"
    (insp,) = r.inspections
    assert [s.met for s in insp.standards] == [False, True, False, True]
    assert {b.regulation.number for b in insp.breaches} == {"9", "23"}
    assert (insp.start_date.iso, insp.end_date.iso) == ("2014-01-15", "2014-01-20")


def test_core_service_ratings_in_sentences() -> None:
    routine = doc("034").inspections[1]
    services = {r.service: r.value for r in routine.ratings if r.service}
    assert services == {"Surgery": RatingValue.GOOD, "Medical care": RatingValue.GOOD,
                        "Maternity": RatingValue.GOOD, "Outpatients": RatingValue.REQUIRES_IMPROVEMENT}


def test_press_release_naming_several_services_gives_each_its_own_inspection() -> None:
    r = doc("035")
    names = {loc.name: r.providers[loc.provider].name for loc in r.locations}
    assert names == {"Rosewood House": "Rosewood Residential Care Ltd", "Ribblesdale Lodge": "Ribble Care Services Limited",
                     "Pendle View": "Northern Healthcare Homes Limited"}
    current = {r.locations[i.location].name: {x.key_question: x.value for x in i.ratings} for i in r.inspections if not i.is_previous}
    assert current["Ribblesdale Lodge"][KeyQuestion.CARING] is RatingValue.REQUIRES_IMPROVEMENT
    assert current["Pendle View"] == {KeyQuestion.OVERALL: RatingValue.INADEQUATE}


def test_listed_services_with_provider_in_brackets() -> None:
    r = doc("036")
    assert [loc.name for loc in r.locations][:2] == ["Orchard Surgery", "Castle Medical Centre"]
    assert {i.start_date.iso for i in r.inspections} == {"2017-01"}


def test_must_list_printed_twice_is_counted_once_and_a_heading_is_no_notice_of_its_own() -> None:
    """The "Requirement notices" heading gives the notices of its table's regulations, no other."""
    (insp, _prev) = doc("037").inspections
    kinds = [a.kind for a in insp.actions]
    assert kinds.count(ActionKind.MUST) == 2 and kinds.count(ActionKind.SHOULD) == 3
    assert sorted(a.regulation.number for a in insp.actions if a.kind is ActionKind.REQUIREMENT_NOTICE and a.regulation) == ["12", "17"]
    assert all(a.regulation for a in insp.actions if a.kind is ActionKind.REQUIREMENT_NOTICE)


def test_all_population_groups_expand_only_without_exceptions() -> None:
    assert len(P.population_group_ratings("We rated it as good overall and good for all population groups.", all_groups=True)) == 6
    assert P.population_group_ratings("good for all population groups.") == []  # not in a location page summary
    assert P.population_group_ratings(
        "requires improvement for all population groups except families, children and young people, which", all_groups=True) == []


def test_key_question_section_changes() -> None:
    changes = {c.key_question: c.change for c in doc("045").inspections[0].changes}
    assert changes[KeyQuestion.SAFE].value == "improved"
    assert changes[KeyQuestion.EFFECTIVE].value == "stayed-the-same"
    changes = {c.key_question: c.change for c in doc("039").inspections[0].changes}
    assert changes == {KeyQuestion.SAFE: changes[KeyQuestion.SAFE], KeyQuestion.WELL_LED: changes[KeyQuestion.WELL_LED]}
    assert changes[KeyQuestion.SAFE].value == "went-down"


def test_core_service_release_rates_the_service_not_the_hospital() -> None:
    r = doc("043")
    (insp,) = r.inspections
    assert {(x.key_question, x.service) for x in insp.ratings} == {
        (KeyQuestion.OVERALL, "Maternity"), (KeyQuestion.SAFE, "Maternity"), (KeyQuestion.WELL_LED, "Maternity")}
    assert not insp.changes
