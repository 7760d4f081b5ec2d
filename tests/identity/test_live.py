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


class _SlowClock:
    """A fake clock that advances 10 ms each time it is read: a frame's budget buys a known number of passes."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.010
        return self.now


def test_every_fallback_pass_gets_a_turn_when_each_frame_only_has_time_for_one() -> None:
    # 45 ms of budget at 10 ms per clock reading: the pyramid level and one more pass per frame.
    rotating = MultiPassDecoder(budget_ms=45, record=True, across_frames=True, clock=_SlowClock())
    per_frame = MultiPassDecoder(budget_ms=45, record=True, clock=_SlowClock())
    for _ in range(5):
        rotating.decode(_noise_frame())
        per_frame.decode(_noise_frame())
    fallbacks = {"frame defaults", "frame global", "frame median global", "frame clahe", "frame curved"}
    assert set(rotating.stats) == {"level 1"} | fallbacks
    assert set(per_frame.stats) == {"level 1", "frame defaults"}


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
