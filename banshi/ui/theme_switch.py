"""Switching theme (text size, colours) at run time: no restart, nothing the citizen entered is lost."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from banshi.i18n import current_language
from banshi.ui.application import apply_look


def switch_theme(root: QWidget, theme_name: str) -> None:
    """Apply ``theme_name``'s stylesheet and font, then repolish ``root``'s tree so sizes follow at once.

    Widgets keep their state (typed text, answers, the current page): only their look is redone.
    """
    app = QApplication.instance()
    apply_look(app, theme_name, current_language())  # type: ignore[arg-type]
    for widget in [root, *root.findChildren(QWidget)]:
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.updateGeometry()
        widget.update()
