"""The days on site a text says apart from its inspection's span (``cqcgraph.extract.visit_days``):
a trust's inspection stated in parts (core services over a few days, the well-led review on
others), and a home care inspection whose office was visited on some days and whose people were
telephoned on others. Each wording on two invented documents written as CQC writes them."""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract


def visits_of(text: str) -> list[str]:
    record = extract(text)
    current = [i for i in record.inspections if not i.is_previous]
    own = [i for i in current if i.provider is not None and i.location is None] if len(current) > 1 else current
    return [d.iso or "" for d in own[0].visit_dates]


_TRUST_REPORT = (
    "Fenmoor Hospitals NHS Trust\n\nInspection report\n\nTrust headquarters\nFenmoor General Hospital\n"
    "Marsh Lane\nKing's Lynn\nNorfolk\nPE30 4ET\nTel: 01553 613 000\n\n"
    "Date of inspection visit: {label}\nDate of publication: 12/09/2022\n\n"
    "Ratings\n\nOverall trust quality rating           Requires improvement\n"
    "Are services safe?                     Requires improvement\n"
    "Are services effective?                Good\nAre services caring?                   Good\n"
    "Are services responsive?               Requires improvement\nAre services well-led?                 Requires improvement\n\n"
    "Overall summary\n\nOur rating of the trust stayed the same. We rated it as requires improvement because:\n\n"
    "{prose}\n\nAt Fenmoor General Hospital we inspected urgent and emergency care and medical care.\n"
)

_TRUST_PAGE = (
    "Ashdown Coast Ambulance Service NHS Trust\n\nProvider ID: R1X\nHeadquarters: Weald House, 2 Downs Road, "
    "Crawley, West Sussex RH10 9AB\nTelephone: 01293 400 100\n\nNHS ambulance trust\n\n"
    "Overall rating for this trust: Good\n\nAre services safe? Good\nAre services effective? Good\n"
    "Are services caring? Good\nAre services responsive? Good\nAre services well-led? Good\n\n"
    "Latest inspection: {label}\nReport published: 2 August 2022\n\nSummary\n{prose}\n\n"
    "Locations run by this trust (1)\nWeald House (headquarters), Crawley - See the trust's ratings\n"
)


@pytest.mark.parametrize("template,label", [(_TRUST_REPORT, "07 March to 20 April 2022"),
                                            (_TRUST_PAGE, "7 March 2022 - 20 April 2022")])
@pytest.mark.parametrize("prose,expected", [
    # the core services' span, then the well-led review's days
    ("We carried out an unannounced inspection of four core services between 7 and 9 March 2022.\n"
     "We inspected the well-led key question for the trust overall on 19 and 20 April 2022.",
     ["2022-03-07", "2022-03-08", "2022-03-09", "2022-04-19", "2022-04-20"]),
    ("We inspected two of the trust's core services, unannounced, from 7 to 9 March 2022, and\n"
     "looked at how well led the trust was on 19 and 20 April 2022. The trust's rating stayed the same.",
     ["2022-03-07", "2022-03-08", "2022-03-09", "2022-04-19", "2022-04-20"]),
])
def test_a_trust_inspection_stated_in_parts_is_visited_on_each_day_of_each_part(template: str, label: str, prose: str,
                                                                                expected: list[str]) -> None:
    assert visits_of(template.format(label=label, prose=prose)) == expected


_TRUST_RELEASE = (
    "Chief Inspector of Hospitals recommends {trust} is placed into special measures\n\n"
    "Published: 11 June 2022\n\nCategories: Media, Hospitals\n\n"
    "England's Chief Inspector of Hospitals has recommended that {trust} be placed into special measures.\n\n"
    "The trust has been rated as Inadequate overall by the Care Quality Commission following {prose}\n\n"
    "Inspectors rated the trust Inadequate for safety and leadership. It was rated Good for whether staff are caring.\n"
)


@pytest.mark.parametrize("trust", ["Fenmoor Hospitals NHS Trust", "Wealdmere Healthcare NHS Foundation Trust"])
def test_an_inspection_span_with_further_visits_is_visited_on_each_day(trust: str) -> None:
    text = _TRUST_RELEASE.format(trust=trust, prose=(
        "an inspection carried out between 8 and 10 March 2022, with further unannounced visits on 23 March 2022."))
    assert visits_of(text) == ["2022-03-08", "2022-03-09", "2022-03-10", "2022-03-23"]


@pytest.mark.parametrize("trust", ["Fenmoor Hospitals NHS Trust", "Wealdmere Healthcare NHS Foundation Trust"])
def test_an_inspection_span_alone_is_no_list_of_visits(trust: str) -> None:
    text = _TRUST_RELEASE.format(trust=trust, prose="an inspection carried out between 8 and 10 March 2022.")
    assert "2022-03-09" not in visits_of(text)


@pytest.mark.parametrize("marks", ["(core services); 19 and 20 April 2022 (well-led)",
                                   "(core services), 19 and 20 April 2022 (well-led review)"])
@pytest.mark.parametrize("trust", ["Fenmoor Hospitals NHS Trust", "Wealdmere Healthcare NHS Foundation Trust"])
def test_labelled_parts_of_a_trust_inspection_are_visits(marks: str, trust: str) -> None:
    text = (f"{trust}\n\nInspection report\n\nTrust headquarters: Weald House, 2 Downs Road, Crawley RH10 9AB\n\n"
            f"Inspection dates: 7 to 9 March 2022 {marks}\nPublished: 2 August 2022\n\nOverall summary\n\n"
            f"We rated {trust} as good overall. The overall rating of the trust stayed the same.\n\n"
            "We carried out this unannounced inspection of three of the trust's core services because of concerns.\n")
    assert visits_of(text) == ["2022-03-07", "2022-03-08", "2022-03-09", "2022-04-19", "2022-04-20"]


_HOME_CARE = (
    "{name}\n\nInspection report\n\n4 Harbour Road, Falmouth, Cornwall TR11 2AB\nTel: 01326 210 300\n\n"
    "Date of inspection visit: {label}\nDate of publication: 20 June 2022\n\nOverall summary\n\n"
    "This inspection took place between 3 and 6 May 2022. We gave the service 48 hours' notice of the inspection.\n"
    "{prose}\n\n{name} is a domiciliary care agency. It provides personal care to people living in their own homes.\n"
)


@pytest.mark.parametrize("name,label", [("Harbourside Home Care", "3 May 2022 to 6 May 2022"),
                                        ("Kernow Care at Home", "3 to 6 May 2022")])
@pytest.mark.parametrize("prose", [
    "On 3 May we visited the office; on 5 and 6 May we telephoned people who used the service and their relatives.",
    "We visited the office on 3 May and telephoned people on 5 and 6 May to ask about their care.",
])
def test_only_the_office_days_of_a_home_care_inspection_are_visits(name: str, label: str, prose: str) -> None:
    assert visits_of(_HOME_CARE.format(name=name, label=label, prose=prose)) == ["2022-05-03"]


@pytest.mark.parametrize("name,label", [("Harbourside Home Care", "3 May 2022 to 6 May 2022"),
                                        ("Kernow Care at Home", "3 to 6 May 2022")])
@pytest.mark.parametrize("prose,office", [
    ("We visited the office location on 3 and 4 May 2022. Telephone calls to people and relatives were made on 5 and 6 May 2022.",
     ["2022-05-03", "2022-05-04"]),
    ("Inspectors visited the agency's office on 3 May. An Expert by Experience phoned people who use the service on 5 May.",
     ["2022-05-03"]),
])
def test_the_office_days_and_the_calls_said_in_sentences_one_after_the_other_are_told_apart(
        name: str, label: str, prose: str, office: list[str]) -> None:
    assert visits_of(_HOME_CARE.format(name=name, label=label, prose=prose)) == office


@pytest.mark.parametrize("name,label", [("Harbourside Home Care", "3 May 2022 to 6 May 2022"),
                                        ("Kernow Care at Home", "3 to 6 May 2022")])
def test_days_said_with_their_year_are_told_apart_too(name: str, label: str) -> None:
    prose = "We visited the office on 3 May 2022 and 4 May 2022; we telephoned people on 6 May 2022."
    assert visits_of(_HOME_CARE.format(name=name, label=label, prose=prose)) == ["2022-05-03", "2022-05-04"]


@pytest.mark.parametrize("name,label", [("Harbourside Home Care", "3 May 2022 to 6 May 2022"),
                                        ("Kernow Care at Home", "3 to 6 May 2022")])
def test_a_home_care_inspection_saying_no_days_apart_keeps_its_visits(name: str, label: str) -> None:
    prose = "We visited the office and spoke with staff. We also telephoned people to ask for their views."
    assert visits_of(_HOME_CARE.format(name=name, label=label, prose=prose)) == ["2022-05-03", "2022-05-04", "2022-05-05", "2022-05-06"]


@pytest.mark.parametrize("template", [_TRUST_REPORT])
@pytest.mark.parametrize("label,expected", [
    # a part open-ended ("from" a day): the inspection starts on the earliest day, its end unsaid
    ("well-led review 14, 15 and 16 May 2022; core services from 9 March 2022",
     ("2022-03-09", None, ["2022-03-09", "2022-05-14", "2022-05-15", "2022-05-16"])),
    ("core services 7 to 9 March 2022; well-led review 19 and 20 April 2022",
     ("2022-03-07", "2022-04-20", ["2022-03-07", "2022-03-08", "2022-03-09", "2022-04-19", "2022-04-20"])),
])
@pytest.mark.parametrize("trust", ["Fenmoor Hospitals NHS Trust", "Wealdmere Healthcare NHS Foundation Trust"])
def test_a_visit_label_naming_a_trust_inspection_s_parts(template: str, label: str, expected: tuple, trust: str) -> None:
    text = template.replace("Fenmoor Hospitals NHS Trust", trust).format(label=label, prose="We rated the trust as requires improvement.")
    record = extract(text)
    insp = next(i for i in record.inspections if not i.is_previous and i.provider is not None)
    assert (insp.start_date.iso if insp.start_date else None, insp.end_date.iso if insp.end_date else None,
            [d.iso for d in insp.visit_dates]) == expected
