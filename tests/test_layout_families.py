"""Layout families recognised by several features, not one exact heading: provider pages of care
groups and NHS trusts. Read on documents written by people who never saw the reader
(tests/fixtures/heldout2, heldout3) and on a short synthetic page laid out as CQC lays out a
trust's page (its names and addresses invented)."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.extract import detect_layout, extract
from cqcgraph.records import RatingValue

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: A trust's provider page as CQC lays it out: ODS code, headquarters, the trust's own rating,
#: "Services run by this provider", each service's address before its kind.
TRUST_PAGE = """Care Quality Commission

Northmoor Community Health NHS Trust
Provider ID: RXX
Trust Offices, 4 Moor Road, Leeds LS2 9JT

Overall rating for this trust: Good
Are services safe?        Good

Services run by this provider

Moor Road Clinic
4 Moor Road, Leeds LS2 9JT
Community health services
Rating: Good
Last inspected: 3 March 2021
"""


def read(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def test_nhs_trust_page_with_ods_code_and_its_locations() -> None:
    r = extract(read("heldout3/304.txt"))
    assert r.layout == "provider-page" and not r.fell_back
    trust = r.providers[0]
    assert trust.name == "Mendip and Avon Hospitals NHS Trust" and trust.ods_code == "RQ4" and trust.cqc_id is None
    assert trust.postcode == "BA1 3NE" and trust.current_overall_rating is RatingValue.REQUIRES_IMPROVEMENT
    by_name = {loc.name: loc for loc in r.locations}
    assert set(by_name) == {"Royal Combe Park Hospital", "Frome Community Hospital",
                            "Shepton Mallet Treatment Centre", "Paulton Birth Centre"}
    frome = by_name["Frome Community Hospital"]
    assert frome.postcode == "BA11 2FH" and frome.service_types == ("Community hospital",)
    assert frome.current_overall_rating is RatingValue.GOOD and frome.last_inspection_date.iso == "2018-11-07"
    paulton = by_name["Paulton Birth Centre"]
    assert paulton.current_overall_rating is None and paulton.registration_date.iso == "2023-09-05"


def test_care_group_page_with_kind_before_address_is_still_read() -> None:
    r = extract(read("heldout2/204.txt"))
    assert r.layout == "provider-page" and r.providers[0].cqc_id == "1-1093847261"
    assert r.locations[0].service_types == ("Care home with nursing",) and r.locations[0].postcode == "SK11 6TJ"


def test_synthetic_trust_page_under_services_heading() -> None:
    r = extract(TRUST_PAGE)
    assert detect_layout(TRUST_PAGE) == "provider-page"
    assert r.providers[0].ods_code == "RXX" and r.providers[0].current_overall_rating is RatingValue.GOOD
    assert [loc.name for loc in r.locations] == ["Moor Road Clinic"]
    assert r.locations[0].service_types == ("Community health services",)


def test_one_provider_feature_alone_claims_no_text() -> None:
    text = "Provider ID: RXX\nWe inspected the trust's maternity service on 3 May 2022."
    assert detect_layout(text) != "provider-page"
