"""The kiosk's hall pages (取号): choose the service (a big tile each) with one-tap priority for a
disability or a pregnancy, then the ticket shown as it prints. Pages only show and signal; the flow is
``banshi.hall.kiosk_flow`` and the kiosk window wires them in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from banshi.hall.model import Priority
from banshi.hall.protocol import HallInfo
from banshi.hall.ticket_text import PrintedTicket
from banshi.i18n import N_, LazyText, current_language
from banshi.ui.page import Page
from banshi.ui.qr_image import qr_pixmap
from banshi.ui.text import BigButton, TextLabel

# One tap declares, a second takes it back (the button shows it is chosen).
_DECLARED: dict[Priority, LazyText] = {Priority.DISABLED: N_("Priority: I have a disability"),
                                       Priority.PREGNANT: N_("Priority: I am pregnant")}


class TakeNumberPage(Page):
    """取号: one tile per service of the hall; a declared need is one tap, and a tap again takes it back."""

    service_chosen = Signal(str, object)  # service id, Priority | None (a declared need)
    home_requested = Signal()

    def __init__(self, info: HallInfo) -> None:
        super().__init__("take-number-page", N_("Take a number for a window"))
        self.declared: Priority | None = None
        self.notice = TextLabel("", role="error")
        self.notice.setObjectName("take-number-notice")
        self.notice.hide()
        self.content.addWidget(self.notice)
        self.content.addWidget(self._tiles(info))
        self.content.addLayout(self._needs())
        self.senior_note = TextLabel(N_("You are 60 or over: your number has priority."), role="muted")
        self.senior_note.setObjectName("take-number-senior")
        self.senior_note.hide()
        self.content.addWidget(self.senior_note)
        home = self.add_footer_button(BigButton(N_("Back to start")))
        home.setObjectName("take-number-home")
        home.clicked.connect(self.home_requested)

    def _tiles(self, info: HallInfo) -> QWidget:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)  # the touch-target rule's minimum gap: the page must not scroll
        for position, service in enumerate(info.services):
            tile = BigButton(lambda s=service: f"{s.prefix}  {s.title_en if current_language() == 'en' else s.title_zh}",
                             role="tile")
            tile.setObjectName(f"take-number-{service.id}")
            tile.setMinimumHeight(120)
            tile.clicked.connect(lambda _checked=False, chosen=service.id: self.service_chosen.emit(chosen,
                                                                                                  self.declared))
            grid.addWidget(tile, position // 2, position % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return holder

    def _needs(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(24)
        self.need_buttons: dict[Priority, BigButton] = {}
        for need, text in _DECLARED.items():
            button = BigButton(text)
            button.setObjectName(f"take-number-{need.value}")
            button.setCheckable(True)
            button.clicked.connect(lambda checked, chosen=need: self._declare(chosen, checked))
            self.need_buttons[need] = button
            row.addWidget(button, 1)
        return row

    def _declare(self, need: Priority, checked: bool) -> None:
        self.declared = need if checked else None
        for other, button in self.need_buttons.items():
            button.setChecked(other == self.declared)

    def show_senior(self, senior: bool) -> None:
        self.senior_note.setVisible(senior)

    def show_notice(self, message: LazyText | None) -> None:
        self.notice.set_source(message or "")
        self.notice.setVisible(message is not None)

    def wipe(self) -> None:
        self._declare(Priority.NORMAL, False)
        self.show_senior(False)
        self.show_notice(None)


class TicketPage(Page):
    """The ticket as it prints: the number very large, the lines under it, and its QR."""

    finish_requested = Signal()

    def __init__(self) -> None:
        super().__init__("ticket-page", N_("Your number"))
        body = QHBoxLayout()
        body.setSpacing(48)
        texts = QVBoxLayout()
        texts.setSpacing(16)
        self.code = TextLabel("", role="reference")
        self.code.setObjectName("ticket-code")
        self.code.setStyleSheet("font-size: 120px; font-weight: bold;")  # the number people will hear called
        texts.addWidget(self.code)
        self.lines = TextLabel("")
        self.lines.setObjectName("ticket-lines")
        texts.addWidget(self.lines)
        self.status = TextLabel("", role="muted")
        self.status.setObjectName("ticket-status")
        texts.addWidget(self.status)
        body.addLayout(texts, 1)
        self.qr = QLabel()
        self.qr.setObjectName("ticket-qr")
        self.qr.setAccessibleName(str(N_("QR code of your ticket")))
        self.qr.setFixedSize(280, 280)
        body.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.content.addLayout(body)
        finish = self.add_footer_button(BigButton(N_("Finish"), role="primary"))
        finish.setObjectName("ticket-finish")
        finish.clicked.connect(self.finish_requested)

    def show_ticket(self, ticket: PrintedTicket) -> None:
        self.code.set_source(ticket.code)
        self.lines.set_source("\n".join(ticket.lines()[:3]))
        self.status.set_source(N_("Your ticket is printing. Please take it."))
        self.qr.setPixmap(qr_pixmap(ticket.qr, 280))

    def show_status(self, message: LazyText) -> None:
        self.status.set_source(message)

    def wipe(self) -> None:
        self.code.set_source("")
        self.lines.set_source("")
        self.qr.clear()


class CallStaffButton(QWidget):
    """呼叫工作人员, for every kiosk page: one tap asks; then it says whether staff are on the way."""

    requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("call-staff")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = BigButton(N_("Call staff"))
        self.button.setObjectName("call-staff-button")
        self.button.clicked.connect(self.requested)
        self.status = TextLabel("", role="muted")
        self.status.setObjectName("call-staff-status")
        self.status.hide()
        row.addWidget(self.button)
        row.addWidget(self.status, 1)

    def show_status(self, message: LazyText | None) -> None:
        self.status.set_source(message or "")
        self.status.setVisible(message is not None)
        self.button.setEnabled(message is None)
