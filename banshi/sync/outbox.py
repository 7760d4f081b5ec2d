"""The device's durable outbox: every filed transaction waits here until the hub has it.

One SQLite file per device (sqlite-utils over one connection guarded by a lock, so the
GUI's worker thread and the sync thread can share it). WAL with ``synchronous=FULL``
makes each commit durable before ``enqueue()`` returns; every write is an explicit
``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing half-way.

States: queued → sending → accepted | rejected | conflict; ``sending`` goes back to
``queued`` when a push fails or the process restarts (``requeue_stale_sending``). A person
settles a conflict by keeping the hub's copy: conflict → resolved (``resolve``), terminal.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlite_utils

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from banshi.files import private_sqlite
from banshi.i18n import N_
from banshi.services.transactions import Transaction
from banshi.sync import migrations
from banshi.sync.errors import (
    DuplicateTransactionError,
    InvalidTransactionError,
    OutboxMigrationError,
    SyncError,
    UnknownTransactionError,
)
from banshi.sync.guard import GuardState, guard_state
from banshi.sync.payloads import PAYLOAD_PLAIN, PayloadCodec, local_key_path
from banshi.sync.protocol import PushResult, PushStatus, TransactionEnvelope, canonical_json

__all__ = ["PAYLOAD_PLAIN", "NotInConflictError", "Outbox", "OutboxRecord", "OutboxState", "UNSYNCED"]
_BUSY_TIMEOUT_MS = 30_000


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONFLICT = "conflict"
    RESOLVED = "resolved"  # was a conflict; a person kept the hub's copy


class NotInConflictError(SyncError):
    """Only a record in ``conflict`` can be resolved."""

    def __init__(self, transaction_id: str, state: OutboxState) -> None:
        super().__init__(f"Transaction {transaction_id} is {state.value}, not in conflict; only conflicts are resolved.")
        self.transaction_id = transaction_id
        self.user_message = N_("This record is not in conflict, so there is nothing to resolve.")


UNSYNCED = (OutboxState.QUEUED, OutboxState.SENDING)
_FINAL_STATE = {
    PushStatus.ACCEPTED: OutboxState.ACCEPTED,
    PushStatus.DUPLICATE: OutboxState.ACCEPTED,
    PushStatus.CONFLICT: OutboxState.CONFLICT,
    PushStatus.REJECTED: OutboxState.REJECTED,
}
_COLUMNS = "id, state, service_id, created_at, display, attempts, last_error"


@dataclass(frozen=True)
class OutboxRecord:
    """What a device may show about one queued transaction (never its answers)."""

    id: str
    state: OutboxState
    service_id: str
    created_at: str
    display: dict[str, str] = field(hash=False)
    attempts: int
    last_error: str | None


def _record(row: dict[str, Any]) -> OutboxRecord:
    return OutboxRecord(
        id=row["id"],
        state=OutboxState(row["state"]),
        service_id=row["service_id"],
        created_at=row["created_at"],
        display=json.loads(row["display"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _exists(conn: sqlite3.Connection, transaction_id: str) -> bool:
    return conn.execute("SELECT 1 FROM outbox WHERE id = ?", (transaction_id,)).fetchone() is not None


class Outbox:
    """A durable, thread-safe queue of transactions on one SQLite file.

    Payloads are sealed to ``seal_to`` (the hub's public key) when given; until then they are
    encrypted under a device-local key in ``<path>.key`` (0600). No answers are stored in clear.
    """

    def __init__(self, path: Path, seal_to: X25519PublicKey | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.codec = PayloadCodec(local_key_path(self.path), seal_to)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(private_sqlite(self.path), isolation_level=None, check_same_thread=False)
        self._db = sqlite_utils.Database(self._conn)
        self._configure()
        self._migrate()

    # -- set-up ---------------------------------------------------------------------------

    def _configure(self) -> None:
        self._conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        self._db.enable_wal()
        # FULL: the WAL is fsynced at every commit, so an acknowledged enqueue survives power loss.
        self._conn.execute("PRAGMA synchronous = FULL")
        # Freed pages are zeroed and temporary tables never touch disk: no stray copies of old rows.
        self._conn.execute("PRAGMA secure_delete = ON")
        self._conn.execute("PRAGMA temp_store = MEMORY")

    def _migrate(self) -> None:
        with self._write() as conn:
            migrations.ensure_migrations_table(conn)
            unknown = migrations.unknown(conn)
            if unknown:
                raise OutboxMigrationError(str(self.path), unknown)
            migrations.apply_pending(conn)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                # Also after a failed COMMIT (e.g. a full disk), so the next write can begin.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._db.query(sql, params))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------

    def enqueue(self, transaction: Transaction) -> OutboxRecord:
        """Queue a transaction; returns once the commit is on disk.

        The same id with identical content is a no-op returning the stored record; with
        different content it raises ``DuplicateTransactionError`` (ids are never re-keyed).
        """
        if not isinstance(transaction, Transaction):
            raise InvalidTransactionError(f"expected a Transaction, got {type(transaction).__name__}")
        envelope = TransactionEnvelope.of(transaction)
        digest = hashlib.sha256(transaction.canonical_json()).hexdigest()
        with self._write() as conn:
            existing = conn.execute("SELECT content_sha256 FROM outbox WHERE id = ?", (envelope.id,)).fetchone()
            if existing is None:
                self._insert(conn, envelope, transaction.display, digest)
            elif existing[0] != digest:
                raise DuplicateTransactionError(envelope.id)
        return self.get(envelope.id)

    def _insert(
        self, conn: sqlite3.Connection, envelope: TransactionEnvelope, display: dict[str, str], digest: str
    ) -> None:
        now = _now()
        created_ms = int(datetime.fromisoformat(envelope.created_at).timestamp() * 1000)
        payload, payload_format = self.codec.encode(envelope)
        conn.execute(
            "INSERT INTO outbox (id, state, service_id, created_at, created_epoch_ms, display, payload,"
            " payload_format, content_sha256, enqueued_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                envelope.id, OutboxState.QUEUED.value, envelope.service_id, envelope.created_at, created_ms,
                canonical_json(display).decode("utf-8"), payload, payload_format,
                digest, now, now,
            ),
        )  # fmt: skip

    def claim_batch(self, limit: int) -> list[OutboxRecord]:
        """Move up to ``limit`` of the oldest queued records to ``sending`` and return them."""
        if limit < 1:
            raise ValueError(f"claim_batch limit must be at least 1, got {limit}")
        with self._write() as conn:
            rows = list(
                self._db.query(
                    f"SELECT seq, {_COLUMNS} FROM outbox WHERE state = ? ORDER BY seq LIMIT ?",
                    (OutboxState.QUEUED.value, limit),
                )
            )
            conn.executemany(
                "UPDATE outbox SET state = ?, attempts = attempts + 1, updated_at = ? WHERE seq = ?",
                [(OutboxState.SENDING.value, _now(), row["seq"]) for row in rows],
            )
        return [_record({**row, "state": OutboxState.SENDING, "attempts": row["attempts"] + 1}) for row in rows]

    def record_results(self, results: Iterable[PushResult]) -> int:
        """Apply the hub's verdicts (a push's answer or a bundle acknowledgement); returns how many changed.

        Records already settled keep their state (a late echo is harmless). An accepted record's
        payload is erased (the hub has it); conflicts and rejections keep theirs for a person.
        """
        now = _now()
        changed = 0
        with self._write() as conn:
            for result in results:
                state = _FINAL_STATE[result.status]
                cursor = conn.execute(
                    "UPDATE outbox SET state = ?, last_error = ?, updated_at = ?,"
                    " payload = CASE WHEN ? THEN X'' ELSE payload END WHERE id = ? AND state IN (?, ?)",
                    (state.value, result.reason, now, state is OutboxState.ACCEPTED, result.id, *UNSYNCED),
                )
                if cursor.rowcount == 0 and not _exists(conn, result.id):
                    raise UnknownTransactionError(result.id)
                changed += cursor.rowcount
        self.checkpoint()
        return changed

    def resolve(self, transaction_id: str, actor: str) -> OutboxRecord:
        """Settle a conflict by keeping the hub's copy: the local payload is erased, who and when kept."""
        with self._write() as conn:
            row = conn.execute("SELECT state FROM outbox WHERE id = ?", (transaction_id,)).fetchone()
            if row is None:
                raise UnknownTransactionError(transaction_id)
            if row[0] != OutboxState.CONFLICT.value:
                raise NotInConflictError(transaction_id, OutboxState(row[0]))
            now = _now()
            conn.execute(
                "UPDATE outbox SET state = ?, payload = X'', resolved_by = ?, resolved_at = ?, updated_at = ?"
                " WHERE id = ?", (OutboxState.RESOLVED.value, actor, now, now, transaction_id))
        self.checkpoint()
        return self.get(transaction_id)

    def checkpoint(self) -> None:
        """Fold the WAL into the database and truncate it, so erased payloads leave no old frames behind."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def release(self, ids: Iterable[str], error: str) -> int:
        """Put claimed records back in the queue after a failed push; returns how many moved."""
        now = _now()
        with self._write() as conn:
            cursor = conn.executemany(
                "UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = ?",
                [(OutboxState.QUEUED.value, error, now, id_, OutboxState.SENDING.value) for id_ in ids],
            )
            return cursor.rowcount

    def requeue_stale_sending(self) -> int:
        """Crash recovery at start-up: every ``sending`` record goes back to ``queued``."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET state = ?, updated_at = ? WHERE state = ?",
                (OutboxState.QUEUED.value, _now(), OutboxState.SENDING.value),
            )
            return cursor.rowcount

    # -- reads ----------------------------------------------------------------------------

    def get(self, transaction_id: str) -> OutboxRecord:
        rows = self._rows(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?", (transaction_id,))
        if not rows:
            raise UnknownTransactionError(transaction_id)
        return _record(rows[0])

    def payloads(self, ids: Sequence[str]) -> dict[str, bytes]:
        """The wire items (a sealed envelope, or the canonical envelope) of ``ids``, for the sync engine only."""
        marks = ",".join("?" * len(ids))
        rows = self._rows(f"SELECT id, payload, payload_format FROM outbox WHERE id IN ({marks})", tuple(ids))
        found = {row["id"]: self.codec.wire(row["id"], bytes(row["payload"]), row["payload_format"]) for row in rows}
        missing = [id_ for id_ in ids if id_ not in found]
        if missing:
            raise UnknownTransactionError(missing[0])
        return found

    def records(self, states: Iterable[OutboxState] | None = None, limit: int = 100) -> list[OutboxRecord]:
        """Records newest first, optionally only those in ``states``."""
        wanted = [OutboxState(state).value for state in (states or OutboxState)]
        marks = ",".join("?" * len(wanted))
        rows = self._rows(
            f"SELECT {_COLUMNS} FROM outbox WHERE state IN ({marks}) ORDER BY seq DESC LIMIT ?", (*wanted, limit)
        )
        return [_record(row) for row in rows]

    def counts(self) -> dict[OutboxState, int]:
        rows = self._rows("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state")
        found = {row["state"]: row["n"] for row in rows}
        return {state: found.get(state.value, 0) for state in OutboxState}

    def oldest_unsynced_age(self, now: datetime) -> timedelta | None:
        """Age of the oldest queued or sending record by its created time; ``None`` when all are synced."""
        rows = self._rows(
            "SELECT MIN(created_epoch_ms) AS oldest FROM outbox WHERE state IN (?, ?)", tuple(s.value for s in UNSYNCED)
        )
        oldest = rows[0]["oldest"]
        if oldest is None:
            return None
        age = now - datetime.fromtimestamp(oldest / 1000, UTC)
        return max(age, timedelta(0))  # a clock set back must not make the age negative

    def guard(self, now: datetime, warn_after: timedelta, block_after: timedelta) -> GuardState:
        """The long-offline guard now: records neither synced nor exported on a bundle count.

        Apps show ``guard_message`` on WARN and stop new personal-data capture on BLOCK.
        """
        rows = self._rows(
            "SELECT MIN(created_epoch_ms) AS oldest FROM outbox WHERE state IN (?, ?) AND exported_at IS NULL",
            tuple(s.value for s in UNSYNCED),
        )
        oldest = rows[0]["oldest"]
        age = None if oldest is None else max(now - datetime.fromtimestamp(oldest / 1000, UTC), timedelta(0))
        return guard_state(age, warn_after, block_after)

    def unsynced_payloads(self) -> list[tuple[str, bytes, str]]:
        """(id, stored payload, payload format) of every queued or sending record, oldest first."""
        rows = self._rows(
            "SELECT id, payload, payload_format FROM outbox WHERE state IN (?, ?) ORDER BY seq",
            tuple(s.value for s in UNSYNCED),
        )
        return [(row["id"], bytes(row["payload"]), row["payload_format"]) for row in rows]

    def mark_exported(self, ids: Sequence[str]) -> None:
        """Note that ``ids`` left on a bundle; they stay queued (the network path dedups by id)."""
        now = _now()
        with self._write() as conn:
            conn.executemany("UPDATE outbox SET exported_at = ? WHERE id = ?", [(now, id_) for id_ in ids])

    def storage(self) -> dict[str, object]:
        """How the file is written (journal mode, sync level, erasure), as SQLite reports it: for diagnostics."""
        with self._lock:
            return {name: self._conn.execute(f"PRAGMA {name}").fetchone()[0]
                    for name in ("journal_mode", "synchronous", "secure_delete", "busy_timeout")}

    def applied_migrations(self) -> list[str]:
        with self._lock:
            return migrations.applied(self._conn)
