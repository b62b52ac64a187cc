"""The query engine over one store, for the command line and the web app alike: every query
runs in a query worker (time limit, kill, row cap) over a snapshot of the store, after the
SERVICE guard has read it; every update runs in this process, the store's only writer, over
the same dataset as a query, and renews the snapshot.

One :class:`QueryEngine` per open store; nothing is started at import time. With an
in-memory store (unit tests) queries run inline. Over a store folder that nothing writes
(:meth:`QueryEngine.read_only`, the command line's queries) there is no snapshot to take and
no update to run: the workers open the folder itself, forked from this process where that is
safe. Imports the store, the settings and the
rest of :mod:`cqcgraph.sparql`; no web framework and no command-line library.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Protocol, TypeVar, cast

import pyoxigraph as ox

from cqcgraph.settings import Settings
from cqcgraph.sparql import text as sparql_text
from cqcgraph import terms
from cqcgraph.sparql import bounded, query_worker, update_eval, update_text
from cqcgraph.sparql.protocol import ProtocolError, syntax_error_message
from cqcgraph.sparql.service_guard import ServiceGuard, ServiceProxy, refuse_load
from cqcgraph.forking import can_fork
from cqcgraph.sparql.workers import (FixedSnapshot, FollowedSnapshots, ForkedQueryWorker,
                                     QueryRun, QueryWorker, Snapshots, WorkerPool, heavy_key)
from cqcgraph.errors import CqcgraphError
from cqcgraph.store import GraphStore
from cqcgraph.terms import XSD_STRING, Term

if TYPE_CHECKING:  # a remote store's modules (HTTP) are imported only when one is used
    from cqcgraph.remote_store import RemoteStore

T = TypeVar("T")
log = logging.getLogger("cqcgraph.engine")


def term_spec(term: Term | ox.NamedNode | ox.Literal) -> dict:
    """A bound parameter (the project's own term or Oxigraph's) as the worker protocol
    carries it."""
    if isinstance(term, Term):
        if term.kind == "iri":
            return {"t": "iri", "v": term.value}
        if term.kind != "literal":
            raise ValueError(f"a blank node cannot be bound: {term}")
        if term.language:
            return {"t": "lit", "v": term.value, "lang": term.language}
        return {"t": "lit", "v": term.value, "dt": term.datatype or XSD_STRING}
    if isinstance(term, ox.NamedNode):
        return {"t": "iri", "v": term.value}
    spec = {"t": "lit", "v": term.value}
    if term.language:
        spec["lang"] = term.language
    else:
        spec["dt"] = term.datatype.value
    return spec


def _ref_term(ref: bounded.Ref,
              substitutions: Mapping[str, Term | ox.NamedNode | ox.Literal] | None) -> Term | None:
    """The term a check of a bounded query names: its IRI, or the value bound to its
    variable (None for a value no check can take, a blank node)."""
    kind, value = ref
    if kind == "iri":
        return terms.iri(value)
    bound = (substitutions or {})[value]
    if isinstance(bound, Term):
        return bound if bound.kind in ("iri", "literal") else None
    if isinstance(bound, ox.NamedNode):
        return terms.iri(bound.value)
    if isinstance(bound, ox.Literal):
        return terms.literal(bound.value, datatype=bound.datatype.value,
                             language=bound.language)
    return None


class KeptUpdate(Protocol):
    """What keeps the store's own graphs in step with an update (see :mod:`cqcgraph.upkeep`):
    ``then``, update operations run in the update's own request, and ``finish()``, run once
    it is written, before the write is answered."""

    then: str

    def finish(self) -> None: ...


#: Plans the upkeep of an update from its text, base IRI and protocol dataset; raises a
#: :class:`~cqcgraph.errors.CqcgraphError` (its status answers) to refuse it.
UpdateUpkeep = Callable[[str, "str | None", "tuple[str, ...]", "tuple[str, ...]"], KeptUpdate]


class QueryEngine:
    """Queries and updates over ``store`` with the limits and SERVICE policy of ``settings``
    (``query_timeout``, ``max_result_rows``, ``allow_service``, ``service_timeout``,
    ``workers``). ``prefixes`` gives the prefixes a Turtle or TriG answer is written with.
    ``fast_workers`` is the size of the fast lane (:class:`~cqcgraph.sparql.workers.WorkerPool`):
    a server keeps two, a single command needs none. A server also answers a trivially cheap
    query (:func:`cqcgraph.sparql.text.trivially_cheap`: its cost is bounded by its form) in
    its own process, with no hop to a worker.

    ``follow`` makes a reader: the engine of one of several server processes, which never
    writes and reads the writer's newest checkpoint
    (:class:`~cqcgraph.sparql.workers.FollowedSnapshots`) instead of making its own.
    ``source`` (:meth:`read_only`) is a store folder nothing writes: no snapshots, no updates."""

    def __init__(self, store: GraphStore | RemoteStore | None, settings: Settings,
                 prefixes: Callable[[], Mapping[str, str]], *, fast_workers: int = 2,
                 follow: FollowedSnapshots | None = None, source: Path | None = None) -> None:
        self.settings = settings
        self.prefixes = prefixes
        self.write_lock = threading.Lock()
        self.version = 0
        self.inline_cheap = fast_workers > 0 and source is None
        self.snapshots: Snapshots | FollowedSnapshots | FixedSnapshot | None = None
        self.pool: WorkerPool | None = None
        self.follow = follow
        self._store = cast(GraphStore | None, store)  # a remote one answers GraphStore's methods
        self._remote = store is not None and not isinstance(store, GraphStore)
        if source is not None:
            self.snapshots = FixedSnapshot(source)
            current = self.snapshots.current

            def start(fast: bool) -> QueryWorker:
                # the first workers start here, before the SERVICE proxy's thread: forks;
                # a replacement started while that thread runs is a process of its own
                if can_fork():
                    return ForkedQueryWorker(fast=fast, snapshot=current)
                return QueryWorker(fast=fast)

            self.pool = WorkerPool(settings.workers, self.snapshots, fast=fast_workers,
                                   start=start)
        else:
            if follow is not None:
                self.snapshots = follow
                self._store = follow.store
            if self._store is not None and self._store.path is not None:
                if self.snapshots is None:
                    self.snapshots = Snapshots(self._store)
                self.pool = WorkerPool(settings.workers, self.snapshots, fast=fast_workers)
        self.proxy = (
            ServiceProxy(settings.allow_service, settings.service_timeout)
            if settings.allow_service else None
        )
        self.guard = ServiceGuard(settings.allow_service, self.proxy.url if self.proxy else None)

    @classmethod
    def read_only(cls, source: Path, settings: Settings,
                  prefixes: Callable[[], Mapping[str, str]], *,
                  fast_workers: int = 0) -> "QueryEngine":
        """An engine for queries only, over the store folder ``source``, which no process
        may write while it runs (see :mod:`cqcgraph.readonly`)."""
        return cls(None, settings, prefixes, fast_workers=fast_workers, source=Path(source))

    @property
    def _local(self) -> GraphStore | None:
        """The store this process reads itself: a reader's newest checkpoint, or the engine's
        own store. None over a folder (:meth:`read_only`: the workers read it) and over a
        remote store (read over HTTP)."""
        if self.follow is not None:
            return self.follow.store
        return None if self._remote else self._store

    @property
    def store(self) -> GraphStore:
        """The store this engine reads and writes: its own, a reader's newest checkpoint, or
        a remote store (which answers GraphStore's methods)."""
        store = self.follow.store if self.follow is not None else self._store
        if store is None:
            raise RuntimeError("an engine over a store folder that nothing writes has no store")
        return store

    def refresh(self) -> bool:
        """A reader: open the writer's newest checkpoint if there is a newer one (one
        ``stat`` when there is not); True when it did."""
        if self.follow is None or not self.follow.refresh():
            return False
        self.version = self.follow.version
        return True

    # -- reading ---------------------------------------------------------------------------
    def query(
        self,
        text: str,
        *,
        results_format: str | None,
        graph_format: str | None,
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
        substitutions: Mapping[str, Term | ox.NamedNode | ox.Literal] | None = None,
        base_iri: str | None = None,
        timeout: float | None = None,
    ) -> QueryRun:
        """Check (SERVICE guard), send to a worker and wait for the answer's start. Raises
        ProtocolError for anything refused or failed before the first byte."""
        request = self._request(text, results_format=results_format, graph_format=graph_format,
                                default_graphs=default_graphs, named_graphs=named_graphs,
                                substitutions=substitutions, base_iri=base_iri)
        if self._remote:
            from cqcgraph.sparql.remote import RemoteQueryRun

            remote = RemoteQueryRun(cast("RemoteStore", self._store), request, timeout or self.settings.query_timeout)
            remote.start()
            return remote  # type: ignore[return-value] # QueryRun's face, over HTTP
        return self._start(request, timeout, self._runs_here(request, substitutions))

    def _runs_here(self, request: dict,
                   substitutions: Mapping[str, Term | ox.NamedNode | ox.Literal] | None) -> bool:
        """Whether this process answers the query itself, with no hop to a query worker:
        a server's trivially cheap query, or one bounded by its shape
        (:mod:`cqcgraph.sparql.bounded`) whose checks the store passes, unless it has been
        found heavy before."""
        store = self._local
        if not self.inline_cheap or store is None:
            return False
        text = request["query"]
        if sparql_text.trivially_cheap(text):
            return True
        if self.pool is not None and self.pool.is_heavy(heavy_key(request)):
            return False
        shape = bounded.bounded_shape(text, frozenset(substitutions or ()))
        if shape is None:
            return False
        for predicate, obj in shape.fan_ins:
            p = None if predicate == bounded.ANY else _ref_term(predicate, substitutions)
            o = _ref_term(obj, substitutions)
            if (p is None and predicate != bounded.ANY) or o is None \
                    or (p is not None and not p.is_iri) \
                    or not store.at_most(bounded.FAN_IN_LIMIT, predicate=p, obj=o):
                return False
        return True

    def few_with_object(self, obj: Term) -> bool:
        """Whether this process reads the store itself and it holds at most
        :data:`~cqcgraph.sparql.bounded.FAN_IN_LIMIT` statements with object ``obj`` (so a
        query reaching them from ``obj`` is bounded by its shape). Never over a remote store,
        which this process does not read itself."""
        store = self._local
        return (self.inline_cheap and store is not None
                and store.at_most(bounded.FAN_IN_LIMIT, obj=obj))

    def query_batch(self, queries: list[tuple[str, Mapping[str, Term | ox.NamedNode | ox.Literal]]],
                    *, timeout: float | None = None) -> list[bytes | ProtocolError]:
        """Several SELECT queries (text, bound values) answered as SPARQL JSON in one trip to
        one query worker, under one time limit (the lookups of one page): each answer's bytes,
        or the error that answers it. Raises ProtocolError when the whole batch fails (time
        limit, a busy pool, a query the SERVICE guard refuses)."""
        if self._remote:  # no worker: one request each, in turn
            return [self._remote_answer(text, bound, timeout) for text, bound in queries]
        requests = [self._request(text, results_format="json", graph_format=None,
                                  substitutions=bound) for text, bound in queries]
        answers: list[bytes | ProtocolError | None] = [None] * len(requests)
        # those bounded by their shape are answered here, the rest in one trip to a worker
        sent: list[int] = []
        for k, (request, (_, bound)) in enumerate(zip(requests, queries, strict=True)):
            if not self._runs_here(request, bound):
                sent.append(k)
                continue
            try:
                answers[k] = self._start(request, timeout, inline=True).read_all()
            except ProtocolError as exc:
                answers[k] = exc
        if sent:
            batch: dict = {"batch": [requests[k] for k in sent],
                           "query": "\0".join(requests[k]["query"] for k in sent),
                           "substitutions": [requests[k].get("substitutions") for k in sent]}
            if self.snapshots is not None:
                batch["snapshot"] = self.snapshots.current
            run = self._start(batch, timeout, inline=False)
            parts = query_worker.split_batch(run.read_all())
            for k, (kind, payload) in zip(sent, parts, strict=True):
                if kind == b"E":
                    error = json.loads(payload)
                    answers[k] = ProtocolError(error["status"], error["message"])
                else:
                    answers[k] = payload
        return [a if a is not None else ProtocolError(500, "no answer") for a in answers]

    def _remote_answer(self, text: str, bound: Mapping[str, Term | ox.NamedNode | ox.Literal],
                       timeout: float | None) -> bytes | ProtocolError:
        try:
            return self.query(text, results_format="json", graph_format=None,
                              substitutions=bound, timeout=timeout).read_all()
        except ProtocolError as exc:
            return exc

    def _request(self, text: str, *, results_format: str | None, graph_format: str | None,
                 default_graphs: tuple[str, ...] = (), named_graphs: tuple[str, ...] = (),
                 substitutions: Mapping[str, Term | ox.NamedNode | ox.Literal] | None = None,
                 base_iri: str | None = None) -> dict:
        """The worker request of one query, once the SERVICE guard has read it."""
        checked = self.guard.check(text, base_iri=base_iri)
        if self._remote:  # the guard has decided: nothing sent yet
            from cqcgraph.sparql.remote import refuse_service

            refuse_service(text)
        text = checked
        request: dict = {
            "query": text,
            "base_iri": base_iri,
            "results_format": results_format,
            "graph_format": graph_format,
            "max_rows": self.settings.max_result_rows,
        }
        if graph_format in ("turtle", "trig"):  # the only formats written with prefixes
            request["prefixes"] = dict(self.prefixes())
        if default_graphs or named_graphs:
            # the protocol's dataset replaces FROM/FROM NAMED (SPARQL 1.1 Protocol 2.1.4)
            request["default_graphs"] = list(default_graphs)
            request["named_graphs"] = list(named_graphs)
        else:
            # FROM in the query: Oxigraph uses it (and never fetches it); else the union
            request["union"] = not sparql_text.has_dataset_clause(text)
        if substitutions:
            request["substitutions"] = {k: term_spec(v) for k, v in substitutions.items()}
        if self.snapshots is not None:
            request["snapshot"] = self.snapshots.current
        return request

    def _start(self, request: dict, timeout: float | None, inline: bool) -> QueryRun:
        run = QueryRun(request, timeout or self.settings.query_timeout, self.pool, self._local,
                       inline=inline)
        try:
            run.start()
        except ProtocolError as exc:
            if self.proxy is None:
                raise
            # a SERVICE failure names the loopback proxy: say which endpoint failed instead
            exc.status, exc.message = self.proxy.explain(exc.status, exc.message)
            raise
        return run

    # -- writing ---------------------------------------------------------------------------
    def write(self, action: Callable[[], T]) -> T:
        """Run one write (this process is the store's only writer), then renew the snapshot
        the query workers read."""
        if self.follow is not None:
            raise ProtocolError(500, "a reader process does not write: writes go to the writer")
        with self.write_lock:
            try:
                return action()
            finally:
                self.after_write()

    def after_write(self) -> None:
        self.version += 1
        if isinstance(self.snapshots, Snapshots) and self.pool is not None:
            self.snapshots.renew()
            threading.Thread(target=self.pool.refresh_idle, daemon=True).start()

    def update(self, text: str, *, base_iri: str | None = None,
               using_graphs: tuple[str, ...] = (),
               using_named_graphs: tuple[str, ...] = (),
               upkeep: UpdateUpkeep | None = None) -> None:
        """Run an update over the same dataset as a query (:mod:`cqcgraph.sparql.update_text`):
        its WHERE sees the union of all graphs, or the protocol's ``using-graph-uri`` /
        ``using-named-graph-uri``; a write into the (union, read-only) default graph is a 400.
        ``upkeep`` plans what keeps the store's own graphs in step: its operations run in
        the same request (one transaction) where the text allows, else right after it."""
        refuse_load(text)
        if (self.follow is None and self._store is None) or isinstance(self.snapshots, FixedSnapshot):
            raise ProtocolError(405, "this query engine is read-only: updates go to the"
                                     " store's writer")
        store = self.store
        text = self.guard.check(text, update=True, base_iri=base_iri)
        try:
            update_text.refuse_default_graph_writes(text)
            if (using_graphs or using_named_graphs) and update_text.has_own_dataset(text):
                raise update_text.UpdateRefused(
                    "using-graph-uri / using-named-graph-uri cannot be combined with USING,"
                    " USING NAMED or WITH in the update (SPARQL 1.1 Protocol 2.2.3)")
        except update_text.UpdateRefused as exc:
            raise ProtocolError(400, str(exc)) from None

        def run() -> None:
            try:
                final = self.update_to_send(store, text, base_iri, using_graphs,
                                           using_named_graphs)
                kept = upkeep(text, base_iri, using_graphs, using_named_graphs) if upkeep else None
                self._run_kept(store, final, base_iri, kept)
            except SyntaxError as exc:
                raise ProtocolError(400, syntax_error_message(str(exc), "update")) from None
            except OSError as exc:
                if self.proxy is not None and self.proxy.secret in str(exc):
                    # a SERVICE call inside the update failed, not the store
                    raise ProtocolError(*self.proxy.explain(502, str(exc))) from None
                raise ProtocolError(500, "the update failed in the store") from exc
            except CqcgraphError as exc:  # a remote store that failed or refused on the way
                raise ProtocolError(exc.status, str(exc)) from None
            except query_worker.QUERY_FAULTS as exc:  # the engine refused the update as asked
                raise ProtocolError(400, "update error: " + " ".join(str(exc).split())[:300]) \
                    from None
            except Exception as exc:  # a fault of ours: a 500 that says so, not a 400
                raise ProtocolError(500, query_worker.internal_error(exc)) from exc

        self.write(run)

    @staticmethod
    def update_to_send(store: GraphStore, text: str, base_iri: str | None,
                      using_graphs: tuple[str, ...], using_named_graphs: tuple[str, ...]) -> str:
        """The update to send to the store so that each WHERE sees the dataset a query
        sees: the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as ``USING``
        clauses; else the first operation evaluated over the union
        (:mod:`cqcgraph.sparql.update_eval`), whatever the number of graphs; else (a
        remote store, or a request that needs Oxigraph's own evaluation) a ``USING`` and a
        ``USING NAMED`` for every graph."""
        if using_graphs or using_named_graphs:
            return update_text.with_dataset(text, using_graphs, using_named_graphs)
        if isinstance(store, GraphStore):
            found = update_eval.evaluated(store, text, base_iri)
            if found is not None:
                return found
        if not any(op.kind == "MODIFY" and op.where_offset is not None and not op.own_dataset
                   for op in update_text.operations(text)):
            return text  # no WHERE reads the default graph: nothing to list
        graphs = list(store.named_graphs())
        known = set(graphs)
        named = update_text.graphs_named(text) + list(update_text.writes(text, base_iri).graphs)
        graphs += [g for g in dict.fromkeys(named) if g not in known]
        return update_text.with_dataset(text, graphs, graphs)

    @staticmethod
    def _run_kept(store: GraphStore, final: str, base_iri: str | None,
                  kept: KeptUpdate | None) -> None:
        """Run ``final`` with the upkeep's operations in the same request, then its
        ``finish``. Should the joined text not parse, the update runs alone first (a syntax
        error is then the user's own, with its own line and column), the upkeep after it."""
        joined = update_text.append_operations(final, kept.then) if kept and kept.then else None
        try:
            store.update_raw(joined or final, base_iri=base_iri)
        except SyntaxError:
            if joined is None:
                raise
            store.update_raw(final, base_iri=base_iri)
            joined = None
        if kept is None:
            return
        if kept.then and joined is None:
            store.update_raw(kept.then)
        try:
            kept.finish()
        except Exception as exc:
            log.exception("an update was written but the current state was not refreshed:"
                          " run `cqcgraph rebuild-summaries`")
            raise ProtocolError(500, "the update was written, but the current-state graph"
                                     " could not be refreshed: `cqcgraph rebuild-summaries`"
                                     " makes it again") from exc

    def close(self) -> None:
        """Stop the workers and the proxy and remove the snapshots (the store stays open)."""
        if self.pool is not None:
            self.pool.close()
        if self.proxy is not None:
            self.proxy.close()
        if self.snapshots is not None:
            self.snapshots.close()
