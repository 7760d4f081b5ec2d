"""Text/background contrast measured from rendered pixels, not from the stylesheet's intentions.

Method: the widget's surface (the window, or the whole content of the scroll area it lives in, so
text scrolled out of view is measured too) is grabbed once into an image. Inside the widget's text
rectangle (the contents rectangle after border and padding), the **background** is the modal
colour, and the **text colour** is the modal colour among the pixels that clearly differ from the
background (relative-luminance contrast ≥ 1.25 against it). Anti-aliased glyph edges are spread over
many shades, while glyph cores at kiosk sizes (≥ 24 px) are painted in the exact text colour, so
that colour is the most frequent of the distinct ones. The ratio of these two colours is reported.
Text that paints no distinct pixel at all measures 1:1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QStyle, QStyleOptionButton, QStyleOptionFrame, QWidget

from banshi.accessibility.contrast import contrast_ratio
from banshi.tools.widgets import rect_in, scroll_content_of

DISTINCT_FROM_BACKGROUND = 1.25


@dataclass(frozen=True)
class MeasuredContrast:
    text: tuple[int, int, int]
    background: tuple[int, int, int]
    ratio: float

    def describe(self) -> str:
        return f"text {_hex(self.text)} on {_hex(self.background)} = {self.ratio:.2f}:1"


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def contents_rect(widget: QWidget) -> QRect:
    """The box a widget may paint text in: inside its border and padding, as the style computes them."""
    if isinstance(widget, QAbstractButton):
        option = QStyleOptionButton()
        option.initFrom(widget)
        option.text = widget.text()
        return widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, widget)
    if isinstance(widget, QLineEdit):
        frame = QStyleOptionFrame()
        frame.initFrom(widget)
        return widget.style().subElementRect(QStyle.SubElement.SE_LineEditContents, frame, widget)
    return widget.contentsRect()


def text_rect(widget: QWidget) -> QRect:
    """Where the glyphs are: a button's vertically centred band of label lines, else the contents box.

    Narrowing a button to the band its label occupies (a label may be left-aligned, so the band
    keeps the full width) keeps the arcs of a rounded border, which reach into the corners of the
    contents box, out of the measurement.
    """
    room = contents_rect(widget)
    if isinstance(widget, QAbstractButton):
        height = widget.fontMetrics().height() * (widget.text().count("\n") + 1)
        band = QRect(room.left(), room.center().y() - height // 2, room.width(), height)
        return band.intersected(room)
    return room


class Surfaces:
    """Grabs each surface once per audit; widgets on it are measured from that one image."""

    def __init__(self) -> None:
        self._images: dict[int, tuple[QWidget, np.ndarray]] = {}

    def pixels_of(self, widget: QWidget) -> np.ndarray:
        surface = scroll_content_of(widget) or widget.window()
        if id(surface) not in self._images:
            self._images[id(surface)] = (surface, _rgb_array(surface.grab().toImage()))
        _surface, image = self._images[id(surface)]
        area = text_rect(widget).translated(rect_in(widget, surface).topLeft())
        top, left = max(area.top(), 0), max(area.left(), 0)
        return image[top:area.bottom() + 1, left:area.right() + 1]

    def contrast_of(self, widget: QWidget) -> MeasuredContrast | None:
        pixels = self.pixels_of(widget)
        return measure(pixels) if pixels.size else None


def _rgb_array(image: QImage) -> np.ndarray:
    """The image as an (h, w) array of 0xRRGGBB integers."""
    converted = image.convertToFormat(QImage.Format.Format_RGB32)
    view = np.frombuffer(converted.constBits(), dtype=np.uint32, count=converted.height() * converted.bytesPerLine() // 4)
    rows = view.reshape(converted.height(), converted.bytesPerLine() // 4)[:, : converted.width()]
    return rows & 0xFFFFFF


def _rgb(value: int) -> tuple[int, int, int]:
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def measure(pixels: np.ndarray) -> MeasuredContrast:
    """Contrast between the modal colour and the modal clearly-different colour of ``pixels``."""
    colours, counts = np.unique(pixels, return_counts=True)
    background = _rgb(int(colours[int(np.argmax(counts))]))
    distinct = [(int(count), _rgb(int(colour))) for colour, count in zip(colours, counts, strict=True)
                if contrast_ratio(_rgb(int(colour)), background) >= DISTINCT_FROM_BACKGROUND]
    if not distinct:
        return MeasuredContrast(background, background, 1.0)
    text = max(distinct)[1]
    return MeasuredContrast(text, background, contrast_ratio(text, background))
