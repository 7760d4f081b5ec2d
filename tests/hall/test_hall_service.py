"""The hall service as a real process on loopback: numbering, crashes, the counter's rules, bad input."""

from __future__ import annotations

import threading

import httpx
import pytest

from banshi.hall.client import HallSaidNo
from banshi.hall.model import CounterAction, Priority, TicketState
from banshi.hall.protocol import COUNTER_PATH, ISSUE_PATH, IssueRequest
from banshi.services.ids import uuid7
from tests.hall.conftest import BACKENDS, RunningHall, StartHall


@pytest.mark.parametrize("backend", BACKENDS)
def test_numbers_go_up_per_service_and_a_sigkilled_hall_resumes_the_day_without_repeating_one(
        backend: str, start_hall: StartHall, make_database) -> None:  # noqa: ANN001
    hall = start_hall(make_database(backend))
    kiosk = hall.client("kiosk-1")
    first = [kiosk.issue("social_insurance").code for _ in range(3)]
    retried_id = uuid7()
    retried = kiosk.issue("certificates", request_id=retried_id)
    hall.restart(kill=True)
    again = kiosk.issue("certificates", request_id=retried_id, budget_s=10)  # its answer was "lost" in the kill
    assert (again.id, again.code) == (retried.id, "C001")
    after = [kiosk.issue("social_insurance").code, kiosk.issue("certificates").code]
    assert first + after == ["A001", "A002", "A003", "A004", "C002"]


def test_a_counter_calling_when_nothing_waits_stays_free(shared_hall: RunningHall) -> None:
    answer = shared_hall.client("counter-4").counter("4", CounterAction.CALL_NEXT)
    assert answer.ticket is None and answer.waiting == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_counters_calling_at_the_same_instant_never_get_the_same_ticket(backend: str, start_hall: StartHall,
                                                                           make_database) -> None:  # noqa: ANN001
    hall = start_hall(make_database(backend))
    kiosk, counters = hall.client("kiosk-1"), {"3": hall.client("counter-3"), "9": hall.client("counter-9")}
    for _ in range(8):
        kiosk.issue("social_insurance")
    called: list[str] = []
    for _round in range(4):
        barrier = threading.Barrier(2)

        def call(counter: str) -> None:
            barrier.wait()
            answer = counters[counter].counter(counter, CounterAction.CALL_NEXT)
            assert answer.ticket is not None
            called.append(answer.ticket.code)
            counters[counter].counter(counter, CounterAction.FINISH)

        threads = [threading.Thread(target=call, args=(c,)) for c in counters]
        [thread.start() for thread in threads]
        [thread.join() for thread in threads]
    assert sorted(called) == [f"A00{n}" for n in range(1, 9)]


def test_priority_counter_rules_recall_limit_no_show_and_finish(start_hall: StartHall) -> None:
    hall = start_hall()
    kiosk, counter = hall.client("kiosk-1"), hall.client("counter-3")
    kiosk.issue("social_insurance")
    senior = kiosk.issue("social_insurance", Priority.SENIOR)
    assert senior.people_ahead == 0  # ahead of a normal ticket issued a moment earlier
    called = counter.counter("3", CounterAction.CALL_NEXT).ticket
    assert called is not None and called.code == senior.code
    with pytest.raises(HallSaidNo, match="counter_busy"):
        counter.counter("3", CounterAction.CALL_NEXT)
    for _ in range(2):
        assert counter.counter("3", CounterAction.RECALL).ticket.call_count >= 2
    with pytest.raises(HallSaidNo) as refused:
        counter.counter("3", CounterAction.RECALL)
    assert (refused.value.status, refused.value.reason) == (409, "recall_limit")
    assert counter.counter("3", CounterAction.NO_SHOW).ticket is None
    nxt = counter.counter("3", CounterAction.CALL_NEXT).ticket
    assert nxt is not None and nxt.code == "A001"
    counter.counter("3", CounterAction.START)
    counter.counter("3", CounterAction.FINISH, rating=5, case_reference="BS-2026-000001")
    assert counter.counter("3", CounterAction.CALL_NEXT).ticket is None


def test_a_recall_sooner_than_the_gap_is_refused(start_hall: StartHall) -> None:
    hall = start_hall(recall_min_gap_s=60.0)
    hall.client("kiosk-1").issue("certificates")
    counter = hall.client("counter-9")
    counter.counter("9", CounterAction.CALL_NEXT)
    with pytest.raises(HallSaidNo, match="recall_too_soon"):
        counter.counter("9", CounterAction.RECALL)


def test_a_transfer_keeps_the_number_and_the_place_in_the_new_queue(shared_hall: RunningHall) -> None:
    kiosk, counter = shared_hall.client("kiosk-1"), shared_hall.client("counter-4")
    moved = kiosk.issue("medical_insurance")
    later = kiosk.issue("certificates")
    assert counter.counter("4", CounterAction.CALL_NEXT).ticket.code == moved.code
    counter.counter("4", CounterAction.TRANSFER, transfer_service="certificates")
    nine = shared_hall.client("counter-9")
    assert nine.counter("9", CounterAction.CALL_NEXT).ticket.code == moved.code  # waited longer than `later`
    nine.counter("9", CounterAction.TRANSFER, transfer_counter="4")
    assert counter.counter("4", CounterAction.CALL_NEXT).ticket.code == moved.code
    counter.counter("4", CounterAction.FINISH)
    assert nine.counter("9", CounterAction.CALL_NEXT).ticket.code == later.code
    nine.counter("9", CounterAction.FINISH)
    with pytest.raises(HallSaidNo, match="bad_transfer"):
        kiosk.issue("certificates") and nine.counter("9", CounterAction.CALL_NEXT) and \
            nine.counter("9", CounterAction.TRANSFER, transfer_service="nowhere")


def test_ticket_qrs_from_another_hall_or_day_or_made_up_are_refused(shared_hall: RunningHall) -> None:
    kiosk, counter = shared_hall.client("kiosk-1"), shared_hall.client("counter-3")
    ticket = kiosk.issue("consultation", filing_reference="BS-2026-000042")
    found = counter.lookup(ticket.qr)
    assert (found.id, found.filing_reference) == (ticket.id, "BS-2026-000042")
    cases = {ticket.qr.replace("demo-hall", "other-hall"): "ticket_other_hall",
             ticket.qr.replace(ticket.day, "2020-01-01"): "ticket_other_day",
             ticket.qr.replace(ticket.code, "Z999"): "ticket_unknown", "BSR:0123": "not_a_ticket"}
    for qr, reason in cases.items():
        with pytest.raises(HallSaidNo) as refused:
            counter.lookup(qr)
        assert refused.value.reason == reason and 400 <= refused.value.status < 500


def test_forged_replayed_unenrolled_and_wrong_role_requests_are_refused(shared_hall: RunningHall) -> None:
    kiosk = shared_hall.client("kiosk-1")
    body = IssueRequest(id=uuid7(), service_id="consultation").model_dump_json().encode()
    headers = {"Content-Type": "application/json", **kiosk.hub.credentials.sign("POST", ISSUE_PATH, body)}
    assert httpx.post(shared_hall.url + ISSUE_PATH, content=body, headers=headers).status_code == 200
    replayed = httpx.post(shared_hall.url + ISSUE_PATH, content=body, headers=headers)
    assert (replayed.status_code, replayed.json()["reason"]) == (409, "replayed")
    forged = dict(headers, **{"X-Banshi-Nonce": "f" * 32})  # the signature no longer covers this nonce
    assert httpx.post(shared_hall.url + ISSUE_PATH, content=body, headers=forged).json()["reason"] == "bad_signature"
    stranger = dict(headers, **{"X-Banshi-Device": "kiosk-99"})
    assert httpx.post(shared_hall.url + ISSUE_PATH, content=body, headers=stranger).status_code == 401
    with pytest.raises(HallSaidNo) as refused:
        kiosk.counter("3", CounterAction.CALL_NEXT)
    assert (refused.value.status, refused.value.reason) == (403, "wrong_role")
    assert "Traceback" not in shared_hall.log()


def test_oversized_and_malformed_bodies_are_4xx_never_500(shared_hall: RunningHall) -> None:
    counter = shared_hall.client("counter-3")
    for body in (b"x" * 100_000, b"{not json", b'{"id": "nope", "counter": "3", "action": "call_next"}',
                 b'{"id": "' + uuid7().encode() + b'", "counter": "3", "action": "explode"}', b"[]"):
        headers = {"Content-Type": "application/json", **counter.hub.credentials.sign("POST", COUNTER_PATH, body)}
        answer = httpx.post(shared_hall.url + COUNTER_PATH, content=body, headers=headers)
        assert 400 <= answer.status_code < 500, (body[:40], answer.status_code)
    assert "Traceback" not in shared_hall.log()


def test_a_call_for_staff_reaches_the_counters_one_clerk_takes_it_and_the_kiosk_hears(shared_hall: RunningHall) -> None:
    kiosk, three, four = (shared_hall.client(d) for d in ("kiosk-1", "counter-3", "counter-4"))
    request = kiosk.call_staff(page="question-id_number")
    seen = [r.id for r in four.counter_state("4").staff_requests]
    assert request.id in seen and request.id in [r.id for r in three.counter_state("3").staff_requests]
    assert three.acknowledge(request.id, "3").acked_by == "3"
    with pytest.raises(HallSaidNo) as refused:
        four.acknowledge(request.id, "4")
    assert refused.value.reason == "already_acked" and "3" in refused.value.detail
    assert kiosk.staff_request(request.id).request.acked_by == "3"
    assert request.id not in [r.id for r in four.counter_state("4").staff_requests]


def test_the_board_long_poll_answers_as_soon_as_a_call_is_made(shared_hall: RunningHall) -> None:
    board, kiosk, counter = (shared_hall.client(d) for d in ("board-1", "kiosk-1", "counter-4"))
    state = board.board(after=0)
    ticket = kiosk.issue("medical_insurance")
    state = board.board(after=state.calls[-1].seq if state.calls else 0)
    got: list[str] = []
    waiter = threading.Thread(target=lambda: got.extend(
        c.code for c in board.board(after=max([c.seq for c in state.calls], default=0), change=state.change,
                                    wait_s=20).calls))
    waiter.start()
    called = counter.counter("4", CounterAction.CALL_NEXT).ticket
    waiter.join(5)
    assert not waiter.is_alive() and called is not None and got[-1] == ticket.code
    assert called.ticket_state is TicketState.CALLED
    counter.counter("4", CounterAction.FINISH)


def test_a_made_up_or_spent_enrolment_code_is_refused_and_the_device_stays_unenrolled(shared_hall: RunningHall,
                                                                                     tmp_path) -> None:  # noqa: ANN001
    from banshi.hall.client import HallUnreachable, hall_credentials

    with pytest.raises(HallUnreachable, match="403"):
        hall_credentials(shared_hall.url, "kiosk-x", tmp_path / "x", "ABCD-EFGH-JKLM-NPQR-" + shared_hall.codes["kiosk-1"][20:])
    shared_hall.client("kiosk-1")  # enrols with its code (or is enrolled already)
    with pytest.raises(HallUnreachable, match="403"):
        hall_credentials(shared_hall.url, "kiosk-y", tmp_path / "y", shared_hall.codes["kiosk-1"])
    assert not (tmp_path / "y" / "device.json").exists()


def test_a_device_refuses_a_server_other_than_the_hall_its_code_names(shared_hall: RunningHall, start_hall,  # noqa: ANN001
                                                                       tmp_path) -> None:  # noqa: ANN001
    from banshi.hall.client import HallUnreachable, hall_credentials

    impostor = start_hall()  # a real hall service with keys of its own, which accepts the code's secret
    code = impostor.codes["kiosk-1"][:20] + shared_hall.codes["kiosk-1"][20:]  # naming the shared hall's keys
    with pytest.raises(HallUnreachable, match="not the hub that issued this code"):
        hall_credentials(impostor.url, "kiosk-1", tmp_path / "z", code)
    assert not (tmp_path / "z" / "device.json").exists()
