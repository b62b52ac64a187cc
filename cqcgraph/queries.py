"""Named queries: the ``.rq`` files of ``queries/`` with their headers, and safe binding of their
parameters (values are bound as RDF terms through substitutions, never pasted into the text).

A header is the leading ``#`` comment block::

    # title: Rating history of a location
    # description: Every rating published for one location, oldest first.
    # param: location iri The location (its cqcgraph IRI)
    # param: year literal? An optional year

``param: NAME KIND[?] DESCRIPTION`` where KIND is ``iri``, ``literal``, ``integer`` or ``date``
and a trailing ``?`` makes it optional.

A list as long as the nation (every location's current ratings, every document) says
``# page: N``: it answers a page of N rows unless asked for another size (``limit``), the
rows after the first ``offset``, or ``all`` of them. A page is the query without its
``ORDER BY``: the engine stops once the page is full, where a sorted page would cost the whole
sorted list (on 330,000 locations, 48 s for the first 1,000 current ratings sorted, 0.3 s
unsorted). The pages come in the store's own order, the same from one page to the next while
the store is not written; the whole list (``all``) streams in that order too. ``LIMIT`` and
``OFFSET`` cannot be variables in SPARQL, so they are the only values written into the
text: integers the parser made, never the characters given.

A page ``offset`` rows in costs the rows before it: each was joined to the rest of the
query before it was dropped (on 330,000 locations, ``current-ratings`` 300,000 rows in took
40 s). A list read from one index of the store marks, with the line ``# the page is cut
here`` in a subquery over that index, where a page can be cut instead: a **cursor** page
(``after=N``) is the rows of the index's entries N+1 to N+limit, joined to the rest once cut,
so it costs about the same wherever it starts (that page: 0.2 s). The cursor is a position in
the store's order, not a value of the list: a comparison with a value ("after this
location") is one the engine makes only by reading and sorting the whole list. Such a list
answers cursor pages unless ``offset`` is given; since an entry of the index can give no
row (the query's filters drop it) or several, a cursor page can hold fewer rows than its
limit before the end: the list has ended when a page comes back empty. Imports pyoxigraph,
``resources`` and the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from cqcgraph.errors import CqcgraphError
from cqcgraph.resources import data_dir

XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QueryParameterError(CqcgraphError, ValueError):
    """A named query's parameter is missing, unknown or of the wrong form."""

    status, exit = 400, 2


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    optional: bool
    description: str


#: The parameters of a paged list's pages: rows per page, rows skipped, the cursor, the whole
#: list.
PAGE_PARAMETERS = ("limit", "offset", "after", "all")
#: The most rows a page may hold (the whole list is ``all``).
MAX_PAGE = 100_000
_ORDER_BY = re.compile(r"\n\s*ORDER BY[^\n]*\s*$")
#: The line of a subquery where a cursor page is cut.
_CUT = re.compile(r"^[ \t]*# the page is cut here[ \t]*$", re.M)


@dataclass(frozen=True)
class Page:
    """Which rows of a paged list an answer holds: ``limit`` rows (None: all) after the
    first ``offset``, or, for a cursor page, those of the index's entries after the first
    ``after``."""

    limit: int | None
    offset: int
    after: int | None = None
    #: For a cursor page: an ASK of whether the index has an entry past this page (a cursor
    #: page can come back short before the end), bound as the page is.
    probe: str | None = None

    def next_offset(self) -> int | None:
        """Where the next page starts (None for the whole list), rows or entries in."""
        if self.limit is None:
            return None
        return (self.offset if self.after is None else self.after) + self.limit

    def next_params(self) -> dict[str, str]:
        """The parameters that ask for the next page ({} for the whole list)."""
        following = self.next_offset()
        if following is None:
            return {}
        return {"after" if self.after is not None else "offset": str(following)}

    def ended(self, rows: int) -> bool:
        """Whether the list ends with this page, which held ``rows`` rows: a page shorter
        than its limit, or an empty cursor page (a cursor page can be short before the end)."""
        if self.limit is None:
            return True
        return rows == 0 if self.after is not None else rows < self.limit


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    federated: bool = False
    page_size: int | None = None

    def prepare(self, values: dict[str, str]
                ) -> tuple[str, dict[str, ox.NamedNode | ox.Literal], Page | None]:
        """The text to run for the given parameter values, their RDF terms, and the page
        the answer is (None for a query that is not paged): see the module's docstring."""
        bound = self.bind(values)
        if self.page_size is None:
            return self.text, bound, None
        unsorted = _ORDER_BY.sub("\n", self.text)
        if _flag(values.get("all")):
            return unsorted, bound, Page(None, 0)
        limit = _count(values, "limit", self.page_size, 1, MAX_PAGE)
        given = {k for k in ("offset", "after") if (values.get(k) or "").strip()}
        if given == {"offset", "after"}:
            raise QueryParameterError("a page is given by 'after' or by 'offset', not both")
        if self.cursor and "offset" not in given:
            after = _count(values, "after", 0, 0, None)
            return (_CUT.sub(f"LIMIT {limit} OFFSET {after}", unsorted, count=1), bound,
                    Page(limit, 0, after, _probe(unsorted, after + limit)))
        if "after" in given:
            raise QueryParameterError(f"query {self.name!r} pages by 'offset' only (its order"
                                      " gives no cursor)")
        page = Page(limit, _count(values, "offset", 0, 0, None))
        return f"{unsorted}LIMIT {page.limit} OFFSET {page.offset}\n", bound, page

    @property
    def cursor(self) -> bool:
        """Whether the list answers cursor pages (``after``): see the module's docstring."""
        return self.page_size is not None and _CUT.search(self.text) is not None

    def bind(self, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """RDF terms for the given parameter values, checked against the header (the page's
        own parameters are no terms: :meth:`prepare`)."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryParameterError(
                f"query {self.name!r} has no parameter {unknown[0]!r}"
                f" (it takes: {', '.join(known) or 'none'})"
            )
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for param in self.parameters:
            if self.page_size is not None and param.name in PAGE_PARAMETERS:
                continue
            raw = values.get(param.name)
            if raw is None or raw == "":
                if not param.optional:
                    raise QueryParameterError(
                        f"query {self.name!r} needs parameter {param.name!r}: {param.description}"
                    )
                continue
            bound[param.name] = _term(param, raw)
        return bound


def _probe(text: str, offset: int) -> str:
    """An ASK of whether the cursor subquery of ``text`` (the ``{ SELECT`` group that the
    cut line ends) has an entry at ``offset``: one entry of one index, read past the rest."""
    cut = _CUT.search(text)
    assert cut is not None
    start = text.rfind("{ SELECT", 0, cut.start())
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("PREFIX"))
    return f"{prefixes}ASK {{\n  {text[start:cut.start()]}LIMIT 1 OFFSET {offset}\n  }}\n}}\n"


def _flag(raw: str | None) -> bool:
    """A yes/no parameter: yes, true, 1 (or empty, as ``?all`` alone) for yes."""
    if raw is None:
        return False
    if raw.strip().lower() in {"", "yes", "true", "1"}:
        return True
    if raw.strip().lower() in {"no", "false", "0"}:
        return False
    raise QueryParameterError("parameter 'all' is yes or no")


def _count(values: dict[str, str], name: str, default: int, least: int,
           most: int | None) -> int:
    """A page's whole-number parameter, checked to lie in [least, most]."""
    raw = values.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"\d+", raw.strip()) or int(raw) < least or (
            most is not None and int(raw) > most):
        raise QueryParameterError(f"parameter {name!r} must be a whole number from {least}"
                                  + (f" to {most:,}" if most is not None else " up"))
    return int(raw)


def _term(param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
    if param.kind == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
            raise QueryParameterError(f"parameter {param.name!r} must be an absolute IRI")
        return ox.NamedNode(raw)
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", raw.strip()):
            raise QueryParameterError(f"parameter {param.name!r} must be an integer")
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "integer"))
    if param.kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            raise QueryParameterError(f"parameter {param.name!r} must be a date YYYY-MM-DD")
        return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(raw)


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Read the header of one ``.rq`` file."""
    title, description, params = name, "", []
    federated, page_size = False, None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line.lstrip("#").strip()
        key, _, value = body.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        elif key == "param":
            pname, kind, *rest = value.split(None, 2)
            optional = kind.endswith("?")
            params.append(Parameter(pname, kind.rstrip("?"), optional, rest[0] if rest else ""))
        elif key == "federated":
            federated = value.lower() in {"yes", "true"}
        elif key == "page":
            page_size = int(value)
    if page_size is not None:
        params += [Parameter("limit", "integer", True, f"Rows per page (default {page_size})"),
                   Parameter("offset", "integer", True,
                             "Rows skipped: the next page is at offset + limit")]
        if _CUT.search(text):
            params.append(Parameter("after", "integer", True,
                                    "Cursor: the page after this many entries of the list's"
                                    " index (the next is at after + limit; the list ends"
                                    " with an empty page)"))
        params.append(Parameter("all", "flag", True, "yes: every row, streamed, not a page"))
    return NamedQuery(name, title, description, tuple(params), text, federated, page_size)


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries, by name (the file's stem), sorted."""
    folder = folder or data_dir("queries")
    out = {}
    for path in sorted(folder.glob("*.rq")):
        if _NAME.match(path.stem):
            out[path.stem] = parse_named_query(path.stem, path.read_text(encoding="utf-8"))
    return out


def get_named_query(name: str) -> NamedQuery | None:
    return named_queries().get(name) if _NAME.match(name) else None
