"""The SQLite files kept beside a store (the search index, the index of locations): where
they live, how they are opened, and one call at a time on a connection that every thread of a
server shares. Imports the standard library only.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable, Self, TypeVar

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


class IndexFile:
    """A SQLite file beside a store, named after it (``STORE`` + ``SUFFIX``), or a database in
    memory for a store that has no folder; a subclass makes its tables in ``__init__``."""

    #: the file's name after the store's (".search.sqlite")
    SUFFIX = ".sqlite"
    #: page cache and memory map for a file that lists every location (None: SQLite's own)
    CACHE_MIB: int | None = None
    MMAP_BYTES: int | None = None

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.db = connection
        self.path = path
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path) -> Self:
        return cls(connect(path, cache_mib=cls.CACHE_MIB, mmap_bytes=cls.MMAP_BYTES), path)

    @classmethod
    def memory(cls) -> Self:
        return cls(in_memory(), None)

    @classmethod
    def path_for(cls, store_path: Path) -> Path:
        """Where the file of a store lives: beside it, never inside Oxigraph's folder."""
        return store_path.parent / (store_path.name + cls.SUFFIX)

    def close(self) -> None:
        self.db.close()


__all__ = ["IndexFile", "connect", "in_memory", "locked"]
