"""Worker processes that run one task at a time each, under a deadline per task.

Reading and extracting a hostile document can take minutes and gigabytes (a 200 MB text, a
pattern that backtracks); Python cannot interrupt a regular expression or a C parser from
inside, but it can kill a process. :class:`DeadlinePool` sends each task to a worker process,
and when a task runs past its deadline the worker is killed (its CPU and memory are freed at
once) and replaced; the task's outcome is :class:`Stopped`, and the tasks after it go on.
Outcomes come back in the order the tasks were given, so the caller's writes keep their order.

A worker's start-up (importing the pipeline, and a ``warm_up`` call that loads what the first
task would load lazily) does not count against a task's deadline: a task is sent only to a
worker that has said it is ready. :meth:`DeadlinePool.start` starts workers ahead of the
first task, so that they warm up while the caller prepares; where the caller knows it is
safe, they are forks of it (:mod:`cqcgraph.forking`), with the pipeline imported already.

Imports the standard library and :mod:`cqcgraph.forking` only.
"""

from __future__ import annotations

import atexit
import importlib
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from cqcgraph import forking

READY = "ready"


@dataclass(frozen=True)
class Stopped:
    """A task that gave no result: ``kind`` is ``timeout`` (past its deadline, its worker
    killed), ``crashed`` (its worker died) or ``error`` (it raised; ``reason`` says what)."""

    kind: str
    reason: str


def _serve(conn: "_Pipe", func: Callable[[Any], Any],
           warm_up: Callable[[], None] | None = None) -> None:
    """A worker's loop: run ``func`` on each task received until told to stop (``None``)."""
    if warm_up is not None:
        try:
            warm_up()
        except Exception:  # noqa: BLE001 - the first task will meet the same problem
            pass
    conn.send(READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        index, task = message
        try:
            outcome = (index, True, func(task))
        except BaseException as exc:  # noqa: BLE001 - every failure is the task's outcome
            outcome = (index, False, f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send(outcome)
        except OSError:
            return
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled
            conn.send((index, False, f"result cannot be sent back: {exc}"[:500]))


class _Pipe:
    """Length-prefixed pickles over a pair of pipes (what a worker and its parent share)."""

    def __init__(self, reader: IO[bytes], writer: IO[bytes]) -> None:
        self.reader, self.writer = reader, writer

    def fileno(self) -> int:  # for multiprocessing.connection.wait
        return self.reader.fileno()

    def send(self, obj: Any) -> None:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.writer.write(_LENGTH.pack(len(data)) + data)
        self.writer.flush()

    def recv(self) -> Any:
        (size,) = _LENGTH.unpack(self._exactly(_LENGTH.size))
        return pickle.loads(self._exactly(size))

    def _exactly(self, n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = self.reader.read(left)
            if not chunk:
                raise EOFError("the other end closed")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        for f in (self.reader, self.writer):
            try:
                f.close()
            except OSError:
                pass


_LENGTH = struct.Struct(">Q")


def _dotted(func: Callable | None) -> str:
    return "" if func is None else f"{func.__module__}:{func.__qualname__}"


def _resolve(name: str) -> Callable | None:
    if not name:
        return None
    module, _, qualname = name.partition(":")
    target: Any = importlib.import_module(module)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


class _Worker:
    """A worker process: ``python -m cqcgraph.deadline FUNC WARM_UP``, its own interpreter
    (nothing of the caller's main module is run again, unlike multiprocessing's spawn), or
    with ``fork`` a fork of this process."""

    def __init__(self, func: Callable[[Any], Any], warm_up: Callable[[], None] | None,
                 *, fork: bool = False) -> None:
        self.ready = False
        self.task: int | None = None
        self.started = 0.0
        if fork:
            def serve(reads: int, writes: int) -> None:
                _serve(_Pipe(os.fdopen(reads, "rb"), os.fdopen(writes, "wb", buffering=0)),
                       func, warm_up)

            child: Any = forking.fork_worker(serve)  # what is used of a Popen, for a fork
            self.proc = child
            self.conn = _Pipe(child.stdout, child.stdin)
            return
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = package_root + os.pathsep + env.get("PYTHONPATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cqcgraph.deadline", _dotted(func), _dotted(warm_up)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0, close_fds=True,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.conn = _Pipe(self.proc.stdout, self.proc.stdin)

    def exit_code(self) -> int | None:
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that will not die
            pass
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


class DeadlinePool:
    """Up to ``size`` worker processes running ``func`` (a top-level function, so that it can
    be sent to a spawned process), each task under ``timeout`` seconds; each worker first
    calls ``warm_up`` (also top-level), if given."""

    def __init__(self, func: Callable[[Any], Any], size: int,
                 warm_up: Callable[[], None] | None = None) -> None:
        self.func = func
        self.warm_up = warm_up
        self.size = max(1, size)
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()

    def imap(
        self,
        items: Iterable[Any],
        *,
        timeout: float,
        is_task: Callable[[Any], bool] = lambda item: True,
        window: int = 32,
    ) -> Iterator[Any]:
        """``func(item)`` for each item that ``is_task`` (other items pass through as they
        are), in the items' order; a task that fails gives a :class:`Stopped`. At most
        ``window`` outcomes wait for an earlier one (memory stays bounded)."""
        with self._lock:
            yield from self._imap(iter(items), timeout, is_task, window)

    def start(self, count: int, *, fork: bool = False) -> None:
        """Start workers now, up to ``count`` (and the pool's size), so that they warm up
        while the caller does other work; with ``fork``, as forks of this process, which the
        caller must know to be safe (:func:`cqcgraph.forking.can_fork`, and nothing native
        with threads of its own open, such as a store)."""
        with self._lock:
            fork = fork and forking.can_fork()
            while len(self._workers) < min(count, self.size):
                self._workers.append(_Worker(self.func, self.warm_up, fork=fork))

    def run(self, task: Any, *, timeout: float) -> Any:
        """One task: its result, or a :class:`Stopped`."""
        (outcome,) = list(self.imap([task], timeout=timeout))
        return outcome

    def _imap(self, items: Iterator[Any], timeout: float, is_task: Callable[[Any], bool],
              window: int) -> Iterator[Any]:
        done: dict[int, Any] = {}
        queued: list[tuple[int, Any]] = []
        given = emitted = 0
        exhausted = False
        try:
            while True:
                while not exhausted and given - emitted < window and len(queued) < self.size:
                    try:
                        item = next(items)
                    except StopIteration:
                        exhausted = True
                        break
                    if is_task(item):
                        queued.append((given, item))
                    else:
                        done[given] = item
                    given += 1
                self._dispatch(queued)
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
                if exhausted and emitted == given:
                    return
                if queued or any(w.task is not None for w in self._workers):
                    # else nothing is awaited: read on (reports passing through, such as
                    # unchanged files, waited a second per window)
                    self._collect(done, timeout)
        finally:
            # stopped early (the caller failed): a worker still busy would answer later
            for worker in [w for w in self._workers if w.task is not None]:
                self._drop(worker)

    def _dispatch(self, queued: list[tuple[int, Any]]) -> None:
        while queued:
            free = [w for w in self._workers if w.task is None]
            idle = [w for w in free if w.ready]
            if not idle:
                if len(free) < len(queued) and len(self._workers) < self.size:
                    self._workers.append(_Worker(self.func, self.warm_up))
                return
            index, task = queued.pop(0)
            worker = idle[0]
            try:
                worker.conn.send((index, task))
            except OSError:  # the worker died while idle: start another, try again
                self._drop(worker)
                queued.insert(0, (index, task))
                continue
            worker.task, worker.started = index, time.monotonic()

    def _collect(self, done: dict[int, Any], timeout: float) -> None:
        """Wait for the next answer, readiness or deadline."""
        busy = [w for w in self._workers if w.task is not None]
        now = time.monotonic()
        wait_for = min((w.started + timeout - now for w in busy), default=1.0)
        conns: list[Any] = [w.conn for w in self._workers]  # wait() takes any object with fileno()
        ready = wait(conns, timeout=max(0.0, min(wait_for, 1.0)))
        for worker in list(self._workers):
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    if worker.task is not None:
                        code = worker.exit_code()
                        done[worker.task] = Stopped(
                            "crashed", f"the reading process died (exit code {code})")
                    self._drop(worker)
                    continue
                if message == READY:
                    worker.ready = True
                    continue
                index, ok, value = message
                done[index] = value if ok else Stopped("error", value)
                worker.task = None
            elif worker.task is not None and time.monotonic() - worker.started > timeout:
                done[worker.task] = Stopped("timeout", f"still running after {timeout:g} s")
                self._drop(worker)

    def _drop(self, worker: _Worker) -> None:
        worker.task = None
        worker.kill()
        if worker in self._workers:
            self._workers.remove(worker)

    def close(self) -> None:
        for worker in list(self._workers):
            worker.stop()
        self._workers.clear()


_POOLS: dict[Callable[[Any], Any], DeadlinePool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(func: Callable[[Any], Any], size: int,
                warm_up: Callable[[], None] | None = None) -> DeadlinePool:
    """The process's pool for ``func``, grown to ``size`` workers (started lazily, reused by
    every ingest in this process, stopped at exit)."""
    with _POOLS_LOCK:
        pool = _POOLS.get(func)
        if pool is None:
            pool = _POOLS[func] = DeadlinePool(func, size, warm_up)
        pool.size = max(pool.size, size)
        return pool


@atexit.register
def _close_pools() -> None:
    for pool in list(_POOLS.values()):
        pool.close()
    _POOLS.clear()


def _worker_main(func_name: str, warm_up_name: str) -> None:
    """The worker process: frames on the stdout it was given; anything the pipeline prints
    goes to stderr instead, so it cannot break a frame."""
    frames = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    conn = _Pipe(sys.stdin.buffer, frames)
    func = _resolve(func_name)
    assert func is not None
    _serve(conn, func, _resolve(warm_up_name))


if __name__ == "__main__":
    _worker_main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
