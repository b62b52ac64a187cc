"""The documents an ingest writes together: one store transaction and one refresh of the
current state for a run of documents, instead of one of each per document.

Why: the writer is what bounds an ingest, and most of its time per document went to the
fixed cost of the refresh (some fifty update operations) and to counters rewritten once per
document. Every counter of the summary graph changes with nearly every document, and each
change leaves a deleted version behind in the store's indexes until they are compacted; the
reads of the next refreshes step over all of them, so one write per document made the upkeep
grow with the number of documents written. A batch moves each counter once.

A batch keeps every guarantee of one write per document: it is one transaction, so the
store never holds part of a document, whatever stops the ingest; a document that is not
stored (unreadable, invalid, a duplicate) is reported by name and takes no part in the write;
and the store ends as one write per document would leave it. For that last one, a document is
planned against the store *and* the documents of the batch before it (:meth:`PendingBatch.
mentions`): identity resolution sees them as if they were stored. Whatever would make a
document depend on the batch in any other way makes the batch be written first (see
:meth:`PendingBatch.conflicts`), and a document whose plan rewrites other documents (identity
merged two entities) is written with the batch at once.

Imports only the identity module and the standard library: the caller plans and writes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from cqcgraph.identity import Mention

#: Documents written in one transaction, at most. Past a few dozen, the refresh's cost per
#: document no longer falls, and a larger batch holds the progress report back longer.
BATCH_DOCUMENTS = 50
#: A batch is written once its first document has waited this long, however few it holds.
BATCH_SECONDS = 2.0


@dataclass
class Planned:
    """One document ready to be written: what its write changes, and its report once written.

    ``mentions`` are its providers and locations as the store will hold them, each with the
    class IRI it is typed with; ``alone`` says the batch must be written right after it (its
    plan rewrote other documents, or gives an entity two values of one identity key, which
    the store would read back in an order of its own)."""

    prepared: Any
    report: Any
    graph_iri: str
    sha256: str
    updates: dict[str, str]
    locations: set[str]
    keys: set[str]
    renames: dict[str, str]
    entities: set[str]
    mentions: list[tuple[str, Mention]] = field(default_factory=list)
    alone: bool = False


class PendingBatch:
    """The documents planned but not yet written, in input order, with the reports of the
    documents between them that need no write (so that every report comes out in order)."""

    def __init__(self, limit: int = BATCH_DOCUMENTS, seconds: float = BATCH_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, limit)
        self.seconds = seconds
        self.clock = clock
        self._reset()

    def _reset(self) -> None:
        self.entries: list[Any] = []
        self._plans: list[Planned] = []
        self._mentions: dict[tuple[str, str, str], list[Mention]] = {}
        self._written: set[str] = set()
        self._bytes: set[str] = set()
        self._started: float | None = None
        self._closed = False

    @property
    def plans(self) -> list[Planned]:
        return list(self._plans)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def add_report(self, report: Any) -> None:
        """A document that is not written (its report is final), kept in its place."""
        self.entries.append(report)

    def add(self, plan: Planned) -> None:
        """A document to write with the batch."""
        if self._started is None:
            self._started = self.clock()
        self.entries.append(plan)
        self._plans.append(plan)
        self._written |= set(plan.updates)
        self._bytes.add(plan.sha256)
        for cls, mention in plan.mentions:
            for key, value in mention_keys(mention):
                self._mentions.setdefault((cls, key, value), []).append(mention)
        self._closed = self._closed or plan.alone

    def conflicts(self, graph_iri: str, sha256: str) -> bool:
        """Whether a document with this graph and these bytes must wait until the batch is
        written: the batch writes its graph already (another rendition of one publication),
        or holds the same bytes under another name (which one is kept is decided against
        the store)."""
        return bool(self._plans) and (graph_iri in self._written or sha256 in self._bytes)

    def writes(self, graph_iri: str) -> bool:
        """Whether the batch replaces (or removes) the graph ``graph_iri``: what the store
        holds of it is not what it will hold."""
        return graph_iri in self._written

    def mentions(self, cls: str, key: str, value: str) -> list[Mention]:
        """The batch's mentions of class ``cls`` with this identity key (``nameKey``,
        ``postcode``, ``cqcId``, ``odsCode``) and value."""
        return list(self._mentions.get((cls, key, value), ()))

    def due(self) -> bool:
        """Whether the batch should be written now: full, waited long enough, or closed by
        a document that must be written at once."""
        if not self._plans:
            return bool(self.entries)  # reports only: nothing to wait for
        return (self._closed or len(self._plans) >= self.limit
                or self.clock() - (self._started or 0.0) >= self.seconds)

    def take(self) -> list[Any]:
        """The entries, in order, and an empty batch."""
        entries = self.entries
        self._reset()
        return entries


def mention_keys(mention: Mention) -> list[tuple[str, str]]:
    """The identity keys a mention is found by in the store, as (key name, value)."""
    pairs = [("nameKey", mention.name_key), ("postcode", mention.postcode),
             ("cqcId", mention.cqc_id), ("odsCode", mention.ods_code)]
    return [(key, value) for key, value in pairs if value]
