"""The trust list the hub hands out: a trust authority's issuers plus every accepted revocation, root-signed.

Counters file ``TransactionKind.REVOCATION`` transactions (answers ``serial``, ``office``, ``reason``,
``clerk_id``); once one is accepted, the next ``GET /v1/trust-list`` lists its serial. The list is
signed again only when the stored revocations change (a count and latest-arrival query per request)
or when it has lived half its maximum age, so a device pulling regularly never holds a stale one.
The ETag is the SHA-256 of the signed bytes: a device that holds the current list is answered 304.

Its ``issued_at`` comes from the database and the calendar, not from when a process signed it: the start
of the current half-age period, or the latest revocation's arrival if later. Every hub process on one
database therefore issues the same list (the same bytes and ETag with an Ed25519 root), and a device
switching between processes never sees an "older" list and refuses it.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from banshi.errors import OperatorError
from banshi.identity.cose import PrivateKey, key_id, public_key_der
from banshi.identity.keyfolder import KeyFolder
from banshi.files import exposed_mode
from banshi.identity.keys import KeyFileError, load_private_key
from banshi.identity.trust import TrustedIssuer, TrustList
from banshi.services.transactions import TransactionKind
from banshi.sync.hub.at_rest import InClear, as_stored
from banshi.sync.hub.store import StoredTransaction
from banshi.sync.protocol import TransactionEnvelope

log = logging.getLogger(__name__)

ROOT_PRIVATE_KEY_FILE = "root.key.pem"
# Re-sign once a list has lived this share of its maximum age, leaving devices the rest to pull it.
REFRESH_FRACTION = 0.5

Fingerprint = tuple[int, datetime | None]
_IS_REVOCATION = StoredTransaction.service_id == TransactionKind.REVOCATION.value


class TrustAuthorityError(OperatorError, ValueError):
    """The hub's trust-authority key folder cannot sign trust lists."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Cannot publish trust lists: {detail}")


@dataclass(frozen=True)
class PublishedTrustList:
    """Signed trust-list bytes and their version (an HTTP entity tag, quoted)."""

    signed: bytes
    etag: str

    @classmethod
    def of(cls, signed: bytes) -> PublishedTrustList:
        return cls(signed, f'"{hashlib.sha256(signed).hexdigest()}"')

    def matches(self, if_none_match: str | None) -> bool:
        """Whether an ``If-None-Match`` header names this version (so a 304 is the answer)."""
        if not if_none_match:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return self.etag in tags or "*" in tags


class TrustListSource(Protocol):
    def current(self) -> PublishedTrustList: ...


class FixedTrustList:
    """A list signed elsewhere (the root key kept offline), handed out as it is: no revocations are added."""

    def __init__(self, signed: bytes) -> None:
        self._published = PublishedTrustList.of(signed)

    def current(self) -> PublishedTrustList:
        return self._published


class TrustListPublisher:
    """Signs ``issuers`` + the revocations accepted in ``engine``'s ``transactions`` table with ``root_key``."""

    def __init__(
        self,
        engine: Engine,
        root_key: PrivateKey,
        issuers: Iterable[TrustedIssuer],
        max_age_s: int,
        revoked_kids: Iterable[bytes] = (),
        revoked_serials: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
        in_clear: InClear = as_stored,
    ) -> None:
        if max_age_s <= 0:
            raise ValueError(f"max_age_s must be positive, not {max_age_s}.")
        self.engine = engine
        self.root_key = root_key
        self.issuers = tuple(issuers)
        self.max_age_s = max_age_s
        self.revoked_kids = frozenset(revoked_kids)
        self.base_serials = frozenset(revoked_serials)
        self.clock = clock
        self.in_clear = in_clear  # stored payloads are encrypted at rest (HubStore.in_clear)
        self._lock = threading.Lock()
        self._cached: tuple[Fingerprint, int, PublishedTrustList] | None = None  # (revocations, issued_at, list)

    @classmethod
    def from_key_folder(cls, folder: KeyFolder, engine: Engine, max_age_s: int | None = None,
                        in_clear: InClear = as_stored) -> TrustListPublisher:
        """Root private key from ``root.key.pem``; issuers, revoked keys and serials from the folder's signed list."""
        base = folder.trust_list()  # verified against root.pub.pem
        root_key = _root_private_key(folder)
        return cls(engine, root_key, base.issuers.values(), max_age_s or base.max_age_s,
                   base.revoked_kids, base.revoked_serials, in_clear=in_clear)

    def current(self) -> PublishedTrustList:
        """The list to hand out now: the cached one unless revocations changed or it is due for re-signing."""
        with self._lock, Session(self.engine) as session:
            # Fingerprint first: a revocation committed between the two queries is at worst signed twice, never missed.
            fingerprint = _fingerprint(session)
            issued_at = self._issued_at(fingerprint)
            if self._cached is None or self._cached[:2] != (fingerprint, issued_at):
                self._cached = (fingerprint, issued_at, self._sign(_revoked_serials(session, self.in_clear), issued_at))
            return self._cached[2]

    def _issued_at(self, fingerprint: Fingerprint) -> int:
        """The start of the current refresh period, or the latest revocation's arrival if that is later."""
        now = int(self.clock())
        period = max(1, int(self.max_age_s * REFRESH_FRACTION))
        latest = fingerprint[1]
        arrived = 0 if latest is None else math.ceil(_as_utc(latest).timestamp())
        return max(now - now % period, arrived)

    def _sign(self, revoked: set[str], issued_at: int) -> PublishedTrustList:
        trust_list = TrustList.build(self.root_key, self.issuers, issued_at, self.max_age_s,
                                     revoked_serials=revoked | self.base_serials, revoked_kids=self.revoked_kids)
        return PublishedTrustList.of(trust_list.to_bytes())


def _root_private_key(folder: KeyFolder) -> PrivateKey:
    path = folder.path / ROOT_PRIVATE_KEY_FILE
    try:
        exposed = exposed_mode(path)
    except OSError as error:
        raise TrustAuthorityError(f"{path}: {error.strerror or error} (the hub needs the root private key to sign)") from None
    if exposed:  # whoever can read it can sign trust lists every kiosk believes
        raise TrustAuthorityError(f"the root private key {path} {exposed}")
    try:
        root_key = load_private_key(path)
    except KeyFileError as error:
        raise TrustAuthorityError(f"{error} (the hub needs the root private key to sign)") from None
    if public_key_der(root_key.public_key()) != public_key_der(folder.root_public_key):
        raise TrustAuthorityError(f"{ROOT_PRIVATE_KEY_FILE} in {folder.path} does not belong to root.pub.pem "
                                  f"(key id {key_id(root_key.public_key()).hex()})")
    return root_key


def _fingerprint(session: Session) -> Fingerprint:
    """Changes whenever a revocation is stored: rows are only ever added, each with its arrival time."""
    query = select(func.count(), func.max(StoredTransaction.received_at)).where(_IS_REVOCATION)
    count, latest = session.execute(query).one()
    return int(count), latest


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC


def _revoked_serials(session: Session, in_clear: InClear) -> set[str]:
    rows = session.execute(select(StoredTransaction.id, StoredTransaction.payload).where(_IS_REVOCATION))
    return {serial for transaction_id, stored in rows
            if (serial := _serial(transaction_id, in_clear(stored, transaction_id)))}


def _serial(transaction_id: str, payload: bytes) -> str | None:
    """The revoked serial; an unusable record is logged, not fatal, so it cannot hold back every other revocation."""
    try:
        serial = TransactionEnvelope.model_validate_json(payload).answers.get("serial", "").strip()
    except ValidationError as error:
        log.error("revocation %s is not a readable transaction, ignored: %s", transaction_id, error)
        return None
    if not serial:
        log.error("revocation %s names no serial, ignored", transaction_id)
    return serial or None


def trust_list_source(engine: Engine, trust_list: bytes | None = None, trust_keys: Path | None = None,
                      in_clear: InClear = as_stored) -> TrustListSource | None:
    """What ``/v1/trust-list`` serves: a publisher over a key folder, a fixed signed list, or nothing."""
    if trust_list is not None and trust_keys is not None:
        raise TrustAuthorityError("give either a fixed trust list or a trust-authority key folder, not both")
    if trust_keys is not None:
        return TrustListPublisher.from_key_folder(KeyFolder(trust_keys), engine, in_clear=in_clear)
    return FixedTrustList(trust_list) if trust_list is not None else None
