"""The board's window: the newest call as a sentence, the latest call of each counter (newest first,
the newest highlighted), and how many wait for each service. Everything is at least as tall as the
0.7° rule needs at the configured viewing distance; nothing scrolls, in either orientation."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from banshi.accessibility.tokens import Theme
from banshi.hall.announce import Announcement
from banshi.hall.board_model import BoardModel
from banshi.hall.protocol import HallInfo
from banshi.i18n import _

HIGHLIGHT_S = 10.0  # a new call stays highlighted this long
LANDSCAPE_CELLS, PORTRAIT_CELLS = 10, 6


class BoardWindow(QWidget):
    def __init__(self, info: HallInfo, theme: Theme, family: str, text_px: int, portrait: bool = False) -> None:
        super().__init__()
        self.setObjectName("hall-board")
        self.setWindowTitle(_("Queue display"))
        self.info, self.theme, self.portrait = info, theme, portrait
        self.prefix = {service.id: service.prefix for service in info.services}
        self.text_px, self.family = text_px, family
        font = QFont(family)
        font.setPixelSize(text_px)
        self.setFont(font)
        self.banner = self._label("banner", wrap=True)
        self.cells = [self._label(f"counter-cell-{i}") for i in range(PORTRAIT_CELLS if portrait else LANDSCAPE_CELLS)]
        self.waiting_title = self._label("waiting-title")
        self.waiting = {service.id: self._label(f"waiting-{service.id}") for service in info.services}
        self._highlight_until = 0.0
        self._lost_text = ""
        self._build()
        self._unhighlight = QTimer(self, singleShot=True, timeout=self._refresh_highlight)
        self.model = BoardModel()
        self.show_model(self.model)

    def _label(self, name: str, wrap: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(wrap)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter if name == "banner" else Qt.AlignmentFlag.AlignLeft
                           | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _build(self) -> None:
        palette = self.theme.palette
        self.setStyleSheet(
            f"QWidget#hall-board {{ background: {palette.background}; }}"
            f"QLabel {{ color: {palette.text}; background: transparent; padding: 0 16px;"
            f" font-family: '{self.family}'; font-size: {self.text_px}px; }}"
            f"QLabel[state='new'] {{ color: {palette.on_primary}; background: {palette.primary}; }}"
            f"QLabel[state='lost'] {{ color: {palette.on_primary}; background: {palette.primary}; }}"
            f"QLabel#waiting-title {{ color: {palette.muted_text}; }}")
        grid = QGridLayout()
        grid.setSpacing(8)
        columns = 1 if self.portrait else 2
        for index, cell in enumerate(self.cells):
            grid.addWidget(cell, index // columns, index % columns)
        waiting = QGridLayout()
        waiting.addWidget(self.waiting_title, 0, 0, 1, 2 if self.portrait else 1)
        for index, label in enumerate(self.waiting.values()):
            row, column = (1 + index // 2, index % 2) if self.portrait else (1 + index, 0)
            waiting.addWidget(label, row, column)
        body = QVBoxLayout() if self.portrait else QHBoxLayout()
        body.addLayout(grid, 2)
        body.addLayout(waiting, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)

    # ----- state → widgets ----------------------------------------------------------------------

    def show_model(self, model: BoardModel) -> None:
        self.model = model
        newest = model.newest
        if self._lost_text:
            self.banner.setText(self._lost_text)
        else:
            call = Announcement(newest.code, newest.counter) if newest else None
            self.banner.setText((call.shown_two_lines() if self.portrait else call.shown()) if call
                                else _("Please wait to be called"))
        latest = sorted(model.current.values(), key=lambda call: call.seq, reverse=True)[: len(self.cells)]
        for cell, call in zip(self.cells, latest + [None] * len(self.cells), strict=False):
            cell.setText(f"{call.counter} ▸ {call.code}" if call else "")  # no words: the same in every language
        self.waiting_title.setText(_("Queue"))
        for service_id, label in self.waiting.items():
            label.setText(_("{prefix}: {count}").format(prefix=self.prefix[service_id],
                                                        count=model.waiting.get(service_id, 0)))
        self._refresh_highlight()

    def highlight_newest(self) -> None:
        self._highlight_until = time.monotonic() + HIGHLIGHT_S
        self._unhighlight.start(int(HIGHLIGHT_S * 1000))
        self._refresh_highlight()

    def show_lost(self, lost: bool) -> None:
        self._lost_text = _("Reconnecting to the queue…") if lost else ""
        self.show_model(self.model)

    def _refresh_highlight(self) -> None:
        fresh = time.monotonic() < self._highlight_until
        self._set_state(self.banner, "lost" if self._lost_text else ("new" if fresh else ""))
        for index, cell in enumerate(self.cells):
            self._set_state(cell, "new" if fresh and index == 0 and cell.text() else "")

    @staticmethod
    def _set_state(label: QLabel, state: str) -> None:
        if label.property("state") != state:
            label.setProperty("state", state)
            label.style().unpolish(label)
            label.style().polish(label)
