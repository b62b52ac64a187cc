"""The one table of formats: each result and graph format's short name (the command line's
``--format``, the endpoint's ``format=``), media type, the other media types it is asked for
by, file suffix, the name people read and its name in the W3C's format registry. Standard
library only: the store maps the names to Oxigraph's formats, the protocol negotiates over
them, the command line offers them, the service description lists them, and a page links to
its RDF in each graph format that is no dataset format.

>>> [f.name for f in GRAPH_FORMATS if f.dataset]
['nquads', 'trig']
>>> RDF_SUFFIXES[".ttl"], RDF_INPUT_TYPES["text/plain"]
('text/turtle', 'ntriples')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One serialization: its short name, its media type, the other media types a client may
    ask for it by (matched only when named exactly), a file suffix, (graph formats) whether it
    keeps graph names and whether it writes prefixes, the name people read, and its local
    name in the W3C's registry of format IRIs (``http://www.w3.org/ns/formats/``; empty:
    none)."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    suffix: str = ""
    charset: bool = True
    dataset: bool = False
    prefixes: bool = False
    label: str = ""
    w3c: str = ""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",), "srj",
           label="SPARQL results JSON", w3c="SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "srx",
           label="SPARQL results XML", w3c="SPARQL_Results_XML"),
    Format("csv", "text/csv", (), "csv", label="CSV", w3c="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", (), "tsv", label="TSV", w3c="SPARQL_Results_TSV"),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("application/x-turtle",), "ttl", prefixes=True,
           label="Turtle", w3c="Turtle"),
    Format("ntriples", "application/n-triples", (), "nt", label="N-Triples", w3c="N-Triples"),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), "rdf",
           label="RDF/XML", w3c="RDF_XML"),
    Format("jsonld", "application/ld+json", ("application/json",), "jsonld", label="JSON-LD",
           w3c="JSON-LD"),
    Format("nquads", "application/n-quads", (), "nq", dataset=True, label="N-Quads",
           w3c="N-Quads"),
    Format("trig", "application/trig", (), "trig", dataset=True, prefixes=True, label="TriG",
           w3c="TriG"),
)
#: The graph formats a single graph (a page's RDF, an upload) comes in: those without graph names.
TRIPLE_FORMATS: tuple[Format, ...] = tuple(f for f in GRAPH_FORMATS if not f.dataset)
HTML = Format("html", "text/html", ("application/xhtml+xml",), "html", label="HTML")
#: The plain-text table the command line writes for people (a result format of its own).
TABLE = "table"

RESULT_FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in RESULT_FORMATS)
GRAPH_FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in GRAPH_FORMATS)
DATASET_FORMAT_NAMES: frozenset[str] = frozenset(f.name for f in GRAPH_FORMATS if f.dataset)
#: The graph formats written with the prefixes of :mod:`cqcgraph.namespaces`.
PREFIX_FORMAT_NAMES: frozenset[str] = frozenset(f.name for f in GRAPH_FORMATS if f.prefixes)

#: The media types an RDF document sent to the server may carry: each graph format's own,
#: and two older ones (``text/plain`` was N-Triples' media type).
RDF_INPUT_TYPES: dict[str, str] = {
    **{f.media_type: f.name for f in GRAPH_FORMATS},
    "application/x-turtle": "turtle",
    "text/plain": "ntriples",
}
#: The media type a file name's suffix stands for (an upload without its own Content-Type).
RDF_SUFFIXES: dict[str, str] = {
    **{"." + f.suffix: f.media_type for f in GRAPH_FORMATS},
    ".owl": "application/rdf+xml",
}
