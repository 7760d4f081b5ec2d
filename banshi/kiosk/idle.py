"""Idle watching: a visible warning with a one-tap "more time" before any reset (WCAG 2.2.1).

Time is read from ``clock`` (monotonic seconds) by a short poll rather than kept by one-shot timers, so
tests move a fake clock instead of waiting in real time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

POLL_MS = 200
_ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
    QEvent.Type.Wheel, QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits ``warn`` after ``warn_after_s`` without input, ``tick`` each second, then ``expired``."""

    warn = Signal()
    tick = Signal(int)
    expired = Signal()

    def __init__(self, warn_after_s: float, extend_window_s: float, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock  # tests put a clock they move by hand here, before a session arms the watcher
        self._warn_after_s = warn_after_s
        self._extend_window_s = int(extend_window_s)
        self._last_input = 0.0
        self._warned_at: float | None = None
        self._shown: int | None = None
        self.extensions = 0
        self.armed = False
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.check)

    @property
    def warning(self) -> bool:
        return self._warned_at is not None

    def arm(self) -> None:
        """Start watching (a citizen is in a session)."""
        self.armed = True
        self._warned_at = None
        self._last_input = self.clock()
        self._poll.start()

    def disarm(self) -> None:
        self.armed = False
        self._warned_at = None
        self._poll.stop()

    def extend(self) -> None:
        """The citizen asked for more time: back to the full idle period."""
        self.extensions += 1
        self.arm()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.armed and not self.warning and event.type() in _ACTIVITY_EVENTS:
            self._last_input = self.clock()
        return False

    def check(self) -> None:
        """Compare the clock with the last input (the poll timer calls this a few times a second)."""
        if not self.armed:
            return
        now = self.clock()
        if self._warned_at is None:
            if now - self._last_input < self._warn_after_s:
                return
            self._warned_at, self._shown = now, None
            self.warn.emit()
        self._count_down(now)

    def _count_down(self, now: float) -> None:
        assert self._warned_at is not None
        left = max(0, self._extend_window_s - int(now - self._warned_at))
        if left != self._shown:
            self._shown = left
            self.tick.emit(left)
        if left <= 0:
            self.disarm()
            self.expired.emit()
