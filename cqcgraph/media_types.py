"""The one table of formats: each result and graph format's short name (the command line's
``--format``, the endpoint's ``format=``), media type, the other media types it is asked for
by, and file suffix. Standard library only: the store maps the names to Oxigraph's formats,
the protocol negotiates over them, the command line offers them.

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
    ask for it by (matched only when named exactly), a file suffix, and (graph formats)
    whether it keeps graph names."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    suffix: str = ""
    charset: bool = True
    dataset: bool = False

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",), "srj"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "srx"),
    Format("csv", "text/csv", (), "csv"),
    Format("tsv", "text/tab-separated-values", (), "tsv"),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("application/x-turtle",), "ttl"),
    Format("ntriples", "application/n-triples", (), "nt"),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), "rdf"),
    Format("jsonld", "application/ld+json", ("application/json",), "jsonld"),
    Format("nquads", "application/n-quads", (), "nq", dataset=True),
    Format("trig", "application/trig", (), "trig", dataset=True),
)
HTML = Format("html", "text/html", ("application/xhtml+xml",), "html")
#: The plain-text table the command line writes for people (a result format of its own).
TABLE = "table"

RESULT_FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in RESULT_FORMATS)
GRAPH_FORMAT_NAMES: tuple[str, ...] = tuple(f.name for f in GRAPH_FORMATS)
DATASET_FORMAT_NAMES: frozenset[str] = frozenset(f.name for f in GRAPH_FORMATS if f.dataset)

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
