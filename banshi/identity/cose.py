"""COSE_Sign1 (RFC 9052) with EdDSA (Ed25519) and ES256, built on ``cryptography`` and cbor2.

Only what Banshi needs: one signer, protected header {alg, kid}, no external AAD.
Key ids are the first 8 bytes of SHA-256 over the public key's DER SubjectPublicKeyInfo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from banshi.identity.rejections import CodeRejected, RejectReason

ALG_EDDSA = -8
ALG_ES256 = -7
SUPPORTED_ALGORITHMS = {ALG_EDDSA: "EdDSA", ALG_ES256: "ES256"}
HEADER_ALG = 1
HEADER_KID = 4
COSE_SIGN1_TAG = 18
_P256_HALF = 32

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey


def public_key_der(public_key: PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(public_key: PublicKey) -> bytes:
    """First 8 bytes of SHA-256 of the DER public key (as the EU DCC does)."""
    return hashlib.sha256(public_key_der(public_key)).digest()[:8]


def algorithm_of(key: PrivateKey | PublicKey) -> int:
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return ALG_EDDSA
    if isinstance(key.curve, ec.SECP256R1):
        return ALG_ES256
    raise ValueError(f"Unsupported key type {type(key).__name__} / {key.curve.name}; use Ed25519 or P-256.")


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign1(payload: bytes, private_key: PrivateKey) -> bytes:
    """A tagged COSE_Sign1 message over ``payload``."""
    alg = algorithm_of(private_key)
    protected = cbor2.dumps({HEADER_ALG: alg, HEADER_KID: key_id(private_key.public_key())})
    to_sign = _sig_structure(protected, payload)
    if alg == ALG_EDDSA:
        signature = private_key.sign(to_sign)  # type: ignore[call-arg]
    else:
        r, s = decode_dss_signature(private_key.sign(to_sign, ec.ECDSA(hashes.SHA256())))  # type: ignore[call-arg]
        signature = r.to_bytes(_P256_HALF, "big") + s.to_bytes(_P256_HALF, "big")
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


@dataclass(frozen=True)
class Sign1:
    """A parsed, not yet verified, COSE_Sign1 message."""

    protected: bytes
    alg: int
    kid: bytes
    payload: bytes
    signature: bytes

    def verify(self, public_key: PublicKey) -> None:
        """Raise CodeRejected(wrong_algorithm | bad_signature) unless the signature is valid."""
        if algorithm_of(public_key) != self.alg:
            raise CodeRejected(RejectReason.WRONG_ALGORITHM, "the header's algorithm does not match the issuer's key")
        try:
            _verify(public_key, self.signature, _sig_structure(self.protected, self.payload))
        except (InvalidSignature, ValueError):
            raise CodeRejected(RejectReason.BAD_SIGNATURE, "the signature does not match the content") from None


def _verify(public_key: PublicKey, signature: bytes, message: bytes) -> None:
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        public_key.verify(signature, message)
        return
    if len(signature) != 2 * _P256_HALF:
        raise InvalidSignature
    r, s = int.from_bytes(signature[:_P256_HALF], "big"), int.from_bytes(signature[_P256_HALF:], "big")
    public_key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))


def _malformed(detail: str) -> CodeRejected:
    return CodeRejected(RejectReason.MALFORMED, detail)


def parse_sign1(data: bytes) -> Sign1:
    """Parse a COSE_Sign1 message; raise CodeRejected(malformed | truncated | wrong_algorithm)."""
    try:
        message = cbor2.loads(data)
    except cbor2.CBORDecodeEOF:
        raise CodeRejected(RejectReason.TRUNCATED, "the signed message ends early") from None
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, OverflowError, MemoryError) as error:
        raise _malformed(f"not CBOR: {error}") from None
    if isinstance(message, cbor2.CBORTag):
        if message.tag != COSE_SIGN1_TAG:
            raise _malformed(f"CBOR tag {message.tag} is not COSE_Sign1 (18)")
        message = message.value
    protected, payload, signature = _parts(message)
    header = _protected_header(protected)
    alg, kid = header.get(HEADER_ALG), header.get(HEADER_KID)
    if alg not in SUPPORTED_ALGORITHMS:
        raise CodeRejected(RejectReason.WRONG_ALGORITHM, f"algorithm {alg!r} is not EdDSA (-8) or ES256 (-7)")
    if not isinstance(kid, bytes):
        raise _malformed("the protected header has no key id")
    return Sign1(protected=protected, alg=alg, kid=kid, payload=payload, signature=signature)


def _parts(message: Any) -> tuple[bytes, bytes, bytes]:
    if not isinstance(message, list) or len(message) != 4:
        raise _malformed("COSE_Sign1 must be an array of 4 items")
    protected, unprotected, payload, signature = message
    if not all(isinstance(part, bytes) for part in (protected, payload, signature)):
        raise _malformed("COSE_Sign1 protected header, payload and signature must be byte strings")
    if not isinstance(unprotected, dict):
        raise _malformed("COSE_Sign1 unprotected header must be a map")
    return protected, payload, signature


def _protected_header(protected: bytes) -> dict[Any, Any]:
    try:
        header = cbor2.loads(protected)
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, OverflowError, MemoryError):
        raise _malformed("the protected header is not CBOR") from None
    if not isinstance(header, dict):
        raise _malformed("the protected header is not a map")
    return header
