"""The kinds of value a voice reads differently, the mark that carries a kind inside a string, and the one
tokeniser every speech language shares (dates, times, ID numbers, phone numbers, codes, numbers, letters).

A language's reader (``reading_zh``, ``reading_en``) says how each kind of token sounds; this module only
finds them, so Mandarin, Cantonese and English agree on what *is* a date or a phone number.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum


class SpeechLanguage(StrEnum):
    """What the listener hears; the screen language is separate (a 中文 screen may speak Cantonese)."""

    MANDARIN = "cmn"
    CANTONESE = "yue"
    ENGLISH = "en"


class Reading(StrEnum):
    """How a value is said."""

    TEXT = "text"  # free text: quantities as numbers, long digit runs one by one
    NUMBER = "number"  # a quantity: 三十, thirty
    DIGITS = "digits"  # one by one, in groups of four
    PHONE = "phone"  # one by one, grouped 3-4-4
    ID_NUMBER = "id_number"  # one by one, grouped 6-8-4 (region, birth date, sequence and check)
    REFERENCE = "reference"  # letters and digits one by one, in the groups the dashes make
    DATE = "date"  # an ISO date: 2026年12月8日, 8 December 2026


_OPEN, _SEP, _CLOSE = "\ue000", "\ue001", "\ue002"  # private-use characters: never on a screen or a pad
MARKERS = re.compile("[\ue000-\ue002]")
SAID = re.compile("\ue000([a-z_]+)\ue001([^\ue000-\ue002]*)\ue002")


def said(value: object, reading: Reading) -> str:
    """``value`` marked to be read as ``reading`` wherever the text it is formatted into is spoken."""
    return f"{_OPEN}{reading.value}{_SEP}{MARKERS.sub('', str(value))}{_CLOSE}"


def shown(text: str) -> str:
    """``text`` as a screen shows it: values marked by ``said`` keep their text, the marks go."""
    return MARKERS.sub("", SAID.sub(lambda match: match.group(2), text))


def reading_named(name: str) -> Reading:
    try:
        return Reading(name)
    except ValueError:
        return Reading.TEXT


_ALNUM = "0-9A-Za-z"
TOKENS = re.compile(
    rf"(?P<date>(?<![\d.])\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d|\.\d))"
    rf"|(?P<time>(?<![\d:])\d{{1,2}}:\d{{2}}(?![\d:]))"
    rf"|(?P<id_number>(?<![{_ALNUM}])\d{{17}}[\dXx](?![{_ALNUM}]))"
    rf"|(?P<masked>(?<![{_ALNUM}*])[{_ALNUM}]*\*{{2,}}[{_ALNUM}]*(?![{_ALNUM}*]))"
    rf"|(?P<range>(?<![{_ALNUM}.])[1-9]\d{{0,3}}\s*[-~]\s*[1-9]\d{{0,3}}(?![{_ALNUM}\-]|\.\d))"
    rf"|(?P<code>(?<![{_ALNUM}])(?:[{_ALNUM}]+-)+[{_ALNUM}]+(?![{_ALNUM}])"
    rf"|[A-Za-z]+\d[{_ALNUM}]*|\d+[A-Za-z][{_ALNUM}]*)"
    r"|(?P<percent>\d+(?:\.\d+)?\s*%)"
    r"|(?P<money>[¥$]\s*\d+(?:\.\d+)?)"
    r"|(?P<decimal>(?<![\d.])\d+\.\d+(?!\d|\.\d))"
    r"|(?P<year>(?<!\d)\d{4}(?=\s*年))"
    r"|(?P<integer>\d+)"
    r"|(?P<letters>[A-Za-z]+)"
)
MOBILE = re.compile(r"1[3-9]\d{9}")


def iso_date(text: str) -> date | None:
    """``2026-12-08`` (or with / or .) as a date; None when it is not a real one."""
    parts = re.split(r"[-/.]", text.strip())
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])) if len(parts) == 3 else None
    except ValueError:
        return None


def digit_groups(text: str, reading: Reading) -> list[str]:
    """The groups a string of digits (and letters) is read in, one by one within each group."""
    chars = re.sub(rf"[^{_ALNUM}]", "", text).upper()
    if reading is Reading.PHONE and MOBILE.fullmatch(chars):
        return [chars[:3], chars[3:7], chars[7:]]
    if reading is Reading.ID_NUMBER and len(chars) == 18:
        return [chars[:6], chars[6:14], chars[14:]]
    if reading in (Reading.PHONE, Reading.REFERENCE, Reading.ID_NUMBER):
        written = [re.sub(rf"[^{_ALNUM}]", "", group).upper() for group in re.split(r"[\s\-()]+", text)]
        if len([group for group in written if group]) > 1:  # the groups the writer made, long ones in fours
            return [group[start : start + 4] for group in written if group
                    for start in range(0, len(group), 4 if len(group) > 6 else len(group))]
    return [chars[start : start + 4] for start in range(0, len(chars), 4)] if len(chars) > 6 else [chars]


class TokenReader:
    """Free text read token by token; a language overrides how each kind of token sounds."""

    def free_text(self, text: str) -> str:
        parts, position = [], 0
        for match in TOKENS.finditer(text):
            parts.append(self.plain(text[position : match.start()]))
            kind = match.lastgroup or "integer"
            parts.append(getattr(self, f"say_{kind}")(match.group(), text[match.end() : match.end() + 2]))
            position = match.end()
        parts.append(self.plain(text[position:]))
        return "".join(parts)

    def read(self, value: str, reading: Reading) -> str:
        if reading is Reading.TEXT:
            return self.free_text(value)
        if reading is Reading.NUMBER and re.fullmatch(r"-?\d+", value.strip()):
            return self.say_integer(value.strip(), "")
        if reading is Reading.DATE and (day := iso_date(value)) is not None:
            return self.say_day(day)
        if reading in (Reading.NUMBER, Reading.DATE):
            return self.free_text(value)
        return self.say_groups(digit_groups(value, reading))

    def say_date(self, text: str, following: str) -> str:
        day = iso_date(text)
        return self.say_day(day) if day is not None else self.say_groups(digit_groups(text, Reading.DIGITS))

    def say_id_number(self, text: str, following: str) -> str:
        return self.say_groups(digit_groups(text, Reading.ID_NUMBER))

    def say_masked(self, text: str, following: str) -> str:
        return self.say_groups([group.upper() for group in re.split(r"\*+", text) if group])

    def say_code(self, text: str, following: str) -> str:
        return self.say_groups(digit_groups(text, Reading.REFERENCE))

    # what each language defines
    def plain(self, text: str) -> str:
        raise NotImplementedError

    def say_day(self, day: date) -> str:
        raise NotImplementedError

    def say_groups(self, groups: list[str]) -> str:
        raise NotImplementedError

    def say_integer(self, text: str, following: str) -> str:
        raise NotImplementedError
