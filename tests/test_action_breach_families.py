"""MUST and SHOULD actions and breaches in more of CQC's wordings and layouts, each family shown on
two documents at least (a report, a location or trust page's list of inspections, a press
release), beside the same words where they state no action or breach. The texts are invented, in
CQC's style.
"""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.records import ActionKind, DocumentRecord

from document_heads import RELEASE, REPORT


def _kinds(record: DocumentRecord, k: int = 0) -> list[str]:
    """The MUST and SHOULD actions of the record's inspection ``k`` (all of them when k is None)."""
    return sorted(a.kind.value for a in record.inspections[k].actions if a.kind in (ActionKind.MUST, ActionKind.SHOULD))


def _counted(record: DocumentRecord, k: int = 0) -> dict[str, int]:
    kinds = _kinds(record, k)
    return {kind: kinds.count(kind) for kind in sorted(set(kinds))}


def _breaches(record: DocumentRecord, k: int | None = None) -> list[str]:
    found = [b for i in (record.inspections if k is None else record.inspections[k: k + 1]) for b in i.breaches]
    if k is None:
        found += list(record.breaches)
    return sorted(b.regulation.number if b.regulation else (b.title or "") for b in found)


# A page of a trust's or a location's inspections, each entry under its own dates: what one entry
# states is that entry's.
TRUST_PAGE = ("• Organisation\n  • SERVICE PROVIDER\n\nRiverside Partnership NHS Foundation Trust\n\n"
              "This is an organisation that runs the health and social care services we inspect\n\n"
              "Overall: Requires improvement read more about inspection ratings\n\nProvider ID: RX4\n\n"
              "Trust headquarters: Ferry Lane House, 4 Quay Road, Hull, HU1 2AB\n\nAll Inspections\n\n"
              "3 to 27 March 2022\n\nDuring a routine inspection\n\n"
              "Our rating of the trust stayed the same. We rated it as requires improvement because:\n\n"
              "  • We rated safe and well-led as requires improvement, and effective, caring and responsive as good.\n\n"
              "{body}\n\n"
              "8 to 10 October 2019\n\nDuring an inspection of Community health services for adults\n\n"
              "Our rating of this service stayed the same. We rated it as good because:\n\n"
              "  • Staff managed risks to patients well.\n")
LOCATION_PAGE = ("• Care home\n\nWillow Bank\n\nOverall: Requires improvement read more about inspection ratings\n\n"
                 "12 Mill Road, Leeds, LS6 2AB 0113 496 0000\n\nProvided and run by:\nWillow Bank Care Ltd\n\n"
                 "All Inspections\n\n14 June 2021\n\nDuring a routine inspection\n\n"
                 "We rated the service as requires improvement.\n\n{body}\n\n"
                 "2 May 2019\n\nDuring a routine inspection\n\nWe rated the service as good.\n")
ENTRY_PAGES = [TRUST_PAGE, LOCATION_PAGE]


# Family: MUST and SHOULD actions counted, not listed, in one entry of a page of inspections
# ("We told the trust that it must take 22 actions to improve and 31 actions it should take").
@pytest.mark.parametrize("page", ENTRY_PAGES)
@pytest.mark.parametrize("sentence, counted", [
    ("We told the trust that it must take 22 actions to improve and 31 actions it should take.", {"must": 22, "should": 31}),
    ("We told the provider it must take three actions to comply with the regulations.", {"must": 3}),
    ("We found 4 things that the provider must put right and 6 things that it should improve.", {"must": 4, "should": 6}),
])
def test_totals_counted_in_an_entry_of_a_page_of_inspections(page: str, sentence: str, counted: dict[str, int]) -> None:
    record = extract(page.format(body=sentence))
    assert _counted(record, 0) == counted
    assert _counted(record, 1) == {}  # the earlier entry says nothing of them


@pytest.mark.parametrize("page", ENTRY_PAGES)
@pytest.mark.parametrize("sentence", [
    "The provider should consider how it records the outcome of reviews.",
    "We will tell the provider what actions it must take once the report is published.",
    "At our last inspection we told the provider it must take four actions to improve.",
])
def test_no_total_from_a_recommendation_a_promise_or_an_earlier_inspection(page: str, sentence: str) -> None:
    assert _counted(extract(page.format(body=sentence)), 0) == {}


# Family: the MUST actions told by what they are for, meeting the law ("has told it to take five
# actions to meet its legal requirements and 11 actions it should take to improve").
@pytest.mark.parametrize("text, counted", [
    (RELEASE + "CQC has told the provider to take five actions to meet its legal requirements and 11 actions it should take to improve.\n",
     {"must": 5, "should": 11}),
    (TRUST_PAGE.format(body="We told the trust to take 12 actions to comply with the regulations."), {"must": 12}),
])
def test_actions_to_meet_the_legal_requirements_are_must_actions(text: str, counted: dict[str, int]) -> None:
    assert _counted(extract(text), 0) == counted


# Family: the requirement notices of one entry of a page of inspections give the breaches they
# were issued for, on that entry ("We also issued requirement notices relating to regulation 12
# (safe care and treatment) and regulation 17 (good governance)").
@pytest.mark.parametrize("page", ENTRY_PAGES)
def test_notices_of_an_entry_give_that_entrys_breaches(page: str) -> None:
    record = extract(page.format(body="We also issued requirement notices relating to regulation 12 (safe care and "
                                      "treatment) and regulation 17 (good governance)."))
    assert _breaches(record, 0) == ["12", "17"]
    assert _breaches(record, 1) == []


@pytest.mark.parametrize("page", ENTRY_PAGES)
def test_a_section_29a_notice_of_an_entry_is_no_breach(page: str) -> None:
    record = extract(page.format(body="We issued the trust with a warning notice under section 29A of the Health and "
                                      "Social Care Act 2008, requiring significant improvements by 31 July 2022."))
    assert _breaches(record) == []


# Family: a breach of "a regulation relating to" its subject ("CQC found the trust had breached a
# regulation relating to safe care and treatment").
@pytest.mark.parametrize("head", [RELEASE, REPORT])
@pytest.mark.parametrize("sentence, regs", [
    ("CQC found the trust had breached a regulation relating to safe care and treatment.", ["12"]),
    ("Inspectors found the provider was in breach of a regulation relating to staffing.", ["18"]),
])
def test_a_breach_of_a_regulation_relating_to_its_subject(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


@pytest.mark.parametrize("head", [RELEASE, REPORT])
@pytest.mark.parametrize("sentence", [
    "The provider was no longer in breach of a regulation relating to safe care and treatment.",
    "If the provider has breached a regulation relating to staffing, we will take action.",
])
def test_a_regulation_relating_to_its_subject_put_right_or_supposed(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n"), 0) == []


# Family: MUST items said to be breaches by their lead-in, each in the words of one regulation (GP
# and independent health reports: "The areas where the provider must make improvements as they
# are in breach of regulations are:" then "Ensure care and treatment is provided in a safe way to
# patients.").
IN_BREACH_LIST = ("The areas where the provider must make improvements as they are in breach of regulations are:\n\n"
                  "• Ensure care and treatment is provided in a safe way to patients.\n"
                  "• Establish effective systems and processes to ensure good governance in accordance with the "
                  "fundamental standards of care.\n"
                  "• Ensure recruitment procedures are established and operated effectively to ensure only fit and "
                  "proper persons are employed.\n\n"
                  "The areas where the provider should make improvements are:\n\n"
                  "• Review the process for sharing information with patients' NHS GPs.\n\n"
                  "Dr Rosie Benneyworth BM BS BMedSci MRCGP\nChief Inspector of Primary Medical Services and Integrated Care\n")
GP_PAGE = ("• Doctors/GPs\n\nOakfield Surgery\n\nOverall: Requires improvement read more about inspection ratings\n\n"
           "14 Church Street, Ripon, HG4 1AB 01765 600 000\n\nProvided and run by:\nOakfield Partnership\n\n"
           "Latest inspection summary\n\nOn this page\n\nOverall summary & rating\n\nRequires improvement\n\n"
           "Updated 3 March 2020\n\nWe carried out an announced comprehensive inspection at Oakfield Surgery on "
           "14 January 2020 as part of our inspection programme.\n\n")
GP_REPORT = ("Oakfield Surgery\n\nInspection report\n\n14 Church Street\nRipon\nHG4 1AB\n\n"
             "Date of inspection visit: 14 January 2020\nDate of publication: 3 March 2020\n\n"
             "This practice is rated as Requires improvement overall.\n\n"
             "We carried out an announced comprehensive inspection at Oakfield Surgery on 14 January 2020.\n\n")


@pytest.mark.parametrize("head", [GP_PAGE, GP_REPORT])
def test_must_items_said_to_be_breaches_give_their_regulations(head: str) -> None:
    record = extract(head + IN_BREACH_LIST)
    assert _counted(record) == {"must": 3, "should": 1}
    assert _breaches(record) == ["12", "17", "19"]
    titles = {b.title for b in record.inspections[0].breaches}
    assert {"Safe care and treatment", "Good governance"} <= titles


@pytest.mark.parametrize("head", [GP_PAGE, GP_REPORT])
def test_must_items_under_a_lead_that_says_no_breach_give_none(head: str) -> None:
    record = extract(head + IN_BREACH_LIST.replace(" as they are in breach of regulations", ""))
    assert _counted(record) == {"must": 3, "should": 1}
    assert _breaches(record) == []


# Family: a list the excerpt ends inside, its last item unfinished ("• Continue to imp"): the items
# shown are not all the list's, and none of its kind is counted; a list ended at its full stop is
# whole.
CUT_LIST = ("The areas where the provider must make improvements are:\n\n"
            "• Ensure care and treatment is provided in a safe way to patients.\n\n"
            "The areas where the provider should make improvements are:\n\n"
            "• Review signage in the waiting area.\n"
            "• Improve the recording of")


@pytest.mark.parametrize("head", [GP_PAGE, GP_REPORT])
def test_a_list_the_excerpt_cuts_off_counts_none(head: str) -> None:
    assert _counted(extract(head + CUT_LIST)) == {"must": 1}
    assert _counted(extract(head + CUT_LIST + " significant events.\n")) == {"must": 1, "should": 2}


# Family: the regulations not met listed one an item, each item saying more after its regulation
# on its own line ("• Regulation 18 HSCA (RA) Regulations 2014 Staffing. There were not enough
# nurses …"); a regulation said to be met below the list is no breach.
NOT_MEETING_LIST = ("At this inspection we found that the provider was not meeting the following regulations:\n\n"
                    "  • Regulation 12 HSCA (RA) Regulations 2014 Safe care and treatment. Medicines were not always given "
                    "as prescribed.\n"
                    "  • Regulation 18 HSCA (RA) Regulations 2014 Staffing. There were not enough nurses on duty at night.\n\n"
                    "We found that the provider was meeting Regulation 17 (Good governance).\n")


@pytest.mark.parametrize("head", [REPORT, TRUST_PAGE.format(body="")])
def test_listed_regulations_not_met_each_saying_more_on_its_line(head: str) -> None:
    assert _breaches(extract(head + NOT_MEETING_LIST)) == ["12", "18"]


@pytest.mark.parametrize("head", [REPORT, TRUST_PAGE.format(body="")])
def test_a_list_item_is_one_line_the_next_paragraph_is_not_an_item(head: str) -> None:
    text = NOT_MEETING_LIST.replace("We found that the provider was meeting Regulation 17 (Good governance).",
                                    "Regulation 17 (Good governance) was met.")
    assert _breaches(extract(head + text)) == ["12", "18"]


# Family (2010-2014): a standard not met, named after "this standard" ("The provider was not
# meeting this standard in relation to the care and welfare of people who use services").
ENTRY_2013 = ("You are here\n\nInspection carried out on 22 October 2013\n\nDuring a routine inspection\n\n"
              "We looked at the care records of six people. {sentence}\n")
REVIEW_2013 = ("Review of compliance\n\nAshby Home Care Ltd\nAshby Road, Loughborough LE11 3AB\n\n"
               "Date of inspection: 22 October 2013\n\nWe looked at the care records of six people. {sentence}\n")


@pytest.mark.parametrize("head", [ENTRY_2013, REVIEW_2013])
def test_this_standard_named_after_it(head: str) -> None:
    record = extract(head.format(sentence="The provider was not meeting this standard in relation to the care and "
                                          "welfare of people who use services."))
    assert _breaches(record) == ["9"]
    assert extract(head.format(sentence="The provider was meeting this standard in relation to the care and welfare "
                                        "of people who use services.")).inspections[0].breaches == ()


# Family: a regulation not met in the words "the requirements of the law in relation to …".
@pytest.mark.parametrize("head", [REPORT, RELEASE])
def test_the_requirements_of_the_law_in_relation_to_its_subjects(head: str) -> None:
    record = extract(head + "We found the provider was not meeting the requirements of the law in relation to "
                            "person-centred care, safe care and treatment, and governance.\n")
    assert _breaches(record) == ["12", "17", "9"]
    assert _breaches(extract(head + "We found the provider was meeting the requirements of the law in relation "
                                    "to safe care and treatment.\n")) == []


# Family: a breach this inspection is "still in" or "remained in", beside the earlier inspection
# that found it: that inspection's breach too; what the sentence calls new is this inspection's only.
LAST_PUBLISHED = ("Rating at last inspection and update\nThe last rating for this service was requires improvement "
                  "(published 12 March 2019). The service has now deteriorated to inadequate.\n\n")


@pytest.mark.parametrize("still", [
    "At this inspection not enough improvement had been made and the provider was still in breach of regulation 17.",
    "At this inspection the provider remained in breach of regulation 17 (good governance).",
])
@pytest.mark.parametrize("head", [REPORT + LAST_PUBLISHED, REPORT.replace("Summary of findings", "Latest inspection summary") + LAST_PUBLISHED])
def test_a_breach_still_not_put_right_is_the_earlier_inspections_too(head: str, still: str) -> None:
    record = extract(head + "At our last inspection we found a breach of regulation 17 (good governance). " + still
                     + " We also found a new breach of regulation 12 (safe care and treatment).\n")
    current = [i for i in record.inspections if not i.is_previous]
    earlier = [i for i in record.inspections if i.is_previous]
    assert sorted(b.regulation.number for b in current[0].breaches if b.regulation) == ["12", "17"]
    assert [sorted(b.regulation.number for b in i.breaches if b.regulation) for i in earlier] == [["17"]]


@pytest.mark.parametrize("head", [REPORT + LAST_PUBLISHED])
def test_a_continued_breach_named_as_a_noun_stays_this_inspections(head: str) -> None:
    record = extract(head + "We found breaches of regulations 12 and 17. This was a continued breach of regulation 17 "
                            "from our last inspection.\n")
    assert [i.breaches for i in record.inspections if i.is_previous] == [()]


# Family: a breach given as an example of what a power is for states no breach.
@pytest.mark.parametrize("head", [REPORT, RELEASE])
def test_a_breach_given_as_an_example_is_none(head: str) -> None:
    record = extract(head + "If a provider does not comply, we can prosecute them for failing to comply with the "
                            "regulations (for example under regulation 22 for a breach of regulation 12 that results in "
                            "avoidable harm).\n")
    assert _breaches(record) == []


# Family: the lead-in's subject named before its verb ("There were areas where the provider could
# make improvements and should:", "We identified regulations that were not being met and the
# provider must:").
AND_LISTS = ("We identified regulations that were not being met and the provider must:\n"
             "• Ensure care and treatment is provided in a safe way to patients.\n"
             "• Establish effective systems and processes to ensure good governance.\n\n"
             "There were areas where the provider could make improvements and should:\n"
             "• Review the availability of chaperones.\n"
             "• Consider how patients whose first language is not English are supported.\n"
             "• Improve the uptake of cervical screening.\n\n"
             "Dr Rosie Benneyworth BM BS BMedSci MRCGP\nChief Inspector of Primary Medical Services and Integrated Care\n")


@pytest.mark.parametrize("head", [GP_PAGE, GP_REPORT])
def test_lists_led_by_and_must_and_and_should(head: str) -> None:
    record = extract(head + AND_LISTS)
    assert _counted(record) == {"must": 2, "should": 3}
    assert _breaches(record) == []  # the lead-in says regulations were not met, the items name none


# Family: MUST actions counted by the legal requirements they bring services into line with
# ("We told the provider that it must take action to bring services into line with three legal
# requirements"), or by the breaches to put right ("one breach of a legal requirement that the
# trust must put right").
@pytest.mark.parametrize("head", [REPORT, TRUST_PAGE])
@pytest.mark.parametrize("sentence, counted", [
    ("We told the provider that it must take action to bring services into line with three legal requirements. "
     "This action related to both services.", {"must": 3}),
    ("We found areas for improvement including one breach of a legal requirement that the trust must put right. "
     "We found sixteen things that the trust should improve.", {"must": 1, "should": 16}),
])
def test_must_actions_counted_by_the_legal_requirements(head: str, sentence: str, counted: dict[str, int]) -> None:
    text = head.format(body=sentence) if "{body}" in head else head + sentence + "\n"
    assert _counted(extract(text), 0) == counted


@pytest.mark.parametrize("head", [REPORT, TRUST_PAGE])
def test_no_count_from_legal_requirements_uncounted(head: str) -> None:
    sentence = "We told the provider that it must take action to bring services into line with legal requirements."
    text = head.format(body=sentence) if "{body}" in head else head + sentence + "\n"
    assert _counted(extract(text), 0) == {}


# Family: breaches named by their subjects in the words of a summary or a release: the titles
# alone after "breaches of", "not complying with the regulations relating to …", and "nutrition and
# hydration" for regulation 14.
@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence, regs", [
    ("We found breaches of safe care and treatment and good governance.", ["12", "17"]),
    ("The provider was not complying with the regulations relating to good governance.", ["17"]),
    ("Inspectors found breaches of regulations relating to safe care and treatment, staffing, nutrition and hydration, "
     "and good governance.", ["12", "14", "17", "18"]),
])
def test_breaches_named_by_their_subjects_in_a_summarys_words(head: str, sentence: str, regs: list[str]) -> None:
    assert _breaches(extract(head + sentence + "\n")) == regs


@pytest.mark.parametrize("head", [REPORT, RELEASE])
@pytest.mark.parametrize("sentence", [
    "We found a breach of staffing levels.",
    "There was no breach of safe care and treatment.",
    "If we find a breach of good governance, we will act.",
    "People told us they enjoyed the food, and nutrition and hydration needs were met.",
])
def test_subjects_that_state_no_breach(head: str, sentence: str) -> None:
    assert _breaches(extract(head + sentence + "\n")) == []


# Family: a lead-in saying the provider must (or should) take action, the actions after its colon
# ("We told the provider that it must take action to comply with the regulations:", "The provider
# must take action to:", "The trust should take the following actions:"); the sentence alone,
# with no list, counts none.
@pytest.mark.parametrize("head", [REPORT, GP_PAGE, RELEASE])
def test_a_lead_in_that_says_take_action(head: str) -> None:
    record = extract(head + "We told the provider that it must take action to comply with the regulations:\n\n"
                            "• Ensure staff receive training.\n• Ensure records are accurate.\n\n"
                            "The trust should take the following actions:\n\n• Review staff training.\n")
    assert _counted(record) == {"must": 2, "should": 1}
    assert _counted(extract(head + "We told the provider it must take action to comply with the regulations. "
                                   "We will check that it has.\n")) == {}


# A total read by a layout and the list the text prints are the same actions: the listed items
# keep their words, the rest of the total stays without them.
@pytest.mark.parametrize("head", [REPORT, GP_REPORT])
def test_a_total_and_its_list_are_the_same_actions(head: str) -> None:
    record = extract(head + "We told the provider that it must take five actions to comply with the regulations.\n\n"
                            "We told the provider that it must take action to comply with the regulations:\n\n"
                            "• Ensure staff receive training.\n• Ensure records are accurate.\n")
    musts = [a for a in record.inspections[0].actions if a.kind is ActionKind.MUST]
    assert len(musts) == 5
    assert [a.text for a in musts if a.text] == ["Ensure staff receive training.", "Ensure records are accurate."]
