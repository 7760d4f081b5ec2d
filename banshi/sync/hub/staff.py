"""Clerk accounts enrolled at the hub, and the audit logs counters send in (issue 7).

The hub is the authority for clerk accounts: a device pulls the active ones (argon2 hashes,
never PINs) as a signed, versioned list. Devices push their hash-chained audit log; the hub
recomputes every hash and stores only a batch that chains onto what it already holds for
that device, so an edit, deletion or reordering on the device is caught here too, and the
hub's copy is the anchor that exposes a log cut short or rewritten wholesale on the device.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Boolean, DateTime, Engine, Integer, String, Text, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.services.staff.accounts import Role
from banshi.services.staff.audit import GENESIS, entry_hash, signing_input
from banshi.sync.errors import RequestRefused, SyncError
from banshi.sync.hub.roles import HubAction
from banshi.sync.hub.gate import StrictJsonRoute
from banshi.sync.hub.store import Base
from banshi.sync.protocol import canonical_json
from banshi.sync.protocol.staff import (
    AuditChainHead,
    AuditPush,
    AuditPushAnswer,
    AuditRecord,
    AuditRefusal,
    ClerkEntry,
    ClerkList,
)

if TYPE_CHECKING:  # app.py imports this module to wire the routes in
    from banshi.sync.hub.app import Hub


class HubClerk(Base):
    __tablename__ = "clerks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(300))  # argon2id string; the PIN itself is never stored
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HubAuditEntry(Base):
    """One device's audit entry as received; (device, seq) is unique, so a chain is stored once."""

    __tablename__ = "audit_entries"

    device_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    subject_ref: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(64))


class HubAuditSignature(Base):
    """The device's signature of an audit entry (a table of its own: hub databases made before entries were
    signed keep working), kept so the hub's copy can be checked again later."""

    __tablename__ = "audit_signatures"

    device_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    signature: Mapped[str] = mapped_column(String(128))


class ClerkError(SyncError):
    """A hub clerk command that cannot be done as asked (unknown id, id taken)."""


class AuditChainBroken(SyncError):
    """A pushed batch does not chain onto the hub's copy; nothing of it was stored."""

    def __init__(self, refusal: AuditRefusal, problem: str, head: AuditChainHead) -> None:
        super().__init__(f"Audit batch refused ({refusal.value}): {problem}")
        self.refusal = refusal
        self.problem = problem
        self.head = head


@dataclass(frozen=True)
class ClerkSummary:
    """What ``banshi hub clerks`` lists: no hashes."""

    id: str
    name: str
    role: str
    active: bool
    updated_at: datetime


class StaffStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- clerk accounts -------------------------------------------------------------------

    def add_clerk(self, clerk_id: str, name: str, role: Role, pin_hash: str, replace: bool = False) -> None:
        """Enrol a clerk; ``replace`` re-enrols an existing id (new PIN, name, role) and re-activates it."""
        ClerkEntry(id=clerk_id, name=name, role=role.value, pin_hash=pin_hash)  # refuse what devices would reject
        with Session(self.engine) as session, session.begin():
            row = session.get(HubClerk, clerk_id, with_for_update=True)
            if row is not None and not replace:
                raise ClerkError(f"Clerk {clerk_id!r} already exists; pass --replace to re-enrol (e.g. a PIN reset).")
            fields = {"name": name, "role": role.value, "pin_hash": pin_hash, "active": True,
                      "updated_at": datetime.now(UTC)}
            if row is None:
                session.add(HubClerk(id=clerk_id, **fields))
            else:
                for key, value in fields.items():
                    setattr(row, key, value)

    def disable_clerk(self, clerk_id: str) -> None:
        """Keep the row (its id stays taken) but hand it out no more: devices drop it at their next sync."""
        with Session(self.engine) as session, session.begin():
            row = session.get(HubClerk, clerk_id, with_for_update=True)
            if row is None:
                raise ClerkError(f"No clerk {clerk_id!r} at this hub; `banshi hub clerks` lists them.")
            row.active, row.updated_at = False, datetime.now(UTC)

    def clerks(self) -> list[ClerkSummary]:
        with Session(self.engine) as session:
            rows = session.scalars(select(HubClerk).order_by(HubClerk.id))
            return [ClerkSummary(row.id, row.name, row.role, row.active, row.updated_at) for row in rows]

    def clerk_list(self) -> ClerkList:
        with Session(self.engine) as session:
            rows = session.scalars(select(HubClerk).where(HubClerk.active.is_(True)))
            return ClerkList.of(ClerkEntry(id=r.id, name=r.name, role=r.role, pin_hash=r.pin_hash) for r in rows)

    # -- audit logs -----------------------------------------------------------------------

    def audit_head(self, device_id: str) -> AuditChainHead:
        with Session(self.engine) as session:
            return _head(session, device_id)

    def accept_audit(self, device_id: str, entries: Sequence[AuditRecord], device_key: Ed25519PublicKey) -> AuditChainHead:
        """Store the new entries of a batch that chains onto the hub's copy, each signed by ``device_key`` (the
        device's enrolled key); answer the new head."""
        try:
            return self._accept(device_id, entries, device_key)
        except IntegrityError:
            # Another hub process stored some of these meanwhile: check the batch again against them.
            return self._accept(device_id, entries, device_key)

    def _accept(self, device_id: str, entries: Sequence[AuditRecord], device_key: Ed25519PublicKey) -> AuditChainHead:
        with Session(self.engine) as session, session.begin():
            head = _head(session, device_id)
            if not entries:
                return head
            new = _new_entries(session, device_id, head, entries)
            for entry in new:
                if not _signed_by(device_key, entry):
                    raise AuditChainBroken(AuditRefusal.FORGED, f"entry {entry.seq} is not signed by the device's "
                                           "enrolled key: written by someone without it", head)
            session.add_all(HubAuditEntry(device_id=device_id, **entry.model_dump(exclude={"signature"}))
                            for entry in new)
            if new:  # a signature left over from entries lost in a restore is replaced, not a conflict
                session.execute(delete(HubAuditSignature).where(HubAuditSignature.device_id == device_id,
                                                                HubAuditSignature.seq.in_([e.seq for e in new])))
            session.add_all(HubAuditSignature(device_id=device_id, seq=entry.seq, signature=entry.signature)
                            for entry in new)
        last = entries[-1]
        return AuditChainHead(seq=last.seq, hash=last.hash) if last.seq > head.seq else head

    def audit_entries(self, device_id: str) -> list[AuditRecord]:
        with Session(self.engine) as session:
            rows = session.scalars(select(HubAuditEntry).where(HubAuditEntry.device_id == device_id)
                                   .order_by(HubAuditEntry.seq))
            return [_record(row) for row in rows]


def _head(session: Session, device_id: str) -> AuditChainHead:
    query = (select(HubAuditEntry.seq, HubAuditEntry.hash).where(HubAuditEntry.device_id == device_id)
             .order_by(HubAuditEntry.seq.desc()).limit(1))
    row = session.execute(query).first()
    return AuditChainHead(seq=row[0], hash=row[1]) if row else AuditChainHead(seq=0, hash=GENESIS)


def _signed_by(device_key: Ed25519PublicKey, entry: AuditRecord) -> bool:
    try:
        device_key.verify(base64.b64decode(entry.signature, validate=True), signing_input(entry.hash))
    except (InvalidSignature, ValueError):
        return False
    return True


def _record(row: HubAuditEntry) -> AuditRecord:
    return AuditRecord(seq=row.seq, actor=row.actor, action=row.action, subject_ref=row.subject_ref, at=row.at,
                       prev_hash=row.prev_hash, hash=row.hash)


def _new_entries(session: Session, device_id: str, head: AuditChainHead,
                 entries: Sequence[AuditRecord]) -> list[AuditRecord]:
    """The entries the hub does not hold yet; ``AuditChainBroken`` if any entry breaks the chain."""
    first = entries[0].seq
    if first > head.seq + 1:
        raise AuditChainBroken(AuditRefusal.GAP, f"the batch starts at entry {first} but the hub holds up to "
                               f"{head.seq}: send from {head.seq + 1}", head)
    held = _held_hashes(session, device_id, first - 1, first + len(entries) - 1)
    prev_hash, expected, new = held.get(first - 1, GENESIS), first, []
    for entry in entries:
        problem = _chain_problem(entry, expected, prev_hash, held.get(entry.seq))
        if problem:
            raise AuditChainBroken(AuditRefusal.BROKEN, f"entry {entry.seq}: {problem}", head)
        if entry.seq not in held:
            new.append(entry)
        prev_hash, expected = entry.hash, expected + 1
    return new


def _held_hashes(session: Session, device_id: str, low: int, high: int) -> dict[int, str]:
    query = select(HubAuditEntry.seq, HubAuditEntry.hash).where(
        HubAuditEntry.device_id == device_id, HubAuditEntry.seq.between(low, high))
    return dict(session.execute(query).tuples().all())


def _chain_problem(entry: AuditRecord, expected_seq: int, prev_hash: str, held_hash: str | None) -> str | None:
    if entry.seq != expected_seq:
        return f"expected entry {expected_seq} here: deleted or reordered"
    if entry.prev_hash != prev_hash:
        return "does not follow the entry before it: deleted, reordered or rewritten"
    if entry_hash(entry.prev_hash, entry.seq, entry.actor, entry.action, entry.subject_ref, entry.at) != entry.hash:
        return "content does not match its hash: edited"
    if held_hash is not None and held_hash != entry.hash:
        return "differs from the copy the hub holds: the log was rewritten"
    return None


def staff_routes(hub: Hub) -> APIRouter:
    """``GET /clerks`` and ``POST /audit``, both only for an enrolled counter that signs its request."""
    router = APIRouter(route_class=StrictJsonRoute)
    store = StaffStore(hub.store.engine)

    async def signing_device(request: Request, action: HubAction) -> str:
        device = await hub.device_of(request, await request.body(), action)
        if device is None:
            raise RequestRefused("unsigned", "clerk accounts and audit logs travel only between the hub and an "
                                 "enrolled device that signs its requests")
        return device

    @router.get("/clerks", response_model=ClerkList)
    async def clerks(request: Request) -> Response:
        """The active clerk accounts (argon2 hashes only), to counters only; ``If-None-Match: <version>`` answers 304."""
        await signing_device(request, HubAction.PULL_CLERKS)
        listing = await run_in_threadpool(store.clerk_list)
        etag = {"ETag": listing.version}
        if request.headers.get("If-None-Match") == listing.version:
            return hub.signed(request, b"", 304, headers=etag)
        return hub.signed(request, canonical_json(listing.model_dump(mode="json")), headers=etag)

    @router.post("/audit", response_model=AuditPushAnswer, responses={409: {"model": AuditPushAnswer}})
    async def audit(request: Request, parsed: AuditPush) -> Response:
        """Store audit entries that chain onto the hub's copy; 409 (nothing stored) when they do not."""
        device = await signing_device(request, HubAction.PUSH_AUDIT)
        try:
            head = await run_in_threadpool(store.accept_audit, device, parsed.entries,
                                           hub.registry.public_key_of(device))
        except AuditChainBroken as broken:
            answer = AuditPushAnswer(head=broken.head, refused=broken.refusal, problem=broken.problem)
            return hub.signed_model(request, answer, 409)
        return hub.signed_model(request, AuditPushAnswer(head=head))

    return router
