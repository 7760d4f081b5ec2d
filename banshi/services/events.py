"""A tiny synchronous event: the way core objects tell views that something changed.

Core packages stay Qt-free; the one bridge in ``banshi.ui`` turns these callbacks into
Qt signals. Callbacks run on the emitting thread, in connection order, and an exception
in a callback propagates to the emitter (failing loudly beats a silently stale screen).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Event(Generic[P]):
    def __init__(self) -> None:
        self._callbacks: list[Callable[P, object]] = []

    def connect(self, callback: Callable[P, object]) -> Callable[[], None]:
        """Call ``callback`` on every ``emit``; returns a function that disconnects it."""
        self._callbacks.append(callback)
        return lambda: self.disconnect(callback)

    def disconnect(self, callback: Callable[P, object]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for callback in list(self._callbacks):
            callback(*args, **kwargs)

    def __len__(self) -> int:
        return len(self._callbacks)
