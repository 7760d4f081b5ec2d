"""Clerk accounts: argon2-hashed PINs, roles, and sign-in with lockout after repeated failures.

Clerks are enrolled at the hub (``banshi hub add-clerk``); ``banshi.sync.staff_sync`` writes the
active accounts to a JSON file on the device (``{"accounts": [{"id", "name", "role", "pin_hash"}]}``)
and hands them to ``SignIn.replace_accounts``, so a clerk added or disabled at the hub is let in or
kept out after the next sync, without a restart.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from banshi.services.staff.errors import AccountFileError, AccountLockedError, NotAllowedError, SignInRejected
from banshi.files import replace_atomically

MAX_FAILURES = 5
LOCKOUT_S = 15 * 60
# Interactive-login parameters (RFC 9106 second recommendation, smaller memory for a 2-core kiosk PC).
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2)


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class ClerkAccount:
    id: str
    name: str
    role: Role
    pin_hash: str

    @property
    def is_supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR

    def require_supervisor(self, action: str) -> None:
        if not self.is_supervisor:
            raise NotAllowedError(self.id, action)


def hash_secret(secret: str, *, time_cost: int = 3, memory_kib: int = 64 * 1024) -> str:
    """An argon2id hash (salt and parameters inside the string, so verifying follows them).

    Lower costs are for tests and demos only; real accounts are hashed at the hub with the defaults.
    """
    if not secret:
        raise ValueError("A PIN or password must not be empty.")
    if (time_cost, memory_kib) == (3, 64 * 1024):
        return _HASHER.hash(secret)
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1).hash(secret)


def verify_secret(secret: str, secret_hash: str) -> bool:
    """Whether ``secret`` matches; a malformed hash is a configuration error and raises."""
    try:
        return _HASHER.verify(secret_hash, secret)
    except VerificationError:
        return False
    except InvalidHashError as error:
        raise ValueError(f"Not an argon2 hash: {error}") from None


def load_accounts(path: Path) -> dict[str, ClerkAccount]:
    try:
        document = json.loads(Path(path).read_text("utf-8"))
        entries = document["accounts"]
        accounts = [_account(entry) for entry in entries]
    except FileNotFoundError:
        raise AccountFileError(path, "the file does not exist") from None
    except (ValueError, KeyError, TypeError) as error:
        raise AccountFileError(path, f"not a valid accounts document ({error})") from None
    return {account.id: account for account in accounts}


def _account(entry: dict[str, str]) -> ClerkAccount:
    return ClerkAccount(id=str(entry["id"]), name=str(entry["name"]), role=Role(entry["role"]),
                        pin_hash=str(entry["pin_hash"]))


def write_accounts(path: Path, accounts: Iterable[ClerkAccount]) -> None:
    """Replace the accounts file atomically: a power cut leaves the old file or the new one, never half."""
    entries = [{"id": a.id, "name": a.name, "role": a.role.value, "pin_hash": a.pin_hash} for a in accounts]
    replace_atomically(Path(path), (json.dumps({"accounts": entries}, ensure_ascii=False, indent=2) + "\n").encode())


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


class SignIn:
    """Checks PINs; after ``max_failures`` wrong PINs in a row an account is locked for ``lockout_s``."""

    def __init__(self, accounts: dict[str, ClerkAccount], clock: Callable[[], float] = time.monotonic,
                 max_failures: int = MAX_FAILURES, lockout_s: float = LOCKOUT_S) -> None:
        self.accounts = dict(accounts)
        self._clock = clock
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._failures: dict[str, _Failures] = {}

    def replace_accounts(self, accounts: dict[str, ClerkAccount]) -> None:
        """Take a new account set (after a sync): removed or disabled clerks can no longer sign in.

        Lockout state is kept for every id, so a clerk locked out stays locked out across a sync.
        """
        # One attribute swap (atomic): safe while the GUI thread signs someone in with the old set.
        self.accounts = dict(accounts)

    def sign_in(self, clerk_id: str, pin: str) -> ClerkAccount:
        state = self._failures.setdefault(clerk_id, _Failures())
        self._check_not_locked(clerk_id, state)
        account = self.accounts.get(clerk_id)
        # Unknown ids count too, so probing for valid staff numbers gets locked out as well.
        if account is None or not verify_secret(pin, account.pin_hash):
            state.count += 1
            if state.count >= self._max_failures:
                state.locked_until = self._clock() + self._lockout_s
            raise SignInRejected(clerk_id, state.count)
        self._failures.pop(clerk_id, None)
        return account

    def _check_not_locked(self, clerk_id: str, state: _Failures) -> None:
        remaining = state.locked_until - self._clock()
        if remaining > 0:
            raise AccountLockedError(clerk_id, int(remaining + 0.999))
        if state.locked_until:
            self._failures[clerk_id] = _Failures()

    def is_locked(self, clerk_id: str) -> bool:
        state = self._failures.get(clerk_id)
        return state is not None and state.locked_until > self._clock()

    def unlock(self, supervisor: ClerkAccount, clerk_id: str) -> None:
        supervisor.require_supervisor("unlock an account")
        self._failures.pop(clerk_id, None)
