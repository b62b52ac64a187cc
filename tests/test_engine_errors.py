"""A query or update the engine refuses is the request's fault (400); a fault of ours while
evaluating is a 500 that says what went wrong, never a 400."""

from __future__ import annotations

import pytest

from cqcgraph.settings import Settings
from cqcgraph.sparql.engine import QueryEngine
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.store import GraphStore


@pytest.fixture()
def engine():
    store = GraphStore.memory()  # queries run inline: the same code as in a worker process
    eng = QueryEngine(store, Settings(memory=True), dict, fast_workers=0)
    yield eng
    eng.close()


def test_an_update_the_engine_refuses_is_a_400(engine):
    with pytest.raises(ProtocolError) as caught:
        engine.update("DROP GRAPH <https://cqcgraph.example/no-such-graph>")
    assert caught.value.status == 400
    assert "does not exist" in caught.value.message


def test_a_fault_of_ours_in_an_update_is_a_500_naming_it(engine, monkeypatch):
    def broken(*args, **kwargs):
        raise TypeError("an argument of the wrong kind")

    monkeypatch.setattr(engine.store, "update_raw", broken)
    with pytest.raises(ProtocolError) as caught:
        engine.update("INSERT DATA { GRAPH <https://cqcgraph.example/g> {"
                      " <https://cqcgraph.example/a> <https://cqcgraph.example/b> 'c' } }")
    assert caught.value.status == 500
    assert "TypeError" in caught.value.message and "wrong kind" in caught.value.message


def _query_failing_with(engine, monkeypatch, error: Exception) -> ProtocolError:
    """What the engine raises for a query whose evaluation raises ``error``."""
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr(engine.store, "engine_query", failing)
    with pytest.raises(ProtocolError) as caught:
        engine.query("SELECT * WHERE { ?s ?p ?o }", results_format="json", graph_format=None)
    return caught.value


def test_a_query_the_engine_refuses_to_evaluate_is_a_400(engine, monkeypatch):
    # Oxigraph raises RuntimeError or ValueError when it refuses to evaluate as asked
    refused = _query_failing_with(engine, monkeypatch,
                                  ValueError("these arguments should not be set at the same time"))
    assert refused.status == 400
    assert refused.message.startswith("query error:")


def test_a_fault_of_ours_in_a_query_is_a_500_naming_it(engine, monkeypatch):
    broken = _query_failing_with(engine, monkeypatch, KeyError("substitutions"))
    assert broken.status == 500
    assert "KeyError" in broken.message and "substitutions" in broken.message


def test_a_query_that_runs_still_answers(engine):
    run = engine.query("ASK { }", results_format="json", graph_format=None)
    assert b"true" in run.read_all()
