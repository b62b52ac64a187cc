"""Layouts recognised by several features, on real CQC publications cut mid-page
(tests/fixtures/real; contains public sector information licensed under the Open Government
Licence v3.0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import detect_layout, extract

REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def text(n: str) -> str:
    return (REAL / f"{n}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("n", ["041", "086"])
def test_profile_page_with_its_latest_summary_is_a_summary_page(n: str) -> None:
    assert detect_layout(text(n)) == "inspection-summary"
    r = extract(text(n))
    assert not r.fell_back and r.locations[0].name and r.providers[0].name
    assert r.locations[0].current_overall_rating is not None


@pytest.mark.parametrize("n", ["050", "053"])
def test_assessment_text_without_its_page_is_an_assessment(n: str) -> None:
    r = extract(text(n))
    assert r.layout == "assessment" and not r.fell_back
    main = r.inspections[0]
    assert main.start_date and main.end_date and main.summary_updated
    assert any(b.regulation and b.regulation.number == "12" for b in main.breaches)


@pytest.mark.parametrize("n, not_a_name", [("066", "all reports"), ("022", "inspection carried out on")])
def test_page_furniture_is_no_location_name(n: str, not_a_name: str) -> None:
    r = extract(text(n))
    assert not any(loc.name and loc.name.lower().startswith(not_a_name) for loc in r.locations)
    assert r.inspections and r.inspections[0].label


@pytest.mark.parametrize("n, start", [("066", "2011-04-04"), ("022", "2013-09-26")])
def test_history_entry_dated_inspection_carried_out_on(n: str, start: str) -> None:
    r = extract(text(n))
    assert r.inspections[0].start_date.iso == start


def test_inspections_the_summary_narrates_are_earlier_ones_not_its_visits() -> None:
    r = extract(text("046"))
    current, *earlier = r.inspections
    assert current.start_date.iso == "2020-10-20"
    assert not {d.iso for d in current.visit_dates} & {"2017-05-10", "2018-01-25"}
    assert {"2017-05-10", "2017-08-03", "2018-01-25", "2019-07-01"} <= {e.start_date.iso for e in earlier if e.is_previous}


def test_last_full_inspection_took_place_on() -> None:
    r = extract(text("001"))
    spans = {(e.start_date.iso, e.end_date.iso) for e in r.inspections if e.is_previous and e.start_date}
    assert ("2014-07-16", "2014-07-17") in spans


@pytest.mark.parametrize("n, service, provider", [
    ("084", "Turner Diagnostic Centre", "Alliance Medical Limited"),
    ("089", "Aesthetic Beauty Centre", "Aesthetic Beauty Centre LLP"),
    ("096", "Claire House Children's Hospice", "Claire House"),
])
def test_summary_opening_names_service_and_provider(n: str, service: str, provider: str) -> None:
    r = extract(text(n))
    assert service in {loc.name for loc in r.locations}
    assert provider in {p.name for p in r.providers}


def test_a_rating_given_when_an_earlier_inspection_is_recalled_is_history() -> None:
    # "to follow up on breaches … identified at our inspection in May 2022, when we rated the
    # service as Requires improvement overall. … This service is now rated as Good overall."
    r = extract(text("087"))
    current = r.inspections[0]
    overall = [x.value.value for x in current.ratings if x.key_question.value == "overall"]
    assert overall == ["good"] == [r.locations[0].current_overall_rating.value]


@pytest.mark.parametrize("n", ["014", "017", "084"])
def test_summary_text_cut_from_its_page_is_read_as_a_summary(n: str) -> None:
    # two lead features together ("rated as Outstanding overall" + "The key questions … are rated
    # as:", the inspector's account + "This inspection focused on the following key questions",
    # "X is operated by Y" + the inspector's account): a summary, not the generic fallback
    r = extract(text(n))
    assert r.layout == "inspection-summary" and not r.fell_back
    assert not any(loc.name and "?" in loc.name for loc in r.locations)
