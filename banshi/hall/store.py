"""The hall's database: one write transaction per request, with the request's nonce, its effects and
its answer committed together (or not at all).

Writes are serialised (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock),
so two counters calling at the same instant are decided one after the other and a ticket never goes
to both. The hall is small (a few thousand tickets a day): serialising costs nothing measurable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from banshi.hall.errors import HallReason, HallRefused
from banshi.hall.migrations import migrate
from banshi.hall.tables import ActionRow, HallBase, TicketRow
from banshi.sync.errors import RequestRefused
from banshi.sync.hub.devices import CLOCK_WINDOW_S, DEVICE_TABLES, Device, DeviceRegistry, SignedRequest
from banshi.sync.hub.store import make_engine, reading

Answer = TypeVar("Answer", bound=BaseModel)
_WRITE_LOCK_KEY = 0x68616C6C  # "hall": one writer at a time on PostgreSQL

__all__ = ["HallStore", "create_hall_schema", "hall_day", "make_engine"]


def create_hall_schema(engine: Engine) -> None:
    """The hall's tables and the hub's device tables (enrolment is the hub's, reused as it is), then the
    hall's migrations (``banshi.hall.migrations``) on a database an older hall service made."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK_KEY})")
        fresh = not inspect(connection).has_table(TicketRow.__tablename__)
        Device.metadata.create_all(connection, tables=DEVICE_TABLES)
        HallBase.metadata.create_all(connection)
        migrate(connection, fresh)


def hall_day(now: float, timezone: str) -> str:
    """The hall's local date of ``now``: numbers restart at the hall's midnight, not UTC's."""
    return datetime.fromtimestamp(now, ZoneInfo(timezone)).date().isoformat()


class HallStore:
    def __init__(self, engine: Engine, registry: DeviceRegistry, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.registry = registry
        self.clock = clock
        self._read_lock = threading.Lock()
        self._read_nonces: dict[tuple[str, str], float] = {}
        self._read_pruned = time.monotonic()

    def write(self, signed: SignedRequest, action_id: str | None, answer_type: type[Answer],
              work: Callable[[Session, float], Answer]) -> Answer:
        """Run ``work`` in one serialised transaction with ``signed``'s nonce.

        With ``action_id``, the answer is kept: the same id from the same device answers the same
        again (a retry after a lost answer or a crash), so nothing happens twice.
        """
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            connection = session.connection()
            if self.engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK_KEY})")
            if self.registry.record_nonces(connection, [signed], datetime.now(UTC)):
                raise RequestRefused("replayed", "this request was already received (its nonce is spent)")
            if action_id is not None:
                done = session.get(ActionRow, action_id)
                if done is not None:
                    return _repeat(done, signed.device_id, answer_type)
            answer = work(session, self.clock())
            if action_id is not None:
                session.add(ActionRow(id=action_id, device_id=signed.device_id,
                                      answer=f"{answer_type.__name__}\n{answer.model_dump_json()}"))
            return answer

    def spend(self, signed: SignedRequest) -> None:
        """Record a read request's nonce in memory: a replayed poll is refused like a replayed write.

        Polls come several times a second from every counter and board; an fsync each would cost more
        than the rest of the hall's work. A poll replayed across a restart only reads what its captured
        answer showed already, so memory is enough here.
        """
        now = time.monotonic()
        with self._read_lock:
            if now - self._read_pruned > CLOCK_WINDOW_S:
                horizon = now - 3 * CLOCK_WINDOW_S
                self._read_nonces = {key: at for key, at in self._read_nonces.items() if at > horizon}
                self._read_pruned = now
            key = (signed.device_id, signed.nonce)
            if key in self._read_nonces:
                raise RequestRefused("replayed", "this request was already received (its nonce is spent)")
            self._read_nonces[key] = now

    def read(self, work: Callable[[Session, float], Answer]) -> Answer:
        with Session(reading(self.engine)) as session:
            return work(session, self.clock())


def _repeat(done: ActionRow, device_id: str, answer_type: type[Answer]) -> Answer:
    kind, _, body = done.answer.partition("\n")
    if done.device_id != device_id or kind != answer_type.__name__:
        raise HallRefused(HallReason.ID_REUSED, "this request id was already used for another request")
    return answer_type.model_validate_json(body)
