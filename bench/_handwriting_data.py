"""Benchmark data for handwriting: held-out stroke sources and realistic perturbations.

Sources (fetched by scripts/fetch-handwriting-data.sh into .cache/handwriting/):
* KanjiVG (PyPI ``kanjivg``, CC BY-SA 3.0, hand-drawn by Ulrich Apel): NOT used to build anything.
  GB2312 level-1 characters it has → the test set; level-2 characters it has → the tuning set.
* hanzi-writer-data (npm, Make Me a Hanzi): built the templates; only Zinnia is measured on it
  (the issue's reference figure), never the matcher.

Each sample is placed in a 500 × 500 px writing area at 55-90 % size and re-sampled like a touch
screen (a point every 3-7 px), then perturbed as a hand would, seeded by character and condition.
"""

from __future__ import annotations

import subprocess
import zlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import numpy as np

from banshi.handwriting.ink import Ink, make_ink
from banshi.handwriting.sources import Strokes, gb2312_level, hanzi_writer_strokes, kanjivg_strokes

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "handwriting"
BOX = 500.0


class Condition(StrEnum):
    CLEAN = "clean"
    JITTER = "jitter"  # tremor: a smooth wander of ~1-2 % plus 0.5 % point noise and a small offset per stroke
    SLANT = "slant"  # shear ±15°, rotation ±8°
    SCALE = "scale"  # width 75-125 % of height
    SHORTENED = "shortened"  # each stroke loses up to 15 % at its start and 20 % at its end
    JOINED = "joined"  # half of the strokes that start near the previous one's end are written without lifting
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


def perturb(strokes: list[np.ndarray], condition: Condition, rng: np.random.Generator) -> list[np.ndarray]:
    placed = [_pen_sampling(s, rng.uniform(3, 7)) for s in _place(strokes, rng)]
    size = np.ptp(np.concatenate(placed), axis=0).max()
    every = condition is Condition.ALL
    if every or condition is Condition.JITTER:
        placed = [_tremor(s, rng, size) for s in placed]
    if every or condition is Condition.SLANT:
        placed = _affine(placed, _slant_matrix(rng))
    if every or condition is Condition.SCALE:
        placed = _affine(placed, np.diag([rng.uniform(0.75, 1.25), 1.0]))
    if every or condition is Condition.SHORTENED:
        placed = [_shorten(s, rng) for s in placed]
    if every or condition is Condition.JOINED:
        placed = _join(placed, rng, size)
    return [np.clip(s, 0, BOX - 1) for s in placed]


def _place(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
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


def _tremor(stroke: np.ndarray, rng: np.random.Generator, size: float) -> np.ndarray:
    count = len(stroke)
    wander = np.cumsum(rng.normal(0, 0.004 * size, (count, 2)), axis=0)
    wander -= np.linspace(0, 1, count)[:, None] * wander[-1]
    kernel = np.ones(min(5, count)) / min(5, count)
    wander = np.stack([np.convolve(wander[:, 0], kernel, "same"), np.convolve(wander[:, 1], kernel, "same")], 1)
    return stroke + wander + rng.normal(0, 0.005 * size, (count, 2)) + rng.normal(0, 0.02 * size, 2)


def _slant_matrix(rng: np.random.Generator) -> np.ndarray:
    shear, turn = np.tan(np.radians(rng.uniform(-15, 15))), np.radians(rng.uniform(-8, 8))
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    return np.array([[1, shear], [0, 1]]) @ rotation


def _affine(strokes: list[np.ndarray], matrix: np.ndarray) -> list[np.ndarray]:
    centre = np.concatenate(strokes).mean(0)
    return [(s - centre) @ matrix.T + centre for s in strokes]


def _shorten(stroke: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if len(stroke) < 4:
        return stroke
    head, tail = int(len(stroke) * rng.uniform(0, 0.15)), int(len(stroke) * rng.uniform(0, 0.2))
    return stroke[head:len(stroke) - tail] if len(stroke) - head - tail >= 2 else stroke


def _join(strokes: list[np.ndarray], rng: np.random.Generator, size: float) -> list[np.ndarray]:
    joined = [strokes[0]]
    for stroke in strokes[1:]:
        if np.linalg.norm(joined[-1][-1] - stroke[0]) < 0.3 * size and rng.random() < 0.5:
            joined[-1] = np.concatenate([joined[-1], stroke])
        else:
            joined.append(stroke)
    return joined
