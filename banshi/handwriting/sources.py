"""Readers for public stroke data, used to build the templates and to benchmark (never by the kiosk).

* ``hanzi-writer-data`` (npm, Make Me a Hanzi medians; Arphic Public License): one JSON file per
  character, medians in a 1024 box with y pointing up and the baseline at 900.
* ``kanjivg`` (PyPI, KanjiVG by Ulrich Apel; CC BY-SA 3.0): one SVG per character (Japanese forms),
  strokes as path data in a 109 box, y down.

Both are read into plain stroke lists (y down) so the rest of the code sees one format.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from banshi.handwriting.geometry import Array

Strokes = list[list[tuple[float, float]]]
_HANZI_WRITER_BASELINE = 900
_PATH = re.compile(r'<path [^>]*\bd="([^"]+)"')
_TOKEN = re.compile(r"[MmCcSsLlZzHhVv]|-?\d*\.?\d+(?:[eE]-?\d+)?")
_CURVE_POINTS = 8


def gb2312_level(level: int) -> list[str]:
    """The GB2312 level-1 (3,755, rows 16-55) or level-2 (3,008, rows 56-87) characters, in code order."""
    rows = range(0xB0, 0xD8) if level == 1 else range(0xD8, 0xF8)
    characters = []
    for high in rows:
        for low in range(0xA1, 0xFF):
            try:
                characters.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def hanzi_writer_strokes(folder: Path, character: str) -> Strokes | None:
    path = folder / f"{character}.json"
    if not path.is_file():
        return None
    medians = json.loads(path.read_text(encoding="utf-8"))["medians"]
    return [[(float(x), float(_HANZI_WRITER_BASELINE - y)) for x, y in median] for median in medians]


def kanjivg_strokes(folder: Path, character: str) -> Strokes | None:
    path = folder / f"{ord(character):05x}.svg"
    if not path.is_file():
        return None
    return [_path_points(data) for data in _PATH.findall(path.read_text(encoding="utf-8"))]


def _cubic(start: Array, control1: Array, control2: Array, end: Array) -> list[tuple[float, float]]:
    t = np.linspace(0, 1, _CURVE_POINTS + 1)[1:, None]
    curve = (1 - t) ** 3 * start + 3 * (1 - t) ** 2 * t * control1 + 3 * (1 - t) * t ** 2 * control2 + t ** 3 * end
    return [(float(x), float(y)) for x, y in curve]


def _path_points(data: str) -> list[tuple[float, float]]:
    """Points along an SVG path of the commands KanjiVG uses (M L H V C S Z, absolute or relative)."""
    tokens = _TOKEN.findall(data)
    position, start, last_control = np.zeros(2), np.zeros(2), None
    points: list[tuple[float, float]] = []
    index, command = 0, "M"

    def number() -> float:
        nonlocal index
        index += 1
        return float(tokens[index - 1])

    def pair(origin: Array) -> Array:
        return origin + np.array([number(), number()])

    while index < len(tokens):
        if tokens[index].isalpha():
            command, index = tokens[index], index + 1
        origin = position if command.islower() else np.zeros(2)
        kind = command.upper()
        if kind in "ML":
            position = pair(origin)
            points.append((float(position[0]), float(position[1])))
            if kind == "M":
                start, command = position, ("l" if command.islower() else "L")
            last_control = None
        elif kind in "HV":
            value = number() + (position["HV".index(kind)] if command.islower() else 0.0)
            position = np.array([value, position[1]]) if kind == "H" else np.array([position[0], value])
            points.append((float(position[0]), float(position[1])))
            last_control = None
        elif kind in "CS":
            control1 = (pair(origin) if kind == "C"
                        else (2 * position - last_control if last_control is not None else position))
            control2, end = pair(origin), pair(origin)
            points += _cubic(position, control1, control2, end)
            last_control, position = control2, end
        else:  # Z
            position = start
    return points
