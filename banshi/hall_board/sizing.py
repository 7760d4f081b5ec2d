"""The board's font size from the 0.7° rule: the smallest pixel size whose rendered Chinese character
and Latin capital/digit are both at least the glyph height the viewing distance needs."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

# What the board shows: Chinese characters, capital letters, digits. Each is measured.
SAMPLES = ("号", "窗", "A", "0", "8")


def measured(ch: str) -> bool:
    """The glyphs the rule is about: capitals, digits and Chinese characters (not punctuation, not
    lower case, whose x-height the rule does not speak of)."""
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and ord(ch) >= 0x2E80)


def glyph_px(font: QFont, text: str) -> int:
    """The rendered height of the shortest measured glyph of ``text`` (ink, not line height); 0 if none."""
    metrics = QFontMetrics(font)
    heights = [metrics.tightBoundingRect(ch).height() for ch in text if measured(ch)]
    return min(heights) if heights else 0


def font_px_for(family: str, needed_glyph_px: float) -> int:
    """The smallest pixel size at which every sample glyph is at least ``needed_glyph_px`` tall."""
    size = max(8, int(needed_glyph_px))
    while True:
        font = QFont(family)
        font.setPixelSize(size)
        if glyph_px(font, "".join(SAMPLES)) >= needed_glyph_px:
            return size
        size += 1
