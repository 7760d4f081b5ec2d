"""Devices enrol once with a one-time code and sign every request; the hub signs what it hands out."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from banshi.identity.clock import TrustedClock
from banshi.sync.device import DeviceCredentials, enrol
from banshi.sync.engine import SyncEngine
from banshi.sync.errors import EnrolmentError
from banshi.sync.events import SyncEvent, SyncPulled
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import Outbox, OutboxState
from banshi.sync.protocol import TransactionEnvelope
from tests.sync.conftest import DEVICE_ID, MakeTransaction, answer, enrolled, issue_code

WEEK = 7 * 86400


def _push_body(transaction: dict[str, object], device_id: str = DEVICE_ID) -> bytes:
    envelope = TransactionEnvelope.of(transaction).model_dump_json()
    return b'{"device_id":"%s","transactions":[%s]}' % (device_id.encode(), envelope.encode())


def _post(hub: HubProcess, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{hub.url}/v1/transactions", content=body,
                      headers={"Content-Type": "application/json", **headers})


def test_the_enrol_code_command_prints_a_code_the_hub_keeps_only_hashed(tmp_path: Path) -> None:
    database = tmp_path / "hub.sqlite3"
    command = [sys.executable, "-m", "banshi.sync.hub", "enrol-code", "--role", "kiosk", "--database-url",
               f"sqlite:///{database}", "--keys-dir", str(tmp_path / "keys")]
    code = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    assert len(code) == 39 and code.count("-") == 7  # the one-time secret, then the hub keys' fingerprint
    assert code.replace("-", "")[:16].encode() not in database.read_bytes()


def test_an_enrolled_device_signs_its_pushes_and_checks_the_hubs_answers(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    assert credentials.signing_key is not None
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        record = outbox.enqueue(make_transaction())
        report = SyncEngine(outbox, signed_hub.url, DEVICE_ID, credentials=credentials).sync_once()
        assert (report.accepted, report.error) == (1, None)
        assert outbox.get(record.id).state is OutboxState.ACCEPTED


def test_a_code_works_once_and_a_lost_answer_can_be_retried(signed_hub: HubProcess, tmp_path: Path) -> None:
    code = issue_code(signed_hub)
    first = enrol(signed_hub.url, "kiosk-code-once", code, tmp_path / "a")
    again = enrol(signed_hub.url, "kiosk-code-once", code, tmp_path / "a")  # same key: a retry
    assert again.hub_keys == first.hub_keys
    with pytest.raises(EnrolmentError, match="already used"):
        enrol(signed_hub.url, "kiosk-code-thief", code, tmp_path / "b")
    with pytest.raises(EnrolmentError, match="not one this hub issued"):
        enrol(signed_hub.url, "kiosk-guess", "AAAA-BBBB-CCCC-DDDD-" + code[20:], tmp_path / "c")


def test_the_hub_refuses_unsigned_unknown_forged_replayed_and_stale_requests(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    stranger = DeviceCredentials("kiosk-stranger", signed_hub.url, credentials.signing_key, credentials.hub_keys)
    body = _push_body(make_transaction())
    signed = credentials.sign("POST", "/v1/transactions", body)
    refusals = {
        "unsigned": _post(signed_hub, body, {}),
        "unknown_device": _post(signed_hub, body, stranger.sign("POST", "/v1/transactions", body)),
        "bad_signature": _post(signed_hub, body.replace(b"kiosk", b"Kiosk", 1), signed),
        "clock_skew": _post(signed_hub, body, credentials.sign("POST", "/v1/transactions", body, time.time() - 900)),
    }
    assert _post(signed_hub, body, signed).status_code == 200
    refusals["replayed"] = _post(signed_hub, body, signed)
    assert {reason: response.json()["reason"] for reason, response in refusals.items()} == {r: r for r in refusals}
    assert [response.status_code for response in refusals.values()] == [401, 401, 401, 401, 409]


def test_a_device_cannot_push_under_another_devices_name(
    signed_hub: HubProcess, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    credentials = enrolled(signed_hub, tmp_path / "id", "kiosk-honest")
    body = _push_body(make_transaction())  # says DEVICE_ID, signed by kiosk-honest
    response = _post(signed_hub, body, credentials.sign("POST", "/v1/transactions", body))
    assert (response.status_code, response.json()["reason"]) == (403, "device_mismatch")


@pytest.mark.parametrize("skew", [WEEK, -WEEK])
def test_a_device_clock_a_week_off_still_syncs_on_the_hubs_time(
    signed_hub: HubProcess, tmp_path: Path, make_transaction: MakeTransaction, skew: float
) -> None:
    credentials = enrolled(signed_hub, tmp_path / "id", f"kiosk-skew{int(skew)}")
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        outbox.enqueue(make_transaction(device_id=credentials.device_id))
        engine = SyncEngine(outbox, signed_hub.url, credentials.device_id, credentials=credentials)
        engine.hub.wall = lambda: time.time() + skew
        assert engine.sync_once().accepted == 1
        assert abs(engine.hub.clock_offset + skew) < 60


def test_after_a_push_the_device_pulls_a_signed_catalog_trust_list_and_statuses(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    clock = TrustedClock(tmp_path / "clock.json")
    events: list[SyncEvent] = []
    root = signed_hub.identity_keys.root_public_key  # type: ignore[attr-defined]
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        record = outbox.enqueue(make_transaction())
        engine = SyncEngine(outbox, signed_hub.url, DEVICE_ID, on_event=events.append, credentials=credentials,
                            clock=clock, trust_root=root)
        engine.sync_once()
        engine.sync_once()
    pulls = [event for event in events if isinstance(event, SyncPulled)]
    assert len(pulls) == 2 and pulls[0].catalog is not None and len(pulls[0].catalog) > 0
    assert pulls[1].catalog is None, "an unchanged catalog is not sent again"
    assert pulls[0].trust_list is not None and pulls[0].trust_list.issuers
    assert pulls[0].statuses == {record.id: "accepted"}
    assert abs(clock.mark - time.time()) < 60


def test_an_unsigned_answer_that_looks_right_marks_nothing_sent(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, fake_hub, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        record = outbox.enqueue(make_transaction())
        body = b'{"results":[{"id":"%s","status":"accepted","reason":null}]}' % record.id.encode()
        impostor = fake_hub(answer(200, body, "application/json"))
        report = SyncEngine(outbox, impostor, DEVICE_ID, credentials=credentials).sync_once()
        assert report.sent == 0 and "not signed" in (report.error or "")
        assert outbox.get(record.id).state is OutboxState.QUEUED
