"""Private key files for devices and hubs: outside any database, created 0600, refused if readable by others."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from banshi.files import exposed_mode
from banshi.sync.errors import KeyFileError

Key = TypeVar("Key", Ed25519PrivateKey, X25519PrivateKey)
_PEM = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()


def write_secret(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 (never overwrite: losing a key strands what it sealed or signed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(str(path), "already exists; refusing to overwrite a key") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def read_secret(path: Path) -> bytes:
    try:
        exposed = exposed_mode(path)
        data = path.read_bytes()
    except OSError as error:
        raise KeyFileError(str(path), error.strerror or str(error)) from None
    if exposed:
        raise KeyFileError(str(path), exposed)
    return data


def load_or_create(path: Path, kind: type[Key]) -> Key:
    """The private key in ``path``, generated there first if the file does not exist yet."""
    if not path.exists():
        write_secret(path, kind.generate().private_bytes(*_PEM))
    key = serialization.load_pem_private_key(read_secret(path), password=None)
    if not isinstance(key, kind):
        raise KeyFileError(str(path), f"holds a {type(key).__name__}, expected a {kind.__name__}")
    return key


def load_or_create_secret(path: Path, size: int = 32) -> bytes:
    if not path.exists():
        write_secret(path, os.urandom(size))
    data = read_secret(path)
    if len(data) != size:
        raise KeyFileError(str(path), f"holds {len(data)} bytes, expected {size}")
    return data
