"""Worker processes forked from this one: what is imported here is there at once, so a
worker starts in milliseconds instead of an interpreter's second or more of imports.

Forking is safe only where no other thread runs (a fork copies only the calling thread; a
lock another thread held stays held in the child) and where nothing native that keeps its
own threads (an open Oxigraph store) is in use: :func:`can_fork` says the first, the caller
knows the second. A server, with its threads, starts its workers as processes of their own.

Imports the standard library only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from typing import Callable


def can_fork() -> bool:
    """Whether a worker may be a fork of this process: the platform forks and no other
    thread runs, neither a Python thread nor, where the system lists them (Linux), a native
    one (an open Oxigraph store keeps some)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return True  # no such listing: the Python threads are all that can be known


class ForkedChild:
    """What the workers use of :class:`subprocess.Popen`, for a forked child: ``stdin`` (to
    the child) and ``stdout`` (from it) are unbuffered pipes."""

    def __init__(self, pid: int, stdin_fd: int, stdout_fd: int) -> None:
        self.pid = pid
        self.stdin = os.fdopen(stdin_fd, "wb", buffering=0)
        self.stdout = os.fdopen(stdout_fd, "rb", buffering=0)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def wait(self, timeout: float | None = None) -> int:
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.002)
        assert self.returncode is not None
        return self.returncode


def fork_worker(serve: Callable[[int, int], None]) -> ForkedChild:
    """Fork a child that runs ``serve(read_fd, write_fd)`` (its requests come on the first,
    its answers go on the second) and then exits, without running this process's exit
    handlers or flushing its buffers. In the child, every other file descriptor is closed
    (a copy of another worker's pipe would keep the parent from seeing that pipe close),
    and what it prints goes to stderr."""
    child_reads, to_child = os.pipe()
    parent_reads, to_parent = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            _close_fds_except({0, 2, child_reads, to_parent})
            os.dup2(2, 1)  # the command's own output is not the child's to write
            sys.stdout = sys.stderr
            serve(child_reads, to_parent)
            code = 0
        finally:
            os._exit(code)
    os.close(child_reads)
    os.close(to_parent)
    return ForkedChild(pid, to_child, parent_reads)


def _close_fds_except(keep: set[int]) -> None:
    top = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 4096
    low = 0
    for fd in sorted(keep) + [top]:
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
