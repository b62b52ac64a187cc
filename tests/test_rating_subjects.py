"""Ratings on the right subject and service: a location's report whose labelled lines name both
the location and its provider rates the location (its grid's rows are the location's core
services or population groups, not the provider's); a service's rating stays on the service, a
group's on the group. Each wording is shown on two invented documents written as CQC writes."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord


def _current(record: DocumentRecord) -> dict[tuple[str, str, str], str]:
    """(subject, key question, service or group) -> rating of the current inspections."""
    out: dict[tuple[str, str, str], str] = {}
    for i in record.inspections:
        if i.is_previous:
            continue
        subject = record.locations[i.location].name if i.location is not None else \
            record.providers[i.provider].name if i.provider is not None else None
        for r in i.ratings:
            out[(subject or "", r.key_question.value, r.service or r.population_group or "")] = r.value.value
    return out


HOSPITAL_GRID = """Larkspur Clinic
Inspection report

Provider: Larkspur Health Partners Limited
Location: Larkspur Clinic, 4 Mill Lane, Reading, Berkshire RG1 2AB
Location ID: 1-2203948571
Inspection dates: 3 and 4 May 2022
Report published: 20 June 2022

Our ratings for this location

                      Safe    Effective   Caring   Responsive   Well-led   Overall
Surgery               Good    Good        Good     Outstanding  Good       Good
Outpatients           Good    Not rated   Good     Good         Requires   Requires
                                                                improvement improvement
Overall for this location  Good  Good     Good     Good         Good       Good
"""

GP_GRID = """Brook Street Surgery

Provider: Dr A Patel and Partners
Location: Brook Street Surgery, 12 Brook Street, Leicester LE1 5AA
Date of inspection: 14 March 2023

Ratings

                                        Safe   Effective  Caring  Responsive  Well-led  Overall
Older people                            Good   Good       Good    Good        Good      Good
People with long-term conditions        Good   Requires improvement  Good  Good  Good   Requires improvement

The practice was rated good overall by the Care Quality Commission.
"""


def test_a_grid_under_a_location_and_its_provider_rates_the_location_s_services() -> None:
    found = _current(extract(HOSPITAL_GRID))
    assert found[("Larkspur Clinic", "responsive", "Surgery")] == "outstanding"
    assert found[("Larkspur Clinic", "overall", "Outpatients")] == "requires-improvement"
    assert found[("Larkspur Clinic", "well-led", "Outpatients")] == "requires-improvement"
    assert found.get(("Larkspur Clinic", "effective", "Outpatients")) in (None, "not-rated")  # no rating word
    assert not any(subject == "Larkspur Health Partners Limited" for subject, _kq, _part in found)


def test_a_grid_under_a_practice_and_its_provider_rates_the_practice_s_groups() -> None:
    found = _current(extract(GP_GRID))
    assert found[("Brook Street Surgery", "safe", "Older people")] == "good"
    assert found[("Brook Street Surgery", "effective", "People with long-term conditions")] == "requires-improvement"
    assert not any(subject == "Dr A Patel and Partners" for subject, _kq, _part in found)


def _group_of(record: DocumentRecord, group_start: str) -> str | None:
    """The current rating of the population group whose name starts so."""
    for (_subject, kq, part), value in _current(record).items():
        if kq == "overall" and part.lower().startswith(group_start.lower()):
            return value
    return None


GP_GROUPS_TABLE = """Kingsmead Practice
Inspection report
Date of inspection visit: 4 February 2020
Care Quality Commission

Population group ratings

Older people                                                         Good
Working age people (including those retired and students)           Requires improvement
People experiencing poor mental health (including people living with dementia)   Outstanding
"""

GP_GROUPS_TABLE_2 = """Ashfield Medical Centre
Inspection report
Date of inspection visit: 9 June 2019
Care Quality Commission

Population group ratings

Families, children and young people                                  Good
Working age people (including those recently retired and students)  Inadequate
"""


def test_a_group_s_note_in_brackets_is_part_of_its_name_however_worded() -> None:
    assert _group_of(extract(GP_GROUPS_TABLE), "Working age people") == "requires-improvement"
    assert _group_of(extract(GP_GROUPS_TABLE), "People experiencing poor mental health") == "outstanding"
    assert _group_of(extract(GP_GROUPS_TABLE_2), "Working age people") == "inadequate"


def test_a_group_s_row_of_a_grid_is_not_its_first_cell() -> None:
    # "People with long-term conditions  Good  Requires improvement … Requires improvement": the
    # group's overall rating is the Overall column's, not the first cell's
    assert _group_of(extract(GP_GRID), "People with long-term conditions") == "requires-improvement"
    row = HOSPITAL_GRID.replace("Surgery               Good    Good", "Older people          Good    Inadequate") \
        .replace("Good       Good\nOutpatients", "Good       Inadequate\nOutpatients")
    assert _group_of(extract(row), "Older people") == "inadequate"


PRACTICES_RELEASE = """CQC finds improvements at two GP practices in Kent

Published: 2 May 2024

The Care Quality Commission (CQC) has published reports on two GP practices in Kent following inspections in March 2024.

Orchard Surgery, run by Orchard Partners, in Maidstone, is now rated Good overall, having been rated Inadequate in May 2023. It was rated Good in all five key
questions, and Outstanding for its care of people whose circumstances may make them vulnerable.

Hop Farm Medical Centre, run by Weald Primary Care Limited, in Paddock Wood, has been rated Requires improvement overall. It was rated Good for caring, and Inadequate for the care of older people.

Ends
"""


def test_a_group_rated_in_a_release_s_paragraph_is_the_group_s_not_the_practice_s() -> None:
    record = extract(PRACTICES_RELEASE)
    found = _current(record)
    assert found[("Orchard Surgery", "overall", "")] == "good"  # the clause dated earlier is history
    assert found[("Orchard Surgery", "well-led", "")] == "good"  # "in all five key" / "questions" is one sentence
    assert _group_of(record, "people whose circumstances") == "outstanding"
    assert found[("Hop Farm Medical Centre", "overall", "")] == "requires-improvement"
    assert _group_of(record, "older people") == "inadequate"
    assert not any(v == "inadequate" and part == "" for (_s, _kq, part), v in found.items())


HOMES_RELEASE = """CQC publishes reports on two Devon care services

Published: 3 October 2023

The Care Quality Commission (CQC) has published reports on two adult social care services in Devon following inspections in August 2023.

Coombe House, run by Coombe Care Ltd, in Exeter, has been rated Good overall. Inspectors rated the service
Good in all five areas.

Tamar View, a care home in Plymouth run by Tamar Homes Ltd, has been rated Outstanding overall. Inspectors rated the home
Outstanding in each of the five areas.

Ends
"""


def test_all_five_areas_rate_each_key_question_even_wrapped_after_what_is_rated() -> None:
    found = _current(extract(HOMES_RELEASE))
    assert found[("Coombe House", "safe", "")] == "good"
    assert found[("Coombe House", "well-led", "")] == "good"
    assert found[("Tamar View", "caring", "")] == "outstanding"
    assert found[("Tamar View", "responsive", "")] == "outstanding"


def test_a_list_of_services_names_each_not_two_joined() -> None:
    text = HOSPITAL_GRID.replace("Outpatients           Good    Not rated", "Diagnostic imaging    Good    Good   ") + (
        "\nWe rated it as good because surgery, outpatients\nand diagnostic imaging were rated good.\n"
        "Outpatients            Good\n")
    found = _current(extract(text))
    assert ("Larkspur Clinic", "overall", "Outpatients and diagnostic imaging") not in found
    assert found[("Larkspur Clinic", "overall", "Surgery")] == "good"


def test_the_group_rated_apart_from_all_the_others_has_its_own_rating() -> None:
    lead = ("Riverbank Surgery\nInspection report\nDate of inspection visit: 3 March 2020\nCare Quality Commission\n\n"
            "We rated the practice as inadequate overall. ")
    one = lead + ("Because of this, all population groups were rated inadequate, with the exception of families,\n"
                  "children and young people, which we rated as requires improvement.\n")
    two = lead + "All population groups are rated inadequate except older people, which was rated good.\n"
    assert _group_of(extract(one), "Families") == "requires-improvement"
    assert _group_of(extract(two), "Older people") == "good"
    # the five groups not named are not given a rating of their own
    assert _group_of(extract(two), "Working age") is None


def test_a_key_question_opening_a_later_clause_is_what_it_rates() -> None:
    text = ("Elm Hospice\nInspection report\nDate of inspection visit: 3 March 2022\nCare Quality Commission\n\n"
            "Overall rating: Outstanding\n\nGovernance processes were still being embedded, which is why well-led was rated good.\n"
            "Staff did not always check equipment, so safe was rated requires improvement.\n")
    found = _current(extract(text))
    assert found[("Elm Hospice", "overall", "")] == "outstanding"
    assert found[("Elm Hospice", "well-led", "")] == "good"
    assert found[("Elm Hospice", "safe", "")] == "requires-improvement"


TRUST_RELEASE = """CQC rates Northvale Hospitals NHS Trust as requires improvement

Published: 4 September 2015

The Care Quality Commission (CQC) has rated Northvale Hospitals NHS Trust as Requires improvement overall following an inspection carried out between 2 and 5 June 2015.

Inspectors rated the trust Inadequate for safety. It was rated Good for whether services are effective and caring, and Requires improvement for leadership.

Northvale General Hospital has been rated Requires improvement. Eastgate Community Hospital has been rated Good.

Ends
"""

TRUST_RELEASE_2 = """Chief Inspector of Hospitals rates Westmere Healthcare NHS Foundation Trust as good

Published: 12 February 2016

Westmere Healthcare NHS Foundation Trust has been rated as Good overall following an inspection in October 2015.

Inspectors rated the trust Outstanding for caring. It was rated Good for safety, effectiveness and leadership.

Westmere Royal Hospital has been rated Good, and Lakeside Hospital has been rated Outstanding.

Ends
"""


def _provider_s(record: DocumentRecord) -> tuple[dict[str, str], list[str | None]]:
    """The key question ratings of the provider's own inspection, and its start date."""
    own = [i for i in record.inspections if i.location is None and i.provider is not None and not i.is_previous]
    return ({r.key_question.value: r.value.value for i in own for r in i.ratings},
            [i.start_date.iso if i.start_date else None for i in own])


def test_a_trust_s_own_key_questions_in_a_release_are_the_trust_s_not_a_hospital_s() -> None:
    record = extract(TRUST_RELEASE)
    rated, dated = _provider_s(record)
    assert rated == {"overall": "requires-improvement", "safe": "inadequate", "effective": "good",
                     "caring": "good", "well-led": "requires-improvement"}
    assert dated == ["2015-06-02"]  # the trust's own sentence dates its inspection
    found = _current(record)
    assert found[("Eastgate Community Hospital", "overall", "")] == "good"
    assert ("Eastgate Community Hospital", "safe", "") not in found
    rated, _dated = _provider_s(extract(TRUST_RELEASE_2))
    assert rated["caring"] == "outstanding" and rated["effective"] == "good" and rated["well-led"] == "good"


TRUST_REPORT = """Eastmoor Hospitals NHS Trust

Inspection report

Trust headquarters
Eastmoor General Hospital
Moor Lane
Halifax
HX1 2YZ
Tel: 01422 300 100

Date of inspection visit: 5 March to 24 April 2019
Date of publication: 20/07/2019

Ratings

Overall trust quality rating           Good
Are services safe?                     Requires improvement
Are services effective?                Good
Are services caring?                   Good
Are services responsive?               Good
Are services well-led?                 Good

Ratings for Eastmoor General Hospital

                 Safe         Effective    Caring       Responsive   Well-led     Overall
Medical care     Requires     Good         Good         Good         Good         Good
(including       improvement
older people's
care)
Surgery          Good         Good         Outstanding  Good         Good         Good
Overall*         Requires     Good         Good         Good         Good         Good
                 improvement

Ratings for Calder Vale Hospital

                 Safe         Effective    Caring       Responsive   Well-led     Overall
Surgery          Inadequate   Requires     Good         Good         Requires     Requires
                              improvement                            improvement  improvement
Outpatients      Good         Not rated    Good         Good         Good         Good
Overall*         Inadequate   Requires     Good         Good         Requires     Requires
                              improvement                            improvement  improvement
"""


def test_each_hospital_s_grid_in_a_trust_report_rates_that_hospital() -> None:
    record = extract(TRUST_REPORT)
    found = _current(record)
    assert found[("Calder Vale Hospital", "overall", "Surgery")] == "requires-improvement"
    assert found[("Eastmoor General Hospital", "caring", "Surgery")] == "outstanding"
    # the "Overall*" row is the hospital's own, the box the trust's
    assert found[("Calder Vale Hospital", "safe", "")] == "inadequate"
    assert found[("Eastmoor General Hospital", "safe", "")] == "requires-improvement"
    assert found[("Eastmoor Hospitals NHS Trust", "overall", "")] == "good"
    assert not any(subject == "Eastmoor Hospitals NHS Trust" and part for subject, _kq, part in found)
    # a service's name wrapped over three lines, "(including" opening the second
    assert found[("Eastmoor General Hospital", "safe", "Medical care (including older people's care)")] == "requires-improvement"
    # a grid row's cells after the label "Surgery" are no location's name
    assert sorted(loc.name or "" for loc in record.locations) == ["Calder Vale Hospital", "Eastmoor General Hospital"]


def test_one_hospital_s_grid_stays_with_the_trust_s_inspection() -> None:
    one = TRUST_REPORT.split("Ratings for Calder Vale Hospital")[0]
    found = _current(extract(one))
    assert found[("Eastmoor Hospitals NHS Trust", "caring", "Surgery")] == "outstanding"


def test_a_group_s_name_a_pdf_wraps_under_its_rating_is_read_whole() -> None:
    one = ("Oakwood Surgery Quality Report\nDate of inspection visit: 3 May 2016\nCare Quality Commission\n\n"
           "The six population groups and what we found\n\n"
           "Older people                                                 Good\n"
           "People whose circumstances may make them                     Outstanding\nvulnerable\n"
           "People experiencing poor mental health                       Good\n(including people with dementia)\n")
    two = ("Birch Lane Medical Practice Quality Report\nDate of inspection visit: 9 June 2015\nCare Quality Commission\n\n"
           "Population groups\n\n"
           "People whose circumstances may make them                     Inadequate\nvulnerable\n"
           "Families, children and young people                          Good\n")
    assert _group_of(extract(one), "People whose circumstances may make them vulnerable") == "outstanding"
    assert _group_of(extract(one), "People experiencing poor mental health (including") == "good"
    assert _group_of(extract(two), "People whose circumstances may make them vulnerable") == "inadequate"


HOSPITAL_PAGE = """Skip to main content
Care Quality Commission
Home > Find a service > Riverside Community Hospital

Riverside Community Hospital
Mill Road, Ely, Cambridgeshire CB7 4AA
Provided and run by: Fenland Community NHS Trust

Overall rating for this hospital: Good
Latest inspection: 4 to 6 June 2018
Report published: 20 August 2018

Key question | Rating
Safe | Good
Caring | Outstanding

Services at this hospital

Community health inpatient services
Rating: Requires improvement
Inspected 4 June 2018
Key question | Rating
Safe | Requires improvement
Effective | Not rated
Caring | Good

Our ratings for Riverside Community Hospital combine the ratings for the services we inspected in
June 2018.
"""


def test_a_hospital_page_s_service_keeps_its_own_key_questions() -> None:
    found = _current(extract(HOSPITAL_PAGE))
    assert found[("Riverside Community Hospital", "safe", "Community health inpatient services")] == "requires-improvement"
    assert found[("Riverside Community Hospital", "caring", "Community health inpatient services")] == "good"
    # the hospital's own key questions stay its own, not dropped as given two values
    assert found[("Riverside Community Hospital", "safe", "")] == "good"
    assert found[("Riverside Community Hospital", "caring", "")] == "outstanding"
    other = HOSPITAL_PAGE.replace("Community health inpatient services", "Urgent and emergency services").replace(
        "Rating: Requires improvement", "Rating: Inadequate").replace("Safe | Requires improvement", "Safe | Inadequate")
    assert _current(extract(other))[("Riverside Community Hospital", "safe", "Urgent and emergency services")] == "inadequate"


def test_neither_a_trail_of_links_nor_a_sentence_on_ratings_names_the_hospital() -> None:
    record = extract(HOSPITAL_PAGE)
    assert [loc.name for loc in record.locations] == ["Riverside Community Hospital"]


def test_a_section_headed_by_a_core_service_rates_that_service() -> None:
    lead = ("Moorside Partnership NHS Foundation Trust\n\nInspection report\n\nDate of inspection visit: 8 to 10 June 2021\n"
            "Date of publication: 29/09/2021\n\nOverall trust quality rating   Good\n\n")
    one = lead + ("Wards for older people with mental health problems\n\n"
                  "We rated this service as good overall and good for each key question.\n\n"
                  "Acute wards for adults of working age and psychiatric intensive care units\n\n"
                  "We rated it as requires improvement overall. Safe and well-led were rated inadequate; caring was rated good.\n")
    two = lead + ("Surgery\n\nOur rating of this service stayed the same. We rated it as outstanding.\n\n"
                  "Maternity\n\nWe rated it as inadequate. The trust must improve triage.\n")
    found = _current(extract(one))
    trust = "Moorside Partnership NHS Foundation Trust"
    assert found[(trust, "responsive", "Wards for older people with mental health problems")] == "good"
    acute = "Acute wards for adults of working age and psychiatric intensive care units"
    assert found[(trust, "overall", acute)] == "requires-improvement"
    assert found[(trust, "well-led", acute)] == "inadequate"
    assert found[(trust, "caring", acute)] == "good"
    assert found[(trust, "overall", "")] == "good"  # the trust's own stays its own
    found = _current(extract(two))
    assert found[(trust, "overall", "Surgery")] == "outstanding"
    assert found[(trust, "overall", "Maternity")] == "inadequate"


def test_a_trust_s_page_head_gives_the_trust_s_current_rating_and_a_report_s_box_does_not() -> None:
    page = ("Northfell Ambulance Service NHS Trust\n\nProvider ID: R0X\nHeadquarters: Fell House, 3 Brock View, Preston PR2 5PX\n\n"
            "Overall rating for this trust: Requires improvement\n\nAre services safe? Inadequate\n\n"
            "Latest inspection: 14 February 2023 - 22 March 2023\nReport published: 9 June 2023\n")
    page_2 = ("Skip to main content\nCare Quality Commission\nSearch services | Provider portal\n\nHome > Find services > Eastdale Community Health NHS Trust\n\n"
              "Eastdale Community Health NHS Trust\n\nTrust headquarters\nPenrith Road, Keswick, Cumbria CA12 4RE\nProvider ID: RQZ\n\n"
              "Ratings\n\nOverall: Good\nLatest inspection: 22 January 2020 to 6 February 2020\nReport published: 17 April 2020\n\n"
              "Ratings for the whole trust\n\nSafe\nRequires improvement\nEffective\nGood\nCaring\nGood\nResponsive\nGood\n"
              "Well-led\nGood\nOverall\nGood\n\nCommunity health services\n\nService\nSafe\nEffective\nCaring\nResponsive\nWell-led\nOverall\n"
              "Community health inpatient services\nGood\nGood\nGood\nGood\nGood\nGood\n")
    assert extract(page).providers[0].current_overall_rating.value == "requires-improvement"  # type: ignore[union-attr]
    got = extract(page_2, source_url="https://www.cqc.org.uk/provider/RQZ")  # as retrieved from CQC's site
    assert got.providers[0].current_overall_rating.value == "good"  # type: ignore[union-attr]
    assert extract(TRUST_REPORT).providers[0].current_overall_rating is None


def test_a_service_s_summary_opening_with_its_rating_rates_that_service() -> None:
    lead = ("{provider}\n\n{place}\n\nInspection report\n\nDate of inspection visit: 4 to 6 May 2021\n"
            "Date of publication: 30/07/2021\n\nRatings\n\nOverall rating for this location        Requires improvement\n\n"
            "Our judgements about each of the main services\n\n")
    one = lead.format(provider="Elmbridge Care Partnership Limited", place="Hawthorn Lodge Hospital") + (
        "Forensic inpatient or secure wards\n"
        "Requires improvement. We rated safe and responsive as requires improvement, and effective,\n"
        "caring and well-led as good. The rating of this service went down.\n\n"
        "Wards for people with a learning disability or autism\n"
        "Good. We rated all five key questions as good.\n")
    two = lead.format(provider="Northgate Healthcare Limited", place="Saltmarsh Hospital") + (
        "Child and adolescent mental health wards\n"
        "Inadequate. We rated safe and well-led as inadequate, effective as requires improvement and\n"
        "caring and responsive as good.\n")
    found = _current(extract(one))
    forensic = "Forensic inpatient or secure wards"
    assert found[("Hawthorn Lodge Hospital", "overall", forensic)] == "requires-improvement"
    assert found[("Hawthorn Lodge Hospital", "responsive", forensic)] == "requires-improvement"
    assert found[("Hawthorn Lodge Hospital", "caring", forensic)] == "good"
    assert found[("Hawthorn Lodge Hospital", "overall", "Wards for people with a learning disability or autism")] == "good"
    assert found[("Hawthorn Lodge Hospital", "overall", "")] == "requires-improvement"  # the hospital's own stays its own
    found = _current(extract(two))
    camhs = "Child and adolescent mental health wards"
    assert found[("Saltmarsh Hospital", "overall", camhs)] == "inadequate"
    assert found[("Saltmarsh Hospital", "well-led", camhs)] == "inadequate"
    assert found[("Saltmarsh Hospital", "effective", camhs)] == "requires-improvement"
    assert found[("Saltmarsh Hospital", "responsive", camhs)] == "good"


def test_a_summary_s_bullet_on_one_core_service_rates_that_service_s_key_questions() -> None:
    lead = ("{trust}\nInspection report\n\nDate of inspection visit: 7 to 9 March 2022\nDate of publication: 14 June 2022\n\n"
            "Ratings\nOverall trust quality rating              Requires improvement\n"
            "Are services safe?                        Requires improvement\n\nWhat we found\n"
            "Our rating of the trust stayed the same. We rated it as requires improvement because:\n"
            "• We rated safe, effective and well-led as requires improvement, and caring and responsive as good.\n")
    one = lead.format(trust="Severnside Ambulance Service NHS Trust") + (
        "• Our rating of emergency and urgent care went down from good to requires improvement. We\n"
        "  rated safe and well-led as requires improvement, effective as good and caring as outstanding.\n"
        "• Staff did not always complete patient records.\n")
    two = lead.format(trust="Marchbank Community Health NHS Trust") + (
        "• We rated community health services for adults as inadequate. Safe and well-led were\n"
        "  inadequate, responsive was requires improvement, caring was good. We did not rate effective.\n")
    found = _current(extract(one))
    trust, service = "Severnside Ambulance Service NHS Trust", "Emergency and urgent care"
    assert found[(trust, "safe", service)] == "requires-improvement"
    assert found[(trust, "effective", service)] == "good"
    assert found[(trust, "caring", service)] == "outstanding"
    assert found[(trust, "safe", "")] == "requires-improvement"  # the trust's own stays its own
    assert found[(trust, "caring", "")] == "good"
    found = _current(extract(two))
    trust, service = "Marchbank Community Health NHS Trust", "Community health services for adults"
    assert found[(trust, "safe", service)] == "inadequate"
    assert found[(trust, "well-led", service)] == "inadequate"
    assert found[(trust, "responsive", service)] == "requires-improvement"
    assert found[(trust, "caring", service)] == "good"
    assert (trust, "effective", service) not in found  # not rated stays absent


def _changes(record: DocumentRecord) -> dict[str, str]:
    """Key question -> change of the current inspections' subjects' own ratings."""
    return {c.key_question.value: c.change.value for i in record.inspections if not i.is_previous for c in i.changes}


def test_every_change_arrow_cqc_prints_beside_a_rating_is_read_and_is_no_word_of_the_grid() -> None:
    # "⬆" went up, "⬇" went down; "↔" and "➡" (stayed the same) beside a grid's cells keep them ratings
    for same, up, down in (("↔", "↑", "↓"), ("➡", "⬆", "⬇")):
        arrowed = TRUST_REPORT.replace("Overall trust quality rating           Good",
                                       f"Overall trust quality rating           Good  {same}") \
            .replace("Are services safe?                     Requires improvement",
                     f"Are services safe?                     Requires improvement  {down}") \
            .replace("Are services caring?                   Good", f"Are services caring?                   Good  {up}") \
            .replace("Are services effective?                Good", f"Are services effective?                Good  {same}") \
            .replace("Surgery          Good         Good         Outstanding  Good         Good         Good",
                     f"Surgery          Good         Good         Outstanding  Good         Good         Good\n"
                     f"                 {same}            {same}            {up}            {same}            {same}            {same}")
        record = extract(arrowed)
        assert _changes(record) == {"safe": "went-down", "effective": "stayed-the-same", "caring": "improved"}, same
        found = _current(record)
        assert found[("Eastmoor General Hospital", "caring", "Surgery")] == "outstanding", same
        assert found[("Calder Vale Hospital", "overall", "Surgery")] == "requires-improvement", same


def test_one_hospital_s_grid_is_the_hospital_s_when_the_report_names_another_of_the_trust_s() -> None:
    one = TRUST_REPORT.split("Ratings for Calder Vale Hospital")[0]
    for said in ("We did not inspect Calder Vale Hospital at this inspection; its ratings are unchanged.",
                 "Services at Ashby Royal Infirmary were not inspected this time."):
        found = _current(extract(one.replace("Ratings for Eastmoor General Hospital", f"{said}\n\nRatings for Eastmoor General Hospital")))
        assert found[("Eastmoor General Hospital", "caring", "Surgery")] == "outstanding", said
        assert found[("Eastmoor General Hospital", "safe", "")] == "requires-improvement", said
        assert found[("Eastmoor Hospitals NHS Trust", "overall", "")] == "good", said
        assert not any(subject == "Eastmoor Hospitals NHS Trust" and part for subject, _kq, part in found), said


SERVICE_REPORT = """{provider}
{place}

Inspection report

{address}

Date of inspection visit: 25 February 2020 and 4 March 2020
Date of publication: 11 June 2020

Ratings
Overall rating for this location         Requires improvement    ⬇
Are services safe?                       Inadequate              ⬇
Are services effective?                  Requires improvement    ⬇
Are services caring?                     Good                    ➡
Are services responsive?                 Good                    ➡
Are services well-led?                   Requires improvement    ⬇

Summary of findings

{service}
Requires improvement ⬇

Our rating of this service went down. We rated it as requires improvement because:
 Staff had not all completed safeguarding training to the level required.

We previously inspected this service on {before} and rated it good overall.

Areas for improvement
"""


def test_an_earlier_rating_of_this_service_in_a_core_service_s_section_is_that_service_s() -> None:
    for provider, place, address, service, before in (
            ("Swanmore Ambulance Ltd", "Swanmore Ambulance - Thurrock", "Unit 3, Oliver Road, Grays, Essex RM20 3ED",
             "Patient transport services", "17 and 18 October 2017"),
            ("Heathgate Clinics Limited", "Heathgate Surgical Centre", "2 Mill Road, Chelmsford, Essex CM1 1AA",
             "Surgery", "9 May 2018")):
        record = extract(SERVICE_REPORT.format(provider=provider, place=place, address=address, service=service, before=before))
        earlier = [i for i in record.inspections if i.is_previous]
        assert len(earlier) == 1, place
        assert [(r.key_question.value, r.value.value, r.service) for r in earlier[0].ratings] == [("overall", "good", service)], place


AMBULANCE_TRUST = """{trust}

Inspection report

Trust headquarters
Ambulance House, Brindley Way
Wakefield WF2 0XQ
Tel: 0345 120 0399

Date of inspection visit: 11 to 13 January 2022
Date of publication: 20 April 2022

Ratings

Overall trust quality rating           Requires improvement
Are services safe?                     Inadequate
Are services effective?                Requires improvement
Are services caring?                   Good
Are services responsive?               Requires improvement
Are services well-led?                 Requires improvement

Overall summary

We inspected the emergency and urgent care service between 11 and 13 January 2022.

We did not inspect {others} at this inspection.
Their ratings are from our inspection in June 2019:
{bullets}
"""


@pytest.mark.parametrize("trust,others,bullets,expected", [
    ("Northmoor Ambulance Service NHS Trust", "NHS 111 or resilience", "• NHS 111 – Good\n• Resilience – Outstanding",
     [("NHS 111", "good"), ("Resilience", "outstanding")]),
    ("Eastfield Ambulance Service NHS Foundation Trust", "the patient transport service, resilience or NHS 111",
     "• Patient transport services – Good\n• Resilience – Good\n• NHS 111 – Requires improvement",
     [("Patient transport services", "good"), ("Resilience", "good"), ("NHS 111", "requires-improvement")]),
])
def test_an_ambulance_trust_s_nhs_111_and_resilience_are_core_services(trust: str, others: str, bullets: str, expected) -> None:
    record = extract(AMBULANCE_TRUST.format(trust=trust, others=others, bullets=bullets))
    earlier = [i for i in record.inspections if i.is_previous]
    assert len(earlier) == 1
    assert [(r.service, r.value.value) for r in earlier[0].ratings if r.service] == expected
