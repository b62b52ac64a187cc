"""One query on its way to a remote SPARQL 1.1 store (:mod:`cqcgraph.remote_store`), with
the same face as :class:`cqcgraph.sparql.workers.QueryRun` (``start``, ``chunks``,
``read_all``, ``close``), so the command line and the endpoint answer from a remote store
as from the embedded one.

Why no query worker: the remote store does the work, so the time limit is the HTTP
request's (its socket's timeout, and a deadline over the whole answer): past it the
connection is closed and the client gets 503 (nothing sent yet) or an aborted stream. The
row cap counts the rows of the answer's bytes as they pass (the workers' own counter).
SERVICE: the guard has read the query before this; a SERVICE call the policy allows would
be made by the remote store, outside cqcgraph's proxy and time limit, so it is refused.

Imports the standard library, the remote store, and the rest of :mod:`cqcgraph.sparql`.
"""

from __future__ import annotations

import http.client
import io
import logging
import socket
import time
from typing import Iterator, Mapping

from cqcgraph import media_types, terms
from cqcgraph.errors import StreamAborted
from cqcgraph.remote_store import (CHUNK, RemoteRefused, RemoteStore, RemoteStoreError,
                                   RemoteTimeout, bind_values)
from cqcgraph.store import QueryError
from cqcgraph.sparql import text as sparql_text
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.sparql.query_worker import RowCounter
from cqcgraph.terms import Term

log = logging.getLogger("cqcgraph.sparql.remote")
_FORMATS = {f.name: f for f in media_types.RESULT_FORMATS + media_types.GRAPH_FORMATS}


def refuse_service(original: str) -> None:
    """A query the SERVICE guard let through, but with a SERVICE pattern (allowed, or a
    SERVICE SILENT the guard dropped): refused over a remote store (the remote would call
    it, outside cqcgraph's policy and limits). The guard has lexed the same text already."""
    if not sparql_text.mentions(original, "service"):
        return
    text = sparql_text.apply_escapes(original.replace("\r\n", "\n"))
    if sparql_text.service_patterns(text):
        raise ProtocolError(400, "SERVICE is not run over a remote store: the store itself"
                                 " would make the call, outside cqcgraph's proxy and time"
                                 " limit; query the other endpoint directly")


class RemoteQueryRun:
    """One query sent to the remote's query endpoint: :meth:`start` waits for the answer's
    first bytes (its header or an error); :meth:`chunks` streams the rest."""

    def __init__(self, store: RemoteStore, request: dict, timeout: float) -> None:
        self.store = store
        self.request = request
        self.timeout = timeout
        self.header: dict = {}
        self._answer: http.client.HTTPResponse | None = None
        self._first = b""
        self._deadline = 0.0
        self._counter: RowCounter | _LineCounter | None = None
        self._rows = 0

    def _kind_and_format(self, text: str) -> tuple[str, str]:
        form = sparql_text.query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            kind, fmt = "triples", self.request.get("graph_format")
            offered = "Turtle, N-Triples, RDF/XML, JSON-LD, N-Quads or TriG"
        else:
            kind = "boolean" if form == "ASK" else "solutions"
            fmt = self.request.get("results_format")
            offered = "SPARQL JSON, SPARQL XML, CSV or TSV"
        if not fmt:
            raise ProtocolError(406, f"this query's answer can be sent as {offered}, and the"
                                     " Accept header allows none of them")
        return kind, fmt

    def start(self) -> dict:
        """The header of the answer; raises ProtocolError for an error found before it."""
        text = self.request["query"]
        kind, fmt = self._kind_and_format(text)
        bound = {k: spec_term(v) for k, v in (self.request.get("substitutions") or {}).items()}
        try:
            text = bind_values(text, bound)
        except QueryError as exc:
            raise ProtocolError(400, str(exc)) from None
        if self.request.get("base_iri") and sparql_text.declared_base(text) is None:
            text = f"BASE <{self.request['base_iri']}>\n{text}"
        if "default_graphs" in self.request:
            params = self.store.query_params(default_graph=self.request["default_graphs"],
                                             named_graphs=self.request["named_graphs"])
        else:
            params = self.store.query_params(union=self.request.get("union", True))
        self._deadline = time.monotonic() + self.timeout
        try:
            self._answer = self.store.open_query(text, _FORMATS[fmt].media_type, params=params,
                                                 timeout=self.timeout)
            self._first = self._read_first()
        except RemoteTimeout:
            self.close()
            raise ProtocolError(503, f"the query did not finish within the time limit of"
                                     f" {self.timeout:g} s and was stopped") from None
        except RemoteRefused as exc:
            raise ProtocolError(400, "query error: " + str(exc)) from None
        except RemoteStoreError as exc:
            self.close()
            raise ProtocolError(exc.status, str(exc)) from None
        except StreamAborted as exc:
            self.close()
            raise ProtocolError(503 if "time limit" in str(exc) else 502, str(exc)) from None
        if kind == "solutions":
            self._counter = RowCounter(fmt)
        if kind == "triples" and fmt in ("ntriples", "nquads"):
            self._counter = _LineCounter()
        self._check_cap(self._first, started=False)
        self.header = {"kind": kind, "format": fmt}
        return self.header

    def _read_first(self) -> bytes:
        """The answer's first :data:`CHUNK` bytes, or all of it if it is shorter: as a query
        worker holds them back, so that an error found early (the row cap) still has its
        own status."""
        held: list[bytes] = []
        size = 0
        while size < CHUNK:
            data = self._read()
            if not data:
                break
            held.append(data)
            size += len(data)
        return b"".join(held)

    def _read(self) -> bytes:
        """The answer's next bytes within the time limit ("" at its end)."""
        assert self._answer is not None
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise StreamAborted("time limit reached while streaming")
        try:
            self.store.http.set_timeout(self._answer, remaining)
            return self._answer.read1(CHUNK)
        except (socket.timeout, TimeoutError):
            raise StreamAborted("time limit reached while streaming") from None
        except (OSError, http.client.HTTPException) as exc:
            raise StreamAborted(f"the store's answer stopped midway: {type(exc).__name__}") \
                from None

    def _check_cap(self, data: bytes, *, started: bool) -> None:
        if self._counter is None:
            return
        cap = int(self.request.get("max_rows") or 1_000_000)
        if self._counter.feed(data) > cap:
            self.close()
            what = "triples" if self.header.get("kind") == "triples" else "rows"
            message = f"the answer has more than {cap:,} {what}, the limit of this server"
            if started:
                raise StreamAborted(message)
            raise ProtocolError(413, message)

    def chunks(self) -> Iterator[bytes]:
        """The answer's bytes. Raises StreamAborted when it cannot be completed."""
        try:
            if self._first:
                yield self._first
            while True:
                data = self._read()
                if not data:
                    return
                self._check_cap(data, started=True)
                yield data
        finally:
            self.close()

    def buffered(self) -> None:
        """Never an answer in hand: a remote's answer streams (:meth:`chunks`), as
        :meth:`QueryRun.buffered` says when it has none."""
        return None

    def read_all(self) -> bytes:
        out = io.BytesIO()
        for chunk in self.chunks():
            out.write(chunk)
        return out.getvalue()

    def close(self) -> None:
        """Let the connection go (a half-read answer cannot be reused: it is closed)."""
        answer, self._answer = self._answer, None
        if answer is not None:
            self.store.http.release(answer)


def spec_term(spec: Mapping[str, str]) -> Term:
    """A bound parameter as the engine's requests carry it (:func:`~cqcgraph.sparql.engine.term_spec`)
    as the project's own term."""
    if spec["t"] == "iri":
        return terms.iri(spec["v"])
    if spec.get("lang"):
        return terms.literal(spec["v"], language=spec["lang"])
    return terms.literal(spec["v"], datatype=spec.get("dt") or terms.XSD_STRING)


class _LineCounter:
    """Counts the triples of an N-Triples or N-Quads answer (one per line)."""

    def __init__(self) -> None:
        self.rows = 0

    def feed(self, data: bytes) -> int:
        self.rows += data.count(b"\n")
        return self.rows
