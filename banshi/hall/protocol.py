"""The hall's wire models (``/v1/hall``), shared by the hall service and its devices.

Every mutating request carries a client-made UUIDv7 ``id``: a retry after a lost answer or a killed
hall service gets the first answer again, never a second ticket or a second call.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, field_validator

from banshi.hall.model import CallKind, CounterAction, Priority, TicketState
from banshi.services.transactions import check_uuid7
from banshi.sync.protocol import API_PREFIX

HALL_PREFIX = f"{API_PREFIX}/hall"
INFO_PATH = f"{HALL_PREFIX}/info"
ISSUE_PATH = f"{HALL_PREFIX}/tickets"
LOOKUP_PATH = f"{HALL_PREFIX}/tickets/lookup"
COUNTER_PATH = f"{HALL_PREFIX}/counter"
COUNTER_POLL_PATH = f"{HALL_PREFIX}/counter/poll"
BOARD_PATH = f"{HALL_PREFIX}/board"
STAFF_PATH = f"{HALL_PREFIX}/staff-requests"
STAFF_ACK_PATH = f"{HALL_PREFIX}/staff-requests/ack"
STAFF_POLL_PATH = f"{HALL_PREFIX}/staff-requests/poll"
MAX_WAIT_S = 25.0  # a long poll answers within this, so proxies and clients never time out first
Short = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:/-]+$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Identified(_Model):
    id: StrictStr
    _id_is_uuid7 = field_validator("id")(check_uuid7)


class IssueRequest(_Identified):
    service_id: StrictStr = Short
    priority: Priority = Priority.NORMAL
    filing_reference: StrictStr | None = Field(default=None, min_length=1, max_length=64)

    @field_validator("priority", mode="before")
    @classmethod
    def _priority(cls, value: object) -> object:  # strict mode would refuse the enum's JSON string
        return Priority(value) if isinstance(value, str) else value


class TicketView(_Model):
    id: StrictStr
    hall_id: StrictStr
    day: StrictStr
    code: StrictStr
    service_id: StrictStr
    priority: StrictStr
    state: StrictStr
    issued_at: StrictFloat
    counter: StrictStr | None
    call_count: StrictInt
    people_ahead: StrictInt
    estimate_s: StrictFloat | None
    filing_reference: StrictStr | None
    qr: StrictStr  # BST:<hall>:<day>:<code>:<id>

    @property
    def ticket_state(self) -> TicketState:
        return TicketState(self.state)


class LookupRequest(_Model):
    qr: StrictStr = Field(min_length=1, max_length=300)


class CounterRequest(_Identified):
    counter: StrictStr = Field(min_length=1, max_length=3, pattern=r"^[0-9]+$")
    action: CounterAction
    transfer_service: StrictStr | None = Field(default=None, max_length=64)
    transfer_counter: StrictStr | None = Field(default=None, max_length=3)
    rating: StrictInt | None = Field(default=None, ge=1, le=5)  # 好差评, 1 (差) … 5 (好)
    case_reference: StrictStr | None = Field(default=None, min_length=1, max_length=64)

    @field_validator("action", mode="before")
    @classmethod
    def _action(cls, value: object) -> object:
        return CounterAction(value) if isinstance(value, str) else value


class CounterAnswer(_Model):
    ticket: TicketView | None  # the counter's ticket after the action (None: nothing waits / idle)
    waiting: StrictInt  # tickets waiting that this counter could call


class CallView(_Model):
    seq: StrictInt
    code: StrictStr
    counter: StrictStr
    service_id: StrictStr
    kind: StrictStr
    at: StrictFloat

    @property
    def call_kind(self) -> CallKind:
        return CallKind(self.kind)


class StaffRequestCreate(_Identified):
    page: StrictStr = Short
    area: StrictStr = Field(default="main", pattern=r"^[a-z0-9_]{1,40}$")


class StaffAck(_Model):
    request_id: StrictStr
    counter: StrictStr = Field(min_length=1, max_length=3, pattern=r"^[0-9]+$")


class StaffRequestView(_Model):
    id: StrictStr
    kiosk: StrictStr
    page: StrictStr
    area: StrictStr
    created_at: StrictFloat
    acked_by: StrictStr | None
    acked_at: StrictFloat | None


class StaffPollAnswer(_Model):
    request: StaffRequestView
    change: StrictStr


class Poll(_Model):
    """A long poll: answer at once if ``change`` is not the hall's current change mark, else within ``wait_s``."""

    change: StrictStr = Field(default="", max_length=80)
    wait_s: StrictFloat = Field(default=0.0, ge=0.0, le=MAX_WAIT_S)
    after: StrictInt = Field(default=0, ge=0)  # the board: calls after this seq
    counter: StrictStr | None = Field(default=None, max_length=3)  # the counter polling
    request_id: StrictStr | None = Field(default=None, max_length=40)  # a kiosk's staff request


class BoardState(_Model):
    hall_id: StrictStr
    day: StrictStr
    change: StrictStr
    hall_time: StrictFloat
    calls: list[CallView]  # after ``Poll.after``, oldest first (at most 100)
    current: dict[StrictStr, CallView]  # the latest call of each counter today
    waiting: dict[StrictStr, StrictInt]  # per service
    estimates: dict[StrictStr, StrictFloat | None]  # a newcomer's wait per service, seconds
    open_counters: list[StrictStr]


class CounterState(_Model):
    change: StrictStr
    counter: StrictStr
    open: bool
    ticket: TicketView | None
    waiting: StrictInt
    staff_requests: list[StaffRequestView]  # unacknowledged ones in the counter's area


class ServiceInfo(_Model):
    id: StrictStr
    prefix: StrictStr
    title_zh: StrictStr
    title_en: StrictStr
    area: StrictStr
    filings: list[StrictStr] = []  # kiosk filings (catalog service ids) that end at these windows


class HallInfo(_Model):
    hall_id: StrictStr
    name_zh: StrictStr
    name_en: StrictStr
    services: list[ServiceInfo]
    counters: dict[StrictStr, list[StrictStr]]  # counter → services
    cantonese: bool
    repeat: StrictInt
    chime: bool
