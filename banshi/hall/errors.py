"""Why the hall refused a request: a stable reason code (devices branch on it) and its HTTP status."""

from __future__ import annotations

from enum import StrEnum


class HallReason(StrEnum):
    UNKNOWN_SERVICE = "unknown_service"
    UNKNOWN_COUNTER = "unknown_counter"
    COUNTER_BUSY = "counter_busy"  # finish, transfer or mark no-show first
    NO_CURRENT_TICKET = "no_current_ticket"
    WRONG_TICKET_STATE = "wrong_ticket_state"
    RECALL_LIMIT = "recall_limit"
    RECALL_TOO_SOON = "recall_too_soon"
    BAD_TRANSFER = "bad_transfer"
    TICKET_OTHER_HALL = "ticket_other_hall"
    TICKET_OTHER_DAY = "ticket_other_day"
    TICKET_UNKNOWN = "ticket_unknown"
    NOT_A_TICKET = "not_a_ticket"
    ALREADY_ACKED = "already_acked"
    OTHER_AREA = "other_area"
    UNKNOWN_REQUEST = "unknown_request"
    WRONG_ROLE = "wrong_role"
    ENROLMENT_REFUSED = "enrolment_refused"  # an unknown, spent or other hall's code
    ID_REUSED = "id_reused"  # a request id already used by another device or for another action


_STATUS = {HallReason.UNKNOWN_SERVICE: 422, HallReason.UNKNOWN_COUNTER: 422, HallReason.BAD_TRANSFER: 422,
           HallReason.NOT_A_TICKET: 422, HallReason.TICKET_UNKNOWN: 404, HallReason.UNKNOWN_REQUEST: 404,
           HallReason.WRONG_ROLE: 403, HallReason.OTHER_AREA: 403, HallReason.ENROLMENT_REFUSED: 403}


class HallRefused(Exception):
    """The request is well formed and authentic but the hall's rules say no (a 4xx, never a 500)."""

    def __init__(self, reason: HallReason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail

    @property
    def status(self) -> int:
        return _STATUS.get(self.reason, 409)
