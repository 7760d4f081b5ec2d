"""Every call spoken, one after another: chime, then the call in Mandarin (and Cantonese where the hall
says so), repeated per setting. A new call waits for the one being spoken; nothing is cut off.

Clips are rendered on the bridge's single writer thread, so they queue in the order calls came.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject

from banshi.hall.announce import Announcement
from banshi.ui.bridge import Bridge
from banshi.ui.speech_player import SpeechPlayer
from banshi.voice.readings import SpeechLanguage
from banshi.voice.tts import SPEECH_VOICES, SpeechSynthesizer

# The board's voices by what is said: Chinese text in Mandarin, and in Cantonese where the hall says so.
BOARD_VOICES = {"zh_CN": SPEECH_VOICES[SpeechLanguage.MANDARIN], "yue": SPEECH_VOICES[SpeechLanguage.CANTONESE],
                "en": SPEECH_VOICES[SpeechLanguage.ENGLISH]}


@dataclass
class Spoken:
    """When one call's clips played: for measuring the gap between calls."""

    code: str
    started: float = 0.0
    finished: float = 0.0
    clips: list[Path] = field(default_factory=list)


class CallAnnouncer(QObject):
    def __init__(self, bridge: Bridge, synthesizer: SpeechSynthesizer, player: SpeechPlayer, chime: Path | None,
                 cantonese: bool, repeat: int) -> None:
        super().__init__(player)
        self.bridge, self.synthesizer, self.player = bridge, synthesizer, player
        self.chime, self.cantonese, self.repeat = chime, cantonese, repeat
        self.queue: deque[Spoken] = deque()
        self.playing: Spoken | None = None
        self._clips: deque[Path] = deque()
        self.history: list[Spoken] = []
        player.finished.connect(self._next_clip)
        player.failed.connect(lambda _message: self._next_clip())

    def announce(self, call: Announcement) -> None:
        spoken = Spoken(call.code)
        self.bridge.run(lambda: self._render(call), lambda clips: self._queue(spoken, clips), writer=True)

    def _render(self, call: Announcement) -> list[Path]:
        languages = ["zh_CN"] + (["yue"] if self.cantonese else [])
        said = [self.synthesizer.render(call.spoken("zh_CN"), language) for language in languages]
        return ([self.chime] if self.chime else []) + said * self.repeat

    def _queue(self, spoken: Spoken, clips: list[Path]) -> None:
        spoken.clips = clips
        self.queue.append(spoken)
        if self.playing is None:
            self._start_next()

    def _start_next(self) -> None:
        if not self.queue:
            self.playing = None
            return
        self.playing = self.queue.popleft()
        self.playing.started = time.monotonic()
        self._clips = deque(self.playing.clips)
        self.player.play(self._clips.popleft())

    def _next_clip(self) -> None:
        if self.playing is None:
            return
        if self._clips:
            self.player.play(self._clips.popleft())
            return
        self.playing.finished = time.monotonic()
        self.history.append(self.playing)
        self._start_next()

    @property
    def idle(self) -> bool:
        return self.playing is None and not self.queue
