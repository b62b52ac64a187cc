"""CQC's register files (HSCA Active Locations, Latest ratings, care directory) as inputs with
history: files made here in CSV, XLSX and ODS with the headers CQC's files carry, loaded into a
real on-disk store through the core API and the command line.

The content is synthetic (made-up names, IDs and postcodes), not CQC's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cqcgraph import iris
from cqcgraph.api import Cqcgraph
from cqcgraph.extract.register import detect_kind, open_register
from cqcgraph.settings import Settings
from conftest import run_cli, seed

BASE = "https://cqcgraph.example/id/"
LOC = "1-100000001"
LOC_IRI = iris.location_iri(BASE, cqc_id=LOC)

HSCA_HEADER = [
    "Location ID", "Location ODS Code", "Location Name", "Location Also Known As",
    "Location HSCA start date", "Dormant (Y/N)", "Care home?", "Location Type/Sector",
    "Location Inspection Directorate", "Location Primary Inspection Category",
    "Location Latest Overall Rating", "Publication Date", "Inherited Rating (Y/N)",
    "Location Region", "Location NHS Region", "Location Local Authority", "Location ONSPD CCG Code",
    "Location ONSPD CCG", "Location Street Address", "Location Address Line 2", "Location City",
    "Location County", "Location Postal Code", "Location UPRN ID", "Location Latitude",
    "Location Longitude", "Location Telephone Number", "Location Web Address", "Care homes beds",
    "Registered Manager", "Regulated activity - Accommodation for persons who require nursing or"
    " personal care", "Service type - Care home service without nursing",
    "Service user band - Dementia", "Provider ID", "Provider Name", "Provider Type/Sector",
    "Provider Ownership Type", "Provider Companies House Number", "Provider Charity Number",
    "Provider Postal Code", "Provider Nominated Individual Name", "Brand ID", "Brand Name",
]
RATINGS_HEADER = [
    "Location ID", "Location ODS Code", "Location Name", "Care Home?", "Location Type",
    "Location Primary Inspection Category", "Location Street Address", "Location City",
    "Location Post Code", "Location Local Authority", "Location Region", "Service / Population Group",
    "Domain", "Latest Rating", "Publication Date", "Report Type", "Inherited Rating (Y/N)", "URL",
    "Provider ID", "Provider Name", "Brand ID", "Brand Name",
]


def hsca_row(location: str = LOC, name: str = "Birch View", provider: str = "1-900000001",
             provider_name: str = "Birch Care Ltd", rating: str = "Good",
             published: str = "10/01/2025", inherited: str = "N", dormant: str = "N",
             beds: str = "40", postcode: str = "ZZ1 1AA") -> list[str]:
    values = {
        "Location ID": location, "Location Name": name, "Location HSCA start date": "01/04/2015",
        "Dormant (Y/N)": dormant, "Care home?": "Y", "Location Type/Sector": "Social Care Org",
        "Location Inspection Directorate": "Adult social care",
        "Location Primary Inspection Category": "Residential social care",
        "Location Latest Overall Rating": rating, "Publication Date": published,
        "Inherited Rating (Y/N)": inherited, "Location Region": "South East",
        "Location Local Authority": "Testshire", "Location ONSPD CCG Code": "E38000999",
        "Location Street Address": "1 Test Road", "Location City": "Testtown",
        "Location Postal Code": postcode, "Location UPRN ID": "100000000001",
        "Location Latitude": "51.5", "Location Longitude": "-0.1",
        "Location Telephone Number": "01234567890", "Care homes beds": beds,
        "Registered Manager": "Alex Example",
        "Regulated activity - Accommodation for persons who require nursing or personal care": "Y",
        "Service type - Care home service without nursing": "Y",
        "Service user band - Dementia": "Y", "Provider ID": provider, "Provider Name": provider_name,
        "Provider Type/Sector": "Social Care Org", "Provider Ownership Type": "Organisation",
        "Provider Companies House Number": "1234567", "Provider Postal Code": "ZZ1 1AB",
        "Provider Nominated Individual Name": "Sam Example", "Brand ID": "-", "Brand Name": "-",
    }
    return [values.get(h, "") for h in HSCA_HEADER]


def write_csv(path: Path, header: list[str], rows: list[list[str]], preamble: int = 0) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for n in range(preamble):
            writer.writerow([f"Preamble line {n + 1}"])
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_ods(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> Path:
    pytest.importorskip("odf")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets:
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                if value not in ("", None):
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


@pytest.fixture()
def app(tmp_path):
    with Cqcgraph(Settings(store=tmp_path / "store", base_iri=BASE)) as a:
        yield a


def rows(app: Cqcgraph, query: str, **params: str) -> list[dict]:
    results = app.query(query, params=params or None)
    return results.values()


# -- reading ------------------------------------------------------------------------------
def test_header_renamings_are_tolerated_and_unknown_columns_reported(tmp_path):
    header = [("Location Post Code" if h == "Location Postal Code" else h) for h in HSCA_HEADER]
    header.append("Location Favourite Colour")
    path = write_csv(tmp_path / "whatever-it-is-called.csv", header,
                     [hsca_row() + ["Blue"]])
    register = open_register(path, snapshot_date="2026-11-01")
    (record,) = list(register.records())
    assert register.kind == "hsca-active-locations"
    assert record.postcode == "ZZ1 1AA"
    assert record.dormant is False and record.care_home is True and record.beds == 40
    assert record.registration_date == "2015-04-01"
    assert record.regulated_activities == (
        "Accommodation for persons who require nursing or personal care",)
    assert record.service_user_bands == ("Dementia",)
    assert record.provider.cqc_id == "1-900000001" and record.provider.brand_id is None
    assert record.overall.published == "2025-01-10" and record.overall.inherited is False
    assert register.sheets[0].unknown_columns == ("Location Favourite Colour",)


def test_a_table_that_is_not_a_register_is_not_recognised():
    assert detect_kind(["pcds", "oslaua", "lat"]) is None
    assert detect_kind(["Name", "Address"]) is None


def test_the_snapshot_date_comes_from_the_readme_sheet_of_an_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "download (3).xlsx", [
        ("README", [["HSCA Active Locations"], ["Data as at 1 December 2026"]]),
        ("HSCA_Active_Locations", [HSCA_HEADER, hsca_row()]),
    ])
    register = open_register(path)
    assert (register.kind, register.snapshot_date, register.date_source) == (
        "hsca-active-locations", "2026-12-01", "README sheet")
    assert [r.cqc_id for r in register.records()] == [LOC]


def test_latest_ratings_in_ods_read_locations_and_providers_sheets(tmp_path):
    provider_header = ["Provider ID", "Provider Name", "Provider Type", "Service / Population Group",
                       "Domain", "Latest Rating", "Publication Date", "Report Type", "URL"]
    loc = {"Location ID": LOC, "Location Name": "Birch View", "Location Post Code": "ZZ1 1AA",
           "Provider ID": "1-900000001", "Provider Name": "Birch Care Ltd",
           "Publication Date": "2026-11-20", "Report Type": "Location",
           "Inherited Rating (Y/N)": "N"}
    body = []
    for group, domain, value in [("Overall", "Overall", "Inadequate"), ("Overall", "Safe", "Inadequate"),
                                 ("Older people", "Overall", "Good")]:
        row = dict(loc, **{"Service / Population Group": group, "Domain": domain,
                           "Latest Rating": value})
        body.append([row.get(h, "") for h in RATINGS_HEADER])
    path = write_ods(tmp_path / "ratings.ods", [
        ("README", [["Latest ratings as at 01/12/2026"]]),
        ("Locations", [RATINGS_HEADER, *body]),
        ("Providers", [provider_header, ["1-900000001", "Birch Care Ltd", "Social Care Org",
                                          "Overall", "Overall", "Good", "2024-03-01", "Provider", ""]]),
    ])
    register = open_register(path)
    records = list(register.records())
    ratings = [r for r in records if type(r).__name__ == "RegisterRating"]
    assert register.kind == "latest-ratings" and register.snapshot_date == "2026-12-01"
    assert {(r.subject_kind, r.key_question.value, r.value.value, r.population_group)
            for r in ratings} == {("location", "overall", "inadequate", None),
                                  ("location", "safe", "inadequate", None),
                                  ("location", "overall", "good", "Older people"),
                                  ("provider", "overall", "good", None)}
    assert [s.kind for s in register.sheets] == ["ratings-locations", "ratings-providers"]


def test_care_directory_csv_with_preamble_lines(tmp_path):
    header = ["Name", "Also known as", "Address", "Postcode", "Phone number",
              "Service's website (if available)", "Service types", "Date of latest check",
              "Specialisms/services", "Provider name", "Local authority", "Region",
              "Location URL", "CQC Location ID (for office use only)",
              "CQC Provider ID (for office use only)"]
    row = ["Birch View", "", "1 Test Road, Testtown", "ZZ1 1AA", "01234567890", "",
           "Residential homes", "20/11/2026", "Dementia|Caring for adults over 65 yrs",
           "Birch Care Ltd", "Testshire", "South East",
           f"https://www.cqc.org.uk/location/{LOC}", LOC, "1-900000001"]
    path = write_csv(tmp_path / "CQC_care_directory_20261201.csv", header, [row], preamble=4)
    register = open_register(path)
    (record,) = list(register.records())
    assert register.kind == "care-directory" and register.snapshot_date == "2026-12-01"
    assert record.cqc_id == LOC and record.last_check == "2026-11-20"
    assert record.specialisms == ("Dementia", "Caring for adults over 65 yrs")
    assert record.provider.cqc_id == "1-900000001"


# -- snapshots and history ----------------------------------------------------------------
@pytest.fixture()
def two_months(tmp_path) -> tuple[Path, Path]:
    nov = write_csv(tmp_path / "HSCA_Active_Locations_1_November_2026.csv", HSCA_HEADER, [
        hsca_row(),
        hsca_row("1-100000002", "Elm House", rating="Good", published="05/05/2019",
                 inherited="Y", beds="20"),
    ])
    dec = write_csv(tmp_path / "HSCA_Active_Locations_1_December_2026.csv", HSCA_HEADER, [
        hsca_row(provider="1-900000002", provider_name="Oak Homes Ltd", rating="Inadequate",
                 published="20/11/2026", dormant="Y"),
        hsca_row("1-100000002", "Elm House", rating="Good", published="05/05/2019",
                 inherited="Y", beds="20"),
    ])
    return nov, dec


def test_snapshots_in_any_order_keep_history_and_the_latest_is_current(app, two_months):
    nov, dec = two_months
    report = app.ingest([dec])  # the newer month first
    assert [d.status for d in report.documents] == ["stored"]
    report = app.ingest([nov])
    assert [d.status for d in report.documents] == ["stored"]

    history = rows(app, "register-location-history", location=LOC_IRI)
    assert [(h["snapshotDate"], h["providerName"], h["dormant"], h["overall"], h["published"])
            for h in history] == [
        ("2026-11-01", "Birch Care Ltd", "false", "Good", "2025-01-10"),
        ("2026-12-01", "Oak Homes Ltd", "true", "Inadequate", "2026-11-20"),
    ]
    current = rows(app, "current-ratings")
    mine = {(r["keyQuestion"], r["rating"]) for r in current if r["location"] == LOC_IRI}
    assert mine == {("Overall", "Inadequate")}  # by publication date, not by load order

    changes = rows(app, "register-ownership-changes")
    assert [(c["location"], c["beforeName"], c["afterName"], c["lastSeenBefore"],
             c["firstSeenAfter"]) for c in changes] == [
        (LOC_IRI, "Birch Care Ltd", "Oak Homes Ltd", "2026-11-01", "2026-12-01")]
    assert rows(app, "register-ownership-changes", **{"from": "2027-01-01"}) == []

    inherited = rows(app, "register-inherited-ratings")
    assert [(i["name"], i["rating"], i["published"]) for i in inherited] == [
        ("Elm House", "Good", "2019-05-05")]
    stale = rows(app, "register-not-inspected", years="5")
    assert [s["name"] for s in stale] == ["Elm House"]
    beds = rows(app, "register-care-home-beds")
    assert {(b["rating"], b["careHomes"], b["totalBeds"]) for b in beds} == {
        ("Inadequate", "1", "40"), ("Good", "1", "20")}
    dist = rows(app, "register-rating-distribution")
    assert {(d["localAuthority"], d["rating"], d["locations"]) for d in dist} == {
        ("Testshire", "Inadequate", "1"), ("Testshire", "Good", "1")}


def test_the_same_file_twice_changes_nothing(app, two_months):
    nov, _ = two_months
    app.ingest([nov])
    quads = app.store.count_quads()
    report = app.ingest([nov])
    assert [d.status for d in report.documents] == ["unchanged"]
    assert app.store.count_quads() == quads


def test_each_snapshot_is_a_named_graph_with_its_provenance(app, two_months):
    nov, _ = two_months
    (doc,) = app.ingest([nov]).documents
    graph = "https://cqcgraph.example/id/graph/register/hsca-active-locations/2026-11-01"
    assert doc.graph == graph
    prov = rows(app, f"""PREFIX cqc: <https://cqcgraph.example/ontology#>
        SELECT ?file ?sha ?date ?rows ?source WHERE {{ GRAPH <{graph}> {{
          <{graph}> cqc:fileName ?file ; cqc:sha256 ?sha ; cqc:snapshotDate ?date ;
                    cqc:rowCount ?rows ; cqc:snapshotDateSource ?source }} }}""")
    assert prov[0]["file"] == nov.name and len(prov[0]["sha"]) == 64
    assert (prov[0]["date"], prov[0]["rows"], prov[0]["source"]) == ("2026-11-01", "2", "file name")


def test_links_out_as_the_documents_do(app, two_months):
    nov, _ = two_months
    app.ingest([nov])
    facts = rows(app, f"""PREFIX cqc: <https://cqcgraph.example/ontology#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?page ?unit ?area ?uprn ?company WHERE {{
          <{LOC_IRI}> foaf:page ?page ; cqc:postcodeUnit ?unit ; cqc:subIcbArea ?area ;
                      cqc:uprn ?uprn ; cqc:provider ?p . ?p cqc:registeredCompany ?company }}""")
    assert facts == [{"page": f"https://www.cqc.org.uk/location/{LOC}",
                      "unit": "http://data.ordnancesurvey.co.uk/id/postcodeunit/ZZ11AA",
                      "area": "http://statistics.data.gov.uk/id/statistical-geography/E38000999",
                      "uprn": "100000000001",
                      "company": "http://business.data.gov.uk/id/company/01234567"}]


def test_a_bad_snapshot_date_or_none_is_a_clear_failure(app, tmp_path):
    path = write_csv(tmp_path / "locations.csv", HSCA_HEADER, [hsca_row()])
    (doc,) = app.ingest([path]).documents
    assert doc.status == "failed" and "--snapshot-date" in doc.reason
    (doc,) = app.ingest([path], snapshot_date="2026-10-01").documents
    assert doc.status == "stored"


def test_a_document_known_by_name_and_postcode_joins_its_register_entry(app, tmp_path):
    # seed 001 names "Medical Imaging Partnership" at RH11 9BJ, with no CQC ID
    path = write_csv(tmp_path / "HSCA_Active_Locations_1_December_2026.csv", HSCA_HEADER, [
        hsca_row("1-555555555", "Medical Imaging Partnership", postcode="RH11 9BJ")])
    app.ingest([path])
    app.ingest([seed("001")])
    target = iris.location_iri(BASE, cqc_id="1-555555555")
    found = rows(app, f"""PREFIX cqc: <https://cqcgraph.example/ontology#>
        SELECT DISTINCT ?insp WHERE {{ ?insp cqc:inspectionOf <{target}> }}""")
    assert found, "the report's inspections are of the register's location"


def test_ingest_from_the_command_line_reports_the_snapshot(tmp_path, two_months):
    nov, _ = two_months
    store = tmp_path / "cli-store"
    result = run_cli("ingest", "--quiet", "--store", str(store), str(nov))
    assert result.returncode == 0, result.stderr.decode()
    assert "1 documents (1 stored)" in result.stdout.decode()
    result = run_cli("ingest", "--store", str(store), "--snapshot-date", "2026-11-02", str(nov))
    assert "unchanged" in result.stdout.decode()


def test_every_term_a_snapshot_uses_is_declared(app, two_months):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, RDFS

    from cqcgraph.rdf import reference_graphs

    nov, _ = two_months
    (doc,) = app.ingest([nov]).documents
    declared = Graph()
    for graph in reference_graphs().values():
        for triple in graph:
            declared.add(triple)
    used = set()
    for quad in app.store.graph_triples(doc.graph):
        used.add(quad.predicate.value)
        if quad.predicate.value == str(RDF.type):
            used.add(quad.object.value)
    used.discard(str(RDF.type))
    missing = sorted(t for t in used if (URIRef(t), RDFS.label, None) not in declared)
    assert missing == []


# -- deactivated locations ----------------------------------------------------------------
DEACTIVATED_HEADER = HSCA_HEADER[:5] + ["Location HSCA End Date"] + HSCA_HEADER[5:]


def deactivated_row(location: str, name: str, end: str, **kw: str) -> list[str]:
    row = hsca_row(location, name, **kw)
    return row[:5] + [end] + row[5:]


def test_the_deactivated_locations_file_gives_registration_ends(app, tmp_path, two_months):
    nov, dec = two_months
    gone = write_csv(tmp_path / "any name.csv", DEACTIVATED_HEADER, [
        deactivated_row("1-100000003", "Ash Lodge", "14/09/2026", postcode="ZZ1 3AA"),
        deactivated_row("1-100000004", "Yew Court", "02/03/2025", rating="Inadequate",
                        published="01/06/2024"),
    ])
    app.ingest([nov, dec])
    (doc,) = app.ingest([gone], snapshot_date="2026-12-01").documents  # no date in its name
    assert (doc.status, doc.layout) == ("stored", "hsca-deactivated-locations")
    assert doc.graph.endswith("/graph/register/hsca-deactivated-locations/2026-12-01")

    ended = rows(app, "register-deregistered")
    assert [(r["name"], r["registered"], r["deregistered"], r["providerName"])
            for r in ended] == [("Ash Lodge", "2015-04-01", "2026-09-14", "Birch Care Ltd"),
                                ("Yew Court", "2015-04-01", "2025-03-02", "Birch Care Ltd")]
    assert [r["lastRated"] for r in ended] == ["2025-01-10", "2024-06-01"]
    in_2026 = rows(app, "register-deregistered", **{"from": "2026-01-01", "to": "2026-12-31"})
    assert [r["name"] for r in in_2026] == ["Ash Lodge"]
    # an active location is not deregistered
    assert LOC_IRI not in {r["location"] for r in ended}


# -- the location page --------------------------------------------------------------------
def _table_rows(text: str, element_id: str) -> list[list[str]]:
    """The rows of the table ``id=element_id`` as lists of cell texts (tags dropped)."""
    import html
    import re

    start = text.index(f'id="{element_id}"')
    table = text[start:text.index("</table>", start)]
    body = table.split("<tbody>", 1)[1]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_location_page_shows_register_history_beside_the_reports(tmp_path, two_months):
    from servers import serving

    import requests

    nov, dec = two_months
    gone = write_csv(tmp_path / "HSCA_Deactivated_Locations_1_January_2027.csv",
                     DEACTIVATED_HEADER, [deactivated_row("1-100000002", "Elm House", "15/12/2026",
                                                          rating="Good", published="05/05/2019",
                                                          inherited="Y", beds="20")])
    store = tmp_path / "store"
    done = run_cli("ingest", "-q", "--store", str(store), str(dec), str(nov), str(gone))
    assert done.returncode == 0, done.stderr
    elm = iris.location_iri(BASE, cqc_id="1-100000002")
    with serving(store, "--workers", "1", "--query-timeout", "20") as url:
        def page(iri: str) -> str:
            r = requests.get(url + "/id/" + iri.split("/id/", 1)[1],
                             headers={"Accept": "text/html"}, timeout=60)
            assert r.status_code == 200, r.text[:300]
            return r.text

        birch = page(LOC_IRI)
        elm_page = page(elm)
    # ownership: Birch Care in November, Oak Homes from December
    assert [row[:4] for row in _table_rows(birch, "register-ownership")] == [
        ["Birch Care Ltd", "2026-11-01", "2026-11-01", ""],
        ["Oak Homes Ltd", "2026-12-01", "2026-12-01", "2026-11-01"]]
    # the register's rating history: both publications, newest first, each with its snapshot
    assert [row[:4] + row[5:] for row in _table_rows(birch, "register-ratings")] == [
        ["2026-11-20", "Overall", "Inadequate", "", "2026-12-01 (1)"],
        ["2025-01-10", "Overall", "Good", "", "2026-11-01 (1)"]]
    assert 'id="register-start">2015-04-01<' in birch
    assert 'id="register-dormant">yes<' in birch  # as the latest snapshot says
    assert 'id="register-beds">40<' in birch and 'id="register-manager">Alex Example<' in birch
    assert 'id="register-end"' not in birch  # never deregistered: nothing invented
    assert [r[0] for r in _table_rows(birch, "register-snapshots")] == [
        "HSCA Active Locations, 2026-12-01", "HSCA Active Locations, 2026-11-01"]
    # the register section sits beside the reports' breaches and actions
    assert birch.index('id="register"') < birch.index("Breaches of regulations")
    # an inherited rating is marked, restated by three snapshots; the registration's end shown
    assert [row[:5] for row in _table_rows(elm_page, "register-ratings")] == [
        ["2019-05-05", "Overall", "Good", "inherited", ""]]
    assert _table_rows(elm_page, "register-ratings")[0][5] == "2026-11-01 to 2027-01-01 (3)"
    assert 'id="register-end">2026-12-15<' in elm_page
