"""Headless Debian chromium against a real server: the query UI runs a named query and shows
its rows; a location page shows its name and ratings. Skips with a reason when chromium is
missing, except under CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_server import DEMO, ingest, start_server, stop_server  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required under CI=true")
        pytest.skip("chromium is not installed (apt-get install chromium)")


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after the page's scripts ran (virtual time lets fetch() complete)."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=15000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    return result.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_chromium()
    root = tmp_path_factory.mktemp("browser")
    store = root / "store"
    ingest(store, *sorted(DEMO.glob("00[124]_*.txt")))
    proc, url = start_server(store)
    yield url, root
    stop_server(proc)


def test_query_ui_runs_a_named_query(server):
    url, root = server
    dom = dump_dom(f"{url}/query?example=find-location&name=imaging&run=1", root / "profile1")
    assert 'class="CodeMirror' in dom  # the vendored editor loaded (no internet needed)
    assert 'id="results-table"' in dom, dom[-3000:]
    assert "Medical Imaging Partnership" in dom.split('id="results-table"', 1)[1]


def test_location_page(server):
    url, root = server
    import requests

    r = requests.get(f"{url}/queries/find-location", params={"name": "imaging"},
                     headers={"Accept": "application/sparql-results+json"})
    iri = r.json()["results"]["bindings"][0]["location"]["value"]
    dom = dump_dom(f"{url}/id/{iri.split('/id/', 1)[1]}", root / "profile2")
    assert 'id="location-name"' in dom and "Medical Imaging Partnership" in dom
    assert 'id="current-ratings"' in dom and "Requires improvement" in dom
    assert "<svg" in dom and 'id="time-axis"' in dom  # the rating chart has a time axis


def test_query_ui_links_outside_iris_out_and_offers_only_valid_downloads(server):
    """legislation.gov.uk IRIs were rewritten into local /id/ paths that 404, and a SELECT
    offered the six RDF formats too, each a 406."""
    import re

    import requests

    url, root = server
    dom = dump_dom(f"{url}/query?example=breaches-by-regulation&run=1", root / "profile3")
    table = dom.split('id="results-table"', 1)[1]
    hrefs = re.findall(r'href="([^"]+)"', table)
    assert any(h.startswith("http://www.legislation.gov.uk/id/uksi/") for h in hrefs), hrefs
    assert not any(h.startswith("/id/uksi") for h in hrefs)
    downloads = dom.split('id="downloads"', 1)[1].split("</p>", 1)[0]
    shown = re.findall(r'<a data-format="(\w+)" data-kind="\w+" href="#">', downloads)
    assert set(shown) == {"json", "xml", "csv", "tsv"}, downloads
    for fmt in shown:  # each offered download answers
        r = requests.get(f"{url}/queries/breaches-by-regulation", params={"format": fmt})
        assert r.status_code == 200, fmt
