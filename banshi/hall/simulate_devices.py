"""The simulator's device processes: ``python -m banshi.hall.simulate_devices kiosk|counter|board N PLAN OUT``.

Each is a real process with its own enrolled identity, talking signed HTTP to the hall service and
riding out its SIGKILLs by retrying with the same request ids. Each writes what it was told (one
JSON line per ticket, call or board line, flushed at once) for the simulator to check.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import IO

from banshi.hall.client import HallClient, HallSaidNo, HallUnreachable, hall_credentials
from banshi.hall.model import CounterAction, Priority
from banshi.hall.simulation_plan import DayPlan
from banshi.polling import wait_until
from banshi.services.ids import uuid7

START_WAIT_S = 900.0  # the simulator gives up on devices that are not ready after 300 s
OUTAGE_BUDGET_S = 60.0  # a hall service restart takes ~1-2 s; give up only after a real outage


def _client(plan: DayPlan, device_id: str, folder: Path) -> HallClient:
    url = plan.hall_url
    deadline = time.monotonic() + OUTAGE_BUDGET_S
    while True:
        try:
            return HallClient(url, hall_credentials(url, device_id, folder, plan.codes[device_id]))
        except HallUnreachable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _write(out: IO[str], **line: object) -> None:
    out.write(json.dumps(line) + "\n")
    out.flush()


def _sleep_until(wall: float) -> None:
    delay = wall - time.time()
    if delay > 0:
        time.sleep(delay)


def run_kiosk(plan: DayPlan, index: int, client: HallClient, out: IO[str]) -> None:
    for citizen in (c for c in plan.citizens if c.kiosk == index):
        _sleep_until(plan.start_wall + plan.real(citizen.arrive_s))
        request_id = uuid7()
        try:
            ticket = client.issue(citizen.service_id, Priority(citizen.priority), request_id=request_id,
                                  budget_s=OUTAGE_BUDGET_S)
        except (HallUnreachable, HallSaidNo) as error:
            _write(out, citizen=citizen.index, id=request_id, error=str(error))
            continue
        _write(out, citizen=citizen.index, id=ticket.id, code=ticket.code, estimate_s=ticket.estimate_s,
               ahead=ticket.people_ahead, issued_at=ticket.issued_at)


def _act(client: HallClient, counter: str, action: CounterAction, **details: object):  # type: ignore[no-untyped-def]
    return client.counter(counter, action, budget_s=OUTAGE_BUDGET_S, **details)


def run_counter(plan: DayPlan, counter: str, client: HallClient, out: IO[str], stop: Path) -> None:
    _act(client, counter, CounterAction.OPEN)
    change = ""
    while True:
        answer = _act(client, counter, CounterAction.CALL_NEXT)
        ticket = answer.ticket
        if ticket is None:
            if stop.exists():
                return
            try:  # sleep until something changes at the hall (a new ticket), at most a second
                change = client.counter_state(counter, change, wait_s=1.0).change
            except (HallUnreachable, HallSaidNo):
                time.sleep(0.2)
            continue
        _write(out, id=ticket.id, code=ticket.code, counter=counter, kind="call", at=time.time())
        if plan.no_show(ticket.id):
            time.sleep(plan.recall_gap_s)
            _act(client, counter, CounterAction.RECALL)
            _write(out, id=ticket.id, code=ticket.code, counter=counter, kind="recall", at=time.time())
            time.sleep(plan.recall_gap_s)
            _act(client, counter, CounterAction.NO_SHOW)
            continue
        _act(client, counter, CounterAction.START)
        time.sleep(plan.real(plan.service_s(ticket.id, ticket.service_id)))
        _act(client, counter, CounterAction.FINISH, rating=5 if len(ticket.id) % 7 else 4)


def run_board(plan: DayPlan, client: HallClient, out: IO[str], stop: Path) -> None:
    after, change, idle_since = 0, "", None
    while True:
        try:
            state = client.board(after, change, wait_s=2.0)
        except (HallUnreachable, HallSaidNo):
            time.sleep(0.05)
            continue
        received = time.time()
        for call in state.calls:
            _write(out, seq=call.seq, code=call.code, counter=call.counter, kind=call.kind, at=call.at,
                   received=received)
        after = state.calls[-1].seq if state.calls else after
        change = state.change if not state.calls else ""  # more may be queued behind 100: ask at once
        if stop.exists() and not state.calls:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 1.0:
                return


def _wait_for_start(plan: DayPlan, folder: Path, device_id: str) -> DayPlan:
    """Say this device is enrolled and ready, then wait for the simulator to start the day for all at once."""
    (folder / f"ready-{device_id}").write_text("ready", encoding="utf-8")
    start = folder / "start"
    wait_until(start.exists, START_WAIT_S, "the simulator to start the day", step_s=0.05)
    return replace(plan, start_wall=float(start.read_text("utf-8")))


def main(argv: list[str]) -> int:
    role, index, plan_path, out_path = argv[0], int(argv[1]), Path(argv[2]), Path(argv[3])
    plan = DayPlan.load(plan_path)
    stop = plan_path.with_name("stop")
    device_id = f"{role}-{index}"
    client = _client(plan, device_id, plan_path.parent / "devices" / device_id)
    plan = _wait_for_start(plan, plan_path.parent, device_id)
    with out_path.open("a", encoding="utf-8") as out:
        if role == "kiosk":
            run_kiosk(plan, index, client, out)
        elif role == "counter":
            run_counter(plan, str(index), client, out, stop)
        else:
            run_board(plan, client, out, stop.with_name("board-stop"))
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
