"""Speech in: vosk limited to a grammar, fed 16 kHz mono int16 chunks from any ``AudioSource``."""

from __future__ import annotations

import functools
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from banshi.voice.audio import SAMPLE_RATE, AudioSource
from banshi.voice.errors import ModelMissing
from banshi.voice.models import is_model_dir, missing_words, model_vocabulary

log = logging.getLogger(__name__)

UNKNOWN_WORD = "[unk]"


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    confidence: float


@dataclass(frozen=True)
class RecognitionResult:
    """What vosk heard: the text (words separated by spaces), mean word confidence, and the words."""

    text: str
    confidence: float
    words: tuple[Word, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


def _vosk() -> Any:
    import vosk

    vosk.SetLogLevel(-1)  # vosk logs to stderr by default; operators read our log instead
    return vosk


_model_lock = threading.Lock()


@functools.lru_cache(maxsize=2)
def _load_model(path: str) -> Any:
    return _vosk().Model(path)


def load_model(model_path: Path) -> Any:
    """A vosk ``Model`` (loaded once per process and path; loading takes seconds)."""
    path = Path(model_path)
    if not is_model_dir(path):
        raise ModelMissing(f"{path} is not a vosk model folder (needs am/final.mdl and conf/).")
    with _model_lock:
        return _load_model(str(path.resolve()))


class Recognizer:
    """One utterance at a time: ``accept`` chunks, then ``final()``; ``reset()`` for the next one."""

    def __init__(self, model_path: Path, grammar: Sequence[str], sample_rate: int = SAMPLE_RATE) -> None:
        self.model_path = Path(model_path)
        self.grammar = usable_grammar(self.model_path, grammar)
        if not self.grammar:  # vosk crashes the process on an empty grammar
            raise ModelMissing(f"None of the grammar's words are in the model {self.model_path}; wrong language?")
        self.sample_rate = sample_rate
        self._model = load_model(self.model_path)
        self._recognizer = self._new_recognizer()

    def _new_recognizer(self) -> Any:
        recognizer = _vosk().KaldiRecognizer(
            self._model, self.sample_rate, json.dumps(self.grammar, ensure_ascii=False)
        )
        recognizer.SetWords(True)
        return recognizer

    def accept(self, chunk: bytes) -> bool:
        """Feed PCM; True when vosk saw the end of an utterance (silence) inside this chunk."""
        return bool(self._recognizer.AcceptWaveform(chunk))

    def partial(self) -> str:
        return str(json.loads(self._recognizer.PartialResult()).get("partial", ""))

    def final(self) -> RecognitionResult:
        """Everything heard since the last ``final()``/``reset()``; the recogniser is ready again after."""
        return parse_result(self._recognizer.FinalResult())

    def result(self) -> RecognitionResult:
        """The utterance vosk just closed (after ``accept`` returned True)."""
        return parse_result(self._recognizer.Result())

    def reset(self) -> None:
        self._recognizer.Reset()


def usable_grammar(model_path: Path, grammar: Sequence[str]) -> list[str]:
    """``grammar`` without phrases using words the model lacks (vosk would drop those words silently)."""
    missing = set(missing_words(model_path, grammar))
    if UNKNOWN_WORD not in model_vocabulary(model_path):
        missing.add(UNKNOWN_WORD)
    if missing:
        log.info("Dropping grammar phrases with words %s unknown to the model %s", sorted(missing), model_path)
    return [phrase for phrase in grammar if not missing.intersection(phrase.split())]


def parse_result(raw: str) -> RecognitionResult:
    """vosk's JSON result → ``RecognitionResult``; ``[unk]`` words count as heard but not understood."""
    data = json.loads(raw)
    words = tuple(
        Word(str(w["word"]), float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
        for w in data.get("result", [])
    )
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return RecognitionResult(str(data.get("text", "")).strip(), confidence, words)


def recognize(source: AudioSource, recognizer: Recognizer) -> RecognitionResult:
    """Run a whole source through ``recognizer`` and return everything it heard as one result."""
    texts: list[str] = []
    words: list[Word] = []
    for chunk in source.chunks():
        if recognizer.accept(chunk):
            _collect(recognizer.result(), texts, words)
    _collect(recognizer.final(), texts, words)
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return RecognitionResult(" ".join(texts), confidence, tuple(words))


def _collect(result: RecognitionResult, texts: list[str], words: list[Word]) -> None:
    if not result.is_empty:
        texts.append(result.text)
        words.extend(result.words)
