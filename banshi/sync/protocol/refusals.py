"""Why a hub (or the hall service) refused a request as unauthenticated or malformed, and the HTTP status
each reason answers with: one table for every service, so a new reason cannot fall through to a guess.

The value travels in the answer's ``reason`` field; devices act on it (``replayed``: already received,
``clock_skew``: retry with the hub's time).
"""

from __future__ import annotations

from enum import StrEnum


class RefusalReason(StrEnum):
    UNSIGNED = "unsigned"
    UNKNOWN_DEVICE = "unknown_device"
    BAD_SIGNATURE = "bad_signature"
    REPLAYED = "replayed"
    CLOCK_SKEW = "clock_skew"
    DEVICE_MISMATCH = "device_mismatch"
    WRONG_ROLE = "wrong_role"
    TOO_LARGE = "too_large"
    BAD_REQUEST = "bad_request"
    DISCONNECTED = "disconnected"

    @property
    def status(self) -> int:
        return _STATUS[self]


_STATUS = {
    RefusalReason.UNSIGNED: 401, RefusalReason.UNKNOWN_DEVICE: 401, RefusalReason.BAD_SIGNATURE: 401,
    RefusalReason.CLOCK_SKEW: 401, RefusalReason.REPLAYED: 409, RefusalReason.DEVICE_MISMATCH: 403,
    RefusalReason.WRONG_ROLE: 403, RefusalReason.TOO_LARGE: 413, RefusalReason.BAD_REQUEST: 400,
    RefusalReason.DISCONNECTED: 400,
}
