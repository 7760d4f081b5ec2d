"""Resident identity card numbers (GB 11643-1999): validation and synthetic generation.

An 18-character number: 6-digit region (address) code, 8-digit birth date (YYYYMMDD),
3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from banshi.i18n import N_, LazyText

# The first two digits of the region code: provinces, autonomous regions and municipalities
# (GB/T 2260), plus 71/81/82 used for Taiwan, Hong Kong and Macao residents' numbers.
PROVINCE_CODES: dict[str, str] = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门",
}

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class IdNumber:
    value: str
    region_code: str
    birth_date: date
    sex: Literal["male", "female"]


class InvalidIdNumberError(ValueError):
    """The text is not a valid resident ID number; ``reason`` says which rule failed."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"Invalid ID number ({reason}): {detail}")
        self.reason = reason
        self.user_message: LazyText = _USER_MESSAGES.get(reason, _USER_MESSAGES["format"])


_USER_MESSAGES: dict[str, LazyText] = {
    "format": N_("An ID number has 18 characters: 17 digits, then a digit or X. Please check it."),
    "region": N_("The first digits of this ID number are not a region we know. Please check it."),
    "birth_date": N_("The birth date inside this ID number is not possible. Please check it."),
    "check_digit": N_("This ID number has a typing mistake somewhere. Please check each digit."),
}


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def normalise(text: str) -> str:
    """Strip spaces, fold full-width characters to ASCII (NFKC) and upper-case a trailing x."""
    return unicodedata.normalize("NFKC", text).strip().upper()


def validate_id_number(text: str, today: date | None = None) -> IdNumber:
    """Parse and check ``text``; raise InvalidIdNumberError naming the first rule it breaks."""
    value = normalise(text)
    if len(value) != 18 or not value[:17].isascii() or not value[:17].isdigit() or value[17] not in "0123456789X":
        raise InvalidIdNumberError("format", f"expected 17 digits then a digit or X, got {len(value)} characters")
    if value[:2] not in PROVINCE_CODES:
        raise InvalidIdNumberError("region", f"unknown province code {value[:2]!r}")
    birth = _birth_date(value[6:14], today or date.today())
    if check_character(value[:17]) != value[17]:
        raise InvalidIdNumberError("check_digit", "the check character does not match the other 17 digits")
    sex: Literal["male", "female"] = "male" if int(value[16]) % 2 else "female"
    return IdNumber(value=value, region_code=value[:6], birth_date=birth, sex=sex)


def _birth_date(digits: str, today: date) -> date:
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InvalidIdNumberError("birth_date", f"{digits} is not a calendar date") from None
    if not EARLIEST_BIRTH_DATE <= birth <= today:
        raise InvalidIdNumberError("birth_date", f"{birth.isoformat()} is before 1900 or in the future")
    return birth


def make_id_number(region: str, birth_date: date, sequence: int) -> str:
    """A valid synthetic ID number (for tests and demos): ``sequence`` 0–999, odd = male."""
    if len(region) != 6 or not region.isdigit() or region[:2] not in PROVINCE_CODES:
        raise ValueError(f"region must be a 6-digit code with a known province, got {region!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0–999, got {sequence}")
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
