"""The hub's HTTP API, spoken to over loopback as a device would."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from banshi.services.transactions import Transaction
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.protocol import TransactionEnvelope
from tests.sync.conftest import BACKENDS, DEVICE_ID, DatabaseFactory, MakeTransaction, hub_rows


def _envelope(transaction: Transaction) -> dict[str, Any]:
    return TransactionEnvelope.of(transaction).model_dump(mode="json")


def _push(hub: HubProcess, *transactions: Transaction, device_id: str = DEVICE_ID) -> list[dict[str, Any]]:
    body = {"device_id": device_id, "transactions": [_envelope(t) for t in transactions]}
    response = httpx.post(f"{hub.url}/v1/transactions", json=body)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_the_hub_reports_its_health_and_database(hub: HubProcess) -> None:
    backend = "postgresql" if hub.database_url.startswith("postgresql") else "sqlite"
    assert httpx.get(f"{hub.url}/v1/health").json() == {"status": "ok", "api": "/v1", "database": backend}


def test_a_new_transaction_is_accepted_and_can_be_read_back(hub: HubProcess, make_transaction: MakeTransaction) -> None:
    transaction = make_transaction()
    assert _push(hub, transaction) == [{"id": transaction.id, "status": "accepted", "reason": None}]
    stored = hub_rows(hub, transaction.id)
    assert stored is not None
    assert (stored["answers"], stored["device_id"], stored["created_at"]) == (
        transaction.answers, DEVICE_ID, transaction.created_at,
    )
    assert len(stored["sha256"]) == 64


def test_the_same_bytes_twice_in_one_batch_are_one_row_and_a_duplicate(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    transaction = make_transaction()
    assert [r["status"] for r in _push(hub, transaction, transaction)] == ["accepted", "duplicate"]
    assert [r["status"] for r in _push(hub, transaction)] == ["duplicate"]


def test_a_changed_payload_is_a_conflict_kept_aside_and_the_original_stays(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    original = make_transaction()
    _push(hub, original)
    changed = original.model_copy(update={"service_version": 2})
    for _ in range(2):
        [result] = _push(hub, changed)
        assert result["status"] == "conflict" and result["reason"]
    stored = hub_rows(hub, original.id)
    assert stored["service_version"] == 1 and stored["conflicts"] == 1


def test_an_envelope_from_another_device_than_the_pusher_is_rejected(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    transaction = make_transaction()
    [result] = _push(hub, transaction, device_id="someone-else")
    assert result["status"] == "rejected" and "someone-else" in result["reason"]
    assert hub_rows(hub, transaction.id) is None


def test_a_malformed_push_is_refused_whole(hub: HubProcess, make_transaction: MakeTransaction) -> None:
    bad = {**_envelope(make_transaction()), "id": "not-a-uuid"}
    response = httpx.post(f"{hub.url}/v1/transactions", json={"device_id": DEVICE_ID, "transactions": [bad]})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unknown_id_is_a_404_with_an_explanation(hub: HubProcess) -> None:
    response = httpx.get(f"{hub.url}/v1/transactions/0190b3a2-7c1e-7abc-8def-0123456789ab", headers=hub.operator_headers())
    assert response.status_code == 404 and "No transaction" in response.json()["detail"]


def test_the_list_is_newest_first_and_bounded(hub: HubProcess, make_transaction: MakeTransaction) -> None:
    older, newer = make_transaction(), make_transaction()
    _push(hub, older)
    _push(hub, newer)
    items = httpx.get(f"{hub.url}/v1/transactions", params={"limit": 2}, headers=hub.operator_headers()).json()["items"]
    assert [item["id"] for item in items] == [newer.id, older.id]
    assert httpx.get(f"{hub.url}/v1/transactions", params={"limit": 0}, headers=hub.operator_headers()).status_code == 422


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_hub_keeps_what_it_accepted_across_a_restart(
    tmp_path: Path, make_transaction: MakeTransaction, make_database: DatabaseFactory, backend: str
) -> None:
    url = make_database(backend)
    transaction = make_transaction()
    with start_hub_process(url, log_dir=tmp_path, allow_unsigned=True) as first:
        _push(first, transaction)
        first.kill()  # no graceful shutdown: the answer was only sent after a durable commit
    with start_hub_process(url, log_dir=tmp_path, allow_unsigned=True) as second:
        assert [r["status"] for r in _push(second, transaction)] == ["duplicate"]


def test_the_hub_command_names_a_port_it_cannot_use(hub: HubProcess, tmp_path: Path) -> None:
    port = hub.url.rsplit(":", 1)[1]
    command = [sys.executable, "-m", "banshi.sync.hub", "--database-url", f"sqlite:///{tmp_path / 'h.sqlite3'}",
               "--port", port]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 2
    assert f"Cannot listen on 127.0.0.1:{port}" in finished.stderr


@pytest.mark.parametrize("limit", [1, 1000])
def test_the_list_accepts_its_limits(hub: HubProcess, limit: int) -> None:
    assert httpx.get(f"{hub.url}/v1/transactions", params={"limit": limit}, headers=hub.operator_headers()).status_code == 200


def test_a_changed_payload_inside_one_batch_is_a_conflict_too(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    original = make_transaction()
    changed = original.model_copy(update={"channel": "counter"})
    assert [r["status"] for r in _push(hub, original, changed, changed)] == ["accepted", "conflict", "conflict"]
    assert hub_rows(hub, original.id)["conflicts"] == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_hub_processes_sharing_one_database_store_each_id_once(
    tmp_path: Path, make_transaction: MakeTransaction, make_database: DatabaseFactory, backend: str
) -> None:
    url = make_database(backend)
    transactions = [make_transaction() for _ in range(40)]
    with start_hub_process(url, log_dir=tmp_path, allow_unsigned=True) as first, start_hub_process(url, log_dir=tmp_path, allow_unsigned=True) as second:
        with ThreadPoolExecutor(max_workers=8) as pool:
            pushes = [pool.submit(_push, hub, *transactions) for hub in (first, second) * 4]
            statuses = [result["status"] for push in pushes for result in push.result()]
        assert statuses.count("accepted") == 40 and statuses.count("duplicate") == 7 * 40
        listed = httpx.get(f"{first.url}/v1/transactions", params={"limit": 1000}, headers=first.operator_headers()).json()["items"]
    assert sorted(item["id"] for item in listed) == sorted(t.id for t in transactions)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_devices_racing_the_same_ids_through_two_hubs_leave_one_row_each(
    tmp_path: Path, make_transaction: MakeTransaction, make_database: DatabaseFactory, backend: str
) -> None:
    url = make_database(backend)
    mine = [make_transaction() for _ in range(60)]
    theirs = [make_transaction(device_id="kiosk-test-02") for _ in range(60)]
    with start_hub_process(url, log_dir=tmp_path, allow_unsigned=True) as first, start_hub_process(url, log_dir=tmp_path, allow_unsigned=True) as second:
        with ThreadPoolExecutor(max_workers=8) as pool:
            pushes = [pool.submit(_push, hub, *mine) for hub in (first, second) * 2]
            pushes += [pool.submit(_push, hub, *theirs, device_id="kiosk-test-02") for hub in (second, first) * 2]
            pushes += [pool.submit(_push, first, *mine, device_id="kiosk-test-02")]  # someone else's ids
            statuses = [result["status"] for push in pushes for result in push.result()]
        listed = httpx.get(f"{first.url}/v1/transactions", params={"limit": 1000}, headers=first.operator_headers()).json()["items"]
    assert statuses.count("accepted") == 120 and statuses.count("rejected") == 60
    assert sorted(item["id"] for item in listed) == sorted(t.id for t in mine + theirs)


def test_a_sealed_item_that_does_not_open_or_hides_another_id_is_rejected(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    from banshi.sync.protocol.sealing import b64, seal, x25519_public_from_b64

    key = x25519_public_from_b64(httpx.get(f"{hub.url}/v1/hub-keys").json()["sealing_key"])
    inner, outer = make_transaction(), make_transaction()
    swapped = seal(TransactionEnvelope.of(inner).canonical_bytes(), key, outer.id.encode())
    garbage = {"id": make_transaction().id, "sealed": b64(b"\x01" + bytes(80))}
    body = {"device_id": DEVICE_ID, "transactions": [{"id": outer.id, "sealed": b64(swapped)}, garbage]}
    results = httpx.post(f"{hub.url}/v1/transactions", json=body).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert "another id" in results[0]["reason"] and "does not open" in results[1]["reason"]
    assert hub_rows(hub, outer.id) is None and hub_rows(hub, inner.id) is None
