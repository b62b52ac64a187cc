"""The current state kept after writes that are not ingests: a SPARQL Update at ``/update``
and the Graph Store Protocol's ``PUT``, ``POST`` and ``DELETE`` of a graph.

Ingest refreshes the derived and summary graphs (:mod:`cqcgraph.derived`) for the keys each
document touches. A graph written by other means touches keys too: the locations and
providers it names (typed ``cqc:Location`` / ``cqc:Provider``, or named by
``cqc:inspectionOf``, ``cqc:ratingOf`` or ``cqc:provider``) and the graph itself (a document
key). So for every write, the keys of the graphs it writes are read before it, and their
refresh runs in the same update request (one transaction); the keys the write brings that
were not there before (an ``INSERT`` into a document graph) are read after it and refreshed
at once, while the writer still holds its lock and before the query workers' checkpoint is
renewed, so no reader sees the store in between. A write too large for one transaction (more
than :data:`MAX_KEYS_IN_ONE_UPDATE` keys, a register snapshot's graph) has its refresh run
right after it, :data:`KEYS_PER_REFRESH` keys a request.

The derived and summary graphs are cqcgraph's own: a write into them is refused (403), as is
``CLEAR``/``DROP ALL`` or ``NAMED`` (which would empty them with everything else), and an
operation that writes graphs its ``WHERE`` chooses after another operation of the same
request has written (which graphs it writes cannot be known before the request runs).

Imports the store, the derived graphs' templates and the update text analysis; no Oxigraph.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from cqcgraph import derived, namespaces, terms
from cqcgraph.errors import CqcgraphError
from cqcgraph.sparql import update_text
from cqcgraph.store import GraphStore

CQC = namespaces.CQC
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ENTITY_CLASSES = (CQC + "Location", CQC + "Provider")
#: What names a location or provider a graph need not type itself.
ENTITY_LINKS = (CQC + "inspectionOf", CQC + "ratingOf", CQC + "provider")
#: Keys refreshed in the write's own transaction, at most (each key's templates hold its
#: rows in memory until the transaction commits).
MAX_KEYS_IN_ONE_UPDATE = 1000
KEYS_PER_REFRESH = 500
log = logging.getLogger("cqcgraph.upkeep")


class MaintainedGraph(CqcgraphError):
    """A write into a graph cqcgraph keeps from the document graphs: refused (403)."""

    status, exit = 403, 2


class UnknownGraphs(CqcgraphError):
    """An update whose written graphs cannot be known before it runs: refused (400)."""

    status, exit = 400, 2


@dataclass(frozen=True)
class Keys:
    """The keys of some graphs: locations, and every key (locations among them)."""

    locations: frozenset[str] = frozenset()
    every: frozenset[str] = frozenset()

    def __or__(self, other: "Keys") -> "Keys":
        return Keys(self.locations | other.locations, self.every | other.every)

    def __sub__(self, other: "Keys") -> "Keys":
        return Keys(self.locations - other.every, self.every - other.every)


@dataclass
class KeptWrite:
    """One write's upkeep: ``then`` runs in the write's own request; :meth:`finish` after."""

    upkeep: "Upkeep"
    graphs: frozenset[str]
    before: Keys
    then: str
    adds: Keys = field(default_factory=Keys)

    def finish(self) -> None:
        """Refresh the keys the write brought (and all of them when ``then`` was too large
        to run with it), then the search index."""
        after = self.upkeep.keys_of(self.graphs) | self.adds
        todo = after - self.before if self.then else after | self.before
        self.upkeep.refresh(todo)
        self.upkeep.refresh_search(set(self.before.every | after.every) - set(self.graphs),
                                   self.graphs)


class Upkeep:
    """The upkeep of the derived and summary graphs of ``store`` (data under ``base``) for
    writes that name graphs; ``refresh_search(entities, graphs)`` brings the search index
    along."""

    def __init__(self, store: GraphStore, base: str,
                 refresh_search: Callable[[set[str], Iterable[str]], None]) -> None:
        self.store = store
        self.base = base
        self.refresh_search = refresh_search
        self.maintained = {derived.derived_graph_iri(base): "current-state",
                           derived.summary_graph_iri(base): "summary"}

    def refuse_maintained(self, graphs: Iterable[str]) -> None:
        """Raise :class:`MaintainedGraph` when one of ``graphs`` is the derived or summary graph."""
        for graph in sorted(graphs):
            if graph in self.maintained:
                raise MaintainedGraph(
                    f"<{graph}> is the {self.maintained[graph]} graph, which cqcgraph keeps"
                    f" from the document graphs and refreshes after every write: it is not"
                    f" written directly. Write or drop the document graphs instead"
                    f" (`cqcgraph rebuild-summaries` builds it again from them)")

    def keys_of(self, graphs: Iterable[str]) -> Keys:
        """The keys the graphs touch as they stand: the graphs themselves and the locations
        and providers they name (through the indexes: the cost is the graphs' size)."""
        store, locations, every = self.store, set(), set()
        for graph in graphs:
            node = terms.iri(graph)
            every.add(graph)
            for cls in ENTITY_CLASSES:
                for q in store.match(None, terms.iri(RDF_TYPE), terms.iri(cls), node):
                    if q.subject.is_iri:
                        every.add(q.subject.value)
                        if cls == ENTITY_CLASSES[0]:
                            locations.add(q.subject.value)
            for link in ENTITY_LINKS:
                for q in store.match(None, terms.iri(link), None, node):
                    if q.object.is_iri:
                        every.add(q.object.value)
        locations |= {k for k in every - locations if self._is_location(k)}
        return Keys(frozenset(locations), frozenset(every))

    def keys_of_triples(self, triples: Iterable[Any], graph: str) -> Keys:
        """The keys that triples about to be written to ``graph`` bring (parsed triples,
        :func:`cqcgraph.store.parse_triples`: an IRI's N-Triples form is ``<…>``)."""
        locations, every = set(), {graph}
        for t in triples:
            s, p, o = t.subject, t.predicate.value, t.object
            if p == RDF_TYPE and o.value in ENTITY_CLASSES and str(s).startswith("<"):
                every.add(s.value)
                if o.value == ENTITY_CLASSES[0]:
                    locations.add(s.value)
            elif p in ENTITY_LINKS and str(o).startswith("<"):
                every.add(o.value)
        locations |= {k for k in every - locations if self._is_location(k)}
        return Keys(frozenset(locations), frozenset(every))

    def _is_location(self, iri: str) -> bool:
        return self.store.exists(terms.iri(iri), terms.iri(RDF_TYPE),
                                 terms.iri(ENTITY_CLASSES[0]), None)

    def refresh_text(self, keys: Keys) -> str:
        """The refresh of ``keys`` as update operations ("" when there are too many for
        the write's own transaction, or none)."""
        if not keys.every or len(keys.every) > MAX_KEYS_IN_ONE_UPDATE:
            return ""
        return derived.refresh_update(self.base, keys.locations, {}, keys.every)

    def refresh(self, keys: Keys) -> None:
        """Refresh ``keys`` now, :data:`KEYS_PER_REFRESH` a request."""
        todo = sorted(keys.every)
        for i in range(0, len(todo), KEYS_PER_REFRESH):
            part = set(todo[i:i + KEYS_PER_REFRESH])
            update = derived.refresh_update(self.base, part & keys.locations, {}, part)
            if update:
                self.store.update(update)
        if len(todo) > MAX_KEYS_IN_ONE_UPDATE:
            log.info("refreshed the current state of %d keys after a write", len(todo))

    # -- the writes ------------------------------------------------------------------------
    def plan(self, graphs: Iterable[str], adds: Keys | None = None) -> KeptWrite:
        """The upkeep of a write into ``graphs`` (bringing ``adds``, when known before)."""
        graphs = frozenset(graphs)
        self.refuse_maintained(graphs)
        before = self.keys_of(graphs) | (adds or Keys())
        return KeptWrite(self, graphs, before, self.refresh_text(before), adds or Keys())

    def plan_update(self, text: str, *, base_iri: str | None,
                    using_graphs: tuple[str, ...] = (),
                    using_named_graphs: tuple[str, ...] = ()) -> KeptWrite:
        """The upkeep of a SPARQL Update request: the graphs it names, and those its
        ``WHERE`` clauses choose, found by running them as a query first."""
        written = update_text.writes(text, base_iri)
        if written.every_graph:
            raise MaintainedGraph(
                "CLEAR or DROP of ALL or NAMED graphs would empty the current-state and"
                " summary graphs, which cqcgraph keeps from the document graphs: drop the"
                " document graphs by name (GRAPH <iri>) and cqcgraph refreshes them")
        graphs = set(written.graphs)
        for choice in written.chosen:
            if choice.after_writes:
                raise UnknownGraphs(
                    "an operation that writes into graphs its WHERE chooses (GRAPH ?var in"
                    " its template) must come first in its request: cqcgraph finds those"
                    " graphs before the request runs, to keep the current state of what"
                    " they name. Send it as a request of its own")
            graphs |= self._chosen(choice, using_graphs, using_named_graphs)
        return self.plan(graphs)

    def _chosen(self, choice: update_text.ChosenGraphs, using: tuple[str, ...],
                using_named: tuple[str, ...]) -> set[str]:
        """The graphs the ``WHERE`` of an operation binds its template's graph variables to."""
        default, named = choice.using, choice.using_named
        if default is None and named is None and (using or using_named):
            default, named = using, using_named
        kwargs: dict = {}
        if default is not None or named is not None:
            kwargs = {"default_graph": list(default or ()), "named_graphs": list(named or ())}
            if choice.using is not None and choice.using_named is None:
                # WITH: every graph is named; Oxigraph's default, a remote store's by listing
                kwargs["named_graphs"] = None if isinstance(self.store, GraphStore) \
                    else list(self.store.named_graphs())
        found: set[str] = set()
        for row in self.store.rows(choice.query, **kwargs):
            found |= {term.value for term in row.values() if term.is_iri}
        return found
