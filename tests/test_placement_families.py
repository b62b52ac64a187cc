"""Families of CQC wording and layout that put a fact on the wrong subject, service or time, or
invent one: each family on two invented documents in CQC's style at least, beside the same words
where they are a fact, so a fix that drops every fact fails."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.extract.context import guidance_page
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, RatingValue


def _current(r: DocumentRecord) -> Inspection:
    return next(i for i in r.inspections if not i.is_previous)


def _kinds(r: DocumentRecord) -> set[str]:
    return {a.kind.value for i in r.inspections for a in i.actions} | {a.kind.value for a in r.actions}


def _ratings(r: DocumentRecord) -> set[tuple[str, str]]:
    return {(x.key_question.value, x.value.value) for i in r.inspections for x in i.ratings}


# -- a guidance page whose findings are only supposed ("where we have found a breach") ----------------

_GUIDANCE_PAGES = (
    """You are here

Taking action: warning notices

A warning notice is one of the enforcement powers we can use. We may serve a warning notice where we have
found a breach of regulation and we consider the provider needs to make significant improvements.

We will check whether the provider has complied with the warning notice by the date it gives.

If a provider does not comply, we may:

  • propose to impose conditions on their registration
  • suspend their registration
  • prosecute them for failing to comply with regulation 12
""",
    """Special measures

We use special measures for services rated inadequate. We can place a service in special measures when we
have found that its care is inadequate. If we have found that it has not improved, we may cancel its
registration or serve a notice of proposal to cancel.

We will inspect a service in special measures again within six months.
""",
)


def test_a_guidance_page_whose_findings_are_only_supposed_states_no_action() -> None:
    for page in _GUIDANCE_PAGES:
        r = extract(page)
        assert not _kinds(r) and not r.inspections, page[:60]


def test_a_page_that_states_what_was_found_is_no_guidance_page() -> None:
    for page in _GUIDANCE_PAGES:
        assert guidance_page(page)
        assert not guidance_page(page + "\nAt Oak Lodge we found a breach of regulation 12. We served a warning notice.\n")


_PROSECUTION_RELEASES = (
    """Care provider fined after resident was scalded

Published: 14 March 2024

A Leicestershire care provider has been fined £16,000 following a prosecution by the Care Quality
Commission (CQC) after a resident was badly scalded in a bath at one of its homes.

Meadowbank Care Ltd pleaded guilty at Leicester Magistrates' Court on 12 March 2024 to failing to provide
safe care and treatment, resulting in avoidable harm to a resident of Meadowbank House in Hinckley.

The company was also ordered to pay costs of £4,520.30 and a victim surcharge of £190.

Jane Foster, CQC's deputy director of enforcement, said: "People should be safe when they receive care.
We will not hesitate to use our powers to hold providers to account where people are exposed to harm.

"We can prosecute providers that fail to keep people safe, and where we find that care falls short we
will act."
""",
    """Dental practice owner sentenced for providing treatment while unregistered

Published: 2 October 2023

The owner of a dental practice in Swindon has been sentenced after CQC brought a prosecution against him
for carrying on a regulated activity without being registered.

Mr Peter Hale was fined £2,000 at Swindon Magistrates' Court on 28 September 2023 after pleading guilty
to the offence. He was ordered to pay costs of £3,100.

We will always take action when a provider puts people at risk. We can prosecute anyone who carries on
a regulated activity without registration.
""",
)


def test_a_prosecution_release_is_no_guidance_page() -> None:
    """A release about a court's decision says what CQC can do and would do, and finds nothing in
    CQC's own words: its facts are the court's (pleaded guilty, fined, sentenced), which are things
    done, so it is no guidance page and its prosecution is read."""
    for release in _PROSECUTION_RELEASES:
        assert not guidance_page(release), release[:40]
        assert "prosecution" in _kinds(extract(release)), release[:40]


# -- a rating of any service of a kind ("A home rated inadequate is placed in special measures") ------

_ADVICE_PAGES = (
    """Choosing a care home

Check the inspection rating

All care homes must be registered with the Care Quality Commission (CQC). A home rated inadequate is placed in
special measures and CQC will inspect it again within six months. A home rated requires improvement is
inspected again within 12 months. If CQC has found a breach of regulation 12, the report will say so.
""",
    """Finding a GP practice

The Care Quality Commission (CQC) inspects every practice. Any practice rated inadequate overall is placed in
special measures. Practices rated good are inspected less often. CQC's reports say what it found.
""",
)


def test_a_rating_of_any_service_of_a_kind_is_no_rating() -> None:
    for page in _ADVICE_PAGES:
        assert not _ratings(extract(page)), page[:40]


def test_a_named_service_rated_in_the_same_words_keeps_its_rating() -> None:
    for name in ("Oak Lodge", "Hollybank Surgery"):
        text = (f"{name}\nCare Quality Commission\n\nWe inspected {name} on 3 May 2023. "
                f"{name} was rated inadequate and is placed in special measures.\n")
        r = extract(text)
        assert (KeyQuestion.OVERALL, RatingValue.INADEQUATE) in {(x.key_question, x.value) for x in _current(r).ratings}


# -- an earlier inspection read twice: once with no subject, once as the page's -----------------------

_SUMMARY = """• Doctors/GPs

{name}

Overall: Requires improvement read more about inspection ratings

{address}

Provided and run by:
{name}

Latest inspection summary

Overall summary & rating

Requires improvement

Updated 15 August 2023

We carried out an announced focused inspection at {name} on 26 June 2023. Overall, the practice is rated as requires improvement.

Safe - requires improvement

Effective - requires improvement

Caring - good (not inspected)

Responsive - good

Well-led - requires improvement

Following our previous inspection on {earlier}, the practice was rated good overall and for all key questions.
"""


def test_an_earlier_inspection_the_summary_dates_is_one_inspection_of_the_page() -> None:
    for name, address, earlier, iso in (
            ("Brookfield Medical Group", "The Health Centre, 1 Mill Lane, Warsash, Southampton, SO31 9FH 01489 570 822",
             "2 March 2017", "2017-03-02"),
            ("Ashby Road Surgery", "14 Ashby Road, Loughborough, Leicestershire, LE11 3AA 01509 263 000",
             "12 October 2016", "2016-10-12")):
        r = extract(_SUMMARY.format(name=name, address=address, earlier=earlier))
        before = [i for i in r.inspections if i.start_date and i.start_date.iso == iso]
        assert len(before) == 1 and before[0].is_previous
        assert before[0].location == _current(r).location is not None
        assert (KeyQuestion.OVERALL, RatingValue.GOOD) in {(x.key_question, x.value) for x in before[0].ratings}
        assert (KeyQuestion.OVERALL, RatingValue.REQUIRES_IMPROVEMENT) in {(x.key_question, x.value) for x in _current(r).ratings}


# -- names: an assessment page's headings above the name, "<name> – Assessment" ---------------------

_ASSESSMENT_PAGE = """Latest assessment

Assessment

Updated 4 June 2025

{name} – Assessment

Provided and run by: {provider}

Date of assessment: 7 April 2025 to 6 May 2025

Safe - Requires improvement (score 52%)
Effective - Good (score 66%)
Caring - Good (score 72%)
Responsive - Good (score 70%)
Well-led - Requires improvement (score 50%)

Overall - Requires improvement (score 58%)

{name} is a domiciliary care service providing personal care to people living in their own homes.
"""


def test_an_assessment_pages_headings_above_its_name_are_no_name() -> None:
    for name, provider in (("Care at Home Team (Rotherham)", "Dearne & Don Domiciliary Services Ltd"),
                           ("Willow Homecare", "Willow Care Partners Limited")):
        r = extract(_ASSESSMENT_PAGE.format(name=name, provider=provider))
        assert [x.name for x in r.locations] == [name]
        assert [x.name for x in r.providers] == [provider]
        assert all(i.location == 0 for i in r.inspections)


# -- names: "We carried out this assessment of <name> between …" --------------------------------------

_NEW_APPROACH = """During an assessment under our new approach

We carried out this assessment of {name} between 14 January 2025 and 30 January 2025, with a site visit on
21 January 2025. We assessed all 5 key questions.

At this assessment, the practice is rated good overall. We rated safe, effective, caring, responsive and
well-led as good.
"""


def test_the_service_an_assessment_was_carried_out_of_is_named() -> None:
    for name in ("Chalkhill Family Practice", "Moor Lane Dental Care"):
        r = extract(_NEW_APPROACH.format(name=name))
        assert [x.name for x in r.locations] == [name]
        assert _current(r).location == 0
    assert not extract(_NEW_APPROACH.format(name="this service")).locations


# -- names: a review of compliance copied under its page's trail ---------------------------------------

_REVIEW = """{trail}

Review of compliance

{name}
Region: East Midlands
Location address: 27 Chesterfield Road, Matlock, Derbyshire, DE4 3FT
Type of service: Care home service without nursing
Date of Publication: February 2012
Overview of the service: {name} is registered to provide accommodation and personal care for up to 22 older people.

Summary of our findings for the essential standards of quality and safety

Our current overall judgement
{name} was not meeting one or more essential standards. Improvements are needed.
"""


def test_a_review_of_compliance_under_its_pages_trail_names_its_location() -> None:
    for trail, name in (("You are here", "Meadowbank Residential Home"), ("Home > Find a service", "Ashlea Court")):
        r = extract(_REVIEW.format(trail=trail, name=name))
        assert [x.name for x in r.locations] == [name]


# -- names: a release's service placed on its street ("which runs Bayview House on Kirkley Cliff Road") --

def test_a_service_placed_on_its_street_is_named_without_it() -> None:
    for provider, name, street in (("Bayview Care Services Limited", "Bayview House", "Kirkley Cliff Road"),
                                   ("Elmfield Healthcare Ltd", "Elmfield Lodge", "Station Lane")):
        text = (f"Care provider fined after resident was scalded\n\nPublished: 9 October 2024\n\n"
                f"{provider}, which runs {name} on {street}, pleaded guilty at Norwich Magistrates' Court on "
                f"3 October 2024 to failing to provide safe care and treatment. The Care Quality Commission (CQC) "
                f"brought the prosecution.\n")
        r = extract(text)
        assert [x.name for x in r.locations] == [name]
        assert [x.name for x in r.providers] == [provider]


# -- names: a dental or GP report's background, "<name> is in <town> and provides …" -------------------

_DENTAL = """Inspection carried out on 11 September 2019

During a routine inspection

We carried out this announced inspection on 11 September 2019 under Section 60 of the Health and Social Care
Act 2008 as part of our regulatory functions.

Background

{name} is in {town} and provides NHS and private dental care and treatment for adults and children.

The dental team includes four dentists and five dental nurses.
"""


def test_a_practice_described_by_its_town_and_what_it_provides_is_named() -> None:
    for name, town in (("O'Neill & Partners Dental Care", "Kettering"), ("Castle Hill Dental Practice", "Hinckley")):
        r = extract(_DENTAL.format(name=name, town=town))
        assert [x.name for x in r.locations] == [name]
        assert all(i.location == 0 for i in r.inspections)
    # a sentence that describes no practice by its town names none
    assert not extract(_DENTAL.format(name="The practice", town="Kettering")).locations


# -- services not inspected, their ratings dated earlier by the paragraph's last sentence --------------

_HOSPITAL = """• Hospital
  • NHS hospital

{name}

Overall: Requires improvement read more about inspection ratings

Burnley Road, Todmorden, West Yorkshire, OL14 7BQ 01706 817 000

Provided and run by:
{trust}

Latest inspection summary

Overall summary & rating

Requires improvement

Updated 20 September 2018

Our rating of services went down. We rated them as requires improvement because:

  • We rated safe, effective and well-led as requires improvement, and caring and responsive as good.
  • Maternity was rated good.

We inspected urgent and emergency care, medical care and maternity between 3 and 5 July 2018.

We did not inspect critical care or end of life care at this inspection. {note}

  • Critical care – Good
  • End of life care – Requires improvement

Following this inspection we told the trust that it must take 9 actions to comply with its legal obligations.
"""


def test_services_not_inspected_keep_their_ratings_on_the_earlier_inspection() -> None:
    for name, trust, note, iso in (
            ("Pennine Moor General Hospital", "Calder & Pennine Hospitals NHS Trust",
             "The ratings for these services are from our inspection in October 2016:", "2016-10"),
            ("Eastwick Royal Hospital", "Eastwick Hospitals NHS Foundation Trust",
             "The ratings for the other services are from our inspection in March 2017:", "2017-03")):
        r = extract(_HOSPITAL.format(name=name, trust=trust, note=note))
        now = {x.service for x in _current(r).ratings if x.service}
        assert "Maternity" in now and not now & {"Critical care", "End of life care"}
        before = next(i for i in r.inspections if i.is_previous and i.start_date and i.start_date.iso == iso)
        assert {x.service for x in before.ratings} == {"Critical care", "End of life care"}


# -- a trust's inspection in parts: its well-led review after its core services ------------------------

_TRUST_RELEASE = """{trust} rated good

Published: 2 February 2022

The Care Quality Commission (CQC) has rated {trust} as good overall following an inspection.

Inspectors carried out unannounced inspections of three core services between 12 and 14 October 2021, and
{part}.

It was rated good for being effective, caring, responsive and well-led.
"""


def test_a_trusts_well_led_review_after_its_core_services_ends_its_inspection() -> None:
    for trust, part, iso in (
            ("Severn Valley Community Health NHS Trust", "inspected how well-led the trust was between 16 and 18 November 2021",
             "2021-11-18"),
            ("Eastwick Mental Health NHS Foundation Trust", "the well-led inspection of the trust took place on 9 and 10 November 2021",
             "2021-11-10")):
        i = _current(extract(_TRUST_RELEASE.format(trust=trust, part=part)))
        assert i.start_date and i.start_date.iso == "2021-10-12"
        assert i.end_date and i.end_date.iso == iso
    plain = _current(extract(_TRUST_RELEASE.format(trust="Severn Valley Community Health NHS Trust",
                                                   part="spoke with staff about the trust's leadership")))
    assert plain.end_date and plain.end_date.iso == "2021-10-14"


# -- rating changes in more of CQC's words ------------------------------------------------------------

def _changes(text: str) -> set[tuple[str, str]]:
    return {(c.key_question.value, c.change.value) for i in extract(text).inspections if not i.is_previous for c in i.changes}


_ASC_REPORT = """{name}
Inspection report

12 High Street, Ashcombe, Devon EX1 2AB

Date of inspection visit: 12 March 2019
Date of publication: 30 April 2019

Overall rating for this service    Inadequate

Rating at last inspection and update
The last rating for this service was {old} (published 12 March 2018).
{sentence}
"""


def test_the_service_has_now_changed_to_a_rating_after_its_last_rating() -> None:
    for name, old, sentence, change in (
            ("Ashcombe Grange", "requires improvement", "The service has now deteriorated to inadequate.", "went-down"),
            ("Beech House", "inadequate", "The service has now improved to requires improvement.", "improved")):
        assert ("overall", change) in _changes(_ASC_REPORT.format(name=name, old=old, sentence=sentence))


_RELEASE = """{title}

Published: 2 February 2022

The Care Quality Commission (CQC) has {sentence} following an inspection between 12 and 14 October 2021.
"""


def test_an_overall_change_stated_beside_the_new_rating() -> None:
    for sentence, change in (
            ("rated Severn Valley Community Health NHS Trust as good overall, an improvement from requires improvement",
             "improved"),
            ("rated Eastwick Lodge inadequate overall, down from good", "went-down")):
        assert ("overall", change) in _changes(_RELEASE.format(title="CQC rates a service", sentence=sentence))
    # the same rating with no earlier one beside it states no change
    assert not _changes(_RELEASE.format(title="CQC rates a service", sentence="rated Eastwick Lodge inadequate overall"))


_ASSESSMENT = """During an assessment under our new approach

We carried out this assessment of {name} between 3 September 2024 and 11 October 2024.

{sentences}
"""


def test_a_change_from_the_last_inspection_when_the_service_was_rated_otherwise() -> None:
    for name, sentences, change in (
            ("St Winifred's House", "The service scored 54 out of 100 overall and is rated requires improvement. This is a "
             "change from our last inspection in February 2022, when the service was rated good.", "went-down"),
            ("Chalkhill Family Practice", "At this assessment, the practice has improved and is now rated good overall.",
             "improved"),
            ("Moorside Care Home", "The home has deteriorated and is now rated inadequate.", "went-down")):
        assert ("overall", change) in _changes(_ASSESSMENT.format(name=name, sentences=sentences)), name


def test_key_questions_said_to_have_remained_at_a_rating() -> None:
    for name, sentence, kqs in (
            ("Windy Nook Hospice", "The service remained good in effective and caring.", {"effective", "caring"}),
            ("Hillside Surgery", "The practice remained requires improvement for safe and well-led.", {"safe", "well-led"})):
        text = (f"{name}\nCare Quality Commission\n\nWe carried out an announced comprehensive inspection of {name} on "
                f"26 September 2017.\n\n{sentence}\n")
        assert {(kq, "stayed-the-same") for kq in kqs} <= _changes(text), name
        rated = {(x.key_question.value, x.value.value) for x in _current(extract(text)).ratings}
        value = "good" if "good" in sentence else "requires-improvement"
        assert {(kq, value) for kq in kqs} <= rated, name


# -- remote work before the site visit starts the inspection's span ------------------------------------

def test_remote_work_before_the_site_visit_starts_the_inspection() -> None:
    for name, how, start in (
            ("Brookfield Medical Group", "This included conducting staff interviews using video conferencing, completing "
             "clinical searches on the practice's patient records system remotely on 20 June 2023, and a site visit on "
             "26 June 2023.", "2023-06-20"),
            ("Ashby Road Surgery", "This included remote clinical searches on 21 June 2023 and a short site visit on "
             "26 June 2023.", "2023-06-21")):
        text = (f"{_SUMMARY.format(name=name, address='1 Mill Lane, Warsash, Southampton, SO31 9FH 01489 570 822', earlier='2 March 2017')}"
                f"\nHow we carried out the inspection\n\n{how}\n")
        i = _current(extract(text))
        assert i.start_date and i.start_date.iso == start, name
        assert i.end_date and i.end_date.iso == "2023-06-26"
        assert [d.iso for d in i.visit_dates] == ["2023-06-26"]
    # remote work a few days before the inspection's day is in its span even with no site visit named
    # beside it (calls, remote searches and video interviews are in the range, and are no visits)
    text = _SUMMARY.format(name="Brookfield Medical Group", address="1 Mill Lane, Warsash, Southampton, SO31 9FH",
                           earlier="2 March 2017") + "\nWe reviewed records remotely on 20 June 2023.\n"
    i = _current(extract(text))
    assert i.start_date.iso == "2023-06-20" and "2023-06-20" not in [d.iso for d in i.visit_dates]


# -- names: a section of CQC's site in a page's title ("News | Care Quality Commission") ---------------

def test_a_section_of_cqcs_site_in_a_pages_title_is_no_name() -> None:
    for section in ("News", "Press releases"):
        text = (f"{section} | Care Quality Commission\nPublished: 30 September 2019\n\nCQC takes action\n\n"
                "The Care Quality Commission (CQC) has rated the service inadequate following an inspection in March 2019.\n")
        assert not [x.name for x in extract(text).locations if x.name == section]
    named = extract("Oak Lodge | Care Quality Commission\n\nWe inspected Oak Lodge on 3 May 2023. We rated the service good.\n")
    assert "Oak Lodge" in [x.name for x in named.locations]


# -- a guidance page whose ratings are only supposed ("If … it is still rated inadequate, we will …") --

def test_a_guidance_page_whose_ratings_are_only_supposed_states_no_finding() -> None:
    for page in (
            "Special measures\n\nSpecial measures is a framework for services that we have rated inadequate overall. "
            "If we find at the next inspection that it is still rated inadequate for any key question, we will take "
            "action to cancel the provider's registration. CQC can recommend that a trust is supported.\n",
            "Ratings\n\nWe rate services as outstanding, good, requires improvement or inadequate. When a service is "
            "rated inadequate, we will inspect it again within six months. We may also take enforcement action.\n"):
        assert guidance_page(page), page[:30]
        assert not _ratings(extract(page))
    assert not guidance_page("We may take enforcement action. We will inspect again. We rated the service inadequate.\n")


# -- a rating of another of the provider's services, introduced as such -------------------------------

_ANOTHER = """{name}
Inspection summary
Provider: {provider}

We carried out an unannounced inspection of {name} on 2 May 2018.

Overall rating: Good

{provider} also ran {other}, a care home nearby. In 2017 we cancelled the provider's registration for {other} after
it was rated inadequate twice, and some people moved from {other} to {name}.

We found no breaches of regulations at {name}.
"""


def test_a_rating_of_another_of_the_providers_services_is_not_the_subjects() -> None:
    for name, provider, other in (("Holly Tree Lodge", "Meridian Residential Ltd", "Ivy Croft"),
                                  ("Oak Lodge", "Ashcombe Care Ltd", "Elm House")):
        r = extract(_ANOTHER.format(name=name, provider=provider, other=other))
        assert (KeyQuestion.OVERALL, RatingValue.INADEQUATE) not in {(x.key_question, x.value) for i in r.inspections for x in i.ratings}
        overall = {x.value for x in _current(r).ratings if x.key_question is KeyQuestion.OVERALL} | {
            x.current_overall_rating for x in r.locations}
        assert RatingValue.GOOD in overall


# -- special measures stated in quotes over a wrapped line ---------------------------------------------

def test_special_measures_in_quotes_over_a_wrapped_line_is_stated() -> None:
    for lead, name in (("The overall rating for this service is 'Inadequate' and the service is therefore in", "Ashcombe Grange"),
                       ("The overall rating for this provider is ‘Inadequate’ and the service is therefore in", "Beech House")):
        text = (f"{name}\nInspection report\n\n12 High Street, Ashcombe, Devon EX1 2AB\n\nDate of inspection visit: "
                f"5 November 2019\nDate of publication: 17 December 2019\n\nOverall rating for this service    Inadequate\n\n"
                f"Follow up\n{lead}\n'special measures'. This means we will keep the service under review and, if we do not\n"
                f"propose to cancel the provider's registration, we will re-inspect within six months.\n")
        assert "special-measures" in _kinds(extract(text)), name


# -- a notice's serving stated after it ("the warning notice we previously served") --------------------

def test_a_notice_we_previously_served_is_an_earlier_action_not_the_current_ones() -> None:
    for name, clause in (("The Elms", "the warning notice we previously served in relation to regulation 12"),
                         ("Oak Lodge", "the warning notice that we had previously issued in relation to regulation 17")):
        text = (f"• Care Home\n\n{name}\n\nOverall: Good read more about inspection ratings\n\nChurch Road, Bishop's Cleeve, "
                f"Cheltenham, GL52 8LR (01242) 677 340\n\nProvided and run by:\nCotswold Vale Care Limited\n\nAll Inspections\n\n"
                f"24 January 2023\n\nDuring an inspection looking at part of the service\n\n"
                f"Why we inspected\nWe carried out this focused inspection to check whether the provider had met the requirements of "
                f"{clause}, and to confirm they now met legal requirements.\n")
        r = extract(text)
        assert "warning-notice" in _kinds(r), name
        assert not _current(r).actions
    # the same requirements met, the serving not stated: no action
    met = extract("Ash House\nCare Quality Commission\n\nWe inspected Ash House on 24 January 2023. The provider had met the "
                  "requirements of the warning notice.\n")
    assert "warning-notice" not in _kinds(met)


# -- a head office named by its building and town ("is headquartered at Mytton Oak House, Shrewsbury") -

def test_a_head_office_named_by_its_building_and_town_is_the_providers_address() -> None:
    for trust, sentence, address in (
            ("Severn Valley Community Health NHS Trust", "The trust is headquartered at Mytton Oak House, Shrewsbury.",
             "Mytton Oak House, Shrewsbury"),
            ("Calder Moor Mental Health NHS Foundation Trust", "Its head office is at Kingsway House, Wakefield WF1 3JY.",
             "Kingsway House, Wakefield")):
        text = (f"Improvements at {trust} lead to Good rating\n\nPublished: 2 February 2022\n\nThe Care Quality Commission (CQC) "
                f"has rated {trust} as good overall following an inspection in October 2021.\n\n{sentence}\n")
        r = extract(text)
        assert [(p.name, p.address) for p in r.providers] == [(trust, address)]


# -- a summary that names no CQC but rates on CQC's scale beside CQC's wording -------------------------

def test_a_summary_rating_on_cqcs_scale_beside_cqcs_wording_is_read() -> None:
    from cqcgraph.extract.context import not_cqc_reason

    for name, rating in (("Beacon Home Care Limited", "Inadequate"), ("Riverside Care Services Ltd", "Requires improvement")):
        text = (f"Summary of findings\n\n{name} provides personal care to people living in their own homes. We inspected between "
                f"5 and 12 March 2019.\n\nOverall rating: {rating}\n\nWe identified breaches in relation to safe care and "
                f"treatment and good governance.\n\nWe are taking enforcement action against the provider.\n")
        assert not_cqc_reason(text) is None, name
    # the scale's words alone, with nothing else of CQC's, are no CQC page
    assert not_cqc_reason("Our café\n\nOverall rating: Good\n\nDiners loved the cakes.\n") is not None
