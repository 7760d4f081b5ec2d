"""One question per page: the prompt in large text and the input its type needs, all single-tap.

The input comes from ``banshi.ui.inputs.input_for`` (keyed by question type); the page only places it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from banshi.i18n import N_, current_language
from banshi.services.schema import Question
from banshi.ui.inputs import AnswerInput, InputContext, input_for
from banshi.ui.layouts import clear_layout
from banshi.ui.page import Page
from banshi.ui.text import BigButton, TextLabel


class QuestionPage(Page):
    """Shows a question; emits ``answered`` with the raw text. Choices answer on a single tap."""

    answered = Signal(str)
    read_back = Signal(str)  # what the citizen entered, to be spoken back to them
    back_requested = Signal()
    start_over_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("question-page", "")
        self.progress = self.kicker
        self.progress.show()
        self.help = TextLabel("", role="muted")
        self.error = TextLabel("", role="error")
        self.error.setObjectName("question-error")
        self.error.hide()
        self.input_area = QVBoxLayout()
        self.input_area.setSpacing(24)
        self.content.addWidget(self.help)
        self.content.addWidget(self.error)
        self.content.addLayout(self.input_area)
        self.input_context = InputContext()  # the app may replace it (today's date, optional engines)
        self.answer_input: AnswerInput | None = None
        self.back_button = self.add_footer_button(BigButton(N_("Back")))
        self.back_button.setObjectName("question-back")
        self.back_button.clicked.connect(self.back_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.start_over_button = self.add_footer_button(BigButton(N_("Start over")))
        self.start_over_button.setObjectName("question-start-over")
        self.start_over_button.clicked.connect(self.start_over_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.next_button = self.add_footer_button(BigButton(N_("Next"), role="primary"), 2)
        self.next_button.setObjectName("question-next")
        self.next_button.clicked.connect(self._submit_text)

    def show_question(self, question: Question, index: int, total: int, value: str, can_go_back: bool) -> None:
        self._question = question
        self.title.set_source(lambda: question.label.get(current_language()))
        self.progress.set_source(N_("Question {index} of {total}", index=index, total=total))
        self.help.set_source(lambda: _help_text(question))
        self.clear_error()
        self._rebuild_input(question, value)
        self.back_button.setEnabled(can_go_back)

    def show_error(self, message: object) -> None:
        self.error.set_source(message if not isinstance(message, str) else message)
        self.error.show()
        if self.answer_input is not None:
            self.answer_input.show_error()

    def clear_error(self) -> None:
        self.error.set_source("")
        self.error.hide()

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
        self.input_area.addWidget(self.answer_input)
        self.next_button.setVisible(self.answer_input.shows_next)

    @property
    def line_edit(self) -> QLineEdit | None:
        """The input's text field, for inputs that have one."""
        return getattr(self.answer_input, "line_edit", None) if self.answer_input is not None else None

    def _submit_text(self) -> None:
        if self.answer_input is not None:
            self.answered.emit(self.answer_input.raw_answer())

    def on_shown(self) -> None:
        if self.answer_input is not None:
            self.answer_input.focus_first()


def _help_text(question: Question) -> str:
    """The spoken prompt, then any help, so everything said aloud can also be read."""
    language = current_language()
    parts = [question.prompt.get(language), question.help.get(language) if question.help else ""]
    return "\n".join(part for part in parts if part)

