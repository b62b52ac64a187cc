"""Ratings on the right subject and service: a location's report whose labelled lines name both
the location and its provider rates the location (its grid's rows are the location's core
services or population groups, not the provider's); a service's rating stays on the service, a
group's on the group. Each wording is shown on two invented documents written as CQC writes."""

from __future__ import annotations

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
    assert ("Larkspur Clinic", "effective", "Outpatients") not in found  # "Not rated" rates nothing
    assert not any(subject == "Larkspur Health Partners Limited" for subject, _kq, _part in found)


def test_a_grid_under_a_practice_and_its_provider_rates_the_practice_s_groups() -> None:
    found = _current(extract(GP_GRID))
    assert found[("Brook Street Surgery", "safe", "Older people")] == "good"
    assert found[("Brook Street Surgery", "effective", "People with long-term conditions")] == "requires-improvement"
    assert not any(subject == "Dr A Patel and Partners" for subject, _kq, _part in found)
