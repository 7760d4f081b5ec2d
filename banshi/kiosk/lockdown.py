"""Kiosk lockdown: full screen, no way out to the desktop, an operator exit behind an argon2 PIN.

An event filter on the QApplication swallows the keys and events that would leave the kiosk
(Alt+F4, Alt+Tab, Ctrl+Q, Ctrl+W, Escape, right-click and context menus) and closes any file or
print dialog the moment it would show; a filter on the window refuses close events and puts it
back into full screen. Tapping the brand label five times within three seconds opens the operator
PIN overlay; five wrong PINs lock it for five minutes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from banshi.errors import OperatorError
from banshi.i18n import N_, LazyText
from banshi.ui.keypad import Keypad
from banshi.ui.text import BigButton, TextLabel

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCKOUT_S = 300.0
SECRET_TAPS, SECRET_WINDOW_S = 5, 3.0
SECRET_WIDGET = "kiosk-brand"
Clock = Callable[[], float]

_ALT_KEYS = {Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape}
_CTRL_KEYS = {Qt.Key.Key_Q, Qt.Key.Key_W, Qt.Key.Key_Escape}
_BLOCKED_EVENTS = {QEvent.Type.ContextMenu}
_NEVER_SHOWN = (QFileDialog, QAbstractPrintDialog, QPrintPreviewDialog)


def hash_pin(pin: str) -> str:
    """The argon2 hash an operator puts in settings as ``kiosk.operator_pin_hash``."""
    if not pin.isdigit() or len(pin) < 4:
        raise ValueError("An operator PIN must be at least 4 digits (it is typed on the on-screen keypad).")
    return PasswordHasher().hash(pin)


class OperatorLockedOutError(OperatorError, PermissionError):
    def __init__(self, seconds_left: float) -> None:
        super().__init__(f"Operator exit is locked for {seconds_left:.0f} s more after {MAX_FAILURES} wrong PINs.")
        self.seconds_left = seconds_left
        self.user_message: LazyText = N_("Too many wrong PINs. Try again in {minutes} minutes.",
                                         minutes=max(1, round(seconds_left / 60)))


class PinGate:
    """Checks operator PINs against an argon2 hash; locks for ``LOCKOUT_S`` after ``MAX_FAILURES`` misses."""

    def __init__(self, pin_hash: str, clock: Clock = time.monotonic) -> None:
        self._pin_hash = pin_hash
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def check(self, pin: str) -> bool:
        """True for the right PIN; raises ``OperatorLockedOutError`` while locked out."""
        now = self._clock()
        if now < self._locked_until:
            raise OperatorLockedOutError(self._locked_until - now)
        if self._matches(pin):
            self._failures = 0
            return True
        self._failures += 1
        if self._failures >= MAX_FAILURES:
            self._failures = 0
            self._locked_until = now + LOCKOUT_S
        return False

    def _matches(self, pin: str) -> bool:
        if not self._pin_hash:
            return False  # no PIN configured: the kiosk can only be left by stopping its session
        try:
            return PasswordHasher().verify(self._pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False


class OperatorPinOverlay(QWidget):
    """Covers the kiosk while an operator types the PIN on the on-screen keypad; ``unlocked`` on success."""

    unlocked = Signal()

    def __init__(self, window: QWidget, gate: PinGate) -> None:
        super().__init__(window)
        self.setObjectName("operator-overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._gate = gate
        self.pin = QLineEdit()
        self.pin.setObjectName("operator-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.pin.setAccessibleName(str(N_("Operator PIN")))
        self.message = TextLabel("", role="error")
        self.message.setObjectName("operator-message")
        self._build()
        self.hide()

    def _build(self) -> None:
        keypad = Keypad()
        keypad.setObjectName("operator-keypad")
        keypad.setFixedWidth(3 * 150 + 2 * 16)
        keypad.key_pressed.connect(self.pin.insert)
        keypad.delete_pressed.connect(self.pin.backspace)
        cancel = BigButton(N_("Cancel"))
        cancel.setObjectName("operator-cancel")
        cancel.clicked.connect(self.close_overlay)
        unlock = BigButton(N_("Leave the kiosk"), role="primary")
        unlock.setObjectName("operator-unlock")
        unlock.clicked.connect(self.submit)
        column = QVBoxLayout()
        column.setSpacing(24)
        column.addWidget(TextLabel(N_("Staff only: enter the operator PIN"), role="title"))
        column.addWidget(self.pin)
        column.addWidget(self.message)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(32)
        buttons.addWidget(cancel)
        buttons.addWidget(unlock)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.setSpacing(64)
        layout.addLayout(column, 1)
        layout.addWidget(keypad, 0, Qt.AlignmentFlag.AlignTop)

    def open(self) -> None:
        self.pin.clear()
        self.message.set_source("")
        self.setGeometry(self.parentWidget().rect())  # type: ignore[union-attr]
        self.show()
        self.raise_()
        self.pin.setFocus()

    def close_overlay(self) -> None:
        self.pin.clear()
        self.hide()

    def submit(self) -> None:
        try:
            accepted = self._gate.check(self.pin.text())
        except OperatorLockedOutError as error:
            self.message.set_source(error.user_message)
            accepted = False
        else:
            if not accepted:
                self.message.set_source(N_("That PIN is not right."))
        self.pin.clear()
        if accepted:
            self.hide()
            self.unlocked.emit()


def _is_escape_key(event: QKeyEvent) -> bool:
    modifiers = event.modifiers()
    key = Qt.Key(event.key())
    if modifiers & Qt.KeyboardModifier.AltModifier and key in _ALT_KEYS:
        return True
    if modifiers & Qt.KeyboardModifier.ControlModifier and key in _CTRL_KEYS:
        return True
    return key in {Qt.Key.Key_Escape, Qt.Key.Key_Meta, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R}


class Lockdown(QObject):
    """The filters and the operator overlay for one kiosk window (see the module docstring)."""

    def __init__(self, window: QWidget, gate: PinGate, on_operator_exit: Callable[[], None],
                 clock: Clock = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.exit_allowed = False
        self._clock = clock
        self._taps: list[float] = []
        self._on_operator_exit = on_operator_exit
        self.overlay = OperatorPinOverlay(window, gate)
        self.overlay.unlocked.connect(self._operator_exit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if watched is self.window and kind in (QEvent.Type.Close, QEvent.Type.WindowStateChange):
            return self._window_event(event)
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            return _is_escape_key(event)  # type: ignore[arg-type]
        if kind in _BLOCKED_EVENTS:
            return True
        if kind == QEvent.Type.MouseButtonPress:
            return self._mouse_press(watched, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.Show and isinstance(watched, _NEVER_SHOWN):
            QTimer.singleShot(0, watched.close)  # type: ignore[union-attr]
            log.warning("lockdown: closed a %s that something tried to show", type(watched).__name__)
            return True
        return False

    def _window_event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            if self.exit_allowed:
                return False
            event.ignore()
            return True
        if not self.window.isFullScreen() and not self.exit_allowed:
            QTimer.singleShot(0, self.window.showFullScreen)  # minimised or un-maximised: back at once
        return False

    def _mouse_press(self, watched: QObject, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return True  # right and middle clicks open menus and paste; a kiosk needs neither
        if isinstance(watched, QWidget) and watched.objectName() == SECRET_WIDGET:
            self._secret_tap()
        return False

    def _secret_tap(self) -> None:
        now = self._clock()
        self._taps = [*[tap for tap in self._taps if now - tap <= SECRET_WINDOW_S], now]
        if len(self._taps) >= SECRET_TAPS:
            self._taps = []
            self.overlay.open()

    def _operator_exit(self) -> None:
        log.info("lockdown: operator exit with a correct PIN")
        self.exit_allowed = True
        self._on_operator_exit()


def install_lockdown(window: QWidget, pin_hash: str, on_operator_exit: Callable[[], None],
                     clock: Clock = time.monotonic) -> Lockdown:
    """Lock ``window`` down (see the module docstring) and show it full screen."""
    if not pin_hash:
        log.warning("lockdown: kiosk.operator_pin_hash is empty; only stopping the session ends the kiosk")
    lockdown = Lockdown(window, PinGate(pin_hash, clock), on_operator_exit, clock)
    app = QApplication.instance()
    app.installEventFilter(lockdown)
    window.installEventFilter(lockdown)
    window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    window.showFullScreen()
    return lockdown
