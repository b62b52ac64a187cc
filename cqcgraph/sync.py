"""CQC's Syndication API as a live input: a full sync of locations and providers, then deltas
from the API's list of changed locations, each item stored as one document.

The API (https://api.service.cqc.org.uk/public/v1, a subscription key in the
``Ocp-Apim-Subscription-Key`` header):

* ``GET /locations?page=N&perPage=M`` and ``GET /providers?…``: pages of
  ``{"total", "page", "totalPages", "perPage", "nextPageUri", …, "locations": [{"locationId",
  …}]}`` (``"providers": [{"providerId", …}]``);
* ``GET /locations/{id}``, ``GET /providers/{id}``: the full JSON of one location or provider
  (read by the same reader as a downloaded copy of that JSON);
* ``GET /changes/location?startTimestamp=…&endTimestamp=…&page=N&perPage=M``:
  ``{"changes": ["1-…", …], "totalPages", …}``, the locations changed in the window.

Rules:

* Each item goes through the documents' ingest (read, extract, validate, one transaction),
  keyed by its URL on CQC's API whatever base URL served it, so a second copy of an unchanged
  item is ``unchanged`` and a changed one replaces the first: nothing is stored twice, and a
  crash leaves no half item.
* Where the sync stands is a small JSON state file beside the store, replaced atomically after
  every item. A run killed at any point continues from the item after the last one recorded
  (that one, if its write had committed, comes back ``unchanged``). A full sync remembers when
  it began; the next delta starts there, and each delta ends where the following one starts.
* Requests go through a token bucket (600 a minute by default, CQC's limit for a client). HTTP
  429 waits for ``Retry-After`` and tries again; a 5xx answer or a broken connection is tried
  again after a growing pause; both bounded. 401/403 is a key the API refuses.

Imports the standard library, requests and ``cqcgraph.settings``; it knows nothing of the
store, RDF or the shells: it is handed a function that ingests one item's bytes
(``Cqcgraph.sync`` does).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import quote

import requests

from cqcgraph.settings import CQC_API_URL as API_URL

__all__ = ["API_URL", "KEY_VARIABLE", "KEY_HELP", "SyncError", "KeyRefused", "TokenBucket",
           "ApiClient", "SyncState", "SyncReport", "Syncer", "state_path_for", "timestamp"]

KEY_VARIABLE = "CQCGRAPH_CQC_API_KEY"
KEY_HELP = (f"no CQC API key: set {KEY_VARIABLE} to the primary key of a subscription to CQC's"
            " Syndication API (register at CQC's API portal,"
            " https://api-portal.service.cqc.org.uk/, and subscribe to the public API product)")
KEY_HEADER = "Ocp-Apim-Subscription-Key"
PER_PAGE = 1000
RATE_PER_MINUTE = 600
MAX_ATTEMPTS = 6  # per request: the first and five more after 429s, 5xx or broken connections
MAX_RETRY_AFTER = 300.0  # seconds: a longer Retry-After is waited for this long at most
KINDS = ("locations", "providers")


class SyncError(Exception):
    """The API could not be read (after the bounded retries): the message says what and why.
    The state file keeps where the sync stood, so the next run continues from there."""


class KeyRefused(SyncError):
    """The API refused the subscription key (HTTP 401 or 403)."""


def timestamp(moment: dt.datetime | None = None) -> str:
    """A moment as the API writes it, UTC to the second.

    >>> timestamp(dt.datetime(2026, 11, 1, 0, 0, tzinfo=dt.timezone.utc))
    '2026-11-01T00:00:00Z'
    """
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> str:
    """A ``--since`` value (an ISO date or date-time, UTC when no offset is given) as the API's
    timestamp; ValueError when it is neither.

    >>> parse_timestamp("2026-11-01"), parse_timestamp("2026-11-01T12:30:00+01:00")
    ('2026-11-01T00:00:00Z', '2026-11-01T11:30:00Z')
    """
    text = text.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date or date-time (e.g. 2026-11-01T00:00:00Z)"
                         ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return timestamp(moment)


class TokenBucket:
    """At most ``rate`` requests a second on average, bursts of up to ``capacity``."""

    def __init__(self, rate: float, capacity: float | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self.tokens = self.capacity
        self._clock, self._sleep = clock, sleep
        self._last = clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Wait for a token; returns how long it waited."""
        waited = 0.0
        with self._lock:
            while True:
                now = self._clock()
                self.tokens = min(self.capacity, self.tokens + (now - self._last) * self.rate)
                self._last = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return waited
                pause = (1 - self.tokens) / self.rate
                self._sleep(pause)
                waited += pause


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date, RFC 9110
    section 10.2.3)."""
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
        return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return default


class ApiClient:
    """GET requests to the API, within its rate limit, retried as the module says."""

    def __init__(self, base_url: str, key: str, *, rate_per_minute: float = RATE_PER_MINUTE,
                 max_attempts: int = MAX_ATTEMPTS, backoff: float = 1.0, timeout: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update({KEY_HEADER: key, "Accept": "application/json",
                                     "User-Agent": "cqcgraph-sync"})
        self.bucket = TokenBucket(rate_per_minute / 60.0, sleep=sleep)
        self.max_attempts, self.backoff, self.timeout = max_attempts, backoff, timeout
        self._sleep = sleep
        self.on_wait = on_wait
        self.requests = 0

    def close(self) -> None:
        self.session.close()

    def get(self, path: str, params: dict[str, Any] | None = None) -> requests.Response | None:
        """The 200 answer to ``GET {base}{path}``; None for 404 (no such item). Raises
        :class:`KeyRefused` for 401/403 and :class:`SyncError` for anything else that is not
        a 200 after the bounded attempts."""
        url = self.base_url + path
        problem = ""
        for attempt in range(1, self.max_attempts + 1):
            self.bucket.take()
            self.requests += 1
            try:
                answer = self.session.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                problem = f"{type(exc).__name__}"
                self._pause(self.backoff * 2 ** (attempt - 1), f"{path}: {problem}")
                continue
            if answer.status_code == 200:
                return answer
            if answer.status_code == 404:
                return None
            if answer.status_code in (401, 403):
                raise KeyRefused(f"the CQC API refused the subscription key (HTTP"
                                 f" {answer.status_code}): check {KEY_VARIABLE}")
            problem = f"HTTP {answer.status_code}"
            if answer.status_code == 429:
                wait = min(_retry_after(answer.headers.get("Retry-After"), 60.0), MAX_RETRY_AFTER)
                self._pause(wait, f"{path}: rate limited (429)")
            elif answer.status_code >= 500:
                self._pause(self.backoff * 2 ** (attempt - 1), f"{path}: {problem}")
            else:
                raise SyncError(f"GET {path}: HTTP {answer.status_code}: {answer.text[:200]}")
        raise SyncError(f"GET {path}: {problem} after {self.max_attempts} attempts")

    def _pause(self, seconds: float, why: str) -> None:
        if self.on_wait:
            self.on_wait(f"{why}; waiting {seconds:g} s")
        self._sleep(seconds)

    def json(self, path: str, params: dict[str, Any] | None = None) -> dict | None:
        answer = self.get(path, params)
        if answer is None:
            return None
        try:
            data = answer.json()
        except ValueError:
            raise SyncError(f"GET {path}: the answer is not JSON") from None
        if not isinstance(data, dict):
            raise SyncError(f"GET {path}: the answer is not a JSON object")
        return data


# -- state --------------------------------------------------------------------------------
def state_path_for(store_path: Path) -> Path:
    """The state file of the store at ``store_path``: beside it, ``<store>.sync.json``."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + ".sync.json")


@dataclass
class SyncState:
    """Where the sync stands. ``run``: the run under way (None when none is): its ``mode``
    (full or changes), the ``phase`` (locations, providers, changes), the ``page`` being read
    and the ``item`` of that page to do next, and for a delta its window. ``synced_to``: the
    moment up to which the store has every change (a delta's start)."""

    synced_to: str | None = None
    full_completed: str | None = None
    run: dict | None = None
    path: Path | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path) -> "SyncState":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path=Path(path))
        except (OSError, ValueError) as exc:
            raise SyncError(f"{Path(path).name}: the sync state cannot be read ({exc})") from None
        return cls(synced_to=data.get("synced_to"), full_completed=data.get("full_completed"),
                   run=data.get("run"), path=Path(path))

    def save(self) -> None:
        """Replace the file atomically (a new file in the same folder, flushed, renamed over)."""
        assert self.path is not None
        data = {"synced_to": self.synced_to, "full_completed": self.full_completed,
                "run": self.run}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp",
                                   dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


# -- the sync -----------------------------------------------------------------------------
@dataclass
class ItemResult:
    """One item: its kind and ID, and the ingest's status and reason."""

    kind: str
    item_id: str
    status: str
    reason: str | None = None


@dataclass
class SyncReport:
    """What one run did: the mode, the window of a delta, each item's outcome, requests made."""

    mode: str
    resumed: bool = False
    start: str | None = None
    end: str | None = None
    items: list[ItemResult] = field(default_factory=list)
    requests: int = 0
    complete: bool = False

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status not in {"stored", "replaced", "unchanged",
                                                           "duplicate"}]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or not self.complete else 0

    def as_dict(self) -> dict:
        return {"mode": self.mode, "resumed": self.resumed, "start": self.start, "end": self.end,
                "complete": self.complete, "requests": self.requests, "by_status": self.counts(),
                "items": [vars(i) for i in self.items]}


#: ingest(bytes, file name, source URL) -> (status, reason)
Ingest = Callable[[bytes, str, str], "tuple[str, str | None]"]
#: progress(phase, items done in the phase, items in the phase or None)
Progress = Callable[[str, int, "int | None"], None]


class Syncer:
    """One sync run over ``client``, storing with ``ingest`` and recording in ``state``."""

    def __init__(self, client: ApiClient, state: SyncState, ingest: Ingest, *,
                 per_page: int = PER_PAGE, progress: Progress | None = None) -> None:
        self.client, self.state, self.ingest = client, state, ingest
        self.per_page = per_page
        self.progress = progress

    def run(self, *, mode: str | None = None, since: str | None = None) -> SyncReport:
        """Continue the run under way (when it is of ``mode``, or no mode is asked), else start
        one: ``full``, or ``changes`` from ``since`` (default: where the store is synced to).
        With no mode and nothing under way: a full sync the first time, a delta after."""
        state = self.state
        run = state.run
        resumed = run is not None and (mode is None or run["mode"] == mode) and since is None
        if not resumed:
            mode = mode or ("changes" if state.synced_to else "full")
            if mode == "full":
                run = {"mode": "full", "phase": KINDS[0], "page": 1, "item": 0,
                       "began": timestamp()}
            else:
                start = since or state.synced_to
                if not start:
                    raise SyncError("no delta to read: nothing is synced yet; run a full sync"
                                    " first or give --since")
                run = {"mode": "changes", "phase": "changes", "page": 1, "item": 0,
                       "start": start, "end": timestamp()}
            state.run = run
            state.save()
        assert run is not None
        report = SyncReport(run["mode"], resumed=resumed, start=run.get("start") or None,
                            end=run.get("end"))
        requests_before = self.client.requests
        try:
            if run["mode"] == "full":
                for kind in KINDS[KINDS.index(run["phase"]):]:
                    if run["phase"] != kind:
                        run.update(phase=kind, page=1, item=0)
                        state.save()
                    self._pages(kind, f"/{kind}", {}, kind, report)
                state.synced_to = run["began"]
                state.full_completed = timestamp()
            else:
                window = {"startTimestamp": run["start"], "endTimestamp": run["end"]}
                self._pages("locations", "/changes/location", window, "changes", report)
                state.synced_to = run["end"]
            state.run = None
            state.save()
            report.complete = True
        finally:
            report.requests = self.client.requests - requests_before
        return report

    def _pages(self, kind: str, path: str, params: dict, list_key: str,
               report: SyncReport) -> None:
        """Every item of every page of a list, from the page and item the state records."""
        run = self.state.run
        assert run is not None
        done = 0
        while True:
            page_no = run["page"]
            page = self.client.json(path, {**params, "page": page_no, "perPage": self.per_page})
            if page is None:
                raise SyncError(f"GET {path}: HTTP 404 (page {page_no})")
            ids = list(self._ids(page, kind, list_key))
            total = page.get("total") if isinstance(page.get("total"), int) else None
            if done == 0:
                done = (page_no - 1) * self.per_page + run["item"]
            for n in range(run["item"], len(ids)):
                report.items.append(self._item(kind, ids[n]))
                run["item"] = n + 1
                self.state.save()
                done += 1
                if self.progress:
                    self.progress(run["phase"], done, total)
            pages = page.get("totalPages")
            last = (not ids or (isinstance(pages, int) and page_no >= pages)
                    or (pages is None and not page.get("nextPageUri")))
            if last:
                return
            run.update(page=page_no + 1, item=0)
            self.state.save()

    @staticmethod
    def _ids(page: dict, kind: str, list_key: str) -> Iterator[str]:
        key = "locationId" if kind == "locations" else "providerId"
        for entry in page.get("changes" if list_key == "changes" else kind) or []:
            value = entry.get(key) if isinstance(entry, dict) else entry
            if isinstance(value, str) and value.strip():
                yield value.strip()

    def _item(self, kind: str, item_id: str) -> ItemResult:
        path = f"/{kind}/{quote(item_id, safe='-')}"
        answer = self.client.get(path)
        if answer is None:
            return ItemResult(kind, item_id, "failed", "not found in the API (HTTP 404)")
        status, reason = self.ingest(answer.content, f"cqc-api-{kind[:-1]}-{item_id}.json",
                                     API_URL + path)
        return ItemResult(kind, item_id, status, reason)
