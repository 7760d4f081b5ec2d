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
from banshi.ui.speech_controls import SpeechControls, SpeechPanel, speech_buttons
from banshi.ui.speech_player import SpeechPlayer
from banshi.ui.voice_session import Speaker
from banshi.voice.intents import IntentSet, load_intents
from banshi.voice.speakable import SpeechLanguage
from banshi.voice.tts import SpeechSynthesizer, voices_for


@dataclass
class KioskVoiceParts:
    synthesizer: SpeechSynthesizer
    speaker: Speaker
    listener: Listener | None
    flow: KioskVoice
    controls: SpeechControls
    panel: SpeechPanel

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
    player = SpeechPlayer(volume=settings.voice.volume)  # the deployment's loudness; the citizen's is the voice's
    player.stop_on_touch(app)
    synthesizer = SpeechSynthesizer(settings.device.data_dir / "tts", rate=settings.voice.rate_wpm,
                                    voices=voices_for(SpeechLanguage(settings.voice.chinese_speech)))
    speaker = Speaker(synthesizer, player, bridge)
    listener = voice_listener(source or Microphone(), bridge, settings.voice.vosk_model)
    if listener is not None:
        listener.preload()
    flow = KioskVoice(window, speaker, listener, intent_loader(settings.voice.intents_dir))
    controls = SpeechControls(speaker, flow.repeat, parent=flow)
    again, hard_to_hear, panel = speech_buttons(controls, flow.repeat, window)
    window.add_header_buttons(again, hard_to_hear)
    window.page_changed.connect(panel.page_changed)
    window.session_wiped.connect(synthesizer.forget_personal_soon)
    window.session_wiped.connect(controls.reset)  # the next citizen hears the kiosk as it was set up
    return KioskVoiceParts(synthesizer, speaker, listener, flow, controls, panel)
