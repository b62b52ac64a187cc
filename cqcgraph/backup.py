"""Backups of a store and restoring them, also while ``cqcgraph serve`` holds the store.

A backup is a folder with ``store/`` (an Oxigraph checkpoint: a consistent copy of the store
as of one committed transaction, openable as a store of its own) and ``cqcgraph-backup.json``
(what it holds: quads, graphs, documents, when, from what).

Only one process may open a store for writing, and opening it read-only while another
process writes is undefined behaviour in Oxigraph. So:

* when no process holds the store, the backup opens it and checkpoints it directly;
* when ``cqcgraph serve`` holds it, the backup copies the server's newest checkpoint: the
  server makes one after every write for its query workers (beside the store, see
  :func:`cqcgraph.store.snapshots_root`), so it is the store as of the last write. A
  checkpoint the server retires during the copy is retried with the newer one;
* when another writer holds it (an ingest), which keeps no checkpoint, the backup refuses
  with "store in use".

On the same file system a checkpoint shares the store's immutable files (hard links), so it
takes milliseconds and little space; copy the backup folder to another disk to keep it safe
from the loss of this one.

Imports the standard library and :mod:`cqcgraph.store` (which alone touches Oxigraph).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from cqcgraph.store import GraphStore, StoreError, StoreInUse, copy_server_checkpoint

MANIFEST = "cqcgraph-backup.json"
FORMAT = "cqcgraph-backup/1"
SOURCE_DOCUMENT = "https://cqcgraph.example/ontology#SourceDocument"


class BackupError(StoreError):
    """A backup that cannot be made or restored (the message says why)."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds; ``source`` is ``store`` (taken from the store itself) or
    ``server checkpoint`` (taken while a server held the store)."""

    folder: str
    created: str
    quads: int
    graphs: int
    documents: int
    source: str
    cqcgraph: str
    format: str = FORMAT

    def as_dict(self) -> dict:
        return asdict(self)


def _counts(store: GraphStore) -> tuple[int, int, int]:
    (row,) = store.rows(
        f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{SOURCE_DOCUMENT}> }} }}")
    documents = int(row["n"].value)
    return store.count_quads(), sum(1 for _ in store.named_graphs()), documents


def _empty_target(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder.name}: exists and is not an empty folder; give a new one")


def backup(store_path: Path, folder: Path, *, version: str) -> BackupInfo:
    """Write a backup of the store at ``store_path`` into ``folder`` (new or empty)."""
    store_path, folder = Path(store_path), Path(folder)
    if not (store_path / "CURRENT").is_file():
        raise BackupError(f"no store at {store_path.name!r} to back up")
    _empty_target(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "store"
    try:
        try:
            primary = GraphStore.open(store_path)
        except StoreInUse:
            source = "server checkpoint"
            copy_server_checkpoint(store_path, target)
        else:
            source = "store"
            primary.backup(target)
            del primary
        quads, graphs, documents = _counts(GraphStore.open_checkpoint(target))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    info = BackupInfo(str(folder), _now(), quads, graphs, documents, source, version)
    manifest = {k: v for k, v in info.as_dict().items() if k != "folder"}  # it may move
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return info


def read_manifest(folder: Path) -> BackupInfo:
    folder = Path(folder)
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        info = BackupInfo(folder=str(folder), **{k: v for k, v in data.items() if k != "folder"})
    except (OSError, ValueError, TypeError) as exc:
        raise BackupError(f"{folder.name}: not a cqcgraph backup (no readable {MANIFEST}:"
                          f" {type(exc).__name__})") from None
    if info.format != FORMAT:
        raise BackupError(f"{folder.name}: backup format {info.format!r}, this cqcgraph"
                          f" reads {FORMAT!r}")
    return info


def restore(folder: Path, store_path: Path, *, force: bool, reference_graphs: set[str]
            ) -> BackupInfo:
    """Make the store at ``store_path`` a copy of the backup in ``folder``. A store that
    holds anything besides the reference graphs (ontology, concept schemes, regulations) is
    replaced only with ``force``; a store held by another process is never touched."""
    folder, store_path = Path(folder), Path(store_path)
    info = read_manifest(folder)
    try:
        source = GraphStore.open_checkpoint(folder / "store")
    except OSError as exc:
        raise BackupError(f"{folder.name}: its store cannot be opened ({type(exc).__name__})") \
            from None
    if _counts(source)[0] != info.quads:
        raise BackupError(f"{folder.name}: damaged: it holds {_counts(source)[0]} quads, its"
                          f" manifest says {info.quads}")
    if store_path.exists():
        if not store_path.is_dir():
            raise BackupError(f"{store_path.name}: exists and is not a store folder")
        if any(store_path.iterdir()):
            current = GraphStore.open(store_path)  # StoreInUse while a server holds it
            own = {g for g in current.named_graphs() if g not in reference_graphs}
            held = bool(own) or current.has_default_graph_triples()
            del current
            if held and not force:
                raise BackupError(
                    f"{store_path.name}: the store is not empty ({len(own)} graphs); restoring"
                    f" would replace it: give --force to do so")
    staging = store_path.parent / f".{store_path.name}.restoring-{os.getpid()}"
    retired = store_path.parent / f".{store_path.name}.replaced-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    source.backup(staging)
    del source
    if store_path.exists():
        os.replace(store_path, retired)
    try:
        os.replace(staging, store_path)
    except OSError:
        if retired.exists():
            os.replace(retired, store_path)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    restored = GraphStore.open(store_path)
    if restored.count_quads() != info.quads:  # pragma: no cover - a copy that lost data
        raise BackupError(f"restored {restored.count_quads()} quads where the backup holds"
                          f" {info.quads}")
    del restored
    return info


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
