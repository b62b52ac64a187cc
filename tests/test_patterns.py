"""The shared vocabulary: dates, ratings, key questions and regulation citations in the many
spellings CQC documents use."""

from __future__ import annotations

import pytest

from cqcgraph.extract import patterns as P
from cqcgraph.extract.prose import actions_in_sentence, ratings_in_sentence
from cqcgraph.records import ActionKind, KeyQuestion, Precision, RatingValue


@pytest.mark.parametrize("text, start, end", [
    ("11 October 2019", "2019-10-11", None),
    ("16 April to 29 April 2019", "2019-04-16", "2019-04-29"),
    ("26 March and 3 April 2018", "2018-03-26", "2018-04-03"),
    ("between 16 January and 06 February 2024", "2024-01-16", "2024-02-06"),
    ("10 October 2017 to 28 March 2018", "2017-10-10", "2018-03-28"),
    ("Date of inspection visit: 06/11/2020", "2020-11-06", None),
    ("Date of publication: 13/01/2021", "2021-01-13", None),
    ("21August 2013", "2013-08-21", None),
    ("Updated 11 September 2019", "2019-09-11", None),
    ("June 2011", "2011-06", None),
    ("last inspected in July 2017", "2017-07", None),
    ("2019-10-31", "2019-10-31", None),
])
def test_dates(text: str, start: str, end: str | None) -> None:
    s, e = P.parse_span(text)
    assert s.iso == start
    assert (e.iso if e else None) == end


def test_month_precision_and_no_year() -> None:
    assert P.parse_date("July 2017").precision is Precision.MONTH
    y = P.yearless_date("CQC inspected Healthcare at Home in November and December.")
    assert (y.iso, y.text, y.precision) == (None, "November and December", Precision.NONE)
    assert P.yearless_date("in April and May this year").text == "April and May this year"
    assert P.yearless_date("in June 2013") is None


def test_invalid_day_is_not_a_date() -> None:
    assert P.parse_date("31/02/2020") is None


@pytest.mark.parametrize("text, value", [
    ("Good", RatingValue.GOOD), ("Requires Improvement", RatingValue.REQUIRES_IMPROVEMENT),
    ("requires improvement", RatingValue.REQUIRES_IMPROVEMENT), ("Inadequate", RatingValue.INADEQUATE),
    ("Outstanding", RatingValue.OUTSTANDING), ("Inspected but not rated", RatingValue.INSPECTED_NOT_RATED),
    ("Not rated", RatingValue.NOT_RATED), ("Not inspected", RatingValue.NOT_INSPECTED),
])
def test_rating_words(text: str, value: RatingValue) -> None:
    assert P.parse_rating(text) is value


@pytest.mark.parametrize("text, kq", [
    ("Is the service safe?", KeyQuestion.SAFE), ("Are services safe?", KeyQuestion.SAFE),
    ("Are services responsive to people's needs?", KeyQuestion.RESPONSIVE), ("Well-led", KeyQuestion.WELL_LED),
    ("well led", KeyQuestion.WELL_LED), ("Well-Led", KeyQuestion.WELL_LED), ("caring", KeyQuestion.CARING),
])
def test_key_question_wordings(text: str, kq: KeyQuestion) -> None:
    assert P.key_question(text) is kq


def test_regulation_citations() -> None:
    (r,) = P.regulations_in("Regulation 17(2)(a)")
    assert (r.instrument, r.number, r.paragraph) == ("uksi/2014/2936", "17", "(2)(a)")
    (r,) = P.regulations_in("Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment")
    assert (r.number, r.paragraph) == ("12", None)
    (r,) = P.regulations_in("Regulation 15, (Outcome 10): Safety and suitability of premises")
    assert (r.instrument, r.number) == ("uksi/2010/781", "15")
    assert P.outcome_in("Regulation 15, (Outcome 10)") == "10"
    (r,) = P.regulations_in("Regulation 18 CQC (Registration) Regulations 2009 Notification of other incidents")
    assert r.instrument == "uksi/2009/3112"
    assert [x.number for x in P.regulations_in("Regulations 12, 13, 17 and 18")] == ["12", "13", "17", "18"]
    assert [x.number for x in P.regulations_in("the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014")] == []
    (s,) = P.regulations_in("we took action under section 31 of the Health and Social Care Act 2008")
    assert (s.instrument, s.number, s.is_section) == ("ukpga/2008/14", "31", True)
    (s,) = P.regulations_in("issued a warning notice under Section 29A of the Health and Social Care Act 2008")
    assert s.number == "29A"


def test_title_table_form() -> None:
    m = P.REGULATION_TITLE_RE.search("<p>Regulation 20A HSCA (RA) Regulations 2014 Requirement as to display of performance assessments</p>")
    assert (m.group("num"), m.group("title")) == ("20A", "Requirement as to display of performance assessments")


def kqv(sentence: str) -> list[tuple[str, str]]:
    return [(r.key_question.value, r.value.value) for r in ratings_in_sentence(sentence)]


def test_ratings_in_sentences() -> None:
    assert kqv("Following the inspection, CQC rated the service inadequate overall, and for being safe and well-led.") == [
        ("overall", "inadequate"), ("safe", "inadequate"), ("well-led", "inadequate")]
    assert kqv("It was rated requires improvement for being responsive to people's needs and good for being effective.") == [
        ("responsive", "requires-improvement"), ("effective", "good")]
    assert kqv("We rated safe as requires improvement because:") == [("safe", "requires-improvement")]
    assert kqv("We rated caring as") == []
    assert kqv("We do not rate effective, but we found:") == [("effective", "not-rated")]
    assert kqv("Overall, the practice is rated as Requires Improvement.") == [("overall", "requires-improvement")]
    assert kqv("Safe - Good") == [("safe", "good")]
    retained = ratings_in_sentence("The service's good rating for being caring is retained from its previous inspection.")
    assert retained[0].carried_over and retained[0].value is RatingValue.GOOD
    assert kqv("Staff had a good relationship with the host hospital.") == []


def test_rating_change_phrases() -> None:
    assert P.OUR_RATING_OF_RE.search("Our rating of responsive went down.").group("change") == "went down"
    m = P.CHANGED_FROM_RE.search("has changed from Requires Improvement to Good")
    assert P.change_between(P.parse_rating(m.group("old")), P.parse_rating(m.group("new"))).value == "improved"
    assert P.REMAINS_RE.search("remains rated Outstanding for caring").group("value") == "Outstanding"


def test_enforcement_words_and_hypotheticals() -> None:
    kinds = [a.kind for a in actions_in_sentence("We took action to urgently suspend the provider's registration for a period of six weeks.")]
    assert kinds == [ActionKind.URGENT_SUSPENSION]
    assert actions_in_sentence("CQC has a range of enforcement powers which include restricting the services, suspending or cancelling a service.") == []
    assert actions_in_sentence("CQC can also issue financial penalty notices and cautions, or prosecute the provider.") == []
    (a,) = actions_in_sentence("The provider was fined £3,500 at Tameside Magistrates’ Court today.")
    assert (a.kind, a.amount, a.court) == (ActionKind.FINE, "£3,500", "Tameside Magistrates’ Court")
    assert P.duration("for a period of eight weeks") == "P8W"


def test_postcode_and_phone() -> None:
    assert P.postcode("Luton LU20HF") == "LU2 0HF"
    assert P.phone("LE12 9AN (01509) 508222") == "01509 508222"
    assert P.phone("(01635) 33967") == "01635 33967"


def test_us_order_date_and_inspection_date_in_a_sentence() -> None:
    from cqcgraph.extract import patterns as P

    assert P.parse_date("Published: June 6, 2019").iso == "2019-06-06"
    s = "Hathersage Court was rated requires improvement at its most recent inspection, which took place on 9 and 10 November 2021."
    m = P.INSPECTED_WHEN_RE.search(s)
    assert [d.iso for d in P.parse_span(s[m.end():])] == ["2021-11-09", "2021-11-10"]
    assert P.INSPECTED_WHEN_RE.search("The report was published in May 2019.") is None


def test_heldout_forms() -> None:
    """Forms first seen in tests/fixtures/heldout (each named by its document)."""
    from cqcgraph.extract import names as N
    from cqcgraph.extract import prose
    from cqcgraph.records import ActionKind

    # heldout/114: urgent powers used to suspend
    kinds = [a.kind for a in prose.actions_in_sentence(
        "CQC has used its urgent enforcement powers to suspend the registration of X Ltd for three months.")]
    assert kinds == [ActionKind.URGENT_SUSPENSION]
    # heldout/109: a list of powers after "we have a range of enforcement powers" states no action
    assert not prose.actions_in_sentence("These include issuing a warning notice; restricting or suspending the services.")
    # heldout/112: costs "in prosecution costs"
    costs = [a for a in prose.actions_in_sentence("It was fined £60,000 and ordered to pay £14,862.50 in prosecution costs.")
             if a.kind is ActionKind.COSTS]
    assert [a.amount for a in costs] == ["£14,862.50"]
    # heldout/112: a current rating, not an inspection's
    assert P.CURRENTLY_RATED_RE.search("It is currently rated requires improvement.")
    # heldout/113: a name does not run over a line break; a described service without a town
    import re

    assert re.match(N.NAME, "Langton House Nursing Home\n\nLangton House Nursing Home").group(0) == "Langton House Nursing Home"
    m = N.DESCRIBED_RUN_BY_RE.search("Seaview Home Care (Bridport), a home care agency run by Seaview Home Care Ltd, has")
    assert m and m.group("name") == "Seaview Home Care (Bridport)" and m.group("provider") == "Seaview Home Care Ltd"


# ------------------------------------------------------------------ forms found in heldout families

def test_action_totals_trust_report_forms() -> None:
    # trust reports' "Areas for improvement" (heldout/106) and the "must take N actions" wording
    text = ("We found areas for improvement including 17 breaches of legal requirements that the trust "
            "must put right. We found 23 things that the trust should improve to comply with a minor breach.")
    assert P.action_totals(text) == {"must": 17, "should": 23}
    assert P.action_totals("we told the trust it must take 4 actions and should take 9 actions") == {"must": 4, "should": 9}
    # no number, no total (seed 000)
    assert P.action_totals("We told the provider that it must take some actions to comply") == {}


def test_all_key_questions_expands_only_when_all_are_named() -> None:
    got = {(r.key_question.value, r.value.value) for r in ratings_in_sentence(
        "Following our previous inspection in July 2019, the practice was rated Good overall and for all key questions.")}
    assert got == {(kq, "good") for kq in ("overall", "safe", "effective", "caring", "responsive", "well-led")}
    got = {(r.key_question.value, r.value.value) for r in ratings_in_sentence(
        "The practice was rated Good overall and for being safe and caring.")}
    assert ("effective", "good") not in got


def test_rating_changes_in_prose() -> None:
    from cqcgraph.extract.prose import changes_in, ratings_in

    def ch(text: str) -> set[tuple[str, str]]:
        return {(c.key_question.value, c.change.value) for c in changes_in(text)[0]}

    assert ch("The last rating for this service was good (published 14 February 2020). "
              "The rating has changed to requires improvement.") == {("overall", "went-down")}
    assert ch("This service has been rated requires improvement for the last two consecutive inspections. "
              "The rating has now changed to good.") == {("overall", "improved")}
    assert ch("At our last inspection in February 2017 we rated the service Good. At this inspection we "
              "found the service had deteriorated to Requires Improvement.") == {("overall", "went-down")}
    assert ch("Our rating of safe and well-led went down.") == {("safe", "went-down"), ("well-led", "went-down")}
    assert ch("Following the inspection, the home remains rated requires improvement overall. Its ratings for "
              "safe and well-led have both dropped from requires improvement to inadequate.") == {
        ("overall", "stayed-the-same"), ("safe", "went-down"), ("well-led", "went-down")}
    rated = {(r.key_question.value, r.value.value) for r in ratings_in(
        "Its ratings for safe and well-led have both dropped from requires improvement to inadequate.")}
    assert rated >= {("safe", "inadequate"), ("well-led", "inadequate")}
    # a key question section's "At this assessment the rating has changed to" is not the overall rating
    assert not ratings_in("At this assessment the rating has changed to requires improvement.")


@pytest.mark.parametrize("text, expected", [
    # variants/001, heldout/101: titles joined by "and" that themselves contain "and"
    ("We have identified breaches in relation to safe care and treatment and good governance at this inspection. "
     "Please see the action we have told the provider to take at the end of this report.",
     [("12", "safe care and treatment"), ("17", "good governance")]),
    ("We have identified breaches in relation to safe care and treatment, staffing and good governance at this inspection.",
     [("12", "safe care and treatment"), ("18", "staffing"), ("17", "good governance")]),
    ("We found 2 breaches of the legal regulations in relation to safe care and treatment and good governance.",
     [("12", "safe care and treatment"), ("17", "good governance")]),
    ("We found a breach of regulation in relation to safe care and treatment (Regulation 12). We issued a requirement notice.",
     [("12", "safe care and treatment")]),
    ("We have identified a breach in relation to good governance at this inspection.", [("17", "good governance")]),
    ("We identified breaches in relation to premises and equipment and dignity and respect.",
     [("15", "premises and equipment"), ("10", "dignity and respect")]),
    # a subject that is no official title: the title alone
    ("We found a breach of regulation in relation to how medicines were managed.", [(None, "how medicines were managed")]),
    # boilerplate and conditional wording state no finding
    ("Where we find breaches in relation to safe care and treatment we will take action.", []),
    ("If a breach is identified in relation to good governance, we will ask for an action plan.", []),
    ("We will check whether breaches in relation to staffing have been put right.", []),
    ("CQC has a range of enforcement powers it can use where breaches of regulations are found.", []),
    ("Where we have identified breaches in relation to safe care and treatment we will follow up.", []),
    # an earlier inspection's breaches are not this inspection's
    ("At our last inspection we found breaches in relation to safe care and treatment.", []),
])
def test_breaches_stated_by_subject(text: str, expected: list) -> None:
    from cqcgraph.extract.prose import breaches_stated

    got = [(b.regulation.number if b.regulation else None, b.title) for b in breaches_stated(text)]
    assert got == expected


def test_regulation_for_title_only_for_official_titles() -> None:
    assert P.regulation_for_title("Safe care and treatment") == "12"
    assert P.regulation_for_title("person centred care") == "9"
    assert P.regulation_for_title("Fit and proper persons employed") == "19"
    assert P.regulation_for_title("how the service was managed") is None


def _dates_searched_afresh(text: str) -> list[tuple[int, str]]:
    """Where each date of ``text`` is, read the plain way: every form searched again from where
    the last date ended, the leftmost match taken (what ``iter_dates`` must give, however it
    searches), for a text whose every match is a real day."""
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        found = [m for _name, pattern in P.DATE_FORMS if (m := pattern.search(text, pos))]
        if not found:
            break
        m = min(found, key=lambda x: x.start())
        out.append((m.start(), m.group(0)))
        pos = m.end()
    return out


def test_every_date_of_a_long_text_is_found_in_order() -> None:
    # forms mixed and repeated, ranges beside single days, one form's match passed by another's
    text = ("Inspected 5, 6 and 7 December 2023. Published 13/01/2024. We visited between 1 August\n"
            "2018 and 1 July 2019, then in June 2011 and on 2019-10-31. Regulation 12 2014 is no date.\n"
            "Updated 11 September 2019; visits on 19, 23 May and 1 June 2016, April and May 2019,\n"
            "June 6, 2019, 16 April to 29 April 2019 and 21August 2013.")
    found = list(P.iter_dates(text))
    assert [(m.start(), m.group(0)) for _s, _e, m in found] == _dates_searched_afresh(text)
    assert [s.iso for s, _e, _m in found] == [
        "2023-12-05", "2024-01-13", "2018-08-01", "2011-06", "2019-10-31", "2019-09-11",
        "2016-05-19", "2019-04", "2019-06-06", "2019-04-16", "2013-08-21"]


def test_a_text_with_no_year_states_no_date() -> None:
    assert list(P.iter_dates("on 5 December, in the spring, on 12/03")) == []
    assert P.parse_date("Tuesday 5 December") is None
