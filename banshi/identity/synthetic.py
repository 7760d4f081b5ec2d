"""Synthetic camera frames of a printed code, for tests, demos and benchmarks.

A card image is shrunk to a plausible on-camera size, tilted in perspective, blurred,
lit unevenly and placed on a textured background, so decoding does real work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from banshi.identity.frames import Frame


def _background(size: tuple[int, int], rng: np.random.Generator) -> Frame:
    width, height = size
    noise = rng.integers(60, 140, (height // 8 + 1, width // 8 + 1, 3), dtype=np.uint8)
    return cv2.resize(noise, (width, height), interpolation=cv2.INTER_CUBIC)


def card_in_scene(
    card: Frame,
    size: tuple[int, int] = (1280, 720),
    card_width: float = 0.45,
    tilt: float = 0.08,
    blur: float = 1.2,
    seed: int = 0,
) -> Frame:
    """A BGR frame of ``size`` showing ``card`` (gray or BGR) at ``card_width`` of the frame width."""
    rng = np.random.default_rng(seed)
    scene = _background(size, rng)
    card_bgr = cv2.cvtColor(card, cv2.COLOR_GRAY2BGR) if card.ndim == 2 else card
    h, w = card_bgr.shape[:2]
    target_w = size[0] * card_width
    target_h = target_w * h / w
    cx, cy = size[0] / 2 + rng.uniform(-0.1, 0.1) * size[0], size[1] / 2 + rng.uniform(-0.05, 0.05) * size[1]
    jitter = lambda: rng.uniform(-tilt, tilt) * target_w  # noqa: E731 - a tiny local helper
    corners = np.float32([
        [cx - target_w / 2 + jitter(), cy - target_h / 2 + jitter()],
        [cx + target_w / 2 + jitter(), cy - target_h / 2 + jitter()],
        [cx + target_w / 2 + jitter(), cy + target_h / 2 + jitter()],
        [cx - target_w / 2 + jitter(), cy + target_h / 2 + jitter()],
    ])  # fmt: skip
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    warped = cv2.warpPerspective(card_bgr, matrix, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size)
    scene[mask > 0] = warped[mask > 0]
    return _camera_effects(scene, blur, rng)


def _camera_effects(scene: Frame, blur: float, rng: np.random.Generator) -> Frame:
    if blur > 0:
        scene = cv2.GaussianBlur(scene, (0, 0), blur)
    height, width = scene.shape[:2]
    light = np.linspace(0.8, 1.1, width, dtype=np.float32)[None, :, None]
    noisy = scene.astype(np.float32) * light + rng.normal(0, 4, scene.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def empty_scene(size: tuple[int, int] = (1280, 720), seed: int = 0) -> Frame:
    return _camera_effects(_background(size, np.random.default_rng(seed)), 1.0, np.random.default_rng(seed))


def scan_sequence(card: Frame, empty_frames: int, card_frames: int, size: tuple[int, int] = (1280, 720)) -> Iterator[Frame]:
    """``empty_frames`` frames of background, then ``card_frames`` of the card moving slightly."""
    for index in range(empty_frames):
        yield empty_scene(size, seed=index)
    for index in range(card_frames):
        yield card_in_scene(card, size, seed=1000 + index)


def write_video(path: Path, frames: Iterator[Frame], fps: float = 15.0) -> Path:
    """Write frames to an MJPG .avi file (readable by cv2.VideoCapture everywhere OpenCV runs)."""
    writer: cv2.VideoWriter | None = None
    try:
        for frame in frames:
            if writer is None:
                size = (frame.shape[1], frame.shape[0])
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
            writer.write(frame)
    finally:
        if writer is not None:
            writer.release()
    return path
