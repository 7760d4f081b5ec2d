"""Every counter screen by name, reachable from a freshly built counter (accessibility audit,
screenshots for review). Each ``reach`` drives the real controller, as a clerk and a citizen would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from datetime import date
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from banshi.counter_app.app import CounterRuntime
from banshi.counter_app.desk import Stage
from banshi.identity.idnumber import make_id_number
from banshi.services.forms import QuestionPage
from banshi.services.staff import ClerkAccount, Role, hash_secret, write_accounts

DEMO_CLERK_ID, DEMO_PIN = "demo", "2468"
DEMO_CITIZEN_ID = make_id_number("110101", date(1950, 3, 7), 124)
DEMO_CITIZEN_NAME = "王秀英"
DEMO_SERVICE = "residence_certificate"
DEMO_ANSWERS = {"address": "北京市东城区景山前街4号", "living_since": "2001-05-01", "purpose": "school",
                 "copies": "1"}


@dataclass(frozen=True)
class CounterScreen:
    name: str
    window: Literal["clerk", "citizen"]
    reach: Callable[[CounterRuntime], None]

    def widget(self, runtime: CounterRuntime) -> QWidget:
        return runtime.clerk if self.window == "clerk" else runtime.display


@cache
def _demo_pin_hash() -> str:
    return hash_secret(DEMO_PIN)  # argon2 is slow on purpose; one hash serves every demo runtime


def write_demo_accounts(path: Path) -> None:
    write_accounts(path, [ClerkAccount(DEMO_CLERK_ID, "李娜", Role.SUPERVISOR, _demo_pin_hash())])


def settle(runtime: CounterRuntime) -> None:
    for _ in range(3):
        QCoreApplication.processEvents()
        runtime.bridge.wait_idle()
    QCoreApplication.processEvents()


def _nothing(runtime: CounterRuntime) -> None:
    settle(runtime)


def _wrong_pin(runtime: CounterRuntime) -> None:
    runtime.clerk.signin.clerk_id.setText(DEMO_CLERK_ID)
    runtime.controller.sign_in(DEMO_CLERK_ID, "0000")
    settle(runtime)


def _signed_in(runtime: CounterRuntime) -> None:
    runtime.controller.sign_in(DEMO_CLERK_ID, DEMO_PIN)
    settle(runtime)


def _identified(runtime: CounterRuntime) -> None:
    _signed_in(runtime)
    runtime.clerk.identity.name.setText(DEMO_CITIZEN_NAME)
    runtime.clerk.identity.id_number.setText(DEMO_CITIZEN_ID)
    runtime.controller.identify_typed(DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME)
    settle(runtime)


def _bad_id(runtime: CounterRuntime) -> None:
    _signed_in(runtime)
    runtime.clerk.identity.id_number.setText(DEMO_CITIZEN_ID[:-1] + "0")
    runtime.controller.identify_typed(DEMO_CITIZEN_ID[:-1] + "0", "")
    settle(runtime)


def _filing(runtime: CounterRuntime, answers: int = 1) -> None:
    _identified(runtime)
    runtime.controller.new_filing(DEMO_SERVICE)
    session = runtime.desk.session
    for _ in range(answers):
        if session is not None and isinstance(session.page, QuestionPage):
            session.answer(DEMO_ANSWERS[session.page.question.id])
    settle(runtime)


def _confirming(runtime: CounterRuntime) -> None:
    _filing(runtime, answers=len(DEMO_ANSWERS))


def _confirmed(runtime: CounterRuntime) -> None:
    _confirming(runtime)
    runtime.desk.citizen_confirms()
    settle(runtime)


def _rating(runtime: CounterRuntime) -> None:
    _confirmed(runtime)
    runtime.controller.save()
    settle(runtime)


def _reasons(runtime: CounterRuntime) -> None:
    _rating(runtime)
    runtime.display._rate("dissatisfied")  # the citizen's first tap on the rating page
    settle(runtime)


def _thanks(runtime: CounterRuntime) -> None:
    _rating(runtime)
    runtime.controller.rate("very_satisfied", "")
    settle(runtime)


def _dashboard(runtime: CounterRuntime) -> None:
    _thanks(runtime)
    runtime.clerk.show_dashboard()
    runtime.controller.refresh_outbox()
    settle(runtime)


def counter_screens() -> list[CounterScreen]:
    return [
        CounterScreen("clerk-signin", "clerk", _nothing),
        CounterScreen("clerk-signin-error", "clerk", _wrong_pin),
        CounterScreen("clerk-desk-ready", "clerk", _signed_in),
        CounterScreen("clerk-id-error", "clerk", _bad_id),
        CounterScreen("clerk-question", "clerk", _filing),
        CounterScreen("clerk-waiting-for-citizen", "clerk", _confirming),
        CounterScreen("clerk-confirmed", "clerk", _confirmed),
        CounterScreen("clerk-outbox", "clerk", _dashboard),
        CounterScreen("citizen-welcome", "citizen", _nothing),
        CounterScreen("citizen-mirror", "citizen", lambda runtime: _filing(runtime, answers=2)),
        CounterScreen("citizen-confirm", "citizen", _confirming),
        CounterScreen("citizen-saving", "citizen", _confirmed),
        CounterScreen("citizen-rating", "citizen", _rating),
        CounterScreen("citizen-reasons", "citizen", _reasons),
        CounterScreen("citizen-thanks", "citizen", _thanks),
    ]
