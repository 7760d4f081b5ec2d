"""Keyboard reachability: pressing Tab visits every control once, in reading order along each row.

The walk presses real Tab keys (QTest), so it follows Qt's own focus chain, focus policies and
proxies. The focus and scroll positions in use before the walk are restored afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from banshi.tools.widgets import Violation, describe, is_interactive, rect_in

_EXTRA_STEPS = 5


def check_focus_order(screen: str, root: QWidget, widgets: list[QWidget]) -> list[Violation]:
    controls = [widget for widget in widgets if is_interactive(widget) and widget.isEnabled()]
    if not controls:
        return []
    window = root.window()
    saved_focus, saved_scroll = window.focusWidget(), _scroll_positions(window)
    try:
        visited, closed = _tab_cycle(controls[0], len(controls) + _EXTRA_STEPS)
    finally:
        _restore(window, saved_focus, saved_scroll)
    found = [Violation(screen, describe(widget), "focus", "cannot be reached with the Tab key")
             for widget in controls if widget not in visited]
    if not closed:
        found.append(Violation(screen, describe(visited[-1]), "focus",
                               "Tab never comes back round to the first control (a focus trap)"))
    return found + _row_order_violations(screen, visited)


def _tab_cycle(start: QWidget, limit: int) -> tuple[list[QWidget], bool]:
    """The widgets Tab visits from ``start``, and whether it came back round to ``start``."""
    window = start.window()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _step in range(limit):
        QTest.keyClick(window.focusWidget() or start, Qt.Key.Key_Tab)
        current = window.focusWidget()
        if current is None or current is start:
            return visited, current is start
        if current in visited:
            return visited, False
        visited.append(current)
    return visited, False


def _same_row(first: QRect, second: QRect) -> bool:
    overlap = min(first.bottom(), second.bottom()) - max(first.top(), second.top())
    return overlap >= min(first.height(), second.height()) / 2


def _row_order_violations(screen: str, visited: list[QWidget]) -> list[Violation]:
    """Consecutive stops on one row must go left to right (both languages read left to right)."""
    found = []
    for before, after in zip(visited, visited[1:], strict=False):
        first, second = rect_in(before, before.window()), rect_in(after, after.window())
        if _same_row(first, second) and second.left() < first.left():
            found.append(Violation(screen, describe(after), "focus",
                                   f"Tab goes right to left here, after {describe(before)}"))
    return found


def _scroll_positions(window: QWidget) -> list[tuple[QAbstractScrollArea, int, int]]:
    return [(area, area.verticalScrollBar().value(), area.horizontalScrollBar().value())
            for area in window.findChildren(QAbstractScrollArea)]


def _restore(window: QWidget, focus: QWidget | None,
             scrolls: list[tuple[QAbstractScrollArea, int, int]]) -> None:
    if focus is not None:
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
    elif window.focusWidget() is not None:
        window.focusWidget().clearFocus()
    for area, vertical, horizontal in scrolls:
        area.verticalScrollBar().setValue(vertical)
        area.horizontalScrollBar().setValue(horizontal)
