"""The query engine, shared by the command line and the web app: the SPARQL protocol rules
without I/O (:mod:`.protocol`), query text analysis (:mod:`.text`), the SERVICE guard and its
analysers (:mod:`.service_guard`, :mod:`.service_analysis`), the query workers over snapshots
of the store (:mod:`.workers`, :mod:`.query_worker`) and the dataset of updates
(:mod:`.update_text`). Imports the core (store, settings) and the standard library; no web
framework and no command-line library."""
