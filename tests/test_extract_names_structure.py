"""Names, addresses, postcodes and IDs read by structure, whatever the layout: each family of
wording on two invented documents at least (texts written here in CQC's manner, every name,
address and ID made up), and the names that are no names (a registered manager, an inspector,
a heading, a town, CQC and its office) left out."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.extract.subjects import is_name, labelled


def _subjects(text: str) -> tuple[set[str], set[str], set[tuple[str | None, str | None]]]:
    record = extract(text)
    names = {n for x in record.locations for n in (x.name, *x.alt_names) if n}
    providers = {n for x in record.providers for n in (x.name, *x.alt_names) if n}
    places = {(x.address, x.postcode) for x in (*record.locations, *record.providers) if x.postcode}
    return names, providers, places


# --- key-value lines, any separator -----------------------------------------------------------

LABELLED = [
    ("""Inspection of Larchfield Rise

Location name: Larchfield Rise
Registered provider – Hollyoak Living Ltd
Registered manager: Mrs Joanne Pell
Address: 22 Station Parade
Kirkby Stephen
Cumbria
CA17 4QX
Telephone: 017683 40021
CQC location ID: 1-2039485761

We carried out this inspection on 4 and 5 March 2024. People told us staff were kind.
We rated the service as good.
""", "Larchfield Rise", "Hollyoak Living Ltd", ("22 Station Parade, Kirkby Stephen, Cumbria", "CA17 4QX")),
    ("""Summary of our findings
Service name | Bramble Cottage Dental
Name of provider | Mr Tariq Osei
Location address | 5 Market Hill, Wymondham, Norfolk NR18 0AJ
Inspector | Ms Rhona Ferris

We carried out an announced inspection on 12 June 2023. We found this practice was providing safe care.
""", "Bramble Cottage Dental", "Mr Tariq Osei", ("5 Market Hill, Wymondham, Norfolk", "NR18 0AJ")),
    ("""Name of service\tThe Coppice Nursing Home
Provider name\tWoodland Retreat Care Limited
Service address\t41 Coppice Lane, Willenhall, West Midlands WV12 5SS
Tel\t01922 400 712

This inspection took place on 18 January 2022 and was unannounced. We rated the home requires improvement.
""", "The Coppice Nursing Home", "Woodland Retreat Care Limited", ("41 Coppice Lane, Willenhall, West Midlands", "WV12 5SS")),
]


@pytest.mark.parametrize(("text", "location", "provider", "place"), LABELLED)
def test_labelled_lines_name_the_location_provider_and_address(text, location, provider, place) -> None:
    names, providers, places = _subjects(text)
    assert location in names
    assert provider in providers
    assert place in places


def test_registered_manager_and_inspector_are_no_names() -> None:
    for text in (LABELLED[0][0], LABELLED[1][0]):
        names, providers, _places = _subjects(text)
        assert not {n for n in names | providers if n.startswith(("Mrs ", "Ms "))}


def test_telephone_ends_an_address() -> None:
    found = labelled("Address:\n3 Mill Row\nHexham\nNE46 1AB\nTelephone: 01434 600100")
    assert (found.location.address, found.location.postcode) == ("3 Mill Row, Hexham", "NE46 1AB")
    found = labelled("Address:\n3 Mill Row\nHexham\nTelephone: 01434 600100\nNE46 1AB")
    assert found.location.postcode is None


def test_labelled_ids_go_to_their_subject() -> None:
    for text in ("Location ID: 1-1234567890\nProvider ID: 1-987654321\nLocation name: Oak Lodge\nProvider: Oak Care Ltd",
                 "Location name  Oak Lodge\nCQC ID  1-1234567890\nProvider ID  1-987654321\nProvider  Oak Care Ltd",
                 "Location ID: 1-1234567890 | Provider ID: 1-987654321\nLocation name: Oak Lodge | Provider: Oak Care Ltd"):
        found = labelled(text)
        assert (found.location.key, found.provider.key) == ("1-1234567890", "1-987654321")


# --- front pages: the name above its address block, the provider above or below -------------

FRONT_PAGES = [
    ("""Fernleigh Court

14 Ashby Road
Coalville
Leicestershire
LE67 3LA

Fernleigh Care Homes Limited

Date of inspection visit: 2 May 2019
Date of publication: 14 June 2019

Overall rating for this service	Good
""", "Fernleigh Court", "Fernleigh Care Homes Limited", ("14 Ashby Road, Coalville, Leicestershire", "LE67 3LA")),
    ("""Sandpiper Lodge
Care home
Harbour Road, Seahouses, Northumberland NE68 7SL

Northern Coast Care Ltd

Date of inspection visit:
9 September 2021
Date of publication:
20 October 2021
Overall rating for this service	Requires improvement
""", "Sandpiper Lodge", "Northern Coast Care Ltd", ("Harbour Road, Seahouses, Northumberland", "NE68 7SL")),
]


@pytest.mark.parametrize(("text", "location", "provider", "place"), FRONT_PAGES)
def test_a_front_page_names_the_location_above_its_address_and_the_provider_below(text, location, provider, place) -> None:
    names, providers, places = _subjects(text)
    assert location in names
    assert provider in providers
    assert place in places


# --- a letter: CQC's office is never the service's ---------------------------------------------

LETTERS = [
    """Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

Date: 3 March 2022

Ms K Hollis
Maple Row Surgery
8 Maple Row
Ilkeston
DE7 5FT

Dear Ms Hollis

Annual regulatory review of Maple Row Surgery

We have reviewed the information we hold about Maple Row Surgery. We will not be carrying out an inspection at this time.

Yours sincerely
""",
    """Care Quality Commission
2 Redman Place
London
E20 1JQ

Mr D Appiah
The Practice Manager
Lindens Medical Centre
1 Linden Way, Barnet EN5 2RT

Dear Mr Appiah

Outcome of our review of Lindens Medical Centre

We have reviewed the information we hold about Lindens Medical Centre.

Yours sincerely
""",
]


@pytest.mark.parametrize("text", LETTERS)
def test_cqc_s_own_office_is_never_the_service_s_address(text) -> None:
    _names, providers, places = _subjects(text)
    assert not any(code in ("NE1 4PA", "E20 1JQ") for _a, code in places)
    assert not any("Commission" in p or p == "CQC" for p in providers)


# --- the summary's opening: "X is a … run by Y Ltd", "The home is run by Y" -------------------

OPENINGS = [
    ("""Overall summary

About the service
Ivybridge House is a residential care home providing personal care to up to 28 older people. The home is run by Moorview Care Limited.
People's experience of using this service and what we found
People told us they felt safe. We carried out an unannounced inspection on 2 May 2022.
""", "Ivybridge House", "Moorview Care Limited"),
    ("""About the service
Cherry Tree Lodge is a care home with nursing for up to 60 people, run by Orchard Healthcare Group Ltd. It is set over three floors.
People's experience of using this service and what we found
We rated the service good. We carried out an unannounced inspection on 3 May 2022.
""", "Cherry Tree Lodge", "Orchard Healthcare Group Ltd"),
    ("""Overall summary
The practice, run by Dr A Mensah and Partners, provides primary medical services to 9,200 patients in Rotherham.
We carried out an announced comprehensive inspection at Canklow Road Surgery on 8 March 2019. We rated the practice good.
""", "Canklow Road Surgery", "Dr A Mensah and Partners"),
]


@pytest.mark.parametrize(("text", "location", "provider"), OPENINGS)
def test_the_opening_names_the_service_and_who_runs_it(text, location, provider) -> None:
    names, providers, _places = _subjects(text)
    assert location in names
    assert provider in providers


# --- page titles and "Ratings for" -------------------------------------------------------------

TITLED = [
    ("""Hawthorn Villa - Care Quality Commission
Skip to main content
Latest inspection summary
This inspection took place on 4 April 2019. We rated the service good. People told us they were happy.
""", "Hawthorn Villa"),
    ("""Overview | Meadowsweet Home Care | CQC
Meadowsweet Home Care - Care Quality Commission
We carried out an announced inspection on 5 July 2021. People told us they were happy.
""", "Meadowsweet Home Care"),
    ("""Our findings
Ratings for Greenacres Medical Centre
Safe	Good
Effective	Good
Overall	Good
We carried out an announced comprehensive inspection on 2 February 2017.
""", "Greenacres Medical Centre"),
    ("""Ratings for Bayview Lodge:
Overall: Requires improvement
People told us that staff were kind. We rated the service requires improvement after our visit on 3 March 2020.
""", "Bayview Lodge"),
]


@pytest.mark.parametrize(("text", "location"), TITLED)
def test_a_page_title_or_ratings_heading_names_the_location(text, location) -> None:
    names, _providers, _places = _subjects(text)
    assert location in names


def test_ratings_for_this_service_names_nothing() -> None:
    names, _providers, _places = _subjects("Ratings for this service\nSafe\tGood\nWe visited on 3 March 2020. People told us they were safe.")
    assert not names


# --- an NHS trust at the head is the provider ---------------------------------------------------

TRUSTS = [
    ("""Upper Calder Valley NHS Foundation Trust
Calder Royal Infirmary
Quality Report

Halifax Road
Todmorden
OL14 5QH

Date of inspection visit: 3 to 5 May 2016
Date of publication: 1 August 2016
""", "Upper Calder Valley NHS Foundation Trust"),
    ("""Westbrook Hospitals NHS Trust - Care Quality Commission
Westbrook Hospitals NHS Trust
Provider ID: RQZ
Overall rating for this trust	Good
We carried out an unannounced inspection of the trust's core services in March 2019.
""", "Westbrook Hospitals NHS Trust"),
]


@pytest.mark.parametrize(("text", "trust"), TRUSTS)
def test_a_trust_heading_the_publication_is_its_provider(text, trust) -> None:
    _names, providers, _places = _subjects(text)
    assert trust in providers


def test_a_trust_named_in_passing_is_no_provider() -> None:
    for text in ("About the service: Oak Supported Living provides care for two people. Nurses employed by Riverside NHS Foundation Trust also work here.",
                 "Inspection carried out on 7 August 2018\nDuring a routine inspection\nReports for the service can be found at Mid Vale NHS Trust."):
        _names, providers, _places = _subjects(text)
        assert not any("NHS" in p for p in providers)


# --- what is no name ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["Overall summary", "Is the service safe?", "Requires improvement", "Care Quality Commission",
                                   "Care home service with nursing", "Mrs Joanne Pell", "12 March 2024", "CQC"])
def test_no_name(value) -> None:
    assert not is_name(value)


# --- releases: "<Location>, run by / provided by <Provider>," ------------------------------------

RELEASES = [
    ("""CQC publishes reports on two GP practices in Kent

Published: 9 May 2019

The Care Quality Commission (CQC) has published reports on two practices following inspections carried out in March 2019.

Bearsted Green Surgery, Maidstone
Bearsted Green Surgery, provided by Bearsted Health Partnership, was inspected on 12 March. It has been rated Good overall.

Tonbridge Road Practice, Tonbridge
Tonbridge Road Practice, run by Dr L Achebe and Partners, was inspected on 20 March 2019 and rated Requires improvement overall.
""", "Bearsted Green Surgery", "Bearsted Health Partnership", "2019-03-12"),
    ("""CQC rates two Devon care homes

Published: 2 August 2021

The Care Quality Commission (CQC) has rated two care homes in Devon following inspections in June 2021.

Brixham Lodge, Brixham
Brixham Lodge, operated by Torbay Shore Homes Ltd, was inspected on 8 June. It has been rated Inadequate overall and placed in special measures.

Seaton Court, Seaton
Seaton Court, run by Axe Valley Care Limited, was inspected on 22 June 2021. It has been rated Good overall.
""", "Brixham Lodge", "Torbay Shore Homes Ltd", "2021-06-08"),
]


@pytest.mark.parametrize(("text", "location", "provider", "day"), RELEASES)
def test_a_release_names_each_service_with_who_provides_it(text, location, provider, day) -> None:
    record = extract(text)
    names = [x.name for x in record.locations]
    assert location in names
    k = names.index(location)
    assert record.locations[k].provider is not None
    assert record.providers[record.locations[k].provider].name == provider
    # "was inspected on 12 March" dated by the release's "inspections carried out in March 2019"
    assert [i.start_date.iso for i in record.inspections if i.location == k and i.start_date] == [day]


# --- more layouts: each row a document, two at least for each family ---------------------------

def _read(text: str):
    record = extract(text)
    return ([(x.name, x.address, x.postcode) for x in record.locations],
            [(x.name, x.address, x.postcode) for x in record.providers])


SHAPES = {
    # the place above (or below) the organisation at a report's head, with no address
    "name block": [
        ("""Hospital inspection report

The Princess Alexandra Wing
Northfield Hospitals NHS Foundation Trust

Inspection date(s): 3-5 October 2017
Overall rating for this hospital: Requires improvement
Are services safe? Requires improvement
""", ("The Princess Alexandra Wing", None, None), ("Northfield Hospitals NHS Foundation Trust", None, None)),
        ("""Inspection report
Hollybank Children's Hospice
Hollybank Hospice Trust
We carried out an announced inspection on 4 May 2022. Is the service safe? Good
""", ("Hollybank Children's Hospice", None, None), ("Hollybank Hospice Trust", None, None)),
    ],
    # the provider printed between the name and its street
    "provider inside the address block": [
        ("""Care Quality Commission
Inspection Report

Bluebell Meadows
Bluebell Care Services Ltd
7 Pond Street, Rushden, Northamptonshire NN10 0AB
Tel: 01933 123 456

Date of inspection visit: 14 and 15 February 2019
Date of publication: 3 April 2019
Overall rating for this service: Good
""", ("Bluebell Meadows", "7 Pond Street, Rushden, Northamptonshire", "NN10 0AB"), ("Bluebell Care Services Ltd", None, None)),
        ("""Kestrel View
Skyline Supported Living Limited
Unit 2, Mill Yard
Hebden Bridge
HX7 8AD

Date of inspection visit: 2 July 2019
Date of publication: 9 August 2019
Overall rating for this service: Good
""", ("Kestrel View", "Unit 2, Mill Yard, Hebden Bridge", "HX7 8AD"), ("Skyline Supported Living Limited", None, None)),
    ],
    # the page title's "- Care Quality Commission" is no part of the name a layout reads
    "page title suffix": [
        ("""St Jude's Hospice - Care Quality Commission

St Jude's Hospice
Hospice services
Farm Lane, Grantham, NG31 7XX
Provided and run by: St Jude's Hospice Trust

Latest inspection: 8 November 2017
Overall rating: Outstanding
During a routine inspection
""", ("St Jude's Hospice", "Farm Lane, Grantham", "NG31 7XX"), ("St Jude's Hospice Trust", None, None)),
        ("""Brook Lane Surgery | CQC
Brook Lane Surgery
GP practice
3 Brook Lane, Alcester B49 5AA
Provided and run by: Dr F Okafor
During a routine inspection
Inspection carried out on 4 May 2016
""", ("Brook Lane Surgery", "3 Brook Lane, Alcester", "B49 5AA"), ("Dr F Okafor", None, None)),
    ],
    # labelled lines state the location's address or ID, the page's first line its name
    "first line names what the labels describe": [
        ("""Northgate Medical Centre

Report from 12 March 2024 assessment

Provider: Northgate Health LLP
Location address: 9 Northgate, Wakefield, West Yorkshire WF1 3BJ
Location ID: 1-556677889

Overall rating: Good
Safe: Good
""", ("Northgate Medical Centre", "9 Northgate, Wakefield, West Yorkshire", "WF1 3BJ"), ("Northgate Health LLP", None, None)),
        ("""Elmfield Court

Location ID: 1-445566778
Address: 40 Elm Road, Sale, M33 2QP
Registered provider: Trafford Homes Ltd

We carried out an unannounced inspection on 6 June 2023. We rated the service good.
""", ("Elmfield Court", "40 Elm Road, Sale", "M33 2QP"), ("Trafford Homes Ltd", None, None)),
    ],
    # labels in bold, as copied from a formatted page
    "markdown labels": [
        ("""Inspection report

**Service:** The Willows
**Provider:** Willow Tree Care Ltd
**Address:** 4 Church Lane, Bakewell, Derbyshire DE45 1AA
**Registered manager:** Mr Peter Gould

We carried out an unannounced inspection on 1 March 2021. We rated the service good.
""", ("The Willows", "4 Church Lane, Bakewell, Derbyshire", "DE45 1AA"), ("Willow Tree Care Ltd", None, None)),
        ("""__Location name:__ Heron Quay
__Provider name:__ Riverbank Care Limited
__Location address:__ 2 Wharf Street, Newark NG24 4UA

We carried out an announced inspection on 3 October 2022. We rated the service good.
""", ("Heron Quay", "2 Wharf Street, Newark", "NG24 4UA"), ("Riverbank Care Limited", None, None)),
    ],
    # "Location: <name>, <address> <postcode>" on one line
    "name and address on one labelled line": [
        ("""Location: Harbour House, 3 Quay Street, Falmouth TR11 3HH
Provider: Kernow Homes CIC

Summary of inspection
We carried out a focused inspection on 14 September 2022. We rated the service requires improvement.
""", ("Harbour House", "3 Quay Street, Falmouth", "TR11 3HH"), ("Kernow Homes CIC", None, None)),
        ("""Service: Oakleigh Nursing Home, 77 Park Road, Loughborough LE11 2HD
Provided by: Charnwood Care Partnership

We carried out an unannounced inspection on 9 November 2021. We rated the service good.
""", ("Oakleigh Nursing Home", "77 Park Road, Loughborough", "LE11 2HD"), ("Charnwood Care Partnership", None, None)),
    ],
    # a letter addressed to the provider at its office, about a location it runs
    "letter addressed to the provider": [
        ("""Private and confidential

Sunnyside Care Ltd
The Old Rectory
5 Church Road
Taunton
TA1 4AB

Dear Ms Patel

Warning notice: Sunnyside House

We carried out an inspection of Sunnyside House on 2 June 2021. We found breaches of Regulation 12.

Yours sincerely
""", ("Sunnyside House", None, None), ("Sunnyside Care Ltd", "The Old Rectory, 5 Church Road, Taunton", "TA1 4AB")),
        ("""Fenwick Dental Group Limited
14 Bridge Street
Morpeth
NE61 1NT

Dear Mr Ord

We carried out an announced inspection of Castle Square Dental on 3 February 2020 under Section 60 of the Health and Social Care Act 2008.

Yours sincerely
""", ("Castle Square Dental", None, None), ("Fenwick Dental Group Limited", "14 Bridge Street, Morpeth", "NE61 1NT")),
    ],
    # a name on its own line above the street is no part of the address
    "name's own line above the address": [
        ("""Quality Report

Northfield Community Hospital
Northfield Lane
Stourbridge
DY8 2QE
Tel: 01384 456 111

Provider: Black Country Community NHS Foundation Trust

Date of inspection visit: 11-13 July 2016
Date of publication: 20 October 2016
""", ("Northfield Community Hospital", "Northfield Lane, Stourbridge", "DY8 2QE"), ("Black Country Community NHS Foundation Trust", None, None)),
        ("""Inspection report

Moorside Surgery
Moor Road
Bingley
BD16 2RP

Provider: Dr H Qureshi

Date of inspection visit: 3 May 2017
Date of publication: 1 June 2017
""", ("Moorside Surgery", "Moor Road, Bingley", "BD16 2RP"), ("Dr H Qureshi", None, None)),
    ],
    # the name printed again at the head of the address block below the provider
    "name repeated above the address": [
        ("""Kingfisher House

Kingfisher Care Homes Limited

Kingfisher House
Lower Road
Bedford
MK42 9AA

Date of inspection visit:
15 January 2019

Date of publication:
28 February 2019

Overall rating for this service	Good
""", ("Kingfisher House", "Lower Road, Bedford", "MK42 9AA"), ("Kingfisher Care Homes Limited", None, None)),
        ("""Heathside Court

Heathside Living Ltd

Heathside Court
22 Heath Road
Ipswich
IP4 5SL

Date of inspection visit: 8 May 2018
Date of publication: 2 July 2018
Overall rating for this service	Good
""", ("Heathside Court", "22 Heath Road, Ipswich", "IP4 5SL"), ("Heathside Living Ltd", None, None)),
    ],
    # a one-word label alone on its line with the value below, and "Managed by"
    "label above its value": [
        ("""Oakwell House

Overall rating: Good

Provider
Kirklees Supported Living Limited

Registered manager
Mrs Sally Booth

We carried out an unannounced inspection of this service on 4 March 2022. People told us they felt safe.
""", ("Oakwell House", None, None), ("Kirklees Supported Living Limited", None, None)),
        ("""Marlowe House
Care home service with nursing
12-14 Abbey Road, Barrow-in-Furness, Cumbria LA14 5UA
Managed by: Furness Care Homes Ltd

We carried out this comprehensive inspection on 2 and 3 April 2019. We rated the service good.
""", ("Marlowe House", "12-14 Abbey Road, Barrow-in-Furness, Cumbria", "LA14 5UA"), ("Furness Care Homes Ltd", None, None)),
    ],
}


@pytest.mark.parametrize(("family", "k"), [(f, k) for f, docs in SHAPES.items() for k in range(len(docs))])
def test_each_layout_family_gives_its_names(family, k) -> None:
    text, location, provider = SHAPES[family][k]
    locations, providers = _read(text)
    assert locations == [location]
    assert providers == [provider]


def test_every_family_has_two_documents() -> None:
    assert all(len(docs) >= 2 for docs in SHAPES.values())


MORE_SHAPES = {
    # "<Location>, a <kind> in <town> operated by <Provider> plc"
    "release naming the service with its provider plc": [
        ("""Hull care home rated good

Published: 2 May 2018

Elmhurst, a residential home in Hull operated by Humber Care plc, has been rated Good by the Care Quality Commission (CQC) following an inspection in February 2018.
""", "Elmhurst", "Humber Care plc"),
        ("""CQC rates Derby nursing home requires improvement

Published: 9 January 2020

Ashover Grange, a nursing home in Derby run by Peak Healthcare plc, has been rated Requires Improvement by the Care Quality Commission (CQC).
""", "Ashover Grange", "Peak Healthcare plc"),
    ],
    # "A Bolton care home", "A GP practice in Stoke" open a release: no name
    "an indefinite service is no name": [
        ("""CQC places Bolton care home into special measures

Published: 7 July 2021

A Bolton care home has been placed into special measures by the Care Quality Commission (CQC) after inspectors rated it inadequate.

Oakfield Lodge, run by Pennine Living Ltd, was inspected in May 2021 following concerns about the safety of people living there.
""", "Oakfield Lodge", "Pennine Living Ltd"),
        ("""Stoke practice out of special measures

Published: 5 March 2019

A GP practice in Stoke-on-Trent has been taken out of special measures by the Care Quality Commission (CQC) after making improvements.

Hanley Road Surgery, run by Dr B Oduya, was inspected in December 2018 and is now rated Good.
""", "Hanley Road Surgery", "Dr B Oduya"),
    ],
    # two labelled values on one line
    "two labels on one line": [
        ("""Provider: Pinewood Care Ltd      Location: Pinewood Lodge
Date of inspection: 3 July 2019

We carried out an unannounced inspection. We rated the service good.
""", "Pinewood Lodge", "Pinewood Care Ltd"),
        ("""Location name: Fernbank\tProvider name: Fernbank Homes Limited
We carried out an announced inspection on 9 May 2022. We rated the service good.
""", "Fernbank", "Fernbank Homes Limited"),
    ],
    # the summary's opening names the provider in apposition or as "the registered provider"
    "the provider named in the opening": [
        ("""Overall summary

About the service
Rose Court is a care home providing accommodation and personal care for up to 40 people. The provider, Rosewood Care Homes Ltd, also runs two other homes in the area.

We carried out an unannounced inspection on 3 May 2022. We rated the service good.
""", "Rose Court", "Rosewood Care Homes Ltd"),
        ("""Overall summary

Meadow Bank is a domiciliary care agency registered with CQC. The registered provider is Meadow Bank Home Care Services Limited.

This inspection took place on 12 and 13 June 2018 and was announced.
""", "Meadow Bank", "Meadow Bank Home Care Services Limited"),
    ],
}


@pytest.mark.parametrize(("family", "k"), [(f, k) for f, docs in MORE_SHAPES.items() for k in range(len(docs))])
def test_each_wording_names_the_service_and_its_provider(family, k) -> None:
    text, location, provider = MORE_SHAPES[family][k]
    record = extract(text)
    assert [x.name for x in record.locations] == [location]
    assert [x.name for x in record.providers] == [provider]
    assert record.locations[0].provider == 0


ROLE_LETTERS = [
    ("""Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

Date: 14 March 2023

Mrs J Smith
Registered Manager
Oak Lodge
12 High Street
Leeds
LS1 1AA

Dear Mrs Smith

Outcome of our review of Oak Lodge

We have reviewed the information we hold about Oak Lodge. We will not be carrying out an inspection at this time.

Yours sincerely
""", ("Oak Lodge", "12 High Street, Leeds", "LS1 1AA")),
    ("""Care Quality Commission
Citygate
Gallowgate
Newcastle upon Tyne
NE1 4PA

Dr P Lowe
Practice Manager
Fairfield Surgery
3 Fair Street
Ludlow
SY8 1AB

Dear Dr Lowe

Annual regulatory review of Fairfield Surgery

We have reviewed the information we hold about Fairfield Surgery.

Yours sincerely
""", ("Fairfield Surgery", "3 Fair Street, Ludlow", "SY8 1AB")),
]


@pytest.mark.parametrize(("text", "location"), ROLE_LETTERS)
def test_the_role_above_a_letter_s_addressee_is_no_name(text, location) -> None:
    assert _read(text)[0] == [location]


PROVIDER_LAST = [
    """Willow Bank
Inspection report
Willow Bank, 22 Park Road, Chesterfield, Derbyshire, S40 1XJ
Tel: 01246 555 123
Website: www.willowbank.co.uk
Date of inspection visit: 14 May 2019
Date of publication: 20 June 2019
Willowbank Care Ltd
""",
    """Greystones
Inspection report
8 Moor Road, Buxton SK17 6AB
Date of inspection visit: 2 March 2018
Date of publication: 1 May 2018
Peakland Homes Limited
""",
]


@pytest.mark.parametrize("text", PROVIDER_LAST)
def test_the_provider_printed_under_the_front_page_s_dates(text) -> None:
    locations, providers = _read(text)
    assert len(locations) == 1 and len(providers) == 1
    assert providers[0][0].endswith(("Ltd", "Limited"))


PROVIDER_PAGES = [
    ("""Eastmoor Community NHS Trust

This is an organisation that runs the health and social care services we inspect

Overall: Good read more about inspection ratings

Trust Headquarters, Moor House, 2 Mill Road, Keswick, CA12 5AB (01768) 400100

Latest inspection summary

Overall inspection

Good

Updated 2 May 2021

Locations

Keswick Community Hospital
Community hospital
Good

Moor House
Trust headquarters
Not rated
""", ("Trust Headquarters, Moor House, 2 Mill Road, Keswick", "CA12 5AB"), ["Keswick Community Hospital", "Moor House"]),
    ("""Brightwell Care Group Limited

This is an organisation that runs the health and social care services we inspect

Overall: Requires improvement read more about inspection ratings

14 Bridge Street, Ely, CB7 4AB (01353) 600200

Latest inspection summary

Updated 9 June 2022

Locations

Brightwell House
Care home
Requires improvement

Brightwell Lodge
Care home
Good

Brightwell Home Care
Homecare agency
""", ("14 Bridge Street, Ely", "CB7 4AB"), ["Brightwell House", "Brightwell Lodge", "Brightwell Home Care"]),
]


@pytest.mark.parametrize(("text", "office", "listed"), PROVIDER_PAGES)
def test_a_provider_page_gives_its_office_and_lists_its_locations(text, office, listed) -> None:
    record = extract(text)
    assert [(p.address, p.postcode) for p in record.providers] == [office]
    assert [x.name for x in record.locations] == listed
    assert all(x.provider == 0 for x in record.locations)


FORMER_NAMES = [
    ("""Brookside Manor - Care Quality Commission
Brookside Manor
Care home
3 Brook Lane, Yeovil BA20 1AB
Provided and run by: Somerset Living Ltd
During a routine inspection
We carried out an unannounced inspection of Brookside Manor (formerly Brookside House) on 4 May 2019.
""", "Brookside Manor", "Brookside House"),
    ("""Inspection Summary
Overall summary & rating
Updated 2 June 2020
Cedar Lodge, formerly known as Cedar Court, is a care home for up to 20 people. We carried out an inspection on 9 March 2020.
""", "Cedar Lodge", "Cedar Court"),
]


@pytest.mark.parametrize(("text", "name", "former"), FORMER_NAMES)
def test_a_former_name_is_another_name_of_the_location(text, name, former) -> None:
    record = extract(text)
    assert [(x.name, x.alt_names) for x in record.locations] == [(name, (former,))]


TRUST_TEXTS = [
    ("""We inspected Eastvale Hospitals NHS Trust between 3 and 5 May 2022. The trust runs three hospitals.
Overall rating for this trust: Requires improvement
Are services safe? Requires improvement""", "Eastvale Hospitals NHS Trust"),
    ("""Our inspection of Northdale Community Health NHS Foundation Trust took place in June 2019. We rated the trust good.
Overall rating for this trust: Good""", "Northdale Community Health NHS Foundation Trust"),
]


@pytest.mark.parametrize(("text", "trust"), TRUST_TEXTS)
def test_the_trust_a_text_is_about_is_its_provider(text, trust) -> None:
    assert [p.name for p in extract(text).providers] == [trust]


def test_two_trusts_named_make_neither_the_provider() -> None:
    text = ("We inspected Eastvale Hospitals NHS Trust in May 2022. The trust works with Westvale NHS Trust. "
            "We inspected Westvale NHS Trust too.\nOverall rating for this trust: Good")
    assert not [p.name for p in extract(text).providers if "Eastvale" in (p.name or "")]


HTML_PAGES = [
    (b"""<html><head><title>Rowan House - Care Quality Commission</title></head><body>
<p>Skip to main content</p><h2>Latest inspection summary</h2>
<p>We carried out an unannounced inspection on 4 April 2019. We rated the service good. People told us they were happy.</p>
</body></html>""", "Rowan House"),
    (b"""<html><head><title>Overview | Linden Dental Care | CQC</title></head><body>
<h2>Our inspection</h2><p>We carried out an announced inspection on 9 May 2018 under Section 60 of the Health and Social Care Act 2008.</p>
</body></html>""", "Linden Dental Care"),
]


@pytest.mark.parametrize(("page", "location"), HTML_PAGES)
def test_an_html_page_s_title_names_the_location(page, location) -> None:
    from cqcgraph.documents import read

    source = read(page, "page.html")
    assert [x.name for x in extract(source.text, title=source.title).locations] == [location]


def test_more_label_wordings() -> None:
    for text in ("Name of the location: Oak Lodge\nProvider's name - Oak Ltd\nAddress of the location: 1 High St, Leeds LS1 1AA",
                 "Location visited | Oak Lodge\nName of the provider | Oak Ltd\nFull address | 1 High St\nLeeds\nLS1 1AA"):
        found = labelled(text)
        assert (found.location.name, found.provider.name, found.location.address, found.location.postcode) == (
            "Oak Lodge", "Oak Ltd", "1 High St, Leeds", "LS1 1AA")


def test_a_sentence_after_a_label_is_no_name() -> None:
    for text in ("Location: The service is located in a residential area of Leeds.",
                 "Provider: This provider was registered with CQC in 2011."):
        found = labelled(text)
        assert (found.location.name, found.provider.name) == (None, None)


APPOSED = [
    ("""You are here

Elm Tree Surgery Good

Inspection Summary

Overall summary & rating

Updated 4 March 2018

Elm Tree Surgery, 2 Elm Road, Stockport, SK4 1AA, is run by Dr M Hughes and Partners. We carried out an announced comprehensive inspection at Elm Tree Surgery on 1 February 2018.
""", ("Elm Tree Surgery", "2 Elm Road, Stockport", "SK4 1AA"), "Dr M Hughes and Partners"),
    ("""Overall summary
Park View Dental, 14 Park View, Bedford MK40 2AB, is owned by Bedford Smiles Limited. We carried out an announced inspection on 3 March 2021 under Section 60 of the Health and Social Care Act 2008.
""", ("Park View Dental", "14 Park View, Bedford", "MK40 2AB"), "Bedford Smiles Limited"),
]


@pytest.mark.parametrize(("text", "location", "provider"), APPOSED)
def test_the_opening_gives_the_service_s_address_in_apposition(text, location, provider) -> None:
    assert _read(text) == ([location], [(provider, None, None)])


MISREAD_FRONT_PAGES = [
    """Registered provider: Caring Hands (Midlands) Ltd
Registered manager: Ms Grace Obi
Location: Caring Hands Coventry
Address: Suite 4, Enterprise House
Foleshill Road
Coventry
CV6 5AA

Inspection report

Date of inspection visit: 9 March 2020

This inspection took place on 9 March 2020 and was announced. We rated the service Requires improvement.
""",
    """Registered provider: Lakeside Support Services Limited
Location name: Lakeside Support Kendal
Address: Unit 7, Mintsfeet Road
Kendal
LA9 6ND

Inspection report

Date of inspection visit: 2 June 2021

This inspection took place on 2 June 2021 and was announced. We rated the service Good.
""",
]


@pytest.mark.parametrize(("text", "location", "provider", "postcode"), [
    (MISREAD_FRONT_PAGES[0], "Caring Hands Coventry", "Caring Hands (Midlands) Ltd", "CV6 5AA"),
    (MISREAD_FRONT_PAGES[1], "Lakeside Support Kendal", "Lakeside Support Services Limited", "LA9 6ND"),
])
def test_a_town_or_postcode_a_layout_took_for_a_name_gives_way_to_the_labels(text, location, provider, postcode) -> None:
    locations, providers = _read(text)
    assert [(x[0], x[2]) for x in locations] == [(location, postcode)]
    assert [x[0] for x in providers] == [provider]


@pytest.mark.parametrize(("text", "location", "provider"), [
    ("""About the service
Oak Lodge is a care home for up to 30 older people. The registered provider for Oak Lodge is Oakfield Care Ltd.
We carried out an unannounced inspection on 6 May 2021. We rated the service good.
""", "Oak Lodge", "Oakfield Care Ltd"),
    ("""About the service
Elm Grange is a nursing home for 50 people. The home is owned and managed by Elm Healthcare Group plc.
We carried out an unannounced inspection on 2 March 2020. We rated the service requires improvement.
""", "Elm Grange", "Elm Healthcare Group plc"),
    ("""Overall summary
Birch House is a supported living service. It is run and managed by Birchwood Support Limited.
We carried out an announced inspection on 14 and 15 January 2019. We rated the service good.
""", "Birch House", "Birchwood Support Limited"),
])
def test_the_opening_names_the_provider_in_more_words(text, location, provider) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == [location]
    assert [x.name for x in record.providers] == [provider]


@pytest.mark.parametrize(("text", "pairs"), [
    ("""CQC tells Rugby care home provider to improve

Published: 8 October 2019

The Care Quality Commission (CQC) has told Oakdene Healthcare Ltd, the provider of Oakdene Manor in Rugby, that it must make improvements after an inspection in July 2019 found the home inadequate.
""", [("Oakdene Manor", "Oakdene Healthcare Ltd")]),
    ("""CQC prosecutes care provider

Published: 1 March 2021

The Care Quality Commission (CQC) has prosecuted Sunrise Domiciliary Services Ltd, the registered provider of Sunrise Care Exeter, for failing to provide safe care and treatment.
""", [("Sunrise Care Exeter", "Sunrise Domiciliary Services Ltd")]),
    ("""Two Norfolk practices rated good

Published: 3 April 2018

The Care Quality Commission (CQC) has rated two GP practices in Norfolk as good.

Aylsham Road Surgery, Norwich, which is provided by Dr S Kaur, was rated good overall after an inspection on 6 February 2018.

Holt Medical Practice, Holt, which is provided by Holt Medical Partnership, was rated good after an inspection on 13 February 2018.
""", [("Aylsham Road Surgery", "Dr S Kaur"), ("Holt Medical Practice", "Holt Medical Partnership")]),
    ("""Two Kent care homes rated

Published: 5 May 2019

The Care Quality Commission (CQC) has published reports on two care homes in Kent.

Seabrook House, Hythe, which is run by Channel Coast Care Ltd, was rated requires improvement after an inspection on 2 March 2019.

Orchard View, Faversham, which is run by Swale Living Limited, was rated good after an inspection on 9 March 2019.
""", [("Seabrook House", "Channel Coast Care Ltd"), ("Orchard View", "Swale Living Limited")]),
])
def test_a_release_names_each_service_with_its_provider_and_town(text, pairs) -> None:
    record = extract(text)
    got = [(x.name, record.providers[x.provider].name if x.provider is not None else None) for x in record.locations]
    assert got == pairs


@pytest.mark.parametrize(("text", "url"), [
    ("""Registration guidance - Care Quality Commission
Service name: the name you use for the service
Provider name: the legal entity
""", "https://www.cqc.org.uk/guidance-providers/registration"),
    ("""Notifications - Care Quality Commission
Provider: Use this form to tell us about a death
Location name: Enter the name of your location
""", "https://www.cqc.org.uk/guidance-providers/notifications"),
])
def test_a_page_of_cqc_s_site_stating_no_finding_names_no_one(text, url) -> None:
    record = extract(text, source_url=url)
    assert not record.locations and not record.providers


@pytest.mark.parametrize(("text", "location", "provider"), [
    ("""Dental provider fined for failing to display its rating

Published: 2 September 2020

The Care Quality Commission (CQC) has issued a fixed penalty notice of £300 to Brightsmile Clinics Ltd for failing to display its rating at Brightsmile Dental Derby, Derby.
""", "Brightsmile Dental Derby", "Brightsmile Clinics Ltd"),
    ("""Care home provider pays penalty over ratings display

Published: 14 January 2021

The Care Quality Commission (CQC) has issued a fixed penalty notice to Meadowgate Homes Limited for failing to display its CQC rating at Meadowgate House.
""", "Meadowgate House", "Meadowgate Homes Limited"),
])
def test_the_service_where_a_rating_was_not_displayed(text, location, provider) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == [location]
    assert [x.name for x in record.providers] == [provider]


@pytest.mark.parametrize(("text", "location", "provider"), [
    ("""Care Quality Commission
Inspection report

Hawthorn Lodge
12 Hawthorn Road
Norwich
NR4 7TJ

Date of inspection visit: 9 May 2022
Date of publication: 21 June 2022

Hawthorn Lodge is operated by Eastwood Care Services Ltd. We inspected on 9 May 2022.
The overall rating for this service was Good.
""", "Hawthorn Lodge", "Eastwood Care Services Ltd"),
    ("""Care Quality Commission
Hillside Medical Centre
Inspection report
Hillside Road, Bristol, BS5 7PQ
Date of inspection visit: 22 August 2019
Date of publication: 01/10/2019
This practice is rated as Good overall.
Hillside Medical Centre is run by Dr K Mahmood and Partners. The practice serves 9,000 patients.
""", "Hillside Medical Centre", "Dr K Mahmood and Partners"),
])
def test_the_location_named_as_run_by_its_provider(text, location, provider) -> None:
    """"<location> is operated by / run by <provider>" under a front page naming the location."""
    record = extract(text)
    assert [x.name for x in record.locations] == [location]
    assert [x.name for x in record.providers] == [provider]


def test_another_place_run_by_someone_names_no_provider() -> None:
    text = """Care Quality Commission
Inspection report

Hawthorn Lodge
12 Hawthorn Road
Norwich
NR4 7TJ

Date of inspection visit: 9 May 2022

People used the day centre nearby. The day centre is run by Norfolk County Council.
Norwich Community Hospital is run by Norfolk Community Health and Care NHS Trust.
"""
    assert not any(x.name for x in extract(text).providers)


@pytest.mark.parametrize("text", [
    """Riverside Nursing Home
Inspection report

The provider is Riverside Healthcare (UK) Ltd.
Date of inspection visit: 3 November 2021
Date of publication: 14 December 2021
We rated the service good.
""",
    """Elm Court
Inspection report
Part of the Elm Group of homes
Date of inspection visit: 4 May 2019
Date of publication: 11 June 2019
We rated the service requires improvement.
""",
])
def test_front_page_lines_with_no_postcode_are_no_address(text) -> None:
    """An address ends at its postcode: a front page's lines above the dates with none are no address."""
    assert not any(x.address for x in (*extract(text).locations, *extract(text).providers))


@pytest.mark.parametrize(("text", "town"), [
    ("""Wrekin Vale Hospitals NHS Trust

Inspection report

Trust headquarters
Ethelfleda House
Hollinswood Road
Telford
Shropshire
TF3 2AB
Tel: 01952 640 118

Date of inspection visit: 02 April to 16 May 2019
Date of publication: 14/08/2019

Overall trust quality rating           Requires improvement
""", "Telford"),
    ("""Downs Coast Care Limited
Seaview Lodge
Inspection report

2 Cliff Road
Telscombe
East Sussex
BN10 7AA
Tel: 01273 000 111

Date of inspection visit: 5 May 2021
Date of publication: 1 June 2021
""", "Telscombe"),
])
def test_a_town_beginning_like_tel_stays_in_the_address(text, town) -> None:
    """"Telford" under a street is the town, not the telephone line."""
    record = extract(text)
    assert any(town in (x.address or "") for x in (*record.locations, *record.providers))


@pytest.mark.parametrize("row", [
    "Surgery          Good         Good         Good         Requires     Good         Good",
    "Hospital         Requires     Good         Outstanding  Good         Good         Good",
])
def test_a_grid_row_opening_with_a_label_word_is_no_name(row) -> None:
    """A ratings grid's row whose service is a label's word ("Surgery") names no location."""
    assert labelled(f"Ratings for the hospital\n\n                 Safe   Effective   Caring   Responsive   Well-led   Overall\n{row}\n").location.name is None


@pytest.mark.parametrize(("text", "hospitals", "at_office"), [
    ("""Wrekin Vale Hospitals NHS Trust

Inspection report

Trust headquarters
Princess Aethel Hospital
Aethel Way
Telford
TF1 6RW

Date of inspection visit: 02 April to 16 May 2019

Overall trust quality rating           Requires improvement

Wrekin Vale Hospitals NHS Trust provides acute services to around 480,000 people. It has two main hospitals: Princess Aethel
Hospital in Telford and Corve Meadow Hospital in Shrewsbury.
""", ["Princess Aethel Hospital", "Corve Meadow Hospital"], ("Aethel Way, Telford", "TF1 6RW")),
    ("""Eastmoor Hospitals NHS Foundation Trust

Inspection report

Trust headquarters
Harrowgate House
1 Moor Road
Leeds
LS2 9AA

Date of inspection visit: 3 to 5 March 2020

Overall trust quality rating           Good

The trust has three hospitals: Eastmoor General Hospital in Leeds, Westmoor Infirmary in Bradford and Northmoor Hospital in York.
""", ["Eastmoor General Hospital", "Westmoor Infirmary", "Northmoor Hospital"], None),
])
def test_a_trust_s_hospitals_named_with_their_towns(text, hospitals, at_office) -> None:
    """"It has two main hospitals: X in Telford and Y in Shrewsbury": each a location of the trust,
    the towns no part of the names; the hospital the headquarters are at has their address."""
    record = extract(text)
    assert [x.name for x in record.locations] == hospitals
    assert all(x.provider == 0 for x in record.locations)
    if at_office:
        assert (record.locations[0].address, record.locations[0].postcode) == at_office


@pytest.mark.parametrize(("text", "location"), [
    ("""Skip to main content
Care Quality Commission

St Aldwyn's Hospital
Windmill Road, Gillingham, Kent ME7 4QT
Provided and run by: Medway Downs NHS Foundation Trust

Overall rating for this hospital: Good
Latest inspection: 10 to 12 October 2017

Our ratings for St Aldwyn's Hospital combine the ratings for the services we inspected in
October 2017 with those from our inspection in March 2015.
""", "St Aldwyn's Hospital"),
    ("""Care Quality Commission

Brookfield Lodge
4 Mill Lane, Derby DE1 1AA
Provided and run by: Brookfield Care Ltd

Overall rating: Good
Our ratings for Brookfield Lodge are based on our inspection in May 2022 and earlier findings.
""", "Brookfield Lodge"),
])
def test_a_sentence_about_the_ratings_for_a_place_is_no_heading(text, location) -> None:
    """"Our ratings for X combine …" is a sentence: its words after the name are no part of it."""
    assert [x.name for x in extract(text).locations] == [location]


@pytest.mark.parametrize(("text", "location", "address"), [
    ("""Review of compliance

Greenwood Court Nursing Home
Greenwood Healthcare Limited

Region: South West
Location address: 8 Manor Road, Weston-super-Mare, North Somerset BS23 2SU
Type of service: Care home service with nursing
Date of Publication: June 2011

Overview of the service: Greenwood Court provides nursing care for up to 38 older people.
We reviewed all the information we hold about this provider, carried out a visit on
12 April 2011, observed how people were being cared for and talked to staff.
""", "Greenwood Court Nursing Home", ("8 Manor Road, Weston-super-Mare, North Somerset", "BS23 2SU")),
    ("""Review of compliance

Ashdown Lodge
Ashdown Care Ltd

Region: London
Location address: 14 Ashdown Road, Bromley, Kent BR1 3AA
Type of service: Care home service without nursing
Date of Publication: March 2012

Overview of the service: Ashdown Lodge provides care for up to 20 people.
We carried out a visit on 2 February 2012 and spoke with people who use the service.
""", "Ashdown Lodge", ("14 Ashdown Road, Bromley, Kent", "BR1 3AA")),
])
def test_a_review_of_compliance_s_region_is_no_name(text, location, address) -> None:
    """"Region: South West" above "Location address:" is the region; the name is above it."""
    record = extract(text)
    assert [(x.name, x.address, x.postcode) for x in record.locations] == [(location, *address)]
    insp = next(i for i in record.inspections if not i.is_previous)
    assert insp.start_date is not None and insp.start_date.iso in ("2011-04-12", "2012-02-02")  # a visit wrapped after "on"


@pytest.mark.parametrize(("text", "listed"), [
    ("""Care Quality Commission

Heronwood Care Group Ltd

Provider ID: 1-2041887300
Registered office: Heronwood House, 2 Station Approach, Chelmsford, Essex CM1 1XR

Services run by this provider (2)

The Oaks
Care home service without nursing
22 Rainsford Lane, Chelmsford, Essex CM1 2QE
Overall rating: Good
Last inspected: 14 June 2022

Heronwood Supported Living
Supported living service
Not yet rated
Registered: 11 August 2022
""", ["The Oaks", "Heronwood Supported Living"]),
    ("""Care Quality Commission

Wessex Homecare Partnership Limited

Provider ID: 1-1938475610
Registered office: 12 Castle Street, Salisbury, Wiltshire SP1 1TT

Services run by this provider (2)

Wessex Homecare - Salisbury
Domiciliary care service
12 Castle Street, Salisbury, Wiltshire SP1 1TT
Overall rating: Requires improvement
Last inspected: 3 March 2023

Wessex Homecare - Andover
Domiciliary care service
Not yet rated
Registered: 2 April 2024
""", ["Wessex Homecare - Salisbury", "Wessex Homecare - Andover"]),
])
def test_a_provider_page_s_service_without_an_address(text, listed) -> None:
    """A service newly registered, its address not printed ("Not yet rated", "Registered: …"):
    a location of the provider like the others."""
    record = extract(text)
    assert [x.name for x in record.locations] == listed
    assert all(x.provider == 0 for x in record.locations)


@pytest.mark.parametrize(("text", "location"), [
    ("""Skip to main content
Care Quality Commission
Home > Find a service > St Aldwyn's Hospital

St Aldwyn's Hospital
Windmill Road, Gillingham, Kent ME7 4QT
Provided and run by: Medway Downs NHS Foundation Trust
Overall rating for this hospital: Good
""", "St Aldwyn's Hospital"),
    ("""Care Quality Commission
Home > Find a service > Larch House

Larch House
3 Larch Road, Leeds LS6 2AB
Provided and run by: Larch Care Ltd
Overall rating: Good
""", "Larch House"),
])
def test_the_trail_of_links_above_a_page_is_no_part_of_its_name(text, location) -> None:
    record = extract(text)
    assert [x.name for x in record.locations] == [location]
    assert not any(location in (x.address or "") for x in record.locations)
