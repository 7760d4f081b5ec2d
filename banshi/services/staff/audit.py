"""A hash-chained, append-only audit log of clerk actions on SQLite (Schneier–Kelsey style chain).

Each entry stores ``hash = sha256(previous hash + canonical entry)``, so editing, deleting or
reordering entries breaks the chain at that point. Cutting entries off the *end* leaves a
valid shorter chain: that is caught by comparing with a ``head()`` kept elsewhere (the hub
receives it with each sync), which is also what stops someone who rewrites the whole file
and recomputes every hash. Subjects are masked or opaque references, never personal data.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from banshi.files import private_sqlite
from banshi.services.staff.errors import AuditLogError, SubjectLooksPersonalError

GENESIS = "0" * 64
# A standalone unmasked phone or ID number; digit runs inside an opaque hex token (a card serial) pass.
_LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z])(\d{11,}|\d{17}[\dXx])(?![0-9A-Za-z])")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY, actor TEXT NOT NULL, action TEXT NOT NULL,
    subject_ref TEXT NOT NULL, at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
    signature TEXT NOT NULL DEFAULT ''
)"""
_COLUMNS = "seq, actor, action, subject_ref, at, prev_hash, hash, signature"
Signer = Callable[[bytes], bytes]  # the device's Ed25519 private key's ``sign``


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    actor: str
    action: str
    subject_ref: str
    at: str
    prev_hash: str
    hash: str
    signature: str = ""  # base64 Ed25519 signature of ``signing_input(hash)`` by the device key; "" before signing


@dataclass(frozen=True)
class AuditHead:
    """The last entry's position and hash: the anchor kept outside this file."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Tampering:
    seq: int
    problem: str


@dataclass(frozen=True)
class AuditVerification:
    entries: int
    problems: list[Tampering]

    @property
    def ok(self) -> bool:
        return not self.problems


def entry_hash(prev_hash: str, seq: int, actor: str, action: str, subject_ref: str, at: str) -> str:
    body = json.dumps([seq, actor, action, subject_ref, at], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def signing_input(entry_hash_hex: str) -> bytes:
    """What the device key signs for an entry: its hash, which covers its content and the whole chain before it."""
    return b"banshi-audit-v1\n" + entry_hash_hex.encode("ascii")


def check_not_personal(field: str, value: str) -> None:
    if _LONG_DIGITS.search(re.sub(r"(?<=\d)[\s-]+(?=\d)", "", value)):  # "138 0013 8000" is still a phone
        raise SubjectLooksPersonalError(field)


class AuditLog:
    """Append-only; ``verify()`` walks the chain and reports every place it breaks.

    With ``signer`` (the device key, kept apart from this file) every entry is also signed: someone who
    can write this file but not read the key can append a correctly chained entry, but not its
    signature, and the hub refuses it (``banshi.sync.hub.staff``).
    """

    def __init__(self, path: Path, signer: Signer | None = None) -> None:
        self.path = Path(path)
        self._signer = signer
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(private_sqlite(self.path), isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")  # an acknowledged action survives power loss
            self._conn.execute(_SCHEMA)
            columns = {row[1] for row in self._conn.execute("PRAGMA table_info(audit)")}
            if "signature" not in columns:  # a log made before entries were signed: its old entries stay unsigned
                self._conn.execute("ALTER TABLE audit ADD COLUMN signature TEXT NOT NULL DEFAULT ''")
        except sqlite3.DatabaseError as error:
            raise AuditLogError(self.path, f"cannot open ({error})") from None

    def append(self, actor: str, action: str, subject_ref: str = "", at: datetime | None = None) -> AuditEntry:
        check_not_personal("subject_ref", subject_ref)
        check_not_personal("actor", actor)
        moment = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                entry = self._append_locked(actor, action, subject_ref, moment)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return entry

    def _append_locked(self, actor: str, action: str, subject_ref: str, at: str) -> AuditEntry:
        last = self._conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        digest = entry_hash(prev, seq, actor, action, subject_ref, at)
        signature = base64.b64encode(self._signer(signing_input(digest))).decode("ascii") if self._signer else ""
        self._conn.execute(f"INSERT INTO audit ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                           (seq, actor, action, subject_ref, at, prev, digest, signature))
        return AuditEntry(seq, actor, action, subject_ref, at, prev, digest, signature)

    def entries(self) -> list[AuditEntry]:
        """Every entry in storage order (rowid), which is what a reordering changes."""
        with self._lock:
            rows = self._conn.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY rowid").fetchall()
        return [AuditEntry(*row) for row in rows]

    def head(self) -> AuditHead:
        entries = self.entries()
        return AuditHead(entries[-1].seq, entries[-1].hash) if entries else AuditHead(0, GENESIS)

    def verify(self, anchor: AuditHead | None = None) -> AuditVerification:
        """Recompute the chain; with ``anchor`` (a head kept elsewhere) also catch a cut-off tail."""
        entries = self.entries()
        problems = _chain_problems(entries)
        if anchor is not None:
            problems += _anchor_problems(entries, anchor)
        return AuditVerification(len(entries), problems)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _chain_problems(entries: list[AuditEntry]) -> list[Tampering]:
    problems: list[Tampering] = []
    prev_hash, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(Tampering(entry.seq, f"expected entry {expected_seq} here: deleted or reordered"))
        if entry.prev_hash != prev_hash:
            problems.append(Tampering(entry.seq, "does not follow the entry before it: deleted or reordered"))
        recomputed = entry_hash(entry.prev_hash, entry.seq, entry.actor, entry.action, entry.subject_ref, entry.at)
        if recomputed != entry.hash:
            problems.append(Tampering(entry.seq, "content does not match its hash: edited"))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    return problems


def _anchor_problems(entries: list[AuditEntry], anchor: AuditHead) -> list[Tampering]:
    by_seq = {entry.seq: entry for entry in entries}
    kept = by_seq.get(anchor.seq)
    if anchor.seq and kept is None:
        return [Tampering(anchor.seq, "the anchored entry is missing: entries cut off the end")]
    if kept is not None and kept.hash != anchor.hash:
        return [Tampering(anchor.seq, "the anchored entry's hash differs: the log was rewritten")]
    return []
