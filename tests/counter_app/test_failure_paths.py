"""Every background operation of the counter fails (a full disk) and the clerk and the citizen still have
usable screens with a message in their language; the same action then works once the fault is gone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from banshi.counter_app.app import CounterRuntime
from banshi.counter_app.desk import Stage
from banshi.sync.outbox import OutboxState
from tests.bridge_faults import background_work_fails
from tests.counter_app.conftest import BuildCounter, wait_for
from tests.counter_app.driver import CITIZEN_ID, CITIZEN_NAME, CounterDriver


def _mandarin(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _confirmed_filing(runtime: CounterRuntime) -> CounterDriver:
    driver = CounterDriver(runtime)
    driver.confirmed_filing()
    return driver


def test_a_pin_that_cannot_be_checked_leaves_the_sign_in_page_ready_with_a_message(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    signin = runtime.clerk.signin
    with background_work_fails(runtime.bridge) as attempted:
        driver.type_into("signin-clerk-id", "c001")
        driver.type_into("signin-pin", "2468")
        wait_for(lambda: bool(signin.error.plain_text()), what="the sign-in error")
    assert attempted and _mandarin(signin.error.plain_text())
    assert signin.button.isEnabled() and runtime.desk.clerk is None
    driver.sign_in()


def test_a_filing_that_cannot_be_saved_keeps_save_and_ctrl_s_working_and_saves_on_the_next_try(
    build: BuildCounter
) -> None:
    runtime = build()
    driver = _confirmed_filing(runtime)
    with background_work_fails(runtime.bridge) as attempted:
        driver.shortcut(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_for(lambda: "Ctrl+S" in runtime.clerk.banner.plain_text(), what="the save error")
    assert attempted and _mandarin(runtime.clerk.banner.plain_text())
    assert runtime.desk.stage is Stage.CONFIRMED and runtime.outbox.records() == []
    assert runtime.clerk.filing.save_button.isEnabled() and runtime.clerk.filing.save_button.isVisible()
    driver.save()  # Ctrl+S again, as the message says
    assert runtime.outbox.counts()[OutboxState.QUEUED] == 1


def test_a_rating_that_cannot_be_saved_asks_the_citizen_again(build: BuildCounter) -> None:
    runtime = build()
    driver = _confirmed_filing(runtime)
    driver.save()
    with background_work_fails(runtime.bridge) as attempted:
        driver.click(runtime.display, "rating-satisfied")
        wait_for(lambda: bool(runtime.clerk.banner.plain_text()), what="the rating error")
    assert attempted and _mandarin(runtime.clerk.banner.plain_text())
    assert runtime.desk.stage is Stage.RATING and runtime.display.current_page() is runtime.display.rating
    driver.citizen_rates("satisfied")


def test_a_code_that_cannot_be_issued_or_revoked_says_so_and_keeps_what_was_typed(build: BuildCounter) -> None:
    runtime = build()
    driver = CounterDriver(runtime)
    driver.sign_in()
    identity = runtime.clerk.identity
    driver.type_into("identity-name", CITIZEN_NAME, enter=False)
    driver.type_into("identity-id-number", CITIZEN_ID, enter=False)
    driver.click(runtime.clerk, "identity-revoke-open")
    driver.type_into("identity-revoke-serial", "9f8e7d6c5b4a3210", enter=False)
    for button in ("identity-issue", "identity-revoke"):
        identity.show_error("")
        with background_work_fails(runtime.bridge) as attempted:
            driver.click(runtime.clerk, button)
            wait_for(lambda: bool(identity.error.plain_text()), what=f"the {button} error")
        assert attempted and _mandarin(identity.error.plain_text()), button
    assert identity.serial.text() == "9f8e7d6c5b4a3210" and identity.id_number.text() == CITIZEN_ID
    assert runtime.outbox.records() == [] and not list((runtime.counter.printer_target).glob("*.pdf"))


def test_every_outbox_action_that_fails_says_so_on_the_dashboard(build: BuildCounter, tmp_path: Path) -> None:
    runtime = build(field_mode=True)
    driver = CounterDriver(runtime)
    driver.sign_in()
    runtime.clerk.show_dashboard()
    dashboard = runtime.clerk.dashboard
    export = tmp_path / "device" / "export"
    export.mkdir(parents=True)
    (export / "bundle-1.bundle.ack").write_bytes(b"{}")  # a receipt brought back, so import has work to do
    steps = [("dashboard-retry", dashboard.message), ("dashboard-export", dashboard.message),
             ("dashboard-import", dashboard.message)]
    for button, label in steps:
        label.set_source("")
        with background_work_fails(runtime.bridge) as attempted:
            driver.click(runtime.clerk, button)
            wait_for(lambda: _mandarin(label.plain_text()) and "…" not in label.plain_text(), what=button)
        assert attempted, button
    with background_work_fails(runtime.bridge) as attempted:
        dashboard.resolve_requested.emit("0190b3a2-7c1e-7abc-8def-0123456789ab")  # a record chosen in the table
        wait_for(lambda: "没有成功" in dashboard.message.plain_text(), what="the resolve error")
        runtime.controller.outbox.refresh()  # what the timer does every few seconds
        wait_for(lambda: "读不到" in dashboard.age.plain_text(), what="the stale figures")
    assert len(attempted) == 2 and "没有成功" in dashboard.message.plain_text(), "the action's message stays"
    assert all(button.isEnabled() for button in dashboard.findChildren(type(runtime.clerk.desk_button)))
