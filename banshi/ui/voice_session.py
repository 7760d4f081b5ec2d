"""The spoken side of a page: ``Speaker`` says prompts, ``VoiceSession`` runs a ``Dialogue`` on a page.

``Speaker`` renders off the GUI thread (through the ``Bridge``) and plays through the shared
``SpeechPlayer``; only the newest prompt is ever played, so a page change silences the old one.
``VoiceSession`` feeds the dialogue its events (speech finished, words heard, ticks, touches) and
performs the actions it returns, keeping the microphone closed whenever the kiosk speaks.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from banshi.i18n import _, current_language
from banshi.ui.bridge import Bridge
from banshi.ui.microphone import Listener
from banshi.ui.speech_player import SpeechPlayer
from banshi.ui.text import BigButton
from banshi.voice.dialogue import Action, Commit, Dialogue, Listen, ShowHint, Speak, State, StopListening
from banshi.voice.stt import RecognitionResult
from banshi.voice.tts import SpeechSynthesizer

log = logging.getLogger(__name__)
_logged_speak_only = False
LISTENING_STATES = frozenset({State.LISTENING, State.CONFIRMING})


@dataclass(frozen=True)
class _Prompt:
    text: str
    language: str
    personal: bool


class Speaker(QObject):
    """Says one prompt at a time. ``finished``: the prompt is over (played, or muted); ``stopped``:
    cut short; ``touched``: a touch stopped speech (touch takes over)."""

    started = Signal()
    finished = Signal()
    stopped = Signal()
    failed = Signal(str)
    muted_changed = Signal(bool)
    touched = Signal()

    def __init__(self, synthesizer: SpeechSynthesizer, player: SpeechPlayer, bridge: Bridge,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synthesizer, self.player = synthesizer, player
        self._bridge = bridge
        self._generation = 0  # bumped by every new prompt and stop: older renders are dropped
        self._rendering = False
        self._last: _Prompt | None = None
        self._muted = False
        player.started.connect(self.started)
        player.finished.connect(self.finished)
        player.stopped.connect(self.stopped)
        player.failed.connect(self.failed)
        player.touched.connect(self._on_touched)

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, muted: bool) -> None:
        if muted == self._muted:
            return
        self._muted = muted
        if muted and self.busy:  # silence now; for the dialogue the prompt is over
            self._cancel()
            self.finished.emit()
        self.muted_changed.emit(muted)

    def toggle_mute(self) -> None:
        self.muted = not self._muted

    @property
    def busy(self) -> bool:
        """Rendering or playing a prompt."""
        return self._rendering or self.player.playing

    def say(self, text: str, language: str | None = None, *, personal: bool = False) -> None:
        """Say ``text`` instead of anything said before; ``personal`` audio is never cached beyond the session."""
        self._last = _Prompt(text, language or current_language(), personal)
        self._speak(self._last, audible=not self._muted)

    def repeat(self) -> bool:
        """Say the last prompt again, even when muted (the citizen asked to hear it); False if none."""
        if self._last is None:
            return False
        self._speak(self._last, audible=True)
        return True

    def stop(self) -> None:
        """Stop speaking at once and drop any prompt still being rendered."""
        self._cancel()

    def _speak(self, prompt: _Prompt, audible: bool) -> None:
        self._cancel()
        generation = self._generation
        if not audible:
            QTimer.singleShot(0, lambda: self._finish_silently(generation))
            return
        self._rendering = True
        # The synthesizer renders on its own thread; waiting on it from a bridge worker would tie
        # that worker up (and the outbox reads queued behind it), so the result is relayed instead.
        future = self.synthesizer.render_async(prompt.text, prompt.language, personal=prompt.personal)
        future.add_done_callback(self._bridge.relay(lambda done: self._render_done(generation, done)))

    def _render_done(self, generation: int, done: Future[Path]) -> None:
        error = done.exception()
        if error is None:
            self._rendered(generation, done.result())
        else:
            self._render_failed(generation, error)

    def _rendered(self, generation: int, path: Path) -> None:
        if generation == self._generation:
            self._rendering = False
            self.player.play(path)

    def _render_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._rendering = False
            self.failed.emit(str(error))

    def _finish_silently(self, generation: int) -> None:
        if generation == self._generation:
            self.finished.emit()

    def _cancel(self) -> None:
        self._generation += 1
        self._rendering = False
        self.player.stop()

    def _on_touched(self) -> None:
        self._cancel()
        self.touched.emit()


class VoiceSession(QObject):
    """One page's spoken dialogue. Without a listener (no model, no microphone) it only speaks."""

    committed = Signal(object)  # banshi.voice.intents.Intent
    hint = Signal(str)

    def __init__(self, dialogue: Dialogue, speaker: Speaker, listener: Listener | None = None, *,
                 grammar: Sequence[str] = (), tick_ms: int = 250, personal: bool = False,
                 parent: QObject | None = None) -> None:
        """``personal``: the prompt itself speaks the citizen's data (e.g. their answers): never cached."""
        super().__init__(parent)
        self.dialogue, self.speaker = dialogue, speaker
        self._personal = personal
        self.listener = listener if listener is not None and listener.available else None
        self._grammar = tuple(grammar)
        self._active = False
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    @property
    def active(self) -> bool:
        return self._active

    @property
    def listening(self) -> bool:
        return self.listener is not None and self.listener.is_open

    def start(self) -> None:
        """Speak the prompt; listen afterwards if a listener is there."""
        if self._active:
            return
        self._active = True
        self._connect(True)
        if self.listener is None:
            _log_speak_only()
        else:
            self.listener.set_grammar(self._grammar)
        self._timer.start()
        self._run(self.dialogue.start())

    def stop(self) -> None:
        """The page is left: silence, close the microphone, forget this dialogue."""
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        self._connect(False)
        self._close_mic()
        self.speaker.stop()

    def touched(self) -> None:
        """A touch on the page: touch takes over from voice."""
        if self._active:
            self._run(self.dialogue.touched())

    def repeat(self) -> None:
        """The "say it again" button: the microphone closes while the prompt is said again."""
        self._close_mic()
        if not self.speaker.repeat():
            self.speaker.say(self.dialogue.prompt, self.dialogue.language, personal=self._personal)

    def _connect(self, on: bool) -> None:
        pairs = [(self.speaker.finished, self._speech_finished), (self.speaker.failed, self._speech_failed),
                 (self.speaker.touched, self.touched)]
        if self.listener is not None:
            pairs += [(self.listener.heard, self._heard), (self.listener.failed, self._listener_failed)]
        for signal, slot in pairs:
            signal.connect(slot) if on else signal.disconnect(slot)

    def _run(self, actions: list[Action]) -> None:
        for action in actions:
            if not self._active:
                return  # a commit may have moved to another page
            self._perform(action)

    def _perform(self, action: Action) -> None:
        match action:
            case Speak(text=text):
                self._close_mic()
                # Anything but the prompt may echo the citizen's answer (a confirmation): never cached.
                self.speaker.say(text, self.dialogue.language,
                                 personal=self._personal or text != self.dialogue.prompt)
            case Listen():
                self._open_mic()
            case StopListening():
                self._close_mic()
            case Commit(value=intent):
                self.committed.emit(intent)
            case ShowHint(text=text):
                self.hint.emit(text)

    def _speech_finished(self) -> None:
        if self.listener is None:
            return  # speak-only: the dialogue never listens, so it never asks again either
        actions = self.dialogue.speech_finished()
        if actions:
            self._run(actions)
        elif self.dialogue.state in LISTENING_STATES:
            self._open_mic()  # after a repeat() the dialogue was listening all along

    def _speech_failed(self, message: str) -> None:
        log.warning("A prompt could not be spoken (%s); the dialogue goes on, the prompt is on screen.", message)
        self._speech_finished()

    def _heard(self, result: RecognitionResult) -> None:
        self._run(self.dialogue.heard(result.text))

    def _listener_failed(self, message: str) -> None:
        log.warning("Voice answers stopped on this page (%s); touch still works.", message)
        self._run(self.dialogue.touched())

    def _tick(self) -> None:
        if self.speaker.busy:
            return  # the silence clock is about the citizen's silence, not ours
        self._run(self.dialogue.tick())
        if self.dialogue.state is State.DONE:
            self._timer.stop()

    def _open_mic(self) -> None:
        if self.listener is not None and not self.speaker.busy and self._active:
            self.listener.open()

    def _close_mic(self) -> None:
        if self.listener is not None:
            self.listener.close()


class MuteButton(BigButton):
    """The large mute toggle every page shows; its label says what a press will do."""

    def __init__(self, speaker: Speaker) -> None:
        super().__init__(lambda: _("Sound on") if speaker.muted else _("Mute"))
        self.setObjectName("voice-mute")
        self.setCheckable(True)
        self.setChecked(speaker.muted)
        self.clicked.connect(lambda: speaker.toggle_mute())
        speaker.muted_changed.connect(self._follow)  # a bound slot: dropped when the button goes

    def _follow(self, muted: bool) -> None:
        self.setChecked(muted)
        self.retranslate()


def _log_speak_only() -> None:
    global _logged_speak_only
    if not _logged_speak_only:
        log.warning("No speech model or microphone: the kiosk speaks its prompts but does not listen.")
        _logged_speak_only = True
