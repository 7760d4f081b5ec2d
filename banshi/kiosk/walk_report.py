"""What a taps-only walk reports: one result per service and language, and the `banshi walk` command's
output. Qt-free, so a bad option is refused before Qt, a hub or a camera starts."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from banshi.config import Settings
from banshi.errors import OperatorError
from banshi.i18n import SUPPORTED_LANGUAGES
from banshi.services.catalog import load_catalog


class Way(StrEnum):
    """How a question was answered, for the figures."""

    CHOICE = "choice"  # one tap on a choice
    SKIPPED = "skipped"  # optional: Next with nothing entered
    STEPS = "steps"  # the controls the input names for the answer (a picker's next_step)
    KEYPAD = "keypad"
    PAD = "handwriting"
    EXPLORED = "explored"  # a picker known only by what it shows: its first choices


@dataclass
class QuestionSteps:
    id: str
    type: str
    taps: int = 0
    strokes: int = 0
    way: str = ""


@dataclass
class WalkResult:
    """One service walked in one language: the line ``banshi walk`` prints."""

    service: str
    language: str
    confirmed: bool
    taps: int
    screens: int
    seconds: float
    strokes: int = 0
    why: str = ""
    questions: list[QuestionSteps] = field(default_factory=list)

    def line(self) -> str:
        text = (f"{self.service:<32} {self.language:<5} {str(self.confirmed).lower():<5} taps={self.taps:<3} "
                f"screens={self.screens:<3} seconds={self.seconds:.1f}")
        return text + (f"  why: {self.why}" if self.why else "")

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    def markdown_row(self) -> str:
        """A row under ``MARKDOWN_HEADER`` (docs/walk.md)."""
        per_question = ", ".join(f"{q.id} ({q.type}, {q.way or '—'}) {q.taps}" for q in self.questions)
        return (f"| {self.service} | {self.language} | {str(self.confirmed).lower()} | {self.taps} | {self.screens} "
                f"| {self.seconds:.1f} | {per_question} | {self.why} |")


MARKDOWN_HEADER = ("| service | language | reached confirmation | taps | screens | seconds "
                   "| taps per question (type, how) | why not |\n|---|---|---|---|---|---|---|---|")


class Output(StrEnum):
    TEXT = "text"
    JSON = "json"  # one object per line
    MARKDOWN = "markdown"  # the table of docs/walk.md


class Screen(StrEnum):
    """The kiosk's screen during the walk (the sizes are ``banshi.ui.screen_set``'s of the same names)."""

    LANDSCAPE = "landscape"  # 1920×1080
    PORTRAIT = "portrait"  # 1080×1920: many kiosk cabinets stand this way


def run_walk(base: Settings, services: Sequence[str], languages: Sequence[str], output: Output,
             echo: Callable[[str], None], screen: Screen = Screen.LANDSCAPE) -> int:
    """`banshi walk --taps-only`: 0 when every walk reached confirmation, else 1."""
    check_choices(services, languages)
    if output is Output.MARKDOWN:
        echo(MARKDOWN_HEADER)
    show = {Output.TEXT: WalkResult.line, Output.JSON: WalkResult.as_json, Output.MARKDOWN: WalkResult.markdown_row}[output]
    from banshi.kiosk.walk_run import walk  # Qt, the hub and the camera: only once the names are good

    results = walk(base, services, languages, lambda result: echo(show(result)), screen)
    return 0 if all(result.confirmed for result in results) else 1


def check_choices(services: Sequence[str], languages: Sequence[str]) -> None:
    """Unknown names are refused before a hub is started for nothing."""
    for language in languages:
        if language not in SUPPORTED_LANGUAGES:
            raise OperatorError(f"--language {language!r}: choose {' or '.join(SUPPORTED_LANGUAGES)}")
    shipped = [service.id for service in load_catalog()]  # what a fresh kiosk offers
    for service in services:
        if service not in shipped:
            raise OperatorError(f"--service {service!r}: no such service; choose from {', '.join(shipped)}")
