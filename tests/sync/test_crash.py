"""SIGKILL the device at random points during enqueue and sync: nothing acknowledged is lost, nothing doubles.

The device is enrolled at a strict hub: requests signed, transactions sealed, answers verified."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from banshi.sync.device import DeviceCredentials
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import start_hub_process
from banshi.sync.outbox import Outbox, OutboxState
from tests.sync import crash_harness as harness
from tests.sync.conftest import enrolled

KILL_POINTS = 1000 if os.environ.get("SOAK") else 100


def _engines_for(credentials: DeviceCredentials) -> harness.EngineFactory:
    """Engines as in the field: every request signed, every answer's signature checked."""
    def engine(outbox: Outbox, hub_url: str) -> SyncEngine:
        return SyncEngine(outbox, hub_url, harness.DEVICE_ID, batch_size=4, timeout=5.0, credentials=credentials)
    return engine


@pytest.mark.soak
@pytest.mark.timeout(3600 if os.environ.get("SOAK") else 300)
def test_acknowledged_transactions_survive_sigkills_and_reach_the_hub_exactly_once(tmp_path: Path) -> None:
    hub_database = tmp_path / "hub" / "hub.sqlite3"
    device = tmp_path / "device"
    device.mkdir()
    seed = int.from_bytes(os.urandom(4), "big")
    with start_hub_process(f"sqlite:///{hub_database}", log_dir=tmp_path) as hub:
        credentials = enrolled(hub, tmp_path / "device-identity", harness.DEVICE_ID)
        engines, seal_to = _engines_for(credentials), credentials.hub_sealing_key
        result = harness.run_campaign(device, hub.url, KILL_POINTS, random.Random(seed), engines, seal_to)
        counts = harness.drain(device, hub.url, engines, seal_to)
    acknowledged = harness.acknowledged_ids(device)
    at_hub = harness.hub_id_counts(hub_database)
    print(f"seed {seed}: {result.lives} lives, {result.killed} SIGKILLs {result.deaths_by_point}, "
          f"{len(acknowledged)} acknowledged, {len(at_hub)} at the hub")
    assert result.integrity_failures == [], f"seed {seed}"
    assert result.killed >= KILL_POINTS and len(result.deaths_by_point) == len(harness.NAMED_POINTS) + 1
    assert [i for i in acknowledged if i not in at_hub] == [], f"acknowledged but lost (seed {seed})"
    assert max(at_hub.values()) == 1 and harness.hub_conflicts(hub_database) == 0
    assert sorted(at_hub) == sorted(harness.outbox_ids(device)), "the hub and the outbox disagree"
    assert counts[OutboxState.ACCEPTED] == len(at_hub) and counts[OutboxState.QUEUED] == 0
