"""The outbox and sync: what is waiting, the long-offline guard, sending now, USB bundles, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from banshi.counter_app.audit_actions import AuditAction
from banshi.counter_app.clerk_window import ClerkWindow
from banshi.counter_app.control.common import user_message
from banshi.counter_app.dashboard import OutboxSnapshot
from banshi.counter_app.desk import CounterDesk, Stage
from banshi.counter_app.outbox_actions import ConflictResolution, OutboxActions
from banshi.i18n import N_, LazyText
from banshi.sync.engine import SyncEngine
from banshi.sync.events import SyncEvent, SyncFinished, SyncOffline, SyncPulled
from banshi.sync.guard import GuardState, guard_message
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.bundle import ACK_SUFFIX
from banshi.sync.staff_sync import StaffSync
from banshi.ui.bridge import Bridge

NOT_READ = N_("The outbox could not be read just now; the figures shown may be old. It is tried again shortly.")
NOT_SENT = N_("Sending did not work. The records stay safely in the outbox; try again later.")
NOT_DONE = N_("That did not work, and nothing was changed. Please try again, or ask a supervisor.")


@dataclass(frozen=True)
class SyncParts:
    """The core objects behind the outbox dashboard."""

    outbox: Outbox
    engine: SyncEngine
    actions: OutboxActions  # USB bundles and conflicts
    guard: Callable[[], GuardState]  # the long-offline guard, read off the GUI thread
    export_folder: Path
    staff: StaffSync | None = None  # clerk accounts down, audit log up


class OutboxControl(QObject):
    trust_list_pulled = Signal(object)  # a TrustList

    def __init__(self, desk: CounterDesk, window: ClerkWindow, bridge: Bridge, parts: SyncParts) -> None:
        super().__init__()
        self.desk, self.window, self.bridge, self.parts = desk, window, bridge, parts
        self.online: bool | None = None
        dashboard = window.dashboard
        dashboard.retry_requested.connect(self.retry)
        dashboard.export_requested.connect(self.export_bundle)
        dashboard.import_requested.connect(self.import_bundle)
        dashboard.resolve_requested.connect(self.resolve_conflict)

    def on_sync_event(self, event: SyncEvent) -> None:
        if isinstance(event, SyncPulled) and event.trust_list is not None:
            self.trust_list_pulled.emit(event.trust_list)
        if isinstance(event, SyncOffline):
            self.online = False
        elif isinstance(event, SyncFinished) and event.report.error is None:
            self.online = True
        if isinstance(event, SyncFinished):
            if event.report.notice is not None:  # e.g. the hub found the audit log tampered with
                self.window.show_banner(event.report.notice)
            self.refresh()

    def refresh(self) -> None:
        online = self.online
        self.bridge.run(lambda: self._snapshot(online), self._show,
                        lambda _error: self.window.dashboard.show_stale(NOT_READ))

    def _snapshot(self, online: bool | None) -> OutboxSnapshot:
        outbox, staff = self.parts.outbox, self.parts.staff
        age = outbox.oldest_unsynced_age(datetime.now(UTC))
        audit = (staff.acknowledged.seq, self.desk.audit.head().seq) if staff else None
        return OutboxSnapshot(online, outbox.counts(), age, self.parts.guard(), outbox.records(limit=200), audit)

    def _show(self, snapshot: OutboxSnapshot) -> None:
        self.window.show_snapshot(snapshot)
        self.desk.blocked = snapshot.guard is GuardState.BLOCK
        message = guard_message(snapshot.guard, snapshot.oldest_unsynced)
        if message is not None and self.desk.stage in (Stage.READY, Stage.SIGNED_OUT):
            self.window.show_banner(message)

    def retry(self) -> None:
        self.window.dashboard.show_message(N_("Sending…"))
        self.bridge.run(self.parts.engine.sync_once, lambda _report: self._sent(), self._not_sent)

    def _sent(self) -> None:
        self.window.dashboard.show_message("")
        self.refresh()

    def _not_sent(self, error: BaseException) -> None:
        self.window.dashboard.show_message(user_message(error, NOT_SENT))
        self.refresh()

    def export_bundle(self) -> None:
        folder = self.parts.export_folder
        self._act(lambda: self.parts.actions.export_bundle(folder), AuditAction.EXPORT_BUNDLE,
                  lambda path: N_("Exported to {path}. Take it to the service centre.", path=path))

    def import_bundle(self) -> None:
        """Import the hub's acknowledgements (``<bundle>.ack``) the USB stick brought back."""
        folder = self.parts.export_folder
        acks = sorted(folder.glob(f"*{ACK_SUFFIX}"))
        if not acks:
            self.window.dashboard.show_message(N_("No receipt from the service centre in {folder}.", folder=folder))
            return
        self._act(lambda: sum(self.parts.actions.import_bundle(path) for path in acks), AuditAction.IMPORT_BUNDLE,
                  lambda count: N_("Done. {count} records updated.", count=count))

    def resolve_conflict(self, transaction_id: str) -> None:
        actor = self.desk.clerk.id if self.desk.clerk else ""
        self._act(lambda: self.parts.actions.resolve_conflict(transaction_id, ConflictResolution.KEEP_HUB, actor),
                  AuditAction.RESOLVE_CONFLICT, lambda _none: N_("Done. The service centre's copy stands."),
                  transaction_id)

    def _act(self, work: Callable[[], Any], action: AuditAction, done: Callable[[Any], LazyText],
             subject: str = "") -> None:
        """Audit, then act, on the single writer; the dashboard says how it went."""
        def audited() -> object:
            self.desk.audit_action(action, subject)
            return work()

        def finished(result: object) -> None:
            self.window.dashboard.show_message(done(result))
            self.refresh()

        self.bridge.run(audited, finished, lambda error: self.window.dashboard.show_message(user_message(error, NOT_DONE)),
                        writer=True)
