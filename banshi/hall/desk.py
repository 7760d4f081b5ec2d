"""What the hall does when asked: issue a ticket, act for a counter, take and acknowledge a call for
staff, look up a scanned ticket. Each function runs inside ``HallStore.write`` (or ``read``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from banshi.hall import rules, views
from banshi.hall.config import HallConfig, HallCounter
from banshi.hall.errors import HallReason, HallRefused
from banshi.hall.model import CallKind, CounterAction, TicketState
from banshi.hall.protocol import CounterAnswer, CounterRequest, IssueRequest, StaffRequestCreate, TicketView
from banshi.hall.store import hall_day
from banshi.hall.tables import CallRow, CounterRow, StaffRequestRow, TicketRow
from banshi.identity.kinds import TICKET_PREFIX


class HallDesk:
    """The hall's rules applied to its tables, for one hall configuration."""

    def __init__(self, config: HallConfig) -> None:
        self.config = config

    def day(self, now: float) -> str:
        return hall_day(now, self.config.timezone)

    # ----- tickets ------------------------------------------------------------------------------

    def issue(self, session: Session, now: float, kiosk: str, request: IssueRequest) -> TicketView:
        """The next number of the service's letter today, with the people ahead and an estimate."""
        try:
            service = self.config.service(request.service_id)
        except KeyError:
            raise HallRefused(HallReason.UNKNOWN_SERVICE, f"this hall offers no service {request.service_id!r}") from None
        day = self.day(now)
        last = session.scalar(select(func.max(TicketRow.number)).where(TicketRow.day == day,
                                                                       TicketRow.prefix == service.prefix))
        number = (last or 0) + 1
        row = TicketRow(id=request.id, day=day, prefix=service.prefix, number=number, code=f"{service.prefix}{number:03d}",
                        service_id=service.id, priority=request.priority, state=TicketState.WAITING, kiosk=kiosk,
                        issued_at=now, waiting_since=now, call_count=0, filing_reference=request.filing_reference)
        waiting = views.waiting_rows(session, day)
        counts = views.waiting_counts(self.config, waiting)
        counts[service.id] += 1
        row.people_ahead = rules.people_ahead(views.as_waiting(row), [views.as_waiting(t) for t in waiting],
                                              self.config.weights, now)
        row.estimate_s = views.estimate_for(session, self.config, service.id, row.people_ahead, counts,
                                            views.open_counters(session, self.config))
        session.add(row)
        session.flush()  # the unique (day, code) key speaks now, inside this transaction
        return views.ticket_view(self.config, row)

    def lookup(self, session: Session, now: float, qr: str) -> TicketView:
        """A scanned ticket of this hall and today; another hall's, another day's or a made-up one is refused."""
        if not qr.startswith(TICKET_PREFIX):
            raise HallRefused(HallReason.NOT_A_TICKET, "this code is not a queue ticket")
        parts = qr[len(TICKET_PREFIX):].split(":")
        if len(parts) != 4:
            raise HallRefused(HallReason.NOT_A_TICKET, "this ticket code is damaged")
        hall_id, day, code, ticket_id = parts
        if hall_id != self.config.hall_id:
            raise HallRefused(HallReason.TICKET_OTHER_HALL, f"this ticket is from hall {hall_id!r}")
        if day != self.day(now):
            raise HallRefused(HallReason.TICKET_OTHER_DAY, f"this ticket is from {day}; tickets are valid on their day")
        row = session.get(TicketRow, ticket_id)
        if row is None or row.code != code or row.day != day:
            raise HallRefused(HallReason.TICKET_UNKNOWN, "no such ticket was issued here today")
        return views.ticket_view(self.config, row)

    # ----- counters -----------------------------------------------------------------------------

    def counter_action(self, session: Session, now: float, device: str, request: CounterRequest) -> CounterAnswer:
        counter = self._counter(request.counter)
        day = self.day(now)
        current = views.current_ticket(session, day, counter.id)
        if request.action in (CounterAction.OPEN, CounterAction.CLOSE, CounterAction.CALL_NEXT):
            self._set_open(session, now, device, counter.id, request.action != CounterAction.CLOSE)
        if request.action == CounterAction.CALL_NEXT:
            current = self._call_next(session, now, day, counter.id, counter.services, current)
        elif request.action not in (CounterAction.OPEN, CounterAction.CLOSE):
            current = self._act_on(session, now, request, self._required(current))
        waiting = [t for t in views.waiting_rows(session, day)
                   if rules.callable_by(views.as_waiting(t), counter.id, counter.services)]
        shown = current if current is not None and views.is_open(current.state) else None
        return CounterAnswer(ticket=views.ticket_view(self.config, shown) if shown else None, waiting=len(waiting))

    def _counter(self, counter_id: str) -> HallCounter:
        try:
            return self.config.counter(counter_id)
        except KeyError:
            raise HallRefused(HallReason.UNKNOWN_COUNTER, f"this hall has no counter {counter_id!r}") from None

    @staticmethod
    def _set_open(session: Session, now: float, device: str, counter: str, opened: bool) -> None:
        row = session.get(CounterRow, counter)
        if row is None:
            session.add(CounterRow(id=counter, open=opened, device_id=device, changed_at=now))
        elif row.open != opened or row.device_id != device:
            row.open, row.device_id, row.changed_at = opened, device, now

    @staticmethod
    def _required(current: TicketRow | None) -> TicketRow:
        if current is None:
            raise HallRefused(HallReason.NO_CURRENT_TICKET, "this counter has no called ticket")
        return current

    def _call_next(self, session: Session, now: float, day: str, counter: str, services: tuple[str, ...],
                   current: TicketRow | None) -> TicketRow | None:
        if current is not None:
            raise HallRefused(HallReason.COUNTER_BUSY, f"{current.code} is still at this counter: finish, transfer "
                                                       "or mark it a no-show first")
        views.release_last(session, day, counter, now)
        waiting = views.waiting_rows(session, day)
        chosen = rules.choose_next([views.as_waiting(t) for t in waiting], counter, services, self.config.weights, now)
        if chosen is None:
            return None  # nothing waits: not an error, the counter just stays free
        row = next(t for t in waiting if t.id == chosen.id)
        row.state, row.counter, row.call_count = TicketState.CALLED, counter, 1
        row.called_at = row.last_called_at = now
        self._announce(session, row, CallKind.CALL, now)
        return row

    def _act_on(self, session: Session, now: float, request: CounterRequest, row: TicketRow) -> TicketRow:
        state = TicketState(row.state)
        action = request.action
        if action == CounterAction.RECALL:
            self._recall(session, now, row, state)
        elif action == CounterAction.NO_SHOW:
            self._expect(row, state, TicketState.CALLED)
            row.state, row.finished_at = TicketState.NO_SHOW, now
        elif action == CounterAction.START:
            self._expect(row, state, TicketState.CALLED)
            row.state, row.started_at = TicketState.SERVING, now
        elif action == CounterAction.FINISH:
            row.state, row.finished_at = TicketState.DONE, now
            row.started_at = row.started_at or now
            row.rating, row.case_reference = request.rating, request.case_reference
        elif action == CounterAction.TRANSFER:
            self._transfer(row, request)
        return row

    @staticmethod
    def _expect(row: TicketRow, state: TicketState, wanted: TicketState) -> None:
        if state != wanted:
            raise HallRefused(HallReason.WRONG_TICKET_STATE, f"{row.code} is {state}, not {wanted}")

    def _recall(self, session: Session, now: float, row: TicketRow, state: TicketState) -> None:
        self._expect(row, state, TicketState.CALLED)
        refusal = rules.recall_refusal(row.call_count - 1, row.last_called_at or now, now, self.config.recall_max,
                                       self.config.recall_min_gap_s)
        if refusal is rules.RecallRefusal.LIMIT:
            raise HallRefused(HallReason.RECALL_LIMIT, f"{row.code} was recalled {self.config.recall_max} times already")
        if refusal is rules.RecallRefusal.TOO_SOON:
            raise HallRefused(HallReason.RECALL_TOO_SOON, f"recall {row.code} at the earliest "
                                                          f"{self.config.recall_min_gap_s:.0f} s after the last call")
        row.call_count += 1
        row.last_called_at = now
        self._announce(session, row, CallKind.RECALL, now)

    def _transfer(self, row: TicketRow, request: CounterRequest) -> None:
        """Back to waiting, keeping its number and its place (waiting time), for another service or counter."""
        target_service, target_counter = request.transfer_service, request.transfer_counter
        if (target_service is None) == (target_counter is None):
            raise HallRefused(HallReason.BAD_TRANSFER, "name either a service or a counter to transfer to")
        if target_service is not None and target_service not in {s.id for s in self.config.services}:
            raise HallRefused(HallReason.BAD_TRANSFER, f"this hall offers no service {target_service!r}")
        if target_counter is not None and target_counter not in {c.id for c in self.config.counters}:
            raise HallRefused(HallReason.BAD_TRANSFER, f"this hall has no counter {target_counter!r}")
        if target_counter == row.counter:
            raise HallRefused(HallReason.BAD_TRANSFER, "the ticket is already at that counter")
        row.state, row.call_count, row.called_at, row.last_called_at, row.started_at = TicketState.WAITING, 0, None, None, None
        row.service_id = target_service or row.service_id
        row.counter = target_counter

    @staticmethod
    def _announce(session: Session, row: TicketRow, kind: CallKind, now: float) -> None:
        assert row.counter is not None
        session.add(CallRow(day=row.day, ticket_id=row.id, code=row.code, counter=row.counter,
                            service_id=row.service_id, kind=kind, at=now))

    # ----- call staff ---------------------------------------------------------------------------

    def staff_request(self, session: Session, now: float, kiosk: str, request: StaffRequestCreate) -> StaffRequestRow:
        row = StaffRequestRow(id=request.id, day=self.day(now), kiosk=kiosk, page=request.page, area=request.area,
                              created_at=now)
        session.add(row)
        return row

    def acknowledge(self, session: Session, now: float, request_id: str, counter_id: str) -> StaffRequestRow:
        """The first clerk to acknowledge takes the request; a second is told who did."""
        counter = self._counter(counter_id)
        row = session.get(StaffRequestRow, request_id)
        if row is None:
            raise HallRefused(HallReason.UNKNOWN_REQUEST, "no such call for staff")
        if row.area != counter.area:
            raise HallRefused(HallReason.OTHER_AREA, f"this call for staff is for area {row.area!r}")
        if row.acked_by is not None:
            raise HallRefused(HallReason.ALREADY_ACKED, f"counter {row.acked_by} is already on its way")
        row.acked_by, row.acked_at = counter.id, now
        return row
