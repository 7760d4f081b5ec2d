"""The hub's own secrets: an X25519 key devices seal to, an Ed25519 key it signs what it hands out
with, and the operator token that opens the read endpoints (they show filed answers).

Kept as 0600 files in one folder (``seal.key.pem``, ``sign.key.pem``, ``operator.token``), created
on first start. Several hub processes behind one database share the folder (or a copy of it).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from banshi.sync.protocol import HubKeys
from banshi.sync.errors import KeyFileError
from banshi.sync.protocol.keyfiles import load_or_create, read_secret, write_secret
from banshi.sync.protocol.sealing import b64

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
OPERATOR_TOKEN_FILE = "operator.token"
SEAL_KEY_FILE, SIGN_KEY_FILE = "seal.key.pem", "sign.key.pem"


@dataclass(frozen=True)
class HubKeyring:
    sealing: X25519PrivateKey
    signing: Ed25519PrivateKey
    operator_token: str = field(repr=False)

    @classmethod
    def load_or_create(cls, folder: Path) -> HubKeyring:
        folder.mkdir(parents=True, exist_ok=True)
        return cls(load_or_create(folder / SEAL_KEY_FILE, X25519PrivateKey),
                   load_or_create(folder / SIGN_KEY_FILE, Ed25519PrivateKey),
                   operator_token(folder))

    @classmethod
    def load(cls, folder: Path) -> HubKeyring:
        """The keys of an existing hub; ``KeyFileError`` instead of making new ones (a tool that opens what a
        hub sealed, or signs for it, must use that hub's keys, not a fresh keyring nobody trusts)."""
        missing = [name for name in (SEAL_KEY_FILE, SIGN_KEY_FILE) if not (folder / name).is_file()]
        if missing:
            raise KeyFileError(str(folder), f"holds no hub keys ({', '.join(missing)} missing); pass --keys-dir with "
                               "the folder of the hub that devices enrolled at")
        return cls.load_or_create(folder)

    def public(self) -> HubKeys:
        return HubKeys(
            sealing_key=b64(self.sealing.public_key().public_bytes(*_RAW)),
            signing_key=b64(self.signing.public_key().public_bytes(*_RAW)),
        )


def operator_token(folder: Path) -> str:
    """The bearer token for the hub's read endpoints, made on first use (``<folder>/operator.token``)."""
    path = folder / OPERATOR_TOKEN_FILE
    if not path.exists():
        write_secret(path, secrets.token_urlsafe(32).encode("ascii"))
    token = read_secret(path).decode("ascii", errors="replace").strip()
    if len(token) < 16:
        raise KeyFileError(str(path), "holds no usable token; delete it and restart the hub to make a new one")
    return token


def operator_headers(folder: Path) -> dict[str, str]:
    """The header an operator tool (or a test) sends to read from the hub whose keys are in ``folder``."""
    return {"Authorization": f"Bearer {operator_token(folder)}"}
