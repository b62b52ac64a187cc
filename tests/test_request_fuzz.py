"""Random requests never get a 500: whatever the method, path, parameters, headers and body,
a mistake is a 4xx with a readable message (HTTP status codes mean what the protocol says;
500 is kept for bugs). Hypothesis drives a real server (gunicorn) over a small demo store,
with and without the write token; CQCGRAPH_FUZZ_EXAMPLES sets how many requests (default
300, bounded for CI; 4000 for a long run)."""

from __future__ import annotations

import os
import string
import urllib.parse

import pytest
import requests

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from servers import DEMO, ingest, serving  # noqa: E402

TOKEN = "fuzz-token"
EXAMPLES = int(os.environ.get("CQCGRAPH_FUZZ_EXAMPLES", "300"))

PATHS = ["/", "/sparql", "/update", "/store", "/store/graphs/", "/store/", "/documents",
         "/queries", "/queries/", "/queries/find-location", "/ontology", "/ontology.",
         "/shapes", "/.well-known/void", "/health", "/static/", "/id/", "/doc/", "/nothing/"]
#: The page routes (/id/, /doc/) get suffixes made of characters an IRI path may hold
#: (RFC 3987 ipath: unreserved, sub-delims, ":", "@", "/"; no "%", which must start a %XX)
#: only here; what the page routes answer for other paths is tested with the pages.
IRI_SAFE = string.ascii_letters + string.digits + "-._~:/?#@!$&'()*+,;="
PARAMS = ["query", "update", "graph", "default", "format", "default-graph-uri",
          "named-graph-uri", "using-graph-uri", "using-named-graph-uri", "name", "location",
          "source_url", "example"]
ACCEPTS = ["*/*", "text/html", "application/sparql-results+json", "text/csv", "text/turtle",
           "application/ld+json", "application/n-quads", "application/x-nothing", "",
           "text/*;q=0, */*;q=0.1", "image/png"]
CONTENT_TYPES = ["application/sparql-query", "application/sparql-update",
                 "application/x-www-form-urlencoded", "text/turtle", "application/n-triples",
                 "application/n-quads", "multipart/form-data; boundary=x", "text/plain",
                 "application/json", "", "text/turtle; charset=latin-1"]
SPARQLISH = ["SELECT * { ?s ?p ?o } LIMIT 1", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
             "INSERT DATA { <a:s> <a:p> 1 }", "CLEAR ALL", "DESCRIBE <a:b>",
             "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "<a:s> <a:p> <a:o> .",
             "http://example.org/g", "not an iri", "\n", "ttl", "json"]
printable = st.text(alphabet=string.printable.strip() + " ", max_size=40)
value = st.one_of(st.sampled_from(SPARQLISH), st.text(max_size=60))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    store = root / "store"
    ingest(store, *sorted(DEMO.glob("00[12]_*.txt")))
    with serving(store, "--workers", "1", "--query-timeout", "5", token=TOKEN) as url:
        yield url


@st.composite
def fuzzed_request(draw):
    prefix = draw(st.sampled_from(PATHS))
    if prefix in ("/id/", "/doc/"):
        suffix = draw(st.text(alphabet=IRI_SAFE, max_size=30))
        path = prefix + suffix.replace("?", "%3F").replace("#", "%23")
    else:
        path = prefix + urllib.parse.quote(draw(st.text(max_size=20)), safe="/")
    pairs = draw(st.lists(st.tuples(st.sampled_from(PARAMS), value), max_size=3))
    query = urllib.parse.urlencode(pairs)
    headers = {"Accept": draw(st.one_of(st.sampled_from(ACCEPTS), printable))}
    if draw(st.booleans()):
        headers["Content-Type"] = draw(st.one_of(st.sampled_from(CONTENT_TYPES), printable))
    if draw(st.booleans()):
        headers["Authorization"] = f"Bearer {TOKEN}"
    host = draw(st.one_of(st.none(), st.sampled_from(["a" * 300, "a." * 150, "exa mple", "[::1]",
                                                       "x:99999999", "h\u00e9.test", "-"]),
                          printable))
    if host is not None:
        headers["Host"] = host
    body = draw(st.one_of(st.just(b""), st.sampled_from(SPARQLISH).map(str.encode),
                          st.binary(max_size=200)))
    method = draw(st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]))
    return method, path + ("?" + query if query else ""), headers, body


def test_random_requests_get_no_500(server):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(fuzzed_request())
    def check(req):
        method, target, headers, body = req
        try:
            headers = {k: v.encode("latin-1", "replace").decode("latin-1") for k, v in headers.items()}
            r = requests.request(method, server + target, headers=headers, data=body or None,
                                 timeout=60, allow_redirects=False)
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, ValueError):
            return  # the client library would not send it
        assert r.status_code < 500 or r.status_code == 503, (method, target, headers, r.text[:300])
        if r.status_code >= 400 and method != "HEAD" and "json" in r.headers.get("Content-Type", ""):
            body = r.json()  # the one error shape, or an ingest report saying why it failed
            said = body["error"]["message"] if "error" in body else body["reason"]
            assert said.strip(), body

    check()
