"""Every location, one page at a time, from the current-state (derived) graph: its names,
postcode, current rating of one key question (with its date), latest visit and publication,
and what the register's latest snapshot says of its local authority and sector.

A page reads only its own rows, whatever the size of the store: the locations of a page are a
subquery over one index (the derived graph's class rows, or its current ratings of one key
question and value), cut by ``LIMIT`` and ``OFFSET`` there, before anything is joined to them;
skipping rows of one index costs little (on 330,000 locations a page 300,000 rows in took
0.1 s), where skipping rows that were joined first costs their joins, and a page sorted by a
key costs the whole sorted list (5-10 s on that store for the location IRIs alone). So the
pages come in the store's own order, the same from one page to the next while the store is
not written, and a page is asked for by where it starts (``start``). The number of pages is
known only where the summary graph counts it: the locations with a current rating
(``cqc:RatingCount``).

Nothing here opens a store: it gives the SPARQL and its bindings, and reads the rows given
back (plain strings by variable name). Imports ``namespaces`` and the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from cqcgraph import namespaces

CQC = namespaces.CQC
KEY_QUESTIONS_NS = "https://cqcgraph.example/ontology/key-questions/"
RATINGS_NS = "https://cqcgraph.example/ontology/ratings/"
KEY_QUESTIONS = ("overall", "safe", "effective", "caring", "responsive", "well-led")
RATINGS = ("outstanding", "good", "requires-improvement", "inadequate")
PAGE_SIZE = 50
#: The most rows a page may hold.
MAX_SIZE = 500
#: The furthest a page may start (past every store: it keeps a mistyped number cheap).
MAX_START = 10_000_000

_EVERY_LOCATION = f"""?location <{CQC}summaryType> ?class . FILTER(?class = <{CQC}Location>)"""
# the value and key question are written into the text: they are IRIs of this module's own
# tables, chosen by name from the request (never the characters given), and bound as
# substitutions the engine read every rating of that value before joining (3.2 s against
# 0.23 s for a page 1,000 rows in on 330,000 locations)
_RATED = """?r <{cqc}summaryRating> ?value . FILTER(?value = <{wanted}>)
      ?r <{cqc}summaryKeyQuestion> ?kq . FILTER(?kq = <{question}>)
      ?location <{cqc}currentRating> ?r ."""

_PAGE = """SELECT ?location ?name ?postcode ?rating ?ratingDate ?lastVisit
       ?lastPublished ?localAuthority ?sector WHERE {{
  {{ SELECT ?location WHERE {{
      {driving}
    }} LIMIT {limit} OFFSET {offset} }}
  OPTIONAL {{ ?location <{cqc}summaryName> ?name }}
  OPTIONAL {{ ?location <{cqc}summaryPostcode> ?postcode }}
  OPTIONAL {{ ?location <{cqc}currentRating> ?current . ?current <{cqc}summaryKeyQuestion> ?q .
             FILTER(?q = <{question}>)
             ?current <{cqc}summaryRating> ?rating .
             OPTIONAL {{ ?current <{cqc}summaryDate> ?ratingDate }} }}
  OPTIONAL {{ ?location <{cqc}lastVisit> ?lastVisit }}
  OPTIONAL {{ ?location <{cqc}lastPublished> ?lastPublished }}
  OPTIONAL {{ ?location <{cqc}summaryRegisterLocalAuthority> ?localAuthority }}
  OPTIONAL {{ ?location <{cqc}summaryRegisterSector> ?sector }}
}}"""

# the counters through their class, a constant: there are a few dozen of them (the key question
# or the value as the first pattern read every location's rating row)
_TOTAL = """SELECT ?n WHERE {{
  ?c a <{cqc}RatingCount> ; <{cqc}summaryRating> ?value ; <{cqc}summaryKeyQuestion> ?kq ;
     <{cqc}summaryLocations> ?n .
  FILTER(?value = <{wanted}> && ?kq = <{question}>)
}}"""


class PageRequestError(ValueError):
    """A page asked for with a value that is not one of its kind (the message says what is
    allowed)."""


@dataclass(frozen=True)
class PageRequest:
    """Which page: the key question whose rating is shown (and filtered by), a rating the
    locations must have (None: every location), and the row the page starts at."""

    kq: str = "overall"
    rating: str | None = None
    start: int = 0
    size: int = PAGE_SIZE

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> "PageRequest":
        """From a query string's ``kq``, ``rating``, ``start`` and ``size``."""
        kq = args.get("kq") or "overall"
        if kq not in KEY_QUESTIONS:
            raise PageRequestError("kq is one of " + ", ".join(KEY_QUESTIONS))
        rating = args.get("rating") or None
        if rating is not None and rating not in RATINGS:
            raise PageRequestError("rating is one of " + ", ".join(RATINGS))
        start = (args.get("start") or "0").strip()
        if not start.isdigit() or int(start) > MAX_START:
            raise PageRequestError(f"start is a whole number from 0 to {MAX_START:,}")
        size = (args.get("size") or str(PAGE_SIZE)).strip()
        if not size.isdigit() or not 0 < int(size) <= MAX_SIZE:
            raise PageRequestError(f"size is a whole number from 1 to {MAX_SIZE}")
        return cls(kq, rating, int(start), int(size))

    def _iris(self) -> dict[str, str]:
        return {"cqc": CQC, "question": KEY_QUESTIONS_NS + self.kq,
                "wanted": RATINGS_NS + (self.rating or "")}

    def query(self) -> str:
        """The page's SPARQL: one row more than the page holds, which says whether a next
        page exists."""
        driving = _RATED.format(**self._iris()) if self.rating else _EVERY_LOCATION
        return _PAGE.format(driving=driving, limit=self.size + 1, offset=self.start,
                            **self._iris())

    def total_query(self) -> str | None:
        """The SPARQL of how many locations the list has, where the summary graph counts it;
        None where it does not (every location)."""
        return _TOTAL.format(**self._iris()) if self.rating else None

    def params(self, start: int) -> list[tuple[str, str]]:
        """The query string of this list's page at ``start``."""
        out = [] if self.kq == "overall" else [("kq", self.kq)]
        if self.rating:
            out.append(("rating", self.rating))
        if start:
            out.append(("start", str(start)))
        if self.size != PAGE_SIZE:
            out.append(("size", str(self.size)))
        return out


@dataclass(frozen=True)
class LocationRow:
    iri: str
    name: str
    postcode: str
    rating: str  # a key of RATINGS, another rating's local name, or ""
    rating_date: str
    last_visit: str
    last_published: str
    local_authority: str
    sector: str


@dataclass(frozen=True)
class LocationPage:
    """One page: its rows, where the previous and next pages start (None: there is none), and
    how many locations the list has (None where that is not counted)."""

    request: PageRequest
    rows: tuple[LocationRow, ...]
    previous: int | None
    next: int | None
    total: int | None


def _local(iri: str, ns: str) -> str:
    return iri[len(ns):] if iri.startswith(ns) else iri


def read_page(request: PageRequest, rows: Sequence[Mapping[str, str]],
              totals: Sequence[Mapping[str, str]] | None = None) -> LocationPage:
    """The page from the rows of :meth:`PageRequest.query` (and of its total query). A
    location with several names or postcodes comes once, with the first given."""
    seen: dict[str, LocationRow] = {}
    order: list[str] = []
    for r in rows:
        iri = r["location"]
        if iri in seen:
            continue
        order.append(iri)
        seen[iri] = LocationRow(
            iri, r.get("name", ""), r.get("postcode", ""),
            _local(r.get("rating", ""), RATINGS_NS), r.get("ratingDate", "")[:10],
            r.get("lastVisit", "")[:10], r.get("lastPublished", "")[:10],
            r.get("localAuthority", ""), r.get("sector", ""))
    more = len(order) > request.size
    kept = tuple(seen[i] for i in order[:request.size])
    total = sum(int(t["n"]) for t in totals) if totals is not None else None
    return LocationPage(request, kept, max(0, request.start - request.size)
                        if request.start else None,
                        request.start + request.size if more else None, total)
