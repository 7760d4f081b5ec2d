"""The change feed: back-office consumers page through accepted transactions over a real hub on loopback."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from banshi.services.transactions import Transaction
from banshi.sync.hub.consumers import ConsumerRegistry
from banshi.sync.hub.feed import FeedReader, Position
from banshi.sync.hub.process import HubProcess
from banshi.sync.hub.store import HubStore, StoredTransaction, create_schema, make_engine
from banshi.sync.protocol import PUSH_PATH, TransactionEnvelope
from banshi.sync.protocol.feed import FEED_PATH
from tests.sync.conftest import BACKENDS, DEVICE_ID, DatabaseFactory, MakeTransaction


def new_service() -> str:
    """A service id of this test alone: the session's hub is shared, consumers see only their services."""
    return f"feed-test-{uuid.uuid4().hex[:8]}"


def add_consumer(hub: HubProcess, *services: str) -> tuple[str, Any]:
    engine = make_engine(hub.database_url)
    try:
        registry = ConsumerRegistry(engine)
        consumer_id = f"c-{uuid.uuid4().hex[:10]}"
        token = registry.add(consumer_id, "", services)
        consumer = registry.authenticate(f"Bearer {token}")
        return token, consumer
    finally:
        engine.dispose()


def push(hub: HubProcess, transactions: list[Transaction]) -> None:
    body = {"device_id": DEVICE_ID,
            "transactions": [TransactionEnvelope.of(t).model_dump(mode="json") for t in transactions]}
    response = httpx.post(hub.url + PUSH_PATH, json=body, timeout=30)
    assert response.status_code == 200, response.text
    assert {result["status"] for result in response.json()["results"]} == {"accepted"}


def read_feed(hub: HubProcess, token: str, after: str = "", limit: int = 100, wait: float = 0.0) -> httpx.Response:
    return httpx.get(hub.url + FEED_PATH, params={"after": after, "limit": limit, "wait": wait},
                     headers={"Authorization": f"Bearer {token}"}, timeout=wait + 10)


def test_a_consumer_pages_through_accepted_transactions_oldest_first_each_once(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    service = new_service()
    token, _ = add_consumer(hub, service)
    filed = [make_transaction(service_id=service) for _ in range(120)]
    for start in range(0, 120, 50):
        push(hub, filed[start:start + 50])
    seen: list[str] = []
    cursor = ""
    for _ in range(4):
        page = read_feed(hub, token, cursor).raise_for_status().json()
        seen += [item["transaction"]["id"] for item in page["items"]]
        cursor = page["next"]
    assert seen == [t.id for t in filed]
    assert read_feed(hub, token, cursor).json() == {"items": [], "next": cursor}


def test_a_consumer_sees_only_the_services_it_was_given(hub: HubProcess, make_transaction: MakeTransaction) -> None:
    mine, theirs = new_service(), new_service()
    token, _ = add_consumer(hub, mine)
    push(hub, [make_transaction(service_id=theirs), make_transaction(service_id=mine),
               make_transaction(service_id=theirs)])
    items = read_feed(hub, token).json()["items"]
    assert [item["transaction"]["service_id"] for item in items] == [mine]


def test_the_feed_carries_the_transaction_as_filed(hub: HubProcess, make_transaction: MakeTransaction) -> None:
    service = new_service()
    token, _ = add_consumer(hub, service)
    transaction = make_transaction(service_id=service)
    push(hub, [transaction])
    (item,) = read_feed(hub, token).json()["items"]
    assert item["transaction"] == TransactionEnvelope.of(transaction).model_dump(mode="json")
    assert item["received_at"].endswith("+00:00")


def test_a_long_poll_answers_as_soon_as_a_transaction_arrives(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    service = new_service()
    token, _ = add_consumer(hub, service)
    answered: list[tuple[float, httpx.Response]] = []
    poll = threading.Thread(target=lambda: answered.append((0.0, read_feed(hub, token, wait=20))))
    poll.start()
    time.sleep(1.0)
    assert not answered, "the poll must wait while there is nothing"
    push(hub, [make_transaction(service_id=service)])
    committed_at = time.monotonic()  # the push is answered once its commit is durable
    poll.join(10)
    latency = time.monotonic() - committed_at
    assert len(answered[0][1].json()["items"]) == 1
    assert latency < 1.0


def test_a_long_poll_with_nothing_new_comes_back_empty_after_its_wait(hub: HubProcess) -> None:
    token, _ = add_consumer(hub, new_service())
    started = time.monotonic()
    assert read_feed(hub, token, wait=0.6).json()["items"] == []
    assert 0.55 <= time.monotonic() - started < 3.0


def test_requests_without_a_consumer_token_or_with_a_retired_one_are_refused(hub: HubProcess) -> None:
    service = new_service()
    token, consumer = add_consumer(hub, service)
    assert read_feed(hub, "bsc_not-a-token").status_code == 401
    assert httpx.get(hub.url + FEED_PATH).status_code == 401
    engine = make_engine(hub.database_url)
    ConsumerRegistry(engine).retire(consumer.id)
    engine.dispose()
    refused = read_feed(hub, token)
    assert (refused.status_code, refused.json()["reason"]) == (401, "not_a_consumer")


def test_a_cursor_from_another_consumer_is_refused_and_logged_once(
    hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    service = new_service()
    first, _ = add_consumer(hub, service)
    second, second_consumer = add_consumer(hub, service)
    push(hub, [make_transaction(service_id=service)])
    cursor = read_feed(hub, first).json()["next"]
    refused = read_feed(hub, second, cursor)
    assert (refused.status_code, refused.json()["reason"]) == (403, "foreign_cursor")
    lines = [line for line in hub.log().splitlines() if f"consumer {second_consumer.id}" in line]
    assert len(lines) == 1 and "foreign_cursor" in lines[0]


def test_a_cursor_from_the_future_is_refused_with_409(hub: HubProcess, make_transaction: MakeTransaction) -> None:
    service = new_service()
    token, consumer = add_consumer(hub, service)
    push(hub, [make_transaction(service_id=service)])
    xid, position, _ = read_feed(hub, token).json()["next"].split(".")
    ahead = Position(int(xid) + 10**6, int(position) + 10**6).cursor_for(consumer)  # as after a restore
    refused = read_feed(hub, token, ahead)
    assert (refused.status_code, refused.json()["reason"]) == (409, "unknown_cursor")


@pytest.mark.parametrize("cursor", ["garbage", "1.2", "1.2.3.4", "-1.5.abc", "9" * 30 + ".1.ab"])
def test_a_malformed_cursor_is_a_400(hub: HubProcess, cursor: str) -> None:
    token, _ = add_consumer(hub, new_service())
    refused = read_feed(hub, token, cursor)
    assert (refused.status_code, refused.json()["reason"]) == (400, "bad_cursor")


@pytest.mark.postgres
def test_on_postgresql_a_later_commit_waits_for_an_earlier_open_transaction(
    make_database: DatabaseFactory, make_transaction: MakeTransaction
) -> None:
    """Position order is not commit order across hub processes: the feed must never skip the slow one."""
    engine = make_engine(make_database("postgres"))
    create_schema(engine)
    store, reader = HubStore(engine), FeedReader(engine)
    service = new_service()
    slow, fast = make_transaction(service_id=service), make_transaction(service_id=service)
    with engine.connect() as slow_connection:
        slow_transaction = slow_connection.begin()
        store.ingest_in(slow_connection, [(DEVICE_ID, [TransactionEnvelope.of(slow)])])  # position n, open
        with engine.begin() as fast_connection:
            store.ingest_in(fast_connection, [(DEVICE_ID, [TransactionEnvelope.of(fast)])])  # position n+1
        assert reader.after(frozenset({service}), None, 10) == []
        slow_transaction.commit()
    rows = reader.after(frozenset({service}), None, 10)
    with engine.connect() as connection:
        ids = {payload: id_ for id_, payload in connection.execute(select(StoredTransaction.id,
                                                                           StoredTransaction.payload))}
    assert [ids[row.payload] for row in rows] == [slow.id, fast.id]
    engine.dispose()
