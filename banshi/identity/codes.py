"""Citizen codes: ``BS1:`` + Base45(zlib(COSE_Sign1(CBOR claims))), issued and verified offline.

The claims carry no ID number: an opaque citizen reference, a masked name, the birth year,
the issuing office, issue and expiry times, an assurance level and a serial for revocation.
"""

from __future__ import annotations

import secrets
import zlib
from dataclasses import asdict, dataclass
from typing import Any

import base45
import cbor2

from banshi.identity import cose
from banshi.identity.clock import TrustedClock
from banshi.identity.keys import IssuerKey
from banshi.identity.kinds import CITIZEN_CODE_PREFIX
from banshi.identity.masking import mask_name
from banshi.identity.rejections import CodeRejected, RejectReason
from banshi.identity.trust import TrustedIssuer, TrustList

CLAIMS_VERSION = 1
MAX_DECOMPRESSED_BYTES = 4096
# A version-40 QR code holds at most 4,296 alphanumeric characters; anything longer is not ours.
MAX_TEXT_CHARS = 4296
ASSURANCE_LEVELS = ("low", "substantial", "high")
_CLAIM_KEYS = {
    "citizen_ref": "ref", "masked_name": "nm", "birth_year": "by", "office": "off",
    "issued_at": "iat", "expires_at": "exp", "assurance": "al", "serial": "sn",
}  # fmt: skip


@dataclass(frozen=True)
class CitizenClaims:
    citizen_ref: str
    masked_name: str
    birth_year: int
    office: str
    issued_at: int
    expires_at: int
    assurance: str
    serial: str

    @classmethod
    def new(
        cls, citizen_ref: str, name: str, birth_year: int, office: str, issued_at: int,
        valid_days: int = 365, assurance: str = "substantial", serial: str | None = None,
    ) -> CitizenClaims:  # fmt: skip
        """Claims for a new code: the name is masked here so the full name never enters a code."""
        return cls(
            citizen_ref=citizen_ref, masked_name=mask_name(name), birth_year=birth_year, office=office,
            issued_at=issued_at, expires_at=issued_at + valid_days * 86400, assurance=assurance,
            serial=serial or secrets.token_hex(8),
        )  # fmt: skip


@dataclass(frozen=True)
class VerifiedCitizen:
    claims: CitizenClaims
    issuer_kid: bytes
    issuer_office: str


def issue_code(claims: CitizenClaims, issuer_key: IssuerKey) -> str:
    """The printable text of a citizen code signed by ``issuer_key``."""
    if claims.office != issuer_key.office:
        raise ValueError(f"Claims name office {claims.office!r} but the key belongs to {issuer_key.office!r}.")
    payload = cbor2.dumps({"v": CLAIMS_VERSION, **{_CLAIM_KEYS[k]: v for k, v in asdict(claims).items()}})
    signed = cose.sign1(payload, issuer_key.private_key)
    return CITIZEN_CODE_PREFIX + base45.b45encode(zlib.compress(signed, 9)).decode("ascii")


def verify_code(text: str, trust_list: TrustList, clock: TrustedClock) -> VerifiedCitizen:
    """Verify a scanned citizen code offline; raise CodeRejected with the first reason it fails."""
    message = cose.parse_sign1(unpack(text))
    issuer = _issuer(message, trust_list)
    message.verify(issuer.public_key)
    claims = parse_claims(message.payload)
    if claims.office != issuer.office:
        raise CodeRejected(RejectReason.UNKNOWN_ISSUER, f"key {message.kid.hex()} may not sign for {claims.office!r}")
    _check_time(claims, trust_list, clock)
    return VerifiedCitizen(claims=claims, issuer_kid=message.kid, issuer_office=issuer.office)


def _issuer(message: cose.Sign1, trust_list: TrustList) -> TrustedIssuer:
    if message.kid in trust_list.revoked_kids:
        raise CodeRejected(RejectReason.REVOKED_KEY, f"issuer key {message.kid.hex()} is revoked")
    issuer = trust_list.issuers.get(message.kid)
    if issuer is None:
        raise CodeRejected(RejectReason.UNKNOWN_ISSUER, f"no trusted issuer has key id {message.kid.hex()}")
    return issuer


def _check_time(claims: CitizenClaims, trust_list: TrustList, clock: TrustedClock) -> None:
    clock.observe(trust_list.issued_at)
    now = clock.trusted_now()
    if trust_list.is_stale(now):
        raise CodeRejected(RejectReason.TRUST_LIST_STALE, f"trust list issued at {trust_list.issued_at} is too old")
    if claims.serial in trust_list.revoked_serials:
        raise CodeRejected(RejectReason.REVOKED_SERIAL, f"serial {claims.serial} is revoked")
    if claims.issued_at > now + clock.tolerance_s:
        raise CodeRejected(RejectReason.NOT_YET_VALID, f"issued at {claims.issued_at}, now is {now:.0f}")
    if now >= claims.expires_at:
        raise CodeRejected(RejectReason.EXPIRED, f"expired at {claims.expires_at}, now is {now:.0f}")
    clock.observe(claims.issued_at)


def unpack(text: str) -> bytes:
    """Prefix → Base45 → zlib (size-capped): the COSE_Sign1 bytes inside a citizen code."""
    if not text.startswith(CITIZEN_CODE_PREFIX):
        raise CodeRejected(RejectReason.MALFORMED, f"the text does not start with {CITIZEN_CODE_PREFIX}")
    body = text[len(CITIZEN_CODE_PREFIX) :]
    if len(body) > MAX_TEXT_CHARS:
        raise CodeRejected(RejectReason.TOO_LARGE, f"{len(body)} characters is more than a QR code holds")
    return _inflate(_base45(body))


def _base45(body: str) -> bytes:
    try:
        return base45.b45decode(body)
    except (ValueError, KeyError, TypeError, UnicodeError) as error:
        # A text cut mid-chunk leaves 1 or 2 dangling characters after whole 3-character chunks.
        if len(body) % 3 and _is_base45(body[: len(body) - len(body) % 3]):
            raise CodeRejected(RejectReason.TRUNCATED, "the Base45 text ends inside a chunk") from None
        raise CodeRejected(RejectReason.MALFORMED, f"not Base45: {error}") from None


def _is_base45(text: str) -> bool:
    try:
        base45.b45decode(text)
    except (ValueError, KeyError, TypeError, UnicodeError):
        return False
    return True


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_DECOMPRESSED_BYTES)
    except zlib.error as error:
        # Adler-32 mismatch: the deflate stream still decodes, so the bytes were altered after issuing.
        reason = RejectReason.TAMPERED if "incorrect data check" in str(error) else RejectReason.MALFORMED
        raise CodeRejected(reason, f"compressed data: {error}") from None
    if inflater.unconsumed_tail:
        raise CodeRejected(RejectReason.TOO_LARGE, f"content expands beyond {MAX_DECOMPRESSED_BYTES} bytes")
    if not inflater.eof:
        raise CodeRejected(RejectReason.TRUNCATED, "the compressed data ends early")
    if inflater.unused_data:
        raise CodeRejected(RejectReason.MALFORMED, "extra bytes after the compressed data")
    return out


def parse_claims(payload: bytes) -> CitizenClaims:
    try:
        raw = cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, OverflowError, MemoryError):
        raise CodeRejected(RejectReason.MALFORMED, "the claims are not CBOR") from None
    if not isinstance(raw, dict) or raw.get("v") != CLAIMS_VERSION:
        raise CodeRejected(RejectReason.MALFORMED, "unknown claims version")
    return _claims_from(raw)


def _claims_from(raw: dict[Any, Any]) -> CitizenClaims:
    values = {name: raw.get(short) for name, short in _CLAIM_KEYS.items()}
    wrong = [name for name, value in values.items() if type(value) is not _CLAIM_TYPES[name]]
    if wrong or values["assurance"] not in ASSURANCE_LEVELS:
        raise CodeRejected(RejectReason.MALFORMED, f"claims missing or of the wrong type: {wrong or ['assurance']}")
    return CitizenClaims(**values)  # type: ignore[arg-type]


_CLAIM_TYPES: dict[str, type] = {
    "citizen_ref": str, "masked_name": str, "birth_year": int, "office": str,
    "issued_at": int, "expires_at": int, "assurance": str, "serial": str,
}  # fmt: skip
