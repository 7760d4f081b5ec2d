"""Similarity of what was heard to what we expect: tone-less pinyin for Chinese, letters for English."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
# Initials and finals many speakers merge (southern accents): zh/z, ch/c, sh/s, n/l, -ng/-n.
_MERGERS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ing", "in"), ("eng", "en"), ("ang", "an"), ("l", "n"))


def normalise(text: str, joiner: str) -> str:
    """vosk's ``我 要 办 养老 认证`` → ``我要办养老认证``; English lower-cased, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).lower().replace("[unk]", " ")
    text = _NOT_WORD.sub(" ", text)
    if joiner == "":
        text = _SPACE_BETWEEN_CJK.sub("", text)
    return " ".join(text.split())


def sounds(text: str, joiner: str) -> tuple[str, ...]:
    """The units we compare: tone-less pinyin syllables for Chinese, words for English."""
    if joiner == "":
        # pypinyin's dictionaries take about a second to load: only when Chinese is first matched.
        from pypinyin import Style, lazy_pinyin

        return tuple(s for part in lazy_pinyin(text, style=Style.NORMAL) for s in part.split())
    return tuple(text.split())


@functools.lru_cache(maxsize=65536)
def unit_distance(a: str, b: str) -> float:
    """0 for the same sound, up to 1 for unrelated ones; merged accents count as near."""
    if a == b:
        return 0.0
    a_loose, b_loose = _loosen(a), _loosen(b)
    if a_loose == b_loose:
        return 0.15
    return min(1.0, _levenshtein(a_loose, b_loose) / max(len(a_loose), len(b_loose)))


def _loosen(syllable: str) -> str:
    for strict, loose in _MERGERS:
        syllable = syllable.replace(strict, loose)
    return syllable


def _levenshtein(a: Sequence[str], b: Sequence[str]) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def similarity(heard: tuple[str, ...], expected: tuple[str, ...]) -> float:
    """1 - weighted edit distance / length: 1.0 is the same sounds, 0.0 nothing in common."""
    if not heard or not expected:
        return 0.0
    previous = [float(j) for j in range(len(expected) + 1)]
    for i, x in enumerate(heard, 1):
        current = [float(i)]
        for j, y in enumerate(expected, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + unit_distance(x, y)))
        previous = current
    return max(0.0, 1.0 - previous[-1] / max(len(heard), len(expected)))
