"""Clerk sign-in: argon2 PIN hashes, roles, and lockout after five wrong PINs."""

from __future__ import annotations

from pathlib import Path

import pytest

from banshi.services.staff import (
    AccountFileError, AccountLockedError, ClerkAccount, IdlePolicy, IdleState, NotAllowedError, Role, SignIn,
    SignInRejected, hash_secret, load_accounts, verify_secret, write_accounts,
)
from tests.fake_clock import FakeClock


CHEAP = {"time_cost": 1, "memory_kib": 8192}  # what is under test here is not the hash's cost


@pytest.fixture(scope="module")
def accounts() -> dict[str, ClerkAccount]:
    return {
        "c001": ClerkAccount("c001", "李娜", Role.CLERK, hash_secret("2468", **CHEAP)),
        "s001": ClerkAccount("s001", "王强", Role.SUPERVISOR, hash_secret("1357", **CHEAP)),
    }


def test_a_hashed_pin_verifies_and_a_wrong_one_does_not() -> None:
    hashed = hash_secret("2468")
    assert hashed.startswith("$argon2id$") and "2468" not in hashed
    assert verify_secret("2468", hashed)
    assert not verify_secret("2469", hashed)


def test_a_malformed_hash_is_a_loud_configuration_error() -> None:
    with pytest.raises(ValueError, match="argon2"):
        verify_secret("2468", "plain-text-pin")


def test_accounts_round_trip_through_the_json_file(tmp_path: Path, accounts: dict[str, ClerkAccount]) -> None:
    path = tmp_path / "clerks.json"
    write_accounts(path, accounts.values())
    assert load_accounts(path) == accounts


def test_a_broken_accounts_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "clerks.json"
    path.write_text('{"accounts": [{"id": "x"}]}', "utf-8")
    with pytest.raises(AccountFileError, match="clerks.json"):
        load_accounts(path)
    with pytest.raises(AccountFileError, match="does not exist"):
        load_accounts(tmp_path / "missing.json")


def test_the_right_pin_signs_the_clerk_in(accounts: dict[str, ClerkAccount]) -> None:
    assert SignIn(accounts).sign_in("c001", "2468").role is Role.CLERK


def test_five_wrong_pins_lock_the_account_even_for_the_right_pin(accounts: dict[str, ClerkAccount]) -> None:
    clock = FakeClock()
    gate = SignIn(accounts, clock=clock, lockout_s=900)
    for attempt in range(1, 6):
        with pytest.raises(SignInRejected) as rejected:
            gate.sign_in("c001", "0000")
        assert rejected.value.failures == attempt
    with pytest.raises(AccountLockedError) as locked:
        gate.sign_in("c001", "2468")
    assert locked.value.seconds_left == 900 and "15" in locked.value.user_message.render("en")
    clock.now += 901
    assert gate.sign_in("c001", "2468").id == "c001"


def test_a_success_resets_the_failure_count(accounts: dict[str, ClerkAccount]) -> None:
    gate = SignIn(accounts, clock=FakeClock())
    for _ in range(4):
        with pytest.raises(SignInRejected):
            gate.sign_in("c001", "0000")
    gate.sign_in("c001", "2468")
    with pytest.raises(SignInRejected) as rejected:
        gate.sign_in("c001", "0000")
    assert rejected.value.failures == 1


def test_probing_unknown_staff_numbers_is_locked_out_too(accounts: dict[str, ClerkAccount]) -> None:
    gate = SignIn(accounts, clock=FakeClock(), max_failures=2)
    for _ in range(2):
        with pytest.raises(SignInRejected):
            gate.sign_in("nobody", "1234")
    assert gate.is_locked("nobody")


def test_only_a_supervisor_can_unlock_an_account(accounts: dict[str, ClerkAccount]) -> None:
    gate = SignIn(accounts, clock=FakeClock(), max_failures=1)
    with pytest.raises(SignInRejected):
        gate.sign_in("c001", "0000")
    with pytest.raises(NotAllowedError):
        gate.unlock(accounts["c001"], "c001")
    gate.unlock(accounts["s001"], "c001")
    assert not gate.is_locked("c001")


def test_the_idle_policy_warns_at_ten_minutes_and_locks_at_fifteen() -> None:
    policy = IdlePolicy()
    assert [policy.state(s) for s in (0, 599, 600, 899, 900)] == [
        IdleState.ACTIVE, IdleState.ACTIVE, IdleState.WARN, IdleState.WARN, IdleState.LOCK]
    assert policy.seconds_to_lock(600) == 300
    with pytest.raises(ValueError):
        IdlePolicy(warn_after_s=900, lock_after_s=600)


def test_verifying_follows_the_parameters_stored_in_the_hash() -> None:
    cheap = hash_secret("2468", time_cost=1, memory_kib=8192)
    assert "m=8192,t=1" in cheap and verify_secret("2468", cheap)
    assert "m=131072,t=4,p=2" in hash_secret("2468")  # PIN_HASH_COST, measured by bench/bench_pin_hash.py
