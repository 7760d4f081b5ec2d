"""What the audit reports and how it sees a live widget tree (Qt adapter)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox, QComboBox,
    QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QScrollBar, QTextEdit, QWidget,
)

_CONTROL_TYPES = (QAbstractButton, QLineEdit, QAbstractSlider, QComboBox, QAbstractSpinBox, QTextEdit,
                  QPlainTextEdit, QAbstractItemView)


@dataclass(frozen=True)
class Violation:
    """One broken rule on one widget of one screen; ``str()`` is a line an operator can act on."""

    screen: str
    widget: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.screen}] {self.widget}: {self.rule}: {self.detail}"


def describe(widget: QWidget) -> str:
    """``object-name (Class)``, or the class and the nearest named ancestor when unnamed."""
    kind = type(widget).__name__
    if widget.objectName():
        return f"{widget.objectName()} ({kind})"
    ancestor = widget.parentWidget()
    while ancestor is not None and not ancestor.objectName():
        ancestor = ancestor.parentWidget()
    return f"{kind} in {ancestor.objectName()}" if ancestor is not None else kind


def shown_widgets(root: QWidget) -> list[QWidget]:
    """``root`` and its descendants that are on screen now (hidden pages of a stack are not)."""
    return [widget for widget in [root, *root.findChildren(QWidget)]
            if widget.isVisible() and widget.width() > 0 and widget.height() > 0]


def is_scroll_bar(widget: QWidget) -> bool:
    return isinstance(widget, QScrollBar)


def is_interactive(widget: QWidget) -> bool:
    """A control a person can operate: a known control type, or anything that takes keyboard focus."""
    if is_scroll_bar(widget):
        return False  # judged by the gesture rule: a scroll bar is operated only by tapping its parts
    if isinstance(widget, QHeaderView) and not widget.sectionsClickable():
        return False  # column headers that only say what a column holds: read, never operated
    accepts_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    return isinstance(widget, _CONTROL_TYPES) or accepts_tab


def visible_text(widget: QWidget) -> str:
    """The text a widget paints, or "" (a picture label, an empty field)."""
    if isinstance(widget, QLabel):
        if widget.pixmap() is not None and not widget.pixmap().isNull():
            return ""
        rich = widget.textFormat() == Qt.TextFormat.RichText or (
            widget.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(widget.text()))
        return QTextDocumentFragment.fromHtml(widget.text()).toPlainText() if rich else widget.text()
    if isinstance(widget, (QAbstractButton, QLineEdit)):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return ""


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    """``widget``'s rectangle in ``ancestor``'s coordinates."""
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` not hidden by a scroll area's edge, in window coordinates."""
    shown = widget.visibleRegion().boundingRect()
    return shown.translated(widget.mapTo(widget.window(), QPoint(0, 0)))


def scroll_content_of(widget: QWidget) -> QWidget | None:
    """The content widget of the innermost scroll area around ``widget`` (it renders unclipped)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea) and area.widget() is child:
            return child
        child, parent = parent, parent.parentWidget()
    return None


def viewport_width(widget: QWidget) -> int:
    """How wide the area is that ``widget`` can be seen in without horizontal scrolling."""
    content = scroll_content_of(widget)
    if content is not None:
        area = content.parentWidget().parentWidget()  # type: ignore[union-attr]
        if isinstance(area, QAbstractScrollArea):
            return area.viewport().width()
    return widget.window().width()
