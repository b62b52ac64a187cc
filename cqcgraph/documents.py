"""Bytes to text: read one CQC document (plain text, an HTML page saved from a browser, a PDF
report, a CQC API JSON record) into ``SourceText``.

The media type is decided by content, not only by the file name (a CQC API record may arrive as
``.txt``). Anything that yields no text raises ``UnreadableDocument`` with a reason: empty input,
binary junk, a PDF no reader opens (encrypted, truncated) or a PDF with no text layer. No other
exception type escapes for bad input.

May import the standard library, bs4, lxml and pypdf; knows nothing of extraction, RDF or storage.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
JSON = "application/json"

_DROP_TAGS = ("script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "iframe")
_BLOCK_TAGS = ("p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
               "tr", "table", "br", "dt", "dd", "blockquote", "aside", "figure", "figcaption")


class UnreadableDocument(Exception):
    """A document that yields no text; ``reason`` says why ("empty file", "encrypted PDF")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SourceText:
    """The text of one document, its media type, its title and the URL it states for itself."""

    text: str
    media_type: str
    title: str | None = None
    source_url: str | None = None


def sniff(data: bytes, filename: str = "") -> str:
    """The media type of ``data``, by content first and by extension only to break ties.

    >>> sniff(b'%PDF-1.7 ...')
    'application/pdf'
    >>> sniff(b'  {"locationId": "1-1"}', "x.txt")
    'application/json'
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return PDF
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(?:html|head|body)[\s>]", low):
        return HTML
    if head[:1] in (b"{", b"["):
        try:
            json.loads(data.decode("utf-8-sig"))
            return JSON
        except (ValueError, UnicodeDecodeError):
            if filename.lower().endswith((".json", ".jsonl")):
                return JSON
    if filename.lower().endswith((".html", ".htm")) and b"<" in head:
        return HTML
    return TEXT


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    try:
        sample.decode("utf-8")
        return False
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a character cut at the sample's end
            return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    high = sum(1 for b in sample if b >= 128)
    return controls > len(sample) * 0.01 or high > len(sample) * 0.3


def _read_html(data: bytes) -> SourceText:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    url = None
    canonical = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    if canonical and canonical.get("href"):
        url = canonical["href"].strip()
    if url is None:
        og = soup.find("meta", attrs={"property": "og:url"})
        if og and og.get("content"):
            url = og["content"].strip()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    body = soup.body or soup
    for br in body.find_all("br"):
        br.replace_with("\n")
    for li in body.find_all("li"):
        li.insert(0, "• ")
    for cell in body.find_all(["td", "th"]):
        cell.append("\t")
    for tag in body.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    text = body.get_text()
    lines = [" ".join(ln.replace("\t", " \t").split(" ")).strip(" ") for ln in text.split("\n")]
    lines = [re.sub(r"[ \u00a0]+", " ", ln).strip() for ln in lines]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        raise UnreadableDocument("HTML page has no text")
    return SourceText(text, HTML, title or None, url)


def _read_pdf(data: bytes) -> SourceText:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise UnreadableDocument(f"no PDF reader installed: {exc}") from exc
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise UnreadableDocument("encrypted PDF (a password is needed)")
            except UnreadableDocument:
                raise
            except Exception as exc:
                raise UnreadableDocument(f"encrypted PDF: {exc}") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title) if meta and meta.title else None
    except UnreadableDocument:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise UnreadableDocument(f"PDF cannot be opened: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise UnreadableDocument(f"PDF cannot be opened: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise UnreadableDocument("PDF has no pages")
    text = "\n\n".join(p.strip("\n") for p in pages).strip()
    if not text.strip():
        raise UnreadableDocument("PDF has no text layer (scanned images only?)")
    return SourceText(text, PDF, title, None)


def read(data: bytes, filename: str = "") -> SourceText:
    """Text of one document.

    >>> read(b"Overall: Good", "page.txt").media_type
    'text/plain'
    """
    if not data or not data.strip():
        raise UnreadableDocument("empty file")
    kind = sniff(data, filename)
    if kind == PDF:
        return _read_pdf(data)
    if _looks_binary(data):
        raise UnreadableDocument("binary data, not a text, HTML, PDF or JSON document")
    if kind == HTML:
        try:
            return _read_html(data)
        except UnreadableDocument:
            raise
        except Exception as exc:  # a parser failure on odd markup
            raise UnreadableDocument(f"HTML cannot be parsed: {exc}") from exc
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument("no text")
    return SourceText(text, kind, None, None)
