"""Ratings placed in time (``cqcgraph.extract.rating_history``): the current rating a page or a
sentence states, the ratings of an earlier inspection a sentence dates, changes of rating stated
in prose, and the ratings a focused inspection keeps. Each wording is shown on two invented
documents written as CQC writes them; what may be, and what no sentence states, stays absent."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord, RatingChange


def _ratings(record: DocumentRecord, previous: bool, location: str | None = None) -> dict[tuple[str, str, str], str]:
    """(date, key question, service) -> rating of the earlier (or current) inspections."""
    names = [loc.name for loc in record.locations]
    out: dict[tuple[str, str, str], str] = {}
    for i in record.inspections:
        if i.is_previous is not previous or (location and (i.location is None or names[i.location] != location)):
            continue
        when = (i.start_date or i.publication_date)
        for r in i.ratings:
            out[(when.iso if when and when.iso else "", r.key_question.value, r.service or "")] = r.value.value
    return out


def _changes(record: DocumentRecord, location: str | None = None) -> dict[str, RatingChange]:
    names = [loc.name for loc in record.locations]
    return {c.key_question.value: c.change for i in record.inspections if not i.is_previous
            and not (location and (i.location is None or names[i.location] != location)) for c in i.changes}


SUMMARY = """Latest inspection summary
Fenland Road Medical Centre

Fenland Road Medical Centre, 2 Fenland Road, Wisbech, Cambridgeshire PE13 3QL
Provider: Fenland Road Medical Partnership
Inspected: 9 and 10 October 2019
Report published: 28 November 2019

Overall: Inadequate

Safe: Inadequate
Well-led: Inadequate

We carried out an unannounced comprehensive inspection at Fenland Road Medical Centre on 9 and
10 October 2019. At our previous inspection in January 2018 the practice was rated requires
improvement overall. The practice is now rated inadequate overall and the rating has gone down.
"""

TRUST_PAGE = """Skip to main content
Care Quality Commission

North Fell Community Health NHS Trust

Trust headquarters
Penrith Road, Keswick, Cumbria CA12 4RE
Provider ID: RQZ

Ratings

Overall: Good
Latest inspection: 22 January 2020 to 6 February 2020
Report published: 17 April 2020

Ratings for the whole trust

Safe
Requires improvement
Well-led
Good

What we found

We inspected three community health services provided by this trust. At our last inspection in
June 2017 we rated the trust as requires improvement. Our rating of the trust improved.
"""

PROFILE = """The Birches (Kendal)

Provided and run by: Lakeland Living CIC

Address: 9 Gillinggate, Kendal, Cumbria LA9 4JB
Service type: Residential homes

Latest overall rating: Good
Rated 11 August 2022

Safe: Good
Responsive: Outstanding

Inspection reports

Inspection carried out on 5 July 2022
During an inspection looking at part of the service
Ratings at this inspection: Safe Good, Responsive Outstanding, Well-led Good
The other key questions were not looked at and keep their ratings from March 2019.
Our rating of the service improved from requires improvement to good.

Inspection carried out on 18 November 2020
During a routine inspection
Overall: Requires improvement
Safe: Requires improvement | Effective: Good | Caring: Good | Responsive: Good | Well-led: Requires improvement

Inspection carried out on 12 March 2019 and 14 March 2019
During a routine inspection
Overall: Good
Safe: Good | Effective: Good | Caring: Good | Responsive: Good | Well-led: Good
"""


def test_a_pages_labelled_overall_rating_above_its_body_is_the_current_rating() -> None:
    assert extract(TRUST_PAGE).providers[0].current_overall_rating.value == "good"
    page = extract(PROFILE)
    assert page.locations[0].current_overall_rating.value == "good"
    # a history entry's "Overall:" under the page's reports is that inspection's, not the current rating
    no_top = PROFILE.replace("Latest overall rating: Good\n", "")
    assert extract(no_top).locations[0].current_overall_rating is None


def test_now_rated_overall_is_the_current_rating() -> None:
    assert extract(SUMMARY).locations[0].current_overall_rating.value == "inadequate"
    release = extract("""Stoke-on-Trent GP practice is out of special measures

Published: 28 April 2017

Categories: Media, GP and GP out-of-hours services

A GP practice in Stoke-on-Trent has been taken out of special measures by the Care Quality Commission (CQC).

Following an inspection in March, Hanley Park Medical Practice, run by Dr K Oyelaran, is now rated as Good overall.
The practice had been placed in special measures in September 2016.
""")
    assert release.locations[0].current_overall_rating.value == "good"
    maybe = extract(SUMMARY.replace("The practice is now rated inadequate overall", "If nothing changes the practice will be now rated inadequate overall"))
    assert maybe.locations[0].current_overall_rating.value == "inadequate"  # the labelled line still says so
    maybe = extract(SUMMARY.replace("Overall: Inadequate\n", "").replace(
        "The practice is now rated inadequate overall", "If nothing changes the practice would be now rated inadequate overall"))
    assert maybe.locations[0].current_overall_rating is None


#: The head of a trust's report on one core service, down to its summary's heading.
MATERNITY_REPORT_HEAD = """Tees Vale University Hospitals NHS Foundation Trust

Stockbridge General Hospital - Maternity

Inspection report

Holdforth Road, Hartlepool TS24 9AH

Date of inspection visit: 18 July 2023
Date of publication: 26/10/2023

Ratings

Overall rating for this service         Inadequate
Are services safe?                      Inadequate
Are services well-led?                  Inadequate

Our view of the service

"""


def test_an_earlier_inspection_a_sentence_dates_gets_its_ratings() -> None:
    report = extract(MATERNITY_REPORT_HEAD + """Maternity services at Stockbridge General Hospital were last inspected in February 2020 and
rated good overall, good for safe and requires improvement for well-led. Our overall rating of
this service went down.
""")
    earlier = _ratings(report, previous=True)
    assert earlier[("2020-02", "overall", "Maternity")] == "good"
    assert earlier[("2020-02", "well-led", "Maternity")] == "requires-improvement"
    release = extract("""Press release

Registration of Hawthorn Bank care home in Grimsby cancelled by CQC

4 March 2020

The Care Quality Commission (CQC) has cancelled the registration of Hawthorn Bank, a care home in Grimsby.

Hawthorn Bank, run by Humberside Residential Homes Ltd, provided accommodation and personal care for up to 26 older people.

The home was rated Inadequate overall and placed in special measures following an inspection in
April 2019. When inspectors returned on 3 and 5 December 2019 they found the home had not made
enough improvement and it was again rated Inadequate overall.
""")
    assert _ratings(release, previous=True) == {("2019-04", "overall", ""): "inadequate"}
    assert ("2019-12-03", "overall", "") in _ratings(release, previous=False)


def test_the_rating_of_an_earlier_inspection_in_a_clause_of_a_sentence_about_the_current_one() -> None:
    page = extract("""Ashby House Nursing Home

Ashby Road, Weston-super-Mare, Somerset BS23 2XR
Provider: Ashby Healthcare Limited
CQC ID: 1-2209874499

Report from 14 January 2025 assessment

Overview

Requires improvement
Updated 4 April 2025

Our view of the service

Safe
Requires improvement

Effective
Good

Well-led
Inadequate

The ratings for safe and well-led have gone down since our last inspection in June 2021, when the
service was rated good in all areas. Effective, caring and responsive stayed the same.
""")
    earlier = _ratings(page, previous=True)
    assert {kq for (_d, kq, _s) in earlier} == {"overall", "safe", "effective", "caring", "responsive", "well-led"}
    assert set(earlier.values()) == {"good"}
    changes = _changes(page)
    assert changes["safe"] is RatingChange.WENT_DOWN and changes["well-led"] is RatingChange.WENT_DOWN
    assert changes["caring"] is RatingChange.STAYED_THE_SAME and changes["effective"] is RatingChange.STAYED_THE_SAME
    release = extract("""CQC publishes reports on two Lincolnshire GP practices
Published: 10 May 2024

The Care Quality Commission (CQC) has published reports on two GP practices in Lincolnshire
following inspections in March 2024.

Gainsborough Lane Health Centre, run by Trentside Primary Care Limited, in Lincoln, is now rated
Good overall, having been rated Inadequate in September 2023. It was rated Good in all five key questions.

Witham Vale Surgery, run by Dr P Ranasinghe, in Boston, has improved its rating
from Inadequate to Requires improvement following an inspection in March.
""")
    assert ("2023-09", "overall", "") in _ratings(release, previous=True, location="Gainsborough Lane Health Centre")
    assert release.locations[[x.name for x in release.locations].index("Gainsborough Lane Health Centre")].current_overall_rating.value == "good"
    assert _changes(release, "Witham Vale Surgery") == {"overall": RatingChange.IMPROVED}


def test_changes_said_of_the_rating_go_to_the_service_the_sentence_names() -> None:
    assert _changes(extract(SUMMARY)) == {"overall": RatingChange.WENT_DOWN}
    release = extract("""News

CQC publishes reports on three Norfolk care services
Published: 12 September 2023

The Care Quality Commission (CQC) has published reports on three adult social care services in
Norfolk following inspections in July 2023.

Bure Field House, run by Aylsham Homes Ltd, in Aylsham, has been rated Good overall. It was rated Good for being safe.

Marram Dune Homecare, a home care service in Cromer run by North Coast Community Care
Limited, has improved from Requires improvement to Good overall.

Fairfield Court, a nursing home in King's Lynn run by Ouse Care Ltd, has been rated
Inadequate overall and for being safe. The home's rating has dropped from Good.
""")
    assert _changes(release, "Marram Dune Homecare") == {"overall": RatingChange.IMPROVED}
    assert _ratings(release, previous=False, location="Marram Dune Homecare")[("2023-07", "overall", "")] == "good"
    assert _changes(release, "Fairfield Court") == {"overall": RatingChange.WENT_DOWN}
    assert _changes(release, "Bure Field House") == {}


def test_a_focused_inspection_keeps_the_ratings_of_the_inspection_it_names() -> None:
    page = extract(PROFILE)
    current = _ratings(page, previous=False)
    assert current[("2022-07-05", "effective", "")] == "good" and current[("2022-07-05", "caring", "")] == "good"
    assert current[("2022-07-05", "overall", "")] == "good"  # "improved from requires improvement to good"
    kept = [r for i in page.inspections if i.start_date and i.start_date.iso == "2022-07-05" for r in i.ratings if r.carried_over]
    assert {r.key_question.value for r in kept} == {"effective", "caring"}
    report = extract(MATERNITY_REPORT_HEAD + """Maternity services at Stockbridge General Hospital were last inspected in February 2020 and rated good overall.

The ratings for effective, caring and responsive were not changed and are from our previous
inspection: effective good, caring good, responsive requires improvement.
""")
    current = _ratings(report, previous=False)
    assert current[("2023-07-18", "responsive", "Maternity")] == "requires-improvement"
    assert current[("2023-07-18", "caring", "Maternity")] == "good"
    assert _ratings(report, previous=True)[("2020-02", "responsive", "Maternity")] == "requires-improvement"


ASC_REPORT = """Harefield Lodge
Inspection report

14 Mill Street
Buxton
Derbyshire
SK17 6AB

Date of inspection visit:
26 February 2024
Date of publication:
22 May 2024

Ratings

Overall rating for this service                 Requires Improvement
Is the service safe?                            Requires Improvement
Is the service well-led?                        Requires Improvement

About the service
Harefield Lodge is a care home providing personal care to up to 30 older people.

Our view of the service
The service's overall rating has gone down from good to requires improvement. Safe has
stayed at requires improvement, and well-led has gone down. Caring stayed the same.
"""


def test_a_key_questions_own_change_said_of_it() -> None:
    changes = _changes(extract(ASC_REPORT))
    assert changes == {"overall": RatingChange.WENT_DOWN, "safe": RatingChange.STAYED_THE_SAME,
                       "well-led": RatingChange.WENT_DOWN, "caring": RatingChange.STAYED_THE_SAME}
    other = extract(ASC_REPORT.replace(
        "The service's overall rating has gone down from good to requires improvement. Safe has\nstayed at requires improvement, and well-led has gone down. Caring stayed the same.",
        "Our rating of safe went down to requires improvement. Well-led has also dropped from\ngood. The well-led rating fell from good to requires improvement."))
    assert _changes(other)["well-led"] is RatingChange.WENT_DOWN
    # a core service's change, in a sentence naming it, is not the location's
    service = extract(ASC_REPORT.replace("Caring stayed the same.", "In maternity, effective has gone down."))
    assert "effective" not in _changes(service)


def test_the_services_change_said_of_the_service() -> None:
    went = extract(ASC_REPORT.replace(
        "The service's overall rating has gone down from good to requires improvement. Safe has\nstayed at requires improvement, and well-led has gone down. Caring stayed the same.",
        "At our last inspection on 2 and 9 June 2015 we rated the service good. At this inspection we found the service had\ndeteriorated to requires improvement."))
    assert _changes(went) == {"overall": RatingChange.WENT_DOWN}
    same = extract(ASC_REPORT.replace(
        "The service's overall rating has gone down from good to requires improvement. Safe has\nstayed at requires improvement, and well-led has gone down. Caring stayed the same.",
        "At our last inspection in September 2016 we rated the service good overall. At this\ninspection we found the service remains good."))
    assert _changes(same) == {"overall": RatingChange.STAYED_THE_SAME}


def test_a_service_pages_overall_rating_for_this_hospital_above_its_latest_inspection() -> None:
    trust = TRUST_PAGE.replace("Overall: Good\n", "Overall rating for this trust: Requires improvement\n")
    assert extract(trust).providers[0].current_overall_rating.value == "requires-improvement"
    page = PROFILE.replace("Latest overall rating: Good\nRated 11 August 2022\n",
                           "Overall rating for this location: Good\nLatest inspection: 5 July 2022\n")
    assert extract(page).locations[0].current_overall_rating.value == "good"
    # without a latest inspection line it may be a report's own grid: no current rating from it
    report = PROFILE.replace("Latest overall rating: Good\nRated 11 August 2022\n", "Overall rating for this location: Good\n")
    assert extract(report).locations[0].current_overall_rating is None


PROSECUTION = """Care provider fined £48,000 after resident suffered serious injuries in fall

Published: 22 March 2024

Ambervale Homes Ltd, which runs Kingsmere Lodge in Andover, pleaded guilty at Southampton
Magistrates' Court on Tuesday 19 March 2024 to failing to provide safe care and treatment. The
Care Quality Commission (CQC) brought the prosecution.

Kingsmere Lodge was rated requires improvement overall following an inspection in
November 2023. Safe was rated inadequate.
"""


def test_the_one_undated_inspection_gets_the_date_the_sentence_rating_it_gives() -> None:
    record = extract(PROSECUTION)
    assert ("2023-11", "overall", "") in _ratings(record, previous=False)
    earlier = extract(PROSECUTION.replace("was rated requires improvement overall following an inspection in\nNovember 2023",
                                          "was last rated requires improvement overall following an inspection in\nNovember 2023"))
    assert ("2023-11", "overall", "") not in _ratings(earlier, previous=False)  # "last": not the one the text reports


def test_an_undated_previously_rated_goes_to_the_one_earlier_inspection() -> None:
    report = extract(ASC_REPORT.replace(
        "The service's overall rating has gone down from good to requires improvement. Safe has\nstayed at requires improvement, and well-led has gone down. Caring stayed the same.",
        "At our last inspection in September 2016 we rated the service good overall.\n\nThe service had previously been rated outstanding in caring. At this inspection we found caring good."))
    assert _ratings(report, previous=True)[("2016-09", "caring", "")] == "outstanding"
    # said beside the rating now given, or with no earlier inspection to hold it, it gives nothing
    now = extract(ASC_REPORT.replace("Caring stayed the same.", "Caring had previously been rated outstanding and is now rated good."))
    assert not _ratings(now, previous=True)
