"""Signing keys for issuing offices and the trust-list root: generation and PEM files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from banshi.errors import OperatorError
from banshi.identity.cose import PrivateKey, PublicKey, key_id

Algorithm = Literal["EdDSA", "ES256"]


class KeyFileError(OperatorError, ValueError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"Cannot use key file {path}: {detail}")


def generate_private_key(algorithm: Algorithm = "EdDSA") -> PrivateKey:
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    raise ValueError(f"Unsupported algorithm {algorithm!r}; use EdDSA or ES256.")


@dataclass(frozen=True)
class IssuerKey:
    """An issuing office's private signing key and the office name it signs for."""

    private_key: PrivateKey
    office: str

    @property
    def public_key(self) -> PublicKey:
        return self.private_key.public_key()

    @property
    def kid(self) -> bytes:
        return key_id(self.public_key)


def private_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_pem(key: PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private_key(path: Path) -> PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise KeyFileError(path, str(error)) from error
    if not isinstance(key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey):
        raise KeyFileError(path, f"{type(key).__name__} is not an Ed25519 or P-256 key")
    return key


def load_public_key(path: Path) -> PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError, TypeError) as error:
        raise KeyFileError(path, str(error)) from error
    if not isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey):
        raise KeyFileError(path, f"{type(key).__name__} is not an Ed25519 or P-256 key")
    return key
