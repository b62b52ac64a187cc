"""Shared fixtures: test data found relative to this file, real on-disk stores in tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SEEDS = FIXTURES / "seeds"
CORPUS = FIXTURES / "corpus"
PROJECT = TESTS.parent


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def seed(prefix: str) -> Path:
    """The seed whose file name starts with ``prefix`` ("001")."""
    (path,) = [p for p in seed_files() if p.name.startswith(prefix)]
    return path


def run_cli(*args: str, env: dict[str, str] | None = None, input: bytes | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real ``cqcgraph`` command line in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CQCGRAPH_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cqcgraph", *args],
        capture_output=True,
        env=full_env,
        input=input,
        timeout=timeout,
        cwd=str(PROJECT),
    )


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Path:
    """An on-disk store holding the five seeds, built once through the real CLI."""
    store = tmp_path_factory.mktemp("seeded") / "store"
    result = run_cli("ingest", "--quiet", "--store", str(store), *map(str, seed_files()))
    assert result.returncode == 0, result.stderr.decode()
    return store


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ANN001
    """Stop any server process group a failed test left running (tests/servers.py tracks
    every one it starts), so that nothing outlives the run."""
    servers = sys.modules.get("servers")
    if servers is not None:
        servers.stop_all()
