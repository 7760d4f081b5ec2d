"""Idle watching: a visible warning with a one-tap "more time" before any reset (WCAG 2.2.1)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
    QEvent.Type.Wheel, QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits ``warn`` after ``warn_after_s`` without input, ``tick`` each second, then ``expired``."""

    warn = Signal()
    tick = Signal(int)
    expired = Signal()

    def __init__(self, warn_after_s: float, extend_window_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._extend_window_s = int(extend_window_s)
        self._seconds_left = 0
        self.extensions = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(warn_after_s * 1000))
        self._idle.timeout.connect(self._start_warning)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)
        self.armed = False

    @property
    def warning(self) -> bool:
        return self._countdown.isActive()

    def arm(self) -> None:
        """Start watching (a citizen is in a session)."""
        self.armed = True
        self._countdown.stop()
        self._idle.start()

    def disarm(self) -> None:
        self.armed = False
        self._idle.stop()
        self._countdown.stop()

    def extend(self) -> None:
        """The citizen asked for more time: back to the full idle period."""
        self.extensions += 1
        self.arm()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.armed and not self.warning and event.type() in _ACTIVITY_EVENTS:
            self._idle.start()
        return False

    def _start_warning(self) -> None:
        self._seconds_left = self._extend_window_s
        self._countdown.start()
        self.warn.emit()
        self.tick.emit(self._seconds_left)

    def _count_down(self) -> None:
        self._seconds_left -= 1
        self.tick.emit(self._seconds_left)
        if self._seconds_left <= 0:
            self.disarm()
            self.expired.emit()
