"""A text field with an on-screen keypad for digit answers: the field first, the keypad beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from banshi.i18n import current_language
from banshi.services.schema import FieldType, Question
from banshi.ui.inputs.base import AnswerInput
from banshi.ui.inputs.layout import OrientationBox
from banshi.ui.keypad import Keypad
from banshi.ui.text import WrappingField

_KEYPAD_EXTRA_KEY = {FieldType.ID_NUMBER: "X", FieldType.DATE: "-", FieldType.NUMBER: ""}
_KEYPAD_TYPES = {FieldType.PHONE, FieldType.ID_NUMBER, FieldType.DATE, FieldType.NUMBER}
_LONG_TYPES = {FieldType.TEXT, FieldType.ADDRESS}


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
            keypad.key_pressed.connect(self.line_edit.insert)
            keypad.delete_pressed.connect(self.line_edit.backspace)
            self._keypad = keypad  # placed by the question page in its side column (side_panel)

    def side_panel(self) -> QWidget | None:
        return self._keypad

    def raw_answer(self) -> str:
        return self.line_edit.text()

    def focus_first(self) -> None:
        self.line_edit.setFocus()

    def wipe(self) -> None:
        self.line_edit.clear()
