"""Request and response signatures (Ed25519) and the enrolment messages.

A device signs every request it makes with its own key:
``banshi-request-v1 \\n METHOD \\n path \\n sha256(body) \\n timestamp \\n nonce`` in the headers below.
The hub signs what it hands out (push answers, catalog, trust list, statuses) with its key:
``banshi-response-v1 \\n path \\n sha256(body) \\n hub time``; ``X-Banshi-Hub-Time`` is that time,
which devices use to notice a wrong clock and as a trusted time source.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictStr

from banshi.sync.errors import SignatureError
from banshi.sync.protocol import HubKeys
from banshi.sync.protocol.sealing import b64, unb64

DEVICE_HEADER = "X-Banshi-Device"
TIMESTAMP_HEADER = "X-Banshi-Timestamp"
NONCE_HEADER = "X-Banshi-Nonce"
SIGNATURE_HEADER = "X-Banshi-Signature"
HUB_TIME_HEADER = "X-Banshi-Hub-Time"
HUB_SIGNATURE_HEADER = "X-Banshi-Hub-Signature"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by staff
CODE_SECRET_CHARS = 16  # 80 bits: the one-time secret the hub keeps hashed
CODE_PIN_CHARS = 16  # 80 bits of the hub keys' fingerprint: finding other keys with it is out of reach


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class EnrolRequest(_Model):
    device_id: StrictStr = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    public_key: StrictStr = Field(pattern=r"^[A-Za-z0-9+/]{43}=$")  # base64 of the raw 32-byte Ed25519 key
    code: StrictStr = Field(min_length=8, max_length=100)


class EnrolResponse(_Model):
    device_id: StrictStr
    hub_keys: HubKeys
    hub_time: StrictFloat


def hub_fingerprint(keys: HubKeys) -> str:
    """80 bits of sha256 over both hub public keys, in the code alphabet (16 characters)."""
    digest = hashlib.sha256(b"banshi-hub-keys-v1\n" + unb64(keys.signing_key, "the hub signing key")
                            + unb64(keys.sealing_key, "the hub sealing key")).digest()
    number = int.from_bytes(digest[:10], "big")
    return "".join(CODE_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CODE_PIN_CHARS)))


def pinned_code(secret: str, keys: HubKeys) -> str:
    """The code staff type into a device: the secret, then the fingerprint of the hub that issued it, in
    groups of four (``XXXX-XXXX-XXXX-XXXX-YYYY-YYYY-YYYY-YYYY``)."""
    text = secret + hub_fingerprint(keys)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def split_code(code: str) -> tuple[str, str | None]:
    """(the secret to send, the hub fingerprint to expect or None for a code without one).

    Dashes, spaces and case do not matter when staff type a code in.
    """
    text = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(text) == CODE_SECRET_CHARS + CODE_PIN_CHARS:
        return text[:CODE_SECRET_CHARS], text[CODE_SECRET_CHARS:]
    return text, None


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(*_RAW)


def ed25519_public_from_b64(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(unb64(text, "the public key"))
    except ValueError:
        raise SignatureError("the public key is not a 32-byte Ed25519 key") from None


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def request_signing_input(method: str, path: str, body: bytes, timestamp: str, nonce: str) -> bytes:
    return "\n".join(["banshi-request-v1", method.upper(), path, _digest(body), timestamp, nonce]).encode("utf-8")


def sign_request(key: Ed25519PrivateKey, device_id: str, method: str, path: str, body: bytes,
                 now: float) -> dict[str, str]:
    timestamp, nonce = str(int(now)), secrets.token_hex(16)
    signature = key.sign(request_signing_input(method, path, body, timestamp, nonce))
    return {DEVICE_HEADER: device_id, TIMESTAMP_HEADER: timestamp, NONCE_HEADER: nonce,
            SIGNATURE_HEADER: b64(signature)}


def verify_request(public: Ed25519PublicKey, method: str, path: str, body: bytes,
                   headers: Mapping[str, str]) -> None:
    signed = request_signing_input(method, path, body, headers[TIMESTAMP_HEADER], headers[NONCE_HEADER])
    try:
        public.verify(unb64(headers[SIGNATURE_HEADER], "the signature"), signed)
    except (InvalidSignature, ValueError):
        raise SignatureError("the request signature does not match the device's enrolled key") from None


def response_signing_input(path: str, body: bytes, hub_time: str) -> bytes:
    return "\n".join(["banshi-response-v1", path, _digest(body), hub_time]).encode("utf-8")


def sign_response(key: Ed25519PrivateKey, path: str, body: bytes, now: float) -> dict[str, str]:
    hub_time = f"{now:.3f}"
    return {HUB_TIME_HEADER: hub_time, HUB_SIGNATURE_HEADER: b64(key.sign(response_signing_input(path, body, hub_time)))}


def verify_response(public: Ed25519PublicKey, path: str, body: bytes, headers: Mapping[str, str]) -> float:
    """The hub's signed time of a response, or ``SignatureError`` if the hub did not sign this body."""
    hub_time, signature = headers.get(HUB_TIME_HEADER), headers.get(HUB_SIGNATURE_HEADER)
    if not hub_time or not signature:
        raise SignatureError(f"the answer from {path} is not signed by the hub")
    try:
        public.verify(unb64(signature, "the hub signature"), response_signing_input(path, body, hub_time))
        return float(hub_time)
    except (InvalidSignature, ValueError):
        raise SignatureError(f"the answer from {path} does not carry a valid hub signature") from None
