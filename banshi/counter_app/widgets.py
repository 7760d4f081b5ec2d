"""Small clerk-window helpers: line edits without drag and drop, tables without focus traps,
and the spacing between controls the audit asks for (≥ 16 px)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QBoxLayout, QFormLayout, QHeaderView, QLineEdit, QTableWidget

from banshi.i18n import LazyText

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


def read_only_table(name: str, accessible_name: str, headers: Sequence[LazyText]) -> QTableWidget:
    """A list of rows to read and pick from under column headers that say what each column holds (headers
    are read, not tapped: nothing sorts); Tab leaves it (no focus trap)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([str(header) for header in headers])
    table.horizontalHeader().setSectionsClickable(False)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.setAcceptDrops(False)
    table.viewport().setAcceptDrops(False)
    table.verticalHeader().hide()
    # Each column as wide as its contents, the last one takes the room left (it follows new rows by itself).
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    no_sideways_scrolling(table)
    return table


def no_sideways_scrolling(view: QAbstractItemView) -> None:
    """Long texts (English titles) wrap instead of needing a thin horizontal scroll bar to read."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
