"""The ontology and the data agree with the vocabularies they reuse: an OWL RL reasoner
(owlrl) closes ontology + the demo corpus as ingested, and finds no inconsistency (PROV-O's
disjoint prov:Activity and prov:Entity; DCMI terms whose values are resources, not strings).

The axioms of PROV-O and DCMI terms the reasoner needs are restated in
tests/fixtures/vocabularies/external-axioms.ttl (the store does not hold those vocabularies)."""

from __future__ import annotations

from pathlib import Path

import pytest

owlrl = pytest.importorskip("owlrl")
import pyoxigraph as ox  # noqa: E402
from owlrl.Namespaces import ERRNS  # noqa: E402
from rdflib import OWL, RDF, Graph, Literal, Namespace, URIRef  # noqa: E402

from servers import DEMO, ingest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AXIOMS = Path(__file__).resolve().parent / "fixtures" / "vocabularies" / "external-axioms.ttl"
PROV = Namespace("http://www.w3.org/ns/prov#")
CQC = Namespace("https://cqcgraph.example/ontology#")


def vocabularies() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")) + [AXIOMS]:
        graph.parse(path, format="turtle")
    return graph


def inconsistencies(graph: Graph) -> list[str]:
    """What owlrl's OWL RL closure of ``graph`` reports as inconsistent, plus every literal
    given as the value of an object property (OWL RL does not flag those by itself)."""
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(graph)
    found = sorted(str(o) for m in graph.subjects(RDF.type, ERRNS.ErrorMessage)
                   for o in graph.objects(m, None) if isinstance(o, Literal))
    for prop in set(graph.subjects(RDF.type, OWL.ObjectProperty)):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal):
                found.append(f"{s} {prop} has the literal {o!r}, not a resource")
    return found


@pytest.mark.slow
def test_owl_rl_finds_nothing_inconsistent_in_ontology_and_demo(tmp_path):
    store = tmp_path / "store"
    ingest(store, DEMO)
    graph = vocabularies()
    stored = ox.Store.read_only(str(store))
    for quad in stored:
        graph.add(tuple(_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    del stored
    inspections = len(set(graph.subjects(RDF.type, CQC.Inspection)))
    assert inspections >= 50  # the demo's inspections and assessments are all in
    assert inconsistencies(graph) == []


def test_an_inspection_derived_from_its_report_is_found_inconsistent():
    """The check can fail: PROV-O's prov:wasDerivedFrom on an activity is caught."""
    graph = vocabularies()
    inspection = URIRef("http://kg.test/id/location/x/inspection/2020-01-01")
    document = URIRef("http://kg.test/id/document/x")
    graph.add((inspection, RDF.type, CQC.Inspection))
    graph.add((document, RDF.type, CQC.SourceDocument))
    graph.add((inspection, PROV.wasDerivedFrom, document))
    graph.add((document, URIRef("http://purl.org/dc/terms/format"), Literal("text/plain")))
    found = inconsistencies(graph)
    assert any("Disjoint" in m and str(inspection) in m for m in found)
    assert any("dc/terms/format" in m for m in found)


def _rdflib(term):
    from rdflib import BNode

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
