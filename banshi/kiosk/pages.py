"""The kiosk's pages other than questions: attract, service menu, check answers, confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText, current_language
from banshi.identity.masking import mask_id_number, mask_phone
from banshi.services.catalog import Catalog
from banshi.services.schema import FieldType
from banshi.services.forms import SummaryRow
from banshi.ui.layouts import clear_layout
from banshi.ui.page import Page
from banshi.ui.qr_image import qr_pixmap
from banshi.ui.text import BigButton, TextLabel


class AttractPage(Page):
    start_requested = Signal()

    def __init__(self) -> None:
        super().__init__("attract-page", N_("Welcome to government self-service"))
        intro = TextLabel(N_("Apply, certify and check your records here, one question at a time. "
                             "Tap the big button to begin."))
        self.content.addWidget(intro)
        self.start_button = BigButton(N_("Start"), role="primary")
        self.start_button.setObjectName("attract-start")
        self.start_button.setMinimumHeight(200)
        self.start_button.clicked.connect(self.start_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.content.addSpacing(48)
        self.content.addWidget(self.start_button)
        self.content.addWidget(TextLabel(N_("No smartphone needed. Staff at the counter can also help you."),
                                         role="muted"))


class ServiceMenuPage(Page):
    service_chosen = Signal(str)
    home_requested = Signal()

    def __init__(self, catalog: Catalog) -> None:
        super().__init__("menu-page", N_("What would you like to do?"))
        grid_holder = QWidget()
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(24)
        for position, service in enumerate(catalog):
            grid.addWidget(self._tile(service), position // 2, position % 2)
        grid.setColumnStretch(0, 1)  # equal columns, however long each title is
        grid.setColumnStretch(1, 1)
        self.notice = TextLabel("", role="error")
        self.notice.setObjectName("menu-notice")
        self.notice.hide()
        self.content.insertWidget(0, self.notice)
        self.content.addWidget(grid_holder)
        home = self.add_footer_button(BigButton(N_("Back to start")))
        home.setObjectName("menu-home")
        home.clicked.connect(self.home_requested)  # not .emit: PySide 6.12 leaks a True ref

    def _tile(self, service: object) -> BigButton:
        tile = BigButton(lambda: service.title.get(current_language()), role="tile")  # type: ignore[attr-defined]
        tile.setObjectName(f"service-{service.id}")  # type: ignore[attr-defined]
        tile.setMinimumHeight(150)
        tile.clicked.connect(lambda: self.service_chosen.emit(service.id))  # type: ignore[attr-defined]
        return tile


    def show_notice(self, message: LazyText) -> None:
        self.notice.set_source(message)
        self.notice.show()


class CheckAnswersPage(Page):
    change_requested = Signal(str)
    submit_requested = Signal()
    start_over_requested = Signal()

    def __init__(self) -> None:
        super().__init__("check-page", N_("Please check your answers"))
        self.rows_holder = QVBoxLayout()
        self.rows_holder.setSpacing(16)
        self.content.addLayout(self.rows_holder)
        self.error = TextLabel("", role="error")
        self.error.setObjectName("check-error")
        self.error.hide()
        self.content.addWidget(self.error)
        start_over = self.add_footer_button(BigButton(N_("Start over")))
        start_over.setObjectName("check-start-over")
        start_over.clicked.connect(self.start_over_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.submit_button = self.add_footer_button(BigButton(N_("Submit"), role="primary"), 2)
        self.submit_button.setObjectName("check-submit")
        self.submit_button.clicked.connect(self.submit_requested)  # not .emit: PySide 6.12 leaks a True ref

    def show_rows(self, rows: list[SummaryRow]) -> None:
        self.wipe()
        for row in rows:
            self.rows_holder.addWidget(self._row(row))

    def show_error(self, message: LazyText) -> None:
        self.error.set_source(message)
        self.error.show()
        self.set_busy(False)  # "Submit" again, not a stuck "Saving…"

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)
        self.submit_button.set_source(N_("Saving…") if busy else N_("Submit"))

    def wipe(self) -> None:
        clear_layout(self.rows_holder)
        self.error.set_source("")
        self.error.hide()
        self.set_busy(False)

    def _row(self, row: SummaryRow) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        layout = QHBoxLayout(card)
        layout.setContentsMargins(24, 16, 24, 16)
        texts = QVBoxLayout()
        question = row.question
        texts.addWidget(TextLabel(lambda: question.label.get(current_language()), role="muted"))
        texts.addWidget(TextLabel(masked_for_screen(row)))
        layout.addLayout(texts, 1)
        change = BigButton(N_("Change"))
        change.setObjectName(f"change-{question.id}")
        change.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        change.setAccessibleName(f"{change.text()}: {question.label.get(current_language())}")
        change.clicked.connect(lambda: self.change_requested.emit(question.id))
        change.setVisible(row.changeable)
        layout.addWidget(change, 0, Qt.AlignmentFlag.AlignVCenter)
        return card


def masked_for_screen(row: SummaryRow) -> str:
    """A kiosk stands in a public hall: ID and phone numbers are shown masked even to their owner."""
    if row.value and row.question.type == FieldType.ID_NUMBER:
        return mask_id_number(row.value)
    if row.value and row.question.type == FieldType.PHONE:
        return mask_phone(row.value)
    return row.display_value


class ConfirmationPage(Page):
    finish_requested = Signal()

    def __init__(self) -> None:
        super().__init__("confirmation-page", N_("Saved. Thank you!"))
        self.title.setProperty("role", "title")
        body = QHBoxLayout()
        body.setSpacing(48)
        texts = QVBoxLayout()
        texts.setSpacing(24)
        texts.addWidget(TextLabel(N_("Your reference number"), role="muted"))
        self.reference = TextLabel("", role="reference")
        self.reference.setObjectName("confirmation-reference")
        texts.addWidget(self.reference)
        self.next_steps = TextLabel("")
        self.next_steps.setObjectName("confirmation-next-steps")
        texts.addWidget(self.next_steps)
        self.sync_status = TextLabel("", role="muted")
        self.sync_status.setObjectName("confirmation-sync-status")
        texts.addWidget(self.sync_status)
        body.addLayout(texts, 1)
        self.qr = QLabel()
        self.qr.setObjectName("confirmation-qr")
        self.qr.setAccessibleName(str(N_("QR code of your reference number")))
        self.qr.setFixedSize(280, 280)
        body.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.content.addLayout(body)
        finish = self.add_footer_button(BigButton(N_("Finish"), role="primary"))
        finish.setObjectName("confirmation-finish")
        finish.clicked.connect(self.finish_requested)  # not .emit: PySide 6.12 leaks a True ref

    def show_receipt(self, reference: str, receipt_payload: str, next_steps: LazyText | object) -> None:
        self.reference.set_source(reference)
        self.next_steps.set_source(next_steps)  # type: ignore[arg-type]
        self.sync_status.set_source(N_("Saved on this machine. It is sent to the service centre automatically."))
        self.qr.setPixmap(qr_pixmap(receipt_payload, 280))

    def show_sync_status(self, message: LazyText) -> None:
        self.sync_status.set_source(message)

    def wipe(self) -> None:
        self.reference.set_source("")
        self.next_steps.set_source("")
        self.sync_status.set_source("")
        self.qr.clear()


class IdleWarningPage(Page):
    more_time_requested = Signal()

    def __init__(self) -> None:
        super().__init__("idle-page", N_("Are you still there?"))
        self.countdown = TextLabel("")
        self.countdown.setObjectName("idle-countdown")
        self.content.addWidget(self.countdown)
        self.more_time = BigButton(N_("I need more time"), role="primary")
        self.more_time.setObjectName("idle-more-time")
        self.more_time.setMinimumHeight(200)
        self.more_time.clicked.connect(self.more_time_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.content.addWidget(self.more_time)

    def show_seconds_left(self, seconds: int) -> None:
        self.countdown.set_source(N_("In {seconds} seconds this screen returns to the start "
                                     "and your answers are cleared.", seconds=seconds))
