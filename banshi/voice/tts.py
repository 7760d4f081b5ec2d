"""Speech out: prompts rendered to WAV files, cached on disk unless they carry personal data.

Each screen language has a voice; 中文 screens speak Mandarin (espeak-ng's ``cmn-latn-pinyin``: Debian 12's
``cmn`` reads most characters as English-spelled pinyin with tone digits) or, where the deployment chooses,
Cantonese (``yue-latn-jyutping``). Every text passes through ``speakable`` for that voice first.

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
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from banshi.i18n import current_language
from banshi.voice.errors import EmptyPromptError, UnknownVoiceError
from banshi.voice.phonemes import is_han, one_syllable
from banshi.voice.speakable import SpeechLanguage, speakable
from banshi.voice.tts_engine import TtsBackend, default_backend

SPEECH_VOICES: Mapping[SpeechLanguage, str] = {
    SpeechLanguage.MANDARIN: "cmn-latn-pinyin",
    SpeechLanguage.CANTONESE: "yue-latn-jyutping",  # Latin as Jyutping, so letters get Cantonese names
    SpeechLanguage.ENGLISH: "en-us",
}
CHINESE_SPEECH = (SpeechLanguage.MANDARIN, SpeechLanguage.CANTONESE)
DEFAULT_RATE = 140  # words per minute: slower than espeak's 175, as elderly listeners need
RATE_RANGE = (80, 300)
VOLUME_RANGE = (0.0, 2.0)  # espeak amplitude 0-200; above 100 espeak compresses, so louder without clipping


def voices_for(chinese: SpeechLanguage = SpeechLanguage.MANDARIN) -> dict[str, str]:
    """The voice of each screen language; ``chinese``: what a 中文 screen speaks."""
    if chinese not in CHINESE_SPEECH:
        raise ValueError(f"A 中文 screen speaks {' or '.join(CHINESE_SPEECH)}, not {chinese}.")
    return {"zh_CN": SPEECH_VOICES[chinese], "en": SPEECH_VOICES[SpeechLanguage.ENGLISH]}


VOICES: Mapping[str, str] = voices_for()


def speech_language_of(voice: str) -> SpeechLanguage | None:
    """The reading rules a voice gets; None for a voice we have none for (it gets normalised text)."""
    name = voice.rsplit("/", 1)[-1].lower()
    return next((speech for speech, known in SPEECH_VOICES.items() if known == name), None)


@dataclass(frozen=True)
class _Settings:
    rate: int
    volume: float


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
        self._known: dict[str, dict[str, bool]] = {}  # per voice: Han character → the voice can say it
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
        if not VOLUME_RANGE[0] <= value <= VOLUME_RANGE[1]:
            raise ValueError(f"Speech volume {value} is out of range; choose {VOLUME_RANGE[0]}-{VOLUME_RANGE[1]}.")
        self._volume = float(value)

    @property
    def backend_name(self) -> str:
        return self._backend.name

    def voice_for(self, language: str | None = None) -> str:
        language = language or current_language()
        if language not in self._voices:
            raise UnknownVoiceError(f"<none for {language}>", list(self._voices.values()))
        return self._voices[language]

    def speech_language(self, language: str | None = None) -> SpeechLanguage | None:
        """What the listener hears for screen ``language`` (Mandarin or Cantonese on a 中文 screen)."""
        return speech_language_of(self.voice_for(language))

    def spoken_text(self, text: str, language: str | None = None) -> str:
        """``text`` as this synthesizer gives it to the voice of ``language``."""
        voice = self.voice_for(language)
        return self._without_unknown_characters(speakable(text, speech_language_of(voice)), voice)

    def _without_unknown_characters(self, spoken: str, voice: str) -> str:
        """A Han character a Chinese voice has no entry for comes out as a stray vowel (Mandarin) or
        "letter" (Cantonese): a pause instead. Each character is asked about once per voice (~0.2 ms)."""
        if speech_language_of(voice) not in CHINESE_SPEECH:
            return spoken
        with self._lock:
            known = self._known.setdefault(voice, {})
            new = sorted({char for char in spoken if is_han(char) and char not in known})
        if new:
            answers = dict(zip(new, map(one_syllable, self._backend.phonemes(new, voice)), strict=True))
            with self._lock:
                known.update(answers)
        return "".join("，" if not known.get(char, True) else char for char in spoken)

    def render(self, text: str, language: str | None = None, *, personal: bool = False,
               rate: int | None = None, volume: float | None = None) -> Path:
        """The WAV file saying ``text``; blocks while rendering, so call it off the GUI thread. ``rate`` and
        ``volume``: this render's, else the synthesizer's."""
        settings = _Settings(self._rate if rate is None else rate, self._volume if volume is None else volume)
        return self._render(text, language or current_language(), personal, settings)

    def render_async(self, text: str, language: str | None = None, *, personal: bool = False) -> Future[Path]:
        """``render`` on this synthesizer's worker; the future carries the path or the error. Language, rate
        and volume are those of the moment of asking (the citizen may change them while it renders)."""
        return self._pool.submit(self.render, text, language or current_language(), personal=personal,
                                 rate=self._rate, volume=self._volume)

    def phonemes(self, texts: Sequence[str], language: str | None = None) -> list[str]:
        """What the voice of ``language`` says for each text (espeak's phoneme mnemonics), as rendered."""
        return self._backend.phonemes([self.spoken_text(text, language) for text in texts], self.voice_for(language))

    def _render(self, text: str, language: str, personal: bool, settings: _Settings) -> Path:
        voice = self.voice_for(language)
        spoken = self.spoken_text(text, language)
        if not spoken.strip():
            raise EmptyPromptError()
        key = self._cache_key(spoken, voice, settings)
        target = self._personal_path(key) if personal else self._prompts / f"{key}.wav"
        if not target.exists():
            self._render_atomically(spoken, voice, settings, target)
        return target

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

    def _cache_key(self, text: str, voice: str, settings: _Settings) -> str:
        identity = json.dumps([self._backend.name, voice, settings.rate, round(settings.volume, 3), text])
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]

    def _personal_path(self, key: str) -> Path:
        with self._lock:
            if self._session_dir is None:
                self._session_dir = Path(tempfile.mkdtemp(prefix="banshi-tts-session-"))  # mode 0700
            return self._personal.setdefault(key, self._session_dir / f"{key}.wav")

    def _render_atomically(self, text: str, voice: str, settings: _Settings, target: Path) -> None:
        # Render beside the target and rename, so a reader never sees a half-written prompt.
        handle, temp_name = tempfile.mkstemp(suffix=".wav", prefix=".rendering-", dir=target.parent)
        os.close(handle)
        temp = Path(temp_name)
        temp.unlink()
        try:
            self._backend.render_to_file(text, voice, settings.rate, settings.volume, temp)
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
