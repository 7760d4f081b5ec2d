"""What a simulated day shows, checked from both ends: devices' JSON lines against the hall's database
and the board's feed."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from banshi.hall.config import HallConfig
from banshi.hall.model import TicketState
from banshi.hall.report import percentile
from banshi.hall.simulation_plan import DayPlan
from banshi.hall.store import make_engine
from banshi.hall.tables import CallRow, TicketRow

FIRST_HOUR_S = 3600.0
MIN_WAIT_S = 60.0  # relative errors of waits under a simulated minute say nothing


@dataclass(frozen=True)
class SimulationResult:
    citizens: int
    issued: int  # tickets the kiosks were given
    served: int
    no_shows: int
    duplicates: int  # a number given twice in a day, or a citizen holding two tickets
    lost_tickets: int  # promised to a citizen but missing at the hall, or never issued
    unserved: int  # issued but neither served nor a no-show when the day ended (the counters fell behind)
    lost_calls: int  # made at a counter but missing from the hall's feed or from the board
    kills: int
    restart_median_s: float | None  # SIGKILL → the restarted hall answers its health check
    call_to_board_p50_s: float | None
    call_to_board_p99_s: float | None
    estimate_error_median: float | None  # |estimate - actual| / actual, after the first hour
    estimate_samples: int

    @property
    def clean(self) -> bool:
        return self.duplicates == 0 and self.lost_tickets == 0 and self.lost_calls == 0 and self.unserved == 0

    def summary(self) -> str:
        def seconds(value: float | None) -> str:
            return "-" if value is None else f"{value:.3f} s"

        error = "-" if self.estimate_error_median is None else f"{100 * self.estimate_error_median:.1f} %"
        return "\n".join([
            f"citizens          {self.citizens}", f"tickets issued    {self.issued}",
            f"served            {self.served}", f"no-shows          {self.no_shows}",
            f"duplicates        {self.duplicates}", f"lost tickets      {self.lost_tickets}",
            f"unserved at close {self.unserved}",
            f"lost calls        {self.lost_calls}", f"hall kills        {self.kills}",
            f"restart median    {seconds(self.restart_median_s)}",
            f"call->board p50   {seconds(self.call_to_board_p50_s)}",
            f"call->board p99   {seconds(self.call_to_board_p99_s)}",
            f"wait-estimate error (median, after the first hour, {self.estimate_samples} tickets)  {error}"])


def _lines(folder: Path, pattern: str) -> list[dict[str, object]]:
    return [json.loads(line) for path in sorted(folder.glob(pattern))
            for line in path.read_text("utf-8").splitlines() if line.strip()]


def tally(folder: Path, database_url: str, plan: DayPlan, restarts_s: list[float], config: HallConfig) -> SimulationResult:
    given = [line for line in _lines(folder, "kiosk-*.jsonl") if "code" in line]
    calls_made = _lines(folder, "counter-*.jsonl")
    shown = _lines(folder, "board-*.jsonl")
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            tickets = {row.id: row for row in session.scalars(select(TicketRow))}
            feed = list(session.scalars(select(CallRow)))
    finally:
        engine.dispose()
    codes = Counter((row.day, row.code) for row in tickets.values())
    per_citizen = Counter(line["citizen"] for line in given)
    duplicates = sum(n - 1 for n in codes.values()) + sum(n - 1 for n in per_citizen.values())
    duplicates += len(set(tickets) - {str(line["id"]) for line in given})  # a ticket no citizen was told of
    unanswered = plan_citizens_without_ticket(plan, per_citizen)
    closed = {TicketState.DONE, TicketState.NO_SHOW}
    lost = unanswered + sum(1 for line in given if str(line["id"]) not in tickets)
    unserved = sum(1 for line in given if str(line["id"]) in tickets and tickets[str(line["id"])].state not in closed)
    feed_keys = Counter((row.ticket_id, row.kind) for row in feed)
    made_keys = Counter((str(line["id"]), str(line["kind"])) for line in calls_made)
    lost_calls = sum((made_keys - feed_keys).values()) + len({row.seq for row in feed} - {line["seq"] for line in shown})
    delays = [float(line["received"]) - float(line["at"]) for line in shown]  # type: ignore[arg-type]
    error, samples = _estimate_error(plan, given, tickets)
    return SimulationResult(
        citizens=len(plan.citizens), issued=len(given),
        served=sum(row.state == TicketState.DONE for row in tickets.values()),
        no_shows=sum(row.state == TicketState.NO_SHOW for row in tickets.values()),
        duplicates=duplicates, lost_tickets=lost, unserved=unserved, lost_calls=lost_calls, kills=len(restarts_s),
        restart_median_s=statistics.median(restarts_s) if restarts_s else None,
        call_to_board_p50_s=statistics.median(delays) if delays else None,
        call_to_board_p99_s=percentile(delays, 0.99), estimate_error_median=error, estimate_samples=samples)


def plan_citizens_without_ticket(plan: DayPlan, per_citizen: Counter[object]) -> int:
    return sum(1 for citizen in plan.citizens if per_citizen[citizen.index] == 0)


def _estimate_error(plan: DayPlan, given: list[dict[str, object]], tickets: dict[str, TicketRow]) -> tuple[float | None, int]:
    errors = []
    after = plan.start_wall + plan.real(FIRST_HOUR_S)
    for line in given:
        row = tickets.get(str(line["id"]))
        if row is None or row.called_at is None or line["estimate_s"] is None or row.issued_at < after:
            continue
        actual = (row.called_at - row.issued_at) * plan.speedup  # the hall measures real seconds
        estimate = float(line["estimate_s"]) * plan.speedup  # type: ignore[arg-type]
        if actual >= MIN_WAIT_S:
            errors.append(abs(estimate - actual) / actual)
    return (statistics.median(errors) if errors else None), len(errors)
