"""Which input each question type gets: the one place the page asks for an answer widget."""

from __future__ import annotations

from collections.abc import Callable

from banshi.services import divisions
from banshi.services.schema import FieldType, Question
from banshi.ui.inputs.base import AnswerInput, InputContext
from banshi.ui.inputs.address import AddressInput
from banshi.ui.inputs.choice import ChoiceInput
from banshi.ui.inputs.count import CountInput
from banshi.ui.inputs.date_picker import DateInput
from banshi.ui.inputs.typed import TypedInput
from banshi.ui.inputs.writing import WritingInput, pad_tools

InputFactory = Callable[[Question, str, InputContext], AnswerInput]


def _typed(question: Question, value: str, _context: InputContext) -> AnswerInput:
    return TypedInput(question, value)


def _written(question: Question, value: str, context: InputContext) -> AnswerInput:
    """Free text on the handwriting pad where the app provides one; else the plain field."""
    tools = pad_tools(context)
    return WritingInput(question, value, tools) if tools is not None else TypedInput(question, value)


def _address(question: Question, value: str, context: InputContext) -> AnswerInput:
    """Province → city → district by tapping, then the street on the pad; the whole address written
    (or typed) where the division data or the pad is missing."""
    tools = pad_tools(context)
    if tools is None or not divisions.available():
        return _written(question, value, context)
    return AddressInput(question, value, tools)


_FACTORIES: dict[FieldType, InputFactory] = {
    FieldType.CHOICE: lambda question, value, _context: ChoiceInput(question, value),
    FieldType.YES_NO: lambda question, value, _context: ChoiceInput(question, value),
    FieldType.DATE: DateInput,
    FieldType.TEXT: _written,
    FieldType.ADDRESS: _address,
    FieldType.COUNT: lambda question, value, _context: CountInput(question, value),
}


def input_for(question: Question, current_value: str, context: InputContext | None = None) -> AnswerInput:
    """A fresh input widget for ``question``, showing ``current_value`` (a normalised answer or "")."""
    factory = _FACTORIES.get(question.type, _typed)
    return factory(question, current_value, context or InputContext())
