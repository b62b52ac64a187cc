"""The content-variation harness (``tests/header_variants.py``): the headers of real location and
provider pages, and of the open sets' pages, with generated names, addresses, postcodes, phone
numbers and providers, and their optional lines kept or dropped. Each template family must read
right (every name, address, postcode, phone, provider, CQC ID and current rating, and nothing
else) on at least its floor's share of the variants."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import header_variants as H  # noqa: E402

#: Share of variants read right per template family (raise a floor when the reader improves).
FLOORS = {
    "bullets location": 0.98,
    "bullets provider": 0.98,
    "title location": 0.98,
    "title provider": 0.98,
    "labelled location": 0.96,
    "lines location": 0.88,
}
PER_TEMPLATE, SEED = 15, 2


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[int, int]]:
    return H.score(PER_TEMPLATE, SEED)


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_family_read_right_on_its_floor_of_variants(scores: dict[str, tuple[int, int]], family: str) -> None:
    right, total = scores[family]
    assert total >= PER_TEMPLATE
    assert right / total >= FLOORS[family], f"{family}: {right}/{total} variants read right"


def test_variants_are_the_same_from_the_same_seed() -> None:
    t = H.templates()[0]
    assert H.variant(t, 3).text == H.variant(t, 3).text
    assert H.variant(t, 3).text != H.variant(t, 4).text


def test_every_postcode_shape_is_generated() -> None:
    import random
    import re

    r = random.Random(0)
    shapes = {re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", H.postcode(r)[1].split()[0])) for _ in range(400)}
    assert shapes == {"A9", "A99", "AA9", "AA99", "A9A", "AA9A"}


def test_templates_cover_location_and_provider_pages() -> None:
    families = {t.family for t in H.templates()} | {t.family for t in H.slot_templates()}
    assert set(FLOORS) <= families
