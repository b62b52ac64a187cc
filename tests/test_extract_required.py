"""What CQC required of a provider and what it did, read by what a report's closing tables are
(``cqcgraph.extract.required``) and by the words that bind a notice to its regulations, in any
layout: each wording on two short invented documents at least, and on the independent sets
where they state it. A table under no heading that names notices, a plan or a "we may" gives no
notice and no enforcement."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import extract, prose, required
from cqcgraph.records import ActionKind

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: The front of an adult social care report, as CQC prints it.
REPORT = ("Willow Court\nInspection report\n12 Elm Road, Leeds LS1 4AB\nTel: 0113 496 0000\n\n"
          "Date of inspection visit: 3 March 2021\nDate of publication: 20 April 2021\n\n"
          "Ratings\nOverall rating for this service\tRequires improvement\n\n"
          "Overall summary\nWe carried out an unannounced inspection of Willow Court on 3 March 2021.\n\n")

#: A location page's entry, as CQC's site shows it.
PAGE = ("Skip to main content\nCare Quality Commission\n\nMaple House\nOverall: Requires improvement\n"
        "3 Oak Lane, York YO1 7AA\nProvided and run by: Maple Care Ltd\n\nReport: 9 June 2022\n"
        "Inspection carried out on 4 May 2022\nDuring a routine inspection\n"
        "We found breaches of regulations at this inspection.\n\n")


def _current(text: str):
    return next(i for i in extract(text).inspections if not i.is_previous)


def _notices(text: str) -> list[str | None]:
    return sorted(a.regulation.number if a.regulation else None for a in _current(text).actions
                  if a.kind is ActionKind.REQUIREMENT_NOTICE)


@pytest.mark.parametrize("head,table", [
    (REPORT, "Requirement notices\nRegulated activity\tRegulation\nPersonal care\tRegulation 12 HSCA RA Regulations 2014 Safe care and treatment\n"
             "How the regulation was not being met: risks were not assessed.\n"
             "Personal care\tRegulation 17 HSCA RA Regulations 2014 Good governance\n"),
    (PAGE, "Requirement notices\nRegulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\n"
           "Regulation 17 HSCA (RA) Regulations 2014 Good governance\n\nWe will return to check.\n"),
])
def test_a_table_headed_requirement_notices_is_a_notice_and_a_breach_per_regulation(head: str, table: str) -> None:
    insp = _current(head + table)
    assert _notices(head + table) == ["12", "17"]
    assert {(b.regulation.number, b.title) for b in insp.breaches if b.regulation} >= {
        ("12", "Safe care and treatment"), ("17", "Good governance")}


@pytest.mark.parametrize("doc,regs", [("heldout2/207", ["11", "12", "18"]), ("heldout3/307", ["12", "17", "18"])])
def test_requirement_notice_tables_of_the_independent_sets(doc: str, regs: list[str]) -> None:
    assert _notices((FIXTURES / f"{doc}.txt").read_text(encoding="utf-8")) == regs


@pytest.mark.parametrize("head", [REPORT, PAGE])
def test_a_table_of_what_cqc_told_the_provider_names_no_notice(head: str) -> None:
    """"Action we have told the provider to take" is the regulations not met: breaches, and no
    notice the document does not name."""
    text = head + ("Action we have told the provider to take\nThe table below shows where regulations were not being met.\n"
                   "Regulated activity\tRegulation\nPersonal care\tRegulation 9 HSCA RA Regulations 2014 Person-centred care\n")
    insp = _current(text)
    assert not _notices(text)
    assert "9" in {b.regulation.number for b in insp.breaches if b.regulation}


@pytest.mark.parametrize("head", [REPORT, PAGE])
def test_what_cqc_told_the_provider_under_the_requirement_notices_heading_is_the_notices(head: str) -> None:
    """CQC heads the table of what it told the provider to take "Requirement notices": under that
    heading each regulation is a notice; the same table under no such heading stays breaches only
    (the test above)."""
    text = head + ("Requirement notices\n\nAction we have told the provider to take\n"
                   "The table below shows the legal requirements that were not being met.\n"
                   "Regulated activity\tRegulation\nPersonal care\tRegulation 9 HSCA RA Regulations 2014 Person-centred care\n"
                   "Personal care\tRegulation 18 HSCA RA Regulations 2014 Staffing\n")
    assert _notices(text) == ["18", "9"]


@pytest.mark.parametrize("took,kind", [
    ("We served a warning notice.", ActionKind.WARNING_NOTICE),
    ("We imposed a condition on the provider's registration.", ActionKind.CONDITION),
])
@pytest.mark.parametrize("head", [REPORT, PAGE])
def test_the_enforcement_action_we_took_is_the_action_of_its_row(head: str, took: str, kind: ActionKind) -> None:
    text = head + ("Enforcement actions\nThe table below shows why there is a need for significant improvements.\n"
                   "Regulated activity\tRegulation\nPersonal care\tRegulation 12 HSCA RA Regulations 2014 Safe care and treatment\n"
                   f"The enforcement action we took:\n{took}\n")
    found = [a for a in _current(text).actions if a.kind is kind]
    assert found and found[0].regulation and found[0].regulation.number == "12"


@pytest.mark.parametrize("head", [REPORT, PAGE])
def test_an_enforcement_table_that_takes_no_action_states_none(head: str) -> None:
    """"We may also take further action" and a row with no "The enforcement action we took"
    state no enforcement: an invented enforcement is the worst error."""
    text = head + ("Enforcement actions\nThe table below shows why we have decided to take further action. We may also take "
                   "further action and this will be set out in the final report.\nRegulated activity\tRegulation\n"
                   "Personal care\tRegulation 12 HSCA RA Regulations 2014 Safe care and treatment\n"
                   "We are considering cancelling the provider's registration.\n")
    kinds = {a.kind for a in _current(text).actions}
    assert not kinds & {ActionKind.WARNING_NOTICE, ActionKind.CANCELLATION, ActionKind.CONDITION}


def test_a_notice_counted_as_the_table_lists_becomes_the_table_s_notices() -> None:
    text = REPORT + ("We issued two requirement notices.\n\nRequirement notices\n"
                     "Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\n"
                     "Regulation 18 HSCA (RA) Regulations 2014 Staffing\n")
    assert _notices(text) == ["12", "18"]


def test_closing_tables_give_nothing_outside_a_cqc_publication() -> None:
    text = ("Minutes of the residents' committee\nRequirement notices\n"
            "Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\n")
    assert not extract(text).inspections


@pytest.mark.parametrize("text,regs", [
    ("We found the provider was in breach of regulation 18 (staffing) and regulation 17 (good governance). "
     "We issued a requirement notice for each breach.", ["17", "18"]),
    ("The provider was in breach of Regulations 9 and 12. We issued two requirement notices for these breaches.", ["12", "9"]),
    ("Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment — checks were missed.\n"
     "Regulation 18 HSCA (RA) Regulations 2014 Staffing — training was out of date.\n\n"
     "We issued requirement notices for both regulations.", ["12", "18"]),
])
def test_a_notice_for_each_breach_cites_the_breaches_just_before_it(text: str, regs: list[str]) -> None:
    found = [a for a in prose.actions_in(text) if a.kind is ActionKind.REQUIREMENT_NOTICE]
    assert sorted(a.regulation.number for a in found if a.regulation) == regs


@pytest.mark.parametrize("text,kinds", [
    ("We served a warning notice in respect of regulation 12 and a requirement notice in respect of regulation 17.",
     {("warning-notice", "12"), ("requirement-notice", "17")}),
    ("We issued a requirement notice in relation to Regulation 18 and a warning notice for regulation 17.",
     {("requirement-notice", "18"), ("warning-notice", "17")}),
])
def test_a_notice_is_bound_to_the_regulation_named_after_it(text: str, kinds: set[tuple[str, str]]) -> None:
    assert {(a.kind.value, a.regulation.number if a.regulation else "") for a in prose.actions_in(text)} == kinds


def test_rows_of_a_closing_table_in_order() -> None:
    found = required.rows("Requirement notices\nRegulation 18(2)(a) HSCA (RA) Regulations 2014 Staffing\n"
                          "Regulation 19 HSCA (RA) Regulations 2014 Fit and proper persons employed\n")
    assert [(r.regulation.number, r.regulation.paragraph, r.title) for r in found] == [
        ("18", "(2)(a)", "Staffing"), ("19", None, "Fit and proper persons employed")]


@pytest.mark.parametrize("text", [
    "The fixed penalty notice was paid in full. By paying, the provider avoided prosecution.",
    "The home closed voluntarily, and so avoided cancellation of its registration.",
    "We are considering cancelling the provider's registration.",
    "CQC is considering prosecuting the provider.",
])
def test_an_action_avoided_or_considered_is_no_action(text: str) -> None:
    kinds = {a.kind for a in prose.actions_in(text)}
    assert not kinds & {ActionKind.PROSECUTION, ActionKind.CANCELLATION}


@pytest.mark.parametrize("text", [
    "CQC cancels registration of Leeds care provider. CQC has cancelled the registration of Oak Care Ltd. "
    "A notice of decision to cancel the provider's registration was served in May.",
    "Care home provider's registration cancelled. We served a notice of proposal to cancel the provider's registration.",
])
def test_a_headline_cancellation_is_the_one_the_text_says_whose_it_is(text: str) -> None:
    found = [a for a in prose.actions_in(text) if a.kind is ActionKind.CANCELLATION]
    assert [a.against for a in found] == ["provider"]


@pytest.mark.parametrize("text", [
    "We identified three breaches of the regulations. These related to safe care and treatment, safeguarding people "
    "from abuse and improper treatment, and good governance.",
    "We found breaches of regulations in relation to staffing, safeguarding people from abuse and improper treatment "
    "and good governance.",
])
def test_regulation_13_in_the_summaries_own_words_is_one_breach(text: str) -> None:
    found = prose.breaches_stated(text)
    assert "13" in {b.regulation.number for b in found if b.regulation}
    assert not any(b.title and b.title.lower() == "improper treatment" for b in found)


@pytest.mark.parametrize("head", [REPORT, PAGE])
def test_a_notice_citing_a_regulation_implies_its_breach(head: str) -> None:
    text = head + "We served a warning notice in respect of regulation 12 and a requirement notice in respect of regulation 17.\n"
    insp = _current(text)
    assert {"12", "17"} <= {b.regulation.number for b in insp.breaches if b.regulation}


@pytest.mark.parametrize("head", [REPORT, PAGE])
@pytest.mark.parametrize("table", [
    "Requirement notices\nPersonal care    Regulation 12: Safe care and treatment\nPersonal care    Regulation 17 (1)(2)(a) Good governance\n",
    "Requirement notices\nRegulation 12 of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014\n"
    "Safe care and treatment\nRegulation 17 of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014\nGood governance\n",
])
def test_rows_in_other_printings_of_the_table(head: str, table: str) -> None:
    """A citation at the start of a column with CQC's title of the regulation, or the instrument
    in full with the title on the next line, is a row as the usual printing is."""
    assert _notices(head + table) == ["12", "17"]


@pytest.mark.parametrize("head", [REPORT, PAGE])
def test_a_citation_inside_a_row_s_explanation_is_no_row(head: str) -> None:
    text = head + ("Requirement notices\nRegulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\n"
                   "How the regulation was not being met: staff did not follow Regulation 17 guidance on audits.\n")
    assert _notices(text) == ["12"]


@pytest.mark.parametrize("text,reg", [
    ("CQC issued a warning notice in relation to safe care and treatment, requiring the provider to make improvements.", "12"),
    ("We served a warning notice in respect of good governance.", "17"),
])
def test_a_notice_bound_to_a_regulation_s_title_cites_it(text: str, reg: str) -> None:
    found = [a for a in prose.actions_in(text) if a.kind is ActionKind.WARNING_NOTICE]
    assert [a.regulation.number for a in found if a.regulation] == [reg]


def test_a_notice_bound_to_two_titles_cites_neither_alone() -> None:
    found = prose.actions_in("We served a warning notice in relation to safe care and treatment and good governance.")
    assert [a.regulation for a in found if a.kind is ActionKind.WARNING_NOTICE] == [None]


@pytest.mark.parametrize("text,regs", [
    ("Inspectors found the provider in breach of seven regulations, including those relating to safe care and treatment, "
     "safeguarding, staffing and good governance.", {"12", "13", "18", "17"}),
    ("We found the service in breach of two regulations, including those relating to staffing and good governance.", {"18", "17"}),
])
def test_breaches_found_of_the_provider_including_those_relating_to(text: str, regs: set[str]) -> None:
    found = prose.breaches_stated(text)
    assert {b.regulation.number for b in found if b.regulation} == regs
    assert not any(b.title and "those" in b.title for b in found)


@pytest.mark.parametrize("text,amount", [
    ("The provider was fined £120,000 and ordered to pay £21,338.40 towards CQC's prosecution costs and a victim surcharge of £190.",
     "£21,338.40"),
    ("The company was fined £8,000 and ordered to pay £4,500 towards costs.", "£4,500"),
])
def test_costs_paid_towards_the_prosecution(text: str, amount: str) -> None:
    assert [a.amount for a in prose.actions_in(text) if a.kind is ActionKind.COSTS] == [amount]
