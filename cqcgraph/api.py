"""The one core API of cqcgraph: ingest, extract, query, export, validate, stats.

Both shells (``cqcgraph.cli`` and the web app) call this and nothing below it. It ties the
layers together: documents -> extract -> records -> rdf -> validation -> store. It imports no
web framework and no command-line library.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import errno
import functools
import glob
import hashlib
import io
import logging
import os
import stat
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from cqcgraph import __version__, deadline, derived, forking, identity, identity_keys, iris
from cqcgraph import linksets
from cqcgraph import location_index as li
from cqcgraph import register_load, remote_store, search, upkeep, write_batch
from cqcgraph import documents, namespaces, terms, vocab
from cqcgraph import backup as backup_mod
from cqcgraph import sync as sync_mod
from cqcgraph.documents import UnreadableDocument, read as read_document, too_large_reason
from cqcgraph.errors import CqcgraphError, UsageError, exit_code, http_status  # noqa: F401 (for the shells)
from cqcgraph.extract import NOT_CQC_LAYOUT, extract
from cqcgraph.queries import NamedQuery, QueryParameterError, get_named_query, named_queries  # noqa: F401
from cqcgraph.rdf import DocumentTriples, map_triples, ntriples, reference_graphs, triples_graph
from cqcgraph.readonly import DESCRIBE, PREFIXES, StoreReader  # noqa: F401 (for the shells)
from cqcgraph.records import DocumentRecord, SourceInfo
from cqcgraph.resources import data_dir
from cqcgraph.settings import Settings
from cqcgraph.sparql.engine import QueryEngine
from cqcgraph.sparql.protocol import ProtocolError as QueryRefused  # noqa: F401 (for the shells)
from cqcgraph.sparql.workers import FollowedSnapshots, QueryRun, StreamAborted  # noqa: F401 (for the shells)
from cqcgraph.store import (  # noqa: F401  (re-exported for the shells)
    GraphStore,
    QueryError,
    QuerySyntaxError,
    RdfSyntaxError,
    StoreError,
    StoreInUse,
    iri_error,
    parse_triples,
    read_rdf_files,
    serialize_triples,
)
from cqcgraph import validation
from cqcgraph.validation import Issue, validate, validate_many

if TYPE_CHECKING:  # types only: the shells import this module without rdflib's cost
    import rdflib

    from cqcgraph.validation import ValidationReport

EXTRACTOR_VERSION = f"cqcgraph-extract/{__version__}"
CQC = namespaces.CQC
RDF_TYPE = terms.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT_SOURCE = terms.iri("http://purl.org/dc/terms/source")
DCT_FORMAT = terms.iri("http://purl.org/dc/terms/format")
SHA256 = terms.iri(CQC + "sha256")
FILE_NAME = terms.iri(CQC + "fileName")
#: Which rendition of one publication is kept when several carry the same key, after the
#: fuller reading (more triples): the report as published first, then its web page.
MEDIA_PREFERENCE = ("application/pdf", "text/html", "application/json", "text/plain")
log = logging.getLogger("cqcgraph.ingest")
MENTION_KEYS = {"nameKey", "postcode", "cqcId", "odsCode"}


@dataclass(frozen=True)
class DocumentReport:
    """What happened to one document. ``status``: stored, replaced, unchanged, duplicate
    (the same publication is stored already, from these bytes or a fuller rendition: nothing
    new stored; ``graph`` is the stored one), failed (unreadable, over a cap, or no CQC fact;
    ``error`` names which), invalid (violates a shape: nothing stored)."""

    name: str
    status: str
    key: str | None = None
    graph: str | None = None
    layout: str | None = None
    fell_back: bool = False
    triples: int = 0
    reason: str | None = None
    warnings: tuple[Issue, ...] = ()
    violations: tuple[Issue, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None
    read_warnings: tuple[str, ...] = ()  # what the reader (e.g. pypdf) said of the file

    @property
    def ok(self) -> bool:
        return self.status in {"stored", "replaced", "unchanged", "duplicate"}

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "key": self.key,
            "graph": self.graph,
            "layout": self.layout,
            "fell_back": self.fell_back,
            "triples": self.triples,
            "reason": self.reason,
            "error": self.error,
            "notes": list(self.notes),
            "read_warnings": list(self.read_warnings),
            "warnings": [_issue_dict(i) for i in self.warnings],
            "violations": [_issue_dict(i) for i in self.violations],
        }


def _issue_dict(issue: Issue) -> dict:
    return {
        "focus": issue.focus,
        "path": issue.path,
        "message": issue.message,
        "severity": issue.severity,
        "value": issue.value,
    }


@dataclass
class IngestReport:
    documents: list[DocumentReport] = field(default_factory=list)

    @property
    def failed(self) -> list[DocumentReport]:
        return [d for d in self.documents if not d.ok]

    @property
    def triples(self) -> int:
        return sum(d.triples for d in self.documents if d.status in {"stored", "replaced"})

    @property
    def warnings(self) -> int:
        return sum(len(d.warnings) for d in self.documents)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def as_dict(self) -> dict:
        counts: dict[str, int] = {}
        for d in self.documents:
            counts[d.status] = counts.get(d.status, 0) + 1
        return {
            "documents": len(self.documents),
            "by_status": counts,
            "triples": self.triples,
            "warnings": self.warnings,
            "failed": len(self.failed),
            "reports": [d.as_dict() for d in self.documents],
        }


@dataclass(frozen=True)
class Extraction:
    """What one file gives, before anything is stored: its graph's triples (``graph`` gives
    them as an rdflib graph, made on first use)."""

    record: DocumentRecord
    source: SourceInfo
    graph_iri: str
    triples: DocumentTriples

    @functools.cached_property
    def graph(self) -> "rdflib.Graph":
        return triples_graph(self.triples)


# ----------------------------------------------------------------------------------------
def expand_inputs(paths: Sequence[str | Path]) -> list[Path]:
    """Files, folders (recursively) and glob patterns -> the document files, sorted, without
    sidecars (``*.meta.json``, ``*.expected.json``, ``expected/NNN.json``). A path matching nothing is an error; a
    symbolic link that leads nowhere (a loop, a missing target) is kept, so that ingest
    reports it by name and goes on."""
    found: list[Path] = []
    for raw in paths:
        raw = str(raw)
        matches = [Path(m) for m in sorted(glob.glob(raw, recursive=True))] or [Path(raw)]
        for path in matches:
            if path.is_dir():
                found.extend(
                    p for p in sorted(path.rglob("*"))
                    if (p.is_file() or _dangling(p)) and documents.is_document(p)
                )
            elif path.is_file() or _dangling(path):
                if not documents.is_sidecar(path):
                    found.append(path)
            else:
                raise UsageError(f"{raw}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for p in found:
        try:
            real = p.resolve(strict=True)
        except (OSError, RuntimeError):  # a link loop or a missing target
            real = Path(os.path.abspath(p))
        if real not in seen:
            seen.add(real)
            unique.append(p)
    return unique


def _dangling(path: Path) -> bool:
    """A symbolic link whose target cannot be reached (a loop, or nothing there)."""
    return path.is_symlink() and not path.exists()


@dataclass(frozen=True)
class GraphText:
    """A document's graph as the writer needs it: its N-Triples and what it names. Made in
    the worker that mapped it: pickling the rdflib graph back to the writer and serialising it
    there cost the single writer about 3.5 ms of CPU a document, a worker a fraction of that."""

    ntriples: str
    triples: int
    entities: frozenset[str]
    locations: frozenset[str]
    mentions: tuple[tuple[str, identity.Mention], ...]
    ambiguous: bool  # an entity has two values of one identity key (see _mentions_in)

    @classmethod
    def of(cls, triples: DocumentTriples, graph_iri: str) -> "GraphText":
        typed = _typed(triples)
        mentions, ambiguous = _mentions_in(triples, typed, graph_iri)
        locations = typed.get(CQC + "Location", set())
        return cls(ntriples(triples), len(triples),
                   frozenset(locations | typed.get(CQC + "Provider", set())),
                   frozenset(locations), tuple(mentions), ambiguous)


@dataclass(frozen=True)
class Prepared:
    """A document read, extracted, mapped with its own keys' IRIs and validated: everything
    that needs no store (so it can run in a worker process), without the rdflib graph."""

    record: DocumentRecord
    source: SourceInfo
    graph_iri: str
    written: GraphText
    validation: "ValidationReport"
    default_iris: dict
    read_warnings: tuple[str, ...] = ()


def prepare(
    data: bytes, file_name: str, *, base: str, source_url: str | None = None,
    max_bytes: int | None = None,
) -> Extraction:
    """Read, extract and map one document (no store). Raises :class:`UnreadableDocument`
    when it yields no text or no CQC fact (a failed document), or is over ``max_bytes``."""
    text = read_document(data, file_name, max_bytes=max_bytes)
    stated_url = source_url or text.source_url
    record = extract(text.text, source_url=stated_url, title=text.title)
    if record.layout == NOT_CQC_LAYOUT:
        raise UnreadableDocument(f"{record.notes[0]}; nothing stored", "not-cqc")
    if not record.has_facts:
        raise UnreadableDocument(
            f"no CQC fact found (no provider, location, inspection, rating or action;"
            f" read as {record.layout})", "no-cqc-fact"
        )
    url = stated_url or record.source_url
    key = url or file_name
    source = SourceInfo(
        key=key,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=text.media_type,
        layout=record.layout,
        extractor_version=EXTRACTOR_VERSION,
        read_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        source_url=url,
        fell_back=record.fell_back,
    )
    graph_iri = iris.document_iri(base, key)
    return Extraction(record, source, graph_iri, map_triples(record, source, base=base))


def default_entity_iris(record: DocumentRecord, base: str) -> dict[tuple[str, int], str]:
    """The IRIs each entity gets from its own keys (what :func:`prepare` mapped with)."""
    out: dict[tuple[str, int], str] = {}
    for role, entities, mint in _entity_groups(record):
        for i, e in enumerate(entities):
            name = iris.normalise_name(e.name) if e.name else None
            iri = mint(base, cqc_id=e.cqc_id, ods_code=e.ods_code, name=name, postcode=e.postcode)
            if iri:
                out[(role, i)] = iri
    return out


def _entity_groups(record: DocumentRecord) -> list[tuple[str, Sequence[Any], Callable[..., Any]]]:
    """The providers and the locations of a record, each with the function minting its IRIs."""
    return [("provider", record.providers, iris.provider_iri),
            ("location", record.locations, iris.location_iri)]


def check_document(args: tuple) -> "Prepared | DocumentReport":
    """Prepare and validate one document; a failure comes back as its report. Top-level so
    that a worker process can run it. What the PDF reader warns of goes into the result
    (``read_warnings``), not to the terminal."""
    (outcome,) = check_documents([args])
    return outcome


def check_documents(batch: Sequence[tuple]) -> "list[Prepared | DocumentReport]":
    """:func:`check_document` of each task of a batch, in order, the documents read one by
    one and their graphs validated together (:func:`cqcgraph.validation.validate_many`: one
    pySHACL call for graphs that share no entity, each document's result its own)."""
    outcomes: list[Prepared | DocumentReport | None] = [None] * len(batch)
    read: list[tuple[int, Extraction, str, tuple[str, ...]]] = []
    for i, args in enumerate(batch):
        data, file_name, base, source_url, max_bytes = (tuple(args) + (None,))[:5]
        with _reader_warnings() as said:
            try:
                ex = prepare(data, file_name, base=base, source_url=source_url,
                             max_bytes=max_bytes)
            except UnreadableDocument as exc:
                outcomes[i] = DocumentReport(file_name, "failed", reason=str(exc),
                                             error=exc.kind, read_warnings=tuple(said))
                continue
        read.append((i, ex, base, tuple(said)))
    results = validate_many([ex.triples for _i, ex, _base, _said in read])
    for (i, ex, base, warned), result in zip(read, results, strict=True):
        # prepare() mapped each entity with the IRI of its own keys: record which those are,
        # so the writer can tell whether identity resolution changed any of them
        outcomes[i] = Prepared(ex.record, ex.source, ex.graph_iri,
                               GraphText.of(ex.triples, ex.graph_iri), result,
                               default_entity_iris(ex.record, base), warned)
    return [o for o in outcomes if o is not None]


BATCH_DOCUMENTS = 16  # documents a worker reads and validates as one task, at most
BATCH_BYTES = 1 << 20  # and their bytes: a large file goes alone, under its own time limit


def _batches(items: Iterable["tuple | DocumentReport"], size: int
             ) -> Iterator["list[tuple] | DocumentReport"]:
    """Tasks in batches of up to ``size`` (and :data:`BATCH_BYTES`), in order; a report
    that needs no worker passes through as it is, between batches."""
    batch: list[tuple] = []
    held = 0
    for item in items:
        if isinstance(item, DocumentReport):
            if batch:
                yield batch
                batch, held = [], 0
            yield item
            continue
        if batch and held + len(item[0]) > BATCH_BYTES:
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += len(item[0])
        if len(batch) >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


WARM_UP_TEXT = b"Provided and run by:\nWarm Up Ltd\nOverall: Good\nSafe: Good\n"


def _warm_up() -> None:
    """Load what reading a first document loads (parsers, patterns, shapes), so that a
    worker's start-up does not count against a document's time limit."""
    check_document((WARM_UP_TEXT, "warm-up.txt", "https://cqcgraph.example/id/", None, None))


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        _add_warning(self.into, record.getMessage())


def _add_warning(into: list[str], message: str, limit: int = 10) -> None:
    message = " ".join(str(message).split())[:300]
    if message and message not in into and len(into) < limit:
        into.append(message)


@contextlib.contextmanager
def _reader_warnings() -> Iterator[list[str]]:
    """Collect what the document readers log or warn while reading one document (pypdf
    reports repaired cross-reference tables and odd objects through :mod:`logging`)."""
    said: list[str] = []
    handler = _Collect(said)
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield said
        for w in caught:
            if "pypdf" in (w.filename or "") or "PDF" in str(w.message):
                _add_warning(said, str(w.message))
            else:  # someone else's warning: let it through as it was
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    finally:
        logger.removeHandler(handler)


# ----------------------------------------------------------------------------------------
class Cqcgraph(StoreReader):
    """The core object: one store, one base IRI, opened (lazily) for reading and writing,
    one writer process per store. What only reads is :class:`StoreReader`'s."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        super().__init__(settings, store)
        self._reference_ready = False
        self._identity_keys_checked = False
        self._identity_marker = ""  # written with the first write (see _require_identity_keys)
        self._search: search.SearchIndex | None = None
        self._locations: li.LocationIndex | None = None
        self._locations_lock = threading.RLock()

    # -- store ---------------------------------------------------------------------------
    @property
    def store(self) -> GraphStore:
        if self._engine is not None and self._engine.follow is not None:
            return self._engine.store  # a reader: the newest checkpoint it has open
        if self._store is None:
            if self.settings.memory:
                self._store = GraphStore.memory()
            elif self.settings.remote:
                self._store = remote_store.connect(self.settings)
            else:
                self._store = GraphStore.open(self.settings.store_path)
            self.ensure_reference_graphs()
        return self._store

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        if self._search is not None:
            self._search.close()
            self._search = None
        if self._locations is not None:
            self._locations.close()
            self._locations = None
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- search --------------------------------------------------------------------------
    @property
    def search_index(self) -> search.SearchIndex:
        """The full-text index beside the store (built from the store the first time)."""
        if self._search is None:
            in_memory = self.settings.memory or self.settings.remote or (
                self._store is not None and self._store.path is None)
            self._search = (search.SearchIndex.memory() if in_memory else
                            search.SearchIndex.open(search.SearchIndex.path_for(
                                self.settings.store_path)))
            if self._search.meta("complete") != "yes":  # new, or left incomplete
                search.rebuild(self._search, self.store)
        return self._search

    def search(self, text: str, *, limit: int = 20, kind: str | None = None,
               findings: bool = True) -> search.SearchResult:
        """Locations and providers by name (typos forgiven), postcode or district, CQC ID or
        ODS code, and breaches and actions by their text."""
        return self.search_index.search(text, limit=limit, kind=kind, findings=findings)

    def rebuild_search(self) -> dict[str, int]:
        """Make the search index again from the store."""
        return search.rebuild(self.search_index, self.store)

    # -- the index of locations ----------------------------------------------------------
    def _in_memory(self) -> bool:
        return bool(self.settings.memory or self.settings.remote or (
            self._store is not None and self._store.path is None))

    def _select(self, sparql: str) -> list[dict[str, str | None]]:
        return self.store.select(sparql)

    @property
    def location_index(self) -> li.LocationIndex:
        """The index of every location's facets beside the store, which the filtered list
        of locations reads (built from the derived graph the first time; the locations a
        write left pending are refreshed first)."""
        with self._locations_lock:
            return self._open_location_index()

    def location_index_ready(self) -> bool:
        """Whether the index of locations is open (built): reading it costs no build."""
        return self._locations is not None

    def _open_location_index(self) -> li.LocationIndex:
        if self._locations is None:
            index = (li.LocationIndex.memory() if self._in_memory() else
                     li.LocationIndex.open(li.LocationIndex.path_for(
                         self.settings.store_path)))
            graph = derived.derived_graph_iri(self.base)
            if index.meta("complete") != "yes":  # new, or left incomplete
                li.rebuild(index, self._select, graph)
            elif pending := index.pending():
                li.refresh(index, self._select, graph, pending)
            self._locations = index
        return self._locations

    def rebuild_location_index(self) -> dict[str, int]:
        """Make the index of locations again from the derived graph."""
        return li.rebuild(self.location_index, self._select,
                                      derived.derived_graph_iri(self.base))

    def _followed_index(self) -> li.LocationIndex | None:
        """The index of locations when there is one to keep in step (else it is built from
        the derived graph when first read)."""
        if self._locations is None and (self.settings.remote or not self.settings.memory and not
                                        li.LocationIndex.path_for(
                                            self.settings.store_path).exists()):
            return None
        return self.location_index

    def _locations_pending(self, locations: Iterable[str]) -> None:
        """Write ahead into the index the locations a write is about to refresh."""
        index = self._followed_index()
        if index is not None:
            index.mark_pending(locations)

    def _refresh_locations(self, locations: Iterable[str]) -> None:
        """Bring the index of locations up to date with the rows the derived graph has for
        ``locations`` (gone from it: their rows go)."""
        index = self._followed_index()
        if index is not None:
            li.refresh(index, self._select, derived.derived_graph_iri(self.base),
                                   locations)

    def _index_to_read(self) -> li.LocationIndex | None:
        """The index of locations this process keeps in step with its writes (opened when a
        complete one is there; never built here: a whole list asked before it is built is
        the engine's)."""
        if self._locations is None and not self._in_memory():
            path = li.LocationIndex.path_for(self.settings.store_path)
            probe = li.LocationIndex.open_to_read(path)
            complete = probe is not None and probe.meta("complete") == "yes"
            if probe is not None:
                probe.close()
            if complete:
                return self.location_index
        return self._locations

    def __enter__(self) -> "Cqcgraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ensure_reference_graphs(self) -> None:
        """Write the ontology, concept schemes and regulations graphs when they are missing
        or differ from the installed ones (before any document, so that validation and queries always see them)."""
        store = self._store
        if store is None or store.read_only or self._reference_ready:
            return
        wanted = installed_reference_ntriples()
        stale = {}
        for graph, nt in wanted.items():
            current = len(store.graph_triples(graph)) if store.has_graph(graph) else -1
            if current != len(set(line for line in nt.splitlines() if line.strip())):
                stale[graph] = nt
        if stale:
            store.replace_graphs(stale)
        self._reference_ready = True

    def _require_identity_keys(self) -> None:
        """Identity resolution reads the derived graph's identity keys: a store that holds
        providers or locations written before it kept them must have them built first (else
        a document would not join the entities stored before it). A store with none is
        marked as keeping them from its first write on."""
        if self._identity_keys_checked:
            return
        store, graph = self.store, terms.iri(derived.derived_graph_iri(self.base))
        if not store.exists(graph, terms.iri(identity_keys.KEEPS), None, graph):
            if any(store.exists(None, RDF_TYPE, terms.iri(CQC + kind), None)
                   for kind in ("Location", "Provider")):
                raise UsageError(
                    "this store's current-state graph was built before it kept the identity"
                    " keys that ingest resolves providers and locations with: run"
                    " `cqcgraph rebuild-summaries` once, then ingest again")
            self._identity_marker = identity_keys.marker_update(graph.value)
        self._identity_keys_checked = True

    def _marked(self, update: str) -> str:
        """``update``, with the marker of the identity keys when the store has none yet (it
        goes with the store's first write, so that a write refused leaves nothing)."""
        marker, self._identity_marker = self._identity_marker, ""
        return f"{update} ;\n{marker}" if marker and update else update or marker

    # -- reading one file ---------------------------------------------------------------
    def extract_file(self, path: Path, *, source_url: str | None = None) -> Extraction:
        """Read, extract and map one file without storing anything. Raises
        :class:`UnreadableDocument` for a file that yields no text or no CQC fact."""
        data = _read_file(Path(path), self.settings.max_document_bytes)
        if isinstance(data, DocumentReport):
            raise UnreadableDocument(data.reason or "cannot read the file",
                                     data.error or "unreadable-file")
        return self.extract_bytes(data, Path(path).name, source_url=source_url)

    def extract_bytes(
        self, data: bytes, file_name: str, *, source_url: str | None = None
    ) -> Extraction:
        return prepare(data, file_name, base=self.base, source_url=source_url,
                       max_bytes=self.settings.max_document_bytes)

    # -- ingest ---------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        source_url: str | None = None,
        progress: Callable[[DocumentReport], None] | None = None,
        jobs: int | None = None,
        snapshot_date: str | None = None,
        row_progress: "register_load.RowProgress | None" = None,
        documents_per_write: int = write_batch.BATCH_DOCUMENTS,
    ) -> IngestReport:
        """Read, extract, validate and store every document under ``paths``. Each document is
        stored whole or not at all; failures are reported by name and the rest go on.

        Reading, extraction, mapping and validation need no store, so they run in up to
        ``jobs`` worker processes (default: one per core), each document under the
        ``document_timeout`` setting: past it its worker is killed and the document fails
        with error ``timeout``. A file over ``max_document_bytes`` is refused unread
        (``too-large``). Identity resolution and the write stay in this process, in input
        order: up to ``documents_per_write`` documents in one transaction with one upkeep of
        the current state (:mod:`cqcgraph.write_batch`), each report given once its document
        is written."""
        files = expand_inputs(paths)
        if source_url and len(files) != 1:
            raise UsageError("--source-url names one document: give exactly one file")
        jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        cap = self.settings.max_document_bytes
        report = IngestReport()
        # CQC's register files (known by their header row) have their own loader
        registers = [p for p in files if register_load.is_register_file(p)]
        files = [p for p in files if p not in registers]
        self._start_readers(min(jobs, len(files)))
        for path in registers:
            doc = self.ingest_register(path, snapshot_date=snapshot_date, progress=row_progress)
            report.documents.append(doc)
            if progress:
                progress(doc)

        def work() -> Iterator[tuple | DocumentReport]:
            for path in files:
                data = _read_file(path, cap)
                if isinstance(data, DocumentReport):
                    yield data
                elif (known := self._known(data, path.name, source_url)) is not None:
                    yield known
                else:
                    yield (data, path.name, self.base, source_url, cap)

        workers = min(jobs, max(1, len(files)))
        # batches small enough that every worker has several (a small ingest is not one task)
        batch = max(1, min(BATCH_DOCUMENTS, len(files) // (2 * workers)))
        checked = self._checked(work(), jobs=workers, batch=batch)
        for doc in self._write_in_batches(checked, documents_per_write):
            report.documents.append(doc)
            if doc.read_warnings:
                log.info("%s: the reader said: %s", doc.name, "; ".join(doc.read_warnings))
            if progress:
                progress(doc)
        return report

    def _write_in_batches(self, checked: Iterable["Prepared | DocumentReport"], size: int
                          ) -> Iterator[DocumentReport]:
        """Write checked documents ``size`` at a time (or fewer, see
        :class:`write_batch.PendingBatch`), and give every report in input order once what
        it reports is in the store."""
        pending = write_batch.PendingBatch(size)
        for item in checked:
            if isinstance(item, DocumentReport):
                pending.add_report(item)
            else:
                outcome = self._plan(item, pending)
                if outcome is None:  # it depends on the batch: write the batch, plan it anew
                    yield from self._write_pending(pending)
                    outcome = self._plan(item, pending)
                if isinstance(outcome, write_batch.Planned):
                    pending.add(outcome)
                else:
                    assert outcome is not None  # an empty batch has nothing to depend on
                    pending.add_report(outcome)
            if pending.due():
                yield from self._write_pending(pending)
        yield from self._write_pending(pending)

    def _write_pending(self, pending: write_batch.PendingBatch) -> Iterator[DocumentReport]:
        """Write the batch's documents in one transaction; its reports, in order."""
        entries = pending.take()
        plans = [e for e in entries if isinstance(e, write_batch.Planned)]
        written = iter(self._write_plans(plans) if plans else [])
        for entry in entries:
            yield next(written) if isinstance(entry, write_batch.Planned) else entry

    def _start_readers(self, count: int) -> None:
        """Start the reading workers ahead of the first document, so that they warm up while
        this process opens the store; forks of this process while it has no store open and
        runs no other thread (the pipeline is imported already: no second of imports each)."""
        timeout = self.settings.document_timeout
        if count and timeout and timeout > 0:
            fork = self._store is None and forking.can_fork()
            if fork:
                _warm_up()  # the shapes and the queries they run, ready in every fork
            deadline.shared_pool(check_documents, count, _warm_up).start(count, fork=fork)

    def _checked(self, work: Iterable["tuple | DocumentReport"], *, jobs: int, batch: int = 1
                 ) -> Iterator["Prepared | DocumentReport"]:
        """:func:`check_document` of each task, in order, in worker processes under the
        per-document time limit (in this process, without one, when the limit is 0). Tasks
        go to the workers in batches of up to ``batch`` (:func:`check_documents`), each
        batch under the time limit of one document; a batch that gives no result (past the
        limit, its worker died) is run again document by document, so that only the
        document at fault fails, by name, and the others go on."""
        timeout = self.settings.document_timeout
        if not timeout or timeout <= 0:
            for group in _batches(work, batch):
                if isinstance(group, DocumentReport):
                    yield group
                else:
                    yield from check_documents(group)
            return
        pool = deadline.shared_pool(check_documents, jobs, _warm_up)
        groups: collections.deque[DocumentReport | list[tuple]] = collections.deque()

        def remembered(items: Iterable) -> Iterator:
            for item in items:  # outcomes come back in this order
                groups.append(item)
                yield item

        def one(task: tuple) -> "Prepared | DocumentReport":
            outcome = deadline.shared_pool(check_document, 1, _warm_up).run(
                task, timeout=timeout)
            if isinstance(outcome, deadline.Stopped):
                return _stopped_report(task[1], outcome, timeout)
            return outcome

        for outcome in pool.imap(remembered(_batches(work, batch)), timeout=timeout,
                                 is_task=lambda item: isinstance(item, list)):
            group = groups.popleft()
            if isinstance(group, DocumentReport):
                yield group
            elif not isinstance(outcome, deadline.Stopped):
                yield from outcome
            elif len(group) == 1:
                yield _stopped_report(group[0][1], outcome, timeout)
            else:
                yield from map(one, group)

    def _known(self, data: bytes, file_name: str, source_url: str | None
               ) -> DocumentReport | None:
        """The report of a file that need not be read again: stored already as it is
        (unchanged), or its bytes stored under a name or source URL that is kept before this
        one (duplicate; see :func:`_copy_rank`). Same bytes state the same source URL, so
        the choice needs no reading."""
        sha = hashlib.sha256(data).hexdigest()
        if self._unchanged(sha, file_name, source_url):
            return DocumentReport(file_name, "unchanged")
        for copy in self._same_bytes(sha, skip=""):
            if source_url is None and copy.source_url is None and copy.file_name < file_name \
                    or copy.source_url is not None and (source_url is None
                                                        or copy.source_url < source_url):
                return DocumentReport(
                    file_name, "duplicate", key=copy.key, graph=copy.graph,
                    reason=f"the same bytes as {copy.file_name}, stored already as <{copy.graph}>")
        return None

    def ingest_register(self, path: Path, *, snapshot_date: str | None = None,
                        progress: "register_load.RowProgress | None" = None) -> DocumentReport:
        """Load one CQC register file (HSCA Active Locations, Latest ratings, the care
        directory) as its dated snapshot graph."""
        self._require_identity_keys()
        r = register_load.load_register(self.store, Path(path), base=self.base,
                                        snapshot_date=snapshot_date, progress=progress)
        self._refresh_locations(r.locations)  # what the load refreshed of their current state
        if r.status in ("stored", "replaced"):
            self._search_stale()
            if marker := self._marked(""):
                self.store.update(marker)
        return DocumentReport(r.name, r.status, key=r.sha256, graph=r.graph, layout=r.kind,
                              triples=r.triples, reason=r.reason, warnings=tuple(r.warnings),
                              violations=tuple(r.violations), notes=r.notes())

    def sync(self, *, mode: str | None = None, since: str | None = None,
             base_url: str | None = None, progress: "sync_mod.Progress | None" = None,
             on_wait: Callable[[str], None] | None = None,
             rate_per_minute: float = sync_mod.RATE_PER_MINUTE,
             per_page: int = sync_mod.PER_PAGE) -> "sync_mod.SyncReport":
        """Read CQC's Syndication API into the store (see :mod:`cqcgraph.sync`): continue the
        run under way, else a full sync (``mode="full"``) or a delta (``"changes"``, from
        ``since`` or where the last run stopped). Each item is ingested as a document.
        Raises :class:`UsageError` without a key, :class:`sync_mod.SyncError` when the API
        cannot be read (the state keeps where it stood)."""
        key = self.settings.cqc_api_key
        if not key:
            raise UsageError(sync_mod.KEY_HELP)
        if self.settings.remote:
            raise UsageError("sync keeps where it stands beside the embedded store: sync into"
                             " an embedded store, or ingest the API's JSON into the remote one")
        if since is not None:
            try:
                since = sync_mod.parse_timestamp(since)
            except ValueError as exc:
                raise UsageError(f"--since: {exc}") from None
        path = sync_mod.state_path_for(self.settings.store_path)
        state = sync_mod.SyncState.load(path)
        if mode == "changes" and since is None and not state.synced_to and not (
                state.run and state.run.get("mode") == "changes"):
            raise UsageError("no delta to read: nothing is synced yet; run a full sync first"
                             " (`cqcgraph sync --full`) or give --since")
        client = sync_mod.ApiClient(base_url or self.settings.cqc_api_url, key,
                                    rate_per_minute=rate_per_minute, on_wait=on_wait)

        def ingest(data: bytes, file_name: str, source_url: str) -> tuple[str, str | None]:
            doc = self.ingest_bytes(data, file_name, source_url=source_url)
            return doc.status, doc.reason

        try:
            return sync_mod.Syncer(client, state, ingest, per_page=per_page,
                                   progress=progress).run(mode=mode, since=since)
        finally:
            client.close()

    def _unchanged(self, sha: str, file_name: str, source_url: str | None) -> bool:
        """True when the file whose bytes have SHA-256 ``sha`` is stored already under the same
        key (no need to read it again): same source URL, or same file name when none is given."""
        if source_url:  # (either branch opens the store on first use)
            graph = iris.document_iri(self.base, source_url)
            return self._stored_sha256(graph) == sha
        store = self.store
        for q in store.match(None, SHA256, terms.literal(sha), None):
            doc, doc_graph = q.subject, q.graph
            if doc != doc_graph:
                continue
            named = store.exists(doc, FILE_NAME, terms.literal(file_name), doc_graph)
            has_url = store.exists(doc, DCT_SOURCE, None, doc_graph)
            if named and not has_url:
                return True
        return False

    def ingest_bytes(
        self, data: bytes | None, file_name: str, *, source_url: str | None = None
    ) -> DocumentReport:
        """Ingest one document given as bytes (``None``: the file could not be read)."""
        if data is None:
            return DocumentReport(file_name, "failed", reason="cannot read the file",
                                  error="unreadable-file")
        task = (data, file_name, self.base, source_url, self.settings.max_document_bytes)
        (checked,) = self._checked([task], jobs=1)
        return checked if isinstance(checked, DocumentReport) else self._store_prepared(checked)

    def _store_prepared(self, prepared: "Prepared") -> DocumentReport:
        """Write one checked document on its own (one transaction with its upkeep)."""
        outcome = self._plan(prepared)
        if not isinstance(outcome, write_batch.Planned):
            assert outcome is not None  # planned against the store alone: never deferred
            return outcome
        (report,) = self._write_plans([outcome])
        return report

    def _plan(self, prepared: "Prepared", pending: "write_batch.PendingBatch | None" = None
              ) -> "DocumentReport | write_batch.Planned | None":
        """What writing one checked document takes (its graph, the graphs it replaces or
        rewrites, the keys whose current state it moves), or its report when nothing is to be
        written (unchanged, a duplicate, invalid). Planned against the store and the documents
        of ``pending`` before it; None when it depends on them in a way only the store can
        settle (write them first, then plan it again)."""
        result, graph_iri = prepared.validation, prepared.graph_iri
        store = self.store
        self.ensure_reference_graphs()  # at once (a remote store may have been down at open)
        self._require_identity_keys()
        source, record = prepared.source, prepared.record
        if pending is not None and pending.conflicts(graph_iri, source.sha256):
            return None
        base_report: dict[str, Any] = dict(
            name=source.file_name,
            key=source.key,
            graph=graph_iri,
            layout=source.layout,
            fell_back=source.fell_back,
            notes=record.notes,
            read_warnings=prepared.read_warnings,
        )
        existed = store.has_graph(graph_iri)
        stored = self._stored_source(graph_iri) if existed else None
        if stored is not None and stored.sha256 == source.sha256:
            return DocumentReport(status="unchanged", **base_report)

        # the same bytes under other names are one document: the name that sorts first wins,
        # so that the store does not depend on the order the copies arrive in
        copies = self._same_bytes(source.sha256, skip=graph_iri)
        mine = _copy_rank(source.source_url, source.key)
        kept = min((c for c in copies if c.copy_rank < mine), default=None,
                   key=lambda c: c.copy_rank)
        if kept is not None:
            return DocumentReport(**{
                **base_report, "status": "duplicate", "graph": kept.graph, "key": kept.key,
                "reason": f"the same bytes as {kept.file_name}, stored already as <{kept.graph}>",
            })

        entity_iris, renames = self._resolve_entities(record, graph_iri, pending)
        if renames and pending is not None and pending.plans:
            return None  # it merges entities the batch's documents name: settle them first
        if entity_iris == prepared.default_iris:
            written = prepared.written  # mapped and validated already, with these very IRIs
        else:
            triples = map_triples(record, source, base=self.base, entity_iris=entity_iris)
            written = GraphText.of(triples, graph_iri)
            # the worker's graph under other names validates alike; anything else is checked
            # as it will be stored
            names = _renamed_from(prepared, triples, entity_iris)
            alike = validation.renamed(result, names) if names is not None else None
            (result,) = [alike] if alike is not None else validate_many([triples])
        if stored is not None and stored.file_name != source.file_name:
            # another rendition of the same publication (same source URL: a PDF report and its
            # web page or a text copy): the fuller reading wins, whichever came first
            new_rank = _rendition_rank(written.triples, source.media_type, source.file_name,
                                       source.sha256)
            if stored.rendition_rank < new_rank:
                return DocumentReport(**{
                    **base_report, "status": "duplicate",
                    "reason": f"the same publication ({source.key}) is stored from"
                              f" {stored.file_name} ({stored.triples} triples,"
                              f" {stored.media_type}), which is kept: the fuller reading wins"
                              f" over this one ({written.triples} triples, {source.media_type})",
                })
        if not result.conforms:
            return DocumentReport(
                status="invalid",
                reason=f"{len(result.violations)} SHACL violation(s)",
                violations=tuple(result.violations),
                warnings=tuple(result.warnings),
                **base_report,
            )
        updates = {graph_iri: written.ntriples}
        rewritten = self._rewritten_graphs(renames, skip=graph_iri)
        updates.update(rewritten)
        for copy in copies:  # stored under a name that sorts later: this one replaces them
            updates[copy.graph] = ""
        entities = set(written.entities)
        locations = set(written.locations)
        # the current state of every entity and document written (its breaches and actions)
        keys = entities | set(updates)
        for other in rewritten:
            # a graph rewritten under the new IRIs changes the rows of every entity it names,
            # not only those renamed (a location whose provider was renamed names the new
            # provider); a renamed provider is no location
            located, provided = self._stored_subjects(other)
            locations |= {identity.rewrite_iri(e, renames) for e in located}
            keys |= {identity.rewrite_iri(e, renames) for e in located | provided}
        for old in [c.graph for c in copies] + ([graph_iri] if existed else []):
            # what the replaced graphs said of their locations must go from the derived facts
            located, provided = self._stored_subjects(old)
            locations |= located
            keys |= located | provided
        report = DocumentReport(
            status="replaced" if existed else "stored",
            triples=written.triples,
            warnings=tuple(result.warnings),
            **base_report,
        )
        return write_batch.Planned(
            prepared=prepared, report=report, graph_iri=graph_iri, sha256=source.sha256,
            updates=updates, locations=locations, keys=keys, renames=renames,
            entities=entities | set(renames.values()), mentions=list(written.mentions),
            alone=bool(renames) or written.ambiguous)

    def _write_plans(self, plans: "Sequence[write_batch.Planned]") -> list[DocumentReport]:
        """Write planned documents in one transaction with one refresh of the current state
        of every key they touch, then the search index. A write the store refuses fails the
        document by name when it is one; several are written again one by one (each planned
        afresh against the store), so that only the document at fault fails."""
        updates: dict[str, str] = {}
        locations: set[str] = set()
        keys: set[str] = set()
        renames: dict[str, str] = {}
        written: dict[str, set[str]] = {}
        for plan in plans:
            updates.update(plan.updates)
            locations |= plan.locations
            keys |= plan.keys
            renames.update(plan.renames)
            written.update({graph: set() for graph in plan.updates})
            written[plan.graph_iri] = set(plan.entities)
        # the graph of a new document is in the store under no other name: written, not dropped
        named = collections.Counter(graph for plan in plans for graph in plan.updates)
        absent = {plan.graph_iri for plan in plans
                  if plan.report.status == "stored" and named[plan.graph_iri] == 1}
        touched = locations | keys | set(renames) | set(renames.values())
        rowed = {row["k"] for sparql in derived.keys_with_rows(self.base, touched)
                 for row in self._select(sparql)}
        marker = self._identity_marker
        self._locations_pending(locations | set(renames) | set(renames.values()))
        try:
            self.store.replace_graphs(updates, absent=absent, then=self._marked(
                derived.refresh_update(self.base, locations, renames, keys,
                                       None if renames else written,
                                       rowless=touched - rowed)))
        except QuerySyntaxError as exc:
            self._identity_marker = marker  # not written: it goes with the next write
            if len(plans) > 1:
                return [self._store_prepared(plan.prepared) for plan in plans]
            return [dataclasses.replace(
                plans[0].report, status="failed", triples=0, error="not-stored",
                reason=f"the store refused its write: {exc}")]
        self._refresh_search(set().union(*(p.entities for p in plans)), renames, updates)
        self._refresh_locations(locations | set(renames) | set(renames.values()))
        return [plan.report for plan in plans]

    def _refresh_search(self, entities: set[str], renames: dict[str, str],
                        updates: dict[str, str]) -> None:
        """Bring the search index up to date with what a write changed: its locations and
        providers (with their other sources), renamed IRIs, the findings of the graphs
        written. The store is written first: a crash in between leaves the index behind,
        and ``cqcgraph search --rebuild`` (or the next open of an incomplete index) mends it."""
        if self._search is None and (self.settings.remote or not self.settings.memory and not
                                     search.SearchIndex.path_for(self.settings.store_path).exists()):
            return  # no index yet: it is built from the store when first searched
        index = self.search_index
        search.refresh(index, self.store, entities=entities | set(renames.values()),
                       graphs=sorted(updates), gone=set(renames))

    def _stored_source(self, graph_iri: str) -> "StoredSource | None":
        """What the store says of the document whose graph is ``graph_iri``."""
        store, node = self.store, terms.iri(graph_iri)

        def value(prop: terms.Term) -> str | None:
            for q in store.match(node, prop, None, node):
                return q.object.value
            return None

        sha = value(SHA256)
        if sha is None:
            return None
        url = value(DCT_SOURCE)
        file_name = value(FILE_NAME) or ""
        return StoredSource(
            graph=graph_iri, sha256=sha, file_name=file_name, source_url=url,
            key=url or file_name, media_type=vocab.media_type_of(value(DCT_FORMAT) or ""),
            triples=sum(1 for _ in store.match(None, None, None, node)),
        )

    def _stored_subjects(self, graph_iri: str) -> tuple[set[str], set[str]]:
        """The locations and the providers a stored graph types, each read once."""
        node = terms.iri(graph_iri)
        located, provided = ({q.subject.value for q in self.store.match(
            None, RDF_TYPE, terms.iri(CQC + kind), node)} for kind in ("Location", "Provider"))
        return located, provided

    def delete_document(self, graph_iri: str) -> bool:
        """Remove a source document's graph, and what it said from the current state, the
        summaries and the search index (:meth:`drop_graph`); False when no such graph is
        stored, or it is one cqcgraph keeps itself."""
        if not self.store.has_graph(graph_iri) or graph_iri in self._own_graphs():
            return False
        self.drop_graph(graph_iri)
        return True

    def _own_graphs(self) -> set[str]:
        return {derived.derived_graph_iri(self.base), derived.summary_graph_iri(self.base)}

    def rebuild_summaries(self, *, batch: int = 500,
                          progress: Callable[[int], None] | None = None) -> dict[str, int]:
        """Build the derived and summary graphs again from the document graphs, ``batch``
        keys per transaction (the same updates ingest runs, so the store is never read whole
        into memory); returns how many locations and other keys were done."""
        store = self.store
        for g in sorted(self._own_graphs()):
            if store.has_graph(g):
                store.remove_graph_in_batches(g)
        done = {"locations": 0, "keys": 0}

        def rows(sparql: str) -> Iterator[dict[str, str]]:
            for row in store.rows(sparql):
                yield {k: v.value for k, v in row.items() if v is not None}

        # the keys are listed first (a list per kind), so that the writes do not move a
        # cursor still open on the store
        for locations, keys in list(derived.rebuild_batches(rows, batch)):
            update = derived.refresh_update(self.base, locations, {}, keys)
            if update:
                store.update(update)
            done["locations"] += len(locations)
            done["keys"] += len(keys)
            if progress:
                progress(done["locations"] + done["keys"])
        store.update(identity_keys.marker_update(derived.derived_graph_iri(self.base)))
        self._identity_keys_checked, self._identity_marker = True, ""
        store.flush()
        if self._followed_index() is not None:
            self.rebuild_location_index()
        return done

    def _same_bytes(self, sha: str, *, skip: str) -> "list[StoredSource]":
        """The stored documents with these very bytes (through the index on the SHA-256
        literal: the cost does not grow with the store)."""
        found = []
        for q in self.store.match(None, SHA256, terms.literal(sha), None):
            if q.graph is None or q.subject != q.graph or q.graph.value == skip:
                continue
            other = self._stored_source(q.graph.value)
            if other is not None:
                found.append(other)
        return found

    def _search_stale(self) -> None:
        """A write too large to follow entity by entity (a national register file): the
        search index is marked incomplete and made again from the store when next searched."""
        if self._search is not None:
            self._search.set_meta("complete", "no")
        elif not self.settings.memory and not self.settings.remote:
            path = search.SearchIndex.path_for(self.settings.store_path)
            if path.exists():
                index = search.SearchIndex.open(path)
                index.set_meta("complete", "no")
                index.close()

    def _stored_sha256(self, graph_iri: str) -> str | None:
        rows = self.store.select(
            f"SELECT ?sha WHERE {{ GRAPH <{graph_iri}> {{ ?doc <{CQC}sha256> ?sha }} }} LIMIT 1"
        )
        return rows[0]["sha"] if rows else None  # a string, or None when unbound

    # -- identity ------------------------------------------------------------------------
    def _resolve_entities(
        self, record: DocumentRecord, graph_iri: str,
        pending: "write_batch.PendingBatch | None" = None,
    ) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
        """Canonical IRIs for the document's providers and locations, and the renames that
        other stored documents (or those of ``pending``, as if stored) need so that every
        graph uses the same canonical IRIs."""
        entity_iris: dict[tuple[str, int], str] = {}
        renames: dict[str, str] = {}
        for role, entities, mint in _entity_groups(record):
            new = [
                identity.Mention(
                    (graph_iri, role, i),
                    iris.normalise_name(e.name) if e.name else None,
                    e.postcode,
                    e.cqc_id,
                    e.ods_code,
                )
                for i, e in enumerate(entities)
            ]
            old = self._stored_mentions(role, new, graph_iri, pending)
            resolved = identity.resolve(new + old, mint, self.base)
            for m in new:
                minted = resolved.get(m.ref)
                if minted:
                    entity_iris[(role, m.ref[2])] = minted
            for m in old:
                current = m.ref[1]
                target = resolved.get(m.ref)
                if target and target != current:
                    renames[current] = target
        return entity_iris, renames

    def _stored_mentions(
        self, role: str, new: list[identity.Mention], graph_iri: str,
        pending: "write_batch.PendingBatch | None" = None,
    ) -> list[identity.Mention]:
        """Mentions in the store sharing a key with ``new`` (and with the document's previous
        version), expanded once more so that whole entities are resolved together. With
        ``pending``, the store as it will be once the batch is written: its documents'
        mentions, and none from the graphs it replaces.

        The store's mentions are the identity keys of the derived graph
        (:mod:`cqcgraph.identity_keys`): one per entity and combination of keys, however
        many documents give it, each found through the index on a key's value."""
        cls = f"{CQC}{'Provider' if role == 'provider' else 'Location'}"
        keys = _keys_of(new)
        own = terms.iri(graph_iri)
        store = self.store
        old_self = [self._mention(q.subject, own)
                    for q in store.match(None, RDF_TYPE, terms.iri(cls), own)]
        keys |= _keys_of(old_self)
        derived_graph = derived.derived_graph_iri(self.base)

        def replaced(graph: str) -> bool:  # what the store holds of it will not be there
            return graph == graph_iri or (pending is not None and pending.writes(graph))

        found: dict[tuple, identity.Mention] = {}
        for _ in range(2):
            if not keys:
                break
            fresh = []
            for prop, value in sorted(keys):
                stored = identity_keys.stored_mentions(store, derived_graph, cls, prop, value,
                                                       replaced)
                batch = pending.mentions(cls, prop, value) if pending else []
                for mention in [*stored, *batch]:
                    if mention.ref not in found:
                        found[mention.ref] = mention
                        fresh.append(mention)
            keys = _keys_of(fresh) - keys
        return [m for ref, m in found.items() if ref[0] != graph_iri]

    def _mention(self, entity: terms.Term, graph: terms.Term) -> identity.Mention:
        """The keys one stored document gives one entity."""
        values: dict[str, str] = {}
        for q in self.store.match(entity, None, None, graph):
            name = q.predicate.value[len(CQC):] if q.predicate.value.startswith(CQC) else None
            if name in MENTION_KEYS and name not in values:
                values[name] = q.object.value
        return identity.Mention(
            (graph.value, entity.value),
            values.get("nameKey"),
            values.get("postcode"),
            values.get("cqcId"),
            values.get("odsCode"),
        )

    def _rewritten_graphs(self, renames: dict[str, str], *, skip: str) -> dict[str, str]:
        """The N-Triples of every other document graph that mentions a renamed entity, with
        the new IRIs (prefix substitution: rdf.py mints dependants under their entity)."""
        if not renames:
            return {}
        graphs = {
            q.graph.value
            for old in sorted(renames)
            for q in self.store.match(terms.iri(old), RDF_TYPE, None, None)
            if q.graph is not None
        }
        graphs.discard(skip)
        graphs -= self._own_graphs()
        out = {}
        for g in sorted(graphs):
            lines = []
            for q in self.store.graph_triples(g):
                s = _rename(q.subject, renames)
                o = _rename(q.object, renames)
                lines.append(f"{s} {q.predicate} {o} .")
            out[g] = "\n".join(lines)
        return out

    # -- querying ------------------------------------------------------------------------
    @property
    def engine(self) -> QueryEngine:
        """The query engine over this store (started on first use, see :meth:`open_engine`)."""
        if self._engine is None:
            self.open_engine()
        assert self._engine is not None
        return self._engine

    def open_engine(self, *, prefixes: Callable[[], dict[str, str]] | None = None,
                    workers: int = 1, fast_workers: int = 0) -> QueryEngine:
        """Start the query engine over this store: the endpoint's time limit, row cap and
        SERVICE policy (from the settings), ``workers`` query workers and a fast lane of
        ``fast_workers`` (a command needs one worker and no fast lane; a server more)."""
        if self._engine is not None:
            self._engine.close()
        self._engine = QueryEngine(self.store, self.settings.with_overrides(workers=workers),
                                   prefixes or self.prefixes, fast_workers=fast_workers)
        return self._engine

    def open_reader_engine(self, locator: Path, *,
                           prefixes: Callable[[], dict[str, str]] | None = None,
                           workers: int = 1, fast_workers: int = 1) -> QueryEngine:
        """Start the query engine of a reader: a process that never writes and reads the
        newest checkpoint the store's writer publishes (``locator`` is a file holding the
        path of the writer's ``current`` file). Its store is that checkpoint, read-only;
        :meth:`QueryEngine.refresh` moves it to a newer one."""
        if self._engine is not None:
            self._engine.close()
        follow = FollowedSnapshots(locator)
        self._engine = QueryEngine(None, self.settings.with_overrides(workers=workers),
                                   prefixes or self.prefixes, fast_workers=fast_workers,
                                   follow=follow)
        return self._engine

    # -- the graphs of the store (the Graph Store Protocol, the pages, the health probe) -----
    def has_graph(self, graph: str) -> bool:
        """Whether the store holds the named graph ``graph``."""
        return self.store.has_graph(graph)

    def mentions(self, iri: str) -> bool:
        """Whether the store says anything of ``iri`` (subject, object or graph name)."""
        return self.store.mentions(iri)

    def healthy(self) -> bool:
        """Whether the store answers a query at all."""
        return self.store.healthy()

    def size(self) -> tuple[int, int]:
        """How many quads and named graphs the store holds."""
        return self.store.count_quads(), sum(1 for _ in self.store.named_graphs())

    def dump(self, output: IO[bytes], fmt: str, *, graph: str | None = None,
             prefixes: Mapping[str, str] | None = None) -> None:
        """Stream the store (or one graph) to ``output`` in ``fmt`` (a graph format's name):
        triple formats of the whole store give the union of all graphs."""
        self.store.dump(output, fmt, graph=graph, prefixes=prefixes)

    def write_graph(self, graph: str, triples: Sequence[Any], *, replace: bool) -> None:
        """Add the parsed ``triples`` (:func:`parse_triples`) to ``graph`` or, with
        ``replace``, make them its whole content, with the current state of what the graph
        named and names refreshed: one transaction (:mod:`cqcgraph.upkeep`). Raises
        :class:`upkeep.MaintainedGraph` for the derived and summary graphs."""
        keeping = self.graph_upkeep
        kept = keeping.plan([graph], adds=keeping.keys_of_triples(triples, graph))
        self.store.write_graph(graph, triples, replace=replace, then=kept.then or None)
        kept.finish()

    def drop_graph(self, graph: str) -> None:
        """Drop ``graph``, and what it said from the current state and the summaries, in one
        transaction (the keys it brought, read before, refreshed with it), then the search
        index; a graph cqcgraph keeps itself is refused (:class:`upkeep.MaintainedGraph`)."""
        kept = self.graph_upkeep.plan([graph])
        self.store.replace_graphs({graph: ""}, then=kept.then or None)
        kept.finish()

    @property
    def graph_upkeep(self) -> "upkeep.Upkeep":
        """The upkeep of the current state for writes that name graphs (SPARQL Update, the
        Graph Store Protocol)."""
        def follow(entities: set[str], graphs: Iterable[str]) -> None:
            self._refresh_search(entities, {}, dict.fromkeys(graphs, ""))
            self._refresh_locations(entities)

        return upkeep.Upkeep(self.store, self.base, follow)

    def plan_update(self, text: str, base_iri: str | None, using_graphs: tuple[str, ...],
                    using_named_graphs: tuple[str, ...]) -> "upkeep.KeptWrite":
        """The upkeep of a SPARQL Update request (:data:`cqcgraph.sparql.engine.UpdateUpkeep`):
        refused when it writes the derived or summary graph."""
        return self.graph_upkeep.plan_update(text, base_iri=base_iri, using_graphs=using_graphs,
                                       using_named_graphs=using_named_graphs)

    def refuse_maintained(self, graph: str) -> None:
        """Raise :class:`upkeep.MaintainedGraph` when ``graph`` is one cqcgraph keeps itself."""
        self.graph_upkeep.refuse_maintained([graph])

    # -- validation of the store ---------------------------------------------------------
    def document_graphs(self) -> Iterator[str]:
        """Every document graph IRI, streamed."""
        for row in self.store.rows(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{CQC}SourceDocument> }} }}"
        ):
            yield row["g"].value

    def validate_store(
        self, *, graph: str | None = None, progress: Callable[[DocumentReport], None] | None = None
    ) -> IngestReport:
        """Validate document by document (streamed: any store size fits in memory)."""
        import rdflib

        report = IngestReport()
        graphs = [graph] if graph else self.document_graphs()
        for g in graphs:
            data = rdflib.Graph()
            buffer = io.BytesIO()
            self.store.dump(buffer, "ntriples", graph=g)
            data.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
            result = validate(data)
            doc = DocumentReport(
                name=g,
                status="stored" if result.conforms else "invalid",
                graph=g,
                triples=len(data),
                warnings=tuple(result.warnings),
                violations=tuple(result.violations),
                reason=None if result.conforms else f"{len(result.violations)} violation(s)",
            )
            report.documents.append(doc)
            if progress:
                progress(doc)
        return report

    # -- link sets -----------------------------------------------------------------------
    def load_linkset(
        self,
        kind: str,
        path: str | Path,
        *,
        only_used: bool = False,
        progress: "linksets.Progress | None" = None,
    ) -> "linksets.LinksetReport":
        """Load an outside table (``onspd``, ``legislation``) into its own named graph,
        replacing an earlier load of that kind (issue 6: offline link sets)."""
        try:
            return linksets.load(self.store, kind, Path(path), base=self.base,
                                 only_used=only_used, progress=progress)
        except linksets.LinksetError as exc:
            raise UsageError(str(exc)) from None

    def list_linksets(self) -> "list[linksets.LinksetInfo]":
        """The link sets the store holds, with where each came from and when it was loaded."""
        return linksets.list_linksets(self.store, self.base)

    # -- backup and restore --------------------------------------------------------------
    def backup(self, folder: str | Path) -> "backup_mod.BackupInfo":
        """A consistent backup of the store into ``folder`` (new or empty), also while
        ``cqcgraph serve`` holds the store (see :mod:`cqcgraph.backup`)."""
        if self.settings.memory:
            raise UsageError("an in-memory store cannot be backed up")
        if self.settings.remote:
            raise UsageError("cqcgraph backs up the embedded store: back a remote store up"
                             " with its own tools")
        if self._store is not None:  # this object holds the store: checkpoint it itself
            self.close()
        try:
            return backup_mod.backup(self.settings.store_path, Path(folder), version=__version__)
        except backup_mod.BackupError as exc:
            raise UsageError(str(exc)) from None

    def restore(self, folder: str | Path, *, force: bool = False) -> "backup_mod.BackupInfo":
        """Replace the store by the backup in ``folder``; a store holding documents is
        replaced only with ``force``."""
        if self.settings.memory:
            raise UsageError("an in-memory store cannot be restored into")
        if self.settings.remote:
            raise UsageError("cqcgraph restores the embedded store: restore a remote store"
                             " with its own tools")
        self.close()
        try:
            info = backup_mod.restore(Path(folder), self.settings.store_path, force=force,
                                      reference_graphs=set(reference_graphs()))
        except backup_mod.BackupError as exc:
            raise UsageError(str(exc)) from None
        # the search index and the index of locations described the store that was replaced:
        # they are made again from the restored store when next read
        for index in (search.SearchIndex.path_for(self.settings.store_path),
                      li.LocationIndex.path_for(self.settings.store_path)):
            for path in (index, index.with_name(index.name + "-wal"),
                         index.with_name(index.name + "-shm")):
                path.unlink(missing_ok=True)
        return info

# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoredSource:
    """A stored document's provenance, as far as choosing between versions needs it."""

    graph: str
    sha256: str
    file_name: str
    source_url: str | None
    key: str
    media_type: str
    triples: int

    @property
    def copy_rank(self) -> tuple:
        return _copy_rank(self.source_url, self.key)

    @property
    def rendition_rank(self) -> tuple:
        return _rendition_rank(self.triples, self.media_type, self.file_name, self.sha256)


def _copy_rank(source_url: str | None, key: str) -> tuple:
    """Which of several files with the same bytes is kept (the smallest): one that states
    where it was published, then the key that sorts first."""
    return (0 if source_url else 1, key)


def _rendition_rank(triples: int, media_type: str, file_name: str, sha256: str) -> tuple:
    """Which of several renditions of one publication is kept (the smallest): the one read
    into more triples, then PDF, HTML, JSON, text, then the file name, then the bytes."""
    media = MEDIA_PREFERENCE.index(media_type) if media_type in MEDIA_PREFERENCE else 9
    return (-triples, media, file_name, sha256)


def installed_reference_ntriples() -> dict[str, str]:
    """Graph IRI -> N-Triples of the installed ontology, concept schemes and regulations:
    the triples :func:`cqcgraph.rdf.reference_graphs` reads, parsed by the store's own Turtle
    parser (milliseconds, where rdflib takes a second: every opening for writing checks them)."""
    folder = data_dir("ontology")
    return {iri: serialize_triples(parse_triples((folder / name).read_bytes(), "turtle",
                                                 base_iri=iri), "ntriples").decode("utf-8")
            for iri, name in vocab.REFERENCE_GRAPHS.items()}


def _read_file(path: Path, cap: int) -> "bytes | DocumentReport":
    """The bytes of one file, or the report of why it cannot be read: a link loop or a link
    to nothing, not a regular file, over the size cap (checked before reading a byte)."""
    def failed(reason: str, error: str) -> DocumentReport:
        return DocumentReport(path.name, "failed", reason=reason, error=error)

    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return failed("symbolic link loop: the link leads back to itself", "symlink-loop")
        if path.is_symlink():
            return failed("broken symbolic link: its target does not exist", "broken-link")
        return failed(f"cannot read the file: {exc.strerror}", "unreadable-file")
    if not stat.S_ISREG(info.st_mode):
        return failed("not a regular file", "unreadable-file")
    if info.st_size > cap:
        return failed(too_large_reason(info.st_size, cap), "too-large")
    try:
        with open(path, "rb") as handle:
            data = handle.read(cap + 1)  # the file may have grown since
    except OSError as exc:
        return failed(f"cannot read the file: {exc.strerror}", "unreadable-file")
    if len(data) > cap:
        return failed(too_large_reason(len(data), cap), "too-large")
    return data


def _stopped_report(name: str, stopped: "deadline.Stopped", timeout: float) -> DocumentReport:
    if stopped.kind == "timeout":
        reason = (f"took longer than the {timeout:g} s cap on reading one document"
                  f" (document_timeout: --document-timeout or CQCGRAPH_DOCUMENT_TIMEOUT);"
                  f" its reading was stopped")
    else:  # the reading process died, or a bug of ours raised
        reason = f"reading it failed: {stopped.reason}"
    error = {"timeout": "timeout", "crashed": "crashed"}.get(stopped.kind, "internal-error")
    return DocumentReport(name, "failed", reason=reason, error=error)


def _keys_of(mentions: Iterable[identity.Mention]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for m in mentions:
        if m.name_key:
            keys.add(("nameKey", m.name_key))
        if m.cqc_id:
            keys.add(("cqcId", m.cqc_id))
        if m.ods_code:
            keys.add(("odsCode", m.ods_code))
    return keys


def _renamed_from(prepared: Prepared, triples: DocumentTriples,
                  entity_iris: Mapping[tuple[str, int], str]) -> dict[str, str] | None:
    """How ``triples`` renames the IRIs of the graph the worker mapped and validated
    (``prepared.written``), old IRI to new, when it is that graph with IRIs renamed one to
    one and nothing else changed; None otherwise.

    Identity resolution gives some entities another IRI than their own keys' (and every IRI
    minted under it follows): the mapping is the same, so the triples are, under the new
    names. Held, not assumed: the new triples with every IRI named back must give the
    worker's N-Triples exactly, and no two IRIs may share an old name."""
    from rdflib import URIRef

    back: dict[str, str] = {}
    for key, iri in entity_iris.items():
        default = prepared.default_iris.get(key)
        if default is None or back.get(iri, default) != default:
            return None  # named after the document by the worker, or two entities made one
        if default != iri:
            back[iri] = default
    olds: dict[Any, Any] = {}
    images: set[Any] = set()
    names: dict[str, str] = {}

    def named_back(term: Any) -> Any:
        was = olds.get(term)
        if was is None:
            was = term
            if isinstance(term, URIRef):
                iri = str(term)
                value = identity.rewrite_iri(iri, back)
                if value != iri:
                    was = URIRef(value)
                    names[value] = iri
            if was in images:
                raise ValueError("two IRIs with one old name")
            olds[term] = was
            images.add(was)
        return was

    try:
        text = ntriples((named_back(s), named_back(p), named_back(o)) for s, p, o in triples)
    except ValueError:
        return None
    return names if text == prepared.written.ntriples else None


def _rename(term: terms.Term, renames: dict[str, str]) -> str:
    if term.is_iri:
        return f"<{identity.rewrite_iri(term.value, renames)}>"
    return str(term)


def _typed(triples: Iterable[tuple]) -> dict[str, set[str]]:
    """The subjects of a document's triples by the class IRI each is typed with."""
    from rdflib import RDF

    typed: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p == RDF.type:
            typed.setdefault(str(o), set()).add(str(s))
    return typed


def _mentions_in(triples: Iterable[tuple], typed: dict[str, set[str]], graph_iri: str
                 ) -> tuple[list[tuple[str, identity.Mention]], bool]:
    """The providers and locations of a document's triples (``typed``: their subjects by
    class, :func:`_typed`) as identity reads them back from the store
    (:meth:`Cqcgraph._mention`), each with its class IRI; and whether an entity has two
    values of one key (the store would give back one of them in an order of its own)."""
    entities = typed.get(CQC + "Location", set()) | typed.get(CQC + "Provider", set())
    keys = {CQC + name: name for name in MENTION_KEYS}
    stated: dict[tuple[str, str], set[str]] = {}
    for s, p, o in triples:
        name = keys.get(str(p))
        if name is not None and str(s) in entities:
            stated.setdefault((str(s), name), set()).add(str(o))
    found: list[tuple[str, identity.Mention]] = []
    ambiguous = False
    for kind in ("Location", "Provider"):
        cls = CQC + kind
        for entity in sorted(typed.get(cls, ())):
            values: dict[str, str] = {}
            for name in sorted(MENTION_KEYS):
                given = stated.get((entity, name), set())
                ambiguous = ambiguous or len(given) > 1
                if given:
                    values[name] = min(given)
            found.append((cls, identity.Mention(
                (graph_iri, entity), values.get("nameKey"), values.get("postcode"),
                values.get("cqcId"), values.get("odsCode"))))
    return found, ambiguous
