"""Issue 12 on the counter's citizen display, tapped as the citizen would: they check their own answers in
full, and rate the service (好差评) with five alike faces, a skip, and a reason after a bad rating that is
filed for a call-back tied to the case."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from banshi.counter_app.app import CounterRuntime
from banshi.counter_app.desk import Stage
from banshi.services.records import RatingLevel, next_working_day
from banshi.services.transactions import TransactionKind
from tests.counter_app.conftest import BuildCounter, wait_for
from tests.counter_app.driver import CITIZEN_ID, CITIZEN_NAME, CounterDriver

ADDRESS = "北京市东城区景山前街4号"


def _shown_text(root: QWidget) -> str:
    return "\n".join(widget.text() for widget in root.findChildren(QWidget)
                     if isinstance(widget, (QLabel, QAbstractButton)) and widget.isVisibleTo(root))


def _saved(runtime: CounterRuntime) -> CounterDriver:
    driver = CounterDriver(runtime)
    driver.confirmed_filing()
    driver.save()
    wait_for(lambda: runtime.display.current_page() is runtime.display.rating, what="the rating page")
    return driver


def _ratings(runtime: CounterRuntime) -> list[dict[str, str]]:
    records = [record for record in runtime.outbox.records() if record.service_id == TransactionKind.RATING]
    payloads = runtime.outbox.payloads([record.id for record in records])
    return [json.loads(payloads[record.id])["answers"] for record in records]


def test_the_citizen_checks_their_own_name_and_address_in_full_before_confirming(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    driver.identify_by_id_card()
    driver.start_filing("residence_certificate")
    driver.answer_all()
    wait_for(lambda: runtime.display.current_page() is runtime.display.confirm, what="the confirm page")
    shown = _shown_text(runtime.display.confirm)
    assert CITIZEN_NAME in shown and ADDRESS in shown, "the citizen cannot check 王*英 or 北京市东城区****"
    assert "*" not in shown
    assert CITIZEN_ID not in _shown_text(runtime.clerk.filing), "the clerk's own screens keep it where it was"


def test_the_rating_shows_five_alike_faces_none_singled_out_and_a_skip(build: BuildCounter) -> None:
    runtime = build()
    _saved(runtime)
    buttons = [runtime.display.findChild(QAbstractButton, f"rating-{level}") for level in RatingLevel]
    assert all(button is not None and button.isVisible() for button in buttons)
    assert {button.property("role") for button in buttons} == {"tile"}, "none styled as the primary answer"
    assert all(not button.icon().isNull() for button in buttons), "each level has a face"
    assert runtime.display.focusWidget() not in buttons, "no level is singled out by focus"
    assert runtime.display.findChild(QAbstractButton, "rating-skip").isVisible()


def test_a_bad_rating_asks_why_by_tap_and_is_filed_for_a_call_back_tied_to_the_case(build: BuildCounter) -> None:
    runtime = build()
    driver = _saved(runtime)
    case = runtime.desk.transaction
    driver.click(runtime.display, f"rating-{RatingLevel.DISSATISFIED}")
    assert runtime.desk.stage is Stage.RATING, "a bad rating first asks why"
    driver.click(runtime.display, "reason-waiting_time")
    wait_for(lambda: runtime.desk.stage is Stage.DONE, what="the rating filed")
    [answers] = _ratings(runtime)
    assert answers["rating"] == "dissatisfied" and answers["reason"] == "waiting_time"
    assert answers["rated_reference"] == case.reference
    assert answers["callback_by"] == next_working_day(date.today()).isoformat()
    assert runtime.display.current_page() is runtime.display.thanks


def test_skipping_the_rating_files_nothing_and_ends_the_case(build: BuildCounter) -> None:
    runtime = build()
    driver = _saved(runtime)
    driver.click(runtime.display, "rating-skip")
    wait_for(lambda: runtime.desk.stage is Stage.DONE, what="the case done")
    assert _ratings(runtime) == []
    assert runtime.display.current_page() is runtime.display.thanks
    assert runtime.desk.transaction.reference in runtime.display.reference.plain_text()
    driver.finish()
