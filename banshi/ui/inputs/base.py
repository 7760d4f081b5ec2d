"""The one interface every answer input has, whatever the question type.

The question page owns the heading, the error line and the footer; an input owns only the
controls that produce the raw answer. An input:

- yields the raw answer (``raw_answer``) for the page's Next button, or emits ``submitted`` itself
  when a single tap completes it (a choice);
- shows that an answer was refused (``show_error``) while keeping the citizen's place and focus;
- asks for what was typed to be read aloud (``read_back``) — the page passes it to the speech path;
- forgets everything with ``wipe`` (the next citizen sees nothing of the last);
- tells a driver which of its own visible controls a citizen would tap next to reach an answer
  (``next_step``), so the taps-only walker presses real buttons instead of inserting text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractButton, QWidget

from banshi.services.schema import Question


@dataclass(frozen=True)
class Tap:
    """Tap this button once (at its centre)."""

    button: QAbstractButton


@dataclass(frozen=True)
class Write:
    """Write ``character`` on this handwriting pad (a driver replays stroke data on its ``handwriting-area``
    and taps the candidate that shows it)."""

    pad: QWidget
    character: str


Step = Tap | Write


class CannotReach(LookupError):
    """The input has no control that leads to the wanted answer (e.g. the text needs a missing engine)."""


@dataclass
class InputContext:
    """What inputs may need beyond the question: the date, and optional engines loaded lazily."""

    today: Callable[[], date] = date.today
    extras: dict[str, object] = field(default_factory=dict)


class AnswerInput(QWidget):
    """Base class: a widget producing the raw answer to one question."""

    submitted = Signal(str)  # a complete raw answer; the page files it at once
    read_back = Signal(str)  # text to speak so the citizen hears what they entered
    shows_next = True  # False when a tap on the input itself completes the answer
    fills_height = False  # True: the page gives it all the height left (a paged list, a handwriting pad)

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setObjectName(f"input-{question.type.value}")

    def raw_answer(self) -> str:
        """What Next files: the text the form engine parses (see ``services.fields``)."""
        return ""

    def show_error(self) -> None:
        """An answer was refused: keep what was entered and put focus back where the citizen was."""
        self.focus_first()

    def focus_first(self) -> None:
        """Give focus to the first control (Tab order follows reading order)."""

    def side_panel(self) -> QWidget | None:
        """A tall helper (a keypad) the page places in its side column: beside the field in landscape,
        below it in portrait, so the question, the error and the field keep the column's full height."""
        return None

    def wipe(self) -> None:
        """Forget everything entered (session wipe)."""

    def next_step(self, goal: str) -> Step | None:
        """The control a citizen would use next to reach the normalised answer ``goal``; None once
        the input holds it (then Next files it). Raises CannotReach when no control leads there."""
        raise CannotReach(f"{type(self).__name__} offers no way to enter {goal!r}.")
