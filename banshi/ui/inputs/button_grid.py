"""A grid of large buttons that takes as many columns as fit the width it is given (never more than asked)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from banshi.accessibility.tokens import TARGET_GAP_MIN_PX
from banshi.ui.layouts import clear_layout


class ButtonGrid(QWidget):
    """Buttons in reading order, ``max_columns`` to a row, fewer when the widest would not fit.

    The width comes from the page (a longer translation or a portrait screen gives fewer columns and
    more rows), so a label is never squeezed below its own width and never clipped.
    """

    def __init__(self, name: str, max_columns: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self._max_columns = max_columns
        self._columns = 0
        self._widgets: list[QWidget] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(TARGET_GAP_MIN_PX)

    def set_widgets(self, widgets: Sequence[QWidget]) -> None:
        clear_layout(self.grid)
        self._widgets = list(widgets)
        self._columns = 0
        self._reflow()

    def widgets(self) -> list[QWidget]:
        return list(self._widgets)

    def columns(self) -> int:
        return self._columns

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._reflow()

    def _fitting_columns(self) -> int:
        if not self._widgets or self.width() <= 0:
            return self._max_columns
        widest = max(widget.sizeHint().width() for widget in self._widgets)
        fits = (self.width() + TARGET_GAP_MIN_PX) // (widest + TARGET_GAP_MIN_PX)
        return max(1, min(self._max_columns, fits))

    def _reflow(self) -> None:
        columns = self._fitting_columns()
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self._widgets:
            self.grid.removeWidget(widget)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        for index, widget in enumerate(self._widgets):
            self.grid.addWidget(widget, index // columns, index % columns)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)  # equal columns: the grid's lines stay straight
