"""How the outbox stores a transaction's payload, and turns it into wire bytes for a push.

* ``sealed-x25519-aesgcm-v1``: sealed to the hub's public key at enqueue; the device cannot open
  it again and sends it as a ``SealedEnvelope``.
* ``local-aesgcm-v1``: used only while the device does not know the hub's key yet (before
  enrolment): AES-GCM under a device key kept in a 0600 file beside (never inside) the database;
  opened just before it is pushed.
* ``plain-json-v1``: rows written by round 1, still readable and sendable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from banshi.sync.errors import SealError
from banshi.sync.protocol import SealedEnvelope, TransactionEnvelope
from banshi.sync.protocol.keyfiles import load_or_create_secret
from banshi.sync.protocol.sealing import SEALED_FORMAT, b64, seal

PAYLOAD_PLAIN = "plain-json-v1"
PAYLOAD_LOCAL = "local-aesgcm-v1"
PAYLOAD_SEALED = SEALED_FORMAT


def local_key_path(database: Path) -> Path:
    return database.with_name(database.name + ".key")


@dataclass
class PayloadCodec:
    """Seals to ``seal_to`` when set, else encrypts under the device-local key in ``local_key_file``."""

    local_key_file: Path
    seal_to: X25519PublicKey | None = None
    _local: AESGCM | None = None

    def encode(self, envelope: TransactionEnvelope) -> tuple[bytes, str]:
        context = envelope.id.encode("ascii")
        if self.seal_to is not None:
            return seal(envelope.canonical_bytes(), self.seal_to, context), PAYLOAD_SEALED
        nonce = os.urandom(12)
        return nonce + self._local_aes().encrypt(nonce, envelope.canonical_bytes(), context), PAYLOAD_LOCAL

    def wire(self, transaction_id: str, payload: bytes, payload_format: str) -> bytes:
        """The JSON item a push carries for this stored payload."""
        if payload_format == PAYLOAD_SEALED:
            return SealedEnvelope(id=transaction_id, sealed=b64(payload)).model_dump_json().encode("ascii")
        if payload_format == PAYLOAD_LOCAL:
            return self._open_local(transaction_id, payload)
        if payload_format == PAYLOAD_PLAIN:
            return payload
        raise SealError(f"transaction {transaction_id} has an unknown payload format {payload_format!r}")

    def sealed_item(self, transaction_id: str, payload: bytes, payload_format: str, hub_key: X25519PublicKey) -> SealedEnvelope:
        """This payload as a sealed envelope (sealing now what was only locally encrypted)."""
        if payload_format == PAYLOAD_SEALED:
            return SealedEnvelope(id=transaction_id, sealed=b64(payload))
        plaintext = self.wire(transaction_id, payload, payload_format)
        return SealedEnvelope(id=transaction_id, sealed=b64(seal(plaintext, hub_key, transaction_id.encode("ascii"))))

    def _open_local(self, transaction_id: str, payload: bytes) -> bytes:
        try:
            return self._local_aes().decrypt(payload[:12], payload[12:], transaction_id.encode("ascii"))
        except InvalidTag:
            raise SealError(f"transaction {transaction_id} does not open with {self.local_key_file}") from None

    def _local_aes(self) -> AESGCM:
        if self._local is None:
            self._local = AESGCM(load_or_create_secret(self.local_key_file))
        return self._local
