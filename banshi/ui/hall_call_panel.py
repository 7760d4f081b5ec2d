"""The counter's call panel (叫号): the ticket at this window, the actions on it, how many wait, and
calls for staff from kiosks in this area. Network work goes through the bridge; the panel only shows.

When the hall service does not answer, the panel says so and tells the clerk to call the next person
by voice; finish and no-show are kept and sent later (``banshi.hall.counter_link``).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from banshi.hall.model import CounterAction, TicketState
from banshi.hall.protocol import CounterState, StaffRequestView, TicketView
from banshi.i18n import N_, LazyText
from banshi.ui.text import BigButton, TextLabel

_STATE_TEXT: dict[TicketState, LazyText] = {TicketState.CALLED: N_("Called, on the way"),
                                            TicketState.SERVING: N_("Being served")}
ACTIONS: dict[CounterAction, LazyText] = {
    CounterAction.CALL_NEXT: N_("Call next"), CounterAction.RECALL: N_("Call again"),
    CounterAction.NO_SHOW: N_("Did not come"), CounterAction.START: N_("Start serving"),
    CounterAction.FINISH: N_("Finished"),
}


class CallPanel(QWidget):
    action_requested = Signal(object)  # a CounterAction
    staff_taken = Signal(str)  # a staff request id

    def __init__(self, counter: str) -> None:
        super().__init__()
        self.setObjectName("hall-call-panel")
        self.counter = counter
        self.ticket: TicketView | None = None  # the ticket at this window, as last shown
        self.title = TextLabel(N_("Window {counter}: calling", counter=counter), role="title")
        self.code = TextLabel("", role="title")
        self.code.setObjectName("current-ticket")
        self.code.setStyleSheet("font-size: 64px; font-weight: bold;")  # the number the clerk reads out
        self.detail = TextLabel("")
        self.waiting = TextLabel("")
        self.notice = TextLabel("", role="error")
        self.notice.setWordWrap(True)
        self.buttons = {action: BigButton(text) for action, text in ACTIONS.items()}
        for action, button in self.buttons.items():
            button.setObjectName(f"hall-{action.value}")
            button.clicked.connect(lambda _checked=False, chosen=action: self.action_requested.emit(chosen))
        self.staff_title = TextLabel(N_("Calls for staff"), role="title")
        self.staff_rows = QVBoxLayout()
        self._layout()
        self.show_state(None)

    def _layout(self) -> None:
        buttons = QGridLayout()
        for index, button in enumerate(self.buttons.values()):
            buttons.addWidget(button, index // 3, index % 3)
        column = QVBoxLayout(self)
        for widget in (self.title, self.code, self.detail, self.waiting, self.notice):
            column.addWidget(widget)
        column.addLayout(buttons)
        column.addWidget(self.staff_title)
        column.addLayout(self.staff_rows)
        column.addStretch(1)

    def show_state(self, state: CounterState | None) -> None:
        ticket = state.ticket if state else None
        self.ticket = ticket
        self._show_ticket(ticket)
        self.waiting.set_source(N_("{count} waiting for this window", count=state.waiting if state else 0))
        self.buttons[CounterAction.CALL_NEXT].setEnabled(state is not None and ticket is None)
        for action in (CounterAction.RECALL, CounterAction.NO_SHOW, CounterAction.START):
            self.buttons[action].setEnabled(ticket is not None and ticket.ticket_state is TicketState.CALLED)
        self.buttons[CounterAction.FINISH].setEnabled(ticket is not None)
        self._show_staff(state.staff_requests if state else [])

    def _show_ticket(self, ticket: TicketView | None) -> None:
        self.code.set_source(ticket.code if ticket else N_("No one at this window"))
        if ticket is None:
            self.detail.set_source("")
            return
        self.detail.set_source(N_("{state} · called {count} times", state=_STATE_TEXT.get(ticket.ticket_state, ""),
                                  count=ticket.call_count))

    def _show_staff(self, requests: list[StaffRequestView]) -> None:
        while self.staff_rows.count():
            item = self.staff_rows.takeAt(0)
            if item.layout() is not None:
                while item.layout().count():
                    item.layout().takeAt(0).widget().deleteLater()
        for request in requests:
            row = QHBoxLayout()
            minutes = max(0, int((time.time() - request.created_at) // 60))
            where = TextLabel(N_("{kiosk}, page {page}, {minutes} min ago", kiosk=request.kiosk, page=request.page,
                                 minutes=minutes))
            take = BigButton(N_("I'll go"))
            take.setObjectName(f"take-{request.id}")
            take.clicked.connect(lambda _checked=False, chosen=request.id: self.staff_taken.emit(chosen))
            row.addWidget(where, 1)
            row.addWidget(take)
            self.staff_rows.addLayout(row)
            where.show()  # added after the panel was shown: a new child stays hidden until told
            take.show()
        self.staff_title.setVisible(bool(requests))

    def show_unreachable(self, unreachable: bool, kept: int = 0) -> None:
        """The hall did not answer: say what to do instead (``kept`` actions wait to be sent)."""
        self.notice.set_source(N_("The queue service is not answering: call the next person by voice. "
                                  "{kept} records will be sent when it is back.", kept=kept) if unreachable else "")
        if unreachable:
            self.buttons[CounterAction.CALL_NEXT].setEnabled(False)
