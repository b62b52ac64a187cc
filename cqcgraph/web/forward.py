"""Writes sent on to the writer: in a reader process (one of several ``cqcgraph serve``
processes answering reads over a checkpoint), every request that changes the store — ``POST
/update``, the Graph Store Protocol's ``PUT``, ``POST`` and ``DELETE`` on ``/store``, ``POST
/documents`` — is passed as it came (method, path, headers, body) to the store's one writer
process over a local socket, and the writer's answer is passed back as it is. The writer checks
the write token, writes in one transaction and publishes a new checkpoint before it answers,
so the next read through any process sees the write.

A body over the size cap is refused here at once (413), without sending it on. Imports the
standard library and the protocol's error shape: a WSGI middleware in front of the Flask app.
"""

from __future__ import annotations

import http.client
import logging
import socket
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from cqcgraph.sparql.protocol import error_body

log = logging.getLogger("cqcgraph.web")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: Headers that belong to one connection, never passed on.
HOP_BY_HOP = frozenset(("connection", "keep-alive", "proxy-connection", "transfer-encoding",
                        "te", "trailer", "upgrade"))
READS = frozenset(("GET", "HEAD", "OPTIONS"))


def is_write(method: str, path: str) -> bool:
    """Whether a request changes the store (and so goes to the writer)."""
    if method in READS:
        return False
    return path in ("/update", "/documents", "/store") or path.startswith("/store/")


class UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix domain socket (the writer listens on one that only this server's
    processes can reach)."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


class WriteForwarder:
    """Wrap a reader's ``app``: writes go to the writer at ``socket_path``, reads to ``app``.
    ``max_body`` bounds a body sent without a length (the writer checks sizes itself)."""

    def __init__(self, app: WSGIApp, socket_path: str, *, timeout: float, max_body: int) -> None:
        self.app = app
        self.socket_path = socket_path
        self.timeout = timeout
        self.max_body = max_body

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not is_write(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)
        return self.forward(environ, start_response)

    @staticmethod
    def refuse(start_response: Callable[..., Any], status: str, message: str,
               headers: tuple[tuple[str, str], ...] = ()) -> list[bytes]:
        data = error_body(int(status.split()[0]), message)
        start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                                ("Content-Length", str(len(data))), *headers])
        return [data]

    def forward(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items()
                   if key.startswith("HTTP_") and key[5:].replace("_", "-").lower()
                   not in HOP_BY_HOP}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        body: Any
        length = environ.get("CONTENT_LENGTH")
        if length and length.isdigit() and int(length) > self.max_body:
            return self.refuse(start_response, "413 Request Entity Too Large",
                               f"the request body is larger than the limit of"
                               f" {self.max_body:,} bytes")
        if length:
            headers["Content-Length"] = length
            body = _Limited(environ["wsgi.input"], int(length))
        else:
            data = environ["wsgi.input"].read(self.max_body + 1)
            headers["Content-Length"] = str(len(data))
            body = data
        target = environ.get("RAW_URI") or environ.get("PATH_INFO", "/")
        if "?" not in target and environ.get("QUERY_STRING"):
            target += "?" + environ["QUERY_STRING"]
        connection = UnixConnection(self.socket_path, self.timeout)
        try:
            connection.request(environ["REQUEST_METHOD"], target, body=body, headers=headers)
            answer = connection.getresponse()
        except OSError as exc:
            connection.close()
            log.warning("a write was answered 503: the store's writer cannot be reached (%s)",
                        exc)
            return self.refuse(start_response, "503 Service Unavailable",
                               "the store's writer is not available: try again shortly",
                               (("Retry-After", "5"),))
        start_response(f"{answer.status} {answer.reason}",
                       [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP])
        return _Relayed(connection, answer)


class _Limited:
    """The first ``n`` bytes of a WSGI input, as a file http.client reads in blocks."""

    def __init__(self, stream: Any, n: int) -> None:
        self.stream, self.left = stream, n

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data


class _Relayed:
    """The writer's answer body, passed on as it comes; the connection closes with it."""

    def __init__(self, connection: http.client.HTTPConnection,
                 answer: http.client.HTTPResponse) -> None:
        self.connection, self.answer = connection, answer

    def __iter__(self) -> Iterator[bytes]:
        while True:
            chunk = self.answer.read1(65536)
            if not chunk:
                return
            yield chunk

    def close(self) -> None:
        self.connection.close()
