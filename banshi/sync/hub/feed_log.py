"""The change feed's log: one entry per accepted transaction, in an order that never changes once read.

Positions come from an auto-increment, but on PostgreSQL several hub processes commit concurrently,
so position 11 can become visible before position 10 does; a consumer that had read 11 would never
see 10. Each entry therefore also records the id of the database transaction that wrote it (``xid``),
and readers only return entries whose xid is below the oldest transaction still running
(``pg_snapshot_xmin``): those are final, and every later entry sorts after them by ``(xid, position)``.
No lock between hub processes is needed. SQLite has one writer at a time, so commit order is position
order there and ``xid`` stays 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BigInteger, Connection, ForeignKey, Index, Integer, String, exists, insert, literal_column, select, text
from sqlalchemy.orm import Mapped, mapped_column

from banshi.sync.hub.schema import Base

# xid8 has no direct cast to bigint; through text it is exact (xids stay far below 2**63).
CURRENT_XID = literal_column("pg_current_xact_id()::text::bigint")
OLDEST_RUNNING_XID = literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


class FeedEntry(Base):
    __tablename__ = "feed_entries"

    position: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                          autoincrement=True)
    xid: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), unique=True)
    service_id: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("feed_entries_order", "xid", "position"),)


def record_in_feed(connection: Connection, new_rows: Sequence[dict[str, object]]) -> None:
    """Append the transactions just inserted in ``connection``'s transaction (rows as ``store`` inserts them)."""
    statement = insert(FeedEntry.__table__)
    if connection.dialect.name == "postgresql":
        statement = statement.values(xid=CURRENT_XID)
    connection.execute(statement, [{"transaction_id": row["id"], "service_id": row["service_id"]}
                                   for row in new_rows])


def backfill_feed(connection: Connection) -> None:
    """Transactions stored before the hub had a feed join it once, oldest first (a hub upgraded in place)."""
    if connection.scalar(select(exists().select_from(FeedEntry))):
        return
    transactions = Base.metadata.tables["transactions"]
    older = (select(transactions.c.id, transactions.c.service_id)
             .order_by(transactions.c.received_at, transactions.c.id))
    connection.execute(insert(FeedEntry.__table__).from_select(["transaction_id", "service_id"], older))
