"""SHACL validation of document graphs: the report as data, never an exception.

Runs pySHACL with ``shapes/cqc-shapes.ttl`` (loaded once per process), no inference and
``allow_warnings=True``, on an rdflib copy of the data graph to which the reference resources the
data points at (concepts, regulations) are added, so ``sh:class`` checks see them. Violations
mean the document must not be stored; warnings are reported and stored. Never give pyshacl a pyoxigraph store (it
reads it triple by triple, far too slowly): callers stream a
document's graph out of the store into an rdflib Graph first.

Imports: pyshacl, rdflib, ``cqcgraph.resources``, ``cqcgraph.rdf`` (for the reference graphs).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node

from cqcgraph.rdf import reference_graphs
from cqcgraph.resources import data_dir
from cqcgraph.vocab import SH

__all__ = ["Issue", "ValidationReport", "validate", "validate_many", "shapes_graph",
           "reference_graph"]

SHAPES_FILE = "cqc-shapes.ttl"


@dataclass(frozen=True)
class Issue:
    """One SHACL result: the focus node, the property path, the message, the severity
    ("Violation", "Warning" or "Info") and the offending value, as N3 strings where they are
    RDF terms (None when the report gives none)."""

    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        what = f" = {self.value}" if self.value else ""
        return f"{self.severity}: <{self.focus}>{where}{what}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """What validation found. ``conforms`` is true when there is no violation (warnings allowed)."""

    conforms: bool
    violations: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        return [*self.violations, *self.warnings]

    def text(self) -> str:
        """One issue per line (empty when there is nothing to say)."""
        return "\n".join(str(issue) for issue in self.issues)


_lock = threading.Lock()
_cache: dict[str, Graph] = {}


def shapes_graph() -> Graph:
    """The shapes, parsed once per process."""
    with _lock:
        if "shapes" not in _cache:
            graph = Graph()
            graph.parse(data_dir("shapes") / SHAPES_FILE, format="turtle")
            _cache["shapes"] = graph
        return _cache["shapes"]


def reference_graph() -> Graph:
    """Concepts and regulations in one graph (what the shapes may need to see), parsed once."""
    with _lock:
        if "reference" not in _cache:
            graph = Graph()
            for iri, part in reference_graphs().items():
                if not iri.endswith("/ontology"):  # class axioms are not needed: no inference
                    for triple in part:
                        graph.add(triple)
            _cache["reference"] = graph
        return _cache["reference"]


_prepared: dict[str, Query] = {}


class _PreparedQueryGraph(Graph):
    """An rdflib Graph that parses each SPARQL text once per process.

    pySHACL hands the same SHACL-SPARQL constraint text to ``Graph.query`` for every focus node,
    and rdflib parses it every time (about 30 ms a parse, most of a document's validation time).
    Prepared queries are rdflib's own way to reuse a parse; only this graph uses them.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs") and not (
                len(args) > 2 and args[2]):
            prepared = _prepared.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object)
                with _lock:
                    _prepared[query_object] = prepared
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _with_reference(data: Graph, reference: Graph) -> Graph:
    """A copy of ``data`` plus the reference triples about each IRI the data uses as an object
    (one hop is what ``sh:class`` on concepts and regulations needs)."""
    out = _PreparedQueryGraph()
    for triple in data:
        out.add(triple)
    for obj in set(data.objects()):
        if isinstance(obj, URIRef):
            for p, o in reference.predicate_objects(obj):
                out.add((obj, p, o))
    return out


def _n3(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    return term.n3() if isinstance(term, Literal) else str(term)


def _path(report: Graph, result: Node) -> str | None:
    path = report.value(result, SH.resultPath)
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    return f"^{inverse}" if inverse is not None else path.n3()


def _issues(report: Graph) -> tuple[list[Issue], list[Issue]]:
    violations: list[Issue] = []
    warnings: list[Issue] = []
    results = {r for rep in report.subjects(RDF.type, SH.ValidationReport)
               for r in report.objects(rep, SH.result)  # not the nested sh:detail results
               if isinstance(r, Identifier)}  # every term of a graph is one: ordered
    for result in sorted(results):
        severity = report.value(result, SH.resultSeverity)
        message = report.value(result, SH.resultMessage)
        issue = Issue(
            focus=_n3(report.value(result, SH.focusNode)) or "",
            path=_path(report, result),
            message=str(message) if message is not None else "does not conform",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            value=_n3(report.value(result, SH.value)),
        )
        (violations if issue.severity == "Violation" else warnings).append(issue)
    key = lambda i: (i.focus, i.path or "", i.message, i.value or "")  # noqa: E731
    return sorted(violations, key=key), sorted(warnings, key=key)


def validate(data: Graph, *, reference: Graph | None = None) -> ValidationReport:
    """Validate one document graph against the shapes.

    ``reference`` defaults to cqcgraph's concepts and regulations. The data graph itself is not
    changed.
    """
    if not isinstance(data, Graph):
        raise TypeError("validate() takes an rdflib Graph (stream a store's graph into one)")
    combined = _with_reference(data, reference if reference is not None else reference_graph())
    _conforms, report, _text = pyshacl.validate(
        combined, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
        allow_infos=True, abort_on_first=False, advanced=False, inplace=True, meta_shacl=False,
        do_owl_imports=False,
    )
    violations, warnings = _issues(report)
    return ValidationReport(conforms=not violations, violations=violations, warnings=warnings)


def validate_many(graphs: Iterable[Graph], *, reference: Graph | None = None
                  ) -> list[ValidationReport]:
    """Validate several document graphs, one report per graph in the same order.

    Each graph is validated on its own (document graphs share entity IRIs, so validating them
    merged would count one document's values against another's cardinalities).
    """
    ref = reference if reference is not None else reference_graph()
    return [validate(graph, reference=ref) for graph in graphs]
