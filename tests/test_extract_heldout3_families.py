"""Families of CQC layout and wording the third held-out set (tests/fixtures/heldout3, written
without sight of the reader) showed the reader missing: each test reads a family on at least two
documents, or on one and a sentence in CQC's standard phrasing."""

from __future__ import annotations

from pathlib import Path

from cqcgraph.extract import extract, prose, report
from cqcgraph.extract import patterns as P
from cqcgraph.records import ActionKind, KeyQuestion

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def doc(folder: str, n: str):
    return extract((FIXTURES / folder / f"{n}.txt").read_text(encoding="utf-8"))


def test_front_page_with_the_location_named_under_the_title() -> None:
    """"<provider> / Quality Report / <location> / <street> …": the location heads the address
    block, and the report's ratings sit on that location (or, on a trust's report, on the trust
    with its main hospital as a location)."""
    record = doc("heldout3", "306")
    assert [p.name for p in record.providers] == ["Dr A N Okafor and Dr J Whitlam"]
    (location,) = record.locations
    assert location.name == "Freeman Street Surgery"
    assert location.address is not None and not location.address.startswith("Freeman Street Surgery")
    assert record.inspections[0].location == 0 and record.inspections[0].ratings
    trust = doc("heldout", "106")
    assert [p.name for p in trust.providers] == ["Fenwick Valley Hospitals NHS Trust"]
    assert [loc.name for loc in trust.locations] == ["Fenwick General Hospital"]
    assert trust.inspections[0].provider == 0 and trust.inspections[0].location is None


def test_front_page_without_a_title_above_the_visit_dates() -> None:
    """"<trust> / <hospital> / <street> / <town> / <postcode> / Tel / Date of inspection visit":
    no "Inspection report" line on the front page; a title further down heads the body."""
    record = doc("heldout3", "307")
    assert [p.name for p in record.providers] == ["Tamar Valley Hospitals NHS Foundation Trust"]
    assert [loc.name for loc in record.locations] == ["St Budeaux Hospital"]
    assert record.locations[0].postcode == "PL6 8DH"
    # a synthetic front page in CQC's standard order (second case)
    page = ("Northmoor Care Limited\n\nBeech Lodge Nursing Home\n12 Mill Lane\nKendal\nLA9 4QT\n"
            "Tel: 01539 000 000\n\nDate of inspection visit: 3 May 2022\nDate of publication: 1 June 2022\n\n"
            "Ratings\nOverall rating for this service    Good\n")
    synthetic = extract(page)
    assert [p.name for p in synthetic.providers] == ["Northmoor Care Limited"]
    assert [loc.name for loc in synthetic.locations] == ["Beech Lodge Nursing Home"]
    # the same names above an "Inspection report" title are read as before
    titled = doc("heldout2", "216")
    assert [loc.name for loc in titled.locations] == ["The Briars Hospital"]


def test_our_findings_heading_above_the_overall_summary_opens_it() -> None:
    """A trust report whose page after the ratings is headed "Our findings" above "Background to
    the trust" and "Overall summary": the summary runs on, and its totals in words ("must take
    three actions … should make eleven improvements") are read."""
    (insp, *_rest) = doc("heldout3", "308").inspections
    kinds = [a.kind for a in insp.actions]
    assert (kinds.count(ActionKind.MUST), kinds.count(ActionKind.SHOULD)) == (3, 11)
    # a synthetic page in CQC's standard order (second case): the later "Our findings" ends it
    page = ("Ratings\nOverall trust quality rating  Good\n\nOur findings\nBackground to the trust\nText.\n\n"
            "Overall summary\nWe rated it good.\n\nOur findings\nSafe\nText.\n")
    assert report._summary(page).rstrip().endswith("We rated it good.")


def test_singular_heading_of_the_one_must_action() -> None:
    """"The area where the provider must make improvement is:" over one bullet, beside the plural
    "The areas where the provider should make improvement are:" (GP reports 2015-2019)."""
    (insp, *_rest) = doc("heldout3", "306").inspections
    kinds = [a.kind for a in insp.actions]
    assert (kinds.count(ActionKind.MUST), kinds.count(ActionKind.SHOULD)) == (1, 3)
    # CQC's standard heading (synthetic second case)
    found = prose.listed_actions("The area where the provider must make improvement is:\n"
                             "• Ensure staff receive appraisals.\n", P.REGULATED_ACTIVITIES_2014)
    assert [a.kind for a in found] == [ActionKind.MUST]


def test_release_counting_the_actions_the_trust_must_take() -> None:
    """"including 31 actions the trust must take" in a release that rates the trust and its
    hospitals: the trust's inspection has that many MUST actions; "The NHS Trust Development
    Authority" is no trust of the release."""
    record = doc("heldout3", "316")
    assert [p.name for p in record.providers] == ["Yorkshire Coast Hospitals NHS Trust"]
    trust = [i for i in record.inspections if i.provider == 0]
    assert [a.kind for a in trust[0].actions].count(ActionKind.MUST) == 31
    # CQC's standard sentence (synthetic second case)
    assert P.action_totals("CQC has identified 12 actions the trust must take to improve.") == {"must": 12}
    assert P.action_totals("CQC found actions the trust must take.") == {}


def test_service_page_with_ratings_and_percentage_scores_in_columns() -> None:
    """A service page of the single assessment framework: "Latest assessment", "Report
    published", a "Key question / Rating / Score" table with percentages and "Quality statement /
    Score" tables under each key question; the header's "GP practice" and "Phone:" lines."""
    record = doc("heldout3", "303")
    assert record.layout == "assessment"
    assert [p.name for p in record.providers] == ["Wensum Primary Care Partnership"]
    assert record.locations[0].postcode == "NR3 1JD"
    (insp, *_rest) = record.inspections
    assert (insp.start_date.iso, insp.end_date.iso) == ("2025-02-11", "2025-02-20")
    assert {r.key_question: r.score_percent for r in insp.ratings if r.score_percent}[KeyQuestion.SAFE] == 56
    assert {s.statement: s.score for s in insp.scores}["Medicines optimisation"] == 1
    # a synthetic page in the same standard layout (second case)
    page = ("Care Quality Commission\nFind and compare services\n\nRiverside Care Home\nCare home\n"
            "1 Mill Road, Ely, Cambridgeshire CB7 4AA\nPhone: 01353 000 000\nProvided and run by: Fenland Care Limited\n\n"
            "Overall: Requires improvement\nLatest assessment: 3 March 2025\nReport published: 1 May 2025\n\n"
            "Key question   Rating                 Score\nSafe           Requires improvement   47%\n\n"
            "Safe\nQuality statement      Score\nLearning culture       2\nSafeguarding           1\n")
    (found, *_rest) = extract(page).inspections
    assert found.publication_date.iso == "2025-05-01"
    assert [(r.key_question, r.score_percent) for r in found.ratings if r.score_percent] == [(KeyQuestion.SAFE, 47)]
    assert [(s.statement, s.score, s.key_question) for s in found.scores] == [
        ("Learning culture", 2, KeyQuestion.SAFE), ("Safeguarding", 1, KeyQuestion.SAFE)]


def test_release_dating_the_inspection_after_a_described_service() -> None:
    """"CQC inspected <home>, which cares for up to 30 older people, over three days between 30
    August and 7 September 2023": the span is the release's inspection, and its ratings sit on
    it, not on the earlier inspection the release mentions."""
    record = doc("heldout3", "318")
    current = [i for i in record.inspections if not i.is_previous and i.start_date]
    assert (current[0].start_date.iso, current[0].end_date.iso) == ("2023-08-30", "2023-09-07")
    assert current[0].ratings
    # CQC's standard sentence (synthetic second case)
    sentence = ("CQC inspected Oak House, which provides care for up to 40 people with dementia, "
                "in March 2023 following concerns.")
    assert [m.group(0).split()[-1] for m in P.INSPECTED_WHEN_RE.finditer(sentence)] == ["in"]


def test_release_opening_a_paragraph_with_the_company_and_what_it_runs() -> None:
    """"<Company> Limited, which provides personal care …" (the company's own service, by its
    name) and "<Company> Limited, which ran <Home> in <town>, …" (the home it ran)."""
    for n, provider, location in (("314", "Ridgeway Domiciliary Services Limited", "Ridgeway Domiciliary Services Limited"),
                                  ("320", "Chiltern Gateway Medical Transport Ltd", "Chiltern Gateway Medical Transport Ltd"),
                                  ("315", "Kewstoke Bay Care Limited", "Uphill Cliff House")):
        record = doc("heldout3", n)
        assert [p.name for p in record.providers] == [provider], n
        assert [loc.name for loc in record.locations] == [location], n
        assert record.locations[0].provider == 0


def test_a_lone_right_arrow_in_the_ratings_box_is_stayed_the_same() -> None:
    """"Are services effective? Requires improvement →": the "→ ←" pair with its second arrow
    lost in the copy, as "→ ←" itself still reads (heldout/106)."""
    from cqcgraph.records import RatingChange

    (insp, *_rest) = doc("heldout3", "307").inspections
    changes = {c.key_question: c.change for c in insp.changes}
    assert changes[KeyQuestion.CARING] is RatingChange.STAYED_THE_SAME
    assert changes[KeyQuestion.SAFE] is RatingChange.WENT_DOWN
    (paired, *_rest) = doc("heldout", "106").inspections
    assert RatingChange.STAYED_THE_SAME in {c.change for c in paired.changes}


def test_actions_one_a_line_under_areas_for_improvement() -> None:
    """"Areas for improvement" then "The service should consider …" / "The service should ensure
    …", one a line without bullets: each a SHOULD action; a line that is no action ends them."""
    (insp, *_rest) = doc("heldout3", "309").inspections
    assert [a.kind for a in insp.actions].count(ActionKind.SHOULD) == 2
    # CQC's standard wording (synthetic second case)
    found = prose.listed_actions("Areas for improvement\nThe provider must ensure staff are trained.\n"
                                 "The provider should review its audits.\nOur inspection team\n")
    assert [a.kind for a in found] == [ActionKind.MUST, ActionKind.SHOULD]


def test_core_services_rated_in_clauses_joined_by_and() -> None:
    """"Surgery was rated requires improvement and outpatients was rated good" under "Overall
    summary of services at …" (a page headed "Our findings" above it opens the summary)."""
    (insp, *_rest) = doc("heldout3", "311").inspections
    services = {r.service.lower(): r.value.value for r in insp.ratings if r.service and r.key_question is KeyQuestion.OVERALL}
    assert services == {"surgery": "requires-improvement", "outpatients": "good"}
    # CQC's standard sentence with a list first (second case, as the reader's docstring gives it)
    found = prose.service_ratings_in("Surgery, medical care and maternity were rated good, and outpatients was rated requires improvement.")
    assert {r.service: r.value.value for r in found}["Outpatients"] == "requires-improvement"
