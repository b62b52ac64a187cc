"""The derived graph: facts no single document states, recomputed in the same transaction as
each ingest, so they are never out of step with the documents.

Today that is each location's current rating per key question: the latest one published
across all sources, each rating keeping its own source. The update is SPARQL text so it runs
inside the ingest's one update request (later operations see earlier ones). Imports only the
standard library.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from cqcgraph import namespaces

CQC = namespaces.CQC


def derived_graph_iri(base: str) -> str:
    """The derived graph's name under the data base IRI.

    >>> derived_graph_iri("https://cqcgraph.example/id/")
    'https://cqcgraph.example/id/graph/derived'
    """
    return f"{base}graph/derived"


def refresh_update(base: str, locations: Iterable[str], renames: Mapping[str, str]) -> str:
    """Update operations that recompute the derived facts of ``locations`` and drop those of
    renamed (no longer canonical) IRIs."""
    targets = sorted(set(locations) | set(renames.values()))
    gone = sorted(set(renames))
    if not targets and not gone:
        return ""
    g = derived_graph_iri(base)
    ops = []
    everything = " ".join(f"<{iri}>" for iri in sorted(set(targets) | set(gone)))
    ops.append(
        f"DELETE {{ GRAPH <{g}> {{ ?loc ?p ?o }} }} WHERE {{ VALUES ?loc {{ {everything} }}"
        f" GRAPH <{g}> {{ ?loc ?p ?o }} }}"
    )
    if targets:
        values = " ".join(f"<{iri}>" for iri in targets)
        ops.append(CURRENT_RATINGS.format(graph=g, values=values, cqc=CQC))
    return " ;\n".join(ops)


# The latest rating per location and key question. A rating's date is its own (single
# assessment framework) or its inspection's publication date, else the inspection's last visit
# date, else its first; a register rating (``cqc:ratingOf``, from CQC's monthly files) is dated
# by its publication date. Dates compare as ISO text, so 2024-10-10 > 2019-07-17: whatever
# order the sources were loaded in, the latest publication is current.
CURRENT_RATINGS = """
INSERT {{ GRAPH <{graph}> {{ ?loc <{cqc}currentRating> ?rating . }} }}
WHERE {{
  VALUES ?loc {{ {values} }}
  {{
    SELECT ?loc ?kq (MAX(?when) AS ?latest) WHERE {{
      VALUES ?loc {{ {values} }}
      GRAPH ?g {{
        {{
          ?insp <{cqc}inspectionOf> ?loc ; <{cqc}hasRating> ?r .
          ?r <{cqc}keyQuestion> ?kq .
          FILTER NOT EXISTS {{ ?r <{cqc}service> ?anyService }}
          OPTIONAL {{ ?r <{cqc}ratingDate> ?rd }}
          OPTIONAL {{ ?insp <{cqc}publicationDate> ?pd }}
          OPTIONAL {{ ?insp <{cqc}endDate> ?ed }}
          OPTIONAL {{ ?insp <{cqc}startDate> ?sd }}
          BIND(STR(COALESCE(?rd, ?pd, ?ed, ?sd)) AS ?when)
        }} UNION {{
          ?r <{cqc}ratingOf> ?loc ; <{cqc}keyQuestion> ?kq ; <{cqc}ratingDate> ?rrd .
          FILTER NOT EXISTS {{ ?r <{cqc}service> ?anyService }}
          FILTER NOT EXISTS {{ ?r <{cqc}populationGroup> ?anyGroup }}
          BIND(STR(?rrd) AS ?when)
        }}
        FILTER(BOUND(?when))
      }}
    }} GROUP BY ?loc ?kq
  }}
  GRAPH ?h {{
    {{
      ?insp2 <{cqc}inspectionOf> ?loc ; <{cqc}hasRating> ?rating .
      ?rating <{cqc}keyQuestion> ?kq .
      FILTER NOT EXISTS {{ ?rating <{cqc}service> ?anyService2 }}
      OPTIONAL {{ ?rating <{cqc}ratingDate> ?rd2 }}
      OPTIONAL {{ ?insp2 <{cqc}publicationDate> ?pd2 }}
      OPTIONAL {{ ?insp2 <{cqc}endDate> ?ed2 }}
      OPTIONAL {{ ?insp2 <{cqc}startDate> ?sd2 }}
      BIND(STR(COALESCE(?rd2, ?pd2, ?ed2, ?sd2)) AS ?when2)
    }} UNION {{
      ?rating <{cqc}ratingOf> ?loc ; <{cqc}keyQuestion> ?kq ; <{cqc}ratingDate> ?rrd2 .
      FILTER NOT EXISTS {{ ?rating <{cqc}service> ?anyService2 }}
      FILTER NOT EXISTS {{ ?rating <{cqc}populationGroup> ?anyGroup2 }}
      BIND(STR(?rrd2) AS ?when2)
    }}
  }}
  FILTER(?when2 = ?latest)
}}"""
