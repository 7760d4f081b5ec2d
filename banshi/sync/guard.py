"""Long-offline guard: warn, then block new personal-data capture, when records wait too long."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from banshi.i18n import N_, LazyText


class GuardState(StrEnum):
    OK = "ok"
    WARN = "warn"  # keep working, but tell staff to connect or export soon
    BLOCK = "block"  # no new personal-data capture until synced or exported


def guard_state(age: timedelta | None, warn_after: timedelta, block_after: timedelta) -> GuardState:
    """The guard for the oldest unsynced record's ``age`` (``None``: nothing waiting)."""
    if warn_after > block_after:
        raise ValueError(f"warn_after ({warn_after}) must not be later than block_after ({block_after})")
    if age is None or age < warn_after:
        return GuardState.OK
    return GuardState.WARN if age < block_after else GuardState.BLOCK


def guard_message(state: GuardState, age: timedelta | None) -> LazyText | None:
    """What staff see for ``state``; ``None`` when all is well."""
    days = age.days if age is not None else 0
    if state is GuardState.WARN:
        return N_("Records have waited {days} days to be sent. Connect to the network or export them soon.", days=days)
    if state is GuardState.BLOCK:
        return N_(
            "Records have waited {days} days to be sent. New applications are paused until they are sent or exported.",
            days=days,
        )
    return None
