"""Makes background work fail as a full disk would, through the one bridge both apps use."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from banshi.ui.bridge import Bridge


class InjectedFault(OSError):
    def __init__(self) -> None:
        super().__init__(errno.ENOSPC, "No space left on device (injected by the test)")


@contextmanager
def background_work_fails(bridge: Bridge) -> Iterator[list[str]]:
    """Every job handed to ``bridge`` meanwhile raises ``InjectedFault`` instead of running; the names of
    the jobs are listed, so a test can show that the operation it means really went through the bridge."""
    attempted: list[str] = []
    run = bridge.run

    def failing(work: Callable[[], Any], on_success: Callable[[Any], None],
                on_failure: Callable[[BaseException], None] | None = None, *, writer: bool = False) -> Any:
        attempted.append(getattr(work, "__qualname__", repr(work)))

        def broken() -> Any:
            raise InjectedFault()

        return run(broken, on_success, on_failure, writer=writer)

    bridge.run = failing  # type: ignore[method-assign]
    try:
        yield attempted
    finally:
        del bridge.run
