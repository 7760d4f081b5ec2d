"""End to end with a real hub on loopback: a clerk signs in and files while the citizen display
confirms and rates; the hub ends up with each filing exactly once, through an outage too."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from banshi.counter_app.records import RATING_SERVICE_ID
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.outbox import OutboxState
from tests.counter_app.conftest import BuildCounter
from tests.counter_app.driver import CITIZEN_ID, CITIZEN_NAME, CounterDriver


def _hub_ids(hub: HubProcess) -> list[str]:
    items = httpx.get(f"{hub.url}/v1/transactions", params={"limit": 1000}).json()["items"]
    return [item["id"] for item in items]


def test_a_clerk_files_while_the_citizen_confirms_and_rates_and_the_hub_has_it_once(
    build: BuildCounter, hub: HubProcess
) -> None:
    runtime = build(hub.url)
    driver = CounterDriver(runtime)
    driver.sign_in()
    filed = driver.file_one()
    records = {record.service_id: record for record in runtime.outbox.records()}
    assert set(records) == {"residence_certificate", RATING_SERVICE_ID}
    assert records["residence_certificate"].display["masked_name"] == "王*英"

    report = runtime.engine.sync_once()
    assert report.error is None and report.accepted == 2
    runtime.engine.sync_once()
    assert _hub_ids(hub).count(filed) == 1
    assert runtime.outbox.counts()[OutboxState.ACCEPTED] == 2


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_filings_made_while_the_hub_is_unreachable_arrive_once_when_it_is_back(
    build: BuildCounter, tmp_path: Path
) -> None:
    port = _free_port()
    runtime = build(f"http://127.0.0.1:{port}")  # nothing answers there yet: the network is gone
    driver = CounterDriver(runtime)
    driver.sign_in()
    filed = [driver.file_one(), driver.file_one()]
    assert runtime.engine.sync_once().error is not None
    assert runtime.outbox.counts()[OutboxState.QUEUED] == 4

    with start_hub_process(f"sqlite:///{tmp_path / 'hub.sqlite3'}", port=port, log_dir=tmp_path) as hub:
        assert runtime.engine.sync_once().accepted == 4  # the network is back
        runtime.engine.sync_once()
        ids = _hub_ids(hub)
    assert all(ids.count(transaction_id) == 1 for transaction_id in filed)


def test_the_citizen_display_never_shows_the_id_number_or_full_name(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.identify_by_id_card()
    driver.start_filing("residence_certificate")
    driver.answer_all()
    texts = [label.text() for label in runtime.display.findChildren(type(runtime.display.reference))]
    shown = "\n".join(texts)
    assert "王*英" in shown
    assert CITIZEN_NAME not in shown and CITIZEN_ID not in shown
