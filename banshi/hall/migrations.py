"""The hall's schema migrations, recorded in ``hall_schema_version`` (the hub creates its tables the same
way today; these steps are what ``create_all`` cannot do to a table that already exists).

A fresh database gets every table as it is now and is marked at the newest version; an older one runs
the steps it has not had, in order, inside the schema lock of ``create_hall_schema``.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# version → the statement that brings a database from the version before to it (SQLite and PostgreSQL alike)
STEPS: dict[int, str] = {
    2: "ALTER TABLE hall_tickets ADD COLUMN released_at FLOAT",  # a counter is taken until it calls again
}
NEWEST = max(STEPS, default=1)


class HallSchemaTooNew(RuntimeError):
    """The database was written by a newer hall service: upgrade this one instead of downgrading it."""


def migrate(connection: Connection, fresh: bool) -> int:
    """Bring the hall's tables to ``NEWEST``; returns the version the database was at."""
    connection.execute(text("CREATE TABLE IF NOT EXISTS hall_schema_version (version INTEGER NOT NULL)"))
    found = connection.execute(text("SELECT max(version) FROM hall_schema_version")).scalar()
    was = NEWEST if fresh else (found or 1)
    if was > NEWEST:
        raise HallSchemaTooNew(f"the hall database is at schema version {was}; this hall service knows {NEWEST}")
    for version in range(was + 1, NEWEST + 1):
        connection.execute(text(STEPS[version]))
    if found != NEWEST:
        connection.execute(text("DELETE FROM hall_schema_version"))
        connection.execute(text("INSERT INTO hall_schema_version (version) VALUES (:v)"), {"v": NEWEST})
    return was
