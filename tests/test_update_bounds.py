"""An update's WHERE sees the union default graph without the update listing the store's
graphs: what is sent to the store does not grow with their number, and the templates are
instantiated as SPARQL 1.1 Update says (3.1.3): a fresh blank node per solution, a triple
with an unbound variable left out, DELETE WHERE as written. A real on-disk store, the real
engine (queries inline)."""

from __future__ import annotations

import pytest

from cqcgraph.settings import Settings
from cqcgraph.sparql.engine import QueryEngine
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.store import GraphStore

EX = "http://example.org/bounds/"
PREFIX = f"PREFIX ex: <{EX}>\n"


def document_graphs(store: GraphStore, n: int, marked: int = 3) -> None:
    """``n`` small document graphs, the first ``marked`` of them holding an ``ex:marked``."""
    body = []
    for i in range(n):
        mark = f" <{EX}s{i}> <{EX}marked> {i} ." if i < marked else ""
        body.append(f"GRAPH <{EX}doc/{i}> {{ <{EX}s{i}> <{EX}p> 'v{i}' .{mark} }}")
    store.update("INSERT DATA {\n" + "\n".join(body) + "\n}")


@pytest.fixture()
def engine(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    eng = QueryEngine(store, Settings(memory=True), dict, fast_workers=0)
    yield eng
    eng.close()


def rows(engine: QueryEngine, where: str) -> list[dict]:
    return [{k: str(v) for k, v in row.items()}
            for row in engine.store.rows(PREFIX + f"SELECT * WHERE {{ {where} }}")]


MARKED = PREFIX + ("INSERT { GRAPH ex:out { ?s ex:seen ?n } } WHERE { ?s ex:marked ?n } ;\n"
                   "DELETE WHERE { GRAPH ?g { ?s ex:marked 0 } }")


def test_what_an_update_sends_does_not_grow_with_the_number_of_graphs(tmp_path):
    sent = {}
    for n in (10, 2000):
        store = GraphStore.open(tmp_path / f"store{n}")
        document_graphs(store, n)
        sent[n] = QueryEngine.update_to_send(store, MARKED, None, (), ())
        store.update_raw(sent[n])
        assert len(list(store.rows(PREFIX + "SELECT * { GRAPH ex:out { ?s ex:seen ?n } }"))) == 3
    assert "USING" not in sent[2000] and f"{EX}doc/1999" not in sent[2000]
    assert len(sent[2000]) == len(sent[10])  # the same three solutions, whatever the graphs


def test_a_template_blank_node_is_fresh_for_each_solution_and_shared_within_one(engine):
    document_graphs(engine.store, 5, marked=5)
    engine.update(PREFIX + "INSERT { GRAPH ex:out { _:r ex:of ?s ; ex:n ?n } }"
                           " WHERE { ?s ex:marked ?n }")
    found = rows(engine, "GRAPH ex:out { ?r ex:of ?s ; ex:n ?n }")
    assert len(found) == 5
    assert len({r["r"] for r in found}) == 5  # one node a solution, holding both its triples
    assert all(r["r"].startswith("_:") for r in found)


def test_a_triple_with_an_unbound_variable_is_left_out_and_the_others_kept(engine):
    document_graphs(engine.store, 4, marked=2)
    engine.update(PREFIX + "INSERT { GRAPH ex:out { ?s ex:value ?v . ?s ex:mark ?n } }"
                           " WHERE { ?s ex:p ?v OPTIONAL { ?s ex:marked ?n } }")
    assert len(rows(engine, "GRAPH ex:out { ?s ex:value ?v }")) == 4
    assert len(rows(engine, "GRAPH ex:out { ?s ex:mark ?n }")) == 2


def test_a_triple_the_bindings_make_ill_formed_is_left_out(engine):
    document_graphs(engine.store, 2)
    engine.update(PREFIX + "INSERT { GRAPH ex:out { ?v ex:from ?s . ?s ex:copy ?v } }"
                           " WHERE { ?s ex:p ?v }")
    assert not rows(engine, "GRAPH ex:out { ?v ex:from ?s }")  # a literal is no subject
    assert len(rows(engine, "GRAPH ex:out { ?s ex:copy ?v }")) == 2


def test_delete_insert_where_moves_what_its_where_finds_across_graphs(engine):
    document_graphs(engine.store, 6)
    engine.update(PREFIX + "DELETE { GRAPH ?g { ?s ex:p ?v } } INSERT { GRAPH ?g { ?s ex:q ?v } }"
                           " WHERE { GRAPH ?g { ?s ex:p ?v } ?s ex:marked ?n }")
    assert len(rows(engine, "GRAPH ?g { ?s ex:q ?v }")) == 3
    assert len(rows(engine, "GRAPH ?g { ?s ex:p ?v }")) == 3  # the unmarked ones stay


def test_delete_where_is_sent_as_written_and_deletes_what_it_matches(engine):
    document_graphs(engine.store, 5)
    text = PREFIX + "DELETE WHERE { GRAPH ?g { ?s ex:marked ?n } }"
    assert QueryEngine.update_to_send(engine.store, text, None, (), ()) == text
    engine.update(text)
    assert not rows(engine, "?s ex:marked ?n")
    assert len(rows(engine, "?s ex:p ?v")) == 5


def test_a_later_operation_sees_what_the_first_one_wrote(engine):
    document_graphs(engine.store, 3)
    engine.update(PREFIX + "INSERT { GRAPH ex:a { ?s ex:step 1 } } WHERE { ?s ex:marked ?n } ;\n"
                           "INSERT { GRAPH ex:b { ?s ex:step 2 } } WHERE { ?s ex:step 1 }")
    assert len(rows(engine, "GRAPH ex:b { ?s ex:step 2 }")) == 3


def test_a_blank_node_of_the_store_is_kept_by_its_identity(engine):
    engine.store.update(f"INSERT DATA {{ GRAPH <{EX}doc> {{ _:x <{EX}p> 'v' }} }}")
    engine.update(PREFIX + "INSERT { GRAPH ex:doc { ?s ex:q 'w' } } WHERE { ?s ex:p 'v' }")
    assert len(rows(engine, "?s ex:p 'v' ; ex:q 'w'")) == 1


def test_a_syntax_error_is_the_users_own_with_its_position(engine):
    document_graphs(engine.store, 2)
    with pytest.raises(ProtocolError) as caught:
        engine.update(PREFIX + "INSERT { GRAPH ex:out { ?s ex:p ?v } } WHERE { ?s ex:p ?v ")
    assert caught.value.status == 400
    assert not rows(engine, "GRAPH ex:out { ?s ?p ?v }")


def test_the_request_stays_atomic_when_a_later_operation_fails(engine):
    document_graphs(engine.store, 3)
    with pytest.raises(ProtocolError) as caught:
        engine.update(PREFIX + "INSERT { GRAPH ex:out { ?s ex:seen 1 } } WHERE { ?s ex:marked ?n }"
                               " ;\nDROP GRAPH ex:no-such-graph")
    assert caught.value.status == 400
    assert not rows(engine, "GRAPH ex:out { ?s ?p ?v }")
