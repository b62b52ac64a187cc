"""Single assessment framework scores read by what a score is: a number 1-4 (or CQC's words
for it) beside a quality statement's name, a percentage beside a key question's, in any of the
layouts CQC's pages, reports and tables give them. Each form is read on two documents of the
independent sets or on short synthetic pages in CQC's standard layout; numbers that are no
score (counts, dates, page and phone numbers) stay unread."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import extract, scores
from cqcgraph.records import KeyQuestion

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The top of a location page's assessment report, as CQC publishes it.
HEAD = ("Riverside Care Home\nCare home\n1 Mill Road, Ely, Cambridgeshire CB7 4AA\n"
        "Provided and run by: Fenland Care Limited\n\nReport from 3 March 2025 assessment\n\n"
        "Overall rating: Requires improvement\nSafe: Requires improvement\n\nUpdated 1 May 2025\n\n")


def statement_scores_of(body: str) -> dict[str, int]:
    (insp, *_rest) = extract(HEAD + body).inspections
    return {s.statement: s.score for s in insp.scores}


def test_independent_sets_read_by_the_general_reader_alone() -> None:
    """The statement tables of two authors ("Learning culture   Score: 2 - Evidence shows some
    shortfalls", "Learning culture   3" under "Quality statement  Score") and their key question
    percentages ("Score: 2 out of 4 (53%)" under the rating, a "Key question / Rating / Score"
    table), read with no layout of their own."""
    lines = (FIXTURES / "heldout2" / "203.txt").read_text(encoding="utf-8").split("\n")
    found = {name: n for name, _kq, n in scores.statement_scores(lines)}
    assert len(found) == 16 and found["Medicines optimisation"] == 1
    assert found["Environmental sustainability – sustainable development"] == 1
    assert scores.key_question_percents(lines)[KeyQuestion.SAFE] == 53
    lines = (FIXTURES / "heldout3" / "303.txt").read_text(encoding="utf-8").split("\n")
    found = {name: n for name, _kq, n in scores.statement_scores(lines)}
    assert len(found) == 13 and found["Safe systems, pathways and transitions"] == 2
    assert scores.key_question_percents(lines)[KeyQuestion.WELL_LED] == 54


@pytest.mark.parametrize("body", [
    "Learning culture: 3\nSafeguarding: 2\n",                         # colon
    "Learning culture – 3\nSafeguarding – 2\n",                       # dash
    "Learning culture = 3\nSafeguarding = 2\n",                       # equals
    "Learning culture\tScore 3\nSafeguarding\tScore 2\n",             # a table row copied with tabs
    "| Learning culture | 3 |\n| Safeguarding | 2 |\n",               # a table's bars
    "Score: 3  Learning culture\nScore: 2  Safeguarding\n",           # the score first
    "Learning culture\nRating score: 3\n\nSafeguarding\nRating score: 2\n",  # the next line
    "Learning culture\n3 – Evidence shows a good standard\nSafeguarding\nEvidence shows some shortfalls: 2\n",
    "Learning culture\nEvidence shows a good standard\nSafeguarding\nEvidence shows some shortfalls\n",
    "Learning culture scored 3. We gave a score of 2 for safeguarding.\n",  # prose
    "The score for learning culture was 3. The score for the safeguarding quality statement was 2.\n",
    "Learning culture   Score 3 – good standard\nSafeguarding   Score 2 – some shortfalls\n",  # no article
    "Safe – Learning culture: 3\nSafe – Safeguarding: 2\n",           # the key question first
    "Learning culture (3)\nSafeguarding (2 out of 4)\n",
    "Learning culture – We have a proactive and positive culture of safety.\nScore: 3\n"
    "Safeguarding: We work with people to understand what being safe means to them.\nScore: 2\n",
])
def test_statement_score_beside_its_name(body: str) -> None:
    assert statement_scores_of(body) == {"Learning culture": 3, "Safeguarding": 2}


def test_evidence_levels_stand_for_the_numbers() -> None:
    body = ("Medicines optimisation   Evidence shows significant shortfalls\n"
            "Safe environments   Evidence shows an exceptional standard\n")
    assert statement_scores_of(body) == {"Medicines optimisation": 1, "Safe environments": 4}


@pytest.mark.parametrize("line,percent", [
    ("Safe: 63%", 63), ("Safe – 2 out of 4 (53%)", 53), ("Safe   Score 66", 66), ("Safe: 66 per cent", 66),
    ("Safe   Requires improvement   56%", 56), ("Safe – Requires improvement – 56%", 56),
    ("Safe: Requires improvement (56%)", 56)])
def test_key_question_percentage_beside_its_name(line: str, percent: int) -> None:
    page = HEAD + line + "\n"
    (insp, *_rest) = extract(page).inspections
    assert {r.key_question: r.score_percent for r in insp.ratings}[KeyQuestion.SAFE] == percent


@pytest.mark.parametrize("body", [
    "Safeguarding\n12 March 2024\n",            # a date
    "Safeguarding 2024\n",                       # a year
    "Safeguarding   12\n",                       # a count
    "Safeguarding\n3\n",                         # a page number under a heading
    "Safe environments: 01223 000 000\n",        # a phone number
    "We looked at 3 quality statements: learning culture, safeguarding and safe environments.\n",
    "Safeguarding concerns: 3 were raised with the local authority.\n",
])
def test_numbers_that_are_no_score_stay_unread(body: str) -> None:
    assert statement_scores_of(body) == {}


def test_scores_only_inside_an_assessment() -> None:
    """A line that looks like a score in a document of another layout (an inspection report of
    2014-2023) is no score."""
    text = ("Inspection report\n\nDate of inspection visit: 4 March 2019\n\nRatings\nOverall rating for this "
            "service Good\n\nSafeguarding: 3\nLearning culture: 2\n")
    record = extract(text)
    assert record.layout != "assessment"
    assert all(not i.scores for i in record.inspections)


def test_statement_scores_past_their_we_statement_and_in_columns() -> None:
    """The score under CQC's "we" statement for the quality statement, "Score" then the number,
    and a table copied column by column (the names, then "Score" and the numbers)."""
    body = ("Learning culture\nWe have a proactive and positive culture of safety based on openness.\nScore: 3\n\n"
            "Safeguarding\nScore\n2\n")
    assert statement_scores_of(body) == {"Learning culture": 3, "Safeguarding": 2}
    body = "Quality statement\nLearning culture\nSafeguarding\nScore\n3\n2\n"
    assert statement_scores_of(body) == {"Learning culture": 3, "Safeguarding": 2}
    body = "| Learning culture | Safe | 3 | Evidence shows a good standard |\n| Safeguarding | Safe | 2 |\n"
    assert statement_scores_of(body) == {"Learning culture": 3, "Safeguarding": 2}


@pytest.mark.parametrize("line", [
    "Is the service safe? 63%", "The safe key question scored 63%.", "We gave a score of 63 per cent for safe.",
    "The score for the safe key question was 63%."])
def test_key_question_percentage_by_its_question_and_in_prose(line: str) -> None:
    (insp, *_rest) = extract(HEAD + line + "\n").inspections
    assert {r.key_question: r.score_percent for r in insp.ratings}[KeyQuestion.SAFE] == 63


@pytest.mark.parametrize("page", ["001", "021"])
def test_scores_of_an_assessment_on_a_location_page(page: str) -> None:
    """A location page (another layout) whose timeline holds an assessment under the single
    assessment framework: the score after it is that assessment's; without one, none. (Two
    statements scored or more would make the whole text an assessment's.)"""
    text = (FIXTURES / "real" / f"{page}.txt").read_text(encoding="utf-8")
    lines = "\nLearning culture: 3\n"
    record = extract(text + "\n\nDuring an assessment under our new approach\nWe rated the safe key question as good." + lines)
    assert record.layout == "location-page"
    (insp,) = [i for i in record.inspections if i.scores]
    assert insp.label == "During an assessment under our new approach"
    assert {s.statement: s.score for s in insp.scores} == {"Learning culture": 3}
    plain = extract(text + "\n" + lines)
    assert plain.layout == "location-page" and all(not i.scores for i in plain.inspections)


@pytest.mark.parametrize("folder,n,heading,count", [
    ("heldout2", "203", "Report from 4 March 2024 assessment", 16),
    ("heldout2", "219", "Report from", 10)])
def test_an_assessment_known_by_its_scored_statements(folder: str, n: str, heading: str, count: int) -> None:
    """An assessment whose "Report from … assessment" heading is worded otherwise is still an
    assessment: quality statements scored are the single assessment framework's alone."""
    text = (FIXTURES / folder / f"{n}.txt").read_text(encoding="utf-8").replace(heading, "Assessment report")
    record = extract(text)
    assert record.layout == "assessment"
    (insp,) = [i for i in record.inspections if i.scores]
    assert len(insp.scores) == count and insp.framework == "single assessment framework"


@pytest.mark.parametrize("body", [
    "We looked at these quality statements:\n1. Learning culture\n2. Safeguarding\n3. Safe environments\n",
    "Quality statements we assessed\n1 Learning culture\n2 Safeguarding\n4 Medicines optimisation\n",
    "Contents\nOverview 1\nLearning culture 2\nSafeguarding 3\nSafe environments 4\n",
    "Learning culture 3\nSafeguarding 4\nSafe environments 6\nMedicines optimisation 7\n",  # a contents list's pages
])
def test_list_numbers_and_page_numbers_are_no_scores(body: str) -> None:
    """A numbered list of the statements looked at, and a contents list's page numbers beside
    them, give no score: a number before a name needs a score's words, and a run of bare numbers
    with one above 4 or beside another heading is a list's."""
    assert statement_scores_of(body) == {}


@pytest.mark.parametrize("body", [
    "Scores at our last assessment\nLearning culture: 3\nSafeguarding: 3\n\nScores at this assessment\n"
    "Learning culture: 2\nSafeguarding: 2\n",
    "Previous assessment scores\n\nLearning culture\n\nScore: 3\n\nSafeguarding\n\nScore: 3\n\nOur current scores\n\n"
    "Learning culture\n\nScore: 2\n\nSafeguarding\n\nScore: 2\n",
    "At our last assessment, learning culture scored 3 and safeguarding scored 4. Learning culture scored 2. "
    "We gave a score of 2 for safeguarding.\n",
])
def test_scores_of_an_earlier_assessment_are_not_this_ones(body: str) -> None:
    """Scores under a heading about an earlier assessment, or in a sentence about it, are that
    assessment's: only the current ones are read."""
    (insp, *_rest) = extract(HEAD + body).inspections
    assert sorted((s.statement, s.score) for s in insp.scores) == [("Learning culture", 2), ("Safeguarding", 2)]


@pytest.mark.parametrize("body", [
    "Quality statement   Number of people spoken to\nLearning culture   3\nSafeguarding   4\n",
    "| Quality statement | Evidence categories looked at |\n| Learning culture | 2 |\n| Safeguarding | 3 |\n",
    "Concerns we received\nSafeguarding (2)\nSafe environments (1)\n",
    "Number of notifications\nSafeguarding: 3\nInfection prevention and control: 1\n",
    "For example, a service might be scored:\nLearning culture – 3\nSafeguarding – 2\n",
    "How we score quality statements\nLearning culture: 3\nSafeguarding: 2\n",
    "Safeguarding scored 3 out of 10 in the staff survey. Learning culture scored 2 out of 5.\n",
])
def test_numbers_in_blocks_of_another_kind_are_no_scores(body: str) -> None:
    """A table whose header names quality statements and a column that is no score, a block of
    counts, an example of how CQC scores, and a score out of anything but 4 give no score."""
    assert statement_scores_of(body) == {}


@pytest.mark.parametrize("body", [
    "Survey results\nSafe: 87%\nWell-led: 91%\n",
    "What people told us\nSafe   87%\nWell-led   91%\n",
    "At our last assessment, the safe key question scored 70%. The well-led key question scored 80% at "
    "our previous assessment.\n",
])
def test_percentages_of_surveys_and_earlier_assessments_are_no_key_question_score(body: str) -> None:
    (insp, *_rest) = extract(HEAD + "Well-led: Good\n" + body).inspections
    assert all(r.score_percent is None for r in insp.ratings)


@pytest.mark.parametrize("line", ["Safe\nRequires improvement\nScore: 53% (17 of 32 points)",
                                  "Safe: 53% (17 out of 32 points)"])
def test_key_question_percentage_with_its_points(line: str) -> None:
    """CQC's percentage with the points it stands for: the percentage is the score."""
    (insp, *_rest) = extract(HEAD + line + "\n").inspections
    assert {r.key_question: r.score_percent for r in insp.ratings}[KeyQuestion.SAFE] == 53


@pytest.mark.parametrize("text", [
    "How we score\nWe score each quality statement from 1 to 4. For example, a care home might get:\n"
    "Learning culture – 3\nSafeguarding – 2\nThese scores are combined into a percentage.\n",
    "Our new assessment approach\nAn example of a service's scores:\nLearning culture: 3\nSafe environments: 2\n",
])
def test_examples_of_scoring_make_no_assessment(text: str) -> None:
    """A page explaining how CQC scores, with example scores, reports no assessment."""
    record = extract(text)
    assert all(not i.scores for i in record.inspections)


@pytest.mark.parametrize("body", [
    "Learning culture: 3 (based on the previous rating)\nSafeguarding: 2\n",
    "Safeguarding   2\nLearning culture   3 – not assessed, based on the previous rating\n",
    "Assessment scores\nLearning culture\nScore: 3\nWe did not look at this quality statement. This score is based on "
    "the previous rating.\nSafeguarding\nScore: 2\n",
])
def test_a_score_based_on_the_previous_rating_is_not_assessed(body: str) -> None:
    """A statement's score that the text bases on the previous rating (on its line or in the
    sentence under it) is kept, marked as not assessed at this assessment."""
    text = HEAD.replace("Report from 3 March 2025 assessment", "Assessment of 3 March 2025") + body
    (insp, *_rest) = [i for i in extract(text).inspections if i.scores]
    assert {(s.statement, s.score, s.assessed) for s in insp.scores} == {
        ("Learning culture", 3, False), ("Safeguarding", 2, True)}


@pytest.mark.parametrize("body", [
    "Safe\nGood\nThis service scored 70 (out of 100) for this area.\n\nWell-led\nGood\n\n"
    "Overall, this service scored 66 (out of 100).\n",
    "Safe\nGood\nThis service scored 70 (out of 100) for this area.\n\nWell-led\nGood\n"
    "The overall score for this service: scored 66 (out of 100)\n",
])
def test_the_overall_score_is_no_key_questions(body: str) -> None:
    """The service's overall score under the last key question is not that key question's."""
    (insp, *_rest) = extract(HEAD.replace("Overall rating: Requires improvement\nSafe: Requires improvement\n", "")
                             + body).inspections
    assert {r.key_question: r.score_percent for r in insp.ratings if r.score_percent is not None} == {
        KeyQuestion.SAFE: 70}


@pytest.mark.parametrize("body", [
    "Safe\nGood\nStaff survey   Score: 3\nResident feedback   Score: 4\n",
    "Well-led\nGood\nFood hygiene   Score: 4\nLearning culture   Score: 2\n",
])
def test_a_score_beside_what_is_no_quality_statement_is_none(body: str) -> None:
    """On an assessment page, "Score: N" beside a name that is no quality statement scores
    nothing; beside a statement's name it is that statement's."""
    found = statement_scores_of(body)
    assert found == ({"Learning culture": 2} if "Learning" in body else {})


@pytest.mark.parametrize("body", ["Safe\nGood\nScore: 3\n\nWell-led\nGood\nScore 2\n",
                                  "Safe: Requires improvement\nWell-led: Good\nSafe   Score 3\nWell-led   Score 4\n"])
def test_a_score_of_1_to_4_is_no_key_question_percentage(body: str) -> None:
    """A bare "Score: 3" beside a key question is a 1-4 score, not 3 per cent (a key question's
    percentage is never under 25)."""
    (insp, *_rest) = extract(HEAD + body).inspections
    assert all(r.score_percent is None for r in insp.ratings)


#: Two assessment pages as CQC publishes them: the key questions in a table whose rows end
#: with the previous rating, and in lines with the score in brackets after the rating.
_TABLE_PAGE = ("Moorside Medical Centre\n\nGP practice\n12 Moor Lane, Bolton BL1 4QT\n"
               "Provided and run by: Moorside Partnership\n\nLatest assessment\n\n"
               "Assessment published 3 March 2025\nAssessment period: 6 January 2025 to 7 February 2025\n\n"
               "Overall\nGood\nPreviously: Requires improvement\n\n"
               "Safe          Good                    Score 63%   Previously: Requires improvement\n"
               "Effective     Good                    Score 71%   Previously: Good\n"
               "Caring        Good                    Score 78%   Previously: Good\n"
               "Responsive    Requires improvement    Score 47%   Previously: Good\n"
               "Well-led      Good                    Score 66%   Previously: Requires improvement\n\n"
               "Summary\n\nThe practice is now rated good overall.\n\n"
               "Safe - quality statement scores\nLearning culture    3\nSafeguarding    2\n")
_BRACKET_PAGE = ("Brightwater Home Care\n\nHomecare agency\nUnit 4, Quay Street, Bristol BS1 4DB\n"
                 "Provided and run by: Brightwater Care Limited\n\nOur current view of the service\n\n"
                 "Date of assessment: 2 April 2025 to 30 April 2025\nPublished: 20 May 2025\n\n"
                 "Overall: Good\n\n"
                 "Safe - Good (score 72%)\n"
                 "Effective - Not assessed. Rating from our last inspection: Good\n"
                 "Caring - Good (score 84%)\n"
                 "Responsive - Requires improvement (score 59%)\n"
                 "Well-led - Good (score 69%)\n\n"
                 "About this assessment\nWe assessed a selection of quality statements.\n")


@pytest.mark.parametrize("page,expected", [
    (_TABLE_PAGE, {KeyQuestion.SAFE: 63, KeyQuestion.EFFECTIVE: 71, KeyQuestion.CARING: 78,
                   KeyQuestion.RESPONSIVE: 47, KeyQuestion.WELL_LED: 66}),
    (_BRACKET_PAGE, {KeyQuestion.SAFE: 72, KeyQuestion.CARING: 84, KeyQuestion.RESPONSIVE: 59,
                     KeyQuestion.WELL_LED: 69}),
    (HEAD + "Safe   Requires improvement   Score 56%   Previously: Good\n"
     "Well-led   Good   Score 70%   Previously: Good\n", {KeyQuestion.SAFE: 56, KeyQuestion.WELL_LED: 70}),
    (HEAD + "Well-led: Good\nSafe - Requires improvement (score 56%)\nWell-led - Good (Score: 70%)\n",
     {KeyQuestion.SAFE: 56, KeyQuestion.WELL_LED: 70}),
])
def test_key_question_percentage_beside_its_previous_rating_or_in_brackets(page: str, expected: dict[KeyQuestion, int]) -> None:
    """A key question's row that ends with its previous rating, or gives the score in brackets,
    still gives the current percentage; a line of one earlier rating ("Previously: Good",
    "Not assessed. Rating from our last inspection: Good") sets no following row aside, and a key
    question not assessed gets no percentage."""
    record = extract(page)
    (insp, *_rest) = [i for i in record.inspections if not i.is_previous]
    got = {r.key_question: r.score_percent for r in insp.ratings if r.score_percent is not None}
    assert got == expected


@pytest.mark.parametrize("body", [
    "Safe   Requires improvement   Previously: Good (score 55%)\n",
    "Previous assessment scores\nSafe - Good (score 70%)\nWell-led - Good (score 80%)\n",
])
def test_a_previous_ratings_percentage_is_no_current_score(body: str) -> None:
    """A percentage that follows the previous rating, or stands under an earlier assessment's
    heading, is the earlier assessment's."""
    (insp, *_rest) = extract(HEAD + "Well-led: Good\n" + body).inspections
    assert all(r.score_percent is None for r in insp.ratings)
