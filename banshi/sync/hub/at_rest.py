"""Filed answers encrypted at rest in the hub's database, under keys kept apart from it.

Every stored payload (the canonical envelope bytes: names, ID numbers, phones) is AES-256-GCM
encrypted under the newest *storage key* before it is written; the row's transaction id is the
associated data, so a ciphertext moved to another row does not open. The keys are files (0600) in
the ``storage`` folder of the hub's keys folder, never in the database: a copy of the database (a
backup, a stolen disk, a curious DBA) holds no answer in clear. ``rotate`` adds a key and
re-encrypts every row under it; the older keys can then be removed.

Layout of a sealed payload: ``BSE1`` | key number (4 bytes, big-endian) | nonce (12) | ciphertext.
A payload without the prefix is a row written before encryption at rest; it is read as it is, and
``rotate`` encrypts it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, Table, select, update

from banshi.sync.errors import KeyFileError, SealError
from banshi.sync.protocol.keyfiles import read_secret, write_secret

log = logging.getLogger(__name__)
MAGIC = b"BSE1"
_HEADER = len(MAGIC) + 4 + 12
_KEY_FILE = re.compile(r"^(\d{4,})\.key$")
STORAGE_FOLDER = "storage"
InClear = Callable[[bytes, str], bytes]  # a stored payload and its transaction id -> the payload in clear


def as_stored(stored: bytes, _transaction_id: str) -> bytes:
    """For readers given no storage keys (tests of other parts, tools over a plain database)."""
    return stored


class StorageKeys:
    """The hub's storage keys (numbered files in one folder); the highest number encrypts."""

    def __init__(self, folder: Path, keys: dict[int, bytes]) -> None:
        self.folder = folder
        self._keys = {number: AESGCM(key) for number, key in keys.items()}
        self.current = max(keys)

    @classmethod
    def load_or_create(cls, keys_dir: Path) -> StorageKeys:
        folder = keys_dir / STORAGE_FOLDER
        if not _numbers(folder):
            write_secret(folder / _name(1), AESGCM.generate_key(bit_length=256))
        return cls.load(folder)

    @classmethod
    def load(cls, folder: Path) -> StorageKeys:
        keys = {number: read_secret(folder / _name(number)) for number in _numbers(folder)}
        if not keys:
            raise KeyFileError(str(folder), "holds no storage key")
        return cls(folder, keys)

    def seal(self, payload: bytes, transaction_id: str) -> bytes:
        nonce = os.urandom(12)
        sealed = self._keys[self.current].encrypt(nonce, payload, transaction_id.encode("ascii"))
        return MAGIC + self.current.to_bytes(4, "big") + nonce + sealed

    def open(self, stored: bytes, transaction_id: str) -> bytes:
        """The payload in clear (a row from before encryption at rest comes back as it is)."""
        if not stored.startswith(MAGIC):
            return stored
        number = int.from_bytes(stored[len(MAGIC) : len(MAGIC) + 4], "big")
        key = self._keys.get(number)
        if key is None:  # rotated by another process since this one started
            self._keys = StorageKeys.load(self.folder)._keys
            key = self._keys.get(number)
        if key is None:
            raise SealError(f"transaction {transaction_id} is sealed under storage key {number}, which is gone")
        try:
            return key.decrypt(stored[len(MAGIC) + 4 : _HEADER], stored[_HEADER:], transaction_id.encode("ascii"))
        except InvalidTag:
            raise SealError(f"transaction {transaction_id}'s stored payload does not open (altered or moved)") from None

    def is_current(self, stored: bytes) -> bool:
        return stored.startswith(MAGIC) and int.from_bytes(stored[4:8], "big") == self.current

    def rotate(self, engine: Engine, tables: list[tuple[Table, str]], batch: int = 500) -> int:
        """Add a key, re-encrypt every row of ``tables`` (``(table, id column)``) under it; rows re-encrypted.

        Run it with the hub stopped (a running hub would keep writing under the key it loaded). It can be
        run again after an interruption: rows already under the newest key are left alone.
        """
        number = self.current + 1
        write_secret(self.folder / _name(number), AESGCM.generate_key(bit_length=256))
        self._keys[number], self.current = StorageKeys.load(self.folder)._keys[number], number
        changed = 0
        for table, id_column in tables:
            key_of = table.c[id_column]
            primary = next(iter(table.primary_key.columns))
            with engine.begin() as connection:
                rows = connection.execute(select(primary, key_of, table.c.payload)).all()
            for start in range(0, len(rows), batch):
                with engine.begin() as connection:
                    for row_key, transaction_id, stored in rows[start : start + batch]:
                        if self.is_current(stored):
                            continue
                        fresh = self.seal(self.open(stored, transaction_id), transaction_id)
                        connection.execute(update(table).where(primary == row_key).values(payload=fresh))
                        changed += 1
        log.warning("storage key %d now seals every stored payload (%d re-encrypted)", number, changed)
        return changed

    def retire_older(self) -> list[Path]:
        """Delete every key but the newest (after ``rotate``); the files removed."""
        removed = []
        for number in _numbers(self.folder):
            if number != self.current:
                path = self.folder / _name(number)
                path.unlink()
                removed.append(path)
                self._keys.pop(number, None)
        return removed


def _name(number: int) -> str:
    return f"{number:04d}.key"


def _numbers(folder: Path) -> list[int]:
    if not folder.is_dir():
        return []
    return sorted(int(match.group(1)) for path in folder.iterdir() if (match := _KEY_FILE.match(path.name)))
