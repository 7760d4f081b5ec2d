"""A counter's sign-in takes a new account set from a sync without a restart, keeping lockouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from banshi.services.staff import (
    AccountLockedError, ClerkAccount, Role, SignIn, SignInRejected, hash_secret, load_accounts, write_accounts,
)
from tests.fake_clock import FakeClock


@pytest.fixture(scope="module")
def accounts() -> dict[str, ClerkAccount]:
    cheap = {"time_cost": 1, "memory_kib": 8192}
    return {
        "c001": ClerkAccount("c001", "李娜", Role.CLERK, hash_secret("2468", **cheap)),
        "c002": ClerkAccount("c002", "张敏", Role.CLERK, hash_secret("1357", **cheap)),
    }


def test_a_clerk_removed_by_a_sync_can_no_longer_sign_in(accounts: dict[str, ClerkAccount]) -> None:
    gate = SignIn(accounts, clock=FakeClock())
    assert gate.sign_in("c002", "1357").id == "c002"
    gate.replace_accounts({"c001": accounts["c001"]})
    with pytest.raises(SignInRejected):
        gate.sign_in("c002", "1357")
    assert gate.sign_in("c001", "2468").id == "c001"


def test_a_clerk_added_by_a_sync_can_sign_in_at_once(accounts: dict[str, ClerkAccount]) -> None:
    gate = SignIn({"c001": accounts["c001"]}, clock=FakeClock())
    with pytest.raises(SignInRejected):
        gate.sign_in("c002", "1357")
    gate.replace_accounts(accounts)
    assert gate.sign_in("c002", "1357").id == "c002"


def test_a_locked_out_clerk_stays_locked_out_across_a_sync(accounts: dict[str, ClerkAccount]) -> None:
    gate = SignIn(accounts, clock=FakeClock(), max_failures=2)
    for _ in range(2):
        with pytest.raises(SignInRejected):
            gate.sign_in("c001", "0000")
    gate.replace_accounts(dict(accounts))
    with pytest.raises(AccountLockedError):
        gate.sign_in("c001", "2468")


def test_changing_the_callers_dict_later_does_not_change_who_may_sign_in(accounts: dict[str, ClerkAccount]) -> None:
    given = {"c001": accounts["c001"]}
    gate = SignIn({}, clock=FakeClock())
    gate.replace_accounts(given)
    given["c002"] = accounts["c002"]
    with pytest.raises(SignInRejected):
        gate.sign_in("c002", "1357")


def test_rewriting_the_accounts_file_replaces_it_whole_and_leaves_no_temporary(
    tmp_path: Path, accounts: dict[str, ClerkAccount]
) -> None:
    path = tmp_path / "clerks.json"
    write_accounts(path, accounts.values())
    write_accounts(path, [accounts["c002"]])
    assert load_accounts(path) == {"c002": accounts["c002"]}
    assert [p.name for p in tmp_path.iterdir()] == ["clerks.json"]
