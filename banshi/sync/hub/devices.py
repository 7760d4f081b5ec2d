"""Enrolled devices, one-time enrolment codes and seen nonces: all in the hub's database.

Keeping nonces in the shared database (not in process memory) keeps the hub stateless: a request
replayed against another hub process behind the same database is still caught.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, DateTime, Engine, Integer, String, Table, delete, func, insert, select, tuple_
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.sync.errors import EnrolmentError, EnrolmentThrottled, RequestRefused, SignatureError
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.store import Base, reading
from banshi.sync.protocol import HubKeys
from banshi.sync.protocol.signing import (
    CODE_ALPHABET,
    CODE_SECRET_CHARS,
    DEVICE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    EnrolRequest,
    ed25519_public_from_b64,
    pinned_code,
    split_code,
    verify_request,
)

CODE_VALID_S = 24 * 3600  # an enrolment code unused for a day is refused: a lost slip of paper expires
CLOCK_WINDOW_S = 300  # how far a request's timestamp may be from the hub's clock
_PRUNE_EVERY_S = 60.0  # nonces older than 3 clock windows can never be replayed: drop them now and then


@dataclass(frozen=True)
class EnrolmentLimits:
    """Wrong codes tolerated within ``window_s`` from one client address and from everyone together; past
    either, every enrolment (a right code too) waits until the oldest counted failure leaves the window.
    80-bit codes cannot be guessed anyway: this keeps a guessing loop from filling the log and the CPU."""

    per_client: int = 5
    overall: int = 50
    window_s: float = 15 * 60


@dataclass(frozen=True)
class SignedRequest:
    """A request whose signature checked out; its nonce is recorded when its effects are committed."""

    device_id: str
    nonce: str
    role: DeviceRole = DeviceRole.KIOSK


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"

    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)  # never the code itself
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class EnrolmentGrant(Base):
    """What a code grants and until when (a table of its own: databases made before codes expired keep
    working, and a code without a grant is refused as expired)."""

    __tablename__ = "enrolment_grants"

    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(16), nullable=True)  # None: a hall code (the hall keeps roles)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeviceRoleRow(Base):
    """The role a device was enrolled in, for life. A device enrolled before roles existed has no row
    and is treated as a kiosk (the least it could be)."""

    __tablename__ = "device_roles"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))


class EnrolmentFailure(Base):
    """A refused enrolment (unknown, expired or spent code), counted for the rate limits, then pruned."""

    __tablename__ = "enrolment_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Device(Base):
    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeenNonce(Base):
    __tablename__ = "seen_nonces"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


# What a service reusing the registry (the hall) creates in its own database.
DEVICE_TABLES: list[Table] = [EnrolmentCode.__table__, EnrolmentGrant.__table__,  # type: ignore[list-item]
                              EnrolmentFailure.__table__, Device.__table__, DeviceRoleRow.__table__,
                              SeenNonce.__table__]


def _hash(code: str) -> str:
    """The stored hash of a code's secret (a full pinned code hashes like its secret alone)."""
    return hashlib.sha256(split_code(code)[0].encode("utf-8")).hexdigest()


class DeviceRegistry:
    def __init__(self, engine: Engine, clock_window_s: float = CLOCK_WINDOW_S,
                 limits: EnrolmentLimits = EnrolmentLimits()) -> None:
        self.engine = engine
        self.clock_window_s = clock_window_s
        self.limits = limits
        self._keys: dict[str, tuple[Ed25519PublicKey, DeviceRole]] = {}
        self._last_prune = 0.0

    def issue_code(self, role: DeviceRole | None, valid_for_s: float = CODE_VALID_S,
                   hub_keys: HubKeys | None = None) -> str:
        """A new one-time code (16 characters, 80 bits) enrolling a device as ``role`` within ``valid_for_s``.

        Only its hash is stored. With ``hub_keys`` the code also carries their fingerprint, and the device
        refuses any server that answers with other keys (``banshi.sync.device.enrol``). ``role`` None is
        for the hall service, which keeps its own roles.
        """
        if not valid_for_s > 0:
            raise ValueError("an enrolment code must be valid for some time")
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_SECRET_CHARS))
        now = datetime.now(UTC)
        with Session(self.engine) as session, session.begin():
            session.add(EnrolmentCode(code_sha256=_hash(code), created_at=now))
            session.add(EnrolmentGrant(code_sha256=_hash(code), role=role.value if role else None,
                                       expires_at=now + timedelta(seconds=valid_for_s)))
        if hub_keys is not None:
            return pinned_code(code, hub_keys)
        return "-".join(code[i : i + 4] for i in range(0, CODE_SECRET_CHARS, 4))

    def enrol(self, request: EnrolRequest, client: str | None = None) -> None:
        """Register the device's key, spending the code; repeating the same enrolment is harmless.

        ``client`` (the caller's address) has its own limit of wrong codes; None counts only overall.
        """
        ed25519_public_from_b64(request.public_key)  # refuse a malformed key before spending the code
        now = datetime.now(UTC)
        self._check_limits(client, now)
        try:
            self._enrol(request, now)
        except EnrolmentError:
            with Session(self.engine) as session, session.begin():
                session.add(EnrolmentFailure(client=client, at=now))
                session.execute(delete(EnrolmentFailure).where(
                    EnrolmentFailure.at < now - timedelta(seconds=self.limits.window_s)))
            raise

    def _check_limits(self, client: str | None, now: datetime) -> None:
        since = now - timedelta(seconds=self.limits.window_s)
        recent = select(func.count(), func.min(EnrolmentFailure.at)).where(EnrolmentFailure.at >= since)
        with Session(reading(self.engine)) as session:
            checks = [("overall", self.limits.overall, session.execute(recent).one())]
            if client is not None:
                mine = session.execute(recent.where(EnrolmentFailure.client == client)).one()
                checks.insert(0, (f"from {client}", self.limits.per_client, mine))
        for who, limit, (count, oldest) in checks:
            if count >= limit:
                wait = int((_aware(oldest) - since).total_seconds()) + 1
                raise EnrolmentThrottled(f"{count} wrong codes {who} in the last {self.limits.window_s / 60:.0f} "
                                         f"minutes; try again in {wait} s", wait)

    def _enrol(self, request: EnrolRequest, now: datetime) -> None:
        with Session(self.engine) as session, session.begin():
            code = session.get(EnrolmentCode, _hash(request.code), with_for_update=True)
            device = session.get(Device, request.device_id)
            if code is None:
                raise EnrolmentError("the code is not one this hub issued")
            grant = session.get(EnrolmentGrant, code.code_sha256)
            if code.used_by is not None and code.used_by != request.device_id:
                raise EnrolmentError("the code was already used by another device")
            if device is not None:
                if device.public_key != request.public_key:
                    raise EnrolmentError(f"device {request.device_id} is already enrolled with another key")
                return  # a retry after a lost answer
            if grant is None or _aware(grant.expires_at) <= now:
                raise EnrolmentError("the code has expired; issue a new one with `banshi hub enrol-code`")
            code.used_by = request.device_id
            session.add(Device(device_id=request.device_id, public_key=request.public_key, enrolled_at=now))
            if grant.role is not None:
                session.add(DeviceRoleRow(device_id=request.device_id, role=grant.role))

    def verify(self, method: str, path: str, body: bytes, headers: Mapping[str, str]) -> SignedRequest:
        """Who signed this request, if its signature and timestamp hold; ``RequestRefused`` saying why not.

        The nonce is not recorded here: the writer records it in the same transaction as what the
        request changes, so a request is never half-accepted.
        """
        wanted = (DEVICE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER)
        if not all(headers.get(name) for name in wanted):
            raise RequestRefused("unsigned", f"sign every request ({', '.join(wanted)})")
        device_id = headers[DEVICE_HEADER]
        key, role = self._identity(device_id)
        try:
            verify_request(key, method, path, body, headers)
        except SignatureError as error:
            raise RequestRefused("bad_signature", str(error)) from None
        self._check_clock(headers[TIMESTAMP_HEADER])
        return SignedRequest(device_id, headers[NONCE_HEADER][:64], role)

    def _identity(self, device_id: str) -> tuple[Ed25519PublicKey, DeviceRole]:
        """Enrolled keys and roles never change (re-enrolling with another key is refused), so they are cached."""
        known = self._keys.get(device_id)
        if known is None:
            with Session(reading(self.engine)) as session:
                device = session.get(Device, device_id)
                granted = session.get(DeviceRoleRow, device_id)
            if device is None:
                raise RequestRefused("unknown_device", f"device {device_id!r} is not enrolled at this hub")
            role = DeviceRole(granted.role) if granted else DeviceRole.KIOSK
            known = self._keys.setdefault(device_id, (ed25519_public_from_b64(device.public_key), role))
        return known

    def knows_key_of(self, device_id: str) -> bool:
        """Whether verifying this device needs no database read (the event loop may then verify inline)."""
        return device_id in self._keys

    def _check_clock(self, timestamp: str) -> None:
        try:
            skew = float(timestamp) - time.time()
        except ValueError:
            raise RequestRefused("bad_signature", "the timestamp is not a number") from None
        if not math.isfinite(skew):  # NaN compares false with everything: it would pass the window below
            raise RequestRefused("bad_signature", "the timestamp is not a finite number")
        if abs(skew) > self.clock_window_s:
            raise RequestRefused("clock_skew", f"the device clock is {skew:+.0f} s from the hub's; retry with hub time")

    def record_nonces(self, connection: Connection, requests: Sequence[SignedRequest], now: datetime) -> set[int]:
        """Record each request's nonce in ``connection``'s transaction; the positions of those already used.

        A nonce racing in from another hub process surfaces as ``IntegrityError`` at flush or commit.
        """
        pairs = {(r.device_id, r.nonce) for r in requests}
        seen = set(connection.execute(select(SeenNonce.device_id, SeenNonce.nonce).where(
            tuple_(SeenNonce.device_id, SeenNonce.nonce).in_(list(pairs)))).tuples()) if pairs else set()
        replayed, fresh = set(), []
        for position, request in enumerate(requests):
            key = (request.device_id, request.nonce)
            if key in seen:
                replayed.add(position)
            else:
                seen.add(key)
                fresh.append({"device_id": request.device_id, "nonce": request.nonce, "seen_at": now})
        if fresh:
            connection.execute(insert(SeenNonce.__table__), fresh)
        if time.monotonic() - self._last_prune > _PRUNE_EVERY_S:
            self._last_prune = time.monotonic()
            connection.execute(delete(SeenNonce).where(SeenNonce.seen_at < now - timedelta(seconds=3 * self.clock_window_s)))
        return replayed

    def role_of(self, device_id: str) -> DeviceRole:
        return self._identity(device_id)[1]

    def public_key_of(self, device_id: str) -> Ed25519PublicKey:
        return self._identity(device_id)[0]

    def devices(self) -> list[str]:
        with Session(reading(self.engine)) as session:
            return list(session.scalars(select(Device.device_id).order_by(Device.device_id)))


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
