"""The hub's storage: one row per transaction id, conflicting resends kept aside for a person.

Portable SQLAlchemy (SQLite by default, PostgreSQL by URL). The unique primary key on
the transaction id is the idempotency guarantee; an insert that loses a race with
another hub process surfaces as an ``IntegrityError`` and is settled by comparing bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    create_engine,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.sync.hub.feed_log import backfill_feed, record_in_feed
from banshi.sync.hub.schema import Base
from banshi.files import private_sqlite
from banshi.sync.hub.at_rest import StorageKeys
from banshi.sync.protocol import PushResult, PushStatus, TransactionEnvelope, TransactionStatus


class StoredTransaction(Base):
    __tablename__ = "transactions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the idempotency key
    device_id: Mapped[str] = mapped_column(String(200), index=True)
    service_id: Mapped[str] = mapped_column(String(200), index=True)
    service_version: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)  # canonical envelope bytes, encrypted (at_rest)
    sha256: Mapped[str] = mapped_column(String(64))


class ConflictingResend(Base):
    """A resend of a known id with different bytes: never a second transaction, kept for review."""

    __tablename__ = "conflicts"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), index=True)
    device_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        # Room for uvicorn's thread pool (40 threads) without queueing on the pool.
        return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=30)
    if url.database and url.database != ":memory:":
        private_sqlite(Path(url.database))  # every answer is in it: 0600, and so are its -wal and -shm
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=30)
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    """WAL + FULL sync (an 'accepted' answer must survive power loss) and BEGIN IMMEDIATE.

    pysqlite's deferred BEGIN lets two writers both read, then one fails to upgrade its lock
    without waiting; BEGIN IMMEDIATE makes concurrent requests queue on the busy timeout.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # Reads must not take the write lock: they would queue behind (and stall) the writer.
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


_READ_ONLY = "banshi_read_only"


def reading(engine: Engine) -> Engine:
    """``engine`` for sessions that only read: on SQLite they begin deferred and never wait for the writer."""
    return engine.execution_options(**{_READ_ONLY: True})


# Any constant: two hub processes starting on one PostgreSQL create the tables one at a time.
_SCHEMA_LOCK_KEY = 0x62616E736869


def create_schema(engine: Engine) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY})")
        Base.metadata.create_all(connection)
        backfill_feed(connection)


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


class HubStore:
    """``keys`` encrypt every payload at rest (``at_rest``); without them payloads are stored in clear
    (benchmarks of the cost, and tools that only count rows)."""

    def __init__(self, engine: Engine, keys: StorageKeys | None = None) -> None:
        self.engine = engine
        self.keys = keys

    def rotate_storage_key(self) -> int:
        """A new storage key seals every stored payload (rows re-encrypted); see ``StorageKeys.rotate``."""
        if self.keys is None:
            raise ValueError("this store has no storage keys to rotate")
        return self.keys.rotate(self.engine, [(StoredTransaction.__table__, "id"),
                                              (ConflictingResend.__table__, "transaction_id")])

    def at_rest(self, payload: bytes, transaction_id: str) -> bytes:
        return payload if self.keys is None else self.keys.seal(payload, transaction_id)

    def in_clear(self, stored: bytes, transaction_id: str) -> bytes:
        return stored if self.keys is None else self.keys.open(stored, transaction_id)

    def ingest(self, device_id: str, envelopes: Sequence[TransactionEnvelope]) -> list[PushResult]:
        """Store each new envelope once in a transaction of its own; answer every one (in order)."""
        try:
            with self.engine.begin() as connection:
                return self.ingest_in(connection, [(device_id, envelopes)])[0]
        except IntegrityError:
            # Another hub process inserted one of these ids meanwhile: settle them one by one.
            return [self._ingest_one(device_id, envelope) for envelope in envelopes]

    def ingest_in(
        self, connection: Connection, pushes: Sequence[tuple[str, Sequence[TransactionEnvelope]]]
    ) -> list[list[PushResult]]:
        """Settle several devices' pushes in ``connection``'s transaction: one lookup and one INSERT for all.

        SQLAlchemy Core, not the ORM: this runs for every request, and the ORM's per-row bookkeeping
        cost more than the database work.

        An id inserted meanwhile by another hub process surfaces as ``IntegrityError`` at flush or commit.
        """
        known = self._known_digests(connection, [envelope.id for _, envelopes in pushes for envelope in envelopes])
        batch = _Batch(datetime.now(UTC), self.at_rest)
        results = [[_settle(device_id, envelope, known, batch) for envelope in envelopes] for device_id, envelopes in pushes]
        if batch.new_rows:  # the unique id still guards against races
            connection.execute(insert(StoredTransaction.__table__), batch.new_rows)
            record_in_feed(connection, batch.new_rows)  # in the same transaction: in the feed iff stored
        for conflict_device, transaction_id, payload, digest in batch.conflicts:
            self._keep_conflict(connection, conflict_device, transaction_id, payload, digest, batch.now)
        return results

    def _ingest_one(self, device_id: str, envelope: TransactionEnvelope) -> PushResult:
        with self.engine.begin() as connection:
            return self.ingest_in(connection, [(device_id, [envelope])])[0][0]

    @staticmethod
    def _known_digests(connection: Connection, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        query = select(StoredTransaction.id, StoredTransaction.sha256).where(StoredTransaction.id.in_(ids))
        return dict(connection.execute(query).tuples().all())

    def _keep_conflict(
        self, connection: Connection, device_id: str, transaction_id: str, payload: bytes, digest: str, now: datetime
    ) -> None:
        seen = connection.scalar(
            select(func.count()).select_from(ConflictingResend).where(
                ConflictingResend.transaction_id == transaction_id, ConflictingResend.sha256 == digest
            )
        )
        if not seen:  # the same conflicting resend arriving again is kept once
            connection.execute(insert(ConflictingResend.__table__).values(
                transaction_id=transaction_id, device_id=device_id, received_at=now,
                payload=self.at_rest(payload, transaction_id), sha256=digest))

    def status(self, transaction_id: str) -> TransactionStatus | None:
        with Session(reading(self.engine)) as session:
            row = session.get(StoredTransaction, transaction_id)
            return None if row is None else self._status(row, self._conflict_count(session, transaction_id))

    def latest(self, limit: int) -> list[TransactionStatus]:
        with Session(reading(self.engine)) as session:
            newest_first = (StoredTransaction.received_at.desc(), StoredTransaction.id.desc())
            rows = session.scalars(select(StoredTransaction).order_by(*newest_first).limit(limit))
            return [self._status(row, self._conflict_count(session, row.id)) for row in rows]

    def statuses(self, device_id: str, ids: Sequence[str]) -> dict[str, str]:
        """``accepted`` / ``conflict`` (a changed resend is waiting for a person) / ``unknown`` per id of this device."""
        with Session(reading(self.engine)) as session:
            query = select(StoredTransaction.id).where(
                StoredTransaction.id.in_(ids), StoredTransaction.device_id == device_id
            )
            held = set(session.scalars(query))
            disputed = set(session.scalars(select(ConflictingResend.transaction_id).where(
                ConflictingResend.transaction_id.in_(held))))
        return {id_: ("conflict" if id_ in disputed else "accepted") if id_ in held else "unknown" for id_ in ids}

    def count(self) -> int:
        with Session(reading(self.engine)) as session:
            return session.scalar(select(func.count()).select_from(StoredTransaction)) or 0

    def _status(self, row: StoredTransaction, conflicts: int) -> TransactionStatus:
        return _status(row, self.in_clear(row.payload, row.id), conflicts)

    @staticmethod
    def _conflict_count(session: Session, transaction_id: str) -> int:
        query = (
            select(func.count())
            .select_from(ConflictingResend)
            .where(ConflictingResend.transaction_id == transaction_id)
        )
        return session.scalar(query) or 0


@dataclass
class _Batch:
    now: datetime
    at_rest: Callable[[bytes, str], bytes]
    new_rows: list[dict[str, object]] = field(default_factory=list)
    conflicts: list[tuple[str, str, bytes, str]] = field(default_factory=list)  # device, id, payload, digest


def _settle(device_id: str, envelope: TransactionEnvelope, known: dict[str, str], batch: _Batch) -> PushResult:
    """Decide one envelope against the digests already stored (or accepted earlier in this batch)."""
    if envelope.device_id != device_id:
        reason = f"envelope device {envelope.device_id!r} differs from the pushing device {device_id!r}"
        return PushResult(id=envelope.id, status=PushStatus.REJECTED, reason=reason)
    payload = envelope.canonical_bytes()
    digest = _digest(payload)
    if envelope.id not in known:
        known[envelope.id] = digest
        batch.new_rows.append(_stored(envelope, batch.at_rest(payload, envelope.id), digest, batch.now))
        return PushResult(id=envelope.id, status=PushStatus.ACCEPTED)
    if known[envelope.id] == digest:
        return PushResult(id=envelope.id, status=PushStatus.DUPLICATE)
    batch.conflicts.append((device_id, envelope.id, payload, digest))
    reason = "this id was already filed with different content; a person will review it"
    return PushResult(id=envelope.id, status=PushStatus.CONFLICT, reason=reason)


def _stored(envelope: TransactionEnvelope, payload: bytes, digest: str, now: datetime) -> dict[str, object]:
    return {
        "id": envelope.id,
        "device_id": envelope.device_id,
        "service_id": envelope.service_id,
        "service_version": envelope.service_version,
        "channel": envelope.channel,
        "created_at": envelope.created_at,
        "received_at": now,
        "payload": payload,
        "sha256": digest,
    }


def _status(row: StoredTransaction, payload: bytes, conflicts: int) -> TransactionStatus:
    envelope = TransactionEnvelope.model_validate_json(payload)
    received = row.received_at if row.received_at.tzinfo else row.received_at.replace(tzinfo=UTC)
    return TransactionStatus(**envelope.wire_dict(), status=PushStatus.ACCEPTED, received_at=received.isoformat(),
                             sha256=row.sha256, conflicts=conflicts)
