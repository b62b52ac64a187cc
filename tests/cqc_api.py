"""A local stand-in for CQC's Syndication API, answering in its real shapes, on a loopback port
chosen by the OS, in a thread of the test process (start it with ``with FakeCqcApi(...) as api``).

It checks the subscription key header, pages lists with ``page``/``perPage`` (``total``,
``totalPages``, ``firstPageUri``, ``nextPageUri``, ``lastPageUri``), lists changed locations
between ``startTimestamp`` and ``endTimestamp``, and can be told to fail: ``fail_once[(path,
page)] = [status, …]`` answers those statuses first (429 with ``Retry-After: 1``), then the
real answer; ``delay`` slows every item answer. Every request is logged as (path, page).

Imported by the test modules (``tests/`` is on ``sys.path``).
"""

from __future__ import annotations

import copy
import http.server
import json
import math
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

TEMPLATE = Path(__file__).resolve().parent / "fixtures" / "corpus" / "034.txt"
PREFIX = "/public/v1"
KEY = "test-subscription-key"


def location_json(n: int, *, provider: str | None = None, name: str | None = None) -> dict:
    """A location as the API gives it (a real one's JSON with its keys and name changed)."""
    data = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    data["locationId"] = f"1-{9000000 + n}"
    data["providerId"] = provider or f"1-{8000000 + n % 3}"
    data["name"] = name or f"Sync Test House {n}"
    data["odsCode"] = f"VS{n:03d}"
    data["uprn"] = str(100000000 + n)
    data["postalCode"] = f"EX{n % 9 + 1} {n % 9 + 1}TU"
    return data


def provider_json(n: int) -> dict:
    return {"providerId": f"1-{8000000 + n}", "organisationType": "Provider",
            "name": f"Sync Test Care Ltd {n}", "postalAddressLine1": f"{n} High Street",
            "postalAddressTownCity": "Exeter", "postalCode": "EX1 1AA",
            "registrationStatus": "Registered", "registrationDate": "2012-04-01",
            "companiesHouseNumber": f"0{7000000 + n}"}


class FakeCqcApi:
    def __init__(self, locations: list[dict], providers: list[dict], *,
                 changes: list[tuple[str, str]] = (), delay: float = 0.0) -> None:
        self.locations = {d["locationId"]: d for d in locations}
        self.providers = {d["providerId"]: d for d in providers}
        self.changes = list(changes)  # (timestamp, location ID)
        self.delay = delay
        self.fail_once: dict[tuple[str, int | None], list[int]] = {}
        self.log: list[tuple[str, int | None]] = []
        self._lock = threading.Lock()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                api._answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{PREFIX}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeCqcApi":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests_for(self, path: str) -> list[int | None]:
        with self._lock:
            return [page for p, page in self.log if p == path]

    # -- answers ----------------------------------------------------------------------------
    def _send(self, handler, status: int, body: object, headers: dict | None = None) -> None:
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            handler.send_header(k, v)
        handler.end_headers()
        handler.wfile.write(data)

    def _answer(self, handler) -> None:
        url = urlparse(handler.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path[len(PREFIX):] if url.path.startswith(PREFIX) else url.path
        page = int(query["page"]) if query.get("page", "").isdigit() else None
        with self._lock:
            self.log.append((path, page))
            pending = self.fail_once.get((path, page))
            status = pending.pop(0) if pending else None
        if handler.headers.get("Ocp-Apim-Subscription-Key") != KEY:
            return self._send(handler, 401, {"statusCode": 401, "message": "Access denied due"
                                             " to missing subscription key."})
        if status == 429:
            return self._send(handler, 429, {"statusCode": 429, "message": "Rate limit is"
                                             " exceeded. Try again in 1 seconds."},
                              {"Retry-After": "1"})
        if status is not None:
            return self._send(handler, status, {"statusCode": status, "message": "failure"})
        parts = path.strip("/").split("/")
        if parts[0] in ("locations", "providers") and len(parts) == 2:
            if self.delay:
                time.sleep(self.delay)
            items = self.locations if parts[0] == "locations" else self.providers
            if parts[1] not in items:
                return self._send(handler, 404, {"statusCode": 404, "message": "not found"})
            return self._send(handler, 200, items[parts[1]])
        if parts[0] in ("locations", "providers") and len(parts) == 1:
            key = "locationId" if parts[0] == "locations" else "providerId"
            items = self.locations if parts[0] == "locations" else self.providers
            entries = [{key: i, f"{parts[0][:-1]}Name": d.get("name"),
                        "postalCode": d.get("postalCode")} for i, d in sorted(items.items())]
            return self._send(handler, 200, self._page(path, query, parts[0], entries))
        if path == "/changes/location":
            start, end = query.get("startTimestamp", ""), query.get("endTimestamp", "9")
            ids = [i for ts, i in self.changes if start <= ts < end]
            return self._send(handler, 200, self._page(path, query, "changes", ids))
        return self._send(handler, 404, {"statusCode": 404, "message": "Resource not found"})

    def _page(self, path: str, query: dict, key: str, entries: list) -> dict:
        page, per = int(query.get("page", 1)), int(query.get("perPage", 1000))
        pages = max(1, math.ceil(len(entries) / per))

        def uri(n: int) -> str:
            return f"{PREFIX}{path}?page={n}&perPage={per}"

        return {"total": len(entries), "page": page, "totalPages": pages, "perPage": per,
                "firstPageUri": uri(1), "nextPageUri": uri(page + 1) if page < pages else None,
                "lastPageUri": uri(pages), key: copy.deepcopy(entries[(page - 1) * per:page * per])}
