"""Transactions through a proxy that drops, resets, stalls, truncates and lies: one hub row per id.

The device is configured as in the field: enrolled, every request signed, every transaction sealed
to the hub, every answer's signature checked; the hub refuses anything unsigned."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import start_hub_process
from banshi.sync.outbox import Outbox, OutboxState
from tests.sync.conftest import DEVICE_ID, MakeTransaction, enrolled
from tests.sync.fault_proxy import Fault, FaultProxy

TRANSACTIONS = 10_000 if os.environ.get("SOAK") else 500
CLIENT_TIMEOUT = 0.5


def _hub_counts(database: Path) -> tuple[int, int, int]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM transactions").fetchone()
        conflicts = conn.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0]
    return rows[0], rows[1], conflicts


@pytest.mark.soak
@pytest.mark.timeout(3600 if os.environ.get("SOAK") else 300)
def test_every_transaction_lands_once_through_an_unreliable_network(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    database = tmp_path / "hub.sqlite3"
    with start_hub_process(f"sqlite:///{database}") as hub:
        credentials = enrolled(hub, tmp_path / "device-identity")  # directly: enrolment is not under test
        with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
            ids = {outbox.enqueue(make_transaction()).id for _ in range(TRANSACTIONS)}
            with FaultProxy(hub.url, random.Random(seed), timeout_hold=CLIENT_TIMEOUT * 1.5) as proxy:
                engine = SyncEngine(outbox, proxy.url, DEVICE_ID, batch_size=10, timeout=CLIENT_TIMEOUT,
                                    credentials=credentials)
                passes = 0
                while outbox.counts()[OutboxState.QUEUED] and passes < TRANSACTIONS:
                    engine.sync_once()
                    passes += 1
                engine.close()
            counts = outbox.counts()
        rows, distinct, conflicts = _hub_counts(database)
    print(f"seed {seed}: {TRANSACTIONS} transactions, {passes} sync passes, faults {dict(proxy.counts)}")
    assert counts[OutboxState.ACCEPTED] == TRANSACTIONS, f"seed {seed}: {counts}"
    assert (rows, distinct, conflicts) == (TRANSACTIONS, TRANSACTIONS, 0), f"seed {seed}"
    assert all(proxy.counts[fault] for fault in Fault), "every kind of fault struck at least once"
    assert len(ids) == TRANSACTIONS
