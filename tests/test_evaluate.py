"""The scorer a user trusts: strict scoring holds a rating to its subject and inspection, loose
scoring does not; coverage counts every document of a folder, expected file or not."""

from __future__ import annotations

import shutil
from pathlib import Path

from cqcgraph.evaluate import evaluate_paths, format_report, match
from cqcgraph.evaluate import fact

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"


def test_a_rating_on_the_wrong_subject_is_right_loosely_and_wrong_strictly() -> None:
    expected = [fact("overall", "", "good", insp=("2019 10 11",), subj="miracle in progress")]
    on_provider = [fact("overall", "", "good", insp=("2019 10 11",), subj="miracle in progress ltd holdings")]
    assert match("ratings", expected, on_provider)[0].tp == 1
    assert match("ratings", expected, on_provider, strict=True)[0].tp == 0


def test_an_undated_rating_is_wrong_strictly_when_the_inspection_is_dated() -> None:
    expected = [fact("safe", "", "good", insp=("2018 06 19",), subj="exmoor medical centre")]
    undated = [fact("safe", "", "good", subj="exmoor medical centre")]
    assert match("ratings", expected, undated)[0].tp == 1
    assert match("ratings", expected, undated, strict=True)[0].tp == 0
    dated = [fact("safe", "", "good", insp=("2018 06 19",), subj="Exmoor Medical Centre".lower())]
    assert match("ratings", expected, dated, strict=True)[0].tp == 1


def test_report_gives_loose_and_strict_per_kind_and_per_layout_family() -> None:
    report = evaluate_paths([FIXTURES / "seeds", CORPUS])
    text = format_report(report)
    assert "loose" in text and "strict" in text and "layout family" in text
    for kind, loose in report.kinds.items():
        strict = report.strict_kinds[kind]
        assert strict.tp <= loose.tp, kind  # strict never finds more than loose
    assert {"inspection-report", "location-page", "press-release"} <= set(report.layouts())


def test_coverage_counts_fallbacks_contradictions_and_documents_without_expected_files(tmp_path: Path) -> None:
    for name in ("047.txt", "002.txt"):  # 047's header disagrees with its body
        shutil.copy(CORPUS / name, tmp_path / name)
    # of no known layout: one sentence of an agency's description, one recalling its last inspection
    (tmp_path / "021.txt").write_text(
        "Care Assistance is a domiciliary care agency registered with the Care Quality Commission (CQC). "
        "The service was last inspected in July 2017, and was given an overall rating of requires improvement.\n",
        encoding="utf-8")
    (tmp_path / "timetable.txt").write_text("Route 7 bus timetable\n\nBuses leave every ten minutes.\n", encoding="utf-8")
    (tmp_path / "empty.pdf").write_bytes(b"")
    report = evaluate_paths([tmp_path])
    assert report.documents == []  # no expected file: nothing to score, everything to cover
    cov = report.coverage
    assert cov.documents == 5
    assert [u.split(":")[0] for u in cov.unreadable] == ["empty.pdf"]
    assert "021.txt" in cov.fell_back and "002.txt" not in cov.fell_back
    assert "timetable.txt" in cov.nothing
    assert [name for name, _ in cov.contradictions] == ["047.txt"]
    text = format_report(report)
    assert "coverage: 5 documents read; 1 unreadable" in text


def test_a_remark_in_brackets_after_a_date_is_no_part_of_it() -> None:
    from cqcgraph.evaluate import norm_date_text

    assert norm_date_text("in July and August (year not stated)") == norm_date_text("July and August")
    assert norm_date_text("March (Outcome 4)") != norm_date_text("March")


def test_a_name_with_or_without_its_article_is_one_name() -> None:
    from cqcgraph.evaluate import norm_name

    assert norm_name("The County Hospital") == norm_name("County Hospital")
    assert norm_name("Theale Medical Centre") == "theale medical centre"


def test_a_note_beside_a_service_s_ratings_is_no_rating() -> None:
    from cqcgraph.evaluate import expected_facts

    expected = {"inspections": [{"location": "County Hospital", "service_ratings": [{
        "service": "Medical care", "overall": "Good",
        "note": "effective and caring were not inspected and keep their earlier ratings",
        "rating_changes": {"overall": "went up"}}]}]}
    ratings = expected_facts(expected)["ratings"]
    assert [f.key for f in ratings] == [("overall", "medical care", "good")]


def test_a_breach_given_by_its_outcome_matches_its_2010_regulation() -> None:
    from cqcgraph.evaluate import expected_facts

    expected = expected_facts({"breaches": [{"outcome": "4", "inspection_date": "2013-03"}, {"outcome": "Outcome 21"}]})["breaches"]
    got = [fact("breach", reg="9", title="Care and welfare of people who use services"), fact("breach", reg="20")]
    assert match("breaches", expected, got)[0].tp == 2
    assert match("breaches", expected, [fact("breach", reg="12")])[0].tp == 0


def test_a_suspension_under_section_31_is_scored_as_the_urgent_one() -> None:
    """Section 31 of the Health and Social Care Act 2008 is CQC's urgent procedure: a label
    giving that basis names the urgent suspension whether its kind says "urgent" or not."""
    from cqcgraph.evaluate import _kind_of

    basis = "Health and Social Care Act 2008, section 31"
    assert _kind_of({"kind": "suspension of registration", "legal_basis": basis}) == ("enforcement", "urgent-suspension")
    assert _kind_of({"kind": "urgent suspension of registration", "legal_basis": basis}) == ("enforcement", "urgent-suspension")
    assert _kind_of({"kind": "suspension of registration"}) == ("enforcement", "suspension")


def test_a_warning_notice_under_section_29a_is_scored_as_the_29a_notice() -> None:
    """A label may word the kind plainly and give section 29A as the notice's basis: it names the
    section 29A warning notice the reader gives, and a plain warning notice stays plain."""
    from cqcgraph.evaluate import _kind_of

    basis = "Health and Social Care Act 2008, section 29A"
    assert _kind_of({"kind": "warning notice", "legal_basis": basis}) == ("enforcement", "warning-notice-29a")
    assert _kind_of({"kind": "warning notice"}) == ("enforcement", "warning-notice")


def test_a_prosecution_s_sanctions_written_inside_it_are_scored_as_facts() -> None:
    """A fine and costs may be labelled as keys of the prosecution they end: they are the same
    facts as a fine and costs labelled apart, and £11,462.50 is the amount 11462.5."""
    from cqcgraph.evaluate import _action_facts

    facts: dict = {"actions": [], "enforcement": []}
    _action_facts([{"kind": "prosecution", "fine": {"amount": 48000}, "costs": {"amount": 11462.5}}], facts)
    got = [fact("prosecution"), fact("fine", amount="£48,000"), fact("costs", amount="£11,462.50")]
    assert match("enforcement", facts["enforcement"], got)[0].tp == 3
    assert match("enforcement", facts["enforcement"], [fact("costs", amount="£11,462")])[0].tp == 0


def test_a_prosecution_s_sanctions_given_as_bare_amounts_are_scored_as_facts() -> None:
    """"fine": 48000 inside the prosecution is the same fact as "fine": {"amount": 48000}."""
    from cqcgraph.evaluate import _action_facts

    facts: dict = {"actions": [], "enforcement": []}
    _action_facts([{"kind": "prosecution", "fine": 48000, "costs": 9312.4, "victim_surcharge": 2000}], facts)
    got = [fact("prosecution"), fact("fine", amount="£48,000"), fact("costs", amount="£9,312.40"),
           fact("other", amount="£2,000")]
    assert match("enforcement", facts["enforcement"], got)[0].tp == 4
    assert match("enforcement", facts["enforcement"], [fact("fine", amount="£4,800")])[0].tp == 0


def test_special_measures_ended_is_the_exit_from_special_measures() -> None:
    from cqcgraph.evaluate import _expected_special_measures

    facts: dict = {"enforcement": []}
    _expected_special_measures({"special_measures": False, "special_measures_ended": True}, facts)
    assert facts["enforcement"] == [fact("special-measures-exit")]


def test_a_change_labelled_in_other_words_is_the_direction_the_reader_gives() -> None:
    from cqcgraph.evaluate import expected_facts

    exp = {"inspections": [{"start_date": "2022-02-22", "rating_changes": {
        "overall": "changed from good to requires improvement", "safe": "deteriorated", "caring": "remains",
        "well-led": "dropped", "effective": "stayed the same", "responsive": "went up"}}]}
    got = [fact("overall", "went-down"), fact("safe", "went-down"), fact("caring", "stayed-the-same"),
           fact("well-led", "went-down"), fact("effective", "stayed-the-same"), fact("responsive", "improved")]
    assert match("changes", expected_facts(exp)["changes"], got)[0].tp == 6
    assert match("changes", expected_facts(exp)["changes"], [fact("safe", "improved")])[0].tp == 0


def test_the_changes_a_label_writes_inside_its_one_service_are_its_inspections() -> None:
    from cqcgraph.evaluate import expected_facts

    exp = {"inspections": [{"start_date": "2023-07-18", "service_ratings": [
        {"service": "Maternity", "overall": "Inadequate", "rating_changes": {"safe": "went down"}}]}]}
    assert fact("safe", "went-down") in expected_facts(exp)["changes"]
    exp["inspections"][0]["ratings"] = {"overall": "Good"}  # the location rated too: the service's changes are its own
    assert fact("safe", "went-down") not in expected_facts(exp)["changes"]
    del exp["inspections"][0]["ratings"]
    assert fact("safe", "went-down") in expected_facts(exp)["changes"]


def test_the_one_services_overall_change_written_beside_its_rating_is_its_inspections() -> None:
    from cqcgraph.evaluate import expected_facts

    exp = {"inspections": [{"start_date": "2019-11-13", "service_ratings": [
        {"service": "Mental health crisis services", "overall": "Good", "rating_change": "stayed the same"}]}]}
    assert fact("overall", "stayed-the-same") in expected_facts(exp)["changes"]
    exp["inspections"][0]["service_ratings"].append({"service": "Forensic wards", "overall": "Good", "rating_change": "improved"})
    assert not expected_facts(exp)["changes"]  # two services: each change is its own


def test_a_listed_service_s_last_inspected_day_is_one_fact_however_labelled() -> None:
    """A provider page's listed service "Last inspected: 14 June 2022", labelled as the service's
    day, as an inspection starting that day, as both or under "last_inspected": one fact; an
    inspection with more dates of its own keeps its start."""
    from cqcgraph.evaluate import expected_facts

    day = {"name": "The Oaks", "last_inspection_date": "2022-06-14"}
    listed = {"location": "The Oaks", "start_date": "2022-06-14", "ratings": {"overall": "Good"}}
    for expected in ({"locations": [day]}, {"locations": [day], "inspections": [listed]},
                     {"locations": [{"name": "Oaks", "last_inspected": "2022-06-14"}], "inspections": [listed]}):
        assert [f.key for f in expected_facts(expected)["dates"]] == [("last-inspected", "2022-06-14")]
    reported = {**listed, "publication_date": "2022-08-01"}
    dates = {f.key for f in expected_facts({"locations": [day], "inspections": [reported]})["dates"]}
    assert ("start", "2022-06-14") in dates
    other = {**listed, "location": "Elm Court"}
    dates = {f.key for f in expected_facts({"locations": [day], "inspections": [other]})["dates"]}
    assert ("start", "2022-06-14") in dates


def test_a_rating_written_again_beside_its_score_is_one_fact() -> None:
    from cqcgraph.evaluate import expected_facts

    assessment = {"start_date": "2024-02-26",
                  "ratings": {"overall": "Good", "safe": "Requires improvement"},
                  "key_question_ratings": {"safe": {"rating": "Requires improvement", "score_percent": 56},
                                           "effective": {"rating": "Good", "score_percent": 63}}}
    keys = sorted(f.key for f in expected_facts({"assessments": [assessment]})["ratings"])
    assert keys == [("effective", "", "good"), ("overall", "", "good"), ("safe", "", "requires-improvement")]


def test_an_assessments_overall_written_apart_is_its_overall_rating() -> None:
    from cqcgraph.evaluate import expected_facts

    for overall in ({"rating": "Requires improvement", "score_percent": 56}, "Requires improvement"):
        assessment = {"start_date": "2024-04-16", "overall": overall,
                      "key_question_ratings": {"safe": {"rating": "Requires improvement", "score_percent": 50}}}
        facts = expected_facts({"assessments": [assessment]})
        assert sorted(f.key for f in facts["ratings"]) == [("overall", "", "requires-improvement"),
                                                           ("safe", "", "requires-improvement")]
    # written in both places, one fact
    both = {"start_date": "2024-04-16", "ratings": {"overall": "Good"}, "overall": {"rating": "Good"}}
    assert len(expected_facts({"assessments": [both]})["ratings"]) == 1


def test_an_assessments_updated_day_written_as_updated_is_its_summary_update() -> None:
    from cqcgraph.evaluate import expected_facts

    for key in ("updated", "summary_updated"):
        assessment = {"start_date": "2024-10-21", key: "2025-02-04",
                      "key_question_ratings": {"safe": {"rating": "Good", "updated": "2025-01-10"}}}
        dates = sorted(f.key for f in expected_facts({"assessments": [assessment]})["dates"])
        assert dates == [("start", "2024-10-21"), ("updated", "2025-02-04")]


def test_a_current_rating_not_yet_given_is_no_fact() -> None:
    from cqcgraph.evaluate import expected_facts

    locations = [{"name": "Oak House", "current_overall_rating": "Not yet rated"},
                 {"name": "Elm Court", "current_overall_rating": "Good"}]
    assert [f.key for f in expected_facts({"locations": locations})["ratings"]] == [("current", "good")]


def test_a_listed_service_s_rating_is_one_fact_whether_labelled_on_an_inspection_or_not() -> None:
    """A provider page's listed service "Overall rating: Good / Last inspected: 14 June 2022",
    labelled as the service's current rating, or also as an inspection of that day rated so: one
    fact; an inspection of more ratings, or of another rating, keeps them."""
    from cqcgraph.evaluate import expected_facts

    day = {"name": "The Oaks", "current_overall_rating": "Good", "last_inspection_date": "2022-06-14"}
    listed = {"location": "The Oaks", "start_date": "2022-06-14", "ratings": {"overall": "Good"}}
    for expected in ({"locations": [day]}, {"locations": [day], "inspections": [listed]}):
        assert [f.key for f in expected_facts(expected)["ratings"]] == [("current", "good")]
    fuller = {**listed, "ratings": {"overall": "Good", "safe": "Good"}}
    assert len(expected_facts({"locations": [day], "inspections": [fuller]})["ratings"]) == 3
    other = {**listed, "ratings": {"overall": "Inadequate"}}
    assert len(expected_facts({"locations": [day], "inspections": [other]})["ratings"]) == 2


def test_an_assessments_overall_written_as_its_own_key_is_its_overall_rating() -> None:
    from cqcgraph.evaluate import expected_facts
    for overall in ({"rating": "Requires improvement", "score_percent": 56}, "Requires improvement"):
        expected = {"assessments": [{"location": "Oak Lodge", "start_date": "2024-04-16", "overall": overall,
                                     "key_question_ratings": {"safe": {"rating": "Good", "score_percent": 70}}}]}
        ratings = expected_facts(expected)["ratings"]
        assert [f for f in ratings if "overall" in repr(f) and "requires-improvement" in repr(f)], ratings
