"""EN 301 549 5.1.4: in the large-text mode, text must subtend ≥ 0.7° at the kiosk's viewing distance.

Measured from rendered pixels: the widget's own font paints a capital H (Latin text) or 国 (text with
Chinese: a full-frame character, as H is a full-height letter) into an image, and the inked rows are
counted. The pixel pitch comes from the stated screen diagonal and the screen's resolution; the angle
is 2·atan(h / 2d). The header's brand (a logotype, allowed ≥ 24 px) is not text a citizen has to read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QImage, QPainter
from PySide6.QtWidgets import QWidget

from banshi.accessibility.tokens import BRAND_MIN_PX, Theme
from banshi.tools.widgets import Violation, describe, visible_text

MIN_ANGLE_DEG = 0.7
LATIN_REFERENCE, CJK_REFERENCE = "H", "国"


@dataclass(frozen=True)
class Viewing:
    """The stated screen and where the citizen stands (kiosk settings)."""

    diagonal_in: float
    distance_mm: float
    screen_px: QSize

    @property
    def pitch_mm(self) -> float:
        return self.diagonal_in * 25.4 / math.hypot(self.screen_px.width(), self.screen_px.height())

    def angle_deg(self, height_px: int) -> float:
        return math.degrees(2 * math.atan(height_px * self.pitch_mm / (2 * self.distance_mm)))

    def needed_px(self) -> float:
        return 2 * self.distance_mm * math.tan(math.radians(MIN_ANGLE_DEG / 2)) / self.pitch_mm


def is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def glyph_height(text: str, font: QFont) -> int:
    """Inked rows of the reference glyph for ``text`` (国 when it has Chinese, else H) in ``font``."""
    reference = CJK_REFERENCE if any(is_cjk(char) for char in text) else LATIN_REFERENCE
    return _ink_rows(reference, font.family(), QFontInfo(font).pixelSize(), font.weight())


@lru_cache(maxsize=4096)
def _ink_rows(char: str, family: str, pixels: int, weight: QFont.Weight) -> int:
    font = QFont(family)
    font.setPixelSize(max(pixels, 1))
    font.setWeight(weight)
    side = max(pixels, 1) * 3
    image = QImage(side, side, QImage.Format.Format_Grayscale8)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, char)
    painter.end()
    stride = image.bytesPerLine()
    pixels_ = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * side).reshape(side, stride)[:, :side]
    inked = np.where((pixels_ < 128).any(axis=1))[0]
    return int(inked.max() - inked.min() + 1) if inked.size else 0


def check_visual_angle(screen: str, widgets: list[QWidget], theme: Theme, viewing: Viewing) -> list[Violation]:
    if not theme.large_text_mode:
        return []
    found = []
    for widget in widgets:
        text = visible_text(widget).strip()
        if not text or widget.property("role") == "brand":
            continue
        widget.ensurePolished()
        height = glyph_height(text, widget.font())
        angle = viewing.angle_deg(height)
        if angle < MIN_ANGLE_DEG - 1e-6:
            kind = "Chinese character" if any(is_cjk(char) for char in text) else "capital letter"
            found.append(Violation(screen, describe(widget), "visual-angle",
                                   f"{kind} {height} px high = {angle:.2f}° at {viewing.distance_mm:.0f} mm on a "
                                   f"{viewing.diagonal_in}″ screen, needs ≥ {MIN_ANGLE_DEG}° "
                                   f"(≥ {viewing.needed_px():.1f} px)"))
    return found


def minimum_text_px(widget: QWidget, theme: Theme) -> int:
    """The brand (a logotype in the header) may be smaller than text, down to BRAND_MIN_PX."""
    return min(BRAND_MIN_PX, theme.min_text_px) if widget.property("role") == "brand" else theme.min_text_px
