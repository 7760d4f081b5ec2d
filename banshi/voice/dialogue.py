"""The spoken dialogue for one question, as a Qt-free state machine for elderly users.

The device speaks first; the microphone is open only between "speech finished" and the next thing
said; what it heard is confirmed ("您说的是……，对吗？") before it counts; after silence or a miss it
asks again, at most ``max_repeats`` times, then suggests touch and stops listening. A touch at any
moment ends the dialogue. The GUI feeds events in and executes the actions that come back.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

from banshi.i18n import N_
from banshi.voice.intents import Intent, load_intents
from banshi.voice.readings import Reading, said


@dataclass(frozen=True)
class Speak:
    text: str


@dataclass(frozen=True)
class Listen:
    pass


@dataclass(frozen=True)
class StopListening:
    pass


@dataclass(frozen=True)
class Commit:
    value: Intent


@dataclass(frozen=True)
class ShowHint:
    text: str


Action = Speak | Listen | StopListening | Commit | ShowHint
IMMEDIATE = frozenset({"back", "help", "repeat"})  # acted on without "is that right?"


class State(enum.Enum):
    IDLE = "idle"
    SPEAKING = "speaking"
    LISTENING = "listening"
    CONFIRM_SPEAKING = "confirm_speaking"
    CONFIRMING = "confirming"
    DONE = "done"  # committed, handed to touch, or gave up: never listens again


class Dialogue:
    """One question asked by voice; every method returns the actions the GUI must now perform."""

    def __init__(self, prompt: str, interpret: Callable[[str], Intent], *, language: str,
                 describe: Callable[[Intent], str] | None = None, clock: Callable[[], float] = time.monotonic,
                 silence_timeout: float = 8.0, max_repeats: int = 2) -> None:
        self.prompt, self.language = prompt, language
        self._interpret, self._describe = interpret, describe or _describe
        self._clock, self.silence_timeout, self.max_repeats = clock, silence_timeout, max_repeats
        self.state, self.repeats = State.IDLE, 0
        self._pending: Intent | None = None
        self._listening_since = 0.0

    def start(self) -> list[Action]:
        return self._say(self.prompt, State.SPEAKING)

    def speech_finished(self) -> list[Action]:
        """The GUI finished playing what we said: now, and only now, open the microphone."""
        if self.state not in (State.SPEAKING, State.CONFIRM_SPEAKING):
            return []
        self.state = State.LISTENING if self.state is State.SPEAKING else State.CONFIRMING
        self._listening_since = self._clock()
        return [Listen()]

    def heard(self, text: str) -> list[Action]:
        if self.state is State.LISTENING:
            return self._answer(self._interpret(text))
        if self.state is State.CONFIRMING:
            return self._confirmation(load_intents(self.language).match(text))
        return []  # speech while we speak or after we finished is not for us

    def tick(self) -> list[Action]:
        """Call regularly (e.g. every 250 ms): asks again after ``silence_timeout`` of silence."""
        listening = self.state in (State.LISTENING, State.CONFIRMING)
        if listening and self._clock() - self._listening_since >= self.silence_timeout:
            return self._again(State.CONFIRM_SPEAKING if self.state is State.CONFIRMING else State.SPEAKING)
        return []

    def touched(self) -> list[Action]:
        """A touch anywhere: touch takes over, voice stops for this question."""
        was_listening = self.state in (State.LISTENING, State.CONFIRMING)
        self.state = State.DONE
        return [StopListening()] if was_listening else []

    def _answer(self, intent: Intent) -> list[Action]:
        if not intent.understood:
            return self._again(State.SPEAKING, sorry=True)
        if intent.name == "repeat":
            return self._say(self.prompt, State.SPEAKING)
        if intent.name in IMMEDIATE:
            return self._commit(intent)
        self._pending = intent
        question = N_("You said {answer}, is that right?", answer=self._describe(intent))
        return self._say(question.render(self.language), State.CONFIRM_SPEAKING)

    def _confirmation(self, intent: Intent) -> list[Action]:
        if intent.name == "yes" and self._pending is not None:
            return self._commit(self._pending)
        if intent.name == "no":
            self._pending = None
            return self._say(self.prompt, State.SPEAKING)
        if intent.name == "repeat":
            return self._again(State.CONFIRM_SPEAKING, counted=False)
        return self._again(State.CONFIRM_SPEAKING, sorry=not intent.understood)

    def _again(self, state: State, sorry: bool = False, counted: bool = True) -> list[Action]:
        if counted:
            self.repeats += 1
        if self.repeats > self.max_repeats:
            self.state = State.DONE
            hint = N_("Please touch the screen to answer.").render(self.language)
            return [StopListening(), ShowHint(hint), Speak(hint)]
        text = self.prompt if state is State.SPEAKING else self._confirm_text()
        if sorry:
            text = N_("Sorry, I did not catch that.").render(self.language) + " " + text
        return self._say(text, state)

    def _confirm_text(self) -> str:
        answer = self._describe(self._pending) if self._pending else ""
        return N_("You said {answer}, is that right?", answer=answer).render(self.language)

    def _commit(self, intent: Intent) -> list[Action]:
        self.state = State.DONE
        return [StopListening(), Commit(intent)]

    def _say(self, text: str, state: State) -> list[Action]:
        # The microphone is closed before anything is said, so the kiosk never hears itself.
        self.state = state
        return [StopListening(), Speak(text)]


def _describe(intent: Intent) -> str:
    """What to read back: the digits one by one, else the slot value, else what was heard."""
    if "digits" in intent.slots:
        return said(intent.slots["digits"], Reading.DIGITS)
    return next(iter(intent.slots.values()), intent.text)
