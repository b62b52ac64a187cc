"""The linked-data pages on a store with several providers, several locations each and ten
documents per location (``tests/manydocs.py``), plus real CQC documents from the demo corpus,
behind a real ``cqcgraph serve``. Each page kind must show its own subject's facts and nobody
else's, answer within the endpoint's time limit, and link both ways."""

from __future__ import annotations

import datetime
import html
import re

import pyoxigraph as ox
import pytest
import requests

from manydocs import write_corpus
from servers import DEMO, PROJECT, ingest, serving, start_server, stop_server

CQC = "https://cqcgraph.example/ontology#"
ONTOLOGY = "https://cqcgraph.example/ontology"
TOKEN = "pages-token"
FASTRACK = "https://cqcgraph.example/id/location/fastrack-scan--lu20hf"
PROVIDERS, PER_PROVIDER, PER_LOCATION = 3, 3, 10


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    locations = write_corpus(root / "docs", PROVIDERS, PER_PROVIDER, PER_LOCATION)
    store = root / "store"
    ingest(store, root / "docs", *sorted(DEMO.glob("00[124]_*.txt")))
    with serving(store, "--workers", "2", "--query-timeout", "20", token=TOKEN) as url:
        yield url, locations


def select(url: str, query: str) -> list[dict]:
    r = requests.post(url + "/sparql", data={"query": query}, timeout=60,
                      headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def iri_named(url: str, cls: str, name: str) -> str:
    rows = select(url, f'SELECT DISTINCT ?x WHERE {{ ?x a <{CQC}{cls}> ; <http://schema.org/name>'
                       f' {ox.Literal(name)} }}')
    assert len(rows) == 1, (name, rows)
    return rows[0]["x"]


def page(url: str, iri: str, accept: str = "text/html") -> requests.Response:
    path = "/id/" + iri.split("/id/", 1)[1]
    r = requests.get(url + path, headers={"Accept": accept}, timeout=60)
    assert r.status_code == 200, (iri, r.status_code, r.text[:300])
    return r


def section(text: str, element_id: str) -> str:
    """The element with ``id=element_id`` up to the next heading (enough for lists/tables)."""
    start = text.index(f'id="{element_id}"')
    end = text.find("<h2", start)
    return text[start:end if end > 0 else None]


def cells(fragment: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<td>([^<]*)</td>", fragment)]


# -- every page kind shows its own facts and nobody else's ----------------------------------

def test_location_pages_show_only_their_own_facts(site):
    url, locations = site
    for loc in locations:
        text = page(url, iri_named(url, "Location", loc.name)).text
        assert f'id="location-name">{loc.name}<' in text
        assert html.escape(loc.provider) in section(text, "provider")
        for other in locations:
            if other is not loc:
                assert other.name not in text, (loc.name, other.name)
        history = section(text, "rating-history")
        dates = {c for c in cells(history) if re.fullmatch(r"\d{4}-\d\d-\d\d", c)}
        assert dates == {i.iso for i in loc.inspections}, loc.name
        inspections = section(text, "inspections")
        assert inspections.count("<tr><td>") == len(loc.inspections)
        documents = section(text, "documents")
        assert sorted(re.findall(r"<small>([^<]+)</small>", documents)) == sorted(loc.files)
        assert "No breach is recorded" in text and "No action is recorded" in text


def test_location_page_ratings_match_each_inspection(site):
    url, locations = site
    loc = locations[-1]
    history = section(page(url, iri_named(url, "Location", loc.name)).text, "rating-history")
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>([^<]*)</td><td[^>]*>(?:<a[^>]*>)?"
                      r"([^<]*)<", history)
    assert {(d, v) for d, kq, v in rows if kq == "Overall"} == \
        {(i.iso, i.rating) for i in loc.inspections}
    # each inspection is restated by every later document: its row names all of them
    first = loc.inspections[0].iso
    row = history[history.index(f"<td>{first}</td>"):].split("</tr>", 1)[0]
    assert f"and {PER_LOCATION - 3} more" in row


def test_provider_pages_list_exactly_their_locations(site):
    url, locations = site
    providers = sorted({loc.provider for loc in locations})
    assert len(providers) == PROVIDERS
    for provider in providers:
        text = page(url, iri_named(url, "Provider", provider)).text
        listed = re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a></td>',
                            section(text, "provider-locations"))
        assert sorted(html.unescape(n) for n in listed) == \
            sorted(loc.name for loc in locations if loc.provider == provider)
        assert f"{PER_PROVIDER} locations run by this provider" in text


def test_provider_page_of_a_real_provider(site):
    url, _ = site
    text = page(url, iri_named(url, "Provider", "Ecospirito Ltd")).text
    assert re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a></td>',
                      section(text, "provider-locations")) == ["Fastrack Scan"]


def test_provider_page_shows_its_breaches_over_time(site):
    """The provider's breaches, counted by regulation and year, are those its locations'
    inspections found (as the endpoint counts them), and a provider without any says so."""
    url, _ = site
    provider = iri_named(url, "Provider", "Ecospirito Ltd")
    expected = select(url, f"""PREFIX cqc: <{CQC}>
        SELECT ?reg ?year (COUNT(DISTINCT ?b) AS ?n) WHERE {{
          ?loc cqc:provider <{provider}> . ?i cqc:inspectionOf ?loc ; cqc:hasBreach ?b .
          ?b cqc:regulation ?reg . OPTIONAL {{ ?i cqc:startDate ?sd }}
          OPTIONAL {{ ?i cqc:publicationDate ?pd }}
          BIND(SUBSTR(STR(COALESCE(?sd, ?pd)), 1, 4) AS ?year) }} GROUP BY ?reg ?year""")
    assert expected, "the demo's provider has breaches"
    table = section(page(url, provider).text, "provider-breaches")
    years = re.findall(r'<th scope="col">(\d{4})</th>', table)
    assert years[0] == min(r["year"] for r in expected)
    assert years[-1] == max(r["year"] for r in expected)
    total = int(re.findall(r"<td>(\d+)</td></tr></tfoot>", table)[0])
    assert total == sum(int(r["n"]) for r in expected)
    assert "legislation.gov.uk" in table
    # a generated provider's locations have no breach
    other = page(url, iri_named(url, "Provider", "Oak Care Group 0 Limited")).text
    assert 'id="provider-breaches"' not in other and "No breach is recorded" in other


def test_document_pages_are_titled_by_what_they_are(site):
    url, locations = site
    loc = locations[0]
    rows = select(url, f'SELECT ?d WHERE {{ ?d <{CQC}fileName> "{loc.files[-1]}" }}')
    text = page(url, rows[0]["d"]).text
    title = re.search(r'id="document-title">([^<]*)<', text).group(1)
    assert html.unescape(title) == f"Location page for {loc.name}"
    assert loc.files[-1] in text  # the file name is still shown, as a fact
    rows = select(url, f'SELECT ?d WHERE {{ ?d <{CQC}fileName> ?f FILTER(STRSTARTS(?f, "002_")) }}')
    text = page(url, rows[0]["d"]).text
    assert re.search(r'id="document-title">([^<]*)<', text).group(1) == \
        "Inspection report for Fastrack Scan, published 13 January 2021"
    assert "<title>002_" not in text


def test_document_linked_from_is_grouped_and_sorted(site):
    url, _ = site
    rows = select(url, f'SELECT ?d WHERE {{ ?d <{CQC}fileName> ?f FILTER(STRSTARTS(?f, "002_")) }}')
    text = page(url, rows[0]["d"]).text
    groups = re.findall(r'<section class="linked-group">\s*<h3>([^<]*)<small>.*?</h3>\s*<ul>(.*?)'
                        r'</ul>', text, re.S)
    titles = [t.strip() for t, _ in groups]
    assert {"Action", "Breach", "Inspection", "Rating"} <= set(titles)
    assert titles == sorted(titles, key=str.lower)
    for _, items in groups:
        labels = [html.unescape(x) for x in re.findall(r"<li><a [^>]*>([^<]*)</a>", items)]
        numbers = [tuple(int(n) for n in re.findall(r"\d+", label)) for label in labels]
        if all(re.sub(r"\d+", "#", x) == re.sub(r"\d+", "#", labels[0]) for x in labels):
            assert numbers == sorted(numbers), labels  # e.g. Regulation 9 before 12


def test_location_lists_inspections_breaches_and_dated_sorted_actions(site):
    url, _ = site
    text = page(url, FASTRACK).text
    breaches = section(text, "breaches")
    regs = re.findall(r"Regulation (\w+):", breaches)
    assert sorted(set(regs)) == sorted(["12", "13", "17", "18", "20A"])
    actions = section(text, "actions")
    dates = re.findall(r"<li><time>(\d{4}-\d\d-\d\d)</time>", actions)
    assert len(dates) == actions.count("<li>") and dates  # every action is dated
    assert dates == sorted(dates, reverse=True)  # newest first
    inspections = section(text, "inspections")
    assert "2020-11-06" in inspections and "2019-05-29" in inspections
    docs = section(text, "documents")
    assert "Inspection report, published 13 January 2021" in html.unescape(docs)


def test_rating_chart_has_a_time_axis(site):
    url, locations = site
    loc = locations[1]
    text = page(url, iri_named(url, "Location", loc.name)).text
    chart = text[text.index('id="rating-chart"'):text.index("</svg>")]
    years = re.findall(r'class="axis">(\d{4})</text>', section(chart, "time-axis"))
    first, last = loc.inspections[0].year, loc.inspections[-1].year
    assert years and int(years[0]) <= first + 1 and int(years[-1]) >= last - 1
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', chart)]
    assert len(xs) == len(loc.inspections) and xs == sorted(xs)
    # x follows time: the gaps between points are in proportion to the days between them
    ordinals = [datetime.date.fromisoformat(i.iso).toordinal() for i in loc.inspections]
    ratio = (xs[-1] - xs[0]) / (ordinals[-1] - ordinals[0])
    for x, o in zip(xs, ordinals, strict=True):
        assert abs((x - xs[0]) - ratio * (o - ordinals[0])) < 1.0


# -- RDF of the same pages --------------------------------------------------------------------

def test_location_rdf_is_its_own_statements(site):
    url, locations = site
    loc = locations[2]
    iri = iri_named(url, "Location", loc.name)
    ttl = page(url, iri, "text/turtle").text
    graph = list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
    local = url + "/id/" + iri.split("/id/", 1)[1]
    names = {t.object.value for t in graph if t.subject.value == local
             and t.predicate.value == "http://schema.org/name"}
    assert names == {loc.name}
    assert all(other.name not in ttl for other in locations if other is not loc)


# -- concept IRIs, unknown and invalid IRIs, unsafe IRIs ------------------------------------

def concept_iris() -> list[str]:
    from cqcgraph.web.pages import vocabulary

    return sorted({t.subject.value for t in vocabulary("ontology").triples
                   if t.subject.is_iri and t.subject.value.startswith(ONTOLOGY + "/")})


def test_every_concept_iri_dereferences(site):
    url, _ = site
    iris = concept_iris()
    assert len(iris) >= 50
    for iri in iris:
        path = iri[len("https://cqcgraph.example"):]
        r = requests.get(url + path, headers={"Accept": "text/html"}, allow_redirects=False,
                         timeout=60)
        assert r.status_code == 303 and r.headers["Location"].endswith(".html"), iri
        r = requests.get(url + r.headers["Location"], timeout=60)
        assert r.status_code == 200 and "text/html" in r.headers["Content-Type"], iri
        r = requests.get(url + path, headers={"Accept": "text/turtle"}, timeout=60)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
        subjects = {t.subject.value for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE)}
        assert iri in subjects, iri
    good = requests.get(url + "/ontology/ratings/good.jsonld", timeout=60)
    assert good.status_code == 200 and "Good" in good.text


def test_location_page_links_ratings_to_their_concept_pages(site):
    url, _ = site
    text = page(url, FASTRACK).text
    assert 'href="/ontology/ratings/inadequate"' in text


def test_unknown_id_is_404_without_a_redirect(site):
    url, _ = site
    r = requests.get(url + "/id/location/nothing-is-here", allow_redirects=False, timeout=60)
    assert r.status_code == 404
    assert requests.get(url + "/ontology/ratings/splendid", allow_redirects=False,
                        timeout=60).status_code == 404


def test_a_page_is_there_exactly_when_the_store_says_something_of_its_iri(site):
    """An IRI the store says nothing of is a 404 in every format (before any 406); one it
    knows only as the object of statements still has its RDF page."""
    url, locations = site
    base = iri_named(url, "Location", locations[0].name).split("/id/", 1)[0] + "/id/"
    for accept in ("text/turtle", "text/html", "application/n-triples", "image/png"):
        r = requests.get(url + "/doc/location/nothing-is-here", headers={"Accept": accept},
                         timeout=60)
        assert r.status_code == 404, (accept, r.status_code, r.text[:200])
    rows = select(url, f'SELECT ?o WHERE {{ ?s ?p ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o),'
                       f' "{base}")) FILTER NOT EXISTS {{ ?o ?q ?x }} }} LIMIT 1')
    if rows:  # (what the corpus mints decides whether there is one)
        ttl = page(url, rows[0]["o"], "text/turtle").text
        graph = list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
        assert any(t.predicate.value == "http://xmlns.com/foaf/0.1/primaryTopic" for t in graph)


@pytest.mark.parametrize("path", ["/doc/location/a%20b", "/id/location/a%3Cb%3E",
                                  "/doc/x%22y", "/ontology/ratings/a%20b"])
def test_invalid_iri_in_a_page_path_is_a_400_that_says_why(site, path):
    url, _ = site
    r = requests.get(url + path, headers={"Accept": "application/json"}, timeout=60)
    assert r.status_code in (400, 404), r.text
    assert "Traceback" not in r.text and str(PROJECT) not in r.text
    if r.status_code == 400:
        assert "not a valid IRI" in r.json()["error"]["message"]


def test_non_http_iris_are_shown_as_text_not_links(site):
    url, _ = site
    graph = "https://cqcgraph.example/id/graph/pages-test"
    subject = "https://cqcgraph.example/id/location/hostile-links"
    body = (f"<{subject}> a <{CQC}Location> ; <http://schema.org/name> \"Hostile links\" ;"
            f" <http://schema.org/url> <javascript:alert(1)> , <data:text/html,hi> ,"
            f" <https://example.org/ok> .\n")
    r = requests.put(url + "/store", params={"graph": graph}, data=body.encode(), timeout=60,
                     headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (201, 204), r.text
    text = page(url, subject).text
    assert "javascript:alert(1)" in text and "data:text/html,hi" in text
    hrefs = re.findall(r'href="([^"]*)"', text)
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert "https://example.org/ok" in hrefs


# -- bounded -----------------------------------------------------------------------------------

def test_page_queries_bind_their_subject_and_are_bounded():
    from cqcgraph.web import pages

    store = ox.Store()
    for path in sorted(pages.PAGE_QUERIES.glob("*.rq")):
        text = path.read_text()
        assert text.startswith("#"), path.name  # says what it is for
        assert "LIMIT" in text or path.stem in ("incoming", "document-size"), path.name
        names = set(re.findall(r"SELECT[^{]*", text)[0].split())
        bound = {v for v in ("s", "o", "loc", "p", "doc", "x") if f"?{v}" in names}
        # the national figures of the browse pages (browse-*, home-*) have no subject
        assert bound or path.stem.startswith(("browse-", "home-")), path.name
        extra = "\nLIMIT 5" if path.stem == "incoming" else ""
        list(store.query(text + extra, substitutions={
            ox.Variable(v): ox.NamedNode("https://cqcgraph.example/id/x") for v in bound}))


def test_a_page_past_the_time_limit_is_a_503_and_the_server_stays_up(tmp_path):
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("002_*.txt")))
    proc, url = start_server(store, "--workers", "1", "--query-timeout", "0.001")
    try:
        r = requests.get(url + "/id/" + FASTRACK.split("/id/", 1)[1],
                         headers={"Accept": "application/json"}, timeout=60)
        assert r.status_code == 503
        assert "time limit" in r.json()["error"]["message"]
        assert requests.get(url + "/health", timeout=60).status_code == 200
    finally:
        stop_server(proc)


def test_links_to_documents_say_what_the_documents_are(site):
    url, _ = site
    rows = select(url, f"SELECT ?i WHERE {{ ?i <{CQC}inspectionOf> <{FASTRACK}> ;"
                       f" <{CQC}startDate> ?d FILTER(STR(?d) = '2020-11-06') }}")
    text = html.unescape(page(url, rows[0]["i"]).text)
    assert "Inspection report, published 13 January 2021" in text
    assert ">002_635fea5c798dad1b.txt<" not in text


def test_a_provider_with_more_locations_than_a_page_is_paged_by_name(tmp_path):
    """105 locations of one provider: its page shows the first 100 by name and says how many
    there are; the next page (``?locations=100``) the other 5, with a link back. Together
    the pages list every location once; a start that is no whole number is a 400."""
    locations = write_corpus(tmp_path / "docs", 1, 105, 1)
    store = tmp_path / "store"
    ingest(store, tmp_path / "docs")
    with serving(store, "--workers", "1", "--query-timeout", "20") as url:
        provider = iri_named(url, "Provider", locations[0].provider)
        first = page(url, provider).text
        assert "105 locations run by this provider" in first
        assert "Showing 1 to 100 of 105, by name." in first
        path = "/id/" + provider.split("/id/", 1)[1]
        second = requests.get(url + path, params={"locations": "100"}, timeout=60,
                              headers={"Accept": "text/html"})
        assert second.status_code == 200
        assert "Showing 101 to 105 of 105, by name." in second.text
        assert 'href="?locations=0" rel="prev"' in second.text
        assert 'href="?locations=100" rel="next"' in first

        def listed(text: str) -> list[str]:
            return [html.unescape(n) for n in re.findall(
                r'<tr><td><a href="[^"]+">([^<]+)</a></td>', section(text, "provider-locations"))]

        names = listed(first) + listed(second.text)
        assert names[:100] == sorted(names[:100], key=str.lower)
        assert sorted(names) == sorted(loc.name for loc in locations)
        for bad in ("-1", "x", "1e3", "9" * 12):
            r = requests.get(url + path, params={"locations": bad}, timeout=60,
                             headers={"Accept": "text/html"})
            assert r.status_code == 400, bad
