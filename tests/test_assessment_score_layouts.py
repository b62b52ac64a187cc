"""Scores of the single assessment framework (2024-2025) in the newer layouts of CQC's assessment
pages: the assessment's overall score ("Overall score: 56%"), key question rows with the score and
the rating in either order ("Safe  Good  63%", "Safe  63%  Good"), a rating and its score on one
line under the key question ("Requires improvement · Score 53%"), and quality statements scored
"Score: 3 out of 4". Each layout is read on two kinds of page (a location page's "Report from …
assessment" and a service page dated by "Date of assessment"); the texts are invented, in CQC's
style.
"""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.records import Inspection, KeyQuestion

_S, _E, _W, _O = KeyQuestion.SAFE, KeyQuestion.EFFECTIVE, KeyQuestion.WELL_LED, KeyQuestion.OVERALL

#: A location page's assessment report.
REPORT_FROM = ("Riverside Care Home\nCare home\n1 Mill Road, Ely, Cambridgeshire CB7 4AA\n"
               "Provided and run by: Fenland Care Limited\n\nReport from 3 March 2025 assessment\n\n"
               "Overall rating: Requires improvement\n{overall}\nUpdated 1 May 2025\n\n")
#: A service page dated by its "Date of assessment" line.
SERVICE_PAGE = ("Care Quality Commission\n\nBirch Court\nBirch Care Ltd\n\nCare home · 40 beds\n"
                "12 Elm Road, Leeds LS6 2AB\nCQC ID: 1-2233445566\n\nOverall rating: Requires improvement\n{overall}"
                "Date of assessment: 3 March 2025 to 14 April 2025\nReport published: 20 May 2025\n\n")
HEADS = [REPORT_FROM, SERVICE_PAGE]

ROWS_RATING_FIRST = ("Key question    Rating                  Score\nSafe            Requires improvement    53%\n"
                     "Effective       Good                    63%\nWell-led        Requires improvement    50%\n")
ROWS_SCORE_FIRST = ("Key question    Score    Rating\nSafe            53%      Requires improvement\n"
                    "Effective       63%      Good\nWell-led        50%      Requires improvement\n")
ROWS_NO_HEAD = "Safe  53%  Requires improvement\nEffective  63%  Good\nWell-led  50%  Requires improvement\n"


def _assessment(text: str) -> Inspection:
    return next(i for i in extract(text).inspections if not i.is_previous)


def _percents(text: str) -> dict[KeyQuestion, int]:
    return {r.key_question: r.score_percent for r in _assessment(text).ratings
            if r.score_percent is not None and r.service is None}


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("overall", ["Overall score: 56%\n", "Overall score 56%\n", "Overall score: 56 per cent\n"])
def test_the_overall_score_goes_to_the_overall_rating(head: str, overall: str) -> None:
    got = _percents(head.format(overall=overall) + ROWS_RATING_FIRST)
    assert got == {_O: 56, _S: 53, _E: 63, _W: 50}


@pytest.mark.parametrize("head", HEADS)
def test_an_overall_rating_without_a_score_has_none(head: str) -> None:
    """"Overall rating:" over its rating states no score, and neither does a survey's overall
    percentage."""
    got = _percents(head.format(overall="") + ROWS_RATING_FIRST + "\nOverall 87% of relatives told us they were happy.\n")
    assert _O not in got and got[_S] == 53


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("rows", [ROWS_SCORE_FIRST, ROWS_NO_HEAD])
def test_key_question_rows_with_the_score_before_the_rating(head: str, rows: str) -> None:
    insp = _assessment(head.format(overall="") + rows)
    got = {r.key_question: (r.value.value, r.score_percent) for r in insp.ratings if r.key_question is not _O}
    assert got == {_S: ("requires-improvement", 53), _E: ("good", 63), _W: ("requires-improvement", 50)}


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("line", ["Requires improvement · Score 53%", "Requires improvement – 53%",
                                  "Score 53% · Requires improvement", "53%  Requires improvement"])
def test_a_rating_and_its_score_on_one_line_under_the_key_question(head: str, line: str) -> None:
    text = head.format(overall="") + "Safe\n" + line + "\n\nWe looked at staffing.\n\nWell-led\nGood · Score 63%\n"
    insp = _assessment(text)
    got = {r.key_question: (r.value.value, r.score_percent) for r in insp.ratings if r.key_question is not _O}
    assert got == {_S: ("requires-improvement", 53), _W: ("good", 63)}


@pytest.mark.parametrize("head", HEADS)
def test_a_rated_heading_under_earlier_scores_is_no_current_rating(head: str) -> None:
    text = head.format(overall="") + ("Safe: Requires improvement\n\nScores at our last assessment\n"
                                      "Well-led\nGood · Score 70%\n")
    insp = _assessment(text)
    assert {r.key_question for r in insp.ratings} == {_O, _S}
    assert all(r.score_percent is None for r in insp.ratings)


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("body", [
    "Learning culture\nScore: 3 out of 4\n\nSafeguarding\nScore: 2 out of 4\n",
    "Learning culture: Score 3 out of 4\nSafeguarding: Score 2 out of 4\n",
    "Score: 3 out of 4   Learning culture\nScore: 2 out of 4   Safeguarding\n",
    "Learning culture (score 3 out of 4)\nSafeguarding (Score: 2 out of 4)\n",
    "Learning culture – Score: 3 out of 4 – Evidence shows a good standard\n"
    "Safeguarding – Score: 2 out of 4 – Evidence shows some shortfalls\n",
])
def test_quality_statements_scored_out_of_4(head: str, body: str) -> None:
    insp = _assessment(head.format(overall="") + ROWS_RATING_FIRST + "\n" + body)
    assert {s.statement: s.score for s in insp.scores} == {"Learning culture": 3, "Safeguarding": 2}
