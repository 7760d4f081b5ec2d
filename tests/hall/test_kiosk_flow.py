"""The kiosk's 取号 and 呼叫工作人员, apart from Qt, against a real hall: priority known not asked,
appointments checked in within their slot, staff acknowledged by one clerk, and no ticket at all
when the hall does not answer."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from banshi.hall.kiosk_flow import STAFF_COMING, UNREACHABLE, call_staff, priority_for, take_number, within_appointment
from banshi.hall.model import Priority
from tests.hall.conftest import StartHall

TODAY = date(2026, 3, 2)


def test_priority_comes_from_the_code_the_tap_or_the_appointment_never_a_question() -> None:
    assert priority_for(1966, None, False, TODAY) is Priority.SENIOR  # 60 this year
    assert priority_for(1967, None, False, TODAY) is Priority.NORMAL
    assert priority_for(None, Priority.PREGNANT, False, TODAY) is Priority.PREGNANT
    assert priority_for(1940, Priority.DISABLED, True, TODAY) is Priority.APPOINTMENT


def test_an_appointment_checks_in_only_on_its_day_within_its_slot() -> None:
    booked = {"date": "2026-03-02", "time_slot": "pm_1400"}
    at = lambda h, m, day=2: datetime(2026, 3, day, h, m, tzinfo=UTC)  # noqa: E731
    assert [within_appointment(booked, at(*moment)) for moment in ((13, 29), (13, 30), (15, 45), (15, 46))] == \
        [False, True, True, False]
    assert not within_appointment(booked, at(14, 30, day=3)) and not within_appointment({}, at(14, 30))


def test_a_number_is_taken_with_its_priority_and_none_is_made_up_when_the_hall_is_down(start_hall: StartHall) -> None:
    hall = start_hall()
    kiosk = hall.client("kiosk-1")
    taken = take_number(kiosk, "certificates", Priority.SENIOR, filing_reference="BS-2026-000007")
    assert taken.ticket is not None and taken.ticket.code == "C001" and taken.ticket.priority == "senior"
    hall.process.kill()
    refused = take_number(kiosk, "certificates", Priority.NORMAL)
    assert refused.ticket is None and refused.message is UNREACHABLE
    assert str(refused.message).startswith("现在暂时无法取号")


def test_a_call_for_staff_waits_for_one_clerk_and_then_says_staff_are_coming(start_hall: StartHall) -> None:
    hall = start_hall()
    kiosk, counter = hall.client("kiosk-1"), hall.client("counter-4")
    outcome: list[object] = []
    waiter = threading.Thread(target=lambda: outcome.extend(call_staff(kiosk, "attract", "main", wait_s=15)))
    waiter.start()
    for _ in range(100):
        pending = counter.counter_state("4", wait_s=0.2).staff_requests
        if pending:
            break
    counter.acknowledge(pending[0].id, "4")
    waiter.join(15)
    request, message = outcome
    assert request.acked_by == "4" and message is STAFF_COMING and str(message) == "工作人员马上过来。"
