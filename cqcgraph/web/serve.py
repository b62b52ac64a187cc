"""``cqcgraph serve``: the app under gunicorn (never Flask's development server).

Two layouts, chosen by ``settings.http_workers`` (``--http-workers``, ``CQCGRAPH_HTTP_WORKERS``;
0, the default, means one per CPU core):

* **One process** (``http_workers`` 1): one gunicorn worker (gthread) holds the store as its
  only writer and answers everything; queries run in its query-worker subprocesses
  (:mod:`cqcgraph.sparql.workers`).
* **Over a remote store** (``store_url``, :mod:`cqcgraph.remote_store`): N gunicorn workers,
  each answering everything by requests to the remote, which orders the writes itself.
* **Readers and a writer** (``http_workers`` N > 1): the store's one writer is a process of
  its own (gunicorn, one worker) listening on a Unix socket in a private folder; it opens the
  store read-write, makes every write (updates, Graph Store writes, uploads) and after each one
  publishes a checkpoint (hard links, milliseconds) and its name. N gunicorn workers on the
  public address are readers: each opens the newest checkpoint read-only, checks for a newer
  one as each request begins (one ``stat``), answers every read itself (queries in its own
  query workers — ``settings.workers`` main-lane workers shared out among the readers, and a
  fast lane each — pages, linked data, Graph Store reads, dumps) and sends every
  write on to the writer unchanged (:mod:`cqcgraph.web.forward`). A write is answered only
  once its checkpoint is published, so the next request through any reader sees it. The
  per-client cap counts across the readers (:class:`~cqcgraph.web.client_cap.SharedCounts`).

The same factory as ``server.py`` builds the app, inside each worker process.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cqcgraph.settings import Settings


def http_workers(settings: Settings) -> int:
    """How many processes answer HTTP: as set, else one per core (a query bounded by its
    shape, a page's RDF, runs in the process that took the request, whose interpreter runs
    one thread at a time: on two cores, measured under load, two readers answered 35–45 %
    more point lookups, CONSTRUCTs and Turtle pages at 4 and 16 clients than one process)."""
    if settings.http_workers > 0:
        return settings.http_workers
    return os.cpu_count() or 1


def gunicorn_options(settings: Settings, *, bind: str | None = None, workers: int = 1,
                     threads: int | None = None) -> dict:
    return {
        "bind": bind or f"{settings.host}:{settings.port}",
        "workers": workers,
        "worker_class": "gthread",
        # request threads mostly wait on a query worker or a slow client: many are cheap, and
        # too few would queue a quick lookup behind heavy queries before any lane sees it
        "threads": threads or max(32, 8 * settings.workers),
        "timeout": int(settings.query_timeout) + 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        # the access line is ``%(h)s "%(r)s" %(s)s %(B)s %(M)sms``, written without the
        # dictionary of every header gunicorn builds for a format (a tenth of a lookup's CPU)
        "logger_class": "cqcgraph.web.access_log.AccessLogger",
        "proc_name": "cqcgraph",
        # no control socket: it has one fixed path per user, which two servers would share
        "control_socket_disable": True,
    }


#: The interpreter's thread switch interval in a serving process (Python's default: 5 ms).
SWITCH_INTERVAL = 0.001


def _application(options: dict, load, hooks: dict | None = None):  # noqa: ANN001, ANN202
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in {**options, **(hooks or {})}.items():
                if key in self.cfg.settings:  # (a setting of newer gunicorns only)
                    self.cfg.set(key, value)

        def load(self):  # noqa: ANN202 - runs in the worker process, after the fork
            return load()

    return Application()


def _create_app(**kwargs):  # noqa: ANN003, ANN202
    # imported in the worker process: the gunicorn master never imports Flask or opens the store
    import importlib

    # request threads mostly wait (on a query worker, a socket): when one wakes it should get
    # the interpreter back soon, not after every busy thread's full slice (a page being
    # composed, a dump being written would otherwise hold a lookup up for tens of ms each)
    sys.setswitchinterval(SWITCH_INTERVAL)
    return importlib.import_module("cqcgraph.web.app").create_app(**kwargs)


def run(settings: Settings) -> None:
    """Serve until interrupted."""
    n = http_workers(settings)
    where = settings.store_where if not settings.memory else "memory"
    print(f"cqcgraph: serving {where} on http://{settings.host}:{settings.port}/ (writes "
          f"{'on' if settings.write_token_file else 'off'}; {n} HTTP worker"
          f"{'s' if n > 1 else ''})", file=sys.stderr)
    if n <= 1 or settings.memory:
        _application(gunicorn_options(settings), lambda: _create_app(settings=settings)).run()
        return
    if settings.remote:  # the remote store takes every process's reads and writes itself
        _application(gunicorn_options(settings, workers=n),
                     lambda: _create_app(settings=settings)).run()
        return
    run_dir = Path(tempfile.mkdtemp(prefix="cqcgraph-serve-"))
    supervisor = None
    try:
        writer, socket_path, locator = start_writer(settings, run_dir)
        supervisor = WriterSupervisor(settings, run_dir, writer)
        supervisor.start()
        serve_readers(settings, n, str(socket_path), str(locator), supervisor)
    finally:
        if supervisor is not None:
            supervisor.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


#: Seconds a supervisor waits, once the writer has stopped, to learn whether the server is
#: stopping (then the writer is not started again).
SHUTDOWN_GRACE = 1.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


class WriterSupervisor:
    """Keeps the store's writer process running beside the readers: should it stop (killed,
    crashed), this says so on stderr and starts it again, waiting longer between tries while
    it fails to start (up to :attr:`MAX_DELAY` seconds: the store stays locked until the old
    writer's last process has gone). Meanwhile the readers answer every write 503 with
    ``Retry-After`` (:mod:`cqcgraph.web.forward`), and move to the new writer's checkpoints
    once it has published one. A thread of the serving process (gunicorn's master for the
    readers, whose children the writer's processes are)."""

    MAX_DELAY = 30.0

    def __init__(self, settings: Settings, run_dir: Path, process: subprocess.Popen) -> None:
        self.settings = settings
        self.run_dir = run_dir
        self.process = process
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True,
                                        name="cqcgraph-writer-supervisor")

    def start(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        while not self._stopping.is_set():
            status = self.process.wait()
            # a server being stopped signals its whole process group, the writer with it:
            # give the master's own signal handler a moment to say so (see stop_on_signals)
            if self._stopping.wait(SHUTDOWN_GRACE):
                return
            _say(f"the store's writer process stopped (status {status}): writes are answered"
                 f" 503 until it is back; starting it again")
            self._restart()

    def _restart(self) -> None:
        delay = 1.0
        while not self._stopping.is_set():
            try:
                self.process, _, _ = start_writer(self.settings, self.run_dir, fresh=True)
                self.restarts += 1
                _say(f"the store's writer is back (process {self.process.pid})")
                return
            except SystemExit as exc:
                _say(f"{exc}; trying again in {delay:g} s")
                self._stopping.wait(delay)
                delay = min(self.MAX_DELAY, 2 * delay)

    def stop(self) -> None:
        """Stop watching, then stop the writer."""
        self._stopping.set()
        stop_process(self.process)

    def stop_on_signals(self) -> None:
        """Stop watching as soon as this process is told to stop (SIGTERM, SIGINT,
        SIGQUIT), before its own handler of the signal runs: gunicorn's master calls this
        once its handlers are installed (its ``when_ready`` hook)."""
        for sig in STOP_SIGNALS:
            handler = signal.getsignal(sig)

            def stopping(signum: int, frame: object, handler: object = handler) -> None:
                self._stopping.set()
                if callable(handler):
                    handler(signum, frame)

            signal.signal(sig, stopping)


def _say(message: str) -> None:
    print(f"cqcgraph: {message}", file=sys.stderr, flush=True)


def start_writer(settings: Settings, run_dir: Path, timeout: float = 600, *,
                 fresh: bool = False) -> tuple[subprocess.Popen, Path, Path]:
    """Start the writer process; wait until it has published its first checkpoint (opening
    a large store can take a while). Returns (process, its socket, the locator file).
    ``fresh``: a writer started again in ``run_dir``: what the one before left (its socket,
    its locator) is removed first, so that the wait is for the new one's."""
    socket_path, locator = run_dir / "writer.sock", run_dir / "checkpoint"
    if fresh:
        socket_path.unlink(missing_ok=True)
        locator.unlink(missing_ok=True)
    (run_dir / "settings.pickle").write_bytes(pickle.dumps(settings))
    writer = subprocess.Popen([sys.executable, "-m", "cqcgraph.web.serve", str(run_dir)])
    deadline = time.monotonic() + timeout
    while not (locator.exists() and socket_path.exists()):
        if writer.poll() is not None:
            raise SystemExit(f"cqcgraph: the writer process stopped at start"
                             f" (status {writer.returncode})")
        if time.monotonic() > deadline:
            stop_process(writer)
            raise SystemExit("cqcgraph: the writer process did not start in time")
        time.sleep(0.1)
    return writer, socket_path, locator


def serve_readers(settings: Settings, n: int, socket_path: str, locator: str,
                  supervisor: "WriterSupervisor") -> None:
    from cqcgraph.web.client_cap import SharedCounts

    slots = 2 * n + 4  # room for replacements starting while the old one stops
    shared = SharedCounts(slots)  # made before the fork: every reader shares it
    free = list(range(slots))

    def pre_fork(server, worker) -> None:  # noqa: ANN001 - in the master
        worker.cqcgraph_slot = free.pop(0)
        shared.clear(worker.cqcgraph_slot)

    def post_fork(server, worker) -> None:  # noqa: ANN001 - in the new worker
        shared.slot = worker.cqcgraph_slot

    def child_exit(server, worker) -> None:  # noqa: ANN001 - in the master
        slot = getattr(worker, "cqcgraph_slot", None)
        if slot is not None:
            shared.clear(slot)
            free.append(slot)

    # ``--workers`` main-lane workers in all, shared out among the readers: more would run
    # more heavy queries at once on the same cores, and slow every lookup beside them
    per_reader = settings.with_overrides(workers=max(1, -(-settings.workers // n)))

    def load():  # noqa: ANN202
        return _create_app(settings=per_reader, role="reader", locator=locator,
                           writer_socket=socket_path, shared_counts=shared)

    def when_ready(server) -> None:  # noqa: ANN001 - in the master, its handlers installed
        supervisor.stop_on_signals()

    hooks = {"pre_fork": pre_fork, "post_fork": post_fork, "child_exit": child_exit,
             "when_ready": when_ready}
    _application(gunicorn_options(settings, workers=n), load, hooks).run()


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def writer_main(run_dir: Path) -> None:
    """The writer process: the app over the store, read-write, on the Unix socket of
    ``run_dir``; once up, it writes where it publishes its checkpoints into the locator file."""
    settings: Settings = pickle.loads((run_dir / "settings.pickle").read_bytes())
    socket_path, locator = run_dir / "writer.sock", run_dir / "checkpoint"

    def load():  # noqa: ANN202
        app = _create_app(settings=settings, role="writer")
        pointer = app.extensions["cqcgraph"].checkpoint_pointer()
        temporary = locator.with_suffix(".new")
        temporary.write_text(pointer)
        os.replace(temporary, locator)
        return app

    options = gunicorn_options(settings, bind=f"unix:{socket_path}", threads=16)
    options["proc_name"] = "cqcgraph-writer"
    _application(options, load).run()


if __name__ == "__main__":
    writer_main(Path(sys.argv[1]))
