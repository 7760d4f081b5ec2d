"""The hub's own keys: an X25519 key devices seal to, an Ed25519 key it signs what it hands out with.

Kept as 0600 files in one folder (``seal.key.pem``, ``sign.key.pem``), created on first start.
Several hub processes behind one database share the folder (or a copy of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from banshi.sync.protocol import HubKeys
from banshi.sync.protocol.keyfiles import load_or_create
from banshi.sync.protocol.sealing import b64

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


@dataclass(frozen=True)
class HubKeyring:
    sealing: X25519PrivateKey
    signing: Ed25519PrivateKey

    @classmethod
    def load_or_create(cls, folder: Path) -> HubKeyring:
        folder.mkdir(parents=True, exist_ok=True)
        return cls(load_or_create(folder / "seal.key.pem", X25519PrivateKey),
                   load_or_create(folder / "sign.key.pem", Ed25519PrivateKey))

    def public(self) -> HubKeys:
        return HubKeys(
            sealing_key=b64(self.sealing.public_key().public_bytes(*_RAW)),
            signing_key=b64(self.signing.public_key().public_bytes(*_RAW)),
        )
