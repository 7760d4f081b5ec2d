"""One citizen's case: the filing, the citizen's confirmation and rating on their display, the receipt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from banshi.counter_app.citizen_display import CitizenDisplay
from banshi.counter_app.control.common import Notify, desk_call, user_message
from banshi.counter_app.control.printing import PrintQueue
from banshi.counter_app.desk import CounterDesk, DeskError
from banshi.counter_app.filing_panel import FilingPanel
from banshi.i18n import N_
from banshi.services.transactions import Transaction
from banshi.sync.outbox import Outbox
from banshi.ui.bridge import Bridge
from banshi.ui.printing import receipt_for

NOT_SAVED = N_("The filing could not be saved. Nothing was lost: press Save (Ctrl+S) to try again.")
RATING_NOT_SAVED = N_("The rating could not be saved. The citizen may rate again.")
NOT_PRINTED = N_("The receipt could not be printed. Please write down the reference number.")


class FilingControl(QObject):
    finished = Signal()  # the citizen has gone: the next one starts clean

    def __init__(self, desk: CounterDesk, panel: FilingPanel, display: CitizenDisplay, bridge: Bridge,
                 outbox: Outbox, prints: PrintQueue, wake: Callable[[], None], notify: Notify) -> None:
        super().__init__()
        self.desk, self.panel, self.display, self.bridge, self.outbox = desk, panel, display, bridge, outbox
        self.prints, self._wake, self._notify = prints, wake, notify
        panel.service_chosen.connect(self.new_filing)
        panel.save_requested.connect(self.save)
        panel.finish_requested.connect(self.finish)
        display.confirmed.connect(lambda: desk_call(self.desk.citizen_confirms, notify))
        display.disputed.connect(lambda: desk_call(self.desk.citizen_disputes, notify))
        display.rated.connect(self.rate)
        display.rating_skipped.connect(lambda: desk_call(self.desk.skip_rating, notify))

    def new_filing(self, service_id: str) -> None:
        desk_call(lambda: self.desk.new_filing(service_id), self._notify)

    def save(self) -> None:
        try:
            transaction = self.desk.submit()
        except RuntimeError as error:  # DeskError: not confirmed yet; FormIncompleteError: questions left
            self._notify(user_message(error))
            return
        self.panel.show_saving()
        self.bridge.run(lambda: self.outbox.enqueue(transaction), lambda _record: self._saved(transaction),
                        self._not_saved, writer=True)

    def _saved(self, transaction: Transaction) -> None:
        self.desk.saved(transaction)
        self._wake()
        receipt = receipt_for(transaction, self.desk.catalog.get(transaction.service_id))
        self.prints.later(lambda printer: printer.print_receipt(receipt), NOT_PRINTED)

    def _not_saved(self, error: BaseException) -> None:
        self._notify(user_message(error, NOT_SAVED))
        self.panel.render()  # Save (and Ctrl+S) work again: the citizen's confirmation still stands

    def rate(self, level: str, reason: str) -> None:
        try:
            record = self.desk.rate(level, reason or None)
        except (DeskError, ValueError) as error:
            self._notify(user_message(error))
            return
        self.bridge.run(lambda: self.outbox.enqueue(record), lambda _record: self._rated(), self._not_rated,
                        writer=True)

    def _rated(self) -> None:
        self.desk.rated()
        self._wake()

    def _not_rated(self, error: BaseException) -> None:
        self._notify(user_message(error, RATING_NOT_SAVED))
        self.display.ask_rating_again()

    def finish(self) -> None:
        desk_call(self.desk.finish, self._notify)
        self.finished.emit()
        self._notify("")
