"""The list of locations behind the browse pages: the SPARQL that gives a filtered list, shown
beside it so that anyone can run it in the query UI, the list as CSV and JSON records, and
the table of every location with the facets a person filters by (current rating per key
question, sector, care home, local authority, ICB, region, last inspection) built from the
bounded queries of ``page_queries/`` and filtered, counted and sorted in memory: what the
pages read before the index of locations (:mod:`cqcgraph.location_index`), kept as the
reference the tests compare the index with (on a national store it took tens of seconds).

Where a facet comes from:

* the current rating is ``cqc:currentRating`` (the derived graph: latest published across all
  sources);
* sector, care home, region, local authority name, ICB name come from whatever source states
  them (the register's HSCA Active Locations, CQC API records); local authority and ICB codes
  from the register's GSS codes or, where the ONS Postcode Directory link set is loaded, from
  the location's postcode;
* the last inspection is the latest date that shows one: an inspection's visit, the
  register's "last inspection" date, or, later than those, the publication of a report or of a
  current rating (a publication follows its inspection); the row says which kind it is.

An area (a local authority or an ICB) is known by its name where a source names it, else by its
GSS code, and carries every name and code seen for it, so that the SPARQL shown matches the
list. Nothing here imports Flask or opens a store: the rows come in as plain strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from cqcgraph import location_index as li

CQC = "https://cqcgraph.example/ontology#"
SCHEMA = "http://schema.org/"
SG = "http://statistics.data.gov.uk/id/statistical-geography/"
RATINGS = "https://cqcgraph.example/ontology/ratings/"
KQS = "https://cqcgraph.example/ontology/key-questions/"
KEY_QUESTIONS = ("overall", "safe", "effective", "caring", "responsive", "well-led")
KQ_LABELS = {"overall": "Overall", "safe": "Safe", "effective": "Effective",
             "caring": "Caring", "responsive": "Responsive", "well-led": "Well-led"}
RATING_ORDER = ("outstanding", "good", "requires-improvement", "inadequate")
RATING_LABELS = {"outstanding": "Outstanding", "good": "Good",
                 "requires-improvement": "Requires improvement", "inadequate": "Inadequate",
                 "": "No rating"}
PAGE_SIZE = 50
SORTS = {"name": "Name", "rating": "Rating", "last-inspected": "Last inspected",
         "local-authority": "Local authority", "postcode": "Postcode"}

# the properties read by ``browse-property.rq``, one query each, bound first
PROPERTIES = {
    "sector": CQC + "sector",
    "care_home": CQC + "careHome",
    "region": CQC + "region",
    "la_name": CQC + "localAuthority",
    "la_area": CQC + "localAuthorityArea",
    "icb_area": CQC + "icbArea",
    "sub_icb_area": CQC + "subIcbArea",
    "icb_name": CQC + "icbName",
    "last_inspection": CQC + "lastInspectionDate",
    "lat": SCHEMA + "latitude",
    "long": SCHEMA + "longitude",
}


def slug(text: str) -> str:
    """A URL-safe key for a name.

    >>> slug("Bath and North East Somerset")
    'bath-and-north-east-somerset'
    >>> slug("St. Helens")
    'st-helens'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def gss_code(iri: str) -> str:
    return iri[len(SG):] if iri.startswith(SG) else iri.rsplit("/", 1)[-1]


@dataclass
class Area:
    """A local authority or an ICB, with every name and code seen for it."""
    kind: str  # "local-authority" or "icb"
    key: str
    label: str
    names: set[str] = field(default_factory=set)
    iris: set[str] = field(default_factory=set)

    @property
    def path(self) -> str:
        return f"/areas/{self.kind}/{self.key}"

    @property
    def codes(self) -> list[str]:
        return sorted(gss_code(i) for i in self.iris)


@dataclass
class Row:
    iri: str
    name: str = ""
    postcode: str = ""
    sector: str = ""
    care_home: bool | None = None
    region: str = ""
    la: str = ""  # area keys
    icb: str = ""
    ratings: dict[str, str] = field(default_factory=dict)  # kq -> rating key
    rating_dates: dict[str, str] = field(default_factory=dict)
    last_inspected: str = ""  # ISO date
    last_kind: str = ""  # "visit" (a site visit, or the register's last inspection) or "published"
    lat: float | None = None
    long: float | None = None


@dataclass
class Table:
    """Every location's facets, and the areas they fall in."""
    rows: list[Row]
    areas: dict[tuple[str, str], Area]
    built: str = ""  # when (UTC, ISO)

    def area(self, kind: str, key: str) -> Area | None:
        return self.areas.get((kind, key))


def _one(values: list[str]) -> str:
    """One value of several stated (the most often stated, then the first in order)."""
    if not values:
        return ""
    return sorted(set(values), key=lambda v: (-values.count(v), v))[0]


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def build(names: Iterable[Mapping[str, str]], properties: Mapping[str, Sequence[Mapping[str, str]]],
          ratings: Iterable[Mapping[str, str]], visits: Iterable[Mapping[str, str]],
          postcode_areas: Iterable[Mapping[str, str]],
          area_labels: Mapping[str, str] | None = None) -> Table:
    """The table from the rows of the page queries (each row a dict of strings)."""
    rows: dict[str, Row] = {}
    for r in names:
        rows[r["loc"]] = Row(r["loc"], r.get("name", ""), r.get("postcode", ""))
    values = _values_by_location(rows, properties, postcode_areas)
    areas = _Areas(values, area_labels or {})
    for loc, row in rows.items():
        _fill_row(row, values.get(loc, {}), areas)
    _date_inspections_and_ratings(rows, visits, ratings)
    ordered = sorted(rows.values(), key=lambda r: (r.name.lower() or "~", r.iri))
    return Table(ordered, areas.found, dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _values_by_location(rows: Mapping[str, Row],
                        properties: Mapping[str, Sequence[Mapping[str, str]]],
                        postcode_areas: Iterable[Mapping[str, str]]) -> dict[str, dict[str, list[str]]]:
    """Each location's values of each property, and the areas and position of its postcode
    (``pc_la``, ``pc_icb``, ``pc_lat``, ``pc_long``)."""
    values: dict[str, dict[str, list[str]]] = {}
    for key, found in properties.items():
        for r in found:
            if r["loc"] in rows:
                values.setdefault(r["loc"], {}).setdefault(key, []).append(r["v"])
    for r in postcode_areas:
        if r["loc"] not in rows:
            continue
        v = values.setdefault(r["loc"], {})
        if r.get("la"):
            v.setdefault("pc_la", []).append(r["la"])
        if r.get("icb"):
            v.setdefault("pc_icb", []).append(r["icb"])
        if r.get("lat") and r.get("long"):
            v.setdefault("pc_lat", []).append(r["lat"])
            v.setdefault("pc_long", []).append(r["long"])
    return values


class _Areas:
    """The local authorities and ICBs the locations are in, keyed by kind and slug; a code
    stated beside a name is that name's code."""

    def __init__(self, values: Mapping[str, Mapping[str, list[str]]],
                 labels: Mapping[str, str]) -> None:
        self.la_by_code: dict[str, str] = {}
        self.icb_by_code: dict[str, str] = {}
        for v in values.values():
            name = _one(v.get("la_name", []))
            if name:
                for iri in v.get("la_area", []):
                    self.la_by_code.setdefault(iri, name)
            name = _one(v.get("icb_name", []))
            if name:
                for iri in v.get("icb_area", []) + v.get("sub_icb_area", []):
                    self.icb_by_code.setdefault(iri, name)
        self.labels = dict(labels)
        self.found: dict[tuple[str, str], Area] = {}

    def key(self, kind: str, name: str, iri: str, by_code: Mapping[str, str]) -> str:
        """The key of the area ``name`` (else the one its code names), recorded once."""
        name = name or by_code.get(iri, "") or self.labels.get(iri, "")
        key = slug(name) if name and slug(name) else gss_code(iri)
        if not key:
            return ""
        a = self.found.setdefault((kind, key), Area(kind, key, name or gss_code(iri)))
        if name:
            a.names.add(name)
        if iri:
            a.iris.add(iri)
        return key


def _fill_row(row: Row, v: Mapping[str, list[str]], areas: _Areas) -> None:
    """A location's sector, care home flag, region, areas, position and last inspection."""
    row.sector = _one(v.get("sector", []))
    care = _one(v.get("care_home", []))
    row.care_home = {"true": True, "false": False, "1": True, "0": False}.get(care)
    row.region = _one(v.get("region", []))
    la_iri = _one(v.get("la_area", [])) or _one(v.get("pc_la", []))
    la_name = _one(v.get("la_name", []))
    if la_name or la_iri:
        row.la = areas.key("local-authority", la_name, la_iri, areas.la_by_code)
        for other in v.get("pc_la", []) + v.get("la_area", []):
            areas.found[("local-authority", row.la)].iris.add(other)
    icb_iri = _one(v.get("icb_area", [])) or _one(v.get("pc_icb", [])) \
        or _one(v.get("sub_icb_area", []))
    icb_name = _one(v.get("icb_name", []))
    if icb_name or icb_iri:
        row.icb = areas.key("icb", icb_name, icb_iri, areas.icb_by_code)
    row.lat = _float(_one(v.get("lat", [])) or _one(v.get("pc_lat", [])))
    row.long = _float(_one(v.get("long", [])) or _one(v.get("pc_long", [])))
    row.last_inspected = max(v.get("last_inspection", []), default="")[:10]
    row.last_kind = "visit" if row.last_inspected else ""


def _date_inspections_and_ratings(rows: Mapping[str, Row], visits: Iterable[Mapping[str, str]],
                                  ratings: Iterable[Mapping[str, str]]) -> None:
    """Each location's latest visit (else latest publication) and latest rating of each key
    question."""
    published: dict[str, str] = {}
    for r in visits:
        visited = rows.get(r["loc"])
        if visited is None:
            continue
        if r.get("lastVisit") and r["lastVisit"][:10] > visited.last_inspected:
            visited.last_inspected, visited.last_kind = r["lastVisit"][:10], "visit"
        if r.get("lastPublished"):
            published[visited.iri] = r["lastPublished"][:10]
    for r in ratings:
        rated = rows.get(r["loc"])
        if rated is None or not r["kq"].startswith(KQS) or not r["value"].startswith(RATINGS):
            continue
        kq, value = r["kq"][len(KQS):], r["value"][len(RATINGS):]
        if r.get("date", "")[:10] > published.get(rated.iri, ""):
            published[rated.iri] = r["date"][:10]
        if value not in RATING_ORDER:
            continue  # "not rated" and the like are no rating for a filter
        date = r.get("date", "")
        if kq not in rated.ratings or date > rated.rating_dates.get(kq, ""):
            rated.ratings[kq], rated.rating_dates[kq] = value, date
    for row in rows.values():
        # a publication (of a report or a rating) is evidence of an inspection before it
        latest = published.get(row.iri, "")
        if latest > row.last_inspected:
            row.last_inspected, row.last_kind = latest, "published"


# -- filters ------------------------------------------------------------------------------------


# the filters are the core's (:mod:`cqcgraph.location_index`), which the index answers too
FilterError = li.FilterError
Filters = li.Filters


def _matches(row: Row, f: Filters, cutoff: str, skip: str = "") -> bool:
    if skip != "rating" and f.rating and row.ratings.get(f.kq, "") not in f.rating:
        return False
    if skip != "sector" and f.sector and row.sector != f.sector:
        return False
    if skip != "care_home" and f.care_home is not None and row.care_home is not f.care_home:
        return False
    if skip != "la" and f.la and row.la != f.la:
        return False
    if skip != "icb" and f.icb and row.icb != f.icb:
        return False
    if skip != "region" and f.region and row.region != f.region:
        return False
    if skip != "not_inspected" and f.not_inspected_years and row.last_inspected \
            and row.last_inspected >= cutoff:
        return False
    return True


def select(table: Table, f: Filters, today: dt.date | None = None) -> list[Row]:
    """The rows that pass every filter, sorted as ``f`` asks."""
    cutoff = f.cutoff(today or dt.date.today())
    rows = [r for r in table.rows if _matches(r, f, cutoff)]
    la_labels = {a.key: a.label for (kind, _), a in table.areas.items() if kind == "local-authority"}

    def key(r: Row):
        if f.sort == "rating":
            v = r.ratings.get(f.kq, "")
            return RATING_ORDER.index(v) if v in RATING_ORDER else 9
        if f.sort == "last-inspected":
            return r.last_inspected or "0000"
        if f.sort == "local-authority":
            return la_labels.get(r.la, "~").lower()
        if f.sort == "postcode":
            return r.postcode or "~"
        return r.name.lower() or "~"

    rows.sort(key=key, reverse=f.descending)  # stable: ties stay by name
    return rows


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


def facets(table: Table, f: Filters, today: dt.date | None = None) -> dict[str, list[FacetValue]]:
    """For each facet, its values with how many rows the list would have if that value were
    chosen (the other filters kept), most first."""
    return weighted_facets(((r, 1) for r in table.rows), table.areas, f, today)


def weighted_facets(rows: Iterable[tuple[Row, int]], areas: Mapping[tuple[str, str], Area],
                    f: Filters, today: dt.date | None = None) -> dict[str, list[FacetValue]]:
    """:func:`facets` of rows that each stand for a number of locations (a row of the
    table: 1; a combination of facets the summary graph counts: its count)."""
    cutoff = f.cutoff(today or dt.date.today())
    weighted = list(rows)
    out: dict[str, list[FacetValue]] = {}

    def count(name: str, value_of, label_of, selected) -> None:
        counts: dict[str, int] = {}
        for r, n in weighted:
            if _matches(r, f, cutoff, skip=name):
                v = value_of(r)
                if v is not None:
                    counts[v] = counts.get(v, 0) + n
        out[name] = sorted((FacetValue(v, label_of(v), n, selected(v)) for v, n in counts.items()),
                           key=lambda x: (-x.count, x.label.lower()))

    count("rating", lambda r: r.ratings.get(f.kq, ""), lambda v: RATING_LABELS.get(v, v),
          lambda v: v in f.rating)
    out["rating"].sort(key=lambda x: (RATING_ORDER + ("",)).index(x.value))
    count("sector", lambda r: r.sector or None, lambda v: v, lambda v: v == f.sector)
    count("care_home", lambda r: None if r.care_home is None else ("yes" if r.care_home else "no"),
          lambda v: "Care home" if v == "yes" else "Not a care home",
          lambda v: f.care_home is not None and v == ("yes" if f.care_home else "no"))
    count("la", lambda r: r.la or None,
          lambda v: areas[("local-authority", v)].label if ("local-authority", v) in areas else v,
          lambda v: v == f.la)
    count("icb", lambda r: r.icb or None,
          lambda v: areas[("icb", v)].label if ("icb", v) in areas else v, lambda v: v == f.icb)
    count("region", lambda r: r.region or None, lambda v: v, lambda v: v == f.region)
    return out


def rating_counts(rows: Iterable[Row], kq: str = "overall") -> dict[str, int]:
    """How many of ``rows`` have each current rating for ``kq`` ("" for none)."""
    counts = {r: 0 for r in RATING_ORDER + ("",)}
    for row in rows:
        v = row.ratings.get(kq, "")
        counts[v if v in counts else ""] += 1
    return counts


# -- the SPARQL that gives the list -----------------------------------------------------------


def _literal(text: str) -> str:
    """A SPARQL string literal (escaped as SPARQL 1.1 section 19.7 requires)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\r", "\\r") + '"'


def _area_pattern(area: Area | None, key: str, name_prop: str, iri_props: tuple[str, ...],
                  postcode_prop: str) -> str:
    if area is None:  # an unknown key matches nothing, as the list does
        return "  FILTER(false)\n"
    alts = [f"{{ ?location cqc:{name_prop} {_literal(n)} }}" for n in sorted(area.names)]
    for iri in sorted(area.iris):
        alts += [f"{{ ?location cqc:{p} <{iri}> }}" for p in iri_props]
        alts.append(f"{{ ?location cqc:postcodeUnit/cqc:{postcode_prop} <{iri}> }}")
    return "  " + "\n  UNION ".join(alts) + "\n"


def list_sparql(table: Table, f: Filters, today: dt.date | None = None,
                limit: int = 10000) -> str:
    """A SPARQL query giving the locations of the list (IRI, name, postcode, the chosen key
    question's current rating), for the query UI: the filters written as patterns over the
    same properties the table is built from."""
    lines = [
        f"PREFIX cqc: <{CQC}>",
        f"PREFIX schema: <{SCHEMA}>",
        f"PREFIX kq: <{KQS}>",
        f"PREFIX rating: <{RATINGS}>",
        "# locations" + (" filtered as the list is" if f.active else ""),
        "SELECT ?location (SAMPLE(?n) AS ?name) (SAMPLE(?pc) AS ?postcode)"
        " (SAMPLE(?value) AS ?rating) WHERE {",
        "  ?location a cqc:Location .",
    ]
    body = []
    rated = [r for r in f.rating if r]
    four = " ".join(f"rating:{r}" for r in RATING_ORDER)
    body.append(f"  OPTIONAL {{ ?location cqc:currentRating ?current . ?current cqc:keyQuestion"
                f" kq:{f.kq} ; cqc:ratingValue ?value . VALUES ?value {{ {four} }} }}\n")
    tests = []
    if "" in f.rating:
        tests.append("!BOUND(?value)")
    if rated:
        tests.append("?value IN (" + ", ".join(f"rating:{r}" for r in rated) + ")")
    if tests:
        body.append(f"  FILTER({' || '.join(tests)})\n")
    if f.sector:
        body.append(f"  ?location cqc:sector {_literal(f.sector)} .\n")
    if f.care_home is not None:
        body.append(f"  ?location cqc:careHome {'true' if f.care_home else 'false'} .\n")
    if f.region:
        body.append(f"  ?location cqc:region {_literal(f.region)} .\n")
    if f.la:
        body.append(_area_pattern(table.area("local-authority", f.la), f.la, "localAuthority",
                                  ("localAuthorityArea",), "postcodeLocalAuthority"))
    if f.icb:
        body.append(_area_pattern(table.area("icb", f.icb), f.icb, "icbName",
                                  ("icbArea", "subIcbArea"), "postcodeIcb"))
    if f.not_inspected_years:
        cutoff = f.cutoff(today or dt.date.today())
        body.append(
            "  FILTER NOT EXISTS {\n"
            "    { ?visit cqc:inspectionOf ?location ; cqc:startDate ?when }\n"
            "    UNION { ?visit cqc:inspectionOf ?location ; cqc:endDate ?when }\n"
            "    UNION { ?location cqc:lastInspectionDate ?when }\n"
            "    UNION { ?report cqc:inspectionOf ?location ; cqc:publicationDate ?when }\n"
            "    UNION { ?location cqc:currentRating/cqc:ratingDate ?when }\n"
            f"    FILTER(STR(?when) >= {_literal(cutoff)})\n"
            "  }\n")
    lines += [b.rstrip("\n") for b in body]
    lines += [
        "  OPTIONAL { ?location schema:name ?n }",
        "  OPTIONAL { ?location cqc:postcode ?pc }",
        "}",
        "GROUP BY ?location",
        "ORDER BY LCASE(?name) ?location",
        f"LIMIT {limit}",
    ]
    return "\n".join(lines) + "\n"


# -- downloads ------------------------------------------------------------------------------------

COLUMNS = ("location", "name", "postcode", "sector", "care_home", "local_authority",
           "local_authority_codes", "icb", "icb_codes", "region", "last_inspected",
           *(f"rating_{kq.replace('-', '_')}" for kq in KEY_QUESTIONS), "page")


def records(table: Table, rows: Iterable[Row], page_base: str, data_base: str) -> list[dict]:
    """The rows as plain records (the CSV's and the JSON's), with rating labels."""
    out = []
    for r in rows:
        la = table.area("local-authority", r.la)
        icb = table.area("icb", r.icb)
        page = page_base + "/id/" + r.iri[len(data_base):] if r.iri.startswith(data_base) \
            else r.iri
        out.append({
            "location": r.iri, "name": r.name, "postcode": r.postcode, "sector": r.sector,
            "care_home": "" if r.care_home is None else ("yes" if r.care_home else "no"),
            "local_authority": la.label if la else "",
            "local_authority_codes": " ".join(la.codes) if la else "",
            "icb": icb.label if icb else "", "icb_codes": " ".join(icb.codes) if icb else "",
            "region": r.region, "last_inspected": r.last_inspected,
            **{f"rating_{kq.replace('-', '_')}": RATING_LABELS.get(r.ratings.get(kq, ""), "")
               if r.ratings.get(kq) else "" for kq in KEY_QUESTIONS},
            "page": page,
        })
    return out


def to_csv(items: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(items)
    return buf.getvalue()


def to_json(items: list[dict], total: int, filters: list[tuple[str, str]]) -> str:
    return json.dumps({"total": total, "filters": [{"name": k, "value": v} for k, v in filters],
                       "locations": items}, indent=1, ensure_ascii=False) + "\n"


def from_index(r: li.IndexedLocation, refs: li.AreaRefs) -> Row:
    """A row of the index of locations as a row of the table, its areas by key."""
    return Row(r.iri, r.name, r.postcode, r.sector, r.care_home, r.region,
               refs.key("local-authority", r.la_ref), refs.key("icb", r.icb_ref),
               dict(r.ratings), {}, r.last_inspected, r.last_kind)


def facet_values(counts: Mapping[str, Mapping[str, int]], areas: Mapping[tuple[str, str], Area],
                 f: Filters) -> dict[str, list[FacetValue]]:
    """:func:`facets` from the index's counts per facet value (``LocationIndex.facet_counts``):
    labelled, selected, most first (the ratings in their order)."""
    def label(name: str, v: str) -> str:
        if name == "rating":
            return RATING_LABELS.get(v, v)
        if name == "care_home":
            return "Care home" if v == "yes" else "Not a care home"
        if name in ("la", "icb"):
            a = areas.get(("local-authority" if name == "la" else "icb", v))
            return a.label if a else v
        return v

    def selected(name: str, v: str) -> bool:
        if name == "rating":
            return v in f.rating
        if name == "care_home":
            return f.care_home is not None and v == ("yes" if f.care_home else "no")
        return v == getattr(f, name)

    out = {name: sorted((FacetValue(v, label(name, v), n, selected(name, v))
                         for v, n in counts.get(name, {}).items()),
                        key=lambda x: (-x.count, x.label.lower()))
           for name in ("rating", "sector", "care_home", "la", "icb", "region")}
    out["rating"].sort(key=lambda x: (RATING_ORDER + ("",)).index(x.value))
    return out
