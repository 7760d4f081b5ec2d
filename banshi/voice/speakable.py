"""Text as a voice can say it: every spoken string passes through ``speakable`` on its way to the engine.

It exists because espeak-ng reads much of what a screen shows in the wrong language or not at all:
full-width digits are silent, ``2026`` loses its 零, ``3.5`` its 点, ``%`` ``/`` ``+`` switch to English,
Latin words switch to English or are read as pinyin, an ID number is read as one enormous number.

A value whose *kind* the text alone cannot tell (a phone number, an ID number, a reference, the date an
answer holds) is wrapped with ``said(value, Reading.PHONE)`` where the message is formatted; the mark
survives gettext formatting and string joins, and ``speakable`` reads the value the way people say that
kind of value (phone numbers 3-4-4, ID numbers 6-8-4 digit by digit, references in their groups).
``shown`` removes the marks from anything that is displayed instead.
"""

from __future__ import annotations

import re
import unicodedata

from banshi.voice.reading_en import ENGLISH
from banshi.voice.reading_zh import CANTONESE, MANDARIN
from banshi.voice.readings import MARKERS, SAID, Reading, SpeechLanguage, TokenReader, reading_named, said, shown

__all__ = ["Reading", "SpeechLanguage", "normalised", "reader_for", "said", "shown", "speakable", "without_controls"]

# Control characters would reach espeak as embedded commands (\x01) or noise; line breaks are pauses.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_READERS: dict[SpeechLanguage, TokenReader] = {
    SpeechLanguage.MANDARIN: MANDARIN, SpeechLanguage.CANTONESE: CANTONESE, SpeechLanguage.ENGLISH: ENGLISH,
}


def normalised(text: str) -> str:
    """Full-width forms as ordinary letters, digits and signs (espeak reads ``１２`` as nothing); control
    characters, espeak's embedded-command marker among them, blanked."""
    return without_controls(unicodedata.normalize("NFKC", text))


def without_controls(text: str) -> str:
    """What every engine is given at the last step: a prompt's own text (a typed answer read back) is spoken,
    never obeyed as an espeak command. (Not NFKC: the readers' "，" pauses longer than ",".)"""
    return _CONTROL.sub(" ", text)


def reader_for(speech: SpeechLanguage) -> TokenReader:
    return _READERS[speech]


def speakable(text: str, speech: SpeechLanguage | None) -> str:
    """What the voice of ``speech`` should be given to say ``text``; None (a voice we have no rules for):
    only normalised."""
    text = normalised(text)
    if speech is None:
        return shown(text)
    reader = reader_for(speech)
    parts, position = [], 0
    for match in SAID.finditer(text):
        parts.append(reader.free_text(text[position : match.start()]))
        parts.append(reader.read(match.group(2), reading_named(match.group(1))))
        position = match.end()
    parts.append(reader.free_text(text[position:]))
    return re.sub(r"\s+", " ", MARKERS.sub("", "".join(parts))).strip()
