"""Errors of clerk sign-in and the audit log: English ``str()`` for operators, ``user_message`` for clerks."""

from __future__ import annotations

from banshi.i18n import N_, LazyText


class StaffError(Exception):
    user_message: LazyText = N_("Something went wrong. Please ask a supervisor.")


class AccountFileError(StaffError, ValueError):
    """The clerk accounts file is missing or malformed."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"Clerk accounts file {path}: {problem}. Fix the file or sync accounts from the hub again.")
        self.user_message = N_("Staff accounts could not be loaded. Please ask a supervisor.")


class SignInRejected(StaffError):
    """Wrong clerk id or PIN (deliberately not saying which)."""

    def __init__(self, clerk_id: str, failures: int) -> None:
        super().__init__(f"Sign-in rejected for clerk {clerk_id!r} ({failures} consecutive failures).")
        self.clerk_id = clerk_id
        self.failures = failures
        self.user_message = N_("Staff number or PIN is wrong. Please try again.")


class WeakPinError(StaffError, ValueError):
    """A PIN chosen for a clerk is too easy to guess (``accounts.pin_problem`` says why)."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"PIN refused: {problem}. Choose another.")
        self.problem = problem


class AccountLockedError(StaffError):
    def __init__(self, clerk_id: str, seconds_left: int) -> None:
        super().__init__(
            f"Clerk {clerk_id!r} is locked out for {seconds_left} more seconds after repeated wrong PINs; "
            "a supervisor can unlock the account."
        )
        self.clerk_id = clerk_id
        self.seconds_left = seconds_left
        self.user_message = N_(
            "Too many wrong PINs. This account is locked for {minutes} minutes, or ask a supervisor.",
            minutes=max(1, (seconds_left + 59) // 60),
        )


class NotAllowedError(StaffError):
    def __init__(self, clerk_id: str, action: str) -> None:
        super().__init__(f"Clerk {clerk_id!r} may not {action}; it needs the supervisor role.")
        self.user_message = N_("Only a supervisor can do this.")


class AuditLogError(StaffError):
    """The audit log cannot be written or its file is not an audit log."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"Audit log {path}: {problem}")
        self.user_message = N_("The action could not be recorded, so it was not done. Please ask a supervisor.")


class SubjectLooksPersonalError(StaffError, ValueError):
    """Someone tried to write an ID number, phone number or name into the audit log in clear."""

    def __init__(self, field: str) -> None:
        super().__init__(
            f"Audit {field} looks like personal data (an ID or phone number); pass a masked or opaque reference."
        )
