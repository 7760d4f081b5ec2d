"""A device's client for the hall service (kiosk, counter, board, the simulator): enrols once, signs
every request, checks the hall's signature on every answer, and retries a write with the same id.

Reuses the hub's device pieces as they are: ``sync.device.enrol`` and ``DeviceCredentials`` for the
identity, ``HubClient`` for signing, clock offsets and answer verification.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from banshi.hall.model import CounterAction, Priority
from banshi.hall.protocol import (
    BOARD_PATH,
    COUNTER_PATH,
    COUNTER_POLL_PATH,
    INFO_PATH,
    ISSUE_PATH,
    LOOKUP_PATH,
    MAX_WAIT_S,
    STAFF_ACK_PATH,
    STAFF_PATH,
    STAFF_POLL_PATH,
    BoardState,
    CounterAnswer,
    CounterRequest,
    CounterState,
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
from banshi.services.ids import uuid7
from banshi.sync.device import DeviceCredentials, enrol
from banshi.sync.errors import SyncError
from banshi.sync.hub_client import HubCallFailed, HubClient

Answer = TypeVar("Answer", bound=BaseModel)
# Answers worth the same request again: "replayed" (our signed retry crossed an answer we never got;
# it is signed anew) and "database" (the hall's database did not answer this time).
RETRIED = frozenset({"replayed", "database"})


class HallUnreachable(Exception):
    """No answer from the hall service (down, restarting, unplugged): the caller says so plainly."""


class HallSaidNo(Exception):
    """The hall answered with a refusal: ``reason`` is one of ``HallReason`` (or an auth reason)."""

    def __init__(self, status: int, reason: str, detail: str) -> None:
        super().__init__(f"HTTP {status} {reason}: {detail}")
        self.status, self.reason, self.detail = status, reason, detail


def hall_credentials(url: str, device_id: str, folder: Path, code: str = "", timeout: float = 5.0) -> DeviceCredentials:
    """The device's identity at the hall in ``folder``, enrolling with ``code`` the first time."""
    if DeviceCredentials.is_enrolled(folder):
        return DeviceCredentials.load(folder)
    if not code:
        raise HallUnreachable(f"device {device_id} is not enrolled at the hall: set hall.enrolment_code")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return enrol(url, device_id, code, folder, timeout=timeout)
    except SyncError as error:
        raise HallUnreachable(f"enrolment at the hall failed: {error}") from None


class HallClient:
    def __init__(self, url: str, credentials: DeviceCredentials, timeout: float = 5.0) -> None:
        self.hub = HubClient(url, credentials=credentials, timeout=timeout)
        self.poller = HubClient(url, credentials=credentials, timeout=timeout + MAX_WAIT_S)  # long polls

    def close(self) -> None:
        self.hub.close()
        self.poller.close()

    def _post(self, path: str, request: BaseModel, answer: type[Answer], waits: bool = False) -> Answer:
        body = request.model_dump_json().encode("utf-8")
        client = self.poller if waits else self.hub
        try:
            response = client.post(path, body)
            verified = client.verified(path, response)
        except HubCallFailed as error:
            raise HallUnreachable(str(error)) from None
        if response.status_code != 200:
            raise _refusal(response.status_code, verified)
        try:
            return answer.model_validate_json(verified)
        except ValidationError:
            raise HallUnreachable(f"the hall's answer at {path} is not a {answer.__name__}") from None

    def _retrying(self, path: str, request: BaseModel, answer: type[Answer], budget_s: float) -> Answer:
        """The same request (same id) again until answered or ``budget_s`` has passed: exactly once at the hall."""
        deadline = time.monotonic() + budget_s
        while True:
            try:
                return self._post(path, request, answer)
            except HallUnreachable:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)
            except HallSaidNo as refusal:
                if refusal.reason not in RETRIED or time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)

    def info(self) -> HallInfo:
        try:
            response = self.hub.get(INFO_PATH)
            return HallInfo.model_validate_json(self.hub.verified(INFO_PATH, response))
        except (HubCallFailed, ValidationError) as error:
            raise HallUnreachable(str(error)) from None

    def issue(self, service_id: str, priority: Priority = Priority.NORMAL, filing_reference: str | None = None,
              *, request_id: str | None = None, budget_s: float = 1.5) -> TicketView:
        request = IssueRequest(id=request_id or uuid7(), service_id=service_id, priority=priority,
                               filing_reference=filing_reference)
        return self._retrying(ISSUE_PATH, request, TicketView, budget_s)

    def counter(self, counter: str, action: CounterAction, *, request_id: str | None = None, budget_s: float = 3.0,
                **details: object) -> CounterAnswer:
        request = CounterRequest(id=request_id or uuid7(), counter=counter, action=action, **details)
        return self._retrying(COUNTER_PATH, request, CounterAnswer, budget_s)

    def lookup(self, qr: str) -> TicketView:
        return self._post(LOOKUP_PATH, LookupRequest(qr=qr), TicketView)

    def board(self, after: int, change: str = "", wait_s: float = 0.0) -> BoardState:
        return self._post(BOARD_PATH, Poll(after=after, change=change, wait_s=wait_s), BoardState, True)

    def counter_state(self, counter: str, change: str = "", wait_s: float = 0.0) -> CounterState:
        return self._post(COUNTER_POLL_PATH, Poll(counter=counter, change=change, wait_s=wait_s), CounterState,
                          True)

    def call_staff(self, page: str, area: str = "main", *, request_id: str | None = None) -> StaffRequestView:
        request = StaffRequestCreate(id=request_id or uuid7(), page=page, area=area)
        return self._retrying(STAFF_PATH, request, StaffRequestView, 2.0)

    def acknowledge(self, request_id: str, counter: str) -> StaffRequestView:
        return self._post(STAFF_ACK_PATH, StaffAck(request_id=request_id, counter=counter), StaffRequestView)

    def staff_request(self, request_id: str, change: str = "", wait_s: float = 0.0) -> StaffPollAnswer:
        return self._post(STAFF_POLL_PATH, Poll(request_id=request_id, change=change, wait_s=wait_s),
                          StaffPollAnswer, True)


def _refusal(status: int, body: bytes) -> HallSaidNo:
    try:
        parsed = json.loads(body)
        return HallSaidNo(status, str(parsed.get("reason", "refused")), str(parsed.get("detail", "")))
    except (ValueError, AttributeError):
        return HallSaidNo(status, "refused", body[:200].decode("utf-8", errors="replace"))
