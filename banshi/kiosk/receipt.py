"""Scan a receipt on the attract screen to see how that filing is going.

The hub is asked first (a back-office decision: 受理, 补正 with what is missing, 办结 with the result,
不予受理 with the reason); when it cannot answer, this machine's outbox tells what it knows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from banshi.i18n import N_, LazyText
from banshi.services.transactions import reference_for
from banshi.sync.errors import UnknownTransactionError
from banshi.sync.hub_client import HubCallFailed
from banshi.sync.outbox import Outbox, OutboxRecord, OutboxState
from banshi.sync.protocol.cases import CaseState, CaseStatus
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
RECEIVED = _STATUS_TEXT[OutboxState.ACCEPTED]
_CASE_TEXT: dict[CaseState, LazyText] = {
    CaseState.RECEIVED: RECEIVED,
    CaseState.ACCEPTED: N_("Your application has been accepted and is being processed."),
    CaseState.NEEDS_MORE: N_("More is needed before your application can go on: {detail}. Please bring it to the "
                             "counter with this receipt."),
    CaseState.COMPLETED: N_("Your application has been completed: {detail}."),
    CaseState.REFUSED: N_("Your application could not be accepted: {detail}. Staff at the counter can explain "
                          "and help you apply again."),
}
NOT_ON_THIS_MACHINE = N_("This machine has no record of that receipt. Staff at the counter can look it up.")
NOT_LOOKED_UP = N_("This receipt cannot be looked up just now. Please try again, or ask at the counter.")


def status_text(record: OutboxRecord | None) -> LazyText:
    return NOT_ON_THIS_MACHINE if record is None else _STATUS_TEXT[record.state]


def case_text(case: CaseStatus) -> LazyText:
    """What the hub says of the case; the back-office message is shown as written (not translated)."""
    return _CASE_TEXT[case.state].format(detail=case.message.strip().rstrip("。."))


CaseLookup = Callable[[str], CaseStatus | None]  # the hub's status of a receipt's case; HubCallFailed if it cannot say


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

    def look_up(self, outbox: Outbox, bridge: Bridge, transaction_id: str, then: Callable[[], None],
                ask_hub: CaseLookup | None = None) -> None:
        """Ask the hub, else this machine's outbox (off the GUI thread); show the status, then ``then()``."""
        def lookup() -> LazyText:
            if ask_hub is not None:
                try:
                    case = ask_hub(transaction_id)
                except HubCallFailed:
                    case = None  # offline or refused: the outbox still knows whether it was sent
                if case is not None:
                    return case_text(case)
            try:
                return status_text(outbox.get(transaction_id))
            except UnknownTransactionError:
                return status_text(None)

        def show(text: LazyText) -> None:
            self.reference.set_source(reference_for(transaction_id))
            self.status.set_source(text)
            then()

        def not_looked_up(_error: BaseException) -> None:
            self.show_unavailable(transaction_id)
            then()

        bridge.run(lookup, show, not_looked_up)

    def show_unavailable(self, transaction_id: str) -> None:
        """The outbox could not be read: say so, rather than that the receipt is unknown."""
        self.reference.set_source(reference_for(transaction_id))
        self.status.set_source(NOT_LOOKED_UP)

    def wipe(self) -> None:
        self.reference.set_source("")
        self.status.set_source("")
