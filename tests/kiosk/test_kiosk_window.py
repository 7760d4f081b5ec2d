"""The kiosk window, driven by taps: errors in the citizen's language, language switches, idle warnings."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from banshi.config import Settings
from banshi.i18n import current_language
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.demo import DEMO_SERVICE, demo_settings
from banshi.kiosk.driver import KioskDriver
from banshi.kiosk.idle import POLL_MS
from banshi.services.catalog import load_catalog
from banshi.services.transactions import Transaction
from banshi.sync.events import SyncOffline
from banshi.sync.guard import GuardState
from banshi.kiosk.receipt import status_text
from banshi.sync.outbox import Outbox, OutboxRecord, OutboxState
from tests.fake_clock import FakeClock


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def kiosk(qtbot: object, settings: Settings, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = build_kiosk(demo_settings(settings, tmp_path / "device", _closed_port_url()), start_sync=True)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    yield runtime
    runtime.shutdown()


def _error_text(kiosk: KioskRuntime) -> str:
    return kiosk.window.question.error.plain_text()


def test_an_empty_required_answer_is_refused_with_a_message_in_mandarin(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.open_service(DEMO_SERVICE)
    driver.tap("question-next")

    assert kiosk.window.question.error.isVisible()
    assert any("\u4e00" <= char <= "\u9fff" for char in _error_text(kiosk))
    assert driver.page_name() == "question-page"


def test_an_invalid_id_number_is_refused_and_nothing_is_kept(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.open_service(DEMO_SERVICE)
    question_id = kiosk.window.session.page.question.id  # type: ignore[union-attr]
    driver.type_text("110101195003071230")  # wrong check digit
    driver.tap("question-next")

    assert kiosk.window.question.error.isVisible()
    assert kiosk.window.session.value_of(question_id) is None  # type: ignore[union-attr]


def test_switching_language_mid_session_keeps_every_answer(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.walk_service(DEMO_SERVICE, date.today())
    answers_before = kiosk.window.session.answers()  # type: ignore[union-attr]
    title_before = kiosk.window.check.title.plain_text()

    driver.tap("kiosk-language")

    assert current_language() == "en"
    assert kiosk.window.session.answers() == answers_before  # type: ignore[union-attr]
    assert kiosk.window.check.title.plain_text() != title_before
    assert kiosk.window.check.title.plain_text() == "Please check your answers"


def test_changing_an_answer_from_the_check_page_returns_to_the_check_page(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.walk_service(DEMO_SERVICE, date.today())
    phone_question = "phone"
    driver.tap(f"change-{phone_question}")
    assert driver.page_name() == "question-page"
    driver.type_text("13912345678")
    driver.tap("question-next")

    assert driver.page_name() == "check-page"
    assert kiosk.window.session.answers()[phone_question] == "13912345678"  # type: ignore[union-attr]


def test_with_the_hub_unreachable_the_transaction_is_saved_and_the_citizen_is_told(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.walk_service(DEMO_SERVICE, date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    status = kiosk.window.confirmation.sync_status
    offline_message = str(SyncOffline(error="").user_message)
    driver.wait_for(lambda: status.plain_text() == offline_message, timeout_s=30, what="the offline message")

    assert kiosk.outbox.counts()[kiosk.outbox.records()[0].state] == 1
    assert kiosk.outbox.records()[0].state.value == "queued"


IDLE_S = 90.0  # the default warning time, as a kiosk in the field has it


def _kiosk_in_a_service_on_a_fake_clock(settings: Settings, tmp_path: Path) -> tuple[KioskRuntime, KioskDriver,
                                                                                     FakeClock]:
    """A shown kiosk whose idle watcher reads a clock the test moves, inside a service that needs no identity."""
    runtime = build_kiosk(demo_settings(settings, tmp_path / "device", _closed_port_url()), start_sync=False)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    clock = FakeClock()
    runtime.window.idle.clock = clock
    driver = KioskDriver(runtime.window)
    driver.open_service("counter_appointment")  # needs no identity, so nothing else waits
    return runtime, driver, clock


def _after(driver: KioskDriver, clock: FakeClock, seconds: float) -> None:
    """Move the clock on and let the idle watcher's poll see it."""
    clock.now += seconds
    time.sleep(2 * POLL_MS / 1000)
    driver.settle()


def test_idle_citizens_are_warned_and_can_ask_for_more_time_before_the_reset(
    qtbot: object, settings: Settings, tmp_path: Path
) -> None:
    runtime, driver, clock = _kiosk_in_a_service_on_a_fake_clock(settings, tmp_path)
    try:
        _after(driver, clock, IDLE_S - 1)
        assert driver.page_name() == "question-page"
        _after(driver, clock, 1)
        assert driver.page_name() == "idle-page"
        assert "30" in driver.find("idle-countdown").plain_text()  # type: ignore[attr-defined]
        _after(driver, clock, 12)
        assert "18" in driver.find("idle-countdown").plain_text()  # type: ignore[attr-defined]
        driver.tap("idle-more-time")
        assert driver.page_name() == "question-page"
        assert runtime.window.session is not None
        assert runtime.window.idle.extensions == 1

        _after(driver, clock, IDLE_S)
        assert driver.page_name() == "idle-page"
        _after(driver, clock, 30)  # nobody asked for more time
        assert driver.page_name() == "attract-page"
        assert runtime.window.session is None
        assert runtime.window.known_facts == {}
    finally:
        runtime.shutdown()


def test_high_contrast_switches_at_once_and_keeps_what_was_typed(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.open_service(DEMO_SERVICE)
    driver.type_text("1101011950")

    driver.tap("kiosk-contrast")

    assert kiosk.window.theme_name == "high_contrast"
    assert kiosk.window.question.line_edit.text() == "1101011950"  # type: ignore[union-attr]
    background = kiosk.window.grab().toImage().pixelColor(5, 5)
    assert background.name().upper() == "#000000"
    driver.tap("kiosk-contrast")
    assert kiosk.window.grab().toImage().pixelColor(5, 5).name().upper() == "#FFFFFF"


def test_a_kiosk_offline_past_the_block_limit_takes_no_new_personal_data(
    qtbot: object, settings: Settings, tmp_path: Path
) -> None:
    quiet = demo_settings(settings, tmp_path / "device", _closed_port_url())
    catalog = load_catalog()
    fifteen_days_ago = datetime.now(UTC) - timedelta(days=15)  # block_after_days defaults to 14
    old = Transaction.create(catalog.get("counter_appointment"), {"phone": "13800138000"}, "kiosk",
                             quiet.device.device_id, fifteen_days_ago)
    with Outbox(quiet.outbox_path) as outbox:
        outbox.enqueue(old)
    runtime = build_kiosk(quiet, start_sync=False)
    try:
        runtime.window.resize(1920, 1080)
        runtime.window.show()
        driver = KioskDriver(runtime.window)
        driver.wait_for(lambda: runtime.window.guard is GuardState.BLOCK, what="the long-offline guard")

        driver.tap("attract-start")
        driver.tap("service-counter_appointment")

        assert driver.page_name() == "menu-page"
        assert driver.find("menu-notice").isVisible()
        assert runtime.window.session is None
    finally:
        runtime.shutdown()


def test_a_tap_anywhere_restarts_the_idle_period(qtbot: object, settings: Settings, tmp_path: Path) -> None:
    runtime, driver, clock = _kiosk_in_a_service_on_a_fake_clock(settings, tmp_path)
    try:
        for _ in range(4):  # twice the idle period in all, a tap every half of it
            _after(driver, clock, IDLE_S / 2)
            driver.tap("voice-repeat")
            assert driver.page_name() == "question-page"
        _after(driver, clock, IDLE_S)
        assert driver.page_name() == "idle-page", "the warning once the taps stop"
    finally:
        runtime.shutdown()


@pytest.mark.parametrize("state", list(OutboxState))
def test_a_receipt_held_up_to_the_kiosk_has_a_status_to_show_in_every_outbox_state(state: OutboxState) -> None:
    record = OutboxRecord(id="0190b3a2-7c1e-7abc-8def-0123456789ab", service_id="pension_certification",
                          state=state, display={}, attempts=0, created_at="2026-11-28T00:00:00Z", last_error=None)
    assert str(status_text(record)).strip()
