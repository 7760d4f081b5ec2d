"""Layout helpers shared by every page."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in ``layout``, taking each out of the tree at once.

    Detaching before ``deleteLater`` matters: until the event loop runs, a merely hidden widget
    would still be found by ``findChild`` and still hold the last citizen's text.
    """
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
