"""Backup and restore as a user runs them: the real command line, real stores on disk, and a
real server holding the store while the backup is made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conftest import PROJECT, run_cli, seed, seed_files
from servers import die_with_parent, free_port, stop_server, track


def cli_json(*args: str) -> dict:
    out = run_cli(*args, "--json")
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)


def quads(store: Path) -> list[str]:
    out = run_cli("export", "--store", str(store), "--format", "nquads")
    assert out.returncode == 0, out.stderr.decode()
    return sorted(out.stdout.decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("backup") / "store"
    assert run_cli("ingest", "--quiet", "--store", str(store),
                   *map(str, seed_files())).returncode == 0
    return store


def test_backup_then_restore_elsewhere_gives_the_same_quads(seeded, tmp_path):
    info = cli_json("backup", "--store", str(seeded), str(tmp_path / "bk"))
    assert info["source"] == "store" and info["documents"] == 5
    restored = cli_json("restore", "--store", str(tmp_path / "copy"), str(tmp_path / "bk"))
    assert restored["quads"] == info["quads"]
    assert cli_json("stats", "--store", str(tmp_path / "copy")) == \
        cli_json("stats", "--store", str(seeded))
    assert quads(tmp_path / "copy") == quads(seeded)


def test_restore_refuses_a_store_that_holds_documents_without_force(seeded, tmp_path):
    assert run_cli("backup", "--store", str(seeded), str(tmp_path / "bk")).returncode == 0
    other = tmp_path / "other"
    assert run_cli("ingest", "--quiet", "--store", str(other), str(seed("003"))).returncode == 0
    out = run_cli("restore", "--store", str(other), str(tmp_path / "bk"))
    assert out.returncode == 2
    assert "--force" in out.stderr.decode()
    assert cli_json("stats", "--store", str(other))["documents"] == 1  # untouched
    assert run_cli("restore", "--force", "--store", str(other),
                   str(tmp_path / "bk")).returncode == 0
    assert quads(other) == quads(seeded)


def test_backup_refuses_a_folder_that_is_not_empty_and_restore_a_folder_that_is_no_backup(
        seeded, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")
    out = run_cli("backup", "--store", str(seeded), str(tmp_path / "full"))
    assert out.returncode == 2 and "not an empty folder" in out.stderr.decode()
    assert (tmp_path / "full" / "keep.txt").read_text(encoding="utf-8") == "mine"
    out = run_cli("restore", "--store", str(tmp_path / "s"), str(tmp_path / "full"))
    assert out.returncode == 2 and "not a cqcgraph backup" in out.stderr.decode()


def test_backup_while_serve_holds_the_store_sees_the_last_write(seeded, tmp_path):
    token = tmp_path / "token"
    token.write_text("s3cret", encoding="utf-8")
    store = tmp_path / "served"
    assert run_cli("restore", "--store", str(store), str(_backup(seeded, tmp_path))).returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cqcgraph", "serve", "--store", str(store), "--port", str(port),
         "--workers", "1", "--write-token-file", str(token)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=die_with_parent(), cwd=str(PROJECT), env={k: v for k, v in os.environ.items() if not k.startswith("CQCGRAPH_")},
    )
    track(proc)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(proc, url, deadline=time.monotonic() + 180)
        first = cli_json("backup", "--store", str(store), str(tmp_path / "while-1"))
        assert first["source"] == "server checkpoint" and first["documents"] == 5
        extra = (Path(__file__).parent / "fixtures" / "corpus" / "006.txt").read_bytes()
        answer = requests.post(f"{url}/documents?name=corpus-006.txt", data=extra,
                               headers={"Authorization": "Bearer s3cret",
                                        "Content-Type": "text/plain"}, timeout=120)
        assert answer.status_code == 201, answer.text
        second = cli_json("backup", "--store", str(store), str(tmp_path / "while-2"))
        assert second["documents"] == 6
        out = run_cli("restore", "--force", "--store", str(store), str(tmp_path / "while-1"))
        assert out.returncode == 2 and "store in use" in out.stderr.decode()  # never under a server
    finally:
        stop_server(proc)
    assert run_cli("restore", "--store", str(tmp_path / "r2"),
                   str(tmp_path / "while-2")).returncode == 0
    assert quads(tmp_path / "r2") == quads(store)


def _wait_for_health(proc: subprocess.Popen, url: str, *, deadline: float) -> None:
    """Poll /health until it answers 200 (a slow answer on a busy machine is retried)."""
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited at start"
        try:
            if requests.get(url + "/health", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not answer /health in time")


def _backup(store: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "base-backup"
    assert run_cli("backup", "--store", str(store), str(folder)).returncode == 0
    return folder
