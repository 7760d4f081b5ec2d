"""``banshi walk --taps-only``: finish services the way a citizen without a keyboard does.

The walker looks at what the kiosk shows and presses visible, enabled controls at their centre (a mouse
press and release), writes Chinese characters on the handwriting pad by replaying stroke data, and never
inserts text, sends a key or calls a slot. It reads the screen to decide: which controls are showing,
their object names and labels, the question's type, the error line, what the field holds. So it keeps
working when a typed question becomes a picker, and when no control leads to an answer it says so
(``reached confirmation: false`` and why) instead of cheating.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget

from banshi.i18n import current_language
from banshi.kiosk.driver import sample_answers
from banshi.kiosk.walk_report import QuestionSteps, WalkResult, Way
from banshi.kiosk.window import KioskWindow
from banshi.services.schema import FieldType, Question
from banshi.ui.inputs import AnswerInput, CannotReach, Write
from banshi.polling import WaitTimedOut, wait_until

STROKES_FILE = Path(__file__).with_name("data") / "walk-strokes.json"

# What the walker writes where a question wants Chinese text. Only characters with stroke data in
# STROKES_FILE (scripts/make-walk-strokes.py builds it from these), so each can be written on the pad.
FULL_ADDRESS = "北京市西城区中山路8号"  # province, city, district, street and number: a pad alone
FULL_ADDRESS_DIVISION = "110102"  # 北京市西城区 (GB/T 2260)
STREET_ADDRESS = "中山路8号"  # the rest of an address once a picker has chosen the division
CITY = "广州市"
OTHER_TEXT = "上学"
WRITTEN_TEXTS = (FULL_ADDRESS, STREET_ADDRESS, CITY, OTHER_TEXT)

MAX_TAPS_PER_QUESTION = 60  # a picker that needs more is a finding, not something to wait out
CANDIDATE_TIMEOUT_S = 20.0  # the recogniser loads on first use (model and templates), then answers in ms
IDENTIFY_TIMEOUT_S = 60.0  # the first scan starts the camera process: 18 s at load 14 on 2 cores
# Controls that undo, leave or page rather than choose: a walker exploring an unknown picker skips them.
_NOT_A_CHOICE = re.compile(r"(^|-)(back|prev|previous|next|delete|clear|undo|minus|decrease|less|start-over)(-|$)")


class CannotFinish(RuntimeError):
    """No visible, enabled control leads on; the message says where and why."""


@cache
def stroke_book(path: Path = STROKES_FILE) -> dict[str, list[list[tuple[float, float]]]]:
    """Strokes per character in a 109 × 109 box, y down (KanjiVG; see the file's ``source``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {character: [[(x, y) for x, y in stroke] for stroke in strokes]
            for character, strokes in data["characters"].items()}


def _steers(answer_input: AnswerInput) -> bool:
    """Whether the input names its controls for a goal (overrides ``AnswerInput.next_step``)."""
    return type(answer_input).next_step is not AnswerInput.next_step


def _chooses(button: QAbstractButton) -> bool:
    """A control of the question itself that picks something: not the page's navigation, not a pager,
    delete or undo, not a keypad or handwriting pad key (those are driven by what they type)."""
    name = button.objectName()
    return not (button.property("nav") or name.startswith(("keypad-", "handwriting-")) or _NOT_A_CHOICE.search(name))


def _on_screen(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled() and not widget.visibleRegion().isEmpty()


def _reading_order(widget: QWidget) -> tuple[int, int]:
    corner = widget.mapTo(widget.window(), QPoint(0, 0))
    return corner.y(), corner.x()


class Hand:
    """A citizen's finger on any widget tree: taps at the centre of visible, enabled buttons, strokes on a
    handwriting pad, keys on a keypad. It counts taps and strokes and does nothing else to the widgets."""

    def __init__(self, root: QWidget) -> None:
        self.root = root
        self.taps = 0
        self.strokes = 0

    def buttons(self, within: QWidget | None = None) -> list[QAbstractButton]:
        """Visible, enabled buttons the citizen can see, in reading order."""
        found = (within or self.root).findChildren(QAbstractButton)
        return sorted((button for button in found if _on_screen(button)), key=_reading_order)

    def button(self, name: str, within: QWidget | None = None) -> QAbstractButton | None:
        return next((button for button in self.buttons(within) if button.objectName() == name), None)

    def tap(self, target: QAbstractButton | str, within: QWidget | None = None) -> None:
        button = self.button(target, within) if isinstance(target, str) else target
        if button is None or not _on_screen(button):
            raise CannotFinish(f"no visible, enabled {target!r} to tap")
        centre = button.rect().center()
        QTest.mousePress(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        QTest.mouseRelease(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        self.taps += 1
        self.settle()

    @staticmethod
    def settle() -> None:
        QCoreApplication.processEvents()

    @staticmethod
    def wait(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
        try:
            wait_until(condition, timeout_s, what)
        except WaitTimedOut as error:
            raise CannotFinish(str(error)) from None

    # ----- keypads ------------------------------------------------------------------------------
    def keys(self, within: QWidget) -> dict[str, QAbstractButton]:
        return {b.text(): b for b in self.buttons(within) if b.objectName().startswith("keypad-")}

    def type_on_keypad(self, within: QWidget, goal: str, field_text: str) -> None:
        """Delete what the field shows (``field_text``), then tap each key of ``goal``."""
        keys = self.keys(within)
        missing = [character for character in goal if character not in keys]
        if missing:
            raise CannotFinish(f"no key {missing[0]!r} for {goal!r} on the keypad")
        for _ in field_text:
            self.tap("keypad-delete", within)
        for character in goal:
            self.tap(keys[character])

    # ----- the handwriting pad ------------------------------------------------------------------
    def write(self, pad: QWidget, goal: str, replace: bool = True) -> None:
        """Enter ``goal`` on a handwriting pad: digits and letters by key, Chinese by strokes and a candidate;
        with ``replace``, what the pad shows is deleted first (Delete last, one character at a time)."""
        while replace and (shown := pad.findChild(QWidget, "handwriting-text")) is not None \
                and shown.plain_text():  # type: ignore[attr-defined]
            self.tap("handwriting-delete", pad)
        for character in goal:
            if character.isascii() and character.isalnum():
                self._mode(pad, "digits" if character.isdigit() else "letters")
                self.tap(f"handwriting-key-{character.upper()}", pad)
            else:
                self._mode(pad, "hanzi")
                self._write_character(pad, character)

    def _mode(self, pad: QWidget, mode: str) -> None:
        button = self.button(f"handwriting-mode-{mode}", pad)
        if button is None:
            raise CannotFinish(f"the handwriting pad offers no {mode} mode")
        if not button.isChecked():
            self.tap(button)

    def _write_character(self, pad: QWidget, character: str) -> None:
        strokes = stroke_book().get(character)
        if strokes is None:
            raise CannotFinish(f"no stroke data to write {character!r}")
        area = pad.findChild(QWidget, "handwriting-area")
        if area is None or not _on_screen(area):
            raise CannotFinish("the handwriting pad shows no writing area")
        scale = min(area.width(), area.height()) / 109
        for stroke in strokes:
            points = [QPoint(round(x * scale), round(y * scale)) for x, y in stroke]
            QTest.mousePress(area, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
            for point in points[1:]:
                QTest.mouseMove(area, point)
            QTest.mouseRelease(area, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
            self.strokes += 1
        self.settle()

        def offered() -> QAbstractButton | None:
            return next((b for b in self.candidates(pad) if b.text() == character), None)

        try:
            wait_until(lambda: offered() is not None, CANDIDATE_TIMEOUT_S, f"{character!r} among the candidates")
        except WaitTimedOut:
            shown = "".join(b.text() for b in self.candidates(pad))
            raise CannotFinish(f"the pad did not offer {character!r} for its strokes (offered {shown!r})") from None
        self.tap(offered())  # type: ignore[arg-type]

    def candidates(self, pad: QWidget) -> list[QAbstractButton]:
        return [b for b in self.buttons(pad) if b.objectName().startswith("handwriting-candidate-")]


class TapsOnlyWalker:
    """Walks one kiosk window; ``walk(service, language)`` from the attract screen to confirmation."""

    def __init__(self, window: KioskWindow, today: Callable[[], date] = date.today, guided: bool = True) -> None:
        """``guided``: follow an input's ``next_step`` towards a sample answer where it names one; without
        it the walker goes only by what the screen shows (a picker's first choices)."""
        self.window = window
        self.today = today
        self.guided = guided
        self.hand = Hand(window)
        self.screens = 0
        self._question_started_at_tap = 0
        window.page_changed.connect(self._count_screen)

    def _count_screen(self, _name: str) -> None:
        self.screens += 1

    def page(self) -> str:
        return self.window.current_page().objectName()

    def tap(self, target: QAbstractButton | str) -> None:
        try:
            self.hand.tap(target)
        except CannotFinish:
            raise CannotFinish(f"no visible, enabled {target!r} on {self.page()}") from None

    # ----- one service --------------------------------------------------------------------------
    def walk(self, service_id: str, language: str) -> WalkResult:
        self.choose_language(language)
        self.hand.taps = self.hand.strokes = self.screens = 0
        started = time.perf_counter()
        questions: list[QuestionSteps] = []
        why = ""
        try:
            self._walk(service_id, questions)
        except CannotFinish as error:
            why = str(error)
        result = WalkResult(service_id, language, self.page() == "confirmation-page", self.hand.taps,
                            self.screens + 1, round(time.perf_counter() - started, 2), self.hand.strokes, why,
                            questions)
        self.back_to_start()
        return result

    def choose_language(self, language: str) -> None:
        """The header's language button, before the service starts (not counted as the service's taps)."""
        if current_language() != language:
            self.tap("kiosk-language")
        if current_language() != language:
            raise CannotFinish(f"the language button did not switch to {language}")

    def _walk(self, service_id: str, questions: list[QuestionSteps]) -> None:
        self.tap("attract-start")
        self.tap(self._service_tile(service_id))
        if self.page() == "identify-page":
            self._show_citizen_code()
        while self.page() == "question-page":
            self.answer_question(questions)
        if self.page() != "check-page":
            raise CannotFinish(f"expected the check-answers page, got {self.page()}")
        self.tap("check-submit")
        self.hand.wait(lambda: self.page() == "confirmation-page", 15.0, "the confirmation page")

    def _show_citizen_code(self) -> None:
        """The demo citizen's printed code is before the camera: wait for Continue (or the no-camera note)."""
        camera_note = self.window.identify.camera_note
        self.hand.wait(lambda: self.hand.button("identify-continue") is not None or camera_note.isVisible(),
                       IDENTIFY_TIMEOUT_S, "the citizen code to be verified")
        if camera_note.isVisible():
            raise CannotFinish("the kiosk's camera cannot be used, so no citizen code can be shown")
        self.tap("identify-continue")

    def _service_tile(self, service_id: str) -> QAbstractButton:
        """The service's tile, turning the menu's pages (下一页) until it shows."""
        name = f"service-{service_id}"
        while (tile := self.hand.button(name)) is None:
            self.tap(self.hand.button("menu-services-next-page") or f"{name} (not on any menu page)")
        return tile

    def back_to_start(self) -> None:
        """Leave the kiosk on the attract screen for the next walk, by taps where the kiosk offers them."""
        start_over = f"{self.page().removesuffix('-page')}-start-over"
        try:
            if self.page() == "confirmation-page":
                self.tap("confirmation-finish")
                self.tap("rating-skip")
            elif self.hand.button(start_over) is not None:
                self.tap(start_over)
                self.tap("start-over-clear")
        except CannotFinish:
            pass
        if self.page() != "attract-page":
            self.window.reset()  # only after a walk that failed: its figures are already taken

    # ----- one question ------------------------------------------------------------------------
    def answer_question(self, questions: list[QuestionSteps]) -> None:
        """Answer the question on screen; its taps and strokes are added to ``questions`` even if it fails."""
        answer_input = self.window.question.answer_input
        assert answer_input is not None
        question = answer_input.question
        steps = QuestionSteps(question.id, question.type.value)
        questions.append(steps)
        taps_before, strokes_before = self.hand.taps, self.hand.strokes
        self._question_started_at_tap = taps_before
        try:
            self._answer(question, answer_input, steps)
        finally:
            steps.taps, steps.strokes = self.hand.taps - taps_before, self.hand.strokes - strokes_before

    def _moved_on(self, question: Question) -> bool:
        if self.page() != "question-page":
            return True
        shown = self.window.question.answer_input
        return shown is None or shown.question.id != question.id

    def _answer(self, question: Question, answer_input: AnswerInput, steps: QuestionSteps) -> None:
        choices = [b for b in self.hand.buttons(answer_input) if b.objectName().startswith("choice-")]
        if choices:
            steps.way = Way.CHOICE
            self.tap(choices[0])
            return
        if not question.required and not self._holds_answer(answer_input) and self.hand.button("question-next"):
            steps.way = Way.SKIPPED
            self.tap("question-next")  # an optional question a citizen may skip
            if self._moved_on(question):
                return
        tried: list[str] = []
        taps_before = self.hand.taps
        for goal in self._goals(question):
            try:
                steps.way = self._enter(question, answer_input, goal)
            except CannotFinish as error:
                tried.append(str(error))
                continue
            if not self._moved_on(question):
                self.tap("question-next")
            if self._moved_on(question):
                return
            tried.append(f"{goal!r} refused: {self.window.question.error.plain_text()}")
            if self.hand.taps - taps_before > MAX_TAPS_PER_QUESTION:
                break
        if self.guided and _steers(answer_input) and not self.window.question.error.isVisible():
            try:  # none of the sample answers is on offer: whatever the picker offers first
                steps.way = Way.EXPLORED
                self._explore(question, answer_input, "")
                if not self._moved_on(question):
                    self.tap("question-next")
                if self._moved_on(question):
                    return
            except CannotFinish as error:
                tried.append(str(error))
        raise CannotFinish(f"question {question.id!r} ({question.type.value}): " + "; ".join(tried))

    def _goals(self, question: Question) -> Iterator[str]:
        if question.type == FieldType.ADDRESS:
            yield f"{FULL_ADDRESS_DIVISION} {FULL_ADDRESS}"  # as an address picker files it: the division's code first
            yield FULL_ADDRESS
        elif question.type == FieldType.TEXT:
            yield CITY if "city" in question.id or "place" in question.id else OTHER_TEXT
        else:
            yield from sample_answers(question, self.today())

    @staticmethod
    def _holds_answer(answer_input: AnswerInput) -> bool:
        """What the field shows (a picker's choice, a count's value), as the citizen sees it."""
        return bool(answer_input.raw_answer().strip())

    def _enter(self, question: Question, answer_input: AnswerInput, goal: str) -> Way:
        page = self.window.question
        if self.guided and _steers(answer_input):
            self._follow(question, answer_input, goal)
            return Way.STEPS
        if self.hand.keys(page):
            field = page.line_edit
            self.hand.type_on_keypad(page, goal, field.text() if field is not None else "")  # type: ignore[attr-defined]
            return Way.KEYPAD
        if (pad := self._pad()) is not None:
            self.hand.write(pad, goal)
            return Way.PAD
        self._explore(question, answer_input, goal)
        return Way.EXPLORED

    def _follow(self, question: Question, answer_input: AnswerInput, goal: str) -> None:
        """An input that names the control leading to ``goal`` (``next_step``): tap it, if it is on screen
        and enabled, until the input holds the goal or files it; it raises CannotReach for a goal it cannot offer."""
        for _ in range(MAX_TAPS_PER_QUESTION):
            if self._moved_on(question) or self.window.question.error.isVisible():
                return
            try:
                step = answer_input.next_step(goal)
            except CannotReach as error:
                raise CannotFinish(str(error)) from None
            if step is None:
                return
            if isinstance(step, Write):
                self.hand.write(step.pad, step.character, replace=False)
            else:
                self.tap(step.button)
        raise CannotFinish(f"{goal!r} not reached in {MAX_TAPS_PER_QUESTION} taps")

    def _pad(self) -> QWidget | None:
        pad = self.window.question.findChild(QWidget, "handwriting-pad")
        return pad if pad is not None and pad.isVisible() else None

    def _explore(self, question: Question, answer_input: AnswerInput, goal: str) -> None:
        """A picker this walker does not know by name: tap the first control that chooses something (a
        province, a day) until the field holds an answer or a handwriting pad appears for the rest."""
        tapped = 0
        while not self._moved_on(question):
            if (pad := self._pad()) is not None:
                if question.type == FieldType.ADDRESS:  # divisions chosen by taps: the rest by hand
                    goal = STREET_ADDRESS if self.hand.taps > self._question_started_at_tap else FULL_ADDRESS
                self.hand.write(pad, goal or next(self._goals(question)))
                return
            if self._holds_answer(answer_input) and (tapped or not self.window.question.error.isVisible()):
                return
            options = [b for b in self.hand.buttons(self.window.question) if _chooses(b)]  # its side panel too
            if not options:
                raise CannotFinish("no control on screen leads to an answer (a text field without a keypad "
                                   "or handwriting pad)")
            if tapped >= MAX_TAPS_PER_QUESTION:
                raise CannotFinish(f"{tapped} taps on the picker did not give an answer")
            self.tap(options[0])
            tapped += 1
