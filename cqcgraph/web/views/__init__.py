"""The web app's blueprints, one per kind of route: :mod:`.sparql` (the SPARQL 1.1 Protocol),
:mod:`.graph_store` (the Graph Store Protocol, document uploads and dumps),
:mod:`.linked_data` (``/id``, ``/doc``, the ontology, the shapes, VoID), :mod:`.pages` (named
queries, search, feeds) and :mod:`.ui` (the query page, health). Each view turns a request into
a call on the backend and the answer into bytes."""
