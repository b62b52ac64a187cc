"""The ontology, concept schemes, regulations and shapes in ontology/ and shapes/.

Every term used in data is declared in ontology/ with a label and a comment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cqcgraph import vocab
from cqcgraph.rdf import reference_graphs
from cqcgraph.records import (
    ActionKind, Announcement, InspectionKind, KeyQuestion, RatingChange, RatingValue, Regulation,
)
from cqcgraph.vocab import CQC, SH
from test_rdf_mapping import seed_graphs

ROOT = Path(__file__).resolve().parent.parent
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              RDF.Property, SKOS.Concept, SKOS.ConceptScheme, CQC.Regulation, CQC.Legislation)


@pytest.fixture(scope="module")
def reference() -> Graph:
    union = Graph()
    for graph in reference_graphs().values():
        for triple in graph:
            union.add(triple)
    return union


@pytest.mark.parametrize("path", ["ontology/cqc.ttl", "ontology/concepts.ttl",
                                  "ontology/regulations.ttl", "shapes/cqc-shapes.ttl"])
def test_turtle_files_parse(path: str) -> None:
    graph = Graph().parse(ROOT / path, format="turtle")
    assert len(graph) > 50


def test_reference_graphs_have_fixed_iris() -> None:
    graphs = reference_graphs()
    assert set(graphs) == {"https://cqcgraph.example/ontology",
                           "https://cqcgraph.example/ontology/concepts",
                           "https://cqcgraph.example/ontology/regulations"}
    for iri, graph in graphs.items():
        assert str(graph.identifier) == iri
        assert len(graph) > 100


def test_reference_graphs_have_no_blank_nodes() -> None:
    for graph in reference_graphs().values():
        assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_every_term_has_label_and_comment(reference: Graph) -> None:
    missing = []
    for term_type in TERM_TYPES:
        for term in reference.subjects(RDF.type, term_type):
            for prop in (RDFS.label, RDFS.comment):
                if reference.value(term, prop) is None:
                    missing.append(f"{term} has no {prop}")
    assert not missing, "\n".join(missing)


def test_every_cqc_term_mentioned_is_declared(reference: Graph) -> None:
    shapes = Graph().parse(ROOT / "shapes/cqc-shapes.ttl")
    mentioned = {t for g in (reference, shapes) for triple in g for t in triple
                 if isinstance(t, URIRef) and str(t).startswith(vocab.ONTOLOGY_NS)}
    undeclared = [t for t in mentioned if (t, RDFS.label, None) not in reference]
    assert not undeclared


def test_concepts_have_skos_labels_scheme_and_notation(reference: Graph) -> None:
    for concept in reference.subjects(RDF.type, SKOS.Concept):
        assert reference.value(concept, SKOS.prefLabel) is not None, concept
        assert reference.value(concept, SKOS.inScheme) is not None, concept
        assert reference.value(concept, SKOS.notation) is not None, concept


@pytest.mark.parametrize("enum_type", [RatingValue, KeyQuestion, ActionKind, RatingChange,
                                       InspectionKind, Announcement])
def test_each_scheme_holds_exactly_the_enum_values(reference: Graph, enum_type) -> None:
    scheme = vocab.scheme_iri(enum_type)
    concepts = set(reference.subjects(SKOS.inScheme, scheme))
    assert concepts == {vocab.concept_iri(m) for m in enum_type}
    for member in enum_type:
        iri = vocab.concept_iri(member)
        assert reference.value(iri, SKOS.notation) == Literal(member.value)
        assert reference.value(iri, RDFS.label) is not None


def test_rating_scale_has_non_ratings_and_an_order(reference: Graph) -> None:
    label = lambda v: str(reference.value(vocab.rating_iri(v), SKOS.prefLabel))  # noqa: E731
    assert label(RatingValue.INSPECTED_NOT_RATED) == "Inspected but not rated"
    assert label(RatingValue.NOT_RATED) == "Not rated"
    assert label(RatingValue.NOT_INSPECTED) == "Not inspected"
    order = {v: reference.value(vocab.rating_iri(v), CQC.ratingOrder) for v in RatingValue}
    assert [int(order[v]) for v in (RatingValue.INADEQUATE, RatingValue.REQUIRES_IMPROVEMENT,
                                    RatingValue.GOOD, RatingValue.OUTSTANDING)] == [1, 2, 3, 4]
    assert order[RatingValue.NOT_RATED] is None


def test_urgent_suspension_is_a_suspension_under_section_31(reference: Graph) -> None:
    urgent = vocab.action_kind_iri(ActionKind.URGENT_SUSPENSION)
    assert reference.value(urgent, SKOS.broader) == vocab.action_kind_iri(ActionKind.SUSPENSION)
    assert reference.value(urgent, CQC.legalBasis) == URIRef(
        "http://www.legislation.gov.uk/id/ukpga/2008/14/section/31")


def test_regulations_are_at_their_legislation_gov_uk_iris(reference: Graph) -> None:
    reg12 = URIRef("http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/12")
    assert (reg12, RDF.type, CQC.Regulation) in reference
    assert (reg12, RDF.type, SKOS.Concept) in reference
    assert str(reference.value(reg12, SKOS.prefLabel)) == "Regulation 12: Safe care and treatment"
    assert str(reference.value(reg12, RDFS.label)) == "Regulation 12: Safe care and treatment"
    assert str(reference.value(reg12, vocab.DCTERMS.title)) == "Safe care and treatment"
    assert str(reference.value(reg12, SKOS.notation)) == "12"
    assert reference.value(reg12, CQC.instrument) == URIRef(
        "http://www.legislation.gov.uk/id/uksi/2014/2936")
    reg20a = URIRef(vocab.regulation_iri(Regulation("uksi/2014/2936", "20A")))
    assert str(reference.value(reg20a, vocab.DCTERMS.title)) == (
        "Requirement as to display of performance assessments")
    s31 = URIRef("http://www.legislation.gov.uk/id/ukpga/2008/14/section/31")
    assert str(reference.value(s31, RDFS.label)).startswith("Section 31: Urgent procedure")


def test_all_fundamental_standards_and_2010_regulations_are_listed(reference: Graph) -> None:
    numbers = [str(n) for n in range(4, 21)] + ["20A"]
    for number in numbers:
        iri = URIRef(vocab.regulation_iri(Regulation("uksi/2014/2936", number)))
        assert (iri, RDF.type, CQC.Regulation) in reference, number
    for number in range(9, 25):
        iri = URIRef(vocab.regulation_iri(Regulation("uksi/2010/781", str(number))))
        assert reference.value(iri, CQC.essentialStandardOutcome) is not None, number
    for section in ("17", "18", "28", "29", "29A", "30", "31", "33", "40"):
        iri = URIRef(vocab.regulation_iri(Regulation("ukpga/2008/14", section, is_section=True)))
        assert (iri, RDF.type, CQC.Regulation) in reference, section


def test_outcome_table_points_at_listed_regulations(reference: Graph) -> None:
    for outcome in vocab.ESSENTIAL_STANDARD_OUTCOMES:
        iri = URIRef(vocab.outcome_regulation_iri(outcome))
        assert reference.value(iri, CQC.essentialStandardOutcome) == Literal(outcome)


def test_the_readers_outcome_table_agrees_with_the_mappings() -> None:
    # the reader gives a standard judged not met the 2010 regulation of its outcome; the RDF mapping
    # and the ontology point an outcome at a regulation too: one mapping, not two
    from cqcgraph.extract.patterns import OUTCOMES_2010

    for outcome, (number, _title) in OUTCOMES_2010.items():
        assert vocab.ESSENTIAL_STANDARD_OUTCOMES[outcome] == Regulation("uksi/2010/781", number), outcome


def test_every_term_the_mapping_uses_is_declared(reference: Graph) -> None:
    used: set[URIRef] = set()
    for graph in seed_graphs().values():
        for _s, p, o in graph:
            if p != RDF.type:
                used.add(p)
            if p == RDF.type or (isinstance(o, URIRef) and (
                    str(o).startswith(vocab.CONCEPTS_BASE) or str(o).startswith(
                    vocab.LEGISLATION_ID))):
                used.add(o)
    undeclared = sorted(str(t) for t in used if (t, RDFS.label, None) not in reference)
    assert not undeclared, undeclared


def test_shape_value_sets_match_the_schemes() -> None:
    shapes = Graph().parse(ROOT / "shapes/cqc-shapes.ttl")
    concept_sets = {frozenset(vocab.concept_iri(m) for m in e) for e in vocab.SCHEMES}
    for _shape, lst in shapes.subject_objects(SH["in"]):
        members = frozenset(Collection(shapes, lst))
        assert members in concept_sets, members
