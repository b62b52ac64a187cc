"""Where a place's name and address end: the label or page furniture printed before an address,
the location's name repeated at its head, the core service or the town a report's head prints
after the name, a ratings grid's column heads taken for a name. Each family on two invented
documents at least (texts written here in CQC's manner, every name, address and ID made up)."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract


def _places(text: str) -> dict[str, tuple[str | None, str | None]]:
    record = extract(text)
    return {x.name or "": (x.address, x.postcode) for x in (*record.locations, *record.providers)}


# --- a label or page furniture before the address ----------------------------------------------

LABEL_BEFORE_ADDRESS = [
    ("""Ashdown Vale Mental Health NHS Foundation Trust
Inspection report
Trust headquarters: Larkspur House, Mill Lane, Crawley RH10 7QT
Date of inspection visit: 4 March 2020 to 9 April 2020
Date of publication: 2 July 2020

Ratings
Overall trust quality rating	Good
Are services safe?	Requires improvement
Are services effective?	Good

Our rating of the trust stayed the same. We rated it as good because staff were kind.
""", "Ashdown Vale Mental Health NHS Foundation Trust", ("Larkspur House, Mill Lane, Crawley", "RH10 7QT")),
    ("""Wolds Coast Community Services NHS Trust

Inspection report

Quality report
Trust headquarters, Beverley Road, Driffield, East Yorkshire YO25 6QA
Date of inspection visit: 2 - 4 May 2018
Date of publication: 1 August 2018

This report describes our judgement of the quality of care provided by this trust.

Ratings
Overall rating for this trust   Good
Are services safe?   Good
""", "Wolds Coast Community Services NHS Trust", ("Beverley Road, Driffield, East Yorkshire", "YO25 6QA")),
    ("""Tamar Reach Hospitals NHS Trust
Evidence appendix and ratings summary

Trust details
Provider: Tamar Reach Hospitals NHS Trust
Headquarters: Quayside House, Harbour Road, Plymouth PL4 0RT
Date of publication: 3 June 2019

Our rating of the trust

Overall rating for this trust       Good
Are services safe?                  Good
""", "Tamar Reach Hospitals NHS Trust", ("Quayside House, Harbour Road, Plymouth", "PL4 0RT")),
]


@pytest.mark.parametrize(("text", "name", "place"), LABEL_BEFORE_ADDRESS)
def test_an_address_starts_after_its_label_and_the_page_s_furniture(text, name, place) -> None:
    assert _places(text)[name] == place


def test_a_building_named_in_capitals_stays_in_the_address() -> None:
    text = LABEL_BEFORE_ADDRESS[1][0].replace("Trust headquarters, Beverley Road", "Trust Headquarters, Beverley Road")
    assert _places(text)["Wolds Coast Community Services NHS Trust"][0] == "Trust Headquarters, Beverley Road, Driffield, East Yorkshire"


# --- the location's name repeated at the head of its address ------------------------------------

NAME_AT_THE_HEAD = [
    ("""Latest inspection summary
Holmfirth Lane Surgery

Holmfirth Lane Surgery, 14 Holmfirth Lane, Huddersfield, West Yorkshire HD9 3TR
Provider: Holmfirth Lane Partnership
Inspected: 3 and 4 June 2019
Report published: 1 August 2019

Overall: Good

We carried out an announced comprehensive inspection at Holmfirth Lane Surgery on 3 and 4 June 2019.
""", "Holmfirth Lane Surgery", ("14 Holmfirth Lane, Huddersfield, West Yorkshire", "HD9 3TR")),
    ("""Latest inspection summary
Quarry Bank Health Centre

Quarry Bank Health Centre, 2 Quarry Street, Dudley, West Midlands DY2 8PQ
Provider: Quarry Bank Medical Group
Inspected: 12 March 2019
Report published: 30 April 2019

Overall: Requires improvement

We carried out an announced comprehensive inspection at Quarry Bank Health Centre on 12 March 2019.
""", "Quarry Bank Health Centre", ("2 Quarry Street, Dudley, West Midlands", "DY2 8PQ")),
]


@pytest.mark.parametrize(("text", "name", "place"), NAME_AT_THE_HEAD)
def test_the_location_s_name_at_the_head_of_its_address_is_no_part_of_it(text, name, place) -> None:
    assert _places(text)[name] == place


def test_a_name_the_address_writes_otherwise_stays_in_it() -> None:
    text = NAME_AT_THE_HEAD[1][0].replace("summary\nQuarry Bank Health Centre", "summary\nThe Quarry Bank Health Centre")
    found = _places(text)
    assert found["The Quarry Bank Health Centre"][0] == "Quarry Bank Health Centre, 2 Quarry Street, Dudley, West Midlands"


# --- a core service or a town printed after the name --------------------------------------------

AFTER_THE_NAME = [
    ("""Wearside Teaching Hospitals NHS Foundation Trust

Sunderland Royal Hospital - Maternity

Inspection report

Kayll Road, Sunderland SR4 7TP
Tel: 0191 565 6256

Date of inspection visit: 4 May 2023
Date of publication: 20/07/2023

Ratings

Overall rating for this service         Requires improvement
Are services safe?                      Requires improvement
""", "Sunderland Royal Hospital", ("Kayll Road, Sunderland", "SR4 7TP")),
    ("""Marcher Hospitals NHS Trust

Borderlands General Hospital - Urgent and emergency care

Inspection report

Mold Road, Oswestry, Shropshire SY11 4QB

Date of inspection visit: 1 February 2022
Date of publication: 5 April 2022

Ratings

Overall rating for this service         Inadequate
Are services safe?                      Inadequate
""", "Borderlands General Hospital", ("Mold Road, Oswestry, Shropshire", "SY11 4QB")),
    ("""Mercia Healthcare NHS Trust

Royal Wrekin Infirmary, Wellington

Inspection report

Haybridge Road, Hadley, Wellington, Shropshire TF1 9XY
Tel: 01952 000 111

Date of inspection visit: 12 to 14 March 2019
Date of publication: 19 June 2019

Ratings

Overall rating for this location        Good
Are services safe?                      Good
""", "Royal Wrekin Infirmary", ("Haybridge Road, Hadley, Wellington, Shropshire", "TF1 9XY")),
    ("""Solent Shore NHS Foundation Trust

St Mary's Hospital, Newport

Inspection report

Parkhurst Road, Newport, Isle of Wight PO30 5TX

Date of inspection visit: 2 to 4 October 2018
Date of publication: 9 January 2019

Ratings

Overall rating for this location        Requires improvement
Are services safe?                      Requires improvement
""", "St Mary's Hospital", ("Parkhurst Road, Newport, Isle of Wight", "PO30 5TX")),
]


@pytest.mark.parametrize(("text", "name", "place"), AFTER_THE_NAME)
def test_a_core_service_or_the_town_after_a_hospital_s_name_is_no_part_of_it(text, name, place) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == [name]
    assert (record.locations[0].address, record.locations[0].postcode) == place


def test_a_town_in_a_service_s_name_stays_when_its_address_does_not_hold_it() -> None:
    text = AFTER_THE_NAME[2][0].replace("Royal Wrekin Infirmary, Wellington", "Royal Wrekin Infirmary, Hadley Park")
    assert [x.name for x in extract(text).locations] == ["Royal Wrekin Infirmary, Hadley Park"]


# --- a ratings grid's column heads --------------------------------------------------------------

GRID_HEADS = [
    """Fosse Way Hospitals NHS Trust
Evidence appendix and ratings summary

Provider: Fosse Way Hospitals NHS Trust
Date of publication: 26 July 2019

Ratings for a combined trust

Location              Safe      Effective  Caring   Responsive  Well-led  Overall
Leicester Road        Good      Good       Good     Good        Good      Good
Hospital
""",
    """Riverside Mental Health NHS Trust
Inspection report
Date of publication: 4 May 2021

Ratings for the trust's locations

Location\tSafe\tEffective\tCaring\tResponsive\tWell-led\tOverall
Meadow View Hospital\tGood\tGood\tGood\tGood\tGood\tGood

We inspected the trust in March 2021. Our rating of the trust stayed the same.
""",
]


@pytest.mark.parametrize("text", GRID_HEADS)
def test_the_column_heads_of_a_ratings_grid_are_no_location(text) -> None:
    assert not [x.name for x in extract(text).locations if x.name and "Effective" in x.name]


# --- a provider page's list of services, with its count --------------------------------------

PROVIDER_PAGES = [
    ("""Care Quality Commission
Home > Find and compare services > Greensand Living Limited

Greensand Living Limited

Provider overview
Registered office: 7 Castle Street, Reigate, Surrey RH2 9AQ
Telephone: 01737 000 400
Nominated individual: Mrs Ann Tully

Services run by this provider (2)

Box Hill House
Zig Zag Road, Dorking RH5 6BY
Care home service with nursing
Rating: Good
Last inspected 3 May 2023

Greensand Home Care - Redhill
Unit 3, 12 Station Road, Redhill RH1 1PR
Domiciliary care service
Not yet rated
Registered 1 March 2024

Service ratings are shown at the time of their latest inspection.
""", "Greensand Living Limited", {"Box Hill House": ("Zig Zag Road, Dorking", "RH5 6BY"),
                                  "Greensand Home Care - Redhill": ("Unit 3, 12 Station Road, Redhill", "RH1 1PR")}),
    ("""Care Quality Commission
Home > Find and compare services > Tamesis Care Group Ltd

Tamesis Care Group Ltd

Provider overview
Registered office: 40 Bridge Street, Abingdon OX14 3HN
Nominated individual: Mr Owen Price

Locations run by this provider (2)

Thames Reach
Wharf Lane, Wallingford OX10 9AA
Care home service without nursing
Rating: Requires improvement
Last inspected 12 January 2024

Abbey Meadow
3 Abbey Close, Abingdon OX14 5LT
Care home service with nursing
Rating: Outstanding
Last inspected 20 September 2022

Service ratings are shown at the time of their latest inspection.
""", "Tamesis Care Group Ltd", {"Thames Reach": ("Wharf Lane, Wallingford", "OX10 9AA"),
                                "Abbey Meadow": ("3 Abbey Close, Abingdon", "OX14 5LT")}),
]


@pytest.mark.parametrize(("text", "provider", "services"), PROVIDER_PAGES)
def test_a_provider_page_lists_its_services_under_their_count(text, provider, services) -> None:
    record = extract(text)
    assert [p.name for p in record.providers] == [provider]
    assert {x.name: (x.address, x.postcode) for x in record.locations} == services
    assert all(x.last_inspection_date or x.registration_date for x in record.locations)


# --- a labelled name with its ID in brackets ----------------------------------------------------

KEYED_NAMES = [
    ("""Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

Mrs Jean Hollis
Registered Manager
Penhallow House
Chapel Street
Camborne
TR14 8EE

Date: 2 June 2022
Our reference: INS2-10293847561
Provider: Penwith Care Homes Ltd
Location: Penhallow House (1-2039184756)

Dear Mrs Hollis

Following our inspection of Penhallow House on 10 May 2022, we are serving a warning notice.
""", "Penhallow House", "1-2039184756"),
    ("""Inspection summary
Provider: Linden Tree Care Limited (1-101928374)
Location: Linden Tree Court (CQC ID: 1-5566778899)
Address: 4 Linden Way, Stafford ST16 3QQ

We carried out an unannounced inspection on 3 March 2023. We rated the service as good.
""", "Linden Tree Court", "1-5566778899"),
]


@pytest.mark.parametrize(("text", "name", "key"), KEYED_NAMES)
def test_a_labelled_name_gives_the_id_in_brackets_after_it(text, name, key) -> None:
    record = extract(text)
    assert [(x.name, x.cqc_id) for x in record.locations] == [(name, key)]


# --- a company's suffix wrapped onto the next line ----------------------------------------------

WRAPPED_PROVIDERS = [
    ("""News

CQC publishes reports on three Suffolk care services
Published: 4 October 2023

The Care Quality Commission (CQC) has published reports on three adult social care services.

Shingle Street Homecare, a home care service in Woodbridge run by East Suffolk Community Care
Limited, has improved from Requires improvement to Good overall.

Orwell View, a nursing home in Ipswich run by Gipping Healthcare Ltd, has been rated Good.
""", "Shingle Street Homecare", "East Suffolk Community Care Limited"),
    ("""News

Care home in Whitby rated inadequate
Published: 2 May 2023

Esk Valley Lodge, a residential home in Whitby run by North Yorkshire Moors Residential Care
Ltd, has been rated Inadequate and placed into special measures by the Care Quality Commission.
""", "Esk Valley Lodge", "North Yorkshire Moors Residential Care Ltd"),
]


@pytest.mark.parametrize(("text", "location", "provider"), WRAPPED_PROVIDERS)
def test_a_provider_s_suffix_wrapped_onto_the_next_line_is_its_own(text, location, provider) -> None:
    record = extract(text)
    place = next(x for x in record.locations if x.name == location)
    assert place.provider is not None and record.providers[place.provider].name == provider


# --- a partner named in a partnership provider's name -------------------------------------------

PARTNERS = [
    ("""CQC finds improvements at a GP practice in Norfolk

Published: 3 May 2024

A GP practice in Norfolk has been taken out of special measures by the Care Quality Commission (CQC).

Saxlingham Surgery, run by Dr K Mistry and Dr J Allen, in Holt, has improved its rating from
Inadequate to Good following an inspection in March.
""", "Saxlingham Surgery", "Dr K Mistry and Dr J Allen"),
    ("""GP practice in Leeds rated good

Published: 9 February 2023

The Care Quality Commission (CQC) has rated a GP practice in Leeds good.

Kirkstall Lane Medical Practice, run by Dr S Okafor and Dr H Brennan, in Leeds, has been rated Good
overall following an inspection in November 2022.
""", "Kirkstall Lane Medical Practice", "Dr S Okafor and Dr H Brennan"),
]


@pytest.mark.parametrize(("text", "location", "provider"), PARTNERS)
def test_a_partner_in_the_provider_s_name_is_no_service(text, location, provider) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == [location]
    assert provider in [p.name for p in record.providers]


@pytest.mark.parametrize(("text", "names"), [
    (GRID_HEADS[0], ["Leicester Road Hospital"]),
    (GRID_HEADS[1], ["Meadow View Hospital"]),
    ("""Severn Vale Hospitals NHS Trust
Inspection report
Date of publication: 2 June 2020

Ratings for a combined trust

Location              Safe      Effective  Caring   Responsive  Well-led  Overall
Cheltenham Park       Requires  Good       Good     Requires    Requires  Requires
General Hospital      improve-             improve-            improve-  improve-
                      ment                 ment                ment      ment
Tewkesbury Community  Good      Good       Good     Good        Good      Good
Hospital

Our rating of the trust went down.
""", ["Cheltenham Park General Hospital", "Tewkesbury Community Hospital"]),
])
def test_a_ratings_grid_under_location_lists_the_trust_s_locations(text, names) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == names
    assert all(x.provider == 0 for x in record.locations)


# --- the trust's hospitals named in prose -------------------------------------------------------

@pytest.mark.parametrize(("text", "names"), [
    ("""Wearside Teaching Hospitals NHS Foundation Trust

Sunderland Royal Hospital - Maternity

Inspection report

Kayll Road, Sunderland SR4 7TP

Date of inspection visit: 4 May 2023
Date of publication: 20/07/2023

Ratings

Overall rating for this service         Requires improvement

We also inspected the maternity service at the trust's other hospital, South Tyneside District
Hospital. That report is published separately.
""", ["Sunderland Royal Hospital", "South Tyneside District Hospital"]),
    ("""Fenland Acute Hospitals NHS Trust
Inspection report
Date of publication: 8 March 2019

We inspected the trust in November 2018. We visited the trust's two hospitals, Wisbech General
Hospital and March Road Infirmary. Our rating of the trust stayed the same.
""", ["Wisbech General Hospital", "March Road Infirmary"]),
])
def test_the_trust_s_hospitals_named_in_prose_are_its_locations(text, names) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == names
    assert all(x.provider == 0 for x in record.locations)


# --- a longer or shorter form of the name in the page's title or "Ratings for" -------------------

@pytest.mark.parametrize(("text", "names"), [
    ("""Hawksmoor Care Home

Inspection report

12 Moor Road, Harrogate, North Yorkshire HG2 7AB

Date of inspection visit: 3 May 2022
Date of publication: 1 July 2022

Ratings for Hawksmoor

Overall rating for this service   Good
Is the service safe?   Good

We carried out an unannounced inspection on 3 May 2022. We rated the service good.
""", {"Hawksmoor Care Home", "Hawksmoor"}),
    ("""Location name: Rydal Mount
Provider: Lakes Residential Care Ltd
Address: 2 Rydal Road, Ambleside LA22 9LU

Ratings for Rydal Mount Nursing Home

Overall   Requires improvement

We carried out an inspection on 8 June 2023. We rated the service requires improvement.
""", {"Rydal Mount", "Rydal Mount Nursing Home"}),
])
def test_a_longer_or_shorter_name_in_the_ratings_heading_is_another_name(text, names) -> None:
    record = extract(text)
    assert [{x.name, *x.alt_names} for x in record.locations] == [names]


def test_a_different_name_in_the_ratings_heading_is_not_another_name() -> None:
    text = """Hawksmoor Care Home

Inspection report

12 Moor Road, Harrogate, North Yorkshire HG2 7AB

Ratings for Brimham Lodge

Overall rating for this service   Good

We carried out an unannounced inspection on 3 May 2022. We rated the service good.
"""
    assert [x.alt_names for x in extract(text).locations] == [()]


# --- a company that gives the care itself, in a release ------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("""CQC cancels registration of Bolton home care provider
Published: 3 March 2022

The Care Quality Commission (CQC) has cancelled the registration of Tonge Moor Care Services
Limited, which provided personal care to people living in their own homes in Bolton.

CQC inspected the service in October 2021 and rated it Inadequate overall.
""", "Tonge Moor Care Services Limited"),
    ("""Home care provider in Luton placed in special measures
Published: 14 June 2023

The Care Quality Commission (CQC) has rated Lea Valley Home Support Ltd, which provides home care
to around 40 people in Luton, Inadequate and placed it in special measures.
""", "Lea Valley Home Support Ltd"),
])
def test_a_company_a_release_says_gives_care_is_its_own_service(text, name) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == [name]
    assert [x.name for x in record.providers] == [name]


# --- a letter's addressee under the person's role ------------------------------------------------

@pytest.mark.parametrize(("role", "office"), [
    ("Director", ("5 Church Road, Taunton", "TA1 4AB")),
    ("Nominated Individual", ("5 Church Road, Taunton", "TA1 4AB")),
])
def test_a_letter_s_addressee_below_the_person_s_role_is_the_provider_s_office(role, office) -> None:
    text = f"""Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

Mr John Smith
{role}
Quantock Care Ltd
5 Church Road
Taunton
TA1 4AB

Date: 3 May 2022
Provider: Quantock Care Ltd
Location: Quantock Lodge

Dear Mr Smith

Following our inspection of Quantock Lodge on 2 April 2022, we are serving a warning notice.
"""
    record = extract(text)
    assert [(p.name, (p.address, p.postcode)) for p in record.providers] == [("Quantock Care Ltd", office)]
    assert [(x.name, x.postcode) for x in record.locations] == [("Quantock Lodge", None)]


@pytest.mark.parametrize(("text", "names"), [
    ("""Tyne Gorge Hospitals NHS Foundation Trust
Inspection report
Date of publication: 8 March 2019

The trust runs three hospitals: Hexham General Hospital, Prudhoe Community Hospital and Haltwhistle
Infirmary. We inspected the trust in November 2018. Our rating of the trust stayed the same.
""", ["Hexham General Hospital", "Prudhoe Community Hospital", "Haltwhistle Infirmary"]),
    ("""Wessex Downs NHS Trust
Inspection report
Date of publication: 3 October 2021

We inspected the trust in June 2021. Marlborough Road Hospital is one of the trust's two hospitals.
Our rating of the trust went down.
""", ["Marlborough Road Hospital"]),
])
def test_the_hospitals_a_trust_is_said_to_run_are_its_locations(text, names) -> None:
    assert [x.name for x in extract(text).locations] == names


@pytest.mark.parametrize(("text", "name"), [
    ("""CQC rates mental health trust as good
Published: 4 April 2023

The Care Quality Commission (CQC) has rated Calder Vale Mental Health NHS Foundation Trust as good.
The trust provides mental health services across Calderdale, with its headquarters at Lowfield
Park in Halifax.
""", "Lowfield Park"),
    ("""Don Valley Community NHS Trust
Inspection report
Date of publication: 2 May 2019

We inspected the trust in February 2019. The trust's headquarters are at Kendray House in Barnsley.
Our rating of the trust stayed the same.
""", "Kendray House"),
])
def test_a_trust_s_headquarters_named_as_a_place_is_a_location(text, name) -> None:
    assert name in [x.name for x in extract(text).locations]


def test_a_headquarters_street_is_no_location() -> None:
    text = """Don Valley Community NHS Trust
Inspection report
Date of publication: 2 May 2019

We inspected the trust in February 2019. The trust's headquarters are at 4 Kendray Road in Barnsley.
"""
    assert not [x.name for x in extract(text).locations if x.name and "Kendray" in x.name]
