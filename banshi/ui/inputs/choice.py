"""Choice and yes/no questions: one large button per answer; a single tap answers."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from banshi.i18n import N_, current_language
from banshi.services.schema import YES, NO, FieldType, Question
from banshi.ui.inputs.base import AnswerInput, CannotReach, Step, Tap
from banshi.ui.text import BigButton, TextSource


class ChoiceInput(AnswerInput):
    shows_next = False

    def __init__(self, question: Question, value: str, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(24)
        options = _options(question)
        columns = 2 if len(options) > 3 else 1
        self.buttons: dict[str, BigButton] = {}
        for position, (option_value, label) in enumerate(options):
            button = BigButton(label, role="primary" if option_value == value else "tile")
            button.setObjectName(f"choice-{option_value}")
            button.clicked.connect(lambda _=False, chosen=option_value: self.submitted.emit(chosen))
            grid.addWidget(button, position // columns, position % columns)
            self.buttons[option_value] = button

    def focus_first(self) -> None:
        next(iter(self.buttons.values())).setFocus()

    def next_step(self, goal: str) -> Step | None:
        if goal not in self.buttons:
            raise CannotReach(f"No choice {goal!r} for question {self.question.id!r}.")
        return Tap(self.buttons[goal])


def _options(question: Question) -> list[tuple[str, TextSource]]:
    if question.type == FieldType.YES_NO:
        return [(YES, N_("Yes")), (NO, N_("No"))]
    return [(choice.value, lambda choice=choice: choice.label.get(current_language())) for choice in question.choices]
