"""IRI minting (cqcgraph.iris): IRIs from natural keys, with worked examples."""

from __future__ import annotations

import doctest

import pytest

from cqcgraph import iris, rdf, vocab
from cqcgraph.iris import (
    DEFAULT_BASE, anonymous_entity_iri, child_iri, document_iri, document_tag, location_iri,
    normalise_name, provider_iri, slug,
)
from cqcgraph.records import Regulation


def test_doctests_pass() -> None:
    for module in (iris, vocab, rdf):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name, key", [
    ("Medical Imaging Partnership", "medical imaging partnership"),
    ("MEDICAL  IMAGING\tPartnership ", "medical imaging partnership"),
    ("St Mary\u2019s & St John's", "st marys and st johns"),
    ("St Mary's and St John\u2018s", "st marys and st johns"),
    ("Ecospirito Ltd", "ecospirito limited"),
    ("Ecospirito Limited", "ecospirito limited"),
    ("Healthcare at Home", "healthcare at home"),
    ("Fastrack-Scan.", "fastrack scan"),
    ("Ch\u00e2teau Care", "chateau care"),
])
def test_normalise_name(name: str, key: str) -> None:
    assert normalise_name(name) == key


def test_slug_is_ascii_and_hyphenated() -> None:
    assert slug("Diagnostic imaging") == "diagnostic-imaging"
    assert slug("  \u2014  ") == ""
    assert slug("x" * 100, max_length=10) == "x" * 10


def test_location_key_preference() -> None:
    full = dict(cqc_id="1-125856395", ods_code="RX901", name="Medical Imaging Partnership",
                postcode="RH11 9BJ")
    assert location_iri(DEFAULT_BASE, **full) == DEFAULT_BASE + "location/1-125856395"
    full.pop("cqc_id")
    assert location_iri(DEFAULT_BASE, **full) == DEFAULT_BASE + "location/ods-rx901"
    full.pop("ods_code")
    assert location_iri(DEFAULT_BASE, **full) == (
        DEFAULT_BASE + "location/medical-imaging-partnership--rh119bj")
    full.pop("postcode")
    assert location_iri(DEFAULT_BASE, **full) == (
        DEFAULT_BASE + "location/medical-imaging-partnership")


def test_no_key_gives_none() -> None:
    assert location_iri(DEFAULT_BASE) is None
    assert provider_iri(DEFAULT_BASE, name="  ", postcode="LU2 0HF") is None
    assert provider_iri(DEFAULT_BASE, cqc_id="") is None


def test_name_slugs_never_look_like_ids() -> None:
    for name in ("1-101641279", "RX901", "ODS Centre", "N Clinic", "123"):
        iri = location_iri(DEFAULT_BASE, name=name)
        assert iri.rsplit("/", 1)[1].startswith("n-"), iri
    assert location_iri(DEFAULT_BASE, name="Meadow View") == DEFAULT_BASE + "location/meadow-view"


def test_same_name_different_postcodes_stay_apart() -> None:
    a = location_iri(DEFAULT_BASE, name="Rose House", postcode="LE12 9AN")
    b = location_iri(DEFAULT_BASE, name="Rose House", postcode="LU2 0HF")
    assert a != b


def test_base_is_configurable() -> None:
    assert provider_iri("http://kg.test/data", name="Ecospirito Ltd") == (
        "http://kg.test/data/provider/ecospirito-limited")
    assert document_iri("http://kg.test/data/", "x.txt").startswith("http://kg.test/data/document/")


def test_document_iri_is_readable_stable_and_distinct() -> None:
    a = document_iri(DEFAULT_BASE, "https://www.cqc.org.uk/location/1-125856395")
    assert a == document_iri(DEFAULT_BASE, "https://www.cqc.org.uk/location/1-125856395")
    assert a.startswith(DEFAULT_BASE + "document/cqc-org-uk-location-1-125856395-")
    assert document_iri(DEFAULT_BASE, "http://cqc.org.uk/location/1-125856395") != a
    long = document_iri(DEFAULT_BASE, "a" * 500 + ".txt")
    assert len(long) < len(DEFAULT_BASE) + 90
    assert document_iri(DEFAULT_BASE, "\u2014").startswith(DEFAULT_BASE + "document/")


def test_document_tag_is_short_and_follows_the_key() -> None:
    assert len(document_tag("001.txt")) == 8
    assert document_tag("001.txt") != document_tag("002.txt")
    assert document_iri(DEFAULT_BASE, "001.txt").rsplit("-", 1)[1].startswith(
        document_tag("001.txt"))


def test_dependent_iris_sit_under_their_parent() -> None:
    loc = location_iri(DEFAULT_BASE, cqc_id="1-2")
    assert child_iri(loc, "inspection", "2019-07-17").startswith(loc + "/")
    doc = document_iri(DEFAULT_BASE, "x.txt")
    assert anonymous_entity_iri(doc, "location", 3) == doc + "/location/3"


def test_regulation_iris() -> None:
    assert vocab.regulation_iri(Regulation("uksi/2014/2936", "12", "(2)(a)")) == (
        "http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/12")
    assert vocab.regulation_iri(Regulation("ukpga/2008/14", "31", is_section=True)) == (
        "http://www.legislation.gov.uk/id/ukpga/2008/14/section/31")
    assert vocab.regulation_iri(Regulation("ukpga/2008/14", "29a")) == (
        "http://www.legislation.gov.uk/id/ukpga/2008/14/section/29A")
    with pytest.raises(ValueError):
        vocab.regulation_iri(Regulation("not an instrument", "12"))
    with pytest.raises(ValueError):
        vocab.regulation_iri(Regulation("uksi/2014/2936", "twelve"))
