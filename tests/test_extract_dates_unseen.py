"""Dates in wordings of CQC's releases that the reader had not met: a release that first dates
its inspection by a month with no year ("following an inspection in December") and then by its
day ("During the inspection on 8 December 2015") keeps both; a yearless month that names another
month, or comes after the day, is no wording of that date. Each on two invented releases."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract

_RELEASE = (
    "{title}\n\nPublished: {published}\n\nCategories: Media, GPs\n\n"
    "The Care Quality Commission has rated {name} in {town} as Inadequate and placed the practice into "
    "special measures following an inspection in {month}.\n\n"
    "During the inspection on {day}, inspectors found the practice was inadequate for providing safe, "
    "effective and well-led services. It was rated as good for being caring.\n"
)

_PRACTICES = (
    dict(title="CQC places Lancaster GP practice into special measures", published="3 February 2016",
         name="Greaves Lane Surgery", town="Lancaster", day="8 December 2015"),
    dict(title="Stoke-on-Trent practice rated inadequate", published="28 April 2017",
         name="Hanley Road Medical Practice", town="Stoke-on-Trent", day="14 March 2017"),
)


def _current(text: str):
    record = extract(text)
    return next(i for i in record.inspections if not i.is_previous)


@pytest.mark.parametrize("fields", _PRACTICES)
def test_a_release_s_first_yearless_wording_of_its_inspection_is_kept_with_its_day(fields: dict[str, str]) -> None:
    month = fields["day"].split()[1]
    insp = _current(_RELEASE.format(month=month, **fields))
    assert insp.start_date is not None and insp.start_date.iso is not None
    assert insp.dates_text == month


@pytest.mark.parametrize("fields", _PRACTICES)
def test_a_yearless_month_naming_another_month_is_no_wording_of_the_day(fields: dict[str, str]) -> None:
    insp = _current(_RELEASE.format(month="the autumn" if "December" in fields["day"] else "January", **fields))
    assert insp.start_date is not None and insp.dates_text is None


_HOSPITAL_REPORT = (
    "{trust}\n\n{hospital}\n\nInspection report\n\n{street}\n{town}\n{postcode}\nTel: 01752 202 082\n\n"
    "Date of inspection visit: 6 to 8 February 2022\nDate of publication: 17 May 2022\n\n"
    "Ratings\n\nOverall rating for this location     Requires improvement\n\n"
    "Summary of findings\n\nWe inspected three core services: urgent and emergency care, medical care and maternity. "
    "{sentence}\n\nOur rating of services went down. We rated them as requires improvement.\n"
)


@pytest.mark.parametrize("sentence,earlier", [
    ("We did not inspect surgery or end of life care; the ratings for these services are from our inspection in October 2019.",
     "2019-10"),
    ("We did not inspect outpatients at this inspection; their ratings from our inspection in July 2019 "
     "have been combined with this inspection's ratings.", "2019-07"),
    ("We did not inspect children's services at either hospital; their ratings from our inspection in January 2020\n"
     "remain in place.", "2020-01"),
])
@pytest.mark.parametrize("trust,hospital,street,town,postcode", [
    ("Tamar Vale Hospitals NHS Foundation Trust", "St Levan Hospital", "Derriford Road", "Plymouth", "PL6 8DH"),
    ("Severnmouth Hospitals NHS Trust", "Royal Severnmouth Hospital", "Mytton Oak Road", "Shrewsbury", "SY3 8XQ"),
])
def test_the_earlier_inspection_the_ratings_of_services_not_inspected_are_from(sentence: str, earlier: str, trust: str,
                                                                              hospital: str, street: str, town: str,
                                                                              postcode: str) -> None:
    record = extract(_HOSPITAL_REPORT.format(trust=trust, hospital=hospital, street=street, town=town, postcode=postcode,
                                             sentence=sentence))
    assert [i.start_date.iso for i in record.inspections if i.is_previous and i.start_date] == [earlier]
    current = [i for i in record.inspections if not i.is_previous]
    assert current and all(i.start_date and i.start_date.iso == "2022-02-06" for i in current)


_SEVERAL_SERVICES = (
    "News\n\nCQC publishes reports on three {county} care services\nPublished: 12 September 2023\n\n"
    "The Care Quality Commission (CQC) has published reports on three adult social care services in\n"
    "{county} following inspections in July 2023.\n\n"
    "{first}, run by {first_provider}, in {town}, has been rated Good overall. It was rated Good for being safe,\n"
    "effective, caring, responsive and well-led.\n\n"
    "{second}, run by {second_provider}, in {town}, remains rated Requires\n"
    "improvement overall following an inspection on 19 July. It was rated Good for caring, but\n"
    "Requires improvement for the other four areas.\n\n"
    "{third}, a nursing home in {town} run by {third_provider}, has been rated Inadequate overall.\n"
)


@pytest.mark.parametrize("fields", [
    dict(county="Norfolk", town="Norwich", first="Bure Meadow House", first_provider="Aylsham Homes Ltd",
         second="Wensum View", second_provider="Riverside Living Ltd", third="Fairfield Court", third_provider="Ouse Care Ltd"),
    dict(county="Suffolk", town="Ipswich", first="Orwell Rise", first_provider="Gipping Care Ltd",
         second="Deben Lodge", second_provider="Felix Homes Limited", third="Stour House", third_provider="Stour Healthcare Ltd"),
])
def test_a_service_s_yearless_day_takes_the_year_of_the_month_all_were_inspected_in(fields: dict[str, str]) -> None:
    record = extract(_SEVERAL_SERVICES.format(**fields))
    starts = {record.locations[i.location].name: i.start_date.iso for i in record.inspections
              if i.location is not None and i.start_date and not i.is_previous}
    assert starts == {fields["first"]: "2023-07", fields["second"]: "2023-07-19", fields["third"]: "2023-07"}


_CANCELLED = (
    "CQC cancels registration of {county} home care provider\n\nPublished: 11 January 2022\n\n"
    "Categories:\n  • Media,\n  • Community services\n\n"
    "The Care Quality Commission has cancelled the registration of {provider}, a domiciliary care agency based in "
    "{town}, following a series of inspections which found people were being put at risk.\n\n"
    "CQC inspected the agency on {first} and again on {second}. {rated}\n\nEnds\n"
)


@pytest.mark.parametrize("first,second,iso", [("6th June 2021", "14/09/2021", ("2021-06-06", "2021-09-14")),
                                              ("3 March 2021", "28 April 2021", ("2021-03-03", "2021-04-28"))])
@pytest.mark.parametrize("provider,county,town", [("Caring Hands (Derby) Limited", "Derbyshire", "Ilkeston"),
                                                  ("Bright Days Home Care Ltd", "Kent", "Ashford")])
def test_an_inspection_and_the_one_again_after_it_are_two(first: str, second: str, iso: tuple[str, str], provider: str,
                                                          county: str, town: str) -> None:
    record = extract(_CANCELLED.format(first=first, second=second, provider=provider, county=county, town=town,
                                       rated="At both inspections the service was rated inadequate."))
    dated = sorted((i.start_date.iso, i.is_previous, [r.value.value for r in i.ratings])
                   for i in record.inspections if i.start_date)
    assert dated == [(iso[0], True, ["inadequate"]), (iso[1], False, ["inadequate"])]


@pytest.mark.parametrize("provider,county,town", [("Caring Hands (Derby) Limited", "Derbyshire", "Ilkeston"),
                                                  ("Bright Days Home Care Ltd", "Kent", "Ashford")])
def test_the_earlier_of_two_inspections_is_rated_only_when_both_are(provider: str, county: str, town: str) -> None:
    record = extract(_CANCELLED.format(first="3 March 2021", second="28 April 2021", provider=provider, county=county,
                                       town=town, rated="At the second inspection the service was rated inadequate."))
    earlier = [i for i in record.inspections if i.is_previous]
    assert [i.start_date.iso for i in earlier if i.start_date] == ["2021-03-03"]
    assert not earlier[0].ratings


_COMPLIANCE = (
    "{name}\n\n{street}, {town} {postcode}\nProvided and run by: {provider}\n\n"
    "Latest report: 3 June 2014\n\nThe essential standards of quality and safety we checked:\n\n"
    "Staffing   ✖ Action needed\n\nInspection carried out between 3 and 5 May 2014\n"
    "This was an announced inspection.\n\nWhy we carried out this inspection\n"
    "This was a follow up inspection to check that action had been taken to meet the standards. {sentence}\n"
)


@pytest.mark.parametrize("sentence,earlier", [
    ("At our last inspection on 18 November 2013 we found the provider was not meeting the standard for staffing.", "2013-11-18"),
    ("At our previous inspection on 2 and 9 October 2013 we found the provider was not meeting two standards.", "2013-10-02"),
])
@pytest.mark.parametrize("name,street,town,postcode,provider", [
    ("Helping Hands of Tynedale", "4 Market Street", "Hexham", "NE46 3NS", "Tyne Support Network Limited"),
    ("Allendale Care at Home", "Unit 2, Station Yard", "Haltwhistle", "NE49 9HN", "Allen Valley Care Ltd"),
])
def test_a_review_of_compliance_keeps_the_earlier_inspection_its_summary_dates(sentence: str, earlier: str, name: str,
                                                                               street: str, town: str, postcode: str,
                                                                               provider: str) -> None:
    record = extract(_COMPLIANCE.format(sentence=sentence, name=name, street=street, town=town, postcode=postcode,
                                        provider=provider))
    assert record.layout == "review-of-compliance"
    assert [i.start_date.iso for i in record.inspections if i.is_previous and i.start_date] == [earlier]


_DENTAL = (
    "{name}\n\nInspection report\n\n{street}\n{town}\n{postcode}\nTel: 01743 355 010\n\n"
    "Date of inspection visit: 9 October 2023\nDate of publication: 4 December 2023\n\n"
    "Overall summary\n\nWe carried out this announced comprehensive inspection on 9 October 2023 under section 60 of the "
    "Health and Social Care Act 2008.\n\nBackground\n{name} is in {town} and provides NHS and private dental care. "
    "{sentence}\n"
)


@pytest.mark.parametrize("sentence", [
    "The last time we inspected, on 12 January 2019, we found the practice was providing safe and well-led care.",
    "Our last inspection was on 12 January 2019. The report was published on 2 March 2019.",
])
@pytest.mark.parametrize("name,street,town,postcode", [
    ("Kingsway Parade Dental Practice", "4 Kingsway Parade", "Shrewsbury", "SY1 1AA"),
    ("Abbey Foregate Dental Care", "20 Abbey Foregate", "Ludlow", "SY8 1AB"),
])
def test_the_one_day_of_an_earlier_inspection_named_with_it_is_visited(sentence: str, name: str, street: str, town: str,
                                                                       postcode: str) -> None:
    record = extract(_DENTAL.format(sentence=sentence, name=name, street=street, town=town, postcode=postcode))
    earlier = [i for i in record.inspections if i.is_previous]
    assert [(i.start_date.iso if i.start_date else None, [d.iso for d in i.visit_dates]) for i in earlier] == [
        ("2019-01-12", ["2019-01-12"])]


@pytest.mark.parametrize("where", ["on CQC's website", "on our website"])
@pytest.mark.parametrize("name,provider,town", [("Beaconsfield Lodge", "Quorn Care Limited", "Loughborough"),
                                                ("Charnwood House", "Soar Valley Homes Ltd", "Leicester")])
def test_a_release_s_note_of_the_report_published_on_the_website(where: str, name: str, provider: str, town: str) -> None:
    text = (f"CQC takes action to protect people at {town} care home\n\n16 August 2022\n\nCategories: Media, Adult social care\n\n"
            f"The Care Quality Commission (CQC) has rated {name}, run by {provider}, in {town}, inadequate following an\n"
            "unannounced inspection on 23 and 24 May 2022.\n\nInspectors found people were not always safe.\n\n"
            f"Notes to editors\n\nThe full report was published {where} on 12 August 2022.\n")
    insp = next(i for i in extract(text).inspections if not i.is_previous)
    assert insp.publication_date is not None and insp.publication_date.iso == "2022-08-12"


# Family: a date cut at its year by a line's end, in a release that dates a later visit too
# ("… between 14 and 16 May" / "2019. A further inspection … took place between 11 and 13 June
# 2019."): the inspection starts on the first date, not the later visit's.
@pytest.mark.parametrize("first, later, start", [
    ("CQC inspectors carried out unannounced inspections of four core services between 14 and 16 May\n2019.",
     "A further inspection, looking at how well-led the trust is, took place\nbetween 11 and 13 June 2019.", "2019-05-14"),
    ("Inspectors visited three of the trust's core services, unannounced, between 3 and 5 March\n2020.",
     "We looked at how well led the trust was between 7 and 9 April 2020.", "2020-03-03"),
])
def test_a_date_cut_at_its_year_dates_the_release_s_inspection(first: str, later: str, start: str) -> None:
    text = ("Trust rated Good by CQC\n\nPublished: 2 August 2019\n\n"
            "The Care Quality Commission has rated Calder Vale NHS Trust as Good overall.\n\n"
            f"{first} {later}\n\nThe trust was rated Good for being caring.\n")
    record = extract(text)
    assert [i.start_date.iso for i in record.inspections if i.start_date and not i.is_previous][:1] == [start]
