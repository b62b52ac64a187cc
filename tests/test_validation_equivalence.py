"""cqcgraph's validator gives every graph what pySHACL gives it with the shapes as written.

The validator compiles the shapes into cheaper equivalents (property shapes lifted to their
node shape's targets, a ``sh:node`` that is only an ``sh:or`` inlined, the inspection date
rule targeted at its candidates) and stops an ``sh:or`` at its first conforming member. Each
graph below, accepted or refused, with or without date warnings, must get the same issues,
word for word, as plain ``pyshacl.validate`` (no advanced mode, pySHACL's own ``sh:or``) on
``shapes/cqc-shapes.ttl`` gives it.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from cqcgraph import validation, vocab
from cqcgraph.api import prepare
from cqcgraph.rdf import map_document
from cqcgraph.vocab import CQC
from test_rdf_mapping import SEEDS, record_002, source
from test_validation import INSP_004, graph_004

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from ingest import location_page  # noqa: E402  (the bench's generated location pages)


DATE, MONTH, YEAR = vocab.XSD.date, vocab.XSD.gYearMonth, vocab.XSD.gYear
DATE_TIME = vocab.XSD.dateTime


def as_written(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The issues plain pySHACL reports on ``graph`` with the shapes file as it is."""
    data = validation._with_reference([graph], validation.reference_graph())
    with monkeypatch.context() as m:
        m.setattr(validation.OrConstraintComponent, "_evaluate_or_constraint",
                  validation.PYSHACL_OR)
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=validation.shapes_graph(), inference="none", advanced=False,
            allow_warnings=True, inplace=True)
    violations, warnings = validation._issues(report)
    return [str(i) for i in violations + warnings]


def compiled(graph: Graph) -> list[str]:
    report = validation.validate(graph)
    return [str(i) for i in report.violations + report.warnings]


def lit(value: str, datatype: URIRef | None = DATE) -> Literal:
    return Literal(value, datatype=datatype)


def inspection_dates(**dates: Literal | None) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        for name, value in dates.items():
            graph.remove((INSP_004, CQC[name], None))
            if value is not None:
                graph.add((INSP_004, CQC[name], value))
    return change


def subclass_of_inspection(graph: Graph) -> None:
    special = URIRef("https://example.org/SpecialInspection")
    graph.add((special, RDFS.subClassOf, CQC.Inspection))
    graph.remove((INSP_004, RDF.type, CQC.Inspection))
    graph.add((INSP_004, RDF.type, special))
    graph.set((INSP_004, CQC.endDate, lit("2019-07-01")))


def subject_of_wrong_class(graph: Graph) -> None:
    graph.set((INSP_004, CQC.inspectionOf, URIRef("https://example.org/nobody")))


def two_subjects(graph: Graph) -> None:
    provider = next(graph.subjects(RDF.type, CQC.Provider), None) or BNode()
    graph.add((INSP_004, CQC.inspectionOf, provider))


def rating_date_as_string(graph: Graph) -> None:
    rating = next(graph.subjects(RDF.type, CQC.Rating))
    graph.set((rating, CQC.ratingDate, Literal("17 July 2019")))


def rating_date_as_month(graph: Graph) -> None:
    rating = next(graph.subjects(RDF.type, CQC.Rating))
    graph.set((rating, CQC.ratingDate, lit("2019-07", MONTH)))


def rating_date_as_iri(graph: Graph) -> None:
    rating = next(graph.subjects(RDF.type, CQC.Rating))
    graph.set((rating, CQC.ratingDate, URIRef("https://example.org/2019-07-17")))


CHANGES: dict[str, Callable[[Graph], None]] = {
    "as mapped": lambda graph: None,
    "ends before it starts": inspection_dates(endDate=lit("2019-07-10")),
    "published before the visit": inspection_dates(publicationDate=lit("2019-06-01")),
    "all three date warnings": inspection_dates(endDate=lit("2019-07-10"),
                                                publicationDate=lit("2019-06-01"),
                                                visitDate=lit("2008-01-01")),
    "a year before 2009": inspection_dates(startDate=lit("1999-07-17")),
    "a year in the future": inspection_dates(endDate=lit("2999-07-17")),
    "a five-digit year": inspection_dates(summaryUpdated=lit("12019-07-17")),
    "a year of 2009 exactly": inspection_dates(startDate=lit("2009-01-01"), endDate=None),
    "a year written with a trailing space": inspection_dates(endDate=lit("202 -01-01")),
    "a year in other digits": inspection_dates(endDate=lit("٢٠٠٠-01-01")),
    "a signed year": inspection_dates(visitDate=lit("-2019-01-01")),
    "an ill-typed date": inspection_dates(endDate=lit("2019-13-45")),
    "a date as a plain string": inspection_dates(endDate=lit("2019-07-20", None)),
    "a date as an IRI": inspection_dates(publicationDate=URIRef("https://example.org/d")),
    "dates of two precisions": inspection_dates(endDate=lit("2019-06", MONTH),
                                                publicationDate=lit("2019", YEAR)),
    "months compared": inspection_dates(startDate=lit("2020-11", MONTH),
                                        endDate=lit("2020-10", MONTH)),
    "years compared": inspection_dates(startDate=lit("2020", YEAR),
                                       endDate=lit("2019", YEAR)),
    "a date of the wrong type": inspection_dates(startDate=lit("2019-07-17T10:00:00",
                                                               DATE_TIME)),
    "no start date": inspection_dates(startDate=None, endDate=lit("2000-01-01")),
    "an instance of a subclass": subclass_of_inspection,
    "a subject of no class": subject_of_wrong_class,
    "two subjects": two_subjects,
    "a rating date as a string": rating_date_as_string,
    "a rating date as a month": rating_date_as_month,
    "a rating date as an IRI": rating_date_as_iri,
}


ACCEPTED_WITHOUT_A_WORD = {"as mapped", "a year of 2009 exactly", "dates of two precisions",
                           "a rating date as a month"}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_inspection_gets_what_the_shapes_as_written_give(
        change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = graph_004()
    CHANGES[change](graph)
    expected = as_written(graph, monkeypatch)
    assert compiled(graph) == expected
    assert bool(expected) == (change not in ACCEPTED_WITHOUT_A_WORD)


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_each_seed_graph_gets_what_the_shapes_as_written_give(
        key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = map_document(SEEDS[key](), source(key))
    assert compiled(graph) == as_written(graph, monkeypatch)


def test_breaches_and_actions_get_what_the_shapes_as_written_give(
        monkeypatch: pytest.MonkeyPatch) -> None:
    graph = map_document(record_002(), source("002.txt"))
    breach = next(graph.subjects(CQC.regulation, None))
    graph.add((breach, CQC.periodStart, lit("2019", YEAR)))
    graph.add((breach, CQC.periodEnd, lit("2019-13", MONTH)))
    graph.add((breach, CQC.regulation,
               URIRef("http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/99")))
    expected = as_written(graph, monkeypatch)
    assert compiled(graph) == expected and expected


def test_generated_pages_validated_together_get_what_each_gets_alone_as_written(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    graphs = []
    for i in range(12):
        graph = prepare(location_page(i, rng).encode(), f"page-{i}.txt",
                        base="https://cqcgraph.example/id/").graph
        inspections = sorted(graph.subjects(RDF.type, CQC.Inspection))
        if i % 3 == 1:  # a third of them with a date the rule warns of
            graph.add((inspections[0], CQC.publicationDate, lit("2001-02-03")))
        if i % 4 == 2:  # some with a date the shapes refuse
            graph.set((inspections[-1], CQC.endDate, lit("31/12/2020", None)))
        graphs.append(graph)
    reports = validation.validate_many(graphs)
    for graph, report in zip(graphs, reports, strict=True):
        assert [str(i) for i in report.violations + report.warnings] == as_written(
            graph, monkeypatch)
    assert sum(bool(r.warnings) for r in reports) >= 4
    assert sum(not r.conforms for r in reports) >= 3


def test_a_date_shape_without_a_message_of_its_own_says_what_it_said() -> None:
    """pySHACL's generic message names the constraint that failed (a sh:node or a sh:or):
    only property shapes with a message of their own get their sh:node's sh:or inlined."""
    shapes = Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:PartialDate a sh:NodeShape ;
            sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) .
        ex:Said a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:when ; sh:node ex:PartialDate ; sh:message "A date."@en ] .
        ex:Unsaid a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:since ; sh:node ex:PartialDate ] .""")
    data = Graph().parse(format="turtle", data="""
        @prefix ex: <https://example.org/> .
        ex:a a ex:Thing ; ex:when "soon" ; ex:since "long ago" .""")

    def messages(shapes_graph: Graph) -> list[str]:
        _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes_graph,
                                                    inference="none")
        return sorted(i.message for i in validation._issues(report)[0])

    inlined = validation._single_or_shapes_inlined(shapes)
    assert messages(inlined) == messages(shapes)
    assert len(messages(shapes)) == 2 and "A date." in messages(shapes)
