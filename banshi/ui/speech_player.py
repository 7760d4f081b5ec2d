"""Our own player for rendered prompts: starts at once, stops at once, and never hangs without a sound card.

With an audio output the WAV plays through ``QSoundEffect`` (low latency for short uncompressed
clips). Without one (CI, a kiosk whose speaker is unplugged) the player stays silent but still
reports ``finished`` after the clip's duration, so the spoken dialogue keeps the same timing.
"""

from __future__ import annotations

import logging
import wave
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices, QSoundEffect

log = logging.getLogger(__name__)
_logged_no_output = False
TOUCH_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.TabletPress})


class SpeechPlayer(QObject):
    """Plays one WAV at a time. ``finished``: played to the end; ``stopped``: cut short by ``stop()``."""

    started = Signal()
    finished = Signal()
    stopped = Signal()
    failed = Signal(str)
    touched = Signal()  # a press or touch anywhere in the app (after ``stop_on_touch``)

    def __init__(self, parent: QObject | None = None, *, volume: float = 1.0) -> None:
        super().__init__(parent)
        self._effect: QSoundEffect | None = None
        self._volume = 1.0
        self.volume = volume
        self._silent_clock = QTimer(self)
        self._silent_clock.setSingleShot(True)
        self._silent_clock.timeout.connect(self._end)
        self._current: Path | None = None
        self._touch_filter: _TouchStopper | None = None

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"Playback volume {value} is out of range; choose 0.0-1.0.")
        self._volume = float(value)
        if self._effect is not None:
            self._effect.setVolume(self._volume)

    @property
    def playing(self) -> bool:
        return self._current is not None

    @property
    def current_path(self) -> Path | None:
        """The WAV being played now (None when idle)."""
        return self._current

    def play(self, path: Path) -> None:
        """Play ``path`` from the start, replacing whatever was playing (without a ``stopped`` signal)."""
        self._halt()
        path = Path(path)
        try:
            duration = wav_duration(path)
        except (OSError, wave.Error, EOFError) as error:
            self.failed.emit(f"Cannot play {path}: {error}; render the prompt again.")
            return
        self._current = path
        device = output_device()
        if device is None:
            self._silent_clock.start(max(1, round(duration * 1000)))
        else:
            self._play_on(device, path)
        self.started.emit()

    def stop(self) -> None:
        """Stop at once; emits ``stopped`` if something was playing."""
        if self._halt():
            self.stopped.emit()

    def stop_on_touch(self, app: QCoreApplication) -> None:
        """Any mouse press or touch anywhere in ``app`` stops speech at once and emits ``touched``."""
        if self._touch_filter is None:
            self._touch_filter = _TouchStopper(self)
            app.installEventFilter(self._touch_filter)

    def _play_on(self, device: QAudioDevice, path: Path) -> None:
        effect = self._sound_effect()
        effect.setAudioDevice(device)
        effect.setSource(QUrl.fromLocalFile(str(path.resolve())))
        effect.play()

    def _sound_effect(self) -> QSoundEffect:
        if self._effect is None:
            self._effect = QSoundEffect(self)
            self._effect.setVolume(self._volume)
            self._effect.playingChanged.connect(self._on_playing_changed)
            self._effect.statusChanged.connect(self._on_status_changed)
        return self._effect

    def _on_playing_changed(self) -> None:
        if self._effect is not None and not self._effect.isPlaying() and self._current is not None:
            self._end()

    def _on_status_changed(self) -> None:
        if self._effect is not None and self._effect.status() == QSoundEffect.Status.Error and self._current:
            path, self._current = self._current, None
            self.failed.emit(f"The audio output could not play {path}; check the speaker and the file.")

    def _end(self) -> None:
        self._current = None
        self.finished.emit()

    def _halt(self) -> bool:
        """Silence everything without signals; True if something was playing."""
        was_playing = self._current is not None
        self._current = None  # first, so the effect's playingChanged is not taken for a natural end
        self._silent_clock.stop()
        if self._effect is not None:
            self._effect.stop()
        return was_playing

    def interrupt(self) -> None:
        """A touch: stop speech and tell listeners that touch takes over."""
        self.stop()
        self.touched.emit()


class _TouchStopper(QObject):
    """Application-wide event filter. A press a widget ignores travels on to its parents as the same
    event, so a press seen again in the same turn of the event loop with the same time is not new."""

    def __init__(self, player: SpeechPlayer) -> None:
        super().__init__(player)
        self._player = player
        self._last: tuple[QEvent.Type, int] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in TOUCH_EVENTS:
            seen = (event.type(), event.timestamp())  # type: ignore[attr-defined]
            if seen != self._last:
                self._last = seen
                QTimer.singleShot(0, self._forget)
                self._player.interrupt()
        return False  # the touch still does whatever it was meant to do

    def _forget(self) -> None:
        self._last = None


def output_device() -> QAudioDevice | None:
    """The default audio output, or None (logged once) when the machine has none."""
    global _logged_no_output
    if QMediaDevices.audioOutputs():
        device = QMediaDevices.defaultAudioOutput()
        if not device.isNull():
            return device
    if not _logged_no_output:
        log.warning("No audio output device: speech is silent (timing kept), prompts stay on screen.")
        _logged_no_output = True
    return None


def wav_duration(path: Path) -> float:
    """Seconds of audio in a PCM WAV file."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())
