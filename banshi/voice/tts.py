"""Speech out: prompts rendered to WAV files, cached on disk unless they carry personal data.

A prompt that says something about the citizen in front of the kiosk (``personal=True``) is kept in a
private session folder and ``forget_personal()`` overwrites and removes it at the end of the session;
everything else is cached under ``cache_dir/prompts`` keyed by (text, voice, rate, volume).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from banshi.i18n import current_language
from banshi.voice.errors import EmptyPromptError, UnknownVoiceError
from banshi.voice.tts_engine import TtsBackend, default_backend

VOICES: Mapping[str, str] = {"zh_CN": "cmn", "en": "en-us"}
DEFAULT_RATE = 140  # words per minute: slower than espeak's 175, as elderly listeners need
RATE_RANGE = (80, 300)


class SpeechSynthesizer:
    """Render text to a WAV file in the voice of a language; safe to call from any thread."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        rate: int = DEFAULT_RATE,
        volume: float = 1.0,
        voices: Mapping[str, str] = VOICES,
        backend: TtsBackend | None = None,
    ) -> None:
        self._prompts = Path(cache_dir) / "prompts"
        self._prompts.mkdir(parents=True, exist_ok=True)
        self._voices = dict(voices)
        self._backend = backend or default_backend()
        self.rate, self.volume = rate, volume
        self._lock = threading.Lock()
        self._session_dir: Path | None = None
        self._personal: dict[str, Path] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="banshi-tts")

    @property
    def rate(self) -> int:
        return self._rate

    @rate.setter
    def rate(self, value: int) -> None:
        if not RATE_RANGE[0] <= value <= RATE_RANGE[1]:
            raise ValueError(f"Speech rate {value} wpm is out of range; choose {RATE_RANGE[0]}-{RATE_RANGE[1]}.")
        self._rate = int(value)

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"Speech volume {value} is out of range; choose 0.0-1.0.")
        self._volume = float(value)

    @property
    def backend_name(self) -> str:
        return self._backend.name

    def voice_for(self, language: str | None = None) -> str:
        language = language or current_language()
        if language not in self._voices:
            raise UnknownVoiceError(f"<none for {language}>", list(self._voices.values()))
        return self._voices[language]

    def render(self, text: str, language: str | None = None, *, personal: bool = False) -> Path:
        """The WAV file saying ``text``; blocks while rendering, so call it off the GUI thread."""
        if not text.strip():
            raise EmptyPromptError()
        voice = self.voice_for(language)
        key = self._cache_key(text, voice)
        target = self._personal_path(key) if personal else self._prompts / f"{key}.wav"
        if not target.exists():
            self._render_atomically(text, voice, target)
        return target

    def render_async(self, text: str, language: str | None = None, *, personal: bool = False) -> Future[Path]:
        """``render`` on this synthesizer's worker; the future carries the path or the error."""
        language = language or current_language()  # the language of the moment of asking
        return self._pool.submit(self.render, text, language, personal=personal)

    def forget_personal(self) -> int:
        """Overwrite and delete every personal prompt of this session; returns how many were removed."""
        with self._lock:
            paths, self._personal = list(self._personal.values()), {}
            session_dir, self._session_dir = self._session_dir, None
        for path in paths:
            _shred(path)
        if session_dir is not None:
            shutil.rmtree(session_dir, ignore_errors=True)
        return len(paths)

    def forget_personal_soon(self) -> Future[int]:
        """``forget_personal`` on the render worker, after any render in flight (which may be writing into
        the session folder); returns at once, for the GUI thread at a session wipe."""
        try:
            return self._pool.submit(self.forget_personal)
        except RuntimeError:  # closed: no render can be in flight any more, so forget right here
            done: Future[int] = Future()
            done.set_result(self.forget_personal())
            return done

    def clear_cache(self) -> None:
        for path in self._prompts.glob("*.wav"):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.forget_personal()

    def _cache_key(self, text: str, voice: str) -> str:
        identity = json.dumps([self._backend.name, voice, self._rate, round(self._volume, 3), text])
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]

    def _personal_path(self, key: str) -> Path:
        with self._lock:
            if self._session_dir is None:
                self._session_dir = Path(tempfile.mkdtemp(prefix="banshi-tts-session-"))  # mode 0700
            return self._personal.setdefault(key, self._session_dir / f"{key}.wav")

    def _render_atomically(self, text: str, voice: str, target: Path) -> None:
        # Render beside the target and rename, so a reader never sees a half-written prompt.
        handle, temp_name = tempfile.mkstemp(suffix=".wav", prefix=".rendering-", dir=target.parent)
        os.close(handle)
        temp = Path(temp_name)
        temp.unlink()
        try:
            self._backend.render_to_file(text, voice, self._rate, self._volume, temp)
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)


def _shred(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        pass
