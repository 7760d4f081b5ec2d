"""Issue 12 on the kiosk, tapped as a citizen would: start over asks first, errors are marked and keep focus,
the outcome panel says what happened with a reference in groups easy to read aloud, and the 好差评 rating is filed."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.driver import KioskDriver
from banshi.kiosk.screens import OPEN_SERVICE, answer_until
from banshi.services.records import next_working_day
from banshi.services.schema import FieldType


@pytest.fixture
def kiosk(elder_kiosk: KioskRuntime) -> KioskRuntime:
    return elder_kiosk


def _to_phone_question(kiosk: KioskRuntime) -> KioskDriver:
    """A question answered by typing on the keypad (dates are picked from a calendar)."""
    driver = KioskDriver(kiosk.window)
    driver.tap("attract-start")
    driver.tap(f"service-{OPEN_SERVICE}")
    answer_until(kiosk, driver, FieldType.PHONE)
    return driver


def test_start_over_asks_first_and_keeping_the_answers_returns_to_the_same_question(kiosk: KioskRuntime) -> None:
    driver = _to_phone_question(kiosk)
    driver.type_text("13912345678")
    answers = kiosk.window.session.answers()  # type: ignore[union-attr]
    driver.tap("question-start-over")
    assert driver.page_name() == "start-over-page"
    assert kiosk.window.start_over_page.title.plain_text() == "确定要重新开始吗？"
    assert kiosk.window.start_over_page.nav.next.hasFocus()  # the safe answer is the default  # type: ignore[union-attr]
    assert not kiosk.window.start_over_page.nav.start_over.isVisible()  # a second tap there lands on nothing  # type: ignore[union-attr]
    driver.tap("start-over-keep")
    assert driver.page_name() == "question-page"
    assert kiosk.window.session.answers() == answers  # type: ignore[union-attr]
    assert kiosk.window.question.line_edit.text() == "13912345678"  # type: ignore[union-attr]


def test_clearing_from_start_over_forgets_everything(kiosk: KioskRuntime) -> None:
    driver = _to_phone_question(kiosk)
    driver.tap("question-start-over")
    driver.tap("start-over-clear")
    assert driver.page_name() == "attract-page" and kiosk.window.session is None


def test_an_error_marks_the_field_keeps_focus_on_it_and_gives_an_example_the_keypad_can_type(
        kiosk: KioskRuntime) -> None:
    driver = _to_phone_question(kiosk)
    driver.tap("question-next")  # empty
    field = kiosk.window.question.line_edit
    message = kiosk.window.question.error.plain_text()
    example = re.search(r"1\d{10}", message)
    assert field is not None and field.property("invalid") is True and field.hasFocus()
    assert example is not None and set(example.group()) <= set("0123456789")  # keys the keypad has
    error_bottom = kiosk.window.question.error.mapTo(kiosk.window, kiosk.window.question.error.rect().bottomLeft())
    assert error_bottom.y() < field.mapTo(kiosk.window, field.rect().topLeft()).y()  # the message is above the field
    driver.type_text(example.group())
    driver.tap("question-next")
    assert kiosk.window.session.page.question.type != FieldType.PHONE  # type: ignore[union-attr]


def _filed(kiosk: KioskRuntime) -> KioskDriver:
    driver = KioskDriver(kiosk.window)
    driver.walk_service(OPEN_SERVICE, date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the outcome page")
    return driver


def test_the_outcome_says_what_happened_with_a_reference_in_digit_groups_and_what_comes_next(
        kiosk: KioskRuntime) -> None:
    _filed(kiosk)
    page = kiosk.window.confirmation
    assert page.outcome.plain_text() == "预约成功"
    assert re.fullmatch(r"BS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", page.reference.plain_text())  # no 0/O, 1/I
    assert page.next_steps.plain_text().startswith("接下来：")
    driver = KioskDriver(kiosk.window)
    driver.wait_for(page.take_receipt.isVisible, what="请取走回执 after the receipt printed")
    assert page.take_receipt.plain_text() == "请取走回执。"
    spoken = page.spoken_text()
    assert "请取走回执" in spoken and " ".join(page.reference.plain_text().split("-")[1]) in spoken


def test_a_bad_rating_asks_why_and_is_filed_for_a_call_back_tied_to_the_case(kiosk: KioskRuntime) -> None:
    driver = _filed(kiosk)
    filed = kiosk.window.confirmation.reference.plain_text()
    driver.tap("confirmation-finish")
    assert driver.page_name() == "rating-page"
    driver.tap("rating-dissatisfied")
    driver.tap("reason-waiting_time")
    driver.wait_for(lambda: bool([r for r in kiosk.outbox.records() if r.service_id == "service_rating"]),
                    what="the rating in the outbox")
    ratings = [record for record in kiosk.outbox.records() if record.service_id == "service_rating"]
    answers = json.loads(kiosk.outbox.payloads([ratings[0].id])[ratings[0].id])["answers"]
    assert answers["rating"] == "dissatisfied" and answers["reason"] == "waiting_time"
    assert answers["rated_reference"] == filed
    assert answers["callback_by"] == next_working_day(date.today()).isoformat()
    driver.tap("rating-finish")
    assert driver.page_name() == "attract-page"


def test_the_rating_can_be_skipped_and_nothing_is_filed(kiosk: KioskRuntime) -> None:
    driver = _filed(kiosk)
    driver.tap("confirmation-finish")
    driver.tap("rating-skip")
    QApplication.processEvents()
    assert driver.page_name() == "attract-page"
    assert not [record for record in kiosk.outbox.records() if record.service_id == "service_rating"]
