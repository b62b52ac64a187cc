"""What the web app stands on: the core API object, which opens the store (this process is
its only writer) and starts the query engine (query workers over snapshots, the SERVICE
guard with its loopback proxy). One :class:`Backend` per app; nothing is opened at import
time.

Every query runs in a query worker (time limit, kill): the user's, and the lookups of the
linked-data pages (:mod:`cqcgraph.web.pages`), which bind their subject as substitutions.
Imports the core API and the query engine; no Flask.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import IO, Any, Callable, Iterator, TypeVar, cast

from cqcgraph import namespaces
from cqcgraph.api import PREFIXES, Cqcgraph, StoreError
from cqcgraph.settings import Settings
from cqcgraph.sparql.engine import QueryEngine, term_spec  # noqa: F401 (term_spec: old name)
from cqcgraph.sparql.workers import QueryRun

log = logging.getLogger("cqcgraph.web")
T = TypeVar("T")

CQC = namespaces.CQC
DEFAULT_PREFIXES = PREFIXES
#: How long what a server caches (feeds, the dataset's counts, the browse figures) holds over
#: a remote store.
REMOTE_CACHE_SECONDS = 60


class PageCache:
    """Answers that stay the same until the store changes (a resource's page, in one format,
    for one host), newest used kept, within ``max_bytes``: a page asked for again costs no
    query at all. Every answer is kept with the store version it was made from
    (:attr:`Backend.version`) and is good only while that version holds. Sized by
    ``settings.page_cache_mb`` (``CQCGRAPH_PAGE_CACHE_MB``)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, version: int) -> bytes | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            if hit[0] != version:
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: tuple, version: int, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:
            return  # one huge page would push out many (and 0 bytes keeps none)
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (version, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                self._drop(next(iter(self._items)))

    def _drop(self, key: tuple) -> None:
        _, body = self._items.pop(key)
        self.size -= len(body)


class Backend:
    """The app's access to the store. ``role`` says which process this is:

    * ``"single"``: the one server process, the store's writer, answering everything;
    * ``"writer"``: the writer behind reader processes (writes only, forwarded to it): one
      query worker and no fast lane;
    * ``"reader"``: one of several server processes that answer reads over the writer's
      newest checkpoint (``locator`` names it) and never write.
    """

    def __init__(self, settings: Settings, *, role: str = "single",
                 locator: str | None = None) -> None:
        self.settings = settings
        self.role = role
        self.base = settings.base_iri
        self.core = Cqcgraph(settings)
        self.write_token = settings.write_token
        if role == "reader":
            assert locator is not None
            self.engine = self.core.open_reader_engine(
                Path(locator), prefixes=self.prefixes, workers=settings.workers, fast_workers=2)
        else:
            try:
                _ = self.core.store  # opened by the core, with its reference graphs
            except StoreError as exc:
                if not settings.remote:
                    raise
                # a remote store down at start: serve, each request asks it again (502 meanwhile)
                log.warning("the remote store cannot be used yet: %s", exc)
            except Exception:  # noqa: BLE001 - a server still serves what the store holds
                log.exception("the reference graphs could not be written")
            writer = role == "writer"
            self.engine = self.core.open_engine(prefixes=self.prefixes,
                                                workers=1 if writer else settings.workers,
                                                fast_workers=0 if writer else 2)
        self.pool = self.engine.pool
        if self.pool is not None and not self.pool.wait_ready():
            log.warning("the query workers were not all up in time: serving anyway")
        self._cache: dict[str, tuple[int, Any]] = {}
        self.pages = PageCache(settings.page_cache_mb << 20)

    def refresh(self) -> None:
        """A reader: move to the writer's newest checkpoint if there is one (one ``stat``
        when there is not). Called as each request begins, so a request that follows a
        write (through any process) sees it."""
        self.engine.refresh()

    def checkpoint_pointer(self) -> str | None:
        """Where this writer publishes the name of its newest checkpoint."""
        snapshots = self.engine.snapshots
        return str(getattr(snapshots, "pointer", "")) or None

    @property
    def version(self) -> int:
        """How many writes this process made: a cached value is good until the next one.
        Over a remote store, which other processes write too, it also counts up every
        :data:`REMOTE_CACHE_SECONDS`, so nothing cached is older than that."""
        if self.settings.remote:
            return self.engine.version + int(time.monotonic() // REMOTE_CACHE_SECONDS)
        return self.engine.version

    # -- reading ---------------------------------------------------------------------------
    def prefixes(self) -> dict[str, str]:
        out = dict(DEFAULT_PREFIXES)
        out.update(self.core.prefixes())
        out["data"] = self.base
        return out

    def query(self, text: str, **kwargs: Any) -> QueryRun:
        """A query through the engine (:meth:`cqcgraph.sparql.engine.QueryEngine.query`)."""
        return self.engine.query(text, **kwargs)

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """A value recomputed once per store version (after each write)."""
        hit = self._cache.get(key)
        if hit is not None and hit[0] == self.version:
            return cast(T, hit[1])  # the value ``compute`` gave for this key
        value = compute()
        self._cache[key] = (self.version, value)
        return value

    def stream(self, produce: Callable[[IO[bytes]], None]) -> Iterator[bytes]:
        """Run ``produce(file)`` in a thread and yield what it writes (dumps)."""
        chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=16)

        class Writer:
            def __init__(self) -> None:
                self.buf: list[bytes] = []
                self.size = 0

            def write(self, data: bytes) -> int:
                self.buf.append(bytes(data))
                self.size += len(data)
                if self.size >= 256 * 1024:
                    self.flush()
                return len(data)

            def flush(self) -> None:
                if self.buf:
                    chunks.put(b"".join(self.buf))
                    self.buf, self.size = [], 0

        def run() -> None:
            writer = Writer()
            try:
                produce(cast(IO[bytes], writer))  # it takes what a binary file takes
                writer.flush()
                chunks.put(None)
            except BaseException as exc:  # noqa: BLE001 - handed to the response
                chunks.put(exc)

        threading.Thread(target=run, daemon=True, name="cqcgraph-dump").start()
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                from cqcgraph.sparql.workers import StreamAborted

                log.warning("dump aborted: %s", item)
                raise StreamAborted(str(item))
            yield item

    # -- writing ---------------------------------------------------------------------------
    def write(self, action: Callable[[], T]) -> T:
        """Run one write, then renew the snapshot the query workers read."""
        return self.engine.write(action)

    def after_write(self) -> None:
        self.engine.after_write()

    def update(self, text: str, **kwargs: Any) -> None:
        """An update through the engine (:meth:`cqcgraph.sparql.engine.QueryEngine.update`)."""
        self.engine.update(text, **kwargs)

    def close(self) -> None:
        self.core.close()  # the engine, the search index and the store
