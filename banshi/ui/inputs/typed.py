"""A text field with an on-screen keypad for digit answers: the field first, the keypad beside it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QVBoxLayout, QWidget

from banshi.i18n import current_language
from banshi.services.schema import FieldType, Question
from banshi.ui.inputs.base import AnswerInput, CannotReach, Step, Tap
from banshi.ui.inputs.layout import OrientationBox
from banshi.ui.keypad import Keypad
from banshi.ui.text import WrappingField

_KEYPAD_EXTRA_KEY = {FieldType.ID_NUMBER: "X", FieldType.NUMBER: ""}
_KEYPAD_TYPES = {FieldType.PHONE, FieldType.ID_NUMBER, FieldType.NUMBER}
_LONG_TYPES = {FieldType.TEXT, FieldType.ADDRESS}
_DIGIT_GROUPS = {FieldType.PHONE: (3, 4, 4)}  # shown grouped as typed; the form strips the spaces


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def grouped(text: str, groups: tuple[int, ...]) -> str:
    """The digits of ``text`` in groups as they are typed: 138 0013 8000 (easier to check than 13800138000)."""
    digits, parts = _digits(text), []
    for size in groups:
        if digits:
            parts.append(digits[:size])
            digits = digits[size:]
    return " ".join(parts) + digits


class TypedInput(AnswerInput):
    """A line edit (and, for digit types, a keypad); Next files what it holds."""

    def __init__(self, question: Question, value: str, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self._keypad: Keypad | None = None
        row = OrientationBox(self)
        column = QVBoxLayout()
        # Text and addresses wrap and grow instead of scrolling sideways (a 200-character address stays in view).
        self.line_edit = WrappingField(value) if question.type in _LONG_TYPES else QLineEdit(value)
        self.line_edit.setObjectName("question-input")
        self.line_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.line_edit.setAcceptDrops(False)  # single tap only: nothing is ever dragged in
        self.line_edit.setAccessibleName(question.label.get(current_language()))
        self.line_edit.returnPressed.connect(lambda: self.submitted.emit(self.raw_answer()))
        column.addWidget(self.line_edit)
        column.addStretch(1)
        row.addLayout(column, 1)
        if question.type in _KEYPAD_TYPES:
            keypad = Keypad(_KEYPAD_EXTRA_KEY.get(question.type, ""))
            keypad.setObjectName("question-keypad")
            keypad.setFixedWidth(3 * 150 + 2 * 16)
            if question.type in _DIGIT_GROUPS:
                keypad.key_pressed.connect(self._type_digit)
                keypad.delete_pressed.connect(self._delete_digit)
                self.line_edit.setText(grouped(value, _DIGIT_GROUPS[question.type]))
            else:
                keypad.key_pressed.connect(self.line_edit.insert)
                keypad.delete_pressed.connect(self.line_edit.backspace)
            self._keypad = keypad  # placed by the question page in its side column (side_panel)

    def _type_digit(self, digit: str) -> None:
        groups = _DIGIT_GROUPS[self.question.type]
        digits = _digits(self.line_edit.text())
        if len(digits) < sum(groups):  # a twelfth digit cannot be part of a mobile number
            self.line_edit.setText(grouped(digits + digit, groups))

    def _delete_digit(self) -> None:
        self.line_edit.setText(grouped(_digits(self.line_edit.text())[:-1], _DIGIT_GROUPS[self.question.type]))

    def next_step(self, goal: str) -> Step | None:
        """On the keypad: delete what does not lead to ``goal``, then tap its next key; None once it is in."""
        if self._keypad is None:
            return super().next_step(goal)
        entered = re.sub(r"\s", "", self.line_edit.text())
        if entered == goal:
            return None
        if not goal.startswith(entered):
            return Tap(self._key("delete"))
        return Tap(self._key(goal[len(entered)]))

    def _key(self, label: str) -> QAbstractButton:
        key = self._keypad.findChild(QAbstractButton, f"keypad-{label}") if self._keypad is not None else None
        if key is None:
            raise CannotReach(f"The keypad of {self.question.id!r} has no key {label!r}.")
        return key

    def side_panel(self) -> QWidget | None:
        return self._keypad

    def raw_answer(self) -> str:
        return self.line_edit.text()

    def focus_first(self) -> None:
        self.line_edit.setFocus()

    def wipe(self) -> None:
        self.line_edit.clear()
