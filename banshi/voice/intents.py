"""Text → intent, and the recogniser grammar, both generated from one template file per language.

``assets/intents/<language>.yaml`` lists intents as hassil-style templates. Slots: ``{service}`` is
filled from the caller's service names, ``{choice}`` from a question's choice labels and ``{digits}``
with one or more digit words (returned as a digit string). Text that matches no template closely
enough comes back as ``NOT_UNDERSTOOD``; it is never forced onto the nearest command.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from banshi.paths import asset
from banshi.voice.errors import TemplateError
from banshi.voice.fuzzy import normalise, similarity, sounds
from banshi.voice.templates import Phrase, Slot, expand

NOT_UNDERSTOOD = "not_understood"
AMBIGUITY_MARGIN = 0.03
Choices = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Intent:
    name: str
    slots: Mapping[str, str] = field(default_factory=dict)
    confidence: float = 0.0
    text: str = ""

    @property
    def understood(self) -> bool:
        return self.name != NOT_UNDERSTOOD


@dataclass(frozen=True)
class _Candidate:
    intent: str
    slots: tuple[tuple[str, str], ...]
    text: str
    sounds: tuple[str, ...]


class IntentSet:
    """The intents of one language; build with ``load_intents(language)`` or ``IntentSet.from_yaml``."""

    def __init__(self, language: str, joiner: str, intents: Mapping[str, list[Phrase]],
                 digits: Mapping[str, Sequence[str]], threshold: float = 0.8) -> None:
        self.language, self.joiner, self.threshold = language, joiner, threshold
        self.intents = dict(intents)
        self._digit_of = {normalise(w, joiner): d for d, words in digits.items() for w in words}
        self._digit_of_sound = {sounds(w, joiner): d for w, d in self._digit_of.items()}

    @classmethod
    def from_yaml(cls, path: Path) -> IntentSet:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
        try:
            if any(not isinstance(name, str) for name in data["intents"]):
                raise TemplateError("intent names must be strings (quote yes/no: YAML reads them as booleans)")
            intents = {name: [p for t in templates for p in expand(t)] for name, templates in data["intents"].items()}
            return cls(data["language"], data["joiner"], intents, data["digits"], float(data.get("threshold", 0.8)))
        except (KeyError, TypeError, TemplateError) as error:
            raise TemplateError(f"Intent file {path} is malformed: {error}") from error

    # -- matching ---------------------------------------------------------------------------------
    def match(self, text: str, services: Choices | None = None) -> Intent:
        """The command in ``text`` (any intent but ``choice``), or ``NOT_UNDERSTOOD``."""
        names = [name for name in self.intents if name != "choice"]
        return self._match(text, names, {"service": services or {}})

    def match_choice(self, text: str, choices: Choices) -> Intent:
        """Which of a question's ``choices`` (key → labels/synonyms) ``text`` names, as ``choice``."""
        return self._match(text, ["choice"], {"choice": choices})

    def _match(self, text: str, names: list[str], values: Mapping[str, Choices]) -> Intent:
        heard = normalise(text, self.joiner)
        if not heard:
            return Intent(NOT_UNDERSTOOD, text=text)
        candidates = self._candidates(tuple(names), _freeze(values))
        exact = [c for c in candidates if c.text == heard]
        if exact:
            return Intent(exact[0].intent, dict(exact[0].slots), 1.0, text)
        digits = self._match_digits(heard, names)
        return digits or self._match_fuzzy(text, sounds(heard, self.joiner), candidates)

    def _match_fuzzy(self, text: str, heard: tuple[str, ...], candidates: list[_Candidate]) -> Intent:
        scored = sorted(((similarity(heard, c.sounds), c) for c in candidates
                         if abs(len(c.sounds) - len(heard)) <= max(1, len(heard) // 3)),
                        key=lambda pair: -pair[0])
        if not scored or scored[0][0] < self.threshold:
            return Intent(NOT_UNDERSTOOD, confidence=scored[0][0] if scored else 0.0, text=text)
        best_score, best = scored[0]
        rivals = [c for s, c in scored[1:] if best_score - s < AMBIGUITY_MARGIN
                  and (c.intent, c.slots) != (best.intent, best.slots)]
        if rivals:  # two different meanings sound alike: asking again beats guessing
            return Intent(NOT_UNDERSTOOD, confidence=best_score, text=text)
        # The same sounds written with other characters are a near-homophone, not a certainty.
        return Intent(best.intent, dict(best.slots), round(min(best_score, 0.95), 3), text)

    def _match_digits(self, heard: str, names: list[str]) -> Intent | None:
        if "digits" not in names:
            return None
        for phrase in self.intents["digits"]:
            found = self._digit_pattern(phrase).fullmatch(heard)
            if found:
                return Intent("digits", {"digits": self._to_digits(found.group("digits"))}, 1.0, heard)
        return self._digits_by_sound(heard)

    def _digit_pattern(self, phrase: Phrase) -> re.Pattern[str]:
        words = "|".join(re.escape(w) for w in sorted(self._digit_of, key=len, reverse=True))
        sep = re.escape(self.joiner)
        digits = f"(?P<digits>(?:{words})(?:{sep}(?:{words}))*)"
        return re.compile(sep.join(digits if isinstance(t, Slot) else re.escape(normalise(t, self.joiner))
                                   for t in phrase))

    def _to_digits(self, spoken: str) -> str:
        words = sorted(self._digit_of, key=len, reverse=True)
        parts = re.findall("|".join(re.escape(w) for w in words), spoken)
        return "".join(self._digit_of[p] for p in parts)

    def _digits_by_sound(self, heard: str) -> Intent | None:
        units = sounds(heard, self.joiner)
        if units and all((u,) in self._digit_of_sound for u in units):
            return Intent("digits", {"digits": "".join(self._digit_of_sound[(u,)] for u in units)}, 0.9, heard)
        return None

    @functools.lru_cache(maxsize=32)  # noqa: B019 - intent sets live for the whole process
    def _candidates(self, names: tuple[str, ...], values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
                    ) -> list[_Candidate]:
        slot_values = {slot: dict(pairs) for slot, pairs in values}
        candidates = []
        for name in names:
            for phrase in self.intents[name]:
                if Slot("digits") in phrase:
                    continue
                for words, slots in _fill(phrase, slot_values):
                    text = normalise(self.joiner.join(words), self.joiner)
                    candidates.append(_Candidate(name, slots, text, sounds(text, self.joiner)))
        return candidates

    # -- grammar ----------------------------------------------------------------------------------
    def grammar(self, services: Choices | None = None, choices: Choices | None = None,
                vocabulary: frozenset[str] | None = None) -> list[str]:
        """The recogniser's phrase list: every template phrase with its slots filled, plus ``[unk]``."""
        slot_values = {"service": _flat(services), "choice": _flat(choices)}
        phrases: dict[str, None] = {}
        for name, templates in self.intents.items():
            if name == "choice" and not choices:
                continue
            for phrase in templates:
                for part in _split_at_digits(phrase):
                    for words, _slots in _fill(part, slot_values):
                        phrases[self._spoken(words, vocabulary)] = None
        for word in self._digit_of:
            phrases[self._spoken((word,), vocabulary)] = None
        if vocabulary is None or "[unk]" in vocabulary:
            phrases["[unk]"] = None  # lets the recogniser say "something else" instead of forcing a phrase
        return [p for p in phrases if p]

    def _spoken(self, words: Iterable[str], vocabulary: frozenset[str] | None) -> str:
        if vocabulary is None or self.joiner != "":
            return " ".join(w for word in words for w in word.split())
        return " ".join(piece for word in words for w in word.split() for piece in segment(w, vocabulary))


def segment(text: str, vocabulary: frozenset[str]) -> list[str]:
    """Split unspaced Chinese into the fewest vocabulary words (single characters as a last resort)."""
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 8), end):
            piece, before = text[start:end], best[start]
            if before is not None and (piece in vocabulary or end - start == 1):
                if best[end] is None or len(before) + 1 < len(best[end] or []):
                    best[end] = before + [piece]
    return best[-1] or [text]


def _fill(phrase: Phrase, values: Mapping[str, Mapping[str, str]]) -> list[tuple[tuple[str, ...], tuple]]:
    """Every concrete word sequence of ``phrase`` with the slot values it used."""
    options: list[list[tuple[str, tuple[tuple[str, str], ...]]]] = []
    for token in phrase:
        if isinstance(token, Slot):
            options.append([(spoken, ((token.name, meaning),)) for spoken, meaning in values.get(token.name, {}).items()])
        else:
            options.append([(token, ())])
    return [(tuple(w for w, _ in combo), tuple(s for _, slots in combo for s in slots))
            for combo in itertools.product(*options)]


def _split_at_digits(phrase: Phrase) -> list[Phrase]:
    parts, current = [], []
    for token in phrase:
        if token == Slot("digits"):
            parts, current = parts + [tuple(current)], []
        else:
            current.append(token)
    return [p for p in parts + [tuple(current)] if p]


def _flat(choices: Choices | None) -> dict[str, str]:
    """key → synonyms becomes synonym → key (the last key wins a shared synonym)."""
    if isinstance(choices, str):
        raise TypeError("choices must map a key to a list of names, not a string")
    return {name: key for key, names in (choices or {}).items() for name in names}


def _freeze(values: Mapping[str, Choices]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return tuple(sorted((slot, tuple(sorted(_flat(c).items()))) for slot, c in values.items()))


@functools.cache
@functools.lru_cache(maxsize=8)
def load_intents(language: str) -> IntentSet:
    path = asset("intents", f"{language}.yaml")
    if not path.is_file():
        raise TemplateError(f"No intent templates for language {language!r} (expected {path}).")
    return IntentSet.from_yaml(path)


def match(text: str, language: str, services: Choices | None = None) -> Intent:
    return load_intents(language).match(text, services)


def match_choice(text: str, choices: Choices, language: str) -> Intent:
    return load_intents(language).match_choice(text, choices)


def grammar(language: str, services: Choices | None = None, choices: Choices | None = None,
            vocabulary: frozenset[str] | None = None) -> list[str]:
    return load_intents(language).grammar(services, choices, vocabulary)
