"""Second stage: elastic matching of the handwriting against a shortlist of templates, all at once.

For each shortlisted template the handwriting's point set is pulled onto the template by a damped
affine fit to its nearest template points (two rounds of ICP, so a residual slant, squash or shift
costs nothing), then scored by a symmetric chamfer distance in which a point's cost is its squared
distance plus a penalty for a different stroke direction. Lower is more alike. Order-free: joined,
split or reordered strokes are matched as well as neatly written ones.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from banshi.handwriting.geometry import Array

DIRECTION_WEIGHT = 0.15  # cost of a perpendicular tangent, in squared character heights
ROUNDS = 2
DAMPING = 0.5  # how far each round moves towards the fitted affine map (1.0 = all the way)
_FAR = 1e6


def chamfer_distances(points: Array, tangents: Array, template_points: NDArray[np.float32],
                      template_tangents: NDArray[np.float32], valid: NDArray[np.bool_]) -> Array:
    """Distance of the handwriting to each of K templates (``template_*`` are K × N, ``valid`` masks padding)."""
    count = len(template_points)
    if len(points) == 0 or count == 0:
        return np.full(count, np.inf)
    width = max(int(valid.sum(1).max()), 1)  # drop the padding no shortlisted template uses
    template_points, template_tangents, valid = template_points[:, :width], template_tangents[:, :width], valid[:, :width]
    moved = np.broadcast_to(points, (count, *points.shape)).astype(np.float32)
    moved_tangents = np.broadcast_to(tangents, (count, *tangents.shape)).astype(np.float32)
    for _ in range(ROUNDS):
        cost = _costs(moved, moved_tangents, template_points, template_tangents, valid)
        nearest = np.take_along_axis(template_points, cost.argmin(2)[..., None], axis=1)
        moved, moved_tangents = _fit_affine(moved, moved_tangents, nearest)
    cost = _costs(moved, moved_tangents, template_points, template_tangents, valid)
    forward = np.sqrt(cost.min(2)).mean(1)
    backward = np.sqrt(np.where(valid, cost.min(1), 0.0)).sum(1) / np.maximum(valid.sum(1), 1)
    return (forward + backward).astype(np.float64)


def _costs(points: NDArray[np.float32], tangents: NDArray[np.float32], template_points: NDArray[np.float32],
           template_tangents: NDArray[np.float32], valid: NDArray[np.bool_]) -> NDArray[np.float32]:
    """K × Na × Nb point-pair costs, by batched matrix products (the hot loop of recognition)."""
    template_t = template_points.transpose(0, 2, 1)
    squared = (points * points).sum(2)[:, :, None] + (template_points * template_points).sum(2)[:, None, :]
    squared -= 2.0 * (points @ template_t)
    alignment = np.abs(tangents @ template_tangents.transpose(0, 2, 1))
    cost = squared + DIRECTION_WEIGHT * (1.0 - alignment)
    cost[~np.broadcast_to(valid[:, None, :], cost.shape)] = _FAR
    return np.maximum(cost, 0.0, out=cost)


def _fit_affine(points: NDArray[np.float32], tangents: NDArray[np.float32],
                targets: NDArray[np.float32]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    ones = np.ones((*points.shape[:2], 1), np.float32)
    design = np.concatenate([points, ones], axis=2)
    normal = np.einsum("kni,knj->kij", design, design) + 1e-4 * np.eye(3, dtype=np.float32)
    fitted = np.linalg.solve(normal, np.einsum("kni,knj->kij", design, targets))
    identity = np.concatenate([np.eye(2, dtype=np.float32), np.zeros((1, 2), np.float32)])
    transform = DAMPING * fitted + (1 - DAMPING) * identity
    moved = design @ transform
    turned = tangents @ transform[:, :2]
    turned /= np.linalg.norm(turned, axis=2, keepdims=True) + 1e-9
    return moved.astype(np.float32), turned.astype(np.float32)
