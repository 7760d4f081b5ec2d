"""Accept a live payload only once it has been seen in N of the last frames."""

from __future__ import annotations

from collections import deque


class StableResultFilter:
    """Feed it each frame's payload (or None); it returns the payload once, when it becomes stable.

    Stable means seen in ``required`` of the last ``within`` frames (default: ``required`` frames in a
    row). A window wider than ``required`` lets a code that reads in most frames but not all (glare,
    a pass that only some frames get to) become stable without a streak. The same payload is not
    reported again until a different payload is reported or an empty streak of ``forget_after``
    frames has been seen, so a code held still is read once.
    """

    def __init__(self, required: int = 2, forget_after: int = 15, within: int | None = None) -> None:
        if required < 1:
            raise ValueError(f"required must be at least 1, got {required}")
        if within is not None and within < required:
            raise ValueError(f"within ({within}) must be at least required ({required})")
        self.required = required
        self.forget_after = forget_after
        self._recent: deque[str | None] = deque(maxlen=within or required)
        self._reported: str | None = None
        self._empty = 0

    def feed(self, payload: str | None) -> str | None:
        self._recent.append(payload)
        if payload is None:
            self._empty += 1
            if self._empty >= self.forget_after:
                self._reported = None
            return None
        self._empty = 0
        if self._recent.count(payload) >= self.required and payload != self._reported:
            self._reported = payload
            return payload
        return None

    def reset(self) -> None:
        self._recent.clear()
        self._reported, self._empty = None, 0
