from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from banshi.services.ids import uuid7
from banshi.services.transactions import Transaction
from banshi.sync import migrations
from banshi.sync.errors import DuplicateTransactionError, OutboxMigrationError, UnknownTransactionError
from banshi.sync.outbox import Outbox, OutboxState
from banshi.sync.protocol import PushResult, PushStatus
from tests.sync.conftest import MakeTransaction


def test_an_enqueued_transaction_is_there_after_reopening_the_file(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    transaction = make_transaction()
    with Outbox(tmp_path / "box.sqlite3") as box:
        box.enqueue(transaction)
    with Outbox(tmp_path / "box.sqlite3") as reopened:
        record = reopened.get(transaction.id)
    assert record.state is OutboxState.QUEUED
    assert record.display == transaction.display
    assert record.service_id == "pension-certification"


def test_the_outbox_commits_durably_in_wal_mode_and_erases_freed_pages(outbox: Outbox) -> None:
    storage = outbox.storage()
    assert (storage["journal_mode"], storage["synchronous"], storage["secure_delete"]) == ("wal", 2, 1)  # 2: FULL
    with sqlite3.connect(outbox.path) as other:  # WAL is a property of the file, seen by every connection
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_are_recorded_and_not_applied_twice(tmp_path: Path) -> None:
    path = tmp_path / "box.sqlite3"
    Outbox(path).close()
    with Outbox(path) as box:
        assert box.applied_migrations() == [name for name, _ in migrations.MIGRATIONS]


def test_an_outbox_from_a_newer_version_is_refused_rather_than_guessed_at(tmp_path: Path) -> None:
    path = tmp_path / "box.sqlite3"
    Outbox(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _migrations VALUES ('999_from_the_future', '2030-01-01')")
    with pytest.raises(OutboxMigrationError, match="999_from_the_future"):
        Outbox(path)


def test_enqueueing_the_same_transaction_again_is_a_no_op(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    transaction = make_transaction()
    first = outbox.enqueue(transaction)
    again = outbox.enqueue(Transaction.from_dict(transaction.to_dict()))
    assert again == first
    assert outbox.counts()[OutboxState.QUEUED] == 1


def test_a_changed_payload_with_the_same_id_is_refused_on_the_device(
    outbox: Outbox, make_transaction: MakeTransaction
) -> None:
    transaction = make_transaction()
    outbox.enqueue(transaction)
    changed = transaction.model_copy(update={"answers": {**transaction.answers, "phone": "13900000000"}})
    with pytest.raises(DuplicateTransactionError, match=transaction.id) as raised:
        outbox.enqueue(changed)
    assert str(raised.value.user_message)
    assert outbox.payloads([transaction.id])[transaction.id].find(b"13812345678") > 0


def test_a_record_queued_thirty_days_ago_still_dedups(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    old = make_transaction(created=datetime.now(UTC) - timedelta(days=30))
    outbox.enqueue(old)
    outbox.enqueue(old)
    assert outbox.counts()[OutboxState.QUEUED] == 1
    with pytest.raises(DuplicateTransactionError):
        outbox.enqueue(old.model_copy(update={"service_version": 2}))


def test_claiming_moves_the_oldest_queued_records_to_sending(
    outbox: Outbox, make_transaction: MakeTransaction
) -> None:
    ids = [outbox.enqueue(make_transaction()).id for _ in range(5)]
    batch = outbox.claim_batch(3)
    assert [record.id for record in batch] == ids[:3]
    assert all(record.state is OutboxState.SENDING and record.attempts == 1 for record in batch)
    assert outbox.counts()[OutboxState.SENDING] == 3
    assert [record.id for record in outbox.claim_batch(10)] == ids[3:]
    assert outbox.claim_batch(10) == []


def test_queue_order_follows_enqueue_order_even_when_the_clock_jumps(
    outbox: Outbox, make_transaction: MakeTransaction
) -> None:
    now = datetime.now(UTC)
    moments = [now, now + timedelta(days=7), now - timedelta(days=7), now - timedelta(days=8)]
    ids = [outbox.enqueue(make_transaction(created=moment)).id for moment in moments]
    assert [record.id for record in outbox.claim_batch(10)] == ids


def test_the_hubs_verdicts_settle_each_record(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    ids = [outbox.enqueue(make_transaction()).id for _ in range(4)]
    outbox.claim_batch(4)
    statuses = [PushStatus.ACCEPTED, PushStatus.DUPLICATE, PushStatus.CONFLICT, PushStatus.REJECTED]
    outbox.record_results([PushResult(id=i, status=s, reason=s.value) for i, s in zip(ids, statuses, strict=True)])
    states = [outbox.get(i).state for i in ids]
    assert states == [OutboxState.ACCEPTED, OutboxState.ACCEPTED, OutboxState.CONFLICT, OutboxState.REJECTED]
    assert outbox.get(ids[2]).last_error == "conflict"


def test_a_verdict_for_an_unknown_id_fails_loudly(outbox: Outbox) -> None:
    with pytest.raises(UnknownTransactionError):
        outbox.record_results([PushResult(id=uuid7(), status=PushStatus.ACCEPTED)])


def test_a_late_verdict_does_not_reopen_a_settled_record(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    record = outbox.enqueue(make_transaction())
    outbox.claim_batch(1)
    outbox.record_results([PushResult(id=record.id, status=PushStatus.ACCEPTED)])
    outbox.record_results([PushResult(id=record.id, status=PushStatus.CONFLICT)])
    assert outbox.get(record.id).state is OutboxState.ACCEPTED


def test_a_batch_left_sending_by_a_crash_is_requeued_at_start_up(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    path = tmp_path / "box.sqlite3"
    with Outbox(path) as box:
        ids = [box.enqueue(make_transaction()).id for _ in range(3)]
        box.claim_batch(2)
    with Outbox(path) as restarted:
        assert restarted.requeue_stale_sending() == 2
        assert restarted.counts()[OutboxState.QUEUED] == 3
        assert [record.id for record in restarted.claim_batch(10)] == ids


def test_a_released_batch_is_queued_again_with_the_error(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    record = outbox.enqueue(make_transaction())
    outbox.claim_batch(1)
    assert outbox.release([record.id], "hub unreachable") == 1
    again = outbox.get(record.id)
    assert (again.state, again.attempts, again.last_error) == (OutboxState.QUEUED, 1, "hub unreachable")


def test_counts_name_every_state(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    outbox.enqueue(make_transaction())
    assert outbox.counts() == {state: int(state is OutboxState.QUEUED) for state in OutboxState}


def test_the_age_of_the_oldest_unsynced_record_ignores_settled_ones(
    outbox: Outbox, make_transaction: MakeTransaction
) -> None:
    now = datetime.now(UTC)
    assert outbox.oldest_unsynced_age(now) is None
    settled = outbox.enqueue(make_transaction(created=now - timedelta(days=40)))
    outbox.claim_batch(1)
    outbox.record_results([PushResult(id=settled.id, status=PushStatus.ACCEPTED)])
    outbox.enqueue(make_transaction(created=now - timedelta(days=5)))
    age = outbox.oldest_unsynced_age(now)
    assert age is not None and abs(age - timedelta(days=5)) < timedelta(milliseconds=2)


def test_a_clock_set_back_never_gives_a_negative_age(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    now = datetime.now(UTC)
    outbox.enqueue(make_transaction(created=now + timedelta(days=7)))
    assert outbox.oldest_unsynced_age(now) == timedelta(0)


def test_records_are_listed_newest_first_and_filtered_by_state(
    outbox: Outbox, make_transaction: MakeTransaction
) -> None:
    ids = [outbox.enqueue(make_transaction()).id for _ in range(3)]
    outbox.claim_batch(1)
    assert [record.id for record in outbox.records()] == ids[::-1]
    assert [record.id for record in outbox.records(states=[OutboxState.SENDING])] == ids[:1]
    assert len(outbox.records(limit=2)) == 2


def test_getting_an_unknown_id_fails_loudly(outbox: Outbox) -> None:
    with pytest.raises(UnknownTransactionError, match="No transaction"):
        outbox.get(uuid7())


def test_several_threads_can_enqueue_and_claim_at_once(outbox: Outbox, make_transaction: MakeTransaction) -> None:
    claimed: list[str] = []

    def enqueue_many() -> None:
        for _ in range(50):
            outbox.enqueue(make_transaction())

    def claim_many() -> None:
        for _ in range(50):
            claimed.extend(record.id for record in outbox.claim_batch(7))

    threads = [threading.Thread(target=enqueue_many) for _ in range(3)] + [threading.Thread(target=claim_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claimed.extend(record.id for record in outbox.claim_batch(1000))
    assert len(claimed) == len(set(claimed)) == 150
