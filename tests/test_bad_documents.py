"""The bad-document corpus: every kind of bad input in one batch, through the real command
line and a real on-disk store. Each bad file is reported by name with its error, nothing of
it is stored, and the good documents beside it are stored."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from cqcgraph.api import Cqcgraph
from cqcgraph.settings import Settings

from conftest import run_cli, seed
from test_documents import make_pdf

CQC = "https://cqcgraph.example/ontology#"


def stored_file_names(store) -> set[str]:
    with Cqcgraph(Settings(store=store)) as app:
        rows = app.store.select(
            f"SELECT ?f WHERE {{ GRAPH ?g {{ ?g a <{CQC}SourceDocument> ; <{CQC}fileName> ?f }} }}")
    return {r["f"] for r in rows}


def ingest_json(*args: str, timeout: float = 600):
    out = run_cli("ingest", "--quiet", "--json", *args, timeout=timeout)
    assert "Traceback" not in out.stderr.decode(), out.stderr.decode()
    return out, {d["name"]: d for d in json.loads(out.stdout)["reports"]}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """One batch of every kind of bad file with two good documents, ingested once."""
    root = tmp_path_factory.mktemp("bad")
    folder = root / "batch"
    folder.mkdir()
    shutil.copy(seed("002"), folder / "good-002.txt")
    shutil.copy(seed("003"), folder / "good-003.txt")
    text_000 = seed("000").read_text(encoding="utf-8")
    text_001 = seed("001").read_text(encoding="utf-8")
    (folder / "utf16-bom.txt").write_bytes(text_000.encode("utf-16"))  # BOM + UTF-16-LE
    (folder / "utf8-bom.txt").write_bytes(b"\xef\xbb\xbf" + text_001.encode("utf-8"))
    expected = {  # name -> error
        "empty.txt": "empty",
        "whitespace.txt": "empty",
        "junk.txt": "binary",
        "nul.txt": "binary",
        "truncated.pdf": "unreadable",
        "scan.pdf": "unreadable",
        "oversize.txt": "too-large",
        "shopping-list.txt": "not-cqc",  # no CQC context at all: not a CQC publication
        "loop.txt": "symlink-loop",
        "dangling.txt": "broken-link",
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "whitespace.txt").write_bytes(b" \n\t\n")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "nul.txt").write_bytes(b"\x00" * 10_000)
    (folder / "truncated.pdf").write_bytes(make_pdf(text_000)[:1500])
    (folder / "scan.pdf").write_bytes(make_pdf("", blank=True))
    (folder / "oversize.txt").write_text(text_000 * 40, encoding="utf-8")  # ≈ 400 KB
    (folder / "shopping-list.txt").write_text("Eggs, flour, milk.\n", encoding="utf-8")
    try:
        (folder / "encrypted.pdf").write_bytes(make_pdf(text_000, encrypt=True))
        expected["encrypted.pdf"] = "unreadable"
    except Exception:  # noqa: BLE001 - fpdf2 may lack its optional crypto package
        pass
    # the links are given on the command line, as the user who found the bug did
    loop = root / "loop.txt"
    os.symlink(loop, loop)
    dangling = root / "dangling.txt"
    os.symlink(root / "nothing-there.txt", dangling)
    store = root / "store"
    out, reports = ingest_json("--store", str(store), "--max-document-bytes", "200000",
                               str(folder), str(loop), str(dangling))
    return out, reports, expected, store


def test_every_bad_file_is_reported_by_name_with_its_error(corpus_run):
    out, reports, expected, _ = corpus_run
    assert out.returncode == 1
    for name, error in expected.items():
        report = reports[name]
        assert report["status"] == "failed", (name, report)
        assert report["error"] == error, (name, report)
        assert report["reason"] and "Traceback" not in report["reason"]
    assert "200000" not in reports["oversize.txt"]["reason"]  # said in MiB, with the setting
    assert "max_document_bytes" in reports["oversize.txt"]["reason"]
    assert "loop" in reports["loop.txt"]["reason"]
    if "encrypted.pdf" in reports:
        assert "encrypted" in reports["encrypted.pdf"]["reason"]
    assert "text layer" in reports["scan.pdf"]["reason"]


def test_nothing_of_a_bad_file_is_stored_and_the_rest_of_the_batch_is(corpus_run):
    _, reports, expected, store = corpus_run
    good = {"good-002.txt", "good-003.txt", "utf16-bom.txt", "utf8-bom.txt"}
    assert {n for n, r in reports.items() if r["status"] == "stored"} == good
    assert stored_file_names(store) == good
    assert not set(expected) & stored_file_names(store)


def test_utf16_and_utf8_with_a_byte_order_mark_give_the_facts_of_the_plain_text():
    with Cqcgraph(Settings(memory=True)) as app:
        for prefix, encode in [("000", lambda t: t.encode("utf-16")),
                               ("001", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
                               ("004", lambda t: t.encode("utf-16-be").join([b"\xfe\xff", b""]))]:
            text = seed(prefix).read_text(encoding="utf-8")
            plain = app.extract_bytes(text.encode("utf-8"), "a.txt").record
            marked = app.extract_bytes(encode(text), "a.txt").record
            assert marked == plain, prefix


def test_a_document_past_the_time_limit_is_stopped_and_the_next_one_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = seed("001").read_text(encoding="utf-8")
    (folder / "a-slow.txt").write_text(text * 1500, encoding="utf-8")  # ≈ 15 MB of report
    shutil.copy(seed("003"), folder / "b-good.txt")
    out, reports = ingest_json("--store", str(tmp_path / "s"), "--document-timeout", "1",
                               "--jobs", "1", str(folder))
    assert out.returncode == 1
    assert reports["a-slow.txt"]["error"] == "timeout"
    assert "document_timeout" in reports["a-slow.txt"]["reason"]
    assert reports["b-good.txt"]["status"] == "stored"
    assert stored_file_names(tmp_path / "s") == {"b-good.txt"}


def test_the_time_limit_comes_from_the_environment_too(tmp_path):
    doc = tmp_path / "slow.txt"
    doc.write_text(seed("001").read_text(encoding="utf-8") * 1500, encoding="utf-8")
    out = run_cli("ingest", "--quiet", "--json", "--store", str(tmp_path / "s"), str(doc),
                  env={"CQCGRAPH_DOCUMENT_TIMEOUT": "1", "CQCGRAPH_MAX_DOCUMENT_BYTES": "1000"})
    (report,) = json.loads(out.stdout)["reports"]
    assert report["error"] == "too-large"  # the smaller cap, from the environment


def test_pdf_reader_warnings_go_into_the_report_not_raw_to_stderr(tmp_path):
    data = make_pdf(seed("000").read_text(encoding="utf-8"))
    damaged = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)
    assert damaged != data
    doc = tmp_path / "damaged.pdf"
    doc.write_bytes(damaged)
    out = run_cli("ingest", "--store", str(tmp_path / "s"), str(doc))
    assert out.returncode == 0, out.stderr.decode()
    err = out.stderr.decode()
    said = [line for line in re.split(r"[\r\n]", err) if "startxref" in line]
    assert said and all("damaged.pdf: reader:" in line for line in said), err
    out = run_cli("ingest", "--quiet", "--json", "--store", str(tmp_path / "t"), str(doc))
    (report,) = json.loads(out.stdout)["reports"]
    assert any("startxref" in w for w in report["read_warnings"])
    said = [line for line in out.stderr.decode().splitlines() if "startxref" in line]
    assert all(line.startswith("damaged.pdf: reader:") for line in said)


def test_a_symlink_loop_inside_a_folder_is_reported_too(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("003"), folder)
    os.symlink(folder / "self.txt", folder / "self.txt")
    out, reports = ingest_json("--store", str(tmp_path / "s"), str(folder))
    assert reports["self.txt"]["error"] == "symlink-loop"
    assert reports[seed("003").name]["status"] == "stored"


def test_extract_keeps_the_size_cap_too():
    out = run_cli("extract", str(seed("003")), env={"CQCGRAPH_MAX_DOCUMENT_BYTES": "1000"})
    assert out.returncode == 1
    assert "too large" in out.stderr.decode() and "max_document_bytes" in out.stderr.decode()
