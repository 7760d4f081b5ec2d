"""Audio in: sources yield 16 kHz mono int16 PCM chunks, which is what the recogniser wants."""

from __future__ import annotations

import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from banshi.voice.errors import AudioFormatError

SAMPLE_RATE = 16000
_DTYPES = {1: np.uint8, 2: np.dtype("<i2"), 4: np.dtype("<i4")}


class AudioSource(Protocol):
    """Anything that yields 16 kHz mono int16 little-endian PCM chunks (a WAV file, a microphone)."""

    sample_rate: int

    def chunks(self) -> Iterator[bytes]: ...


def to_pcm16_mono(samples: np.ndarray, rate: int, channels: int, target_rate: int = SAMPLE_RATE) -> bytes:
    """Mix interleaved ``samples`` down to mono and resample linearly to ``target_rate``."""
    mono = samples.astype(np.float64).reshape(-1, channels).mean(axis=1)
    if rate != target_rate and len(mono):
        count = int(len(mono) * target_rate / rate)
        mono = np.interp(np.arange(count) * rate / target_rate, np.arange(len(mono)), mono)
    return np.clip(np.round(mono), -32768, 32767).astype("<i2").tobytes()


def read_wav(path: Path) -> tuple[np.ndarray, int, int]:
    """(int16-scaled samples, sample rate, channels) of a PCM WAV file."""
    try:
        with wave.open(str(path), "rb") as wav:
            width, rate, channels = wav.getsampwidth(), wav.getframerate(), wav.getnchannels()
            raw = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as error:
        raise AudioFormatError(f"{path} is not a PCM WAV file we can read: {error}") from error
    if width not in _DTYPES:
        raise AudioFormatError(f"{path} has {width * 8}-bit samples; convert it to 16-bit PCM.")
    samples = np.frombuffer(raw, dtype=_DTYPES[width]).astype(np.float64)
    if width == 1:
        samples = (samples - 128) * 256
    elif width == 4:
        samples = samples / 65536
    return samples, rate, channels


class WavFileSource:
    """A WAV file of any PCM rate and channel count, as 16 kHz mono chunks of ``chunk_ms``."""

    sample_rate = SAMPLE_RATE

    def __init__(self, path: Path, chunk_ms: int = 100) -> None:
        self.path = Path(path)
        self._chunk_bytes = SAMPLE_RATE * chunk_ms // 1000 * 2

    def pcm(self) -> bytes:
        samples, rate, channels = read_wav(self.path)
        return to_pcm16_mono(samples, rate, channels)

    def chunks(self) -> Iterator[bytes]:
        data = self.pcm()
        for start in range(0, len(data), self._chunk_bytes):
            yield data[start : start + self._chunk_bytes]

    def duration_s(self) -> float:
        samples, rate, channels = read_wav(self.path)
        return len(samples) / channels / rate
