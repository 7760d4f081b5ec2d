"""Several hub processes on one listening socket: the hub is stateless, so the kernel may hand a
connection to any of them (each has its own writer and database pool; PostgreSQL or SQLite settle
the races). One Python process spends its single core on HTTP, signatures and unsealing; a
second process uses the second core.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
_PR_SET_NAME = 15


def fork_workers(count: int, serve: Callable[[], int]) -> list[int]:
    """Fork ``count`` children that each run ``serve()`` and exit; the parent gets their pids.

    Call before any thread or database connection exists: a fork copies neither safely.
    """
    children = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            die_with_parent()
            code = 1
            try:
                code = serve()
            finally:
                sys.stdout.flush()
                os._exit(code)
        children.append(pid)
    return children


def stop_workers(children: list[int]) -> None:
    """Ask each child to finish its requests (SIGTERM, as uvicorn expects) and reap it."""
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            continue


def die_with_parent() -> None:
    """Get SIGTERM when the parent dies: a SIGKILLed or crashed parent must not leave a hub holding its port."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def name_thread(name: str) -> None:
    """The calling thread's OS-level name, so top -H and profilers tell the writer from the event loop."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)


_M_MMAP_THRESHOLD = -3
_BODY_CHUNK_BYTES = 64 * 1024


def give_large_buffers_back() -> None:
    """Have glibc map every buffer of a body chunk's size or more on its own, and unmap it when freed.

    A refused 8 MiB body arrives as 64 KiB chunks; on the default heap their memory stayed with the
    process after the refusal (+10 % RSS per attack). A fixed threshold also stops glibc from raising
    it after the first large free, which would put later bodies back on the heap.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _BODY_CHUNK_BYTES)
