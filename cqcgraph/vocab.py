"""Vocabulary: the namespaces cqcgraph writes and the IRIs of its SKOS concepts and legislation.

The ontology namespace is fixed: it never follows the data base IRI, so the vocabulary means
the same in every publisher's data.
Concept IRIs are ``https://cqcgraph.example/ontology/{scheme}/{enum value}``; regulations and Act
sections are legislation.gov.uk ``/id/`` IRIs. Imported by the mapping (``cqcgraph.rdf``), the
validator and the web layer. Imports: ``cqcgraph.records`` and rdflib only.

>>> rating_iri(RatingValue.GOOD)
rdflib.term.URIRef('https://cqcgraph.example/ontology/ratings/good')
>>> regulation_iri(Regulation("uksi/2014/2936", "12", "(2)(a)"))
'http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/12'
>>> regulation_iri(Regulation("ukpga/2008/14", "31", is_section=True))
'http://www.legislation.gov.uk/id/ukpga/2008/14/section/31'
"""

from __future__ import annotations

import enum
import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from cqcgraph import namespaces
from cqcgraph.records import (
    ActionKind,
    Announcement,
    InspectionKind,
    KeyQuestion,
    RatingChange,
    RatingValue,
    Regulation,
)

__all__ = [
    "CQC", "ONTOLOGY_IRI", "ONTOLOGY_NS", "CONCEPTS_BASE", "ORG", "SCHEMA", "LOCN", "VCARD", "PROV",
    "SKOS", "DCTERMS", "FOAF", "RDF", "RDFS", "OWL", "XSD", "SH", "LEGISLATION_ID",
    "ONTOLOGY_GRAPH", "CONCEPTS_GRAPH", "REGULATIONS_GRAPH", "REFERENCE_GRAPHS",
    "SCHEMES", "scheme_iri", "concept_iri", "rating_iri", "key_question_iri", "action_kind_iri",
    "rating_change_iri", "inspection_kind_iri", "announcement_iri", "regulation_iri",
    "instrument_iri", "PREFIXES", "ESSENTIAL_STANDARD_OUTCOMES", "outcome_regulation_iri",
]

ONTOLOGY_IRI = namespaces.ONTOLOGY_IRI
ONTOLOGY_NS = namespaces.ONTOLOGY_NS
CONCEPTS_BASE = namespaces.CONCEPTS_BASE

CQC = Namespace(ONTOLOGY_NS)
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
LOCN = Namespace("http://www.w3.org/ns/locn#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SH = Namespace("http://www.w3.org/ns/shacl#")
LEGISLATION_ID = "http://www.legislation.gov.uk/id/"

# Reference graphs written into every store before any document, so that shapes and queries
# always find the vocabulary. Fixed IRIs under the ontology namespace.
ONTOLOGY_GRAPH = ONTOLOGY_IRI
CONCEPTS_GRAPH = CONCEPTS_BASE + "concepts"
REGULATIONS_GRAPH = CONCEPTS_BASE + "regulations"
REFERENCE_GRAPHS = {
    ONTOLOGY_GRAPH: "cqc.ttl",
    CONCEPTS_GRAPH: "concepts.ttl",
    REGULATIONS_GRAPH: "regulations.ttl",
}

# Concept scheme local names, keyed by the records.py enum each one encodes.
SCHEMES: dict[type[enum.Enum], str] = {
    RatingValue: "ratings",
    KeyQuestion: "key-questions",
    ActionKind: "action-kinds",
    RatingChange: "rating-changes",
    InspectionKind: "inspection-kinds",
    Announcement: "announcement",
}

PREFIXES: dict[str, str] = namespaces.PREFIXES  # the one table (cqcgraph.namespaces)


def scheme_iri(enum_type: type[enum.Enum]) -> URIRef:
    """IRI of the concept scheme that encodes ``enum_type``.

    >>> scheme_iri(KeyQuestion)
    rdflib.term.URIRef('https://cqcgraph.example/ontology/key-questions')
    """
    return URIRef(CONCEPTS_BASE + SCHEMES[enum_type])


def concept_iri(value: enum.Enum) -> URIRef:
    """IRI of the SKOS concept for one enum value (local name = the value).

    >>> concept_iri(ActionKind.URGENT_SUSPENSION)
    rdflib.term.URIRef('https://cqcgraph.example/ontology/action-kinds/urgent-suspension')
    """
    return URIRef(f"{scheme_iri(type(value))}/{value.value}")


def rating_iri(value: RatingValue) -> URIRef:
    return concept_iri(value)


def key_question_iri(value: KeyQuestion) -> URIRef:
    """The concept of a key question.

    >>> key_question_iri(KeyQuestion.WELL_LED)
    rdflib.term.URIRef('https://cqcgraph.example/ontology/key-questions/well-led')
    """
    return concept_iri(value)


def action_kind_iri(value: ActionKind) -> URIRef:
    return concept_iri(value)


def rating_change_iri(value: RatingChange) -> URIRef:
    """The concept of a rating change.

    >>> rating_change_iri(RatingChange.WENT_DOWN)
    rdflib.term.URIRef('https://cqcgraph.example/ontology/rating-changes/went-down')
    """
    return concept_iri(value)


def inspection_kind_iri(value: InspectionKind) -> URIRef:
    return concept_iri(value)


def announcement_iri(value: Announcement) -> URIRef:
    return concept_iri(value)


_INSTRUMENT = re.compile(r"^(ukpga|uksi|asp|ssi|wsi|nisr|anaw|asc)/\d{4}/\d+$")


def instrument_iri(instrument: str) -> str:
    """The legislation.gov.uk identifier of an Act or statutory instrument.

    >>> instrument_iri("uksi/2014/2936")
    'http://www.legislation.gov.uk/id/uksi/2014/2936'
    >>> instrument_iri("/ukpga/2008/14/")
    'http://www.legislation.gov.uk/id/ukpga/2008/14'
    """
    path = instrument.strip().strip("/").lower()
    if path.startswith(LEGISLATION_ID[len("http://"):]) or path.startswith("http"):
        path = path.split("/id/", 1)[-1]
    if not _INSTRUMENT.match(path):
        raise ValueError(f"not a legislation.gov.uk instrument path: {instrument!r}")
    return LEGISLATION_ID + path


def regulation_iri(regulation: Regulation) -> str:
    """The legislation.gov.uk ``/id/`` IRI of a cited regulation or Act section.

    An Act (``ukpga/…``) is cited by section, a statutory instrument by regulation, unless
    ``is_section`` says otherwise. The paragraph is not part of the IRI.

    >>> regulation_iri(Regulation("uksi/2014/2936", "20a"))
    'http://www.legislation.gov.uk/id/uksi/2014/2936/regulation/20A'
    >>> regulation_iri(Regulation("ukpga/2008/14", "29A"))
    'http://www.legislation.gov.uk/id/ukpga/2008/14/section/29A'
    """
    base = instrument_iri(regulation.instrument)
    number = regulation.number.strip().upper()
    if not re.fullmatch(r"\d+[A-Z]{0,2}", number):
        raise ValueError(f"not a regulation or section number: {regulation.number!r}")
    is_section = regulation.is_section or regulation.instrument.strip("/ ").startswith("ukpga")
    return f"{base}/{'section' if is_section else 'regulation'}/{number}"


# 2010-2014 essential standards outcome number -> the regulation it corresponds to (CQC's
# "Guidance about compliance: Essential standards of quality and safety", 2010).
_SI_2009, _SI_2010 = "uksi/2009/3112", "uksi/2010/781"
ESSENTIAL_STANDARD_OUTCOMES: dict[str, Regulation] = {
    outcome: Regulation(instrument, number)
    for outcome, (instrument, number) in {
        "1": (_SI_2010, "17"), "2": (_SI_2010, "18"), "3": (_SI_2009, "19"), "4": (_SI_2010, "9"),
        "5": (_SI_2010, "14"), "6": (_SI_2010, "24"), "7": (_SI_2010, "11"), "8": (_SI_2010, "12"),
        "9": (_SI_2010, "13"), "10": (_SI_2010, "15"), "11": (_SI_2010, "16"), "12": (_SI_2010, "21"),
        "13": (_SI_2010, "22"), "14": (_SI_2010, "23"), "15": (_SI_2009, "12"), "16": (_SI_2010, "10"),
        "17": (_SI_2010, "19"), "18": (_SI_2009, "16"), "19": (_SI_2009, "17"), "20": (_SI_2009, "18"),
        "21": (_SI_2010, "20"), "22": (_SI_2010, "4"), "23": (_SI_2010, "5"), "24": (_SI_2010, "6"),
        "25": (_SI_2010, "7"), "26": (_SI_2009, "13"), "27": (_SI_2009, "14"), "28": (_SI_2009, "15"),
    }.items()
}


def outcome_regulation_iri(outcome: str) -> str | None:
    """The regulation an essential standards outcome number corresponds to, or None.

    >>> outcome_regulation_iri("Outcome 4")
    'http://www.legislation.gov.uk/id/uksi/2010/781/regulation/9'
    """
    m = re.search(r"\d+", outcome)
    reg = ESSENTIAL_STANDARD_OUTCOMES.get(m.group(0).lstrip("0")) if m else None
    return regulation_iri(reg) if reg else None


IANA_MEDIA_TYPES = namespaces.IANA_MEDIA_TYPES
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")


def media_type_iri(media_type: str | None) -> str | None:
    """The IANA registry's IRI of a media type (its parameters dropped), or None.

    >>> media_type_iri("text/plain; charset=utf-8")
    'https://www.iana.org/assignments/media-types/text/plain'
    """
    if not media_type:
        return None
    essence = media_type.split(";", 1)[0].strip().lower()
    return IANA_MEDIA_TYPES + essence if _MEDIA_TYPE.fullmatch(essence) else None


def media_type_of(iri: str) -> str:
    """The media type an IANA registry IRI names (anything else is returned as it is, as
    older stores hold the bare type).

    >>> media_type_of("https://www.iana.org/assignments/media-types/application/pdf")
    'application/pdf'
    """
    return iri.removeprefix(IANA_MEDIA_TYPES)
