"""Clock safety: a persisted high-water mark of trusted time.

Trusted times come from signed sources: the trust list's issue time, the issue time of
every code that verified, and times the sync engine reports from the hub (``observe``).
If the device clock reads earlier than the mark (rolled back, or a dead RTC battery), code
checks report ``time_not_trusted`` instead of judging expiry against a wrong clock.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

from banshi.errors import OperatorError
from banshi.identity.rejections import CodeRejected, RejectReason
from banshi.files import replace_atomically

# Signed times can be slightly ahead of a correct device clock (the issuer's clock drifts).
DEFAULT_TOLERANCE_S = 300.0


class TrustedClock:
    """The device clock, checked against a high-water mark kept in ``state_path`` (None: memory only)."""

    def __init__(
        self,
        state_path: Path | None = None,
        wall: Callable[[], float] = time.time,
        tolerance_s: float = DEFAULT_TOLERANCE_S,
    ) -> None:
        self.state_path = state_path
        self.wall = wall
        self.tolerance_s = tolerance_s
        self._lock = threading.Lock()
        self._mark = self._load()

    @property
    def mark(self) -> float:
        return self._mark

    def now(self) -> float:
        return self.wall()

    def trusted_now(self) -> float:
        """The current time, or CodeRejected(time_not_trusted) if the clock is behind the mark."""
        now = self.wall()
        if now + self.tolerance_s < self._mark:
            raise CodeRejected(
                RejectReason.TIME_NOT_TRUSTED,
                f"the device clock ({now:.0f}) is earlier than trusted time already seen ({self._mark:.0f})",
            )
        return now

    def observe(self, trusted_time: float) -> None:
        """Raise the mark to ``trusted_time`` if it is later (persisted atomically)."""
        with self._lock:
            if trusted_time <= self._mark:
                return
            self._mark = float(trusted_time)
            self._save()

    def _load(self) -> float:
        if self.state_path is None or not self.state_path.exists():
            return 0.0
        try:
            return float(json.loads(self.state_path.read_text("utf-8"))["trusted_time"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ClockStateError(self.state_path, str(error)) from error

    def _save(self) -> None:
        if self.state_path is None:
            return
        replace_atomically(self.state_path, json.dumps({"trusted_time": self._mark}).encode("utf-8"))


class ClockStateError(OperatorError, ValueError):
    """The clock's state file exists but cannot be read: refuse rather than forget the mark."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"Trusted-time file {path} is unreadable ({detail}); restore it or delete it deliberately.")
