"""The lookups of one page go to one query worker together (``QueryEngine.query_batch``):
each comes back as its own answer, in order, with its own bound values, and a lookup that
fails fails alone, with the status it would have had on its own."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from cqcgraph.settings import Settings
from cqcgraph.sparql.engine import QueryEngine
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.store import GraphStore

EX = "https://cqcgraph.example/id/"
NAME = "http://schema.org/name"


@pytest.fixture(params=["workers", "memory"])
def engine(request, tmp_path):
    """An engine over a store on disk (real query worker processes) or in memory (inline)."""
    if request.param == "workers":
        store = GraphStore.open(tmp_path / "store")
        settings = Settings(store=tmp_path / "store", workers=1)
    else:
        store, settings = GraphStore.memory(), Settings(memory=True)
    store.extend(ox.Quad(ox.NamedNode(f"{EX}location/{n}"), ox.NamedNode(NAME),
                         ox.Literal(f"Location {n}"), ox.NamedNode(f"{EX}document/{n}"))
                 for n in range(3))
    eng = QueryEngine(store, settings, dict, fast_workers=2 if request.param == "workers" else 0)
    if eng.pool is not None:
        assert eng.pool.wait_ready()
    yield eng
    eng.close()


def names(answer: bytes) -> list[str]:
    return [b["name"]["value"] for b in json.loads(answer)["results"]["bindings"]]


def test_each_lookup_has_its_own_answer_in_order(engine):
    query = f"SELECT ?loc ?name WHERE {{ ?loc <{NAME}> ?name }}"  # (a bound variable is projected)
    answers = engine.query_batch([(query, {"loc": ox.NamedNode(f"{EX}location/{n}")})
                                  for n in (2, 0, 1)])
    assert [names(a) for a in answers] == [["Location 2"], ["Location 0"], ["Location 1"]]


def test_a_failing_lookup_fails_alone_with_its_own_status(engine):
    good = f"SELECT ?name WHERE {{ <{EX}location/1> <{NAME}> ?name }}"
    answers = engine.query_batch([(good, {}),
                                  ("SELECT * WHERE { FILTER(?x) } GROUP BY ?nothing(", {}),
                                  (good, {})])
    assert names(answers[0]) == ["Location 1"] and names(answers[2]) == ["Location 1"]
    assert isinstance(answers[1], ProtocolError) and answers[1].status == 400


def test_the_service_guard_reads_every_lookup_of_a_batch(engine):
    with pytest.raises(ProtocolError) as refused:
        engine.query_batch([("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {}),
                            ("SELECT * WHERE { SERVICE <http://elsewhere.example/sparql>"
                             " { ?s ?p ?o } }", {})])
    assert refused.value.status == 400
