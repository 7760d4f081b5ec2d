"""The hall end to end with real processes: the hall service, the display board (`banshi hall display`,
offscreen), and a kiosk and a counter talking to it as enrolled devices. A ticket taken at the kiosk
is called at the counter and shown and spoken on the board; a call for staff is taken by the counter."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from banshi.hall.counter_link import CounterLink
from banshi.hall.kiosk_flow import STAFF_COMING, call_staff, take_number
from banshi.hall.model import CounterAction, Priority
from tests.hall.conftest import StartHall, start_hall  # noqa: F401 - the fixture


def _board_process(url: str, code: str, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BANSHI_HALL__URL": url,
           "BANSHI_HALL__ENROLMENT_CODE": code, "BANSHI_DEVICE__DATA_DIR": str(folder)}
    return subprocess.Popen([str(Path(sys.executable).parent / "banshi"), "hall", "display", "--windowed",
                             "--device-id", "board-1"], env=env, stderr=subprocess.PIPE, text=True)


def _wait_for_line(board: subprocess.Popen[str], wanted: str, timeout: float = 30.0) -> str:
    assert board.stderr is not None
    deadline = time.monotonic() + timeout
    for line in board.stderr:
        if wanted in line:
            return line
        assert time.monotonic() < deadline, f"the board never logged {wanted!r}"
    raise AssertionError(f"the board exited (code {board.wait()}) before logging {wanted!r}")


def test_a_ticket_taken_at_the_kiosk_is_called_at_the_counter_and_shown_on_the_board(start_hall: StartHall,
                                                                                      tmp_path: Path) -> None:
    hall = start_hall()
    board = _board_process(hall.url, hall.codes["board-1"], tmp_path / "board")
    try:
        kiosk, counter = hall.client("kiosk-1"), CounterLink(hall.client("counter-3"), "3")
        taken = take_number(kiosk, "social_insurance", Priority.SENIOR)
        assert taken.ticket is not None
        counter.act(CounterAction.OPEN)
        called = counter.act(CounterAction.CALL_NEXT)
        assert called is not None and called.ticket is not None and called.ticket.code == taken.ticket.code
        line = _wait_for_line(board, f"board shows {taken.ticket.code} to window 3")
        assert "call 1" in line
        request, message = _staff_taken_by(counter, kiosk)
        assert request is not None and request.acked_by == "3" and message is STAFF_COMING
        counter.act(CounterAction.START)
        counter.act(CounterAction.FINISH, rating=5)
        assert counter.state().ticket is None
    finally:
        board.terminate()
        board.wait(10)


def _staff_taken_by(counter: CounterLink, kiosk):  # type: ignore[no-untyped-def]
    import threading

    outcome: list[object] = []
    waiter = threading.Thread(target=lambda: outcome.extend(call_staff(kiosk, "ticket", "main", wait_s=15)))
    waiter.start()
    for _ in range(100):
        pending = counter.state(wait_s=0.2).staff_requests
        if pending:
            counter.take_staff_request(pending[0].id)
            break
    waiter.join(15)
    return outcome[0], outcome[1]
