"""A device's role is fixed by its enrolment code: clerk accounts and audit logs are for counters only,
and a code is usable for a limited time only (issue 14, items 5 and 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from banshi.sync.device import DeviceCredentials, enrol
from banshi.sync.errors import EnrolmentError
from banshi.sync.hub.devices import EnrolmentGrant, _hash
from banshi.sync.hub.process import HubProcess
from banshi.sync.hub.roles import DeviceRole, HubAction, may
from banshi.sync.hub.store import make_engine
from banshi.sync.protocol.staff import AUDIT_PATH, CLERKS_PATH
from tests.sync.conftest import enrolled, issue_code


def _get(hub: HubProcess, device: DeviceCredentials, path: str) -> httpx.Response:
    return httpx.get(hub.url + path, headers=device.sign("GET", path, b""))


def _post(hub: HubProcess, device: DeviceCredentials, path: str, body: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/json", **device.sign("POST", path, body)}
    return httpx.post(hub.url + path, content=body, headers=headers)


def test_clerk_accounts_go_to_a_counter_and_never_to_a_kiosk(signed_hub: HubProcess, tmp_path: Path) -> None:
    kiosk = enrolled(signed_hub, tmp_path / "kiosk", "roles-kiosk-01", DeviceRole.KIOSK)
    counter = enrolled(signed_hub, tmp_path / "counter", "roles-counter-01", DeviceRole.COUNTER)
    refused = _get(signed_hub, kiosk, CLERKS_PATH)
    assert (refused.status_code, refused.json()["reason"]) == (403, "wrong_role")
    assert "argon2" not in refused.text
    assert _get(signed_hub, counter, CLERKS_PATH).status_code == 200
    audit = _post(signed_hub, kiosk, AUDIT_PATH, b'{"entries":[]}')
    assert (audit.status_code, audit.json()["reason"]) == (403, "wrong_role")
    assert _post(signed_hub, counter, AUDIT_PATH, b'{"entries":[]}').status_code == 200


def test_a_device_keeps_its_role_even_when_enrolled_again_with_a_counter_code(
    signed_hub: HubProcess, tmp_path: Path
) -> None:
    kiosk = enrolled(signed_hub, tmp_path / "kiosk", "roles-kiosk-02", DeviceRole.KIOSK)
    enrol(signed_hub.url, kiosk.device_id, issue_code(signed_hub, DeviceRole.COUNTER), tmp_path / "kiosk")
    assert _get(signed_hub, kiosk, CLERKS_PATH).status_code == 403


def test_only_counters_may_read_clerk_accounts_or_send_audit_logs() -> None:
    readers = {role for role in DeviceRole if may(role, HubAction.PULL_CLERKS)}
    senders = {role for role in DeviceRole if may(role, HubAction.PUSH_AUDIT)}
    assert readers == senders == {DeviceRole.COUNTER}
    assert all(may(role, HubAction.PUSH_TRANSACTIONS) for role in DeviceRole)


def _backdate(hub: HubProcess, code: str, by: timedelta) -> None:
    engine = make_engine(hub.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(update(EnrolmentGrant).where(EnrolmentGrant.code_sha256 == _hash(code))
                               .values(expires_at=datetime.now(UTC) - by))
    finally:
        engine.dispose()


def test_an_expired_or_back_dated_code_enrols_nothing(signed_hub: HubProcess, tmp_path: Path) -> None:
    for n, age in enumerate((timedelta(seconds=1), timedelta(days=730))):
        code = issue_code(signed_hub, DeviceRole.COUNTER)
        _backdate(signed_hub, code, age)
        with pytest.raises(EnrolmentError, match="expired"):
            enrol(signed_hub.url, f"roles-late-{n}", code, tmp_path / f"late-{n}")
        assert not DeviceCredentials.is_enrolled(tmp_path / f"late-{n}")


def test_a_code_issued_for_a_short_time_works_within_it(signed_hub: HubProcess, tmp_path: Path) -> None:
    code = issue_code(signed_hub, DeviceRole.KIOSK, valid_for_s=60)
    assert enrol(signed_hub.url, "roles-quick", code, tmp_path / "quick").device_id == "roles-quick"
