"""A counter revokes a lost citizen code; the hub signs it into its trust list and a kiosk refuses that code at once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from banshi.config import Settings
from banshi.services.records import revocation
from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.codes import CitizenClaims, issue_code
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.rejections import RejectReason
from banshi.identity.trust import TrustList
from banshi.kiosk.app import build_kiosk
from banshi.kiosk.demo import demo_settings, start_strict_hub
from banshi.kiosk.demo import enrolled as enrolled_kiosk
from banshi.paths import asset
from banshi.sync.device import DeviceCredentials
from banshi.sync.engine import SyncEngine
from banshi.sync.events import SyncEvent, SyncPulled
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import Outbox
from tests.sync.conftest import enrolled

DEMO_KEYS = KeyFolder(asset("keys", "demo"))


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """The demo's strict hub: enrolled, signed devices only; the trust list signed with the DEMO root key."""
    (tmp_path / "hub").mkdir()
    with start_strict_hub(tmp_path / "hub") as process:
        yield process


def _citizen_code(serial: str) -> str:
    issuer = DEMO_KEYS.issuer_key()
    claims = CitizenClaims.new("cit-e2e", "王小明", 1948, issuer.office, int(time.time()) - 3600, serial=serial)
    return issue_code(claims, issuer)


def _file_revocation(hub: HubProcess, credentials: DeviceCredentials, folder: Path, serial: str) -> None:
    record = revocation(serial, DEMO_KEYS.issuer_key().office, "lost", "clerk-7", credentials.device_id,
                               datetime.now(UTC))
    with Outbox(folder / "counter-outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        outbox.enqueue(record)
        engine = SyncEngine(outbox, hub.url, credentials.device_id, credentials=credentials)
        report = engine.sync_once()
        engine.close()
    assert (report.accepted, report.error) == (1, None)


class KioskPulls:
    """A kiosk's sync engine that pulls the trust list and hands every new one to its IdentityCheck."""

    def __init__(self, hub: HubProcess, credentials: DeviceCredentials, folder: Path) -> None:
        clock = TrustedClock(folder / "clock.json")
        self.check = IdentityCheck(DEMO_KEYS.trust_list(), clock)
        self.pulled: list[TrustList | None] = []
        self.outbox = Outbox(folder / "kiosk-outbox.sqlite3", seal_to=credentials.hub_sealing_key)
        self.engine = SyncEngine(self.outbox, hub.url, credentials.device_id, on_event=self._apply,
                                 credentials=credentials, clock=clock, trust_root=DEMO_KEYS.root_public_key)

    def _apply(self, event: SyncEvent) -> None:
        if isinstance(event, SyncPulled):
            self.pulled.append(event.trust_list)
            if event.trust_list is not None:
                self.check.replace_trust_list(event.trust_list)

    def sync(self) -> TrustList | None:
        assert self.engine.sync_once().error is None
        return self.pulled[-1]

    def close(self) -> None:
        self.engine.close()
        self.outbox.close()


def test_a_code_revoked_at_a_counter_is_refused_by_a_kiosk_after_its_next_pull(
    hub: HubProcess, tmp_path: Path
) -> None:
    lost, kept = _citizen_code("10570000000000aa"), _citizen_code("kept0000000000bb")
    counter = enrolled(hub, tmp_path / "counter-identity", "counter-e2e-01")
    kiosk = KioskPulls(hub, enrolled(hub, tmp_path / "kiosk-identity", "kiosk-e2e-01"), tmp_path)
    try:
        assert kiosk.sync() is not None
        assert kiosk.check.interpret(lost).accepted, "before the revocation the code is good"
        assert kiosk.sync() is None, "an unchanged trust list costs a 304"

        _file_revocation(hub, counter, tmp_path, "10570000000000aa")
        assert kiosk.sync() is not None, "the revocation makes a new trust list"

        refused = kiosk.check.interpret(lost)
        assert refused.reason is RejectReason.REVOKED_SERIAL and refused.user_message is not None
        assert kiosk.check.interpret(kept).citizen is not None, "other codes still verify"
        assert kiosk.sync() is None
    finally:
        kiosk.close()


def test_the_running_kiosk_refuses_a_revoked_code_as_soon_as_its_sync_pulls_the_new_list(
    qtbot: Any, settings: Settings, hub: HubProcess, tmp_path: Path
) -> None:
    lost = _citizen_code("10570000000000cc")
    runtime = build_kiosk(enrolled_kiosk(demo_settings(settings, tmp_path / "device", hub.url), hub), start_sync=True)
    try:
        check = runtime.window.identify.scanner.check
        assert check.interpret(lost).accepted
        _file_revocation(hub, enrolled(hub, tmp_path / "counter-identity", "counter-e2e-02"), tmp_path,
                         "10570000000000cc")
        runtime.engine.wake()
        qtbot.waitUntil(lambda: check.interpret(lost).reason is RejectReason.REVOKED_SERIAL, timeout=20_000)
    finally:
        runtime.shutdown()
