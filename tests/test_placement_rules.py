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
