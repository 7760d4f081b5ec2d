"""Clerk PINs resist guessing: weak PINs are refused at creation, lockouts survive a restart, and an
unknown staff number is refused as slowly as a known one (issue 14, items 5 and 10)."""

from __future__ import annotations

import statistics
import stat
import time
from pathlib import Path

import pytest

from banshi.services.staff import (
    AccountLockedError, ClerkAccount, Role, SignIn, SignInRejected, WeakPinError, check_pin_policy, hash_secret,
    pin_problem,
)
from tests.fake_clock import FakeClock

WEAK = ["1", "2468", "12345", "123456", "654321", "111111", "000000", "890123", "121212", "123123", "520520",
        "147258", "abc", "password1"]
STRONG = ["204816", "739164", "5820391", "correct horse battery"]


@pytest.mark.parametrize("pin", WEAK)
def test_a_short_or_trivial_pin_is_refused_at_creation(pin: str) -> None:
    with pytest.raises(WeakPinError):
        check_pin_policy(pin)


@pytest.mark.parametrize("pin", STRONG)
def test_six_digits_without_a_pattern_or_a_long_password_is_accepted(pin: str) -> None:
    assert pin_problem(pin) is None


@pytest.fixture(scope="module")
def accounts() -> dict[str, ClerkAccount]:
    return {"c001": ClerkAccount("c001", "李娜", Role.CLERK, hash_secret("204816", time_cost=1, memory_kib=16384))}


def _fail(gate: SignIn, clerk_id: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(SignInRejected):
            gate.sign_in(clerk_id, "000000")


def test_a_lockout_survives_a_restart_of_the_counter(tmp_path: Path, accounts: dict[str, ClerkAccount]) -> None:
    clock, kept = FakeClock(), tmp_path / "lockouts.json"
    _fail(SignIn(accounts, clock=clock, lockout_file=kept), "c001", 5)
    restarted = SignIn(accounts, clock=clock, lockout_file=kept)
    with pytest.raises(AccountLockedError):
        restarted.sign_in("c001", "204816")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    clock.now += 15 * 60 + 1
    assert SignIn(accounts, clock=clock, lockout_file=kept).sign_in("c001", "204816").id == "c001"


def test_failures_short_of_a_lockout_survive_a_restart_too(tmp_path: Path, accounts: dict[str, ClerkAccount]) -> None:
    clock, kept = FakeClock(), tmp_path / "lockouts.json"
    _fail(SignIn(accounts, clock=clock, lockout_file=kept), "c001", 4)
    restarted = SignIn(accounts, clock=clock, lockout_file=kept)
    _fail(restarted, "c001", 1)
    assert restarted.is_locked("c001")


def test_a_damaged_lockout_file_starts_empty_and_is_rewritten(tmp_path: Path, accounts: dict[str, ClerkAccount]) -> None:
    kept = tmp_path / "lockouts.json"
    kept.write_text("{not json", "utf-8")
    gate = SignIn(accounts, clock=FakeClock(), lockout_file=kept)
    _fail(gate, "c001", 1)
    assert '"count": 1' in kept.read_text("utf-8")


def test_an_unknown_staff_number_takes_as_long_as_a_known_one_with_a_wrong_pin(
    accounts: dict[str, ClerkAccount]
) -> None:
    gate = SignIn(accounts, clock=FakeClock(), max_failures=10_000)
    known, unknown = [], []
    for _ in range(15):  # interleaved, so a burst of load on the machine hits both alike
        for clerk_id, times in (("c001", known), ("c999", unknown)):
            started = time.perf_counter()
            with pytest.raises(SignInRejected):
                gate.sign_in(clerk_id, "000000")
            times.append(time.perf_counter() - started)
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, f"unknown {statistics.median(unknown) * 1000:.2f} ms, known {statistics.median(known) * 1000:.2f} ms"
