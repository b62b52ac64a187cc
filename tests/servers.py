"""Real servers for the tests, all on loopback, each started and stopped by its caller (a fixture)
with bounded waits: cqcgraph's own server (``cqcgraph serve``, gunicorn), an independent
``oxigraph serve`` from the ``oxigraph`` PyPI package, and misbehaving endpoints (one that accepts
connections and never answers, one that answers HTTP 500, one that trickles its answer).

Imported by the test modules (``tests/`` is on ``sys.path``); test_server.py re-exports the
cqcgraph helpers for the modules that import them from there.
"""

from __future__ import annotations

import atexit
import contextlib
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

TESTS = Path(__file__).resolve().parent
PROJECT = TESTS.parent
DEMO = PROJECT / "demo"
SEEDS = TESTS / "fixtures" / "seeds"
FEDERATION = TESTS / "fixtures" / "federation"
START_TIMEOUT = float(os.environ.get("CQCGRAPH_TEST_START_TIMEOUT", "180"))

# Every process group started here, so that none outlives the test run: a fixture stops its
# own server, and ``stop_all`` (called when the pytest session ends, and at exit) stops any
# that a failure left behind.
_STARTED: list[subprocess.Popen] = []


class FromAddress(HTTPAdapter):
    """Connections from another loopback address: another client, as the server sees it
    (any of 127.0.0.0/8 reaches a server listening on 127.0.0.1)."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


def track(proc: subprocess.Popen) -> subprocess.Popen:
    """Keep ``proc`` (the leader of a process group of its own) among those stopped when the
    run ends, however it ends (``stop_all``, ``_kill_all_then_die``)."""
    _STARTED.append(proc)
    return proc


def die_with_parent():  # noqa: ANN201 - a preexec_fn, or None where it cannot be had
    """The ``preexec_fn`` for every process a test starts: it asks Linux to send the new process
    SIGTERM when the process that started it dies, however it dies (SIGKILL included, where no
    handler of ours can run), so that it ends with the run; None on other systems."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    parent = os.getpid()

    def request() -> None:
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before the request took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return request


def stop_all() -> None:
    """Stop every process group started through this module that is still running."""
    for proc in list(_STARTED):
        stop_server(proc)


atexit.register(stop_all)


def _kill_all_then_die(signum: int, _frame: object) -> None:
    """On SIGTERM or SIGHUP (a run stopped by ``kill``, ``timeout`` or a closed terminal, where
    neither the session's end nor ``atexit`` comes): kill every process group started here
    that is still running, then end as that signal would have. No waiting in a signal
    handler: the groups get SIGKILL at once."""
    for proc in list(_STARTED):
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


if threading.current_thread() is threading.main_thread():
    for _signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(_signum) in (signal.SIG_DFL, None):
            signal.signal(_signum, _kill_all_then_die)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(proc: subprocess.Popen, probe: str, what: str) -> None:
    """Poll ``probe`` until it answers 200 or the deadline passes. A slow answer, a refused
    connection and a read timeout are all "not yet" (a loaded machine answers late); only the
    deadline or the process exiting is failure, and then the process group is stopped."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            stop_server(proc)
            raise RuntimeError(f"{what} exited at start (status {proc.returncode})")
        try:
            remaining = max(1.0, deadline - time.monotonic())
            if requests.get(probe, timeout=min(10.0, remaining)).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT:g} s")


# -- cqcgraph ------------------------------------------------------------------------------

def start_server(store: Path, *args: str, env: dict | None = None,
                 log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """``cqcgraph serve`` over ``store`` on a free loopback port: (process, base URL)."""
    port = free_port()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cqcgraph", "serve", "--store", str(store), "--port",
             str(port), *args],
            env={**os.environ, **(env or {})}, stdout=out, stderr=out, start_new_session=True,
            preexec_fn=die_with_parent(),
        )
        track(proc)
    finally:
        if log:
            out.close()  # the child has its own copy
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(proc, url + "/health", "the cqcgraph server")
    return proc, url


@contextlib.contextmanager
def serving(store: Path, *args: str, token: str | None = None, env: dict | None = None,
            log: Path | None = None):
    """``cqcgraph serve`` over ``store`` for the ``with`` block, yielding its base URL; with
    ``token``, writes are on (the token in a file beside the store). Stopped however the
    block ends."""
    if token is not None:
        token_file = store.parent / "token"
        token_file.write_text(token)
        args = (*args, "--write-token-file", str(token_file))
    proc, url = start_server(store, *args, env=env, log=log)
    try:
        yield url
    finally:
        stop_server(proc)


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started here and every process of its group (gunicorn's workers, query
    workers), then wait for it. SIGTERM first; whatever of the group is left after 20 s, or
    after the leader exited, gets SIGKILL."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers of the group, if any
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    if proc in _STARTED:
        _STARTED.remove(proc)


def _group_stats(pgid: int):  # noqa: ANN202 - yields lists of str
    """The ``/proc/PID/stat`` fields after the command name of each live process of group
    ``pgid`` (what the benches measure the server's processes by)."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 21 and fields[2] == str(pgid):
            yield fields


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of group ``pgid``."""
    ticks = sum(int(f[11]) + int(f[12]) for f in _group_stats(pgid))
    return ticks / os.sysconf("SC_CLK_TCK")


def group_rss(pgid: int) -> tuple[int, int]:
    """(largest process, sum) resident memory in bytes of process group ``pgid``."""
    sizes = [int(f[21]) * os.sysconf("SC_PAGE_SIZE") for f in _group_stats(pgid)]
    return max(sizes, default=0), sum(sizes)


def ingest(store: Path, *files: Path) -> None:
    subprocess.run([sys.executable, "-m", "cqcgraph", "ingest", "-q", "--store", str(store),
                    *map(str, files)], check=True, capture_output=True, timeout=300)


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


# -- a second, independent SPARQL server: oxigraph serve -------------------------------------

def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command of the ``oxigraph`` PyPI package (beside this Python first)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def start_oxigraph(location: Path, *files: Path) -> tuple[subprocess.Popen, str]:
    """``oxigraph serve`` over a new store at ``location`` holding ``files``: (process, base
    URL). Its SPARQL endpoint is ``URL + "/query"``."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph command is not installed (pip install oxigraph)")
    for file in files:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(file)],
                       check=True, capture_output=True, timeout=120)
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=die_with_parent(),
    )
    track(proc)
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(proc, url + "/query?query=ASK%7B%7D", "oxigraph serve")
    return proc, url


# -- misbehaving endpoints --------------------------------------------------------------------

class SilentEndpoint:
    """A raw TCP listener on loopback that accepts connections and never answers. ``connections``
    counts what connected, so it also proves that nothing did."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            self._held.append(conn)  # held open, never read, never answered

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self._held:
            conn.close()
        self._sock.close()

    def __enter__(self) -> "SilentEndpoint":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ScriptedEndpoint:
    """An HTTP server on loopback whose every answer is produced by ``respond(handler)``."""

    def __init__(self, respond) -> None:  # noqa: ANN001
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                respond(self)

            do_GET = do_POST = _any  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def answering(status: int, body: bytes, content_type: str):  # noqa: ANN201
    """A ``respond`` for :class:`ScriptedEndpoint` that gives every request the same answer."""
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def failing_endpoint() -> ScriptedEndpoint:
    """Answers every request with HTTP 500."""
    return ScriptedEndpoint(answering(500, b"internal failure of the remote endpoint\n",
                                      "text/plain"))


def trickling_endpoint(interval: float = 0.5, limit: float = 30.0) -> ScriptedEndpoint:
    """Sends a 200 with SPARQL JSON headers at once, then one byte of body every ``interval``
    seconds (for at most ``limit`` seconds): it is never idle long enough for a per-read socket
    timeout, so only a deadline on the whole call stops it."""
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[' + b" " * 10_000 + b"]}}"
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        end = time.monotonic() + limit
        try:
            for byte in body:
                if time.monotonic() > end:
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(interval)
        except OSError:
            return
    return ScriptedEndpoint(respond)
