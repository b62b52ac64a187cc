"""mypy reports no error in the modules it is clean on: the query engine (cqcgraph.sparql),
the store and its plain terms, the format table, the core API and its read side, backups, the register
loader, result formatting and the command line. A module made clean joins the list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ["cqcgraph/sparql", "cqcgraph/store.py", "cqcgraph/terms.py", "cqcgraph/media_types.py",
         "cqcgraph/api.py", "cqcgraph/backup.py", "cqcgraph/register_load.py",
         "cqcgraph/formats.py", "cqcgraph/cli.py", "cqcgraph/readonly.py"]


def test_mypy_is_clean_on_the_core(tmp_path):
    pytest.importorskip("mypy", reason="mypy is in the test extras: pip install -e '.[test]'")
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("no source tree to check (an installed copy)")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), *CLEAN],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
