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

_CHOOSE = N_("Tap the service you have come for. Your number is printed at once.")


class TakeNumberPage(Page):
    """取号: one tile per service of the hall; a declared need is one tap, and a tap again takes it back.

    The tiles come with the hall's answer (``show_services``); until then, or when the hall does not
    answer, the page says so in its notice and shows no tile (a number is never made up here).
    """

    service_chosen = Signal(str, object)  # service id, Priority | None (a declared need)
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__("take-number-page", N_("Take a number for a window"))
        self.declared: Priority | None = None
        self.notice = TextLabel("", role="error")
        self.notice.setObjectName("take-number-notice")
        self.notice.hide()
        self.content.addWidget(self.notice)
        self.tiles = QWidget()
        self.tiles.setObjectName("take-number-tiles")
        self._grid = QGridLayout(self.tiles)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(16)  # the touch-target rule's minimum gap: the page must not scroll
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1)
        self.service_tiles: dict[str, BigButton] = {}
        self.content.addWidget(self.tiles)
        self.needs = QWidget()
        self.needs.setLayout(self._needs())
        self.content.addWidget(self.needs)
        self.senior_note = TextLabel(N_("You are 60 or over: your number has priority."), role="muted")
        self.senior_note.setObjectName("take-number-senior")
        self.senior_note.hide()
        self.content.addWidget(self.senior_note)
        self.content.addStretch(1)
        nav = self.add_nav()
        nav.use(back=True, start_over=False, next_=False)
        nav.back.clicked.connect(self.back_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.show_services(None)

    def show_services(self, info: HallInfo | None, only: str | None = None) -> None:
        """The hall's services as tiles (``only``: just that one, after a filing); ``None``: no tiles."""
        for tile in self.service_tiles.values():
            self._grid.removeWidget(tile)
            tile.deleteLater()
        self.service_tiles = {}
        services = [] if info is None else [s for s in info.services if only is None or s.id == only]
        for position, service in enumerate(services):
            tile = BigButton(lambda s=service: f"{s.prefix}  {s.title_en if current_language() == 'en' else s.title_zh}",
                             role="tile")
            tile.setObjectName(f"take-number-{service.id}")
            tile.setMinimumHeight(120)
            tile.clicked.connect(lambda _checked=False, chosen=service.id: self.service_chosen.emit(chosen,
                                                                                                  self.declared))
            self._grid.addWidget(tile, position // 2, position % 2)
            self.service_tiles[service.id] = tile
        self.tiles.setVisible(bool(services))
        self.needs.setVisible(bool(services))
        self.set_hint(_CHOOSE if services else "")

    def _needs(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
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

    def set_busy(self, busy: bool) -> None:
        """While a number is being taken, no second tile can be tapped (one citizen, one ticket)."""
        for tile in self.service_tiles.values():
            tile.setEnabled(not busy)

    def show_senior(self, senior: bool) -> None:
        self.senior_note.setVisible(senior)

    def show_notice(self, message: LazyText | None) -> None:
        self.notice.set_source(message or "")
        self.notice.setVisible(message is not None)

    def spoken_text(self) -> str:
        """What the page says: the notice if there is one, else the heading and the services."""
        if self.notice.isVisibleTo(self):
            return self.notice.plain_text()
        tiles = "，".join(tile.text().split(maxsplit=1)[-1] for tile in self.service_tiles.values())
        return "。".join(part for part in (self.title.plain_text(), self.hint.plain_text(), tiles) if part)

    def wipe(self) -> None:
        self._declare(Priority.NORMAL, False)
        self.show_senior(False)
        self.show_notice(None)
        self.set_busy(False)


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
        texts.addStretch(1)
        body.addLayout(texts, 1)
        self.qr = QLabel()
        self.qr.setObjectName("ticket-qr")
        self.qr.setAccessibleName(str(N_("QR code of your ticket")))
        self.qr.setFixedSize(280, 280)
        self.side.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.side.addStretch(1)
        self.content.addLayout(body, 1)
        self.add_nav().only_next(N_("Finish"), "ticket-finish").clicked.connect(self.finish_requested)
        self.ticket: PrintedTicket | None = None

    def show_ticket(self, ticket: PrintedTicket) -> None:
        self.ticket = ticket
        self.code.set_source(ticket.code)
        self.lines.set_source(lambda: "\n".join(ticket.lines()[:3]))
        self.status.set_source(N_("Your ticket is printing. Please take it."))
        self.qr.setPixmap(qr_pixmap(ticket.qr, 280))

    def show_status(self, message: LazyText) -> None:
        self.status.set_source(message)

    def spoken_text(self) -> str:
        return self.ticket.spoken() if self.ticket is not None else ""

    def wipe(self) -> None:
        self.ticket = None
        self.code.set_source("")
        self.lines.set_source("")
        self.status.set_source("")
        self.qr.clear()
