"""Schema migrations of the device outbox, recorded in ``_migrations`` from day one.

Each migration runs inside the caller's ``BEGIN IMMEDIATE`` transaction together with
the row that records it, so a crash leaves either both or neither. Never edit a
migration that has shipped; append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _m001_outbox(conn: sqlite3.Connection) -> None:
    # seq, not created_at, orders the queue: the device clock may jump or roll back.
    # payload is the one column a later round seals to the hub's key (payload_format says how);
    # content_sha256 lets a re-enqueue be compared without reading the payload.
    conn.execute(
        """
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            service_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_epoch_ms INTEGER NOT NULL,
            display TEXT NOT NULL,
            payload BLOB NOT NULL,
            payload_format TEXT NOT NULL,
            content_sha256 TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            enqueued_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX outbox_state_seq ON outbox (state, seq)")


def _m002_exported(conn: sqlite3.Connection) -> None:
    # When a record last left on a USB bundle: the long-offline guard counts it as handed over.
    conn.execute("ALTER TABLE outbox ADD COLUMN exported_at TEXT")


def _m003_resolved(conn: sqlite3.Connection) -> None:
    # A conflict a person settled (state "resolved"): who did it and when, for the audit trail.
    conn.execute("ALTER TABLE outbox ADD COLUMN resolved_by TEXT")
    conn.execute("ALTER TABLE outbox ADD COLUMN resolved_at TEXT")


MIGRATIONS: list[Migration] = [
    ("001_outbox", _m001_outbox),
    ("002_exported", _m002_exported),
    ("003_resolved", _m003_resolved),
]


def ensure_migrations_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def applied(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY name")]


def apply_pending(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded (caller holds the write transaction)."""
    done = set(applied(conn))
    ran = []
    for name, migrate in MIGRATIONS:
        if name not in done:
            migrate(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, datetime.now(UTC).isoformat())
            )
            ran.append(name)
    return ran


def unknown(conn: sqlite3.Connection) -> list[str]:
    known = {name for name, _ in MIGRATIONS}
    return [name for name in applied(conn) if name not in known]
