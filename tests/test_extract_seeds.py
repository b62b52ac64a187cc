"""Golden tests on the five seeds: every fact their expected files list comes out, and facts
the text does not state stay absent (seed 004's caring rating)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.evaluate import evaluate_paths, expected_facts, match, record_facts
from cqcgraph.extract import extract
from cqcgraph.records import ActionKind, Announcement, InspectionKind, KeyQuestion, RatingChange, RatingValue

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def seed(prefix: str):
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return extract(path.read_text(encoding="utf-8"))


def ratings(inspection) -> dict:
    return {(r.key_question, r.service): r.value for r in inspection.ratings}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_expected_fact_comes_out_and_nothing_else(path: Path) -> None:
    exp = json.loads((SEEDS / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
    want = expected_facts(exp)
    got = record_facts(extract(path.read_text(encoding="utf-8")), with_visits=False)
    for kind in want:
        score, missed, extra = match(kind, want[kind], got[kind])
        assert not missed, f"{path.name}: {kind} missing {missed}"
        assert not extra, f"{path.name}: {kind} not in the text {extra}"


def test_000_four_inspections_of_the_history() -> None:
    r = seed("000")
    assert r.layout == "location-page"
    oct19, apr19, check, jan14 = r.inspections
    assert (oct19.start_date.iso, oct19.kind, oct19.methodology, oct19.announced) == (
        "2019-10-11", InspectionKind.ROUTINE, InspectionKind.COMPREHENSIVE, Announcement.SHORT_NOTICE)
    assert ratings(oct19) == {(KeyQuestion.OVERALL, None): RatingValue.GOOD}
    assert oct19.changes[0].change is RatingChange.IMPROVED
    assert oct19.signed_by.name == "Heidi Smoult"
    assert (apr19.start_date.iso, apr19.end_date.iso, apr19.kind, apr19.announced) == (
        "2019-04-16", "2019-04-29", InspectionKind.FOCUSED, Announcement.UNANNOUNCED)
    assert apr19.key_questions_inspected == (KeyQuestion.SAFE, KeyQuestion.WELL_LED)
    assert apr19.ratings == ()
    suspension = next(a for a in apr19.actions if a.kind is ActionKind.URGENT_SUSPENSION)
    assert (suspension.duration, suspension.lifted) == ("P6W", True)
    assert (suspension.regulation.instrument, suspension.regulation.number, suspension.regulation.is_section) == (
        "ukpga/2008/14", "31", True)
    notices = [a for a in apr19.actions if a.kind is ActionKind.REQUIREMENT_NOTICE]
    assert [n.count for n in notices] == [6]
    assert check.start_date is None and check.kind is InspectionKind.FOLLOW_UP
    assert jan14.start_date.iso == "2014-01-30"
    loc = r.locations[0]
    assert (loc.address, loc.postcode, loc.phone, loc.archived) == (
        "28 Hall Croft, Shepshed, Loughborough, Leicestershire", "LE12 9AN", "01509 508222", True)


def test_001_scores_and_carried_over_statement() -> None:
    (assessment,) = seed("001").inspections
    assert assessment.start_date.iso == "2024-02-13"
    (well_led,) = assessment.ratings
    assert (well_led.value, well_led.score_percent, well_led.date.iso) == (RatingValue.GOOD, 75, "2024-10-10")
    assert len(assessment.scores) == 7
    carried = [s for s in assessment.scores if not s.assessed]
    assert [s.statement for s in carried] == ["Partnerships and communities"]


def test_002_report_actions_breaches_and_history() -> None:
    r = seed("002")
    current, first, second = r.inspections
    musts = [a for a in current.actions if a.kind is ActionKind.MUST]
    assert len(musts) == 29
    assert all(a.regulation and a.regulation.instrument == "uksi/2014/2936" and a.regulation.paragraph for a in musts)
    assert len([a for a in current.actions if a.kind is ActionKind.SHOULD]) == 2
    assert {b.regulation.number: b.title for b in current.breaches} == {
        "12": "Safe care and treatment", "13": "Safeguarding service users from abuse and improper treatment",
        "17": "Good governance", "18": "Staffing", "20A": "Requirement as to display of performance assessments"}
    assert {a.against for a in current.actions if a.kind is ActionKind.CANCELLATION} == {"provider", "registered manager"}
    assert ratings(current)[(KeyQuestion.CARING, None)] is RatingValue.NOT_INSPECTED
    assert ratings(current)[(KeyQuestion.EFFECTIVE, None)] is RatingValue.INSPECTED_NOT_RATED
    assert ratings(current)[(KeyQuestion.SAFE, "Diagnostic imaging")] is RatingValue.INADEQUATE
    assert (first.start_date.iso, first.is_previous) == ("2019-04-02", True)
    assert {a.regulation.number for a in first.actions if a.kind is ActionKind.REQUIREMENT_NOTICE} == {"11", "17"}
    assert any(a.kind is ActionKind.SUSPENSION and a.duration == "P8W" for a in first.actions)
    assert first.special_measures and second.special_measures
    assert [a.subject for a in second.actions if a.kind is ActionKind.WARNING_NOTICE] == ["governance"]


def test_003_carried_over_rating_and_no_invented_year() -> None:
    r = seed("003")
    (insp,) = r.inspections
    caring = next(x for x in insp.ratings if x.key_question is KeyQuestion.CARING)
    assert caring.carried_over and caring.value is RatingValue.GOOD
    assert insp.start_date is None and insp.dates_text == "November and December"
    assert insp.special_measures
    assert [a.text for a in insp.actions if a.kind is ActionKind.CONDITION] == ["provide regular performance reports to CQC"]
    assert r.publication_date.iso == "2021-05-14"


def test_004_blank_caring_rating_stays_absent() -> None:
    (insp,) = seed("004").inspections
    got = ratings(insp)
    assert (KeyQuestion.CARING, None) not in got
    assert got[(KeyQuestion.EFFECTIVE, None)] is RatingValue.NOT_RATED
    assert got[(KeyQuestion.SAFE, None)] is RatingValue.REQUIRES_IMPROVEMENT
    assert insp.summary_updated.iso == "2019-09-11" and insp.start_date.iso == "2019-07-17"


def test_seed_gate_is_perfect() -> None:
    report = evaluate_paths([SEEDS])
    for kind, score in report.kinds.items():
        assert score.f1 == 1.0, kind
