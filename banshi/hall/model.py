"""The hall's vocabulary: ticket states, priority classes, device roles, and the frozen records
that travel between the hall service, its devices and its reports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TicketState(StrEnum):
    WAITING = "waiting"  # issued, not called (or put back by a transfer)
    CALLED = "called"  # called to a counter, the citizen is walking there
    SERVING = "serving"  # the clerk started serving
    DONE = "done"  # served
    NO_SHOW = "no_show"  # called, never came


OPEN_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING})


class Priority(StrEnum):
    """Priority classes; their weights are configured per hall (``HallConfig.weights``)."""

    NORMAL = "normal"
    SENIOR = "senior"  # 60+, from a verified citizen code's birth year: never asked
    DISABLED = "disabled"  # self-declared by one tap
    PREGNANT = "pregnant"  # self-declared by one tap
    APPOINTMENT = "appointment"  # checked in with an appointment receipt inside its window


class HallRole(StrEnum):
    """What an enrolled device may do at the hall, fixed when its enrolment code is made."""

    KIOSK = "kiosk"  # issue tickets, ask for staff
    COUNTER = "counter"  # call, serve, acknowledge staff requests
    BOARD = "board"  # read the call feed


class CounterAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    CALL_NEXT = "call_next"
    RECALL = "recall"
    NO_SHOW = "no_show"
    START = "start"
    FINISH = "finish"
    TRANSFER = "transfer"


class CallKind(StrEnum):
    CALL = "call"
    RECALL = "recall"


@dataclass(frozen=True)
class Ticket:
    id: str  # the kiosk's request id (UUIDv7): retried issues answer the same ticket
    day: str  # the hall's local date, YYYY-MM-DD: numbers restart each day
    service_id: str
    code: str  # what people read and hear: prefix + 3 digits, "A012"
    priority: Priority
    state: TicketState
    issued_at: float
    counter: str | None = None
    call_count: int = 0
    called_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    people_ahead: int = 0  # at issue
    estimate_s: float | None = None  # at issue
    filing_reference: str | None = None
    rating: int | None = None


@dataclass(frozen=True)
class Call:
    """One line of the board's feed: ``seq`` only grows, so a board catches up from its last one."""

    seq: int
    ticket_code: str
    counter: str
    service_id: str
    kind: CallKind
    at: float


@dataclass(frozen=True)
class StaffRequest:
    id: str
    kiosk: str
    page: str
    area: str
    created_at: float
    acked_by: str | None = None
    acked_at: float | None = None
