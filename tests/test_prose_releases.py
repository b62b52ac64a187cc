"""Press releases about many services at once, and formal warnings whose areas are named by title.

Each family of CQC wording is shown on two real publications (tests/fixtures/real), read as a
user reads them (with the address their meta file states). Their text carries this notice:
contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cqcgraph.extract import extract
from cqcgraph.extract import patterns as P
from cqcgraph.records import ActionKind

REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def real(n: str):
    meta = json.loads((REAL / f"{n}.meta.json").read_text(encoding="utf-8"))
    return extract((REAL / f"{n}.txt").read_text(encoding="utf-8"), source_url=meta["url"])


def action_kinds(record) -> set[ActionKind]:
    found = list(record.actions) + [a for i in record.inspections for a in i.actions]
    return {a.kind for a in found} | ({ActionKind.SPECIAL_MEASURES} if any(i.special_measures for i in record.inspections) else set())


def ratings(record) -> list:
    return [r for i in record.inspections for r in i.ratings]


def breaches(record) -> set[tuple[str | None, str | None]]:
    found = list(record.breaches) + [b for i in record.inspections for b in i.breaches]
    return {(b.regulation.number if b.regulation else None, b.outcome) for b in found}


# Family: a count or a class of services as the subject ("Three of the five practices … have
# been placed into special measures", "most practices that are placed in special measures",
# "The total number of practices that have exited Special Measures is now 107", "care from
# practices which we have rated Outstanding"): GP releases of 2015, 2016 and 2017.
@pytest.mark.parametrize("number", ["075", "076", "036"])
def test_a_count_of_practices_places_no_one_in_special_measures(number: str) -> None:
    assert ActionKind.SPECIAL_MEASURES not in action_kinds(real(number))


@pytest.mark.parametrize("number", ["075", "076", "035"])
def test_a_count_of_practices_rates_no_one(number: str) -> None:
    assert ratings(real(number)) == []


# Family: an indefinite subject ("when a provider is placed into special measures", "In addition,
# a GP Out-of-Hours service has been rated Inadequate and placed into special measures"): a
# policy release and a GP release.
@pytest.mark.parametrize("number", ["034", "035"])
def test_an_unnamed_service_is_placed_by_no_one(number: str) -> None:
    rec = real(number)
    assert action_kinds(rec) == set() and ratings(rec) == []


def test_a_named_practice_among_counts_keeps_its_action() -> None:
    # "One practice, Orchard Surgery in Slough, has been taken out of special measures"
    assert action_kinds(real("036")) == {ActionKind.SPECIAL_MEASURES_EXIT}


def test_a_count_that_names_a_service_of_the_release_stays_about_it() -> None:
    assert P.about_many("Three of the five practices which have been rated Inadequate have been placed into special measures.", [])
    assert not P.about_many("CQC has placed two care homes run by Example Care Ltd into special measures.", ["Example Care Ltd"])


# Family: the areas of a formal warning, listed one per item after "must improve in the following
# areas by …", with "Regulation N, (Outcome N):" before the title (2014) or the 2010 title alone
# (2013, printed "Safeguarding people who uses services from abuse").
def test_warned_areas_named_by_title_alone_are_breaches() -> None:
    rec = real("032")
    assert breaches(rec) == {("11", "7"), ("10", "16")}
    assert ActionKind.WARNING_NOTICE in action_kinds(rec)


def test_warned_areas_with_their_regulation_are_breaches() -> None:
    assert breaches(real("031")) == {("9", "4"), ("10", "16"), ("11", "7"), ("19", "17")}


def test_a_2010_title_names_its_standard_as_printed() -> None:
    assert P.outcome_regulation(title="Safeguarding people who uses services from abuse")[:2] == ("7", "11")
    assert P.outcome_regulation(title="how the service was managed") is None


# Family: special measures stated as where the service is now ("This service remains in special
# measures", "(Norfolk and Suffolk NHS Foundation Trust – currently in special measures)"): an
# assessment text of 2025 and a release of 2016.
@pytest.mark.parametrize("number", ["055", "057"])
def test_a_service_still_in_special_measures_is_in_them(number: str) -> None:
    assert ActionKind.SPECIAL_MEASURES in action_kinds(real(number))


def test_the_trust_in_special_measures_is_the_one_named() -> None:
    rec = real("057")
    assert [p.name for p in rec.providers] == ["Norfolk and Suffolk NHS Foundation Trust"]
    assert [i.special_measures for i in rec.inspections] == [True]


# What is not a fact: the future of CQC's special measures wording ("This will lead to cancelling
# their registration or to varying the terms of their registration within six months if they do
# not improve") next to a cancellation that happened.
def test_a_cancellation_that_will_follow_is_none() -> None:
    from cqcgraph.extract.prose import actions_in_sentence

    assert actions_in_sentence("This will lead to cancelling their registration or to varying the terms of "
                               "their registration within six months if they do not improve.") == []
    assert [a.kind for a in actions_in_sentence("CQC has cancelled the registration of the provider.")] == [ActionKind.CANCELLATION]


@pytest.mark.parametrize("number, service, provider", [
    ("099", "Quidenham Children's Hospice", "East Anglia’s Children’s Hospices"),  # press release, "is ran by"
    ("096", "Claire House Children’s Hospice", "Claire House"),  # summary, "is operated by"
    ("097", "Christopher’s Children’s Hospice", "Shooting Star Chase"),  # summary, "is provided by"
])
def test_a_service_said_to_be_run_by_a_provider_is_that_providers_location(number: str, service: str, provider: str) -> None:
    r = real(number)
    providers = [p.name for p in r.providers]
    owned = [providers[loc.provider] for loc in r.locations if loc.provider is not None
             and service.replace("’", "'") in {n.replace("’", "'") for n in (loc.name, *loc.alt_names) if n}]
    assert provider in providers and owned == [provider]


def test_a_providers_short_name_in_brackets_is_one_of_its_names() -> None:
    assert [p.alt_names for p in real("099").providers] == [("EACH",)]


def test_the_ratings_of_a_release_about_one_service_are_that_services() -> None:
    r = real("099")
    rated = {r.locations[i.location].name for i in r.inspections if i.ratings and i.location is not None}
    assert rated == {"Quidenham Children's Hospice"}


# A release about one core service of a hospital: the service's change and the key questions named
# with it, the clauses "<key question> remains <rating>", the hospital named with its town, and the
# trust's own rating "as a provider". The second case of each is a sentence written in CQC's
# standard release wording (no second real release of this kind is among the copied pages).
_CORE_SERVICE_RELEASE = (
    "The Care Quality Commission (CQC) has downgraded the rating of surgery at Eastshire Hospitals NHS Trust.\n"
    "CQC carried out an unannounced focused inspection of surgery at County Hospital Eastwick, after receiving "
    "information of concern.\n"
    "Following this inspection, the overall rating for surgery at County Hospital Eastwick, as well as how "
    "effective it is, has declined from good to inadequate. Safe remains rated as requires improvement and "
    "caring remains good.\n"
    "The overall rating for County Hospital Eastwick, as a location, has dropped from good to requires improvement.\n"
    "The overall rating for Eastshire Hospital NHS Trust as a provider overall, remains rated as good.\n")


def service_ratings(record) -> set[tuple[str, str, str]]:
    return {(r.service or "", r.key_question.value, r.value.value) for r in ratings(record)}


@pytest.mark.parametrize("record, service, expected", [
    (lambda: real("006"), "Medical care (including older people’s care)",
     {("overall", "requires-improvement"), ("safe", "requires-improvement"), ("well-led", "requires-improvement"),
      ("responsive", "requires-improvement"), ("effective", "good"), ("caring", "outstanding")}),
    (lambda: extract(_CORE_SERVICE_RELEASE), "Surgery",
     {("overall", "inadequate"), ("effective", "inadequate"), ("safe", "requires-improvement"), ("caring", "good")}),
])
def test_a_core_service_s_change_rates_the_service_and_the_key_questions_named_with_it(record, service, expected) -> None:
    found = service_ratings(record())
    assert {(kq, v) for s, kq, v in found if s == service} == expected
    # the location keeps only its own overall rating: the service's key questions are not its
    assert {(kq, v) for s, kq, v in found if not s} == {("overall", "requires-improvement")}


@pytest.mark.parametrize("record, hospital, trust", [
    (lambda: real("006"), "Royal United Hospital Bath", "Royal United Hospitals Bath NHS Foundation Trust"),
    (lambda: extract(_CORE_SERVICE_RELEASE), "County Hospital Eastwick", "Eastshire Hospitals NHS Trust"),
])
def test_a_hospital_named_with_its_town_is_the_location_and_the_trust_keeps_its_rating(record, hospital, trust) -> None:
    r = record()
    assert [loc.name for loc in r.locations] == [hospital]
    # the trust's name with one word's plural "s" dropped further down is the same trust
    assert [(p.name, p.current_overall_rating.value if p.current_overall_rating else None) for p in r.providers] == [(trust, "good")]
    assert {r.locations[i.location].name for i in r.inspections if i.location is not None} == {hospital}


def test_a_hospital_named_once_with_a_capitalised_word_after_it_is_not_cut_to_a_name() -> None:
    from cqcgraph.extract.names import hospitals_with_town

    assert hospitals_with_town("We visited wards at General Hospital Monday and then left.") == []
    assert hospitals_with_town("at Royal Hospital Bath, then at Royal Hospital Bath. Royal Hospital Bath NHS Trust") == ["Royal Hospital Bath"]


@pytest.mark.parametrize("sentence, expected", [
    # a real summary's wording, then the same in a location page's
    ("There has however been a change of rating for the service to Outstanding based on our findings.", "outstanding"),
    ("At this inspection there has been a change in rating to good.", "good"),
])
def test_a_change_of_rating_to_a_value_states_the_new_overall_rating(sentence: str, expected: str) -> None:
    from cqcgraph.extract.prose import ratings_in

    assert [(r.key_question.value, r.value.value) for r in ratings_in(sentence)] == [("overall", expected)]


# How a release's lead names the service it is about. The first case is a copied real release;
# the others are sentences in CQC's standard release wording (the copied pages hold one real case of
# each), each read whole, head and all.
_HEAD = "CQC rates care service\nPublished: 3 May 2023\n"


@pytest.mark.parametrize("record, name, town, provider, rating", [
    (lambda: real("036"), "Orchard Surgery", "Slough", None, None),  # "One practice, Orchard Surgery in Slough, has been …"
    (lambda: extract(_HEAD + "The Care Quality Commission has rated Oak House care home in Bristol as inadequate."),
     "Oak House", "Bristol", None, "inadequate"),
    (lambda: extract(_HEAD + "The Care Quality Commission has rated Willow Court, a care home in Ashford, Kent, as requires improvement."),
     "Willow Court", "Ashford", None, "requires-improvement"),
    (lambda: extract(_HEAD + "The Care Quality Commission has rated Oak House, in Bristol, as good following an inspection in May 2023."),
     "Oak House", "Bristol", None, "good"),
    (lambda: extract(_HEAD + "The Care Quality Commission has rated Oak House, which is run by Sunrise Living Limited, as good."),
     "Oak House", None, "Sunrise Living Limited", "good"),
    (lambda: extract(_HEAD + "The Care Quality Commission has rated Willow Court, in Ashford, run by Kent Care Ltd, as inadequate."),
     "Willow Court", "Ashford", "Kent Care Ltd", "inadequate"),
    (lambda: extract(_HEAD + "The Care Quality Commission has rated Oak House Care Home inadequate following an inspection in June 2022."),
     "Oak House Care Home", None, None, "inadequate"),
])
def test_the_service_a_release_s_lead_names_is_its_location(record, name, town, provider, rating) -> None:
    r = record()
    assert [(loc.name, loc.town) for loc in r.locations] == [(name, town)]
    assert [p.name for p in r.providers] == ([provider] if provider else [])
    rated = [(x.key_question.value, x.value.value) for i in r.inspections if i.location == 0 for x in i.ratings]
    assert rated == ([("overall", rating)] if rating else [])


@pytest.mark.parametrize("sentence", [
    "CQC rates Bristol care home Inadequate",  # a town's care home names no service
    "The Care Quality Commission has rated Safe and Well-led as good.",  # key questions are no service
    "The Care Quality Commission has rated Eastshire NHS Trust as good.",  # an organisation is a provider
])
def test_words_that_are_no_service_s_name_name_no_location(sentence: str) -> None:
    from cqcgraph.extract.names import is_organisation, named_services

    assert [n for _w, n, _t, _p in named_services(sentence) if not is_organisation(n)] == []


# A named service as a sentence's subject, and changes stated by the new rating alone: sentences
# in CQC's standard release wording, read as a copy from CQC's site is (the copied real releases
# hold no such sentence).
_RELEASE_HEAD = "You are here\n\nCQC rates care service\n\n3 May 2023\n  • Media,\n  • Adult social care\n\n"


def release(body: str):
    return extract(_RELEASE_HEAD + body, source_url="https://www.cqc.org.uk/press-release/rating")


@pytest.mark.parametrize("body, rating, change", [
    ("Oak House care home in Bristol has been rated Outstanding by the Care Quality Commission.", "outstanding", None),
    ("Following an inspection in March 2023, Oak House care home in Bristol has been rated Inadequate overall.",
     "inadequate", None),
    ("The Care Quality Commission has found that Oak House care home in Bristol has improved its rating from "
     "requires improvement to good.", "good", "improved"),
    ("The rating for Oak House care home in Bristol went down to inadequate following an inspection in March 2023.",
     "inadequate", "went-down"),
])
def test_a_service_named_as_the_subject_is_the_one_rated(body: str, rating: str, change: str | None) -> None:
    r = release(body)
    assert [(loc.name, loc.town) for loc in r.locations] == [("Oak House", "Bristol")]
    current = [i for i in r.inspections if not i.is_previous]
    assert [(i.location, [(x.key_question.value, x.value.value) for x in i.ratings]) for i in current] == [(0, [("overall", rating)])]
    assert [c.change.value for i in current for c in i.changes] == ([change] if change else [])


def test_a_town_s_name_as_a_subject_names_no_service() -> None:
    r = release("Inspectors in Bristol have rated the home inadequate. In Bristol, the home has been rated inadequate.")
    assert r.locations == ()


@pytest.mark.parametrize("body, rating, change, start", [
    ("CQC carried out an unannounced inspection of Oak House care home in Bristol on 12 and 13 March 2023. "
     "The home has retained its outstanding rating.", "outstanding", "stayed-the-same", "2023-03-12"),
    ("The Care Quality Commission (CQC) has rated Oak House care home in Bristol inadequate and placed it into special "
     "measures after an inspection in May 2023.", "inadequate", None, "2023-05"),
    ("CQC inspected Oak House care home in Bristol in May 2023. The home has kept its rating of good.",
     "good", "stayed-the-same", "2023-05"),
])
def test_a_release_s_named_service_keeps_its_town_its_rating_and_its_dates(body: str, rating: str, change: str | None, start: str) -> None:
    r = release(body)
    assert [(loc.name, loc.town) for loc in r.locations] == [("Oak House", "Bristol")]
    current = [i for i in r.inspections if not i.is_previous]
    assert [(i.location, i.start_date.iso, [(x.key_question.value, x.value.value) for x in i.ratings]) for i in current] == [
        (0, start, [("overall", rating)])]
    assert [c.change.value for i in current for c in i.changes] == ([change] if change else [])


def test_services_rated_together_are_each_rated() -> None:
    # "A, B and C were all rated good" is three subjects, each with its own inspection
    r = release("The Care Quality Commission has rated three care homes in Bristol as good. Oak House, Elm Lodge and "
                "Ash Court were all rated good following inspections in May 2023.")
    assert [loc.name for loc in r.locations] == ["Oak House", "Elm Lodge", "Ash Court"]
    rated = sorted((i.location, i.start_date.iso, tuple((x.key_question.value, x.value.value) for x in i.ratings))
                   for i in r.inspections)
    assert rated == [(k, "2023-05", (("overall", "good"),)) for k in range(3)]


def test_key_questions_rated_together_name_no_service() -> None:
    from cqcgraph.extract.names import rated_together

    assert rated_together("Safe, Effective and Caring were rated good.") == []
    assert rated_together("It was rated good. This, That and Them were rated good.") == []


@pytest.mark.parametrize("body, service, expected", [
    ("CQC has rated maternity services at Eastshire General Hospital, run by Eastshire Hospitals NHS Trust, as "
     "inadequate following an inspection in March 2023.", "Maternity", {("overall", "inadequate")}),
    ("The Care Quality Commission has rated the surgery service at Eastshire General Hospital as requires improvement "
     "overall and for being safe and well-led.", "Surgery",
     {("overall", "requires-improvement"), ("safe", "requires-improvement"), ("well-led", "requires-improvement")}),
])
def test_a_core_service_rated_where_it_is_is_rated_and_not_its_hospital(body: str, service: str, expected) -> None:
    found = service_ratings(release(body))
    assert {(kq, v) for s, kq, v in found if s == service} == expected
    assert not [x for x in found if not x[0]]


def test_a_trust_s_hospitals_rated_clause_by_clause_are_each_rated_and_the_trust_keeps_its_own() -> None:
    # a trust, its hospitals and their ratings, in CQC's standard trust release wording
    r = release("The Care Quality Commission has rated Eastshire Hospitals NHS Trust as good overall. The trust's overall "
                "rating has improved from requires improvement to good. Eastshire General Hospital was rated good and "
                "Westshire Community Hospital was rated outstanding.")
    names = [loc.name for loc in r.locations]
    assert names == ["Eastshire General Hospital", "Westshire Community Hospital"]
    by_subject = {(names[i.location] if i.location is not None else r.providers[i.provider].name):
                  [(x.key_question.value, x.value.value) for x in i.ratings] for i in r.inspections}
    assert by_subject == {"Eastshire General Hospital": [("overall", "good")],
                          "Westshire Community Hospital": [("overall", "outstanding")],
                          "Eastshire Hospitals NHS Trust": [("overall", "good")]}
    trust = next(i for i in r.inspections if i.provider == 0)
    assert [(c.key_question.value, c.change.value) for c in trust.changes] == [("overall", "improved")]


@pytest.mark.parametrize("record, service, other", [
    # "CQC has issued a/formal warning/s to Wellington Diagnostics and Out Patients Centre telling them …"
    (lambda: real("081"), "HCA Healthcare UK Outpatients & Diagnostics Centre at Golders Green",
     "Wellington Diagnostics and Out Patients Centre"),
    (lambda: release("Service:\nOak House Care Home\nProvider:\nSunrise Living Limited\n\nCQC has issued a formal warning to "
                     "Oak House telling them that they must improve."), "Oak House Care Home", "Oak House"),
])
def test_the_name_a_warning_is_sent_to_is_the_service_s_other_name(record, service: str, other: str) -> None:
    r = record()
    assert [(loc.name, other in loc.alt_names) for loc in r.locations] == [(service, True)]


@pytest.mark.parametrize("body, service, partner, expected", [
    # a GP practice run by named partners, its town after the last partner's name
    ("Two GP practices have improved.\n\nWitham Bank Surgery, run by Dr P Ranasinghe and Dr L Forsyth, in Boston, has "
     "improved its rating from Inadequate to Requires improvement. Inspectors rated the practice Good for being caring "
     "and responsive, and Requires improvement for being safe.\n\nElm Road Surgery, run by Trentside Primary Care "
     "Limited, in Lincoln, is now rated Good overall.",
     "Witham Bank Surgery", "Dr L Forsyth",
     {("caring", "good"), ("responsive", "good"), ("safe", "requires-improvement")}),
    ("Two practices in Kent have been rated.\n\nOrchard Medical Centre, run by Dr A Khan and Dr M Byrne, in Ashford, "
     "has been rated Inadequate overall and for being safe and well-led.\n\nHill View Surgery, run by Kent Health "
     "Partnership Limited, in Dover, has been rated Good overall.",
     "Orchard Medical Centre", "Dr M Byrne",
     {("overall", "inadequate"), ("safe", "inadequate"), ("well-led", "inadequate")}),
])
def test_a_partner_named_after_run_by_is_no_service_and_rates_nothing(body: str, service: str, partner: str,
                                                                        expected) -> None:
    # "<practice>, run by Dr A and Dr B, in <town>": the town follows the partners, and the last partner is
    # the provider's name, not a service the paragraph's ratings belong to
    r = release(body)
    names = [loc.name for loc in r.locations]
    assert partner not in names
    got = {(x.key_question.value, x.value.value) for i in r.inspections if i.location is not None
           and names[i.location] == service for x in i.ratings}
    assert expected <= got


@pytest.mark.parametrize("month, shared, iso", [
    ("March", "Both inspections took place between 11 and 21 March 2024.", "2024-03"),
    ("June", "The inspections took place on 4 and 5 June 2023.", "2023-06"),
])
def test_a_month_with_no_year_is_completed_by_the_release_s_dated_visits(month: str, shared: str, iso: str) -> None:
    r = release(f"Two practices were rated.\n\nOak Surgery, run by Oak Health Limited, in Leeds, has been rated Good "
                f"following an inspection in {month}.\n\nElm Surgery, run by Elm Health Limited, in York, has been "
                f"rated Inadequate following an inspection in {month}.\n\n{shared}")
    starts = {r.locations[i.location].name: i.start_date.iso for i in r.inspections
              if i.location is not None and i.start_date and i.ratings}
    assert starts == {"Oak Surgery": iso, "Elm Surgery": iso}


@pytest.mark.parametrize("history", [
    "The practice was rated Inadequate and placed in special measures in\nAugust 2023.",
    "It had been rated Inadequate in October 2023 and placed in special measures.",
])
def test_a_sentence_dated_before_the_inspection_gives_it_no_rating(history: str) -> None:
    # a release on several services: a paragraph's sentence dated only before its own inspection
    # tells an earlier rating, not the current one
    r = release("Two practices were rated.\n\nOak Surgery, run by Oak Health Limited, in Leeds, has improved its "
                "rating from Inadequate to Requires improvement following an inspection in March. Inspectors rated "
                f"the practice Good for being caring. {history}\n\nElm Surgery, run by Elm Health Limited, in York, "
                "is now rated Good overall.\n\nBoth inspections took place between 11 and 21 March 2024.")
    oak = {(x.key_question.value, x.value.value) for i in r.inspections if i.location is not None and not i.is_previous
           and r.locations[i.location].name == "Oak Surgery" for x in i.ratings}
    assert ("caring", "good") in oak and ("overall", "inadequate") not in oak
