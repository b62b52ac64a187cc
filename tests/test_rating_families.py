"""Families of CQC wording and layout that state ratings and rating changes, each shown on two
invented documents in CQC's style at least: the change or rating the words state comes out, and
what they leave unstated (an earlier rating a "remains the same" only implies) stays absent."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, RatingChange, RatingValue

KQ = KeyQuestion
RC = RatingChange
RV = RatingValue


def _current(r: DocumentRecord) -> Inspection:
    return next(i for i in r.inspections if not i.is_previous)


def _earlier(r: DocumentRecord) -> list[Inspection]:
    return [i for i in r.inspections if i.is_previous]


def _changes(i: Inspection) -> dict[KeyQuestion, RatingChange]:
    return {c.key_question: c.change for c in i.changes}


def _ratings(i: Inspection) -> dict[KeyQuestion, RatingValue]:
    return {r.key_question: r.value for r in i.ratings if r.service is None and r.population_group is None}


# -- "Our rating of/for …" wrapped over lines, "remains the same" ----------------------------------

_HOSPICE_REPORT = """{provider}

{name}
Inspection report

{street}
Tel: 01234 567 890

Date of inspection visit: 1 March 2022
Date of publication: 11 April 2022

Overall rating for this location: Outstanding
Are services safe? Good
Are services effective? Outstanding
Are services caring? Outstanding
Are services responsive? Outstanding
Are services well-led? Good

We carried out a focused inspection looking at the safe, responsive and well-led key questions.

{said}
"""

_HOSPICES = (dict(provider="Marsh Lane Hospice Trust", name="Marsh Lane Hospice", street="4 Marsh Lane, Ely CB7 4AA"),
             dict(provider="St Brendan's Hospice Limited", name="St Brendan's Hospice",
                  street="Hill Road, Truro TR1 2AB"))


def test_our_rating_for_a_list_of_key_questions_remains_the_same() -> None:
    for doc in _HOSPICES:
        for said in ("Our rating for safe and responsive remains the same. Well-led has gone down from outstanding to\n"
                     "good.",
                     "Our rating of safe and responsive has remained the same. Well-led has gone down from outstanding\n"
                     "to good."):
            changes = _changes(_current(extract(_HOSPICE_REPORT.format(said=said, **doc))))
            assert changes.get(KQ.SAFE) is RC.STAYED_THE_SAME, said
            assert changes.get(KQ.RESPONSIVE) is RC.STAYED_THE_SAME, said
            assert changes.get(KQ.WELL_LED) is RC.WENT_DOWN, said


def test_our_rating_of_the_service_wrapped_over_two_lines() -> None:
    for doc in _HOSPICES:
        for said, change in (("We rated it as outstanding because of the care given. Our rating of the\nservice went down.",
                              RC.WENT_DOWN),
                             ("We rated it as outstanding. Our rating of this\nservice improved. We previously rated it good.",
                              RC.IMPROVED)):
            changes = _changes(_current(extract(_HOSPICE_REPORT.format(said=said, **doc))))
            assert changes.get(KQ.OVERALL) is change, said


def test_an_earlier_rating_a_remains_the_same_only_implies_stays_absent() -> None:
    for doc in _HOSPICES:
        text = _HOSPICE_REPORT.format(
            said="The ratings for effective and caring are from our comprehensive inspection in August 2017.\n\n"
                 "Our rating for safe and responsive remains the same. Well-led has gone down from outstanding to good.",
            **doc)
        for then in _earlier(extract(text)):
            assert KQ.SAFE not in _ratings(then) and KQ.RESPONSIVE not in _ratings(then)


# -- the last rating, then the new one ("has now deteriorated to", "Our rating … has changed to") --

_CARE_HOME_REPORT = """{provider}
{name}
Inspection report

{street}
Tel: 01632 960 111

Date of inspection visit: 5 November 2019
Date of publication: 20 December 2019

Ratings

Overall rating for this service       {now}

Is the service safe?         {now}

Overall summary

{name} is a care home providing personal care to 30 people.

Rating at last inspection and update
{said}
"""

_HOMES = (dict(provider="Oakleigh Care Ltd", name="Oakleigh House", street="12 Station Road, Leek ST13 5AA"),
          dict(provider="Brookfield Homes Limited", name="Brookfield Lodge", street="3 Mill Lane, Bury BL9 0AB"))


def test_the_last_rating_then_the_new_one() -> None:
    for doc in _HOMES:
        for said, now, change in (
                ("The last rating for this service was requires improvement (published 12 March 2019).\n"
                 "The service has now deteriorated to inadequate.", "Inadequate", RC.WENT_DOWN),
                ("The last rating for this service was good (published 9 April 2018).\n"
                 "Our rating for this service has changed to requires improvement.", "Requires improvement", RC.WENT_DOWN),
                ("The last rating for this service was requires improvement (published 9 April 2018).\n"
                 "The service has improved to good.", "Good", RC.IMPROVED)):
            changes = _changes(_current(extract(_CARE_HOME_REPORT.format(said=said, now=now, **doc))))
            assert changes.get(KQ.OVERALL) is change, said


def test_the_last_inspection_rated_then_the_rating_has_gone_down_to() -> None:
    for doc in _HOMES:
        said = ("At our last inspection the service was rated good overall. The rating has gone down to\n"
                "requires improvement.")
        changes = _changes(_current(extract(_CARE_HOME_REPORT.format(said=said, now="Requires improvement", **doc))))
        assert changes.get(KQ.OVERALL) is RC.WENT_DOWN


# -- the new rating, then the old one it changed from ----------------------------------------------

_ASSESSMENT = """{name}

Overall: {now} read more about inspection ratings

{street}

Provided and run by:
{provider}

Latest assessment

Assessment

Updated 19 November 2024

Date of assessment: 3 September 2024 to 11 October 2024

{name} is a care home providing personal care for up to 26 older people.

{said}
"""


def test_a_change_from_our_last_inspection_when_the_service_was_rated() -> None:
    for doc in _HOMES:
        for now, said, change in (
                ("Requires improvement", "The service scored 54 out of 100 overall and is rated requires improvement. This is a "
                 "change from our last inspection in February 2022, when the service was rated good.", RC.WENT_DOWN),
                ("Good", "The service is now rated good. This is a change from our previous inspection, when it was rated "
                 "requires improvement.", RC.IMPROVED)):
            changes = _changes(_current(extract(_ASSESSMENT.format(now=now, said=said, **doc))))
            assert changes.get(KQ.OVERALL) is change, said


def test_has_improved_and_is_now_rated() -> None:
    for doc in _HOMES:
        for now, said, change in (
                ("Good", "At this assessment, the service has improved and is now rated good overall.", RC.IMPROVED),
                ("Inadequate", "At this assessment, the home has deteriorated and is now rated inadequate overall.", RC.WENT_DOWN)):
            changes = _changes(_current(extract(_ASSESSMENT.format(now=now, said=said, **doc))))
            assert changes.get(KQ.OVERALL) is change, said


_RELEASE = """{name} rated {now_word} by CQC

Press release | 14 January 2020

{body}
"""


def test_a_release_s_improvement_from_its_previous_rating() -> None:
    for doc in _HOMES:
        for body, change in (
                (f"{doc['name']}, a care home for up to 24 people run by {doc['provider']}, has been rated Good overall and in every "
                 "key question, an improvement from its previous rating of Requires Improvement. Inspectors visited on "
                 "17 December 2019.", RC.IMPROVED),
                (f"{doc['name']}, which is run by {doc['provider']}, is now rated Requires Improvement overall, following an "
                 "inspection on 10 December 2019.\n\nThe home was previously rated Good after an inspection in "
                 "February 2018.", RC.WENT_DOWN)):
            r = extract(_RELEASE.format(now_word="good", body=body, **doc))
            assert change in {c.change for i in r.inspections for c in i.changes if c.key_question is KQ.OVERALL}, body


def test_an_improvement_said_of_an_earlier_inspection_is_no_change_now() -> None:
    for doc in _HOMES:
        said = ("At our last inspection the service was rated requires improvement overall, an improvement from its previous "
                "rating of inadequate. We rated the service requires improvement.")
        changes = _changes(_current(extract(_ASSESSMENT.format(now="Requires improvement", said=said, **doc))))
        assert KQ.OVERALL not in changes


# -- key questions kept at their rating: "remained good in effective and caring" -----------------

_LOCATION_PAGE = """• Care home

{name}

Overall: {now} read more about inspection ratings

{street}

Provided and run by:
{provider}

All Inspections

26 and 27 September 2017

During a routine inspection

This inspection took place on 26 and 27 September 2017 and was unannounced.

{said}

15 July 2015

During a routine inspection

This inspection took place on 15 July 2015.
"""


def test_the_service_remained_good_in_key_questions() -> None:
    for doc in _HOMES:
        for said in ("At this inspection we found the service had improved to outstanding. The service remained good in "
                     "effective and caring. Responsive and well-led are rated outstanding.",
                     "We rated the service outstanding overall. The home remains rated good for being effective and caring."):
            now = _current(extract(_LOCATION_PAGE.format(now="Outstanding", said=said, **doc)))
            assert _ratings(now).get(KQ.EFFECTIVE) is RV.GOOD and _ratings(now).get(KQ.CARING) is RV.GOOD, said
            assert _changes(now).get(KQ.EFFECTIVE) is RC.STAYED_THE_SAME, said
            assert _changes(now).get(KQ.CARING) is RC.STAYED_THE_SAME, said


def test_the_ratings_for_key_questions_remain() -> None:
    for doc in _HOMES:
        said = ("We rated the service requires improvement overall. The ratings for caring and responsive remain good, as these "
                "areas were not looked at during this inspection.")
        now = _current(extract(_LOCATION_PAGE.format(now="Requires improvement", said=said, **doc)))
        assert _changes(now).get(KQ.CARING) is RC.STAYED_THE_SAME
        assert _changes(now).get(KQ.RESPONSIVE) is RC.STAYED_THE_SAME


# -- a change stated by the earlier rating alone: "have gone down from good" ----------------------

def test_key_questions_gone_down_from_an_earlier_rating() -> None:
    for doc in _HOMES:
        for said, kqs, change in (
                ("We rated the service requires improvement. Safe, effective and well-led have gone down from good.",
                 (KQ.SAFE, KQ.EFFECTIVE, KQ.WELL_LED), RC.WENT_DOWN),
                ("We rated the service good overall. Caring is rated outstanding, and well-led has improved from "
                 "requires improvement.", (KQ.WELL_LED,), RC.IMPROVED)):
            changes = _changes(_current(extract(_LOCATION_PAGE.format(now="Good", said=said, **doc))))
            assert all(changes.get(kq) is change for kq in kqs), said


# -- ratings carried over: in the key questions' order, on a row after the rating, marked in a table

_FOCUSED_PAGE = """• Hospital

{name}

Overall: Inadequate read more about inspection ratings

{street}

Provided and run by:
{provider}

All Inspections

12 to 14 April 2022

During an inspection looking at part of the service

We carried out this unannounced focused inspection because we received information of concern. We inspected the
safe and well-led key questions only.

Our rating of this location went down. We rated it as inadequate.

We rated safe and well-led as inadequate. {kept}

August 2020

During a routine inspection

This inspection took place in August 2020.
"""


def _carried(i: Inspection) -> dict[KeyQuestion, RatingValue]:
    return {r.key_question: r.value for r in i.ratings if r.carried_over}


def test_kept_ratings_in_the_key_questions_order() -> None:
    for doc in _HOMES:
        for kept, want in (
                ("The ratings for effective, caring and responsive were not changed and remain requires improvement, good and "
                 "requires improvement from our previous inspection in August 2020.",
                 {KQ.EFFECTIVE: RV.REQUIRES_IMPROVEMENT, KQ.CARING: RV.GOOD, KQ.RESPONSIVE: RV.REQUIRES_IMPROVEMENT}),
                ("The ratings for effective and caring were not reviewed and remain good from our last inspection.",
                 {KQ.EFFECTIVE: RV.GOOD, KQ.CARING: RV.GOOD})):
            r = extract(_FOCUSED_PAGE.format(kept=kept, **doc))
            assert _carried(_current(r)) == want, kept
            assert all(_ratings(then).get(kq) is v for then in _earlier(r) for kq, v in want.items()), kept


def test_kept_ratings_whose_count_differs_from_the_key_questions_give_none() -> None:
    for doc in _HOMES:
        kept = ("The ratings for effective, caring and responsive were not changed and remain requires improvement and good "
                "from our previous inspection in August 2020.")
        assert _carried(_current(extract(_FOCUSED_PAGE.format(kept=kept, **doc)))) == {}


_SERVICE_PAGE = """{name}

Provider: {provider}
Homecare agency
{street}
Phone: 01793 432 608
CQC ID: 1-14988201733

Overall rating: Requires improvement
Updated 4 February 2025

Safe - Requires improvement (score 53%)
Effective - Good (score 63%)
{rows}
Well-led - Requires improvement (score 50%)

About this assessment
We assessed this service between 21 October 2024 and 2 December 2024. We visited the office
on 29 October 2024.

Safe
Requires improvement
Score: 53% - We found shortfalls in how staff were deployed.

Learning culture                                 3
Safe systems, pathways and transitions           2
"""


def test_a_key_question_row_rated_then_not_assessed() -> None:
    for doc in _HOMES:
        for rows in ("Caring - Good. Not assessed. Rating from our last inspection.\n"
                     "Responsive - Outstanding. Not assessed. Rating from our last inspection.",
                     "Caring: Good (not inspected – rating from our previous inspection)\n"
                     "Responsive: Outstanding (not inspected – rating from our previous inspection)"):
            now = _current(extract(_SERVICE_PAGE.format(rows=rows, **doc)))
            assert _carried(now) == {KQ.CARING: RV.GOOD, KQ.RESPONSIVE: RV.OUTSTANDING}, rows


_LATEST_ASSESSMENT = """• Care Home

{name}

Overall: Requires improvement read more about inspection ratings

{street}

Provided and run by:
{provider}

Latest assessment

Assessment

Updated 19 November 2024

Date of assessment: 3 September 2024 to 11 October 2024

{name} is a residential care home providing personal care for up to 26 older people.

The service is rated requires improvement.

Key question | Rating | Score
Safe | Requires improvement | 47%
Effective | Good | 63%
Caring | {caring}* | –
Responsive | Good* | –
Well-led | Requires improvement | 50%

{note}

Safe

Requires improvement
"""


def test_a_table_s_rows_with_bars_and_marked_rows_carried_over() -> None:
    for doc in _HOMES:
        for caring, note in (("Good", "* Rating from our previous inspection (published 4 April 2022)"),
                             ("Outstanding", "* Caring and responsive were not assessed. The ratings are from our previous "
                                             "inspection.")):
            now = _current(extract(_LATEST_ASSESSMENT.format(caring=caring, note=note, **doc)))
            assert _ratings(now).get(KQ.WELL_LED) is RV.REQUIRES_IMPROVEMENT, note
            assert _carried(now) == {KQ.CARING: RV(caring.lower()),
                                     KQ.RESPONSIVE: RV.GOOD}, note
            assert {r.key_question: r.score_percent for r in now.ratings}.get(KQ.WELL_LED) == 50, note


# -- a hospital's services: their changes with the new rating, and earlier ratings noted above ----

_HOSPITAL_SUMMARY = """• Hospital
  • NHS hospital

{name}

Overall: Requires improvement read more about inspection ratings

{street} 01706 817 000

Provided and run by:
{provider}

Latest inspection summary

Overall summary & rating

Requires improvement

Updated 20 September 2018

Our rating of services went down. We rated them as requires improvement because:

  • We rated safe, effective and well-led as requires improvement, and caring and responsive as good.
  • {first}
  • {second}

We inspected urgent and emergency care, medical care and surgery between 3 and 5 July 2018.

We did not inspect critical care or end of life care at this inspection. {note}

  • Critical care – Good
  • End of life care – Requires improvement

Are services at this hospital safe?
Requires improvement
"""

_HOSPITALS = (dict(name="Pennine Moor General Hospital", street="Burnley Road, Todmorden, OL14 7BQ",
                   provider="Calder & Pennine Hospitals NHS Trust"),
              dict(name="Wolds View Hospital", street="Beverley Road, Driffield, YO25 6RT",
                   provider="East Riding Hospitals NHS Foundation Trust"))


def _services(i: Inspection) -> dict[str, RatingValue]:
    return {r.service.lower(): r.value for r in i.ratings if r.service and r.key_question is KQ.OVERALL}


def test_a_service_s_change_with_its_new_rating() -> None:
    for doc in _HOSPITALS:
        for first, second, want in (
                ("Urgent and emergency care went down to inadequate. Patients waited too long.", "Surgery improved to good.",
                 {"urgent and emergency care": RV.INADEQUATE, "surgery": RV.GOOD}),
                ("Medical care (including older people's care) stayed the same at requires improvement.",
                 "Maternity has gone down to requires improvement.",
                 {"medical care (including older people's care)": RV.REQUIRES_IMPROVEMENT,
                  "maternity": RV.REQUIRES_IMPROVEMENT})):
            text = _HOSPITAL_SUMMARY.format(first=first, second=second, note="", **doc)
            got = _services(_current(extract(text)))
            assert {k: got.get(k) for k in want} == want, first


def test_services_rated_at_an_earlier_inspection_noted_at_a_paragraph_s_end() -> None:
    for doc in _HOSPITALS:
        for note in ("The ratings for these services are from our inspection in October 2016:",
                     "The ratings for those services are from our last inspection in October 2016:"):
            r = extract(_HOSPITAL_SUMMARY.format(first="Surgery improved to good.", second="Maternity was rated good.",
                                                 note=note, **doc))
            assert "critical care" not in _services(_current(r)), note
            assert any(_services(then).get("critical care") is RV.GOOD for then in _earlier(r)), note


# -- "(Previous inspection <date> – <rating>)": not rated, or wrapped over a line ------------------

_GP_SUMMARY = """• {kind}

{name}

Overall: Requires improvement read more about inspection ratings

{street} 0114 296 3371

Provided and run by:
{provider}

Latest inspection summary

Overall summary & rating

Requires improvement

Updated 6 January 2021

This service is rated as Requires improvement overall. {bracket}

The key questions are rated as:

Are services safe? – Requires improvement

Are services effective? – Good
"""

_SERVICES = (dict(kind="Remote clinical advice", name="QuickScript Doctor Online", street="82 Pitt Street, Sheffield, S1 4DZ",
                  provider="QSD Health Ltd"),
             dict(kind="Doctors/GPs", name="Brambleside Surgery", street="14 Bramble Road, Leeds, LS6 2AB",
                  provider="Dr A Khan and Partners"))


def test_an_earlier_inspection_not_rated_in_the_bracket() -> None:
    for doc in _SERVICES:
        for bracket, when in (("(Previous inspection March 2019 – Not rated)", "2019-03"),
                              ("(Previous rating 11 April 2017 - Not rated)", "2017-04-11")):
            r = extract(_GP_SUMMARY.format(bracket=bracket, **doc))
            then = [i for i in _earlier(r) if i.start_date and i.start_date.iso == when]
            assert then and _ratings(then[0]).get(KQ.OVERALL) is RV.NOT_RATED, bracket
            assert _ratings(_current(r)).get(KQ.OVERALL) is RV.REQUIRES_IMPROVEMENT, bracket


def test_the_bracket_wrapped_over_a_line() -> None:
    for doc in _SERVICES:
        for bracket, value in (("(Previous rating April 2016 –\nGood)", RV.GOOD),
                               ("(Previous inspection April 2016 –\nOutstanding)", RV.OUTSTANDING)):
            r = extract(_GP_SUMMARY.format(bracket=bracket, **doc))
            then = [i for i in _earlier(r) if i.start_date and i.start_date.iso == "2016-04"]
            assert then and _ratings(then[0]).get(KQ.OVERALL) is value, bracket


# -- "The service remained good." in a sentence of its own ----------------------------------------

def test_the_service_remained_at_its_rating() -> None:
    for doc in _HOMES:
        for said, value in (("People told us they felt safe.\n\nThe service remained good.", RV.GOOD),
                            ("People told us they felt safe.\n\nThis home remains outstanding.", RV.OUTSTANDING)):
            now = _current(extract(_LOCATION_PAGE.format(now=value.label, said=said, **doc)))
            assert _ratings(now).get(KQ.OVERALL) is value, said
            assert _changes(now).get(KQ.OVERALL) is RC.STAYED_THE_SAME, said


# -- a location's rating listed under a provider page, with its report's day or its assessment ----

_PROVIDER_PAGE = """Care Quality Commission
Find and compare services > Provider

{provider}

Provider ID: 1-901266345
Registered office: {street}
Telephone: 01226 770 418

Locations run by this provider: 3

{first}
Care home with nursing. 64 beds.
Dodworth Road, Barnsley S75 2TN
Overall rating: Good
Last inspected: 18 July 2023

{second}
Care home. Specialisms: dementia.
112 Park Road, Worsbrough, Barnsley S70 5BQ
Overall rating: Requires improvement
Last inspected: 2 February 2023
Report published: 29 March 2023

{third}
Homecare agency
Suite 3, Moorgate Chambers, Moorgate Street, Rotherham S60 2AJ
Overall rating: Outstanding
Assessed: 11 November 2024

Summary for this provider
{provider} is registered to provide the regulated activities of personal care.
"""

_GROUPS = (dict(provider="Hollybrook Care Group Limited", street="4 Regent Street, Barnsley S70 2EG",
                first="Hollybrook Court", second="Hollybrook View", third="Hollybrook Home Support"),
           dict(provider="Penrose Healthcare Ltd", street="1 Castle Street, Bolton BL1 1AA",
                first="Penrose Manor", second="Penrose Gardens", third="Penrose Care at Home"))


def test_a_listed_service_s_inspection_with_its_own_publication() -> None:
    for doc in _GROUPS:
        r = extract(_PROVIDER_PAGE.format(**doc))
        names = [loc.name for loc in r.locations]
        by_place = {names[i.location]: i for i in r.inspections if i.location is not None}
        second = by_place[doc["second"]]
        assert second.start_date and second.start_date.iso == "2023-02-02"
        assert second.publication_date and second.publication_date.iso == "2023-03-29"
        assert _ratings(second) == {KQ.OVERALL: RV.REQUIRES_IMPROVEMENT}
        third = by_place[doc["third"]]
        assert third.start_date and third.start_date.iso == "2024-11-11" and _ratings(third) == {KQ.OVERALL: RV.OUTSTANDING}
        assert doc["first"] not in by_place  # "Last inspected" alone is the service's own day


# -- a trust's release listing its core services after a colon ------------------------------------

_TRUST_RELEASE = """Improvements at {trust} lead to Good rating

Published: 2 February 2022

The Care Quality Commission (CQC) has rated {trust} as good overall following an inspection in October 2021.

Inspectors carried out unannounced inspections of {count} core services between 12 and 14 October 2021.

The {count} core services inspected were rated as follows:

  • {first}: improved from requires improvement to good
  • {second}: rated good, which was unchanged
  • {third}: rated requires improvement, the first time this service has been rated

CQC found the trust had breached a regulation relating to safe care and treatment.
"""

_TRUSTS = (dict(trust="Severn Vale Community Health NHS Trust", count="three", first="Community health services for adults",
                second="Community inpatient services", third="Urgent care"),
           dict(trust="Tamar Valley Mental Health NHS Foundation Trust", count="three",
                first="Wards for older people with mental health problems", second="Child and adolescent mental health wards",
                third="Community-based mental health services for adults of working age"))


def test_a_trust_s_core_services_listed_after_a_colon() -> None:
    for doc in _TRUSTS:
        r = extract(_TRUST_RELEASE.format(**doc))
        got = {r_.service.lower(): r_.value for i in r.inspections if not i.is_previous
               for r_ in i.ratings if r_.service and r_.key_question is KQ.OVERALL}
        assert got == {doc["first"].lower(): RV.GOOD, doc["second"].lower(): RV.GOOD,
                       doc["third"].lower(): RV.REQUIRES_IMPROVEMENT}, doc["trust"]


# -- a current rating compared with the last inspection's in a clause after it --------------------

def test_a_rating_the_same_as_at_the_last_inspection_is_current() -> None:
    for doc in _HOSPITALS:
        for first in ("Maternity was rated requires improvement, which was the same as at our last inspection.",
                      "Critical care was rated good, unchanged from our previous inspection."):
            got = _services(_current(extract(_HOSPITAL_SUMMARY.format(first=first, second="Surgery improved to good.",
                                                                      note="", **doc))))
            service = first.split(" was rated")[0].lower()
            assert service in got, first


def test_a_rating_of_the_last_inspection_stays_earlier() -> None:
    for doc in _HOSPITALS:
        first = "At our last inspection maternity was rated requires improvement."
        got = _services(_current(extract(_HOSPITAL_SUMMARY.format(first=first, second="Surgery improved to good.",
                                                                  note="", **doc))))
        assert "maternity" not in got
