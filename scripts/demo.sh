#!/usr/bin/env bash
# Set up cqcgraph, ingest the bundled demo corpus into the embedded on-disk store, and serve
# the SPARQL endpoint, linked-data pages and query UI on http://127.0.0.1:8000/ .
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .

.venv/bin/cqcgraph ingest demo/ || echo "(some demo documents were reported above)"
.venv/bin/cqcgraph stats
exec .venv/bin/cqcgraph serve "$@"
