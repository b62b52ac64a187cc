"""Bytes to text: read one CQC document (plain text, an HTML page saved from a browser, a PDF
report, a CQC API JSON record) into ``SourceText``.

The media type is decided by content, not only by the file name (a CQC API record may arrive as
``.txt``). Anything that yields no text raises ``UnreadableDocument`` with a reason: empty input,
binary junk, a PDF no reader opens (encrypted, truncated) or a PDF with no text layer. No other
exception type escapes for bad input.

Every input also comes as blocks (``cqcgraph.blocks``): headings, key–value lines, table rows
with their columns, list items and paragraphs; for HTML and PDF the text is the rendering of those
blocks (``cqcgraph.documents_html``, ``cqcgraph.documents_pdf``), so the three inputs reach the
extractors in one shape.

May import the standard library, lxml, pypdf, pdfplumber and ``cqcgraph.blocks`` with the
readers named above and ``cqcgraph.documents_text`` (a plain text's one surface form); knows nothing of extraction, RDF or storage.
"""

from __future__ import annotations

import glob
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from cqcgraph import blocks as B
from cqcgraph.documents_text import normalise as normalise_text

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
JSON = "application/json"

#: The file name suffixes a folder's documents have; anything else in a folder is not read.
DOCUMENT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".pdf", ".json", ".jsonl"})
#: Files beside a document that describe it rather than being one: where it came from
#: (``NNN.meta.json``) and the facts a correct reading gives (``NNN.expected.json``).
SIDECAR_SUFFIXES = (".meta.json", ".expected.json")


def is_sidecar(path: Path) -> bool:
    """A file that describes a document rather than being one: ``NNN.meta.json``,
    ``NNN.expected.json``, or ``expected/NNN.json`` where a document ``NNN.*`` sits beside the
    ``expected`` folder (the layout of a folder of documents with their expected facts)."""
    if path.name.endswith(SIDECAR_SUFFIXES):
        return True
    if path.parent.name == "expected" and path.suffix.lower() == ".json":
        return any(sibling.suffix.lower() in DOCUMENT_SUFFIXES and not is_sidecar(sibling)
                   for sibling in path.parent.parent.glob(f"{glob.escape(path.stem)}.*"))
    return False


def is_document(path: Path) -> bool:
    """A file of a folder that ``ingest`` and ``evaluate`` read: a known suffix, not hidden,
    not a sidecar."""
    return (path.suffix.lower() in DOCUMENT_SUFFIXES and not path.name.startswith(".")
            and not is_sidecar(path))



class UnreadableDocument(Exception):
    """A document that yields no text; ``reason`` says why ("empty file", "encrypted PDF") and
    ``kind`` names the error for programs ("empty", "binary", "too-large", "unreadable")."""

    def __init__(self, reason: str, kind: str = "unreadable") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


#: Byte order marks of the Unicode encodings a text may arrive in, longest first (UTF-32's
#: little-endian mark begins with UTF-16's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _from_utf16_or_32(data: bytes) -> bytes:
    """A text that starts with a UTF-16 or UTF-32 byte order mark, as UTF-8 (Unicode 15.0
    section 23.8: the mark is not part of the text); any other input unchanged.

    >>> _from_utf16_or_32("Overall: Good".encode("utf-16"))
    b'Overall: Good'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding).encode("utf-8")
            except UnicodeDecodeError:
                raise UnreadableDocument(
                    f"starts with a {encoding.upper()} byte order mark but is not {encoding.upper()} text",
                    "binary") from None
    return data


@dataclass(frozen=True)
class SourceText:
    """The text of one document, its media type, its title and the URL it states for itself."""

    text: str
    media_type: str
    title: str | None = None
    source_url: str | None = None
    #: the document's structure; ``blocks.render(blocks)`` is ``text`` for HTML and PDF
    blocks: tuple[B.Block, ...] = field(default=(), compare=False, repr=False)


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
    from cqcgraph.documents_html import read_page

    blocks, title, url = read_page(data)
    text = B.render(blocks)
    if not text:
        raise UnreadableDocument("HTML page has no text")
    return SourceText(text, HTML, title or None, url, blocks)


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
        meta = reader.metadata
        title = str(meta.title) if meta and meta.title else None
        if len(reader.pages) == 0:
            raise UnreadableDocument("PDF has no pages")
        blocks = _pdf_blocks(data)
        if blocks:  # the layout-aware reading; pypdf's plain text only when it gives nothing
            return SourceText(B.render(blocks), PDF, title, None, blocks)
        pages = [page.extract_text() or "" for page in reader.pages]
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
    return SourceText(text, PDF, title, None, ())


def _pdf_blocks(data: bytes) -> tuple[B.Block, ...]:
    """The PDF's blocks read from character positions; none when that reader fails on this file
    (the text pypdf gives is used then)."""
    try:
        from cqcgraph.documents_pdf import read_blocks

        return read_blocks(data)[0]
    except Exception:  # pdfminer raises many kinds on odd files; pypdf's text stands
        return ()


def read(data: bytes, filename: str = "", *, max_bytes: int | None = None) -> SourceText:
    """Text of one document (UTF-8 with or without a byte order mark, UTF-16 or UTF-32 with
    one, else Windows-1252). A document over ``max_bytes`` is refused unread.

    >>> read(b"Overall: Good", "page.txt").media_type
    'text/plain'
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise UnreadableDocument(too_large_reason(len(data), max_bytes), "too-large")
    if not data or not data.strip():
        raise UnreadableDocument("empty file", "empty")
    if data[:1] in (b"\xff", b"\xfe", b"\x00"):
        data = _from_utf16_or_32(data)
        if not data.strip():
            raise UnreadableDocument("empty file", "empty")
    kind = sniff(data, filename)
    if kind == PDF:
        return _read_pdf(data)
    if _looks_binary(data):
        raise UnreadableDocument("binary data, not a text, HTML, PDF or JSON document", "binary")
    if kind == HTML:
        try:
            return _read_html(data)
        except UnreadableDocument:
            raise
        except Exception as exc:  # a parser failure on odd markup
            raise UnreadableDocument(f"HTML cannot be parsed: {exc}") from exc
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument("no text", "empty")
    if kind == TEXT:
        # one surface form whatever the copy: bullets, dashes, spaces, navigation lines
        text = normalise_text(text)
    return SourceText(text, kind, None, None, B.from_text(text) if kind == TEXT else ())


def too_large_reason(size: int, cap: int) -> str:
    """The reason given for a document over the size cap, naming the setting.

    >>> too_large_reason(200 << 20, 50 << 20)
    'too large: 200.0 MiB, over the 50.0 MiB cap on one document (max_document_bytes: --max-document-bytes or CQCGRAPH_MAX_DOCUMENT_BYTES)'
    """
    return (f"too large: {size / 2**20:.1f} MiB, over the {cap / 2**20:.1f} MiB cap on one"
            f" document (max_document_bytes: --max-document-bytes or CQCGRAPH_MAX_DOCUMENT_BYTES)")
