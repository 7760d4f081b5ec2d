"""One question per page: the prompt in large text and the input its type needs, all single-tap."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QVBoxLayout, QWidget

from banshi.i18n import N_, current_language
from banshi.services.schema import FieldType, Question
from banshi.ui.keypad import Keypad
from banshi.ui.layouts import clear_layout
from banshi.ui.page import Page
from banshi.ui.text import BigButton, TextLabel

_KEYPAD_EXTRA_KEY = {FieldType.ID_NUMBER: "X", FieldType.DATE: "-", FieldType.NUMBER: ""}
_KEYPAD_TYPES = {FieldType.PHONE, FieldType.ID_NUMBER, FieldType.DATE, FieldType.NUMBER}


class QuestionPage(Page):
    """Shows a question; emits ``answered`` with the raw text. Choices answer on a single tap."""

    answered = Signal(str)
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
        self.line_edit: QLineEdit | None = None
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

    def clear_error(self) -> None:
        self.error.set_source("")
        self.error.hide()

    def wipe(self) -> None:
        """Forget what the last citizen typed (session wipe)."""
        if self.line_edit is not None:
            self.line_edit.clear()
        self.clear_error()

    def _rebuild_input(self, question: Question, value: str) -> None:
        clear_layout(self.input_area)
        clear_layout(self.side)
        self.line_edit = None
        if question.type in (FieldType.CHOICE, FieldType.YES_NO):
            self.input_area.addWidget(self._choice_buttons(question, value))
            self.next_button.setVisible(False)
        else:
            self._text_input(question, value)
            self.next_button.setVisible(True)

    def _choice_buttons(self, question: Question, value: str) -> QWidget:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(24)
        options = _options(question)
        columns = 2 if len(options) > 3 else 1
        for position, (option_value, label) in enumerate(options):
            button = BigButton(label, role="primary" if option_value == value else "tile")
            button.setObjectName(f"choice-{option_value}")
            button.clicked.connect(lambda _=False, chosen=option_value: self.answered.emit(chosen))
            grid.addWidget(button, position // columns, position % columns)
        return holder

    def _text_input(self, question: Question, value: str) -> None:
        """The field in the column; the keypad (for digit types) beside it, so both fit on one screen.

        The field joins the window before the keypad, so Tab reaches it first (reading order).
        """
        self.line_edit = QLineEdit(value)
        self.line_edit.setObjectName("question-input")
        self.line_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.line_edit.setAcceptDrops(False)  # single tap only: nothing is ever dragged in
        self.line_edit.setAccessibleName(question.label.get(current_language()))
        self.line_edit.returnPressed.connect(self._submit_text)
        self.input_area.addWidget(self.line_edit)
        if question.type in _KEYPAD_TYPES:
            keypad = Keypad(_KEYPAD_EXTRA_KEY.get(question.type, ""))
            keypad.setObjectName("question-keypad")
            keypad.setFixedWidth(3 * 150 + 2 * 16)
            keypad.key_pressed.connect(self.line_edit.insert)
            keypad.delete_pressed.connect(self.line_edit.backspace)
            self.side.addWidget(keypad, 0, Qt.AlignmentFlag.AlignTop)
            self.side.addStretch(1)

    def _submit_text(self) -> None:
        if self.line_edit is not None:
            self.answered.emit(self.line_edit.text())

    def on_shown(self) -> None:
        if self.line_edit is not None:
            self.line_edit.setFocus()


def _help_text(question: Question) -> str:
    """The spoken prompt, then any help, so everything said aloud can also be read."""
    language = current_language()
    parts = [question.prompt.get(language), question.help.get(language) if question.help else ""]
    return "\n".join(part for part in parts if part)


def _options(question: Question) -> list[tuple[str, object]]:
    if question.type == FieldType.YES_NO:
        return [("yes", N_("Yes")), ("no", N_("No"))]
    return [(choice.value, lambda choice=choice: choice.label.get(current_language())) for choice in question.choices]
