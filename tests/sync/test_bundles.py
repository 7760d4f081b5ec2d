"""Sneakernet: a sealed, signed bundle imported at the hub has the network's exactly-once guarantee."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from banshi.sync.bundle_export import export_bundle
from banshi.sync.device import DeviceCredentials
from banshi.sync.engine import SyncEngine
from banshi.sync.guard import GuardState
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import Outbox, OutboxState
from tests.sync.conftest import DEVICE_ID, MakeTransaction


def _import(hub: HubProcess, bundle: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "banshi.sync.hub", "import-bundle", str(bundle),
               "--database-url", hub.database_url, "--keys-dir", str(hub.keys_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _hub_count(hub: HubProcess, ids: list[str]) -> int:
    import httpx

    return sum(httpx.get(f"{hub.url}/v1/transactions/{id_}").status_code == 200 for id_ in ids)


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
    assert _hub_count(signed_hub, [t["id"] for t in transactions]) == 30


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
