"""Search for people: the index beside the store, through the core, the CLI and the server."""

from __future__ import annotations

import json
import shutil

import pytest
import requests

from conftest import run_cli, seed_files
from cqcgraph.search import Entity, Finding, SearchIndex
from servers import serving

BASE = "https://cqcgraph.example/id/"


def loc(slug: str, name: str, **kw) -> Entity:
    return Entity(BASE + "location/" + slug, "location", name, **kw)


@pytest.fixture
def index():
    idx = SearchIndex.memory()
    idx.put_entities([
        loc("a", "Fastrack Scan", postcode="LU2 0HF", provider="Ecospirito Ltd",
            rating="Inadequate"),
        loc("b", "Carey Lodge", postcode="LU7 0NY", cqc_id="1-111111111"),
        loc("c", "Birchwood Care Home", postcode="RG14 2PP", alt_names=("The Birches",)),
        loc("d", "Lucerne House", postcode="EX2 8TU", ods_code="RX9A1"),
        Entity(BASE + "provider/p", "provider", "Lucerne Healthcare Limited", postcode="EX2 8TU"),
    ])
    idx.put_findings(BASE + "document/1", [
        Finding(BASE + "location/a/breach/1", BASE + "document/1", "breach",
                "Breach of Regulation 13", "Staff had not received safeguarding training.",
                BASE + "location/a", "2020-11-06"),
    ])
    return idx


def names(result) -> list[str]:
    return [h.name for h in result.entities]


def test_a_name_is_found_from_part_of_it_and_despite_a_typo(index):
    assert names(index.search("birchwood"))[0] == "Birchwood Care Home"
    assert names(index.search("Birchwod Care"))[0] == "Birchwood Care Home"  # one letter lost
    assert names(index.search("fastrak skan"))[0] == "Fastrack Scan"
    assert names(index.search("the birches")) == ["Birchwood Care Home"]  # also known as


def test_an_exact_substring_ranks_above_a_near_miss(index):
    hits = names(index.search("lucerne"))
    assert set(hits[:2]) == {"Lucerne House", "Lucerne Healthcare Limited"}


def test_postcodes_districts_ids_and_ods_codes(index):
    assert names(index.search("lu2 0hf")) == ["Fastrack Scan"]
    assert names(index.search("LU20HF")) == ["Fastrack Scan"]
    assert names(index.search("LU7")) == ["Carey Lodge"]
    assert sorted(names(index.search("EX2"))) == ["Lucerne Healthcare Limited", "Lucerne House"]
    assert names(index.search("1-111111111")) == ["Carey Lodge"]
    assert names(index.search("rx9a1")) == ["Lucerne House"]
    assert index.search("LU2").entities[0].matched == "district"


def test_kind_filter_and_nothing_for_what_is_not_there(index):
    assert names(index.search("lucerne", kind="provider")) == ["Lucerne Healthcare Limited"]
    assert index.search("zzzz qqqq").entities == []
    assert index.search("").entities == []
    assert index.search("SW1A").entities == []  # a district nobody is in


def test_findings_by_the_words_of_their_text(index):
    result = index.search("safeguarding training")
    assert [f.label for f in result.findings] == ["Breach of Regulation 13"]
    assert "[safeguarding]" in result.findings[0].snippet
    assert result.findings[0].entity_name == "Fastrack Scan"
    assert index.search("fire doors").findings == []


def test_replacing_an_entity_or_a_documents_findings_leaves_no_trace(index):
    index.put_entities([loc("a", "Fastrack Imaging", postcode="LU2 0HF")])
    assert names(index.search("LU2 0HF")) == ["Fastrack Imaging"]
    assert "Fastrack Scan" not in names(index.search("fastrack"))
    index.put_findings(BASE + "document/1", [])
    assert index.search("safeguarding").findings == []
    index.delete_entities([BASE + "location/a"])
    assert index.search("LU2 0HF").entities == []


def test_quotes_and_operators_in_a_query_are_text_not_syntax(index):
    for text in ['"', 'lodge" OR "', "NEAR(a b)", "carey*", "a AND", "-", "'; DROP TABLE entity"]:
        index.search(text)  # no exception
    assert names(index.search('carey"'))[0] == "Carey Lodge"


# -- through ingest and the command line -----------------------------------------------------

def test_ingest_keeps_the_index_in_step_and_rebuild_makes_the_same(tmp_path):
    store = tmp_path / "store"
    first, *rest = seed_files()
    assert run_cli("ingest", "-q", "--store", str(store), str(first)).returncode == 0
    out = run_cli("search", "--store", str(store), "--json", "Fastrack")
    assert json.loads(out.stdout)["entities"] == []  # seed 002 is not ingested yet
    assert (store.parent / "store.search.sqlite").exists()
    assert run_cli("ingest", "-q", "--store", str(store), *map(str, rest)).returncode == 0
    found = json.loads(run_cli("search", "--store", str(store), "--json", "fastrak").stdout)
    assert [h["name"] for h in found["entities"]][:1] == ["Fastrack Scan"]
    assert found["entities"][0]["provider"] == "Ecospirito Ltd"
    words = json.loads(run_cli("search", "--store", str(store), "--json",
                               "safeguarding training").stdout)
    assert any(f["entity_name"] == "Fastrack Scan" for f in words["findings"])

    before = run_cli("search", "--store", str(store), "--json", "--limit", "50", "care").stdout
    shutil.rmtree(store.parent / "store.search.sqlite", ignore_errors=True)
    (store.parent / "store.search.sqlite").unlink(missing_ok=True)
    rebuilt = run_cli("search", "--store", str(store), "--json", "--limit", "50", "care")
    strip = lambda d: [(h["iri"], h["matched"]) for h in json.loads(d)["entities"]]  # noqa: E731
    assert strip(rebuilt.stdout) == strip(before)


def test_cli_without_text_is_a_usage_error(tmp_path):
    assert run_cli("search", "--store", str(tmp_path / "s")).returncode == 2


# -- through the server ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("search") / "store"
    result = run_cli("ingest", "-q", "--store", str(store), *map(str, seed_files()))
    assert result.returncode == 0
    with serving(store, "--workers", "1") as url:
        yield url


def test_search_page_and_json(server):
    r = requests.get(server + "/search", params={"q": "medical imaging"},
                     headers={"Accept": "application/json"}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    hits = r.json()["entities"]
    assert hits[0]["name"] == "Medical Imaging Partnership"
    page = requests.get(server + "/search", params={"q": "RH11 9BJ"}, timeout=30)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert 'href="/doc/location/medical-imaging-partnership--rh119bj"' in page.text
    home = requests.get(server + "/", timeout=30).text
    assert 'action="/search"' in home  # the box is on every page


def test_search_refuses_bad_parameters_with_reasons(server):
    assert requests.get(server + "/search", params={"q": "x" * 201}, timeout=30).status_code == 400
    assert requests.get(server + "/search", params={"q": "a", "kind": "x"},
                        timeout=30).status_code == 400
    r = requests.get(server + "/search", params={"q": "<script>alert(1)</script>"}, timeout=30)
    assert r.status_code == 200 and "<script>alert(1)</script>" not in r.text


# -- feeds -------------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(server: str, kind: str, **params: str):
    from xml.etree import ElementTree as ET

    r = requests.get(f"{server}/feeds/{kind}.atom", params=params, timeout=60)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(r.content)


def test_feeds_list_facts_newest_first_with_links(server):
    for kind in ("enforcement", "breaches", "ratings"):
        root = feed(server, kind)
        assert root.tag == ATOM + "feed" and root.find(ATOM + "id") is not None
        entries = root.findall(ATOM + "entry")
        assert entries, kind
        dates = [e.find(ATOM + "updated").text for e in entries]
        assert dates == sorted(dates, reverse=True), kind
        ids = [e.find(ATOM + "id").text for e in entries]
        assert len(ids) == len(set(ids))  # one entry per fact, however many graphs state it
        for e in entries:
            assert e.find(ATOM + "title").text
    breaches = feed(server, "breaches")
    titles = " ".join(e.find(ATOM + "title").text for e in breaches.findall(ATOM + "entry"))
    assert "Regulation 12" in titles and "Fastrack Scan" in titles


def test_a_location_feed_holds_only_that_locations_facts(server):
    fastrack = "https://cqcgraph.example/id/location/fastrack-scan--lu20hf"
    root = feed(server, "breaches", location=fastrack)
    entries = root.findall(ATOM + "entry")
    assert entries and all(fastrack in e.find(ATOM + "id").text for e in entries)
    assert "Fastrack Scan" in root.find(ATOM + "title").text
    other = "https://cqcgraph.example/id/location/miracle-in-progress--le129an"
    assert feed(server, "breaches", location=other).findall(ATOM + "entry") == []


def test_feed_errors_are_readable(server):
    assert requests.get(server + "/feeds/nothing.atom", timeout=30).status_code == 404
    r = requests.get(server + "/feeds/breaches.atom",
                     params={"location": "https://cqcgraph.example/id/location/none"}, timeout=30)
    assert r.status_code == 404
    r = requests.get(server + "/feeds/breaches.atom",
                     params={"location": "https://cqcgraph.example/id/location/x> } #"}, timeout=30)
    assert r.status_code in (400, 404)


def test_location_and_provider_pages_link_their_feeds(server):
    page = requests.get(server + "/doc/location/fastrack-scan--lu20hf", timeout=60).text
    assert ('/feeds/breaches.atom?location=https%3A//cqcgraph.example/id/location/'
            'fastrack-scan--lu20hf') in page.replace("%3A%2F%2F", "%3A//").replace("%2F", "/")
    href = page.split('href="/feeds/enforcement.atom?', 1)[1].split('"', 1)[0]
    r = requests.get(server + "/feeds/enforcement.atom?" + href.replace("&amp;", "&"), timeout=60)
    assert r.status_code == 200 and b"<feed" in r.content
