"""MUST and SHOULD actions read by what an action is (``cqcgraph.extract.improvements``): an
item under a lead-in that says what the provider must or should do, in each of CQC's wordings,
on two invented documents at least; items that wrap over lines and over a PDF's running header
stay one action each; a lead-in's count is honoured; "Outstanding practice" is no action."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import extract, improvements
from cqcgraph.records import ActionKind

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: A location page's entry and a report's front, as CQC publishes them: two documents per wording.
PAGE = ("Skip to main content\nCare Quality Commission\n\nMaple House\nOverall: Requires improvement\n"
        "3 Oak Lane, York YO1 7AA\nProvided and run by: Maple Care Ltd\n\nReport: 9 June 2022\n"
        "Inspection carried out on 4 May 2022\nDuring a routine inspection\nWe found breaches of regulations.\n\n")
REPORT = ("Willow Court\nInspection report\n12 Elm Road, Leeds LS1 4AB\n\n"
          "Date of inspection visit: 3 March 2021\nDate of publication: 20 April 2021\n\n"
          "Overall summary\nWe carried out an unannounced inspection of Willow Court on 3 March 2021.\n\n")


def kinds_of(text: str) -> list[tuple[str, str | None]]:
    insp = next(i for i in extract(text).inspections if not i.is_previous)
    return [(a.kind.value, a.regulation.number if a.regulation else None) for a in insp.actions
            if a.kind in (ActionKind.MUST, ActionKind.SHOULD)]


LISTS = {
    "action the provider MUST take": (
        "Action the provider MUST take to improve\n• Ensure risks are assessed. Regulation 12\n• Ensure staff are trained. Regulation 18\n\n"
        "Action the provider SHOULD take to improve\n• Review the audit of care plans.\n",
        [("must", "12"), ("must", "18"), ("should", None)]),
    "areas where the provider must make improvements": (
        "Areas where the provider must make improvements\n- The provider must ensure medicines are stored safely (Regulation 12(2)(g)).\n\n"
        "Areas where the provider should make improvements\n- Review how complaints are logged.\n- Review fire drills.\n",
        [("must", "12"), ("should", None), ("should", None)]),
    "the provider must:": (
        "We identified regulations the provider was not complying with. They must:\n● Ensure care is safe.\n\n"
        "There were areas where the provider could make improvements. They should:\n● Review staff appraisals.\n",
        [("must", None), ("should", None)]),
    "things the trust should improve": (
        "Things the trust must improve\n1. Ensure triage happens within 15 minutes. (Regulation 12)\n\n"
        "Things the trust should improve\n1. Consider how it records hydration.\n2. Review the mortuary.\n",
        [("must", "12"), ("should", None), ("should", None)]),
    "we told the provider that it must:": (
        "We told the provider that it must:\n• ensure staffing levels meet people's needs (Regulation 18).\n\n"
        "We told the provider that it should:\n• consider a second audit of falls.\n",
        [("must", "18"), ("should", None)]),
    "you must: (a warning notice's letter)": (
        "You must become compliant with Regulation 12 by 24 June 2022. In particular you must:\n"
        "1. Ensure that each person at risk of choking has a risk assessment.\n2. Ensure medicines are given on time.\n\n",
        [("must", None), ("must", None)]),
    "areas for improvement (each item its kind)": (
        "Areas for improvement\nThe service must ensure that staff follow the infection control policy.\n"
        "The service should consider how it records the outcome of board discussions.\n\n",
        [("must", None), ("should", None)]),
    "areas where the provider could make improvements and should:": (
        "We identified regulations that were not being met and the provider must:\n• Ensure care is safe.\n\n"
        "There were areas where the provider could make improvements and should:\n• Review staff appraisals.\n• Review chaperones.\n",
        [("must", None), ("should", None), ("should", None)]),
    "the provider must take action to:": (
        "We told the provider that it must take action to comply with the regulations:\n• Ensure care is safe. Regulation 12\n\n"
        "The provider should take the following actions:\n• Review staff appraisals.\n",
        [("must", "12"), ("should", None)]),
}


@pytest.mark.parametrize("head", [PAGE, REPORT])
@pytest.mark.parametrize("family", sorted(LISTS))
def test_each_lead_in_wording_gives_its_items(head: str, family: str) -> None:
    body, expected = LISTS[family]
    assert sorted(kinds_of(head + body), key=str) == sorted(expected, key=str)


def test_every_lead_in_family_is_tested() -> None:
    assert {family for family, _rx in improvements.LEAD_RES} <= set(LISTS) | {"we found N things the provider must do"}


@pytest.mark.parametrize("lines", [
    ["• The provider must ensure that all staff complete", "safeguarding training in line with", "the policy. Regulation 13",
     "• The provider must ensure care plans are reviewed. Regulation 9"],
    ["- The provider must ensure that all staff complete safeguarding training", "", "12 Oak House Inspection report 31 May 2018", "",
     "in line with the policy. Regulation 13", "- The provider must ensure care plans are reviewed. Regulation 9"],
    ["• The provider must ensure that all staff complete safeguarding training in line with the policy. Regulation 13", "",
     "Summary of this inspection", "", "• The provider must ensure care plans are reviewed. Regulation 9"],
])
def test_an_item_wraps_over_lines_and_running_headers(lines: list[str]) -> None:
    found = improvements.items(lines)
    assert len(found) == 2 and found[0].endswith("Regulation 13") and "safeguarding" in found[0]


@pytest.mark.parametrize("head", [PAGE, REPORT])
def test_a_lead_in_s_count_is_honoured(head: str) -> None:
    """"Two things the provider must do" over a list that runs on into other bullets gives two
    actions; over a shorter list, its items and none invented; a count over no list gives that
    many actions and no invented text."""
    text = head + "Two things the provider must do\n• Ensure risks are assessed.\n• Ensure staff are trained.\n• Keep records.\n"
    assert kinds_of(text) == [("must", None)] * 2
    text = head + "Three things the provider must do\n• Ensure risks are assessed.\n\nAbout the service\nA care home.\n"
    assert kinds_of(text) == [("must", None)]  # the one item listed, none invented
    text = head + "We found three things the provider must do to comply with the regulations.\n\nAbout the service\nA care home.\n"
    insp = next(i for i in extract(text).inspections if not i.is_previous)
    musts = [a for a in insp.actions if a.kind is ActionKind.MUST]
    assert len(musts) == 3 and not any(a.text for a in musts)


@pytest.mark.parametrize("head", [PAGE, REPORT])
def test_outstanding_practice_is_no_action(head: str) -> None:
    text = head + ("Outstanding practice\n• The home's music therapy programme was praised by families.\n\n"
                   "Areas for improvement\nThe provider should review the storage of records.\n")
    assert kinds_of(text) == [("should", None)]


@pytest.mark.parametrize("head", [PAGE, REPORT])
def test_a_list_printed_twice_is_counted_once(head: str) -> None:
    once = "Action the provider MUST take to improve\n• Ensure risks are assessed. Regulation 12\n\n"
    assert kinds_of(head + once + "Letter from the Chief Inspector\nWe found the following.\n\n" + once) == [("must", "12")]


@pytest.mark.parametrize("doc,must,should", [("seeds/002_635fea5c798dad1b", 29, 2), ("variants/040", 4, 3), ("heldout3/309", 0, 2)])
def test_the_general_reader_alone_reads_the_lists_of_three_authors(doc: str, must: int, should: int) -> None:
    found = improvements.listed((FIXTURES / f"{doc}.txt").read_text(encoding="utf-8"))
    assert (sum(a.kind is ActionKind.MUST for a in found), sum(a.kind is ActionKind.SHOULD for a in found)) == (must, should)


@pytest.mark.parametrize("lines", [
    ["1. The service must ensure that vehicles and equipment are checked, cleaned and maintained.",
     "   Regulation 12(2)(e)", "2. The service must keep accurate records. Regulation 17(2)(c)"],
    ["- The provider must ensure staff are trained in safeguarding.", "Regulation 13(2) HSCA RA Regulations 2014",
     "- The provider must ensure medicines are stored safely. Regulation 12(2)(g)"],
])
def test_an_item_s_citation_wrapped_below_its_full_stop_is_its_own(lines: list[str]) -> None:
    text = "Action the provider MUST take to improve\n\n" + "\n".join(lines) + "\n"
    got = improvements.listed(text)
    assert [a.regulation.number + (a.regulation.paragraph or "") for a in got if a.regulation] == [
        ["12(2)(e)", "17(2)(c)"], ["13(2)", "12(2)(g)"]][0 if lines[0].startswith("1.") else 1]


#: A report whose summary's layout reads the first item of the MUST list only (the item ends
#: where its line wraps), then the whole list under its heading.
_REPORT_WITH_LIST = (
    "{name}\nInspection report\n1 Mill Lane, Derby DE1 1AA\n\nDate of inspection visit: 27 April 2021\n"
    "Date of publication: 16 June 2021\n\nOverall rating for this location: Inadequate\n\n"
    "We carried out a short-notice announced inspection on 27 April 2021.\n\n"
    "Areas for improvement\n\nAction the provider MUST take to improve\n\n"
    "1. The service must ensure that all staff complete safeguarding training at the level required\n"
    "   for their role. Regulation 13(2)\n"
    "2. The service must ensure that medicines are stored securely. Regulation 12(2)(g)\n"
    "3. The service must keep accurate and complete records for each patient. Regulation 17(2)(c)\n\n"
    "Action the provider SHOULD take to improve\n\n1. The service should collect patient feedback.\n")


@pytest.mark.parametrize("name", ["Swift Medical Services - Northampton", "Rapid Ambulance Care - Leeds"])
def test_the_list_under_its_heading_completes_the_musts_a_layout_read_in_part(name: str) -> None:
    (insp,) = [i for i in extract(_REPORT_WITH_LIST.format(name=name)).inspections if not i.is_previous]
    musts = [a for a in insp.actions if a.kind is ActionKind.MUST]
    assert [a.regulation.number for a in musts if a.regulation] == ["13", "12", "17"]
    assert len(musts) == 3


def test_the_numbered_must_list_of_the_independent_set_with_its_citations() -> None:
    text = (FIXTURES / "heldout6" / "615.txt").read_text()
    (insp,) = [i for i in extract(text).inspections if not i.is_previous]
    musts = [a for a in insp.actions if a.kind is ActionKind.MUST]
    assert [a.regulation.number + (a.regulation.paragraph or "") for a in musts if a.regulation] == [
        "13(2)", "12(2)(g)", "12(2)(e)", "12(2)(b)", "19(1)(2)", "17(1)(2)(a)", "17(2)(c)"]


@pytest.mark.parametrize("total,kind", [
    ("We told the trust that it must take 11 actions to comply with its legal obligations.", "must"),
    ("We told the provider that it must take 6 actions to comply with its legal obligations.", "must"),
])
def test_a_stated_total_over_a_shorter_list_is_that_many_actions(total: str, kind: str) -> None:
    text = (REPORT + total + "\n\nAction the trust MUST take to improve\n\n"
            "1. The trust must ensure that observations are completed. Regulation 12(2)(a)\n"
            "2. The trust must ensure that ligature risk assessments are up to date. Regulation 12(2)(d)\n\n"
            "Our inspection team\n")
    n = int(total.split("take ")[1].split()[0])
    got = kinds_of(text)
    assert len([k for k in got if k[0] == kind]) == n
    assert [k for k in got if k[1]] == [("must", "12"), ("must", "12")]


def test_a_list_as_long_as_its_total_gets_nothing_more() -> None:
    text = (REPORT + "We told the provider that it must take 2 actions to comply with its legal obligations.\n\n"
            "Action the provider MUST take to improve\n\n1. The provider must ensure risks are assessed. Regulation 12\n"
            "2. The provider must ensure staff are trained. Regulation 18\n\nOur inspection team\n")
    assert kinds_of(text) == [("must", "12"), ("must", "18")]
