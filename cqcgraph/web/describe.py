"""What the service says about itself: the SPARQL 1.1 Service Description of ``/sparql``
(including the dataset semantics queries and updates share) and the VoID/DCAT description of
the dataset at ``/.well-known/void``. Pure functions from plain values to triples (the
project's own, :mod:`cqcgraph.terms`); imports the namespaces and the standard library
only.

>>> sd = service_description("http://127.0.0.1:8000/sparql", allow_service=(), writable=True)
>>> any(t.object.value == SD + "UnionDefaultGraph" for t in sd)
True
"""

from __future__ import annotations

from typing import Mapping, Sequence

from cqcgraph import media_types, namespaces, terms
from cqcgraph.terms import Quad, Term

CQC = namespaces.CQC
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FORMATS = "http://www.w3.org/ns/formats/"
OGL = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PREFIXES = {"void": VOID, "dcat": DCAT, "sd": SD, "dcterms": DCTERMS}

#: The dataset semantics, said once: the service description carries this text.
DEFAULT_GRAPH_TEXT = (
    "The default graph is the union of all named graphs of the store: one per source document,"
    " plus the ontology, concept schemes, regulations and derived graphs. Queries and updates"
    " see the same dataset: the WHERE clause of an INSERT/DELETE ... WHERE is evaluated over this"
    " union (and every named graph for GRAPH ?g), unless the update has WITH or USING, or the"
    " request gives using-graph-uri / using-named-graph-uri (SPARQL 1.1 Protocol 2.2.3). The"
    " default graph is read-only: an update writing into it (triples outside GRAPH, DEFAULT in"
    " CLEAR, DROP, ADD, MOVE or COPY) is refused with 400, and the Graph Store answers"
    " PUT/POST/DELETE ?default with 405. Write into named graphs.")


def _add(out: list[Quad], s: Term, p: str, o: Term) -> None:
    out.append(Quad(s, terms.iri(p), o))


def service_description(endpoint: str, *, allow_service: Sequence[str],
                        writable: bool) -> list[Quad]:
    """SPARQL 1.1 Service Description of ``endpoint`` (its absolute URL)."""
    s = terms.iri(endpoint)
    t: list[Quad] = []
    _add(t, s, RDF_TYPE, terms.iri(SD + "Service"))
    _add(t, s, SD + "endpoint", s)
    _add(t, s, SD + "supportedLanguage", terms.iri(SD + "SPARQL11Query"))
    if writable:
        _add(t, s, SD + "supportedLanguage", terms.iri(SD + "SPARQL11Update"))
    _add(t, s, SD + "feature", terms.iri(SD + "UnionDefaultGraph"))
    if allow_service:
        _add(t, s, SD + "feature", terms.iri(SD + "BasicFederatedQuery"))
    for fmt in media_types.RESULT_FORMATS + media_types.GRAPH_FORMATS:
        if fmt.w3c:
            _add(t, s, SD + "resultFormat", terms.iri(FORMATS + fmt.w3c))
    if writable:
        for fmt in media_types.TRIPLE_FORMATS:
            if fmt.w3c:
                _add(t, s, SD + "inputFormat", terms.iri(FORMATS + fmt.w3c))
    _add(t, s, RDFS + "label", terms.literal("cqcgraph SPARQL endpoint"))
    _add(t, s, RDFS + "comment", terms.literal(
        DEFAULT_GRAPH_TEXT + " FROM / FROM NAMED and the protocol's default-graph-uri /"
        " named-graph-uri select graphs of this store and never fetch anything. SERVICE calls"
        " only allow-listed endpoints."))
    dataset = Term("bnode", "dataset")
    default = Term("bnode", "default")
    _add(t, s, SD + "defaultDataset", dataset)
    _add(t, dataset, RDF_TYPE, terms.iri(SD + "Dataset"))
    _add(t, dataset, SD + "defaultGraph", default)
    _add(t, default, RDF_TYPE, terms.iri(SD + "Graph"))
    _add(t, default, DCTERMS + "description", terms.literal(DEFAULT_GRAPH_TEXT))
    base = endpoint.rsplit("/", 1)[0]
    _add(t, dataset, VOID + "sparqlEndpoint", s)
    _add(t, dataset, RDFS + "seeAlso", terms.iri(base + "/.well-known/void"))
    return t


def _integer(n: int) -> Term:
    return terms.literal(str(n), datatype=XSD + "integer")


#: The classes VoID partitions by, with the key of their count in ``counts``.
CLASS_PARTITIONS = (("documents", "SourceDocument"), ("providers", "Provider"),
                    ("locations", "Location"), ("inspections", "Inspection"),
                    ("assessments", "Assessment"), ("ratings", "Rating"), ("breaches", "Breach"),
                    ("actions", "Action"))
DUMPS = (("/dumps/all.nq", "application/n-quads"), ("/dumps/all.ttl", "text/turtle"))


def void(base_url: str, counts: Mapping[str, int], data_base: str) -> list[Quad]:
    """VoID and DCAT description of the dataset served at ``base_url``. ``counts["triples"]``
    is the number of distinct triples (void:triples, VoID section 4.5); ``counts["quads"]``,
    the statements with their graph, goes under cqc:quads."""
    ds = terms.iri(base_url + "/.well-known/void#dataset")
    t: list[Quad] = []
    _add(t, ds, RDF_TYPE, terms.iri(VOID + "Dataset"))
    _add(t, ds, RDF_TYPE, terms.iri(DCAT + "Dataset"))
    _add(t, ds, DCTERMS + "title", terms.literal("cqcgraph: CQC publications as linked data",
                                               language="en"))
    _add(t, ds, DCTERMS + "description", terms.literal(
        "Providers, locations, inspections, ratings, breaches and enforcement actions read from"
        " Care Quality Commission publications, one named graph per source document.",
        language="en"))
    _add(t, ds, DCTERMS + "license", terms.iri(OGL))
    _add(t, ds, VOID + "sparqlEndpoint", terms.iri(base_url + "/sparql"))
    _add(t, ds, VOID + "uriSpace", terms.literal(data_base))
    _add(t, ds, VOID + "vocabulary", terms.iri(CQC))
    if "triples" in counts:
        _add(t, ds, VOID + "triples", _integer(counts["triples"]))
    if "quads" in counts:
        _add(t, ds, CQC + "quads", _integer(counts["quads"]))
    for key, cls in CLASS_PARTITIONS:
        if key in counts:
            part = terms.iri(f"{base_url}/.well-known/void#class-{cls}")
            _add(t, ds, VOID + "classPartition", part)
            _add(t, part, VOID + "class", terms.iri(CQC + cls))
            _add(t, part, VOID + "entities", _integer(counts[key]))
    if "graphs" in counts:
        graphs = terms.iri(base_url + "/.well-known/void#graphs")
        _add(t, ds, VOID + "subset", graphs)
        _add(t, graphs, RDF_TYPE, terms.iri(VOID + "Dataset"))
        _add(t, graphs, DCTERMS + "description", terms.literal(
            f"The {counts['graphs']:,} named graphs: one per source document, and the"
            " reference and derived graphs.", language="en"))
    for path, media in DUMPS:
        dump = terms.iri(base_url + path)
        _add(t, ds, VOID + "dataDump", dump)
        dist = terms.iri(base_url + path + "#distribution")
        _add(t, ds, DCAT + "distribution", dist)
        _add(t, dist, RDF_TYPE, terms.iri(DCAT + "Distribution"))
        _add(t, dist, DCAT + "downloadURL", dump)
        _add(t, dist, DCAT + "mediaType", terms.iri(namespaces.IANA_MEDIA_TYPES + media))
    return t


#: Distinct triples of the union (Oxigraph's union default graph repeats a triple once per
#: graph holding it, so the count runs over DISTINCT).
COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
