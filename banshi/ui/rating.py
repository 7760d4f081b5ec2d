"""The 好差评 rating both apps show a citizen at the end of a case (kiosk page, counter citizen display).

Five national levels in a neutral order, each a face and words, all alike: none pre-selected, none a
primary button, none focused first. A bad rating (不满意 / 非常不满意) then asks why, by one tap on a reason
(or "no reason"); the app files it marked for a call-back. A skip is always there. The widget knows no
records: apps give it the levels and reasons (``RatingLevel`` / ``RatingReason`` values and their words)
and file what ``rated`` reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from banshi.i18n import N_
from banshi.services.records import RatingLevel, RatingReason
from banshi.ui.text import BigButton, TextLabel, TextSource

FACE_PX = 72
SPACING_PX = 24


@dataclass(frozen=True)
class Level:
    value: str
    words: TextSource
    bad: bool  # asks a reason and is filed for a call-back


@dataclass(frozen=True)
class Reason:
    value: str
    words: TextSource


def national_levels() -> list[Level]:
    """The five national 好差评 levels, best first, with their words."""
    return [Level(level.value, level.label, level.is_bad) for level in RatingLevel]


def national_reasons() -> list[Reason]:
    return [Reason(reason.value, reason.label) for reason in RatingReason]


def face_pixmap(mood: float, colour: str = "#111111", size: int = FACE_PX) -> QPixmap:
    """A line-drawn face: ``mood`` 1.0 smiles broadly, 0.5 is level, 0.0 frowns. Drawn, not an emoji font."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour), max(size // 16, 3))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    margin = pen.widthF()
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    eye = size * 0.06
    for x in (0.36, 0.64):
        painter.drawEllipse(QPointF(size * x, size * 0.38), eye / 2, eye / 2)
    mouth = QPainterPath(QPointF(size * 0.3, size * 0.66))
    bend = (mood - 0.5) * size * 0.36  # down for a smile's middle, up for a frown's
    mouth.quadTo(QPointF(size * 0.5, size * 0.66 + bend), QPointF(size * 0.7, size * 0.66))
    painter.drawPath(mouth)
    painter.end()
    return pixmap


class RatingPanel(QWidget):
    """Levels, then (after a bad one) reasons. ``rated(level, reason)`` with reason "" when none was given."""

    rated = Signal(str, str)
    skipped = Signal()

    def __init__(self, levels: Sequence[Level], reasons: Sequence[Reason], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating-panel")
        self._levels = list(levels)
        self._chosen: Level | None = None
        self._stages = QStackedLayout(self)
        self._stages.addWidget(self._levels_stage())
        self._stages.addWidget(self._reasons_stage(reasons))

    def _levels_stage(self) -> QWidget:
        stage = QWidget()
        outer = QVBoxLayout(stage)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(32)
        self._grid = QGridLayout()
        self._grid.setSpacing(SPACING_PX)
        self._columns = 0
        self.level_buttons: list[BigButton] = []
        for level in self._levels:
            button = BigButton(level.words, role="tile")  # all alike: no level is the primary one
            button.setObjectName(f"rating-{level.value}")
            button.setIconSize(QSize(FACE_PX, FACE_PX))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # a row of equals
            button.clicked.connect(lambda _=False, level=level: self._choose(level))
            self.level_buttons.append(button)
        self._arrange(len(self.level_buttons))
        self._draw_faces()
        outer.addLayout(self._grid)
        self.skip_button = BigButton(N_("Skip rating"))
        self.skip_button.setObjectName("rating-skip")
        self.skip_button.clicked.connect(self.skipped)  # not .emit: PySide 6.12 leaks a True ref
        outer.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addStretch(1)
        return stage

    def _reasons_stage(self, reasons: Sequence[Reason]) -> QWidget:
        stage = QWidget()
        outer = QVBoxLayout(stage)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(32)
        self.reasons_prompt = TextLabel(N_("Sorry to hear that. What was not good? Tap one. "
                                           "We will call you back within one working day."))
        self.reasons_prompt.setObjectName("rating-reasons-prompt")
        outer.addWidget(self.reasons_prompt)
        self._reason_grid = QGridLayout()
        self._reason_grid.setSpacing(SPACING_PX)
        self._reason_columns = 0
        no_reason = Reason("none", N_("I would rather not say"))
        self.reason_buttons: list[BigButton] = []
        for reason in [*reasons, no_reason]:
            button = BigButton(reason.words, role="tile")
            button.setObjectName(f"reason-{reason.value}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            value = "" if reason is no_reason else reason.value
            button.clicked.connect(lambda _=False, value=value: self._give_reason(value))
            self.reason_buttons.append(button)
        self._arrange_reasons(3)
        outer.addLayout(self._reason_grid)
        outer.addStretch(1)
        return stage

    def reset(self) -> None:
        """Back to the five levels, nothing chosen and none focused (a focus ring would single one out).

        Apps call it each time the rating is shown to a new citizen."""
        self._chosen = None
        self._show_stage(0)

    def _show_stage(self, index: int) -> None:
        """Switch stage with no control focused: hiding the tapped one hands focus to the next, and its
        focus ring would single out one answer (seen on the reasons, "Waited too long")."""
        self._stages.setCurrentIndex(index)
        focused = self.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()

    def asking_reason(self) -> bool:
        return self._stages.currentIndex() == 1

    def _choose(self, level: Level) -> None:
        self._chosen = level
        if level.bad:
            self._show_stage(1)
        else:
            self.rated.emit(level.value, "")

    def _give_reason(self, reason: str) -> None:
        if self._chosen is not None:
            self.rated.emit(self._chosen.value, reason)

    def _draw_faces(self) -> None:
        """Faces in the buttons' own text colour, so they stay visible in every theme (black on white,
        white on black in high contrast)."""
        last = max(len(self.level_buttons) - 1, 1)
        for index, button in enumerate(self.level_buttons):
            colour = button.palette().color(QPalette.ColorRole.ButtonText).name()
            button.setIcon(QIcon(face_pixmap(1.0 - index / last, colour)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):  # a theme switch
            self._draw_faces()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self._draw_faces()  # the buttons are polished (their theme colours known) by the time they show
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self._arrange(self._columns_that_fit(event.size().width()))
        self._arrange_reasons(self._reason_columns_that_fit(event.size().width()))
        super().resizeEvent(event)

    def _reason_columns_that_fit(self, width: int) -> int:
        """Three reasons to a row (two rows fit any screen) where their words fit on one line, else fewer:
        three in a row on a portrait screen cut "Hard to understand" off."""
        needed = max(button.sizeHint().width() for button in self.reason_buttons)
        return next((columns for columns in (3, 2) if columns * needed + (columns - 1) * SPACING_PX <= width), 1)

    def _arrange_reasons(self, columns: int) -> None:
        if columns != self._reason_columns:
            self._reason_columns = columns
            _arrange(self._reason_grid, self.reason_buttons, columns)

    def _columns_that_fit(self, width: int) -> int:
        """As many levels to a row as fit with every label on one line: five in a row for 中文 on a wide
        screen, three for the longer English words, one in a column on a portrait screen."""
        needed = max(button.sizeHint().width() for button in self.level_buttons)
        for columns in (len(self.level_buttons), 3, 2):
            if columns * needed + (columns - 1) * SPACING_PX <= width:
                return columns
        return 1

    def _arrange(self, columns: int) -> None:
        if columns != self._columns:
            self._columns = columns
            _arrange(self._grid, self.level_buttons, columns)


def _arrange(grid: QGridLayout, buttons: Sequence[QWidget], columns: int) -> None:
    """``buttons`` in reading order (the neutral order reads left to right, on down), ``columns`` to a row,
    each column as wide as the others."""
    for button in buttons:
        grid.removeWidget(button)
    for index, button in enumerate(buttons):
        grid.addWidget(button, index // columns, index % columns)
    for column in range(len(buttons)):
        grid.setColumnStretch(column, 1 if column < columns else 0)
