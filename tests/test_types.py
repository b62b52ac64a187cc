"""The static checks hold on the whole package: mypy reports no error in ``cqcgraph/``, and
ruff's bugbear and complexity checks (no function above complexity 25; the settings are in
pyproject.toml) report nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _source_tree() -> None:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("no source tree to check (an installed copy)")


def test_mypy_is_clean_on_the_package(tmp_path):
    pytest.importorskip("mypy", reason="mypy is in the test extras: pip install -e '.[test]'")
    _source_tree()
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "cqcgraph"],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_bugbear_and_complexity_are_clean_on_the_package(tmp_path):
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).is_file():
        pytest.skip("ruff is in the test extras: pip install -e '.[test]'")
    _source_tree()
    done = subprocess.run([ruff, "check", "--no-cache", "cqcgraph"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
