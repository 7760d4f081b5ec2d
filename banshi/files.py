"""Writing small state files so that a crash or power cut leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def replace_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` (mode 0600), fsync it, rename it over ``path``, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself must survive a power cut too
    finally:
        os.close(folder)


_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_sqlite(path: Path) -> Path:
    """``path`` as an SQLite database only its owner may read or write: created 0600 when new, tightened
    to 0600 (with its -wal, -shm and -journal) when an older version left it readable by others.

    SQLite creates the -wal, -shm and -journal files with the database file's own mode, so a database
    made 0600 before SQLite first opens it keeps every companion private whatever the umask.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # an empty file is an empty database
    for suffix in _SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            if companion.stat().st_mode & 0o077:
                companion.chmod(0o600)
        except FileNotFoundError:
            continue
    return path


def exposed_mode(path: Path) -> str | None:
    """Why a private file (a key, a token) must not be used: readable or writable by group or others (its
    mode, e.g. ``0o644``), or None when only its owner can touch it. ``OSError`` if it cannot be examined."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return f"is readable by others (mode {oct(mode & 0o777)}); run chmod 600 on it"
    return None
