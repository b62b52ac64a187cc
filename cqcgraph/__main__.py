"""``python -m cqcgraph`` runs the command line."""

from cqcgraph.cli import main

main()
