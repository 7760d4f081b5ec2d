"""The form engine: one question per page, branching, back, check answers, submit.

A ``FormSession`` is a plain object; views render ``page`` and re-render when ``changed``
fires. Answers are kept normalised (see ``fields``), so switching language mid-session
only changes how pages are rendered, never what was answered.

Navigation follows the GOV.UK "check answers" pattern: questions go forward in order until
the check-answers page is first reached; after that, answering a question (changed from
check answers or reached with back) returns to check answers, unless the new answer
reveals a branch question that still needs an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from banshi.services.errors import FormIncompleteError, KnownFactError, AnswerError
from banshi.identity.sealed_facts import is_sealed
from banshi.services import facts
from banshi.services.events import Event
from banshi.services.fields import display_value, parse_answer
from banshi.services.schema import Question, Service
from banshi.services.transactions import Transaction

NAME_FACT = facts.NAME


class NavigationError(RuntimeError):
    """The caller asked for a move the current page does not allow (a programming error)."""


@dataclass(frozen=True)
class QuestionPage:
    question: Question
    index: int  # 1-based position among the questions this citizen is asked
    total: int  # changes when an answer shows or hides a branch question
    current_value: str | None


@dataclass(frozen=True)
class SummaryRow:
    question: Question
    value: str | None
    display_value: str
    changeable: bool  # False for facts the kiosk already knew (e.g. from the citizen code)


@dataclass(frozen=True)
class CheckAnswersPage:
    rows: list[SummaryRow]


Page = QuestionPage | CheckAnswersPage


class FormSession:
    def __init__(
        self,
        service: Service,
        known_facts: Mapping[str, str] | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.service = service
        self.changed: Event[[]] = Event()
        self._today = today
        self._facts = dict(known_facts or {})
        self._known = self._values_from_facts()
        self._answers: dict[str, str | None] = {}  # None = optional question skipped
        self._history: list[str | None] = []  # page stack; None is the check-answers page
        self._reviewing = False
        self._current: str | None = None
        self._go(self._next_question(after=None))

    # ----- what the session knows

    def _values_from_facts(self) -> dict[str, str]:
        known: dict[str, str] = {}
        for question in self.service.questions:
            if question.known_from in self._facts:
                known[question.id] = self._fact_value(question)
        return known

    def _fact_value(self, question: Question) -> str:
        fact = str(question.known_from)
        if is_sealed(self._facts[fact]):
            return self._facts[fact]  # only the hub can read it: filed as it came, never parsed here
        try:
            value = parse_answer(question, self._facts[fact], self._today())
        except AnswerError as error:
            raise KnownFactError(fact, question.id, str(error)) from None
        if value is None:
            raise KnownFactError(fact, question.id, "the fact is empty.")
        return value

    def value_of(self, question_id: str) -> str | None:
        return self._known.get(question_id, self._answers.get(question_id))

    def is_shown(self, question: Question) -> bool:
        """Whether ``question`` applies, given the answers so far (its branch condition holds)."""
        condition = question.show_if
        if condition is None:
            return True
        target = self.service.question(condition.question)
        return self.is_shown(target) and self.value_of(target.id) == condition.equals

    def asked_questions(self) -> list[Question]:
        """The questions this citizen is asked: shown, and not already known."""
        return [q for q in self.service.questions if q.id not in self._known and self.is_shown(q)]

    def _pending(self) -> list[Question]:
        return [q for q in self.asked_questions() if q.id not in self._answers]

    @property
    def is_complete(self) -> bool:
        return not self._pending()

    def answers(self) -> dict[str, str]:
        """Every shown question's normalised answer, known facts included, skipped ones left out."""
        values = {q.id: self.value_of(q.id) for q in self.service.questions if self.is_shown(q)}
        return {question_id: value for question_id, value in values.items() if value is not None}

    # ----- pages

    @property
    def page(self) -> Page:
        if self._current is None:
            return CheckAnswersPage(self.summary_rows())
        asked = self.asked_questions()
        question = self.service.question(self._current)
        return QuestionPage(question, asked.index(question) + 1, len(asked), self._answers.get(question.id))

    def summary_rows(self) -> list[SummaryRow]:
        return [
            SummaryRow(q, self.value_of(q.id), display_value(q, self.value_of(q.id)), q.id not in self._known)
            for q in self.service.questions
            if self.is_shown(q) and (q.id in self._known or q.id in self._answers)
        ]

    @property
    def can_go_back(self) -> bool:
        return any(self._still_valid(entry) for entry in self._history)

    # ----- moves

    def answer(self, raw: str) -> None:
        """Answer the current question and move on; AnswerError leaves everything unchanged."""
        question = self._current_question()
        value = parse_answer(question, raw, self._today())
        self._answers[question.id] = value
        self._drop_hidden_answers()
        self._go(self._next_question(after=question.id))
        self.changed.emit()

    def back(self) -> None:
        while self._history:
            entry = self._history.pop()
            if self._still_valid(entry):
                self._current = entry
                self.changed.emit()
                return
        raise NavigationError("There is no earlier page to go back to; check can_go_back first.")

    def change(self, question_id: str) -> None:
        """Jump to a question (from check answers) so the citizen can change its answer."""
        question = self.service.question(question_id)
        if question not in self.asked_questions():
            raise NavigationError(f"Question {question_id!r} is not asked in this session, so it cannot be changed.")
        self._history.append(self._current)
        self._current = question_id
        self.changed.emit()

    def submit(self, channel: str, device_id: str, now: datetime) -> Transaction:
        """Turn the finished session into a transaction; raises FormIncompleteError if not finished."""
        missing = [q.id for q in self._pending()]
        if missing:
            raise FormIncompleteError(self.service.id, missing)
        return Transaction.create(self.service, self.answers(), channel, device_id, now, self._citizen_name())

    # ----- internals

    def _current_question(self) -> Question:
        if self._current is None:
            raise NavigationError("The check-answers page has no question to answer; call change() first.")
        return self.service.question(self._current)

    def _next_question(self, after: str | None) -> str | None:
        if self._reviewing:
            pending = self._pending()
            return pending[0].id if pending else None
        ids = [q.id for q in self.asked_questions()]
        position = ids.index(after) + 1 if after in ids else 0
        return ids[position] if position < len(ids) else None

    def _go(self, target: str | None) -> None:
        if target is None:
            # Back from check answers walks the questions in reverse order.
            self._reviewing = True
            self._history = [q.id for q in self.asked_questions()]
        elif self._current is not None:
            self._history.append(self._current)
        self._current = target

    def _still_valid(self, entry: str | None) -> bool:
        return entry is None or entry in {q.id for q in self.asked_questions()}

    def _drop_hidden_answers(self) -> None:
        # Questions are in order and show_if points backwards, so one pass settles chains.
        for question in self.service.questions:
            if question.id in self._answers and not self.is_shown(question):
                del self._answers[question.id]

    def _citizen_name(self) -> str:
        if NAME_FACT in self._facts:
            return facts.masked_name(self._facts[NAME_FACT])
        named = [q.id for q in self.service.questions if q.known_from == NAME_FACT]
        return next((value for q_id in named if (value := self.value_of(q_id))), "")
