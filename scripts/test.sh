#!/usr/bin/env bash
# Set up everything the test suite needs, then run it.
#   - a virtual environment in .venv with cqcgraph and its test extras;
#   - Debian's chromium (browser tests) when we are root and it is missing;
#   - Comunica (a second SPARQL engine) into .tools/ from the npm registry when npm exists;
#   - axe-core (accessibility checks run in chromium) into .tools/ the same way.
# Tests whose tool could not be installed skip with a visible reason, except under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium (browser tests)…"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || echo "chromium could not be installed: browser tests will skip"
fi

if command -v npm >/dev/null 2>&1 && [ ! -x .tools/node_modules/.bin/comunica-sparql ]; then
  echo "installing Comunica (second SPARQL engine)…"
  mkdir -p .tools
  (cd .tools && npm install --silent --no-audit --no-fund --prefix . @comunica/query-sparql@4 >/dev/null 2>&1) || echo "Comunica could not be installed: its tests will skip"
fi

if command -v npm >/dev/null 2>&1 && [ ! -f .tools/node_modules/axe-core/axe.min.js ]; then
  echo "installing axe-core (accessibility checks in the browser tests)…"
  mkdir -p .tools
  (cd .tools && npm install --silent --no-audit --no-fund --prefix . axe-core@4 >/dev/null 2>&1) || echo "axe-core could not be installed: its tests will skip"
fi

exec .venv/bin/python -m pytest "$@"
