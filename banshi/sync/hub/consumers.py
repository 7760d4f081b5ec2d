"""Back-office systems the hub serves (a province's 一网通办 system, a pension system): each has its own
bearer token and the services it may see; the change feed and case-status posts use them.

Only the token's sha256 is stored (a 256-bit random token needs no slow hash). Every request looks the
consumer up again, so retiring one takes effect at once on every hub process.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fastapi import Request, Response
from sqlalchemy import DateTime, Engine, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.sync.errors import SyncError
from banshi.sync.hub.schema import Base
from banshi.sync.protocol import canonical_json
from banshi.sync.hub.store import reading

if TYPE_CHECKING:
    from banshi.sync.hub.app import Hub

log = logging.getLogger(__name__)
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
TOKEN_PREFIX = "bsc_"  # recognisable in a leaked log or config file


class ConsumerRow(Base):
    __tablename__ = "feed_consumers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    services: Mapped[str] = mapped_column(Text)  # JSON list of service ids
    cursor_key: Mapped[str] = mapped_column(String(64))  # MACs the cursors handed to this consumer
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


@dataclass(frozen=True)
class Consumer:
    id: str
    name: str
    services: frozenset[str]
    cursor_key: bytes

    def may_see(self, service_id: str) -> bool:
        return service_id in self.services


class ConsumerError(SyncError):
    """A consumer command that cannot be done as asked (bad or taken id, no services, unknown id)."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    if authorization is None or not authorization.startswith("Bearer "):
        return None
    return authorization[len("Bearer "):].strip() or None


class ConsumerRegistry:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, consumer_id: str, name: str, services: Sequence[str]) -> str:
        """Register a consumer; returns its token (shown once: only the hash is kept)."""
        if not _ID.match(consumer_id):
            raise ConsumerError(f"Consumer id {consumer_id!r}: use 1-64 lower-case letters, digits, '.', '_' or '-'.")
        wanted = sorted({service.strip() for service in services if service.strip()})
        if not wanted:
            raise ConsumerError("A consumer needs at least one service id (--service) it may see.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = ConsumerRow(id=consumer_id, name=name or consumer_id, token_sha256=_digest(token),
                          services=json.dumps(wanted), cursor_key=secrets.token_hex(32), created_at=datetime.now(UTC))
        try:
            with Session(self.engine) as session, session.begin():
                session.add(row)
        except IntegrityError:
            raise ConsumerError(f"Consumer {consumer_id!r} exists already; retire it or choose another id.") from None
        return token

    def retire(self, consumer_id: str) -> None:
        """Refuse the consumer's token from now on (its rows stay for the record)."""
        with Session(self.engine) as session, session.begin():
            changed = session.execute(update(ConsumerRow).where(ConsumerRow.id == consumer_id,
                                                                ConsumerRow.retired_at.is_(None))
                                      .values(retired_at=datetime.now(UTC))).rowcount
        if not changed:
            raise ConsumerError(f"No active consumer {consumer_id!r} at this hub.")

    def authenticate(self, authorization: str | None) -> Consumer | None:
        """The active consumer holding the bearer token in ``authorization``, else ``None``."""
        token = bearer_token(authorization)
        if token is None:
            return None
        with Session(reading(self.engine)) as session:
            row = session.scalar(select(ConsumerRow).where(ConsumerRow.token_sha256 == _digest(token),
                                                           ConsumerRow.retired_at.is_(None)))
            return None if row is None else _consumer(row)

    def consumers(self) -> list[tuple[Consumer, bool]]:
        """Every consumer with whether it is still active, by id."""
        with Session(reading(self.engine)) as session:
            rows = session.scalars(select(ConsumerRow).order_by(ConsumerRow.id))
            return [(_consumer(row), row.retired_at is None) for row in rows]


def _consumer(row: ConsumerRow) -> Consumer:
    return Consumer(row.id, row.name, frozenset(json.loads(row.services)), bytes.fromhex(row.cursor_key))


def refused(hub: Hub, request: Request, status: int, reason: str, detail: str, consumer: Consumer | None,
            note: str = "") -> Response:
    """A consumer's request refused: one log line naming who and why (``note``: for the operator only), and a
    signed ``{detail, reason}`` answer."""
    who = f"consumer {consumer.id}" if consumer else f"client {request.client.host if request.client else '?'}"
    log.warning("%s %s refused (%s, HTTP %d) for %s: %s%s", request.method, request.url.path, reason, status, who,
                detail, f" ({note})" if note else "")
    return hub.signed(request, canonical_json({"detail": detail, "reason": reason}), status)


NOT_A_CONSUMER = "send 'Authorization: Bearer <consumer token>' (banshi hub add-consumer prints one)"
