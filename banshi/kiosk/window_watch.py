"""The kiosk process lives only as long as its window: gone for any reason but the operator's exit, the
process exits non-zero, so the service manager (deploy/, ``Restart=on-failure``) starts a fresh kiosk
instead of leaving the desktop exposed behind a process that shows nothing.

Three ways a window goes: Qt closes it (a window manager's close, ``close()``), Qt deletes it, or another
X client destroys the native window under Qt's feet (Qt then carries on, drawing into nothing). The first
two are Qt events; the third arrives only as an X ``DestroyNotify``, read by a native event filter.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

EXIT_WINDOW_GONE = 3  # not 0 (the operator's exit) and not 1/2 (start-up failure / usage)
_XCB_DESTROY_NOTIFY = 17


class _XDestroyFilter(QAbstractNativeEventFilter):
    """Watches X events for the DestroyNotify of one window (xcb_destroy_notify_event_t)."""

    def __init__(self, window_id: int, on_destroyed: Callable[[], None]) -> None:
        super().__init__()
        self._window_id = window_id
        self._on_destroyed = on_destroyed

    def nativeEventFilter(self, event_type: bytes, message: int) -> tuple[bool, int]:  # noqa: N802 - Qt API
        address = int(message)  # a pointer (PySide hands a VoidPtr, falsy even when set: compare the number)
        if bytes(event_type) == b"xcb_generic_event_t" and address:
            raw = ctypes.string_at(address, 12)  # response_type, pad, sequence, event, window
            if (raw[0] & 0x7F) == _XCB_DESTROY_NOTIFY and int.from_bytes(raw[8:12], "little") == self._window_id:
                self._on_destroyed()
        return False, 0


class WindowWatch(QObject):
    """Ends the event loop with ``EXIT_WINDOW_GONE`` when ``window`` closes or is destroyed, unless
    ``operator_exit()`` says the operator asked to leave."""

    def __init__(self, app: QApplication, window: QWidget, operator_exit: Callable[[], bool]) -> None:
        super().__init__(window)
        self._app, self._operator_exit, self._window = app, operator_exit, window
        self._native: _XDestroyFilter | None = None
        app.setQuitOnLastWindowClosed(False)  # its quit() would end the loop with 0, as if all were well
        window.installEventFilter(self)
        window.destroyed.connect(lambda: self._gone("deleted"))
        if app.platformName() == "xcb":
            self._native = _XDestroyFilter(int(window.winId()), lambda: self._gone("destroyed by another X client"))
            app.installNativeEventFilter(self._native)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Close:
            # Judged once the event is done: the lockdown (another filter) may refuse it and keep the window.
            QTimer.singleShot(0, self, self._after_close)
        return False

    def _after_close(self) -> None:
        if not self._window.isVisible():
            self._gone("closed")

    def _gone(self, how: str) -> None:
        if self._operator_exit():
            return
        log.error("kiosk window %s: exiting with %d so the service manager restarts the kiosk", how,
                  EXIT_WINDOW_GONE)
        self._app.exit(EXIT_WINDOW_GONE)
