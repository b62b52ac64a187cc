"""Ratings stated in wordings the other readers missed: a second key question rated with its verb
left out, and the other families below. Each wording is shown on two invented documents written
as CQC writes them; what may be, another body's grade and an earlier rating stay absent."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord


def _ratings(record: DocumentRecord, previous: bool = False) -> dict[tuple[str, str, str], str]:
    """(date, key question, service) -> rating of the current (or earlier) inspections."""
    out: dict[tuple[str, str, str], str] = {}
    for i in record.inspections:
        if i.is_previous is not previous:
            continue
        when = i.start_date or i.publication_date
        for r in i.ratings:
            out[(when.iso if when and when.iso else "", r.key_question.value, r.service or "")] = r.value.value
    return out


FINED = """Care home provider fined after resident was scalded in a bath

Published: 14 May 2024

Brookvale Care Ltd, which runs Ashdown House in Crawley, pleaded guilty at Brighton Magistrates'
Court on 10 May 2024 to failing to provide safe care and treatment. The Care Quality Commission
(CQC) brought the prosecution.

Ashdown House was rated requires improvement overall following an inspection in
January 2024. Safe was rated inadequate and well-led requires improvement.
"""

RELEASE = """CQC rates Hollins Park Surgery good

Published: 2 June 2023

The Care Quality Commission (CQC) has rated Hollins Park Surgery in Stockport good overall
following an inspection in March 2023.

Effective is rated outstanding, caring good and responsive requires improvement.
"""


def test_a_second_key_question_rated_with_the_verb_left_out() -> None:
    fined = _ratings(extract(FINED))
    assert fined[("2024-01", "safe", "")] == "inadequate"
    assert fined[("2024-01", "well-led", "")] == "requires-improvement"
    release = _ratings(extract(RELEASE))
    assert release[("2023-03", "effective", "")] == "outstanding"
    assert release[("2023-03", "caring", "")] == "good"
    assert release[("2023-03", "responsive", "")] == "requires-improvement"


def test_a_clause_after_the_rated_key_question_that_is_no_rating_rates_nothing() -> None:
    said = _ratings(extract(FINED.replace("and well-led requires improvement.",
                                          "and well-led good practice was not shared.")))
    assert ("2024-01", "well-led", "") not in said
    future = _ratings(extract(FINED.replace("Safe was rated inadequate and well-led requires improvement.",
                                            "Safe will be rated inadequate and well-led requires improvement.")))
    assert ("2024-01", "well-led", "") not in future and ("2024-01", "safe", "") not in future
    earlier = _ratings(extract(FINED.replace("Safe was rated inadequate and well-led requires improvement.",
                                             "Safe was previously rated inadequate and well-led requires improvement.")))
    assert ("2024-01", "well-led", "") not in earlier


PROSECUTED = """Care provider fined after resident was injured in a fall from a hoist

Published: 9 March 2023

Larchwood Care Limited, the provider of Larchwood Grange in Telford, has been fined £20,000
after pleading guilty to failing to provide safe care and treatment. The Care Quality
Commission (CQC) brought the prosecution.

Larchwood Grange was inspected in March 2020 and rated Inadequate overall. At its most
recent inspection, in October 2022, it was rated Good overall and Good in all five key questions.
"""

COURT = """Provider ordered to pay £9,000 after failing to register a manager

Published: 4 July 2024

Seacliff Homes Ltd, which runs Seacliff View in Whitby, pleaded guilty at Scarborough
Magistrates' Court to failing to have a registered manager in place. The Care Quality
Commission (CQC) brought the prosecution.

Seacliff View was rated requires improvement following an inspection in May 2021. At its latest
inspection, in January 2024, it was rated Outstanding overall.
"""


def test_the_inspection_a_release_calls_the_most_recent_is_the_current_one() -> None:
    record = extract(PROSECUTED)
    now = _ratings(record)
    assert now[("2022-10", "overall", "")] == "good"
    assert now[("2022-10", "well-led", "")] == "good"
    assert _ratings(record, previous=True) == {("2020-03", "overall", ""): "inadequate"}
    assert record.locations[0].current_overall_rating is not None
    assert record.locations[0].current_overall_rating.value == "good"
    court = extract(COURT)
    assert _ratings(court)[("2024-01", "overall", "")] == "outstanding"
    assert ("2024-01", "overall", "") not in _ratings(court, previous=True)
    assert court.locations[0].current_overall_rating is not None
    assert court.locations[0].current_overall_rating.value == "outstanding"


def test_a_most_recent_inspection_earlier_than_the_one_reported_or_to_come_is_not_the_current_one() -> None:
    # "most recent" dated before the inspection the release reports: that inspection stays current
    before = extract(COURT.replace("At its latest\ninspection, in January 2024,", "At its latest\ninspection, in January 2019,"))
    assert ("2019-01", "overall", "") not in _ratings(before)
    future = extract(PROSECUTED.replace("At its most\nrecent inspection, in October 2022, it was rated",
                                        "At its most\nrecent inspection, in October 2022, it would be rated"))
    assert ("2022-10", "overall", "") not in _ratings(future)


IMPROVED = """CQC rates four Suffolk care services

Published: 12 October 2023

The Care Quality Commission (CQC) has published the reports of four inspections in Suffolk.

Orwell Homecare, a home care service in Ipswich run by Orwell Support Limited, has improved
from Requires improvement to Good overall. Inspectors rated the service good for being safe.

Deben House, a care home in Woodbridge run by Deben Care Ltd, has gone down from Good to
Inadequate overall. It was rated inadequate for being safe and well-led.
"""

SURGERY = """GP practice in Grantham improves its rating

Published: 3 May 2024

Belton Lane Surgery, run by Dr A Okafor, in Grantham, has improved its rating from Inadequate
to Requires improvement following an inspection in February 2024. The Care Quality Commission
(CQC) found improvements in how the practice managed medicines.
"""


def _current(record: DocumentRecord) -> dict[str, str | None]:
    return {loc.name or "": loc.current_overall_rating.value if loc.current_overall_rating else None
            for loc in record.locations}


def test_a_location_said_to_have_changed_from_one_rating_to_another_is_rated_the_new_one_now() -> None:
    now = _current(extract(IMPROVED))
    assert now.get("Orwell Homecare") == "good"
    assert now.get("Deben House") == "inadequate"
    assert _current(extract(SURGERY)).get("Belton Lane Surgery") == "requires-improvement"


def test_a_change_of_a_key_question_or_of_what_may_be_gives_no_current_rating() -> None:
    safe = extract(SURGERY.replace("has improved its rating from Inadequate\nto Requires improvement",
                                   "has improved its rating for safe from Inadequate\nto Requires improvement"))
    assert _current(safe).get("Belton Lane Surgery") is None
    maybe = extract(SURGERY.replace("has improved its rating from Inadequate\nto Requires improvement",
                                    "could have improved its rating from Inadequate\nto Requires improvement"))
    assert _current(maybe).get("Belton Lane Surgery") is None


def test_a_key_questions_section_change_wrapped_over_two_lines() -> None:
    from cqcgraph.extract import prose
    from cqcgraph.records import KeyQuestion, RatingChange, RatingValue

    agency = """Is the service safe?
Our findings
Safe – this means we looked for evidence that people were protected from abuse and avoidable
harm.
At our last inspection this key question was rated as good. At this inspection this key
question has deteriorated to inadequate.
"""
    home = """Is the service responsive?
Our findings
At our last inspection we rated this key
question requires improvement. At this inspection this key question has
improved to good.
"""
    [(kq, said)] = prose.section_changes(agency)
    assert (kq, said.change, said.previous) == (KeyQuestion.SAFE, RatingChange.WENT_DOWN, RatingValue.GOOD)
    [(kq, said)] = prose.section_changes(home)
    assert (kq, said.change, said.previous) == (KeyQuestion.RESPONSIVE, RatingChange.IMPROVED, RatingValue.REQUIRES_IMPROVEMENT)
    # a key question the next section would rate is not changed by words about what may be
    assert not prose.section_changes(home.replace("this key question has\nimproved to good", "this key question could\nimprove to good"))


def test_a_service_section_rating_its_service_with_rated_left_out() -> None:
    from cqcgraph.extract.rating_subjects import service_sections

    trust = """
Community-based mental health services for adults of working age

Our rating of this service improved. We rated it as good. The service was good for safe,
caring, responsive and well-led and requires improvement for effective.
"""
    hospital = """
Surgery

We rated it as requires improvement. It was inadequate for safe and good for caring.
"""
    said = {(r.service, r.key_question.value): r.value.value for r in service_sections(trust)}
    name = "Community-based mental health services for adults of working age"
    assert said[(name, "effective")] == "requires-improvement" and said[(name, "well-led")] == "good"
    said = {(r.service, r.key_question.value): r.value.value for r in service_sections(hospital)}
    assert said[("Surgery", "safe")] == "inadequate" and said[("Surgery", "caring")] == "good"
    # the service's earlier values are no rating of it now
    earlier = hospital.replace("It was inadequate for safe", "It was previously inadequate for safe")
    assert ("Surgery", "safe") not in {(r.service, r.key_question.value) for r in service_sections(earlier)}


def test_a_core_service_kept_at_its_earlier_rating_is_carried_over_and_the_earlier_inspections() -> None:
    from cqcgraph.records import Inspection, KeyQuestion, Provider, Rating, RatingValue
    from cqcgraph.extract.rating_subjects import with_rating_subjects
    from cqcgraph.extract.patterns import parse_date

    def read(text: str, earlier: str) -> DocumentRecord:
        now = Inspection(provider=0, start_date=parse_date("8 June 2021"), ratings=(Rating(KeyQuestion.OVERALL, RatingValue.GOOD),))
        before = Inspection(provider=0, start_date=parse_date(earlier), is_previous=True,
                            ratings=(Rating(KeyQuestion.OVERALL, RatingValue.OUTSTANDING),))
        return with_rating_subjects(DocumentRecord("press-release", providers=(Provider(name="Eastvale NHS Trust"),),
                                                   inspections=(now, before)), text)

    mental = read("We did not inspect the remaining eight core services at this inspection. Their ratings from\n"
                  "our previous comprehensive inspection in November 2018 remain in place; for example forensic\n"
                  "inpatient or secure wards remains rated outstanding.", "November 2018")
    now, before = mental.inspections
    assert [(r.service, r.value.value, r.carried_over) for r in now.ratings if r.service] == \
        [("Forensic inpatient or secure wards", "outstanding", True)]
    assert [(r.service, r.value.value) for r in before.ratings] == [("Forensic inpatient or secure wards", "outstanding")]
    community = read("The ratings from the last inspection in March 2019 remain in place for the other services; "
                     "end of life care remains rated outstanding.", "March 2019")
    assert [(r.service, r.value.value) for r in community.inspections[1].ratings] == [("End of life care", "outstanding")]
    # what may be is kept by no one
    maybe = read("Their ratings from our previous inspection in November 2018 would remain in place; forensic inpatient "
                 "or secure wards remains rated outstanding.", "November 2018")
    assert not [r for r in maybe.inspections[0].ratings if r.service]


def test_a_key_question_row_with_its_score_and_earlier_rating_columns() -> None:
    from cqcgraph.extract.ratings import line_ratings

    practice = """Overall
Good

Safe          Good                    Score 66%   Previously: Requires improvement
Effective     Good                    Score 68%   Previously: Good
Responsive    Requires improvement    Score 50%   Previously: Good
"""
    home = """Caring        Outstanding    Score 88%   Previously: Good
Well-led      Inadequate     Score 31%
"""
    said = {f.rating.key_question.value: f.rating.value.value for f in line_ratings(practice)}
    assert said["safe"] == "good" and said["effective"] == "good" and said["responsive"] == "requires-improvement"
    said = {f.rating.key_question.value: f.rating.value.value for f in line_ratings(home)}
    assert said == {"caring": "outstanding", "well-led": "inadequate"}  # "Previously: Good" is no current rating
    # a line that says only the rating before gives nothing
    assert not line_ratings("Safe          Previously: Requires improvement\n")


def test_key_questions_rated_after_it_is_without_the_verb() -> None:
    """"It is requires improvement in effective and well-led and good in safe, caring and
    responsive", after the sentence rating the service overall; "it is good to see" rates nothing."""
    home = """Inspection summary

Alder Court

Alder Court Care Limited
12 Mill Lane, Beverley, East Riding of Yorkshire HU17 9AA

Date of inspection visit: 4 March 2018
Date of publication: 11 April 2018

Overall summary

This inspection took place on 4 March 2018 and was unannounced.

We have rated the service requires improvement overall. It is requires improvement in
effective and well-led and good in safe, caring and responsive.

It is good to see that people's rooms had been redecorated.
"""
    agency = """Inspection summary

Lantern Home Support

Lantern Care Services Ltd
Unit 4, Quay Road, Bridlington, East Riding of Yorkshire YO15 2AB

Date of inspection visit: 9 May 2019
Date of publication: 20 June 2019

Overall summary

This inspection took place on 9 May 2019 and was announced.

We have rated the service good overall. The agency is outstanding in caring and good in safe,
effective, responsive and well-led.
"""
    got = _ratings(extract(home))
    assert {kq: v for (_d, kq, _s), v in got.items()} == {
        "overall": "requires-improvement", "effective": "requires-improvement", "well-led": "requires-improvement",
        "safe": "good", "caring": "good", "responsive": "good"}
    got = _ratings(extract(agency))
    assert {kq: v for (_d, kq, _s), v in got.items()} == {
        "overall": "good", "caring": "outstanding", "safe": "good", "effective": "good", "responsive": "good",
        "well-led": "good"}


def test_the_ratings_at_that_inspection_belong_to_the_one_the_sentence_before_dates() -> None:
    """"The last inspection … was on 3 and 4 December 2019 (report published 20 January 2020). At
    that inspection we rated Oak House good overall, requires improvement for safe …": the earlier
    inspection's ratings, not the current assessment's."""
    home = """Hawthorn View

Care home
Church Road, Marple, Stockport SK6 7AA
Provided and run by: Hawthorn Care LLP

Latest assessment

Assessment activity started: 5 March 2024
Assessment activity finished: 2 April 2024
Report published: 16 May 2024

Overall rating: Requires improvement

Previous ratings
The last inspection, under our previous approach, was on 3 and 4 December 2019 (report
published 20 January 2020). At that inspection we rated Hawthorn View good overall, requires
improvement for safe and good for effective, caring, responsive and well-led.
"""
    practice = """Brook Lane Surgery

GP practice
2 Brook Lane, Keswick, Cumbria CA12 5AA
Provided and run by: Brook Lane Partnership

Latest assessment

Assessment activity started: 10 June 2024
Report published: 30 August 2024

Overall rating: Good

Our previous inspection
We last inspected the practice on 14 March 2018. At that inspection we rated Brook Lane
Surgery outstanding overall and outstanding for responsive.
"""
    earlier = _ratings(extract(home), previous=True)
    assert earlier == {("2019-12-03", "overall", ""): "good", ("2019-12-03", "safe", ""): "requires-improvement",
                       ("2019-12-03", "effective", ""): "good", ("2019-12-03", "caring", ""): "good",
                       ("2019-12-03", "responsive", ""): "good", ("2019-12-03", "well-led", ""): "good"}
    assert ("2024-03-05", "overall", "") in _ratings(extract(home))
    assert ("2024-03-05", "safe", "") not in _ratings(extract(home))
    earlier = _ratings(extract(practice), previous=True)
    assert earlier == {("2018-03-14", "overall", ""): "outstanding", ("2018-03-14", "responsive", ""): "outstanding"}
    assert ("2024-06-10", "responsive", "") not in _ratings(extract(practice))


def test_a_rating_printed_as_previously_beside_the_current_one_is_the_earlier_inspection_s() -> None:
    """"Safe  Good  Score 66%  Previously: Requires improvement" and "Overall / Good / Previously:
    Requires improvement": the earlier value goes to the earlier inspection the page dates (or an
    undated earlier one), never to the current one, and gives no change by itself."""
    practice = """Millbrook Surgery

GP practice
8 Mill Street, Cockermouth, Cumbria CA13 9AA
Provided and run by: Millbrook Partnership

Latest assessment

Assessment published 3 March 2025
Assessment period: 2 December 2024 to 20 January 2025

Overall
Good
Previously: Requires improvement

Safe          Good                    Score 66%   Previously: Requires improvement
Effective     Good                    Score 70%   Previously: Good
Responsive    Requires improvement    Score 50%   Previously: Good

Previous inspection
Our last inspection was on 14 June 2022. The report was published on 1 August 2022.
"""
    home = """Linden Lodge

Care home
4 Linden Road, Whitby, North Yorkshire YO21 1AA
Provided and run by: Linden Care Limited

Latest assessment

Assessment activity started: 7 May 2024
Report published: 19 July 2024

Overall: Requires improvement (previously Good)

Safe        Requires improvement    Score 50%    Previously: Good
Caring      Good                    Score 75%    Previously: Outstanding
"""
    read = extract(practice)
    now, then = _ratings(read), _ratings(read, previous=True)
    assert then == {("2022-06-14", "overall", ""): "requires-improvement", ("2022-06-14", "safe", ""): "requires-improvement",
                    ("2022-06-14", "effective", ""): "good", ("2022-06-14", "responsive", ""): "good"}
    assert now[("2024-12-02", "overall", "")] == "good" and now[("2024-12-02", "safe", "")] == "good"
    assert now[("2024-12-02", "responsive", "")] == "requires-improvement"
    assert not any(i.changes for i in read.inspections)
    read = extract(home)
    now, then = _ratings(read), _ratings(read, previous=True)
    assert then == {("", "overall", ""): "good", ("", "safe", ""): "good", ("", "caring", ""): "outstanding"}
    assert now[("2024-05-07", "overall", "")] == "requires-improvement" and now[("2024-05-07", "caring", "")] == "good"


def test_a_table_of_inspections_rates_each_earlier_inspection_on_its_row() -> None:
    """A page's "Rating history" table, one inspection a row with its publication and ratings
    (abbreviations its key defines, "*" for a rating kept from an earlier inspection): each
    earlier row's ratings on that inspection, with its days; the current row's no one else's."""
    home = """Sandpiper Court
Care home

3 Beach Road, Sheringham, Norfolk NR26 8AA
Provided and run by: Coastline Care Limited

Report from 12 September 2023 inspection
Published 20 November 2023

Overall: Good

Rating history

Inspection            Published          Overall   Safe   Effective  Caring       Responsive  Well-led
12 September 2023     20 November 2023   Good      Good   Good*      Good*        Good*       Good
2 and 3 March 2021    14 April 2021      RI        RI     Good       Good         Good        RI

RI = Requires improvement. * = rating from a previous inspection (not inspected this time).
"""
    agency = """Tidewater Home Care

Homecare agency
Unit 9, Harbour Park, Grimsby DN31 3AA
Provided and run by: Tidewater Services Ltd

Latest inspection: 6 June 2022

Overall: Requires improvement

Previous ratings

Date of inspection   Overall       Safe          Effective     Caring        Responsive    Well-led
6 June 2022          Requires improvement   Inadequate    Good          Good          Good          Requires improvement
9 October 2019       Outstanding   Good          Good          Outstanding   Outstanding   Outstanding
"""
    read = extract(home)
    earlier = [i for i in read.inspections if i.is_previous]
    assert [[d.iso for d in i.visit_dates] for i in earlier] == [["2021-03-02", "2021-03-03"]]
    assert earlier[0].publication_date is not None and earlier[0].publication_date.iso == "2021-04-14"
    assert {r.key_question.value: r.value.value for r in earlier[0].ratings} == {
        "overall": "requires-improvement", "safe": "requires-improvement", "effective": "good", "caring": "good",
        "responsive": "good", "well-led": "requires-improvement"}
    now = _ratings(read)
    assert now[("2023-09-12", "overall", "")] == "good" and now[("2023-09-12", "well-led", "")] == "good"
    read = extract(agency)
    assert _ratings(read, previous=True) == {
        ("2019-10-09", "overall", ""): "outstanding", ("2019-10-09", "safe", ""): "good",
        ("2019-10-09", "effective", ""): "good", ("2019-10-09", "caring", ""): "outstanding",
        ("2019-10-09", "responsive", ""): "outstanding", ("2019-10-09", "well-led", ""): "outstanding"}
    assert _ratings(read)[("2022-06-06", "safe", "")] == "inadequate"
    # an abbreviation the page does not define is no rating: the row is left
    odd = home.replace("RI = Requires improvement. ", "")
    assert not [i for i in extract(odd).inspections if i.is_previous and i.ratings]


def test_a_service_s_inspection_dated_without_its_year_takes_the_year_of_the_release_s_month() -> None:
    """"… remains rated Requires improvement overall following an inspection on 19 July", in a
    release about several services "following inspections in July 2023": 19 July 2023, and the
    service's ratings on that day's inspection."""
    def release(lead_month: str, clause: str) -> str:
        return f"""News

CQC publishes reports on three Suffolk care services
Published: 4 October 2023

The Care Quality Commission (CQC) has published reports on three adult social care services in
Suffolk following inspections in {lead_month}.

Orwell House, run by Orwell Care Ltd, in Ipswich, has been rated Good overall.

Deben Court, a nursing home in Woodbridge run by Deben Healthcare Ltd, has been rated
Inadequate overall and for being safe and well-led.

Stour Lodge, run by Stour Living Ltd, in Sudbury, remains rated Requires improvement overall
{clause}. It was rated Good for caring, but Requires improvement for the other four areas.
"""
    for lead, clause, day in (("July 2023", "following an inspection on 19 July", "2023-07-19"),
                              ("August 2023", "after its inspection on 2 August", "2023-08-02")):
        read = extract(release(lead, clause))
        lodge = next(n for n, loc in enumerate(read.locations) if loc.name == "Stour Lodge")
        mine = [i for i in read.inspections if i.location == lodge and not i.is_previous]
        assert [i.start_date.iso for i in mine if i.start_date] == [day]
        assert {r.key_question.value: r.value.value for r in mine[0].ratings}["caring"] == "good"
    # a day in another month than the release's is left to the month
    read = extract(release("July 2023", "following an inspection on 2 August"))
    lodge = next(n for n, loc in enumerate(read.locations) if loc.name == "Stour Lodge")
    assert [i.start_date.iso for i in read.inspections if i.location == lodge and i.start_date] == ["2023-07"]


def test_a_finding_that_the_service_is_now_rated_so_for_named_key_questions() -> None:
    """"The inspection, on 14 March 2017, found the practice was now good for providing safe,
    effective, caring, responsive and well-led services"; "found the home was still inadequate
    for being safe"; "found the home was now good at involving people" rates nothing."""
    def release(name: str, finding: str) -> str:
        return f"""Service in Stafford is out of special measures

Published: 2 May 2017

Categories: Media

The Care Quality Commission (CQC) has taken a service in Stafford out of special measures after
it made significant improvements.

Following an inspection in March, {name}, run by Example Care Ltd, is now rated as Good overall.

{finding}

Ends
"""
    read = extract(release("Moorside Surgery", "The inspection, on 14 March 2017, found the practice was now good for providing "
                                               "safe, effective, caring, responsive and well-led services."))
    got = {kq: v for (_d, kq, _s), v in _ratings(read).items()}
    assert got == {"overall": "good", "safe": "good", "effective": "good", "caring": "good", "responsive": "good",
                   "well-led": "good"}
    read = extract(release("Elmfield Lodge", "The inspection, on 3 April 2017, found the home was still inadequate for "
                                             "being safe and requires improvement for being well-led."))
    got = {kq: v for (_d, kq, _s), v in _ratings(read).items()}
    assert got == {"overall": "good", "safe": "inadequate", "well-led": "requires-improvement"}
    read = extract(release("Elmfield Lodge", "The inspection, on 3 April 2017, found the home was now good at involving people."))
    assert {kq for (_d, kq, _s) in _ratings(read)} == {"overall"}


SEVERAL = """News

CQC publishes reports on three {county} services

Published: {published}

The Care Quality Commission has published reports on three services in {county} run by
{provider}, following inspections in {months}.

{first}, a nursing home in {town}, has been rated Good overall. It was inspected on {first_day}.

{second}, which {what}, has been rated {value} following an inspection that began
on {second_day}. The service was rated:

- Safe: requires improvement
- Effective: good
- Caring: good
- Responsive: good
- Well-led: requires improvement
- Overall: {value}

Ends
"""


def test_a_service_named_with_what_it_does_is_one_of_a_release_s_services_with_its_own_inspection() -> None:
    """"Oak Home Care, which provides care to people in their own homes across South Lakeland, has
    been rated …" names a service of the release, and "following an inspection that began" / "on 15
    January 2019" (the sentence wrapped before its date) dates that service's inspection."""
    for fields, day in (
            (dict(county="Cumbria", published="7 March 2019", provider="Fellgate Healthcare Limited",
                  months="December 2018 and January 2019", first="Fellgate View", town="Kendal",
                  first_day="11 December 2018", second="Fellgate Home Care",
                  what="provides care to people in their own homes across South\nLakeland",
                  value="requires improvement", second_day="15 January 2019"), "2019-01-15"),
            (dict(county="Devon", published="2 June 2022", provider="Tamar Living Ltd",
                  months="April and May 2022", first="Tamar Court", town="Tavistock",
                  first_day="20 April 2022", second="Tamar Supported Living",
                  what="cares for 12 people with a learning disability in their\nown flats",
                  value="requires improvement", second_day="9 May 2022"), "2022-05-09")):
        read = extract(SEVERAL.format(**fields))
        names = [loc.name for loc in read.locations]
        assert fields["second"] in names
        mine = [i for i in read.inspections if i.location == names.index(fields["second"]) and not i.is_previous]
        assert [i.start_date.iso for i in mine if i.start_date] == [day]
        got = {r.key_question.value: r.value.value for r in mine[0].ratings}
        assert got["overall"] == "requires-improvement" and got["safe"] == "requires-improvement" and got["caring"] == "good"
    # a clause about something else than care is no service's mark
    other = SEVERAL.format(county="Devon", published="2 June 2022", provider="Tamar Living Ltd", months="April and May 2022",
                           first="Tamar Court", town="Tavistock", first_day="20 April 2022", second="Devon County Council",
                           what="funds most of the places", value="good", second_day="9 May 2022")
    assert "Devon County Council" not in [loc.name for loc in extract(other).locations]


def test_a_key_question_rated_otherwise_after_but_or_while() -> None:
    """"It was rated good for safe, effective, caring and responsive, but requires improvement for
    well-led because …", "… outstanding for caring, while good for the others named"."""
    def summary(name: str, sentence: str) -> str:
        return f"""Inspection summary

{name}

Example Care Limited
1 High Street, Penrith, Cumbria CA11 7AA

Date of inspection visit: 8 January 2019
Date of publication: 20 February 2019

Overall summary

This inspection took place on 8 January 2019 and was unannounced. {name} is rated good overall.
{sentence}
"""
    read = extract(summary("Eden Rise", "It was rated good for safe, effective, caring and responsive, but requires improvement "
                                        "for well-led because the provider had not notified CQC of two serious injuries."))
    assert {kq: v for (_d, kq, _s), v in _ratings(read).items()}["well-led"] == "requires-improvement"
    read = extract(summary("Fell Lodge", "It was rated outstanding for caring, while good for safe, effective, responsive and "
                                         "well-led."))
    got = {kq: v for (_d, kq, _s), v in _ratings(read).items()}
    assert got["caring"] == "outstanding" and got["well-led"] == "good" and got["safe"] == "good"


def test_a_listed_service_last_inspected_before_the_latest_inspection_is_rated_on_that_earlier_one() -> None:
    """A trust page's "Ratings for the trust's services": "Patient transport services / Good /
    Last inspected 11 September 2019" is the rating of the 2019 inspection, not of the latest; a
    service inspected at the latest stays on it."""
    def page(name: str, latest: str, blocks: str) -> str:
        return f"""{name}

Provider ID: R9X
Headquarters: 1 Station Road, Exeter, Devon EX1 1AA

NHS ambulance trust

Overall rating for this trust: Good

Are services safe? Good
Are services effective? Good
Are services caring? Good
Are services responsive? Good
Are services well-led? Good

Latest inspection: {latest}
Report published: 1 August 2023

Ratings for the trust's services

{blocks}
Contains public sector information licensed under the Open Government Licence v3.0.
"""
    first = page("Moorland Ambulance Service NHS Trust", "14 March 2023 - 20 April 2023", """Emergency and urgent care
Good
Last inspected 15 March 2023

Patient transport services
Requires improvement
Last inspected 11 September 2019

Resilience
Outstanding
Last inspected 12 September 2019
""")
    second = page("Coastal Ambulance Service NHS Trust", "6 June 2023 - 12 July 2023", """Emergency operations centre (EOC)
Good
Last inspected 7 June 2023

Patient transport services
Good
Last inspected 3 December 2018
""")
    read = extract(first)
    now, then = _ratings(read), _ratings(read, previous=True)
    assert now[("2023-03-14", "overall", "Emergency and urgent care")] == "good"
    assert not [key for key in now if key[2] in ("Patient transport services", "Resilience")]
    assert then == {("2019-09-11", "overall", "Patient transport services"): "requires-improvement",
                    ("2019-09-12", "overall", "Resilience"): "outstanding"}
    read = extract(second)
    assert _ratings(read, previous=True) == {("2018-12-03", "overall", "Patient transport services"): "good"}
    assert _ratings(read)[("2023-06-06", "overall", "Emergency operations centre (EOC)")] == "good"


def test_a_key_question_row_not_assessed_keeps_its_earlier_rating_as_carried_over() -> None:
    """"Effective - Not assessed. Rating from our last inspection: Good" rates effective good on
    the current assessment, carried over; a row with its own rating is left as read."""
    def page(name: str, rows: str) -> str:
        return f"""{name}

Homecare agency
2 Foregate Street, Worcester WR1 1AA
Provided and run by: Example Care Services Limited

Our current view of the service

Date of assessment: 10 June 2025 to 2 July 2025
Published: 29 July 2025

Overall: Good

{rows}
"""
    read = extract(page("Severn Care at Home", """Safe - Good (score 69%)
Effective - Not assessed. Rating from our last inspection: Good
Caring - Good (score 81%)
"""))
    effective = [r for i in read.inspections if not i.is_previous for r in i.ratings if r.key_question.value == "effective"]
    assert [(r.value.value, r.carried_over) for r in effective] == [("good", True)]
    read = extract(page("Teme Valley Care", """Safe - Requires improvement (score 56%)
Responsive: not looked at - rating from our previous inspection: Outstanding
Well-led - Good (score 70%)
"""))
    responsive = [r for i in read.inspections if not i.is_previous for r in i.ratings if r.key_question.value == "responsive"]
    assert [(r.value.value, r.carried_over) for r in responsive] == [("outstanding", True)]
    assert _ratings(read)[("2025-06-10", "safe", "")] == "requires-improvement"


def test_a_release_naming_its_service_only_as_rated_overall_by_cqc() -> None:
    """"Linden Court has been rated Good overall by the Care Quality Commission following an
    inspection in September 2021": a CQC release (the passive attributes the rating to CQC) about
    Linden Court; "is not inspected by the Care Quality Commission" attributes nothing."""
    def release(name: str, value: str, month: str) -> str:
        return f"""CQC publishes report on {name}

Published: 9 December 2021

{name} has been rated {value} overall by the Care Quality Commission following an inspection in
{month}.

The service was rated {value.lower()} for being safe, effective, caring, responsive and well-led.

Ends
"""
    for name, value, month in (("Linden Court", "Good", "September 2021"), ("Marsh View Lodge", "Outstanding", "October 2021")):
        read = extract(release(name, value, month))
        assert [loc.name for loc in read.locations] == [name]
        rated = [i for i in read.inspections if not i.is_previous]
        assert rated and rated[0].location == 0
        assert {r.key_question.value: r.value.value for r in rated[0].ratings}["overall"] == value.lower()
    school = """Hollybank Primary School

Headteacher's newsletter, summer term

Our breakfast club is run by the school itself. It is not inspected by the Care Quality
Commission. Ofsted rated the school Good.
"""
    assert extract(school).layout == "not-cqc"


def test_a_table_of_key_questions_with_a_previous_rating_column() -> None:
    """"Key question   Rating   Score   Previous rating" over "Safe   Requires improvement   50%
    Good": the current rating on the assessment, the previous one on the earlier inspection the
    page dates (or an undated one), never the other way round."""
    def page(name: str, extra: str, rows: str) -> str:
        return f"""{name}

Care home
4 Rowan Road, Carlisle, Cumbria CA1 1AB
Provided and run by: Example Care Ltd

Latest assessment

Assessment published 3 March 2025
Assessment period: 2 December 2024 to 20 January 2025

Overall: Requires improvement

{rows}
{extra}"""
    read = extract(page("Rowan House", "", """Key question   Rating                 Score   Previous rating
Safe           Requires improvement   50%     Good
Caring         Good                   75%     Outstanding
Well-led       Requires improvement   47%     Good
"""))
    assert _ratings(read)[("2024-12-02", "safe", "")] == "requires-improvement"
    assert _ratings(read)[("2024-12-02", "caring", "")] == "good"
    assert _ratings(read, previous=True) == {("", "safe", ""): "good", ("", "caring", ""): "outstanding", ("", "well-led", ""): "good"}
    read = extract(page("Hazel Court", "\nOur last inspection\nWe last inspected the home on 5 May 2021.\n",
                        """Key question    Rating         Previously
Effective       Good           Requires improvement
Responsive      Outstanding    Good
"""))
    assert _ratings(read)[("2024-12-02", "responsive", "")] == "outstanding"
    assert _ratings(read, previous=True) == {("2021-05-05", "effective", ""): "requires-improvement",
                                             ("2021-05-05", "responsive", ""): "good"}


def _page_with_history(name: str, history: str) -> str:
    return f"""{name}

Care home
2 Birch Lane, Hexham, Northumberland NE46 1AA
Provided and run by: Example Care Ltd

Overall: Good
Latest inspection: 12 March 2023
Report published: 20 April 2023

{history}
"""


def test_a_page_listing_its_earlier_inspections_a_line_each_rates_each_one() -> None:
    """"Previous inspections" / "Inspection on 4 July 2019 - Rated Requires improvement", and an
    "Inspection history" table of dates and overall ratings: each earlier inspection rated on its
    day; a line dating a report's publication dates no inspection."""
    read = extract(_page_with_history("Birch Lodge", """Previous inspections

Inspection on 4 July 2019 - Rated Requires improvement
Inspection on 11 May 2017 - Rated Good
"""))
    assert _ratings(read, previous=True) == {("2019-07-04", "overall", ""): "requires-improvement",
                                             ("2017-05-11", "overall", ""): "good"}
    assert _ratings(read) == {("2023-03-12", "overall", ""): "good"}
    read = extract(_page_with_history("Alder House", """Inspection history

Date               Overall rating
12 March 2023      Good
9 October 2020     Outstanding
June 2017          Requires improvement
"""))
    assert _ratings(read, previous=True) == {("2020-10-09", "overall", ""): "outstanding",
                                             ("2017-06", "overall", ""): "requires-improvement"}
    assert _ratings(read) == {("2023-03-12", "overall", ""): "good"}
    read = extract(_page_with_history("Cedar View", """Inspection history

02 April 2019  Inspection report  Overall: Good
"""))
    assert not [i for i in read.inspections if i.is_previous]


def test_a_provider_page_listing_its_services_as_a_table_or_a_line_each_rates_each_service() -> None:
    """"Services run by this provider" as a table ("Service   Type of service   Rating") or as a
    line each ("Larch House, Norwich - Rated Good"): each service a location with its current rating."""
    def page(name: str, listing: str) -> str:
        return f"""Care Quality Commission

{name}

Provider ID: 1-3041887365
Registered office: 2 Station Approach, Ipswich, Suffolk IP1 1AA

Services run by this provider (3)

{listing}
Contains public sector information licensed under the Open Government Licence v3.0.
"""
    read = extract(page("Fernbrook Care Group Ltd", """Service                 Type of service                    Rating
Fernbrook House         Care home service with nursing     Good
Fernbrook Lodge         Care home service without nursing  Requires improvement
Fernbrook Supported     Supported living service           Not yet rated
"""))
    assert [(loc.name, loc.service_types, loc.current_overall_rating and loc.current_overall_rating.value) for loc in read.locations] == [
        ("Fernbrook House", ("Care home service with nursing",), "good"),
        ("Fernbrook Lodge", ("Care home service without nursing",), "requires-improvement"),
        ("Fernbrook Supported", ("Supported living service",), None)]
    read = extract(page("Larch Care Services Ltd", """Larch House, Norwich - Rated Good
Larch View, Cromer - Rated Inadequate
"""))
    assert [(loc.name, loc.town, loc.current_overall_rating and loc.current_overall_rating.value) for loc in read.locations] == [
        ("Larch House", "Norwich", "good"), ("Larch View", "Cromer", "inadequate")]


def test_a_release_s_list_of_services_each_with_its_rating() -> None:
    """"The homes were rated as follows:" / "- Oak House, Maldon: Good" / "- Elm Court,
    Colchester: Requires improvement": each service a location with its own inspection's overall
    rating; a list of key questions ("- Safe: good") names no service."""
    def release(items: str) -> str:
        return f"""CQC publishes ratings for care homes in Essex

Published: 5 May 2022

The Care Quality Commission (CQC) has published reports on care homes in Essex run by
Blackwater Care Ltd, following inspections in March 2022.

The homes were rated as follows:

{items}
Ends
"""
    for items, expected in (("- Oak House, Maldon: Good\n- Elm Court, Colchester: Requires improvement\n",
                             {"Oak House": "good", "Elm Court": "requires-improvement"}),
                            ("• Ash Lodge, Witham – Inadequate\n• Beech View – Outstanding\n• Fir Court, Harlow – Good\n",
                             {"Ash Lodge": "inadequate", "Beech View": "outstanding", "Fir Court": "good"})):
        read = extract(release(items))
        names = [loc.name for loc in read.locations]
        got = {names[i.location]: r.value.value for i in read.inspections if i.location is not None
               for r in i.ratings if r.key_question.value == "overall"}
        assert got == expected
    read = extract(release("- Safe: good\n- Well-led: requires improvement\n"))
    assert not [loc for loc in read.locations if loc.name in ("Safe", "Well-led")]
