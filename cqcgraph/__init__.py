"""cqcgraph: CQC publications as a validated, queryable knowledge graph."""

__version__ = "0.1.0"
