"""Creating the QApplication both apps share: theme stylesheet, a CJK font, the language."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from banshi.accessibility.qss import stylesheet
from banshi.accessibility.tokens import theme
from banshi.errors import OperatorError
from banshi.i18n import set_language

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")


class MissingCjkFontError(OperatorError, RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "No Chinese font is installed, so Chinese would render as boxes. "
            "Install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) or run `make setup`."
        )


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform != "linux"


def ensure_application() -> QApplication:
    """The process's QApplication; offscreen when there is no display."""
    existing = QApplication.instance()
    if existing is not None:
        return existing  # type: ignore[return-value]
    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication(sys.argv[:1])


def cjk_family() -> str:
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            return family
    raise MissingCjkFontError()


def apply_look(app: QApplication, theme_name: str, language: str) -> None:
    """Font, stylesheet generated from the theme's tokens, and the UI language."""
    chosen = theme(theme_name)
    font = QFont(cjk_family())
    font.setPixelSize(chosen.body_px)
    app.setFont(font)
    app.setStyleSheet(stylesheet(chosen))
    set_language(language)
