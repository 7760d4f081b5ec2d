"""WCAG 2.x relative luminance and contrast ratio (Qt-free, so tokens can be checked anywhere)."""

from __future__ import annotations


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def parse_hex(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"Colour {colour!r} must be #RRGGBB.")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    red, green, blue = (_channel(part) for part in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[int, int, int] | str, second: tuple[int, int, int] | str) -> float:
    one = relative_luminance(parse_hex(first) if isinstance(first, str) else first)
    two = relative_luminance(parse_hex(second) if isinstance(second, str) else second)
    lighter, darker = max(one, two), min(one, two)
    return (lighter + 0.05) / (darker + 0.05)
