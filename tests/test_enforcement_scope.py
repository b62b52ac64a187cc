"""Enforcement words that state no action taken on the document's subject: round-ups of other
services, national statistics, a general rule, a step that may only follow, an action withdrawn or
overturned on appeal. Each family on two invented texts in CQC's wording at least, beside the
action the same words state when they are about the subject, so a fix that drops every action
fails."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract, prose
from cqcgraph.records import ActionKind


def _kinds(text: str) -> set[ActionKind]:
    return {a.kind for a in prose.actions_in(text)}


def _release(body: str) -> set[ActionKind]:
    """The enforcement a short press release about one care home gives, from every part of it."""
    record = extract("CQC takes action to protect people at Rosewood House\n\nPublished: 12 March 2024\n\n"
                     "Categories: Media, Care homes\n\n"
                     "The Care Quality Commission (CQC) has taken action to protect people at Rosewood House, "
                     "a care home in Leeds run by Rosewood Care Ltd.\n\n" + body)
    return {a.kind for a in record.actions} | {a.kind for i in record.inspections for a in i.actions}


@pytest.mark.parametrize("sentence", [
    "Last year we cancelled the registration of five services in the region that failed to improve.",
    "In total we have taken action against 12 providers in the North this year, including placing six services in special measures.",
    "Nationally, 150 care homes were placed in special measures in 2023.",
    "Three of the five practices which have been rated Inadequate have been placed into special measures.",
    "Since 2015 more than 100 GP practices have been taken out of special measures.",
    "CQC has issued warning notices to dozens of home care agencies across the county.",
])
def test_a_round_up_of_counted_services_states_no_action(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence", [
    "Other providers in the area were issued with warning notices after similar inspections.",
    "CQC has also placed another home run by the same provider in special measures.",
    "Warning notices were served on two other services following the inspections.",
])
def test_an_action_on_other_services_is_not_the_subjects(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence, kind", [
    # the same verbs on the document's own subjects stay actions, also when a release is about a
    # few services it names
    ("The Care Quality Commission has placed two GP practices in Surrey into special measures.", ActionKind.SPECIAL_MEASURES),
    ("CQC has placed three care homes run by Sunrise Care Ltd in special measures.", ActionKind.SPECIAL_MEASURES),
    ("CQC has cancelled the registration of Sunrise Care Ltd, which ran five services.", ActionKind.CANCELLATION),
    ("We served a warning notice on the provider in respect of two of its locations.", ActionKind.WARNING_NOTICE),
    ("We hope this prosecution sends a clear message to other providers.", ActionKind.PROSECUTION),
    # a service's people are no class of services
    ("Where a service user was at risk, we imposed conditions on the provider's registration.", ActionKind.CONDITION),
    ("Other service users were at risk, so we served a warning notice on the provider.", ActionKind.WARNING_NOTICE),
    ("We imposed a condition on the registration requiring a monthly report on each service user.", ActionKind.CONDITION),
])
def test_the_subjects_own_actions_stay(sentence: str, kind: ActionKind) -> None:
    assert kind in _kinds(sentence)


@pytest.mark.parametrize("sentence", [
    "Today's proposals set out our thinking about when a provider is placed into special measures.",
    "Services placed in special measures will be inspected again within six months.",
    "A warning notice is a formal notice that tells a provider it must improve.",
    "Most practices that are placed in special measures use the support that is on offer.",
])
def test_a_general_rule_about_any_provider_states_no_action(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence", [
    "Cancellation of the provider's registration could follow if the home does not improve.",
    "A warning notice would be served if the provider fails to make the improvements.",
    "Conditions on the registration may be imposed if the service does not improve.",
])
def test_a_step_that_may_follow_is_no_action(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence, kind", [
    ("The home was placed in special measures and will be inspected again within six months.", ActionKind.SPECIAL_MEASURES),
    ("A warning notice was served on the provider, which must make improvements by 1 June 2024.", ActionKind.WARNING_NOTICE),
])
def test_an_action_taken_with_a_future_after_it_stays(sentence: str, kind: ActionKind) -> None:
    assert kind in _kinds(sentence)


@pytest.mark.parametrize("text, gone, kept", [
    ("CQC served a notice of proposal to cancel the provider's registration on 4 January 2023. "
     "The provider made representations and the notice was later withdrawn after improvements were made.",
     ActionKind.CANCELLATION, None),
    ("CQC issued a warning notice in March 2023. CQC served a notice of decision to cancel the provider's "
     "registration in April 2023. The provider appealed to the First-tier Tribunal, which allowed the appeal.",
     ActionKind.CANCELLATION, ActionKind.WARNING_NOTICE),
    ("We imposed conditions on the provider's registration. The tribunal later overturned the decision.",
     ActionKind.CONDITION, None),
])
def test_an_action_withdrawn_or_overturned_on_appeal_is_not_taken(text: str, gone: ActionKind, kept: ActionKind | None) -> None:
    kinds = _kinds(text)
    assert gone not in kinds
    if kept:
        assert kept in kinds


@pytest.mark.parametrize("text, kind", [
    ("CQC served a notice of decision to cancel the provider's registration. The provider withdrew its appeal "
     "and the cancellation took effect on 1 June 2023.", ActionKind.CANCELLATION),
    ("CQC served a notice of proposal to cancel the provider's registration on 20 December 2019. The provider did "
     "not appeal, and the cancellation took effect on 2 March 2020.", ActionKind.CANCELLATION),
    # another action withdrawn ("a charge against the former manager") leaves the provider's own
    ("The provider was prosecuted and fined £12,000 at Bristol Crown Court. "
     "A charge against the home's former registered manager was withdrawn before trial.", ActionKind.PROSECUTION),
])
def test_an_appeal_withdrawn_or_refused_leaves_the_action(text: str, kind: ActionKind) -> None:
    assert kind in _kinds(text)


def test_a_release_keeps_its_subjects_action_beside_a_round_up() -> None:
    kinds = _release("CQC has placed Rosewood House in special measures following an inspection in January.\n\n"
                     "Last year we cancelled the registration of five services in Yorkshire. Other providers in the "
                     "area were issued with warning notices.")
    assert ActionKind.SPECIAL_MEASURES in kinds
    assert not kinds & {ActionKind.CANCELLATION, ActionKind.WARNING_NOTICE}


def test_a_release_of_national_figures_gives_no_action() -> None:
    kinds = _release("We issued a warning notice to Rosewood Care Ltd in relation to safe care and treatment.\n\n"
                     "Across England, 23 care homes were placed in special measures last year, and the registration "
                     "of seven providers was cancelled.")
    assert kinds == {ActionKind.WARNING_NOTICE}


@pytest.mark.parametrize("sentence", [
    "The provider is facing prosecution.",
    "The provider must make improvements or face further action, including cancellation of its registration.",
    "A decision on whether to cancel the registration will be made next month.",
    "CQC is deciding whether or not to impose conditions on the provider's registration.",
    "CQC has proposed that the trust be placed into special measures.",
    "The Chief Inspector proposed that the practice be placed in special measures.",
])
def test_a_threat_a_pending_decision_or_a_proposal_is_no_action(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence, kind", [
    ("CQC has issued a notice of proposal to impose conditions on the provider's registration.", ActionKind.CONDITION),
    ("CQC served a notice of proposal to cancel the provider's registration on 26 September 2023.", ActionKind.CANCELLATION),
])
def test_a_notice_of_proposal_served_stays_a_step_taken(sentence: str, kind: ActionKind) -> None:
    assert kind in _kinds(sentence)


@pytest.mark.parametrize("sentence", [
    "In February 2020 we used our urgent powers under section 31 to suspend the registration of the provider for three months.",
    "CQC suspended the provider's registration for six weeks under section 31 of the Health and Social Care Act 2008.",
])
def test_a_suspension_under_section_31_is_the_urgent_one(sentence: str) -> None:
    kinds = _kinds(sentence)
    assert ActionKind.URGENT_SUSPENSION in kinds and ActionKind.SUSPENSION not in kinds


# Family: an act of a body other than CQC that a CQC text reports (a council, commissioners,
# another regulator, the police, the provider on its own staff or services): no CQC enforcement.
@pytest.mark.parametrize("sentence", [
    "The local authority suspended placements at the home while it investigated.",
    "The commissioners suspended new admissions to the service in May.",
    "Two members of staff were suspended pending an investigation.",
    "The provider had suspended the member of staff and referred them to the Disclosure and Barring Service.",
    "The provider took urgent action to suspend the agency worker.",
    "The trust suspended elective surgery during the pandemic.",
    "The General Medical Council suspended the doctor's registration.",
    "The Nursing and Midwifery Council imposed conditions on the nurse's registration.",
    "The Health and Safety Executive prosecuted the company in 2016.",
    "The council's environmental health officers issued a warning notice about food hygiene.",
    "The service had been issued with a warning notice by the local fire authority.",
    "The registered manager had been given a formal warning by the provider.",
    "The police cautioned the former carer.",
    "The provider has decided to close the service and cancel its registration.",
])
def test_another_bodys_act_is_no_cqc_enforcement(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence, kind", [
    # the same verbs with CQC acting, or the provider acted on, stay CQC's enforcement
    ("We suspended the provider's registration for three months.", ActionKind.SUSPENSION),
    ("CQC took urgent action to suspend the registration of the agency.", ActionKind.URGENT_SUSPENSION),
    ("We imposed conditions on the provider's registration.", ActionKind.CONDITION),
    ("The provider was issued with a warning notice in relation to safe care and treatment.", ActionKind.WARNING_NOTICE),
    ("The provider's registration was cancelled in May 2019.", ActionKind.CANCELLATION),
    ("The home's registration has been suspended for six weeks.", ActionKind.SUSPENSION),
    ("The NHS Trust Development Authority placed the trust in special measures.", ActionKind.SPECIAL_MEASURES),
    ("The provider was prosecuted by CQC and fined £12,000.", ActionKind.PROSECUTION),
])
def test_cqcs_own_act_stays_beside_another_bodys(sentence: str, kind: ActionKind) -> None:
    assert kind in _kinds(sentence)


def test_a_release_keeps_cqcs_action_and_drops_the_councils() -> None:
    kinds = _release("We have suspended the registration of Rosewood Care Ltd for three months.\n\n"
                     "Leeds City Council suspended placements at the home in February, and two members of staff "
                     "were suspended by the provider pending a police investigation.")
    assert kinds == {ActionKind.SUSPENSION}


def test_a_report_drops_the_fire_authoritys_notice() -> None:
    record = extract("Rosewood Care Ltd\n\nRosewood House\n\nInspection report\n\nDate of inspection visit:\n4 March 2024\n\n"
                     "Summary of findings\n\nThe service had been issued with a warning notice by the local fire authority. "
                     "We served a warning notice on the provider in relation to good governance.\n")
    kinds = [a.kind for i in record.inspections for a in i.actions] + [a.kind for a in record.actions]
    assert kinds.count(ActionKind.WARNING_NOTICE) == 1


# Family: an earlier notice whose requirements the words after it say were met; things that are
# suspended; the conditions every registration has, known or kept: no action.
@pytest.mark.parametrize("sentence", [
    "We checked the warning notice had been met.",
    "The warning notice has been complied with.",
    "The requirement notice issued at our last inspection had been met.",
    "There were suspended ceilings in the corridors.",
    "Hoists had been checked and the suspension slings were clean.",
    "The registered manager was aware of the conditions of registration.",
    "The service was run in line with the conditions of its registration.",
])
def test_a_notice_met_a_thing_suspended_or_conditions_kept_is_no_action(sentence: str) -> None:
    assert _kinds(sentence) == set()


@pytest.mark.parametrize("sentence, kind", [
    ("We served a warning notice which the provider must meet by 30 June 2024.", ActionKind.WARNING_NOTICE),
    ("The warning notice has been served on the provider.", ActionKind.WARNING_NOTICE),
    ("We suspended the provider's registration for three months.", ActionKind.SUSPENSION),
    ("We imposed conditions on the provider's registration.", ActionKind.CONDITION),
])
def test_a_notice_served_a_registration_suspended_conditions_imposed_stay(sentence: str, kind: ActionKind) -> None:
    assert kind in _kinds(sentence)


@pytest.mark.parametrize("sentence, kind", [
    # a headline's passive names the provider acted on, not a body acting
    ("Home care agency prosecuted for failing to provide safe care.", ActionKind.PROSECUTION),
    ("Care home provider prosecuted after resident death.", ActionKind.PROSECUTION),
    ("Trust suspended by CQC over safety failings.", ActionKind.SUSPENSION),
])
def test_a_headlines_passive_is_the_providers_enforcement(sentence: str, kind: ActionKind) -> None:
    assert kind in _kinds(sentence)


# ----------------------------------------------------------------------------- no invented enforcement
# Families of wording that name enforcement without stating an action taken on the document's
# service at its inspection, each on two invented texts at least, beside the action the same
# words state when they are.

@pytest.mark.parametrize("text", [
    "During 2022/23 we took 2,130 enforcement actions. These included 1,096 warning notices, 312 decisions to impose "
    "conditions on registration, 41 urgent suspensions and 168 cancellations of registration.",
    "We also brought 19 prosecutions and issued 74 fixed penalty notices.",
    "In 2020/21 we issued 36 fixed penalty notices and took 11 prosecutions.",
    "This is one of 19 prosecutions CQC brought in the last year.",
])
def test_a_tally_of_actions_states_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_a_small_count_of_actions_on_the_subject_stays() -> None:
    assert ActionKind.WARNING_NOTICE in _kinds("We issued two warning notices and three requirement notices.")
    assert ActionKind.WARNING_NOTICE in _kinds("We served 3 warning notices on the trust on 14 May 2019.")


@pytest.mark.parametrize("text", [
    "A service placed in special measures will be inspected again within six months.",
    "A care home rated inadequate overall will be placed in special measures.",
    "A service comes out of special measures when it is no longer rated inadequate overall or for any key question.",
    "A practice is taken out of special measures when it has improved.",
])
def test_any_service_in_guidance_states_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_a_named_service_placed_in_special_measures_stays() -> None:
    assert ActionKind.SPECIAL_MEASURES in _kinds("A care home in Leeds has been placed in special measures by CQC.")
    assert ActionKind.SPECIAL_MEASURES in _kinds("A Bradford care home has been placed into special measures.")


@pytest.mark.parametrize("text", [
    "Separately, the Health and Safety Executive (HSE) prosecuted Trentside Care Limited in 2021 after a resident fell "
    "from a window. The company was fined £80,000.",
    "The council's environmental health team prosecuted the owner for food hygiene offences. The owner was fined "
    "£4,500 and ordered to pay costs of £1,200.",
    "The Crown Prosecution Service has charged a former employee, and the case will be heard later this year.",
    "The Crown Prosecution Service charged the former manager with ill-treatment of a resident.",
])
def test_another_bodys_prosecution_and_its_sanctions_are_no_cqc_action(text: str) -> None:
    assert _kinds(text) == set()


def test_cqcs_prosecution_and_its_fine_stay() -> None:
    assert {ActionKind.PROSECUTION, ActionKind.FINE} <= _kinds("CQC prosecuted the provider. The provider was fined £4,000.")
    assert ActionKind.FINE in _kinds("At Leeds Magistrates' Court the provider pleaded guilty. It was fined £2,000.")


@pytest.mark.parametrize("text", [
    "Following our inspection the provider voluntarily suspended admissions to the home until improvements had been made.",
    "The registered manager put a voluntary suspension on admissions while staff were trained.",
])
def test_a_providers_own_voluntary_suspension_is_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_a_voluntary_suspension_agreed_with_cqc_stays_noted() -> None:
    text = "A voluntary suspension on all admissions to the service was still in place with the Care Quality Commission."
    assert _kinds(text) == {ActionKind.OTHER}
    assert _kinds("The provider agreed with us a voluntary suspension of admissions.") == {ActionKind.OTHER}


@pytest.mark.parametrize("text", [
    "We will be writing to the provider to propose conditions on its registration.",
    "We propose further conditions on the provider's registration.",
    "We wrote to tell you that we were minded to serve a warning notice in relation to regulation 17.",
    "CQC was minded to cancel the provider's registration.",
])
def test_a_proposal_without_a_notice_served_is_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_a_served_notice_of_proposal_stays() -> None:
    assert ActionKind.CONDITION in _kinds("We served a notice of proposal to impose conditions on the provider's registration.")
    assert ActionKind.CANCELLATION in _kinds("In January 2019 we served a notice of proposal to cancel the provider's registration.")


@pytest.mark.parametrize("text", [
    "We considered using our urgent powers to suspend the registration but decided this was not needed.",
    "We considered imposing urgent conditions to stop all admissions but decided they were not necessary.",
])
def test_a_power_considered_and_not_used_is_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_a_power_used_stays() -> None:
    assert ActionKind.URGENT_SUSPENSION in _kinds("We used our urgent powers to suspend the registration.")
    assert ActionKind.CONDITION in _kinds("We imposed urgent conditions to stop all admissions.")


@pytest.mark.parametrize("text", [
    "CQC has decided not to bring a prosecution against the provider.",
    "We did not issue any warning notices or requirement notices.",
    "We have not served warning notices or imposed conditions.",
])
def test_denied_actions_listed_together_are_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_an_action_beside_a_denied_one_stays() -> None:
    assert _kinds("We issued requirement notices and did not serve a warning notice.") == {ActionKind.REQUIREMENT_NOTICE}
    assert ActionKind.PROSECUTION in _kinds("CQC brought a prosecution against the provider.")


@pytest.mark.parametrize("text", [
    "The provider runs four other care homes. We placed one of them, Holly Court, in special measures in May 2021. "
    "We also imposed conditions on the provider's registration at Holly Court.",
    "Meridian Residential Ltd also ran Ivy Croft, a care home nearby. In 2017 we cancelled the provider's registration "
    "for Ivy Croft after it was rated inadequate twice.",
])
def test_action_at_another_named_service_of_the_provider_is_not_the_subjects(text: str) -> None:
    assert _kinds(text) == set()


def test_action_at_the_subject_beside_another_named_service_stays() -> None:
    text = ("The provider also runs Elm Lodge, a home nearby. We imposed conditions on the provider's registration at "
            "Rosewood House.")
    assert _kinds(text) == {ActionKind.CONDITION}


@pytest.mark.parametrize("text", [
    "Warning notice: Ashbourne Lodge\n\nWe have considered your representations. We have decided not to serve the warning notice.",
    "In March we served a notice of proposal to cancel the provider's registration. After the provider's representations, "
    "CQC decided not to pursue the cancellation.",
])
def test_a_notice_decided_against_is_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_a_notice_served_stays_when_another_is_decided_against() -> None:
    assert ActionKind.WARNING_NOTICE in _kinds("We served a warning notice on the provider. The provider did not appeal.")
    assert ActionKind.WARNING_NOTICE in _kinds("We decided not to cancel the registration. We served a warning notice instead.")


@pytest.mark.parametrize("text", [
    "The conditions imposed on the provider's registration in March 2021 have been removed.",
    "The conditions on the provider's registration were removed in June 2022 after improvements.",
    "The urgent suspension ended on 3 May 2020.",
    "The suspension of the registration has now ended.",
])
def test_an_action_removed_or_ended_is_no_action(text: str) -> None:
    assert _kinds(text) == set()


@pytest.mark.parametrize("text", [
    "The provider's registration in respect of Oak House was cancelled at its own request.",
    "The registration of the registered manager was cancelled at their own request when she left.",
])
def test_a_registration_cancelled_at_the_providers_own_request_is_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_an_action_beside_something_else_removed_stays() -> None:
    assert ActionKind.CONDITION in _kinds(
        "We imposed conditions on the provider's registration to stop admissions, and the provider has removed the hoist.")
    assert ActionKind.CANCELLATION in _kinds("We cancelled the provider's registration on 2 March 2020.")


@pytest.mark.parametrize("text", [
    "Under section 29A, CQC can serve a warning notice on a trust.",
    "Section 29A of the Health and Social Care Act 2008 says CQC may serve a warning notice on an NHS trust.",
])
def test_a_section_29a_power_described_is_no_notice(text: str) -> None:
    assert _kinds(text) == set()


def test_a_section_29a_notice_served_stays() -> None:
    assert _kinds("We served a section 29A warning notice on the trust on 4 March 2022.") == {ActionKind.WARNING_NOTICE_29A}
    assert ActionKind.WARNING_NOTICE_29A in _kinds("Under section 29A, CQC served a warning notice on the trust.")


@pytest.mark.parametrize("text", [
    "Ofsted placed the school in special measures last year.",
    "The neighbouring school was placed in special measures by Ofsted in 2019.",
])
def test_a_schools_special_measures_are_no_cqc_action(text: str) -> None:
    assert _kinds(text) == set()


@pytest.mark.parametrize("text", [
    "The provider was fined £500 by the council for a food hygiene breach.",
    "The home was fined £300 by the fire authority for blocked fire exits.",
])
def test_a_fine_by_another_body_is_no_cqc_sanction(text: str) -> None:
    assert _kinds(text) == set()


def test_a_courts_fine_after_cqcs_prosecution_stays() -> None:
    assert ActionKind.FINE in _kinds("The provider was fined £4,000 by magistrates at Leeds Magistrates' Court.")
    assert ActionKind.FINE in _kinds("CQC prosecuted the company, which was fined £12,000.")


@pytest.mark.parametrize("text", [
    "We are aware that the local authority has suspended placements.",
    "We were told that commissioners had suspended new admissions to the home.",
])
def test_another_bodys_act_reported_after_that_is_no_cqc_action(text: str) -> None:
    assert _kinds(text) == set()


def test_cqcs_act_reported_after_that_stays() -> None:
    assert ActionKind.SUSPENSION in _kinds("The inspector noted that CQC had suspended the registration for three months.")
    assert ActionKind.SUSPENSION in _kinds("We were told that the provider's registration had been suspended in 2019.")


@pytest.mark.parametrize("text", [
    "What is a warning notice?",
    "Why are services placed in special measures?",
    "How we use fixed penalty notices",
    "How CQC decides to cancel a registration",
    "Find out more about warning notices and how we use them.",
    "Read more about how we use conditions on registration.",
])
def test_a_guidance_question_heading_or_link_states_no_action(text: str) -> None:
    assert _kinds(text) == set()


def test_an_action_after_a_guidance_question_stays() -> None:
    assert ActionKind.WARNING_NOTICE in _kinds("What happens next? We have served a warning notice on the provider.")
    assert ActionKind.SPECIAL_MEASURES in _kinds("Why has this happened?\n\nThe home has been placed in special measures.")


@pytest.mark.parametrize("text", [
    "Requirement notices are issued when we find a breach.",
    "Warning notices are served when a provider is not meeting a legal requirement.",
    "We issue requirement notices where providers are in breach of regulations.",
    "We usually serve warning notices to tell a provider it must improve.",
])
def test_how_notices_are_used_states_no_notice(text: str) -> None:
    assert _kinds(text) == set()


@pytest.mark.parametrize("text", [
    "The provider sent us an action plan in response to the requirement notices.",
    "The provider had acted on the requirement notices we issued.",
    "The practice responded to the warning notice within the time it gave.",
])
def test_a_response_to_earlier_notices_is_no_new_notice(text: str) -> None:
    assert _kinds(text) == set()


def test_a_notice_issued_in_response_to_a_breach_stays() -> None:
    assert _kinds("We issued a requirement notice in response to the breach of regulation 17.") == {ActionKind.REQUIREMENT_NOTICE}
    assert ActionKind.WARNING_NOTICE in _kinds("In response to the concerns, we served a warning notice on the provider.")
