"""The trust list: issuer public keys signed by a root key, with revocations and a maximum age.

Serialised as a COSE_Sign1 message (signed by the root key) whose payload is a CBOR map:
``{"v": 1, "issued_at": int, "max_age": int seconds, "issuers": [{"kid", "key" (DER SPKI),
"office"}], "revoked_serials": [str], "revoked_kids": [bytes]}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives.serialization import load_der_public_key

from banshi.errors import OperatorError
from banshi.i18n import N_, LazyText
from banshi.identity import cose
from banshi.identity.cose import PrivateKey, PublicKey
from banshi.identity.keys import IssuerKey
from banshi.identity.rejections import CodeRejected

TRUST_LIST_VERSION = 1
DEFAULT_MAX_AGE_S = 7 * 24 * 3600


class TrustListError(OperatorError, ValueError):
    """A trust list could not be loaded (bad signature, wrong root, damaged data)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Trust list rejected: {detail}")
        self.user_message: LazyText = N_("This machine's list of trusted offices is damaged. Please ask staff.")


@dataclass(frozen=True)
class TrustedIssuer:
    kid: bytes
    public_key: PublicKey
    office: str


@dataclass(frozen=True)
class TrustList:
    issued_at: int
    max_age_s: int
    issuers: dict[bytes, TrustedIssuer]
    revoked_serials: frozenset[str] = frozenset()
    revoked_kids: frozenset[bytes] = frozenset()
    signed: bytes = field(default=b"", repr=False, compare=False)

    @classmethod
    def build(
        cls,
        root_key: PrivateKey,
        issuers: Iterable[IssuerKey | TrustedIssuer],
        issued_at: int,
        max_age_s: int = DEFAULT_MAX_AGE_S,
        revoked_serials: Iterable[str] = (),
        revoked_kids: Iterable[bytes] = (),
    ) -> TrustList:
        """A trust list signed by ``root_key`` (what the hub or the demo-keys command makes)."""
        entries = [TrustedIssuer(i.kid, i.public_key, i.office) for i in issuers]
        payload = {
            "v": TRUST_LIST_VERSION,
            "issued_at": int(issued_at),
            "max_age": int(max_age_s),
            "issuers": [{"kid": e.kid, "key": cose.public_key_der(e.public_key), "office": e.office} for e in entries],
            "revoked_serials": sorted(revoked_serials),
            "revoked_kids": sorted(revoked_kids),
        }
        return cls.from_bytes(cose.sign1(cbor2.dumps(payload), root_key), root_key.public_key())

    @classmethod
    def from_bytes(cls, data: bytes, root_public_key: PublicKey) -> TrustList:
        """Verify ``data`` against the root key and parse it; raise TrustListError if anything is off."""
        try:
            message = cose.parse_sign1(data)
            if message.kid != cose.key_id(root_public_key):
                raise TrustListError("it is not signed by the configured root key")
            message.verify(root_public_key)
            return _parse(cbor2.loads(message.payload), data)
        except TrustListError:
            raise
        except CodeRejected as rejected:
            raise TrustListError(rejected.detail) from None
        except (cbor2.CBORDecodeError, KeyError, TypeError, ValueError) as error:
            raise TrustListError(f"its content is not a valid trust list ({error})") from None

    def to_bytes(self) -> bytes:
        if not self.signed:
            raise ValueError("This TrustList was not built or loaded from signed bytes.")
        return self.signed

    def is_stale(self, now: float) -> bool:
        return now - self.issued_at > self.max_age_s


def _parse(payload: Any, signed: bytes) -> TrustList:
    if not isinstance(payload, dict) or payload.get("v") != TRUST_LIST_VERSION:
        raise TrustListError("unknown trust list version")
    issuers = {}
    for entry in payload["issuers"]:
        public_key = load_der_public_key(entry["key"])
        if cose.key_id(public_key) != entry["kid"]:  # type: ignore[arg-type]
            raise TrustListError(f"issuer {entry['office']!r} has a key id that does not match its key")
        issuers[entry["kid"]] = TrustedIssuer(entry["kid"], public_key, str(entry["office"]))  # type: ignore[arg-type]
    return TrustList(
        issued_at=int(payload["issued_at"]),
        max_age_s=int(payload["max_age"]),
        issuers=issuers,
        revoked_serials=frozenset(payload["revoked_serials"]),
        revoked_kids=frozenset(payload["revoked_kids"]),
        signed=signed,
    )
