"""Sealing: a payload only the hub can open (X25519 + HKDF-SHA256 + AES-256-GCM).

``seal`` makes a fresh ephemeral X25519 key per payload, derives an AES key from the shared
secret with the hub's public key, and binds the ciphertext to ``context`` (the transaction id)
as associated data, so a sealed payload cannot be replayed under another id. The device keeps
no key that opens it again: what it has filed, it cannot read.

Layout: ``version (1 byte) ‖ ephemeral public key (32) ‖ nonce (12) ‖ AES-GCM ciphertext+tag``.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from banshi.sync.errors import SealError

SEALED_FORMAT = "sealed-x25519-aesgcm-v1"
_VERSION = b"\x01"
_INFO = b"banshi sealed payload v1"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(*_RAW)


def _aes_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=_INFO).derive(shared)
    return AESGCM(derived)


def seal(plaintext: bytes, recipient: X25519PublicKey, context: bytes) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = raw_public(ephemeral.public_key())
    aes = _aes_key(ephemeral.exchange(recipient), ephemeral_public, raw_public(recipient))
    nonce = os.urandom(12)
    return _VERSION + ephemeral_public + nonce + aes.encrypt(nonce, plaintext, context)


def open_sealed(sealed: bytes, recipient: X25519PrivateKey, context: bytes) -> bytes:
    """The plaintext of ``sealed``; ``SealError`` if it is damaged, for another key or another id."""
    if len(sealed) < 1 + 32 + 12 + 16 or sealed[:1] != _VERSION:
        raise SealError("it is too short or of an unknown version")
    ephemeral_public, nonce, ciphertext = sealed[1:33], sealed[33:45], sealed[45:]
    try:
        shared = recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        aes = _aes_key(shared, ephemeral_public, raw_public(recipient.public_key()))
        return aes.decrypt(nonce, ciphertext, context)
    except (InvalidTag, ValueError):
        raise SealError("it does not open with this hub's key (another hub, or damaged)") from None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise SealError(f"{what} is not valid base64") from None


def x25519_public_from_b64(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(unb64(text, "the hub's sealing key"))
    except ValueError:
        raise SealError("the hub's sealing key is not a 32-byte X25519 key") from None
