"""Errors of the services package: an actionable English ``str()`` for operators and logs,
and a ``user_message`` (LazyText) for the citizen where the error can reach them."""

from __future__ import annotations

from pathlib import Path

from banshi.i18n import N_, LazyText

_SERVICE_UNAVAILABLE = N_("This service is not available right now. Please ask a member of staff for help.")


class ServiceDefinitionError(ValueError):
    """A service definition (a YAML file, or a document pulled from the hub) is invalid."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        super().__init__(f"{path}: {field or '(top level)'}: {problem}")
        self.path = path
        self.field = field
        self.problem = problem
        self.user_message: LazyText = _SERVICE_UNAVAILABLE


class UnknownServiceError(KeyError):
    def __init__(self, service_id: str, known: list[str]) -> None:
        super().__init__(service_id)
        self.service_id = service_id
        self.known = known
        self.user_message: LazyText = _SERVICE_UNAVAILABLE

    def __str__(self) -> str:
        return f"No service with id {self.service_id!r} in the catalog; known ids: {', '.join(self.known) or 'none'}."


class AnswerError(ValueError):
    """An answer the citizen gave cannot be accepted; ``user_message`` tells them how to fix it."""

    def __init__(self, question_id: str, user_message: LazyText) -> None:
        super().__init__(f"Answer to question {question_id!r} rejected: {user_message.render('en')}")
        self.question_id = question_id
        self.user_message = user_message


class KnownFactError(ValueError):
    """A fact the session was given (e.g. from a citizen code) does not fit the question it fills."""

    def __init__(self, fact_key: str, question_id: str, problem: str) -> None:
        super().__init__(
            f"Known fact {fact_key!r} cannot fill question {question_id!r}: {problem} "
            "Check the question's known_from key and the type of the fact."
        )
        self.fact_key = fact_key
        self.question_id = question_id
        self.user_message: LazyText = _SERVICE_UNAVAILABLE


class FormIncompleteError(RuntimeError):
    def __init__(self, service_id: str, missing: list[str]) -> None:
        super().__init__(
            f"Cannot submit service {service_id!r}: questions not answered yet: {', '.join(missing)}."
        )
        self.missing = missing
        self.user_message: LazyText = N_("Some questions are not answered yet. Please answer them first.")


class TransactionFormatError(ValueError):
    """A transaction dict (e.g. read back from the outbox) does not have the expected shape."""
