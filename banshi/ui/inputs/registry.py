"""Which input each question type gets: the one place the page asks for an answer widget."""

from __future__ import annotations

from collections.abc import Callable

from banshi.services.schema import FieldType, Question
from banshi.ui.inputs.base import AnswerInput, InputContext
from banshi.ui.inputs.choice import ChoiceInput
from banshi.ui.inputs.typed import TypedInput

InputFactory = Callable[[Question, str, InputContext], AnswerInput]

_FACTORIES: dict[FieldType, InputFactory] = {
    FieldType.CHOICE: lambda question, value, _context: ChoiceInput(question, value),
    FieldType.YES_NO: lambda question, value, _context: ChoiceInput(question, value),
}


def _typed(question: Question, value: str, _context: InputContext) -> AnswerInput:
    return TypedInput(question, value)


def input_for(question: Question, current_value: str, context: InputContext | None = None) -> AnswerInput:
    """A fresh input widget for ``question``, showing ``current_value`` (a normalised answer or "")."""
    factory = _FACTORIES.get(question.type, _typed)
    return factory(question, current_value, context or InputContext())
