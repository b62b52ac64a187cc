"""What the people-facing pages and the descriptions show: resource views (location, provider,
document, any resource), the rating chart, the ontology and shapes, the service description and
VoID. Bounded lookups on the primary store through :meth:`Backend.select`; no Flask here (the
app renders the Jinja templates, which escape everything).
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox

from cqcgraph.resources import data_dir

CQC = "https://cqcgraph.example/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "http://schema.org/"
LOCN = "http://www.w3.org/ns/locn#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SH = "http://www.w3.org/ns/shacl#"
OWL = "http://www.w3.org/2002/07/owl#"
VOID_PREFIXES = {"void": VOID, "dcat": DCAT, "sd": SD}
RATING_LEVEL = {"outstanding": 4, "good": 3, "requires-improvement": 2, "inadequate": 1}
KQ_ORDER = ["overall", "safe", "effective", "caring", "responsive", "well-led"]
PREFIX_LINES = (
    f"PREFIX cqc: <{CQC}> PREFIX rdfs: <{RDFS}> PREFIX schema: <{SCHEMA}> "
    f"PREFIX locn: <{LOCN}> PREFIX dcterms: <{DCTERMS}> PREFIX skos: <{SKOS}> "
)


# -- links -----------------------------------------------------------------------------------


def local_href(iri: str, data_base: str, local_base: str) -> str:
    """Where a person follows ``iri``: minted IRIs go to this server's ``/id/`` (whatever host
    it is reached by), the ontology to ``/ontology``, legislation to legislation.gov.uk."""
    if iri.startswith(data_base):
        return "/id/" + iri[len(data_base):]
    if iri.startswith(local_base):
        return "/id/" + iri[len(local_base):]
    if iri.startswith(CQC):
        return "/ontology#" + iri[len(CQC):]
    if iri.startswith("https://cqcgraph.example/ontology"):
        return "/ontology"
    return iri


def label_of(row: dict, key: str, fallback: str = "") -> str:
    term = row.get(key)
    return term.value if term is not None else fallback


def short_iri(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri.rstrip("/"):
            return iri.rstrip("/").rsplit(sep, 1)[-1]
    return iri


@dataclass
class Link:
    href: str
    text: str
    iri: str = ""


@dataclass
class Value:
    text: str
    href: str | None = None
    datatype: str | None = None


@dataclass
class View:
    template: str
    iri: str
    title: str
    types: list[Link] = field(default_factory=list)
    properties: list[tuple[Link, list[Value]]] = field(default_factory=list)
    incoming: list[tuple[Link, Link]] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    rdf_links: list[Link] = field(default_factory=list)


def exists(backend, iri: str) -> bool:
    node = ox.NamedNode(iri)
    store = backend.store.oxigraph
    for _ in store.quads_for_pattern(node, None, None, None):
        return True
    for _ in store.quads_for_pattern(None, None, node, None):
        return True
    return backend.store.has_graph(iri)


def _labels(backend, iris: Iterable[str]) -> dict[str, str]:
    iris = sorted({i for i in iris if i})
    out: dict[str, str] = {}
    for start in range(0, len(iris), 200):
        values = " ".join(f"<{i}>" for i in iris[start:start + 200])
        for row in backend.select(
            f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?x {{ {values} }} "
            f"{{ ?x <{RDFS_LABEL}> ?l }} UNION {{ ?x <{SKOS}prefLabel> ?l }} "
            f"UNION {{ ?x <{SCHEMA}name> ?l }} UNION {{ ?x <{DCTERMS}title> ?l }} }} GROUP BY ?x"
        ):
            out[row["x"].value] = row["label"].value
    return out


def _value(term, labels: dict[str, str], data_base: str, local_base: str) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(labels.get(term.value) or term.value,
                     local_href(term.value, data_base, local_base))
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else None
        return Value(term.value, None, short_iri(dt) if dt and not dt.endswith("#string") else None)
    return Value(str(term))


def resource_view(backend, iri: str, local_base: str) -> View:
    """The generic part of every resource page, then the kind-specific part."""
    data_base = backend.base
    node = ox.NamedNode(iri)
    rows = list(backend.store.oxigraph.quads_for_pattern(node, None, None, None))
    seen = set()
    triples = []
    for q in rows:
        key = (q.predicate.value, str(q.object))
        if key not in seen:
            seen.add(key)
            triples.append(q)
    incoming = []
    for q in backend.store.oxigraph.quads_for_pattern(None, None, node, None):
        if len(incoming) >= 200:
            break
        incoming.append(q)
    refs = [q.predicate.value for q in triples] + [
        q.object.value for q in triples if isinstance(q.object, ox.NamedNode)
    ] + [q.subject.value for q in incoming if isinstance(q.subject, ox.NamedNode)] + [
        q.predicate.value for q in incoming] + [iri]
    labels = _labels(backend, refs)
    types = [q.object.value for q in triples if q.predicate.value == RDF_TYPE
             and isinstance(q.object, ox.NamedNode)]
    grouped: dict[str, list[Value]] = {}
    for q in triples:
        grouped.setdefault(q.predicate.value, []).append(
            _value(q.object, labels, data_base, local_base))
    properties = [
        (Link(local_href(p, data_base, local_base), labels.get(p) or short_iri(p), p), values)
        for p, values in sorted(grouped.items(), key=lambda kv: (kv[0] != RDF_TYPE, kv[0]))
    ]
    inc = []
    seen_inc = set()
    for q in incoming:
        if not isinstance(q.subject, ox.NamedNode):
            continue
        key = (q.subject.value, q.predicate.value)
        if key in seen_inc:
            continue
        seen_inc.add(key)
        inc.append((Link(local_href(q.subject.value, data_base, local_base),
                         labels.get(q.subject.value) or q.subject.value, q.subject.value),
                    Link(local_href(q.predicate.value, data_base, local_base),
                         labels.get(q.predicate.value) or short_iri(q.predicate.value))))
    title = labels.get(iri) or short_iri(iri)
    path = local_href(iri, data_base, local_base)
    doc_path = "/doc/" + path[len("/id/"):] if path.startswith("/id/") else path
    view = View(
        "resource.html", iri, title,
        types=[Link(local_href(t, data_base, local_base), labels.get(t) or short_iri(t), t)
               for t in types],
        properties=properties, incoming=inc,
        rdf_links=[Link(f"{doc_path}.{s}", n) for s, n in
                   (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"),
                    ("rdf", "RDF/XML"))],
    )
    if CQC + "Location" in types:
        view.template = "location.html"
        view.data = location_data(backend, iri, local_base)
    elif CQC + "Provider" in types:
        view.template = "provider.html"
        view.data = provider_data(backend, iri, local_base)
    elif CQC + "SourceDocument" in types:
        view.template = "document.html"
        view.data = document_data(backend, iri, local_base)
    return view


def _rating_rows(backend, iri: str, local_base: str) -> list[dict]:
    rows = backend.select(
        PREFIX_LINES + """
        SELECT ?insp ?r ?kq ?value ?date ?score ?g ?service WHERE {
          GRAPH ?g { ?insp cqc:inspectionOf ?loc ; cqc:hasRating ?r .
            ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?value .
            OPTIONAL { ?r cqc:service ?service }
            OPTIONAL { ?r cqc:scorePercent ?score }
            OPTIONAL { ?r cqc:ratingDate ?rd } OPTIONAL { ?insp cqc:publicationDate ?pd }
            OPTIONAL { ?insp cqc:endDate ?ed } OPTIONAL { ?insp cqc:startDate ?sd }
            BIND(COALESCE(?rd, ?pd, ?ed, ?sd) AS ?date) }
        } ORDER BY ?date""",
        loc=ox.NamedNode(iri),
    )
    labels = _labels(backend, [r["kq"].value for r in rows] + [r["value"].value for r in rows]
                     + [r["g"].value for r in rows])
    out = []
    for r in rows:
        if "service" in r:
            continue
        kq = r["kq"].value.rsplit("/", 1)[-1]
        value = r["value"].value
        out.append({
            "date": label_of(r, "date"),
            "kq": labels.get(r["kq"].value, kq),
            "kq_key": kq,
            "value": labels.get(value, short_iri(value)),
            "value_key": value.rsplit("/", 1)[-1],
            "value_href": local_href(value, backend.base, local_base),
            "score": label_of(r, "score"),
            "source": labels.get(r["g"].value, short_iri(r["g"].value)),
            "source_href": local_href(r["g"].value, backend.base, local_base),
        })
    return out


def rating_chart(history: list[dict]) -> dict | None:
    """A small SVG line chart of the overall rating over time (points in the SVG's units)."""
    points = [h for h in history if h["kq_key"] == "overall" and h["value_key"] in RATING_LEVEL
              and h["date"]]
    if not points:
        return None
    width, height, pad = 480, 140, 30
    n = len(points)
    coords = []
    for i, h in enumerate(points):
        x = pad + (0 if n == 1 else i * (width - 2 * pad) / (n - 1))
        y = height - pad - (RATING_LEVEL[h["value_key"]] - 1) * (height - 2 * pad) / 3
        coords.append({"x": round(x, 1), "y": round(y, 1), "date": h["date"], "value": h["value"]})
    levels = [{"y": round(height - pad - (lvl - 1) * (height - 2 * pad) / 3, 1), "name": name}
              for name, lvl in (("Inadequate", 1), ("Requires improvement", 2), ("Good", 3),
                                ("Outstanding", 4))]
    return {"width": width, "height": height, "points": coords, "levels": levels,
            "polyline": " ".join(f"{c['x']},{c['y']}" for c in coords)}


def location_data(backend, iri: str, local_base: str) -> dict:
    loc = ox.NamedNode(iri)
    base = backend.base
    info = backend.select(PREFIX_LINES + """
        SELECT ?name ?provider ?providerName ?address ?postcode ?phone ?cqcId WHERE {
          OPTIONAL { ?loc schema:name ?name } OPTIONAL { ?loc cqc:cqcId ?cqcId }
          OPTIONAL { ?loc cqc:provider ?provider OPTIONAL { ?provider schema:name ?providerName } }
          OPTIONAL { ?loc locn:address ?a OPTIONAL { ?a locn:fullAddress ?address }
                     OPTIONAL { ?a locn:postCode ?postcode } }
          OPTIONAL { ?loc schema:telephone ?phone }
        } LIMIT 1""", loc=loc)
    first = info[0] if info else {}
    current = backend.select(PREFIX_LINES + """
        SELECT ?kq ?value ?date WHERE { ?loc cqc:currentRating ?r .
          ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?value . OPTIONAL { ?r cqc:ratingDate ?date } }""",
                             loc=loc)
    labels = _labels(backend, [r["kq"].value for r in current] + [r["value"].value for r in current])
    current_rows = sorted(
        ({"kq": labels.get(r["kq"].value, short_iri(r["kq"].value)),
          "kq_key": short_iri(r["kq"].value),
          "value": labels.get(r["value"].value, short_iri(r["value"].value)),
          "value_key": short_iri(r["value"].value),
          "href": local_href(r["value"].value, base, local_base)} for r in current),
        key=lambda r: KQ_ORDER.index(r["kq_key"]) if r["kq_key"] in KQ_ORDER else 99)
    history = _rating_rows(backend, iri, local_base)
    breaches = backend.select(PREFIX_LINES + """
        SELECT DISTINCT ?b ?reg ?regTitle ?text ?date ?g WHERE {
          GRAPH ?g { { ?insp cqc:inspectionOf ?loc ; cqc:hasBreach ?b }
                     UNION { ?doc schema:mentions ?loc ; cqc:hasBreach ?b } }
          OPTIONAL { ?b cqc:regulation ?reg
                     OPTIONAL { ?reg dcterms:title ?regTitle } OPTIONAL { ?reg rdfs:label ?regTitle } }
          OPTIONAL { ?b cqc:text ?text }
          OPTIONAL { ?insp2 cqc:hasBreach ?b ; cqc:publicationDate ?date }
        } ORDER BY ?date ?reg""", loc=loc)
    actions = backend.select(PREFIX_LINES + """
        SELECT DISTINCT ?a ?label ?kind ?kindLabel ?text ?reg ?g WHERE {
          GRAPH ?g { { ?insp cqc:inspectionOf ?loc ; cqc:hasAction ?a }
                     UNION { ?doc schema:mentions ?loc ; cqc:hasAction ?a } }
          OPTIONAL { ?a rdfs:label ?label } OPTIONAL { ?a cqc:text ?text }
          OPTIONAL { ?a cqc:actionKind ?kind OPTIONAL { ?kind skos:prefLabel ?kindLabel } }
          OPTIONAL { ?a cqc:regulation ?reg }
        }""", loc=loc)
    documents = backend.select(PREFIX_LINES + """
        SELECT DISTINCT ?doc ?title ?issued WHERE {
          GRAPH ?g { ?doc a cqc:SourceDocument ; schema:mentions ?loc }
          OPTIONAL { ?doc rdfs:label ?title } OPTIONAL { ?doc dcterms:issued ?issued }
        } ORDER BY ?issued""", loc=loc)

    def breach_row(r: dict) -> dict:
        reg = r.get("reg")
        return {
            "href": local_href(r["b"].value, base, local_base),
            "regulation": label_of(r, "regTitle") or (short_iri(reg.value) if reg else "Breach"),
            "legislation": _legislation_url(reg.value) if reg else None,
            "text": label_of(r, "text"),
            "date": label_of(r, "date"),
        }

    merged: dict[str, dict] = {}
    for r in breaches:
        row = breach_row(r)
        merged.setdefault(row["href"] + row["regulation"], row)
    return {
        "name": label_of(first, "name"),
        "cqc_id": label_of(first, "cqcId"),
        "address": label_of(first, "address"),
        "postcode": label_of(first, "postcode"),
        "phone": label_of(first, "phone"),
        "provider": Link(local_href(first["provider"].value, base, local_base),
                         label_of(first, "providerName", short_iri(first["provider"].value)))
        if first.get("provider") else None,
        "current": current_rows,
        "history": history,
        "chart": rating_chart(history),
        "breaches": list(merged.values()),
        "actions": [{
            "href": local_href(r["a"].value, base, local_base),
            "label": label_of(r, "label", "Action"),
            "kind": label_of(r, "kindLabel") or (short_iri(r["kind"].value) if r.get("kind") else ""),
            "text": label_of(r, "text"),
            "legislation": _legislation_url(r["reg"].value) if r.get("reg") else None,
        } for r in actions],
        "documents": [Link(local_href(r["doc"].value, base, local_base),
                           label_of(r, "title", short_iri(r["doc"].value)))
                      for r in documents],
    }


def _legislation_url(iri: str) -> str:
    """The legislation.gov.uk page of a regulation (its ``/id/`` IRI dereferences there)."""
    return iri.replace("http://www.legislation.gov.uk/", "https://www.legislation.gov.uk/")


def provider_data(backend, iri: str, local_base: str) -> dict:
    rows = backend.select(PREFIX_LINES + """
        SELECT ?loc (SAMPLE(?n) AS ?name) (SAMPLE(?v) AS ?overall) WHERE {
          ?loc cqc:provider ?p . OPTIONAL { ?loc schema:name ?n }
          OPTIONAL { ?loc cqc:currentRating ?r . ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?v
                     FILTER(STRENDS(STR(?kq), "/overall")) }
        } GROUP BY ?loc ORDER BY ?name""", p=ox.NamedNode(iri))
    labels = _labels(backend, [r["overall"].value for r in rows if r.get("overall")])
    return {"locations": [{
        "link": Link(local_href(r["loc"].value, backend.base, local_base),
                     label_of(r, "name", short_iri(r["loc"].value))),
        "overall": labels.get(r["overall"].value, short_iri(r["overall"].value))
        if r.get("overall") else "",
    } for r in rows]}


def document_data(backend, iri: str, local_base: str) -> dict:
    graph = iri if backend.store.has_graph(iri) else None
    mentions = backend.select(PREFIX_LINES + """
        SELECT DISTINCT ?x WHERE { ?doc schema:mentions ?x }""", doc=ox.NamedNode(iri))
    labels = _labels(backend, [r["x"].value for r in mentions])
    return {
        "graph_href": "/store?graph=" + urllib.parse.quote(graph, safe="") if graph else None,
        "mentions": [Link(local_href(r["x"].value, backend.base, local_base),
                          labels.get(r["x"].value, short_iri(r["x"].value))) for r in mentions],
        "triples": sum(1 for _ in backend.store.oxigraph.quads_for_pattern(
            None, None, None, ox.NamedNode(graph))) if graph else 0,
    }


def describe(backend, iri: str, local_base: str, doc_url: str) -> list[ox.Triple]:
    """The RDF of a /doc/ page: the resource's triples and its objects' labels, with minted
    IRIs rewritten to the host that serves them (DECISIONS.md "Base IRIs")."""
    node = ox.NamedNode(iri)
    data_base = backend.base

    def local(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(data_base) \
                and data_base != local_base:
            return ox.NamedNode(local_base + term.value[len(data_base):])
        return term

    out = {}
    label = ox.NamedNode(RDFS_LABEL)
    objects = set()
    for q in backend.store.oxigraph.quads_for_pattern(node, None, None, None):
        t = ox.Triple(local(q.subject), q.predicate, local(q.object))
        out[t] = None
        if isinstance(q.object, ox.NamedNode):
            objects.add(q.object)
    for o in sorted(objects, key=lambda n: n.value)[:500]:
        for q in backend.store.oxigraph.quads_for_pattern(o, label, None, None):
            out[ox.Triple(local(q.subject), q.predicate, q.object)] = None
    page = ox.NamedNode(doc_url)
    out[ox.Triple(page, ox.NamedNode(FOAF + "primaryTopic"), local(node))] = None
    if local(node) != node:
        out[ox.Triple(local(node), ox.NamedNode(OWL + "sameAs"), node)] = None
    return list(out)


# -- the ontology and the shapes ---------------------------------------------------------------


@dataclass
class Vocabulary:
    title: str
    triples: list[ox.Triple]
    prefixes: dict[str, str]
    sections: list[tuple[str, list[dict]]]
    files: list[str]


@lru_cache(maxsize=4)
def vocabulary(kind: str) -> Vocabulary:
    folder = data_dir(kind)
    store = ox.Store()
    prefixes: dict[str, str] = {}
    files = []
    for path in sorted(folder.glob("*.ttl")):
        files.append(path.name)
        parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in parser)
        prefixes.update(getattr(parser, "prefixes", {}) or {})
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store]

    def items(query: str) -> list[dict]:
        out = []
        results = store.query(PREFIX_LINES + f"PREFIX owl: <{OWL}> PREFIX sh: <{SH}> " + query)
        names = {v.value for v in results.variables}
        for s in results:
            row = {}
            for name in ("x", "label", "comment", "extra"):
                term = s[name] if name in names else None
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
        row = []
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


def download_links(path: str, params: dict) -> list[Link]:
    out = []
    for fmt in ("json", "xml", "csv", "tsv"):
        query = urllib.parse.urlencode({**params, "format": fmt})
        out.append(Link(f"{path}?{query}", fmt.upper()))
    return out
