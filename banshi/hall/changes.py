"""The hall's change mark, for long polls: a board or counter waits until something changed.

The mark is ``<boot>:<n>``; a restarted hall service has a new boot part, so a device that polls
with an old mark is answered at once and catches up (nothing it missed is in memory only).
"""

from __future__ import annotations

import asyncio
import secrets


class ChangeMark:
    def __init__(self) -> None:
        self._boot = secrets.token_hex(4)
        self._count = 0
        self._changed: asyncio.Event | None = None

    @property
    def mark(self) -> str:
        return f"{self._boot}:{self._count}"

    def bump(self) -> None:
        """Something changed (call on the event loop): every waiting poll answers now."""
        self._count += 1
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def wait(self, seen: str, timeout: float) -> None:
        """Return once the mark is no longer ``seen``, or after ``timeout`` seconds."""
        if seen != self.mark or timeout <= 0:
            return
        if self._changed is None:
            self._changed = asyncio.Event()
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            return
