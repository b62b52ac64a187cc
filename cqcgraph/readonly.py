"""The read side of the core API: query, export, describe and count, over a store opened
read-only. The commands that only read (``cqcgraph query``, ``export``, ``stats``) use it
alone; :class:`cqcgraph.api.Cqcgraph` is this plus the writes, over the store opened for
writing.

Reading needs none of the pipeline (rdflib, pySHACL, extraction, link sets) and no write
lock, so a command that only reads starts in a fraction of a second, and never waits for
another process's lock nor for the compaction that opening a store for writing can start
after a bulk load. Which folder it reads:

* the store itself, when no process holds it for writing (Oxigraph's read-only open);
* when ``cqcgraph serve`` holds it, a private copy (hard links: milliseconds) of the
  server's newest checkpoint, which is the store as of the server's last write: opening a
  store read-only while another process writes it is undefined behaviour in Oxigraph;
* when another writer holds it (an ingest), which keeps no checkpoint: "store in use";
* a remote SPARQL 1.1 store (``settings.store_url``): the remote itself
  (:mod:`cqcgraph.remote_store`), which does the queries' work.

What it reads is the store as it was when first read: a write by another process meanwhile
is seen by the next command.

Imports the store, the query engine, the named queries and the plain terms; nothing of the
pipeline, rdflib or the web (an import-linter contract holds this).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterable, Iterator

from cqcgraph import location_index as li
from cqcgraph import location_pages, namespaces, results_text, terms
from cqcgraph.errors import UsageError
from cqcgraph.queries import NamedQuery, Page, get_named_query
from cqcgraph.settings import Settings
from cqcgraph.sparql import text as sparql_text
from cqcgraph.store import (RDF_FORMATS, GraphStore, StoreError, copy_server_checkpoint,
                            is_store, snapshots_root, writer_holds)

if TYPE_CHECKING:  # the query engine is loaded by the commands that query
    from cqcgraph.sparql.engine import QueryEngine
    from cqcgraph.sparql.workers import QueryRun

CQC = namespaces.CQC
PREFIXES = namespaces.PREFIXES  # the one table: extract and export write the same prefixes
#: What :meth:`StoreReader.describe` answers of ``?r``: its triples and the labels of what it
#: points to.
DESCRIBE = """CONSTRUCT { ?r ?p ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?label . }
   WHERE { ?r ?p ?o . OPTIONAL { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"""
#: What :meth:`StoreReader.stats` counts: a label and the class of the resources counted.
COUNTED = [("documents", "SourceDocument"), ("providers", "Provider"),
           ("locations", "Location"), ("inspections", "Inspection"),
           ("assessments", "Assessment"), ("ratings", "Rating"), ("breaches", "Breach"),
           ("actions", "Action")]
#: The named queries whose whole list (``all``) the index of locations keeps the rows of.
WHOLE_LISTS = ("current-ratings",)


class StoreReader:
    """Queries, exports and counts over one store, never writing it. The store is opened
    on first use (see the module's docstring for which folder is read)."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self.base = settings.base_iri
        self._store = store
        self._engine: "QueryEngine | None" = None
        self._source: Path | None = None
        self._private: Path | None = None  # a copy of a server's checkpoint, ours to remove
        self._index: li.LocationIndex | None = None  # the index of locations, read only

    @staticmethod
    def can_read(settings: Settings) -> bool:
        """Whether there is a store to read: a remote one, or one on disk (else only a writer
        can create it)."""
        return settings.remote or not settings.memory and is_store(settings.store_path)

    def source(self) -> Path:
        """The folder this object reads: the store, or a private copy of the checkpoint of
        the server that holds it. Raises :class:`~cqcgraph.store.StoreInUse` when another
        writer holds it."""
        if self._source is None:
            path = Path(self.settings.store_path)
            if not is_store(path):
                raise StoreError(f"no store at {path.name!r}: ingest documents into it first")
            if writer_holds(path):
                private = snapshots_root(path) / str(os.getpid()) / f"read-{id(self):x}"
                private.parent.mkdir(parents=True, exist_ok=True)
                try:
                    copy_server_checkpoint(path, private)
                except BaseException:
                    self._private = private
                    self.close()
                    raise
                self._private, self._source = private, private
            else:
                self._source = path
        return self._source

    @property
    def store(self) -> GraphStore:
        if self._store is None and self.settings.remote:
            from cqcgraph import remote_store  # HTTP's modules only for a remote store

            self._store = remote_store.connect(self.settings)
        if self._store is None:
            source = self.source()
            try:
                self._store = GraphStore.open_checkpoint(source)
            except OSError as exc:
                raise StoreError(f"cannot open store {source.name!r} to read it:"
                                 f" {type(exc).__name__}") from None
        return self._store

    @property
    def engine(self) -> "QueryEngine":
        """The query engine over the folder read: the endpoint's time limit, row cap and
        SERVICE policy (from the settings), one worker, no fast lane."""
        if self._engine is None and self.settings.remote:  # the remote does the work
            from cqcgraph.sparql.engine import QueryEngine

            self._engine = QueryEngine(self.store, self.settings.with_overrides(workers=1),
                                       self.prefixes, fast_workers=0)
        if self._engine is None:
            from cqcgraph.sparql.engine import QueryEngine

            self._engine = QueryEngine.read_only(
                self.source(), self.settings.with_overrides(workers=1), self.prefixes)
        return self._engine

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        self._store = None
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)
            try:
                self._private.parent.rmdir()
            except OSError:
                pass
            self._private = None
        self._source = None

    def __enter__(self) -> "StoreReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- querying ------------------------------------------------------------------------
    def resolve_query(self, query: str) -> tuple[str, NamedQuery | None]:
        """QUERY as the CLI takes it: a ``.rq`` file, a named query, or the query text."""
        if query.endswith(".rq") and Path(query).is_file():
            return Path(query).read_text(encoding="utf-8"), None
        named = get_named_query(query)
        if named is not None:
            return named.text, named
        if any(ch.isspace() for ch in query.strip()) or "{" in query:
            return query, None
        raise UsageError(f"{query}: not a .rq file, a named query or a SPARQL query")

    def prepare(self, query: str, params: dict[str, str] | None = None
                ) -> tuple[str, dict | None, Page | None]:
        """QUERY (see :meth:`resolve_query`) as it runs with ``params``: its text (a page of
        a long list, :meth:`NamedQuery.prepare`), the parameters' RDF terms, and the page."""
        text, named = self.resolve_query(query)
        if not named:
            if params:
                raise UsageError("parameters can only be given to a named query")
            return text, None, None
        return named.prepare(params or {})

    def run_query(
        self,
        query: str,
        *,
        params: dict[str, str] | None = None,
        results_format: str | None = "json",
        graph_format: str | None = "turtle",
        timeout: float | None = None,
    ) -> "QueryRun":
        """Run QUERY (see :meth:`resolve_query`) through the query engine, over the union of
        all graphs; the answer streams in ``results_format`` (SELECT, ASK) or
        ``graph_format`` (CONSTRUCT, DESCRIBE); a long list's named query, a page of it
        (:meth:`prepare`). Raises :class:`QueryRefused` for a query refused, failed or stopped
        at a limit before its first byte."""
        return self.run_page(query, params=params, results_format=results_format,
                             graph_format=graph_format, timeout=timeout)[0]

    def run_page(
        self,
        query: str,
        *,
        params: dict[str, str] | None = None,
        results_format: str | None = "json",
        graph_format: str | None = "turtle",
        timeout: float | None = None,
    ) -> tuple["QueryRun", Page | None]:
        """:meth:`run_query`, with the page of a long list the answer is (None when the query
        is not paged): what a caller needs to say where the next page starts."""
        text, substitutions, page = self.prepare(query, params)
        run = self.engine.query(text, results_format=results_format,
                                graph_format=graph_format, substitutions=substitutions,
                                timeout=timeout)
        return run, page

    def query(
        self,
        query: str,
        *,
        params: dict[str, str] | None = None,
        default_graph: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> terms.Result:
        """Run QUERY (see :meth:`resolve_query`) over the union of all graphs; the answer in
        plain objects (:mod:`cqcgraph.terms`): rows of terms, a boolean, or triples. For
        an answer streamed in a result format, with the engine's limits, see :meth:`run_query`."""
        if default_graph is None and named_graphs is None:
            whole = self._whole_rows(query, params)
            if whole is not None:  # every row of a list the index of locations keeps
                return terms.Solutions(li.CURRENT_RATINGS, _solutions(whole))
        text, substitutions, _ = self.prepare(query, params)
        try:
            sparql_text.check_depth(text)  # deeper ones crash the engine's process
        except sparql_text.TooDeep as exc:
            raise UsageError(str(exc)) from None
        return self.store.result(
            text,
            substitutions=substitutions,
            default_graph=default_graph,
            named_graphs=named_graphs,
        )

    def whole_list(self, query: str, params: dict[str, str] | None, fmt: str
                   ) -> Iterator[bytes] | None:
        """Every row of a named query's long list (``all``, and no parameter narrowing it)
        in the result format ``fmt``, streamed from the index of locations, which keeps the
        rows of ``current-ratings`` (:data:`WHOLE_LISTS`) for every location, where that
        index is in step with the store; None where it is not, or for another query or
        format (the engine answers). The rows are the engine's; their order is the index's."""
        if fmt not in results_text.FORMATS:
            return None
        rows = self._whole_rows(query, params)
        return None if rows is None else results_text.write(rows, li.CURRENT_RATINGS, fmt)

    def _whole_rows(self, query: str, params: dict[str, str] | None
                    ) -> Iterator[tuple[tuple[str, str] | None, ...]] | None:
        """The rows of :meth:`whole_list` as the index keeps them, or None."""
        named = get_named_query(query)
        if named is None or named.name not in WHOLE_LISTS:
            return None
        _, bound, page = named.prepare(params or {})
        if page is None or page.limit is not None or bound:
            return None
        index = self._index_to_read()
        if index is None or not index.in_step():
            return None
        if index.count_current_ratings() > self.settings.max_result_rows:
            return None  # the engine answers, and refuses it as any answer over the row cap
        return index.iter_current_ratings()

    def _index_to_read(self) -> li.LocationIndex | None:
        """The index of locations, where it can be read as the store now is: the store's
        own folder read while no writer holds it (a writer's index can be ahead of the
        checkpoint read)."""
        if self.settings.remote or self.settings.memory or self._store is not None and \
                self._source is None:
            return None
        if self.source() != Path(self.settings.store_path):
            return None
        if self._index is None:
            self._index = li.LocationIndex.open_to_read(
                li.LocationIndex.path_for(Path(self.settings.store_path)))
        return self._index

    def page_has_more(self, query: str, params: dict[str, str] | None, page: Page) -> bool:
        """Whether a cursor page of QUERY (:meth:`run_page`) has entries after it: a cursor
        page can hold fewer rows than its limit before the end; one entry of one index
        read past the rest says so. True for a page that is not a cursor page's."""
        if page.probe is None:
            return True
        _, substitutions, _ = self.prepare(query, params)
        answer = self.store.result(page.probe, substitutions=substitutions or None)
        return bool(answer)

    def location_page(self, request: "location_pages.PageRequest"
                      ) -> "location_pages.LocationPage":
        """One page of every location (or of those with one current rating) from the
        derived graph, in the store's order: what a page costs does not grow with where it
        starts (:mod:`cqcgraph.location_pages`)."""
        def strings(text: str) -> list[dict[str, str]]:
            return [{k: v.value for k, v in row.items() if v is not None}
                    for row in self.store.rows(text)]

        total = request.total_query()
        return location_pages.read_page(request, strings(request.query()),
                                        strings(total) if total else None)

    # -- export --------------------------------------------------------------------------
    def export(
        self,
        output: IO[bytes],
        fmt: str = "turtle",
        *,
        graph: str | None = None,
        resource: str | None = None,
    ) -> None:
        """Stream the store, one graph, or one resource's description to ``output``."""
        if fmt not in RDF_FORMATS:
            raise UsageError(f"unknown format {fmt!r}: use one of {', '.join(RDF_FORMATS)}")
        store = self.store
        if graph is not None:
            if not store.has_graph(graph):
                raise UsageError(f"no graph <{graph}> in the store")
            store.dump(output, fmt, graph=graph, prefixes=self.prefixes())
        elif resource is not None:
            store.construct_to(output, fmt, DESCRIBE, substitutions={"r": terms.iri(resource)})
        else:
            store.dump(output, fmt, prefixes=self.prefixes())

    def describe(self, resource: str) -> terms.Triples:
        """The triples about one resource (as subject, from every graph) and the labels of
        what it points to: what a linked-data page shows."""
        answer = self.store.result(DESCRIBE, substitutions={"r": terms.iri(resource)})
        assert isinstance(answer, terms.Triples)
        return answer

    def prefixes(self) -> dict[str, str]:
        """Prefixes for writing RDF and showing IRIs to people."""
        return dict(PREFIXES)

    # -- statistics ----------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """Counts of quads, graphs, documents and the main kinds of resource."""
        store = self.store
        out = {"quads": store.count_quads(), "graphs": sum(1 for _ in store.named_graphs())}
        for label, cls in COUNTED:
            rows = store.select(
                f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{CQC}{cls}> }}"
            )
            out[label] = int(rows[0]["n"] or 0) if rows else 0
        return out


def _solutions(rows: Iterable[tuple[tuple[str, str] | None, ...]]) -> list[dict[str, terms.Term]]:
    """Rows of cells (:mod:`cqcgraph.results_text`) as rows of terms, each term made once."""
    made: dict[tuple[str, str], terms.Term] = {}

    def term(cell: tuple[str, str]) -> terms.Term:
        found = made.get(cell)
        if found is None:
            value, kind = cell
            if kind == "<":
                found = terms.iri(value)
            elif kind == "_":
                found = terms.Term("bnode", value)
            elif kind.startswith("@"):
                found = terms.literal(value, language=kind[1:])
            else:
                found = terms.literal(value, datatype=kind[2:] or None)
            if len(made) < 100_000:
                made[cell] = found
        return found

    return [{v: term(c) for v, c in zip(li.CURRENT_RATINGS, cells, strict=True) if c is not None}
            for cells in rows]
