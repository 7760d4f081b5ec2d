"""The kiosk's side of the hall, apart from Qt: taking a number (取号) and calling staff (呼叫工作人员).

Priority is never asked for where the kiosk already knows it: 60+ comes from a verified citizen code's
birth year; disability or pregnancy is one tap the citizen makes; an appointment receipt scanned
within its time slot checks the citizen in. When the hall does not answer, no ticket is printed (its
number could repeat another): the kiosk says so and sends the citizen to a window.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from banshi.hall.client import HallClient, HallSaidNo, HallUnreachable
from banshi.hall.model import Priority
from banshi.hall.protocol import StaffRequestView, TicketView
from banshi.i18n import N_, LazyText

SENIOR_AGE = 60
# The time slots of 预约窗口办理 (assets/services/counter_appointment.yaml), as clock times.
SLOTS = {"am_0900": (time(9, 0), time(10, 30)), "am_1030": (time(10, 30), time(12, 0)),
         "pm_1400": (time(14, 0), time(15, 30)), "pm_1530": (time(15, 30), time(17, 0))}
EARLY, LATE = timedelta(minutes=30), timedelta(minutes=15)  # check-in opens early, closes a little late
UNREACHABLE = N_("Numbers cannot be taken right now. Please go to a window: staff will help you.")
STAFF_COMING = N_("A member of staff is on the way.")
STAFF_ASKED = N_("Staff have been asked to come. Please wait here.")
STAFF_UNREACHABLE = N_("Staff cannot be called from this machine right now. Please go to a window for help.")


def is_senior(birth_year: int | None, today: date) -> bool:
    """60 or over this year, from a verified citizen code (the year only: the code carries no more)."""
    return birth_year is not None and today.year - birth_year >= SENIOR_AGE


def within_appointment(answers: dict[str, str], now: datetime) -> bool:
    """An appointment for today whose slot (from 30 min before to 15 min after) includes ``now``."""
    slot = SLOTS.get(answers.get("time_slot", ""))
    if slot is None or answers.get("date") != now.date().isoformat():
        return False
    start, end = (datetime.combine(now.date(), moment, now.tzinfo) for moment in slot)
    return start - EARLY <= now <= end + LATE


def priority_for(birth_year: int | None, declared: Priority | None, appointment: bool, today: date) -> Priority:
    """The strongest class that applies: an appointment, then a declared need, then age."""
    if appointment:
        return Priority.APPOINTMENT
    if declared in (Priority.DISABLED, Priority.PREGNANT):
        return declared
    return Priority.SENIOR if is_senior(birth_year, today) else Priority.NORMAL


@dataclass(frozen=True)
class TakeOutcome:
    ticket: TicketView | None
    message: LazyText | None = None  # what to say and show instead of a ticket


def take_number(client: HallClient, service_id: str, priority: Priority,
                filing_reference: str | None = None) -> TakeOutcome:
    """A ticket, or the plain message that none can be given now (never a number made up here)."""
    try:
        return TakeOutcome(client.issue(service_id, priority, filing_reference, budget_s=1.5))
    except (HallUnreachable, HallSaidNo):
        return TakeOutcome(None, UNREACHABLE)


def wait_for_staff(client: HallClient, request: StaffRequestView, wait_s: float,
                   stop: Callable[[], bool] = lambda: False) -> StaffRequestView:
    """Long-poll until one clerk takes ``request``, ``wait_s`` passes or ``stop()``; the request as last seen."""
    deadline, change = clock.monotonic() + wait_s, ""
    while request.acked_by is None and clock.monotonic() < deadline and not stop():
        answer = client.staff_request(request.id, change, wait_s=max(0.0, min(10.0, deadline - clock.monotonic())))
        request, change = answer.request, answer.change
    return request


def call_staff(client: HallClient, page: str, area: str, wait_s: float = 20.0) -> tuple[StaffRequestView | None, LazyText]:
    """Ask for staff from ``page`` and wait (long poll) until one clerk takes it or ``wait_s`` passes."""
    try:
        request = wait_for_staff(client, client.call_staff(page, area), wait_s)
    except (HallUnreachable, HallSaidNo):
        return None, STAFF_UNREACHABLE
    return request, STAFF_COMING if request.acked_by is not None else STAFF_ASKED
