"""Loading CQC's register files (HSCA Active and Deactivated Locations, Latest ratings, care directory) into the
store: one named graph per dated snapshot, validated and written batch by batch.

* The file is streamed (``cqcgraph.extract.register``); every ``batch_rows`` records are mapped
  (``cqcgraph.register_rdf``) and written with Oxigraph's bulk loader, so memory stays bounded
  whatever the file's size. The bulk loader has no transaction (a transaction of 5,000 rows
  took six times as long); what makes a file all-or-nothing is the provenance, next. The first ``validate_rows`` records of each batch (every record of a small
  file) are validated with the shapes as one graph: SHACL per row would be far too slow at
  56,000 rows, and the mapping is the same code for every row, so what varies between rows
  is the data a sample of each batch exercises.
* A batch that violates a shape stops the load and removes what was written of the snapshot:
  a file is stored whole or not at all, as a document is.
* The snapshot's provenance is written last; a load that stopped half-way has none, and the
  next load of the file replaces it.
* The same file again (same SHA-256) changes nothing; a different file for the same kind and
  date replaces that snapshot. Snapshots of other dates are never touched: loading in any order
  keeps every one.
* The current state of each location (the derived graph: its current rating, names, postcode,
  provider, latest rating date) is recomputed for the locations and providers of each batch,
  picking the latest rating by publication date across all sources, so an older file loaded
  after a newer one does not make its ratings current.

Imports the store, the reader, the mapping, validation and ``derived``; no web, no CLI.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Callable

from cqcgraph import namespaces, terms
from cqcgraph import derived
from cqcgraph.extract.register import (
    RegisterError,
    RegisterLocation,
    RegisterRating,
    SheetInfo,
    iter_chunks,
    open_register,
    sniff,
)
from cqcgraph.register_rdf import (
    RegisterMapper,
    ntriples,
    provenance_graph,
    snapshot_graph_iri,
)
from cqcgraph.store import GraphStore
from cqcgraph.validation import Issue, validate

__all__ = ["RegisterReport", "load_register", "is_register_file", "RegisterError",
           "BATCH_ROWS"]

BATCH_ROWS = 5000
# Rows of each batch validated with the shapes. pySHACL takes ≈ 25 ms a row of a national
# file on a busy 2-core machine, so validating every row of 56,000 would take most of an hour;
# the first rows of every batch (and so every row of a small file) are validated instead, and
# the mapping is the same code for every row.
VALIDATE_ROWS = 250
CQC = namespaces.CQC
MAX_ISSUES = 20


@dataclass
class RegisterReport:
    """What happened to one register file. ``status``: stored, replaced, unchanged, invalid
    (a batch violated a shape: nothing stored) or failed (not readable as a register file)."""

    name: str
    status: str
    kind: str | None = None
    graph: str | None = None
    snapshot_date: str | None = None
    date_source: str | None = None
    sha256: str | None = None
    rows: int = 0
    records: int = 0
    triples: int = 0
    seconds: float = 0.0
    reason: str | None = None
    sheets: list[SheetInfo] = field(default_factory=list)
    violations: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    #: the locations whose current state the load refreshed
    locations: frozenset[str] = frozenset()

    @property
    def unknown_columns(self) -> list[str]:
        return [c for s in self.sheets for c in s.unknown_columns]

    def notes(self) -> tuple[str, ...]:
        out = [f"{KIND_NOTE.get(self.kind or '', self.kind)} snapshot of {self.snapshot_date}"
               f" (date from {self.date_source})"] if self.snapshot_date else []
        for s in self.sheets:
            out.append(f"sheet {s.name!r}: {s.rows} rows read as {s.kind}"
                       f"{f', {s.skipped} without an ID skipped' if s.skipped else ''}")
            if s.unknown_columns:
                out.append(f"sheet {s.name!r}: columns not read: {', '.join(s.unknown_columns)}")
        return tuple(out)


KIND_NOTE = {"hsca-active-locations": "HSCA Active Locations",
             "hsca-deactivated-locations": "HSCA Deactivated Locations", "latest-ratings": "Latest ratings",
             "care-directory": "care directory"}


def is_register_file(path: Path) -> bool:
    """True when the file's header row is a CQC register file's (whatever it is called)."""
    return sniff(path)


def _stored_sha256(store: GraphStore, graph: str) -> str | None:
    node = terms.iri(graph)
    for q in store.match(node, terms.iri(CQC + "sha256"), None, node):
        return q.object.value
    return None


def _same_file_stored(store: GraphStore, sha256: str) -> str | None:
    """The snapshot graph that holds this very file already (complete), if any."""
    for q in store.match(None, terms.iri(CQC + "sha256"), terms.literal(sha256), None):
        if q.graph is not None and q.subject == q.graph and store.exists(
                q.subject, terms.iri(CQC + "snapshotDate"), None, q.graph):
            return q.graph.value
    return None


RowProgress = Callable[[str, int, int | None], None]  # (file name, rows done, rows expected)


def load_register(store: GraphStore, path: Path, *, base: str, snapshot_date: str | None = None,
                  batch_rows: int = BATCH_ROWS, progress: RowProgress | None = None,
                  check: bool = True, validate_rows: int = VALIDATE_ROWS) -> RegisterReport:
    """Load one register file as its dated snapshot (see the module's rules)."""
    started = time.perf_counter()
    path = Path(path)
    try:
        register = open_register(path, snapshot_date=snapshot_date)
    except RegisterError as exc:
        return RegisterReport(path.name, "failed", reason=str(exc))
    report = RegisterReport(path.name, "failed", kind=register.kind,
                            snapshot_date=register.snapshot_date,
                            date_source=register.date_source)
    if not register.snapshot_date:
        report.reason = ("no snapshot date: neither a README sheet nor the file name gives one;"
                         " give it with --snapshot-date YYYY-MM-DD")
        return report
    graph = snapshot_graph_iri(base, register.kind, register.snapshot_date)
    report.graph, report.sha256 = graph, register.sha256
    if _same_file_stored(store, register.sha256):
        report.status = "unchanged"
        report.graph = _same_file_stored(store, register.sha256)
        report.seconds = round(time.perf_counter() - started, 3)
        return report
    existed = store.has_graph(graph)
    # the locations of the snapshot replaced: those it lists no longer lose what it said
    # only when their current state is recomputed (after the new file is written)
    replaced = _snapshot_entities(store, graph, "Location") if existed else set()
    replaced_providers = _snapshot_entities(store, graph, "Provider") if existed else set()
    if existed:
        store.remove_graph_in_batches(graph)
    listed: set[str] = set()
    providers: set[str] = set()
    mapper = RegisterMapper(base, graph)
    expected = register.estimated_rows()
    rows_done = 0

    def on_rows(n: int) -> None:
        nonlocal rows_done
        rows_done = n
        if progress:
            progress(path.name, n, expected)

    try:
        for chunk in iter_chunks(register.records(on_rows), batch_rows):
            triples: set[tuple] = set()
            for record in chunk:
                triples.update(mapper.triples(record))
            if check:
                data = mapper.map(_sample(chunk, validate_rows))
                result = validate(data)
                room = MAX_ISSUES - len(report.warnings)
                report.warnings.extend(result.warnings[:max(room, 0)])
                if not result.conforms:
                    report.violations = result.violations[:MAX_ISSUES]
                    report.status = "invalid"
                    report.reason = (f"{len(result.violations)} SHACL violation(s) in rows"
                                     f" {max(rows_done - batch_rows, 0) + 1}–{rows_done + 1}:"
                                     " nothing of the file is stored")
                    store.remove_graph_in_batches(graph)
                    break
            store.bulk_load_graph(graph, ntriples(triples))
            store.flush()  # else Oxigraph's memory grows with every batch written
            report.triples += len(triples)
            report.records += len(chunk)
            locations = {f"{_location_iri(base, r)}" for r in chunk if _location_iri(base, r)}
            named = _providers_in(triples)
            listed |= locations
            providers |= named
            update = derived.refresh_update(base, locations, {}, named)
            if update:
                store.update(update)
    except RegisterError as exc:
        store.remove_graph_in_batches(graph)
        report.status, report.reason = "failed", str(exc)
    report.sheets = register.sheets
    report.rows = sum(s.rows for s in register.sheets)
    if report.status in {"invalid"} or report.reason:
        # nothing of the file stays: what its batches (and the file it replaced) said goes
        # from the current state too
        _refresh_after_snapshot(store, base, set(), listed | replaced,
                                providers | replaced_providers)
        report.locations = frozenset(listed | replaced)
        report.seconds = round(time.perf_counter() - started, 3)
        return report
    loaded_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    prov = provenance_graph(graph, kind=register.kind, file_name=path.name,
                            sha256=register.sha256, snapshot_date=register.snapshot_date,
                            date_source=register.date_source, rows=report.rows,
                            loaded_at=loaded_at, unknown_columns=report.unknown_columns)
    store.load_graph(graph, prov.serialize(format="nt"))
    report.triples += len(prov)
    _refresh_after_snapshot(store, base, listed, replaced - listed,
                            replaced_providers - providers)
    report.locations = frozenset(listed | replaced)
    report.status = "replaced" if existed else "stored"
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _snapshot_entities(store: GraphStore, graph: str, cls: str) -> set[str]:
    """The locations or providers (``cls``) a stored snapshot lists (one file's worth of
    IRIs)."""
    return {q.subject.value for q in store.match(
        None, terms.iri(derived.RDF_TYPE), terms.iri(CQC + cls), terms.iri(graph))}


def _refresh_after_snapshot(store: GraphStore, base: str, listed: set[str],
                            dropped: set[str], dropped_providers: AbstractSet[str] = frozenset()
                            ) -> None:
    """Once the snapshot is complete (its provenance written): what the latest snapshots say
    of the locations it lists (the register's facts and counts of the derived graph), and the
    whole current state of the locations and providers only the file it replaced listed
    (their ratings, names and register facts came from it)."""
    for update in derived.register_refresh_updates(base, listed):
        store.update(update)
    locations, providers = sorted(dropped), sorted(dropped_providers)
    for i in range(0, len(locations), derived.VALUES_BLOCK):
        store.update(derived.refresh_update(base, locations[i:i + derived.VALUES_BLOCK], {}))
    for i in range(0, len(providers), derived.VALUES_BLOCK):
        store.update(derived.refresh_update(base, [], {}, providers[i:i + derived.VALUES_BLOCK]))


def _sample(chunk: list, rows: int) -> list:
    """The records validated of a batch: the first ``rows`` (all when ``rows`` is 0)."""
    return chunk if rows <= 0 else chunk[:rows]


def _providers_in(triples: set[tuple]) -> set[str]:
    """The providers a batch of the register states (their names and IDs are part of the
    current state, :mod:`cqcgraph.derived`)."""
    kind = (derived.RDF_TYPE, derived.CQC + "Provider")
    return {str(s) for s, p, o in triples if (str(p), str(o)) == kind}


def _location_iri(base: str, record: object) -> str | None:
    from cqcgraph import iris

    if isinstance(record, RegisterLocation):
        return iris.location_iri(base, cqc_id=record.cqc_id)
    if isinstance(record, RegisterRating) and record.subject_kind == "location":
        return iris.location_iri(base, cqc_id=record.subject_id)
    return None
