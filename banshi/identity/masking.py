"""Masking of personal data for screens and paper (GB/T 35273 practice).

- ID numbers keep the first 3 and last 4 characters: ``110***********1234``.
- Mobile numbers keep the first 3 and last 4 digits: ``138****1234``.
- Chinese names keep the first and last character: ``张*华``; a two-character name keeps
  the surname: ``张*``.
- Latin-script names keep the first letter of each word and mask the rest with exactly
  three stars, so the length of the name is not revealed: ``Wang Fang`` → ``W*** F***``.
"""

from __future__ import annotations

import re
import unicodedata

_STAR = "*"
_LATIN_WORD_STARS = 3


def _keep_ends(text: str, head: int, tail: int) -> str:
    if len(text) <= head + tail:
        return _STAR * len(text)
    return text[:head] + _STAR * (len(text) - head - tail) + text[len(text) - tail :]


def mask_id_number(text: str) -> str:
    """``110101199003071234`` → ``110***********1234`` (works on any length; short input is all stars)."""
    return _keep_ends(unicodedata.normalize("NFKC", text).strip(), 3, 4)


def mask_phone(text: str) -> str:
    """``13800131234`` → ``138****1234``; spaces, dashes and a +86 / 0086 prefix are dropped first."""
    digits = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", text))
    digits = re.sub(r"^(\+86|0086)", "", digits)
    return _keep_ends(digits, 3, 4)


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED", "CJK COMPATIBILITY"))


def mask_name(text: str) -> str:
    """Mask a person's name for display; see the module docstring for the rules."""
    name = unicodedata.normalize("NFKC", text).strip()
    if not name:
        return ""
    if any(_is_cjk(char) for char in name):
        return _mask_cjk_name(name.replace(" ", ""))
    return " ".join(word[0] + _STAR * _LATIN_WORD_STARS for word in name.split())


def _mask_cjk_name(name: str) -> str:
    if len(name) == 1:
        return _STAR
    if len(name) == 2:
        return name[0] + _STAR
    # Names with a middle dot (transliterated names) would leak a given name at the end.
    if "·" in name:
        return name[0] + _STAR * 2
    return name[0] + _STAR * (len(name) - 2) + name[-1]
