"""Dates kept with the role their label gives (``cqcgraph.extract.dated``), whatever the layout
that read the rest: each label on two invented documents, a label over its value on the next
line, and labels that are no role of an inspection giving none."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqcgraph.extract import dated, extract

FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: Two kinds of document that carry labelled dates: a report's front page and a provider's page.
FRONTS = (
    "Willow Court\nInspection report\n12 Elm Road, Leeds LS1 4AB\n\n{labels}\n\nOverall summary\n"
    "Willow Court is a care home. We rated the service as good.\n",
    "Care Quality Commission\n\nOak Dental Practice\n4 High Street, Bath BA1 1AA\nProvided and run by: Oak Dental Ltd\n\n"
    "{labels}\n\nSummary\nOur inspection found the practice was providing safe care.\n",
)


def dates_of(text: str) -> tuple[str | None, str | None, list[str], str | None]:
    record = extract(text)
    insp = next(i for i in record.inspections if not i.is_previous)
    published = insp.publication_date or record.publication_date
    return (insp.start_date.iso if insp.start_date else None, insp.end_date.iso if insp.end_date else None,
            [d.iso or "" for d in insp.visit_dates], published.iso if published else None)


@pytest.mark.parametrize("front", FRONTS)
@pytest.mark.parametrize("labels,expected", [
    ("Date of inspection visit: Thursday 14 January 2016\nDate of publication: 3 March 2016",
     ("2016-01-14", None, ["2016-01-14"], "2016-03-03")),
    ("Dates of inspections: 29 November 2012, 3 December 2012\nPublished: 4 January 2013",
     ("2012-11-29", "2012-12-03", ["2012-11-29", "2012-12-03"], "2013-01-04")),
    ("Inspection carried out between 3 and 5 May 2014\nLatest report: 3 June 2014",
     ("2014-05-03", "2014-05-05", [], "2014-06-03")),
    ("Date of inspection visit:\n6 to 8 March 2018\nReport published:\n2 May 2018",
     ("2018-03-06", "2018-03-08", [], "2018-05-02")),
    ("Assessment started: 4 March 2024\nAssessment ended: 22 March 2024\nPublication date: 9 May 2024",
     ("2024-03-04", "2024-03-22", [], "2024-05-09")),
])
def test_a_labelled_date_keeps_its_role(front: str, labels: str, expected: tuple) -> None:
    """Start, end and publication as labelled; the days a visit label lists each visited."""
    got = dates_of(front.format(labels=labels))
    assert (got[0], got[1], got[3]) == (expected[0], expected[1], expected[3])
    assert set(expected[2]) <= set(got[2])


@pytest.mark.parametrize("front", FRONTS)
@pytest.mark.parametrize("labels", [
    "Date of registration: 1 April 2011",
    "Date of incident: 3 May 2019",
    "Date of meeting: 12 June 2020",
    "Registered on: 5 February 2015",
])
def test_a_date_that_is_no_role_of_an_inspection_gives_none(front: str, labels: str) -> None:
    record = extract(front.format(labels=labels + "\nDate of inspection visit: 7 July 2020"))
    insp = next(i for i in record.inspections if not i.is_previous)
    assert insp.start_date and insp.start_date.iso == "2020-07-07"
    assert not any(d.iso and d.iso[:4] in {"2011", "2019", "2015"} or d.iso == "2020-06-12"
                   for d in (insp.end_date, insp.publication_date, record.publication_date, *insp.visit_dates) if d)


@pytest.mark.parametrize("front", FRONTS)
def test_last_updated_is_the_summary_s_date(front: str) -> None:
    record = extract(front.format(labels="Date of inspection visit: 7 July 2020\nLast updated 2 September 2020"))
    insp = next(i for i in record.inspections if not i.is_previous)
    assert insp.summary_updated and insp.summary_updated.iso == "2020-09-02"


@pytest.mark.parametrize("label,days", [
    ("Date of inspection visit: 19 January 2022 and 2 February 2022", ["2022-01-19", "2022-02-02"]),
    ("Inspection carried out on 27 November 2018 and 4 December 2018", ["2018-11-27", "2018-12-04"]),
    ("Date of inspection visit: between 3 and 5 May 2014", []),
    ("Date of inspection visit: 3 to 10 January 2023", []),
    ("Inspection dates: 6 to 8 March 2018", None),
])
def test_days_joined_by_and_are_each_visited_and_a_span_is_not(label: str, days: list[str] | None) -> None:
    """Days joined by "and" are each a visit; a span "between" two days, a week or longer, or
    under a label that names no visit ("Inspection dates") lists none."""
    found = dated.labelled(label + "\n")
    assert [d.iso for d in found["visit"][2]] == days if days is not None else "visit" not in found and not found["inspection"][2]


@pytest.mark.parametrize("label,days", [
    ("Date of inspection visit: 12 to 14 March 2019", ["2019-03-12", "2019-03-13", "2019-03-14"]),
    ("Date of inspection visit: 4 Dec to 6 Dec 2018", ["2018-12-04", "2018-12-05", "2018-12-06"]),
    ("Inspection carried out on 7 August 2018 to 9 August 2018", ["2018-08-07", "2018-08-08", "2018-08-09"]),
])
def test_a_visit_label_s_range_of_a_few_days_is_each_day_visited(label: str, days: list[str]) -> None:
    """A visit label's range of a few days is the days the inspectors were there, on a front page
    and in a history entry alike."""
    assert [d.iso for d in dated.labelled(label + "\n")["visit"][2]] == days
    if label.startswith("Date of inspection visit"):
        for front in FRONTS:
            assert dates_of(front.format(labels=label + "\nDate of publication: 3 May 2020"))[2] == days


@pytest.mark.parametrize("labels,expected", [
    ("Inspection dates:     the 1st and 2nd of March 2022\nReport published:     11 April 2022",
     ("2022-03-01", "2022-03-02", "2022-04-11")),
    ("Date of inspection visit: the 9th of May 2016\nDate of publication: the 21st of June 2016",
     ("2016-05-09", None, "2016-06-21")),
])
def test_ordinal_days_of_a_month(labels: str, expected: tuple) -> None:
    """"the 1st and 2nd of March 2022": ordinals with "of" before the month."""
    for front in FRONTS:
        got = dates_of(front.format(labels=labels))
        assert (got[0], got[1], got[3]) == expected


@pytest.mark.parametrize("labels,expected", [
    ("Date of inspection visit:\n3 November\n2021\nDate of publication:\n14 December 2021", ("2021-11-03", None, "2021-12-14")),
    ("Date of inspection visit: 14 and 15\nMarch 2023\nDate of publication: 2 May\n2023", ("2023-03-14", "2023-03-15", "2023-05-02")),
])
def test_a_labelled_date_wrapped_over_lines(labels: str, expected: tuple) -> None:
    """A date whose month or year a narrow column wrapped onto the next line is read whole."""
    for front in FRONTS:
        got = dates_of(front.format(labels=labels))
        assert (got[0], got[1], got[3]) == expected


@pytest.mark.parametrize("rows", [
    "| Date of inspection visit | 12 March 2019 |\n| Date of publication | 3 May 2019 |",
    "Date of inspection visit\t12 March 2019\nDate of publication\t3 May 2019",
])
def test_labelled_dates_in_a_table_s_rows(rows: str) -> None:
    found = dated.labelled(rows + "\n")
    assert (found["visit"][0].iso, found["published"][0].iso) == ("2019-03-12", "2019-05-03")


def test_a_label_with_words_besides_its_date_is_a_sentence() -> None:
    assert "published" not in dated.labelled("Published by CQC on 3 May 2019 after the provider's appeal\n")


@pytest.mark.parametrize("doc,start,end", [("heldout3/301", "2012-11-29", "2012-12-03"), ("heldout3/306", "2016-01-14", None)])
def test_labelled_dates_of_the_independent_sets(doc: str, start: str, end: str | None) -> None:
    got = dates_of((FIXTURES / f"{doc}.txt").read_text(encoding="utf-8"))
    assert got[:2] == (start, end) and start in got[2]


@pytest.mark.parametrize("text,start", [
    ("CQC rates Oak Surgery good\n\nThe Care Quality Commission has rated Oak Surgery in Leeds as Good. "
     "The inspection, on 14 March 2017, found the practice was now good for providing safe services.\n", "2017-03-14"),
    ("Care home in Bath rated inadequate\n\nThe Care Quality Commission has rated Elm Lodge in Bath as Inadequate "
     "following an inspection. The inspection, on 3 May 2019, found people were not safe.\n", "2019-05-03"),
])
def test_an_inspection_dated_between_commas(text: str, start: str) -> None:
    insp = next(i for i in extract(text).inspections if not i.is_previous)
    assert insp.start_date and insp.start_date.iso == start


@pytest.mark.parametrize("text,end", [
    ("Hospital trust rated inadequate\n\nThe Care Quality Commission (CQC) has rated Eastshire Hospitals NHS Trust as Inadequate overall "
     "following an inspection carried out between 10 and 13 March 2015, with further unannounced visits on 24 March 2015.\n",
     "2015-03-24"),
    ("Clinic rated requires improvement\n\nThe Care Quality Commission has rated Fern Clinic as Requires improvement after "
     "an inspection on 1 July 2019. Inspectors made a second announced visit on 15 July 2019.\n", "2019-07-15"),
])
def test_a_further_visit_ends_the_inspection_a_release_reports(text: str, end: str) -> None:
    insp = next(i for i in extract(text).inspections if not i.is_previous)
    assert insp.end_date and insp.end_date.iso == end


@pytest.mark.parametrize("labels,expected", [
    ("Latest inspection: 19 October 2021, 22 October 2021\nReport published: 30 November 2021",
     ("2021-10-19", "2021-10-22", ["2021-10-19", "2021-10-22"], "2021-11-30")),
    ("Assessment published 14 February 2025\nAssessment period: 4 November 2024 to 9 January 2025\nOn-site visit: 26 November 2024",
     ("2024-11-04", "2025-01-09", ["2024-11-26"], "2025-02-14")),
    ("Assessment activity started: 26 February 2024\nSite visit: 28 February 2024\nAssessment activity finished: 9 April 2024",
     ("2024-02-26", "2024-04-09", ["2024-02-28"], None)),
])
def test_the_labels_of_location_pages_and_assessments(labels: str, expected: tuple) -> None:
    """A page's "Latest inspection" box and an assessment's period, visit and publication: the
    span dates the assessment, the visit is a day of it."""
    labelled = dated.labelled(labels + "\n")
    role = "inspection" if "inspection" in labelled else "visit" if "Latest" in labels else "assessment-start"
    assert labelled[role][0].iso == expected[0]
    for front in FRONTS:
        got = dates_of(front.format(labels=labels))
        assert (got[0], got[1], got[3]) == (expected[0], expected[1], expected[3])
        assert set(expected[2]) <= set(got[2])


@pytest.mark.parametrize("text,current,earlier", [
    ("""Care Quality Commission
St Aldwyn's Hospital
Windmill Road, Gillingham, Kent ME7 4QT
Provided and run by: Medway Downs NHS Foundation Trust

Overall rating for this hospital: Good
Latest inspection: 10 to 12 October 2017
Report published: 21 December 2017

Surgery
Good
Inspected 10 October 2017

Outpatients
Good
Inspected 3 March 2015
""", ("2017-10-10", "2017-10-12"), "2015-03-03"),
    ("""Care Quality Commission — Find and compare services

Willow Support
Domiciliary care service
4 Bridge Street, Alnwick, Northumberland NE66 1AA
Provided and run by: Coquet Care Limited

Latest report: 3 June 2014
Summary of our latest inspection
Staffing                                                           ✖ Action needed
Quality and suitability of management                              ✔ Met this standard

Inspection carried out between 3 and 5 May 2014
This was an announced inspection. We told the provider two days before our visit that we would be coming.

Inspection history
2 March 2013       Met all standards inspected
""", ("2014-05-03", "2014-05-05"), "2013-03-02"),
])
def test_the_labelled_span_dates_the_inspection_a_layout_began_on_an_earlier_day(text: str, current: tuple, earlier: str | None) -> None:
    """A layout that began the current inspection on an earlier inspection's day: the labelled
    span dates the current one, and the earlier day stays an earlier inspection's."""
    record = extract(text)
    insp = next(i for i in record.inspections if not i.is_previous)
    assert (insp.start_date.iso if insp.start_date else None, insp.end_date.iso if insp.end_date else None) == current
    assert all((d.iso or "") >= current[0] for d in insp.visit_dates)
    if earlier:
        assert any(i.is_previous and i.start_date and i.start_date.iso == earlier for i in record.inspections)


@pytest.mark.parametrize("sentence,earlier", [
    ("At our previous inspection on 2 and 9 June 2015 we rated the service good.", ("2015-06-02", "2015-06-09", ["2015-06-02", "2015-06-09"])),
    ("This inspection took place on 18 July 2017 and was unannounced. At our previous inspection\non 2 and 9 June 2015 we rated the service good.",
     ("2015-06-02", "2015-06-09", ["2015-06-02", "2015-06-09"])),
    ("We previously inspected this service on 17 and 18 October 2017 and rated it good overall.",
     ("2017-10-17", "2017-10-18", ["2017-10-17", "2017-10-18"])),
    # its one day, inspected on, is visited as a listed day is
    ("The last time we inspected, on 12 January 2016, we found the practice was providing safe care.", ("2016-01-12", "2016-01-12", ["2016-01-12"])),
    ("The last inspection, under our previous approach, was on 3 and 4 December 2019 (report published 20 January 2020).",
     ("2019-12-03", "2019-12-04", ["2019-12-03", "2019-12-04"])),
])
def test_an_earlier_inspection_dated_where_it_is_named(sentence: str, earlier: tuple) -> None:
    """The earlier inspection a summary names, with its days (the days listed each visited)."""
    for front in FRONTS:
        record = extract(front.format(labels="Date of inspection visit: 18 July 2017").replace("We rated the service as good.", sentence)
                         .replace("Our inspection found the practice was providing safe care.", sentence))
        found = [(i.start_date.iso if i.start_date else None, i.end_date.iso if i.end_date else None, [d.iso for d in i.visit_dates])
                 for i in record.inspections if i.is_previous]
        assert earlier in found


def test_an_earlier_inspection_s_publication_is_not_its_date() -> None:
    """"At our last inspection, published in October 2015, …": the month of the report, not of the visit."""
    record = extract(FRONTS[0].format(labels="Date of inspection visit: 18 July 2017").replace(
        "We rated the service as good.", "At our last inspection, published in October 2015, we rated the service good."))
    assert not any(i.is_previous and i.start_date and i.start_date.iso == "2015-10" for i in record.inspections)


@pytest.mark.parametrize("labels,expected", [
    ("Date of inspection visit:\n05 March 2019\n07 March 2019\n\nDate of publication:\n17 May 2019",
     ("2019-03-05", "2019-03-07", ["2019-03-05", "2019-03-07"], "2019-05-17")),
    ("Date of inspection visit:\n14 June 2022\n16 June 2022\n21 June 2022\n\nDate of publication: 2 August 2022",
     ("2022-06-14", "2022-06-21", ["2022-06-14", "2022-06-16", "2022-06-21"], "2022-08-02")),
])
def test_a_visit_label_over_one_date_a_line(labels: str, expected: tuple) -> None:
    """A label over its dates one a line, a blank line before the next label: each day visited."""
    for front in FRONTS:
        got = dates_of(front.format(labels=labels))
        assert (got[0], got[1], got[3]) == (expected[0], expected[1], expected[3])
        assert set(expected[2]) <= set(got[2])


@pytest.mark.parametrize("label,span", [
    ("Inspection dates: 8 to 10 June 2021 (core services); 6 and 7 July 2021 (well-led)", ("2021-06-08", "2021-07-07")),
    ("Dates of inspection: 3 to 5 March 2020 (unannounced), 17 March 2020 (announced)", ("2020-03-03", "2020-03-17")),
])
def test_a_labelled_span_with_what_each_part_was_of(label: str, span: tuple) -> None:
    """"(core services)", "(well-led)", "(unannounced)" after a span say what it was of: the dates stand."""
    found = dated.labelled(label + "\n")["inspection"]
    assert (found[0].iso, found[1].iso) == span


@pytest.mark.parametrize("labels,expected", [
    ("Report from the inspection of 11 to 13 January 2022\nPublished: 1 April 2022",
     ("2022-01-11", "2022-01-13", ["2022-01-11", "2022-01-12", "2022-01-13"], "2022-04-01")),
    ("Report from the inspection on 4 May 2021\nPublished: 30 June 2021",
     ("2021-05-04", None, ["2021-05-04"], "2021-06-30")),
])
def test_a_report_from_the_inspection_of_its_days(labels: str, expected: tuple) -> None:
    """A front page's "Report from the inspection of 11 to 13 January 2022": the days visited."""
    for front in FRONTS:
        start, end, visits, published = dates_of(front.format(labels=labels))
        assert (start, None if end == start else end, visits, published) == expected


#: Two summaries closing with the list of the reports published: a GP practice and a care home.
SUMMARIES_WITH_REPORTS = (
    "Beech Lane Surgery\n12 Beech Lane, York YO1 2AB\nProvided and run by: Beech Lane Partnership\n\n"
    "Date of Inspection: 5 March 2020\nDate of Publication: 20 April 2020\n\nSummary\n\n"
    "This practice is rated as Good overall. (Previous rating May 2018 – Requires improvement)\n\n"
    "We carried out an announced comprehensive inspection at Beech Lane Surgery on\n5 March 2020. At our last inspection in May "
    "2018 we rated the practice requires improvement\nfor providing safe services.\n\n"
    "Inspection history\n\n20 April 2020  Inspection report  Overall: Good\n"
    "3 July 2018  Inspection report  Overall: Requires improvement\n",
    "Rowan House\n4 Mill Road, Hull HU1 3CD\nProvided and run by: Rowan Care Ltd\n\n"
    "Date of Inspection: 14 October 2021\nDate of Publication: 2 December 2021\n\nSummary\n\n"
    "This service is rated as Requires improvement overall. (Previous rating January 2019 – Good)\n\n"
    "We carried out an unannounced comprehensive inspection at Rowan House on 14 October 2021.\nAt our last inspection in "
    "January 2019 we rated the service good.\n\n"
    "Inspection history\n\n02 December 2021  Inspection report  Overall: Requires improvement\n"
    "11 March 2019  Inspection report  Overall: Good\n",
)


@pytest.mark.parametrize("text,current,earlier", [
    (SUMMARIES_WITH_REPORTS[0], ("2020-03-05", ["2020-03-05"], "2020-04-20"), ("2018-05", "2018-07-03")),
    (SUMMARIES_WITH_REPORTS[1], ("2021-10-14", ["2021-10-14"], "2021-12-02"), ("2019-01", "2019-03-11")),
])
def test_a_list_of_the_reports_published_dates_reports_not_visits(text: str, current: tuple, earlier: tuple) -> None:
    """"Inspection history" over "20 April 2020  Inspection report  Overall: Good": each date a
    report's publication; none is a day of the current inspection, and the report listed after the
    earlier inspection is that inspection's."""
    record = extract(text)
    now = next(i for i in record.inspections if not i.is_previous)
    assert (now.start_date.iso if now.start_date else None, [d.iso for d in now.visit_dates],
            now.publication_date.iso if now.publication_date else None) == current
    assert now.end_date is None or now.end_date.iso == current[0]
    before = [(i.start_date.iso if i.start_date else None, i.publication_date.iso if i.publication_date else None)
              for i in record.inspections if i.is_previous]
    assert earlier in before


#: Two assessment pages whose closing section names the inspection before the assessment.
ASSESSMENTS = (
    "Larch House\n\nCare home\n3 Larch Road, Leek, Staffordshire ST13 5AB\nProvided and run by: Larch Care LLP\n"
    "CQC ID: 1-1234567890\n\nLatest assessment\n\nAssessment activity started: 4 March 2024\nSite visit: 6 March 2024\n"
    "Assessment activity finished: 2 May 2024\nReport published: 30 May 2024\n\nOverall rating: Good\n\n"
    "Key question    Rating    Score\nSafe            Good      63%\n\nPrevious ratings\n"
    "This was the first assessment of this service under our new approach. The last inspection,\n"
    "under our previous approach, was on 10 and 11 October 2019 (report published 2 December\n2019).\n",
    "Brook Street Surgery\n\nGP practice\n8 Brook Street, Derby DE1 3AB\nProvided and run by: Brook Street Partnership\n"
    "CQC ID: 1-2345678901\n\nLatest assessment\n\nAssessment activity started: 3 June 2024\n"
    "Assessment activity finished: 19 July 2024\nReport published: 20 August 2024\n\nOverall rating: Good\n\n"
    "Key question    Rating    Score\nSafe            Good      70%\n\nPrevious inspection\n"
    "Our last inspection was on 14 March 2017. The report was published on 25 April 2017.\n",
)


@pytest.mark.parametrize("text,earlier", [
    (ASSESSMENTS[0], ("2019-10-10", "2019-10-11", "2019-12-02")),
    (ASSESSMENTS[1], ("2017-03-14", None, "2017-04-25")),
])
def test_an_assessment_s_last_inspection_and_its_report(text: str, earlier: tuple) -> None:
    """"The last inspection, under our previous approach, was on 10 and 11 October 2019 (report
    published 2 December 2019)", "Our last inspection was on 14 March 2017. The report was
    published on 25 April 2017.": an earlier inspection of those days and its report's date."""
    record = extract(text)
    assert record.layout == "assessment"
    before = [i for i in record.inspections if i.is_previous and i.start_date]
    assert len(before) == 1
    got = before[0]
    assert (got.start_date.iso if got.start_date else None,
            got.end_date.iso if got.end_date and got.end_date != got.start_date else None,
            got.publication_date.iso if got.publication_date else None) == earlier
    now = next(i for i in record.inspections if not i.is_previous)
    assert now.publication_date is not None and now.publication_date.iso != earlier[2]


@pytest.mark.parametrize("head,visit", [
    ("Assessment published 3 April 2025\nAssessment period: 6 January 2025 to 7 March 2025\nOn-site visit: 21 January 2025",
     "2025-01-21"),
    ("Assessment published 9 October 2024\nAssessment period: 1 July 2024 to 30 August 2024\nSite visit: 16 July 2024",
     "2024-07-16"),
])
def test_an_assessment_period_s_bounds_are_no_visits(head: str, visit: str) -> None:
    """"Assessment period: 6 January 2025 to 7 March 2025" over "On-site visit: 21 January 2025":
    the period dates the assessment, and its one visit is the day the visit label gives."""
    text = (f"Fern Lane Surgery\n\nGP practice\n2 Fern Lane, Keswick CA12 4AB\nProvided and run by: Fern Lane Partnership\n"
            f"CQC ID 1-3456789012\n\nLatest assessment\n\n{head}\n\nOverall\nGood\n\n"
            "Safe          Good    Score 66%\n\nSummary\n\nThe practice is rated good overall.\n")
    now = next(i for i in extract(text).inspections if not i.is_previous)
    period = dated.labelled(text)["inspection"]
    assert (now.start_date, now.end_date) == (period[0], period[1])
    assert [d.iso for d in now.visit_dates] == [visit]


@pytest.mark.parametrize("background,earlier", [
    ("We previously inspected this service on 17 and 18 October 2017 and rated it good overall.",
     ("2017-10-17", "2017-10-18", ["2017-10-17", "2017-10-18"])),
    ("We previously inspected this home on 2, 3 and 9 May 2016. At that inspection we rated it requires improvement.",
     ("2016-05-02", "2016-05-09", ["2016-05-02", "2016-05-03", "2016-05-09"])),
])
def test_a_report_s_earlier_inspection_keeps_the_days_its_paragraph_names(background: str, earlier: tuple) -> None:
    """A report's background paragraph opening "We previously inspected this service on 17 and 18
    October 2017": that earlier inspection, from its first day to its last, each day visited."""
    text = ("Willow Court\nInspection report\n12 Elm Road, Leeds LS1 4AB\n\n"
            "Date of inspection visit: 25 February 2020 and 4 March 2020\nDate of publication: 11 June 2020\n\n"
            f"Background to this inspection\n\n{background}\n\nOverall summary\n\n"
            "Willow Court is a care home. We rated the service as good.\n")
    before = [i for i in extract(text).inspections if i.is_previous and i.start_date]
    assert [(i.start_date.iso if i.start_date else None, i.end_date.iso if i.end_date else None,
             [d.iso for d in i.visit_dates]) for i in before] == [earlier]
