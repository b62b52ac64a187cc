"""Breaches stated in prose that the reader missed: a class of regulations named before the
colon that cites them, and the breach of an earlier inspection that this one found put right.
Each family on two invented texts in CQC's wording at least, and on the independent set that
states it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph import documents
from cqcgraph.extract import extract, prose
from cqcgraph.extract import patterns as P

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _all_breaches(text: str) -> set[str]:
    record = extract(text)
    found = [*record.breaches, *(b for i in record.inspections for b in i.breaches)]
    return {b.regulation.number for b in found if b.regulation}


@pytest.mark.parametrize("sentence, numbers", [
    ("We found two breaches of the regulations: Regulation 9 (Person-centred care) and Regulation 18 (Staffing).",
     ["9", "18"]),
    ("We found breaches of the following regulations: Regulation 9, Regulation 12 and Regulation 17.", ["9", "12", "17"]),
    ("The provider was in breach of three legal requirements – Regulation 12, Regulation 13 and Regulation 17.",
     ["12", "13", "17"]),
])
def test_regulations_named_as_a_class_before_their_citations_are_breaches(sentence: str, numbers: list[str]) -> None:
    assert [r.number for r, _t, _f in P.breaches_cited(sentence)] == numbers


def test_a_class_of_regulations_in_a_recommendation_is_no_breach() -> None:
    assert P.breaches_cited("If the provider does not meet the following regulations: Regulation 12, we will act.") == []


@pytest.mark.parametrize("sentence, numbers", [
    ("At this inspection the provider had made the improvements needed and was no longer in breach of Regulation 18 (Staffing).",
     ["18"]),
    ("Enough improvement had been made and the provider was no longer in breach of regulations 12 and 17.", ["12", "17"]),
    ("The service was now meeting Regulation 12.", ["12"]),
])
def test_a_breach_put_right_is_a_breach_of_the_earlier_inspection(sentence: str, numbers: list[str]) -> None:
    assert [r.number for r, _t, _f in P.breaches_put_right(sentence)] == numbers
    assert prose.breaches_stated(sentence) == []  # not this inspection's


def test_no_longer_in_breach_of_regulations_names_none() -> None:
    assert P.breaches_put_right("At this inspection we found improvements had been made and the provider was no "
                                "longer in breach of regulations.") == []


_SUMMARY = ("• Care home\n  • Residential care home\n\nOakfield House\n\nOverall: Good read more about inspection "
            "ratings\n\n1 Mill Lane, Derby, DE1 1AA (01332) 123456\n\nProvided and run by:\nOakfield Care Limited\n\n"
            "Latest inspection summary\n\nOn this page\n\nBackground to this inspection\n\nUpdated 14 April 2023\n\n"
            "Oakfield House is a residential care home providing personal care to up to 32 people.\n\n{body}\n")
_REPORT = ("Oak House\nInspection report\n1 Mill Lane, Derby DE1 1AA\n\nDate of inspection visit: 3 March 2021\n"
           "Date of publication: 20 April 2021\n\nOverall summary\nWe carried out an unannounced inspection of Oak "
           "House on 3 March 2021.\n\n{body}\n")


@pytest.mark.parametrize("layout", [_SUMMARY, _REPORT])
def test_an_earlier_breach_put_right_is_the_documents_in_any_layout(layout: str) -> None:
    text = layout.format(body=(
        "At our last inspection the provider had failed to ensure that medicines were managed safely. This was a "
        "breach of regulation 12 (Safe care and treatment). At this inspection enough improvement had been made and "
        "the provider was no longer in breach of regulations 12 and 17."))
    record = extract(text)
    assert {"12", "17"} <= _all_breaches(text)
    current = [i for i in record.inspections if not i.is_previous]
    assert all(not i.breaches for i in current)  # put right: no breach of this inspection


def test_the_assessment_that_found_a_breach_put_right_gives_it_the_earlier_inspection() -> None:
    path = FIXTURES / "heldout2" / "219.txt"
    record = extract(documents.read(path.read_bytes(), path.name).text)
    earlier = [i for i in record.inspections if i.is_previous]
    assert any(b.regulation and b.regulation.number == "17" for i in earlier for b in i.breaches)
    assert not any(b.regulation and b.regulation.number == "17" for i in record.inspections if not i.is_previous
                   for b in i.breaches)


@pytest.mark.parametrize("sentence, numbers", [
    ("We found a breach of regulation 12 (safe care and treatment) in relation to the management of pressure care, "
     "and a breach of regulation 17 (good governance) because audits had not identified these issues.", {"12", "17"}),
    ("The provider was in breach of Regulation 18 (Staffing) as there were not enough staff at night, and in breach "
     "of Regulation 19 because recruitment checks were not completed.", {"18", "19"}),
])
def test_every_breach_a_sentence_states_is_read(sentence: str, numbers: set[str]) -> None:
    assert {b.regulation.number for b in prose.breaches_stated(sentence) if b.regulation} == numbers


@pytest.mark.parametrize("sentence, numbers", [
    ("The provider had failed to assess these risks, which breached the regulation on safe care and treatment, and "
     "the staffing levels breached the regulation on staffing.", {"12", "18"}),
    ("The provider had breached regulations about person-centred care, safe care and treatment and good governance.",
     {"9", "12", "17"}),
    ("This was a breach of the regulation about the need for consent.", {"11"}),
    ("The registered manager did not have oversight of the service, so the provider continued to breach the "
     "regulation relating to good governance.", {"17"}),
])
def test_a_breach_named_by_the_regulations_subject_in_any_tense(sentence: str, numbers: set[str]) -> None:
    assert {b.regulation.number for b in prose.breaches_stated(sentence) if b.regulation} == numbers


@pytest.mark.parametrize("sentence", [
    "The provider had not breached the regulation on staffing.",
    "If the provider breached the regulation on staffing we would take action.",
])
def test_a_breach_denied_or_supposed_by_subject_is_none(sentence: str) -> None:
    assert prose.breaches_stated(sentence) == []


@pytest.mark.parametrize("text", [
    "We also issued two requirement notices. Our action related to breaches of regulation 12\n"
    "(safe care and treatment) and regulation 18 (staffing) of the Health and Social Care Act\n2008.",
    "The provider was in breach of regulation 12\nand regulation 18 of the Health and Social Care Act 2008.",
])
def test_a_citation_wrapped_after_its_number_is_one_sentence(text: str) -> None:
    assert {b.regulation.number for b in prose.breaches_stated(text) if b.regulation} == {"12", "18"}
