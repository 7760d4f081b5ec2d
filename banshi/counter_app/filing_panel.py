"""The clerk's filing panel: pick a service, answer one question at a time (validated as you type),
then the summary the citizen confirms on their display, then save. Keyboard-first."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QListWidget, QListWidgetItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from banshi.counter_app.citizen import shown_rows
from banshi.counter_app.desk import CounterDesk, Stage
from banshi.counter_app.widgets import line_edit, no_sideways_scrolling, read_only_table, spaced
from banshi.i18n import N_, current_language
from banshi.services.catalog import Catalog
from banshi.services.errors import AnswerError
from banshi.services.fields import parse_answer
from banshi.services.forms import CheckAnswersPage, QuestionPage
from banshi.services.schema import FieldType, Question, Service
from banshi.ui.text import BigButton, TextLabel

_STAGE_TEXT = {
    Stage.READY: N_("Choose a service (Ctrl+N) to start a filing."),
    Stage.FILLING: N_("Answer the questions with the citizen."),
    Stage.CONFIRMING: N_("Waiting for the citizen to confirm the summary on their screen."),
    Stage.CONFIRMED: N_("The citizen confirmed. Save the filing (Ctrl+S)."),
    Stage.RATING: N_("Saved. The citizen is rating the service."),
    Stage.DONE: N_("Done. Press Finish (Ctrl+F) for the next citizen."),
}


class FilingPanel(QWidget):
    service_chosen = Signal(str)
    save_requested = Signal()
    finish_requested = Signal()

    def __init__(self, desk: CounterDesk, catalog: Catalog) -> None:
        super().__init__()
        self.setObjectName("filing-panel")
        self._desk = desk
        self._question: Question | None = None
        self.services = QListWidget()
        self.services.setObjectName("service-list")
        self.services.setAccessibleName(str(N_("Services")))
        self.services.setAcceptDrops(False)
        no_sideways_scrolling(self.services)
        for service in catalog:
            item = QListWidgetItem(str(service.title))
            item.setData(Qt.ItemDataRole.UserRole, service.id)
            self.services.addItem(item)
        self.services.itemActivated.connect(self._choose)
        self._build()

    def _build(self) -> None:
        self.service_title = TextLabel("", role="title")  # the service being filed, named where the clerk works
        self.service_title.setObjectName("filing-service")
        self.stage_label = TextLabel("", role="muted")
        self.stage_label.setObjectName("filing-stage")
        self.progress = TextLabel("", role="muted")
        self.question_label = TextLabel("", role="title")
        self.question_label.setObjectName("filing-question")
        self.line_edit = line_edit("filing-input", str(N_("Answer")))
        self.line_edit.textEdited.connect(self._validate_as_you_type)
        self.line_edit.returnPressed.connect(self._next)
        self.choices = QComboBox()
        self.choices.setObjectName("filing-choices")
        self.error = TextLabel("", role="error")
        self.error.setObjectName("filing-error")
        self.next_button = BigButton(N_("Next (Enter)"), role="primary")
        self.next_button.setObjectName("filing-next")
        self.next_button.clicked.connect(self._next)
        self.back_button = BigButton(N_("Back"))
        self.back_button.setObjectName("filing-back")
        self.back_button.clicked.connect(self._back)
        self.summary = self._summary_table()
        self.save_button = BigButton(N_("Save filing (Ctrl+S)"), role="primary")
        self.save_button.setObjectName("filing-save")
        self.save_button.clicked.connect(self.save_requested.emit)
        self.finish_button = BigButton(N_("Finish (Ctrl+F)"))
        self.finish_button.setObjectName("filing-finish")
        self.finish_button.clicked.connect(self.finish_requested.emit)
        self._lay_out()

    def _summary_table(self) -> QTableWidget:
        table = read_only_table("filing-summary", str(N_("Summary of answers")), [N_("Question"), N_("Answer")])
        table.cellActivated.connect(lambda row, _column: self._change(row))
        return table

    def _lay_out(self) -> None:
        form = spaced(QVBoxLayout())
        for widget in (self.service_title, self.stage_label, self.progress, self.question_label, self.line_edit,
                       self.choices, self.error, self.summary):
            form.addWidget(widget)
        buttons = spaced(QHBoxLayout())
        for button in (self.back_button, self.next_button, self.save_button, self.finish_button):
            buttons.addWidget(button)
        form.addLayout(buttons)
        form.addStretch(1)
        layout = spaced(QHBoxLayout(self))
        layout.addWidget(self.services, 1)
        layout.addLayout(form, 3)
        chain = [self.services, self.line_edit, self.choices, self.summary, self.back_button, self.next_button,
                 self.save_button, self.finish_button]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)

    # ----- rendering the desk

    def render(self) -> None:
        desk = self._desk
        self._show_service(desk.session.service if desk.session is not None else None)
        self.stage_label.set_source(_STAGE_TEXT.get(desk.stage, ""))
        page = desk.session.page if desk.session and desk.stage is Stage.FILLING else None
        self._show_question(page if isinstance(page, QuestionPage) else None)
        on_summary = desk.session is not None and desk.stage not in (Stage.FILLING, Stage.READY)
        self.summary.setVisible(on_summary)
        if on_summary and desk.session is not None and isinstance(desk.session.page, CheckAnswersPage):
            self._show_summary()
        # Hidden, not just disabled: the clerk sees only what can be done now.
        for button, shown in ((self.save_button, desk.stage is Stage.CONFIRMED),
                              (self.finish_button, desk.stage in (Stage.RATING, Stage.DONE) or
                               (desk.stage is Stage.READY and desk.citizen is not None))):
            button.setEnabled(shown)
            button.setVisible(shown)

    def _show_service(self, service: Service | None) -> None:
        """The service being filed, named above the form and selected in the list (nothing else selected)."""
        self.service_title.setVisible(service is not None)
        if service is None:
            self.services.clearSelection()  # the last citizen's service is not highlighted for the next one
            return
        self.service_title.set_source(lambda: service.title.get(current_language()))
        row = next((index for index in range(self.services.count())
                    if self.services.item(index).data(Qt.ItemDataRole.UserRole) == service.id), -1)
        if row != self.services.currentRow():
            self.services.setCurrentRow(row)

    def show_saving(self) -> None:
        """Save is pressed: it stays off until the outbox has the filing (``render`` puts it back on failure)."""
        self.save_button.setEnabled(False)

    def _show_question(self, page: QuestionPage | None) -> None:
        self._question = page.question if page else None
        for widget in (self.progress, self.question_label, self.next_button, self.back_button):
            widget.setVisible(page is not None)
        if page is None:
            self.line_edit.hide()
            self.choices.hide()
            self.error.set_source("")
            return
        question = page.question
        self.progress.set_source(N_("Question {index} of {total}", index=page.index, total=page.total))
        self.question_label.set_source(lambda: question.label.get(current_language()))
        self._show_input(question, page.current_value or "")

    def _show_input(self, question: Question, value: str) -> None:
        allowed = question.allowed_values()
        self.error.set_source("")
        self.line_edit.setVisible(allowed is None)
        self.choices.setVisible(allowed is not None)
        if allowed is None:
            self.line_edit.setText(value)
            self.line_edit.setAccessibleName(question.label.get(current_language()))
            self.line_edit.setFocus()
            return
        self.choices.clear()
        for choice_value in allowed:
            self.choices.addItem(_choice_label(question, choice_value), choice_value)
        self.choices.setAccessibleName(question.label.get(current_language()))
        self.choices.setCurrentIndex(max(0, allowed.index(value)) if value in allowed else 0)
        self.choices.setFocus()

    def _show_summary(self) -> None:
        assert self._desk.session is not None
        rows = shown_rows(self._desk.session.summary_rows())
        self.summary.setRowCount(len(rows))
        for index, (row, value) in enumerate(rows):
            self.summary.setItem(index, 0, QTableWidgetItem(row.question.label.get(current_language())))
            self.summary.setItem(index, 1, QTableWidgetItem(value))

    # ----- clerk input

    def _validate_as_you_type(self, text: str) -> None:
        if self._question is None or not text.strip():
            self.error.set_source("")
            return
        try:
            parse_answer(self._question, text, date.today())
            self.error.set_source("")
        except AnswerError as error:
            self.error.set_source(error.user_message)

    def _raw_answer(self) -> str:
        if self.choices.isVisible() or (self._question and self._question.allowed_values()):
            return str(self.choices.currentData() or "")
        return self.line_edit.text()

    def _next(self) -> None:
        session = self._desk.session
        if session is None or self._question is None:
            return
        try:
            session.answer(self._raw_answer())
        except AnswerError as error:
            self.error.set_source(error.user_message)

    def _back(self) -> None:
        session = self._desk.session
        if session is not None and session.can_go_back:
            session.back()

    def _change(self, row: int) -> None:
        session = self._desk.session
        if session is None or self._desk.stage not in (Stage.CONFIRMING, Stage.CONFIRMED):
            return
        summary = [shown for shown, _value in shown_rows(session.summary_rows())]  # the rows the table holds
        if 0 <= row < len(summary) and summary[row].changeable:
            session.change(summary[row].question.id)

    @property
    def shown_question_id(self) -> str | None:
        return self._question.id if self._question else None

    def _choose(self, item: QListWidgetItem) -> None:
        self.service_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def focus_services(self) -> None:
        self.services.setFocus()
        if self.services.currentRow() < 0:  # a cursor for the arrow keys, not a choice: nothing is selected
            self.services.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)


def _choice_label(question: Question, value: str) -> str:
    if question.type is FieldType.CHOICE:
        return question.choice(value).label.get(current_language())
    return str(N_("Yes")) if value == "yes" else str(N_("No"))
