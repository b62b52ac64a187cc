"""Rules of placement that strict scoring asks for: a rating on the inspection and subject the text
gives it, a date in the role its words give it. Each rule on two invented documents in CQC's
wording at least (and on the open documents that showed it), beside the same words where the rule
must not apply, so a fix that drops or merges every fact fails."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.documents import read
from cqcgraph.extract import extract
from cqcgraph.records import DocumentRecord, Inspection

FIXTURES = Path(__file__).parent / "fixtures"


def _read(rel: str) -> DocumentRecord:
    path = FIXTURES / rel
    source = read(path.read_bytes(), path.name)
    return extract(source.text, title=source.title)


def _overall(i: Inspection) -> str | None:
    return next((r.value.value for r in i.ratings if r.key_question.value == "overall" and not r.service), None)


def _by_start(r: DocumentRecord) -> dict[str | None, Inspection]:
    return {i.start_date.iso if i.start_date else None: i for i in r.inspections}


# -- "The last rating for this service was … (published D)" is the next older entry of the list ----

_CARE_HOME_PAGE = """Larkfield Manor
14 Orchard Road, Taunton TA1 4QP (01823) 555 210
Provided and run by: Larkfield Care Ltd

All inspections

Latest inspection: 8 March 2023
Overall rating: Good

Inspection history

8 March 2023
During a routine inspection
About the service
Larkfield Manor is a residential care home providing personal care to up to 40 people.
Rating at last inspection and update
The last rating for this service was requires improvement (published {pub}). At this inspection we found improvements had been made.
This service has improved to good.

{older}
During an inspection looking at part of the service
We carried out a focused inspection of this service to follow up on concerns about medicines.
The last rating for this service was good (published 2 June 2019).
Our rating for this service has changed to requires improvement.

12 April 2019
During a routine inspection
This comprehensive inspection was unannounced. At this inspection the service was rated good.
"""

_HOME_CARE_PAGE = """Meadowbrook Home Care - Leeds
Unit 2, Kirkstall Works, Leeds LS5 3BT (0113) 496 0101
Provided and run by: Meadowbrook Support Ltd

All Inspections

{older_first}
During a routine inspection
About the service
Meadowbrook Home Care is a domiciliary care agency providing personal care to 85 people.
Rating at last inspection and update
The last rating for this service was inadequate (published {pub}) and there were breaches of regulation.
This service has improved to requires improvement.

{older}
During an inspection looking at part of the service
Our rating for this service has changed to inadequate.
"""


def _pages(pub: str, older: str) -> list[DocumentRecord]:
    return [extract(_CARE_HOME_PAGE.format(pub=pub, older=older)),
            extract(_HOME_CARE_PAGE.format(pub=pub, older=older, older_first="3 October 2022"))]


def test_a_last_rating_known_by_its_publication_is_the_next_older_entry() -> None:
    for r in _pages("30 July 2021", "15 June 2021"):
        entry = _by_start(r)["2021-06-15"]
        assert entry.publication_date is not None and entry.publication_date.iso == "2021-07-30"
        assert not [i for i in r.inspections if i.start_date is None and i.publication_date
                    and i.publication_date.iso == "2021-07-30"], "the recalled rating stays a second inspection"
        assert sum(1 for i in r.inspections if _overall(i) and i.publication_date
                   and i.publication_date.iso == "2021-07-30") == 1


def test_a_last_rating_published_long_after_the_entry_below_stays_its_own() -> None:
    # a report is published within months of its inspection: two years on, it is another one's
    for r in _pages("30 July 2021", "15 June 2019"):
        own = [i for i in r.inspections if i.start_date is None and i.publication_date
               and i.publication_date.iso == "2021-07-30"]
        assert len(own) == 1 and _overall(own[0]) in ("requires-improvement", "inadequate")


def test_a_last_rating_the_entry_below_contradicts_stays_its_own() -> None:
    doc = _CARE_HOME_PAGE.format(pub="30 July 2021", older="15 June 2021").replace(
        "Our rating for this service has changed to requires improvement.", "At this inspection the service was rated inadequate.")
    r = extract(doc)
    assert _overall(_by_start(r)["2021-06-15"]) == "inadequate"
    assert any(i.start_date is None and i.publication_date and i.publication_date.iso == "2021-07-30" for i in r.inspections)


def test_location_pages_recalling_the_entry_below_by_its_publication() -> None:
    # open documents: a care home's page (2021 entry recalling the 2020 one) and a home care agency's
    hollins = _by_start(_read("heldout/101.txt"))
    assert hollins["2020-01-06"].publication_date.iso == "2020-02-14"  # type: ignore[union-attr]
    assert _overall(hollins["2020-01-06"]) == "good"
    brightlea = _by_start(_read("heldout2/202.txt"))
    assert brightlea["2020-10-20"].publication_date.iso == "2020-12-02"  # type: ignore[union-attr]
    assert _overall(brightlea["2020-10-20"]) == "requires-improvement"
    assert brightlea["2018-03-01"].publication_date.iso == "2018-04-09"  # type: ignore[union-attr]


# -- a sentence whose subject is a core service rates that service, not the place -----------------

_TRUST_RELEASE = """CQC publishes report on Northgate Healthcare NHS Foundation Trust

Published 14 March 2024

Northgate Healthcare NHS Foundation Trust has been rated Requires Improvement overall following an inspection in November by the Care Quality Commission.

CQC inspectors carried out unannounced inspections of three core services at Northgate General Hospital between 7 and 9 November 2023.

At Northgate General Hospital:
• Urgent and emergency care was rated Inadequate. The rating for this service went down.
• Surgery was rated Good, improving from Requires Improvement.
• Maternity was rated Outstanding for being well-led and Requires Improvement overall.

Children and young people's services were rated Good overall and Outstanding for being caring.

Ends

Notes to editors
The Care Quality Commission (CQC) is the independent regulator of health and adult social care in England.
"""

_HOSPITALS_RELEASE = """CQC rates Eastmoor Hospitals NHS Trust as good

Published 3 October 2023

Eastmoor Hospitals NHS Trust has been rated Good overall by the Care Quality Commission following inspections in July.

Eastmoor Royal Hospital was rated Good overall. Westfield Community Hospital was rated Requires Improvement overall.

At Eastmoor Royal Hospital:
• Medical care was rated Good for being effective, caring and responsive, and Requires Improvement for being safe.
• End of life care was rated Outstanding for being caring and Good overall.

Inspectors visited both hospitals between 4 and 6 July 2023.

Ends

Notes to editors
The Care Quality Commission (CQC) is the independent regulator of health and adult social care in England.
"""


def _ratings(r: DocumentRecord) -> set[tuple[str, str, str]]:
    return {(x.key_question.value, x.service or "", x.value.value) for i in r.inspections for x in i.ratings}


def test_a_sentence_about_one_core_service_rates_that_service_alone() -> None:
    one = _ratings(extract(_TRUST_RELEASE))
    assert {("well-led", "Maternity", "outstanding"), ("overall", "Maternity", "requires-improvement"),
            ("caring", "Children and young people's services", "outstanding"),
            ("overall", "Children and young people's services", "good")} <= one
    assert ("overall", "Maternity", "outstanding") not in one
    assert not {("well-led", "", "outstanding"), ("caring", "", "outstanding")} & one
    several = _ratings(extract(_HOSPITALS_RELEASE))
    assert {("safe", "Medical care", "requires-improvement"), ("caring", "Medical care", "good"),
            ("caring", "End of life care", "outstanding"), ("overall", "End of life care", "good")} <= several
    assert not {("safe", "", "requires-improvement"), ("caring", "", "outstanding"), ("effective", "", "good")} & several
    # the open release about a trust and its hospital
    halifax = _ratings(_read("heldout9/919.txt"))
    assert {("caring", "Maternity", "outstanding"), ("overall", "Maternity", "good"),
            ("responsive", "Community health services for adults", "outstanding")} <= halifax


def test_the_places_own_ratings_stay_beside_its_services() -> None:
    one = _ratings(extract(_TRUST_RELEASE))
    assert ("overall", "Urgent and emergency care", "inadequate") in one
    assert ("overall", "", "requires-improvement") in one
    several = extract(_HOSPITALS_RELEASE)
    by_place = {(several.locations[i.location].name if i.location is not None else None): i for i in several.inspections}
    assert _overall(by_place["Eastmoor Royal Hospital"]) == "good"
    assert _overall(by_place["Westfield Community Hospital"]) == "requires-improvement"


# -- a release about a trust and one of its hospitals: the trust's sentences rate the trust --------

_KINGSMEAD = """CQC rates Kingsmead University Hospitals NHS Trust as inadequate

Published 21 June 2022

The Care Quality Commission has rated Kingsmead University Hospitals NHS Trust as Inadequate overall following an inspection between 8 and 10 March 2022.

The trust was also rated Inadequate for being safe and well-led, and Requires Improvement for being effective.

Kingsmead Royal Hospital was rated Requires Improvement overall.

Inspectors found that patients in the emergency department waited too long to be seen.

Ends

Notes to editors
The Care Quality Commission (CQC) is the independent regulator of health and adult social care in England.
"""


def _of(r: DocumentRecord, provider: bool) -> set[tuple[str, str, str]]:
    return {(x.key_question.value, x.service or "", x.value.value) for i in r.inspections if not i.is_previous
            and (i.provider is not None if provider else i.location is not None) for x in i.ratings}


def test_a_trusts_own_ratings_rate_the_trust_not_its_one_hospital() -> None:
    kingsmead = extract(_KINGSMEAD)
    assert _of(kingsmead, provider=True) == {("overall", "", "inadequate"), ("safe", "", "inadequate"),
                                              ("well-led", "", "inadequate"), ("effective", "", "requires-improvement")}
    assert _of(kingsmead, provider=False) == {("overall", "", "requires-improvement")}
    northgate = extract(_TRUST_RELEASE)
    assert _of(northgate, provider=True) == {("overall", "", "requires-improvement")}
    hospital = _of(northgate, provider=False)
    assert ("overall", "", "requires-improvement") not in hospital
    assert {("overall", "Surgery", "good"), ("well-led", "Maternity", "outstanding")} <= hospital
    # the trust's inspection is the one the release dates
    trust = next(i for i in kingsmead.inspections if i.provider is not None)
    assert trust.start_date is not None and trust.start_date.iso == "2022-03-08"


def test_a_release_about_one_care_home_keeps_its_ratings_on_the_home() -> None:
    home = extract(_CARE_RELEASE)
    assert {i.location for i in home.inspections if not i.is_previous} == {0}
    assert ("overall", "", "requires-improvement") in _of(home, provider=False)


_CARE_RELEASE = """CQC rates Elmfield House as requires improvement

Published 9 May 2023

Elmfield House, a care home in Bedford run by Elmfield Care Limited, has been rated Requires Improvement overall by the Care Quality Commission following an inspection in February.

The service was rated Requires Improvement for being safe and well-led.

Ends

Notes to editors
The Care Quality Commission (CQC) is the independent regulator of health and adult social care in England.
"""


# -- a report's running foot names its location: a cover may print it above its provider ----------

_COVER = """{first}{rating}
{second}
Inspection report

14 Harbour Road, Whitby, North Yorkshire YO21 1AB
Tel: 01947 600 321

Date of inspection visit:
8 March 2017
Date of publication:
2 May 2017

Ratings
Overall rating for this service                   Good
Is the service safe?                              Good

{foot} - Inspection report 2 May 2017                                          1

Overall summary

This inspection took place on 8 March 2017 and was unannounced.
"""


def _cover(first: str, second: str, foot: str, rating: str = "") -> DocumentRecord:
    return extract(_COVER.format(first=first, second=second, foot=foot, rating=rating))


def test_the_name_the_running_foot_gives_is_the_location_whichever_line_it_is() -> None:
    swapped = _cover("Harbourside Lodge", "Harbourside Care Trust", "Harbourside Lodge", rating="                       Good")
    assert [loc.name for loc in swapped.locations] == ["Harbourside Lodge"]
    assert [p.name for p in swapped.providers] == ["Harbourside Care Trust"]
    usual = _cover("Coastline Care Limited", "Harbourside Lodge", "Harbourside Lodge")
    assert [loc.name for loc in usual.locations] == ["Harbourside Lodge"]
    assert [p.name for p in usual.providers] == ["Coastline Care Limited"]
    # open reports: a hospice's cover naming it above its trust, and the usual order
    hospice = _read("heldout9/907.txt")
    assert [loc.name for loc in hospice.locations] == ["St Aidan's Hospice"]
    assert [p.name for p in hospice.providers] == ["St Aidan's Hospice Trust"]
    home = _read("heldout/104.txt")
    assert [loc.name for loc in home.locations] == ["Ashdown Mews Nursing Home"]


def test_a_foot_naming_neither_line_changes_nothing() -> None:
    r = _cover("Coastline Care Limited", "Harbourside Lodge", "Coastline")
    assert [loc.name for loc in r.locations] == ["Harbourside Lodge"]


# -- a place a release says was not inspected keeps its rating: a current rating, no inspection ----

_NOT_INSPECTED = _HOSPITALS_RELEASE.replace(
    "Westfield Community Hospital was rated Requires Improvement overall.",
    "Westfield Community Hospital, which was not inspected this time, remains rated Requires Improvement.").replace(
    "following inspections in July.", "following inspections in July.\n\nThe trust, which runs Eastmoor Royal Hospital and "
    "Westfield Community Hospital, was previously rated Requires Improvement.")


def test_a_place_not_inspected_this_time_keeps_its_rating_and_gets_no_inspection() -> None:
    homes = extract(_NOT_INSPECTED)
    names = [loc.name for loc in homes.locations]
    k = names.index("Westfield Community Hospital")
    assert homes.locations[k].current_overall_rating is not None
    assert homes.locations[k].current_overall_rating.value == "requires-improvement"
    assert not [i for i in homes.inspections if i.location == k]
    rated = {homes.locations[i.location].name: _overall(i) for i in homes.inspections if i.location is not None and not i.is_previous}
    assert rated == {"Eastmoor Royal Hospital": "good"}
    trust = next(i for i in homes.inspections if i.location is None and not i.is_previous)
    assert _overall(trust) == "good"
    # the open release about a trust: its hospital not inspected this time, the trust's own inspection beside the other's
    halifax = _read("heldout9/919.txt")
    keighley = next(k for k, loc in enumerate(halifax.locations) if loc.name == "Keighley Victoria Hospital")
    assert halifax.locations[keighley].current_overall_rating.value == "good"  # type: ignore[union-attr]
    assert not [i for i in halifax.inspections if i.location == keighley]
    trust = next(i for i in halifax.inspections if i.location is None and not i.is_previous)
    assert {(r.key_question.value, r.value.value) for r in trust.ratings} >= {("overall", "good"), ("safe", "requires-improvement"),
                                                                              ("well-led", "good")}
    assert trust.start_date is not None and trust.start_date.iso == "2019-05-14"
    assert any(c.key_question.value == "well-led" for c in trust.changes)


# -- "Report published D" heads the entry below it, not the end of the one above ------------------

_PUBLISHED_OVER_ENTRIES = """{name}
{address}
Provided and run by: {provider}

All inspections

Latest inspection: 3 June 2024
Overall rating: Good

Inspection history

Report published 19 September 2024
3 June 2024
During a routine inspection
We inspected the service on 3 and 4 June 2024. The service was rated good.

Report published 2 March 2021
11 January 2021
During a routine inspection
This inspection was unannounced. The service was rated requires improvement.
"""


def test_a_publication_line_over_an_entry_dates_that_entry_alone() -> None:
    for name, address, provider in (("Willowmead Care Home", "Willow Lane, Banbury OX16 2AB (01295) 100 200", "Willowmead Care Limited"),
                                    ("Castle Street Surgery", "4 Castle Street, Ludlow SY8 1AS (01584) 100 300", "Dr R Patel and Partners")):
        r = extract(_PUBLISHED_OVER_ENTRIES.format(name=name, address=address, provider=provider))
        by = _by_start(r)
        assert by["2024-06-03"].publication_date.iso == "2024-09-19", name  # type: ignore[union-attr]
        assert by["2021-01-11"].publication_date.iso == "2021-03-02", name  # type: ignore[union-attr]
