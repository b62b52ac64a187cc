"""Atom feeds (RFC 4287) of what CQC found and did: enforcement, breaches and ratings, for the
whole country or for one location or provider, newest first, so that a journalist or a
commissioner subscribes once.

Each entry is one fact: its IRI is the entry's id (stable across re-ingests), its date is the
date the source gives it (the action's own date, else its inspection's publication date, else
the visit; a fact whose source gives no date at all is not in a feed, which is about when), its link is the location's page and its source document's page. A feed is built
from one bounded query (LIMIT) and kept until the next write to the store.

Imports the standard library only; the queries run through the function it is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable
from xml.etree import ElementTree as ET

from cqcgraph import namespaces

ATOM = "http://www.w3.org/2005/Atom"
CQC = namespaces.CQC
KINDS = "https://cqcgraph.example/ontology/action-kinds/"
ENTRIES = 50

# MUST and SHOULD actions are what a report asks for, not enforcement
_NOT_ENFORCEMENT = ", ".join(f"<{KINDS}{k}>" for k in ("must", "should", "compliance-action",
                                                        "other"))

_DATE = """
    OPTIONAL {{ ?parent <{cqc}publicationDate> ?pd }}
    OPTIONAL {{ ?parent <{cqc}endDate> ?ed }}
    OPTIONAL {{ ?parent <{cqc}startDate> ?sd }}"""

QUERIES = {
    "enforcement": """
SELECT ?fact ?label ?text ?subject ?graph ?scope (STR(COALESCE(?ad, ?pd, ?ed, ?sd)) AS ?date) WHERE {{
  GRAPH ?graph {{
    ?parent <{cqc}hasAction> ?fact . ?fact <{cqc}actionKind> ?kind .
    FILTER (?kind NOT IN ({not_enforcement}))
    OPTIONAL {{ ?fact <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
    OPTIONAL {{ ?fact <{cqc}text> ?text }}
    OPTIONAL {{ ?fact <{cqc}actionDate> ?ad }}
    OPTIONAL {{ ?parent <{cqc}inspectionOf> ?about }}
    {date}
  }}
  BIND (COALESCE(?about, ?parent) AS ?subject)
  FILTER (BOUND(?ad) || BOUND(?pd) || BOUND(?ed) || BOUND(?sd))
  {filter}
}} ORDER BY DESC(STR(COALESCE(?ad, ?pd, ?ed, ?sd))) ?fact LIMIT {limit}""",
    "breaches": """
SELECT ?fact ?label ?text ?subject ?graph ?scope (STR(COALESCE(?pd, ?ed, ?sd)) AS ?date) WHERE {{
  GRAPH ?graph {{
    ?parent <{cqc}hasBreach> ?fact .
    OPTIONAL {{ ?fact <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
    OPTIONAL {{ ?fact <{cqc}text> ?text }}
    OPTIONAL {{ ?parent <{cqc}inspectionOf> ?about }}
    {date}
  }}
  BIND (COALESCE(?about, ?parent) AS ?subject)
  FILTER (BOUND(?pd) || BOUND(?ed) || BOUND(?sd))
  {filter}
}} ORDER BY DESC(STR(COALESCE(?pd, ?ed, ?sd))) ?fact LIMIT {limit}""",
    "ratings": """
SELECT ?fact ?label ?subject ?graph ?scope (STR(COALESCE(?rd, ?pd, ?ed, ?sd)) AS ?date) WHERE {{
  GRAPH ?graph {{
    ?parent <{cqc}hasRating> ?fact ; <{cqc}inspectionOf> ?subject .
    ?fact <{cqc}keyQuestion> <https://cqcgraph.example/ontology/key-questions/overall> .
    FILTER NOT EXISTS {{ ?fact <{cqc}service> ?service }}
    OPTIONAL {{ ?fact <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
    OPTIONAL {{ ?fact <{cqc}ratingDate> ?rd }}
    {date}
  }}
  FILTER (BOUND(?rd) || BOUND(?pd) || BOUND(?ed) || BOUND(?sd))
  {filter}
}} ORDER BY DESC(STR(COALESCE(?rd, ?pd, ?ed, ?sd))) ?fact LIMIT {limit}""",
}

TITLES = {
    "enforcement": "Enforcement by the Care Quality Commission",
    "breaches": "Breaches of regulations found by the Care Quality Commission",
    "ratings": "Overall ratings published by the Care Quality Commission",
}

NAMES = """
SELECT ?subject ?name WHERE {{ VALUES ?subject {{ {subjects} }}
  GRAPH ?g {{ ?subject <http://schema.org/name> ?name }} }}"""


@dataclass(frozen=True)
class Scope:
    """Whose facts: everyone's, one location's or one provider's (IRIs minted by cqcgraph),
    or an area's (``area`` names it; ``members`` are its locations, IRIs read from the store)."""

    location: str | None = None
    provider: str | None = None
    area: str | None = None
    area_name: str | None = None
    members: tuple[str, ...] = ()

    def filter(self) -> str:
        """The filter on ``?subject``; the IRI itself is bound to ``?scope``, never pasted.
        An area's locations are written as a VALUES block: IRIs from the store, each
        serialised as an IRI term, never text from the request."""
        if self.area is not None:
            if not self.members:
                return "FILTER (false)"
            return "VALUES ?subject { " + " ".join(f"<{m}>" for m in self.members) + " }"
        if self.location:
            return "FILTER (?subject = ?scope)"
        if self.provider:
            return (f"FILTER (?subject = ?scope || EXISTS {{ GRAPH ?pg {{ ?subject"
                    f" <{CQC}provider> ?scope }} }})")
        return ""

    @property
    def iri(self) -> str | None:
        return self.location or self.provider


def feed_query(kind: str, scope: Scope, limit: int = ENTRIES) -> str:
    return QUERIES[kind].format(cqc=CQC, not_enforcement=_NOT_ENFORCEMENT, date=_DATE.format(
        cqc=CQC), filter=scope.filter(), limit=limit * 4)


@dataclass
class Entry:
    id: str
    title: str
    date: str | None
    summary: str | None
    subject: str | None
    subject_name: str | None
    source: str | None


def entries(kind: str, scope: Scope, select: Callable[[str, str | None], list[dict]],
            limit: int = ENTRIES) -> list[Entry]:
    """The newest ``limit`` facts of ``kind`` in ``scope``; ``select(sparql, scope_iri)``
    runs a query with ``?scope`` bound to the IRI (when given) and answers rows of strings."""
    out: dict[str, Entry] = {}
    for row in select(feed_query(kind, scope, limit), scope.iri):
        fact = row["fact"]
        if fact in out:
            continue  # the same fact stated in several graphs: the first (newest) wins
        out[fact] = Entry(fact, row.get("label") or kind.capitalize(), row.get("date") or None,
                          row.get("text"), row.get("subject"), None, row.get("graph"))
        if len(out) == limit:
            break
    subjects = sorted({e.subject for e in out.values() if e.subject})
    if subjects:
        names: dict[str, str] = {}
        for row in select(NAMES.format(subjects=" ".join(f"<{s}>" for s in subjects)), None):
            names.setdefault(row["subject"], row["name"])
        for e in out.values():
            e.subject_name = names.get(e.subject or "")
    return list(out.values())


def _atom_date(value: str | None, fallback: str) -> str:
    """An RFC 3339 timestamp from an xsd date at any precision (midnight UTC)."""
    if not value:
        return fallback
    parts = (value.split("T")[0] + "-01-01").split("-")[:3]
    try:
        day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return fallback
    return f"{day.isoformat()}T00:00:00Z"


def atom(kind: str, items: Iterable[Entry], *, self_url: str, page: Callable[[str], str],
         scope_name: str | None = None, generated: dt.datetime | None = None) -> bytes:
    """The feed document. ``page(iri)`` gives the page URL of a minted IRI."""
    now = (generated or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    title = TITLES[kind] + (f": {scope_name}" if scope_name else "")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url,
                  type="application/atom+xml")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "cqcgraph"
    ET.SubElement(feed, f"{{{ATOM}}}rights").text = (
        "Contains public sector information licensed under the Open Government Licence v3.0")
    items = list(items)
    dates = [_atom_date(e.date, now) for e in items]
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max(dates) if dates else now
    for e, updated in zip(items, dates, strict=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        who = f" — {e.subject_name}" if e.subject_name else ""
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{e.title}{who}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = updated
        if e.subject:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=page(e.subject),
                          type="text/html")
        if e.source:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=page(e.source),
                          type="text/html")
        text = e.summary or e.title
        if e.date:
            text = f"{e.date}: {text}"
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = text
    return (b'<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(feed, encoding="unicode").encode("utf-8"))
