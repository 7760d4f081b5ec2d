"""Idle-lock policy for a signed-in clerk: warn at 10 minutes without input, lock at 15."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

WARN_AFTER_S = 10 * 60
LOCK_AFTER_S = 15 * 60


class IdleState(StrEnum):
    ACTIVE = "active"
    WARN = "warn"
    LOCK = "lock"


@dataclass(frozen=True)
class IdlePolicy:
    warn_after_s: float = WARN_AFTER_S
    lock_after_s: float = LOCK_AFTER_S

    def __post_init__(self) -> None:
        if not 0 < self.warn_after_s < self.lock_after_s:
            raise ValueError(f"Idle warning ({self.warn_after_s}s) must come before the lock ({self.lock_after_s}s).")

    def state(self, idle_s: float) -> IdleState:
        if idle_s >= self.lock_after_s:
            return IdleState.LOCK
        return IdleState.WARN if idle_s >= self.warn_after_s else IdleState.ACTIVE

    def seconds_to_lock(self, idle_s: float) -> int:
        return max(0, int(self.lock_after_s - idle_s))
