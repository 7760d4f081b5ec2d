"""Benchmark data for handwriting: held-out stroke sources and realistic perturbations.

Sources (fetched by scripts/fetch-handwriting-data.sh into .cache/handwriting/):
* KanjiVG (PyPI ``kanjivg``, CC BY-SA 3.0, hand-drawn by Ulrich Apel): NOT used to build anything.
  GB2312 level-1 characters it has → the test set; level-2 characters it has → the tuning set.
* hanzi-writer-data (npm, Make Me a Hanzi): built the templates; only Zinnia is measured on it
  (the issue's reference figure), never the matcher.

Each sample is placed in a 500 × 500 px writing area at 55-90 % size and re-sampled like a touch
screen (a point every 3-7 px), then perturbed as an elderly hand would, seeded by character and
condition (so every run sees the same samples). The perturbation model was written before any
figure on the test set was looked at and is the same for the tuning and the test set.
"""

from __future__ import annotations

import subprocess
import zlib
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path

import numpy as np

from banshi.handwriting.ink import Ink, make_ink
from banshi.handwriting.sources import Strokes, gb2312_level, hanzi_writer_strokes, kanjivg_strokes

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "handwriting"
BOX = 500.0
Rng = np.random.Generator
Strokes2 = list[np.ndarray]


class Condition(StrEnum):
    CLEAN = "clean"
    JITTER = "jitter"  # tremor: a smooth wander of ~1-2 % plus 0.5 % point noise and a small offset per stroke
    SLANT = "slant"  # shear ±15°, rotation ±8°
    SCALE = "scale"  # width 75-125 % of height
    SHORTENED = "shortened"  # each stroke loses up to 15 % at its start and 20 % at its end
    ORDER = "order"  # strokes written out of order (a third of neighbours swapped, some moved far) and 25 % backwards
    JOINED = "joined"  # cursive: 60 % of consecutive strokes (as written) less than half the character apart
    #                    joined by a curved connecting line without lifting the pen; corners rounded
    DISTORT = "distort"  # a smooth non-linear warp (parts bigger, smaller or shifted by up to ~6 %)
    ALL = "all"  # every one of the above at once


def ensure_data() -> None:
    if not (CACHE / "kanjivg" / "kanji").is_dir() or not (CACHE / "hanzi-writer-data").is_dir():
        subprocess.run(["bash", str(ROOT / "scripts" / "fetch-handwriting-data.sh")], check=True)


def kanjivg_set(level: int) -> list[tuple[str, Strokes]]:
    folder = CACHE / "kanjivg" / "kanji"
    found = [(c, kanjivg_strokes(folder, c)) for c in gb2312_level(level)]
    return [(c, s) for c, s in found if s]


def hanzi_writer_set(level: int) -> list[tuple[str, Strokes]]:
    folder = CACHE / "hanzi-writer-data"
    found = [(c, hanzi_writer_strokes(folder, c)) for c in gb2312_level(level)]
    return [(c, s) for c, s in found if s]


def samples(data: list[tuple[str, Strokes]], condition: Condition) -> Iterator[tuple[str, Ink]]:
    for character, strokes in data:
        rng = np.random.default_rng(zlib.crc32(f"{character}/{condition}".encode()))
        perturbed = perturb([np.asarray(s, float) for s in strokes], condition, rng)
        yield character, make_ink(BOX, BOX, [[(float(x), float(y)) for x, y in s] for s in perturbed])


def perturb(strokes: Strokes2, condition: Condition, rng: Rng) -> Strokes2:
    """The strokes placed in the box, pen-sampled, then changed as ``condition`` says (ALL: in writing order)."""
    placed = [_pen_sampling(s, rng.uniform(3, 7)) for s in _place(strokes, rng)]
    size = float(np.ptp(np.concatenate(placed), axis=0).max())
    for step, change in _STEPS:
        if condition in (step, Condition.ALL):
            placed = change(placed, rng, size)
    return [np.clip(s, 0, BOX - 1) for s in placed]


def _place(strokes: Strokes2, rng: Rng) -> Strokes2:
    points = np.concatenate(strokes)
    low, size = points.min(0), max(np.ptp(points, axis=0).max(), 1e-6)
    fill = rng.uniform(0.55, 0.9) * BOX
    offset = rng.uniform(0.05 * BOX, BOX - fill - 0.05 * BOX, 2) if fill < 0.9 * BOX else np.full(2, 0.05 * BOX)
    return [(s - low) / size * fill + offset for s in strokes]


def _pen_sampling(stroke: np.ndarray, step: float) -> np.ndarray:
    lengths = np.concatenate([[0], np.cumsum(np.linalg.norm(np.diff(stroke, axis=0), axis=1))])
    if len(stroke) < 2 or lengths[-1] < 1e-6:
        return stroke[:1].copy()
    at = np.linspace(0, lengths[-1], max(int(lengths[-1] / step), 1) + 1)
    return np.stack([np.interp(at, lengths, stroke[:, 0]), np.interp(at, lengths, stroke[:, 1])], 1)


def _reorder(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    order = list(range(len(strokes)))
    for i in range(len(order) - 1):  # neighbours swapped
        if rng.random() < 1 / 3:
            order[i], order[i + 1] = order[i + 1], order[i]
    if len(order) > 3 and rng.random() < 0.3:  # one stroke written much later (e.g. a dot or a closing stroke)
        order.append(order.pop(int(rng.integers(0, len(order) - 2))))
    return [strokes[i][::-1].copy() if rng.random() < 0.25 else strokes[i] for i in order]


def _distort(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    points = np.concatenate(strokes)
    low, span = points.min(0), np.maximum(np.ptp(points, axis=0), 1e-6)
    waves = [(rng.uniform(0.5, 1.5, 2) * np.pi, rng.uniform(0, 2 * np.pi, 2), rng.normal(0, 0.025 * size, 2))
             for _ in range(3)]

    def warp(stroke: np.ndarray) -> np.ndarray:
        unit = (stroke - low) / span
        shift = np.zeros_like(stroke)
        for frequency, phase, amplitude in waves:
            shift[:, 0] += amplitude[0] * np.sin(frequency[0] * unit[:, 1] + phase[0])
            shift[:, 1] += amplitude[1] * np.sin(frequency[1] * unit[:, 0] + phase[1])
        return stroke + shift

    return [warp(s) for s in strokes]


def _tremor(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    shaken = []
    for stroke in strokes:
        count = len(stroke)
        wander = np.cumsum(rng.normal(0, 0.004 * size, (count, 2)), axis=0)
        wander -= np.linspace(0, 1, count)[:, None] * wander[-1]
        kernel = np.ones(min(5, count)) / min(5, count)
        wander = np.stack([np.convolve(wander[:, 0], kernel, "same"), np.convolve(wander[:, 1], kernel, "same")], 1)
        shaken.append(stroke + wander + rng.normal(0, 0.005 * size, (count, 2)) + rng.normal(0, 0.02 * size, 2))
    return shaken


def _shorten(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    shortened = []
    for stroke in strokes:
        head, tail = int(len(stroke) * rng.uniform(0, 0.15)), int(len(stroke) * rng.uniform(0, 0.2))
        keep = len(stroke) >= 4 and len(stroke) - head - tail >= 2
        shortened.append(stroke[head:len(stroke) - tail] if keep else stroke)
    return shortened


def _slant(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    shear, turn = np.tan(np.radians(rng.uniform(-15, 15))), np.radians(rng.uniform(-8, 8))
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    return _affine(strokes, np.array([[1, shear], [0, 1]]) @ rotation)


def _scale(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    return _affine(strokes, np.diag([rng.uniform(0.75, 1.25), 1.0]))


def _affine(strokes: Strokes2, matrix: np.ndarray) -> Strokes2:
    centre = np.concatenate(strokes).mean(0)
    return [(s - centre) @ matrix.T + centre for s in strokes]


def _join(strokes: Strokes2, rng: Rng, size: float) -> Strokes2:
    joined = [strokes[0]]
    for stroke in strokes[1:]:
        if np.linalg.norm(joined[-1][-1] - stroke[0]) < 0.5 * size and rng.random() < 0.6:
            joined[-1] = _round_corners(np.concatenate([joined[-1], _ligature(joined[-1][-1], stroke[0], rng),
                                                        stroke]))
        else:
            joined.append(stroke)
    return joined


def _ligature(start: np.ndarray, end: np.ndarray, rng: Rng) -> np.ndarray:
    """The curved line a hand draws between two strokes when it does not lift (quadratic Bézier)."""
    gap = end - start
    bend = np.array([-gap[1], gap[0]]) * rng.uniform(-0.4, 0.4)
    control = (start + end) / 2 + bend
    t = np.linspace(0, 1, max(int(np.linalg.norm(gap) / 5), 2) + 1)[1:-1, None]
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t ** 2 * end


def _round_corners(stroke: np.ndarray) -> np.ndarray:
    if len(stroke) < 5:
        return stroke
    padded = np.pad(stroke, ((1, 1), (0, 0)), mode="edge")
    return 0.25 * padded[:-2] + 0.5 * padded[1:-1] + 0.25 * padded[2:]


# In the order a hand produces them: the order of writing, the shape, the tremor, the pen's reach,
# the whole character's slant and width, and last the pen not lifting between consecutive strokes.
_STEPS: tuple[tuple[Condition, Callable[[Strokes2, Rng, float], Strokes2]], ...] = (
    (Condition.ORDER, _reorder), (Condition.DISTORT, _distort), (Condition.JITTER, _tremor),
    (Condition.SHORTENED, _shorten), (Condition.SLANT, _slant), (Condition.SCALE, _scale),
    (Condition.JOINED, _join),
)
