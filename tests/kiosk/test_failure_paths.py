"""Every background operation of the kiosk fails (a full disk) and the citizen still has a usable page
with a message in their language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from banshi.config import Settings
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.demo import DEMO_SERVICE, demo_settings
from banshi.kiosk.driver import KioskDriver
from banshi.services.ids import uuid7
from tests.bridge_faults import background_work_fails


def _mandarin(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.fixture
def kiosk(qtbot: object, settings: Settings, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = build_kiosk(demo_settings(settings, tmp_path / "device", "http://127.0.0.1:9"), start_sync=False)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    yield runtime
    runtime.shutdown()


def test_a_submit_that_cannot_be_saved_leaves_submit_ready_to_try_again_with_the_reason_shown(
    kiosk: KioskRuntime
) -> None:
    driver = KioskDriver(kiosk.window)
    driver.walk_service(DEMO_SERVICE, date.today())
    check = kiosk.window.check
    label = check.submit_button.text()
    with background_work_fails(kiosk.bridge) as attempted:
        driver.tap("check-submit")
        driver.wait_for(check.error.isVisible, what="the error on the check page")
    assert attempted, "the save went through the bridge"
    assert driver.page_name() == "check-page" and _mandarin(check.error.plain_text())
    assert check.submit_button.isEnabled() and check.submit_button.text() == label, "not a stuck 'Saving…'"
    assert kiosk.outbox.records() == []

    driver.tap("check-submit")  # the disk has room again: the same answers go through
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    assert len(kiosk.outbox.records()) == 1


def test_a_receipt_that_cannot_be_looked_up_says_so_instead_of_doing_nothing(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    with background_work_fails(kiosk.bridge) as attempted:
        kiosk.window.attract_scanner.receipt_scanned.emit(uuid7())  # what the scanner reports for a receipt QR
        driver.wait_for(lambda: driver.page_name() == "receipt-page", what="the receipt page")
    assert attempted
    status = kiosk.window.receipt.status.plain_text()
    assert "现在查不到" in status and "没有" not in status
    driver.tap("receipt-done")
    assert driver.page_name() == "attract-page"
