"""Rules about fitting the screen: nothing scrolls, and nothing is cut off at the screen's or a parent's edge.

An older person does not find content below the fold, and a scroll bar is one more thing to learn, so
any scroll bar on screen fails, as does a scrolling area whose content is larger than what it shows
(even with its bars switched off), a window that had to grow past the screen it is audited at, and a
widget that reaches past the window or past the parent that paints it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QAbstractScrollArea, QPlainTextEdit, QScrollBar, QTextEdit, QWidget

from banshi.tools.widgets import Violation, describe, rect_in

_SLACK_PX = 1  # layout rounding


def check_no_scrolling(screen: str, widgets: list[QWidget]) -> list[Violation]:
    found = []
    for widget in widgets:
        if isinstance(widget, QScrollBar):
            found.append(Violation(screen, describe(widget), "scroll", "a scroll bar is on screen"))
        elif isinstance(widget, QAbstractScrollArea):
            hidden = _hidden_content(widget)
            if hidden:
                found.append(Violation(screen, describe(widget), "scroll", hidden))
    return found


def _hidden_content(area: QAbstractScrollArea) -> str:
    """What a scrolling area keeps out of view, whether or not it shows scroll bars."""
    if isinstance(area, (QPlainTextEdit, QTextEdit)):
        document = area.document()
        layout_height = area.document().documentLayout().documentSize().height()
        if isinstance(area, QPlainTextEdit):  # its layout counts lines, not pixels
            layout_height *= area.fontMetrics().lineSpacing()
        if layout_height > area.viewport().height() + area.fontMetrics().lineSpacing() // 2:
            return f"its text needs {layout_height:.0f} px, it shows {area.viewport().height()}; the rest scrolls"
        del document
        return ""
    for bar in (area.verticalScrollBar(), area.horizontalScrollBar()):
        if bar.maximum() > bar.minimum():
            return f"its content scrolls by {bar.maximum() - bar.minimum()} px"
    return ""


def check_fits_screen(screen: str, root: QWidget, widgets: list[QWidget], size: QSize | None) -> list[Violation]:
    """The window is the screen's size, and every widget on it lies inside it and inside its parent."""
    found = []
    window = root.window()
    if size is not None and (window.width() > size.width() or window.height() > size.height()):
        found.append(Violation(screen, describe(window), "clipped",
                               f"needs {window.width()}×{window.height()} px, the screen is "
                               f"{size.width()}×{size.height()}: the rest would be cut off"))
    bounds = QRect(0, 0, size.width(), size.height()) if size is not None else window.rect()
    for widget in widgets:
        if widget is window:
            continue
        rect = rect_in(widget, window)
        if not bounds.adjusted(-_SLACK_PX, -_SLACK_PX, _SLACK_PX, _SLACK_PX).contains(rect):
            found.append(Violation(screen, describe(widget), "clipped",
                                   f"spans {_span(rect)}, past the screen's edge (0…{bounds.width()}, "
                                   f"0…{bounds.height()})"))
        elif _cut_by_parent(widget):
            found.append(Violation(screen, describe(widget), "clipped",
                                   f"spans {_span(widget.geometry())}, past {describe(widget.parentWidget())} "
                                   f"({widget.parentWidget().width()}×{widget.parentWidget().height()})"))
    return found


def _cut_by_parent(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if parent is None or isinstance(parent.parentWidget(), QAbstractScrollArea):
        return False  # a scroll area's viewport content is judged by check_no_scrolling
    return not parent.rect().adjusted(-_SLACK_PX, -_SLACK_PX, _SLACK_PX, _SLACK_PX).contains(widget.geometry())


def _span(rect: QRect) -> str:
    return f"x {rect.left()}…{rect.x() + rect.width()}, y {rect.top()}…{rect.y() + rect.height()}"
