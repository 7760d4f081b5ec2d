"""Lockdown: no key, click, close or dialog leaves the kiosk; the operator leaves with the PIN, not without."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget

from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.lockdown import LOCKOUT_S, Lockdown, OperatorLockedOutError, PinGate, hash_pin, install_lockdown
from banshi.kiosk.screens import close, launch
from tests.conftest import REPO_ROOT
from tests.fake_clock import FakeClock

PIN = "2468"


class Probe(QWidget):
    """A focusable widget that records the keys and context-menu requests that reach it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.keys: list[tuple[int, Qt.KeyboardModifier]] = []
        self.menus = 0

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        self.keys.append((event.key(), event.modifiers()))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        self.menus += 1


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin(PIN)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot: object, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = launch("elder", "en", tmp_path)
    yield runtime
    runtime.window.removeEventFilter(runtime.window.findChild(Lockdown))
    QApplication.instance().removeEventFilter(runtime.window.findChild(Lockdown))
    for lockdown in runtime.window.findChildren(Lockdown):
        lockdown.exit_allowed = True
    close(runtime)


@pytest.fixture
def locked(kiosk: KioskRuntime, pin_hash: str, clock: FakeClock) -> tuple[KioskRuntime, Lockdown, list[str]]:
    exits: list[str] = []
    lockdown = install_lockdown(kiosk.window, pin_hash, lambda: exits.append("exit"), clock)
    QApplication.processEvents()
    return kiosk, lockdown, exits


def _probe_in(window: QWidget) -> Probe:
    probe = Probe()
    probe.setParent(window)
    probe.setGeometry(0, 0, 10, 10)
    probe.show()
    probe.setFocus()
    return probe


ESCAPES = [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier), (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
]


@pytest.mark.parametrize(("key", "modifier"), ESCAPES, ids=["alt-f4", "alt-tab", "ctrl-q", "ctrl-w", "escape"])
def test_escape_keys_never_reach_the_kiosk_and_the_window_stays(
        locked: tuple[KioskRuntime, Lockdown, list[str]], key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    kiosk, _lockdown, exits = locked
    probe = _probe_in(kiosk.window)
    QTest.keyClick(probe, key, modifier)
    QTest.keyClick(probe, Qt.Key.Key_5)  # an ordinary key still arrives, so the probe is listening
    modifier_keys = {Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift}  # QTest presses these on their own
    assert [pressed for pressed in probe.keys if pressed[0] not in modifier_keys] == [
        (Qt.Key.Key_5, Qt.KeyboardModifier.NoModifier)]
    assert kiosk.window.isVisible() and kiosk.window.isFullScreen()
    assert exits == []


def test_closing_the_window_is_refused(locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    kiosk, _lockdown, _exits = locked
    assert kiosk.window.close() is False
    assert kiosk.window.isVisible()


def test_leaving_full_screen_puts_the_window_back(locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    kiosk, _lockdown, _exits = locked
    kiosk.window.showNormal()
    QTest.qWait(50)
    assert kiosk.window.isFullScreen()


def test_right_clicks_and_context_menus_are_swallowed(locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    kiosk, _lockdown, _exits = locked
    probe = _probe_in(kiosk.window)
    QApplication.sendEvent(probe, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2)))
    QTest.mouseClick(kiosk.window.attract.start_button, Qt.MouseButton.RightButton)
    assert probe.menus == 0
    assert kiosk.window.current_page() is kiosk.window.attract  # a right click is not a tap


def _tap_pin(lockdown: Lockdown, pin: str) -> None:
    for digit in pin:
        QTest.mouseClick(lockdown.overlay.findChild(QWidget, f"keypad-{digit}"), Qt.MouseButton.LeftButton)
    QTest.mouseClick(lockdown.overlay.findChild(QWidget, "operator-unlock"), Qt.MouseButton.LeftButton)


def _open_overlay(kiosk: KioskRuntime) -> None:
    brand = kiosk.window.findChild(QLabel, "kiosk-brand")
    for _ in range(5):
        QTest.mouseClick(brand, Qt.MouseButton.LeftButton)


def test_five_taps_on_the_brand_then_the_right_pin_let_the_operator_out(
        locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    kiosk, lockdown, exits = locked
    _open_overlay(kiosk)
    assert lockdown.overlay.isVisible()
    _tap_pin(lockdown, PIN)
    assert exits == ["exit"]
    assert kiosk.window.close() is True


def test_four_taps_do_not_open_the_operator_overlay(locked: tuple[KioskRuntime, Lockdown, list[str]],
                                                    clock: FakeClock) -> None:
    kiosk, lockdown, _exits = locked
    brand = kiosk.window.findChild(QLabel, "kiosk-brand")
    for _ in range(4):
        QTest.mouseClick(brand, Qt.MouseButton.LeftButton)
    clock.now += 5  # the fifth tap comes too late
    QTest.mouseClick(brand, Qt.MouseButton.LeftButton)
    assert not lockdown.overlay.isVisible()


def test_a_wrong_pin_keeps_the_kiosk_locked_and_says_so(locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    kiosk, lockdown, exits = locked
    _open_overlay(kiosk)
    _tap_pin(lockdown, "1111")
    assert exits == []
    assert lockdown.overlay.message.plain_text() == "That PIN is not right."
    assert kiosk.window.close() is False


def test_five_wrong_pins_lock_even_the_right_one_out_for_five_minutes(pin_hash: str, clock: FakeClock) -> None:
    gate = PinGate(pin_hash, clock)
    assert [gate.check("0000") for _ in range(5)] == [False] * 5
    with pytest.raises(OperatorLockedOutError) as locked_out:
        gate.check(PIN)
    assert locked_out.value.user_message.render("en") == "Too many wrong PINs. Try again in 5 minutes."
    clock.now += LOCKOUT_S - 1
    with pytest.raises(OperatorLockedOutError):
        gate.check(PIN)
    clock.now += 2
    assert gate.check(PIN) is True


def test_no_pin_configured_means_no_pin_opens_it(clock: FakeClock) -> None:
    assert PinGate("", clock).check("") is False


def test_pins_are_stored_as_argon2_hashes_only() -> None:
    hashed = hash_pin(PIN)
    assert hashed.startswith("$argon2") and PIN not in hashed
    with pytest.raises(ValueError, match="at least 4 digits"):
        hash_pin("12")


def test_a_file_dialog_that_something_tries_to_show_is_closed_at_once(
        locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    kiosk, _lockdown, _exits = locked
    dialog = QFileDialog(kiosk.window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    QTest.qWait(20)
    assert not dialog.isVisible()


def test_the_kiosk_never_creates_a_file_or_print_dialog(locked: tuple[KioskRuntime, Lockdown, list[str]]) -> None:
    from banshi.kiosk.screens import confirmation

    kiosk, _lockdown, _exits = locked
    confirmation(kiosk)  # the whole journey, up to the receipt
    dialogs = [widget for widget in QApplication.allWidgets()
               if isinstance(widget, (QFileDialog, QAbstractPrintDialog))]
    assert dialogs == []


def test_no_kiosk_or_shared_ui_module_mentions_a_file_or_print_dialog() -> None:
    offenders = []
    for path in [*(REPO_ROOT / "banshi" / "kiosk").glob("*.py"), *(REPO_ROOT / "banshi" / "ui").glob("*.py")]:
        if path.name == "lockdown.py":
            continue  # names them only to close them
        names = {node.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Name)} | {node.attr for node in ast.walk(ast.parse(path.read_text(
                     encoding="utf-8"))) if isinstance(node, ast.Attribute)}
        if names & {"QFileDialog", "QPrintDialog", "QPrintPreviewDialog"}:
            offenders.append(path.name)
    assert offenders == []
