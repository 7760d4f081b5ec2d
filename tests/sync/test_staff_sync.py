"""Clerk accounts come down from the hub and the audit log goes up to it (real hub process, real enrolment)."""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from banshi.services.staff import AuditLog, Role, SignIn, SignInRejected, hash_secret, load_accounts
from banshi.services.staff.audit import signing_input
from banshi.sync.device import DeviceCredentials
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.cli import app as hub_cli
from banshi.sync.hub.process import HubProcess
from banshi.sync.hub.staff import HubAuditEntry, StaffStore
from banshi.sync.hub.store import make_engine
from banshi.sync.hub_client import HubClient
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.staff import AUDIT_PATH, AuditPush, AuditRecord
from banshi.sync.staff_sync import AuditLogMismatch, StaffSync
from banshi.sync.hub.roles import DeviceRole
from tests.sync.conftest import enrolled

FAST = {"time_cost": 1, "memory_kib": 8192}


@dataclass
class Counter:
    """One enrolled counter: its audit log, its staff sync and a client that notes every answer's status."""

    credentials: DeviceCredentials
    folder: Path
    audit: AuditLog
    sync: StaffSync
    hub: HubClient
    gate: SignIn
    answers: list[tuple[str, int]] = field(default_factory=list)

    def restarted(self) -> StaffSync:
        return StaffSync(self.folder / "clerks.json", self.audit, self.gate.replace_accounts)


@pytest.fixture
def hub_staff(signed_hub: HubProcess) -> Iterator[StaffStore]:
    engine = make_engine(signed_hub.database_url)
    yield StaffStore(engine)
    engine.dispose()


@pytest.fixture
def counter(signed_hub: HubProcess, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Counter]:
    device_id = "counter-" + request.node.name.split("[")[0].removeprefix("test_")[:40]
    credentials = enrolled(signed_hub, tmp_path / "id", device_id, DeviceRole.COUNTER)
    audit = AuditLog(tmp_path / "audit.sqlite3", signer=credentials.signing_key.sign)
    gate = SignIn({})
    answers: list[tuple[str, int]] = []
    client = httpx.Client(timeout=15, event_hooks={"response": [lambda r: answers.append((r.url.path, r.status_code))]})
    sync = StaffSync(tmp_path / "clerks.json", audit, gate.replace_accounts)
    yield Counter(credentials, tmp_path, audit, sync, HubClient(signed_hub.url, client, credentials), gate, answers)
    client.close()
    audit.close()


def _add_clerk(staff: StaffStore, clerk_id: str, pin: str, role: Role = Role.CLERK) -> None:
    staff.add_clerk(clerk_id, f"Clerk {clerk_id}", role, hash_secret(pin, **FAST), replace=True)


def _hub_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(hub_cli, ["hub", *args])
    return result.exit_code, result.output


def _tamper(counter: Counter, statement: str) -> None:
    with sqlite3.connect(counter.audit.path) as connection:
        connection.execute(statement)


def test_a_clerk_added_at_the_hub_can_sign_in_on_the_device_after_a_sync(
    signed_hub: HubProcess, counter: Counter
) -> None:
    with pytest.raises(SignInRejected):
        counter.gate.sign_in("c-added", "204816")
    code, output = _hub_cli("add-clerk", "--id", "c-added", "--name", "李娜", "--role", "supervisor", "--pin", "204816",
                            "--fast-hash", "--replace", "--database-url", signed_hub.database_url)
    assert code == 0, output
    report = counter.sync.run(counter.hub)
    assert report.accounts is not None and "c-added" in report.accounts
    assert counter.gate.sign_in("c-added", "204816").role is Role.SUPERVISOR
    assert load_accounts(counter.folder / "clerks.json")["c-added"].name == "李娜"


def test_a_disabled_clerk_can_no_longer_sign_in_after_the_next_sync(hub_staff: StaffStore, counter: Counter) -> None:
    _add_clerk(hub_staff, "c-leaving", "1357")
    counter.sync.run(counter.hub)
    assert counter.gate.sign_in("c-leaving", "1357").id == "c-leaving"
    hub_staff.disable_clerk("c-leaving")
    report = counter.sync.run(counter.hub)
    assert report.accounts is not None and "c-leaving" not in report.accounts
    with pytest.raises(SignInRejected):
        counter.gate.sign_in("c-leaving", "1357")
    assert "c-leaving" not in load_accounts(counter.folder / "clerks.json")


def test_the_clerk_list_is_refused_to_an_unsigned_request(signed_hub: HubProcess, hub: HubProcess) -> None:
    for server in (signed_hub, hub):  # `hub` allows unsigned pushes, but never hands out clerk accounts
        clerks = httpx.get(f"{server.url}/v1/clerks")
        audit = httpx.post(f"{server.url}/v1/audit", json={"entries": []})
        assert [(r.status_code, r.json()["reason"]) for r in (clerks, audit)] == [(401, "unsigned")] * 2
        assert "argon2" not in clerks.text


def test_an_unchanged_clerk_list_costs_a_304(hub_staff: StaffStore, counter: Counter) -> None:
    _add_clerk(hub_staff, "c-steady", "8642")
    assert counter.sync.run(counter.hub).accounts is not None
    assert counter.sync.run(counter.hub).accounts is None
    assert counter.restarted().run(counter.hub).accounts is None, "the version survives a restart"
    assert [status for path, status in counter.answers if path == "/v1/clerks"] == [200, 304, 304]
    assert counter.gate.sign_in("c-steady", "8642").id == "c-steady"


def test_audit_entries_reach_the_hub_once_across_repeated_syncs(hub_staff: StaffStore, counter: Counter) -> None:
    for action in ("sign_in", "file", "sign_out"):
        counter.audit.append("c001", action, "ref-0001")
    assert counter.sync.run(counter.hub).audit_sent == 3
    counter.audit.append("c001", "sign_in")
    counter.audit.append("c001", "print_receipt", "ref-0002")
    assert [counter.sync.run(counter.hub).audit_sent for _ in range(2)] == [2, 0]
    assert counter.restarted().run(counter.hub).audit_sent == 0
    counter.sync.state_path.unlink()  # lost state: everything is resent, the hub keeps each entry once
    report = counter.restarted().run(counter.hub)
    held = hub_staff.audit_entries(counter.credentials.device_id)
    assert [(e.seq, e.action, e.hash) for e in held] == [(e.seq, e.action, e.hash) for e in counter.audit.entries()]
    assert (report.audit_sent, report.audit_head.seq) == (5, 5)
    assert counter.audit.verify(anchor=report.audit_head).ok


def test_audit_entries_travel_in_batches(hub_staff: StaffStore, counter: Counter) -> None:
    for number in range(7):
        counter.audit.append("c001", "file", f"ref-{number:04d}")
    sync = StaffSync(counter.folder / "clerks.json", counter.audit, batch_size=3)
    assert sync.run(counter.hub).audit_sent == 7
    assert [path for path, _ in counter.answers].count("/v1/audit") == 3
    assert len(hub_staff.audit_entries(counter.credentials.device_id)) == 7


def test_a_hub_restored_from_an_older_backup_gets_the_missing_entries_again(
    hub_staff: StaffStore, counter: Counter
) -> None:
    for action in ("sign_in", "file", "sign_out"):
        counter.audit.append("c001", action)
    counter.sync.run(counter.hub)
    with hub_staff.engine.begin() as connection:  # the hub's database as it was after entry 1
        connection.execute(delete(HubAuditEntry).where(HubAuditEntry.device_id == counter.credentials.device_id,
                                                       HubAuditEntry.seq > 1))
    counter.audit.append("c001", "sign_in")
    report = counter.sync.run(counter.hub)
    assert (report.audit_sent, report.audit_head.seq) == (3, 4)
    assert [e.seq for e in hub_staff.audit_entries(counter.credentials.device_id)] == [1, 2, 3, 4]


def test_an_audit_log_edited_before_it_was_sent_is_refused_by_the_device_and_by_the_hub(
    hub_staff: StaffStore, counter: Counter
) -> None:
    counter.audit.append("c001", "sign_in")
    counter.audit.append("c001", "file", "ref-0001")
    counter.sync.run(counter.hub)
    counter.audit.append("c001", "void", "ref-0001")
    counter.audit.append("c001", "sign_out")
    _tamper(counter, "UPDATE audit SET action = 'file' WHERE seq = 3")  # hide the void before it is sent
    sent_before = len(counter.answers)
    with pytest.raises(AuditLogMismatch, match="entry 3: content does not match its hash: edited"):
        counter.sync.run(counter.hub)
    assert "/v1/audit" not in [path for path, _ in counter.answers[sent_before:]]
    # A device that skipped its own check (or was altered) meets the hub's: it recomputes every hash.
    edited = [AuditRecord(seq=e.seq, actor=e.actor, action=e.action, subject_ref=e.subject_ref, at=e.at,
                          prev_hash=e.prev_hash, hash=e.hash) for e in counter.audit.entries() if e.seq > 2]
    answer = counter.hub.post(AUDIT_PATH, AuditPush(entries=edited).model_dump_json().encode("utf-8"))
    assert answer.status_code == 409
    assert [e.seq for e in hub_staff.audit_entries(counter.credentials.device_id)] == [1, 2]


def test_the_hub_refuses_a_batch_with_an_entry_deleted_before_it_was_sent(
    hub_staff: StaffStore, counter: Counter
) -> None:
    for action in ("sign_in", "file", "void", "sign_out"):
        counter.audit.append("c001", action)
    _tamper(counter, "DELETE FROM audit WHERE seq = 3")
    with pytest.raises(AuditLogMismatch, match="entry 4"):
        counter.sync.run(counter.hub)
    assert hub_staff.audit_entries(counter.credentials.device_id) == []


def test_a_log_cut_short_after_a_sync_is_caught_without_a_round_trip(counter: Counter) -> None:
    for action in ("sign_in", "file", "sign_out"):
        counter.audit.append("c001", action)
    counter.sync.run(counter.hub)
    _tamper(counter, "DELETE FROM audit WHERE seq = 3")
    sent_before = len(counter.answers)
    with pytest.raises(AuditLogMismatch, match="entry 3, which the hub acknowledged"):
        counter.sync.run(counter.hub)
    assert [path for path, _ in counter.answers[sent_before:]] == ["/v1/clerks"]


def test_the_engine_runs_staff_sync_after_its_pull_and_reports_a_refusal(
    signed_hub: HubProcess, counter: Counter, hub_staff: StaffStore, tmp_path: Path
) -> None:
    _add_clerk(hub_staff, "c-engine", "9753")
    counter.audit.append("c001", "sign_in")
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=counter.credentials.hub_sealing_key) as outbox:
        engine = SyncEngine(outbox, signed_hub.url, counter.credentials.device_id, credentials=counter.credentials,
                            after_pull=[counter.sync.run])
        assert engine.sync_once().error is None
        assert counter.gate.sign_in("c-engine", "9753").id == "c-engine"
        counter.audit.append("c001", "sign_out")
        _tamper(counter, "UPDATE audit SET actor = 'c002' WHERE seq = 2")
        report = engine.sync_once()
        engine.close()
    assert "does not match the hub's copy" in (report.error or "")


def test_the_hub_cli_enrols_lists_and_disables_clerks_without_showing_hashes(tmp_path: Path) -> None:
    database = ["--database-url", f"sqlite:///{tmp_path / 'hub.sqlite3'}"]
    add = ["add-clerk", "--id", "c100", "--name", "王强", "--fast-hash", *database]
    assert _hub_cli(*add, "--pin", "204816")[0] == 0
    code, output = _hub_cli(*add, "--pin", "739164")
    assert code == 1 and "--replace" in output
    prompted = CliRunner().invoke(hub_cli, ["hub", "add-clerk", "--id", "c101", "--name", "赵敏", "--role",
                                            "supervisor", "--fast-hash", *database], input="582039\n582039\n")
    assert prompted.exit_code == 0 and "582039" not in prompted.output
    assert _hub_cli("disable-clerk", "--id", "c100", *database)[0] == 0
    assert _hub_cli("disable-clerk", "--id", "nobody", *database)[0] == 1
    code, listing = _hub_cli("clerks", *database)
    assert code == 0 and "argon2" not in listing
    assert [line.split("\t")[:4] for line in listing.splitlines()] == [
        ["c100", "王强", "clerk", "disabled"], ["c101", "赵敏", "supervisor", "active"]]


@pytest.mark.parametrize("weak", ["1", "2468", "123456", "111111", "987654", "121212", "147258", "short-pw"])
def test_the_hub_refuses_to_enrol_a_clerk_with_a_guessable_pin(tmp_path: Path, weak: str) -> None:
    database = ["--database-url", f"sqlite:///{tmp_path / 'hub.sqlite3'}"]
    code, output = _hub_cli("add-clerk", "--id", "c200", "--name", "王强", "--fast-hash", "--pin", weak, *database)
    assert code == 1 and output.startswith("PIN refused:") and len(output.strip().splitlines()) == 1
    assert _hub_cli("clerks", *database)[1] == ""


def test_an_entry_appended_by_someone_without_the_device_key_is_refused_by_the_hub(
    hub_staff: StaffStore, counter: Counter
) -> None:
    counter.audit.append("c001", "sign_in")
    counter.sync.run(counter.hub)
    # Someone who can write the audit file appends a correctly chained entry: a supervisor unlocking c001.
    forger = AuditLog(counter.audit.path)  # the same file, without the device's key
    forged = forger.append("s001", "unlock", "c001")
    forger.close()
    assert counter.audit.verify().ok, "the chain itself holds: only the signature gives it away"
    with pytest.raises(AuditLogMismatch, match="entry 2 is not signed by the device's enrolled key"):
        counter.sync.run(counter.hub)
    stolen_signature = counter.audit.entries()[0].signature  # a real signature, of another entry
    replayed = AuditRecord(seq=forged.seq, actor=forged.actor, action=forged.action, subject_ref=forged.subject_ref,
                           at=forged.at, prev_hash=forged.prev_hash, hash=forged.hash, signature=stolen_signature)
    answer = counter.hub.post(AUDIT_PATH, AuditPush(entries=[replayed]).model_dump_json().encode("utf-8"))
    assert (answer.status_code, answer.json()["refused"]) == (409, "forged")
    assert [e.action for e in hub_staff.audit_entries(counter.credentials.device_id)] == ["sign_in"]


def test_every_entry_the_counter_writes_is_signed_by_its_device_key(counter: Counter) -> None:
    entry = counter.audit.append("c001", "sign_in")
    counter.credentials.signing_key.public_key().verify(base64.b64decode(entry.signature), signing_input(entry.hash))
    assert AuditLog(counter.audit.path).entries()[0].signature == entry.signature
