"""Names, addresses and providers of page headers whose contents the reader had not met before
(each rule shown on two documents, written in CQC's style): an address printed a part a line,
an archived location's title with its rating, a title opening with a house number, the provider
a summary names after the title's own name, a location named like a company, a practice named
after its doctors, a provider whose name holds figures, a person or a trading name, and a phone
number of any length of area code."""

from __future__ import annotations

from cqcgraph.extract import extract, location_page, names, profile, subjects


def _location(text: str):
    record = extract(text)
    assert len(record.locations) == 1, record
    return record, record.locations[0]


# an address a part a line ------------------------------------------------------------------

def test_address_printed_a_part_a_line_under_the_name() -> None:
    h = profile.parse_header(
        "• Care Home\n  • Care home\n\nOak Lodge\n\nOverall: Good read more about inspection ratings\n\n"
        "Unit 20\n43a The Broadway\nBarnsley\nS70 2EG (01226) 770418\n\nProvided and run by:\nOak Care Ltd\n\nAll Inspections\n")
    assert (h.address, h.postcode, h.phone, h.provider_name) == ("Unit 20, 43a The Broadway, Barnsley", "S70 2EG",
                                                                 "01226 770418", "Oak Care Ltd")


def test_address_a_part_a_line_without_a_street_number_nor_phone() -> None:
    h = profile.parse_header(
        "• Services in your home\n\nArchived: Ash Homecare\n\nRose Cottage\nChurch Lane\nKendal\nCumbria\nLA9 4JB\n\n"
        "Provided and run by:\nAsh Care Services Limited\n\nAll Inspections\n")
    assert (h.name, h.address, h.postcode, h.phone) == ("Ash Homecare", "Rose Cottage, Church Lane, Kendal, Cumbria",
                                                        "LA9 4JB", None)


def test_kind_of_service_line_above_a_one_line_address_is_no_part_of_it() -> None:
    h = profile.parse_header("Meadow House\nCare home\nLindley Road, Huddersfield, West Yorkshire HD3 3QE\n"
                             "Provided and run by: Meadow Living Limited\nReport from 4 March 2024 assessment\n")
    assert (h.service_types, h.address) == (["Care home"], "Lindley Road, Huddersfield, West Yorkshire")


# title lines ---------------------------------------------------------------------------------

_SUMMARY = ("You are here\n{title}\nInspection Summary\nOverall summary & rating\nUpdated 4 October 2016\n"
            "{name} is provided by {provider}, which is a registered charity. The inspection was unannounced.\n")


def test_archived_location_title_with_its_rating() -> None:
    for title, name in (("Archived: Oak Lodge Good", "Oak Lodge"), ("Archived: St Anne's Hospice Outstanding", "St Anne's Hospice")):
        _r, loc = _location(_SUMMARY.format(title=title, name=name, provider="Oak Care Ltd"))
        assert (loc.name, loc.archived) == (name, True)
        assert loc.current_overall_rating is not None


def test_title_opening_with_a_house_number() -> None:
    for title, name in (("117 High Street Good", "117 High Street"), ("1st Choice Care Home Requires improvement", "1st Choice Care Home")):
        _r, loc = _location(_SUMMARY.format(title=title, name=name, provider="Oak Care Ltd"))
        assert loc.name == name


def test_title_rating_line_that_is_a_date_names_nothing() -> None:
    assert profile._TITLE_RATING_RE.match("2 October 2023 Good") is None
    assert profile._TITLE_RATING_RE.match("14 Oak Road Good").group("name") == "14 Oak Road"


# the provider a summary names after the title's name ------------------------------------------

def test_provider_named_after_a_title_name_the_name_pattern_cannot_hold() -> None:
    for title, name, provider in (("Brook Cottage - Wigan Good", "Brook Cottage - Wigan", "Orchard Dental LLP"),
                                  ("Holly House Inadequate", "Holly House", "Beech Care (Leek) Limited"),
                                  ("St Mary's Grange Good", "St Mary’s Grange", "Oak & Ash Care Homes Ltd")):
        record, _loc = _location(_SUMMARY.format(title=title, name=name, provider=provider))
        assert [p.name for p in record.providers] == [provider]


def test_operated_by_a_known_name_with_figures_in_the_provider() -> None:
    assert names.operated_by("Oak Lodge - Leeds is operated by 1st Choice Care 4 U Ltd. It has 20 beds.",
                             "Oak Lodge - Leeds") == ("Oak Lodge - Leeds", "1st Choice Care 4 U Ltd")
    assert names.operated_by("Elm Clinic is run by Elm Health (EH) and offers scans.", "Elm Clinic") == ("Elm Clinic", "Elm Health")


# front pages: a location named like a company, a practice named after its doctors --------------

def test_location_named_like_a_company_over_a_labelled_provider() -> None:
    for name in ("Ashlea Community Projects CIC", "Fernworth Dental Practice LLP"):
        s = subjects.stated(f"{name}\n\nProvider: Kingsford Dental Partnership\n"
                            "Address: 83 Chapel Row, Bishop's Stortford, Hertfordshire CM23 2AB\nTelephone: 01279 655 123\n")
        assert (s.location.name, s.location.postcode, s.provider.name) == (name, "CM23 2AB", "Kingsford Dental Partnership")


def test_location_named_like_a_company_when_its_address_repeats_the_name() -> None:
    for name in ("Ravensbrook Dental Practice LLP", "Meadowford Clinic Ltd"):
        s = subjects.stated(f"Latest inspection summary\n{name}\n{name}, 4 Bridge Street, Rugby CV21 2AA\n"
                            "Provider: Oak Medical Partnership\n")
        assert (s.location.name, s.location.postcode) == (name, "CV21 2AA")


def test_practice_named_after_its_doctors_is_no_person() -> None:
    assert subjects.is_name("Dr T Nguyen & Partners") and subjects.is_name("Dr A Patel and Partners")
    assert not subjects.is_name("Dr T Nguyen")


def test_organisation_line_with_figures_and_ampersands() -> None:
    assert subjects.is_org_line("1st Ivybrook Care 4 U Ltd") and subjects.is_org_line("Oak & Ash Care Homes Ltd")
    assert not subjects.is_org_line("Oak Lodge")


# the provider's line under the location's name ------------------------------------------------

def test_provider_line_of_a_person_or_a_trading_name_or_a_council() -> None:
    for provider in ("Dr J Smith", "Mr R O'Neill t/a Oak Dental Care", "Abbey Care Ltd trading as Abbey Homecare",
                     "Kendal Borough Council"):
        h = profile.parse_header(f"Ash Lodge\n{provider}\nCare home\n27 Leicester Road, Hinckley LE10 1QT\n"
                                 "Phone: 01455 633 027\nOverall rating: Good\n")
        assert (h.provider_name, h.postcode) == (provider, "LE10 1QT"), provider


# a phone number of any length of area code -----------------------------------------------------

def test_profile_with_latest_box_and_a_phone_of_a_long_area_code() -> None:
    for tel in ("013048 83041", "(016977) 12345", "07653 552054"):
        text = (f"Ash Lodge\nAsh Care Ltd\nCare home\n27 Leicester Road, Hinckley, Leicestershire LE10 1QT\nPhone: {tel}\n"
                "Overall rating: Good\nLatest inspection: 9 August 2022\nReport published: 21 September 2022\n")
        assert location_page.detect(text), tel
        assert location_page.parse(text).locations[0].postcode == "LE10 1QT"


def test_london_phone_without_brackets_under_the_address() -> None:
    from cqcgraph.extract import patterns as P

    assert [P.phone(t) for t in ("Phone: 020 7643 6863", "Tel: 029 2034 1234")] == ["020 7643 6863", "029 2034 1234"]
    for tel in ("020 7643 6863", "029 2034 1234"):
        text = (f"Ash Lodge\nAsh Care Ltd\nCare home\n12 Mill Lane, London E1 6AN\nPhone: {tel}\n"
                "Overall rating: Good\nLatest inspection: 9 August 2022\nReport published: 21 September 2022\n")
        assert location_page.detect(text), tel


def test_profile_with_latest_box_and_no_phone_under_the_address() -> None:
    for address in ("27 Leicester Road, Hinckley, Leicestershire LE10 1QT", "Rose Cottage, Church Lane, Kendal LA9 4JB"):
        text = (f"Ash Lodge\n\nAsh Care Ltd\n\nCare home\n\n{address}\n\nOverall rating: Requires improvement\n"
                "Latest inspection: 9 August 2022\nReport published: 21 September 2022\n")
        assert location_page.detect(text), address
        assert location_page.parse(text).locations[0].address == address.rsplit(" ", 2)[0]
