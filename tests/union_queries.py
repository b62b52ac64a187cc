"""The union-based answers to the national questions: the queries the named queries and the
home page ran over the union of every document graph (with DISTINCT to undo the union's bag
semantics) before they read the current-state and summary graphs. The reference for
``tests/test_derived_summaries.py`` and ``bench/national_queries.py``. Each is keyed by the
named query or page query (``cqcgraph/web/page_queries/``) that now answers it.

Imports only the standard library.
"""

from __future__ import annotations

P = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

UNION = {
    "current-ratings": P + """
SELECT DISTINCT ?location ?name ?keyQuestion ?rating ?date ?source WHERE {
  ?location cqc:currentRating ?r ; schema:name ?name .
  ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?value .
  ?kq skos:prefLabel ?keyQuestion .
  ?value skos:prefLabel ?rating .
  OPTIONAL { ?r cqc:ratingDate ?ratingDate }
  OPTIONAL { ?inspection cqc:hasRating ?r .
             OPTIONAL { ?inspection cqc:publicationDate ?published }
             OPTIONAL { ?inspection cqc:endDate ?end }
             OPTIONAL { ?inspection cqc:startDate ?start } }
  BIND(COALESCE(?ratingDate, ?published, ?end, ?start) AS ?date)
  OPTIONAL { ?r prov:wasDerivedFrom ?source }
}""",
    "breaches-by-regulation": P + """
SELECT ?regulation ?label (COUNT(DISTINCT ?breach) AS ?breaches) (COUNT(DISTINCT ?location) AS ?locations)
WHERE {
  ?breach a cqc:Breach ; cqc:regulation ?regulation .
  OPTIONAL { ?inspection cqc:hasBreach ?breach ; cqc:inspectionOf ?location }
  OPTIONAL { ?regulation skos:prefLabel ?label }
}
GROUP BY ?regulation ?label""",
    "enforcement-over-time": P + """
SELECT ?year ?kind (COUNT(DISTINCT ?action) AS ?actions)
WHERE {
  ?action a cqc:Action ; cqc:actionKind ?k .
  FILTER(?k NOT IN (<https://cqcgraph.example/ontology/action-kinds/must>,
                    <https://cqcgraph.example/ontology/action-kinds/should>))
  ?k skos:prefLabel ?kind .
  OPTIONAL { ?action cqc:actionDate ?actionDate }
  OPTIONAL { ?inspection cqc:hasAction ?action . OPTIONAL { ?inspection cqc:startDate ?start }
             OPTIONAL { ?inspection cqc:publicationDate ?published } }
  OPTIONAL { ?document cqc:hasAction ?action ; <http://purl.org/dc/terms/issued> ?issued }
  BIND(COALESCE(?actionDate, ?start, ?published, ?issued) AS ?when)
  BIND(IF(BOUND(?when), SUBSTR(STR(?when), 1, 4), "unknown") AS ?year)
}
GROUP BY ?year ?kind""",
    "special-measures": P + """
SELECT ?subject ?name (MAX(?d) AS ?latest)
WHERE {
  ?inspection cqc:inspectionOf ?subject .
  { ?inspection cqc:specialMeasures true }
  UNION
  { ?inspection cqc:hasAction ?a . ?a cqc:actionKind <https://cqcgraph.example/ontology/action-kinds/special-measures> }
  ?subject schema:name ?name .
  OPTIONAL { ?inspection cqc:startDate ?start }
  OPTIONAL { ?inspection cqc:publicationDate ?published }
  BIND(STR(COALESCE(?start, ?published, "")) AS ?d)
}
GROUP BY ?subject ?name""",
    "national-ratings": P + """
SELECT ?keyQuestion ?rating (COUNT(DISTINCT ?location) AS ?locations) WHERE {
  ?location cqc:currentRating ?r .
  ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?value .
  ?kq skos:prefLabel ?keyQuestion .
  ?value skos:prefLabel ?rating .
}
GROUP BY ?keyQuestion ?rating""",
    "home-breaches-by-year": P + """
SELECT ?reg ?year (COUNT(DISTINCT ?b) AS ?breaches) WHERE {
  ?insp cqc:hasBreach ?b .
  ?b cqc:regulation ?reg .
  OPTIONAL { ?insp cqc:startDate ?sd }
  OPTIONAL { ?insp cqc:publicationDate ?pd }
  BIND(SUBSTR(STR(COALESCE(?sd, ?pd)), 1, 4) AS ?year)
  FILTER(BOUND(?year))
}
GROUP BY ?reg ?year""",
    # the page query before it read the derived graph took both maxima in one group, where an
    # unbound ?visit (the publication branch) made MAX an error: the latest visit went
    # missing for every location with a publication date. Each maximum on its own:
    "browse-visits": P + """
SELECT ?loc ?lastVisit ?lastPublished WHERE {
  { SELECT DISTINCT ?loc WHERE { ?insp cqc:inspectionOf ?loc . ?loc a cqc:Location } }
  OPTIONAL { SELECT ?loc (MAX(STR(?visit)) AS ?lastVisit) WHERE {
      ?insp cqc:inspectionOf ?loc .
      { ?insp cqc:startDate ?visit } UNION { ?insp cqc:endDate ?visit } } GROUP BY ?loc }
  OPTIONAL { SELECT ?loc (MAX(STR(?published)) AS ?lastPublished) WHERE {
      ?insp cqc:inspectionOf ?loc ; cqc:publicationDate ?published } GROUP BY ?loc }
  FILTER(BOUND(?lastVisit) || BOUND(?lastPublished))
}""",
    # computed its next rated inspection in a subquery inside OPTIONAL: evaluated for the
    # whole store once per breaching inspection
    "rating-changes-after-breaches": P + """
SELECT DISTINCT ?location ?name ?breachDate ?before ?nextDate ?after
WHERE {
  { SELECT DISTINCT ?location ?breachInspection ?breachDate WHERE {
      ?breachInspection cqc:inspectionOf ?location ; cqc:hasBreach ?b ; cqc:startDate ?breachDate .
  } }
  ?location schema:name ?name .
  OPTIONAL {
    ?breachInspection cqc:hasRating ?rb .
    ?rb cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> ; cqc:ratingValue ?vb .
    FILTER NOT EXISTS { ?rb cqc:service ?sb }
    ?vb skos:prefLabel ?before .
  }
  OPTIONAL {
    { SELECT ?location ?breachDate (MIN(STR(?d)) AS ?nextDate) WHERE {
        ?breachInspection2 cqc:inspectionOf ?location ; cqc:hasBreach ?b2 ; cqc:startDate ?breachDate .
        ?next cqc:inspectionOf ?location ; cqc:startDate ?d ; cqc:hasRating ?rn .
        ?rn cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> .
        FILTER(STR(?d) > STR(?breachDate))
      } GROUP BY ?location ?breachDate }
    ?nextInspection cqc:inspectionOf ?location ; cqc:startDate ?nd ; cqc:hasRating ?ra .
    FILTER(STR(?nd) = ?nextDate)
    ?ra cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> ; cqc:ratingValue ?va .
    FILTER NOT EXISTS { ?ra cqc:service ?sa }
    ?va skos:prefLabel ?after .
  }
}""",
}
