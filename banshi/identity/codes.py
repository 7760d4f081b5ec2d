"""Citizen codes: ``BS1:`` + Base45(zlib(COSE_Sign1(CBOR claims))), issued and verified offline.

The claims carry no ID number and no full name in the clear: an opaque citizen reference, a masked name,
the birth year, the issuing office, issue and expiry times, an assurance level and a serial for revocation.
A code issued where the hub's sealing key is known also carries the full name and the ID number sealed to
the hub (``identity.sealed_facts``): a kiosk passes them on in the filing without being able to read them,
so the hub gets the verified name and number and nothing is asked twice. Those claims are optional; codes
issued before them verify as they always did.
"""

from __future__ import annotations

import secrets
import zlib
from dataclasses import asdict, dataclass
from typing import Any

import base45
import cbor2
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from banshi.identity import cose
from banshi.identity.clock import TrustedClock
from banshi.identity.keys import IssuerKey
from banshi.identity.kinds import CITIZEN_CODE_PREFIX
from banshi.identity.masking import mask_id_number, mask_name
from banshi.identity.sealed_facts import SealedFact, seal_fact
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
# Optional claims (left out when empty, so older codes are unchanged): sealed full name, sealed ID number
# and the ID number's masked form for screens.
_OPTIONAL_KEYS = {"sealed_name": "snm", "sealed_id_number": "sid", "masked_id_number": "mid"}


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
    sealed_name: bytes = b""  # the full name, sealed to the hub (only the hub reads it)
    sealed_id_number: bytes = b""  # the ID number, sealed to the hub
    masked_id_number: str = ""  # e.g. 1101**********123X, for screens

    @classmethod
    def new(
        cls, citizen_ref: str, name: str, birth_year: int, office: str, issued_at: int,
        valid_days: int = 365, assurance: str = "substantial", serial: str | None = None,
        id_number: str = "", hub_key: X25519PublicKey | None = None,
    ) -> CitizenClaims:  # fmt: skip
        """Claims for a new code: the name is masked here so the full name never enters a code in the clear;
        with the hub's sealing key, the full name (and the ID number, when given) go in sealed to the hub."""
        serial = serial or secrets.token_hex(8)
        masked, masked_id = mask_name(name), mask_id_number(id_number) if id_number else ""
        sealed_name = seal_fact(name, masked, serial, hub_key).sealed if hub_key and name else b""
        sealed_id = seal_fact(id_number, masked_id, serial, hub_key).sealed if hub_key and id_number else b""
        return cls(
            citizen_ref=citizen_ref, masked_name=masked, birth_year=birth_year, office=office,
            issued_at=issued_at, expires_at=issued_at + valid_days * 86400, assurance=assurance,
            serial=serial, sealed_name=sealed_name, sealed_id_number=sealed_id,
            masked_id_number=masked_id if sealed_id else "",
        )  # fmt: skip

    def sealed_name_token(self) -> str:
        """The full name as a sealed-fact token (shows the masked name), or "" for an older code."""
        return SealedFact(self.masked_name, self.serial, self.sealed_name).token() if self.sealed_name else ""

    def sealed_id_token(self) -> str:
        """The ID number as a sealed-fact token (shows it masked), or "" when the code does not carry it."""
        if not self.sealed_id_number:
            return ""
        return SealedFact(self.masked_id_number, self.serial, self.sealed_id_number).token()


@dataclass(frozen=True)
class VerifiedCitizen:
    claims: CitizenClaims
    issuer_kid: bytes
    issuer_office: str


def issue_code(claims: CitizenClaims, issuer_key: IssuerKey) -> str:
    """The printable text of a citizen code signed by ``issuer_key``."""
    if claims.office != issuer_key.office:
        raise ValueError(f"Claims name office {claims.office!r} but the key belongs to {issuer_key.office!r}.")
    fields = asdict(claims)
    encoded = {_CLAIM_KEYS[name]: fields[name] for name in _CLAIM_KEYS}
    encoded |= {short: fields[name] for name, short in _OPTIONAL_KEYS.items() if fields[name]}
    payload = cbor2.dumps({"v": CLAIMS_VERSION, **encoded})
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
    optional = {name: raw[short] for name, short in _OPTIONAL_KEYS.items() if short in raw}
    wrong += [name for name, value in optional.items() if type(value) is not _CLAIM_TYPES[name]]
    if wrong or values["assurance"] not in ASSURANCE_LEVELS:
        raise CodeRejected(RejectReason.MALFORMED, f"claims missing or of the wrong type: {wrong or ['assurance']}")
    return CitizenClaims(**values, **optional)  # type: ignore[arg-type]


_CLAIM_TYPES: dict[str, type] = {
    "citizen_ref": str, "masked_name": str, "birth_year": int, "office": str,
    "issued_at": int, "expires_at": int, "assurance": str, "serial": str,
    "sealed_name": bytes, "sealed_id_number": bytes, "masked_id_number": str,
}  # fmt: skip
