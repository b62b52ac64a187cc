"""Offline link sets: outside tables loaded into their own named graphs (issue 6).

So that the joins cqcgraph exists for work with no remote endpoint at all:

* ``onspd``: the ONS Postcode Directory as a user downloads it (CSV; columns ``pcds`` or
  ``pcd``, ``oslaua``, ``osward``, ``lsoa21`` or ``lsoa11``, ``icb``, ``lat``, ``long``,
  ``imd``). Each postcode becomes its Ordnance Survey postcode unit IRI (the same join key the
  RDF mapping writes with ``cqc:postcodeUnit``), linked to the statistics.data.gov.uk IRIs of
  its local authority, ward, LSOA and ICB, with WGS 84 ``geo:lat``/``geo:long`` and the
  deprivation rank. ONSPD's pseudo codes (``E99999999``: no such area) and its placeholder
  position for postcodes with no grid reference (latitude 99.999999) give no triple.
* ``legislation``: a CSV with columns ``iri,title``: each title as ``rdfs:label`` and
  ``dcterms:title`` of its legislation.gov.uk IRI.

Each link set lives in ``{base}graph/linkset/{kind}``; loading again replaces it. The graph
says where its table came from (file name, SHA-256, rows read) and when it was loaded (PROV),
written last, so a load that was interrupted has no provenance and ``list`` shows it as
incomplete. Tables stream: rows are read one at a time and their quads go to
``Store.bulk_extend`` in chunks, so memory stays flat whatever the table's size (ONSPD has
≈ 2.7 M rows). Bulk loading is not transactional; neither is the batched removal of the
previous load (see ``GraphStore.remove_graph_in_batches`` for why).

Imports pyoxigraph, ``cqcgraph.store``, ``cqcgraph.links``, ``cqcgraph.vocab`` and the
standard library: no web framework, no command-line library.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox

from cqcgraph import links
from cqcgraph.store import GraphStore
from cqcgraph.vocab import ONTOLOGY_NS

__all__ = [
    "KINDS", "LinksetError", "LinksetReport", "LinksetInfo", "linkset_graph_iri", "load",
    "list_linksets", "onspd_quads", "legislation_quads", "used_postcode_keys",
]

KINDS = ("onspd", "legislation")
CHUNK_QUADS = 100_000  # per bulk_extend call: ≈ 180 MiB peak RSS, flat in the table's size

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER, _DECIMAL = ox.NamedNode(_XSD + "integer"), ox.NamedNode(_XSD + "decimal")
_DATETIME, _BOOLEAN = ox.NamedNode(_XSD + "dateTime"), ox.NamedNode(_XSD + "boolean")
_PROV = "http://www.w3.org/ns/prov#"


def _cqc(name: str) -> ox.NamedNode:
    return ox.NamedNode(ONTOLOGY_NS + name)


_UNIT = ox.NamedNode(links.OS_POSTCODE + "PostcodeUnit")
_LAT, _LONG = ox.NamedNode(links.GEO + "lat"), ox.NamedNode(links.GEO + "long")
_IMD = _cqc("imdRank")
# ONSPD column -> the predicate linking a postcode unit to that area
_AREA_COLUMNS = (("oslaua", _cqc("postcodeLocalAuthority")), ("osward", _cqc("postcodeWard")),
                 (("lsoa21", "lsoa11"), _cqc("postcodeLsoa")), ("icb", _cqc("postcodeIcb")))
_DECIMAL_TEXT = re.compile(r"^-?\d{1,3}(\.\d+)?$")
_NO_POSITION = "99.999999"  # ONSPD's latitude for postcodes without a grid reference
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class LinksetError(ValueError):
    """A link-set table that cannot be loaded as asked (unknown kind, missing column…)."""


@dataclass(frozen=True)
class LinksetReport:
    """What one load did."""

    kind: str
    graph: str
    file_name: str
    sha256: str
    rows: int  # data rows read
    linked: int  # resources described (postcode units, regulations)
    skipped: int  # rows without a usable key, or not used (--only-used)
    quads: int  # quads now in the graph, provenance included
    removed: int  # quads of the previous load removed first
    seconds: float
    loaded_at: str
    only_used: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LinksetInfo:
    """A link set in the store, from its provenance (``complete`` is False when a load was
    interrupted before the provenance was written)."""

    kind: str
    graph: str
    complete: bool
    file_name: str | None = None
    sha256: str | None = None
    rows: int | None = None
    linked: int | None = None
    quads: int | None = None
    loaded_at: str | None = None
    only_used: bool | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def linkset_graph_iri(base: str, kind: str) -> str:
    """The named graph of one kind of link set.

    >>> linkset_graph_iri("https://cqcgraph.example/id/", "onspd")
    'https://cqcgraph.example/id/graph/linkset/onspd'
    """
    if kind not in KINDS:
        raise LinksetError(f"unknown link set {kind!r}: use one of {', '.join(KINDS)}")
    return f"{base}graph/linkset/{kind}"


# -- reading tables -----------------------------------------------------------------------
class _HashingReader(io.RawIOBase):
    """A binary file that hashes and counts the bytes read through it (one pass)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.sha256, self.bytes_read = raw, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.sha256.update(data)
        self.bytes_read += n
        return n


class _Table:
    """A CSV table read row by row: its header (lower-cased) and the rows as lists."""

    def __init__(self, handle: BinaryIO) -> None:
        self.hashing = _HashingReader(handle)
        text = io.TextIOWrapper(io.BufferedReader(self.hashing, 1 << 20), encoding="utf-8-sig",
                                errors="replace", newline="")
        self.reader = csv.reader(text)
        header = next(self.reader, None)
        if header is None:
            raise LinksetError("the table is empty (no header row)")
        self.columns = {name.strip().lower(): i for i, name in enumerate(header)}
        self.rows = 0

    def column(self, *names: str, required: bool = False) -> int | None:
        for name in names:
            if name in self.columns:
                return self.columns[name]
        if required:
            raise LinksetError(f"the table has no column {' or '.join(map(repr, names))}"
                               f" (its columns: {', '.join(list(self.columns)[:12])}…)")
        return None

    def __iter__(self) -> Iterator[list[str]]:
        for row in self.reader:
            if not row:
                continue
            self.rows += 1
            yield row


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


# -- quads --------------------------------------------------------------------------------
@dataclass
class _Counts:
    linked: int = 0
    skipped: int = 0
    quads: int = 0


def onspd_quads(table: "_Table | Iterable[list[str]]", graph: str, *,
                columns: dict[str, int] | None = None, only: set[str] | None = None,
                counts: _Counts | None = None) -> Iterator[ox.Quad]:
    """The quads of ONSPD rows, one row at a time (a generator: nothing is held). ``only``
    is a set of postcode keys (``LE129AN``) to keep; ``None`` keeps every postcode."""
    cols = columns if columns is not None else table.columns  # type: ignore[union-attr]
    counts = counts if counts is not None else _Counts()
    g = ox.NamedNode(graph)
    pcds = cols.get("pcds", cols.get("pcd"))
    if pcds is None:
        raise LinksetError("the table has no column 'pcds' or 'pcd': is it ONSPD?")
    areas = []
    for spelled, predicate in _AREA_COLUMNS:
        names = (spelled,) if isinstance(spelled, str) else spelled
        index = next((cols[n] for n in names if n in cols), None)
        if index is not None:
            areas.append((index, predicate))
    lat, long, imd = cols.get("lat"), cols.get("long"), cols.get("imd")
    nodes: dict[str, ox.NamedNode] = {}  # one node per area code (a few tens of thousands)

    def area(code: str) -> ox.NamedNode | None:
        node = nodes.get(code)
        if node is None:
            iri = links.statistical_geography_iri(code)
            if iri is None:
                return None
            node = nodes[code] = ox.NamedNode(iri)
        return node

    for row in table:
        key = links.postcode_key(_cell(row, pcds))
        if key is None or (only is not None and key not in only):
            counts.skipped += 1
            continue
        unit = ox.NamedNode(links.OS_POSTCODE_UNIT + key)
        out = [ox.Quad(unit, _RDF_TYPE, _UNIT, g),
               ox.Quad(unit, _LABEL, ox.Literal(links.postcode_label(key)), g)]
        for index, predicate in areas:
            code = _cell(row, index)
            node = area(code) if code else None
            if node is not None:
                out.append(ox.Quad(unit, predicate, node, g))
        la, lo = _cell(row, lat), _cell(row, long)
        if la and lo and la != _NO_POSITION and _DECIMAL_TEXT.match(la) and _DECIMAL_TEXT.match(lo):
            out.append(ox.Quad(unit, _LAT, ox.Literal(la, datatype=_DECIMAL), g))
            out.append(ox.Quad(unit, _LONG, ox.Literal(lo, datatype=_DECIMAL), g))
        rank = _cell(row, imd)
        if rank.isdigit() and int(rank) > 0:
            out.append(ox.Quad(unit, _IMD, ox.Literal(str(int(rank)), datatype=_INTEGER), g))
        counts.linked += 1
        counts.quads += len(out)
        yield from out


def legislation_quads(table: "_Table | Iterable[list[str]]", graph: str, *,
                      columns: dict[str, int] | None = None,
                      counts: _Counts | None = None) -> Iterator[ox.Quad]:
    """The quads of ``iri,title`` rows: each title as label and title of its IRI."""
    cols = columns if columns is not None else table.columns  # type: ignore[union-attr]
    counts = counts if counts is not None else _Counts()
    if "iri" not in cols or "title" not in cols:
        raise LinksetError("the table needs the columns 'iri' and 'title'")
    g, iri_col, title_col = ox.NamedNode(graph), cols["iri"], cols["title"]
    for row in table:
        iri, title = _cell(row, iri_col), " ".join(_cell(row, title_col).split())
        if not title or not _IRI.match(iri):
            counts.skipped += 1
            continue
        node, literal = ox.NamedNode(iri), ox.Literal(title)
        counts.linked += 1
        counts.quads += 2
        yield ox.Quad(node, _LABEL, literal, g)
        yield ox.Quad(node, _TITLE, literal, g)


# -- loading ------------------------------------------------------------------------------
def used_postcode_keys(store: GraphStore) -> set[str]:
    """The postcode keys (``LE129AN``) that the store's locations and providers state."""
    rows = store.query(
        f"SELECT DISTINCT ?pc WHERE {{ ?e <{ONTOLOGY_NS}postcode> ?pc }}")
    keys = {links.postcode_key(row["pc"].value) for row in rows}  # type: ignore[union-attr]
    keys.discard(None)
    return keys  # type: ignore[return-value]


Progress = Callable[[str, int, int], None]  # (phase, done, total): "remove" in quads, "load" in bytes


def load(store: GraphStore, kind: str, path: Path, *, base: str, only_used: bool = False,
         progress: Progress | None = None, chunk_quads: int = CHUNK_QUADS) -> LinksetReport:
    """Load the table at ``path`` as the link set ``kind``, replacing any earlier load."""
    graph = linkset_graph_iri(base, kind)
    if only_used and kind != "onspd":
        raise LinksetError("--only-used applies to postcode tables (onspd)")
    path = Path(path)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise LinksetError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    started = time.perf_counter()
    with handle:
        total = path.stat().st_size
        table = _Table(handle)
        only = used_postcode_keys(store) if only_used else None
        counts = _Counts()
        if kind == "onspd":
            quads = onspd_quads(table, graph, only=only, counts=counts)
        else:
            quads = legislation_quads(table, graph, counts=counts)
        first = list(itertools.islice(quads, 1))  # a table of the wrong shape fails here
        removed = 0
        if store.has_graph(graph):
            removed = store.remove_graph_in_batches(
                graph, progress=(lambda n: progress("remove", n, 0)) if progress else None)
        done = 0
        for chunk in _chunks(itertools.chain(first, quads), chunk_quads):
            store.bulk_extend(chunk)
            if progress and table.hashing.bytes_read - done >= 1 << 20:
                done = table.hashing.bytes_read
                progress("load", done, total)
        if progress:
            progress("load", total, total)
    loaded_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    provenance = _provenance(graph, kind, path.name, table.hashing.sha256.hexdigest(),
                             table.rows, counts, loaded_at, only_used)
    store.extend(provenance)
    return LinksetReport(kind, graph, path.name, table.hashing.sha256.hexdigest(), table.rows,
                         counts.linked, counts.skipped, counts.quads + len(provenance), removed,
                         round(time.perf_counter() - started, 3), loaded_at, only_used)


def _chunks(quads: Iterator[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    while True:
        chunk = list(itertools.islice(quads, size))
        if not chunk:
            return
        yield chunk


_TITLES = {"onspd": "ONS Postcode Directory link set",
           "legislation": "Legislation titles link set"}


def _provenance(graph: str, kind: str, file_name: str, sha256: str, rows: int, counts: _Counts,
                loaded_at: str, only_used: bool) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=_INTEGER)

    triples: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (_RDF_TYPE, _cqc("LinkSet")),
        (_RDF_TYPE, ox.NamedNode(_PROV + "Entity")),
        (_LABEL, ox.Literal(f"{_TITLES[kind]} ({file_name})")),
        (_cqc("linksetKind"), ox.Literal(kind)),
        (_cqc("fileName"), ox.Literal(file_name)),
        (_cqc("sha256"), ox.Literal(sha256)),
        (_cqc("rowCount"), integer(rows)),
        (_cqc("linkedCount"), integer(counts.linked)),
        (_cqc("onlyUsed"), ox.Literal("true" if only_used else "false", datatype=_BOOLEAN)),
        (ox.NamedNode(_PROV + "generatedAtTime"), ox.Literal(loaded_at, datatype=_DATETIME)),
    ]
    total = counts.quads + len(triples) + 1
    triples.append((_cqc("quadCount"), integer(total)))
    return [ox.Quad(g, p, o, g) for p, o in triples]


def list_linksets(store: GraphStore, base: str) -> list[LinksetInfo]:
    """The link sets in the store, with their provenance."""
    out = []
    for kind in KINDS:
        graph = linkset_graph_iri(base, kind)
        if not store.has_graph(graph):
            continue
        rows = store.select(
            f"""SELECT ?file ?sha ?rows ?linked ?quads ?at ?only WHERE {{ GRAPH <{graph}> {{
                  <{graph}> <{ONTOLOGY_NS}fileName> ?file ; <{ONTOLOGY_NS}sha256> ?sha ;
                    <{ONTOLOGY_NS}rowCount> ?rows ; <{ONTOLOGY_NS}linkedCount> ?linked ;
                    <{ONTOLOGY_NS}quadCount> ?quads ; <{_PROV}generatedAtTime> ?at ;
                    <{ONTOLOGY_NS}onlyUsed> ?only }} }} LIMIT 1""")
        if not rows:
            out.append(LinksetInfo(kind, graph, complete=False))
            continue
        r = rows[0]  # every variable is bound: none is OPTIONAL
        out.append(LinksetInfo(kind, graph, True, str(r["file"]), str(r["sha"]),
                               int(r["rows"] or 0), int(r["linked"] or 0), int(r["quads"] or 0),
                               str(r["at"]), r["only"] == "true"))
    return out
