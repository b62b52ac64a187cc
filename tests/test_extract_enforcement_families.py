"""Families of wording that made the reader give a breach, an action or a date the text does not
state of the inspection it reports: a breach found at the last inspection told in the sentence
after, the summary's own words for the breaches its closing table lists, a date of the report
given to an earlier inspection, a span shared by several inspections. Each on two short invented
documents at least, and on the independent sets where they state it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph import documents
from cqcgraph.extract import extract, prose
from cqcgraph.records import DocumentRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _read(path: Path) -> DocumentRecord:
    return extract(documents.read(path.read_bytes(), path.name).text)


def _current(record: DocumentRecord):
    return [i for i in record.inspections if not i.is_previous]


@pytest.mark.parametrize("text", [
    "At our last inspection the provider had failed to ensure there were enough suitably qualified staff. "
    "This was a breach of regulation 18 (Staffing). At this inspection enough improvement had been made "
    "and the provider was no longer in breach of regulation 18.",
    "At the previous inspection we found medicines were not managed safely. These were breaches of "
    "regulation 12. The provider had made the improvements needed.",
])
def test_a_breach_of_the_last_inspection_told_in_the_next_sentence_is_no_current_breach(text: str) -> None:
    assert prose.breaches_stated(text) == []
    assert {b.regulation.number for b in prose.breaches_stated(text, earlier=True) if b.regulation} <= {"12", "18"}
    assert prose.breaches_stated(text, earlier=True)


def test_a_breach_told_after_a_finding_of_this_inspection_stays_current() -> None:
    text = "Staff had not been trained to support people safely. This was a breach of regulation 18 (Staffing)."
    assert [b.regulation.number for b in prose.breaches_stated(text) if b.regulation] == ["18"]


def test_the_no_longer_breached_regulation_of_a_history_entry_is_not_its_breach() -> None:
    record = _read(FIXTURES / "heldout3" / "302.txt")
    entry = next(i for i in record.inspections if i.start_date and i.start_date.iso == "2020-01-08")
    assert entry.breaches == ()


#: The end of an adult social care report: the summary names the breaches in its own words, the
#: table under "Action we have told the provider to take" gives their regulations.
_SUMMARY_AND_TABLE = (
    "Oak House\nInspection report\n1 Mill Lane, Derby DE1 1AA\n\nDate of inspection visit: 3 March 2021\n"
    "Date of publication: 20 April 2021\n\nOverall summary\nWe carried out an unannounced inspection of Oak "
    "House on 3 March 2021.\n{summary}\n\nAction we have told the provider to take\n\n"
    "Regulated activity                              Regulation\n"
    "Accommodation for persons who require          Regulation 12 HSCA RA Regulations 2014 Safe care and treatment\n"
    "nursing or personal care                        The provider had not managed medicines safely.\n\n"
    "Accommodation for persons who require          Regulation 17 HSCA RA Regulations 2014 Good governance\n"
    "nursing or personal care                        Audits were not effective.\n")


@pytest.mark.parametrize("summary", [
    "We found two breaches of the regulations. These related to the safe management of medicines and the "
    "governance of the service.",
    "We identified breaches in relation to the management of medicines and the oversight of the service.",
])
def test_the_summary_s_own_words_for_the_tabled_breaches_are_not_more_breaches(summary: str) -> None:
    (insp,) = _current(extract(_SUMMARY_AND_TABLE.format(summary=summary)))
    assert sorted((b.regulation.number if b.regulation else None) for b in insp.breaches) == ["12", "17"]


def test_a_summary_naming_the_breaches_of_its_table_on_the_independent_set() -> None:
    (insp,) = _current(_read(FIXTURES / "heldout6" / "608.txt"))
    assert sorted(b.regulation.number for b in insp.breaches if b.regulation) == ["12", "17"]
    assert all(b.regulation for b in insp.breaches)


@pytest.mark.parametrize("listed", [
    "We identified 3 breaches of the legal regulations. These were in relation to safe care and treatment "
    "(regulation 12), staffing (regulation 18) and good governance (regulation 17).",
    "We found breaches of regulations relating to safe care and treatment (Regulation 12), staffing "
    "(Regulation 18) and good governance (Regulation 17) at this inspection.",
])
def test_breaches_named_by_title_each_with_its_regulation_in_brackets(listed: str) -> None:
    assert [(b.regulation.number, b.title.lower()) for b in prose.breaches_stated(listed) if b.regulation] == [
        ("12", "safe care and treatment"), ("18", "staffing"), ("17", "good governance")]


def test_breaches_in_brackets_on_an_assessment_page_of_the_independent_set() -> None:
    (insp,) = _current(_read(FIXTURES / "heldout6" / "611.txt"))
    assert sorted(b.regulation.number for b in insp.breaches if b.regulation) == ["12", "17", "18"]


#: A hospital report's pages, each closed by its running footer with the report's date.
_FOOTED = ("{name}\nInspection report\nDate of inspection visit: 12 to 14 March 2019\nDate of publication: {published}\n\n"
           "Ratings\nOverall rating for this hospital\tRequires improvement\n\nPage 2\n\n{footer}\n\n"
           "Summary of findings\n\nWe inspected four core services at {name}. The hospital was last inspected in "
           "October 2016.\n\nPage 3\n\n{footer}\n\nOur findings\n\nStaff were caring.\n")


@pytest.mark.parametrize("name,published,footer", [
    ("Princess Royal Infirmary", "19 June 2019", "Princess Royal Infirmary - Inspection report - 19 June 2019"),
    ("Castle Hill General Hospital", "07/03/2019", "Castle Hill General Hospital Inspection report 07/03/2019"),
])
def test_the_report_s_date_in_its_running_footer_is_no_earlier_inspection(name: str, published: str, footer: str) -> None:
    record = extract(_FOOTED.format(name=name, published=published, footer=footer))
    earlier = [i.start_date.iso for i in record.inspections if i.is_previous and i.start_date]
    assert earlier == ["2016-10"]


@pytest.mark.parametrize("doc", ["601", "602"])
def test_running_footers_of_the_independent_set_date_no_inspection(doc: str) -> None:
    record = _read(FIXTURES / "heldout6" / f"{doc}.txt")
    published = record.publication_date.iso if record.publication_date else None
    assert published and all(i.start_date is None or i.start_date.iso != published for i in record.inspections)


#: A release about two services, the day span given once for both.
_TWO_SERVICES = (
    "CQC finds improvements at two care homes in {county}\n\nPublished: 7 June 2024\n\n"
    "Two care homes in {county} have improved, the Care Quality Commission (CQC) has found.\n\n"
    "Oak House, run by Oak Care Limited, in {town}, has improved its rating from Inadequate to Requires "
    "improvement. Inspectors rated the home Good for being caring.\n\n"
    "Elm Lodge, run by Elm Homes Limited, in {town}, is now rated Good overall.\n\n"
    "{span}\n\nEnds\n")


@pytest.mark.parametrize("county,town,span,month", [
    ("Lincolnshire", "Boston", "Both inspections took place between 11 and 21 March 2024.", "2024-03"),
    ("Norfolk", "Cromer", "The inspections were carried out between 3 and 14 May 2021.", "2021-05"),
])
def test_a_span_shared_by_several_inspections_dates_each_by_its_month_only(county: str, town: str, span: str, month: str) -> None:
    record = extract(_TWO_SERVICES.format(county=county, town=town, span=span))
    dated = [i for i in _current(record) if i.location is not None]
    assert len(dated) == 2
    assert {(i.start_date.iso if i.start_date else None, i.end_date) for i in dated} == {(month, None)}



#: An assessment page: the overview, the key questions' ratings, then a section closing with the
#: breaches and what CQC did about them.
_ASSESSMENT = (
    "{name}\n\n1 Mill Lane, Derby DE1 1AA\nProvider: {name} Limited\n\nReport from 14 January 2025 assessment\n\n"
    "Overview\n\nRequires improvement\nUpdated 4 April 2025\n\n"
    "{name} provides nursing and personal care for up to 40 people. We carried out an on-site assessment on "
    "14 January 2025.\n\nOur view of the service\n\nSafe\nRequires improvement\nScore: 53%\n\n"
    "Well-led\nInadequate\nScore: 38%\n\n"
    "The ratings for safe and well-led have gone down since our last inspection, when the service was rated good.\n\n"
    "Safe quality statement scores\nLearning culture: 2\nSafeguarding: 3\n\n"
    "We identified 2 breaches of the legal regulations. These were in relation to safe care and treatment "
    "(regulation 12) and good governance (regulation 17). {took}\n")


@pytest.mark.parametrize("name,took,kind", [
    ("Ashcombe House", "We have served a warning notice on the provider for regulation 17.", "warning-notice"),
    ("Birch Court", "We have imposed conditions on the provider's registration in relation to good governance.", "condition"),
])
def test_what_cqc_did_stated_in_a_key_question_s_section_of_an_assessment(name: str, took: str, kind: str) -> None:
    record = extract(_ASSESSMENT.format(name=name, took=took))
    (insp,) = _current(record)
    assert record.layout == "assessment"
    assert kind in {a.kind.value for a in insp.actions}


@pytest.mark.parametrize("sentence,regs", [
    ("Our action related to a breach of one legal requirement in urgent care services (Regulation 18 – Staffing).", ["18"]),
    ("This action related to breaches of two legal requirements in medical care (Regulations 12 and 17).", ["12", "17"]),
    ("Our action related to breaches of legal requirements in medical care and in urgent and emergency care.", []),
])
def test_a_breach_of_legal_requirements_with_its_regulation_in_brackets(sentence: str, regs: list[str]) -> None:
    assert [b.regulation.number for b in prose.breaches_stated(sentence) if b.regulation] == regs


def test_the_legal_requirement_breached_in_an_nhs_report_of_the_independent_set() -> None:
    (insp,) = _current(_read(FIXTURES / "heldout6" / "617.txt"))
    assert "18" in {b.regulation.number for b in insp.breaches if b.regulation}


@pytest.mark.parametrize("title,body,reg", [
    ("WARNING NOTICE\nHealth and Social Care Act 2008, section 29",
     "we are serving you with this warning notice because we have found that you are failing to comply with "
     "Regulation 12(1) of the Health and Social Care Act 2008 (Regulated Activities) Regulations 2014.", "12"),
    ("Warning notice",
     "We are serving this warning notice on you because you are failing to comply with Regulation 17 of the "
     "Health and Social Care Act 2008 (Regulated Activities) Regulations 2014: Good governance.", "17"),
])
def test_a_letter_s_title_is_the_warning_notice_its_sentence_serves(title: str, body: str, reg: str) -> None:
    text = f"Dear Ms Hart\n\n{title}\n\nFollowing our inspection of Elm Lodge on 26 April 2022, {body}\n\nYours sincerely\n"
    notices = [a for a in prose.actions_in(text) if a.kind.value == "warning-notice"]
    assert [a.regulation.number for a in notices if a.regulation] == [reg]
    assert len(notices) == 1


_RELEASE = ("Press release\n\nCQC takes action at {name}\n\n4 March 2020\n\n"
            "The Care Quality Commission (CQC) has rated {name}, a care home in {town}, Inadequate.\n\n"
            "The home was placed in special measures last year. {visit} they found "
            "the home had not made enough improvement and it was rated Inadequate overall.\n\n"
            "Notes to editors\n{notes}\n")


@pytest.mark.parametrize("name,town,visit,notes,days,published", [
    ("Hawthorn Bank", "Grimsby", "When inspectors returned on 3 and 5 December 2019",
     "The full report of the December 2019 inspection was published on 14 February 2020.",
     ("2019-12-03", "2019-12-05"), "2020-02-14"),
    ("Elm Lodge", "Derby", "When CQC returned on 12 November 2019",
     "The report was published on 20 January 2020.", ("2019-11-12", "2019-11-12"), "2020-01-20"),
])
def test_a_return_visit_and_the_report_s_publication_in_a_release(name: str, town: str, visit: str, notes: str,
                                                                   days: tuple[str, str], published: str) -> None:
    record = extract(_RELEASE.format(name=name, town=town, visit=visit, notes=notes))
    (insp,) = _current(record)
    assert (insp.start_date.iso, insp.end_date.iso) == days
    assert insp.publication_date is not None and insp.publication_date.iso == published


@pytest.mark.parametrize("name,town,earlier,visit,days", [
    ("Hawthorn Bank", "Grimsby", "placed in special measures following an inspection in April 2019.",
     "When inspectors returned on 3 and 5 December 2019", ("2019-12-03", "2019-12-05")),
    ("Elm Lodge", "Derby", "rated Inadequate after an inspection in June 2019.",
     "When CQC returned on 12 November 2019", ("2019-11-12", "2019-11-12")),
])
def test_a_return_visit_after_the_earlier_inspection_in_one_paragraph_is_the_latest(
        name: str, town: str, earlier: str, visit: str, days: tuple[str, str]) -> None:
    # a paragraph on one line (a web page's, or a PDF's text joined again): the earlier inspection's
    # month comes first, the return visit is the inspection the release reports
    text = ("Press release\n\nCQC takes action at {name}\n\n4 March 2020\n\n"
            "The Care Quality Commission (CQC) has rated {name}, a care home in {town}, Inadequate.\n\n"
            "The home was {earlier} {visit} they found the home had not made enough improvement and it was "
            "rated Inadequate overall.\n").format(name=name, town=town, earlier=earlier, visit=visit)
    (insp,) = _current(extract(text))
    assert (insp.start_date.iso, insp.end_date.iso) == days


def test_the_report_of_another_inspection_is_not_this_one_s() -> None:
    record = extract(_RELEASE.format(name="Oak House", town="Leeds", visit="When inspectors returned on 3 December 2019",
                                     notes="The report of the April 2019 inspection was published on 14 June 2019."))
    (insp,) = _current(record)
    assert insp.publication_date is None


@pytest.mark.parametrize("earlier,month", [
    ("The practice had been placed in special measures in September 2016, when it was rated Inadequate overall.", "2016-09"),
    ("At its previous inspection in February 2019 the practice was rated Inadequate overall and placed into special measures.", "2019-02"),
])
def test_the_earlier_inspection_that_placed_a_service_in_special_measures(earlier: str, month: str) -> None:
    text = ("Press release\n\nGP practice out of special measures\n\n12 December 2019\n\n"
            "Oak Surgery, run by Dr A Patel, has been taken out of special measures by the Care Quality Commission (CQC). "
            "Following an inspection on 8 October 2019 it is now rated Good overall. " + earlier + "\n")
    record = extract(text)
    before = [i for i in record.inspections if i.is_previous and i.start_date and i.start_date.iso == month]
    assert before and before[0].special_measures is True
    (now,) = _current(record)
    assert "special-measures-exit" in {a.kind.value for a in now.actions}
    assert "special-measures" not in {a.kind.value for a in now.actions}


@pytest.mark.parametrize("sentence", [
    "The provider had met the requirements of the warning notices.",
    "The practice had complied with the warning notice we served in March.",
])
def test_an_earlier_notice_whose_requirements_are_met_is_no_action_now(sentence: str) -> None:
    assert prose.actions_in(sentence) == []


def test_the_notices_of_an_earlier_inspection_stay_with_it() -> None:
    text = ("Press release\n\nCare home comes out of special measures\n\n5 October 2021\n\n"
            "Oak House, run by Oak Care Limited, in Shrewsbury, has been taken out of special measures after the "
            "Care Quality Commission (CQC) found improvements. Following an inspection on 10 August 2021 it is now "
            "rated Requires improvement overall.\n\nThe home was previously rated Inadequate and placed in special "
            "measures after an inspection in February 2021, when CQC issued warning notices in respect of safe care "
            "and treatment.\n\nThe provider had met the requirements of the warning notices.\n")
    record = extract(text)
    (now,) = _current(record)
    assert {a.kind.value for a in now.actions} == {"special-measures-exit"}
    before = [i for i in record.inspections if i.is_previous and i.start_date and i.start_date.iso == "2021-02"]
    assert before and {"special-measures", "warning-notice"} <= {a.kind.value for a in before[0].actions}


@pytest.mark.parametrize("told", [
    "The breaches of regulation 12 and regulation 17 found at the previous inspection had been addressed.",
    "At the last inspection the practice was in breach of regulations 12 and 17; these had now been addressed.",
])
def test_the_breaches_of_the_one_earlier_inspection_in_a_release_are_its_own(told: str) -> None:
    text = ("Press release\n\nGP practice out of special measures\n\n28 April 2017\n\n"
            "Oak Surgery, run by Dr A Patel, has been taken out of special measures by the Care Quality Commission (CQC). "
            "Following an inspection on 14 March 2017 it is now rated Good overall. The practice had been placed in "
            f"special measures in September 2016, when it was rated Inadequate overall.\n\n{told}\n")
    record = extract(text)
    (now,) = _current(record)
    assert now.breaches == ()
    (before,) = [i for i in record.inspections if i.is_previous]
    assert sorted(b.regulation.number for b in before.breaches if b.regulation) == ["12", "17"]


@pytest.mark.parametrize("sentence,regs", [
    ("Inspectors found the practice had not fully addressed a breach of the regulation relating to good governance.", ["17"]),
    ("The provider had not yet addressed the breaches of regulations relating to staffing and safe care and treatment.", ["18", "12"]),
])
def test_a_breach_not_yet_put_right_is_a_breach(sentence: str, regs: list[str]) -> None:
    assert [b.regulation.number for b in prose.breaches_stated(sentence) if b.regulation] == regs


@pytest.mark.parametrize("found,reg", [
    ("Inspectors found the home was in breach of the regulation relating to safe care and treatment.", "12"),
    ("At Oak House, inspectors found the home had not fully addressed a breach of the regulation relating to good governance.", "17"),
])
def test_a_breach_in_one_service_s_paragraph_of_a_release_about_several(found: str, reg: str) -> None:
    text = _TWO_SERVICES.format(county="Norfolk", town="Cromer", span="Both inspections took place in May 2021.")
    text = text.replace("Inspectors rated the home Good for being caring.", "Inspectors rated the home Good for being caring. " + found)
    record = extract(text)
    by_location = {i.location: i for i in _current(record) if i.location is not None}
    assert [b.regulation.number for b in by_location[0].breaches if b.regulation] == [reg]
    assert by_location[1].breaches == ()


@pytest.mark.parametrize("text,month,value", [
    ("We carried out an announced comprehensive inspection at Riverside Surgery on 5 March 2019. The practice "
     "was previously rated good overall in\nAugust 2016. Our rating of the practice stayed the same.", "2016-08", "good"),
    ("We inspected Oak House on 3 May 2021. The home was previously rated requires improvement in March 2018.",
     "2018-03", "requires-improvement"),
])
def test_previously_rated_in_a_month_dates_the_earlier_inspection(text: str, month: str, value: str) -> None:
    (earlier,) = prose.earlier_inspections(text, {"2019-03-05", "2021-05-03"})
    assert earlier.start_date.iso == month and [r.value.value for r in earlier.ratings] == [value]


@pytest.mark.parametrize("sentence", [
    "The provider applied to add a condition to its registration so that it no longer admits new people.",
    "At the provider's request, a condition was added to its registration restricting admissions.",
    "The provider voluntarily agreed to a condition on its registration.",
    "The registered manager applied to cancel their registration.",
    "The provider has applied to cancel its registration for the location.",
])
def test_what_the_provider_applied_for_is_no_enforcement(sentence: str) -> None:
    assert prose.actions_in(sentence) == []


@pytest.mark.parametrize("sentence,kind", [
    ("We imposed conditions on the provider's registration.", "condition"),
    ("CQC applied to the magistrates' court for an order to cancel the registration urgently.", "cancellation"),
])
def test_what_cqc_applied_for_or_imposed_stays_its_action(sentence: str, kind: str) -> None:
    assert [a.kind.value for a in prose.actions_in(sentence)] == [kind]
