"""The SERVICE guard on its own (no server): what it refuses, what it rewrites, and that the text
it returns is the one the engine must run. The same rules through a real server, under
mutation, are in test_service_fuzz.py."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cqcgraph.sparql import text as sparql_text
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.sparql.service_guard import (
    MAX_ANALYSED_CHARS,
    MAX_NESTING,
    ServiceGuard,
    ServiceProxy,
    oxigraph_agrees,
)

ALLOWED = "http://allowed.example/sparql"
OTHER = "http://127.0.0.1:9/sparql"
PROXY = "http://127.0.0.1:5/secret/0"


@pytest.fixture(scope="module")
def guard():
    g = ServiceGuard((ALLOWED,), lambda i: PROXY)
    yield g
    g.close()


def refused(guard: ServiceGuard, text: str, update: bool = False) -> str:
    with pytest.raises(ProtocolError) as info:
        guard.check(text, update=update, base_iri="http://host.example/sparql")
    assert info.value.status == 400
    return info.value.message


def test_an_escaped_quote_no_longer_hides_a_service(guard):
    """``'a\\u0027b'`` is one string to Oxigraph (escapes apply inside strings only); applying
    the escape to the whole text first made the SERVICE after it look like part of a string."""
    text = f"SELECT * {{ BIND('a\\u0027b' AS ?x) SERVICE <{OTHER}> {{ ?s ?p ?o }} }}"
    assert "not allowed" in refused(guard, text)
    assert "not allowed" in refused(guard, "INSERT { ?s ?p ?o } WHERE { BIND('a\\u0027b' AS ?x)"
                                           f" SERVICE <{OTHER}> {{ ?s ?p ?o }} }}", update=True)


def test_the_text_returned_is_escape_free_and_means_the_same_to_oxigraph(guard):
    text = (f"SELECT ?x {{ BIND('a\\u0027b\\U0001F600' AS ?x) SERVICE <{ALLOWED[:-6]}\\u0073parql>"
            " { } }")
    out = guard.check(text)
    assert not sparql_text.has_codepoint_escapes(out) and PROXY in out
    plain = out.replace(f"SERVICE <{PROXY}> {{ }}", "")
    [row] = list(ox.Store().query(plain))
    assert row["x"].value == "a'b\U0001F600"


def test_a_service_nested_in_an_allowed_service(guard):
    """It was refused with "maximum recursion depth exceeded" (rdflib's parser)."""
    out = guard.check(f"SELECT * {{ SERVICE <{ALLOWED}> {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }} }}")
    # the outer call goes through the proxy; the nested one is the remote's to make
    assert out == f"SELECT * {{ SERVICE <{PROXY}> {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }} }}"
    assert "not allowed" in refused(
        guard, f"SELECT * {{ SERVICE <{ALLOWED}> {{ SERVICE <{OTHER}> {{ ?s ?p ?o }} }} }}")


def test_endpoints_written_other_ways_are_resolved_before_the_allow_list(guard):
    assert PROXY in guard.check("PREFIX e: <http://allowed.example/> SELECT * { SERVICE e:sparql {} }")
    assert PROXY in guard.check("BASE <http://allowed.example/> SELECT * { SERVICE <sparql> {} }")
    assert "not allowed" in refused(
        guard, "BASE <http://127.0.0.1:9/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }")
    refused(guard, "SELECT * { service <//127.0.0.1:9/sparql> {} }")  # the readings differ


def test_what_cannot_be_read_the_same_way_twice_is_refused(guard):
    # the lexer takes <'> for an IRI, Oxigraph and rdflib for "less than" and a string
    assert "cannot analyse" in refused(
        guard, f"SELECT * {{ FILTER(1<'>') SERVICE <{OTHER}> {{ ?s ?p ?o }} BIND('' AS ?z) }}")
    # an escape outside a string or an IRI
    assert "cannot analyse" in refused(guard, f"SELECT * {{ SERV\\u0049CE <{OTHER}> {{ }} }}")


def test_load_is_refused_however_it_is_written(guard):
    for text in (f"LOAD <{OTHER}>", f"load silent <{OTHER}> into graph <http://g/>",
                 f"INSERT DATA {{ <http://a/> <http://b/> 'x\\u0027' }} ; LoAd <{OTHER}>"):
        assert "LOAD" in refused(guard, text, update=True)
    assert guard.check("INSERT DATA { <http://a/> <http://b/> 'download' }", update=True)


def test_words_that_merely_contain_service_still_run(guard):
    text = "PREFIX cqc: <https://cqcgraph.example/ontology#> SELECT * { ?s cqc:service 'caf\\u00e9' }"
    assert guard.check(text).endswith("cqc:service 'café' }")


def test_deep_and_long_requests_get_a_clear_400(guard):
    deep = "SELECT * " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000
    assert f"limit of this server is {MAX_NESTING}" in refused(guard, deep)
    chain = "ASK { FILTER(" + "||".join(["true"] * 10_000) + ") }"
    assert f"limit of this server is {MAX_NESTING}" in refused(guard, chain)
    ok = "SELECT * " + "{ " * 100 + "?s ?p ?o" + " }" * 100
    assert guard.check(ok) == ok
    body = " ".join(f"?s <http://x.example/p{i}> ?o{i} ." for i in range(2000))
    message = refused(guard, f"SELECT * {{ SERVICE <{ALLOWED}> {{ {body} }} }}")
    assert f"{MAX_ANALYSED_CHARS // 1024} KiB" in message


def test_a_remote_body_is_never_shown():
    proxy = ServiceProxy((ALLOWED,), timeout=1)
    try:
        engine = (f"Error 500 Internal Server Error returned by {proxy.url(0)} with payload:"
                  " password=hunter2")
        status, message = proxy.explain(502, engine)
        assert status == 502 and "hunter2" not in message and ALLOWED in message
        status, message = proxy.explain(502, "invalid JSON: password=hunter2 …")
        assert status == 502 and "hunter2" not in message
    finally:
        proxy.close()


def test_a_decoy_service_in_a_string_does_not_draw_the_rewrite(guard):
    """Both readings agreed on *which* calls were made (one SERVICE SILENT to OTHER) but not
    on *where*: the lexer, taking ``<'>`` for an IRI, saw the copy inside the string and
    dropped that one, and the real call was left in place and made."""
    text = (f"SELECT * {{ FILTER(1<'>') SERVICE SILENT <{OTHER}> {{ }}"
            f" BIND('x SERVICE SILENT <{OTHER}> {{ }} ' AS ?z) }}")
    assert "cannot analyse" in refused(guard, text)


def test_a_comment_ended_by_a_carriage_return(guard):
    """Oxigraph ends a comment at a carriage return, rdflib only at a line feed; with a long
    string that the lexer misreads, neither of the guard's readings saw the SERVICE that
    Oxigraph runs. Oxigraph's own parser now has the last word."""
    text = f"SELECT * {{ BIND(1<'''>''' AS ?w) # \rSERVICE <{OTHER}> {{ }} BIND('''x''' AS ?z)\n }}"
    refused(guard, text)
    with pytest.raises(ProtocolError):
        oxigraph_agrees(text, update=False)
