"""Widgets whose text is translatable and follows a language switch without losing state."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

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
    """A large touch target with an accessible name that follows the language."""

    def __init__(self, source: TextSource, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
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
        text = render(self._source)
        self.setText(text)
        self.setAccessibleName(text.replace("\n", " "))


def retranslate_tree(root: QWidget) -> None:
    """Redraw every translatable widget under ``root`` (Frescobaldi's translateUI on languageChanged)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, Translatable):
            widget.retranslate()
