"""Accept a live payload only once it has been seen in N consecutive frames."""

from __future__ import annotations


class StableResultFilter:
    """Feed it each frame's payload (or None); it returns the payload once, when it becomes stable.

    The same payload is not reported again until a different payload (or an empty frame
    streak of ``forget_after`` frames) has been seen, so a code held still is read once.
    """

    def __init__(self, required: int = 2, forget_after: int = 15) -> None:
        if required < 1:
            raise ValueError(f"required must be at least 1, got {required}")
        self.required = required
        self.forget_after = forget_after
        self._candidate: str | None = None
        self._count = 0
        self._reported: str | None = None
        self._empty = 0

    def feed(self, payload: str | None) -> str | None:
        if payload is None:
            return self._feed_empty()
        self._empty = 0
        self._count = self._count + 1 if payload == self._candidate else 1
        self._candidate = payload
        if self._count >= self.required and payload != self._reported:
            self._reported = payload
            return payload
        return None

    def _feed_empty(self) -> None:
        self._candidate, self._count = None, 0
        self._empty += 1
        if self._empty >= self.forget_after:
            self._reported = None
        return None

    def reset(self) -> None:
        self._candidate, self._count, self._reported, self._empty = None, 0, None, 0
