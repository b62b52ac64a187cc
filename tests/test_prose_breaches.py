"""Breaches stated in prose, by each family of CQC wording, and statements that are not findings.

Sentences quoted from real CQC publications (tests/fixtures/real) carry this notice: contains
public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.extract import extract
from cqcgraph.extract import patterns as P
from cqcgraph.extract.prose import (
    actions_in,
    actions_in_sentence,
    breaches_stated,
    earlier_actions,
    listed_actions,
    requirement_notices_section,
)
from cqcgraph.records import Action, ActionKind, Inspection

REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def real(n: str):
    meta = json.loads((REAL / f"{n}.meta.json").read_text(encoding="utf-8"))
    return extract((REAL / f"{n}.txt").read_text(encoding="utf-8"), source_url=meta["url"])


def all_breaches(record) -> list[tuple[str | None, str | None]]:
    found = list(record.breaches) + [b for i in record.inspections for b in i.breaches]
    return [(b.regulation.number if b.regulation else None, b.title) for b in found]


def cited(sentence: str) -> list[str]:
    return [r.number + (r.paragraph or "") for r, _t, _f in P.breaches_cited(sentence)]


# Family: "breaches of Regulation N (Title) and Regulation M (Title)", "constituted breaches of
# Regulations N (1) and M (1)": two real location pages.
def test_breaches_of_regulations_with_titles_on_a_location_page() -> None:
    got = all_breaches(real("046"))
    assert ("12", "Safe Care and Treatment") in got and ("17", "Good Governance") in got


def test_breaches_of_regulations_with_paragraphs_on_a_location_page() -> None:
    assert cited("These constituted breaches of Regulations 12 (1) and 17 (1) of the Health and Social "
                 "Care Act 2008 (Regulated Activities) Regulations 2014.") == ["12(1)", "17(1)"]


# Family: essential standards (2010-2014) non-compliance named by subject, in the same sentence
# ("with respect to …") or the next ("These included …"): two real location pages.
def test_non_compliance_listed_in_the_next_sentence() -> None:
    got = {t for _n, t in all_breaches(real("001"))}
    assert {"care and welfare", "cleanliness and infection control", "staffing numbers",
            "safety and suitability of the premises and equipment",
            "how the service was managed overall"} <= got


def test_non_compliance_with_respect_to_a_subject() -> None:
    assert ("infection control practices" in {t for _n, t in all_breaches(real("022"))})


# Families written from CQC's wording of breaches in reports and press releases.
@pytest.mark.parametrize("sentence, regs", [
    ("The provider was in breach of Regulation 17(2)(a) of the Health and Social Care Act 2008.", ["17(2)(a)"]),
    ("We found the service was in breach of regulations 12 and 17.", ["12", "17"]),
    ("The provider did not meet Regulation 12 (Safe care and treatment).", ["12"]),
    ("The trust was not meeting Regulation 17: Good governance.", ["17"]),
    ("The practice had not met Reg 12 at the time of our inspection.", ["12"]),
    ("The provider failed to comply with Regulation 18 of the Care Quality Commission (Registration) "
     "Regulations 2009.", ["18"]),
    ("The company pleaded guilty to failing to provide safe care and treatment, contrary to Regulation 12.", ["12"]),
    ("Regulation 17 HSCA (RA) Regulations 2014 Good governance was not met.", ["17"]),
])
def test_breach_wording_families(sentence: str, regs: list[str]) -> None:
    assert cited(sentence) == regs


def test_registration_regulations_keep_their_instrument() -> None:
    (reg, _t, _f), = P.breaches_cited("The provider failed to comply with Regulation 18 of the Care Quality "
                                      "Commission (Registration) Regulations 2009 (notification of other incidents).")
    assert reg.instrument == P.REGISTRATION_2009


def test_section_33_offence() -> None:
    (reg, _t, _f), = P.breaches_cited("The provider pleaded guilty to an offence under section 33 of the Health "
                                      "and Social Care Act 2008 for failing to comply with a condition.")
    assert reg.is_section and reg.number == "33"


# Never invent: a recommendation, a proposal, a plan, a condition or a power is not a finding.
@pytest.mark.parametrize("sentence", [
    "If the provider does not meet Regulation 12 we will take further action.",
    "We can issue a Warning Notice when there is a breach of Regulation 12.",
    "We recommended the provider review its systems to avoid a breach of Regulation 17.",
    "We proposed to take action because the provider may be in breach of Regulation 12.",
    "Providers must not be in breach of Regulation 17.",
])
def test_statements_that_are_not_findings(sentence: str) -> None:
    assert P.breaches_cited(sentence) == []
    assert breaches_stated(sentence) == []


def test_a_breach_of_an_earlier_inspection_is_the_documents_not_the_current_inspections() -> None:
    r = real("001")
    assert all_breaches(r)
    assert not any(i.breaches for i in r.inspections)
    assert r.breaches


def test_a_guidance_page_about_warning_notices_states_no_breach() -> None:
    text = ("We can issue a Warning Notice to a registered person where they have \"failed to comply with "
            "the relevant requirements\".\nWe can issue a Warning Notice when there is a breach of:\n"
            "  • Regulation 12 (Safe care and treatment)")
    assert breaches_stated(text) == []


# Never invent an action: CQC's enforcement verbs as data (patterns.ENFORCEMENT_NOT_TAKEN).
@pytest.mark.parametrize("sentence", [
    "We recommended that the trust be placed in special measures.",
    "CQC has recommended to NHS Improvement that the trust be placed into special measures.",
    "CQC is proposing to place the home into special measures.",
    "CQC urged NHS Improvement to place the trust in special measures.",
    "We proposed to cancel the provider's registration.",
    "The service may be placed in special measures if it does not improve.",
    "We will check that the provider has made the improvements.",
    # the future tense, active or passive
    "The service will be placed in special measures.",
    "CQC will serve a warning notice on the provider.",
    "The trust is to be issued with a section 29A warning notice.",
    "CQC is going to cancel the provider's registration.",
])
def test_a_recommendation_proposal_plan_or_future_tense_is_no_action(sentence: str) -> None:
    assert actions_in_sentence(sentence) == []


@pytest.mark.parametrize("sentence, kind", [
    ("We placed the service in special measures.", ActionKind.SPECIAL_MEASURES),
    ("The home has been placed into special measures.", ActionKind.SPECIAL_MEASURES),
    ("We have served a notice of proposal to cancel the registration.", ActionKind.CANCELLATION),
])
def test_an_action_taken_stays_an_action(sentence: str, kind: ActionKind) -> None:
    assert [a.kind for a in actions_in_sentence(sentence)] == [kind]


@pytest.mark.parametrize("n", ["032", "033"])
def test_what_a_formal_warning_concerns_is_no_must_action(n: str) -> None:
    r = real(n)
    kinds = [a.kind for a in r.actions] + [a.kind for i in r.inspections for a in i.actions]
    assert ActionKind.WARNING_NOTICE in kinds
    assert ActionKind.MUST not in kinds


def test_a_voluntary_suspension_of_admissions_is_not_cqcs_suspension() -> None:
    r = real("001")
    kinds = [a.kind for a in r.actions] + [a.kind for i in r.inspections for a in i.actions]
    assert ActionKind.SUSPENSION not in kinds and ActionKind.OTHER in kinds
    # a voluntary suspension with no word of CQC in it is the provider's own step, no action at all
    assert actions_in_sentence("The provider voluntarily suspended admissions to the home.") == []
    assert [a.kind for a in actions_in_sentence(
        "The provider agreed a voluntary suspension of admissions with CQC.")] == [ActionKind.OTHER]


# ------------------------------------------------------------ families added for reading unseen prose

# Family: the single assessment summaries' short names of a regulation in a list of breaches
# ("… in relation to safe care and treatment, and governance"; "… safe care and treatment,
# safeguarding, good governance and safe and effective staffing"): two real assessment texts.
@pytest.mark.parametrize(("number", "title", "regulation"), [("050", "governance", "17"), ("055", "safeguarding", "13")])
def test_a_short_name_that_is_the_whole_item_names_its_regulation(number: str, title: str, regulation: str) -> None:
    assert (regulation, title) in all_breaches(real(number))


def test_a_short_name_inside_a_longer_subject_names_nothing() -> None:
    # the 2010 outcome "Safeguarding people who use services from abuse" is not regulation 13 of 2014
    assert P.regulation_for_title("Safeguarding people who use services from abuse") is None


# Family: "had not complied with Regulation N" (the same finding as "failed to comply with").
@pytest.mark.parametrize("sentence", [
    "The registered person had not complied with Regulation 17 of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014.",
    "The provider has not complied with regulation 12(2)(g).",
])
def test_had_not_complied_with_a_regulation_is_a_breach(sentence: str) -> None:
    assert cited(sentence) and cited(sentence)[0].startswith(("17", "12"))


# Family: the breaches listed after a colon, in the sentence or in the items that follow.
def test_breaches_listed_after_a_colon_in_the_sentence() -> None:
    got = breaches_stated("We found the service was in breach of three regulations: safe care and treatment, staffing and good governance.")
    assert [(b.regulation.number, b.title) for b in got] == [
        ("12", "safe care and treatment"), ("18", "staffing"), ("17", "good governance")]


def test_breaches_listed_in_the_items_after_a_lead() -> None:
    text = ("We found the following breaches of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014:\n"
            "• Regulation 12 Safe care and treatment\n• Regulation 17 HSCA RA Regulations 2014 Good governance\n"
            "The provider must send us an action plan.")
    assert [(b.regulation.number, b.title) for b in breaches_stated(text)] == [
        ("12", "Safe care and treatment"), ("17", "Good governance")]


@pytest.mark.parametrize("lead", [
    "Whilst we found no breaches of regulations, the provider should:",
    "Where we find breaches of regulations:",
])
def test_a_lead_that_finds_no_breach_lists_none(lead: str) -> None:
    assert breaches_stated(f"{lead}\n• Regulation 12 Safe care and treatment\n• Good governance") == []


# Family: a finding whoever made it ("Inspectors found breaches …", "… and found breaches …"),
# and the month May, which is no modal verb.
@pytest.mark.parametrize("sentence", [
    "Inspectors found breaches of regulations relating to safe care and treatment and good governance.",
    "Following an inspection in May 2021 CQC served a warning notice and found breaches of regulations relating to safe care and treatment and good governance.",
])
def test_breaches_found_by_inspectors_or_after_a_may_date(sentence: str) -> None:
    assert [b.regulation.number for b in breaches_stated(sentence)] == ["12", "17"]


def test_may_the_modal_still_makes_a_breach_no_finding() -> None:
    assert breaches_stated("Providers may be found in breach of regulations relating to safe care and treatment.") == []


# ------------------------------------------------------------------------- enforcement in prose

@pytest.mark.parametrize(("sentence", "kind"), [
    # every tense of "suspend": "We have suspended the provider's registration", "CQC suspends
    # registration of …"
    ("We have suspended the provider’s registration so that no one else is put at risk.", ActionKind.SUSPENSION),
    ("CQC suspends registration of a cosmetic surgery clinic", ActionKind.SUSPENSION),
    # powers CQC says it used are an action taken, not a power it has
    ("We used our urgent powers to impose conditions on the provider's registration.", ActionKind.CONDITION),
    # the month May is no modal verb
    ("Following an inspection in May 2021 CQC served a warning notice on the provider.", ActionKind.WARNING_NOTICE),
])
def test_enforcement_stated_as_taken(sentence: str, kind: ActionKind) -> None:
    assert kind in [a.kind for a in actions_in_sentence(sentence)]


@pytest.mark.parametrize("sentence", [
    "CQC has a range of enforcement powers which include suspending or cancelling a registration.",
    "CQC is considering using its powers to cancel the registration.",
    "If the provider does not improve we may suspend the registration.",
])
def test_powers_not_used_are_no_action(sentence: str) -> None:
    assert actions_in_sentence(sentence) == []


@pytest.mark.parametrize(("sentence", "amount"), [
    ("The provider was fined £3,500 at Tameside Magistrates’ Court today.", "£3,500"),
    ("CQC has fined the provider £4,000 for failing to submit notifications.", "£4,000"),
    ("The company was fined a total of £60,000.", "£60,000"),
])
def test_a_fine_stated_before_its_amount(sentence: str, amount: str) -> None:
    assert [a.amount for a in actions_in_sentence(sentence) if a.kind is ActionKind.FINE] == [amount]


def test_a_headline_suspension_restates_the_urgent_one() -> None:
    heldout = Path(__file__).resolve().parent / "fixtures" / "heldout" / "114.txt"
    rec = extract(heldout.read_text(encoding="utf-8"))
    kinds = [a.kind for i in rec.inspections for a in i.actions] + [a.kind for a in rec.actions]
    assert ActionKind.URGENT_SUSPENSION in kinds and ActionKind.SUSPENSION not in kinds


# ------------------------------------------------------- 2010-2014 essential standards not met

@pytest.mark.parametrize("number", ["031", "033", "081"])
def test_the_outcome_table_agrees_with_the_regulations_real_releases_cite(number: str) -> None:
    # "Regulation 9, (Outcome 4): Care and welfare of people who use services"
    text = (REAL / f"{number}.txt").read_text(encoding="utf-8")
    import re

    cited = re.findall(r"Regulation (\d+), \(Outcome (\d+)\): ([A-Z][a-z ,]+?)(?=\s+The\b|\n|$)", text, re.M)
    assert cited
    for regulation, outcome, title in cited:
        _key, reg, official = P.outcome_regulation(outcome)
        assert reg == regulation and official.lower() == title.strip().lower()


def test_a_standard_judged_not_met_under_its_outcome_heading_is_a_breach_of_its_regulation() -> None:
    variant = Path(__file__).resolve().parent / "fixtures" / "variants" / "011.txt"
    summary = variant.read_text(encoding="utf-8").split("Improvement actions")[0]  # without the tables
    got = [(b.regulation.instrument, b.regulation.number, b.outcome) for b in breaches_stated(summary)]
    assert got == [(P.REGULATED_ACTIVITIES_2010, "9", "4"), (P.REGULATED_ACTIVITIES_2010, "10", "16")]


def test_a_standard_met_or_supposed_unmet_is_no_breach() -> None:
    text = ("Outcome 01: People should be treated with respect\nThe provider was meeting this standard.\n"
            "Outcome 16: quality checking\nIf the provider was not meeting this standard we would take action.")
    assert breaches_stated(text) == []


def test_a_state_that_goes_on_stays_a_fact() -> None:
    assert [a.kind for a in actions_in_sentence("It will remain in special measures.")] == [ActionKind.SPECIAL_MEASURES]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The registration of the provider was cancelled in May 2019.", ActionKind.CANCELLATION),
    ("We served a notice of proposal to impose conditions on the provider's registration.", ActionKind.CONDITION),
    ("CQC served a notice of decision to impose a condition on the provider's registration.", ActionKind.CONDITION),
])
def test_an_action_stated_in_the_passive_or_by_its_notice(sentence: str, kind: ActionKind) -> None:
    assert [a.kind for a in actions_in_sentence(sentence)] == [kind]


def test_practices_told_they_will_be_put_into_special_measures_are_not_in_them() -> None:
    # a real release: "Three of the five practices which have been rated Inadequate have been placed
    # into special measures. The other two practices have been told they will be put into special
    # measures if they fail to improve." The future is no action, and the count names no practice
    # for the action to be about.
    rec = real("075")
    kinds = [a.kind for i in rec.inspections for a in i.actions] + [a.kind for a in rec.actions]
    assert kinds.count(ActionKind.SPECIAL_MEASURES) == 0
    assert [a.kind for a in actions_in_sentence(
        "The other two practices have been told they will be put into special measures if they fail to improve.")] == []


# ------------------------------------------------ lists of regulations each with its title

def test_each_number_of_a_list_keeps_its_place_past_its_bracketed_title() -> None:
    got = breaches_stated("We found breaches of regulations 12 (safe care and treatment), 17 (good governance) and 18 (staffing).")
    assert [b.regulation.number for b in got] == ["12", "17", "18"]


def test_not_meeting_regulations_in_relation_to_a_subject() -> None:
    got = breaches_stated("We found the provider was not meeting regulations in relation to safe care and treatment and good governance.")
    assert [(b.regulation.number, b.title) for b in got] == [("12", "safe care and treatment"), ("17", "good governance")]


def test_what_is_left_of_an_item_after_its_title_is_no_subject() -> None:
    got = breaches_stated("We identified breaches in relation to the safe care and treatment of people and staffing.")
    assert [b.regulation.number if b.regulation else None for b in got] == ["12", "18"]


# ------------------------------------------- families of wording that generalise to unseen pages
# The sentences below are written in CQC's standard phrasing of reports and summaries (the
# wording CQC repeats across its publications); where a real page of tests/fixtures/real states
# the family, it is the first case.

def regs_of(text: str) -> list[str]:
    return [b.regulation.number + (b.regulation.paragraph or "") if b.regulation else f"title:{b.title}"
            for b in breaches_stated(text)]


# Never invent: a breach denied or only supposed just before its wording is none.
@pytest.mark.parametrize("sentence", [
    "At this inspection enough improvement had been made and the provider was no longer in breach of regulation 12.",
    "Improvements had been made and the provider was no longer in breach of regulations 12 and 17.",
    "The provider was not in breach of Regulation 17.",
    "We found no breach of Regulation 12.",
    "We found no evidence of a breach of Regulation 12.",
    "We did not find a breach of Regulation 17.",
    "No breaches of Regulation 12 were found.",
    "We looked into a possible breach of Regulation 12.",
    "The concern related to a potential breach of Regulation 12.",
    "Providers that are not meeting Regulation 12 will be asked to improve.",
    "There were no breaches of regulations relating to safe care and treatment.",
])
def test_a_breach_denied_or_supposed_is_none(sentence: str) -> None:
    assert breaches_stated(sentence) == []


def test_a_denial_further_back_in_the_sentence_leaves_the_breach() -> None:
    assert regs_of("Staff were not trained, in breach of Regulation 18.") == ["18"]


@pytest.mark.parametrize(("sentence", "regs"), [
    ("We found the provider was no longer in breach of Regulation 12 but was in breach of Regulation 17.", ["17"]),
    ("The provider was not in breach of regulation 18, although it remained in breach of regulation 12.", ["12"]),
])
def test_a_breach_found_after_one_denied_in_the_same_sentence(sentence: str, regs: list[str]) -> None:
    assert regs_of(sentence) == regs


@pytest.mark.parametrize(("sentence", "regs"), [
    # the 2014 Regulations named in full before the citations
    ("We found breaches of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014: "
     "Regulation 12 and Regulation 17.", ["12", "17"]),
    ("The provider was not meeting the requirements of the Health and Social Care Act 2008 (Regulated Activities) "
     "Regulations 2014, Regulation 17.", ["17"]),
    ("We found two breaches of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014 "
     "(Regulation 12 – safe care and treatment; Regulation 17 – good governance).", ["12", "17"]),
    # a count of regulations before their list
    ("We identified breaches of three regulations: Regulation 12 (Safe care and treatment), Regulation 17 "
     "(Good governance) and Regulation 18 (Staffing).", ["12", "17", "18"]),
    ("The service was in breach of two regulations, Regulation 9 and Regulation 12.", ["9", "12"]),
    # titles written out between the citations
    ("We found breaches of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014 in relation to "
     "Regulation 12, safe care and treatment, and Regulation 17, good governance.", ["12", "17"]),
    ("We found that the provider was in breach of Regulation 12 Safe care and treatment and Regulation 17 Good governance.",
     ["12", "17"]),
    # numbers in words
    ("There was a breach of regulation twelve.", ["12"]),
    ("The registered provider was in breach of regulations nine, twelve and seventeen.", ["9", "12", "17"]),
    # a sentence wrapped over two lines (PDF text)
    ("This meant the provider was in breach of Regulation\n12 of the Health and Social Care Act 2008.", ["12"]),
    ("We found the registered person was in breach of\nRegulations 12 and 17 of the Health and Social Care Act 2008.",
     ["12", "17"]),
    # still not meeting, not being met
    ("At this inspection, we found the provider was still not meeting regulation 12.", ["12"]),
    ("Regulation 12 HSCA RA Regulations 2014 Safe care and treatment was not being met.", ["12"]),
    # failed to meet
    ("The provider was failing to meet Regulation 12.", ["12"]),
    ("We found the provider failed to meet the requirements of regulation 17 (good governance).", ["17"]),
])
def test_citations_in_cqcs_standard_variations(sentence: str, regs: list[str]) -> None:
    assert regs_of(sentence) == regs


def test_a_title_in_small_letters_in_brackets_is_kept() -> None:
    (b,) = breaches_stated("The provider failed to meet the requirements of regulation 17 (good governance).")
    assert b.title == "good governance"


@pytest.mark.parametrize(("sentence", "regs"), [
    ("The provider was found to be in breach of regulations relating to safe care and treatment and staffing.", ["12", "18"]),
    ("We found the service to be in breach of regulations in relation to good governance.", ["17"]),
    ("There were breaches of regulations relating to safe care and treatment and good governance.", ["12", "17"]),
    ("CQC found breaches of the Health and Social Care Act in relation to safe care and treatment and staffing.", ["12", "18"]),
    ("Inspectors found the trust had breached regulations relating to safe care and treatment and staffing.", ["12", "18"]),
    ("The practice was failing to meet regulations covering good governance.", ["17"]),
])
def test_breaches_named_by_subject_in_more_of_cqcs_wordings(sentence: str, regs: list[str]) -> None:
    assert regs_of(sentence) == regs


# Family: the breaches counted in one sentence and named in the next.
@pytest.mark.parametrize(("text", "regs"), [
    ("We identified three breaches of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014. "
     "These were in relation to safe care and treatment, staffing and good governance.", ["12", "18", "17"]),
    ("The provider was in breach of two regulations. These related to safe care and treatment and good governance.", ["12", "17"]),
])
def test_breaches_counted_then_named_in_the_next_sentence(text: str, regs: list[str]) -> None:
    assert regs_of(text) == regs


@pytest.mark.parametrize("text", [
    "We found no breaches of regulations. These were in relation to staffing.",
    "The service was not safe. These were in relation to staffing.",
])
def test_a_next_sentence_names_nothing_after_no_breach(text: str) -> None:
    assert breaches_stated(text) == []


# Family: the rows of CQC's table of regulations not met, wherever a page copies the table.
_TABLE = ("Action we have told the provider to take\n"
          "The table below shows the legal requirements that were not being met. The provider must send CQC a report "
          "that says what action they are going to take to meet these requirements.\n"
          "Regulated activity\tRegulation\n")


@pytest.mark.parametrize(("rows", "regs"), [
    ("Accommodation for persons who require nursing or personal care\tRegulation 12 HSCA RA Regulations 2014 Safe care and treatment\n",
     ["12"]),
    ("Treatment of disease, disorder or injury\tRegulation 17 HSCA (RA) Regulations 2014 Good governance\n"
     "Treatment of disease, disorder or injury\tRegulation 18 HSCA (RA) Regulations 2014 Staffing\n", ["17", "18"]),
])
def test_the_rows_of_a_table_of_regulations_not_met(rows: str, regs: list[str]) -> None:
    assert regs_of(_TABLE + rows + "How the regulation was not being met: medicines were not managed safely.") == regs


def test_a_row_without_its_table_head_is_no_breach() -> None:
    assert breaches_stated("Regulation 12 HSCA RA Regulations 2014 Safe care and treatment") == []


# Family: 2010-2014 standards one service was not meeting, named.
@pytest.mark.parametrize(("sentence", "expected"), [
    ("The home was not meeting the essential standards relating to care and welfare of people who use services, "
     "staffing and management of medicines.", [("9", "4"), ("22", "13"), ("13", "9")]),
    ("We found the service was not compliant with the standards on safeguarding people who use services from abuse, "
     "records and staffing.", [("11", "7"), ("20", "21"), ("22", "13")]),
])
def test_standards_a_service_was_not_meeting(sentence: str, expected: list[tuple[str, str]]) -> None:
    got = breaches_stated(sentence)
    assert [(b.regulation.number, b.outcome) for b in got] == expected
    assert all(b.regulation.instrument == P.REGULATED_ACTIVITIES_2010 for b in got)


@pytest.mark.parametrize("sentence", [
    "The home was meeting the essential standards relating to care and welfare of people who use services.",
    "If the home was not meeting the standards on staffing we would take action.",
])
def test_standards_met_or_supposed_unmet_name_no_breach(sentence: str) -> None:
    assert breaches_stated(sentence) == []


# ----------------------------------------------------- enforcement: more wordings, never invented

@pytest.mark.parametrize("sentence", [
    "We did not serve a warning notice on the provider.",
    "The service was not placed in special measures.",
    "We decided not to place the service in special measures.",
    "We have not imposed conditions on the registration.",
    "We will be taking action to cancel the provider's registration.",
    "CQC is to start the process of cancelling the registration.",
    "CQC has the power to suspend a registration.",
    "We did not issue any requirement notices.",
])
def test_an_action_denied_to_come_or_a_power_is_no_action(sentence: str) -> None:
    assert actions_in_sentence(sentence) == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The service is no longer in special measures.", ActionKind.SPECIAL_MEASURES_EXIT),
    ("The trust exits special measures after improvements.", ActionKind.SPECIAL_MEASURES_EXIT),
    ("We took urgent action to suspend the provider's registration.", ActionKind.URGENT_SUSPENSION),
    ("CQC used its urgent powers to suspend the registration of the clinic.", ActionKind.URGENT_SUSPENSION),
    ("We placed urgent conditions on the provider to restrict admissions.", ActionKind.CONDITION),
    ("We put conditions on the service to stop admissions.", ActionKind.CONDITION),
])
def test_enforcement_in_more_of_cqcs_wordings(sentence: str, kind: ActionKind) -> None:
    assert [a.kind for a in actions_in_sentence(sentence)] == [kind]


@pytest.mark.parametrize(("sentence", "amount"), [
    ("The provider was ordered to pay a fine of £2,000.", "£2,000"),
    ("The court imposed a fine of £12,000 on the company.", "£12,000"),
])
def test_a_fine_of_an_amount(sentence: str, amount: str) -> None:
    assert [a.amount for a in actions_in_sentence(sentence) if a.kind is ActionKind.FINE] == [amount]


def test_a_fine_up_to_an_amount_is_no_fine() -> None:
    assert not [a for a in actions_in_sentence("Providers face a fine of up to £50,000.") if a.kind is ActionKind.FINE]


# Family: requirement notices told by what they require (a real location page, then CQC's phrasing).
def test_notices_requiring_the_provider_to_comply_on_a_real_page() -> None:
    r = real("087")
    notices = [a for i in r.inspections for a in i.actions if a.kind is ActionKind.REQUIREMENT_NOTICE]
    assert len(notices) == 1 and notices[0].count is None


def test_notices_requiring_the_provider_to_comply() -> None:
    got = actions_in_sentence("Following the inspection we issued notices to the provider requiring them to make improvements.")
    assert [a.kind for a in got] == [ActionKind.REQUIREMENT_NOTICE]


def test_a_warning_notice_requiring_improvement_stays_a_warning_notice() -> None:
    got = actions_in_sentence("CQC has served a warning notice on the provider requiring it to make improvements by 21 July 2021.")
    assert [a.kind for a in got] == [ActionKind.WARNING_NOTICE]


# Family: the lists of MUST and SHOULD actions under CQC's headings, with PDF text bullets.
@pytest.mark.parametrize("head", [
    "Actions the provider MUST take",
    "Action the provider MUST take to comply with the regulations",
    "Action the hospital SHOULD take to improve",
    "Areas where the service should make improvements",
    "Areas where the location must make improvements",
    "The hospital must:",
])
@pytest.mark.parametrize("bullet", ["• ", "\uf0b7", "● ", "- "])
def test_must_and_should_lists_under_their_headings(head: str, bullet: str) -> None:
    text = f"{head}\n{bullet}Ensure staff are trained. Regulation 18(2)(a)\n{bullet}Ensure records are kept up to date.\n"
    got = listed_actions(text)
    assert len(got) == 2 and got[0].regulation is not None and got[0].regulation.number == "18"


# Family: a report's closing section of requirement notices.
_NOTICES = ("Requirement notices\n\nAction we have told the provider to take\n\n"
            "The table below shows where regulations were not being met.\n\nRegulated activity\tRegulation\n")


@pytest.mark.parametrize(("rows", "count"), [
    ("Accommodation for persons who require nursing or personal care\tRegulation 18 HSCA RA Regulations 2014 Staffing\n", None),
    ("Personal care\tRegulation 12 HSCA RA Regulations 2014 Safe care and treatment\n"
     "Personal care\tRegulation 17 HSCA RA Regulations 2014 Good governance\n\nEnforcement actions\n", 2),
])
def test_a_closing_section_of_requirement_notices(rows: str, count: int | None) -> None:
    (notice,) = requirement_notices_section(_NOTICES + rows)
    assert notice.kind is ActionKind.REQUIREMENT_NOTICE and notice.count == count


def test_a_pointer_to_the_section_is_no_notice() -> None:
    assert requirement_notices_section("Please see the action we have told the provider to take at the end of this report.") == []


# Family: enforcement of an earlier inspection, told in a page's summary of the current one.
@pytest.mark.parametrize(("text", "kind"), [
    ("At our last inspection we rated the service inadequate and placed it in special measures. "
     "At this inspection we found improvements.", ActionKind.SPECIAL_MEASURES),
    ("At our previous inspection we served a warning notice on the provider in relation to good governance.",
     ActionKind.WARNING_NOTICE),
])
def test_an_earlier_inspections_enforcement_is_the_documents(text: str, kind: ActionKind) -> None:
    assert kind not in [a.kind for a in actions_in(text)]
    assert [a.kind for a in earlier_actions(text, [])] == [kind]


def test_an_earlier_action_the_record_already_holds_is_not_repeated() -> None:
    held = [Inspection(actions=(Action(ActionKind.WARNING_NOTICE),))]
    assert earlier_actions("At our last inspection we served a warning notice on the provider.", held) == ()


# Never invent a subject: a list of breaches ends where a clause of its own or a reason begins.
@pytest.mark.parametrize(("sentence", "regs"), [
    ("We identified breaches in relation to staffing and good governance, and we have asked the provider to send "
     "us an action plan.", ["18", "17"]),
    ("We have identified breaches in relation to safe care and treatment because risks were not managed.", ["12"]),
    ("We found breaches of regulations relating to staffing and good governance during this inspection.", ["18", "17"]),
    ("We found breaches of regulations relating to safe care and treatment; we have told the provider what they must do.", ["12"]),
    ("We found a breach of regulation in relation to medicines management and we issued a requirement notice.",
     ["title:medicines management"]),
    ("We identified breaches in relation to staffing and good governance where people were at risk.", ["18", "17"]),
    ("We identified breaches in relation to staffing as well as good governance.", ["18", "17"]),
])
def test_a_list_of_breaches_ends_where_another_clause_begins(sentence: str, regs: list[str]) -> None:
    assert regs_of(sentence) == regs


# ------------------------------- 2010-2014 standards: the judgement beside a standard's heading
# Each family is shown on two documents at least: the fixtures below copy the layouts of CQC's
# 2012-2014 reports and location pages; where a short sentence is the second case, it is
# written in CQC's standard phrasing of that era (the wording its reports and summaries repeat).

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _front_page(path: Path) -> str:
    """A report's front page and summary, without its tables of regulations (which state the
    breaches again): what a location page or a cut copy of the report keeps."""
    return path.read_text(encoding="utf-8").split("Details about this location")[0]


def regs_and_outcomes(text: str, earlier: bool = False) -> list[tuple[str, str | None]]:
    return [(b.regulation.number, b.outcome) for b in breaches_stated(text, earlier=earlier) if b.regulation]


# Family: a list of the standards inspected, each with its judgement on its line, ticks and
# crosses or tabs between ("Safeguarding people who use services from abuse ✘ Action needed").
@pytest.mark.parametrize(("path", "expected"), [
    (FIXTURES / "heldout" / "109.txt", [("11", "7"), ("10", "16")]),  # spaces and ticks
    (FIXTURES / "variants" / "010.txt", [("9", "4"), ("22", "13")]),  # tabs, no ticks
    (FIXTURES / "variants" / "030.txt", [("9", "4"), ("23", "14")]),  # tabs and ticks
])
def test_each_standard_judged_action_needed_in_a_front_page_list(path: Path, expected: list[tuple[str, str]]) -> None:
    got = breaches_stated(_front_page(path))
    assert [(b.regulation.number, b.outcome) for b in got] == expected
    assert all(b.regulation.instrument == P.REGULATED_ACTIVITIES_2010 for b in got)


@pytest.mark.parametrize(("text", "expected"), [
    # the judgement on the line after the heading, as a location page's list or a PDF's text lays it
    ("Care and welfare of people who use services\nAction needed\n"
     "People should get safe and appropriate care that meets their needs and supports their rights\n"
     "Safeguarding people who use services from abuse\nMet this standard\n"
     "Records\nEnforcement action taken", [("9", "4"), ("20", "21")]),
    ("Outcome 21: Records - Not met", [("20", "21")]),
    ("Supporting workers\t✘\tAction needed", [("23", "14")]),
    # a cross alone, as a page's icons copy: the tick beside the next is met
    ("Care and welfare of people who use services ✘\nStaffing ✔", [("9", "4")]),
])
def test_a_standard_judged_not_met_on_its_heading_line_or_the_next(text: str, expected: list[tuple[str, str]]) -> None:
    assert regs_and_outcomes(text) == expected


@pytest.mark.parametrize("text", [
    "Care and welfare of people who use services ✔ Met this standard\nStaffing ✔ Met this standard",
    "Staffing\nMet this standard\nRecords\nMet this standard",
    "Action needed",  # no standard heads it
    "Our current overall judgement\nBrambles Residential Home was not meeting one or more essential standards. Action is needed.",
    # titles listed before their judgements, as a table's columns may be copied: which is which is not told
    "Staffing\nRecords\nMet this standard\nAction needed",
])
def test_standards_met_or_judgements_without_their_standard_are_no_breach(text: str) -> None:
    assert breaches_stated(text) == []


# Family: "Our judgement" in a standard's section, under its heading (its outcome, title or CQC's
# statement of it): a 2012 review of compliance (a variant) and the 2011 reviews' wording.
def test_our_judgement_in_a_standards_section_is_a_breach_of_its_regulation() -> None:
    summary = (FIXTURES / "variants" / "011.txt").read_text(encoding="utf-8").split("Improvement actions")[0]
    assert regs_and_outcomes(summary) == [("9", "4"), ("10", "16")]
    text = ("Outcome 04: People should get safe and appropriate care that meets their needs and supports their rights\n"
            "What the outcome says\nThis is what people who use services should expect.\nWhat we found\n"
            "Our judgement\nThe provider was not meeting this standard.\nPeople's needs were not always assessed.\n"
            "We judged that this had a moderate impact on people using the service.\n"
            "Outcome 07: People should be protected from abuse, or the risk of abuse, and their human rights are respected and upheld\n"
            "Our judgement\nThe provider was meeting this standard.")
    assert regs_and_outcomes(text) == [("9", "4")]


@pytest.mark.parametrize("judgement", [
    "The provider was not compliant with this outcome.",
    "We found that this standard was not being met.",
    "The home did not meet this standard.",
])
def test_more_judgements_of_a_standard_not_met_in_its_section(judgement: str) -> None:
    # CQC's phrasing of the 2010-2014 sections, under a heading of CQC's statement of outcome 21
    heading = ("Outcome 21: People's personal records, including medical records, should be accurate and kept safe "
               "and confidential\nWhat we found\n")
    assert regs_and_outcomes(heading + judgement) == [("20", "21")]
    assert regs_and_outcomes(heading + "We found that this standard was met.") == []


# Family: one standard named as not met in a summary's prose (a variant location page's 2013 entry),
# and the plural subject ("the providers were not meeting the essential standards …").
def test_the_standard_relating_to_a_subject_not_met_in_the_singular() -> None:
    page = (FIXTURES / "variants" / "023.txt").read_text(encoding="utf-8")
    assert regs_and_outcomes(page) == [("12", "8")]  # the follow-up "made the necessary improvements to meet" is none
    assert regs_and_outcomes("The provider was not meeting the essential standard for records.") == [("20", "21")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The providers were not meeting the essential standards relating to staffing and records.", [("22", "13"), ("20", "21")]),
    ("We found that the service was not meeting the essential standards of quality and safety in relation to the care "
     "and welfare of people who use services and records.", [("9", "4"), ("20", "21")]),
    ("We found that the practice did not meet the standard on cleanliness and infection control.", [("12", "8")]),
])
def test_standards_not_met_by_a_plural_subject_or_joined_by_and(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert regs_and_outcomes(sentence) == expected


# Family: standards named by their outcome numbers (the warning releases cite "(Outcome 9)"; the
# summaries' sentences below are in CQC's standard phrasing of 2010-2014).
@pytest.mark.parametrize(("sentence", "expected"), [
    ("The provider was non-compliant with Outcome 21: Records.", [("20", "21")]),
    ("There are moderate concerns with Outcome 4: Care and welfare of people who use services.", [("9", "4")]),
    ("We found the provider was not compliant with outcomes 4, 9 and 16.", [("9", "4"), ("13", "9"), ("10", "16")]),
    ("We found that the home was non-compliant with Outcome 9 (management of medicines) and Outcome 21 (records).",
     [("13", "9"), ("20", "21")]),
    ("We have taken enforcement action against the provider in relation to Outcome 9: Management of medicines.", [("13", "9")]),
    ("We found that the provider was not meeting the requirements of Outcome 4.", [("9", "4")]),
    ("We served a warning notice on the provider on 2 August 2012 for Outcome 21: Records.", [("20", "21")]),
    ("The provider was not meeting the standard for Outcome 21: Records.", [("20", "21")]),
    # the passive
    ("The essential standard relating to records was not being met.", [("20", "21")]),
    ("We found that the standards on staffing and complaints were not met.", [("22", "13"), ("19", "17")]),
])
def test_outcomes_named_as_not_met(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert regs_and_outcomes(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "We found that the provider was meeting the standard relating to records.",
    "The provider was no longer non-compliant with Outcome 21.",
    "We found the provider was compliant with Outcome 4 and Outcome 7.",
    "If the provider was not meeting the standard relating to records we would take action.",
    "Staff told us the home had not met the standard on records in the past, but it had now.",
    "We found that the standard relating to records was met.",
    "If the standard relating to records was not met we would act.",
])
def test_standards_met_denied_supposed_or_reported_are_no_breach(sentence: str) -> None:
    assert breaches_stated(sentence) == []


# Family: an earlier inspection's standard not met, told in a later entry, is the earlier one's.
def test_a_standard_not_met_at_the_last_inspection_is_the_earlier_inspections() -> None:
    text = ("At our last inspection on 12 March 2013 we found that the provider was not meeting the standard relating to "
            "care and welfare of people who use services. We found the provider was now meeting this standard.")
    assert regs_and_outcomes(text) == []
    assert regs_and_outcomes(text, earlier=True) == [("9", "4")]


# Family: the 2012-2014 summaries' compliance action ("What we have told the provider to do"): a
# report (heldout 109) and the wording of the 2011 reviews, which asks for improvements only.
def test_a_report_asked_for_to_meet_the_standards_is_a_compliance_action() -> None:
    sentence = ("We have asked the provider to send us a report by 21 January 2013, setting out the action they will take "
                "to meet the standards.")
    assert sentence in (FIXTURES / "heldout" / "109.txt").read_text(encoding="utf-8")
    assert [a.kind for a in actions_in_sentence(sentence)] == [ActionKind.COMPLIANCE_ACTION]
    assert actions_in_sentence("We have asked the provider to send us a report within 14 days of them receiving this "
                               "report, setting out the action they will take to improve.") == []
    # enforcement named by no kind is none of the kinds
    assert actions_in_sentence("We have taken enforcement action against the provider.") == []


@pytest.mark.parametrize(("path", "cut", "expected"), [
    (FIXTURES / "heldout" / "109.txt", "Action we have told", ["11", "10"]),  # front page and summary, no table
    (FIXTURES / "variants" / "011.txt", "Improvement actions", ["9", "10"]),  # the outcomes' sections, no table
])
def test_a_report_cut_before_its_tables_keeps_the_standards_it_judged_not_met(path: Path, cut: str, expected: list[str]) -> None:
    rec = extract(path.read_text(encoding="utf-8").split(cut)[0])
    assert [b.regulation.number for i in rec.inspections for b in i.breaches if b.regulation] == expected


# Family: a breach "of the regulations relating to" subjects that are the 2010 standards (the 2014
# transitional summaries, under the 2010 Regulations), in CQC's phrasing of that year; the subjects
# of a 2014 breach keep their 2014 regulations.
@pytest.mark.parametrize(("sentence", "expected"), [
    ("The provider was in breach of the regulations relating to care and welfare of people who use services and records.",
     [("9", "4"), ("20", "21")]),
    ("We found breaches of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2010 in relation to "
     "care and welfare of people who use services and the management of medicines.", [("9", "4"), ("13", "9")]),
])
def test_a_breach_of_the_regulations_relating_to_2010_standards(sentence: str, expected: list[tuple[str, str]]) -> None:
    got = breaches_stated(sentence)
    assert [(b.regulation.number, b.outcome) for b in got] == expected
    assert all(b.regulation.instrument == P.REGULATED_ACTIVITIES_2010 for b in got)


def test_subjects_a_2014_regulation_shares_stay_the_2014_regulations() -> None:
    got = breaches_stated("We found breaches of regulations relating to safeguarding, staffing and complaints.")
    assert [(b.regulation.instrument, b.regulation.number) for b in got if b.regulation] == [
        (P.REGULATED_ACTIVITIES_2014, "13"), (P.REGULATED_ACTIVITIES_2014, "18")]


# Family: a finding of non-compliance named by its subjects (a real location page, and the
# wording of the 2013 dental summaries, "non-compliant … with respect to …"): a subject that names a
# standard gets its 2010 regulation, in the text's own words; others keep their words alone.
def test_non_compliance_by_subject_gives_the_standards_2010_regulation() -> None:
    got = dict((t, n) for n, t in all_breaches(real("001")))
    assert got["care and welfare"] == "9" and got["staffing numbers"] == "22"
    assert got["how the service was managed overall"] is None
    sentence = "We found the practice to be non-compliant with respect to the management of medicines."
    assert [(b.regulation.number, b.title) for b in breaches_stated(sentence)] == [("13", "management of medicines")]


# Family: the 2012-2014 reports' table of compliance actions, under its head ("The table below shows
# the essential standards of quality and safety that were not being met"), its title on the line
# after the regulation: a report (heldout 109) and a variant's enforcement table (030).
@pytest.mark.parametrize(("path", "expected"), [
    (FIXTURES / "heldout" / "109.txt", ["11", "10"]),
    (FIXTURES / "variants" / "030.txt", ["9", "23"]),
])
def test_the_rows_of_a_2012_2014_table_of_standards_not_met(path: Path, expected: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    tables = text[text.index("Details about this location"):]
    got = breaches_stated(tables)
    assert sorted(b.regulation.number for b in got) == sorted(expected)
    assert all(b.regulation.instrument == P.REGULATED_ACTIVITIES_2010 for b in got)


@pytest.mark.parametrize("text,numbers", [
    ("We found that the provider was in breach of Regulation 12 (Safe care and treatment), Regulation 13\n"
     "(Safeguarding service users from abuse and improper treatment), Regulation 17 (Good governance)\n"
     "and Regulation 19 (Fit and proper persons employed).\n", ["12", "13", "17", "19"]),
    ("At this inspection the home was in breach of Regulation 9 (Person-centred care), Regulation 18\n"
     "(Staffing), Regulation 11 (Need for consent)\nand Regulation 17 (Good governance).\n",
     ["9", "18", "11", "17"]),
])
def test_a_list_of_regulations_wrapped_between_a_number_and_its_title_or_after_a_title_is_one_sentence(
        text: str, numbers: list[str]) -> None:
    assert [b.regulation.number for b in breaches_stated(text) if b.regulation] == numbers
