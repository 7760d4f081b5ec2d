"""The hall's tables (SQLAlchemy; SQLite WAL by default, PostgreSQL by URL).

The unique ``(day, code)`` key is the last guard against a repeated number: even a bug in the
numbering could not store a second A012 for one day. Times are Unix seconds (floats): the rules do
arithmetic on them and the day they belong to is stored beside them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class HallBase(DeclarativeBase):
    pass


class TicketRow(HallBase):
    __tablename__ = "hall_tickets"
    __table_args__ = (UniqueConstraint("day", "code"), UniqueConstraint("day", "prefix", "number"),
                      Index("ix_hall_tickets_open", "day", "state"),
                      Index("ix_hall_tickets_measured", "service_id", "finished_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[str] = mapped_column(String(10))
    prefix: Mapped[str] = mapped_column(String(1))
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(8))
    service_id: Mapped[str] = mapped_column(String(64))
    priority: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    kiosk: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[float] = mapped_column(Float)
    waiting_since: Mapped[float] = mapped_column(Float)
    counter: Mapped[str | None] = mapped_column(String(3), nullable=True)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    called_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # the first call at this counter
    last_called_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    started_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    finished_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    # When the counter asked for its next citizen after this one: the counter was taken until then.
    released_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    people_ahead: Mapped[int] = mapped_column(Integer, default=0)
    estimate_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    filing_reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case_reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CallRow(HallBase):
    """The board's feed: one row per call or recall, in the order they were made."""

    __tablename__ = "hall_calls"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    ticket_id: Mapped[str] = mapped_column(String(36), index=True)
    code: Mapped[str] = mapped_column(String(8))
    counter: Mapped[str] = mapped_column(String(3))
    service_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    at: Mapped[float] = mapped_column(Float)


class CounterRow(HallBase):
    __tablename__ = "hall_counters"

    id: Mapped[str] = mapped_column(String(3), primary_key=True)
    open: Mapped[bool] = mapped_column(Boolean, default=False)
    device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    changed_at: Mapped[float] = mapped_column(Float)


class ActionRow(HallBase):
    """Each mutating request's answer, by its client-made id: a retry gets the same answer."""

    __tablename__ = "hall_actions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)


class StaffRequestRow(HallBase):
    __tablename__ = "hall_staff_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    kiosk: Mapped[str] = mapped_column(String(64))
    page: Mapped[str] = mapped_column(String(64))
    area: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[float] = mapped_column(Float)
    acked_by: Mapped[str | None] = mapped_column(String(3), nullable=True)
    acked_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class DeviceRoleRow(HallBase):
    """The role an enrolment code grants, then the enrolled device's role (fixed at enrolment)."""

    __tablename__ = "hall_device_roles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "code:<sha256>" or "device:<id>"
    role: Mapped[str] = mapped_column(String(16))
