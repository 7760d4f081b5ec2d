"""Live scanning: passes continue over frames, and a code held still under glare is read within a second."""

from __future__ import annotations

import numpy as np
import pytest

from banshi.identity.decoders import MultiPassDecoder
from banshi.identity.live import LiveScanner
from banshi.identity.stress import Split, StressKind, stress_video

from .support import SAMPLES

_SAMPLES = SAMPLES if SAMPLES.is_dir() else None
_ONE_SECOND = 15  # frames at the camera service's 15 fps


def _noise_frame() -> np.ndarray:
    return np.random.default_rng(7).integers(0, 255, (480, 640), dtype=np.uint8)


def test_every_fallback_pass_gets_a_turn_when_each_frame_only_has_time_for_one() -> None:
    rotating = MultiPassDecoder(budget_ms=1e-6, record=True, across_frames=True)
    per_frame = MultiPassDecoder(budget_ms=1e-6, record=True)
    for _ in range(6):
        rotating.decode(_noise_frame())
        per_frame.decode(_noise_frame())
    fallbacks = {"frame defaults", "frame global", "frame median global", "frame clahe", "frame zbar ascii",
                 "frame curved"}
    assert fallbacks <= set(rotating.stats)
    assert fallbacks.isdisjoint(per_frame.stats)


@pytest.mark.parametrize("kind", [StressKind.GLARE, StressKind.PHONE_SCREEN])
def test_a_code_held_still_is_reported_once_within_a_second_of_frames(kind: StressKind) -> None:
    expected, video = stress_video(kind, Split.HELD_OUT, 0, _ONE_SECOND, _SAMPLES)
    scanner = LiveScanner()
    reports = [text for text in map(scanner.feed, video) if text is not None]
    assert reports == [expected]


def test_a_scene_without_a_code_is_never_reported() -> None:
    _, video = stress_video(StressKind.NO_CODE, Split.HELD_OUT, 1, 8, _SAMPLES)
    scanner = LiveScanner()
    assert [text for text in map(scanner.feed, video) if text is not None] == []
