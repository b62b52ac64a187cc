"""Breaches and enforcement in more of CQC's wordings (2011-2025), each family shown on two kinds
of document (an inspection report and a location page, or a report and a press release), beside
wordings of the same words that state no breach or action. The texts are invented, in CQC's style.
"""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.records import ActionKind, DocumentRecord

from document_heads import PAGE, RELEASE, REPORT

HEADS = [REPORT, PAGE]


def _breaches(record: DocumentRecord) -> list[str]:
    found = list(record.breaches) + [b for i in record.inspections for b in i.breaches]
    return sorted(b.regulation.number if b.regulation else (b.title or "") for b in found)


def _enforcement(record: DocumentRecord) -> set[ActionKind]:
    return {a.kind for a in (*record.actions, *(a for i in record.inspections for a in i.actions))
            if a.kind not in (ActionKind.MUST, ActionKind.SHOULD)}


# Family: a regulation not met, named by CQC's words for what it requires ("the legal
# requirements of Regulation 12", "the fundamental standards in relation to safe care and
# treatment", "had not taken sufficient action to meet the requirements of Regulation 17").
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("We found that the service was not meeting the legal requirements of Regulation 12.", ["12"]),
    ("The provider had failed to meet the legal requirements of regulation 18.", ["18"]),
    ("The service did not meet the legal requirements in relation to staffing.", ["18"]),
    ("The provider was not compliant with the regulations in relation to good governance.", ["17"]),
    ("We found the service was not meeting the fundamental standards in relation to safe care and treatment.", ["12"]),
    ("We found the provider had not taken sufficient action to meet the requirements of Regulation 17.", ["17"]),
    ("The provider had not made enough improvement to comply with regulation 12.", ["12"]),
    ("This is the second consecutive inspection where the provider has been in breach of regulation 17.", ["17"]),
])
def test_a_regulation_not_met_in_the_words_of_what_it_requires(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence", [
    "We found that the service was meeting the legal requirements of Regulation 12.",
    "The provider had taken sufficient action to meet the requirements of Regulation 17.",
    "If the provider has not taken sufficient action to meet regulation 17, we will take further action.",
    "We will check whether the service is meeting the fundamental standards in relation to safe care and treatment.",
    "Where providers are not meeting the legal requirements of Regulation 12 we may take action.",
])
def test_a_regulation_met_or_supposed_unmet_is_no_breach(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


# Family: warning notices bound to regulations by their titles, one for each title, and the
# breaches they were served for; on the current inspection and on an earlier one.
@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence", [
    "We served two warning notices in relation to safe care and treatment and good governance.",
    "We issued warning notices in respect of safe care and treatment and good governance.",
])
def test_warning_notices_by_titles_state_their_breaches(head: str, sentence: str) -> None:
    record = extract(head + sentence + "\n")
    assert _breaches(record) == ["12", "17"]
    assert ActionKind.WARNING_NOTICE in _enforcement(record)


def test_an_earlier_inspections_notices_by_titles_are_its_breaches() -> None:
    record = extract(RELEASE + "The home was previously rated Inadequate and placed in special measures after an "
                     "inspection in February 2018, when CQC issued warning notices in respect of staffing and good "
                     "governance.\n\nAt the latest inspection, the provider had met the requirements of the warning "
                     "notices.\n")
    earlier = [i for i in record.inspections if i.is_previous]
    assert earlier and sorted(b.regulation.number for b in earlier[0].breaches if b.regulation) == ["17", "18"]


def test_one_warning_notice_for_two_titles_cites_neither_alone() -> None:
    record = extract(REPORT + "We served a warning notice in relation to safe care and treatment and good governance.\n")
    notices = [a for i in record.inspections for a in i.actions if a.kind is ActionKind.WARNING_NOTICE]
    assert [a.regulation for a in notices] == [None]


def _current_breaches(record: DocumentRecord) -> list[str]:
    return sorted(b.regulation.number for i in record.inspections if not i.is_previous for b in i.breaches if b.regulation)


# Family: the breaches of an earlier inspection told by the provider's plan to meet them, as the
# focused-inspection summaries of 2015-2019 open: the earlier inspection's, not the current one's.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("After the comprehensive inspection, the provider wrote to us to say what they would do to meet legal "
     "requirements in relation to Regulation 12, safe care and treatment and Regulation 17, good governance.", ["12", "17"]),
    ("After our inspection the provider wrote to us to say what they would do to meet the legal requirements in "
     "relation to the breach of Regulation 18.", ["18"]),
    ("The practice sent us an action plan setting out what they would do to meet the requirements of regulations 12 "
     "and 17.", ["12", "17"]),
    ("After the comprehensive inspection, the practice wrote to us to say what they would do to meet the legal "
     "requirements in relation to safe care and treatment and good governance.", ["12", "17"]),
])
def test_an_earlier_breach_told_by_the_plan_to_meet_it(head: str, sentence: str, regs: list[str]) -> None:
    record = extract(head + sentence + "\nWe undertook this focused inspection to check that they had followed their "
                     "plan and to confirm that they now met legal requirements.\n")
    assert _breaches(record) == regs
    assert _current_breaches(record) == []


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence", [
    "The provider completed an action plan after the last inspection to show what they would do and by when to improve.",
    "After the inspection the provider wrote to us to say what they would do to meet legal requirements.",
    "We will ask the provider to send us an action plan to say what they will do to improve.",
])
def test_a_plan_that_names_no_regulation_names_no_breach(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


@pytest.mark.parametrize("items", [
    "• Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment\n• Regulation 18 HSCA (RA) Regulations 2014 Staffing",
    "• Safe care and treatment\n• Staffing",
])
def test_an_earlier_breach_told_by_the_plan_to_meet_the_regulations_listed_below(items: str) -> None:
    record = extract(PAGE + "After the inspection, the provider wrote to us to say what they would do to meet the "
                     "following legal requirements:\n" + items + "\n")
    assert _breaches(record) == ["12", "18"]
    assert _current_breaches(record) == []


# Family: a provider's failing told as an offence under the regulation it breaches (fixed penalty
# notices, cautions and prosecutions); regulation 22 of the 2014 Regulations, which makes breaches
# of others offences, is none itself, and the law stated in general is no breach.
@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence, regs", [
    ("The provider had failed to display their rating, an offence under regulation 20A of the Health and Social "
     "Care Act 2008 (Regulated Activities) Regulations 2014.", ["20A"]),
    ("The provider had failed to submit a statutory notification. This is an offence under Regulation 18 of the "
     "Care Quality Commission (Registration) Regulations 2009.", ["18"]),
    ("The director accepted a simple caution for the company's failure to notify CQC of a change of registered "
     "manager, an offence under regulation 15 of the Care Quality Commission (Registration) Regulations 2009.", ["15"]),
    ("The provider pleaded guilty to an offence under regulation 22 of the Health and Social Care Act 2008 "
     "(Regulated Activities) Regulations 2014, for a breach of regulation 12.", ["12"]),
])
def test_a_failing_told_as_an_offence_under_its_regulation(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence", [
    "It is an offence under regulation 20A for a provider not to display its rating.",
    "Failing to display a rating is an offence under regulation 20A of the Health and Social Care Act 2008 "
    "(Regulated Activities) Regulations 2014.",
    "If the provider does not pay, it could be prosecuted for an offence under regulation 20A.",
])
def test_the_law_on_offences_stated_in_general_is_no_breach(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


# Family (2010-2014): the compliance action told by the report CQC asked for, naming the
# regulation to be met: a compliance action and a breach of that regulation.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("We have asked the provider to send us a report of the changes they will make to meet Regulation 9 (care and "
     "welfare of people who use services).", ["9"]),
    ("We have asked the provider to send us a report of the changes they will make to comply with Regulation 20.", ["20"]),
    ("We have asked the provider to tell us what they will do to meet Regulation 22.", ["22"]),
])
def test_a_report_asked_for_to_meet_a_regulation_is_a_compliance_action_and_its_breach(
        head: str, sentence: str, regs: list[str]) -> None:
    record = extract(head + sentence + "\n")
    assert _breaches(record) == regs
    assert ActionKind.COMPLIANCE_ACTION in _enforcement(record)


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence", [
    "If the provider is not meeting Regulation 9 we will ask them to send us a report of the changes they will make "
    "to meet it.",
    "We will ask the provider to send us a report of the changes they will make to meet Regulation 9.",
])
def test_a_report_only_supposed_is_no_compliance_action(head: str, sentence: str) -> None:
    record = extract(head + sentence + "\n")
    assert _breaches(record) == [] and ActionKind.COMPLIANCE_ACTION not in _enforcement(record)


# Family: a breach found now that the sentence says was also found at the earlier inspection: the
# earlier inspection's as well as the current one's.
@pytest.mark.parametrize("head", HEADS)
def test_a_breach_also_found_at_the_last_inspection_is_both_inspections(head: str) -> None:
    record = extract(head + "The provider had not met the requirements of regulation 12 of the Health and Social Care Act 2008 "
                     "(Regulated Activities) Regulations 2014, which was also found at our last inspection in February "
                     "2017. This was a continued breach.\n")
    assert _breaches(record).count("12") == 2


@pytest.mark.parametrize("head", HEADS)
def test_a_breach_that_remained_is_read_once(head: str) -> None:
    record = extract(head + "The provider was previously in breach of regulation 12 (safe care and treatment). "
                     "Improvements were not found at this inspection, and the provider remained in breach of this regulation.\n")
    assert _breaches(record).count("12") == 1


# Families of enforcement: a restriction on admissions (a condition), a formal caution or one
# accepted, the provider or its manager convicted, a state in special measures since a date, a
# fine stated as "in fines".
@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence, kind", [
    ("We have placed a restriction on admissions to the home.", ActionKind.CONDITION),
    ("We used our enforcement powers to restrict the provider from admitting new people to the home.", ActionKind.CONDITION),
    ("We have now issued a formal caution to the provider.", ActionKind.CAUTION),
    ("The provider accepted a caution for failing to notify CQC of a death.", ActionKind.CAUTION),
    ("The registered manager was convicted at Leeds Magistrates' Court of failing to provide safe care and treatment.",
     ActionKind.PROSECUTION),
    ("The provider was found guilty at Truro Crown Court and fined £50,000.", ActionKind.PROSECUTION),
    ("This service has been in special measures since May 2018.", ActionKind.SPECIAL_MEASURES),
    ("The company was ordered to pay £150,000 in fines and £20,000 costs.", ActionKind.FINE),
])
def test_enforcement_in_further_wordings(head: str, sentence: str, kind: ActionKind) -> None:
    assert kind in _enforcement(extract(head + sentence + "\n"))


@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence", [
    "The local authority restricted admissions to the home while it investigated.",
    "The provider voluntarily restricted admissions to the home.",
    "A former care worker was convicted of theft in 2019.",
    "Staff used caution when supporting people to move.",
    "The service was not placed in special measures.",
])
def test_the_same_words_about_others_or_denied_are_no_enforcement(head: str, sentence: str) -> None:
    assert _enforcement(extract(head + sentence + "\n")) == set()


# Families of breaches named by subject: in the passive, the breaches first; a regulation's title
# before the word "regulation"; a citation that "remained in breach"; a subject opening with
# "staff" ("staff training"); the short names "consent" and "fit and proper persons".
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("Breaches of regulation were identified in relation to safeguarding, staffing and governance.", ["13", "17", "18"]),
    ("We found a breach of the duty of candour regulation.", ["20"]),
    ("We found breaches of the safe care and treatment and good governance regulations.", ["12", "17"]),
    ("Regulation 17 (good governance) remained in breach.", ["17"]),
    ("The service was in breach of the regulations relating to consent, safe care and treatment and good governance.",
     ["11", "12", "17"]),
    ("We identified breaches of regulations relating to person centred care, and consent.", ["11", "9"]),
])
def test_breaches_named_by_subject_in_further_wordings(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


@pytest.mark.parametrize("head", HEADS)
def test_a_subject_opening_with_staff_is_a_subject(head: str) -> None:
    found = _breaches(extract(head + "We have identified breaches in relation to the management of risk, medicines, "
                                     "staff training and governance at this inspection.\n"))
    assert "staff training" in found and "17" in found


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence", [
    "No breaches of regulation were identified in relation to staffing.",
    "We did not find a breach of the duty of candour regulation.",
    "The registered manager understood their responsibilities under the duty of candour regulation.",
])
def test_the_same_wordings_denied_or_without_a_breach_name_none(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


# Family: a breach's wording after a doubt or denial further back in the sentence, a figure about
# services in general, a class of providers, or a plan to go on meeting a regulation: no breach.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence", [
    "We found no evidence that the provider was in breach of regulations relating to staffing.",
    "We found no evidence that the provider was in breach of regulation 12.",
    "The provider told us they did not believe they were in breach of regulation 12.",
    "Last year, 40% of care homes were in breach of regulation 12.",
    "Nationally, providers that breached regulations relating to staffing were fined.",
    "We have asked the provider to send us an action plan to show how they will continue to meet Regulation 17.",
])
def test_a_breach_doubted_general_or_only_kept_up_is_none(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


@pytest.mark.parametrize("head", HEADS)
def test_a_breach_found_beside_a_general_figure_in_another_sentence_stays(head: str) -> None:
    record = extract(head + "Nationally, 40% of care homes are rated requires improvement. We found the provider was in "
                     "breach of regulation 12.\n")
    assert _breaches(record) == ["12"]


# Family: a recommendation accepted and the action taken ("The NHS Trust Development Authority has
# accepted the recommendation, and the trust was placed in special measures"): the action; a
# recommendation alone stays none.
@pytest.mark.parametrize("head", [REPORT, RELEASE])
def test_a_recommendation_accepted_and_acted_on_is_the_action(head: str) -> None:
    record = extract(head + "The NHS Trust Development Authority has accepted the recommendation, and the trust was "
                     "placed in special measures on 10 June 2015.\n")
    assert ActionKind.SPECIAL_MEASURES in _enforcement(record)


@pytest.mark.parametrize("head", [REPORT, RELEASE])
def test_a_recommendation_alone_is_no_action(head: str) -> None:
    record = extract(head + "The Chief Inspector of Hospitals has recommended that the trust be placed in special measures.\n")
    assert ActionKind.SPECIAL_MEASURES not in _enforcement(record)


# Families: the "when" of an inspection tells when breaches were found ("since our last
# inspection, when we found breaches of …"); breaches "in" a regulation. "When a provider is in
# breach …" stays a general rule.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("The provider had made improvements since our last inspection, when we found breaches of regulations 12 and 17.",
     ["12", "17"]),
    ("The service was last inspected in May 2016, when we found a breach of regulation 18.", ["18"]),
    ("There were breaches in regulation 12 and regulation 17.", ["12", "17"]),
    ("We found breaches in regulations relating to safe care and treatment and good governance.", ["12", "17"]),
])
def test_breaches_found_when_an_inspection_was_or_in_a_regulation(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence", [
    "When a provider is in breach of regulation 12, we may take enforcement action.",
    "We will tell the provider when we find breaches in regulation 12.",
])
def test_when_of_a_rule_is_no_breach(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, found", [
    ("We found that the provider was not meeting the requirements of the regulations relating to the management of "
     "medicines.", ["management of medicines"]),
    ("The provider was not meeting the requirements of the regulations relating to safe care and treatment and good "
     "governance.", ["12", "17"]),
])
def test_not_meeting_the_requirements_of_the_regulations_relating_to_a_subject(head: str, sentence: str, found: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == found


# Family (2011-2013): concerns of an impact found with an outcome, in the passive.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("Minor concerns were identified in relation to Outcome 9, management of medicines.", ["13"]),
    ("Moderate concerns were found with Outcome 21.", ["20"]),
])
def test_concerns_identified_with_an_outcome(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


# Family: a breach a sentence gives a dated earlier inspection is that inspection's, also when the
# current inspection has the same breach ("At our last inspection on 18 November 2013 we found the
# provider was not meeting the standard for staffing").
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("text, reg", [
    ("At our last inspection on 18 November 2013 we found the provider was not meeting the standard for staffing.\n\n"
     "At this inspection the provider was still not meeting the standard for staffing.\n", "22"),
    ("At our last inspection on 5 May 2017 we found a breach of regulation 12.\n\nAt this inspection we found a breach "
     "of regulation 12 because medicines were not managed safely.\n", "12"),
])
def test_a_breach_of_a_dated_earlier_inspection_is_its_own(head: str, text: str, reg: str) -> None:
    assert _breaches(extract(head + text)).count(reg) == 2


# ... and so when the text dates two earlier inspections: the breach goes to the one its sentence
# names by its day, never to the other.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("text, reg, day, other", [
    ("At our inspection on 2 March 2013 the provider met all the standards we inspected.\n\n"
     "At our last inspection on 18 November 2013 we found the provider was not meeting the standard for staffing.\n\n"
     "At this inspection the provider was still not meeting the standard for staffing.\n", "22", "2013-11-18", "2013-03-02"),
    ("We first inspected the service on 9 January 2016, when it met the regulations.\n\n"
     "At our last inspection on 5 May 2017 we found a breach of regulation 12.\n\nAt this inspection we found a breach "
     "of regulation 12 because medicines were not managed safely.\n", "12", "2017-05-05", "2016-01-09"),
])
def test_a_breach_of_one_of_two_dated_earlier_inspections_is_that_ones(head: str, text: str, reg: str, day: str,
                                                                         other: str) -> None:
    record = extract(head + text)
    by_day = {i.start_date.iso: [b.regulation.number for b in i.breaches if b.regulation]
              for i in record.inspections if i.is_previous and i.start_date}
    assert by_day[day] == [reg] and by_day[other] == []
    assert _breaches(record).count(reg) == 2


# Families: a regulation's paragraphs written apart ("Regulation 12 (1) (2) (a)"), and "had not
# met the legal requirements in relation to …".
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, regs", [
    ("This is a breach of Regulation 12 (1) (2) (a) (b) (g) and Regulation 17 (1) (2) (b).", ["12", "17"]),
    ("We found the service had not met the legal requirements in relation to safe care and treatment.", ["12"]),
    ("The provider has not met the requirements of the regulations relating to good governance.", ["17"]),
])
def test_paragraphs_written_apart_and_requirements_not_met(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


def test_paragraphs_written_apart_are_the_citations_own() -> None:
    from cqcgraph.extract import patterns as P
    assert [(r.number, r.paragraph) for r in P.regulations_in("Regulation 12 (1) (2) (a) and Regulation 17(2)(b)")] == [
        ("12", "(1)(2)(a)"), ("17", "(2)(b)")]


@pytest.mark.parametrize("head", HEADS)
def test_the_instruments_own_brackets_are_no_title(head: str) -> None:
    record = extract(head + "We found one breach of regulation 18 (Registration) Regulations 2009: notification of other "
                     "incidents.\n")
    found = [b for b in (*record.breaches, *(b for i in record.inspections for b in i.breaches))]
    assert [(b.regulation.number if b.regulation else None, b.title) for b in found] == [("18", None)]


# Family: a breach put right named by its regulation's subject ("no longer in breach of the
# regulation about staffing", "enough improvement had been made in relation to safe care and
# treatment, and the provider was no longer in breach of that regulation"): the earlier
# inspection's breach, not the current one's.
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("sentence, reg", [
    ("At this inspection the provider was no longer in breach of the regulation about staffing.", "18"),
    ("At our last inspection we found two breaches of regulation. At this inspection enough improvement had been made "
     "in relation to safe care and treatment, and the provider was no longer in breach of that regulation.", "12"),
])
def test_a_breach_put_right_named_by_its_subject_is_the_earlier_inspections(head: str, sentence: str, reg: str) -> None:
    record = extract(head + sentence + "\n")
    assert _breaches(record) == [reg]
    assert _current_breaches(record) == []


@pytest.mark.parametrize("head", HEADS)
def test_a_breach_denied_by_subject_is_not_put_right(head: str) -> None:
    assert _breaches(extract(head + "The provider was not in breach of the regulation about staffing.\n")) == []
