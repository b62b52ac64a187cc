"""Dates in wordings of CQC's releases that the reader had not met: a release that first dates
its inspection by a month with no year ("following an inspection in December") and then by its
day ("During the inspection on 8 December 2015") keeps both; a yearless month that names another
month, or comes after the day, is no wording of that date. Each on two invented releases."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract

_RELEASE = (
    "{title}\n\nPublished: {published}\n\nCategories: Media, GPs\n\n"
    "The Care Quality Commission has rated {name} in {town} as Inadequate and placed the practice into "
    "special measures following an inspection in {month}.\n\n"
    "During the inspection on {day}, inspectors found the practice was inadequate for providing safe, "
    "effective and well-led services. It was rated as good for being caring.\n"
)

_PRACTICES = (
    dict(title="CQC places Lancaster GP practice into special measures", published="3 February 2016",
         name="Greaves Lane Surgery", town="Lancaster", day="8 December 2015"),
    dict(title="Stoke-on-Trent practice rated inadequate", published="28 April 2017",
         name="Hanley Road Medical Practice", town="Stoke-on-Trent", day="14 March 2017"),
)


def _current(text: str):
    record = extract(text)
    return next(i for i in record.inspections if not i.is_previous)


@pytest.mark.parametrize("fields", _PRACTICES)
def test_a_release_s_first_yearless_wording_of_its_inspection_is_kept_with_its_day(fields: dict[str, str]) -> None:
    month = fields["day"].split()[1]
    insp = _current(_RELEASE.format(month=month, **fields))
    assert insp.start_date is not None and insp.start_date.iso is not None
    assert insp.dates_text == month


@pytest.mark.parametrize("fields", _PRACTICES)
def test_a_yearless_month_naming_another_month_is_no_wording_of_the_day(fields: dict[str, str]) -> None:
    insp = _current(_RELEASE.format(month="the autumn" if "December" in fields["day"] else "January", **fields))
    assert insp.start_date is not None and insp.dates_text is None
