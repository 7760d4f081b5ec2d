"""The kiosk's pages other than questions: attract, service menu, check answers, start over, idle warning.

Every page uses the template's navigation bar (``ui.page.NavBar``), so Back, Start over and Next sit in
the same place and size everywhere, and a page without one of them leaves its slot empty.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from banshi.i18n import N_, LazyText, current_language
from banshi.identity.masking import mask_id_number, mask_phone
from banshi.identity.sealed_facts import is_sealed, shown
from banshi.services import facts
from banshi.services.catalog import Catalog
from banshi.services.forms import SummaryRow
from banshi.services.schema import FieldType, Service
from banshi.ui.layouts import PagedList
from banshi.ui.page import Page
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
        self.actions = QHBoxLayout()
        self.actions.setSpacing(24)
        self.actions.addWidget(self.start_button, 1)
        self.content.addLayout(self.actions)
        self.content.addWidget(TextLabel(N_("No smartphone needed. Staff at the counter can also help you.")))
        self.content.addStretch(1)
        self.add_nav().use(back=False, start_over=False, next_=False)  # the band stays: pages never jump

    def add_action(self, button: BigButton) -> None:
        """A second way in beside Start, as large (取号 in a service hall): the page grows no taller."""
        button.setMinimumHeight(self.start_button.minimumHeight())
        self.actions.addWidget(button, 1)


class ServiceMenuPage(Page):
    service_chosen = Signal(str)
    home_requested = Signal()

    def __init__(self, catalog: Catalog) -> None:
        super().__init__("menu-page", N_("What would you like to do?"))
        self.notice = TextLabel("", role="error")
        self.notice.setObjectName("menu-notice")
        self.notice.hide()
        self.content.addWidget(self.notice)
        self.tiles = PagedList("menu-services", spacing=24)
        self.tiles.set_rows([self._row(list(catalog)[start:start + 2]) for start in range(0, len(catalog), 2)])
        self.content.addWidget(self.tiles, 1)
        nav = self.add_nav()
        nav.use(back=True, start_over=False, next_=False)
        nav.back.clicked.connect(self.home_requested)  # not .emit: PySide 6.12 leaks a True ref

    def _row(self, services: list[Service]) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        for service in services:
            layout.addWidget(self._tile(service), 1)  # equal columns, however long each title is
        if len(services) == 1:
            layout.addStretch(1)
        return row

    def _tile(self, service: Service) -> BigButton:
        tile = BigButton(lambda: service.title.get(current_language()), role="tile")
        tile.setObjectName(f"service-{service.id}")
        tile.clicked.connect(lambda: self.service_chosen.emit(service.id))
        return tile

    def show_notice(self, message: LazyText) -> None:
        self.notice.set_source(message)
        self.notice.show()


class CheckAnswersPage(Page):
    """GOV.UK check answers: one card per answer with Change, as many cards per page as fit."""

    change_requested = Signal(str)
    submit_requested = Signal()
    start_over_requested = Signal()
    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__("check-page", N_("Please check your answers"))
        self.rows = PagedList("check-rows")
        self.error = TextLabel("", role="error")
        self.error.setObjectName("check-error")
        self.error.hide()
        self.content.addWidget(self.error)
        self.content.addWidget(self.rows, 1)
        nav = self.add_nav()
        nav.back.clicked.connect(self.back_requested)  # not .emit: PySide 6.12 leaks a True ref
        nav.start_over.clicked.connect(self.start_over_requested)
        self.submit_button = nav.next
        self.submit_button.setObjectName("check-submit")
        self.submit_button.clicked.connect(self.submit_requested)
        self.set_busy(False)

    def show_rows(self, rows: list[SummaryRow]) -> None:
        self.rows.set_rows([_card(row, self.change_requested) for row in rows if shown_to_citizen(row)])

    def show_error(self, message: LazyText) -> None:
        self.error.set_source(message)
        self.error.show()
        self.set_busy(False)  # "Submit" again, not a stuck "Saving…"

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)
        self.submit_button.set_source(N_("Saving…") if busy else N_("Submit"))

    def wipe(self) -> None:
        self.rows.clear()
        self.error.set_source("")
        self.error.hide()
        self.set_busy(False)


def shown_to_citizen(row: SummaryRow) -> bool:
    """Internal references (a code's opaque citizen reference) mean nothing to a citizen: never shown."""
    return row.question.known_from not in facts.INTERNAL


def _card(row: SummaryRow, change_requested: Signal) -> QFrame:
    """GOV.UK summary list row: the question's label, the answer, Change, on one line where they fit."""
    card = QFrame()
    card.setProperty("role", "card")
    layout = QHBoxLayout(card)
    layout.setContentsMargins(24, 8, 24, 8)
    layout.setSpacing(24)
    question = row.question
    layout.addWidget(TextLabel(lambda: question.label.get(current_language()), role="muted"), 2)
    value = masked_for_screen(row)
    layout.addWidget(TextLabel(value if row.changeable else
                               lambda: str(N_("{answer} (from your citizen code)", answer=value))), 3)
    if row.changeable:
        change = BigButton(N_("Change"))
        change.setObjectName(f"change-{question.id}")
        change.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        change.setAccessibleName(f"{change.text()}: {question.label.get(current_language())}")
        change.clicked.connect(lambda: change_requested.emit(question.id))
        layout.addWidget(change, 0, Qt.AlignmentFlag.AlignVCenter)
    return card


def masked_for_screen(row: SummaryRow) -> str:
    """A kiosk stands in a public hall: names, ID and phone numbers are shown masked even to their owner."""
    if row.value and is_sealed(row.value):
        return shown(row.value)  # a fact only the hub can read: its masked form
    if row.value and row.question.type == FieldType.ID_NUMBER:
        return mask_id_number(row.value)
    if row.value and row.question.type == FieldType.PHONE:
        return mask_phone(row.value)
    if row.value and row.question.known_from == facts.NAME:
        return facts.masked_name(row.value)
    return row.display_value


class StartOverPage(Page):
    """Start over asks first. The safe answer is the default and sits in Next's place; clearing is elsewhere,
    so a second tap where Start over was lands on nothing."""

    keep_requested = Signal()
    clear_requested = Signal()

    def __init__(self) -> None:
        super().__init__("start-over-page", N_("Are you sure you want to start again?"))
        self.set_hint(N_("What you have filled in will be cleared."))
        self.clear_button = BigButton(N_("Yes, clear it and start again"))
        self.clear_button.setObjectName("start-over-clear")
        self.clear_button.clicked.connect(self.clear_requested)
        self.content.addWidget(self.clear_button)
        self.content.addStretch(1)
        keep = self.add_nav().only_next(N_("No, keep my answers"), "start-over-keep")
        keep.clicked.connect(self.keep_requested)

    def on_shown(self) -> None:
        self.nav.next.setFocus()  # type: ignore[union-attr]


class IdleWarningPage(Page):
    more_time_requested = Signal()

    def __init__(self) -> None:
        super().__init__("idle-page", N_("Are you still there?"))
        self.countdown = TextLabel("")
        self.countdown.setObjectName("idle-countdown")
        self.content.addWidget(self.countdown)
        self.content.addStretch(1)
        self.more_time = self.add_nav().only_next(N_("I need more time"), "idle-more-time")
        self.more_time.clicked.connect(self.more_time_requested)  # not .emit: PySide 6.12 leaks a True ref

    def show_seconds_left(self, seconds: int) -> None:
        self.countdown.set_source(N_("In {seconds} seconds this screen returns to the start "
                                     "and your answers are cleared.", seconds=seconds))
