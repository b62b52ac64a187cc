"""Families of CQC wording and layout the second held-out set (tests/fixtures/heldout2, written
without sight of the reader) showed the reader missing: each test reads a family on at least two
documents, or on one and a sentence in CQC's standard phrasing."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.extract import context, extract, prose
from cqcgraph.extract import names as N
from cqcgraph.extract import patterns as P
from cqcgraph.records import ActionKind, KeyQuestion

HELDOUT2 = Path(__file__).resolve().parent / "fixtures" / "heldout2"


def doc(n: str):
    return extract((HELDOUT2 / f"{n}.txt").read_text(encoding="utf-8"))


def test_quality_statement_scores_on_the_line_of_their_name() -> None:
    """"Learning culture      Score: 2 - Evidence shows some shortfalls" (a table copied as text),
    and the key question's "Score: 2 out of 4 (53%)" or "Score: 65%" under its rating."""
    for n, statement, score, kq, percent in (("203", "Medicines optimisation", 1, KeyQuestion.SAFE, 53),
                                             ("219", "Consent to care and treatment", 3, KeyQuestion.EFFECTIVE, 75)):
        (insp, *_rest) = doc(n).inspections
        scores = {s.statement: s.score for s in insp.scores}
        assert scores[statement] == score
        assert all(s.score in (1, 2, 3, 4) for s in insp.scores)
        assert percent in {r.score_percent for r in insp.ratings if r.key_question is kq}
    (insp, *_rest) = doc("219").inspections
    assert {r.key_question: r.score_percent for r in insp.ratings if r.score_percent}[KeyQuestion.SAFE] == 65
    # a key question carried over from the previous inspection has no score of its own
    assert not any(r.score_percent for r in insp.ratings if r.key_question is KeyQuestion.CARING)


def test_press_release_counts_must_and_should_actions() -> None:
    """"has told the trust it must take 22 actions … It should also make 15 improvements"."""
    (insp, *_rest) = doc("220").inspections
    kinds = [a.kind for a in insp.actions]
    assert (kinds.count(ActionKind.MUST), kinds.count(ActionKind.SHOULD)) == (22, 15)
    # CQC's standard sentence in trust releases (synthetic second case)
    assert P.action_totals("CQC has told the trust it must make 10 improvements and should make 27 improvements.") == {
        "must": 10, "should": 27}
    assert P.action_totals("The trust must make improvements.") == {}


REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def test_service_grid_in_space_aligned_columns_with_wrapped_rows() -> None:
    """A hospital's "Our ratings for …" grid as a PDF's text keeps its layout: columns aligned by
    spaces, "Requires" / "improvement" and service names wrapped over two lines."""
    (insp, *_rest) = doc("207").inspections
    grid = {(r.service, r.key_question): r.value.value for r in insp.ratings if r.service}
    assert len(grid) == 36
    assert grid[("Urgent and emergency services", KeyQuestion.EFFECTIVE)] == "requires-improvement"
    assert grid[("Services for children and young people", KeyQuestion.OVERALL)] == "good"
    assert grid[("Critical care", KeyQuestion.CARING)] == "outstanding"
    # the same layout with one service (synthetic, as a PDF's text of CQC's grid gives it)
    text = ("Date of inspection visit: 3 to 5 April 2019\nDate of publication: 20/06/2019\n"
            "Our ratings for this location\n\n"
            "                     Safe      Effective  Caring     Responsive  Well-led   Overall\n"
            "Diagnostic imaging   Good      Inspected  Good       Requires    Good       Good\n"
            "                               but not rated         improvement\n\n")
    rated = {r.key_question: r.value.value for r in extract(text).inspections[0].ratings if r.service}
    assert rated[KeyQuestion.RESPONSIVE] == "requires-improvement"
    assert rated[KeyQuestion.EFFECTIVE] == "inspected-but-not-rated"


def test_ratings_box_arrows_are_changes() -> None:
    """"Are services effective? Good ↑": the arrow is the change since the last inspection; a
    service section's arrow further on is not the location's."""
    (insp, *_rest) = doc("207").inspections
    changes = {c.key_question: c.change.value for c in insp.changes}
    assert changes[KeyQuestion.EFFECTIVE] == "improved"
    assert changes[KeyQuestion.WELL_LED] == "went-down"
    assert changes[KeyQuestion.SAFE] == "stayed-the-same"
    text = ("Date of inspection visit: 3 to 5 April 2019\nDate of publication: 20/06/2019\nRatings\n"
            "Overall rating for this location Requires improvement → ←\nAre services safe? Inadequate ↓\n"
            "Are services effective? Good\nMaternity\nIs the service effective? Good ↑\n")
    changes = {c.key_question: c.change.value for c in extract(text).inspections[0].changes}
    assert changes == {KeyQuestion.OVERALL: "stayed-the-same", KeyQuestion.SAFE: "went-down"}


def test_front_page_listing_several_visit_dates() -> None:
    """"Date of inspection visit: 4 to 6 June 2019, 2 July 2019": the last listed day ends the
    inspection, each listed day is a visit; a real report's "18 July & 24th July" lists two."""
    (insp, *_rest) = doc("207").inspections
    assert (insp.start_date.iso, insp.end_date.iso) == ("2019-06-04", "2019-07-02")
    assert [d.iso for d in insp.visit_dates] == ["2019-06-04", "2019-06-05", "2019-06-06", "2019-07-02"]
    (real, *_rest) = extract((REAL / "049.txt").read_text(encoding="utf-8")).inspections
    assert (real.start_date.iso, real.end_date.iso) == ("2017-07-18", "2017-07-24")


def test_a_letter_about_a_review_is_cqc_and_its_quoted_ratings_are_the_earlier_inspections() -> None:
    """"We have carried out an annual regulatory review …": the inspector's own voice with "have";
    "These ratings were published on … following an inspection on …" dates the ratings it
    quotes to that inspection, not to the review."""
    record = doc("217")
    assert record.layout != "not-cqc"
    quoted = next(i for i in record.inspections if i.ratings)
    assert (quoted.start_date.iso, quoted.publication_date.iso) == ("2017-06-13", "2017-08-30")
    assert not any(i.ratings for i in record.inspections if i.start_date and i.start_date.iso == "2019-11-06")
    # CQC's standard opening of a letter or report, with "have" (synthetic second case)
    assert context.not_cqc_reason("We have carried out a focused inspection of Oak House on 3 May 2019.") is None


def test_provider_page_listing_the_services_it_runs() -> None:
    """A provider page with "Provider ID: …" and "Services run by this provider": each listed
    service is a location of the provider with its address, current rating and dates."""
    record = doc("204")
    assert record.layout == "provider-page"
    (provider,) = record.providers
    assert (provider.cqc_id, provider.postcode) == ("1-1093847261", "SK11 6LT")
    by_name = {loc.name: loc for loc in record.locations}
    assert len(by_name) == 4
    assert by_name["Ashgrove View"].current_overall_rating.value == "requires-improvement"
    assert by_name["Ashgrove View"].last_inspection_date.iso == "2023-05-09"
    assert by_name["Beechmount Lodge"].registration_date.iso == "2024-01-03"
    # the same layout with one service (synthetic, as CQC's provider pages set it out)
    text = ("Oakfield Care Limited\nProvider\nRegistered office: 3 High Street, Leeds LS1 4AB\n"
            "Provider ID: 1-2345678901\n\nThis provider runs 1 service registered with CQC.\n\nServices run by this provider\n\n"
            "Oakfield House\nCare home\n5 Park Road, Leeds LS6 2QT\nOverall rating: Good\nLast inspected: 4 May 2021\n\n"
            "Contact us\nTelephone: 03000 616161\n")
    record = extract(text)
    assert [(loc.name, loc.postcode, loc.current_overall_rating.value) for loc in record.locations] == [
        ("Oakfield House", "LS6 2QT", "good")]


def test_page_header_laid_out_as_text() -> None:
    """A location page's header as text: the kind of service under the name, the address line,
    "Provided and run by: <provider>" on one line, "Tel:", "CQC ID:" and "Latest rating:"."""
    for n, provider, postcode, kind in (("203", "Calderbank Living Limited", "HD3 3QE", "Care home"),
                                        ("219", "Carewise Homecare Ltd", "EX4 6SZ", "Homecare agency")):
        record = doc(n)
        assert [p.name for p in record.providers] == [provider]
        (loc,) = record.locations
        assert (loc.postcode, loc.service_types) == (postcode, (kind,))
    (loc,) = doc("219").locations
    assert (loc.cqc_id, loc.phone, loc.current_overall_rating.value) == ("1-9920418372", "01392 905 317", "good")


def test_assessment_summary_dates_and_visits() -> None:
    """"Assessment activity started on … and ended on …" spans the assessment; an "onsite
    assessment on 4 and 5 March 2024" is two visits; people spoken with "by telephone between
    3 February and 14 February" were not visited."""
    (insp, *_rest) = doc("203").inspections
    assert (insp.start_date.iso, insp.end_date.iso, insp.summary_updated.iso) == ("2024-03-04", "2024-04-18", "2024-05-29")
    assert [d.iso for d in insp.visit_dates] == ["2024-03-04", "2024-03-05"]
    # the overall rating on its own labelled line, and each key question once
    assert sorted(r.key_question.value for r in insp.ratings) == sorted(kq.value for kq in KeyQuestion)
    (insp, *_rest) = doc("219").inspections
    assert (insp.start_date.iso, insp.end_date.iso) == ("2025-01-27", "2025-03-11")
    assert [d.iso for d in insp.visit_dates] == ["2025-01-30"]


def test_telephone_contact_is_no_visit() -> None:
    """Dates of telephone calls or interviews after a visit's are not visits."""
    assert [d.iso for d in prose.visit_dates(
        "We visited the office on 30 January 2025 and spoke with 12 people by telephone between 3 February "
        "and 14 February 2025.")] == ["2025-01-30"]
    # CQC's standard wording of a site visit followed by calls (synthetic second case)
    assert [d.iso for d in prose.visit_dates(
        "We visited the home on 16 July 2024 and carried out telephone interviews with staff on 18 July 2024.")] == [
        "2024-07-16"]


def test_rated_overall_and_in_every_key_question() -> None:
    """"rated it Inadequate overall and in every key question", "has been rated Good overall and
    in every key question": the rating holds for the five key questions."""
    (insp, *_rest) = doc("210").inspections
    assert {r.key_question: r.value.value for r in insp.ratings if not r.service} == {kq: "inadequate" for kq in KeyQuestion}
    assert {r.key_question for r in prose.ratings_in(
        "Chy an Mor has been rated Good overall and in every key question.")} == set(KeyQuestion)


def test_breach_subjects_end_where_a_new_clause_begins() -> None:
    """"had breached regulations relating to safe care and treatment, staffing and good
    governance, and has told the trust it must take 22 actions": the told clause is no breach."""
    (insp, *_rest) = doc("220").inspections
    assert sorted(b.title for b in insp.breaches) == ["good governance", "safe care and treatment", "staffing"]
    # CQC's standard wording of a breach and the action taken in one sentence (synthetic second case)
    assert [b.title for b in prose.breaches_stated(
        "We found breaches of regulations relating to staffing and good governance, and served a warning notice.")] == [
        "staffing", "good governance"]


def test_inspection_activity_span_ends_a_dated_history_entry() -> None:
    """"The inspection activity started on 11 July 2022 and ended on 25 July 2022. We visited the
    office location on 13 July 2022." under an entry dated 11 July 2022: it ended on 25 July, not
    on the day visited, as a real summary's "Inspection activity started … ended" does."""
    latest = next(i for i in doc("202").inspections if i.start_date and i.start_date.iso == "2022-07-11")
    assert latest.end_date.iso == "2022-07-25"
    assert [d.iso for d in latest.visit_dates] == ["2022-07-13"]
    (real, *_rest) = extract((REAL / "058.txt").read_text(encoding="utf-8")).inspections
    assert (real.start_date.iso, real.end_date.iso) == ("2023-06-12", "2023-07-05")


def test_labelled_header_of_a_page_copied_with_its_site_furniture() -> None:
    """"Skip to main content" / "Care Quality Commission" / a breadcrumb, then the name, the kind
    of service, the address, "Tel:", "Provider: …" or "Provided and run by: …" and "CQC ID: …":
    a report's front page (2013) and a location page over its compliance report (2014)."""
    record = doc("201")
    assert [p.name for p in record.providers] == ["Havenfold Care Limited"]
    assert [(loc.name, loc.postcode) for loc in record.locations] == [("Thornfield Lodge", "HG4 2TX")]
    record = doc("218")
    assert [p.name for p in record.providers] == ["Tynedale Support Network Limited"]
    assert [(loc.name, loc.cqc_id, loc.postcode) for loc in record.locations] == [
        ("Helping Hands of Hexham", "1-118204736", "NE46 3NS")]


def test_release_listing_the_core_services_it_rated() -> None:
    """"CQC inspected the following core services:" then "● <service> – rated inadequate, down
    from requires improvement": each service's overall rating now, and before when stated."""
    current, before = doc("220").inspections[:2]
    now = {r.service: r.value.value for r in current.ratings if r.service}
    assert now["Acute wards for adults of working age and psychiatric intensive care units"] == "inadequate"
    assert len(now) == 4
    was = {r.service: r.value.value for r in before.ratings if r.service}
    assert was == {"Acute wards for adults of working age and psychiatric intensive care units": "requires-improvement",
                   "Mental health crisis services and health-based places of safety": "good",
                   "Wards for older people with mental health problems": "good"}
    # the same list in a hospital trust's release (synthetic second case in CQC's phrasing)
    text = ("CQC rates hospital trust good\nPublished: 3 May 2022\n\nThe Care Quality Commission (CQC) has rated "
            "Westshire Hospitals NHS Trust as good overall following an inspection in February 2022.\n\n"
            "CQC inspected the following core services:\n• Maternity – rated requires improvement, up from inadequate\n"
            "• Surgery – rated good\n\nEnds\n")
    (insp, *_rest) = extract(text).inspections
    assert {r.service: r.value.value for r in insp.ratings if r.service} == {
        "Maternity": "requires-improvement", "Surgery": "good"}


def test_what_cqc_says_of_a_power_in_general_is_no_action() -> None:
    """"Cancelling a provider's registration is not something we do lightly" (a release's quote)
    and "… is not a decision we take lightly" state no cancellation."""
    quote = next(s for s in P.sentences((HELDOUT2 / "210.txt").read_text(encoding="utf-8")) if "lightly" in s)
    assert prose.actions_in_sentence(quote) == []
    assert prose.actions_in_sentence("Taking action to cancel a provider's registration is not a decision we take lightly.") == []
    assert [a.kind for a in prose.actions_in_sentence("CQC has cancelled the registration of Oak Care Ltd.")] == [
        ActionKind.CANCELLATION]


def test_breaches_listed_under_in_breach_of() -> None:
    """"We found the provider was in breach of:" and a bulleted list of regulations with titles."""
    (insp, *_rest) = doc("216").inspections
    assert sorted(b.regulation.number for b in insp.breaches if b.regulation) == ["12", "13", "17", "18"]
    # CQC's standard lead of such a list (synthetic second case)
    text = "The provider was in breach of:\n• Regulation 9 Person-centred care\n• Regulation 17 Good governance\n"
    assert [b.regulation.number for b in prose.breaches_stated(text)] == ["9", "17"]


def test_inspection_dated_by_a_list_of_days() -> None:
    """"following an inspection on 10, 11 and 16 August 2021" in a release; a real report's
    "inspection at Urgent Care Centre on 10, 11, 14 and 30 January 2017" is the same wording."""
    (insp, *_rest) = doc("213").inspections
    assert (insp.start_date.iso, insp.end_date.iso) == ("2021-08-10", "2021-08-16")
    real = next(s for s in P.sentences((REAL / "080.txt").read_text(encoding="utf-8")) if "10, 11, 14 and 30 January" in s)
    m = P.INSPECTED_WHEN_RE.search(real)
    assert m and P.parse_span(real[m.end():])[0].iso == "2017-01-10"


def test_service_described_with_its_size_before_its_provider() -> None:
    """"Chy an Mor, a care home for up to 24 people run by Mounts Bay Residential Ltd,": the
    service (a Cornish article inside its name) and its provider."""
    record = doc("212")
    assert "Chy an Mor" in [loc.name for loc in record.locations]
    assert "Mounts Bay Residential Ltd" in [p.name for p in record.providers]
    # the same description in a release (synthetic second case in CQC's phrasing)
    m = N.DESCRIBED_RUN_BY_RE.search("Plas y Bryn, a care home for up to 30 older people run by Gwynedd Care Ltd, has been rated good.")
    assert m and (m.group("name"), m.group("provider")) == ("Plas y Bryn", "Gwynedd Care Ltd")


def test_found_the_service_was_rated_for_named_key_questions() -> None:
    """"inspectors found the practice was inadequate for providing safe, effective and well-led
    services", "Inspectors found it requires improvement for being safe and well-led, and good in
    all other areas" (the key questions not yet rated)."""
    (insp, *_rest) = doc("209").inspections
    rated = {r.key_question: r.value.value for r in insp.ratings if not r.service}
    assert rated[KeyQuestion.SAFE] == rated[KeyQuestion.WELL_LED] == "inadequate"
    bodmin = next(i for i in doc("212").inspections if i.start_date and i.start_date.iso == "2019-12-03")
    rated = {r.key_question: r.value.value for r in bodmin.ratings}
    assert rated == {KeyQuestion.OVERALL: "requires-improvement", KeyQuestion.SAFE: "requires-improvement",
                     KeyQuestion.WELL_LED: "requires-improvement", KeyQuestion.EFFECTIVE: "good",
                     KeyQuestion.CARING: "good", KeyQuestion.RESPONSIVE: "good"}
    # "found … to be good at …" still rates nothing
    assert prose.ratings_in("We found the service was good at involving people.") == []


def test_key_question_sections_carrying_the_previous_inspections_rating() -> None:
    """"Rating carried over from the previous inspection (published 8 September 2022)" under a key
    question, and "previously rated requires improvement (report published 8 September 2022)": the
    earlier inspection, by its publication date, with those ratings."""
    earlier = next(i for i in doc("219").inspections if i.is_previous)
    assert earlier.publication_date.iso == "2022-09-08"
    assert {r.key_question: r.value.value for r in earlier.ratings} == {
        KeyQuestion.CARING: "good", KeyQuestion.RESPONSIVE: "requires-improvement",
        KeyQuestion.OVERALL: "requires-improvement"}
    # the same layout for one key question (synthetic second case, as CQC's assessment pages set it out)
    text = ("Oak House\nProvided and run by:\nOak Care Ltd\n\nReport from 3 March 2025 assessment\n\nOverview\nGood\n"
            "Updated 1 May 2025\n\nOak House is a care home for 20 people. We assessed the safe key question.\n\n"
            "Safe\nGood\nScore: 3 out of 4 (70%)\n\nCaring\nOutstanding\n"
            "Rating carried over from the previous inspection (published 2 June 2021)\n")
    earlier = next(i for i in extract(text).inspections if i.is_previous)
    assert (earlier.publication_date.iso, [(r.key_question, r.value.value) for r in earlier.ratings]) == (
        "2021-06-02", [(KeyQuestion.CARING, "outstanding")])


def test_assessment_summary_states_its_enforcement() -> None:
    """"We have served a warning notice on the provider in relation to good governance" in an
    assessment's summary is that assessment's action; a power it could use is none."""
    (insp, *_rest) = doc("203").inspections
    assert [a.kind for a in insp.actions] == [ActionKind.WARNING_NOTICE]
    text = ("Oak House\nProvided and run by:\nOak Care Ltd\n\nReport from 3 March 2025 assessment\n\nOverview\nGood\n"
            "Updated 1 May 2025\n\nOak House is a care home for 20 people. We may use our powers to serve a warning "
            "notice if the provider does not improve its records.\n\nSafe\nGood\n")
    (insp, *_rest) = extract(text).inspections
    assert insp.actions == ()


def test_location_pages_latest_inspection_box() -> None:
    """"Latest inspection: 11 July 2022 / Overall rating: Good / … / Ratings / Safe  Good …" at
    the top of a location page: the location's current rating, and the ratings of the history
    entry of that date."""
    record = doc("202")
    assert record.locations[0].current_overall_rating.value == "good"
    latest = next(i for i in record.inspections if i.start_date and i.start_date.iso == "2022-07-11")
    assert {r.key_question for r in latest.ratings} == set(KeyQuestion)
    # the same box over a one-entry history (synthetic second case, as CQC's pages set it out)
    text = ("Oak House\n1 Park Road, Leeds LS6 2QT\nProvided and run by: Oak Care Ltd\n\nAll inspections\n\n"
            "Latest inspection: 4 May 2021\nOverall rating: Requires improvement\nRead the report\n\nRatings\n"
            "Safe              Requires improvement\nWell-led          Good\n\nInspection history\n\n4 May 2021\n"
            "During a routine inspection\nWe carried out an unannounced inspection on 4 May 2021.\n")
    record = extract(text)
    (latest,) = [i for i in record.inspections if i.start_date and i.start_date.iso == "2021-05-04"]
    assert {r.key_question: r.value.value for r in latest.ratings} == {
        KeyQuestion.OVERALL: "requires-improvement", KeyQuestion.SAFE: "requires-improvement", KeyQuestion.WELL_LED: "good"}


def test_took_place_between_is_a_span_not_two_visits() -> None:
    """"This comprehensive inspection took place between 1 and 6 March 2018": the entry runs from
    1 to 6 March, and neither day is said to be a visit; the first held-out set's "took place
    between 6 and 14 September 2018" keeps its end."""
    entry = next(i for i in doc("202").inspections if i.start_date and i.start_date.iso == "2018-03-01")
    assert (entry.end_date.iso, entry.visit_dates) == ("2018-03-06", ())
    heldout = Path(__file__).resolve().parent / "fixtures" / "heldout" / "103.txt"
    entry = next(i for i in extract(heldout.read_text(encoding="utf-8")).inspections
                 if i.start_date and i.start_date.iso == "2018-09-06")
    assert entry.end_date.iso == "2018-09-14"


def test_front_page_visit_days_listed_by_and_or_one_a_line() -> None:
    """"Date of inspection visit: 19 January 2022 and 2 February 2022" lists two visits, not a
    range; so does a column of one day a line under the heading (also in the first held-out set)."""
    (insp, *_rest) = doc("215").inspections
    assert [d.iso for d in insp.visit_dates] == ["2022-01-19", "2022-02-02"]
    (insp, *_rest) = doc("205").inspections
    assert [d.iso for d in insp.visit_dates] == ["2019-03-14", "2019-03-15", "2019-03-20"]
    heldout = Path(__file__).resolve().parent / "fixtures" / "heldout" / "104.txt"
    (insp, *_rest) = extract(heldout.read_text(encoding="utf-8")).inspections
    assert len(insp.visit_dates) >= 2


def test_ratings_for_key_questions_that_remain() -> None:
    """"The ratings for caring and responsive remain good, as these areas were not looked at during
    this inspection": those key questions' ratings."""
    (insp, *_rest) = doc("208").inspections
    rated = {r.key_question: r.value.value for r in insp.ratings}
    assert rated[KeyQuestion.CARING] == rated[KeyQuestion.RESPONSIVE] == "good"
    # CQC's standard sentence for one key question (synthetic second case)
    assert [(r.key_question, r.value.value) for r in prose.ratings_in(
        "The rating for well-led remains requires improvement.")] == [(KeyQuestion.WELL_LED, "requires-improvement")]
