"""A generator of CQC-shaped documents for benchmarks and the extraction quality gate: a
made-up world of providers, locations and inspection histories (``model``), written in every
layout cqcgraph reads (``layouts``, ``write``) with the facts each document states."""
