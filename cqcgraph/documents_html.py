"""An HTML page's main content as blocks: headings, table rows with every cell in its column (an
empty cell stays an empty cell, a ``colspan`` fills its columns), list items (nested lists one
level deeper), definition lists as key–value blocks, and paragraphs (``<br>`` kept as a line
break).

Navigation, banners, footers, scripts, styles and forms are not content and are dropped. The
page is walked once, without recursion, so time grows with its size and any depth of nesting is
read. Imports the standard library, lxml and ``cqcgraph.blocks``.
"""

from __future__ import annotations

import re

from cqcgraph import blocks as B

DROP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "iframe",
             "head", "title", "meta", "link", "button", "select", "textarea"}
DROP_ROLES = {"navigation", "banner", "contentinfo"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "aside", "figure", "figcaption", "body",
               "address", "center", "details", "summary", "fieldset", "pre", "hr", "caption", "thead", "tbody",
               "tfoot", "html"}
_BREAK = "\u2028"  # a <br>, told apart from the line breaks of the page's source
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def read_page(data: bytes) -> tuple[tuple[B.Block, ...], str | None, str | None]:
    """``(blocks, title, url)`` of an HTML page: its body's blocks in reading order, its
    ``<title>`` and the URL it states for itself (``<link rel="canonical">``, else ``og:url``).

    >>> blocks, title, url = read_page(b"<title>Page</title><table><tr><td></td><td>Safe</td></tr></table>")
    >>> blocks[0].cells, title
    (('', 'Safe'), 'Page')
    """
    from lxml import etree

    target = _Target()
    parser = etree.HTMLParser(target=target, huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        parser.feed(data)
        parser.close()
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        pass  # what was read so far stands
    target.walker.flush()
    title = " ".join("".join(target.title).split()) or None
    return tuple(target.walker.out), title, target.canonical or target.og_url


class _Target:
    """lxml parser target: the parser's events (it closes implied tags itself), with dropped
    elements skipped, handed to the walker."""

    def __init__(self) -> None:
        self.walker = _Walker()
        self.skip: list[str] = []  # open dropped elements
        self.in_title = False
        self.title: list[str] = []
        self.canonical: str | None = None
        self.og_url: str | None = None

    def start(self, tag, attrib) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "link" and "canonical" in (attrib.get("rel") or "").lower().split() and attrib.get("href"):
            self.canonical = self.canonical or attrib["href"].strip()
        elif tag == "meta" and attrib.get("property") == "og:url" and attrib.get("content"):
            self.og_url = self.og_url or attrib["content"].strip()
        elif tag == "title":
            self.in_title = True
        if self.skip or tag in DROP_TAGS or (attrib.get("role") or "").lower() in DROP_ROLES:
            self.skip.append(tag)
            return
        self.walker.start(tag, attrib)

    def end(self, tag) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "title":
            self.in_title = False
        if self.skip:
            self.skip.pop()
            return
        self.walker.end(tag)

    def data(self, text: str) -> None:
        if self.in_title:
            self.title.append(text)
        if not self.skip:
            self.walker.text(text)

    def comment(self, text: str) -> None:
        pass

    def close(self) -> None:
        return None


class _Walker:
    """Collects text into the innermost open sink (paragraph, heading, cell, item, term) and emits
    a block when the sink closes."""

    def __init__(self) -> None:
        self.out: list[B.Block] = []
        self.para: list[str] = []
        self.sinks: list[tuple[str, list[str], int]] = []  # (kind, text pieces, level)
        self.rows: list[list[str]] = []
        self.tables: list[int] = []
        self.table_count = 0
        self.lists = 0
        self.term: str | None = None
        self.spans: list[int] = []

    # text ------------------------------------------------------------------
    def text(self, s: str) -> None:
        (self.sinks[-1][1] if self.sinks else self.para).append(s.replace("\n", " "))

    def flush(self) -> None:
        lines = [" ".join(_SPACES.sub(" ", ln).split()) for ln in "".join(self.para).split(_BREAK)]
        self.para.clear()
        lines = [ln for ln in lines if ln]
        if lines:
            self.out.append(B.paragraph("\n".join(lines)))

    @staticmethod
    def _line(pieces: list[str]) -> str:
        return " ".join("".join(pieces).split())

    # elements --------------------------------------------------------------
    def start(self, tag: str, attrib: dict | None = None) -> None:
        if tag == "br":
            (self.sinks[-1][1] if self.sinks else self.para).append(_BREAK)
        elif tag in _HEADINGS or tag in ("td", "th", "li", "dt", "dd"):
            if not self.sinks:
                self.flush()
            elif self.sinks[-1][0] in ("li",):
                self._emit_item()
            else:
                self.text(" ")
            level = _HEADINGS.get(tag, self.lists - 1 if tag == "li" else 0)
            self.sinks.append((tag, [], max(level, 0)))
            if tag in ("td", "th"):
                span = str((attrib or {}).get("colspan") or "1").strip()
                self.spans.append(min(int(span), 50) if span.isdigit() and int(span) > 0 else 1)
        elif tag == "table":
            self._boundary()
            self.table_count += 1
            self.tables.append(self.table_count)
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("ul", "ol", "dl"):
            if self.sinks and self.sinks[-1][0] == "li":
                self._emit_item()
            else:
                self._boundary()
            if tag != "dl":
                self.lists += 1
        elif tag in _BLOCK_TAGS:
            self._boundary()

    def end(self, tag: str) -> None:
        if tag in _HEADINGS or tag in ("td", "th", "li", "dt", "dd"):
            if not self.sinks or self.sinks[-1][0] != tag:
                return  # unbalanced markup the parser kept: nothing open to close
            kind, pieces, level = self.sinks.pop()
            text = self._line(pieces)
            if kind in _HEADINGS:
                if text:
                    self._emit(B.heading(text, level))
            elif kind in ("td", "th"):
                if self.rows:
                    self.rows[-1].append(text)
                    span = self.spans.pop() if self.spans else 1
                    self.rows[-1].extend([""] * (span - 1))
                elif text:
                    self._emit(B.paragraph(text))
            elif kind == "li":
                if text:
                    self._emit(B.item(text, level))
            elif kind == "dt":
                if self.term:
                    self._emit(B.heading(self.term))
                self.term = text or None
            elif kind == "dd":
                if self.term and text:
                    self._emit(B.key_value(self.term, text))
                elif text:
                    self._emit(B.paragraph(text))
                self.term = None
        elif tag == "tr":
            cells = self.rows.pop() if self.rows else []
            if any(cells):
                self._emit(B.row(cells, table=self.tables[-1] if self.tables else None))
        elif tag == "table":
            if self.tables:
                self.tables.pop()
        elif tag in ("ul", "ol"):
            self.lists = max(self.lists - 1, 0)
        elif tag == "dl":
            if self.term:
                self._emit(B.heading(self.term))
                self.term = None
        elif tag in _BLOCK_TAGS:
            self._boundary()

    def _boundary(self) -> None:
        if self.sinks:
            self.text(" ")
        else:
            self.flush()

    def _emit(self, block: B.Block) -> None:
        if not self.sinks:
            self.flush()
        self.out.append(block)

    def _emit_item(self) -> None:
        """A list item's own text before a nested list or item starts."""
        kind, pieces, level = self.sinks[-1]
        text = self._line(pieces)
        if text:
            self.out.append(B.item(text, level))
        pieces.clear()
