"""What the hall shows of its state: ticket views, waiting counts, estimates, the board and a counter.

Read-side only: every function takes an open session and the hall's ``now``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from banshi.hall import estimates, rules
from banshi.hall.config import HallConfig
from banshi.hall.model import OPEN_STATES, Priority, TicketState
from banshi.hall.protocol import (
    BoardState,
    CallView,
    CounterState,
    HallInfo,
    ServiceInfo,
    StaffRequestView,
    TicketView,
)
from banshi.hall.tables import CallRow, CounterRow, StaffRequestRow, TicketRow
from banshi.identity.kinds import TICKET_PREFIX

MAX_CALLS = 100
WRAP_UP_MAX_S = 120.0  # a counter that calls again later than this after finishing was away, not busy  # per board answer; a board far behind catches up in several answers


def hall_info(config: HallConfig) -> HallInfo:
    """What every device may know of the hall's layout (its services, counters and call speech)."""
    services = [ServiceInfo(id=s.id, prefix=s.prefix, title_zh=s.title.zh_CN, title_en=s.title.en, area=s.area,
                            filings=list(s.filings)) for s in config.services]
    return HallInfo(hall_id=config.hall_id, name_zh=config.name.zh_CN, name_en=config.name.en, services=services,
                    counters={c.id: list(c.services) for c in config.counters}, cantonese=config.speech.cantonese,
                    repeat=config.speech.repeat, chime=config.speech.chime)


def ticket_qr(hall_id: str, row: TicketRow) -> str:
    """What the ticket's QR holds: nothing personal, and enough to refuse another hall's or day's."""
    return f"{TICKET_PREFIX}{hall_id}:{row.day}:{row.code}:{row.id}"


def ticket_view(config: HallConfig, row: TicketRow) -> TicketView:
    return TicketView(id=row.id, hall_id=config.hall_id, day=row.day, code=row.code, service_id=row.service_id,
                      priority=row.priority, state=row.state, issued_at=row.issued_at, counter=row.counter,
                      call_count=row.call_count, people_ahead=row.people_ahead, estimate_s=row.estimate_s,
                      filing_reference=row.filing_reference, qr=ticket_qr(config.hall_id, row))


def as_waiting(row: TicketRow) -> rules.Waiting:
    counter = row.counter if row.state == TicketState.WAITING else None
    return rules.Waiting(row.id, row.service_id, Priority(row.priority), row.waiting_since, row.number, counter)


def waiting_rows(session: Session, day: str) -> list[TicketRow]:
    query = select(TicketRow).where(TicketRow.day == day, TicketRow.state == TicketState.WAITING)
    return list(session.scalars(query))


def current_ticket(session: Session, day: str, counter: str) -> TicketRow | None:
    query = select(TicketRow).where(TicketRow.day == day, TicketRow.counter == counter,
                                    TicketRow.state.in_([TicketState.CALLED, TicketState.SERVING]))
    return session.scalars(query.order_by(TicketRow.last_called_at.desc())).first()


def open_counters(session: Session, config: HallConfig) -> list[estimates.CounterLoad]:
    opened = set(session.scalars(select(CounterRow.id).where(CounterRow.open.is_(True))))
    return [estimates.CounterLoad(counter.id, counter.services) for counter in config.counters if counter.id in opened]


def waiting_counts(config: HallConfig, waiting: list[TicketRow]) -> dict[str, int]:
    counts = {service.id: 0 for service in config.services}
    for row in waiting:
        counts[row.service_id] = counts.get(row.service_id, 0) + 1
    return counts


def release_last(session: Session, day: str, counter: str, now: float) -> None:
    """The counter asks for its next citizen: its last one held it until now (wrap-up included)."""
    query = select(TicketRow).where(TicketRow.day == day, TicketRow.counter == counter,
                                    TicketRow.finished_at.is_not(None), TicketRow.released_at.is_(None))
    for row in session.scalars(query):
        row.released_at = now


def mean_service_s(session: Session, config: HallConfig, service_id: str) -> float:
    """The mean measured time a counter is taken per ticket of the service, over its last tickets:
    called → the counter's next call (called → finished while it has not called again yet)."""
    query = (select(TicketRow.called_at, TicketRow.finished_at, TicketRow.released_at)
             .where(TicketRow.service_id == service_id, TicketRow.finished_at.is_not(None),
                    TicketRow.called_at.is_not(None),
                    TicketRow.state.in_([TicketState.DONE, TicketState.NO_SHOW]))
             .order_by(TicketRow.finished_at.desc()).limit(config.estimate_window))
    measured = [min(released or finished, finished + WRAP_UP_MAX_S) - called
                for called, finished, released in session.execute(query) if finished >= called]
    return estimates.mean_service_s(measured, config.service(service_id).default_service_s)


def estimate_for(session: Session, config: HallConfig, service_id: str, ahead: int, counts: dict[str, int],
                 loads: list[estimates.CounterLoad]) -> float | None:
    """A wait estimate for someone with ``ahead`` before them; ``counts`` includes that someone."""
    share = estimates.capacity(service_id, loads, counts)
    return estimates.wait_s(ahead, mean_service_s(session, config, service_id), share)


def _call_view(row: CallRow) -> CallView:
    return CallView(seq=row.seq, code=row.code, counter=row.counter, service_id=row.service_id, kind=row.kind,
                    at=row.at)


def board_state(session: Session, config: HallConfig, day: str, now: float, after: int, change: str) -> BoardState:
    calls = session.scalars(select(CallRow).where(CallRow.seq > after, CallRow.day == day)
                            .order_by(CallRow.seq).limit(MAX_CALLS))
    latest: dict[str, CallView] = {}
    for row in session.scalars(select(CallRow).where(CallRow.day == day).order_by(CallRow.seq.desc()).limit(200)):
        latest.setdefault(row.counter, _call_view(row))
    waiting = waiting_rows(session, day)
    counts, loads = waiting_counts(config, waiting), open_counters(session, config)
    estimated = {service.id: estimate_for(session, config, service.id, counts[service.id],
                                          {**counts, service.id: counts[service.id] + 1}, loads)
                 for service in config.services}
    return BoardState(hall_id=config.hall_id, day=day, change=change, hall_time=now,
                      calls=[_call_view(row) for row in calls], current=latest, waiting=counts,
                      estimates=estimated, open_counters=[load.counter for load in loads])


def staff_view(row: StaffRequestRow) -> StaffRequestView:
    return StaffRequestView(id=row.id, kiosk=row.kiosk, page=row.page, area=row.area, created_at=row.created_at,
                            acked_by=row.acked_by, acked_at=row.acked_at)


def counter_state(session: Session, config: HallConfig, day: str, counter_id: str, change: str) -> CounterState:
    counter = config.counter(counter_id)
    row = session.get(CounterRow, counter_id)
    current = current_ticket(session, day, counter_id)
    waiting = [ticket for ticket in waiting_rows(session, day)
               if rules.callable_by(as_waiting(ticket), counter_id, counter.services)]
    requests = session.scalars(select(StaffRequestRow).where(
        StaffRequestRow.day == day, StaffRequestRow.area == counter.area, StaffRequestRow.acked_by.is_(None))
        .order_by(StaffRequestRow.created_at))
    return CounterState(change=change, counter=counter_id, open=bool(row and row.open),
                        ticket=ticket_view(config, current) if current else None, waiting=len(waiting),
                        staff_requests=[staff_view(request) for request in requests])


def is_open(state: str) -> bool:
    return TicketState(state) in OPEN_STATES
