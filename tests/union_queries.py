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

# The named queries (and the browse page query) as they read the union before they read the
# derived graph's facts of each location: the same answers, there for the comparison.
BEFORE_DERIVED = {
    'current-ratings': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?location ?name ?keyQuestion ?rating ?date ?source
WHERE {
  # the derived graph's rows: the rating, its key question, value and the date it was
  # chosen by (cqcgraph/derived.py). The rest is joined to them (OPTIONAL, then required):
  # so the engine starts from the current ratings, not from every name in the store.
  ?location cqc:currentRating ?r .
  ?r cqc:summaryKeyQuestion ?kq ; cqc:summaryRating ?value .
  OPTIONAL { ?r cqc:summaryDate ?date }
  OPTIONAL { ?location schema:name ?name }
  OPTIONAL { ?kq skos:prefLabel ?keyQuestion }
  OPTIONAL { ?value skos:prefLabel ?rating }
  OPTIONAL { ?r prov:wasDerivedFrom ?source }
  FILTER(BOUND(?name) && BOUND(?keyQuestion) && BOUND(?rating))
}
ORDER BY ?name ?keyQuestion
""",
    'find-location': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?name ?location ?locationName ?postcode ?providerName ?cqcId
WHERE {
  # each step de-duplicated before the next is joined: a location stated by many documents
  # repeats each of its facts once per document in the union, and the repeats multiply
  { SELECT DISTINCT ?name ?location ?locationName ?postcode ?cqcId WHERE {
    { SELECT DISTINCT ?name ?location ?locationName ?postcode WHERE {
      { SELECT DISTINCT ?name ?location ?locationName WHERE {
          ?location a cqc:Location ; schema:name ?locationName .
          FILTER(CONTAINS(LCASE(STR(?locationName)), LCASE(STR(?name)))) } }
      OPTIONAL { ?location cqc:postcode ?postcode } } }
    OPTIONAL { ?location cqc:cqcId ?cqcId } } }
  OPTIONAL { ?location cqc:provider ?provider . ?provider schema:name ?providerName }
}
ORDER BY ?locationName
""",
    'document-facts': """PREFIX cqc: <https://cqcgraph.example/ontology#>
SELECT ?document ?fileName ?layout ?fellBack ?readAt (COUNT(*) AS ?triples)
WHERE {
  GRAPH ?document {
    ?document a cqc:SourceDocument ; cqc:fileName ?fileName ; cqc:layout ?layout ; cqc:readAt ?readAt .
    OPTIONAL { ?document cqc:fellBack ?fellBack }
    ?s ?p ?o .
  }
}
GROUP BY ?document ?fileName ?layout ?fellBack ?readAt
ORDER BY ?fileName
""",
    'locations-by-area': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?location ?name ?postcode ?localAuthority ?ward ?lsoa ?icb ?deprivationRank ?overallRating
WHERE {
  ?location a cqc:Location ; schema:name ?name ; cqc:postcodeUnit ?unit .
  ?unit cqc:postcodeLocalAuthority ?localAuthority .
  OPTIONAL { ?unit rdfs:label ?postcode }
  OPTIONAL { ?unit cqc:postcodeWard ?ward }
  OPTIONAL { ?unit cqc:postcodeLsoa ?lsoa }
  OPTIONAL { ?unit cqc:postcodeIcb ?icb }
  OPTIONAL { ?unit cqc:imdRank ?deprivationRank }
  OPTIONAL {
    ?location cqc:currentRating ?rating .
    ?rating cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> ;
      cqc:ratingValue ?value .
    ?value skos:prefLabel ?overallRating
  }
}
ORDER BY ?localAuthority ?name
""",
    'register-not-inspected': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?location ?name ?localAuthority ?dormant ?lastRated ?snapshotDate ?years
WHERE {
  { SELECT (MAX(?d) AS ?snapshotDate) WHERE {
      ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?d } }
  ?snapshot cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?snapshotDate .
  GRAPH ?snapshot {
    ?location a cqc:Location .
    OPTIONAL { ?location schema:name ?name }
    OPTIONAL { ?location cqc:localAuthority ?localAuthority }
    OPTIONAL { ?location cqc:dormant ?dormant }
  }
  OPTIONAL {
    SELECT ?location (MAX(STR(?when)) AS ?lastRated) WHERE {
      { ?r cqc:ratingOf ?location ; cqc:ratingDate ?when }
      UNION
      { ?inspection cqc:inspectionOf ?location ; cqc:publicationDate ?when }
    } GROUP BY ?location
  }
  BIND(CONCAT(STR(YEAR(?snapshotDate) - ?years), SUBSTR(STR(?snapshotDate), 5)) AS ?cutoff)
  FILTER(!BOUND(?lastRated) || ?lastRated < ?cutoff)
}
ORDER BY ?lastRated ?name
""",
    'register-deregistered': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?location ?name ?localAuthority ?provider ?providerName ?registered ?deregistered ?lastRated ?from ?to
WHERE {
  { SELECT ?location (MAX(?end) AS ?deregistered) (MAX(?d) AS ?snapshotDate) WHERE {
      ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-deactivated-locations" ; cqc:snapshotDate ?d .
      GRAPH ?s { ?location cqc:registrationEndDate ?end }
    } GROUP BY ?location }
  FILTER(?deregistered >= COALESCE(?from, "0001-01-01"^^xsd:date))
  FILTER(?deregistered <= COALESCE(?to, "9999-12-31"^^xsd:date))
  ?snapshot cqc:registerKind "hsca-deactivated-locations" ; cqc:snapshotDate ?snapshotDate .
  GRAPH ?snapshot {
    ?location a cqc:Location .
    OPTIONAL { ?location schema:name ?name }
    OPTIONAL { ?location cqc:localAuthority ?localAuthority }
    OPTIONAL { ?location cqc:registrationDate ?registered }
    OPTIONAL { ?location cqc:provider ?provider . OPTIONAL { ?provider schema:name ?providerName } }
  }
  OPTIONAL {
    SELECT ?location (MAX(STR(?when)) AS ?lastRated) WHERE {
      { ?r cqc:ratingOf ?location ; cqc:ratingDate ?when }
      UNION
      { ?inspection cqc:inspectionOf ?location ; cqc:publicationDate ?when }
    } GROUP BY ?location
  }
}
ORDER BY DESC(?deregistered) ?name
LIMIT 10000
""",
    'register-rating-distribution': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kq: <https://cqcgraph.example/ontology/key-questions/>
SELECT ?localAuthority ?sector ?rating (COUNT(DISTINCT ?location) AS ?locations)
WHERE {
  { SELECT (MAX(?d) AS ?latest) WHERE {
      ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?d } }
  ?snapshot cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?latest .
  GRAPH ?snapshot {
    ?location a cqc:Location ; cqc:localAuthority ?localAuthority .
    OPTIONAL { ?location cqc:sector ?stated }
  }
  BIND(COALESCE(?stated, "") AS ?sector)
  ?location cqc:currentRating ?r .
  ?r cqc:keyQuestion kq:overall ; cqc:ratingValue ?value .
  ?value skos:prefLabel ?rating .
}
GROUP BY ?localAuthority ?sector ?rating
ORDER BY ?localAuthority ?sector ?rating
""",
    'register-care-home-beds': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX kq: <https://cqcgraph.example/ontology/key-questions/>
SELECT ?localAuthority ?rating (COUNT(?location) AS ?careHomes) (SUM(?beds) AS ?totalBeds)
WHERE {
  {
    SELECT DISTINCT ?location ?localAuthority ?rating ?beds WHERE {
      { SELECT (MAX(?d) AS ?latest) WHERE {
          ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?d } }
      ?snapshot cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?latest .
      GRAPH ?snapshot {
        ?location cqc:careHome true ; cqc:numberOfBeds ?beds .
        OPTIONAL { ?location cqc:localAuthority ?la }
      }
      BIND(COALESCE(?la, "") AS ?localAuthority)
      OPTIONAL {
        ?location cqc:currentRating ?r .
        ?r cqc:keyQuestion kq:overall ; cqc:ratingValue ?value .
        ?value skos:prefLabel ?label .
      }
      BIND(COALESCE(?label, "Not yet rated") AS ?rating)
    }
  }
}
GROUP BY ?localAuthority ?rating
ORDER BY ?localAuthority ?rating
""",
    'browse-ratings': """PREFIX cqc: <https://cqcgraph.example/ontology#>
SELECT DISTINCT ?derived ?loc ?kq ?value ?date WHERE {
  GRAPH ?derived { ?loc cqc:currentRating ?r }
  GRAPH ?g { ?r cqc:keyQuestion ?kq ; cqc:ratingValue ?value . OPTIONAL { ?r cqc:ratingDate ?date } }
}
LIMIT 1000000
""",
    'providers-most-breaches': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?provider ?name (COUNT(DISTINCT ?breach) AS ?breaches) (COUNT(DISTINCT ?location) AS ?locations)
WHERE {
  ?inspection cqc:hasBreach ?breach ; cqc:inspectionOf ?location .
  { ?location cqc:provider ?provider } UNION { ?location a cqc:Provider . BIND(?location AS ?provider) }
  ?provider schema:name ?name .
}
GROUP BY ?provider ?name
ORDER BY DESC(?breaches) ?name
""",
    'breaches-with-legislation': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?location ?name ?date ?regulation ?label ?legislationTitle
WHERE {
  ?subject cqc:hasBreach ?breach .
  ?breach cqc:regulation ?regulation .
  OPTIONAL { ?subject cqc:inspectionOf ?location . OPTIONAL { ?location schema:name ?name } }
  OPTIONAL { ?subject cqc:startDate ?date }
  OPTIONAL { ?regulation skos:prefLabel ?label }
  OPTIONAL {
    GRAPH ?linkset { ?linkset cqc:linksetKind "legislation" . ?regulation dcterms:title ?legislationTitle }
  }
}
ORDER BY ?name ?date ?regulation
""",
    'rating-changes-after-breaches': """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?location ?name ?breachDate ?before ?nextDate ?after
WHERE {
  # each breaching inspection with the first later day a rated inspection of its location
  # began: found for the bound location (not computed for the whole store once per row)
  { SELECT ?location ?breachInspection ?breachDate (MIN(STR(?d)) AS ?nextDate) WHERE {
      { SELECT DISTINCT ?location ?breachInspection ?breachDate WHERE {
          ?breachInspection cqc:inspectionOf ?location ; cqc:hasBreach ?b ; cqc:startDate ?breachDate .
      } }
      OPTIONAL {
        ?next cqc:inspectionOf ?location ; cqc:startDate ?d ; cqc:hasRating ?rn .
        ?rn cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> .
        FILTER(STR(?d) > STR(?breachDate))
      }
  } GROUP BY ?location ?breachInspection ?breachDate }
  ?location schema:name ?name .
  OPTIONAL {
    ?breachInspection cqc:hasRating ?rb .
    ?rb cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> ; cqc:ratingValue ?vb .
    FILTER NOT EXISTS { ?rb cqc:service ?sb }
    ?vb skos:prefLabel ?before .
  }
  OPTIONAL {
    ?nextInspection cqc:inspectionOf ?location ; cqc:startDate ?nd ; cqc:hasRating ?ra .
    FILTER(STR(?nd) = ?nextDate)
    ?ra cqc:keyQuestion <https://cqcgraph.example/ontology/key-questions/overall> ; cqc:ratingValue ?va .
    FILTER NOT EXISTS { ?ra cqc:service ?sa }
    ?va skos:prefLabel ?after .
  }
}
ORDER BY ?name ?breachDate
""",
}

# The named queries as they were before they were rewritten for national lists and the
# register's latest snapshot (each gives the same answer; the comparison keeps them equal).
BEFORE_NATIONAL: dict[str, str] = {}
BEFORE_NATIONAL["special-measures"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?subject ?name ?latest
WHERE {
  ?subject cqc:latestSpecialMeasures ?latest .
  OPTIONAL { ?subject schema:name ?name }  # joined to the few rows, then required
  FILTER(BOUND(?name))
}
ORDER BY ?name
"""

BEFORE_NATIONAL["document-facts"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
SELECT ?document ?fileName ?layout ?fellBack ?readAt ?triples
WHERE {
  ?document cqc:summaryTriples ?triples .
  GRAPH ?document {
    ?document a cqc:SourceDocument ; cqc:fileName ?fileName ; cqc:layout ?layout ; cqc:readAt ?readAt .
    OPTIONAL { ?document cqc:fellBack ?fellBack }
  }
}
ORDER BY ?fileName
"""

BEFORE_NATIONAL["register-rating-distribution"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?localAuthority ?sector ?rating (COUNT(DISTINCT ?location) AS ?locations)
WHERE {
  { SELECT (MAX(?d) AS ?latest) WHERE {
      ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?d } }
  ?snapshot cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?latest .
  GRAPH ?snapshot {
    ?location a cqc:Location ; cqc:localAuthority ?localAuthority .
    OPTIONAL { ?location cqc:sector ?stated }
  }
  BIND(COALESCE(?stated, "") AS ?sector)
  ?location cqc:summaryOverall ?value .  # the current overall rating (the derived graph)
  ?value skos:prefLabel ?rating .
}
GROUP BY ?localAuthority ?sector ?rating
ORDER BY ?localAuthority ?sector ?rating
"""
BEFORE_NATIONAL["register-care-home-beds"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?localAuthority ?rating (COUNT(?location) AS ?careHomes) (SUM(?beds) AS ?totalBeds)
WHERE {
  {
    SELECT DISTINCT ?location ?localAuthority ?rating ?beds WHERE {
      { SELECT (MAX(?d) AS ?latest) WHERE {
          ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?d } }
      ?snapshot cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?latest .
      GRAPH ?snapshot {
        ?location cqc:careHome true ; cqc:numberOfBeds ?beds .
        OPTIONAL { ?location cqc:localAuthority ?la }
      }
      BIND(COALESCE(?la, "") AS ?localAuthority)
      OPTIONAL {  # the current overall rating (the derived graph)
        ?location cqc:summaryOverall ?value .
        ?value skos:prefLabel ?label .
      }
      BIND(COALESCE(?label, "Not yet rated") AS ?rating)
    }
  }
}
GROUP BY ?localAuthority ?rating
ORDER BY ?localAuthority ?rating
"""
BEFORE_NATIONAL["register-not-inspected"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?location ?name ?localAuthority ?dormant ?lastRated ?snapshotDate ?years
WHERE {
  { SELECT (MAX(?d) AS ?snapshotDate) WHERE {
      ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?d } }
  ?snapshot cqc:registerKind "hsca-active-locations" ; cqc:snapshotDate ?snapshotDate .
  GRAPH ?snapshot {
    ?location a cqc:Location .
    OPTIONAL { ?location schema:name ?name }
    OPTIONAL { ?location cqc:localAuthority ?localAuthority }
    OPTIONAL { ?location cqc:dormant ?dormant }
  }
  # the latest publication of a rating of the location (register files or documents), kept
  # by ingest and register loads in the derived graph
  OPTIONAL { ?location cqc:lastRated ?lastRated }
  BIND(CONCAT(STR(YEAR(?snapshotDate) - ?years), SUBSTR(STR(?snapshotDate), 5)) AS ?cutoff)
  FILTER(!BOUND(?lastRated) || ?lastRated < ?cutoff)
}
ORDER BY ?lastRated ?name
"""
BEFORE_NATIONAL["providers-most-breaches"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
SELECT ?provider ?name (COUNT(DISTINCT ?breach) AS ?breaches) (COUNT(DISTINCT ?location) AS ?locations)
WHERE {
  # the derived graph: each breach with the location (or provider) whose inspection found it,
  # each location's provider and each provider's names, once however many documents state them
  ?breach cqc:summaryInspected ?location .
  { ?location cqc:summaryProvider ?provider }
  UNION
  { ?location cqc:summaryType ?class . FILTER(?class = cqc:Provider) BIND(?location AS ?provider) }
  ?provider cqc:summaryName ?name .
}
GROUP BY ?provider ?name
ORDER BY DESC(?breaches) ?name
"""
BEFORE_NATIONAL["register-deregistered"] = """PREFIX cqc: <https://cqcgraph.example/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?location ?name ?localAuthority ?provider ?providerName ?registered ?deregistered ?lastRated ?from ?to
WHERE {
  { SELECT ?location (MAX(?end) AS ?deregistered) (MAX(?d) AS ?snapshotDate) WHERE {
      ?s a cqc:RegisterSnapshot ; cqc:registerKind "hsca-deactivated-locations" ; cqc:snapshotDate ?d .
      GRAPH ?s { ?location cqc:registrationEndDate ?end }
    } GROUP BY ?location }
  FILTER(?deregistered >= COALESCE(?from, "0001-01-01"^^xsd:date))
  FILTER(?deregistered <= COALESCE(?to, "9999-12-31"^^xsd:date))
  ?snapshot cqc:registerKind "hsca-deactivated-locations" ; cqc:snapshotDate ?snapshotDate .
  GRAPH ?snapshot {
    ?location a cqc:Location .
    OPTIONAL { ?location schema:name ?name }
    OPTIONAL { ?location cqc:localAuthority ?localAuthority }
    OPTIONAL { ?location cqc:registrationDate ?registered }
    OPTIONAL { ?location cqc:provider ?provider . OPTIONAL { ?provider schema:name ?providerName } }
  }
  # the latest publication of a rating of the location (register files or documents), kept
  # by ingest and register loads in the derived graph
  OPTIONAL { ?location cqc:lastRated ?lastRated }
}
ORDER BY DESC(?deregistered) ?name
LIMIT 10000
"""

#: Parameters the comparison binds (the same to both forms).
PARAMS = {"find-location": {"name": "e"}, "register-not-inspected": {"years": "3"}}
