"""A query worker: a separate process that runs SPARQL queries over a read-only snapshot of the
store and streams the serialized answer back through its stdout, so that the server can kill
it when a query passes the time limit (pyoxigraph has no cancellation: killing the process is the only way
to free the CPU).

Frames, both ways: one type byte, a 4-byte big-endian length, the payload.

* in:  ``Q`` + JSON request (snapshot path, query, dataset, formats, row cap, prefixes)
* out: ``H`` + JSON header (result kind, format) just before the first ``D``;
  ``D`` + bytes of the answer; ``E`` + JSON ``{status, message}``; ``Z`` at the end, with
  the CPU time the worker has used so far (:data:`CPU_STAMP`), so that the server knows
  what the next request starts from without asking the system.

Nothing is sent before the answer's first 64 KiB are ready (or the answer is complete), so an
error found early still gets its proper status. Imports pyoxigraph and the standard library
(plus :mod:`cqcgraph.sparql.protocol` for error messages): it starts fast.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import time
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from cqcgraph import formats, media_types
from cqcgraph.store import RDF_FORMATS, GraphStore
from cqcgraph.sparql.protocol import syntax_error_message

HEADER = struct.Struct(">cI")
#: The payload of a ``Z`` frame: the worker's CPU time in seconds (user and system).
CPU_STAMP = struct.Struct(">d")
FIRST_FLUSH = 64 * 1024
LATER_FLUSH = 64 * 1024
FLUSH_INTERVAL = 0.25

RESULT_FORMATS = formats.RESULT_FORMATS
GRAPH_FORMATS = RDF_FORMATS

Emit = Callable[[bytes, bytes], None]


def write_frame(stream: BinaryIO, kind: bytes, payload: bytes) -> None:
    stream.write(HEADER.pack(kind, len(payload)) + payload)
    stream.flush()


def read_frame(stream: BinaryIO) -> tuple[bytes, bytes] | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    kind, length = HEADER.unpack(head)
    payload = stream.read(length) if length else b""
    return kind, payload


class RowCapExceeded(Exception):
    pass


class OverBudget(Exception):
    """A query run in the server's own process (:func:`execute` with a ``budget``) passed
    its budget: nothing of it was sent, and it is to run in a query worker instead."""


class Budget:
    """The CPU time (of the calling thread: Oxigraph evaluates on it) and the wall time a
    query may take in the server's own process; :meth:`check` raises OverBudget past either."""

    def __init__(self, cpu: float, wall: float) -> None:
        self.cpu_end = time.thread_time() + cpu
        self.wall_end = time.monotonic() + wall
        self.passed = False

    def check(self) -> None:
        if time.thread_time() > self.cpu_end or time.monotonic() > self.wall_end:
            self.passed = True  # (raised inside Oxigraph's serializer, it may come out as
            raise OverBudget     # another exception)


class RowCounter:
    """Counts result rows in the serialized bytes, for the row cap, without a Python loop over
    solutions (Oxigraph serializes). Exact for XML (``<result>`` never occurs escaped), TSV
    (newlines inside literals are escaped) and CSV (newlines inside quoted fields are
    skipped); for JSON it counts binding objects by the ``{"``/``{}`` that open them after
    ``[`` or ``,`` (a ``"`` is always escaped inside a JSON string)."""

    PATTERNS = {
        "xml": (b"<result>",),
        "json": (b'[{"', b',{"', b"[{}", b",{}"),
    }

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.rows = 0
        self.tail = b""
        self.in_quote = False
        self.lines = 0

    def feed(self, data: bytes) -> int:
        if self.fmt == "tsv":
            self.lines += data.count(b"\n")
            self.rows = max(0, self.lines - 1)
        elif self.fmt == "csv":
            parts = data.split(b'"')
            for i, part in enumerate(parts):
                if not self.in_quote:
                    self.lines += part.count(b"\n")
                if i < len(parts) - 1:
                    self.in_quote = not self.in_quote
            self.rows = max(0, self.lines - 1)
        elif self.fmt in self.PATTERNS:
            window = self.tail + data
            self.rows += sum(window.count(p) for p in self.PATTERNS[self.fmt])
            keep = max(len(p) for p in self.PATTERNS[self.fmt]) - 1
            self.tail = window[-keep:]
        return self.rows


class StreamWriter:
    """The file object Oxigraph serializes into: buffers, then emits ``D`` frames; counts rows
    and stops the serializer when the cap is passed."""

    def __init__(self, emit: Emit, header: dict, counter: RowCounter | None, max_rows: int,
                 budget: Budget | None = None) -> None:
        self.emit = emit
        self.budget = budget
        self.header = header
        self.counter = counter
        self.max_rows = max_rows
        self.buffer: list[bytes] = []
        self.size = 0
        self.started = False
        self.last_flush = time.monotonic()
        self.capped = False

    def write(self, data: bytes) -> int:
        data = bytes(data)
        if self.budget is not None:
            self.budget.check()
        if self.counter is not None and self.counter.feed(data) > self.max_rows:
            self.capped = True
            raise RowCapExceeded
        self.buffer.append(data)
        self.size += len(data)
        limit = LATER_FLUSH if self.started else FIRST_FLUSH
        if self.size >= limit or (
            self.started and time.monotonic() - self.last_flush > FLUSH_INTERVAL
        ):
            self.flush_out()
        return len(data)

    def flush(self) -> None:  # Oxigraph calls flush(); sending is decided by size and time
        pass

    def flush_out(self) -> None:
        if not self.started:
            self.emit(b"H", json.dumps(self.header).encode())
            self.started = True
        if self.buffer:
            self.emit(b"D", b"".join(self.buffer))
        self.buffer, self.size = [], 0
        self.last_flush = time.monotonic()


def _term(spec: dict) -> ox.NamedNode | ox.Literal:
    if spec["t"] == "iri":
        return ox.NamedNode(spec["v"])
    if spec.get("lang"):
        return ox.Literal(spec["v"], language=spec["lang"])
    if spec.get("dt"):
        return ox.Literal(spec["v"], datatype=ox.NamedNode(spec["dt"]))
    return ox.Literal(spec["v"])


#: What Oxigraph raises when it refuses to evaluate a query or an update as asked (a graph
#: that does not exist, a value it cannot take): the request's fault, a 400. Anything else
#: raised while evaluating is a fault of ours, a 500.
QUERY_FAULTS: tuple[type[Exception], ...] = (RuntimeError, ValueError)


def internal_error(exc: BaseException) -> str:
    """A readable message for a fault of ours (the exception's kind and text, no paths)."""
    return f"internal error ({type(exc).__name__}): {_clean(exc)}"


def _error(emit: Emit, status: int, message: str) -> None:
    emit(b"E", json.dumps({"status": status, "message": message}).encode())


def _clean(message: object) -> str:
    """An engine message without machine paths."""
    words = [("<path>" if os.sep in w and not w.startswith(("<http", "http")) else w)
             for w in str(message).split()]
    return " ".join(words)[:500]


def execute(store: GraphStore, request: dict, emit: Emit, budget: Budget | None = None) -> None:
    """Run one query request (or a batch of them) against ``store`` and emit its frames
    (always ending with ``Z`` or ``E``). With a ``budget`` (a query run in the server's own
    process), raises OverBudget once the answer being written has taken more than it."""
    if "batch" in request:
        execute_batch(store, request["batch"], emit, budget)
        return
    substitutions = {k: _term(v) for k, v in (request.get("substitutions") or {}).items()}
    try:
        result = store.engine_query(
            request["query"], base_iri=request.get("base_iri"),
            default_graph=request.get("default_graphs"),
            named_graphs=request.get("named_graphs"), union=request.get("union", True),
            substitutions=substitutions)
    except SyntaxError as exc:
        _error(emit, 400, syntax_error_message(str(exc)))
        return
    except OSError as exc:
        _error(emit, 502 if "service" in str(exc).lower() else 500, _clean(exc))
        return
    except QUERY_FAULTS as exc:  # the engine refused to evaluate this query
        _error(emit, 400, "query error: " + _clean(exc))
        return
    except Exception as exc:  # noqa: BLE001 - a fault of ours: said, not hidden as a 400
        _error(emit, 500, internal_error(exc))
        return

    if isinstance(result, ox.QueryTriples):
        kind, fmt = "triples", request.get("graph_format")
        offered = "Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads or TriG"
    else:
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        fmt = request.get("results_format")
        offered = "SPARQL JSON, SPARQL XML, CSV or TSV"
    if not fmt:
        _error(emit, 406, f"this query's answer can be sent as {offered}, and the Accept header"
                          " allows none of them")
        return
    max_rows = int(request.get("max_rows") or 1_000_000)
    header = {"kind": kind, "format": fmt}
    counter = RowCounter(fmt) if kind == "solutions" else None
    writer = StreamWriter(emit, header, counter, max_rows, budget)
    try:
        if kind == "triples":
            count = 0

            def capped(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
                nonlocal count
                for triple in triples:
                    count += 1
                    if budget is not None:
                        budget.check()
                    if count > max_rows:
                        writer.capped = True
                        raise RowCapExceeded
                    yield triple

            prefixes = request.get("prefixes") if fmt in media_types.PREFIX_FORMAT_NAMES else None
            ox.serialize(capped(result), writer,  # type: ignore[arg-type] # a binary file-like
                         GRAPH_FORMATS[fmt], prefixes=prefixes or None)
        else:
            assert not isinstance(result, ox.QueryTriples)
            result.serialize(writer, RESULT_FORMATS[fmt])  # type: ignore[arg-type] # file-like
        writer.flush_out()
    except Exception as exc:  # noqa: BLE001 - reported as a frame; the parent decides
        if budget is not None and budget.passed:
            raise OverBudget from exc
        if writer.capped:
            _error(emit, 413 if not writer.started else 500,
                   f"the answer has more than {max_rows:,} "
                   f"{'triples' if kind == 'triples' else 'rows'}, the limit of this server")
        elif isinstance(exc, OSError):
            _error(emit, 502, _clean(exc))
        elif isinstance(exc, QUERY_FAULTS):
            _error(emit, 400 if not writer.started else 500, "query error: " + _clean(exc))
        else:
            _error(emit, 500, internal_error(exc))
        return
    emit(b"Z", b"")


def execute_batch(store: GraphStore, requests: list[dict], emit: Emit,
                  budget: Budget | None = None) -> None:
    """Run several query requests (the lookups of one page) in one go and emit one answer:
    each request's own answer as one frame inside it, ``D`` + its bytes or ``E`` + its error
    (:func:`split_batch` reads them), so a page costs one round trip, not one per lookup."""
    out: list[bytes] = []
    for request in requests:
        frames = _frames_of(store, {k: v for k, v in request.items() if k != "batch"}, budget)
        kind, payload = frames[-1]
        if kind != b"E":
            kind, payload = b"D", b"".join(p for k, p in frames if k == b"D")
        out.append(HEADER.pack(kind, len(payload)) + payload)
    emit(b"H", json.dumps({"kind": "batch", "format": "batch"}).encode())
    emit(b"D", b"".join(out))
    emit(b"Z", b"")


def _frames_of(store: GraphStore, request: dict,
               budget: Budget | None = None) -> list[tuple[bytes, bytes]]:
    frames: list[tuple[bytes, bytes]] = []
    execute(store, request, lambda kind, payload: frames.append((kind, payload)), budget)
    return frames


def split_batch(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (kind, payload) of each request of a batch's answer, in order."""
    out, at = [], 0
    while at < len(data):
        kind, length = HEADER.unpack_from(data, at)
        at += HEADER.size
        out.append((kind, data[at:at + length]))
        at += length
    return out


def serve(stdin: BinaryIO, stdout: BinaryIO, *, snapshot: str | None = None) -> None:
    """Answer request frames from ``stdin`` on ``stdout`` until ``stdin`` closes; with
    ``snapshot``, open that store first (before the first request names it)."""
    store: GraphStore | None = None
    opened: str | None = None
    if snapshot is not None:
        try:
            store, opened = GraphStore.open_checkpoint(Path(snapshot)), snapshot
        except OSError:
            pass  # the first request opens it again and says why it cannot

    pending: list[bytes] = []
    streaming = [False]  # a data frame of the answer under way has been sent

    def emit(kind: bytes, payload: bytes) -> None:
        # A small answer goes out in one write (header, data, end), so the server wakes once:
        # the header waits for the first data, and a first data frame under FIRST_FLUSH is the
        # whole answer (a partial answer is sent only once it passes that size), so it waits
        # for the end, which follows at once.
        if kind == b"Z":
            payload = CPU_STAMP.pack(time.process_time())
        pending.append(HEADER.pack(kind, len(payload)) + payload)
        if kind == b"H" or (kind == b"D" and not streaming[0] and len(payload) < FIRST_FLUSH):
            return
        streaming[0] = kind == b"D"
        stdout.write(b"".join(pending))
        stdout.flush()
        pending.clear()

    while True:
        frame = read_frame(stdin)
        if frame is None:
            return
        kind, payload = frame
        request = json.loads(payload)
        if request.get("snapshot") != opened:  # ("O": open it now, before a query needs it)
            store = None
            try:
                store = GraphStore.open_checkpoint(request["snapshot"])
                opened = request["snapshot"]
            except OSError as exc:
                opened = None
                if kind == b"Q":
                    _error(emit, 503, "the store snapshot cannot be opened: " + _clean(exc))
                else:
                    emit(b"Z", b"")
                continue
        if kind == b"O":
            emit(b"Z", b"")
            continue
        assert store is not None
        execute(store, request, emit)


def main() -> None:
    """Serve requests on stdin/stdout until stdin closes."""
    lower = os.environ.get("CQCGRAPH_WORKER_NICE", "")
    if lower.isdigit():
        os.nice(int(lower))  # a main-lane worker (see cqcgraph.sparql.workers)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the frame stream
    serve(stdin, stdout)


if __name__ == "__main__":
    main()
