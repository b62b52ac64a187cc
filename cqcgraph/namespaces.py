"""The namespaces cqcgraph writes and the one table of prefixes it writes them with: the
Turtle of ``cqcgraph extract`` and of ``cqcgraph export``, the endpoint's answers and the
pages all take their prefixes from :data:`PREFIXES`.

Plain strings, so that every layer may import it: the standard library only.

>>> PREFIXES["cqc"] == ONTOLOGY_NS == "https://cqcgraph.example/ontology#"
True
"""

from __future__ import annotations

ONTOLOGY_IRI = "https://cqcgraph.example/ontology"
ONTOLOGY_NS = ONTOLOGY_IRI + "#"
CQC = ONTOLOGY_NS
CONCEPTS_BASE = ONTOLOGY_IRI + "/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
LOCN = "http://www.w3.org/ns/locn#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SH = "http://www.w3.org/ns/shacl#"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

#: The prefixes of everything cqcgraph writes as Turtle or TriG, and shows people.
PREFIXES: dict[str, str] = {
    "cqc": ONTOLOGY_NS,
    "rating": CONCEPTS_BASE + "ratings/",
    "kq": CONCEPTS_BASE + "key-questions/",
    "actionkind": CONCEPTS_BASE + "action-kinds/",
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "locn": LOCN,
    "foaf": FOAF,
    "org": ORG,
}
