"""The hall's routes under ``/v1/hall``; each one: receive (size, signature, role, schema), run the
desk in one write transaction, bump the change mark, answer signed."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from sqlalchemy.orm import Session

from banshi.hall import views
from banshi.hall.bodies import BodyRefused, read_limited
from banshi.hall.errors import HallReason, HallRefused
from banshi.hall.model import HallRole
from banshi.hall.tables import StaffRequestRow
from banshi.hall.protocol import (
    BOARD_PATH,
    COUNTER_PATH,
    COUNTER_POLL_PATH,
    INFO_PATH,
    ISSUE_PATH,
    LOOKUP_PATH,
    STAFF_ACK_PATH,
    STAFF_PATH,
    STAFF_POLL_PATH,
    CounterAnswer,
    CounterRequest,
    HallInfo,
    IssueRequest,
    LookupRequest,
    Poll,
    StaffAck,
    StaffPollAnswer,
    StaffRequestCreate,
    StaffRequestView,
    TicketView,
)
from banshi.sync.errors import EnrolmentError
from banshi.sync.protocol import ENROL_PATH, HEALTH_PATH, Health
from banshi.sync.protocol.signing import EnrolRequest, EnrolResponse

if TYPE_CHECKING:
    from banshi.hall.app import Hall


def hall_routes(hall: Hall) -> APIRouter:
    router = APIRouter()
    _device_routes(router, hall)
    _ticket_routes(router, hall)
    _counter_routes(router, hall)
    _staff_routes(router, hall)
    return router


def _device_routes(router: APIRouter, hall: Hall) -> None:
    info_body = views.hall_info(hall.config).model_dump_json().encode("utf-8")

    @router.get(HEALTH_PATH, response_model=Health)
    async def health() -> Health:
        return Health(database=hall.store.engine.dialect.name)

    @router.get(INFO_PATH, response_model=HallInfo)
    async def info(request: Request) -> Response:
        """The hall's services and counters (nothing personal; devices show and speak their titles)."""
        return hall.signed(request, info_body)

    @router.post(ENROL_PATH, response_model=EnrolResponse)
    async def enrol(request: Request) -> Response:
        """Enrol a device's key with a one-time code from ``banshi hall enrol-code --role …``."""
        try:
            parsed = EnrolRequest.model_validate_json(await read_limited(request))
            await run_in_threadpool(hall.roles.enrol, hall.store.registry, parsed)
        except ValidationError:
            raise BodyRefused(422, "invalid_body", "not an enrolment request") from None
        except EnrolmentError as error:
            raise HallRefused(HallReason.ENROLMENT_REFUSED, error.detail) from None
        answer = EnrolResponse(device_id=parsed.device_id, hub_keys=hall.keys.public(), hub_time=time.time())
        return hall.answer(request, answer)


def _ticket_routes(router: APIRouter, hall: Hall) -> None:
    @router.post(ISSUE_PATH, response_model=TicketView)
    async def issue(request: Request) -> Response:
        """A ticket for a service (a retry with the same id answers the same ticket)."""
        signed, parsed = await hall.receive(request, IssueRequest, HallRole.KIOSK)
        return await hall.commit(request, signed, parsed.id, TicketView,
                                 lambda s, now: hall.desk.issue(s, now, signed.device_id, parsed))

    @router.post(LOOKUP_PATH, response_model=TicketView)
    async def lookup(request: Request) -> Response:
        """A scanned ticket QR: this hall's and today's, or refused saying which it is not."""
        signed, parsed = await hall.receive(request, LookupRequest, HallRole.COUNTER, HallRole.KIOSK)
        return await hall.commit(request, signed, None, TicketView, lambda s, now: hall.desk.lookup(s, now, parsed.qr),
                                 changes=False)

    @router.post(BOARD_PATH)
    async def board(request: Request) -> Response:
        """Calls after ``after`` and the hall's state; waits up to ``wait_s`` for a change (long poll)."""
        signed, poll = await hall.receive(request, Poll, HallRole.BOARD, HallRole.COUNTER)
        return await hall.poll(request, signed, poll, lambda s, now: views.board_state(
            s, hall.config, hall.desk.day(now), now, poll.after, hall.changes.mark))


def _counter_routes(router: APIRouter, hall: Hall) -> None:
    @router.post(COUNTER_PATH, response_model=CounterAnswer)
    async def counter(request: Request) -> Response:
        """Open, close, call next, recall, no-show, start, finish or transfer, for one counter."""
        signed, parsed = await hall.receive(request, CounterRequest, HallRole.COUNTER)
        return await hall.commit(request, signed, parsed.id, CounterAnswer,
                                 lambda s, now: hall.desk.counter_action(s, now, signed.device_id, parsed))

    @router.post(COUNTER_POLL_PATH)
    async def counter_poll(request: Request) -> Response:
        """The counter's ticket, what waits for it, and calls for staff in its area (long poll)."""
        signed, poll = await hall.receive(request, Poll, HallRole.COUNTER)
        if poll.counter is None or poll.counter not in {c.id for c in hall.config.counters}:
            raise HallRefused(HallReason.UNKNOWN_COUNTER, "name this hall's counter to poll for")
        return await hall.poll(request, signed, poll, lambda s, now: views.counter_state(
            s, hall.config, hall.desk.day(now), poll.counter or "", hall.changes.mark))


def _staff_routes(router: APIRouter, hall: Hall) -> None:
    @router.post(STAFF_PATH, response_model=StaffRequestView)
    async def call_staff(request: Request) -> Response:
        """A kiosk asks for a member of staff; every counter of the area sees it at its next poll."""
        signed, parsed = await hall.receive(request, StaffRequestCreate, HallRole.KIOSK)
        return await hall.commit(request, signed, parsed.id, StaffRequestView, lambda s, now: views.staff_view(
            hall.desk.staff_request(s, now, signed.device_id, parsed)))

    @router.post(STAFF_ACK_PATH, response_model=StaffRequestView)
    async def acknowledge(request: Request) -> Response:
        """One clerk takes the call; a second is refused with who took it."""
        signed, parsed = await hall.receive(request, StaffAck, HallRole.COUNTER)
        return await hall.commit(request, signed, None, StaffRequestView, lambda s, now: views.staff_view(
            hall.desk.acknowledge(s, now, parsed.request_id, parsed.counter)))

    @router.post(STAFF_POLL_PATH, response_model=StaffPollAnswer)
    async def staff_poll(request: Request) -> Response:
        """The kiosk's own call for staff, once acknowledged or after ``wait_s``."""
        signed, poll = await hall.receive(request, Poll, HallRole.KIOSK)
        return await hall.poll(request, signed, poll, lambda s, now: StaffPollAnswer(
            request=_own_request(s, signed.device_id, poll.request_id or ""), change=hall.changes.mark))


def _own_request(session: Session, device: str, request_id: str) -> StaffRequestView:
    row = session.get(StaffRequestRow, request_id)
    if row is None or row.kiosk != device:
        raise HallRefused(HallReason.UNKNOWN_REQUEST, "no such call for staff from this kiosk")
    return views.staff_view(row)
