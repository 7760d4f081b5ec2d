"""Mandarin and Cantonese readings: numbers in Han numerals, digits one by one, letters by name.

Both voices are given only what they read natively. espeak-ng's own number rules drop the 零 in 2026, 105
and 1005 and the 点 in 3.5, so every number is written out here in Han numerals. Latin letters are given
one at a time in the form the voice has a name for: Mandarin (``cmn-latn-pinyin``) knows the letters
(``B`` → bi); Cantonese (``yue-latn-jyutping``) reads Latin as Jyutping, so each letter is written as the
Jyutping of its Hong Kong name (``B`` → bi1). Anything else neither voice can say (another script, a
character outside the voice's dictionary, ``@`` read in English) becomes a pause.
"""

from __future__ import annotations

import re
from datetime import date

from banshi.voice.readings import Reading, TokenReader, digit_groups

HAN_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
_GROUPS = ("", "万", "亿", "万亿")
_MEASURE_WORDS = tuple("个位种次张份项天周年岁条件本名家")  # 两个, 两天: not 二个
_AMOUNT_UNITS = (*_MEASURE_WORDS, "元", "万", "亿", "人", "米", "公")
_SYMBOLS = {"+": "加", "&": "和", "=": "等于", "#": "井号", "<": "小于", ">": "大于", "~": "到", "%": "百分号"}
_PAUSE = "，"
# What reaches the voice untouched: Han in the Basic Multilingual Plane (outside it espeak reads the code
# point aloud), 〇, spaces and the punctuation that only makes pauses.
_KEPT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3007\s,.?!:;，。？！：；、]")
_SILENT = re.compile(r"[\"'()\[\]{}“”‘’《》「」『』【】〈〉·…—_\-]")

MANDARIN_LETTERS = {letter: letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}  # the voice names them
CANTONESE_LETTERS = {
    "A": "ei1", "B": "bi1", "C": "si1", "D": "di1", "E": "ji1", "F": "e1 fu4", "G": "zi1", "H": "ei1 cyu4",
    "I": "aai1", "J": "zei1", "K": "kei1", "L": "e1 lou2", "M": "em1", "N": "en1", "O": "ou1", "P": "pi1",
    "Q": "kiu1", "R": "aa1 lou2", "S": "e1 si2", "T": "ti1", "U": "jiu1", "V": "wi1", "W": "daa1 bou1 jiu1",
    "X": "ek1 si2", "Y": "waai1", "Z": "zi1",
}


def cardinal(number: int) -> str:
    """``2026`` → 二千零二十六, ``10`` → 十, ``100005`` → 十万零五."""
    if number < 0:
        return "负" + cardinal(-number)
    if number == 0:
        return "零"
    groups = [number // 10**(4 * index) % 10**4 for index in range(len(_GROUPS))]
    said, zero = "", False
    for index in reversed(range(len(_GROUPS))):
        group = groups[index]
        if group == 0:
            zero = bool(said)
            continue
        if said and (zero or group < 1000):
            said += "零"
        said, zero = said + _group(group) + _GROUPS[index], False
    return said[1:] if said.startswith("一十") else said


def _group(number: int) -> str:
    said, zero = "", False
    for value, unit in _UNITS:
        digit = number // value % 10
        if digit == 0:
            zero = bool(said)
            continue
        said, zero = said + ("零" if zero else "") + HAN_DIGITS[digit] + unit, False
    return said


def one_by_one(digits: str) -> str:
    return "".join(HAN_DIGITS[int(digit)] for digit in digits if digit.isdigit())


class ChineseReader(TokenReader):
    """One Chinese speech language: its word for the digit 1 in codes and its names for letters."""

    def __init__(self, code_one: str, letters: dict[str, str]) -> None:
        self._code_digits = HAN_DIGITS[0] + code_one + HAN_DIGITS[2:]
        self._letters = letters

    def plain(self, text: str) -> str:
        text = "".join(_SYMBOLS.get(char, char) for char in _SILENT.sub(" ", text))
        return "".join(char if _KEPT.match(char) else _PAUSE for char in text)

    def say_day(self, day: date) -> str:
        return f"{one_by_one(str(day.year))}年{cardinal(day.month)}月{cardinal(day.day)}日"

    def say_groups(self, groups: list[str]) -> str:
        return _PAUSE.join(" ".join(self._character(char) for char in group) for group in groups if group)

    def _character(self, char: str) -> str:
        return self._code_digits[int(char)] if char.isdigit() else self._letters.get(char.upper(), "")

    def say_integer(self, text: str, following: str) -> str:
        digits = text.lstrip("-")
        if digits.startswith("0") and len(digits) > 1 or len(digits) > 4 and not following.startswith(_AMOUNT_UNITS):
            return self.say_groups(digit_groups(digits, Reading.PHONE))  # a code, a phone number: one by one
        if int(digits) == 2 and following.startswith(_MEASURE_WORDS):
            return "两"
        return cardinal(int(text))


    def say_time(self, text: str, following: str) -> str:
        hours, minutes = (int(part) for part in text.split(":"))
        return cardinal(hours) + "点" + ("" if minutes == 0 else ("零" if minutes < 10 else "") + cardinal(minutes) + "分")

    def say_range(self, text: str, following: str) -> str:
        low, high = re.split(r"\s*[-~]\s*", text)
        return f"{cardinal(int(low))}到{cardinal(int(high))}"

    def say_percent(self, text: str, following: str) -> str:
        return "百分之" + self._number(text.rstrip("% "))

    def say_money(self, text: str, following: str) -> str:
        unit = "元" if text.startswith("¥") else "美元"
        return self._number(text.lstrip("¥$ ")) + unit

    def say_decimal(self, text: str, following: str) -> str:
        return self._number(text)

    def _number(self, text: str) -> str:
        whole, _, fraction = text.partition(".")
        return cardinal(int(whole)) + ("点" + one_by_one(fraction) if fraction else "")

    def say_year(self, text: str, following: str) -> str:
        return one_by_one(text)

    def say_letters(self, text: str, following: str) -> str:
        return " " + " ".join(self._letters[char] for char in text.upper() if char in self._letters) + " "

    def say_code(self, text: str, following: str) -> str:
        return " " + super().say_code(text, following) + " "


MANDARIN = ChineseReader("幺", MANDARIN_LETTERS)  # 幺: how a 1 is said in phone and ID numbers
CANTONESE = ChineseReader("一", CANTONESE_LETTERS)
