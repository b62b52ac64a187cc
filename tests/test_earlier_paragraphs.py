"""A report's paragraph that opens with an earlier dated inspection, read sentence by sentence:
what a sentence places at the earlier inspection goes to it (its breaches as well as its actions),
what it states of this inspection stays with this one. The texts are invented, in CQC's style, on
two kinds of report (adult social care, dental and GP practices).
"""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord, Inspection
from document_heads import REPORT

DENTAL = ("Mr Anil Mehta\n\nHighfield Dental Practice\n\nInspection Report\n\n4 Station Road\nDerby\nDE1 2QQ\n"
          "Tel: 01332 204 118\n\nDate of inspection visit: 9 September 2021\nDate of publication: 30/09/2021\n\n"
          "Overall summary\nWe undertook a follow-up focused inspection of Highfield Dental Practice on 9 September "
          "2021 to check that the practice was now meeting the legal requirements.\n\n")
HEADS = [REPORT, DENTAL]


def _current(record: DocumentRecord) -> Inspection:
    return next(i for i in record.inspections if not i.is_previous)


def _earlier(record: DocumentRecord, iso: str) -> Inspection:
    return next(i for i in record.inspections if i.is_previous and i.start_date and i.start_date.iso == iso)


def _regs(inspection: Inspection) -> list[str]:
    return sorted(b.regulation.number for b in inspection.breaches if b.regulation)


@pytest.mark.parametrize("head", HEADS)
def test_a_current_breach_stated_after_an_earlier_inspection_stays_with_this_one(head: str) -> None:
    text = head + (
        "We last carried out a comprehensive inspection of this service on 14 January 2020. We found the "
        "provider was in breach of regulations 12 and 17 of the Health and Social Care Act 2008 (Regulated "
        "Activities) Regulations 2014. At this inspection enough improvement had been made and the provider "
        "was no longer in breach of regulation 12. However, during this inspection we found the provider was "
        "in breach of regulation 17 (Good governance).\n\nThe service is well kept.\n")
    record = extract(text)
    assert _regs(_current(record)) == ["17"]
    assert _regs(_earlier(record, "2020-01-14")) == ["12", "17"]


@pytest.mark.parametrize("head", HEADS)
def test_an_earlier_inspection_gets_the_breaches_its_paragraph_states(head: str) -> None:
    text = head + (
        "We undertook a comprehensive inspection on 3 March 2021. We found the registered provider was not "
        "providing safe care and was in breach of regulation 18 of the Health and Social Care Act 2008 "
        "(Regulated Activities) Regulations 2014. We served a warning notice in respect of regulation 18.\n\n"
        "The practice has three treatment rooms.\n")
    record = extract(text)
    earlier = _earlier(record, "2021-03-03")
    assert _regs(earlier) == ["18"]
    assert earlier.actions
    assert _regs(_current(record)) == []


@pytest.mark.parametrize("head", HEADS)
def test_following_this_inspection_is_the_earlier_one(head: str) -> None:
    """ "Following this inspection" after an earlier inspection's date speaks of that inspection:
    its notices are the earlier inspection's. A breach named only as what a notice was for
    ("requirement notices relating to breaches of …") is the notice's: no breach is stated."""
    text = head + (
        "We last inspected this service on 2 April 2019. Following this inspection, we issued requirement "
        "notices relating to breaches of regulations 11 and 17.\n\nThe home is on two floors.\n")
    record = extract(text)
    earlier = _earlier(record, "2019-04-02")
    assert sorted(a.regulation.number for a in earlier.actions if a.regulation) == ["11", "17"]
    assert _regs(earlier) == []
    assert _regs(_current(record)) == []


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("notice", ["two requirement notices relating to breaches of regulations 11 and 17",
                                    "warning notices in relation to the breaches of regulations 11 and 17"])
def test_a_notice_for_breaches_states_no_breach_of_the_earlier_inspection(head: str, notice: str) -> None:
    text = head + (
        "We last carried out a comprehensive inspection of this service on 2 April 2019 and rated it "
        f"inadequate. We issued the provider with {notice}.\n\nThe home is on two floors.\n")
    assert _regs(_earlier(extract(text), "2019-04-02")) == []


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("opening", ["13 April 2021 – Focused inspection\nWe undertook a focused inspection on 13 April 2021.",
                                     "Inspection carried out on 13 April 2021\nWe undertook a focused inspection."])
def test_this_inspection_in_a_history_entry_is_the_entrys_own(head: str, opening: str) -> None:
    """An entry of a history headed by its date speaks of its own inspection as "this inspection"."""
    text = head + opening + (" At this inspection we found the provider remained in breach of regulation 12 "
                             "(Safe care and treatment).\n\nThe home is on two floors.\n")
    record = extract(text)
    assert _regs(_current(record)) == []
    assert _regs(_earlier(record, "2021-04-13")) == ["12"]
