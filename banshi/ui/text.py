"""Widgets whose text is translatable and follows a language switch without losing state."""

from __future__ import annotations

import html
import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontInfo, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel, QPlainTextEdit, QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget,
)

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
        self.setText(f'<div style="line-height:{self._line_height_percent()}%">{escaped}</div>')
        self.setAccessibleName(text)

    def _line_height_percent(self) -> int:
        """Baselines ``line_spacing`` × the font size apart (MIIT: ≥ 1.3). Rich text's percentage scales the
        font's own line height, which for CJK fonts is already ~1.45 × the size: only top it up when short."""
        natural = self.fontMetrics().lineSpacing()
        wanted = self._line_spacing * QFontInfo(self.font()).pixelSize()
        return max(100, math.ceil(100 * wanted / natural)) if natural > 0 else 100

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a theme switch: the line height follows the new size
            self.retranslate()


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

    def full_text(self) -> str:
        """The label before wrapping."""
        return self._full_text

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As wide as the unwrapped label would like, as tall as the wrapped one needs."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        extra = _widest(self._full_text, metrics) - _widest(self.text(), metrics)
        return QSize(hint.width() + max(extra, 0), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As narrow as the longest word (or one character of Chinese): a squeezed label wraps, never clips."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        padding = hint.width() - _widest(self.text(), metrics)
        pieces = [piece for line in self._full_text.split("\n") for piece in _breakable_pieces(line)] or [""]
        narrowest = max(metrics.horizontalAdvance(piece) for piece in pieces) + max(padding, 0)
        return QSize(min(narrowest, hint.width()), super().minimumSizeHint().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        """Layouts (and paging) learn the height the wrapped label needs before the button is resized."""
        return button_height_for_width(self, width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._wrap()

    def _wrap(self) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self._full_text
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self).width()
        room -= icon_room(self)
        wrapped = wrap_text(self._full_text, self.fontMetrics(), room) if room > 0 else self._full_text
        if wrapped != self.text():
            self.setText(wrapped)


def icon_room(button: QPushButton) -> int:
    """The width an icon (a rating face) takes beside the label: the label wraps in what is left."""
    return button.iconSize().width() + 8 if not button.icon().isNull() else 0


def _widest(text: str, metrics: QFontMetrics) -> int:
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _by_words(text: str) -> bool:
    """Break at spaces, or (Chinese, no spaces) between characters; one English word never breaks."""
    return " " in text or not any(ord(char) >= 0x2E80 for char in text)


def _breakable_pieces(text: str) -> list[str]:
    return text.split(" ") if _by_words(text) else list(text)


def wrap_text(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken into lines no wider than ``width``: at spaces, or between characters (Chinese)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, metrics, width)
    return "\n".join(lines)


def _wrap_paragraph(paragraph: str, metrics: QFontMetrics, width: int) -> list[str]:
    pieces = _breakable_pieces(paragraph)
    joiner = " " if _by_words(paragraph) else ""
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


def button_height_for_width(button: BigButton, width: int) -> int:
    """How tall ``button`` is at ``width`` once its label wraps: for paging before the button is laid out."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    option.rect = QRect(0, 0, width, max(button.height(), 1))
    option.text = button.full_text()
    room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button).width()
    room -= icon_room(button)
    wrapped = wrap_text(button.full_text(), button.fontMetrics(), room) if room > 0 else button.full_text()
    metrics = button.fontMetrics()
    text_size = QSize(_widest(wrapped, metrics), metrics.height() * (wrapped.count("\n") + 1))
    option.text = wrapped
    needed = button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, text_size, button)
    return max(needed.height(), button.minimumSizeHint().height(), button.minimumHeight())


class WrappingField(QPlainTextEdit):
    """A text field that wraps and grows instead of scrolling, with a QLineEdit's small API.

    A one-line field scrolls its text sideways, hiding the start of a long address from the person who
    typed it; this one shows all of it. Enter submits (nobody needs a line break in an answer).
    """

    returnPressed = Signal()  # noqa: N815 - the QLineEdit name, so both fields are used alike

    def __init__(self, value: str = "") -> None:
        super().__init__()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().contentsChanged.connect(self._fit_height)
        self.setPlainText(value)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit name
        self.setPlainText(text)

    def insert(self, text: str) -> None:
        self.insertPlainText(text)

    def backspace(self) -> None:
        self.textCursor().deletePreviousChar()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()

    def _fit_height(self) -> None:
        lines = max(self.document().size().height(), 1)  # in lines for a plain-text document
        line_height = self.fontMetrics().lineSpacing()
        frame = self.frameWidth() * 2 + int(self.document().documentMargin() * 2) + 8
        height = int(lines * line_height) + frame
        if height != self.height():
            self.setFixedHeight(max(height, line_height + frame))
