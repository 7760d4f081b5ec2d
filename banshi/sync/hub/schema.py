"""The declarative base every hub table hangs on (one metadata: ``store.create_schema`` creates them all)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
