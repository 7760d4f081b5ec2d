"""What the counter writes to the audit log: every clerk action, and why a clerk was signed out."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    IDENTIFY_CODE = "identify_code"  # a scanned citizen code
    IDENTIFY_ID_CARD = "identify_id_card"  # an ID number typed from the card
    START_FILING = "start_filing"
    CITIZEN_CONFIRMED = "citizen_confirmed"
    CITIZEN_DISPUTED = "citizen_disputed"
    FILE = "file"
    RATED = "rated"
    RATING_SKIPPED = "rating_skipped"
    FINISH = "finish"
    ISSUE_CODE = "issue_code"
    REVOKE_CODE = "revoke_code"
    EXPORT_BUNDLE = "export_bundle"
    IMPORT_BUNDLE = "import_bundle"
    RESOLVE_CONFLICT = "resolve_conflict"


class LockReason(StrEnum):
    """Why the desk closed; the value is the action written to the audit log."""

    SIGN_OUT = "sign_out"
    LOCK = "lock"  # the clerk locked it (Ctrl+L)
    IDLE = "idle_lock"
    ACCOUNT_WITHDRAWN = "account_withdrawn"  # disabled at the hub
    ACCOUNT_CHANGED = "account_changed"  # PIN, name or role changed at the hub
