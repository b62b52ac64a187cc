"""The SQLite files kept beside a store (the search index, the index of locations): how they
are opened, and one call at a time on a connection that every thread of a server shares.
Imports the standard library only.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path
from typing import Any, Callable, TypeVar

_Method = TypeVar("_Method", bound=Callable[..., Any])


def locked(method: _Method) -> _Method:
    """One SQLite connection serves every thread of a server: one call at a time (the object's
    ``_lock``)."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):  # noqa: ANN001, ANN202
        with self._lock:
            return method(self, *args, **kwargs)
    return run  # type: ignore[return-value]


def connect(path: Path, *, cache_mib: int | None = None, mmap_bytes: int | None = None) -> sqlite3.Connection:
    """A connection to the file at ``path`` (its folder made if need be), written ahead in WAL
    mode so readers never wait for the writer, synced at checkpoints; ``cache_mib`` and
    ``mmap_bytes`` for a file that lists every location."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    if cache_mib:
        db.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")
    if mmap_bytes:
        db.execute(f"PRAGMA mmap_size={int(mmap_bytes)}")
    return db


def in_memory() -> sqlite3.Connection:
    """A connection to a database in memory (a store in memory, or a remote one, has no folder)."""
    return sqlite3.connect(":memory:", check_same_thread=False)


__all__ = ["connect", "in_memory", "locked"]
