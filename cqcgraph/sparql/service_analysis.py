"""rdflib's reading of a query's SERVICE and LOAD operations, in a separate process that can be
killed: rdflib's SPARQL parser is pure Python (tens of microseconds per byte, deep recursion),
so it never runs in a request thread, where it would hold the interpreter lock and starve the
server (``/health`` included).

* :func:`rdflib_reading` is the reading itself (run in the analyser process).
* :class:`Analyser` keeps up to ``size`` analyser processes; each call has a time limit, past
  which the process is killed (SIGKILL frees the CPU at once) and replaced on demand.

Frames as in :mod:`cqcgraph.sparql.query_worker`: ``A`` + JSON ``{text, update, base_iri}`` in;
``R`` + JSON ``{services: [[endpoint, silent, nested], ...], load: bool}`` or ``E`` + JSON
``{message}`` out. Imports the standard library and (in the analyser process only) rdflib.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
import time
from typing import TYPE_CHECKING

from cqcgraph.sparql.query_worker import read_frame, write_frame

if TYPE_CHECKING:
    from cqcgraph.sparql.workers import FramedProcess


BUSY_WAIT = 1.0
"""Seconds a request waits for a free analyser before it is answered 503."""


class AnalysisFailed(Exception):
    """rdflib cannot read the text (a syntax it does not know, a recursion limit...)."""


class AnalysisTimeout(Exception):
    """The reading did not finish within its time limit; the process was killed."""


class AnalysisBusy(Exception):
    """Every analyser process stayed busy for the whole wait."""


_PATCHED = False


def _patch_rdflib() -> None:
    """rdflib's parse action for ``SERVICE`` searches the *whole* query text again for the
    pattern's original text (to keep it for evaluation, which we never do): quadratic in the
    size of the query, and for a SERVICE nested in a SERVICE an endless recursion. Renaming
    the grammar element skips that action; :func:`_rename_back` restores the name in the
    parse tree before the algebra is built."""
    global _PATCHED
    if not _PATCHED:
        from rdflib.plugins.sparql import parser

        parser.ServiceGraphPattern.set_name("ServiceGraphPattern (unevaluated)")
        _PATCHED = True


def _rename_back(node: object, seen: set[int]) -> None:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern (unevaluated)":
                item.name = "ServiceGraphPattern"
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)


def rdflib_reading(text: str, *, update: bool, base_iri: str | None) -> dict:
    """The SERVICE patterns (nested ones included) and whether there is a LOAD, as rdflib's
    SPARQL parser reads ``text`` (prefixed names and relative IRIs resolved)."""
    _patch_rdflib()
    from rdflib.plugins.sparql import algebra, parser
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    if update:
        update_tree = parser.parseUpdate(text)
        _rename_back(update_tree, set())
        root: object = list(algebra.translateUpdate(update_tree, base=base_iri).algebra)
    else:
        query_tree = parser.parseQuery(text)
        _rename_back(query_tree, set())
        root = algebra.translateQuery(query_tree, base=base_iri).algebra
    services: list[list] = []
    load = False
    seen: set[int] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:  # iterative: a deep tree must not exhaust the stack here either
        node, nested = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                endpoint = f"?{term}" if isinstance(term, Variable) else str(term)
                services.append([endpoint, "silent" in node.keys(), nested])
                stack.extend((value, True) for value in node.values())
                continue
            if node.name == "Load":
                load = True
            stack.extend((value, nested) for value in node.values())
        elif isinstance(node, (list, tuple, set)):
            stack.extend((value, nested) for value in node)
        elif isinstance(node, dict):
            stack.extend((value, nested) for value in node.values())
    return {"services": services, "load": load}


def main() -> None:
    """Serve analysis requests on stdin/stdout until stdin closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    # pyparsing recurses a few dozen frames per grammar level: give it room, on a big stack
    sys.setrecursionlimit(100_000)
    threading.stack_size(512 * 1024 * 1024)

    def serve() -> None:
        while True:
            frame = read_frame(stdin)
            if frame is None:
                return
            request = json.loads(frame[1])
            try:
                answer = rdflib_reading(request["text"], update=request["update"],
                                        base_iri=request.get("base_iri"))
                write_frame(stdout, b"R", json.dumps(answer).encode())
            except BaseException as exc:  # noqa: BLE001 - any failure means "cannot analyse"
                reason = " ".join(str(exc).split())[:200] or type(exc).__name__
                write_frame(stdout, b"E", json.dumps({"message": reason}).encode())

    thread = threading.Thread(target=serve, name="cqcgraph-analysis")
    thread.start()
    thread.join()


class Analyser:
    """Up to ``size`` analyser processes, started when first needed."""

    def __init__(self, size: int = 2) -> None:
        self.size = max(1, size)
        self._idle: queue.Queue[FramedProcess] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()
        import atexit

        atexit.register(self.close)

    def read(self, text: str, *, update: bool, base_iri: str | None, timeout: float) -> dict:
        """rdflib's reading of ``text``; raises AnalysisFailed, AnalysisTimeout or
        AnalysisBusy."""
        from cqcgraph.sparql.workers import QueryTimeout

        deadline = time.monotonic() + timeout
        # a short wait only: a request waiting here holds one of the server's few threads
        process = self._checkout(min(timeout, BUSY_WAIT))
        try:
            process.send(b"A", {"text": text, "update": update, "base_iri": base_iri})
            kind, payload = process.frame(deadline)
        except QueryTimeout:
            self._discard(process)
            raise AnalysisTimeout from None
        except (EOFError, OSError):
            self._discard(process)
            raise AnalysisFailed("the analyser stopped") from None
        self._idle.put(process)
        body = json.loads(payload)
        if kind == b"E":
            raise AnalysisFailed(body["message"])
        return body

    def _checkout(self, wait: float) -> "FramedProcess":
        try:
            process = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                start = self._started < self.size
                if start:
                    self._started += 1
            if start:
                from cqcgraph.sparql.workers import FramedProcess

                return FramedProcess("cqcgraph.sparql.service_analysis")
            try:
                process = self._idle.get(timeout=wait)
            except queue.Empty:
                raise AnalysisBusy from None
        if not process.alive:
            self._discard(process)
            return self._checkout(wait)
        return process

    def _discard(self, process: "FramedProcess") -> None:
        process.kill()
        with self._lock:
            self._started -= 1

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


if __name__ == "__main__":
    main()
