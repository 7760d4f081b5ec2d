"""Why a scanned code was not accepted: one reason code each, with words for citizens."""

from __future__ import annotations

from enum import Enum

from banshi.i18n import N_, LazyText


class RejectReason(str, Enum):
    MALFORMED = "malformed"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"
    BAD_SIGNATURE = "bad_signature"
    TAMPERED = "tampered"
    WRONG_ALGORITHM = "wrong_algorithm"
    UNKNOWN_ISSUER = "unknown_issuer"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED_SERIAL = "revoked_serial"
    REVOKED_KEY = "revoked_key"
    TIME_NOT_TRUSTED = "time_not_trusted"
    TRUST_LIST_STALE = "trust_list_stale"


_UNREADABLE = N_("This code could not be read completely. Please hold it still, or ask staff for a new one.")
_NOT_GENUINE = N_("This code could not be confirmed as genuine. Please ask staff for help.")

USER_MESSAGES: dict[RejectReason, LazyText] = {
    RejectReason.MALFORMED: _UNREADABLE,
    RejectReason.TRUNCATED: _UNREADABLE,
    RejectReason.TOO_LARGE: _UNREADABLE,
    RejectReason.BAD_SIGNATURE: _NOT_GENUINE,
    RejectReason.TAMPERED: N_("This code has been changed since it was issued. Please ask staff for a new one."),
    RejectReason.WRONG_ALGORITHM: _NOT_GENUINE,
    RejectReason.UNKNOWN_ISSUER: N_("This code was issued by an office this machine does not know. Please ask staff."),
    RejectReason.EXPIRED: N_("This code has expired. Please ask staff at the counter for a new one."),
    RejectReason.NOT_YET_VALID: N_("This code is not valid yet. Please try again later or ask staff."),
    RejectReason.REVOKED_SERIAL: N_("This code has been cancelled. Please ask staff at the counter for a new one."),
    RejectReason.REVOKED_KEY: N_("This code was signed with a key that is no longer trusted. Please ask staff."),
    RejectReason.TIME_NOT_TRUSTED: N_("This machine's clock cannot be trusted right now, so codes cannot be checked. Please ask staff."),
    RejectReason.TRUST_LIST_STALE: N_("This machine needs an update before it can check codes. Please ask staff."),
}


class CodeRejected(Exception):
    """A scanned code was rejected; ``reason`` is the machine-readable cause."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"Code rejected ({reason.value}): {detail}")
        self.reason = reason
        self.detail = detail
        self.user_message: LazyText = USER_MESSAGES[reason]
