from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from banshi.i18n import set_language
from banshi.sync.backoff import Backoff, parse_retry_after
from banshi.sync.guard import GuardState, guard_message, guard_state

WARN, BLOCK = timedelta(days=3), timedelta(days=14)


@pytest.mark.parametrize(
    "age, expected",
    [
        (None, GuardState.OK),
        (timedelta(days=2, hours=23), GuardState.OK),
        (timedelta(days=3), GuardState.WARN),
        (timedelta(days=13), GuardState.WARN),
        (timedelta(days=14), GuardState.BLOCK),
        (timedelta(days=30), GuardState.BLOCK),
    ],
)
def test_the_guard_warns_then_blocks_as_unsynced_records_age(age: timedelta | None, expected: GuardState) -> None:
    assert guard_state(age, WARN, BLOCK) is expected


def test_a_warning_limit_after_the_blocking_limit_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="warn_after"):
        guard_state(timedelta(days=1), BLOCK, WARN)


def test_the_guard_message_names_the_days_in_the_current_language() -> None:
    assert guard_message(GuardState.OK, None) is None
    message = guard_message(GuardState.BLOCK, timedelta(days=20))
    assert message is not None and "20" in str(message)
    set_language("en")
    assert "paused" in str(message)


def test_backoff_delays_are_jittered_below_the_exponential_ceiling() -> None:
    backoff = Backoff(base=1.0, cap=30.0, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(12)]
    ceilings = [min(30.0, 2.0**n) for n in range(12)]
    assert all(0 <= delay <= ceiling for delay, ceiling in zip(delays, ceilings, strict=True))
    assert len(set(delays)) == len(delays)  # jittered, not lock-step


class _AlwaysTheCeiling(random.Random):
    def uniform(self, a: float, b: float) -> float:
        return b


def test_the_backoff_ceiling_doubles_until_the_cap_and_resets_after_success() -> None:
    backoff = Backoff(base=1.0, cap=30.0, rng=_AlwaysTheCeiling())
    assert [backoff.next_delay() for _ in range(7)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    backoff.reset()
    assert backoff.next_delay() == 1.0


def test_retry_after_is_honoured_but_capped() -> None:
    backoff = Backoff(base=1.0, cap=5.0, max_retry_after=600.0, rng=random.Random(1))
    assert backoff.next_delay(retry_after=120.0) == 120.0
    assert backoff.next_delay(retry_after=86_400.0) == 600.0


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Sun, 01 Mar 2026 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
