"""Sneakernet: a sealed, signed bundle imported at the hub has the network's exactly-once guarantee, and the
hub's signed acknowledgement settles the device's records as a push would."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from banshi.sync.bundle_export import export_bundle
from banshi.sync.device import DeviceCredentials
from banshi.sync.engine import SyncEngine
from banshi.sync.guard import GuardState
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import NotInConflictError, Outbox, OutboxState
from banshi.sync.outbox_actions import (
    AcknowledgementRefusedError,
    ConflictResolution,
    DeviceNotEnrolledError,
    DeviceOutboxActions,
    NothingToExportError,
)
from banshi.sync.protocol import PushResult, PushStatus
from tests.sync.conftest import DEVICE_ID, MakeTransaction, enrolled


def _import(hub: HubProcess, bundle: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "banshi.sync.hub", "import-bundle", str(bundle),
               "--database-url", hub.database_url, "--keys-dir", str(hub.keys_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _hub_count(hub: HubProcess, ids: list[str]) -> int:
    import httpx

    return sum(httpx.get(f"{hub.url}/v1/transactions/{id_}", headers=hub.operator_headers()).status_code == 200 for id_ in ids)


def test_a_bundle_imported_twice_and_partly_synced_leaves_one_row_each(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    transactions = [make_transaction() for _ in range(30)]
    with Outbox(tmp_path / "device.sqlite3") as outbox:  # not yet sealing: locally encrypted rows
        for transaction in transactions:
            outbox.enqueue(transaction)
        bundle = tmp_path / "usb" / "kiosk.bundle"
        bundle.parent.mkdir()
        assert export_bundle(outbox, credentials, bundle) == 30
        assert b"13812345678" not in bundle.read_bytes()
        with Outbox(tmp_path / "other-path.sqlite3", seal_to=credentials.hub_sealing_key) as partial:
            for transaction in transactions[:10]:
                partial.enqueue(transaction)
            assert SyncEngine(partial, signed_hub.url, DEVICE_ID, credentials=credentials).sync_once().accepted == 10
        first, second = _import(signed_hub, bundle), _import(signed_hub, bundle)
        assert "20 accepted, 10 duplicate" in first.stdout, first.stderr
        assert "30 duplicate" in second.stdout, second.stderr
        report = SyncEngine(outbox, signed_hub.url, DEVICE_ID, credentials=credentials).sync_once()
        assert (report.accepted, report.duplicates) == (0, 30)
        assert outbox.counts()[OutboxState.ACCEPTED] == 30
    assert _hub_count(signed_hub, [t.id for t in transactions]) == 30


def test_a_tampered_bundle_is_refused_whole(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "device.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        ids = [outbox.enqueue(make_transaction()).id for _ in range(3)]
        bundle = tmp_path / "kiosk.bundle"
        export_bundle(outbox, credentials, bundle)
    data = bundle.read_bytes()
    bundle.write_bytes(data.replace(b'"body":"', b'"body":"AAAA', 1))
    refused = _import(signed_hub, bundle)
    assert refused.returncode == 1 and "not signed by device" in refused.stderr
    assert _hub_count(signed_hub, ids) == 0


def test_the_long_offline_guard_warns_then_blocks_and_an_export_releases_it(
    credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    now = datetime.now(UTC)
    warn, block = timedelta(days=3), timedelta(days=14)
    with Outbox(tmp_path / "device.sqlite3") as outbox:
        assert outbox.guard(now, warn, block) is GuardState.OK
        outbox.enqueue(make_transaction(created=now - timedelta(days=5)))
        assert outbox.guard(now, warn, block) is GuardState.WARN
        outbox.enqueue(make_transaction(created=now - timedelta(days=20)))
        assert outbox.guard(now, warn, block) is GuardState.BLOCK
        export_bundle(outbox, credentials, tmp_path / "out.bundle")
        assert outbox.guard(now, warn, block) is GuardState.OK
        assert outbox.counts()[OutboxState.QUEUED] == 2, "exported records still sync over the network"


def _exported(outbox: Outbox, credentials: DeviceCredentials, folder: Path) -> Path:
    return DeviceOutboxActions(outbox, lambda: credentials).export_bundle(folder)


def test_the_hubs_acknowledgement_settles_the_exported_records_like_a_push_once(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "device.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        ids = [outbox.enqueue(make_transaction()).id for _ in range(5)]
        bundle = _exported(outbox, credentials, tmp_path / "usb")
        assert bundle.name.startswith(f"{DEVICE_ID}-") and bundle.suffix == ".bundle"
        assert _import(signed_hub, bundle).returncode == 0
        actions = DeviceOutboxActions(outbox, lambda: credentials)
        ack = bundle.with_name(bundle.name + ".ack")
        assert actions.import_bundle(ack) == 5
        assert actions.import_bundle(ack) == 0, "a second import changes nothing"
        assert all(outbox.get(id_).state is OutboxState.ACCEPTED for id_ in ids)
        assert SyncEngine(outbox, signed_hub.url, DEVICE_ID, credentials=credentials).sync_once().sent == 0
        with pytest.raises(NothingToExportError):
            actions.export_bundle(tmp_path / "usb")


def test_an_acknowledgement_that_is_tampered_or_for_another_device_changes_nothing(
    signed_hub: HubProcess, credentials: DeviceCredentials, tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "device.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        outbox.enqueue(make_transaction())
        bundle = _exported(outbox, credentials, tmp_path / "usb")
        _import(signed_hub, bundle)
        ack = bundle.with_name(bundle.name + ".ack")
        other = enrolled(signed_hub, tmp_path / "other-id", device_id="bundle-other-device")
        with pytest.raises(AcknowledgementRefusedError, match="answers device 'kiosk-test-01'"):
            DeviceOutboxActions(outbox, lambda: other).import_bundle(ack)
        tampered = tmp_path / "tampered.ack"
        tampered.write_bytes(ack.read_bytes().replace(b'"body":"', b'"body":"AAAA', 1))
        with pytest.raises(AcknowledgementRefusedError, match="not signed by this device's hub"):
            DeviceOutboxActions(outbox, lambda: credentials).import_bundle(tampered)
        assert outbox.counts()[OutboxState.QUEUED] == 1


def test_a_device_not_enrolled_cannot_export_and_only_a_conflict_can_be_resolved(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "device.sqlite3") as outbox:
        record = outbox.enqueue(make_transaction())
        actions = DeviceOutboxActions(outbox, lambda: None)
        with pytest.raises(DeviceNotEnrolledError) as refused:
            actions.export_bundle(tmp_path / "usb")
        assert str(refused.value.user_message)
        with pytest.raises(NotInConflictError):
            actions.resolve_conflict(record.id, ConflictResolution.KEEP_HUB, "s001")
        outbox.record_results([PushResult(id=record.id, status=PushStatus.CONFLICT, reason="changed")])
        actions.resolve_conflict(record.id, ConflictResolution.KEEP_HUB, "s001")
        assert outbox.get(record.id).state is OutboxState.RESOLVED
        assert outbox.counts()[OutboxState.CONFLICT] == 0
