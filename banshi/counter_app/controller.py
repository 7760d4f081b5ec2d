"""Wires the desk, the two windows, the outbox, sync and printing; slow work goes through the bridge."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QThread, QTimer
from PySide6.QtWidgets import QApplication

from banshi.counter_app.citizen import from_code, from_typed_id, issue_paper_code
from banshi.counter_app.citizen_display import CitizenDisplay
from banshi.counter_app.clerk_window import ClerkWindow
from banshi.counter_app.dashboard import OutboxSnapshot
from banshi.counter_app.desk import NO_ACCOUNTS_YET, CounterDesk, DeskError, Stage
from banshi.counter_app.outbox_actions import ConflictResolution, OutboxActions
from banshi.i18n import N_, LazyText
from banshi.identity.codes import CitizenClaims
from banshi.identity.idnumber import normalise
from banshi.identity.keys import IssuerKey
from banshi.identity.trust import TrustList
from banshi.services.records import code_issued, revocation
from banshi.services.staff import ClerkAccount, IdlePolicy, IdleState
from banshi.services.transactions import Transaction
from banshi.sync.engine import SyncEngine
from banshi.sync.events import SyncEvent, SyncFinished, SyncOffline, SyncPulled
from banshi.sync.guard import GuardState, guard_message
from banshi.sync.outbox import Outbox
from banshi.sync.protocol.bundle import ACK_SUFFIX
from banshi.sync.staff_sync import StaffSync
from banshi.ui.bridge import Bridge
from banshi.ui.printing import PaperPrinter, PrintError, receipt_for

log = logging.getLogger(__name__)
ScannerFactory = Callable[[], Any]  # returns a banshi.ui.scanner_view.ScannerView
TICK_MS = 5000  # idle check; the countdown banner shows in 5-second steps
OUTBOX_EVERY_TICKS = 6  # the guard and counts are re-read every 30 s, or every tick on the dashboard
ACCOUNT_WITHDRAWN = N_("Your account is no longer active on this machine. Please ask a supervisor.")
ACCOUNT_CHANGED = N_("Your account was changed by a supervisor (PIN, name or role). Please sign in again.")


class CounterController(QObject):
    def __init__(self, desk: CounterDesk, clerk: ClerkWindow, display: CitizenDisplay, outbox: Outbox,
                 bridge: Bridge, engine: SyncEngine, printer: PaperPrinter, issuer: IssuerKey | None,
                 actions: OutboxActions, guard: Callable[[], GuardState], idle: IdlePolicy,
                 export_folder: Path, card_valid_days: int, scanner: ScannerFactory | None = None,
                 staff: StaffSync | None = None) -> None:
        super().__init__()
        self.desk, self.clerk, self.display = desk, clerk, display
        self.outbox, self.bridge, self.engine, self.printer = outbox, bridge, engine, printer
        self.issuer, self.actions, self.idle = issuer, actions, idle
        self._guard = guard  # the long-offline guard, read off the GUI thread
        self._export_folder = export_folder
        self._card_valid_days = card_valid_days
        self._make_scanner = scanner
        self._scanner: Any = None
        self._trust_list: TrustList | None = None  # the last one pulled, for a scanner built later
        self.staff = staff
        self.online: bool | None = None
        self.last_input = time.monotonic()
        self._render_from_worker = bridge.relay(self.render)
        desk.changed.connect(self._desk_changed)
        self._wire()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._ticks = 0
        self._timer.start(TICK_MS)
        clerk.show_signin()
        if not desk.gate.accounts:
            clerk.signin.show_notice(NO_ACCOUNTS_YET)
        self.refresh_outbox()

    def _wire(self) -> None:
        clerk, display = self.clerk, self.display
        clerk.signin.sign_in_requested.connect(self.sign_in)
        clerk.lock_requested.connect(lambda: self.lock("lock"))
        clerk.identity.id_entered.connect(self.identify_typed)
        clerk.identity.scan_requested.connect(self.start_scan)
        clerk.identity.issue_requested.connect(self.issue_code)
        clerk.identity.revoke_requested.connect(self.revoke_code)
        clerk.filing.service_chosen.connect(self.new_filing)
        clerk.filing.save_requested.connect(self.save)
        clerk.filing.finish_requested.connect(self.finish)
        clerk.dashboard.retry_requested.connect(self.retry)
        clerk.dashboard.export_requested.connect(self.export_bundle)
        clerk.dashboard.import_requested.connect(self.import_bundle)
        clerk.dashboard.resolve_requested.connect(self.resolve_conflict)
        display.confirmed.connect(lambda: self._desk_call(self.desk.citizen_confirms))
        display.disputed.connect(lambda: self._desk_call(self.desk.citizen_disputes))
        display.rated.connect(self.rate)
        QApplication.instance().installEventFilter(self)

    # ----- rendering and errors

    def _desk_changed(self) -> None:
        # Most changes happen on the GUI thread: render at once. Sign-in runs on a worker (argon2 is
        # slow on purpose), so its change crosses through the bridge.
        if QThread.currentThread() is self.thread():
            self.render()
        else:
            self._render_from_worker()

    def render(self) -> None:
        self.clerk.filing.render()
        self.clerk.identity.show_citizen(self.desk.citizen)
        self.display.render()

    def _desk_call(self, action: Callable[[], object]) -> None:
        try:
            action()
        except DeskError as error:
            self.clerk.show_banner(error.user_message)

    def _failed(self, error: BaseException) -> None:
        message = getattr(error, "user_message", None) or N_("Something went wrong. Please ask a supervisor.")
        self.clerk.show_banner(message)

    # ----- sign-in, lock, idle

    def sign_in(self, clerk_id: str, pin: str) -> None:
        def failed(error: BaseException) -> None:
            self.clerk.signin.show_error(getattr(error, "user_message", None) or str(error))

        self.bridge.run(lambda: self.desk.sign_in(clerk_id, pin), self._signed_in, failed)

    def _signed_in(self, account: ClerkAccount) -> None:
        if self.desk.clerk is not account:
            return  # locked (idle, account withdrawn) between the PIN check and this: stay on the sign-in page
        self.last_input = time.monotonic()
        self.clerk.signed_in_as(account.name)
        self.clerk.show_banner("")

    def lock(self, reason: str, notice: LazyText | None = None) -> None:
        self._stop_scan()
        self.desk.sign_out(reason)
        self.clerk.identity.wipe()
        self.clerk.show_signin()
        if notice is not None:
            self.clerk.signin.show_notice(notice)

    def accounts_changed(self, accounts: dict[str, ClerkAccount]) -> None:
        """A new account set from the hub (GUI thread): a clerk disabled or re-enrolled there is signed out
        at once, so a PIN reset or a role taken away holds from that moment, not from the next sign-in."""
        self.desk.gate.replace_accounts(accounts)
        signed_in = self.desk.clerk
        if signed_in is not None and signed_in.id not in accounts:
            self.lock("account_withdrawn", ACCOUNT_WITHDRAWN)
        elif signed_in is not None and accounts[signed_in.id] != signed_in:
            self.lock("account_changed", ACCOUNT_CHANGED)
        elif signed_in is None:
            self.clerk.signin.show_notice("" if accounts else NO_ACCOUNTS_YET)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.last_input = time.monotonic()
        return False

    def check_idle(self, now: float | None = None) -> IdleState:
        if self.desk.clerk is None:
            return IdleState.ACTIVE
        idle_s = (now if now is not None else time.monotonic()) - self.last_input
        state = self.idle.state(idle_s)
        if state is IdleState.LOCK:
            self.lock("idle_lock")
        elif state is IdleState.WARN:
            self.clerk.show_banner(N_("No activity: this window locks in {seconds} seconds.",
                                      seconds=self.idle.seconds_to_lock(idle_s)))
        return state

    def _tick(self) -> None:
        self.check_idle()
        self._ticks += 1
        if self.clerk.stack.currentWidget() is self.clerk.dashboard or self._ticks % OUTBOX_EVERY_TICKS == 0:
            self.refresh_outbox()

    # ----- identity

    def identify_typed(self, id_number: str, name: str) -> None:
        try:
            citizen = from_typed_id(id_number, name)
        except ValueError as error:
            self.clerk.identity.show_error(getattr(error, "user_message", str(error)))
            return
        self.clerk.identity.show_error("")
        self._desk_call(lambda: self.desk.identify(citizen))

    def start_scan(self) -> None:
        if self._make_scanner is None or self.desk.clerk is None:
            self.clerk.identity.show_error(N_("No camera is set up on this machine. Type the ID number instead."))
            return
        if self._scanner is None:
            self._scanner = self._make_scanner()
            self.clerk.identity.scanner_area.addWidget(self._scanner)
            self._scanner.citizen_verified.connect(self._scanned)
            if self._trust_list is not None:
                self._scanner.check.replace_trust_list(self._trust_list)
        self._scanner.show()
        self._scanner.start()

    @property
    def scanner(self) -> Any:
        """The camera view once built (the first scan builds it), else None."""
        return self._scanner

    def use_trust_list(self, trust_list: TrustList) -> None:
        """New issuer keys and revocations take effect at once, as on the kiosks."""
        self._trust_list = trust_list
        if self._scanner is not None:
            self._scanner.check.replace_trust_list(trust_list)

    def _scanned(self, result: Any) -> None:
        self._stop_scan()
        self._desk_call(lambda: self.desk.identify(from_code(result.citizen)))

    def _stop_scan(self) -> None:
        if self._scanner is not None:
            self._scanner.stop()
            self._scanner.hide()

    def issue_code(self, id_number: str, name: str) -> None:
        if self.issuer is None:
            self.clerk.identity.show_error(N_("This machine has no issuing key. Citizen codes cannot be printed here."))
            return
        try:
            clerk = self.desk.require_clerk()
            code, claims = issue_paper_code(id_number, name, self.issuer, self.desk.now(), self._card_valid_days)
        except (ValueError, DeskError) as error:
            self.clerk.identity.show_error(getattr(error, "user_message", str(error)))
            return
        record = code_issued(claims, normalise(id_number), clerk.id, self.desk.device_id, self.desk.now())

        def work() -> None:
            self.desk.audit_action("issue_code", claims.serial)
            self.outbox.enqueue(record)

        self.bridge.run(work, lambda _none: self._issued(code, claims), self._failed, writer=True)

    def _issued(self, code: str, claims: CitizenClaims) -> None:
        self.engine.wake()
        self._print_later(lambda: self.printer.print_card(code, claims),
                          N_("Citizen code printed. Serial {serial}", serial=claims.serial),
                          N_("The card could not be printed. Check the printer and issue the code again."))

    def _print_later(self, print_now: Callable[[], None], done: LazyText | None, failed: LazyText) -> None:
        """QPrinter and QPdfWriter are not reliable off the GUI thread (the kiosk's receipt PDFs went
        missing when printed from a worker), so printing happens here, once the last change is painted."""
        def run() -> None:
            try:
                print_now()
            except PrintError as error:
                log.error("not printed: %s", error)
                self.clerk.show_banner(failed)
                return
            if done is not None:
                self.clerk.identity.show_error(done)

        QTimer.singleShot(0, run)

    def revoke_code(self, serial: str, reason: str) -> None:
        try:
            clerk = self.desk.require_clerk()
            office = self.issuer.office if self.issuer else ""
            record = revocation(serial, office, reason, clerk.id, self.desk.device_id, self.desk.now())
        except (ValueError, DeskError) as error:
            self.clerk.identity.show_error(N_("Type the serial printed on the card.")
                                           if isinstance(error, ValueError) else error.user_message)
            return

        def work() -> None:
            self.desk.audit_action("revoke_code", serial.strip())
            self.outbox.enqueue(record)

        self.bridge.run(work, lambda _none: self._revoked(serial.strip()), self._failed, writer=True)

    def _revoked(self, serial: str) -> None:
        self.clerk.identity.serial.clear()
        self.clerk.identity.show_error(N_("Code {serial} revoked. Kiosks refuse it after their next update.",
                                          serial=serial))
        self.engine.wake()

    # ----- filing

    def new_filing(self, service_id: str) -> None:
        self._desk_call(lambda: self.desk.new_filing(service_id))

    def save(self) -> None:
        try:
            transaction = self.desk.submit()
        except (DeskError, RuntimeError) as error:
            self._failed(error)
            return
        self.clerk.filing.save_button.setEnabled(False)
        self.bridge.run(lambda: self.outbox.enqueue(transaction),
                        lambda _record: self._saved(transaction), self._failed, writer=True)

    def _saved(self, transaction: Transaction) -> None:
        self.desk.saved(transaction)
        self.engine.wake()
        receipt = receipt_for(transaction, self.desk.catalog.get(transaction.service_id))
        self._print_later(lambda: self.printer.print_receipt(receipt), None,
                          N_("The receipt could not be printed. Please write down the reference number."))

    def rate(self, rating: str, reason: str) -> None:
        try:
            record = self.desk.rate(rating, reason or None)
        except (DeskError, ValueError) as error:
            self._failed(error)
            return
        self.bridge.run(lambda: self.outbox.enqueue(record), lambda _record: self._rated(), self._failed,
                        writer=True)

    def _rated(self) -> None:
        self.desk.rated()
        self.engine.wake()

    def finish(self) -> None:
        self._stop_scan()
        self._desk_call(self.desk.finish)
        self.clerk.identity.wipe()
        self.clerk.show_banner("")

    # ----- outbox and sync

    def on_sync_event(self, event: SyncEvent) -> None:
        if isinstance(event, SyncPulled) and event.trust_list is not None:
            self.use_trust_list(event.trust_list)
        if isinstance(event, SyncOffline):
            self.online = False
        elif isinstance(event, SyncFinished) and event.report.error is None:
            self.online = True
        if isinstance(event, SyncFinished):
            if event.report.notice is not None:  # e.g. the hub found the audit log tampered with
                self.clerk.show_banner(event.report.notice)
            self.refresh_outbox()

    def refresh_outbox(self) -> None:
        online = self.online
        self.bridge.run(lambda: self._snapshot(online), self._show_snapshot, lambda _error: None)

    def _snapshot(self, online: bool | None) -> OutboxSnapshot:
        age = self.outbox.oldest_unsynced_age(datetime.now(UTC))
        audit = (self.staff.acknowledged.seq, self.desk.audit.head().seq) if self.staff else None
        return OutboxSnapshot(online, self.outbox.counts(), age, self._guard(), self.outbox.records(limit=200),
                              audit)

    def _show_snapshot(self, snapshot: OutboxSnapshot) -> None:
        self.clerk.dashboard.show_snapshot(snapshot)
        self.clerk.connection.set_source(self.clerk.dashboard.connection.plain_text())
        self.desk.blocked = snapshot.guard is GuardState.BLOCK
        message = guard_message(snapshot.guard, snapshot.oldest_unsynced)
        if message is not None and self.desk.stage in (Stage.READY, Stage.SIGNED_OUT):
            self.clerk.show_banner(message)

    def retry(self) -> None:
        self.clerk.dashboard.show_message(N_("Sending…"))
        self.bridge.run(self.engine.sync_once, lambda _report: self.refresh_outbox(), self._failed)

    def export_bundle(self) -> None:
        self._outbox_action(lambda: self.actions.export_bundle(self._export_folder), "export_bundle",
                            lambda path: N_("Exported to {path}. Take it to the service centre.", path=path))

    def import_bundle(self) -> None:
        """Import the hub's acknowledgements (``<bundle>.ack``) the USB stick brought back."""
        acks = sorted(self._export_folder.glob(f"*{ACK_SUFFIX}"))
        if not acks:
            self.clerk.dashboard.show_message(N_("No receipt from the service centre in {folder}.",
                                                 folder=self._export_folder))
            return
        self._outbox_action(lambda: sum(self.actions.import_bundle(path) for path in acks), "import_bundle",
                            lambda count: N_("Done. {count} records updated.", count=count))

    def resolve_conflict(self, transaction_id: str) -> None:
        clerk = self.desk.clerk
        actor = clerk.id if clerk else ""
        self._outbox_action(
            lambda: self.actions.resolve_conflict(transaction_id, ConflictResolution.KEEP_HUB, actor),
            "resolve_conflict", lambda _none: N_("Done. The service centre's copy stands."), transaction_id)

    def _outbox_action(self, work: Callable[[], Any], action: str, done: Callable[[Any], LazyText],
                       subject: str = "") -> None:
        def audited() -> object:
            self.desk.audit_action(action, subject)
            return work()

        def failed(error: BaseException) -> None:
            self.clerk.dashboard.show_message(getattr(error, "user_message", None) or str(error))

        self.bridge.run(audited, lambda result: self._action_done(done(result)), failed, writer=True)

    def _action_done(self, message: LazyText) -> None:
        self.clerk.dashboard.show_message(message)
        self.refresh_outbox()

    def shutdown(self) -> None:
        self._timer.stop()
        self._stop_scan()
        close = getattr(self._make_scanner, "close", None)
        if close is not None:
            close()
        QApplication.instance().removeEventFilter(self)
