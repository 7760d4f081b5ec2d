"""Small counts (copies, people): the number shown large between − and +; Next files it.

A count question declares its ``min`` and ``max`` (schema: ``type: count``), so every value it can show
is one the form accepts. − and + hide (keeping their place) at the ends: nothing that does nothing.
Objects: ``count-minus``, ``count-value``, ``count-plus``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText
from banshi.services.schema import Question
from banshi.ui.inputs.base import AnswerInput, CannotReach, Step, Tap
from banshi.ui.layouts import keep_place_when_hidden
from banshi.ui.text import BigButton, TextLabel


class _SignButton(BigButton):
    """Shows − or +; named in words (a screen reader and the walker read "One more", not "+")."""

    def __init__(self, sign: str, spoken: LazyText) -> None:
        self._spoken = spoken
        super().__init__(sign, role="primary")

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(str(self._spoken))


class CountInput(AnswerInput):
    def __init__(self, question: Question, value: str, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.low = question.min if question.min is not None else 0
        self.high = question.max if question.max is not None else self.low
        self.value = int(value) if value.lstrip("-").isdigit() else self.low
        self.value = min(max(self.value, self.low), self.high)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.minus = self._button("count-minus", "−", N_("One fewer"), -1)
        self.shown = TextLabel("", role="reference")
        self.shown.setObjectName("count-value")
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.plus = self._button("count-plus", "+", N_("One more"), 1)
        row.addWidget(self.minus, 1)
        row.addWidget(self.shown, 1)
        row.addWidget(self.plus, 1)
        column.addLayout(row)
        column.addStretch(1)
        self._show()

    def _button(self, name: str, sign: str, spoken: LazyText, step: int) -> BigButton:
        button = _SignButton(sign, spoken)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: self._change(step))
        keep_place_when_hidden(button)
        return button

    def _change(self, step: int) -> None:
        self.value = min(max(self.value + step, self.low), self.high)
        self._show()
        self.read_back.emit(str(self.value))

    def _show(self) -> None:
        self.shown.set_source(str(self.value))
        self.minus.setVisible(self.value > self.low)
        self.plus.setVisible(self.value < self.high)

    def raw_answer(self) -> str:
        return str(self.value)

    def focus_first(self) -> None:
        (self.plus if self.plus.isVisible() else self.minus).setFocus()

    def wipe(self) -> None:
        self.value = self.low
        self._show()

    def next_step(self, goal: str) -> Step | None:
        wanted = int(goal) if goal.lstrip("-").isdigit() else None
        if wanted is None or not self.low <= wanted <= self.high:
            raise CannotReach(f"{goal!r} is not a count from {self.low} to {self.high}.")
        if wanted == self.value:
            return None
        return Tap(self.plus if wanted > self.value else self.minus)
