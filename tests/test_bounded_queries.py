"""Which queries a server answers in its own process (:mod:`cqcgraph.sparql.bounded`): those
whose every triple pattern is reached from the query's own IRIs or bound values, through
subjects or through a (predicate, object) with few statements; anything unbounded (a
pattern reached from nothing, a path, a filter, a union, a subquery…) keeps the hop to a
query worker and its time limit. And a query run here that passes its budget is answered by
a worker all the same."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from cqcgraph.settings import Settings
from cqcgraph.sparql import bounded, workers
from cqcgraph.sparql.bounded import bounded_shape
from cqcgraph.sparql.engine import QueryEngine
from cqcgraph.store import GraphStore

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PAGE_QUERIES = Path(__file__).resolve().parents[1] / "cqcgraph" / "web" / "page_queries"
CQC_NS = "https://cqcgraph.example/ontology#"
CQC = "PREFIX cqc: <https://cqcgraph.example/ontology#> "
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LOC = "<https://cqcgraph.example/id/location/1-5>"
RATINGS = (CQC + "SELECT ?kq ?v ?d WHERE { ?i cqc:inspectionOf " + LOC + " ; cqc:hasRating ?r ;"
           " cqc:publicationDate ?d . ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?v }")
PAGE = ("CONSTRUCT { " + LOC + " ?p ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        " WHERE { GRAPH ?g { " + LOC + " ?p ?o OPTIONAL { ?o"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?l } } }")


@pytest.mark.parametrize("query", [
    RATINGS,
    PAGE,
    "ASK { " + LOC + " a ?type }",
    "SELECT DISTINCT ?o WHERE { " + LOC + " ?p ?o . ?o ?q ?r . } ORDER BY DESC(?o) ?r"
    " LIMIT 10 OFFSET 5",
    "CONSTRUCT WHERE { " + LOC + " <http://schema.org/name> ?n }",
    CQC + "SELECT * { ?x cqc:name 'Location 5'@en . " + LOC + " cqc:provider ?x }",
    "SELECT * { " + LOC + " ?p ?o , ?o2 ; ?q ?r ; }",
    "SELECT * { " + LOC + " ?p ?x OPTIONAL { ?x ?q ?y OPTIONAL { ?y ?a ?b } } }",
    "SELECT * { " + LOC + " ?p ?x GRAPH ?g { ?x ?q ?y } }",
    # a pattern inside GRAPH ?g binds ?g: the graph's own statements are a lookup from it
    "SELECT * { GRAPH ?g { " + LOC + " ?p ?o } ?g ?q ?r }",
    "SELECT * { GRAPH ?g { " + LOC + " ?p ?o OPTIONAL { ?g ?q ?r } } }",
])
def test_queries_reached_from_their_own_iris_are_bounded(query):
    assert bounded_shape(query) is not None


def test_a_bound_value_anchors_like_an_iri():
    outgoing = (PAGE_QUERIES / "outgoing.rq").read_text(encoding="utf-8")
    assert bounded_shape(outgoing) is None
    assert bounded_shape(outgoing, {"s"}) == bounded.Shape(())


def test_a_pattern_known_only_by_its_predicate_and_object_is_checked_on_the_store():
    shape = bounded_shape(RATINGS)
    assert shape is not None and shape.fan_ins == (
        (("iri", "https://cqcgraph.example/ontology#inspectionOf"),
         ("iri", "https://cqcgraph.example/id/location/1-5")),)
    shape = bounded_shape("SELECT * { ?i <http://x.example/of> ?loc }", {"loc"})
    assert shape is not None and shape.fan_ins == (
        (("iri", "http://x.example/of"), ("var", "loc")),)


def test_an_object_with_few_statements_anchors_a_pattern_of_any_predicate():
    shape = bounded_shape("SELECT * { ?s ?p " + LOC + " }")
    assert shape is not None and shape.fan_ins == ((bounded.ANY, ("iri", LOC[1:-1])),)
    shape = bounded_shape("SELECT * { ?s ?p ?o OPTIONAL { ?s ?q ?r } }", {"o"})
    assert shape is not None and shape.fan_ins == ((bounded.ANY, ("var", "o")),)


def test_a_pattern_the_engine_may_start_from_is_checked_when_values_are_bound():
    # the engine plans a query before its bound values are put in: to it, the class pattern
    # is the more selective, and it reads every inspection of the store from there
    text = CQC + "SELECT ?loc ?i WHERE { ?i cqc:inspectionOf ?loc ; a cqc:Inspection }"
    shape = bounded_shape(text, {"loc"})
    assert shape is not None and (("iri", RDF_TYPE), ("iri", CQC_NS + "Inspection")) \
        in shape.fan_ins
    # a bound class is no constant to the engine: one lookup for each inspection found
    shape = bounded_shape(CQC + "SELECT ?loc ?c ?i WHERE { ?i cqc:inspectionOf ?loc ; a ?c }",
                          {"loc", "c"})
    assert shape is not None and shape.fan_ins == (
        (("iri", CQC_NS + "inspectionOf"), ("var", "loc")),)
    # written in, the location is a constant the engine starts from: no check is added
    written = CQC + "SELECT ?i WHERE { ?i cqc:inspectionOf " + LOC + " ; a cqc:Inspection }"
    assert bounded_shape(written) == bounded.Shape(
        ((("iri", CQC_NS + "inspectionOf"), ("iri", LOC[1:-1])),))
    assert bounded_shape(CQC + "SELECT ?loc ?i WHERE { ?i cqc:inspectionOf ?loc ;"
                               " cqc:name 'A' }", {"loc"}) is None  # a literal: no check


@pytest.mark.parametrize("query", [
    "SELECT * { ?s ?p ?o }",
    "SELECT * { ?s ?p ?o } LIMIT 1",  # (one pattern with a LIMIT is the trivially cheap path's)
    "SELECT * { ?s <http://x.example/p> 'a literal' }",  # a literal's fan-in is not checked
    "SELECT * { ?s <http://x.example/p> ?o }",
    "SELECT * { " + LOC + " <http://x.example/p>+ ?o }",
    "SELECT * { " + LOC + " <http://x.example/p>/<http://x.example/q> ?o }",
    "SELECT * { " + LOC + " ^<http://x.example/p> ?o }",
    "SELECT * { " + LOC + " <http://x.example/p>|<http://x.example/q> ?o }",
    "SELECT * { " + LOC + " ?p ?o FILTER(?o != 1) }",
    "SELECT * { " + LOC + " ?p ?o BIND(1 AS ?x) }",
    "SELECT * { " + LOC + " ?p ?o VALUES ?x { 1 } }",
    "SELECT * { { " + LOC + " ?p ?o } UNION { ?s ?p ?o } }",
    "SELECT * { " + LOC + " ?p ?o MINUS { ?o ?q ?r } }",
    "SELECT * { " + LOC + " ?p ?o SERVICE <http://x.example/sparql> { ?o ?q ?r } }",
    "SELECT * { " + LOC + " ?p ?o { SELECT ?o { ?o ?q ?r } } }",
    "SELECT (COUNT(*) AS ?n) { " + LOC + " ?p ?o }",
    "SELECT ?o { " + LOC + " ?p ?o } GROUP BY ?o",
    "SELECT * FROM <http://x.example/g> { " + LOC + " ?p ?o }",
    "DESCRIBE " + LOC,
    "SELECT * { [] ?p ?o }",
    "SELECT * { _:b ?p ?o }",
    "SELECT * { " + LOC + " ?p [ ?q ?r ] }",
    "SELECT * { " + LOC + " ?p ?o . GRAPH ?g { } }",  # every graph of the store
    "SELECT * { OPTIONAL { " + LOC + " ?p ?o } ?o ?q ?r }",  # bound only inside an OPTIONAL
    # an OPTIONAL is evaluated for what stands before it: here, nothing (a scan of the store)
    "SELECT * { OPTIONAL { ?o ?q ?r } " + LOC + " ?p ?o }",
    "SELECT * { " + LOC + " ?p ?x OPTIONAL { OPTIONAL { ?y ?a ?b } ?x ?q ?y } }",
    "SELECT * { GRAPH ?g { OPTIONAL { ?o ?q ?r } } " + LOC + " ?p ?o }",
    "SELECT * { <http://x.example/\\u0061> ?p ?o }",  # an escape
    "BASE <http://x.example/> SELECT * { ?s <p> <o> }",  # relative IRIs are not checked
    "SELECT * { ?s ex:p ex:o }",  # an undeclared prefix
    "SELECT * { " + LOC + " ?p ?o } ORDER BY (?o + 1)",
    "SELECT * { " + LOC + " ?p ?o",
    "",
    "INSERT DATA { " + LOC + " ?p ?o }",
])
def test_unbounded_or_unread_queries_keep_the_worker(query):
    assert bounded_shape(query) is None


# -- property tests --------------------------------------------------------------------------

VARS = ["?a", "?b", "?c", "?d"]
IRIS = ["<http://x.example/1>", "<http://x.example/2>"]
PREDICATES = ["?p", "<http://x.example/p>", "a"]
OBJECTS = VARS + IRIS + ["'text'", "42"]

triple = st.tuples(st.sampled_from(VARS + IRIS), st.sampled_from(PREDICATES),
                   st.sampled_from(OBJECTS))


def reached(triples: list[tuple[str, str, str]]) -> bool:
    """The rule, written again as plainly as possible, for one group of triples: a pattern
    is anchored by an IRI subject, a subject bound by an anchored pattern, or an IRI
    object (checked on the store, with its predicate or, a variable, any)."""
    bound: set[str] = set()
    anchored = [False] * len(triples)
    changed = True
    while changed:
        changed = False
        for k, (s, p, o) in enumerate(triples):
            if not anchored[k] and (s.startswith("<") or s in bound
                                    or o.startswith("<")):
                anchored[k] = changed = True
                bound |= {t for t in (s, p, o) if t.startswith("?")}
    return all(anchored)


@settings(max_examples=400, deadline=None)
@given(st.lists(triple, min_size=1, max_size=6))
def test_a_group_of_triples_is_bounded_exactly_when_every_pattern_is_reached(triples):
    query = "SELECT * WHERE { " + " . ".join(" ".join(t) for t in triples) + " }"
    assert (bounded_shape(query) is not None) == reached(triples)


UNBOUNDED = [
    "FILTER(?a)", "BIND(1 AS ?z)", "VALUES ?z { 1 }", "{ ?a ?b ?c } UNION { ?a ?b ?c }",
    "MINUS { ?a ?b ?c }", "SERVICE <http://x.example/s> { ?a ?b ?c }",
    "{ SELECT * { ?a ?b ?c } }", "?z <http://x.example/p>* ?y", "[] ?q ?y", "?z ?q ?y",
    "GRAPH ?g { }", "OPTIONAL { ?z ?q ?y }", "<http://x.example/1> !<http://x.example/p> ?y",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(triple, min_size=1, max_size=4), st.sampled_from(UNBOUNDED),
       st.integers(min_value=0, max_value=4))
def test_an_unbounded_piece_anywhere_in_a_group_is_refused(triples, piece, at):
    parts = [" ".join(t) + " ." for t in triples]
    parts.insert(min(at, len(parts)), piece)
    query = "SELECT * WHERE { " + " ".join(parts) + " }"
    assert bounded_shape(query) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_without_an_error(text):
    bounded_shape(text)
    bounded_shape("SELECT * { " + text + " }")


# -- in the engine -----------------------------------------------------------------------------

EX = "https://cqcgraph.example/id/"
OF = "https://cqcgraph.example/ontology#inspectionOf"
NAME = "http://schema.org/name"


@pytest.fixture
def engine(tmp_path):
    """An engine over a store on disk, with query workers: 600 inspections of one location,
    3 of another."""
    store = GraphStore.open(tmp_path / "store")
    g = ox.NamedNode(EX + "document/1")
    store.extend(ox.Quad(ox.NamedNode(f"{EX}inspection/{n}"), ox.NamedNode(OF),
                         ox.NamedNode(EX + ("location/big" if n < 600 else "location/small")), g)
                 for n in range(603))
    store.extend(ox.Quad(ox.NamedNode(f"{EX}inspection/{n}"), ox.NamedNode(NAME),
                         ox.Literal(f"Inspection {n}"), g) for n in range(603))
    eng = QueryEngine(store, Settings(store=tmp_path / "store", workers=1), dict)
    assert eng.pool is not None and eng.pool.wait_ready()
    yield eng
    eng.close()


@pytest.fixture
def runs_here(monkeypatch):
    """The queries this process evaluated itself (query workers are processes of their own)."""
    seen: list[str] = []
    execute = workers.query_worker.execute

    def counted(store, request, emit, budget=None):  # noqa: ANN001, ANN202
        seen.append(request["query"])
        return execute(store, request, emit, budget)

    monkeypatch.setattr(workers.query_worker, "execute", counted)
    return seen


def names(run) -> list[str]:  # noqa: ANN001
    return sorted(b["n"]["value"] for b in json.loads(run.read_all())["results"]["bindings"])


def of(location: str) -> str:
    return f"SELECT ?n WHERE {{ ?i <{OF}> <{EX}location/{location}> ; <{NAME}> ?n }}"


def test_a_query_with_few_statements_per_check_runs_in_the_servers_process(engine, runs_here):
    run = engine.query(of("small"), results_format="json", graph_format=None)
    assert names(run) == ["Inspection 600", "Inspection 601", "Inspection 602"]
    assert runs_here == [of("small")]


def test_a_bound_value_is_checked_like_an_iri(engine, runs_here):
    text = f"SELECT ?loc ?n WHERE {{ ?i <{OF}> ?loc ; <{NAME}> ?n }}"
    small = engine.query(text, results_format="json", graph_format=None,
                         substitutions={"loc": ox.NamedNode(EX + "location/small")})
    assert len(names(small)) == 3 and runs_here == [text]
    big = engine.query(text, results_format="json", graph_format=None,
                       substitutions={"loc": ox.NamedNode(EX + "location/big")})
    assert len(names(big)) == 600 and runs_here == [text]  # (the worker answered)


def test_a_check_with_too_many_statements_sends_the_query_to_a_worker(engine, runs_here):
    assert bounded.FAN_IN_LIMIT < 600
    run = engine.query(of("big"), results_format="json", graph_format=None)
    assert len(names(run)) == 600 and runs_here == []


def test_an_unbounded_query_keeps_the_worker_and_its_time_limit(engine, runs_here):
    run = engine.query(f"SELECT ?n WHERE {{ ?i <{NAME}> ?n }}", results_format="json",
                       graph_format=None)
    assert len(names(run)) == 603 and runs_here == []


def test_a_query_past_the_budget_of_the_servers_process_is_answered_by_a_worker(
        engine, runs_here, monkeypatch):
    monkeypatch.setattr(workers, "INLINE_CPU", -1.0)  # every query run here is past it
    text = f"SELECT ?n WHERE {{ <{EX}inspection/1> <{NAME}> ?n }}"
    run = engine.query(text, results_format="json", graph_format=None)
    assert names(run) == ["Inspection 1"] and runs_here == [text]
    assert engine.pool is not None and engine.pool.is_heavy(text)
    again = engine.query(text, results_format="json", graph_format=None)
    assert names(again) == ["Inspection 1"] and runs_here == [text]  # known heavy: a worker's


WRITTEN_IRIS = ["<http://x.example/1>", "<http://x.example/2>", "<relative>", "ex:one",
                "'<http://x.example/in-a-string>'", "\"a > b < c\""]
written = st.tuples(st.sampled_from(VARS + WRITTEN_IRIS[:4]), st.sampled_from(PREDICATES),
                    st.sampled_from(OBJECTS + WRITTEN_IRIS))


@settings(max_examples=400, deadline=None)
@given(st.lists(written, min_size=1, max_size=5))
def test_reading_the_shape_with_stand_ins_for_iris_changes_no_answer(triples):
    query = ("PREFIX ex: <http://x.example/> SELECT * WHERE { "
             + " . ".join(" ".join(t) for t in triples) + " }")
    shape = bounded_shape(query)
    if shape is not None:  # (a check on a relative IRI refuses the whole query: never looser)
        assert shape == bounded._shape(query, frozenset())


def test_a_construct_past_the_budget_is_answered_by_a_worker_too(engine, runs_here, monkeypatch):
    monkeypatch.setattr(workers, "INLINE_CPU", -1.0)
    text = f"CONSTRUCT WHERE {{ <{EX}inspection/1> <{NAME}> ?n }}"
    run = engine.query(text, results_format=None, graph_format="ntriples")
    assert b"Inspection 1" in run.read_all() and runs_here == [text]
    assert engine.pool is not None and engine.pool.is_heavy(text)
