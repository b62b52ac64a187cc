"""A per-client cap on requests in flight, so one client cannot hold every request thread.

The query lanes keep a cheap lookup fast while heavy queries run, but the request threads in
front of them are shared: a client that opens fifty connections and sends a heavy query on
each would hold them all, and everyone else would wait. This WSGI middleware counts the
requests each client has in flight (from the moment the request arrives until its answer,
streamed or not, has been sent or abandoned) and answers ``429 Too Many Requests`` with
``Retry-After`` to a request past the cap, at once and without touching the store.

The client is the connection's peer address; behind a reverse proxy that sets
``X-Forwarded-For`` (and strips what clients send in it), ``forwarded_for=True`` takes the
address the proxy appended instead. ``/health`` is never capped, so monitoring keeps working.

With several server processes (``cqcgraph serve`` with more than one HTTP worker) the counts
are shared (:class:`SharedCounts`): a client's requests count together whichever process
took them.

>>> cap = ClientCap(lambda environ, start: [b"ok"], limit=1)
>>> cap.in_flight("10.0.0.1")
0
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import multiprocessing
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: Paths that are never capped (cheap, and what monitoring polls).
EXEMPT = ("/health",)


class SharedCounts:
    """Requests in flight per client, shared by the server processes forked after it is made
    (in shared memory, under one lock). Each process counts in its own row (``slot``, set
    after the fork), so the row of a process that died is zeroed when it is replaced, and a
    client's count is the sum over the rows. A client is a bucket: its address hashed into
    ``buckets`` (two clients sharing a bucket count together: with 8,192 buckets, rarely)."""

    def __init__(self, slots: int, buckets: int = 8192) -> None:
        self.slots, self.buckets = slots, buckets
        self._counts = multiprocessing.RawArray(ctypes.c_int32, slots * buckets)
        self._lock = multiprocessing.Lock()
        self.slot = 0

    def _bucket(self, client: str) -> int:
        digest = hashlib.blake2b(client.encode("utf-8", "replace"), digest_size=8).digest()
        return int.from_bytes(digest, "big") % self.buckets

    def _total(self, bucket: int) -> int:
        return sum(self._counts[k * self.buckets + bucket] for k in range(self.slots))

    def get(self, client: str) -> int:
        with self._lock:
            return self._total(self._bucket(client))

    def enter(self, client: str, limit: int) -> bool:
        bucket = self._bucket(client)
        with self._lock:
            if self._total(bucket) >= limit:
                return False
            self._counts[self.slot * self.buckets + bucket] += 1
            return True

    def leave(self, client: str) -> None:
        index = self.slot * self.buckets + self._bucket(client)
        with self._lock:
            if self._counts[index] > 0:
                self._counts[index] -= 1

    def clear(self, slot: int) -> None:
        """Forget the counts of the process that had ``slot`` (it stopped)."""
        with self._lock:
            for k in range(slot * self.buckets, (slot + 1) * self.buckets):
                self._counts[k] = 0


class ClientCap:
    """Wrap ``app`` so that each client has at most ``limit`` requests in flight (0: no cap);
    ``shared`` counts across processes."""

    def __init__(self, app: WSGIApp, limit: int, *, forwarded_for: bool = False,
                 retry_after: int = 1, shared: SharedCounts | None = None) -> None:
        self.app = app
        self.limit = limit
        self.forwarded_for = forwarded_for
        self.retry_after = retry_after
        self.shared = shared
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def client_of(self, environ: dict[str, Any]) -> str:
        if self.forwarded_for:
            forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
            if forwarded:
                return forwarded.rsplit(",", 1)[-1].strip()
        return str(environ.get("REMOTE_ADDR", ""))

    def in_flight(self, client: str) -> int:
        if self.shared is not None:
            return self.shared.get(client)
        with self._lock:
            return self._counts.get(client, 0)

    def _enter(self, client: str) -> bool:
        if self.shared is not None:
            return self.shared.enter(client, self.limit)
        with self._lock:
            count = self._counts.get(client, 0)
            if count >= self.limit:
                return False
            self._counts[client] = count + 1
            return True

    def _leave(self, client: str) -> None:
        if self.shared is not None:
            self.shared.leave(client)
            return
        with self._lock:
            count = self._counts.get(client, 0) - 1
            if count > 0:
                self._counts[client] = count
            else:
                self._counts.pop(client, None)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.limit <= 0 or environ.get("PATH_INFO", "") in EXEMPT:
            return self.app(environ, start_response)
        client = self.client_of(environ)
        if not self._enter(client):
            body = json.dumps({
                "error": "too many requests",
                "message": f"this client already has {self.limit} requests in flight;"
                           f" retry after {self.retry_after} s",
            }).encode("utf-8") + b"\n"
            start_response("429 Too Many Requests", [
                ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                ("Retry-After", str(self.retry_after))])
            return [body]
        try:
            answer = self.app(environ, start_response)
        except BaseException:
            self._leave(client)
            raise
        return _Counted(answer, lambda: self._leave(client))


class _Counted:
    """An answer's body that calls ``done`` once, when the server closes it (sent or not)."""

    def __init__(self, answer: Iterable[bytes], done: Callable[[], None]) -> None:
        self._answer = answer
        self._done: Callable[[], None] | None = done

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._answer)

    def close(self) -> None:
        try:
            close = getattr(self._answer, "close", None)
            if close is not None:
                close()
        finally:
            done, self._done = self._done, None
            if done is not None:
                done()
