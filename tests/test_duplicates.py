"""One publication is one document: copies of the same bytes under other names, and
renditions of the same report (same source URL) as text and as PDF, are counted once, and
the store does not depend on the order they arrive in."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from cqcgraph.api import Cqcgraph
from cqcgraph.settings import Settings

from conftest import run_cli, seed, seed_files
from test_documents import make_pdf

REPORT_URL = "https://www.cqc.org.uk/location/1-2345678901/reports/AAAA1234"


def stats(store: Path) -> dict:
    out = run_cli("stats", "--json", "--store", str(store))
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)


def nquads(app: Cqcgraph) -> list[str]:
    out = io.BytesIO()
    app.export(out, "nquads")
    return sorted(line for line in out.getvalue().decode("utf-8").splitlines()
                  if "XMLSchema#dateTime>" not in line)  # the time of reading differs


def test_twenty_renamed_copies_leave_the_stats_unchanged(tmp_path):
    store = tmp_path / "store"
    assert run_cli("ingest", "--quiet", "--store", str(store),
                   *map(str, seed_files())).returncode == 0
    before = stats(store)
    copies = tmp_path / "copies"
    copies.mkdir()
    for i in range(20):
        for f in seed_files():
            # half the copies sort before the originals, half after
            shutil.copy(f, copies / f"{'a' if i % 2 else 'z'}{i:02d}-{f.name}")
    out = run_cli("ingest", "--quiet", "--json", "--store", str(store), str(copies))
    assert out.returncode == 0, out.stderr.decode()
    summary = json.loads(out.stdout)
    assert summary["by_status"].get("duplicate", 0) + summary["by_status"].get("stored", 0) == 100
    assert stats(store) == before
    dup = next(r for r in summary["reports"] if r["status"] == "duplicate")
    assert "the same bytes as" in dup["reason"] and dup["graph"]


def test_copies_give_the_same_store_in_any_order(tmp_path):
    for name in ["b.txt", "a.txt", "c.txt"]:
        shutil.copy(seed("004"), tmp_path / name)
    orders = [["a.txt", "b.txt", "c.txt"], ["c.txt", "b.txt", "a.txt"], ["b.txt", "c.txt", "a.txt"]]
    exports = []
    for n, order in enumerate(orders):
        with Cqcgraph(Settings(store=tmp_path / f"s{n}")) as app:
            for name in order:  # one at a time: each ingest sees what the others stored
                app.ingest([tmp_path / name])
            exports.append(nquads(app))
            rows = app.store.select(
                "SELECT ?f WHERE { GRAPH ?g { ?g <https://cqcgraph.example/ontology#fileName> ?f } }")
            assert [r["f"] for r in rows] == ["a.txt"]  # the name that sorts first is kept
    assert exports[0] == exports[1] == exports[2]


def test_the_same_bytes_with_a_source_url_are_kept_over_a_bare_copy(tmp_path):
    shutil.copy(seed("003"), tmp_path / "a.txt")
    shutil.copy(seed("003"), tmp_path / "report.txt")
    with Cqcgraph(Settings(store=tmp_path / "s")) as app:
        app.ingest([tmp_path / "a.txt"])
        (second,) = app.ingest([tmp_path / "report.txt"], source_url=REPORT_URL).documents
        assert second.status == "stored"
        (third,) = app.ingest([tmp_path / "a.txt"]).documents
        assert third.status == "duplicate" and third.key == REPORT_URL
        assert app.stats()["documents"] == 1


def test_text_and_pdf_of_one_report_are_one_source_whichever_comes_first(tmp_path):
    text = seed("000").read_text(encoding="utf-8")
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(make_pdf(text))
    results = []
    for n, order in enumerate([["report.txt", "report.pdf"], ["report.pdf", "report.txt"]]):
        with Cqcgraph(Settings(store=tmp_path / f"s{n}")) as app:
            reports = [app.ingest([tmp_path / name], source_url=REPORT_URL).documents[0]
                       for name in order]
            assert reports[0].status == "stored"
            assert reports[1].status in {"duplicate", "replaced"}
            assert app.stats()["documents"] == 1
            rows = app.store.select(
                "SELECT ?f WHERE { GRAPH ?g { ?g <https://cqcgraph.example/ontology#fileName> ?f } }")
            results.append(([r["f"] for r in rows], nquads(app)))
    assert results[0] == results[1]
    kept = results[0][0][0]
    # the rule: the fuller reading wins (more triples), then PDF over text
    with Cqcgraph(Settings(memory=True)) as app:
        sizes = {name: len(app.extract_bytes((tmp_path / name).read_bytes(), name,
                                             source_url=REPORT_URL).graph)
                 for name in ["report.txt", "report.pdf"]}
    if sizes["report.txt"] != sizes["report.pdf"]:
        assert kept == max(sizes, key=sizes.get)
    else:
        assert kept == "report.pdf"


def test_a_changed_file_under_its_own_name_still_replaces_its_graph(tmp_path):
    doc = tmp_path / "page.txt"
    text = seed("000").read_text(encoding="utf-8")
    doc.write_text(text, encoding="utf-8")
    with Cqcgraph(Settings(store=tmp_path / "s")) as app:
        app.ingest([doc], source_url=REPORT_URL)
        doc.write_text(text.replace("Overall: Good", "Overall: Inadequate"), encoding="utf-8")
        (report,) = app.ingest([doc], source_url=REPORT_URL).documents
        assert report.status == "replaced"
