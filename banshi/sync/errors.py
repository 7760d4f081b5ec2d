"""Errors of the sync package: an English ``str()`` for operators, a ``user_message`` for citizens."""

from __future__ import annotations

from banshi.i18n import N_, LazyText


class SyncError(Exception):
    """Base of every sync error; ``user_message`` is safe to show a citizen."""

    user_message: LazyText = N_("Something went wrong while saving. Please ask a member of staff for help.")


class InvalidTransactionError(SyncError, ValueError):
    """A transaction dict that cannot become a wire envelope (a programming error upstream)."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"Invalid transaction: {problem}. Build it with Transaction.create or a builder in banshi.services.records.")
        self.problem = problem
        self.user_message = N_("This application could not be saved. Please ask a member of staff for help.")


class DuplicateTransactionError(SyncError):
    """The same transaction id was enqueued again with different content; ids are never re-keyed."""

    def __init__(self, transaction_id: str) -> None:
        super().__init__(
            f"Transaction {transaction_id} is already in the outbox with different content; "
            "a changed payload must never reuse an id. Start a new transaction instead."
        )
        self.transaction_id = transaction_id
        self.user_message = N_("This application was already saved. Please start a new one.")


class UnknownTransactionError(SyncError, KeyError):
    """An outbox lookup or update named an id the outbox does not hold."""

    def __init__(self, transaction_id: str) -> None:
        super().__init__(f"No transaction {transaction_id} in the outbox; check the id.")
        self.transaction_id = transaction_id

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class OutboxMigrationError(SyncError):
    """The outbox file was written by a newer Banshi than this one."""

    def __init__(self, path: str, unknown: list[str]) -> None:
        super().__init__(
            f"Outbox {path} has migrations this version does not know ({', '.join(unknown)}); "
            "upgrade Banshi on this device instead of downgrading it."
        )
        self.unknown = unknown


class SealError(SyncError, ValueError):
    """A sealed or locally encrypted payload could not be opened."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"Cannot open a sealed payload: {problem}. Check that device and hub keys belong together.")
        self.problem = problem


class KeyFileError(SyncError):
    """A key file of the device or hub is missing, unreadable or too widely readable."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"Key file {path}: {problem}.")
        self.path = path
        self.problem = problem


class SignatureError(SyncError, ValueError):
    """A signature (a device's request, or the hub's answer) does not verify."""


class RequestRefused(SyncError):
    """The hub refused a request as unauthenticated; ``reason`` (a ``RefusalReason``, which knows its HTTP
    status) is a stable code for devices. A reason not in that enum is a ``ValueError`` where it is raised."""

    def __init__(self, reason: str, detail: str) -> None:
        # Imported here: the protocol package imports this module, so a top-level import would be a cycle.
        from banshi.sync.protocol.refusals import RefusalReason

        self.reason = RefusalReason(reason)
        super().__init__(f"Request refused ({self.reason}): {detail}")
        self.detail = detail


class EnrolmentError(SyncError):
    """Enrolment with a one-time code failed (the code is unknown, used, or the device id is taken)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Enrolment failed: {detail}")
        self.detail = detail
        self.user_message = N_("This device could not be registered. Please ask the administrator for a new code.")


class EnrolmentThrottled(EnrolmentError):
    """Too many wrong codes lately, from this client or overall: the hub tries no code until ``retry_after_s``."""

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s
