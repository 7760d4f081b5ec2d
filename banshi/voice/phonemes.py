"""What espeak-ng will actually say, as its phoneme mnemonics: the way to hear a prompt without a speaker.

``(en)`` in the output is espeak switching to its English voice mid-sentence (Debian 12's ``cmn`` voice does
that for most characters, spelling pinyin with tone numbers as English words); a Chinese syllable without a
tone number is Latin text read as pinyin or Jyutping. ``problems`` looks for both.

The library call (``espeak_TextToPhonemes``) runs on the pyttsx3 engine thread, the one thread that
drives espeak in this process, after espeak has finished anything it was saying: espeak keeps one global
state, so a phoneme query beside a render would corrupt both. It costs ~0.3 ms a sentence.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from banshi.voice.errors import SynthesisFailed, UnknownVoiceError

_CHARS_UTF8 = 1
_SWITCH = re.compile(r"\(([a-z]{2,3}(?:-[a-z]+)?)\)")
_WORD_BREAK = re.compile(r"[\s|_:!]+")


class Problem(StrEnum):
    LANGUAGE_SWITCH = "switches language"
    NO_TONE = "has a syllable without a tone (Latin read as pinyin/Jyutping)"


@dataclass(frozen=True)
class Finding:
    text: str  # as shipped
    spoken: str  # as given to the voice
    phonemes: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.text!r} {self.problem}: voice given {self.spoken!r}, says {self.phonemes}"


def library_phonemes(texts: Sequence[str], voice: str) -> list[str]:
    """Phoneme mnemonics of each text; call it on the thread that owns espeak (see the module doc)."""
    from pyttsx3.drivers import _espeak

    _espeak.Synchronize()
    lib = ctypes.CDLL(_espeak.dll._name)  # the same loaded library, so the same espeak state
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    if lib.espeak_SetVoiceByName(voice.encode()) != 0:
        raise UnknownVoiceError(voice, [])
    return [_clauses(lib, text) for text in texts]


def _clauses(lib: ctypes.CDLL, text: str) -> str:
    """espeak translates a clause per call and moves the pointer on; NULL means the text is used up."""
    buffer = ctypes.create_string_buffer(text.encode("utf-8"))
    pointer = ctypes.c_void_p(ctypes.addressof(buffer))
    clauses = []
    while pointer.value:
        result = lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, 0)
        clauses.append((result or b"").decode("utf-8", "replace"))
    return " ".join(clauses).strip()


def cli_phonemes(executable: str, texts: Sequence[str], voice: str, timeout: float) -> list[str]:
    """The same through the command line, one process per text (the fallback backend's way; slower)."""
    said = []
    for text in texts:
        done = subprocess.run([executable, "-q", "-x", "-v", voice], input=text, text=True,
                              capture_output=True, timeout=timeout)
        if done.returncode != 0:
            raise SynthesisFailed(f"espeak-ng -x failed ({done.returncode}): {done.stderr.strip()}")
        said.append(" ".join(done.stdout.split()))
    return said


def problems_in(phonemes: str, *, tonal: bool) -> list[Problem]:
    """What is wrong with one rendering; ``tonal``: every syllable must carry a tone (Chinese voices)."""
    found = []
    if _SWITCH.search(phonemes):
        found.append(Problem.LANGUAGE_SWITCH)
    if tonal and any(not re.search(r"\d", word) for word in _WORD_BREAK.split(phonemes) if word):
        found.append(Problem.NO_TONE)
    return found


def syllables(phonemes: str) -> int:
    """Tone marks counted: one per syllable in a Chinese voice's output."""
    return len(re.findall(r"\d+", phonemes))


def one_syllable(phonemes: str) -> bool:
    """A Han character the voice knows: one toned syllable, no switch. An unknown one comes out as
    ``@:11`` (a stray vowel, Mandarin) or ``l'et@`` ("letter", Cantonese)."""
    return syllables(phonemes) == 1 and not problems_in(phonemes, tonal=True)


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"
