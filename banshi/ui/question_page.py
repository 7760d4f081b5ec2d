"""One question per page (GOV.UK): the question is the heading, a hint below it, an error above the field.

The input comes from ``banshi.ui.inputs.input_for`` (keyed by question type); the page places it in the
content column and keeps everything around it in the template's places: progress, heading, hint, the
error message, and the navigation bar (Back, Start over, Next) that never moves.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText, current_language
from banshi.services.schema import FieldType, Question
from banshi.ui.inputs import AnswerInput, InputContext, input_for
from banshi.ui.layouts import clear_layout
from banshi.ui.page import Page
from banshi.ui.text import TextLabel, TextSource, WrappingField, render


def answer_example(question: Question, today: date) -> str:
    """An answer the citizen could enter with what the page shows (keypad keys, for digit types)."""
    if question.type == FieldType.PHONE:
        return "13800138000"
    if question.type in (FieldType.NUMBER, FieldType.COUNT):
        return str(question.min if question.min is not None else 1)
    if question.type == FieldType.DATE:
        return (today + timedelta(days=7)).isoformat()
    if question.type == FieldType.ID_NUMBER:
        return "110101195003071234"
    return ""


def error_text(question: Question, message: TextSource, today: date) -> str:
    """The message says what to do; an example follows unless the message already gives one."""
    text = render(message)
    example = answer_example(question, today)
    if example and example not in text:
        text += "\n" + str(N_("For example: {example}", example=example))
    return text


class QuestionPage(Page):
    """Shows a question; emits ``answered`` with the raw text. Choices answer on a single tap."""

    answered = Signal(str)
    read_back = Signal(str)  # what the citizen entered, to be spoken back to them
    back_requested = Signal()
    start_over_requested = Signal()
    error_shown = Signal(str)  # the message as shown, for speech

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("question-page", "")
        self.progress = self.kicker
        self.progress.show()
        self.error = TextLabel("", role="error")
        self.error.setObjectName("question-error")
        self.error.hide()
        self.input_area = QVBoxLayout()
        self.input_area.setSpacing(24)
        self.content.addWidget(self.error)
        self.content.addLayout(self.input_area, 1)
        self.input_context = InputContext()  # the app may replace it (today's date, optional engines)
        self.answer_input: AnswerInput | None = None
        self._question: Question | None = None
        nav = self.add_nav()
        self.back_button, self.start_over_button, self.next_button = nav.buttons()
        self.back_button.clicked.connect(self.back_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.start_over_button.clicked.connect(self.start_over_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.next_button.clicked.connect(self._submit_text)

    def show_question(self, question: Question, index: int, total: int, value: str, can_go_back: bool) -> None:
        self._question = question
        self.title.set_source(lambda: question.prompt.get(current_language()))  # the question itself
        self.title.setAccessibleDescription(question.label.get(current_language()))
        self.progress.set_source(N_("Question {index} of {total}", index=index, total=total))
        self.set_hint(lambda: question.help.get(current_language()) if question.help else "")
        self.clear_error()
        self._rebuild_input(question, value)
        self.nav.use(back=can_go_back, start_over=True, next_=self.answer_input.shows_next)  # type: ignore[union-attr]

    def show_error(self, message: LazyText | str) -> None:
        """GOV.UK: the message above the field saying what to do, the field marked, focus kept on it."""
        question = self._question
        self.error.set_source(lambda: error_text(question, message, self.input_context.today())
                              if question is not None else render(message))
        self.error.show()
        if self.line_edit is not None:
            mark_invalid(self.line_edit, True)
        if self.answer_input is not None:
            self.answer_input.show_error()
        self.error_shown.emit(self.error.plain_text())

    def clear_error(self) -> None:
        self.error.set_source("")
        self.error.hide()
        if self.line_edit is not None:
            mark_invalid(self.line_edit, False)

    def wipe(self) -> None:
        """Forget what the last citizen typed (session wipe)."""
        if self.answer_input is not None:
            self.answer_input.wipe()
        self.clear_error()

    def _rebuild_input(self, question: Question, value: str) -> None:
        clear_layout(self.input_area)
        clear_layout(self.side)
        self.answer_input = input_for(question, value, self.input_context)
        self.answer_input.submitted.connect(self.answered)
        self.answer_input.read_back.connect(self.read_back)
        if self.answer_input.fills_height:  # a paged list, a handwriting pad: they take what the page leaves
            self.input_area.addWidget(self.answer_input, 1)
        else:
            self.input_area.addWidget(self.answer_input)
            self.input_area.addStretch(1)
        side = self.answer_input.side_panel()
        if side is not None:
            self.side.addWidget(side, 0, Qt.AlignmentFlag.AlignTop)
            self.side.addStretch(1)
        self.arrange()

    @property
    def line_edit(self) -> QWidget | None:
        """The input's text field (a QLineEdit or a ``WrappingField``), for inputs that have one."""
        return getattr(self.answer_input, "line_edit", None) if self.answer_input is not None else None

    def _submit_text(self) -> None:
        if self.answer_input is not None:
            self.answered.emit(self.answer_input.raw_answer())

    def on_shown(self) -> None:
        if self.answer_input is not None:
            self.answer_input.focus_first()


def mark_invalid(field: QWidget, invalid: bool) -> None:
    """The thick error border (QSS ``[invalid="true"]``, error colour ≥ 3:1), re-polished so it shows at once."""
    field.setProperty("invalid", invalid)
    field.style().unpolish(field)
    field.style().polish(field)


__all__ = ["QuestionPage", "WrappingField", "answer_example", "error_text", "mark_invalid"]
