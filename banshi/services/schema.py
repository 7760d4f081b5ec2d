"""The schema of a service definition (one YAML file per service in ``assets/services``).

Validated with pydantic v2; unknown keys are errors. Checks that span several fields
(unique ids, ``show_if`` pointing at an earlier question and a real value, options that fit
the field type) raise ``FieldProblem`` naming the exact field path, so the catalog loader can
tell an author which line of which file to fix.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints, model_validator

from banshi.i18n import current_language

Language = Literal["zh_CN", "en"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
FactKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")]
# "today", "today+30", "today-36500" (days) or a fixed ISO date.
DateBound = Annotated[str, StringConstraints(pattern=r"^(today([+-]\d{1,5})?|\d{4}-\d{2}-\d{2})$")]
YES, NO = "yes", "no"


class FieldProblem(ValueError):
    """A cross-field check failed at ``path`` (a tuple of keys and indexes below the model)."""

    def __init__(self, path: tuple[str | int, ...], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalText(_Strict):
    """A text in every supported language; ``str()`` renders it in the current language."""

    zh_CN: Text
    en: Text

    def get(self, language: str | None = None) -> str:
        return self.en if (language or current_language()) == "en" else self.zh_CN

    def __str__(self) -> str:
        return self.get()


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    COUNT = "count"  # a small number chosen with − / + (needs min and max)
    DATE = "date"
    CHOICE = "choice"
    YES_NO = "yes_no"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    ADDRESS = "address"


class Assurance(StrEnum):
    """How sure we must be of the citizen's identity before the service can be used."""

    NONE = "none"
    LOW = "low"
    SUBSTANTIAL = "substantial"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Assurance).index(self)

    def is_met_by(self, level: Assurance) -> bool:
        return level.rank >= self.rank


class Choice(_Strict):
    value: Slug
    label: LocalText
    synonyms: dict[Language, list[Text]] = Field(default_factory=dict)


class ShowIf(_Strict):
    question: Slug
    equals: Slug


_OPTIONS_BY_TYPE: dict[str, set[FieldType]] = {
    "choices": {FieldType.CHOICE},
    "min": {FieldType.NUMBER, FieldType.COUNT},
    "max": {FieldType.NUMBER, FieldType.COUNT},
    "max_length": {FieldType.TEXT, FieldType.ADDRESS},
    "not_before": {FieldType.DATE},
    "not_after": {FieldType.DATE},
}


class Question(_Strict):
    id: Slug
    type: FieldType
    label: LocalText
    prompt: LocalText  # what the kiosk says aloud; may be longer and friendlier than the label
    help: LocalText | None = None
    required: StrictBool = True
    choices: list[Choice] = Field(default_factory=list)
    show_if: ShowIf | None = None
    known_from: FactKey | None = None
    personal: StrictBool = False
    min: StrictInt | None = None
    max: StrictInt | None = None
    max_length: Annotated[StrictInt, Field(gt=0)] | None = None
    not_before: DateBound | None = None
    not_after: DateBound | None = None

    @model_validator(mode="after")
    def _options_fit_the_type(self) -> Question:
        for option, types in _OPTIONS_BY_TYPE.items():
            if getattr(self, option) not in (None, []) and self.type not in types:
                allowed = ", ".join(sorted(types))
                raise FieldProblem((option,), f"only allowed for type {allowed}, not {self.type}")
        if self.type is FieldType.CHOICE:
            _check_choices(self.choices)
        if self.min is not None and self.max is not None and self.min > self.max:
            raise FieldProblem(("min",), f"min {self.min} is greater than max {self.max}")
        if self.type is FieldType.COUNT:
            _check_count(self.min, self.max)
        for bound in ("not_before", "not_after"):
            _check_date_bound(bound, getattr(self, bound))
        return self

    def allowed_values(self) -> list[str] | None:
        """The values an answer may take, for choice and yes/no questions; None for free input."""
        if self.type is FieldType.CHOICE:
            return [choice.value for choice in self.choices]
        return [YES, NO] if self.type is FieldType.YES_NO else None

    def choice(self, value: str) -> Choice:
        return next(choice for choice in self.choices if choice.value == value)


def _check_choices(choices: list[Choice]) -> None:
    if len(choices) < 2:
        raise FieldProblem(("choices",), "a choice question needs at least two choices")
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        if choice.value in seen:
            raise FieldProblem(("choices", index, "value"), f"duplicate choice value {choice.value!r}")
        seen.add(choice.value)


COUNT_MAX_STEPS = 20  # more than this many taps on + and a keypad is quicker: use type number


def _check_count(low: int | None, high: int | None) -> None:
    if low is None or high is None:
        raise FieldProblem(("max" if low is not None else "min",), "a count question needs both min and max")
    if high - low > COUNT_MAX_STEPS:
        raise FieldProblem(("max",), f"a count spans at most {COUNT_MAX_STEPS} steps (min {low}, max {high}); "
                                     "use type number for a wider range")


def _check_date_bound(field: str, bound: str | None) -> None:
    if bound and not bound.startswith("today"):
        try:
            date.fromisoformat(bound)
        except ValueError:
            raise FieldProblem((field,), f"{bound!r} is not a real date") from None


def resolve_date_bound(bound: str, today: date) -> date:
    """Turn ``today``, ``today+N``, ``today-N`` or an ISO date into a date."""
    match = re.fullmatch(r"today([+-]\d+)?", bound)
    if match is None:
        return date.fromisoformat(bound)
    return today + timedelta(days=int(match.group(1) or 0))


class Service(_Strict):
    id: Slug
    version: Annotated[StrictInt, Field(ge=1)]
    title: LocalText
    summary: LocalText
    synonyms: dict[Language, list[Text]] = Field(default_factory=dict)
    category: Slug
    icon: Slug
    assurance: Assurance
    display_order: StrictInt
    questions: Annotated[list[Question], Field(min_length=1)]
    next_steps: LocalText
    processing_days: Annotated[StrictInt, Field(ge=0)]

    @model_validator(mode="after")
    def _questions_fit_together(self) -> Service:
        earlier: dict[str, Question] = {}
        for index, question in enumerate(self.questions):
            if question.id in earlier:
                raise FieldProblem(("questions", index, "id"), f"duplicate question id {question.id!r}")
            if question.show_if is not None:
                _check_show_if(question.show_if, earlier, ("questions", index, "show_if"))
            earlier[question.id] = question
        return self

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"Service {self.id!r} has no question {question_id!r}")


def _check_show_if(show_if: ShowIf, earlier: dict[str, Question], path: tuple[str | int, ...]) -> None:
    target = earlier.get(show_if.question)
    if target is None:
        raise FieldProblem(
            path + ("question",), f"{show_if.question!r} is not an earlier question of this service"
        )
    allowed = target.allowed_values()
    if allowed is None:
        raise FieldProblem(
            path + ("question",), f"{show_if.question!r} is a {target.type} question; branch on choice or yes_no"
        )
    if show_if.equals not in allowed:
        raise FieldProblem(
            path + ("equals",), f"{show_if.equals!r} is not a value of {show_if.question!r} ({', '.join(allowed)})"
        )
