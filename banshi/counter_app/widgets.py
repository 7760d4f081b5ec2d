"""Small clerk-window helpers: line edits without drag and drop, tables without focus traps,
and the spacing between controls the audit asks for (≥ 16 px)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QBoxLayout, QFormLayout, QLineEdit, QTableWidget

SPACING_PX = 16


def line_edit(name: str, accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible_name)
    edit.setAcceptDrops(False)  # single tap only: nothing is ever dragged in
    return edit


def spaced(layout: QBoxLayout | QFormLayout) -> QBoxLayout | QFormLayout:
    if isinstance(layout, QFormLayout):
        layout.setHorizontalSpacing(SPACING_PX)
        layout.setVerticalSpacing(SPACING_PX)
    else:
        layout.setSpacing(SPACING_PX)
    return layout


def read_only_table(name: str, accessible_name: str, columns: int) -> QTableWidget:
    """A list of rows to read and pick from; Tab leaves it (no focus trap), no header to tap."""
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.setAcceptDrops(False)
    table.viewport().setAcceptDrops(False)
    table.horizontalHeader().hide()
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    no_sideways_scrolling(table)
    return table


def no_sideways_scrolling(view: QAbstractItemView) -> None:
    """Long texts (English titles) wrap instead of needing a thin horizontal scroll bar to read."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
