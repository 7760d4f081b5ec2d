"""Scale-out as deployed: deploy/haproxy/banshi-hub.cfg in front of two hub processes on one PostgreSQL.
Many devices sync through it; one hub is SIGKILLed mid-load; every transaction is stored once."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from banshi.polling import WaitTimedOut, wait_until
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.haproxy import start_haproxy
from banshi.sync.hub.process import start_hub_process
from banshi.sync.hub.store import ConflictingResend, StoredTransaction, make_engine
from banshi.sync.outbox import Outbox, OutboxState
from tests.sync.conftest import DatabaseFactory, MakeTransaction

DEVICES = 1000 if os.environ.get("SOAK") else 30
PER_DEVICE = 4


def device_outbox(folder: Path, number: int, make_transaction: MakeTransaction) -> tuple[str, Outbox]:
    device = f"lb-device-{number:04d}"
    outbox = Outbox(folder / f"{device}.sqlite3")
    for _ in range(PER_DEVICE):
        outbox.enqueue(make_transaction(device_id=device))
    return device, outbox


def sync_until_drained(url: str, device: str, outbox: Outbox, deadline: float) -> None:
    """What a device's sync loop does: push, and on any failure try again shortly (ids make it idempotent)."""
    engine = SyncEngine(outbox, url, device, batch_size=2, timeout=10.0)
    try:
        while outbox.counts()[OutboxState.QUEUED] and time.monotonic() < deadline:
            if engine.sync_once().error is not None:
                time.sleep(0.2)
    finally:
        engine.close()


@pytest.mark.postgres
@pytest.mark.timeout(3600 if os.environ.get("SOAK") else 300)
def test_a_hub_killed_behind_the_load_balancer_loses_and_duplicates_nothing(
    make_database: DatabaseFactory, make_transaction: MakeTransaction, tmp_path: Path
) -> None:
    database = make_database("postgres")
    keys = tmp_path / "hub-keys"  # hubs behind one balancer share their keys, as they share the database
    hubs = [start_hub_process(database, log_dir=_folder(tmp_path, f"hub{n}"), keys_dir=keys, allow_unsigned=True)
            for n in (1, 2)]
    devices = [device_outbox(_folder(tmp_path, "devices"), n, make_transaction) for n in range(DEVICES)]
    filed = {record.id for _, outbox in devices for record in outbox.records(limit=PER_DEVICE)}
    try:
        with start_haproxy([hub.url for hub in hubs], _folder(tmp_path, "haproxy")) as balancer:
            killer = threading.Thread(target=_kill_when_busy, args=(hubs[0], database, len(filed) // 4))
            killer.start()
            deadline = time.monotonic() + (3000 if os.environ.get("SOAK") else 240)
            with ThreadPoolExecutor(max_workers=min(DEVICES, 50)) as pool:
                list(pool.map(lambda pair: sync_until_drained(balancer.url, *pair, deadline), devices))
            killer.join()
        assert hubs[0].process.returncode == -9, "the first hub was killed mid-load"
        engine = make_engine(database)
        with engine.connect() as connection:
            stored = list(connection.scalars(select(StoredTransaction.id)))
            conflicts = connection.scalar(select(func.count()).select_from(ConflictingResend))
        engine.dispose()
        assert len(stored) == len(set(stored)) == len(filed)  # 0 duplicated
        assert set(stored) == filed  # 0 lost
        assert conflicts == 0
        assert all(outbox.counts()[OutboxState.ACCEPTED] == PER_DEVICE for _, outbox in devices)
    finally:
        for hub in hubs:
            hub.stop()
        for _, outbox in devices:
            outbox.close()


def _kill_when_busy(hub, database: str, after: int) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL ``hub`` once ``after`` transactions are stored: mid-load, requests in flight on it."""
    engine = make_engine(database)

    def stored() -> int:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(StoredTransaction)) or 0

    try:
        wait_until(lambda: stored() >= after, 600, f"{after} transactions stored", step_s=0.05)
    except WaitTimedOut:
        pass  # killed anyway: the load test then checks what was stored
    finally:
        engine.dispose()
    hub.kill()


def _folder(parent: Path, name: str) -> Path:
    (parent / name).mkdir(exist_ok=True)
    return parent / name
