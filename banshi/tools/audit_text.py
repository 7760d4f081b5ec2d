"""Rules about visible text: its rendered size, its measured contrast, and whether it fits."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from banshi.tools.audit_glyphs import minimum_text_px
from banshi.tools.rendered import Surfaces, contents_rect
from banshi.accessibility.tokens import TEXT_CONTRAST_MIN, Theme
from banshi.tools.widgets import Violation, describe, rect_in, scroll_content_of, viewport_width, visible_text

_SLACK_PX = 1  # layout rounding


def texts(widgets: list[QWidget]) -> list[QWidget]:
    return [widget for widget in widgets if visible_text(widget).strip()]


def check_text_sizes(screen: str, widgets: list[QWidget], theme: Theme) -> list[Violation]:
    """The effective font (after the stylesheet is polished) of every visible text."""
    found = []
    for widget in texts(widgets):
        widget.ensurePolished()
        pixels = QFontInfo(widget.font()).pixelSize()
        needed = minimum_text_px(widget, theme)
        if pixels < needed:
            found.append(Violation(screen, describe(widget), "text-size", f"{pixels} px text, needs ≥ {needed} px"))
    return found


def check_contrast(screen: str, widgets: list[QWidget], surfaces: Surfaces) -> list[Violation]:
    found = []
    for widget in texts(widgets):
        measured = surfaces.contrast_of(widget)
        if measured is not None and measured.ratio < TEXT_CONTRAST_MIN:
            found.append(Violation(screen, describe(widget), "contrast",
                                   f"{measured.describe()}, needs ≥ {TEXT_CONTRAST_MIN}:1"))
    return found


def check_clipping(screen: str, widgets: list[QWidget]) -> list[Violation]:
    found = []
    for widget in texts(widgets):
        problem = _overflow(widget) or _outside_parent(widget) or _outside_view(widget)
        if problem:
            found.append(Violation(screen, describe(widget), "clipped", problem))
    return found


def _overflow(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        return _label_overflow(widget)
    if isinstance(widget, QAbstractButton):
        return _button_overflow(widget)
    if isinstance(widget, QLineEdit):
        return _line_edit_overflow(widget)
    return ""


def _label_overflow(label: QLabel) -> str:
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + _SLACK_PX:
            return f"wrapped text needs {needed} px of height, has {label.height()}"
        return ""
    needed_width = label.sizeHint().width()
    if needed_width > label.width() + _SLACK_PX:
        return f"text needs {needed_width} px of width, has {label.width()}"
    return ""


def _button_overflow(button: QAbstractButton) -> str:
    """QPushButton neither wraps nor elides: text wider than its contents box is cut at the border."""
    metrics = QFontMetrics(button.font())
    lines = button.text().split("\n")
    needed_width = max(metrics.horizontalAdvance(line) for line in lines)
    needed_height = len(lines) * metrics.height()
    room = contents_rect(button)
    if not button.icon().isNull():  # an icon beside the label takes its width (and Qt's 4 px gap) from it
        needed_width += button.iconSize().width() + 4
    if needed_width > room.width() + _SLACK_PX:
        return f"label needs {needed_width} px of width, its contents box has {room.width()}"
    if needed_height > room.height() + _SLACK_PX:
        return f"label needs {needed_height} px of height, its contents box has {room.height()}"
    return ""


def _line_edit_overflow(field: QLineEdit) -> str:
    """A field that scrolls its own text hides the start of what an older person typed."""
    needed = QFontMetrics(field.font()).horizontalAdvance(field.text())
    room = contents_rect(field).width()
    return f"typed text needs {needed} px, the field shows {room}" if needed > room else ""


def _outside_parent(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is None or parent.rect().contains(widget.geometry()):
        return ""
    return f"reaches outside {describe(parent)}, which cuts it off"


def _outside_view(widget: QWidget) -> str:
    """Nothing scrolls sideways, so text reaching past the visible width is cut off."""
    container = scroll_content_of(widget) or widget.window()
    rect = rect_in(widget, container)
    limit = viewport_width(widget)
    if rect.left() < 0 or rect.x() + rect.width() > limit + _SLACK_PX:
        return f"spans x {rect.left()}…{rect.x() + rect.width()} but only 0…{limit} can be seen"
    return ""
