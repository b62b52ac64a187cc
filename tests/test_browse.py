"""Browse and compare, as a person uses it, against a real server over a real on-disk store:
the home page's national picture, lists of locations with facets (and their CSV, JSON and
SPARQL), area pages and area feeds.

The store holds three demo documents and a small HSCA Active Locations file written here (made-
up locations in two made-up local authorities), so what each list must hold follows from the
rows written below, never from a figure copied from an answer.
"""

from __future__ import annotations

import csv
import html
import io
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import requests

from servers import DEMO, ingest, serving
from test_register import HSCA_HEADER, hsca_row, write_csv

TIMEOUT = 60
# (CQC ID, name, local authority, care home?, overall rating, ONSPD CCG code and name)
REGISTER = [
    ("1-300000001", "Alder House", "Northshire", "Y", "Inadequate", "E38000101", "North Sub-ICB"),
    ("1-300000002", "Beech Lodge", "Northshire", "Y", "Inadequate", "E38000101", "North Sub-ICB"),
    ("1-300000003", "Cedar Court", "Northshire", "Y", "Good", "E38000101", "North Sub-ICB"),
    ("1-300000004", "Damson Surgery", "Northshire", "N", "Inadequate", "E38000101", "North Sub-ICB"),
    ("1-300000005", "Elm Grange", "Southshire", "Y", "Inadequate", "E38000202", "South Sub-ICB"),
    ("1-300000006", "Fir Tree Clinic", "Southshire", "N", "Outstanding", "E38000202", "South Sub-ICB"),
    ("1-300000007", "Gorse View", "Southshire", "Y", "Requires improvement", "E38000202",
     "South Sub-ICB"),
    ("1-300000008", "Hazel Mews", "Southshire", "Y", "", "E38000202", "South Sub-ICB"),
]


def register_rows() -> list[list[str]]:
    out = []
    col = {h: i for i, h in enumerate(HSCA_HEADER)}
    for n, (cqc_id, name, la, care, rating, ccg, ccg_name) in enumerate(REGISTER):
        row = hsca_row(location=cqc_id, name=name, provider=f"1-90000000{n % 3}",
                       provider_name=f"Provider {n % 3}", rating=rating,
                       published="10/01/2025" if rating else "", postcode=f"ZZ{n + 1} 1AA")
        row[col["Location Local Authority"]] = la
        row[col["Care home?"]] = care
        row[col["Location Type/Sector"]] = "Social Care Org" if care == "Y" else \
            "Primary Medical Services"
        row[col["Location ONSPD CCG Code"]] = ccg
        row[col["Location ONSPD CCG"]] = ccg_name
        row[col["Location Region"]] = "North East" if la == "Northshire" else "South West"
        out.append(row)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("browse")
    reg = write_csv(root / "HSCA_Active_Locations_01_November_2026.csv", HSCA_HEADER,
                    register_rows())
    store = root / "store"
    ingest(store, *sorted(DEMO.glob("00[124]_*.txt")), reg)
    return store


@pytest.fixture(scope="module")
def server(store):
    with serving(store) as url:
        yield url


def get(url: str, **kw) -> requests.Response:
    """GET, waiting (to a deadline) while the figures are being computed."""
    import time

    deadline = time.monotonic() + TIMEOUT
    while True:
        r = requests.get(url, timeout=TIMEOUT, **kw)
        computing = r.status_code == 503 and "Retry-After" in r.headers or \
            'id="figures-computing"' in r.text
        if not computing or time.monotonic() > deadline:
            return r
        time.sleep(0.5)


def links(page: str) -> list[tuple[str, str, str]]:
    """(href, text, the whole tag) of each link of a page."""
    return [(html.unescape(m.group(2)), re.sub(r"<[^>]+>", "", m.group(3)), m.group(1))
            for m in re.finditer(r'(<a\b[^>]*href="([^"]*)"[^>]*>)(.*?)</a>', page, re.S)]


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def expected(la: str | None = None, care: str | None = None, rating: str | None = None) -> set[str]:
    return {name for _, name, la_, c, r, _, _ in REGISTER
            if (la is None or la_ == la) and (care is None or c == care)
            and (rating is None or r == rating)}


def test_inadequate_care_homes_of_one_local_authority_with_csv_are_two_clicks_from_home(server):
    home = get(server + "/")
    assert home.status_code == 200
    assert "Care services in England" in home.text
    # click 1: the local authority's count of care homes rated Inadequate
    (href,) = [h for h, _, tag in links(home.text) if "inadequate-care-homes" in tag
               and "la=northshire" in h]
    listing = get(server + href)
    assert listing.status_code == 200
    assert "Care homes in Northshire rated Inadequate" in listing.text
    names = set(re.findall(r'<td><a href="/id/location/[^"]+">([^<]+)</a>', listing.text))
    assert names == expected("Northshire", "Y", "Inadequate")
    # click 2: its CSV
    (csv_href,) = [h for h, text, tag in links(listing.text) if 'id="download-csv"' in tag]
    r = get(server + csv_href)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = read_csv(r.text)
    assert {row["name"] for row in rows} == expected("Northshire", "Y", "Inadequate")
    assert all(row["care_home"] == "yes" and row["local_authority"] == "Northshire"
               and row["rating_overall"] == "Inadequate" for row in rows)
    assert all(row["page"].startswith(server + "/id/location/") for row in rows)


@pytest.mark.parametrize("params", [
    {},
    {"rating": "inadequate"},
    {"la": "southshire", "care_home": "yes"},
    {"rating": ["good", "none"]},
    {"sector": "Social Care Org", "kq": "overall", "rating": "inadequate"},
    {"icb": "north-sub-icb"},
    {"region": "South West", "care_home": "no"},
    {"not_inspected": "1"},
])
def test_the_sparql_shown_gives_the_same_locations_as_the_csv(server, params):
    r = get(server + "/locations", params={**params, "format": "csv"})
    assert r.status_code == 200, r.text
    from_csv = {row["location"] for row in read_csv(r.text)}
    text = get(server + "/locations", params={**params, "format": "sparql"}).text
    answer = requests.post(server + "/sparql", data=text.encode(), timeout=TIMEOUT, headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    from_sparql = {b["location"]["value"] for b in answer.json()["results"]["bindings"]}
    assert from_sparql == from_csv
    # and the list page links to that text in the query UI
    page = get(server + "/locations", params=params).text
    (ui,) = [h for h, _, tag in links(page) if 'id="open-query"' in tag]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(ui).query)["query"] == [text]


def test_each_facet_count_is_the_size_of_the_list_it_links_to(server):
    page = get(server + "/locations", params={"care_home": "yes"}).text
    facet_links = re.findall(r'<li[^>]*><a href="(/locations\?[^"]+)">([^<]+)</a> \(([\d,]+)\)',
                             page)
    assert len(facet_links) >= 6
    for href, label, count in facet_links:
        r = get(server + html.unescape(href), params={"format": "json"})
        assert r.json()["total"] == int(count.replace(",", "")), (label, href)


def test_lists_sort_and_page(server):
    names = [row["name"] for row in read_csv(get(server + "/locations",
                                                 params={"format": "csv"}).text)]
    assert names == sorted(names, key=str.lower)
    backwards = [row["name"] for row in read_csv(get(server + "/locations", params={
        "format": "csv", "sort": "-name"}).text)]
    assert backwards == list(reversed(names))
    by_rating = [row["rating_overall"] for row in read_csv(get(server + "/locations", params={
        "format": "csv", "sort": "rating"}).text)]
    order = ["Outstanding", "Good", "Requires improvement", "Inadequate", ""]
    assert by_rating == sorted(by_rating, key=order.index)
    page = get(server + "/locations", params={"sort": "-name"}).text
    assert 'aria-sort="descending"' in page


def follow_pages(server: str, path: str) -> list[dict]:
    """Every page of a paged list, following its Link rel="next" headers to the end."""
    pages, url = [], server + path
    while url:
        r = requests.get(url, timeout=TIMEOUT)
        assert r.status_code == 200, r.text
        pages.append(r.json())
        found = re.search(r'<([^>]+)>; rel="next"', r.headers.get("Link", ""))
        url = server + found.group(1) if found else None
        assert len(pages) < 100
    return pages


def test_every_location_a_page_at_a_time_follows_next_links_to_the_whole_list(server):
    pages = follow_pages(server, "/locations/all?size=3&format=json")
    assert len(pages) > 2
    assert all(len(p["locations"]) == 3 for p in pages[:-1]) and pages[-1]["next"] is None
    seen = [row["iri"] for p in pages for row in p["locations"]]
    assert len(seen) == len(set(seen))  # no location twice
    whole = {row["location"] for row in read_csv(get(server + "/locations",
                                                     params={"format": "csv"}).text)}
    assert set(seen) == whole
    assert pages[0]["total"] is None  # every location: not counted by ingest
    # the order is stable: a page asked for again holds the same rows; previous goes back
    again = requests.get(server + "/locations/all", params={"size": 3, "start": 3,
                                                             "format": "json"}, timeout=TIMEOUT)
    assert again.json()["locations"] == pages[1]["locations"]
    assert again.json()["previous"] == "/locations/all?size=3&format=json"
    # the page itself links to the next one
    html_page = requests.get(server + "/locations/all?size=3", timeout=TIMEOUT).text
    assert [h for h, text, tag in links(html_page) if 'rel="next"' in tag] == [
        "/locations/all?start=3&size=3"]


def test_a_page_of_one_rating_has_its_locations_and_their_count(server):
    pages = follow_pages(server, "/locations/all?rating=inadequate&size=2&format=json")
    names = {row["name"] for p in pages for row in p["locations"]}
    listed = {row["name"] for row in read_csv(get(server + "/locations", params={
        "rating": "inadequate", "format": "csv"}).text)}
    assert names == listed and names >= expected(rating="Inadequate")
    assert {row["rating"] for p in pages for row in p["locations"]} == {"inadequate"}
    assert pages[0]["total"] == len(listed)
    page = requests.get(server + "/locations/all?rating=inadequate", timeout=TIMEOUT).text
    assert f"of {len(listed)}" in page


def test_the_json_list_says_its_filters_and_total(server):
    doc = get(server + "/locations", params={"la": "northshire", "format": "json"}).json()
    assert doc["total"] == len(expected("Northshire")) == len(doc["locations"])
    assert {"name": "la", "value": "northshire"} in doc["filters"]


def test_area_page_compares_with_england_and_has_its_feed(server):
    r = get(server + "/areas/local-authority/southshire")
    assert r.status_code == 200
    assert 'id="area-name">Southshire' in r.text and 'id="area-compare"' in r.text
    assert "England" in r.text
    (href,) = [h for h, text, tag in links(r.text) if 'id="area-list"' in tag]
    doc = get(server + href, params={"format": "json"}).json()
    assert {x["name"] for x in doc["locations"]} == expected("Southshire")
    feed_href = next(h for h, _, _ in links(r.text) if h.startswith("/feeds/enforcement.atom?area="))
    feed = get(server + feed_href)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    assert root.find("{http://www.w3.org/2005/Atom}title").text.endswith("Southshire")
    assert get(server + "/areas/icb/north-sub-icb").status_code == 200


def test_an_area_feed_holds_only_that_areas_facts(server):
    atom = "{http://www.w3.org/2005/Atom}"
    national = ET.fromstring(get(server + "/feeds/ratings.atom").content)
    assert national.findall(f"{atom}entry")  # the demo documents have rated inspections
    for area in ("local-authority/northshire", "local-authority/southshire"):
        root = ET.fromstring(get(server + "/feeds/ratings.atom", params={"area": area}).content)
        # the demo documents' locations are in neither area
        assert root.findall(f"{atom}entry") == []


@pytest.mark.parametrize("path, status", [
    ("/areas/local-authority/nowhere", 404),
    ("/areas/county/northshire", 404),
    ("/locations?rating=splendid", 400),
    ("/locations?kq=kindness", 400),
    ("/locations?not_inspected=many", 400),
    ("/locations?sort=shoe-size", 400),
    ("/locations?format=xlsx", 400),
    ("/feeds/enforcement.atom?area=local-authority/nowhere", 404),
    ("/feeds/enforcement.atom?area=nowhere", 400),
    ("/locations/all?rating=splendid", 400),
    ("/locations/all?start=-1", 400),
    ("/locations/all?size=0", 400),
    ("/locations/all?format=xlsx", 400),
])
def test_bad_requests_say_why(server, path, status):
    r = get(server + path, headers={"Accept": "application/json"})
    assert r.status_code == status
    assert r.json()["error"]["message"]


def test_old_query_ui_links_still_arrive(server):
    r = requests.get(server + "/?example=find-location&name=scan", allow_redirects=False,
                     timeout=TIMEOUT)
    assert r.status_code == 301
    assert r.headers["Location"].endswith("/query?example=find-location&name=scan")


def test_the_figures_follow_a_write(store, tmp_path):
    token = "browse-token"
    copy = tmp_path / "store"
    import shutil

    shutil.copytree(store, copy)
    with serving(copy, token=token) as url:
        before = get(url + "/locations", params={"format": "json"}).json()["total"]
        (doc,) = [p for p in sorted(DEMO.glob("dev-0*.txt"))][:1]
        r = requests.post(url + "/documents", data=doc.read_bytes(), timeout=TIMEOUT,
                          headers={"Authorization": f"Bearer {token}", "X-File-Name": doc.name})
        assert r.status_code in (200, 201), r.text
        graph = r.json()["graph"]
        q = f"SELECT DISTINCT ?l WHERE {{ GRAPH <{graph}> {{ ?l a <https://cqcgraph.example/ontology#Location> }} }}"
        found = requests.get(url + "/sparql", params={"query": q}, timeout=TIMEOUT,
                             headers={"Accept": "application/sparql-results+json"}).json()
        new = {b["l"]["value"] for b in found["results"]["bindings"]}
        assert new
        after = get(url + "/locations", params={"format": "json"}).json()
        assert new <= {x["location"] for x in after["locations"]}
        assert after["total"] >= before
        home = get(url + "/").text
        assert f"about {after['total']:,} locations" in home


def test_a_page_never_waits_past_the_time_limit(store, tmp_path):
    """With a time limit too short for any query, the figures fail and the pages say so
    instead of hanging."""
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    with serving(copy, "--query-timeout", "0.001") as url:
        r = get(url + "/")
        assert r.status_code in (200, 503)
        assert 'id="figures-error"' in r.text or 'id="figures-computing"' in r.text
        r = get(url + "/locations", params={"format": "csv"})
        assert r.status_code == 503 and "Retry-After" in r.headers


def test_a_feed_reader_sees_a_new_breach_after_an_ingest(tmp_path):
    """A journalist subscribed to the breaches feed: an ingest that adds a report with
    breaches puts them in the next fetch of the feed, newest first, and nothing else changes."""
    token = "feed-token"
    store = tmp_path / "store"
    ingest(store, *sorted(DEMO.glob("00[14]_*.txt")))
    atom = "{http://www.w3.org/2005/Atom}"

    def entries(url: str) -> list[tuple[str, str]]:
        r = get(url + "/feeds/breaches.atom")
        assert r.headers["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(r.content)
        return [(e.findtext(atom + "id"), e.findtext(atom + "title"))
                for e in feed.iter(atom + "entry")]

    with serving(store, token=token) as url:
        before = entries(url)
        (report,) = sorted(DEMO.glob("002_*.txt"))
        r = requests.post(url + "/documents", data=report.read_bytes(), timeout=TIMEOUT,
                          headers={"Authorization": f"Bearer {token}",
                                   "X-File-Name": report.name})
        assert r.status_code in (200, 201), r.text
        after = entries(url)
    new = [e for e in after if e not in before]
    assert new, "the feed did not show the new report's breaches"
    assert all(e in after for e in before)
    assert any("Regulation 12" in (title or "") for _, title in new), new


def test_the_whole_current_ratings_list_is_the_engines_answer(server):
    """``/queries/current-ratings?all=yes`` (streamed from the index of locations once the
    lists have it) holds the rows the engine gives for the same query, in CSV, JSON and by
    the Accept header."""
    from cqcgraph.queries import get_named_query

    get(server + "/locations")  # the index of locations is there from the first list on
    text, _, _ = get_named_query("current-ratings").prepare({"all": "yes"})
    engine = requests.post(server + "/sparql", data={"query": text}, timeout=TIMEOUT,
                           headers={"Accept": "application/sparql-results+json"}).json()

    def bag(bindings: list) -> list:
        return sorted(sorted((k, sorted(v.items())) for k, v in b.items()) for b in bindings)

    want = bag(engine["results"]["bindings"])
    assert want, "the store has current ratings"
    r = get(server + "/queries/current-ratings", params={"all": "yes", "format": "json"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert "attachment" in r.headers["Content-Disposition"]
    assert bag(r.json()["results"]["bindings"]) == want
    r = requests.get(server + "/queries/current-ratings", params={"all": "yes"}, timeout=TIMEOUT,
                     headers={"Accept": "application/sparql-results+json"})
    assert bag(r.json()["results"]["bindings"]) == want
    rows = read_csv(get(server + "/queries/current-ratings",
                        params={"all": "yes", "format": "csv"}).text)
    assert sorted((x["location"], x["keyQuestion"], x["rating"]) for x in rows) == sorted(
        (b["location"]["value"], b["keyQuestion"]["value"], b["rating"]["value"])
        for b in engine["results"]["bindings"])
