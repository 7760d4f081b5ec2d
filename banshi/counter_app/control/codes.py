"""Citizen codes at the counter: printing one for a person whose ID card was checked, revoking a lost one."""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from PySide6.QtCore import QObject

from banshi.counter_app.audit_actions import AuditAction
from banshi.counter_app.citizen import issue_paper_code
from banshi.counter_app.control.common import Notify, user_message
from banshi.counter_app.control.printing import PrintQueue
from banshi.counter_app.desk import CounterDesk, DeskError
from banshi.counter_app.identity_panel import IdentityPanel
from banshi.i18n import N_
from banshi.identity.codes import CitizenClaims
from banshi.identity.idnumber import normalise
from banshi.identity.keys import IssuerKey
from banshi.services.records import code_issued, revocation
from banshi.services.transactions import Transaction
from banshi.sync.outbox import Outbox
from banshi.ui.bridge import Bridge

NO_ISSUER = N_("This machine has no issuing key. Citizen codes cannot be printed here.")
TYPE_THE_SERIAL = N_("Type the serial printed on the card.")
NOT_FILED = N_("This could not be recorded, so nothing was done. Please try again, or ask a supervisor.")
NOT_PRINTED = N_("The card could not be printed. Check the printer and issue the code again.")


class CodesControl(QObject):
    def __init__(self, desk: CounterDesk, panel: IdentityPanel, bridge: Bridge, outbox: Outbox,
                 prints: PrintQueue, wake: Callable[[], None], issuer: IssuerKey | None, card_valid_days: int,
                 notify: Notify) -> None:
        super().__init__()
        self.desk, self.panel, self.bridge, self.outbox, self.prints = desk, panel, bridge, outbox, prints
        self._wake, self._notify = wake, notify
        self.issuer, self._card_valid_days = issuer, card_valid_days
        self.hub_key: Callable[[], X25519PublicKey | None] = lambda: None  # set once the counter is enrolled
        panel.issue_requested.connect(self.issue_code)
        panel.revoke_requested.connect(self.revoke_code)

    def issue_code(self, id_number: str, name: str) -> None:
        if self.issuer is None:
            self.panel.show_error(NO_ISSUER)
            return
        try:
            clerk = self.desk.require_clerk()
            code, claims = issue_paper_code(id_number, name, self.issuer, self.desk.now(), self._card_valid_days,
                                            self.hub_key())
        except (ValueError, DeskError) as error:
            self.panel.show_error(user_message(error))
            return
        record = code_issued(claims, normalise(id_number), clerk.id, self.desk.device_id, self.desk.now())
        self._file(record, AuditAction.ISSUE_CODE, claims.serial, lambda: self._issued(code, claims))

    def _issued(self, code: str, claims: CitizenClaims) -> None:
        printed = N_("Citizen code printed. Serial {serial}", serial=claims.serial)
        self.prints.later(lambda printer: printer.print_card(code, claims), NOT_PRINTED,
                          lambda: self.panel.show_error(printed))

    def revoke_code(self, serial: str, reason: str) -> None:
        try:
            clerk = self.desk.require_clerk()
            office = self.issuer.office if self.issuer else ""
            record = revocation(serial, office, reason, clerk.id, self.desk.device_id, self.desk.now())
        except DeskError as error:
            self.panel.show_error(error.user_message)
            return
        except ValueError:
            self.panel.show_error(TYPE_THE_SERIAL)
            return
        serial = record.answers["serial"]
        revoked = N_("Code {serial} revoked. Kiosks refuse it after their next update.", serial=serial)
        self._file(record, AuditAction.REVOKE_CODE, serial, lambda: self.panel.revoked(revoked))

    def _file(self, record: Transaction, action: AuditAction, subject: str, done: Callable[[], None]) -> None:
        """Audit, then queue, on the single writer; ``done`` once both are on disk."""
        def work() -> None:
            self.desk.audit_action(action, subject)
            self.outbox.enqueue(record)

        def filed(_none: None) -> None:
            self._wake()
            done()

        def failed(error: BaseException) -> None:
            self.panel.show_error(user_message(error, NOT_FILED))

        self.bridge.run(work, filed, failed, writer=True)
