"""A test run stopped from outside leaves no server of its own behind. On SIGTERM (``kill``,
``timeout``) tests/servers.py kills every process group it started before the run ends; on
SIGKILL, where nothing of the run can act, each server was started asking Linux to send it
SIGTERM when its parent dies. A real pytest run in a child process, a real ``cqcgraph serve``
it starts, a real signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from servers import PROJECT, TESTS

INNER = '''
import time

import servers


def test_serves_until_stopped(tmp_path):
    with servers.serving(tmp_path / "store"):
        print("SERVER", servers._STARTED[-1].pid, flush=True)
        time.sleep(600)
'''


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_run_leaves_no_server_it_started(tmp_path, signum):
    inner = tmp_path / "test_inner.py"
    inner.write_text(textwrap.dedent(INNER), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(inner)],
        cwd=str(PROJECT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    pgid = None
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and pgid is None:
            line = run.stdout.readline().decode()
            if not line and run.poll() is not None:
                break
            if line.startswith("SERVER "):
                pgid = int(line.split()[1])
        assert pgid is not None, "the inner run never started its server"
        assert _alive(pgid)
        run.send_signal(signum)
        assert run.wait(timeout=60) == -signum  # it ends as the signal ends it
        deadline = time.monotonic() + 60
        while _alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pgid), "the server outlived the run that started it"
    finally:
        for group in (run.pid, pgid):
            if group is not None and _alive(group):
                os.killpg(group, signal.SIGKILL)
        run.wait(timeout=30)
