"""English readings: espeak-ng's English voice reads quantities and words well; what it cannot tell is that
an ID number, a phone number or a reference is read one character at a time, in groups."""

from __future__ import annotations

import re
from datetime import date

from banshi.voice.readings import Reading, TokenReader, digit_groups

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ORDINAL = re.compile(r"\d+(st|nd|rd|th|s)")
_HAN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+")  # an English voice cannot say these


class EnglishReader(TokenReader):
    def plain(self, text: str) -> str:
        return _HAN.sub(" ", text)

    def say_day(self, day: date) -> str:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

    def say_groups(self, groups: list[str]) -> str:
        return ", ".join(" ".join(group) for group in groups if group)

    def say_integer(self, text: str, following: str) -> str:
        digits = text.lstrip("-")
        if digits.startswith("0") and len(digits) > 1 or len(digits) > 6:
            return self.say_groups(digit_groups(digits, Reading.PHONE))
        return text

    def say_code(self, text: str, following: str) -> str:
        if not re.search(r"\d", text) and not text.isupper() or _ORDINAL.fullmatch(text):
            return text  # a hyphenated word ("Wi-Fi", "follow-up") or "2nd", not a code
        return self.say_groups(digit_groups(text, Reading.REFERENCE))

    def say_range(self, text: str, following: str) -> str:
        return " to ".join(re.split(r"\s*[-~]\s*", text))

    def say_time(self, text: str, following: str) -> str:
        return text

    say_percent = say_money = say_decimal = say_year = say_letters = say_time


ENGLISH = EnglishReader()
