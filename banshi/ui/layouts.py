"""Layout helpers shared by every page, and the pager that keeps long content on screens that never scroll."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QSizePolicy, QVBoxLayout, QWidget

from banshi.i18n import N_
from banshi.ui.text import BigButton, TextLabel


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


def keep_place_when_hidden(widget: QWidget) -> None:
    """A hidden ``widget`` keeps its room, so its neighbours never move."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


def height_at(widget: QWidget, width: int) -> int:
    """How tall ``widget`` wants to be at ``width`` (wrapped text grows taller as it gets narrower).

    A widget whose height follows its width is measured at ``width`` alone: its size hint is its height at
    a narrower width of Qt's choosing (a label wrapped to three lines), which would waste rows on a page."""
    wanted = widget.heightForWidth(width) if widget.hasHeightForWidth() else -1
    if wanted >= 0:
        return max(wanted, widget.minimumHeight())
    return max(widget.sizeHint().height(), widget.minimumSizeHint().height(), widget.minimumHeight())


def pack(heights: Sequence[int], room: int, spacing: int) -> list[range]:
    """Consecutive rows per page, as many as fit in ``room``; a row taller than ``room`` gets a page alone."""
    pages: list[range] = []
    start, used = 0, 0
    for index, height in enumerate(heights):
        needed = height if index == start else used + spacing + height
        if index > start and needed > room:
            pages.append(range(start, index))
            start, needed = index, height
        used = needed
    if heights:
        pages.append(range(start, len(heights)))
    return pages


class PagedList(QWidget):
    """Rows shown a page at a time, as many as fit in the height the page leaves; 上一页/下一页 when needed.

    It takes whatever height its page gives it (never more), so the page around it never overflows, and
    repages whenever that changes: another theme, language, orientation or answer length.
    """

    page_turned = Signal(int, int)  # page (1-based), pages

    def __init__(self, name: str, spacing: int = 16, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._rows: list[QWidget] = []
        self._pages: list[range] = []
        self._first_shown = 0
        self._spacing = spacing
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(spacing)
        self.pager = QWidget()
        self.pager.setObjectName(f"{name}-pager")
        self.previous_button = BigButton(N_("Previous page"))
        self.previous_button.setObjectName(f"{name}-previous-page")
        self.position = TextLabel("")
        self.position.setObjectName(f"{name}-position")
        self.next_button = BigButton(N_("Next page"))
        self.next_button.setObjectName(f"{name}-next-page")
        pager_layout = QHBoxLayout(self.pager)
        pager_layout.setContentsMargins(0, 0, 0, 0)
        pager_layout.setSpacing(32)
        # Equal thirds: "第 1 页，共 3 页" stays on one line (squeezed, it wrapped and cost a row of answers).
        pager_layout.addWidget(self.previous_button, 1)
        pager_layout.addWidget(self.position, 1)
        pager_layout.addWidget(self.next_button, 1)
        keep_place_when_hidden(self.previous_button)
        keep_place_when_hidden(self.next_button)
        self.previous_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        layout.addLayout(self.rows_layout)
        layout.addStretch(1)
        layout.addWidget(self.pager)
        self.pager.hide()

    def set_rows(self, rows: Sequence[QWidget]) -> None:
        self.clear()
        self._rows = list(rows)
        for row in self._rows:
            self.rows_layout.addWidget(row)
        self._repage()

    def rows(self) -> list[QWidget]:
        return list(self._rows)

    def clear(self) -> None:
        clear_layout(self.rows_layout)
        self._rows, self._pages, self._first_shown = [], [], 0
        self.pager.hide()

    def page_count(self) -> int:
        return len(self._pages)

    def current_page(self) -> int:
        """1-based number of the page on screen."""
        return next((number for number, rows in enumerate(self._pages, 1) if self._first_shown in rows), 1)

    def turn(self, step: int) -> None:
        target = min(max(self.current_page() - 1 + step, 0), len(self._pages) - 1)
        if self._pages:
            self._first_shown = self._pages[target].start
            self._show_current()

    def show_row(self, index: int) -> None:
        """Turn to the page that holds row ``index``."""
        self._first_shown = index
        self._show_current()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        """No: the rows' combined height must never make the page taller; they are paged instead."""
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._repage()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Rows filled while the page was hidden were measured at a stale width: measure again now."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self._repage)

    def retranslate_rows(self) -> None:
        """After a language switch the rows' heights change: page again."""
        self._repage()

    def _repage(self) -> None:
        if not self._rows:
            return
        heights = [height_at(row, self.width()) for row in self._rows]
        pages = pack(heights, self.height(), self._spacing)
        if len(pages) > 1:
            pager_height = height_at(self.pager, self.width())
            pages = pack(heights, self.height() - pager_height - self._spacing, self._spacing)
        self._pages = pages
        self._show_current()

    def _show_current(self) -> None:
        number = self.current_page()
        shown = self._pages[number - 1] if self._pages else range(0)
        for index, row in enumerate(self._rows):
            row.setVisible(index in shown)
        paged = len(self._pages) > 1
        self.pager.setVisible(paged)
        self.previous_button.setVisible(paged and number > 1)  # hidden, not greyed: nothing that does nothing
        self.next_button.setVisible(paged and number < len(self._pages))
        self.position.set_source(N_("Page {page} of {pages}", page=number, pages=len(self._pages)))
        self.page_turned.emit(number, len(self._pages))
