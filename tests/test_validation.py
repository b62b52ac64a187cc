"""SHACL validation (cqcgraph.validation): violations keep a document out, warnings do not.

Violations name the focus node, the property path and a message; date order and implausible
years are warnings only, and dates are compared only at the same precision.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from cqcgraph import iris, vocab
from cqcgraph.rdf import map_document
from cqcgraph.records import RatingValue
from cqcgraph.identity import rewrite_iri
from cqcgraph.validation import (Issue, ValidationReport, renamed, shapes_graph, validate,
                                  validate_many)
from cqcgraph.vocab import CQC, SH
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


# -- a document whose IRIs identity resolution renames ------------------------------------

def renamed_graph(graph: Graph, names: dict[str, str]) -> Graph:
    out = Graph()
    for s, p, o in graph:
        out.add(tuple(URIRef(names.get(str(t), str(t))) if isinstance(t, URIRef) else t
                      for t in (s, p, o)))
    return out


def entity_names(graph: Graph) -> dict[str, str]:
    """Every IRI minted under a document's providers and locations, renamed one to one as
    identity resolution renames them (the entity to another key's IRI, its dependants after
    it)."""
    entities = sorted({str(s) for cls in (CQC.Location, CQC.Provider)
                       for s in graph.subjects(RDF.type, cls)})
    renames = {old: f"{old.rsplit('/', 1)[0]}/renamed-{n}" for n, old in enumerate(entities)}
    return {str(t): rewrite_iri(str(t), renames) for triple in graph for t in triple
            if isinstance(t, URIRef) and rewrite_iri(str(t), renames) != str(t)}


def varied_graphs() -> list[Graph]:
    """Seed documents as mapped, with a warning or a violation of each kind of shape."""
    out = [map_document(record, source(name)) for record, name in
           [(record_001(), "001.txt"), (record_002(), "002.txt"), (record_004(), "004.txt")]]
    warned = graph_004()  # a SPARQL constraint's warning, its message built from the values
    warned.set((INSP_004, CQC.endDate, date("2019-07-10")))
    cited = map_document(record_002(), source("002.txt"))  # a pattern over an IRI, warned
    breach = next(cited.subjects(CQC.regulation, None))
    cited.set((breach, CQC.regulation,
               URIRef("http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/99")))
    bad = graph_004()  # cardinality
    bad.remove((rating_004(), CQC.keyQuestion, None))
    wrong_class = map_document(record_001(), source("001.txt"))  # a value of the wrong class
    loc = next(wrong_class.subjects(RDF.type, CQC.Location))
    wrong_class.set((loc, CQC.provider, loc))
    return [*out, warned, cited, bad, wrong_class]


def renamed_issues(issues: list[Issue], names: dict[str, str]) -> list[Issue]:
    out = [Issue(names.get(i.focus, i.focus), i.path, i.message, i.severity,
                 names.get(i.value, i.value) if i.value else i.value) for i in issues]
    return sorted(out, key=lambda i: (i.focus, i.path or "", i.message, i.value or ""))


def test_a_renamed_document_validates_alike() -> None:
    """Renaming a document's own IRIs one to one changes nothing a shape reads: the renamed
    graph gives the same violations and warnings under the new names, which is what
    ``renamed`` gives for a conforming report without validating again."""
    for graph in varied_graphs():
        names = entity_names(graph)
        assert names
        before, after = validate(graph), validate(renamed_graph(graph, names))
        assert after.conforms == before.conforms
        assert after.violations == renamed_issues(before.violations, names)
        assert after.warnings == renamed_issues(before.warnings, names)
        if before.conforms:
            assert renamed(before, names) == after
        else:
            assert renamed(before, names) is None  # a violation is reported as validated


def test_renaming_is_refused_where_it_could_change_a_result() -> None:
    report = validate(graph_004())
    reference = "https://cqcgraph.example/ontology/ratings/good"
    assert renamed(report, {str(INSP_004): reference}) is None  # into a reference resource
    two = {str(INSP_004): BASE + "x", str(rating_004()): BASE + "x"}
    assert renamed(report, two) is None  # two IRIs made one


def test_no_shape_reads_the_text_of_an_iri_a_document_mints() -> None:
    """What lets a renamed document keep its validation: every IRI a string constraint
    (``sh:pattern``) can see is a reference resource or a media type, never an IRI minted
    under the base, and the SPARQL constraints turn only values and paths into strings."""
    shapes = shapes_graph()
    patterned = {shapes.value(node, SH.path) for node in shapes.subjects(SH.pattern, None)}
    for graph in varied_graphs()[:3]:
        for path in patterned:
            for value in graph.objects(None, path):
                assert not (isinstance(value, URIRef) and str(value).startswith(BASE)), value
    for query in shapes.objects(None, SH.select):
        assert not {arg.strip() for arg in re.findall(r"STR\(([^()]*)\)", query)} & {"$this", "?this"}
