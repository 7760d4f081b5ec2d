"""Free text by handwriting: the kiosk's pad, with the steps a taps-only walker follows to write a text.

``PadTools`` is what the app puts in ``InputContext.extras["handwriting"]`` (its worker bridge and the one
shared recogniser); without it (a counter, a test without the engine) text questions keep the plain field.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QAbstractButton, QVBoxLayout, QWidget

from banshi.i18n import current_language
from banshi.services.schema import Question
from banshi.ui.bridge import Bridge
from banshi.ui.handwriting_pad import DIGITS, LETTERS, HandwritingPad, RecogniserLoader
from banshi.ui.inputs.base import AnswerInput, CannotReach, InputContext, Step, Tap, Write

HANDWRITING = "handwriting"  # the key of PadTools in InputContext.extras


@dataclass(frozen=True)
class PadTools:
    bridge: Bridge
    recogniser: RecogniserLoader


def pad_tools(context: InputContext) -> PadTools | None:
    tools = context.extras.get(HANDWRITING)
    return tools if isinstance(tools, PadTools) else None


def pad_step(pad: HandwritingPad, goal: str) -> Step | None:
    """The next control to use on ``pad`` so that it holds ``goal``; None once it does.

    Digits and letters are keys (after their mode button); a Chinese character is written, then its
    candidate tapped once it shows; anything typed that does not lead to the goal is deleted first.
    """
    text = pad.text()
    if text == goal:
        return None
    if not goal.startswith(text):
        return Tap(_control(pad, "handwriting-delete"))
    wanted = goal[len(text)]
    if wanted in DIGITS or wanted.upper() in LETTERS:
        mode = _control(pad, "handwriting-mode-digits" if wanted in DIGITS else "handwriting-mode-letters")
        key = pad.findChild(QAbstractButton, f"handwriting-key-{wanted.upper()}")
        return Tap(key) if key is not None and key.isVisible() else Tap(mode)
    if wanted.isspace() or not wanted.isprintable():
        raise CannotReach(f"The pad cannot enter {wanted!r}.")
    hanzi = _control(pad, "handwriting-mode-hanzi")
    if not hanzi.isChecked():
        return Tap(hanzi)
    shown = [button for button in pad.findChildren(QAbstractButton)
             if button.objectName().startswith("handwriting-candidate-") and button.isVisible()
             and button.text() == wanted]
    return Tap(shown[0]) if shown else Write(pad, wanted)


def _control(pad: HandwritingPad, name: str) -> QAbstractButton:
    button = pad.findChild(QAbstractButton, name)
    if button is None or not button.isEnabled():
        raise CannotReach(f"The handwriting pad has no usable {name!r}.")
    return button


class WritingInput(AnswerInput):
    """A text question answered on the handwriting pad (which also has digit and letter keys)."""
    fills_height = True


    def __init__(self, question: Question, value: str, tools: PadTools, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.pad = HandwritingPad(tools.bridge, tools.recogniser)
        self.pad.set_text(value)
        self.pad.setAccessibleName(question.label.get(current_language()))
        self.pad.announce.connect(self.read_back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pad, 1)

    def raw_answer(self) -> str:
        return self.pad.text()

    def focus_first(self) -> None:
        self.pad.setFocus()

    def wipe(self) -> None:
        self.pad.set_text("")

    def next_step(self, goal: str) -> Step | None:
        return pad_step(self.pad, goal)
