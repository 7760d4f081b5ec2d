"""What the controllers share: a message for any error, and desk calls that report a refusal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from banshi.counter_app.desk import DeskError
from banshi.i18n import N_, LazyText

log = logging.getLogger(__name__)
SOMETHING_WENT_WRONG = N_("Something went wrong. Please try again, or ask a supervisor.")


class Notify(Protocol):
    """Shows a message to the clerk (an empty one clears it)."""

    def __call__(self, message: LazyText | str) -> None: ...


def user_message(error: BaseException, fallback: LazyText = SOMETHING_WENT_WRONG) -> LazyText:
    """The error's own message for people where it has one, else ``fallback`` (never English internals)."""
    message = getattr(error, "user_message", None)
    return message if isinstance(message, LazyText) else fallback


def desk_call(action: Callable[[], object], notify: Notify) -> bool:
    """Run a desk action; a refusal (DeskError) is shown to the clerk instead of raised. True if it ran."""
    try:
        action()
    except DeskError as error:
        notify(error.user_message)
        return False
    return True
