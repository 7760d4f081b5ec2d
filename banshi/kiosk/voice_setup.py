"""The kiosk's voice from settings: synthesizer, player, speaker, and a listener when a model exists."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from banshi.config import Settings
from banshi.kiosk.voice_flow import KioskVoice
from banshi.kiosk.window import KioskWindow
from banshi.ui.bridge import Bridge
from banshi.ui.microphone import LiveSource, Listener, Microphone, voice_listener
from banshi.ui.speech_player import SpeechPlayer
from banshi.ui.voice_session import Speaker, voice_buttons
from banshi.voice.intents import IntentSet, load_intents
from banshi.voice.tts import SpeechSynthesizer


@dataclass
class KioskVoiceParts:
    synthesizer: SpeechSynthesizer
    speaker: Speaker
    listener: Listener | None
    flow: KioskVoice

    def forget_personal(self) -> None:
        """Session wipe: rendered audio that spoke the last citizen's data is deleted."""
        self.synthesizer.forget_personal_soon()

    def shutdown(self) -> None:
        self.flow.shutdown()
        self.speaker.stop()
        self.speaker.player.deleteLater()  # takes its app-wide touch filter with it
        if self.listener is not None:
            self.listener.shutdown()
        self.synthesizer.close()


def intent_loader(folder: Path | None) -> Callable[[str], IntentSet]:
    """The shipped intent templates, or an operator's folder of ``<language>.yaml`` files."""
    if folder is None:
        return load_intents
    return functools.lru_cache(maxsize=4)(lambda language: IntentSet.from_yaml(folder / f"{language}.yaml"))


def build_voice(settings: Settings, app: QApplication, window: KioskWindow, bridge: Bridge,
                source: LiveSource | None = None) -> KioskVoiceParts:
    player = SpeechPlayer(volume=settings.voice.volume)
    player.stop_on_touch(app)
    synthesizer = SpeechSynthesizer(settings.device.data_dir / "tts", rate=settings.voice.rate_wpm,
                                    volume=settings.voice.volume)
    speaker = Speaker(synthesizer, player, bridge)
    listener = voice_listener(source or Microphone(), bridge, settings.voice.vosk_model)
    if listener is not None:
        listener.preload()
    flow = KioskVoice(window, speaker, listener, intent_loader(settings.voice.intents_dir))
    window.add_header_buttons(*voice_buttons(speaker, flow.repeat))
    window.session_wiped.connect(synthesizer.forget_personal_soon)
    return KioskVoiceParts(synthesizer, speaker, listener, flow)
