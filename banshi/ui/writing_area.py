"""The square a citizen writes in with a finger or the mouse; it collects strokes and draws them."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

from banshi.handwriting.ink import Ink, make_ink

MIN_SIDE_PX = 300  # smaller than this, a finger hides most of what it writes
MAX_POINTS = 8_000  # a slow hand writing 30 strokes at one point per 2 px stays below; past it the area stops taking ink
_MIN_STEP_PX = 2.0  # finer moves add points, not shape


class WritingArea(QFrame):
    """Strokes in widget pixels (y down). ``stroke_finished`` fires when the pen lifts.

    Its size is set by ``SquareHolder`` (the largest square in the space the pad is given); ink already
    written is scaled with it, so a resize never changes what was written.
    """

    stroke_finished = Signal()
    overflowed = Signal()  # the ink passed MAX_POINTS; further ink is ignored until cleared

    def __init__(self, side_px: int = 560, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handwriting-area")
        self.setProperty("role", "card")
        self.setMinimumSize(MIN_SIDE_PX, MIN_SIDE_PX)
        self.resize(side_px, side_px)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)  # touches arrive as mouse events
        self._strokes: list[list[tuple[float, float]]] = []
        self._drawing = False
        self._points = 0

    def ink(self) -> Ink:
        return make_ink(self.width(), self.height(), [s for s in self._strokes if s])

    @property
    def stroke_count(self) -> int:
        return len(self._strokes)

    def undo_stroke(self) -> None:
        if self._strokes:
            self._points -= len(self._strokes.pop())
            self.update()

    def clear(self) -> None:
        self._strokes.clear()
        self._points = 0
        self._drawing = False
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        old, new = event.oldSize(), event.size()
        if old.isValid() and old.width() > 0 and old != new:
            factor = new.width() / old.width()
            self._strokes = [[(x * factor, y * factor) for x, y in stroke] for stroke in self._strokes]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton or self._points >= MAX_POINTS:
            if self._points >= MAX_POINTS:
                self.overflowed.emit()
            return
        self._drawing = True
        self._strokes.append([])
        self._add(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._drawing:
            self._add(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if not self._drawing:
            return
        self._drawing = False
        self._add(event.position(), force=True)
        self.stroke_finished.emit()

    def _add(self, position: QPointF, force: bool = False) -> None:
        if self._points >= MAX_POINTS:
            self._drawing = False
            self.overflowed.emit()
            return
        x = min(max(position.x(), 0.0), self.width() - 1.0)
        y = min(max(position.y(), 0.0), self.height() - 1.0)
        stroke = self._strokes[-1]
        if stroke and not force and abs(stroke[-1][0] - x) + abs(stroke[-1][1] - y) < _MIN_STEP_PX:
            return
        stroke.append((x, y))
        self._points += 1
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_guides(painter)
        ink = QPen(self.palette().color(QPalette.ColorRole.WindowText), max(self.width() / 70, 6.0))
        ink.setCapStyle(Qt.PenCapStyle.RoundCap)
        ink.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(ink)
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(QPointF(*stroke[0]))
                continue
            path = QPainterPath(QPointF(*stroke[0]))
            for point in stroke[1:]:
                path.lineTo(QPointF(*point))
            painter.drawPath(path)
        painter.end()

    def _paint_guides(self, painter: QPainter) -> None:
        """The 田字格 guide Chinese children learn to write in: a cross of dashed lines."""
        guide = QPen(self.palette().color(QPalette.ColorRole.Mid), 2, Qt.PenStyle.DashLine)
        painter.setPen(guide)
        box = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        painter.drawLine(QPointF(box.center().x(), box.top()), QPointF(box.center().x(), box.bottom()))
        painter.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()))


class SquareHolder(QWidget):
    """Takes whatever space the layout gives and centres the largest square ``WritingArea`` in it."""

    def __init__(self, area: WritingArea, preferred_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        area.setParent(self)
        self._preferred = preferred_px
        self.setMinimumSize(MIN_SIDE_PX, MIN_SIDE_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self._preferred, self._preferred)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        side = max(min(self.width(), self.height()), MIN_SIDE_PX)
        self.area.setGeometry(QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side))
