"""Speech in, on the Qt side: a live microphone, a WAV replay for tests and demos, and the listener
that feeds either of them into a vosk ``Recognizer`` on its own thread.

Both sources are ``AudioSource``s (16 kHz mono int16 chunks) with ``start()``/``stop()`` called on
the GUI thread; ``chunks()`` is iterated on the listener's thread and ends soon after ``stop()``.
Recognised utterances cross into the GUI only through the ``Bridge``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSource, QMediaDevices

from banshi.ui.bridge import Bridge
from banshi.voice.audio import SAMPLE_RATE, WavFileSource, to_pcm16_mono
from banshi.voice.errors import ModelMissing
from banshi.voice.models import require_model
from banshi.voice.stt import RecognitionResult, Recognizer, load_model

log = logging.getLogger(__name__)
_logged_no_input = False
_SAMPLES = {  # Qt sample format → (numpy dtype, scale to the int16 range, offset)
    QAudioFormat.SampleFormat.UInt8: (np.uint8, 256.0, -128.0),
    QAudioFormat.SampleFormat.Int16: (np.dtype("<i2"), 1.0, 0.0),
    QAudioFormat.SampleFormat.Int32: (np.dtype("<i4"), 1 / 65536, 0.0),
    QAudioFormat.SampleFormat.Float: (np.dtype("<f4"), 32767.0, 0.0),
}


class LiveSource(Protocol):
    """An ``AudioSource`` that is switched on and off from the GUI thread."""

    sample_rate: int

    @property
    def available(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def chunks(self) -> Iterator[bytes]: ...


class Microphone(QObject):
    """The default (or given) audio input through ``QAudioSource``, as 16 kHz mono int16 chunks."""

    sample_rate = SAMPLE_RATE

    def __init__(self, device: QAudioDevice | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._device = device if device is not None else _default_input()
        self._audio: QAudioSource | None = None
        self._format = QAudioFormat()
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._queue.put(None)  # closed until started

    @property
    def available(self) -> bool:
        return self._device is not None and not self._device.isNull()

    def start(self) -> None:
        """Open the input (GUI thread); without a device nothing happens and ``chunks()`` ends at once."""
        self.stop()
        if not self.available:
            _log_no_input()
            return
        self._queue = queue.Queue()
        assert self._device is not None
        self._format = _capture_format(self._device)
        self._audio = QAudioSource(self._device, self._format, self)
        stream = self._audio.start()
        stream.readyRead.connect(lambda: self._captured(stream))

    def stop(self) -> None:
        if self._audio is not None:
            self._audio.stop()
            self._audio.deleteLater()
            self._audio = None
        self._queue.put(None)

    def chunks(self) -> Iterator[bytes]:
        pending = self._queue  # the capture that was current when listening began
        while (chunk := pending.get()) is not None:
            yield chunk

    def _captured(self, stream: QIODevice) -> None:
        data = bytes(stream.readAll().data())
        if data:
            self._queue.put(_to_pcm16(data, self._format))


class WavReplaySource:
    """Feeds WAV files as if someone spoke them into a microphone: one file per ``start()``, paced
    in real time (or ``speed`` × faster), followed by a little silence; then a silent room."""

    sample_rate = SAMPLE_RATE
    available = True

    def __init__(self, paths: Sequence[Path], *, chunk_ms: int = 100, speed: float = 1.0,
                 trailing_silence_ms: int = 800) -> None:
        self._pending = [Path(p) for p in paths]
        self._chunk_ms, self._speed = chunk_ms, speed
        self._silence = bytes(SAMPLE_RATE * trailing_silence_ms // 1000 * 2)
        self._current: Path | None = None
        self._stop = threading.Event()
        self._stop.set()

    @property
    def remaining(self) -> int:
        return len(self._pending)

    def start(self) -> None:
        self._stop.set()
        self._stop = threading.Event()
        self._current = self._pending.pop(0) if self._pending else None

    def stop(self) -> None:
        self._stop.set()

    def chunks(self) -> Iterator[bytes]:
        stop, current = self._stop, self._current
        if current is None:
            stop.wait()  # nobody speaks any more; listening ends when the listener stops
            return
        pace = self._chunk_ms / 1000 / self._speed
        for chunk in WavFileSource(current, self._chunk_ms).chunks():
            if stop.wait(pace):
                return
            yield chunk
        if not stop.wait(len(self._silence) / 2 / SAMPLE_RATE / self._speed):
            yield self._silence


@dataclass
class _Turn:
    """One stretch of listening, from ``open()`` to ``close()``."""

    grammar: tuple[str, ...]
    cancelled: threading.Event = field(default_factory=threading.Event)


class Listener(QObject):
    """Listens through a ``LiveSource`` with a vosk grammar; ``heard`` carries each utterance."""

    heard = Signal(object)  # RecognitionResult (never empty)
    failed = Signal(str)
    listening_changed = Signal(bool)

    def __init__(self, source: LiveSource, model_path: Path, bridge: Bridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source, self.model_path = source, Path(model_path)
        self._bridge = bridge
        # A turn lasts seconds, so it gets its own thread rather than starving the bridge's workers;
        # one thread also means one recogniser is never used by two turns at once.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="banshi-listen")
        self._grammar: tuple[str, ...] = ()
        self._recognizer: Recognizer | None = None
        self._recognizer_grammar: tuple[str, ...] = ()
        self._turn: _Turn | None = None
        self._deliver = bridge.relay(self._delivered)
        self._report = bridge.relay(self._failed)

    @property
    def available(self) -> bool:
        return self.source.available

    @property
    def is_open(self) -> bool:
        return self._turn is not None

    def preload(self) -> None:
        """Load the model now, on the listener's thread, so the first answer is not kept waiting."""
        self._thread.submit(load_model, self.model_path).add_done_callback(self._check)

    def set_grammar(self, grammar: Sequence[str]) -> None:
        """The phrases the next turns may hear (e.g. from ``banshi.voice.intents.grammar``)."""
        self._grammar = tuple(grammar)

    def open(self) -> None:
        """Start listening (GUI thread). The recogniser is built on the listener's thread."""
        if self._turn is not None:
            return
        if not self.available:
            _log_no_input()
            return
        self._turn = _Turn(self._grammar)
        self.source.start()
        future = self._thread.submit(self._listen, self._turn)
        future.add_done_callback(self._check)
        self.listening_changed.emit(True)

    def close(self) -> None:
        """Stop listening at once; what was being said is dropped."""
        turn, self._turn = self._turn, None
        if turn is None:
            return
        turn.cancelled.set()
        self.source.stop()
        self.listening_changed.emit(False)

    def shutdown(self) -> None:
        self.close()
        self._thread.shutdown(wait=True)

    def _listen(self, turn: _Turn) -> None:
        if turn.cancelled.is_set():
            return
        recognizer = self._recognizer_for(turn.grammar)  # seconds on first use: the model loads
        if turn.cancelled.is_set():
            return
        recognizer.reset()
        for chunk in self.source.chunks():
            if turn.cancelled.is_set():
                return
            if recognizer.accept(chunk):
                self._deliver(turn, recognizer.result())
        if not turn.cancelled.is_set():
            self._deliver(turn, recognizer.final())

    def _recognizer_for(self, grammar: tuple[str, ...]) -> Recognizer:
        if self._recognizer is None or self._recognizer_grammar != grammar:
            self._recognizer = Recognizer(self.model_path, list(grammar), self.source.sample_rate)
            self._recognizer_grammar = grammar
        return self._recognizer

    def _check(self, future: Future[None]) -> None:
        error = future.exception()
        if error is not None:
            self._report(error)

    def _delivered(self, turn: _Turn, result: RecognitionResult) -> None:
        if turn is self._turn and not result.is_empty:  # a closed turn's words are not for us
            self.heard.emit(result)

    def _failed(self, error: BaseException) -> None:
        log.error("Listening failed: %s", error, exc_info=error)
        self.close()
        self.failed.emit(str(error))


def voice_listener(source: LiveSource, bridge: Bridge, model_setting: Path | str | None = None) -> Listener | None:
    """A listener on the configured vosk model (setting, then ``$VOSK_MODEL``), or None when there is
    no model (logged once by ``require_model``) or no input device (logged once here)."""
    try:
        model = require_model(model_setting)
    except ModelMissing:
        return None
    if not source.available:
        _log_no_input()
        return None
    return Listener(source, model, bridge)


def _default_input() -> QAudioDevice | None:
    if not QMediaDevices.audioInputs():
        return None
    device = QMediaDevices.defaultAudioInput()
    return None if device.isNull() else device


def _log_no_input() -> None:
    global _logged_no_input
    if not _logged_no_input:
        log.warning("No audio input device: voice answers are off, touch still works.")
        _logged_no_input = True


def _capture_format(device: QAudioDevice) -> QAudioFormat:
    """16 kHz mono int16 if the device does it, else its own format (converted as it arrives)."""
    wanted = QAudioFormat()
    wanted.setSampleRate(SAMPLE_RATE)
    wanted.setChannelCount(1)
    wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    return wanted if device.isFormatSupported(wanted) else device.preferredFormat()


def _to_pcm16(data: bytes, fmt: QAudioFormat) -> bytes:
    rate, channels, kind = fmt.sampleRate(), fmt.channelCount(), fmt.sampleFormat()
    if (rate, channels, kind) == (SAMPLE_RATE, 1, QAudioFormat.SampleFormat.Int16):
        return data
    dtype, scale, offset = _SAMPLES[kind]
    usable = len(data) - len(data) % (np.dtype(dtype).itemsize * channels)
    samples = (np.frombuffer(data[:usable], dtype=dtype).astype(np.float64) + offset) * scale
    return to_pcm16_mono(samples, rate, channels)
