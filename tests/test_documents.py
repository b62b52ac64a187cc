"""Reading bytes into text: plain text, HTML and PDF made from a seed give the same facts;
unreadable inputs raise UnreadableDocument with a reason."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from cqcgraph.documents import HTML, JSON, PDF, TEXT, UnreadableDocument, read
from cqcgraph.extract import extract

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_000 = next((FIXTURES / "seeds").glob("000_*.txt"))
API_JSON = FIXTURES / "corpus" / "034.txt"


def _facts(text: str) -> dict:
    r = extract(text)
    loc = r.locations[0]
    return {
        "provider": r.providers[0].name,
        "location": loc.name,
        "postcode": loc.postcode,
        "phone": loc.phone,
        "current": loc.current_overall_rating,
        "starts": [i.start_date.iso for i in r.inspections if i.start_date],
        "overall": [(rt.key_question, rt.value) for i in r.inspections for rt in i.ratings],
    }


def make_html(text: str) -> bytes:
    parts = ["<!DOCTYPE html><html><head><title>Miracle in Progress - Care Quality Commission</title>",
             '<link rel="canonical" href="https://www.cqc.org.uk/location/1-000000001">',
             "<script>var tracking = 'Overall: Inadequate';</script><style>p{color:red}</style></head><body>",
             "<header>Skip to main content</header><nav><ul><li>Home</li><li>Find a service</li></ul></nav><main>"]
    bullets: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("•"):
            bullets.append(f"<li>{html.escape(stripped.lstrip('• '))}</li>")
            continue
        if bullets:
            parts.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if stripped:
            parts.append(f"<p>{html.escape(stripped)}</p>")
    if bullets:
        parts.append("<ul>" + "".join(bullets) + "</ul>")
    parts.append("</main><footer>© Care Quality Commission</footer></body></html>")
    return "\n".join(parts).encode("utf-8")


def make_pdf(text: str, *, encrypt: bool = False, blank: bool = False) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(orientation="L", format="A3")
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_page()
    pdf.set_font("Helvetica", size=6)
    if blank:
        pdf.rect(20, 20, 100, 50, style="F")
    else:
        for line in text.split("\n"):
            safe = line.replace("’", "'").replace("‘", "'").replace("•", "-").replace("“", '"').replace("”", '"')
            safe = safe.encode("latin-1", "replace").decode("latin-1")
            pdf.multi_cell(0, 3, safe or " ", new_x="LMARGIN", new_y="NEXT")
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def test_plain_text_is_read_as_text() -> None:
    source = read(SEED_000.read_bytes(), SEED_000.name)
    assert source.media_type == TEXT
    assert "Provided and run by" in source.text


def test_api_record_in_a_txt_file_is_json_by_content() -> None:
    source = read(API_JSON.read_bytes(), "034.txt")
    assert source.media_type == JSON
    assert extract(source.text).layout == "cqc-api-json"


def test_html_gives_the_same_facts_as_text_and_states_its_url() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    source = read(make_html(text), "page.html")
    assert source.media_type == HTML
    assert source.source_url == "https://www.cqc.org.uk/location/1-000000001"
    assert source.title and "Miracle in Progress" in source.title
    assert "tracking" not in source.text and "Find a service" not in source.text
    assert _facts(source.text) == _facts(text)


def test_html_detected_by_content_not_extension() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    assert read(make_html(text), "page.txt").media_type == HTML


def test_pdf_gives_the_same_facts_as_text() -> None:
    text = SEED_000.read_text(encoding="utf-8")
    source = read(make_pdf(text), "report.pdf")
    assert source.media_type == PDF
    assert _facts(source.text) == _facts(text)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF"),
    ],
    ids=["empty", "whitespace", "binary-junk", "truncated-pdf"],
)
def test_unreadable_inputs_raise_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as info:
        read(data, "doc.bin")
    assert reason.lower() in info.value.reason.lower()


def test_truncated_real_pdf_is_unreadable() -> None:
    data = make_pdf(SEED_000.read_text(encoding="utf-8"))
    with pytest.raises(UnreadableDocument):
        read(data[: len(data) // 3], "cut.pdf")


def test_encrypted_pdf_is_unreadable() -> None:
    try:
        data = make_pdf("Overall: Good", encrypt=True)
    except Exception as exc:  # fpdf2 may need an optional crypto package
        pytest.skip(f"fpdf2 cannot encrypt here: {exc}")
    with pytest.raises(UnreadableDocument) as info:
        read(data, "locked.pdf")
    assert "encrypted" in info.value.reason.lower()


def test_pdf_without_text_layer_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument) as info:
        read(make_pdf("", blank=True), "scan.pdf")
    assert "text layer" in info.value.reason
