"""What is compared: a stroke-order-free directional feature vector and a point set with tangents.

The directional feature spreads every bit of ink over a 14 × 14 grid and 8 line orientations
(bilinear in space, linear between neighbouring orientations; a stroke's direction of travel is
ignored), blurs it lightly and takes square roots, so cosine similarity between two vectors
measures how alike the shapes are regardless of stroke order, stroke direction, stroke count or
joined strokes. The point set feeds the second-stage elastic matcher.

Grid and blur were chosen on the tuning set (KanjiVG GB2312 level-2, all perturbations at once):
the true character among the cosine's best 40 rose from 87 % (8 × 8) to 95 % (14 × 14); a wider
blur lost on both clean and perturbed ink.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from banshi.handwriting.geometry import Array, resample, smooth

GRID = 14
DIRECTIONS = 8
FEATURE_SIZE = GRID * GRID * DIRECTIONS
FEATURE_STEP = 0.01  # resampling step on the normalised character (about 1 % of its height)
POINT_STEP = 0.06  # the second stage's point spacing: about 60-120 points for a character
_PADDED = GRID + 2


def directional(strokes: list[Array]) -> NDArray[np.float32]:
    """Unit-length directional feature vector of normalised strokes."""
    pieces = [smooth(resample(stroke, FEATURE_STEP)) for stroke in strokes]
    pieces = [piece for piece in pieces if len(piece) > 1]
    if not pieces:
        return np.zeros(FEATURE_SIZE, np.float32)
    deltas = np.concatenate([np.diff(piece, axis=0) for piece in pieces])
    middles = np.concatenate([(piece[1:] + piece[:-1]) / 2 for piece in pieces])
    lengths = np.linalg.norm(deltas, axis=1)
    histogram = _accumulate(deltas, middles, lengths)
    histogram = _blur(histogram.reshape(_PADDED, _PADDED, DIRECTIONS)[1:-1, 1:-1])
    vector = np.sqrt(histogram).ravel()
    norm = np.linalg.norm(vector)
    return (vector / norm if norm > 0 else vector).astype(np.float32)


def _accumulate(deltas: Array, middles: Array, lengths: Array) -> Array:
    """Bilinear (space) × linear (direction) voting in one bincount."""
    # Orientation, not direction: a stroke written backwards votes exactly as the textbook stroke.
    angle = np.arctan2(deltas[:, 1], deltas[:, 0]) % np.pi / np.pi * DIRECTIONS
    low = np.floor(angle)
    upper_share = angle - low
    low_bin = low.astype(int) % DIRECTIONS
    high_bin = (low_bin + 1) % DIRECTIONS
    cell = np.clip(middles * GRID - 0.5, -1, GRID) + 1
    low_cell = np.clip(np.floor(cell).astype(int), 0, GRID)
    share = cell - low_cell
    indices, weights = [], []
    for dx, wx in ((0, 1 - share[:, 0]), (1, share[:, 0])):
        for dy, wy in ((0, 1 - share[:, 1]), (1, share[:, 1])):
            base = ((low_cell[:, 1] + dy) * _PADDED + low_cell[:, 0] + dx) * DIRECTIONS
            spatial = lengths * wx * wy
            indices += [base + low_bin, base + high_bin]
            weights += [spatial * (1 - upper_share), spatial * upper_share]
    return np.bincount(np.concatenate(indices), np.concatenate(weights), minlength=_PADDED * _PADDED * DIRECTIONS)


def _blur(grid: Array) -> Array:
    """[1 2 1]/4 along both spatial axes (zero outside), each direction plane alike."""
    padded = np.pad(grid, ((1, 1), (0, 0), (0, 0)))
    grid = 0.25 * padded[:-2] + 0.5 * padded[1:-1] + 0.25 * padded[2:]
    padded = np.pad(grid, ((0, 0), (1, 1), (0, 0)))
    return 0.25 * padded[:, :-2] + 0.5 * padded[:, 1:-1] + 0.25 * padded[:, 2:]


def point_set(strokes: list[Array]) -> tuple[Array, Array]:
    """Points every ``POINT_STEP`` with their unit tangents (direction sign ignored later)."""
    points, tangents = [], []
    for stroke in strokes:
        sampled = resample(stroke, POINT_STEP)
        if len(sampled) < 2:
            continue
        gradient = np.gradient(sampled, axis=0)
        points.append(sampled)
        tangents.append(gradient / (np.linalg.norm(gradient, axis=1, keepdims=True) + 1e-9))
    if not points:
        return np.zeros((0, 2)), np.zeros((0, 2))
    return np.concatenate(points), np.concatenate(tangents)
