"""The stroke model: what a pen wrote, as ``{"width": W, "height": H, "strokes": [[[x, y], …], …]}``.

Coordinates are in the writing area's pixels, y pointing down. ``Ink`` is immutable and already
checked: every consumer (the recogniser, the CLI, the pad) can trust it. A stroke of thousands of
points (a slow hand, a 1000 Hz digitiser) is thinned along its length, not refused; only absurd
input (more strokes or points than any character has) is refused with a clear error.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Stroke = tuple[Point, ...]

MAX_STROKES = 60  # the most complex GB2312 character has 36 strokes; joined or split strokes stay far below
MAX_POINTS_IN = 200_000  # refused above this: not handwriting
MAX_POINTS_PER_STROKE = 256  # thinned to this; enough for any stroke at any writing-area size
MAX_COORDINATE = 100_000.0


class InkError(ValueError):
    """Stroke data that cannot be read as handwriting; the message says what is wrong with it."""


@dataclass(frozen=True)
class Ink:
    """Strokes written in a ``width`` × ``height`` area (pixels, y down)."""

    width: float
    height: float
    strokes: tuple[Stroke, ...]

    @property
    def is_empty(self) -> bool:
        return not self.strokes

    @property
    def point_count(self) -> int:
        return sum(len(stroke) for stroke in self.strokes)

    def without_last_stroke(self) -> Ink:
        return Ink(self.width, self.height, self.strokes[:-1])

    def to_json(self) -> dict[str, Any]:
        return {"width": self.width, "height": self.height,
                "strokes": [[[x, y] for x, y in stroke] for stroke in self.strokes]}


def make_ink(width: float, height: float, strokes: Iterable[Iterable[Sequence[float]]]) -> Ink:
    """Checked ``Ink`` from raw numbers; raises ``InkError`` naming the first problem found."""
    width, height = _dimension("width", width), _dimension("height", height)
    checked: list[Stroke] = []
    total = 0
    for index, raw in enumerate(strokes):
        stroke = _stroke(index, raw)
        total += len(stroke)
        if total > MAX_POINTS_IN:
            raise InkError(f"too many points (over {MAX_POINTS_IN:,}); this is not one handwritten character")
        if stroke:
            checked.append(thin(stroke, MAX_POINTS_PER_STROKE))
        if len(checked) > MAX_STROKES:
            raise InkError(f"too many strokes (over {MAX_STROKES}); write one character at a time")
    return Ink(width, height, tuple(checked))


def ink_from_json(data: Any) -> Ink:
    if not isinstance(data, Mapping):
        raise InkError('expected a JSON object {"width": W, "height": H, "strokes": [...]}')
    missing = [key for key in ("width", "height", "strokes") if key not in data]
    if missing:
        raise InkError(f"missing {', '.join(missing)}")
    strokes = data["strokes"]
    if not isinstance(strokes, list):
        raise InkError("strokes must be a list of strokes, each a list of [x, y] points")
    return make_ink(data["width"], data["height"], strokes)


def read_ink(path: Path) -> Ink:
    """Read a stroke file; every failure (missing, unreadable, not JSON, bad shape) is an ``InkError``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InkError(f"cannot read the file ({error.__class__.__name__}: {getattr(error, 'strerror', '') or error})") \
            from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InkError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    return ink_from_json(data)


def thin(stroke: Stroke, limit: int) -> Stroke:
    """At most ``limit`` points, evenly spaced along the stroke (first and last kept)."""
    if len(stroke) <= limit:
        return stroke
    lengths = [0.0]
    for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
        lengths.append(lengths[-1] + math.hypot(x1 - x0, y1 - y0))
    if lengths[-1] == 0:
        return stroke[:1]
    kept: list[Point] = []
    cursor = 0
    for step in range(limit):
        target = lengths[-1] * step / (limit - 1)
        while cursor < len(lengths) - 2 and lengths[cursor + 1] < target:
            cursor += 1
        kept.append(stroke[cursor + 1] if lengths[cursor + 1] <= target else stroke[cursor])
    kept[-1] = stroke[-1]
    return tuple(kept)


def _dimension(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InkError(f"{name} must be a number")
    if not 1 <= value <= MAX_COORDINATE:
        raise InkError(f"{name} must be between 1 and {MAX_COORDINATE:,.0f}")
    return float(value)


def _stroke(index: int, raw: Any) -> Stroke:
    if not isinstance(raw, list | tuple):
        raise InkError(f"stroke {index + 1} must be a list of [x, y] points")
    points: list[Point] = []
    for point in raw:
        if (not isinstance(point, list | tuple) or len(point) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                           and abs(v) <= MAX_COORDINATE for v in point)):
            raise InkError(f"stroke {index + 1} has a point that is not [x, y] with two finite numbers")
        points.append((float(point[0]), float(point[1])))
    return tuple(points)
