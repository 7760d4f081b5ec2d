"""Every counter screen by name, reachable from a freshly built counter (the accessibility audit and
the screenshot gallery, via ``screen_set()``). Each step drives the real controller, as a clerk and a
citizen would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from datetime import date
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from banshi.polling import wait_until
from banshi.ui.screen_set import Screen, ScreenSet
from banshi.config import load_settings
from banshi.counter_app.app import CounterRuntime, build_counter
from banshi.counter_app.audit_actions import LockReason
from banshi.counter_app.control.session import ACCOUNT_CHANGED
from banshi.counter_app.settings import CounterSettings
from banshi.identity.idnumber import make_id_number
from banshi.services.forms import QuestionPage
from banshi.services.records import RatingLevel
from banshi.services.staff import ClerkAccount, Role, hash_secret, write_accounts

DEMO_CLERK_ID, DEMO_PIN = "demo", "2468"
DEMO_CITIZEN_ID = make_id_number("110101", date(1950, 3, 7), 124)
DEMO_CITIZEN_NAME = "王秀英"
DEMO_SERVICE = "residence_certificate"
DEMO_ANSWERS = {"address": "北京市东城区景山前街4号", "living_since": "2001-05-01", "purpose": "school",
                 "copies": "1"}


# The counter has two windows. For the audit and the gallery each screen is a moment of the
# counter, shown in the window whose theme is asked for: "clerk" → the clerk window (≥ 16 px),
# "elder" → the citizen-facing display (≥ 32 px). WINDOW_OF_THEME is that mapping.
WINDOW_OF_THEME = {"clerk": "clerk", "elder": "citizen"}
COUNTER_THEMES = tuple(WINDOW_OF_THEME)
WINDOW_SIZE = (1920, 1080)
SIGN_IN_WAIT_S = 30.0
_UNUSED_HUB = "http://127.0.0.1:9"  # sync is never started for screens


@dataclass
class ScreenRuntime:
    counter: CounterRuntime
    theme: str

    @property
    def window(self) -> QWidget:
        return self.counter.clerk if WINDOW_OF_THEME[self.theme] == "clerk" else self.counter.display


@cache
def _demo_pin_hash() -> str:
    # Demo-only cost (verifying follows the parameters in the hash, so screens sign in quickly).
    return hash_secret(DEMO_PIN, time_cost=1, memory_kib=8 * 1024)


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
    runtime.controller.session.sign_in(DEMO_CLERK_ID, "0000")
    settle(runtime)


def _signed_in(runtime: CounterRuntime) -> None:
    runtime.controller.session.sign_in(DEMO_CLERK_ID, DEMO_PIN)
    # The PIN check runs on a worker; a busy machine is slower.
    wait_until(lambda: runtime.clerk.stack.currentWidget() is runtime.clerk.desk_page, SIGN_IN_WAIT_S,
               "the demo clerk to be signed in")


def _account_changed(runtime: CounterRuntime) -> None:
    _signed_in(runtime)
    runtime.controller.session.lock(LockReason.ACCOUNT_CHANGED, ACCOUNT_CHANGED)  # what a sync does after a PIN reset at the hub
    settle(runtime)


def _identified(runtime: CounterRuntime) -> None:
    _signed_in(runtime)
    runtime.clerk.identity.name.setText(DEMO_CITIZEN_NAME)
    runtime.clerk.identity.id_number.setText(DEMO_CITIZEN_ID)
    runtime.controller.identity.identify_typed(DEMO_CITIZEN_ID, DEMO_CITIZEN_NAME)
    settle(runtime)


def _bad_id(runtime: CounterRuntime) -> None:
    _signed_in(runtime)
    runtime.clerk.identity.id_number.setText(DEMO_CITIZEN_ID[:-1] + "0")
    runtime.controller.identity.identify_typed(DEMO_CITIZEN_ID[:-1] + "0", "")
    settle(runtime)


def _filing(runtime: CounterRuntime, answers: int = 1) -> None:
    _identified(runtime)
    runtime.controller.filing.new_filing(DEMO_SERVICE)
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
    runtime.controller.filing.save()
    # Saved on the bridge's writer thread; a busy machine is slower.
    wait_until(lambda: runtime.display.current_page() is runtime.display.rating, SIGN_IN_WAIT_S, "the filing saved")


def _reasons(runtime: CounterRuntime) -> None:
    _rating(runtime)
    runtime.display.findChild(QAbstractButton, f"rating-{RatingLevel.DISSATISFIED}").click()  # the citizen's tap
    settle(runtime)


def _thanks(runtime: CounterRuntime) -> None:
    _rating(runtime)
    runtime.controller.filing.rate("very_satisfied", "")
    settle(runtime)


def _dashboard(runtime: CounterRuntime) -> None:
    _thanks(runtime)
    runtime.clerk.show_dashboard()
    runtime.controller.outbox.refresh()
    settle(runtime)


def _screen(name: str, reach: Callable[[CounterRuntime], None]) -> Screen[ScreenRuntime]:
    return Screen(name, lambda shown: reach(shown.counter))


def counter_screens() -> list[Screen[ScreenRuntime]]:
    return [
        _screen("signin", _nothing),
        _screen("signin-error", _wrong_pin),
        _screen("signin-account-changed", _account_changed),
        _screen("desk-ready", _signed_in),
        _screen("id-error", _bad_id),
        _screen("question", _filing),
        _screen("second-question", lambda runtime: _filing(runtime, answers=2)),
        _screen("confirming", _confirming),
        _screen("confirmed", _confirmed),
        _screen("rating", _rating),
        _screen("rating-reasons", _reasons),
        _screen("done", _thanks),
        _screen("outbox", _dashboard),
    ]


def launch(theme: str, language: str, workdir: Path) -> ScreenRuntime:
    if theme not in WINDOW_OF_THEME:
        raise ValueError(f"The counter's screens come in themes {', '.join(COUNTER_THEMES)}, not {theme!r}.")
    settings = load_settings(environ={
        "BANSHI_DEVICE__DATA_DIR": str(workdir), "BANSHI_KIOSK__LANGUAGE": language,
        "BANSHI_SYNC__HUB_URL": _UNUSED_HUB,
    })
    write_demo_accounts(workdir / "clerks.json")
    counter = build_counter(settings, CounterSettings(printer_target=workdir / "print"), start_sync=False)
    for window in (counter.clerk, counter.display):
        window.resize(*WINDOW_SIZE)
        window.show()
    QCoreApplication.processEvents()
    return ScreenRuntime(counter, theme)


def close(shown: ScreenRuntime) -> None:
    shown.counter.shutdown()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def screen_set() -> ScreenSet[ScreenRuntime]:
    return ScreenSet("counter", COUNTER_THEMES, counter_screens(), launch, lambda shown: shown.window, close)
