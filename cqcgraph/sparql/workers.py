"""Query workers and snapshots: the design that gives queries a time limit that really frees
the CPU: one process writes the store, queries run in processes that can be killed.

* The server process is the store's only writer. After each write it makes a checkpoint
  (``Store.backup``: hard links, milliseconds) into a fresh snapshot folder.
* :class:`WorkerPool` keeps ``settings.workers`` query worker processes
  (:mod:`cqcgraph.sparql.query_worker`). Each request names the current snapshot; a worker
  reopens when the name changes. A snapshot folder is deleted once no worker has it open.
* :class:`QueryRun` reads a worker's frames with a deadline. Past the time limit the worker is
  killed (SIGKILL frees the CPU at once) and replaced; the client gets 503 if nothing was sent
  yet, or an aborted stream if the answer had begun.
* With an in-memory store (unit tests) there are no snapshots: queries run inline, buffered.

Imports the standard library, :mod:`cqcgraph.store` and the web package's worker protocol.
"""

from __future__ import annotations

import collections
import fcntl
import io
import json
import logging
import os
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import cqcgraph
from cqcgraph import forking
from cqcgraph.errors import StreamAborted  # noqa: F401 (raised here, for its users)
from cqcgraph.store import GraphStore, snapshots_root
from cqcgraph.sparql import query_worker
from cqcgraph.sparql.protocol import ProtocolError

log = logging.getLogger("cqcgraph.sparql.workers")


class QueryTimeout(Exception):
    pass


# -- snapshots ----------------------------------------------------------------------------


POINTER = "current"  # in a server's snapshot folder: the name of its newest checkpoint


def lease_path(snapshot: str | Path) -> Path:
    """The lock file beside a checkpoint: every process that reads the checkpoint holds a
    shared lock on it, and the writer deletes the checkpoint only when it can take it whole."""
    return Path(str(snapshot) + ".lease")


class Lease:
    """A shared lock on a checkpoint's lease file, held while this object lives."""

    def __init__(self, snapshot: str) -> None:
        self.fd = os.open(lease_path(snapshot), os.O_RDONLY)
        fcntl.flock(self.fd, fcntl.LOCK_SH)

    def release(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)  # closing the last descriptor releases the lock

    def __del__(self) -> None:
        self.release()


def leased_elsewhere(snapshot: Path) -> bool:
    """Whether another process holds a lease on ``snapshot`` (it must not be deleted)."""
    try:
        fd = os.open(lease_path(snapshot), os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


class Snapshots:
    """Checkpoints of the primary store for the query workers, in a folder beside it.

    The name of the newest is in the folder's ``current`` file (replaced atomically after
    each checkpoint), so that reader processes (:class:`FollowedSnapshots`) find it; a
    checkpoint is deleted only when no worker of this process has it open and no other
    process holds its lease."""

    def __init__(self, store: GraphStore) -> None:
        assert store.path is not None
        self.store = store
        self.root = snapshots_root(store.path) / str(os.getpid())  # `cqcgraph backup` reads these
        shutil.rmtree(self.root, ignore_errors=True)
        remove_stale(self.root.parent)
        self.root.mkdir(parents=True, exist_ok=True)
        self._n = 0
        self._lock = threading.Lock()
        self.current: str = ""
        self._cleaned: float = 0.0
        self._cleaned_at: tuple[str, frozenset[str]] = ("", frozenset())
        self.renew()

    @property
    def pointer(self) -> Path:
        return self.root / POINTER

    def renew(self) -> str:
        with self._lock:
            self._n += 1
            path = self.root / f"s{self._n:06d}"
            lease_path(path).touch()
            self.store.snapshot(path)
            self.current = str(path)
            temporary = self.root / (POINTER + ".new")
            temporary.write_text(path.name)
            os.replace(temporary, self.pointer)
            return self.current

    def cleanup(self, in_use: set[str]) -> None:
        now, seen = time.monotonic(), (self.current, frozenset(in_use))
        if now - self._cleaned < 0.5 and self._cleaned_at == seen:
            return  # nothing new since the last look a moment ago (a reader may free one)
        self._cleaned, self._cleaned_at = now, seen
        with self._lock:
            if not self.root.is_dir():
                return  # closed
            for child in self.root.iterdir():
                if not child.is_dir():
                    continue
                if str(child) != self.current and str(child) not in in_use \
                        and not leased_elsewhere(child):
                    shutil.rmtree(child, ignore_errors=True)
                    lease_path(child).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        try:
            self.root.parent.rmdir()
        except OSError:
            pass


class Opened:
    """One checkpoint opened read-only by a reader process, with its lease."""

    def __init__(self, path: str) -> None:
        self.path = path
        lease = Lease(path)
        self.store = GraphStore.open_checkpoint(Path(path))
        self.store.lease = lease  # type: ignore[attr-defined] # held while the store is in use


class FollowedSnapshots:
    """A reader process's view of the writer's checkpoints (same interface as
    :class:`Snapshots` for :class:`WorkerPool`): ``current`` is the writer's newest, found in
    its ``current`` file; :meth:`refresh` (one ``stat`` when nothing changed) opens a newer
    one. This process holds the lease of every checkpoint it or its query workers have open,
    so the writer never deletes one under them; it never deletes anything itself."""

    def __init__(self, locator: Path) -> None:
        self.locator = Path(locator)  # a file naming the writer's pointer (it moves if the
        self.pointer = Path(self.locator.read_text().strip())  # writer is restarted)
        self._lock = threading.Lock()
        self._stamp: tuple = ()
        self._opened: dict[str, Opened] = {}
        self.current = ""
        self.version = 0
        self.opened: Opened | None = None
        if not self.refresh():
            raise OSError("the writer has published no checkpoint")

    @property
    def store(self) -> GraphStore:
        assert self.opened is not None
        return self.opened.store

    def refresh(self) -> bool:
        """Open the writer's newest checkpoint if it changed; True when a new one is open."""
        try:
            st = os.stat(self.pointer)
        except FileNotFoundError:
            try:
                self.pointer = Path(self.locator.read_text().strip())
                st = os.stat(self.pointer)
            except OSError:
                return False
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return False
        with self._lock:
            if stamp == self._stamp:
                return False
            for _ in range(3):  # the writer may delete an old one while we read the name
                try:
                    name = self.pointer.read_text().strip()
                    path = str(self.pointer.parent / name)
                    opened = self._opened.get(path) or Opened(path)
                    break
                except OSError:
                    time.sleep(0.01)
            else:
                return False
            self._opened[path] = opened
            self.opened, self.current, self._stamp = opened, path, stamp
            self.version += 1
            return True

    def renew(self) -> str:
        self.refresh()
        return self.current

    def cleanup(self, in_use: set[str]) -> None:
        """Release the leases of checkpoints neither current nor open in a query worker (a
        request still reading one keeps it open through its own reference)."""
        with self._lock:
            for path in list(self._opened):
                if path != self.current and path not in in_use:
                    del self._opened[path]

    def close(self) -> None:
        with self._lock:
            self._opened.clear()
            self.opened = None


def remove_stale(parent: Path) -> None:
    """Delete the snapshot folders of server processes that are gone (killed, crashed): each
    server keeps its snapshots under its process id and removes them when it stops cleanly."""
    if not parent.is_dir():
        return
    for child in parent.iterdir():
        if not child.name.isdigit() or int(child.name) == os.getpid():
            continue
        try:
            os.kill(int(child.name), 0)
            continue  # that process is alive: its snapshots are its own
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        log.info("removing the snapshots of a server process that is gone: %s", child.name)
        shutil.rmtree(child, ignore_errors=True)


class FixedSnapshot:
    """A store folder that no process writes while it is read (a store no writer holds, or
    a private copy of a server's checkpoint): the workers open it read-only, as they open a
    snapshot, and it never changes; nothing here deletes it."""

    def __init__(self, path: Path) -> None:
        self.current = str(path)

    def renew(self) -> str:  # pragma: no cover - nothing writes through a read-only engine
        raise RuntimeError("a read-only store has no snapshots to renew")

    def cleanup(self, in_use: set[str]) -> None:
        pass

    def close(self) -> None:
        pass


# -- workers ------------------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class FramedProcess:
    """A child process (``python -m MODULE``) that takes frames of
    :mod:`cqcgraph.sparql.query_worker`'s protocol on its stdin and answers frames on its stdout;
    :meth:`frame` waits for an answer until a deadline, and :meth:`kill` frees its CPU at once.
    The query workers and the SERVICE analysers are both such processes."""

    def __init__(self, module: str, env_extra: dict[str, str] | None = None) -> None:
        env = dict(os.environ)
        env.update(env_extra or {})
        package_root = str(Path(cqcgraph.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = package_root + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            bufsize=0,
            close_fds=True,
        )
        self._buffer = b""

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, kind: bytes, request: dict) -> None:
        payload = json.dumps(request).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(query_worker.HEADER.pack(kind, len(payload)) + payload)
        self.proc.stdin.flush()

    def _fill(self, n: int, deadline: float) -> None:
        """Read until ``n`` bytes are buffered; raises QueryTimeout past ``deadline``, with
        what came so far kept, so that a later call goes on where this one stopped."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while len(self._buffer) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeout
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise QueryTimeout
            chunk = os.read(fd, max(65536, n - len(self._buffer)))
            if not chunk:
                raise EOFError("the worker process stopped")
            self._buffer += chunk

    def frame(self, deadline: float) -> tuple[bytes, bytes]:
        """The next frame; raises QueryTimeout past ``deadline`` (the frame is then still to
        come: waiting again gets it whole), EOFError if the process stopped."""
        head = query_worker.HEADER.size
        self._fill(head, deadline)
        kind, length = query_worker.HEADER.unpack(self._buffer[:head])
        self._fill(head + length, deadline)
        payload, self._buffer = self._buffer[head:head + length], self._buffer[head + length:]
        return kind, payload

    def cpu_seconds(self) -> float | None:
        """CPU time the process has used so far (user and system), or None where the system
        does not tell. A wall-clock budget alone would mistake a query that waited for the
        CPU on a busy machine for a heavy one."""
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            return None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass


#: How much lower (``nice``) the main lane's workers run than the server.
MAIN_LANE_NICE = 5


def heavy_key(request: dict) -> str:
    """What the fast lane remembers as heavy: the query with its bound values (a page query
    is heavy for one resource, not for every resource)."""
    substitutions = request.get("substitutions")
    if not substitutions:
        return request.get("query", "")
    return request.get("query", "") + "\0" + json.dumps(substitutions, sort_keys=True)


class QueryWorker(FramedProcess):
    """One query worker process (:mod:`cqcgraph.sparql.query_worker`), of the fast lane or the
    main one, and the snapshot it has open."""

    def __init__(self, fast: bool = False) -> None:
        # a main-lane worker runs at a lower CPU priority: heavy queries there yield the CPU
        # to the fast lane's lookups and to the HTTP processes
        super().__init__("cqcgraph.sparql.query_worker",
                         None if fast else {"CQCGRAPH_WORKER_NICE": str(MAIN_LANE_NICE)})
        self.fast = fast
        self.snapshot: str | None = None
        self.idle_since = 0.0
        # the CPU time the worker said it had used when it ended its last answer (None: not
        # known since the last request sent): an idle worker uses none, so the next query
        # starts from there, and the fast lane needs no system call to know it
        self.cpu_at_rest: float | None = None

    @property
    def fresh(self) -> bool:
        """Whether the worker answered a moment ago (then it is not asked whether it is
        alive: that is a system call per query; one that died since fails its next query as
        a worker that stopped, and is replaced)."""
        return time.monotonic() - self.idle_since < 1.0

    def send(self, kind: bytes, request: dict) -> None:
        self.cpu_at_rest = None
        super().send(kind, request)
        self.snapshot = request.get("snapshot")

    def cpu_before_query(self) -> float | None:
        """The CPU time this idle worker has used so far: what its last answer ended with,
        else what the system says."""
        return self.cpu_at_rest if self.cpu_at_rest is not None else self.cpu_seconds()

    def rest_after(self, kind: bytes, payload: bytes) -> None:
        """Note the CPU time that the frame ending an answer carries (a ``Z``)."""
        if kind == b"Z" and len(payload) == query_worker.CPU_STAMP.size:
            self.cpu_at_rest = query_worker.CPU_STAMP.unpack(payload)[0]


class ForkedQueryWorker(QueryWorker):
    """A query worker forked from this process instead of started afresh: what is imported
    here is there at once (milliseconds instead of an interpreter's start). It opens
    ``snapshot`` as soon as it starts. Only where :func:`cqcgraph.forking.can_fork`; the
    command line's queries use it, a server (threads) starts its workers as processes of
    their own."""

    def __init__(self, fast: bool = False, *, snapshot: str | None = None) -> None:
        def serve(reads: int, writes: int) -> None:
            query_worker.serve(os.fdopen(reads, "rb", buffering=0),
                               os.fdopen(writes, "wb", buffering=0), snapshot=snapshot)

        self.proc = forking.fork_worker(serve)  # type: ignore[assignment]
        self._buffer = b""
        self.fast = fast
        self.snapshot = None


class _Waiter:
    """A query waiting for a worker: :meth:`WorkerPool._release` sets ``worker`` and wakes
    it."""

    __slots__ = ("heavy", "ready", "worker")

    def __init__(self, heavy: bool, ready: threading.Condition) -> None:
        self.heavy = heavy
        self.ready = ready
        self.worker: QueryWorker | None = None


class WorkerPool:
    """``size`` query workers over the snapshots of one store, and ``fast`` more that only
    take work that finishes quickly.

    The fast lane keeps a cheap lookup fast while heavy queries hold every other worker: a
    query first goes to an idle fast worker (unless it is known to be heavy) with a budget of
    ``fast_budget`` seconds (of CPU: on a busy machine a query that has waited for the CPU
    gets up to four budgets of wall time) and ``fast_bytes`` of answer; within it, the answer
    is sent as
    usual; past it, the fast worker is killed and replaced, the query is remembered as heavy
    and runs again in the main lane, having sent nothing yet. So heavy work never holds the
    fast lane for longer than the budget, and is sent straight to the main lane next time.

    A query takes the first worker that is free, fast or main (:meth:`checkout_any`): a cheap
    lookup never queues behind another while a main worker is idle, nor behind the main lane
    while heavy queries hold it. Waiting queries are served in order, cheap ones first (no
    query waits forever while newcomers take the workers freed). A replacement worker joins
    its lane only once it is up."""

    def __init__(self, size: int, snapshots: "Snapshots | FollowedSnapshots | FixedSnapshot", *,
                 fast: int = 2, fast_budget: float = 1.0, fast_bytes: int = 4 << 20,
                 start: Callable[[bool], QueryWorker] | None = None) -> None:
        self.start = start or (lambda fast: QueryWorker(fast=fast))
        self.size = max(1, size)
        self.fast_size = max(0, fast)
        self.fast_budget = fast_budget
        self.fast_bytes = fast_bytes
        self.snapshots = snapshots
        self._lock = threading.Lock()
        # idle workers by lane (True: fast) and the queries waiting for one, oldest first,
        # under one lock: a worker set free goes straight to a waiting query that may take it
        self._free: dict[bool, collections.deque[QueryWorker]] = {
            True: collections.deque(), False: collections.deque()}
        self._waiters: collections.deque[_Waiter] = collections.deque()
        self._all: set[QueryWorker] = set()
        self._closed = False
        self._heavy: dict[str, None] = {}  # query texts that overran the fast lane (LRU)
        for _ in range(self.size):
            self._add()
        for _ in range(self.fast_size):
            self._add(fast=True)

    def _add(self, fast: bool = False) -> None:
        """Start a worker; it joins its lane once it has opened the current snapshot, so no
        query waits for a process to start (seconds on a loaded machine)."""
        worker = self.start(fast)
        with self._lock:
            self._all.add(worker)
        threading.Thread(target=self._warm, args=(worker,), daemon=True,
                         name="cqcgraph-worker-start").start()

    def _warm(self, worker: QueryWorker) -> None:
        try:
            worker.send(b"O", {"snapshot": self.snapshots.current})
            worker.frame(time.monotonic() + 120)
        except (QueryTimeout, EOFError, OSError):
            worker.kill()
            with self._lock:
                self._all.discard(worker)
                closed = self._closed
            if not closed:
                log.warning("a query worker did not start: starting another")
                time.sleep(1)  # no loop of processes failing at once
                with self._lock:
                    closed = self._closed
                if not closed:
                    self._add(fast=worker.fast)
            return
        self._release(worker)

    def _release(self, worker: QueryWorker) -> None:
        """Give an idle ``worker`` to the query that has waited longest and may take it (a
        known-heavy query takes only a main worker; a main worker goes to a waiting cheap
        query before a heavy one, since the cheap one gives it back in milliseconds), or
        put it with its lane's idle ones."""
        worker.idle_since = time.monotonic()
        with self._lock:
            eligible = [w for w in self._waiters if not (w.heavy and worker.fast)]
            if eligible:
                waiter = min(eligible, key=lambda w: w.heavy)  # cheap first, then oldest
                self._waiters.remove(waiter)
                waiter.worker = worker
                waiter.ready.notify()
            else:
                self._free[worker.fast].append(worker)

    def _take(self, heavy: bool, wait: float) -> QueryWorker:
        """An idle worker, or the first set free within ``wait`` seconds (in the order the
        queries asked, cheap ones first); 503 past it. A known-heavy query takes only a main
        worker, any other prefers a fast one. Of the idle workers of a lane, the one freed
        last: its store cache and the CPU's caches are the warmest (taken in turn, every
        lookup ran in a process whose caches had gone cold)."""
        deadline = time.monotonic() + wait
        while True:
            with self._lock:
                lanes = (False,) if heavy else (True, False)
                worker = next((self._free[lane].pop() for lane in lanes if self._free[lane]),
                              None)
                if worker is None:
                    waiter = _Waiter(heavy, threading.Condition(self._lock))
                    self._waiters.append(waiter)
                    while waiter.worker is None:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0:
                            self._waiters.remove(waiter)
                            raise ProtocolError(
                                503, "all query workers are busy: try again shortly",
                                headers={"Retry-After": "2"})
                        waiter.ready.wait(remaining)
                    worker = waiter.worker
            if worker.fresh or worker.alive:
                return worker
            self.discard(worker)

    def idle(self) -> int:
        """How many workers, of both lanes, are up and idle."""
        with self._lock:
            return len(self._free[True]) + len(self._free[False])

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait until every worker started with the pool is up (a server answers once it
        can answer queries, not while its workers are still starting)."""
        deadline = time.monotonic() + timeout
        while self.idle() < self.size + self.fast_size:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def checkout_any(self, text: str, wait: float) -> QueryWorker:
        """The first worker free within ``wait`` seconds: a fast one (unless ``text`` is known
        to be heavy) or a main one, whichever frees first. A cheap query so never waits for
        the main lane alone while heavy queries hold it; raises 503 past ``wait``."""
        return self._take(self.fast_size == 0 or self.is_heavy(text), wait)

    def is_heavy(self, text: str) -> bool:
        with self._lock:
            return text in self._heavy

    def checkout(self, wait: float) -> QueryWorker:
        """A main-lane worker within ``wait`` seconds (503 past it)."""
        return self._take(True, wait)

    def mark_heavy(self, text: str) -> None:
        with self._lock:
            self._heavy.pop(text, None)
            self._heavy[text] = None
            while len(self._heavy) > 2000:
                self._heavy.pop(next(iter(self._heavy)))

    def checkin(self, worker: QueryWorker) -> None:
        self._release(worker)
        self._cleanup()

    def discard(self, worker: QueryWorker) -> None:
        """Kill a worker (time limit, broken stream) and start its replacement."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if not closed:
            self._add(fast=worker.fast)
        self._cleanup()

    def _cleanup(self) -> None:
        with self._lock:
            in_use = {w.snapshot for w in self._all if w.snapshot}
        self.snapshots.cleanup(in_use)

    def refresh_idle(self) -> None:
        """Ask idle workers to open the current snapshot, so old ones can be deleted."""
        with self._lock:
            idle = [*self._free[True], *self._free[False]]
            self._free[True].clear()
            self._free[False].clear()
        for worker in idle:
            try:
                worker.send(b"O", {"snapshot": self.snapshots.current})
                worker.frame(time.monotonic() + 30)
                self._release(worker)
            except (QueryTimeout, EOFError, OSError):
                self.discard(worker)
        self._cleanup()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


# -- one query ------------------------------------------------------------------------------


#: The CPU time (and the wall time) a query may take in the server's own process before
#: it is stopped there and sent to a query worker (:meth:`QueryRun._inline`).
INLINE_CPU = 0.05
INLINE_WALL = 0.5


class QueryRun:
    """One query on its way: :meth:`start` waits for the first frame (its header or an
    error); :meth:`chunks` streams the rest."""

    def __init__(self, request: dict, timeout: float, pool: WorkerPool | None,
                 store: GraphStore | None = None, *, inline: bool = False) -> None:
        self.inline = inline
        self.request = request
        self.timeout = timeout
        self.pool = pool
        self.store = store
        self.header: dict = {}
        self.first: bytes = b""
        self._worker: QueryWorker | None = None
        self._deadline = 0.0
        self._frames: list[tuple[bytes, bytes]] | None = None

    # in-memory stores (unit tests), and queries bounded by their shape: run here, buffered
    def _inline(self) -> bool:
        """Run the query in this process. True when it is answered; False when it passed
        the budget of a query run here (:data:`INLINE_CPU`, :data:`INLINE_WALL`): nothing
        was sent, the query is remembered as heavy, and it is a query worker's to run."""
        frames: list[tuple[bytes, bytes]] = []
        assert self.store is not None
        budget = None if self.pool is None else query_worker.Budget(INLINE_CPU, INLINE_WALL)
        try:
            query_worker.execute(self.store, self.request, lambda k, p: frames.append((k, p)),
                                 budget)
        except query_worker.OverBudget:
            assert self.pool is not None
            self.pool.mark_heavy(heavy_key(self.request))
            log.warning("a query bounded by its shape passed the budget of a query run in the"
                        " server's process: a query worker runs it")
            return False
        self._frames = frames
        return True

    def _next(self) -> tuple[bytes, bytes]:
        if self._frames is not None:
            return self._frames.pop(0)
        assert self._worker is not None
        return self._worker.frame(self._deadline)

    def _fast_lane(self, worker: QueryWorker) -> bool:
        """Run the whole query on fast ``worker`` within its budget, buffering its frames.
        True when it finished there; False (nothing sent to the client) when it overran: the
        worker is killed and replaced, and the query remembered as heavy."""
        assert self.pool is not None
        text = heavy_key(self.request)
        budget = min(self.pool.fast_budget, self.timeout / 4)
        began = time.monotonic()
        deadline = began + budget
        frames: list[tuple[bytes, bytes]] = []
        size = 0
        cpu_before = worker.cpu_before_query()
        try:
            worker.send(b"Q", self.request)
            while True:
                try:
                    kind, payload = worker.frame(deadline)
                except QueryTimeout:
                    deadline = self._fast_extension(worker, cpu_before, began, budget)
                    continue
                frames.append((kind, payload))
                size += len(payload)
                if kind in (b"Z", b"E"):
                    worker.rest_after(kind, payload)
                    break
                if size > self.pool.fast_bytes:
                    raise QueryTimeout
        except QueryTimeout:
            self.pool.discard(worker)
            self.pool.mark_heavy(text)
            return False
        except (EOFError, OSError):
            self.pool.discard(worker)
            raise ProtocolError(500, "the query worker stopped while running this query") \
                from None
        self.pool.checkin(worker)
        self._frames = frames
        return True

    def _fast_extension(self, worker: QueryWorker, cpu_before: float | None, began: float,
                        budget: float) -> float:
        """The fast lane's new deadline for a query past its budget in wall time that has
        used less than half of it in CPU time (it waited for the CPU on a busy machine: it is
        not heavy), up to four budgets in all; raises QueryTimeout when it is heavy."""
        cpu_now = worker.cpu_seconds()
        now = time.monotonic()
        if cpu_before is None or cpu_now is None or cpu_now - cpu_before >= budget / 2 \
                or now - began >= 4 * budget:
            raise QueryTimeout
        return min(now + budget / 2, began + 4 * budget)

    def start(self) -> dict:
        """The header of the answer; raises ProtocolError for an error found before it."""
        if (self.pool is None or self.inline) and self._inline():
            pass  # answered here (with no pool, always)
        else:
            assert self.pool is not None  # (without one, every query is answered here)
            began = time.monotonic()
            text = heavy_key(self.request)
            worker = self.pool.checkout_any(text, self.timeout)
            if worker.fast and self._fast_lane(worker):
                pass
            else:
                if worker.fast:  # it overran the fast lane: the main lane takes it
                    remaining = max(0.1, self.timeout - (time.monotonic() - began))
                    worker = self.pool.checkout(remaining)
                # the time limit counts from here: the fast lane's try is not the query's own
                self._worker = worker
                self._deadline = time.monotonic() + self.timeout
                try:
                    worker.send(b"Q", self.request)
                except OSError:
                    self._fail()
                    raise ProtocolError(503, "the query worker stopped: try again") from None
        try:
            kind, payload = self._next()
        except QueryTimeout:
            self._fail()
            raise ProtocolError(
                503, f"the query did not finish within the time limit of {self.timeout:g} s"
                     " and was stopped"
            ) from None
        except (EOFError, OSError):
            self._fail()
            raise ProtocolError(500, "the query worker stopped while running this query") from None
        if kind == b"E":
            self._done()
            error = json.loads(payload)
            raise ProtocolError(error["status"], error["message"])
        if kind != b"H":
            self._fail()
            raise ProtocolError(500, "the query worker answered out of order")
        self.header = json.loads(payload)
        return self.header

    def chunks(self) -> Iterator[bytes]:
        """The answer's bytes. Raises StreamAborted when it cannot be completed."""
        finished = False
        try:
            while True:
                try:
                    kind, payload = self._next()
                except QueryTimeout:
                    log.warning("query stopped mid-answer at the time limit (%s s)", self.timeout)
                    raise StreamAborted("time limit reached while streaming") from None
                except (EOFError, OSError):
                    raise StreamAborted("the query worker stopped while streaming") from None
                if kind == b"D":
                    yield payload
                elif kind == b"Z":
                    finished = True
                    return
                elif kind == b"E":
                    finished = True  # the worker itself is fine
                    message = json.loads(payload).get("message", "")
                    log.warning("answer aborted after it began: %s", message)
                    raise StreamAborted(message)
        finally:
            if finished:
                self._done()
            else:
                self._fail()

    def buffered(self) -> bytes | None:
        """The whole answer when it is already in hand, complete and without an error (an
        answer of the fast lane or of the reader itself), so it can go out in one piece with
        its length; None when it is still to be read (:meth:`chunks`)."""
        frames = self._frames
        if not frames or frames[-1][0] != b"Z" or any(kind == b"E" for kind, _ in frames):
            return None
        self._frames = []
        return b"".join(payload for kind, payload in frames if kind == b"D")

    def read_all(self) -> bytes:
        """The whole answer (for small internal queries)."""
        out = io.BytesIO()
        for chunk in self.chunks():
            out.write(chunk)
        return out.getvalue()

    def close(self) -> None:
        """Release the worker if the answer was never read to its end (client gone, HEAD)."""
        self._fail()

    def _done(self) -> None:
        if self._worker is not None and self.pool is not None:
            worker, self._worker = self._worker, None
            self.pool.checkin(worker)

    def _fail(self) -> None:
        if self._worker is not None and self.pool is not None:
            worker, self._worker = self._worker, None
            self.pool.discard(worker)
