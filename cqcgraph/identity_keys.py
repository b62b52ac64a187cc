"""The identity keys of the current-state graph: for every location and provider, each
distinct combination of keys (normalised name, postcode, CQC ID, ODS code) its sources give
it, with the graphs that give it, so that resolving a document's identity is a few lookups
on the index of a key's value, whatever the number of documents naming the entity.

Why: a provider is named by every document of each of its locations. Reading each of those
mentions back (one per document, then the keys of each) made identity resolution grow with
the store (3.6 ms a document at 10,000 pages, most of the writer's growth). Mentions that
carry the same keys as one entity are one thing to :func:`cqcgraph.identity.resolve` (they
join the same entity, by the same keys), so one row per combination gives the same result.

A row (in the derived graph) names its entity (``cqc:identityOf``), the
entity's class (``cqc:identityClass``), its keys (``cqc:identityNameKey``,
``cqc:identityPostcode``, ``cqc:identityCqcId``, ``cqc:identityOdsCode``) and each graph that
gives the entity those keys (``cqc:identitySource``). The writer keeps them in the
transaction of each write (:func:`cqcgraph.derived.refresh_update`): the sources of the
graphs it replaces go, those of what it writes come, and a row with no source left goes. The
derived graph says it keeps them (``cqc:keepsIdentityKeys``); a store built before has them
after ``cqcgraph rebuild-summaries``.

Imports only the identity module, the plain terms and the standard library.
"""

from __future__ import annotations

from typing import Callable, Iterator, Protocol

from cqcgraph import namespaces, terms
from cqcgraph.identity import Mention

CQC = namespaces.CQC
#: Mention key (the document graphs' predicate) -> the identity row's predicate.
ROW_KEYS = {"nameKey": "identityNameKey", "postcode": "identityPostcode",
            "cqcId": "identityCqcId", "odsCode": "identityOdsCode"}
#: The marker of a derived graph that keeps identity keys.
KEEPS = CQC + "keepsIdentityKeys"


class _Store(Protocol):
    def match(self, subject: terms.Term | None = None, predicate: terms.Term | None = None,
              obj: terms.Term | None = None, graph: terms.Term | None = None
              ) -> Iterator[terms.Quad]: ...


def stored_mentions(store: _Store, derived: str, cls: str, key: str, value: str,
                    excluded: Callable[[str], bool]) -> Iterator[Mention]:
    """The rows of class ``cls`` that have ``value`` for ``key`` (a mention key: ``nameKey``,
    ``cqcId``, ...), each as a mention whose ``ref`` is (row IRI, entity IRI), leaving out a
    row whose every source is ``excluded`` (graphs about to be replaced)."""
    graph = terms.iri(derived)
    for q in store.match(None, terms.iri(CQC + ROW_KEYS[key]), terms.literal(value), graph):
        row = q.subject
        if _value(store, row, "identityClass", graph) != cls \
                or not _has_source(store, row, graph, excluded):
            continue
        entity = _value(store, row, "identityOf", graph)
        if entity is None:
            continue
        yield Mention((row.value, entity), *(_value(store, row, ROW_KEYS[key], graph)
                                             for key in ("nameKey", "postcode", "cqcId",
                                                         "odsCode")))


def _value(store: _Store, row: terms.Term, prop: str, graph: terms.Term) -> str | None:
    """The row's one value of ``prop`` (None when it has none)."""
    for q in store.match(row, terms.iri(CQC + prop), None, graph):
        return q.object.value
    return None


def _has_source(store: _Store, row: terms.Term, graph: terms.Term,
                excluded: Callable[[str], bool]) -> bool:
    """Whether a graph not ``excluded`` gives the row (stops at the first: the excluded
    graphs are few, however many documents give the row)."""
    return any(not excluded(q.object.value)
               for q in store.match(row, terms.iri(CQC + "identitySource"), None, graph))


# -- upkeep (update templates, formatted like those of cqcgraph.derived) -------------------
_KEYS_OF = """
  {{ SELECT ?e ?g ?cls (MIN(?n) AS ?name) (MIN(?p) AS ?postcode) (MIN(?i) AS ?id)
            (MIN(?o) AS ?ods) WHERE {{
      @entities@
      @typed@
      OPTIONAL {{ GRAPH ?g {{ ?e <{cqc}nameKey> ?n }} }}
      OPTIONAL {{ GRAPH ?g {{ ?e <{cqc}postcode> ?p }} }}
      OPTIONAL {{ GRAPH ?g {{ ?e <{cqc}cqcId> ?i }} }}
      OPTIONAL {{ GRAPH ?g {{ ?e <{cqc}odsCode> ?o }} }}
  }} GROUP BY ?e ?g ?cls }}
  FILTER(BOUND(?name) || BOUND(?id) || BOUND(?ods))
  BIND(IRI(CONCAT("{prefix}identity/", MD5(CONCAT(STR(?e), "\\t", STR(?cls), "\\t",
       COALESCE(?name, ""), "\\t", COALESCE(?postcode, ""), "\\t", COALESCE(?id, ""), "\\t",
       COALESCE(?ods, ""))))) AS ?c)"""

#: ``?e`` typed ``?cls`` (a location or a provider) in ``?g``: two patterns with a constant
#: class each, so that the engine looks up the bound entity (a list of classes made it read
#: every entity of the class first: 98 ms against 2 ms for 100 entities).
TYPED = """{{ GRAPH ?g {{ ?e a <{cqc}Location> }} BIND(<{cqc}Location> AS ?cls) }} UNION
      {{ GRAPH ?g {{ ?e a <{cqc}Provider> }} BIND(<{cqc}Provider> AS ?cls) }}"""

_INSERT_ROWS = """
INSERT {{ GRAPH <{graph}> {{ ?c <{cqc}identityOf> ?e ;
    <{cqc}identityClass> ?cls ; <{cqc}identityNameKey> ?name ;
    <{cqc}identityPostcode> ?postcode ; <{cqc}identityCqcId> ?id ;
    <{cqc}identityOdsCode> ?ods ; <{cqc}identitySource> ?g }} }}
WHERE {{""" + _KEYS_OF.replace("@typed@", TYPED) + """
}}"""

#: The rows that the graphs of a write give (``{pairs}``: ``(<entity> <graph>)`` of each
#: entity the graph types), after the sources of those graphs (``{values}``, every graph
#: the write replaces or removes) went.
FROM_GRAPHS = ["""
DELETE {{ GRAPH <{graph}> {{ ?c <{cqc}identitySource> ?g }} }}
WHERE {{ VALUES ?g {{ {values} }} GRAPH <{graph}> {{ ?c <{cqc}identitySource> ?g }} }}""",
               _INSERT_ROWS.replace("@entities@", "VALUES (?e ?g) {{ {pairs} }}")]

#: The rows of entities (``{values}``) that no graph gives any longer.
DROP_UNSOURCED = """
DELETE {{ GRAPH <{graph}> {{ ?c ?p ?o }} }}
WHERE {{ {{ SELECT ?c WHERE {{ VALUES ?e {{ {values} }} GRAPH <{graph}> {{ ?c <{cqc}identityOf> ?e }}
    FILTER NOT EXISTS {{ GRAPH <{graph}> {{ ?c <{cqc}identitySource> ?any }} }} }} }}
  GRAPH <{graph}> {{ ?c ?p ?o }} }}"""

#: The rows of entities (``{values}``) made again from every graph (a rebuild, a register
#: file, a write that renames entities).
OF_ENTITIES = ["""
DELETE {{ GRAPH <{graph}> {{ ?c ?p ?o }} }}
WHERE {{ VALUES ?e {{ {values} }} GRAPH <{graph}> {{ ?c <{cqc}identityOf> ?e . ?c ?p ?o }} }}""",
               _INSERT_ROWS.replace("@entities@", "VALUES ?e {{ {values} }}")]


def marker_update(derived: str) -> str:
    """The update that marks the derived graph as keeping identity keys."""
    return f"INSERT DATA {{ GRAPH <{derived}> {{ <{derived}> <{KEEPS}> true }} }}"
