"""Unit tests of the SPARQL protocol rules (cqcgraph.sparql.protocol), the lexer and the SERVICE
guard: no server, no store."""

from __future__ import annotations

import pytest

from cqcgraph.sparql import text as sparql_text
from cqcgraph.sparql import protocol
from cqcgraph.sparql.protocol import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    ProtocolError,
    QueryRequest,
    ServiceDescriptionRequest,
    negotiate,
    parse_query_request,
    parse_update_request,
)
from cqcgraph.sparql.service_guard import ServiceGuard, ServiceRefused


def name(fmt):
    return fmt.name if fmt else None


@pytest.mark.parametrize("accept, expected", [
    (None, "json"),
    ("", "json"),
    ("*/*", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9, application/json;q=0.1", "xml"),
    ("*/*;q=1, application/sparql-results+json;q=0, text/csv;q=0.5", "xml"),
    ("text/*", "csv"),
    ("text/tab-separated-values, text/*;q=0.1", "tsv"),
    ("application/json", "json"),
    ("application/x-nothing", None),
    ("text/csv;q=0", None),
    ("application/*;q=0.2, text/csv;q=0.1", "json"),
])
def test_results_negotiation_follows_rfc9110(accept, expected):
    assert name(negotiate(accept, RESULT_FORMATS)) == expected


def test_graph_negotiation_defaults_to_turtle_and_honours_q():
    assert name(negotiate(None, GRAPH_FORMATS)) == "turtle"
    assert name(negotiate("application/ld+json;q=0.9, text/turtle;q=0.2", GRAPH_FORMATS)) == "jsonld"
    assert name(negotiate("text/turtle;q=0, */*", GRAPH_FORMATS)) == "ntriples"


def test_get_without_query_is_service_description():
    assert isinstance(parse_query_request("GET", [], None, b""), ServiceDescriptionRequest)


def test_get_query_and_dataset():
    req = parse_query_request("GET", [("query", "ASK {}"), ("default-graph-uri", "http://g/1"),
                                      ("named-graph-uri", "http://g/2")], None, b"")
    assert req == QueryRequest("ASK {}", ("http://g/1",), ("http://g/2",))


@pytest.mark.parametrize("method, pairs, ctype, body, status", [
    ("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, b"", 400),
    ("GET", [("query", "ASK {}"), ("update", "CLEAR ALL")], None, b"", 400),
    ("POST", [], "text/plain", b"ASK {}", 415),
    ("POST", [], None, b"ASK {}", 415),
    ("POST", [], None, b"query=ASK%20%7B%7D", 415),
    ("POST", [], "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415),
    ("POST", [], "application/sparql-query", b"\xff\xfeA", 400),
    ("POST", [], "application/x-www-form-urlencoded", b"update=CLEAR%20ALL", 400),
    ("POST", [("query", "ASK {}")], "application/sparql-query", b"ASK {}", 400),
    ("PUT", [("query", "ASK {}")], None, b"", 405),
    ("GET", [("query", "ASK {}"), ("default-graph-uri", "relative")], None, b"", 400),
])
def test_query_request_errors(method, pairs, ctype, body, status):
    with pytest.raises(ProtocolError) as err:
        parse_query_request(method, pairs, ctype, body)
    assert err.value.status == status
    if status == 405:
        assert "Allow" in err.value.headers


def test_form_post_merges_url_dataset():
    req = parse_query_request("POST", [("default-graph-uri", "http://g/0")],
                              "application/x-www-form-urlencoded", b"query=ASK+%7B%7D")
    assert req.query == "ASK {}" and req.default_graphs == ("http://g/0",)


def test_update_requests():
    assert parse_update_request("POST", [], "application/sparql-update", b"CLEAR ALL").update == "CLEAR ALL"
    for method, pairs, ctype, body, status in [
        ("GET", [("update", "CLEAR ALL")], None, b"", 405),
        ("POST", [], "application/x-www-form-urlencoded", b"update=A&update=B", 400),
        ("POST", [], "text/plain", b"CLEAR ALL", 415),
    ]:
        with pytest.raises(ProtocolError) as err:
            parse_update_request(method, pairs, ctype, body)
        assert err.value.status == status


def test_syntax_error_message_has_line_and_column():
    msg = protocol.syntax_error_message('error at 2:7: expected one of ' + ", ".join(['"x"'] * 80))
    assert msg.startswith("query line 2 col 7: expected one of")
    assert len(msg) < 220


def test_error_shape():
    import json

    body = json.loads(protocol.error_body(400, "bad"))
    assert body == {"error": {"status": 400, "title": "Bad Request", "message": "bad"}}


def test_bearer_token_rules():
    with pytest.raises(ProtocolError) as err:
        protocol.check_bearer("Bearer x", None)
    assert err.value.status == 403
    with pytest.raises(ProtocolError) as err:
        protocol.check_bearer(None, "secret")
    assert err.value.status == 401
    with pytest.raises(ProtocolError) as err:
        protocol.check_bearer("Bearer wrong", "secret")
    assert err.value.status == 403
    protocol.check_bearer("Bearer secret", "secret")


def test_graph_target():
    assert protocol.parse_graph_target([("default", "")]).default
    assert protocol.parse_graph_target([("graph", "http://g")]).graph == "http://g"
    with pytest.raises(ProtocolError) as err:
        protocol.parse_graph_target([("graph", "not-absolute")])
    assert err.value.status == 400


# -- lexer -------------------------------------------------------------------------------------

def test_lexer_ignores_keywords_in_strings_iris_comments_and_names():
    text = 'PREFIX ex: <http://e/SERVICE> SELECT * { ?s ex:from "FROM SERVICE" . # SERVICE <x>\n }'
    assert not sparql_text.has_keyword(text, "SERVICE")
    assert not sparql_text.has_dataset_clause(text)
    assert sparql_text.query_form(text) == "SELECT"


def test_lexer_finds_nested_service_spans():
    text = "SELECT * { SERVICE <http://a/> { ?s ?p ?o SERVICE SILENT ?x { ?a ?b ?c } } }"
    spans = sparql_text.service_patterns(text)
    assert [s.endpoint for s in spans] == ["<http://a/>", "?x"]
    assert text[spans[0].start:spans[0].end].endswith("} }")


# -- SERVICE guard --------------------------------------------------------------------------------

def test_query_without_service_is_untouched():
    guard = ServiceGuard(())
    text = "SELECT * { ?s ?p ?o }"
    assert guard.check(text) is text


@pytest.mark.parametrize("text", [
    "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
    "PREFIX e: <http://127.0.0.1:9/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
    "SELECT * { \\u0053ERVICE <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o ",
])
def test_refused_services(text):
    with pytest.raises(ServiceRefused):
        ServiceGuard(("http://allowed.example/sparql",), lambda i: "http://127.0.0.1:1/x/0").check(text)


def test_silent_service_becomes_one_empty_solution():
    out = ServiceGuard(()).check("SELECT * { ?s ?p ?o SERVICE SILENT <http://x.invalid/> { ?a ?b ?c } }")
    assert "SERVICE" not in out and out.endswith("{} }")


def test_allowed_service_goes_through_the_proxy():
    guard = ServiceGuard(("http://allowed.example/sparql",), lambda i: f"http://127.0.0.1:5/t/{i}")
    out = guard.check("PREFIX a: <http://allowed.example/> SELECT * { SERVICE a:sparql { ?s ?p ?o } }")
    assert "SERVICE <http://127.0.0.1:5/t/0>" in out


def test_update_with_load_is_refused():
    from cqcgraph.sparql.service_guard import refuse_load

    with pytest.raises(ProtocolError):
        refuse_load("LOAD <http://169.254.169.254/> INTO GRAPH <http://g>")


# -- the update dataset (cqcgraph.sparql.update_text) -------------------------------------------

from cqcgraph.sparql import update_text  # noqa: E402


@pytest.mark.parametrize("text, writes", [
    ("INSERT DATA { GRAPH <http://g> { <http://s> <http://p> 1 } }", False),
    ("INSERT DATA { <http://s> <http://p> 1 }", True),
    ("INSERT DATA { GRAPH <http://g> { <http://s> <http://p> 1 } <http://s> <http://p> 2 }", True),
    ("PREFIX ex: <http://e/> DELETE { GRAPH ex:g { ?s ?p ?o } } WHERE { ?s ?p ?o }", False),
    ("DELETE { ?s ?p ?o } INSERT { GRAPH <http://g> { ?s ?p ?o } } WHERE { ?s ?p ?o }", True),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", False),
    ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", False),
    ("DELETE WHERE { ?s ?p ?o }", True),
    ("CLEAR ALL ; DROP SILENT GRAPH <http://g> ; CREATE GRAPH <http://h>", False),
    ("DROP DEFAULT", True),
    ("MOVE DEFAULT TO <http://g>", True),
    ("INSERT DATA { GRAPH <http://g> { <http://s> <http://p> 'a } ; DEFAULT' } }", False),
    ("# INSERT DATA { <http://s> <http://p> 1 }\nCLEAR GRAPH <http://g>", False),
])
def test_writes_into_the_default_graph_are_found(text, writes):
    if writes:
        with pytest.raises(update_text.UpdateRefused, match="read-only union"):
            update_text.refuse_default_graph_writes(text)
    else:
        update_text.refuse_default_graph_writes(text)


def test_every_modify_without_its_own_dataset_gets_the_using_clauses():
    text = ("INSERT { GRAPH <http://o> { ?s ?p ?o } } WHERE { ?s ?p ?o } ;\n"
            "WITH <http://g> INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ;\n"
            "DELETE { GRAPH <http://o> { ?s ?p ?o } } USING <http://x> WHERE { ?s ?p ?o } ;\n"
            "DELETE { GRAPH <http://o> { ?s ?p ?o } } WHERE { ?s ?p ?o FILTER(?o != 'WHERE') }")
    out = update_text.with_dataset(text, ["http://a"], ["http://b"])
    assert out.count("USING <http://a> USING NAMED <http://b> WHERE") == 2
    assert "WITH <http://g> INSERT { ?s ?p 1 } WHERE" in out
    assert "USING <http://x> WHERE" in out
    assert update_text.has_own_dataset(text)
    assert not update_text.has_own_dataset("INSERT { GRAPH <http://o> { ?s ?p ?o } } WHERE { ?s ?p ?o }")


def test_graphs_an_update_names_are_listed():
    text = ("PREFIX ex: <http://e/> INSERT DATA { GRAPH <http://g/1> { ex:s ex:p 1 } } ;"
            " COPY <http://g/1> TO <http://g/2> ; WITH <http://g/3> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert update_text.graphs_named(text) == ["http://g/1", "http://g/2", "http://g/3"]


@pytest.mark.parametrize("text, graphs", [
    ("INSERT DATA { GRAPH <http://g/1> { <http://s> <http://p> 1 } }", ["http://g/1"]),
    ("DELETE DATA { GRAPH <http://g/1> { <http://s> <http://p> 1 } }", ["http://g/1"]),
    ("BASE <http://g/> CLEAR SILENT GRAPH <a> ; DROP GRAPH <b>", ["http://g/a", "http://g/b"]),
    ("PREFIX g: <http://g/> DELETE WHERE { GRAPH g:x { ?s ?p ?o } }", ["http://g/x"]),
    # COPY and ADD write their target; MOVE its source as well
    ("COPY <http://g/1> TO <http://g/2> ; ADD DEFAULT TO GRAPH <http://g/3>",
     ["http://g/2", "http://g/3"]),
    ("MOVE SILENT GRAPH <http://g/1> TO <http://g/2>", ["http://g/1", "http://g/2"]),
    # WITH is written only by a template's triples outside GRAPH
    ("WITH <http://g/w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://g/w"]),
    ("WITH <http://g/w> INSERT { GRAPH <http://g/o> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
     ["http://g/o"]),
    # a graph only read is not written
    ("INSERT { GRAPH <http://g/o> { ?s ?p ?o } } WHERE { GRAPH <http://g/in> { ?s ?p ?o } }",
     ["http://g/o"]),
    ("CREATE GRAPH <http://g/new>", []),
])
def test_the_graphs_an_update_writes_are_found(text, graphs):
    found = update_text.writes(text, "http://base/update")
    assert list(found.graphs) == graphs
    assert not found.every_graph and not found.chosen


def test_graphs_a_where_chooses_come_as_the_query_that_lists_them():
    text = ("PREFIX ex: <http://e/>\nDELETE { GRAPH ?g { ?s ex:p ?o } } INSERT { GRAPH ?h { ?s ex:q ?o } }"
            " USING NAMED <http://g/1> WHERE { GRAPH ?g { ?s ex:p ?o } BIND(?g AS ?h) }")
    (chosen,) = update_text.writes(text).chosen
    assert chosen.query == ("PREFIX ex: <http://e/>\nSELECT DISTINCT ?g ?h WHERE"
                            " { GRAPH ?g { ?s ex:p ?o } BIND(?g AS ?h) }")
    assert (chosen.using, chosen.using_named, chosen.after_writes) == ((), ("http://g/1",), False)
    assert update_text.writes("DROP ALL").every_graph
    assert update_text.writes("CLEAR NAMED").every_graph
    later = update_text.writes("DROP GRAPH <http://g/1> ; DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert later.chosen[0].after_writes


@pytest.mark.parametrize("text, more, joined", [
    ("DROP GRAPH <http://g>", "CLEAR GRAPH <http://h>", "DROP GRAPH <http://g>\n;\nCLEAR GRAPH <http://h>"),
    ("DROP GRAPH <http://g> ;", "CLEAR GRAPH <http://h>", "DROP GRAPH <http://g> ;\nCLEAR GRAPH <http://h>"),
    ("DROP GRAPH <http://g> # a comment", "X", "DROP GRAPH <http://g> # a comment\n;\nX"),
    ("DROP GRAPH <http://g> ; PREFIX a: <http://a/>", "X", None),
])
def test_upkeep_operations_join_the_request_only_where_an_operation_may_follow(text, more, joined):
    assert update_text.append_operations(text, more) == joined
