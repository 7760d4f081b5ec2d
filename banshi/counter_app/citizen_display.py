"""The citizen-facing display: large text (elder theme) showing the citizen their own answers in full,
so they can check them; they confirm the summary and rate the service (好差评) by touch.

It faces the citizen across the desk, so nothing is masked that they gave or can read on their own ID card
(masking protects the screens others see). Two things are never shown as they are: an internal reference
(it means nothing to the citizen) and a fact sealed to the hub (the counter cannot read it: its masked form).
It renders the desk and never edits answers.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from banshi.accessibility.qss import stylesheet
from banshi.accessibility.tokens import theme
from banshi.counter_app.citizen import shown_rows
from banshi.counter_app.desk import CounterDesk, Stage
from banshi.i18n import N_, LazyText, current_language
from banshi.services.forms import QuestionPage, SummaryRow
from banshi.ui.application import cjk_family
from banshi.ui.layouts import PagedList
from banshi.ui.page import Page
from banshi.ui.rating import RatingPanel, national_levels, national_reasons
from banshi.ui.text import BigButton, TextLabel

THEME = "elder"


def _button(name: str, text: LazyText | str, role: str = "") -> BigButton:
    button = BigButton(text, role=role)
    button.setObjectName(name)
    return button


def _row_card(index: int, row: SummaryRow, value: str) -> QFrame:
    card = QFrame()
    card.setProperty("role", "card")
    layout = QHBoxLayout(card)
    layout.setContentsMargins(24, 8, 24, 8)
    layout.setSpacing(32)
    question = row.question
    layout.addWidget(TextLabel(lambda: question.label.get(current_language())), 2)
    shown_value = TextLabel(value)
    shown_value.setObjectName(f"citizen-row-{index}")
    layout.addWidget(shown_value, 3)
    return card


class _RowsPage(Page):
    """A title and the answers so far, as many cards a page as fit (上一页/下一页 for the rest)."""

    def __init__(self, name: str, title: LazyText) -> None:
        super().__init__(name, title, max_content_width=1700)
        self.rows = PagedList(f"{name}-rows")
        self.content.addWidget(self.rows, 1)

    def show_rows(self, desk: CounterDesk) -> None:
        rows = shown_rows(desk.session.summary_rows()) if desk.session is not None else []
        self.rows.set_rows([_row_card(index, row, value) for index, (row, value) in enumerate(rows)])


class CitizenDisplay(QWidget):
    confirmed = Signal()
    disputed = Signal()
    rated = Signal(str, str)  # rating, reason ("" when none)
    rating_skipped = Signal()

    def __init__(self, desk: CounterDesk) -> None:
        super().__init__()
        self.setObjectName("citizen-display")
        self.setWindowTitle("办事 Banshi")
        self._desk = desk
        chosen = theme(THEME)
        font = QFont(cjk_family())
        font.setPixelSize(chosen.body_px)
        self.setFont(font)
        self.setStyleSheet(stylesheet(chosen))
        self.stack = QStackedWidget()
        self._build_pages()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.render()

    def _build_pages(self) -> None:
        self.welcome = Page("citizen-welcome", N_("Welcome"))
        self.welcome.content.addWidget(TextLabel(N_("A member of staff will help you. "
                                                    "What is filed in your name appears on this screen.")))
        self.mirror = _RowsPage("citizen-mirror", N_("Your application"))
        self.confirm = _RowsPage("citizen-confirm", N_("Please check your application"))
        self.confirm.set_hint(N_("Touch “Yes, this is correct” if everything is right."))
        for page in (self.mirror, self.confirm):
            page.kicker.setProperty("role", "")  # the muted role is 28 px; this display stays ≥ 32 px
            page.hint.setProperty("role", "")
        self.confirm_button = self.confirm.add_footer_button(
            _button("citizen-confirm-yes", N_("Yes, this is correct"), "primary"), 2)
        self.confirm_button.clicked.connect(self.confirmed)  # not .emit: PySide 6.12 leaks a True ref
        self.dispute_button = self.confirm.add_footer_button(_button("citizen-confirm-no", N_("Something is wrong")))
        self.dispute_button.clicked.connect(self.disputed)
        self.saving = Page("citizen-saving", N_("Thank you"))
        self.saving.content.addWidget(TextLabel(N_("The member of staff is saving your application.")))
        self.rating = self._rating_page()
        self.thanks = Page("citizen-thanks", N_("Thank you"))
        self.reference = TextLabel("", role="reference")
        self.reference.setObjectName("citizen-reference")
        self.thanks.content.addWidget(self.reference)
        self.thanks.content.addWidget(TextLabel(N_("The member of staff gives you your receipt.")))
        self.thanks.content.addStretch(1)
        for page in (self.welcome, self.mirror, self.confirm, self.saving, self.rating, self.thanks):
            self.stack.addWidget(page)

    def _rating_page(self) -> Page:
        """The shared 好差评 panel: five alike levels with faces, a skip; a bad one asks why."""
        # The whole width: five faces in a row keep their words on one line.
        page = Page("citizen-rating", N_("How satisfied are you with our service today?"), max_content_width=1792)
        page.set_hint(N_("Tap a face. You may skip this."))
        page.hint.setProperty("role", "")
        self.rating_panel = RatingPanel(national_levels(), national_reasons())
        self.rating_panel.rated.connect(self._rate)
        self.rating_panel.skipped.connect(self.rating_skipped)
        page.content.addWidget(self.rating_panel, 1)
        return page

    def _rate(self, level: str, reason: str) -> None:
        self.rating_panel.setEnabled(False)  # one rating per case: taps while it is saved do nothing
        self.rated.emit(level, reason)

    def ask_rating_again(self) -> None:
        """The rating could not be saved: the five levels again, nothing chosen."""
        self.rating_panel.setEnabled(True)
        self.stack.setCurrentWidget(self.rating)
        self.rating_panel.reset()  # after the switch: the stack moves focus onto the first level it shows

    def render(self) -> None:
        desk = self._desk
        page = self._page_for(desk.stage)
        if page in (self.mirror, self.confirm):
            page.show_rows(desk)  # type: ignore[attr-defined]
        if page is self.mirror and desk.session is not None and isinstance(desk.session.page, QuestionPage):
            current = desk.session.page
            self.mirror.kicker.set_source(lambda: str(N_("Now: {question}",
                                                          question=current.question.label.get(current_language()))))
            self.mirror.kicker.show()
        if page is self.thanks and desk.transaction is not None:
            self.reference.set_source(N_("Your reference number: {reference}", reference=desk.transaction.reference))
        if page is self.rating and self.stack.currentWidget() is not self.rating:
            self.ask_rating_again()  # a new case: nothing chosen, nothing singled out by focus
        else:
            self.stack.setCurrentWidget(page)

    def _page_for(self, stage: Stage) -> Page:
        return {
            Stage.FILLING: self.mirror, Stage.CONFIRMING: self.confirm, Stage.CONFIRMED: self.saving,
            Stage.RATING: self.rating, Stage.DONE: self.thanks,
        }.get(stage, self.welcome)

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]
