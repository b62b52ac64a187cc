"""Dates by the role their words give, in families of CQC wording: each family shown on two
invented documents at least, in CQC's style, beside the same words where they give no date of
that role, so a rule that invents dates fails."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord, Inspection


def _current(r: DocumentRecord) -> Inspection:
    return next(i for i in r.inspections if not i.is_previous)


def _iso(d) -> str | None:
    return d.iso if d is not None else None


def _visits(i: Inspection) -> list[str]:
    return [d.iso for d in i.visit_dates if d.iso]


# -- a history entry dated by one day -------------------------------------------------------------

_NURSING_HOME = ("• Care Home\n  • Nursing home\n\nLarchfield Court\n\nOverall: Requires improvement read more about "
                 "inspection ratings\n\n4 Mill Lane, Thornbury, Bristol, BS35 2AA (01454) 410 222\n\nProvided and run by:\n"
                 "Larchfield Care Ltd\n\nAll Inspections\n\n{date}\n\nDuring a routine inspection\n\nAbout the service\n\n"
                 "Larchfield Court is a nursing home providing personal and nursing care to up to 40 people. {body}\n")
_SHARED_LIVES = ("• Shared lives\n\nWestmoor Shared Lives\n\nOverall: Good read more about inspection ratings\n\n"
                 "Unit 3, Westmoor Road, Leeds, LS12 4PT (0113) 244 1010\n\nProvided and run by:\nWestmoor Council\n\n"
                 "All Inspections\n\n{date}\n\nDuring an inspection looking at part of the service\n\nAbout the service\n\n"
                 "Westmoor Shared Lives supports adults living with Shared Lives carers. {body}\n")


def test_an_entry_dated_by_one_day_visited_that_day() -> None:
    for doc in (_NURSING_HOME, _SHARED_LIVES):
        for date in ("9 March 2022", "Inspection carried out on 9 March 2022"):
            r = extract(doc.format(date=date, body="People told us they felt safe."))
            insp = _current(r)
            assert _iso(insp.start_date) == "2022-03-09", (doc[:20], date)
            assert _visits(insp) == ["2022-03-09"], (doc[:20], date)


def test_an_entry_over_a_span_or_done_remotely_lists_no_visit_of_its_day() -> None:
    for doc in (_NURSING_HOME, _SHARED_LIVES):
        for body in ("This inspection took place between 9 and 14 March 2022.",
                     "We carried out a desk-based review of the information the provider sent us.",
                     "Inspection activity started on 9 March 2022 and ended on 18 March 2022."):
            insp = _current(extract(doc.format(date="9 March 2022", body=body)))
            assert "2022-03-09" not in _visits(insp) or insp.end_date is None, body
            assert _visits(insp) == [], body


# -- telephone calls after the visit --------------------------------------------------------------

_CALLS = ("After the visit we spoke by telephone with nine people who used the service and four relatives on 14 "
          "and 15 March 2022.",
          "On 11 March 2022 an Expert by Experience made telephone calls to eight relatives.",
          "We visited the office on 9 March 2022 and phoned people who use the service on 10 and 11 March 2022.")


def test_calls_dated_after_an_entry_s_day_end_its_inspection_and_are_no_visits() -> None:
    ends = ("2022-03-15", "2022-03-11", "2022-03-11")
    for doc in (_NURSING_HOME, _SHARED_LIVES):
        for body, end in zip(_CALLS, ends, strict=True):
            insp = _current(extract(doc.format(date="Inspection carried out on 9 March 2022", body=body)))
            assert (_iso(insp.start_date), _iso(insp.end_date)) == ("2022-03-09", end), body
            assert _visits(insp) == ["2022-03-09"], body


_FRAGMENT = ("How we carried out this inspection\nWe visited the agency's office on 12 March 2013. This was an "
             "announced inspection: we gave the provider 48 hours' notice. {calls} We also looked at six staff files.\n")
_REPORT = ("Oakfield Home Care\nInspection report\n\nCare Quality Commission\n\nWe carried out this announced "
           "inspection on 12 March 2013 at the office of Oakfield Home Care. {calls}\n")


def test_calls_after_the_visit_end_the_one_current_inspection_of_any_layout() -> None:
    for doc in (_FRAGMENT, _REPORT):
        for calls, end in (("On 14 March 2013 we spoke by telephone with nine people who used the service.", "2013-03-14"),
                           ("We made telephone calls to relatives on 15 March 2013.", "2013-03-15")):
            insp = _current(extract(doc.format(calls=calls)))
            assert (_iso(insp.start_date), _iso(insp.end_date)) == ("2013-03-12", end), (doc[:20], calls)
            assert "2013-03-14" not in _visits(insp) and "2013-03-15" not in _visits(insp)


def test_calls_of_another_time_or_contact_extend_nothing() -> None:
    for doc in (_FRAGMENT, _REPORT):
        for calls in ("The provider called us on 13 March 2013 about a complaint.",
                      "Before this inspection we telephoned the local authority on 5 March 2013."):
            insp = _current(extract(doc.format(calls=calls)))
            assert _iso(insp.end_date) in (None, "2013-03-12"), (doc[:20], calls)


# -- the earlier inspection dated by its report's publication, in an assessment ----------------------

_ASSESSMENT = ("Rosemary Lodge\n\nAssessment\n\nUpdated 19 November 2024\n\nDate of assessment: 3 September 2024 to 11 "
               "October 2024\n\nRosemary Lodge is a residential care home providing personal care for up to 26 older people.\n\n"
               "Key question | Rating | Score\nSafe | Requires improvement | 47%\nEffective | Good | 63%\n"
               "Caring | Good* | –\nResponsive | Good* | –\nWell-led | Requires improvement | 50%\n\n{note}\n")
_HOME_CARE = ("Kestrel Care at Home – Swindon\n\nProvider: Kestrel Care Solutions Limited\nHomecare agency\nUnit 4, "
              "Kembrey Park, Swindon, Wiltshire SN2 8UY\nPhone: 01793 400 100\nCQC ID: 1-10000000001\n\nOverall rating: "
              "Requires improvement\n\nAssessment started: 21 October 2024\nAssessment finished: 2 December 2024\n\n"
              "Safe            Requires improvement    53%\nCaring          Good                    ∗\n\nAbout this "
              "assessment\nWe assessed this service between 21 October 2024 and 2 December 2024. We visited the office on "
              "29 October 2024.\n\n{note}\n\nWe found a breach of the legal regulations in relation to staffing.\n")


def _earlier_published(r: DocumentRecord) -> set[str]:
    return {i.publication_date.iso for i in r.inspections if i.is_previous and i.publication_date and i.publication_date.iso}


def test_carried_ratings_note_dates_the_earlier_inspection_by_its_publication() -> None:
    for doc in (_ASSESSMENT, _HOME_CARE):
        for note in ("* Rating from our previous inspection (published 4 April 2022)",
                     "∗ Caring and responsive were not assessed. The ratings are from our previous inspection\n"
                     "(published 4 April 2022).",
                     "The last rating for this service was good (published 4 April 2022)."):
            r = extract(doc.format(note=note))
            assert _earlier_published(r) == {"2022-04-04"}, (doc[:20], note)
            assert _iso(_current(r).publication_date) != "2022-04-04"


def test_a_publication_not_said_of_the_earlier_inspection_dates_none() -> None:
    for doc in (_ASSESSMENT, _HOME_CARE):
        for note in ("* Rating from our previous inspection.",
                     "Our report on the provider's other service was published on 4 April 2022."):
            assert "2022-04-04" not in _earlier_published(extract(doc.format(note=note))), (doc[:20], note)


# -- a trust's inspection in parts: core services, then the well-led review --------------------------

_TRUST_RELEASE = ("Press release\nPublished: 2 February 2022\n\nCQC rates Westmarch Community Health NHS Trust as good\n\n"
                  "The Care Quality Commission has rated Westmarch Community Health NHS Trust as good overall.\n\n{parts}\n\n"
                  "Inspectors found staff treated patients with compassion.\n")
_TRUST_REPORT = ("Eastvale Hospitals NHS Trust\nInspection report\n\nTrust headquarters, Crown Street, Eastvale, EV1 4AB\n"
                 "Tel: 01632 960000\n\nDate of inspection visit: 12 October 2021\nDate of publication: 2 February 2022\n\n"
                 "Overall summary\n{parts}\n")
_WELL_LED_AFTER = (
    ("Inspectors carried out unannounced inspections of three core services between 12 and 14 October 2021, and "
     "inspected how well-led the trust was between 16 and 18 November 2021.", "2021-11-18"),
    ("We inspected two of the trust's core services between 12 and 14 October 2021. A further inspection, looking "
     "specifically at how well-led the trust is, took place between 9 and 11 November 2021.", "2021-11-11"),
    ("We carried out unannounced inspections of four core services between 12 and 14 October 2021. Our inspection of the "
     "management and leadership of the trust (the well-led key question) took place from 1 to 3 December 2021.", "2021-12-03"),
)


def _trust_inspection(r: DocumentRecord) -> Inspection:
    current = [i for i in r.inspections if not i.is_previous]
    return max(current, key=lambda i: (i.end_date.iso if i.end_date and i.end_date.iso else ""))


def test_a_well_led_review_after_the_core_services_ends_the_trust_s_inspection() -> None:
    for doc in (_TRUST_RELEASE, _TRUST_REPORT):
        for parts, end in _WELL_LED_AFTER:
            insp = _trust_inspection(extract(doc.format(parts=parts)))
            assert (_iso(insp.start_date), _iso(insp.end_date)) == ("2021-10-12", end), (doc[:20], parts)


def test_a_well_led_review_alone_or_long_after_ends_nothing() -> None:
    for doc in (_TRUST_RELEASE, _TRUST_REPORT):
        for parts in ("We inspected the trust on 12 October 2021. We looked at how well-led the trust was between "
                      "16 and 18 November 2021.",
                      "We carried out unannounced inspections of three core services between 12 and 14 October 2021. "
                      "We inspected how well-led the trust was between 16 and 18 March 2022."):
            insp = _trust_inspection(extract(doc.format(parts=parts)))
            assert _iso(insp.end_date) not in ("2021-11-18", "2022-03-18"), (doc[:20], parts)


def test_a_return_to_a_service_is_a_day_visited() -> None:
    for doc in (_TRUST_RELEASE, _TRUST_REPORT):
        parts = ("We carried out unannounced inspections of three core services between 12 and 14 October 2021. We "
                 "returned to the emergency department on 19 October 2021. We inspected how well-led the trust was "
                 "between 16 and 18 November 2021.")
        insp = _trust_inspection(extract(doc.format(parts=parts)))
        assert "2021-10-19" in _visits(insp), doc[:20]
        assert _iso(insp.end_date) == "2021-11-18", doc[:20]


# -- a labelled value's dates one a line, in a PDF's column ---------------------------------------------

_NURSING_REPORT = ("Marlow Green Nursing Home\nInspection report\n\n12 Station Road, Marlow, Buckinghamshire, SL7 1AB\n"
                   "Tel: 01628 000111\n\n{dates}\nDate of publication: 18 February 2016\n\nRatings\n\n"
                   "Overall rating for this service    Inadequate\n\nOverall summary\nWe found the home was unsafe.\n")
_DENTAL_REPORT = ("Bright Smile Dental Care\nBright Smile Dental Care\nInspection Report\n\n4 High Street, Leek, ST13 5AA\n"
                  "Tel: 01538 000222\n\n{dates}\nDate of publication: 18 February 2016\n\nOverall summary\n"
                  "We carried out this announced inspection under Section 60 of the Health and Social Care Act 2008.\n")


def test_a_visit_label_s_dates_one_a_line_in_a_column_are_each_a_visit() -> None:
    column = "Date of inspection visit: 1 December 2015\n                          3 December 2015"
    for doc in (_NURSING_REPORT, _DENTAL_REPORT):
        insp = _current(extract(doc.format(dates=column)))
        assert (_iso(insp.start_date), _iso(insp.end_date)) == ("2015-12-01", "2015-12-03"), doc[:20]
        assert _visits(insp) == ["2015-12-01", "2015-12-03"], doc[:20]


def test_a_line_under_a_visit_label_that_is_no_date_of_it_is_not_read() -> None:
    for doc in (_NURSING_REPORT, _DENTAL_REPORT):
        for dates in ("Date of inspection visit: 1 December 2015\n                          Inspection report",
                      "Date of inspection visit: 1 December 2015"):
            insp = _current(extract(doc.format(dates=dates)))
            assert _iso(insp.start_date) == "2015-12-01" and _iso(insp.end_date) in (None, "2015-12-01"), (doc[:20], dates)


# -- the days a span's text says were visited -------------------------------------------------------

_SUPPORTED_LIVING = ("Harbour Lane Supported Living\n\nProvided and run by:\nHarbour Lane Care Ltd\n\nLatest inspection: "
                     "2 February 2022 to 9 February 2022\nReport published: 17 March 2022\n\nAbout the service\n"
                     "Harbour Lane Supported Living supports 12 people in four houses.\n\nInspection activity started on "
                     "2 February 2022 and ended on 9 February 2022. {visits}\n")
_ACTIVITY_REPORT = ("• Supported living\n\nMoorside Home Care\n\nOverall: Good read more about inspection ratings\n\n"
                    "3 Mill Street, Bury, BL9 0AA (0161) 000 333\n\nProvided and run by:\nMoorside Care Ltd\n\nAll "
                    "Inspections\n\n2 February 2022\n\nDuring an inspection looking at part of the service\n\nAbout the "
                    "service\nMoorside Home Care provides personal care to 40 people.\n\nInspection activity started on "
                    "2 February 2022 and ended on 9 February 2022. {visits}\n")


def test_days_said_visited_inside_the_span_are_its_visits() -> None:
    for doc in (_SUPPORTED_LIVING, _ACTIVITY_REPORT):
        for visits, days in (("We visited two of the houses on 3 February 2022 and the office on 4 February 2022.",
                              ["2022-02-03", "2022-02-04"]),
                             ("We carried out site visits on 3 February 2022 and 8 February 2022.", ["2022-02-03", "2022-02-08"])):
            insp = _current(extract(doc.format(visits=visits)))
            assert _visits(insp) == days, (doc[:20], visits)


def test_days_of_calls_or_of_an_earlier_visit_are_no_visits_of_the_span() -> None:
    for doc in (_SUPPORTED_LIVING, _ACTIVITY_REPORT):
        for visits in ("After our visit we telephoned relatives on 5 February 2022.",
                       "At our last inspection we visited the service on 4 February 2021."):
            insp = _current(extract(doc.format(visits=visits)))
            assert not {"2022-02-05", "2021-02-04"} & set(_visits(insp)), (doc[:20], visits)


# -- an earlier inspection in brackets, not rated then ------------------------------------------------

_ONLINE_GP = ("Ratings\n\nOverall rating for this service\tRequires improvement\n\nAre services safe?\tRequires improvement\n\n"
              "Letter from the Chief Inspector of General Practice\n\nThis service is rated as Requires improvement overall. "
              "{bracket}\n\nWe carried out an announced comprehensive inspection at Swiftcare Online on 3 November 2020.\n")
_DENTAL_SUMMARY = ("Overall summary\n\nWe carried out an announced inspection of Kingsway Dental Practice on 3 November 2020. "
                   "The practice is rated as Good overall. {bracket}\n\nThe practice had effective systems to keep people safe.\n")


def test_a_bracketed_earlier_inspection_not_rated_then_is_dated() -> None:
    for doc in (_ONLINE_GP, _DENTAL_SUMMARY):
        r = extract(doc.format(bracket="(Previous inspection March 2019 – Not rated)"))
        assert "2019-03" in {i.start_date.iso for i in r.inspections if i.is_previous and i.start_date}, doc[:20]
        r = extract(doc.format(bracket="(Previous inspection – not rated)"))
        assert not any(i.is_previous and i.start_date for i in r.inspections), doc[:20]


# -- providers named in a release by apposition or as the appellant -------------------------------------

_STATEMENT = ("News | Care Quality Commission\nPublished: 14 March 2024\n\nStatement about {service}\n\n{sentence}\n\n"
              "We reviewed all the evidence and concluded that the test was not met.\n")


def _providers(r: DocumentRecord) -> set[str]:
    return {p.name for p in r.providers if p.name}


def test_a_release_s_provider_named_in_apposition_or_as_the_appellant() -> None:
    cases = (("Sandpiper Care Agency", "Following an investigation, CQC has decided not to bring a prosecution against the "
              "provider, Sandpiper Care Ltd.", "Sandpiper Care Ltd"),
             ("Heronwood Lodge", "CQC has served a notice on the registered provider, Heronwood Healthcare Limited, "
              "about the care of people at Heronwood Lodge.", "Heronwood Healthcare Limited"),
             ("Orchard Vale Nursing Home", "The First-tier Tribunal has allowed the appeal brought by Orchard Vale "
              "Healthcare Ltd against CQC's decision to cancel its registration at Orchard Vale Nursing Home, Wisbech.",
              "Orchard Vale Healthcare Ltd"),
             ("Beechwood House", "The tribunal dismissed the appeal lodged by Beechwood Care Homes LLP against the "
              "conditions CQC imposed.", "Beechwood Care Homes LLP"))
    for service, sentence, provider in cases:
        assert provider in _providers(extract(_STATEMENT.format(service=service, sentence=sentence))), sentence


def test_a_person_or_a_place_in_apposition_is_no_provider() -> None:
    for service, sentence in (("Sandpiper Care Agency", "We spoke with the provider, Mr James Carter, about our findings."),
                              ("Orchard Vale Nursing Home", "The appeal brought by the family of a resident was heard in "
                               "Wisbech.")):
        got = _providers(extract(_STATEMENT.format(service=service, sentence=sentence)))
        assert not {"Mr James Carter", "Wisbech"} & got, sentence


# -- a provider's name joined by an ampersand ----------------------------------------------------------

_COMPLIANCE = ("You are here\n\nReview of compliance\n\nHollins Residential Home\nRegion: East Midlands\nLocation address: "
               "27 Chesterfield Road, Matlock, Derbyshire, DE4 3FT\nType of service: Care home service without nursing\n"
               "Date of Publication: February 2012\nOverview of the service: Hollins Residential Home is registered to "
               "provide accommodation and personal care for up to 22 older people. {owner}\n\nOur current overall judgement\n"
               "Hollins Residential Home was meeting all the essential standards of quality and safety inspected.\n")
_SUMMARY = ("Hollins Dental Practice\nInspection report\n\n4 Market Place, Leek, ST13 5HH\nTel: 01538 000444\n\n"
            "Date of inspection visit: 3 May 2019\nDate of publication: 12 June 2019\n\nOverall summary\n"
            "Hollins Dental Practice is in Leek and provides NHS and private treatment to adults and children. {owner}\n")


def test_a_provider_named_with_an_ampersand_keeps_its_whole_name() -> None:
    for doc in (_COMPLIANCE, _SUMMARY):
        for owner, name in (("It is owned by Kaur & Sandhu Care Partnership.", "Kaur & Sandhu Care Partnership"),
                            ("The practice is run by Patel & Hughes Dental LLP.", "Patel & Hughes Dental LLP")):
            assert name in _providers(extract(doc.format(owner=owner))), (doc[:20], owner)


def test_an_ampersand_ends_no_provider_s_name_with_a_person_s() -> None:
    for doc in (_COMPLIANCE, _SUMMARY):
        got = _providers(extract(doc.format(owner="It is owned by Mr & Mrs Patel.")))
        assert not any("&" in n and "Care" in n for n in got), doc[:20]


# -- remote work before the day on site -------------------------------------------------------------

_GP_SUMMARY = ("Ratings\n\nOverall rating for this location\tRequires improvement\n\nAre services safe?\tRequires improvement\n\n"
               "We carried out an announced focused inspection at Brook Lane Medical Group on 26 June 2023.\n\n{remote}\n")
_CLINIC = ("Overall summary\n\nWe carried out an announced inspection at Fernhill Travel Clinic on 26 June 2023 to follow up "
           "concerns about its vaccine storage. The service is rated as Good overall.\n\n{remote}\n")


def test_remote_work_before_the_visit_starts_the_inspection_and_is_no_visit() -> None:
    for doc in (_GP_SUMMARY, _CLINIC):
        for remote in ("This inspection was carried out in a way which enabled us to spend a minimum amount of time on "
                       "site. This included conducting staff interviews using video conferencing, completing clinical "
                       "searches on the practice's patient records system remotely on 20 June 2023, and a site visit on "
                       "26 June 2023.",
                       "We reviewed patient records remotely on 20 June 2023 before our site visit."):
            insp = _current(extract(doc.format(remote=remote)))
            assert (_iso(insp.start_date), _iso(insp.end_date)) == ("2023-06-20", "2023-06-26"), (doc[:20], remote)
            assert "2023-06-20" not in _visits(insp), (doc[:20], remote)


def test_remote_work_of_another_time_moves_no_start() -> None:
    for doc in (_GP_SUMMARY, _CLINIC):
        for remote in ("At our previous inspection we reviewed records remotely on 20 June 2023.",
                       "We reviewed patient records remotely on 2 May 2023."):
            insp = _current(extract(doc.format(remote=remote)))
            assert _iso(insp.start_date) == "2023-06-26", (doc[:20], remote)


# -- an earlier inspection's entry headed by its days --------------------------------------------------

_HISTORY_PAGE = ("Ashby Lodge\n27 Leicester Road, Hinckley, Leicestershire LE10 1QT\nPhone: 01455 000 555\n\n"
                 "Latest inspection: 9 August 2022\nReport published: 21 September 2022\n\nSummary\nWe carried out this "
                 "unannounced comprehensive inspection on 9 August 2022.\n\nInspection history\n\nDate of inspection      "
                 "Report published     Overall rating\n9 August 2022           21 September 2022    Good\n{row}\n\n{heading}\n"
                 "We undertook this inspection to check the warning notices had been met.\n")
_BACKGROUND = ("Willowbrook House\nInspection report\n\n2 Church Lane, Ashby, LE65 1AA\nTel: 01530 000 666\n\n"
               "Date of inspection visit: 9 August 2022\nDate of publication: 21 September 2022\n\nOverall summary\n"
               "We found the service was safe.\n\nPrevious inspections\n{row}\n\n{heading}\n"
               "We undertook this inspection to check the warning notices had been met.\n")


def _earlier_visits(r: DocumentRecord) -> set[str]:
    return {d.iso for i in r.inspections if i.is_previous for d in i.visit_dates if d.iso}


def test_an_earlier_entry_headed_by_its_days_visited_them() -> None:
    for doc in (_HISTORY_PAGE, _BACKGROUND):
        for row, heading, days in (("13 April 2021           14 June 2021         Requires improvement",
                                    "13 April 2021 – Focused inspection", {"2021-04-13"}),
                                   ("1 and 3 December 2020   5 February 2021      Inadequate",
                                    "1 and 3 December 2020 – Comprehensive inspection", {"2020-12-01", "2020-12-03"})):
            r = extract(doc.format(row=row, heading=heading))
            assert days <= _earlier_visits(r), (doc[:20], heading)
            assert not days & {d.iso for i in r.inspections if not i.is_previous for d in i.visit_dates}


def test_an_earlier_entry_headed_by_a_range_lists_no_visit() -> None:
    for doc in (_HISTORY_PAGE, _BACKGROUND):
        r = extract(doc.format(row="12 to 14 April 2021     14 June 2021         Requires improvement",
                               heading="12 to 14 April 2021 – Comprehensive inspection"))
        assert not {"2021-04-12", "2021-04-13", "2021-04-14"} & _earlier_visits(r), doc[:20]


# -- an inspection label's one day --------------------------------------------------------------------

_LETTER_REPORT = ("Bramley Court\nCare home\n{label}\nPublished: 29 September 2017\n\nOverall rating: Requires "
                  "improvement\nSafe: Requires improvement\nEffective: Good\nCaring: Good\nResponsive: Good\n"
                  "Well-led: Requires improvement\n\nWe found the home was caring.\n")
_FOCUSED = ("Inspection report\nKestrel Dental Care\n{label}\n\nOur findings\nAre services safe? No action required\n"
            "Are services effective? No action required\nAre services caring? No action required\n\nWe found that this "
            "practice was providing safe and effective care in accordance with the relevant regulations.\n")


def test_an_inspection_label_s_one_day_is_the_day_visited() -> None:
    for doc in (_LETTER_REPORT, _FOCUSED):
        for label in ("Date of inspection: 14 August 2017", "Date of Inspection: 14 August 2017"):
            insp = _current(extract(doc.format(label=label)))
            assert _iso(insp.start_date) == "2017-08-14" and _visits(insp) == ["2017-08-14"], (doc[:20], label)


def test_an_inspection_label_s_span_lists_no_visit() -> None:
    for doc in (_LETTER_REPORT, _FOCUSED):
        for label in ("Date of inspection: 14 to 16 August 2017", "Date of inspection: 14 August 2017 to 2 September 2017"):
            insp = _current(extract(doc.format(label=label)))
            assert _iso(insp.start_date) == "2017-08-14", (doc[:20], label)
            assert not {"2017-08-15", "2017-08-20"} & set(_visits(insp)), (doc[:20], label)


# -- a service's day with no year, in a release dated by its month -------------------------------------

_SEVERAL = ("Press release\nPublished: 20 June 2018\n\nCQC publishes reports on services in {county}\n\nThe Care Quality "
            "Commission (CQC) has today published reports on three services in {county} following inspections carried out "
            "in April 2018.\n\n{first}, run by Dr M Achterberg and Partners, has been rated Outstanding overall after an "
            "inspection on 10 April 2018.\n\n{second}, provided by Abbeygate Health Partnership, was inspected on 17 April. "
            "It has been rated as Good overall.\n\n{third}, a residential care home run by Waveney Shore Care Ltd, was "
            "inspected over two days, on 24 and 25 April 2018. It has been rated Requires improvement overall.\n")


def test_a_service_s_yearless_day_in_a_release_is_its_day_visited() -> None:
    for county, names in (("Suffolk", ("Orwell Quay Surgery", "Abbeygate Medical Practice", "Kessingland House")),
                          ("Norfolk", ("Wensum Valley Surgery", "Thetford Road Medical Centre", "Holt Lodge"))):
        r = extract(_SEVERAL.format(county=county, first=names[0], second=names[1], third=names[2]))
        days = {(_iso(i.start_date), tuple(_visits(i))) for i in r.inspections if not i.is_previous}
        assert ("2018-04-17", ("2018-04-17",)) in days, county
        assert ("2018-04-24", ("2018-04-24", "2018-04-25")) in days, county
