"""The web shell: the SPARQL 1.1 Protocol endpoint, the Graph Store Protocol, linked-data pages,
the browse pages and the query UI. ``create_app`` (in :mod:`cqcgraph.web.app`) is the factory;
``serve.run`` starts it under gunicorn. Importing this package does nothing else. The query
engine the views call is :mod:`cqcgraph.sparql`."""
