"""Spot checks per layout family on the development corpus (tests/fixtures/corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import detect_layout, extract
from cqcgraph.records import ActionKind, InspectionKind, KeyQuestion, RatingChange, RatingValue

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


def doc(n: str):
    return extract((CORPUS / f"{n}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("n, layout", [
    ("002", "location-page"), ("014", "inspection-report"), ("016", "inspection-summary"), ("018", "assessment"),
    ("021", "summary-fragment"), ("024", "press-release-list"), ("034", "cqc-api-json"), ("044", "provider-page"),
    ("046", "review-of-compliance"), ("052", "press-release"),
])
def test_layout_detection(n: str, layout: str) -> None:
    assert detect_layout((CORPUS / f"{n}.txt").read_text(encoding="utf-8")) == layout


def test_generic_fallback_is_marked() -> None:
    # a text no layout claims (one family of a summary's features only) is read by the shared
    # patterns and marked as such
    r = extract("Care Assistance is a domiciliary care agency registered with the Care Quality Commission (CQC). "
                "The service was last inspected in July 2017, and was given an overall rating of requires improvement.")
    assert r.layout == "generic" and r.fell_back and r.notes
    assert r.locations[0].name == "Care Assistance"


def test_a_header_less_report_summary_is_read_by_the_shared_patterns_under_its_layout() -> None:
    # "The inspection took place over the period of 14 February 2018 to 26 February 2018 … The
    # service was last inspected in July 2017 … Five breaches of regulations were identified at
    # that inspection"
    r = doc("021")
    assert r.layout == "summary-fragment" and not r.fell_back
    assert r.locations[0].name == "Care Assistance"
    previous = [i for i in r.inspections if i.is_previous]
    assert previous[0].start_date.iso == "2017-07" and len(previous[0].breaches) == 5


def test_location_page_previous_inspection_month_precision() -> None:
    r = doc("007")
    current, previous = r.inspections
    assert [d.iso for d in current.visit_dates] == ["2018-03-26", "2018-04-03"]
    assert previous.is_previous and previous.start_date.iso == "2017-07"
    assert previous.ratings[0].value is RatingValue.GOOD


def test_trust_report_is_provider_level() -> None:
    r = doc("014")
    (insp,) = r.inspections
    assert insp.provider == 0 and insp.location is None
    assert r.providers[0].name == "Norfolk and Norwich University Hospitals NHS Foundation Trust"
    assert KeyQuestion.RESPONSIVE not in {x.key_question for x in insp.ratings}


def test_assessment_dates_and_statements() -> None:
    (insp,) = doc("020").inspections
    assert insp.kind is InspectionKind.ASSESSMENT
    assert (insp.start_date.iso, insp.end_date.iso) == ("2024-01-16", "2024-02-06")
    assert len(insp.quality_statements_assessed) == 5
    (insp,) = doc("018").inspections
    assert (insp.start_date.iso, insp.end_date.iso) == ("2025-07-25", "2025-09-02")


def test_api_record_keeps_visit_after_report() -> None:
    r = doc("034")
    last = r.inspections[-1]
    assert (last.start_date.iso, last.publication_date.iso) == ("2012-07-25", "2011-09-28")
    assert r.locations[0].registered_manager.name == "Mr John Surel Bayliss"


def test_press_release_prosecution() -> None:
    r = doc("052")
    kinds = {a.kind: a for a in r.actions}
    assert kinds[ActionKind.PROSECUTION].plea == "guilty"
    assert kinds[ActionKind.FINE].amount == "£3,500"
    assert kinds[ActionKind.COSTS].amount == "£10,000"
    assert r.providers[0].alt_names == ("Medicine Direct",)


def test_press_release_changes_reveal_previous_ratings() -> None:
    r = doc("055")
    current, previous = r.inspections
    changes = {c.key_question: c.change for c in current.changes}
    assert changes[KeyQuestion.WELL_LED] is RatingChange.WENT_DOWN
    assert changes[KeyQuestion.RESPONSIVE] is RatingChange.IMPROVED
    assert previous.start_date.iso == "2018-03" and current.dates_text == "April and May this year"


def test_press_list_many_locations() -> None:
    r = doc("024")
    assert len(r.locations) == 27
    assert r.locations[0].area == "Airedale, Wharfedale and Craven"
    assert sum(1 for i in r.inspections if i.outcome == "Not meeting standards") == 4


def test_warning_notice_with_regulation_outcome_and_due_date() -> None:
    r = doc("013")
    (insp,) = r.inspections
    (warning,) = [a for a in insp.actions if a.kind is ActionKind.WARNING_NOTICE]
    assert (warning.regulation.instrument, warning.regulation.number, warning.due_date.iso) == ("uksi/2010/781", "15", "2013-08-15")
    assert insp.breaches[0].outcome == "10"
    assert not any(a.kind in (ActionKind.SUSPENSION, ActionKind.CANCELLATION, ActionKind.PROSECUTION) for a in insp.actions)
