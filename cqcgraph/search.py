"""Search for people: names, postcodes, CQC IDs, ODS codes and the text of findings.

A full-text index kept beside the store in one SQLite file (``<store>.search.sqlite``), built
with SQLite's FTS5, which ships inside Python's own ``sqlite3`` module: no server, no extra
binary, transactions, concurrent readers while one process writes (WAL), and a trigram
tokenizer that finds a name from any part of it. Typo tolerance comes from the trigrams too:
a misspelt name still shares most of its trigrams with the right one, so the trigram match
gives the candidates and rapidfuzz orders them by similarity.

The index is derived data: :func:`rebuild` makes it again from the store, streaming the
entities in batches, and ingest refreshes what each document touches (:meth:`SearchIndex.refresh`).

Imports the standard library, rapidfuzz and :mod:`cqcgraph.links` (postcodes); it reads the
store through the SPARQL queries it is given a store for.

>>> index = SearchIndex.memory()
>>> index.put_entities([Entity("https://x.example/id/location/a", "location", "Fastrack Scan",
...                            postcode="LU2 0HF", cqc_id="1-123456789")])
1
>>> [hit.name for hit in index.search("fastrak scan").entities]
['Fastrack Scan']
>>> [hit.name for hit in index.search("LU2").entities]
['Fastrack Scan']
>>> [hit.name for hit in index.search("1-123456789").entities]
['Fastrack Scan']
"""

from __future__ import annotations

import re
import collections
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from cqcgraph import namespaces, sqlite_files
from cqcgraph.errors import CqcgraphError
from cqcgraph import links

CQC = namespaces.CQC
SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
KINDS = {CQC + "Location": "location", CQC + "Provider": "provider"}
SCHEMA_VERSION = "1"

# An outward code alone ("LU2", "SW1A"): a postcode district.
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
CQC_ID = re.compile(r"^1-[0-9]{5,}$")
ODS_CODE = re.compile(r"^[A-Z0-9]{3,8}$")


class SearchError(CqcgraphError):
    """A search that cannot run (the index is missing, or the query ran past its limit)."""

    status, exit = 503, 1


@dataclass
class Entity:
    """What the index knows of one location or provider."""

    iri: str
    kind: str  # "location" | "provider"
    name: str
    alt_names: tuple[str, ...] = ()
    postcode: str | None = None
    cqc_id: str | None = None
    ods_code: str | None = None
    provider: str | None = None  # the provider's name, for a location
    rating: str | None = None  # current overall rating, as its label

    @property
    def district(self) -> str | None:
        key = links.postcode_key(self.postcode)
        return key[:-3] if key else None


@dataclass
class Finding:
    """A breach or an action with its text, for searching what CQC found."""

    iri: str
    graph: str
    kind: str  # "breach" | "action"
    label: str
    text: str
    entity: str | None = None
    date: str | None = None


@dataclass
class EntityHit:
    iri: str
    kind: str
    name: str
    postcode: str | None
    provider: str | None
    rating: str | None
    cqc_id: str | None
    matched: str  # what matched: "cqc id", "ods code", "postcode", "district", "name"
    score: float

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class FindingHit:
    iri: str
    kind: str
    label: str
    snippet: str
    entity: str | None
    entity_name: str | None
    date: str | None
    graph: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    entities: list[EntityHit] = field(default_factory=list)
    findings: list[FindingHit] = field(default_factory=list)
    took_ms: float = 0.0

    def as_dict(self) -> dict:
        return {"query": self.query, "took_ms": round(self.took_ms, 2),
                "entities": [h.as_dict() for h in self.entities],
                "findings": [h.as_dict() for h in self.findings]}


def normalise_postcode(text: str) -> str:
    """Upper case, one space before the inward code.

    >>> normalise_postcode(" lu20hf ")
    'LU2 0HF'
    """
    key = links.postcode_key(text)
    return links.postcode_label(key) if key else text.strip().upper()


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _similarity(query: str, name: str) -> float:
    """How close a folded name is to a folded query, 0-100: each query word against its
    closest word of the name (a typo costs a little, a missing word a lot), or the two as a
    whole, whichever is closer."""
    from rapidfuzz import fuzz

    words = name.split()
    if not words:
        return 0.0
    per_word = [max(fuzz.ratio(q, w) for w in words) for q in query.split()]
    return max(sum(per_word) / len(per_word), fuzz.ratio(query, name))


def _phrase(text: str) -> str:
    """An FTS5 string literal (a phrase): double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS entity (
  id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
  alt TEXT, postcode TEXT, district TEXT, cqc_id TEXT, ods_code TEXT, provider TEXT,
  rating TEXT);
CREATE INDEX IF NOT EXISTS entity_postcode ON entity(postcode);
CREATE INDEX IF NOT EXISTS entity_district ON entity(district);
CREATE INDEX IF NOT EXISTS entity_cqc_id ON entity(cqc_id);
CREATE INDEX IF NOT EXISTS entity_ods ON entity(ods_code);
CREATE VIRTUAL TABLE IF NOT EXISTS entity_names USING fts5(names, tokenize='trigram');
CREATE TABLE IF NOT EXISTS finding (
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL, graph TEXT NOT NULL, kind TEXT NOT NULL,
  label TEXT, text TEXT, entity TEXT, date TEXT, UNIQUE (graph, iri));
CREATE INDEX IF NOT EXISTS finding_graph ON finding(graph);
CREATE VIRTUAL TABLE IF NOT EXISTS finding_text USING fts5(
  label, text, content='finding', content_rowid='id', tokenize='porter unicode61');
"""


_locked = sqlite_files.locked


class SearchIndex(sqlite_files.IndexFile):
    """The search index in one SQLite database. Writes come from the one process that writes
    the store; any number of readers may search at the same time."""

    #: a search that needs more than this many seconds of SQLite work is stopped
    TIME_LIMIT = 2.0

    SUFFIX = ".search.sqlite"

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        super().__init__(connection, path)
        self.db.executescript(_SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self.db.commit()

    # -- writing ---------------------------------------------------------------------------
    @_locked
    def put_entities(self, entities: Iterable[Entity]) -> int:
        n = 0
        with self.db:
            for e in entities:
                self._delete_entity(e.iri)
                cur = self.db.execute(
                    "INSERT INTO entity (iri, kind, name, alt, postcode, district, cqc_id,"
                    " ods_code, provider, rating) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (e.iri, e.kind, e.name, "\n".join(e.alt_names),
                     normalise_postcode(e.postcode) if e.postcode else None, e.district,
                     e.cqc_id, e.ods_code.upper() if e.ods_code else None, e.provider,
                     e.rating))
                names = "\n".join([e.name, *e.alt_names])
                self.db.execute("INSERT INTO entity_names (rowid, names) VALUES (?, ?)",
                                (cur.lastrowid, names))
                n += 1
        return n

    @_locked
    def delete_entities(self, iris: Iterable[str]) -> None:
        with self.db:
            for iri in iris:
                self._delete_entity(iri)

    def _delete_entity(self, iri: str) -> None:
        row = self.db.execute("SELECT id FROM entity WHERE iri = ?", (iri,)).fetchone()
        if row:
            self.db.execute("DELETE FROM entity_names WHERE rowid = ?", row)
            self.db.execute("DELETE FROM entity WHERE id = ?", row)

    @_locked
    def put_findings(self, graph: str, findings: Iterable[Finding]) -> None:
        """Replace the findings of one document graph."""
        with self.db:
            self._delete_findings(graph)
            for f in findings:
                cur = self.db.execute(
                    "INSERT OR REPLACE INTO finding (iri, graph, kind, label, text, entity, date)"
                    " VALUES (?,?,?,?,?,?,?)",
                    (f.iri, graph, f.kind, f.label, f.text, f.entity, f.date))
                self.db.execute("INSERT INTO finding_text (rowid, label, text) VALUES (?,?,?)",
                                (cur.lastrowid, f.label, f.text))

    def _delete_findings(self, graph: str) -> None:
        rows = self.db.execute("SELECT id, label, text FROM finding WHERE graph = ?",
                               (graph,)).fetchall()
        for rowid, label, text in rows:
            self.db.execute("INSERT INTO finding_text (finding_text, rowid, label, text)"
                            " VALUES ('delete', ?, ?, ?)", (rowid, label, text))
        self.db.execute("DELETE FROM finding WHERE graph = ?", (graph,))

    @_locked
    def clear(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM entity")
            self.db.execute("DELETE FROM entity_names")
            self.db.execute("DELETE FROM finding")
            self.db.execute("INSERT INTO finding_text (finding_text) VALUES ('delete-all')")

    @_locked
    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_locked
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_locked
    def counts(self) -> dict[str, int]:
        return {"entities": self.db.execute("SELECT COUNT(*) FROM entity").fetchone()[0],
                "findings": self.db.execute("SELECT COUNT(*) FROM finding").fetchone()[0]}

    # -- searching -------------------------------------------------------------------------
    @_locked
    def search(self, query: str, *, limit: int = 20, kind: str | None = None,
               findings: bool = True) -> SearchResult:
        """Entities ranked by how they match (an ID or postcode exactly, then names, closest
        first) and findings whose text matches every word of the query."""
        started = time.perf_counter()
        text = " ".join(query.split())[:200]
        result = SearchResult(text)
        if not text:
            return result
        deadline = started + self.TIME_LIMIT
        self.db.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
        try:
            hits: dict[str, EntityHit] = {}
            for hit in self._exact(text, kind):
                hits.setdefault(hit.iri, hit)
            for hit in self._names(text, kind, limit):
                if hit.iri not in hits:
                    hits[hit.iri] = hit
            result.entities = sorted(hits.values(), key=lambda h: (-h.score, h.name))[:limit]
            if findings:
                result.findings = self._findings(text, limit)
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise SearchError(f"the search ran past its {self.TIME_LIMIT:g} s limit") from None
            raise
        finally:
            self.db.set_progress_handler(None, 0)
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    _COLUMNS = "iri, kind, name, postcode, provider, rating, cqc_id"

    def _hit(self, row: Sequence, matched: str, score: float) -> EntityHit:
        iri, kind, name, postcode, provider, rating, cqc_id = row  # the order of _COLUMNS
        return EntityHit(iri, kind, name, postcode, provider, rating, cqc_id, matched=matched,
                         score=score)

    def _exact(self, text: str, kind: str | None) -> Iterator[EntityHit]:
        upper = text.upper()
        kind_sql, kind_args = ((" AND kind = ?", (kind,)) if kind else ("", ()))
        probes: list[tuple[str, str, str, float]] = []
        if CQC_ID.match(text):
            probes.append(("cqc_id", text, "cqc id", 100.0))
        postcode = links.postcode_key(text)
        if postcode:
            probes.append(("postcode", links.postcode_label(postcode), "postcode", 98.0))
        elif DISTRICT.match(upper):
            probes.append(("district", upper, "district", 96.0))
        if ODS_CODE.match(upper) and any(c.isdigit() for c in upper):
            probes.append(("ods_code", upper, "ods code", 99.0))
        for column, value, matched, score in probes:
            rows = self.db.execute(
                f"SELECT {self._COLUMNS} FROM entity WHERE {column} = ?{kind_sql}"
                " ORDER BY name LIMIT 500", (value, *kind_args))
            for row in rows:
                yield self._hit(row, matched, score)

    def _names(self, text: str, kind: str | None, limit: int) -> list[EntityHit]:
        folded = _fold(text)
        if len(folded) < 3:
            return []
        grams = sorted({w[i:i + 3] for w in folded.split() if len(w) >= 3
                        for i in range(len(w) - 2)})
        if not grams:
            return []
        kind_sql, kind_args = ((" AND e.kind = ?", (kind,)) if kind else ("", ()))
        columns = f"e.{', e.'.join(self._COLUMNS.split(', '))}, e.alt"
        # the whole text as a substring (every trigram, in order): exact, and cheap because no
        # rank is computed; the closest of them are chosen below
        found: dict[str, tuple[Sequence, float]] = {}
        exact = self.db.execute(
            f"SELECT {columns} FROM entity_names n JOIN entity e ON e.id = n.rowid"
            f" WHERE entity_names MATCH ?{kind_sql} LIMIT ?",
            (_phrase(folded), *kind_args, limit * 20))
        for row in exact:
            found[row[0]] = (row, 1.0)
        if len(found) < limit:
            # near misses: the names that share most of the query's trigrams (a typo spoils at
            # most three of them). Each trigram's postings are read up to a cap, so a trigram
            # that half the country's names hold costs no more than a rare one.
            shared: collections.Counter[int] = collections.Counter()
            for gram in grams[:24]:
                shared.update(r[0] for r in self.db.execute(
                    "SELECT rowid FROM entity_names WHERE entity_names MATCH ? LIMIT 5000",
                    (_phrase(gram),)))
            best = [rowid for rowid, n in shared.most_common(limit * 10)
                    if n * 2 >= min(len(grams), 24)]
            if best:
                marks = ",".join("?" * len(best))
                for row in self.db.execute(
                        f"SELECT {columns} FROM entity e WHERE e.id IN ({marks}){kind_sql}",
                        (*best, *kind_args)):
                    found.setdefault(row[0], (row, 0.0))
        hits = []
        for row, substring in found.values():
            names = [row[2], *(row[7].split("\n") if row[7] else [])]
            similarity = max(_similarity(folded, _fold(n)) for n in names)
            score = 90.0 + similarity / 20 if substring else similarity * 0.9
            if substring or similarity >= 75:
                hits.append(self._hit(row[:7], "name", score))
        return hits

    def _findings(self, text: str, limit: int) -> list[FindingHit]:
        words = re.findall(r"\w+", text.lower())
        if not words:
            return []
        match = " AND ".join(_phrase(w) for w in words[:12])
        rows = self.db.execute(
            "SELECT f.iri, f.kind, f.label, snippet(finding_text, 1, '[', ']', '…', 16),"
            " f.entity, e.name, f.date, f.graph FROM finding_text"
            " JOIN finding f ON f.id = finding_text.rowid LEFT JOIN entity e ON e.iri = f.entity"
            " WHERE finding_text MATCH ? ORDER BY rank LIMIT ?", (match, limit))
        return [FindingHit(*row) for row in rows]


# -- from the store ---------------------------------------------------------------------------

_ENTITY_FACTS = f"""
SELECT ?e ?p ?o WHERE {{
  VALUES ?e {{ %s }}
  VALUES ?p {{ <{RDF_TYPE}> <{SCHEMA}name> <{SCHEMA}alternateName> <{CQC}postcode>
              <{CQC}cqcId> <{CQC}odsCode> <{CQC}provider> }}
  GRAPH ?g {{ ?e ?p ?o }}
}}"""

_PROVIDER_NAMES = f"""
SELECT ?e ?name WHERE {{ VALUES ?e {{ %s }} GRAPH ?g {{ ?e <{SCHEMA}name> ?name }} }}"""

_CURRENT_OVERALL = f"""
SELECT ?e ?label WHERE {{
  VALUES ?e {{ %s }}
  GRAPH ?d {{ ?e <{CQC}currentRating> ?r }}
  GRAPH ?g {{ ?r <{CQC}keyQuestion> <https://cqcgraph.example/ontology/key-questions/overall> ;
             <{CQC}ratingValue> ?v }}
  GRAPH ?c {{ ?v <{SKOS_PREF}> ?label }}
}}"""

_DOCUMENT_FINDINGS = f"""
SELECT ?f ?kind ?label ?text ?entity (STR(COALESCE(?ad, ?pd, ?ed, ?sd)) AS ?date) WHERE {{
  GRAPH <%s> {{
    ?f <{CQC}text> ?text ; a ?kind .
    VALUES ?kind {{ <{CQC}Breach> <{CQC}Action> }}
    OPTIONAL {{ ?f <{RDFS_LABEL}> ?label }}
    OPTIONAL {{ ?f <{CQC}actionDate> ?ad }}
    OPTIONAL {{ ?parent <{CQC}hasBreach>|<{CQC}hasAction> ?f .
               ?parent <{CQC}inspectionOf> ?entity .
               OPTIONAL {{ ?parent <{CQC}publicationDate> ?pd }}
               OPTIONAL {{ ?parent <{CQC}endDate> ?ed }}
               OPTIONAL {{ ?parent <{CQC}startDate> ?sd }} }}
  }}
}}"""


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in iris)


def entities_from_store(store, iris: Sequence[str]) -> list[Entity]:  # noqa: ANN001
    """What the store says of ``iris`` (locations and providers), read in one bounded query
    per batch; IRIs that are neither are left out."""
    out: list[Entity] = []
    for start in range(0, len(iris), 400):
        batch = list(iris[start:start + 400])
        facts: dict[str, dict[str, list[str]]] = {iri: {} for iri in batch}
        for row in store.select(_ENTITY_FACTS % _values(batch)):
            values = facts[str(row["e"])].setdefault(str(row["p"]), [])
            if str(row["o"]) not in values:
                values.append(str(row["o"]))
        providers = sorted({p for f in facts.values() for p in f.get(CQC + "provider", [])})
        provider_names: dict[str, str] = {}
        if providers:
            for row in store.select(_PROVIDER_NAMES % _values(providers)):
                provider_names.setdefault(str(row["e"]), str(row["name"]))
        ratings = {str(r["e"]): str(r["label"])
                   for r in store.select(_CURRENT_OVERALL % _values(batch))}
        for iri in batch:
            f = facts[iri]
            kind = next((KINDS[t] for t in f.get(RDF_TYPE, []) if t in KINDS), None)
            names = sorted(f.get(SCHEMA + "name", []), key=len, reverse=True)
            if kind is None or not names:
                continue
            provider = next(iter(f.get(CQC + "provider", [])), None)
            out.append(Entity(
                iri, kind, names[0],
                alt_names=tuple(sorted(set(names[1:]) | set(f.get(SCHEMA + "alternateName", [])))),
                postcode=next(iter(f.get(CQC + "postcode", [])), None),
                cqc_id=next(iter(f.get(CQC + "cqcId", [])), None),
                ods_code=next(iter(f.get(CQC + "odsCode", [])), None),
                provider=provider_names.get(provider) if provider else None,
                rating=ratings.get(iri)))
    return out


def findings_from_store(store, graph: str) -> list[Finding]:  # noqa: ANN001
    out: dict[str, Finding] = {}
    for row in store.select(_DOCUMENT_FINDINGS % graph):
        iri = str(row["f"])
        if iri in out:
            continue
        kind = "breach" if str(row["kind"]).endswith("Breach") else "action"
        out[iri] = Finding(iri, graph, kind, str(row.get("label") or kind.capitalize()),
                           str(row["text"]),
                           str(row["entity"]) if row.get("entity") else None,
                           str(row["date"]) if row.get("date") else None)
    return list(out.values())


def refresh(index: SearchIndex, store, *, entities: Iterable[str], graphs: Iterable[str],  # noqa: ANN001
            gone: Iterable[str] = ()) -> None:
    """Bring the index up to date after a write: ``entities`` re-read, ``gone`` (renamed or
    removed IRIs) dropped, the findings of ``graphs`` replaced."""
    index.delete_entities(gone)
    wanted = sorted(set(entities))
    found = entities_from_store(store, wanted)
    index.delete_entities(set(wanted) - {e.iri for e in found})
    index.put_entities(found)
    for graph in graphs:
        index.put_findings(graph, findings_from_store(store, graph))


_ALL_ENTITIES = f"""
SELECT DISTINCT ?e WHERE {{
  VALUES ?t {{ <{CQC}Location> <{CQC}Provider> }} GRAPH ?g {{ ?e a ?t }} }}"""

_ALL_DOCUMENTS = f"""
SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{CQC}SourceDocument> }} }}"""


def rebuild(index: SearchIndex, store, progress=None) -> dict[str, int]:  # noqa: ANN001
    """Make the index again from the store, in batches (bounded memory at any store size)."""
    index.clear()
    index.set_meta("complete", "no")
    batch: list[str] = []
    for solution in store.query(_ALL_ENTITIES):  # streamed, never held whole
        batch.append(solution["e"].value)
        if len(batch) == 2000:
            index.put_entities(entities_from_store(store, batch))
            batch = []
            if progress:
                progress()
    if batch:
        index.put_entities(entities_from_store(store, batch))
    graphs = (solution["g"].value for solution in store.query(_ALL_DOCUMENTS))
    for graph in graphs:
        index.put_findings(graph, findings_from_store(store, graph))
    index.set_meta("complete", "yes")
    return index.counts()
