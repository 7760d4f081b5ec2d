"""Submitting a finished form from the kiosk: saved to the outbox off the GUI thread, then the outcome
page, then the receipt printed (on the GUI thread, after the outcome page is painted)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from banshi.i18n import N_, current_language
from banshi.kiosk.outcome import ConfirmationPage, outcome_of
from banshi.kiosk.pages import CheckAnswersPage
from banshi.services.catalog import Catalog
from banshi.services.forms import FormSession
from banshi.services.transactions import Channel, Transaction
from banshi.sync.outbox import Outbox
from banshi.ui.bridge import Bridge
from banshi.ui.printing import PaperPrinter, PrintError, Receipt, receipt_for, receipt_payload

log = logging.getLogger(__name__)
CHANNEL = Channel.KIOSK


class KioskFiling(QObject):
    """submit → outbox (writer thread) → ``saved`` → confirmation page → receipt."""

    saved = Signal(object)  # the Transaction, once it is durable in the outbox

    def __init__(self, catalog: Catalog, outbox: Outbox, bridge: Bridge, device_id: str,
                 check: CheckAnswersPage, confirmation: ConfirmationPage, printer: PaperPrinter | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)  # the window: a receipt still queued when it closes is dropped with it
        self._catalog, self._outbox, self._bridge = catalog, outbox, bridge
        self._device_id = device_id
        self._check, self._confirmation, self._printer = check, confirmation, printer

    def submit(self, session: FormSession, on_saved: Callable[[Transaction], None]) -> None:
        transaction = session.submit(CHANNEL, self._device_id, datetime.now(UTC))
        self._check.set_busy(True)
        self._bridge.run(
            lambda: self._outbox.enqueue(transaction),
            lambda _record: self._saved(transaction, on_saved),
            self._save_failed,
            writer=True,
        )

    def _saved(self, transaction: Transaction, on_saved: Callable[[Transaction], None]) -> None:
        service = self._catalog.get(transaction.service_id)
        self._confirmation.show_receipt(outcome_of(service), transaction.reference, receipt_payload(transaction.id),
                                        lambda: service.next_steps.get(current_language()))
        on_saved(transaction)
        self.saved.emit(transaction)
        self._print_receipt(receipt_for(transaction, service))

    def _print_receipt(self, receipt: Receipt) -> None:
        # QPrinter and QPdfWriter are not reliable off the GUI thread (PDFs went missing when printed from
        # a worker), so the receipt prints here, after the confirmation has been painted.
        if self._printer is not None:
            QTimer.singleShot(0, self, lambda: self._print_now(receipt))

    def _print_now(self, receipt: Receipt) -> None:
        try:
            self._printer.print_receipt(receipt)  # type: ignore[union-attr]
        except PrintError as error:
            log.error("receipt not printed: %s", error)
            self._confirmation.show_sync_status(
                N_("The receipt could not be printed. Please note the reference number."))
            return
        self._confirmation.receipt_printed()

    def _save_failed(self, error: BaseException) -> None:
        log.error("could not save a transaction to the outbox: %s", error)
        self._check.show_error(N_("Sorry, this could not be saved. Nothing was filed. "
                                  "Please try again or ask a member of staff."))
