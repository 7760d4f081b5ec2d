"""A question page in a kiosk-sized window, tapped the way a citizen taps (QTest mouse at the centre)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from banshi.services.schema import Question
from banshi.ui.inputs import AnswerInput, InputContext
from banshi.ui.question_page import QuestionPage

TODAY = date(2026, 12, 2)  # a Wednesday


class Kiosk:
    """A question page in a kiosk-sized window; taps land at the centre of visible buttons."""

    def __init__(self, qtbot: QtBot, size: QSize = QSize(1920, 1080)) -> None:
        self.window = QWidget()
        self.window.setFixedSize(size)
        self.page = QuestionPage()
        self.page.input_context = InputContext(today=lambda: TODAY)
        self.page.nav.use(back=True, start_over=True, next_=True)
        layout = QVBoxLayout(self.window)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page)
        self.answers: list[str] = []
        self.spoken: list[str] = []
        self.page.answered.connect(self.answers.append)
        self.page.read_back.connect(self.spoken.append)
        self.taps = 0
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)

    def ask(self, question: Question, value: str = "") -> AnswerInput:
        self.page.show_question(question, 1, 3, value, can_go_back=True)
        QTest.qWait(0)
        assert self.page.answer_input is not None
        return self.page.answer_input

    def tap(self, name: str) -> None:
        button = self.window.findChild(QAbstractButton, name)
        assert button is not None and button.isVisible() and button.isEnabled(), f"{name} is not on screen"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
        self.taps += 1
        QTest.qWait(0)

    def buttons(self, prefix: str) -> list[str]:
        return [button.objectName() for button in self.window.findChildren(QAbstractButton)
                if button.objectName().startswith(prefix) and button.isVisible()]

    def tap_towards(self, goal: str, most: int = 30) -> None:
        """Follow the input's own directions (what the taps-only walker does) until it is answered."""
        picker = self.page.answer_input
        for _ in range(most):
            if self.answers:
                return
            step = picker.next_step(goal)
            self.tap("question-next" if step is None else step.button.objectName())
        raise AssertionError(f"{goal!r} not answered in {most} taps")
