"""Widgets whose text is translatable and follows a language switch without losing state."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from banshi.i18n import LazyText

TextSource = LazyText | Callable[[], str] | str


def render(source: TextSource) -> str:
    """Text in the current language: LazyText and callables are evaluated now; plain str is data."""
    if isinstance(source, LazyText):
        return str(source)
    if callable(source):
        return source()
    return source


class Translatable:
    """Mixin: a widget that can redraw its text in the current language."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class TextLabel(QLabel, Translatable):
    """Wrapped text with the theme's line spacing (≥ 1.3 × font size), rendered as rich text."""

    def __init__(self, source: TextSource = "", role: str = "", line_spacing: float = 1.4,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._line_spacing = line_spacing
        if role:
            self.setProperty("role", role)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.retranslate()

    def set_source(self, source: TextSource) -> None:
        self._source = source
        self.retranslate()

    def plain_text(self) -> str:
        return render(self._source)

    def retranslate(self) -> None:
        text = self.plain_text()
        escaped = html.escape(text).replace("\n", "<br>")
        percent = int(self._line_spacing * 100)
        self.setText(f'<div style="line-height:{percent}%">{escaped}</div>')
        self.setAccessibleName(text)


class BigButton(QPushButton, Translatable):
    """A large touch target with an accessible name that follows the language.

    A label too long for the button's width (often a longer translation) wraps onto more lines,
    and the button grows taller, instead of being cut off at its border.
    """

    def __init__(self, source: TextSource, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._full_text = ""
        if role:
            self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def set_source(self, source: TextSource) -> None:
        self._source = source
        self.retranslate()

    def retranslate(self) -> None:
        self._full_text = render(self._source)
        self.setText(self._full_text)
        self.setAccessibleName(self._full_text.replace("\n", " "))
        self._wrap()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As wide as the unwrapped label would like, as tall as the wrapped one needs."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        extra = _widest(self._full_text, metrics) - _widest(self.text(), metrics)
        return QSize(hint.width() + max(extra, 0), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._wrap()

    def _wrap(self) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self._full_text
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()
        wrapped = wrap_text(self._full_text, self.fontMetrics(), room) if room > 0 else self._full_text
        if wrapped != self.text():
            self.setText(wrapped)


def _widest(text: str, metrics: QFontMetrics) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def wrap_text(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken into lines no wider than ``width``: at spaces, or between characters (Chinese)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, metrics, width)
    return "\n".join(lines)


def _wrap_paragraph(paragraph: str, metrics: QFontMetrics, width: int) -> list[str]:
    pieces = paragraph.split(" ") if " " in paragraph else list(paragraph)
    joiner = " " if " " in paragraph else ""
    lines, current = [], ""
    for piece in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if current and metrics.horizontalAdvance(candidate) > width:
            lines.append(current)
            current = piece
        else:
            current = candidate
    return [*lines, current]


def retranslate_tree(root: QWidget) -> None:
    """Redraw every translatable widget under ``root`` (Frescobaldi's translateUI on languageChanged)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, Translatable):
            widget.retranslate()
