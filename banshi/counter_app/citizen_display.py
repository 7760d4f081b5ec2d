"""The citizen-facing display: large text (elder theme) mirroring what is filed, masked; the citizen
confirms the summary and rates the service by touch. It renders the desk and never edits answers."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QStackedWidget, QVBoxLayout, QWidget

from banshi.accessibility.qss import stylesheet
from banshi.accessibility.tokens import theme
from banshi.counter_app.desk import CounterDesk, Stage
from banshi.counter_app.mirror import mirror_rows
from banshi.i18n import N_, LazyText, current_language
from banshi.services.forms import QuestionPage
from banshi.services.records import RatingLevel, RatingReason
from banshi.ui.application import cjk_family
from banshi.ui.layouts import clear_layout
from banshi.ui.page import Page
from banshi.ui.text import BigButton, TextLabel

THEME = "elder"


def _button(name: str, text: LazyText | str, role: str = "") -> BigButton:
    button = BigButton(text, role=role)
    button.setObjectName(name)
    return button


def _grid(page: Page) -> QGridLayout:
    grid = QGridLayout()
    grid.setSpacing(32)
    page.content.addLayout(grid)
    return grid


class _RowsPage(Page):
    """A title and the masked answers so far, one per line."""

    def __init__(self, name: str, title: LazyText) -> None:
        super().__init__(name, title, max_content_width=1700)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(48)
        self.rows.setVerticalSpacing(16)
        self.content.addLayout(self.rows)

    def show_rows(self, desk: CounterDesk) -> None:
        clear_layout(self.rows)
        if desk.session is None:
            return
        for index, row in enumerate(mirror_rows(desk.session.summary_rows(), current_language())):
            label = TextLabel(row.label)
            value = TextLabel(row.value)
            value.setObjectName(f"citizen-row-{index}")
            self.rows.addWidget(label, index, 0)
            self.rows.addWidget(value, index, 1)
        self.rows.setColumnStretch(1, 1)


class CitizenDisplay(QWidget):
    confirmed = Signal()
    disputed = Signal()
    rated = Signal(str, str)  # rating, reason ("" when none)

    def __init__(self, desk: CounterDesk) -> None:
        super().__init__()
        self.setObjectName("citizen-display")
        self.setWindowTitle("办事 Banshi")
        self._desk = desk
        self._rating = ""
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
        for page in (self.mirror, self.confirm):
            page.kicker.setProperty("role", "")  # the muted role is 28 px; this display stays ≥ 32 px
        self.confirm.content.addWidget(TextLabel(N_("Touch “Yes, this is correct” if everything is right.")))
        self.confirm_button = self.confirm.add_footer_button(
            _button("citizen-confirm-yes", N_("Yes, this is correct"), "primary"), 2)
        self.confirm_button.clicked.connect(self.confirmed.emit)
        self.dispute_button = self.confirm.add_footer_button(_button("citizen-confirm-no", N_("Something is wrong")))
        self.dispute_button.clicked.connect(self.disputed.emit)
        self.saving = Page("citizen-saving", N_("Thank you"))
        self.saving.content.addWidget(TextLabel(N_("The member of staff is saving your application.")))
        self.rating = self._rating_page()
        self.reasons = self._reasons_page()
        self.thanks = Page("citizen-thanks", N_("Thank you for your rating"))
        self.reference = TextLabel("", role="reference")
        self.reference.setObjectName("citizen-reference")
        self.thanks.content.addWidget(self.reference)
        for page in (self.welcome, self.mirror, self.confirm, self.saving, self.rating, self.reasons, self.thanks):
            self.stack.addWidget(page)

    def _rating_page(self) -> Page:
        # Two rows (three good, two bad) keep every answer on one screen without scrolling.
        page = Page("citizen-rating", N_("How satisfied are you with our service today?"))
        grid = _grid(page)
        for index, level in enumerate(RatingLevel):
            button = _button(f"rating-{level}", level.label, "primary" if level is RatingLevel.VERY_SATISFIED else "")
            button.clicked.connect(lambda _checked=False, level=level: self._rate(level))
            grid.addWidget(button, index // 3, index % 3)
        return page

    def _reasons_page(self) -> Page:
        page = Page("citizen-reasons", N_("What was not good? (you may skip this)"))
        grid = _grid(page)
        for index, reason in enumerate(RatingReason):
            button = _button(f"reason-{reason}", reason.label)
            button.clicked.connect(lambda _checked=False, reason=reason: self.rated.emit(self._rating, reason.value))
            grid.addWidget(button, index // 2, index % 2)
        skip = page.add_footer_button(_button("reason-skip", N_("Skip")))
        skip.clicked.connect(lambda: self.rated.emit(self._rating, ""))
        return page

    def _rate(self, level: RatingLevel) -> None:
        self._rating = level.value
        if level.is_bad:
            self.stack.setCurrentWidget(self.reasons)
        else:
            self.rated.emit(level.value, "")

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
        if self.stack.currentWidget() is not self.reasons or desk.stage is not Stage.RATING:
            self.stack.setCurrentWidget(page)

    def _page_for(self, stage: Stage) -> Page:
        return {
            Stage.FILLING: self.mirror, Stage.CONFIRMING: self.confirm, Stage.CONFIRMED: self.saving,
            Stage.RATING: self.rating, Stage.DONE: self.thanks,
        }.get(stage, self.welcome)

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]
