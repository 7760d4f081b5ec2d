"""``GET /v1/feed``: accepted transactions for back-office consumers, in a stable order, with cursors.

Order and visibility rules are in ``feed_log``. A cursor names one feed entry ``(xid, position)`` and
carries a MAC under the consumer's own key, so a cursor copied from another consumer (who may see other
services) is refused instead of silently skipping or leaking. A cursor naming no entry is "from the
future" (a database restored from an older backup, a cursor from another hub): refused with 409 so the
operator decides, rather than the consumer waiting forever or re-reading everything.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, select, tuple_

from banshi.sync.hub.at_rest import InClear, as_stored
from banshi.sync.hub.consumers import NOT_A_CONSUMER, Consumer, ConsumerRegistry, refused
from banshi.sync.hub.feed_log import OLDEST_RUNNING_XID, FeedEntry
from banshi.sync.hub.store import StoredTransaction, reading
from banshi.sync.protocol import canonical_json
from banshi.sync.protocol.feed import MAX_FEED_PAGE, MAX_FEED_WAIT_S, FeedPage, FeedRefusal

if TYPE_CHECKING:
    from banshi.sync.hub.app import Hub

POLL_S = 0.1  # how often a long poll looks again (other hub processes' commits are not signalled here)
_STATUS_OF = {FeedRefusal.NOT_A_CONSUMER: 401, FeedRefusal.BAD_CURSOR: 400, FeedRefusal.FOREIGN_CURSOR: 403,
              FeedRefusal.UNKNOWN_CURSOR: 409}


class FeedRefused(Exception):
    def __init__(self, reason: FeedRefusal, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, order=True)
class Position:
    xid: int
    position: int

    def cursor_for(self, consumer: Consumer) -> str:
        return f"{self.xid}.{self.position}.{_mac(consumer, self.xid, self.position)}"


def _mac(consumer: Consumer, xid: int, position: int) -> str:
    keyed = _keyed(consumer.cursor_key).copy()  # the key schedule once per consumer, not once per item
    keyed.update(f"{consumer.id}|{xid}|{position}".encode("ascii"))
    return keyed.hexdigest()[:32]


@functools.lru_cache(maxsize=256)
def _keyed(key: bytes) -> hmac.HMAC:
    return hmac.new(key, digestmod=hashlib.sha256)


def parse_cursor(consumer: Consumer, cursor: str) -> Position | None:
    """The position ``cursor`` names (``None`` for the empty cursor: the start), or ``FeedRefused``."""
    if cursor == "":
        return None
    parts = cursor.split(".")
    if len(parts) != 3 or not all(part.isdigit() and len(part) <= 19 for part in parts[:2]):
        raise FeedRefused(FeedRefusal.BAD_CURSOR, "not a feed cursor; use the 'cursor' or 'next' of a feed answer")
    xid, position = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _mac(consumer, xid, position)):
        raise FeedRefused(FeedRefusal.FOREIGN_CURSOR, "this cursor was not handed to this consumer")
    return Position(xid, position)


@dataclass(frozen=True)
class FeedRow:
    at: Position
    received_at: datetime
    payload: bytes  # the canonical envelope bytes as stored


class FeedReader:
    def __init__(self, engine: Engine, in_clear: InClear = as_stored) -> None:
        self.engine = reading(engine)
        self.in_clear = in_clear  # stored payloads are encrypted at rest (HubStore.in_clear)
        self.postgres = engine.dialect.name == "postgresql"

    def exists(self, at: Position) -> bool:
        with self.engine.connect() as connection:
            query = select(FeedEntry.position).where(FeedEntry.position == at.position, FeedEntry.xid == at.xid)
            return connection.scalar(query) is not None

    def after(self, services: frozenset[str], at: Position | None, limit: int) -> list[FeedRow]:
        """Up to ``limit`` final entries of ``services`` after ``at``, oldest first, with their transactions."""
        query = (select(FeedEntry.xid, FeedEntry.position, StoredTransaction.received_at, StoredTransaction.payload,
                        StoredTransaction.id)
                 .join(StoredTransaction, StoredTransaction.id == FeedEntry.transaction_id)
                 .where(FeedEntry.service_id.in_(sorted(services)))
                 .order_by(FeedEntry.xid, FeedEntry.position).limit(limit))
        if self.postgres:
            query = query.where(FeedEntry.xid < OLDEST_RUNNING_XID)
        if at is not None:
            query = query.where(tuple_(FeedEntry.xid, FeedEntry.position) > tuple_(at.xid, at.position))
        with self.engine.connect() as connection:
            return [FeedRow(Position(xid, position), received, self.in_clear(payload, transaction_id))
                    for xid, position, received, payload, transaction_id in connection.execute(query)]


def page_body(consumer: Consumer, rows: Sequence[FeedRow], after: str) -> bytes:
    """The ``FeedPage`` JSON, built around the stored payload bytes (no parse and re-dump per row).

    Cursors and ISO times are plain ASCII (digits, dots, hex, ``:+-T``): quoting them needs no escaping.
    """
    parts = [b'{"items":[']
    for row in rows:
        parts += [b'{"cursor":"', row.at.cursor_for(consumer).encode("ascii"), b'","received_at":"',
                  _iso(row.received_at).encode("ascii"), b'","transaction":', row.payload, b"},"]
    if rows:
        parts[-1] = b"}"  # no comma after the last item
    following = rows[-1].at.cursor_for(consumer) if rows else after
    return b"".join([*parts, b'],"next":', canonical_json(following), b"}"])


def _iso(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def feed_routes(hub: Hub) -> APIRouter:
    router = APIRouter()
    consumers = ConsumerRegistry(hub.store.engine)
    reader = FeedReader(hub.store.engine, hub.store.in_clear)

    @router.get("/feed", response_model=FeedPage)
    async def feed(request: Request, after: str = Query(default="", max_length=200),
                   limit: int = Query(default=100, ge=1, le=MAX_FEED_PAGE),
                   wait: float = Query(default=0.0, ge=0.0, le=MAX_FEED_WAIT_S)) -> Response:
        """Accepted transactions of the consumer's services after ``after``; waits up to ``wait`` s for one."""
        consumer = await run_in_threadpool(consumers.authenticate, request.headers.get("Authorization"))
        if consumer is None:
            return refused(hub, request, 401, FeedRefusal.NOT_A_CONSUMER.value, NOT_A_CONSUMER, None)
        try:
            rows = await _read(reader, consumer, after, limit, wait)
        except FeedRefused as refusal:
            return refused(hub, request, _STATUS_OF[refusal.reason], refusal.reason.value, refusal.detail, consumer)
        body = await run_in_threadpool(page_body, consumer, rows, after)  # ~30 ms for 1,000: off the event loop
        return hub.signed(request, body)

    return router


async def _read(reader: FeedReader, consumer: Consumer, after: str, limit: int, wait: float) -> list[FeedRow]:
    at = parse_cursor(consumer, after)
    if at is not None and not await run_in_threadpool(reader.exists, at):
        raise FeedRefused(FeedRefusal.UNKNOWN_CURSOR, "this cursor names no entry of this hub's feed (a database "
                          "restored from an older backup?); the operator decides where to resume")
    deadline = time.monotonic() + wait
    while True:
        rows = await run_in_threadpool(reader.after, consumer.services, at, limit)
        if rows or time.monotonic() >= deadline:
            return rows
        await asyncio.sleep(min(POLL_S, max(0.0, deadline - time.monotonic())))
