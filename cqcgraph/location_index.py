"""The index of every location's facets that the filtered, sorted, paged list of locations
(``/locations``), its facet counts and the area pages read: one row per location in a SQLite
file beside the store (``<store>.locations.sqlite``), with an index per filter and sort, so a
page, its total and its facets cost what SQLite's B-trees cost (milliseconds on a national
store), not a table of every location built in memory after each write.

Each row is what the current-state (derived) graph says of one location: its names and
postcodes (the first in text order), its browse facets (``cqc:summaryFacet…``: sector, care
home, region, local authority and ICB names and codes, last inspected), its current rating of
each key question, and whether its last inspection is a visit or a publication; beside it, the
location's rows of the named query ``current-ratings`` (every current rating with its key
question, value, date and source, and the location's names, as that query answers them), from
which the whole list streams (:meth:`LocationIndex.iter_current_ratings`) at the speed of
writing its rows, where the engine took about 65 µs of CPU a row to join them. It is derived
data, kept like the search index: ingest, SPARQL Update, the Graph Store Protocol and register
loads refresh the rows of the locations their write refreshed in the derived graph
(:meth:`LocationIndex.refresh`), once the store has the write; :func:`rebuild` makes the whole
index again from the derived graph, a batch of locations at a time. The locations a write is
about to refresh are written ahead into the index (``pending``), and taken away once their
rows are new: an index opened with pending locations (a crash between the store's write and
the index's) refreshes them first, so it never stays behind the store.

The areas (which local authority or ICB a row's names and codes are) are worked out by the
caller from the summary graph's counts, as the home page does: a row keeps its area's name and
code as stated (``la_ref``, ``icb_ref``: :func:`area_ref`), and a filter or sort by area is
given the refs of each area and their labels.

Imports the standard library and the namespaces; it reads the store through the SPARQL
queries it is given a store for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from cqcgraph import namespaces, sqlite_files

CQC = namespaces.CQC
KQS = "https://cqcgraph.example/ontology/key-questions/"
RATINGS = "https://cqcgraph.example/ontology/ratings/"
KEY_QUESTIONS = ("overall", "safe", "effective", "caring", "responsive", "well-led")
RATING_ORDER = ("outstanding", "good", "requires-improvement", "inadequate")
SORTS = ("name", "rating", "last-inspected", "local-authority", "postcode")
#: a rowid table: a filter on a column another index does not cover looks the row up by its
#: integer id (a facet of 20,000 rows with "not inspected": 15 ms, against 70 ms keyed by IRI)
#: (3: the rows of ``current-ratings`` beside the locations)
SCHEMA_VERSION = "3"
#: Locations read from the store per query when rows are refreshed or rebuilt.
BATCH = 400


class FilterError(ValueError):
    """A filter value that is not one of its kind (the message says what is allowed)."""


@dataclass(frozen=True)
class Filters:
    """What a list of locations is filtered and sorted by (``/locations``' parameters)."""

    kq: str = "overall"
    rating: tuple[str, ...] = ()  # rating keys, "" for no rating
    sector: str = ""
    care_home: bool | None = None
    la: str = ""
    icb: str = ""
    region: str = ""
    not_inspected_years: int | None = None
    sort: str = "name"
    descending: bool = False
    page: int = 1

    @classmethod
    def parse(cls, args: Mapping[str, str], ratings: Iterable[str] = ()) -> "Filters":
        """From the query string (``rating`` may repeat: pass its values as ``ratings``)."""
        kq = args.get("kq") or "overall"
        if kq not in KEY_QUESTIONS:
            raise FilterError(f"kq is one of {', '.join(KEY_QUESTIONS)}")
        chosen = tuple(sorted({r for r in ratings if r is not None},
                              key=lambda r: (RATING_ORDER + ("",)).index(r)
                              if r in RATING_ORDER + ("",) else 9))
        for r in chosen:
            if r not in RATING_ORDER and r != "none":
                raise FilterError("rating is one of " + ", ".join(RATING_ORDER) + " or none")
        chosen = tuple("" if r == "none" else r for r in chosen)
        care = args.get("care_home") or ""
        if care not in ("", "yes", "no"):
            raise FilterError("care_home is yes or no")
        years = args.get("not_inspected") or ""
        if years and not (years.isdigit() and 0 < int(years) < 100):
            raise FilterError("not_inspected is a number of years from 1 to 99")
        sort = args.get("sort") or "name"
        if sort.lstrip("-") not in SORTS:
            raise FilterError("sort is one of " + ", ".join(SORTS) + " (a leading - reverses)")
        page = args.get("page") or "1"
        if not page.isdigit() or not 0 < int(page) < 100000:
            raise FilterError("page is a whole number from 1")
        for name in ("sector", "la", "icb", "region"):
            if len(args.get(name) or "") > 200:
                raise FilterError(f"{name} is at most 200 characters")
        return cls(kq=kq, rating=chosen, sector=args.get("sector") or "",
                   care_home={"yes": True, "no": False}.get(care), la=args.get("la") or "",
                   icb=args.get("icb") or "", region=args.get("region") or "",
                   not_inspected_years=int(years) if years else None, sort=sort.lstrip("-"),
                   descending=sort.startswith("-"), page=int(page))

    def params(self, **changes) -> list[tuple[str, str]]:
        """The query string of these filters with ``changes`` (``page`` resets to 1 unless
        given)."""
        f = {**self.__dict__, "page": 1, **changes}
        out: list[tuple[str, str]] = []
        if f["kq"] != "overall":
            out.append(("kq", f["kq"]))
        out += [("rating", r or "none") for r in f["rating"]]
        for name in ("sector", "la", "icb", "region"):
            if f[name]:
                out.append((name, f[name]))
        if f["care_home"] is not None:
            out.append(("care_home", "yes" if f["care_home"] else "no"))
        if f["not_inspected_years"]:
            out.append(("not_inspected", str(f["not_inspected_years"])))
        if f["sort"] != "name" or f["descending"]:
            out.append(("sort", ("-" if f["descending"] else "") + f["sort"]))
        if f["page"] != 1:
            out.append(("page", str(f["page"])))
        return out

    def cutoff(self, today: dt.date) -> str:
        """The date before which a last inspection is "not for N years" (ISO)."""
        years = self.not_inspected_years or 0
        try:
            return today.replace(year=today.year - years).isoformat()
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28).isoformat()

    @property
    def active(self) -> bool:
        return bool(self.rating or self.sector or self.care_home is not None or self.la
                    or self.icb or self.region or self.not_inspected_years)


def area_ref(name: str, code: str) -> str:
    """How a row keeps its local authority or ICB as stated: the name, else the code (an
    IRI), both as the derived graph gives them; "" for none.

    >>> area_ref("Leeds", "http://statistics.data.gov.uk/id/statistical-geography/E08000035")
    'Leeds'
    >>> area_ref("", "http://statistics.data.gov.uk/id/statistical-geography/E08000035")
    '@http://statistics.data.gov.uk/id/statistical-geography/E08000035'
    """
    return name if name else ("@" + code if code else "")


@dataclass(frozen=True)
class AreaRefs:
    """The areas of the rows, as the caller works them out from the counts: each ref's area
    key and label, per kind (``local-authority``, ``icb``)."""

    keys: Mapping[str, Mapping[str, str]]  # kind -> ref -> area key
    labels: Mapping[str, Mapping[str, str]]  # kind -> area key -> label

    def refs(self, kind: str, key: str) -> list[str]:
        return sorted(ref for ref, k in self.keys.get(kind, {}).items() if k == key)

    def key(self, kind: str, ref: str) -> str:
        return self.keys.get(kind, {}).get(ref, "")


@dataclass(frozen=True)
class IndexedLocation:
    """One row of the index (its ratings by key question, "" for none)."""

    iri: str
    name: str
    postcode: str
    sector: str
    care_home: bool | None
    region: str
    la_ref: str
    icb_ref: str
    ratings: Mapping[str, str]
    last_inspected: str
    last_kind: str  # "visit", "published" or ""
    #: its rows of ``current-ratings`` (:data:`CURRENT_RATINGS`): per variable but the
    #: location, None (unbound) or (value, kind) as :mod:`cqcgraph.results_text` takes them
    current: tuple[tuple[tuple[str, str] | None, ...], ...] = ()


_COLUMNS = ("iri", "name", "postcode", "sector", "care_home", "region", "la_ref", "icb_ref",
            *(f"r_{kq.replace('-', '_')}" for kq in KEY_QUESTIONS), "last_inspected",
            "last_kind")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pending (iri TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS location (
  id INTEGER PRIMARY KEY, iri TEXT UNIQUE NOT NULL, name TEXT NOT NULL, name_key TEXT NOT NULL, postcode TEXT NOT NULL,
  postcode_key TEXT NOT NULL, sector TEXT NOT NULL, care_home INTEGER, region TEXT NOT NULL,
  la_ref TEXT NOT NULL, icb_ref TEXT NOT NULL,
  r_overall INTEGER NOT NULL, r_safe INTEGER NOT NULL, r_effective INTEGER NOT NULL,
  r_caring INTEGER NOT NULL, r_responsive INTEGER NOT NULL, r_well_led INTEGER NOT NULL,
  last_inspected TEXT NOT NULL, last_kind TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS current_rating (
  iri TEXT NOT NULL, name TEXT, name_kind TEXT, key_question TEXT, key_question_kind TEXT,
  rating TEXT, rating_kind TEXT, date TEXT, date_kind TEXT, source TEXT, source_kind TEXT);
CREATE INDEX IF NOT EXISTS current_rating_iri ON current_rating(iri);
CREATE INDEX IF NOT EXISTS location_name ON location(name_key, iri);
CREATE INDEX IF NOT EXISTS location_postcode ON location(postcode_key, name_key, iri);
CREATE INDEX IF NOT EXISTS location_last ON location(last_inspected, name_key, iri);
CREATE INDEX IF NOT EXISTS location_sector ON location(sector, name_key);
CREATE INDEX IF NOT EXISTS location_care ON location(care_home, name_key);
CREATE INDEX IF NOT EXISTS location_region ON location(region, name_key);
CREATE INDEX IF NOT EXISTS location_la ON location(la_ref, name_key);
CREATE INDEX IF NOT EXISTS location_icb ON location(icb_ref, name_key);
CREATE INDEX IF NOT EXISTS location_name_desc ON location(name_key DESC, iri);
CREATE INDEX IF NOT EXISTS location_postcode_desc ON location(postcode_key DESC, name_key, iri);
CREATE INDEX IF NOT EXISTS location_last_desc ON location(last_inspected DESC, name_key, iri);
CREATE INDEX IF NOT EXISTS location_facets ON location(r_overall, r_safe, r_effective, r_caring,
  r_responsive, r_well_led, sector, care_home, la_ref, icb_ref, region, last_inspected);
""" + "".join(f"CREATE INDEX IF NOT EXISTS location_{c} ON location({c}, name_key, iri);\n"
              f"CREATE INDEX IF NOT EXISTS location_{c}_desc ON location({c} DESC, name_key, iri);\n"
              for c in ("r_overall", "r_safe", "r_effective", "r_caring", "r_responsive",
                        "r_well_led"))

#: A rating as the index keeps it: its place in :data:`RATING_ORDER`, 9 for none (the order
#: of the rating sort).
NO_RATING = 9


def _rank(rating: str) -> int:
    return RATING_ORDER.index(rating) if rating in RATING_ORDER else NO_RATING


def _rating(rank: int) -> str:
    return RATING_ORDER[rank] if 0 <= rank < len(RATING_ORDER) else ""


_locked = sqlite_files.locked


@dataclass(frozen=True)
class Where:
    """A filter as SQL: the condition and its parameters."""

    sql: str
    args: tuple

    @staticmethod
    def of(parts: Sequence[tuple[str, tuple]]) -> "Where":
        if not parts:
            return Where("1", ())
        return Where(" AND ".join(f"({s})" for s, _ in parts),
                     tuple(a for _, args in parts for a in args))


def _marks(n: int) -> str:
    return ",".join("?" * n)


class LocationIndex(sqlite_files.IndexFile):
    """The index in one SQLite database. Writes come from the one process that writes the
    store; any number of readers may read it at the same time (WAL)."""

    SUFFIX = ".locations.sqlite"
    #: 64 MiB of pages and a 256 MiB map: a national index is ~150 MB
    CACHE_MIB = 64
    MMAP_BYTES = 268435456

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        super().__init__(connection, path)
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        found = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found and found[0] != SCHEMA_VERSION:  # an index of another shape: made again
            self.db.executescript("DROP TABLE IF EXISTS location; DROP TABLE IF EXISTS pending;"
                                  " DROP TABLE IF EXISTS current_rating; DELETE FROM meta;")
        self.db.executescript(_SCHEMA)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS area_label"
                        " (kind TEXT, ref TEXT, label TEXT, PRIMARY KEY (kind, ref))")
        self.db.commit()
        self._labels: tuple | None = None
        #: counted up by every write of rows: what is cached of them holds until it changes
        self.generation = 0
        self._facets: dict[tuple, tuple[AreaRefs, dict[str, dict[str, int]]]] = {}

    @classmethod
    def open_to_read(cls, path: Path) -> "LocationIndex | None":
        """The index file at ``path`` as it is, to read only (nothing of it is made or
        changed); None where there is no index of this shape there."""
        if not path.is_file():
            return None
        db = sqlite_files.connect(path, cache_mib=cls.CACHE_MIB, mmap_bytes=cls.MMAP_BYTES)
        try:
            found = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error:
            found = None
        if not found or found[0] != SCHEMA_VERSION:
            db.close()
            return None
        index = cls.__new__(cls)
        sqlite_files.IndexFile.__init__(index, db, path)
        index._labels, index.generation, index._facets = None, 0, {}
        return index

    # -- writing ---------------------------------------------------------------------------
    @_locked
    def put(self, rows: Iterable[IndexedLocation]) -> int:
        n = 0
        self.generation += 1
        with self.db:
            for r in rows:
                self.db.execute(
                    f"INSERT OR REPLACE INTO location (name_key, postcode_key, {', '.join(_COLUMNS)})"
                    f" VALUES ({_marks(len(_COLUMNS) + 2)})",
                    (r.name.lower() or "~", r.postcode or "~", r.iri, r.name, r.postcode,
                     r.sector, None if r.care_home is None else int(r.care_home), r.region,
                     r.la_ref, r.icb_ref, *(_rank(r.ratings.get(kq, "")) for kq in KEY_QUESTIONS),
                     r.last_inspected, r.last_kind))
                self.db.execute("DELETE FROM current_rating WHERE iri = ?", (r.iri,))
                self.db.executemany(
                    f"INSERT INTO current_rating VALUES ({_marks(11)})",
                    ((r.iri, *(part for cell in cells for part in (cell or (None, None))))
                     for cells in r.current))
                n += 1
        return n

    @_locked
    def delete(self, iris: Iterable[str]) -> None:
        self.generation += 1
        with self.db:
            for iri in iris:
                self.db.execute("DELETE FROM location WHERE iri = ?", (iri,))
                self.db.execute("DELETE FROM current_rating WHERE iri = ?", (iri,))

    @_locked
    def mark_pending(self, iris: Iterable[str]) -> None:
        """Write ahead the locations a write of the store is about to refresh."""
        with self.db:
            self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", ((i,) for i in iris))

    @_locked
    def pending(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT iri FROM pending ORDER BY iri")]

    @_locked
    def clear_pending(self, iris: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM pending WHERE iri = ?", ((i,) for i in iris))

    @_locked
    def clear(self) -> None:
        self.generation += 1
        with self.db:
            self.db.execute("DELETE FROM location")
            self.db.execute("DELETE FROM current_rating")
            self.db.execute("DELETE FROM pending")

    @_locked
    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_locked
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- reading ---------------------------------------------------------------------------
    def _where(self, f: Filters, areas: AreaRefs, today: dt.date, skip: str = "") -> Where:
        """The rows that pass every filter of ``f`` but ``skip``'s."""
        parts: list[tuple[str, tuple]] = []
        column = "r_" + f.kq.replace("-", "_")
        if skip != "rating" and f.rating:
            ranks = tuple(_rank(r) for r in f.rating)
            parts.append((f"{column} IN ({_marks(len(ranks))})", ranks))
        if skip != "sector" and f.sector:
            parts.append(("sector = ?", (f.sector,)))
        if skip != "care_home" and f.care_home is not None:
            parts.append(("care_home = ?", (int(f.care_home),)))
        for name, kind, key in (("la", "local-authority", f.la), ("icb", "icb", f.icb)):
            if skip != name and key:
                refs = tuple(areas.refs(kind, key))
                parts.append((f"{name}_ref IN ({_marks(len(refs))})" if refs else "0", refs))
        if skip != "region" and f.region:
            parts.append(("region = ?", (f.region,)))
        if skip != "not_inspected" and f.not_inspected_years:
            parts.append(("last_inspected < ?", (f.cutoff(today),)))
        return Where.of(parts)

    def _area_labels(self, areas: AreaRefs) -> None:
        """The labels of the refs' areas, in the connection's own temporary table (the sort
        by local authority joins it)."""
        wanted = tuple(sorted((kind, ref, areas.labels.get(kind, {}).get(key, "~").lower())
                              for kind, refs in areas.keys.items() for ref, key in refs.items()))
        if wanted == self._labels:
            return
        with self.db:
            self.db.execute("DELETE FROM area_label")
            self.db.executemany("INSERT OR REPLACE INTO area_label VALUES (?, ?, ?)", wanted)
        self._labels = wanted

    @_locked
    def count(self, f: Filters, areas: AreaRefs, today: dt.date | None = None) -> int:
        """How many locations pass the filters."""
        w = self._where(f, areas, today or dt.date.today())
        return self.db.execute(f"SELECT COUNT(*) FROM location WHERE {w.sql}", w.args).fetchone()[0]

    @_locked
    def select(self, f: Filters, areas: AreaRefs, today: dt.date | None = None, *,
               offset: int = 0, limit: int | None = None) -> list[IndexedLocation]:
        """The locations that pass the filters, sorted as ``f`` asks (ties by name, then
        IRI), ``limit`` of them from ``offset`` (every one when ``limit`` is None)."""
        return list(self._rows(f, areas, today or dt.date.today(), offset, limit))

    def iter_select(self, f: Filters, areas: AreaRefs, today: dt.date | None = None
                    ) -> Iterator[IndexedLocation]:
        """:meth:`select` of every row, streamed a page of rows at a time."""
        offset, size = 0, 5000
        while True:
            with self._lock:
                page = list(self._rows(f, areas, today or dt.date.today(), offset, size))
            yield from page
            if len(page) < size:
                return
            offset += size

    def _rows(self, f: Filters, areas: AreaRefs, today: dt.date, offset: int,
              limit: int | None) -> Iterator[IndexedLocation]:
        w = self._where(f, areas, today)
        direction = "DESC" if f.descending else "ASC"
        join = ""
        if f.sort == "rating":
            key = "r_" + f.kq.replace("-", "_")
        elif f.sort == "last-inspected":
            key = "CASE WHEN last_inspected = '' THEN '0000' ELSE last_inspected END"
        elif f.sort == "local-authority":
            self._area_labels(areas)
            join = (" LEFT JOIN area_label a ON a.kind = 'local-authority'"
                    " AND a.ref = location.la_ref")
            key = "COALESCE(a.label, '~')"
        elif f.sort == "postcode":
            key = "postcode_key"
        else:
            key = "name_key"
        order = f"{key} {direction}, name_key, iri" if key != "name_key" \
            else f"name_key {direction}, iri"
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        cols = ", ".join(f"location.{c}" for c in _COLUMNS)
        for row in self.db.execute(
                f"SELECT {cols} FROM location{join} WHERE {w.sql} ORDER BY {order}{page}", w.args):
            iri, name, postcode, sector, care, region, la, icb, *rest = row
            ranks, last, kind = rest[:len(KEY_QUESTIONS)], rest[-2], rest[-1]
            yield IndexedLocation(
                iri, name, postcode, sector, None if care is None else bool(care), region,
                la, icb, {kq: _rating(r) for kq, r in zip(KEY_QUESTIONS, ranks, strict=True) if r != NO_RATING},
                last, kind)

    @_locked
    def facet_counts(self, f: Filters, areas: AreaRefs, today: dt.date | None = None
                     ) -> dict[str, dict[str, int]]:
        """For each facet (rating of ``f.kq``, sector, care home, la, icb, region), how many
        locations each value has with every other filter kept (areas by key; "" for no
        rating; no value: left out but for the rating)."""
        today = today or dt.date.today()
        # the pages and sorts of one list share its facets: kept until the rows change
        key = (self.generation, id(areas), f.kq, f.rating, f.sector, f.care_home, f.la, f.icb,
               f.region, f.cutoff(today) if f.not_inspected_years else "")
        hit = self._facets.get(key)
        if hit is not None and hit[0] is areas:
            return hit[1]
        out: dict[str, dict[str, int]] = {}
        column = "r_" + f.kq.replace("-", "_")
        for name, col in (("rating", column), ("sector", "sector"), ("care_home", "care_home"),
                          ("la", "la_ref"), ("icb", "icb_ref"), ("region", "region")):
            w = self._where(f, areas, today, skip=name)
            # an area narrows the rows through its own index; else one index holds every
            # column a facet groups or filters by, so no row is looked up in the table
            narrow = (f.la and name != "la") or (f.icb and name != "icb")
            source = "location" if narrow else "location INDEXED BY location_facets"
            counts: dict[str, int] = {}
            for value, n in self.db.execute(
                    f"SELECT {col}, COUNT(*) FROM {source} WHERE {w.sql} GROUP BY {col}", w.args):
                if name == "rating":
                    v = _rating(value)
                elif name == "care_home":
                    v = "" if value is None else ("yes" if value else "no")
                elif name in ("la", "icb"):
                    v = areas.key("local-authority" if name == "la" else "icb", value)
                else:
                    v = value
                if v or name == "rating":
                    counts[v] = counts.get(v, 0) + n
            out[name] = counts
        if len(self._facets) >= 256 or any(k[0] != self.generation for k in self._facets):
            self._facets.clear()
        self._facets[key] = (areas, out)
        return out

    @_locked
    def rating_counts(self, f: Filters, areas: AreaRefs, today: dt.date | None = None
                      ) -> dict[str, dict[str, int]]:
        """Per key question, how many of the filtered locations have each current rating
        ("" for none), every rating present."""
        w = self._where(f, areas, today or dt.date.today())
        sums = ", ".join(f"SUM(r_{kq.replace('-', '_')} = {i})" for kq in KEY_QUESTIONS
                         for i in range(len(RATING_ORDER)))
        row = self.db.execute(f"SELECT COUNT(*), {sums} FROM location WHERE {w.sql}",
                              w.args).fetchone()
        total, values = row[0], [v or 0 for v in row[1:]]
        out = {}
        for j, kq in enumerate(KEY_QUESTIONS):
            counts = dict(zip(RATING_ORDER, values[j * 4:j * 4 + 4], strict=True))
            counts[""] = total - sum(counts.values())
            out[kq] = counts
        return out

    @_locked
    def grouped(self, f: Filters, areas: AreaRefs, column: str,
                today: dt.date | None = None) -> list[tuple[str, int]]:
        """How many of the filtered locations have each value of ``column`` (``sector``,
        ``region``), most first, then in the order of the list's first row with each."""
        if column not in ("sector", "region"):
            raise ValueError(column)
        w = self._where(f, areas, today or dt.date.today())
        return [(v, n) for v, n, _ in self.db.execute(
            f"SELECT {column}, COUNT(*) AS n, MIN(name_key || char(1) || iri) AS first"
            f" FROM location WHERE {w.sql} GROUP BY {column} ORDER BY n DESC, first", w.args)]

    @_locked
    def in_step(self) -> bool:
        """Whether the index holds every location of the store as its derived graph has it:
        built whole, and no write pending (a crash between the store's write and the
        index's leaves its locations pending until the index is next opened for writing)."""
        if self.meta("complete") != "yes":
            return False
        return self.db.execute("SELECT 1 FROM pending LIMIT 1").fetchone() is None

    def iter_current_ratings(self) -> Iterator[tuple[tuple[str, str] | None, ...]]:
        """The rows of the named query ``current-ratings`` with every row (``all``), one
        location's after another: cells in the order of :data:`CURRENT_RATINGS`, as
        :mod:`cqcgraph.results_text` writes them. Read a page of rows at a time, in the
        order they were written (the store's order is not kept: the whole list has none)."""
        last, size = 0, 20000
        while True:
            with self._lock:
                page = self.db.execute(
                    "SELECT rowid, * FROM current_rating WHERE rowid > ? ORDER BY rowid"
                    " LIMIT ?", (last, size)).fetchall()
            for _rowid, iri, n, nk, q, qk, r, rk, d, dk, s, sk in page:
                yield ((iri, "<"), None if n is None else (n, nk), None if q is None else (q, qk),
                       None if r is None else (r, rk), None if d is None else (d, dk),
                       None if s is None else (s, sk))
            if len(page) < size:
                return
            last = page[-1][0]

    @_locked
    def count_current_ratings(self) -> int:
        """How many rows :meth:`iter_current_ratings` gives."""
        return int(self.db.execute("SELECT COUNT(*) FROM current_rating").fetchone()[0])

    @_locked
    def checkpoint(self) -> None:
        """Move the write-ahead log into the database (after a rebuild)."""
        if self.path is not None:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @_locked
    def counts(self) -> dict[str, int]:
        return {"locations": self.db.execute("SELECT COUNT(*) FROM location").fetchone()[0]}


# -- from the store ---------------------------------------------------------------------------

#: (the row's field, the derived graph's property)
_FACETS = {"sector": "summaryFacetSector", "care_home": "summaryFacetCareHome",
           "region": "summaryFacetRegion", "la_name": "summaryFacetLaName",
           "la_code": "summaryFacetLaCode", "la_pc": "summaryFacetLaPostcodeCode",
           "icb_name": "summaryFacetIcbName", "icb_code": "summaryFacetIcbCode",
           "icb_pc": "summaryFacetIcbPostcodeCode", "sub_icb": "summaryFacetSubIcbCode",
           "last": "summaryFacetLastInspected", "name": "summaryName",
           "postcode": "summaryPostcode", "visit": "lastVisit", "type": "summaryType"}
_BY_PROPERTY = {CQC + p: k for k, p in _FACETS.items()}

# the properties as a filter, not a second VALUES: with both the engine read every pair
# (12 s for 400 locations on 20,000, against 0.3 s)
_STATE = """
SELECT ?loc ?p ?o WHERE {{ VALUES ?loc {{ {values} }} GRAPH <{graph}> {{ ?loc ?p ?o }}
  FILTER(?p IN ({props})) }}"""
_RATINGS = """
SELECT ?loc ?kq ?value ?date WHERE {{ VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r .
                     ?r <{cqc}summaryKeyQuestion> ?kq ; <{cqc}summaryRating> ?value }}
  OPTIONAL {{ GRAPH ?g {{ ?r <{cqc}ratingDate> ?date }} }} }}"""
#: The variables of the named query ``current-ratings``, in its order.
CURRENT_RATINGS = ("location", "name", "keyQuestion", "rating", "date", "source")
#: A term's kind as :mod:`cqcgraph.results_text` keeps it ("" a plain string).
_KIND = ('IF(isIRI(?{v}), "<", IF(isBLANK(?{v}), "_", IF(LANG(?{v}) != "",'
         ' CONCAT("@", LANG(?{v})), IF(DATATYPE(?{v}) = <http://www.w3.org/2001/XMLSchema#string>,'
         ' "", CONCAT("^^", STR(DATATYPE(?{v})))))))')
# the named query current-ratings (queries/current-ratings.rq) for the locations given, with
# the kind of each term: the same patterns over the same (union) default graph, so that the
# rows kept are the rows it answers (tests/test_location_index.py compares them)
_CURRENT = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?loc ?name ?keyQuestion ?rating ?date ?source """ + " ".join(
    f"({_KIND.format(v=v)} AS ?{v}Kind)"
    for v in CURRENT_RATINGS[1:]).replace("{", "{{").replace("}", "}}") + """ WHERE {{
  VALUES ?loc {{ {values} }}
  ?loc <{cqc}currentRating> ?r .
  ?r <{cqc}summaryKeyQuestion> ?kq ; <{cqc}summaryRating> ?value .
  OPTIONAL {{ ?r <{cqc}summaryDate> ?date }}
  OPTIONAL {{ ?loc <{cqc}summaryName> ?name }}
  OPTIONAL {{ ?kq skos:prefLabel ?keyQuestion }}
  OPTIONAL {{ ?value skos:prefLabel ?rating }}
  OPTIONAL {{ ?r <{cqc}summarySource> ?source }}
  FILTER(BOUND(?name) && BOUND(?keyQuestion) && BOUND(?rating))
}}"""
_REGISTER_INSPECTED = """
SELECT ?loc ?d WHERE {{ VALUES ?loc {{ {values} }} GRAPH ?g {{ ?loc <{cqc}lastInspectionDate> ?d }} }}"""
_EVERY_LOCATION = """
SELECT ?loc WHERE {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryType> ?class }}
  FILTER(?class = <{cqc}Location>) }}"""

Select = Callable[[str], Iterable[Mapping[str, str | None]]]


def rows_from_store(select: Select, graph: str, iris: Sequence[str]) -> list[IndexedLocation]:
    """The rows of ``iris`` as the derived graph ``graph`` gives them (``select`` runs a SELECT
    and gives rows of strings by variable name); IRIs that are no location are left out."""
    out: list[IndexedLocation] = []
    props = ", ".join(f"<{p}>" for p in _BY_PROPERTY)
    for start in range(0, len(iris), BATCH):
        batch = list(iris[start:start + BATCH])
        values = " ".join(f"<{i}>" for i in batch)
        facts: dict[str, dict[str, list[str]]] = {i: {} for i in batch}
        for r in select(_STATE.format(values=values, props=props, graph=graph)):
            if r["loc"] in facts and r["p"] in _BY_PROPERTY and r["o"] is not None:
                facts[r["loc"]].setdefault(_BY_PROPERTY[r["p"]], []).append(r["o"])
        ratings: dict[str, dict[str, tuple[str, str]]] = {}
        for r in select(_RATINGS.format(values=values, graph=graph, cqc=CQC)):
            kq, value, date = r["kq"] or "", r["value"] or "", r.get("date") or ""
            if not kq.startswith(KQS) or not value.startswith(RATINGS):
                continue
            loc = r["loc"] or ""
            kq, value = kq[len(KQS):], value[len(RATINGS):]
            if value not in RATING_ORDER:
                continue  # "not rated" and the like are no rating for a filter
            had = ratings.setdefault(loc, {}).get(kq)
            # the latest by its own date; of two of one date, the first in text order
            if had is None or date > had[1] or date == had[1] and value < had[0]:
                ratings[loc][kq] = (value, date)
        current: dict[str, list[tuple]] = {}
        for r in select(_CURRENT.format(values=values, cqc=CQC)):
            current.setdefault(r["loc"] or "", []).append(tuple(
                None if r.get(v) is None or r.get(v + "Kind") is None
                else (r[v], r[v + "Kind"]) for v in CURRENT_RATINGS[1:]))
        register: dict[str, str] = {}
        for r in select(_REGISTER_INSPECTED.format(values=values, cqc=CQC)):
            loc = r["loc"] or ""
            register[loc] = max(register.get(loc, ""), (r["d"] or "")[:10])
        for iri in batch:
            f = facts[iri]
            if CQC + "Location" not in f.get("type", []):
                continue
            out.append(dataclasses.replace(
                _row(iri, f, {k: v for k, (v, _) in ratings.get(iri, {}).items()},
                     max(max(f.get("visit", []), default="")[:10], register.get(iri, ""))),
                current=tuple(current.get(iri, ()))))
    return out


def _first(values: list[str] | None) -> str:
    return min(values) if values else ""


def _row(iri: str, f: Mapping[str, list[str]], ratings: Mapping[str, str],
         visited: str) -> IndexedLocation:
    """A row from the derived graph's facts of a location (each a list of values)."""
    care = _first(f.get("care_home"))
    last = _first(f.get("last"))
    return IndexedLocation(
        iri, _first(f.get("name")), _first(f.get("postcode")), _first(f.get("sector")),
        {"true": True, "false": False, "1": True, "0": False}.get(care),
        _first(f.get("region")),
        area_ref(_first(f.get("la_name")), _first(f.get("la_code")) or _first(f.get("la_pc"))),
        area_ref(_first(f.get("icb_name")), _first(f.get("icb_code")) or _first(f.get("icb_pc"))
                 or _first(f.get("sub_icb"))),
        ratings, last, "" if not last else ("visit" if visited >= last else "published"))


def refresh(index: LocationIndex, select: Select, graph: str, locations: Iterable[str]) -> None:
    """Bring the rows of ``locations`` (refreshed in the derived graph ``graph``, or gone from
    it) up to date, and take them from the pending locations."""
    wanted = sorted(set(locations))
    for start in range(0, len(wanted), BATCH * 5):
        part = wanted[start:start + BATCH * 5]
        found = rows_from_store(select, graph, part)
        index.delete(set(part) - {r.iri for r in found})
        index.put(found)
        index.clear_pending(part)


def rebuild(index: LocationIndex, select: Select, graph: str,
            progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Make the index again from the derived graph ``graph``, a batch of locations at a time
    (bounded memory at any store size)."""
    index.set_meta("complete", "no")
    index.clear()
    every = [r["loc"] or "" for r in select(_EVERY_LOCATION.format(graph=graph, cqc=CQC))]
    done = 0
    for start in range(0, len(every), BATCH * 5):
        part = every[start:start + BATCH * 5]
        index.put(rows_from_store(select, graph, part))
        done += len(part)
        if progress:
            progress(done)
    index.set_meta("complete", "yes")
    index.checkpoint()
    return index.counts()
