"""Clerk accounts: argon2-hashed PINs, roles, and sign-in with lockout after repeated failures.

Clerks are enrolled at the hub (``banshi hub add-clerk``); ``banshi.sync.staff_sync`` writes the
active accounts to a JSON file on the device (``{"accounts": [{"id", "name", "role", "pin_hash"}]}``)
and hands them to ``SignIn.replace_accounts``, so a clerk added or disabled at the hub is let in or
kept out after the next sync, without a restart.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from banshi.files import replace_atomically
from banshi.services.staff.errors import (
    AccountFileError,
    AccountLockedError,
    NotAllowedError,
    SignInRejected,
    WeakPinError,
)

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCKOUT_S = 15 * 60
MIN_PIN_DIGITS = 6
MIN_PASSWORD_CHARS = 10  # a secret that is not all digits
# PINs people pick because they are easy to type or say (番号 "520" = 我爱你); repeats and runs are caught apart.
_COMMON_PINS = frozenset({"147258", "147369", "159357", "159753", "123321", "112233", "520131", "201314", "131420",
                          "789456", "456123", "135790", "246810", "102030", "110120", "258369", "741852", "963852"})


@dataclass(frozen=True)
class HashCost:
    time_cost: int
    memory_kib: int
    parallelism: int

    def as_tuple(self) -> tuple[int, int, int]:
        return self.time_cost, self.memory_kib, self.parallelism

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_kib, parallelism=self.parallelism)


# bench/bench_pin_hash.py: 0.84-0.92 CPU-s per check here, ~0.44 s on an idle 2-core counter (two lanes);
# a 6-digit PIN space then costs an attacker holding the hash ~10 CPU-days per account (docs/security.md).
PIN_HASH_COST = HashCost(time_cost=4, memory_kib=128 * 1024, parallelism=2)
_HASHER = PIN_HASH_COST.hasher()


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


def pin_problem(secret: str) -> str | None:
    """Why ``secret`` is too weak to be a clerk's PIN, or None: at least 6 digits and not a trivial
    sequence (one digit repeated, a run up or down, a short pattern repeated, a well-known PIN); a
    secret that is not all digits is a password and needs 10 characters."""
    if not secret.isdigit():
        return None if len(secret) >= MIN_PASSWORD_CHARS else (
            f"a PIN is at least {MIN_PIN_DIGITS} digits; a password (not all digits) at least {MIN_PASSWORD_CHARS} characters")
    if len(secret) < MIN_PIN_DIGITS:
        return f"a PIN is at least {MIN_PIN_DIGITS} digits"
    steps = {(int(b) - int(a)) % 10 for a, b in zip(secret, secret[1:], strict=False)}
    if steps in ({1}, {9}):
        return "a PIN must not be a run of digits up or down"
    for period in range(1, len(secret) // 2 + 1):
        if secret == (secret[:period] * len(secret))[: len(secret)]:
            return "a PIN must not repeat one digit or a short pattern"
    if secret in _COMMON_PINS:
        return "this PIN is one of the most common ones"
    return None


def check_pin_policy(secret: str) -> None:
    """``WeakPinError`` unless ``secret`` may become a clerk's PIN (at creation; sign-in takes any)."""
    problem = pin_problem(secret)
    if problem:
        raise WeakPinError(problem)


def hash_secret(secret: str, *, time_cost: int = PIN_HASH_COST.time_cost,
                memory_kib: int = PIN_HASH_COST.memory_kib) -> str:
    """An argon2id hash (salt and parameters inside the string, so verifying follows them).

    Lower costs are for tests and demos only; real accounts are hashed at the hub with the defaults.
    """
    if not secret:
        raise ValueError("A PIN or password must not be empty.")
    if (time_cost, memory_kib) == (PIN_HASH_COST.time_cost, PIN_HASH_COST.memory_kib):
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
    """Checks PINs; after ``max_failures`` wrong PINs in a row an account is locked for ``lockout_s``.

    With ``lockout_file`` the failure counts and lockouts are kept there (0600, replaced atomically), so
    restarting the counter does not reset them; the clock is then the wall clock, which survives reboots.
    """

    def __init__(self, accounts: dict[str, ClerkAccount], clock: Callable[[], float] = time.time,
                 max_failures: int = MAX_FAILURES, lockout_s: float = LOCKOUT_S,
                 lockout_file: Path | None = None) -> None:
        self.accounts = dict(accounts)
        self._clock = clock
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._lockout_file = lockout_file
        self._failures: dict[str, _Failures] = _load_failures(lockout_file) if lockout_file else {}

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
            if account is None:
                self._as_long_as_a_wrong_pin(pin)
            state.count += 1
            if state.count >= self._max_failures:
                state.locked_until = self._clock() + self._lockout_s
            self._save()
            raise SignInRejected(clerk_id, state.count)
        if self._failures.pop(clerk_id, None) != _Failures():
            self._save()
        return account

    def _as_long_as_a_wrong_pin(self, pin: str) -> None:
        """An unknown staff number takes as long as a known one with a wrong PIN: the same argon2 work, on an
        enrolled clerk's hash (result thrown away), so the answer's time does not tell which numbers exist."""
        some = next(iter(self.accounts.values()), None)
        if some is not None:
            verify_secret(pin, some.pin_hash)

    def _save(self) -> None:
        if self._lockout_file is None:
            return
        held = {clerk: asdict(state) for clerk, state in self._failures.items() if state != _Failures()}
        try:
            replace_atomically(self._lockout_file, json.dumps(held, ensure_ascii=False).encode("utf-8"))
        except OSError as error:  # the lockout still holds in memory; say so once per failure
            log.error("cannot keep sign-in lockouts in %s (%s); they hold until a restart only", self._lockout_file,
                      error)

    def _check_not_locked(self, clerk_id: str, state: _Failures) -> None:
        remaining = state.locked_until - self._clock()
        if remaining > 0:
            raise AccountLockedError(clerk_id, int(remaining + 0.999))
        if state.locked_until:  # the lockout is over: start counting again (in place: the caller holds ``state``)
            state.count, state.locked_until = 0, 0.0

    def is_locked(self, clerk_id: str) -> bool:
        state = self._failures.get(clerk_id)
        return state is not None and state.locked_until > self._clock()

    def unlock(self, supervisor: ClerkAccount, clerk_id: str) -> None:
        supervisor.require_supervisor("unlock an account")
        self._failures.pop(clerk_id, None)
        self._save()


def _load_failures(path: Path) -> dict[str, _Failures]:
    """The kept lockouts; a missing file is none yet, a damaged one is logged and treated as none."""
    try:
        document = json.loads(path.read_text("utf-8"))
        return {str(clerk): _Failures(int(state["count"]), float(state["locked_until"]))
                for clerk, state in document.items()}
    except FileNotFoundError:
        return {}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        log.error("sign-in lockout file %s is damaged (%s); starting with no lockouts", path, error)
        return {}
