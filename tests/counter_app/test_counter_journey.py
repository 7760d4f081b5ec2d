"""End to end with a strict hub on loopback (signed requests from enrolled devices only): a clerk
signs in, scans a citizen code, files while the citizen display confirms and rates; the network
goes away and comes back; the hub ends up with every filing and rating exactly once."""

from __future__ import annotations

from pathlib import Path

import httpx

from banshi.services.transactions import TransactionKind
from banshi.kiosk.demo_media import DEMO_CITIZEN, shared_citizen_code_video
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import OutboxState
from banshi.ui.printing import receipt_payload
from tests.counter_app.conftest import BuildCounter, free_port, start_strict_hub
from tests.counter_app.driver import CounterDriver, printed_qr_texts


def hub_ids(hub: HubProcess) -> list[str]:
    answer = httpx.get(f"{hub.url}/v1/transactions", params={"limit": 1000}, headers=hub.operator_headers())
    items = answer.raise_for_status().json()["items"]
    return [item["id"] for item in items]


def test_a_scanned_citizen_and_two_filed_offline_reach_a_strict_hub_exactly_once_with_their_ratings(
    build: BuildCounter, tmp_path: Path
) -> None:
    port, hub_folder = free_port(), tmp_path / "hub"
    hub_folder.mkdir()
    with start_strict_hub(hub_folder, port) as hub:
        runtime = build(hub.url, enrol_at=hub, camera=shared_citizen_code_video())
        assert runtime.credentials is not None, "the counter enrols with its one-time code at start"
        driver = CounterDriver(runtime)
        driver.sign_in()
        driver.scan_citizen_code()
        citizen = runtime.desk.citizen
        assert citizen.how == "code" and citizen.reference == DEMO_CITIZEN["citizen_ref"]
        filed = [driver.file_one(identify=False)]
        assert runtime.engine.sync_once().accepted == 2  # the filing and its rating
    # the network goes away
    filed += [driver.file_one(), driver.file_one()]
    assert runtime.engine.sync_once().error is not None
    assert runtime.outbox.counts()[OutboxState.QUEUED] == 4

    with start_strict_hub(hub_folder, port) as back:  # ... and comes back
        assert runtime.engine.sync_once().accepted == 4
        assert runtime.engine.sync_once().sent == 0
        on_hub = hub_ids(back)
    records = runtime.outbox.records()
    ratings = [record.id for record in records if record.service_id == TransactionKind.RATING]
    assert len(ratings) == 3 and all(record.state is OutboxState.ACCEPTED for record in records)
    assert sorted(on_hub) == sorted(filed + ratings), "every filing and rating once, nothing else"
    receipts = sorted((tmp_path / "print").glob("receipt-*.pdf"))
    assert len(receipts) == 3, "one receipt per filing, none lost when printed in a row"
    assert sorted(text for receipt in receipts for text in printed_qr_texts(receipt)) == sorted(
        receipt_payload(transaction_id) for transaction_id in filed)
