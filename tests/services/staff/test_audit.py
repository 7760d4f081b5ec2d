"""The audit log's hash chain detects edits, deletions and reordering, and refuses personal data."""

from __future__ import annotations

import base64
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from banshi.services.staff import AuditLog, SubjectLooksPersonalError
from banshi.services.staff.audit import GENESIS, entry_hash, signing_input

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    audit = AuditLog(tmp_path / "audit.sqlite3")
    for minute, action in enumerate(["sign_in", "file", "issue_code", "revoke_code", "sign_out"]):
        audit.append("c001", action, f"ref-{minute}", START + timedelta(minutes=minute))
    yield audit
    audit.close()


def _tamper(log: AuditLog, sql: str, *params: object) -> None:
    with sqlite3.connect(log.path) as conn:
        conn.execute(sql, params)


def _rows(log: AuditLog) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(log.path)
    try:
        return conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_an_untouched_log_verifies(log: AuditLog) -> None:
    result = log.verify(log.head())
    assert result.ok and result.entries == 5


def test_the_log_survives_a_reopen_and_keeps_chaining(log: AuditLog) -> None:
    log.close()
    reopened = AuditLog(log.path)
    reopened.append("s001", "unlock", "c001")
    assert reopened.verify().ok and reopened.head().seq == 6
    reopened.close()


def test_an_edited_entry_is_detected(log: AuditLog) -> None:
    _tamper(log, "UPDATE audit SET actor = 's001' WHERE seq = 3")
    problems = log.verify().problems
    assert [(p.seq, "edited" in p.problem) for p in problems] == [(3, True)]


def test_a_deleted_entry_is_detected(log: AuditLog) -> None:
    _tamper(log, "DELETE FROM audit WHERE seq = 2")
    assert {p.seq for p in log.verify().problems} == {3}


def test_reordered_entries_are_detected(log: AuditLog) -> None:
    rows = _rows(log)
    with sqlite3.connect(log.path) as conn:
        conn.execute("DELETE FROM audit")
        conn.executemany("INSERT INTO audit (actor, action, subject_ref, at, prev_hash, hash, signature, seq) "
                         "VALUES (?,?,?,?,?,?,?,?)", [(*r[1:], i + 1) for i, r in enumerate([rows[0], rows[2], rows[1], *rows[3:]])])
    assert not log.verify().ok


def test_swapping_the_content_of_two_entries_is_detected(log: AuditLog) -> None:
    second, third = _rows(log)[1], _rows(log)[2]
    with sqlite3.connect(log.path) as conn:
        for target, source in ((2, third), (3, second)):
            conn.execute("UPDATE audit SET actor=?, action=?, subject_ref=?, at=? WHERE seq=?", (*source[1:5], target))
    assert {p.seq for p in log.verify().problems} == {2, 3}


def test_a_cut_off_tail_is_caught_by_the_anchor_kept_elsewhere(log: AuditLog) -> None:
    anchor = log.head()
    _tamper(log, "DELETE FROM audit WHERE seq >= 4")
    assert log.verify().ok, "a shorter chain is internally consistent"
    assert not log.verify(anchor).ok


def test_a_fully_recomputed_forgery_is_caught_by_the_anchor(log: AuditLog, tmp_path: Path) -> None:
    anchor = log.head()
    forged = AuditLog(tmp_path / "forged.sqlite3")
    for entry in log.entries():
        forged.append("c999" if entry.seq == 2 else entry.actor, entry.action, entry.subject_ref,
                      datetime.fromisoformat(entry.at))
    assert forged.verify().ok
    assert not forged.verify(anchor).ok
    forged.close()


@pytest.mark.parametrize("subject", ["110101195003071234", "13800138000", "id 11010119500307123X", "138 0013-8000"])
def test_personal_numbers_in_clear_are_refused(log: AuditLog, subject: str) -> None:
    with pytest.raises(SubjectLooksPersonalError):
        log.append("c001", "file", subject)
    assert log.head().seq == 5


@pytest.mark.parametrize("subject", ["110***********1234", "9f12345678901234", "BS-7K3M-9QXD"])
def test_masked_and_opaque_references_are_accepted(log: AuditLog, subject: str) -> None:
    assert log.append("c001", "scan", subject).seq == 6


def test_a_log_made_before_entries_were_signed_opens_and_signs_what_comes_next(tmp_path: Path) -> None:
    path = tmp_path / "old-audit.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE audit (seq INTEGER PRIMARY KEY, actor TEXT NOT NULL, action TEXT NOT NULL, "
                     "subject_ref TEXT NOT NULL, at TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)")
        at = "2026-01-05T09:00:00.000+00:00"
        conn.execute("INSERT INTO audit VALUES (1, 'c001', 'sign_in', '', ?, ?, ?)",
                     (at, GENESIS, entry_hash(GENESIS, 1, "c001", "sign_in", "", at)))
    key = Ed25519PrivateKey.generate()
    log = AuditLog(path, signer=key.sign)
    entry = log.append("c001", "sign_out")
    assert log.verify().ok and [e.signature for e in log.entries()][0] == ""
    key.public_key().verify(base64.b64decode(entry.signature), signing_input(entry.hash))
    log.close()
