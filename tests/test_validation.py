"""SHACL validation (cqcgraph.validation): violations keep a document out, warnings do not.

Violations name the focus node, the property path and a message; date order and implausible
years are warnings only, and dates are compared only at the same precision.
"""

from __future__ import annotations


import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from cqcgraph import iris, vocab
from cqcgraph.rdf import map_document
from cqcgraph.records import RatingValue
from cqcgraph.validation import Issue, ValidationReport, validate, validate_many
from cqcgraph.vocab import CQC
from test_rdf_mapping import BASE, SEEDS, record_001, record_002, record_004, source

INSP_004 = URIRef(BASE + "location/medical-imaging-partnership/inspection/2019-07-17")
TAG_004 = iris.document_tag("004.txt")


def graph_004() -> Graph:
    return map_document(record_004(), source("004.txt"))


def rating_004(kq: str = "safe") -> URIRef:
    return URIRef(f"{INSP_004}/rating/{TAG_004}/{kq}")


def only(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


def date(value: str) -> Literal:
    return Literal(value, datatype=vocab.XSD.date)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_seed_graphs_conform_without_warnings(key: str) -> None:
    report = validate(map_document(SEEDS[key](), source(key)))
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.text()
    assert report.violations == [] and report.warnings == []


def test_validation_does_not_change_the_data_graph() -> None:
    graph = graph_004()
    before = len(graph)
    validate(graph)
    assert len(graph) == before


def test_wrong_datatype_is_a_violation_naming_focus_and_path() -> None:
    graph = map_document(record_001(), source("001.txt"))
    rating = next(graph.subjects(CQC.scorePercent, None))
    graph.set((rating, CQC.scorePercent, Literal("75")))
    report = validate(graph)
    assert not report.conforms
    assert {(i.focus, i.path, i.severity, i.value) for i in report.violations} == {
        (str(rating), str(CQC.scorePercent), "Violation", '"75"')}
    assert any("integer" in i.message for i in report.violations)


def test_missing_key_question_is_a_violation() -> None:
    graph = graph_004()
    graph.remove((rating_004(), CQC.keyQuestion, None))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(rating_004()), str(CQC.keyQuestion))
    assert "exactly one key question" in issue.message


def test_two_rating_values_is_a_violation() -> None:
    graph = graph_004()
    graph.add((rating_004(), CQC.ratingValue, vocab.rating_iri(RatingValue.GOOD)))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(rating_004()), str(CQC.ratingValue))


def test_value_outside_its_scheme_is_a_violation() -> None:
    graph = graph_004()
    graph.set((rating_004(), CQC.ratingValue,
               URIRef("https://cqcgraph.example/ontology/ratings/excellent")))
    graph.set((rating_004("overall"), CQC.keyQuestion,
               vocab.rating_iri(RatingValue.GOOD)))  # a rating where a key question belongs
    report = validate(graph)
    paths = sorted((i.focus, i.path) for i in report.violations)
    assert paths == [(str(rating_004("overall")), str(CQC.keyQuestion)),
                     (str(rating_004()), str(CQC.ratingValue))]
    assert any(i.value == "https://cqcgraph.example/ontology/ratings/excellent"
               for i in report.violations)


def test_score_of_5_is_a_violation() -> None:
    graph = map_document(record_001(), source("001.txt"))
    score = next(graph.subjects(CQC.score, None))
    graph.set((score, CQC.score, Literal(5)))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(score), str(CQC.score))
    assert issue.value == '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert "1 to 4" in issue.message


def test_percent_over_100_is_a_violation() -> None:
    graph = map_document(record_001(), source("001.txt"))
    rating = next(graph.subjects(CQC.scorePercent, None))
    graph.set((rating, CQC.scorePercent, Literal(101)))
    assert only(validate(graph).violations).path == str(CQC.scorePercent)


def test_resource_of_the_wrong_class_is_a_violation() -> None:
    graph = map_document(record_001(), source("001.txt"))
    loc = next(graph.subjects(RDF.type, CQC.Location))
    graph.set((loc, CQC.provider, loc))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(loc), str(CQC.provider))


def test_inspection_without_subject_is_a_violation() -> None:
    graph = graph_004()
    graph.remove((INSP_004, CQC.inspectionOf, None))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(INSP_004), str(CQC.inspectionOf))


def test_rating_without_inspection_is_a_violation() -> None:
    graph = graph_004()
    graph.remove((INSP_004, CQC.hasRating, rating_004()))
    issue = only(validate(graph).violations)
    assert issue.focus == str(rating_004()) and issue.path == f"^{CQC.hasRating}"


def test_missing_provenance_is_a_violation() -> None:
    graph = graph_004()
    doc = next(graph.subjects(RDF.type, CQC.SourceDocument))
    graph.remove((doc, CQC.sha256, None))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(doc), str(CQC.sha256))


def test_end_before_start_is_only_a_warning() -> None:
    graph = graph_004()
    graph.set((INSP_004, CQC.endDate, date("2019-07-10")))
    report = validate(graph)
    assert report.conforms
    issue = only(report.warnings)
    assert (issue.focus, issue.path, issue.severity) == (str(INSP_004), str(CQC.endDate),
                                                         "Warning")
    assert "2019-07-10" in issue.message and "2019-07-17" in issue.message


def test_publication_before_visit_is_only_a_warning() -> None:
    graph = graph_004()
    graph.add((INSP_004, CQC.publicationDate, date("2019-06-01")))
    report = validate(graph)
    assert report.conforms
    assert only(report.warnings).path == str(CQC.publicationDate)


def test_dates_of_different_precision_are_not_compared() -> None:
    graph = graph_004()
    graph.set((INSP_004, CQC.endDate, Literal("2019-06", datatype=vocab.XSD.gYearMonth)))
    graph.add((INSP_004, CQC.publicationDate, Literal("2019", datatype=vocab.XSD.gYear)))
    report = validate(graph)
    assert report.conforms and report.warnings == [], report.text()


def test_month_precision_dates_are_compared_with_each_other() -> None:
    graph = graph_004()
    graph.set((INSP_004, CQC.startDate, Literal("2020-11", datatype=vocab.XSD.gYearMonth)))
    graph.set((INSP_004, CQC.endDate, Literal("2020-10", datatype=vocab.XSD.gYearMonth)))
    report = validate(graph)
    assert report.conforms and only(report.warnings).path == str(CQC.endDate)


def test_implausible_years_are_warnings() -> None:
    graph = graph_004()
    graph.set((INSP_004, CQC.startDate, date("1999-07-17")))
    graph.set((INSP_004, CQC.endDate, date("2999-07-17")))
    report = validate(graph)
    assert report.conforms
    assert sorted(i.path for i in report.warnings) == [str(CQC.endDate), str(CQC.startDate)]


def test_uncatalogued_regulation_is_a_warning_and_a_bad_citation_a_violation() -> None:
    graph = map_document(record_002(), source("002.txt"))
    breach = next(graph.subjects(CQC.regulation, None))
    graph.set((breach, CQC.regulation,
               URIRef("http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/99")))
    report = validate(graph)
    assert report.conforms and only(report.warnings).focus == str(breach)
    graph.set((breach, CQC.regulation, URIRef("https://example.org/reg12")))
    assert only(validate(graph).violations).path == str(CQC.regulation)


def test_ill_typed_date_is_a_violation() -> None:
    graph = graph_004()
    graph.set((INSP_004, CQC.startDate, Literal("17 July 2019")))
    issue = only(validate(graph).violations)
    assert (issue.focus, issue.path) == (str(INSP_004), str(CQC.startDate))


def test_validate_many_reports_each_graph_in_order() -> None:
    good = graph_004()
    bad = graph_004()
    bad.remove((rating_004(), CQC.keyQuestion, None))
    reports = validate_many([good, bad, good])
    assert [r.conforms for r in reports] == [True, False, True]


def copy_of(graph: Graph, n: int) -> Graph:
    """The same document about other entities: every IRI of ours under another path."""
    def moved(term):
        if isinstance(term, URIRef) and str(term).startswith(BASE):
            return URIRef(f"{BASE}copy{n}/{str(term)[len(BASE):]}")
        return term
    out = Graph()
    for s, p, o in graph:
        out.add((moved(s), p, moved(o)))
    return out


def test_graphs_validated_together_get_each_what_it_gets_alone() -> None:
    good, warned, bad = graph_004(), graph_004(), graph_004()
    warned.set((INSP_004, CQC.endDate, date("2019-07-10")))
    bad.remove((rating_004(), CQC.keyQuestion, None))
    graphs = [copy_of(g, n) for n, g in enumerate([good, warned, good, bad, warned, good])]
    graphs += [graph_004(), graph_004()]  # the same entities twice: never validated merged
    together = validate_many(graphs)
    assert together == [validate(g) for g in graphs]
    assert [r.conforms for r in together] == [True, True, True, False, True, True, True, True]
    assert [len(r.warnings) for r in together] == [0, 1, 0, 0, 1, 0, 0, 0]


def test_validate_refuses_what_is_not_an_rdflib_graph() -> None:
    with pytest.raises(TypeError):
        validate("not a graph")  # type: ignore[arg-type]




def test_date_warnings_say_what_is_wrong_word_for_word() -> None:
    graph = graph_004()
    graph.set((INSP_004, CQC.endDate, date("2019-07-10")))
    graph.add((INSP_004, CQC.publicationDate, date("2019-06-01")))
    graph.add((INSP_004, CQC.visitDate, date("2008-01-01")))
    messages = sorted(i.message for i in validate(graph).warnings)
    assert messages == [
        f"Implausible year in {CQC.visitDate}: 2008-01-01 (before 2009 or in the future).",
        "The inspection ends (2019-07-10) before it starts (2019-07-17).",
        "The report is published (2019-06-01) before the visit starts (2019-07-17).",
    ]
