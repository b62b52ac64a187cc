"""Names of locations and providers in wordings of CQC's that the reader had not met: a service
named with what it does between commas, the provider of the several services a release is about,
a release's inspection date wrapped onto the next line before its preposition, and a report whose
header names no one but whose summary names the service it inspected. Each wording on two
invented documents written as CQC writes them."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract

_RELEASE = (
    "News\n\nCQC publishes reports on three {short} services in {county}\n\nPublished: 7 March 2023\n\n"
    "The Care Quality Commission has published reports on three services in {county} run by\n"
    "{provider}, following inspections in December 2022 and January 2023.\n\n"
    "{first}, a nursing home in {town}, has been rated Outstanding overall. It was inspected on 11 and 12\n"
    "December 2022.\n\n"
    "{second}, a residential home in {town}, is rated Good. {second} was inspected on 8 January 2023.\n\n"
    "{third}, which provides care to people in their own homes across {area}, has dropped\n"
    "from Good to Requires Improvement following an inspection that began\n"
    "on 15 January 2023. The service was rated requires improvement for safe and well-led.\n\n"
    "Ends\n\nFor further information please contact the CQC press office.\n"
)

_RELEASES = (
    dict(short="Lakeview Healthcare", county="Cumbria", provider="Lakeview Healthcare Limited", first="Fellside Court",
         second="Eden Lodge", third="Lakeview Home Care", town="Kendal", area="South Lakeland"),
    dict(short="Moorland Care", county="Devon", provider="Moorland Care Group Ltd", first="Dartview House",
         second="Tor Bank", third="Moorland Care at Home", town="Tavistock", area="West Devon"),
)


def _names(text: str) -> tuple[list[str | None], list[str | None]]:
    record = extract(text)
    return [p.name for p in record.providers], [loc.name for loc in record.locations]


@pytest.mark.parametrize("fields", _RELEASES)
def test_a_service_named_with_what_it_does_between_commas_is_a_location(fields: dict[str, str]) -> None:
    _providers, locations = _names(_RELEASE.format(**fields))
    assert fields["third"] in locations


@pytest.mark.parametrize("fields", _RELEASES)
def test_the_provider_of_the_several_services_a_release_is_about(fields: dict[str, str]) -> None:
    providers, locations = _names(_RELEASE.format(**fields))
    assert providers == [fields["provider"]]
    assert fields["provider"] not in locations


@pytest.mark.parametrize("fields", _RELEASES)
def test_an_inspection_date_wrapped_before_its_preposition_dates_the_service(fields: dict[str, str]) -> None:
    record = extract(_RELEASE.format(**fields))
    third = next(k for k, loc in enumerate(record.locations) if loc.name == fields["third"])
    insp = next(i for i in record.inspections if i.location == third and not i.is_previous)
    assert insp.start_date is not None and insp.start_date.iso == "2023-01-15"


@pytest.mark.parametrize("name,town", [("Harbour Lights", "Plymouth"), ("Sunrise Home Care", "Exeter")])
def test_rated_a_service_which_provides_care_as_a_rating(name: str, town: str) -> None:
    text = (f"News\n\nPublished: 3 May 2023\n\nCategories: Media, Adult social care\n\n"
            f"The Care Quality Commission has rated {name}, which provides care to people in their own homes in {town}, "
            "as requires improvement following an inspection in January 2023.\n\n"
            "The service is run by Sunrise Care Services Limited.\n")
    _providers, locations = _names(text)
    assert name in locations


_UNNAMED_HEAD = (
    "Care Quality Commission\n\nInspection report\n\nDate of inspection visit: 3 May 2023\n"
    "Date of publication: 2 June 2023\n\n{body}\n\nOverall rating: Good\n"
)


@pytest.mark.parametrize("body,name", [
    ("About the service\n{name} is a residential care home providing personal care to up to 30 people.", "Willow Bank"),
    ("About the service\n{name} is a domiciliary care agency. It provides personal care to people in their own homes.",
     "Rowan Care at Home"),
    ("Overall summary\nWe undertook an unannounced comprehensive inspection at {name} on 3 May 2023.", "The Beeches Nursing Home"),
    ("Overall summary\nWe carried out an announced inspection of {name} on 3 May 2023 as part of our programme.", "Elm Tree Surgery"),
])
def test_a_report_whose_header_names_no_one_is_of_the_service_its_summary_names(body: str, name: str) -> None:
    _providers, locations = _names(_UNNAMED_HEAD.format(body=body.format(name=name)))
    assert locations == [name]


@pytest.mark.parametrize("label", ["CQC ID 1-4418207936", "Location ID 1-4418207936", "CQC ID: 1-4418207936"])
@pytest.mark.parametrize("name,kind,address,provider", [
    ("Quay Street Surgery", "GP practice", "3 Quay Street, Whitehaven, Cumbria CA28 7BQ", "Quay Street Partnership"),
    ("Brackenlea", "Care home", "14 Fell Road, Keswick, Cumbria CA12 4AB", "Brackenlea Care Ltd"),
])
def test_a_page_header_s_id_line_with_or_without_its_colon(label: str, name: str, kind: str, address: str,
                                                          provider: str) -> None:
    text = (f"{name}\n\n{kind}\n{address}\n01946 692 058\nProvided and run by: {provider}\n{label}\n\n"
            "Latest inspection: 8 June 2022\nReport published: 2 August 2022\n\nOverall: Good\n\n"
            "Safe: Good\nEffective: Good\nCaring: Good\nResponsive: Good\nWell-led: Good\n")
    record = extract(text)
    assert [(loc.name, loc.cqc_id) for loc in record.locations] == [(name, "1-4418207936")]


_RELEASE_HEAD = "{title}\n\nPublished: 3 May 2023\n\nCategories: Media, Adult social care\n\n{lead}\n\n{more}\n"


@pytest.mark.parametrize("lead,name", [
    ("The Care Quality Commission has placed Meadow View care home in Hull into special measures after rating it inadequate.",
     "Meadow View"),
    ("CQC has placed Ashgrove Lodge, a nursing home in Grimsby, into special measures following an inspection in March 2023.",
     "Ashgrove Lodge"),
    ("CQC has told Harbour Care Ltd it must make improvements at Harbour View, a nursing home in Plymouth, following an "
     "inspection in February 2023.", "Harbour View"),
    ("The Care Quality Commission has taken action at Rosewood House, a care home in Torquay, following an inspection in "
     "February 2023.", "Rosewood House"),
    ("People living at Willow Court in Ashford are at risk of harm, the Care Quality Commission has found following an "
     "inspection in May 2023.", "Willow Court"),
    ("Residents living at Elm Bank care home in Dover were not always safe, inspectors from the Care Quality Commission found "
     "in May 2023.", "Elm Bank"),
])
def test_a_release_s_service_named_where_it_is_acted_on(lead: str, name: str) -> None:
    text = _RELEASE_HEAD.format(title="CQC report on a care home", lead=lead,
                                more="Inspectors found people's medicines were not managed safely.")
    _providers, locations = _names(text)
    assert name in locations


@pytest.mark.parametrize("quote", ["'care home'", "‘care home’", "'supported living' service"])
@pytest.mark.parametrize("name", ["Rose Cottage", "Stanmore Grange"])
def test_a_service_described_as_a_quoted_kind_is_the_location(quote: str, name: str) -> None:
    body = (f"About the service\n{name} is a {quote}. People in care homes receive accommodation and nursing or "
            "personal care as a single package under one contractual agreement.")
    _providers, locations = _names(_UNNAMED_HEAD.format(body=body))
    assert locations == [name]


@pytest.mark.parametrize("suffix", [" - Inspection report", " – Inspection report", " | Quality report"])
@pytest.mark.parametrize("name", ["Elm House Nursing Home", "Ferndown Medical Centre"])
def test_a_report_s_title_is_no_part_of_the_name_it_follows(suffix: str, name: str) -> None:
    text = (f"{name}{suffix}\n\nDate of inspection visit: 3 May 2023\nDate of publication: 2 June 2023\n\n"
            f"Overall summary\n\n{name} is a care home providing nursing care for up to 40 people.\n\nOverall rating: Good\n")
    _providers, locations = _names(text)
    assert locations == [name]


@pytest.mark.parametrize("provider,services", [
    ("Oak Vale Care Ltd", [("Oak House", "Bristol", "Good"), ("Elm Lodge", "Bath", "Requires improvement"),
                           ("Ash Court", "Frome", "Inadequate")]),
    ("Fenland Homes Limited", [("The Old Rectory", "Ely", "Outstanding"), ("Marsh View", "Wisbech", "Good")]),
])
def test_a_release_s_list_of_services_with_their_towns_and_ratings(provider: str, services: list[tuple[str, str, str]]) -> None:
    items = "\n".join(f"• {name}, {town} – rated {rating}" for name, town, rating in services)
    text = _RELEASE_HEAD.format(title="CQC publishes reports on a provider's homes", lead=(
        f"The Care Quality Commission has published reports on the care homes run by {provider} following inspections "
        f"in March 2023:"), more=items)
    record = extract(text)
    assert [p.name for p in record.providers] == [provider]
    rated = {record.locations[i.location].name: [r.value.label for r in i.ratings] for i in record.inspections
             if i.location is not None}
    assert rated == {name: [rating] for name, _town, rating in services}


@pytest.mark.parametrize("sentence", [
    "This was an unannounced inspection of {name} on 3 May 2023.",
    "We inspected {name} on 3 May 2023. The inspection was unannounced.",
    "Our inspection of {name} took place on 3 May 2023.",
    "The inspection of {name} was carried out on 3 May 2023.",
    "We visited {name} on 3 May 2023 to carry out an unannounced inspection.",
    "This announced inspection took place at {name} on 3 May 2023.",
])
@pytest.mark.parametrize("name", ["Oak Lodge", "Ferndale Medical Centre"])
def test_a_report_s_sentence_naming_what_it_inspected(sentence: str, name: str) -> None:
    body = "Overall summary\n" + sentence.format(name=name)
    _providers, locations = _names(_UNNAMED_HEAD.format(body=body))
    assert locations == [name]


@pytest.mark.parametrize("sentence", [
    "We inspected Urgent and emergency care on 3 May 2023 because of concerns.",
    "We inspected Safe and well-led on 3 May 2023.",
    "We inspected This service on 3 May 2023.",
])
def test_what_we_inspected_that_is_no_place_names_no_location(sentence: str) -> None:
    _providers, locations = _names(_UNNAMED_HEAD.format(body="Overall summary\n" + sentence))
    assert locations in ([], [None])
