"""Retry timing for the sync loop: capped exponential backoff with full jitter, and ``Retry-After``."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass
class Backoff:
    """Delay before the next attempt after ``failures`` failures in a row.

    Full jitter (a uniform draw below the exponential ceiling) spreads the retries of many
    devices that lost the network at the same moment, so the hub is not stampeded.
    """

    base: float = 1.0
    cap: float = 300.0
    max_retry_after: float = 3600.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * 2**self.failures)
        self.failures += 1
        delay = self.rng.uniform(0, ceiling)
        if retry_after is not None:
            # The hub's own estimate wins, but a broken header must not park the device for days.
            delay = max(delay, min(retry_after, self.max_retry_after))
        return delay

    def reset(self) -> None:
        self.failures = 0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
