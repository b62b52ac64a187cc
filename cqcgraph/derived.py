"""The current-state graph and the summary graph: facts no single document states, kept in
the same transaction as each write of a document, so they are never out of step with it.

One graph per source document keeps what each document says (provenance). National
questions read two more graphs instead of the union of all of them:

* the **derived graph** (``{base}graph/derived``), the de-duplicated current state, one set
  of rows per *key*. A key is a location or provider IRI, or a document graph (for the
  breaches and actions a document states outside any inspection). For a location: its
  current rating per key question (``cqc:currentRating``, the latest published across all
  sources by the one rating-date rule below), each rating row with its key question, value
  and date; its latest inspection visit and publication. For every key: one row per breach
  (regulation, year, the location or provider inspected) and per enforcement action (kind,
  year), and the latest date a document says it was in special measures.
* the **summary graph** (``{base}graph/summary``), the counts that aggregates read:
  locations by current rating per key question, breaches (and locations) by regulation,
  breaches by regulation and year, enforcement actions by year and kind.

Maintenance is incremental: :func:`refresh_update` gives the update operations that take
away the counts of the keys a write touches (read from their old rows), recompute those
rows, and add their new counts; the caller runs them in the same update request as the
document graphs it replaces (later operations see earlier ones). The counts of locations are
a sum over keys (each location counted by its own key). A breach or an action of one
inspection of two locations is one row node tied to both keys, so its counts (by regulation,
year, kind, provider) are taken again whole, DISTINCT over the rows, for the values the keys
touch: either way the summary stays equal to the union-based answer. :func:`rebuild_batches` gives the keys of a whole store for a full rebuild.

Imports only the standard library, the namespaces and the identity keys' templates.
"""

from __future__ import annotations

from typing import Collection, Iterable, Iterator, Mapping

from cqcgraph import identity_keys, namespaces

CQC = namespaces.CQC
ACTION_KINDS = "https://cqcgraph.example/ontology/action-kinds/"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
OVERALL = "https://cqcgraph.example/ontology/key-questions/overall"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RATINGS = "https://cqcgraph.example/ontology/ratings/"


def derived_graph_iri(base: str) -> str:
    """The derived (current-state) graph's name under the data base IRI.

    >>> derived_graph_iri("https://cqcgraph.example/id/")
    'https://cqcgraph.example/id/graph/derived'
    """
    return f"{base}graph/derived"


def summary_graph_iri(base: str) -> str:
    """The summary graph's name under the data base IRI.

    >>> summary_graph_iri("https://cqcgraph.example/id/")
    'https://cqcgraph.example/id/graph/summary'
    """
    return f"{base}graph/summary"


def refresh_update(base: str, locations: Iterable[str], renames: Mapping[str, str],
                   keys: Iterable[str] = (),
                   written: Mapping[str, Iterable[str]] | None = None,
                   rowless: Collection[str] = ()) -> str:
    """Update operations that recompute the current state of ``locations`` (current ratings,
    latest inspection) and of every key in ``keys`` and ``locations`` (breaches, actions,
    special measures, names, identity keys), move the summary counts by the difference, and
    drop what renamed (no longer canonical) IRIs had: one update request's text ("" when
    there is nothing to do). ``locations`` holds the new IRIs of renamed locations (the new
    IRI of a renamed provider is a key, not a location) and every location of a graph the
    renames rewrite: their rows are what the rewrite changes.

    ``written`` (graph -> the locations and providers its new content types; empty for a
    graph removed) lists every graph the request replaces or removes, when the caller knows
    them: the names, classes and identity keys of the keys then move by what those graphs
    said and say, rather than being read again from every graph that names the keys (a
    provider is named by each document of each of its locations). Without it (a rebuild, a
    register file) or with renames, they are read again from every graph.

    ``rowless`` lists keys the caller found to be the subject of no triple of the derived
    graph (:func:`keys_with_rows`, read just before the request): each move of
    :data:`COUNTS` reads rows whose subject is a key, so such a key has nothing to take
    out of the counts and the moves out leave it aside (for a batch of new documents, most
    of its keys; the moves out cost as much as the moves in)."""
    return " ;\n".join(refresh_operations(base, locations, renames, keys, written, rowless))


def keys_with_rows(base: str, keys: Iterable[str]) -> Iterator[str]:
    """SELECT queries (one a block of :data:`VALUES_BLOCK` keys) of the ``?k`` of ``keys``
    that are the subject of a triple of the derived graph."""
    for values in _values(sorted(set(keys))):
        yield (f"SELECT DISTINCT ?k WHERE {{ VALUES ?k {{ {values} }}"
               f" GRAPH <{derived_graph_iri(base)}> {{ ?k ?p ?o }} }}")


def refresh_operations(base: str, locations: Iterable[str], renames: Mapping[str, str],
                       keys: Iterable[str] = (),
                       written: Mapping[str, Iterable[str]] | None = None,
                       rowless: Collection[str] = ()) -> list[str]:
    """The steps of :func:`refresh_update`, each one or more update operations, in order."""
    located = sorted(set(locations))  # the caller's, renamed ones among them (never a provider)
    gone = sorted(set(renames))
    every = sorted(set(located) | set(keys) | set(renames.values()))
    if not every and not gone:
        return []
    fmt = dict(graph=derived_graph_iri(base), summary=summary_graph_iri(base), cqc=CQC,
               kinds=ACTION_KINDS, dct=DCT, type=RDF_TYPE, prefix=f"{base}summary/",
               prov=PROV, schema=SCHEMA, overall=OVERALL)

    def each(templates: Iterable[str], keys: list[str], **extra: str) -> list[str]:
        return [op.format(values=values, **fmt, **extra) for values in _values(keys)
                for op in templates]

    old = sorted(set(every) | set(gone))
    incremental = written is not None and not renames
    ops = each(COUNTS, [k for k in old if k not in rowless], sign="-")
    ops += each([PROVIDER_BREACHES_STALE], old)
    ops += each(WHOLE_COUNTS_STALE, old)
    if written is not None and incremental:
        graphs = sorted(written)
        pairs = sorted({(e, g) for g, entities in written.items() for e in entities})
        ops += each([CLEAR_STATE_ROWS], old)
        ops += each(identity_keys.FROM_GRAPHS[:1], graphs)
        ops += [op.format(pairs=block, **fmt) for block in _pairs(pairs)
                for op in identity_keys.FROM_GRAPHS[1:]]
        ops += each([identity_keys.DROP_UNSOURCED], old)
    else:
        ops += each([CLEAR_ROWS], old) + each(identity_keys.OF_ENTITIES[:1], old)
        ops += each(identity_keys.OF_ENTITIES[1:], every)
    ops += each((CURRENT_RATINGS, RATING_ROWS, LATEST_INSPECTION, LAST_RATED, REGISTER_FACTS),
                located)
    if written is not None and incremental:
        stating = pairs + [(g, g) for g in graphs]  # a document's own facts, as a key
        ops += each(PRUNE_FACTS, old)
        ops += [op.format(pairs=block, **fmt) for block in _pairs(stating) for op in ADD_FACTS]
    else:
        ops += each([ENTITY_FACTS], every)
    ops += each((DOCUMENT_SIZE, BREACH_ROWS, ACTION_ROWS, SPECIAL_MEASURES,
                 BREACH_CHANGES, BREACH_CITATIONS), every)
    ops += each([LOCATION_FACETS], located)
    ops += each(COUNTS, every, sign="+") + each([PROVIDER_BREACHES_RECOUNT], every)
    ops += each(WHOLE_COUNTS_RECOUNT, every)
    ops.append(CLEAR_ZEROS.format(**fmt))
    return ops


def register_refresh_updates(base: str, locations: Iterable[str],
                             batch: int = 1000) -> Iterator[str]:
    """Update requests that recompute what the register's latest snapshots say of
    ``locations`` (:data:`REGISTER_FACTS`) and move the register counts by the difference,
    ``batch`` locations a request: what a register load runs once the snapshot's provenance
    is written (the snapshot is complete only then), leaving the locations' other rows be."""
    fmt = dict(graph=derived_graph_iri(base), summary=summary_graph_iri(base), cqc=CQC,
               prefix=f"{base}summary/")
    todo = sorted(set(locations))
    for i in range(0, len(todo), batch):
        part = todo[i:i + batch]
        ops = [op.format(values=values, sign=sign, **fmt) for ops_, sign in (
            (REGISTER_COUNTS, "-"), ([CLEAR_REGISTER_ROWS, REGISTER_FACTS], ""),
            (REGISTER_COUNTS, "+")) for values in _values(part) for op in ops_]
        yield " ;\n".join(ops + [CLEAR_ZEROS.format(**fmt)])


#: Keys per ``VALUES`` block. Each template's rows and counts are a sum over keys, so a long
#: list of keys runs as several blocks in turn; past a few hundred keys the engine's plan for
#: some templates grew much faster than the list (2,000 keys: 75 s where 500 took 0.4 s).
VALUES_BLOCK = 250


def _values(keys: list[str]) -> Iterator[str]:
    """The keys as ``VALUES`` contents, at most :data:`VALUES_BLOCK` at a time."""
    for i in range(0, len(keys), VALUES_BLOCK):
        yield " ".join(f"<{iri}>" for iri in keys[i:i + VALUES_BLOCK])


def _pairs(pairs: list[tuple[str, str]]) -> Iterator[str]:
    """(key, graph) pairs as the contents of a two-variable ``VALUES``, a block at a time."""
    for i in range(0, len(pairs), VALUES_BLOCK):
        yield " ".join(f"(<{k}> <{g}>)" for k, g in pairs[i:i + VALUES_BLOCK])


def rebuild_batches(store_rows, batch: int = 500) -> Iterator[tuple[list[str], list[str]]]:
    """The keys of a whole store, ``batch`` at a time, as (locations, other keys): every
    location, every provider, every source document, and whatever else states a breach or an
    action of its own. ``store_rows(sparql)`` runs a SELECT and yields rows of strings by variable name."""
    def chunks(sparql: str, name: str) -> Iterator[list[str]]:
        out: list[str] = []
        for row in store_rows(sparql):
            out.append(row[name])
            if len(out) >= batch:
                yield out
                out = []
        if out:
            yield out

    for part in chunks(f"SELECT DISTINCT ?k WHERE {{ ?k a <{CQC}Location> }}", "k"):
        yield part, []
    for part in chunks(f"SELECT DISTINCT ?k WHERE {{ ?k a <{CQC}Provider> }}", "k"):
        yield [], part
    for part in chunks(
            f"SELECT DISTINCT ?k WHERE {{ {{ GRAPH ?k {{ ?k a <{CQC}SourceDocument> }} }} UNION"
            f" {{ {{ ?k <{CQC}hasBreach> ?x }} UNION {{ ?k <{CQC}hasAction> ?x }}"
            f" FILTER NOT EXISTS {{ ?k <{CQC}inspectionOf> ?e }} }} }}",
            "k"):
        yield [], part


# Rows of a key: what the key states directly (cqc:currentRating, cqc:lastVisit, ...) and
# every row node tagged with it (cqc:summaryKey). A row node may be tagged with several keys
# (a breach, an action or a rating of one inspection of two locations is the same node, a row
# of each location): such a node loses only the keys' ties to it (``cqc:summaryKey``,
# ``cqc:summaryInspected``), and goes whole only once no other key is tied to it. What else
# it holds (regulation, year, kind, the locations inspected) is the node's own, the same
# from every key, so the other keys' rows stay whole.
CLEAR_ROWS = """
DELETE {{ GRAPH <{graph}> {{ ?k ?p ?o }} }} WHERE {{ VALUES ?k {{ {values} }}
  GRAPH <{graph}> {{ ?k ?p ?o }} }} ;
DELETE {{ GRAPH <{graph}> {{ ?x ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{ VALUES ?k {{ {values} }} GRAPH <{graph}> {{ ?x <{cqc}summaryKey> ?k }}
     FILTER NOT EXISTS {{ GRAPH <{graph}> {{ ?x <{cqc}summaryKey> ?other }}
                          FILTER NOT EXISTS {{ VALUES ?other {{ {values} }} }} }} }} }}
  GRAPH <{graph}> {{ ?x ?p ?o }} }} ;
DELETE {{ GRAPH <{graph}> {{ ?x <{cqc}summaryKey> ?k ; <{cqc}summaryInspected> ?k }} }}
WHERE {{ VALUES ?k {{ {values} }} GRAPH <{graph}> {{ ?x <{cqc}summaryKey> ?k }} }}"""

# The same, but for the names, classes and other facts of :data:`ENTITY_FACTS`, which a write
# that knows its graphs moves by what they said and say (:data:`PRUNE_FACTS`, :data:`ADD_FACTS`).
CLEAR_STATE_ROWS = CLEAR_ROWS.replace(
    "GRAPH <{graph}> {{ ?k ?p ?o }} }} ;",
    "GRAPH <{graph}> {{ ?k ?p ?o }} FILTER(?p NOT IN (@facts@)) }} ;", 1).replace(
    "@facts@", ", ".join(f"<{{cqc}}{p}>" for p in ("summaryName", "summaryPostcode",
                                                  "summaryPostcodeUnit", "summaryCqcId",
                                                  "summaryProvider", "summaryType")))


# The latest rating per location and key question. A rating's date is its own (single
# assessment framework) or its inspection's publication date, else the inspection's last visit
# date, else its first, as the rating's document states them; a register rating
# (``cqc:ratingOf``, from CQC's monthly files) is dated by its publication date. Dates compare
# as ISO text, so 2024-10-10 > 2019-07-17: whatever order the sources were loaded in, the
# latest publication is current. (Each GRAPH holds triple patterns only, the filters and
# optional parts outside it: so Oxigraph evaluates them for the bound rating, not the store.)
#: The location's own ratings (never a service's) with their date ``?_WHEN`` by that rule:
#: ratings of its inspections, and the register's. Written once, placed twice below (the latest
#: date per key question, then the ratings that have it) with its variables renamed.
_DATED_RATINGS = """{{ VALUES ?loc {{ {values} }}
      GRAPH ?_G {{ ?_I <{cqc}inspectionOf> ?loc ; <{cqc}hasRating> ?_R .
                 ?_R <{cqc}keyQuestion> ?kq . }}
      FILTER NOT EXISTS {{ GRAPH ?_G {{ ?_R <{cqc}service> ?anyService_N }} }}
      OPTIONAL {{ GRAPH ?_G {{ ?_R <{cqc}ratingDate> ?rd_N }} }}
      OPTIONAL {{ GRAPH ?_G {{ ?_I <{cqc}publicationDate> ?pd_N }} }}
      OPTIONAL {{ GRAPH ?_G {{ ?_I <{cqc}endDate> ?ed_N }} }}
      OPTIONAL {{ GRAPH ?_G {{ ?_I <{cqc}startDate> ?sd_N }} }}
      BIND(STR(COALESCE(?rd_N, ?pd_N, ?ed_N, ?sd_N)) AS ?_WHEN)
    }} UNION {{ VALUES ?loc {{ {values} }}
      GRAPH ?_G {{ ?_R <{cqc}ratingOf> ?loc ; <{cqc}keyQuestion> ?kq ; <{cqc}ratingDate> ?rrd_N . }}
      FILTER NOT EXISTS {{ GRAPH ?_G {{ ?_R <{cqc}service> ?anyService_N }} }}
      FILTER NOT EXISTS {{ GRAPH ?_G {{ ?_R <{cqc}populationGroup> ?anyGroup_N }} }}
      BIND(STR(?rrd_N) AS ?_WHEN)
    }}"""


def _dated_ratings(graph: str, inspection: str, rating: str, when: str, suffix: str) -> str:
    return (_DATED_RATINGS.replace("?_G", f"?{graph}").replace("?_I", f"?{inspection}")
            .replace("?_R", f"?{rating}").replace("?_WHEN", f"?{when}").replace("_N", suffix))


CURRENT_RATINGS = """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?rating . }} }}
WHERE {{
  {{
    SELECT ?loc ?kq (MAX(?when) AS ?latest) WHERE {{
    """ + _dated_ratings("g", "insp", "r", "when", "") + """
      FILTER(BOUND(?when))
    }} GROUP BY ?loc ?kq
  }}
  """ + _dated_ratings("h", "insp2", "rating", "when2", "2") + """
  FILTER(?when2 = ?latest)
}}"""

# Each current rating's key question, value, source (``prov:wasDerivedFrom``) and date (the
# rule above; a rating stated with several publication dates by several documents gets each),
# so that current ratings are read from this graph alone; and the location's current overall
# rating value(s) beside it (``cqc:summaryOverall``: one lookup for lists by area).
RATING_ROWS = """
INSERT {{ GRAPH <{graph}> {{ ?r <{cqc}summaryKey> ?loc ; <{cqc}summaryKeyQuestion> ?kq ;
                               <{cqc}summaryRating> ?value . }} }}
WHERE {{
  VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r }}
  GRAPH ?g {{ ?r <{cqc}keyQuestion> ?kq ; <{cqc}ratingValue> ?value . }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryOverall> ?value . }} }}
WHERE {{
  VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r . ?r <{cqc}summaryKeyQuestion> <{overall}> ;
                                                      <{cqc}summaryRating> ?value . }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?r <{cqc}summarySource> ?source . }} }}
WHERE {{
  VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r }}
  GRAPH ?g {{ ?r <{prov}wasDerivedFrom> ?source }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?r <{cqc}summaryDate> ?date . }} }}
WHERE {{
  VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r }}
  GRAPH ?g1 {{ ?inspection <{cqc}hasRating> ?r }}
  OPTIONAL {{ GRAPH ?g {{ ?r <{cqc}ratingDate> ?ratingDate }} }}
  OPTIONAL {{ GRAPH ?g2 {{ ?inspection <{cqc}publicationDate> ?published }} }}
  OPTIONAL {{ GRAPH ?g3 {{ ?inspection <{cqc}endDate> ?end }} }}
  OPTIONAL {{ GRAPH ?g4 {{ ?inspection <{cqc}startDate> ?start }} }}
  BIND(COALESCE(?ratingDate, ?published, ?end, ?start) AS ?date)
  FILTER(BOUND(?date))
}} ;
INSERT {{ GRAPH <{graph}> {{ ?r <{cqc}summaryDate> ?ratingDate . }} }}
WHERE {{
  VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r }}
  GRAPH ?g {{ ?r <{cqc}ratingDate> ?ratingDate }}
  FILTER NOT EXISTS {{ GRAPH ?g1 {{ ?inspection <{cqc}hasRating> ?r }} }}
}}"""

# The latest visit (start or end of the site visit) and the latest publication of an
# inspection report, per location.
LATEST_INSPECTION = """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}lastVisit> ?lastVisit . }} }}
WHERE {{ {{ SELECT ?loc (MAX(STR(?visit)) AS ?lastVisit) WHERE {{
  VALUES ?loc {{ {values} }}
  {{ VALUES ?loc {{ {values} }} GRAPH ?g {{ ?insp <{cqc}inspectionOf> ?loc }}
     GRAPH ?g2 {{ ?insp <{cqc}startDate> ?visit }} }}
  UNION
  {{ VALUES ?loc {{ {values} }} GRAPH ?g {{ ?insp <{cqc}inspectionOf> ?loc }}
     GRAPH ?g2 {{ ?insp <{cqc}endDate> ?visit }} }}
}} GROUP BY ?loc }} FILTER(BOUND(?lastVisit)) }} ;
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}lastPublished> ?lastPublished . }} }}
WHERE {{ {{ SELECT ?loc (MAX(STR(?published)) AS ?lastPublished) WHERE {{
  VALUES ?loc {{ {values} }}
  GRAPH ?g {{ ?insp <{cqc}inspectionOf> ?loc }}
  GRAPH ?g2 {{ ?insp <{cqc}publicationDate> ?published }}
}} GROUP BY ?loc }} FILTER(BOUND(?lastPublished)) }}"""

# The latest publication of a rating of the location, as the register queries date it: a
# register rating's date, or the publication of an inspection report.
LAST_RATED = """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}lastRated> ?lastRated . }} }}
WHERE {{ {{ SELECT ?loc (MAX(STR(?when)) AS ?lastRated) WHERE {{
  VALUES ?loc {{ {values} }}
  {{ VALUES ?loc {{ {values} }} GRAPH ?g {{ ?r <{cqc}ratingOf> ?loc }}
     GRAPH ?g2 {{ ?r <{cqc}ratingDate> ?when }} }}
  UNION
  {{ VALUES ?loc {{ {values} }} GRAPH ?g {{ ?insp <{cqc}inspectionOf> ?loc }}
     GRAPH ?g2 {{ ?insp <{cqc}publicationDate> ?when }} }}
}} GROUP BY ?loc }} FILTER(BOUND(?lastRated)) }}"""

# What the union says of a location or provider that lists and lookups show, each value once
# however many documents state it: its names, class, postcode (and its ONSPD unit), CQC ID
# and provider. Under terms of their own, so that a query over the union never counts them
# as a document's statements.
_STATED = {f"{SCHEMA}name": "summaryName", f"{CQC}postcode": "summaryPostcode",
           f"{CQC}postcodeUnit": "summaryPostcodeUnit", f"{CQC}cqcId": "summaryCqcId",
           f"{CQC}provider": "summaryProvider"}
# One operation per property, so that the engine reads each from the index on the bound key
# (the property as a variable made it scan the store).
_FACT = """
INSERT {{ GRAPH <{graph}> {{ ?k <{cqc}@summary@> ?value }} }}
WHERE {{ VALUES ?k {{ {values} }} GRAPH ?g {{ ?k <@stated@> ?value }} }}"""
ENTITY_FACTS = " ;".join(_FACT.replace("@summary@", summary).replace("@stated@", stated)
                         for stated, summary in _STATED.items()) + """ ;
INSERT {{ GRAPH <{graph}> {{ ?k <{cqc}summaryType> <{cqc}Location> }} }}
WHERE {{ VALUES ?k {{ {values} }} GRAPH ?g {{ ?k a <{cqc}Location> }} }} ;
INSERT {{ GRAPH <{graph}> {{ ?k <{cqc}summaryType> <{cqc}Provider> }} }}
WHERE {{ VALUES ?k {{ {values} }} GRAPH ?g {{ ?k a <{cqc}Provider> }} }}"""

# What a write that knows its graphs does instead: a value no graph states any longer goes
# (one probe of the index on key, property and value), and what the written graphs state of
# their keys (``{pairs}``: key and graph) comes.
PRUNE_FACTS = [f"""
DELETE {{{{ GRAPH <{{graph}}> {{{{ ?k <{{cqc}}{summary}> ?value }}}} }}}}
WHERE {{{{ VALUES ?k {{{{ {{values}} }}}} GRAPH <{{graph}}> {{{{ ?k <{{cqc}}{summary}> ?value }}}}
  FILTER NOT EXISTS {{{{ GRAPH ?g {{{{ ?k <{stated}> ?value }}}} }}}} }}}}"""
               for stated, summary in _STATED.items()] + ["""
DELETE {{ GRAPH <{graph}> {{ ?k <{cqc}summaryType> ?cls }} }}
WHERE {{ VALUES ?k {{ {values} }} GRAPH <{graph}> {{ ?k <{cqc}summaryType> ?cls }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?k a ?cls }} }} }}"""]
ADD_FACTS = [f"""
INSERT {{{{ GRAPH <{{graph}}> {{{{ ?k <{{cqc}}{summary}> ?value }}}} }}}}
WHERE {{{{ VALUES (?k ?g) {{{{ {{pairs}} }}}} GRAPH ?g {{{{ ?k <{stated}> ?value }}}} }}}}"""
             for stated, summary in _STATED.items()] + ["""
INSERT {{ GRAPH <{graph}> {{ ?e <{cqc}summaryType> ?cls }} }}
WHERE {{ VALUES (?e ?g) {{ {pairs} }} """ + identity_keys.TYPED + """ }}"""]

# How many triples a source document's graph holds (what document-facts lists).
DOCUMENT_SIZE = """
INSERT {{ GRAPH <{graph}> {{ ?k <{cqc}summaryTriples> ?n }} }}
WHERE {{ {{ SELECT ?k (COUNT(*) AS ?n) WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?k {{ ?k a <{cqc}SourceDocument> }}
  GRAPH ?k {{ ?s ?p ?o }}
}} GROUP BY ?k }} }}"""

# One row per inspection of the key that found a breach and each day it began: that day
# (``cqc:summaryBreachDate``), the first later day a rated inspection of the key began
# (``cqc:summaryNextDate``), and the overall ratings (not a service's) of the breaching
# inspection (``cqc:summaryBefore``) and of the inspections that began on that later day
# (``cqc:summaryAfter``): what rating-changes-after-breaches lists. Each row is named by a
# hash of its key, inspection and day.
BREACH_CHANGES = """
INSERT {{ GRAPH <{graph}> {{ ?row <{cqc}summaryKey> ?k ; <{cqc}summaryInspection> ?bi ;
                                  <{cqc}summaryBreachDate> ?breachDate . }} }}
WHERE {{ {{ SELECT DISTINCT ?k ?bi ?breachDate WHERE {{ VALUES ?k {{ {values} }}
    GRAPH ?g1 {{ ?bi <{cqc}inspectionOf> ?k }} GRAPH ?g2 {{ ?bi <{cqc}hasBreach> ?b }}
    GRAPH ?g3 {{ ?bi <{cqc}startDate> ?breachDate }} }} }}
  BIND(IRI(CONCAT("{prefix}breach-change/", MD5(CONCAT(STR(?k), " ", STR(?bi), " ",
                                                            STR(?breachDate)))))
       AS ?row)
}} ;
INSERT {{ GRAPH <{graph}> {{ ?row <{cqc}summaryNextDate> ?nextDate }} }}
WHERE {{ {{ SELECT ?row (MIN(STR(?d)) AS ?nextDate) WHERE {{ VALUES ?k {{ {values} }}
    GRAPH <{graph}> {{ ?row <{cqc}summaryKey> ?k ; <{cqc}summaryBreachDate> ?breachDate }}
    GRAPH ?g1 {{ ?next <{cqc}inspectionOf> ?k }} GRAPH ?g2 {{ ?next <{cqc}startDate> ?d }}
    FILTER(STR(?d) > STR(?breachDate))
    GRAPH ?g3 {{ ?next <{cqc}hasRating> ?rn }} GRAPH ?g4 {{ ?rn <{cqc}keyQuestion> <{overall}> }}
  }} GROUP BY ?row }} FILTER(BOUND(?nextDate)) }} ;
INSERT {{ GRAPH <{graph}> {{ ?row <{cqc}summaryBefore> ?vb }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH <{graph}> {{ ?row <{cqc}summaryKey> ?k ; <{cqc}summaryInspection> ?bi }}
  GRAPH ?g1 {{ ?bi <{cqc}hasRating> ?rb }}
  GRAPH ?g2 {{ ?rb <{cqc}keyQuestion> <{overall}> }} GRAPH ?g3 {{ ?rb <{cqc}ratingValue> ?vb }}
  FILTER NOT EXISTS {{ GRAPH ?g4 {{ ?rb <{cqc}service> ?sb }} }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?row <{cqc}summaryAfter> ?va }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH <{graph}> {{ ?row <{cqc}summaryKey> ?k ; <{cqc}summaryNextDate> ?nextDate }}
  GRAPH ?g1 {{ ?ni <{cqc}inspectionOf> ?k }} GRAPH ?g2 {{ ?ni <{cqc}startDate> ?nd }}
  FILTER(STR(?nd) = ?nextDate)
  GRAPH ?g3 {{ ?ni <{cqc}hasRating> ?ra }}
  GRAPH ?g4 {{ ?ra <{cqc}keyQuestion> <{overall}> }} GRAPH ?g5 {{ ?ra <{cqc}ratingValue> ?va }}
  FILTER NOT EXISTS {{ GRAPH ?g6 {{ ?ra <{cqc}service> ?sa }} }}
}}"""

# One row per inspection of the key that found a breach, or per key that states a breach of
# its own: the regulations cited (``cqc:summaryCited``), the day the inspection began, the
# location or provider inspected (what breaches-with-legislation lists). Named by a hash of
# the key and what states the breaches.
BREACH_CITATIONS = """
INSERT {{ GRAPH <{graph}> {{ ?row <{cqc}summaryKey> ?k ; <{cqc}summaryCited> ?reg ;
                                  <{cqc}summaryInspectionOf> ?k ; <{cqc}summaryStart> ?date }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g1 {{ ?s <{cqc}inspectionOf> ?k }} GRAPH ?g2 {{ ?s <{cqc}hasBreach> ?b }}
  GRAPH ?g3 {{ ?b <{cqc}regulation> ?reg }}
  OPTIONAL {{ GRAPH ?g4 {{ ?s <{cqc}startDate> ?date }} }}
  BIND(IRI(CONCAT("{prefix}breach-citation/", MD5(CONCAT(STR(?k), " ", STR(?s))))) AS ?row)
}} ;
INSERT {{ GRAPH <{graph}> {{ ?row <{cqc}summaryKey> ?k ; <{cqc}summaryCited> ?reg ;
                                  <{cqc}summaryStart> ?date }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g2 {{ ?k <{cqc}hasBreach> ?b }} GRAPH ?g3 {{ ?b <{cqc}regulation> ?reg }}
  FILTER NOT EXISTS {{ GRAPH ?g5 {{ ?k <{cqc}inspectionOf> ?any }} }}
  OPTIONAL {{ GRAPH ?g4 {{ ?k <{cqc}startDate> ?date }} }}
  BIND(IRI(CONCAT("{prefix}breach-citation/", MD5(CONCAT(STR(?k), " ", STR(?k))))) AS ?row)
}}"""

# One row per breach with a regulation: of an inspection of the key (a location or a
# provider), or stated by the key (a document) itself. Its year is the year of the visit of
# what states it, else of its publication. Every breach an inspection of the key found, with
# a regulation or not, names the key (``cqc:summaryInspected``: providers-most-breaches).
BREACH_ROWS = """
INSERT {{ GRAPH <{graph}> {{ ?b <{cqc}summaryKey> ?k ; <{cqc}summaryRegulation> ?reg . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g {{ ?parent <{cqc}inspectionOf> ?k ; <{cqc}hasBreach> ?b .
             ?b a <{cqc}Breach> ; <{cqc}regulation> ?reg . }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?b <{cqc}summaryKey> ?k ; <{cqc}summaryRegulation> ?reg . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g {{ ?k <{cqc}hasBreach> ?b . ?b a <{cqc}Breach> ; <{cqc}regulation> ?reg . }}
  FILTER NOT EXISTS {{ GRAPH ?g5 {{ ?k <{cqc}inspectionOf> ?any }} }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?b <{cqc}summaryKey> ?k ; <{cqc}summaryInspected> ?k . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g {{ ?inspection <{cqc}inspectionOf> ?k }} GRAPH ?g2 {{ ?inspection <{cqc}hasBreach> ?b }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?b <{cqc}summarySubject> ?location . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH <{graph}> {{ ?b <{cqc}summaryKey> ?k ; <{cqc}summaryRegulation> ?reg }}
  GRAPH ?g {{ ?inspection <{cqc}hasBreach> ?b ; <{cqc}inspectionOf> ?location }}
}} ;
INSERT {{ GRAPH <{graph}> {{ ?b <{cqc}summaryYear> ?year . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH <{graph}> {{ ?b <{cqc}summaryKey> ?k ; <{cqc}summaryRegulation> ?reg }}
  GRAPH ?g {{ ?insp <{cqc}hasBreach> ?b }}
  OPTIONAL {{ GRAPH ?g1 {{ ?insp <{cqc}startDate> ?sd }} }}
  OPTIONAL {{ GRAPH ?g2 {{ ?insp <{cqc}publicationDate> ?pd }} }}
  BIND(SUBSTR(STR(COALESCE(?sd, ?pd)), 1, 4) AS ?year)
  FILTER(BOUND(?year))
}}"""

# One row per enforcement action (MUST and SHOULD are requirements, not enforcement), by
# kind and year: the action's own date, else its inspection's start or publication, else
# its document's issue date; "unknown" where none is stated.
ACTION_ROWS = """
INSERT {{ GRAPH <{graph}> {{ ?action <{cqc}summaryKey> ?k ; <{cqc}summaryKind> ?kind ;
                                     <{cqc}summaryYear> ?year . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g {{ ?parent <{cqc}inspectionOf> ?k ; <{cqc}hasAction> ?action .
             ?action a <{cqc}Action> ; <{cqc}actionKind> ?kind . }}
  FILTER(?kind != <{kinds}must> && ?kind != <{kinds}should>)
  OPTIONAL {{ GRAPH ?g1 {{ ?action <{cqc}actionDate> ?actionDate }} }}
  OPTIONAL {{ GRAPH ?g2 {{ ?parent <{cqc}startDate> ?start }} }}
  OPTIONAL {{ GRAPH ?g3 {{ ?parent <{cqc}publicationDate> ?published }} }}
  OPTIONAL {{ GRAPH ?g4 {{ ?parent <{dct}issued> ?issued }} }}
  BIND(COALESCE(?actionDate, ?start, ?published, ?issued) AS ?when)
  BIND(IF(BOUND(?when), SUBSTR(STR(?when), 1, 4), "unknown") AS ?year)
}} ;
INSERT {{ GRAPH <{graph}> {{ ?action <{cqc}summaryKey> ?k ; <{cqc}summaryKind> ?kind ;
                                     <{cqc}summaryYear> ?year . }} }}
WHERE {{ VALUES ?k {{ {values} }}
  GRAPH ?g {{ ?k <{cqc}hasAction> ?action . ?action a <{cqc}Action> ; <{cqc}actionKind> ?kind . }}
  FILTER NOT EXISTS {{ GRAPH ?g5 {{ ?k <{cqc}inspectionOf> ?any }} }}
  FILTER(?kind != <{kinds}must> && ?kind != <{kinds}should>)
  OPTIONAL {{ GRAPH ?g1 {{ ?action <{cqc}actionDate> ?actionDate }} }}
  OPTIONAL {{ GRAPH ?g2 {{ ?k <{cqc}startDate> ?start }} }}
  OPTIONAL {{ GRAPH ?g3 {{ ?k <{cqc}publicationDate> ?published }} }}
  OPTIONAL {{ GRAPH ?g4 {{ ?k <{dct}issued> ?issued }} }}
  BIND(COALESCE(?actionDate, ?start, ?published, ?issued) AS ?when)
  BIND(IF(BOUND(?when), SUBSTR(STR(?when), 1, 4), "unknown") AS ?year)
}}"""

# The latest date (the inspection's start, else its publication, else "") a document says the
# key was placed in or kept in special measures.
SPECIAL_MEASURES = """
INSERT {{ GRAPH <{graph}> {{ ?k <{cqc}latestSpecialMeasures> ?latest . }} }}
WHERE {{ {{ SELECT ?k (MAX(?d) AS ?latest) WHERE {{
  VALUES ?k {{ {values} }}
  {{ VALUES ?k {{ {values} }} GRAPH ?g {{ ?inspection <{cqc}inspectionOf> ?k }}
     GRAPH ?g1 {{ ?inspection <{cqc}specialMeasures> true }} }}
  UNION
  {{ VALUES ?k {{ {values} }} GRAPH ?g {{ ?inspection <{cqc}inspectionOf> ?k }}
     GRAPH ?g1 {{ ?inspection <{cqc}hasAction> ?a . ?a <{cqc}actionKind> <{kinds}special-measures> }} }}
  OPTIONAL {{ GRAPH ?g2 {{ ?inspection <{cqc}startDate> ?start }} }}
  OPTIONAL {{ GRAPH ?g3 {{ ?inspection <{cqc}publicationDate> ?published }} }}
  BIND(STR(COALESCE(?start, ?published, "")) AS ?d)
}} GROUP BY ?k }} FILTER(BOUND(?latest)) }}"""

# What the latest HSCA Active Locations snapshot that lists a location says of it: that
# snapshot (``cqc:summaryActiveSnapshot``; a snapshot is complete once its provenance, written
# last, gives its kind and date), and its local authority, sector, name and dormancy there,
# and its beds when it is a care home; and the latest end of its registration the HSCA
# Deactivated Locations files give, with the latest of those files that gives one. The register's national questions ask about the
# latest snapshot: every location it lists has it as its own latest, so they read the rows
# (and the counts below) of that one snapshot, never the snapshot graph row by row.
REGISTER_FACTS = """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryActiveSnapshot> ?snapshot }} }}
WHERE {{ {{ SELECT ?loc (MAX(?d) AS ?latest) WHERE {{ VALUES ?loc {{ {values} }}
    GRAPH ?s {{ ?loc a <{cqc}Location> }}
    GRAPH ?s {{ ?s <{cqc}registerKind> "hsca-active-locations" ; <{cqc}snapshotDate> ?d }}
  }} GROUP BY ?loc }}
  GRAPH ?snapshot {{ ?loc a <{cqc}Location> .
    ?snapshot <{cqc}registerKind> "hsca-active-locations" ; <{cqc}snapshotDate> ?latest }}
}}""" + "".join(f""" ;
INSERT {{{{ GRAPH <{{graph}}> {{{{ ?loc <{{cqc}}{summary}> ?value }}}} }}}}
WHERE {{{{ VALUES ?loc {{{{ {{values}} }}}}
  GRAPH <{{graph}}> {{{{ ?loc <{{cqc}}summaryActiveSnapshot> ?s }}}}
  GRAPH ?s {{{{ ?loc <{stated}> ?value }}}} }}}}""" for stated, summary in (
    (f"{CQC}localAuthority", "summaryRegisterLocalAuthority"),
    (f"{CQC}sector", "summaryRegisterSector"), (f"{SCHEMA}name", "summaryRegisterName"),
    (f"{CQC}dormant", "summaryRegisterDormant"))) + """ ;
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryCareHomeBeds> ?beds }} }}
WHERE {{ VALUES ?loc {{ {values} }}
  GRAPH <{graph}> {{ ?loc <{cqc}summaryActiveSnapshot> ?s }}
  GRAPH ?s {{ ?loc <{cqc}careHome> true ; <{cqc}numberOfBeds> ?beds }} }} ;
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryDeregistered> ?deregistered ;
                                  <{cqc}summaryDeactivatedSnapshot> ?snapshot }} }}
WHERE {{ {{ SELECT ?loc (MAX(?end) AS ?deregistered) (MAX(?d) AS ?latest) WHERE {{
    VALUES ?loc {{ {values} }}
    GRAPH ?s {{ ?loc <{cqc}registrationEndDate> ?end }}
    GRAPH ?s {{ ?s <{cqc}registerKind> "hsca-deactivated-locations" ; <{cqc}snapshotDate> ?d }}
  }} GROUP BY ?loc }}
  GRAPH ?snapshot {{ ?loc a <{cqc}Location> .
    ?snapshot <{cqc}registerKind> "hsca-deactivated-locations" ; <{cqc}snapshotDate> ?latest }}
}}"""

#: The register's facts of a location (what :data:`REGISTER_FACTS` writes), cleared alone when
#: a register file is loaded.
REGISTER_PREDICATES = ("summaryActiveSnapshot", "summaryRegisterLocalAuthority",
                       "summaryRegisterSector", "summaryRegisterName", "summaryRegisterDormant",
                       "summaryCareHomeBeds", "summaryDeregistered",
                       "summaryDeactivatedSnapshot")

CLEAR_REGISTER_ROWS = """
DELETE {{ GRAPH <{graph}> {{ ?k ?p ?o }} }} WHERE {{ VALUES ?k {{ {values} }}
  VALUES ?p {{ """ + " ".join(f"<{{cqc}}{p}>" for p in REGISTER_PREDICATES) + """ }}
  GRAPH <{graph}> {{ ?k ?p ?o }} }}"""


# The counts, moved by what the rows of the keys add ("+") or held before ("-"). A count
# node is named by a hash of what it counts, so the same counter is found from both sides.
_MOVE = """
DELETE {{ GRAPH <{summary}> {{ ?c <{cqc}@measure@> ?old }} }}
INSERT {{ GRAPH <{summary}> {{ ?c a <{cqc}@cls@> ; @dims@ <{cqc}@measure@> ?new }} }}
WHERE {{
  {{ SELECT @group@ (@aggregate@ AS ?n) WHERE {{
      VALUES ?k {{ {values} }}
      GRAPH <{graph}> {{ @rows@ }}
  }} GROUP BY @group@ }}
  BIND(IRI(CONCAT("{prefix}@table@/", MD5(CONCAT(@hashed@)))) AS ?c)
  OPTIONAL {{ GRAPH <{summary}> {{ ?c <{cqc}@measure@> ?old }} }}
  BIND(COALESCE(?old, 0) {sign} ?n AS ?new)
}}"""


def _move(cls: str, table: str, measure: str, counted: str, rows: str,
          dims: dict[str, str], aggregate: str = "") -> str:
    """The update template that moves one count (``measure`` of the counters of class
    ``cls``, one per value of ``dims``) by the rows of the keys: the distinct ``counted``
    values, or ``aggregate`` (an aggregate expression over the rows) where given."""
    parts = {
        "aggregate": aggregate or f"COUNT(DISTINCT ?{counted})",
        "cls": cls, "table": table, "measure": measure, "rows": rows,
        "group": " ".join(f"?{v}" for v in dims.values()),
        "hashed": ', " ", '.join(f'COALESCE(STR(?{v}), "")' for v in dims.values()),
        "dims": " ".join(f"<{{cqc}}{p}> ?{v} ;" for p, v in dims.items()),
    }
    text = _MOVE
    for name, value in parts.items():
        text = text.replace(f"@{name}@", value)
    return text


# Per register snapshot (the latest that lists each location): locations by local authority,
# sector and current overall rating (register-rating-distribution); care homes and their
# beds by local authority and current overall rating, none where it has no rating
# (register-care-home-beds). Every row of the join is a distinct (location, authority,
# rating, beds), as the questions count them.
REGISTER_COUNTS = [
    _move("RegisterRatingCount", "register-ratings", "summaryLocations", "k",
          "?k <{cqc}summaryActiveSnapshot> ?snapshot ; <{cqc}summaryRegisterLocalAuthority> ?la ;"
          " <{cqc}summaryOverall> ?value ."
          " OPTIONAL {{ ?k <{cqc}summaryRegisterSector> ?stated }}"
          ' BIND(COALESCE(?stated, "") AS ?sector)',
          {"summarySnapshot": "snapshot", "summaryLocalAuthority": "la",
           "summarySector": "sector", "summaryRating": "value"}),
] + [
    _move("CareHomeCount", "register-care-homes", measure, "k",
          "?k <{cqc}summaryActiveSnapshot> ?snapshot ; <{cqc}summaryCareHomeBeds> ?beds ."
          " OPTIONAL {{ ?k <{cqc}summaryRegisterLocalAuthority> ?stated }}"
          ' BIND(COALESCE(?stated, "") AS ?la)'
          " OPTIONAL {{ ?k <{cqc}summaryOverall> ?value }}",
          {"summarySnapshot": "snapshot", "summaryLocalAuthority": "la",
           "summaryRating": "value"}, aggregate)
    for measure, aggregate in (("summaryCareHomes", "COUNT(*)"), ("summaryBeds", "SUM(?beds)"))
]

# What the browse pages count a location by (its facets), one value each, from whatever
# graph states it (the register's snapshots, CQC API records, documents): its sector, care
# home flag, region, local authority (its name; its GSS code; its postcode's code) and ICB (likewise,
# and its sub-ICB's code), its current overall rating (one of the four; the
# first in text order where a location has two of one date) and the day it was last
# inspected (the latest visit, register "last inspection" date, report or rating
# publication). Of several values stated the first in text order is taken. Written after the
# location's current ratings and latest inspection, which they read.
#: (facet, the property stating it, whether its values are IRIs)
_FACETS = [("summaryFacetSector", f"<{CQC}sector>", False),
           ("summaryFacetCareHome", f"<{CQC}careHome>", False),
           ("summaryFacetRegion", f"<{CQC}region>", False),
           ("summaryFacetLaName", f"<{CQC}localAuthority>", False),
           ("summaryFacetLaCode", f"<{CQC}localAuthorityArea>", True),
           ("summaryFacetIcbName", f"<{CQC}icbName>", False),
           ("summaryFacetIcbCode", f"<{CQC}icbArea>", True),
           ("summaryFacetSubIcbCode", f"<{CQC}subIcbArea>", True)]
_FACET = """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}@facet@> ?v }} }}
WHERE {{ {{ SELECT ?loc (MIN(STR(?stated)) AS ?first) WHERE {{ VALUES ?loc {{ {values} }}
  @pattern@ }} GROUP BY ?loc }} FILTER(BOUND(?first)) BIND(@value@ AS ?v) }}"""


def _facet(facet: str, pattern: str, iri: bool = False) -> str:
    """The template writing one facet of the locations: the first value (in text order)
    ``pattern`` binds to ``?stated`` (an IRI again where ``iri``)."""
    return (_FACET.replace("@facet@", facet).replace("@pattern@", pattern)
            .replace("@value@", "IRI(?first)" if iri else "?first"))


_POSTCODE = "GRAPH ?g {{ ?loc <{cqc}postcodeUnit> ?u }} GRAPH ?g2 {{ ?u <{cqc}@by@> ?stated }}"
LOCATION_FACETS = " ;".join(
    [_facet(facet, f"GRAPH ?g {{{{ ?loc {stated} ?stated }}}}", iri)
     for facet, stated, iri in _FACETS]
    + [_facet(facet, _POSTCODE.replace("@by@", by), iri=True) for facet, by in (
        ("summaryFacetLaPostcodeCode", "postcodeLocalAuthority"),
        ("summaryFacetIcbPostcodeCode", "postcodeIcb"))]
    + [_facet("summaryFacetOverall", "GRAPH <{graph}> {{ ?loc <{cqc}summaryOverall> ?stated }}"
              " FILTER(?stated IN (" + ", ".join(f"<{RATINGS}{r}>" for r in (
                  "outstanding", "good", "requires-improvement", "inadequate")) + "))",
              iri=True),
       # every code stated beside the location's area name, which names that code's area
       """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryFacetLaCodes> ?code }} }}
WHERE {{ VALUES ?loc {{ {values} }} GRAPH ?g {{ ?loc <{cqc}localAuthorityArea> ?code }} }} ;
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryFacetIcbCodes> ?code }} }}
WHERE {{ VALUES ?loc {{ {values} }}
  {{ GRAPH ?g {{ ?loc <{cqc}icbArea> ?code }} }} UNION {{ GRAPH ?g {{ ?loc <{cqc}subIcbArea> ?code }} }} }}""",
       """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}summaryFacetLastInspected> ?v }} }}
WHERE {{ {{ SELECT ?loc (MAX(SUBSTR(STR(?when), 1, 10)) AS ?v) WHERE {{ VALUES ?loc {{ {values} }}
  {{ GRAPH <{graph}> {{ ?loc <{cqc}lastVisit> ?when }} }}
  UNION {{ GRAPH <{graph}> {{ ?loc <{cqc}lastPublished> ?when }} }}
  UNION {{ GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?r . ?r <{cqc}summaryDate> ?when }} }}
  UNION {{ GRAPH ?g {{ ?loc <{cqc}lastInspectionDate> ?when }} }}
}} GROUP BY ?loc }} FILTER(BOUND(?v)) }}"""])

#: Locations by their facets (sector, care home, local authority and ICB name and code,
#: current overall rating), and by the day they were last inspected: a sum over location keys
#: (each location counted by its own), what the home page and the facets of /locations read.
#: Each optional facet is bound to the keys again inside its OPTIONAL: else the engine read
#: that facet of every location of the store before joining (1.3 s a move of 250 keys on
#: 33,000 locations, against 0.06 s). Only the keys typed as locations are read on (the class
#: as a constant, not a variable filtered at the end: the engine read every optional facet of
#: the batch's providers and documents too, a fifth of the move's time).
FACET_COUNTS = [
    _move("LocationFacetCount", "location-facets", "summaryLocations", "k",
          "?k <{cqc}summaryType> <{cqc}Location> ." + "".join(
              f" OPTIONAL {{{{ VALUES ?k {{{{ {{values}} }}}} ?k <{{cqc}}{facet}> ?{var} }}}}"
              for facet, var in (
                  ("summaryFacetSector", "sector"), ("summaryFacetCareHome", "care"),
                  ("summaryFacetRegion", "region"), ("summaryFacetLaName", "laName"),
                  ("summaryFacetLaCode", "laCode"),
                  ("summaryFacetLaPostcodeCode", "laPostcode"),
                  ("summaryFacetIcbName", "icbName"), ("summaryFacetIcbCode", "icbCode"),
                  ("summaryFacetIcbPostcodeCode", "icbPostcode"),
                  ("summaryFacetSubIcbCode", "subIcbCode"),
                  ("summaryFacetOverall", "overall"))),
          {"summarySector": "sector", "summaryCareHome": "care", "summaryRegion": "region",
           "summaryLocalAuthority": "laName", "summaryLocalAuthorityArea": "laCode",
           "summaryPostcodeLocalAuthority": "laPostcode", "summaryIcbName": "icbName",
           "summaryIcbArea": "icbCode", "summaryPostcodeIcb": "icbPostcode",
           "summarySubIcbArea": "subIcbCode", "summaryRating": "overall"}),
] + [
    # per area name and each code stated beside it: the code's name, where a count has no name
    _move("AreaCodeCount", "area-codes", "summaryLocations", "k",
          f"?k <{{cqc}}{name} ?name ; <{{cqc}}{codes}> ?code . BIND(\"{kind}\" AS ?kind)",
          {"summaryAreaKind": "kind", "summaryAreaName": "name", "summaryAreaCode": "code"})
    for kind, name, codes in (("local-authority", "summaryFacetLaName>", "summaryFacetLaCodes"),
                              ("icb", "summaryFacetIcbName>", "summaryFacetIcbCodes"))
] + [
    _move("LastInspectedCount", "last-inspected", "summaryLocations", "k",
          "?k <{cqc}summaryFacetLastInspected> ?day .", {"summaryDay": "day"}),
] + [
    # the home page's own figures, counted at its grain: locations by sector, care home flag
    # and current overall rating; and by one local authority's (or ICB's) names and codes,
    # care home flag and current overall rating. A few thousand counters however many
    # locations (the combinations above are nearly one a location on a register), so the
    # home page reads them at once after each write.
    _move(cls, table, "summaryLocations", "k",
          "?k <{cqc}summaryType> <{cqc}Location> ." + "".join(
              f" OPTIONAL {{{{ VALUES ?k {{{{ {{values}} }}}} ?k <{{cqc}}{facet}> ?{var} }}}}"
              for facet, var in facets),
          {dim: var for (_, var), dim in zip(facets, dims, strict=True)})
    for cls, table, facets, dims in (
        ("SectorFacetCount", "sector-facets",
         (("summaryFacetSector", "sector"), ("summaryFacetCareHome", "care"),
          ("summaryFacetOverall", "overall")),
         ("summarySector", "summaryCareHome", "summaryRating")),
        ("LocalAuthorityFacetCount", "local-authority-facets",
         (("summaryFacetLaName", "laName"), ("summaryFacetLaCode", "laCode"),
          ("summaryFacetLaPostcodeCode", "laPostcode"), ("summaryFacetCareHome", "care"),
          ("summaryFacetOverall", "overall")),
         ("summaryLocalAuthority", "summaryLocalAuthorityArea",
          "summaryPostcodeLocalAuthority", "summaryCareHome", "summaryRating")),
        ("IcbFacetCount", "icb-facets",
         (("summaryFacetIcbName", "icbName"), ("summaryFacetIcbCode", "icbCode"),
          ("summaryFacetIcbPostcodeCode", "icbPostcode"),
          ("summaryFacetSubIcbCode", "subIcbCode"), ("summaryFacetCareHome", "care"),
          ("summaryFacetOverall", "overall")),
         ("summaryIcbName", "summaryIcbArea", "summaryPostcodeIcb", "summarySubIcbArea",
          "summaryCareHome", "summaryRating")))
]

COUNTS = [
    _move("RatingCount", "ratings", "summaryLocations", "k",
          "?k <{cqc}currentRating> ?r . ?r <{cqc}summaryKeyQuestion> ?kq ;"
          " <{cqc}summaryRating> ?value .",
          {"summaryKeyQuestion": "kq", "summaryRating": "value"}),
] + REGISTER_COUNTS + FACET_COUNTS

# Breaches (and the locations inspected) by regulation, breaches by regulation and year,
# enforcement actions by year and kind. A breach or an action of one inspection of two
# locations is one node, a row of each location, so these counts are no sum over keys (summed
# per key they counted it twice whenever the two keys were refreshed apart). Like the
# providers' counts below, each counter the keys' rows touch is taken again whole, as a
# DISTINCT count over the derived graph's rows of its values (found through the index on the
# regulation, or on the kind): before the rows go, the counters their old rows touch are set
# to 0 (:func:`_stale_counts`); once the rows are new, every counter their new rows touch and
# every counter at 0 is counted again (:func:`_recount`), and a count still 0 goes.
def _counter_iri(table: str, dims: Iterable[str]) -> str:
    """The expression naming a counter by a hash of its values (as :func:`_move` names it)."""
    hashed = ', " ", '.join(f'COALESCE(STR(?{v}), "")' for v in dims)
    return f'IRI(CONCAT("{{prefix}}{table}/", MD5(CONCAT({hashed}))))'


def _stale_counts(table: str, node: str, rows: str, dims: dict[str, str],
                  measures: dict[str, str]) -> str:
    """The update template setting to 0 the counters of ``table`` that the keys' rows touch
    (``rows``: a pattern of the row ``node`` binding the values ``dims``)."""
    group = " ".join(f"?{v}" for v in dims.values())
    first = next(iter(measures))
    return f"""
DELETE {{{{ GRAPH <{{summary}}> {{{{ ?c ?m ?n }}}} }}}}
INSERT {{{{ GRAPH <{{summary}}> {{{{ ?c <{{cqc}}{first}> 0 }}}} }}}}
WHERE {{{{ {{{{ SELECT DISTINCT {group} WHERE {{{{ VALUES ?k {{{{ {{values}} }}}}
    GRAPH <{{graph}}> {{{{ ?{node} <{{cqc}}summaryKey> ?k . {rows} }}}} }}}} }}}}
  BIND({_counter_iri(table, dims.values())} AS ?c)
  VALUES ?m {{{{ {" ".join(f"<{{cqc}}{m}>" for m in measures)} }}}}
  GRAPH <{{summary}}> {{{{ ?c ?m ?n }}}}
}}}}"""


def _recount(cls: str, table: str, node: str, rows: str, dims: dict[str, str],
             measures: dict[str, str], optional: str = "") -> str:
    """The update template counting again whole (``measures``: the DISTINCT values counted,
    by measure) every counter of ``table`` that the keys' rows touch or that is at 0."""
    group = " ".join(f"?{v}" for v in dims.values())
    first = next(iter(measures))
    zero_dims = " ".join(f"<{{cqc}}{p}> ?{v} ;" for p, v in dims.items())
    counts = " ".join(f"(COUNT(DISTINCT ?{counted}) AS ?n_{m})" for m, counted in measures.items())
    olds = " ".join(f"?c <{{cqc}}{m}> ?old_{m} ." for m in measures)
    news = " ".join(f"<{{cqc}}{m}> ?n_{m} ;" for m in measures)
    find_olds = " ".join(f"OPTIONAL {{{{ GRAPH <{{summary}}> {{{{ ?c <{{cqc}}{m}> ?old_{m} }}}} }}}}"
                         for m in measures)
    return f"""
DELETE {{{{ GRAPH <{{summary}}> {{{{ {olds} }}}} }}}}
INSERT {{{{ GRAPH <{{summary}}> {{{{ ?c a <{{cqc}}{cls}> ; {zero_dims} {news[:-2]} }}}} }}}}
WHERE {{{{
  {{{{ SELECT {group} {counts} WHERE {{{{
      {{{{ SELECT DISTINCT {group} WHERE {{{{
          {{{{ VALUES ?k {{{{ {{values}} }}}}
             GRAPH <{{graph}}> {{{{ ?{node} <{{cqc}}summaryKey> ?k . {rows} }}}} }}}}
          UNION
          {{{{ GRAPH <{{summary}}> {{{{ ?c0 <{{cqc}}{first}> 0 ; a ?cls0 ; {zero_dims[:-2]} }}}}
             FILTER(?cls0 = <{{cqc}}{cls}>) }}}}
      }}}} }}}}
      GRAPH <{{graph}}> {{{{ {rows} {optional} }}}}
  }}}} GROUP BY {group} }}}}
  BIND({_counter_iri(table, dims.values())} AS ?c)
  {find_olds}
}}}}"""


#: (class, table, row node, rows, values, measures, optional part) of each count taken whole.
_WHOLE_COUNTS = [
    ("BreachCount", "breaches", "b", "?b <{cqc}summaryRegulation> ?reg .",
     {"summaryRegulation": "reg"}, {"summaryBreaches": "b", "summaryLocations": "location"},
     "OPTIONAL {{ ?b <{cqc}summarySubject> ?location }}"),
    ("BreachYearCount", "breaches-by-year", "b",
     "?b <{cqc}summaryRegulation> ?reg ; <{cqc}summaryYear> ?year .",
     {"summaryRegulation": "reg", "summaryYear": "year"}, {"summaryBreaches": "b"}, ""),
    ("EnforcementCount", "enforcement", "action",
     "?action <{cqc}summaryKind> ?kind ; <{cqc}summaryYear> ?year .",
     {"summaryYear": "year", "summaryKind": "kind"}, {"summaryActions": "action"}, ""),
]

WHOLE_COUNTS_STALE = [_stale_counts(table, node, rows, dims, measures)
                      for _, table, node, rows, dims, measures, _ in _WHOLE_COUNTS]
WHOLE_COUNTS_RECOUNT = [_recount(cls, table, node, rows, dims, measures, optional)
                        for cls, table, node, rows, dims, measures, optional in _WHOLE_COUNTS]

# Per provider, the breaches the inspections of its locations (or of itself) found, and those
# locations (providers-most-breaches). One breach may be found by an inspection of two of a
# provider's locations, so these counts are no sum over keys: a provider's counts are taken
# again whole, from the rows of all its locations, once the rows of the keys are new. Before
# the rows go, the counts of the providers they name are set to 0 (so that a provider the keys
# no longer name is found again, through the index on the value 0); after, every provider the
# new rows name, and every one set to 0, is counted again, and a count still 0 goes with the
# zeros.
_PROVIDERS_OF_KEYS = """
    VALUES ?k {{ {values} }}
    GRAPH <{graph}> {{ {{ ?k <{cqc}summaryProvider> ?provider }} UNION
      {{ ?k <{cqc}summaryType> ?class FILTER(?class = <{cqc}Provider>) BIND(?k AS ?provider) }} }}"""

PROVIDER_BREACHES_STALE = """
DELETE {{ GRAPH <{summary}> {{ ?c <{cqc}summaryBreaches> ?breaches ; <{cqc}summaryLocations> ?n }} }}
INSERT {{ GRAPH <{summary}> {{ ?c <{cqc}summaryBreaches> 0 ; <{cqc}summaryLocations> 0 }} }}
WHERE {{ {{ SELECT DISTINCT ?provider WHERE {{""" + _PROVIDERS_OF_KEYS + """ }} }}
  GRAPH <{summary}> {{ ?c <{cqc}summaryOfProvider> ?provider ; a ?cls ;
                       <{cqc}summaryBreaches> ?breaches ; <{cqc}summaryLocations> ?n }}
  FILTER(?cls = <{cqc}ProviderBreachCount>)
}}"""

PROVIDER_BREACHES_RECOUNT = """
DELETE {{ GRAPH <{summary}> {{ ?c <{cqc}summaryBreaches> ?oldBreaches ; <{cqc}summaryLocations> ?oldLocations }} }}
INSERT {{ GRAPH <{summary}> {{ ?c a <{cqc}ProviderBreachCount> ; <{cqc}summaryOfProvider> ?provider ;
                                  <{cqc}summaryBreaches> ?breaches ; <{cqc}summaryLocations> ?locations }} }}
WHERE {{
  {{ SELECT ?provider (COUNT(DISTINCT ?b) AS ?breaches) (COUNT(DISTINCT ?inspected) AS ?locations)
     WHERE {{
       {{ SELECT DISTINCT ?provider WHERE {{
           {{""" + _PROVIDERS_OF_KEYS + """ }}
           UNION
           {{ GRAPH <{summary}> {{ ?c0 <{cqc}summaryBreaches> 0 ; <{cqc}summaryOfProvider> ?provider }} }}
       }} }}
       GRAPH <{graph}> {{
         {{ ?inspected <{cqc}summaryProvider> ?provider . ?b <{cqc}summaryInspected> ?inspected }}
         UNION {{ ?b <{cqc}summaryInspected> ?provider BIND(?provider AS ?inspected) }}
       }}
     }} GROUP BY ?provider }}
  BIND(IRI(CONCAT("{prefix}provider-breaches/", MD5(COALESCE(STR(?provider), "")))) AS ?c)
  OPTIONAL {{ GRAPH <{summary}> {{ ?c <{cqc}summaryBreaches> ?oldBreaches }} }}
  OPTIONAL {{ GRAPH <{summary}> {{ ?c <{cqc}summaryLocations> ?oldLocations }} }}
}}"""

# A count that fell to 0 goes, and so does a counter with no count left. Only counters with
# a count of 0 are looked at: the others keep a count, and reading every counter of the
# summary graph for each write made the upkeep grow with the number of counters.
CLEAR_ZEROS = """
DELETE {{ GRAPH <{summary}> {{ ?c ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?c WHERE {{ GRAPH <{summary}> {{ ?c ?m 0 }} }} }}
  FILTER NOT EXISTS {{ GRAPH <{summary}> {{ ?c ?measure ?n }}
    VALUES ?measure {{ <{cqc}summaryLocations> <{cqc}summaryBreaches> <{cqc}summaryActions>
                       <{cqc}summaryCareHomes> }}
    FILTER(?n != 0) }}
  GRAPH <{summary}> {{ ?c ?p ?o }}
}} ;
DELETE {{ GRAPH <{summary}> {{ ?c ?m 0 }} }} WHERE {{ GRAPH <{summary}> {{ ?c ?m 0 }} }}"""
