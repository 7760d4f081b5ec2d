"""A counter's link to the hall service, with the rule for when the hall does not answer.

Calling is refused offline (two counters could be sent the same ticket), but what the clerk records
about the citizen already at the window — finished (with the rating), no-show — is kept with its
request id and re-sent when the hall answers again, so it counts exactly once and the measured
service times stay whole.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from banshi.hall.client import HallClient, HallUnreachable
from banshi.hall.model import CounterAction
from banshi.hall.protocol import CounterAnswer, CounterState, StaffRequestView
from banshi.services.ids import uuid7

KEPT_OFFLINE = frozenset({CounterAction.FINISH, CounterAction.NO_SHOW})


@dataclass
class CounterLink:
    client: HallClient
    counter: str
    pending: list[tuple[str, CounterAction, dict[str, object]]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # the panel and its poller

    def act(self, action: CounterAction, **details: object) -> CounterAnswer | None:
        """Do ``action`` now; ``None`` when the hall is unreachable and the action is kept for later."""
        request_id = uuid7()
        with self._lock:
            try:
                self._flush()
                return self.client.counter(self.counter, action, request_id=request_id, budget_s=1.5, **details)
            except HallUnreachable:
                if action not in KEPT_OFFLINE:
                    raise
                self.pending.append((request_id, action, details))
                return None

    def flush(self) -> None:
        """Send what was kept while the hall was away, oldest first, with the ids it was made with."""
        with self._lock:
            self._flush()

    def _flush(self) -> None:
        while self.pending:
            request_id, action, details = self.pending[0]
            self.client.counter(self.counter, action, request_id=request_id, budget_s=1.5, **details)
            self.pending.pop(0)

    def state(self, change: str = "", wait_s: float = 0.0) -> CounterState:
        self.flush()
        return self.client.counter_state(self.counter, change, wait_s)

    def take_staff_request(self, request_id: str) -> StaffRequestView:
        return self.client.acknowledge(request_id, self.counter)
