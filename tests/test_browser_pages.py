"""The people's pages in a real headless chromium (driven over the DevTools protocol, see
``chromium.py``) against a real server: from the home page to a filtered list and its CSV by
clicks, facets, the rating chart, the query UI (permalink, sortable columns, the position of
an error), keyboard use, and axe-core's WCAG 2.2 AA checks on the main pages, with a
screenshot of each kept in ``tests/artifacts/screenshots/`` (not committed).

Skips with the reason when chromium or axe-core is missing, except under CI=true, where a
missing tool fails. ``scripts/test.sh`` installs both (axe-core from the npm registry into
``.tools/``, as Comunica is).
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import pytest

from chromium import CHROMIUM, Browser
from servers import DEMO, PROJECT, ingest, serving
from test_browse import HSCA_HEADER, expected, register_rows, write_csv

AXE = PROJECT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def need(tool: str, present: bool, how: str) -> None:
    if not present:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is required under CI=true ({how})")
        pytest.skip(f"{tool} is not installed ({how})")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need("chromium", Path(CHROMIUM).exists(), "apt-get install chromium")
    root = tmp_path_factory.mktemp("pages")
    reg = write_csv(root / "HSCA_Active_Locations_01_November_2026.csv", HSCA_HEADER,
                    register_rows())
    store = root / "store"
    ingest(store, *sorted(DEMO.glob("00[124]_*.txt")), reg)
    with serving(store) as url:
        yield url


@pytest.fixture()
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    try:
        yield b
    finally:
        b.close()


def open_ready(b: Browser, url: str) -> None:
    """Open a page; while its figures are being computed it refreshes itself: wait."""
    b.open(url)
    b.wait_for("!document.getElementById('figures-computing') || (location.reload(), false)")


def click(b: Browser, selector: str) -> None:
    b.events.clear()
    b.run(f"document.querySelector({selector!r}).click(); true")
    b.wait_event("Page.loadEventFired")


def test_home_to_a_filtered_list_and_its_csv_by_clicks(server, browser):
    open_ready(browser, server + "/")
    assert browser.run("document.querySelector('h1').textContent") == "Care services in England"
    click(browser, "a.inadequate-care-homes[href*='la=northshire']")
    assert browser.run("location.pathname") == "/locations"
    names = browser.run("[...document.querySelectorAll('#locations tbody tr td:first-child a')]"
                        ".map(a => a.textContent)")
    assert set(names) == expected("Northshire", "Y", "Inadequate")
    text = browser.run("fetch(document.getElementById('download-csv').href).then(r => r.text())")
    lines = text.strip().splitlines()
    assert lines[0].startswith("location,name,")
    assert {line.split(",")[1] for line in lines[1:]} == expected("Northshire", "Y", "Inadequate")
    browser.screenshot(ARTIFACTS / "list.png")


def test_facets_narrow_the_list_to_their_counts(server, browser):
    open_ready(browser, server + "/locations")
    facets = browser.run("[...document.querySelectorAll('#facet-la + ul a')].map(a => [a.href,"
                         " a.parentElement.textContent])")
    assert len(facets) == 2  # the two local authorities of the register file
    for href, text in facets:
        count = int(text.rsplit("(", 1)[1].rstrip(")").replace(",", ""))
        open_ready(browser, href)
        shown = browser.run("document.getElementById('list-count').textContent")
        assert shown.startswith(f"{count} location"), (text, shown)
        assert browser.run("!!document.querySelector('#facet-la + ul strong')")  # chosen
    # choosing a rating keeps the area chosen
    click(browser, "#facet-rating + ul a")
    params = urllib.parse.parse_qs(browser.run("location.search").lstrip("?"))
    assert "la" in params and "rating" in params


def test_the_rating_chart_has_a_time_axis(server, browser):
    open_ready(browser, server + "/search?q=imaging")
    click(browser, "table.results a")
    assert browser.run("!!document.querySelector('svg#rating-chart')")
    ticks = browser.run("[...document.querySelectorAll('#time-axis text')].map(t => t.textContent)")
    assert ticks and all(t.isdigit() and len(t) == 4 for t in ticks)
    assert ticks == sorted(ticks)
    browser.screenshot(ARTIFACTS / "location.png")


def test_the_query_ui_gives_a_permalink_sorts_columns_and_marks_an_error(server, browser):
    open_ready(browser, server + "/query?example=breaches-by-regulation&run=1")
    browser.wait_for("!!document.getElementById('results-table')")
    assert "row" in browser.run("document.getElementById('row-count').textContent")
    link = browser.run("document.getElementById('permalink').href")
    assert "example=breaches-by-regulation" in link
    browser.run("document.querySelector('#results-table th:nth-child(3) button').click(); true")
    values = browser.run("[...document.querySelectorAll('#results-table tbody td:nth-child(3)')]"
                         ".map(td => Number(td.textContent))")
    assert values == sorted(values)
    assert browser.run("document.querySelector('#results-table th:nth-child(3)')"
                       ".getAttribute('aria-sort')") == "ascending"
    bad = "SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(\n}"
    open_ready(browser, server + "/query?" + urllib.parse.urlencode({"query": bad, "run": "1"}))
    browser.wait_for("!!document.getElementById('error')")
    context = browser.run("document.getElementById('error-context').textContent")
    assert context.splitlines()[0].startswith("line ") and "^" in context.splitlines()[1]
    assert browser.run("document.querySelectorAll('.CodeMirror .error-line').length") >= 1


def test_the_keyboard_reaches_every_control_of_a_list(server, browser):
    open_ready(browser, server + "/locations")
    seen = []
    for _ in range(40):
        browser.key("Tab", 9)
        seen.append(browser.run("(e => e.tagName + (e.id ? '#' + e.id : ''))(document.activeElement)"))
    assert "BODY" not in seen
    for control in ("INPUT", "SELECT#kq", "SELECT#sort", "BUTTON"):
        assert any(s.startswith(control) for s in seen), (control, seen)


PAGES = {
    "home": "/",
    "search": "/search?q=scan",
    "list": "/locations?care_home=yes",
    "area": "/areas/local-authority/northshire",
    "query": "/query",
}


def axe(browser: Browser) -> list[dict]:
    browser.run(AXE.read_text(encoding="utf-8") + ";true")
    return browser.run("axe.run(document, {runOnly: {type: 'tag', values: %r}})"
                       ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
                       " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
                       % WCAG_TAGS, timeout=120)


def location_and_provider(server: str, browser: Browser) -> dict[str, str]:
    open_ready(browser, server + "/search?q=imaging")
    loc = browser.run("document.querySelector('table.results a').getAttribute('href')")
    open_ready(browser, server + loc)
    provider = browser.run("document.getElementById('provider').getAttribute('href')")
    return {"location": loc, "provider": provider}


@pytest.mark.parametrize("name", [*PAGES, "location", "provider"])
def test_axe_finds_no_serious_violation(server, browser, name):
    need("axe-core", AXE.exists(), "npm install axe-core into .tools/, as scripts/test.sh does")
    path = PAGES.get(name) or location_and_provider(server, browser)[name]
    open_ready(browser, server + path)
    violations = axe(browser)
    browser.screenshot(ARTIFACTS / f"{name}.png")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_location_page_strip_map_last_inspection_and_provider_side_by_side(server, browser):
    open_ready(browser, server + "/search?q=imaging")
    click(browser, "table.results a")
    rows = browser.run("[...document.querySelectorAll('#rating-strip > text')].map(t => t.textContent)")
    assert "Overall" in rows and len(rows) >= 2  # one row per key question rated
    ticks = browser.run("[...document.querySelectorAll('#strip-axis text')].map(t => t.textContent)")
    assert ticks == sorted(ticks) and all(t.isdigit() for t in ticks)
    last = browser.run("document.getElementById('last-inspected').textContent")
    assert "ago" in last and "(visit)" in last
    kinds = browser.run("[...document.querySelectorAll('#rating-history tbody tr td:last-child')]"
                        ".map(td => td.textContent)")
    assert set(kinds) <= {"rating", "visit", "publication", ""} and set(kinds) - {""}
    # a register location states its coordinates: a map of the point, no tile server
    open_ready(browser, server + "/locations?la=northshire")
    click(browser, "#locations tbody a")
    assert browser.run("!!document.querySelector('svg#location-map circle')")
    assert browser.run("[...document.images].length") == 0
    click(browser, "#provider")
    heads = browser.run("[...document.querySelectorAll('#provider-locations th')].map(t => t.textContent)")
    assert heads[0] == "Location" and "Overall" in heads
    browser.screenshot(ARTIFACTS / "provider-side-by-side.png")
