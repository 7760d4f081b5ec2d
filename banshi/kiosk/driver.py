"""Drives a kiosk window the way a citizen would: by tapping its buttons (demo and end-to-end tests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget

from banshi.identity.idnumber import make_id_number
from banshi.kiosk.window import KioskWindow
from banshi.ui.inputs import CannotReach, Write
from banshi.ui.layouts import PagedList
from banshi.services.schema import FieldType, Question
from banshi.polling import WaitTimedOut, wait_until


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    while (widget := widget.parentWidget()) is not None:
        found.append(widget)
    return found


class DriverError(RuntimeError):
    """The scripted walk could not go on (a button is missing or a page never appeared)."""


def sample_answers(question: Question, today: date) -> list[str]:
    """Plausible answers for ``question``, best first; the walker tries them until one is accepted."""
    if question.type == FieldType.CHOICE:
        return [question.choices[0].value]
    if question.type == FieldType.YES_NO:
        return ["yes", "no"]
    candidates = {
        FieldType.PHONE: ["13800138000"],
        FieldType.ID_NUMBER: [make_id_number("110101", date(1950, 3, 7), 123)],
        FieldType.DATE: [(today + timedelta(days=days)).isoformat() for days in (7, 0, -365 * 3)]
        + ["1950-03-07"],
        FieldType.NUMBER: [str(question.min if question.min is not None else 1), "1", "12"],
        FieldType.COUNT: [str(question.min if question.min is not None else 1)],
        FieldType.ADDRESS: ["110101 北京市东城区景山前街4号", "北京市东城区景山前街4号"],  # picked, or written whole
        FieldType.TEXT: [_sample_text(question.id)],
    }
    return candidates[question.type]


def _sample_text(question_id: str) -> str:
    if "name" in question_id:
        return "王秀英"
    if "city" in question_id or "place" in question_id:
        return "广东省深圳市"
    return "请工作人员电话联系我"


class KioskDriver:
    """Taps buttons by object name and waits for pages; optionally saves a PNG of every screen."""

    def __init__(self, window: KioskWindow, screenshot_dir: Path | None = None) -> None:
        self.window = window
        self.screenshot_dir = screenshot_dir
        self.screenshots: list[Path] = []

    def tap(self, object_name: str) -> None:
        button = self.window.findChild(QAbstractButton, object_name)
        if button is not None and not button.isVisible():
            self._turn_to(button)
        if button is None or not button.isVisible():
            raise DriverError(f"No visible button {object_name!r} on page {self.page_name()!r}.")
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        self.settle()

    def _turn_to(self, button: QAbstractButton) -> None:
        """A button on a later page of a paged list: tap 下一页 until it shows, as a citizen would."""
        pages = next((parent for parent in _ancestors(button) if isinstance(parent, PagedList)), None)
        while pages is not None and not button.isVisible() and pages.next_button.isVisible():
            QTest.mouseClick(pages.next_button, Qt.MouseButton.LeftButton)
            self.settle()

    def enter(self, value: str) -> None:
        """Answer the question on screen with ``value``: typed into a field, or by the input's own steps."""
        if self.window.question.line_edit is not None:
            self.type_text(value)
            self.tap("question-next")
        else:
            self.tap_towards(value)

    def type_text(self, text: str) -> None:
        field = self.window.question.line_edit
        if field is None:
            raise DriverError(f"Page {self.page_name()!r} has no text field.")
        field.clear()
        if text.isascii():
            QTest.keyClicks(field, text)
        else:
            field.insert(text)  # what an input method commits; QTest can only type ASCII keys

    def page_name(self) -> str:
        return self.window.current_page().objectName()

    def settle(self) -> None:
        QCoreApplication.processEvents()

    def wait_for(self, condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "") -> None:
        try:
            wait_until(condition, timeout_s, what)
        except WaitTimedOut as error:
            raise DriverError(str(error)) from None

    def snap(self, name: str) -> Path | None:
        if self.screenshot_dir is None:
            return None
        self.settle()
        path = self.screenshot_dir / f"{len(self.screenshots) + 1:02d}-{name}.png"
        self.window.grab().save(str(path))
        self.screenshots.append(path)
        return path

    def answer_current_question(self, today: date) -> str:
        """Answer the question on screen with the first sample the form accepts; returns it."""
        page = self.window.session.page if self.window.session else None
        question: Question = page.question  # type: ignore[union-attr]
        for candidate in sample_answers(question, today):
            try:
                self._give(question, candidate)
            except CannotReach:
                continue  # a picker that does not offer this sample: try the next one
            if not self.window.question.error.isVisible():
                return candidate
        raise DriverError(f"No sample answer was accepted for question {question.id!r}.")

    def _give(self, question: Question, value: str) -> None:
        if question.type in (FieldType.CHOICE, FieldType.YES_NO):
            self.tap(f"choice-{value}")
        else:
            self.enter(value)

    def tap_towards(self, value: str, most_taps: int = 40, file: bool = True) -> None:
        """Use the controls an input names (``next_step``) until it files ``value`` or shows an error.

        Characters it would have written on the pad are committed as an input method would (the
        taps-only walker writes strokes instead)."""
        page = self.window.question
        answer_input = page.answer_input
        stale_error = page.error.text() if page.error.isVisible() else None  # e.g. from an empty Next
        taps = 0
        while taps < most_taps:
            if self.page_name() != "question-page" or page.answer_input is not answer_input \
                    or (page.error.isVisible() and page.error.text() != stale_error):
                return
            step = answer_input.next_step(value)  # type: ignore[union-attr]
            if step is None:
                if file:
                    self.tap("question-next")
                return
            if isinstance(step, Write):
                step.pad.set_text(step.pad.text() + step.character)  # type: ignore[attr-defined]
                continue
            QTest.mouseClick(step.button, Qt.MouseButton.LeftButton)
            self.settle()
            taps += 1
        raise DriverError(f"{value!r} not reached in {most_taps} taps.")

    def walk_service(self, service_id: str, today: date) -> dict[str, str]:
        """From the attract screen through every question to the check-answers page."""
        self.open_service(service_id)
        given: dict[str, str] = {}
        first = True
        while self.page_name() == "question-page":
            question = self.window.session.page.question  # type: ignore[union-attr]
            typed = self.window.question.answer_input.shows_next  # type: ignore[union-attr]  # Next files it
            if first and question.required and typed:
                self.snap(f"question-{question.id}")
                self.tap("question-next")  # an empty required answer shows a kind error
                self.snap(f"question-{question.id}-error")
            self.snap(f"question-{question.id}")
            given[question.id] = self.answer_current_question(today)
            first = first and not typed
        if self.page_name() != "check-page":
            raise DriverError(f"Expected the check-answers page, got {self.page_name()!r}.")
        return given

    def open_service(self, service_id: str) -> None:
        """From the attract screen to the service's first question, identifying on the way if it asks."""
        self.tap("attract-start")
        self.snap("service-menu")
        self.tap(f"service-{service_id}")
        if self.page_name() == "identify-page":
            self.show_citizen_code()

    def show_citizen_code(self, timeout_s: float = 30.0) -> None:
        """On the identify page: wait while the camera reads the citizen's code, then continue."""
        scanner = self.window.identify.scanner
        self.wait_for(lambda: scanner.has_picture() or not scanner.isVisible(), timeout_s, what="a camera picture")
        self.snap("identify")
        continue_button = self.window.identify.continue_button
        self.wait_for(continue_button.isVisible, timeout_s, what="the citizen code to be verified")
        self.snap("identify-verified")
        self.tap("identify-continue")

    def find(self, object_name: str) -> QWidget:
        widget = self.window.findChild(QWidget, object_name)
        if widget is None:
            raise DriverError(f"No widget {object_name!r}.")
        return widget
