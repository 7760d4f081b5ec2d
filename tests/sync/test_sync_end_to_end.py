"""The device outbox and sync engine against a real hub process on loopback."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from banshi.polling import wait_until
from banshi.services.catalog import load_catalog
from banshi.services.transactions import Transaction
from banshi.sync.engine import SyncEngine
from banshi.sync.events import SyncEvent, SyncFinished, SyncOffline, SyncProgress, SyncStarted
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import Outbox, OutboxState
from tests.sync.conftest import DEVICE_ID, MakeTransaction, answer, forward_then_drop, hub_rows


def _engine(outbox: Outbox, url: str, events: list[SyncEvent] | None = None, **options: object) -> SyncEngine:
    listener = None if events is None else events.append
    return SyncEngine(outbox, url, DEVICE_ID, on_event=listener, timeout=5.0, **options)


def test_sync_delivers_each_transaction_to_the_hub_exactly_once(
    outbox: Outbox, hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    transactions = [make_transaction() for _ in range(250)]
    for transaction in transactions:
        outbox.enqueue(transaction)
    events: list[SyncEvent] = []
    report = _engine(outbox, hub.url, events, batch_size=100).sync_once()
    assert (report.sent, report.accepted, report.duplicates, report.error) == (250, 250, 0, None)
    assert outbox.counts()[OutboxState.ACCEPTED] == 250
    assert hub_rows(hub, transactions[0].id)["answers"] == transactions[0].answers
    assert isinstance(events[0], SyncStarted) and events[0].queued == 250
    assert [e.sent for e in events if isinstance(e, SyncProgress)] == [100, 200, 250]
    assert isinstance(events[-1], SyncFinished) and events[-1].report == report


def test_a_real_service_transaction_arrives_with_its_answers(outbox: Outbox, hub: HubProcess) -> None:
    service = next(iter(load_catalog()))
    transaction = Transaction.create(service, {"note": "请帮忙"}, "kiosk", DEVICE_ID, datetime.now(UTC), "张伟")
    outbox.enqueue(transaction)
    assert _engine(outbox, hub.url).sync_once().accepted == 1
    stored = hub_rows(hub, transaction.id)
    assert stored is not None and stored["answers"] == {"note": "请帮忙"}
    assert stored["service_version"] == service.version


def test_a_resend_after_a_lost_response_is_a_duplicate_not_a_second_row(
    outbox: Outbox, hub: HubProcess, fake_hub, make_transaction: MakeTransaction
) -> None:
    ids = [outbox.enqueue(make_transaction()).id for _ in range(5)]
    lossy = fake_hub(forward_then_drop(hub.url))
    lost = _engine(outbox, lossy).sync_once()
    assert lost.error is not None and lost.sent == 0
    assert hub_rows(hub, ids[0]) is not None, "the hub did store the first push"
    assert outbox.counts()[OutboxState.QUEUED] == 5

    resent = _engine(outbox, hub.url).sync_once()
    assert (resent.accepted, resent.duplicates) == (0, 5)
    assert outbox.counts()[OutboxState.ACCEPTED] == 5
    listed = httpx.get(f"{hub.url}/v1/transactions", params={"limit": 1000}, headers=hub.operator_headers()).json()["items"]
    assert sum(item["id"] in ids for item in listed) == 5


def test_a_changed_payload_under_a_filed_id_is_a_conflict_at_the_hub(
    tmp_path: Path, hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    original = make_transaction()
    changed = original.model_copy(update={"answers": {**original.answers, "phone": "13900000000"}})
    with Outbox(tmp_path / "a.sqlite3") as first, Outbox(tmp_path / "b.sqlite3") as second:
        first.enqueue(original)
        second.enqueue(changed)  # e.g. a restored backup edited by hand
        assert _engine(first, hub.url).sync_once().accepted == 1
        report = _engine(second, hub.url).sync_once()
        assert report.conflicts == 1
        assert second.get(original.id).state is OutboxState.CONFLICT
    stored = hub_rows(hub, original.id)
    assert stored["answers"]["phone"] == "13812345678" and stored["conflicts"] == 1


def test_a_record_queued_thirty_days_ago_still_dedups_at_the_hub(
    tmp_path: Path, hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    old = make_transaction(created=datetime.now(UTC) - timedelta(days=30))
    with Outbox(tmp_path / "a.sqlite3") as first, Outbox(tmp_path / "b.sqlite3") as second:
        first.enqueue(old)
        second.enqueue(old)
        assert _engine(first, hub.url).sync_once().accepted == 1
        assert _engine(second, hub.url).sync_once().duplicates == 1


def test_with_the_hub_down_records_stay_queued_and_the_engine_says_offline(
    outbox: Outbox, make_transaction: MakeTransaction
) -> None:
    record = outbox.enqueue(make_transaction())
    events: list[SyncEvent] = []
    report = _engine(outbox, "http://127.0.0.1:9", events).sync_once()
    assert report.error is not None and "unreachable" in report.error
    assert outbox.get(record.id).state is OutboxState.QUEUED
    offline = [event for event in events if isinstance(event, SyncOffline)]
    assert len(offline) == 1 and str(offline[0].user_message)


def test_a_captive_portal_page_with_status_200_marks_nothing_sent(
    outbox: Outbox, fake_hub, make_transaction: MakeTransaction
) -> None:
    record = outbox.enqueue(make_transaction())
    portal = fake_hub(answer(200, b"<html><body>Please log in to Station WiFi</body></html>", "text/html"))
    report = _engine(outbox, portal).sync_once()
    assert report.sent == 0 and "not a push response" in (report.error or "")
    assert outbox.get(record.id).state is OutboxState.QUEUED


def test_a_200_with_an_error_body_marks_nothing_sent(
    outbox: Outbox, fake_hub, make_transaction: MakeTransaction
) -> None:
    record = outbox.enqueue(make_transaction())
    broken = fake_hub(answer(200, b'{"error": "database is down"}', "application/json"))
    assert _engine(outbox, broken).sync_once().sent == 0
    assert outbox.get(record.id).state is OutboxState.QUEUED


def test_an_answer_that_omits_some_ids_settles_only_the_echoed_ones(
    outbox: Outbox, fake_hub, make_transaction: MakeTransaction
) -> None:
    first, second = outbox.enqueue(make_transaction()), outbox.enqueue(make_transaction())
    body = b'{"results":[{"id":"%s","status":"accepted","reason":null}]}' % first.id.encode()
    partial = fake_hub(answer(200, body, "application/json"))
    report = _engine(outbox, partial).sync_once()
    assert report.accepted == 1 and report.error is not None
    assert outbox.get(first.id).state is OutboxState.ACCEPTED
    assert outbox.get(second.id).state is OutboxState.QUEUED


def test_a_busy_hubs_retry_after_is_reported(outbox: Outbox, fake_hub, make_transaction: MakeTransaction) -> None:
    outbox.enqueue(make_transaction())
    busy = fake_hub(answer(503, b"busy", "text/plain", {"Retry-After": "42"}))
    report = _engine(outbox, busy).sync_once()
    assert report.retry_after == 42.0 and "503" in (report.error or "")


def test_the_background_engine_recovers_a_crashed_batch_and_syncs_on_wake(
    tmp_path: Path, hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    path = tmp_path / "box.sqlite3"
    with Outbox(path) as crashed:
        stranded = crashed.enqueue(make_transaction())
        crashed.claim_batch(10)  # the process "dies" here, mid-push
    with Outbox(path) as outbox:
        finished = threading.Event()
        engine = SyncEngine(outbox, hub.url, DEVICE_ID, interval=3600.0,
                            on_event=lambda e: finished.set() if isinstance(e, SyncFinished) else None)
        engine.start()
        try:
            assert finished.wait(10)
            finished.clear()
            later = outbox.enqueue(make_transaction())
            engine.wake()
            wait_until(lambda: outbox.get(later.id).state is OutboxState.ACCEPTED)
        finally:
            engine.close()
        assert outbox.get(stranded.id).state is OutboxState.ACCEPTED


def test_a_failing_event_listener_does_not_strand_records_in_sending(
    outbox: Outbox, hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    def broken_listener(event: SyncEvent) -> None:
        raise RuntimeError("a GUI bug")

    record = outbox.enqueue(make_transaction())
    report = SyncEngine(outbox, hub.url, DEVICE_ID, on_event=broken_listener).sync_once()
    assert report.accepted == 1
    assert outbox.get(record.id).state is OutboxState.ACCEPTED
