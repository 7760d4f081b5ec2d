"""Scan a receipt on the attract screen to see how that filing is going."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from banshi.i18n import N_, LazyText
from banshi.services.transactions import reference_for
from banshi.sync.errors import UnknownTransactionError
from banshi.sync.outbox import Outbox, OutboxRecord, OutboxState
from banshi.ui.bridge import Bridge
from banshi.ui.page import Page
from banshi.ui.text import TextLabel

_STATUS_TEXT: dict[OutboxState, LazyText] = {
    OutboxState.QUEUED: N_("Saved on this machine, waiting to be sent to the service centre."),
    OutboxState.SENDING: N_("Saved on this machine, waiting to be sent to the service centre."),
    OutboxState.ACCEPTED: N_("The service centre has received it and is working on it."),
    OutboxState.REJECTED: N_("The service centre could not accept it. Please ask at the counter."),
    OutboxState.CONFLICT: N_("A member of staff needs to check it. Please ask at the counter."),
    OutboxState.RESOLVED: N_("Checked by staff. The service centre has received it and is working on it."),
}
NOT_ON_THIS_MACHINE = N_("This machine has no record of that receipt. Staff at the counter can look it up.")
NOT_LOOKED_UP = N_("This receipt cannot be looked up just now. Please try again, or ask at the counter.")


def status_text(record: OutboxRecord | None) -> LazyText:
    return NOT_ON_THIS_MACHINE if record is None else _STATUS_TEXT[record.state]


class ReceiptStatusPage(Page):
    done = Signal()

    def __init__(self) -> None:
        super().__init__("receipt-page", N_("Progress of your filing"))
        self.content.addWidget(TextLabel(N_("Reference number"), role="muted"))
        self.reference = TextLabel("", role="reference")
        self.reference.setObjectName("receipt-reference")
        self.content.addWidget(self.reference)
        self.status = TextLabel("")
        self.status.setObjectName("receipt-status")
        self.content.addWidget(self.status)
        self.content.addStretch(1)
        self.add_nav().only_next(N_("Back to start"), "receipt-done").clicked.connect(self.done)

    def look_up(self, outbox: Outbox, bridge: Bridge, transaction_id: str, then: Callable[[], None]) -> None:
        """Find the filing in this machine's outbox (off the GUI thread), show its status, then ``then()``."""
        def lookup() -> OutboxRecord | None:
            try:
                return outbox.get(transaction_id)
            except UnknownTransactionError:
                return None

        def show(record: OutboxRecord | None) -> None:
            self.show_status(transaction_id, record)
            then()

        def not_looked_up(_error: BaseException) -> None:
            self.show_unavailable(transaction_id)
            then()

        bridge.run(lookup, show, not_looked_up)

    def show_status(self, transaction_id: str, record: OutboxRecord | None) -> None:
        self.reference.set_source(reference_for(transaction_id))
        self.status.set_source(status_text(record))

    def show_unavailable(self, transaction_id: str) -> None:
        """The outbox could not be read: say so, rather than that the receipt is unknown."""
        self.reference.set_source(reference_for(transaction_id))
        self.status.set_source(NOT_LOOKED_UP)

    def wipe(self) -> None:
        self.reference.set_source("")
        self.status.set_source("")
