"""The outcome page (GOV.UK confirmation panel): what happened, the reference, what happens next.

The panel says what happened in two or three words (已提交 / 预约成功 / 已受理) with the reference below it in
groups of four from an alphabet without 0/O and 1/I, easy to read out at a counter; then what happens next and when, and "please take your
receipt" once one has printed. ``spoken_text`` is everything the page says, for reading aloud.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText
from banshi.services.schema import Service
from banshi.ui.page import Page
from banshi.ui.qr_image import qr_pixmap
from banshi.ui.text import TextLabel

QR_SIZE_PX = 280


class Outcome(Enum):
    """What happened, in the words citizens know from other public services."""

    SUBMITTED = "submitted"  # 已提交: saved here, on its way to the service centre
    BOOKED = "booked"  # 预约成功
    RECEIVED = "received"  # 已受理: the service centre has it

    @property
    def text(self) -> LazyText:
        return _OUTCOME_TEXT[self]


_OUTCOME_TEXT = {
    Outcome.SUBMITTED: N_("Submitted"),
    Outcome.BOOKED: N_("Appointment booked"),
    Outcome.RECEIVED: N_("Received by the service centre"),
}


def outcome_of(service: Service) -> Outcome:
    return Outcome.BOOKED if service.category == "appointment" else Outcome.SUBMITTED


class ConfirmationPage(Page):
    finish_requested = Signal()

    def __init__(self) -> None:
        super().__init__("confirmation-page", "")
        self.title.hide()  # the panel carries the heading
        self.shown_outcome: Outcome | None = None
        self.panel = QFrame()
        self.panel.setObjectName("confirmation-panel")
        self.panel.setProperty("role", "panel")
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(48, 32, 48, 32)
        panel_layout.setSpacing(16)
        self.outcome = TextLabel("", role="title")
        self.outcome.setObjectName("confirmation-outcome")
        self.reference_label = TextLabel(N_("Your reference number"))
        self.reference = TextLabel("", role="reference")
        self.reference.setObjectName("confirmation-reference")
        for label in (self.outcome, self.reference_label, self.reference):
            panel_layout.addWidget(label)
        self.take_receipt = TextLabel(N_("Please take your receipt."), role="success")
        self.take_receipt.setObjectName("confirmation-take-receipt")
        self.take_receipt.hide()
        self.next_steps = TextLabel("")
        self.next_steps.setObjectName("confirmation-next-steps")
        self.sync_status = TextLabel("", role="muted")
        self.sync_status.setObjectName("confirmation-sync-status")
        for widget in (self.panel, self.take_receipt, self.next_steps, self.sync_status):
            self.content.addWidget(widget)
        self.content.addStretch(1)
        self.qr = QLabel()
        self.qr.setObjectName("confirmation-qr")
        self.qr.setAccessibleName(str(N_("QR code of your reference number")))
        self.qr.setFixedSize(QR_SIZE_PX, QR_SIZE_PX)
        self.side.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.side.addStretch(1)
        finish = self.add_nav().only_next(N_("Finish"), "confirmation-finish")
        finish.clicked.connect(self.finish_requested)  # not .emit: PySide 6.12 leaks a True ref

    def show_receipt(self, outcome: Outcome, reference: str, receipt_payload: str,
                     next_steps: Callable[[], str]) -> None:
        self.shown_outcome = outcome
        self.outcome.set_source(outcome.text)
        self.reference.set_source(reference)
        self.next_steps.set_source(lambda: str(N_("What happens next: {steps}", steps=next_steps())))
        self.sync_status.set_source(N_("Saved on this machine. It is sent to the service centre automatically."))
        self.qr.setPixmap(qr_pixmap(receipt_payload, QR_SIZE_PX))
        self.take_receipt.hide()

    def add_action(self, widget: QWidget) -> None:
        """Something to do next, under the status lines (取号 for the window a filing ends at)."""
        self.content.insertWidget(self.content.count() - 1, widget)  # before the closing stretch

    def receipt_printed(self) -> None:
        self.take_receipt.show()

    def show_sync_status(self, message: LazyText, received: bool = False) -> None:
        self.sync_status.set_source(message)
        if received and self.shown_outcome is Outcome.SUBMITTED:
            self.shown_outcome = Outcome.RECEIVED
            self.outcome.set_source(Outcome.RECEIVED.text)

    def spoken_text(self) -> str:
        """What the page says, in reading order; the reference symbol by symbol, a pause between groups."""
        spoken_reference = ", ".join(" ".join(group) for group in self.reference.plain_text().split("-"))
        parts = [self.outcome.plain_text(), self.reference_label.plain_text(), spoken_reference,
                 self.take_receipt.plain_text() if self.take_receipt.isVisibleTo(self) else "",
                 self.next_steps.plain_text()]
        return "。".join(part.rstrip("。.") for part in parts if part)

    def wipe(self) -> None:
        self.shown_outcome = None
        for label in (self.outcome, self.reference, self.next_steps, self.sync_status):
            label.set_source("")
        self.take_receipt.hide()
        self.qr.clear()
