"""Rules of placement: when a rating the text states is the current inspection's, an earlier
one's, or no one's, and when an enforcement word is an action taken. Each rule on two invented
documents in CQC's wording at least, beside the same words placed where they are the current
inspection's, so a fix that drops every fact fails."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.records import ActionKind, DocumentRecord, Inspection


def _current(r: DocumentRecord) -> Inspection:
    return next(i for i in r.inspections if not i.is_previous)


def _kinds(r: DocumentRecord) -> set[ActionKind]:
    return {a.kind for i in r.inspections for a in i.actions} | {a.kind for a in r.actions}


# -- an action denied inside its own words ---------------------------------------------------------

_CARE_HOME = ("Ashdown Court\nCare home\nCare Quality Commission\n\nOverall rating: Requires improvement\n\n"
              "We inspected Ashdown Court on 3 May 2023. We found a breach of Regulation 12 (Safe care and treatment).\n\n{}\n")
_PRACTICE = ("Hollybank Surgery\nGP practice\nCare Quality Commission\n\nOverall rating: Inadequate\n\n"
             "We carried out an announced inspection at Hollybank Surgery on 14 February 2024. We found breaches of "
             "regulations 12 and 17.\n\n{}\n")


def test_conditions_denied_between_the_verb_and_the_word_are_no_action() -> None:
    for doc in (_CARE_HOME, _PRACTICE):
        for denial in ("We have imposed no conditions on the provider's registration. We have told the provider to "
                       "send us a report on how it will address the breach.",
                       "Conditions were not imposed on the provider's registration at this time.",
                       "We placed no restrictions on admissions to the service."):
            assert ActionKind.CONDITION not in _kinds(extract(doc.format(denial))), denial


def test_conditions_imposed_are_still_an_action() -> None:
    for doc in (_CARE_HOME, _PRACTICE):
        for taken in ("We have imposed conditions on the provider's registration.",
                      "We placed conditions on the provider's registration so that it must send us monthly reports."):
            assert ActionKind.CONDITION in _kinds(extract(doc.format(taken))), taken


# -- a list of services' ratings a note above gives to a dated earlier inspection ------------------

_AMBULANCE = """Riverside Ambulance Service NHS Trust
Inspection report

Date of inspection visit: 11 Jan to 23 Feb 2022
Date of publication: 12 May 2022

Ratings
Overall trust quality rating              Requires improvement
Are services safe?                        Inadequate

Overall summary
We inspected the emergency and urgent care service between 11 and 13 January 2022, unannounced.

We did not inspect the patient transport service at this inspection.
{note}
• Patient transport services – Good

What we found
Our rating of the trust went down.
"""

_HOSPITAL = """Westfield General Hospital
Inspection report

Date of inspection visit: 4 to 6 October 2022
Date of publication: 20 December 2022

Ratings
Overall rating for this location          Good
Are services safe?                        Requires improvement

Overall summary
We inspected urgent and emergency care and surgery at Westfield General Hospital.

We did not inspect maternity or medical care at this inspection.
{note}
• Maternity – Outstanding
• Medical care (including older people's care) – Good

Our findings
Staff treated patients with compassion.
"""


def test_services_listed_under_a_note_of_an_earlier_inspection_are_that_inspections_alone() -> None:
    for doc, services in ((_AMBULANCE, {"Patient transport services"}),
                          (_HOSPITAL, {"Maternity", "Medical care (including older people's care)"})):
        for note, day in (("Their ratings are from our inspection in June 2019:", "2019-06"),
                          ("These ratings are from our last inspection, published 3 May 2019:", "2019-05-03")):
            r = extract(doc.format(note=note))
            assert not any(x.service for x in _current(r).ratings), note
            earlier = [i for i in r.inspections if i.is_previous]
            assert len(earlier) == 1, note
            dated = earlier[0].start_date or earlier[0].publication_date
            assert dated is not None and dated.iso == day
            assert {x.service for x in earlier[0].ratings} == services


def test_services_listed_without_such_a_note_are_the_current_inspections() -> None:
    r = extract(_AMBULANCE.format(note="We rated the service as follows:"))
    assert "Patient transport services" in {x.service for x in _current(r).ratings}


# -- an inspection known by its publication, and a history's entries headed by their dates ---------

_MAPLE = """Maple House

Maple Care Group Ltd

Care home
Provides care for up to 30 people.

Overall rating: Good
Latest inspection: 2 March 2023

We carried out this unannounced inspection on 2 March 2023. The service was rated good overall.

{said}

Inspection history

{entries}
"""

_HOMECARE = """Brookside Homecare - Taunton

Brookside Support Services Limited

Homecare agency

Overall rating: Requires improvement
Latest inspection: 18 January 2024

Our inspection took place on 18 January 2024. We rated the service requires improvement overall.

{said}

History of this service

{entries}
"""

_SAID = ("At the inspection published in May 2022 the service was rated inadequate.",
         "From our inspection report published on 4 June 2021, the service was rated outstanding.")
_ENTRIES = ("7 April 2022 – Focused inspection\nWe looked at safe and well-led only. Safe and well-led were rated inadequate.\n\n"
            "3 and 4 November 2020 – Comprehensive inspection\nThe overall rating was outstanding. Caring was rated outstanding.",
            "June 2021 - Comprehensive inspection\nEffective was rated outstanding and safe was rated inadequate.")


def test_ratings_of_an_inspection_known_by_its_publication_or_in_a_dated_entry_are_not_the_current_ones() -> None:
    for doc, current in ((_MAPLE, "good"), (_HOMECARE, "requires-improvement")):
        for said in _SAID:
            for entries in _ENTRIES:
                r = extract(doc.format(said=said, entries=entries))
                now = {(x.key_question.value, x.value.value) for x in _current(r).ratings}
                assert now == {("overall", current)}, (said, entries, now)


def test_the_same_ratings_told_of_this_inspection_are_its_own() -> None:
    for doc in (_MAPLE, _HOMECARE):
        r = extract(doc.format(said="Safe and well-led were rated inadequate.", entries="None recorded."))
        now = {(x.key_question.value, x.value.value) for x in _current(r).ratings}
        assert {("safe", "inadequate"), ("well-led", "inadequate")} <= now, now


# -- an assessment dated by the span its summary states, not by its page's update ------------------

_ASSESSED = """{name}

Provider: {provider}
{kind}
CQC ID: 1-10293847561

Overall rating: Requires improvement
Updated 4 February 2025

Safe - Requires improvement (score 53%)
Effective - Good (score 63%)
Well-led - Requires improvement (score 50%)

About this assessment
{said} We visited the office on 29 October 2024.

We found a breach of Regulation 18 (Staffing).

Safe
Requires improvement
Score: 53%

Learning culture                                 3
Safeguarding                                     2
Safe and effective staffing                      1
"""


def test_an_assessment_is_dated_by_the_span_it_states_not_by_the_update() -> None:
    for name, provider, kind in (("Fairhaven Home Care – Reading", "Fairhaven Care Limited", "Homecare agency"),
                                 ("Linden Grove", "Linden Healthcare Ltd", "Care home")):
        for said in ("We assessed this service between 21 October 2024 and 2 December 2024.",
                     "We assessed the service from 21 October 2024 to 2 December 2024."):
            r = extract(_ASSESSED.format(name=name, provider=provider, kind=kind, said=said))
            now = _current(r)
            assert (now.start_date and now.start_date.iso, now.end_date and now.end_date.iso) == ("2024-10-21", "2024-12-02")
            assert now.summary_updated is not None and now.summary_updated.iso == "2025-02-04"
            assert [d.iso for d in now.visit_dates] == ["2024-10-29"]
            assert ("safe", "requires-improvement") in {(x.key_question.value, x.value.value) for x in now.ratings}


# -- a condition every registration of its kind has -----------------------------------------------

def test_a_condition_every_registration_has_is_no_action() -> None:
    for doc in (_CARE_HOME, _PRACTICE):
        for said in ("The practice is owned by a company and as a condition of registration must have a person "
                     "registered with the Care Quality Commission as the registered manager.",
                     "The service is run by a partnership and as one of the conditions of its registration must "
                     "have a registered manager in post."):
            assert ActionKind.CONDITION not in _kinds(extract(doc.format(said))), said
        taken = "As a result of our findings, we imposed a condition on the provider's registration."
        assert ActionKind.CONDITION in _kinds(extract(doc.format(taken)))


# -- requirement notices and the regulations cited after them -------------------------------------

_TRUST = """{name}
Inspection report

Date of inspection visit: 5 to 7 March 2019
Date of publication: 20 June 2019

Ratings
Overall trust quality rating              Requires improvement

Action we have taken

We issued three requirement notices to the trust. {related}

{after}
"""


def _notices(r: DocumentRecord) -> list[tuple[str | None, int | None]]:
    return sorted(((a.regulation.number if a.regulation else None), a.count) for i in r.inspections for a in i.actions
                  if a.kind is ActionKind.REQUIREMENT_NOTICE)


def test_regulations_cited_after_a_sentence_naming_none_are_not_the_notices() -> None:
    for name in ("Kennet Valley Hospitals NHS Foundation Trust", "North Wolds Community Health NHS Trust"):
        related = "Our action related to breaches of legal requirements at a trust-wide level and in medical care."
        after = ("We found a breach of regulation 12 (safe care and treatment), regulation 17 (good governance) "
                 "and regulation 18 (staffing).")
        assert _notices(extract(_TRUST.format(name=name, related=related, after=after))) == [(None, 3)]
        # the same regulations under a lead-in to their list are the notices'
        listed = "The regulations not met were:\n\nRegulation 12 Safe care and treatment\nRegulation 17 Good governance\nRegulation 18 Staffing"
        assert _notices(extract(_TRUST.format(name=name, related=related, after=listed))) == [
            ("12", None), ("17", None), ("18", None)]
