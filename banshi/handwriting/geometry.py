"""Shape normalisation shared by templates and handwriting, so both are compared in one frame.

Steps: arc-length resampling, light smoothing (a finger on glass shakes), moment normalisation
(centre of ink, scale by its spread, so a character written small, large or squashed lands in
the same box) and de-slanting (the ink's dominant near-horizontal and near-vertical directions
are mapped to the axes, undoing a slanted or rotated hand).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

_AXIS_TOLERANCE = np.radians(25)  # directions this close to an axis vote for that axis's slant
_MIN_DETERMINANT = 0.5  # a de-slant this strong is a misreading of the ink, not a slant: skip it


def as_arrays(strokes: Sequence[Sequence[Sequence[float]]]) -> list[Array]:
    return [np.asarray(stroke, dtype=np.float64).reshape(-1, 2) for stroke in strokes if len(stroke)]


def resample(stroke: Array, step: float) -> Array:
    """Points every ``step`` along the stroke (a dot stays a single point)."""
    if len(stroke) < 2:
        return stroke
    lengths = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(stroke, axis=0), axis=1))])
    if lengths[-1] < 1e-9:
        return stroke[:1]
    positions = np.linspace(0.0, lengths[-1], max(int(lengths[-1] / step), 1) + 1)
    return np.stack([np.interp(positions, lengths, stroke[:, 0]), np.interp(positions, lengths, stroke[:, 1])], 1)


def smooth(stroke: Array, half_width: int = 2) -> Array:
    if len(stroke) < 3:
        return stroke
    kernel = np.ones(2 * half_width + 1) / (2 * half_width + 1)
    padded = np.pad(stroke, ((half_width, half_width), (0, 0)), mode="edge")
    return np.stack([np.convolve(padded[:, 0], kernel, "valid"), np.convolve(padded[:, 1], kernel, "valid")], 1)


def moment_normalise(strokes: list[Array], isotropic: bool = False) -> list[Array]:
    """Centre the ink's mass at (0.5, 0.5) and scale its spread to a fixed size, axis by axis.

    A thin axis (一, 丨) is not blown up: its spread is floored at 35 % of the other's.
    ``isotropic`` scales both axes alike (the shape's proportions are kept).
    """
    middles, weights = [], []
    for stroke in strokes:
        if len(stroke) < 2:
            middles.append(stroke[:1])
            weights.append(np.array([1e-3]))
        else:
            middles.append((stroke[1:] + stroke[:-1]) / 2)
            weights.append(np.linalg.norm(np.diff(stroke, axis=0), axis=1))
    points, mass = np.concatenate(middles), np.concatenate(weights) + 1e-9
    centre = (points * mass[:, None]).sum(0) / mass.sum()
    spread = np.sqrt(((points - centre) ** 2 * mass[:, None]).sum(0) / mass.sum())
    floor = max(spread.max() * (1.0 if isotropic else 0.35), 1e-9)
    spread = np.maximum(spread, floor)
    return [(stroke - centre) / (4 * spread) + 0.5 for stroke in strokes]


def _axis_angle(vectors: Array, lengths: Array, target: float) -> float:
    angles = np.arctan2(vectors[:, 1], vectors[:, 0])
    offsets = (angles - target + np.pi / 2) % np.pi - np.pi / 2
    near = np.abs(offsets) < _AXIS_TOLERANCE
    if lengths[near].sum() < 1e-6:
        return target
    weighted = lengths[near]
    return float(target + np.arctan2((weighted * np.sin(2 * offsets[near])).sum(),
                                     (weighted * np.cos(2 * offsets[near])).sum()) / 2)


def deslant(strokes: list[Array]) -> list[Array]:
    """Map the dominant near-horizontal and near-vertical directions onto the axes."""
    vectors = [np.diff(resample(stroke, 0.02), axis=0) for stroke in strokes if len(stroke) > 1]
    if not vectors:
        return strokes
    stacked = np.concatenate(vectors)
    lengths = np.linalg.norm(stacked, axis=1)
    horizontal, vertical = _axis_angle(stacked, lengths, 0.0), _axis_angle(stacked, lengths, np.pi / 2)
    axes = np.array([[np.cos(horizontal), np.cos(vertical)], [np.sin(horizontal), np.sin(vertical)]])
    if abs(np.linalg.det(axes)) < _MIN_DETERMINANT:
        return strokes
    undo = np.linalg.inv(axes)
    return [stroke @ undo.T for stroke in strokes]


def normalise(strokes: list[Array]) -> list[Array]:
    """The one normal form both templates and handwriting go through before any comparison.

    The second pass only re-centres and rescales: stretching the thin axis twice made a slightly
    curved template 一 eight times taller than a straight written one (and 一 unrecognisable).
    """
    return moment_normalise(deslant(moment_normalise(strokes)), isotropic=True)
