"""Every string the product ships that may be spoken, as the kiosk would say it, for checking by ear.

``spoken_strings(language)`` gathers the translation catalogs (each message with its format fields filled
by a value of the kind the code passes), every text of every service definition (titles, summaries,
questions, prompts, hints, help, choices, outcomes; any ``LocalText`` the schema has or grows), and
samples of the values read back to citizens (numbers, dates, ID numbers, phone numbers, references).
``check`` renders them all through the real voice in a few library calls and reports any that switch
language or leave a syllable without a tone.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from banshi.i18n import load_po_messages
from banshi.paths import asset
from banshi.voice.phonemes import Finding, problems_in
from banshi.voice.readings import Reading, SpeechLanguage, said
from banshi.voice.tts import CHINESE_SPEECH, SpeechSynthesizer

DEFAULT_EXAMPLE = "3"
# One value of the kind each format field receives where the message is formatted in the code.
FIELD_EXAMPLES: dict[str, str] = {
    "answer": said("13800138000", Reading.DIGITS), "count": "12", "date": "2026年12月8日",
    "day": "30", "month": "2", "year": "1990", "days": "31", "hours": "5", "minutes": "15", "seconds": "20",
    "folder": "/media/usb/banshi-export", "path": "/media/usb/banshi-export/records-2026-12-08.bundle",
    "low": "1", "high": "30", "limit": "200", "index": "2", "total": "12", "sent": "105",
    "how": "办事码", "id": "110***********1234", "name": "张*华", "question": "居住地址",
    "reference": said("BS-7K3M-9QXD", Reading.REFERENCE), "serial": "K7Q2-M9XD",
    "time": "2026-12-08 09:30", "label": "联系电话", "value": "138****1234",
    "speed": "很慢", "loudness": "很大", "code": "A012", "counter": "3", "prefix": "A",
}
_ENGLISH_EXAMPLES = {"how": "citizen code", "name": "W*** F***", "question": "Address", "date": "8 December 2026",
                     "label": "Phone number", "speed": "very slow", "loudness": "very loud"}


def value_samples() -> list[str]:
    """Values read back to citizens: quantities, every month and day, ID and phone numbers, references."""
    numbers = [said(n, Reading.NUMBER) for n in (0, 1, 2, 10, 11, 15, 20, 30, 100, 105, 110, 1005, 2026, 10000)]
    start = date(2026, 1, 1)
    dates = [said((start + timedelta(days=offset)).isoformat(), Reading.DATE) for offset in range(0, 365, 11)]
    return [*numbers, *dates, said("11010119900307123X", Reading.ID_NUMBER),
            said("440106200012310018", Reading.ID_NUMBER), said("13800138000", Reading.PHONE),
            said("0571-88886666", Reading.PHONE), said("BS-7K3M-9QXD", Reading.REFERENCE),
            said("BS-ABCD-EFGH", Reading.REFERENCE), said("BS-JKMN-PQRS", Reading.REFERENCE),
            said("BS-TVWX-YZ01", Reading.REFERENCE), said("3.5", Reading.NUMBER), "50%", "¥120", "9:05",
            said("１２３４５６", Reading.DIGITS)]


def catalog_messages(language: str) -> list[str]:
    """Every translated message (English: the message ids), its format fields filled with examples."""
    messages = load_po_messages(asset("locale", "zh_CN"))
    examples = FIELD_EXAMPLES | (_ENGLISH_EXAMPLES if language == "en" else {})
    texts = messages.keys() if language == "en" else messages.values()
    return [_filled(text, examples) for text in texts]


def _filled(text: str, examples: dict[str, str]) -> str:
    """A field not in the examples gets a small number, the commonest kind (a new message still gets
    checked; give its field a real example when it holds something else)."""
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return text.format(**{name: examples.get(name, DEFAULT_EXAMPLE) for name in fields})


def service_texts(language: str, services: Path | None = None) -> list[str]:
    """Every localised text of every service definition (shipped, or the folder given)."""
    from banshi.services.catalog import load_catalog
    from banshi.services.schema import LocalText

    found: list[str] = []
    for service in load_catalog(services):
        found.extend(text.get(language) for text in _local_texts(service, LocalText))
    return found


def _local_texts(node: Any, kind: type) -> Iterator[Any]:
    if isinstance(node, kind):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _local_texts(getattr(node, name), kind)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _local_texts(item, kind)
    elif isinstance(node, dict):
        for item in node.values():
            yield from _local_texts(item, kind)


def spoken_strings(language: str, services: Path | None = None) -> list[str]:
    """Every shipped string that may be spoken on a ``language`` screen, without repeats."""
    texts = [*catalog_messages(language), *service_texts(language, services), *value_samples()]
    return list(dict.fromkeys(text for text in texts if text.strip()))


def check(texts: Sequence[str], synthesizer: SpeechSynthesizer, language: str) -> list[Finding]:
    """What is wrong with how the voice of ``language`` says each text; [] when every one is right."""
    spoken = [synthesizer.spoken_text(text, language) for text in texts]
    tonal = synthesizer.speech_language(language) in CHINESE_SPEECH
    return [Finding(text, said_as, phonemes, problem)
            for text, said_as, phonemes in zip(texts, spoken, synthesizer.phonemes(texts, language), strict=True)
            for problem in problems_in(phonemes, tonal=tonal)]


def speech_languages_to_check() -> list[tuple[str, SpeechLanguage]]:
    """Each screen language with each speech language it may have."""
    return [("zh_CN", speech) for speech in CHINESE_SPEECH] + [("en", SpeechLanguage.ENGLISH)]
