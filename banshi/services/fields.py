"""Parsing, normalising and displaying answers, one rule per field type.

Answers are stored normalised and language-independent (``2024-03-05``, ``13800138000``,
a choice's value, ``yes``/``no``) so the language can change mid-session; ``display_value``
renders them in the current language when shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from babel.dates import format_date

from banshi.i18n import N_, LazyText, _, current_language
from banshi.identity.idnumber import InvalidIdNumberError, validate_id_number
from banshi.services import divisions
from banshi.services.errors import AnswerError
from banshi.services.schema import NO, YES, FieldType, Question, resolve_date_bound

_SPACES = re.compile(r"\s+")
_UNIT_WORDS = re.compile(r"(个月|个|人|位|岁|年|月|天|次)$")  # "三个月", "2人": what people say
_PHONE = re.compile(r"1[3-9]\d{9}")
_CODED_ADDRESS = re.compile(r"(\d{6}) (.+)", re.DOTALL)  # "110101 北京市东城区景山前街4号", as the picker files it
_MIN_ADDRESS_LENGTH = 5  # shorter than "某某村12号" cannot name a place anyone could find
_DEFAULT_MAX_LENGTH = 200
_YES_WORDS = {"yes", "y", "是", "是的", "对", "对的", "有", "要", "需要", "好", "嗯"}
_NO_WORDS = {"no", "n", "否", "不是", "不对", "没有", "无", "不要", "不需要", "不"}
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_answer(question: Question, raw: str, today: date) -> str | None:
    """The normalised answer, or None when an optional question is left empty.

    Raises AnswerError with a message that tells the citizen how to put it right.
    """
    text = _SPACES.sub(" ", raw).strip()
    if not text:
        if question.required:
            raise AnswerError(question.id, N_("Please answer this question. It cannot be left empty."))
        return None
    return _PARSERS[question.type](question, text, today)


def _folded(text: str) -> str:
    """Full-width digits and letters to ASCII, and no spaces or dashes (people group digits)."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text))


def _parse_text(question: Question, text: str, today: date) -> str:
    limit = question.max_length or _DEFAULT_MAX_LENGTH
    if len(text) > limit:
        raise AnswerError(question.id, N_("Please keep this answer to {limit} characters or fewer.", limit=limit))
    if any(unicodedata.category(char) == "Cc" for char in text):
        raise AnswerError(question.id, N_("Please use only letters, digits and punctuation."))
    return text


def _parse_address(question: Question, text: str, today: date) -> str:
    coded = _CODED_ADDRESS.fullmatch(text)
    if coded is not None:  # from the picker: the division's code, then the address starting with its names
        return _parse_coded_address(question, coded.group(1), coded.group(2), today)
    if len(text.replace(" ", "")) < _MIN_ADDRESS_LENGTH:
        raise AnswerError(question.id, N_(
            "Please give the full address: province, city, county, then street or village and number."
        ))
    return _parse_text(question, text, today)


def _parse_coded_address(question: Question, code: str, text: str, today: date) -> str:
    try:
        names = divisions.full_name(code)
    except divisions.DivisionDataMissing:
        names = ""
    if not names or not text.startswith(names):
        raise AnswerError(question.id, N_("Please choose the province, city and district again."))
    if not text[len(names):].strip():
        raise AnswerError(question.id, N_("Please write the street or village, and the house number."))
    return f"{code} {_parse_text(question, text, today)}"


def address_parts(value: str) -> tuple[str | None, str]:
    """A stored address as (division code or None, the address text)."""
    coded = _CODED_ADDRESS.fullmatch(value)
    return (coded.group(1), coded.group(2)) if coded else (None, value)


def _parse_number(question: Question, text: str, today: date) -> str:
    folded = _UNIT_WORDS.sub("", _folded(text))
    value = int(folded) if re.fullmatch(r"-?\d{1,9}", folded) else _chinese_integer(folded)
    if value is None:
        raise AnswerError(question.id, N_("Please enter a number using digits, for example 3."))
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        raise AnswerError(question.id, _range_message(low, high))
    return str(value)


def _range_message(low: int | None, high: int | None) -> LazyText:
    if low is not None and high is not None:
        return N_("Please enter a number from {low} to {high}.", low=low, high=high)
    if low is not None:
        return N_("Please enter a number of at least {low}.", low=low)
    return N_("Please enter a number no larger than {high}.", high=high)


def _chinese_integer(text: str) -> int | None:
    """Spoken Chinese numbers below 10,000 (三, 十二, 两百零五), as speech recognition writes them."""
    if not text or any(char not in _CHINESE_DIGITS and char not in _CHINESE_UNITS for char in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CHINESE_UNITS[char]
            digit = None
    return total + (digit or 0)


def _parse_date(question: Question, text: str, today: date) -> str:
    folded = _folded(text)
    match = next((m for pattern in _DATE_PATTERNS if (m := pattern.fullmatch(folded))), None)
    if match is None:
        raise AnswerError(question.id, N_("Please enter a date like 2024-03-05 or 2024年3月5日."))
    year, month, day = (int(group) for group in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise AnswerError(question.id, N_(
            "There is no such day as {year}-{month}-{day}. Please check the month and the day.",
            year=year, month=month, day=day,
        )) from None
    _check_date_bounds(question, value, today)
    return value.isoformat()


def _check_date_bounds(question: Question, value: date, today: date) -> None:
    if question.not_before and value < (earliest := resolve_date_bound(question.not_before, today)):
        raise AnswerError(question.id, N_("Please choose a date on or after {date}.", date=_LocalDate(earliest)))
    if question.not_after and value > (latest := resolve_date_bound(question.not_after, today)):
        raise AnswerError(question.id, N_("Please choose a date on or before {date}.", date=_LocalDate(latest)))


class _LocalDate:
    """A date that formats itself in the language current when the message is shown."""

    def __init__(self, value: date) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format(display_date(self.value), spec)


def _parse_choice(question: Question, text: str, today: date) -> str:
    wanted = unicodedata.normalize("NFKC", text).casefold()
    for choice in question.choices:
        names = [choice.value, choice.label.zh_CN, choice.label.en]
        names += [word for words in choice.synonyms.values() for word in words]
        if wanted in (name.casefold() for name in names):
            return choice.value
    raise AnswerError(question.id, N_("Please choose one of the answers shown."))


def _parse_yes_no(question: Question, text: str, today: date) -> str:
    word = unicodedata.normalize("NFKC", text).casefold().rstrip("。.!！")
    if word in _YES_WORDS:
        return YES
    if word in _NO_WORDS:
        return NO
    raise AnswerError(question.id, N_("Please answer yes or no."))


def _parse_phone(question: Question, text: str, today: date) -> str:
    digits = re.sub(r"[()（）]", "", _folded(text))
    digits = re.sub(r"^(\+86|0086)", "", digits)
    if not _PHONE.fullmatch(digits):
        raise AnswerError(question.id, N_("Please enter an 11-digit mobile number, for example 138 0013 8000."))
    return digits


def _parse_id_number(question: Question, text: str, today: date) -> str:
    try:
        return validate_id_number(_folded(text), today=today).value
    except InvalidIdNumberError as error:
        raise AnswerError(question.id, error.user_message) from None


_PARSERS: dict[FieldType, Callable[[Question, str, date], str]] = {
    FieldType.TEXT: _parse_text,
    FieldType.NUMBER: _parse_number,
    FieldType.COUNT: _parse_number,
    FieldType.DATE: _parse_date,
    FieldType.CHOICE: _parse_choice,
    FieldType.YES_NO: _parse_yes_no,
    FieldType.PHONE: _parse_phone,
    FieldType.ID_NUMBER: _parse_id_number,
    FieldType.ADDRESS: _parse_address,
}


def display_date(value: date, language: str | None = None) -> str:
    """``2024年3月5日`` in Mandarin, ``5 March 2024`` in English."""
    language = language or current_language()
    return format_date(value, format="long", locale="en_GB" if language == "en" else "zh_CN")


def display_value(question: Question, value: str | None) -> str:
    """An answer as the citizen should read it, in the current language."""
    if value is None:
        return _("Not answered")
    if question.type is FieldType.CHOICE:
        return question.choice(value).label.get()
    if question.type is FieldType.YES_NO:
        return _("Yes") if value == YES else _("No")
    if question.type is FieldType.DATE:
        return display_date(date.fromisoformat(value))
    if question.type is FieldType.ADDRESS:
        return address_parts(value)[1]
    if question.type is FieldType.PHONE and len(value) == 11:
        return f"{value[:3]} {value[3:7]} {value[7:]}"
    return value
