"""The same regulation number of two instruments in one sentence is two breaches: "Regulation 18 of
the … (Regulated Activities) Regulations 2014 and regulation 18 of the … (Registration)
Regulations 2009", "regulation 17 of the 2010 regulations and regulation 17 of the 2014
regulations". Each family is shown on an inspection report and a location page; the texts are
invented, in CQC's style.
"""

from __future__ import annotations

import pytest

from cqcgraph.extract import extract
from cqcgraph.extract import patterns as P
from cqcgraph.records import DocumentRecord

from document_heads import PAGE, REPORT

HEADS = [REPORT, PAGE]


def _cited(record: DocumentRecord) -> set[tuple[str, str]]:
    found = list(record.breaches) + [b for i in record.inspections if not i.is_previous for b in i.breaches]
    return {(b.regulation.instrument, b.regulation.number) for b in found if b.regulation}


@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize(("sentence", "instruments"), [
    ("We found the provider was in breach of Regulation 18 of the Health and Social Care Act 2008 (Regulated "
     "Activities) Regulations 2014 and regulation 18 of the Care Quality Commission (Registration) Regulations "
     "2009.", (P.REGULATED_ACTIVITIES_2014, P.REGISTRATION_2009)),
    ("This was a breach of regulation 12 of the 2014 Regulations and regulation 12 of the 2009 Registration "
     "Regulations.", (P.REGULATED_ACTIVITIES_2014, P.REGISTRATION_2009)),
    ("The registered person did not meet regulation 10 of the Health and Social Care Act 2008 (Regulated "
     "Activities) Regulations 2010 and regulation 10 of the Health and Social Care Act 2008 (Regulated "
     "Activities) Regulations 2014.", (P.REGULATED_ACTIVITIES_2010, P.REGULATED_ACTIVITIES_2014)),
])
def test_one_number_of_two_instruments_is_two_breaches(head: str, sentence: str, instruments: tuple[str, str]) -> None:
    number = next(r.number for r, _t, _f in P.breaches_cited(sentence))
    record = extract(head + sentence + "\n\nThe home is on two floors.\n")
    assert {(i, number) for i in instruments} <= _cited(record)


@pytest.mark.parametrize("head", HEADS)
def test_one_instrument_cited_twice_is_one_breach(head: str) -> None:
    """A list's instrument closes it ("Regulation 12 and Regulation 17 of the … Regulations
    2010"), and a regulation cited twice of one instrument is one breach."""
    text = head + ("The provider was in breach of Regulation 12 and Regulation 17 of the Health and Social Care Act "
                   "2008 (Regulated Activities) Regulations 2010. This was a breach of regulation 12.\n\n")
    assert {n for _i, n in _cited(extract(text))} == {"12", "17"}
    assert [(r.instrument, r.number) for r, _t, _f in P.breaches_cited(text.split("\n\n")[-2].split(". ")[0])] == [
        (P.REGULATED_ACTIVITIES_2010, "12"), (P.REGULATED_ACTIVITIES_2010, "17")]


@pytest.mark.parametrize("head", HEADS)
def test_a_registration_regulation_is_never_the_regulated_activities_one(head: str) -> None:
    """Stated in two sentences, or in prose beside a table's row, regulation 18 of the 2009
    Registration Regulations (notifications) and regulation 18 of the 2014 Regulations (staffing)
    are two breaches; a bare "regulation 18" after the Registration one is that one."""
    text = head + ("There were not enough staff at night and the provider was in breach of regulation 18 (Staffing). "
                   "They had also failed to comply with regulation 18 of the Care Quality Commission (Registration) "
                   "Regulations 2009.\n\n")
    assert {(P.REGULATED_ACTIVITIES_2014, "18"), (P.REGISTRATION_2009, "18")} <= _cited(extract(text))
    text = head + ("The provider had not told us of two serious injuries, a breach of regulation 18 of the Care "
                   "Quality Commission (Registration) Regulations 2009. This was a breach of regulation 18.\n\n")
    assert _cited(extract(text)) == {(P.REGISTRATION_2009, "18")}


def test_a_registration_breach_in_prose_beside_a_table_of_the_same_number() -> None:
    text = REPORT + ("We found the provider had not notified CQC of incidents, a breach of regulation 18 of the Care "
                     "Quality Commission (Registration) Regulations 2009.\n\nRequirement notices\n"
                     "Regulated activity\tRegulation\nAccommodation for persons who require nursing or personal care"
                     "\tRegulation 18 HSCA RA Regulations 2014 Staffing\n\n")
    assert _cited(extract(text)) == {(P.REGULATED_ACTIVITIES_2014, "18"), (P.REGISTRATION_2009, "18")}
