"""Keeps a counter's clerk accounts and audit log in step with its hub (core: no Qt).

Accounts come down: the hub's signed clerk list is written to the accounts file only when its
version changed (an unchanged list costs a 304) and handed to ``on_accounts`` (``SignIn.replace_accounts``).
The audit log goes up: the entries after the hub's acknowledged head, in batches, exactly as stored;
the hub recomputes every hash, so a log edited on the device is refused there too.

The acknowledged head and the list's version are kept in ``<audit db>.sync.json`` beside the log
(not asked of the hub each time: an idle counter then syncs its staff with one 304). Losing that file
is harmless: the list is fetched again and the whole log resent, which the hub answers as already held.
The acknowledged head is also the anchor for ``AuditLog.verify(anchor)`` (a log cut short on the device).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from banshi.files import replace_atomically
from banshi.i18n import N_
from banshi.services.staff import AuditEntry, AuditHead, AuditLog, ClerkAccount, Role, write_accounts
from banshi.services.staff.audit import GENESIS
from banshi.sync.errors import SyncError
from banshi.sync.hub_client import HubCallFailed, HubClient, expect_ok
from banshi.sync.protocol.staff import (
    AUDIT_PATH,
    CLERKS_PATH,
    AuditPush,
    AuditPushAnswer,
    AuditRecord,
    AuditRefusal,
    ClerkList,
    clerk_list_version,
)

log = logging.getLogger(__name__)

AUDIT_BATCH = 500


class AuditLogMismatch(HubCallFailed, SyncError):
    """This device's audit log does not match the hub's copy: edited, cut short or rewritten here."""

    def __init__(self, problem: str, hub_head: AuditHead) -> None:
        super().__init__(f"This counter's audit log does not match the hub's copy: {problem} (hub head: entry "
                         f"{hub_head.seq}). Keep the device as it is and tell a supervisor: the log may have been "
                         "tampered with.")
        self.problem = problem
        self.hub_head = hub_head
        self.user_message = N_("This counter's activity record does not match the central copy. "
                               "Please tell a supervisor.")


class _HubIsBehind(HubCallFailed):
    """The hub holds fewer entries than we were told it acknowledged (e.g. its database was restored)."""

    def __init__(self, head: AuditHead) -> None:
        super().__init__(f"the hub holds audit entries up to {head.seq} only")
        self.head = head


@dataclass(frozen=True)
class StaffSyncReport:
    accounts: dict[str, ClerkAccount] | None  # the new account set, or None when the hub's list is unchanged
    audit_sent: int  # entries the hub acknowledged in this run
    audit_head: AuditHead  # what the hub now holds of this device's log


@dataclass
class _State:
    clerks_version: str | None = None
    acked: AuditHead = AuditHead(0, GENESIS)


class StaffSync:
    """Pull clerk accounts into ``accounts_path`` and push ``audit`` entries; ``run`` is an engine ``after_pull`` step."""

    def __init__(self, accounts_path: Path, audit: AuditLog,
                 on_accounts: Callable[[dict[str, ClerkAccount]], object] | None = None,
                 batch_size: int = AUDIT_BATCH) -> None:
        self.accounts_path = Path(accounts_path)
        self.audit = audit
        self.on_accounts = on_accounts
        self.batch_size = batch_size
        self.state_path = audit.path.with_name(audit.path.name + ".sync.json")
        self._state = _load_state(self.state_path)
        self._lock = threading.Lock()

    @property
    def acknowledged(self) -> AuditHead:
        """The hub's head for this device as last acknowledged: pass it to ``AuditLog.verify(anchor)``."""
        return self._state.acked

    def run(self, hub: HubClient) -> StaffSyncReport:
        """One pass; ``HubCallFailed`` (or ``AuditLogMismatch``) when the hub gave no usable answer."""
        with self._lock:
            accounts = self._pull_clerks(hub)
            sent = self._push_audit(hub)
            return StaffSyncReport(accounts, sent, self._state.acked)

    # -- clerk accounts down --------------------------------------------------------------

    def _pull_clerks(self, hub: HubClient) -> dict[str, ClerkAccount] | None:
        known = self._state.clerks_version if self.accounts_path.is_file() else None
        response = hub.get(CLERKS_PATH, {"If-None-Match": known} if known else None)
        if response.status_code == 304:
            hub.verified(CLERKS_PATH, response)
            return None
        listing = _clerk_list(hub.verified(CLERKS_PATH, expect_ok(response, CLERKS_PATH)))
        accounts = {entry.id: ClerkAccount(entry.id, entry.name, Role(entry.role), entry.pin_hash)
                    for entry in listing.accounts}
        write_accounts(self.accounts_path, accounts.values())
        self._state.clerks_version = listing.version
        self._save()
        if self.on_accounts is not None:
            self.on_accounts(accounts)
        log.info("clerk accounts updated from the hub: %d active", len(accounts))
        return accounts

    # -- audit log up ---------------------------------------------------------------------

    def _push_audit(self, hub: HubClient) -> int:
        try:
            return self._push_after(hub, self._state.acked)
        except _HubIsBehind as behind:
            log.warning("%s; resending from there", behind)
            return self._push_after(hub, behind.head)

    def _push_after(self, hub: HubClient, acked: AuditHead) -> int:
        # Reads the whole log each pass (AuditLog has no "entries after" query yet; fine for a day's actions).
        entries = self.audit.entries()
        _check_anchor(entries, acked)
        _check_chain(self.audit, acked)
        pending = [entry for entry in entries if entry.seq > acked.seq]
        head = acked
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start : start + self.batch_size]
            head = _push(hub, batch, acked)  # the hub checks each entry against its chain and its copy
            acked = self._state.acked = AuditHead(batch[-1].seq, batch[-1].hash)
            self._save()
        if pending and head.seq > pending[-1].seq:
            # A resend (state file lost) that ends short of what the hub holds: entries vanished here.
            problem = f"the hub holds entry {head.seq} but this device's log ends at {pending[-1].seq}: cut short"
            raise AuditLogMismatch(problem, head)
        return len(pending)

    def _save(self) -> None:
        document = {"clerks_version": self._state.clerks_version,
                    "audit_acked": {"seq": self._state.acked.seq, "hash": self._state.acked.hash}}
        replace_atomically(self.state_path, json.dumps(document).encode("utf-8"))


def _push(hub: HubClient, batch: Sequence[AuditEntry], acked: AuditHead) -> AuditHead:
    """Send one batch (meant to follow ``acked``); the hub's head after it, or why not."""
    records = [AuditRecord(seq=e.seq, actor=e.actor, action=e.action, subject_ref=e.subject_ref, at=e.at,
                           prev_hash=e.prev_hash, hash=e.hash, signature=e.signature) for e in batch]
    response = hub.post(AUDIT_PATH, AuditPush(entries=records).model_dump_json().encode("utf-8"))
    if response.status_code not in (200, 409):
        expect_ok(response, AUDIT_PATH)
    try:
        answer = AuditPushAnswer.model_validate_json(hub.verified(AUDIT_PATH, response))
    except ValidationError:
        raise HubCallFailed("the hub's audit answer is not an audit push answer") from None
    head = AuditHead(answer.head.seq, answer.head.hash)
    if answer.refused is AuditRefusal.GAP and head.seq < acked.seq:
        raise _HubIsBehind(head)  # else the gap is in this device's own log: an entry was deleted here
    if response.status_code == 409 or answer.refused is not None:
        raise AuditLogMismatch(answer.problem or "no reason given", head)
    return head


def _check_chain(audit: AuditLog, acked: AuditHead) -> None:
    """Every entry must still chain to the next: an edit anywhere (even long synced) stops the sync loudly.

    The hub keeps its own copy, so the evidence survives; what matters here is that staff hear of it.
    """
    verification = audit.verify(acked)
    if not verification.ok:
        first = verification.problems[0]
        raise AuditLogMismatch(f"entry {first.seq}: {first.problem}", acked)


def _check_anchor(entries: list[AuditEntry], acked: AuditHead) -> None:
    """The entry the hub acknowledged last must still be here, unchanged (a cut-off tail sends nothing)."""
    if not acked.seq:
        return
    anchored = next((entry for entry in reversed(entries) if entry.seq == acked.seq), None)
    if anchored is None or anchored.hash != acked.hash:
        raise AuditLogMismatch(f"entry {acked.seq}, which the hub acknowledged, is missing or changed here", acked)


def _clerk_list(body: bytes) -> ClerkList:
    try:
        listing = ClerkList.model_validate_json(body)
    except ValidationError as error:
        raise HubCallFailed(f"the hub's clerk list is not valid: {error}") from None
    if listing.version != clerk_list_version(listing.accounts):
        raise HubCallFailed("the hub's clerk list does not match its version")
    return listing


def _load_state(path: Path) -> _State:
    try:
        document = json.loads(path.read_text("utf-8"))
        acked = document["audit_acked"]
        return _State(document["clerks_version"], AuditHead(int(acked["seq"]), str(acked["hash"])))
    except FileNotFoundError:
        return _State()
    except (ValueError, KeyError, TypeError) as error:
        # Only a cache of what the hub holds: starting over refetches and resends, which the hub dedups.
        log.warning("staff sync state %s is damaged (%s); starting over", path, error)
        return _State()
