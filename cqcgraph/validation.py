"""SHACL validation of document graphs: the report as data, never an exception.

Runs pySHACL with ``shapes/cqc-shapes.ttl`` (loaded and compiled once per process into
equivalent shapes that pySHACL evaluates faster: tests hold that every graph gets the same
issues as with the shapes as written), no inference and ``allow_warnings=True``, on an rdflib copy of the data graph to which the reference resources the
data points at (concepts, regulations) are added, so ``sh:class`` checks see them. Violations
mean the document must not be stored; warnings are reported and stored. Never give pyshacl a pyoxigraph store (it
reads it triple by triple, far too slowly): callers stream a
document's graph out of the store into an rdflib Graph first.

Imports: pyshacl, rdflib, ``cqcgraph.resources``, ``cqcgraph.rdf`` (for the reference graphs).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyshacl  # noqa: F401 - the validator's package (its entry points are below)
from pyshacl.graph_abstraction import DataGraph
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from pyshacl.validator import Validator
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS
from pyshacl.constraints.core.logical_constraints import OrConstraintComponent
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node

from cqcgraph.rdf import reference_graphs
from cqcgraph.resources import data_dir
from cqcgraph.vocab import SH

__all__ = ["Issue", "ValidationReport", "validate", "validate_many", "renamed",
           "shapes_graph", "reference_graph"]

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
_cache: dict[str, Any] = {}


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


_checked_sparql: set[tuple[str, bool, frozenset[str]]] = set()
_check_sparql = SPARQLQueryHelper.check_invalid_sparql


def _check_sparql_once(helper: SPARQLQueryHelper, sparql_text: str, valuenode: Any = None,
                       extravars: Any = None) -> bool:
    """pySHACL's check that a SPARQL constraint's text uses no MINUS, VALUES, SERVICE, … ,
    made once per text and set of pre-bound variables rather than once per focus node.

    pySHACL runs the check before each query; its patterns backtrack over the rest of the text
    from every line start, so a query of some 30 lines cost more to check (about 6 ms) than to
    run. The outcome depends on nothing else, and a text that fails is checked (and fails)
    every time, as before.
    """
    key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
    if key not in _checked_sparql:
        _check_sparql(helper, sparql_text, valuenode=valuenode, extravars=extravars)
        with _lock:
            _checked_sparql.add(key)
    return True


SPARQLQueryHelper.check_invalid_sparql = _check_sparql_once  # type: ignore[method-assign]


def _or_first_conforming(component: OrConstraintComponent, executor: Any, or_c: Node,
                         target_graph: Any, focus_value_nodes: dict, _evaluation_path: list
                         ) -> tuple[bool, list]:
    """pySHACL's evaluation of one ``sh:or`` list (SHACL 4.6.2: a value node conforms when it
    conforms to at least one member shape), stopping at the first member the value conforms
    to, members tried in the list's order.

    pySHACL validates the value against every member and keeps only whether one conformed
    (the members' own results are dropped, logged in debug mode only): a value that is an
    ``xsd:date`` was also checked as an ``xsd:gYearMonth`` and an ``xsd:gYear``, building a
    result for each failure, most of the time ``sh:or`` took. The same values pass and fail,
    with the same results."""
    reports: list = []
    non_conformant = False
    or_shapes = []
    for member in dict.fromkeys(component.shape.sg.graph.items(or_c)):
        if component.shape.sg.is_filtered_out_shape(member):
            continue
        or_shape = component.shape.get_other_shape(member)
        if not or_shape:
            raise ReportableRuntimeError(
                "Shape pointed to by sh:or does not exist or is not a well-formed SHACL Shape.")
        or_shapes.append(or_shape)
    if not or_shapes:
        return non_conformant, reports
    for focus, value_nodes in focus_value_nodes.items():
        for value in value_nodes:
            if not any(or_shape.validate(executor, target_graph, focus=value,
                                         _evaluation_path=_evaluation_path[:])[0]
                       for or_shape in or_shapes):
                non_conformant = True
                reports.append(component.make_v_result(target_graph, focus, value_node=value))
    return non_conformant, reports


#: pySHACL's own evaluation of an ``sh:or`` list (what :func:`_or_first_conforming` replaces).
PYSHACL_OR = OrConstraintComponent._evaluate_or_constraint
OrConstraintComponent._evaluate_or_constraint = _or_first_conforming  # type: ignore[method-assign]

_run_lock = threading.Lock()


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _copy(shapes: Graph) -> Graph:
    """A copy of the shapes with their prefixes (pySHACL's generic messages name shapes by
    them)."""
    out = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in shapes:
        out.add(triple)
    return out


def _property_shapes_lifted(shapes: Graph) -> Graph:
    """A copy of the shapes where each property shape of a targeted node shape carries that node
    shape's targets itself and is no longer nested (``sh:property``).

    The results are the same (a nested property shape reports its own results, with its own
    severity and message, focus node and path), but pySHACL validates a nested property shape
    once per focus node, building its constraints again each time, and a targeted one once per
    call over all its focus nodes: with documents validated in batches, the nesting cost most of
    a document's validation. A node shape that another shape points at (``sh:node``, ``sh:or``,
    …) is left as it is: there its property shapes decide whether a value conforms.
    """
    out = _copy(shapes)
    for node_shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node_shape, p)]
        if not targets or shapes.value(node_shape, SH.deactivated) is not None or any(
                True for _ in shapes.subject_predicates(node_shape)):
            continue
        for prop_shape in list(shapes.objects(node_shape, SH.property)):
            out.remove((node_shape, SH.property, prop_shape))
            out.add((prop_shape, RDF.type, SH.PropertyShape))
            for p, o in targets:
                out.add((prop_shape, p, o))
    return out


_RDF_TYPE_PATH = (f"<{RDF.type}>/<{RDFS.subClassOf}>*")
#: A node shape's own constraints, as far as pySHACL reads them (what makes it more than a
#: holder of a target, a message and a severity).
_CONSTRAINT_PARAMETERS = frozenset(ALL_CONSTRAINT_PARAMETERS) | {SH.property, SH.sparql}


#: A SPARQL constraint's cheaper query whose ``?this`` include every focus node for which the
#: constraint's own query has a solution (cqcgraph's annotation in its shapes).
CANDIDATES = URIRef("https://cqcgraph.example/shapes#candidates")


def _sparql_constraints_targeted(shapes: Graph) -> Graph:
    """``shapes`` with each node shape that targets classes and has nothing but SPARQL
    constraints, each with a ``cqcsh:candidates`` query, targeting instead the instances of
    those classes that the candidates queries select (a SHACL-AF SPARQL target: one query
    per validation call over the data graph, where the constraint ran one query per
    instance, for every instance).

    The results are the same: a SPARQL constraint reports one result per solution of its
    query with ``$this`` bound to the focus node, so a focus node for which its query has no
    solution gives no result; the candidates query of each constraint selects at least every
    node for which the constraint's query has one, and those are still validated by the
    constraint itself (same query, same messages). Needs pySHACL's advanced mode (SHACL-AF),
    which the validator turns on (no shape of cqcgraph's uses anything else of it).
    """
    out = _copy(shapes)
    for node_shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        classes = list(shapes.objects(node_shape, SH.targetClass))
        constraints = list(shapes.objects(node_shape, SH.sparql))
        others = {p for p, _o in shapes.predicate_objects(node_shape)
                  if p in _CONSTRAINT_PARAMETERS or p in _TARGETS or p == SH.target}
        if not classes or not constraints or others != {SH.targetClass, SH.sparql} or any(
                shapes.value(c, SH.deactivated) is not None or shapes.value(c, CANDIDATES) is None
                for c in constraints) or shapes.value(node_shape, SH.deactivated) is not None:
            continue
        for cls in classes:
            out.remove((node_shape, SH.targetClass, cls))
            for constraint in constraints:
                target = BNode()
                out.add((node_shape, SH.target, target))
                out.add((target, RDF.type, SH.SPARQLTarget))
                for prefixes in shapes.objects(constraint, SH.prefixes):
                    out.add((target, SH.prefixes, prefixes))
                candidates = str(shapes.value(constraint, CANDIDATES))
                out.add((target, SH.select, Literal(
                    f"SELECT DISTINCT $this WHERE {{ $this {_RDF_TYPE_PATH} <{cls}> ."
                    f" {{ {candidates} }} }}")))
    return out


def _single_or_shapes_inlined(shapes: Graph) -> Graph:
    """``shapes`` where a property shape's ``sh:node`` pointing at a node shape that is no
    more than one ``sh:or`` (no target, no other constraint) carries that ``sh:or`` itself.

    A value conforms to such a node shape exactly when it conforms to one of the shapes of
    its ``sh:or``, and either way the result is the property shape's own (its focus node,
    path, value, message and severity; only property shapes with a message of their own are
    changed, since pySHACL's generic messages name the constraint), so what is accepted and
    refused, and what is said, stay the same; pySHACL then evaluates the ``sh:or`` once per property shape instead of
    building and validating the node shape again for every value."""
    out = _copy(shapes)
    for prop_shape, node_shape in list(shapes.subject_objects(SH.node)):
        own = [(p, o) for p, o in shapes.predicate_objects(node_shape)
               if p in _CONSTRAINT_PARAMETERS or p in _TARGETS or p == SH.target
               or p == SH.deactivated]
        if len(own) != 1 or own[0][0] != SH["or"] or (node_shape, SH.path, None) in shapes \
                or (prop_shape, SH.message, None) not in shapes:
            continue
        out.remove((prop_shape, SH.node, node_shape))
        out.add((prop_shape, SH["or"], own[0][1]))
    return out


def _validator() -> Validator:
    """One pySHACL validator per process over the shapes, so that the shapes are compiled
    once (pySHACL gathers every shape, its targets and its constraints again on each
    ``pyshacl.validate`` call: about a seventh of a document's validation), and compiled into
    shapes that give every graph the same results at less cost: property shapes lifted to
    their node shape's targets, an ``sh:node`` that is only an ``sh:or`` inlined, SPARQL
    constraints run on their candidates only. Options as ``pyshacl.validate(inference="none",
    advanced=True, inplace=True, allow_warnings=True, allow_infos=True)`` (advanced for the
    candidates' SPARQL targets)."""
    shapes = shapes_graph()
    with _lock:
        if "validator" not in _cache:
            shapes = _single_or_shapes_inlined(_sparql_constraints_targeted(
                _property_shapes_lifted(shapes)))
            _cache["validator"] = Validator(
                DataGraph.from_rdflib(Graph()), shacl_graph=shapes,
                options={"inference": "none", "advanced": True, "inplace": True,
                         "abort_on_first": False, "allow_warnings": True,
                         "allow_infos": True, "logger": logging.getLogger("pyshacl")})
        return _cache["validator"]


#: A document's graph as validation takes it: an rdflib graph, or its triples (each once).
Triples = Graph | Collection[tuple[Node, Node, Node]]


def _about(reference: Graph) -> dict[Node, tuple[tuple[Node, Node, Node], ...]]:
    """The triples of ``reference`` by subject; made once for cqcgraph's own reference
    graph (a batch looked each of its objects up in the graph again)."""
    if reference is _cache.get("reference"):
        with _lock:
            if "about" not in _cache:
                _cache["about"] = _by_subject(reference)
            return _cache["about"]
    return _by_subject(reference)


def _by_subject(graph: Graph) -> dict[Node, tuple[tuple[Node, Node, Node], ...]]:
    out: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in graph:
        out.setdefault(triple[0], []).append(triple)
    return {s: tuple(triples) for s, triples in out.items()}


def _with_reference(graphs: Iterable[Triples], reference: Graph) -> Graph:
    """A copy of the union of ``graphs`` plus the reference triples about each IRI they use
    as an object (one hop is what ``sh:class`` on concepts and regulations needs): one copy,
    where a batch's union copied again cost a worker about a tenth of its validation."""
    out = _PreparedQueryGraph()
    add = out.add
    objects: set[Node] = set()
    for data in graphs:
        for triple in data:
            add(triple)
            objects.add(triple[2])
    about = _about(reference)
    for obj in objects:
        if isinstance(obj, URIRef):
            for triple in about.get(obj, ()):
                add(triple)
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
    return sorted(violations, key=_issue_order), sorted(warnings, key=_issue_order)


def _issue_order(issue: Issue) -> tuple[str, str, str, str]:
    """The order a report lists its issues in."""
    return (issue.focus, issue.path or "", issue.message, issue.value or "")


def validate(data: Graph, *, reference: Graph | None = None) -> ValidationReport:
    """Validate one document graph against the shapes.

    ``reference`` defaults to cqcgraph's concepts and regulations. The data graph itself is not
    changed.
    """
    if not isinstance(data, Graph):
        raise TypeError("validate() takes an rdflib Graph (stream a store's graph into one)")
    return _run(_with_reference([data], reference if reference is not None else
                                reference_graph()))


def _validate_one(data: Triples, reference: Graph) -> ValidationReport:
    """:func:`validate` of a graph or of a document's triples."""
    return _run(_with_reference([data], reference))


def _run(combined: Graph) -> ValidationReport:
    """Run the shapes on a data graph that holds the reference triples it needs."""
    validator = _validator()
    with _run_lock:  # one validator per process: one data graph at a time
        validator.data_graph = DataGraph.from_rdflib(combined)
        validator._target_graph = None  # run() takes the data graph as it is (in place)
        try:
            _conforms, report, _text = validator.run()
        finally:
            validator.data_graph = validator._target_graph = None  # type: ignore[assignment]
    violations, warnings = _issues(report)
    return ValidationReport(conforms=not violations, violations=violations, warnings=warnings)


def validate_many(graphs: Iterable[Triples], *, reference: Graph | None = None
                  ) -> list[ValidationReport]:
    """Validate several document graphs (rdflib graphs, or each document's triples as the
    mapping gives them), one report per graph in the same order, each report exactly what
    :func:`validate` gives that graph alone.

    pySHACL's cost is per call as much as per node, so graphs that share no node (but the
    reference resources) are validated together, in one call on their union: there no shape
    can see one document's values from another's nodes, so each result belongs to the one
    graph holding its focus node. Graphs that share an entity IRI (two documents on one
    provider) go into different calls, so that one document's values never count against
    another's cardinalities. A call with a violation, or a result whose focus node is not one
    graph's own, is validated again graph by graph: a document that fails is named from its
    own graph alone.
    """
    ref = reference if reference is not None else reference_graph()
    graphs = list(graphs)
    reports: list[ValidationReport | None] = [None] * len(graphs)
    for group in _disjoint_groups(graphs, ref):
        if len(group) == 1:
            (i, _nodes), = group
            reports[i] = _validate_one(graphs[i], ref)
            continue
        together = _run(_with_reference([graphs[i] for i, _nodes in group], ref))
        owner = {_n3(node): i for i, nodes in group for node in nodes}
        by_graph: dict[int, list[Issue]] = {i: [] for i, _nodes in group}
        attributed = not together.violations
        for issue in together.warnings if attributed else ():
            owner_of = owner.get(issue.focus)
            if owner_of is None:
                attributed = False
                break
            by_graph[owner_of].append(issue)
        if attributed:
            for i, issues in by_graph.items():
                reports[i] = ValidationReport(conforms=True, warnings=issues)
        else:
            for i, _nodes in group:
                reports[i] = _validate_one(graphs[i], ref)
    return [r for r in reports if r is not None]


def renamed(report: ValidationReport, names: dict[str, str], *,
            reference: Graph | None = None) -> ValidationReport | None:
    """The report of a graph validated as ``report`` says, once each IRI of ``names`` is
    renamed to its value; None when that cannot be told without validating it again.

    ``names`` must be one-to-one over the graph's IRIs: the renamed graph is then the same
    graph under other names (an isomorphic copy, as RDF 1.1 Semantics section 4 reads
    graph equivalence). No shape of ``shapes/`` reads an IRI's own text but those of
    reference resources (``sh:pattern`` and ``sh:nodeKind`` on media types and
    regulations, ``sh:in`` over concepts, the inspection dates' SPARQL on literals and
    predicates), and the reference triples added to a document are those about the IRIs it
    points at, which renaming keeps when no renamed IRI is a reference resource. So every
    shape finds the same focus nodes and values under the new names, and the results are
    the old ones renamed (``tests/test_validation.py`` holds the shapes to this).

    Only a conforming report is renamed: a violation is worth its message from the graph
    as written, and a message naming a renamed IRI, or a renamed reference resource, is
    left to validation too.
    """
    if not report.conforms:
        return None
    about = _about(reference if reference is not None else reference_graph())
    if any(URIRef(iri) in about for pair in names.items() for iri in pair):
        return None
    if len(set(names.values())) != len(names):
        return None
    warnings = []
    for issue in report.warnings:
        if any(old in issue.message for old in names):
            return None
        warnings.append(Issue(
            focus=names.get(issue.focus, issue.focus),
            path=names.get(issue.path, issue.path) if issue.path else issue.path,
            message=issue.message, severity=issue.severity,
            value=names.get(issue.value, issue.value) if issue.value else issue.value))
    warnings.sort(key=_issue_order)
    return ValidationReport(conforms=True, warnings=warnings)


BATCH_TRIPLES = 4000  # a union of about 40 pages; past a few thousand triples a call gains little


# Values that every document shares and that no shape looks into (a class, a media type IRI:
# the shapes check them by value only, never by their own triples or by who points at them).
_SHARED_VALUES = frozenset({RDF.type, DCTERMS["format"]})


def _own_nodes(graph: Triples, reference: Graph) -> set[Node]:
    """The IRIs and blank nodes a document graph uses (as subject, or as a value a shape may
    look into), but the reference resources. The shapes evaluate paths of one step from a
    focus node, which is a typed subject: two graphs with no own node in common cannot see
    each other's triples through any shape."""
    nodes: set[Node] = set()
    for s, p, o in graph:
        nodes.add(s)
        if not isinstance(o, Literal) and p not in _SHARED_VALUES:
            nodes.add(o)
    return {n for n in nodes if (n, None, None) not in reference}


def _disjoint_groups(graphs: list[Triples], reference: Graph
                     ) -> list[list[tuple[int, set[Node]]]]:
    """The graphs in groups of graphs sharing no node of their own (first fit, in order)."""
    groups: list[tuple[list[tuple[int, set[Node]]], set[Node], list[int]]] = []
    for i, graph in enumerate(graphs):
        nodes = _own_nodes(graph, reference)
        for members, used, size in groups:
            if size[0] + len(graph) <= BATCH_TRIPLES and used.isdisjoint(nodes):
                members.append((i, nodes))
                used |= nodes
                size[0] += len(graph)
                break
        else:
            groups.append(([(i, nodes)], set(nodes), [len(graph)]))
    return [members for members, _used, _size in groups]

