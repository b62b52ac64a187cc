"""Entity resolution: which mentions of a provider or location, across documents, are one thing,
and which IRI that thing gets.

The rule looks only at the keys of all the mentions involved, never at the order in which
documents arrived, so the store does not depend on ingest order:

1. mentions sharing a CQC ID, or an ODS code, are one entity;
2. mentions sharing a normalised name and a postcode are one entity;
3. a name-only mention joins the one keyed entity of that name; when there are none, or
   several (the same name at two postcodes), name-only mentions of that name stay together
   and apart from them;
4. two different CQC IDs (or ODS codes) are never merged: CQC gives a location a new ID when
   its provider changes, so a shared name and postcode is not enough to overrule them.

The canonical IRI comes from the strongest key of the entity: CQC ID, then ODS code, then
name + postcode, then name. Imports only ``iris`` and the standard library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from cqcgraph import iris  # noqa: F401  (used by the docstring examples)


@dataclass(frozen=True, order=True)
class Mention:
    """One mention of an entity in one document. ``ref`` identifies it within the caller's
    world (for the store: ``(graph IRI, entity IRI in that graph)``; for a new document:
    ``(graph IRI, "location", index)``)."""

    ref: tuple
    name_key: str | None = None
    postcode: str | None = None
    cqc_id: str | None = None
    ods_code: str | None = None

    @property
    def keyed(self) -> bool:
        return bool(self.cqc_id or self.ods_code or (self.name_key and self.postcode))

    @property
    def anonymous(self) -> bool:
        return not (self.name_key or self.cqc_id or self.ods_code)


class _Clusters:
    """Union-find that refuses merges joining two different IDs."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.parent = list(range(len(mentions)))
        self.ids = [{m.cqc_id} - {None} for m in mentions]
        self.ods = [{m.ods_code} - {None} for m in mentions]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if len(self.ids[ra] | self.ids[rb]) > 1 or len(self.ods[ra] | self.ods[rb]) > 1:
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        self.ids[lo] |= self.ids[hi]
        self.ods[lo] |= self.ods[hi]
        return True


MintIri = Callable[..., "str | None"]


def resolve(mentions: Iterable[Mention], mint: MintIri, base: str) -> dict[tuple, str | None]:
    """Map each mention's ``ref`` to its entity's canonical IRI (``None`` for an anonymous
    mention, which the caller names after its document and role).

    ``mint`` is :func:`cqcgraph.iris.location_iri` or :func:`cqcgraph.iris.provider_iri`.

    >>> a = Mention(("g1", 0), "medical imaging partnership", "RH11 9BJ")
    >>> b = Mention(("g2", 0), "medical imaging partnership")
    >>> out = resolve([b, a], iris.location_iri, "https://x.example/id/")
    >>> out[("g1", 0)] == out[("g2", 0)]
    True
    """
    ordered = sorted(set(mentions))  # order-independent: the same set gives the same result
    clusters = _Clusters(ordered)

    def join_by(key: Callable[[Mention], object]) -> None:
        first: dict[object, int] = {}
        for i, m in enumerate(ordered):
            k = key(m)
            if k is None:
                continue
            if k in first:
                clusters.union(first[k], i)
            else:
                first[k] = i

    join_by(lambda m: m.cqc_id)
    join_by(lambda m: m.ods_code)
    join_by_name_and_postcode(ordered, clusters)

    # rule 3: name-only mentions
    keyed_roots_by_name: dict[str, set[int]] = {}
    for i, m in enumerate(ordered):
        if m.keyed and m.name_key:
            keyed_roots_by_name.setdefault(m.name_key, set()).add(clusters.find(i))
    name_only_first: dict[str, int] = {}
    for i, m in enumerate(ordered):
        if m.keyed or not m.name_key:
            continue
        roots = keyed_roots_by_name.get(m.name_key, set())
        if len(roots) == 1:
            clusters.union(next(iter(roots)), i)
        elif m.name_key in name_only_first:
            clusters.union(name_only_first[m.name_key], i)
        else:
            name_only_first[m.name_key] = i

    members: dict[int, list[Mention]] = {}
    for i, m in enumerate(ordered):
        members.setdefault(clusters.find(i), []).append(m)

    result: dict[tuple, str | None] = {}
    for group in members.values():
        iri = canonical_iri(group, mint, base)
        for m in group:
            result[m.ref] = iri
    return result


def join_by_name_and_postcode(ordered: list[Mention], clusters: _Clusters) -> None:
    """Rule 2, with rule 4's caution: mentions sharing name and postcode are one entity, but
    a mention with no ID that matches two entities of different IDs (a location registered
    anew under a new provider) is ambiguous and stays apart from both."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(ordered):
        if m.name_key and m.postcode:
            groups.setdefault((m.name_key, m.postcode), []).append(i)
    for members in groups.values():
        with_id = [i for i in members if ordered[i].cqc_id or ordered[i].ods_code]
        without = [i for i in members if not (ordered[i].cqc_id or ordered[i].ods_code)]
        for i in with_id[1:]:
            clusters.union(with_id[0], i)  # refused when the IDs differ
        roots = {clusters.find(i) for i in with_id}
        for i in without[1:]:
            clusters.union(without[0], i)
        if without and len(roots) == 1:
            clusters.union(next(iter(roots)), without[0])


def canonical_iri(group: list[Mention], mint: MintIri, base: str) -> str | None:
    """The IRI from the strongest key any mention of the entity carries."""
    ids = sorted(m.cqc_id for m in group if m.cqc_id)
    if ids:
        return mint(base, cqc_id=ids[0])
    ods = sorted(m.ods_code for m in group if m.ods_code)
    if ods:
        return mint(base, ods_code=ods[0])
    pairs = sorted((m.name_key, m.postcode) for m in group if m.name_key and m.postcode)
    if pairs:
        return mint(base, name=pairs[0][0], postcode=pairs[0][1])
    names = sorted(m.name_key for m in group if m.name_key)
    if names:
        return mint(base, name=names[0])
    return None


def rewrite_iri(value: str, renames: dict[str, str]) -> str:
    """Apply entity renames to one IRI: the entity itself, or anything minted under it.

    >>> rewrite_iri("https://x/id/location/a/inspection/2019", {"https://x/id/location/a": "https://x/id/location/b"})
    'https://x/id/location/b/inspection/2019'
    """
    if value in renames:
        return renames[value]
    position = len(value)
    while True:
        position = value.rfind("/", 0, position)
        if position <= 0:
            return value
        if value[:position] in renames:
            return renames[value[:position]] + value[position:]
