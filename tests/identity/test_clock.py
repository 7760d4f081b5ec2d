from __future__ import annotations

from pathlib import Path

import pytest

from banshi.identity.clock import ClockStateError, TrustedClock
from banshi.identity.rejections import CodeRejected, RejectReason


def test_the_high_water_mark_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "clock.json"
    TrustedClock(state, wall=lambda: 1000.0).observe(5000.0)
    assert TrustedClock(state, wall=lambda: 1000.0).mark == 5000.0


def test_the_mark_never_moves_backwards(tmp_path: Path) -> None:
    clock = TrustedClock(tmp_path / "clock.json", wall=lambda: 0.0)
    clock.observe(5000.0)
    clock.observe(4000.0)
    assert clock.mark == 5000.0


def test_a_clock_behind_the_mark_is_not_trusted() -> None:
    clock = TrustedClock(None, wall=lambda: 1000.0, tolerance_s=60)
    clock.observe(2000.0)
    with pytest.raises(CodeRejected) as caught:
        clock.trusted_now()
    assert caught.value.reason is RejectReason.TIME_NOT_TRUSTED


def test_a_clock_within_the_tolerance_of_the_mark_is_trusted() -> None:
    clock = TrustedClock(None, wall=lambda: 1000.0, tolerance_s=60)
    clock.observe(1050.0)
    assert clock.trusted_now() == 1000.0


def test_a_corrupt_state_file_is_refused_rather_than_forgotten(tmp_path: Path) -> None:
    state = tmp_path / "clock.json"
    state.write_text("{not json")
    with pytest.raises(ClockStateError, match="clock.json"):
        TrustedClock(state)


def test_saving_leaves_no_temporary_files(tmp_path: Path) -> None:
    TrustedClock(tmp_path / "clock.json").observe(1.0)
    assert [p.name for p in tmp_path.iterdir()] == ["clock.json"]
