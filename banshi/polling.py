"""The one way to wait for something that happens elsewhere (another thread, another process, a file
appearing): poll it against a deadline.

Qt's events are processed between polls (when an application exists, without ever loading Qt), so
results queued through the bridge land while waiting. Outside every layer so tests, drivers, tools and
the core's own harnesses share it; the apps' GUI threads never block on it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


class WaitTimedOut(AssertionError):
    """The condition did not hold before the deadline (an AssertionError, so a test fails, not errors)."""


def wait_until(condition: Callable[[], object], timeout_s: float = 10.0, what: str = "",
               step_s: float = 0.01) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise WaitTimedOut(f"Timed out after {timeout_s:g} s waiting for {what or 'a condition'}.")
        _process_events()
        time.sleep(step_s)


def _process_events() -> None:
    qt = sys.modules.get("PySide6.QtCore")  # never loads Qt: without it there is no application to serve
    if qt is not None and qt.QCoreApplication.instance() is not None:
        qt.QCoreApplication.processEvents()
