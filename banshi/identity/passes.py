"""The image side of the QR pipeline: pyramid levels, regions worth a closer look, and repair passes.

Nothing here decodes; ``decoders.MultiPassDecoder`` decides what to run and in which order.
Each repair pass takes a gray crop and returns the image zxing-cpp should read next, plus the
scale factor from crop pixels to the returned image's pixels (corner points are mapped back).
Which passes are here and in which order was measured on the stress set's tuning split
(``bench/bench_qr_stress.py --passes``): a pass stays only if it reads codes the earlier ones miss.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from banshi.identity.frames import Frame

# Levels at or above this long side are worth reading at half size first (4 times fewer pixels).
PYRAMID_MIN_SIDE = 900
# An upscaled crop is kept at most this long: beyond it upscaling costs more than it gains.
UPSCALED_MAX_SIDE = 1400


def pyramid_scales(shape: tuple[int, ...]) -> list[float]:
    """Scales to read a frame at, coarsest first: halve while the long side stays >= PYRAMID_MIN_SIDE."""
    long_side = max(shape[:2])
    scales = [1.0]
    while long_side * scales[0] / 2 >= PYRAMID_MIN_SIDE:
        scales.insert(0, scales[0] / 2)
    return scales


def pyramid(gray: Frame, scales: list[float]) -> dict[float, Frame]:
    """The frame at each scale, each level halved from the next finer one (cheaper than from full size)."""
    images = {1.0: gray}
    for finer, coarser in zip(scales[::-1], scales[-2::-1], strict=False):
        images[coarser] = cv2.resize(images[finer], None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return images


@dataclass(frozen=True)
class Region:
    """An axis-aligned box in full-frame pixels where a code was seen but not read."""

    x0: int
    y0: int
    x1: int
    y1: int

    @classmethod
    def around(cls, points: Sequence[tuple[float, float]], shape: tuple[int, ...], margin: float = 0.25) -> Region:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        pad = margin * max(max(xs) - min(xs), max(ys) - min(ys)) + 8
        height, width = shape[:2]
        return cls(max(0, int(min(xs) - pad)), max(0, int(min(ys) - pad)),
                   min(width, int(max(xs) + pad)), min(height, int(max(ys) + pad)))  # fmt: skip

    @property
    def usable(self) -> bool:
        return self.x1 - self.x0 >= 21 and self.y1 - self.y0 >= 21  # a version-1 code has 21 modules

    def crop(self, gray: Frame) -> Frame:
        return gray[self.y0:self.y1, self.x0:self.x1]

    def overlaps(self, other: Region) -> bool:
        return not (self.x1 < other.x0 or other.x1 < self.x0 or self.y1 < other.y0 or other.y1 < self.y0)


def distinct(regions: list[Region]) -> list[Region]:
    """Regions that do not overlap an earlier one (zxing reports the same failed code more than once)."""
    kept: list[Region] = []
    for region in regions:
        if region.usable and not any(region.overlaps(other) for other in kept):
            kept.append(region)
    return kept


class RepairKind(StrEnum):
    PLAIN = "plain"  # the crop at full resolution, as is
    SHARPEN_UPSCALE = "sharpen_upscale"  # blur and soft modules: unsharp mask, then 2x cubic
    UPSCALE = "upscale"  # small modules and warped grids: finer sampling positions
    ADAPTIVE = "adaptive"  # glare and uneven light: Gaussian adaptive threshold over ~3 modules
    OPEN = "open"  # bloom and bright spots that thin the dark modules
    GLOBAL = "global"  # zxing's global-histogram binarizer on the crop


Repair = Callable[[Frame], tuple[Frame, float]]


def _upscale_factor(crop: Frame) -> float:
    return min(2.0, UPSCALED_MAX_SIDE / max(crop.shape[:2]))


def _upscale(crop: Frame) -> tuple[Frame, float]:
    factor = _upscale_factor(crop)
    if factor <= 1.2:
        return crop, 1.0
    return cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC), factor


def _sharpen_upscale(crop: Frame) -> tuple[Frame, float]:
    soft = cv2.GaussianBlur(crop, (0, 0), 2.0)
    return _upscale(cv2.addWeighted(crop, 2.5, soft, -1.5, 0))


def _adaptive(crop: Frame) -> tuple[Frame, float]:
    block = max(15, (min(crop.shape[:2]) // 10) | 1)  # a few modules wide, odd
    return cv2.adaptiveThreshold(crop, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 5), 1.0


def _open(crop: Frame) -> tuple[Frame, float]:
    return cv2.morphologyEx(crop, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)), 1.0


REPAIRS: dict[RepairKind, Repair] = {
    RepairKind.PLAIN: lambda crop: (crop, 1.0),
    RepairKind.SHARPEN_UPSCALE: _sharpen_upscale,
    RepairKind.UPSCALE: _upscale,
    RepairKind.ADAPTIVE: _adaptive,
    RepairKind.OPEN: _open,
    RepairKind.GLOBAL: lambda crop: (crop, 1.0),  # same pixels; the decoder switches binarizer
}
