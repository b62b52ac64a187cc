"""MUST, SHOULD and requirement notice actions the reader missed or gave twice: totals of
"things" the trust must put right, notices whose regulations the next sentence gives, a MUST
item ending in its citation in brackets, an earlier notice read once. Each family on two invented
texts in CQC's wording at least."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract, improvements, prose
from cqcgraph.extract import patterns as P
from cqcgraph.records import ActionKind


@pytest.mark.parametrize("sentence, totals", [
    ("We found 14 things that the trust must put right and 22 things that it should improve.", {"must": 14, "should": 22}),
    ("We found three things that the provider must put right and five things that the provider should improve.",
     {"must": 3, "should": 5}),
])
def test_totals_of_things_to_put_right_and_improve(sentence: str, totals: dict[str, int]) -> None:
    assert P.action_totals(sentence) == totals


@pytest.mark.parametrize("text, numbers", [
    ("We issued requirement notices to the trust. Our action related to breaches of legal requirements at a "
     "trust-wide level and in medical care at\nPrincess Anne Hospital.\nThe regulations not met were:\n"
     "Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\n"
     "Regulation 17 HSCA (RA) Regulations 2014 Good governance\n", ["12", "17"]),
    ("We also issued two requirement notices. Our action related to breaches of regulation 12 (safe care and "
     "treatment) and regulation 18 (staffing).", ["12", "18"]),
    ("We issued one requirement notice to the trust. Our action related to a breach of one legal requirement in "
     "urgent care services (Regulation 18 – Staffing).", ["18"]),
])
def test_notices_take_the_regulations_the_next_sentence_gives_them(text: str, numbers: list[str]) -> None:
    notices = [a for a in prose.actions_in(text) if a.kind is ActionKind.REQUIREMENT_NOTICE]
    assert [a.regulation.number for a in notices if a.regulation] == numbers
    assert len(notices) == len(numbers)


def test_a_count_of_notices_unlike_the_regulations_after_it_stays_a_count() -> None:
    text = ("We issued three requirement notices. Our action related to breaches of regulation 12 and "
            "regulation 17.")
    notices = [a for a in prose.actions_in(text) if a.kind is ActionKind.REQUIREMENT_NOTICE]
    assert [(a.count, a.regulation) for a in notices] == [(3, None)]


@pytest.mark.parametrize("items", [
    [" The provider must ensure that vehicles are cleaned and that this is", "  recorded. (Regulation 12 (2)(h))",
     " The provider must ensure staff complete safeguarding training.", "  (Regulation 13 (2))"],
    [" The service must make sure medicines are stored safely (Regulation 12(2)(g))",
     " The service must ensure audits identify risks. (Regulation 17(2)(b))"],
])
def test_an_item_ending_in_its_citation_in_brackets_ends_there(items: list[str]) -> None:
    text = "Action the provider MUST take to improve\n" + "\n".join(items) + "\n"
    listed = improvements.listed(text)
    assert [a.kind for a in listed] == [ActionKind.MUST, ActionKind.MUST]
    assert all(a.regulation for a in listed)


def test_an_earlier_inspections_notice_is_read_once() -> None:
    text = ("Ashgrove Medical Centre\n\nProvided and run by:\nAshgrove Partnership\n\nLatest inspection summary\n\n"
            "Updated 14 April 2019\n\nSummary\n\nThis practice is rated as Good overall.\n\n"
            "We carried out an announced comprehensive inspection at Ashgrove Medical Centre on 19 February 2019. "
            "At our last inspection in October 2016 we rated the practice requires improvement for providing safe "
            "services and issued a requirement notice for a breach of regulation 17 (good governance). At this "
            "inspection we found the practice had addressed these areas.\n")
    record = extract(text)
    notices = [a for a in (*record.actions, *(a for i in record.inspections for a in i.actions))
               if a.kind is ActionKind.REQUIREMENT_NOTICE]
    assert len(notices) == 1
