"""The display board's state, apart from Qt: what it shows, what it must announce, and whether it is
connected. A board that was cut off catches up from the last call it saw; calls it missed are shown,
and only the recent ones are spoken (announcing a call from ten minutes ago would send people to the
wrong window)."""

from __future__ import annotations

from dataclasses import dataclass, field

from banshi.hall.protocol import BoardState, CallView

SPEAK_IF_NEWER_THAN_S = 60.0
RECENT = 4  # the calls shown under the newest one


@dataclass
class BoardModel:
    after: int = 0  # the last call seen
    change: str = ""
    day: str = ""
    current: dict[str, CallView] = field(default_factory=dict)  # counter → its latest call
    recent: list[CallView] = field(default_factory=list)  # newest first
    waiting: dict[str, int] = field(default_factory=dict)
    estimates: dict[str, float | None] = field(default_factory=dict)
    connected: bool = False
    lost_since: float | None = None  # wall time the connection was lost

    def apply(self, state: BoardState) -> list[CallView]:
        """Take the hall's answer in; the calls to announce, oldest first."""
        if state.day != self.day:  # a new day (or the first answer): numbers restarted
            self.after, self.recent, self.day = 0, [], state.day
        self.connected, self.lost_since = True, None
        self.change = state.change
        self.current, self.waiting, self.estimates = dict(state.current), dict(state.waiting), dict(state.estimates)
        fresh = [call for call in state.calls if call.seq > self.after]
        if fresh:
            self.after = fresh[-1].seq
            self.recent = (list(reversed(fresh)) + self.recent)[: RECENT + 1]
        return [call for call in fresh if state.hall_time - call.at <= SPEAK_IF_NEWER_THAN_S]

    def lose(self, now: float) -> None:
        if self.connected or self.lost_since is None:
            self.lost_since = now
        self.connected = False

    @property
    def newest(self) -> CallView | None:
        return self.recent[0] if self.recent else None
