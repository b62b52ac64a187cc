"""An HTML page's main content as blocks: headings, table rows with every cell in its column (an
empty cell stays an empty cell), list items (nested lists one level deeper), definition lists as
key–value blocks, and paragraphs (``<br>`` kept as a line break).

Navigation, banners, footers, scripts, styles and forms are not content and are dropped.
Imports the standard library, bs4 and ``cqcgraph.blocks``.
"""

from __future__ import annotations

import re

from cqcgraph import blocks as B

DROP_TAGS = ("script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "iframe")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "aside", "figure", "figcaption", "body",
               "address", "center", "details", "summary", "fieldset", "pre", "hr", "caption", "dd", "dt", "li",
               "ul", "ol", "dl", "table", "tr", "td", "th", "thead", "tbody", "tfoot", *_HEADINGS}
_SPACES = re.compile(r"[ \t\r\n\u00a0\u200b]+")


def page_blocks(soup) -> tuple[B.Block, ...]:  # soup: bs4.BeautifulSoup
    """Blocks of the page's body, in reading order."""
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    walker = _Walker()
    walker.walk(soup.body or soup)
    walker.flush()
    return tuple(walker.out)


class _Walker:
    def __init__(self) -> None:
        self.out: list[B.Block] = []
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        lines = [" ".join(_SPACES.sub(" ", ln).split()) for ln in text.split("\n")]
        lines = [ln for ln in lines if ln]
        if lines:
            self.out.append(B.paragraph("\n".join(lines)))

    def walk(self, node) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import Comment, Doctype, ProcessingInstruction

        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name == "br":
                self.buffer.append("\n")
            elif name in _HEADINGS:
                self.flush()
                text = _text(child)
                if text:
                    self.out.append(B.heading(text, _HEADINGS[name]))
            elif name == "table":
                self.flush()
                self.table(child)
            elif name in ("ul", "ol"):
                self.flush()
                self.items(child, 0)
            elif name == "dl":
                self.flush()
                self.definitions(child)
            elif name in _BLOCK_TAGS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, table) -> None:
        self.tables += 1
        number = self.tables
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue  # a row of a nested table
            cells = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                cells.append(_text(cell))
                span = cell.get("colspan")
                if span and str(span).isdigit():
                    cells.extend([""] * (min(int(span), 50) - 1))
            if any(cells):
                self.out.append(B.row(cells, table=number))

    def items(self, listing, level: int) -> None:
        for li in listing.find_all("li", recursive=False):
            nested = li.find_all(["ul", "ol"], recursive=False)
            for n in nested:
                n.extract()
            text = _text(li)
            if text:
                self.out.append(B.item(text, level))
            for n in nested:
                self.items(n, level + 1)

    def definitions(self, dl) -> None:
        key = None
        for child in dl.find_all(["dt", "dd"], recursive=True):
            if child.name == "dt":
                if key:
                    self.out.append(B.heading(key))
                key = _text(child)
            elif key:
                self.out.append(B.key_value(key, _text(child)))
                key = None
            elif _text(child):
                self.out.append(B.paragraph(_text(child)))
        if key:
            self.out.append(B.heading(key))


def _text(tag) -> str:
    """A tag's text on one line: inline markup joins its text as written, a block child or a
    ``<br>`` is a space."""
    return " ".join(_SPACES.sub(" ", "".join(_pieces(tag))).split())


def _pieces(tag):
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Doctype, ProcessingInstruction

    for child in tag.children:
        if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            yield str(child)
        elif isinstance(child, Tag):
            if child.name in _BLOCK_TAGS or child.name == "br":
                yield " "
                yield from _pieces(child)
                yield " "
            else:
                yield from _pieces(child)
