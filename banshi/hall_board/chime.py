"""The call chime: two soft tones (E5 then C5, "ding-dong"), written once as a WAV beside the cached
prompts. Made here, not shipped or downloaded."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
TONES = ((659.25, 0.35), (523.25, 0.55))  # Hz, seconds


def chime_wav(folder: Path) -> Path:
    path = folder / "hall-chime.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    for frequency, seconds in TONES:
        count = int(RATE * seconds)
        for n in range(count):
            fade = min(1.0, n / 400) * (1 - n / count) ** 2  # soft attack, bell-like decay
            frames += struct.pack("<h", int(12000 * fade * math.sin(2 * math.pi * frequency * n / RATE)))
    partial = path.with_suffix(".part")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    partial.replace(path)
    return path
