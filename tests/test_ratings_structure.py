"""Ratings read by what a rating is (``cqcgraph.extract.ratings``): a rating word beside a key
question, a population group or a core service, in whatever layout, added to the inspection it
is about; history, "Not rated" and pages that are not CQC's give nothing. Each wording is shown
on two invented documents written as CQC writes."""

from __future__ import annotations

from cqcgraph.extract import extract
from cqcgraph.extract.ratings import cell_value, label_of, line_ratings, sentence_ratings, with_ratings_found
from cqcgraph.records import DocumentRecord, Inspection, KeyQuestion, Location, PartialDate, Precision, Provider, RatingChange, RatingValue


def _current(record: DocumentRecord, location: str | None = None) -> dict[tuple[str, str], str]:
    """(key question, service or group) -> rating of the current inspections (of ``location``)."""
    names = [loc.name for loc in record.locations]
    out: dict[tuple[str, str], str] = {}
    for i in record.inspections:
        if i.is_previous or (location and (i.location is None or names[i.location] != location)):
            continue
        for r in i.ratings:
            out[(r.key_question.value, r.service or r.population_group or "")] = r.value.value
    return out


RELEASE_BULLETS = """CQC rates two services in Suffolk

Published: 3 May 2018

The Care Quality Commission (CQC) has published reports on two services in Suffolk.

Elmstead Surgery, run by Elmstead Partners, was inspected on 10 April 2018. It has been rated as:
• Safe: Requires improvement
• Effective: Good
• Caring: Good
• Responsive: Good
• Well-led: Good
• Overall: Good

Cobbold House, a care home run by Cobbold Care Ltd, was inspected on 12 April 2018. It has been rated as:
• Safe - Inadequate
• Effective - Requires improvement
• Caring - Good
• Responsive - Good
• Well-led - Inadequate
• Overall - Inadequate
"""

RELEASE_BULLETS_2 = """CQC publishes report on Linden Lodge

Published: 9 June 2021

The Care Quality Commission (CQC) has rated Linden Lodge, a care home in Derby run by Linden Care Ltd, following an inspection on 4 May 2021.

The ratings are:
- Overall = Requires improvement
- Safe = Requires improvement
- Effective = Good
- Caring = Good
- Responsive = Good
- Well-led = Requires improvement
"""


def test_listed_pairs_with_any_separator_rate_the_service_named_before_them() -> None:
    two = extract(RELEASE_BULLETS)
    assert _current(two, "Elmstead Surgery")[("safe", "")] == "requires-improvement"
    assert _current(two, "Elmstead Surgery")[("overall", "")] == "good"
    assert _current(two, "Cobbold House")[("well-led", "")] == "inadequate"
    assert _current(two, "Cobbold House")[("effective", "")] == "requires-improvement"
    one = extract(RELEASE_BULLETS_2)
    assert _current(one) == {("overall", ""): "requires-improvement", ("safe", ""): "requires-improvement",
                             ("effective", ""): "good", ("caring", ""): "good", ("responsive", ""): "good",
                             ("well-led", ""): "requires-improvement"}


def test_several_pairs_on_one_line_after_a_sentence() -> None:
    for text in ("Safe: Good. Effective: Requires improvement. Caring: Good.",
                 "Oak House is rated good. Safe: Good; Effective: Requires improvement; Caring: Good"):
        got = {(f.rating.key_question.value, f.rating.value.value) for f in line_ratings(text)}
        assert got == {("safe", "good"), ("effective", "requires-improvement"), ("caring", "good")}


def test_a_core_service_line_goes_on_with_its_key_questions() -> None:
    for text in ("Emergency and urgent care — Good. Safe: requires improvement. Effective, caring, responsive and well-led: good.",
                 "Surgery: Requires improvement. Safe and well-led: inadequate. Effective, caring and responsive: good."):
        got = {(f.rating.key_question.value, f.rating.service, f.rating.value.value) for f in line_ratings(text)}
        service = "Emergency and urgent care" if text.startswith("Emerg") else "Surgery"
        assert ("overall", service, "good" if service != "Surgery" else "requires-improvement") in got
        assert all(s == service for _kq, s, _v in got)
        assert len({kq for kq, _s, _v in got}) == 6


def test_a_table_whose_header_names_the_key_questions_rates_each_row() -> None:
    spaced = ("Service  Safe  Effective  Caring  Responsive  Well-led  Overall\n"
              "Medical care  Good  Good  Outstanding  Good  Good  Good\n"
              "Maternity  Inadequate  Requires improvement  Good  Good  Inadequate  Inadequate\n")
    pdf = ("Safe Effective Caring Responsive Well-led Overall\n"
           "Surgery Requires improvement Good Good Good Requires improvement Requires improvement\n"
           "Outpatients Good Not rated Good Good Good Good\n")
    got = {(f.rating.service, f.rating.key_question.value): f.rating.value.value for f in line_ratings(spaced)}
    assert got[("Maternity", "well-led")] == "inadequate" and got[("Medical care", "caring")] == "outstanding"
    assert len(got) == 12
    got = {(f.rating.service, f.rating.key_question.value): f.rating.value.value for f in line_ratings(pdf)}
    assert got[("Surgery", "safe")] == "requires-improvement" and got[("Outpatients", "overall")] == "good"
    assert ("Outpatients", "effective") not in got  # "Not rated" rates nothing
    assert len(got) == 11


def test_the_value_on_the_next_line_and_symbols_beside_it() -> None:
    for text in ("Hospice services for adults\nOutstanding ☆", "Community health inpatient services\nGood ↑"):
        found = line_ratings(text)
        assert [(f.rating.key_question, f.rating.service is not None) for f in found] == [(KeyQuestion.OVERALL, True)]
    assert cell_value("Requires improvement ↓")[0] is RatingValue.REQUIRES_IMPROVEMENT
    assert cell_value("Inspected but not rated") is None and cell_value("Good practice was seen") is None
    assert label_of("Overall rating for this trust").kqs == (KeyQuestion.OVERALL,)
    assert label_of("People experiencing poor mental health (including people with dementia)").group


def test_lines_under_a_heading_about_earlier_inspections_are_history() -> None:
    for heading in ("Previous ratings", "Inspection history"):
        text = f"Overall: Good\n\n{heading}\nSafe: Inadequate\nOverall: Inadequate\n"
        got = [(f.rating.key_question.value, f.rating.value.value) for f in line_ratings(text)]
        assert got == [("overall", "good")]
    for line in ("Safe: Good (previous inspection)", "Previously rated: Good"):
        assert line_ratings(line) == []


def test_stated_changes_beside_the_current_rating() -> None:
    for text in ("Effective is rated requires improvement (previously good). Well-led remains good. The practice's overall rating remains good.",
                 "Safe is now rated inadequate (previously requires improvement). Caring remains outstanding. The home's overall rating remains requires improvement."):
        found, changes = sentence_ratings(text)
        kinds = {c.key_question: c.change for _pos, c in changes}
        assert kinds[KeyQuestion.OVERALL] is RatingChange.STAYED_THE_SAME
        assert RatingChange.WENT_DOWN in kinds.values()
        assert len({f.rating.key_question for f in found}) == 3


def test_history_sentences_and_a_trusts_rating_are_not_the_locations() -> None:
    for text in ("At our last inspection in May 2019 the service was rated inadequate.",
                 "The home was previously rated requires improvement overall.",
                 "The trust's overall rating remains requires improvement."):
        found, changes = sentence_ratings(text)
        assert found == [] and changes == []


LETTER = """Care Quality Commission
Citygate, Gallowgate, Newcastle upon Tyne NE1 4PA

Date: 2 July 2021

Dear Dr Patel

Review of Oakwood Health Centre

We carried out a review of Oakwood Health Centre on 28 June 2021.

Effective is rated requires improvement (previously good). Well-led remains good. The practice's overall rating remains good.

Yours sincerely
"""

LETTER_2 = LETTER.replace("Oakwood Health Centre", "Riverbank Surgery").replace(
    "Effective is rated requires improvement (previously good). Well-led remains good. The practice's overall rating remains good.",
    "Safe is rated good (previously requires improvement). Caring remains outstanding. The practice's overall rating remains good.")


def test_a_review_letter_gives_the_current_ratings_and_their_changes() -> None:
    for text, changed, value in ((LETTER, "effective", "requires-improvement"), (LETTER_2, "safe", "good")):
        r = extract(text)
        got = _current(r)
        assert got[(changed, "")] == value and got[("overall", "")] == "good"
        changes = {c.key_question.value: c.change for i in r.inspections if not i.is_previous for c in i.changes}
        assert changes["overall"] is RatingChange.STAYED_THE_SAME
        assert changes[changed] in (RatingChange.WENT_DOWN, RatingChange.IMPROVED)


def test_a_page_that_is_not_cqcs_gives_no_rating() -> None:
    for text in ("Our restaurant review\nFood: Good\nService: Outstanding\nOverall: Good\n",
                 "School report\nSafe: Good\nOverall: Outstanding\nThe pupils were rated good by Ofsted.\n"):
        r = extract(text)
        assert not any(i.ratings for i in r.inspections)


def test_a_dated_earlier_rating_goes_to_an_earlier_inspection_never_the_current() -> None:
    for text, when, value in (
            (RELEASE_BULLETS_2.replace("- Overall = Requires improvement\n", "") + "\nAt its previous inspection, in 2017, the home was rated Good.\n",
             "2017", "good"),
            (RELEASE_BULLETS_2 + "\nIts previous rating, following an inspection in February 2019, was inadequate.\n",
             "2019-02", "inadequate")):
        r = extract(text)
        earlier = [i for i in r.inspections if i.is_previous]
        assert [(i.start_date.iso if i.start_date else None, [x.value.value for x in i.ratings]) for i in earlier] == [(when, [value])]
        assert _current(r).get(("overall", "")) in (None, "requires-improvement")


def test_judged_and_awarded_are_ratings_too() -> None:
    for text in ("CQC awarded the home a rating of Requires improvement overall, and for being safe and well-led.",
                 "The home was judged to be requires improvement overall, and for being safe and well-led."):
        found, _changes = sentence_ratings(text)
        got = {(f.rating.key_question.value, f.rating.value.value) for f in found}
        assert got == {("overall", "requires-improvement"), ("safe", "requires-improvement"), ("well-led", "requires-improvement")}


def test_another_bodys_grade_and_a_trusts_rating_are_not_a_locations() -> None:
    for text in ("The local council has graded the home as good.", "Ofsted rated the school outstanding.",
                 "The service may be rated inadequate if it does not improve."):
        assert sentence_ratings(text)[0] == []
    for text in ("The trust was rated good overall.", "The trust's overall rating is requires improvement."):
        assert {f.kind for f in sentence_ratings(text)[0]} <= {"trust"}


PROVIDER_PAGE = """Provider: Elmgrove Care Limited
Provider ID: 1-1234567890
Registered office: 4 Mill Lane, Leeds LS1 4AB

Services run by this provider

Elmgrove House
Care home service with nursing
Overall: Good

Elmgrove Lodge
Care home service without nursing
Overall: Inadequate

We inspected Elmgrove House on 3 March 2022.
"""


def test_a_rating_under_a_location_of_a_providers_page_is_not_the_providers() -> None:
    for text in (PROVIDER_PAGE, PROVIDER_PAGE.replace("Elmgrove", "Ashdene")):
        stem = "Elmgrove" if "Elmgrove" in text else "Ashdene"
        record = DocumentRecord("provider-page", providers=(Provider(name=f"{stem} Care Limited"),),
                                locations=(Location(name=f"{stem} House"), Location(name=f"{stem} Lodge")),
                                inspections=(Inspection(provider=0, start_date=PartialDate("2022-03-03", "3 March 2022", Precision.DAY)),))
        found = with_ratings_found(record, text)
        assert found.inspections[0].ratings == ()
        # the same lines under the provider's own name are its ratings
        own = with_ratings_found(record, f"{stem} Care Limited\nOverall: Good\nSafe: Good\n")
        assert {(r.key_question.value, r.value.value) for r in own.inspections[0].ratings} == {("overall", "good"), ("safe", "good")}


def test_a_line_under_last_inspected_is_current_and_under_use_of_resources_is_not() -> None:
    for text in ("Last inspected: 5 March 2019\nOverall: Good\n", "Latest inspection\nOverall: Good\n"):
        assert [(f.rating.key_question.value, f.rating.value.value) for f in line_ratings(text)] == [("overall", "good")]
    for text in ("Use of resources\nOverall: Requires improvement\n", "Combined rating for quality and use of resources\nOverall: Good\n"):
        assert line_ratings(text) == []


def test_a_table_row_naming_a_place_is_not_a_service() -> None:
    for place in ("Eastshire General Hospital", "Overall trust"):
        text = f"Safe  Effective  Caring  Responsive  Well-led  Overall\n{place}  Good  Good  Good  Good  Good  Good\n"
        assert [f for f in line_ratings(text) if f.rating.service] == []


def test_a_sentence_dating_its_rating_otherwise_is_not_the_current_inspections() -> None:
    record = DocumentRecord("press-release", locations=(Location(name="Linden Lodge"),),
                            inspections=(Inspection(location=0, start_date=PartialDate("2021-05-04", "4 May 2021", Precision.DAY)),))
    for sentence in ("In January 2019 Linden Lodge was rated inadequate for being caring.",
                     "On 2 March 2017 inspectors rated the home inadequate for being caring."):
        assert with_ratings_found(record, sentence).inspections[0].ratings == ()
    for sentence in ("On 4 May 2021 inspectors rated the home good for being caring.",
                     "Following the inspection in May 2021, Linden Lodge was rated good for being caring."):
        got = with_ratings_found(record, sentence).inspections[0].ratings
        assert [(r.key_question.value, r.value.value) for r in got] == [("caring", "good")]


def test_core_services_and_groups_rated_in_sentences() -> None:
    base = ("CQC publishes report on Westbury General Hospital\n\nPublished: 12 March 2019\n\n"
            "The Care Quality Commission (CQC) has rated Westbury General Hospital, run by Westbury Hospitals NHS Trust, "
            "as requires improvement following an inspection in November 2018.\n\n")
    for sentence, service, value in (
            ("Surgery, medical care and maternity were rated good, and urgent and emergency care was rated requires improvement.", "Maternity", "good"),
            ("Inspectors rated end of life care as outstanding.", "End of life care", "outstanding")):
        assert _current(extract(base + sentence + "\n"))[("overall", service)] == value
    for sentence in ("The practice was rated as outstanding for the care of older people.",
                     "The practice provided outstanding care to older people."):
        found, _changes = sentence_ratings(sentence)
        assert [(f.rating.population_group, f.rating.value.value) for f in found] == [("Older people" if "provided" in sentence else "older people", "outstanding")]


def test_an_undated_inspection_is_left_as_the_layout_read_it() -> None:
    for record in (DocumentRecord("press-release", locations=(Location(name="Linden Lodge"),), inspections=(Inspection(location=0),)),
                   DocumentRecord("press-release", locations=(Location(name="Linden Lodge"),),
                                  inspections=(Inspection(location=0, dates_text="March"),))):
        assert with_ratings_found(record, "Linden Lodge\nSafe: Good\nOverall: Good\n").inspections[0].ratings == ()


def _report(body: str, name: str = "Avonbourne Hospice") -> str:
    return (f"{name}\nInspection report\n\nDate of inspection visit: 9 November 2021\nDate of publication: 5 January 2022\n\n"
            "Ratings\nOverall rating for this location     Outstanding\nAre services safe?     Good\n"
            "Are services effective?     Good\nAre services caring?     Outstanding\n"
            "Are services responsive?     Outstanding\nAre services well-led?     Good\n\n"
            f"Summary of this inspection\n{body}\n")


def test_ratings_carried_from_a_dated_earlier_inspection_are_that_inspections_too() -> None:
    for body, when in (("The ratings of safe, effective and caring are from our last comprehensive inspection in June 2018.", "2018-06"),
                       ("The ratings for safe, effective and caring were not reviewed and are carried forward from the inspection of 2 October 2018.", "2018-10-02")):
        r = extract(_report(body))
        current = next(i for i in r.inspections if not i.is_previous)
        assert {x.key_question.value for x in current.ratings if x.carried_over} == {"safe", "effective", "caring"}
        earlier = [i for i in r.inspections if i.is_previous and i.start_date and i.start_date.iso == when]
        assert len(earlier) == 1
        assert {(x.key_question.value, x.value.value) for x in earlier[0].ratings} >= {("safe", "good"), ("caring", "outstanding")}


def test_a_later_clause_and_the_other_areas_complete_the_key_questions() -> None:
    for text in ("It was rated Inadequate for being safe because staff were not always recruited safely, and Requires improvement for being well-led. It was rated Good in the other three areas.",
                 "The home was rated Inadequate for being safe, as medicines were not managed well, and Requires improvement for being well-led. It was rated Good in the other three areas."):
        found, _changes = sentence_ratings(text)
        got = {(f.rating.key_question.value, f.rating.value.value) for f in found}
        assert {("well-led", "requires-improvement"), ("effective", "good"), ("caring", "good"), ("responsive", "good")} <= got
    # the number must agree with the key questions already rated
    found, _changes = sentence_ratings("It was rated Inadequate for being safe. It was rated Good in the other three areas.")
    assert not any(f.rating.key_question is KeyQuestion.CARING for f in found)


TIMELINE = """Oak Lodge
Overall rating: Requires improvement

14 June 2022
During an inspection looking at part of the service
We carried out a focused inspection of Oak Lodge on 14 June 2022.
Safe: Requires improvement

3 March 2019
During a routine inspection
Effective: Inadequate
"""


def test_a_rating_under_another_entrys_date_is_that_entrys() -> None:
    for text in (TIMELINE, TIMELINE.replace("Oak Lodge", "Elm Court").replace("3 March 2019", "12 May 2018")):
        name = "Oak Lodge" if "Oak Lodge" in text else "Elm Court"
        record = DocumentRecord("location-page", locations=(Location(name=name),),
                                inspections=(Inspection(location=0, start_date=PartialDate("2022-06-14", "14 June 2022", Precision.DAY)),))
        got = {(r.key_question.value, r.value.value) for r in with_ratings_found(record, text).inspections[0].ratings}
        assert ("safe", "requires-improvement") in got
        assert ("effective", "inadequate") not in got


def test_more_label_and_cell_forms() -> None:
    for text, kq in (("Safe – Rating: Requires improvement", "safe"), ("Are services at this location well-led? Good", "well-led"), ("Overall practice rating  Good", "overall"),
                     ("Overall service rating: Good", "overall")):
        assert [f.rating.key_question.value for f in line_ratings(text)] == [kq], text
    # a location page's header rating is the location's current rating, not a line of its inspection
    assert line_ratings("Overall: Good read more about inspection ratings") == []


def test_key_questions_rated_in_a_named_core_service() -> None:
    base = ("CQC publishes report on Westbury General Hospital\n\nPublished: 12 March 2019\n\n"
            "The Care Quality Commission (CQC) has rated Westbury General Hospital, run by Westbury Hospitals NHS Trust, "
            "as requires improvement following an inspection in November 2018.\n\n")
    for sentence, service in (
            ("Safe and well-led in surgery were requires improvement; all other key questions were good.", "Surgery"),
            ("In maternity, safe and well-led were rated requires improvement; all other key questions were good.", "Maternity")):
        got = _current(extract(base + sentence + "\n"))
        assert got[("safe", service)] == got[("well-led", service)] == "requires-improvement"
        assert got[("caring", service)] == got[("effective", service)] == "good"
        assert ("safe", "") not in got  # the service's, not the hospital's


def test_a_carried_cell_dated_in_brackets_is_also_its_earlier_inspections() -> None:
    for line, key, when in (("Patient transport services — Requires improvement (March 2017).", ("overall", "Patient transport services"), "2017-03"),
                            ("Maternity: Good (June 2018)", ("overall", "Maternity"), "2018-06")):
        r = extract(_report(line))
        current = next(i for i in r.inspections if not i.is_previous)
        assert any((x.key_question.value, x.service or "") == key and x.carried_over for x in current.ratings)
        earlier = [i for i in r.inspections if i.is_previous and i.start_date and i.start_date.iso == when]
        assert len(earlier) == 1
        assert [((x.key_question.value, x.service or ""), x.carried_over) for x in earlier[0].ratings] == [(key, False)]


def test_a_key_question_that_stayed_the_same_had_its_rating_at_the_one_earlier_inspection() -> None:
    for body in ("Our rating of responsive stayed the same. We rated it as outstanding. "
                 "The ratings of safe, effective and caring are from our last comprehensive inspection in June 2018.",
                 "The ratings for safe, effective and caring were carried forward from the inspection of 2 October 2018. "
                 "Our rating of responsive stayed the same. We rated it as outstanding."):
        r = extract(_report(body))
        earlier = [i for i in r.inspections if i.is_previous]
        assert len(earlier) == 1
        assert ("responsive", "outstanding") in {(x.key_question.value, x.value.value) for x in earlier[0].ratings}
        assert "well-led" not in {x.key_question.value for x in earlier[0].ratings}  # no change stated: no earlier value


def test_grid_rows_with_one_space_between_cells_under_a_spaced_header() -> None:
    head = "                             Safe  Effective  Caring  Responsive  Well-led  Overall\n"
    for rows, service, kq, value in (
            ("Urgent and emergency care Requires improvement Good Good Inadequate Requires improvement Requires improvement\n"
             "Maternity Good Good Outstanding Good Good Good\n", "Urgent and emergency care", "responsive", "inadequate"),
            ("Surgery Requires improvement Good Good Good Requires improvement Requires improvement\n"
             "End of life care Good Good Outstanding Good Good Outstanding\n", "End of life care", "caring", "outstanding")):
        text = ("Eastfield Hospital\nInspection report\n\nDate of inspection visit: 12 to 14 March 2019\n"
                "Date of publication: 19 June 2019\n\nRatings for Eastfield Hospital\n\n" + head + rows)
        got = {(r.service, r.key_question.value): r.value.value for i in extract(text).inspections for r in i.ratings if r.service}
        assert got[(service, kq)] == value
        assert {s for s, _kq in got} == {line.split(" Requires")[0].split(" Good")[0] for line in rows.splitlines()}


SPACED_GRID = """Ratings for Castle Hill General Hospital

              Safe          Effective     Caring        Responsive    Well-led      Overall

Medical care  Requires      Good          Good          Good          Good          Good
              improvement   ↑             →             ↑             ↑             ↑
              →
              Mar 2019      Mar 2019      Mar 2019      Mar 2019      Mar 2019      Mar 2019

Surgery       Good          Good          Good          Requires      Good          Good
                                                        improvement
              Mar 2019      Mar 2019      Mar 2019      Mar 2019      Mar 2019      Mar 2019

Outpatients   Good          Not rated     Good          Requires      Requires      Requires
                                                        improvement   improvement   improvement
              Jan 2016      Jan 2016      Jan 2016      Jan 2016      Jan 2016      Jan 2016

*Overall ratings for this hospital are from combining ratings for services.
"""


def test_a_spaced_grid_with_arrows_wrapped_cells_and_dates_under_them() -> None:
    for grid, hospital, old in ((SPACED_GRID, "Castle Hill General Hospital", "2016-01"),
                                (SPACED_GRID.replace("Castle Hill", "Fenwick").replace("Jan 2016", "Oct 2015")
                                 .replace("Surgery      ", "Maternity    "), "Fenwick General Hospital", "2015-10")):
        text = (f"{hospital}\nInspection report\n\nDate of inspection visit: 4 Dec to 6 Dec 2018\n"
                f"Date of publication: 07/03/2019\n\n{grid}")
        r = extract(text)
        current = next(i for i in r.inspections if not i.is_previous)
        got = {(x.service, x.key_question.value): (x.value.value, x.carried_over) for x in current.ratings if x.service}
        assert got[("Medical care", "safe")] == ("requires-improvement", False)
        assert got[("Outpatients", "well-led")] == ("requires-improvement", True)
        assert len({s for s, _kq in got}) == 3
        earlier = [i for i in r.inspections if i.is_previous and i.start_date and i.start_date.iso == old]
        assert len(earlier) == 1
        assert {x.service for x in earlier[0].ratings} == {"Outpatients"}


def test_a_sentence_wrapped_over_lines_is_read_whole() -> None:
    from cqcgraph.extract import prose
    for text in ("We inspected four community health services provided by this trust. At our last inspection in\n"
                 "June 2017 we rated the trust as requires improvement. Our rating of the trust improved.",
                 "The hospital was inspected again in May. When we last inspected the service, which was in\n"
                 "March 2018, we rated it as inadequate overall."):
        assert prose.ratings_in(text) == []  # history, once the sentence is whole
    for text in ("The home was inspected in March and the inspectors rated the home as\nGood overall.",
                 "Following the inspection in May 2021 the service has been rated\nOutstanding overall."):
        assert [(r.key_question.value, r.value.value) for r in prose.ratings_in(text)][:1] in (
            [("overall", "good")], [("overall", "outstanding")])


def test_key_questions_named_in_brackets_or_a_made_up_home_are_not_rated() -> None:
    from cqcgraph.extract import prose
    for text in ("Students studied a simulated inspection of a fictional care home rated Inadequate in the exercise.",
                 "Good practice was shared across the five key questions (safe, effective, caring, responsive and well-led)."):
        assert prose.ratings_in(text) == []


def test_a_table_printed_one_cell_per_line() -> None:
    for heading, rows, key, value in (
            ("Service", [("Community health services for adults", ["Good", "Good", "Outstanding", "Good", "Good", "Good"]),
                         ("Community end of life care", ["Good", "Outstanding", "Outstanding", "Good", "Good", "Outstanding"])],
             ("effective", "Community end of life care"), "outstanding"),
            ("Core service", [("Surgery", ["Requires", "improvement", "Good", "Good", "Good", "Good", "Good"]),
                              ("Maternity", ["Good", "Good", "Good", "Good", "Inadequate", "Requires improvement"])],
             ("safe", "Surgery"), "requires-improvement")):
        text = "\n".join([heading, "Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall",
                          *[x for name, cells in rows for x in (name, *cells)], "", "What we found", ""])
        got = {(f.rating.key_question.value, f.rating.service): f.rating.value.value for f in line_ratings(text)}
        assert got[key] == value
        assert len(got) == 12  # no cell read as the label before it


def test_pairs_set_apart_by_commas_or_bars_and_wrapped_after_a_label() -> None:
    for text, want in (("Ratings at this inspection: Safe Good, Responsive Outstanding, Well-led Good",
                        {("safe", "good"), ("responsive", "outstanding"), ("well-led", "good")}),
                       ("Safe: Requires improvement | Effective: Good | Caring: Good | Well-led:\nRequires improvement",
                        {("safe", "requires-improvement"), ("effective", "good"), ("caring", "good"), ("well-led", "requires-improvement")}),
                       ("Overall rating at this inspection: Good", {("overall", "good")}),
                       ("Effective, caring and well-led: good", {("effective", "good"), ("caring", "good"), ("well-led", "good")})):
        assert {(f.rating.key_question.value, f.rating.value.value) for f in line_ratings(text)} == want


def test_with_a_rating_for_one_and_but_another_for_the_other_areas() -> None:
    for text, want in (("Bure Valley House has been rated Good overall, with Outstanding for caring.", ("caring", "outstanding")),
                       ("The practice was rated Requires improvement overall, with Good for being effective and caring.", ("caring", "good")),
                       ("It was rated Good for caring, but Requires improvement for the other four areas.", ("well-led", "requires-improvement")),
                       ("It was rated Outstanding for responsive, and Good for the other four key questions.", ("safe", "good"))):
        found, _changes = sentence_ratings(text)
        assert want in {(f.rating.key_question.value, f.rating.value.value) for f in found}
    found, _changes = sentence_ratings("It was rated Good for caring, but Requires improvement for the other two areas.")
    assert not any(f.rating.key_question is KeyQuestion.SAFE for f in found)  # the count must agree


def test_table_rows_wrapped_over_lines_by_a_pdf() -> None:
    head = "                               Safe    Effective   Caring   Responsive   Well-led   Overall\n"
    for rows, service in (
            ("Surgery                        Good    Good        Good     Outstanding  Good       Good\n"
             "Services for children and\n"
             "young people                   Good    Good        Good     Good         Requires   Requires\n"
             "                                                                         improvement improvement\n",
             "Services for children and young people"),
            ("Medical care (including older\n"
             "people's care)                 Good    Good        Good     Good         Requires   Requires\n"
             "                                                                         improvement improvement\n"
             "Maternity                      Good    Good        Good     Good         Good       Good\n",
             "Medical care (including older people's care)")):
        got = {(f.rating.key_question.value, f.rating.service): f.rating.value.value for f in line_ratings(head + rows)}
        assert got[("well-led", service)] == got[("overall", service)] == "requires-improvement"
        assert got[("safe", service)] == "good"
        assert len(got) == 12


def test_an_inspection_of_no_named_subject_gets_no_rating_from_a_table_or_list() -> None:
    for text in ("Safe: Good\nOverall: Good\n", "Are services safe?     Good\nAre services caring?     Outstanding\n"):
        record = DocumentRecord("generic", inspections=(Inspection(start_date=PartialDate("2023-11-07", "7 November 2023", Precision.DAY)),))
        assert with_ratings_found(record, text).inspections[0].ratings == ()


def test_a_report_titled_with_one_core_service_rates_that_service() -> None:
    for title, service in (("Hartlepool and District Hospital - Maternity", "Maternity"),
                           ("Westbury General Hospital – Urgent and emergency care", "Urgent and emergency care")):
        text = (f"Tees Bay University Hospitals NHS Foundation Trust\n\n{title}\n\nInspection report\n\n"
                "Date of inspection visit: 18 July 2023\nDate of publication: 26/10/2023\n\nRatings\n\n"
                "Overall rating for this service         Inadequate\nAre services safe?                      Inadequate\n"
                "Are services well-led?                  Requires improvement\n\nOur view of the service\n\nWe inspected the service.\n")
        r = extract(text)
        assert [loc.name for loc in r.locations] == [title.split(" - ")[0].split(" – ")[0]]
        got = {(x.key_question.value, x.service) for i in r.inspections for x in i.ratings}
        assert ("safe", service) in got and ("well-led", service) in got
        assert not any(s is None for _kq, s in got)


def test_a_report_titled_with_a_core_service_whose_ratings_are_the_hospitals_keeps_them_the_hospitals() -> None:
    # "Overall rating for this location / hospital": the lines rate the place, whatever the title names
    for title, label in (("Eastshire General Hospital - Maternity", "location"),
                         ("Westshire Community Hospital – Surgery", "hospital")):
        text = (f"Eastshire Hospitals NHS Trust\n\n{title}\n\nInspection report\n\n"
                "Date of inspection visit: 18 July 2023\nDate of publication: 26/10/2023\n\nRatings\n\n"
                f"Overall rating for this {label}         Requires improvement\nAre services safe?                      Good\n"
                "Are services well-led?                  Requires improvement\n\nOur view of the service\n\nWe inspected the service.\n")
        r = extract(text)
        got = {(x.key_question.value, x.service) for i in r.inspections for x in i.ratings}
        assert ("safe", None) in got and ("well-led", None) in got
        assert not any(s for _kq, s in got)


def test_a_paragraph_opened_by_a_core_service_and_a_dash_rates_it() -> None:
    from cqcgraph.extract.ratings import service_paragraph_ratings
    for text, service in (
            ("Sexual health services – our rating of this service stayed the same. We rated it as outstanding.\n"
             "It was rated good for safe, effective and responsive, and outstanding for caring and well-led.\n", "Sexual health services"),
            ("Urgent care services – this was the first time we had inspected this service. We rated it as\n"
             "outstanding, with outstanding for caring and responsive and good for safe, effective and\nwell-led.\n",
             "Urgent care services")):
        got = {(f.rating.key_question.value, f.rating.service): f.rating.value.value for f in service_paragraph_ratings(text)}
        assert got[("overall", service)] == "outstanding" and got[("caring", service)] == "outstanding"
        assert got[("safe", service)] == "good" and got[("well-led", service)] in ("good", "outstanding")
        assert len(got) == 6
    assert service_paragraph_ratings("Surgery – at our last inspection we rated it as good.\n") == []


def test_a_provider_page_counting_its_services_lists_their_ratings() -> None:
    for provider, services in (("Meadowbank Care Partnership Limited", (("Brookside Lodge", "12 Church Road, Burgess Hill RH15 9AE", "Good"),
                                                                        ("Downsview Manor", "Ditchling Road, Brighton BN1 6JG", "Requires improvement"))),
                               ("Lakeside Care Ltd", (("Elm House", "4 Mill Lane, Ely CB7 4AB", "Outstanding"),
                                                      ("Fen View", "Station Road, March PE15 8AA", "Inadequate")))):
        blocks = "\n\n".join(f"{name}\n{address}\nCare home service without nursing\nRating: {value}\nLast inspected 8 June 2023"
                             for name, address, value in services)
        text = (f"Care Quality Commission\nHome > Find and compare services > {provider}\n\n{provider}\n\nProvider overview\n"
                f"Registered office: 3 Brunswick Place, Hove, East Sussex BN3 1EA\nNominated individual: Mr Paul Hendry\n\nAbout this provider\n{provider} is registered to "
                "provide the regulated activities of accommodation for persons who require nursing or personal care.\n\n"
                f"Services run by this provider ({len(services)})\n\n"
                f"{blocks}\n\nService ratings are shown at the time of their latest inspection.\n")
        r = extract(text)
        assert [p.name for p in r.providers] == [provider]
        assert [(loc.name, loc.current_overall_rating.label if loc.current_overall_rating else None,
                 loc.last_inspection_date.iso if loc.last_inspection_date else None) for loc in r.locations] == [
            (name, value, "2023-06-08") for name, _address, value in services]


def test_a_table_dating_each_key_questions_rating() -> None:
    for rows, carried in (("Safe            Good              April 2022\nEffective       Outstanding       August 2017\n"
                           "Caring          Outstanding       August 2017\nWell-led        Good              April 2022\n", {"effective", "caring"}),
                          ("Safe | Requires improvement | March 2023\nCaring | Good | June 2019\nResponsive | Good | March 2023\n", {"caring"})):
        head = "Key question    Rating            Date of rating\n" if "|" not in rows else "Key question | Rating | Date of rating\n"
        found = line_ratings(head + rows)
        assert {f.rating.key_question.value for f in found if f.rating.carried_over} == carried
        assert all(f.of is not None for f in found if f.rating.carried_over)
        assert len(found) == rows.count("\n")


def test_a_note_under_rating_lines_gives_them_to_the_last_inspection() -> None:
    for lines, note, when in (
            ("Is the service effective?      Good\nIs the service caring?         Outstanding\n",
             "(These ratings are from our last inspection, published 3 October 2019.)", ("publication", "2019-10-03")),
            ("Effective: Good\nCaring: Outstanding\n",
             "These ratings are from our previous comprehensive inspection on 12 June 2018.", ("start", "2018-06-12"))):
        r = extract(_report("We inspected safe, responsive and well-led.\n\n" + lines + note))
        current = next(i for i in r.inspections if not i.is_previous)
        assert {x.key_question.value for x in current.ratings if x.carried_over} == {"effective", "caring"}
        earlier = [i for i in r.inspections if i.is_previous]
        assert len(earlier) == 1
        day = earlier[0].publication_date if when[0] == "publication" else earlier[0].start_date
        assert day is not None and day.iso == when[1]
        assert {x.key_question.value for x in earlier[0].ratings} == {"effective", "caring"}


def test_a_note_dating_the_ratings_at_this_inspection_or_later_carries_nothing_over() -> None:
    # "our last inspection" on a page showing that inspection's own ratings is this one: a note dated by
    # the report's own publication (or the visit) makes no rating carried over and no earlier inspection
    for lines, note in (
            ("Is the service effective?      Good\nIs the service caring?         Outstanding\n",
             "(These ratings are from our last inspection, published 5 January 2022.)"),
            ("Effective: Good\nCaring: Outstanding\n",
             "These ratings are from our last inspection on 9 November 2021.")):
        r = extract(_report("We inspected all five key questions.\n\n" + lines + note))
        current = next(i for i in r.inspections if not i.is_previous)
        assert not [x for x in current.ratings if x.carried_over]
        assert _current(r)[("caring", "")] == "outstanding"
        assert not [i for i in r.inspections if i.is_previous and i.ratings]


def test_a_core_services_ratings_from_an_earlier_inspection_are_that_inspections() -> None:
    head = "Core service\tSafe\tEffective\tCaring\tResponsive\tWell-led\tOverall\n"
    for rows, note, service, when in (
            ("Surgery\tGood\tGood\tGood\tGood\tGood\tGood\nMaternity\tGood\tGood\tOutstanding\tGood\tGood\tGood\n",
             "We did not inspect maternity at this inspection. The ratings for that service are from our previous inspection in May 2017.",
             "Maternity", "2017-05"),
            ("Surgery\tGood\tGood\tGood\tGood\tGood\tGood\nCritical care\tGood\tGood\tGood\tGood\tRequires improvement\tGood\n",
             "The ratings for critical care are from our last inspection in\nOctober 2016.", "Critical care", "2016-10")):
        r = extract(_report(head + rows + "\n" + note))
        current = next(i for i in r.inspections if not i.is_previous)
        assert {x.service for x in current.ratings if x.carried_over} == {service}
        earlier = [i for i in r.inspections if i.is_previous and i.start_date and i.start_date.iso == when]
        assert len(earlier) == 1 and {x.service for x in earlier[0].ratings} == {service}


def test_a_sentence_going_on_in_a_line_opening_with_its_subject() -> None:
    from cqcgraph.extract import prose
    for text in ("We carried out an unannounced comprehensive inspection on 9 October 2019. At our previous inspection in January 2018\n"
                 "the practice was rated requires improvement overall.",
                 "The home was last inspected by us in the spring of 2021, and at that inspection in March 2021\n"
                 "the service was rated good overall."):
        assert prose.ratings_in(text) == []  # history, once the sentence is whole
