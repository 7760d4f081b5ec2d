"""How tall a glyph must be on screen to subtend an angle at a viewing distance (EN 301 549 5.1.4:
≥ 0.7°). The hall board's fonts and its audit both come from here."""

from __future__ import annotations

import math

MIN_ANGLE_DEG = 0.7


def screen_height_mm(diagonal_in: float, aspect: float = 16 / 9) -> float:
    return diagonal_in * 25.4 / math.hypot(aspect, 1.0)


def min_glyph_px(diagonal_in: float, distance_m: float, height_px: int, aspect: float = 16 / 9,
                 angle_deg: float = MIN_ANGLE_DEG) -> float:
    """Glyph height in pixels (capital letter; for Chinese the character) that subtends ``angle_deg``
    at ``distance_m`` on a screen of ``diagonal_in`` inches, ``height_px`` pixels tall."""
    glyph_mm = 2 * distance_m * 1000 * math.tan(math.radians(angle_deg / 2))
    pixel_mm = screen_height_mm(diagonal_in, aspect) / height_px
    return glyph_mm / pixel_mm
