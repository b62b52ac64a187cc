"""The national figures of the browse pages from the counts the ingest keeps (the summary
graph's ``cqc:LocationFacetCount`` and ``cqc:LastInspectedCount``): locations by current
overall rating, by sector, care homes, the tables of local authorities and ICBs, and how many
were not inspected for some years. A few thousand counts, whatever the store's size, where
the table of every location (:mod:`cqcgraph.web.browse_table`) read every location.

Each count is a combination of facets with how many locations have it, turned into a row of
the table's kind (:class:`browse_table.Row`, its areas keyed as the table keys them) with a
weight. The same combinations name the areas of the index of locations
(:mod:`cqcgraph.location_index`): each area name or code a row keeps, with its area's key. Nothing here imports Flask or opens a store: the rows come in as plain strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from cqcgraph import location_index as li
from cqcgraph.web import browse_table as bt


@dataclass
class Counted:
    """A combination of facets, and how many locations have it."""
    row: bt.Row
    n: int


@dataclass
class National:
    """The counts, with the areas they fall in."""
    counted: list[Counted]
    areas: dict[tuple[str, str], bt.Area]
    last_inspected: dict[str, int] = field(default_factory=dict)  # ISO day -> locations
    #: the area key and label of each name or code a row of the index of locations keeps
    refs: li.AreaRefs = field(default_factory=lambda: li.AreaRefs({}, {}))
    #: the counts of the local authorities' and ICBs' tables, where they are counted apart
    #: (:func:`read_home`); else ``counted`` gives them
    la_counted: list[Counted] | None = None
    icb_counted: list[Counted] | None = None

    @property
    def total(self) -> int:
        return sum(c.n for c in self.counted)

    def area(self, kind: str, key: str) -> bt.Area | None:
        return self.areas.get((kind, key))


def read(counts: Iterable[Mapping[str, str]], days: Iterable[Mapping[str, str]] = (),
         area_codes: Iterable[Mapping[str, str]] = (),
         area_labels: Mapping[str, str] | None = None) -> National:
    """The counts from the rows of ``home-facet-counts.rq``, ``home-last-inspected.rq`` and
    ``home-area-codes.rq`` (each a dict of strings); an area known only by its code takes the
    name stated beside that code of another location, as the table does."""
    return _read({"": counts}, days, area_codes, area_labels)


def read_home(sectors: Iterable[Mapping[str, str]],
              local_authorities: Iterable[Mapping[str, str]],
              icbs: Iterable[Mapping[str, str]], days: Iterable[Mapping[str, str]] = (),
              area_codes: Iterable[Mapping[str, str]] = (),
              area_labels: Mapping[str, str] | None = None) -> National:
    """:func:`read` from the counts kept at the home page's grain (``home-sector-counts.rq``,
    ``home-local-authority-counts.rq``, ``home-icb-counts.rq``): the same figures, areas and
    refs from a few thousand rows, where the finer counts are nearly one a location. The
    facets of a list (:func:`facets`) need the finer counts."""
    return _read({"": sectors, "la": local_authorities, "icb": icbs}, days, area_codes,
                 area_labels)


def _read(groups: Mapping[str, Iterable[Mapping[str, str]]],
          days: Iterable[Mapping[str, str]], area_codes: Iterable[Mapping[str, str]],
          area_labels: Mapping[str, str] | None) -> National:
    """:func:`read` of the counts of each group ("": the figures of every location; "la",
    "icb": those of the areas' tables, when counted apart)."""
    named = {f"code {i}": ({"la_name": [r["name"]], "la_area": [r["code"]]}
                           if r["kind"] == "local-authority"
                           else {"icb_name": [r["name"]], "icb_area": [r["code"]]})
             for i, r in enumerate(area_codes)}
    values: dict[str, dict[str, list[str]]] = {}
    weights: dict[str, int] = {}
    group_of: dict[str, str] = {}
    for group, counts in groups.items():
        for i, r in enumerate(counts):
            key = f"{group}{i}"
            group_of[key] = group
            weights[key] = int(r["n"])
            values[key] = _values_of(r)
    return _national(named, values, weights, group_of, days, area_labels,
                     bool(set(groups) - {""}))


def _values_of(r: Mapping[str, str]) -> dict[str, list[str]]:
    """The facets of one count's row, as the table keeps a location's values."""
    v = {name: [r[var]] for name, var in (
        ("sector", "sector"), ("care_home", "care"), ("region", "region"),
        ("la_name", "laName"),
        ("la_area", "laCode"), ("pc_la", "laPostcode"), ("icb_name", "icbName"),
        ("icb_area", "icbCode"), ("pc_icb", "icbPostcode"), ("sub_icb_area", "subIcbCode"))
        if r.get(var)}
    rating = r.get("rating", "")
    if rating.startswith(bt.RATINGS):
        v["overall"] = [rating[len(bt.RATINGS):]]
    return v


def _national(named: Mapping[str, dict[str, list[str]]], values: dict[str, dict[str, list[str]]],
              weights: Mapping[str, int], group_of: Mapping[str, str],
              days: Iterable[Mapping[str, str]], area_labels: Mapping[str, str] | None,
              apart: bool) -> National:
    """The figures of the counts' rows (``values`` by key, each of one group)."""
    areas = bt._Areas({**named, **values}, area_labels or {})
    counted: dict[str, list[Counted]] = {"": [], "la": [], "icb": []}
    refs: dict[str, dict[str, str]] = {"local-authority": {}, "icb": {}}
    for key, v in values.items():
        row = bt.Row(key)
        bt._fill_row(row, v, areas)
        if v.get("overall"):
            row.ratings["overall"] = v["overall"][0]
        counted[group_of[key]].append(Counted(row, weights[key]))
        first = {name: (v.get(name) or [""])[0] for name in (
            "la_name", "la_area", "pc_la", "icb_name", "icb_area", "pc_icb", "sub_icb_area")}
        if row.la:
            refs["local-authority"][li.area_ref(
                first["la_name"], first["la_area"] or first["pc_la"])] = row.la
        if row.icb:
            refs["icb"][li.area_ref(first["icb_name"], first["icb_area"] or first["pc_icb"]
                                    or first["sub_icb_area"])] = row.icb
    # every code stated beside a local authority's name is that area's (as the table of
    # every location gave them)
    for stated in named.values():
        if "la_name" in stated:
            area = areas.found.get(("local-authority", bt.slug(stated["la_name"][0])))
            if area is not None:
                area.iris.add(stated["la_area"][0])
    labels = {kind: {key: a.label for (k, key), a in areas.found.items() if k == kind}
              for kind in ("local-authority", "icb")}
    return National(counted[""], areas.found, {r["day"]: int(r["n"]) for r in days},
                    li.AreaRefs(refs, labels), counted["la"] if apart else None,
                    counted["icb"] if apart else None)


def rating_counts(national: National, rows: Iterable[Counted] | None = None) -> dict[str, int]:
    """Locations per current overall rating ("" for none), every rating present."""
    out = dict.fromkeys(bt.RATING_ORDER + ("",), 0)
    for c in national.counted if rows is None else rows:
        out[c.row.ratings.get("overall", "")] += c.n
    return out


def sectors(national: National) -> list[tuple[str, int]]:
    """Locations per sector stated, most first."""
    out: dict[str, int] = {}
    for c in national.counted:
        if c.row.sector:
            out[c.row.sector] = out.get(c.row.sector, 0) + c.n
    return sorted(out.items(), key=lambda kv: -kv[1])


def care_homes(national: National) -> int:
    return sum(c.n for c in national.counted if c.row.care_home)


def not_inspected(national: National, cutoff: str) -> int:
    """Locations with no sign of an inspection on or after ``cutoff`` (ISO), or none at all."""
    since = sum(n for day, n in national.last_inspected.items() if day >= cutoff)
    return national.total - since


def area_summaries(national: National, kind: str) -> list[dict]:
    """Per local authority (``kind`` "local-authority") or ICB: its locations, their current
    overall ratings, its care homes and those rated Inadequate, by area name."""
    attr = "la" if kind == "local-authority" else "icb"
    apart = national.la_counted if kind == "local-authority" else national.icb_counted
    out: dict[str, dict] = {}
    for c in national.counted if apart is None else apart:
        key = getattr(c.row, attr)
        area = national.area(kind, key) if key else None
        if area is None:
            continue
        a = out.setdefault(key, {"area": area, "total": 0, "care_homes": 0,
                                 "inadequate_care_homes": 0,
                                 "ratings": dict.fromkeys(bt.RATING_ORDER, 0)})
        a["total"] += c.n
        rating = c.row.ratings.get("overall", "")
        if rating:
            a["ratings"][rating] += c.n
        if c.row.care_home:
            a["care_homes"] += c.n
            if rating == "inadequate":
                a["inadequate_care_homes"] += c.n
    return sorted(out.values(), key=lambda a: a["area"].label.lower())


def answers_facets(f: bt.Filters) -> bool:
    """Whether the counts give the facets of the list ``f`` filters: they count the current
    overall rating only (not another key question's) and know no day of last inspection
    beside the other facets."""
    return f.kq == "overall" and not f.not_inspected_years


def facets(national: National, f: bt.Filters) -> dict[str, list[bt.FacetValue]]:
    """The facets of the list ``f`` filters (see :func:`answers_facets`), from the counts."""
    return bt.weighted_facets(((c.row, c.n) for c in national.counted), national.areas, f)
