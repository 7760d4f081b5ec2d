"""hassil-style sentence templates: ``(a|b)`` alternatives, ``[optional words]`` and ``{slot}`` slots.

A template expands to a finite list of ``Phrase``s, sequences of words and slot markers. The same
expansion feeds both the recogniser's grammar and the text matcher, so the two cannot disagree.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from banshi.voice.errors import TemplateError

MAX_EXPANSIONS = 5000


@dataclass(frozen=True)
class Slot:
    name: str


Token = str | Slot
Phrase = tuple[Token, ...]


def expand(template: str) -> list[Phrase]:
    """Every phrase ``template`` can say, in order and without duplicates."""
    parser = _Parser(template)
    phrases = parser.sequence(closing="")
    if parser.position != len(template):
        raise TemplateError(f"Unbalanced bracket at position {parser.position} in template {template!r}.")
    unique = list(dict.fromkeys(phrases))
    if not unique or unique == [()]:
        raise TemplateError(f"Template {template!r} says nothing.")
    return unique


class _Parser:
    def __init__(self, template: str) -> None:
        self.text, self.position = template, 0

    def sequence(self, closing: str) -> list[Phrase]:
        parts: list[list[Phrase]] = []
        word = ""
        while self.position < len(self.text) and self.text[self.position] not in closing + "|":
            char = self.text[self.position]
            if char in "([{" or char.isspace():
                parts, word = self._flush(parts, word), ""
                if not char.isspace():
                    parts.append(self._group(char))
                    continue
            elif char in ")]}":
                raise TemplateError(f"Unexpected {char!r} at position {self.position} in {self.text!r}.")
            else:
                word += char
            self.position += 1
        return _product(self._flush(parts, word))

    def _flush(self, parts: list[list[Phrase]], word: str) -> list[list[Phrase]]:
        return parts + [[(word,)]] if word else parts

    def _group(self, opening: str) -> list[Phrase]:
        closing = {"(": ")", "[": "]", "{": "}"}[opening]
        self.position += 1
        if opening == "{":
            end = self.text.find("}", self.position)
            if end < 0:
                raise TemplateError(f"Unclosed slot in template {self.text!r}.")
            name, self.position = self.text[self.position : end].strip(), end + 1
            return [(Slot(name),)]
        options = self.sequence(closing + "|")
        while self._peek() == "|":
            self.position += 1
            options += self.sequence(closing + "|")
        if self._peek() != closing:
            raise TemplateError(f"Missing {closing!r} in template {self.text!r}.")
        self.position += 1
        return options + [()] if opening == "[" else options

    def _peek(self) -> str:
        return self.text[self.position] if self.position < len(self.text) else ""


def _product(parts: list[list[Phrase]]) -> list[Phrase]:
    count = 1
    for options in parts:
        count *= len(options)
    if count > MAX_EXPANSIONS:
        raise TemplateError(f"A template expands to {count} phrases (limit {MAX_EXPANSIONS}); split it.")
    return [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*parts)]
