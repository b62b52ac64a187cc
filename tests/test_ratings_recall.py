"""Ratings stated in wordings the other readers missed: a second key question rated with its verb
left out, and the other families below. Each wording is shown on two invented documents written
as CQC writes them; what may be, another body's grade and an earlier rating stay absent."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord


def _ratings(record: DocumentRecord, previous: bool = False) -> dict[tuple[str, str, str], str]:
    """(date, key question, service) -> rating of the current (or earlier) inspections."""
    out: dict[tuple[str, str, str], str] = {}
    for i in record.inspections:
        if i.is_previous is not previous:
            continue
        when = i.start_date or i.publication_date
        for r in i.ratings:
            out[(when.iso if when and when.iso else "", r.key_question.value, r.service or "")] = r.value.value
    return out


FINED = """Care home provider fined after resident was scalded in a bath

Published: 14 May 2024

Brookvale Care Ltd, which runs Ashdown House in Crawley, pleaded guilty at Brighton Magistrates'
Court on 10 May 2024 to failing to provide safe care and treatment. The Care Quality Commission
(CQC) brought the prosecution.

Ashdown House was rated requires improvement overall following an inspection in
January 2024. Safe was rated inadequate and well-led requires improvement.
"""

RELEASE = """CQC rates Hollins Park Surgery good

Published: 2 June 2023

The Care Quality Commission (CQC) has rated Hollins Park Surgery in Stockport good overall
following an inspection in March 2023.

Effective is rated outstanding, caring good and responsive requires improvement.
"""


def test_a_second_key_question_rated_with_the_verb_left_out() -> None:
    fined = _ratings(extract(FINED))
    assert fined[("2024-01", "safe", "")] == "inadequate"
    assert fined[("2024-01", "well-led", "")] == "requires-improvement"
    release = _ratings(extract(RELEASE))
    assert release[("2023-03", "effective", "")] == "outstanding"
    assert release[("2023-03", "caring", "")] == "good"
    assert release[("2023-03", "responsive", "")] == "requires-improvement"


def test_a_clause_after_the_rated_key_question_that_is_no_rating_rates_nothing() -> None:
    said = _ratings(extract(FINED.replace("and well-led requires improvement.",
                                          "and well-led good practice was not shared.")))
    assert ("2024-01", "well-led", "") not in said
    future = _ratings(extract(FINED.replace("Safe was rated inadequate and well-led requires improvement.",
                                            "Safe will be rated inadequate and well-led requires improvement.")))
    assert ("2024-01", "well-led", "") not in future and ("2024-01", "safe", "") not in future
    earlier = _ratings(extract(FINED.replace("Safe was rated inadequate and well-led requires improvement.",
                                             "Safe was previously rated inadequate and well-led requires improvement.")))
    assert ("2024-01", "well-led", "") not in earlier
