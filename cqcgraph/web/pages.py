"""What the people-facing pages and the descriptions show: resource views (location, provider,
document, any resource), the rating chart, the ontology and shapes, the service description and
VoID. No Flask here (the app renders the Jinja templates, which escape everything).

The data of a page comes from the SPARQL files in ``page_queries/``. Each binds its subject
first (as a substitution, never pasted into the text), has a LIMIT, and matches inside
``GRAPH ?g``, so that a fact repeated in many document graphs gives one row per graph, never a
product of its repeats; DISTINCT removes the rest. They run through :meth:`Backend.query`: in a
query worker, under the same time limit as ``/sparql``, one deadline for the whole page. Long
lists are capped on the page and say how many there are.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from cqcgraph import media_types, namespaces, terms
from cqcgraph.api import iri_error, read_rdf_files, serialize_triples
from cqcgraph.derived import derived_graph_iri
from cqcgraph.resources import data_dir
from cqcgraph.sparql.protocol import ProtocolError
from cqcgraph.terms import Quad, Term

_T = TypeVar("_T")
log = logging.getLogger("cqcgraph.web")
CQC = namespaces.CQC
ONTOLOGY = namespaces.ONTOLOGY_IRI
RDF_TYPE = namespaces.RDF + "type"
RDFS_LABEL = namespaces.RDFS + "label"
RDFS = namespaces.RDFS
SCHEMA = namespaces.SCHEMA
LOCN = namespaces.LOCN
DCTERMS = namespaces.DCTERMS
SKOS = namespaces.SKOS
FOAF = namespaces.FOAF
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = namespaces.SH
OWL = namespaces.OWL
VOID_PREFIXES = {"void": VOID, "dcat": DCAT, "sd": SD}
RATING_LEVEL = {"outstanding": 4, "good": 3, "requires-improvement": 2, "inadequate": 1}
KQ_ORDER = ["overall", "safe", "effective", "caring", "responsive", "well-led"]
KQ_CONCEPTS = namespaces.PREFIXES["kq"]
PREFIX_LINES = (
    f"PREFIX cqc: <{CQC}> PREFIX rdfs: <{RDFS}> PREFIX schema: <{SCHEMA}> "
    f"PREFIX locn: <{LOCN}> PREFIX dcterms: <{DCTERMS}> PREFIX skos: <{SKOS}> "
)
PAGE_QUERIES = Path(__file__).resolve().parent / "page_queries"
LIST_CAP = 100  # rows of one list shown on a page; the page says how many there are
GROUP_CAP = 50  # rows of one "linked from" group shown
INCOMING_CAP = 1000  # links to a resource read for its page
LAYOUT_NAMES = {
    "inspection-report": "Inspection report",
    "assessment": "Assessment report",
    "location-page": "Location page",
    "provider-page": "Provider page",
    "inspection-summary": "Inspection summary",
    "essential-standards-report": "Essential standards report",
    "review-of-compliance": "Review of compliance",
    "cqc-api-json": "CQC API record",
    "press-release-list": "Press release list",
    "press-release": "Press release",
    "generic": "Document",
}


# -- links -----------------------------------------------------------------------------------


def local_href(iri: str, data_base: str, local_base: str) -> str | None:
    """Where a person follows ``iri``: minted IRIs go to this server's ``/id/`` (whatever host
    it is reached by), the ontology and its concepts to ``/ontology…``, other http(s) IRIs
    (legislation.gov.uk, postcodes) out as they are. Any other scheme (``javascript:``,
    ``data:``, ``urn:`` …) gives None: shown as text, never as a link."""
    if iri.startswith(data_base):
        return "/id/" + iri[len(data_base):]
    if local_base and iri.startswith(local_base):
        return "/id/" + iri[len(local_base):]
    if iri.startswith(CQC):
        return "/ontology#" + iri[len(CQC):]
    if iri == ONTOLOGY:
        return "/ontology"
    if iri.startswith(ONTOLOGY + "/"):
        return "/ontology/" + iri[len(ONTOLOGY) + 1:]
    if urllib.parse.urlsplit(iri).scheme.lower() in ("http", "https"):
        return iri
    return None


def doc_path(href: str) -> str:
    """The page (information resource) of a local resource path: ``/id/x`` → ``/doc/x``."""
    return "/doc/" + href[len("/id/"):] if href.startswith("/id/") else href.split("#")[0]


def label_of(row: dict, key: str, fallback: str = "") -> str:
    term = row.get(key)
    return term.value if term is not None else fallback


def short_iri(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip("/"):
            return iri.rstrip("/").rsplit(sep, 1)[-1]
    return iri


def checked_iri(iri: str) -> Term:
    """``iri`` as a term, or a 400 that says why it is not an IRI (RFC 3987)."""
    error = iri_error(iri)
    if error is not None:
        shown = iri if len(iri) <= 200 else iri[:200] + "…"
        raise ProtocolError(400, f"<{shown}> is not a valid IRI ({error}), so nothing is"
                                 " known about it")
    return terms.iri(iri)


def human_date(value: str) -> str:
    """``2021-01-13`` → ``13 January 2021``; anything else unchanged."""
    try:
        d = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{d.day} {d.strftime('%B')} {d.year}"


_MONTHS = ("january february march april may june july august september october november"
           " december").split()
_SPOKEN_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b", re.I)


def natural_key(text: str) -> tuple:
    """Sort key that orders "Regulation 9" before "Regulation 12" and spoken dates ("2 April
    2019") in time order."""
    text = _SPOKEN_DATE.sub(lambda m: f"{m.group(3)}-{_MONTHS.index(m.group(2).lower()) + 1:02d}"
                                      f"-{int(m.group(1)):02d}", text)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", text))


@dataclass
class Link:
    href: str | None
    text: str
    iri: str = ""


@dataclass
class Value:
    text: str
    href: str | None = None
    datatype: str | None = None


@dataclass
class LinkGroup:
    """Resources that link to the page's subject in one way (class and property)."""
    title: str
    prop: Link
    links: list[Link]
    total: int


@dataclass
class View:
    template: str
    iri: str
    title: str
    types: list[Link] = field(default_factory=list)
    properties: list[tuple[Link, list[Value]]] = field(default_factory=list)
    incoming: list[LinkGroup] = field(default_factory=list)
    incoming_total: int = 0
    incoming_more: bool = False
    data: dict = field(default_factory=dict)
    rdf_links: list[Link] = field(default_factory=list)


def exists(backend, iri: str) -> bool:
    """Whether the store says anything of ``iri`` (one index probe each way: constant time)."""
    return backend.core.mentions(checked_iri(iri).value)


# -- running the page queries ---------------------------------------------------------------


def warm_page_queries(backend) -> None:
    """Read every page query through the SERVICE guard once, as the server starts: those
    that bind ``?service`` are analysed in full (the analyser process starts then, seconds on
    a busy machine), which the first page would otherwise wait for."""
    for path in sorted(PAGE_QUERIES.glob("*.rq")):
        try:
            backend.engine.guard.check(page_query(path.stem))
        except ProtocolError as exc:  # the page that needs it will say so
            log.warning("page query %s: %s", path.stem, exc.message)


@lru_cache(maxsize=None)
def page_query(name: str) -> str:
    return (PAGE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _term(b: dict) -> Term:
    """A term of a SPARQL JSON results binding (SPARQL 1.1 Query Results JSON Format, 3.2.2)."""
    kind = b.get("type")
    if kind == "uri":
        return terms.iri(b["value"])
    if kind == "bnode":
        return Term("bnode", b["value"])
    if kind in ("literal", "typed-literal"):
        return terms.literal(b["value"], datatype=b.get("datatype"), language=b.get("xml:lang"))
    return terms.literal(json.dumps(b.get("value")))


#: A page query to fetch: its name (or None, and its text), and the values it binds.
Wanted = tuple[str | None, str | None, dict[str, Term]]


class Lookup:
    """The queries of one page, in query workers, all within one time limit (the endpoint's
    ``--query-timeout``). Those a page knows it will ask are fetched together first, in one
    trip to one worker (:meth:`prefetch`); :meth:`select` answers them from what came back."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.limit = float(backend.settings.query_timeout)
        self.deadline = time.monotonic() + self.limit
        self._fetched: dict[tuple, bytes | ProtocolError] = {}

    @staticmethod
    def _key(query: str, bindings: dict[str, Term]) -> tuple:
        return (query, tuple(sorted((k, str(v)) for k, v in bindings.items())))

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0.05:
            raise self._too_slow()
        return remaining

    def prefetch(self, wanted: list[Wanted]) -> None:
        """Run the page queries ``wanted`` — (name, or None and the text; bound values) — in
        one batch; each answer is kept for the :meth:`select` that asks for it."""
        queries = [(text if text is not None else page_query(name or ""), bindings)
                   for name, text, bindings in wanted]
        queries = [q for q in queries if self._key(*q) not in self._fetched]
        if not queries:
            return
        answers = self._guarded(
            lambda: self.backend.engine.query_batch(queries, timeout=self._remaining()))
        for query, answer in zip(queries, answers, strict=True):
            self._fetched[self._key(*query)] = answer

    def _guarded(self, fetch: Callable[[], _T]) -> _T:
        """``fetch()``, its failures said as this page's: past the time limit a 503 with
        ``Retry-After``, a broken answer stream a 503 that names it."""
        try:
            return fetch()
        except ProtocolError as exc:
            if exc.status == 503 and "time limit" in exc.message:
                raise self._too_slow() from None
            raise
        except Exception as exc:  # noqa: BLE001 - a broken answer stream
            raise ProtocolError(503, f"this page's data could not be read: {exc}") from None

    def _too_slow(self) -> ProtocolError:
        return ProtocolError(503, f"this page's data was not ready within the time limit of"
                                  f" {self.limit:g} s", headers={"Retry-After": "5"})

    def select(self, name: str | None = None, *, text: str | None = None,
               **bindings: Term) -> list[dict]:
        """The rows of page query ``name`` (or ``text``) with ``bindings`` substituted."""
        return self.select_bound(text if text is not None else page_query(name or ""), bindings)

    def select_bound(self, query: str, bindings: dict[str, Term]) -> list[dict]:
        """The rows of ``query`` with ``bindings`` substituted."""
        fetched = self._fetched.pop(self._key(query, bindings), None)
        if isinstance(fetched, ProtocolError):
            raise fetched
        if fetched is not None:
            return self._rows(fetched)
        remaining = self._remaining()
        data = self._guarded(lambda: self.backend.query(
            query, results_format="json", graph_format=None, substitutions=bindings or None,
            timeout=remaining).read_all())
        return self._rows(data)

    @staticmethod
    def _rows(data: bytes) -> list[dict]:
        doc = json.loads(data)
        return [{k: _term(v) for k, v in b.items()} for b in doc["results"]["bindings"]]

    def labels(self, iris: Iterable[str], known: dict[str, str]) -> dict[str, str]:
        """Labels of ``iris`` not in ``known`` (at most 200: :func:`label_lookups`)."""
        out: dict[str, str] = {}
        for name, text, bound in label_lookups(iris, known):
            for r in self.select(name, text=text, **bound):
                if "label" in r:
                    out.setdefault(bound["x"].value if bound else r["x"].value,
                                   r["label"].value)
        return out

    def document_titles(self, iris: Iterable[str], base: str) -> dict[str, str]:
        """What the source documents among ``iris`` are ("Inspection report, published …"),
        for links to them (at most 200: :func:`title_lookups`)."""
        out: dict[str, str] = {}
        for name, text, bound in title_lookups(iris, base):
            for r in self.select(name, text=text, **bound):
                doc = bound["doc"].value if bound else r["doc"].value
                out.setdefault(doc, document_title(label_of(r, "layout"), label_of(r, "issued"),
                                                   None, label_of(r, "file")))
        return out


#: The most labels, and document titles, a page asks for one query each (``label``,
#: ``document-title``: bounded by their shape, answered in the process serving the page);
#: past these, in one query of a query worker for all (labels) or for 50 (titles).
ONE_BY_ONE = 24


def label_lookups(iris: Iterable[str], known: dict[str, str]) -> list[Wanted]:
    """The queries of the labels of ``iris`` not in ``known`` (the first 200 by IRI)."""
    wanted = sorted({i for i in iris if i and i not in known})[:200]
    if len(wanted) <= ONE_BY_ONE:
        return [("label", None, {"x": terms.iri(i)}) for i in wanted]
    text = labels_query(wanted, {})
    return [(None, text, {})] if text is not None else []


def labels_query(iris: Iterable[str], known: dict[str, str]) -> str | None:
    """The query of the labels of ``iris`` not in ``known`` (None: none is wanted)."""
    wanted = sorted({i for i in iris if i and i not in known})[:200]
    if not wanted:
        return None
    values = " ".join(str(terms.iri(i)) for i in wanted)
    return (f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?x {{ {values} }}"
            f" ?x <{RDFS_LABEL}> ?l }} GROUP BY ?x")


def title_lookups(iris: Iterable[str], base: str) -> list[Wanted]:
    """The queries of what the source documents among ``iris`` are (the first 200 by IRI)."""
    wanted = _documents(iris, base)
    if len(wanted) <= ONE_BY_ONE:
        return [("document-title", None, {"doc": terms.iri(i)}) for i in wanted]
    return [(None, document_titles_query(wanted[i:i + TITLES_PER_QUERY]), {})
            for i in range(0, len(wanted), TITLES_PER_QUERY)]


#: Documents whose titles one query asks for: the engine's time grew faster than the
#: branches of the union (on a provider of 1,500 locations: 50 in 15 ms, 200 in 355 ms).
TITLES_PER_QUERY = 50


def _documents(iris: Iterable[str], base: str) -> list[str]:
    """The source documents among ``iris`` (the first 200 by IRI)."""
    prefix = base + "document/"
    return sorted({i for i in iris if i.startswith(prefix)
                   and "/" not in i[len(prefix):]})[:200]


def document_titles_query(wanted: list[str]) -> str:
    """The query of what the source documents ``wanted`` are."""
    # one branch per document, its IRI written in: with ``VALUES ?doc`` and ``GRAPH ?doc``
    # the engine read every source document of the store first (3 s on 100,000 documents)
    branches = " UNION ".join(
        f"{{ BIND({d} AS ?doc) GRAPH {d} {{ {d} a cqc:SourceDocument"
        f" OPTIONAL {{ {d} cqc:layout ?layout }} OPTIONAL {{ {d} dcterms:issued ?issued }}"
        f" OPTIONAL {{ {d} cqc:fileName ?file }} }} }}"
        for d in (str(terms.iri(i)) for i in wanted))
    return (f"PREFIX cqc: <{CQC}> PREFIX dcterms: <{DCTERMS}>\n"
            f"SELECT ?doc ?layout ?issued ?file WHERE {{ {branches} }} LIMIT 1000")


#: The page queries of a location's page, bound to the location as ``?loc``: fetched in one
#: batch with the labels the page needs (:meth:`Lookup.prefetch`). Each is bounded by its
#: shape (only triple patterns, OPTIONAL and GRAPH), so the process serving the page answers
#: them itself; what a union, a BIND or a COALESCE did, Python does on their rows
#: (:func:`location_ratings`, :func:`location_findings`, :func:`location_coordinates`).
LOCATION_QUERIES = ("location-facts", "location-current", "location-documents",
                    "location-inspections", "location-ratings", "location-coordinates",
                    "location-postcode-coordinates", "location-register",
                    "location-register-ratings")
#: The two page queries of a location's findings, each asked for breaches and for actions.
FINDINGS_QUERIES = ("location-inspection-findings", "location-document-findings")
FINDINGS = (("breach", CQC + "hasBreach"), ("action", CQC + "hasAction"))


#: The classes some location queries bind (a class written in is where the engine would
#: start: it plans a query before the bound values are put in).
BOUND_CLASSES = {"location-documents": {"sourceDocument": CQC + "SourceDocument"},
                 "location-register-ratings": {"registerRating": CQC + "RegisterRating"}}


def location_bound(name: str, loc: Term) -> dict[str, Term]:
    """The values location query ``name`` binds: the location, and a class for some."""
    return {"loc": loc, **{k: terms.iri(v) for k, v in BOUND_CLASSES.get(name, {}).items()}}


def location_queries(loc: Term) -> list[Wanted]:
    """The page queries of a location's page, with the values each binds."""
    wanted: list[Wanted] = [(name, None, location_bound(name, loc)) for name in LOCATION_QUERIES]
    return wanted + [(name, None, {"loc": loc, "has": terms.iri(has)})
                     for name in FINDINGS_QUERIES for _, has in FINDINGS]


def _distinct(rows: Iterable[dict]) -> list[dict]:
    """``rows`` without repeats (as SELECT DISTINCT: the same values for the same names), in
    their order."""
    seen: set[tuple] = set()
    out = []
    for r in rows:
        key = tuple(sorted((k, str(v)) for k, v in r.items()))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _coalesce(row: dict, *names: str) -> Term | None:
    """The first of ``names`` bound in ``row`` (SPARQL's COALESCE of variables)."""
    for name in names:
        term = row.get(name)
        if term is not None:
            return term
    return None


#: What the date of a rating is, by the first of its dates that is there.
DATE_KINDS = (("rd", "rating"), ("pd", "publication"), ("ed", "visit"), ("sd", "visit"))


def location_ratings(lookup: "Lookup", loc: Term) -> list[dict]:
    """The rows of ``location-ratings`` with each rating's date (``date``) and which date
    that is (``dateKind``: rating, publication, visit, or empty) by the one rule for the
    date of a rating (docs/architecture.md)."""
    out = []
    for r in lookup.select("location-ratings", loc=loc):
        row = {k: v for k, v in r.items() if k not in ("rd", "pd", "ed", "sd")}
        date = _coalesce(r, "rd", "pd", "ed", "sd")
        if date is not None:
            row["date"] = date
        kind = next((kind for name, kind in DATE_KINDS if name in r), "")
        row["dateKind"] = terms.literal(kind)
        out.append(row)
    return _distinct(out)[:5001]


def location_findings(lookup: "Lookup", loc: Term) -> list[dict]:
    """The breaches and actions of a location (``what``: breach or action), by an inspection
    of it or by a document about it: one row per document graph that states each, dated by
    the inspection's visit, else its publication, else the document's date."""
    out = []
    for name in FINDINGS_QUERIES:
        for what, has in FINDINGS:
            for r in lookup.select(name, loc=loc, has=terms.iri(has)):
                row = {k: v for k, v in r.items() if k not in ("has", "sd", "pd", "issued")}
                row["what"] = terms.literal(what)
                date = _coalesce(r, "sd", "pd", "issued")
                if date is not None:
                    row["date"] = date
                out.append(row)
    return _distinct(out)[:5001]


def location_coordinates(lookup: "Lookup", loc: Term) -> list[dict]:
    """Where a location is: the coordinates a source states (``from``: stated), then those of
    its postcode (``from``: postcode), at most 20 rows."""
    rows = [{**r, "from": terms.literal(kind)}
            for name, kind in (("location-coordinates", "stated"),
                               ("location-postcode-coordinates", "postcode"))
            for r in lookup.select(name, loc=loc)]
    return rows[:20]


@lru_cache(maxsize=1)
def vocabulary_labels() -> dict[str, str]:
    """Labels of the ontology's classes, properties, concepts and regulations, from the
    installed files (skos:prefLabel, then rdfs:label, then dcterms:title)."""
    rank = {SKOS + "prefLabel": 0, RDFS_LABEL: 1, DCTERMS + "title": 2}
    best: dict[str, tuple[int, str]] = {}
    for t in vocabulary("ontology").triples:
        r = rank.get(t.predicate.value)
        if r is None or not t.subject.is_iri or not t.object.is_literal:
            continue
        if t.subject.value not in best or r < best[t.subject.value][0]:
            best[t.subject.value] = (r, t.object.value)
    return {k: v for k, (_, v) in best.items()}


#: The page queries of a source document's page, bound to it as ``?doc``.
DOCUMENT_QUERIES = ("document-mentions", "document-size")


def provider_queries(provider: Term, derived: Term, offset: int) -> list[Wanted]:
    """The page queries of a provider's page: its locations from ``offset`` on (one page,
    :data:`LIST_CAP`), how many it runs, its breaches over time."""
    bound = {"p": provider, "derived": derived}
    return [(None, provider_locations_query(offset), bound),
            ("provider-location-count", None, bound), ("provider-breaches", None, bound)]


def provider_locations_query(offset: int) -> str:
    """``provider-locations`` for the page of locations that starts at ``offset`` (an
    integer: the only value written into the text, as SPARQL has no variable OFFSET)."""
    text = page_query("provider-locations")
    page = f"LIMIT {LIST_CAP + 1} OFFSET {int(offset)} }}"
    assert "LIMIT 101 OFFSET 0 }" in text
    return text.replace("LIMIT 101 OFFSET 0 }", page, 1)


class Page:
    """What the views of one page share: its lookups, labels and link rewriting."""

    def __init__(self, backend, local_base: str) -> None:
        self.lookup = Lookup(backend)
        self.data_base = backend.base
        self.derived = terms.iri(derived_graph_iri(backend.base))
        self.local_base = local_base
        self.labels: dict[str, str] = dict(vocabulary_labels())

    def href(self, iri: str) -> str | None:
        return local_href(iri, self.data_base, self.local_base)

    def label(self, iri: str, fallback: str | None = None) -> str:
        return self.labels.get(iri) or (fallback if fallback is not None else short_iri(iri))

    def link(self, iri: str, text: str | None = None) -> Link:
        return Link(self.href(iri), text or self.label(iri), iri)

    def learn(self, rows: list[dict], iri_key: str, label_key: str = "label") -> None:
        for r in rows:
            term, lab = r.get(iri_key), r.get(label_key)
            if term is not None and term.is_iri and lab is not None:
                self.labels.setdefault(term.value, lab.value)


def _first(rows: list[dict], key: str) -> str:
    for r in rows:
        if key in r:
            return r[key].value
    return ""


def capped(items: list, cap: int = LIST_CAP, more: bool = False) -> dict:
    """A list as a page shows it: the first ``cap`` items and how many there are."""
    return {"rows": items[:cap], "total": len(items), "shown": min(cap, len(items)),
            "more": more}


# -- resource pages ------------------------------------------------------------------------


def resource_view(backend, iri: str, local_base: str, offset: int = 0) -> View:
    """The generic part of every resource page, then the kind-specific part, in two trips
    to a query worker (a provider's page shows its locations from ``offset`` on)."""
    page = Page(backend, local_base)
    node = checked_iri(iri)
    incoming = incoming_query(backend.engine.few_with_object(node))
    page.lookup.prefetch([("outgoing", None, {"s": node}), (None, incoming, {"o": node})])
    out_rows = page.lookup.select("outgoing", s=node)
    page.learn(out_rows, "o")
    inc_rows = incoming_rows(page.lookup.select(text=incoming, o=node))
    page.learn(inc_rows, "s")
    types = sorted({r["o"].value for r in out_rows if r["p"].value == RDF_TYPE
                    and r["o"].is_iri})
    labelled = [r["o"].value for r in out_rows if r["o"].is_iri] + [iri]
    linked = [i for i in [r["o"].value for r in out_rows if r["o"].is_iri] +
              [r["s"].value for r in inc_rows] if i != iri]
    # the second and last trip: the labels, and what a location's page shows
    second = label_lookups(labelled, page.labels) + title_lookups(linked, page.data_base)
    if CQC + "Location" in types:
        second += location_queries(node)
    elif CQC + "Provider" in types:
        second += provider_queries(node, page.derived, offset)
    elif CQC + "SourceDocument" in types:
        second += [(name, None, {"doc": node}) for name in DOCUMENT_QUERIES]
    page.lookup.prefetch(second)
    page.labels.update(page.lookup.labels(labelled, page.labels))
    page.labels.update(page.lookup.document_titles(linked, page.data_base))

    grouped: dict[str, dict[str, Value]] = {}
    for r in out_rows:
        o = r["o"]
        values = grouped.setdefault(r["p"].value, {})
        if str(o) in values:
            continue
        if o.is_iri:
            values[str(o)] = Value(page.label(o.value, o.value), page.href(o.value))
        elif o.is_literal:
            dt = o.datatype
            values[str(o)] = Value(o.value, None, short_iri(dt) if dt and not dt.endswith(
                ("#string", "#langString")) else None)
        else:
            values[str(o)] = Value(str(o))
    properties = [
        (page.link(p, page.label(p)), sorted(vals.values(), key=lambda v: natural_key(v.text)))
        for p, vals in sorted(grouped.items(), key=lambda kv: (kv[0] != RDF_TYPE,
                                                               page.label(kv[0]).lower()))
    ]
    groups, total = linked_from(page, inc_rows)
    href = page.href(iri) or ""
    base_path = doc_path(href)
    view = View(
        "resource.html", iri, page.label(iri),
        types=[page.link(t) for t in types],
        properties=properties, incoming=groups, incoming_total=total,
        incoming_more=len(inc_rows) > INCOMING_CAP,
        rdf_links=[Link(f"{base_path}.{f.suffix}", f.label) for f in media_types.TRIPLE_FORMATS],
    )
    if CQC + "Location" in types:
        view.template = "location.html"
        view.data = location_data(page, node)
    elif CQC + "Provider" in types:
        view.template = "provider.html"
        view.data = provider_data(page, node, offset)
    elif CQC + "SourceDocument" in types:
        view.template = "document.html"
        view.data = document_data(page, node, out_rows)
        view.title = view.data["title"]
    return view


def incoming_query(few: bool) -> str:
    """The query of the links to a page's subject: for one with ``few`` (``incoming-few``,
    bounded by its shape: every link, its subjects' classes all given), else ``incoming``
    (its first :data:`INCOMING_CAP` links and one more, IRI subjects and cqcgraph classes
    only, in a query worker). :func:`incoming_rows` makes their rows the same."""
    if few:
        return page_query("incoming-few")
    return page_query("incoming") + f"\nLIMIT {INCOMING_CAP + 1}"


def incoming_rows(rows: list[dict]) -> list[dict]:
    """The rows of :func:`incoming_query` as ``incoming`` gives them: IRI subjects only, a
    subject's cqcgraph classes (``type``; none when it has none), at most
    :data:`INCOMING_CAP` and one more."""
    by_link: dict[tuple, list[dict]] = {}
    for r in rows:
        if not r["s"].is_iri:
            continue
        key = (r["s"].value, r["p"].value, str(r.get("label", "")))
        kept = by_link.setdefault(key, [])
        t = r.get("type")
        if t is not None and t.value.startswith(CQC):
            if not kept or "type" in kept[0]:
                kept.append(r)
            else:
                kept[0] = r
        elif not kept:
            kept.append({k: v for k, v in r.items() if k != "type"})
    return _distinct(r for kept in by_link.values() for r in kept)[:INCOMING_CAP + 1]


def linked_from(page: Page, rows: list[dict]) -> tuple[list[LinkGroup], int]:
    """The resources linking to a page's subject, grouped by their class and the linking
    property, each group sorted by label (numbers and dates in order)."""
    subjects: dict[tuple[str, str], dict] = {}
    for r in rows[:INCOMING_CAP]:
        key = (r["s"].value, r["p"].value)
        entry = subjects.setdefault(key, {"label": "", "type": ""})
        if not entry["label"] and "label" in r:
            entry["label"] = r["label"].value
        if not entry["type"] and "type" in r:
            entry["type"] = r["type"].value
    groups: dict[tuple[str, str], list[Link]] = {}
    for (s, p), entry in subjects.items():
        groups.setdefault((entry["type"], p), []).append(
            Link(page.href(s), page.labels.get(s) or entry["label"] or s, s))
    out = []
    for (cls, p), links in groups.items():
        links.sort(key=lambda link: natural_key(link.text))
        title = page.label(cls).capitalize() if cls else "Other resources"
        out.append(LinkGroup(title, page.link(p), links[:GROUP_CAP], len(links)))
    out.sort(key=lambda g: (g.title.lower(), g.prop.text.lower()))
    return out, len(subjects)


def _date_of(*values: str) -> str:
    for v in values:
        if v:
            return v
    return ""


def location_data(page: Page, loc: Term) -> dict:
    lookup = page.lookup
    facts = lookup.select("location-facts", loc=loc)
    provider = _first(facts, "provider")
    if provider:
        page.labels.setdefault(provider, _first(facts, "providerName"))

    current = lookup.select("location-current", loc=loc)
    by_kq: dict[str, dict] = {}
    for r in current:
        kq = r["kq"].value
        by_kq.setdefault(kq, {
            "kq": page.label(kq), "kq_key": short_iri(kq),
            "value": page.label(r["value"].value), "value_key": short_iri(r["value"].value),
            "href": page.href(r["value"].value), "date": label_of(r, "date")})
    current_rows = sorted(by_kq.values(), key=lambda r: KQ_ORDER.index(r["kq_key"])
                          if r["kq_key"] in KQ_ORDER else 99)

    documents = lookup.select_bound(page_query("location-documents"),
                                    location_bound("location-documents", loc))
    docs: dict[str, dict] = {}
    for r in documents:
        d = docs.setdefault(r["doc"].value, {"layout": "", "issued": "", "file": ""})
        for key in ("layout", "issued", "file"):
            if not d[key] and key in r:
                d[key] = r[key].value
    doc_titles = {iri: document_title(d["layout"], d["issued"], None, d["file"])
                  for iri, d in docs.items()}
    page.labels.update(doc_titles)
    doc_list = sorted(({"link": page.link(iri), "issued": d["issued"], "file": d["file"]}
                       for iri, d in docs.items()),
                      key=lambda d: (d["issued"] or "0000", d["link"].text), reverse=True)

    def sources(graphs: set[str]) -> list[Link]:
        return sorted((page.link(g) for g in graphs), key=lambda link: natural_key(link.text))

    inspections: dict[str, dict] = {}
    for r in lookup.select("location-inspections", loc=loc):
        i = inspections.setdefault(r["insp"].value, {"label": "", "start": "", "end": "",
                                                     "published": "", "graphs": set()})
        for key in ("label", "start", "end", "published"):
            if not i[key] and key in r:
                i[key] = r[key].value
        i["graphs"].add(r["g"].value)
    inspection_rows = sorted((
        {"link": page.link(iri, i["label"] or None), "date": _date_of(i["start"], i["published"]),
         "start": i["start"], "end": i["end"], "published": i["published"],
         "sources": sources(i["graphs"])}
        for iri, i in inspections.items()), key=lambda i: (i["date"], i["link"].text),
        reverse=True)

    history = rating_history(page, location_ratings(lookup, loc))
    breaches, actions = findings(page, location_findings(lookup, loc))
    from cqcgraph.web.register_page import register_data  # it imports this module

    register = register_data(page, loc)
    location = loc.value
    visits = [i["start"] or i["end"] for i in inspection_rows if i["start"] or i["end"]]
    return {
        "register": register,
        "last_inspected": last_inspected(max(visits) if visits else "", datetime.date.today()),
        "map": location_map(location_coordinates(lookup, loc)),
        "strip": rating_strip(history),
        "action_groups": actions_by_inspection(actions, inspection_rows),
        "name": _first(facts, "name"),
        "cqc_id": _first(facts, "cqcId"),
        "address": _first(facts, "address"),
        "postcode": _first(facts, "postcode"),
        "phone": _first(facts, "phone"),
        "provider": page.link(provider, _first(facts, "providerName") or None)
        if provider else None,
        "current": current_rows,
        "history": capped(history, 300),
        "history_query": "/queries/location-rating-history?location="
                         + urllib.parse.quote(location, safe=""),
        "chart": rating_chart(history),
        "inspections": capped(inspection_rows),
        "breaches": capped(breaches),
        "breaches_query": "/queries/location-breaches?location="
                          + urllib.parse.quote(location, safe=""),
        "actions": capped(actions),
        "documents": capped(doc_list, more=len(documents) > 1000),
    }


def rating_history(page: Page, rows: list[dict]) -> list[dict]:
    """One row per published rating (inspection, key question, value, score), oldest first,
    with every document that publishes it."""
    merged: dict[tuple, dict] = {}
    for r in rows:
        if "service" in r:
            continue
        kq, value = r["kq"].value, r["value"].value
        key = (r["insp"].value, kq, value, label_of(r, "score"))
        row = merged.setdefault(key, {
            "date": label_of(r, "date"), "date_kind": label_of(r, "dateKind"),
            "kq": page.label(kq), "kq_key": short_iri(kq),
            "value": page.label(value), "value_key": short_iri(value),
            "value_href": page.href(value), "score": label_of(r, "score"),
            "inspection": page.link(r["insp"].value), "graphs": set()})
        row["graphs"].add(r["g"].value)
    out = []
    for row in merged.values():
        row["sources"] = sorted((page.link(g) for g in row.pop("graphs")),
                                key=lambda link: natural_key(link.text))
        out.append(row)
    out.sort(key=lambda h: (h["date"] or "9999", KQ_ORDER.index(h["kq_key"])
                            if h["kq_key"] in KQ_ORDER else 99))
    return out


def findings(page: Page, rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Breaches and actions, each once, newest first, with its date and regulation."""
    merged: dict[str, dict] = {}
    for r in rows:
        x = merged.setdefault(r["x"].value, {"what": r["what"].value, "graphs": set()})
        for key in ("label", "title", "kind", "reg", "text", "date", "insp"):
            if key not in x and key in r:
                x[key] = r[key].value
        x["graphs"].add(r["g"].value)
    breaches, actions = [], []
    for iri, x in merged.items():
        reg = x.get("reg")
        row = {
            "href": page.href(iri),
            "date": x.get("date", ""),
            "text": x.get("text", ""),
            "legislation": _legislation_url(reg) if reg else None,
            "sources": len(x["graphs"]),
            "inspection": x.get("insp", ""),
        }
        if x["what"] == "breach":
            row["regulation"] = (page.labels.get(reg) if reg else None) or x.get("title") \
                or x.get("label") or "Breach"
            breaches.append(row)
        else:
            row["label"] = x.get("label") or "Action"
            row["kind"] = page.label(x["kind"]) if x.get("kind") else ""
            row["regulation"] = page.labels.get(reg, "") if reg else ""
            actions.append(row)
    for rows_ in (breaches, actions):
        rows_.sort(key=lambda r: natural_key(r.get("regulation") or r.get("label") or ""))
        rows_.sort(key=lambda r: r["date"] or "0000", reverse=True)
    return breaches, actions


def last_inspected(visit: str, today: datetime.date) -> dict | None:
    """When the latest inspection visit was, in words a person reads ("3 years ago").

    >>> last_inspected("2021-06-01", datetime.date(2024, 7, 1))["ago"]
    '3 years ago'
    >>> last_inspected("2024-06-20", datetime.date(2024, 7, 1))["ago"]
    'less than a year ago'
    """
    try:
        day = datetime.date.fromisoformat(visit[:10])
    except ValueError:
        return None
    years = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    ago = "less than a year ago" if years < 1 else f"{years} year{'' if years == 1 else 's'} ago"
    return {"date": day.isoformat(), "ago": ago, "years": years}


def actions_by_inspection(actions: list[dict], inspections: list[dict]) -> list[dict]:
    """The actions grouped by the inspection that led to them (newest inspection first), each
    group's actions by date; actions of no known inspection last."""
    known = {i["link"].iri: i for i in inspections}
    groups: dict[str, dict] = {}
    for a in actions:
        key = a["inspection"] if a.get("inspection") in known else ""
        g = groups.setdefault(key, {"inspection": known[key]["link"] if key else None,
                                    "date": known[key]["date"] if key else "", "actions": []})
        g["actions"].append(a)
    for g in groups.values():
        g["actions"].sort(key=lambda a: a["date"] or "0000", reverse=True)
    return sorted(groups.values(), key=lambda g: (g["inspection"] is not None, g["date"]),
                  reverse=True)


# England's extent (WGS 84), for the location map's frame
ENGLAND = {"south": 49.85, "north": 55.85, "west": -6.45, "east": 1.8}


def location_map(rows: list[dict]) -> dict | None:
    """A plain SVG map of a location's point within England's extent (no tiles, no outline):
    stated coordinates first, else its postcode's."""
    best = sorted(rows, key=lambda r: label_of(r, "from") != "stated")
    for r in best:
        try:
            lat, long = float(r["lat"].value), float(r["long"].value)
        except (KeyError, ValueError):
            continue
        e = ENGLAND
        if not (e["south"] <= lat <= e["north"] and e["west"] <= long <= e["east"]):
            continue
        width, height = 180, 220
        x = round((long - e["west"]) / (e["east"] - e["west"]) * width, 1)
        y = round((e["north"] - lat) / (e["north"] - e["south"]) * height, 1)
        return {"width": width, "height": height, "x": x, "y": y, "lat": lat, "long": long,
                "from": "the postcode" if label_of(r, "from") == "postcode" else "the source"}
    return None


def rating_strip(history: list[dict]) -> dict | None:
    """A heat strip of every key question's ratings against time: one row per key question,
    one cell per dated rating, placed on a real time axis, coloured by the rating and held
    until the next rating of that question."""
    dated = []
    for h in history:
        if h["value_key"] not in RATING_LEVEL or not h["date"]:
            continue
        try:
            dated.append((datetime.date.fromisoformat(h["date"][:10]), h))
        except ValueError:
            continue
    if not dated:
        return None
    days = sorted(d for d, _ in dated)
    start, end = days[0], max(days[-1], datetime.date.today())
    if (end - start).days < 365:
        start = end - datetime.timedelta(days=365)
    width, left, right, row_h, top = 600, 100, 20, 18, 4
    span = (end - start).days or 1

    def x_of(day: datetime.date) -> float:
        return round(left + (day - start).days * (width - left - right) / span, 1)

    rows = []
    kqs = [k for k in KQ_ORDER if any(h["kq_key"] == k for _, h in dated)]
    for n, kq in enumerate(kqs):
        points = sorted(((d, h) for d, h in dated if h["kq_key"] == kq), key=lambda p: p[0])
        cells = []
        for i, (d, h) in enumerate(points):
            nxt = points[i + 1][0] if i + 1 < len(points) else end
            if i + 1 < len(points) and nxt == d:
                continue  # the same date twice: the later row stands
            cells.append({"x": x_of(d), "w": max(2.0, round(x_of(nxt) - x_of(d), 1)),
                          "key": h["value_key"], "value": h["value"], "date": d.isoformat(),
                          "kind": h.get("date_kind", "")})
        rows.append({"label": points[0][1]["kq"], "y": top + n * row_h, "cells": cells})
    axis_y = top + len(rows) * row_h + 4
    years = list(range(start.year + 1, end.year + 1))
    step = max(1, -(-len(years) // 10))
    ticks = [{"x": x_of(datetime.date(y, 1, 1)), "label": str(y)} for y in years[::step]]
    return {"width": width, "height": axis_y + 22, "left": left, "right": width - right,
            "row_h": row_h - 3, "rows": rows, "ticks": ticks, "axis_y": axis_y,
            "first": days[0].isoformat(), "last": days[-1].isoformat()}


def rating_chart(history: list[dict]) -> dict | None:
    """An SVG line chart of the overall rating against time: x is the date (a year axis with
    ticks), y the rating; one point per dated inspection (in the SVG's units)."""
    by_date: dict[datetime.date, dict] = {}
    for h in history:
        if h["kq_key"] != "overall" or h["value_key"] not in RATING_LEVEL or not h["date"]:
            continue
        try:
            day = datetime.date.fromisoformat(h["date"][:10])
        except ValueError:
            continue
        by_date.setdefault(day, h)
    if not by_date:
        return None
    days = sorted(by_date)
    width, height = 600, 190
    left, right, top, bottom = 140, 20, 12, 44
    start, end = days[0], days[-1]
    if (end - start).days < 365:
        start, end = start - datetime.timedelta(days=183), end + datetime.timedelta(days=183)
    span = (end - start).days or 1

    def x_of(day: datetime.date) -> float:
        return round(left + (day - start).days * (width - left - right) / span, 1)

    def y_of(level: int) -> float:
        return round(top + (4 - level) * (height - top - bottom) / 3, 1)

    points = [{"x": x_of(d), "y": y_of(RATING_LEVEL[by_date[d]["value_key"]]),
               "date": by_date[d]["date"][:10], "value": by_date[d]["value"]} for d in days]
    years = list(range(start.year + (0 if start == datetime.date(start.year, 1, 1) else 1),
                       end.year + 1))
    step = max(1, -(-len(years) // 10))
    ticks = [{"x": x_of(datetime.date(y, 1, 1)), "label": str(y)} for y in years[::step]]
    levels = [{"y": y_of(lvl), "name": name}
              for name, lvl in (("Inadequate", 1), ("Requires improvement", 2), ("Good", 3),
                                ("Outstanding", 4))]
    return {"width": width, "height": height, "left": left, "right": width - right,
            "axis_y": height - bottom + 12, "points": points, "levels": levels, "ticks": ticks,
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
            "first": points[0]["date"], "last": points[-1]["date"]}


def _legislation_url(iri: str) -> str:
    """The legislation.gov.uk page of a regulation (its ``/id/`` IRI dereferences there)."""
    return iri.replace("http://www.legislation.gov.uk/", "https://www.legislation.gov.uk/")


def provider_data(page: Page, provider: Term, offset: int = 0) -> dict:
    """A provider's locations, one page of them from ``offset`` on with their current
    ratings side by side, and its breaches over time (:func:`provider_queries`)."""
    derived = page.derived
    rows = page.lookup.select(text=provider_locations_query(offset), p=provider, derived=derived)
    names: dict[str, str] = {}
    current: dict[str, dict[str, str]] = {}
    for r in rows:
        names.setdefault(r["loc"].value, label_of(r, "name"))
        if "kq" in r and "value" in r:
            current.setdefault(r["loc"].value, {}).setdefault(short_iri(r["kq"].value),
                                                              r["value"].value)
    counted = page.lookup.select("provider-location-count", p=provider, derived=derived)
    total = int(counted[0]["locations"].value) if counted else 0
    kqs = [k for k in KQ_ORDER if any(k in c for c in current.values())]

    def cell(loc: str, kq: str) -> dict:
        value = current.get(loc, {}).get(kq)
        return {"text": page.label(value) if value else "",
                "key": short_iri(value) if value else ""}

    locations = [{
        "link": page.link(loc, name or None),
        "overall": cell(loc, "overall")["text"],
        "overall_key": cell(loc, "overall")["key"],
        "ratings": [cell(loc, kq) for kq in kqs],
    } for loc, name in list(names.items())[:LIST_CAP]]
    breaches = breaches_over_time(
        [(r["reg"].value, r["year"].value, int(r["breaches"].value))
         for r in page.lookup.select("provider-breaches", p=provider, derived=derived)],
        lambda reg: page.labels.get(reg) or short_iri(reg))
    return {"locations": {"rows": locations, "total": total, "shown": len(locations),
                          "more": False, "first": offset + 1 if locations else 0,
                          "last": offset + len(locations),
                          "next": offset + LIST_CAP if len(names) > LIST_CAP else None,
                          "previous": max(0, offset - LIST_CAP) if offset > 0 else None},
            "key_questions": [page.label(KQ_CONCEPTS + k) for k in kqs],
            "breaches": breaches}


def breaches_over_time(counts: list[tuple[str, str, int]], label) -> dict:  # noqa: ANN001
    """A table of breach counts: one row per regulation (in the regulations' order), one
    column per year from the first to the last with any breach (years without one shown as
    empty, so the time axis is even), and each row's and year's totals.

    >>> t = breaches_over_time([("r/17", "2019", 2), ("r/12", "2021", 1)], lambda r: r)
    >>> t["years"], [(r["label"], r["counts"], r["total"]) for r in t["rows"]]
    (['2019', '2020', '2021'], [('r/12', [0, 0, 1], 1), ('r/17', [2, 0, 0], 2)])
    >>> t["totals"]
    [2, 0, 1]
    """
    if not counts:
        return {"years": [], "rows": [], "totals": []}
    first = min(int(y) for _, y, _ in counts)
    last = max(int(y) for _, y, _ in counts)
    years = [str(y) for y in range(first, last + 1)]
    by_reg: dict[str, list[int]] = {}
    for reg, year, n in counts:
        by_reg.setdefault(reg, [0] * len(years))[int(year) - first] += n
    rows = sorted(({"label": label(reg), "href": _legislation_url(reg), "counts": row,
                    "total": sum(row)} for reg, row in by_reg.items()),
                  key=lambda r: natural_key(r["label"]))
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(years))]
    return {"years": years, "rows": rows, "totals": totals}


def document_title(layout: str, issued: str, subject: str | None, file_name: str) -> str:
    """What a source document is: "Inspection report for X, published 13 January 2021"."""
    kind = LAYOUT_NAMES.get(layout) or (layout.replace("-", " ").capitalize() if layout
                                        else "Document")
    title = kind + (f" for {subject}" if subject else "")
    if issued:
        return f"{title}, published {human_date(issued)}"
    if not subject and file_name:
        return f"{title} ({file_name})"
    return title


def document_data(page: Page, doc: Term, out_rows: list[dict]) -> dict:
    facts: dict[str, str] = {}
    for r in out_rows:
        if r["o"].is_literal:
            facts.setdefault(r["p"].value, r["o"].value)
    graph = doc.value if page.lookup.backend.core.has_graph(doc.value) else None
    mentions = page.lookup.select("document-mentions", doc=doc)  # both fetched already
    size = page.lookup.select("document-size", doc=doc)
    page.learn(mentions, "x")
    items: dict[str, dict] = {}
    for r in mentions:
        items.setdefault(r["x"].value, {"type": ""})
        if "type" in r and not items[r["x"].value]["type"]:
            items[r["x"].value]["type"] = r["type"].value
    order = {CQC + "Location": 0, CQC + "Provider": 1}
    ordered = sorted(items.items(), key=lambda kv: (order.get(kv[1]["type"], 2),
                                                    natural_key(page.label(kv[0]))))
    subjects = [page.label(iri) for iri, i in ordered if i["type"] == CQC + "Location"] or \
               [page.label(iri) for iri, i in ordered if i["type"] == CQC + "Provider"]
    subject = None
    if subjects:
        subject = subjects[0] + (f" and {len(subjects) - 1} more" if len(subjects) > 1 else "")
    triples = int(size[0]["triples"].value) if graph and size else 0
    layout = facts.get(CQC + "layout", "")
    return {
        "title": document_title(layout, facts.get(DCTERMS + "issued", ""), subject,
                                facts.get(CQC + "fileName", "")),
        "layout": LAYOUT_NAMES.get(layout, layout),
        "issued": facts.get(DCTERMS + "issued", ""),
        "file_name": facts.get(CQC + "fileName", ""),
        "graph_href": "/store?graph=" + urllib.parse.quote(graph, safe="") if graph else None,
        "mentions": capped([{"link": page.link(iri), "type": page.label(i["type"])
                             if i["type"] else ""} for iri, i in ordered],
                           more=len(mentions) > 1000),
        "triples": triples,
    }


def kept_page(backend, key: tuple, make: Callable[[], bytes]) -> bytes:
    """A page's bytes from the page cache, else made by ``make()`` and kept: the same page
    until the store changes (and the day: a page says "3 years ago"). ``key`` names the page
    (resource, format, URL, host, where its list starts)."""
    key = key + (datetime.date.today().isoformat(),)
    version = backend.version
    body = backend.pages.get(key, version)
    if body is None:
        body = make()
        backend.pages.put(key, version, body)
    return body


def rdf_page(backend, iri: str, fmt: str, local_base: str, page_url: str, *,
             known: bool = True) -> bytes:
    """The RDF of a /doc/ page in format ``fmt`` (:func:`describe`); 404 when the store says
    nothing of ``iri`` (unless it is ``known`` to)."""
    triples = describe(backend, iri, local_base, page_url, known=known)
    if triples is None:
        raise ProtocolError(404, f"nothing is known about <{iri}>")
    # no prefix for data IRIs: their local names hold "/", which Turtle must escape
    prefixes = {k: v for k, v in backend.prefixes().items() if k != "data"}
    return serialize_triples(triples, fmt, prefixes=prefixes)


def describe(backend, iri: str, local_base: str, doc_url: str, *,
             known: bool = True) -> list[Quad] | None:
    """The RDF of a /doc/ page: the resource's statements (at most 2,000) and its objects'
    labels, with minted IRIs rewritten to the host that serves them, plus a link from the
    page to its topic (and owl:sameAs the canonical IRI when the host differs). None when
    the store says nothing of ``iri``, unless it is ``known`` to: a resource with statements
    of its own is there, so only one without any costs a lookup more."""
    node = checked_iri(iri)
    data_base = backend.base
    rows = Lookup(backend).select("outgoing", s=node)
    if not rows and not known and not exists(backend, iri):
        return None

    def local(term: Term) -> Term:
        if term.is_iri and term.value.startswith(data_base) and data_base != local_base:
            return terms.iri(local_base + term.value[len(data_base):])
        return term

    out: dict[Quad, None] = {}
    label = terms.iri(RDFS_LABEL)
    for r in rows[:2000]:
        out[Quad(local(node), r["p"], local(r["o"]))] = None
    for r in rows[:2000]:
        if r["o"].is_iri and "label" in r:
            out[Quad(local(r["o"]), label, r["label"])] = None
    page = terms.iri(doc_url)
    out[Quad(page, terms.iri(FOAF + "primaryTopic"), local(node))] = None
    if local(node) != node:
        out[Quad(local(node), terms.iri(OWL + "sameAs"), node)] = None
    return list(out)


# -- the ontology and the shapes ---------------------------------------------------------------


@dataclass
class Vocabulary:
    title: str
    triples: list[Quad]
    prefixes: dict[str, str]
    sections: list[tuple[str, list[dict]]]
    files: list[str]


@lru_cache(maxsize=4)
def vocabulary(kind: str) -> Vocabulary:
    paths = sorted(data_dir(kind).glob("*.ttl"))
    store, prefixes = read_rdf_files(paths)
    files = [path.name for path in paths]
    triples = [Quad(q.subject, q.predicate, q.object) for q in store.match()]

    def items(query: str) -> list[dict]:
        out = []
        results = store.result(PREFIX_LINES + f"PREFIX owl: <{OWL}> PREFIX sh: <{SH}> " + query)
        assert isinstance(results, terms.Solutions)
        for s in results:
            row = {}
            for name in ("x", "label", "comment", "extra"):
                term = s.get(name)
                row[name] = term.value if term is not None else ""
            row["anchor"] = row["x"].rsplit("#", 1)[-1] if "#" in row["x"] else short_iri(row["x"])
            out.append(row)
        return out

    if kind == "ontology":
        sections = [
            ("Classes", items("""SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {
                { ?x a owl:Class } UNION { ?x a rdfs:Class }
                FILTER(isIRI(?x)) OPTIONAL { ?x rdfs:label ?l } OPTIONAL { ?x rdfs:comment ?c }
              } GROUP BY ?x ORDER BY ?x""")),
            ("Properties", items("""SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment)
                (SAMPLE(?r) AS ?extra) WHERE {
                { ?x a owl:ObjectProperty } UNION { ?x a owl:DatatypeProperty }
                UNION { ?x a rdf:Property } UNION { ?x a owl:AnnotationProperty }
                FILTER(isIRI(?x)) OPTIONAL { ?x rdfs:label ?l } OPTIONAL { ?x rdfs:comment ?c }
                OPTIONAL { ?x rdfs:range ?r }
              } GROUP BY ?x ORDER BY ?x""".replace("rdf:Property",
                                                  "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property>"))),
            ("Concepts", items("""SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment)
                (SAMPLE(?s) AS ?extra) WHERE {
                ?x a skos:Concept OPTIONAL { ?x skos:prefLabel ?l } OPTIONAL { ?x skos:definition ?c }
                OPTIONAL { ?x skos:inScheme ?s } } GROUP BY ?x ORDER BY ?s ?x""")),
        ]
        title = "cqcgraph ontology"
    else:
        sections = [
            ("Shapes", items("""SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment)
                (SAMPLE(?t) AS ?extra) WHERE {
                ?x a sh:NodeShape FILTER(isIRI(?x)) OPTIONAL { ?x rdfs:label ?l }
                OPTIONAL { ?x rdfs:comment ?c } OPTIONAL { ?x sh:targetClass ?t }
              } GROUP BY ?x ORDER BY ?x""")),
        ]
        title = "cqcgraph SHACL shapes"
    return Vocabulary(title, triples, prefixes, sections, files)


# -- named queries ------------------------------------------------------------------------------


def named_query_dict(q) -> dict:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "parameters": [{"name": p.name, "kind": p.kind, "optional": p.optional,
                        "description": p.description} for p in q.parameters],
        "url": f"/queries/{q.name}",
        "text": q.text,
    }


def result_table(header: dict, data: bytes, prefixes: dict, local_base: str,
                 data_base: str) -> dict:
    if header["kind"] == "triples":
        return {"vars": [], "rows": [], "text": data.decode("utf-8")}
    doc = json.loads(data)
    if "boolean" in doc:
        return {"vars": ["result"], "rows": [[{"text": str(doc["boolean"]).lower()}]]}
    names = doc["head"]["vars"]
    rows = []
    for b in doc["results"]["bindings"]:
        row: list[dict[str, str | None]] = []
        for n in names:
            cell = b.get(n)
            if cell is None:
                row.append({"text": ""})
            elif cell["type"] == "uri":
                row.append({"text": _prefixed(cell["value"], prefixes),
                            "href": local_href(cell["value"], data_base, local_base)})
            else:
                row.append({"text": cell["value"]})
        rows.append(row)
    return {"vars": names, "rows": rows}


def _prefixed(iri: str, prefixes: dict) -> str:
    for name, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri != ns:
            return f"{name}:{iri[len(ns):]}"
    return iri
