"""Staff at the counter (Qt-free): clerk accounts with argon2-hashed PINs, lockout, idle policy,
roles, and the hash-chained audit log of clerk actions."""

from banshi.services.staff.accounts import (
    LOCKOUT_S, MAX_FAILURES, PIN_HASH_COST, ClerkAccount, Role, SignIn, check_pin_policy, hash_secret, load_accounts,
    pin_problem, verify_secret, write_accounts,
)
from banshi.services.staff.audit import AuditEntry, AuditHead, AuditLog, AuditVerification, Tampering
from banshi.services.staff.errors import (
    AccountFileError, AccountLockedError, AuditLogError, NotAllowedError, SignInRejected, StaffError,
    SubjectLooksPersonalError, WeakPinError,
)
from banshi.services.staff.idle import IdlePolicy, IdleState

__all__ = [
    "LOCKOUT_S", "MAX_FAILURES", "PIN_HASH_COST", "WeakPinError", "check_pin_policy", "pin_problem", "AccountFileError", "AccountLockedError", "AuditEntry", "AuditHead", "AuditLog",
    "AuditLogError", "AuditVerification", "ClerkAccount", "IdlePolicy", "IdleState", "NotAllowedError", "Role",
    "SignIn", "SignInRejected", "StaffError", "SubjectLooksPersonalError", "Tampering", "hash_secret",
    "load_accounts", "verify_secret", "write_accounts",
]
