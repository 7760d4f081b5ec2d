"""What the field expects: candidates the field is likely to want are moved up, never forced.

An address field passes division and street names, a name field common surnames; the pad passes
what has been written so far, so after 朝阳 the 区 of 朝阳区 outranks a look-alike. Weights are small
next to a clear shape match: a well-written character the vocabulary does not know still wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

IN_VOCABULARY = 0.02  # the character occurs somewhere in the expected words
CONTINUES_WORD = 0.05  # the character continues an expected word after the text written so far
MAX_SHORTLISTED = 300  # vocabulary characters always compared in full, up to this many


@dataclass(frozen=True)
class Context:
    """Expected words for a field (any iterable of strings) and the text already written in it."""

    vocabulary: tuple[str, ...] = ()
    preceding: str = ""
    _characters: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_characters", frozenset("".join(self.vocabulary)))

    @classmethod
    def expecting(cls, words: Iterable[str], preceding: str = "") -> Context:
        return cls(tuple(word for word in words if word), preceding)

    def after(self, preceding: str) -> Context:
        """The same expectation with a different text written so far."""
        return Context(self.vocabulary, preceding)

    @property
    def characters(self) -> frozenset[str]:
        return self._characters

    def boosts(self) -> dict[str, float]:
        """Score added per character: in-vocabulary, more if it continues an expected word."""
        boosts = dict.fromkeys(self._characters, IN_VOCABULARY)
        for next_character in self._continuations():
            boosts[next_character] = CONTINUES_WORD
        return boosts

    def _continuations(self) -> set[str]:
        found: set[str] = set()
        for word in self.vocabulary:
            for length in range(min(len(word) - 1, len(self.preceding)), 0, -1):
                if self.preceding.endswith(word[:length]):
                    found.add(word[length])
                    break
        return found
